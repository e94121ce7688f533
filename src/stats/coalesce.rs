//! Showing a prompt's check-in count without flooding the channel's edits: at most one edit per
//! message every [`EDIT_SPACING`]. The first press edits at once; presses inside the spacing
//! share one edit at the end of it (an absolute deadline: the last edit plus the spacing), which
//! shows the highest count seen by then. Edits go in the background lane.

use std::{
    collections::HashMap,
    hash::Hash,
    sync::{Arc, Mutex},
    time::Duration,
};

use tokio::time::Instant;
use tracing::warn;

use crate::error::chain;
use crate::ids::{ChannelId, MessageId};
use crate::post::{Edit, Lane, Poster};

/// The least time between two edits of one prompt.
pub const EDIT_SPACING: Duration = Duration::from_secs(5);

/// What to do with an edit offered at some instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Send it now.
    Now,
    /// Send (the latest) at this instant; nothing is scheduled for the key yet.
    At(Instant),
    /// An edit is already scheduled for the key: it will show this one.
    Already,
}

#[derive(Debug, Clone, Copy)]
struct KeyState {
    last_sent: Instant,
    scheduled: bool,
}

/// The pure part: per key, when the next edit may go. Time is an input.
#[derive(Debug)]
pub struct Spacing<K> {
    spacing: Duration,
    keys: HashMap<K, KeyState>,
}

impl<K: Eq + Hash + Clone> Spacing<K> {
    pub fn new(spacing: Duration) -> Self {
        Self {
            spacing,
            keys: HashMap::new(),
        }
    }

    /// An edit for `key` is wanted at `now`.
    pub fn offer(&mut self, key: &K, now: Instant) -> Decision {
        let spacing = self.spacing;
        // Keys whose spacing has passed with nothing pending are forgotten, so the map holds
        // only the prompts pressed in the last few seconds.
        self.keys
            .retain(|_, s| s.scheduled || s.last_sent + spacing > now);
        match self.keys.get_mut(key) {
            None => {
                self.keys.insert(
                    key.clone(),
                    KeyState {
                        last_sent: now,
                        scheduled: false,
                    },
                );
                Decision::Now
            }
            Some(s) if s.scheduled => Decision::Already,
            Some(s) => {
                s.scheduled = true;
                Decision::At(s.last_sent + spacing)
            }
        }
    }

    /// The scheduled edit for `key` goes at `now`.
    pub fn fired(&mut self, key: &K, now: Instant) {
        self.keys.insert(
            key.clone(),
            KeyState {
                last_sent: now,
                scheduled: false,
            },
        );
    }

    /// How many keys are remembered.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }
}

type Key = (ChannelId, MessageId);

struct Pending {
    count: u32,
    edit: Edit,
}

struct State {
    spacing: Spacing<Key>,
    latest: HashMap<Key, Pending>,
}

/// Sends prompt count edits through the [`Poster`], spaced per message.
pub struct CountEdits {
    poster: Arc<dyn Poster>,
    state: Mutex<State>,
}

impl CountEdits {
    pub fn new(poster: Arc<dyn Poster>) -> Arc<Self> {
        Arc::new(Self {
            poster,
            state: Mutex::new(State {
                spacing: Spacing::new(EDIT_SPACING),
                latest: HashMap::new(),
            }),
        })
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Shows `count` on the message `edit` replaces (`edit.message` already shows it). Returns at
    /// once; the edit goes now or at the end of the spacing. Of the edits offered meanwhile, the
    /// one with the highest count is sent (presses answered out of order never show a lower one).
    pub fn show(self: &Arc<Self>, count: u32, mut edit: Edit) {
        edit.lane = Lane::Background;
        let key = (edit.channel_id, edit.message_id);
        let decision = {
            let mut st = self.lock();
            let keep = st.latest.get(&key).is_none_or(|p| p.count <= count);
            if keep {
                st.latest.insert(key, Pending { count, edit });
            }
            st.spacing.offer(&key, Instant::now())
        };
        let this = self.clone();
        match decision {
            Decision::Now => {
                tokio::spawn(async move { this.send(key).await });
            }
            Decision::At(at) => {
                tokio::spawn(async move {
                    tokio::time::sleep_until(at).await;
                    this.lock().spacing.fired(&key, Instant::now());
                    this.send(key).await;
                });
            }
            Decision::Already => {}
        }
    }

    async fn send(&self, key: Key) {
        let Some(pending) = self.lock().latest.remove(&key) else {
            return;
        };
        if let Err(e) = self.poster.edit(pending.edit).await {
            // The count shows again with the next press; nothing to retry here.
            warn!(error = %chain(&e), "could not show a prompt's check-in count");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::message::OutMessage;
    use crate::test_support::{utc, RecordingPoster, TokioClock};

    #[test]
    fn one_edit_per_spacing_and_the_rest_share_the_next() {
        let t0 = Instant::now();
        let s = |secs: u64| t0 + Duration::from_secs(secs);
        let mut spacing = Spacing::new(Duration::from_secs(5));
        assert_eq!(spacing.offer(&1, s(0)), Decision::Now);
        assert_eq!(spacing.offer(&1, s(1)), Decision::At(s(5)));
        assert_eq!(spacing.offer(&1, s(2)), Decision::Already);
        assert_eq!(spacing.offer(&2, s(2)), Decision::Now, "per message");
        spacing.fired(&1, s(5));
        assert_eq!(spacing.offer(&1, s(7)), Decision::At(s(10)));
        spacing.fired(&1, s(10));
        assert_eq!(spacing.offer(&1, s(16)), Decision::Now);
        assert_eq!(
            spacing.len(),
            1,
            "message 2 is forgotten once its spacing passed"
        );
    }

    fn edit(count: u32) -> Edit {
        Edit {
            lane: Lane::Live,
            channel_id: ChannelId::new(10),
            message_id: MessageId::new(99),
            message: OutMessage::text(format!("{count} stretched")),
        }
    }

    #[tokio::test(start_paused = true)]
    async fn presses_inside_five_seconds_make_one_more_edit_with_the_latest_count() {
        let clock = Arc::new(TokioClock::starting_at(utc("2026-11-24T10:00:00Z")));
        let poster = Arc::new(RecordingPoster::new(clock));
        let edits = CountEdits::new(poster.clone());
        edits.show(1, edit(1));
        tokio::time::sleep(Duration::from_secs(1)).await;
        edits.show(3, edit(3));
        edits.show(2, edit(2)); // answered out of order: never shown over 3
        tokio::time::sleep(Duration::from_secs(1)).await;
        let log = poster.log();
        assert_eq!(log.len(), 1, "one edit at once, the next waits");
        tokio::time::sleep(Duration::from_secs(4)).await;
        let log = poster.log();
        let shown: Vec<(u64, &str, Lane)> = log
            .iter()
            .map(|s| (s.at_ms, s.message.content.as_str(), s.lane))
            .collect();
        assert_eq!(
            shown,
            vec![
                (0, "1 stretched", Lane::Background),
                (5_000, "3 stretched", Lane::Background)
            ]
        );
        tokio::time::sleep(Duration::from_secs(30)).await;
        edits.show(4, edit(4));
        tokio::task::yield_now().await;
        tokio::time::sleep(Duration::from_millis(1)).await;
        assert_eq!(poster.log().len(), 3, "after a quiet spell, at once again");
    }
}
