//! `/stats`: a person's check-ins and streaks (`me`), the team's week (`server`), whether the
//! team's stats name them (`share`), and deleting everything about them (`forget-me`). Sentences
//! in `content/locales/*/stats.ftl`; the work is in [`crate::stats`].

use super::super::{
    locale_of,
    reply::{defer, defer_ephemeral, reply},
    Ctx, Error,
};
use crate::{
    error::Context as _,
    i18n::Tr,
    stats::{chart, messages},
};

/// `/stats share`'s setting.
#[derive(Debug, Clone, Copy, poise::ChoiceParameter)]
pub enum ShareChoice {
    #[name = "on"]
    On,
    #[name = "off"]
    Off,
}

/// Your check-ins and streaks, and the team's stretching this week.
#[poise::command(
    slash_command,
    install_context = "Guild|User",
    interaction_context = "Guild|BotDm|PrivateChannel",
    subcommands("me", "server", "share", "forget_me"),
    subcommand_required
)]
pub async fn stats(_ctx: Ctx<'_>) -> Result<(), Error> {
    Ok(())
}

/// The chart, drawn off the runtime (it is CPU work); `None` if it could not be drawn (the
/// numbers are still shown).
async fn draw(weeks: Vec<(chrono::NaiveDate, u32)>) -> Option<Vec<u8>> {
    match tokio::task::spawn_blocking(move || chart::weekly_chart(&weeks)).await {
        Ok(Ok(png)) => Some(png),
        Ok(Err(e)) => {
            tracing::error!(error = %crate::error::chain(&e), "cannot draw a stats chart");
            None
        }
        Err(e) => {
            tracing::error!(error = %e, "the stats chart task failed");
            None
        }
    }
}

/// Your check-ins, streaks and minutes stretched, with a chart (only you see it).
#[poise::command(
    slash_command,
    install_context = "Guild|User",
    interaction_context = "Guild|BotDm|PrivateChannel"
)]
pub async fn me(ctx: Ctx<'_>) -> Result<(), Error> {
    defer_ephemeral(ctx).await?;
    let user = ctx.author().id.get().into();
    let guild = ctx.guild_id().map(|g| g.get().into());
    let (summary, tz) = ctx
        .data()
        .stats
        .person(user, guild)
        .await
        .internal("reading a person's check-ins")?;
    let png = draw(summary.weeks.clone()).await;
    let tr = Tr::new(&ctx.data().texts, locale_of(ctx));
    reply(ctx, messages::me_message(&summary, tz.name(), png, tr)).await
}

/// This week's team totals, with a chart.
#[poise::command(slash_command, guild_only)]
pub async fn server(ctx: Ctx<'_>) -> Result<(), Error> {
    let Some(guild) = ctx.guild_id() else {
        return Ok(());
    };
    defer(ctx, false).await?;
    let summary = ctx
        .data()
        .stats
        .team(guild.get().into())
        .await
        .internal("reading a server's check-ins")?;
    let png = draw(summary.weeks.clone()).await;
    let tr = Tr::new(&ctx.data().texts, locale_of(ctx));
    reply(ctx, messages::server_message(&summary, png, tr)).await
}

/// Whether /stats server names you in this server.
#[poise::command(slash_command, guild_only)]
pub async fn share(
    ctx: Ctx<'_>,
    #[description = "on: named with your check-ins; off: counted but not named"]
    setting: ShareChoice,
) -> Result<(), Error> {
    let Some(guild) = ctx.guild_id() else {
        return Ok(());
    };
    defer_ephemeral(ctx).await?;
    let on = matches!(setting, ShareChoice::On);
    ctx.data()
        .stats
        .share(ctx.author().id.get().into(), guild.get().into(), on)
        .await
        .internal("saving a stats sharing choice")?;
    let tr = Tr::new(&ctx.data().texts, locale_of(ctx));
    let key = if on {
        "stats-share-on"
    } else {
        "stats-share-off"
    };
    reply(ctx, messages::sentence(key, tr)).await
}

/// Delete everything the bot keeps about you (asks first).
#[poise::command(
    slash_command,
    rename = "forget-me",
    install_context = "Guild|User",
    interaction_context = "Guild|BotDm|PrivateChannel"
)]
pub async fn forget_me(ctx: Ctx<'_>) -> Result<(), Error> {
    let tr = Tr::new(&ctx.data().texts, locale_of(ctx));
    let user = ctx.author().id.get().into();
    reply(ctx, messages::forget_confirm(user, tr)).await
}
