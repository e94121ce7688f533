//! The one sending layer ([`stretchbot::discord::Sender`]) against the strict fake: what the nonce
//! prevents, how 429s are waited out rather than hammered, how 403/404 end a post without retries,
//! and that over-limit messages never leave the bot. Plus the gateway: a dropped websocket is
//! resumed and the bot still answers.

use std::time::{Duration, Instant};

use serde_json::json;
use stretchbot::{
    config::{Config, TokenNeed},
    discord::Sender,
    message::{Card, OutMessage},
    post::{Lane, PostError},
};

use crate::bot_options;
use fake_discord::harness::BotProcess;
use fake_discord::*;

const T: Duration = Duration::from_secs(20);

fn sender(fake: &FakeDiscord) -> Sender {
    let url = fake.base_url();
    let token = fake.token();
    let env = [
        ("DISCORD_API_URL", url.as_str()),
        ("DISCORD_TOKEN", token.as_str()),
    ];
    let config = Config::load(None, &env, TokenNeed::Required).expect("config");
    Sender::new(&config.settings, config.token.expect("token")).expect("sender")
}

fn posts(fake: &FakeDiscord, channel: u64) -> usize {
    fake.messages(channel).len()
}

#[tokio::test]
async fn a_500_after_create_makes_a_duplicate_without_nonce_and_none_with_it() {
    let fake = FakeDiscord::start().await;
    let route = format!("/channels/{TEXT_CHANNEL}/messages");
    // Without a nonce: a naive client retries the 500 and the channel shows the message twice.
    fake.inject(RouteMatcher::post(&route), Fault::CreateThenError(500), 1);
    let client = reqwest::Client::new();
    let url = format!("{}{route}", fake.api_url());
    for _ in 0..2 {
        let status = client
            .post(&url)
            .header("Authorization", format!("Bot {}", fake.token()))
            .json(&json!({"content": "stretch time"}))
            .send()
            .await
            .unwrap()
            .status();
        if status.is_success() {
            break;
        }
    }
    assert_eq!(
        posts(&fake, TEXT_CHANNEL),
        2,
        "the duplicate a nonce prevents"
    );
    // Our sender: the same fault, retried with the same nonce and enforce_nonce: one message.
    fake.inject(RouteMatcher::post(&route), Fault::CreateThenError(500), 1);
    let s = sender(&fake);
    let id = s
        .create_message(
            Lane::Scheduled,
            TEXT_CHANNEL,
            &OutMessage::text("stretch time, once"),
        )
        .await
        .expect("posted after a retry")
        .expect("its id read from the answer");
    let once: Vec<_> = fake
        .messages(TEXT_CHANNEL)
        .into_iter()
        .filter(|m| m.content == "stretch time, once")
        .collect();
    assert_eq!(once.len(), 1, "exactly one message");
    assert_eq!(
        once[0].id,
        id.get(),
        "the retry returned the message the first attempt created"
    );
    assert_eq!(
        s.stats.retries.load(std::sync::atomic::Ordering::Relaxed),
        1
    );
}

/// A 2xx whose body cannot be read (cut off mid-answer): the message was created, so the post
/// is "posted, id unknown", never a failure and never retried (a retry could duplicate it).
#[tokio::test]
async fn a_2xx_whose_answer_cannot_be_read_is_posted_with_its_id_unknown() {
    let fake = FakeDiscord::start().await;
    let route = format!("/channels/{TEXT_CHANNEL}/messages");
    fake.inject(RouteMatcher::post(&route), Fault::CreateThenUnreadable, 1);
    let s = sender(&fake);
    let id = s
        .create_message(
            Lane::Scheduled,
            TEXT_CHANNEL,
            &OutMessage::text("answer cut off"),
        )
        .await
        .expect("a 2xx is posted, even unreadable");
    assert_eq!(id, None, "the id is unknown");
    let cut: Vec<_> = fake
        .messages(TEXT_CHANNEL)
        .into_iter()
        .filter(|m| m.content == "answer cut off")
        .collect();
    assert_eq!(cut.len(), 1, "exactly one message");
    assert_eq!(
        s.stats.retries.load(std::sync::atomic::Ordering::Relaxed),
        0,
        "not retried"
    );
}

