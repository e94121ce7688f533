//! Persistence behind the [`Store`] trait: SQLite embedded in the process
//! ([`sqlite::SqliteStore`], the default), or a PostgreSQL server that several processes share
//! ([`postgres::PostgresStore`]). `storage.database_url` picks one ([`open`]). Each engine has its
//! own embedded migrations (`migrations/sqlite/`, `migrations/postgres/`, numbered alike),
//! applied at start; `conformance.rs` runs one test suite against both.

mod claims;
#[cfg(test)]
mod conformance;
pub mod nudges;
pub mod postgres;
pub mod sqlite;

pub use nudges::{
    NudgeClaim, NudgeDone, NudgeFireRow, NudgeNext, NudgeOutcome, NudgeRow, NudgeStore,
};

use std::{path::PathBuf, sync::Arc};

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use thiserror::Error;

use crate::error::Cause;
use crate::ids::{ChannelId, GuildId, MessageId, ReminderId, RoleId, UserId};
pub use crate::shards::ShardSet;

pub use postgres::PostgresStore;
pub use sqlite::SqliteStore;

/// What `storage.database_url` names: an SQLite file, or a PostgreSQL database.
#[derive(Clone, PartialEq, Eq)]
pub enum DatabaseUrl {
    /// `sqlite:PATH` (or `sqlite://PATH`).
    Sqlite(PathBuf),
    /// `postgres://user:password@host:port/database` (or `postgresql://`), kept whole.
    Postgres(String),
}

impl std::fmt::Debug for DatabaseUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never the password, whoever prints it.
        match self {
            DatabaseUrl::Sqlite(path) => write!(f, "Sqlite({path:?})"),
            DatabaseUrl::Postgres(url) => write!(f, "Postgres({:?})", redact_url(url)),
        }
    }
}

impl DatabaseUrl {
    /// Reads the URL's shape without connecting; the error is why not, without the URL (it may
    /// hold a password).
    pub fn parse(url: &str) -> Result<Self, &'static str> {
        if let Some(path) = url.strip_prefix("sqlite:") {
            let path = path.strip_prefix("//").unwrap_or(path);
            if path.is_empty() {
                return Err("sqlite: needs a file path, as in sqlite:data/stretchbot.db");
            }
            return Ok(DatabaseUrl::Sqlite(PathBuf::from(path)));
        }
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            return match url.parse::<tokio_postgres::Config>() {
                Ok(_) => Ok(DatabaseUrl::Postgres(url.to_owned())),
                Err(_) => Err("is not a valid PostgreSQL URL \
                     (postgres://user:password@host:port/database)"),
            };
        }
        Err("must be sqlite:PATH or postgres://user:password@host:port/database")
    }
}

/// `url` with the password of its user part replaced by `***`, for logs and errors.
pub fn redact_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(authority_end);
    let authority = match authority.rsplit_once('@') {
        Some((userinfo, host)) => match userinfo.split_once(':') {
            Some((user, _password)) => format!("{user}:***@{host}"),
            None => authority.to_owned(),
        },
        None => authority.to_owned(),
    };
    // A password in the query string (`?password=...`) is hidden too.
    let tail = match tail.split_once('?') {
        Some((path, query)) => {
            let query: Vec<String> = query
                .split('&')
                .map(|kv| match kv.split_once('=') {
                    Some((k, _)) if k.eq_ignore_ascii_case("password") => format!("{k}=***"),
                    _ => kv.to_owned(),
                })
                .collect();
            format!("{path}?{}", query.join("&"))
        }
        None => tail.to_owned(),
    };
    format!("{scheme}://{authority}{tail}")
}

