//! When a schedule fires, as wall-clock time in its own zone.
//!
//! The promise to admins: "09:00 on weekdays" means 09:00 on the clock on the wall, on each local
//! weekday, once. Every fire is computed from its local date, never by adding 24 hours to the
//! previous one, so daylight-saving changes cannot shift it. A time skipped by a spring-forward
//! change fires once when the clock resumes; a time repeated by a fall-back change fires once, the
//! first time round.

use chrono::{DateTime, Datelike, Days, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

use super::parse::DaySet;

/// A daily reminder slot: `time` on the `days` of the week, in zone `tz`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Schedule {
    pub time: NaiveTime,
    pub days: DaySet,
    pub tz: Tz,
}

/// One occurrence of a schedule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Fire {
    /// The instant to post.
    pub at: DateTime<Utc>,
    /// The date in the schedule's zone this occurrence belongs to; a schedule fires at most once
    /// per local date, so this is the key to record for de-duplication.
    pub local_date: NaiveDate,
}

impl Schedule {
    /// The first fire strictly after `after`; `None` only when `days` is empty.
    pub fn next_fire(&self, after: DateTime<Utc>) -> Option<Fire> {
        let today = after.with_timezone(&self.tz).date_naive();
        // Start a day early: a fall-back across midnight can put yesterday's slot after `after`.
        // Eight days ahead covers any weekday set even when today's slot has passed.
        let first = today.pred_opt()?;
        (0..=9)
            .filter_map(|n| first.checked_add_days(Days::new(n)))
            .filter_map(|date| self.fire_on(date))
            .filter(|fire| fire.at > after)
            .min()
    }

    /// Every fire in `(from_exclusive, to_inclusive]`, in order.
    pub fn fires_between(
        &self,
        from_exclusive: DateTime<Utc>,
        to_inclusive: DateTime<Utc>,
    ) -> impl Iterator<Item = Fire> {
        let schedule = *self;
        std::iter::successors(schedule.next_fire(from_exclusive), move |prev| {
            schedule.next_fire(prev.at)
        })
        .take_while(move |fire| fire.at <= to_inclusive)
    }

    /// The fire belonging to local `date`, or `None` if the schedule skips that weekday (or the
    /// date never happened in this zone, like 2011-12-30 in Pacific/Apia).
    pub fn fire_on(&self, date: NaiveDate) -> Option<Fire> {
        if !self.days.contains(date.weekday()) {
            return None;
        }
        let at = resolve_local(self.tz, date.and_time(self.time))?;
        // A gap can swallow the rest of the day; its end then belongs to the next date, which
        // has its own slot.
        (at.with_timezone(&self.tz).date_naive() == date).then_some(Fire {
            at,
            local_date: date,
        })
    }
}

/// The instant a wall-clock reading first happens: itself if it happens once, the first of two
/// if the clocks go back over it, the end of the gap if the clocks skip it.
fn resolve_local(tz: Tz, local: NaiveDateTime) -> Option<DateTime<Utc>> {
    match tz.from_local_datetime(&local) {
        chrono::LocalResult::Single(at) => Some(at.with_timezone(&Utc)),
        chrono::LocalResult::Ambiguous(a, b) => Some(a.min(b).with_timezone(&Utc)),
        chrono::LocalResult::None => gap_end(tz, local),
    }
}

