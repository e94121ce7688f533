//! Parsers for what an admin types into the schedule commands.
//!
//! Every error is shown to the admin as-is, so each one is a single plain sentence that says what
//! to type instead. Echoed input is shortened and defused, because input can be huge or contain
//! mentions and the reply must never ping anyone.

use std::fmt;

use chrono::{NaiveTime, Weekday};
use chrono_tz::{Tz, TZ_VARIANTS};

use crate::error::{is_bidi_control, ZWSP};

/// Longest custom message accepted, counted in characters after trimming.
pub const MAX_CUSTOM_MESSAGE_CHARS: usize = 300;

/// How much of the admin's input an error message may quote back.
const ECHO_MAX_CHARS: usize = 20;

/// A rejected admin input. `Display` (and the [`UserMessage`](crate::error::UserMessage) made from it) is one sentence meant for
/// the person who typed it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InputError {
    #[error("Please enter a time in 24-hour HH:MM, like 09:30 or 17:00.")]
    TimeEmpty,
    #[error("“{0}” isn't a time: use 24-hour HH:MM, like 09:30 or 17:00.")]
    TimeFormat(Echo),
    #[error("Minutes need two digits, like {}.", minute_examples(*.hour, *.digit))]
    TimeMinuteDigits { hour: u32, digit: u32 },
    #[error("“{0}” isn't a time: hours go from 00 to 23 on the 24-hour clock.")]
    TimeHourRange(Echo),
    #[error("“{0}” isn't a time: minutes go from 00 to 59.")]
    TimeMinuteRange(Echo),
    #[error("Please use the 24-hour clock: write “{written}” as {hour:02}:{minute:02}.")]
    TimeTwelveHour {
        written: Echo,
        hour: u32,
        minute: u32,
    },
    #[error(
        "Please choose days: “every day”, “weekdays”, “weekends”, or a list like mon,wed,fri."
    )]
    DaysEmpty,
    #[error("“{0}” isn't a day: use mon, tue, wed, thu, fri, sat, sun (or full names), “weekdays”, “weekends” or “every day”.")]
    DaysUnknown(Echo),
    #[error("Please enter a time zone such as Europe/Berlin or America/New_York, or pick one from the suggestions.")]
    ZoneEmpty,
    #[error("Time zone names are case-sensitive: did you mean {0}?")]
    ZoneWrongCase(&'static str),
    #[error("“{written}” is an abbreviation that ignores daylight saving: use a place name like {suggestion}.")]
    ZoneAbbreviation {
        written: Echo,
        suggestion: &'static str,
    },
    #[error("Fixed offsets like “{0}” ignore daylight saving: use a place name like Europe/Berlin or America/New_York.")]
    ZoneOffset(Echo),
    #[error("“{0}” isn't a known time zone: pick one from the suggestions or use an IANA name like Europe/Berlin.")]
    ZoneUnknown(Echo),
    #[error("That message is {0} characters long: please keep it to {MAX_CUSTOM_MESSAGE_CHARS} or fewer.")]
    MessageTooLong(usize),
}

/// Every input error is the admin's to fix: its sentence (`input-*` in `reminders.ftl`, whose
/// English is the `Display` text) is what they see, in their language.
impl From<InputError> for crate::error::UserMessage {
    fn from(e: InputError) -> Self {
        e.user_message()
    }
}