/// Opens (and migrates) the store `url` names. `max_connections` bounds PostgreSQL's pool;
/// SQLite has one connection (and one more that only checkpoints, see `sqlite_checkpoint.rs`).
pub async fn open(url: &str, max_connections: u32) -> Result<Arc<dyn Store>, StoreError> {
    let parsed = DatabaseUrl::parse(url).map_err(|why| StoreError::Open {
        path: redact_url(url),
        cause: why.into(),
    })?;
    Ok(match parsed {
        DatabaseUrl::Sqlite(path) => {
            // Opening may wait on another process's lock (busy timeout): off the runtime.
            let store = tokio::task::spawn_blocking(move || SqliteStore::open(&path))
                .await
                .map_err(|e| StoreError::Database(e.into()))??;
            Arc::new(store)
        }
        DatabaseUrl::Postgres(url) => Arc::new(PostgresStore::open(&url, max_connections).await?),
    })
}

/// Why the store could not do what was asked. The driver's own error is kept as the source.
#[derive(Debug, Error)]
pub enum StoreError {
    /// A uniqueness rule refused the write (e.g. a second running session in a channel).
    #[error("a uniqueness rule refused the write")]
    Conflict(#[source] Cause),
    #[error("database error")]
    Database(#[source] Cause),
    #[error("cannot open the database at {path}")]
    Open {
        path: String,
        #[source]
        cause: Cause,
    },
    /// The file was written by a newer build, whose schema this one does not know.
    #[error(
        "the database has schema version {found}, newer than this build knows ({known}); \
         refusing to run an older stretchbot on it"
    )]
    TooNew { found: usize, known: usize },
}

/// A live session as stored: the session module owns the JSON in `state`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRow {
    pub id: String,
    pub guild_id: GuildId,
    pub channel_id: ChannelId,
    /// `None` for a group stretch a reminder opened (stored as 0).
    pub starter_id: Option<UserId>,
    pub active: bool,
    pub state: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[async_trait]
