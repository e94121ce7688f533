//! Check-ins, streaks and weekly totals: what `/stats` shows, computed from a person's or a
//! server's check-ins ([`crate::store::CheckIn`]) with "today" and the time zone as inputs. Pure;
//! the chart is drawn in [`chart`], and [`coalesce`] spaces out the edits that show a prompt's
//! count.
//!
//! A streak counts days with at least one check-in, in the person's own zone. A day outside the
//! counted weekdays (a weekdays-only person's weekend) neither breaks nor extends it unless they
//! checked in that day; today never breaks it (the day is not over).

pub mod chart;
pub mod coalesce;
pub mod messages;
pub mod service;

pub use service::{CheckedIn, StatsService};

use std::collections::{BTreeSet, HashSet};

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use chrono_tz::Tz;

use crate::ids::UserId;
use crate::schedule::DaySet;
use crate::store::{CheckIn, CheckinSource};

/// How many weeks the charts show, this one included.
pub const CHART_WEEKS: usize = 8;

/// A person's current and best streak, in days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Streaks {
    pub current: u32,
    pub best: u32,
}

/// Streaks over `days` (the local dates with at least one check-in) up to `today`. `counted`:
/// the weekdays a missed day breaks the streak on.
pub fn streaks(days: &BTreeSet<NaiveDate>, counted: DaySet, today: NaiveDate) -> Streaks {
    let Some(&first) = days.iter().next() else {
        return Streaks::default();
    };
    let (mut run, mut best) = (0u32, 0u32);
    let mut day = first;
    while day <= today {
        if days.contains(&day) {
            run += 1;
            best = best.max(run);
        } else if day != today && counted.contains(day.weekday()) {
            run = 0;
        }
        day = match day.succ_opt() {
            Some(next) => next,
            None => break,
        };
    }
    Streaks { current: run, best }
}

/// The local date of an instant in `tz`.
pub fn local_date(at: DateTime<Utc>, tz: Tz) -> NaiveDate {
    at.with_timezone(&tz).date_naive()
}

/// The Monday of `day`'s week (weeks start on Monday, as ISO's do).
pub fn week_start(day: NaiveDate) -> NaiveDate {
    day - Duration::days(i64::from(day.weekday().num_days_from_monday()))
}

/// The first instant worth reading for the charts: the start of the oldest charted week,
/// a day early so that no zone's Monday is cut off.
pub fn chart_since(today: NaiveDate) -> DateTime<Utc> {
    let first = week_start(today) - Duration::weeks(CHART_WEEKS as i64 - 1) - Duration::days(1);
    first.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc()
}

/// Check-ins per week for the last [`CHART_WEEKS`] weeks, oldest first, each with its Monday.
pub fn weekly_counts(checkins: &[CheckIn], tz: Tz, today: NaiveDate) -> Vec<(NaiveDate, u32)> {
    let this_week = week_start(today);
    let mut weeks: Vec<(NaiveDate, u32)> = (0..CHART_WEEKS)
        .rev()
        .map(|ago| (this_week - Duration::weeks(ago as i64), 0))
        .collect();
    for c in checkins {
        let week = week_start(local_date(c.at, tz));
        if let Some(slot) = weeks.iter_mut().find(|(start, _)| *start == week) {
            slot.1 += 1;
        }
    }
    weeks
}

/// What `/stats me` shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonSummary {
    pub this_week: u32,
    pub minutes_this_week: u32,
    pub streaks: Streaks,
    pub weeks: Vec<(NaiveDate, u32)>,
}

/// A person's summary from their check-ins (any order), in their zone `tz` on the day of `now`.
pub fn person_summary(
    checkins: &[CheckIn],
    counted: DaySet,
    tz: Tz,
    now: DateTime<Utc>,
) -> PersonSummary {
    let today = local_date(now, tz);
    let this_week = week_start(today);
    let days: BTreeSet<NaiveDate> = checkins.iter().map(|c| local_date(c.at, tz)).collect();
    let mine: Vec<&CheckIn> = checkins
        .iter()
        .filter(|c| week_start(local_date(c.at, tz)) == this_week)
        .collect();
    PersonSummary {
        this_week: mine.len() as u32,
        minutes_this_week: mine.iter().map(|c| c.minutes).sum(),
        streaks: streaks(&days, counted, today),
        weeks: weekly_counts(checkins, tz, today),
    }
}

/// What `/stats server` shows: this week's team totals.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeamSummary {
    /// People who checked in at least once this week.
    pub people: u32,
    pub checkins: u32,
    /// Live sessions finished this week (with at least one person checked in).
    pub sessions: u32,
    pub minutes: u32,
    pub weeks: Vec<(NaiveDate, u32)>,
    /// This week's check-ins of each person who chose to be named, most first.
    pub named: Vec<(UserId, u32)>,
}

