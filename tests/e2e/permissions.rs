//! Nobody can make the bot do what they could not do themselves (issue 16): ping roles, who may
//! start a session where, and buttons pressed away from what they control. Each test failed
//! before its fix.

use std::time::Duration;

use serde_json::json;

use crate::bot_options;
use crate::reminders::{
    add, admin, assert_one_sentence, at, is_prompt, list, list_text, listed, quiet, start_at, T,
};
use crate::sessions::answer;
use fake_discord::*;

/// Lobby messages (they carry a join button) visible in `channel`.
fn lobbies(fake: &FakeDiscord, channel: u64) -> Vec<RecordedMessage> {
    fake.messages(channel)
        .into_iter()
        .filter(|m| !m.is_deleted() && m.custom_ids().iter().any(|c| c.ends_with(":join")))
        .collect()
}

/// Bob manages the server but may not mention everyone.
fn make_bob_a_manager(fake: &FakeDiscord) {
    fake.set_member_roles(BOB_ID, &[MANAGER_ROLE]);
}

// ----- ping roles ------------------------------------------------------------------------------

#[tokio::test]
async fn a_quiet_ping_role_needs_an_admin_who_may_mention_everyone() {
    let (fake, bot) = start_at(at("2026-06-10T08:00:00Z"), bot_options()).await;
    make_bob_a_manager(&fake);
    let quiet_role = json!({"time": "09:00", "channel": TEXT_CHANNEL.to_string(), "ping_role": QUIET_ROLE.to_string()});
    let (refusal, ephemeral) =
        answer(&fake.send_slash_command(BOB_ID, "reminders add", quiet_role.clone())).await;
    eprintln!("refusal: {refusal}");
    assert!(ephemeral);
    assert!(refusal.contains("mention"), "{refusal}");
    assert_one_sentence(&refusal);
    assert_eq!(listed(&list(&fake).await), 0, "nothing saved");

    // A mentionable role is fine for him; an edit to the quiet one is refused and changes nothing.
    let (saved, _) = answer(&fake.send_slash_command(
        BOB_ID,
        "reminders add",
        json!({"time": "09:00", "channel": TEXT_CHANNEL.to_string(),
               "ping_role": MENTIONABLE_ROLE.to_string()}),
    ))
    .await;
    assert!(saved.contains(" saved: "), "{saved}");
    let (refusal, _) = answer(&fake.send_slash_command(
        BOB_ID,
        "reminders edit",
        json!({"id": 1, "ping_role": QUIET_ROLE.to_string()}),
    ))
    .await;
    assert!(refusal.contains("mention"), "{refusal}");
    assert_one_sentence(&refusal);
    let text = list_text(&list(&fake).await);
    assert!(
        text.contains(&format!("pings <@&{MENTIONABLE_ROLE}>")),
        "{text}"
    );

    // An admin (Mention Everyone) may pick the quiet role.
    add(&fake, quiet_role).await;
    let text = list_text(&list(&fake).await);
    assert!(text.contains(&format!("pings <@&{QUIET_ROLE}>")), "{text}");
    bot.assert_no_unknown_events();
    fake.assert_healthy();
}

#[tokio::test]
async fn reminders_test_pings_nobody_and_shows_who_would_be_pinged() {
    let (fake, bot) = start_at(at("2026-06-10T08:00:00Z"), bot_options()).await;
    add(
        &fake,
        json!({"time": "09:00", "channel": TEXT_CHANNEL.to_string(),
               "ping_role": MENTIONABLE_ROLE.to_string()}),
    )
    .await;
    let (text, _) = admin(&fake, "reminders test", json!({"id": 1})).await;
    assert!(text.contains("Test posted"), "{text}");
    let post = fake
        .wait_for("the test post", T, |st| {
            st.visible_messages(TEXT_CHANNEL).into_iter().find(|m| {
                m.embed_title()
                    .is_some_and(|t| t.starts_with("Stretch break"))
            })
        })
        .await;
    eprintln!("test post content: {:?}", post.content);
    assert!(post.pinged.is_empty(), "pinged {:?}", post.pinged);
    assert!(post.mention_roles.is_empty(), "{:?}", post.mention_roles);
    assert!(
        post.content.contains(&format!("<@&{MENTIONABLE_ROLE}>")),
        "shows who would be pinged: {:?}",
        post.content
    );
    bot.assert_no_unknown_events();
    fake.assert_healthy();
}

// ----- who may start a session where -------------------------------------------------------------

