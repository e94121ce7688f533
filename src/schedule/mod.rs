//! Reminder schedules: parsing admin input and computing the next fire time.
//!
//! Everything here is pure: no Discord, no runtime, no clock. "Now" is always an argument, so the
//! daylight-saving rules can be tested at exact instants.
//!
//! - [`parse`]: admin input (time of day, days, time zone, custom message) to typed values, with
//!   one-sentence errors meant for people.
//! - [`next_fire`]: when a [`Schedule`] fires, in wall-clock time of its zone, DST included.
//! - [`catchup`]: what to post after downtime: at most one late reminder, the rest skipped.

pub mod catchup;
pub mod next_fire;
pub mod parse;

pub use catchup::{catch_up, CatchUp, MAX_LOOKBACK};
pub use next_fire::{Fire, Schedule};
pub use parse::{
    parse_days, parse_time_of_day, parse_timezone, sanitize_custom_message, timezone_suggestions,
    DaySet, Echo, InputError, MAX_CUSTOM_MESSAGE_CHARS,
};
