//! Building INTERACTION_CREATE payloads as Discord does, and the handle tests use to follow an
//! interaction to its callback and follow-ups.
//!
//! Slash-command options given as an object are typed and checked against the command the bot
//! registered (sub-command path, option names, types, choices, ranges, required options), the
//! way a Discord client refuses to send a malformed command. Mistakes panic with the schema.

use std::time::{Duration, Instant};

use rand::distributions::Alphanumeric;
use rand::Rng;
use serde_json::{json, Map, Value};

use super::perms::{channel_permissions, DM_PERMISSIONS, VIEW_CHANNEL};
use super::world::*;
use super::{CallbackRecord, FakeDiscord, InteractionRecord, RecordedMessage, State};

/// An interaction the fake sent: wait for its answer, read its follow-ups.
#[derive(Clone)]
pub struct InteractionHandle {
    pub(crate) fake: FakeDiscord,
    pub id: u64,
}

impl InteractionHandle {
    pub fn record(&self) -> InteractionRecord {
        self.fake.with_state(|st| {
            st.interaction_by_id(self.id)
                .cloned()
                .expect("interaction exists")
        })
    }

    /// The INTERACTION_CREATE `d` that was sent.
    pub fn payload(&self) -> Value {
        self.record().payload
    }

    pub fn token(&self) -> String {
        self.record().token
    }

    /// The first callback the bot sent for this interaction (accepted or rejected).
    pub fn callback(&self) -> Option<CallbackRecord> {
        self.fake.with_state(|st| {
            st.callbacks
                .iter()
                .find(|c| c.interaction_id == self.id)
                .cloned()
        })
    }

    /// Every callback sent for this interaction, in order (copies of a bot each answer).
    pub fn callbacks(&self) -> Vec<CallbackRecord> {
        self.fake.with_state(|st| {
            st.callbacks
                .iter()
                .filter(|c| c.interaction_id == self.id)
                .cloned()
                .collect()
        })
    }

    /// The label of the process whose callback was accepted (the one that acknowledged it).
    pub fn acked_by(&self) -> Option<String> {
        self.callbacks()
            .into_iter()
            .find(|c| c.accepted())
            .map(|c| c.label)
    }

    /// Waits for the first callback (accepted or rejected: check `.accepted()` / `.error`).
    pub async fn wait_callback(&self, timeout: Duration) -> CallbackRecord {
        let id = self.id;
        self.fake
            .wait_for(&format!("a callback for interaction {id}"), timeout, |st| {
                st.callbacks
                    .iter()
                    .find(|c| c.interaction_id == id)
                    .cloned()
            })
            .await
    }

    /// Waits for an accepted callback and returns it; panics if the bot's answer was rejected.
    pub async fn wait_accepted_callback(&self, timeout: Duration) -> CallbackRecord {
        let cb = self.wait_callback(timeout).await;
        assert!(
            cb.accepted(),
            "interaction {} callback was rejected: {:?} (data {})",
            self.id,
            cb.error,
            cb.data
        );
        cb
    }

    /// The message created by the response (type 4, or type 5 once filled in), or the component's
    /// message for types 6/7.
    pub fn original(&self) -> Option<RecordedMessage> {
        self.fake.with_state(|st| {
            let rec = st.interaction_by_id(self.id)?;
            rec.original_message.and_then(|m| st.message(m).cloned())
        })
    }

    /// Waits until the original response exists and is no longer "thinking" (deferred).
    pub async fn wait_original(&self, timeout: Duration) -> RecordedMessage {
        let id = self.id;
        self.fake
            .wait_for(
                &format!("the response message of interaction {id}"),
                timeout,
                |st| {
                    let rec = st.interaction_by_id(id)?;
                    let m = st.message(rec.original_message?)?;
                    (!m.is_loading()).then(|| m.clone())
                },
            )
            .await
    }

