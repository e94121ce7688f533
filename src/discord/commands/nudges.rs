//! `/nudges`: personal stretch nudges by DM, for anyone, in a server, in DMs or from a user
//! install. Every answer is ephemeral and in the person's language; what happens is decided in
//! [`crate::nudges`].

use poise::serenity_prelude as serenity;

use super::super::{autocomplete, locale_of, reply::reply, Ctx, Error};
use crate::{
    i18n::Tr,
    message::OutMessage,
    nudges::{input::OnInput, service::NudgeError},
};

async fn timezones(_ctx: Ctx<'_>, partial: &str) -> serenity::CreateAutocompleteResponse {
    autocomplete::poise_response(autocomplete::timezones(partial))
}

/// The answer, or the person's one sentence; anything else is logged and apologised for.
async fn answer(ctx: Ctx<'_>, result: Result<String, NudgeError>) -> Result<(), Error> {
    match result {
        Ok(text) => reply(ctx, OutMessage::text(text).ephemeral()).await,
        Err(NudgeError::User(sentence)) => Err(sentence.into()),
        Err(NudgeError::Internal(cause)) => Err(cause.into()),
    }
}

fn user_id(ctx: Ctx<'_>) -> crate::ids::UserId {
    ctx.author().id.get().into()
}

/// Personal stretch nudges by DM, in your working hours.
#[poise::command(
    slash_command,
    install_context = "Guild|User",
    interaction_context = "Guild|BotDm|PrivateChannel",
    subcommands("on", "off", "pause", "status"),
    subcommand_required
)]
pub async fn nudges(_ctx: Ctx<'_>) -> Result<(), Error> {
    Ok(())
}

/// Turn on DM nudges at an interval in a daily window.
#[poise::command(
    slash_command,
    install_context = "Guild|User",
    interaction_context = "Guild|BotDm|PrivateChannel"
)]
pub async fn on(
    ctx: Ctx<'_>,
    #[description = "Minutes between nudges, 30-480 (default 90)"] every_minutes: Option<i64>,
    #[description = "Window start, 24-hour HH:MM (default 09:00)"] from: Option<String>,
    #[description = "Window end, 24-hour HH:MM (default 17:00)"] to: Option<String>,
    #[description = "weekdays (default), weekends, every day, or mon,wed,fri"] days: Option<String>,
    #[description = "IANA time zone, like Europe/Berlin (default: your last one, else the server's)"]
    #[autocomplete = "timezones"]
    timezone: Option<String>,
) -> Result<(), Error> {
    let bot = ctx.data();
    let tr = Tr::new(&bot.texts, locale_of(ctx));
    // A server the bot is not in has no zone of its own; nothing is lost by not finding one.
    let server_zone = match ctx.guild_id() {
        Some(g) => bot
            .store
            .guild_timezone(g.get().into())
            .await
            .ok()
            .flatten(),
        None => None,
    };
    let input = OnInput {
        every_minutes,
        from,
        to,
        days,
        timezone,
    };
    let result = bot
        .nudges
        .turn_on(user_id(ctx), &input, server_zone.as_deref(), tr)
        .await;
    answer(ctx, result).await
}

/// Turn off your nudges.
#[poise::command(
    slash_command,
    install_context = "Guild|User",
    interaction_context = "Guild|BotDm|PrivateChannel"
)]
pub async fn off(ctx: Ctx<'_>) -> Result<(), Error> {
    let tr = Tr::new(&ctx.data().texts, locale_of(ctx));
    let result = ctx.data().nudges.turn_off(user_id(ctx), tr).await;
    answer(ctx, result).await
}

/// Take a break from nudges for some days; they resume by themselves.
#[poise::command(
    slash_command,
    install_context = "Guild|User",
    interaction_context = "Guild|BotDm|PrivateChannel"
)]
pub async fn pause(
    ctx: Ctx<'_>,
    #[description = "How many days, 1-60 (today counts as the first)"] days: i64,
) -> Result<(), Error> {
    let tr = Tr::new(&ctx.data().texts, locale_of(ctx));
    let result = ctx.data().nudges.pause(user_id(ctx), days, tr).await;
    answer(ctx, result).await
}

/// Show your nudge settings and the next nudge.
#[poise::command(
    slash_command,
    install_context = "Guild|User",
    interaction_context = "Guild|BotDm|PrivateChannel"
)]
pub async fn status(ctx: Ctx<'_>) -> Result<(), Error> {
    let tr = Tr::new(&ctx.data().texts, locale_of(ctx));
    let result = ctx.data().nudges.status(user_id(ctx), tr).await;
    answer(ctx, result).await
}
