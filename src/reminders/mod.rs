//! Reminders: daily stretch prompts and scheduled group stretches that server admins set, kept
//! in the store so they survive restarts, downtime, daylight-saving changes and a second instance
//! on the same database.
//!
//! How a reminder fires:
//!
//! - Each row carries its pending fire (`next_fire_at`, UTC, indexed). ONE loop
//!   ([`ReminderService::run`]) sleeps until the earliest of them (an absolute deadline read from
//!   the [`Clock`](crate::clock::Clock), recomputed on every wake, never longer than
//!   [`MAX_NAP`](service::MAX_NAP)) or until a change wakes it or a fire ends, and starts what
//!   is due with bounded concurrency (`reminders.max_concurrent_fires`) without waiting for the
//!   fires already in flight: a slow send holds one slot, never the loop. 100,000 reminders cost one index lookup per wake, not 100,000
//!   timers. Next fires come from [`Schedule::next_fire`](crate::schedule::Schedule::next_fire),
//!   which is DST-correct; tokio-cron-scheduler only runs UTC housekeeping (retention purge,
//!   hourly repair), because it does wall-time arithmetic wrong across DST.
//! - Exactly once: a fire is claimed in `reminder_fires` (primary key `(reminder_id,
//!   local_date)`) before anything is posted, and posted with a nonce derived from that key, so
//!   ticks, restarts and instances never post the same prompt twice. Only the current claimer
//!   may finish a fire; a send is given up `reminders.send_deadline_secs` after its claim, before
//!   the lease (`reminders.claim_lease_secs`) ends. A transient failure is retried (same nonce)
//!   within the grace period, and a claimer that vanished is taken over when its lease ends, but
//!   only while Discord still remembers the nonce (`reminders.nonce_safe_secs` after the first
//!   attempt); past that the fire is recorded failed and logged, never risked twice.
//! - After downtime, [`catch_up`](crate::schedule::catch_up) decides: a fire missed by less than
//!   `reminders.grace_secs` is posted once, late; older ones are logged and skipped. Never a burst.
//! - A channel that is gone or no longer allows posting ([`PostError::Gone`]) pauses the reminder
//!   with a flag, tells the server's admins (best effort, through [`AdminNotifier`]) and is never
//!   retried.
//!
//! Everything here is free of Discord types: the adapter (`crate::discord`) implements the ports
//! ([`EventsPort`], [`GroupStarter`], [`AdminNotifier`], [`GuildView`]) and renders options in.
//!
//! The files, top layer first (each uses only those below it, and this file's ports):
//!
//! - `service.rs`: [`ReminderService`], the handle the bot holds: the `/reminders` operations,
//!   their one compare-and-set helper, and the loop; it owns and wires the parts below.
//! - `firing.rs`: one pass over the due reminders: claim, deliver (prompt or lobby), finish.
//! - `housekeeping.rs`: the UTC cron jobs: retention purge and hourly repair.
//! - `event_sync.rs`: keeps each group reminder's Discord scheduled event in step with it.
//! - `admin.rs`: the checks on admins' input, and the row each operation leaves behind.
//! - `model.rs`, `prompt.rs`: the values, and what gets posted and shown (pure functions).
//! - `sessions.rs`: the [`GroupStarter`] backed by the session manager.

mod admin;
mod event_sync;
mod firing;
mod housekeeping;
pub mod model;
pub mod prompt;
pub mod rotation;
pub mod service;
pub mod sessions;
#[cfg(test)]
mod tests;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use thiserror::Error;
use tracing::info;

use crate::{
    error::{Internal, UserMessage, APOLOGY},
    ids::{ChannelId, GuildId, MessageId, ReminderId, RoleId},
    message::OutMessage,
    post::PostError,
    schedule::InputError,
    store::StoreError,
};

pub use model::{
    ChannelInfo, ChannelKind, GuildView, Kind, Reminder, ReminderOptions, RoleInfo, State,
};
pub use service::{ReminderService, ServiceConfig};

/// Why an operation did not happen.
#[derive(Debug, Error)]
pub enum ReminderError {
    /// The person's mistake: this one sentence is what they see.
    #[error("{0}")]
    User(UserMessage),
    /// Our side broke; logged with its cause, the person sees [`APOLOGY`].
    #[error(transparent)]
    Internal(#[from] Internal),
}

impl ReminderError {
    pub(crate) fn user(sentence: impl Into<UserMessage>) -> Self {
        ReminderError::User(sentence.into())
    }

