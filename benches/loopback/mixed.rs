//! Two figures of the sending layer under competing load, both read against each session's own
//! plan (`timeline.due_at`, from the bot's database) and the fake's clock:
//!
//! - `mixed`: 200 interactions per second for 10 s from 09:00, while 100 live sessions post
//!   their steps and 1,000 daily prompts fall due at 09:00, each in its own channel;
//! - `burst`: 100 scheduled group stretches of the same minute, so 100 sessions open together
//!   (steps of 5 s: with 2-s steps, 100 sessions would ask for Discord's whole 50 posts/s).
//!
//! The bot runs on a test clock started from the fake's; the two differ by the few ms between
//! the fake computing it and the bot reading it (the `prompts` figure measures 1-3 ms).

use std::collections::HashMap;
use std::path::Path;
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde_json::json;
use stretchbot::session::state::SessionState;
use stretchbot::store::{SqliteStore, Store};

use crate::common::{ms, nonce_of, poll, prompt_row, FastPack, T};
use crate::report::{Report, Target};
use crate::stats::{max, percentile};
use fake_discord::harness::BotProcess;
use fake_discord::{FakeDiscord, FakeOptions, MessageSource, ALICE_ID, GUILD_ID};

const SESSIONS: usize = 100;
const PROMPTS: usize = 1000;
const INTERACTIONS_PER_SEC: f64 = 200.0;
const INTERACTION_SECS: f64 = 10.0;
const BURST_STEP_SECS: u32 = 5;

fn nine() -> DateTime<Utc> {
    "2026-06-10T09:00:00Z".parse().expect("instant")
}

/// Every session the bot saved, by id.
pub fn saved_sessions(db: &Path) -> HashMap<String, SessionState> {
    let conn =
        rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .expect("open the bot's database");
    let mut stmt = conn
        .prepare("SELECT id, state FROM sessions")
        .expect("query sessions");
    let rows = stmt
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
        .expect("read sessions");
    rows.filter_map(Result::ok)
        .filter_map(|(id, state)| serde_json::from_str(&state).ok().map(|s| (id, s)))
        .collect()
}

/// Lateness of every session step the fake received, against its plan; and the count of
/// sessions that posted their finish.
fn step_lateness(fake: &FakeDiscord, db: &Path) -> (Vec<f64>, usize) {
    let sessions = saved_sessions(db);
    let mut late = vec![];
    let mut finished = 0;
    fake.with_state(|st| {
        for m in st
            .messages
            .iter()
            .filter(|m| m.source == MessageSource::Channel)
        {
            let nonce = nonce_of(m);
            let Some((sid, idx)) = nonce
                .strip_prefix('s')
                .and_then(|rest| rest.rsplit_once('-'))
                .and_then(|(sid, idx)| Some((sid, idx.parse::<usize>().ok()?)))
            else {
                continue;
            };
            let Some(state) = sessions.get(sid) else {
                continue;
            };
            if let Some(due) = state.timeline.due_at(idx) {
                let l = ms(m.timestamp - due);
                if l > 300.0 && std::env::var_os("LOOPBACK_LATE").is_some() {
                    eprintln!(
                        "late: {l:.0} ms session {sid} step {idx} due {} start {}",
                        due.format("%H:%M:%S%.3f"),
                        state.timeline.start.format("%H:%M:%S%.3f")
                    );
                }
                late.push(l);
            }
            if idx == state.timeline.plan.finish_index() {
                finished += 1;
            }
        }
    });
    (late, finished)
}

async fn prefill(db: &Path, channels: &[u64], kind: &str) {
    let m = nine();
    let store = SqliteStore::open(db).expect("store");
    for ch in channels {
        let mut row = prompt_row(GUILD_ID, *ch, "09:00", m, m.date_naive());
        row.kind = kind.to_owned();
        store
            .insert_reminder(&row, u32::MAX)
            .await
            .expect("insert reminder")
            .expect("under the limit");
    }
}

