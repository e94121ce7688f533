//! Languages end to end: the commands the bot registers carry their names and descriptions in
//! every language, within Discord's rules as the fake checks them.

use std::time::Duration;

use serde_json::{json, Value};

use crate::childspose::started;
use crate::sessions::{
    answer, button, events_exactly_once, start_session, wait_finished, FastPack,
};
use fake_discord::validate::{command, FormErrors};
use fake_discord::*;

const T: Duration = Duration::from_secs(20);

const CODES: [&str; 8] = [
    "en-US", "en-GB", "fr", "de", "es-ES", "es-419", "pt-BR", "ja",
];

fn find<'a>(list: &'a Value, name: &str) -> &'a Value {
    list.as_array()
        .and_then(|l| l.iter().find(|c| c["name"] == name))
        .unwrap_or_else(|| panic!("no {name} in {list:#}"))
}

#[tokio::test]
async fn registered_commands_carry_every_languages_names_and_descriptions() {
    let (fake, _bot) = started().await;
    let commands = Value::Array(fake.registered_commands(Some(GUILD_ID)));
    let childspose = find(&commands, "childspose");
    for code in CODES {
        assert!(
            childspose["name_localizations"][code].is_string(),
            "{code}: {childspose:#}"
        );
        assert!(
            childspose["description_localizations"][code].is_string(),
            "{code}"
        );
    }
    assert_eq!(childspose["name_localizations"]["fr"], "posture-enfant");
    assert_eq!(childspose["name_localizations"]["ja"], "チャイルドポーズ");
    assert_eq!(childspose["name_localizations"]["en-GB"], "childspose");
    let section = find(&childspose["options"], "section");
    assert_eq!(section["name_localizations"]["de"], "teil");
    let steps = find(&section["choices"], "steps");
    assert_eq!(steps["name_localizations"]["pt-BR"], "passos");
    assert_eq!(steps["name_localizations"]["es-419"], "pasos");
    let reminders = find(&commands, "reminders");
    let add = find(&reminders["options"], "add");
    assert_eq!(add["name_localizations"]["fr"], "ajouter");
    let where_ = find(&add["options"], "where");
    assert_eq!(
        where_["description_localizations"]["ja"]
            .as_str()
            .map(|s| s.contains("desk")),
        Some(true)
    );
    let help = find(&commands, "help");
    assert_eq!(help["name_localizations"]["pt-BR"], "ajuda");
}

#[test]
fn the_fake_refuses_localized_names_discord_would_refuse() {
    let mut e = FormErrors::default();
    command(
        &mut e,
        "",
        &json!({
            "name": "ok", "description": "fine", "type": 1,
            "name_localizations": {"fr": "Pas Bon", "xx": "ok"},
            "description_localizations": {"de": ""},
            "options": [{"type": 3, "name": "a", "description": "d",
                "name_localizations": {"ja": "ok"},
                "choices": [{"name": "c", "value": "c", "name_localizations": {"fr": ""}}]}],
        }),
    );
    let text = format!("{e:?}");
    // Errors nest by path (name_localizations.fr and .xx, description_localizations.de,
    // options.0.choices.0.name_localizations.fr).
    assert!(
        text.contains("Pas Bon") && text.contains("APPLICATION_COMMAND_INVALID_NAME"),
        "{text}"
    );
    assert!(text.contains("LOCALE_INVALID"), "{text}");
    assert_eq!(text.matches("BASE_TYPE_BAD_LENGTH").count(), 2, "{text}");
    assert!(text.contains("choices"), "{text}");
    let mut ok = FormErrors::default();
    command(
        &mut ok,
        "",
        &json!({"name": "ok", "description": "fine", "type": 1,
        "name_localizations": {"ja": "チャイルドポーズ", "fr": "posture-enfant"}}),
    );
    assert!(ok.is_empty(), "{ok:?}");
}

