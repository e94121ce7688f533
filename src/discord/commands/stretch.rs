//! `/stretch`: any routine of the library (`info`), and live group sessions (`start`, then
//! `pause`, `resume`, `skip`, `stop`).

use poise::serenity_prelude as serenity;

use super::super::{
    author_may, autocomplete, guild_locale_of, member_may,
    reply::{defer_ephemeral, reply},
    session_error, user_error, Ctx, Error,
};
use crate::{
    error::quote,
    message::OutMessage,
    render::{routine_message_in, sequence_message, Section},
    session::{Action, StartRequest, Target},
};

/// Routines whose name matches what the person typed so far.
async fn routine_names(ctx: Ctx<'_>, partial: &str) -> serenity::CreateAutocompleteResponse {
    autocomplete::poise_response(autocomplete::routines(ctx.data(), partial))
}

/// Guided stretches: look one up, or lead the channel through one.
#[poise::command(
    slash_command,
    subcommands("info", "start", "pause", "resume", "skip", "stop"),
    subcommand_required,
    install_context = "Guild|User",
    interaction_context = "Guild|BotDm|PrivateChannel"
)]
pub async fn stretch(_ctx: Ctx<'_>) -> Result<(), Error> {
    Ok(())
}

/// Show a stretch or a routine from the library.
#[poise::command(slash_command)]
pub async fn info(
    ctx: Ctx<'_>,
    #[description = "The stretch or routine"]
    #[autocomplete = "routine_names"]
    routine: String,
    #[description = "Which part to show (default: all)"] section: Option<
        super::childspose::SectionChoice,
    >,
    #[description = "Only you see the answer"] private: Option<bool>,
) -> Result<(), Error> {
    let library = &ctx.data().library;
    let locale = super::super::locale_of(ctx);
    let tr = crate::i18n::Tr::new(&ctx.data().texts, locale);
    let mut message = if let Some(seq) = library.sequence_in(routine.trim(), locale) {
        // A routine file has one card, whatever the section.
        sequence_message(seq, library, tr).ok_or_else(|| unknown_routine(tr, &routine))??
    } else {
        let Some(found) = library.get_in(routine.trim(), locale) else {
            return Err(unknown_routine(tr, &routine));
        };
        routine_message_in(found, section.map_or(Section::All, Section::from), tr)?
    };
    message.ephemeral = private.unwrap_or(false);
    reply(ctx, message).await
}

fn unknown_routine(tr: crate::i18n::Tr<'_>, name: &str) -> Error {
    user_error(unknown_routine_sentence(tr, name))
}

/// The option is free text (autocomplete only suggests), so the name is quoted defused.
fn unknown_routine_sentence(tr: crate::i18n::Tr<'_>, name: &str) -> String {
    let name = quote(name.trim(), 40);
    tr.t_args(
        "answer-unknown-stretch",
        &[("name", crate::i18n::Arg::Str(&name))],
    )
}

/// The permissions a live session needs from the bot in the channel, and why.
const NEEDED: [(serenity::Permissions, &str); 3] = [
    (
        serenity::Permissions::VIEW_CHANNEL,
        "answer-permission-view-channel",
    ),
    (
        serenity::Permissions::SEND_MESSAGES,
        "answer-permission-send-messages",
    ),
    (
        serenity::Permissions::EMBED_LINKS,
        "answer-permission-embed-links",
    ),
];

