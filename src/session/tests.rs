//! Runner tests under tokio's paused time: a recording fake Discord, a clock that follows tokio's
//! clock, the real SQLite store in memory. Offsets are asserted exactly, in milliseconds.

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
    messages::Action,
    test_support::fixture_library,
    SessionError,
};
use crate::{
    clock::Clock,
    config::SessionsConfig,
    content::Library,
    limits::check_message,
    message::OutMessage,
    post::{Lane, MessageId, PostError, Poster},
    store::{SqliteStore, Store},
};

const GUILD: u64 = 1;
const X: u64 = 100;
const Y: u64 = 200;
const STARTER: u64 = 7;

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

type Rule = Box<dyn Fn(u64, &OutMessage) -> Behave + Send + Sync>;

#[derive(Debug, Clone)]
struct Sent {
    at_ms: u64,
    lane: Lane,
    channel: u64,
    edit_of: Option<u64>,
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

    fn set_rule(&self, rule: impl Fn(u64, &OutMessage) -> Behave + Send + Sync + 'static) {
        *self.rule.lock().unwrap() = Box::new(rule);
    }

    fn record(
        &self,
        lane: Lane,
        channel: u64,
        edit_of: Option<u64>,
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
        let id = self.next_id.fetch_add(1, Ordering::SeqCst);
        if let Some(nonce) = &message.nonce {
            self.nonces.lock().unwrap().insert(nonce.clone(), id);
        }
        self.log.lock().unwrap()[at].delivered = true;
        id
    }

    fn sent(&self, channel: u64) -> Vec<Sent> {
        self.log
            .lock()
            .unwrap()
            .iter()
            .filter(|s| s.channel == channel)
            .cloned()
            .collect()
    }

    /// (seconds, nonce suffix or "edit") of every attempt in a channel, in order.
    fn timeline(&self, channel: u64) -> Vec<(u64, String)> {
        self.sent(channel)
            .iter()
            .map(|s| {
                assert_eq!(s.at_ms % 1000, 0, "not on a whole second: {s:?}");
                (s.at_ms / 1000, s.suffix())
            })
            .collect()
    }

    fn posts(&self, channel: u64) -> Vec<(u64, String)> {
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
        channel_id: u64,
        message: OutMessage,
    ) -> Result<MessageId, PostError> {
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
        Ok(self.deliver(at, &message))
    }