    /// The sentence to show the person who asked.
    pub fn user_message(&self) -> &str {
        match self {
            ReminderError::User(sentence) => sentence.as_str(),
            ReminderError::Internal(_) => APOLOGY,
        }
    }
}

impl From<StoreError> for ReminderError {
    fn from(e: StoreError) -> Self {
        ReminderError::Internal(Internal::new("reminder storage", e))
    }
}

impl From<InputError> for ReminderError {
    fn from(e: InputError) -> Self {
        ReminderError::User(e.into())
    }
}

/// What a group reminder asks the session manager for at its set time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupRequest {
    pub guild_id: GuildId,
    pub channel_id: ChannelId,
    pub routine_id: String,
    pub lobby_secs: u32,
    /// Use as the lobby message's nonce: the same fire retried gives the same nonce, so Discord
    /// never shows two lobbies for one fire.
    pub nonce: String,
    pub reminder_id: ReminderId,
    /// The only role the lobby may ping, if any.
    pub ping_role_id: Option<RoleId>,
    /// The admins' custom line (already sanitised), if any.
    pub message: Option<String>,
}

/// What happened when a group stretch was asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GroupOutcome {
    /// A lobby was posted (its id unknown when Discord's answer could not be read); the
    /// session starts when it closes.
    Started { lobby_message_id: Option<MessageId> },
    /// A session already runs in that channel; `link` points to its message.
    AlreadyRunning { link: String },
}

/// Starts group stretch sessions (implemented by the session manager).
#[async_trait]
pub trait GroupStarter: Send + Sync {
    /// `PostError::Gone`: the channel is gone or closed to the bot. `PostError::Rejected`: group
    /// stretches cannot start at all (the reminder then posts a plain prompt instead).
    async fn start_group(&self, request: GroupRequest) -> Result<GroupOutcome, PostError>;
}

/// A [`GroupStarter`] for when sessions are not wired in: every request is refused, so group
/// reminders fall back to posting a prompt.
#[derive(Debug, Default, Clone, Copy)]
pub struct NoGroupStarter;

#[async_trait]
impl GroupStarter for NoGroupStarter {
    async fn start_group(&self, _request: GroupRequest) -> Result<GroupOutcome, PostError> {
        Err(PostError::Rejected(
            "group stretches are not available yet".into(),
        ))
    }
}

/// A Discord scheduled event mirroring a group reminder's next occurrence (External type: it
/// happens in a text channel, which Discord events cannot point at directly).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventSpec {
    /// 1-100 characters.
    pub name: String,
    /// Up to 1000 characters.
    pub description: String,
    /// Where it happens, e.g. "#stretching"; 1-100 characters.
    pub location: String,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
}

/// Why an event call failed.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum EventError {
    /// The event no longer exists (someone deleted it, or Discord ended it).
    #[error("the scheduled event no longer exists")]
    NotFound,
    /// The bot may not manage events in that server.
    #[error("the bot may not manage events there")]
    Forbidden,
    #[error("{0}")]
    Failed(String),
}

/// Discord scheduled events, as the reminders need them.
#[async_trait]
pub trait EventsPort: Send + Sync {
    /// Creates the event; returns its id.
    async fn create(&self, guild_id: GuildId, event: &EventSpec) -> Result<u64, EventError>;
    async fn update(
        &self,
        guild_id: GuildId,
        event_id: u64,
        event: &EventSpec,
    ) -> Result<(), EventError>;
    async fn delete(&self, guild_id: GuildId, event_id: u64) -> Result<(), EventError>;
}

/// Tells a server's admins about something the bot did on its own (a reminder paused because
/// its channel went away). Best effort: implementations swallow their own failures.
#[async_trait]
pub trait AdminNotifier: Send + Sync {
    async fn notify(&self, guild_id: GuildId, message: OutMessage);
}

/// An [`AdminNotifier`] that only logs, for when no Discord adapter is wired in.
#[derive(Debug, Default, Clone, Copy)]
pub struct LogNotifier;

#[async_trait]
impl AdminNotifier for LogNotifier {
    async fn notify(&self, guild_id: GuildId, message: OutMessage) {
        let text = message
            .cards
            .first()
            .map_or(message.content.as_str(), |c| c.description.as_str());
        info!(
            guild_id = guild_id.get(),
            notice = text,
            "admin notice (not delivered: no notifier)"
        );
    }
}