/// The text of every card of an answer.
fn cards_text(data: &Value) -> String {
    let mut out = String::new();
    for e in data["embeds"].as_array().into_iter().flatten() {
        for k in ["title", "description"] {
            out.push_str(e[k].as_str().unwrap_or(""));
            out.push('\n');
        }
        for f in e["fields"].as_array().into_iter().flatten() {
            out.push_str(f["name"].as_str().unwrap_or(""));
            out.push('\n');
            out.push_str(f["value"].as_str().unwrap_or(""));
            out.push('\n');
        }
        out.push_str(e["footer"]["text"].as_str().unwrap_or(""));
        out.push('\n');
    }
    out
}

/// `/childspose section:all` as `user` sees it, after setting their client's language.
async fn childspose_all(fake: &FakeDiscord, user: u64, locale: &str) -> Value {
    fake.set_user_locale(user, locale);
    let value = crate::childspose::section_value(fake, "all");
    let cb = fake
        .send_slash_command(user, "childspose", json!({ "section": value }))
        .wait_callback(T)
        .await;
    assert!(
        cb.accepted(),
        "{locale}: the fake refused the answer: {:?}",
        cb.error
    );
    cb.data
}

#[tokio::test]
async fn childspose_answers_in_the_invokers_language_and_english_for_an_unknown_one() {
    let (fake, bot) = started().await;
    let fr = childspose_all(&fake, ALICE_ID, "fr").await;
    let text = cards_text(&fr);
    for word in [
        "genoux",
        "talons",
        "front",
        "Respirez",
        "Posture de l'enfant",
        "Étape 1",
        "1 à 3",
    ] {
        assert!(text.contains(word), "French lacks {word:?}:\n{text}");
    }
    assert!(!text.contains("Starting position"), "{text}");
    assert!(
        fr["attachments"][0]["description"]
            .as_str()
            .is_some_and(|alt| alt.contains("posture de l'enfant")),
        "French alt text: {fr:#}"
    );
    let ja = cards_text(&childspose_all(&fake, ALICE_ID, "ja").await);
    for word in ["チャイルドポーズ", "かかと", "額", "呼吸", "ステップ 1"] {
        assert!(ja.contains(word), "Japanese lacks {word:?}:\n{ja}");
    }
    // en-GB speaks English; a language we do not have falls back to English.
    for locale in ["en-GB", "ko"] {
        let en = cards_text(&childspose_all(&fake, ALICE_ID, locale).await);
        for word in [
            "Starting position",
            "Why practise it?",
            "Step 1 — ",
            "not medical advice",
        ] {
            assert!(en.contains(word), "{locale} lacks {word:?}:\n{en}");
        }
    }
    fake.assert_no_unknown_routes();
    fake.assert_payloads_ok();
    bot.assert_no_unknown_events();
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

#[test]
fn check_names_the_file_and_key_a_translation_lacks_or_adds_and_preview_speaks_french() {
    let out = crate::cli::stretchbot(&["preview", "all", "--locale", "fr"], &[]);
    assert!(out.status.success(), "{out:?}");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("Posture de l'enfant : étape par étape"),
        "{text}"
    );
    assert!(text.contains("genoux"), "{text}");

    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    copy_dir(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content"),
        &content,
    );
    let env = [("STRETCHBOT_CONTENT_DIR", content.to_str().unwrap())];
    let out = crate::cli::stretchbot(&["check"], &env);
    assert!(out.status.success(), "the copy checks: {out:?}");

    // German loses the last safety tip of the stretch: check names the file and the key.
    let file = content.join("locales/de/childs-pose.toml");
    let german = std::fs::read_to_string(&file).unwrap();
    let cut = german.rfind("[[safety]]").unwrap();
    let end = german[cut..].find("\n[benefits]").unwrap() + cut;
    std::fs::write(&file, format!("{}{}", &german[..cut], &german[end..])).unwrap();
    let out = crate::cli::stretchbot(&["check"], &env);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        err.contains("locales/de/childs-pose.toml") && err.contains("safety.4.tip"),
        "{err}"
    );
    std::fs::write(&file, &german).unwrap();

    // Japanese gains a command key English does not have.
    let file = content.join("locales/ja/commands.ftl");
    let mut japanese = std::fs::read_to_string(&file).unwrap();
    japanese.push_str("cmd-yoga = ヨガ\n");
    std::fs::write(&file, japanese).unwrap();
    let out = crate::cli::stretchbot(&["check"], &env);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        err.contains("locales/ja/commands.ftl") && err.contains("cmd-yoga"),
        "{err}"
    );
}

