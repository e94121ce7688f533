//! The SQLite store: one connection in WAL mode behind a mutex, used from blocking threads so
//! the async runtime never waits on disk. Several processes may share one database file: SQLite's
//! locking and a busy timeout serialise their writes. For a file, a second connection on a
//! thread of its own checkpoints the log (`sqlite_checkpoint.rs`), so commits do not.

use std::{
    path::Path,
    sync::{Arc, Mutex},
    time::Duration,
};

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};

use super::claims::{self, ExistingFire};
use super::{
    shard_condition, CheckIn, CheckinSource, GuildSetting, LeaseRequest, PromptRow, SessionRow,
    ShardKey, ShardSet, Store, StoreError,
};
use crate::error::Cause;
use crate::ids::{ChannelId, GuildId, ReminderId, UserId};
#[cfg(test)]
use checkpoint::WalCheckpoint;
use checkpoint::{Checkpointer, CHECKPOINT_EVERY, FALLBACK_AUTOCHECKPOINT_PAGES};

/// Embedded migrations as (file name, SQL), applied in order; `PRAGMA user_version` records how
/// many ran, so a file's number is its position: always append, never renumber.
const MIGRATIONS: &[(&str, &str)] = &[
    (
        "0001_init.sql",
        include_str!("migrations/sqlite/0001_init.sql"),
    ),
    (
        "0002_reminders.sql",
        include_str!("migrations/sqlite/0002_reminders.sql"),
    ),
    (
        "0003_cluster.sql",
        include_str!("migrations/sqlite/0003_cluster.sql"),
    ),
    (
        "0004_fire_first_claim.sql",
        include_str!("migrations/sqlite/0004_fire_first_claim.sql"),
    ),
    (
        "0005_reminder_ids_never_reused.sql",
        include_str!("migrations/sqlite/0005_reminder_ids_never_reused.sql"),
    ),
    (
        "0006_reminder_prompts.sql",
        include_str!("migrations/sqlite/0006_reminder_prompts.sql"),
    ),
    (
        "0007_guild_language.sql",
        include_str!("migrations/sqlite/0007_guild_language.sql"),
    ),
    (
        "0008_checkins.sql",
        include_str!("migrations/sqlite/0008_checkins.sql"),
    ),
    (
        "0009_guild_discord_locale.sql",
        include_str!("migrations/sqlite/0009_guild_discord_locale.sql"),
    ),
    (
        "0010_nudges.sql",
        include_str!("migrations/sqlite/0010_nudges.sql"),
    ),
];

#[derive(Clone)]
pub struct SqliteStore {
    conn: Arc<Mutex<Connection>>,
    /// For a file: the connection that checkpoints (see [`checkpoint`]).
    checkpointer: Option<Arc<Checkpointer>>,
    /// The thread that uses it; the last clone of the store stops it.
    checkpoints: Option<Arc<checkpoint::Thread>>,
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
                StoreError::Conflict(e.into())
            }
            _ => StoreError::Database(e.into()),
        }
    }
}

impl SqliteStore {
    /// Opens (creating folder and file) and migrates the database at `path`.
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        let shown = path.display().to_string();
        let open_err = |cause: Cause| StoreError::Open {
            path: shown.clone(),
            cause,
        };
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| open_err(e.into()))?;
        }
        Self::open_with(path, Some(CHECKPOINT_EVERY)).map_err(|e| open_err(e.into()))
    }

    /// Opens a database whose log is checkpointed every `every` by a thread of its own (with
    /// `None`, only by `checkpoint_now`, for tests). A database without a log (in memory) gets
    /// neither.
    fn open_with(path: &Path, every: Option<Duration>) -> Result<Self, StoreError> {
        let mut store = Self::init(Connection::open(path)?)?;
        let wal = {
            let conn = store.conn.lock().unwrap_or_else(|p| p.into_inner());
            conn.query_row("PRAGMA journal_mode", [], |r| r.get::<_, String>(0))?
                .eq_ignore_ascii_case("wal")
        };
        if !wal {
            return Ok(store);
        }
        let checkpointer = Arc::new(Checkpointer::open(path)?);
        if let Some(every) = every {
            let thread = checkpoint::Thread::spawn(store.conn.clone(), checkpointer.clone(), every)
                .map_err(|e| StoreError::Database(e.into()))?;
            store.checkpoints = Some(Arc::new(thread));
        }
        store.checkpointer = Some(checkpointer);
        Ok(store)
    }

    /// Checkpoints now, as the thread does; `None` without a log.
    #[cfg(test)]
    fn checkpoint_now(&self) -> Result<Option<WalCheckpoint>, StoreError> {
        self.checkpointer
            .as_ref()
            .map(|c| c.run(&self.conn))
            .transpose()
    }

    #[cfg(test)]
    fn checkpoints_run(&self) -> u64 {
        self.checkpointer.as_ref().map_or(0, |c| c.runs())
    }

    /// An in-memory database, for tests.
    pub fn in_memory() -> Result<Self, StoreError> {
        Self::init(Connection::open_in_memory()?)
    }

    fn init(conn: Connection) -> Result<Self, StoreError> {
        conn.busy_timeout(BUSY_TIMEOUT)?;
        set_wal(&conn)?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        // The checkpoint thread does it (see `sqlite_checkpoint.rs`).
        conn.pragma_update(None, "wal_autocheckpoint", FALLBACK_AUTOCHECKPOINT_PAGES)?;
        migrate(&conn)?;
        Ok(Self {
            conn: Arc::new(Mutex::new(conn)),
            checkpointer: None,
            checkpoints: None,
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
        .map_err(|e| StoreError::Database(e.into()))?
    }
}

/// How long a statement waits for another process's lock.
const BUSY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(5);

/// Switches the file to WAL. The switch needs the file to itself, and SQLite answers "busy" at
/// once rather than through the busy timeout when another process holds it (several processes
/// opening a fresh file together), so it is retried here for as long as the busy timeout.
fn set_wal(conn: &Connection) -> Result<(), StoreError> {
    let start = std::time::Instant::now();
    loop {
        match conn.pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get::<_, String>(0)) {
            Ok(_) => return Ok(()),
            Err(rusqlite::Error::SqliteFailure(e, _))
                if e.code == rusqlite::ErrorCode::DatabaseBusy
                    && start.elapsed() < BUSY_TIMEOUT =>
            {
                std::thread::sleep(std::time::Duration::from_millis(10));
            }
            Err(e) => return Err(e.into()),
        }
    }
}

