//! Discord's JSON for an [`OutMessage`]: embeds, components, allowed mentions, attachments.
//! Kept apart from the sending layer so the mapping is unit-tested without a network.

use serde_json::{json, Map, Value};

use crate::message::{ButtonStyle, Card, OutMessage};

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::UserId;
    use crate::message::{Attachment, Button, Field, Mentions};

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
