//! Stretches and routines as data, loaded and validated at start; a new stretch or routine needs
//! a new file, never new code:
//!
//! - one TOML file per stretch in the content folder (`content/*.toml`), read into a [`Routine`]
//!   (the type kept its first name: it is one stretch, as `/childspose` shows it);
//! - one TOML file per routine in `content/routines/*.toml`, read into a [`Sequence`]: stretches
//!   chained with their own holds and sides.
//!
//! A live session runs a *playable* routine ([`Library::playable`]): a stretch done per side is
//! expanded to hold the first side, a "switch sides" step, then the second side; a sequence is
//! flattened into one list of steps with each hold fixed by the routine file.
//!
//! Validation names the file and the field at fault, so a content author can fix a pack without
//! reading Rust.

use std::{
    collections::BTreeMap,
    path::{Path, PathBuf},
};

use serde::Deserialize;

use crate::i18n::Locale;
use thiserror::Error;

/// Allowed range of every hold bound, in seconds.
pub const HOLD_BOUNDS_SECS: std::ops::RangeInclusive<u32> = 1..=600;
/// Allowed range of the sets of a routine.
pub const SETS_BOUNDS: std::ops::RangeInclusive<u32> = 1..=10;

#[derive(Debug, Error)]
pub enum ContentError {
    #[error("cannot read content folder {dir}: {source}")]
    ReadDir { dir: String, source: std::io::Error },
    #[error("cannot read {file}: {source}")]
    ReadFile {
        file: String,
        source: std::io::Error,
    },
    #[error("{file}: {message}")]
    Parse { file: String, message: String },
    #[error("{file}: field `{field}` {message}")]
    Invalid {
        file: String,
        field: String,
        message: String,
    },
    #[error("{file}: routine id `{id}` is already used by {other}")]
    DuplicateId {
        file: String,
        id: String,
        other: String,
    },
    #[error("content folder {dir} has no routine (*.toml) files")]
    Empty { dir: String },
    #[error(
        "{file} is missing: the {locale} translation of {english} ({count} translation file(s) missing in all)"
    )]
    Untranslated {
        file: String,
        locale: &'static str,
        english: String,
        count: usize,
    },
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Image {
    /// Path relative to the content folder.
    pub file: String,
    pub alt: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnatomyItem {
    pub area: String,
    pub effect: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    pub title: String,
    /// The full instruction, as shown by `/childspose steps`.
    pub text: String,
    /// The short line posted at this step in a live session.
    pub cue: String,
    /// Time given to this step in a live session, in seconds (the hold step uses the hold instead).
    #[serde(default)]
    pub secs: u32,
    /// The step that is held for the routine's hold time.
    #[serde(default)]
    pub hold: bool,
    /// A held step whose time a routine file fixed (playable sequences only; never in a file).
    #[serde(skip)]
    pub held_secs: Option<u32>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Hold {
    pub min_secs: u32,
    pub default_secs: u32,
    pub max_secs: u32,
    /// How a person reads the hold time ("60 to 90 seconds at least, up to 5 minutes").
    pub summary: String,
    /// Posted halfway through a long hold in a live session.
    pub breathing_cue: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sets {
    pub min: u32,
    pub default: u32,
    pub max: u32,
    pub rest_secs: u32,
    pub rest_cue: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SafetyTip {
    pub tip: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Benefits {
    pub text: String,
    pub who: Vec<String>,
    #[serde(rename = "where")]
    pub where_: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Prompts {
    #[serde(default)]
    pub lines: Vec<String>,
}

/// Where a stretch is done.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Position {
    Floor,
    Seated,
    Standing,
}

impl Position {
    pub fn as_str(self) -> &'static str {
        match self {
            Position::Floor => "floor",
            Position::Seated => "seated",
            Position::Standing => "standing",
        }
    }
}

/// What a stretch needs besides the person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Equipment {
    None,
    Chair,
    Wall,
    Mat,
}

impl Equipment {
    pub fn as_str(self) -> &'static str {
        match self {
            Equipment::None => "none",
            Equipment::Chair => "chair",
            Equipment::Wall => "wall",
            Equipment::Mat => "mat",
        }
    }
}

/// What autocomplete shows and daily prompts filter on.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tags {
    pub position: Position,
    /// Body areas, lowercase ("neck", "lower back").
    pub areas: Vec<String>,
    pub equipment: Vec<Equipment>,
    /// About how long the stretch takes at its defaults, both sides included.
    pub minutes: u32,
}

impl Tags {
    /// Whether it can be done at a desk in work clothes: seated or standing, nothing beyond a
    /// chair or a wall.
    pub fn fits_desk(&self) -> bool {
        self.position != Position::Floor && !self.equipment.contains(&Equipment::Mat)
    }

    /// "seated · neck, shoulders · chair · 2 min".
    pub fn summary(&self) -> String {
        let equipment: Vec<&str> = self.equipment.iter().map(|e| e.as_str()).collect();
        format!(
            "{} · {} · {} · {} min",
            self.position.as_str(),
            self.areas.join(", "),
            equipment.join(", "),
            self.minutes
        )
    }
}

/// A stretch done on each side in turn.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sides {
    /// The sides in the order a session does them, e.g. `["right", "left"]`.
    pub names: Vec<String>,
    /// Time given to the switch between two sides in a live session, in seconds.
    pub switch_secs: u32,
    /// Posted at the switch: how to come out of one side and set up the other.
    pub switch_cue: String,
    /// The step (numbered from 1) from which each side repeats, up to the held step; the held
    /// step alone when left out.
    #[serde(default)]
    pub repeat_from_step: Option<usize>,
}

/// One stretch routine, as its file describes it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Routine {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub sanskrit: String,
    pub tagline: String,
    #[serde(default)]
    pub color: u32,
    pub intro: String,
    pub why: String,
    pub frequency: String,
    pub exit_cue: String,
    pub disclaimer: String,
    pub image: Image,
    pub anatomy: Vec<AnatomyItem>,
    pub steps: Vec<Step>,
    pub hold: Hold,
    pub sets: Sets,
    pub safety: Vec<SafetyTip>,
    pub benefits: Benefits,
    #[serde(default)]
    pub prompts: Prompts,
    /// The established guidance the stretch follows, for people who check.
    pub sources: String,
    pub tags: Tags,
    /// Present when the stretch is done per side.
    #[serde(default)]
    pub sides: Option<Sides>,
    /// Absolute path of the image, filled in by the loader.
    #[serde(skip)]
    pub image_path: PathBuf,
    /// How many stretches a playable sequence chains; `None` for a stretch.
    #[serde(skip)]
    pub chain: Option<usize>,
}

impl Routine {
    /// The name with its Sanskrit name, e.g. "Child's Pose (Balasana)".
    pub fn display_name(&self) -> String {
        if self.sanskrit.is_empty() {
            self.name.clone()
        } else {
            format!("{} ({})", self.name, self.sanskrit)
        }
    }

    /// The file name of the illustration, as attached to messages.
    pub fn image_file_name(&self) -> &str {
        Path::new(&self.image.file)
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("illustration.png")
    }

    /// Index of the held step (validation guarantees exactly one).
    pub fn hold_step(&self) -> usize {
        self.steps.iter().position(|s| s.hold).unwrap_or(0)
    }
}

/// One stretch of a routine file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SequenceItem {
    /// The stretch's id.
    pub stretch: String,
    /// Seconds each side (or the one hold) is held; the stretch's default when left out.
    #[serde(default)]
    pub hold_secs: Option<u32>,
    /// Which sides, in order: required for a stretch done per side, refused for any other.
    #[serde(default)]
    pub sides: Option<Vec<String>>,
}

