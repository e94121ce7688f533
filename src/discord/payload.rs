//! Discord's JSON for an [`OutMessage`]: embeds, components, allowed mentions, attachments.
//! Kept apart from the sending layer so the mapping is unit-tested without a network.

use serde_json::{json, Map, Value};

use crate::message::{Button, ButtonStyle, Card, Field, OutMessage};

/// Message flag: only the invoking user sees the reply.
pub const EPHEMERAL: u64 = 1 << 6;

fn embed(card: &Card, image_name: Option<&str>) -> Value {
    let mut e = Map::new();
    if !card.title.is_empty() {
        e.insert("title".into(), json!(card.title));
    }
    if !card.description.is_empty() {
        e.insert("description".into(), json!(card.description));
    }
    if card.color != 0 {
        e.insert("color".into(), json!(card.color));
    }
    if !card.fields.is_empty() {
        let fields: Vec<Value> = card
            .fields
            .iter()
            .map(|f| json!({"name": f.name, "value": f.value, "inline": f.inline}))
            .collect();
        e.insert("fields".into(), Value::Array(fields));
    }
    if !card.footer.is_empty() {
        e.insert("footer".into(), json!({"text": card.footer}));
    }
    if let (true, Some(name)) = (card.show_image, image_name) {
        e.insert(
            "image".into(),
            json!({"url": format!("attachment://{name}")}),
        );
    }
    Value::Object(e)
}

fn style(s: ButtonStyle) -> u8 {
    match s {
        ButtonStyle::Primary => 1,
        ButtonStyle::Secondary => 2,
        ButtonStyle::Success => 3,
        ButtonStyle::Danger => 4,
    }
}

/// The message body. `edit` leaves out what an edit must not send (nonce, flags).
pub fn message_body(m: &OutMessage, edit: bool) -> Value {
    let image_name = m.attachment.as_ref().map(|a| a.file_name.as_str());
    let mut body = Map::new();
    body.insert("content".into(), json!(m.content));
    body.insert(
        "embeds".into(),
        Value::Array(m.cards.iter().map(|c| embed(c, image_name)).collect()),
    );
    let rows: Vec<Value> = m
        .rows
        .iter()
        .map(|row| {
            let buttons: Vec<Value> = row
                .iter()
                .map(|b| {
                    json!({"type": 2, "style": style(b.style), "label": b.label,
                           "custom_id": b.custom_id, "disabled": b.disabled})
                })
                .collect();
            json!({"type": 1, "components": buttons})
        })
        .collect();
    body.insert("components".into(), Value::Array(rows));
    // Nothing is parsed from the text: only the users and roles we name can be pinged.
    body.insert(
        "allowed_mentions".into(),
        json!({"parse": [], "users": m.mentions.users.iter().map(|u| u.to_string()).collect::<Vec<_>>(),
               "roles": m.mentions.roles.iter().map(|r| r.to_string()).collect::<Vec<_>>()}),
    );
    if let Some(a) = &m.attachment {
        body.insert(
            "attachments".into(),
            json!([{"id": 0, "filename": a.file_name, "description": a.alt}]),
        );
    }
    if !edit {
        if m.ephemeral {
            body.insert("flags".into(), json!(EPHEMERAL));
        }
        if let Some(nonce) = &m.nonce {
            body.insert("nonce".into(), json!(nonce));
            body.insert("enforce_nonce".into(), json!(true));
        }
    }
    Value::Object(body)
}