pub trait Store: NudgeStore + Send + Sync + 'static {
    /// Saves a new running session; [`StoreError::Conflict`] if the channel already has one.
    async fn insert_session(&self, row: &SessionRow) -> Result<(), StoreError>;
    /// Overwrites a session's state and active flag.
    async fn update_session(&self, row: &SessionRow) -> Result<(), StoreError>;
    /// Running sessions of `shards`' servers, oldest first (to resume them after a restart).
    async fn active_sessions(&self, shards: &ShardSet) -> Result<Vec<SessionRow>, StoreError>;
    /// The running session of a channel, if any.
    async fn active_session_in(
        &self,
        channel_id: ChannelId,
    ) -> Result<Option<SessionRow>, StoreError>;
    /// Running sessions in one server.
    async fn count_active_sessions(&self, guild_id: GuildId) -> Result<u32, StoreError>;

    /// A prompt reminder's place and rotation; `None` if never set (place `any`, nothing shown).
    async fn reminder_prompt(&self, id: ReminderId) -> Result<Option<PromptRow>, StoreError>;
    /// Every place set in one server, by reminder (for `/reminders list`); a reminder missing
    /// here is `any`.
    async fn guild_reminder_places(
        &self,
        guild_id: GuildId,
    ) -> Result<Vec<(ReminderId, String)>, StoreError>;
    /// Sets where the reminder's prompts may send people (`desk`, `floor` or `any`); keeps the
    /// rotation.
    async fn set_reminder_place(&self, id: ReminderId, place: &str) -> Result<(), StoreError>;
    /// Records the rotation after a pick; keeps the place, and never touches the reminder's
    /// revision (a fire in progress holds it).
    async fn set_reminder_rotation(&self, id: ReminderId, rotation: &str)
        -> Result<(), StoreError>;

    /// The server's own time zone, if its admins set one.
    async fn guild_timezone(&self, guild_id: GuildId) -> Result<Option<String>, StoreError>;
    async fn set_guild_timezone(&self, guild_id: GuildId, tz: &str) -> Result<(), StoreError>;
    /// The language the server's channel posts use (a Discord locale code), if its admins set
    /// one with `/reminders language`.
    async fn guild_language(&self, guild_id: GuildId) -> Result<Option<String>, StoreError>;
    async fn set_guild_language(&self, guild_id: GuildId, code: &str) -> Result<(), StoreError>;
    /// The server's own Discord language (`preferred_locale`) as last recorded, if any.
    async fn guild_discord_locale(&self, guild_id: GuildId) -> Result<Option<String>, StoreError>;
    /// The bot is in the server (GUILD_CREATE, GUILD_UPDATE): no longer due for the purge, and
    /// its Discord language recorded when given (`None` keeps the recorded one). One write.
    async fn set_guild_present(
        &self,
        guild_id: GuildId,
        discord_locale: Option<&str>,
    ) -> Result<(), StoreError>;
    /// The bot left (`Some(when)`) or is back (`None`).
    async fn set_guild_removed(
        &self,
        guild_id: GuildId,
        removed_at: Option<DateTime<Utc>>,
    ) -> Result<(), StoreError>;
    /// Deletes every row of servers that removed the bot before `cutoff`; returns how many servers.
    async fn purge_removed_before(&self, cutoff: DateTime<Utc>) -> Result<u32, StoreError>;

    // --- reminders ---
    // Written by the reminders module (`crate::reminders`); rows are plain data here.

    /// Saves a new reminder, giving it the next global id and the next per-server number, unless
    /// the server already has `max_per_guild` (then `None`, nothing saved). Atomic, so two admins
    /// (or two instances) adding at once cannot pass the limit together.
    async fn insert_reminder(
        &self,
        row: &ReminderRow,
        max_per_guild: u32,
    ) -> Result<Option<ReminderRow>, StoreError>;
    /// A server's reminder by the number admins type.
    async fn reminder(
        &self,
        guild_id: GuildId,
        number: u32,
    ) -> Result<Option<ReminderRow>, StoreError>;
    async fn reminder_by_id(&self, id: ReminderId) -> Result<Option<ReminderRow>, StoreError>;
    /// A server's reminders, by number.
    async fn guild_reminders(&self, guild_id: GuildId) -> Result<Vec<ReminderRow>, StoreError>;
    /// Overwrites what admins control plus the pending fire, if `row.rev` is still the stored
    /// revision; bumps the revision. `false`: the row changed (or went) meanwhile, nothing written.
    async fn update_reminder(&self, row: &ReminderRow) -> Result<bool, StoreError>;
    /// Deletes a reminder and its fire records; `false` if it was already gone.
    async fn delete_reminder(&self, id: ReminderId) -> Result<bool, StoreError>;
    /// Reminders of `shards`' servers whose pending fire is at or before `now`, earliest first.
    async fn due_reminders(
        &self,
        now: DateTime<Utc>,
        limit: u32,
        shards: &ShardSet,
    ) -> Result<Vec<ReminderRow>, StoreError>;
    /// The earliest pending fire of the reminders of `shards`' servers (what the firing loop
    /// sleeps until).
    async fn earliest_reminder_fire(
        &self,
        shards: &ShardSet,
    ) -> Result<Option<DateTime<Utc>>, StoreError>;
    /// Claims one fire for posting (see [`ClaimOutcome`]); on success the reminder's pending
    /// fire moves to the lease end, so other instances do not wake for it meanwhile.
    async fn claim_reminder_fire(&self, claim: &FireClaim) -> Result<ClaimOutcome, StoreError>;
    /// Records how a claimed fire ended and sets the reminder's next pending fire (the latter only
    /// if `rev` is unchanged). One transaction, and only while the fire is still `claimed` by
    /// `done.claimed_by` at `done.attempt`: `false` means the claim was lost (its lease ended and
    /// another claimer took the fire over, or it was settled meanwhile) and nothing was written.
    async fn finish_reminder_fire(&self, done: &FireDone) -> Result<bool, StoreError>;
    /// Extends a claimed fire's lease to `renewal.until` if `renewal.claimed_by` still holds it
    /// as attempt `renewal.attempt`. A send that may outlast the lease (a group stretch's lobby,
    /// which cannot be cut off half-way) renews it, so that no other copy takes the fire over
    /// meanwhile. `false`: the claim is no longer this one's.
    async fn renew_fire_claim(&self, renewal: &FireRenewal) -> Result<bool, StoreError>;
    /// Moves the pending fire without a fire record (nothing to post), if `rev` is unchanged.
    async fn set_reminder_next(
        &self,
        id: ReminderId,
        rev: u64,
        next: Option<(DateTime<Utc>, chrono::NaiveDate)>,
    ) -> Result<bool, StoreError>;
    /// Marks `skipped_date` as done without posting and saves `row` (as [`Store::update_reminder`]),
    /// together. `false`: the row changed meanwhile, nothing written.
    async fn skip_reminder_fire(
        &self,
        row: &ReminderRow,
        skipped_date: chrono::NaiveDate,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError>;
    /// Records the Discord scheduled event that mirrors a reminder (no revision bump).
    async fn set_reminder_event(
        &self,
        id: ReminderId,
        event_id: Option<u64>,
    ) -> Result<(), StoreError>;
    /// The bot left a server: its reminders stop firing at once. Returns how many.
    async fn stop_guild_reminders(
        &self,
        guild_id: GuildId,
        now: DateTime<Utc>,
    ) -> Result<u32, StoreError>;
    /// Active reminders with no pending fire, or wanting a scheduled event they do not have:
    /// what the hourly safety pass repairs.
    /// Only `shards`' servers.
    async fn reminders_to_repair(
        &self,
        limit: u32,
        shards: &ShardSet,
    ) -> Result<Vec<ReminderRow>, StoreError>;
    /// The record of one fire, if any.
    async fn reminder_fire(
        &self,
        reminder_id: ReminderId,
        local_date: chrono::NaiveDate,
    ) -> Result<Option<FireRow>, StoreError>;
    /// Deletes fire records older than `before` (they only guard against duplicates for a day).
    async fn purge_reminder_fires_before(
        &self,
        before: chrono::NaiveDate,
    ) -> Result<u64, StoreError>;

    // --- several copies on one database (`crate::cluster`) ---

    /// Takes or renews the lease on a shard until `lease.until`: granted when nobody holds it,
    /// its holder's lease ended at or before `lease.now`, or `lease.instance` holds it already.
    /// `false`: another copy holds it.
    async fn take_lease(&self, lease: &LeaseRequest) -> Result<bool, StoreError>;
    /// Gives a shard's lease up at once if `instance` holds it (a clean shutdown), so that a
    /// standby need not wait for it to expire.
    async fn release_lease(&self, shard: ShardKey, instance: &str) -> Result<(), StoreError>;
    /// Records that `instance` acts on interaction `interaction_id`. `false`: another copy
    /// claimed it first, and this one must say nothing.
    async fn claim_interaction(
        &self,
        interaction_id: u64,
        instance: &str,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError>;
    /// Forgets interaction claims older than `before` (Discord never re-sends an interaction after
    /// its 15-minute token has expired).
    async fn purge_interaction_claims_before(
        &self,
        before: DateTime<Utc>,
    ) -> Result<u64, StoreError>;

    // --- check-ins and stats (`crate::stats`) ---

    /// Records that a person stretched; `true` if new, `false` if this person already checked in
    /// for this source (a second press, a session finishing again after a restart).
    async fn record_checkin(&self, checkin: &CheckIn) -> Result<bool, StoreError>;
    /// How many people checked in for one source (the count a prompt shows).
    async fn count_checkins(&self, source: &CheckinSource) -> Result<u32, StoreError>;
    /// A person's check-ins at or after `since`, oldest first.
    async fn user_checkins(
        &self,
        user_id: UserId,
        since: DateTime<Utc>,
    ) -> Result<Vec<CheckIn>, StoreError>;
    /// A server's check-ins at or after `since`, oldest first.
    async fn guild_checkins(
        &self,
        guild_id: GuildId,
        since: DateTime<Utc>,
    ) -> Result<Vec<CheckIn>, StoreError>;
    /// Whether a person is named in a server's `/stats server` (`/stats share on|off`).
    async fn set_stats_sharing(
        &self,
        user_id: UserId,
        guild_id: GuildId,
        share: bool,
    ) -> Result<(), StoreError>;
    /// The people of a server who chose to be named in its stats.
    async fn stats_sharers(&self, guild_id: GuildId) -> Result<Vec<UserId>, StoreError>;
    /// Deletes every row about a person (`/stats forget-me`): check-ins, stats sharing, nudge
    /// settings and records, their language; in one transaction; returns how many rows went.
    async fn forget_person(&self, user_id: UserId) -> Result<u64, StoreError>;
    /// Deletes check-ins that happened before `before` (the retention period).
    async fn purge_checkins_before(&self, before: DateTime<Utc>) -> Result<u64, StoreError>;
}

/// The language of server `guild`'s channel posts ([`crate::i18n::server_locale`]): the one its
/// admins set, else its Discord language (`fresh` when an interaction just gave it, else the
/// recorded one), else English. A store failure posts in English rather than not at all.
pub async fn server_locale(
    store: &dyn Store,
    guild: GuildId,
    fresh: Option<&str>,
) -> crate::i18n::Locale {
    let warn = |e: StoreError| {
        tracing::warn!(guild_id = guild.get(), error = %crate::error::chain(&e), "cannot read the server's language; using what is known");
        None
    };
    let set = store.guild_language(guild).await.unwrap_or_else(warn);
    let recorded = match (fresh, &set) {
        // Only needed when the admins set nothing and no interaction said.
        (None, None) => store.guild_discord_locale(guild).await.unwrap_or_else(warn),
        _ => None,
    };
    crate::i18n::server_locale(set.as_deref(), fresh.or(recorded.as_deref()))
}

// --- column mappings both engines use ---

/// A server's own text settings, each a column of `guilds`.
#[derive(Debug, Clone, Copy)]
pub(crate) enum GuildSetting {
    Timezone,
    Language,
    DiscordLocale,
}

impl GuildSetting {
    pub(crate) fn column(self) -> &'static str {
        match self {
            Self::Timezone => "timezone",
            Self::Language => "language",
            Self::DiscordLocale => "discord_locale",
        }
    }
}