impl InputError {
    /// The sentence's key in `reminders.ftl` and its arguments.
    pub fn user_message(&self) -> crate::error::UserMessage {
        use crate::{error::UserMessage as M, i18n::Arg};
        let s = |e: &Echo| e.0.clone();
        match self {
            InputError::TimeEmpty => M::localized("input-time-empty", &[]),
            InputError::TimeFormat(e) => {
                M::localized("input-time-format", &[("input", Arg::Str(&s(e)))])
            }
            InputError::TimeMinuteDigits { hour, digit } => {
                let first = format!("{hour:02}:0{digit}");
                let second = if *digit <= 5 {
                    format!("{hour:02}:{digit}0")
                } else {
                    "none".to_owned()
                };
                M::localized(
                    "input-time-minute-digits",
                    &[("first", Arg::Str(&first)), ("second", Arg::Str(&second))],
                )
            }
            InputError::TimeHourRange(e) => {
                M::localized("input-time-hour-range", &[("input", Arg::Str(&s(e)))])
            }
            InputError::TimeMinuteRange(e) => {
                M::localized("input-time-minute-range", &[("input", Arg::Str(&s(e)))])
            }
            InputError::TimeTwelveHour {
                written,
                hour,
                minute,
            } => {
                let time = format!("{hour:02}:{minute:02}");
                M::localized(
                    "input-time-twelve-hour",
                    &[("input", Arg::Str(&s(written))), ("time", Arg::Str(&time))],
                )
            }
            InputError::DaysEmpty => M::localized("input-days-empty", &[]),
            InputError::DaysUnknown(e) => {
                M::localized("input-days-unknown", &[("input", Arg::Str(&s(e)))])
            }
            InputError::ZoneEmpty => M::localized("input-zone-empty", &[]),
            InputError::ZoneWrongCase(zone) => {
                M::localized("input-zone-wrong-case", &[("zone", Arg::Str(zone))])
            }
            InputError::ZoneAbbreviation {
                written,
                suggestion,
            } => M::localized(
                "input-zone-abbreviation",
                &[
                    ("input", Arg::Str(&s(written))),
                    ("zone", Arg::Str(suggestion)),
                ],
            ),
            InputError::ZoneOffset(e) => {
                M::localized("input-zone-offset", &[("input", Arg::Str(&s(e)))])
            }
            InputError::ZoneUnknown(e) => {
                M::localized("input-zone-unknown", &[("input", Arg::Str(&s(e)))])
            }
            InputError::MessageTooLong(n) => M::localized(
                "input-message-too-long",
                &[
                    ("count", Arg::Num(i64::try_from(*n).unwrap_or(i64::MAX))),
                    (
                        "max",
                        Arg::Num(i64::try_from(MAX_CUSTOM_MESSAGE_CHARS).unwrap_or(i64::MAX)),
                    ),
                ],
            ),
        }
    }
}

/// "12:3" could mean 12:03 or 12:30; offer the second only when it is a real time.
fn minute_examples(hour: u32, digit: u32) -> String {
    if digit <= 5 {
        format!("{hour:02}:0{digit} or {hour:02}:{digit}0")
    } else {
        format!("{hour:02}:0{digit}")
    }
}

/// A piece of admin input quoted back in an error: at most 20 characters, no
/// control characters, and no `@` that could form a mention.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Echo(String);

impl Echo {
    fn new(input: &str) -> Self {
        Echo(crate::error::quote(input, ECHO_MAX_CHARS))
    }
}

impl fmt::Display for Echo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Parses a 24-hour "HH:MM" (or "H:MM") time of day.
pub fn parse_time_of_day(input: &str) -> Result<NaiveTime, InputError> {
    let s = input.trim();
    if s.is_empty() {
        return Err(InputError::TimeEmpty);
    }
    let echo = || Echo::new(s);
    if let Some(err) = twelve_hour_hint(s) {
        return Err(err);
    }
    let (h, m) = s
        .split_once(':')
        .ok_or_else(|| InputError::TimeFormat(echo()))?;
    let all_digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    if !all_digits(h) || h.len() > 2 || !all_digits(m) || m.len() > 2 {
        return Err(InputError::TimeFormat(echo()));
    }
    // Both parts are one or two ASCII digits here, so these parses cannot fail.
    let hour: u32 = h.parse().map_err(|_| InputError::TimeFormat(echo()))?;
    let minute: u32 = m.parse().map_err(|_| InputError::TimeFormat(echo()))?;
    if hour > 23 {
        return Err(InputError::TimeHourRange(echo()));
    }
    if m.len() == 1 {
        return Err(InputError::TimeMinuteDigits {
            hour,
            digit: minute,
        });
    }
    if minute > 59 {
        return Err(InputError::TimeMinuteRange(echo()));
    }
    NaiveTime::from_hms_opt(hour, minute, 0).ok_or_else(|| InputError::TimeFormat(echo()))
}

