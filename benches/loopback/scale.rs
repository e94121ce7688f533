//! Scale in one process: the bot restarted on a database holding N live sessions (in a 900-s
//! lobby: they hold state and a task, and post nothing until they start) and M armed reminders
//! (next fires 2-12 h away), at three sizes. Measured: start-up time to the log lines, resident
//! memory, CPU over 30 s, the requests the bot makes meanwhile, and how long an interaction
//! waits for its answer right after the restart.
//!
//! The sessions' channels are not in the fake's guild (10,000 channels would not fit one
//! server), so any request about them gets a 404, as fast as a real answer.

use std::path::Path;
use std::time::{Duration, Instant};

use chrono::{Timelike, Utc};
use serde_json::json;
use stretchbot::ids::{ChannelId, GuildId, MessageId, UserId};
use stretchbot::session::messages::{self, LobbyPhase, SessionView};
use stretchbot::session::state::SessionState;
use stretchbot::session::timeline::{SessionPlan, Timeline};
use stretchbot::store::{SessionRow, SqliteStore, Store};

use crate::common::{bot_options, log_time, ms, prompt_row, shipped_library, T};
use crate::report::{Report, Target};
use crate::stats::{fmt, median};
use crate::svg::{Chart, RefLine, Series};
use crate::sys;
use fake_discord::harness::BotOptions;
use fake_discord::harness::BotProcess;
use fake_discord::{FakeDiscord, ALICE_ID, GUILD_ID};

const FIG: &str = "scale";
/// (sessions, reminders)
const SIZES: [(usize, usize); 3] = [(100, 1_000), (1_000, 10_000), (10_000, 100_000)];
const IDLE_WINDOW: Duration = Duration::from_secs(30);

struct ScaleResult {
    sessions: usize,
    reminders: usize,
    prefill_secs: f64,
    restored_ms: f64,
    loop_ms: f64,
    ready_ms: f64,
    rss_ready: f64,
    rss_end: f64,
    hwm_end: f64,
    cpu_pct: f64,
    requests: usize,
    edits: usize,
    /// `None`: no answer within 10 s.
    help_ms: Option<f64>,
    help_refused: bool,
}

async fn prefill(db: &Path, sessions: usize, reminders: usize) {
    let store = SqliteStore::open(db).expect("store");
    let library = shipped_library();
    let routine = library.get("childs-pose").expect("routine");
    let now = Utc::now();
    let plan = SessionPlan::new(routine, 1, 90, 45);
    for i in 0..sessions {
        let starter = UserId::new(3_000_000_000_000_000_000 + i as u64);
        let mut state = SessionState::new(
            "childs-pose",
            Timeline::new(plan.clone(), now + chrono::Duration::seconds(900)),
            Some(starter),
        );
        state.lobby_message_id = Some(MessageId::new(4_000_000_000_000_000_000 + i as u64));
        let id = format!("b{i:011}");
        // As a previous run of this build left it: the lobby shows what it should, so a
        // restart has nothing to edit. (Builds before the fingerprint ignore the field.)
        state.lobby_shown = Some(
            messages::lobby(
                &SessionView::new(
                    &id,
                    Some(starter),
                    routine,
                    &state,
                    stretchbot::i18n::Tr::english(),
                ),
                LobbyPhase::Open,
            )
            .fingerprint(),
        );
        let row = SessionRow {
            id,
            guild_id: GuildId::new(2_000_000_000_000_000_000 + (i / 5) as u64),
            channel_id: ChannelId::new(5_000_000_000_000_000_000 + i as u64),
            starter_id: Some(starter),
            active: true,
            state: serde_json::to_string(&state).expect("state json"),
            created_at: now,
            updated_at: now,
        };
        store.insert_session(&row).await.expect("insert session");
    }
    for i in 0..reminders {
        // Next fires spread over 2-12 h from now, so none fires during the measurement.
        let at = now + chrono::Duration::minutes(120 + (i % 600) as i64);
        let at = at
            .with_second(0)
            .and_then(|t| t.with_nanosecond(0))
            .expect("whole minute");
        let time = at.format("%H:%M").to_string();
        let row = prompt_row(
            6_000_000_000_000_000_000 + (i / 25) as u64,
            7_000_000_000_000_000_000 + i as u64,
            &time,
            at,
            at.date_naive(),
        );
        store
            .insert_reminder(&row, u32::MAX)
            .await
            .expect("insert reminder")
            .expect("under the limit");
    }
}

