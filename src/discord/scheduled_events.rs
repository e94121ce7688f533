//! The reminder service's ports onto Discord: scheduled events mirroring group reminders
//! ([`DiscordEvents`]), the admins' notice in a server's system channel ([`DiscordNotices`]),
//! and the bot's permissions in a channel computed from serenity's cache
//! ([`bot_channel_permissions`]). Everything goes through the one sending layer, [`Sender`].

use std::sync::{Arc, OnceLock};

use async_trait::async_trait;
use chrono::SecondsFormat;
use poise::serenity_prelude as serenity;
use reqwest::Method;
use serde_json::{json, Value};
use tracing::{debug, info, warn};

use super::Sender;
use crate::{
    ids::GuildId,
    message::OutMessage,
    post::{Lane, PostError},
    reminders::{AdminNotifier, EventError, EventSpec, EventsPort},
};

/// Guild scheduled event privacy level: members of the server only (the only one Discord takes).
const GUILD_ONLY: u8 = 2;
/// Entity type EXTERNAL: a place given as text. A text channel cannot be an event's channel.
const EXTERNAL: u8 = 3;

/// Scheduled events through [`Sender::json`]: `POST /guilds/{g}/scheduled-events`,
/// `PATCH`/`DELETE /guilds/{g}/scheduled-events/{id}`.
#[derive(Debug, Clone)]
pub struct DiscordEvents {
    sender: Arc<Sender>,
}

impl DiscordEvents {
    pub fn new(sender: Arc<Sender>) -> Self {
        Self { sender }
    }

    /// Event sync is background work, and its failures are the port's.
    async fn call(
        &self,
        method: Method,
        path: &str,
        guild_id: u64,
        body: Option<Value>,
    ) -> Result<Value, EventError> {
        self.sender
            .json(Lane::Background, method, path, guild_id, body)
            .await
            .map_err(event_error)
    }
}

/// The JSON of an External event; creates and edits send all of it.
pub fn event_body(event: &EventSpec) -> Value {
    json!({
        "name": event.name,
        "description": event.description,
        "privacy_level": GUILD_ONLY,
        "entity_type": EXTERNAL,
        "entity_metadata": { "location": event.location },
        "scheduled_start_time": event.start.to_rfc3339_opts(SecondsFormat::Secs, true),
        "scheduled_end_time": event.end.to_rfc3339_opts(SecondsFormat::Secs, true),
    })
}

fn event_error(e: PostError) -> EventError {
    match e {
        // 404: the event was deleted or ended; 403: the bot lost Manage Events.
        e @ PostError::Gone { .. } if e.is_not_found() => EventError::NotFound,
        PostError::Gone { .. } => EventError::Forbidden,
        other => EventError::Failed(other.to_string()),
    }
}

#[async_trait]
impl EventsPort for DiscordEvents {
    async fn create(&self, guild_id: GuildId, event: &EventSpec) -> Result<u64, EventError> {
        let guild_id = guild_id.get();
        let path = format!("/guilds/{guild_id}/scheduled-events");
        let body = Some(event_body(event));
        let answer = self.call(Method::POST, &path, guild_id, body).await?;
        answer
            .get("id")
            .and_then(Value::as_str)
            .and_then(|id| id.parse().ok())
            .ok_or_else(|| EventError::Failed("Discord's answer had no event id".into()))
    }

    async fn update(
        &self,
        guild_id: GuildId,
        event_id: u64,
        event: &EventSpec,
    ) -> Result<(), EventError> {
        let guild_id = guild_id.get();
        let path = format!("/guilds/{guild_id}/scheduled-events/{event_id}");
        let body = Some(event_body(event));
        self.call(Method::PATCH, &path, guild_id, body)
            .await
            .map(drop)
    }

    async fn delete(&self, guild_id: GuildId, event_id: u64) -> Result<(), EventError> {
        let guild_id = guild_id.get();
        let path = format!("/guilds/{guild_id}/scheduled-events/{event_id}");
        self.call(Method::DELETE, &path, guild_id, None)
            .await
            .map(drop)
    }
}

/// Posts admins' notices in the server's system channel, where the bot may.
///
/// With serenity's cache attached ([`DiscordNotices::attach_cache`], e.g. in the framework's
/// setup) it finds the system channel and checks the bot's permissions there first; without it,
/// it asks Discord for the server and tries (a refusal is only logged).
#[derive(Debug)]
pub struct DiscordNotices {
    sender: Arc<Sender>,
    cache: OnceLock<Arc<serenity::Cache>>,
}

