//! Scheduled prompts: reminders due at 09:00 UTC in their own channels, stored before the bot
//! starts; the bot and the fake share a test clock that starts a few seconds before 09:00.
//!
//! The bot's clock starts when the process reads `STRETCHBOT_TEST_CLOCK`, a few ms after the fake
//! computed it, so the two clocks differ by an offset. It is measured, not assumed: a probe
//! `/stretch start lobby:900` makes the bot save `now + 900 s` (the session's start) in its
//! database, and the fake knows that `now` was read after the deferral's arrival (and before the
//! lobby message). Taking the offset at the deferral's arrival makes every lateness below an
//! upper bound, against the bot's own 09:00 (its local minute).

use std::path::Path;
use std::time::Duration;

use chrono::{DateTime, NaiveDate, Utc};
use serde_json::json;
use stretchbot::session::state::SessionState;
use stretchbot::store::{SqliteStore, Store};

use crate::common::{bot_options, ms, nonce_of, poll, prompt_row, T};
use crate::report::{Report, Target};
use crate::stats::{fmt, median, min};
use crate::svg::{Chart, RefLine, Series};
use fake_discord::harness::{BotOptions, BotProcess};
use fake_discord::{FakeDiscord, FakeOptions, MessageSource, ALICE_ID, GUILD_ID, TEXT_CHANNEL};

const FIG: &str = "prompts";
/// Discord's global limit is 50/s; the bot paces at 45/s.
const PACE: f64 = 45.0;

struct PromptRun {
    /// Milliseconds after the bot's 09:00, one per prompt, sorted.
    after_minute: Vec<f64>,
    delta_ms: f64,
    delta_uncertainty_ms: f64,
    too_many: usize,
    early: usize,
    posted: usize,
}

fn minute() -> (DateTime<Utc>, NaiveDate) {
    let m: DateTime<Utc> = "2026-06-10T09:00:00Z".parse().expect("instant");
    (m, m.date_naive())
}

async fn prefill(db: &Path, channels: &[u64]) {
    let (m, date) = minute();
    let store = SqliteStore::open(db).expect("store");
    for ch in channels {
        store
            .insert_reminder(&prompt_row(GUILD_ID, *ch, "09:00", m, date), u32::MAX)
            .await
            .expect("insert reminder")
            .expect("under the limit");
    }
}

