//! Test fixtures: the shipped Child's Pose with its timings pinned, so that an edit of the
//! content file does not silently change the offsets the tests assert; the shipped library as
//! is; and the instant, date and schedule building the schedule tests need.

use std::{
    path::PathBuf,
    sync::{Arc, OnceLock},
};

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;

use crate::{
    content::{parse_routine, Library, Routine},
    schedule::{parse::parse_days, Schedule},
};

/// An RFC 3339 instant, as UTC.
pub fn utc(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

/// A `YYYY-MM-DD` date.
pub fn date(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// A schedule from a time of day (`09:00:00`), days as an admin types them, and a zone.
pub fn schedule(time: &str, days: &str, tz: Tz) -> Schedule {
    Schedule {
        time: time.parse().unwrap(),
        days: parse_days(days).unwrap(),
        tz,
    }
}

pub fn content_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("content")
}

/// The shipped routine file with steps of 15 s, a 60-300 s hold, 1-3 sets and a 20 s rest.
pub fn pinned_toml() -> String {
    let text = std::fs::read_to_string(content_dir().join("childs-pose.toml")).unwrap();
    let mut doc: toml::Value = toml::from_str(&text).unwrap();
    let steps = doc["steps"].as_array_mut().unwrap();
    assert_eq!(steps.len(), 4, "the fixture expects four steps");
    for (i, step) in steps.iter_mut().enumerate() {
        let step = step.as_table_mut().unwrap();
        if i == 3 {
            step.insert("hold".into(), true.into());
            step.remove("secs");
        } else {
            step.insert("hold".into(), false.into());
            step.insert("secs".into(), 15.into());
        }
    }
    let hold = doc["hold"].as_table_mut().unwrap();
    hold.insert("min_secs".into(), 60.into());
    hold.insert("default_secs".into(), 90.into());
    hold.insert("max_secs".into(), 300.into());
    let sets = doc["sets"].as_table_mut().unwrap();
    sets.insert("min".into(), 1.into());
    sets.insert("default".into(), 1.into());
    sets.insert("max".into(), 3.into());
    sets.insert("rest_secs".into(), 20.into());
    toml::to_string(&doc).unwrap()
}

pub fn fixture_routine() -> Routine {
    parse_routine(&pinned_toml(), "fixture.toml", &content_dir()).unwrap()
}

/// A library holding only the pinned routine; keep the folder alive while the library is used.
pub fn fixture_library() -> (tempfile::TempDir, Library) {
    let dir = tempfile::tempdir().unwrap();
    let routine = fixture_routine();
    let image = dir.path().join(&routine.image.file);
    std::fs::create_dir_all(image.parent().unwrap()).unwrap();
    std::fs::copy(&routine.image_path, &image).unwrap();
    std::fs::write(dir.path().join("childs-pose.toml"), pinned_toml()).unwrap();
    let library = Library::load(dir.path()).unwrap();
    (dir, library)
}

/// Every language's sentences as shipped (`content/locales/`), loaded once per test binary.
pub fn shipped_texts() -> Arc<crate::i18n::Texts> {
    static TEXTS: OnceLock<Arc<crate::i18n::Texts>> = OnceLock::new();
    TEXTS
        .get_or_init(|| Arc::new(crate::i18n::Texts::load(&content_dir().join("locales")).unwrap()))
        .clone()
}

/// The shipped content folder as is, loaded once per test binary.
pub fn shipped_library() -> Arc<Library> {
    static LIBRARY: OnceLock<Arc<Library>> = OnceLock::new();
    LIBRARY
        .get_or_init(|| Arc::new(Library::load(&content_dir()).unwrap()))
        .clone()
}
