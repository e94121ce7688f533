//! Session tests under tokio's paused time: a recording fake Discord, a clock that follows tokio's
//! clock, the real SQLite store in memory. Offsets are asserted exactly, in milliseconds.
//!
//! This file holds the shared fixtures (the fake, the [`Harness`], the plan of a full session);
//! the tests are grouped by what they exercise:
//! - `timing`: steps on time, and one slow, stalled, lost or broken session not touching others;
//! - `lobby`: starting, the per-channel and per-server limits, joining and leaving;
//! - `controls`: who may control a session, and pause, resume, skip, stop, start now;
//! - `restart`: shutdown, resume after a restart or a crash, removal from a server.

mod controls;
mod lobby;
mod restart;
mod timing;

use std::{
    collections::HashMap,
    sync::{
        atomic::{AtomicU64, Ordering},
        Arc, Mutex,
    },
};

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use tokio::time::{Duration, Instant};

use super::{
    manager::{SessionManager, StartRequest, Target},
    test_support::fixture_library,
    SessionError,
};
use crate::{
    buttons::Action,
    clock::Clock,
    config::SessionsConfig,
    content::Library,
    ids::{ChannelId, GuildId, UserId},
    limits::check_message,
    message::OutMessage,
    post::{Lane, MessageId, PostError, Poster},
    store::{SqliteStore, Store},
};

const GUILD: GuildId = GuildId::new(1);
const X: ChannelId = ChannelId::new(100);
const Y: ChannelId = ChannelId::new(200);
const STARTER: UserId = UserId::new(7);

/// Wall time that follows tokio's (paused) clock.
#[derive(Debug)]
struct TokioClock {
    base: DateTime<Utc>,
    base_instant: Instant,
}

impl Clock for TokioClock {
    fn now(&self) -> DateTime<Utc> {
        self.base + chrono::Duration::from_std(Instant::now() - self.base_instant).unwrap()
    }
}

/// How the fake answers one post.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Behave {
    Ok,
    Sleep(u64),
    Gone,
    Panic,
    /// Discord got it, but the answer never comes (the bot dies waiting).
    DeliverThenHang,
}

type Rule = Box<dyn Fn(ChannelId, &OutMessage) -> Behave + Send + Sync>;

#[derive(Debug, Clone)]
struct Sent {
    at_ms: u64,
    lane: Lane,
    channel: ChannelId,
    edit_of: Option<MessageId>,
    message: OutMessage,
    /// A new message appeared in the channel (false: refused, or de-duplicated by nonce).
    delivered: bool,
}

impl Sent {
    fn suffix(&self) -> String {
        match &self.message.nonce {
            Some(n) => n.rsplit_once('-').map_or(n.clone(), |(_, s)| s.to_owned()),
            None => "edit".to_owned(),
        }
    }

    fn first_line(&self) -> &str {
        self.message.content.lines().next().unwrap_or("")
    }
}

/// Records every post and edit; de-duplicates posts by nonce like Discord's `enforce_nonce`.
struct FakeDiscord {
    base: Instant,
    log: Mutex<Vec<Sent>>,
    nonces: Mutex<HashMap<String, MessageId>>,
    next_id: AtomicU64,
    rule: Mutex<Rule>,
}

impl FakeDiscord {
    fn new(base: Instant) -> Self {
        Self {
            base,
            log: Mutex::new(Vec::new()),
            nonces: Mutex::new(HashMap::new()),
            next_id: AtomicU64::new(5000),
            rule: Mutex::new(Box::new(|_, _| Behave::Ok)),
        }
    }

    fn set_rule(&self, rule: impl Fn(ChannelId, &OutMessage) -> Behave + Send + Sync + 'static) {
        *self.rule.lock().unwrap() = Box::new(rule);
    }

    fn record(
        &self,
        lane: Lane,
        channel: ChannelId,
        edit_of: Option<MessageId>,
        message: &OutMessage,
    ) -> usize {
        let mut log = self.log.lock().unwrap();
        log.push(Sent {
            at_ms: (Instant::now() - self.base).as_millis() as u64,
            lane,
            channel,
            edit_of,
            message: message.clone(),
            delivered: false,
        });
        log.len() - 1
    }

