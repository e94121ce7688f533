//! Shards across processes (issue #14): 1, 2 and 4 bot processes share 16 shards of a bot in
//! 20,000 servers of the fake, over one fresh PostgreSQL database holding 200,000 daily prompt
//! reminders (10 per server); 1,000 of them, in servers spread over every shard, are due at
//! 09:00, the rest spread over the following day. With P processes, process k runs shards
//! `16/P * k ..= 16/P * (k + 1) - 1` of 16 (`DISCORD_SHARDS`) and paces at its share of the
//! global request rate.
//!
//! Measured per process count: each process's start-up (spawn to the lease of its last shard
//! taken, which needs that shard's READY; serenity starts a process's shards 5 s apart), its
//! resident memory once started and after the fires, and over all processes the lateness of the
//! 1,000 prompts after 09:00 (fake clock) and that each posted exactly once.
//!
//! Needs a PostgreSQL server where it may create databases: `STRETCHBOT_TEST_POSTGRES_URL`.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use stretchbot::store::PostgresStore;
use stretchbot::test_support::postgres::TestDatabase;

use crate::common::{bot_options, log_time, ms, nonce_of, poll, T};
use crate::copies::{connect, missing_server_message, server_url};
use crate::report::{Report, Target};
use crate::stats::{fmt, max, median, min, percentile};
use crate::sys;
use fake_discord::harness::BotProcess;
use fake_discord::{guild_id_on_shard, in_guild, FakeDiscord, FakeOptions, MessageSource};

const FIG: &str = "shards";
const SHARDS: u64 = 16;
const SERVERS: u64 = 20_000;
const REMINDERS: u64 = 200_000;
const DUE: usize = 1_000;
const PROCESSES: [u64; 3] = [1, 2, 4];
/// The fake's clock starts this long before 09:00: one process starts 16 shards 5 s apart.
const LEAD_SECS: i64 = 150;
/// Discord's global limit is 50/s; the processes together pace at about 45/s.
const PACE: f64 = 45.0;

fn minute() -> DateTime<Utc> {
    "2026-06-10T09:00:00Z".parse().expect("instant")
}

/// The servers, shard by shard in turn (so any prefix covers every shard evenly).
fn servers() -> Vec<u64> {
    let per_shard = SERVERS / SHARDS;
    (0..per_shard)
        .flat_map(|nth| (0..SHARDS).map(move |shard| guild_id_on_shard(shard, SHARDS, nth)))
        .collect()
}

/// Reminder k (0-based) is number k / SERVERS + 1 of server k % SERVERS, posting in its text
/// channel; the first DUE are due at 09:00, the others armed across the next day.
async fn seed(url: &str, servers: &[u64]) {
    let c = connect(url).await;
    let days = stretchbot::schedule::DaySet::EVERY_DAY.to_bits();
    let guilds: Vec<i64> = servers.iter().map(|&g| g as i64).collect();
    let channels: Vec<i64> = servers
        .iter()
        .map(|&g| in_guild(g, fake_discord::TEXT_CHANNEL) as i64)
        .collect();
    let sql = format!(
        "INSERT INTO reminders (id, guild_id, number, channel_id, channel_name, time_of_day, days,
             timezone, kind, routine_id, rev, created_at, updated_at, next_fire_at, next_fire_date)
         SELECT k + 1, g.guild, k / {SERVERS} + 1, g.channel, 'stretch',
             to_char(at AT TIME ZONE 'UTC', 'HH24:MI'), {days}, 'UTC', 'prompt', 'childs-pose', 1,
             TIMESTAMPTZ '2026-06-09T09:00:00Z', TIMESTAMPTZ '2026-06-09T09:00:00Z',
             at, (at AT TIME ZONE 'UTC')::date
         FROM (SELECT k, CASE WHEN k < {DUE} THEN TIMESTAMPTZ '2026-06-10T09:00:00Z'
                    ELSE TIMESTAMPTZ '2026-06-10T09:05:00Z' + make_interval(mins => (k % 1430)::int)
                    END AS at
               FROM generate_series(0, {REMINDERS} - 1) AS k) AS r
         JOIN (SELECT guild, channel, n - 1 AS i
               FROM unnest($1::bigint[], $2::bigint[]) WITH ORDINALITY AS t(guild, channel, n)) AS g
           ON g.i = r.k % {SERVERS}"
    );
    c.execute(&sql, &[&guilds, &channels])
        .await
        .expect("seed reminders");
    c.batch_execute(&format!(
        "INSERT INTO reminder_counters (guild_id, last_number)
             SELECT guild_id, max(number) FROM reminders GROUP BY guild_id;
         SELECT setval(pg_get_serial_sequence('reminders', 'id'), {REMINDERS} + 1, false);
         ANALYZE;"
    ))
    .await
    .expect("seed counters");
}

