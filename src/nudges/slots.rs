//! When nudges fall: every `every` minutes from `from` to `to` (both included) on the chosen
//! days, in the person's zone. Each slot is a wall-clock time on a local date, resolved the way
//! reminders are ([`Schedule::fire_on`]): a time skipped by a spring-forward change falls when
//! the clock resumes (once, even if two slots land there), a time repeated by a fall-back change
//! falls the first time round. Everything is a function of `now`, never of a previous slot plus
//! an interval, so daylight saving cannot shift the window.

use chrono::{DateTime, Days, Duration, NaiveDate, NaiveTime, SubsecRound, Utc};
use chrono_tz::Tz;

use crate::schedule::{DaySet, Schedule};

/// Someone's nudge window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub every_minutes: u32,
    pub from: NaiveTime,
    pub to: NaiveTime,
    pub days: DaySet,
    pub tz: Tz,
}

/// What the firing loop does with a person whose pending time has come.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Due {
    /// The slot to post now: the latest one passed, if it is within the grace period.
    pub post: Option<DateTime<Utc>>,
    /// Every slot up to this one is handled (posted now, or skipped as too late).
    pub handled_through: Option<DateTime<Utc>>,
    /// How many passed slots are skipped without a post (downtime).
    pub skipped: usize,
}