/// A server's summary in its zone `tz`; only people in `sharers` are named.
pub fn team_summary(
    checkins: &[CheckIn],
    sharers: &[UserId],
    tz: Tz,
    now: DateTime<Utc>,
) -> TeamSummary {
    let today = local_date(now, tz);
    let this_week = week_start(today);
    let week: Vec<&CheckIn> = checkins
        .iter()
        .filter(|c| week_start(local_date(c.at, tz)) == this_week)
        .collect();
    let people: HashSet<UserId> = week.iter().map(|c| c.user_id).collect();
    let sessions: HashSet<&str> = week
        .iter()
        .filter_map(|c| match &c.source {
            CheckinSource::Session { session_id } => Some(session_id.as_str()),
            _ => None,
        })
        .collect();
    let mut named: Vec<(UserId, u32)> = sharers
        .iter()
        .map(|&u| (u, week.iter().filter(|c| c.user_id == u).count() as u32))
        .filter(|(_, n)| *n > 0)
        .collect();
    named.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.get().cmp(&b.0.get())));
    TeamSummary {
        people: people.len() as u32,
        checkins: week.len() as u32,
        sessions: sessions.len() as u32,
        minutes: week.iter().map(|c| c.minutes).sum(),
        weeks: weekly_counts(checkins, tz, today),
        named,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::{GuildId, ReminderId};
    use crate::test_support::{date, utc};

    fn days(list: &[&str]) -> BTreeSet<NaiveDate> {
        list.iter().map(|d| date(d)).collect()
    }

    // 2026-11-23 is a Monday.

    #[test]
    fn a_weekdays_only_person_keeps_the_streak_over_the_weekend() {
        let d = days(&[
            "2026-11-16",
            "2026-11-17",
            "2026-11-18",
            "2026-11-19",
            "2026-11-20", // Mon-Fri
            "2026-11-23", // Monday, after a weekend without check-ins
        ]);
        assert_eq!(
            streaks(&d, DaySet::WEEKDAYS, date("2026-11-23")),
            Streaks {
                current: 6,
                best: 6
            }
        );
        assert_eq!(
            streaks(&d, DaySet::EVERY_DAY, date("2026-11-23")),
            Streaks {
                current: 1,
                best: 5
            },
            "for someone counting every day, the weekend broke it"
        );
    }

    #[test]
    fn a_check_in_on_a_day_off_still_counts() {
        let d = days(&["2026-11-20", "2026-11-21", "2026-11-23"]); // Fri, Sat, Mon
        assert_eq!(streaks(&d, DaySet::WEEKDAYS, date("2026-11-23")).current, 3);
    }

    #[test]
    fn a_missed_day_breaks_the_streak() {
        let d = days(&["2026-11-16", "2026-11-17", "2026-11-18", "2026-11-20"]); // no Thursday
        assert_eq!(
            streaks(&d, DaySet::WEEKDAYS, date("2026-11-20")),
            Streaks {
                current: 1,
                best: 3
            }
        );
        // Friday missed too, then the weekend: by Monday evening without a check-in it is over.
        let d = days(&["2026-11-18", "2026-11-19"]);
        assert_eq!(streaks(&d, DaySet::WEEKDAYS, date("2026-11-23")).current, 0);
    }

    #[test]
    fn today_without_a_check_in_yet_does_not_break_it() {
        let d = days(&["2026-11-21", "2026-11-22"]);
        assert_eq!(
            streaks(&d, DaySet::EVERY_DAY, date("2026-11-23")),
            Streaks {
                current: 2,
                best: 2
            }
        );
        assert_eq!(
            streaks(&BTreeSet::new(), DaySet::EVERY_DAY, date("2026-11-23")),
            Streaks::default()
        );
    }

    fn at(user: u64, when: &str, source: CheckinSource) -> CheckIn {
        CheckIn {
            user_id: UserId::new(user),
            guild_id: Some(GuildId::new(1)),
            source,
            at: utc(when),
            minutes: 2,
        }
    }

    fn prompt(day: &str) -> CheckinSource {
        CheckinSource::Prompt {
            reminder_id: ReminderId::new(1),
            local_date: date(day),
        }
    }

    #[test]
    fn days_and_weeks_are_the_persons_own() {
        // 23:30 UTC on Sunday is already Monday in Tokyo: this week there, last week in UTC.
        let c = vec![at(1, "2026-11-22T23:30:00Z", prompt("2026-11-22"))];
        let now = utc("2026-11-23T12:00:00Z");
        let tokyo = person_summary(&c, DaySet::EVERY_DAY, chrono_tz::Asia::Tokyo, now);
        assert_eq!((tokyo.this_week, tokyo.streaks.current), (1, 1));
        assert_eq!(tokyo.minutes_this_week, 2);
        let utc_zone = person_summary(&c, DaySet::EVERY_DAY, chrono_tz::UTC, now);
        assert_eq!((utc_zone.this_week, utc_zone.streaks.current), (0, 1));
        assert_eq!(utc_zone.weeks.len(), CHART_WEEKS);
        assert_eq!(utc_zone.weeks[CHART_WEEKS - 1], (date("2026-11-23"), 0));
        assert_eq!(utc_zone.weeks[CHART_WEEKS - 2], (date("2026-11-16"), 1));
        // Eight weeks, this one included: from Monday 2026-10-05 (a day early for any zone).
        let since = chart_since(date("2026-11-23"));
        assert!(since <= utc("2026-10-05T00:00:00Z") && since > utc("2026-09-28T00:00:00Z"));
    }

    #[test]
    fn team_totals_count_people_sessions_and_name_only_sharers() {
        let s1 = CheckinSource::Session {
            session_id: "s1".into(),
        };
        let c = vec![
            at(1, "2026-11-23T09:00:00Z", prompt("2026-11-23")),
            at(1, "2026-11-23T10:00:00Z", s1.clone()),
            at(2, "2026-11-23T10:00:00Z", s1),
            at(3, "2026-11-24T09:00:00Z", prompt("2026-11-24")),
            at(3, "2026-11-16T09:00:00Z", prompt("2026-11-16")), // last week
        ];
        let t = team_summary(
            &c,
            &[UserId::new(2), UserId::new(1), UserId::new(9)],
            chrono_tz::UTC,
            utc("2026-11-25T12:00:00Z"),
        );
        assert_eq!((t.people, t.checkins, t.sessions, t.minutes), (3, 4, 1, 8));
        assert_eq!(t.named, vec![(UserId::new(1), 2), (UserId::new(2), 1)]);
        assert_eq!(t.weeks[CHART_WEEKS - 2].1, 1);
    }
}
