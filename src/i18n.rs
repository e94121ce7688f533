//! The languages the bot speaks, and its sentences in each (pure: no Discord types).
//!
//! - [`Locale`]: the six languages, read from Discord's locale codes (`en-GB` speaks `en-US`,
//!   `es-419` speaks `es-ES`, anything else English).
//! - [`Texts`]: the Fluent (`.ftl`) files of `content/locales/<code>/`, one bundle per language,
//!   looked up with arguments and falling back to English, the reference; [`Texts::check`] makes
//!   sure every language has exactly English's messages and attributes, naming file and key.

use std::{
    collections::{BTreeMap, BTreeSet},
    path::Path,
};

use fluent_bundle::{concurrent::FluentBundle, FluentArgs, FluentResource, FluentValue};
use thiserror::Error;
use unic_langid::LanguageIdentifier;

/// One language the bot speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum Locale {
    #[default]
    EnUs,
    Fr,
    De,
    EsEs,
    PtBr,
    Ja,
}

impl Locale {
    /// Every language, English (the reference) first.
    pub const ALL: [Locale; 6] = [
        Locale::EnUs,
        Locale::Fr,
        Locale::De,
        Locale::EsEs,
        Locale::PtBr,
        Locale::Ja,
    ];

    /// Its Discord locale code, which is also its folder under `content/locales/`.
    pub fn code(self) -> &'static str {
        match self {
            Locale::EnUs => "en-US",
            Locale::Fr => "fr",
            Locale::De => "de",
            Locale::EsEs => "es-ES",
            Locale::PtBr => "pt-BR",
            Locale::Ja => "ja",
        }
    }

    /// Every Discord locale code this language answers (commands register under each).
    pub fn discord_codes(self) -> &'static [&'static str] {
        match self {
            Locale::EnUs => &["en-US", "en-GB"],
            Locale::Fr => &["fr"],
            Locale::De => &["de"],
            Locale::EsEs => &["es-ES", "es-419"],
            Locale::PtBr => &["pt-BR"],
            Locale::Ja => &["ja"],
        }
    }

    /// The language for a Discord locale code; English for a code we do not speak.
    pub fn from_discord(code: &str) -> Locale {
        Self::parse(code).unwrap_or_default()
    }

    /// The language for a Discord locale code, `None` for one we do not speak.
    pub fn parse(code: &str) -> Option<Locale> {
        let code = code.trim();
        Locale::ALL.into_iter().find(|l| {
            l.discord_codes()
                .iter()
                .any(|c| c.eq_ignore_ascii_case(code))
        })
    }
}

/// The language of a server's channel posts: the one its admins set with `/reminders
/// language`, else the server's own Discord language (`guild_locale`, `preferred_locale`), else
/// English. A Discord language we do not speak is English, not a skip to the next.
pub fn server_locale(set: Option<&str>, discord: Option<&str>) -> Locale {
    match (set, discord) {
        (Some(code), _) if Locale::parse(code).is_some() => Locale::from_discord(code),
        (_, Some(code)) => Locale::from_discord(code),
        _ => Locale::EnUs,
    }
}

#[derive(Debug, Error)]
pub enum I18nError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("{file}: {message}")]
    Parse { file: String, message: String },
    #[error("{file}: missing key `{key}` that English ({english}) has")]
    Missing {
        file: String,
        key: String,
        english: String,
    },
    #[error("{file}: key `{key}` that English ({english}) does not have")]
    Extra {
        file: String,
        key: String,
        english: String,
    },
}

/// One `.ftl` file's text, before parsing.
struct Source {
    locale: Locale,
    name: String,
    path: String,
    text: String,
}

/// One `.ftl` file's keys: message ids, and `id.attribute` for each attribute.
#[derive(Debug, Clone, Default)]
struct FileKeys {
    path: String,
    keys: BTreeSet<String>,
}

/// Every language's sentences.
pub struct Texts {
    bundles: BTreeMap<Locale, FluentBundle<FluentResource>>,
    /// Per language, per file name (`commands.ftl`), the keys it defines.
    files: BTreeMap<Locale, BTreeMap<String, FileKeys>>,
}

impl std::fmt::Debug for Texts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Texts")
            .field("languages", &self.bundles.keys().collect::<Vec<_>>())
            .finish()
    }
}

