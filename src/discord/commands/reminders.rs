//! `/reminders`: daily stretch prompts and scheduled group stretches, for server admins.
//!
//! Hidden from members without Manage Server (`default_member_permissions`) and checked again
//! here (`required_permissions`), since a server can override the former. This file only turns
//! options and serenity's cache into the core's terms ([`GuildView`]); every check and sentence
//! comes from [`crate::reminders`].

use std::sync::Arc;

use poise::serenity_prelude as serenity;
use reqwest::Method;
use serde_json::Value;

use super::super::{
    author_may, autocomplete, reminder_error,
    reply::{defer_ephemeral, reply},
    scheduled_events::{bot_channel_permissions, bot_guild_permissions},
    Ctx, Error,
};
use crate::{
    error::{Context as _, UserMessage},
    i18n::{Arg, Locale, Tr},
    ids::{ChannelId, GuildId, RoleId},
    message::OutMessage,
    post::Lane,
    reminders::{
        prompt::{self, when_text},
        rotation::Place,
        service::TestOutcome,
        ChannelInfo, ChannelKind, GuildView, Kind, ReminderOptions, RoleInfo,
    },
};

/// What happens at the set time.
#[derive(Debug, Clone, Copy, poise::ChoiceParameter)]
pub enum KindChoice {
    #[name = "prompt"]
    Prompt,
    #[name = "group"]
    Group,
}

/// Where a prompt's channel can stretch.
#[derive(Debug, Clone, Copy, poise::ChoiceParameter)]
pub enum PlaceChoice {
    #[name = "desk"]
    Desk,
    #[name = "floor"]
    Floor,
    #[name = "any"]
    Any,
}

impl From<PlaceChoice> for Place {
    fn from(p: PlaceChoice) -> Self {
        match p {
            PlaceChoice::Desk => Place::Desk,
            PlaceChoice::Floor => Place::Floor,
            PlaceChoice::Any => Place::Any,
        }
    }
}

impl From<KindChoice> for Kind {
    fn from(k: KindChoice) -> Self {
        match k {
            KindChoice::Prompt => Kind::Prompt,
            KindChoice::Group => Kind::Group,
        }
    }
}

fn guild_id(ctx: Ctx<'_>) -> Result<GuildId, Error> {
    ctx.guild_id()
        .map(|g| g.get().into())
        .ok_or_else(|| UserMessage::localized("answer-guild-only", &[]).into())
}