/// A routine file: stretches chained into one live session, with one lobby and one wrap-up.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sequence {
    pub id: String,
    pub name: String,
    pub tagline: String,
    pub description: String,
    /// The equipment-free, seated (or standing) routines suit a prompt in a work channel.
    pub position: Position,
    #[serde(default)]
    pub color: u32,
    pub items: Vec<SequenceItem>,
}

/// All stretches and routines of a content folder, by id (one namespace: `/stretch start
/// routine:` takes either).
#[derive(Debug, Clone, Default)]
pub struct Library {
    routines: BTreeMap<String, Routine>,
    sequences: BTreeMap<String, Sequence>,
    playable: BTreeMap<String, Routine>,
    /// Stretches in another language than English, from `locales/<code>/<id>.toml`.
    localized: BTreeMap<(Locale, String), Routine>,
    /// Routines in another language than English, from `locales/<code>/routines/<id>.toml`.
    localized_sequences: BTreeMap<(Locale, String), Sequence>,
    /// Translation files this folder lacks, with the English file each would translate: the bot
    /// speaks English for those (a pack may ship without them), `stretchbot check` refuses them.
    untranslated: Vec<(Locale, String, String)>,
}

/// One entry of the library, as autocomplete lists it.
#[derive(Debug, Clone, Copy)]
pub enum Entry<'a> {
    Stretch(&'a Routine),
    Sequence(&'a Sequence),
}

impl Library {
    /// Loads and validates every `*.toml` file in `dir`.
    pub fn load(dir: &Path) -> Result<Self, ContentError> {
        let shown = dir.display().to_string();
        let entries = std::fs::read_dir(dir).map_err(|source| ContentError::ReadDir {
            dir: shown.clone(),
            source,
        })?;
        let mut files: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "toml"))
            .collect();
        files.sort();
        let mut library = Self::default();
        let mut origin: BTreeMap<String, String> = BTreeMap::new();
        // Each stretch's file and text, which a translation overlays.
        let mut english: BTreeMap<String, (String, String)> = BTreeMap::new();
        for file in files {
            let name = file.display().to_string();
            let text = std::fs::read_to_string(&file).map_err(|source| ContentError::ReadFile {
                file: name.clone(),
                source,
            })?;
            let routine = parse_routine(&text, &name, dir)?;
            if let Some(other) = origin.get(&routine.id) {
                return Err(ContentError::DuplicateId {
                    file: name,
                    id: routine.id,
                    other: other.clone(),
                });
            }
            origin.insert(routine.id.clone(), name.clone());
            english.insert(routine.id.clone(), (name, text));
            library.routines.insert(routine.id.clone(), routine);
        }
        for locale in Locale::ALL.into_iter().skip(1) {
            for (id, (english_file, english_text)) in &english {
                let file = dir
                    .join("locales")
                    .join(locale.code())
                    .join(format!("{id}.toml"));
                let Some((text, shown)) =
                    read_overlay(&file, locale, english_file, &mut library.untranslated)?
                else {
                    continue;
                };
                let routine = apply_overlay(english_text, english_file, &text, &shown, dir)?;
                library.localized.insert((locale, id.clone()), routine);
            }
        }
        if library.routines.is_empty() {
            return Err(ContentError::Empty { dir: shown });
        }
        // Each routine's file and text, which a translation overlays.
        let mut seq_english: BTreeMap<String, (String, String)> = BTreeMap::new();
        let seq_dir = dir.join("routines");
        if seq_dir.is_dir() {
            let entries = std::fs::read_dir(&seq_dir).map_err(|source| ContentError::ReadDir {
                dir: seq_dir.display().to_string(),
                source,
            })?;
            let mut files: Vec<PathBuf> = entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "toml"))
                .collect();
            files.sort();
            for file in files {
                let name = file.display().to_string();
                let text =
                    std::fs::read_to_string(&file).map_err(|source| ContentError::ReadFile {
                        file: name.clone(),
                        source,
                    })?;
                let sequence = parse_sequence(&text, &name, &library.routines)?;
                if let Some(other) = origin.get(&sequence.id) {
                    return Err(ContentError::DuplicateId {
                        file: name,
                        id: sequence.id,
                        other: other.clone(),
                    });
                }
                origin.insert(sequence.id.clone(), name.clone());
                seq_english.insert(sequence.id.clone(), (name, text));
                library.sequences.insert(sequence.id.clone(), sequence);
            }
        }
        for locale in Locale::ALL.into_iter().skip(1) {
            for (id, (english_file, english_text)) in &seq_english {
                let file = dir
                    .join("locales")
                    .join(locale.code())
                    .join("routines")
                    .join(format!("{id}.toml"));
                let Some((text, shown)) =
                    read_overlay(&file, locale, english_file, &mut library.untranslated)?
                else {
                    continue;
                };
                let sequence = apply_sequence_overlay(
                    english_text,
                    english_file,
                    &text,
                    &shown,
                    &library.routines,
                )?;
                library
                    .localized_sequences
                    .insert((locale, id.clone()), sequence);
            }
        }
        library.playable = library
            .routines
            .values()
            .map(|r| (r.id.clone(), expand_sides(r, Words::English)))
            .chain(library.sequences.values().map(|s| {
                (
                    s.id.clone(),
                    flatten(s, |id| library.routines.get(id), Words::English),
                )
            }))
            .collect();
        Ok(library)
    }

    /// The routine a live session runs for `id`: a stretch with its sides expanded, or a
    /// sequence flattened into one list of steps.
    pub fn playable(&self, id: &str) -> Option<&Routine> {
        self.playable.get(id)
    }

    /// [`Library::playable`] in `tr`'s language: each stretch's translation where it has one,
    /// and the session's own words (sides, switches) from `tr`. English is the prepared one.
    pub fn playable_in(
        &self,
        id: &str,
        tr: crate::i18n::Tr<'_>,
    ) -> Option<std::borrow::Cow<'_, Routine>> {
        use std::borrow::Cow;
        let english = self.playable(id)?;
        if tr.locale == Locale::EnUs {
            return Some(Cow::Borrowed(english));
        }
        let words = Words::In(tr);
        if let Some(seq) = self.sequences.get(id) {
            return Some(Cow::Owned(flatten(
                seq,
                |id| self.get_in(id, tr.locale),
                words,
            )));
        }
        let stretch = self.get_in(id, tr.locale)?;
        Some(Cow::Owned(expand_sides(stretch, words)))
    }

    pub fn sequence(&self, id: &str) -> Option<&Sequence> {
        self.sequences.get(id)
    }

    /// The routine `id` in `locale`, or in English when it has no translation there.
    pub fn sequence_in(&self, id: &str, locale: Locale) -> Option<&Sequence> {
        self.localized_sequences
            .get(&(locale, id.to_owned()))
            .or_else(|| self.sequences.get(id))
    }

    /// Which routines have a translation in `locale`.
    pub fn translated_sequences(&self, locale: Locale) -> impl Iterator<Item = &Sequence> {
        self.localized_sequences
            .iter()
            .filter(move |((l, _), _)| *l == locale)
            .map(|(_, s)| s)
    }

    /// Fails, naming the first missing file, unless every stretch and every routine has a
    /// translation in every language. The bot itself runs without them (in English); this is
    /// what `stretchbot check` asks of a pack that ships.
    pub fn check_translations(&self) -> Result<(), ContentError> {
        match self.untranslated.first() {
            None => Ok(()),
            Some((locale, file, english)) => Err(ContentError::Untranslated {
                file: file.clone(),
                locale: locale.code(),
                english: english.clone(),
                count: self.untranslated.len(),
            }),
        }
    }

    pub fn sequences(&self) -> impl Iterator<Item = &Sequence> {
        self.sequences.values()
    }

    /// Routines then stretches whose id, name or tags contain `partial` (case-insensitive).
    pub fn search_entries(&self, partial: &str, limit: usize) -> Vec<Entry<'_>> {
        let needle = partial.trim().to_lowercase();
        let sequences = self
            .sequences
            .values()
            .filter(|s| {
                needle.is_empty()
                    || s.id.contains(&needle)
                    || s.name.to_lowercase().contains(&needle)
            })
            .map(Entry::Sequence);
        let stretches = self
            .routines
            .values()
            .filter(|r| {
                needle.is_empty()
                    || r.id.contains(&needle)
                    || r.name.to_lowercase().contains(&needle)
                    || r.sanskrit.to_lowercase().contains(&needle)
                    || r.tags.summary().to_lowercase().contains(&needle)
            })
            .map(Entry::Stretch);
        sequences.chain(stretches).take(limit).collect()
    }

    pub fn get(&self, id: &str) -> Option<&Routine> {
        self.routines.get(id)
    }

    /// The stretch `id` in `locale`, or in English when it has no translation there.
    pub fn get_in(&self, id: &str, locale: Locale) -> Option<&Routine> {
        self.localized
            .get(&(locale, id.to_owned()))
            .or_else(|| self.routines.get(id))
    }

    /// Which stretches have a translation in `locale`.
    pub fn translated(&self, locale: Locale) -> impl Iterator<Item = &Routine> {
        self.localized
            .iter()
            .filter(move |((l, _), _)| *l == locale)
            .map(|(_, r)| r)
    }

    pub fn routines(&self) -> impl Iterator<Item = &Routine> {
        self.routines.values()
    }

    pub fn len(&self) -> usize {
        self.routines.len()
    }

    pub fn is_empty(&self) -> bool {
        self.routines.is_empty()
    }

    /// Routines whose id or name contains `partial` (case-insensitive), for autocomplete.
    pub fn search(&self, partial: &str, limit: usize) -> Vec<&Routine> {
        let needle = partial.trim().to_lowercase();
        self.routines
            .values()
            .filter(|r| {
                needle.is_empty()
                    || r.id.contains(&needle)
                    || r.name.to_lowercase().contains(&needle)
                    || r.sanskrit.to_lowercase().contains(&needle)
            })
            .take(limit)
            .collect()
    }
}

