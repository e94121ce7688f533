//! A command that needs the bot in the server, used from a server the bot is not in (only the
//! person installed the app, or the server added its commands without the bot), says so with
//! the invite link instead of a misleading permission message (issue 16). Failed before its fix:
//! `/stretch start` answered "I can't lead a stretch here: I need the View Channel, Send
//! Messages permission in this channel."

use serde_json::json;

use crate::bot_options;
use crate::reminders::{assert_one_sentence, at, T};
use crate::sessions::answer;
use fake_discord::harness::{BotOptions, BotProcess};
use fake_discord::*;

/// The bot with its commands registered globally, as in production: only global commands are
/// offered in a server the bot is not in.
async fn start_global() -> (FakeDiscord, BotProcess) {
    let fake = FakeDiscord::start_with(FakeOptions {
        clock_start: Some(at("2026-06-10T08:00:00Z")),
        ..FakeOptions::default()
    })
    .await;
    let opts = bot_options();
    let bot = BotProcess::spawn(
        &fake,
        BotOptions {
            test_clock: Some(fake.now_utc()),
            env: vec![("DISCORD_GUILD_ID".into(), "0".into())],
            ..opts
        },
    );
    fake.wait_for_commands(None, T).await;
    (fake, bot)
}

fn assert_invites(refusal: &str) {
    assert_one_sentence(refusal);
    assert!(refusal.contains("this server"), "{refusal}");
    let link = format!(
        "https://discord.com/oauth2/authorize?client_id={APPLICATION_ID}&scope=bot+applications.commands&permissions="
    );
    assert!(refusal.contains(&link), "{refusal}");
    assert!(!refusal.contains("permission in this channel"), "{refusal}");
}

#[tokio::test]
async fn commands_that_need_the_bot_say_so_and_invite_where_only_the_app_is() {
    let (fake, bot) = start_global().await;
    for (install, user, command) in [
        (Install::User, ALICE_ID, "stretch start"),
        (Install::User, ALICE_ID, "stretch stop"),
        (Install::CommandsOnly, ADMIN_ID, "stretch start"),
        (Install::CommandsOnly, ADMIN_ID, "reminders list"),
        (Install::CommandsOnly, ADMIN_ID, "reminders timezone"),
    ] {
        let options = if command == "reminders timezone" {
            json!({"zone": "Europe/Berlin"})
        } else {
            json!({})
        };
        let handle = fake.send_command_elsewhere(install, user, command, options);
        let (refusal, ephemeral) = answer(&handle).await;
        eprintln!("{install:?} /{command}: {refusal}");
        assert!(ephemeral, "/{command}");
        assert_invites(&refusal);
    }
    // Nothing was attempted in the other server, and nothing posted in the bot's own.
    assert!(fake.messages(OTHER_CHANNEL).is_empty());
    assert!(fake.messages(TEXT_CHANNEL).is_empty());

    // What needs no server keeps working anywhere.
    let handle = fake.send_command_elsewhere(Install::User, ALICE_ID, "childspose", json!({}));
    let cb = handle.wait_callback(T).await;
    assert!(cb.accepted(), "{:?}", cb.error);
    assert_eq!(cb.kind, 4);
    assert!(cb.data["embeds"][0]["title"]
        .as_str()
        .is_some_and(|t| t.contains("Child's Pose")));
    bot.assert_no_unknown_events();
    fake.assert_healthy();
}

/// Discord offers a command in a server the bot is not in only if it was registered for that
/// kind of install; `/reminders` is for servers that added the bot, so the fake refuses to send
/// it from a user install, as a Discord client would never show it there.
#[tokio::test]
async fn reminders_are_not_offered_where_only_the_person_installed_the_app() {
    let (fake, _bot) = start_global().await;
    let refused = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        fake.send_command_elsewhere(Install::User, ADMIN_ID, "reminders list", json!({}))
    }));
    assert!(refused.is_err());
}