/// A posted message as Discord describes it, read back as what it shows: content, cards and
/// buttons (what [`message_body`] writes; pings, files and link buttons are not carried over).
/// For editing one detail of a message the bot posted, such as a prompt's check-in count.
pub fn message_from_json(v: &Value) -> OutMessage {
    let text = |v: &Value, key: &str| v.get(key).and_then(Value::as_str).unwrap_or("").to_owned();
    let cards = v
        .get("embeds")
        .and_then(Value::as_array)
        .map(|embeds| {
            embeds
                .iter()
                .map(|e| Card {
                    title: text(e, "title"),
                    description: text(e, "description"),
                    fields: e
                        .get("fields")
                        .and_then(Value::as_array)
                        .map(|fs| {
                            fs.iter()
                                .map(|f| Field {
                                    name: text(f, "name"),
                                    value: text(f, "value"),
                                    inline: f
                                        .get("inline")
                                        .and_then(Value::as_bool)
                                        .unwrap_or(false),
                                })
                                .collect()
                        })
                        .unwrap_or_default(),
                    show_image: false,
                    footer: e.get("footer").map(|f| text(f, "text")).unwrap_or_default(),
                    color: e.get("color").and_then(Value::as_u64).unwrap_or(0) as u32,
                })
                .collect()
        })
        .unwrap_or_default();
    let rows = v
        .get("components")
        .and_then(Value::as_array)
        .map(|rows| {
            rows.iter()
                .map(|row| {
                    row.get("components")
                        .and_then(Value::as_array)
                        .map(|buttons| {
                            buttons
                                .iter()
                                .filter(|b| b.get("custom_id").is_some())
                                .map(|b| Button {
                                    custom_id: text(b, "custom_id"),
                                    label: text(b, "label"),
                                    style: match b.get("style").and_then(Value::as_u64) {
                                        Some(2) => ButtonStyle::Secondary,
                                        Some(3) => ButtonStyle::Success,
                                        Some(4) => ButtonStyle::Danger,
                                        _ => ButtonStyle::Primary,
                                    },
                                    disabled: b
                                        .get("disabled")
                                        .and_then(Value::as_bool)
                                        .unwrap_or(false),
                                })
                                .collect::<Vec<_>>()
                        })
                        .unwrap_or_default()
                })
                .filter(|row| !row.is_empty())
                .collect()
        })
        .unwrap_or_default();
    OutMessage {
        content: text(v, "content"),
        cards,
        rows,
        ..OutMessage::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::UserId;
    use crate::message::{Attachment, Mentions};

    #[test]
    fn a_posted_message_reads_back_as_what_it_shows() {
        let m = OutMessage {
            content: "<@&4001>".into(),
            cards: vec![Card {
                title: "Stretch".into(),
                description: "Stand up".into(),
                fields: vec![Field::new("a", "b").inline()],
                footer: "Reminder #1".into(),
                color: 0x5B8C5A,
                ..Card::default()
            }],
            rows: vec![vec![
                Button::primary("prompt:how:x", "Show me how"),
                Button::new(
                    ButtonStyle::Secondary,
                    "prompt:done:1:2026-11-24",
                    "I stretched",
                ),
                Button::new(ButtonStyle::Success, "prompt:group:1", "Group"),
            ]],
            ..OutMessage::default()
        };
        assert_eq!(message_from_json(&message_body(&m, true)), m);
    }

    #[test]
    fn full_message_maps_to_discord_json() {
        let m = OutMessage {
            content: "hi <@5>".into(),
            cards: vec![Card {
                title: "T".into(),
                fields: vec![Field::new("a", "b").inline()],
                show_image: true,
                color: 0x123456,
                ..Card::default()
            }],
            rows: vec![vec![Button::primary("sess:1:join", "Join")]],
            attachment: Some(Attachment {
                path: "x.png".into(),
                bytes: None,
                file_name: "x.png".into(),
                alt: "alt".into(),
            }),
            mentions: Mentions {
                users: vec![UserId::new(5)],
                roles: vec![],
            },
            ephemeral: true,
            nonce: Some("n1".into()),
        };
        let v = message_body(&m, false);
        assert_eq!(v["embeds"][0]["image"]["url"], "attachment://x.png");
        assert_eq!(v["embeds"][0]["fields"][0]["inline"], true);
        assert!(v["embeds"][0].get("description").is_none());
        assert_eq!(
            v["components"][0]["components"][0]["custom_id"],
            "sess:1:join"
        );
        assert_eq!(v["allowed_mentions"]["parse"], json!([]));
        assert_eq!(v["allowed_mentions"]["users"], json!(["5"]));
        assert_eq!(v["flags"], 64);
        assert_eq!(v["enforce_nonce"], true);
        assert_eq!(v["attachments"][0]["description"], "alt");
        let e = message_body(&m, true);
        assert!(e.get("nonce").is_none() && e.get("flags").is_none());
    }
}