/// "9pm", "9:30 am": the admin clearly meant a time, so tell them the 24-hour spelling.
fn twelve_hour_hint(s: &str) -> Option<InputError> {
    let lower = s.to_ascii_lowercase();
    let (rest, pm) = if let Some(r) = lower.strip_suffix("pm") {
        (r, true)
    } else if let Some(r) = lower.strip_suffix("am") {
        (r, false)
    } else {
        return None;
    };
    let rest = rest.trim_end().trim_end_matches('.');
    let (h, m) = rest.split_once(':').unwrap_or((rest, "00"));
    let short = |t: &str, max: usize| {
        !t.is_empty() && t.len() <= max && t.bytes().all(|b| b.is_ascii_digit())
    };
    if !short(h, 2) || !short(m, 2) || m.len() != 2 {
        return None;
    }
    let hour12: u32 = h.parse().ok()?;
    let minute: u32 = m.parse().ok()?;
    if !(1..=12).contains(&hour12) || minute > 59 {
        return None;
    }
    let hour = match (hour12, pm) {
        (12, false) => 0,
        (12, true) => 12,
        (h, false) => h,
        (h, true) => h + 12,
    };
    Some(InputError::TimeTwelveHour {
        written: Echo::new(s),
        hour,
        minute,
    })
}

/// A set of weekdays, stored as 7 bits (bit 0 = Monday).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct DaySet(u8);

impl DaySet {
    pub const EMPTY: DaySet = DaySet(0);
    pub const EVERY_DAY: DaySet = DaySet(0b111_1111);
    pub const WEEKDAYS: DaySet = DaySet(0b001_1111);
    pub const WEEKENDS: DaySet = DaySet(0b110_0000);

    fn bit(day: Weekday) -> u8 {
        1 << day.num_days_from_monday()
    }

    /// This set plus `day`.
    pub fn with(self, day: Weekday) -> DaySet {
        DaySet(self.0 | Self::bit(day))
    }

    pub fn contains(self, day: Weekday) -> bool {
        self.0 & Self::bit(day) != 0
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The days in the set, Monday first.
    pub fn iter(self) -> impl Iterator<Item = Weekday> {
        WEEK.into_iter().filter(move |d| self.contains(*d))
    }

    pub fn to_bits(self) -> u8 {
        self.0
    }

    /// `None` if bit 7 is set: such a value was not written by [`DaySet::to_bits`].
    pub fn from_bits(bits: u8) -> Option<DaySet> {
        (bits & !Self::EVERY_DAY.0 == 0).then_some(DaySet(bits))
    }

    /// Ignores bit 7.
    pub fn from_bits_truncate(bits: u8) -> DaySet {
        DaySet(bits & Self::EVERY_DAY.0)
    }
}

impl FromIterator<Weekday> for DaySet {
    fn from_iter<I: IntoIterator<Item = Weekday>>(iter: I) -> Self {
        iter.into_iter().fold(DaySet::EMPTY, DaySet::with)
    }
}

impl fmt::Display for DaySet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            DaySet::EVERY_DAY => f.write_str("every day"),
            DaySet::WEEKDAYS => f.write_str("weekdays"),
            DaySet::WEEKENDS => f.write_str("weekends"),
            DaySet::EMPTY => f.write_str("no days"),
            set => {
                for (i, day) in set.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    f.write_str(short_name(day))?;
                }
                Ok(())
            }
        }
    }
}

const WEEK: [Weekday; 7] = [
    Weekday::Mon,
    Weekday::Tue,
    Weekday::Wed,
    Weekday::Thu,
    Weekday::Fri,
    Weekday::Sat,
    Weekday::Sun,
];

fn short_name(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "Mon",
        Weekday::Tue => "Tue",
        Weekday::Wed => "Wed",
        Weekday::Thu => "Thu",
        Weekday::Fri => "Fri",
        Weekday::Sat => "Sat",
        Weekday::Sun => "Sun",
    }
}

