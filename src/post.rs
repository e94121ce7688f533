//! The port through which sessions and reminders post: a small trait, implemented by the Discord
//! sending layer in production and by recording fakes in unit tests.

use async_trait::async_trait;
use thiserror::Error;

pub use crate::ids::MessageId;
use crate::{ids::ChannelId, message::OutMessage};

/// Why a post did not happen. The sending layer has already retried what was worth retrying.
#[derive(Debug, Clone, Error, PartialEq, Eq)]
pub enum PostError {
    /// The channel (or message, or event) is gone or the bot may no longer post there: a 403 or
    /// 404 carrying one of Discord's codes for that (50001, 50013, 10003, 10008, ...). Never
    /// retried; the caller stops what it was doing there.
    #[error("the channel is gone or the bot lost access to it ({status} {code})")]
    Gone { status: u16, code: u32 },
    /// Discord asked us to wait longer than the post is worth waiting for.
    #[error("rate limited for {0} s, longer than the post is worth waiting")]
    RateLimitedTooLong(u64),
    /// Discord refused the message itself (400): a bug on our side, logged.
    #[error("Discord refused the message: {0}")]
    Rejected(String),
    /// Retries ran out (5xx, timeouts, connection errors).
    #[error("Discord could not be reached: {0}")]
    Unavailable(String),
}

impl PostError {
    /// A 404: the target itself no longer exists (rather than the bot lacking access to it).
    pub fn is_not_found(&self) -> bool {
        matches!(self, PostError::Gone { status: 404, .. })
    }
}

/// How urgent a post is when posts compete for Discord's global request budget. Interaction
/// answers have no lane: they never wait for the budget.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lane {
    /// Session steps, notices and wrap-ups, and lookups a person's answer waits on: late means
    /// wrong.
    Live,
    /// Daily prompts and group lobbies: due on their minute.
    Scheduled,
    /// Lobby edits, scheduled-event sync, admin notices: can wait.
    Background,
}

/// A new message for a channel.
#[derive(Debug, Clone)]
pub struct Post {
    pub lane: Lane,
    pub channel_id: ChannelId,
    pub message: OutMessage,
}

/// New content, cards and buttons for a message already posted.
#[derive(Debug, Clone)]
pub struct Edit {
    pub lane: Lane,
    pub channel_id: ChannelId,
    pub message_id: MessageId,
    pub message: OutMessage,
}

/// Each call takes one request value, so the sending layer and the test fakes keep a short
/// signature however many fields a request grows.
#[async_trait]
pub trait Poster: Send + Sync {
    /// Posts a new message in a channel. `Ok(None)`: Discord took it (a 2xx answer) but the
    /// answer could not be read, so the message is there and its id is unknown. It is posted,
    /// never a failure: re-posting would duplicate it. What needs the id (editing a lobby,
    /// linking to it) does without.
    async fn post(&self, post: Post) -> Result<Option<MessageId>, PostError>;
    /// Replaces a message's content, cards and buttons.
    async fn edit(&self, edit: Edit) -> Result<(), PostError>;
}