/// A per-side stretch as a session runs it: the held step once for each side, with a "switch
/// sides" step between; a stretch done once is returned as it is.
fn expand_sides(r: &Routine, words: Words<'_>) -> Routine {
    let Some(sides) = &r.sides else {
        return r.clone();
    };
    let mut out = r.clone();
    out.steps = side_steps(r, sides, &sides.names, None, "", words);
    out
}

/// The words a live session adds around a stretch's own texts (a switch between sides, which
/// side a step is on, a routine's breathing cue): English as written here, or another
/// language's from its `session.ftl`.
#[derive(Debug, Clone, Copy)]
pub enum Words<'a> {
    English,
    In(crate::i18n::Tr<'a>),
}

impl Words<'_> {
    fn switch_title(self) -> String {
        match self {
            Words::English => "Switch sides".to_owned(),
            Words::In(tr) => tr.t("session-switch-sides"),
        }
    }

    fn switch_cue(self, cue: &str) -> String {
        match self {
            Words::English => format!("Switch sides. {cue}"),
            Words::In(tr) => {
                tr.t_args("session-switch-cue", &[("cue", crate::i18n::Arg::Str(cue))])
            }
        }
    }

    fn side_title(self, title: &str, side: &str) -> String {
        use crate::i18n::Arg;
        match self {
            Words::English => format!("{title} ({side} side)"),
            Words::In(tr) => tr.t_args(
                "session-side-title",
                &[("title", Arg::Str(title)), ("side", Arg::Str(side))],
            ),
        }
    }

    fn side_cue(self, side: &str, cue: &str) -> String {
        use crate::i18n::Arg;
        match self {
            Words::English => format!("{} side: {cue}", capitalised(side)),
            Words::In(tr) => tr.t_args(
                "session-side-cue",
                &[("side", Arg::Str(side)), ("cue", Arg::Str(cue))],
            ),
        }
    }

    fn breathing(self) -> String {
        match self {
            Words::English => {
                "Halfway there. Keep breathing slowly; mild tension, never pain.".to_owned()
            }
            Words::In(tr) => tr.t("session-routine-breathing"),
        }
    }
}

/// The steps of `r` with its held step done for each of `names` in turn, titles prefixed with
/// `prefix`; `held_secs` fixes every hold (a sequence), `None` leaves the session's hold.
fn side_steps(
    r: &Routine,
    sides: &Sides,
    names: &[String],
    held_secs: Option<u32>,
    prefix: &str,
    words: Words<'_>,
) -> Vec<Step> {
    let held = r.hold_step();
    let from = sides
        .repeat_from_step
        .map_or(held, |n| n.saturating_sub(1).min(held));
    let once = |s: &Step| Step {
        title: format!("{prefix}{}", s.title),
        ..s.clone()
    };
    let mut steps: Vec<Step> = r.steps[..from].iter().map(once).collect();
    for (i, side) in names.iter().enumerate() {
        if i > 0 {
            steps.push(Step {
                title: format!("{prefix}{}", words.switch_title()),
                text: sides.switch_cue.clone(),
                cue: words.switch_cue(&sides.switch_cue),
                secs: sides.switch_secs,
                hold: false,
                held_secs: None,
            });
        }
        steps.extend(r.steps[from..=held].iter().map(|s| Step {
            title: format!("{prefix}{}", words.side_title(&s.title, side)),
            cue: words.side_cue(side, &s.cue),
            held_secs: if s.hold { held_secs } else { None },
            ..s.clone()
        }));
    }
    steps.extend(r.steps[held + 1..].iter().map(once));
    steps
}

fn capitalised(s: &str) -> String {
    let mut chars = s.chars();
    chars.next().map_or_else(String::new, |c| {
        c.to_uppercase().chain(chars).collect::<String>()
    })
}

/// A validated sequence as one routine: every stretch's steps in order, each title prefixed
/// with the stretch's name, every hold fixed by the routine file. The exit cue is the last
/// stretch's; the image is the first's.
fn flatten<'r>(
    seq: &Sequence,
    stretch: impl Fn(&str) -> Option<&'r Routine>,
    words: Words<'_>,
) -> Routine {
    let items: Vec<(&SequenceItem, &Routine)> = seq
        .items
        .iter()
        .filter_map(|i| stretch(&i.stretch).map(|r| (i, r)))
        .collect();
    let (first, last) = (items[0].1, items[items.len() - 1].1);
    let mut steps = Vec::new();
    for (item, r) in &items {
        let hold = item.hold_secs.unwrap_or(r.hold.default_secs);
        let prefix = format!("{} · ", r.name);
        match (&r.sides, &item.sides) {
            (Some(sides), Some(names)) => {
                steps.extend(side_steps(r, sides, names, Some(hold), &prefix, words))
            }
            _ => steps.extend(r.steps.iter().map(|s| Step {
                title: format!("{prefix}{}", s.title),
                held_secs: s.hold.then_some(hold),
                ..s.clone()
            })),
        }
    }
    Routine {
        id: seq.id.clone(),
        name: seq.name.clone(),
        sanskrit: String::new(),
        tagline: seq.tagline.clone(),
        color: if seq.color == 0 {
            first.color
        } else {
            seq.color
        },
        intro: seq.description.clone(),
        why: seq.description.clone(),
        frequency: first.frequency.clone(),
        exit_cue: last.exit_cue.clone(),
        disclaimer: first.disclaimer.clone(),
        image: first.image.clone(),
        anatomy: Vec::new(),
        steps,
        hold: Hold {
            min_secs: 1,
            default_secs: first.hold.default_secs,
            max_secs: 600,
            summary: "As the routine sets it".to_owned(),
            breathing_cue: words.breathing(),
        },
        sets: Sets {
            min: 1,
            default: 1,
            max: 1,
            rest_secs: 0,
            rest_cue: String::new(),
        },
        safety: Vec::new(),
        benefits: first.benefits.clone(),
        prompts: Prompts::default(),
        sources: String::new(),
        tags: first.tags.clone(),
        sides: None,
        image_path: first.image_path.clone(),
        chain: Some(items.len()),
    }
}

