//! Session step timing on loopback: 100 sessions in 100 channels, opened within ~10 s (at
//! irregular sub-second moments) with lobbies of 12..61 s, so their first steps are spread over a
//! minute and all of them are live together. Each runs 3 sets of (three 2-s steps, a 10-s hold
//! with a breathing cue) with 2-s rests: 18 timed posts over 52 s. Every post's lateness is
//! measured against its plan.
//!
//! The plan is read from the bot's own database (`timeline.start`, wall time) and compared with
//! the fake's wall clock when the post arrived. Both clocks are the host's; that they agree is
//! checked per session: the bot's clock reading (`start - lobby`) must fall between the
//! deferral's arrival and the lobby message, as the fake saw them (reported as "disagreement").

use std::collections::HashMap;
use std::path::Path;
use std::time::Duration;

use chrono::{DateTime, Utc};

use serde_json::json;
use stretchbot::session::timeline::SessionPlan;

use crate::common::{ms, nonce_of, poll, FastPack, T};
use crate::report::{Report, Target};
use crate::stats::{fmt, max, percentile};
use crate::svg::{Chart, RefLine, Series};
use crate::sys;
use fake_discord::harness::BotProcess;
use fake_discord::{FakeDiscord, MessageSource, ALICE_ID, GUILD_ID};

const FIG: &str = "sessions";
const SESSIONS: usize = 100;
const SETS: u32 = 3;
const HOLD: u32 = 10;
/// Commands per second: each `/stretch start` costs three paced requests (deferral, lobby,
/// follow-up) and the bot paces everything at 45/s, so faster starts would queue.
const START_RATE: f64 = 10.0;
const BREATHING_MIN: u32 = 4;

fn lobby_secs(i: usize) -> u32 {
    12 + (i / 2) as u32
}

struct RunResult {
    lateness: Vec<f64>,
    /// (running sessions at the planned instant, lateness).
    by_load: Vec<(usize, f64)>,
    drift: Vec<f64>,
    /// How far the bot's saved clock reading falls outside the window the fake saw (ms).
    clock_error: Vec<f64>,
    /// From the deferral's arrival at the fake to the bot reading its clock (ms).
    read_after_defer: Vec<f64>,
    missing: usize,
    catch_ups: usize,
    too_many: usize,
    early: usize,
    failed_starts: usize,
    cpu_ms_per_post: f64,
    peak_running: usize,
}

/// Event index -> when the fake received the post.
type Posted = HashMap<usize, DateTime<Utc>>;

/// Session id -> planned start (`timeline.start`), read from the bot's database.
fn saved_starts(db: &Path) -> HashMap<String, DateTime<Utc>> {
    crate::mixed::saved_sessions(db)
        .into_iter()
        .map(|(id, s)| (id, s.timeline.start))
        .collect()
}

