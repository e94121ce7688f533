//! What a session persists: the JSON in the store's `sessions.state` column.
//!
//! Everything a restart needs is here: the timeline (plan, start, adjustments), who is in, the
//! lobby message to edit, and how far posting got. Field additions must stay optional (serde
//! defaults) so that sessions saved by an older build still load.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::timeline::Timeline;
use crate::ids::{MessageId, UserId};

/// Why a session ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum Ending {
    /// Ran to its finish.
    Finished,
    /// Stopped early by a person; the finish was posted at the stop.
    Stopped { by: UserId },
    /// Cancelled in the lobby.
    Cancelled { by: UserId },
    /// Everyone left the lobby before the start.
    Empty,
    /// The channel disappeared or the bot lost access to it.
    ChannelGone,
    /// The bot was removed from the server.
    GuildRemoved,
    /// Paused for a restart that took longer than `resume_within_secs`.
    Downtime,
    /// The plan ended while the bot was away (crash or stall): closed, not replayed.
    EndedOffline,
    /// A bug on our side (a panic, or a state we cannot use).
    Failed,
}

/// A pause made by a clean shutdown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RestartPause {
    pub at: DateTime<Utc>,
    /// The shutdown added the pause (true), or the session was already paused by a person and
    /// stays paused after the restart (false).
    pub auto: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionState {
    pub routine_id: String,
    pub timeline: Timeline,
    #[serde(default)]
    pub lobby_message_id: Option<MessageId>,
    /// In the order they joined; the starter first.
    #[serde(default)]
    pub participants: Vec<UserId>,
    /// Index of the last timeline event posted (or collapsed into a catch-up).
    #[serde(default)]
    pub last_posted: Option<usize>,
    /// The event being posted: saved before the send, so that after a crash the same event is
    /// sent again with the same nonce and Discord drops the duplicate.
    #[serde(default)]
    pub in_flight: Option<usize>,
    #[serde(default)]
    pub restart: Option<RestartPause>,
    /// Numbers the notices (pause, resume, restart) for their nonces.
    #[serde(default)]
    pub notice_seq: u32,
    #[serde(default)]
    pub stopped_by: Option<UserId>,
    #[serde(default)]
    pub ended: Option<Ending>,
    /// The admins' line of a scheduled group stretch, kept so lobby edits still show it.
    #[serde(default)]
    pub note: Option<String>,
    /// [`OutMessage::fingerprint`](crate::message::OutMessage::fingerprint) of what the lobby
    /// message shows, so a restart edits it only if what it should show has changed.
    #[serde(default)]
    pub lobby_shown: Option<u64>,
    /// The language the session posts in (a Discord locale code), decided when it opened so a
    /// session resumed after a restart keeps speaking it; `None` (older rows too): English.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
}

impl SessionState {
    pub fn new(routine_id: &str, timeline: Timeline, starter_id: Option<UserId>) -> Self {
        Self {
            routine_id: routine_id.to_owned(),
            timeline,
            lobby_message_id: None,
            // A reminder (no starter) opens an empty lobby; a person joins their own session.
            participants: starter_id.into_iter().collect(),
            last_posted: None,
            in_flight: None,
            restart: None,
            notice_seq: 0,
            stopped_by: None,
            lobby_shown: None,
            ended: None,
            note: None,
            language: None,
        }
    }

    /// The language the session posts in.
    pub fn locale(&self) -> crate::i18n::Locale {
        self.language
            .as_deref()
            .map_or(crate::i18n::Locale::EnUs, crate::i18n::Locale::from_discord)
    }

    /// The next notice number, for a nonce.
    pub fn next_notice(&mut self) -> u32 {
        self.notice_seq += 1;
        self.notice_seq
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A row as builds with bare `u64` ids saved it: the id types must read it unchanged.
    const OLD_ROW: &str = r#"{"routine_id":"childs-pose","timeline":{"plan":{"sets":1,
        "hold_secs":60,"steps_per_set":1,"events":[{"offset_secs":0,"set":1,"kind":{"kind":"hold","step":0}},
        {"offset_secs":60,"set":1,"kind":{"kind":"finish"}}]},"start":"2026-11-24T10:00:00Z",
        "adjustments":[{"type":"stop","at":"2026-11-24T10:00:30Z"}]},
        "lobby_message_id":1100000000000000100,"participants":[1100000000000000013,7],
        "last_posted":0,"in_flight":null,"restart":null,"notice_seq":2,
        "stopped_by":1100000000000000013,"ended":{"reason":"stopped","by":1100000000000000013},
        "note":null,"lobby_shown":42}"#;

    #[test]
    fn a_row_saved_with_bare_number_ids_still_loads_and_saves_the_same() {
        let st: SessionState = serde_json::from_str(OLD_ROW).unwrap();
        let alice = UserId::new(1_100_000_000_000_000_013);
        assert_eq!(
            st.lobby_message_id,
            Some(MessageId::new(1_100_000_000_000_000_100))
        );
        assert_eq!(st.participants, vec![alice, UserId::new(7)]);
        assert_eq!(st.stopped_by, Some(alice));
        assert_eq!(st.ended, Some(Ending::Stopped { by: alice }));
        let again: serde_json::Value = serde_json::to_value(&st).unwrap();
        let old: serde_json::Value = serde_json::from_str(OLD_ROW).unwrap();
        assert_eq!(again, old, "saved in the same shape");
    }

    #[test]
    fn a_session_nobody_started_opens_with_an_empty_lobby() {
        let tl: Timeline = serde_json::from_value(
            serde_json::from_str::<serde_json::Value>(OLD_ROW).unwrap()["timeline"].clone(),
        )
        .unwrap();
        assert!(SessionState::new("r", tl.clone(), None)
            .participants
            .is_empty());
        assert_eq!(
            SessionState::new("r", tl, Some(UserId::new(7))).participants,
            vec![UserId::new(7)]
        );
    }
}
