//! `/help`: what the bot can do, shown only to the person asking.

use super::super::{reply::reply, Ctx, Error};
use crate::message::{Card, Field, OutMessage};

/// What stretchbot can do.
#[poise::command(
    slash_command,
    install_context = "Guild|User",
    interaction_context = "Guild|BotDm|PrivateChannel"
)]
pub async fn help(ctx: Ctx<'_>) -> Result<(), Error> {
    let commands = [
        (
            "/childspose [section] [private]",
            "Child's Pose (Balasana): overview, steps, safety, anatomy, benefits, or all of it.",
        ),
        (
            "/stretch info <routine>",
            "Any stretch or routine in the bot's library, shown the same way.",
        ),
        (
            "/stretch start [routine] [sets] [hold] [lobby]",
            "Lead the channel through a live group stretch or a routine of several: people join by button.",
        ),
        (
            "/stretch pause | resume | skip | stop",
            "Control the running session (its starter, or anyone with Manage Messages).",
        ),
        (
            "/reminders add | list | edit | remove | pause | resume | skip | test | timezone",
            "Daily stretch prompts (a different stretch each day; where: desk, floor or any) and scheduled group stretches (Manage Server).",
        ),
    ];
    let card = Card {
        title: "stretchbot: take your stretch breaks".into(),
        description: "Short, guided stretches for your team, right in the channel.".into(),
        fields: commands
            .iter()
            .map(|(name, what)| Field::new(*name, *what))
            .collect(),
        ..Card::default()
    };
    let message = OutMessage {
        cards: vec![card],
        ..OutMessage::default()
    }
    .ephemeral();
    reply(ctx, message).await
}
