//! Start instants for sessions opened together. Group stretches of the same minute all open at
//! once; with identical plans, every one of their steps would fall due in the same instant and
//! queue for Discord's global request budget, making the last ones late by seconds. Sessions
//! whose starts would collide start `spacing` apart instead: a few milliseconds per session, which
//! nobody sees (the lobby shows the start to the second), and every step then has a slot of its
//! own.

use chrono::{DateTime, Duration, Utc};

/// Starts assigned recently, so later sessions keep clear of them.
#[derive(Debug)]
pub struct StartSpacer {
    spacing: Duration,
    /// Sorted.
    assigned: Vec<DateTime<Utc>>,
}

impl StartSpacer {
    pub fn new(spacing: Duration) -> Self {
        Self {
            spacing,
            assigned: Vec::new(),
        }
    }

    /// The start to use for a session that wants `wanted`: the first instant at or after it that
    /// is at least `spacing` from every start assigned before. Starts already past are forgotten.
    pub fn assign(&mut self, wanted: DateTime<Utc>, now: DateTime<Utc>) -> DateTime<Utc> {
        self.assigned.retain(|t| *t >= now - Duration::minutes(1));
        if self.spacing <= Duration::zero() {
            return wanted;
        }
        let mut at = wanted;
        // Sorted: one pass moves `at` past each start too close to it.
        for t in &self.assigned {
            if (*t - at).abs() < self.spacing {
                at = *t + self.spacing;
            }
        }
        let i = self.assigned.partition_point(|t| *t < at);
        self.assigned.insert(i, at);
        at
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(ms: i64) -> DateTime<Utc> {
        "2026-06-10T09:00:00Z".parse::<DateTime<Utc>>().unwrap() + Duration::milliseconds(ms)
    }

    #[test]
    fn sessions_wanting_the_same_instant_start_spacing_apart() {
        let mut s = StartSpacer::new(Duration::milliseconds(25));
        let starts: Vec<_> = (0..100).map(|_| s.assign(t(10_000), t(0))).collect();
        for (i, at) in starts.iter().enumerate() {
            assert_eq!(*at, t(10_000 + 25 * i as i64));
        }
    }

    #[test]
    fn a_start_clear_of_the_others_is_kept_and_gaps_are_used() {
        let mut s = StartSpacer::new(Duration::milliseconds(25));
        assert_eq!(s.assign(t(1_000), t(0)), t(1_000));
        assert_eq!(s.assign(t(1_100), t(0)), t(1_100), "100 ms away: kept");
        assert_eq!(
            s.assign(t(1_010), t(0)),
            t(1_025),
            "too close: moved just past"
        );
        assert_eq!(
            s.assign(t(1_060), t(0)),
            t(1_060),
            "the gap between is still free"
        );
        assert_eq!(
            s.assign(t(1_000), t(0)),
            t(1_125),
            "moved past every start in reach"
        );
    }

    #[test]
    fn past_starts_are_forgotten_and_zero_spacing_changes_nothing() {
        let mut s = StartSpacer::new(Duration::milliseconds(25));
        s.assign(t(0), t(0));
        assert_eq!(
            s.assign(t(0), t(120_000)),
            t(0),
            "the first one is long gone"
        );
        let mut off = StartSpacer::new(Duration::zero());
        assert_eq!(off.assign(t(5), t(0)), t(5));
        assert_eq!(off.assign(t(5), t(0)), t(5));
    }
}
