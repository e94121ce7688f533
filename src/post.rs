//! The port through which sessions and reminders post: a small trait, implemented by the Discord
//! sending layer in production and by recording fakes in unit tests.

use async_trait::async_trait;
use thiserror::Error;

use crate::message::OutMessage;

/// Why a post did not happen. The sending layer has already retried what was worth retrying.
#[derive(Debug, Clone, Error, PartialEq, Eq)]
pub enum PostError {
    /// The channel is gone or the bot may no longer post there (403/404, 50001/50013/10003):
    /// never retried; the caller stops what it was doing in that channel.
    #[error("the channel is gone or the bot lost access to it ({0})")]
    Gone(String),
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

/// The id of a posted message.
pub type MessageId = u64;

#[async_trait]
pub trait Poster: Send + Sync {
    /// Posts a new message in a channel.
    async fn post(&self, channel_id: u64, message: OutMessage) -> Result<MessageId, PostError>;
    /// Replaces a message's content, cards and buttons.
    async fn edit(
        &self,
        channel_id: u64,
        message_id: MessageId,
        message: OutMessage,
    ) -> Result<(), PostError>;
}