impl Texts {
    /// Reads `dir/<code>/*.ftl` for every language. A language folder that is missing loads
    /// as empty (it speaks English until translated; [`Texts::check`] reports it).
    pub fn load(dir: &Path) -> Result<Self, I18nError> {
        let mut sources = Vec::new();
        for locale in Locale::ALL {
            let folder = dir.join(locale.code());
            if !folder.is_dir() {
                continue;
            }
            let mut paths: Vec<_> = std::fs::read_dir(&folder)
                .map_err(|source| I18nError::Read {
                    path: folder.display().to_string(),
                    source,
                })?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "ftl"))
                .collect();
            paths.sort();
            for path in paths {
                let shown = path.display().to_string();
                let text = std::fs::read_to_string(&path).map_err(|source| I18nError::Read {
                    path: shown.clone(),
                    source,
                })?;
                let name = path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                sources.push(Source {
                    locale,
                    name,
                    path: shown,
                    text,
                });
            }
        }
        Self::from_sources(sources)
    }

    /// English as compiled into the binary from `content/locales/en-US/`: what the answers
    /// that have no person to speak to (previews, logs, tests) use.
    pub fn builtin() -> &'static Texts {
        static BUILTIN: std::sync::LazyLock<Texts> = std::sync::LazyLock::new(Texts::builtin_copy);
        &BUILTIN
    }

    /// A fresh copy of [`Texts::builtin`], for a value that owns its texts.
    pub fn builtin_copy() -> Texts {
        let file = |name: &str, text: &str| Source {
            locale: Locale::EnUs,
            name: name.to_owned(),
            path: format!("(built in) en-US/{name}"),
            text: text.to_owned(),
        };
        Texts::from_sources(vec![
            file(
                "answers.ftl",
                include_str!("../content/locales/en-US/answers.ftl"),
            ),
            file(
                "commands.ftl",
                include_str!("../content/locales/en-US/commands.ftl"),
            ),
            file(
                "help.ftl",
                include_str!("../content/locales/en-US/help.ftl"),
            ),
            file(
                "nudges.ftl",
                include_str!("../content/locales/en-US/nudges.ftl"),
            ),
            file(
                "prompts.ftl",
                include_str!("../content/locales/en-US/prompts.ftl"),
            ),
            file(
                "reminders.ftl",
                include_str!("../content/locales/en-US/reminders.ftl"),
            ),
            file(
                "render.ftl",
                include_str!("../content/locales/en-US/render.ftl"),
            ),
            file(
                "session.ftl",
                include_str!("../content/locales/en-US/session.ftl"),
            ),
            file(
                "stats.ftl",
                include_str!("../content/locales/en-US/stats.ftl"),
            ),
        ])
        .expect("the built-in English files parse (a unit test loads them)")
    }

    fn from_sources(sources: Vec<Source>) -> Result<Self, I18nError> {
        let mut bundles = BTreeMap::new();
        let mut files: BTreeMap<Locale, BTreeMap<String, FileKeys>> = BTreeMap::new();
        for locale in Locale::ALL {
            let lang: LanguageIdentifier = locale.code().parse().expect("valid language tags");
            let mut bundle = FluentBundle::new_concurrent(vec![lang]);
            // Discord shows the isolation marks Fluent puts around arguments as stray glyphs.
            bundle.set_use_isolating(false);
            bundles.insert(locale, bundle);
            files.insert(locale, BTreeMap::new());
        }
        for source in sources {
            let shown = source.path;
            let resource =
                FluentResource::try_new(source.text).map_err(|(_, errors)| I18nError::Parse {
                    file: shown.clone(),
                    message: format!("{:?}", errors.first()),
                })?;
            let file_keys = FileKeys {
                path: shown.clone(),
                keys: resource_keys(&resource),
            };
            let bundle = bundles
                .get_mut(&source.locale)
                .expect("every locale has a bundle");
            bundle
                .add_resource(resource)
                .map_err(|errors| I18nError::Parse {
                    file: shown.clone(),
                    message: format!("defines a key twice: {:?}", errors.first()),
                })?;
            files
                .get_mut(&source.locale)
                .expect("every locale has its files")
                .insert(source.name, file_keys);
        }
        Ok(Self { bundles, files })
    }

    /// Every language has exactly English's files and keys; the error names the file and key.
    pub fn check(&self, dir: &Path) -> Result<(), I18nError> {
        let english = &self.files[&Locale::EnUs];
        for locale in Locale::ALL.into_iter().skip(1) {
            let theirs = &self.files[&locale];
            for (name, en) in english {
                let path = dir.join(locale.code()).join(name).display().to_string();
                let Some(other) = theirs.get(name) else {
                    let key = en.keys.iter().next().cloned().unwrap_or_default();
                    return Err(I18nError::Missing {
                        file: path,
                        key,
                        english: en.path.clone(),
                    });
                };
                if let Some(key) = en.keys.difference(&other.keys).next() {
                    return Err(I18nError::Missing {
                        file: path,
                        key: key.clone(),
                        english: en.path.clone(),
                    });
                }
                if let Some(key) = other.keys.difference(&en.keys).next() {
                    return Err(I18nError::Extra {
                        file: path,
                        key: key.clone(),
                        english: en.path.clone(),
                    });
                }
            }
            for (name, other) in theirs {
                if !english.contains_key(name) {
                    return Err(I18nError::Extra {
                        file: other.path.clone(),
                        key: other.keys.iter().next().cloned().unwrap_or_default(),
                        english: dir.join("en-US").join(name).display().to_string(),
                    });
                }
            }
        }
        Ok(())
    }

    /// Whether `locale` itself (not its fallback) has message `id` (or `id.attr`).
    pub fn has(&self, locale: Locale, key: &str) -> bool {
        self.lookup(locale, key, None).is_some()
    }

    /// The sentence `key` (`id` or `id.attribute`) in `locale`, else in English, else in the
    /// built-in English, else the key itself (a key the check would have reported).
    pub fn get(&self, locale: Locale, key: &str) -> String {
        self.get_args(locale, key, &[])
    }

    /// As [`Texts::get`], with arguments: numbers select plurals and are formatted per language.
    pub fn get_args(&self, locale: Locale, key: &str, args: &[(&str, Arg<'_>)]) -> String {
        let mut fluent_args = FluentArgs::new();
        for (name, value) in args {
            let value: FluentValue<'_> = match value {
                Arg::Str(s) => FluentValue::from(*s),
                Arg::Num(n) => FluentValue::from(*n),
            };
            fluent_args.set(*name, value);
        }
        let args = (!args.is_empty()).then_some(&fluent_args);
        self.lookup(locale, key, args)
            .or_else(|| self.lookup(Locale::EnUs, key, args))
            // A content folder without (some of) the locales still speaks English.
            .or_else(|| Texts::builtin().lookup(Locale::EnUs, key, args))
            .unwrap_or_else(|| key.to_owned())
    }

    fn lookup(&self, locale: Locale, key: &str, args: Option<&FluentArgs<'_>>) -> Option<String> {
        let bundle = self.bundles.get(&locale)?;
        let (id, attr) = match key.split_once('.') {
            Some((id, attr)) => (id, Some(attr)),
            None => (key, None),
        };
        let message = bundle.get_message(id)?;
        let pattern = match attr {
            Some(a) => message.get_attribute(a)?.value(),
            None => message.value()?,
        };
        let mut errors = vec![];
        let text = bundle.format_pattern(pattern, args, &mut errors);
        errors.is_empty().then(|| text.into_owned())
    }
}