impl DiscordNotices {
    pub fn new(sender: Arc<Sender>) -> Self {
        Self {
            sender,
            cache: OnceLock::new(),
        }
    }

    /// Gives the notifier serenity's cache; later calls are ignored.
    pub fn attach_cache(&self, cache: Arc<serenity::Cache>) {
        let _ = self.cache.set(cache);
    }

    /// The system channel, if the bot may post there (cache), or as Discord reports it (REST).
    async fn system_channel(&self, guild_id: u64) -> Option<u64> {
        if let Some(cache) = self.cache.get() {
            let bot_id = cache.current_user().id;
            let guild = cache.guild(guild_id)?;
            let channel_id = guild.system_channel_id?;
            let channel = guild.channels.get(&channel_id)?;
            let roles = guild.members.get(&bot_id)?.roles.clone();
            let perms = bot_channel_permissions(&guild, channel, bot_id, &roles);
            return (perms.view_channel() && perms.send_messages()).then_some(channel_id.get());
        }
        let answer = self
            .sender
            .json(
                Lane::Background,
                Method::GET,
                &format!("/guilds/{guild_id}"),
                guild_id,
                None,
            )
            .await
            .ok()?;
        answer
            .get("system_channel_id")
            .and_then(Value::as_str)
            .and_then(|id| id.parse().ok())
    }
}

#[async_trait]
impl AdminNotifier for DiscordNotices {
    async fn notify(&self, guild_id: GuildId, message: OutMessage) {
        let guild_id = guild_id.get();
        let Some(channel_id) = self.system_channel(guild_id).await else {
            info!(
                guild_id,
                "no system channel the bot may post in; notice only logged"
            );
            return;
        };
        match self
            .sender
            .create_message(Lane::Background, channel_id, &message)
            .await
        {
            Ok(_) => debug!(guild_id, channel_id, "admin notice posted"),
            Err(e) => warn!(guild_id, channel_id, error = %e, "cannot post the admin notice"),
        }
    }
}

/// The bot's permissions in a channel: server roles, then the channel's overwrites (Discord's
/// "Permission Overwrites" algorithm), then the implicit rules Discord applies when posting: no
/// View Channel means nothing, and no Send Messages means no Embed Links or Attach Files.
pub fn bot_channel_permissions(
    guild: &serenity::Guild,
    channel: &serenity::GuildChannel,
    bot_id: serenity::UserId,
    bot_roles: &[serenity::RoleId],
) -> serenity::Permissions {
    use serenity::{PermissionOverwriteType as O, Permissions as P};
    let mut perms = bot_guild_permissions(guild, bot_id, bot_roles);
    // Owners and administrators bypass every overwrite.
    if perms.contains(P::ADMINISTRATOR) {
        return P::all();
    }
    let everyone = serenity::RoleId::new(guild.id.get());
    let (mut allow, mut deny) = (P::empty(), P::empty());
    let mut member = None;
    for o in &channel.permission_overwrites {
        match o.kind {
            O::Role(id) if id == everyone => {
                perms &= !o.deny;
                perms |= o.allow;
            }
            O::Role(id) if bot_roles.contains(&id) => {
                allow |= o.allow;
                deny |= o.deny;
            }
            O::Member(id) if id == bot_id => member = Some((o.allow, o.deny)),
            _ => {}
        }
    }
    perms &= !deny;
    perms |= allow;
    if let Some((allow, deny)) = member {
        perms &= !deny;
        perms |= allow;
    }
    if !perms.contains(P::VIEW_CHANNEL) {
        return P::empty();
    }
    if !perms.contains(P::SEND_MESSAGES) {
        perms &= !(P::EMBED_LINKS | P::ATTACH_FILES | P::MENTION_EVERYONE | P::SEND_TTS_MESSAGES);
    }
    perms
}

