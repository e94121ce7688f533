//! Messages: what the fake stores for a create or edit (after Discord's processing: dropped
//! embeds, resolved `attachment://` images, computed pings), the message JSON it answers, and the
//! channel message routes.
//!
//! Interaction responses and follow-ups are stored the same way (see `responses.rs`), so every
//! message a user could see is in `State::messages`.

use std::time::Instant;

use serde_json::{json, Value};

use super::perms::*;
use super::rest::{no_content, ok, Answer, Req};
use super::validate::{
    self, ApiError, FormErrors, Target, Upload, FLAG_EPHEMERAL, FLAG_LOADING, FLAG_SUPPRESS_EMBEDS,
    FLAG_SUPPRESS_NOTIFICATIONS,
};
use super::world::*;
use super::{
    intents, MessageEdit, MessageSource, Pings, RecordedAttachment, RecordedMessage, State,
};

/// The bot's permissions in a channel it wants to post to; 10003 / 50008 / 50001 as Discord.
pub(super) fn textual_channel(st: &State, channel_id: u64) -> Result<u64, ApiError> {
    let w = st.world_of_channel(channel_id);
    let ch = w
        .channel(channel_id)
        .ok_or_else(ApiError::unknown_channel)?;
    if !ch.kind.is_textual() {
        return Err(ApiError::non_text_channel());
    }
    let perms = channel_permissions(w, BOT_ID, channel_id);
    if perms & VIEW_CHANNEL == 0 {
        return Err(ApiError::missing_access());
    }
    Ok(perms)
}

pub(super) fn need_send(perms: u64) -> Result<(), ApiError> {
    if perms & SEND_MESSAGES == 0 {
        return Err(ApiError::missing_permissions());
    }
    Ok(())
}

/// Index of `files[n]` (serenity) or `file`/`fileN` (older clients).
fn upload_index(u: &Upload, position: usize) -> u64 {
    let f = u.field.as_str();
    f.strip_prefix("files[")
        .and_then(|r| r.strip_suffix(']'))
        .and_then(|n| n.parse().ok())
        .or_else(|| f.strip_prefix("file").and_then(|n| n.parse().ok()))
        .unwrap_or(position as u64)
}

fn cdn_url(channel_id: u64, att_id: u64, filename: &str) -> String {
    format!("https://cdn.discordapp.com/attachments/{channel_id}/{att_id}/{filename}")
}

/// The attachment list a create or edit results in: uploads (named by `attachments[].id` ==
/// `files[n]`) plus, for edits, existing attachments the body keeps.
pub(super) fn resolve_attachments(
    st: &mut State,
    channel_id: u64,
    body: &Value,
    uploads: &[Upload],
    existing: &[RecordedAttachment],
) -> Result<Vec<RecordedAttachment>, ApiError> {
    if uploads.len() > 10 {
        let mut e = FormErrors::default();
        e.add(
            "files",
            "BASE_TYPE_MAX_LENGTH",
            "Must be 10 or fewer in length.",
        );
        return Err(e.into_result().unwrap_err());
    }
    if uploads
        .iter()
        .any(|u| u.size as u64 > ATTACHMENT_SIZE_LIMIT)
    {
        return Err(ApiError::too_large());
    }
    let listed = body["attachments"].as_array().cloned();
    let mut out = vec![];
    let mut used = vec![false; uploads.len()];
    let mut e = FormErrors::default();
    if let Some(list) = &listed {
        for (i, a) in list.iter().enumerate() {
            let aid = a["id"]
                .as_u64()
                .or_else(|| a["id"].as_str().and_then(|s| s.parse().ok()));
            let Some(aid) = aid else { continue };
            if let Some(pos) = uploads
                .iter()
                .enumerate()
                .position(|(p, u)| upload_index(u, p) == aid)
            {
                used[pos] = true;
                let u = &uploads[pos];
                let filename = a["filename"].as_str().unwrap_or(&u.filename).to_string();
                let new_id = st.next_id();
                out.push(RecordedAttachment {
                    id: new_id,
                    url: cdn_url(channel_id, new_id, &filename),
                    filename,
                    description: a["description"].as_str().map(str::to_string),
                    content_type: u.content_type.clone(),
                    size: u.size,
                });
            } else if let Some(old) = existing.iter().find(|x| x.id == aid) {
                out.push(old.clone());
            } else {
                e.add(
                    &format!("attachments.{i}.id"),
                    "ATTACHMENT_NOT_FOUND",
                    format!("Unknown attachment {aid}"),
                );
            }
        }
    } else {
        out.extend(existing.iter().cloned());
    }
    e.into_result()?;
    for (pos, u) in uploads.iter().enumerate() {
        if !used[pos] {
            let new_id = st.next_id();
            out.push(RecordedAttachment {
                id: new_id,
                url: cdn_url(channel_id, new_id, &u.filename),
                filename: u.filename.clone(),
                description: None,
                content_type: u.content_type.clone(),
                size: u.size,
            });
        }
    }
    Ok(out)
}

