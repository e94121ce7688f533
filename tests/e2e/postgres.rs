//! The real binary on PostgreSQL (`DATABASE_URL=postgres://...`): a fresh database per test on
//! the server `STRETCHBOT_TEST_POSTGRES_URL` names. Without it the test fails in CI and is
//! skipped (one line) elsewhere, as the store's PostgreSQL tests are.

use fake_discord::harness::{BotOptions, BotProcess};
use fake_discord::*;
use serde_json::json;
use stretchbot::test_support::postgres::TestDatabase;

use crate::bot_options;
use crate::reminders::{
    add, at, is_prompt, list, list_text, listed, nonce_of, prompts, quiet, set_clock, start_at, T,
};

/// `url` with a password in it: the test server trusts local connections and ignores it, and
/// the bot must never log it. Returns (url, password).
fn with_password(url: &str) -> (String, String) {
    let (scheme, rest) = url.split_once("://").expect("a URL");
    let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(authority_end);
    match authority.rsplit_once('@') {
        Some((userinfo, _)) if userinfo.contains(':') => {
            let password = userinfo.split_once(':').unwrap().1.to_owned();
            (url.to_owned(), password)
        }
        Some((user, host)) => {
            let password = "e2e-never-logged".to_owned();
            (
                format!("{scheme}://{user}:{password}@{host}{tail}"),
                password,
            )
        }
        None => {
            let password = "e2e-never-logged".to_owned();
            (
                format!("{scheme}://postgres:{password}@{authority}{tail}"),
                password,
            )
        }
    }
}

#[tokio::test]
async fn on_postgresql_a_reminder_survives_a_restart_and_fires_once() {
    let Some(db) =
        TestDatabase::create("e2e::postgres::on_postgresql_a_reminder_survives_a_restart").await
    else {
        return;
    };
    let (url, password) = with_password(&db.url);
    let opts = || {
        let mut o: BotOptions = bot_options();
        o.env.push(("DATABASE_URL".into(), url.clone()));
        o
    };
    // Time enough before 09:00 to add, stop and start again.
    let (fake, bot) = start_at(at("2026-06-10T08:59:35Z"), opts()).await;
    let saved = add(
        &fake,
        json!({"time": "09:00", "channel": TEXT_CHANNEL.to_string()}),
    )
    .await;
    assert!(saved.contains("Reminder #1 saved"), "{saved}");
    let opened = bot.wait_for_log("store opened", T).await;
    assert!(
        opened.contains(&format!("/{}", db.name)) && opened.contains(":***@"),
        "on the test database, password hidden: {opened}"
    );
    bot.sigterm();
    assert!(bot.wait_exit(T).await.success(), "stops cleanly");

    // A new process on the same database: the reminder is there and fires.
    set_clock(&fake, fake.now_utc());
    let again = BotProcess::spawn(
        &fake,
        BotOptions {
            test_clock: Some(fake.now_utc()),
            ..opts()
        },
    );
    again.wait_for_log("reminder loop started", T).await;
    again.wait_for_log("ready; commands registered", T).await;
    let data = list(&fake).await;
    assert_eq!(listed(&data), 1, "still listed: {}", list_text(&data));
    let prompt = fake
        .wait_for("the 09:00 prompt", T * 2, |st| {
            st.visible_messages(TEXT_CHANNEL)
                .into_iter()
                .find(is_prompt)
        })
        .await;
    assert!(
        nonce_of(&prompt).ends_with("-20260610"),
        "{:?}",
        prompt.nonce
    );
    quiet(3).await;
    assert_eq!(prompts(&fake, TEXT_CHANNEL).len(), 1, "posted once");
    again.wait_for_log("reminder posted", T).await;

    for line in bot.logs().iter().chain(again.logs().iter()) {
        assert!(
            !line.contains(&password),
            "the database password reached the logs: {line}"
        );
    }
    fake.assert_healthy();
    again.sigterm();
    assert!(again.wait_exit(T).await.success());
    db.drop_now().await;
}
