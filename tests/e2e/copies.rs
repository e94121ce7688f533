//! Several copies of the bot on one database, as in a hot standby or a rolling deploy: the fake
//! delivers every dispatch to every copy connected for the shard, as Discord does. One copy owns
//! the shard and acts, once; the other stays silent until it takes over.

use std::time::{Duration, Instant};

use serde_json::json;

use crate::reminders::{add, at, is_prompt, list, listed, prompts, start_at};
use crate::sessions::{
    answer, button, event_index, events_exactly_once, start_session, wait_finished, FastPack, PLAN,
};
use fake_discord::harness::{BotOptions, BotProcess};
use fake_discord::*;
use stretchbot::test_support::postgres::TestDatabase;

const T: Duration = Duration::from_secs(30);

/// A copy labelled `label` on `first`'s database, with `first`'s content and config.
fn copy(fake: &FakeDiscord, first: &BotProcess, label: &str, opts: &BotOptions) -> BotProcess {
    first.spawn_copy(
        fake,
        BotOptions {
            label: Some(label.into()),
            test_clock: opts.test_clock.map(|_| fake.now_utc()),
            ..opts.clone()
        },
    )
}

/// Every interaction so far was answered by exactly one copy, and no copy tried a second answer
/// (Discord's 40060 "already acknowledged" would show one acting after another had).
fn answered_once_each(fake: &FakeDiscord) {
    let callbacks = fake.callbacks();
    let mut ids: Vec<u64> = callbacks.iter().map(|c| c.interaction_id).collect();
    let total = ids.len();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(
        ids.len(),
        total,
        "an interaction answered twice: {callbacks:#?}"
    );
    assert!(callbacks.iter().all(|c| c.accepted()), "{callbacks:#?}");
}

/// `opts` on PostgreSQL database `db`, or on the harness's SQLite file when `None`.
fn on(db: Option<&str>, mut opts: BotOptions) -> BotOptions {
    if let Some(url) = db {
        opts.env.push(("DATABASE_URL".into(), url.into()));
    }
    opts
}

/// Runs `body` on a fresh PostgreSQL database (skipped with a line outside CI without a server).
macro_rules! on_postgres {
    ($name:ident, $body:ident) => {
        #[tokio::test]
        async fn $name() {
            let Some(db) = TestDatabase::create(concat!("e2e::copies::", stringify!($name))).await
            else {
                return;
            };
            $body(Some(&db.url)).await;
        }
    };
}

#[tokio::test]
async fn with_two_copies_a_press_an_add_and_a_stop_each_take_effect_once() {
    press_add_stop(None).await;
}
on_postgres!(
    on_postgresql_with_two_copies_a_press_an_add_and_a_stop_each_take_effect_once,
    press_add_stop
);

async fn press_add_stop(db: Option<&str>) {
    let pack = FastPack::new();
    let fake = FakeDiscord::start().await;
    let opts = on(
        db,
        BotOptions {
            label: Some("a".into()),
            ..pack.options()
        },
    );
    let a = BotProcess::spawn(&fake, opts.clone());
    fake.wait_for_commands(Some(GUILD_ID), T).await;
    a.wait_for_log("took the shard's lease", T).await;
    let b = copy(&fake, &a, "b", &opts);
    b.wait_for_log("standing by", T).await;
    assert_eq!(fake.wait_for_sessions(2, T).await.len(), 2);

    let lobby = start_session(&fake, ALICE_ID, json!({"lobby": 20, "sets": 1, "hold": 4})).await;
    let join = fake.press_button(BOB_ID, lobby.id, &button(&lobby, "join"));
    assert!(join.wait_callback(T).await.accepted());
    add(
        &fake,
        json!({"time": "09:00", "channel": TEXT_CHANNEL.to_string()}),
    )
    .await;
    let (stopped, _) = answer(&fake.send_slash_command(ALICE_ID, "stretch stop", json!({}))).await;
    assert!(stopped.contains("Cancelled"), "{stopped}");
    tokio::time::sleep(Duration::from_secs(2)).await;

    answered_once_each(&fake);
    assert_eq!(listed(&list(&fake).await), 1, "one reminder saved");
    let lobbies = fake
        .messages(TEXT_CHANNEL)
        .into_iter()
        .filter(|m| {
            m.nonce
                .as_ref()
                .and_then(|n| n.as_str())
                .is_some_and(|n| n.ends_with("-lobby"))
        })
        .count();
    assert_eq!(lobbies, 1, "one lobby posted");
    assert!(
        fake.callbacks().iter().all(|c| c.label == "a"),
        "only the owner answers"
    );
    assert_eq!(b.count_log("session opened"), 0);
    a.assert_no_unknown_events();
    b.assert_no_unknown_events();
}

