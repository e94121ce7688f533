//! Past one gateway connection: the bot runs ranges of shards (`DISCORD_SHARDS`) in several
//! processes over one PostgreSQL database. The fake gives each server's events only to its
//! shard's connections (Discord's `(guild_id >> 22) % N`), so a process that acted for a server
//! it does not own, or ignored one it does, shows.

use std::collections::BTreeMap;
use std::time::Duration;

use serde_json::{json, Value};

use crate::reminders::{at, offset_secs, prompts};
use crate::sessions::answer;
use fake_discord::harness::{BotOptions, BotProcess};
use fake_discord::*;
use stretchbot::test_support::postgres::TestDatabase;

const T: Duration = Duration::from_secs(30);

/// Two servers on each of 4 shards: the standard one and seven more.
fn eight_servers() -> Vec<u64> {
    let standard = shard_of(GUILD_ID, 4);
    (0..4)
        .flat_map(|shard| {
            let extra = if shard == standard { 1 } else { 2 };
            (0..extra).map(move |nth| guild_id_on_shard(shard, 4, nth))
        })
        .collect()
}

/// Every server of the fake, by shard of 4.
fn by_shard(fake: &FakeDiscord) -> BTreeMap<u64, Vec<u64>> {
    let mut shards: BTreeMap<u64, Vec<u64>> = BTreeMap::new();
    for guild in fake.with_state(|st| st.guild_ids()) {
        shards.entry(shard_of(guild, 4)).or_default().push(guild);
    }
    shards
}

/// A process running `shards` on database `url`, commands registered globally (the servers
/// besides the standard one need them).
fn process(fake: &FakeDiscord, label: &str, shards: &str, url: &str) -> BotProcess {
    let mut opts = BotOptions {
        label: Some(label.into()),
        test_clock: Some(fake.now_utc()),
        ..crate::bot_options()
    };
    opts.env.extend([
        ("DATABASE_URL".into(), url.into()),
        ("DISCORD_SHARDS".into(), shards.into()),
        ("DISCORD_GUILD_ID".into(), "0".into()),
    ]);
    BotProcess::spawn(fake, opts)
}

/// `/childspose` in `guild`; returns the label of the process that answered, after checking
/// that exactly one did.
async fn childspose_in(fake: &FakeDiscord, guild: u64) -> String {
    let handle = fake.send_slash_command_in_guild(guild, ALICE_ID, "childspose", json!({}));
    let cb = handle.wait_callback(T).await;
    assert!(cb.accepted(), "in {guild}: {:?}", cb.error);
    tokio::time::sleep(Duration::from_millis(300)).await;
    let answers = fake
        .callbacks()
        .into_iter()
        .filter(|c| c.interaction_id == cb.interaction_id)
        .count();
    assert_eq!(answers, 1, "answered once in {guild}");
    cb.label
}

/// The labels of the processes that posted in `channel` (POST /channels/{id}/messages).
fn posters(fake: &FakeDiscord, channel: u64) -> Vec<String> {
    let path = format!("/channels/{channel}/messages");
    fake.requests()
        .into_iter()
        .filter(|r| r.method == "POST" && r.path == path && r.status == 200)
        .map(|r| r.label)
        .collect()
}

/// Whose shard a label runs: "a" 0-1, "b" 2-3.
fn runner_of(shard: u64) -> &'static str {
    if shard < 2 {
        "a"
    } else {
        "b"
    }
}