pub(super) fn known_files(
    body: &Value,
    uploads: &[Upload],
    existing: &[RecordedAttachment],
) -> Vec<String> {
    let mut names: Vec<String> = uploads.iter().map(|u| u.filename.clone()).collect();
    if let Some(list) = body["attachments"].as_array() {
        names.extend(
            list.iter()
                .filter_map(|a| a["filename"].as_str().map(str::to_string)),
        );
    }
    names.extend(existing.iter().map(|a| a.filename.clone()));
    names
}

/// Embeds as Discord stores them: `type: rich`, `attachment://` resolved, field `inline` set.
fn normalize_embeds(embeds: &Value, atts: &[RecordedAttachment]) -> Vec<Value> {
    let mut out = vec![];
    for e in embeds.as_array().cloned().unwrap_or_default() {
        let mut e = e;
        let o = e.as_object_mut().expect("validated");
        o.entry("type").or_insert(json!("rich"));
        for key in ["image", "thumbnail"] {
            if let Some(img) = o.get_mut(key).and_then(Value::as_object_mut) {
                let url = img
                    .get("url")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string();
                let resolved = match url.strip_prefix("attachment://") {
                    Some(name) => atts
                        .iter()
                        .find(|a| a.filename == name)
                        .map_or(url.clone(), |a| a.url.clone()),
                    None => url.clone(),
                };
                img.insert("url".into(), json!(resolved));
                img.insert(
                    "proxy_url".into(),
                    json!(resolved.replace("cdn.discordapp.com", "media.discordapp.net")),
                );
                img.insert("width".into(), json!(512));
                img.insert("height".into(), json!(512));
            }
        }
        if let Some(fields) = o.get_mut("fields").and_then(Value::as_array_mut) {
            for f in fields {
                f.as_object_mut()
                    .expect("validated")
                    .entry("inline")
                    .or_insert(json!(false));
            }
        }
        out.push(e);
    }
    out
}

/// Who a message actually pings, after `allowed_mentions` (absent: everything in the content).
fn compute_mentions(
    st: &State,
    author: u64,
    channel_id: u64,
    content: &str,
    allowed: &Value,
) -> (Vec<u64>, Vec<u64>, bool) {
    let parse: Vec<&str> = if allowed.is_null() {
        vec!["users", "roles", "everyone"]
    } else {
        allowed["parse"]
            .as_array()
            .map(|a| a.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default()
    };
    let listed = |kind: &str| -> Vec<u64> {
        allowed[kind]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().and_then(|s| s.parse().ok()).or(v.as_u64()))
                    .collect()
            })
            .unwrap_or_default()
    };
    let (allowed_users, allowed_roles) = (listed("users"), listed("roles"));
    let mut users = vec![];
    let mut roles = vec![];
    let mut rest = content;
    while let Some(start) = rest.find("<@") {
        rest = &rest[start + 2..];
        let Some(end) = rest.find('>') else { break };
        let token = &rest[..end];
        if let Some(role) = token.strip_prefix('&').and_then(|t| t.parse::<u64>().ok()) {
            roles.push(role);
        } else if let Ok(user) = token.trim_start_matches('!').parse::<u64>() {
            users.push(user);
        }
        rest = &rest[end..];
    }
    let w = st.world_of_channel(channel_id);
    let perms = channel_permissions(w, author, channel_id);
    let users: Vec<u64> = users
        .into_iter()
        .filter(|u| w.member(*u).is_some())
        .filter(|u| parse.contains(&"users") || allowed_users.contains(u))
        .fold(vec![], |mut acc, u| {
            if !acc.contains(&u) {
                acc.push(u);
            }
            acc
        });
    let roles: Vec<u64> = roles
        .into_iter()
        .filter(|r| {
            w.role(*r)
                .is_some_and(|role| role.mentionable || perms & MENTION_EVERYONE != 0)
        })
        .filter(|r| parse.contains(&"roles") || allowed_roles.contains(r))
        .collect();
    let everyone = (content.contains("@everyone") || content.contains("@here"))
        && parse.contains(&"everyone")
        && perms & MENTION_EVERYONE != 0;
    (users, roles, everyone)
}

