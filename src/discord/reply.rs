//! Answering an interaction through the [`Sender`](super::Sender), and the two tiers of errors:
//! a [`UserMessage`] is shown as its sentence, anything else is logged with its whole chain of
//! causes and the person sees [`crate::error::APOLOGY`] (in their language).

use std::sync::atomic::Ordering;

use tracing::{error, warn};

use super::{sender::Reply, Bot, Ctx, Error};
use crate::{error::UserMessage, message::OutMessage};

/// Sends `message` as the answer to the command (or as a follow-up if one was sent already).
pub async fn reply(ctx: Ctx<'_>, message: OutMessage) -> Result<(), Error> {
    let poise::Context::Application(app) = ctx else {
        anyhow::bail!("prefix commands are not enabled");
    };
    let sender = &ctx.data().sender;
    let interaction = app.interaction;
    if app.has_sent_initial_response.load(Ordering::SeqCst) {
        sender
            .followup(
                interaction.application_id.get(),
                &interaction.token,
                &message,
            )
            .await?;
    } else {
        sender
            .respond(
                interaction.id.get(),
                &interaction.token,
                &Reply::Message(message),
            )
            .await?;
        app.has_sent_initial_response.store(true, Ordering::SeqCst);
    }
    Ok(())
}

/// Acknowledges the command at once ("thinking…", only the person sees it), so slow work after it
/// never misses Discord's 3-second deadline; [`reply`] then sends the answer as a follow-up.
pub async fn defer_ephemeral(ctx: Ctx<'_>) -> Result<(), Error> {
    defer(ctx, true).await
}

/// [`defer_ephemeral`] for an answer the whole channel sees.
pub async fn defer(ctx: Ctx<'_>, ephemeral: bool) -> Result<(), Error> {
    let poise::Context::Application(app) = ctx else {
        anyhow::bail!("prefix commands are not enabled");
    };
    let interaction = app.interaction;
    ctx.data()
        .sender
        .respond(
            interaction.id.get(),
            &interaction.token,
            &Reply::Defer { ephemeral },
        )
        .await?;
    app.has_sent_initial_response.store(true, Ordering::SeqCst);
    Ok(())
}

/// The framework's error hook: user mistakes get their sentence, the rest an apology.
pub async fn on_error(err: poise::FrameworkError<'_, std::sync::Arc<Bot>, Error>) {
    use poise::FrameworkError as F;
    fn t(ctx: Ctx<'_>, key: &str) -> String {
        crate::i18n::Tr::new(&ctx.data().texts, super::locale_of(ctx)).t(key)
    }
    let (ctx, sentence) = match err {
        F::Command { error, ctx, .. } => {
            let sentence = match error.downcast_ref::<UserMessage>() {
                Some(user) => user.sentence(&crate::i18n::Tr::new(
                    &ctx.data().texts,
                    super::locale_of(ctx),
                )),
                None => {
                    error!(command = %ctx.command().qualified_name, error = format!("{error:#}"), "command failed");
                    t(ctx, "answer-apology")
                }
            };
            (ctx, sentence)
        }
        F::CommandPanic { ctx, payload, .. } => {
            error!(command = %ctx.command().qualified_name, panic = payload.as_deref().unwrap_or("?"), "command panicked");
            (ctx, t(ctx, "answer-apology"))
        }
        F::MissingUserPermissions { ctx, .. } => (ctx, t(ctx, "answer-manage-server")),
        F::GuildOnly { ctx, .. } => (ctx, t(ctx, "answer-guild-only")),
        F::ArgumentParse { ctx, input, .. } => {
            warn!(command = %ctx.command().qualified_name, input = ?input, "could not parse an option");
            (ctx, t(ctx, "answer-bad-option"))
        }
        other => {
            warn!(error = %other, "framework error");
            return;
        }
    };
    if let Err(e) = reply(ctx, OutMessage::text(sentence).ephemeral()).await {
        warn!(error = %e, "could not tell the user about an error");
    }
}
