//! Stretch routines as data: one TOML file per stretch in the content folder, loaded and validated
//! at start. A new stretch needs a new file, never new code.
//!
//! Validation names the file and the field at fault, so a content author can fix a pack without
//! reading Rust.

use std::{
    collections::BTreeMap,
    path::{Path, PathBuf},
};

use serde::Deserialize;
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
    /// Absolute path of the image, filled in by the loader.
    #[serde(skip)]
    pub image_path: PathBuf,
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

/// All routines of a content folder, by id.
#[derive(Debug, Clone, Default)]
pub struct Library {
    routines: BTreeMap<String, Routine>,
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
            origin.insert(routine.id.clone(), name);
            library.routines.insert(routine.id.clone(), routine);
        }
        if library.routines.is_empty() {
            return Err(ContentError::Empty { dir: shown });
        }
        Ok(library)
    }

    pub fn get(&self, id: &str) -> Option<&Routine> {
        self.routines.get(id)
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

/// Parses and validates one routine file; `dir` resolves the image path.
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
    let id_ok = !r.id.is_empty()
        && r.id.len() <= 50
        && r.id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if !id_ok {
        return Err(fail(
            "id",
            "must be 1-50 characters of lowercase letters, digits and '-'",
        ));
    }
    let texts: [(&str, &str); 9] = [
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
