//! Live group sessions end to end: the real binary leads a session in the fake Discord's channel,
//! with people joining by button, controls, faults mid-session and restarts. A fast content pack
//! (1-second steps, 4-second holds) keeps each run to seconds.

use std::{
    collections::BTreeMap,
    path::Path,
    time::{Duration, Instant},
};

use serde_json::{json, Value};

use crate::bot_options;
use fake_discord::harness::{BotOptions, BotProcess};
use fake_discord::*;

const T: Duration = Duration::from_secs(30);

/// Planned offsets (s) of the timeline events for 2 sets, 2-s steps, a 4-s hold with a breathing
/// cue halfway, 2-s rest: start+step 1, step 2, step 3, hold, breathing, rest, then set 2, finish.
/// (2-s steps keep the plan within Discord's ~5 messages per 5 s in a channel.)
pub const PLAN: [u64; 12] = [0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22];

/// A content pack and config for fast sessions, in a temp dir the bot reads.
pub struct FastPack {
    pub dir: tempfile::TempDir,
}

impl FastPack {
    pub fn new() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let content = dir.path().join("content");
        std::fs::create_dir_all(content.join("images")).unwrap();
        std::fs::copy(
            root.join("content/images/childs-pose.png"),
            content.join("images/childs-pose.png"),
        )
        .unwrap();
        let routine = std::fs::read_to_string(root.join("content/childs-pose.toml"))
            .unwrap()
            .replace("secs = 15", "secs = 2")
            .replace("min_secs = 60", "min_secs = 1")
            .replace("default_secs = 90", "default_secs = 4")
            .replace("rest_secs = 20", "rest_secs = 2");
        std::fs::write(content.join("childs-pose.toml"), routine).unwrap();
        std::fs::write(
            dir.path().join("fast.toml"),
            "[sessions]\nbreathing_cue_min_hold_secs = 4\nstale_step_secs = 2\n",
        )
        .unwrap();
        Self { dir }
    }

    pub fn options(&self) -> BotOptions {
        BotOptions {
            content_dir: Some(self.dir.path().join("content")),
            args: vec![
                "--config".into(),
                self.dir.path().join("fast.toml").display().to_string(),
            ],
            ..bot_options()
        }
    }
}

async fn started() -> (FakeDiscord, BotProcess, FastPack) {
    let pack = FastPack::new();
    let fake = FakeDiscord::start().await;
    let bot = BotProcess::spawn(&fake, pack.options());
    fake.wait_for_commands(Some(GUILD_ID), T).await;
    (fake, bot, pack)
}

fn nonce(m: &RecordedMessage) -> String {
    match &m.nonce {
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
        None => String::new(),
    }
}

/// Timeline event index of a session message (`s{id}-{index}`), if it is one.
pub fn event_index(m: &RecordedMessage) -> Option<usize> {
    nonce(m).rsplit_once('-').and_then(|(_, i)| i.parse().ok())
}

/// The answer the person sees: the immediate reply, or the message that fills a deferral.
/// Returns (text, ephemeral).
pub async fn answer(handle: &InteractionHandle) -> (String, bool) {
    let cb = handle.wait_callback(T).await;
    assert!(cb.accepted(), "{:?}", cb.error);
    assert!(
        cb.latency < Duration::from_secs(3),
        "acknowledged after {:?}",
        cb.latency
    );
    if cb.kind == 5 {
        let m = handle.wait_original(T).await;
        (m.content.clone(), m.is_ephemeral())
    } else {
        (cb.content().to_owned(), cb.is_ephemeral())
    }
}

/// Starts a session as `user` and returns the lobby message.
pub async fn start_session(fake: &FakeDiscord, user: u64, options: Value) -> RecordedMessage {
    let before = fake.messages(TEXT_CHANNEL).len();
    let handle = fake.send_slash_command(user, "stretch start", options);
    let (text, ephemeral) = answer(&handle).await;
    assert!(ephemeral, "the starter's confirmation is private: {text}");
    let lobby = fake
        .wait_for("the lobby message", T, |st| {
            st.visible_messages(TEXT_CHANNEL)
                .into_iter()
                .skip(before)
                .find(|m| m.custom_ids().iter().any(|c| c.ends_with(":join")))
        })
        .await;
    lobby
}