#[tokio::test]
async fn help_answers_in_portuguese_for_a_pt_br_member_and_english_otherwise() {
    let (fake, bot) = started().await;
    fake.set_user_locale(BOB_ID, "pt-BR");
    let help = fake
        .send_slash_command(BOB_ID, "help", json!({}))
        .wait_callback(T)
        .await;
    assert!(help.accepted() && help.is_ephemeral(), "{help:?}");
    let text = cards_text(&help.data);
    for words in [
        "alongamento",
        "Postura da criança",
        "Lembretes",
        // The command as a Portuguese client names it, not its English name.
        "/postura-da-criança [parte]",
    ] {
        assert!(
            text.contains(words),
            "Portuguese /help lacks {words:?}:\n{text}"
        );
    }
    let help = fake
        .send_slash_command(ALICE_ID, "help", json!({}))
        .wait_callback(T)
        .await;
    let text = cards_text(&help.data);
    assert!(
        text.contains("stretchbot: take your stretch breaks"),
        "{text}"
    );
    bot.assert_no_unknown_events();
}

#[tokio::test]
async fn an_admin_sets_the_servers_language_and_is_answered_in_their_own() {
    let (fake, bot) = started().await;
    let commands = Value::Array(fake.registered_commands(Some(GUILD_ID)));
    let language = find(&find(&commands, "reminders")["options"], "language");
    let option = find(&language["options"], "language");
    assert_eq!(option["name_localizations"]["de"], "sprache");
    let german = find(&option["choices"], "german");
    assert_eq!(german["name_localizations"]["fr"], "allemand");
    fake.set_user_locale(ADMIN_ID, "fr");
    let handle = fake.send_slash_command(
        ADMIN_ID,
        "reminders language",
        json!({ "language": german["value"] }),
    );
    let (text, ephemeral) = answer(&handle).await;
    assert!(ephemeral);
    assert_eq!(
        text,
        "Les publications de ce serveur (rappels, salles d'attente, étapes des séances) sont désormais en allemand."
    );
    bot.assert_no_unknown_events();
}

/// The fast content pack of the session tests, with every language's files.
async fn fast_with_languages() -> (FakeDiscord, fake_discord::harness::BotProcess, FastPack) {
    let pack = FastPack::new();
    copy_dir(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content/locales"),
        &pack.dir.path().join("content/locales"),
    );
    // Only the one stretch of the fast pack: the other stretches' translations stay out.
    for entry in std::fs::read_dir(pack.dir.path().join("content/locales")).unwrap() {
        for file in std::fs::read_dir(entry.unwrap().path()).unwrap() {
            let path = file.unwrap().path();
            let toml = path.extension().is_some_and(|x| x == "toml");
            if toml && !path.ends_with("childs-pose.toml") {
                std::fs::remove_file(path).unwrap();
            }
        }
    }
    let fake = FakeDiscord::start().await;
    let bot = fake_discord::harness::BotProcess::spawn(&fake, pack.options());
    fake.wait_for_commands(Some(GUILD_ID), T).await;
    (fake, bot, pack)
}

