//! Interaction responses: `POST /interactions/{id}/{token}/callback` and the interaction
//! webhook (`/webhooks/{app}/{token}`: follow-ups, `@original` edits), with Discord's rules on
//! deadlines, double acknowledgement, callback types per interaction type and token expiry.

use std::time::{Duration, Instant};

use serde_json::json;

use super::messages::{
    apply_edit, delete_message, insert_message, known_files, merged_body, message_json,
    resolve_attachments, NewMessage,
};
use super::rest::{id, no_content, ok, Answer, Req};
use super::validate::{self, ApiError, FormErrors, Target, FLAG_EPHEMERAL, FLAG_LOADING};
use super::world::*;
use super::{CallbackRecord, InteractionRecord, MessageSource, State};

pub(super) fn interaction_callback(st: &mut State, r: &Req, iid: &str, token: &str) -> Answer {
    let received_at = Instant::now();
    let iid_num: u64 = iid.parse().map_err(|_| ApiError::unknown_interaction())?;
    let result = callback_inner(st, r, iid_num, token, received_at);
    if let Some(rec) = st.interaction_by_id(iid_num).cloned() {
        if rec.token == token {
            st.callbacks.push(CallbackRecord {
                interaction_id: iid_num,
                kind: r.body["type"].as_u64().unwrap_or(0) as u8,
                label: r.label.clone(),
                data: r.body["data"].clone(),
                files: r.uploads.clone(),
                received_at,
                arrived_at: r.arrived_at,
                written_at: rec.written_at,
                latency: received_at.saturating_duration_since(rec.sent_at),
                error: result.as_ref().err().map(|e| e.body.clone()),
            });
        }
    }
    result?;
    if r.query.get("with_response").is_some_and(|v| v == "true") {
        let rec = st.interaction_by_id(iid_num).cloned().expect("answered");
        let mut resp = json!({
            "interaction": { "id": iid, "type": rec.kind, "response_message_id": rec.original_message.map(|m| m.to_string()) },
            "resource": { "type": r.body["type"] },
        });
        if let Some(m) = rec.original_message.and_then(|m| st.message(m).cloned()) {
            resp["resource"]["message"] = message_json(st, &m, false);
        }
        return ok(resp);
    }
    no_content()
}

fn callback_inner(
    st: &mut State,
    r: &Req,
    iid: u64,
    token: &str,
    now: Instant,
) -> Result<(), ApiError> {
    let rec = st
        .interaction_by_id(iid)
        .cloned()
        .ok_or_else(ApiError::unknown_interaction)?;
    if rec.token != token {
        return Err(ApiError::unknown_interaction());
    }
    if rec.response_type.is_some() {
        return Err(ApiError::already_acknowledged());
    }
    if now.saturating_duration_since(rec.sent_at) > st.opts.interaction_deadline {
        return Err(ApiError::unknown_interaction());
    }
    let t = r.body["type"].as_u64().unwrap_or(0) as u8;
    let allowed: &[u8] = match rec.kind {
        2 => &[4, 5, 9],
        3 => &[4, 5, 6, 7, 9],
        4 => &[8],
        5 if rec.component_message.is_some() => &[4, 5, 6, 7],
        5 => &[4, 5],
        _ => &[1],
    };
    if !allowed.contains(&t) {
        let mut e = FormErrors::default();
        e.add("type", "INTERACTION_RESPONSE_TYPE_INVALID", format!("Interaction response type {t} is not valid for interaction type {} (allowed {allowed:?})", rec.kind));
        return e.into_result();
    }
    let data = &r.body["data"];
    match t {
        4 | 7 => {
            let existing = rec
                .component_message
                .and_then(|m| st.message(m))
                .map(|m| m.attachments.clone())
                .unwrap_or_default();
            let known = known_files(data, &r.uploads, if t == 7 { &existing } else { &[] });
            let empty = json!({});
            let body = if data.is_null() { &empty } else { data };
            let mut e = validate::message_body(body, &known, Target::InteractionMessage);
            if data.is_null() && t == 4 {
                e.add("data", "BASE_TYPE_REQUIRED", "This field is required");
            }
            e.into_result()?;
        }
        5 => {
            let flags = data["flags"].as_u64().unwrap_or(0);
            if flags & !FLAG_EPHEMERAL != 0 {
                let mut e = FormErrors::default();
                e.add(
                    "data.flags",
                    "MESSAGE_FLAGS_INVALID",
                    "Only EPHEMERAL may be set when deferring",
                );
                e.into_result()?;
            }
        }
        8 => validate::autocomplete_result(data).into_result()?,
        9 => validate::modal(data).into_result()?,
        _ => {}
    }
    // Everything validated: perform the response.
    let channel_id = rec.channel_id;
    let mut original = rec.original_message;
    let mut modal = None;
    match t {
        4 => {
            if validate::is_empty_message(data, !r.uploads.is_empty()) {
                return Err(ApiError::empty_message());
            }
            let attachments = resolve_attachments(st, channel_id, data, &r.uploads, &[])?;
            let flags = data["flags"].as_u64().unwrap_or(0);
            original = Some(insert_message(
                st,
                NewMessage {
                    channel_id,
                    author_id: BOT_ID,
                    body: data,
                    attachments,
                    source: MessageSource::InteractionResponse {
                        interaction_id: iid,
                    },
                    flags,
                    interaction: Some((iid, rec.kind)),
                    drop_embeds: false,
                },
            ));
        }
        5 => {
            let flags = FLAG_LOADING | (data["flags"].as_u64().unwrap_or(0) & FLAG_EPHEMERAL);
            original = Some(insert_message(
                st,
                NewMessage {
                    channel_id,
                    author_id: BOT_ID,
                    body: &json!({}),
                    attachments: vec![],
                    source: MessageSource::InteractionResponse {
                        interaction_id: iid,
                    },
                    flags,
                    interaction: Some((iid, rec.kind)),
                    drop_embeds: false,
                },
            ));
        }
        6 => original = rec.component_message,
        7 => {
            let mid = rec
                .component_message
                .expect("component interactions have a message");
            let m = st
                .message(mid)
                .cloned()
                .ok_or_else(ApiError::unknown_message)?;
            let attachments =
                resolve_attachments(st, channel_id, data, &r.uploads, &m.attachments)?;
            if validate::is_empty_message(&merged_body(&m, data, &attachments, false), false) {
                return Err(ApiError::empty_message());
            }
            apply_edit(st, mid, data, attachments, false);
            original = Some(mid);
        }
        9 => modal = Some(data.clone()),
        _ => {}
    }
    let rec = st
        .interactions
        .iter_mut()
        .find(|i| i.id == iid)
        .expect("exists");
    rec.response_type = Some(t);
    rec.original_message = original;
    if modal.is_some() {
        rec.modal = modal;
    }
    Ok(())
}

