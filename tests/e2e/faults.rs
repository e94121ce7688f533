//! Fault-proofing end to end: abuse, secrets in logs, malformed payloads, removal from a server
//! and a long gateway outage. Each test injects the fault through the fake Discord and asserts
//! what a user would see.

use std::time::{Duration, Instant};

use serde_json::json;

use crate::bot_options;
use crate::sessions::{answer, FastPack};
use fake_discord::harness::{BotOptions, BotProcess};
use fake_discord::*;

const T: Duration = Duration::from_secs(30);

async fn started(options: BotOptions) -> (FakeDiscord, BotProcess) {
    let fake = FakeDiscord::start().await;
    let bot = BotProcess::spawn(&fake, options);
    fake.wait_for_commands(Some(GUILD_ID), T).await;
    (fake, bot)
}

fn lobbies(fake: &FakeDiscord, channel: u64) -> usize {
    fake.messages(channel)
        .iter()
        .filter(|m| m.custom_ids().iter().any(|c| c.ends_with(":join")))
        .count()
}

#[tokio::test]
async fn twenty_starts_in_five_seconds_make_exactly_one_session() {
    let pack = FastPack::new();
    let (fake, bot) = started(pack.options()).await;
    let users = [ALICE_ID, BOB_ID, ADMIN_ID, OWNER_ID];
    let mut handles = Vec::new();
    for i in 0..20 {
        handles.push(fake.send_slash_command(
            users[i % users.len()],
            "stretch start",
            json!({"lobby": 30}),
        ));
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    let mut refused = 0;
    for h in &handles {
        let (text, ephemeral) = answer(h).await;
        assert!(ephemeral, "{text}");
        if text.contains("already running") {
            refused += 1;
        }
    }
    assert_eq!(refused, 19, "all but one were told a session runs here");
    assert_eq!(lobbies(&fake, TEXT_CHANNEL), 1, "exactly one lobby");
    bot.assert_no_unknown_events();
}

#[tokio::test]
async fn the_token_never_reaches_the_logs_even_at_trace_level() {
    let trace = BotOptions {
        rust_log: Some("trace".into()),
        ..bot_options()
    };
    let (fake, bot) = started(trace.clone()).await;
    fake.send_slash_command(ALICE_ID, "help", json!({}))
        .wait_callback(T)
        .await;
    fake.drop_websocket();
    let deadline = Instant::now() + T;
    while fake.resume_count() == 0 {
        assert!(Instant::now() < deadline, "no resume");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    fake.send_slash_command(ALICE_ID, "help", json!({}))
        .wait_callback(T)
        .await;
    bot.sigterm();
    bot.wait_exit(T).await;
    // A second run with a well-formed but wrong token: Discord answers 401.
    let wrong = "MTEwMDAwMDAwMDAwMDAwMDAxMA.Wrong1.not-the-token-discord-knows";
    let refused = BotProcess::spawn(
        &fake,
        BotOptions {
            token: Some(wrong.into()),
            ..trace
        },
    );
    refused.wait_exit(T).await;
    let secret = fake.token();
    let secret_part = secret.rsplit('.').next().unwrap().to_owned();
    for (name, logs) in [("valid token run", bot.logs()), ("401 run", refused.logs())] {
        // The wire libraries and serenity's gateway are kept out of the logs (their verbose
        // lines hold interaction tokens), so look for the verbose lines of the rest.
        let verbose = logs
            .iter()
            .filter(|l| l.contains(" TRACE ") || l.contains(" DEBUG "))
            .count();
        assert!(
            verbose >= 1,
            "{name}: trace logging was on ({verbose} verbose lines of {}): {logs:#?}",
            logs.len()
        );
        for line in &logs {
            assert!(
                !line.contains(&secret) && !line.contains(&secret_part),
                "{name}: the token leaked: {line}"
            );
            assert!(
                !line.contains("not-the-token"),
                "{name}: the wrong token leaked: {line}"
            );
        }
    }
    assert!(
        refused
            .logs()
            .iter()
            .any(|l| l.contains("401") || l.to_lowercase().contains("unauthorized")),
        "the 401 run says why it stopped"
    );
}

#[tokio::test]
async fn malformed_and_oversized_interactions_are_ignored_and_the_bot_keeps_serving() {
    let (fake, bot) = started(bot_options()).await;
    fake.dispatch(
        "INTERACTION_CREATE",
        json!({"type": 2, "id": "not-a-snowflake"}),
    );
    fake.dispatch(
        "INTERACTION_CREATE",
        json!({"type": 2, "id": "1", "token": "x".repeat(1 << 20), "data": {"name": "childspose"}}),
    );
    let cb = fake
        .send_slash_command(ALICE_ID, "help", json!({}))
        .wait_callback(T)
        .await;
    assert!(cb.accepted(), "still serving: {:?}", cb.error);
    assert!(bot.is_running());
}

#[tokio::test]
async fn removed_from_a_server_mid_session_the_session_stops() {
    let pack = FastPack::new();
    let (fake, bot) = started(pack.options()).await;
    let (text, _) =
        answer(&fake.send_slash_command(ALICE_ID, "stretch start", json!({"lobby": 0}))).await;
    assert!(!text.is_empty());
    fake.wait_for_messages(TEXT_CHANNEL, 2, T).await;
    fake.dispatch("GUILD_DELETE", json!({"id": GUILD_ID.to_string()}));
    bot.wait_for_log("stopped the server's sessions", T).await;
    let count = fake.messages(TEXT_CHANNEL).len();
    tokio::time::sleep(Duration::from_secs(5)).await;
    assert_eq!(
        fake.messages(TEXT_CHANNEL).len(),
        count,
        "nothing posted after removal"
    );
}

#[tokio::test]
async fn sessions_post_on_time_while_the_gateway_is_down_for_90_seconds() {
    let pack = FastPack::new();
    let (fake, bot) = started(pack.options()).await;
    answer(&fake.send_slash_command(ALICE_ID, "stretch start", json!({"lobby": 0}))).await;
    fake.wait_for_messages(TEXT_CHANNEL, 2, T).await;
    let identifies_before = fake.identify_count();
    fake.block_gateway(Duration::from_secs(90));
    fake.drop_websocket();
    // The session needs only REST: it still finishes on its timeline (22 s) during the outage.
    fake.wait_until("the session to finish while the gateway is down", T, |st| {
        st.visible_messages(TEXT_CHANNEL)
            .iter()
            .any(|m| m.content.contains("Well stretched"))
    })
    .await;
    assert!(!fake.is_connected(), "the outage is still on");
    let deadline = Instant::now() + Duration::from_secs(150);
    while !fake.is_connected() {
        assert!(
            Instant::now() < deadline,
            "the bot never reconnected after the outage"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    fake.wait_for_ready(T).await;
    let reconnects = fake.identify_count() - identifies_before + fake.resume_count();
    assert!(
        (1..=3).contains(&reconnects),
        "bounded reconnects: {reconnects}"
    );
    let cb = fake
        .send_slash_command(ALICE_ID, "help", json!({}))
        .wait_callback(T)
        .await;
    assert!(cb.accepted());
    bot.assert_no_unknown_events();
}