/// The bot's server-wide permissions (roles only), e.g. for Create Events.
pub fn bot_guild_permissions(
    guild: &serenity::Guild,
    bot_id: serenity::UserId,
    bot_roles: &[serenity::RoleId],
) -> serenity::Permissions {
    use serenity::Permissions as P;
    if guild.owner_id == bot_id {
        return P::all();
    }
    let everyone = serenity::RoleId::new(guild.id.get());
    let mut perms = guild
        .roles
        .get(&everyone)
        .map_or(P::empty(), |r| r.permissions);
    for role in bot_roles {
        if let Some(r) = guild.roles.get(role) {
            perms |= r.permissions;
        }
    }
    if perms.contains(P::ADMINISTRATOR) {
        return P::all();
    }
    perms
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{DateTime, Utc};

    #[test]
    fn external_event_json_has_what_discord_requires() {
        let start: DateTime<Utc> = "2026-06-10T07:00:00Z".parse().unwrap();
        let body = event_body(&EventSpec {
            name: "Group stretch: Child's Pose".into(),
            description: "d".into(),
            location: "#stretching".into(),
            start,
            end: start + chrono::Duration::minutes(8),
        });
        assert_eq!(body["entity_type"], 3);
        assert_eq!(body["privacy_level"], 2);
        assert_eq!(body["entity_metadata"]["location"], "#stretching");
        assert_eq!(body["scheduled_start_time"], "2026-06-10T07:00:00Z");
        assert_eq!(body["scheduled_end_time"], "2026-06-10T07:08:00Z");
        assert!(
            body.get("channel_id").is_none(),
            "External events take no channel"
        );
    }

    #[test]
    fn channel_permissions_follow_roles_then_overwrites_then_implicit_rules() {
        use poise::serenity_prelude::{
            GuildChannel, GuildId, PermissionOverwrite, PermissionOverwriteType as O,
            Permissions as P, Role, RoleId, UserId,
        };
        let bot = UserId::new(10);
        let bot_role = RoleId::new(20);
        let mut guild = serenity::Guild::default();
        guild.id = GuildId::new(1);
        guild.owner_id = UserId::new(99);
        let mut everyone = Role::default();
        everyone.id = RoleId::new(1);
        everyone.permissions = P::VIEW_CHANNEL | P::SEND_MESSAGES;
        let mut role = Role::default();
        role.id = bot_role;
        role.permissions = P::EMBED_LINKS | P::CREATE_EVENTS;
        guild.roles.insert(everyone.id, everyone);
        guild.roles.insert(bot_role, role);
        let open = GuildChannel::default();
        let perms = bot_channel_permissions(&guild, &open, bot, &[bot_role]);
        assert!(perms.contains(P::VIEW_CHANNEL | P::SEND_MESSAGES | P::EMBED_LINKS));
        assert!(bot_guild_permissions(&guild, bot, &[bot_role]).create_events());

        let overwrite = |kind, allow, deny| PermissionOverwrite { allow, deny, kind };
        let mut no_embeds = GuildChannel::default();
        no_embeds.permission_overwrites =
            vec![overwrite(O::Role(bot_role), P::empty(), P::EMBED_LINKS)];
        let perms = bot_channel_permissions(&guild, &no_embeds, bot, &[bot_role]);
        assert!(perms.send_messages() && !perms.embed_links());

        // @everyone denied sending: embeds go too, even though a role grants them.
        let mut read_only = GuildChannel::default();
        read_only.permission_overwrites = vec![overwrite(
            O::Role(RoleId::new(1)),
            P::empty(),
            P::SEND_MESSAGES,
        )];
        let perms = bot_channel_permissions(&guild, &read_only, bot, &[bot_role]);
        assert!(!perms.send_messages() && !perms.embed_links());

        // A member overwrite for the bot wins over role denies.
        let mut member_allow = read_only.clone();
        member_allow.permission_overwrites.push(overwrite(
            O::Member(bot),
            P::SEND_MESSAGES,
            P::empty(),
        ));
        assert!(bot_channel_permissions(&guild, &member_allow, bot, &[bot_role]).send_messages());

        let mut hidden = GuildChannel::default();
        hidden.permission_overwrites = vec![overwrite(
            O::Role(RoleId::new(1)),
            P::empty(),
            P::VIEW_CHANNEL,
        )];
        assert_eq!(
            bot_channel_permissions(&guild, &hidden, bot, &[bot_role]),
            P::empty()
        );
    }

    #[test]
    fn errors_map_to_what_the_service_acts_on() {
        assert_eq!(
            event_error(PostError::Gone {
                status: 404,
                code: 10070
            }),
            EventError::NotFound
        );
        assert_eq!(
            event_error(PostError::Gone {
                status: 403,
                code: 50013
            }),
            EventError::Forbidden
        );
        assert!(matches!(
            event_error(PostError::Unavailable("x".into())),
            EventError::Failed(_)
        ));
    }
}