/// Bot clock minus fake clock, with its uncertainty: from a session the bot saved.
async fn clock_offset(fake: &FakeDiscord, db: &Path) -> (f64, f64) {
    let h = fake.send_slash_command(ALICE_ID, "stretch start", json!({"lobby": 900}));
    let lobby = poll(T, Duration::from_millis(5), || {
        fake.with_state(|st| {
            st.messages
                .iter()
                .find(|m| m.channel_id == TEXT_CHANNEL && nonce_of(m).ends_with("-lobby"))
                .map(|m| m.timestamp)
        })
    })
    .await
    .expect("probe lobby posted");
    let cb = h.wait_callback(T).await;
    let received = fake.with_state(|st| st.clock.at(cb.received_at));
    // The lobby is saved right after it is posted: wait for the row to carry its id.
    let store = SqliteStore::open(db).expect("store");
    let mut start = None;
    for _ in 0..200 {
        let rows = store
            .active_sessions(&stretchbot::shards::ShardSet::everything())
            .await
            .expect("sessions");
        if let Some(row) = rows.first() {
            let state: SessionState = serde_json::from_str(&row.state).expect("state");
            start = Some(state.timeline.start);
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let bot_now = start.expect("probe session saved") - chrono::Duration::seconds(900);
    // The bot read its clock just after the deferral's answer (its next steps are a database
    // write and the paced lobby post), so the offset is taken at the deferral's arrival: this
    // makes lateness an upper bound. The window to the lobby message is reported.
    let hi = ms(bot_now - received);
    let lo = ms(bot_now - lobby);
    (hi, (hi - lo).abs())
}

async fn one_run(n: usize, lead_secs: i64) -> PromptRun {
    let (m, _) = minute();
    let fake = FakeDiscord::start_with(FakeOptions {
        clock_start: Some(m - chrono::Duration::seconds(lead_secs)),
        ..FakeOptions::default()
    })
    .await;
    let channels: Vec<u64> = (0..n)
        .map(|i| fake.create_text_channel(&format!("stretch-{i}")))
        .collect();
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("prompts.db");
    prefill(&db, &channels).await;
    let mut opts: BotOptions = bot_options();
    opts.test_clock = Some(fake.now_utc());
    opts.env
        .push(("DATABASE_URL".into(), format!("sqlite:{}", db.display())));
    let bot = BotProcess::spawn(&fake, opts);
    fake.wait_for_commands(Some(GUILD_ID), T).await;
    bot.wait_for_log("reminder loop started", T).await;
    let (delta_ms, delta_uncertainty_ms) = clock_offset(&fake, &db).await;
    assert!(
        fake.now_utc() < m,
        "start-up took longer than the {lead_secs}-s lead: raise it"
    );
    let prompts = |st: &fake_discord::State| {
        st.messages
            .iter()
            .filter(|msg| msg.source == MessageSource::Channel && nonce_of(msg).starts_with('r'))
            .map(|msg| msg.timestamp)
            .collect::<Vec<_>>()
    };
    let budget = Duration::from_secs_f64(lead_secs as f64 + n as f64 / PACE) + T;
    let _ = poll(budget, Duration::from_millis(50), || {
        (fake.with_state(|st| prompts(st).len()) >= n).then_some(())
    })
    .await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let times = fake.with_state(prompts);
    let mut after_minute: Vec<f64> = times.iter().map(|t| ms(*t - m) + delta_ms).collect();
    after_minute.sort_by(f64::total_cmp);
    let run = PromptRun {
        posted: after_minute.len(),
        after_minute,
        delta_ms,
        delta_uncertainty_ms,
        too_many: fake.total_429(),
        early: fake.early_retries().len(),
    };
    drop(bot);
    run
}

pub async fn run(report: &mut Report, runs: Option<usize>) {
    // (prompts, runs, lead seconds before 09:00)
    let plan = [
        (1usize, runs.unwrap_or(3), 4i64),
        (100, runs.unwrap_or(1), 4),
        (1000, runs.unwrap_or(2), 6),
    ];
    let mut table = String::from("#### Prompts due in the same minute (one channel each)\n\n| prompts | runs | first post after the minute, ms | last post, ms | (n-1)/45 s pacing, ms | posts/s | 429s | bot-vs-fake clock offset (window), ms |\n|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    let mut burst_series = None;
    for (n, runs, lead) in plan {
        let mut results = vec![];
        for _ in 0..runs {
            results.push(one_run(n, lead).await);
        }
        let first: Vec<f64> = results.iter().map(|r| min(&r.after_minute)).collect();
        let last: Vec<f64> = results
            .iter()
            .map(|r| r.after_minute.last().copied().unwrap_or(f64::NAN))
            .collect();
        let rate: Vec<f64> = results
            .iter()
            .map(|r| {
                let span = (r.after_minute.last().copied().unwrap_or(0.0)
                    - r.after_minute.first().copied().unwrap_or(0.0))
                    / 1000.0;
                if span > 0.0 {
                    (r.posted as f64 - 1.0) / span
                } else {
                    f64::NAN
                }
            })
            .collect();
        let too_many: Vec<f64> = results.iter().map(|r| r.too_many as f64).collect();
        let posted: Vec<f64> = results.iter().map(|r| r.posted as f64).collect();
        let offsets: Vec<f64> = results.iter().map(|r| r.delta_ms).collect();
        let unc = results
            .iter()
            .map(|r| r.delta_uncertainty_ms)
            .fold(0.0, f64::max);
        table.push_str(&format!(
            "| {n} | {runs} | {} | {} | {} | {} | {} | {} ({}) |\n",
            fmt(median(&first)),
            fmt(median(&last)),
            fmt((n as f64 - 1.0) / PACE * 1000.0),
            fmt(median(&rate)),
            fmt(median(&too_many)),
            fmt(median(&offsets)),
            fmt(unc)
        ));
        match n {
            1 => report.metric(
                FIG,
                "single prompt: lateness vs its local minute",
                "ms",
                first,
                Some(Target::Below(1000.0)),
            ),
            1000 => {
                report.metric(
                    FIG,
                    "1,000 prompts: first post after the minute",
                    "ms",
                    first,
                    Some(Target::Below(1000.0)),
                );
                report.metric(
                    FIG,
                    "1,000 prompts: last post after the minute",
                    "ms",
                    last,
                    Some(Target::Below(1000.0 / PACE * 1000.0)),
                );
                report.metric(
                    FIG,
                    "1,000 prompts: posted",
                    "",
                    posted,
                    Some(Target::Equals(1000.0)),
                );
                report.metric(
                    FIG,
                    "1,000 prompts: 429s",
                    "",
                    too_many,
                    Some(Target::Equals(0.0)),
                );
                report.metric(
                    FIG,
                    "1,000 prompts: early retries (before Retry-After)",
                    "",
                    results.iter().map(|r| r.early as f64).collect(),
                    Some(Target::Equals(0.0)),
                );
                report.metric(FIG, "1,000 prompts: throughput", "posts/s", rate, None);
                if let Some(r) = results.last() {
                    burst_series = Some(r.after_minute.clone());
                }
            }
            _ => {
                report.metric(
                    FIG,
                    format!("{n} prompts: last post after the minute"),
                    "ms",
                    last,
                    None,
                );
            }
        }
    }
    table.push_str("\nThe bot's clock offset against the fake is measured in every run (see `benches/loopback/prompts.rs`) and taken out of the figures; the window is how much earlier the bot may have read its clock, so lateness may be over-stated by up to that much, never under-stated.\n");
    report.section(table);
    if let Some(times) = burst_series {
        let posted: Vec<(f64, f64)> = times
            .iter()
            .enumerate()
            .step_by(10)
            .map(|(i, t)| (t / 1000.0, (i + 1) as f64))
            .collect();
        let end = times.last().copied().unwrap_or(0.0) / 1000.0;
        let chart = Chart {
            title: "1,000 prompts due at 09:00: posts over time".into(),
            x_label: "seconds after the minute".into(),
            y_label: "prompts posted".into(),
            log_x: false,
            log_y: false,
            series: vec![
                Series {
                    name: "45/s from 0 s (bound)".into(),
                    points: vec![
                        (0.0, 1.0),
                        (end.max(1000.0 / PACE), PACE * end.max(1000.0 / PACE)),
                    ],
                    color: "#bbbbbb",
                    markers: false,
                },
                Series {
                    name: "posted".into(),
                    points: posted,
                    color: "#1f77b4",
                    markers: false,
                },
            ],
            ref_lines: vec![RefLine {
                y: 1000.0,
                label: "all 1,000".into(),
                color: "#2ca02c",
            }],
            y_from_zero: true,
        };
        report.plot("prompts.svg", chart.render());
    }
}
