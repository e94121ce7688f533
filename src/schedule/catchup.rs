//! What to do about fires missed while the bot was down.
//!
//! Policy: post the most recent missed fire once, late, if it is still fresh (younger than the
//! grace period); skip everything else. A reminder that arrives hours late is noise, and a burst of
//! a week's worth of reminders after an outage is worse than none; losing them silently is also
//! bad, so skipped fires are returned for the caller to log.

use chrono::{DateTime, Days, Duration, NaiveDate, NaiveTime, Utc};

use super::next_fire::{Fire, Schedule};

/// How far back missed fires are listed. Bounds the work when the stored date is very old or
/// corrupt; a year of misses is already more than anyone reads in a log.
pub const MAX_LOOKBACK: Duration = Duration::days(366);

/// The catch-up decision for one schedule.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CatchUp {
    /// Post this one now, late. Record its `local_date` as fired once posted.
    pub post_late: Option<Fire>,
    /// Missed and not posted, oldest first.
    pub skipped: Vec<Fire>,
}

/// Decides what to post for fires missed between the last recorded fire and `now`.
///
/// `last_fired` is the `local_date` of the last fire that was posted. Missed fires are those on
/// later local dates at or before `now`. `None` (the schedule never fired) means there is nothing
/// to catch up: without a record there is no telling whether a past slot predates the schedule.
///
/// A fire at exactly `now` counts as missed (posted "late" by zero seconds), so after acting on
/// this the caller waits for `schedule.next_fire(now)`, which is strictly later.
pub fn catch_up(
    schedule: &Schedule,
    last_fired: Option<NaiveDate>,
    now: DateTime<Utc>,
    grace: Duration,
) -> CatchUp {
    let Some(last) = last_fired else {
        return CatchUp::default();
    };
    let start = search_start(last, now);
    // A record from the future (clock stepped back) has nothing after it yet.
    if start >= now {
        return CatchUp::default();
    }
    let mut missed: Vec<Fire> = schedule
        .fires_between(start, now)
        .filter(|fire| fire.local_date > last)
        .collect();
    let post_late = match missed.last() {
        Some(latest) if now - latest.at < grace => missed.pop(),
        _ => None,
    };
    CatchUp {
        post_late,
        skipped: missed,
    }
}

