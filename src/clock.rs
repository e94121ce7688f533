//! Where "now" comes from. Timing logic takes `now` as an argument; the long-lived tasks ask a
//! [`Clock`], so end-to-end tests can start the binary at a chosen instant (`STRETCHBOT_TEST_CLOCK`,
//! only with the `test-clock` feature) and reach a minute boundary or a daylight-saving day in seconds.

use std::sync::Arc;

use chrono::{DateTime, Utc};

pub trait Clock: Send + Sync + std::fmt::Debug {
    fn now(&self) -> DateTime<Utc>;
}

pub type SharedClock = Arc<dyn Clock>;

/// The system's wall clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// Wall time shifted by a fixed offset: it starts at a chosen instant and then runs normally.
#[derive(Debug, Clone, Copy)]
pub struct OffsetClock {
    offset: chrono::Duration,
}

impl OffsetClock {
    /// A clock that reads `start` right now.
    pub fn starting_at(start: DateTime<Utc>) -> Self {
        Self {
            offset: start - Utc::now(),
        }
    }
}

impl Clock for OffsetClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now() + self.offset
    }
}

/// The clock the binary uses: the system clock, or the instant in `STRETCHBOT_TEST_CLOCK`
/// (RFC 3339). That variable is honoured only in debug builds (what `cargo test` runs) and in
/// builds with the `test-clock` feature (benchmarks); a release image ignores it. An unparsable
/// value is an error, never silently ignored.
pub fn from_env() -> Result<SharedClock, String> {
    #[cfg(any(debug_assertions, feature = "test-clock"))]
    if let Ok(raw) = std::env::var("STRETCHBOT_TEST_CLOCK") {
        let start = DateTime::parse_from_rfc3339(raw.trim())
            .map_err(|_| format!("STRETCHBOT_TEST_CLOCK={raw:?} is not an RFC 3339 instant"))?;
        return Ok(Arc::new(OffsetClock::starting_at(
            start.with_timezone(&Utc),
        )));
    }
    Ok(Arc::new(SystemClock))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offset_clock_starts_at_the_chosen_instant_and_runs() {
        let start: DateTime<Utc> = "2026-03-08T06:59:50Z".parse().unwrap();
        let clock = OffsetClock::starting_at(start);
        let now = clock.now();
        assert!((now - start).num_milliseconds().abs() < 1000, "{now}");
    }
}