#[tokio::test]
async fn a_server_set_to_german_gets_its_session_in_german_while_a_pt_br_members_help_is_portuguese(
) {
    let (fake, bot, _pack) = fast_with_languages().await;
    let commands = Value::Array(fake.registered_commands(Some(GUILD_ID)));
    let language = find(&find(&commands, "reminders")["options"], "language");
    let german = find(&find(&language["options"], "language")["choices"], "german").clone();
    let handle = fake.send_slash_command(
        ADMIN_ID,
        "reminders language",
        json!({ "language": german["value"] }),
    );
    let (text, _) = answer(&handle).await;
    assert!(text.to_lowercase().contains("german"), "{text}");
    // Discord's language of the server is French: the one the admins set comes first.
    fake.set_guild_locale(GUILD_ID, "fr");
    let lobby = start_session(&fake, ALICE_ID, json!({"lobby": 0, "sets": 2, "hold": 4})).await;
    assert!(
        lobby
            .content
            .starts_with("**Gruppendehnung: Kindhaltung (Balasana)**"),
        "{}",
        lobby.content
    );
    // Meanwhile a Brazilian member asks for help, and is answered in Portuguese.
    fake.set_user_locale(BOB_ID, "pt-BR");
    let help = fake
        .send_slash_command(BOB_ID, "help", json!({}))
        .wait_callback(T)
        .await;
    assert!(cards_text(&help.data).contains("alongamento"), "{help:?}");

    let messages = wait_finished(&fake).await;
    let events = events_exactly_once(&messages);
    let all: String = events
        .values()
        .map(|m| format!("{}\n", m.content))
        .collect();
    for words in [
        "**Los geht's: Kindhaltung",
        "2 Sätze · 4 s halten",
        "Satz 1 von 2 · Schritt 1 von 4",
        "halten, endet <t:",
        "**Die Hälfte des Haltens ist geschafft**",
        "**Pause**: Satz 2 von 2 beginnt <t:",
        "Gut gedehnt!**",
        "**Gemeinsam gedehnt:** <@",
    ] {
        assert!(
            all.contains(words),
            "no {words:?} in the German session:\n{all}"
        );
    }
    let buttons = Value::Array(events[&0].components.clone()).to_string();
    assert!(buttons.contains("\"Schritt überspringen\""), "{buttons}");
    for english in ["Let's stretch", "Step 1 of", "Stretched together", "Rest**"] {
        assert!(!all.contains(english), "{english:?} in:\n{all}");
    }
    let wrapped = fake
        .wait_for("the lobby's wrap-up", T, |st| {
            st.visible_messages(TEXT_CHANNEL)
                .into_iter()
                .find(|m| m.id == lobby.id && m.content.contains("ist fertig"))
        })
        .await;
    assert!(
        wrapped
            .content
            .contains("Danke an alle, die mitgemacht haben"),
        "{}",
        wrapped.content
    );
    fake.assert_payloads_ok();
    bot.assert_no_unknown_events();
}

#[tokio::test]
async fn without_a_set_language_a_session_speaks_the_servers_discord_language_and_else_english() {
    let (fake, bot, _pack) = fast_with_languages().await;
    fake.set_guild_locale(GUILD_ID, "fr");
    let lobby = start_session(&fake, ALICE_ID, json!({"lobby": 60})).await;
    assert!(
        lobby.content.starts_with("**Étirement de groupe : "),
        "{}",
        lobby.content
    );
    assert!(
        lobby.content.contains("Cliquez sur **Rejoindre**"),
        "{}",
        lobby.content
    );
    let cancel = button(&lobby, "cancel");
    let (_, ephemeral) = answer(&fake.press_button(ALICE_ID, lobby.id, &cancel)).await;
    assert!(ephemeral);
    fake.wait_for("the cancelled lobby", T, |st| {
        st.visible_messages(TEXT_CHANNEL)
            .into_iter()
            .find(|m| m.id == lobby.id && m.content.contains("a été annulé par"))
    })
    .await;
    // A language Discord has and we do not: English.
    fake.set_guild_locale(GUILD_ID, "ko");
    let lobby = start_session(&fake, ALICE_ID, json!({"lobby": 60})).await;
    assert!(
        lobby
            .content
            .starts_with("**Group stretch: Child's Pose (Balasana)**"),
        "{}",
        lobby.content
    );
    fake.assert_payloads_ok();
    bot.assert_no_unknown_events();
}

