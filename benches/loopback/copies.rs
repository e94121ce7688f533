//! Several copies on one PostgreSQL (issue #13): 4 bot processes share one fresh database that
//! holds 100,000 daily prompt reminders, 1,000 of them due at 09:00 (each in its own channel of
//! the fake's guild) and the rest spread over the following day. The copies start on a test clock
//! shortly before 09:00; one takes the shard's lease and fires, the others stand by.
//!
//! Measured: that each due fire was posted exactly once (messages and `POST .../messages`
//! requests at the fake, per reminder), the lateness of each post after 09:00 on the fake's
//! clock, and the database work per fire: statements (`pg_stat_statements`, when the server
//! preloads it) and transactions (`pg_stat_database`) counted at the server over the firing
//! window, less the copies' idle rate measured over a quiet window before 09:00. Also each
//! process's resident memory and its connections.
//!
//! `LOOPBACK_COPIES_KILL_SECS=10` runs the take-over variant: the owner is SIGKILLed that many
//! seconds before 09:00 (the idle window then ends 2 s before the kill), so a standby must take
//! the lease before it fires anything.
//!
//! Needs a PostgreSQL server where it may create databases: `STRETCHBOT_TEST_POSTGRES_URL`
//! (see `BENCHMARKS.md` for a throwaway one). Statements are counted only if the server runs
//! with `shared_preload_libraries=pg_stat_statements`.
//!
//! The bot's clock starts when each process reads `STRETCHBOT_TEST_CLOCK`, a few ms after the
//! fake computed it (the `prompts` figure measures 1-3 ms); lateness here is in seconds, so that
//! offset is not corrected.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use stretchbot::store::PostgresStore;
use stretchbot::test_support::postgres::{TestDatabase, TEST_POSTGRES_URL};
use tokio_postgres::{Client, NoTls};

use crate::common::{bot_options, ms, nonce_of, poll, T};
use crate::report::{Report, Target};
use crate::stats::{fmt, max, median, min, percentile};
use crate::sys;
use fake_discord::harness::{BotOptions, BotProcess};
use fake_discord::{FakeDiscord, FakeOptions, MessageSource, GUILD_ID};

const FIG: &str = "copies";
const COPIES: usize = 4;
const TOTAL: i64 = 100_000;
const DUE: usize = 1_000;
/// The fake's clock starts this long before 09:00: time for 4 start-ups and the idle window.
const LEAD_SECS: i64 = 60;
/// The quiet window, in seconds before 09:00 on the fake's clock.
const IDLE_FROM_SECS: i64 = 35;
const IDLE_TO_SECS: i64 = 5;
/// Discord's global limit is 50/s; the bot paces at about 45/s.
const PACE: f64 = 45.0;

fn minute() -> DateTime<Utc> {
    "2026-06-10T09:00:00Z".parse().expect("instant")
}

/// The server named by `STRETCHBOT_TEST_POSTGRES_URL`, or `None`.
pub fn server_url() -> Option<String> {
    std::env::var(TEST_POSTGRES_URL)
        .ok()
        .filter(|u| !u.trim().is_empty())
}

pub fn missing_server_message() -> String {
    format!(
        "the copies figure needs a PostgreSQL server where it may create databases: set \
         {TEST_POSTGRES_URL} (e.g. postgres://postgres@127.0.0.1:55440/postgres; BENCHMARKS.md \
         shows how to start a throwaway one)"
    )
}

pub async fn connect(url: &str) -> Client {
    let (client, connection) = tokio_postgres::connect(url, NoTls)
        .await
        .unwrap_or_else(|e| panic!("cannot connect to PostgreSQL: {e}"));
    tokio::spawn(connection);
    client
}