/// Lead the channel through a group stretch: a lobby people join, then timed steps.
#[poise::command(slash_command, guild_only)]
pub async fn start(
    ctx: Ctx<'_>,
    #[description = "The stretch or routine (default: Child's Pose)"]
    #[autocomplete = "routine_names"]
    routine: Option<String>,
    #[description = "How many sets (a stretch only; a routine runs once)"]
    #[min = 1]
    #[max = 10]
    sets: Option<u32>,
    #[description = "Seconds to hold the pose (a stretch only; a routine sets its own)"]
    #[min = 1]
    #[max = 600]
    hold: Option<u32>,
    #[description = "Seconds the lobby stays open before the start (0-900)"]
    #[min = 0]
    #[max = 900]
    lobby: Option<u32>,
) -> Result<(), Error> {
    let poise::Context::Application(app) = ctx else {
        return Ok(());
    };
    let tr = crate::i18n::Tr::new(&ctx.data().texts, super::super::locale_of(ctx));
    let (Some(guild_id), channel_id) = (ctx.guild_id(), ctx.channel_id()) else {
        return Err(user_error(tr.t("answer-text-channel-only")));
    };
    // The bot posts for them: only where they could post themselves.
    if !member_may(
        app.interaction.member.as_deref(),
        serenity::Permissions::send_messages,
    ) {
        return Err(user_error(tr.t("answer-cannot-send-here")));
    }
    let granted = app.interaction.app_permissions.unwrap_or_default();
    let missing: Vec<String> = NEEDED
        .iter()
        .filter(|(p, _)| !granted.contains(*p))
        .map(|(_, key)| tr.t(key))
        .collect();
    if !missing.is_empty() {
        let permissions = missing.join(", ");
        return Err(user_error(tr.t_args(
            "answer-missing-permissions",
            &[("permissions", crate::i18n::Arg::Str(&permissions))],
        )));
    }
    let routine_id = routine
        .map(|r| r.trim().to_owned())
        .unwrap_or_else(|| ctx.data().settings.content.default_routine.clone());
    if ctx.data().library.playable(&routine_id).is_none() {
        return Err(unknown_routine(tr, &routine_id));
    }
    defer_ephemeral(ctx).await?;
    let started = ctx
        .data()
        .sessions
        .start_in(
            StartRequest {
                guild_id: guild_id.get().into(),
                channel_id: channel_id.get().into(),
                starter_id: Some(ctx.author().id.get().into()),
                routine_id,
                sets,
                hold_secs: hold,
                lobby_secs: lobby,
                scheduled: None,
                guild_locale: guild_locale_of(ctx),
            },
            super::super::locale_of(ctx),
        )
        .await
        .map_err(session_error)?;
    reply(ctx, OutMessage::text(started.reply.text).ephemeral()).await
}

async fn control(ctx: Ctx<'_>, action: Action) -> Result<(), Error> {
    // Acknowledged before acting: a slow answer must never make someone press it twice.
    defer_ephemeral(ctx).await?;
    let target = Target::Channel(ctx.channel_id().get().into());
    let answer = ctx
        .data()
        .sessions
        .control_in(
            target,
            ctx.author().id.get().into(),
            author_may(ctx, serenity::Permissions::manage_messages),
            action,
            super::super::locale_of(ctx),
        )
        .await
        .map_err(session_error)?;
    reply(ctx, OutMessage::text(answer.text).ephemeral()).await
}

/// Pause the stretch running in this channel.
#[poise::command(slash_command, guild_only)]
pub async fn pause(ctx: Ctx<'_>) -> Result<(), Error> {
    control(ctx, Action::Pause).await
}

/// Resume the paused stretch in this channel.
#[poise::command(slash_command, guild_only)]
pub async fn resume(ctx: Ctx<'_>) -> Result<(), Error> {
    control(ctx, Action::Resume).await
}

/// Skip to the next step of the stretch in this channel.
#[poise::command(slash_command, guild_only)]
pub async fn skip(ctx: Ctx<'_>) -> Result<(), Error> {
    control(ctx, Action::Skip).await
}

/// Stop the stretch running in this channel.
#[poise::command(slash_command, guild_only)]
pub async fn stop(ctx: Ctx<'_>) -> Result<(), Error> {
    control(ctx, Action::Stop).await
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::test_support::assert_one_sentence;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn any_unknown_routine_is_refused_in_one_sentence(
            name in prop_oneof![any::<String>(), "(@everyone|<@1>|\n|[a-z-]){0,50}"],
        ) {
            assert_one_sentence(&unknown_routine_sentence(crate::i18n::Tr::english(), &name));
        }
    }
}