async fn one_run() -> RunResult {
    let pack = FastPack::new(&format!(
        "[sessions]\nbreathing_cue_min_hold_secs = {BREATHING_MIN}\nmax_per_server = 1000\n"
    ));
    let library = stretchbot::content::Library::load(&pack.content_dir()).expect("fast pack loads");
    let routine = library.get("childs-pose").expect("routine");
    let plan = SessionPlan::new(routine, SETS, HOLD, BREATHING_MIN);
    let offsets: Vec<f64> = plan
        .events()
        .iter()
        .map(|e| f64::from(e.offset_secs))
        .collect();
    let finish = plan.finish_index();

    let fake = FakeDiscord::start().await;
    let channels: Vec<u64> = (0..SESSIONS)
        .map(|i| fake.create_text_channel(&format!("stretch-{i}")))
        .collect();
    let bot = BotProcess::spawn(&fake, pack.options());
    fake.wait_for_commands(Some(GUILD_ID), T).await;
    bot.wait_for_log("ready; commands registered", T).await;
    let pid = bot.pid().expect("pid");
    let cpu0 = sys::cpu_secs(pid).unwrap_or(f64::NAN);

    let t0 = tokio::time::Instant::now() + Duration::from_millis(50);
    let mut handles = vec![];
    for (i, ch) in channels.iter().enumerate() {
        // Irregular moments within each 100-ms slot (golden-ratio sequence), as people would.
        let jitter = (i as f64 * 0.618_034).fract();
        tokio::time::sleep_until(t0 + Duration::from_secs_f64((i as f64 + jitter) / START_RATE))
            .await;
        let h = fake.send_slash_command_in(
            *ch,
            ALICE_ID,
            "stretch start",
            json!({"sets": SETS, "hold": HOLD, "lobby": lobby_secs(i)}),
        );
        handles.push(h);
    }
    let last_finish = Duration::from_secs_f64(
        SESSIONS as f64 / START_RATE + f64::from(lobby_secs(SESSIONS - 1)) + offsets[finish],
    );
    let finished = |st: &fake_discord::State| {
        st.messages
            .iter()
            .filter(|m| {
                nonce_of(m)
                    .rsplit_once('-')
                    .is_some_and(|(_, i)| i == finish.to_string())
            })
            .count()
    };
    let _ = poll(last_finish + T, Duration::from_millis(250), || {
        (fake.with_state(finished) >= SESSIONS).then_some(())
    })
    .await;
    // The closing lobby edits follow the finish posts.
    tokio::time::sleep(Duration::from_secs(1)).await;
    let cpu1 = sys::cpu_secs(pid).unwrap_or(f64::NAN);

    let (too_many, early) = (fake.total_429(), fake.early_retries().len());
    let mut r = RunResult {
        lateness: vec![],
        by_load: vec![],
        drift: vec![],
        clock_error: vec![],
        read_after_defer: vec![],
        missing: 0,
        catch_ups: 0,
        too_many,
        early,
        failed_starts: 0,
        cpu_ms_per_post: f64::NAN,
        peak_running: 0,
    };
    // The plans as the bot saved them: session id -> planned start.
    let saved = saved_starts(&bot.database_path());
    if let Ok(path) = std::env::var("LOOPBACK_DUMP") {
        let t0 = fake.with_state(|st| st.clock.start_instant);
        let csv: String = fake.with_state(|st| {
            st.requests
                .iter()
                .map(|q| {
                    format!(
                        "{:.3},{},{},{}\n",
                        q.at.duration_since(t0).as_secs_f64() * 1000.0,
                        q.method,
                        q.route,
                        q.status
                    )
                })
                .collect()
        });
        let _ = std::fs::write(path, csv);
    }
    for l in bot
        .logs()
        .iter()
        .filter(|l| l.contains("WARN") || l.contains("ERROR"))
    {
        eprintln!("bot: {l}");
    }
    // Per session: (planned wall instants of each index, posted wall instants).
    let mut sessions: Vec<(Vec<DateTime<Utc>>, Posted)> = vec![];
    let mut posts = 0usize;
    fake.with_state(|st| {
        for (i, h) in handles.iter().enumerate() {
            let cb = st.callbacks.iter().find(|c| c.interaction_id == h.id);
            let ch = channels[i];
            let msgs: Vec<_> = st
                .messages
                .iter()
                .filter(|m| m.channel_id == ch && m.source == MessageSource::Channel)
                .collect();
            let lobby = msgs.iter().find(|m| nonce_of(m).ends_with("-lobby"));
            let (Some(cb), Some(lobby)) = (cb.filter(|c| c.accepted()), lobby) else {
                eprintln!(
                    "session #{i}: callback {:?}, lobby {}",
                    cb.map(|c| (c.kind, c.latency, c.error.clone())),
                    lobby.is_some()
                );
                r.failed_starts += 1;
                continue;
            };
            let nonce = nonce_of(lobby);
            let sid = nonce
                .strip_suffix("-lobby")
                .and_then(|n| n.strip_prefix('s'))
                .unwrap_or_default()
                .to_owned();
            let Some(start) = saved.get(&sid).copied() else {
                eprintln!(
                    "session #{i}: {sid} not in the database ({} rows)",
                    saved.len()
                );
                r.failed_starts += 1;
                continue;
            };
            // The bot read its clock (start - lobby) between the deferral's arrival and the lobby
            // message: how far outside that window it falls is the clocks' disagreement.
            let bot_now = start - chrono::Duration::seconds(i64::from(lobby_secs(i)));
            let lo = st.clock.at(cb.received_at);
            let hi = lobby.timestamp;
            r.clock_error
                .push(ms(lo - bot_now).max(ms(bot_now - hi)).max(0.0));
            r.read_after_defer.push(ms(bot_now - lo));
            let planned: Vec<DateTime<Utc>> = offsets
                .iter()
                .map(|o| start + chrono::Duration::milliseconds((o * 1000.0) as i64))
                .collect();
            let mut posted = HashMap::new();
            for m in &msgs {
                let n = nonce_of(m);
                let Some(rest) = n.strip_prefix(&format!("s{sid}-")) else {
                    continue;
                };
                if let Ok(idx) = rest.parse::<usize>() {
                    posted.insert(idx, m.timestamp);
                    posts += 1;
                }
                if m.content.contains("We lost some time") {
                    r.catch_ups += 1;
                }
            }
            if posted.len() != offsets.len() {
                let mut got: Vec<usize> = posted.keys().copied().collect();
                got.sort_unstable();
                eprintln!("session {sid} (#{i}): posted indices {got:?}");
            }
            sessions.push((planned, posted));
        }
    });
    r.cpu_ms_per_post = (cpu1 - cpu0) * 1000.0 / posts.max(1) as f64;
    let spans: Vec<(DateTime<Utc>, DateTime<Utc>)> =
        sessions.iter().map(|(p, _)| (p[0], p[finish])).collect();
    let running_at = |t: DateTime<Utc>| spans.iter().filter(|(a, b)| *a <= t && t <= *b).count();
    for (planned, posted) in &sessions {
        let mut late_first = None;
        let mut late_last = None;
        for (idx, at) in planned.iter().enumerate() {
            let Some(posted_at) = posted.get(&idx) else {
                r.missing += 1;
                continue;
            };
            let late = ms(*posted_at - *at);
            r.lateness.push(late);
            let running = running_at(*at);
            r.peak_running = r.peak_running.max(running);
            r.by_load.push((running, late));
            if idx == 0 {
                late_first = Some(late);
            }
            if idx == finish {
                late_last = Some(late);
            }
        }
        if let (Some(a), Some(b)) = (late_first, late_last) {
            r.drift.push(b - a);
        }
    }
    drop(bot);
    r
}