fn spawn(fake: &FakeDiscord, pack: &FastPack, db: &Path) -> BotProcess {
    let mut opts = pack.options();
    opts.test_clock = Some(fake.now_utc());
    opts.env
        .push(("DATABASE_URL".into(), format!("sqlite:{}", db.display())));
    BotProcess::spawn(fake, opts)
}

/// Sleeps until the fake's clock reads `at`.
async fn until(fake: &FakeDiscord, at: DateTime<Utc>) {
    if let Ok(d) = (at - fake.now_utc()).to_std() {
        tokio::time::sleep(d).await;
    }
}

struct MixedRun {
    interaction_ms: Vec<f64>,
    refused: usize,
    lateness: Vec<f64>,
    finished: usize,
    /// Milliseconds after 09:00 of the last prompt, and how many were posted.
    last_prompt_ms: f64,
    prompts: usize,
    /// Session steps the fake received while the prompts drained.
    steps_meanwhile: usize,
    too_many: usize,
}

async fn mixed_run() -> MixedRun {
    let m = nine();
    let fake = FakeDiscord::start_with(FakeOptions {
        clock_start: Some(m - chrono::Duration::seconds(50)),
        ..FakeOptions::default()
    })
    .await;
    let session_channels: Vec<u64> = (0..SESSIONS)
        .map(|i| fake.create_text_channel(&format!("session-{i}")))
        .collect();
    let prompt_channels: Vec<u64> = (0..PROMPTS)
        .map(|i| fake.create_text_channel(&format!("prompt-{i}")))
        .collect();
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("mixed.db");
    prefill(&db, &prompt_channels, "prompt").await;
    let pack =
        FastPack::new("[sessions]\nbreathing_cue_min_hold_secs = 4\nmax_per_server = 1000\n");
    let bot = spawn(&fake, &pack, &db);
    fake.wait_for_commands(Some(GUILD_ID), T).await;
    bot.wait_for_log("reminder loop started", T).await;
    // Sessions opened at 10/s from 08:59:20, lobbies of 35-44 s: they start between 08:59:55
    // and 09:00:15, and all run through the minute's prompts.
    let opened_from = m - chrono::Duration::seconds(40);
    for (i, ch) in session_channels.iter().enumerate() {
        until(
            &fake,
            opened_from + chrono::Duration::milliseconds(i as i64 * 100),
        )
        .await;
        fake.send_slash_command_in(
            *ch,
            ALICE_ID,
            "stretch start",
            json!({"sets": 3, "hold": 20, "lobby": 35 + (i % 10)}),
        );
    }
    until(&fake, m).await;
    let n = (INTERACTIONS_PER_SEC * INTERACTION_SECS) as usize;
    let start = tokio::time::Instant::now();
    let mut sent = Vec::with_capacity(n);
    for i in 0..n {
        tokio::time::sleep_until(start + Duration::from_secs_f64(i as f64 / INTERACTIONS_PER_SEC))
            .await;
        let command = if i % 2 == 0 { "childspose" } else { "help" };
        sent.push(fake.send_slash_command(ALICE_ID, command, json!({})).id);
    }
    let is_prompt = |m: &fake_discord::RecordedMessage| {
        m.source == MessageSource::Channel && nonce_of(m).starts_with('r')
    };
    let _ = poll(Duration::from_secs(240), Duration::from_millis(250), || {
        let prompts = fake.with_state(|st| st.messages.iter().filter(|m| is_prompt(m)).count());
        let (_, finished) = step_lateness(&fake, &db);
        (prompts >= PROMPTS && finished >= SESSIONS).then_some(())
    })
    .await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let (lateness, finished) = step_lateness(&fake, &db);
    let (interaction_ms, refused, prompt_times, steps_meanwhile) = fake.with_state(|st| {
        let mut first: HashMap<u64, (f64, bool)> = HashMap::new();
        for c in &st.callbacks {
            if sent.contains(&c.interaction_id) {
                first
                    .entry(c.interaction_id)
                    .or_insert((c.latency.as_secs_f64() * 1000.0, c.accepted()));
            }
        }
        let lat: Vec<f64> = first.values().map(|(l, _)| *l).collect();
        let refused = first.values().filter(|(_, ok)| !ok).count() + (n - first.len());
        let prompts: Vec<DateTime<Utc>> = st
            .messages
            .iter()
            .filter(|m| is_prompt(m))
            .map(|m| m.timestamp)
            .collect();
        let last = prompts.iter().max().copied().unwrap_or(m);
        let steps = st
            .messages
            .iter()
            .filter(|x| {
                x.source == MessageSource::Channel
                    && nonce_of(x).starts_with('s')
                    && x.timestamp >= m
                    && x.timestamp <= last
            })
            .count();
        (lat, refused, prompts, steps)
    });
    let run = MixedRun {
        interaction_ms,
        refused,
        lateness,
        finished,
        last_prompt_ms: prompt_times
            .iter()
            .map(|t| ms(*t - m))
            .fold(f64::NAN, f64::max),
        prompts: prompt_times.len(),
        steps_meanwhile,
        too_many: fake.total_429(),
    };
    drop(bot);
    run
}