#[tokio::test]
async fn route_and_global_429s_are_waited_out_not_hammered() {
    let fake = FakeDiscord::start().await;
    let s = sender(&fake);
    let route = format!("/channels/{TEXT_CHANNEL}/messages");
    fake.inject(
        RouteMatcher::post(&route),
        Fault::RateLimit {
            retry_after_secs: 0.7,
            global: false,
        },
        1,
    );
    let started = Instant::now();
    s.create_message(
        Lane::Scheduled,
        TEXT_CHANNEL,
        &OutMessage::text("after a route 429"),
    )
    .await
    .expect("posted once the wait was over");
    assert!(
        started.elapsed() >= Duration::from_millis(700),
        "waited Retry-After"
    );
    fake.inject(
        RouteMatcher::any(),
        Fault::RateLimit {
            retry_after_secs: 0.5,
            global: true,
        },
        1,
    );
    let started = Instant::now();
    s.create_message(Lane::Scheduled, LOCKED_CHANNEL, &OutMessage::text("x"))
        .await
        .ok();
    s.create_message(
        Lane::Scheduled,
        TEXT_CHANNEL,
        &OutMessage::text("after a global 429"),
    )
    .await
    .expect("posted after the global wait");
    assert!(started.elapsed() >= Duration::from_millis(500));
    assert!(
        fake.early_retries().is_empty(),
        "no request before Retry-After: {:?}",
        fake.early_retries()
    );
    // A burst of 12 posts in one channel follows the 5-per-5-s bucket from the headers.
    for i in 0..12 {
        s.create_message(
            Lane::Scheduled,
            SYSTEM_CHANNEL,
            &OutMessage::text(format!("burst {i}")),
        )
        .await
        .expect("burst post");
    }
    assert_eq!(posts(&fake, SYSTEM_CHANNEL), 12);
    assert!(fake.early_retries().is_empty());
    assert!(
        fake.count_429(RateLimitKind::Route) <= 1,
        "at most one 429 learning the bucket: {}",
        fake.count_429(RateLimitKind::Route)
    );
}

#[tokio::test]
async fn forbidden_and_unknown_channels_end_the_post_without_retries() {
    let fake = FakeDiscord::start().await;
    let s = sender(&fake);
    let before = fake.requests().len();
    let err = s
        .create_message(
            Lane::Scheduled,
            LOCKED_CHANNEL,
            &OutMessage::text("not allowed here"),
        )
        .await
        .unwrap_err();
    assert!(matches!(err, PostError::Gone { .. }), "{err:?}");
    let err = s
        .create_message(Lane::Scheduled, 424_242, &OutMessage::text("nobody home"))
        .await
        .unwrap_err();
    assert!(matches!(err, PostError::Gone { .. }), "{err:?}");
    assert_eq!(
        fake.requests().len() - before,
        2,
        "one request each, no retries"
    );
}

#[tokio::test]
async fn over_limit_messages_never_leave_the_bot_and_the_fake_would_refuse_them() {
    let fake = FakeDiscord::start().await;
    let s = sender(&fake);
    let long = OutMessage {
        cards: vec![Card {
            title: "t".repeat(300),
            ..Card::default()
        }],
        ..OutMessage::default()
    };
    let before = fake.requests().len();
    let err = s
        .create_message(Lane::Scheduled, TEXT_CHANNEL, &long)
        .await
        .unwrap_err();
    assert!(matches!(err, PostError::Rejected(_)), "{err:?}");
    assert_eq!(fake.requests().len(), before, "checked before sending");
    // The fake is strict: the same embed sent directly is a 400 with Discord's code 50035.
    let response = reqwest::Client::new()
        .post(format!(
            "{}/channels/{TEXT_CHANNEL}/messages",
            fake.api_url()
        ))
        .header("Authorization", format!("Bot {}", fake.token()))
        .json(&json!({"embeds": [{"title": "t".repeat(300)}]}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["code"], 50035);
    // Refused by Discord's own spec: the direct request is the only violation, the bot sent none.
    let violations = fake.take_spec_violations();
    assert_eq!(violations.len(), 1, "{violations:#?}");
    assert!(
        violations[0].contains("embeds.0.title: BASE_TYPE_MAX_LENGTH"),
        "{violations:#?}"
    );
}

#[tokio::test]
async fn a_stalled_request_times_out_and_the_retry_posts_once() {
    let fake = FakeDiscord::start().await;
    let url = fake.base_url();
    let token = fake.token();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("short.toml");
    std::fs::write(&file, "[discord]\nrequest_timeout_secs = 1\n").unwrap();
    let env = [
        ("DISCORD_API_URL", url.as_str()),
        ("DISCORD_TOKEN", token.as_str()),
    ];
    let config = Config::load(Some(&file), &env, TokenNeed::Required).unwrap();
    let s = Sender::new(&config.settings, config.token.unwrap()).unwrap();
    let route = format!("/channels/{TEXT_CHANNEL}/messages");
    fake.inject(RouteMatcher::post(&route), Fault::Hang, 1);
    let started = Instant::now();
    s.create_message(
        Lane::Scheduled,
        TEXT_CHANNEL,
        &OutMessage::text("after a stall"),
    )
    .await
    .expect("the retry went through");
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(posts(&fake, TEXT_CHANNEL), 1);
}

#[tokio::test]
async fn a_dropped_websocket_is_resumed_and_commands_still_answer() {
    let fake = FakeDiscord::start().await;
    let bot = BotProcess::spawn(&fake, bot_options());
    fake.wait_for_commands(Some(GUILD_ID), T).await;
    fake.drop_websocket();
    let deadline = Instant::now() + T;
    while fake.resume_count() == 0 {
        assert!(Instant::now() < deadline, "no RESUME after the drop");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let cb = fake
        .send_slash_command(ALICE_ID, "help", json!({}))
        .wait_callback(T)
        .await;
    assert!(cb.accepted(), "{:?}", cb.error);
    assert_eq!(fake.identify_count(), 1, "resumed, not re-identified");
    bot.assert_no_unknown_events();
}