pub(super) struct NewMessage<'a> {
    pub channel_id: u64,
    pub author_id: u64,
    pub body: &'a Value,
    pub attachments: Vec<RecordedAttachment>,
    pub source: MessageSource,
    pub flags: u64,
    pub interaction: Option<(u64, u8)>,
    pub drop_embeds: bool,
}

pub(super) fn insert_message(st: &mut State, n: NewMessage<'_>) -> u64 {
    let id = st.next_id();
    let timestamp = st.now();
    let content = n.body["content"].as_str().unwrap_or("").to_string();
    let embeds = if n.drop_embeds {
        vec![]
    } else {
        normalize_embeds(&n.body["embeds"], &n.attachments)
    };
    let (mentions, mention_roles, mention_everyone) = compute_mentions(
        st,
        n.author_id,
        n.channel_id,
        &content,
        &n.body["allowed_mentions"],
    );
    let guild_id = st.guild_of_channel(n.channel_id);
    let pinged = if n.flags & (FLAG_EPHEMERAL | FLAG_LOADING | FLAG_SUPPRESS_NOTIFICATIONS) != 0 {
        Pings::default()
    } else {
        Pings {
            users: mentions.clone(),
            roles: mention_roles.clone(),
            everyone: mention_everyone,
        }
    };
    st.messages.push(RecordedMessage {
        id,
        channel_id: n.channel_id,
        guild_id,
        author_id: n.author_id,
        content,
        embeds,
        components: n.body["components"].as_array().cloned().unwrap_or_default(),
        attachments: n.attachments,
        allowed_mentions: (!n.body["allowed_mentions"].is_null())
            .then(|| n.body["allowed_mentions"].clone()),
        nonce: (!n.body["nonce"].is_null()).then(|| n.body["nonce"].clone()),
        flags: n.flags,
        tts: n.body["tts"].as_bool().unwrap_or(false),
        message_reference: (!n.body["message_reference"].is_null())
            .then(|| n.body["message_reference"].clone()),
        mentions,
        mention_roles,
        mention_everyone,
        pinged,
        source: n.source,
        created_at: Instant::now(),
        timestamp,
        edits: vec![],
        edited_timestamp: None,
        deleted_at: None,
        interaction: n.interaction,
        request_body: n.body.clone(),
    });
    if let Some(ch) = st
        .world_of_channel_mut(n.channel_id)
        .channel_mut(n.channel_id)
    {
        ch.last_message_id = Some(id);
    }
    if n.flags & FLAG_EPHEMERAL == 0 && n.flags & FLAG_LOADING == 0 {
        dispatch_message(st, "MESSAGE_CREATE", id);
    }
    id
}

/// MESSAGE_CREATE / MESSAGE_UPDATE, when the session's intents ask for them.
fn dispatch_message(st: &mut State, t: &str, id: u64) {
    let Some(m) = st.message(id).cloned() else {
        return;
    };
    let wanted = if m.guild_id.is_some() {
        intents::GUILD_MESSAGES
    } else {
        intents::DIRECT_MESSAGES
    };
    if st.has_intent(wanted) {
        let json = message_json(st, &m, true);
        st.dispatch(t, json);
    }
}