/// The invoker's language: every answer here is in it.
fn tr(ctx: Ctx<'_>) -> Tr<'_> {
    Tr::new(&ctx.data().texts, super::super::locale_of(ctx))
}

/// This server as the cache sees it, with the bot's roles, looked up on demand.
struct CacheView {
    cache: Arc<serenity::Cache>,
    guild_id: serenity::GuildId,
    bot_id: serenity::UserId,
    bot_roles: Vec<serenity::RoleId>,
    /// The admin using the command holds Mention Everyone (per the interaction's permissions).
    author_mentions_everyone: bool,
}

fn channel_kind(kind: serenity::ChannelType) -> ChannelKind {
    use serenity::ChannelType as T;
    match kind {
        T::Text => ChannelKind::Text,
        T::News => ChannelKind::Announcement,
        T::Voice => ChannelKind::Voice,
        T::Stage => ChannelKind::Stage,
        T::Category => ChannelKind::Category,
        T::Forum => ChannelKind::Forum,
        T::NewsThread | T::PublicThread | T::PrivateThread => ChannelKind::Thread,
        _ => ChannelKind::Other,
    }
}

impl GuildView for CacheView {
    fn channel(&self, channel_id: ChannelId) -> Option<ChannelInfo> {
        let guild = self.cache.guild(self.guild_id)?;
        let id = serenity::ChannelId::new(channel_id.get());
        let channel = guild
            .channels
            .get(&id)
            .or_else(|| guild.threads.iter().find(|t| t.id == id))?;
        let perms = bot_channel_permissions(&guild, channel, self.bot_id, &self.bot_roles);
        Some(ChannelInfo {
            kind: channel_kind(channel.kind),
            name: channel.name.clone(),
            bot_can_view: perms.view_channel(),
            bot_can_send: perms.send_messages(),
            bot_can_embed: perms.embed_links(),
        })
    }

    fn role(&self, role_id: RoleId) -> Option<RoleInfo> {
        let guild = self.cache.guild(self.guild_id)?;
        let role = guild.roles.get(&serenity::RoleId::new(role_id.get()))?;
        Some(RoleInfo {
            name: role.name.clone(),
            is_everyone: role_id.get() == self.guild_id.get(),
            mentionable: role.mentionable,
        })
    }

    fn bot_can_create_events(&self) -> bool {
        self.cache.guild(self.guild_id).is_some_and(|guild| {
            let perms = bot_guild_permissions(&guild, self.bot_id, &self.bot_roles);
            perms.create_events() || perms.manage_events()
        })
    }

    fn author_can_mention_everyone(&self) -> bool {
        self.author_mentions_everyone
    }
}

/// Builds the view. The bot's own member is in the cache after GUILD_CREATE; if not, its roles
/// are fetched once through the sending layer.
async fn guild_view(ctx: Ctx<'_>) -> Result<CacheView, Error> {
    let guild_id = ctx
        .guild_id()
        .ok_or_else(|| Error::from(UserMessage::localized("answer-guild-only", &[])))?;
    let cache = ctx.serenity_context().cache.clone();
    let bot_id = cache.current_user().id;
    let cached = cache
        .guild(guild_id)
        .map(|g| g.members.get(&bot_id).map(|m| m.roles.clone()));
    let bot_roles = match cached {
        None => return Err(UserMessage::localized("reminders-still-loading", &[]).into()),
        Some(Some(roles)) => roles,
        Some(None) => {
            let path = format!("/guilds/{guild_id}/members/{bot_id}");
            let member = ctx
                .data()
                .sender
                .json(Lane::Live, Method::GET, &path, guild_id.get(), None)
                .await?;
            member
                .get("roles")
                .and_then(Value::as_array)
                .map(|roles| {
                    roles
                        .iter()
                        .filter_map(|r| r.as_str()?.parse().ok())
                        .map(serenity::RoleId::new)
                        .collect()
                })
                .unwrap_or_default()
        }
    };
    Ok(CacheView {
        cache,
        guild_id,
        bot_id,
        bot_roles,
        author_mentions_everyone: author_may(ctx, serenity::Permissions::mention_everyone),
    })
}

async fn timezones(_ctx: Ctx<'_>, partial: &str) -> serenity::CreateAutocompleteResponse {
    autocomplete::poise_response(autocomplete::timezones(partial))
}

/// The server's reminders, so admins pick an id instead of remembering it.
async fn reminder_ids(ctx: Ctx<'_>, partial: &str) -> serenity::CreateAutocompleteResponse {
    let guild = ctx.guild_id().map(|g| g.get().into());
    autocomplete::poise_response(autocomplete::reminder_ids(ctx.data(), guild, partial).await)
}

/// Daily stretch prompts and scheduled group stretches (Manage Server).
#[poise::command(
    slash_command,
    guild_only,
    default_member_permissions = "MANAGE_GUILD",
    required_permissions = "MANAGE_GUILD",
    subcommands(
        "add", "list", "edit", "remove", "pause", "resume", "skip", "test", "timezone", "language"
    ),
    subcommand_required
)]
pub async fn reminders(_ctx: Ctx<'_>) -> Result<(), Error> {
    Ok(())
}

