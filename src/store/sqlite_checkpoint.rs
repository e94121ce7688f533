//! Moving SQLite's write-ahead log into the database file (a checkpoint) on a thread of its own.
//!
//! By default SQLite checkpoints inside a commit once the log passes 1,000 pages, and that commit
//! then copies the log and syncs the file: 13-19 ms on the machines we measure on, every few
//! hundred commits. The store has one connection behind a mutex, so every statement queued behind
//! that commit waited too, and an interaction's claim (made before the bot answers) now and then
//! took 15-50 ms instead of 1. Here a second connection checkpoints every second, so commits only
//! append to the log; SQLite's own checkpoint stays as a fallback at a size the thread never lets
//! the log reach while it works.

use std::{
    sync::{
        atomic::{AtomicU64, Ordering},
        Arc, Condvar, Mutex,
    },
    thread::JoinHandle,
    time::{Duration, Instant},
};

use rusqlite::Connection;

use super::StoreError;
use crate::error::chain;

/// How often the log is moved into the database file: the log holds about this much writing
/// while checkpoints complete.
pub const CHECKPOINT_EVERY: Duration = Duration::from_secs(1);

/// Pages after which a commit checkpoints by itself (SQLite's default is 1,000): only if the
/// thread stops or falls far behind (about 40 MB at 4 KiB pages).
pub const FALLBACK_AUTOCHECKPOINT_PAGES: u32 = 10_000;

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
    #[cfg(test)]
    pub fn complete(&self) -> bool {
        !self.busy && self.log_frames >= 0 && self.checkpointed_frames >= self.log_frames
    }
}

/// The second connection, used only to checkpoint.
pub(super) struct Checkpointer {
    conn: Mutex<Connection>,
    /// Checkpoints run so far: tests wait on it.
    runs: AtomicU64,
}

impl Checkpointer {
    pub(super) fn open(path: &std::path::Path) -> Result<Self, StoreError> {
        Ok(Self {
            conn: Mutex::new(Connection::open(path)?),
            runs: AtomicU64::new(0),
        })
    }

    #[cfg(test)]
    pub(super) fn runs(&self) -> u64 {
        self.runs.load(Ordering::Relaxed)
    }

    /// One checkpoint. The bulk is copied without the store's lock, so statements go on. Then,
    /// under the lock, whatever commits added meanwhile: a commit that had begun during the
    /// first pass would otherwise append to the log, and under commits that never stop the log
    /// would never start again from the beginning. With no commit of this process in progress
    /// and the log complete, its next commit starts the log again. The second pass usually has
    /// little or nothing to copy.
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

/// `PASSIVE` copies what it can without waiting for readers or writers to finish.
fn passive(c: &Connection) -> rusqlite::Result<WalCheckpoint> {
    c.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |r| {
        Ok(WalCheckpoint {
            busy: r.get::<_, i64>(0)? != 0,
            log_frames: r.get(1)?,
            checkpointed_frames: r.get(2)?,
        })
    })
}

/// The checkpoint thread. Dropping it wakes the thread, waits for it to end, and so closes its
/// connection: the last connection to close moves the rest of the log into the file and removes
/// the log, as a single connection's close used to.
pub(super) struct Thread {
    stop: Arc<(Mutex<bool>, Condvar)>,
    handle: Option<JoinHandle<()>>,
}

impl Thread {
    /// Checkpoints every `every` on `checkpointer`, against the store's connection `store`.
    pub(super) fn spawn(
        store: Arc<Mutex<Connection>>,
        checkpointer: Arc<Checkpointer>,
        every: Duration,
    ) -> std::io::Result<Self> {
        let every = every.max(Duration::from_millis(1));
        let stop = Arc::new((Mutex::new(false), Condvar::new()));
        let stopped = stop.clone();
        let handle = std::thread::Builder::new()
            .name("sqlite-checkpoint".into())
            .spawn(move || {
                let mut next = Instant::now() + every;
                let mut failing = false;
                loop {
                    {
                        let (flag, wake) = &*stopped;
                        let mut stop = flag.lock().unwrap_or_else(|p| p.into_inner());
                        while !*stop && Instant::now() < next {
                            let wait = next.saturating_duration_since(Instant::now());
                            stop = wake
                                .wait_timeout(stop, wait)
                                .unwrap_or_else(|p| p.into_inner())
                                .0;
                        }
                        if *stop {
                            return;
                        }
                    }
                    // A slow checkpoint skips ticks rather than running several back to back.
                    next = (next + every).max(Instant::now());
                    match checkpointer.run(&store) {
                        Ok(_) if failing => {
                            failing = false;
                            tracing::info!("SQLite checkpoints work again");
                        }
                        Ok(_) => {}
                        Err(e) if !failing => {
                            failing = true;
                            tracing::warn!(error = %chain(&e), "SQLite checkpoint failed; commits checkpoint by themselves once the log is large");
                        }
                        Err(_) => {}
                    }
                }
            })?;
        Ok(Self {
            stop,
            handle: Some(handle),
        })
    }
}

