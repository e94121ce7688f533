//! Moving SQLite's write-ahead log into the database file (a checkpoint) on a thread of its own.
//!
//! By default SQLite checkpoints inside a commit once the log passes 1,000 pages, and that commit
//! then copies the log and syncs the file: 13-19 ms on the machines we measure on, every few
//! hundred commits. The store has one connection behind a mutex, so every statement queued behind
//! that commit waited too, and an interaction's claim (made before the bot answers) now and then
//! took 15-50 ms instead of 1. Here the store's connection never checkpoints; this thread does,
//! on a second connection, so commits only append to the log.

use std::{
    sync::{
        atomic::{AtomicU64, Ordering},
        Arc, Mutex, Weak,
    },
    time::{Duration, Instant},
};

use rusqlite::Connection;

use super::StoreError;
use crate::error::chain;

/// How often the log is moved into the database file: it holds at most about this much writing.
pub const CHECKPOINT_EVERY: Duration = Duration::from_secs(1);

/// What one checkpoint did (`PRAGMA wal_checkpoint`'s row).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WalCheckpoint {
    /// Another connection (another process's checkpointer) was checkpointing.
    pub busy: bool,
    /// Pages in the log.
    pub log_frames: i64,
    /// Of those, pages now in the database file.
    pub checkpointed_frames: i64,
}

impl WalCheckpoint {
    pub fn complete(&self) -> bool {
        !self.busy && self.checkpointed_frames >= self.log_frames
    }
}

/// The second connection, used only to checkpoint.
pub(super) struct Checkpointer {
    conn: Mutex<Connection>,
    runs: AtomicU64,
}

impl Checkpointer {
    pub(super) fn open(path: &std::path::Path) -> Result<Self, StoreError> {
        Ok(Self {
            conn: Mutex::new(Connection::open(path)?),
            runs: AtomicU64::new(0),
        })
    }

    /// Checkpoints that have run, for tests.
    pub(super) fn runs(&self) -> u64 {
        self.runs.load(Ordering::Relaxed)
    }

    /// One checkpoint. The bulk is copied without the store's lock, so statements go on. Then,
    /// under the lock, whatever commits added meanwhile: a commit that had begun during the
    /// first pass would otherwise append to the log, and under commits that never stop the log
    /// would never start again from the beginning. With no commit in progress and the log
    /// complete, the next commit starts it again. The second pass usually has nothing to copy.
    pub(super) fn run(&self, store: &Mutex<Connection>) -> Result<WalCheckpoint, StoreError> {
        let c = self.conn.lock().unwrap_or_else(|p| p.into_inner());
        let first = passive(&c)?;
        let done = if first.busy {
            first
        } else {
            let _no_commits = store.lock().unwrap_or_else(|p| p.into_inner());
            passive(&c)?
        };
        self.runs.fetch_add(1, Ordering::Relaxed);
        Ok(done)
    }
}

/// `PASSIVE` never waits for readers or writers (SQLite does not call the busy handler in it).
fn passive(c: &Connection) -> rusqlite::Result<WalCheckpoint> {
    c.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |r| {
        Ok(WalCheckpoint {
            busy: r.get::<_, i64>(0)? != 0,
            log_frames: r.get(1)?,
            checkpointed_frames: r.get(2)?,
        })
    })
}

/// Checkpoints every `every` until the store is dropped. A failure is logged when it starts and
/// when it ends, not every second.
pub(super) fn spawn(
    store: Weak<Mutex<Connection>>,
    checkpointer: Arc<Checkpointer>,
    every: Duration,
) -> std::io::Result<()> {
    std::thread::Builder::new()
        .name("sqlite-checkpoint".into())
        .spawn(move || {
            let start = Instant::now();
            let mut failing = false;
            loop {
                // The next whole interval from the start: a slow checkpoint skips ticks rather
                // than running several back to back.
                let ticks = start.elapsed().as_nanos() / every.as_nanos().max(1) + 1;
                let due = start + every * u32::try_from(ticks).unwrap_or(u32::MAX);
                std::thread::sleep(due.saturating_duration_since(Instant::now()));
                let Some(store) = store.upgrade() else {
                    return;
                };
                match checkpointer.run(&store) {
                    Ok(_) if failing => {
                        failing = false;
                        tracing::info!("SQLite checkpoints work again");
                    }
                    Ok(_) => {}
                    Err(e) if !failing => {
                        failing = true;
                        tracing::warn!(error = %chain(&e), "SQLite checkpoint failed; the write-ahead log grows until one succeeds");
                    }
                    Err(_) => {}
                }
            }
        })
        .map(drop)
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, Utc};

    use super::super::{SqliteStore, Store};

    fn now() -> DateTime<Utc> {
        "2026-06-10T09:00:00Z".parse().unwrap()
    }

    #[tokio::test]
    async fn commits_leave_the_log_to_the_checkpointer_and_the_next_commit_starts_it_again() {
        let dir = tempfile::tempdir().unwrap();
        let store = SqliteStore::open_checkpointing(&dir.path().join("bot.db"), None).unwrap();
        for id in 0..1_500 {
            assert!(store.claim_interaction(id, "copy-a", now()).await.unwrap());
        }
        let done = store.checkpoint_now().unwrap().expect("a file has a log");
        // Each commit adds at least a page; SQLite's own checkpoint would have started the log
        // again inside the commit that passed 1,000.
        assert!(done.log_frames >= 1_500, "a commit checkpointed: {done:?}");
        assert!(done.complete(), "{done:?}");
        assert!(store
            .claim_interaction(1_500, "copy-a", now())
            .await
            .unwrap());
        let next = store.checkpoint_now().unwrap().unwrap();
        assert!(
            next.log_frames < 20,
            "a complete checkpoint lets the next commit start the log again: {next:?}"
        );
        assert_eq!(store.checkpoints_run(), 2);
        assert_eq!(store.integrity_check().unwrap(), "ok");
    }

    #[tokio::test]
    async fn the_thread_keeps_the_log_short_while_commits_never_stop() {
        let dir = tempfile::tempdir().unwrap();
        let every = std::time::Duration::from_millis(20);
        let store =
            SqliteStore::open_checkpointing(&dir.path().join("bot.db"), Some(every)).unwrap();
        let mut commits = 0i64;
        while store.checkpoints_run() < 5 {
            assert!(store
                .claim_interaction(commits as u64, "copy-a", now())
                .await
                .unwrap());
            commits += 1;
            assert!(commits < 1_000_000, "the checkpoint thread never ran");
        }
        let log = store.checkpoint_now().unwrap().unwrap();
        // Every commit wrote at least one page: a log shorter than the commits was started
        // again while they went on.
        assert!(log.log_frames < commits, "{commits} commits, log {log:?}");
    }
}