pub fn button(lobby: &RecordedMessage, action: &str) -> String {
    lobby
        .custom_ids()
        .into_iter()
        .find(|c| c.ends_with(&format!(":{action}")))
        .unwrap_or_else(|| panic!("no {action} button on {:?}", lobby.custom_ids()))
}

/// Waits until the session's finish message (the last planned event) is posted.
pub async fn wait_finished(fake: &FakeDiscord) -> Vec<RecordedMessage> {
    fake.wait_until("the session to finish", T, |st| {
        st.visible_messages(TEXT_CHANNEL)
            .iter()
            .any(|m| event_index(m) == Some(PLAN.len() - 1))
    })
    .await;
    fake.messages(TEXT_CHANNEL)
}

/// Every planned event exactly once, in order; returns them by index.
pub fn events_exactly_once(messages: &[RecordedMessage]) -> BTreeMap<usize, RecordedMessage> {
    let mut events = BTreeMap::new();
    for m in messages
        .iter()
        .filter(|m| m.source == MessageSource::Channel)
    {
        if let Some(i) = event_index(m) {
            assert!(
                events.insert(i, m.clone()).is_none(),
                "event {i} posted twice: {:?}",
                m.content
            );
        }
    }
    let order: Vec<usize> = messages.iter().filter_map(event_index).collect();
    let mut sorted = order.clone();
    sorted.sort_unstable();
    assert_eq!(order, sorted, "events out of order");
    events
}

#[tokio::test]
async fn a_session_runs_on_time_with_two_members_joining_by_button() {
    let (fake, bot, _pack) = started().await;
    let lobby = start_session(&fake, ALICE_ID, json!({"lobby": 3, "sets": 2, "hold": 4})).await;
    assert!(
        lobby.content.contains("<t:"),
        "start time as a live timestamp: {}",
        lobby.content
    );
    let join = button(&lobby, "join");
    for member in [BOB_ID, ADMIN_ID] {
        let press = fake.press_button(member, lobby.id, &join);
        let cb = press.wait_callback(T).await;
        assert!(
            cb.accepted() && cb.latency < Duration::from_secs(3),
            "{cb:?}"
        );
    }
    // A second session in the same channel is refused, with a link to the running one.
    let (refusal, ephemeral) =
        answer(&fake.send_slash_command(BOB_ID, "stretch start", json!({}))).await;
    assert!(ephemeral, "{refusal}");
    assert!(refusal.contains("already running"), "{refusal}");
    assert!(
        refusal.contains(&lobby.id.to_string()),
        "links the lobby: {refusal}"
    );
    // Controls are refused to someone who neither started it nor manages messages.
    let (no, ephemeral) =
        answer(&fake.send_slash_command(BOB_ID, "stretch pause", json!({}))).await;
    assert!(
        ephemeral && no.contains("started"),
        "the refusal says why: {no}"
    );

    let messages = wait_finished(&fake).await;
    let events = events_exactly_once(&messages);
    assert_eq!(events.len(), PLAN.len(), "every planned event posted");
    let start = events[&0].created_at;
    let offsets: Vec<f64> = (0..PLAN.len())
        .map(|i| events[&i].created_at.duration_since(start).as_secs_f64())
        .collect();
    let transcript: String = offsets
        .iter()
        .zip(events.values())
        .map(|(t, m)| format!("{t:6.2}s  {}\n", m.content.lines().next().unwrap_or("")))
        .collect();
    eprintln!("session transcript (offset from the start):\n{transcript}");
    for (i, (actual, planned)) in offsets.iter().zip(PLAN).enumerate() {
        assert!(
            (actual - planned as f64).abs() < 1.0,
            "event {i} at {actual:.2}s, planned {planned}s\n{transcript}"
        );
    }
    // Participants are pinged at the start and at the end only, and nobody else.
    let participants = [ALICE_ID, BOB_ID, ADMIN_ID];
    for i in [0, PLAN.len() - 1] {
        let mut pinged = events[&i].mentions.clone();
        pinged.sort_unstable();
        let mut want = participants.to_vec();
        want.sort_unstable();
        assert_eq!(pinged, want, "event {i} pings the participants");
    }
    for (i, m) in &events {
        if *i != 0 && *i != PLAN.len() - 1 {
            assert!(m.mentions.is_empty(), "event {i} pinged {:?}", m.mentions);
        }
        assert!(!m.mention_everyone);
    }
    assert!(
        events[&(PLAN.len() - 1)]
            .content
            .to_lowercase()
            .contains("slowly"),
        "safe-exit cue"
    );
    fake.assert_no_unknown_routes();
    fake.assert_payloads_ok();
    bot.assert_no_unknown_events();
}

