//! Interaction latency: INTERACTION_CREATE queued on the fake's socket -> the callback arriving at
//! the fake, for `/childspose` (an embed card with the 24 kB illustration attached, multipart) and
//! `/help` (one embed, JSON), sent open-loop at fixed rates.

use std::collections::HashMap;
use std::time::Duration;

use serde_json::json;

use crate::common::{bot_options, poll, T};
use crate::report::{Report, Target};
use crate::stats::{fmt, max, median, percentile};
use crate::svg::{Chart, RefLine, Series};
use crate::sys;
use fake_discord::harness::BotProcess;
use fake_discord::{FakeDiscord, ALICE_ID, GUILD_ID};

const FIG: &str = "latency";
/// Interactions per second. 50 and 200 are the issue's; the others show the growth.
const RATES: [f64; 4] = [25.0, 50.0, 100.0, 200.0];
/// Calls per rate, alternating /childspose and /help.
const CALLS: usize = 200;

pub(crate) struct Sample {
    pub command: &'static str,
    pub latency_ms: f64,
    pub accepted: bool,
    /// The parts of `latency_ms`: the fake queueing INTERACTION_CREATE until its socket took it,
    /// the bot (socket write to the callback's headers arriving), and the fake reading and
    /// judging the callback until it handled it. `None` when the write time is unknown.
    pub parts_ms: Option<[f64; 3]>,
}

