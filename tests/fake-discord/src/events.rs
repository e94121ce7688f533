//! Guild scheduled events (`/guilds/{id}/scheduled-events`): validation, permissions
//! (MANAGE_EVENTS, or CREATE_EVENTS for the bot's own events), status transitions, and the
//! GUILD_SCHEDULED_EVENT_* dispatches.

use serde_json::{json, Value};

use super::perms::*;
use super::rest::{no_content, ok, Answer, Req};
use super::validate::{self, ApiError, FormErrors};
use super::world::*;
use super::{intents, State};

pub(super) fn find_event(st: &State, e: u64) -> Result<Value, ApiError> {
    st.scheduled_events
        .iter()
        .find(|x| x["id"] == json!(e.to_string()))
        .cloned()
        .ok_or_else(ApiError::unknown_scheduled_event)
}

pub(super) fn list_events(st: &State, r: &Req) -> Answer {
    let with_count = r.query.get("with_user_count").is_some_and(|v| v == "true");
    ok(json!(st
        .scheduled_events
        .iter()
        .map(|e| {
            let mut e = e.clone();
            if with_count {
                e["user_count"] = json!(0);
            }
            e
        })
        .collect::<Vec<_>>()))
}

/// Whether the bot may create (or manage) an event for this channel (`None`: external).
fn event_permission(st: &State, channel_id: Option<u64>, own: bool) -> Result<(), ApiError> {
    let needed = |perms: u64| perms & MANAGE_EVENTS != 0 || (own && perms & CREATE_EVENTS != 0);
    match channel_id {
        None => {
            if !needed(base_permissions(&st.world, BOT_ID)) {
                return Err(ApiError::missing_permissions());
            }
        }
        Some(c) => {
            let perms = channel_permissions(&st.world, BOT_ID, c);
            if perms & VIEW_CHANNEL == 0 {
                return Err(ApiError::missing_access());
            }
            if perms & CONNECT == 0 || !needed(perms) {
                return Err(ApiError::missing_permissions());
            }
        }
    }
    Ok(())
}

fn channel_of(ev: &Value) -> Option<u64> {
    ev["channel_id"]
        .as_str()
        .and_then(|s| s.parse().ok())
        .or(ev["channel_id"].as_u64())
}

pub(super) fn create_event(st: &mut State, r: &Req) -> Answer {
    let body = &r.body;
    let channel = channel_of(body);
    let kind = channel
        .and_then(|c| st.world.channel(c))
        .map(|c| c.kind as u8);
    validate::scheduled_event(body, st.now(), kind, true).into_result()?;
    event_permission(st, channel, true)?;
    let id = st.next_id();
    let ev = json!({
        "id": id.to_string(),
        "guild_id": GUILD_ID.to_string(),
        "channel_id": channel.map(|c| c.to_string()),
        "creator_id": BOT_ID.to_string(),
        "name": body["name"],
        "description": body["description"],
        "scheduled_start_time": body["scheduled_start_time"],
        "scheduled_end_time": body["scheduled_end_time"],
        "privacy_level": 2,
        "status": 1,
        "entity_type": body["entity_type"],
        "entity_id": null,
        "entity_metadata": if body["entity_type"] == json!(3) { json!({ "location": body["entity_metadata"]["location"] }) } else { Value::Null },
        "creator": st.world.user_json_by_id(BOT_ID),
        "image": null,
        "recurrence_rule": null,
    });
    st.scheduled_events.push(ev.clone());
    if st.has_intent(intents::GUILD_SCHEDULED_EVENTS) {
        st.dispatch("GUILD_SCHEDULED_EVENT_CREATE", ev.clone());
    }
    ok(ev)
}

pub(super) fn edit_event(st: &mut State, r: &Req, event_id: u64) -> Answer {
    let ev = find_event(st, event_id)?;
    let own = ev["creator_id"] == json!(BOT_ID.to_string());
    event_permission(st, channel_of(&ev), own)?;
    if r.method == "DELETE" {
        st.scheduled_events.retain(|e| e["id"] != ev["id"]);
        st.deleted_scheduled_events.push(ev.clone());
        if st.has_intent(intents::GUILD_SCHEDULED_EVENTS) {
            st.dispatch("GUILD_SCHEDULED_EVENT_DELETE", ev);
        }
        return no_content();
    }
    let status = ev["status"].as_u64().unwrap_or(1);
    if matches!(status, 3 | 4) {
        let mut e = FormErrors::default();
        e.add(
            "status",
            "GUILD_SCHEDULED_EVENT_INVALID_STATUS_TRANSITION",
            "Cannot edit a completed or canceled event",
        );
        return Err(e.into_result().unwrap_err().into());
    }
    let mut merged = ev.clone();
    let body = r.body.as_object().cloned().unwrap_or_default();
    for (k, v) in &body {
        merged[k] = v.clone();
    }
    if let Some(new_status) = body.get("status").and_then(Value::as_u64) {
        let okay = new_status == status || matches!((status, new_status), (1, 2) | (1, 4) | (2, 3));
        if !okay {
            let mut e = FormErrors::default();
            e.add(
                "status",
                "GUILD_SCHEDULED_EVENT_INVALID_STATUS_TRANSITION",
                format!("Cannot change status from {status} to {new_status}"),
            );
            return Err(e.into_result().unwrap_err().into());
        }
    }
    let channel = channel_of(&merged);
    let kind = channel
        .and_then(|c| st.world.channel(c))
        .map(|c| c.kind as u8);
    let start_changed = body.contains_key("scheduled_start_time") && status == 1;
    validate::scheduled_event(&merged, st.now(), kind, start_changed).into_result()?;
    if channel != channel_of(&ev) {
        event_permission(st, channel, own)?;
    }
    merged["channel_id"] = json!(channel.map(|c| c.to_string()));
    if merged["entity_type"] != json!(3) {
        merged["entity_metadata"] = Value::Null;
    }
    let target = merged.clone();
    if let Some(slot) = st.scheduled_events.iter_mut().find(|e| e["id"] == ev["id"]) {
        *slot = target;
    }
    if st.has_intent(intents::GUILD_SCHEDULED_EVENTS) {
        st.dispatch("GUILD_SCHEDULED_EVENT_UPDATE", merged.clone());
    }
    ok(merged)
}
