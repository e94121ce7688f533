//! Check-ins and `/stats` end to end: "I stretched" on a real prompt (the streak in the answer,
//! the count edited onto the prompt, a second press not counted), a finished live session
//! checking in its participants, `/stats me` answering with a PNG chart and alt text, and
//! `/stats forget-me` leaving no check-in or stats row about the person.

use std::path::Path;

use serde_json::json;

use crate::bot_options;
use crate::reminders::{add, at, is_prompt, start_at, T};
use crate::sessions::{answer, start_session, FastPack};
use fake_discord::*;

/// The count field a prompt shows ("Stretched so far"), if any.
fn shown_count(m: &RecordedMessage) -> Option<String> {
    m.embeds.first()?["fields"]
        .as_array()?
        .iter()
        .find(|f| f["name"] == "Stretched so far")
        .and_then(|f| f["value"].as_str().map(str::to_owned))
}

/// Rows of `table` about `user` in the bot's SQLite file.
fn rows_about(db: &Path, table: &str, user: u64) -> i64 {
    let conn = rusqlite::Connection::open(db).expect("open the bot's database");
    conn.query_row(
        &format!("SELECT COUNT(*) FROM {table} WHERE user_id = ?1"),
        [user as i64],
        |r| r.get(0),
    )
    .expect("count rows")
}

/// The sources of every check-in in the bot's SQLite file, as (user, source).
fn checkins(db: &Path) -> Vec<(u64, String)> {
    let conn = rusqlite::Connection::open(db).expect("open the bot's database");
    let mut stmt = conn
        .prepare("SELECT user_id, source FROM checkins ORDER BY user_id, source")
        .unwrap();
    let rows = stmt
        .query_map([], |r| Ok((r.get::<_, i64>(0)? as u64, r.get(1)?)))
        .unwrap();
    rows.collect::<Result<_, _>>().unwrap()
}

/// Presses "I stretched" as `user`; the presser's answer.
async fn press_stretched(fake: &FakeDiscord, user: u64, prompt: &RecordedMessage) -> String {
    let done = prompt
        .custom_ids()
        .into_iter()
        .find(|c| c.starts_with("prompt:done:"))
        .unwrap_or_else(|| panic!("no check-in button: {:?}", prompt.custom_ids()));
    let press = fake.press_button(user, prompt.id, &done);
    let cb = press.wait_accepted_callback(T).await;
    assert!(cb.is_ephemeral(), "acknowledged privately: {}", cb.data);
    let shown = press.wait_original(T).await;
    assert!(shown.is_ephemeral(), "the streak is for the presser only");
    shown.content
}