    /// Follow-up messages (`POST /webhooks/{app}/{token}`) that created new messages. After a
    /// deferral (type 5) the first follow-up fills the "thinking" message instead, as in
    /// Discord: read that one with `original` / `wait_original`.
    pub fn followups(&self) -> Vec<RecordedMessage> {
        self.fake.with_state(|st| {
            let Some(rec) = st.interaction_by_id(self.id) else {
                return vec![];
            };
            rec.followups
                .iter()
                .filter_map(|m| st.message(*m).cloned())
                .collect()
        })
    }

    pub async fn wait_followups(&self, n: usize, timeout: Duration) -> Vec<RecordedMessage> {
        let id = self.id;
        self.fake
            .wait_for(
                &format!("{n} follow-up(s) of interaction {id}"),
                timeout,
                |st| {
                    let rec = st.interaction_by_id(id)?;
                    let msgs: Vec<_> = rec
                        .followups
                        .iter()
                        .filter_map(|m| st.message(*m).cloned())
                        .collect();
                    (msgs.len() >= n).then_some(msgs)
                },
            )
            .await
    }

    /// Makes the token invalid, as after Discord's 15 minutes: follow-ups and edits get 401/50027.
    pub fn expire_token(&self) {
        let id = self.id;
        self.fake.with_state_mut(|st| {
            if let Some(r) = st.interactions.iter_mut().find(|r| r.id == id) {
                r.token_expired = true;
            }
        })
    }

    /// Submits the modal the bot answered this interaction with (callback type 9), filling
    /// text inputs by custom_id. Panics if the bot showed no modal or an input is unknown.
    pub fn submit_modal(&self, values: &[(&str, &str)]) -> InteractionHandle {
        modal_submit(&self.fake, self.id, values)
    }
}

fn random_token() -> String {
    let tail: String = rand::thread_rng()
        .sample_iter(&Alphanumeric)
        .take(150)
        .map(char::from)
        .collect();
    format!("aW50ZXJhY3Rpb246{tail}")
}

/// Every component of a message (action rows flattened), v1 and v2 layouts.
pub fn all_components(components: &[Value]) -> Vec<Value> {
    let mut out = vec![];
    for c in components {
        if c["type"].as_u64() != Some(1) {
            out.push(c.clone());
        }
        if let Some(inner) = c["components"].as_array() {
            out.extend(all_components(inner));
        }
        if c["accessory"].is_object() {
            out.push(c["accessory"].clone());
        }
    }
    out
}

/// Where a command is used from.
#[derive(Debug, Clone, Copy)]
enum Place {
    /// A channel of one of the bot's servers (the standard guild or an extra one).
    Channel(u64),
    /// The bot's DM with the user.
    Dm,
    /// [`OTHER_GUILD_ID`], a server the bot is not in.
    Elsewhere(Install),
}

/// How the app came to be usable in a server the bot is not in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Install {
    /// Only the person installed the app to their account (`integration_types` 1): Discord
    /// offers only commands registered for user installs, and names the user as the owner.
    User,
    /// The server added the app's commands without its bot (the `applications.commands` scope
    /// alone): the guild is the owner, yet the bot is no member.
    CommandsOnly,
}

/// What Discord sends as `app_permissions` where the bot is not a member: only what an
/// interaction response can carry (as in a DM with another user), never View Channel or Send
/// Messages.
pub const APP_PERMISSIONS_WITHOUT_BOT: u64 =
    super::perms::ATTACH_FILES | super::perms::EMBED_LINKS | super::perms::MENTION_EVERYONE;