/// The first instant whose wall-clock reading is at or after `local`, which sits in a gap.
///
/// chrono-tz does not expose its transitions, so this bisects over whole seconds (every tzdb
/// transition is on a whole second). Offsets stay within ±26 hours, so the answer lies within
/// two days of `local` read as UTC.
fn gap_end(tz: Tz, local: NaiveDateTime) -> Option<DateTime<Utc>> {
    let reaches = |secs: i64| {
        DateTime::from_timestamp(secs, 0).map(|u| u.with_timezone(&tz).naive_local() >= local)
    };
    let centre = local.and_utc().timestamp();
    let (mut lo, mut hi) = (centre - 2 * 86_400, centre + 2 * 86_400);
    if reaches(lo)? || !reaches(hi)? {
        return None;
    }
    // Invariant: `lo` reads before `local`, `hi` reads at or after it.
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        if reaches(mid)? {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    DateTime::from_timestamp(hi, 0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{date, schedule as sched, utc};
    use chrono::{Duration, Weekday};
    use chrono_tz::{America, Australia, Europe, Pacific};
    use proptest::prelude::*;

    fn next(s: &Schedule, after: &str) -> (DateTime<Utc>, NaiveDate) {
        let f = s.next_fire(utc(after)).unwrap();
        (f.at, f.local_date)
    }

    /// Cases written `"after -> at"` or `"after -> at on day"`: the first fire strictly after
    /// `after` is at `at` (on the local date `day`).
    #[track_caller]
    fn assert_fires(s: &Schedule, cases: &[&str]) {
        for case in cases {
            let (after, want) = case.split_once(" -> ").unwrap();
            let got = next(s, after);
            match want.split_once(" on ") {
                Some((at, day)) => assert_eq!(got, (utc(at), date(day)), "{case}"),
                None => assert_eq!(got.0, utc(want), "{case}"),
            }
        }
    }

    #[test]
    fn new_york_spring_forward_gap_fires_once_at_gap_end() {
        let s = sched("02:30:00", "daily", America::New_York);
        // 02:30 on 2026-03-08 does not exist; 03:00 EDT is 07:00Z.
        assert_fires(
            &s,
            &[
                "2026-03-07T08:00:00Z -> 2026-03-08T07:00:00Z on 2026-03-08",
                // From that fire, the next is the following day, in EDT.
                "2026-03-08T07:00:00Z -> 2026-03-09T06:30:00Z on 2026-03-09",
                // The day before, still EST.
                "2026-03-06T08:00:00Z -> 2026-03-07T07:30:00Z on 2026-03-07",
            ],
        );
        let all: Vec<_> = s
            .fires_between(utc("2026-03-07T00:00:00Z"), utc("2026-03-10T00:00:00Z"))
            .map(|f| f.at)
            .collect();
        assert_eq!(
            all,
            [
                utc("2026-03-07T07:30:00Z"),
                utc("2026-03-08T07:00:00Z"),
                utc("2026-03-09T06:30:00Z")
            ]
        );
    }

    #[test]
    fn new_york_fall_back_fires_once_at_first_occurrence() {
        let s = sched("01:30:00", "daily", America::New_York);
        // 01:30 EDT (05:30Z) and 01:30 EST (06:30Z) both exist on 2026-11-01.
        assert_fires(
            &s,
            &[
                "2026-10-31T12:00:00Z -> 2026-11-01T05:30:00Z on 2026-11-01",
                // Just after the first occurrence the next fire is tomorrow, not the repeat.
                "2026-11-01T05:30:00Z -> 2026-11-02T06:30:00Z on 2026-11-02",
                "2026-11-01T05:30:01Z -> 2026-11-02T06:30:00Z on 2026-11-02",
                // Even between the two occurrences (01:00 EST = 06:00Z, the wall clock reads 01:00
                // again).
                "2026-11-01T06:00:00Z -> 2026-11-02T06:30:00Z on 2026-11-02",
            ],
        );
        let n = s
            .fires_between(utc("2026-10-31T00:00:00Z"), utc("2026-11-03T00:00:00Z"))
            .filter(|f| f.local_date == date("2026-11-01"))
            .count();
        assert_eq!(n, 1);
    }

    #[test]
    fn berlin_spring_forward_and_fall_back() {
        let gap = sched("02:30:00", "daily", Europe::Berlin);
        // 2026-03-29: 02:00 CET jumps to 03:00 CEST (01:00Z).
        assert_fires(
            &gap,
            &[
                "2026-03-28T12:00:00Z -> 2026-03-29T01:00:00Z on 2026-03-29",
                "2026-03-29T01:00:00Z -> 2026-03-30T00:30:00Z on 2026-03-30",
            ],
        );
        let twice = sched("02:30:00", "daily", Europe::Berlin);
        // 2026-10-25: 02:30 CEST (00:30Z) then 02:30 CET (01:30Z).
        assert_fires(
            &twice,
            &[
                "2026-10-24T12:00:00Z -> 2026-10-25T00:30:00Z on 2026-10-25",
                "2026-10-25T00:30:00Z -> 2026-10-26T01:30:00Z on 2026-10-26",
                "2026-10-25T01:00:00Z -> 2026-10-26T01:30:00Z on 2026-10-26",
            ],
        );
        let nine = sched("09:00:00", "daily", Europe::Berlin);
        // 09:00 CET (08:00Z) to 09:00 CEST (07:00Z) is 23 hours, not 24.
        assert_fires(
            &nine,
            &[
                "2026-03-28T08:00:00Z -> 2026-03-29T07:00:00Z on 2026-03-29",
                "2026-03-29T07:00:00Z -> 2026-03-30T07:00:00Z",
                "2026-10-24T07:00:00Z -> 2026-10-25T08:00:00Z",
            ],
        );
    }

    #[test]
    fn nine_oclock_is_nine_oclock_across_dst() {
        let s = sched("09:00:00", "daily", America::New_York);
        // After 2026-03-07 09:00 EST (14:00Z): next is 09:00 EDT, 23 hours later.
        assert_fires(
            &s,
            &[
                "2026-03-07T14:00:00Z -> 2026-03-08T13:00:00Z on 2026-03-08",
                // After 2026-10-31 09:00 EDT (13:00Z): next is 09:00 EST, 25 hours later.
                "2026-10-31T13:00:00Z -> 2026-11-01T14:00:00Z on 2026-11-01",
            ],
        );
        // Whatever season `after` is in, a date's fire is 09:00 on that date.
        for after in [
            "2026-01-15T12:00:00Z",
            "2026-07-15T12:00:00Z",
            "2025-11-02T12:00:00Z",
        ] {
            let f = s.next_fire(utc(after)).unwrap();
            let local = f.at.with_timezone(&America::New_York);
            assert_eq!(
                local.time(),
                NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
                "{after}"
            );
            assert_eq!(local.date_naive(), f.local_date);
        }
        assert_fires(
            &s,
            &[
                "2026-01-15T12:00:00Z -> 2026-01-15T14:00:00Z",
                "2026-07-15T12:00:00Z -> 2026-07-15T13:00:00Z",
            ],
        );
        let berlin = sched("09:00:00", "daily", Europe::Berlin);
        assert_fires(
            &berlin,
            &[
                "2026-01-15T12:00:00Z -> 2026-01-16T08:00:00Z",
                "2026-07-15T12:00:00Z -> 2026-07-16T07:00:00Z",
            ],
        );
        // Strictly after: an `after` exactly at a fire gives the next one.
        assert_fires(
            &s,
            &[
                "2026-07-15T13:00:00Z -> 2026-07-16T13:00:00Z",
                "2026-07-15T12:59:59Z -> 2026-07-15T13:00:00Z",
            ],
        );
    }

    #[test]
    fn weekday_filters() {
        let weekdays = sched("09:00:00", "weekdays", America::New_York);
        // 2026-03-06 is a Friday: after its fire, Monday 2026-03-09 (EDT by then).
        assert_fires(
            &weekdays,
            &["2026-03-06T14:00:00Z -> 2026-03-09T13:00:00Z on 2026-03-09"],
        );
        let mwf = sched("17:00:00", "mon,wed,fri", Europe::Berlin);
        let dates: Vec<_> = mwf
            .fires_between(utc("2026-06-01T00:00:00Z"), utc("2026-06-15T00:00:00Z"))
            .map(|f| f.local_date)
            .collect();
        assert_eq!(
            dates,
            [
                "2026-06-01",
                "2026-06-03",
                "2026-06-05",
                "2026-06-08",
                "2026-06-10",
                "2026-06-12"
            ]
            .map(date)
        );
        let weekends = sched("10:00:00", "weekends", Europe::Berlin);
        for f in weekends.fires_between(utc("2026-01-01T00:00:00Z"), utc("2026-12-31T00:00:00Z")) {
            assert!(matches!(
                f.local_date.weekday(),
                Weekday::Sat | Weekday::Sun
            ));
        }
        let empty = Schedule {
            days: DaySet::EMPTY,
            ..weekends
        };
        assert_eq!(empty.next_fire(utc("2026-01-01T00:00:00Z")), None);
        assert_eq!(
            empty
                .fires_between(utc("2026-01-01T00:00:00Z"), utc("2027-01-01T00:00:00Z"))
                .count(),
            0
        );
    }

    #[test]
    fn local_date_not_utc_date_decides_the_weekday() {
        // 23:30 Monday in Los Angeles (PDT, -7) is Tuesday 06:30Z.
        let la = sched("23:30:00", "mon", America::Los_Angeles);
        assert_fires(
            &la,
            &["2026-06-06T00:00:00Z -> 2026-06-09T06:30:00Z on 2026-06-08"],
        );
        assert_eq!(date("2026-06-08").weekday(), Weekday::Mon);
        // 07:00 Monday in Auckland (NZST, +12) is Sunday 19:00Z.
        let akl = sched("07:00:00", "mon", Pacific::Auckland);
        assert_fires(
            &akl,
            &["2026-06-06T00:00:00Z -> 2026-06-07T19:00:00Z on 2026-06-08"],
        );
        // 23:30 Friday in Auckland in January (NZDT, +13) is Friday 10:30Z.
        let late = sched("23:30:00", "fri", Pacific::Auckland);
        assert_fires(
            &late,
            &["2026-01-01T00:00:00Z -> 2026-01-02T10:30:00Z on 2026-01-02"],
        );
        // Lord Howe moves by 30 minutes: 02:15 on 2026-10-04 is in the gap 02:00-02:30.
        let lh = sched("02:15:00", "daily", Australia::Lord_Howe);
        let f = lh.next_fire(utc("2026-10-03T12:00:00Z")).unwrap();
        assert_eq!(f.local_date, date("2026-10-04"));
        assert_eq!(
            f.at.with_timezone(&Australia::Lord_Howe).time(),
            NaiveTime::from_hms_opt(2, 30, 0).unwrap()
        );
    }

    #[test]
    fn a_date_swallowed_whole_has_no_fire() {
        // Samoa skipped 2011-12-30 entirely.
        let apia = sched("09:00:00", "daily", Pacific::Apia);
        assert_eq!(apia.fire_on(date("2011-12-30")), None);
        let f = apia.next_fire(utc("2011-12-29T20:00:00Z")).unwrap();
        assert_eq!(f.local_date, date("2011-12-31"));
        assert_eq!(
            f.at.with_timezone(&Pacific::Apia).time(),
            NaiveTime::from_hms_opt(9, 0, 0).unwrap()
        );
    }

    const ZONES: &[Tz] = &[
        chrono_tz::UTC,
        America::New_York,
        America::Los_Angeles,
        America::Santiago,
        America::Havana,
        America::St_Johns,
        Europe::Berlin,
        Europe::London,
        Pacific::Auckland,
        Pacific::Chatham,
        Australia::Lord_Howe,
        Australia::Sydney,
        chrono_tz::Asia::Kolkata,
        chrono_tz::Africa::Casablanca,
    ];

    fn arb_schedule() -> impl Strategy<Value = Schedule> {
        (0u32..24, 0u32..60, 1u8..=127, 0..ZONES.len()).prop_map(|(h, m, bits, z)| Schedule {
            time: NaiveTime::from_hms_opt(h, m, 0).unwrap(),
            days: DaySet::from_bits_truncate(bits),
            tz: ZONES[z],
        })
    }

    fn arb_instant() -> impl Strategy<Value = DateTime<Utc>> {
        // 2020-01-01 .. 2035-01-01, with sub-second parts.
        (1_577_836_800i64..2_051_222_400, 0u32..1_000_000_000)
            .prop_map(|(s, ns)| DateTime::from_timestamp(s, ns).unwrap())
    }

    /// Minute-by-minute walk of the wall clock: a slot fires the first time the clock reaches or
    /// jumps past it on its date. All transitions for ZONES since 2020 are on whole minutes.
    fn brute_force_next(s: &Schedule, after: DateTime<Utc>) -> Option<Fire> {
        let start = after.timestamp() - after.timestamp().rem_euclid(60) - 2 * 86_400;
        let mut fired = std::collections::HashSet::new();
        let local = |t: i64| {
            DateTime::from_timestamp(t, 0)
                .unwrap()
                .with_timezone(&s.tz)
                .naive_local()
        };
        let mut prev = local(start);
        for t in (start + 60..start + 11 * 86_400).step_by(60) {
            let cur = local(t);
            let slot = cur.date().and_time(s.time);
            if prev < slot
                && cur >= slot
                && s.days.contains(cur.date().weekday())
                && fired.insert(cur.date())
            {
                let at = DateTime::from_timestamp(t, 0).unwrap();
                if at > after {
                    return Some(Fire {
                        at,
                        local_date: cur.date(),
                    });
                }
            }
            prev = cur;
        }
        None
    }

    proptest! {
        #[test]
        fn next_fire_keeps_the_promise(s in arb_schedule(), after in arb_instant()) {
            let f = s.next_fire(after).unwrap();
            prop_assert!(f.at > after);
            prop_assert!(f.at - after <= Duration::days(8));
            let local = f.at.with_timezone(&s.tz).naive_local();
            prop_assert_eq!(local.date(), f.local_date);
            prop_assert!(s.days.contains(f.local_date.weekday()));
            let wanted = f.local_date.and_time(s.time);
            match s.tz.from_local_datetime(&wanted) {
                chrono::LocalResult::None => {
                    // Gap: the first instant after it.
                    prop_assert!(local > wanted);
                    let before = (f.at - Duration::seconds(1)).with_timezone(&s.tz).naive_local();
                    prop_assert!(before < wanted);
                }
                chrono::LocalResult::Single(_) => prop_assert_eq!(local, wanted),
                chrono::LocalResult::Ambiguous(a, b) => {
                    prop_assert_eq!(local, wanted);
                    prop_assert_eq!(f.at, a.min(b).with_timezone(&Utc));
                }
            }
            // Nothing between `after` and the fire.
            prop_assert_eq!(s.fires_between(after, f.at).collect::<Vec<_>>(), vec![f]);
        }

        #[test]
        fn next_fire_matches_a_walk_of_the_wall_clock(s in arb_schedule(), after in arb_instant()) {
            let after = DateTime::from_timestamp(after.timestamp(), 0).unwrap();
            prop_assert_eq!(s.next_fire(after), brute_force_next(&s, after));
        }

        #[test]
        fn fires_are_one_per_local_date_and_increasing(s in arb_schedule(), after in arb_instant()) {
            let fires: Vec<_> = s.fires_between(after, after + Duration::days(40)).collect();
            prop_assert!(fires.len() >= 5);
            for pair in fires.windows(2) {
                prop_assert!(pair[0].at < pair[1].at);
                prop_assert!(pair[0].local_date < pair[1].local_date);
            }
        }
    }
}
