//! Personal nudges (issue #17): 10,000 people opted in, their windows all starting at 09:00
//! local, stored before the bot starts; the bot and the fake share a test clock that starts a
//! minute before 09:00, and the bot is in 100 servers.
//!
//! Measured: the time from the minute to the last nudge the fake received (against the target
//! `people / global rate + 1 s`), that each person got exactly one, interaction latency (the
//! latency figure's method: `/childspose` and `/help` open-loop at 50/s) while idle before the
//! minute and during the burst, and the bot's peak RSS.
//!
//! With DM channel ids kept (what the bot stores after a person's first nudge) a nudge is one
//! request; one more run, with fewer people whose DM channels are not yet kept, shows the first
//! nudge's cost of opening the channel (`POST /users/@me/channels`, then the message).
//!
//! The people are members of the fake's standard server (the fake looks DM recipients up there);
//! the 99 other servers are copies of it. Nudges do not depend on a server: they are per person.
//! Times are from the fake's 09:00; the bot read its clock a few ms after the fake handed it
//! over, so its own 09:00 is that much later and every lateness here is over-stated by that
//! much, never under-stated.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::time::Duration;

use chrono::{DateTime, Utc};
use stretchbot::ids::{ChannelId, UserId};
use stretchbot::schedule::DaySet;
use stretchbot::store::{NudgeRow, NudgeStore, SqliteStore};

use crate::common::{bot_options, ms, poll, T};
use crate::latency::{collect, drive};
use crate::report::{Report, Target};
use crate::stats::{fmt, max, median, percentile};
use crate::sys;
use fake_discord::harness::{BotOptions, BotProcess};
use fake_discord::{
    guild_id_on_shard, Channel, ChannelKind, FakeDiscord, FakeOptions, Member, MessageSource, User,
    GUILD_ID,
};

const FIG: &str = "nudges";
/// `discord.global_requests_per_sec` in `config/default.toml`.
const PACE: f64 = 45.0;
const PEOPLE: usize = 10_000;
/// People in the run whose DM channels are not kept yet (two requests each).
const PEOPLE_UNKEPT: usize = 2_000;
const SERVERS: u64 = 100;
/// Interactions per second while measuring latency, and how many per window.
const RATE: f64 = 50.0;
const CALLS: usize = 500;
/// The fake's clock starts this long before 09:00: start-up, then the idle latency window.
const LEAD_SECS: i64 = 60;
/// The latency window during the burst starts this long after 09:00.
const BURST_WINDOW_AFTER_SECS: u64 = 10;
/// Zones where 09:00 local is 09:00 UTC on 2026-06-10: the same local minute, three zone names.
const ZONES: [&str; 3] = ["UTC", "Africa/Abidjan", "Atlantic/Reykjavik"];
const FIRST_USER: u64 = 500_000_000_000_000_000;

struct NudgeRun {
    people: usize,
    kept: bool,
    /// Milliseconds after the fake's 09:00, one per nudge received, sorted.
    after_minute: Vec<f64>,
    /// Nudges each person got beyond one, summed; people who got none.
    doubles: usize,
    lost: usize,
    dm_opens: usize,
    too_many: usize,
    idle: Window,
    burst: Window,
    rss_before_mib: f64,
    peak_rss_mib: f64,
}

fn minute() -> DateTime<Utc> {
    "2026-06-10T09:00:00Z".parse().expect("instant")
}

fn user_id(i: usize) -> u64 {
    FIRST_USER + i as u64
}

/// Adds the people to the fake (members of the standard server) and, if `kept`, opens their DM
/// channels there; returns (user, DM channel) pairs.
fn add_people(fake: &FakeDiscord, n: usize, kept: bool) -> Vec<(u64, Option<u64>)> {
    let joined = fake.now_utc() - chrono::Duration::days(30);
    fake.with_state_mut(|st| {
        (0..n)
            .map(|i| {
                let id = user_id(i);
                st.world.members.push(Member {
                    user: User {
                        id,
                        username: format!("person{i}"),
                        global_name: Some(format!("Person {i}")),
                        discriminator: "0".into(),
                        bot: false,
                    },
                    roles: vec![],
                    nick: None,
                    joined_at: joined,
                    dms_closed: false,
                });
                let dm = kept.then(|| {
                    let cid = st.next_id();
                    st.world.channels.push(Channel {
                        id: cid,
                        kind: ChannelKind::Dm,
                        name: String::new(),
                        parent_id: None,
                        position: 0,
                        overwrites: vec![],
                        topic: None,
                        last_message_id: None,
                        recipient: Some(id),
                    });
                    cid
                });
                (id, dm)
            })
            .collect()
    })
}