/// A language and where its sentences come from: what a renderer speaks through.
#[derive(Debug, Clone, Copy)]
pub struct Tr<'a> {
    pub texts: &'a Texts,
    pub locale: Locale,
}

impl<'a> Tr<'a> {
    pub fn new(texts: &'a Texts, locale: Locale) -> Self {
        Self { texts, locale }
    }

    /// English from the built-in files.
    pub fn english() -> Tr<'static> {
        Tr::new(Texts::builtin(), Locale::EnUs)
    }

    pub fn t(&self, key: &str) -> String {
        self.texts.get(self.locale, key)
    }

    pub fn t_args(&self, key: &str, args: &[(&str, Arg<'_>)]) -> String {
        self.texts.get_args(self.locale, key, args)
    }
}

/// An argument of a sentence.
#[derive(Debug, Clone, Copy)]
pub enum Arg<'a> {
    Str(&'a str),
    Num(i64),
}

fn resource_keys(resource: &FluentResource) -> BTreeSet<String> {
    use fluent_syntax::ast::Entry;
    let mut keys = BTreeSet::new();
    for entry in resource.entries() {
        if let Entry::Message(m) = entry {
            if m.value.is_some() {
                keys.insert(m.id.name.to_string());
            }
            for a in &m.attributes {
                keys.insert(format!("{}.{}", m.id.name, a.id.name));
            }
        }
    }
    keys
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, code: &str, name: &str, text: &str) {
        std::fs::create_dir_all(dir.join(code)).unwrap();
        std::fs::write(dir.join(code).join(name), text).unwrap();
    }

    #[test]
    fn discord_codes_map_to_the_six_languages_and_unknown_to_english() {
        assert_eq!(Locale::from_discord("en-GB"), Locale::EnUs);
        assert_eq!(Locale::from_discord("es-419"), Locale::EsEs);
        assert_eq!(Locale::from_discord("pt-BR"), Locale::PtBr);
        assert_eq!(Locale::from_discord("ja"), Locale::Ja);
        assert_eq!(Locale::from_discord("ko"), Locale::EnUs);
        assert_eq!(Locale::from_discord(""), Locale::EnUs);
        assert_eq!(Locale::parse("tlh"), None);
        for l in Locale::ALL {
            assert_eq!(Locale::from_discord(l.code()), l);
        }
    }

    #[test]
    fn lookup_uses_arguments_plurals_and_falls_back_to_english() {
        let dir = tempfile::tempdir().unwrap();
        write(
            dir.path(),
            "en-US",
            "a.ftl",
            "sets = { $n ->\n    [one] { $n } set\n   *[other] { $n } sets\n}\nonly-en = English\n",
        );
        write(
            dir.path(),
            "fr",
            "a.ftl",
            "sets = { $n ->\n    [one] { $n } série\n   *[other] { $n } séries\n}\n",
        );
        write(dir.path(), "ja", "a.ftl", "sets = { $n } セット\n");
        let t = Texts::load(dir.path()).unwrap();
        assert_eq!(
            t.get_args(Locale::EnUs, "sets", &[("n", Arg::Num(1))]),
            "1 set"
        );
        assert_eq!(
            t.get_args(Locale::EnUs, "sets", &[("n", Arg::Num(2))]),
            "2 sets"
        );
        assert_eq!(
            t.get_args(Locale::Fr, "sets", &[("n", Arg::Num(2))]),
            "2 séries"
        );
        assert_eq!(
            t.get_args(Locale::Ja, "sets", &[("n", Arg::Num(2))]),
            "2 セット"
        );
        assert_eq!(t.get(Locale::Fr, "only-en"), "English");
        assert_eq!(t.get(Locale::De, "nothing"), "nothing");
        // French lacks a key of English: the check names the file and the key.
        let err = t.check(dir.path()).unwrap_err().to_string();
        assert!(
            err.contains("fr") && err.contains("a.ftl") && err.contains("only-en"),
            "{err}"
        );
    }

    #[test]
    fn check_names_an_extra_key_and_an_extra_attribute() {
        let dir = tempfile::tempdir().unwrap();
        write(
            dir.path(),
            "en-US",
            "a.ftl",
            "x = X\n    .description = D\n",
        );
        for l in Locale::ALL.into_iter().skip(1) {
            write(
                dir.path(),
                l.code(),
                "a.ftl",
                "x = X\n    .description = D\n",
            );
        }
        let t = Texts::load(dir.path()).unwrap();
        t.check(dir.path()).unwrap();
        write(
            dir.path(),
            "de",
            "a.ftl",
            "x = X\n    .description = D\n    .extra = E\n",
        );
        let err = Texts::load(dir.path())
            .unwrap()
            .check(dir.path())
            .unwrap_err()
            .to_string();
        assert!(err.contains("de") && err.contains("x.extra"), "{err}");
    }

    #[test]
    fn a_content_folder_without_locales_speaks_the_built_in_english() {
        let dir = tempfile::tempdir().unwrap();
        let t = Texts::load(dir.path()).unwrap();
        t.check(dir.path()).unwrap();
        assert_eq!(
            t.get_args(Locale::De, "prompt-title", &[("name", Arg::Str("Cat-Cow"))]),
            "Stretch break: Cat-Cow"
        );
        assert_eq!(
            t.get(Locale::EnUs, "help-title"),
            "stretchbot: take your stretch breaks"
        );
    }

    #[test]
    fn a_servers_language_is_the_set_one_then_discords_then_english() {
        assert_eq!(server_locale(Some("de"), Some("fr")), Locale::De);
        assert_eq!(server_locale(None, Some("fr")), Locale::Fr);
        assert_eq!(server_locale(None, Some("es-419")), Locale::EsEs);
        // Discord's language we do not speak: English, as for any person.
        assert_eq!(server_locale(None, Some("ko")), Locale::EnUs);
        assert_eq!(server_locale(None, None), Locale::EnUs);
        // A stored value no longer spoken does not hide Discord's.
        assert_eq!(server_locale(Some("tlh"), Some("ja")), Locale::Ja);
        assert_eq!(server_locale(Some("en-US"), Some("ja")), Locale::EnUs);
    }

    #[test]
    fn the_english_apology_is_the_one_the_code_falls_back_to() {
        assert_eq!(
            Tr::english().t("answer-apology"),
            crate::error::APOLOGY,
            "answers.ftl and error.rs say the same"
        );
    }

    #[test]
    fn the_shipped_locales_have_every_key_of_english() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("content/locales");
        let t = Texts::load(&dir).unwrap();
        t.check(&dir).unwrap();
    }
}