#[tokio::test]
async fn when_the_owner_is_killed_mid_session_the_standby_resumes_within_20_s_posting_each_step_once(
) {
    owner_killed(None).await;
}
on_postgres!(
    on_postgresql_when_the_owner_is_killed_the_standby_resumes_within_20_s,
    owner_killed
);

async fn owner_killed(db: Option<&str>) {
    let pack = FastPack::new();
    let fake = FakeDiscord::start().await;
    // The shipped lease (15 s), not the tests' short one: this is the bound people rely on.
    let mut opts = on(
        db,
        BotOptions {
            label: Some("a".into()),
            ..pack.options()
        },
    );
    opts.env.push(("STRETCHBOT_LEASE_SECS".into(), "15".into()));
    let a = BotProcess::spawn(&fake, opts.clone());
    fake.wait_for_commands(Some(GUILD_ID), T).await;
    a.wait_for_log("took the shard's lease", T).await;
    let b = copy(&fake, &a, "b", &opts);
    b.wait_for_log("standing by", T).await;

    // Long enough to outlast the take-over: 3 sets.
    start_session(&fake, ALICE_ID, json!({"lobby": 0, "sets": 3, "hold": 4})).await;
    fake.wait_until("step 2", T, |st| {
        st.visible_messages(TEXT_CHANNEL)
            .iter()
            .any(|m| event_index(m) == Some(1))
    })
    .await;
    let killed = Instant::now();
    a.sigkill();
    b.wait_for_log("took the shard's lease", Duration::from_secs(25))
        .await;
    let took = killed.elapsed();
    eprintln!("the standby took the shard over {took:?} after the owner was killed");
    b.wait_for_log("sessions restored", T).await;
    assert!(took <= Duration::from_secs(20), "took over after {took:?}");
    // 3 sets of 6 events, no rest after the last, then the finish.
    let finish = 3 * 6 - 1;
    fake.wait_until("the session to finish", Duration::from_secs(60), |st| {
        st.visible_messages(TEXT_CHANNEL)
            .iter()
            .any(|m| event_index(m) == Some(finish))
    })
    .await;
    let events = events_exactly_once(&fake.messages(TEXT_CHANNEL));
    assert!(events.contains_key(&finish), "finished");
    let catch_ups = fake
        .messages(TEXT_CHANNEL)
        .iter()
        .filter(|m| m.content.contains("We lost some time"))
        .count();
    assert!(catch_ups <= 1, "at most one catch-up message");
    b.assert_no_unknown_events();
}

#[tokio::test]
async fn three_rolling_restarts_during_a_session_and_a_fire_lose_and_double_nothing() {
    rolling_restarts(None).await;
}
on_postgres!(
    on_postgresql_three_rolling_restarts_lose_and_double_nothing,
    rolling_restarts
);

async fn rolling_restarts(db: Option<&str>) {
    let pack = FastPack::new();
    let opts = on(db, pack.options());
    let (fake, first) = start_at(
        at("2026-06-10T08:59:40Z"),
        BotOptions {
            label: Some("v0".into()),
            ..opts.clone()
        },
    )
    .await;
    let opts = BotOptions {
        test_clock: Some(fake.now_utc()),
        ..opts
    };
    add(
        &fake,
        json!({"time": "09:00", "channel": SYSTEM_CHANNEL.to_string()}),
    )
    .await;
    start_session(&fake, ALICE_ID, json!({"lobby": 0, "sets": 2, "hold": 4})).await;
    let mut owner = first;
    let mut copies = vec![];
    for version in 1..=3 {
        tokio::time::sleep(Duration::from_secs(4)).await;
        // Deploy: start the new copy, wait until it stands by, then stop the old one.
        let next = copy(&fake, &owner, &format!("v{version}"), &opts);
        next.wait_for_log("standing by", T).await;
        owner.sigterm();
        assert!(
            owner.wait_exit(T).await.success(),
            "clean exit of v{}",
            version - 1
        );
        next.wait_for_log("took the shard's lease", T).await;
        copies.push(owner);
        owner = next;
    }
    let messages = wait_finished(&fake).await;
    let events = events_exactly_once(&messages);
    assert_eq!(events.len(), PLAN.len(), "every step posted");
    fake.wait_until("the prompt", T, |st| {
        st.visible_messages(SYSTEM_CHANNEL).iter().any(is_prompt)
    })
    .await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert_eq!(prompts(&fake, SYSTEM_CHANNEL).len(), 1, "the prompt once");
    answered_once_each(&fake);
    owner.assert_no_unknown_events();
}
