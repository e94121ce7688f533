//! Nobody can make the bot do what they could not do themselves (issue 16). Each test failed
//! before its fix.

use serde_json::json;

use crate::bot_options;
use crate::reminders::{add, admin, assert_one_sentence, at, list, list_text, listed, start_at, T};
use crate::sessions::answer;
use fake_discord::*;

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