fn day_from_name(token: &str) -> Option<Weekday> {
    Some(match token {
        "mon" | "monday" => Weekday::Mon,
        "tue" | "tues" | "tuesday" => Weekday::Tue,
        "wed" | "weds" | "wednesday" => Weekday::Wed,
        "thu" | "thur" | "thurs" | "thursday" => Weekday::Thu,
        "fri" | "friday" => Weekday::Fri,
        "sat" | "saturday" => Weekday::Sat,
        "sun" | "sunday" => Weekday::Sun,
        _ => return None,
    })
}

/// A lower-case token: a group name, a day, or a range like "mon-fri" (wrapping past Sunday).
fn days_from_token(token: &str) -> Option<DaySet> {
    match token {
        "daily" | "everyday" => return Some(DaySet::EVERY_DAY),
        "weekdays" => return Some(DaySet::WEEKDAYS),
        "weekends" | "weekend" => return Some(DaySet::WEEKENDS),
        _ => {}
    }
    if let Some(day) = day_from_name(token) {
        return Some(DaySet::EMPTY.with(day));
    }
    let (from, to) = token.split_once('-')?;
    let (from, to) = (day_from_name(from)?, day_from_name(to)?);
    let mut set = DaySet::EMPTY.with(from);
    let mut day = from;
    while day != to {
        day = day.succ();
        set = set.with(day);
    }
    Some(set)
}

/// Parses which days a schedule runs on: "every day", "weekdays", "weekends", or a list of days
/// ("mon,wed,fri", "Monday Tuesday", "mon-fri").
pub fn parse_days(input: &str) -> Result<DaySet, InputError> {
    let lower = input.trim().to_lowercase();
    // "every day" is the one group name with a space in it; glue it before splitting on spaces.
    let glued = lower.split_whitespace().collect::<Vec<_>>().join(" ");
    let glued = glued.replace("every day", "everyday");
    let mut set = DaySet::EMPTY;
    for token in glued
        .split(|c: char| c == ',' || c == ';' || c.is_whitespace())
        .filter(|t| !t.is_empty() && *t != "and" && *t != "&")
    {
        let days =
            days_from_token(token).ok_or_else(|| InputError::DaysUnknown(Echo::new(token)))?;
        set = DaySet(set.0 | days.0);
    }
    if set.is_empty() {
        return Err(InputError::DaysEmpty);
    }
    Ok(set)
}

/// Abbreviations people type for a zone. The ones chrono-tz knows (EST, MST) are fixed offsets
/// all year, so they would silently drift an hour from local wall time in summer.
const ABBREVIATIONS: &[(&str, &str)] = &[
    ("EST", "America/New_York"),
    ("EDT", "America/New_York"),
    ("CST", "America/Chicago"),
    ("CDT", "America/Chicago"),
    ("MST", "America/Denver"),
    ("MDT", "America/Denver"),
    ("PST", "America/Los_Angeles"),
    ("PDT", "America/Los_Angeles"),
    ("BST", "Europe/London"),
    ("CEST", "Europe/Berlin"),
    ("EEST", "Europe/Helsinki"),
    ("IST", "Asia/Kolkata"),
    ("JST", "Asia/Tokyo"),
    ("AEST", "Australia/Sydney"),
    ("AEDT", "Australia/Sydney"),
    ("NZST", "Pacific/Auckland"),
    ("NZDT", "Pacific/Auckland"),
];

/// Parses an IANA time zone name such as "Europe/Berlin".
pub fn parse_timezone(input: &str) -> Result<Tz, InputError> {
    let s = input.trim();
    if s.is_empty() {
        return Err(InputError::ZoneEmpty);
    }
    let upper = s.to_ascii_uppercase();
    if let Some((_, suggestion)) = ABBREVIATIONS.iter().find(|(abbr, _)| *abbr == upper) {
        return Err(InputError::ZoneAbbreviation {
            written: Echo::new(s),
            suggestion,
        });
    }
    if let Ok(tz) = s.parse::<Tz>() {
        return Ok(tz);
    }
    if let Some(tz) = TZ_VARIANTS
        .iter()
        .find(|tz| tz.name().eq_ignore_ascii_case(s))
    {
        return Err(InputError::ZoneWrongCase(tz.name()));
    }
    if looks_like_offset(&upper) {
        return Err(InputError::ZoneOffset(Echo::new(s)));
    }
    Err(InputError::ZoneUnknown(Echo::new(s)))
}