/// Seeds the reminders: ids 1..=1000 due at 09:00, one per channel in `channels`; the rest in
/// other servers (25 per server), armed for minutes after 09:05 across the next day.
async fn seed(url: &str, channels: &[u64]) {
    let c = connect(url).await;
    let days = stretchbot::schedule::DaySet::EVERY_DAY.to_bits();
    let due_channels: Vec<i64> = channels.iter().map(|&c| c as i64).collect();
    let common = "'UTC', 'prompt', 'childs-pose', 1, TIMESTAMPTZ '2026-06-09T09:00:00Z', TIMESTAMPTZ '2026-06-09T09:00:00Z'";
    let due = format!(
        "INSERT INTO reminders (id, guild_id, number, channel_id, channel_name, time_of_day, days,
             timezone, kind, routine_id, rev, created_at, updated_at, next_fire_at, next_fire_date)
         SELECT n, {GUILD_ID}, n, ch, 'stretch-' || ch, '09:00', {days}, {common},
             TIMESTAMPTZ '2026-06-10T09:00:00Z', DATE '2026-06-10'
         FROM unnest($1::bigint[]) WITH ORDINALITY AS t(ch, n)"
    );
    c.execute(&due, &[&due_channels]).await.expect("seed due");
    let rest = format!(
        "INSERT INTO reminders (id, guild_id, number, channel_id, channel_name, time_of_day, days,
             timezone, kind, routine_id, rev, created_at, updated_at, next_fire_at, next_fire_date)
         SELECT g, 6000000000000000000 + g / 25, g, 7000000000000000000 + g, 'stretch', 
             to_char(at AT TIME ZONE 'UTC', 'HH24:MI'), {days}, {common},
             at, (at AT TIME ZONE 'UTC')::date
         FROM (SELECT g, TIMESTAMPTZ '2026-06-10T09:00:00Z' + make_interval(mins => 5 + (g % 1430)::int) AS at
               FROM generate_series({}, {TOTAL}) AS g) AS s",
        DUE + 1
    );
    c.execute(&rest, &[]).await.expect("seed the rest");
    c.batch_execute(&format!(
        "INSERT INTO reminder_counters (guild_id, last_number) VALUES ({GUILD_ID}, {DUE});
         SELECT setval(pg_get_serial_sequence('reminders', 'id'), {TOTAL} + 1, false);
         ANALYZE;"
    ))
    .await
    .expect("seed counters");
}

/// Server-side counters of one database: (statements, transactions).
async fn counters(admin: &Client, db: &str, statements: bool) -> (f64, f64) {
    let xacts: f64 = admin
        .query_one(
            "SELECT (xact_commit + xact_rollback)::float8 FROM pg_stat_database WHERE datname = $1",
            &[&db],
        )
        .await
        .expect("pg_stat_database")
        .get(0);
    let stmts = if statements {
        admin
            .query_one(
                "SELECT COALESCE(sum(calls), 0)::float8 FROM pg_stat_statements
                 WHERE dbid = (SELECT oid FROM pg_database WHERE datname = $1)",
                &[&db],
            )
            .await
            .expect("pg_stat_statements")
            .get(0)
    } else {
        f64::NAN
    };
    (stmts, xacts)
}

struct CopiesRun {
    fired: usize,
    missing: usize,
    doubled: usize,
    unexpected: usize,
    /// Successful `POST /channels/{due}/messages` requests, and which labels sent them.
    posts: usize,
    posters: Vec<String>,
    /// Milliseconds after 09:00 (fake clock), one per post.
    lateness: Vec<f64>,
    idle_stmts_per_s: f64,
    idle_xacts_per_s: f64,
    stmts_per_fire: f64,
    xacts_per_fire: f64,
    window_secs: f64,
    rss_owner: f64,
    rss_standby: Vec<f64>,
    connections: i64,
    too_many: usize,
}

/// Waits until the fake's clock reaches `t`.
async fn until(fake: &FakeDiscord, t: DateTime<Utc>) {
    let left = t - fake.now_utc();
    if let Ok(d) = left.to_std() {
        tokio::time::sleep(d).await;
    }
}