/// An instant safely before any fire dated after `last`: the day after `last` read as UTC, less
/// two days for any zone offset, but no earlier than the lookback limit.
fn search_start(last: NaiveDate, now: DateTime<Utc>) -> DateTime<Utc> {
    let floor = now
        .checked_sub_signed(MAX_LOOKBACK)
        .unwrap_or(DateTime::<Utc>::MIN_UTC);
    last.checked_sub_days(Days::new(1))
        .map(|d| d.and_time(NaiveTime::MIN).and_utc())
        .map_or(floor, |start| start.max(floor))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schedule::parse::DaySet;
    use crate::test_support::{date, schedule, utc};
    use chrono_tz::America;

    /// 09:00 New York, every day: 13:00Z in summer.
    fn nine_ny() -> Schedule {
        schedule("09:00:00", "daily", America::New_York)
    }

    /// What `nine_ny` catches up at `now`, its last fire on `last`, with `grace_mins` of grace.
    fn missed(last: Option<&str>, now: &str, grace_mins: i64) -> CatchUp {
        catch_up(
            &nine_ny(),
            last.map(date),
            utc(now),
            Duration::minutes(grace_mins),
        )
    }

    /// One fire posted late and nothing skipped.
    fn late_only(at: &str, day: &str) -> CatchUp {
        CatchUp {
            post_late: Some(fire(at, day)),
            skipped: Vec::new(),
        }
    }

    fn fire(at: &str, day: &str) -> Fire {
        Fire {
            at: utc(at),
            local_date: date(day),
        }
    }

    #[test]
    fn missed_by_less_than_grace_posts_once_late() {
        let c = missed(Some("2026-06-09"), "2026-06-10T13:20:00Z", 30);
        assert_eq!(c, late_only("2026-06-10T13:00:00Z", "2026-06-10"));
    }

    #[test]
    fn missed_by_more_than_grace_is_skipped() {
        let c = missed(Some("2026-06-09"), "2026-06-10T14:00:00Z", 30);
        assert_eq!(c.post_late, None);
        assert_eq!(c.skipped, vec![fire("2026-06-10T13:00:00Z", "2026-06-10")]);
        // Exactly at the grace limit is too late.
        let c = missed(Some("2026-06-09"), "2026-06-10T13:30:00Z", 30);
        assert_eq!((c.post_late, c.skipped.len()), (None, 1));
    }

    #[test]
    fn several_missed_days_post_at_most_one() {
        // Down from Friday to Monday 09:10.
        let c = missed(Some("2026-06-05"), "2026-06-08T13:10:00Z", 60);
        assert_eq!(c.post_late.map(|f| f.local_date), Some(date("2026-06-08")));
        assert_eq!(
            c.skipped.iter().map(|f| f.local_date).collect::<Vec<_>>(),
            vec![date("2026-06-06"), date("2026-06-07")]
        );
        // Same outage but noticed at 11:00: nothing is posted, all three are logged.
        let c = missed(Some("2026-06-05"), "2026-06-08T15:00:00Z", 60);
        assert_eq!((c.post_late, c.skipped.len()), (None, 3));
    }

    #[test]
    fn nothing_missed() {
        for (last, now) in [
            // Today's fire already recorded.
            (Some("2026-06-10"), "2026-06-10T20:00:00Z"),
            // Yesterday recorded, today's slot still ahead.
            (Some("2026-06-09"), "2026-06-10T12:59:59Z"),
            // Never fired.
            (None, "2026-06-10T13:10:00Z"),
            // Recorded date ahead of the clock (clock stepped back): nothing, no panic.
            (Some("2026-07-01"), "2026-06-10T13:10:00Z"),
        ] {
            assert_eq!(missed(last, now, 60), CatchUp::default(), "{last:?} {now}");
        }
    }

    #[test]
    fn a_fire_exactly_now_is_posted() {
        let c = missed(Some("2026-06-09"), "2026-06-10T13:00:00Z", 1);
        assert_eq!(c.post_late.map(|f| f.at), Some(utc("2026-06-10T13:00:00Z")));
        // A zero grace never posts late.
        let c = missed(Some("2026-06-09"), "2026-06-10T13:00:00Z", 0);
        assert_eq!((c.post_late, c.skipped.len()), (None, 1));
    }

    #[test]
    fn across_a_dst_change_and_weekday_filter() {
        // Weekdays at 09:00; last posted Friday 2026-10-30; back on Monday 2026-11-02 at 09:05 EST.
        let s = Schedule {
            days: DaySet::WEEKDAYS,
            ..nine_ny()
        };
        let c = catch_up(
            &s,
            Some(date("2026-10-30")),
            utc("2026-11-02T14:05:00Z"),
            Duration::minutes(15),
        );
        assert_eq!(c, late_only("2026-11-02T14:00:00Z", "2026-11-02"));
    }

    #[test]
    fn ancient_or_corrupt_record_is_bounded() {
        let now = utc("2026-06-10T20:00:00Z");
        let c = catch_up(&nine_ny(), Some(NaiveDate::MIN), now, Duration::hours(1));
        assert_eq!(c.post_late, None);
        assert!(
            (365..=367).contains(&c.skipped.len()),
            "{}",
            c.skipped.len()
        );
        assert!(c.skipped.iter().all(|f| now - f.at <= MAX_LOOKBACK));
        let c = catch_up(&nine_ny(), Some(NaiveDate::MAX), now, Duration::hours(1));
        assert_eq!(c, CatchUp::default());
    }
}