/// Common fields of every interaction.
fn base(st: &mut State, kind: u8, user: u64, place: Place) -> Result<(Value, u64), String> {
    let channel = match place {
        Place::Channel(c) => Some(c),
        Place::Dm => None,
        Place::Elsewhere(install) => return base_elsewhere(st, kind, user, install),
    };
    let member = st
        .world
        .member(user)
        .cloned()
        .ok_or_else(|| format!("no member {user} in the fake guild"))?;
    let id = st.next_id();
    let locale = st
        .user_locales
        .get(&user)
        .cloned()
        .unwrap_or_else(|| "en-US".into());
    let mut v = json!({
        "id": id.to_string(),
        "application_id": APPLICATION_ID.to_string(),
        "type": kind,
        "token": random_token(),
        "version": 1,
        "locale": locale,
        "entitlements": [],
        "attachment_size_limit": ATTACHMENT_SIZE_LIMIT,
    });
    let channel_id = match channel {
        Some(c) => {
            let w = st.world_of_channel(c);
            let ch = w
                .channel(c)
                .cloned()
                .ok_or_else(|| format!("no channel {c}"))?;
            let member = w
                .member(user)
                .cloned()
                .ok_or_else(|| format!("no member {user} in guild {}", w.guild_id))?;
            let user_perms = channel_permissions(w, user, c);
            if user_perms & VIEW_CHANNEL == 0 {
                return Err(format!(
                    "member {user} cannot see channel {c}, so cannot interact there"
                ));
            }
            let app_perms = channel_permissions(w, BOT_ID, c);
            let guild_locale = st
                .guild_locales
                .get(&w.guild_id)
                .cloned()
                .unwrap_or_else(|| "en-US".into());
            let guild = w.guild_id.to_string();
            v["guild_id"] = json!(guild);
            v["guild"] = json!({ "id": guild, "locale": guild_locale, "features": [] });
            v["guild_locale"] = json!(guild_locale);
            v["channel_id"] = json!(c.to_string());
            v["channel"] = w.interaction_channel_json(&ch, user_perms);
            v["member"] = w.member_json(&member, true, Some(user_perms));
            v["app_permissions"] = json!(app_perms.to_string());
            v["authorizing_integration_owners"] = json!({ "0": guild });
            v["context"] = json!(0);
            c
        }
        None => {
            let dm = match st.world.dm_channel_of(user) {
                Some(c) => c.id,
                None => {
                    let dm_id = st.next_id();
                    st.world.channels.push(Channel {
                        id: dm_id,
                        kind: ChannelKind::Dm,
                        name: String::new(),
                        parent_id: None,
                        position: 0,
                        overwrites: vec![],
                        topic: None,
                        last_message_id: None,
                        recipient: Some(user),
                    });
                    dm_id
                }
            };
            let ch = st.world.channel(dm).cloned().expect("dm channel exists");
            v["channel_id"] = json!(dm.to_string());
            v["channel"] = st.world.interaction_channel_json(&ch, DM_PERMISSIONS);
            v["user"] = World::user_json(&member.user);
            v["app_permissions"] = json!(DM_PERMISSIONS.to_string());
            // "0" as the guild-install owner means: guild-installed app, used in its bot's DM.
            v["authorizing_integration_owners"] = json!({ "0": "0" });
            v["context"] = json!(1);
            dm
        }
    };
    Ok((v, channel_id))
}

