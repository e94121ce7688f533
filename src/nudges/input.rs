//! What `/nudges on` and `/nudges pause` were given, checked before anything is saved. Each
//! mistake is one sentence (a key in `nudges.ftl`) in the person's language.

use chrono::NaiveTime;
use chrono_tz::Tz;

use super::Window;
use crate::i18n::{Arg, Tr};
use crate::schedule::{parse_days, parse_time_of_day, parse_timezone, DaySet, InputError};

pub const MIN_EVERY_MINUTES: u32 = 30;
pub const MAX_EVERY_MINUTES: u32 = 480;
pub const DEFAULT_EVERY_MINUTES: u32 = 90;
pub const MAX_PAUSE_DAYS: u32 = 60;

/// A mistake in the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NudgeInputError {
    Every(i64),
    /// A time, days or zone as `/reminders` refuses them, with the same hints ("did you mean
    /// Europe/Berlin?", "write 5pm as 17:00").
    Input(InputError),
    Window,
    Pause(i64),
}

impl NudgeInputError {
    /// The one sentence the person sees.
    pub fn sentence(&self, tr: Tr<'_>) -> String {
        match self {
            NudgeInputError::Every(_) => tr.t_args(
                "nudges-bad-every",
                &[
                    ("min", Arg::Num(MIN_EVERY_MINUTES.into())),
                    ("max", Arg::Num(MAX_EVERY_MINUTES.into())),
                ],
            ),
            NudgeInputError::Input(e) => e.user_message().sentence(&tr),
            NudgeInputError::Window => tr.t("nudges-bad-window"),
            NudgeInputError::Pause(_) => tr.t_args(
                "nudges-bad-pause",
                &[("max", Arg::Num(MAX_PAUSE_DAYS.into()))],
            ),
        }
    }
}

/// `/nudges on` as typed; `None` is the option left out.
#[derive(Debug, Clone, Default)]
pub struct OnInput {
    pub every_minutes: Option<i64>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub days: Option<String>,
    pub timezone: Option<String>,
}

/// Checks `/nudges on`; `fallback_zone` is used when no zone was typed (the person's previous
/// choice, else the server's, else UTC).
pub fn parse_on(input: &OnInput, fallback_zone: Tz) -> Result<Window, NudgeInputError> {
    let every = input
        .every_minutes
        .unwrap_or(i64::from(DEFAULT_EVERY_MINUTES));
    if !(i64::from(MIN_EVERY_MINUTES)..=i64::from(MAX_EVERY_MINUTES)).contains(&every) {
        return Err(NudgeInputError::Every(every));
    }
    let time = |typed: &Option<String>, default: (u32, u32)| match typed {
        None => Ok(NaiveTime::from_hms_opt(default.0, default.1, 0).expect("a valid default")),
        Some(s) => parse_time_of_day(s).map_err(NudgeInputError::Input),
    };
    let from = time(&input.from, (9, 0))?;
    let to = time(&input.to, (17, 0))?;
    if to <= from {
        return Err(NudgeInputError::Window);
    }
    let days = match &input.days {
        None => DaySet::WEEKDAYS,
        Some(d) => parse_days(d).map_err(NudgeInputError::Input)?,
    };
    let tz = match &input.timezone {
        None => fallback_zone,
        Some(z) => parse_timezone(z).map_err(NudgeInputError::Input)?,
    };
    Ok(Window {
        every_minutes: every as u32,
        from,
        to,
        days,
        tz,
    })
}

/// Checks `/nudges pause days:`.
pub fn parse_pause(days: i64) -> Result<u32, NudgeInputError> {
    if (1..=i64::from(MAX_PAUSE_DAYS)).contains(&days) {
        Ok(days as u32)
    } else {
        Err(NudgeInputError::Pause(days))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{Locale, Texts};
    use crate::test_support::assert_one_sentence;
    use chrono_tz::{Europe::Berlin, UTC};

    fn on(f: impl FnOnce(&mut OnInput)) -> Result<Window, NudgeInputError> {
        let mut input = OnInput::default();
        f(&mut input);
        parse_on(&input, UTC)
    }

    #[test]
    fn defaults_are_every_90_minutes_nine_to_five_on_weekdays_in_the_fallback_zone() {
        let w = on(|_| {}).unwrap();
        assert_eq!(w.every_minutes, 90);
        assert_eq!(w.from, NaiveTime::from_hms_opt(9, 0, 0).unwrap());
        assert_eq!(w.to, NaiveTime::from_hms_opt(17, 0, 0).unwrap());
        assert_eq!(w.days, DaySet::WEEKDAYS);
        assert_eq!(w.tz, UTC);
        let w = on(|i| i.timezone = Some("Europe/Berlin".into())).unwrap();
        assert_eq!(w.tz, Berlin);
    }

    #[test]
    fn each_mistake_is_one_sentence_in_every_language() {
        let cases = [
            on(|i| i.every_minutes = Some(29)).unwrap_err(),
            on(|i| i.every_minutes = Some(481)).unwrap_err(),
            on(|i| i.from = Some("9am".into())).unwrap_err(),
            on(|i| {
                i.from = Some("17:00".into());
                i.to = Some("09:00".into());
            })
            .unwrap_err(),
            on(|i| i.to = Some("09:00".into())).unwrap_err(),
            on(|i| i.days = Some("caturday".into())).unwrap_err(),
            on(|i| i.timezone = Some("Mars/Olympus".into())).unwrap_err(),
            parse_pause(0).unwrap_err(),
            parse_pause(61).unwrap_err(),
        ];
        assert_eq!(cases[0], NudgeInputError::Every(29));
        assert_eq!(cases[3], NudgeInputError::Window);
        assert_eq!(cases[4], NudgeInputError::Window, "to equal to from");
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content/locales");
        let texts = Texts::load(&dir).unwrap();
        for locale in Locale::ALL {
            for case in &cases {
                let s = case.sentence(Tr::new(&texts, locale));
                assert!(!s.contains("nudges-"), "{locale:?}: {s}");
                if locale == Locale::EnUs {
                    assert_one_sentence(&s);
                }
            }
        }
        assert_eq!(parse_pause(1), Ok(1));
        assert_eq!(parse_pause(60), Ok(60));
    }

    #[test]
    fn a_time_or_zone_mistake_gets_the_same_hint_as_in_reminders() {
        let tr = Tr::english();
        let zone = on(|i| i.timezone = Some("europe/berlin".into())).unwrap_err();
        assert_eq!(
            zone.sentence(tr),
            "Time zone names are case-sensitive: did you mean Europe/Berlin?"
        );
        let time = on(|i| i.to = Some("5pm".into())).unwrap_err();
        assert_eq!(
            time.sentence(tr),
            "Please use the 24-hour clock: write “5pm” as 17:00."
        );
        let texts = crate::test_support::shipped_texts();
        let de = Tr::new(&texts, Locale::De);
        assert!(
            !zone.sentence(de).contains("case-sensitive"),
            "{}",
            zone.sentence(de)
        );
    }
}