/// Add a daily stretch prompt or a scheduled group stretch.
#[allow(clippy::too_many_arguments)]
#[poise::command(slash_command, guild_only, required_permissions = "MANAGE_GUILD")]
pub async fn add(
    ctx: Ctx<'_>,
    #[description = "Time of day, 24-hour HH:MM, like 09:30"] time: String,
    #[description = "The text channel to post in"]
    #[channel_types("Text", "News")]
    channel: serenity::ChannelId,
    #[description = "Which days (default: every day): weekdays, weekends, or mon,wed,fri"]
    days: Option<String>,
    #[description = "prompt: a message inviting everyone to stretch; group: a live group stretch"]
    kind: Option<KindChoice>,
    #[description = "IANA time zone, like Europe/Berlin (default: the server's)"]
    #[autocomplete = "timezones"]
    timezone: Option<String>,
    #[description = "Your own line, added to the prompt"] message: Option<String>,
    #[description = "A role to ping (nothing else is ever pinged)"] ping_role: Option<
        serenity::RoleId,
    >,
    #[description = "Group only: show the next one as a server event (default: on if I may)"]
    event: Option<bool>,
    #[description = "Prompts: which stretches to suggest: desk (default), floor or any"]
    #[rename = "where"]
    place: Option<PlaceChoice>,
) -> Result<(), Error> {
    // Acknowledged before acting: a slow answer must never make an admin repeat it.
    defer_ephemeral(ctx).await?;
    let guild = guild_id(ctx)?;
    let view = guild_view(ctx).await?;
    let options = ReminderOptions {
        time: Some(time),
        channel_id: Some(channel.get().into()),
        days,
        kind: kind.map(Kind::from),
        timezone,
        message,
        ping_role_id: ping_role.map(|r| r.get().into()),
        event,
        place: place.map(Place::from),
        ..ReminderOptions::default()
    };
    let service = &ctx.data().reminders;
    let saved = service
        .add(guild, options, &view)
        .await
        .map_err(reminder_error)?;
    reply(ctx, service.saved_message(&saved, true, &tr(ctx)).await).await
}

/// Show this server's reminders with their next times.
#[poise::command(slash_command, guild_only, required_permissions = "MANAGE_GUILD")]
pub async fn list(
    ctx: Ctx<'_>,
    #[description = "Which page, 25 reminders each (default 1)"]
    #[min = 1]
    page: Option<u32>,
) -> Result<(), Error> {
    let guild = guild_id(ctx)?;
    let message = ctx
        .data()
        .reminders
        .list_message(guild, page, &tr(ctx))
        .await
        .map_err(reminder_error)?;
    reply(ctx, message).await
}

/// Change a reminder: any option of add.
#[allow(clippy::too_many_arguments)]
#[poise::command(slash_command, guild_only, required_permissions = "MANAGE_GUILD")]
pub async fn edit(
    ctx: Ctx<'_>,
    #[description = "The reminder's number (see /reminders list)"]
    #[autocomplete = "reminder_ids"]
    id: u32,
    #[description = "New time of day, 24-hour HH:MM"] time: Option<String>,
    #[description = "New text channel"]
    #[channel_types("Text", "News")]
    channel: Option<serenity::ChannelId>,
    #[description = "New days: every day, weekdays, weekends, or mon,wed,fri"] days: Option<String>,
    #[description = "prompt or group"] kind: Option<KindChoice>,
    #[description = "New IANA time zone"]
    #[autocomplete = "timezones"]
    timezone: Option<String>,
    #[description = "New custom line"] message: Option<String>,
    #[description = "New role to ping"] ping_role: Option<serenity::RoleId>,
    #[description = "Group only: show the next one as a server event"] event: Option<bool>,
    #[description = "Drop the custom line"] remove_message: Option<bool>,
    #[description = "Stop pinging the role"] remove_ping_role: Option<bool>,
    #[description = "Prompts: which stretches to suggest: desk, floor or any"]
    #[rename = "where"]
    place: Option<PlaceChoice>,
) -> Result<(), Error> {
    // Acknowledged before acting: a slow answer must never make an admin repeat it.
    defer_ephemeral(ctx).await?;
    let guild = guild_id(ctx)?;
    let view = guild_view(ctx).await?;
    let options = ReminderOptions {
        time,
        channel_id: channel.map(|c| c.get().into()),
        days,
        kind: kind.map(Kind::from),
        timezone,
        message,
        ping_role_id: ping_role.map(|r| r.get().into()),
        event,
        place: place.map(Place::from),
        clear_message: remove_message.unwrap_or(false),
        clear_ping_role: remove_ping_role.unwrap_or(false),
    };
    let service = &ctx.data().reminders;
    let saved = service
        .edit(guild, id, options, &view)
        .await
        .map_err(reminder_error)?;
    reply(ctx, service.saved_message(&saved, false, &tr(ctx)).await).await
}