/// A command from [`OTHER_CHANNEL`] of [`OTHER_GUILD_ID`]: the person is a member there (its
/// owner, with every permission), the bot is not, so the fake's world knows nothing of it.
fn base_elsewhere(
    st: &mut State,
    kind: u8,
    user: u64,
    install: Install,
) -> Result<(Value, u64), String> {
    let member = st
        .world
        .member(user)
        .cloned()
        .ok_or_else(|| format!("no member {user} in the fake guild"))?;
    let id = st.next_id();
    let owners = match install {
        Install::User => json!({ "1": user.to_string() }),
        Install::CommandsOnly => json!({ "0": OTHER_GUILD_ID.to_string() }),
    };
    let everything = super::perms::ALL.to_string();
    let v = json!({
        "id": id.to_string(),
        "application_id": APPLICATION_ID.to_string(),
        "type": kind,
        "token": random_token(),
        "version": 1,
        "locale": "en-US",
        "entitlements": [],
        "attachment_size_limit": ATTACHMENT_SIZE_LIMIT,
        "guild_id": OTHER_GUILD_ID.to_string(),
        "guild": { "id": OTHER_GUILD_ID.to_string(), "locale": "en-US", "features": [] },
        "guild_locale": "en-US",
        "channel_id": OTHER_CHANNEL.to_string(),
        "channel": {
            "id": OTHER_CHANNEL.to_string(),
            "type": 0,
            "guild_id": OTHER_GUILD_ID.to_string(),
            "name": "elsewhere",
            "position": 0,
            "permission_overwrites": [],
            "nsfw": false,
            "parent_id": null,
            "flags": 0,
            "permissions": everything,
        },
        "member": {
            "roles": [],
            "nick": null,
            "avatar": null,
            "banner": null,
            "joined_at": "2024-01-01T00:00:00.000000+00:00",
            "premium_since": null,
            "deaf": false,
            "mute": false,
            "flags": 0,
            "pending": false,
            "communication_disabled_until": null,
            "unusual_dm_activity_until": null,
            "avatar_decoration_data": null,
            "permissions": everything,
            "user": World::user_json(&member.user),
        },
        "app_permissions": APP_PERMISSIONS_WITHOUT_BOT.to_string(),
        "authorizing_integration_owners": owners,
        "context": 0,
    });
    Ok((v, OTHER_CHANNEL))
}

/// Sends an interaction and records it; panics with `Err` text (a test mistake).
fn send(
    fake: &FakeDiscord,
    build: impl FnOnce(&mut State) -> Result<(Value, u64, u8, u64, Option<u64>), String>,
) -> InteractionHandle {
    let id = fake.with_state_mut(|st| {
        if st.gateway.sessions.is_empty() {
            panic!("fake discord: cannot send an interaction: no gateway session (has the bot connected? use wait_for_ready)");
        }
        let (payload, channel_id, kind, user_id, component_message) = build(st).unwrap_or_else(|e| panic!("fake discord: {e}"));
        // A server the bot is not in has no shard of its own; the fake sends those to shard 0,
        // like DMs (an assumption: Discord's docs do not say).
        let guild_id = payload["guild_id"]
            .as_str()
            .and_then(|g| g.parse::<u64>().ok())
            .filter(|g| st.world_of_guild(*g).is_some());
        let route = super::gateway::dispatch_guild("INTERACTION_CREATE", &payload)
            .filter(|g| st.world_of_guild(*g).is_some());
        let delivered_to: Vec<String> = st
            .gateway
            .sessions
            .iter()
            .filter(|s| s.carries(route))
            .map(|s| s.id.clone())
            .collect();
        if delivered_to.is_empty() {
            panic!("fake discord: cannot send an interaction in guild {guild_id:?}: no gateway session carries its shard");
        }
        let id: u64 = payload["id"].as_str().unwrap().parse().unwrap();
        st.interactions.push(InteractionRecord {
            id,
            token: payload["token"].as_str().unwrap().to_string(),
            kind,
            user_id,
            channel_id,
            guild: payload["guild_id"].is_string(),
            guild_id,
            delivered_to,
            sent_at: Instant::now(),
            written_at: None,
            payload: payload.clone(),
            response_type: None,
            original_message: None,
            followups: vec![],
            component_message,
            modal: None,
            token_expired: false,
        });
        st.dispatch("INTERACTION_CREATE", payload);
        id
    });
    InteractionHandle {
        fake: fake.clone(),
        id,
    }
}

/// Slash command (type 2) or, with `focused`, autocomplete (type 4).
pub fn command(
    fake: &FakeDiscord,
    channel: Option<u64>,
    user: u64,
    command_line: &str,
    options: Value,
    focused: Option<&str>,
) -> InteractionHandle {
    let place = channel.map_or(Place::Dm, Place::Channel);
    command_at(fake, place, user, command_line, options, focused)
}

/// A slash command used in [`OTHER_GUILD_ID`], a server the bot is not in. Discord offers there
/// only global commands registered for that kind of install, in the guild context; anything
/// else panics, as a client would never send it.
pub fn command_elsewhere(
    fake: &FakeDiscord,
    install: Install,
    user: u64,
    command_line: &str,
    options: Value,
) -> InteractionHandle {
    command_at(
        fake,
        Place::Elsewhere(install),
        user,
        command_line,
        options,
        None,
    )
}

