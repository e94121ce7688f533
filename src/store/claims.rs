//! The decision a claim makes when its fire already has a row, shared by both engines and both
//! kinds of fire (a reminder's `reminder_fires`, a nudge's `nudge_fires`), so the engines keep
//! only their SQL and the rule cannot drift between them.

use chrono::{DateTime, Utc};

use super::FireStatus;

/// What a claim must do with an existing fire row ([`decide`]).
///
/// `F` is the row's first-claimed time as the engine read it: SQLite passes the stored text and
/// parses it only when it takes the fire over, as it always has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ExistingFire<F> {
    /// Nothing more will happen to it: answer [`super::ClaimOutcome::Settled`].
    Settled(FireStatus),
    /// Someone holds it (or its retry time is ahead) until `lease_until`: look again then, not
    /// on every tick, and answer [`super::ClaimOutcome::Busy`].
    Busy { lease_until: DateTime<Utc> },
    /// Its lease has ended (a retry whose time has come, or a claimer that vanished before
    /// settling): take it over as `attempt`, keeping when attempt 1 claimed it.
    TakeOver { attempt: u32, first_claimed_at: F },
}

/// Decides a claim from a fire row's `status`, `lease_until`, `attempts` and `first_claimed_at`
/// at the claim's `now`. A status this version does not know counts as failed (settled), so an
/// unknown row is never posted again.
pub(crate) fn decide<F>(
    status: &str,
    lease_until: Option<DateTime<Utc>>,
    attempts: i64,
    first_claimed_at: F,
    now: DateTime<Utc>,
) -> ExistingFire<F> {
    let status = FireStatus::parse(status).unwrap_or(FireStatus::Failed);
    if status.is_settled() {
        ExistingFire::Settled(status)
    } else if let Some(lease_until) = lease_until.filter(|l| *l > now) {
        ExistingFire::Busy { lease_until }
    } else {
        ExistingFire::TakeOver {
            attempt: u32::try_from(attempts.saturating_add(1)).unwrap_or(u32::MAX),
            first_claimed_at,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Duration, TimeZone};

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, 1, 9, 0, 0).unwrap()
    }

    #[test]
    fn a_settled_row_is_settled_whatever_its_lease() {
        for (status, want) in [
            ("posted", FireStatus::Posted),
            ("skipped", FireStatus::Skipped),
            ("failed", FireStatus::Failed),
        ] {
            let held = Some(now() + Duration::minutes(5));
            assert_eq!(
                decide(status, held, 1, (), now()),
                ExistingFire::Settled(want)
            );
            assert_eq!(
                decide(status, None, 3, (), now()),
                ExistingFire::Settled(want)
            );
        }
    }

    #[test]
    fn an_unknown_status_counts_as_failed() {
        assert_eq!(
            decide("exploded", None, 1, (), now()),
            ExistingFire::Settled(FireStatus::Failed)
        );
    }

    #[test]
    fn a_lease_ahead_of_now_is_busy_until_it_ends() {
        let lease = now() + Duration::seconds(1);
        for status in ["claimed", "retry"] {
            assert_eq!(
                decide(status, Some(lease), 1, (), now()),
                ExistingFire::Busy { lease_until: lease }
            );
        }
    }

    #[test]
    fn a_lease_that_ends_now_or_earlier_is_taken_over_as_the_next_attempt() {
        let first = now() - Duration::hours(1);
        for status in ["claimed", "retry"] {
            for lease in [Some(now()), Some(now() - Duration::minutes(1)), None] {
                assert_eq!(
                    decide(status, lease, 2, first, now()),
                    ExistingFire::TakeOver {
                        attempt: 3,
                        first_claimed_at: first
                    }
                );
            }
        }
    }

    #[test]
    fn an_attempt_count_past_u32_saturates() {
        assert_eq!(
            decide("claimed", None, i64::from(u32::MAX), (), now()),
            ExistingFire::TakeOver {
                attempt: u32::MAX,
                first_claimed_at: ()
            }
        );
    }
}
