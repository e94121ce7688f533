//! Footprint: release binary size, and the bot's resident memory once it is connected and idle.

use std::time::Duration;

use chrono::Utc;

use crate::common::{bot_options, bot_program, log_time, ms, T};
use crate::report::{Report, Target};
use crate::sys;
use fake_discord::harness::BotProcess;
use fake_discord::{FakeDiscord, GUILD_ID};

const FIG: &str = "footprint";

pub async fn run(report: &mut Report, runs: usize) {
    let size = std::fs::metadata(bot_program()).map_or(f64::NAN, |m| m.len() as f64);
    report.metric(
        FIG,
        "release binary size",
        "MB",
        vec![size / 1e6],
        Some(Target::Below(25.0)),
    );
    let (mut rss, mut hwm, mut ready, mut threads) = (vec![], vec![], vec![], vec![]);
    for _ in 0..runs {
        let fake = FakeDiscord::start().await;
        let spawned = Utc::now();
        let bot = BotProcess::spawn(&fake, bot_options());
        let line = bot.wait_for_log("ready; commands registered", T).await;
        fake.wait_for_commands(Some(GUILD_ID), T).await;
        ready.push(log_time(&line).map_or(f64::NAN, |t| ms(t - spawned)));
        // Settled: the gateway is up, commands are registered, nothing is due.
        tokio::time::sleep(Duration::from_secs(2)).await;
        let mem = sys::memory(bot.pid().expect("pid")).unwrap_or_default();
        rss.push(mem.rss_mib());
        hwm.push(mem.hwm_mib());
        threads.push(mem.threads as f64);
    }
    report.metric(
        FIG,
        "idle resident memory after READY (VmRSS)",
        "MiB",
        rss,
        Some(Target::Below(30.0)),
    );
    report.metric(FIG, "peak resident memory so far (VmHWM)", "MiB", hwm, None);
    report.metric(FIG, "threads", "", threads, None);
    report.metric(
        FIG,
        "spawn -> READY + commands registered",
        "ms",
        ready,
        None,
    );
}
