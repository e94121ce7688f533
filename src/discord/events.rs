//! Gateway events the bot reacts to besides slash commands: button presses, and servers that
//! add or remove the bot.

use std::sync::Arc;

use poise::serenity_prelude as serenity;
use tracing::{info, warn};

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
            let now = bot.clock.now();
            bot.store
                .set_guild_removed(incomplete.id.get(), Some(now))
                .await?;
            Ok(())
        }
        _ => Ok(()),
    }
}

async fn on_button(bot: &Arc<Bot>, press: &serenity::ComponentInteraction) -> Result<(), Error> {
    let custom_id = press.data.custom_id.as_str();
    warn!(custom_id, "a button nobody handles was pressed");
    let reply =
        Reply::Message(OutMessage::text("This button doesn't do anything any more.").ephemeral());
    bot.sender
        .respond(press.id.get(), &press.token, &reply)
        .await?;
    Ok(())
}
