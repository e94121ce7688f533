//! Languages end to end: the commands the bot registers carry their names and descriptions in
//! every language, within Discord's rules as the fake checks them.

use serde_json::{json, Value};

use crate::childspose::started;
use fake_discord::validate::{command, FormErrors};
use fake_discord::*;

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
