//! The guilds the fake Discord serves, as plain data, and the JSON Discord would send for them.
//!
//! The standard guild ([`GUILD_ID`]) is the one every test uses. Sharding tests add more servers
//! (`FakeOptions::extra_guilds`): each is a copy of the standard one under its own guild id, with
//! the same users as members and its own roles and channels, numbered like the standard ones
//! (see [`in_guild`]); [`guild_id_on_shard`] makes ids that Discord's rule puts on a given shard.
//!
//! Ids are fixed constants so tests can name "Alice" or "the locked channel" directly. Every JSON
//! builder here mirrors a Discord object field by field (including the `null`s), because serenity
//! deserializes strictly: a missing required field makes a gateway event vanish silently.

use chrono::{DateTime, Utc};
use serde_json::{json, Value};

use super::perms::*;

/// The guild, and the id of its `@everyone` role (Discord reuses the guild id for it).
pub const GUILD_ID: u64 = 1_100_000_000_000_000_000;
pub const EVERYONE_ROLE: u64 = GUILD_ID;

/// The bot user. As in Discord, the bot's user id is also its application id.
pub const BOT_ID: u64 = 1_100_000_000_000_000_010;
pub const APPLICATION_ID: u64 = BOT_ID;
/// Owns the guild (and so has every permission); not used by the default tests.
pub const OWNER_ID: u64 = 1_100_000_000_000_000_011;
/// A member with the admin role (ADMINISTRATOR).
pub const ADMIN_ID: u64 = 1_100_000_000_000_000_012;
/// Plain members: only `@everyone`.
pub const ALICE_ID: u64 = 1_100_000_000_000_000_013;
pub const BOB_ID: u64 = 1_100_000_000_000_000_014;

/// The managed role Discord creates when the bot joins; the bot member has it.
pub const BOT_ROLE: u64 = 1_100_000_000_000_000_020;
pub const ADMIN_ROLE: u64 = 1_100_000_000_000_000_021;
/// A mentionable role with no permissions: anyone may ping it.
pub const MENTIONABLE_ROLE: u64 = 1_100_000_000_000_000_022;
/// A role that is not mentionable: only members with Mention Everyone may ping it.
pub const QUIET_ROLE: u64 = 1_100_000_000_000_000_023;
/// Manage Server and nothing more (no Mention Everyone): give it to a member with
/// `set_member_roles` to make a server manager who is not an administrator.
pub const MANAGER_ROLE: u64 = 1_100_000_000_000_000_024;

pub const CATEGORY_ID: u64 = 1_100_000_000_000_000_030;
/// A text channel where the bot may post (embeds, files).
pub const TEXT_CHANNEL: u64 = 1_100_000_000_000_000_031;
/// A text channel with an overwrite on the bot role denying SEND_MESSAGES.
pub const LOCKED_CHANNEL: u64 = 1_100_000_000_000_000_032;
pub const VOICE_CHANNEL: u64 = 1_100_000_000_000_000_033;
/// The guild's system channel (a text channel).
pub const SYSTEM_CHANNEL: u64 = 1_100_000_000_000_000_034;
/// A read-only text channel (announcements style): the @everyone overwrite denies
/// SEND_MESSAGES, the bot role's overwrite allows it. Members see it but may not send; the bot
/// may (administrators and the owner too, as overwrites do not apply to them).
pub const READONLY_CHANNEL: u64 = 1_100_000_000_000_000_035;

/// The id in server `guild_id` of what `standard_id` is in the standard guild (a role, a channel,
/// or the guild itself): `in_guild(g, TEXT_CHANNEL)` is server `g`'s text channel. Users keep
/// their ids everywhere (they are global in Discord).
pub fn in_guild(guild_id: u64, standard_id: u64) -> u64 {
    debug_assert!(
        (GUILD_ID..=READONLY_CHANNEL).contains(&standard_id),
        "{standard_id} is not an id of the standard guild"
    );
    guild_id + (standard_id - GUILD_ID)
}

