//! Fault-proofing the reminders and sessions end to end: rate limits during a fan-out, a
//! Retry-After nobody should wait out, SIGTERM in the middle of a fire, SIGKILL at random
//! moments, pings smuggled into a custom message, the per-server cap, and removal from a server.
//!
//! The SIGKILL loop logs its seed; replay one run with
//!
//! ```text
//! STRETCHBOT_KILL_SEED=<seed> cargo test --test e2e resilience::sigkill -- --nocapture
//! ```
//!
//! and change the number of kills (default 20) with `STRETCHBOT_KILLS=<n>`.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Duration, Instant};

use rand::{Rng, SeedableRng};
use serde_json::json;
use stretchbot::ids::GuildId;
use stretchbot::store::{SqliteStore, Store};

use crate::bot_options;
use crate::reminders::{
    add, admin, assert_one_sentence, at, fire_posts, is_prompt, list, list_text, listed, nonce_of,
    offset_secs, prompts, quiet, restart_at, set_clock, spawn_on_db, start_at, T,
};
use crate::sessions::{answer, FastPack};
use fake_discord::harness::{BotOptions, BotProcess};
use fake_discord::perms::MENTION_EVERYONE;
use fake_discord::*;

const MESSAGE_CREATE: &str = "POST /channels/{channel_id}/messages";

/// A config file with `body`, kept alive with the returned directory.
fn config_file(body: &str) -> (tempfile::TempDir, BotOptions) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("test.toml");
    std::fs::write(&path, body).unwrap();
    let opts = BotOptions {
        args: vec!["--config".into(), path.display().to_string()],
        ..bot_options()
    };
    (dir, opts)
}

/// `n` new text channels (their CHANNEL_CREATE reaches the bot's cache before they are used).
async fn new_channels(fake: &FakeDiscord, n: usize) -> Vec<u64> {
    let channels = (0..n)
        .map(|i| fake.create_text_channel(&format!("team-{i:02}")))
        .collect();
    tokio::time::sleep(Duration::from_millis(300)).await;
    channels
}

/// Real time until the fake's clock reads `instant`.
fn until(fake: &FakeDiscord, instant: &str) -> Duration {
    (at(instant) - fake.now_utc()).to_std().unwrap_or_default()
}

fn is_message_create(method: &str, path: &str) -> bool {
    method == "POST" && path.starts_with("/channels/") && path.ends_with("/messages")
}

/// The most requests the fake saw in any 1-second window.
fn max_per_second(requests: &[RequestRecord]) -> usize {
    let mut times: Vec<Instant> = requests.iter().map(|r| r.at).collect();
    times.sort_unstable();
    let mut best = 0;
    let mut start = 0;
    for end in 0..times.len() {
        while times[end].duration_since(times[start]) >= Duration::from_secs(1) {
            start += 1;
        }
        best = best.max(end - start + 1);
    }
    best
}

/// Posts grouped by nonce; panics if any nonce was posted twice.
#[track_caller]
fn assert_no_nonce_twice(messages: &[RecordedMessage], context: &str) {
    let mut by_nonce: BTreeMap<String, Vec<u64>> = BTreeMap::new();
    for m in messages {
        let n = nonce_of(m);
        if !n.is_empty() {
            by_nonce.entry(n).or_default().push(m.id);
        }
    }
    let twice: Vec<_> = by_nonce.iter().filter(|(_, ids)| ids.len() > 1).collect();
    assert!(twice.is_empty(), "{context}: posted twice: {twice:?}");
}

fn channel_posts(fake: &FakeDiscord) -> Vec<RecordedMessage> {
    fake.all_messages()
        .into_iter()
        .filter(|m| m.source == MessageSource::Channel && !m.is_deleted())
        .collect()
}

// ----- 10 --------------------------------------------------------------------------------------