/// "UTC+2", "GMT-05:00", "+0200".
fn looks_like_offset(upper: &str) -> bool {
    let rest = upper
        .strip_prefix("UTC")
        .or_else(|| upper.strip_prefix("GMT"))
        .unwrap_or(upper)
        .trim_start();
    let Some(digits) = rest.strip_prefix(['+', '-', '−']) else {
        return false;
    };
    let digits = digits.trim();
    !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit() || c == ':')
}

/// Zones offered when nothing has been typed yet: where most teams are, rather than "Africa/A…".
const COMMON_ZONES: &[&str] = &[
    "UTC",
    "Europe/London",
    "Europe/Berlin",
    "Europe/Paris",
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Los_Angeles",
    "America/Sao_Paulo",
    "Asia/Kolkata",
    "Asia/Singapore",
    "Asia/Tokyo",
    "Australia/Sydney",
    "Pacific/Auckland",
];

/// Time zone names for autocomplete: case-insensitive substring matches of `query` (spaces count
/// as underscores, so "new york" finds America/New_York). Names starting with the query come
/// first, then names with a part ("Europe/" `Berlin`) starting with it, then the rest.
pub fn timezone_suggestions(query: &str, limit: usize) -> Vec<&'static str> {
    let q = query.trim().to_lowercase().replace(' ', "_");
    if q.is_empty() {
        return COMMON_ZONES.iter().copied().take(limit).collect();
    }
    let mut hits: Vec<(u8, &'static str)> = TZ_VARIANTS
        .iter()
        .filter_map(|tz| {
            let name = tz.name();
            let lower = name.to_lowercase();
            let rank = if lower.starts_with(&q) {
                0
            } else if lower.split('/').any(|part| part.starts_with(&q)) {
                1
            } else if lower.contains(&q) {
                2
            } else {
                return None;
            };
            Some((rank, name))
        })
        .collect();
    hits.sort_unstable();
    hits.into_iter().take(limit).map(|(_, name)| name).collect()
}

