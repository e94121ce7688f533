//! Clocks tests drive: one that follows tokio's (paused) clock, so a task's timers and its idea of
//! "now" agree, and one set by hand for code that is ticked rather than run.

use std::sync::{Arc, Mutex};

use chrono::{DateTime, Utc};
use tokio::time::Instant;

use crate::clock::Clock;

/// Wall time that follows tokio's clock: `start` at `origin`, then moving as tokio's time moves,
/// so on paused time a sleep until a deadline ends exactly at it.
#[derive(Debug, Clone, Copy)]
pub struct TokioClock {
    start: DateTime<Utc>,
    origin: Instant,
}

impl TokioClock {
    /// Reads `start` at tokio's `origin`.
    pub fn new(start: DateTime<Utc>, origin: Instant) -> Self {
        Self { start, origin }
    }

    /// Reads `start` now.
    pub fn starting_at(start: DateTime<Utc>) -> Self {
        Self::new(start, Instant::now())
    }

    /// What the clock read at [`Self::origin`].
    pub fn start(&self) -> DateTime<Utc> {
        self.start
    }

    /// The tokio instant the clock read `start` at.
    pub fn origin(&self) -> Instant {
        self.origin
    }
}

impl Clock for TokioClock {
    fn now(&self) -> DateTime<Utc> {
        self.start + chrono::Duration::from_std(Instant::now() - self.origin).unwrap()
    }
}

/// A clock tests set by hand; unset, it reads the system clock.
#[derive(Debug, Default)]
pub struct ManualClock(Mutex<Option<DateTime<Utc>>>);

impl ManualClock {
    pub fn at(t: DateTime<Utc>) -> Arc<Self> {
        Arc::new(Self(Mutex::new(Some(t))))
    }

    pub fn set(&self, t: DateTime<Utc>) {
        *self.0.lock().unwrap_or_else(|p| p.into_inner()) = Some(t);
    }

    pub fn advance(&self, by: chrono::Duration) {
        let mut guard = self.0.lock().unwrap_or_else(|p| p.into_inner());
        *guard = guard.map(|t| t + by);
    }
}

impl Clock for ManualClock {
    fn now(&self) -> DateTime<Utc> {
        self.0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .unwrap_or_else(Utc::now)
    }
}