/// Sends `n` commands at `rate`/s without waiting for answers; returns (interaction id, command)
/// and the worst lag of the sender behind its schedule.
pub(crate) async fn drive(
    fake: &FakeDiscord,
    rate: f64,
    n: usize,
) -> (Vec<(u64, &'static str)>, f64) {
    let start = tokio::time::Instant::now() + Duration::from_millis(20);
    let mut sent = Vec::with_capacity(n);
    let mut worst_lag = 0f64;
    for i in 0..n {
        let at = start + Duration::from_secs_f64(i as f64 / rate);
        tokio::time::sleep_until(at).await;
        worst_lag = worst_lag.max((tokio::time::Instant::now() - at).as_secs_f64() * 1000.0);
        let command = if i % 2 == 0 { "childspose" } else { "help" };
        let handle = fake.send_slash_command(ALICE_ID, command, json!({}));
        sent.push((handle.id, command));
    }
    (sent, worst_lag)
}

/// Waits until every interaction has a callback (or `timeout`); returns the first callback of each.
pub(crate) async fn collect(
    fake: &FakeDiscord,
    sent: &[(u64, &'static str)],
    timeout: Duration,
) -> Vec<Sample> {
    let want: HashMap<u64, &'static str> = sent.iter().copied().collect();
    let count = || {
        fake.with_state(|st| {
            let mut seen = std::collections::HashSet::new();
            for c in &st.callbacks {
                if want.contains_key(&c.interaction_id) {
                    seen.insert(c.interaction_id);
                }
            }
            seen.len()
        })
    };
    let _ = poll(timeout, Duration::from_millis(20), || {
        (count() == want.len()).then_some(())
    })
    .await;
    fake.with_state(|st| {
        let mut first: HashMap<u64, Sample> = HashMap::new();
        for c in &st.callbacks {
            if let Some(cmd) = want.get(&c.interaction_id) {
                first.entry(c.interaction_id).or_insert(Sample {
                    command: cmd,
                    latency_ms: c.latency.as_secs_f64() * 1000.0,
                    accepted: c.accepted(),
                    parts_ms: c.written_at.map(|w| {
                        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
                        let after_write = c.received_at.saturating_duration_since(w);
                        [
                            ms(c.latency.saturating_sub(after_write)),
                            ms(c.arrived_at.saturating_duration_since(w)),
                            ms(c.received_at.saturating_duration_since(c.arrived_at)),
                        ]
                    }),
                });
            }
        }
        first.into_values().collect()
    })
}

pub async fn run(report: &mut Report, runs: usize) {
    // Per rate: one value per run.
    let mut p50: HashMap<usize, Vec<f64>> = HashMap::new();
    let mut p99: HashMap<usize, Vec<f64>> = HashMap::new();
    let mut worst: HashMap<usize, Vec<f64>> = HashMap::new();
    let mut late: HashMap<usize, Vec<f64>> = HashMap::new();
    let mut missing: HashMap<usize, Vec<f64>> = HashMap::new();
    let mut by_cmd: HashMap<(usize, &'static str), Vec<f64>> = HashMap::new();
    let mut cpu_per_call = vec![];
    let mut lag = 0f64;
    for _ in 0..runs {
        let fake = FakeDiscord::start().await;
        let bot = BotProcess::spawn(&fake, bot_options());
        fake.wait_for_commands(Some(GUILD_ID), T).await;
        bot.wait_for_log("ready; commands registered", T).await;
        // Warm-up (not counted): connections, the image read, the allocator.
        let (warm, _) = drive(&fake, 10.0, 10).await;
        collect(&fake, &warm, T).await;
        tokio::time::sleep(Duration::from_millis(500)).await;
        for (ri, &rate) in RATES.iter().enumerate() {
            let pid = bot.pid().expect("pid");
            let cpu0 = sys::cpu_secs(pid).unwrap_or(f64::NAN);
            let (sent, worst_lag) = drive(&fake, rate, CALLS).await;
            lag = lag.max(worst_lag);
            let samples = collect(&fake, &sent, Duration::from_secs(60)).await;
            let cpu1 = sys::cpu_secs(pid).unwrap_or(f64::NAN);
            if rate == 50.0 {
                cpu_per_call.push((cpu1 - cpu0) * 1000.0 / CALLS as f64);
            }
            let lat: Vec<f64> = samples.iter().map(|s| s.latency_ms).collect();
            p50.entry(ri).or_default().push(percentile(&lat, 50.0));
            p99.entry(ri).or_default().push(percentile(&lat, 99.0));
            worst.entry(ri).or_default().push(max(&lat));
            late.entry(ri)
                .or_default()
                .push(samples.iter().filter(|s| !s.accepted).count() as f64);
            missing
                .entry(ri)
                .or_default()
                .push((CALLS - samples.len()) as f64);
            for cmd in ["childspose", "help"] {
                let l: Vec<f64> = samples
                    .iter()
                    .filter(|s| s.command == cmd)
                    .map(|s| s.latency_ms)
                    .collect();
                by_cmd
                    .entry((ri, cmd))
                    .or_default()
                    .push(percentile(&l, 50.0));
                by_cmd
                    .entry((
                        ri,
                        if cmd == "help" {
                            "help99"
                        } else {
                            "childspose99"
                        },
                    ))
                    .or_default()
                    .push(percentile(&l, 99.0));
            }
            // Let queued answers (and apologies for refused ones) drain before the next rate.
            tokio::time::sleep(Duration::from_secs(2)).await;
        }
        drop(bot);
    }
    for (ri, rate) in RATES.iter().enumerate() {
        let target = (*rate == 50.0 || *rate == 200.0).then_some(Target::Below(5.0));
        report.metric(FIG, format!("p50 @ {rate}/s"), "ms", p50[&ri].clone(), None);
        report.metric(
            FIG,
            format!("p99 @ {rate}/s"),
            "ms",
            p99[&ri].clone(),
            target,
        );
        report.metric(
            FIG,
            format!("max @ {rate}/s"),
            "ms",
            worst[&ri].clone(),
            None,
        );
        report.metric(
            FIG,
            format!("refused: past Discord's 3-s deadline @ {rate}/s (of {CALLS})"),
            "",
            late[&ri].clone(),
            (*rate == 50.0 || *rate == 200.0).then_some(Target::Equals(0.0)),
        );
        if missing[&ri].iter().any(|m| *m > 0.0) {
            report.metric(
                FIG,
                format!("no answer within 60 s @ {rate}/s"),
                "",
                missing[&ri].clone(),
                None,
            );
        }
    }
    report.metric(
        FIG,
        "bot CPU per interaction @ 50/s",
        "ms",
        cpu_per_call,
        None,
    );
    let mut table = String::from(
        "#### Interaction latency by command (median over runs of each run's percentile, ms)\n\n| rate | /childspose p50 | /childspose p99 | /help p50 | /help p99 |\n|---:|---:|---:|---:|---:|\n",
    );
    for (ri, rate) in RATES.iter().enumerate() {
        let g = |k: &'static str| fmt(median(&by_cmd[&(ri, k)]));
        table.push_str(&format!(
            "| {rate}/s | {} | {} | {} | {} |\n",
            g("childspose"),
            g("childspose99"),
            g("help"),
            g("help99")
        ));
    }
    table.push_str(&format!(
        "\n{CALLS} calls per rate and run, alternating /childspose and /help, sent open-loop; the sender was at most {lag:.1} ms behind its schedule.\n"
    ));
    report.section(table);
    let series = |name: &str, m: &HashMap<usize, Vec<f64>>, color| Series {
        name: name.into(),
        points: RATES
            .iter()
            .enumerate()
            .map(|(ri, r)| (*r, median(&m[&ri])))
            .collect(),
        color,
        markers: true,
    };
    let chart = Chart {
        title: "Interaction -> callback latency vs. rate".into(),
        x_label: "interactions per second (log)".into(),
        y_label: "latency, ms (log)".into(),
        log_x: true,
        log_y: true,
        series: vec![
            series("p50", &p50, "#1f77b4"),
            series("p99", &p99, "#d62728"),
            series("max", &worst, "#7f7f7f"),
        ],
        ref_lines: vec![
            RefLine {
                y: 5.0,
                label: "target p99 5 ms".into(),
                color: "#2ca02c",
            },
            RefLine {
                y: 3000.0,
                label: "Discord deadline 3 s".into(),
                color: "#ff7f0e",
            },
        ],
        y_from_zero: false,
    };
    report.plot("latency.svg", chart.render());
}