    async fn edit(
        &self,
        lane: Lane,
        channel_id: u64,
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

    async fn active_in(&self, channel: u64) -> bool {
        self.store
            .active_session_in(channel)
            .await
            .unwrap()
            .is_some()
    }
}

fn req(channel: u64) -> StartRequest {
    StartRequest {
        guild_id: GUILD,
        channel_id: channel,
        starter_id: STARTER,
        routine_id: "childs-pose".into(),
        sets: Some(2),
        hold_secs: Some(60),
        lobby_secs: Some(10),
        scheduled: None,
    }
}

fn user_error(r: Result<impl std::fmt::Debug, SessionError>) -> String {
    match r {
        Err(SessionError::User(s)) => s,
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

#[tokio::test(start_paused = true)]
async fn full_session_posts_every_step_at_its_exact_offset() {
    let h = Harness::new();
    let m = h.manager();
    let started = m.start(req(X)).await.unwrap();
    assert_eq!(started.session_id.len(), 12);
    h.until(300).await;

    let mut expected = full_session_posts();
    // Lobby edits: Join only at the start, joining closed at the last set, done at the finish.
    expected.insert(2, s(10, "edit"));
    expected.insert(9, s(135, "edit"));
    expected.push(s(240, "edit"));
    assert_eq!(h.discord.timeline(X), expected);

    let sent = h.discord.sent(X);
    let lines: Vec<&str> = sent.iter().map(Sent::first_line).collect();
    assert_eq!(lines[0], "**Group stretch: Child's Pose (Balasana)**");
    assert!(lines[1].starts_with("**Let's stretch: Child's Pose (Balasana)** · 2 sets"));
    assert!(lines[2].contains("is under way"), "{}", lines[2]);
    assert!(lines[5]
        .starts_with("**Set 1 of 2 · Step 4 of 4: Extended hold**: hold for 1 min, ends <t:"));
    assert!(lines[6].starts_with("**Halfway through the hold**, ends <t:"));
    assert!(lines[7].starts_with("**Rest**: set 2 of 2 starts <t:"));
    assert!(sent[9].message.content.contains("joining is closed"));
    assert!(lines[14].starts_with("**Done: Child's Pose, 2 sets. Well stretched!**"));
    assert!(sent[14].message.content.contains("dizzy"));
    assert_eq!(sent[1].message.mentions.users, vec![STARTER]);
    assert_eq!(sent[14].message.mentions.users, vec![STARTER]);
    assert!(sent[15].first_line().contains("is done"));
    assert!(sent[15].message.rows.is_empty());
    // The hold's end is the absolute instant 55 + 60 s after the lobby.
    let hold_end = h.clock.base.timestamp() + 115;
    assert!(sent[5]
        .message
        .content
        .contains(&format!("<t:{hold_end}:R>")));
    h.discord.check_all();
    assert!(!h.active_in(X).await);
    assert!(m.session_in_channel(X).await.is_none());

    // Printed for the report: offsets and first lines of one full session.
    for s in &sent {
        println!(
            "{:>4} s  {:<6} {}",
            s.at_ms / 1000,
            s.suffix(),
            s.first_line()
        );
    }
}

#[tokio::test(start_paused = true)]
async fn a_slow_post_does_not_shift_later_steps() {
    let h = Harness::new();
    h.discord.set_rule(|_, m| {
        if m.nonce.as_deref().is_some_and(|n| n.ends_with("-1")) {
            Behave::Sleep(3)
        } else {
            Behave::Ok
        }
    });
    let m = h.manager();
    m.start(req(X)).await.unwrap();
    h.until(300).await;
    assert_eq!(h.discord.posts(X), full_session_posts());
    h.discord.check_all();
}

#[tokio::test(start_paused = true)]
async fn a_long_stall_collapses_missed_steps_into_one_catch_up() {
    let h = Harness::new();
    h.discord.set_rule(|_, m| {
        if m.nonce.as_deref().is_some_and(|n| n.ends_with("-1")) {
            Behave::Sleep(40)
        } else {
            Behave::Ok
        }
    });
    let m = h.manager();
    m.start(req(X)).await.unwrap();
    h.until(300).await;
    let mut expected = full_session_posts();
    // Event 1 hangs from 25 to 65: event 2 (40) is dropped, the hold (55) comes as a catch-up.
    expected.retain(|(_, k)| k != "2" && k != "3");
    expected.insert(3, s(65, "3"));
    assert_eq!(h.discord.posts(X), expected);
    let catch_up = h
        .discord
        .sent(X)
        .into_iter()
        .find(|s| s.at_ms == 65_000 && s.edit_of.is_none())
        .unwrap();
    assert_eq!(
        catch_up.first_line(),
        "**We lost some time — here's where we are.**"
    );
    assert!(catch_up.message.content.contains("Extended hold"));
    h.discord.check_all();
}

#[tokio::test(start_paused = true)]
async fn losing_the_channel_ends_that_session_only_without_retries() {
    let h = Harness::new();
    h.discord.set_rule(|channel, m| {
        if channel == X && m.nonce.as_deref().is_some_and(|n| n.ends_with("-2")) {
            Behave::Gone
        } else {
            Behave::Ok
        }
    });
    let m = h.manager();
    m.start(req(X)).await.unwrap();
    m.start(req(Y)).await.unwrap();
    h.until(300).await;
    assert_eq!(
        h.discord.timeline(X),
        vec![
            s(0, "lobby"),
            s(10, "0"),
            s(10, "edit"),
            s(25, "1"),
            s(40, "2")
        ]
    );
    assert_eq!(h.discord.posts(Y), full_session_posts());
    assert!(!h.active_in(X).await);
    assert!(!h.active_in(Y).await);
}

#[tokio::test(start_paused = true)]
async fn a_panicking_session_is_closed_with_an_apology_and_others_run_on() {
    let h = Harness::new();
    h.discord.set_rule(|channel, m| {
        if channel == X && m.nonce.as_deref().is_some_and(|n| n.ends_with("-2")) {
            Behave::Panic
        } else {
            Behave::Ok
        }
    });
    let m = h.manager();
    m.start(req(X)).await.unwrap();
    m.start(req(Y)).await.unwrap();
    h.until(300).await;
    assert_eq!(
        h.discord.timeline(X),
        vec![
            s(0, "lobby"),
            s(10, "0"),
            s(10, "edit"),
            s(25, "1"),
            s(40, "2"),
            s(40, "end"),
            s(40, "edit"),
        ]
    );
    let x = h.discord.sent(X);
    assert!(x[5]
        .first_line()
        .starts_with("Sorry, something went wrong on my side"));
    assert!(x[6].first_line().contains("problem on my side"));
    assert_eq!(h.discord.posts(Y), full_session_posts());
    assert!(!h.active_in(X).await);
    assert!(m.session_in_channel(X).await.is_none());
}

#[tokio::test(start_paused = true)]
async fn two_concurrent_starts_in_one_channel_make_one_session() {
    let h = Harness::new();
    let m = h.manager();
    let mut second = req(X);
    second.starter_id = 8;
    let (a, b) = tokio::join!(m.start(req(X)), m.start(second));
    let (ok, err) = match (a, b) {
        (Ok(ok), Err(err)) | (Err(err), Ok(ok)) => (ok, err),
        other => panic!("expected exactly one session: {other:?}"),
    };
    let text = user_error(Err::<(), _>(err));
    assert!(
        text.starts_with("A stretch session is already running here"),
        "{text}"
    );
    assert_eq!(h.discord.posts(X), vec![s(0, "lobby")]);
    // Once the lobby is saved, the refusal links to it.
    let again = user_error(m.start(req(X)).await);
    assert_eq!(
        again,
        format!(
            "A stretch session is already running here: https://discord.com/channels/{GUILD}/{X}/{}",
            ok.lobby_message_id
        )
    );
}

#[tokio::test(start_paused = true)]
async fn options_are_checked_with_one_sentence_naming_the_range() {
    let h = Harness::new();
    let m = h.manager();
    let mut r = req(X);
    r.sets = Some(5);
    assert_eq!(
        user_error(m.start(r).await),
        "Child's Pose can be done in 1 to 3 sets; pick a number in that range."
    );
    let mut r = req(X);
    r.hold_secs = Some(30);
    assert_eq!(
        user_error(m.start(r).await),
        "The hold for Child's Pose must be between 60 and 300 seconds."
    );
    let mut r = req(X);
    r.lobby_secs = Some(901);
    assert_eq!(
        user_error(m.start(r).await),
        "The lobby can stay open between 0 and 900 seconds."
    );
    let mut r = req(X);
    r.routine_id = "headstand".into();
    assert!(user_error(m.start(r).await).contains("\"headstand\""));
    assert!(h.discord.sent(X).is_empty());
}

#[tokio::test(start_paused = true)]
async fn the_per_server_cap_is_enforced() {
    let mut h = Harness::new();
    h.config.max_per_server = 2;
    let m = h.manager();
    m.start(req(X)).await.unwrap();
    m.start(req(Y)).await.unwrap();
    let text = user_error(m.start(req(300)).await);
    assert!(
        text.starts_with("This server already has 2 live stretch sessions"),
        "{text}"
    );
    let mut other_server = req(300);
    other_server.guild_id = 2;
    m.start(other_server).await.unwrap();
}

#[tokio::test(start_paused = true)]
async fn controls_are_for_the_starter_or_a_manager() {
    let h = Harness::new();
    let m = h.manager();
    let started = m.start(req(X)).await.unwrap();
    h.until(30).await;
    for r in [
        m.control(Target::Channel(X), 99, false, Action::Pause)
            .await,
        m.control(Target::Channel(X), 99, false, Action::Skip).await,
        m.control(
            Target::Session(started.session_id.clone()),
            99,
            false,
            Action::Stop,
        )
        .await,
    ] {
        let text = user_error(r);
        assert!(
            text.starts_with("Only the person who started this session, or someone who can manage messages here, can"),
            "{text}"
        );
    }
    let button = format!("sess:{}:pause", started.session_id);
    assert!(user_error(m.handle_button(&button, 99, false).await).starts_with("Only the person"));
    let reply = m.handle_button(&button, 99, true).await.unwrap();
    assert_eq!(reply.text, "Paused. Press Resume when everyone is ready.");
    assert_eq!(
        user_error(
            m.control(Target::Channel(X), STARTER, false, Action::Pause)
                .await
        ),
        "The session is already paused."
    );
    assert_eq!(
        user_error(
            m.control(Target::Channel(Y), STARTER, false, Action::Pause)
                .await
        ),
        "There's no stretch session running in this channel."
    );
}

#[tokio::test(start_paused = true)]
async fn pause_and_resume_shift_later_posts_by_the_pause_exactly() {
    let h = Harness::new();
    let m = h.manager();
    let mut r = req(X);
    r.sets = Some(1);
    let started = m.start(r).await.unwrap();
    h.until(70).await;
    m.control(Target::Channel(X), STARTER, false, Action::Pause)
        .await
        .unwrap();
    h.until(100).await;
    m.control(
        Target::Session(started.session_id),
        STARTER,
        false,
        Action::Resume,
    )
    .await
    .unwrap();
    h.until(300).await;
    assert_eq!(
        h.discord.posts(X),
        vec![
            s(0, "lobby"),
            s(10, "0"),
            s(25, "1"),
            s(40, "2"),
            s(55, "3"),
            s(70, "n1"),
            s(100, "n2"),
            s(115, "4"),
            s(145, "5"),
        ]
    );
    let sent = h.discord.sent(X);
    let resumed = sent.iter().find(|s| s.suffix() == "n2").unwrap();
    let hold_end = h.clock.base.timestamp() + 145;
    assert!(resumed
        .message
        .content
        .starts_with("▶ **Resumed** by <@7>."));
    assert!(resumed
        .message
        .content
        .contains(&format!("until <t:{hold_end}:R>")));
    h.discord.check_all();
}

#[tokio::test(start_paused = true)]
async fn skip_and_stop_move_the_plan() {
    let h = Harness::new();
    let m = h.manager();
    m.start(req(X)).await.unwrap();
    h.until(60).await;
    // Mid-hold: the rest comes now, 55 s early, and the breathing cue is dropped.
    assert_eq!(
        m.control(Target::Channel(X), STARTER, false, Action::Skip)
            .await
            .unwrap()
            .text,
        "Skipped to the next step."
    );
    h.until(90).await;
    m.control(Target::Channel(X), STARTER, false, Action::Stop)
        .await
        .unwrap();
    h.until(300).await;
    assert_eq!(
        h.discord.posts(X),
        vec![
            s(0, "lobby"),
            s(10, "0"),
            s(25, "1"),
            s(40, "2"),
            s(55, "3"),
            s(60, "5"),
            s(80, "6"),
            s(90, "11"),
        ]
    );
    let finish = h
        .discord
        .sent(X)
        .into_iter()
        .find(|s| s.suffix() == "11")
        .unwrap();
    assert!(finish
        .first_line()
        .starts_with("**Stopped early by <@7>.**"));
    assert!(!h.active_in(X).await);
    h.discord.check_all();
}

#[tokio::test(start_paused = true)]
async fn people_join_until_the_last_set_and_are_named_at_the_end() {
    let h = Harness::new();
    let m = h.manager();
    let started = m.start(req(X)).await.unwrap();
    let id = started.session_id.as_str();
    h.until(5).await;
    assert!(m
        .join(id, 8)
        .await
        .unwrap()
        .text
        .starts_with("You're in! We start <t:"));
    assert_eq!(m.join(id, 8).await.unwrap().text, "You're already in.");
    h.until(50).await;
    assert_eq!(
        m.join(id, 9).await.unwrap().text,
        "You're in! Jump in at the current step."
    );
    h.until(140).await;
    assert_eq!(
        user_error(m.join(id, 10).await),
        "Joining is closed: the last set has already begun."
    );
    h.until(300).await;
    let sent = h.discord.sent(X);
    let lobby_edit = sent.iter().find(|s| s.at_ms == 5000).unwrap();
    assert!(lobby_edit
        .message
        .content
        .contains("**In (2):** <@7>, <@8>"));
    assert!(lobby_edit.message.mentions.users.is_empty());
    let start = sent.iter().find(|s| s.suffix() == "0").unwrap();
    assert_eq!(start.message.mentions.users, vec![7, 8]);
    let finish = sent.iter().find(|s| s.suffix() == "11").unwrap();
    assert_eq!(finish.message.mentions.users, vec![7, 8, 9]);
    assert!(finish.message.content.contains("<@7>, <@8>, <@9>"));
    // Steps and the wrap-up are time-critical; the lobby post is scheduled; its edits can wait.
    for (i, s) in sent.iter().enumerate() {
        let want = match (s.edit_of, i) {
            (Some(_), _) => Lane::Background,
            (None, 0) => Lane::Scheduled,
            (None, _) => Lane::Live,
        };
        assert_eq!(s.lane, want, "{s:?}");
    }
    assert_eq!(lobby_edit.lane, Lane::Background);
    h.discord.check_all();
}

#[tokio::test(start_paused = true)]
async fn a_lobby_cancelled_by_its_starter_says_so() {
    let h = Harness::new();
    let m = h.manager();
    let started = m.start(req(X)).await.unwrap();
    h.until(5).await;
    let button = format!("sess:{}:cancel", started.session_id);
    assert!(user_error(m.handle_button(&button, 99, false).await).starts_with("Only the person"));
    m.handle_button(&button, STARTER, false).await.unwrap();
    h.until(100).await;
    assert_eq!(h.discord.timeline(X), vec![s(0, "lobby"), s(5, "edit")]);
    let edit = &h.discord.sent(X)[1];
    assert_eq!(
        edit.message.content,
        "**Group stretch: Child's Pose (Balasana)** was cancelled by its starter, <@7>."
    );
    assert!(edit.message.rows.is_empty());
    assert!(!h.active_in(X).await);
    // The channel is free again.
    m.start(req(X)).await.unwrap();
}

#[tokio::test(start_paused = true)]
async fn an_empty_lobby_does_not_start_but_a_lone_starter_does() {
    let h = Harness::new();
    let m = h.manager();
    let started = m.start(req(X)).await.unwrap();
    h.until(3).await;
    m.leave(&started.session_id, STARTER).await.unwrap();
    h.until(100).await;
    let sent = h.discord.sent(X);
    assert_eq!(
        h.discord.timeline(X),
        vec![s(0, "lobby"), s(3, "edit"), s(10, "edit")]
    );
    assert!(sent[2]
        .message
        .content
        .contains("did not start: everyone left the lobby"));
    assert!(!h.active_in(X).await);
}

#[tokio::test(start_paused = true)]
async fn removing_the_bot_from_a_server_stops_its_sessions_silently() {
    let h = Harness::new();
    let m = h.manager();
    m.start(req(X)).await.unwrap();
    let mut other = req(Y);
    other.guild_id = 2;
    m.start(other).await.unwrap();
    h.until(30).await;
    assert_eq!(m.stop_guild(GUILD).await.unwrap(), 1);
    h.until(300).await;
    assert_eq!(
        h.discord.timeline(X),
        vec![s(0, "lobby"), s(10, "0"), s(10, "edit"), s(25, "1")]
    );
    assert_eq!(h.discord.posts(Y), full_session_posts());
    assert!(!h.active_in(X).await);
}

#[tokio::test(start_paused = true)]
async fn a_clean_restart_resumes_shifted_by_the_downtime() {
    let h = Harness::new();
    let first = h.manager();
    first.start(req(X)).await.unwrap();
    h.until(100).await;
    first.shutdown().await;
    drop(first);
    let row = h.store.active_session_in(X).await.unwrap().unwrap();
    assert!(row
        .state
        .contains("\"restart\":{\"at\":\"2026-11-24T10:01:40Z\",\"auto\":true}"));

    h.until(220).await;
    let second = h.manager();
    let report = second.resume_all().await.unwrap();
    assert_eq!((report.resumed, report.closed), (1, 0));
    h.until(600).await;
    assert_eq!(
        h.discord.posts(X),
        vec![
            s(0, "lobby"),
            s(10, "0"),
            s(25, "1"),
            s(40, "2"),
            s(55, "3"),
            s(85, "4"),
            s(100, "n1"),
            s(220, "n2"),
            s(235, "5"),
            s(255, "6"),
            s(270, "7"),
            s(285, "8"),
            s(300, "9"),
            s(330, "10"),
            s(360, "11"),
        ]
    );
    let sent = h.discord.sent(X);
    let paused = sent.iter().find(|s| s.suffix() == "n1").unwrap();
    assert_eq!(
        paused.message.content,
        "⏸ Paused for a quick restart — we'll pick up where we left off."
    );
    let back = sent.iter().find(|s| s.suffix() == "n2").unwrap();
    assert!(back.message.content.starts_with("▶ **We're back** — picking up where we left off. Now: **Set 1 of 2 · Step 4 of 4: Extended hold**, until <t:"));
    // Every step exactly once across both processes.
    let events: Vec<String> = sent
        .iter()
        .filter(|s| s.edit_of.is_none())
        .map(Sent::suffix)
        .filter(|k| k.parse::<usize>().is_ok())
        .collect();
    assert_eq!(events, (0..12).map(|i| i.to_string()).collect::<Vec<_>>());
    assert!(!h.active_in(X).await);
    h.discord.check_all();
}

#[tokio::test(start_paused = true)]
async fn a_restart_after_too_long_closes_the_session_with_a_message() {
    let h = Harness::new();
    let first = h.manager();
    first.start(req(X)).await.unwrap();
    h.until(100).await;
    first.shutdown().await;
    drop(first);
    h.until(100 + 20 * 60).await;
    let second = h.manager();
    let report = second.resume_all().await.unwrap();
    assert_eq!((report.resumed, report.closed), (0, 1));
    h.until(2000).await;
    let after: Vec<Sent> = h
        .discord
        .sent(X)
        .into_iter()
        .filter(|s| s.at_ms > 100_000)
        .collect();
    assert_eq!(after.len(), 2, "{after:?}");
    assert_eq!(
        (after[0].at_ms, after[0].suffix().as_str()),
        (1_300_000, "end")
    );
    assert!(after[0]
        .first_line()
        .starts_with("The bot was offline for about 20 min"));
    assert!(after[1].edit_of.is_some());
    assert!(after[1]
        .first_line()
        .contains("closed while the bot was offline"));
    assert!(!h.active_in(X).await);
    h.discord.check_all();
}

#[tokio::test(start_paused = true)]
async fn after_a_crash_the_session_resumes_at_the_right_step_with_one_catch_up() {
    let h = Harness::new();
    let first = h.manager();
    first.start(req(X)).await.unwrap();
    h.until(60).await;
    drop(first); // no shutdown: the task dies where it is
    h.until(100).await;
    let second = h.manager();
    assert_eq!(second.resume_all().await.unwrap().resumed, 1);
    h.until(600).await;
    let mut expected = full_session_posts();
    // Down from 60 to 100: the breathing cue (85) comes once, late, as the catch-up.
    expected[5] = s(100, "4");
    assert_eq!(h.discord.posts(X), expected);
    let sent = h.discord.sent(X);
    let catch_up = sent.iter().find(|s| s.suffix() == "4").unwrap();
    assert_eq!(
        catch_up.first_line(),
        "**We lost some time — here's where we are.**"
    );
    assert!(catch_up.message.mentions.users.is_empty());
    h.discord.check_all();
}

#[tokio::test(start_paused = true)]
async fn after_a_crash_past_the_end_the_session_is_closed_not_replayed() {
    let h = Harness::new();
    let first = h.manager();
    first.start(req(X)).await.unwrap();
    h.until(60).await;
    drop(first);
    h.until(1000).await;
    let second = h.manager();
    assert_eq!(second.resume_all().await.unwrap().resumed, 1);
    h.until(1100).await;
    let after: Vec<Sent> = h
        .discord
        .sent(X)
        .into_iter()
        .filter(|s| s.at_ms > 60_000)
        .collect();
    assert_eq!(after.len(), 2, "{after:?}");
    assert_eq!(after[0].suffix(), "end");
    assert!(after[0]
        .first_line()
        .starts_with("This session ended while the bot was offline"));
    assert!(after[1]
        .first_line()
        .contains("closed while the bot was offline"));
    assert!(!h.active_in(X).await);
}

#[tokio::test(start_paused = true)]
async fn a_post_interrupted_by_a_crash_is_resent_with_the_same_nonce_and_appears_once() {
    let h = Harness::new();
    h.discord.set_rule(|_, m| {
        if m.nonce.as_deref().is_some_and(|n| n.ends_with("-2")) {
            Behave::DeliverThenHang
        } else {
            Behave::Ok
        }
    });
    let first = h.manager();
    first.start(req(X)).await.unwrap();
    h.until(41).await;
    drop(first);
    h.discord.set_rule(|_, _| Behave::Ok);
    h.until(42).await;
    let second = h.manager();
    second.resume_all().await.unwrap();
    h.until(600).await;
    let attempts: Vec<Sent> = h
        .discord
        .sent(X)
        .into_iter()
        .filter(|s| s.suffix() == "2")
        .collect();
    assert_eq!(attempts.len(), 2);
    assert_eq!(attempts[0].message.nonce, attempts[1].message.nonce);
    assert_eq!(attempts.iter().filter(|s| s.delivered).count(), 1);
    let delivered: Vec<String> = h
        .discord
        .sent(X)
        .iter()
        .filter(|s| s.delivered)
        .map(Sent::suffix)
        .collect();
    let mut expected: Vec<String> = vec!["lobby".into()];
    expected.extend((0..12).map(|i| i.to_string()));
    assert_eq!(delivered, expected);
}

#[tokio::test(start_paused = true)]
async fn shutdown_refuses_new_starts_and_waits_for_every_session() {
    let h = Harness::new();
    let m = h.manager();
    m.start(req(X)).await.unwrap();
    let mut lobby_only = req(Y);
    lobby_only.lobby_secs = Some(300);
    m.start(lobby_only).await.unwrap();
    h.until(20).await;
    m.shutdown().await;
    assert_eq!(h.discord.posts(X).last(), Some(&s(20, "n1")));
    assert_eq!(h.discord.posts(Y).last(), Some(&s(20, "n1")));
    assert!(h.active_in(X).await && h.active_in(Y).await);
    assert_eq!(
        user_error(m.start(req(300)).await),
        "I'm restarting right now; please try again in a minute."
    );
    // The lobby's start moves by the downtime too.
    h.until(80).await;
    let again = h.manager();
    assert_eq!(again.resume_all().await.unwrap().resumed, 2);
    h.until(81).await;
    let info = again.session_in_channel(Y).await.unwrap();
    let expected_start = h.clock.base + chrono::Duration::seconds(360);
    assert_eq!(
        info.phase,
        super::SessionPhase::Lobby {
            starts_at: Some(expected_start)
        }
    );
}

#[tokio::test(start_paused = true)]
async fn start_now_moves_the_whole_plan_earlier() {
    let h = Harness::new();
    let m = h.manager();
    let started = m.start(req(X)).await.unwrap();
    h.until(3).await;
    assert_eq!(
        user_error(
            m.control(Target::Channel(X), STARTER, false, Action::Skip)
                .await
        ),
        "The session hasn't started yet; use Start now to begin."
    );
    let button = format!("sess:{}:start", started.session_id);
    assert_eq!(
        m.handle_button(&button, STARTER, false).await.unwrap().text,
        "Starting now!"
    );
    assert_eq!(
        user_error(
            m.control(Target::Channel(X), STARTER, false, Action::Start)
                .await
        ),
        "The session has already started."
    );
    h.until(300).await;
    let expected: Vec<(u64, String)> = full_session_posts()
        .into_iter()
        .map(|(at, k)| if k == "lobby" { (at, k) } else { (at - 7, k) })
        .collect();
    assert_eq!(h.discord.posts(X), expected);
}

#[tokio::test(start_paused = true)]
async fn a_restart_edits_the_lobby_only_when_what_it_shows_changed() {
    let h = Harness::new();
    let first = h.manager();
    let started = first
        .start(StartRequest {
            lobby_secs: Some(600),
            ..req(X)
        })
        .await
        .unwrap();
    let id = started.session_id.clone();
    first.join(&id, 8).await.unwrap();
    h.until(5).await;
    let edits = |from: usize| {
        h.discord.sent(X)[from..]
            .iter()
            .filter(|s| s.edit_of.is_some())
            .count()
    };
    assert_eq!(edits(0), 1, "the join showed on the lobby");
    drop(first); // a crash: the plan stays as it was
    h.until(10).await;
    let before = h.discord.sent(X).len();
    let second = h.manager();
    assert_eq!(second.resume_all().await.unwrap().resumed, 1);
    h.until(70).await;
    assert_eq!(edits(before), 0, "nothing changed, so nothing is edited");
    second.join(&id, 9).await.unwrap();
    h.until(75).await;
    assert_eq!(edits(before), 1, "a change after the restart still shows");
}

#[tokio::test(start_paused = true)]
async fn anyone_joins_or_leaves_through_control_without_managing() {
    let h = Harness::new();
    let m = h.manager();
    m.start(req(X)).await.unwrap();
    h.until(3).await;
    assert!(m
        .control(Target::Channel(X), 8, false, Action::Join)
        .await
        .unwrap()
        .text
        .starts_with("You're in! We start <t:"));
    assert_eq!(
        m.control(Target::Channel(X), 8, false, Action::Leave)
            .await
            .unwrap()
            .text,
        "You've left the session."
    );
    assert_eq!(
        m.control(Target::Channel(X), 8, false, Action::Leave)
            .await
            .unwrap()
            .text,
        "You weren't in this session."
    );
}