async fn one_size(sessions: usize, reminders: usize) -> ScaleResult {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("scale.db");
    let t = Instant::now();
    prefill(&db, sessions, reminders).await;
    let prefill_secs = t.elapsed().as_secs_f64();
    let fake = FakeDiscord::start().await;
    let mut opts: BotOptions = bot_options();
    opts.env
        .push(("DATABASE_URL".into(), format!("sqlite:{}", db.display())));
    let spawned = Utc::now();
    let bot = BotProcess::spawn(&fake, opts);
    let at = |line: String| log_time(&line).map_or(f64::NAN, |t| ms(t - spawned));
    let restored_ms = at(bot.wait_for_log("sessions restored", T * 4).await);
    let loop_ms = at(bot.wait_for_log("reminder loop started", T * 4).await);
    let ready_ms = at(bot.wait_for_log("ready; commands registered", T * 4).await);
    fake.wait_for_commands(Some(GUILD_ID), T).await;
    let pid = bot.pid().expect("pid");
    tokio::time::sleep(Duration::from_secs(1)).await;
    // An interaction right after the restart.
    let help = fake.send_slash_command(ALICE_ID, "help", json!({}));
    let sent = Instant::now();
    let mut help_ms = None;
    let mut help_refused = false;
    while sent.elapsed() < Duration::from_secs(10) {
        if let Some(cb) = help.callback() {
            help_ms = Some(cb.latency.as_secs_f64() * 1000.0);
            help_refused = !cb.accepted();
            break;
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let mem_ready = sys::memory(pid).unwrap_or_default();
    // `LOOPBACK_SCALE_SETTLE=SECS` waits that long before the 30-s window (e.g. until the lobby
    // edits queued by the restart are sent), for a truly idle reading.
    if let Some(secs) = std::env::var("LOOPBACK_SCALE_SETTLE")
        .ok()
        .and_then(|s| s.parse::<u64>().ok())
    {
        tokio::time::sleep(Duration::from_secs(secs)).await;
    }
    let requests0 = fake.with_state(|st| st.requests.len());
    let cpu0 = sys::cpu_secs(pid).unwrap_or(f64::NAN);
    tokio::time::sleep(IDLE_WINDOW).await;
    let cpu1 = sys::cpu_secs(pid).unwrap_or(f64::NAN);
    let mem_end = sys::memory(pid).unwrap_or_default();
    let (requests, edits) = fake.with_state(|st| {
        let new = &st.requests[requests0..];
        (
            new.len(),
            new.iter().filter(|r| r.method == "PATCH").count(),
        )
    });
    drop(bot);
    ScaleResult {
        sessions,
        reminders,
        prefill_secs,
        restored_ms,
        loop_ms,
        ready_ms,
        rss_ready: mem_ready.rss_mib(),
        rss_end: mem_end.rss_mib(),
        hwm_end: mem_end.hwm_mib(),
        cpu_pct: (cpu1 - cpu0) / IDLE_WINDOW.as_secs_f64() * 100.0,
        requests,
        edits,
        help_ms,
        help_refused,
    }
}

pub async fn run(report: &mut Report, runs: usize) {
    // `LOOPBACK_SCALE_SIZES=10000` runs only the sizes with these session counts;
    // `LOOPBACK_SCALE_SIZES=0:100000,10000:0` runs these (sessions:reminders) sizes instead.
    let sizes: Vec<(usize, usize)> = match std::env::var("LOOPBACK_SCALE_SIZES") {
        Ok(list) => list
            .split(',')
            .filter_map(|item| match item.trim().split_once(':') {
                Some((s, r)) => Some((s.parse().ok()?, r.parse().ok()?)),
                None => {
                    let n: usize = item.trim().parse().ok()?;
                    SIZES.iter().copied().find(|(s, _)| *s == n)
                }
            })
            .collect(),
        Err(_) => SIZES.to_vec(),
    };
    let mut all: Vec<Vec<ScaleResult>> = sizes.iter().map(|_| vec![]).collect();
    for _ in 0..runs {
        for (k, (s, r)) in sizes.iter().enumerate() {
            all[k].push(one_size(*s, *r).await);
        }
    }
    let mut table = String::from("#### Scale: one process restarted on N sessions and M reminders (median of runs)\n\n| sessions | reminders | spawn -> sessions restored, ms | -> reminder loop started, ms | -> READY, ms | RSS after READY, MiB | RSS after 30 s, MiB | VmHWM, MiB | CPU over 30 s, % of one core | requests in those 30 s (lobby edits) | /help 1 s after READY answered in |\n|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
    let mut rss_pts = vec![];
    let mut hwm_pts = vec![];
    let mut start_pts = vec![];
    for res in &all {
        let m = |f: &dyn Fn(&ScaleResult) -> f64| median(&res.iter().map(f).collect::<Vec<_>>());
        let first = &res[0];
        let help = match (first.help_ms, first.help_refused) {
            (Some(ms), false) => format!("{} ms", fmt(ms)),
            (Some(ms), true) => format!("{} ms, refused (past 3 s)", fmt(ms)),
            (None, _) => "no answer within 10 s".into(),
        };
        table.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} ({}) | {} |\n",
            first.sessions,
            first.reminders,
            fmt(m(&|r| r.restored_ms)),
            fmt(m(&|r| r.loop_ms)),
            fmt(m(&|r| r.ready_ms)),
            fmt(m(&|r| r.rss_ready)),
            fmt(m(&|r| r.rss_end)),
            fmt(m(&|r| r.hwm_end)),
            fmt(m(&|r| r.cpu_pct)),
            fmt(m(&|r| r.requests as f64)),
            fmt(m(&|r| r.edits as f64)),
            help
        ));
        let x = first.sessions as f64;
        rss_pts.push((x, m(&|r| r.rss_end)));
        hwm_pts.push((x, m(&|r| r.hwm_end)));
        start_pts.push((x, m(&|r| r.loop_ms)));
        println!(
            "scale {}/{}: prefill {:.1} s",
            first.sessions, first.reminders, first.prefill_secs
        );
    }
    table.push_str("\nSessions and reminders grow together (10 reminders per session). Reminders live in SQLite only: the firing loop keeps no per-reminder state in memory.\n");
    report.section(table);
    let big = &all[all.len() - 1];
    let get = |f: &dyn Fn(&ScaleResult) -> f64| big.iter().map(f).collect::<Vec<f64>>();
    report.metric(
        FIG,
        "10k sessions + 100k reminders: resident memory (VmHWM)",
        "MiB",
        get(&|r| r.hwm_end),
        Some(Target::Below(200.0)),
    );
    report.metric(
        FIG,
        "10k sessions + 100k reminders: spawn -> reminder loop started",
        "ms",
        get(&|r| r.loop_ms),
        Some(Target::Below(2000.0)),
    );
    report.metric(
        FIG,
        "10k sessions + 100k reminders: spawn -> READY",
        "ms",
        get(&|r| r.ready_ms),
        None,
    );
    report.metric(
        FIG,
        "10k sessions + 100k reminders: CPU over 30 s after READY",
        "% core",
        get(&|r| r.cpu_pct),
        None,
    );
    report.metric(
        FIG,
        "10k sessions + 100k reminders: requests in those 30 s",
        "",
        get(&|r| r.requests as f64),
        None,
    );
    let chart = Chart {
        title: "Resident memory vs. live sessions (x10 reminders)".into(),
        x_label: "live sessions (reminders = 10x), log".into(),
        y_label: "MiB".into(),
        log_x: true,
        log_y: false,
        series: vec![
            Series {
                name: "VmRSS after 30 s".into(),
                points: rss_pts,
                color: "#1f77b4",
                markers: true,
            },
            Series {
                name: "VmHWM".into(),
                points: hwm_pts,
                color: "#d62728",
                markers: true,
            },
        ],
        ref_lines: vec![RefLine {
            y: 200.0,
            label: "target 200 MiB".into(),
            color: "#2ca02c",
        }],
        y_from_zero: true,
    };
    report.plot("scale-memory.svg", chart.render());
    let chart = Chart {
        title: "Start-up time vs. live sessions (x10 reminders)".into(),
        x_label: "live sessions (reminders = 10x), log".into(),
        y_label: "spawn -> reminder loop started, ms".into(),
        log_x: true,
        log_y: false,
        series: vec![Series {
            name: "start-up".into(),
            points: start_pts,
            color: "#1f77b4",
            markers: true,
        }],
        ref_lines: vec![RefLine {
            y: 2000.0,
            label: "target 2 s".into(),
            color: "#2ca02c",
        }],
        y_from_zero: true,
    };
    report.plot("scale-startup.svg", chart.render());
}
