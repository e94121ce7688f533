//! `/help`: what the bot can do, shown only to the person asking, in their language
//! (`content/locales/*/help.ftl`).

use super::super::{reply::reply, Ctx, Error};
use crate::{
    i18n::Tr,
    message::{Card, Field, OutMessage},
};

/// What stretchbot can do.
#[poise::command(
    slash_command,
    install_context = "Guild|User",
    interaction_context = "Guild|BotDm|PrivateChannel"
)]
pub async fn help(ctx: Ctx<'_>) -> Result<(), Error> {
    let tr = Tr::new(&ctx.data().texts, super::super::locale_of(ctx));
    let commands = [
        ("/childspose [section] [private]", "help-childspose"),
        ("/stretch info <routine>", "help-stretch-info"),
        (
            "/stretch start [routine] [sets] [hold] [lobby]",
            "help-stretch-start",
        ),
        (
            "/stretch pause | resume | skip | stop",
            "help-stretch-control",
        ),
        (
            "/reminders add | list | edit | remove | pause | resume | skip | test | timezone | language",
            "help-reminders",
        ),
    ];
    let card = Card {
        title: tr.t("help-title"),
        description: tr.t("help-description"),
        fields: commands
            .iter()
            .map(|(name, key)| Field::new(*name, tr.t(key)))
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