/// Applies an edit body to a stored message (fields absent stay; `null` clears).
pub(super) fn apply_edit(
    st: &mut State,
    msg_id: u64,
    body: &Value,
    attachments: Vec<RecordedAttachment>,
    drop_embeds: bool,
) {
    let now = st.now();
    let m = st
        .message(msg_id)
        .cloned()
        .expect("caller checked the message exists");
    let mut m2 = m.clone();
    if let Some(c) = body.get("content") {
        m2.content = c.as_str().unwrap_or("").to_string();
    }
    if body.get("embeds").is_some() {
        m2.embeds = if drop_embeds {
            vec![]
        } else {
            normalize_embeds(&body["embeds"], &attachments)
        };
    }
    if let Some(c) = body.get("components") {
        m2.components = c.as_array().cloned().unwrap_or_default();
    }
    if let Some(f) = body.get("flags").and_then(Value::as_u64) {
        m2.flags = (m2.flags & !FLAG_SUPPRESS_EMBEDS) | (f & FLAG_SUPPRESS_EMBEDS);
    }
    if let Some(a) = body.get("allowed_mentions") {
        m2.allowed_mentions = (!a.is_null()).then(|| a.clone());
    }
    let allowed = m2.allowed_mentions.clone().unwrap_or(Value::Null);
    let (u, r, e) = compute_mentions(st, m2.author_id, m2.channel_id, &m2.content, &allowed);
    m2.mentions = u;
    m2.mention_roles = r;
    m2.mention_everyone = e;
    m2.attachments = attachments;
    m2.flags &= !FLAG_LOADING;
    m2.edits.push(MessageEdit {
        at: Instant::now(),
        timestamp: now,
        body: body.clone(),
    });
    m2.edited_timestamp = Some(now);
    let was_loading = m.is_loading();
    *st.message_mut(msg_id).expect("exists") = m2;
    if !st.message(msg_id).unwrap().is_ephemeral() {
        // A deferred response appears in the channel only once it has content.
        dispatch_message(
            st,
            if was_loading {
                "MESSAGE_CREATE"
            } else {
                "MESSAGE_UPDATE"
            },
            msg_id,
        );
    }
}

/// The body a message would have after an edit, for the emptiness check.
pub(super) fn merged_body(
    m: &RecordedMessage,
    body: &Value,
    attachments: &[RecordedAttachment],
    drop_embeds: bool,
) -> Value {
    let pick = |k: &str, current: Value| {
        if body.get(k).is_some() {
            body[k].clone()
        } else {
            current
        }
    };
    json!({
        "content": pick("content", json!(m.content)),
        "embeds": if drop_embeds { json!([]) } else { pick("embeds", json!(m.embeds)) },
        "components": pick("components", json!(m.components)),
        "attachments": attachments.iter().map(|a| json!({ "id": a.id })).collect::<Vec<_>>(),
    })
}

/// EMBED_LINKS rule: without it, embeds are dropped when there is other content, and an
/// embed-only message is refused (403/50013).
fn embeds_policy(perms: u64, body: &Value, has_other_content: bool) -> Result<bool, ApiError> {
    let has_embeds = body["embeds"].as_array().is_some_and(|a| !a.is_empty());
    if !has_embeds || perms & EMBED_LINKS != 0 {
        return Ok(false);
    }
    if has_other_content {
        Ok(true)
    } else {
        Err(ApiError::missing_permissions())
    }
}

