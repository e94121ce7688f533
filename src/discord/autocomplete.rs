//! Autocomplete answers. They go through the one sending layer like every other reply: poise
//! would answer them through serenity's HTTP client, outside our limits and with the interaction
//! token in its debug spans. The gateway hands autocomplete events here before poise sees them
//! ([`super::gateway`]); the choices come from the same functions the command options name.

use poise::serenity_prelude as serenity;
use serde_json::{json, Value};
use tracing::warn;

use super::{sender::Reply, Bot};
use crate::{
    content::{playable_secs, Entry},
    ids::GuildId,
    limits::{truncate, AUTOCOMPLETE_CHOICES},
    schedule::timezone_suggestions,
};

/// (name shown, value sent) pairs; the value has the option's type (string or integer).
pub type Choices = Vec<(String, Value)>;

/// The same choices in the shape poise's option attributes want. poise never calls them at
/// run time (the gateway answers autocomplete here), but the attribute marks the option as
/// autocompleted when commands are registered.
pub fn poise_response(choices: Choices) -> serenity::CreateAutocompleteResponse {
    serenity::CreateAutocompleteResponse::new().set_choices(
        choices
            .into_iter()
            .map(|(name, value)| serenity::AutocompleteChoice::new(name, value))
            .collect(),
    )
}

/// Time zones matching what was typed.
pub fn timezones(partial: &str) -> Choices {
    timezone_suggestions(partial, AUTOCOMPLETE_CHOICES)
        .into_iter()
        .map(|zone| (zone.to_owned(), json!(zone)))
        .collect()
}

/// Routines, then stretches, matching what was typed (by name or tag), each with its tags:
/// "Seated neck side stretch · seated · neck, shoulders · chair · 2 min".
pub fn routines(bot: &Bot, partial: &str) -> Choices {
    bot.library
        .search_entries(partial, AUTOCOMPLETE_CHOICES)
        .into_iter()
        .map(|entry| match entry {
            Entry::Stretch(r) => (
                truncate(&format!("{} · {}", r.display_name(), r.tags.summary()), 100),
                json!(r.id),
            ),
            Entry::Sequence(s) => {
                let minutes = bot
                    .library
                    .playable(&s.id)
                    .map_or(0, |r| playable_secs(r).div_ceil(60));
                let name = format!(
                    "Routine: {} · {} stretches · {} · {minutes} min",
                    s.name,
                    s.items.len(),
                    s.position.as_str()
                );
                (truncate(&name, 100), json!(s.id))
            }
        })
        .collect()
}

/// The server's reminders, so admins pick an id instead of remembering it.
pub async fn reminder_ids(bot: &Bot, guild_id: Option<GuildId>, partial: &str) -> Choices {
    let Some(guild) = guild_id else {
        return Vec::new();
    };
    let Ok(reminders) = bot.reminders.list(guild).await else {
        return Vec::new();
    };
    let partial = partial.trim().trim_start_matches('#');
    reminders
        .iter()
        .filter(|r| partial.is_empty() || r.number.to_string().starts_with(partial))
        .take(AUTOCOMPLETE_CHOICES)
        .map(|r| {
            let name = format!(
                "#{} · {} {} · {} in #{}",
                r.number,
                r.time_text(),
                r.schedule.days,
                r.kind,
                r.channel_name
            );
            (truncate(&name, 100), json!(r.number))
        })
        .collect()
}

/// Answers one autocomplete interaction, by the option being typed in.
pub async fn answer(bot: &Bot, interaction: &serenity::CommandInteraction) {
    let Some(focused) = interaction.data.autocomplete() else {
        return;
    };
    let choices = match focused.name {
        "timezone" | "zone" => timezones(focused.value),
        "routine" => routines(bot, focused.value),
        "id" => {
            reminder_ids(
                bot,
                interaction.guild_id.map(|g| g.get().into()),
                focused.value,
            )
            .await
        }
        other => {
            warn!(option = other, command = %interaction.data.name, "autocomplete for an option nobody completes");
            Vec::new()
        }
    };
    if let Err(e) = bot
        .sender
        .respond(
            interaction.id.get(),
            &interaction.token,
            &Reply::Choices(choices),
        )
        .await
    {
        warn!(error = %e, "could not answer an autocomplete");
    }
}