/// The SQL condition (the same in both engines) that keeps the rows of `shards`' servers, whose
/// id is in `column`: Discord's rule, `(id >> 22) % count`, so that changing the shard count
/// needs no migration. Only integers go into the text.
pub(crate) fn shard_condition(shards: &ShardSet, column: &str) -> String {
    if shards.is_everything() {
        return "1 = 1".into();
    }
    if shards.is_empty() {
        return "1 = 0".into();
    }
    let ids: Vec<String> = shards.ids().iter().map(u32::to_string).collect();
    format!(
        "(({column} >> 22) % {}) IN ({})",
        shards.count(),
        ids.join(", ")
    )
}

/// Snowflakes fit in 63 bits, so ids are stored as signed 64-bit integers (compact indexes).
pub(crate) fn id_to_sql(id: impl Into<u64>) -> i64 {
    id.into() as i64
}

pub(crate) fn id_from_sql<T: From<u64>>(v: i64) -> T {
    T::from(v as u64)
}

/// `sessions.starter_id` is NOT NULL: a session nobody started (a reminder opened it) stores 0.
pub(crate) fn starter_to_sql(starter: Option<UserId>) -> i64 {
    starter.map_or(0, id_to_sql)
}

pub(crate) fn starter_from_sql(v: i64) -> Option<UserId> {
    (v != 0).then(|| id_from_sql(v))
}

