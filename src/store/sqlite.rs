//! The SQLite store: one connection in WAL mode behind a mutex, used from blocking threads so
//! the async runtime never waits on disk. Several processes may share one database file: SQLite's
//! locking and a busy timeout serialise their writes.

use std::{
    path::Path,
    sync::{Arc, Mutex},
};

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};

use super::{SessionRow, Store, StoreError};

/// Embedded migrations, applied in order; `PRAGMA user_version` records how many ran.
const MIGRATIONS: &[&str] = &[include_str!("migrations/0001_init.sql")];

#[derive(Clone)]
pub struct SqliteStore {
    conn: Arc<Mutex<Connection>>,
}

impl std::fmt::Debug for SqliteStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SqliteStore")
    }
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        match &e {
            rusqlite::Error::SqliteFailure(code, _)
                if code.code == rusqlite::ErrorCode::ConstraintViolation =>
            {
                StoreError::Conflict(e.to_string())
            }
            _ => StoreError::Database(e.to_string()),
        }
    }
}

impl SqliteStore {
    /// Opens (creating folder and file) and migrates the database at `path`.
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        let shown = path.display().to_string();
        let open_err = |message: String| StoreError::Open {
            path: shown.clone(),
            message,
        };
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| open_err(e.to_string()))?;
        }
        let conn = Connection::open(path).map_err(|e| open_err(e.to_string()))?;
        Self::init(conn).map_err(|e| open_err(e.to_string()))
    }

    /// An in-memory database, for tests.
    pub fn in_memory() -> Result<Self, StoreError> {
        Self::init(Connection::open_in_memory()?)
    }

    fn init(conn: Connection) -> Result<Self, StoreError> {
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        migrate(&conn)?;
        Ok(Self {
            conn: Arc::new(Mutex::new(conn)),
        })
    }

    /// How many migrations the database has applied.
    pub fn schema_version(&self) -> Result<usize, StoreError> {
        let conn = self.conn.lock().unwrap_or_else(|p| p.into_inner());
        Ok(conn.query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0))? as usize)
    }

    /// `PRAGMA integrity_check`: "ok" for a healthy file.
    pub fn integrity_check(&self) -> Result<String, StoreError> {
        let conn = self.conn.lock().unwrap_or_else(|p| p.into_inner());
        Ok(conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?)
    }

    /// Runs `f` on the connection in a blocking thread.
    async fn with<T, F>(&self, f: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection) -> Result<T, StoreError> + Send + 'static,
    {
        let conn = self.conn.clone();
        tokio::task::spawn_blocking(move || {
            let mut guard = conn.lock().unwrap_or_else(|p| p.into_inner());
            f(&mut guard)
        })
        .await
        .map_err(|e| StoreError::Database(format!("store task failed: {e}")))?
    }
}

fn migrate(conn: &Connection) -> Result<(), StoreError> {
    let applied: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let applied = usize::try_from(applied).unwrap_or(0);
    if applied > MIGRATIONS.len() {
        return Err(StoreError::Database(format!(
            "the database has schema version {applied}, newer than this build knows ({}); \
             refusing to run an older stretchbot on it",
            MIGRATIONS.len()
        )));
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(applied) {
        // Each migration and its version bump commit together, so a crash never half-applies one.
        conn.execute_batch(&format!(
            "BEGIN IMMEDIATE; {sql}\nPRAGMA user_version = {}; COMMIT;",
            i + 1
        ))
        .inspect_err(|_| {
            let _ = conn.execute_batch("ROLLBACK;");
        })?;
    }
    Ok(())
}

fn ts(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

fn parse_ts(s: &str) -> rusqlite::Result<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
        })
}

fn id_to_sql(id: u64) -> i64 {
    // Snowflakes fit in 63 bits; storing them as INTEGER keeps indexes compact.
    id as i64
}

fn session_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<SessionRow> {
    Ok(SessionRow {
        id: r.get(0)?,
        guild_id: r.get::<_, i64>(1)? as u64,
        channel_id: r.get::<_, i64>(2)? as u64,
        starter_id: r.get::<_, i64>(3)? as u64,
        active: r.get::<_, i64>(4)? != 0,
        state: r.get(5)?,
        created_at: parse_ts(&r.get::<_, String>(6)?)?,
        updated_at: parse_ts(&r.get::<_, String>(7)?)?,
    })
}