fn migrate(conn: &Connection) -> Result<(), StoreError> {
    let known = MIGRATIONS.len();
    let version = |conn: &Connection| -> Result<usize, StoreError> {
        let v: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        let v = usize::try_from(v).unwrap_or(0);
        if v > known {
            return Err(StoreError::TooNew { found: v, known });
        }
        Ok(v)
    };
    if version(conn)? == known {
        return Ok(());
    }
    // Several processes may start on a fresh file together: the write lock comes first and the
    // version is read again under it, so whoever waited sees the migrations done and applies
    // none twice. All pending migrations and the version bump commit together.
    conn.execute_batch("BEGIN IMMEDIATE;")?;
    let applied = (|| {
        let applied = version(conn)?;
        for (i, (_, sql)) in MIGRATIONS.iter().enumerate().skip(applied) {
            conn.execute_batch(&format!("{sql}\nPRAGMA user_version = {};", i + 1))?;
        }
        conn.execute_batch("COMMIT;")?;
        Ok(())
    })();
    if applied.is_err() {
        let _ = conn.execute_batch("ROLLBACK;");
    }
    applied
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

/// The statements a claim runs on a fire row that already exists, for one kind of fire. Each
/// takes the owner's id as `?1`; `select` (`status, lease_until, attempts, first_claimed_at`) and
/// `take_over` take the fire's key as `?2`, `look_again` the lease's end as `?2`, and
/// `take_over` the new lease, claimer and time as `?3`-`?5`.
struct ExistingFireSql {
    select: &'static str,
    look_again: &'static str,
    take_over: &'static str,
}

/// A claim of a fire whose row exists: decides it ([`claims::decide`]) and runs that kind's
/// statements for the decision. The first-claimed time is read only for a take-over.
fn claim_existing_fire(
    c: &Connection,
    sql: &ExistingFireSql,
    id: i64,
    key: &dyn rusqlite::ToSql,
    lease_until: DateTime<Utc>,
    instance: &str,
    now: DateTime<Utc>,
) -> rusqlite::Result<ClaimOutcome> {
    let (status, lease, attempts, first): (String, Option<String>, i64, String) =
        c.query_row(sql.select, params![id, key], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })?;
    let lease = lease.map(|s| parse_ts(&s)).transpose()?;
    Ok(match claims::decide(&status, lease, attempts, first, now) {
        ExistingFire::Settled(status) => ClaimOutcome::Settled(status),
        ExistingFire::Busy { lease_until } => {
            c.execute(sql.look_again, params![id, ts(lease_until)])?;
            ClaimOutcome::Busy
        }
        ExistingFire::TakeOver {
            attempt,
            first_claimed_at,
        } => {
            // The post reuses the fire's nonce, so if a vanished claimer did post, Discord
            // answers with that message (a reminder) or drops the copy (a nudge).
            c.execute(
                sql.take_over,
                params![id, key, ts(lease_until), instance, ts(now)],
            )?;
            ClaimOutcome::Claimed {
                attempt,
                first_claimed_at: parse_ts(&first_claimed_at)?,
            }
        }
    })
}

use super::{id_from_sql, id_to_sql, starter_from_sql, starter_to_sql};

