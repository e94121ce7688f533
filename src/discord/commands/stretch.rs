//! `/stretch`: any routine of the library (`info`), and live group sessions.

use poise::serenity_prelude as serenity;

use super::super::{reply::reply, user_error, Ctx, Error};
use crate::{
    limits::{truncate, AUTOCOMPLETE_CHOICES},
    render::{routine_message, Section},
};

/// Routines whose name matches what the person typed so far.
async fn routine_names(ctx: Ctx<'_>, partial: &str) -> serenity::CreateAutocompleteResponse {
    let choices = ctx
        .data()
        .library
        .search(partial, AUTOCOMPLETE_CHOICES)
        .into_iter()
        .map(|r| serenity::AutocompleteChoice::new(truncate(&r.display_name(), 100), r.id.clone()))
        .collect();
    serenity::CreateAutocompleteResponse::new().set_choices(choices)
}

/// Guided stretches: look one up, or lead the channel through one.
#[poise::command(
    slash_command,
    subcommands("info"),
    subcommand_required,
    install_context = "Guild|User",
    interaction_context = "Guild|BotDm|PrivateChannel"
)]
pub async fn stretch(_ctx: Ctx<'_>) -> Result<(), Error> {
    Ok(())
}

/// Show a stretch from the library.
#[poise::command(slash_command)]
pub async fn info(
    ctx: Ctx<'_>,
    #[description = "The stretch"]
    #[autocomplete = "routine_names"]
    routine: String,
    #[description = "Which part to show (default: all)"] section: Option<
        super::childspose::SectionChoice,
    >,
    #[description = "Only you see the answer"] private: Option<bool>,
) -> Result<(), Error> {
    let Some(found) = ctx.data().library.get(routine.trim()) else {
        return Err(user_error(format!(
            "I don't know a stretch called “{}”: pick one from the list as you type.",
            truncate(routine.trim(), 40)
        )));
    };
    let section = section.map_or(Section::All, Section::from);
    let mut message = routine_message(found, section)?;
    message.ephemeral = private.unwrap_or(false);
    reply(ctx, message).await
}