// --- several copies ---

/// A shard as Discord numbers it: `id` of `count`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ShardKey {
    pub id: u32,
    pub count: u32,
}

/// A request to hold one shard's lease.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeaseRequest {
    pub shard: ShardKey,
    pub instance: String,
    pub now: DateTime<Utc>,
    pub until: DateTime<Utc>,
}

// --- reminders ---

/// A reminder as stored. The reminders module owns the meaning of the text columns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReminderRow {
    /// Global id: message nonces and button ids use it. Ignored by [`Store::insert_reminder`].
    pub id: ReminderId,
    pub guild_id: GuildId,
    /// The small per-server id admins type. Ignored by [`Store::insert_reminder`].
    pub number: u32,
    pub channel_id: ChannelId,
    pub channel_name: String,
    /// `HH:MM`.
    pub time_of_day: String,
    /// `DaySet` bits.
    pub days: u8,
    pub timezone: String,
    /// `prompt` or `group`.
    pub kind: String,
    pub message: Option<String>,
    pub ping_role_id: Option<RoleId>,
    pub routine_id: String,
    pub event_enabled: bool,
    pub event_id: Option<u64>,
    pub paused: bool,
    pub flagged: Option<String>,
    pub stopped: bool,
    /// When the firing loop should look at this reminder next; `None` while it is not armed.
    pub next_fire_at: Option<DateTime<Utc>>,
    /// The local date of the pending fire.
    pub next_fire_date: Option<chrono::NaiveDate>,
    pub rev: u64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// What a prompt reminder suggests: [`Store::reminder_prompt`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PromptRow {
    /// `desk`, `floor` or `any`.
    pub place: String,
    /// The rotation as `reminders::rotation` writes it; empty before the first pick.
    pub rotation: String,
}

