//! Gateway events the bot reacts to besides slash commands: button presses, and servers that
//! add or remove the bot.

use std::sync::Arc;

use poise::serenity_prelude as serenity;
use tracing::{error, warn};

use super::{member_may, sender::Reply, Bot, Error, CANNOT_SEND_HERE};
use crate::{
    buttons::ButtonId, error::chain, ids::ReminderId, message::OutMessage, reminders::GroupOutcome,
    session::Target,
};

pub async fn handle(
    ctx: &serenity::Context,
    event: &serenity::FullEvent,
    bot: &Arc<Bot>,
) -> Result<(), Error> {
    match event {
        serenity::FullEvent::InteractionCreate {
            interaction: serenity::Interaction::Component(press),
        } => on_button(bot, press).await,
        // Marking a server present is idempotent, and GUILD_CREATE comes at connection, before
        // this process may own the shard: every copy does it.
        serenity::FullEvent::GuildCreate { guild, .. } => {
            bot.servers.present(guild.id.get().into()).await?;
            Ok(())
        }
        // Removal stops sessions and reminders: only the shard's owner, which runs them.
        serenity::FullEvent::GuildDelete { incomplete, .. }
            if !incomplete.unavailable && bot.leases.owns_shard(ctx.shard_id.0) =>
        {
            // Not an outage: the bot was removed. Its data goes after the retention period.
            // Failures are logged by the operation; each part was tried regardless.
            bot.servers.removed(incomplete.id.get().into()).await;
            Ok(())
        }
        _ => Ok(()),
    }
}

/// "Show me how" on a prompt: the routine, only for the person who asked.
async fn show_routine(
    bot: &Arc<Bot>,
    press: &serenity::ComponentInteraction,
    routine_id: &str,
) -> Result<(), Error> {
    let message = match bot
        .library
        .get(routine_id)
        .or_else(|| bot.default_routine())
    {
        Some(routine) => crate::render::routine_message(routine, crate::render::Section::All)?,
        None => OutMessage::text("That stretch is no longer in my library."),
    };
    answer_privately(bot, press, message).await
}

/// Only the presser sees the answer to a button.
async fn answer_privately(
    bot: &Bot,
    press: &serenity::ComponentInteraction,
    message: OutMessage,
) -> Result<(), Error> {
    let (application, token) = (press.application_id.get(), &press.token);
    bot.sender
        .followup(application, token, &message.ephemeral())
        .await?;
    Ok(())
}

/// "Start a group stretch" on a prompt: opens a lobby in that channel with the presser in it.
async fn group_from_prompt(
    bot: &Arc<Bot>,
    press: &serenity::ComponentInteraction,
    reminder_id: ReminderId,
) -> OutMessage {
    let Some(guild) = press.guild_id else {
        return OutMessage::text("This button works only in the server it was posted in.");
    };
    // The lobby is posted for them: only where they could post themselves.
    if !member_may(press.member.as_ref(), serenity::Permissions::send_messages) {
        return OutMessage::text(CANNOT_SEND_HERE);
    }
    match bot
        .reminders
        .start_group_from_prompt(
            guild.get().into(),
            press.channel_id.get().into(),
            reminder_id,
        )
        .await
    {
        Ok(GroupOutcome::Started { .. }) => {
            if let Some(info) = bot
                .sessions
                .session_in_channel(press.channel_id.get().into())
                .await
            {
                let _ = bot
                    .sessions
                    .join(&info.session_id, press.user.id.get().into())
                    .await;
            }
            OutMessage::text("Lobby open, and you're in. Others can join with the button.")
        }
        Ok(GroupOutcome::AlreadyRunning { link }) => {
            OutMessage::text(format!("A group stretch is already on here: {link}"))
        }
        Err(e) => {
            if let crate::reminders::ReminderError::Internal(cause) = &e {
                error!(reminder_id = reminder_id.get(), error = %chain(cause), "group stretch from a prompt failed");
            }
            OutMessage::text(e.user_message())
        }
    }
}

/// A button press: acknowledged at once (only the presser sees "thinking…"), then handled, then
/// answered with one sentence for the presser. Everything the channel sees is posted by its owner.
async fn on_button(bot: &Arc<Bot>, press: &serenity::ComponentInteraction) -> Result<(), Error> {
    let custom_id = press.data.custom_id.as_str();
    let user = press.user.id.get().into();
    bot.sender
        .respond(
            press.id.get(),
            &press.token,
            &Reply::Defer { ephemeral: true },
        )
        .await?;
    let answer = match ButtonId::parse(custom_id) {
        Some(ButtonId::Session { session_id, action }) => {
            let can_manage = member_may(
                press.member.as_ref(),
                serenity::Permissions::manage_messages,
            );
            match bot
                .sessions
                .control(
                    Target::Pressed {
                        session_id,
                        guild_id: press.guild_id.map(|g| g.get().into()),
                        channel_id: press.channel_id.get().into(),
                    },
                    user,
                    can_manage,
                    action,
                )
                .await
            {
                Ok(reply) => OutMessage::text(reply.text),
                Err(e) => {
                    if let crate::session::SessionError::Internal(cause) = &e {
                        error!(custom_id, error = %chain(cause), "button failed");
                    }
                    OutMessage::text(e.user_message())
                }
            }
        }
        Some(ButtonId::ShowRoutine { routine_id }) => {
            return show_routine(bot, press, &routine_id).await;
        }
        Some(ButtonId::GroupFromPrompt { reminder_id }) => {
            group_from_prompt(bot, press, reminder_id).await
        }
        Some(ButtonId::Nudge { action, slot }) => {
            let tr =
                crate::i18n::Tr::new(&bot.texts, crate::i18n::Locale::from_discord(&press.locale));
            match bot.nudges.press(user, action, slot, tr).await {
                Ok(text) => OutMessage::text(text),
                Err(crate::nudges::service::NudgeError::User(sentence)) => {
                    OutMessage::text(sentence.as_str())
                }
                Err(crate::nudges::service::NudgeError::Internal(cause)) => {
                    error!(custom_id, error = %chain(&cause), "nudge button failed");
                    OutMessage::text(crate::error::APOLOGY)
                }
            }
        }
        None => {
            warn!(custom_id, "a button nobody handles was pressed");
            OutMessage::text("This button doesn't do anything any more.")
        }
    };
    answer_privately(bot, press, answer).await
}