pub async fn run_mixed(report: &mut Report, runs: usize) {
    let mut results = vec![];
    for _ in 0..runs {
        let r = mixed_run().await;
        eprintln!(
            "mixed: interactions p99 {:.2} ms ({} refused); steps p99 {:.1} ms ({} finished); {} prompts, last at {:.0} ms with {} steps meanwhile; {} 429s",
            percentile(&r.interaction_ms, 99.0),
            r.refused,
            percentile(&r.lateness, 99.0),
            r.finished,
            r.prompts,
            r.last_prompt_ms,
            r.steps_meanwhile,
            r.too_many
        );
        results.push(r);
    }
    let per_run = |f: &dyn Fn(&MixedRun) -> f64| results.iter().map(f).collect::<Vec<f64>>();
    let fig = "mixed";
    report.metric(
        fig,
        "interaction -> callback p99 (200/s for 10 s)",
        "ms",
        per_run(&|r| percentile(&r.interaction_ms, 99.0)),
        Some(Target::Below(10.0)),
    );
    report.metric(
        fig,
        "interactions refused",
        "",
        per_run(&|r| r.refused as f64),
        Some(Target::Equals(0.0)),
    );
    report.metric(
        fig,
        "step lateness p50 (100 sessions)",
        "ms",
        per_run(&|r| percentile(&r.lateness, 50.0)),
        None,
    );
    report.metric(
        fig,
        "step lateness p99",
        "ms",
        per_run(&|r| percentile(&r.lateness, 99.0)),
        Some(Target::Below(50.0)),
    );
    report.metric(
        fig,
        "step lateness max",
        "ms",
        per_run(&|r| max(&r.lateness)),
        None,
    );
    report.metric(
        fig,
        "sessions finished",
        "",
        per_run(&|r| r.finished as f64),
        Some(Target::Equals(SESSIONS as f64)),
    );
    report.metric(
        fig,
        "prompts posted",
        "",
        per_run(&|r| r.prompts as f64),
        Some(Target::Equals(PROMPTS as f64)),
    );
    report.metric(
        fig,
        "last prompt after 09:00",
        "ms",
        per_run(&|r| r.last_prompt_ms),
        None,
    );
    report.metric(
        fig,
        "session steps posted while the prompts drained",
        "",
        per_run(&|r| r.steps_meanwhile as f64),
        None,
    );
    report.metric(
        fig,
        "last prompt vs (prompts + those steps) / 45 s",
        "ms",
        per_run(&|r| r.last_prompt_ms - (r.prompts + r.steps_meanwhile) as f64 / 45.0 * 1000.0),
        None,
    );
    report.metric(
        fig,
        "429 answers from the fake",
        "",
        per_run(&|r| r.too_many as f64),
        Some(Target::Equals(0.0)),
    );
}

struct BurstRun {
    lateness: Vec<f64>,
    finished: usize,
    too_many: usize,
}

