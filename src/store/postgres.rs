//! The PostgreSQL store: several bot processes share one database server. A small pool of
//! connections (tokio-postgres through deadpool; runtime queries, no compile-time checked
//! macros); read-modify-writes that must hold across processes run in transactions that lock
//! the rows they read (`FOR UPDATE`). Connections are plain TCP without TLS: the database is
//! expected on loopback or a private network.
//!
//! Semantics are those of [`super::sqlite::SqliteStore`]; the conformance suite
//! (`store/conformance.rs`) runs the same tests against both.

use std::time::Duration;

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, SubsecRound, Utc};
use deadpool_postgres::GenericClient;
use deadpool_postgres::{Manager, ManagerConfig, Pool, RecyclingMethod, Runtime};
use tokio_postgres::{types::ToSql, NoTls, Row};

/// The advisory lock lease takes queue on (any constant of this bot's own).
const LEASE_LOCK: i64 = 0x5354_5245_5443_4831; // "STRETCH1"

use super::claims::{self, ExistingFire};
use super::{
    shard_condition, CheckIn, CheckinSource, ClaimOutcome, FireClaim, FireDone, FireRenewal,
    FireRow, FireStatus, GuildSetting, LeaseRequest, PromptRow, ReminderRow, SessionRow, ShardKey,
    ShardSet, Store, StoreError,
};
use crate::error::Cause;
use crate::ids::{ChannelId, GuildId, ReminderId, UserId};

/// Embedded migrations as (file name, SQL), applied in order; the `schema_version` table records
/// how many ran, so a file's number is its position: always append, never renumber. The same
/// numbers as SQLite's list, one file per step in each engine's own dialect.
pub(crate) const MIGRATIONS: &[(&str, &str)] = &[
    (
        "0001_init.sql",
        include_str!("migrations/postgres/0001_init.sql"),
    ),
    (
        "0002_reminders.sql",
        include_str!("migrations/postgres/0002_reminders.sql"),
    ),
    (
        "0003_cluster.sql",
        include_str!("migrations/postgres/0003_cluster.sql"),
    ),
    (
        "0004_fire_first_claim.sql",
        include_str!("migrations/postgres/0004_fire_first_claim.sql"),
    ),
    (
        "0005_reminder_ids_never_reused.sql",
        include_str!("migrations/postgres/0005_reminder_ids_never_reused.sql"),
    ),
    (
        "0006_reminder_prompts.sql",
        include_str!("migrations/postgres/0006_reminder_prompts.sql"),
    ),
    (
        "0007_guild_language.sql",
        include_str!("migrations/postgres/0007_guild_language.sql"),
    ),
    (
        "0008_checkins.sql",
        include_str!("migrations/postgres/0008_checkins.sql"),
    ),
    (
        "0009_guild_discord_locale.sql",
        include_str!("migrations/postgres/0009_guild_discord_locale.sql"),
    ),
    (
        "0010_nudges.sql",
        include_str!("migrations/postgres/0010_nudges.sql"),
    ),
];

/// The advisory lock every process takes while it migrates ("stretchb" in ASCII), so that
/// instances starting together apply each migration once.
const MIGRATION_LOCK: i64 = 0x7374_7265_7463_6862;

/// How long a query waits for a free connection, and a new connection for the server.
const POOL_WAIT: Duration = Duration::from_secs(30);
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

#[derive(Clone)]
pub struct PostgresStore {
    pool: Pool,
}

impl std::fmt::Debug for PostgresStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PostgresStore")
    }
}

impl From<tokio_postgres::Error> for StoreError {
    fn from(e: tokio_postgres::Error) -> Self {
        // Class 23 is "integrity constraint violation", what SQLite calls a constraint failure.
        if e.code().is_some_and(|c| c.code().starts_with("23")) {
            StoreError::Conflict(e.into())
        } else {
            StoreError::Database(e.into())
        }
    }
}

impl From<deadpool_postgres::PoolError> for StoreError {
    fn from(e: deadpool_postgres::PoolError) -> Self {
        match e {
            deadpool_postgres::PoolError::Backend(e) => e.into(),
            e => StoreError::Database(e.into()),
        }
    }
}

impl PostgresStore {
    /// Connects to the database at `url` (`postgres://` or `postgresql://`) with up to
    /// `max_connections` connections, and migrates it. `shown` is the URL without its password,
    /// for errors.
    pub async fn open(url: &str, max_connections: u32) -> Result<Self, StoreError> {
        let shown = super::redact_url(url);
        let open_err = |cause: Cause| StoreError::Open {
            path: shown.clone(),
            cause,
        };
        let mut config: tokio_postgres::Config = url.parse().map_err(|e| open_err(Box::new(e)))?;
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(CONNECT_TIMEOUT);
        }
        let manager = Manager::from_config(
            config,
            NoTls,
            ManagerConfig {
                recycling_method: RecyclingMethod::Fast,
            },
        );
        let pool = Pool::builder(manager)
            .max_size(max_connections.max(1) as usize)
            .runtime(Runtime::Tokio1)
            .wait_timeout(Some(POOL_WAIT))
            .create_timeout(Some(CONNECT_TIMEOUT))
            .build()
            .map_err(|e| open_err(e.into()))?;
        let store = Self { pool };
        store.migrate().await.map_err(|e| match e {
            StoreError::TooNew { .. } => e,
            e => open_err(e.into()),
        })?;
        Ok(store)
    }

    /// How many migrations the database has applied.
    pub async fn schema_version(&self) -> Result<usize, StoreError> {
        let c = self.pool.get().await?;
        let v: i32 = c
            .query_one("SELECT version FROM schema_version", &[])
            .await?
            .try_get(0)?;
        Ok(usize::try_from(v).unwrap_or(0))
    }

    async fn migrate(&self) -> Result<(), StoreError> {
        let mut c = self.pool.get().await?;
        let tx = c.transaction().await?;
        // Held until the transaction ends: a second process waits here, then finds the
        // migrations applied. DDL is transactional, so a failed migration leaves nothing behind.
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])
            .await?;
        tx.batch_execute(
            "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);
             INSERT INTO schema_version (version)
             SELECT 0 WHERE NOT EXISTS (SELECT 1 FROM schema_version);",
        )
        .await?;
        let applied: i32 = tx
            .query_one("SELECT version FROM schema_version", &[])
            .await?
            .try_get(0)?;
        let applied = usize::try_from(applied).unwrap_or(0);
        let known = MIGRATIONS.len();
        if applied > known {
            return Err(StoreError::TooNew {
                found: applied,
                known,
            });
        }
        for (i, (_, sql)) in MIGRATIONS.iter().enumerate().skip(applied) {
            tx.batch_execute(sql).await?;
            tx.execute(
                "UPDATE schema_version SET version = $1",
                &[&((i + 1) as i32)],
            )
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }
}