/// 30 prompts in 30 channels due at 09:00; the first create meets a global 429 (1 s) and three
/// channels a route 429 (0.5 s). Checks that every channel gets exactly one prompt with no
/// burst afterwards; returns the requests sent before a Retry-After had passed.
async fn fan_out_under_429s() -> Vec<RequestRecord> {
    let (_cfg, opts) = config_file("[reminders]\nmax_per_server = 40\n");
    let (fake, bot) = start_at(at("2026-06-10T08:59:30Z"), opts).await;
    let channels = new_channels(&fake, 30).await;
    for c in &channels {
        add(&fake, json!({"time": "09:00", "channel": c.to_string()})).await;
    }
    assert!(
        fake.now_utc() < at("2026-06-10T08:59:58Z"),
        "set up before 09:00 ({})",
        fake.now_utc()
    );
    fake.inject(
        RouteMatcher::custom(is_message_create),
        Fault::RateLimit {
            retry_after_secs: 1.0,
            global: true,
        },
        1,
    );
    for c in [channels[4], channels[15], channels[27]] {
        fake.inject(
            RouteMatcher::message_create(c),
            Fault::RateLimit {
                retry_after_secs: 0.5,
                global: false,
            },
            1,
        );
    }
    let fire_start = Instant::now() + until(&fake, "2026-06-10T09:00:00Z");
    fake.wait_until(
        "a prompt in all 30 channels",
        until(&fake, "2026-06-10T09:00:00Z") + T,
        |st| {
            channels
                .iter()
                .all(|c| st.visible_messages(*c).iter().any(is_prompt))
        },
    )
    .await;
    let all_in = fire_start.elapsed();
    quiet(3).await;
    for c in &channels {
        assert_eq!(
            prompts(&fake, *c).len(),
            1,
            "channel {c}: exactly one prompt"
        );
    }
    let requests: Vec<RequestRecord> = fake
        .requests()
        .into_iter()
        .filter(|r| r.at >= fire_start - Duration::from_secs(1))
        .collect();
    let peak = max_per_second(&requests);
    let creates = requests
        .iter()
        .filter(|r| r.route == MESSAGE_CREATE)
        .count();
    let early = fake.early_retries();
    eprintln!(
        "fan-out: 30 prompts in {all_in:?}; {creates} creates, {} injected 429s, {} 429s in all \
         ({} of them early retries), peak {peak} requests in 1 s",
        fake.count_429(RateLimitKind::Injected),
        fake.total_429(),
        early.len()
    );
    assert!(fake.fault_hits() >= 4, "all four 429s were served");
    assert!(peak <= 50, "a burst of {peak} requests in one second");
    assert_eq!(
        fake.count_429(RateLimitKind::Global),
        0,
        "never over Discord's global limit"
    );
    bot.assert_no_unknown_events();
    fake.assert_healthy();
    early
}

#[tokio::test]
async fn rate_limits_during_a_fan_out_of_30_prompts_lose_nothing_and_cause_no_burst() {
    fan_out_under_429s().await;
}

/// Posts that had already taken a pacing slot when a global 429 arrived must still wait for
/// its Retry-After: the sender checks the limits again after its pacing sleep.
#[tokio::test]
async fn no_request_goes_out_before_a_429s_retry_after_during_a_fan_out() {
    let early = fan_out_under_429s().await;
    assert!(
        early.is_empty(),
        "requests before Retry-After had passed: {:#?}",
        early
            .iter()
            .map(|r| format!("{} {} ({:?})", r.method, r.path, r.rate_limited))
            .collect::<Vec<_>>()
    );
}

// ----- 11 --------------------------------------------------------------------------------------

/// Timeline event index of a session message (`s{id}-{index}`).
fn event_index(m: &RecordedMessage) -> Option<usize> {
    nonce_of(m)
        .strip_prefix('s')
        .and_then(|n| n.rsplit_once('-'))
        .and_then(|(_, i)| i.parse().ok())
}

/// Planned offsets of the fast pack's 2-set session (see sessions.rs): one event every 2 s.
const PLAN_SECS: [u64; 12] = [0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22];
const LAST: usize = PLAN_SECS.len() - 1;

