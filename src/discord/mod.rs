//! The Discord adapter, and the only module that imports serenity and poise: the slash commands
//! ([`commands`]), gateway events and buttons ([`events`]), and the one sending layer
//! ([`sender`]) that every post, edit and interaction reply goes through.

mod autocomplete;
pub mod commands;
mod dms;
mod events;
pub mod gateway;
pub mod health;
pub mod install;
pub mod payload;
mod reply;
pub mod scheduled_events;
pub mod sender;

use std::sync::Arc;

use crate::{
    clock::SharedClock,
    config::Settings,
    content::{Library, Routine},
    error::UserMessage,
    reminders::ReminderError,
    session::{SessionError, SessionManager},
    store::Store,
};

pub use gateway::start;
pub use sender::Sender;

/// What every command and event handler can reach.
pub struct Bot {
    pub settings: Settings,
    pub library: Arc<Library>,
    /// Every sentence in every language (`content/locales/`).
    pub texts: Arc<crate::i18n::Texts>,
    pub store: Arc<dyn Store>,
    pub sender: Arc<Sender>,
    pub clock: SharedClock,
    pub sessions: Arc<SessionManager>,
    /// Admin notices; gets serenity's cache once the gateway is up.
    pub notices: Arc<scheduled_events::DiscordNotices>,
    pub reminders: Arc<crate::reminders::ReminderService>,
    /// Personal nudges by DM (`/nudges`).
    pub nudges: Arc<crate::nudges::Nudges>,
    /// Servers adding and removing the bot.
    pub servers: Arc<crate::servers::Servers>,
    /// This process's hold on its shards: it acts only for the servers of the shards it
    /// owns, and on each interaction once.
    pub leases: Arc<crate::cluster::Leases>,
    /// Check-ins and `/stats`.
    pub stats: Arc<crate::stats::StatsService>,
    /// The edits that show a prompt's check-in count, at most one per prompt every 5 s.
    pub count_edits: Arc<crate::stats::coalesce::CountEdits>,
}

impl Bot {
    /// The routine `/childspose` shows (validated at start to exist).
    pub fn default_routine(&self) -> Option<&Routine> {
        self.library.get(&self.settings.content.default_routine)
    }
}

/// The language to answer an interaction in: the invoker's Discord locale, English for one we
/// do not speak (and for prefix commands, which carry none).
pub fn locale_of(ctx: Ctx<'_>) -> crate::i18n::Locale {
    ctx.locale()
        .map_or(crate::i18n::Locale::EnUs, crate::i18n::Locale::from_discord)
}

/// The server's Discord language as an interaction gives it (`guild_locale`), if any.
pub fn guild_locale_of(ctx: Ctx<'_>) -> Option<String> {
    match ctx {
        poise::Context::Application(app) => app.interaction.guild_locale.clone(),
        poise::Context::Prefix(_) => None,
    }
}

/// Whether an interaction's member holds a permission in the interaction's channel (or is an
/// administrator), from the permissions Discord computed for the interaction (roles and
/// overwrites; never from a cache that may lag). No member (a DM): no.
pub fn member_may(
    member: Option<&poise::serenity_prelude::Member>,
    permission: fn(poise::serenity_prelude::Permissions) -> bool,
) -> bool {
    member
        .and_then(|m| m.permissions)
        .is_some_and(|p| permission(p) || p.administrator())
}

/// [`member_may`] for the member using a command; a prefix command has no interaction: no.
pub fn author_may(
    ctx: Ctx<'_>,
    permission: fn(poise::serenity_prelude::Permissions) -> bool,
) -> bool {
    let poise::Context::Application(app) = ctx else {
        return false;
    };
    member_may(app.interaction.member.as_deref(), permission)
}

pub type Error = anyhow::Error;
pub type Ctx<'a> = poise::Context<'a, Arc<Bot>, Error>;

/// Returns early from a command with a sentence for the person: a [`UserMessage`] they see,
/// ephemerally. Anything else a command returns is logged with its cause, and the person sees
/// [`APOLOGY`](crate::error::APOLOGY).
pub fn user_error(sentence: impl Into<String>) -> Error {
    UserMessage::new(sentence).into()
}

/// A session error as a command's error: the person's sentence stays a [`UserMessage`], an
/// internal error keeps its whole chain for the log.
pub fn session_error(e: SessionError) -> Error {
    match e {
        SessionError::User(sentence) | SessionError::ChannelGone { sentence, .. } => {
            sentence.into()
        }
        SessionError::Internal(cause) => cause.into(),
    }
}

/// A reminder error as a command's error, as [`session_error`] does.
pub fn reminder_error(e: ReminderError) -> Error {
    match e {
        ReminderError::User(sentence) => sentence.into(),
        ReminderError::Internal(cause) => cause.into(),
    }
}
