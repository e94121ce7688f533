//! Answering an interaction through the [`Sender`](super::Sender), and the two tiers of errors:
//! a [`UserMessage`] is shown as its sentence, anything else is logged with its whole chain of
//! causes and the person sees [`APOLOGY`].

use std::sync::atomic::Ordering;

use tracing::{error, warn};

use super::{sender::Reply, Bot, Ctx, Error};
use crate::{
    error::{UserMessage, APOLOGY},
    message::OutMessage,
};

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
    let (ctx, sentence) = match err {
        F::Command { error, ctx, .. } => {
            let sentence = match error.downcast_ref::<UserMessage>() {
                Some(user) => user.to_string(),
                None => {
                    error!(command = %ctx.command().qualified_name, error = format!("{error:#}"), "command failed");
                    APOLOGY.to_owned()
                }
            };
            (ctx, sentence)
        }
        F::CommandPanic { ctx, payload, .. } => {
            error!(command = %ctx.command().qualified_name, panic = payload.as_deref().unwrap_or("?"), "command panicked");
            (ctx, APOLOGY.to_owned())
        }
        F::MissingUserPermissions { ctx, .. } => (
            ctx,
            "You need the Manage Server permission to use this command.".to_owned(),
        ),
        F::GuildOnly { ctx, .. } => (ctx, "This command works only in a server.".to_owned()),
        F::ArgumentParse { ctx, input, .. } => {
            warn!(command = %ctx.command().qualified_name, input = ?input, "could not parse an option");
            (
                ctx,
                "One of the options didn't make sense to me; please check it and try again."
                    .to_owned(),
            )
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
