//! Personal nudges by DM end to end: the real binary against the fake, on a shared test clock
//! that starts just before a slot. Opt in, the nudge on its minute in the person's DM, Snooze
//! (posted again once, 15 minutes later: reached by a restart at that time, which must neither
//! repeat nor flood), Done, Stop; and a person with closed DMs is paused once and told once.

use serde_json::json;

use crate::bot_options;
use crate::reminders::{at, nonce_of, quiet, restart_at, start_at, T};
use crate::sessions::answer;
use fake_discord::*;

fn nudges(fake: &FakeDiscord, user: u64) -> Vec<RecordedMessage> {
    fake.with_state(|st| nudges_in(st, user))
}

/// The same, from inside a wait (which holds the state's lock).
fn nudges_in(st: &State, user: u64) -> Vec<RecordedMessage> {
    st.world.dm_channel_of(user).map_or_else(Vec::new, |dm| {
        st.visible_messages(dm.id)
            .into_iter()
            .filter(|m| m.custom_ids().iter().any(|c| c.starts_with("nudge:")))
            .collect()
    })
}

fn button(m: &RecordedMessage, action: &str) -> String {
    m.custom_ids()
        .into_iter()
        .find(|c| c.starts_with(&format!("nudge:{action}:")))
        .unwrap_or_else(|| panic!("no {action} on {:?}", m.custom_ids()))
}

/// Presses a button on a nudge: the presser's private answer.
async fn press(fake: &FakeDiscord, user: u64, m: &RecordedMessage, action: &str) -> String {
    let handle = fake.press_button(user, m.id, &button(m, action));
    let cb = handle.wait_accepted_callback(T).await;
    assert!(cb.is_ephemeral(), "acknowledged privately: {}", cb.data);
    handle.wait_original(T).await.content
}

#[tokio::test]
async fn opt_in_nudge_on_its_minute_snooze_across_a_restart_done_and_stop() {
    // Wednesday 2026-06-10, UTC.
    let (fake, bot) = start_at(at("2026-06-10T08:59:52Z"), bot_options()).await;
    bot.wait_for_log("nudge loop started", T).await;
    let (text, ephemeral) = answer(&fake.send_slash_command(
        ALICE_ID,
        "nudges on",
        json!({"every_minutes": 30, "timezone": "UTC"}),
    ))
    .await;
    assert!(ephemeral, "{text}");
    let first = at("2026-06-10T09:00:00Z");
    assert!(
        text.contains(&format!("<t:{}:F>", first.timestamp())),
        "names the next nudge: {text}"
    );
    assert!(nudges(&fake, ALICE_ID).is_empty(), "nothing before 09:00");
    let nudge = fake
        .wait_for("the 09:00 nudge", T, |st| nudges_in(st, ALICE_ID).pop())
        .await;
    let off = (nudge.timestamp - first).num_milliseconds();
    assert!((0..1500).contains(&off), "posted {off} ms from 09:00");
    let labels: Vec<String> = nudge
        .components
        .iter()
        .flat_map(|row| row["components"].as_array().cloned().unwrap_or_default())
        .filter_map(|b| b["label"].as_str().map(str::to_owned))
        .collect();
    assert_eq!(labels, ["Done", "Snooze 15 min", "Skip", "Stop nudges"]);
    assert_eq!(nudge.attachments.len(), 1, "the illustration");
    assert!(!nonce_of(&nudge).is_empty());
    quiet(3).await;
    assert_eq!(nudges(&fake, ALICE_ID).len(), 1, "once");

    let snoozed = press(&fake, ALICE_ID, &nudge, "snooze").await;
    assert!(snoozed.starts_with("Snoozed"), "{snoozed}");

    // Down, then up again just before the snoozed nudge is due (09:15 and a few seconds).
    let db = bot.database_path();
    bot.sigterm();
    assert!(bot.wait_exit(T).await.success());
    let bot = restart_at(&fake, &db, at("2026-06-10T09:14:58Z"), bot_options()).await;
    bot.wait_for_log("nudge loop started", T).await;
    let again = fake
        .wait_for("the snoozed nudge", T, |st| {
            let all = nudges_in(st, ALICE_ID);
            (all.len() >= 2).then(|| all[1].clone())
        })
        .await;
    let snooze_secs = (again.timestamp - first).num_seconds();
    assert!(
        (900..=915).contains(&snooze_secs),
        "snoozed {snooze_secs} s after 09:00"
    );
    quiet(3).await;
    assert_eq!(
        nudges(&fake, ALICE_ID).len(),
        2,
        "the snoozed nudge once, 09:00 not repeated by the restart"
    );

    let done = press(&fake, ALICE_ID, &again, "done").await;
    // Done checks her in: her first, so a streak of one day.
    assert_eq!(
        done,
        "Nicely done, your streak: 1 day; see you at the next one."
    );
    let stop = press(&fake, ALICE_ID, &again, "stop").await;
    assert!(
        stop.contains("/nudges on"),
        "says how to turn them back on: {stop}"
    );
    let (status, _) = answer(&fake.send_slash_command(ALICE_ID, "nudges status", json!({}))).await;
    assert!(status.starts_with("Nudges are off"), "{status}");
    fake.assert_healthy();
    bot.assert_no_unknown_events();
}

#[tokio::test]
async fn closed_dms_pause_nudges_once_and_the_next_command_says_why() {
    let (fake, bot) = start_at(at("2026-06-10T08:59:53Z"), bot_options()).await;
    bot.wait_for_log("nudge loop started", T).await;
    fake.set_dms_closed(BOB_ID, true);
    let (text, _) = answer(&fake.send_slash_command(
        BOB_ID,
        "nudges on",
        json!({"every_minutes": 30, "timezone": "UTC"}),
    ))
    .await;
    assert!(text.starts_with("Nudges are on"), "{text}");
    bot.wait_for_log("their nudges are paused", T).await;
    quiet(3).await;
    assert!(nudges(&fake, BOB_ID).is_empty());
    assert_eq!(bot.count_log("their nudges are paused"), 1, "logged once");

    // Any command: its own answer, then one private line saying why nudges stopped.
    let help = fake.send_slash_command(BOB_ID, "help", json!({}));
    answer(&help).await;
    let notice = help.wait_followups(1, T).await;
    assert!(notice[0].is_ephemeral());
    assert!(
        notice[0]
            .content
            .starts_with("Your nudges stopped because Discord"),
        "{}",
        notice[0].content
    );
    // Only once.
    let help = fake.send_slash_command(BOB_ID, "help", json!({}));
    answer(&help).await;
    quiet(2).await;
    assert!(help.followups().is_empty(), "told once");

    // Bad input: one sentence, nothing saved.
    let (bad, ephemeral) = answer(&fake.send_slash_command(
        ALICE_ID,
        "nudges on",
        json!({"from": "17:00", "to": "09:00"}),
    ))
    .await;
    assert!(ephemeral);
    crate::reminders::assert_one_sentence(&bad);
    let (status, _) = answer(&fake.send_slash_command(ALICE_ID, "nudges status", json!({}))).await;
    assert!(
        status.starts_with("Nudges are off"),
        "nothing saved: {status}"
    );
    let (bad, _) =
        answer(&fake.send_slash_command(ALICE_ID, "nudges pause", json!({"days": 61}))).await;
    assert!(
        bad.contains("1 to 60") || bad.contains("no nudges"),
        "{bad}"
    );
    fake.assert_healthy();
}
