//! Long sessions without a network: the library's `SessionManager` under tokio's paused time,
//! with a clock that follows tokio's, the real SQLite store (a file) and a recording poster that
//! takes 50-500 ms per post (simulated Discord latency). 3 sets of the shipped Child's Pose with
//! a 5-minute hold: 18 posts over 1,075 s of simulated time. If any wait were relative ("sleep
//! 15 s after the post") instead of to an absolute deadline, the post latencies (about 5 s per
//! session) would add up and the finish would drift by that much; the figure is how far the
//! last post is from its plan compared with the first. 1, 100 and 1,000 sessions, their starts
//! (1-s to 60-s lobbies) spread over a minute.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use chrono::{DateTime, Utc};
use stretchbot::config::SessionsConfig;
use stretchbot::deps::Deps;
use stretchbot::ids::{ChannelId, GuildId, UserId};
use stretchbot::session::state::SessionState;
use stretchbot::session::{SessionManager, StartRequest};
use stretchbot::store::{SqliteStore, Store};
use stretchbot::test_support::{Behave, RecordingPoster, TokioClock};
use tokio::time::{Duration, Instant};

use crate::common::shipped_library;
use crate::report::{Report, Target};
use crate::stats::{fmt, max, percentile};

const FIG: &str = "drift";
const SIZES: [usize; 3] = [1, 100, 1000];

struct SizeResult {
    lateness: Vec<f64>,
    drift: Vec<f64>,
    missing: usize,
    simulated_secs_per_session: f64,
    wall_secs: f64,
    posts: usize,
}

async fn one_size(n: usize) -> SizeResult {
    let wall = std::time::Instant::now();
    let dir = tempfile::tempdir().expect("temp dir");
    let store: Arc<dyn Store> =
        Arc::new(SqliteStore::open(&dir.path().join("drift.db")).expect("store"));
    let base: DateTime<Utc> = "2026-06-10T09:00:00Z".parse().expect("instant");
    let base_instant = Instant::now();
    let clock = Arc::new(TokioClock::new(base, base_instant));
    let recorder = Arc::new(RecordingPoster::new(clock.clone()));
    let simulated_ms = Arc::new(AtomicU64::new(0));
    let next = AtomicU64::new(0);
    let summed = simulated_ms.clone();
    recorder.set_rule(move |s| {
        if s.edit_of.is_some() {
            return Behave::Sleep(Duration::from_millis(120));
        }
        let n = next.fetch_add(1, Ordering::Relaxed);
        // 50-500 ms, spread deterministically.
        let latency = 50 + (n.wrapping_mul(7919) % 451);
        summed.fetch_add(latency, Ordering::Relaxed);
        Behave::Sleep(Duration::from_millis(latency))
    });
    let deps = Deps {
        store: store.clone(),
        poster: recorder.clone(),
        clock,
        library: Arc::new(shipped_library()),
    };
    let manager = SessionManager::new(
        deps,
        SessionsConfig {
            lobby_secs: 0,
            max_per_server: 100_000,
            resume_within_secs: 600,
            stale_step_secs: 5,
            breathing_cue_min_hold_secs: 45,
            start_spacing_ms: 0,
            max_adjustments: 20,
            control_cooldown_ms: 0,
        },
    );
    for i in 0..n {
        // At least 1 s: with a 0-s lobby the first step waits for the lobby post itself.
        let lobby = 1 + (i * 60 / n) as u32;
        manager
            .start(StartRequest {
                guild_id: GuildId::new(1 + (i / 5) as u64),
                channel_id: ChannelId::new(100 + i as u64),
                starter_id: Some(UserId::new(7)),
                routine_id: "childs-pose".into(),
                sets: Some(3),
                hold_secs: Some(300),
                lobby_secs: Some(lobby),
                scheduled: None,
                guild_locale: None,
            })
            .await
            .expect("session starts");
    }
    // Plans as saved: id -> (planned instants of each event).
    let rows = store
        .active_sessions(&stretchbot::shards::ShardSet::everything())
        .await
        .expect("sessions");
    let mut plans: HashMap<String, Vec<Instant>> = HashMap::new();
    for row in rows {
        let state: SessionState = serde_json::from_str(&row.state).expect("state");
        let start = base_instant + (state.timeline.start - base).to_std().unwrap_or_default();
        let planned = state
            .timeline
            .plan
            .events()
            .iter()
            .map(|e| start + Duration::from_secs(u64::from(e.offset_secs)))
            .collect();
        plans.insert(row.id, planned);
    }
    let events = plans.values().map(Vec::len).max().unwrap_or(0);
    let finish = events.saturating_sub(1);
    let finish_suffix = format!("-{finish}");
    let done = |r: &RecordingPoster| {
        r.count(|s| {
            s.message
                .nonce
                .as_deref()
                .is_some_and(|n| n.ends_with(&finish_suffix))
        })
    };
    for _ in 0..2000 {
        if done(&recorder) >= n {
            break;
        }
        tokio::time::sleep(Duration::from_secs(5)).await;
    }
    // (nonce, when the post was asked for) of every post.
    let log: Vec<(String, Instant)> = recorder
        .log()
        .into_iter()
        .filter_map(|s| {
            let at = base_instant + (s.at - base).to_std().unwrap_or_default();
            s.message.nonce.map(|n| (n, at))
        })
        .collect();
    let mut r = SizeResult {
        lateness: vec![],
        drift: vec![],
        missing: 0,
        simulated_secs_per_session: simulated_ms.load(Ordering::Relaxed) as f64 / 1000.0 / n as f64,
        wall_secs: 0.0,
        posts: 0,
    };
    for (id, planned) in &plans {
        let prefix = format!("s{id}-");
        let posted: HashMap<usize, Instant> = log
            .iter()
            .filter_map(|(nonce, at)| {
                nonce
                    .strip_prefix(&prefix)
                    .and_then(|i| i.parse::<usize>().ok())
                    .map(|i| (i, *at))
            })
            .collect();
        let mut first = None;
        let mut last = None;
        for (i, at) in planned.iter().enumerate() {
            match posted.get(&i) {
                Some(p) => {
                    let late = p.saturating_duration_since(*at).as_secs_f64() * 1000.0
                        - at.saturating_duration_since(*p).as_secs_f64() * 1000.0;
                    r.lateness.push(late);
                    r.posts += 1;
                    if i == 0 {
                        first = Some(late);
                    }
                    if i == finish {
                        last = Some(late);
                    }
                }
                None => r.missing += 1,
            }
        }
        if let (Some(a), Some(b)) = (first, last) {
            r.drift.push(b - a);
        }
    }
    drop(manager);
    r.wall_secs = wall.elapsed().as_secs_f64();
    r
}

