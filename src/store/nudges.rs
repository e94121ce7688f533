//! What the store keeps for personal nudges (`crate::nudges`): a person's window and the loop's
//! state ([`NudgeRow`]), one record per nudge ([`NudgeFireRow`]), and the last locale a person's
//! interaction carried. [`NudgeStore`] is a supertrait of [`super::Store`], so every store has
//! it and a `dyn Store` offers its methods; it lives apart only to keep this feature's queries
//! together.

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use super::{ClaimOutcome, FireStatus, StoreError};
use crate::ids::{ChannelId, MessageId, UserId};

/// One person's nudges.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NudgeRow {
    pub user_id: UserId,
    /// Opted in (`/nudges on`) and not turned off.
    pub enabled: bool,
    pub every_minutes: u32,
    /// Minutes after local midnight.
    pub from_minute: u32,
    pub to_minute: u32,
    /// `DaySet` bits, Monday first.
    pub days: u8,
    pub timezone: String,
    /// A holiday (`/nudges pause`): no nudge before this instant.
    pub paused_until: Option<DateTime<Utc>>,
    /// When the loop next looks at this person; `None`: nothing pending.
    pub next_at: Option<DateTime<Utc>>,
    /// The last regular slot posted or skipped.
    pub handled_through: Option<DateTime<Utc>>,
    /// A snoozed nudge, due at this instant.
    pub snooze_at: Option<DateTime<Utc>>,
    /// Written by the loop ([`NudgeStore::set_nudge_dm_channel`]); the settings writes keep it.
    pub dm_channel_id: Option<ChannelId>,
    /// Discord refused a DM (50007): paused until the person opts in again.
    pub dms_closed: bool,
    /// The person is still to be told why their nudges stopped.
    pub closed_notice: bool,
    /// How many nudges were posted: the rotation through the stretches.
    pub rotation: u32,
    /// Changes with every write the person makes ([`NudgeStore::save_nudge_settings`]).
    pub rev: u64,
    pub updated_at: DateTime<Utc>,
}

/// The loop moving a person on without a post (or after one): only if `rev` is unchanged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NudgeNext {
    pub user_id: UserId,
    pub rev: u64,
    pub handled_through: Option<DateTime<Utc>>,
    pub snooze_at: Option<DateTime<Utc>>,
    pub next_at: Option<DateTime<Utc>>,
}

/// A request to own one nudge (a slot, or a snoozed nudge, by its instant).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NudgeClaim {
    pub user_id: UserId,
    /// The revision the claimer read; a person who changed their nudges is not claimed.
    pub rev: u64,
    pub slot_at: DateTime<Utc>,
    pub now: DateTime<Utc>,
    pub lease_until: DateTime<Utc>,
    pub instance: String,
    /// The stretch the nudge suggests (a retry suggests the same one).
    pub stretch_id: String,
}

/// How a claimed nudge ended, and where the person's schedule goes next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NudgeDone {
    pub user_id: UserId,
    pub slot_at: DateTime<Utc>,
    pub claimed_by: String,
    pub attempt: u32,
    /// `Posted` or `Failed`.
    pub status: FireStatus,
    pub message_id: Option<MessageId>,
    /// Written only if the person's `rev` is still `next.rev`.
    pub next: NudgeNext,
    /// The rotation moves on after a post.
    pub posted: bool,
    pub now: DateTime<Utc>,
}

/// What the person pressed on a nudge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NudgeOutcome {
    Done,
    Skipped,
    Snoozed,
}

impl NudgeOutcome {
    pub fn as_str(self) -> &'static str {
        match self {
            NudgeOutcome::Done => "done",
            NudgeOutcome::Skipped => "skipped",
            NudgeOutcome::Snoozed => "snoozed",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "done" => NudgeOutcome::Done,
            "skipped" => NudgeOutcome::Skipped,
            "snoozed" => NudgeOutcome::Snoozed,
            _ => return None,
        })
    }
}