/// Times are kept to the millisecond, as in SQLite, so both stores read back the same instant.
fn ts(t: DateTime<Utc>) -> DateTime<Utc> {
    t.trunc_subsecs(3)
}

/// The statements a claim runs on a fire row that already exists, for one kind of fire. Each
/// takes the owner's id as `$1`; `select` (`status, lease_until, attempts, first_claimed_at`) and
/// `take_over` take the fire's key as `$2`, `look_again` the lease's end as `$2`, and
/// `take_over` the new lease, claimer and time as `$3`-`$5`.
struct ExistingFireSql {
    select: &'static str,
    look_again: &'static str,
    take_over: &'static str,
}

/// A claim of a fire whose row exists: decides it ([`claims::decide`]) and runs that kind's
/// statements for the decision.
async fn claim_existing_fire(
    tx: &impl GenericClient,
    sql: &ExistingFireSql,
    id: i64,
    key: &(dyn ToSql + Sync),
    lease_until: DateTime<Utc>,
    instance: &str,
    now: DateTime<Utc>,
) -> Result<ClaimOutcome, StoreError> {
    let fire = tx.query_one(sql.select, &[&id, key]).await?;
    let attempts: i32 = fire.try_get(2)?;
    let decision = claims::decide(
        fire.try_get(0)?,
        fire.try_get(1)?,
        attempts.into(),
        fire.try_get::<_, DateTime<Utc>>(3)?,
        now,
    );
    Ok(match decision {
        ExistingFire::Settled(status) => ClaimOutcome::Settled(status),
        ExistingFire::Busy { lease_until } => {
            tx.execute(sql.look_again, &[&id, &lease_until]).await?;
            ClaimOutcome::Busy
        }
        ExistingFire::TakeOver {
            attempt,
            first_claimed_at,
        } => {
            // The post reuses the fire's nonce, so if a vanished claimer did post, Discord
            // answers with that message (a reminder) or drops the copy (a nudge).
            tx.execute(
                sql.take_over,
                &[&id, key, &ts(lease_until), &instance, &ts(now)],
            )
            .await?;
            ClaimOutcome::Claimed {
                attempt,
                first_claimed_at,
            }
        }
    })
}

use super::{id_from_sql, id_to_sql, starter_from_sql, starter_to_sql};

const SESSION_COLUMNS: &str =
    "id, guild_id, channel_id, starter_id, active, state, created_at, updated_at";

fn session_from_row(r: &Row) -> Result<SessionRow, tokio_postgres::Error> {
    Ok(SessionRow {
        id: r.try_get(0)?,
        guild_id: id_from_sql(r.try_get(1)?),
        channel_id: id_from_sql(r.try_get(2)?),
        starter_id: starter_from_sql(r.try_get(3)?),
        active: r.try_get(4)?,
        state: r.try_get(5)?,
        created_at: r.try_get(6)?,
        updated_at: r.try_get(7)?,
    })
}

const REMINDER_COLUMNS: &str =
    "id, guild_id, number, channel_id, channel_name, time_of_day, days, \
     timezone, kind, message, ping_role_id, routine_id, event_enabled, event_id, paused, flagged, \
     stopped, next_fire_at, next_fire_date, rev, created_at, updated_at";

fn reminder_from_row(r: &Row) -> Result<ReminderRow, tokio_postgres::Error> {
    Ok(ReminderRow {
        id: id_from_sql(r.try_get(0)?),
        guild_id: id_from_sql(r.try_get(1)?),
        number: r.try_get::<_, i32>(2)? as u32,
        channel_id: id_from_sql(r.try_get(3)?),
        channel_name: r.try_get(4)?,
        time_of_day: r.try_get(5)?,
        days: r.try_get::<_, i32>(6)? as u8,
        timezone: r.try_get(7)?,
        kind: r.try_get(8)?,
        message: r.try_get(9)?,
        ping_role_id: r.try_get::<_, Option<i64>>(10)?.map(id_from_sql),
        routine_id: r.try_get(11)?,
        event_enabled: r.try_get(12)?,
        event_id: r.try_get::<_, Option<i64>>(13)?.map(id_from_sql),
        paused: r.try_get(14)?,
        flagged: r.try_get(15)?,
        stopped: r.try_get(16)?,
        next_fire_at: r.try_get(17)?,
        next_fire_date: r.try_get(18)?,
        rev: r.try_get::<_, i64>(19)? as u64,
        created_at: r.try_get(20)?,
        updated_at: r.try_get(21)?,
    })
}

fn fire_from_row(r: &Row) -> Result<FireRow, tokio_postgres::Error> {
    let status: String = r.try_get(3)?;
    Ok(FireRow {
        reminder_id: id_from_sql(r.try_get(0)?),
        guild_id: id_from_sql(r.try_get(1)?),
        local_date: r.try_get(2)?,
        status: FireStatus::parse(&status).unwrap_or(FireStatus::Failed),
        attempts: r.try_get::<_, i32>(4)? as u32,
        message_id: r.try_get::<_, Option<i64>>(5)?.map(id_from_sql),
        claimed_by: r.try_get(6)?,
    })
}