fn session_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<SessionRow> {
    Ok(SessionRow {
        id: r.get(0)?,
        guild_id: id_from_sql(r.get(1)?),
        channel_id: id_from_sql(r.get(2)?),
        starter_id: starter_from_sql(r.get(3)?),
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
                    starter_to_sql(row.starter_id),
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

    async fn active_sessions(&self, shards: &ShardSet) -> Result<Vec<SessionRow>, StoreError> {
        let mine = shard_condition(shards, "guild_id");
        self.with(move |c| {
            let mut stmt = c.prepare(&format!(
                "SELECT {SESSION_COLUMNS} FROM sessions WHERE active = 1 AND {mine}
                 ORDER BY created_at"
            ))?;
            let rows = stmt.query_map([], session_from_row)?;
            Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
        })
        .await
    }

    async fn active_session_in(
        &self,
        channel_id: ChannelId,
    ) -> Result<Option<SessionRow>, StoreError> {
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

    async fn count_active_sessions(&self, guild_id: GuildId) -> Result<u32, StoreError> {
        self.with(move |c| {
            Ok(c.query_row(
                "SELECT COUNT(*) FROM sessions WHERE active = 1 AND guild_id = ?1",
                params![id_to_sql(guild_id)],
                |r| r.get::<_, i64>(0),
            )? as u32)
        })
        .await
    }

    async fn reminder_prompt(&self, id: ReminderId) -> Result<Option<PromptRow>, StoreError> {
        self.with(move |c| {
            Ok(c.query_row(
                "SELECT place, rotation FROM reminder_prompts WHERE reminder_id = ?1",
                params![id_to_sql(id)],
                |r| {
                    Ok(PromptRow {
                        place: r.get(0)?,
                        rotation: r.get(1)?,
                    })
                },
            )
            .optional()?)
        })
        .await
    }

    async fn guild_reminder_places(
        &self,
        guild_id: GuildId,
    ) -> Result<Vec<(ReminderId, String)>, StoreError> {
        self.with(move |c| {
            let mut stmt = c.prepare_cached(
                "SELECT reminder_id, place FROM reminder_prompts WHERE guild_id = ?1
                 ORDER BY reminder_id",
            )?;
            let rows = stmt.query_map(params![id_to_sql(guild_id)], |r| {
                Ok((id_from_sql(r.get(0)?), r.get(1)?))
            })?;
            Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
        })
        .await
    }

    async fn set_reminder_place(&self, id: ReminderId, place: &str) -> Result<(), StoreError> {
        let place = place.to_owned();
        self.with(move |c| {
            c.execute(
                // Only for a reminder that is still there: a late write after a delete or a
                // purge would leave a row nothing removes.
                "INSERT INTO reminder_prompts (reminder_id, guild_id, place)
                 SELECT id, guild_id, ?2 FROM reminders WHERE id = ?1
                 ON CONFLICT (reminder_id) DO UPDATE SET place = excluded.place",
                params![id_to_sql(id), place],
            )?;
            Ok(())
        })
        .await
    }

    async fn set_reminder_rotation(
        &self,
        id: ReminderId,
        rotation: &str,
    ) -> Result<(), StoreError> {
        let rotation = rotation.to_owned();
        self.with(move |c| {
            c.execute(
                // As for the place: never for a reminder already deleted.
                "INSERT INTO reminder_prompts (reminder_id, guild_id, rotation)
                 SELECT id, guild_id, ?2 FROM reminders WHERE id = ?1
                 ON CONFLICT (reminder_id) DO UPDATE SET rotation = excluded.rotation",
                params![id_to_sql(id), rotation],
            )?;
            Ok(())
        })
        .await
    }

    async fn guild_timezone(&self, guild_id: GuildId) -> Result<Option<String>, StoreError> {
        self.guild_setting(guild_id, GuildSetting::Timezone).await
    }

    async fn set_guild_timezone(&self, guild_id: GuildId, tz: &str) -> Result<(), StoreError> {
        self.set_guild_setting(guild_id, GuildSetting::Timezone, tz)
            .await
    }

    async fn guild_language(&self, guild_id: GuildId) -> Result<Option<String>, StoreError> {
        self.guild_setting(guild_id, GuildSetting::Language).await
    }

    async fn set_guild_language(&self, guild_id: GuildId, code: &str) -> Result<(), StoreError> {
        self.set_guild_setting(guild_id, GuildSetting::Language, code)
            .await
    }

    async fn guild_discord_locale(&self, guild_id: GuildId) -> Result<Option<String>, StoreError> {
        self.guild_setting(guild_id, GuildSetting::DiscordLocale)
            .await
    }

    async fn set_guild_present(
        &self,
        guild_id: GuildId,
        discord_locale: Option<&str>,
    ) -> Result<(), StoreError> {
        let locale = discord_locale.map(str::to_owned);
        self.with(move |c| {
            c.execute(
                "INSERT INTO guilds (guild_id, removed_at, discord_locale) VALUES (?1, NULL, ?2)
                 ON CONFLICT (guild_id) DO UPDATE SET removed_at = NULL,
                     discord_locale = COALESCE(excluded.discord_locale, guilds.discord_locale)",
                params![id_to_sql(guild_id), locale],
            )?;
            Ok(())
        })
        .await
    }

    async fn set_guild_removed(
        &self,
        guild_id: GuildId,
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

    // --- reminders ---

    async fn insert_reminder(
        &self,
        row: &ReminderRow,
        max_per_guild: u32,
    ) -> Result<Option<ReminderRow>, StoreError> {
        let row = row.clone();
        self.with(move |c| {
            // IMMEDIATE takes the write lock first: a read-then-write transaction that upgrades
            // later can fail with SQLITE_BUSY when another process writes, busy timeout or not.
            let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let guild = id_to_sql(row.guild_id);
            let count: i64 = tx.query_row(
                "SELECT COUNT(*) FROM reminders WHERE guild_id = ?1",
                params![guild],
                |r| r.get(0),
            )?;
            if count >= i64::from(max_per_guild) {
                return Ok(None);
            }
            let last: i64 = tx
                .query_row(
                    "SELECT last_number FROM reminder_counters WHERE guild_id = ?1",
                    params![guild],
                    |r| r.get(0),
                )
                .optional()?
                .unwrap_or(0);
            let number = last + 1;
            tx.execute(
                "INSERT INTO reminder_counters (guild_id, last_number) VALUES (?1, ?2)
                 ON CONFLICT (guild_id) DO UPDATE SET last_number = excluded.last_number",
                params![guild, number],
            )?;
            tx.execute(
                "INSERT INTO reminders (guild_id, number, channel_id, channel_name, time_of_day,
                     days, timezone, kind, message, ping_role_id, routine_id, event_enabled,
                     paused, flagged, stopped, next_fire_at, next_fire_date, event_id, rev,
                     created_at, updated_at)
                 VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,1,?19,?20)",
                params_from_iter(
                    [Value::from(guild), Value::from(number)]
                        .into_iter()
                        .chain(reminder_settings(&row))
                        .chain([
                            Value::from(row.event_id.map(id_to_sql)),
                            Value::from(ts(row.created_at)),
                            Value::from(ts(row.updated_at)),
                        ]),
                ),
            )?;
            let id = tx.last_insert_rowid();
            let stored = tx.query_row(
                &format!("SELECT {REMINDER_COLUMNS} FROM reminders WHERE id = ?1"),
                params![id],
                reminder_from_row,
            )?;
            tx.commit()?;
            Ok(Some(stored))
        })
        .await
    }

    async fn reminder(
        &self,
        guild_id: GuildId,
        number: u32,
    ) -> Result<Option<ReminderRow>, StoreError> {
        self.with(move |c| {
            Ok(c.query_row(
                &format!(
                    "SELECT {REMINDER_COLUMNS} FROM reminders WHERE guild_id = ?1 AND number = ?2"
                ),
                params![id_to_sql(guild_id), i64::from(number)],
                reminder_from_row,
            )
            .optional()?)
        })
        .await
    }

    async fn reminder_by_id(&self, id: ReminderId) -> Result<Option<ReminderRow>, StoreError> {
        self.with(move |c| {
            Ok(c.query_row(
                &format!("SELECT {REMINDER_COLUMNS} FROM reminders WHERE id = ?1"),
                params![id_to_sql(id)],
                reminder_from_row,
            )
            .optional()?)
        })
        .await
    }

    async fn guild_reminders(&self, guild_id: GuildId) -> Result<Vec<ReminderRow>, StoreError> {
        self.with(move |c| {
            let mut stmt = c.prepare_cached(&format!(
                "SELECT {REMINDER_COLUMNS} FROM reminders WHERE guild_id = ?1 ORDER BY number"
            ))?;
            let rows = stmt.query_map(params![id_to_sql(guild_id)], reminder_from_row)?;
            Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
        })
        .await
    }

    async fn update_reminder(&self, row: &ReminderRow) -> Result<bool, StoreError> {
        let row = row.clone();
        self.with(move |c| Ok(write_reminder(c, &row)?)).await
    }

    async fn delete_reminder(&self, id: ReminderId) -> Result<bool, StoreError> {
        self.with(move |c| {
            let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
            tx.execute(
                "DELETE FROM reminder_fires WHERE reminder_id = ?1",
                params![id_to_sql(id)],
            )?;
            tx.execute(
                "DELETE FROM reminder_prompts WHERE reminder_id = ?1",
                params![id_to_sql(id)],
            )?;
            let n = tx.execute(
                "DELETE FROM reminders WHERE id = ?1",
                params![id_to_sql(id)],
            )?;
            tx.commit()?;
            Ok(n > 0)
        })
        .await
    }

    async fn due_reminders(
        &self,
        now: DateTime<Utc>,
        limit: u32,
        shards: &ShardSet,
    ) -> Result<Vec<ReminderRow>, StoreError> {
        let mine = shard_condition(shards, "guild_id");
        self.with(move |c| {
            let mut stmt = c.prepare_cached(&format!(
                "SELECT {REMINDER_COLUMNS} FROM reminders
                 WHERE next_fire_at IS NOT NULL AND next_fire_at <= ?1
                   AND paused = 0 AND flagged IS NULL AND stopped = 0 AND {mine}
                 ORDER BY next_fire_at LIMIT ?2"
            ))?;
            let rows = stmt.query_map(params![ts(now), i64::from(limit)], reminder_from_row)?;
            Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
        })
        .await
    }

    async fn earliest_reminder_fire(
        &self,
        shards: &ShardSet,
    ) -> Result<Option<DateTime<Utc>>, StoreError> {
        let mine = shard_condition(shards, "guild_id");
        self.with(move |c| {
            // ORDER BY + LIMIT walks the index and stops at the first active row of ours.
            let at: Option<String> = c
                .query_row(
                    &format!(
                        "SELECT next_fire_at FROM reminders
                         WHERE next_fire_at IS NOT NULL
                           AND paused = 0 AND flagged IS NULL AND stopped = 0 AND {mine}
                         ORDER BY next_fire_at LIMIT 1"
                    ),
                    [],
                    |r| r.get(0),
                )
                .optional()?;
            Ok(at.map(|s| parse_ts(&s)).transpose()?)
        })
        .await
    }

    async fn claim_reminder_fire(&self, claim: &FireClaim) -> Result<ClaimOutcome, StoreError> {
        let claim = claim.clone();
        self.with(move |c| {
            let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let id = id_to_sql(claim.reminder_id);
            let current: Option<(i64, i64)> = tx
                .query_row(
                    "SELECT rev, guild_id FROM reminders
                     WHERE id = ?1 AND paused = 0 AND flagged IS NULL AND stopped = 0",
                    params![id],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            let Some((rev, guild)) = current else {
                return Ok(ClaimOutcome::Stale);
            };
            if rev as u64 != claim.rev {
                return Ok(ClaimOutcome::Stale);
            }
            let date = claim.local_date.to_string();
            let inserted = tx.execute(
                "INSERT INTO reminder_fires (reminder_id, local_date, guild_id, status, attempts,
                     lease_until, claimed_by, updated_at, first_claimed_at)
                 VALUES (?1, ?2, ?3, 'claimed', 1, ?4, ?5, ?6, ?6)
                 ON CONFLICT (reminder_id, local_date) DO NOTHING",
                params![
                    id,
                    date,
                    guild,
                    ts(claim.lease_until),
                    claim.instance,
                    ts(claim.now)
                ],
            )?;
            let outcome = if inserted == 1 {
                ClaimOutcome::Claimed {
                    attempt: 1,
                    first_claimed_at: claim.now,
                }
            } else {
                claim_existing_fire(
                    &tx,
                    &ExistingFireSql {
                        select: "SELECT status, lease_until, attempts,
                                     COALESCE(first_claimed_at, updated_at)
                                 FROM reminder_fires WHERE reminder_id = ?1 AND local_date = ?2",
                        // Only later: the holder's own finish overwrites this.
                        look_again: "UPDATE reminders SET next_fire_at = ?2
                                     WHERE id = ?1 AND (next_fire_at IS NULL OR next_fire_at < ?2)",
                        take_over: "UPDATE reminder_fires SET status = 'claimed',
                                        attempts = attempts + 1, lease_until = ?3,
                                        claimed_by = ?4, updated_at = ?5,
                                        first_claimed_at = COALESCE(first_claimed_at, updated_at)
                                    WHERE reminder_id = ?1 AND local_date = ?2",
                    },
                    id,
                    &date,
                    claim.lease_until,
                    &claim.instance,
                    claim.now,
                )?
            };
            if matches!(outcome, ClaimOutcome::Claimed { .. }) {
                // Other instances must not wake for this fire while we hold it.
                tx.execute(
                    "UPDATE reminders SET next_fire_at = ?2, next_fire_date = ?3 WHERE id = ?1",
                    params![id, ts(claim.lease_until), date],
                )?;
            }
            tx.commit()?;
            Ok(outcome)
        })
        .await
    }

    async fn finish_reminder_fire(&self, done: &FireDone) -> Result<bool, StoreError> {
        let done = done.clone();
        self.with(move |c| {
            let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let id = id_to_sql(done.reminder_id);
            // Only the current claim: a claimer whose lease ended may have been taken over, and
            // its late answer must not overwrite what the take-over recorded.
            let n = tx.execute(
                "UPDATE reminder_fires SET status = ?3, message_id = COALESCE(?4, message_id),
                     lease_until = ?5, updated_at = ?6
                 WHERE reminder_id = ?1 AND local_date = ?2
                   AND status = 'claimed' AND claimed_by = ?7 AND attempts = ?8",
                params![
                    id,
                    done.local_date.to_string(),
                    done.status.as_str(),
                    done.message_id.map(id_to_sql),
                    done.retry_at.map(ts),
                    ts(done.now),
                    done.claimed_by,
                    i64::from(done.attempt)
                ],
            )?;
            if n == 0 {
                return Ok(false);
            }
            tx.execute(
                "UPDATE reminders SET next_fire_at = ?3, next_fire_date = ?4
                 WHERE id = ?1 AND rev = ?2",
                params![
                    id,
                    done.rev as i64,
                    done.next.map(|(at, _)| ts(at)),
                    done.next.map(|(_, d)| d.to_string())
                ],
            )?;
            tx.commit()?;
            Ok(true)
        })
        .await
    }

    async fn set_reminder_next(
        &self,
        id: ReminderId,
        rev: u64,
        next: Option<(DateTime<Utc>, chrono::NaiveDate)>,
    ) -> Result<bool, StoreError> {
        self.with(move |c| {
            let n = c.execute(
                "UPDATE reminders SET next_fire_at = ?3, next_fire_date = ?4
                 WHERE id = ?1 AND rev = ?2",
                params![
                    id_to_sql(id),
                    rev as i64,
                    next.map(|(at, _)| ts(at)),
                    next.map(|(_, d)| d.to_string())
                ],
            )?;
            Ok(n == 1)
        })
        .await
    }

    async fn skip_reminder_fire(
        &self,
        row: &ReminderRow,
        skipped_date: chrono::NaiveDate,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let row = row.clone();
        self.with(move |c| {
            let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
            if !write_reminder(&tx, &row)? {
                return Ok(false);
            }
            tx.execute(
                "INSERT INTO reminder_fires (reminder_id, local_date, guild_id, status, updated_at)
                 VALUES (?1, ?2, ?3, 'skipped', ?4)
                 ON CONFLICT (reminder_id, local_date) DO NOTHING",
                params![
                    id_to_sql(row.id),
                    skipped_date.to_string(),
                    id_to_sql(row.guild_id),
                    ts(now)
                ],
            )?;
            tx.commit()?;
            Ok(true)
        })
        .await
    }

    async fn renew_fire_claim(&self, renewal: &FireRenewal) -> Result<bool, StoreError> {
        let r = renewal.clone();
        self.with(move |c| {
            let n = c.execute(
                "UPDATE reminder_fires SET lease_until = ?3
                 WHERE reminder_id = ?1 AND local_date = ?2
                   AND status = 'claimed' AND claimed_by = ?4 AND attempts = ?5",
                params![
                    id_to_sql(r.reminder_id),
                    r.local_date.to_string(),
                    ts(r.until),
                    r.claimed_by,
                    r.attempt
                ],
            )?;
            Ok(n == 1)
        })
        .await
    }

    async fn set_reminder_event(
        &self,
        id: ReminderId,
        event_id: Option<u64>,
    ) -> Result<(), StoreError> {
        self.with(move |c| {
            c.execute(
                "UPDATE reminders SET event_id = ?2 WHERE id = ?1",
                params![id_to_sql(id), event_id.map(id_to_sql)],
            )?;
            Ok(())
        })
        .await
    }

    async fn stop_guild_reminders(
        &self,
        guild_id: GuildId,
        now: DateTime<Utc>,
    ) -> Result<u32, StoreError> {
        self.with(move |c| {
            let n = c.execute(
                "UPDATE reminders SET stopped = 1, next_fire_at = NULL, next_fire_date = NULL,
                     rev = rev + 1, updated_at = ?2
                 WHERE guild_id = ?1 AND stopped = 0",
                params![id_to_sql(guild_id), ts(now)],
            )?;
            Ok(n as u32)
        })
        .await
    }

    async fn reminders_to_repair(
        &self,
        limit: u32,
        shards: &ShardSet,
    ) -> Result<Vec<ReminderRow>, StoreError> {
        let mine = shard_condition(shards, "guild_id");
        self.with(move |c| {
            let mut stmt = c.prepare_cached(&format!(
                "SELECT {REMINDER_COLUMNS} FROM reminders
                 WHERE paused = 0 AND flagged IS NULL AND stopped = 0 AND {mine}
                   AND (next_fire_at IS NULL
                        OR (kind = 'group' AND event_enabled = 1 AND event_id IS NULL))
                 ORDER BY id LIMIT ?1"
            ))?;
            let rows = stmt.query_map(params![i64::from(limit)], reminder_from_row)?;
            Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
        })
        .await
    }

    async fn reminder_fire(
        &self,
        reminder_id: ReminderId,
        local_date: chrono::NaiveDate,
    ) -> Result<Option<FireRow>, StoreError> {
        self.with(move |c| {
            Ok(c.query_row(
                "SELECT reminder_id, guild_id, local_date, status, attempts, message_id, claimed_by
                 FROM reminder_fires WHERE reminder_id = ?1 AND local_date = ?2",
                params![id_to_sql(reminder_id), local_date.to_string()],
                fire_from_row,
            )
            .optional()?)
        })
        .await
    }

    async fn purge_reminder_fires_before(
        &self,
        before: chrono::NaiveDate,
    ) -> Result<u64, StoreError> {
        self.with(move |c| {
            let n = c.execute(
                "DELETE FROM reminder_fires WHERE local_date < ?1",
                params![before.to_string()],
            )?;
            Ok(n as u64)
        })
        .await
    }

    async fn take_lease(&self, lease: &LeaseRequest) -> Result<bool, StoreError> {
        let lease = lease.clone();
        self.with(move |c| {
            let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
            if other_count_holds(&tx, &lease)? {
                return Ok(false);
            }
            let n = tx.execute(
                "INSERT INTO shard_leases (shard_id, shard_count, owner, expires_at) \
                 VALUES (?1, ?2, ?3, ?4) \
                 ON CONFLICT (shard_id, shard_count) DO UPDATE \
                 SET owner = excluded.owner, expires_at = excluded.expires_at \
                 WHERE shard_leases.owner = excluded.owner OR shard_leases.expires_at <= ?5",
                params![
                    lease.shard.id,
                    lease.shard.count,
                    lease.instance,
                    ts(lease.until),
                    ts(lease.now)
                ],
            )?;
            tx.commit()?;
            Ok(n == 1)
        })
        .await
    }

    async fn release_lease(&self, shard: ShardKey, instance: &str) -> Result<(), StoreError> {
        let instance = instance.to_owned();
        self.with(move |c| {
            c.execute(
                "DELETE FROM shard_leases WHERE shard_id = ?1 AND shard_count = ?2 AND owner = ?3",
                params![shard.id, shard.count, instance],
            )?;
            Ok(())
        })
        .await
    }

    async fn claim_interaction(
        &self,
        interaction_id: u64,
        instance: &str,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let instance = instance.to_owned();
        self.with(move |c| {
            let n = c.execute(
                "INSERT INTO interaction_claims (interaction_id, owner, claimed_at) \
                 VALUES (?1, ?2, ?3) ON CONFLICT (interaction_id) DO NOTHING",
                params![id_to_sql(interaction_id), instance, ts(now)],
            )?;
            Ok(n == 1)
        })
        .await
    }

    async fn purge_interaction_claims_before(
        &self,
        before: DateTime<Utc>,
    ) -> Result<u64, StoreError> {
        self.with(move |c| {
            let n = c.execute(
                "DELETE FROM interaction_claims WHERE claimed_at < ?1",
                params![ts(before)],
            )?;
            Ok(n as u64)
        })
        .await
    }

    // --- check-ins ---

    async fn record_checkin(&self, checkin: &CheckIn) -> Result<bool, StoreError> {
        let checkin = checkin.clone();
        self.with(move |c| {
            let n = c.execute(
                "INSERT INTO checkins (user_id, guild_id, source, at, minutes)
                 VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (user_id, source) DO NOTHING",
                params![
                    id_to_sql(checkin.user_id),
                    checkin.guild_id.map(id_to_sql),
                    checkin.source.key(),
                    ts(checkin.at),
                    i64::from(checkin.minutes)
                ],
            )?;
            Ok(n == 1)
        })
        .await
    }

    async fn count_checkins(&self, source: &CheckinSource) -> Result<u32, StoreError> {
        let key = source.key();
        self.with(move |c| {
            Ok(c.query_row(
                "SELECT COUNT(*) FROM checkins WHERE source = ?1",
                params![key],
                |r| r.get::<_, i64>(0),
            )? as u32)
        })
        .await
    }

    async fn user_checkins(
        &self,
        user_id: UserId,
        since: DateTime<Utc>,
    ) -> Result<Vec<CheckIn>, StoreError> {
        self.with(move |c| {
            let mut stmt = c.prepare_cached(&format!(
                "SELECT {CHECKIN_COLUMNS} FROM checkins WHERE user_id = ?1 AND at >= ?2
                 ORDER BY at, source"
            ))?;
            let rows = stmt.query_map(params![id_to_sql(user_id), ts(since)], checkin_from_row)?;
            Ok(rows
                .filter_map(Result::transpose)
                .collect::<rusqlite::Result<_>>()?)
        })
        .await
    }

    async fn guild_checkins(
        &self,
        guild_id: GuildId,
        since: DateTime<Utc>,
    ) -> Result<Vec<CheckIn>, StoreError> {
        self.with(move |c| {
            let mut stmt = c.prepare_cached(&format!(
                "SELECT {CHECKIN_COLUMNS} FROM checkins WHERE guild_id = ?1 AND at >= ?2
                 ORDER BY at, user_id, source"
            ))?;
            let rows = stmt.query_map(params![id_to_sql(guild_id), ts(since)], checkin_from_row)?;
            Ok(rows
                .filter_map(Result::transpose)
                .collect::<rusqlite::Result<_>>()?)
        })
        .await
    }

    async fn set_stats_sharing(
        &self,
        user_id: UserId,
        guild_id: GuildId,
        share: bool,
    ) -> Result<(), StoreError> {
        self.with(move |c| {
            let sql = if share {
                "INSERT INTO stats_sharing (user_id, guild_id) VALUES (?1, ?2)
                 ON CONFLICT (guild_id, user_id) DO NOTHING"
            } else {
                "DELETE FROM stats_sharing WHERE user_id = ?1 AND guild_id = ?2"
            };
            c.execute(sql, params![id_to_sql(user_id), id_to_sql(guild_id)])?;
            Ok(())
        })
        .await
    }

    async fn stats_sharers(&self, guild_id: GuildId) -> Result<Vec<UserId>, StoreError> {
        self.with(move |c| {
            let mut stmt = c.prepare_cached(
                "SELECT user_id FROM stats_sharing WHERE guild_id = ?1 ORDER BY user_id",
            )?;
            let rows =
                stmt.query_map(params![id_to_sql(guild_id)], |r| Ok(id_from_sql(r.get(0)?)))?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
        .await
    }

    async fn forget_person(&self, user_id: UserId) -> Result<u64, StoreError> {
        self.with(move |c| {
            let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let mut n = 0;
            for table in PER_PERSON_TABLES {
                n += tx.execute(
                    &format!("DELETE FROM {table} WHERE user_id = ?1"),
                    params![id_to_sql(user_id)],
                )?;
            }
            tx.commit()?;
            Ok(n as u64)
        })
        .await
    }

    async fn purge_checkins_before(&self, before: DateTime<Utc>) -> Result<u64, StoreError> {
        self.with(move |c| {
            let n = c.execute("DELETE FROM checkins WHERE at < ?1", params![ts(before)])?;
            Ok(n as u64)
        })
        .await
    }
}

/// Every table with rows about one person (by `user_id`): what `/stats forget-me` deletes.
/// Every table keyed by a person (`user_id`): `/stats forget-me` empties them in one
/// transaction. The person's nudge row goes first, in the order a nudge claim locks.
pub(crate) const PER_PERSON_TABLES: &[&str] = &[
    "nudge_people",
    "nudge_fires",
    "people",
    "checkins",
    "stats_sharing",
];

const CHECKIN_COLUMNS: &str = "user_id, guild_id, source, at, minutes";

/// A stored check-in; `None` for a source this build cannot read (skipped, not an error).
fn checkin_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Option<CheckIn>> {
    let Some(source) = CheckinSource::parse(&r.get::<_, String>(2)?) else {
        return Ok(None);
    };
    Ok(Some(CheckIn {
        user_id: id_from_sql(r.get(0)?),
        guild_id: r.get::<_, Option<i64>>(1)?.map(id_from_sql),
        source,
        at: parse_ts(&r.get::<_, String>(3)?)?,
        minutes: r.get::<_, i64>(4)?.clamp(0, i64::from(u32::MAX)) as u32,
    }))
}

/// Every table keyed by server; purging a server deletes its rows from each (guilds last).
const PER_GUILD_TABLES: &[&str] = &[
    "sessions",
    // reminders (fires and prompts first: they belong to reminders)
    "reminder_fires",
    "reminder_prompts",
    "reminders",
    "reminder_counters",
    "checkins",
    "stats_sharing",
    "guilds",
];

// --- reminders ---

use super::{ClaimOutcome, FireClaim, FireDone, FireRenewal, FireRow, FireStatus, ReminderRow};
use rusqlite::{params_from_iter, types::Value, TransactionBehavior};

const REMINDER_COLUMNS: &str =
    "id, guild_id, number, channel_id, channel_name, time_of_day, days, \
     timezone, kind, message, ping_role_id, routine_id, event_enabled, event_id, paused, flagged, \
     stopped, next_fire_at, next_fire_date, rev, created_at, updated_at";

fn parse_date(s: &str) -> rusqlite::Result<chrono::NaiveDate> {
    s.parse().map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
    })
}

fn reminder_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<ReminderRow> {
    Ok(ReminderRow {
        id: id_from_sql(r.get(0)?),
        guild_id: id_from_sql(r.get(1)?),
        number: r.get::<_, i64>(2)? as u32,
        channel_id: id_from_sql(r.get(3)?),
        channel_name: r.get(4)?,
        time_of_day: r.get(5)?,
        days: r.get::<_, i64>(6)? as u8,
        timezone: r.get(7)?,
        kind: r.get(8)?,
        message: r.get(9)?,
        ping_role_id: r.get::<_, Option<i64>>(10)?.map(id_from_sql),
        routine_id: r.get(11)?,
        event_enabled: r.get::<_, i64>(12)? != 0,
        event_id: r.get::<_, Option<i64>>(13)?.map(id_from_sql),
        paused: r.get::<_, i64>(14)? != 0,
        flagged: r.get(15)?,
        stopped: r.get::<_, i64>(16)? != 0,
        next_fire_at: r
            .get::<_, Option<String>>(17)?
            .map(|s| parse_ts(&s))
            .transpose()?,
        next_fire_date: r
            .get::<_, Option<String>>(18)?
            .map(|s| parse_date(&s))
            .transpose()?,
        rev: r.get::<_, i64>(19)? as u64,
        created_at: parse_ts(&r.get::<_, String>(20)?)?,
        updated_at: parse_ts(&r.get::<_, String>(21)?)?,
    })
}

fn fire_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<FireRow> {
    let status: String = r.get(3)?;
    Ok(FireRow {
        reminder_id: id_from_sql(r.get(0)?),
        guild_id: id_from_sql(r.get(1)?),
        local_date: parse_date(&r.get::<_, String>(2)?)?,
        status: FireStatus::parse(&status).unwrap_or(FireStatus::Failed),
        attempts: r.get::<_, i64>(4)? as u32,
        message_id: r.get::<_, Option<i64>>(5)?.map(id_from_sql),
        claimed_by: r.get(6)?,
    })
}

/// The compare-and-set write behind [`Store::update_reminder`]; `false` if `row.rev` is stale.
fn write_reminder(c: &Connection, row: &ReminderRow) -> rusqlite::Result<bool> {
    let n = c.execute(
        "UPDATE reminders SET channel_id = ?3, channel_name = ?4, time_of_day = ?5, days = ?6,
             timezone = ?7, kind = ?8, message = ?9, ping_role_id = ?10, routine_id = ?11,
             event_enabled = ?12, paused = ?13, flagged = ?14, stopped = ?15, next_fire_at = ?16,
             next_fire_date = ?17, updated_at = ?18, rev = rev + 1
         WHERE id = ?1 AND rev = ?2",
        params_from_iter(
            [Value::from(id_to_sql(row.id)), Value::from(row.rev as i64)]
                .into_iter()
                .chain(reminder_settings(row))
                .chain([Value::from(ts(row.updated_at))]),
        ),
    )?;
    Ok(n == 1)
}

/// What an update may change, bound as ?3 to ?17 by both the insert and the update so that the
/// two cannot disagree on a column.
fn reminder_settings(row: &ReminderRow) -> [Value; 15] {
    [
        Value::from(id_to_sql(row.channel_id)),
        Value::from(row.channel_name.clone()),
        Value::from(row.time_of_day.clone()),
        Value::from(i64::from(row.days)),
        Value::from(row.timezone.clone()),
        Value::from(row.kind.clone()),
        Value::from(row.message.clone()),
        Value::from(row.ping_role_id.map(id_to_sql)),
        Value::from(row.routine_id.clone()),
        Value::from(row.event_enabled as i64),
        Value::from(row.paused as i64),
        Value::from(row.flagged.clone()),
        Value::from(row.stopped as i64),
        Value::from(row.next_fire_at.map(ts)),
        Value::from(row.next_fire_date.map(|d| d.to_string())),
    ]
}

/// Whether another process holds a live lease under another shard count: servers are assigned
/// to shards by the count, so two counts at once would both act for the same servers.
fn other_count_holds(
    tx: &rusqlite::Transaction<'_>,
    lease: &LeaseRequest,
) -> rusqlite::Result<bool> {
    tx.query_row(
        "SELECT EXISTS (SELECT 1 FROM shard_leases
                        WHERE shard_count <> ?1 AND owner <> ?2 AND expires_at > ?3)",
        params![lease.shard.count, lease.instance, ts(lease.now)],
        |r| r.get(0),
    )
}

impl SqliteStore {
    /// One of a server's own settings, if its admins set it.
    async fn guild_setting(
        &self,
        guild_id: GuildId,
        setting: GuildSetting,
    ) -> Result<Option<String>, StoreError> {
        let column = setting.column();
        self.with(move |c| {
            Ok(c.query_row(
                &format!("SELECT {column} FROM guilds WHERE guild_id = ?1"),
                params![id_to_sql(guild_id)],
                |r| r.get::<_, Option<String>>(0),
            )
            .optional()?
            .flatten())
        })
        .await
    }

    async fn set_guild_setting(
        &self,
        guild_id: GuildId,
        setting: GuildSetting,
        value: &str,
    ) -> Result<(), StoreError> {
        let (column, value) = (setting.column(), value.to_owned());
        self.with(move |c| {
            c.execute(
                &format!(
                    "INSERT INTO guilds (guild_id, {column}) VALUES (?1, ?2)
                     ON CONFLICT (guild_id) DO UPDATE SET {column} = excluded.{column}"
                ),
                params![id_to_sql(guild_id), value],
            )?;
            Ok(())
        })
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GUILD: GuildId = GuildId::new(1);

    fn session(id: &str, channel: u64) -> SessionRow {
        let now: DateTime<Utc> = "2026-11-24T10:00:00Z".parse().unwrap();
        SessionRow {
            id: id.into(),
            guild_id: GUILD,
            channel_id: ChannelId::new(channel),
            starter_id: Some(UserId::new(7)),
            active: true,
            state: "{}".into(),
            created_at: now,
            updated_at: now,
        }
    }

    /// A table that names a person by `user_id` and that forget-me would miss is a defect.
    #[test]
    fn forget_me_covers_every_table_with_a_user_id() {
        let store = SqliteStore::in_memory().unwrap();
        let conn = store.conn.lock().unwrap();
        let mut tables = conn
            .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
            .unwrap();
        let tables: Vec<String> = tables
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        let mut with_user = Vec::new();
        for table in tables {
            let has: bool = conn
                .query_row(
                    &format!("SELECT COUNT(*) > 0 FROM pragma_table_info('{table}') WHERE name = 'user_id'"),
                    [],
                    |r| r.get(0),
                )
                .unwrap();
            if has {
                with_user.push(table);
            }
        }
        with_user.sort();
        let mut covered: Vec<String> = PER_PERSON_TABLES.iter().map(|t| t.to_string()).collect();
        covered.sort();
        assert_eq!(with_user, covered);
        assert_eq!(super::super::postgres::PER_PERSON_TABLES, PER_PERSON_TABLES);
    }

    #[test]
    fn migration_files_are_numbered_by_their_position_and_all_embedded() {
        let engines = [
            ("sqlite", MIGRATIONS),
            ("postgres", super::super::postgres::MIGRATIONS),
        ];
        for (engine, migrations) in engines {
            for (i, (name, _)) in migrations.iter().enumerate() {
                assert!(
                    name.starts_with(&format!("{:04}_", i + 1)),
                    "{engine}/{name} is migration {} (the recorded version counts them)",
                    i + 1
                );
            }
            let dir = format!(
                "{}/src/store/migrations/{engine}",
                env!("CARGO_MANIFEST_DIR")
            );
            let mut on_disk: Vec<String> = std::fs::read_dir(dir)
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect();
            on_disk.sort();
            let embedded: Vec<&str> = migrations.iter().map(|(name, _)| *name).collect();
            assert_eq!(
                on_disk, embedded,
                "every {engine} file is embedded, in order"
            );
        }
        let names = |m: &[(&'static str, &str)]| m.iter().map(|(n, _)| *n).collect::<Vec<_>>();
        assert_eq!(
            names(MIGRATIONS),
            names(super::super::postgres::MIGRATIONS),
            "both engines take the same steps under the same numbers"
        );
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

    #[test]
    fn several_connections_opening_one_fresh_file_at_once_all_succeed() {
        // Several processes starting together on a new file: each must wait for whoever migrates
        // first, then see the schema done, instead of applying a migration twice and failing.
        for round in 0..20 {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("fresh.db");
            let barrier = Arc::new(std::sync::Barrier::new(8));
            let openers: Vec<_> = (0..8)
                .map(|_| {
                    let (path, barrier) = (path.clone(), barrier.clone());
                    std::thread::spawn(move || {
                        barrier.wait();
                        SqliteStore::open(&path).map(|s| s.schema_version().unwrap())
                    })
                })
                .collect();
            for opener in openers {
                match opener.join().unwrap() {
                    Ok(version) => assert_eq!(version, MIGRATIONS.len()),
                    Err(e) => panic!("round {round}: {}", crate::error::chain(&e)),
                }
            }
        }
    }

    #[test]
    fn reminder_ids_survive_the_autoincrement_rebuild_with_their_rows_and_indexes() {
        // A database from before migration 0005, with reminders in it.
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.db");
        {
            let conn = Connection::open(&path).unwrap();
            for (_, sql) in &MIGRATIONS[..4] {
                conn.execute_batch(sql).unwrap();
            }
            conn.execute_batch(
                "PRAGMA user_version = 4;
                 INSERT INTO reminders (id, guild_id, number, channel_id, time_of_day, days,
                     timezone, kind, routine_id, created_at, updated_at)
                 VALUES (7, 1, 3, 10, '09:00', 127, 'UTC', 'prompt', 'r',
                     '2026-11-24T10:00:00.000Z', '2026-11-24T10:00:00.000Z');
                 INSERT INTO reminder_counters (guild_id, last_number) VALUES (1, 3);",
            )
            .unwrap();
        }
        let store = SqliteStore::open(&path).unwrap();
        assert_eq!(store.integrity_check().unwrap(), "ok");
        let indexes: Vec<String> = {
            let conn = store.conn.lock().unwrap();
            let mut stmt = conn
                .prepare(
                    "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'reminders'
                     AND name NOT LIKE 'sqlite_autoindex%' ORDER BY name",
                )
                .unwrap();
            let names = stmt.query_map([], |r| r.get(0)).unwrap();
            names.collect::<rusqlite::Result<_>>().unwrap()
        };
        assert_eq!(indexes, ["reminders_due"]);
        let rt = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        rt.block_on(async {
            let kept = store.reminder(GUILD, 3).await.unwrap().expect("kept");
            assert_eq!(kept.id, ReminderId::from(7u64));
            assert!(store.delete_reminder(kept.id).await.unwrap());
            let mut row = kept.clone();
            row.number = 0;
            let next = store.insert_reminder(&row, 25).await.unwrap().unwrap();
            assert_eq!(next.id, ReminderId::from(8u64), "7 is not handed out again");
            assert_eq!(next.number, 4, "numbers go on from the counter");
        });
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
        let text = crate::error::chain(&err);
        assert!(text.contains("newer than this build"), "{text}");
    }

    #[tokio::test]
    async fn a_session_without_starter_is_stored_as_0() {
        let store = SqliteStore::in_memory().unwrap();
        let mut scheduled = session("a", 10);
        scheduled.starter_id = None;
        store.insert_session(&scheduled).await.unwrap();
        store.insert_session(&session("b", 11)).await.unwrap();
        let stored: Vec<i64> = store
            .with(|c| {
                let mut stmt = c.prepare("SELECT starter_id FROM sessions ORDER BY id")?;
                let rows = stmt.query_map([], |r| r.get(0))?;
                Ok(rows.collect::<rusqlite::Result<_>>()?)
            })
            .await
            .unwrap();
        assert_eq!(
            stored,
            vec![0, 7],
            "the column keeps the format older builds wrote"
        );
        // Reading 0 back as `None` is in the conformance suite, for both engines.
    }
}

#[path = "sqlite_nudges.rs"]
mod nudges;

#[path = "sqlite_checkpoint.rs"]
mod checkpoint;