fn command_at(
    fake: &FakeDiscord,
    place: Place,
    user: u64,
    command_line: &str,
    options: Value,
    focused: Option<&str>,
) -> InteractionHandle {
    let kind = if focused.is_some() { 4 } else { 2 };
    send(fake, |st| {
        let words: Vec<&str> = command_line.split_whitespace().collect();
        let name = *words.first().ok_or("empty command line")?;
        let in_dm = matches!(place, Place::Dm);
        // Guild commands are offered only in the guild they were registered for.
        let guild = match place {
            Place::Channel(c) => st.guild_of_channel(c),
            _ => None,
        };
        let cmd = st
            .commands
            .iter()
            .filter(|c| c.name() == name && c.json["type"].as_u64().unwrap_or(1) == 1)
            .find(|c| c.guild_id.is_none() || (guild.is_some() && c.guild_id == guild))
            .cloned()
            .ok_or_else(|| {
                let names: Vec<String> = st.commands.iter().map(|c| format!("{} ({:?})", c.name(), c.guild_id)).collect();
                format!("command /{name} is not registered (registered: {names:?}); wait_for_commands first?")
            })?;
        if in_dm {
            let contexts = &cmd.json["contexts"];
            let dm_ok = contexts.as_array().is_none_or(|c| c.contains(&json!(1)))
                && cmd.json["dm_permission"].as_bool() != Some(false);
            if !dm_ok {
                return Err(format!(
                    "command /{name} is not available in DMs (contexts {contexts})"
                ));
            }
        }
        if let Place::Elsewhere(install) = place {
            let wanted = match install {
                Install::User => 1,
                Install::CommandsOnly => 0,
            };
            let types = &cmd.json["integration_types"];
            let contexts = &cmd.json["contexts"];
            let offered = types.as_array().is_some_and(|t| t.contains(&json!(wanted)))
                && contexts.as_array().is_none_or(|c| c.contains(&json!(0)));
            if !offered {
                return Err(format!(
                    "command /{name} is not offered in a server the bot is not in with a {install:?} install (integration_types {types}, contexts {contexts})"
                ));
            }
        }
        let (mut v, channel_id) = base(st, kind, user, place)?;
        let (opts, resolved) = if options.is_array() {
            (options.clone(), json!({}))
        } else {
            build_options(
                st,
                &cmd.json,
                &words[1..],
                &options,
                focused,
                user,
                channel_id,
            )?
        };
        let mut data = json!({ "id": cmd.json["id"], "name": name, "type": 1 });
        if opts.as_array().is_some_and(|a| !a.is_empty()) {
            data["options"] = opts;
        }
        if resolved.as_object().is_some_and(|r| !r.is_empty()) {
            data["resolved"] = resolved;
        }
        if let Some(g) = cmd.guild_id {
            data["guild_id"] = json!(g.to_string());
        }
        v["data"] = data;
        Ok((v, channel_id, kind, user, None))
    })
}

fn schema_names(level: &[Value]) -> Vec<String> {
    level
        .iter()
        .map(|o| format!("{} (type {})", o["name"].as_str().unwrap_or("?"), o["type"]))
        .collect()
}

