//! Gateway events the bot reacts to besides slash commands: button presses, and servers that
//! add or remove the bot.

use std::sync::Arc;

use poise::serenity_prelude as serenity;
use tracing::{error, warn};

use super::{member_may, payload, sender::Reply, Bot, Error};
use crate::{
    buttons::ButtonId,
    error::chain,
    i18n::{Arg, Locale, Tr},
    ids::{GuildId, ReminderId, UserId},
    message::OutMessage,
    post::{Edit, Lane},
    reminders::GroupOutcome,
    session::Target,
    stats::messages,
    store::CheckinSource,
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
            let locale = Some(guild.preferred_locale.as_str()).filter(|l| !l.is_empty());
            bot.servers.present(guild.id.get().into(), locale).await?;
            Ok(())
        }
        // The server's Discord language may have changed: it is what its posts speak unless
        // the admins chose one.
        serenity::FullEvent::GuildUpdate { new_data, .. } => {
            let locale = Some(new_data.preferred_locale.as_str()).filter(|l| !l.is_empty());
            bot.servers
                .present(new_data.id.get().into(), locale)
                .await?;
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

/// The presser's language.
fn tr_of<'a>(bot: &'a Bot, press: &serenity::ComponentInteraction) -> Tr<'a> {
    Tr::new(&bot.texts, Locale::from_discord(&press.locale))
}

/// "Show me how" on a prompt: the routine, only for the person who asked.
async fn show_routine(
    bot: &Arc<Bot>,
    press: &serenity::ComponentInteraction,
    routine_id: &str,
) -> Result<(), Error> {
    let tr = tr_of(bot, press);
    let message = match bot
        .library
        .get(routine_id)
        .or_else(|| bot.default_routine())
    {
        Some(routine) => crate::render::routine_message(routine, crate::render::Section::All)?,
        None => OutMessage::text(tr.t("answer-stretch-gone")),
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
    let tr = tr_of(bot, press);
    let Some(guild) = press.guild_id else {
        return OutMessage::text(tr.t("answer-group-server-only"));
    };
    // The lobby is posted for them: only where they could post themselves.
    if !member_may(press.member.as_ref(), serenity::Permissions::send_messages) {
        return OutMessage::text(tr.t("answer-cannot-send-here"));
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
            OutMessage::text(tr.t("answer-group-open"))
        }
        Ok(GroupOutcome::AlreadyRunning { link }) => {
            OutMessage::text(tr.t_args("answer-group-running", &[("link", Arg::Str(&link))]))
        }
        Err(e) => {
            if let crate::reminders::ReminderError::Internal(cause) = &e {
                error!(reminder_id = reminder_id.get(), error = %chain(cause), "group stretch from a prompt failed");
                return OutMessage::text(tr.t("answer-apology"));
            }
            match &e {
                crate::reminders::ReminderError::User(m) => OutMessage::text(m.sentence(&tr)),
                crate::reminders::ReminderError::Internal(_) => OutMessage::text(e.user_message()),
            }
        }
    }
}