/// The interaction a webhook token belongs to, checked like Discord checks webhook tokens.
fn interaction_for_token(
    st: &State,
    app: &str,
    token: &str,
) -> Result<InteractionRecord, ApiError> {
    if app.parse::<u64>().ok() != Some(APPLICATION_ID) {
        return Err(ApiError::unknown_webhook());
    }
    let rec = st
        .interactions
        .iter()
        .find(|i| i.token == token)
        .cloned()
        .ok_or_else(ApiError::invalid_webhook_token)?;
    // Discord's interaction tokens live 15 minutes; `expire_token` ends one early.
    if rec.token_expired || rec.sent_at.elapsed() > Duration::from_secs(15 * 60) {
        return Err(ApiError::invalid_webhook_token());
    }
    if rec.response_type.is_none() {
        // Before the first callback there is no webhook to post to.
        return Err(ApiError::unknown_webhook());
    }
    Ok(rec)
}

pub(super) fn followup(st: &mut State, r: &Req, app: &str, token: &str) -> Answer {
    let rec = interaction_for_token(st, app, token)?;
    validate::message_body(
        &r.body,
        &known_files(&r.body, &r.uploads, &[]),
        Target::Followup,
    )
    .into_result()?;
    if validate::is_empty_message(&r.body, !r.uploads.is_empty()) {
        return Err(ApiError::empty_message().into());
    }
    // After a deferral (type 5) the first follow-up fills the "thinking" message instead of
    // posting a new one.
    if rec.response_type == Some(5) {
        if let Some(orig) = rec
            .original_message
            .and_then(|m| st.message(m).cloned())
            .filter(|m| m.is_loading())
        {
            let attachments = resolve_attachments(st, rec.channel_id, &r.body, &r.uploads, &[])?;
            apply_edit(st, orig.id, &r.body, attachments, false);
            let m = st.message(orig.id).cloned().expect("exists");
            return ok(message_json(st, &m, false));
        }
    }
    let attachments = resolve_attachments(st, rec.channel_id, &r.body, &r.uploads, &[])?;
    let flags = r.body["flags"].as_u64().unwrap_or(0);
    let mid = insert_message(
        st,
        NewMessage {
            channel_id: rec.channel_id,
            author_id: BOT_ID,
            body: &r.body,
            attachments,
            source: MessageSource::Followup {
                interaction_id: rec.id,
            },
            flags,
            interaction: Some((rec.id, rec.kind)),
            drop_embeds: false,
        },
    );
    st.interactions
        .iter_mut()
        .find(|i| i.id == rec.id)
        .expect("exists")
        .followups
        .push(mid);
    let m = st.message(mid).cloned().expect("inserted");
    ok(message_json(st, &m, false))
}

pub(super) fn webhook_message(st: &mut State, r: &Req, app: &str, token: &str, m: &str) -> Answer {
    let rec = interaction_for_token(st, app, token)?;
    let mid = if m == "@original" {
        rec.original_message.ok_or_else(ApiError::unknown_message)?
    } else {
        let mid = id(m, "message_id")?;
        if rec.original_message != Some(mid) && !rec.followups.contains(&mid) {
            return Err(ApiError::unknown_message().into());
        }
        mid
    };
    let msg = st
        .message(mid)
        .cloned()
        .filter(|m| !m.is_deleted())
        .ok_or_else(ApiError::unknown_message)?;
    match r.method.as_str() {
        "GET" => ok(message_json(st, &msg, false)),
        "DELETE" => {
            delete_message(st, mid);
            no_content()
        }
        _ => {
            let known = known_files(&r.body, &r.uploads, &msg.attachments);
            validate::message_body(&r.body, &known, Target::WebhookEdit).into_result()?;
            let attachments =
                resolve_attachments(st, msg.channel_id, &r.body, &r.uploads, &msg.attachments)?;
            if validate::is_empty_message(&merged_body(&msg, &r.body, &attachments, false), false) {
                return Err(ApiError::empty_message().into());
            }
            apply_edit(st, mid, &r.body, attachments, false);
            let m = st.message(mid).cloned().expect("exists");
            ok(message_json(st, &m, false))
        }
    }
}