#[tokio::test]
async fn members_who_may_not_send_in_a_channel_cannot_make_the_bot_run_a_stretch_there() {
    let (fake, bot) = start_at(at("2026-06-10T08:59:50Z"), bot_options()).await;
    // `/stretch start` in the read-only channel.
    let h = fake.send_slash_command_in(READONLY_CHANNEL, ALICE_ID, "stretch start", json!({}));
    let (refusal, ephemeral) = answer(&h).await;
    eprintln!("/stretch start refusal: {refusal}");
    assert!(ephemeral, "{refusal}");
    assert!(refusal.contains("Send Messages"), "{refusal}");
    assert_one_sentence(&refusal);

    // The prompt's group button in the read-only channel.
    add(
        &fake,
        json!({"time": "09:00", "channel": READONLY_CHANNEL.to_string()}),
    )
    .await;
    let (prompt, group) = group_button(&fake, READONLY_CHANNEL).await;
    let (refusal, ephemeral) = answer(&fake.press_button(ALICE_ID, prompt.id, &group)).await;
    eprintln!("group button refusal: {refusal}");
    assert!(ephemeral, "{refusal}");
    assert!(refusal.contains("Send Messages"), "{refusal}");
    assert_one_sentence(&refusal);
    quiet(2).await;
    assert!(
        lobbies(&fake, READONLY_CHANNEL).is_empty(),
        "nothing posted: {:?}",
        fake.messages(READONLY_CHANNEL)
            .iter()
            .map(|m| m.custom_ids())
            .collect::<Vec<_>>()
    );

    // Someone who may send there (an admin) still can.
    let h = fake.send_slash_command_in(READONLY_CHANNEL, ADMIN_ID, "stretch start", json!({}));
    let (started, _) = answer(&h).await;
    fake.wait_for("the admin's lobby", T, |st| {
        st.visible_messages(READONLY_CHANNEL)
            .into_iter()
            .find(|m| m.custom_ids().iter().any(|c| c.ends_with(":join")))
    })
    .await;
    eprintln!("admin: {started}");
    bot.assert_no_unknown_events();
    fake.assert_healthy();
}

// ----- buttons act only where they belong --------------------------------------------------------

#[tokio::test]
async fn session_buttons_act_only_in_their_sessions_channel() {
    let (fake, bot) = start_at(at("2026-06-10T08:00:00Z"), bot_options()).await;
    let h = fake.send_slash_command(ALICE_ID, "stretch start", json!({"lobby": 600}));
    answer(&h).await;
    let lobby = fake
        .wait_for("the lobby", T, |st| {
            st.visible_messages(TEXT_CHANNEL)
                .into_iter()
                .find(|m| m.custom_ids().iter().any(|c| c.ends_with(":join")))
        })
        .await;
    let cancel = lobby
        .custom_ids()
        .into_iter()
        .find(|c| c.ends_with(":cancel"))
        .expect("a cancel button");
    // The starter's own cancel, but sent from another channel: refused, the session goes on.
    let (refusal, ephemeral) =
        answer(&fake.press_button_from(ALICE_ID, SYSTEM_CHANNEL, lobby.id, &cancel)).await;
    eprintln!("refusal: {refusal}");
    assert!(ephemeral);
    assert!(refusal.contains("another channel"), "{refusal}");
    assert_one_sentence(&refusal);
    quiet(1).await;
    let (status, _) = answer(&fake.send_slash_command(ALICE_ID, "stretch pause", json!({}))).await;
    assert!(
        !status.contains("no stretch session"),
        "the session still runs: {status}"
    );
    bot.assert_no_unknown_events();
    fake.assert_healthy();
}

#[tokio::test]
async fn a_prompts_group_button_opens_the_lobby_only_in_the_reminders_channel() {
    let (fake, bot) = start_at(at("2026-06-10T08:59:50Z"), bot_options()).await;
    add(
        &fake,
        json!({"time": "09:00", "channel": TEXT_CHANNEL.to_string()}),
    )
    .await;
    let (prompt, group) = group_button(&fake, TEXT_CHANNEL).await;
    // The reminder moves; its old prompt's button no longer opens anything anywhere.
    let (moved, _) = admin(
        &fake,
        "reminders edit",
        json!({"id": 1, "channel": SYSTEM_CHANNEL.to_string()}),
    )
    .await;
    eprintln!("edit: {moved}");
    let (refusal, ephemeral) = answer(&fake.press_button(ALICE_ID, prompt.id, &group)).await;
    eprintln!("refusal: {refusal}");
    assert!(ephemeral);
    assert!(refusal.contains("another channel"), "{refusal}");
    assert_one_sentence(&refusal);
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert!(lobbies(&fake, SYSTEM_CHANNEL).is_empty(), "no lobby there");
    assert!(lobbies(&fake, TEXT_CHANNEL).is_empty(), "no lobby here");
    bot.assert_no_unknown_events();
    fake.assert_healthy();
}

/// Waits for the 09:00 prompt in `channel`; returns it and its "Start a group stretch" button id.
async fn group_button(fake: &FakeDiscord, channel: u64) -> (RecordedMessage, String) {
    let prompt = fake
        .wait_for("the 09:00 prompt", T, |st| {
            st.visible_messages(channel).into_iter().find(is_prompt)
        })
        .await;
    let group = prompt
        .custom_ids()
        .into_iter()
        .find(|c| c.starts_with("prompt:group:"))
        .expect("a group button");
    (prompt, group)
}
