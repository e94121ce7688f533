//! The state of the sessions this process runs, shared by the manager (which changes it when a
//! person acts) and each session's task in `runner` (which posts from it): the registry, one
//! [`Live`] per session behind its own lock, and the notices a control leaves for its task.
//!
//! It lives apart from both so that the folder layers one way: the manager drives the runner,
//! and both only reach down to this shared state, never into each other.

use std::{
    collections::{HashMap, VecDeque},
    sync::{Arc, Mutex, MutexGuard},
};

use chrono::{DateTime, Duration, Utc};
use tokio::{sync::Notify, task::AbortHandle};
use tokio_util::{sync::CancellationToken, task::TaskTracker};

use super::state::SessionState;
use crate::{
    clock::SharedClock,
    config::SessionsConfig,
    content::Library,
    error::{Context as _, Internal},
    ids::{ChannelId, GuildId, MessageId, UserId},
    message::OutMessage,
    post::{Edit, Lane, Post, Poster},
    store::{SessionRow, Store},
};

/// A channel notice the task posts on behalf of a control.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Notice {
    Paused {
        by: UserId,
    },
    /// `None`: back from a restart.
    Resumed {
        by: Option<UserId>,
    },
}

pub(crate) struct LiveState {
    pub saved: SessionState,
    /// Not persisted: a notice lost in a crash is not worth a message after it.
    pub notices: VecDeque<Notice>,
}

/// A session this process runs.
pub(crate) struct Live {
    pub id: String,
    pub guild_id: GuildId,
    pub channel_id: ChannelId,
    /// `None`: a reminder opened it.
    pub starter_id: Option<UserId>,
    pub created_at: DateTime<Utc>,
    /// A tokio mutex: held across the save to the store so saved snapshots never go backwards.
    pub state: tokio::sync::Mutex<LiveState>,
    /// Wakes the task after a control changed the state.
    pub wake: Notify,
    pub task: Mutex<Option<AbortHandle>>,
}

impl Live {
    /// Steps, notices and wrap-ups go in the live lane: late is wrong.
    pub fn live_post(&self, message: OutMessage) -> Post {
        Post {
            lane: Lane::Live,
            channel_id: self.channel_id,
            message,
        }
    }

    /// Lobby edits can wait behind other sessions' steps.
    pub fn lobby_edit(&self, message_id: MessageId, message: OutMessage) -> Edit {
        Edit {
            lane: Lane::Background,
            channel_id: self.channel_id,
            message_id,
            message,
        }
    }

    pub fn new(row: &SessionRow, saved: SessionState) -> Self {
        Self {
            id: row.id.clone(),
            guild_id: row.guild_id,
            channel_id: row.channel_id,
            starter_id: row.starter_id,
            created_at: row.created_at,
            state: tokio::sync::Mutex::new(LiveState {
                saved,
                notices: VecDeque::new(),
            }),
            wake: Notify::new(),
            task: Mutex::new(None),
        }
    }

    fn row(&self, state: &SessionState, now: DateTime<Utc>) -> Result<SessionRow, Internal> {
        Ok(SessionRow {
            id: self.id.clone(),
            guild_id: self.guild_id,
            channel_id: self.channel_id,
            starter_id: self.starter_id,
            active: state.ended.is_none(),
            state: serde_json::to_string(state).internal("encode the session state")?,
            created_at: self.created_at,
            updated_at: now,
        })
    }

    pub fn abort(&self) {
        if let Some(task) = lock(&self.task).as_ref() {
            task.abort();
        }
    }
}

/// What the manager and its tasks share.
pub(crate) struct Inner {
    pub store: Arc<dyn Store>,
    pub poster: Arc<dyn Poster>,
    pub clock: SharedClock,
    pub library: Arc<Library>,
    /// Every language's sentences; each session speaks the one it opened in.
    pub texts: Arc<crate::i18n::Texts>,
    pub config: SessionsConfig,
    pub sessions: Mutex<HashMap<String, Arc<Live>>>,
    pub tracker: TaskTracker,
    pub shutdown: CancellationToken,
}

impl Inner {
    pub async fn save(&self, live: &Live, state: &SessionState) -> Result<(), Internal> {
        let row = live.row(state, self.clock.now())?;
        self.store
            .update_session(&row)
            .await
            .internal("save the session")
    }

    /// The sentences of `locale`.
    pub fn tr(&self, locale: crate::i18n::Locale) -> crate::i18n::Tr<'_> {
        crate::i18n::Tr::new(&self.texts, locale)
    }

    pub fn stale_after(&self) -> Duration {
        secs(self.config.stale_step_secs)
    }

    /// Drops an ended session from the registry (unless a newer one took its id), so that
    /// lookups by channel only ever find the channel's current session.
    pub fn forget(&self, live: &Live) {
        let mut sessions = lock(&self.sessions);
        if sessions
            .get(&live.id)
            .is_some_and(|l| std::ptr::eq(Arc::as_ptr(l), live))
        {
            sessions.remove(&live.id);
        }
    }
}

pub(crate) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // The data behind these mutexes stays consistent even if a holder panicked.
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// Seconds from config as a duration; absurd values saturate instead of panicking.
pub(crate) fn secs(n: u64) -> Duration {
    Duration::try_seconds(i64::try_from(n).unwrap_or(i64::MAX)).unwrap_or(Duration::MAX)
}
