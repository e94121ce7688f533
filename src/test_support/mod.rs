//! The test doubles the unit tests and the benches share, written once: a recording poster
//! ([`RecordingPoster`]), a recording scheduled-events port ([`RecordingEvents`]), a clock that
//! follows tokio's paused time ([`TokioClock`]) and one set by hand ([`ManualClock`]), and the
//! fixtures (the pinned routine, the shipped library, [`utc`] and [`date`]), the one bar every
//! refusal is held to ([`assert_one_sentence`]), and a fresh PostgreSQL database per test
//! ([`postgres::TestDatabase`]).
//!
//! Compiled only for `cfg(test)` and with the `test-support` feature (the benches' self
//! dev-dependency turns it on), so a release build carries none of it.

mod clock;
mod events;
mod fixtures;
mod poster;
pub mod postgres;
mod sentence;

pub use clock::{ManualClock, TokioClock};
pub use events::{EventCall, RecordingEvents};
pub use fixtures::{
    content_dir, date, fixture_library, fixture_routine, pinned_toml, schedule, shipped_library,
    shipped_texts, utc,
};
pub use poster::{Behave, RecordingPoster, Sent};
pub use sentence::{
    assert_cannot_ping, assert_one_line, assert_one_sentence, assert_one_sentence_in, unquoted,
};