#[tokio::test]
async fn reminders_answer_each_admin_in_their_own_language() {
    let (fake, bot) = started().await;
    let channel = TEXT_CHANNEL.to_string();
    // A French admin's impossible time: one French sentence, and nothing is saved.
    fake.set_user_locale(ADMIN_ID, "fr");
    let (text, ephemeral) = answer(&fake.send_slash_command(
        ADMIN_ID,
        "reminders add",
        json!({ "time": "25:00", "channel": channel }),
    ))
    .await;
    assert!(ephemeral);
    assert_eq!(
        text,
        "« 25:00 » n'est pas une heure : les heures vont de 00 à 23 sur 24 heures."
    );
    let (list, _) = answer(&fake.send_slash_command(ADMIN_ID, "reminders list", json!({}))).await;
    assert_eq!(
        list,
        "Ce serveur n'a encore aucun rappel : ajoutez-en un avec /rappels ajouter."
    );
    // A German admin's reminder is confirmed in German, its days and kind too.
    fake.set_user_locale(ADMIN_ID, "de");
    let (text, ephemeral) = answer(&fake.send_slash_command(
        ADMIN_ID,
        "reminders add",
        json!({ "time": "09:30", "channel": channel, "days": "weekdays" }),
    ))
    .await;
    assert!(ephemeral);
    assert!(
        text.starts_with(&format!(
            "Erinnerung #1 gespeichert: Erinnerung in <#{TEXT_CHANNEL}> um 09:30 werktags ("
        )),
        "{text}"
    );
    assert!(text.contains("Nächste: <t:"), "{text}");
    bot.assert_no_unknown_events();
}

#[tokio::test]
async fn a_server_set_to_german_gets_its_0900_prompt_in_german() {
    use crate::reminders::{add, at, is_fire_nonce, nonce_of, offset_secs, start_at};
    let (fake, bot) = start_at(at("2026-06-10T08:59:50Z"), crate::bot_options()).await;
    let commands = Value::Array(fake.registered_commands(Some(GUILD_ID)));
    let language = find(&find(&commands, "reminders")["options"], "language");
    let german = find(&find(&language["options"], "language")["choices"], "german").clone();
    let (text, _) = answer(&fake.send_slash_command(
        ADMIN_ID,
        "reminders language",
        json!({ "language": german["value"] }),
    ))
    .await;
    assert!(text.to_lowercase().contains("german"), "{text}");
    add(
        &fake,
        json!({"time": "09:00", "channel": TEXT_CHANNEL.to_string()}),
    )
    .await;
    let prompt = fake
        .wait_for("the 09:00 prompt", T + T, |st| {
            st.visible_messages(TEXT_CHANNEL)
                .into_iter()
                .find(|m| is_fire_nonce(&nonce_of(m)))
        })
        .await;
    let off = offset_secs(&prompt, at("2026-06-10T09:00:00Z"));
    assert!((0.0..1.0).contains(&off), "posted {off:+.3} s from 09:00");
    let title = prompt.embed_title().unwrap_or_default();
    assert!(title.starts_with("Dehnpause: "), "{title}");
    let buttons = Value::Array(prompt.components.clone()).to_string();
    for label in [
        "Zeig mir, wie",
        "Ich habe gedehnt",
        "Gruppendehnung starten",
    ] {
        assert!(buttons.contains(label), "no {label:?} in {buttons}");
    }
    assert!(!buttons.contains("Show me how"), "{buttons}");
    let footer = prompt.embeds[0]["footer"]["text"]
        .as_str()
        .unwrap_or_default();
    assert!(footer.starts_with("Erinnerung Nr. 1"), "{footer}");
    fake.assert_payloads_ok();
    bot.assert_no_unknown_events();
}