/// The record of one nudge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NudgeFireRow {
    pub user_id: UserId,
    pub slot_at: DateTime<Utc>,
    pub status: FireStatus,
    pub attempts: u32,
    pub message_id: Option<MessageId>,
    pub stretch_id: String,
    pub outcome: Option<NudgeOutcome>,
}

#[async_trait]
pub trait NudgeStore: Send + Sync {
    /// The person's nudges, if they ever opted in.
    async fn nudge_person(&self, user_id: UserId) -> Result<Option<NudgeRow>, StoreError>;
    /// Saves what the person chose (window, on/off, holiday, snooze) and the schedule that
    /// follows from it, bumping `rev`; keeps the DM channel and the rotation. `dms_closed` and
    /// `closed_notice` are written as given only by new settings (`row.rev == 0`: `/nudges on`);
    /// a change of read settings (`row.rev` as read) keeps the stored ones, so a snooze or pause
    /// that read the row before Discord refused a DM cannot reopen it. Returns the new revision.
    async fn save_nudge_settings(&self, row: &NudgeRow) -> Result<u64, StoreError>;
    /// Moves the schedule on (the loop), if `next.rev` is still the person's; `false`: nothing
    /// written.
    async fn set_nudge_next(&self, next: &NudgeNext) -> Result<bool, StoreError>;
    /// Remembers the person's DM channel, so the next nudge is one request.
    async fn set_nudge_dm_channel(
        &self,
        user_id: UserId,
        channel_id: ChannelId,
    ) -> Result<(), StoreError>;
    /// Discord refused a DM: pauses the person's nudges and marks them to be told, once.
    /// `false` when it was so already (nothing to log twice).
    async fn close_nudge_dms(&self, user_id: UserId) -> Result<bool, StoreError>;
    /// Takes the pending "your DMs are closed" notice: `true` once per closing.
    async fn take_nudge_notice(&self, user_id: UserId) -> Result<bool, StoreError>;
    /// People whose pending time is at or before `now`, earliest first.
    async fn due_nudges(&self, now: DateTime<Utc>, limit: u32)
        -> Result<Vec<NudgeRow>, StoreError>;
    /// The earliest pending time of anyone (what the loop sleeps until).
    async fn earliest_nudge(&self) -> Result<Option<DateTime<Utc>>, StoreError>;
    /// Claims one nudge for posting; on success the person's `next_at` moves to the lease end.
    async fn claim_nudge_fire(&self, claim: &NudgeClaim) -> Result<ClaimOutcome, StoreError>;
    /// Records how a claimed nudge ended and moves the schedule on, in one transaction, only
    /// while the claim is still `done.claimed_by`'s at `done.attempt` (`false`: lost).
    async fn finish_nudge_fire(&self, done: &NudgeDone) -> Result<bool, StoreError>;
    /// The record of one nudge.
    async fn nudge_fire(
        &self,
        user_id: UserId,
        slot_at: DateTime<Utc>,
    ) -> Result<Option<NudgeFireRow>, StoreError>;
    /// Records the button pressed on a posted nudge; `false` if there is no such nudge.
    async fn set_nudge_outcome(
        &self,
        user_id: UserId,
        slot_at: DateTime<Utc>,
        outcome: NudgeOutcome,
    ) -> Result<bool, StoreError>;
    /// The last Discord locale code a person's interaction carried.
    async fn person_locale(&self, user_id: UserId) -> Result<Option<String>, StoreError>;
    /// Records it only for someone who has nudges (only DMs need it); `false`: nothing written.
    async fn set_person_locale(&self, user_id: UserId, code: &str) -> Result<bool, StoreError>;
    /// Deletes nudge records of slots before `before` (they guard against duplicates only for
    /// a while).
    async fn purge_nudge_fires_before(&self, before: DateTime<Utc>) -> Result<u64, StoreError>;
}