/// Opted in through the Store (as `/nudges on` saves it): every 60 minutes from 09:00 to 17:00
/// local, every day, the first nudge due at 09:00.
async fn prefill(db: &Path, people: &[(u64, Option<u64>)]) {
    let m = minute();
    let store = SqliteStore::open(db).expect("store");
    for (i, (user, dm)) in people.iter().enumerate() {
        let row = NudgeRow {
            user_id: UserId::new(*user),
            enabled: true,
            every_minutes: 60,
            from_minute: 9 * 60,
            to_minute: 17 * 60,
            days: DaySet::EVERY_DAY.to_bits(),
            timezone: ZONES[i % ZONES.len()].into(),
            paused_until: None,
            next_at: Some(m),
            handled_through: Some(m - chrono::Duration::hours(1)),
            snooze_at: None,
            dm_channel_id: None,
            dms_closed: false,
            closed_notice: false,
            rotation: 0,
            rev: 0,
            updated_at: m - chrono::Duration::days(1),
        };
        store
            .save_nudge_settings(&row)
            .await
            .expect("save nudge settings");
        if let Some(dm) = dm {
            store
                .set_nudge_dm_channel(UserId::new(*user), ChannelId::new(*dm))
                .await
                .expect("keep DM channel");
        }
    }
}

/// Interaction latency in one window of `CALLS` interactions.
struct Window {
    p50: f64,
    p99: f64,
    /// The bot's part alone: INTERACTION_CREATE written to its socket until the callback's
    /// headers arrived (the rest is the fake queueing the event and judging the callback).
    bot_p99: f64,
    /// Interactions answered more than `SLOW_MS` after they were sent.
    slow: usize,
    /// Refused past Discord's deadline, or never answered.
    refused: usize,
}

/// What counts as a slow answer: twice the slowest p99 seen idle.
const SLOW_MS: f64 = 10.0;

/// Sends `CALLS` interactions at `RATE`/s and measures their answers.
async fn latency_window(fake: &FakeDiscord) -> Window {
    let (sent, _) = drive(fake, RATE, CALLS).await;
    let samples = collect(fake, &sent, Duration::from_secs(60)).await;
    let lat: Vec<f64> = samples.iter().map(|s| s.latency_ms).collect();
    let bot: Vec<f64> = samples
        .iter()
        .filter_map(|s| s.parts_ms.map(|[_, bot, _]| bot))
        .collect();
    Window {
        p50: percentile(&lat, 50.0),
        p99: percentile(&lat, 99.0),
        bot_p99: percentile(&bot, 99.0),
        slow: lat.iter().filter(|l| **l > SLOW_MS).count(),
        refused: samples.iter().filter(|s| !s.accepted).count() + (CALLS - samples.len()),
    }
}

/// (user, fake timestamp) of every nudge the fake received.
fn nudges_received(st: &fake_discord::State) -> Vec<(u64, DateTime<Utc>)> {
    let recipient: HashMap<u64, u64> = st
        .world
        .channels
        .iter()
        .filter(|c| c.kind == ChannelKind::Dm)
        .filter_map(|c| c.recipient.map(|u| (c.id, u)))
        .collect();
    st.messages
        .iter()
        .filter(|m| m.source == MessageSource::Channel && m.guild_id.is_none())
        .filter(|m| m.custom_ids().iter().any(|c| c.starts_with("nudge:")))
        .filter_map(|m| recipient.get(&m.channel_id).map(|u| (*u, m.timestamp)))
        .collect()
}