#[tokio::test]
async fn two_processes_of_two_shards_each_act_once_for_their_own_servers_through_a_kill_and_a_restart(
) {
    let Some(db) = TestDatabase::create("e2e::shards::two_processes").await else {
        return;
    };
    let fake = FakeDiscord::start_with(FakeOptions {
        clock_start: Some(at("2026-06-10T08:59:15Z")),
        recommended_shards: 4,
        extra_guilds: eight_servers()
            .into_iter()
            .filter(|g| *g != GUILD_ID)
            .collect(),
        ..FakeOptions::default()
    })
    .await;
    let servers = by_shard(&fake);
    assert_eq!(servers.values().map(Vec::len).collect::<Vec<_>>(), [2; 4]);

    let a = process(&fake, "a", "0-1/4", &db.url);
    let b = process(&fake, "b", "2-3/4", &db.url);
    fake.wait_for_commands(None, T).await;
    for bot in [&a, &b] {
        bot.wait_for_log("sessions restored", T).await;
    }
    // Each process took the leases of its two shards, and connected exactly those.
    let mut connected: Vec<(String, [u64; 2])> = fake
        .wait_for_sessions(4, T)
        .await
        .into_iter()
        .map(|s| (s.label, s.shard))
        .collect();
    connected.sort();
    assert_eq!(
        connected,
        [
            ("a".to_string(), [0, 4]),
            ("a".to_string(), [1, 4]),
            ("b".to_string(), [2, 4]),
            ("b".to_string(), [3, 4]),
        ]
    );
    // Wait for both shards of each process to be owned (the second shard connects 5 s later).
    for bot in [&a, &b] {
        wait_count(bot, "took the shard's lease", 2).await;
    }

    // Every server's command is answered once, by the process that runs its shard.
    for (shard, guilds) in &servers {
        for guild in guilds {
            assert_eq!(childspose_in(&fake, *guild).await, runner_of(*shard));
        }
    }

    // A daily prompt at 09:00 in one server of each shard.
    let first_of = |shard: u64| servers[&shard][0];
    for shard in 0..4 {
        let guild = first_of(shard);
        let channel = in_guild(guild, TEXT_CHANNEL);
        let handle = fake.send_slash_command_in_guild(
            guild,
            ADMIN_ID,
            "reminders add",
            json!({"time": "09:00", "timezone": "UTC", "channel": channel.to_string()}),
        );
        let (text, _) = answer(&handle).await;
        assert!(text.contains(" saved: "), "{text}");
    }
    let nine = at("2026-06-10T09:00:00Z");
    for shard in 0..4 {
        let channel = in_guild(first_of(shard), TEXT_CHANNEL);
        fake.wait_until("the prompt", Duration::from_secs(120), |st| {
            st.visible_messages(channel)
                .iter()
                .any(crate::reminders::is_prompt)
        })
        .await;
        let posted = prompts(&fake, channel);
        assert_eq!(posted.len(), 1, "shard {shard}: one prompt");
        let late = offset_secs(&posted[0], nine);
        assert!(
            (0.0..5.0).contains(&late),
            "shard {shard}: {late} s off 09:00"
        );
        assert_eq!(posters(&fake, channel), [runner_of(shard)]);
    }

    // Kill b: a's servers are unaffected.
    b.sigkill();
    b.wait_exit(T).await;
    for shard in [0, 1] {
        for guild in &servers[&shard] {
            assert_eq!(childspose_in(&fake, *guild).await, "a");
        }
    }

    // Restart b: once it holds its leases again (the dead one's end first), its servers answer
    // again, and nothing is posted twice.
    let b2 = process(&fake, "b2", "2-3/4", &db.url);
    wait_count(&b2, "took the shard's lease", 2).await;
    for shard in [2, 3] {
        for guild in &servers[&shard] {
            assert_eq!(childspose_in(&fake, *guild).await, "b2");
        }
    }
    tokio::time::sleep(Duration::from_secs(3)).await;
    for shard in 0..4 {
        let channel = in_guild(first_of(shard), TEXT_CHANNEL);
        assert_eq!(prompts(&fake, channel).len(), 1, "shard {shard}: still one");
    }
    let mut ids: Vec<u64> = fake.callbacks().iter().map(|c| c.interaction_id).collect();
    let total = ids.len();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), total, "no interaction answered twice");
    a.assert_no_unknown_events();
    b2.assert_no_unknown_events();
    db.drop_now().await;
}