/// Turns `{"routine": "neck", "sets": 2}` into Discord's nested options for the sub-command path.
fn build_options(
    st: &State,
    cmd: &Value,
    path: &[&str],
    values: &Value,
    focused: Option<&str>,
    user: u64,
    channel_id: u64,
) -> Result<(Value, Value), String> {
    let values = values.as_object().cloned().unwrap_or_default();
    let mut level: Vec<Value> = cmd["options"].as_array().cloned().unwrap_or_default();
    let mut wrappers: Vec<(String, u64)> = vec![];
    for word in path {
        let opt = level
            .iter()
            .find(|o| o["name"] == *word && matches!(o["type"].as_u64(), Some(1 | 2)))
            .ok_or_else(|| {
                format!(
                    "/{} has no sub-command {word:?}; options: {:?}",
                    cmd["name"],
                    schema_names(&level)
                )
            })?
            .clone();
        wrappers.push((word.to_string(), opt["type"].as_u64().unwrap()));
        level = opt["options"].as_array().cloned().unwrap_or_default();
    }
    if level
        .iter()
        .any(|o| matches!(o["type"].as_u64(), Some(1 | 2)))
    {
        return Err(format!(
            "/{} {} needs a sub-command: {:?}",
            cmd["name"],
            path.join(" "),
            schema_names(&level)
        ));
    }
    let mut resolved = Map::new();
    let mut leaf = vec![];
    for name in values.keys() {
        if !level.iter().any(|o| o["name"] == *name) {
            return Err(format!(
                "/{} {} has no option {name:?}; options: {:?}",
                cmd["name"],
                path.join(" "),
                schema_names(&level)
            ));
        }
    }
    for schema in &level {
        let name = schema["name"].as_str().unwrap_or("");
        let Some(value) = values.get(name) else {
            if schema["required"].as_bool() == Some(true) && focused.is_none() {
                return Err(format!(
                    "required option {name:?} of /{} {} is missing",
                    cmd["name"],
                    path.join(" ")
                ));
            }
            continue;
        };
        let t = schema["type"].as_u64().unwrap_or(3);
        if focused == Some(name) {
            if schema["autocomplete"].as_bool() != Some(true) {
                return Err(format!(
                    "option {name:?} does not have autocomplete enabled"
                ));
            }
            let partial = value
                .as_str()
                .map_or_else(|| value.to_string(), str::to_string);
            leaf.push(json!({ "name": name, "type": t, "value": partial, "focused": true }));
            continue;
        }
        let v = typed_value(st, schema, value, &mut resolved, user, channel_id)?;
        leaf.push(json!({ "name": name, "type": t, "value": v }));
    }
    let mut opts = Value::Array(leaf);
    for (name, t) in wrappers.into_iter().rev() {
        opts = json!([{ "name": name, "type": t, "options": opts }]);
    }
    Ok((opts, Value::Object(resolved)))
}

fn id_of(v: &Value) -> Option<u64> {
    v.as_u64()
        .or_else(|| v.as_str().and_then(|s| s.parse().ok()))
}