async fn one_run(n: usize, kept: bool) -> NudgeRun {
    let m = minute();
    let fake = FakeDiscord::start_with(FakeOptions {
        clock_start: Some(m - chrono::Duration::seconds(LEAD_SECS)),
        extra_guilds: (1..SERVERS)
            .map(|nth| guild_id_on_shard(0, 1, nth))
            .collect(),
        ..FakeOptions::default()
    })
    .await;
    let people = add_people(&fake, n, kept);
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("nudges.db");
    prefill(&db, &people).await;
    let mut opts: BotOptions = bot_options();
    opts.test_clock = Some(fake.now_utc());
    opts.env
        .push(("DATABASE_URL".into(), format!("sqlite:{}", db.display())));
    let bot = BotProcess::spawn(&fake, opts);
    fake.wait_for_commands(Some(GUILD_ID), T).await;
    bot.wait_for_log("nudge loop started", T).await;
    let pid = bot.pid().expect("pid");
    // Warm-up (not counted), then the idle window, all before 09:00.
    let (warm, _) = drive(&fake, 10.0, 10).await;
    collect(&fake, &warm, T).await;
    let idle = latency_window(&fake).await;
    let rss_before_mib = sys::memory(pid).map_or(f64::NAN, |m| m.rss_mib());
    assert!(
        fake.now_utc() < m,
        "start-up and the idle window took longer than the {LEAD_SECS}-s lead: raise it"
    );
    let until_window = (m + chrono::Duration::seconds(BURST_WINDOW_AFTER_SECS as i64)
        - fake.now_utc())
    .to_std()
    .unwrap_or_default();
    tokio::time::sleep(until_window).await;
    let burst = latency_window(&fake).await;
    let budget = Duration::from_secs_f64(2.0 * n as f64 / PACE) + T;
    let _ = poll(budget, Duration::from_millis(500), || {
        (fake.with_state(|st| nudges_received(st).len()) >= n).then_some(())
    })
    .await;
    // Anything doubled would come now.
    tokio::time::sleep(Duration::from_secs(3)).await;
    let peak_rss_mib = sys::memory(pid).map_or(f64::NAN, |m| m.hwm_mib());
    let (received, dm_opens) = fake.with_state(|st| {
        let opens = st
            .requests
            .iter()
            .filter(|r| r.method == "POST" && r.path == "/users/@me/channels")
            .count();
        (nudges_received(st), opens)
    });
    let mut per_person: HashMap<u64, usize> = HashMap::new();
    for (u, _) in &received {
        *per_person.entry(*u).or_default() += 1;
    }
    let seeded: HashSet<u64> = people.iter().map(|(u, _)| *u).collect();
    let doubles = per_person.values().map(|c| c.saturating_sub(1)).sum();
    let lost = seeded
        .iter()
        .filter(|u| !per_person.contains_key(u))
        .count();
    let mut after_minute: Vec<f64> = received.iter().map(|(_, t)| ms(*t - m)).collect();
    after_minute.sort_by(f64::total_cmp);
    let run = NudgeRun {
        people: n,
        kept,
        after_minute,
        doubles,
        lost,
        dm_opens,
        too_many: fake.total_429(),
        idle,
        burst,
        rss_before_mib,
        peak_rss_mib,
    };
    drop(bot);
    run
}

fn target_ms(n: usize) -> f64 {
    (n as f64 / PACE + 1.0) * 1000.0
}

