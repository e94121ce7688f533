//! Discord's limits on what a message may carry, as plain checks run before anything is sent,
//! and its global request rate.
//! Values from Discord's API documentation (see `../shared/notes/time-and-limits.md`).

use thiserror::Error;

use crate::message::OutMessage;

pub const CONTENT_CHARS: usize = 2000;
pub const EMBEDS_PER_MESSAGE: usize = 10;
pub const EMBED_TITLE_CHARS: usize = 256;
pub const EMBED_DESCRIPTION_CHARS: usize = 4096;
pub const EMBED_FIELDS: usize = 25;
pub const FIELD_NAME_CHARS: usize = 256;
pub const FIELD_VALUE_CHARS: usize = 1024;
pub const FOOTER_CHARS: usize = 2048;
pub const EMBEDS_TOTAL_CHARS: usize = 6000;
pub const BUTTONS_PER_ROW: usize = 5;
pub const ROWS_PER_MESSAGE: usize = 5;
pub const CUSTOM_ID_CHARS: usize = 100;
pub const BUTTON_LABEL_CHARS: usize = 80;
pub const NONCE_CHARS: usize = 25;
pub const AUTOCOMPLETE_CHOICES: usize = 25;
pub const ALT_TEXT_CHARS: usize = 1024;
/// Requests a bot may make in any second, over every route but interaction answers.
pub const GLOBAL_REQUESTS_PER_SEC: u32 = 50;

/// Which limit a message breaks.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{what} is {actual}, over Discord's limit of {limit}")]
pub struct LimitError {
    pub what: String,
    pub actual: usize,
    pub limit: usize,
}

fn check(what: impl Into<String>, actual: usize, limit: usize) -> Result<(), LimitError> {
    if actual > limit {
        Err(LimitError {
            what: what.into(),
            actual,
            limit,
        })
    } else {
        Ok(())
    }
}

fn chars(s: &str) -> usize {
    s.chars().count()
}

/// Checks a message against every limit Discord enforces on it.
pub fn check_message(m: &OutMessage) -> Result<(), LimitError> {
    check("content length", chars(&m.content), CONTENT_CHARS)?;
    check("number of embeds", m.cards.len(), EMBEDS_PER_MESSAGE)?;
    let mut total = 0;
    for (i, c) in m.cards.iter().enumerate() {
        check(
            format!("embed {i} title"),
            chars(&c.title),
            EMBED_TITLE_CHARS,
        )?;
        check(
            format!("embed {i} description"),
            chars(&c.description),
            EMBED_DESCRIPTION_CHARS,
        )?;
        check(format!("embed {i} fields"), c.fields.len(), EMBED_FIELDS)?;
        check(format!("embed {i} footer"), chars(&c.footer), FOOTER_CHARS)?;
        total += chars(&c.title) + chars(&c.description) + chars(&c.footer);
        for (j, f) in c.fields.iter().enumerate() {
            if f.name.trim().is_empty() || f.value.trim().is_empty() {
                return Err(LimitError {
                    what: format!("embed {i} field {j} is empty; its length"),
                    actual: 0,
                    limit: 1,
                });
            }
            check(
                format!("embed {i} field {j} name"),
                chars(&f.name),
                FIELD_NAME_CHARS,
            )?;
            check(
                format!("embed {i} field {j} value"),
                chars(&f.value),
                FIELD_VALUE_CHARS,
            )?;
            total += chars(&f.name) + chars(&f.value);
        }
    }
    check("text of all embeds", total, EMBEDS_TOTAL_CHARS)?;
    check("rows of buttons", m.rows.len(), ROWS_PER_MESSAGE)?;
    for (i, row) in m.rows.iter().enumerate() {
        check(format!("buttons in row {i}"), row.len(), BUTTONS_PER_ROW)?;
        for b in row {
            check(
                format!("button {:?} label", b.label),
                chars(&b.label),
                BUTTON_LABEL_CHARS,
            )?;
            if b.custom_id.is_empty() {
                return Err(LimitError {
                    what: "a button custom_id length".into(),
                    actual: 0,
                    limit: 1,
                });
            }
            check("a button custom_id", chars(&b.custom_id), CUSTOM_ID_CHARS)?;
        }
    }
    if let Some(a) = &m.attachment {
        check("attachment alt text", chars(&a.alt), ALT_TEXT_CHARS)?;
    }
    if let Some(n) = &m.nonce {
        check("nonce", chars(n), NONCE_CHARS)?;
    }
    if m.content.trim().is_empty() && m.cards.is_empty() && m.attachment.is_none() {
        return Err(LimitError {
            what: "message (no content, embeds or files) length".into(),
            actual: 0,
            limit: 1,
        });
    }
    Ok(())
}

/// Shortens `s` to at most `max` characters, ending with an ellipsis when cut.
pub fn truncate(s: &str, max: usize) -> String {
    if chars(s) <= max {
        return s.to_owned();
    }
    let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::message::{Button, Card, Field};

    fn with_card(card: Card) -> OutMessage {
        OutMessage {
            cards: vec![card],
            ..OutMessage::default()
        }
    }

    #[test]
    fn each_limit_is_enforced() {
        let ok = with_card(Card {
            title: "t".repeat(256),
            description: "d".repeat(4096),
            ..Card::default()
        });
        assert_eq!(check_message(&ok), Ok(()));
        let long_title = with_card(Card {
            title: "t".repeat(257),
            ..Card::default()
        });
        assert_eq!(check_message(&long_title).unwrap_err().limit, 256);
        let content = OutMessage::text("x".repeat(2001));
        assert_eq!(check_message(&content).unwrap_err().limit, 2000);
        let field = with_card(Card {
            title: "t".into(),
            fields: vec![Field::new("n", "v".repeat(1025))],
            ..Card::default()
        });
        assert_eq!(check_message(&field).unwrap_err().limit, 1024);
        let total = OutMessage {
            cards: vec![
                Card {
                    description: "d".repeat(4000),
                    ..Card::default()
                },
                Card {
                    description: "d".repeat(2001),
                    ..Card::default()
                },
            ],
            ..OutMessage::default()
        };
        assert_eq!(check_message(&total).unwrap_err().limit, 6000);
        let mut buttons = OutMessage::text("hi");
        buttons.rows = vec![vec![Button::primary("a", "A"); 6]];
        assert_eq!(check_message(&buttons).unwrap_err().limit, 5);
        assert!(check_message(&OutMessage::default()).is_err());
    }

    #[test]
    fn truncate_counts_characters_not_bytes() {
        assert_eq!(truncate("héllo", 5), "héllo");
        assert_eq!(truncate("héllo wörld", 6), "héllo…");
    }
}