pub(super) fn create_message(st: &mut State, r: &Req, channel_id: u64) -> Answer {
    let perms = textual_channel(st, channel_id)?;
    let ch = st
        .world_of_channel(channel_id)
        .channel(channel_id)
        .cloned()
        .expect("checked");
    if ch.kind == ChannelKind::Dm
        && ch
            .recipient
            .and_then(|u| st.world.member(u))
            .is_some_and(|m| m.dms_closed)
    {
        return Err(ApiError::cannot_dm().into());
    }
    validate::message_body(
        &r.body,
        &known_files(&r.body, &r.uploads, &[]),
        Target::ChannelCreate,
    )
    .into_result()?;
    need_send(perms)?;
    if !r.uploads.is_empty() && perms & ATTACH_FILES == 0 {
        return Err(ApiError::missing_permissions().into());
    }
    if let Some(reference) = r.body.get("message_reference").filter(|v| !v.is_null()) {
        let target = reference["message_id"]
            .as_str()
            .and_then(|s| s.parse::<u64>().ok())
            .or(reference["message_id"].as_u64());
        let exists = target
            .and_then(|t| st.message(t))
            .is_some_and(|m| m.channel_id == channel_id && !m.is_deleted());
        if !exists && reference["fail_if_not_exists"].as_bool() != Some(false) {
            let mut e = FormErrors::default();
            e.add(
                "message_reference",
                "REPLIES_UNKNOWN_MESSAGE",
                "Unknown message",
            );
            return Err(e.into_result().unwrap_err().into());
        }
        if perms & READ_MESSAGE_HISTORY == 0 {
            return Err(ApiError::missing_permissions().into());
        }
    }
    let has_content = r.body["content"].as_str().is_some_and(|c| !c.is_empty());
    let drop_embeds = embeds_policy(perms, &r.body, has_content)?;
    if validate::is_empty_message(&r.body, !r.uploads.is_empty()) {
        return Err(ApiError::empty_message().into());
    }
    // enforce_nonce: a retried create returns the message the first attempt made.
    let nonce_key = match (&r.body["nonce"], r.body["enforce_nonce"].as_bool()) {
        (Value::String(s), Some(true)) => Some(s.clone()),
        (Value::Number(n), Some(true)) => Some(n.to_string()),
        _ => None,
    };
    if let Some(n) = &nonce_key {
        let window = st.opts.nonce_window;
        if let Some((mid, when)) = st.nonces.get(&(channel_id, n.clone())).copied() {
            if when.elapsed() < window {
                if let Some(m) = st.message(mid).cloned() {
                    return ok(message_json(st, &m, false));
                }
            }
        }
    }
    let attachments = resolve_attachments(st, channel_id, &r.body, &r.uploads, &[])?;
    let flags = r.body["flags"].as_u64().unwrap_or(0);
    let mid = insert_message(
        st,
        NewMessage {
            channel_id,
            author_id: BOT_ID,
            body: &r.body,
            attachments,
            source: MessageSource::Channel,
            flags,
            interaction: None,
            drop_embeds,
        },
    );
    if let Some(n) = nonce_key {
        st.nonces.insert((channel_id, n), (mid, Instant::now()));
    }
    let m = st.message(mid).cloned().expect("just inserted");
    ok(message_json(st, &m, false))
}

pub(super) fn list_messages(st: &mut State, r: &Req, channel_id: u64) -> Answer {
    let perms = textual_channel(st, channel_id)?;
    if perms & READ_MESSAGE_HISTORY == 0 {
        // Discord answers an empty history rather than an error here.
        return ok(json!([]));
    }
    let limit = r
        .query
        .get("limit")
        .and_then(|l| l.parse::<usize>().ok())
        .unwrap_or(50);
    if !(1..=100).contains(&limit) {
        let mut e = FormErrors::default();
        e.add(
            "limit",
            "NUMBER_TYPE_MAX",
            "int value should be less than or equal to 100.",
        );
        return Err(e.into_result().unwrap_err().into());
    }
    let q = |k: &str| r.query.get(k).and_then(|v| v.parse::<u64>().ok());
    let mut msgs: Vec<RecordedMessage> = st.visible_messages(channel_id);
    if let Some(b) = q("before") {
        msgs.retain(|m| m.id < b);
    }
    if let Some(a) = q("after") {
        msgs.retain(|m| m.id > a);
        msgs.truncate(limit);
    }
    // Newest first, as Discord returns them.
    msgs.reverse();
    msgs.truncate(limit);
    ok(json!(msgs
        .iter()
        .map(|m| message_json(st, m, false))
        .collect::<Vec<_>>()))
}

