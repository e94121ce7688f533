//! What a session persists: the JSON in the store's `sessions.state` column.
//!
//! Everything a restart needs is here: the timeline (plan, start, adjustments), who is in, the
//! lobby message to edit, and how far posting got. Field additions must stay optional (serde
//! defaults) so that sessions saved by an older build still load.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::timeline::Timeline;

/// Why a session ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum Ending {
    /// Ran to its finish.
    Finished,
    /// Stopped early by a person; the finish was posted at the stop.
    Stopped { by: u64 },
    /// Cancelled in the lobby.
    Cancelled { by: u64 },
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
    pub lobby_message_id: Option<u64>,
    /// In the order they joined; the starter first.
    #[serde(default)]
    pub participants: Vec<u64>,
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
    pub stopped_by: Option<u64>,
    #[serde(default)]
    pub ended: Option<Ending>,
    /// The admins' line of a scheduled group stretch, kept so lobby edits still show it.
    #[serde(default)]
    pub note: Option<String>,
    /// [`OutMessage::fingerprint`](crate::message::OutMessage::fingerprint) of what the lobby
    /// message shows, so a restart edits it only if what it should show has changed.
    #[serde(default)]
    pub lobby_shown: Option<u64>,
}

impl SessionState {
    pub fn new(routine_id: &str, timeline: Timeline, starter_id: u64) -> Self {
        Self {
            routine_id: routine_id.to_owned(),
            timeline,
            lobby_message_id: None,
            // A reminder (starter 0) opens an empty lobby; a person joins their own session.
            participants: if starter_id == 0 {
                Vec::new()
            } else {
                vec![starter_id]
            },
            last_posted: None,
            in_flight: None,
            restart: None,
            notice_seq: 0,
            stopped_by: None,
            lobby_shown: None,
            ended: None,
            note: None,
        }
    }

    /// The next notice number, for a nonce.
    pub fn next_notice(&mut self) -> u32 {
        self.notice_seq += 1;
        self.notice_seq
    }
}