/// Seconds a live session of the playable `r` takes at its defaults: every step (each hold for
/// its fixed time, or the default hold), for the default number of sets, with rests between.
pub fn playable_secs(r: &Routine) -> u32 {
    let per_set: u32 = r
        .steps
        .iter()
        .map(|s| {
            if s.hold {
                s.held_secs.unwrap_or(r.hold.default_secs)
            } else {
                s.secs
            }
        })
        .sum();
    let sets = r.sets.default.max(1);
    per_set * sets + r.sets.rest_secs * (sets - 1)
}

/// Parses and validates one routine file (a sequence of known stretches).
pub fn parse_sequence(
    text: &str,
    file: &str,
    stretches: &BTreeMap<String, Routine>,
) -> Result<Sequence, ContentError> {
    let seq: Sequence = toml::from_str(text).map_err(|e| ContentError::Parse {
        file: file.to_owned(),
        message: parse_message(&e, text),
    })?;
    validate_sequence(&seq, file, stretches)?;
    Ok(seq)
}

fn validate_sequence(
    seq: &Sequence,
    file: &str,
    stretches: &BTreeMap<String, Routine>,
) -> Result<(), ContentError> {
    let fail = |field: &str, message: String| ContentError::Invalid {
        file: file.to_owned(),
        field: field.to_owned(),
        message,
    };
    if !id_ok(&seq.id) {
        return Err(fail(
            "id",
            "must be 1-50 characters of lowercase letters, digits and '-'".into(),
        ));
    }
    for (field, value) in [
        ("name", &seq.name),
        ("tagline", &seq.tagline),
        ("description", &seq.description),
    ] {
        if value.trim().is_empty() {
            return Err(fail(field, "is empty".into()));
        }
    }
    if seq.color > 0xFF_FFFF {
        return Err(fail("color", "must be a 0xRRGGBB colour".into()));
    }
    if seq.items.is_empty() {
        return Err(fail("items", "needs at least one stretch".into()));
    }
    if seq.items.len() > MAX_SEQUENCE_ITEMS {
        return Err(fail(
            "items",
            format!("may chain at most {MAX_SEQUENCE_ITEMS} stretches"),
        ));
    }
    let mut total = 0u32;
    for (i, item) in seq.items.iter().enumerate() {
        let at = |name: &str| format!("items[{i}].{name}");
        let Some(r) = stretches.get(&item.stretch) else {
            return Err(fail(
                &at("stretch"),
                format!(
                    "names `{}`, which is not a stretch in the content folder",
                    crate::error::quote(&item.stretch, 50)
                ),
            ));
        };
        let hold = item.hold_secs.unwrap_or(r.hold.default_secs);
        if !(r.hold.min_secs..=r.hold.max_secs).contains(&hold) {
            return Err(fail(
                &at("hold_secs"),
                format!(
                    "must be between {} and {} seconds for {}",
                    r.hold.min_secs, r.hold.max_secs, r.id
                ),
            ));
        }
        let sides_done = match (&r.sides, &item.sides) {
            (None, Some(_)) => {
                return Err(fail(
                    &at("sides"),
                    format!("is given, but {} is not done per side", r.id),
                ))
            }
            (Some(s), None) => {
                return Err(fail(
                    &at("sides"),
                    format!(
                        "is missing: {} is done per side (give some of {})",
                        r.id,
                        s.names.join(", ")
                    ),
                ))
            }
            (Some(s), Some(names)) => {
                if names.is_empty() {
                    return Err(fail(&at("sides"), "needs at least one side".into()));
                }
                for (j, name) in names.iter().enumerate() {
                    if !s.names.contains(name) {
                        return Err(fail(
                            &at("sides"),
                            format!(
                                "names `{}`, a side {} does not have (it has {})",
                                crate::error::quote(name, 20),
                                r.id,
                                s.names.join(", ")
                            ),
                        ));
                    }
                    if names[..j].contains(name) {
                        return Err(fail(&at("sides"), format!("names `{name}` twice")));
                    }
                }
                names.len() as u32
            }
            (None, None) => 1,
        };
        let mut fixed = r.clone();
        for s in &mut fixed.steps {
            s.held_secs = s.hold.then_some(hold);
        }
        fixed.sets.default = 1;
        let names: Vec<String> = match (&r.sides, &item.sides) {
            (Some(_), Some(names)) => names.clone(),
            _ => Vec::new(),
        };
        if let Some(sides) = &r.sides {
            fixed.steps = side_steps(&fixed, sides, &names, Some(hold), "", Words::English);
        }
        debug_assert!(sides_done >= 1);
        total += playable_secs(&fixed);
    }
    if total > MAX_SEQUENCE_SECS {
        return Err(fail(
            "items",
            format!("add up to {total} s; a routine may last at most {MAX_SEQUENCE_SECS} s"),
        ));
    }
    Ok(())
}

/// Most stretches one routine file chains.
pub const MAX_SEQUENCE_ITEMS: usize = 12;
/// Longest a routine file may run, in seconds.
pub const MAX_SEQUENCE_SECS: u32 = 1800;