pub(super) fn channel_message(st: &mut State, r: &Req, channel_id: u64, message_id: u64) -> Answer {
    let w = st.world_of_channel(channel_id);
    let ch = w
        .channel(channel_id)
        .cloned()
        .ok_or_else(ApiError::unknown_channel)?;
    let perms = channel_permissions(w, BOT_ID, ch.id);
    if perms & VIEW_CHANNEL == 0 {
        return Err(ApiError::missing_access().into());
    }
    let m = st
        .message(message_id)
        .filter(|m| m.channel_id == channel_id && !m.is_deleted() && !m.is_ephemeral())
        .cloned()
        .ok_or_else(ApiError::unknown_message)?;
    match r.method.as_str() {
        "GET" => {
            if perms & READ_MESSAGE_HISTORY == 0 {
                return Err(ApiError::missing_access().into());
            }
            ok(message_json(st, &m, false))
        }
        "DELETE" => {
            if m.author_id != BOT_ID && perms & MANAGE_MESSAGES == 0 {
                return Err(ApiError::missing_permissions().into());
            }
            delete_message(st, message_id);
            no_content()
        }
        _ => {
            if m.author_id != BOT_ID {
                return Err(ApiError::cannot_edit_others().into());
            }
            let known = known_files(&r.body, &r.uploads, &m.attachments);
            validate::message_body(&r.body, &known, Target::ChannelEdit).into_result()?;
            edit_checked(st, r, &m, perms)?;
            let m = st.message(message_id).cloned().expect("exists");
            ok(message_json(st, &m, false))
        }
    }
}

/// Permission, attachment and emptiness checks of an edit, then the edit itself.
fn edit_checked(st: &mut State, r: &Req, m: &RecordedMessage, perms: u64) -> Result<(), ApiError> {
    if !r.uploads.is_empty() && perms & ATTACH_FILES == 0 {
        return Err(ApiError::missing_permissions());
    }
    let content_after = if r.body.get("content").is_some() {
        r.body["content"].as_str().unwrap_or("").to_string()
    } else {
        m.content.clone()
    };
    let drop_embeds = if r.body.get("embeds").is_some() {
        embeds_policy(perms, &r.body, !content_after.is_empty())?
    } else {
        false
    };
    let attachments = resolve_attachments(st, m.channel_id, &r.body, &r.uploads, &m.attachments)?;
    if validate::is_empty_message(&merged_body(m, &r.body, &attachments, drop_embeds), false) {
        return Err(ApiError::empty_message());
    }
    apply_edit(st, m.id, &r.body, attachments, drop_embeds);
    Ok(())
}

pub(super) fn delete_message(st: &mut State, message_id: u64) {
    let Some(m) = st.message_mut(message_id) else {
        return;
    };
    m.deleted_at = Some(Instant::now());
    let (channel_id, guild_id, ephemeral) = (m.channel_id, m.guild_id, m.is_ephemeral());
    let wanted = if guild_id.is_some() {
        intents::GUILD_MESSAGES
    } else {
        intents::DIRECT_MESSAGES
    };
    if !ephemeral && st.has_intent(wanted) {
        let mut d = json!({ "id": message_id.to_string(), "channel_id": channel_id.to_string() });
        if let Some(g) = guild_id {
            d["guild_id"] = json!(g.to_string());
        }
        st.dispatch("MESSAGE_DELETE", d);
    }
}

