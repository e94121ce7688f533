//! Session tests under tokio's paused time: the recording poster as Discord, a clock that follows
//! tokio's clock, the real SQLite store in memory. Offsets are asserted exactly, in milliseconds.
//!
//! This file holds the shared fixtures (the [`Harness`], the plan of a full session);
//! the tests are grouped by what they exercise:
//! - `timing`: steps on time, and one slow, stalled, lost or broken session not touching others;
//! - `lobby`: starting, the per-channel and per-server limits, joining and leaving;
//! - `controls`: who may control a session, and pause, resume, skip, stop, start now;
//! - `restart`: shutdown, resume after a restart or a crash, removal from a server.

mod controls;
mod lobby;
mod restart;
mod timing;

use std::sync::Arc;

use tokio::time::{Duration, Instant};

use super::{
    manager::{ResumeReport, SessionManager, StartRequest, Started, Target},
    Reply, SessionError,
};
use crate::{
    buttons::Action,
    config::SessionsConfig,
    content::Library,
    deps::Deps,
    ids::{ChannelId, GuildId, UserId},
    limits::check_message,
    post::{Lane, PostError},
    store::{SqliteStore, Store},
    test_support::{fixture_library, utc, Behave, RecordingPoster, Sent, TokioClock},
};

const GUILD: GuildId = GuildId::new(1);
const X: ChannelId = ChannelId::new(100);
const Y: ChannelId = ChannelId::new(200);
const STARTER: UserId = UserId::new(7);

struct Harness {
    _dir: tempfile::TempDir,
    base: Instant,
    store: Arc<SqliteStore>,
    discord: Arc<RecordingPoster>,
    clock: Arc<TokioClock>,
    library: Arc<Library>,
    config: SessionsConfig,
}

impl Harness {
    fn new() -> Self {
        let (dir, library) = fixture_library();
        let clock = Arc::new(TokioClock::starting_at(utc("2026-11-24T10:00:00Z")));
        Self {
            _dir: dir,
            base: clock.origin(),
            store: Arc::new(SqliteStore::in_memory().unwrap()),
            discord: Arc::new(RecordingPoster::new(clock.clone())),
            clock,
            library: Arc::new(library),
            config: SessionsConfig {
                lobby_secs: 60,
                max_per_server: 5,
                resume_within_secs: 600,
                stale_step_secs: 5,
                breathing_cue_min_hold_secs: 45,
                start_spacing_ms: 0,
                max_adjustments: 20,
                control_cooldown_ms: 0,
            },
        }
    }

    /// A manager process on the shared store, Discord and clock.
    fn manager(&self) -> SessionManager {
        let deps = Deps {
            store: self.store.clone(),
            poster: self.discord.clone(),
            clock: self.clock.clone(),
            library: self.library.clone(),
        };
        SessionManager::new(deps, self.config.clone())
    }

    /// A manager with one session already started in `channel` (the usual first two steps).
    async fn running(&self, channel: ChannelId) -> (SessionManager, Started) {
        let m = self.manager();
        let started = m.start(req(channel)).await.unwrap();
        (m, started)
    }

    /// The next process, started at `secs` after the previous one went away, and what its resume
    /// did.
    async fn restart_at(&self, secs: u64) -> (SessionManager, ResumeReport) {
        self.until(secs).await;
        let m = self.manager();
        let report = m.resume_all().await.unwrap();
        (m, report)
    }

    /// What was sent to `channel` after `ms`: what a restart added.
    fn sent_after(&self, channel: ChannelId, ms: u64) -> Vec<Sent> {
        let mut sent = self.discord.sent(channel);
        sent.retain(|s| s.at_ms > ms);
        sent
    }

    async fn until(&self, secs: u64) {
        tokio::time::sleep_until(self.base + Duration::from_secs(secs)).await;
    }

    async fn active_in(&self, channel: ChannelId) -> bool {
        self.store
            .active_session_in(channel)
            .await
            .unwrap()
            .is_some()
    }

    /// As [`Harness::check_all`], for a session in any language: every post fits and has a
    /// nonce, and the lobby's edits never ping.
    fn check_all_in_any_language(&self) {
        for s in self.discord.log() {
            assert_eq!(check_message(&s.message), Ok(()), "{s:?}");
            if s.edit_of.is_none() {
                assert!(s.message.nonce.is_some(), "post without nonce: {s:?}");
            } else {
                assert!(s.message.mentions.users.is_empty(), "{s:?}");
            }
        }
    }

    /// Every post has a nonce and fits Discord's limits; only the start and the finish ping.
    fn check_all(&self) {
        for s in self.discord.log() {
            assert_eq!(check_message(&s.message), Ok(()), "{s:?}");
            if s.edit_of.is_none() {
                assert!(s.message.nonce.is_some(), "post without nonce: {s:?}");
            }
            let pings = !s.message.mentions.users.is_empty();
            let opening = s.suffix() == "0" || s.message.content.contains("Let's stretch");
            let closing = s.message.content.contains("Stretched together")
                || s.message.content.contains("Took part:**");
            assert_eq!(pings, s.edit_of.is_none() && (opening || closing), "{s:?}");
        }
    }
}

fn req(channel: ChannelId) -> StartRequest {
    StartRequest {
        guild_id: GUILD,
        channel_id: channel,
        starter_id: Some(STARTER),
        routine_id: "childs-pose".into(),
        sets: Some(2),
        hold_secs: Some(60),
        lobby_secs: Some(10),
        scheduled: None,
        guild_locale: None,
    }
}

/// `user`, who cannot manage messages, uses `action` on the session in `channel`.
async fn press(
    m: &SessionManager,
    channel: ChannelId,
    user: UserId,
    action: Action,
) -> Result<Reply, SessionError> {
    m.control(Target::Channel(channel), user, false, action)
        .await
}

fn user_error(r: Result<impl std::fmt::Debug, SessionError>) -> String {
    match r {
        Err(SessionError::User(s)) => s.to_string(),
        other => panic!("expected a user error, got {other:?}"),
    }
}

fn s(at: u64, what: &str) -> (u64, String) {
    (at, what.to_owned())
}

/// `(second, nonce suffix)` pairs written as `"0 lobby, 10 0, 25 1"`.
fn plan(spec: &str) -> Vec<(u64, String)> {
    let pair = |p: &str| {
        let (at, what) = p.trim().split_once(' ').unwrap();
        s(at.parse().unwrap(), what)
    };
    spec.split(',').map(pair).collect()
}

/// A rule: `then` for posts whose nonce ends in `suffix` (in `only` that channel, if given), Ok
/// for the rest.
fn on_nonce(
    suffix: &'static str,
    only: Option<ChannelId>,
    then: Behave,
) -> impl Fn(&Sent) -> Behave + Send + Sync + 'static {
    move |sent| {
        let nonce = sent.message.nonce.as_deref();
        let hit =
            nonce.is_some_and(|n| n.ends_with(suffix)) && only.is_none_or(|c| c == sent.channel);
        if hit {
            then.clone()
        } else {
            Behave::Ok
        }
    }
}

/// The posts of a full 2-set session with a 10 s lobby and a 60 s hold, from the lobby at 0.
fn full_session_posts() -> Vec<(u64, String)> {
    plan("0 lobby, 10 0, 25 1, 40 2, 55 3, 85 4, 115 5, 135 6, 150 7, 165 8, 180 9, 210 10, 240 11")
}
