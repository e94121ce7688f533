//! Personal stretch nudges: a DM at each interval inside a person's daily window, only after
//! they opted in (`/nudges on`), each with a one-tap Stop.
//!
//! - [`slots`]: when nudges fall (the window in local time, daylight saving, snooze, holidays,
//!   catching up after downtime): pure functions of `now`.
//! - [`input`]: what the person typed, checked, with one sentence per mistake.
//! - [`message`]: the nudge itself (a short card with the stretch's steps and hold, its
//!   illustration, and the buttons Done, Snooze, Skip, Stop).
//! - [`service`]: [`Nudges`], the commands' and buttons' actions and the firing loop (claim and
//!   nonce per nudge, as reminders do; runs only in the process that owns shard 0).

pub mod input;
pub mod message;
pub mod service;
pub mod slots;
#[cfg(test)]
mod tests;

use async_trait::async_trait;

pub use service::{Nudges, NudgesConfig, TickReport};
pub use slots::{Due, Window};

use crate::{
    ids::{ChannelId, UserId},
    post::PostError,
};

/// Opens (or finds) the DM channel with a person: the Discord adapter in production, a fake in
/// tests.
#[async_trait]
pub trait DmOpener: Send + Sync {
    async fn open_dm(&self, user_id: UserId) -> Result<ChannelId, PostError>;
}

/// Discord's code for "Cannot send messages to this user": the person closed their DMs.
pub const DMS_CLOSED_CODE: u32 = 50007;
