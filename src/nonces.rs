//! Every nonce the bot posts with, built in one place.
//!
//! Discord drops a second message with the same nonce (`enforce_nonce`), so a post retried
//! after a timeout or a crash appears once. That only works if the retry builds the same
//! nonce: session and reminder nonces are derived from what the post is (session and event,
//! reminder and local date); only one-off posts get a random one. Discord allows 25 characters.

use chrono::NaiveDate;
use rand::{distributions::Alphanumeric, Rng};

use crate::{ids::ReminderId, limits::NONCE_CHARS};

/// A nonce for a one-off post: retries of that post reuse it, nothing else ever does.
pub fn random() -> String {
    rand::thread_rng()
        .sample_iter(&Alphanumeric)
        .take(20)
        .map(char::from)
        .collect()
}

/// The nonce of one reminder fire: the same (reminder, local date) always gives the same
/// nonce, so a retried or doubled fire is de-duplicated by Discord.
pub fn fire(reminder_id: ReminderId, local_date: NaiveDate) -> String {
    let date = local_date.format("%Y%m%d");
    let decimal = format!("r{reminder_id}-{date}");
    if decimal.chars().count() <= NONCE_CHARS {
        return decimal;
    }
    // Only ids above 10^15 get here; base 36 keeps them within Discord's limit.
    format!("r{}-{date}", base36(reminder_id.get()))
}

/// The nonce of one nudge: the same (person, slot) always gives the same nonce, so a nudge
/// re-sent after a crash is de-duplicated by Discord. The slot counts to the second, because a
/// snoozed nudge can fall in the same minute as a regular one. `n` + the user id and the slot's
/// second in base 36 stays within 25 characters (21 for the largest id).
pub fn nudge(user_id: crate::ids::UserId, slot: chrono::DateTime<chrono::Utc>) -> String {
    let second = u64::try_from(slot.timestamp()).unwrap_or(0);
    format!("n{}-{}", base36(user_id.get()), base36(second))
}

fn base36(mut n: u64) -> String {
    const DIGITS: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut out = Vec::new();
    loop {
        out.push(DIGITS[(n % 36) as usize]);
        n /= 36;
        if n == 0 {
            break;
        }
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// A session's lobby. `s{id}-…` stays within 25 characters for 12-character session ids.
pub fn session_lobby(session_id: &str) -> String {
    format!("s{session_id}-lobby")
}

/// A session's timeline event `index` (also used when it is posted as a catch-up).
pub fn session_event(session_id: &str, index: usize) -> String {
    format!("s{session_id}-{index}")
}

/// A session's `seq`-th notice (pause, resume, restart).
pub fn session_notice(session_id: &str, seq: u32) -> String {
    format!("s{session_id}-n{seq}")
}

/// A session's one closing message (apology, closed after downtime).
pub fn session_closing(session_id: &str) -> String {
    format!("s{session_id}-end")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::date;

    #[test]
    fn nudge_nonces_fit_and_differ_per_person_and_slot() {
        let at = crate::test_support::utc("2026-03-08T14:30:00Z");
        let n = nudge(crate::ids::UserId::new(u64::MAX), at);
        assert!(n.len() <= 25, "{n}");
        assert_eq!(n, nudge(crate::ids::UserId::new(u64::MAX), at));
        assert_ne!(n, nudge(crate::ids::UserId::new(7), at));
        assert_ne!(
            n,
            nudge(
                crate::ids::UserId::new(u64::MAX),
                at + chrono::Duration::minutes(1)
            )
        );
        // A nudge snoozed to 14:30:30 is not the 14:30 slot's nudge (Discord would drop it).
        assert_ne!(
            n,
            nudge(
                crate::ids::UserId::new(u64::MAX),
                at + chrono::Duration::seconds(30)
            )
        );
    }

    #[test]
    fn fire_nonces_are_short_and_deterministic() {
        assert_eq!(
            fire(ReminderId::new(12), date("2026-03-08")),
            "r12-20260308"
        );
        let biggest = fire(ReminderId::new(u64::MAX), date("2026-03-08"));
        assert!(biggest.len() <= 25, "{biggest}");
        assert_eq!(biggest, fire(ReminderId::new(u64::MAX), date("2026-03-08")));
    }

    #[test]
    fn session_nonces_fit_discords_limit() {
        const ID: &str = "abcdefghijkl";
        for nonce in [
            session_lobby(ID),
            session_event(ID, 999),
            session_notice(ID, 9999),
            session_closing(ID),
        ] {
            assert!(nonce.len() <= NONCE_CHARS, "{nonce}");
        }
    }

    #[test]
    fn random_nonces_fit_and_differ() {
        let (a, b) = (random(), random());
        assert!(a.len() <= NONCE_CHARS && a != b, "{a} {b}");
    }
}