/// What an update may change, in the order both the insert and the update bind them (from
/// `$3`), so that the two cannot disagree on a column.
struct Settings {
    channel_id: i64,
    channel_name: String,
    time_of_day: String,
    days: i32,
    timezone: String,
    kind: String,
    message: Option<String>,
    ping_role_id: Option<i64>,
    routine_id: String,
    event_enabled: bool,
    paused: bool,
    flagged: Option<String>,
    stopped: bool,
    next_fire_at: Option<DateTime<Utc>>,
    next_fire_date: Option<NaiveDate>,
}

impl Settings {
    fn of(row: &ReminderRow) -> Self {
        Self {
            channel_id: id_to_sql(row.channel_id),
            channel_name: row.channel_name.clone(),
            time_of_day: row.time_of_day.clone(),
            days: i32::from(row.days),
            timezone: row.timezone.clone(),
            kind: row.kind.clone(),
            message: row.message.clone(),
            ping_role_id: row.ping_role_id.map(id_to_sql),
            routine_id: row.routine_id.clone(),
            event_enabled: row.event_enabled,
            paused: row.paused,
            flagged: row.flagged.clone(),
            stopped: row.stopped,
            next_fire_at: row.next_fire_at.map(ts),
            next_fire_date: row.next_fire_date,
        }
    }

    fn params(&self) -> [&(dyn ToSql + Sync); 15] {
        [
            &self.channel_id,
            &self.channel_name,
            &self.time_of_day,
            &self.days,
            &self.timezone,
            &self.kind,
            &self.message,
            &self.ping_role_id,
            &self.routine_id,
            &self.event_enabled,
            &self.paused,
            &self.flagged,
            &self.stopped,
            &self.next_fire_at,
            &self.next_fire_date,
        ]
    }
}

/// The compare-and-set write behind [`Store::update_reminder`]; `false` if `row.rev` is stale.
/// One UPDATE: PostgreSQL re-checks `rev` on the row it locks, so two writers cannot both win.
async fn write_reminder(c: &impl GenericClient, row: &ReminderRow) -> Result<bool, StoreError> {
    let settings = Settings::of(row);
    let (id, rev, updated) = (id_to_sql(row.id), row.rev as i64, ts(row.updated_at));
    let mut params: Vec<&(dyn ToSql + Sync)> = vec![&id, &rev];
    params.extend(settings.params());
    params.push(&updated);
    let n = c
        .execute(
            "UPDATE reminders SET channel_id = $3, channel_name = $4, time_of_day = $5, days = $6,
                 timezone = $7, kind = $8, message = $9, ping_role_id = $10, routine_id = $11,
                 event_enabled = $12, paused = $13, flagged = $14, stopped = $15,
                 next_fire_at = $16, next_fire_date = $17, updated_at = $18, rev = rev + 1
             WHERE id = $1 AND rev = $2",
            &params,
        )
        .await?;
    Ok(n == 1)
}

/// Every table keyed by server; purging a server deletes its rows from each (guilds last).
/// Reminders before their fires and prompts: the lock order of every transaction that touches
/// both.
const PER_GUILD_TABLES: &[&str] = &[
    "sessions",
    "reminders",
    "reminder_fires",
    "reminder_prompts",
    "reminder_counters",
    "checkins",
    "stats_sharing",
    "guilds",
];

/// Every table with rows about one person (by `user_id`): what `/stats forget-me` deletes.
/// As SQLite's ([`super::sqlite`]'s test holds the two lists equal).
pub(crate) const PER_PERSON_TABLES: &[&str] = &[
    "nudge_people",
    "nudge_fires",
    "people",
    "checkins",
    "stats_sharing",
];

/// Stored check-ins; a source this build cannot read is skipped, not an error.
fn checkins_from_rows(rows: &[Row]) -> Result<Vec<CheckIn>, StoreError> {
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let Some(source) = CheckinSource::parse(r.try_get::<_, &str>(2)?) else {
            continue;
        };
        out.push(CheckIn {
            user_id: id_from_sql(r.try_get(0)?),
            guild_id: r.try_get::<_, Option<i64>>(1)?.map(id_from_sql),
            source,
            at: r.try_get(3)?,
            minutes: r.try_get::<_, i32>(4)?.max(0) as u32,
        });
    }
    Ok(out)
}

impl PostgresStore {
    /// One of a server's own settings, if its admins set it.
    async fn guild_setting(
        &self,
        guild_id: GuildId,
        setting: GuildSetting,
    ) -> Result<Option<String>, StoreError> {
        let column = setting.column();
        let c = self.pool.get().await?;
        let row = c
            .query_opt(
                &format!("SELECT {column} FROM guilds WHERE guild_id = $1"),
                &[&id_to_sql(guild_id)],
            )
            .await?;
        Ok(row.map(|r| r.try_get(0)).transpose()?.flatten())
    }

    async fn set_guild_setting(
        &self,
        guild_id: GuildId,
        setting: GuildSetting,
        value: &str,
    ) -> Result<(), StoreError> {
        let column = setting.column();
        let c = self.pool.get().await?;
        c.execute(
            &format!(
                "INSERT INTO guilds (guild_id, {column}) VALUES ($1, $2)
                 ON CONFLICT (guild_id) DO UPDATE SET {column} = excluded.{column}"
            ),
            &[&id_to_sql(guild_id), &value],
        )
        .await?;
        Ok(())
    }
}