/// Starts a fast session (lobby 0) and returns (fake, bot, pack, first step's arrival).
async fn fast_session(config: &str) -> (FakeDiscord, BotProcess, FastPack, Instant) {
    let pack = FastPack::new();
    let path = pack.dir.path().join("fast.toml");
    let mut body = std::fs::read_to_string(&path).unwrap();
    body.push_str(config);
    std::fs::write(&path, body).unwrap();
    let fake = FakeDiscord::start().await;
    let bot = BotProcess::spawn(&fake, pack.options());
    fake.wait_for_commands(Some(GUILD_ID), T).await;
    let (text, _) = answer(&fake.send_slash_command(
        ALICE_ID,
        "stretch start",
        json!({"lobby": 0, "sets": 2, "hold": 4}),
    ))
    .await;
    assert!(!text.is_empty());
    let start = fake
        .wait_for("the session's first step", T, |st| {
            st.visible_messages(TEXT_CHANNEL)
                .into_iter()
                .find(|m| event_index(m) == Some(0))
        })
        .await
        .created_at;
    (fake, bot, pack, start)
}

/// Injects a 429 with `retry_after` on the next step; returns that step's index once served.
async fn rate_limit_next_step(fake: &FakeDiscord, retry_after: f64) -> (usize, String) {
    fake.wait_until("step 2", T, |st| {
        st.visible_messages(TEXT_CHANNEL)
            .iter()
            .any(|m| event_index(m) == Some(1))
    })
    .await;
    fake.inject(
        RouteMatcher::message_create(TEXT_CHANNEL),
        Fault::RateLimit {
            retry_after_secs: retry_after,
            global: false,
        },
        1,
    );
    let refused = fake
        .wait_for("the long 429 to be served", T, |st| {
            st.requests
                .iter()
                .find(|r| r.route == MESSAGE_CREATE && r.status == 429)
                .cloned()
        })
        .await;
    let nonce = refused.body["nonce"].as_str().unwrap_or("").to_owned();
    let index = nonce
        .rsplit_once('-')
        .and_then(|(_, i)| i.parse().ok())
        .expect("a step's nonce");
    (index, nonce)
}

fn posted_steps(fake: &FakeDiscord) -> BTreeMap<usize, RecordedMessage> {
    let mut out = BTreeMap::new();
    for m in fake.messages(TEXT_CHANNEL) {
        if let Some(i) = event_index(&m) {
            assert!(out.insert(i, m).is_none(), "event {i} posted twice");
        }
    }
    out
}

#[tokio::test]
async fn a_retry_after_past_the_limit_abandons_that_step_and_later_steps_still_post() {
    // max_retry_after_secs = 3: an 8-s Retry-After is far beyond a 2-s step and not waited out;
    // the channel's bucket stays blocked for those 8 s (as Discord does), then opens again.
    let (fake, bot, _pack, start) = fast_session("[discord]\nmax_retry_after_secs = 3\n").await;
    let (lost, nonce) = rate_limit_next_step(&fake, 8.0).await;
    let line = bot
        .wait_for_log("could not post a step; moving on", T)
        .await;
    eprintln!("step {lost} abandoned: {line}");
    assert!(line.contains("rate limited"), "{line}");
    fake.wait_until("the session's finish", T, |st| {
        st.visible_messages(TEXT_CHANNEL)
            .iter()
            .any(|m| event_index(m) == Some(LAST))
    })
    .await;
    let steps = posted_steps(&fake);
    let report: Vec<String> = steps
        .iter()
        .map(|(i, m)| {
            format!(
                "{i}@{:.2}s",
                m.created_at.duration_since(start).as_secs_f64()
            )
        })
        .collect();
    eprintln!("posted: {}", report.join(" "));
    assert!(
        !steps.contains_key(&lost),
        "the abandoned step stays abandoned"
    );
    let block_ends = PLAN_SECS[lost] as f64 + 8.0;
    for (i, m) in &steps {
        let at = m.created_at.duration_since(start).as_secs_f64();
        if PLAN_SECS[*i] as f64 > block_ends + 0.5 {
            assert!(
                (at - PLAN_SECS[*i] as f64).abs() < 1.0,
                "step {i} after the block at {at:.2} s, planned {} s",
                PLAN_SECS[*i]
            );
        }
    }
    for i in (0..=LAST).filter(|i| PLAN_SECS[*i] as f64 > block_ends + 0.5) {
        assert!(
            steps.contains_key(&i),
            "step {i} after the block was posted"
        );
    }
    let sends = fake
        .requests_to(MESSAGE_CREATE)
        .iter()
        .filter(|r| r.body["nonce"] == json!(nonce))
        .count();
    assert_eq!(sends, 1, "the abandoned step was sent once, not retried");
    assert!(
        fake.early_retries().is_empty(),
        "nothing sent into the blocked bucket: {:?}",
        fake.early_retries()
            .iter()
            .map(|r| &r.path)
            .collect::<Vec<_>>()
    );
    bot.assert_no_unknown_events();
    fake.assert_healthy();
}