impl Window {
    /// The wall-clock times of one day's slots, in order.
    fn times(&self) -> impl Iterator<Item = NaiveTime> + '_ {
        let step = Duration::minutes(i64::from(self.every_minutes.max(1)));
        std::iter::successors(Some(self.from), move |t| {
            let (next, wrapped) = t.overflowing_add_signed(step);
            (wrapped == 0 && next > *t).then_some(next)
        })
        .take_while(move |t| *t <= self.to)
    }

    /// The slots of local `date`, in order and without repeats (two times in one
    /// spring-forward gap resolve to the same instant).
    pub fn slots_on(&self, date: NaiveDate) -> Vec<DateTime<Utc>> {
        let mut out: Vec<DateTime<Utc>> = self
            .times()
            .filter_map(|time| {
                Schedule {
                    time,
                    days: self.days,
                    tz: self.tz,
                }
                .fire_on(date)
            })
            .map(|f| f.at)
            .collect();
        out.sort();
        out.dedup();
        out
    }

    /// The first slot strictly after `after` (and not before `not_before`, the end of a
    /// holiday); `None` only when no day is chosen.
    pub fn next_slot(
        &self,
        after: DateTime<Utc>,
        not_before: Option<DateTime<Utc>>,
    ) -> Option<DateTime<Utc>> {
        let start = match not_before {
            Some(p) if p > after => p - Duration::seconds(1),
            _ => after,
        };
        let today = start.with_timezone(&self.tz).date_naive();
        let first = today.pred_opt()?;
        (0..=9)
            .filter_map(|n| first.checked_add_days(Days::new(n)))
            .flat_map(|d| self.slots_on(d))
            .find(|at| *at > start)
    }

    /// Every slot in `(from_exclusive, to_inclusive]`, in order.
    pub fn slots_between(
        &self,
        from_exclusive: DateTime<Utc>,
        to_inclusive: DateTime<Utc>,
    ) -> Vec<DateTime<Utc>> {
        std::iter::successors(self.next_slot(from_exclusive, None), |prev| {
            self.next_slot(*prev, None)
        })
        .take_while(|at| *at <= to_inclusive)
        .collect()
    }

    /// After downtime (or on time): of the slots after `handled` up to `now`, the latest is
    /// posted if it is at most `grace` old, every other one is skipped. At most one late nudge,
    /// never a backlog.
    pub fn due(&self, handled: DateTime<Utc>, now: DateTime<Utc>, grace: Duration) -> Due {
        // A week back is plenty: older slots are skipped either way.
        let from = handled.max(now - Duration::days(8));
        let passed = self.slots_between(from, now);
        let Some(&last) = passed.last() else {
            return Due {
                post: None,
                handled_through: None,
                skipped: 0,
            };
        };
        let post = (now - last <= grace).then_some(last);
        Due {
            post,
            handled_through: Some(last),
            skipped: passed.len() - usize::from(post.is_some()),
        }
    }

    /// The end of the window that holds `slot`: `to` on the slot's local date.
    pub fn window_end(&self, slot: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let date = slot.with_timezone(&self.tz).date_naive();
        Schedule {
            time: self.to,
            days: DaySet::EVERY_DAY,
            tz: self.tz,
        }
        .fire_on(date)
        .map(|f| f.at)
    }

    /// Where `Snooze` on the nudge of `slot`, pressed at `now`, moves it: `snooze` later, if that
    /// is still inside the slot's window; `None` when it would pass `to`.
    pub fn snooze(
        &self,
        slot: DateTime<Utc>,
        now: DateTime<Utc>,
        snooze: Duration,
    ) -> Option<DateTime<Utc>> {
        // Whole seconds: the snoozed nudge's buttons name it by its Unix second.
        let at = (now.max(slot) + snooze).trunc_subsecs(0);
        (at <= self.window_end(slot)?).then_some(at)
    }

    /// When a holiday of `days` days taken at `now` ends: the start of the local day `days`
    /// days after today (today counts as the first day off).
    pub fn pause_end(&self, now: DateTime<Utc>, days: u32) -> Option<DateTime<Utc>> {
        let today = now.with_timezone(&self.tz).date_naive();
        let back = today.checked_add_days(Days::new(u64::from(days)))?;
        Schedule {
            time: NaiveTime::MIN,
            days: DaySet::EVERY_DAY,
            tz: self.tz,
        }
        .fire_on(back)
        // Midnight itself skipped by a change (some zones do that): the first instant after.
        .map(|f| f.at)
        .or_else(|| {
            Schedule {
                time: NaiveTime::from_hms_opt(1, 0, 0)?,
                days: DaySet::EVERY_DAY,
                tz: self.tz,
            }
            .fire_on(back)
            .map(|f| f.at)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::{date, utc};
    use chrono_tz::{America::New_York, Europe::Berlin};

    fn window(every: u32, from: &str, to: &str, tz: Tz) -> Window {
        Window {
            every_minutes: every,
            from: NaiveTime::parse_from_str(from, "%H:%M").unwrap(),
            to: NaiveTime::parse_from_str(to, "%H:%M").unwrap(),
            days: DaySet::EVERY_DAY,
            tz,
        }
    }

    fn local(at: DateTime<Utc>, tz: Tz) -> String {
        at.with_timezone(&tz).format("%H:%M %Z").to_string()
    }

    #[test]
    fn every_90_minutes_from_nine_to_five_ends_at_half_past_four() {
        let w = window(90, "09:00", "17:00", Berlin);
        let slots: Vec<String> = w
            .slots_on(date("2026-06-10"))
            .into_iter()
            .map(|s| local(s, Berlin))
            .collect();
        assert_eq!(
            slots,
            [
                "09:00 CEST",
                "10:30 CEST",
                "12:00 CEST",
                "13:30 CEST",
                "15:00 CEST",
                "16:30 CEST"
            ]
        );
    }

    #[test]
    fn window_edges_from_and_to_are_included_and_nothing_after_to() {
        let w = window(60, "09:00", "17:00", Berlin);
        let day = w.slots_on(date("2026-06-10"));
        assert_eq!(local(day[0], Berlin), "09:00 CEST");
        assert_eq!(local(*day.last().unwrap(), Berlin), "17:00 CEST");
        // Just before the window: its first slot. At `to`: tomorrow's first.
        assert_eq!(
            w.next_slot(utc("2026-06-10T06:59:59Z"), None),
            Some(utc("2026-06-10T07:00:00Z"))
        );
        assert_eq!(
            w.next_slot(utc("2026-06-10T15:00:00Z"), None),
            Some(utc("2026-06-11T07:00:00Z"))
        );
        // A window that does not fit a whole interval stops before `to`.
        let w = window(480, "09:00", "17:00", Berlin);
        assert_eq!(w.slots_on(date("2026-06-10")).len(), 2);
        let w = window(481, "09:00", "17:00", Berlin);
        assert_eq!(w.slots_on(date("2026-06-10")).len(), 1);
    }

    #[test]
    fn weekdays_only_skip_the_weekend() {
        let mut w = window(90, "09:00", "17:00", New_York);
        w.days = DaySet::WEEKDAYS;
        // Friday 2026-06-12 after the window: Monday 09:00 EDT.
        assert_eq!(
            w.next_slot(utc("2026-06-12T21:00:00Z"), None),
            Some(utc("2026-06-15T13:00:00Z"))
        );
    }

    #[test]
    fn new_york_spring_forward_gap_posts_once_when_the_clock_resumes() {
        // 2026-03-08: 02:00 EST jumps to 03:00 EDT.
        let w = window(30, "01:00", "04:00", New_York);
        let slots: Vec<String> = w
            .slots_on(date("2026-03-08"))
            .into_iter()
            .map(|s| local(s, New_York))
            .collect();
        assert_eq!(
            slots,
            [
                "01:00 EST",
                "01:30 EST",
                "03:00 EDT",
                "03:30 EDT",
                "04:00 EDT"
            ]
        );
        // The day's instants stay 30 min apart except across the gap, and none repeats.
        let w = window(90, "09:00", "17:00", New_York);
        assert_eq!(
            w.slots_on(date("2026-03-08"))[0],
            utc("2026-03-08T13:00:00Z"),
            "09:00 EDT"
        );
        assert_eq!(
            w.slots_on(date("2026-03-07"))[0],
            utc("2026-03-07T14:00:00Z"),
            "09:00 EST"
        );
    }

    #[test]
    fn new_york_fall_back_repeated_hour_posts_the_first_time_round() {
        // 2026-11-01: 02:00 EDT goes back to 01:00 EST.
        let w = window(30, "00:30", "02:30", New_York);
        let slots = w.slots_on(date("2026-11-01"));
        let shown: Vec<String> = slots.iter().map(|s| local(*s, New_York)).collect();
        assert_eq!(
            shown,
            [
                "00:30 EDT",
                "01:00 EDT",
                "01:30 EDT",
                "02:00 EST",
                "02:30 EST"
            ]
        );
        // Following the slots one by one never comes back to the repeated hour.
        let mut at = utc("2026-11-01T04:00:00Z");
        let mut seen = vec![];
        while let Some(next) = w.next_slot(at, None) {
            if next > utc("2026-11-01T12:00:00Z") {
                break;
            }
            seen.push(next);
            at = next;
        }
        assert_eq!(seen, slots);
    }

    #[test]
    fn berlin_gap_and_repeated_hour() {
        // 2026-03-29: 02:00 CET jumps to 03:00 CEST.
        let w = window(60, "01:00", "04:00", Berlin);
        let spring: Vec<String> = w
            .slots_on(date("2026-03-29"))
            .into_iter()
            .map(|s| local(s, Berlin))
            .collect();
        assert_eq!(spring, ["01:00 CET", "03:00 CEST", "04:00 CEST"]);
        // 2026-10-25: 03:00 CEST goes back to 02:00 CET.
        let autumn: Vec<String> = w
            .slots_on(date("2026-10-25"))
            .into_iter()
            .map(|s| local(s, Berlin))
            .collect();
        assert_eq!(
            autumn,
            ["01:00 CEST", "02:00 CEST", "03:00 CET", "04:00 CET"]
        );
        // The working window keeps its wall-clock times across both changes.
        let w = window(90, "09:00", "17:00", Berlin);
        assert_eq!(
            w.slots_on(date("2026-03-27"))[0],
            utc("2026-03-27T08:00:00Z")
        );
        assert_eq!(
            w.slots_on(date("2026-03-30"))[0],
            utc("2026-03-30T07:00:00Z")
        );
        assert_eq!(
            w.slots_on(date("2026-10-26"))[0],
            utc("2026-10-26T08:00:00Z")
        );
    }

    #[test]
    fn a_snooze_that_would_pass_to_is_refused() {
        let w = window(90, "09:00", "17:00", Berlin);
        let slot = utc("2026-06-10T14:30:00Z"); // 16:30 CEST
        let fifteen = Duration::minutes(15);
        assert_eq!(
            w.snooze(slot, slot + Duration::minutes(10), fifteen),
            Some(utc("2026-06-10T14:55:00Z"))
        );
        // 16:46 + 15 min is 17:01: past `to`.
        assert_eq!(w.snooze(slot, slot + Duration::minutes(16), fifteen), None);
        // Named by whole seconds, as its buttons name it.
        assert_eq!(
            w.snooze(slot, slot + Duration::milliseconds(2_750), fifteen),
            Some(utc("2026-06-10T14:45:02Z"))
        );
        // Exactly `to` is still inside.
        assert_eq!(
            w.snooze(slot, slot + Duration::minutes(15), fifteen),
            Some(utc("2026-06-10T15:00:00Z"))
        );
    }

    #[test]
    fn a_holiday_ends_at_local_midnight_and_nudges_resume_at_the_next_window() {
        let w = window(90, "09:00", "17:00", New_York);
        let now = utc("2026-03-05T15:00:00Z"); // Thursday 10:00 EST
        let back = w.pause_end(now, 5).unwrap();
        // Today is the first day off; Tuesday 2026-03-10 00:00 EDT (after the change).
        assert_eq!(back, utc("2026-03-10T04:00:00Z"));
        assert_eq!(
            w.next_slot(now, Some(back)),
            Some(utc("2026-03-10T13:00:00Z")),
            "09:00 EDT"
        );
        // Once the holiday is over it is no longer in the way.
        assert_eq!(
            w.next_slot(utc("2026-03-10T13:00:00Z"), Some(back)),
            Some(utc("2026-03-10T14:30:00Z"))
        );
    }

    #[test]
    fn after_downtime_only_the_latest_slot_within_grace_is_posted() {
        let w = window(30, "09:00", "17:00", Berlin);
        let grace = Duration::minutes(10);
        let handled = utc("2026-06-10T07:00:00Z"); // 09:00 posted
                                                   // Down until 11:05: 09:30 .. 11:00 passed; 11:00 is 5 min late: posted, four skipped.
        let d = w.due(handled, utc("2026-06-10T09:05:00Z"), grace);
        assert_eq!(d.post, Some(utc("2026-06-10T09:00:00Z")));
        assert_eq!(d.skipped, 3);
        assert_eq!(d.handled_through, Some(utc("2026-06-10T09:00:00Z")));
        // Down until 11:15: too late for 11:00 too: nothing posted.
        let d = w.due(handled, utc("2026-06-10T09:15:00Z"), grace);
        assert_eq!(d.post, None);
        assert_eq!(d.skipped, 4);
        // On time: the slot itself.
        let d = w.due(handled, utc("2026-06-10T07:30:00Z"), grace);
        assert_eq!((d.post, d.skipped), (Some(utc("2026-06-10T07:30:00Z")), 0));
    }
}
