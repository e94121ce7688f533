//! Checks every payload the fake sends against serenity 0.12.5's own models.
//!
//! serenity turns a known gateway event that fails to deserialize into `Event::Unknown` and only
//! logs it at DEBUG, so a fake with a payload bug looks like "the bot ignored my command". Here
//! the fake deserializes its own payloads first and records the exact serde error in
//! `State::payload_errors` (see `FakeDiscord::assert_payloads_ok`).

use serde::de::DeserializeOwned;
use serde_json::{json, Value};
use serenity::all::{
    BotGateway, Channel, ChannelCreateEvent, ChannelDeleteEvent, ChannelUpdateEvent, Command,
    CurrentApplicationInfo, CurrentUser, Event, Guild, GuildChannel, GuildMemberUpdateEvent,
    GuildRoleUpdateEvent, Interaction, Member, Message, MessageDeleteEvent, MessageUpdateEvent,
    PartialGuild, Ready, Role, ScheduledEvent, User,
};

fn try_as<T: DeserializeOwned>(v: &Value) -> Result<(), String> {
    serde_json::from_value::<T>(v.clone())
        .map(|_| ())
        .map_err(|e| e.to_string())
}

/// A dispatch `t`/`d` must deserialize into the event serenity expects (not `Event::Unknown`).
pub fn check_dispatch(t: &str, d: &Value) -> Result<(), String> {
    // The specific model first: its error message names the missing or wrong field.
    let specific = match t {
        "READY" => try_as::<Ready>(d),
        "GUILD_CREATE" => try_as::<Guild>(d),
        "GUILD_UPDATE" => try_as::<PartialGuild>(d),
        "INTERACTION_CREATE" => try_as::<Interaction>(d),
        "MESSAGE_CREATE" => try_as::<Message>(d),
        "MESSAGE_UPDATE" => try_as::<MessageUpdateEvent>(d),
        "MESSAGE_DELETE" => try_as::<MessageDeleteEvent>(d),
        "CHANNEL_CREATE" => try_as::<ChannelCreateEvent>(d),
        "CHANNEL_UPDATE" => try_as::<ChannelUpdateEvent>(d),
        "CHANNEL_DELETE" => try_as::<ChannelDeleteEvent>(d),
        "GUILD_ROLE_UPDATE" => try_as::<GuildRoleUpdateEvent>(d),
        "GUILD_MEMBER_UPDATE" => try_as::<GuildMemberUpdateEvent>(d),
        t if t.starts_with("GUILD_SCHEDULED_EVENT_") => try_as::<ScheduledEvent>(d),
        _ => Ok(()),
    };
    specific?;
    match serde_json::from_value::<Event>(json!({ "t": t, "d": d })) {
        Ok(Event::Unknown(_)) if t != "RESUMED" => {
            Err("deserializes only as Event::Unknown".into())
        }
        Ok(_) => Ok(()),
        Err(e) => Err(e.to_string()),
    }
}

/// A successful REST answer must deserialize into what serenity's `Http` method expects.
/// `route` is the route shape (`GET /channels/{channel_id}`).
pub fn check_rest(route: &str, body: &Value) -> Result<(), String> {
    let (method, path) = route.split_once(' ').unwrap_or(("", route));
    let is_list = body.is_array();
    match (method, path) {
        ("GET", "/gateway/bot") => try_as::<BotGateway>(body),
        (_, "/users/@me") => try_as::<CurrentUser>(body),
        (_, "/users/@me/channels") => try_as::<Channel>(body),
        (_, "/users/{user_id}") => try_as::<User>(body),
        (_, "/oauth2/applications/@me" | "/applications/@me") => {
            try_as::<CurrentApplicationInfo>(body)
        }
        (_, p) if p.contains("/messages") && is_list => try_as::<Vec<Message>>(body),
        (_, p) if p.contains("/messages") || p.starts_with("/webhooks/") => try_as::<Message>(body),
        (_, p) if p.ends_with("/commands") && is_list => try_as::<Vec<Command>>(body),
        (_, p) if p.contains("/commands") => try_as::<Command>(body),
        (_, "/channels/{channel_id}") => try_as::<Channel>(body),
        (_, "/guilds/{guild_id}") => try_as::<PartialGuild>(body),
        (_, "/guilds/{guild_id}/channels") => try_as::<Vec<GuildChannel>>(body),
        (_, "/guilds/{guild_id}/members/{user_id}") => try_as::<Member>(body),
        (_, "/guilds/{guild_id}/roles") => try_as::<Vec<Role>>(body),
        (_, p) if p.contains("/scheduled-events") && is_list => try_as::<Vec<ScheduledEvent>>(body),
        (_, p) if p.contains("/scheduled-events") => try_as::<ScheduledEvent>(body),
        _ => Ok(()),
    }
}