/// Where one fire stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FireStatus {
    /// Someone is posting it, until the lease ends.
    Claimed,
    /// A post failed transiently; anyone may try again after the lease (retry time).
    Retry,
    Posted,
    /// Skipped on an admin's request.
    Skipped,
    /// Given up (channel gone, message refused, grace period over).
    Failed,
}

impl FireStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            FireStatus::Claimed => "claimed",
            FireStatus::Retry => "retry",
            FireStatus::Posted => "posted",
            FireStatus::Skipped => "skipped",
            FireStatus::Failed => "failed",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "claimed" => FireStatus::Claimed,
            "retry" => FireStatus::Retry,
            "posted" => FireStatus::Posted,
            "skipped" => FireStatus::Skipped,
            "failed" => FireStatus::Failed,
            _ => return None,
        })
    }

    /// Nothing more will happen to this fire.
    pub fn is_settled(self) -> bool {
        matches!(
            self,
            FireStatus::Posted | FireStatus::Skipped | FireStatus::Failed
        )
    }
}

/// A request to own one fire of a reminder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FireClaim {
    pub reminder_id: ReminderId,
    /// The revision the claimer read; a changed reminder is not claimed.
    pub rev: u64,
    pub local_date: chrono::NaiveDate,
    pub now: DateTime<Utc>,
    pub lease_until: DateTime<Utc>,
    /// Who claims (an instance id, for logs).
    pub instance: String,
}

/// The answer to a [`FireClaim`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClaimOutcome {
    /// Ours to post; `attempt` counts from 1 (a retry or a take-over of an expired lease is > 1).
    /// `first_claimed_at`: when attempt 1 claimed it (the claim's `now` for attempt 1), so the
    /// claimer knows whether Discord may still remember the fire's nonce.
    Claimed {
        attempt: u32,
        first_claimed_at: DateTime<Utc>,
    },
    /// Someone else holds it, or its retry time has not come.
    Busy,
    /// Already settled.
    Settled(FireStatus),
    /// The reminder changed (edited, paused, removed) since it was read.
    Stale,
}

/// How a claimed fire ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FireDone {
    pub reminder_id: ReminderId,
    pub rev: u64,
    pub local_date: chrono::NaiveDate,
    /// The claimer finishing it ([`FireClaim::instance`]) and the attempt its claim was given
    /// ([`ClaimOutcome::Claimed`]): only the current claim may finish a fire.
    pub claimed_by: String,
    pub attempt: u32,
    /// `Posted`, `Failed` or `Retry`.
    pub status: FireStatus,
    pub message_id: Option<MessageId>,
    /// With `Retry`: when to try again.
    pub retry_at: Option<DateTime<Utc>>,
    /// The reminder's next pending fire (`None` disarms it).
    pub next: Option<(DateTime<Utc>, chrono::NaiveDate)>,
    pub now: DateTime<Utc>,
}

/// A claimer extending its claim on one fire.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FireRenewal {
    pub reminder_id: ReminderId,
    pub local_date: chrono::NaiveDate,
    pub claimed_by: String,
    pub attempt: u32,
    pub until: DateTime<Utc>,
}

