//! Live group stretch sessions: `/stretch start`, a lobby people join, then the bot leads the
//! routine in the channel step by step, on time to the second.
//!
//! - [`manager`]: [`SessionManager`], the API the Discord adapter calls (start, join, one
//!   `control` for the buttons and the control commands, shutdown, resume after a restart);
//! - `runner`: the one task per session that posts each event at its deadline;
//! - `live`: what the manager and the tasks share (the registry, each session's locked state,
//!   the wake-up and the notices a control leaves for its task);
//! - [`messages`]: every message a session posts, as Discord-free [`crate::message::OutMessage`]s,
//!   built from one [`messages::SessionView`];
//! - [`state`]: the JSON persisted in the store;
//! - [`timeline`]: the pure plan and timeline (due times, pauses, skips, catch-up), no clock;
//! - [`spacing`]: start instants for sessions opened together;
//! - `tests/` (tests only): the session tests under paused time.
//!
//! The folder layers one way; a module imports only modules below it:
//! `manager` -> `runner` -> `live` -> `state` -> `timeline`, with `messages` (above `state`) used
//! by `manager` and `runner`, and `spacing` by `manager` alone.
//!
//! Errors come in two tiers: [`SessionError::User`] is the one sentence the person sees
//! (ephemeral); [`SessionError::Internal`] is logged and the person sees [`APOLOGY`].

mod live;
pub mod manager;
pub mod messages;
mod runner;
pub mod spacing;
pub mod state;
pub mod timeline;

#[cfg(test)]
mod tests;

use thiserror::Error;

use crate::error::{Internal, UserMessage, APOLOGY};

pub use crate::buttons::Action;
pub use manager::{
    ResumeReport, Scheduled, SessionInfo, SessionManager, SessionPhase, StartRequest, Started,
    Target,
};

#[derive(Debug, Error)]
pub enum SessionError {
    /// The one sentence to show the person (ephemeral).
    #[error("{0}")]
    User(UserMessage),
    /// The bot cannot post in the channel (deleted, or permissions lost): the sentence to show,
    /// and for callers such as reminders, the cue to pause rather than retry.
    #[error("{sentence}")]
    ChannelGone {
        sentence: UserMessage,
        #[source]
        cause: crate::post::PostError,
    },
    /// Logged with its cause; the person sees [`APOLOGY`].
    #[error(transparent)]
    Internal(#[from] Internal),
}

impl SessionError {
    pub(crate) fn user(sentence: impl Into<String>) -> Self {
        SessionError::User(UserMessage::new(sentence))
    }

    /// The sentence to show the person who asked.
    pub fn user_message(&self) -> &str {
        match self {
            SessionError::User(sentence) | SessionError::ChannelGone { sentence, .. } => {
                sentence.as_str()
            }
            SessionError::Internal(_) => APOLOGY,
        }
    }
}

/// The answer shown to the person who clicked or typed (ephemeral). Everything the channel sees
/// is posted by the session itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    pub text: String,
}

impl Reply {
    pub(crate) fn new(text: impl Into<String>) -> Self {
        Self { text: text.into() }
    }
}