/// The message object. `gateway` adds `guild_id` and `member` as MESSAGE_CREATE has them,
/// and hides content of others' messages without the MESSAGE_CONTENT intent.
pub fn message_json(st: &State, m: &RecordedMessage, gateway: bool) -> Value {
    let author = st
        .world
        .member(m.author_id)
        .map(|a| World::user_json(&a.user))
        .unwrap_or_else(|| json!({ "id": m.author_id.to_string(), "username": "deleted_user", "discriminator": "0", "global_name": null, "avatar": null }));
    let kind = match (&m.source, m.interaction) {
        (MessageSource::InteractionResponse { .. }, Some((_, 2))) => 20,
        _ if m.message_reference.is_some() => 19,
        _ => 0,
    };
    let ephemeral = m.is_ephemeral();
    let mut v = json!({
        "id": m.id.to_string(),
        "channel_id": m.channel_id.to_string(),
        "author": author,
        "content": m.content,
        "timestamp": ts(m.timestamp),
        "edited_timestamp": m.edited_timestamp.map(ts),
        "tts": m.tts,
        "mention_everyone": m.mention_everyone,
        "mentions": m.mentions.iter().map(|u| st.world.user_json_by_id(*u)).collect::<Vec<_>>(),
        "mention_roles": m.mention_roles.iter().map(|r| r.to_string()).collect::<Vec<_>>(),
        "attachments": m.attachments.iter().map(|a| {
            let mut j = json!({
                "id": a.id.to_string(),
                "filename": a.filename,
                "size": a.size,
                "url": a.url,
                "proxy_url": a.url.replace("cdn.discordapp.com", "media.discordapp.net"),
                "content_type": a.content_type,
            });
            if let Some(d) = &a.description {
                j["description"] = json!(d);
            }
            if ephemeral {
                j["ephemeral"] = json!(true);
            }
            j
        }).collect::<Vec<_>>(),
        "embeds": m.embeds,
        "components": m.components,
        "pinned": false,
        "type": kind,
        "flags": m.flags,
    });
    if let Some(n) = &m.nonce {
        v["nonce"] = n.clone();
    }
    if let Some(r) = &m.message_reference {
        let mut r = r.clone();
        r["type"] = json!(0);
        r["channel_id"] = json!(m.channel_id.to_string());
        if let Some(g) = m.guild_id {
            r["guild_id"] = json!(g.to_string());
        }
        v["message_reference"] = r;
    }
    if let Some((iid, ikind)) = m.interaction {
        v["webhook_id"] = json!(APPLICATION_ID.to_string());
        v["application_id"] = json!(APPLICATION_ID.to_string());
        if let Some(rec) = st.interaction_by_id(iid) {
            let user = st.world.user_json_by_id(rec.user_id);
            let mut meta = json!({
                "id": iid.to_string(),
                "type": ikind,
                "user": user,
                "authorizing_integration_owners": rec.payload["authorizing_integration_owners"],
            });
            if matches!(m.source, MessageSource::Followup { .. }) {
                meta["original_response_message_id"] =
                    json!(rec.original_message.map(|x| x.to_string()));
            }
            match ikind {
                2 => {
                    meta["name"] = rec.payload["data"]["name"].clone();
                    v["interaction"] = json!({ "id": iid.to_string(), "type": 2, "name": rec.payload["data"]["name"], "user": user });
                    v["interaction_metadata"] = meta;
                }
                3 => {
                    meta["interacted_message_id"] =
                        json!(rec.component_message.map(|x| x.to_string()));
                    v["interaction_metadata"] = meta;
                }
                // Modal submits would need their triggering interaction's metadata; omitted.
                _ => {}
            }
        }
    }
    if gateway {
        if let Some(g) = m.guild_id {
            v["guild_id"] = json!(g.to_string());
            let w = st.world_of_guild(g).unwrap_or(&st.world);
            if let Some(member) = w.member(m.author_id) {
                let mut pm = w.member_json(member, false, None);
                pm.as_object_mut().unwrap().remove("user");
                v["member"] = pm;
            }
        }
        let mentioned_bot = m.mentions.contains(&BOT_ID);
        if m.author_id != BOT_ID
            && m.guild_id.is_some()
            && !mentioned_bot
            && !st.has_intent(intents::MESSAGE_CONTENT)
        {
            v["content"] = json!("");
            v["embeds"] = json!([]);
            v["attachments"] = json!([]);
            v["components"] = json!([]);
        }
    }
    v
}

/// A fake user's message (no REST call); see `FakeDiscord::post_user_message`.
pub fn post_user_message(st: &mut State, user_id: u64, channel_id: u64, content: &str) -> u64 {
    let body = json!({ "content": content });
    insert_message(
        st,
        NewMessage {
            channel_id,
            author_id: user_id,
            body: &body,
            attachments: vec![],
            source: MessageSource::User,
            flags: 0,
            interaction: None,
            drop_embeds: false,
        },
    )
}
