//! Slash commands, one file per feature. [`all`] is the list registered with Discord.

mod childspose;
mod help;
mod nudges;
mod reminders;
mod stats;
mod stretch;

use super::{Bot, Error};
use crate::i18n::{Locale, Texts};

/// Every command the bot registers.
pub fn all() -> Vec<poise::Command<std::sync::Arc<Bot>, Error>> {
    vec![
        childspose::childspose(),
        stretch::stretch(),
        reminders::reminders(),
        stats::stats(),
        nudges::nudges(),
        help::help(),
    ]
}

type Command = poise::Command<std::sync::Arc<Bot>, Error>;

/// Every command with its name and description in each language of `texts`
/// (`content/locales/*/commands.ftl`): `cmd-<path>` names a command or subcommand,
/// `opt-<path>-<option>` an option, `choice-<choice>` a choice; each with `.description`
/// where Discord shows one.
pub fn all_localized(texts: &Texts) -> Vec<Command> {
    let mut commands = all();
    for command in &mut commands {
        let path = command.name.to_string();
        localize(command, texts, &path);
    }
    commands
}

fn localize(command: &mut Command, texts: &Texts, path: &str) {
    let key = format!("cmd-{path}");
    add(&mut command.name_localizations, texts, &key);
    add(
        &mut command.description_localizations,
        texts,
        &format!("{key}.description"),
    );
    for p in &mut command.parameters {
        let key = format!("opt-{path}-{}", p.name);
        add(&mut p.name_localizations, texts, &key);
        add(
            &mut p.description_localizations,
            texts,
            &format!("{key}.description"),
        );
        for c in p.choices.to_mut() {
            add(&mut c.localizations, texts, &format!("choice-{}", c.name));
        }
    }
    for sub in &mut command.subcommands {
        let sub_path = format!("{path}-{}", sub.name);
        localize(sub, texts, &sub_path);
    }
}

/// Adds the text of `key` under every Discord code of every language that has it.
fn add(
    to: &mut std::borrow::Cow<
        'static,
        [(
            std::borrow::Cow<'static, str>,
            std::borrow::Cow<'static, str>,
        )],
    >,
    texts: &Texts,
    key: &str,
) {
    for locale in Locale::ALL {
        if !texts.has(locale, key) {
            continue;
        }
        let text = texts.get(locale, key);
        for code in locale.discord_codes() {
            to.to_mut().push(((*code).into(), text.clone().into()));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts() -> Texts {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content/locales");
        Texts::load(&dir).unwrap()
    }

    /// Discord's rule for chat command and option names: 1-32 letters, digits, `-` or `_`,
    /// lowercase where the script has case.
    fn valid_name(name: &str) -> bool {
        let n = name.chars().count();
        (1..=32).contains(&n)
            && name
                .chars()
                .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
            && name.to_lowercase() == name
    }

    fn walk<'a>(c: &'a Command, out: &mut Vec<&'a Command>) {
        out.push(c);
        for s in &c.subcommands {
            walk(s, out);
        }
    }

    #[test]
    fn every_localized_name_and_description_follows_discords_rules_in_every_language() {
        let texts = texts();
        let commands = all_localized(&texts);
        let mut flat = vec![];
        for c in &commands {
            walk(c, &mut flat);
        }
        let codes: Vec<&str> = Locale::ALL
            .iter()
            .flat_map(|l| l.discord_codes())
            .copied()
            .collect();
        for c in flat {
            let names: Vec<&str> = c
                .name_localizations
                .iter()
                .map(|(k, _)| k.as_ref())
                .collect();
            assert_eq!(names, codes, "/{} names", c.qualified_name);
            assert_eq!(
                c.description_localizations.len(),
                codes.len(),
                "/{}",
                c.qualified_name
            );
            for (code, name) in c.name_localizations.iter() {
                assert!(
                    valid_name(name),
                    "/{} in {code}: {name:?}",
                    c.qualified_name
                );
            }
            for (code, d) in c.description_localizations.iter() {
                assert!(
                    (1..=100).contains(&d.chars().count()),
                    "/{} in {code}: {d:?}",
                    c.qualified_name
                );
            }
            for p in &c.parameters {
                assert_eq!(
                    p.name_localizations.len(),
                    codes.len(),
                    "/{} {}",
                    c.qualified_name,
                    p.name
                );
                assert_eq!(
                    p.description_localizations.len(),
                    codes.len(),
                    "/{} {}",
                    c.qualified_name,
                    p.name
                );
                for (code, name) in p.name_localizations.iter() {
                    assert!(
                        valid_name(name),
                        "/{} {} in {code}: {name:?}",
                        c.qualified_name,
                        p.name
                    );
                }
                for (code, d) in p.description_localizations.iter() {
                    assert!(
                        (1..=100).contains(&d.chars().count()),
                        "/{} {} in {code}: {d:?}",
                        c.qualified_name,
                        p.name
                    );
                }
                for choice in p.choices.iter() {
                    assert_eq!(
                        choice.localizations.len(),
                        codes.len(),
                        "choice {}",
                        choice.name
                    );
                    for (code, name) in choice.localizations.iter() {
                        assert!(
                            (1..=100).contains(&name.chars().count()),
                            "choice {} in {code}",
                            choice.name
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn english_localizations_are_the_commands_own_words() {
        // The reference language must say what the code registers as the default, or English
        // clients would see other words than the rest of the world's default.
        let commands = all_localized(&texts());
        let mut flat = vec![];
        for c in &commands {
            walk(c, &mut flat);
        }
        let en = |v: &[(
            std::borrow::Cow<'static, str>,
            std::borrow::Cow<'static, str>,
        )]| {
            v.iter()
                .find(|(k, _)| k == "en-US")
                .map(|(_, v)| v.to_string())
        };
        for c in flat {
            assert_eq!(en(&c.name_localizations).as_deref(), Some(c.name.as_ref()));
            assert_eq!(
                en(&c.description_localizations),
                c.description.clone().map(|d| d.to_string()),
                "/{}",
                c.qualified_name
            );
            for p in &c.parameters {
                assert_eq!(en(&p.name_localizations).as_deref(), Some(p.name.as_ref()));
                assert_eq!(
                    en(&p.description_localizations),
                    p.description.clone().map(|d| d.to_string())
                );
                for choice in p.choices.iter() {
                    assert_eq!(
                        en(&choice.localizations).as_deref(),
                        Some(choice.name.as_ref())
                    );
                }
            }
        }
    }
}