/// The record of one fire.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FireRow {
    pub reminder_id: ReminderId,
    pub guild_id: GuildId,
    pub local_date: chrono::NaiveDate,
    pub status: FireStatus,
    pub attempts: u32,
    pub message_id: Option<MessageId>,
    pub claimed_by: String,
}

// --- check-ins ---

/// What a person checked in for: one check-in per person per source.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum CheckinSource {
    /// "I stretched" on one day's prompt of a reminder (the fire's id: reminder and local date).
    Prompt {
        reminder_id: ReminderId,
        local_date: chrono::NaiveDate,
    },
    /// A live session the person was in when it finished.
    Session { session_id: String },
    /// Done on a nudge; the slot key is the nudges' own.
    Nudge { slot: String },
}

impl CheckinSource {
    /// The stored form: `prompt:<reminder id>:<YYYY-MM-DD>`, `session:<id>`, `nudge:<slot>`.
    pub fn key(&self) -> String {
        match self {
            CheckinSource::Prompt {
                reminder_id,
                local_date,
            } => format!("prompt:{reminder_id}:{local_date}"),
            CheckinSource::Session { session_id } => format!("session:{session_id}"),
            CheckinSource::Nudge { slot } => format!("nudge:{slot}"),
        }
    }

    /// Reads [`CheckinSource::key`] back; `None` for anything else.
    pub fn parse(key: &str) -> Option<Self> {
        let (kind, rest) = key.split_once(':')?;
        if rest.is_empty() {
            return None;
        }
        Some(match kind {
            "prompt" => {
                let (id, date) = rest.split_once(':')?;
                CheckinSource::Prompt {
                    reminder_id: id.parse().ok()?,
                    local_date: date.parse().ok()?,
                }
            }
            "session" => CheckinSource::Session {
                session_id: rest.to_owned(),
            },
            "nudge" => CheckinSource::Nudge {
                slot: rest.to_owned(),
            },
            _ => return None,
        })
    }
}

/// One person having stretched once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckIn {
    pub user_id: UserId,
    /// `None` for a nudge answered in DMs.
    pub guild_id: Option<GuildId>,
    pub source: CheckinSource,
    pub at: DateTime<Utc>,
    /// About how long the stretch took.
    pub minutes: u32,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checkin_sources_read_back_as_written() {
        for source in [
            CheckinSource::Prompt {
                reminder_id: ReminderId::new(42),
                local_date: "2026-11-24".parse().unwrap(),
            },
            CheckinSource::Session {
                session_id: "AbC:12".into(),
            },
            CheckinSource::Nudge {
                slot: "2026-11-24T09:00".into(),
            },
        ] {
            assert_eq!(CheckinSource::parse(&source.key()), Some(source.clone()));
        }
        for bad in ["", "prompt:", "prompt:x:2026-11-24", "session:", "other:1"] {
            assert_eq!(CheckinSource::parse(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn redact_url_hides_the_password_and_keeps_the_rest() {
        for (url, shown) in [
            (
                "postgres://bot:p%40ss:w@db:5432/x?sslmode=disable",
                "postgres://bot:***@db:5432/x?sslmode=disable",
            ),
            ("postgresql://bot@db/x", "postgresql://bot@db/x"),
            (
                "postgres://db/x?password=hunter2&user=u",
                "postgres://db/x?password=***&user=u",
            ),
            ("postgres://u:hunter2@db", "postgres://u:***@db"),
            ("sqlite:data/bot.db", "sqlite:data/bot.db"),
        ] {
            assert_eq!(redact_url(url), shown);
        }
    }

    #[tokio::test]
    async fn an_unreachable_server_is_an_open_error_without_the_password() {
        // Port 1 on loopback: nothing listens, so the connection is refused at once.
        let Err(err) = open("postgres://bot:hunter2@127.0.0.1:1/x", 1).await else {
            panic!("opened a database on port 1");
        };
        let text = crate::error::chain(&err);
        assert!(matches!(err, StoreError::Open { .. }), "{text}");
        assert!(text.contains("bot:***@127.0.0.1:1/x"), "{text}");
        assert!(!text.contains("hunter2"), "{text}");
    }
}