/// `LOOPBACK_COPIES_KILL_SECS`: kill the owner this many seconds before 09:00.
fn kill_secs() -> Option<i64> {
    std::env::var("LOOPBACK_COPIES_KILL_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
}

async fn one_run(server: &str, statements: bool) -> CopiesRun {
    let kill = kill_secs();
    let idle_to = kill.map_or(IDLE_TO_SECS, |k| k + 2);
    let m = minute();
    let db = TestDatabase::create("loopback::copies")
        .await
        .expect("server URL checked");
    // Migrate through the store, as the bot would.
    drop(PostgresStore::open(&db.url, 1).await.expect("migrate"));
    let fake = FakeDiscord::start_with(FakeOptions {
        clock_start: Some(m - chrono::Duration::seconds(LEAD_SECS)),
        ..FakeOptions::default()
    })
    .await;
    let channels: Vec<u64> = (0..DUE)
        .map(|i| fake.create_text_channel(&format!("stretch-{i}")))
        .collect();
    let t = Instant::now();
    seed(&db.url, &channels).await;
    println!(
        "copies: seeded {TOTAL} reminders in {:.1} s",
        t.elapsed().as_secs_f64()
    );
    assert!(
        fake.now_utc() < m - chrono::Duration::seconds(IDLE_FROM_SECS + 15),
        "seeding took too long: raise LEAD_SECS"
    );

    let labels = ["a", "b", "c", "d"];
    let opts = |label: &str| -> BotOptions {
        let mut o = bot_options();
        o.label = Some(label.into());
        o.test_clock = Some(fake.now_utc());
        o.env.push(("DATABASE_URL".into(), db.url.clone()));
        o
    };
    let mut bots = vec![BotProcess::spawn(&fake, opts(labels[0]))];
    fake.wait_for_commands(Some(GUILD_ID), T).await;
    bots[0].wait_for_log("took the shard's lease", T).await;
    for label in &labels[1..COPIES] {
        bots.push(BotProcess::spawn(&fake, opts(label)));
    }
    for bot in &bots[1..] {
        bot.wait_for_log("standing by", T).await;
    }
    assert!(
        fake.now_utc() < m - chrono::Duration::seconds(IDLE_FROM_SECS),
        "start-up took too long: raise LEAD_SECS"
    );

    let admin = connect(server).await;
    until(&fake, m - chrono::Duration::seconds(IDLE_FROM_SECS)).await;
    let (s0, x0, t0) = {
        let (s, x) = counters(&admin, &db.name, statements).await;
        (s, x, Instant::now())
    };
    until(&fake, m - chrono::Duration::seconds(idle_to)).await;
    let (s1, x1, t1) = {
        let (s, x) = counters(&admin, &db.name, statements).await;
        (s, x, Instant::now())
    };
    let idle_secs = (t1 - t0).as_secs_f64();
    if let Some(k) = kill {
        until(&fake, m - chrono::Duration::seconds(k)).await;
        bots[0].sigkill();
        println!("copies: killed the owner {k} s before 09:00");
    }
    let idle_stmts_per_s = (s1 - s0) / idle_secs;
    let idle_xacts_per_s = (x1 - x0) / idle_secs;

    let is_fire = |msg: &fake_discord::RecordedMessage| {
        msg.source == MessageSource::Channel && nonce_of(msg).starts_with('r')
    };
    let budget = Duration::from_secs_f64(idle_to as f64 + DUE as f64 / PACE) + T;
    let _ = poll(budget, Duration::from_millis(100), || {
        (fake.with_state(|st| st.messages.iter().filter(|m| is_fire(m)).count()) >= DUE)
            .then_some(())
    })
    .await;
    // The last fire's bookkeeping, and PostgreSQL's statistics (flushed about once a second).
    tokio::time::sleep(Duration::from_secs(3)).await;
    let (s2, x2) = counters(&admin, &db.name, statements).await;
    let window_secs = t1.elapsed().as_secs_f64();

    let (fires, post_reqs) = fake.with_state(|st| {
        let fires: Vec<(String, DateTime<Utc>)> = st
            .messages
            .iter()
            .filter(|m| is_fire(m))
            .map(|m| (nonce_of(m), m.timestamp))
            .collect();
        let posts: Vec<(String, String)> = st
            .requests
            .iter()
            .filter(|r| {
                r.method == "POST"
                    && r.route == "POST /channels/{channel_id}/messages"
                    && (200..300).contains(&r.status)
            })
            .map(|r| (r.path.clone(), r.label.clone()))
            .collect();
        (fires, posts)
    });
    let due_paths: Vec<String> = channels
        .iter()
        .map(|c| format!("/channels/{c}/messages"))
        .collect();
    let mut posters: Vec<String> = post_reqs
        .iter()
        .filter(|(p, _)| due_paths.contains(p))
        .map(|(_, l)| l.clone())
        .collect();
    let posts = posters.len();
    posters.sort();
    posters.dedup();
    let mut per_nonce: HashMap<String, usize> = HashMap::new();
    for (n, _) in &fires {
        *per_nonce.entry(n.clone()).or_default() += 1;
    }
    let expected: Vec<String> = (1..=DUE).map(|i| format!("r{i}-20260610")).collect();
    let missing = expected
        .iter()
        .filter(|n| !per_nonce.contains_key(*n))
        .count();
    let doubled = per_nonce.values().filter(|&&c| c > 1).count();
    let unexpected = per_nonce.keys().filter(|n| !expected.contains(n)).count();
    let lateness: Vec<f64> = fires.iter().map(|(_, t)| ms(*t - m)).collect();
    let fired = fires.len();

    let pids: Vec<u32> = bots.iter().map(|b| b.pid().expect("pid")).collect();
    // The owner is the copy that posted (after a kill, a former standby).
    let owner = labels
        .iter()
        .position(|l| posters.first().is_some_and(|p| p == l))
        .unwrap_or(0);
    let rss_of = |i: usize| sys::memory(pids[i]).map(|m| m.rss_mib());
    let rss_owner = rss_of(owner).unwrap_or(f64::NAN);
    let rss_standby: Vec<f64> = (0..COPIES)
        .filter(|&i| i != owner)
        .filter_map(rss_of)
        .collect();
    let connections: i64 = admin
        .query_one(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = $1",
            &[&db.name],
        )
        .await
        .expect("pg_stat_activity")
        .get(0);
    let too_many = fake.total_429();
    let net = |d: f64, idle: f64| (d - idle * window_secs) / fired.max(1) as f64;
    let run = CopiesRun {
        fired,
        missing,
        doubled,
        unexpected,
        posts,
        posters,
        lateness,
        idle_stmts_per_s,
        idle_xacts_per_s,
        stmts_per_fire: net(s2 - s1, idle_stmts_per_s),
        xacts_per_fire: net(x2 - x1, idle_xacts_per_s),
        window_secs,
        rss_owner,
        rss_standby,
        connections,
        too_many,
    };
    drop(bots);
    drop(admin);
    tokio::time::sleep(Duration::from_millis(500)).await;
    db.drop_now().await;
    run
}

pub async fn run(report: &mut Report, runs: usize) {
    let server = server_url().unwrap_or_else(|| {
        eprintln!("{}", missing_server_message());
        std::process::exit(2)
    });
    // Statements are counted only where the server preloads pg_stat_statements.
    let admin = connect(&server).await;
    let statements = admin
        .batch_execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements")
        .await
        .is_ok()
        && admin
            .batch_execute("SELECT 1 FROM pg_stat_statements LIMIT 1")
            .await
            .is_ok();
    if !statements {
        println!("copies: pg_stat_statements is not loaded; counting transactions only");
    }
    drop(admin);
    let mut results = vec![];
    for i in 0..runs {
        let r = one_run(&server, statements).await;
        println!(
            "copies run {}: fired {} (missing {}, doubled {}, unexpected {}), POSTs {} by {:?}; lateness first {} / p50 {} / p99 {} / max {} ms; idle {} stmts/s, {} xacts/s; per fire {} stmts, {} xacts (window {} s); RSS owner {} MiB, standbys {:?} MiB; {} connections; {} 429s",
            i + 1,
            r.fired,
            r.missing,
            r.doubled,
            r.unexpected,
            r.posts,
            r.posters,
            fmt(min(&r.lateness)),
            fmt(percentile(&r.lateness, 50.0)),
            fmt(percentile(&r.lateness, 99.0)),
            fmt(max(&r.lateness)),
            fmt(r.idle_stmts_per_s),
            fmt(r.idle_xacts_per_s),
            fmt(r.stmts_per_fire),
            fmt(r.xacts_per_fire),
            fmt(r.window_secs),
            fmt(r.rss_owner),
            r.rss_standby.iter().map(|x| fmt(*x)).collect::<Vec<_>>(),
            r.connections,
            r.too_many,
        );
        results.push(r);
    }
    let get = |f: &dyn Fn(&CopiesRun) -> f64| results.iter().map(f).collect::<Vec<f64>>();
    let mut table = format!(
        "#### Copies: {COPIES} processes on one PostgreSQL, {TOTAL} reminders, {DUE} due at 09:00 ({} runs{})\n\n| metric | median | min | max |\n|---|---:|---:|---:|\n",
        results.len(),
        kill_secs().map_or(String::new(), |k| format!("; owner SIGKILLed {k} s before"))
    );
    let rows: [(&str, Vec<f64>); 14] = [
        ("fires posted", get(&|r| r.fired as f64)),
        ("missing", get(&|r| r.missing as f64)),
        ("doubled", get(&|r| r.doubled as f64)),
        ("successful POSTs to due channels", get(&|r| r.posts as f64)),
        ("first post after 09:00, ms", get(&|r| min(&r.lateness))),
        ("lateness p50, ms", get(&|r| percentile(&r.lateness, 50.0))),
        ("lateness p99, ms", get(&|r| percentile(&r.lateness, 99.0))),
        ("lateness max, ms", get(&|r| max(&r.lateness))),
        (
            "statements per fire (idle subtracted)",
            get(&|r| r.stmts_per_fire),
        ),
        (
            "transactions per fire (idle subtracted)",
            get(&|r| r.xacts_per_fire),
        ),
        (
            "idle statements/s, 4 processes",
            get(&|r| r.idle_stmts_per_s),
        ),
        (
            "idle transactions/s, 4 processes",
            get(&|r| r.idle_xacts_per_s),
        ),
        ("RSS owner, MiB", get(&|r| r.rss_owner)),
        (
            "RSS standby (mean of those running), MiB",
            get(&|r| r.rss_standby.iter().sum::<f64>() / r.rss_standby.len().max(1) as f64),
        ),
    ];
    for (name, v) in &rows {
        table.push_str(&format!(
            "| {name} | {} | {} | {} |\n",
            fmt(median(v)),
            fmt(min(v)),
            fmt(max(v))
        ));
    }
    table.push_str(&format!(
        "\nConnections to the database at the end: {:?} (per run). 429s: {:?}.\n",
        results.iter().map(|r| r.connections).collect::<Vec<_>>(),
        results.iter().map(|r| r.too_many).collect::<Vec<_>>()
    ));
    report.section(table);
    report.metric(
        FIG,
        "4 copies, 1,000 due: fires missing",
        "",
        get(&|r| r.missing as f64),
        Some(Target::Equals(0.0)),
    );
    report.metric(
        FIG,
        "4 copies, 1,000 due: fires doubled",
        "",
        get(&|r| r.doubled as f64),
        Some(Target::Equals(0.0)),
    );
    report.metric(
        FIG,
        "4 copies, 1,000 due: lateness p50",
        "ms",
        get(&|r| percentile(&r.lateness, 50.0)),
        None,
    );
    report.metric(
        FIG,
        "4 copies, 1,000 due: lateness p99",
        "ms",
        get(&|r| percentile(&r.lateness, 99.0)),
        None,
    );
    report.metric(
        FIG,
        "4 copies: database statements per fire",
        "",
        get(&|r| r.stmts_per_fire),
        None,
    );
}