async fn burst_run() -> BurstRun {
    let m = nine();
    let fake = FakeDiscord::start_with(FakeOptions {
        clock_start: Some(m - chrono::Duration::seconds(5)),
        ..FakeOptions::default()
    })
    .await;
    let channels: Vec<u64> = (0..SESSIONS)
        .map(|i| fake.create_text_channel(&format!("group-{i}")))
        .collect();
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("burst.db");
    prefill(&db, &channels, "group").await;
    // 5-s steps (the shipped routine has 15): 100 sessions in step then ask for 20 posts a
    // second. With the fast pack's 2-s steps they would ask for 50, Discord's whole global limit.
    let pack = FastPack::with_step_secs(
        BURST_STEP_SECS,
        "[sessions]\nbreathing_cue_min_hold_secs = 4\nmax_per_server = 1000\n[reminders]\ngroup_lobby_secs = 10\n",
    );
    let bot = spawn(&fake, &pack, &db);
    fake.wait_for_commands(Some(GUILD_ID), T).await;
    // A scheduled lobby opens empty: someone joins each one by its button, or it never starts.
    let mut joined = std::collections::HashSet::new();
    let _ = poll(Duration::from_secs(60), Duration::from_millis(100), || {
        let lobbies: Vec<(u64, String)> = fake.with_state(|st| {
            st.messages
                .iter()
                .filter(|m| m.source == MessageSource::Channel && !joined.contains(&m.id))
                .filter_map(|m| {
                    let join = m.custom_ids().into_iter().find(|c| c.ends_with(":join"))?;
                    Some((m.id, join))
                })
                .collect()
        });
        for (id, join) in lobbies {
            fake.press_button(ALICE_ID, id, &join);
            joined.insert(id);
        }
        (joined.len() >= SESSIONS).then_some(())
    })
    .await;
    let _ = poll(Duration::from_secs(180), Duration::from_millis(250), || {
        let (_, finished) = step_lateness(&fake, &db);
        (finished >= SESSIONS).then_some(())
    })
    .await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let (lateness, finished) = step_lateness(&fake, &db);
    if finished < SESSIONS {
        for l in bot
            .logs()
            .iter()
            .filter(|l| l.contains("WARN") || l.contains("ERROR"))
            .take(20)
        {
            eprintln!("bot: {l}");
        }
    }
    let run = BurstRun {
        lateness,
        finished,
        too_many: fake.total_429(),
    };
    drop(bot);
    run
}

pub async fn run_burst(report: &mut Report, runs: usize) {
    let mut results = vec![];
    for _ in 0..runs {
        let r = burst_run().await;
        eprintln!(
            "burst: steps p50 {:.1} p99 {:.1} max {:.1} ms over {} posts; {} finished; {} 429s",
            percentile(&r.lateness, 50.0),
            percentile(&r.lateness, 99.0),
            max(&r.lateness),
            r.lateness.len(),
            r.finished,
            r.too_many
        );
        results.push(r);
    }
    let per_run = |f: &dyn Fn(&BurstRun) -> f64| results.iter().map(f).collect::<Vec<f64>>();
    let fig = "burst";
    report.metric(
        fig,
        "step lateness p50 (100 group sessions opened together)",
        "ms",
        per_run(&|r| percentile(&r.lateness, 50.0)),
        None,
    );
    report.metric(
        fig,
        "step lateness p99",
        "ms",
        per_run(&|r| percentile(&r.lateness, 99.0)),
        Some(Target::Below(100.0)),
    );
    report.metric(
        fig,
        "step lateness max",
        "ms",
        per_run(&|r| max(&r.lateness)),
        None,
    );
    report.metric(
        fig,
        "sessions finished",
        "",
        per_run(&|r| r.finished as f64),
        Some(Target::Equals(SESSIONS as f64)),
    );
    report.metric(
        fig,
        "429 answers from the fake",
        "",
        per_run(&|r| r.too_many as f64),
        Some(Target::Equals(0.0)),
    );
}