/// A guild id that Discord's rule `(guild_id >> 22) % shards` puts on `shard`; `nth` (0, 1, ...)
/// tells several apart. They are far from the standard guild's ids, and their low 22 bits
/// are 0, so the ids of a server's roles and channels ([`in_guild`]) never meet another's.
pub fn guild_id_on_shard(shard: u64, shards: u64, nth: u64) -> u64 {
    assert!(shard < shards, "shard {shard} is not one of 0..{shards}");
    // Around 2020 in snowflake time, like GUILD_ID (2017): ordinary-looking ids.
    let first = 300_000_000_000 / shards;
    ((first + nth) * shards + shard) << 22
}

/// The shard a guild is on among `shards` (Discord's rule).
pub fn shard_of(guild_id: u64, shards: u64) -> u64 {
    (guild_id >> 22) % shards.max(1)
}

/// The token the fake accepts by default.
/// A server the bot is not in, where a person may still use the app (see
/// [`crate::interactions::Install`]); the fake's world holds nothing of it.
pub const OTHER_GUILD_ID: u64 = 1_200_000_000_000_000_000;
/// A text channel of [`OTHER_GUILD_ID`].
pub const OTHER_CHANNEL: u64 = 1_200_000_000_000_000_001;
pub const BOT_TOKEN: &str = "MTEwMDAwMDAwMDAwMDAwMDAxMA.FakeE2E.stretchbot-test-token-not-real";

/// Discord's upload limit for a guild without boosts (also sent as `attachment_size_limit`).
pub const ATTACHMENT_SIZE_LIMIT: u64 = 10 * 1024 * 1024;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChannelKind {
    Text = 0,
    Dm = 1,
    Voice = 2,
    Category = 4,
    Announcement = 5,
}