const SESSION_COLUMNS: &str =
    "id, guild_id, channel_id, starter_id, active, state, created_at, updated_at";

#[async_trait]
impl Store for SqliteStore {
    async fn insert_session(&self, row: &SessionRow) -> Result<(), StoreError> {
        let row = row.clone();
        self.with(move |c| {
            c.execute(
                &format!(
                    "INSERT INTO sessions ({SESSION_COLUMNS}) VALUES (?1,?2,?3,?4,?5,?6,?7,?8)"
                ),
                params![
                    row.id,
                    id_to_sql(row.guild_id),
                    id_to_sql(row.channel_id),
                    id_to_sql(row.starter_id),
                    row.active as i64,
                    row.state,
                    ts(row.created_at),
                    ts(row.updated_at)
                ],
            )?;
            Ok(())
        })
        .await
    }

    async fn update_session(&self, row: &SessionRow) -> Result<(), StoreError> {
        let row = row.clone();
        self.with(move |c| {
            c.execute(
                "UPDATE sessions SET active = ?2, state = ?3, updated_at = ?4 WHERE id = ?1",
                params![row.id, row.active as i64, row.state, ts(row.updated_at)],
            )?;
            Ok(())
        })
        .await
    }

    async fn active_sessions(&self) -> Result<Vec<SessionRow>, StoreError> {
        self.with(|c| {
            let mut stmt = c.prepare(&format!(
                "SELECT {SESSION_COLUMNS} FROM sessions WHERE active = 1 ORDER BY created_at"
            ))?;
            let rows = stmt.query_map([], session_from_row)?;
            Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
        })
        .await
    }

    async fn active_session_in(&self, channel_id: u64) -> Result<Option<SessionRow>, StoreError> {
        self.with(move |c| {
            Ok(c.query_row(
                &format!(
                    "SELECT {SESSION_COLUMNS} FROM sessions WHERE active = 1 AND channel_id = ?1"
                ),
                params![id_to_sql(channel_id)],
                session_from_row,
            )
            .optional()?)
        })
        .await
    }

    async fn count_active_sessions(&self, guild_id: u64) -> Result<u32, StoreError> {
        self.with(move |c| {
            Ok(c.query_row(
                "SELECT COUNT(*) FROM sessions WHERE active = 1 AND guild_id = ?1",
                params![id_to_sql(guild_id)],
                |r| r.get::<_, i64>(0),
            )? as u32)
        })
        .await
    }

    async fn guild_timezone(&self, guild_id: u64) -> Result<Option<String>, StoreError> {
        self.with(move |c| {
            Ok(c.query_row(
                "SELECT timezone FROM guilds WHERE guild_id = ?1",
                params![id_to_sql(guild_id)],
                |r| r.get::<_, Option<String>>(0),
            )
            .optional()?
            .flatten())
        })
        .await
    }

    async fn set_guild_timezone(&self, guild_id: u64, tz: &str) -> Result<(), StoreError> {
        let tz = tz.to_owned();
        self.with(move |c| {
            c.execute(
                "INSERT INTO guilds (guild_id, timezone) VALUES (?1, ?2)
                 ON CONFLICT (guild_id) DO UPDATE SET timezone = excluded.timezone",
                params![id_to_sql(guild_id), tz],
            )?;
            Ok(())
        })
        .await
    }

    async fn set_guild_removed(
        &self,
        guild_id: u64,
        removed_at: Option<DateTime<Utc>>,
    ) -> Result<(), StoreError> {
        self.with(move |c| {
            c.execute(
                "INSERT INTO guilds (guild_id, removed_at) VALUES (?1, ?2)
                 ON CONFLICT (guild_id) DO UPDATE SET removed_at = excluded.removed_at",
                params![id_to_sql(guild_id), removed_at.map(ts)],
            )?;
            Ok(())
        })
        .await
    }

    async fn purge_removed_before(&self, cutoff: DateTime<Utc>) -> Result<u32, StoreError> {
        self.with(move |c| {
            let tx = c.transaction()?;
            let gone: Vec<i64> = {
                let mut stmt = tx.prepare(
                    "SELECT guild_id FROM guilds WHERE removed_at IS NOT NULL AND removed_at < ?1",
                )?;
                let ids = stmt.query_map(params![ts(cutoff)], |r| r.get(0))?;
                ids.collect::<rusqlite::Result<_>>()?
            };
            for id in &gone {
                for table in PER_GUILD_TABLES {
                    tx.execute(
                        &format!("DELETE FROM {table} WHERE guild_id = ?1"),
                        params![id],
                    )?;
                }
            }
            tx.commit()?;
            Ok(gone.len() as u32)
        })
        .await
    }
}