fn typed_value(
    st: &State,
    schema: &Value,
    value: &Value,
    resolved: &mut Map<String, Value>,
    user: u64,
    channel_id: u64,
) -> Result<Value, String> {
    let name = schema["name"].as_str().unwrap_or("?");
    let t = schema["type"].as_u64().unwrap_or(3);
    let w = st.world_of_channel(channel_id);
    let bad = |what: &str| format!("option {name:?} (type {t}) expects {what}, got {value}");
    let v = match t {
        3 => {
            let s = value.as_str().ok_or_else(|| bad("a string"))?;
            let n = s.chars().count() as u64;
            if schema["min_length"].as_u64().is_some_and(|m| n < m)
                || schema["max_length"].as_u64().is_some_and(|m| n > m)
            {
                return Err(bad("a string within min_length/max_length"));
            }
            json!(s)
        }
        4 => {
            let i = value.as_i64().ok_or_else(|| bad("an integer"))?;
            if schema["min_value"].as_f64().is_some_and(|m| (i as f64) < m)
                || schema["max_value"].as_f64().is_some_and(|m| (i as f64) > m)
            {
                return Err(bad("an integer within min_value/max_value"));
            }
            json!(i)
        }
        10 => {
            let f = value.as_f64().ok_or_else(|| bad("a number"))?;
            if schema["min_value"].as_f64().is_some_and(|m| f < m)
                || schema["max_value"].as_f64().is_some_and(|m| f > m)
            {
                return Err(bad("a number within min_value/max_value"));
            }
            json!(f)
        }
        5 => json!(value.as_bool().ok_or_else(|| bad("a boolean"))?),
        6 | 9 => {
            let id = id_of(value).ok_or_else(|| bad("a user id"))?;
            if let Some(m) = w.member(id) {
                resolved.entry("users").or_insert_with(|| json!({}))[id.to_string()] =
                    World::user_json(&m.user);
                let mut pm = w.member_json(m, false, Some(channel_permissions(w, id, channel_id)));
                pm.as_object_mut().unwrap().remove("deaf");
                pm.as_object_mut().unwrap().remove("mute");
                resolved.entry("members").or_insert_with(|| json!({}))[id.to_string()] = pm;
            } else if let (9, Some(r)) = (t, w.role(id)) {
                resolved.entry("roles").or_insert_with(|| json!({}))[id.to_string()] =
                    World::role_json(r);
            } else {
                return Err(bad("a known user"));
            }
            json!(id.to_string())
        }
        7 => {
            let id = id_of(value).ok_or_else(|| bad("a channel id"))?;
            let ch = w.channel(id).ok_or_else(|| bad("a known channel"))?;
            if let Some(types) = schema["channel_types"].as_array() {
                if !types.contains(&json!(ch.kind as u8)) {
                    return Err(bad(&format!("a channel of types {types:?}")));
                }
            }
            let perms = channel_permissions(w, user, id);
            resolved.entry("channels").or_insert_with(|| json!({}))[id.to_string()] = json!({
                "id": id.to_string(),
                "name": ch.name,
                "type": ch.kind as u8,
                "permissions": perms.to_string(),
                "parent_id": ch.parent_id.map(|p| p.to_string()),
                "guild_id": w.guild_id.to_string(),
                "flags": 0,
            });
            json!(id.to_string())
        }
        8 => {
            let id = id_of(value).ok_or_else(|| bad("a role id"))?;
            let r = w.role(id).ok_or_else(|| bad("a known role"))?;
            resolved.entry("roles").or_insert_with(|| json!({}))[id.to_string()] =
                World::role_json(r);
            json!(id.to_string())
        }
        _ => {
            return Err(bad(
                "a supported option type (attachments are not modelled)",
            ))
        }
    };
    if let Some(choices) = schema["choices"].as_array().filter(|c| !c.is_empty()) {
        if !choices
            .iter()
            .any(|c| c["value"] == v || c["value"].as_f64().is_some_and(|x| Some(x) == v.as_f64()))
        {
            let allowed: Vec<&Value> = choices.iter().map(|c| &c["value"]).collect();
            return Err(format!(
                "option {name:?}: {v} is not one of the choices {allowed:?}"
            ));
        }
    }
    Ok(v)
}

