//! The Discord adapter, and the only module that imports serenity and poise: the slash commands
//! ([`commands`]), gateway events and buttons ([`events`]), and the one sending layer
//! ([`sender`]) that every post, edit and interaction reply goes through.

mod autocomplete;
pub mod commands;
mod events;
pub mod gateway;
pub mod payload;
mod reply;
pub mod scheduled_events;
pub mod sender;

use std::sync::Arc;

use crate::{
    clock::SharedClock,
    config::Settings,
    content::{Library, Routine},
    session::SessionManager,
    store::Store,
};

pub use gateway::start;
pub use sender::Sender;

/// What every command and event handler can reach.
pub struct Bot {
    pub settings: Settings,
    pub library: Arc<Library>,
    pub store: Arc<dyn Store>,
    pub sender: Arc<Sender>,
    pub clock: SharedClock,
    pub sessions: Arc<SessionManager>,
    /// Admin notices; gets serenity's cache once the gateway is up.
    pub notices: Arc<scheduled_events::DiscordNotices>,
    pub reminders: Arc<crate::reminders::ReminderService>,
}

impl Bot {
    /// The routine `/childspose` shows (validated at start to exist).
    pub fn default_routine(&self) -> Option<&Routine> {
        self.library.get(&self.settings.content.default_routine)
    }
}

pub type Error = anyhow::Error;
pub type Ctx<'a> = poise::Context<'a, Arc<Bot>, Error>;

/// A mistake of the person using a command: the sentence they see, ephemerally. Anything else
/// is logged with its cause and the person sees [`APOLOGY`].
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UserError(pub String);

/// What a person sees when something broke on our side.
pub const APOLOGY: &str = "Sorry, something went wrong on our side. Please try again in a moment.";

/// Returns early from a command with a sentence for the person.
pub fn user_error(sentence: impl Into<String>) -> Error {
    UserError(sentence.into()).into()
}