#[tokio::test]
async fn i_stretched_counts_once_shows_the_count_then_stats_and_forget_me() {
    let (fake, bot) = start_at(at("2026-06-10T08:59:52Z"), bot_options()).await;
    add(
        &fake,
        json!({"time": "09:00", "channel": TEXT_CHANNEL.to_string()}),
    )
    .await;
    let prompt = fake
        .wait_for("the 09:00 prompt", T, |st| {
            st.visible_messages(TEXT_CHANNEL)
                .into_iter()
                .find(is_prompt)
        })
        .await;
    assert_eq!(shown_count(&prompt), None, "no count before anyone pressed");

    let first = press_stretched(&fake, ALICE_ID, &prompt).await;
    assert_eq!(first, "Nice one! Your streak: 1 day.");
    let counted = fake
        .wait_for("the count on the prompt", T, |st| {
            st.visible_messages(TEXT_CHANNEL)
                .into_iter()
                .find(|m| m.id == prompt.id && shown_count(m).is_some())
        })
        .await;
    assert_eq!(shown_count(&counted).as_deref(), Some("1 person"));
    assert_eq!(
        counted.custom_ids(),
        prompt.custom_ids(),
        "the edit keeps the prompt's buttons"
    );
    assert_eq!(counted.embed_title(), prompt.embed_title());

    let again = press_stretched(&fake, ALICE_ID, &prompt).await;
    assert!(again.starts_with("You already checked in"), "{again}");
    let second = press_stretched(&fake, BOB_ID, &prompt).await;
    assert_eq!(second, "Nice one! Your streak: 1 day.");
    let two = fake
        .wait_for("the count of two", T, |st| {
            st.visible_messages(TEXT_CHANNEL)
                .into_iter()
                .find(|m| m.id == prompt.id && shown_count(m).as_deref() == Some("2 people"))
        })
        .await;
    // Alice's second press was not counted, and the edits came at most one per 5 s.
    let edit_times: Vec<_> = two.edits.iter().map(|e| e.at).collect();
    for pair in edit_times.windows(2) {
        let gap = pair[1].duration_since(pair[0]);
        assert!(gap.as_secs_f64() > 4.5, "edits {gap:?} apart");
    }
    let db = bot.database_path();
    assert_eq!(
        rows_about(&db, "checkins", ALICE_ID),
        1,
        "one check-in per prompt"
    );

    // /stats me: the numbers, and the chart as a PNG with alt text.
    let me = fake.send_slash_command(ALICE_ID, "stats me", json!({}));
    let shown = me.wait_original(T).await;
    assert!(shown.is_ephemeral(), "only Alice sees her stats");
    let fields: Vec<(String, String)> = shown.embeds[0]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["name"].as_str().unwrap().to_owned(),
                f["value"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert!(
        fields.contains(&("This week".into(), "1 check-in".into())),
        "{fields:?}"
    );
    assert!(
        fields.contains(&("Current streak".into(), "1 day".into())),
        "{fields:?}"
    );
    assert_eq!(shown.attachments.len(), 1, "{:?}", shown.attachments);
    let chart = &shown.attachments[0];
    assert!(chart.filename.ends_with(".png"), "{chart:?}");
    assert!(chart.size > 1_000, "a real picture: {chart:?}");
    let alt = chart.description.clone().unwrap_or_default();
    assert!(alt.starts_with("Bar chart of check-ins per week"), "{alt}");
    assert!(alt.contains("week of 2026-06-08: 1"), "{alt}");
    let image = shown.embeds[0]["image"]["url"].as_str().unwrap_or_default();
    assert!(
        image.ends_with(&format!("/{}", chart.filename)),
        "the card shows the chart: {image}"
    );

    // /stats share on, then forget-me: nothing about Alice is left; Bob's check-in stays.
    // Choices travel as their index: 0 is "on".
    let (shared, _) =
        answer(&fake.send_slash_command(ALICE_ID, "stats share", json!({"setting": 0}))).await;
    assert!(shared.contains("names you"), "{shared}");
    assert_eq!(rows_about(&db, "stats_sharing", ALICE_ID), 1);
    let (nudging, _) =
        answer(&fake.send_slash_command(ALICE_ID, "nudges on", json!({"timezone": "UTC"}))).await;
    assert!(nudging.contains("<t:"), "{nudging}");
    assert_eq!(rows_about(&db, "nudge_people", ALICE_ID), 1);
    assert_eq!(rows_about(&db, "people", ALICE_ID), 1, "her language");
    let ask = fake.send_slash_command(ALICE_ID, "stats forget-me", json!({}));
    let confirm = ask.wait_original(T).await;
    assert!(confirm.is_ephemeral());
    assert!(
        confirm.content.contains("cannot be undone"),
        "{}",
        confirm.content
    );
    let button = format!("stats:forget:{ALICE_ID}");
    assert_eq!(confirm.custom_ids(), vec![button.clone()]);
    assert_eq!(
        rows_about(&db, "checkins", ALICE_ID),
        1,
        "nothing deleted before the confirm"
    );
    let press = fake.press_button(ALICE_ID, confirm.id, &button);
    let done = press.wait_original(T).await;
    assert!(done.content.starts_with("Done"), "{}", done.content);
    assert_eq!(rows_about(&db, "checkins", ALICE_ID), 0);
    assert_eq!(rows_about(&db, "stats_sharing", ALICE_ID), 0);
    assert_eq!(rows_about(&db, "nudge_people", ALICE_ID), 0);
    assert_eq!(rows_about(&db, "people", ALICE_ID), 0);
    assert_eq!(
        rows_about(&db, "checkins", BOB_ID),
        1,
        "only Alice's rows went"
    );
    fake.assert_payloads_ok();
    bot.assert_no_unknown_events();
}

#[tokio::test]
async fn finishing_a_live_session_checks_in_each_participant_once() {
    let pack = FastPack::new();
    let fake = FakeDiscord::start().await;
    let bot = fake_discord::harness::BotProcess::spawn(&fake, pack.options());
    fake.wait_for_commands(Some(GUILD_ID), T).await;
    let lobby = start_session(&fake, ALICE_ID, json!({"lobby": 2, "sets": 1, "hold": 4})).await;
    let join = crate::sessions::button(&lobby, "join");
    let press = fake.press_button(BOB_ID, lobby.id, &join);
    assert!(press.wait_callback(T).await.accepted());
    bot.wait_for_log("session ended", T).await;
    let found = checkins(&bot.database_path());
    let users: Vec<u64> = found.iter().map(|(u, _)| *u).collect();
    let mut want = vec![ALICE_ID, BOB_ID];
    want.sort_unstable();
    assert_eq!(users, want, "{found:?}");
    assert!(
        found.iter().all(|(_, s)| s.starts_with("session:")),
        "{found:?}"
    );
    // Their /stats me counts it.
    let me = fake.send_slash_command(BOB_ID, "stats me", json!({}));
    let shown = me.wait_original(T).await;
    let text = serde_json::to_string(&shown.embeds).unwrap();
    assert!(text.contains("1 check-in"), "{text}");
    bot.assert_no_unknown_events();
}