/// A bucket blocked for 120 s (longer than `max_retry_after_secs`) is not waited out: each
/// post into it is abandoned at once and logged, so the session keeps its timeline instead of
/// freezing behind the first blocked step.
#[tokio::test]
async fn a_120_s_retry_after_on_a_step_does_not_freeze_the_session() {
    // The default max_retry_after_secs (60) and Discord holding the channel for 120 s: nothing
    // can be posted there until well after the session's end, but the session must keep its
    // timeline (each step given up in its own window, nothing sent into the block) and end on
    // time instead of freezing behind one post.
    let (fake, bot, _pack, start) = fast_session("").await;
    let (lost, _) = rate_limit_next_step(&fake, 120.0).await;
    let line = bot
        .wait_for_log("could not post a step; moving on", T)
        .await;
    eprintln!("step {lost} abandoned: {line}");
    // The finish is given up too (the channel is still blocked): the session ends on time.
    let finish = format!("event={LAST}");
    let deadline = Instant::now() + Duration::from_secs(40);
    let given_up = loop {
        let hit = bot
            .logs()
            .into_iter()
            .find(|l| l.contains("could not post a step") && l.contains(&finish));
        if let Some(line) = hit {
            break line;
        }
        assert!(
            Instant::now() < deadline,
            "the session froze: its finish was neither posted nor given up"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    let took = start.elapsed().as_secs_f64();
    eprintln!("finish given up after {took:.2} s: {given_up}");
    assert!(
        took < PLAN_SECS[LAST] as f64 + 5.0,
        "the timeline held ({took:.2} s)"
    );
    assert!(
        fake.early_retries().is_empty(),
        "nothing sent into the blocked bucket: {:?}",
        fake.early_retries()
            .iter()
            .map(|r| &r.path)
            .collect::<Vec<_>>()
    );
    // Controls still answer while the channel is blocked.
    let cb = fake
        .send_slash_command(ALICE_ID, "help", json!({}))
        .wait_callback(T)
        .await;
    assert!(cb.accepted());
    bot.assert_no_unknown_events();
    fake.assert_healthy();
}

// ----- 12 --------------------------------------------------------------------------------------

#[tokio::test]
async fn sigterm_in_the_middle_of_a_fire_exits_fast_and_every_prompt_posts_once() {
    let (fake, bot) = start_at(at("2026-06-10T08:59:45Z"), bot_options()).await;
    let mut channels = vec![TEXT_CHANNEL, SYSTEM_CHANNEL];
    channels.extend(new_channels(&fake, 18).await);
    for c in &channels {
        add(&fake, json!({"time": "09:00", "channel": c.to_string()})).await;
    }
    // Discord is slow (0.4 s per create), so the 20 prompts take a few seconds to go out.
    fake.inject(
        RouteMatcher::custom(is_message_create),
        Fault::Stall(Duration::from_millis(400)),
        100,
    );
    let first = fake
        .wait_for("the first prompt", T, |st| {
            channels
                .iter()
                .flat_map(|c| st.visible_messages(*c))
                .find(is_prompt)
        })
        .await;
    eprintln!(
        "first prompt {:+.3} s from 09:00",
        offset_secs(&first, at("2026-06-10T09:00:00Z"))
    );
    let stopping = Instant::now();
    bot.sigterm();
    let status = bot.wait_exit(Duration::from_secs(10)).await;
    let took = stopping.elapsed();
    let before: usize = channels.iter().map(|c| prompts(&fake, *c).len()).sum();
    eprintln!("SIGTERM: exited {status} after {took:?}; {before} of 20 prompts were out");
    assert!(status.success(), "clean exit: {status}");
    assert!(took < Duration::from_secs(10));
    assert!(
        before < channels.len(),
        "the signal came in the middle of the fire"
    );

    let handed_back = bot.count_log("fire handed back for the next start");
    eprintln!("claims handed back at shutdown: {handed_back}");

    let restarted = Instant::now();
    let again = restart_at(&fake, &bot.database_path(), fake.now_utc(), bot_options()).await;
    fake.wait_until("a prompt in every channel", T, |st| {
        channels
            .iter()
            .all(|c| st.visible_messages(*c).iter().any(is_prompt))
    })
    .await;
    let catch_up = restarted.elapsed();
    eprintln!("all 20 out {catch_up:?} after the restart");
    // Not a minute later, when the claims of the stopped process would have run out.
    assert!(catch_up < Duration::from_secs(10), "{catch_up:?}");
    quiet(3).await;
    for c in &channels {
        assert_eq!(prompts(&fake, *c).len(), 1, "channel {c}: exactly once");
    }
    assert_no_nonce_twice(&fire_posts(&fake), "after SIGTERM and restart");
    again.assert_no_unknown_events();
    fake.assert_healthy();
}

// ----- 13 --------------------------------------------------------------------------------------

fn kill_seed() -> u64 {
    std::env::var("STRETCHBOT_KILL_SEED")
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or_else(|| rand::thread_rng().gen())
}

fn kill_count() -> usize {
    std::env::var("STRETCHBOT_KILLS")
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(20)
}

/// Opens the database the way the bot does and checks it.
async fn check_database(db: &Path, reminders: usize, kill: usize) {
    let store = SqliteStore::open(db).unwrap_or_else(|e| panic!("kill {kill}: cannot open: {e}"));
    assert_eq!(
        store.integrity_check().unwrap(),
        "ok",
        "kill {kill}: integrity"
    );
    let rows = store.guild_reminders(GuildId::new(GUILD_ID)).await.unwrap();
    assert_eq!(
        rows.len(),
        reminders,
        "kill {kill}: every reminder still there"
    );
    assert!(
        rows.iter()
            .all(|r| !r.paused && !r.stopped && r.flagged.is_none()),
        "kill {kill}: none paused or flagged"
    );
}

#[tokio::test]
async fn sigkill_at_random_moments_never_corrupts_the_database_or_posts_twice() {
    let seed = kill_seed();
    let kills = kill_count();
    eprintln!("seed={seed} kills={kills} (replay: STRETCHBOT_KILL_SEED={seed})");
    let mut rng = rand::rngs::StdRng::seed_from_u64(seed);

    // Each incarnation starts 0.8 s before a new minute; each minute has 3 prompts and a group
    // stretch (its lobby opens at once, then the fast session runs). So every kill lands around
    // a fire, a catch-up of the previous minute, a claim take-over or a session step.
    //
    // The bot's clock jumps a minute per incarnation while only about a second passes for the
    // fake, whose nonce memory (5 min) runs on real time: every re-post here is well within it.
    // So the bot may re-post with a fire's nonce for its whole grace period (nonce_safe_secs =
    // grace_secs); with Discord's real memory, the default horizon gives up a fire taken over
    // too late instead (tested in the library: reminders::tests::firing).
    let pack = FastPack::new();
    let config = pack.dir.path().join("kill.toml");
    std::fs::write(
        &config,
        "[sessions]\nbreathing_cue_min_hold_secs = 4\nstale_step_secs = 2\n\
         [reminders]\nmax_per_server = 100\ngroup_lobby_secs = 0\nnonce_safe_secs = 900\n",
    )
    .unwrap();
    let opts = BotOptions {
        args: vec!["--config".into(), config.display().to_string()],
        ..pack.options()
    };
    let (fake, setup) = start_at(at("2026-06-10T08:58:00Z"), opts.clone()).await;
    let mut prompt_channels = vec![SYSTEM_CHANNEL];
    prompt_channels.extend(new_channels(&fake, 2).await);
    for minute in 0..kills {
        let time = format!("09:{minute:02}");
        for c in &prompt_channels {
            add(&fake, json!({"time": time, "channel": c.to_string()})).await;
        }
        add(
            &fake,
            json!({"time": time, "channel": TEXT_CHANNEL.to_string(), "kind": 1}),
        )
        .await;
    }
    let reminders = kills * (prompt_channels.len() + 1);
    let db = setup.database_path();
    setup.sigterm();
    assert!(setup.wait_exit(T).await.success());
    check_database(&db, reminders, 0).await;

    let loop_start = Instant::now();
    for kill in 1..=kills {
        let start = at("2026-06-10T09:00:00Z") + chrono::Duration::minutes(kill as i64 - 1)
            - chrono::Duration::milliseconds(800);
        set_clock(&fake, start);
        let bot = spawn_on_db(&fake, &db, start, opts.clone());
        let after = Duration::from_millis(rng.gen_range(200..=1500));
        tokio::time::sleep(after).await;
        bot.sigkill();
        bot.wait_exit(T).await;
        let out = fire_posts(&fake).len();
        eprintln!(
            "kill {kill:2}: after {:4} ms; fire posts so far {out}; last log: {}",
            after.as_millis(),
            bot.logs().last().map(String::as_str).unwrap_or("")
        );
        check_database(&db, reminders, kill).await;
        assert_no_nonce_twice(&channel_posts(&fake), &format!("kill {kill} (seed={seed})"));
    }
    eprintln!("{kills} kills in {:?}", loop_start.elapsed());

    // One last, undisturbed run after the last minute: what was left half-done is finished
    // (late, within the grace window; a take-over after the 60-s claim lease at the latest).
    let end = at("2026-06-10T09:00:00Z") + chrono::Duration::minutes(kills as i64);
    let last = restart_at(&fake, &db, end + chrono::Duration::seconds(2), opts.clone()).await;
    let fires = kills * (prompt_channels.len() + 1);
    fake.wait_until("every fire posted", Duration::from_secs(20), |st| {
        st.messages
            .iter()
            .filter(|m| m.source == MessageSource::Channel && !m.is_deleted())
            .filter(|m| crate::reminders::is_fire_nonce(&nonce_of(m)))
            .count()
            >= fires
    })
    .await;
    quiet(2).await;
    let posts = fire_posts(&fake);
    assert_no_nonce_twice(&channel_posts(&fake), &format!("final (seed={seed})"));
    assert_eq!(
        posts.len(),
        fires,
        "every fire of every minute posted exactly once"
    );
    let deduplicated = fake
        .requests_to(MESSAGE_CREATE)
        .iter()
        .filter(|r| r.status == 200)
        .count()
        - channel_posts(&fake).len();
    eprintln!(
        "{fires} fires posted once each; {deduplicated} creates were absorbed by Discord's nonce check"
    );
    last.assert_no_unknown_events();
    fake.assert_healthy();
}

// ----- 14 --------------------------------------------------------------------------------------

#[tokio::test]
async fn pings_in_a_custom_message_are_shown_defused_and_ping_nobody() {
    let (fake, bot) = start_at(at("2026-06-10T08:59:50Z"), bot_options()).await;
    // Make a leak count: the bot may mention everyone, and the admin role is mentionable.
    let bot_perms = fake.with_state(|st| st.world.role(BOT_ROLE).unwrap().permissions);
    fake.set_role_permissions(BOT_ROLE, bot_perms | MENTION_EVERYONE);
    fake.with_state_mut(|st| {
        st.world
            .roles
            .iter_mut()
            .find(|r| r.id == ADMIN_ROLE)
            .unwrap()
            .mentionable = true
    });
    let custom = format!("Stand up @everyone and @here, <@&{ADMIN_ROLE}> and <@{ALICE_ID}> too!");
    add(
        &fake,
        json!({"time": "09:00", "channel": TEXT_CHANNEL.to_string(), "message": custom}),
    )
    .await;
    let prompt = fake
        .wait_for("the 09:00 prompt", T, |st| {
            st.visible_messages(TEXT_CHANNEL)
                .into_iter()
                .find(is_prompt)
        })
        .await;
    let shown = prompt.embeds[0]["description"].as_str().unwrap_or("");
    eprintln!("shown: {shown:?}; content {:?}", prompt.content);
    assert!(prompt.mentions.is_empty(), "{:?}", prompt.mentions);
    assert!(
        prompt.mention_roles.is_empty(),
        "{:?}",
        prompt.mention_roles
    );
    assert!(!prompt.mention_everyone);
    assert!(prompt.pinged.is_empty(), "{:?}", prompt.pinged);
    for defused in [
        "@\u{200b}everyone".to_owned(),
        "@\u{200b}here".to_owned(),
        format!("<@\u{200b}&{ADMIN_ROLE}>"),
        format!("<@\u{200b}{ALICE_ID}>"),
    ] {
        assert!(shown.contains(&defused), "{defused:?} shown in {shown:?}");
    }
    assert_eq!(
        prompt.request_body["allowed_mentions"]["parse"],
        json!([]),
        "{}",
        prompt.request_body
    );
    bot.assert_no_unknown_events();
    fake.assert_healthy();
}

// ----- 15 --------------------------------------------------------------------------------------

#[tokio::test]
async fn adding_past_the_servers_cap_is_refused_with_one_sentence() {
    let (_cfg, opts) = config_file("[reminders]\nmax_per_server = 2\n");
    let (fake, bot) = start_at(at("2026-06-10T08:00:00Z"), opts).await;
    for time in ["09:00", "10:00"] {
        add(
            &fake,
            json!({"time": time, "channel": TEXT_CHANNEL.to_string()}),
        )
        .await;
    }
    let (refusal, ephemeral) = admin(
        &fake,
        "reminders add",
        json!({"time": "11:00", "channel": TEXT_CHANNEL.to_string()}),
    )
    .await;
    eprintln!("refusal: {refusal}");
    assert!(ephemeral);
    assert!(refusal.contains("2 reminders"), "{refusal}");
    assert_one_sentence(&refusal);
    let data = list(&fake).await;
    assert_eq!(listed(&data), 2, "{}", list_text(&data));
    bot.assert_no_unknown_events();
    fake.assert_healthy();
}

// ----- 16 --------------------------------------------------------------------------------------

#[tokio::test]
async fn removed_from_the_server_before_the_minute_nothing_is_posted() {
    let (fake, bot) = start_at(at("2026-06-10T08:59:50Z"), bot_options()).await;
    add(
        &fake,
        json!({"time": "09:00", "channel": TEXT_CHANNEL.to_string()}),
    )
    .await;
    add(
        &fake,
        json!({"time": "09:00", "channel": SYSTEM_CHANNEL.to_string()}),
    )
    .await;
    fake.dispatch("GUILD_DELETE", json!({"id": GUILD_ID.to_string()}));
    let line = bot.wait_for_log("stopped the server's reminders", T).await;
    assert!(line.contains("reminders=2"), "{line}");
    assert!(
        fake.now_utc() < at("2026-06-10T09:00:00Z"),
        "removed before 09:00"
    );
    let creates_before = fake.requests_to(MESSAGE_CREATE).len();
    let until = at("2026-06-10T09:00:05Z") - fake.now_utc();
    tokio::time::sleep(until.to_std().unwrap()).await;
    assert!(prompts(&fake, TEXT_CHANNEL).is_empty());
    assert!(prompts(&fake, SYSTEM_CHANNEL).is_empty());
    assert_eq!(
        fake.requests_to(MESSAGE_CREATE).len(),
        creates_before,
        "not even tried"
    );
    bot.assert_no_unknown_events();
    fake.assert_healthy();
}