    fn deliver(&self, at: usize, message: &OutMessage) -> MessageId {
        if let Some(nonce) = &message.nonce {
            if let Some(&id) = self.nonces.lock().unwrap().get(nonce) {
                return id;
            }
        }
        let id = MessageId::new(self.next_id.fetch_add(1, Ordering::SeqCst));
        if let Some(nonce) = &message.nonce {
            self.nonces.lock().unwrap().insert(nonce.clone(), id);
        }
        self.log.lock().unwrap()[at].delivered = true;
        id
    }

    fn sent(&self, channel: ChannelId) -> Vec<Sent> {
        self.log
            .lock()
            .unwrap()
            .iter()
            .filter(|s| s.channel == channel)
            .cloned()
            .collect()
    }

    /// (seconds, nonce suffix or "edit") of every attempt in a channel, in order.
    fn timeline(&self, channel: ChannelId) -> Vec<(u64, String)> {
        self.sent(channel)
            .iter()
            .map(|s| {
                assert_eq!(s.at_ms % 1000, 0, "not on a whole second: {s:?}");
                (s.at_ms / 1000, s.suffix())
            })
            .collect()
    }

    fn posts(&self, channel: ChannelId) -> Vec<(u64, String)> {
        self.timeline(channel)
            .into_iter()
            .filter(|(_, k)| k != "edit")
            .collect()
    }

    /// Every post has a nonce and fits Discord's limits; only the start and the finish ping.
    fn check_all(&self) {
        for s in self.log.lock().unwrap().iter() {
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

#[async_trait]
impl Poster for FakeDiscord {
    async fn post(
        &self,
        lane: Lane,
        channel_id: ChannelId,
        message: OutMessage,
    ) -> Result<Option<MessageId>, PostError> {
        let at = self.record(lane, channel_id, None, &message);
        let behave = (self.rule.lock().unwrap())(channel_id, &message);
        match behave {
            Behave::Ok => {}
            Behave::Sleep(secs) => tokio::time::sleep(Duration::from_secs(secs)).await,
            Behave::Gone => {
                return Err(PostError::Gone {
                    status: 403,
                    code: 50013,
                })
            }
            Behave::Panic => panic!("test poster: boom in channel {channel_id}"),
            Behave::DeliverThenHang => {
                self.deliver(at, &message);
                std::future::pending::<()>().await;
            }
        }
        Ok(Some(self.deliver(at, &message)))
    }

    async fn edit(
        &self,
        lane: Lane,
        channel_id: ChannelId,
        message_id: MessageId,
        message: OutMessage,
    ) -> Result<(), PostError> {
        self.record(lane, channel_id, Some(message_id), &message);
        Ok(())
    }
}

struct Harness {
    _dir: tempfile::TempDir,
    base: Instant,
    store: Arc<SqliteStore>,
    discord: Arc<FakeDiscord>,
    clock: Arc<TokioClock>,
    library: Arc<Library>,
    config: SessionsConfig,
}

impl Harness {
    fn new() -> Self {
        let (dir, library) = fixture_library();
        let base = Instant::now();
        Self {
            _dir: dir,
            base,
            store: Arc::new(SqliteStore::in_memory().unwrap()),
            discord: Arc::new(FakeDiscord::new(base)),
            clock: Arc::new(TokioClock {
                base: "2026-11-24T10:00:00Z".parse().unwrap(),
                base_instant: base,
            }),
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
        SessionManager::new(
            self.store.clone(),
            self.discord.clone(),
            self.clock.clone(),
            self.library.clone(),
            self.config.clone(),
        )
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
    }
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

/// The posts of a full 2-set session with a 10 s lobby and a 60 s hold, from the lobby at 0.
fn full_session_posts() -> Vec<(u64, String)> {
    vec![
        s(0, "lobby"),
        s(10, "0"),
        s(25, "1"),
        s(40, "2"),
        s(55, "3"),
        s(85, "4"),
        s(115, "5"),
        s(135, "6"),
        s(150, "7"),
        s(165, "8"),
        s(180, "9"),
        s(210, "10"),
        s(240, "11"),
    ]
}