#[tokio::test]
async fn a_429_and_a_500_mid_session_leave_every_step_exactly_once() {
    let (fake, bot, _pack) = started().await;
    start_session(&fake, ALICE_ID, json!({"lobby": 0, "sets": 2, "hold": 4})).await;
    fake.wait_until("the session's second step", T, |st| {
        st.visible_messages(TEXT_CHANNEL)
            .iter()
            .any(|m| event_index(m) == Some(1))
    })
    .await;
    let route = format!("/channels/{TEXT_CHANNEL}/messages");
    fake.inject(
        RouteMatcher::post(&route),
        Fault::RateLimit {
            retry_after_secs: 0.4,
            global: false,
        },
        1,
    );
    fake.wait_until("the 429 to be served", T, |st| {
        st.visible_messages(TEXT_CHANNEL)
            .iter()
            .any(|m| event_index(m) == Some(3))
    })
    .await;
    fake.inject(RouteMatcher::post(&route), Fault::CreateThenError(500), 1);
    let messages = wait_finished(&fake).await;
    let events = events_exactly_once(&messages);
    assert_eq!(events.len(), PLAN.len());
    assert!(fake.total_429() >= 1, "the fault was served");
    assert!(
        fake.early_retries().is_empty(),
        "no request before Retry-After: {:?}",
        fake.early_retries()
    );
    bot.assert_no_unknown_events();
}

#[tokio::test]
async fn a_clean_restart_pauses_and_resumes_shifted_by_the_downtime() {
    let (fake, mut bot, _pack) = started().await;
    start_session(&fake, ALICE_ID, json!({"lobby": 0, "sets": 2, "hold": 4})).await;
    fake.wait_until("step 3", T, |st| {
        st.visible_messages(TEXT_CHANNEL)
            .iter()
            .any(|m| event_index(m) == Some(2))
    })
    .await;
    let stopped_at = Instant::now();
    bot.sigterm();
    let status = bot.wait_exit(Duration::from_secs(10)).await;
    assert!(status.success(), "clean exit: {status:?}");
    assert!(stopped_at.elapsed() < Duration::from_secs(10));
    let paused = fake.messages(TEXT_CHANNEL);
    assert!(
        paused
            .iter()
            .any(|m| m.content.contains("Paused for a quick restart")),
        "announced the restart"
    );
    let last_before = paused.iter().filter_map(event_index).max().unwrap();
    tokio::time::sleep(Duration::from_secs(3)).await;
    bot.respawn().await;
    let messages = wait_finished(&fake).await;
    let events = events_exactly_once(&messages);
    assert_eq!(events.len(), PLAN.len(), "nothing lost");
    // The first event after the restart came later than planned by about the downtime.
    let next = &events[&(last_before + 1)];
    let gap = next
        .created_at
        .duration_since(events[&last_before].created_at);
    let planned = PLAN[last_before + 1] - PLAN[last_before];
    assert!(
        gap.as_secs_f64() >= planned as f64 + 2.5,
        "timeline shifted by the downtime: gap {gap:?}, planned {planned}s"
    );
    bot.assert_no_unknown_events();
}

#[tokio::test]
async fn after_a_crash_the_original_timeline_holds_and_stale_steps_collapse() {
    let (fake, mut bot, _pack) = started().await;
    start_session(&fake, ALICE_ID, json!({"lobby": 0, "sets": 2, "hold": 4})).await;
    fake.wait_until("step 2", T, |st| {
        st.visible_messages(TEXT_CHANNEL)
            .iter()
            .any(|m| event_index(m) == Some(1))
    })
    .await;
    let start = fake
        .messages(TEXT_CHANNEL)
        .into_iter()
        .find(|m| event_index(m) == Some(0))
        .unwrap()
        .created_at;
    bot.sigkill();
    bot.wait_exit(Duration::from_secs(5)).await;
    tokio::time::sleep(Duration::from_secs(5)).await;
    bot.respawn().await;
    let messages = wait_finished(&fake).await;
    let events = events_exactly_once(&messages);
    assert!(
        events.len() < PLAN.len(),
        "stale steps were collapsed, not replayed"
    );
    let finish = events[&(PLAN.len() - 1)].created_at.duration_since(start);
    assert!(
        (finish.as_secs_f64() - PLAN[PLAN.len() - 1] as f64).abs() < 1.5,
        "the original timeline holds: finished at {finish:?}"
    );
    let catch_up = messages
        .iter()
        .filter(|m| m.content.to_lowercase().contains("lost some time"))
        .count();
    assert_eq!(catch_up, 1, "one catch-up message");
    bot.assert_no_unknown_events();
}