pub fn run(report: &mut Report, runs: usize) {
    let mut table = String::from("#### Session timing under paused time (library level; 3 sets, 5-min hold, 1,075 s per session)\n\n| sessions | posts | lateness p50 ms | p99 ms | max ms | drift: last post vs first, max ms | simulated post latency summed per session, s | missing | real time taken, s |\n|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    let mut drift_1 = vec![];
    let mut drift_100 = vec![];
    for _ in 0..runs {
        for n in SIZES {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .start_paused(true)
                .build()
                .expect("paused runtime");
            let r = rt.block_on(one_size(n));
            let drift = max(&r.drift.iter().map(|d| d.abs()).collect::<Vec<_>>());
            match n {
                1 => drift_1.push(drift),
                100 => drift_100.push(drift),
                _ => {}
            }
            table.push_str(&format!(
                "| {n} | {} | {} | {} | {} | {} | {} | {} | {} |\n",
                r.posts,
                fmt(percentile(&r.lateness, 50.0)),
                fmt(percentile(&r.lateness, 99.0)),
                fmt(max(&r.lateness)),
                fmt(drift),
                fmt(r.simulated_secs_per_session),
                r.missing,
                fmt(r.wall_secs)
            ));
        }
    }
    report.metric(
        FIG,
        "drift over a 3-set, 5-min-hold session (paused time)",
        "ms",
        drift_1,
        Some(Target::Below(1.0)),
    );
    report.metric(
        FIG,
        "drift, 100 sessions, starts spread over 1 min (paused time), max",
        "ms",
        drift_100,
        Some(Target::Below(1.0)),
    );
    report.section(table);
}