pub async fn run(report: &mut Report, runs: usize) {
    let mut results = vec![];
    for _ in 0..runs {
        results.push(one_run(PEOPLE, true).await);
    }
    let unkept = one_run(PEOPLE_UNKEPT, false).await;
    let last = |r: &NudgeRun| r.after_minute.last().copied().unwrap_or(f64::NAN);
    let col = |f: &dyn Fn(&NudgeRun) -> f64| results.iter().map(f).collect::<Vec<f64>>();
    report.metric(
        FIG,
        "10,000 nudges (DM channels kept): last delivered after the minute",
        "ms",
        col(&last),
        Some(Target::Below(target_ms(PEOPLE))),
    );
    report.metric(
        FIG,
        "10,000 nudges: first delivered after the minute",
        "ms",
        col(&|r| r.after_minute.first().copied().unwrap_or(f64::NAN)),
        None,
    );
    report.metric(
        FIG,
        "10,000 nudges: doubles",
        "",
        col(&|r| r.doubles as f64),
        Some(Target::Equals(0.0)),
    );
    report.metric(
        FIG,
        "10,000 nudges: lost",
        "",
        col(&|r| r.lost as f64),
        Some(Target::Equals(0.0)),
    );
    report.metric(
        FIG,
        "10,000 nudges: 429s",
        "",
        col(&|r| r.too_many as f64),
        Some(Target::Equals(0.0)),
    );
    report.metric(
        FIG,
        format!("interaction p99 idle @ {RATE}/s"),
        "ms",
        col(&|r| r.idle.p99),
        None,
    );
    report.metric(
        FIG,
        format!("interaction p99 during the burst @ {RATE}/s"),
        "ms",
        col(&|r| r.burst.p99),
        Some(Target::Below(5.0)),
    );
    report.metric(
        FIG,
        "interaction p99, the bot's part (event written to callback arrived), idle",
        "ms",
        col(&|r| r.idle.bot_p99),
        None,
    );
    report.metric(
        FIG,
        "interaction p99, the bot's part, during the burst",
        "ms",
        col(&|r| r.burst.bot_p99),
        None,
    );
    report.metric(
        FIG,
        format!("interactions slower than {SLOW_MS} ms of {CALLS}, idle"),
        "",
        col(&|r| r.idle.slow as f64),
        None,
    );
    report.metric(
        FIG,
        format!("interactions slower than {SLOW_MS} ms of {CALLS}, during the burst"),
        "",
        col(&|r| r.burst.slow as f64),
        None,
    );
    report.metric(
        FIG,
        "bot peak RSS (10,000 people, 100 servers)",
        "MiB",
        col(&|r| r.peak_rss_mib),
        None,
    );
    let mut table = String::from("#### Nudges due at the same minute, per run\n\n| people | DM channels | last nudge after the minute, ms | target n/45 s + 1 s, ms | first, ms | nudges/s | received | doubles | lost | DM opens | 429s | interactions p50 / p99 (bot's part) idle, ms | p50 / p99 (bot's part) during the burst, ms | slower than 10 ms idle / burst | refused in the burst | RSS before the minute / peak, MiB |\n|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for r in results.iter().chain(std::iter::once(&unkept)) {
        let first = r.after_minute.first().copied().unwrap_or(f64::NAN);
        let span = (last(r) - first) / 1000.0;
        let rate = if span > 0.0 {
            (r.after_minute.len() as f64 - 1.0) / span
        } else {
            f64::NAN
        };
        table.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} / {} ({}) | {} / {} ({}) | {} / {} | {} | {} / {} |\n",
            r.people,
            if r.kept { "kept" } else { "opened on the first nudge" },
            fmt(last(r)),
            fmt(target_ms(r.people)),
            fmt(first),
            fmt(rate),
            r.after_minute.len(),
            r.doubles,
            r.lost,
            r.dm_opens,
            r.too_many,
            fmt(r.idle.p50),
            fmt(r.idle.p99),
            fmt(r.idle.bot_p99),
            fmt(r.burst.p50),
            fmt(r.burst.p99),
            fmt(r.burst.bot_p99),
            r.idle.slow,
            r.burst.slow,
            r.burst.refused,
            fmt(r.rss_before_mib),
            fmt(r.peak_rss_mib),
        ));
    }
    table.push_str(&format!(
        "\nInteractions: {CALLS} alternating /childspose and /help at {RATE}/s, idle before 09:00 and from {BURST_WINDOW_AFTER_SECS} s after it (during the burst). Median burst p99 over the kept runs: {} ms (worst {} ms).\n",
        fmt(median(&col(&|r| r.burst.p99))),
        fmt(max(&col(&|r| r.burst.p99)))
    ));
    report.section(table);
}