/// A button click (`values == None`) or select-menu choice on a recorded message. With
/// `claimed_channel`, the interaction says it came from that channel instead of the message's
/// (what a tampered client, or a copy of the bot's buttons elsewhere, would send).
pub fn component(
    fake: &FakeDiscord,
    user: u64,
    message_id: u64,
    custom_id: &str,
    values: Option<&[&str]>,
    claimed_channel: Option<u64>,
) -> InteractionHandle {
    send(fake, |st| {
        let msg = st
            .message(message_id)
            .cloned()
            .ok_or_else(|| format!("no message {message_id}"))?;
        if msg.is_deleted() {
            return Err(format!(
                "message {message_id} was deleted; nothing to click"
            ));
        }
        let comps = all_components(&msg.components);
        let comp = comps
            .iter()
            .find(|c| c["custom_id"] == custom_id)
            .cloned()
            .ok_or_else(|| {
                format!(
                    "message {message_id} has no component {custom_id:?}; it has {:?}",
                    msg.custom_ids()
                )
            })?;
        if comp["disabled"].as_bool() == Some(true) {
            return Err(format!(
                "component {custom_id:?} is disabled; Discord clients cannot click it"
            ));
        }
        let ctype = comp["type"].as_u64().unwrap_or(2);
        let shown_in = claimed_channel.unwrap_or(msg.channel_id);
        let channel = if st
            .world_of_channel(shown_in)
            .channel(shown_in)
            .is_some_and(|c| c.kind == ChannelKind::Dm)
        {
            None
        } else {
            Some(shown_in)
        };
        let (mut v, channel_id) = base(st, 3, user, channel.map_or(Place::Dm, Place::Channel))?;
        let mut data = json!({ "custom_id": custom_id, "component_type": ctype });
        match (ctype, values) {
            (2, None) => {}
            (2, Some(_)) => return Err(format!("{custom_id:?} is a button, not a select menu")),
            (_, None) => return Err(format!("{custom_id:?} is a select menu; use select_menu")),
            (_, Some(vals)) => {
                if ctype == 3 {
                    let options: Vec<&str> = comp["options"]
                        .as_array()
                        .map(|o| o.iter().filter_map(|x| x["value"].as_str()).collect())
                        .unwrap_or_default();
                    if let Some(bad) = vals.iter().find(|v| !options.contains(v)) {
                        return Err(format!(
                            "{bad:?} is not an option of {custom_id:?}: {options:?}"
                        ));
                    }
                }
                let min = comp["min_values"].as_u64().unwrap_or(1) as usize;
                let max = comp["max_values"].as_u64().unwrap_or(1) as usize;
                if vals.len() < min || vals.len() > max {
                    return Err(format!(
                        "{custom_id:?} takes {min}..={max} values, got {}",
                        vals.len()
                    ));
                }
                data["values"] = json!(vals);
            }
        }
        v["data"] = data;
        v["message"] = st.message_json(&msg, false);
        Ok((v, channel_id, 3, user, Some(message_id)))
    })
}

/// The modal submit (type 5) for the modal the bot showed in answer to `opened_by`.
fn modal_submit(fake: &FakeDiscord, opened_by: u64, values: &[(&str, &str)]) -> InteractionHandle {
    send(fake, |st| {
        let rec = st
            .interaction_by_id(opened_by)
            .cloned()
            .ok_or("unknown interaction")?;
        let modal = rec.modal.clone().ok_or_else(|| {
            format!("interaction {opened_by} was not answered with a modal (callback type 9)")
        })?;
        let mut rows = vec![];
        let inputs: Vec<Value> = modal["components"]
            .as_array()
            .map(|r| {
                r.iter()
                    .flat_map(|row| {
                        row["components"]
                            .as_array()
                            .cloned()
                            .unwrap_or_else(|| vec![row["component"].clone()])
                    })
                    .collect()
            })
            .unwrap_or_default();
        for (id, _) in values {
            if !inputs.iter().any(|i| i["custom_id"] == *id) {
                let ids: Vec<&Value> = inputs.iter().map(|i| &i["custom_id"]).collect();
                return Err(format!("the modal has no input {id:?}; inputs: {ids:?}"));
            }
        }
        for input in &inputs {
            let id = input["custom_id"].as_str().unwrap_or("");
            let value = values
                .iter()
                .find(|(k, _)| *k == id)
                .map_or("", |(_, v)| *v);
            if value.is_empty() && input["required"].as_bool() != Some(false) {
                return Err(format!("modal input {id:?} is required"));
            }
            rows.push(json!({ "type": 1, "components": [{ "type": 4, "custom_id": id, "value": value }] }));
        }
        let channel = if rec.guild {
            Some(rec.channel_id)
        } else {
            None
        };
        let (mut v, channel_id) = base(
            st,
            5,
            rec.user_id,
            channel.map_or(Place::Dm, Place::Channel),
        )?;
        v["data"] = json!({ "custom_id": modal["custom_id"], "components": rows });
        if let Some(m) = rec.component_message.and_then(|m| st.message(m).cloned()) {
            v["message"] = st.message_json(&m, false);
        }
        Ok((v, channel_id, 5, rec.user_id, rec.component_message))
    })
}