impl Drop for Thread {
    fn drop(&mut self) {
        let (flag, wake) = &*self.stop;
        *flag.lock().unwrap_or_else(|p| p.into_inner()) = true;
        wake.notify_all();
        if let Some(handle) = self.handle.take() {
            let _ = handle.join();
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use chrono::{DateTime, Utc};

    use super::super::{SqliteStore, Store};

    fn now() -> DateTime<Utc> {
        "2026-06-10T09:00:00Z".parse().unwrap()
    }

    /// The log header's checkpoint sequence number: SQLite adds one each time a commit starts
    /// the log again from the beginning.
    fn log_restarts(db: &Path) -> u32 {
        let header = std::fs::read(db.with_extension("db-wal")).unwrap_or_default();
        header
            .get(12..16)
            .map_or(0, |b| u32::from_be_bytes(b.try_into().unwrap()))
    }

    #[tokio::test]
    async fn commits_leave_the_log_to_the_checkpointer_and_the_next_commit_starts_it_again() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("bot.db");
        let store = SqliteStore::open_with(&db, None).unwrap();
        for id in 0..1_500 {
            assert!(store.claim_interaction(id, "copy-a", now()).await.unwrap());
        }
        let done = store.checkpoint_now().unwrap().expect("a file has a log");
        // Each commit adds at least a page; SQLite's own checkpoint would have started the log
        // again inside the commit that passed 1,000.
        assert!(done.log_frames >= 1_500, "a commit checkpointed: {done:?}");
        assert!(done.complete(), "{done:?}");
        let restarts = log_restarts(&db);
        assert!(store
            .claim_interaction(1_500, "copy-a", now())
            .await
            .unwrap());
        assert_eq!(
            log_restarts(&db),
            restarts + 1,
            "the next commit starts the log again"
        );
        let next = store.checkpoint_now().unwrap().unwrap();
        assert!(next.log_frames < 20, "{next:?}");
        assert_eq!(store.checkpoints_run(), 2);
        assert_eq!(store.integrity_check().unwrap(), "ok");
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn the_log_starts_again_while_commits_never_stop() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("bot.db");
        let every = std::time::Duration::from_millis(20);
        let store = SqliteStore::open_with(&db, Some(every)).unwrap();
        let start = log_restarts(&db);
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
        // Two writers, so a commit is nearly always in progress or waiting for the lock.
        let writers: Vec<_> = (0..2u64)
            .map(|w| {
                let store = store.clone();
                tokio::spawn(async move {
                    let mut id = w << 32;
                    while store.checkpoints_run() < 10 && std::time::Instant::now() < deadline {
                        assert!(store.claim_interaction(id, "copy-a", now()).await.unwrap());
                        id += 1;
                    }
                })
            })
            .collect();
        for w in writers {
            w.await.unwrap();
        }
        let runs = store.checkpoints_run();
        let restarts = u64::from(log_restarts(&db) - start);
        assert!(runs >= 10, "only {runs} checkpoints in 30 s");
        // Each checkpoint completes the log under the lock, so the commit after it starts the
        // log again; without that pass, commits in progress kept it growing (about one restart
        // in 30 checkpoints).
        assert!(
            restarts * 2 >= runs,
            "{restarts} restarts in {runs} checkpoints"
        );
    }

    #[test]
    fn the_last_store_to_go_stops_the_thread_and_leaves_no_log() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("bot.db");
        let store = SqliteStore::open(&db).unwrap();
        let clone = store.clone();
        drop(store);
        assert!(
            db.with_extension("db-wal").exists(),
            "a clone keeps it open"
        );
        drop(clone);
        assert!(
            !db.with_extension("db-wal").exists(),
            "the last connection to close moves the log into the file and removes it"
        );
        assert_eq!(
            SqliteStore::open(&db).unwrap().integrity_check().unwrap(),
            "ok"
        );
    }
}