/// Delete a reminder (and its server event).
#[poise::command(slash_command, guild_only, required_permissions = "MANAGE_GUILD")]
pub async fn remove(
    ctx: Ctx<'_>,
    #[description = "The reminder's number (see /reminders list)"]
    #[autocomplete = "reminder_ids"]
    id: u32,
) -> Result<(), Error> {
    // Acknowledged before acting: a slow answer must never make an admin repeat it.
    defer_ephemeral(ctx).await?;
    let guild = guild_id(ctx)?;
    let removed = ctx
        .data()
        .reminders
        .remove(guild, id)
        .await
        .map_err(reminder_error)?;
    let channel = removed.channel_id.to_string();
    let text = tr(ctx).t_args(
        "reminders-removed",
        &[
            ("number", Arg::Num(i64::from(removed.number))),
            ("channel", Arg::Str(&channel)),
        ],
    );
    reply(ctx, OutMessage::text(text).ephemeral()).await
}

/// Stop a reminder until you resume it.
#[poise::command(slash_command, guild_only, required_permissions = "MANAGE_GUILD")]
pub async fn pause(
    ctx: Ctx<'_>,
    #[description = "The reminder's number (see /reminders list)"]
    #[autocomplete = "reminder_ids"]
    id: u32,
) -> Result<(), Error> {
    // Acknowledged before acting: a slow answer must never make an admin repeat it.
    defer_ephemeral(ctx).await?;
    let guild = guild_id(ctx)?;
    let paused = ctx
        .data()
        .reminders
        .pause(guild, id)
        .await
        .map_err(reminder_error)?;
    let text = tr(ctx).t_args(
        "reminders-paused",
        &[("number", Arg::Num(i64::from(paused.number)))],
    );
    reply(ctx, OutMessage::text(text).ephemeral()).await
}

/// Start a paused (or flagged) reminder again.
#[poise::command(slash_command, guild_only, required_permissions = "MANAGE_GUILD")]
pub async fn resume(
    ctx: Ctx<'_>,
    #[description = "The reminder's number (see /reminders list)"]
    #[autocomplete = "reminder_ids"]
    id: u32,
) -> Result<(), Error> {
    // Acknowledged before acting: a slow answer must never make an admin repeat it.
    defer_ephemeral(ctx).await?;
    let guild = guild_id(ctx)?;
    let view = guild_view(ctx).await?;
    let resumed = ctx
        .data()
        .reminders
        .resume(guild, id, &view)
        .await
        .map_err(reminder_error)?;
    let tr = tr(ctx);
    let next = prompt::next_text(&resumed, ctx.data().clock.now(), &tr);
    let text = tr.t_args(
        "reminders-resumed",
        &[
            ("number", Arg::Num(i64::from(resumed.number))),
            ("next", Arg::Str(&next)),
        ],
    );
    reply(ctx, OutMessage::text(text).ephemeral()).await
}

/// Skip the next occurrence only.
#[poise::command(slash_command, guild_only, required_permissions = "MANAGE_GUILD")]
pub async fn skip(
    ctx: Ctx<'_>,
    #[description = "The reminder's number (see /reminders list)"]
    #[autocomplete = "reminder_ids"]
    id: u32,
) -> Result<(), Error> {
    // Acknowledged before acting: a slow answer must never make an admin repeat it.
    defer_ephemeral(ctx).await?;
    let guild = guild_id(ctx)?;
    let done = ctx
        .data()
        .reminders
        .skip(guild, id)
        .await
        .map_err(reminder_error)?;
    let tr = tr(ctx);
    let next = prompt::next_text(&done.reminder, ctx.data().clock.now(), &tr);
    let text = tr.t_args(
        "reminders-skipped",
        &[
            ("number", Arg::Num(i64::from(done.reminder.number))),
            ("when", Arg::Str(&when_text(&done.skipped))),
            ("next", Arg::Str(&next)),
        ],
    );
    reply(ctx, OutMessage::text(text).ephemeral()).await
}