#[async_trait]
impl Store for PostgresStore {
    async fn insert_session(&self, row: &SessionRow) -> Result<(), StoreError> {
        let c = self.pool.get().await?;
        c.execute(
            &format!("INSERT INTO sessions ({SESSION_COLUMNS}) VALUES ($1,$2,$3,$4,$5,$6,$7,$8)"),
            &[
                &row.id,
                &id_to_sql(row.guild_id),
                &id_to_sql(row.channel_id),
                &starter_to_sql(row.starter_id),
                &row.active,
                &row.state,
                &ts(row.created_at),
                &ts(row.updated_at),
            ],
        )
        .await?;
        Ok(())
    }

    async fn update_session(&self, row: &SessionRow) -> Result<(), StoreError> {
        let c = self.pool.get().await?;
        c.execute(
            "UPDATE sessions SET active = $2, state = $3, updated_at = $4 WHERE id = $1",
            &[&row.id, &row.active, &row.state, &ts(row.updated_at)],
        )
        .await?;
        Ok(())
    }

    async fn active_sessions(&self, shards: &ShardSet) -> Result<Vec<SessionRow>, StoreError> {
        let mine = shard_condition(shards, "guild_id");
        let c = self.pool.get().await?;
        let rows = c
            .query(
                &format!(
                    "SELECT {SESSION_COLUMNS} FROM sessions WHERE active AND {mine}
                     ORDER BY created_at, id"
                ),
                &[],
            )
            .await?;
        Ok(rows
            .iter()
            .map(session_from_row)
            .collect::<Result<_, _>>()?)
    }

    async fn active_session_in(
        &self,
        channel_id: ChannelId,
    ) -> Result<Option<SessionRow>, StoreError> {
        let c = self.pool.get().await?;
        let row = c
            .query_opt(
                &format!("SELECT {SESSION_COLUMNS} FROM sessions WHERE active AND channel_id = $1"),
                &[&id_to_sql(channel_id)],
            )
            .await?;
        Ok(row.as_ref().map(session_from_row).transpose()?)
    }

    async fn count_active_sessions(&self, guild_id: GuildId) -> Result<u32, StoreError> {
        let c = self.pool.get().await?;
        let n: i64 = c
            .query_one(
                "SELECT COUNT(*) FROM sessions WHERE active AND guild_id = $1",
                &[&id_to_sql(guild_id)],
            )
            .await?
            .try_get(0)?;
        Ok(n as u32)
    }

    async fn reminder_prompt(&self, id: ReminderId) -> Result<Option<PromptRow>, StoreError> {
        let c = self.pool.get().await?;
        let row = c
            .query_opt(
                "SELECT place, rotation FROM reminder_prompts WHERE reminder_id = $1",
                &[&id_to_sql(id)],
            )
            .await?;
        Ok(row
            .map(|r| -> Result<PromptRow, tokio_postgres::Error> {
                Ok(PromptRow {
                    place: r.try_get(0)?,
                    rotation: r.try_get(1)?,
                })
            })
            .transpose()?)
    }

    async fn guild_reminder_places(
        &self,
        guild_id: GuildId,
    ) -> Result<Vec<(ReminderId, String)>, StoreError> {
        let c = self.pool.get().await?;
        let rows = c
            .query(
                "SELECT reminder_id, place FROM reminder_prompts WHERE guild_id = $1
                 ORDER BY reminder_id",
                &[&id_to_sql(guild_id)],
            )
            .await?;
        Ok(rows
            .iter()
            .map(|r| -> Result<_, tokio_postgres::Error> {
                Ok((id_from_sql(r.try_get(0)?), r.try_get(1)?))
            })
            .collect::<Result<_, _>>()?)
    }

    async fn set_reminder_place(&self, id: ReminderId, place: &str) -> Result<(), StoreError> {
        let c = self.pool.get().await?;
        c.execute(
            // Only for a reminder that is still there, holding it against a delete until this
            // commits: a late write after a delete or a purge would leave a row nothing removes.
            // Reminder first, then its prompt row: the lock order of the delete and the purge.
            "INSERT INTO reminder_prompts (reminder_id, guild_id, place)
             SELECT id, guild_id, $2::TEXT FROM reminders WHERE id = $1 FOR KEY SHARE
             ON CONFLICT (reminder_id) DO UPDATE SET place = excluded.place",
            &[&id_to_sql(id), &place],
        )
        .await?;
        Ok(())
    }

    async fn set_reminder_rotation(
        &self,
        id: ReminderId,
        rotation: &str,
    ) -> Result<(), StoreError> {
        let c = self.pool.get().await?;
        c.execute(
            // As for the place: never for a reminder already deleted.
            "INSERT INTO reminder_prompts (reminder_id, guild_id, rotation)
             SELECT id, guild_id, $2::TEXT FROM reminders WHERE id = $1 FOR KEY SHARE
             ON CONFLICT (reminder_id) DO UPDATE SET rotation = excluded.rotation",
            &[&id_to_sql(id), &rotation],
        )
        .await?;
        Ok(())
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
        let c = self.pool.get().await?;
        c.execute(
            "INSERT INTO guilds (guild_id, removed_at, discord_locale) VALUES ($1, NULL, $2)
             ON CONFLICT (guild_id) DO UPDATE SET removed_at = NULL,
                 discord_locale = COALESCE(excluded.discord_locale, guilds.discord_locale)",
            &[&id_to_sql(guild_id), &discord_locale],
        )
        .await?;
        Ok(())
    }

    async fn set_guild_removed(
        &self,
        guild_id: GuildId,
        removed_at: Option<DateTime<Utc>>,
    ) -> Result<(), StoreError> {
        let c = self.pool.get().await?;
        c.execute(
            "INSERT INTO guilds (guild_id, removed_at) VALUES ($1, $2)
             ON CONFLICT (guild_id) DO UPDATE SET removed_at = excluded.removed_at",
            &[&id_to_sql(guild_id), &removed_at.map(ts)],
        )
        .await?;
        Ok(())
    }