impl ChannelKind {
    /// Whether messages can be posted there (voice channels have a text chat in Discord).
    pub fn is_textual(self) -> bool {
        matches!(
            self,
            Self::Text | Self::Dm | Self::Voice | Self::Announcement
        )
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OverwriteKind {
    Role = 0,
    Member = 1,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Overwrite {
    pub id: u64,
    pub kind: OverwriteKind,
    pub allow: u64,
    pub deny: u64,
}

impl Overwrite {
    pub fn role(id: u64, allow: u64, deny: u64) -> Self {
        Self {
            id,
            kind: OverwriteKind::Role,
            allow,
            deny,
        }
    }

    pub fn member(id: u64, allow: u64, deny: u64) -> Self {
        Self {
            id,
            kind: OverwriteKind::Member,
            allow,
            deny,
        }
    }
}

#[derive(Clone, Debug)]
pub struct Channel {
    pub id: u64,
    pub kind: ChannelKind,
    pub name: String,
    pub parent_id: Option<u64>,
    pub position: u16,
    pub overwrites: Vec<Overwrite>,
    pub topic: Option<String>,
    pub last_message_id: Option<u64>,
    /// For DM channels: the other user.
    pub recipient: Option<u64>,
}

#[derive(Clone, Debug)]
pub struct Role {
    pub id: u64,
    pub name: String,
    pub permissions: u64,
    pub position: u16,
    pub color: u32,
    pub hoist: bool,
    pub mentionable: bool,
    /// Set for the bot's managed role (`tags.bot_id`).
    pub bot_id: Option<u64>,
}

#[derive(Clone, Debug)]
pub struct User {
    pub id: u64,
    pub username: String,
    pub global_name: Option<String>,
    pub discriminator: String,
    pub bot: bool,
}

#[derive(Clone, Debug)]
pub struct Member {
    pub user: User,
    pub roles: Vec<u64>,
    pub nick: Option<String>,
    pub joined_at: DateTime<Utc>,
    /// When set, the member's DMs are closed to the bot (50007 on send).
    pub dms_closed: bool,
}

/// Everything about one guild that permission checks and payloads need.
#[derive(Clone, Debug)]
pub struct World {
    /// [`GUILD_ID`] for the standard guild; its `@everyone` role has the same id.
    pub guild_id: u64,
    pub guild_name: String,
    pub owner_id: u64,
    pub system_channel_id: Option<u64>,
    pub roles: Vec<Role>,
    pub channels: Vec<Channel>,
    pub members: Vec<Member>,
    pub created_at: DateTime<Utc>,
    /// The server's Discord language (`preferred_locale`); `en-US` unless a test sets one.
    pub preferred_locale: String,
}

fn user(id: u64, name: &str, bot: bool) -> User {
    User {
        id,
        username: name.to_string(),
        global_name: if bot { None } else { Some(capitalize(name)) },
        // Bots keep a four-digit discriminator; migrated users have "0".
        discriminator: if bot { "4821".into() } else { "0".into() },
        bot,
    }
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

fn text_channel(
    id: u64,
    category: u64,
    name: &str,
    position: u16,
    overwrites: Vec<Overwrite>,
) -> Channel {
    Channel {
        id,
        kind: ChannelKind::Text,
        name: name.into(),
        parent_id: Some(category),
        position,
        overwrites,
        topic: None,
        last_message_id: None,
        recipient: None,
    }
}

impl World {
    /// The default guild described in the module docs of `fake`.
    pub fn standard(now: DateTime<Utc>) -> Self {
        Self::guild(GUILD_ID, "Stretch Test Guild", now)
    }

    /// A copy of the standard guild under `guild_id` (its roles and channels renumbered with
    /// [`in_guild`], the same users as members).
    pub fn guild(guild_id: u64, name: &str, now: DateTime<Utc>) -> Self {
        let at = |standard_id| in_guild(guild_id, standard_id);
        let joined = now - chrono::Duration::days(30);
        let role = |id, name: &str, permissions, position, bot_id| Role {
            id,
            name: String::from(name),
            permissions,
            position,
            color: 0,
            hoist: false,
            mentionable: false,
            bot_id,
        };
        let member = |u: User, roles: Vec<u64>| Member {
            user: u,
            roles,
            nick: None,
            joined_at: joined,
            dms_closed: false,
        };
        World {
            guild_id,
            preferred_locale: "en-US".into(),
            guild_name: name.into(),
            owner_id: OWNER_ID,
            system_channel_id: Some(at(SYSTEM_CHANNEL)),
            roles: vec![
                role(
                    at(EVERYONE_ROLE),
                    "@everyone",
                    VIEW_CHANNEL
                        | SEND_MESSAGES
                        | READ_MESSAGE_HISTORY
                        | USE_APPLICATION_COMMANDS
                        | ADD_REACTIONS
                        | CONNECT
                        | SPEAK,
                    0,
                    None,
                ),
                role(
                    at(BOT_ROLE),
                    "stretchbot",
                    VIEW_CHANNEL
                        | SEND_MESSAGES
                        | EMBED_LINKS
                        | ATTACH_FILES
                        | READ_MESSAGE_HISTORY
                        | MANAGE_EVENTS
                        | CREATE_EVENTS
                        | CONNECT,
                    1,
                    Some(BOT_ID),
                ),
                role(at(ADMIN_ROLE), "admin", ADMINISTRATOR, 2, None),
                Role {
                    mentionable: true,
                    ..role(at(MENTIONABLE_ROLE), "stretchers", 0, 3, None)
                },
                role(at(QUIET_ROLE), "night shift", 0, 4, None),
                role(at(MANAGER_ROLE), "managers", MANAGE_GUILD, 5, None),
            ],
            channels: vec![
                Channel {
                    id: at(CATEGORY_ID),
                    kind: ChannelKind::Category,
                    name: "Stretching".into(),
                    parent_id: None,
                    position: 0,
                    overwrites: vec![],
                    topic: None,
                    last_message_id: None,
                    recipient: None,
                },
                text_channel(at(TEXT_CHANNEL), at(CATEGORY_ID), "stretch", 0, vec![]),
                text_channel(
                    at(LOCKED_CHANNEL),
                    at(CATEGORY_ID),
                    "announcements",
                    1,
                    vec![Overwrite::role(at(BOT_ROLE), 0, SEND_MESSAGES)],
                ),
                Channel {
                    kind: ChannelKind::Voice,
                    ..text_channel(
                        at(VOICE_CHANNEL),
                        at(CATEGORY_ID),
                        "Stretch Room",
                        2,
                        vec![],
                    )
                },
                Channel {
                    parent_id: None,
                    ..text_channel(at(SYSTEM_CHANNEL), at(CATEGORY_ID), "general", 3, vec![])
                },
                text_channel(
                    at(READONLY_CHANNEL),
                    at(CATEGORY_ID),
                    "read-only",
                    4,
                    vec![
                        Overwrite::role(at(EVERYONE_ROLE), 0, SEND_MESSAGES),
                        Overwrite::role(at(BOT_ROLE), SEND_MESSAGES, 0),
                    ],
                ),
            ],
            members: vec![
                member(user(BOT_ID, "stretchbot", true), vec![at(BOT_ROLE)]),
                member(user(OWNER_ID, "owner", false), vec![]),
                member(user(ADMIN_ID, "admin", false), vec![at(ADMIN_ROLE)]),
                member(user(ALICE_ID, "alice", false), vec![]),
                member(user(BOB_ID, "bob", false), vec![]),
            ],
            created_at: now - chrono::Duration::days(365),
        }
    }

    pub fn channel(&self, id: u64) -> Option<&Channel> {
        self.channels.iter().find(|c| c.id == id)
    }

    pub fn channel_mut(&mut self, id: u64) -> Option<&mut Channel> {
        self.channels.iter_mut().find(|c| c.id == id)
    }

    pub fn role(&self, id: u64) -> Option<&Role> {
        self.roles.iter().find(|r| r.id == id)
    }

    pub fn member(&self, id: u64) -> Option<&Member> {
        self.members.iter().find(|m| m.user.id == id)
    }

    pub fn member_mut(&mut self, id: u64) -> Option<&mut Member> {
        self.members.iter_mut().find(|m| m.user.id == id)
    }

    pub fn bot(&self) -> &Member {
        self.member(BOT_ID)
            .expect("the bot member is part of the world")
    }

    /// Guild channels only (DM channels are kept in the same list but are not part of the guild).
    pub fn guild_channels(&self) -> impl Iterator<Item = &Channel> {
        self.channels.iter().filter(|c| c.kind != ChannelKind::Dm)
    }

    pub fn dm_channel_of(&self, user_id: u64) -> Option<&Channel> {
        self.channels
            .iter()
            .find(|c| c.kind == ChannelKind::Dm && c.recipient == Some(user_id))
    }

    // ----- JSON builders -------------------------------------------------------------------

    pub fn user_json(u: &User) -> Value {
        json!({
            "id": u.id.to_string(),
            "username": u.username,
            "discriminator": u.discriminator,
            "global_name": u.global_name,
            "avatar": null,
            "avatar_decoration_data": null,
            "banner": null,
            "accent_color": null,
            "bot": u.bot,
            "system": false,
            "public_flags": 0,
            "flags": 0,
            "primary_guild": null,
            "collectibles": null,
        })
    }

    pub fn user_json_by_id(&self, id: u64) -> Value {
        self.member(id)
            .map(|m| Self::user_json(&m.user))
            .unwrap_or_else(|| panic!("fake world has no user {id}"))
    }

    /// A guild member; `with_user` is false inside MESSAGE_CREATE (Discord omits it there);
    /// `permissions` is only present in interactions.
    pub fn member_json(&self, m: &Member, with_user: bool, permissions: Option<u64>) -> Value {
        let mut v = json!({
            "roles": m.roles.iter().map(|r| r.to_string()).collect::<Vec<_>>(),
            "nick": m.nick,
            "avatar": null,
            "banner": null,
            "joined_at": ts(m.joined_at),
            "premium_since": null,
            "deaf": false,
            "mute": false,
            "flags": 0,
            "pending": false,
            "communication_disabled_until": null,
            "unusual_dm_activity_until": null,
            "avatar_decoration_data": null,
        });
        if with_user {
            v["user"] = Self::user_json(&m.user);
        }
        if let Some(p) = permissions {
            v["permissions"] = json!(p.to_string());
        }
        v
    }

    pub fn role_json(r: &Role) -> Value {
        let mut tags = json!({});
        if let Some(bot) = r.bot_id {
            tags = json!({ "bot_id": bot.to_string() });
        }
        json!({
            "id": r.id.to_string(),
            "name": r.name,
            "description": null,
            "color": r.color,
            "colors": { "primary_color": r.color, "secondary_color": null, "tertiary_color": null },
            "hoist": r.hoist,
            "icon": null,
            "unicode_emoji": null,
            "position": r.position,
            "permissions": r.permissions.to_string(),
            "managed": r.bot_id.is_some(),
            "mentionable": r.mentionable,
            "flags": 0,
            "tags": tags,
        })
    }

    pub fn overwrite_json(o: &Overwrite) -> Value {
        json!({
            "id": o.id.to_string(),
            "type": o.kind as u8,
            "allow": o.allow.to_string(),
            "deny": o.deny.to_string(),
        })
    }

    /// A channel object as in GET /channels/{id} and CHANNEL_* events (`guild_id` included).
    pub fn channel_json(&self, c: &Channel) -> Value {
        if c.kind == ChannelKind::Dm {
            let recipient = c.recipient.map(|u| self.user_json_by_id(u));
            return json!({
                "id": c.id.to_string(),
                "type": 1,
                "last_message_id": c.last_message_id.map(|m| m.to_string()),
                "flags": 0,
                "recipients": recipient.into_iter().collect::<Vec<_>>(),
            });
        }
        let mut v = json!({
            "id": c.id.to_string(),
            "type": c.kind as u8,
            "guild_id": self.guild_id.to_string(),
            "name": c.name,
            "position": c.position,
            "permission_overwrites": c.overwrites.iter().map(Self::overwrite_json).collect::<Vec<_>>(),
            "parent_id": c.parent_id.map(|p| p.to_string()),
            "flags": 0,
        });
        match c.kind {
            ChannelKind::Text | ChannelKind::Announcement => {
                v["topic"] = json!(c.topic);
                v["nsfw"] = json!(false);
                v["last_message_id"] = json!(c.last_message_id.map(|m| m.to_string()));
                v["rate_limit_per_user"] = json!(0);
                v["icon_emoji"] = Value::Null;
                v["theme_color"] = Value::Null;
            }
            ChannelKind::Voice => {
                v["bitrate"] = json!(64000);
                v["user_limit"] = json!(0);
                v["rtc_region"] = Value::Null;
                v["nsfw"] = json!(false);
                v["last_message_id"] = json!(c.last_message_id.map(|m| m.to_string()));
                v["rate_limit_per_user"] = json!(0);
                v["voice_background_display"] = Value::Null;
            }
            ChannelKind::Category | ChannelKind::Dm => {}
        }
        v
    }

    /// The `channel` object inside an interaction (partial, with the invoker's permissions).
    pub fn interaction_channel_json(&self, c: &Channel, permissions: u64) -> Value {
        let mut v = self.channel_json(c);
        v["permissions"] = json!(permissions.to_string());
        v
    }

    /// Fields shared by the REST guild object and GUILD_CREATE.
    pub fn guild_json(&self) -> Value {
        // Two literals: one would exceed serde_json's macro recursion limit.
        let mut v = json!({
            "id": self.guild_id.to_string(),
            "name": self.guild_name,
            "icon": null,
            "icon_hash": null,
            "splash": null,
            "discovery_splash": null,
            "owner_id": self.owner_id.to_string(),
            "region": "deprecated",
            "afk_channel_id": null,
            "afk_timeout": 300,
            "widget_enabled": false,
            "widget_channel_id": null,
            "verification_level": 1,
            "default_message_notifications": 1,
            "explicit_content_filter": 2,
            "roles": self.roles.iter().map(Self::role_json).collect::<Vec<_>>(),
            "emojis": [],
            "features": [],
            "mfa_level": 0,
            "application_id": null,
            "system_channel_id": self.system_channel_id.map(|c| c.to_string()),
            "system_channel_flags": 0,
            "rules_channel_id": null,
            "max_presences": null,
            "max_members": 500000,
            "vanity_url_code": null,
            "description": null,
            "banner": null,
            "premium_tier": 0,
            "premium_subscription_count": 0,
        });
        let more = json!({
            "preferred_locale": self.preferred_locale,
            "public_updates_channel_id": null,
            "max_video_channel_users": 25,
            "max_stage_video_channel_users": 50,
            "nsfw_level": 0,
            "nsfw": false,
            "stickers": [],
            "premium_progress_bar_enabled": false,
            "safety_alerts_channel_id": null,
            "incidents_data": null,
            "hub_type": null,
            "latest_onboarding_question_id": null,
            "home_header": null,
            "inventory_settings": null,
        });
        v.as_object_mut()
            .unwrap()
            .extend(more.as_object().unwrap().clone());
        v
    }

    /// The `d` of GUILD_CREATE: the guild plus members, channels and the other gateway-only lists.
    pub fn guild_create_json(&self, scheduled_events: Vec<Value>) -> Value {
        let mut v = self.guild_json();
        let bot = self.bot();
        v["joined_at"] = json!(ts(bot.joined_at));
        v["large"] = json!(false);
        v["lazy"] = json!(true);
        v["unavailable"] = json!(false);
        v["member_count"] = json!(self.members.len());
        v["voice_states"] = json!([]);
        v["members"] = json!(self
            .members
            .iter()
            .map(|m| self.member_json(m, true, None))
            .collect::<Vec<_>>());
        v["channels"] = json!(self
            .guild_channels()
            .map(|c| {
                // Inside GUILD_CREATE, channels carry no guild_id (the guild is implied).
                let mut c = self.channel_json(c);
                c.as_object_mut().unwrap().remove("guild_id");
                c
            })
            .collect::<Vec<_>>());
        v["threads"] = json!([]);
        v["presences"] = json!([]);
        v["stage_instances"] = json!([]);
        v["guild_scheduled_events"] = json!(scheduled_events);
        v["embedded_activities"] = json!([]);
        v["activity_instances"] = json!([]);
        v["soundboard_sounds"] = json!([]);
        v["version"] = json!(self.created_at.timestamp_millis());
        v
    }

    pub fn current_user_json(&self) -> Value {
        let mut v = Self::user_json(&self.bot().user);
        v["verified"] = json!(true);
        v["mfa_enabled"] = json!(false);
        v["locale"] = json!("en-US");
        v["email"] = Value::Null;
        v["premium_type"] = json!(0);
        v
    }

    pub fn application_json(&self) -> Value {
        json!({
            "id": APPLICATION_ID.to_string(),
            "name": "stretchbot",
            "icon": null,
            "description": "Stretch breaks for teams",
            "summary": "",
            "type": null,
            "bot_public": false,
            "bot_require_code_grant": false,
            "verify_key": "5d3c0f8a6b1e4a2f9c7d8e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e8f7a6b",
            "flags": 0,
            "hook": true,
            "is_monetized": false,
            "owner": self.user_json_by_id(OWNER_ID),
            "team": null,
            "bot": self.current_user_json(),
            "redirect_uris": [],
            "interactions_endpoint_url": null,
            "integration_types_config": { "0": {} },
            "approximate_guild_count": 1,
        })
    }
}

/// Discord's timestamp format (ISO 8601 with microseconds and +00:00).
pub fn ts(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%S%.6f+00:00").to_string()
}