/// Waits until `bot` logged `substr` `n` times.
async fn wait_count(bot: &BotProcess, substr: &str, n: usize) {
    let deadline = tokio::time::Instant::now() + T;
    while bot.count_log(substr) < n {
        assert!(
            tokio::time::Instant::now() < deadline,
            "{substr:?} logged {} times, not {n}: {:#?}",
            bot.count_log(substr),
            bot.logs()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn auto_opens_as_many_shards_as_discord_recommends_and_answers_on_each() {
    let other = guild_id_on_shard(1 - shard_of(GUILD_ID, 2), 2, 0);
    let fake = FakeDiscord::start_with(FakeOptions {
        recommended_shards: 2,
        extra_guilds: vec![other],
        ..FakeOptions::default()
    })
    .await;
    let port = free_port();
    let mut opts = crate::bot_options();
    opts.env.extend([
        ("DISCORD_GUILD_ID".into(), "0".into()),
        ("STRETCHBOT_HEALTH_ADDR".into(), format!("127.0.0.1:{port}")),
    ]);
    let bot = BotProcess::spawn(&fake, opts);
    let mut shards: Vec<[u64; 2]> = fake
        .wait_for_sessions(2, T)
        .await
        .into_iter()
        .map(|s| s.shard)
        .collect();
    shards.sort();
    assert_eq!(shards, [[0, 2], [1, 2]], "two connections, one per shard");
    wait_count(&bot, "took the shard's lease", 2).await;
    fake.wait_for_commands(None, T).await;
    for guild in [GUILD_ID, other] {
        childspose_in(&fake, guild).await;
    }

    // The health endpoint reports both shards, connected and owned, one server each.
    let health = health(port).await;
    assert_eq!(health.0, 200, "{}", health.1);
    let report = health.1;
    assert_eq!(report["healthy"], true);
    let shards = report["shards"].as_array().expect("shards");
    assert_eq!(shards.len(), 2, "{report}");
    for (id, shard) in shards.iter().enumerate() {
        assert_eq!(shard["id"], id, "{report}");
        assert_eq!(shard["count"], 2);
        assert_eq!(shard["connected"], true, "{report}");
        assert_eq!(shard["lease_held"], true, "{report}");
        assert_eq!(shard["servers"], 1, "{report}");
    }
    bot.sigterm();
    assert!(bot.wait_exit(T).await.success());
    bot.assert_no_unknown_events();
}

#[tokio::test]
async fn with_the_identify_budget_spent_the_bot_waits_instead_of_connecting() {
    let fake = FakeDiscord::start_with(FakeOptions {
        session_start_total: 1,
        ..FakeOptions::default()
    })
    .await;
    let mut opts = crate::bot_options();
    opts.env.push(("DISCORD_SHARDS".into(), "2".into()));
    let bot = BotProcess::spawn(&fake, opts);
    bot.wait_for_log("identify budget is spent", T).await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert_eq!(fake.identify_count(), 0, "no IDENTIFY burnt");
    bot.sigterm();
    assert!(
        bot.wait_exit(T).await.success(),
        "a clean stop while waiting"
    );
}

#[tokio::test]
async fn a_shard_value_it_cannot_read_stops_the_bot_with_one_line() {
    let fake = FakeDiscord::start().await;
    let mut opts = crate::bot_options();
    opts.env.push(("DISCORD_SHARDS".into(), "3-1/4".into()));
    let bot = BotProcess::spawn(&fake, opts);
    let status = bot.wait_exit(T).await;
    assert_eq!(status.code(), Some(1));
    let logs = bot.logs().join("\n");
    assert!(
        logs.contains("discord.shards") && logs.contains("after the last"),
        "{logs}"
    );
    assert_eq!(fake.identify_count(), 0);
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// `GET /health` on the bot: (status, JSON).
async fn health(port: u16) -> (u16, Value) {
    let response = reqwest::get(format!("http://127.0.0.1:{port}/health"))
        .await
        .expect("the health endpoint answers");
    let status = response.status().as_u16();
    (status, response.json().await.expect("JSON"))
}

#[tokio::test]
async fn a_connection_discord_refuses_as_too_big_is_not_retried_in_a_loop() {
    // Two servers on the one shard, where Discord would allow one: 4011, sharding required.
    // Short heartbeats: serenity restarts a shard whose heartbeat fails, so a refused shard
    // would be identified again at every interval.
    let fake = FakeDiscord::start_with(FakeOptions {
        max_guilds_per_shard: 1,
        extra_guilds: vec![guild_id_on_shard(0, 1, 0)],
        heartbeat_interval_ms: 1_000,
        ..FakeOptions::default()
    })
    .await;
    let port = free_port();
    let mut opts = crate::bot_options();
    opts.env.extend([
        ("DISCORD_SHARDS".into(), "1".into()),
        ("STRETCHBOT_HEALTH_ADDR".into(), format!("127.0.0.1:{port}")),
    ]);
    let bot = BotProcess::spawn(&fake, opts);
    bot.wait_for_log("Shard has too many guilds", T).await;
    // Within 30 s of its turn (serenity retries every 5 s here, at every failed heartbeat; with
    // Discord's 41 s heartbeat not at all before that).
    bot.wait_for_log("this shard was not ready in time", Duration::from_secs(45))
        .await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    let stopped_at = fake.identify_count();
    assert!(stopped_at <= 8, "{stopped_at} IDENTIFYs in 30 s");
    tokio::time::sleep(Duration::from_secs(10)).await;
    assert_eq!(
        fake.identify_count(),
        stopped_at,
        "no IDENTIFY once the shard was stopped"
    );
    let (status, report) = health(port).await;
    assert_eq!(status, 503, "{report}");
    assert_eq!(report["shards"][0]["connected"], false, "{report}");
    assert_eq!(report["shards"][0]["lease_held"], false, "{report}");
    bot.sigterm();
    assert!(bot.wait_exit(T).await.success());
}