    async fn purge_removed_before(&self, cutoff: DateTime<Utc>) -> Result<u32, StoreError> {
        let mut c = self.pool.get().await?;
        let tx = c.transaction().await?;
        // Locking the servers' rows keeps a server that comes back meanwhile (removed_at
        // cleared) from being purged by a decision made on the old value.
        let gone: Vec<i64> = tx
            .query(
                "SELECT guild_id FROM guilds WHERE removed_at IS NOT NULL AND removed_at < $1
                 FOR UPDATE",
                &[&ts(cutoff)],
            )
            .await?
            .iter()
            .map(|r| r.try_get(0))
            .collect::<Result<_, _>>()?;
        if !gone.is_empty() {
            for table in PER_GUILD_TABLES {
                tx.execute(
                    &format!("DELETE FROM {table} WHERE guild_id = ANY($1)"),
                    &[&gone],
                )
                .await?;
            }
        }
        tx.commit().await?;
        Ok(gone.len() as u32)
    }

    // --- reminders ---

    async fn insert_reminder(
        &self,
        row: &ReminderRow,
        max_per_guild: u32,
    ) -> Result<Option<ReminderRow>, StoreError> {
        let mut c = self.pool.get().await?;
        let tx = c.transaction().await?;
        let guild = id_to_sql(row.guild_id);
        // The server's counter row is the lock: every insert in a server takes it first, so the
        // count below and the number handed out are those of a server nobody else is adding to.
        tx.execute(
            "INSERT INTO reminder_counters (guild_id, last_number) VALUES ($1, 0)
             ON CONFLICT (guild_id) DO NOTHING",
            &[&guild],
        )
        .await?;
        let last: i32 = tx
            .query_one(
                "SELECT last_number FROM reminder_counters WHERE guild_id = $1 FOR UPDATE",
                &[&guild],
            )
            .await?
            .try_get(0)?;
        let count: i64 = tx
            .query_one(
                "SELECT COUNT(*) FROM reminders WHERE guild_id = $1",
                &[&guild],
            )
            .await?
            .try_get(0)?;
        if count >= i64::from(max_per_guild) {
            // Dropping the transaction rolls it back (the counter row too, if it was new).
            return Ok(None);
        }
        let number = last + 1;
        tx.execute(
            "UPDATE reminder_counters SET last_number = $2 WHERE guild_id = $1",
            &[&guild, &number],
        )
        .await?;
        let settings = Settings::of(row);
        let event_id = row.event_id.map(id_to_sql);
        let (created, updated) = (ts(row.created_at), ts(row.updated_at));
        let mut params: Vec<&(dyn ToSql + Sync)> = vec![&guild, &number];
        params.extend(settings.params());
        params.extend([
            &event_id as &(dyn ToSql + Sync),
            &created as &(dyn ToSql + Sync),
            &updated as &(dyn ToSql + Sync),
        ]);
        let stored = tx
            .query_one(
                &format!(
                    "INSERT INTO reminders (guild_id, number, channel_id, channel_name,
                         time_of_day, days, timezone, kind, message, ping_role_id, routine_id,
                         event_enabled, paused, flagged, stopped, next_fire_at, next_fire_date,
                         event_id, rev, created_at, updated_at)
                     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,1,
                         $19,$20)
                     RETURNING {REMINDER_COLUMNS}"
                ),
                &params,
            )
            .await?;
        let stored = reminder_from_row(&stored)?;
        tx.commit().await?;
        Ok(Some(stored))
    }

    async fn reminder(
        &self,
        guild_id: GuildId,
        number: u32,
    ) -> Result<Option<ReminderRow>, StoreError> {
        let c = self.pool.get().await?;
        let row = c
            .query_opt(
                &format!(
                    "SELECT {REMINDER_COLUMNS} FROM reminders WHERE guild_id = $1 AND number = $2"
                ),
                &[&id_to_sql(guild_id), &(number as i32)],
            )
            .await?;
        Ok(row.as_ref().map(reminder_from_row).transpose()?)
    }

    async fn reminder_by_id(&self, id: ReminderId) -> Result<Option<ReminderRow>, StoreError> {
        let c = self.pool.get().await?;
        let row = c
            .query_opt(
                &format!("SELECT {REMINDER_COLUMNS} FROM reminders WHERE id = $1"),
                &[&id_to_sql(id)],
            )
            .await?;
        Ok(row.as_ref().map(reminder_from_row).transpose()?)
    }

    async fn guild_reminders(&self, guild_id: GuildId) -> Result<Vec<ReminderRow>, StoreError> {
        let c = self.pool.get().await?;
        let rows = c
            .query(
                &format!(
                    "SELECT {REMINDER_COLUMNS} FROM reminders WHERE guild_id = $1 ORDER BY number"
                ),
                &[&id_to_sql(guild_id)],
            )
            .await?;
        Ok(rows
            .iter()
            .map(reminder_from_row)
            .collect::<Result<_, _>>()?)
    }

    async fn update_reminder(&self, row: &ReminderRow) -> Result<bool, StoreError> {
        let c = self.pool.get().await?;
        write_reminder(&c, row).await
    }

    async fn delete_reminder(&self, id: ReminderId) -> Result<bool, StoreError> {
        let mut c = self.pool.get().await?;
        let tx = c.transaction().await?;
        let id = id_to_sql(id);
        // The reminder first, then its fires: the lock order of every other transaction.
        let n = tx
            .execute("DELETE FROM reminders WHERE id = $1", &[&id])
            .await?;
        tx.execute("DELETE FROM reminder_fires WHERE reminder_id = $1", &[&id])
            .await?;
        tx.execute(
            "DELETE FROM reminder_prompts WHERE reminder_id = $1",
            &[&id],
        )
        .await?;
        tx.commit().await?;
        Ok(n > 0)
    }

    async fn due_reminders(
        &self,
        now: DateTime<Utc>,
        limit: u32,
        shards: &ShardSet,
    ) -> Result<Vec<ReminderRow>, StoreError> {
        let mine = shard_condition(shards, "guild_id");
        let c = self.pool.get().await?;
        let rows = c
            .query(
                &format!(
                    "SELECT {REMINDER_COLUMNS} FROM reminders
                     WHERE next_fire_at IS NOT NULL AND next_fire_at <= $1
                       AND NOT paused AND flagged IS NULL AND NOT stopped AND {mine}
                     ORDER BY next_fire_at, id LIMIT $2"
                ),
                &[&ts(now), &i64::from(limit)],
            )
            .await?;
        Ok(rows
            .iter()
            .map(reminder_from_row)
            .collect::<Result<_, _>>()?)
    }

    async fn earliest_reminder_fire(
        &self,
        shards: &ShardSet,
    ) -> Result<Option<DateTime<Utc>>, StoreError> {
        let mine = shard_condition(shards, "guild_id");
        let c = self.pool.get().await?;
        let row = c
            .query_opt(
                &format!(
                    "SELECT next_fire_at FROM reminders
                     WHERE next_fire_at IS NOT NULL
                       AND NOT paused AND flagged IS NULL AND NOT stopped AND {mine}
                     ORDER BY next_fire_at LIMIT 1"
                ),
                &[],
            )
            .await?;
        Ok(row.map(|r| r.try_get(0)).transpose()?)
    }

    async fn claim_reminder_fire(&self, claim: &FireClaim) -> Result<ClaimOutcome, StoreError> {
        let mut c = self.pool.get().await?;
        let tx = c.transaction().await?;
        let id = id_to_sql(claim.reminder_id);
        // The reminder's row lock serialises claimers of its fires across processes (SQLite's
        // IMMEDIATE transaction does the same for the whole file).
        let current = tx
            .query_opt(
                "SELECT rev, guild_id FROM reminders
                 WHERE id = $1 AND NOT paused AND flagged IS NULL AND NOT stopped
                 FOR UPDATE",
                &[&id],
            )
            .await?;
        let Some(current) = current else {
            return Ok(ClaimOutcome::Stale);
        };
        let (rev, guild): (i64, i64) = (current.try_get(0)?, current.try_get(1)?);
        if rev as u64 != claim.rev {
            return Ok(ClaimOutcome::Stale);
        }
        let date = claim.local_date;
        let (lease_until, now) = (ts(claim.lease_until), ts(claim.now));
        let inserted = tx
            .execute(
                "INSERT INTO reminder_fires (reminder_id, local_date, guild_id, status, attempts,
                     lease_until, claimed_by, updated_at, first_claimed_at)
                 VALUES ($1, $2, $3, 'claimed', 1, $4, $5, $6, $6)
                 ON CONFLICT (reminder_id, local_date) DO NOTHING",
                &[&id, &date, &guild, &lease_until, &claim.instance, &now],
            )
            .await?;
        let outcome = if inserted == 1 {
            ClaimOutcome::Claimed {
                attempt: 1,
                first_claimed_at: now,
            }
        } else {
            claim_existing_fire(
                &tx,
                &ExistingFireSql {
                    select: "SELECT status, lease_until, attempts,
                                 COALESCE(first_claimed_at, updated_at)
                             FROM reminder_fires WHERE reminder_id = $1 AND local_date = $2",
                    // Only later: the holder's own finish overwrites this.
                    look_again: "UPDATE reminders SET next_fire_at = $2
                                 WHERE id = $1 AND (next_fire_at IS NULL OR next_fire_at < $2)",
                    take_over: "UPDATE reminder_fires SET status = 'claimed',
                                    attempts = attempts + 1, lease_until = $3, claimed_by = $4,
                                    updated_at = $5,
                                    first_claimed_at = COALESCE(first_claimed_at, updated_at)
                                WHERE reminder_id = $1 AND local_date = $2",
                },
                id,
                &date,
                claim.lease_until,
                &claim.instance,
                claim.now,
            )
            .await?
        };
        if matches!(outcome, ClaimOutcome::Claimed { .. }) {
            // Other instances must not wake for this fire while we hold it.
            tx.execute(
                "UPDATE reminders SET next_fire_at = $2, next_fire_date = $3 WHERE id = $1",
                &[&id, &lease_until, &date],
            )
            .await?;
        }
        tx.commit().await?;
        Ok(outcome)
    }

    async fn finish_reminder_fire(&self, done: &FireDone) -> Result<bool, StoreError> {
        let mut c = self.pool.get().await?;
        let tx = c.transaction().await?;
        let id = id_to_sql(done.reminder_id);
        // Every transaction that touches both tables locks the reminder before its fires, so a
        // finish and a take-over claim of the same fire wait for each other instead of
        // deadlocking.
        tx.execute("SELECT 1 FROM reminders WHERE id = $1 FOR UPDATE", &[&id])
            .await?;
        // Only the current claim: a claimer whose lease ended may have been taken over, and its
        // late answer must not overwrite what the take-over recorded.
        let n = tx
            .execute(
                "UPDATE reminder_fires SET status = $3, message_id = COALESCE($4, message_id),
                     lease_until = $5, updated_at = $6
                 WHERE reminder_id = $1 AND local_date = $2
                   AND status = 'claimed' AND claimed_by = $7 AND attempts = $8",
                &[
                    &id,
                    &done.local_date,
                    &done.status.as_str(),
                    &done.message_id.map(id_to_sql),
                    &done.retry_at.map(ts),
                    &ts(done.now),
                    &done.claimed_by,
                    &(i32::try_from(done.attempt).unwrap_or(i32::MAX)),
                ],
            )
            .await?;
        if n == 0 {
            return Ok(false);
        }
        tx.execute(
            "UPDATE reminders SET next_fire_at = $3, next_fire_date = $4
             WHERE id = $1 AND rev = $2",
            &[
                &id,
                &(done.rev as i64),
                &done.next.map(|(at, _)| ts(at)),
                &done.next.map(|(_, d)| d),
            ],
        )
        .await?;
        tx.commit().await?;
        Ok(true)
    }

    async fn set_reminder_next(
        &self,
        id: ReminderId,
        rev: u64,
        next: Option<(DateTime<Utc>, NaiveDate)>,
    ) -> Result<bool, StoreError> {
        let c = self.pool.get().await?;
        let n = c
            .execute(
                "UPDATE reminders SET next_fire_at = $3, next_fire_date = $4
                 WHERE id = $1 AND rev = $2",
                &[
                    &id_to_sql(id),
                    &(rev as i64),
                    &next.map(|(at, _)| ts(at)),
                    &next.map(|(_, d)| d),
                ],
            )
            .await?;
        Ok(n == 1)
    }

    async fn skip_reminder_fire(
        &self,
        row: &ReminderRow,
        skipped_date: NaiveDate,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let mut c = self.pool.get().await?;
        let tx = c.transaction().await?;
        if !write_reminder(&tx, row).await? {
            return Ok(false);
        }
        tx.execute(
            "INSERT INTO reminder_fires (reminder_id, local_date, guild_id, status, updated_at)
             VALUES ($1, $2, $3, 'skipped', $4)
             ON CONFLICT (reminder_id, local_date) DO NOTHING",
            &[
                &id_to_sql(row.id),
                &skipped_date,
                &id_to_sql(row.guild_id),
                &ts(now),
            ],
        )
        .await?;
        tx.commit().await?;
        Ok(true)
    }

    async fn renew_fire_claim(&self, renewal: &FireRenewal) -> Result<bool, StoreError> {
        // One row of reminder_fires and nothing else: no lock order to keep with the reminder.
        let c = self.pool.get().await?;
        let n = c
            .execute(
                "UPDATE reminder_fires SET lease_until = $3
                 WHERE reminder_id = $1 AND local_date = $2
                   AND status = 'claimed' AND claimed_by = $4 AND attempts = $5",
                &[
                    &id_to_sql(renewal.reminder_id),
                    &renewal.local_date,
                    &ts(renewal.until),
                    &renewal.claimed_by,
                    &(i32::try_from(renewal.attempt).unwrap_or(i32::MAX)),
                ],
            )
            .await?;
        Ok(n == 1)
    }

    async fn set_reminder_event(
        &self,
        id: ReminderId,
        event_id: Option<u64>,
    ) -> Result<(), StoreError> {
        let c = self.pool.get().await?;
        c.execute(
            "UPDATE reminders SET event_id = $2 WHERE id = $1",
            &[&id_to_sql(id), &event_id.map(id_to_sql)],
        )
        .await?;
        Ok(())
    }

    async fn stop_guild_reminders(
        &self,
        guild_id: GuildId,
        now: DateTime<Utc>,
    ) -> Result<u32, StoreError> {
        let c = self.pool.get().await?;
        let n = c
            .execute(
                "UPDATE reminders SET stopped = TRUE, next_fire_at = NULL, next_fire_date = NULL,
                     rev = rev + 1, updated_at = $2
                 WHERE guild_id = $1 AND NOT stopped",
                &[&id_to_sql(guild_id), &ts(now)],
            )
            .await?;
        Ok(n as u32)
    }

    async fn reminders_to_repair(
        &self,
        limit: u32,
        shards: &ShardSet,
    ) -> Result<Vec<ReminderRow>, StoreError> {
        let mine = shard_condition(shards, "guild_id");
        let c = self.pool.get().await?;
        let rows = c
            .query(
                &format!(
                    "SELECT {REMINDER_COLUMNS} FROM reminders
                     WHERE NOT paused AND flagged IS NULL AND NOT stopped AND {mine}
                       AND (next_fire_at IS NULL
                            OR (kind = 'group' AND event_enabled AND event_id IS NULL))
                     ORDER BY id LIMIT $1"
                ),
                &[&i64::from(limit)],
            )
            .await?;
        Ok(rows
            .iter()
            .map(reminder_from_row)
            .collect::<Result<_, _>>()?)
    }

    async fn reminder_fire(
        &self,
        reminder_id: ReminderId,
        local_date: NaiveDate,
    ) -> Result<Option<FireRow>, StoreError> {
        let c = self.pool.get().await?;
        let row = c
            .query_opt(
                "SELECT reminder_id, guild_id, local_date, status, attempts, message_id, claimed_by
                 FROM reminder_fires WHERE reminder_id = $1 AND local_date = $2",
                &[&id_to_sql(reminder_id), &local_date],
            )
            .await?;
        Ok(row.as_ref().map(fire_from_row).transpose()?)
    }

    async fn purge_reminder_fires_before(&self, before: NaiveDate) -> Result<u64, StoreError> {
        let c = self.pool.get().await?;
        Ok(c.execute(
            "DELETE FROM reminder_fires WHERE local_date < $1",
            &[&before],
        )
        .await?)
    }

    async fn take_lease(&self, lease: &LeaseRequest) -> Result<bool, StoreError> {
        let mut c = self.pool.get().await?;
        let tx = c.transaction().await?;
        // Lease takes queue here, so that a process under another shard count cannot take a
        // lease between the check below and the write (servers are assigned to shards by the
        // count: two counts at once would both act for the same servers).
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&LEASE_LOCK])
            .await?;
        let other_count = tx
            .query_one(
                "SELECT EXISTS (SELECT 1 FROM shard_leases
                                WHERE shard_count <> $1 AND owner <> $2 AND expires_at > $3)",
                &[&(lease.shard.count as i32), &lease.instance, &ts(lease.now)],
            )
            .await?
            .try_get::<_, bool>(0)?;
        if other_count {
            return Ok(false);
        }
        // PostgreSQL locks the conflicting row and re-checks the condition, so two standbys
        // racing for an expired lease cannot both get it.
        let n = tx
            .execute(
                "INSERT INTO shard_leases (shard_id, shard_count, owner, expires_at)
                 VALUES ($1, $2, $3, $4)
                 ON CONFLICT (shard_id, shard_count) DO UPDATE
                 SET owner = excluded.owner, expires_at = excluded.expires_at
                 WHERE shard_leases.owner = excluded.owner OR shard_leases.expires_at <= $5",
                &[
                    &(lease.shard.id as i32),
                    &(lease.shard.count as i32),
                    &lease.instance,
                    &ts(lease.until),
                    &ts(lease.now),
                ],
            )
            .await?;
        tx.commit().await?;
        Ok(n == 1)
    }

    async fn release_lease(&self, shard: ShardKey, instance: &str) -> Result<(), StoreError> {
        let c = self.pool.get().await?;
        c.execute(
            "DELETE FROM shard_leases WHERE shard_id = $1 AND shard_count = $2 AND owner = $3",
            &[&(shard.id as i32), &(shard.count as i32), &instance],
        )
        .await?;
        Ok(())
    }

    async fn claim_interaction(
        &self,
        interaction_id: u64,
        instance: &str,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let c = self.pool.get().await?;
        let n = c
            .execute(
                "INSERT INTO interaction_claims (interaction_id, owner, claimed_at)
                 VALUES ($1, $2, $3) ON CONFLICT (interaction_id) DO NOTHING",
                &[&id_to_sql(interaction_id), &instance, &ts(now)],
            )
            .await?;
        Ok(n == 1)
    }

    async fn purge_interaction_claims_before(
        &self,
        before: DateTime<Utc>,
    ) -> Result<u64, StoreError> {
        let c = self.pool.get().await?;
        Ok(c.execute(
            "DELETE FROM interaction_claims WHERE claimed_at < $1",
            &[&ts(before)],
        )
        .await?)
    }

    // --- check-ins ---

    async fn record_checkin(&self, checkin: &CheckIn) -> Result<bool, StoreError> {
        let c = self.pool.get().await?;
        let n = c
            .execute(
                "INSERT INTO checkins (user_id, guild_id, source, at, minutes)
                 VALUES ($1, $2, $3, $4, $5) ON CONFLICT (user_id, source) DO NOTHING",
                &[
                    &id_to_sql(checkin.user_id),
                    &checkin.guild_id.map(id_to_sql),
                    &checkin.source.key(),
                    &ts(checkin.at),
                    &(checkin.minutes.min(i32::MAX as u32) as i32),
                ],
            )
            .await?;
        Ok(n == 1)
    }

    async fn count_checkins(&self, source: &CheckinSource) -> Result<u32, StoreError> {
        let c = self.pool.get().await?;
        let row = c
            .query_one(
                "SELECT COUNT(*) FROM checkins WHERE source = $1",
                &[&source.key()],
            )
            .await?;
        Ok(row.try_get::<_, i64>(0)? as u32)
    }

    async fn user_checkins(
        &self,
        user_id: UserId,
        since: DateTime<Utc>,
    ) -> Result<Vec<CheckIn>, StoreError> {
        let c = self.pool.get().await?;
        let rows = c
            .query(
                "SELECT user_id, guild_id, source, at, minutes FROM checkins
                 WHERE user_id = $1 AND at >= $2 ORDER BY at, source",
                &[&id_to_sql(user_id), &ts(since)],
            )
            .await?;
        checkins_from_rows(&rows)
    }

    async fn guild_checkins(
        &self,
        guild_id: GuildId,
        since: DateTime<Utc>,
    ) -> Result<Vec<CheckIn>, StoreError> {
        let c = self.pool.get().await?;
        let rows = c
            .query(
                "SELECT user_id, guild_id, source, at, minutes FROM checkins
                 WHERE guild_id = $1 AND at >= $2 ORDER BY at, user_id, source",
                &[&id_to_sql(guild_id), &ts(since)],
            )
            .await?;
        checkins_from_rows(&rows)
    }

    async fn set_stats_sharing(
        &self,
        user_id: UserId,
        guild_id: GuildId,
        share: bool,
    ) -> Result<(), StoreError> {
        let c = self.pool.get().await?;
        let sql = if share {
            "INSERT INTO stats_sharing (user_id, guild_id) VALUES ($1, $2)
             ON CONFLICT (guild_id, user_id) DO NOTHING"
        } else {
            "DELETE FROM stats_sharing WHERE user_id = $1 AND guild_id = $2"
        };
        c.execute(sql, &[&id_to_sql(user_id), &id_to_sql(guild_id)])
            .await?;
        Ok(())
    }

    async fn stats_sharers(&self, guild_id: GuildId) -> Result<Vec<UserId>, StoreError> {
        let c = self.pool.get().await?;
        let rows = c
            .query(
                "SELECT user_id FROM stats_sharing WHERE guild_id = $1 ORDER BY user_id",
                &[&id_to_sql(guild_id)],
            )
            .await?;
        rows.iter()
            .map(|r| Ok(id_from_sql(r.try_get(0)?)))
            .collect()
    }

    async fn forget_person(&self, user_id: UserId) -> Result<u64, StoreError> {
        let mut c = self.pool.get().await?;
        let tx = c.transaction().await?;
        let mut n = 0;
        for table in PER_PERSON_TABLES {
            n += tx
                .execute(
                    &format!("DELETE FROM {table} WHERE user_id = $1"),
                    &[&id_to_sql(user_id)],
                )
                .await?;
        }
        tx.commit().await?;
        Ok(n)
    }

    async fn purge_checkins_before(&self, before: DateTime<Utc>) -> Result<u64, StoreError> {
        let c = self.pool.get().await?;
        Ok(
            c.execute("DELETE FROM checkins WHERE at < $1", &[&ts(before)])
                .await?,
        )
    }
}

#[path = "postgres_nudges.rs"]
mod nudges;
