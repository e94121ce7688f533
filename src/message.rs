//! What the bot posts, free of Discord library types: text, cards (embeds), buttons, one attached
//! image, whom it may ping, and a nonce that de-duplicates retries. The sending layer in
//! [`crate::discord`] turns this into Discord's JSON; [`crate::limits`] checks it first.

use std::path::PathBuf;

use crate::ids::{RoleId, UserId};

/// One name/value pair of a card.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Field {
    pub name: String,
    pub value: String,
    pub inline: bool,
}

impl Field {
    pub fn new(name: impl Into<String>, value: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            value: value.into(),
            inline: false,
        }
    }

    pub fn inline(mut self) -> Self {
        self.inline = true;
        self
    }
}

/// A card: becomes one Discord embed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Card {
    pub title: String,
    pub description: String,
    pub fields: Vec<Field>,
    /// Shows the message's attached image inside this card.
    pub show_image: bool,
    pub footer: String,
    /// 0xRRGGBB; 0 means Discord's default.
    pub color: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ButtonStyle {
    Primary,
    Secondary,
    Success,
    Danger,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Button {
    pub custom_id: String,
    pub label: String,
    pub style: ButtonStyle,
    pub disabled: bool,
}

impl Button {
    pub fn new(style: ButtonStyle, custom_id: impl Into<String>, label: impl Into<String>) -> Self {
        Self {
            custom_id: custom_id.into(),
            label: label.into(),
            style,
            disabled: false,
        }
    }

    pub fn primary(custom_id: impl Into<String>, label: impl Into<String>) -> Self {
        Self::new(ButtonStyle::Primary, custom_id, label)
    }
}

/// A file sent with the message (the routine's illustration, a `/stats` chart).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Attachment {
    /// Read when the message is sent, unless `bytes` holds the file already.
    pub path: PathBuf,
    /// The file itself, for one made in memory (a chart); `path` is then only for logs.
    pub bytes: Option<std::sync::Arc<[u8]>>,
    /// The name Discord shows and `attachment://` refers to.
    pub file_name: String,
    pub alt: String,
}

/// Whom a message may ping. The default pings nobody, whatever the text says.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Mentions {
    pub users: Vec<UserId>,
    pub roles: Vec<RoleId>,
}

/// A message to post or an edit to make.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OutMessage {
    pub content: String,
    pub cards: Vec<Card>,
    pub rows: Vec<Vec<Button>>,
    pub attachment: Option<Attachment>,
    pub mentions: Mentions,
    /// Only the person who ran the command sees it (interaction replies only).
    pub ephemeral: bool,
    /// Set by the sender when absent; the same nonce on a retry never posts twice.
    pub nonce: Option<String>,
}

impl OutMessage {
    pub fn text(content: impl Into<String>) -> Self {
        Self {
            content: content.into(),
            ..Self::default()
        }
    }

    pub fn ephemeral(mut self) -> Self {
        self.ephemeral = true;
        self
    }

    /// A stable hash of what the message shows (its nonce aside), stored so that after a
    /// restart a message is edited only when what it should show has changed.
    pub fn fingerprint(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = StableHasher::default();
        self.content.hash(&mut h);
        self.cards.hash(&mut h);
        self.rows.hash(&mut h);
        self.attachment.hash(&mut h);
        self.mentions.hash(&mut h);
        self.ephemeral.hash(&mut h);
        h.finish()
    }
}

/// `<t:UNIX:R>`: a time every Discord client shows live and relative ("in 45 seconds").
/// FNV-1a: the same hash in every process and on every run, unlike std's randomly seeded
/// hasher, so hashes can be stored. Not for anything an attacker chooses to collide.
pub struct StableHasher(u64);

impl Default for StableHasher {
    fn default() -> Self {
        Self(0xcbf2_9ce4_8422_2325)
    }
}

impl std::hash::Hasher for StableHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 ^= u64::from(*b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }
}

pub fn relative_time(at: chrono::DateTime<chrono::Utc>) -> String {
    format!("<t:{}:R>", at.timestamp())
}

/// `<t:UNIX:F>`: a full date and time in the reader's own zone.
pub fn full_time(at: chrono::DateTime<chrono::Utc>) -> String {
    format!("<t:{}:F>", at.timestamp())
}

/// `<@id>`: a user mention.
pub fn user_mention(id: UserId) -> String {
    format!("<@{id}>")
}

#[cfg(test)]
mod tests {
    use std::hash::{Hash, Hasher};

    use super::*;

    /// Fingerprints are stored (`lobby_shown`): ids must hash as the bare numbers they replaced,
    /// or every lobby would be edited once after the upgrade.
    #[test]
    fn mentions_hash_as_the_bare_numbers_they_were() {
        let mut typed = StableHasher::default();
        Mentions {
            users: vec![UserId::new(7), UserId::new(1_100_000_000_000_000_013)],
            roles: vec![RoleId::new(4001)],
        }
        .hash(&mut typed);
        let mut bare = StableHasher::default();
        vec![7u64, 1_100_000_000_000_000_013].hash(&mut bare);
        vec![4001u64].hash(&mut bare);
        assert_eq!(typed.finish(), bare.finish());
    }
}