struct ShardsRun {
    processes: u64,
    /// Per process: spawn to its last shard's lease, seconds.
    startup_secs: Vec<f64>,
    rss_started: Vec<f64>,
    rss_after: Vec<f64>,
    fired: usize,
    missing: usize,
    doubled: usize,
    /// Milliseconds after 09:00 (fake clock), one per post.
    lateness: Vec<f64>,
    too_many: usize,
}

async fn one_run(processes: u64, servers: &[u64]) -> ShardsRun {
    let m = minute();
    let db = TestDatabase::create("loopback::shards")
        .await
        .expect("server URL checked");
    drop(PostgresStore::open(&db.url, 1).await.expect("migrate"));
    let t = Instant::now();
    seed(&db.url, servers).await;
    println!(
        "shards: seeded {REMINDERS} reminders in {:.1} s",
        t.elapsed().as_secs_f64()
    );
    let t = Instant::now();
    let fake = FakeDiscord::start_with(FakeOptions {
        clock_start: Some(m - chrono::Duration::seconds(LEAD_SECS)),
        recommended_shards: SHARDS,
        extra_guilds: servers.to_vec(),
        ..FakeOptions::default()
    })
    .await;
    println!(
        "shards: the fake holds {} servers ({:.1} s)",
        servers.len() + 1,
        t.elapsed().as_secs_f64()
    );
    let per = SHARDS / processes;
    let mut bots = vec![];
    let mut spawned = vec![];
    for k in 0..processes {
        let mut o = bot_options();
        o.label = Some(format!("p{k}"));
        o.test_clock = Some(fake.now_utc());
        o.env.extend([
            ("DATABASE_URL".into(), db.url.clone()),
            (
                "DISCORD_SHARDS".into(),
                format!("{}-{}/{SHARDS}", per * k, per * (k + 1) - 1),
            ),
        ]);
        spawned.push(Utc::now());
        bots.push(BotProcess::spawn(&fake, o));
    }
    // Each process's start-up ends with the lease of its last shard.
    let mut startup_secs = vec![];
    for (bot, at) in bots.iter().zip(&spawned) {
        let lines = poll(
            Duration::from_secs(LEAD_SECS as u64),
            Duration::from_millis(200),
            || {
                let taken: Vec<String> = bot
                    .logs()
                    .into_iter()
                    .filter(|l| l.contains("took the shard's lease"))
                    .collect();
                (taken.len() as u64 >= per).then_some(taken)
            },
        )
        .await
        .unwrap_or_else(|| panic!("a process did not own its {per} shards: {:#?}", bot.logs()));
        let last = lines
            .iter()
            .filter_map(|l| log_time(l))
            .max()
            .expect("time");
        startup_secs.push(ms(last - *at) / 1000.0);
    }
    assert!(
        fake.now_utc() < m - chrono::Duration::seconds(5),
        "start-up took too long: raise LEAD_SECS"
    );
    let pids: Vec<u32> = bots.iter().map(|b| b.pid().expect("pid")).collect();
    let rss = |pids: &[u32]| -> Vec<f64> {
        pids.iter()
            .filter_map(|p| sys::memory(*p).map(|m| m.rss_mib()))
            .collect()
    };
    let rss_started = rss(&pids);

    let left = m - fake.now_utc();
    let is_fire = |msg: &fake_discord::RecordedMessage| {
        msg.source == MessageSource::Channel && nonce_of(msg).starts_with('r')
    };
    let budget = left.to_std().unwrap_or_default() + Duration::from_secs_f64(DUE as f64 / PACE) + T;
    let _ = poll(budget, Duration::from_millis(200), || {
        (fake.with_state(|st| st.messages.iter().filter(|m| is_fire(m)).count()) >= DUE)
            .then_some(())
    })
    .await;
    tokio::time::sleep(Duration::from_secs(3)).await;
    let rss_after = rss(&pids);
    let fires: Vec<(String, DateTime<Utc>)> = fake.with_state(|st| {
        st.messages
            .iter()
            .filter(|m| is_fire(m))
            .map(|m| (nonce_of(m), m.timestamp))
            .collect()
    });
    let mut per_nonce: HashMap<String, usize> = HashMap::new();
    for (n, _) in &fires {
        *per_nonce.entry(n.clone()).or_default() += 1;
    }
    let missing = (1..=DUE)
        .filter(|i| !per_nonce.contains_key(&format!("r{i}-20260610")))
        .count();
    let doubled = per_nonce.values().filter(|&&c| c > 1).count();
    let run = ShardsRun {
        processes,
        startup_secs,
        rss_started,
        rss_after,
        fired: fires.len(),
        missing,
        doubled,
        lateness: fires.iter().map(|(_, t)| ms(*t - m)).collect(),
        too_many: fake.total_429(),
    };
    drop(bots);
    tokio::time::sleep(Duration::from_millis(500)).await;
    db.drop_now().await;
    run
}