pub async fn run(report: &mut Report, runs: usize) {
    let mut results = vec![];
    for _ in 0..runs {
        results.push(one_run().await);
    }
    let per_run = |f: &dyn Fn(&RunResult) -> f64| results.iter().map(f).collect::<Vec<f64>>();
    report.metric(
        FIG,
        "step lateness p50 (100 sessions, 1,800 posts)",
        "ms",
        per_run(&|r| percentile(&r.lateness, 50.0)),
        None,
    );
    report.metric(
        FIG,
        "step lateness p99",
        "ms",
        per_run(&|r| percentile(&r.lateness, 99.0)),
        Some(Target::Below(50.0)),
    );
    report.metric(
        FIG,
        "step lateness max",
        "ms",
        per_run(&|r| max(&r.lateness)),
        None,
    );
    report.metric(
        FIG,
        "drift, last step vs first step of a session: median",
        "ms",
        per_run(&|r| crate::stats::median(&r.drift)),
        None,
    );
    report.metric(
        FIG,
        "drift, last step vs first step of a session: max |drift|",
        "ms",
        per_run(&|r| max(&r.drift.iter().map(|d| d.abs()).collect::<Vec<_>>())),
        None,
    );
    report.metric(
        FIG,
        "steps missing or collapsed into a catch-up",
        "",
        per_run(&|r| (r.missing + r.catch_ups) as f64),
        Some(Target::Equals(0.0)),
    );
    report.metric(
        FIG,
        "429 answers from the fake",
        "",
        per_run(&|r| r.too_many as f64),
        Some(Target::Equals(0.0)),
    );
    report.metric(
        FIG,
        "sessions that failed to start",
        "",
        per_run(&|r| r.failed_starts as f64),
        Some(Target::Equals(0.0)),
    );
    report.metric(
        FIG,
        "bot CPU per posted step",
        "ms",
        per_run(&|r| r.cpu_ms_per_post),
        None,
    );
    report.metric(
        FIG,
        "bot vs fake clock disagreement, max",
        "ms",
        per_run(&|r| max(&r.clock_error)),
        None,
    );
    report.metric(
        FIG,
        "deferral's arrival -> the bot reads its clock, p99",
        "ms",
        per_run(&|r| percentile(&r.read_after_defer, 99.0)),
        None,
    );
    // Growth: lateness by how many sessions were mid-routine at the planned instant.
    let buckets = [(1usize, 25usize), (26, 50), (51, 75), (76, 100)];
    let mut table = String::from("#### Session step lateness by concurrent running sessions (all runs pooled)\n\n| sessions mid-routine | posts | p50 ms | p99 ms | max ms |\n|---:|---:|---:|---:|---:|\n");
    let mut p50s = vec![];
    let mut p99s = vec![];
    for (lo, hi) in buckets {
        let l: Vec<f64> = results
            .iter()
            .flat_map(|r| r.by_load.iter())
            .filter(|(n, _)| *n >= lo && *n <= hi)
            .map(|(_, l)| *l)
            .collect();
        if l.is_empty() {
            continue;
        }
        let mid = (lo + hi) as f64 / 2.0;
        p50s.push((mid, percentile(&l, 50.0)));
        p99s.push((mid, percentile(&l, 99.0)));
        table.push_str(&format!(
            "| {lo}-{hi} | {} | {} | {} | {} |\n",
            l.len(),
            fmt(percentile(&l, 50.0)),
            fmt(percentile(&l, 99.0)),
            fmt(max(&l))
        ));
    }
    let peak = results.iter().map(|r| r.peak_running).max().unwrap_or(0);
    table.push_str(&format!(
        "\nAt most {peak} sessions were mid-routine at once (all {SESSIONS} were live: the rest in their lobbies). Early retries after a 429: {}.\n",
        results.iter().map(|r| r.early).sum::<usize>()
    ));
    report.section(table);
    let chart = Chart {
        title: "Session step lateness vs. sessions running".into(),
        x_label: "sessions mid-routine at the planned instant".into(),
        y_label: "lateness, ms".into(),
        log_x: false,
        log_y: false,
        series: vec![
            Series {
                name: "p50".into(),
                points: p50s,
                color: "#1f77b4",
                markers: true,
            },
            Series {
                name: "p99".into(),
                points: p99s,
                color: "#d62728",
                markers: true,
            },
        ],
        ref_lines: vec![RefLine {
            y: 50.0,
            label: "target p99 50 ms".into(),
            color: "#2ca02c",
        }],
        y_from_zero: true,
    };
    report.plot("sessions.svg", chart.render());
}