/// "I stretched" on a prompt: a check-in for the presser, answered with their streak; a new
/// check-in updates the count the prompt shows (spaced out, in the background lane).
async fn check_in(
    bot: &Arc<Bot>,
    press: &serenity::ComponentInteraction,
    reminder_id: ReminderId,
    local_date: chrono::NaiveDate,
) -> OutMessage {
    let tr = Tr::new(&bot.texts, Locale::from_discord(&press.locale));
    let Some(guild) = press.guild_id.map(|g| GuildId::from(g.get())) else {
        return messages::sentence("stats-checkin-server-only", tr);
    };
    let shown = serde_json::to_value(&*press.message)
        .map(|v| payload::message_from_json(&v))
        .unwrap_or_default();
    // About as long as the stretch the prompt suggests (its "Show me how" button names it).
    let minutes = shown
        .rows
        .iter()
        .flatten()
        .find_map(|b| match ButtonId::parse(&b.custom_id) {
            Some(ButtonId::ShowRoutine { routine_id }) => bot.library.get(&routine_id),
            _ => None,
        })
        .or_else(|| bot.default_routine())
        .map_or(0, |r| r.tags.minutes);
    let source = CheckinSource::Prompt {
        reminder_id,
        local_date,
    };
    let user = press.user.id.get().into();
    let done = match bot.stats.check_in(user, Some(guild), source, minutes).await {
        Ok(done) => done,
        Err(e) => {
            error!(reminder_id = reminder_id.get(), error = %chain(&e), "check-in failed");
            return OutMessage::text(tr.t("answer-apology"));
        }
    };
    // A prompt that could not be read back is left as it is: an edit replaces the whole message.
    if done.new && !shown.cards.is_empty() {
        // The prompt speaks its server's language, whoever pressed.
        let server =
            crate::store::server_locale(bot.store.as_ref(), guild, press.guild_locale.as_deref())
                .await;
        let message = messages::with_checkin_count(shown, done.count, Tr::new(&bot.texts, server));
        bot.count_edits.show(
            done.count,
            Edit {
                lane: Lane::Background,
                channel_id: press.channel_id.get().into(),
                message_id: press.message.id.get().into(),
                message,
            },
        );
    }
    messages::checkin_answer(done.new, done.streak, tr)
}

/// "Delete my data" under `/stats forget-me`: only the person who asked.
async fn forget_me(
    bot: &Arc<Bot>,
    press: &serenity::ComponentInteraction,
    user_id: UserId,
) -> OutMessage {
    let tr = Tr::new(&bot.texts, Locale::from_discord(&press.locale));
    if UserId::from(press.user.id.get()) != user_id {
        return messages::sentence("stats-forget-not-yours", tr);
    }
    match bot.stats.forget(user_id).await {
        Ok(rows) => {
            tracing::info!(rows, "a person's data was deleted at their request");
            messages::sentence("stats-forget-done", tr)
        }
        Err(e) => {
            error!(error = %chain(&e), "forget-me failed");
            OutMessage::text(tr.t("answer-apology"))
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
                .control_in(
                    Target::Pressed {
                        session_id,
                        guild_id: press.guild_id.map(|g| g.get().into()),
                        channel_id: press.channel_id.get().into(),
                    },
                    user,
                    can_manage,
                    action,
                    Locale::from_discord(&press.locale),
                )
                .await
            {
                Ok(reply) => OutMessage::text(reply.text),
                Err(e) => {
                    if let crate::session::SessionError::Internal(cause) = &e {
                        error!(custom_id, error = %chain(cause), "button failed");
                        OutMessage::text(tr_of(bot, press).t("answer-apology"))
                    } else {
                        OutMessage::text(e.user_message())
                    }
                }
            }
        }
        Some(ButtonId::ShowRoutine { routine_id }) => {
            return show_routine(bot, press, &routine_id).await;
        }
        Some(ButtonId::GroupFromPrompt { reminder_id }) => {
            group_from_prompt(bot, press, reminder_id).await
        }
        Some(ButtonId::CheckIn {
            reminder_id,
            local_date,
        }) => check_in(bot, press, reminder_id, local_date).await,
        Some(ButtonId::ForgetMe { user_id }) => forget_me(bot, press, user_id).await,
        Some(ButtonId::Nudge { action, slot }) => {
            let tr =
                crate::i18n::Tr::new(&bot.texts, crate::i18n::Locale::from_discord(&press.locale));
            match bot.nudges.press(user, action, slot, tr).await {
                Ok(text) => OutMessage::text(text),
                Err(crate::nudges::service::NudgeError::User(sentence)) => {
                    OutMessage::text(sentence.sentence(&tr))
                }
                Err(crate::nudges::service::NudgeError::Internal(cause)) => {
                    error!(custom_id, error = %chain(&cause), "nudge button failed");
                    OutMessage::text(tr.t("answer-apology"))
                }
            }
        }
        None => {
            warn!(custom_id, "a button nobody handles was pressed");
            OutMessage::text(tr_of(bot, press).t("answer-button-stale"))
        }
    };
    answer_privately(bot, press, answer).await
}