/// Every table keyed by server; purging a server deletes its rows from each (guilds last).
const PER_GUILD_TABLES: &[&str] = &["sessions", "guilds"];

#[cfg(test)]
mod tests {
    use super::*;

    fn session(id: &str, channel: u64) -> SessionRow {
        let now: DateTime<Utc> = "2026-11-24T10:00:00Z".parse().unwrap();
        SessionRow {
            id: id.into(),
            guild_id: 1,
            channel_id: channel,
            starter_id: 7,
            active: true,
            state: "{}".into(),
            created_at: now,
            updated_at: now,
        }
    }

    #[test]
    fn migrations_apply_to_an_empty_database_and_reopen_cleanly() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("nested/folder/bot.db");
        let store = SqliteStore::open(&path).unwrap();
        assert_eq!(store.schema_version().unwrap(), MIGRATIONS.len());
        assert_eq!(store.integrity_check().unwrap(), "ok");
        drop(store);
        let again = SqliteStore::open(&path).unwrap();
        assert_eq!(again.schema_version().unwrap(), MIGRATIONS.len());
    }

    #[tokio::test]
    async fn existing_database_keeps_its_data_across_reopen() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bot.db");
        let store = SqliteStore::open(&path).unwrap();
        store.insert_session(&session("s1", 10)).await.unwrap();
        store.set_guild_timezone(1, "Europe/Berlin").await.unwrap();
        drop(store);
        let store = SqliteStore::open(&path).unwrap();
        assert_eq!(store.active_sessions().await.unwrap().len(), 1);
        assert_eq!(
            store.guild_timezone(1).await.unwrap().as_deref(),
            Some("Europe/Berlin")
        );
    }

    #[test]
    fn older_database_is_migrated_forward() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.db");
        {
            let conn = Connection::open(&path).unwrap();
            conn.execute_batch("CREATE TABLE unrelated (x INTEGER); PRAGMA user_version = 0;")
                .unwrap();
        }
        let store = SqliteStore::open(&path).unwrap();
        assert_eq!(store.schema_version().unwrap(), MIGRATIONS.len());
    }

    #[test]
    fn newer_database_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("new.db");
        {
            let conn = Connection::open(&path).unwrap();
            conn.execute_batch("PRAGMA user_version = 999;").unwrap();
        }
        let err = SqliteStore::open(&path).unwrap_err();
        assert!(err.to_string().contains("newer than this build"), "{err}");
    }

    #[tokio::test]
    async fn one_active_session_per_channel() {
        let store = SqliteStore::in_memory().unwrap();
        store.insert_session(&session("a", 10)).await.unwrap();
        let err = store.insert_session(&session("b", 10)).await.unwrap_err();
        assert!(matches!(err, StoreError::Conflict(_)), "{err}");
        store.insert_session(&session("c", 11)).await.unwrap();
        assert_eq!(store.count_active_sessions(1).await.unwrap(), 2);
        let mut done = session("a", 10);
        done.active = false;
        store.update_session(&done).await.unwrap();
        store.insert_session(&session("d", 10)).await.unwrap();
        assert_eq!(store.active_session_in(10).await.unwrap().unwrap().id, "d");
    }

    #[tokio::test]
    async fn removed_servers_are_purged_after_the_cutoff_only() {
        let store = SqliteStore::in_memory().unwrap();
        store.insert_session(&session("a", 10)).await.unwrap();
        let left: DateTime<Utc> = "2026-10-01T00:00:00Z".parse().unwrap();
        store.set_guild_removed(1, Some(left)).await.unwrap();
        let before: DateTime<Utc> = "2026-09-01T00:00:00Z".parse().unwrap();
        assert_eq!(store.purge_removed_before(before).await.unwrap(), 0);
        let after: DateTime<Utc> = "2026-11-01T00:00:00Z".parse().unwrap();
        assert_eq!(store.purge_removed_before(after).await.unwrap(), 1);
        assert!(store.active_sessions().await.unwrap().is_empty());
    }
}