pub async fn run(report: &mut Report, runs: usize) {
    if server_url().is_none() {
        eprintln!("{}", missing_server_message());
        std::process::exit(2)
    }
    let servers = servers();
    let mut results: Vec<ShardsRun> = vec![];
    for i in 0..runs {
        for &p in &PROCESSES {
            let r = one_run(p, &servers).await;
            println!(
                "shards run {} with {p} processes: start-up {:?} s; RSS started {:?}, after {:?} MiB; fired {} (missing {}, doubled {}); lateness p50 {} / p99 {} / max {} ms; {} 429s",
                i + 1,
                r.startup_secs.iter().map(|x| fmt(*x)).collect::<Vec<_>>(),
                r.rss_started.iter().map(|x| fmt(*x)).collect::<Vec<_>>(),
                r.rss_after.iter().map(|x| fmt(*x)).collect::<Vec<_>>(),
                r.fired,
                r.missing,
                r.doubled,
                fmt(percentile(&r.lateness, 50.0)),
                fmt(percentile(&r.lateness, 99.0)),
                fmt(max(&r.lateness)),
                r.too_many,
            );
            results.push(r);
        }
    }
    let mut table = format!(
        "#### Shards: 1, 2 and 4 processes over {SHARDS} shards, {SERVERS} servers, {REMINDERS} reminders, {DUE} due at 09:00 ({runs} runs; medians, then min-max over runs)\n\n| processes | shards each | start-up per process, s (slowest) | RSS per process once started, MiB (mean) | RSS after the fires, MiB (mean) | RSS of all processes, MiB | lateness p50, ms | lateness p99, ms | missing | doubled | 429s |\n|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n"
    );
    let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len().max(1) as f64;
    for &p in &PROCESSES {
        let rs: Vec<&ShardsRun> = results.iter().filter(|r| r.processes == p).collect();
        let col = |f: &dyn Fn(&ShardsRun) -> f64| {
            let v: Vec<f64> = rs.iter().map(|r| f(r)).collect();
            format!("{} ({}-{})", fmt(median(&v)), fmt(min(&v)), fmt(max(&v)))
        };
        table.push_str(&format!(
            "| {p} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |\n",
            SHARDS / p,
            col(&|r| max(&r.startup_secs)),
            col(&|r| mean(&r.rss_started)),
            col(&|r| mean(&r.rss_after)),
            col(&|r| r.rss_after.iter().sum::<f64>()),
            col(&|r| percentile(&r.lateness, 50.0)),
            col(&|r| percentile(&r.lateness, 99.0)),
            col(&|r| r.missing as f64),
            col(&|r| r.doubled as f64),
            col(&|r| r.too_many as f64),
        ));
        let v = |f: &dyn Fn(&ShardsRun) -> f64| rs.iter().map(|r| f(r)).collect::<Vec<f64>>();
        report.metric(
            FIG,
            format!("{p} processes: start-up of the slowest"),
            "s",
            v(&|r| max(&r.startup_secs)),
            None,
        );
        report.metric(
            FIG,
            format!("{p} processes: RSS per process after the fires"),
            "MiB",
            v(&|r| mean(&r.rss_after)),
            None,
        );
        report.metric(
            FIG,
            format!("{p} processes: prompt lateness p99"),
            "ms",
            v(&|r| percentile(&r.lateness, 99.0)),
            None,
        );
        report.metric(
            FIG,
            format!("{p} processes: fires missing or doubled"),
            "",
            v(&|r| (r.missing + r.doubled) as f64),
            Some(Target::Equals(0.0)),
        );
    }
    report.section(table);
}
