//! Persistence behind the [`Store`] trait, so that a Postgres implementation can sit beside the
//! SQLite one ([`sqlite::SqliteStore`]). Migrations are embedded and applied at start.

pub mod sqlite;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use thiserror::Error;

pub use sqlite::SqliteStore;

#[derive(Debug, Error)]
pub enum StoreError {
    /// A uniqueness rule refused the write (e.g. a second running session in a channel).
    #[error("conflict: {0}")]
    Conflict(String),
    #[error("database error: {0}")]
    Database(String),
    #[error("cannot open the database at {path}: {message}")]
    Open { path: String, message: String },
}

/// A live session as stored: the session module owns the JSON in `state`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRow {
    pub id: String,
    pub guild_id: u64,
    pub channel_id: u64,
    pub starter_id: u64,
    pub active: bool,
    pub state: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[async_trait]
pub trait Store: Send + Sync + 'static {
    /// Saves a new running session; [`StoreError::Conflict`] if the channel already has one.
    async fn insert_session(&self, row: &SessionRow) -> Result<(), StoreError>;
    /// Overwrites a session's state and active flag.
    async fn update_session(&self, row: &SessionRow) -> Result<(), StoreError>;
    /// Running sessions, oldest first (to resume them after a restart).
    async fn active_sessions(&self) -> Result<Vec<SessionRow>, StoreError>;
    /// The running session of a channel, if any.
    async fn active_session_in(&self, channel_id: u64) -> Result<Option<SessionRow>, StoreError>;
    /// Running sessions in one server.
    async fn count_active_sessions(&self, guild_id: u64) -> Result<u32, StoreError>;

    /// The server's own time zone, if its admins set one.
    async fn guild_timezone(&self, guild_id: u64) -> Result<Option<String>, StoreError>;
    async fn set_guild_timezone(&self, guild_id: u64, tz: &str) -> Result<(), StoreError>;
    /// The bot left (`Some(when)`) or is back (`None`).
    async fn set_guild_removed(
        &self,
        guild_id: u64,
        removed_at: Option<DateTime<Utc>>,
    ) -> Result<(), StoreError>;
    /// Deletes every row of servers that removed the bot before `cutoff`; returns how many servers.
    async fn purge_removed_before(&self, cutoff: DateTime<Utc>) -> Result<u32, StoreError>;
}