#[tokio::test]
async fn controls_are_rate_limited_per_person_and_a_session_takes_at_most_max_adjustments() {
    let pack = FastPack::new();
    std::fs::write(
        pack.dir.path().join("fast.toml"),
        "[sessions]\nbreathing_cue_min_hold_secs = 4\nstale_step_secs = 2\n\
         max_adjustments = 1\ncontrol_cooldown_ms = 1500\n",
    )
    .unwrap();
    let fake = FakeDiscord::start().await;
    let bot = BotProcess::spawn(&fake, pack.options());
    fake.wait_for_commands(Some(GUILD_ID), T).await;
    start_session(&fake, ALICE_ID, json!({"lobby": 0, "sets": 1, "hold": 60})).await;
    fake.wait_until("step 1", T, |st| {
        st.visible_messages(TEXT_CHANNEL)
            .iter()
            .any(|m| event_index(m) == Some(0))
    })
    .await;
    let control = |sub: &str| {
        let handle = fake.send_slash_command(ALICE_ID, &format!("stretch {sub}"), json!({}));
        async move { answer(&handle).await }
    };
    let (text, _) = control("pause").await;
    assert!(text.starts_with("Paused."), "{text}");
    // The same person again at once: one private sentence, and the session stays paused.
    let (text, ephemeral) = control("resume").await;
    assert!(ephemeral, "{text}");
    assert_eq!(
        text,
        "You're using the session controls too quickly; wait a moment and try again."
    );
    tokio::time::sleep(Duration::from_millis(1600)).await;
    let (text, _) = control("resume").await;
    assert_eq!(text, "Resumed.");
    tokio::time::sleep(Duration::from_millis(1600)).await;
    // One pause was the session's whole allowance.
    let (text, ephemeral) = control("pause").await;
    assert!(ephemeral, "{text}");
    assert_eq!(
        text,
        "This session can't be paused, skipped or started early again (at most 1 per \
             session); stop it and start a new one if you need more time."
    );
    let (text, _) = control("stop").await;
    assert!(text.starts_with("Stopped."), "{text}");
    let messages = fake
        .wait_for("the wrap-up", T, |st| {
            let all = st.visible_messages(TEXT_CHANNEL);
            all.iter()
                .any(|m| m.content.to_lowercase().contains("slowly"))
                .then_some(all)
        })
        .await;
    let count = |what: &str| messages.iter().filter(|m| m.content.contains(what)).count();
    assert_eq!(count("**Paused**"), 1, "one pause notice");
    assert_eq!(count("**Resumed**"), 1, "one resume notice");
    bot.assert_no_unknown_events();
}

/// Discord created the lobby (2xx) but its answer was cut off: the lobby is posted with its id
/// unknown, so the session runs (no apology, no orphaned lobby) and is never posted twice.
#[tokio::test]
async fn a_lobby_whose_2xx_answer_cannot_be_read_counts_as_posted_not_failed() {
    let (fake, bot, _pack) = started().await;
    let route = format!("/channels/{TEXT_CHANNEL}/messages");
    fake.inject(RouteMatcher::post(&route), Fault::CreateThenUnreadable, 1);
    let handle = fake.send_slash_command(
        ALICE_ID,
        "stretch start",
        json!({"lobby": 0, "sets": 2, "hold": 4}),
    );
    let (text, ephemeral) = answer(&handle).await;
    assert!(ephemeral, "{text}");
    assert_eq!(text, "Your stretch session starts now.");
    let messages = wait_finished(&fake).await;
    let events = events_exactly_once(&messages);
    assert_eq!(events.len(), PLAN.len(), "the session ran");
    let lobbies = messages
        .iter()
        .filter(|m| m.custom_ids().iter().any(|c| c.ends_with(":join")))
        .count();
    assert_eq!(lobbies, 1, "one lobby, never re-posted");
    bot.assert_no_unknown_events();
}
