//! Gateway events the bot reacts to besides slash commands: button presses, and servers that
//! add or remove the bot.

use std::sync::Arc;

use poise::serenity_prelude as serenity;
use tracing::{error, info, warn};

use super::{sender::Reply, Bot, Error};
use crate::message::OutMessage;

pub async fn handle(
    _ctx: &serenity::Context,
    event: &serenity::FullEvent,
    bot: &Arc<Bot>,
) -> Result<(), Error> {
    match event {
        serenity::FullEvent::InteractionCreate {
            interaction: serenity::Interaction::Component(press),
        } => on_button(bot, press).await,
        serenity::FullEvent::GuildCreate { guild, .. } => {
            bot.store.set_guild_removed(guild.id.get(), None).await?;
            Ok(())
        }
        serenity::FullEvent::GuildDelete { incomplete, .. } if !incomplete.unavailable => {
            // Not an outage: the bot was removed. Its data goes after the retention period.
            info!(guild_id = incomplete.id.get(), "removed from a server");
            let stopped = bot.sessions.stop_guild(incomplete.id.get()).await?;
            info!(
                guild_id = incomplete.id.get(),
                sessions = stopped,
                "stopped the server's sessions"
            );
            let now = bot.clock.now();
            bot.store
                .set_guild_removed(incomplete.id.get(), Some(now))
                .await?;
            Ok(())
        }
        _ => Ok(()),
    }
}

/// A button press: acknowledged at once (only the presser sees "thinking…"), then handled, then
/// answered with one sentence for the presser. Everything the channel sees is posted by its owner.
async fn on_button(bot: &Arc<Bot>, press: &serenity::ComponentInteraction) -> Result<(), Error> {
    let custom_id = press.data.custom_id.as_str();
    let user = press.user.id.get();
    bot.sender
        .respond(
            press.id.get(),
            &press.token,
            &Reply::Defer { ephemeral: true },
        )
        .await?;
    let answer = if custom_id.starts_with("sess:") {
        let can_manage = press
            .member
            .as_ref()
            .and_then(|m| m.permissions)
            .is_some_and(|p| p.manage_messages() || p.administrator());
        match bot
            .sessions
            .handle_button(custom_id, user, can_manage)
            .await
        {
            Ok(reply) => OutMessage::text(reply.text),
            Err(e) => {
                if let crate::session::SessionError::Internal(cause) = &e {
                    error!(custom_id, error = format!("{cause:#}"), "button failed");
                }
                OutMessage::text(e.user_message())
            }
        }
    } else {
        warn!(custom_id, "a button nobody handles was pressed");
        OutMessage::text("This button doesn't do anything any more.")
    };
    bot.sender
        .followup(
            press.application_id.get(),
            &press.token,
            &answer.ephemeral(),
        )
        .await?;
    Ok(())
}