/// Cleans an admin's custom reminder text: trims it, drops control and bidi-override characters
/// (keeping newlines), collapses runs of blank lines, and defuses every mention so the reminder
/// can never ping (`@everyone`, `@here`, `<@id>`, `<@!id>`, `<@&id>`). Empty input means "no
/// custom message" and gives `Ok("")`.
///
/// Callers should still send with mentions disabled; this is the second lock.
pub fn sanitize_custom_message(input: &str) -> Result<String, InputError> {
    let cleaned: String = input
        .chars()
        .filter_map(|c| match c {
            '\n' => Some('\n'),
            '\t' => Some(' '),
            c if c.is_control() || is_bidi_control(c) => None,
            c => Some(c),
        })
        .collect();
    let mut lines: Vec<&str> = Vec::new();
    let mut blank_run = 0;
    for line in cleaned.trim().lines().map(str::trim_end) {
        if line.is_empty() {
            blank_run += 1;
            // One blank line (two newlines in a row) is a paragraph break; more is just a wall.
            if blank_run > 1 {
                continue;
            }
        } else {
            blank_run = 0;
        }
        lines.push(line);
    }
    let text = lines.join("\n");
    let len = text.chars().count();
    if len > MAX_CUSTOM_MESSAGE_CHARS {
        return Err(InputError::MessageTooLong(len));
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        out.push(c);
        // Every mention form Discord parses starts with '@' directly followed by the target.
        if c == '@' {
            out.push(ZWSP);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::assert_one_sentence;
    use proptest::prelude::*;

    /// The sentence a person sees, held to the shared bar.
    fn assert_human(err: &InputError) {
        let msg = crate::error::UserMessage::from(err.clone()).to_string();
        assert_eq!(msg, err.to_string());
        assert_one_sentence(&msg);
    }

    fn time_err(input: &str) -> InputError {
        let err = parse_time_of_day(input).expect_err(input);
        assert_human(&err);
        err
    }

    fn t(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    #[test]
    fn times_accepted() {
        assert_eq!(parse_time_of_day("9:05"), Ok(t(9, 5)));
        assert_eq!(parse_time_of_day("09:05"), Ok(t(9, 5)));
        assert_eq!(parse_time_of_day("  17:00 \n"), Ok(t(17, 0)));
        assert_eq!(parse_time_of_day("00:00"), Ok(t(0, 0)));
        assert_eq!(parse_time_of_day("23:59"), Ok(t(23, 59)));
    }

    #[test]
    fn times_rejected_with_a_sentence() {
        for (input, sentence) in [
            (
                "25:00",
                "“25:00” isn't a time: hours go from 00 to 23 on the 24-hour clock.",
            ),
            ("9:60", "“9:60” isn't a time: minutes go from 00 to 59."),
            ("9am", "Please use the 24-hour clock: write “9am” as 09:00."),
            (
                "9:30 PM",
                "Please use the 24-hour clock: write “9:30 PM” as 21:30.",
            ),
            (
                "12am",
                "Please use the 24-hour clock: write “12am” as 00:00.",
            ),
            (
                "12",
                "“12” isn't a time: use 24-hour HH:MM, like 09:30 or 17:00.",
            ),
            ("12:3", "Minutes need two digits, like 12:03 or 12:30."),
            (" 7:8 ", "Minutes need two digits, like 07:08."),
        ] {
            assert_eq!(time_err(input).to_string(), sentence, "{input}");
        }
        assert_eq!(
            time_err("24:00"),
            InputError::TimeHourRange(Echo::new("24:00"))
        );
        assert_eq!(time_err(""), InputError::TimeEmpty);
        assert_eq!(time_err("   "), InputError::TimeEmpty);
        for bad in [
            "-1:00",
            "9:-5",
            "+9:00",
            "9:5a",
            "009:00",
            "9:000",
            "9.30",
            "9h30",
            "09:30:00",
            ":30",
            "9:",
            "１２:００",
            "13pm",
            "0am",
            "noon",
        ] {
            assert!(matches!(time_err(bad), InputError::TimeFormat(_)), "{bad}");
        }
    }

    #[test]
    fn huge_or_hostile_input_is_not_echoed() {
        let huge = "9".repeat(5000);
        let msg = time_err(&huge).to_string();
        assert!(msg.chars().count() < 80, "{msg}");
        assert!(msg.contains('…'));
        let msg = time_err("@everyone").to_string();
        assert!(!msg.contains("@everyone"), "{msg}");
        let msg = time_err("a\nb\u{7}c").to_string();
        assert!(msg.contains("“abc”"), "{msg}");
    }

    fn days(input: &str) -> DaySet {
        parse_days(input).unwrap_or_else(|e| panic!("{input}: {e}"))
    }

    #[test]
    fn days_accepted() {
        for every in [
            "every day",
            "Every  Day",
            "daily",
            "EVERYDAY",
            "mon-sun",
            "weekdays weekends",
        ] {
            assert_eq!(days(every), DaySet::EVERY_DAY, "{every}");
        }
        assert_eq!(days("weekdays"), DaySet::WEEKDAYS);
        assert_eq!(days("mon-fri"), DaySet::WEEKDAYS);
        assert_eq!(days("weekends"), DaySet::WEEKENDS);
        let mwf: DaySet = [Weekday::Mon, Weekday::Wed, Weekday::Fri]
            .into_iter()
            .collect();
        assert_eq!(days("mon,wed,fri"), mwf);
        assert_eq!(days("Monday wednesday, FRI, mon"), mwf);
        assert_eq!(days("mon, wed and fri"), mwf);
        assert_eq!(days("Mon, Tue").to_string(), "Mon, Tue");
        assert_eq!(days("fri-mon").to_string(), "Mon, Fri, Sat, Sun");
        assert!(days("sun").contains(Weekday::Sun));
        assert!(!days("sun").contains(Weekday::Mon));
    }

    #[test]
    fn days_rejected_with_a_sentence() {
        for (input, expected) in [
            ("", InputError::DaysEmpty),
            (" , ,", InputError::DaysEmpty),
            ("and", InputError::DaysEmpty),
            ("mon,funday", InputError::DaysUnknown(Echo::new("funday"))),
            ("mon-xyz", InputError::DaysUnknown(Echo::new("mon-xyz"))),
            ("every", InputError::DaysUnknown(Echo::new("every"))),
            ("3", InputError::DaysUnknown(Echo::new("3"))),
        ] {
            let err = parse_days(input).expect_err(input);
            assert_human(&err);
            assert_eq!(err, expected, "{input}");
        }
        let err = parse_days(&format!("mon {}", "x".repeat(5000))).unwrap_err();
        assert_human(&err);
        assert_eq!(
            err.to_string(),
            "“xxxxxxxxxxxxxxxxxxxx…” isn't a day: use mon, tue, wed, thu, fri, sat, sun (or full names), “weekdays”, “weekends” or “every day”."
        );
    }

    #[test]
    fn day_set_display_and_bits() {
        assert_eq!(DaySet::EVERY_DAY.to_string(), "every day");
        assert_eq!(DaySet::WEEKDAYS.to_string(), "weekdays");
        assert_eq!(DaySet::WEEKENDS.to_string(), "weekends");
        assert_eq!(days("fri,wed,mon").to_string(), "Mon, Wed, Fri");
        assert!(DaySet::EMPTY.is_empty());
        for bits in 0..=127u8 {
            let set = DaySet::from_bits(bits).unwrap();
            assert_eq!(set.to_bits(), bits);
            assert_eq!(set.iter().collect::<DaySet>(), set);
        }
        assert_eq!(DaySet::from_bits(0x80), None);
        assert_eq!(DaySet::from_bits_truncate(0xFF), DaySet::EVERY_DAY);
    }

    fn zone_err(input: &str) -> String {
        let err = parse_timezone(input).expect_err(input);
        assert_human(&err);
        err.to_string()
    }

    #[test]
    fn zones() {
        assert_eq!(
            parse_timezone("Europe/Berlin"),
            Ok(chrono_tz::Europe::Berlin)
        );
        assert_eq!(
            parse_timezone(" America/New_York "),
            Ok(chrono_tz::America::New_York)
        );
        assert_eq!(parse_timezone("UTC"), Ok(chrono_tz::UTC));
        assert_eq!(
            zone_err("europe/berlin"),
            "Time zone names are case-sensitive: did you mean Europe/Berlin?"
        );
        assert_eq!(
            zone_err("AMERICA/NEW_YORK"),
            "Time zone names are case-sensitive: did you mean America/New_York?"
        );
        assert_eq!(
            zone_err("Mars/Olympus"),
            "“Mars/Olympus” isn't a known time zone: pick one from the suggestions or use an IANA name like Europe/Berlin."
        );
        assert_eq!(
            zone_err("UTC+2"),
            "Fixed offsets like “UTC+2” ignore daylight saving: use a place name like Europe/Berlin or America/New_York."
        );
        assert!(zone_err("GMT-05:00").starts_with("Fixed offsets"));
        assert!(zone_err("+0200").starts_with("Fixed offsets"));
        assert_eq!(
            zone_err("EST"),
            "“EST” is an abbreviation that ignores daylight saving: use a place name like America/New_York."
        );
        assert!(zone_err("pst").ends_with("America/Los_Angeles."));
        assert_eq!(zone_err(""), InputError::ZoneEmpty.to_string());
        let long = zone_err(&"Europe/".repeat(1000));
        assert!(long.chars().count() < 200);
    }

    #[test]
    fn zone_suggestions() {
        let s = timezone_suggestions("berlin", 25);
        assert_eq!(s, vec!["Europe/Berlin"]);
        let s = timezone_suggestions("new york", 25);
        assert_eq!(s, vec!["America/New_York"]);
        let s = timezone_suggestions("eur", 25);
        assert_eq!(s.len(), 25);
        assert!(s.iter().all(|n| n.starts_with("Europe/")), "{s:?}");
        // Prefix of the whole name beats prefix of a part beats a match inside.
        let s = timezone_suggestions("us", 100);
        assert!(s[0].starts_with("US/"), "{s:?}");
        let first_part = s
            .iter()
            .position(|n| !n.to_lowercase().starts_with("us"))
            .unwrap();
        assert!(s[first_part..].contains(&"Australia/Sydney"));
        assert!(timezone_suggestions("", 25).contains(&"Europe/Berlin"));
        assert_eq!(timezone_suggestions("", 3).len(), 3);
        assert!(timezone_suggestions("Mars", 25).is_empty());
        assert!(timezone_suggestions("a", 0).is_empty());
        for name in timezone_suggestions("", 25) {
            assert!(parse_timezone(name).is_ok(), "{name}");
        }
    }

    #[test]
    fn custom_messages() {
        for (input, cleaned) in [
            ("   ", ""),
            ("", ""),
            ("  Time to stretch!  ", "Time to stretch!"),
            (
                "hi @everyone and @here",
                "hi @\u{200B}everyone and @\u{200B}here",
            ),
            (
                "<@123> <@!456> <@&789>",
                "<@\u{200B}123> <@\u{200B}!456> <@\u{200B}&789>",
            ),
            (
                "a\r\n\r\n\r\n\n  \nb\u{0}\u{1b}[31m\u{202E}c\td",
                "a\n\nb[31mc d",
            ),
            ("a\n\nb", "a\n\nb"),
        ] {
            assert_eq!(
                sanitize_custom_message(input),
                Ok(cleaned.to_string()),
                "{input:?}"
            );
        }
        assert_eq!(
            sanitize_custom_message(&"x".repeat(300)).map(|s| s.len()),
            Ok(300)
        );
        let err = sanitize_custom_message(&"x".repeat(301)).unwrap_err();
        assert_human(&err);
        assert_eq!(
            err.to_string(),
            "That message is 301 characters long: please keep it to 300 or fewer."
        );
        // The limit counts characters, not bytes.
        assert!(sanitize_custom_message(&"é".repeat(300)).is_ok());
    }

    /// Panics (which proptest reports as a failure) unless the rejection is one sentence.
    fn check_message(err: InputError) {
        assert_human(&err);
    }

    proptest! {
        // Bounded so CI stays fast; the near-miss strategy below aims the cases where bugs live.
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn parsers_never_panic(s in any::<String>()) {
            if let Err(e) = parse_time_of_day(&s) { check_message(e); }
            if let Err(e) = parse_days(&s) { check_message(e); }
            if let Err(e) = parse_timezone(&s) { check_message(e); }
            if let Err(e) = sanitize_custom_message(&s) { check_message(e); }
            prop_assert!(timezone_suggestions(&s, 25).len() <= 25);
        }

        #[test]
        fn parsers_on_near_miss_input(
            s in "[0-9:apmAPM @<>!&\n\t ,/+-]{0,12}|[a-zA-Z/_ ,-]{0,30}",
        ) {
            if let Err(e) = parse_time_of_day(&s) { check_message(e); }
            if let Err(e) = parse_days(&s) { check_message(e); }
            if let Err(e) = parse_timezone(&s) { check_message(e); }
            prop_assert!(timezone_suggestions(&s, 25).len() <= 25);
        }

        #[test]
        fn every_valid_time_round_trips(h in 0u32..24, m in 0u32..60, pad in any::<bool>()) {
            let text = if pad { format!(" {h:02}:{m:02} ") } else { format!("{h}:{m:02}") };
            prop_assert_eq!(parse_time_of_day(&text), Ok(t(h, m)));
        }

        #[test]
        fn sanitized_messages_cannot_ping(s in "(@everyone|@here|<@!?&?[0-9]{1,3}>|[\\PC\n\r\t\u{0}]){0,40}") {
            match sanitize_custom_message(&s) {
                Ok(out) => {
                    prop_assert!(out.chars().count() <= 2 * MAX_CUSTOM_MESSAGE_CHARS);
                    prop_assert!(!out.contains("@everyone") && !out.contains("@here"));
                    let defused = out.split('@').skip(1).all(|rest| rest.starts_with(ZWSP));
                    prop_assert!(defused);
                    prop_assert!(!out.contains("\n\n\n"));
                    prop_assert!(out.chars().all(|c| c == '\n' || !c.is_control()));
                    prop_assert_eq!(out.trim(), out.as_str());
                }
                Err(e) => check_message(e),
            }
        }
    }
}