fn id_ok(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 50
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Parses and validates one routine file; `dir` resolves the image path.
/// The text and shown name of the translation `file`, or `None` (noted in `untranslated`, with
/// the English file it would translate) when the folder has none.
fn read_overlay(
    file: &Path,
    locale: Locale,
    english_file: &str,
    untranslated: &mut Vec<(Locale, String, String)>,
) -> Result<Option<(String, String)>, ContentError> {
    let shown = file.display().to_string();
    if !file.is_file() {
        untranslated.push((locale, shown, english_file.to_owned()));
        return Ok(None);
    }
    let text = std::fs::read_to_string(file).map_err(|source| ContentError::ReadFile {
        file: shown.clone(),
        source,
    })?;
    Ok(Some((text, shown)))
}

/// Whether a key of a routine file is words a person reads: the stretches, holds and sides it
/// chains are the English file's alone.
fn sequence_translatable(key: &str) -> bool {
    matches!(key, "name" | "tagline" | "description")
}

/// Whether a key of a stretch file is words a person reads (and a translation must give), rather
/// than an id, a number, a file name or a tag matched by code.
fn translatable(key: &str) -> bool {
    !(key == "id"
        || key == "image.file"
        || key.starts_with("tags.")
        || key.starts_with("sides.names."))
}

/// Every string of a TOML document by its dotted path (`steps.0.title`).
fn strings(value: &toml::Value, path: &str, out: &mut BTreeMap<String, String>) {
    let join = |k: &str| {
        if path.is_empty() {
            k.to_owned()
        } else {
            format!("{path}.{k}")
        }
    };
    match value {
        toml::Value::String(s) => {
            out.insert(path.to_owned(), s.clone());
        }
        toml::Value::Table(t) => {
            for (k, v) in t {
                strings(v, &join(k), out);
            }
        }
        toml::Value::Array(a) => {
            for (i, v) in a.iter().enumerate() {
                strings(v, &join(&i.to_string()), out);
            }
        }
        _ => {}
    }
}

fn set_path(value: &mut toml::Value, path: &[&str], text: &str) {
    let Some((first, rest)) = path.split_first() else {
        *value = toml::Value::String(text.to_owned());
        return;
    };
    let next = match value {
        toml::Value::Table(t) => t.get_mut(*first),
        toml::Value::Array(a) => first.parse::<usize>().ok().and_then(|i| a.get_mut(i)),
        _ => None,
    };
    if let Some(next) = next {
        set_path(next, rest, text);
    }
}

/// A stretch in another language: the English file with every text of the translation
/// `overlay` put in place. The translation must give exactly English's texts; the error names
/// the translation's file and the key it lacks or English lacks.
pub fn apply_overlay(
    english: &str,
    english_file: &str,
    overlay: &str,
    file: &str,
    dir: &Path,
) -> Result<Routine, ContentError> {
    let text = merge_overlay(english, english_file, overlay, file, translatable)?;
    parse_routine(&text, file, dir)
}

/// A routine in another language: the English routine file with the translation's name,
/// tagline and description, checked as [`apply_overlay`] checks a stretch.
pub fn apply_sequence_overlay(
    english: &str,
    english_file: &str,
    overlay: &str,
    file: &str,
    stretches: &BTreeMap<String, Routine>,
) -> Result<Sequence, ContentError> {
    let text = merge_overlay(english, english_file, overlay, file, sequence_translatable)?;
    parse_sequence(&text, file, stretches)
}

/// The English TOML text with every text of `overlay` put in place, once the overlay gives
/// exactly the English keys that `translatable` accepts, and nothing but text.
fn merge_overlay(
    english: &str,
    english_file: &str,
    overlay: &str,
    file: &str,
    translatable: fn(&str) -> bool,
) -> Result<String, ContentError> {
    let parse = |text: &str, file: &str| {
        toml::from_str::<toml::Value>(text).map_err(|e| ContentError::Parse {
            file: file.to_owned(),
            message: parse_message(&e, text),
        })
    };
    let mut merged = parse(english, english_file)?;
    let theirs = parse(overlay, file)?;
    let mut wanted = BTreeMap::new();
    strings(&merged, "", &mut wanted);
    wanted.retain(|k, _| translatable(k));
    let mut given = BTreeMap::new();
    strings(&theirs, "", &mut given);
    if let Some(key) = wanted.keys().find(|k| !given.contains_key(*k)) {
        return Err(ContentError::Invalid {
            file: file.to_owned(),
            field: key.clone(),
            message: format!("is missing: {english_file} has it"),
        });
    }
    if let Some(key) = given.keys().find(|k| !wanted.contains_key(*k)) {
        return Err(ContentError::Invalid {
            file: file.to_owned(),
            field: key.clone(),
            message: format!("is not a text of {english_file}"),
        });
    }
    let mut numbers = BTreeMap::new();
    collect_non_strings(&theirs, "", &mut numbers);
    if let Some(key) = numbers.into_keys().next() {
        return Err(ContentError::Invalid {
            file: file.to_owned(),
            field: key,
            message: "is not text: numbers and flags stay in the English file".into(),
        });
    }
    for (key, text) in &given {
        let path: Vec<&str> = key.split('.').collect();
        set_path(&mut merged, &path, text);
    }
    toml::to_string(&merged).map_err(|e| ContentError::Parse {
        file: file.to_owned(),
        message: e.to_string(),
    })
}

fn collect_non_strings(value: &toml::Value, path: &str, out: &mut BTreeMap<String, ()>) {
    let join = |k: &str| {
        if path.is_empty() {
            k.to_owned()
        } else {
            format!("{path}.{k}")
        }
    };
    match value {
        toml::Value::String(_) => {}
        toml::Value::Table(t) => {
            for (k, v) in t {
                collect_non_strings(v, &join(k), out);
            }
        }
        toml::Value::Array(a) => {
            for (i, v) in a.iter().enumerate() {
                collect_non_strings(v, &join(&i.to_string()), out);
            }
        }
        _ => {
            out.insert(path.to_owned(), ());
        }
    }
}

pub fn parse_routine(text: &str, file: &str, dir: &Path) -> Result<Routine, ContentError> {
    let mut routine: Routine = toml::from_str(text).map_err(|e| ContentError::Parse {
        file: file.to_owned(),
        message: parse_message(&e, text),
    })?;
    validate(&routine, file)?;
    routine.image_path = dir.join(&routine.image.file);
    if !routine.image_path.is_file() {
        return Err(ContentError::Invalid {
            file: file.to_owned(),
            field: "image.file".into(),
            message: format!(
                "names {} which does not exist",
                routine.image_path.display()
            ),
        });
    }
    Ok(routine)
}

/// Where and what, on one short line. TOML's own rendering quotes the whole offending line with a
/// caret under it, which in a log is a wall of text (a minified file is one huge line).
fn parse_message(e: &toml::de::Error, text: &str) -> String {
    let what = crate::error::quote(&e.message().trim().replace('\n', " "), 160);
    let Some(span) = e.span() else {
        return what;
    };
    let before = &text.as_bytes()[..span.start.min(text.len())];
    let line = before.iter().filter(|b| **b == b'\n').count() + 1;
    let column = before.iter().rev().take_while(|b| **b != b'\n').count() + 1;
    format!("line {line}, column {column}: {what}")
}

fn validate(r: &Routine, file: &str) -> Result<(), ContentError> {
    let fail = |field: &str, message: &str| ContentError::Invalid {
        file: file.to_owned(),
        field: field.to_owned(),
        message: message.to_owned(),
    };
    if !id_ok(&r.id) {
        return Err(fail(
            "id",
            "must be 1-50 characters of lowercase letters, digits and '-'",
        ));
    }
    let texts: [(&str, &str); 10] = [
        ("sources", &r.sources),
        ("name", &r.name),
        ("tagline", &r.tagline),
        ("intro", &r.intro),
        ("why", &r.why),
        ("frequency", &r.frequency),
        ("exit_cue", &r.exit_cue),
        ("disclaimer", &r.disclaimer),
        ("image.file", &r.image.file),
        ("image.alt", &r.image.alt),
    ];
    for (field, value) in texts {
        if value.trim().is_empty() {
            return Err(fail(field, "is empty"));
        }
    }
    if r.color > 0xFF_FFFF {
        return Err(fail("color", "must be a 0xRRGGBB colour"));
    }
    if r.anatomy.is_empty() {
        return Err(fail("anatomy", "needs at least one entry"));
    }
    for (i, a) in r.anatomy.iter().enumerate() {
        if a.area.trim().is_empty() || a.effect.trim().is_empty() {
            return Err(fail(
                &format!("anatomy[{i}]"),
                "needs an area and an effect",
            ));
        }
    }
    if r.steps.is_empty() {
        return Err(fail("steps", "needs at least one step"));
    }
    for (i, s) in r.steps.iter().enumerate() {
        for (name, value) in [("title", &s.title), ("text", &s.text), ("cue", &s.cue)] {
            if value.trim().is_empty() {
                return Err(fail(&format!("steps[{i}].{name}"), "is empty"));
            }
        }
        if !s.hold && !(1..=600).contains(&s.secs) {
            return Err(fail(
                &format!("steps[{i}].secs"),
                "must be between 1 and 600 (the time given to this step in a live session)",
            ));
        }
    }
    if r.steps.iter().filter(|s| s.hold).count() != 1 {
        return Err(fail("steps", "must mark exactly one step with hold = true"));
    }
    let h = &r.hold;
    for (field, value) in [
        ("hold.min_secs", h.min_secs),
        ("hold.default_secs", h.default_secs),
        ("hold.max_secs", h.max_secs),
    ] {
        if !HOLD_BOUNDS_SECS.contains(&value) {
            return Err(fail(field, "must be between 1 and 600 seconds"));
        }
    }
    if !(h.min_secs <= h.default_secs && h.default_secs <= h.max_secs) {
        return Err(fail("hold", "needs min_secs <= default_secs <= max_secs"));
    }
    if h.summary.trim().is_empty() || h.breathing_cue.trim().is_empty() {
        return Err(fail("hold.summary/breathing_cue", "is empty"));
    }
    let s = &r.sets;
    for (field, value) in [
        ("sets.min", s.min),
        ("sets.default", s.default),
        ("sets.max", s.max),
    ] {
        if !SETS_BOUNDS.contains(&value) {
            return Err(fail(field, "must be between 1 and 10"));
        }
    }
    if !(s.min <= s.default && s.default <= s.max) {
        return Err(fail("sets", "needs min <= default <= max"));
    }
    if s.rest_secs > 600 {
        return Err(fail("sets.rest_secs", "must be at most 600 seconds"));
    }
    if s.rest_cue.trim().is_empty() {
        return Err(fail("sets.rest_cue", "is empty"));
    }
    if r.safety.is_empty() || r.safety.iter().any(|t| t.tip.trim().is_empty()) {
        return Err(fail("safety", "needs at least one tip, none empty"));
    }
    if r.benefits.text.trim().is_empty()
        || r.benefits.who.is_empty()
        || r.benefits.where_.trim().is_empty()
    {
        return Err(fail("benefits", "needs text, who and where"));
    }
    if r.prompts.lines.iter().any(|l| l.trim().is_empty()) {
        return Err(fail("prompts.lines", "has an empty line"));
    }
    let t = &r.tags;
    if t.areas.is_empty() || t.areas.iter().any(|a| a.trim().is_empty()) {
        return Err(fail(
            "tags.areas",
            "needs at least one body area, none empty",
        ));
    }
    if t.equipment.is_empty() {
        return Err(fail(
            "tags.equipment",
            "needs at least one entry (\"none\" if nothing)",
        ));
    }
    if t.equipment.len() > 1 && t.equipment.contains(&Equipment::None) {
        return Err(fail("tags.equipment", "lists \"none\" next to equipment"));
    }
    if !(1..=30).contains(&t.minutes) {
        return Err(fail("tags.minutes", "must be between 1 and 30"));
    }
    if let Some(sides) = &r.sides {
        if sides.names.len() < 2
            || sides.names.iter().any(|n| n.trim().is_empty())
            || (1..sides.names.len()).any(|i| sides.names[..i].contains(&sides.names[i]))
        {
            return Err(fail(
                "sides.names",
                "needs two or more different side names",
            ));
        }
        if !(1..=60).contains(&sides.switch_secs) {
            return Err(fail(
                "sides.switch_secs",
                "must be between 1 and 60 seconds",
            ));
        }
        if sides.switch_cue.trim().is_empty() {
            return Err(fail("sides.switch_cue", "is empty"));
        }
        if sides
            .repeat_from_step
            .is_some_and(|n| n == 0 || n > r.hold_step() + 1)
        {
            return Err(fail(
                "sides.repeat_from_step",
                "must name a step (from 1) at or before the held step",
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn content_dir() -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("content")
    }

    fn shipped_text() -> String {
        std::fs::read_to_string(content_dir().join("childs-pose.toml")).unwrap()
    }

    fn parse_edited(from: &str, to: &str) -> ContentError {
        let text = shipped_text();
        assert!(text.contains(from), "fixture drifted: {from}");
        parse_routine(&text.replacen(from, to, 1), "broken.toml", &content_dir()).unwrap_err()
    }

    fn overlay(locale: &str) -> String {
        std::fs::read_to_string(
            content_dir()
                .join("locales")
                .join(locale)
                .join("childs-pose.toml"),
        )
        .unwrap()
    }

    fn apply(text: &str) -> Result<Routine, ContentError> {
        apply_overlay(
            &shipped_text(),
            "childs-pose.toml",
            text,
            "fr/childs-pose.toml",
            &content_dir(),
        )
    }

    #[test]
    fn a_translation_replaces_every_text_and_keeps_every_number() {
        let fr = apply(&overlay("fr")).unwrap();
        let en = parse_routine(&shipped_text(), "childs-pose.toml", &content_dir()).unwrap();
        assert_eq!(fr.name, "Posture de l'enfant");
        assert_eq!(fr.id, en.id);
        assert_eq!(fr.steps.len(), en.steps.len());
        assert_eq!(fr.hold_step(), en.hold_step());
        assert_eq!(
            (fr.hold.default_secs, fr.sets.max),
            (en.hold.default_secs, en.sets.max)
        );
        assert_eq!(fr.tags.areas, en.tags.areas);
        assert_eq!(fr.image_path, en.image_path);
        assert!(fr.steps[0].text.contains("genoux"));
        assert!(fr.benefits.who.iter().all(|w| !en.benefits.who.contains(w)));
        let lib = Library::load(&content_dir()).unwrap();
        assert_eq!(
            lib.get_in("childs-pose", Locale::Fr).unwrap().name,
            "Posture de l'enfant"
        );
    }

    /// The digits of a text in order ("15 to 30 seconds" gives ["15", "30"]).
    fn numbers(text: &str) -> Vec<String> {
        text.split(|c: char| !c.is_ascii_digit())
            .filter(|n| !n.is_empty())
            .map(str::to_owned)
            .collect()
    }

    #[test]
    fn shipped_pack_has_every_stretch_and_routine_in_every_language() {
        let lib = Library::load(&content_dir()).unwrap();
        lib.check_translations().unwrap();
        for locale in Locale::ALL.into_iter().skip(1) {
            assert_eq!(lib.translated(locale).count(), lib.len(), "{locale:?}");
            assert_eq!(
                lib.translated_sequences(locale).count(),
                lib.sequences().count(),
                "{locale:?}"
            );
            for en in lib.routines() {
                let t = lib.get_in(&en.id, locale).unwrap();
                assert_ne!(t.name, en.name, "{locale:?} {}", en.id);
                assert_ne!(t.steps[0].text, en.steps[0].text, "{locale:?} {}", en.id);
                // Every number a person is told (seconds, breaths) survives the translation.
                let mut texts = vec![(&en.hold.summary, &t.hold.summary)];
                for (a, b) in en.steps.iter().zip(&t.steps) {
                    texts.extend([(&a.text, &b.text), (&a.cue, &b.cue)]);
                }
                for (a, b) in texts {
                    let (mut x, mut y) = (numbers(a), numbers(b));
                    x.sort();
                    y.sort();
                    assert_eq!(x, y, "{locale:?} {}: {a:?} / {b:?}", en.id);
                }
            }
            for en in lib.sequences() {
                let t = lib.sequence_in(&en.id, locale).unwrap();
                assert_ne!(t.name, en.name, "{locale:?} {}", en.id);
                assert_ne!(t.description, en.description, "{locale:?} {}", en.id);
                assert_eq!(t.items.len(), en.items.len());
                assert_eq!(t.position, en.position);
            }
        }
    }

    #[test]
    fn a_routine_translation_gives_its_name_tagline_and_description_and_nothing_else() {
        let lib = Library::load(&content_dir()).unwrap();
        let en = shipped_sequence("desk-reset");
        let apply = |overlay: &str| {
            apply_sequence_overlay(
                &en,
                "desk-reset.toml",
                overlay,
                "fr/routines/desk-reset.toml",
                &lib.routines,
            )
        };
        let ok = "name = \"Pause bureau\"\ntagline = \"t\"\ndescription = \"d\"\n";
        let fr = apply(ok).unwrap();
        assert_eq!(
            (fr.id.as_str(), fr.name.as_str()),
            ("desk-reset", "Pause bureau")
        );
        assert_eq!(fr.items.len(), 5);
        assert_eq!(fr.items[0].hold_secs, Some(15));
        assert_eq!(fr.position, Position::Seated);
        let err = apply("name = \"x\"\ntagline = \"t\"\n")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("fr/routines/desk-reset.toml") && err.contains("`description`"),
            "{err}"
        );
        let err = apply(&format!("{ok}[[items]]\nstretch = \"childs-pose\"\n"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("items.0.stretch"), "{err}");
        let err = apply(&format!("position = \"floor\"\n{ok}"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("`position`"), "{err}");
    }

    #[test]
    fn a_pack_lacking_translations_speaks_english_but_check_names_the_missing_file() {
        let dir = tempfile::tempdir().unwrap();
        let at = |p: &str| dir.path().join(p);
        for d in ["images", "routines", "locales/fr/routines"] {
            std::fs::create_dir_all(at(d)).unwrap();
        }
        std::fs::copy(
            content_dir().join("images/childs-pose.png"),
            at("images/childs-pose.png"),
        )
        .unwrap();
        std::fs::write(at("childs-pose.toml"), shipped_text()).unwrap();
        std::fs::write(at("locales/fr/childs-pose.toml"), overlay("fr")).unwrap();
        let routine = "id = \"r\"\nname = \"Rest\"\ntagline = \"x\"\ndescription = \"x\"\nposition = \"floor\"\n[[items]]\nstretch = \"childs-pose\"\n";
        std::fs::write(at("routines/r.toml"), routine).unwrap();
        std::fs::write(
            at("locales/fr/routines/r.toml"),
            "name = \"Repos\"\ntagline = \"y\"\ndescription = \"y\"\n",
        )
        .unwrap();
        let lib = Library::load(dir.path()).unwrap();
        let name = |l| lib.get_in("childs-pose", l).unwrap().name.clone();
        assert_eq!(name(Locale::Fr), "Posture de l'enfant");
        assert_eq!(name(Locale::De), "Child's Pose");
        assert_eq!(lib.sequence_in("r", Locale::Fr).unwrap().name, "Repos");
        assert_eq!(lib.sequence_in("r", Locale::Ja).unwrap().name, "Rest");
        let err = lib.check_translations().unwrap_err().to_string();
        // Four languages lack the stretch and the routine.
        assert!(
            err.contains("locales/de/childs-pose.toml")
                && err.contains("the de translation of")
                && err.contains("8 translation file(s)"),
            "{err}"
        );
        // Without any locales folder the bot still loads, in English.
        std::fs::remove_dir_all(at("locales")).unwrap();
        let lib = Library::load(dir.path()).unwrap();
        assert_eq!(
            lib.get_in("childs-pose", Locale::Fr).unwrap().name,
            "Child's Pose"
        );
        assert!(lib.check_translations().is_err());
    }

    #[test]
    fn a_translation_lacking_or_adding_a_key_is_refused_naming_the_file_and_key() {
        let fr = overlay("fr");
        let err = apply(&fr.replacen("\ncue = ", "\n# cue = ", 1))
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("fr/childs-pose.toml") && err.contains("steps.0.cue"),
            "{err}"
        );
        let err = apply(&fr.replacen("[image]", "mood = \"calme\"\n[image]", 1))
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("fr/childs-pose.toml") && err.contains("`mood`"),
            "{err}"
        );
        let err = apply(&fr.replacen("[sets]", "[sets]\nmax = 4", 1))
            .unwrap_err()
            .to_string();
        assert!(err.contains("sets.max"), "{err}");
        let err = apply(&format!("id = \"other\"\n{fr}"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("`id`"), "{err}");
    }

    #[test]
    fn shipped_pack_loads_with_childs_pose() {
        let lib = Library::load(&content_dir()).unwrap();
        let r = lib.get("childs-pose").unwrap();
        assert_eq!(r.steps.len(), 4);
        assert_eq!(r.hold_step(), 3);
        assert_eq!((r.hold.min_secs, r.hold.max_secs), (60, 300));
        assert_eq!((r.sets.min, r.sets.max), (1, 3));
        assert!(r.image_path.is_file());
        assert_eq!(lib.search("bala", 25).len(), 1);
    }

    #[test]
    fn missing_field_names_file_and_field() {
        let err = parse_edited("tagline = ", "tag_line = ");
        let text = err.to_string();
        assert!(text.starts_with("broken.toml"), "{text}");
        assert!(
            text.contains("tag_line") || text.contains("tagline"),
            "{text}"
        );
    }

    #[test]
    fn empty_step_is_refused() {
        let err = parse_edited("title = \"Lean forward\"", "title = \"  \"");
        assert_eq!(
            err.to_string(),
            "broken.toml: field `steps[1].title` is empty"
        );
    }

    #[test]
    fn hold_bounds_out_of_range_are_refused() {
        let err = parse_edited("max_secs = 300", "max_secs = 900");
        assert_eq!(
            err.to_string(),
            "broken.toml: field `hold.max_secs` must be between 1 and 600 seconds"
        );
        let err = parse_edited("min_secs = 60", "min_secs = 0");
        assert!(err.to_string().contains("hold.min_secs"), "{err}");
        let err = parse_edited("default_secs = 90", "default_secs = 30");
        assert!(
            err.to_string().contains("min_secs <= default_secs"),
            "{err}"
        );
    }

    #[test]
    fn missing_image_is_refused() {
        let err = parse_edited("images/childs-pose.png", "images/nope.png");
        let text = err.to_string();
        assert!(
            text.contains("image.file") && text.contains("nope.png"),
            "{text}"
        );
    }

    #[test]
    fn two_hold_steps_are_refused() {
        let err = parse_edited("secs = 15\n", "hold = true\n");
        assert!(err.to_string().contains("exactly one step"), "{err}");
    }

    #[test]
    fn broken_file_in_a_folder_fails_the_load() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("images")).unwrap();
        std::fs::copy(
            content_dir().join("images/childs-pose.png"),
            dir.path().join("images/childs-pose.png"),
        )
        .unwrap();
        std::fs::write(dir.path().join("a.toml"), shipped_text()).unwrap();
        assert_eq!(Library::load(dir.path()).unwrap().len(), 1);
        std::fs::write(dir.path().join("b.toml"), shipped_text()).unwrap();
        let err = Library::load(dir.path()).unwrap_err();
        assert!(err.to_string().contains("already used"), "{err}");
        std::fs::write(dir.path().join("b.toml"), "id = ").unwrap();
        let err = Library::load(dir.path()).unwrap_err();
        assert!(err.to_string().contains("b.toml"), "{err}");
        let empty = tempfile::tempdir().unwrap();
        assert!(matches!(
            Library::load(empty.path()).unwrap_err(),
            ContentError::Empty { .. }
        ));
    }

    fn shipped_sequence(id: &str) -> String {
        std::fs::read_to_string(content_dir().join(format!("routines/{id}.toml"))).unwrap()
    }

    fn sequence_error(text: &str) -> String {
        let lib = Library::load(&content_dir()).unwrap();
        parse_sequence(text, "routines/broken.toml", &lib.routines)
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn shipped_pack_has_the_desk_stretches_and_routines_with_tags() {
        let lib = Library::load(&content_dir()).unwrap();
        assert!(
            lib.len() >= 9,
            "at least eight stretches besides Child's Pose"
        );
        for r in lib.routines() {
            assert!(!r.sources.trim().is_empty(), "{} names its sources", r.id);
            if r.id != "childs-pose" {
                assert!(
                    (15..=30).contains(&r.hold.max_secs) || r.id == "cat-cow",
                    "{}: conservative holds",
                    r.id
                );
                assert!(
                    r.safety.iter().any(|t| t.tip.contains("never pain")),
                    "{}",
                    r.id
                );
            }
        }
        let desk = lib.routines().filter(|r| r.tags.fits_desk()).count();
        assert!(desk >= 8, "{desk} desk stretches");
        assert!(!lib.get("childs-pose").unwrap().tags.fits_desk());
        assert!(!lib.get("cat-cow").unwrap().tags.fits_desk());
        for id in ["desk-reset", "end-of-day-back"] {
            assert!(lib.sequence(id).is_some(), "{id}");
        }
        // Autocomplete finds a stretch by a tag, and lists routines first.
        let found: Vec<String> = lib
            .search_entries("wrists", 25)
            .iter()
            .map(|e| match e {
                Entry::Stretch(r) => r.id.clone(),
                Entry::Sequence(s) => s.id.clone(),
            })
            .collect();
        assert_eq!(found, vec!["wrist-stretch"]);
        assert!(matches!(lib.search_entries("", 25)[0], Entry::Sequence(_)));
    }

    #[test]
    fn a_per_side_stretch_plays_each_side_with_a_switch_between() {
        let lib = Library::load(&content_dir()).unwrap();
        let r = lib.playable("neck-side-stretch").unwrap();
        let titles: Vec<&str> = r.steps.iter().map(|s| s.title.as_str()).collect();
        assert_eq!(
            titles,
            vec![
                "Sit tall",
                "Tilt your head (right side)",
                "Hold the stretch (right side)",
                "Switch sides",
                "Tilt your head (left side)",
                "Hold the stretch (left side)",
            ]
        );
        assert_eq!(r.steps.iter().filter(|s| s.hold).count(), 2);
        assert!(r.steps[2].cue.starts_with("Right side: "));
        // As written, for `/stretch info`: three steps, one held.
        assert_eq!(lib.get("neck-side-stretch").unwrap().steps.len(), 3);
        // A stretch done once plays as written.
        assert_eq!(lib.playable("childs-pose").unwrap().steps.len(), 4);
    }

    #[test]
    fn a_routine_flattens_its_stretches_with_their_own_holds() {
        let lib = Library::load(&content_dir()).unwrap();
        let r = lib.playable("end-of-day-back").unwrap();
        assert_eq!(r.chain, Some(2));
        let held: Vec<Option<u32>> = r
            .steps
            .iter()
            .filter(|s| s.hold)
            .map(|s| s.held_secs)
            .collect();
        assert_eq!(held, vec![Some(45), Some(90)]);
        assert!(r.steps[0].title.starts_with("Cat-Cow · "));
        assert_eq!(r.exit_cue, lib.get("childs-pose").unwrap().exit_cue);
        let desk = lib.playable("desk-reset").unwrap();
        let switches = desk
            .steps
            .iter()
            .filter(|s| s.title.ends_with("Switch sides"))
            .count();
        assert_eq!(switches, 4, "four per-side stretches, one switch each");
        let secs = playable_secs(desk);
        assert!((240..=360).contains(&secs), "about five minutes: {secs} s");
    }

    #[test]
    fn a_routine_naming_an_unknown_stretch_names_file_and_field() {
        let text = shipped_sequence("end-of-day-back").replace("\"cat-cow\"", "\"cat-moo\"");
        assert_eq!(
            sequence_error(&text),
            "routines/broken.toml: field `items[0].stretch` names `cat-moo`, which is not a stretch in the content folder"
        );
    }

    #[test]
    fn routine_sides_must_match_how_the_stretch_is_done() {
        // A side given for a stretch that is not done per side.
        let text = shipped_sequence("end-of-day-back").replacen(
            "hold_secs = 45",
            "hold_secs = 45\nsides = [\"left\"]",
            1,
        );
        assert_eq!(
            sequence_error(&text),
            "routines/broken.toml: field `items[0].sides` is given, but cat-cow is not done per side"
        );
        // A per-side stretch without sides.
        let desk = shipped_sequence("desk-reset");
        let text = desk.replacen("sides = [\"right\", \"left\"]\n", "", 1);
        let err = sequence_error(&text);
        assert!(err.contains("`items[0].sides` is missing"), "{err}");
        // A side the stretch does not have, or one given twice.
        let text = desk.replacen("[\"right\", \"left\"]", "[\"right\", \"up\"]", 1);
        let err = sequence_error(&text);
        assert!(err.contains("`items[0].sides` names `up`, a side"), "{err}");
        let text = desk.replacen("[\"right\", \"left\"]", "[\"left\", \"left\"]", 1);
        assert!(sequence_error(&text).contains("twice"));
        // A hold outside the stretch's bounds.
        let text = desk.replacen("hold_secs = 15", "hold_secs = 90", 1);
        let err = sequence_error(&text);
        assert!(
            err.contains("`items[0].hold_secs` must be between 15 and 30"),
            "{err}"
        );
    }

    #[test]
    fn a_routine_id_may_not_reuse_a_stretch_id() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("images")).unwrap();
        std::fs::create_dir_all(dir.path().join("routines")).unwrap();
        std::fs::copy(
            content_dir().join("images/childs-pose.png"),
            dir.path().join("images/childs-pose.png"),
        )
        .unwrap();
        std::fs::write(dir.path().join("childs-pose.toml"), shipped_text()).unwrap();
        let routine = "id = \"childs-pose\"\nname = \"x\"\ntagline = \"x\"\ndescription = \"x\"\nposition = \"floor\"\n[[items]]\nstretch = \"childs-pose\"\n";
        std::fs::write(dir.path().join("routines/r.toml"), routine).unwrap();
        let err = Library::load(dir.path()).unwrap_err().to_string();
        assert!(
            err.contains("r.toml") && err.contains("already used"),
            "{err}"
        );
    }

    #[test]
    fn a_side_name_list_must_hold_two_different_sides() {
        let text = std::fs::read_to_string(content_dir().join("neck-side-stretch.toml")).unwrap();
        let broken = text.replace("names = [\"right\", \"left\"]", "names = [\"right\"]");
        let err = parse_routine(&broken, "broken.toml", &content_dir()).unwrap_err();
        assert!(err.to_string().contains("`sides.names`"), "{err}");
    }

    mod fuzz {
        use super::*;
        use crate::test_support::assert_one_line;
        use proptest::prelude::*;

        /// A content error is read in a log line or a terminal: one line that names the file,
        /// short enough to read, whatever the file held.
        fn check(err: &ContentError, file: &str) {
            let msg = err.to_string();
            assert_one_line(&msg, 300);
            assert!(msg.contains(file), "names the file: {msg:?}");
        }

        /// The shipped file with one line replaced, or cut short: near enough to valid that
        /// the validation runs, not only the TOML parser.
        fn damaged() -> impl Strategy<Value = String> {
            let lines: Vec<String> = shipped_text().lines().map(str::to_owned).collect();
            let n = lines.len();
            (
                0..n,
                any::<String>(),
                "[a-z_]{1,10} = ([0-9]{1,4}|\"[ a-z@]{0,5}\"|true|\\[\\])",
                any::<bool>(),
                0..n,
            )
                .prop_map(move |(at, junk, assign, cut, keep)| {
                    let mut lines = lines.clone();
                    if cut {
                        lines.truncate(keep);
                    } else {
                        lines[at] = if at % 2 == 0 { junk } else { assign };
                    }
                    lines.join("\n")
                })
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(128))]

            #[test]
            fn any_search_is_answered_within_the_limit(partial in any::<String>()) {
                let library = crate::test_support::shipped_library();
                prop_assert!(library.search(&partial, 25).len() <= 25);
            }

            #[test]
            fn any_routine_text_loads_or_is_refused_on_one_line(
                text in prop_oneof![any::<String>(), damaged()],
            ) {
                if let Err(e) = parse_routine(&text, "fuzz.toml", &content_dir()) {
                    check(&e, "fuzz.toml");
                }
            }
        }

        proptest! {
            // Each case writes a folder, so fewer of them.
            #![proptest_config(ProptestConfig::with_cases(32))]

            #[test]
            fn any_bytes_in_a_content_folder_load_or_are_refused_on_one_line(
                bytes in prop_oneof![
                    proptest::collection::vec(any::<u8>(), 0..512),
                    damaged().prop_map(String::into_bytes),
                ],
            ) {
                let dir = tempfile::tempdir().unwrap();
                std::fs::write(dir.path().join("fuzz.toml"), &bytes).unwrap();
                if let Err(e) = Library::load(dir.path()) {
                    check(&e, "fuzz.toml");
                }
            }
        }
    }
}