/// Post a reminder now, to see how it looks (it doesn't count as the day's).
#[poise::command(slash_command, guild_only, required_permissions = "MANAGE_GUILD")]
pub async fn test(
    ctx: Ctx<'_>,
    #[description = "The reminder's number (see /reminders list)"]
    #[autocomplete = "reminder_ids"]
    id: u32,
) -> Result<(), Error> {
    // Acknowledged before acting: a slow answer must never make an admin repeat it.
    defer_ephemeral(ctx).await?;
    let guild = guild_id(ctx)?;
    let outcome = ctx
        .data()
        .reminders
        .test(guild, id)
        .await
        .map_err(reminder_error)?;
    let text = tr(ctx).t(match outcome {
        TestOutcome::Posted { .. } => "reminders-test-posted",
        TestOutcome::Pending => "reminders-test-pending",
    });
    reply(ctx, OutMessage::text(text).ephemeral()).await
}

/// Set the server's default time zone for new reminders.
#[poise::command(slash_command, guild_only, required_permissions = "MANAGE_GUILD")]
pub async fn timezone(
    ctx: Ctx<'_>,
    #[description = "IANA time zone, like Europe/Berlin or America/New_York"]
    #[autocomplete = "timezones"]
    zone: String,
) -> Result<(), Error> {
    // Acknowledged before acting: a slow answer must never make an admin repeat it.
    defer_ephemeral(ctx).await?;
    let guild = guild_id(ctx)?;
    let tz = ctx
        .data()
        .reminders
        .set_timezone(guild, &zone)
        .await
        .map_err(reminder_error)?;
    let text = tr(ctx).t_args("reminders-timezone-set", &[("zone", Arg::Str(tz.name()))]);
    reply(ctx, OutMessage::text(text).ephemeral()).await
}

/// The languages a server's posts can be in.
#[derive(Debug, Clone, Copy, poise::ChoiceParameter)]
pub enum LanguageChoice {
    #[name = "english"]
    English,
    #[name = "french"]
    French,
    #[name = "german"]
    German,
    #[name = "spanish"]
    Spanish,
    #[name = "portuguese"]
    Portuguese,
    #[name = "japanese"]
    Japanese,
}

impl From<LanguageChoice> for Locale {
    fn from(c: LanguageChoice) -> Self {
        match c {
            LanguageChoice::English => Locale::EnUs,
            LanguageChoice::French => Locale::Fr,
            LanguageChoice::German => Locale::De,
            LanguageChoice::Spanish => Locale::EsEs,
            LanguageChoice::Portuguese => Locale::PtBr,
            LanguageChoice::Japanese => Locale::Ja,
        }
    }
}

/// Set the language of this server's posts: prompts, lobbies, session steps.
#[poise::command(slash_command, guild_only, required_permissions = "MANAGE_GUILD")]
pub async fn language(
    ctx: Ctx<'_>,
    #[description = "The language of this server's posts"] language: LanguageChoice,
) -> Result<(), Error> {
    // Acknowledged before acting: a slow answer must never make an admin repeat it.
    defer_ephemeral(ctx).await?;
    let guild = guild_id(ctx)?;
    let chosen = Locale::from(language);
    ctx.data()
        .store
        .set_guild_language(guild, chosen.code())
        .await
        .internal("saving a server's language")?;
    let text = language_set_sentence(&tr(ctx), chosen);
    reply(ctx, OutMessage::text(text).ephemeral()).await
}

/// The answer to `/reminders language`: the chosen language named as the reader calls it.
fn language_set_sentence(tr: &Tr<'_>, chosen: Locale) -> String {
    let name = tr.t(&format!("language-name-{}", chosen.code()));
    tr.t_args("reminders-language-set", &[("language", Arg::Str(&name))])
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::i18n::Texts;

    #[test]
    fn the_language_answer_names_the_language_as_the_reader_calls_it() {
        let texts =
            Texts::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("content/locales")).unwrap();
        let say = |reader, chosen| language_set_sentence(&Tr::new(&texts, reader), chosen);
        assert_eq!(
            say(Locale::EnUs, Locale::De),
            "This server's posts (prompts, lobbies, session steps) are now in German."
        );
        assert!(say(Locale::De, Locale::De).ends_with("jetzt auf Deutsch."));
        assert!(say(Locale::Fr, Locale::De).ends_with("désormais en allemand."));
        assert!(say(Locale::Ja, Locale::EnUs).contains("英語"));
        assert!(say(Locale::EsEs, Locale::PtBr).ends_with("ahora están en portugués."));
        assert!(say(Locale::PtBr, Locale::Ja).ends_with("agora estão em japonês."));
    }
}
