//! `/help`: what the bot can do, shown only to the person asking, in their language
//! (`content/locales/*/help.ftl`), with the command names their Discord client shows.

use super::super::{reply::reply, Ctx, Error};
use crate::{
    i18n::Tr,
    message::{Card, Field, OutMessage},
};

/// One line of `/help`: a command, the subcommands it lists, and its options (`true` when
/// required), all named by their localization keys (`cmd-…`, `opt-…`).
struct Usage {
    command: &'static str,
    subcommands: &'static [&'static str],
    options: &'static [(&'static str, bool)],
    explained_by: &'static str,
}

const USAGES: &[Usage] = &[
    Usage {
        command: "childspose",
        subcommands: &[],
        options: &[("section", false), ("private", false)],
        explained_by: "help-childspose",
    },
    Usage {
        command: "stretch",
        subcommands: &["info"],
        options: &[("routine", true)],
        explained_by: "help-stretch-info",
    },
    Usage {
        command: "stretch",
        subcommands: &["start"],
        options: &[
            ("routine", false),
            ("sets", false),
            ("hold", false),
            ("lobby", false),
        ],
        explained_by: "help-stretch-start",
    },
    Usage {
        command: "stretch",
        subcommands: &["pause", "resume", "skip", "stop"],
        options: &[],
        explained_by: "help-stretch-control",
    },
    Usage {
        command: "reminders",
        subcommands: &[
            "add", "list", "edit", "remove", "pause", "resume", "skip", "test", "timezone",
            "language",
        ],
        options: &[],
        explained_by: "help-reminders",
    },
    Usage {
        command: "nudges",
        subcommands: &["on", "off", "pause", "status"],
        options: &[],
        explained_by: "help-nudges",
    },
    Usage {
        command: "stats",
        subcommands: &["me", "server", "share", "forget-me"],
        options: &[],
        explained_by: "help-stats",
    },
];

/// `/stretch info <routine>` as the reader's client names it: a German reader types
/// `/dehnen info <routine>`, so that is what help shows.
fn usage_line(tr: &Tr<'_>, usage: &Usage) -> String {
    let command = usage.command;
    let mut line = format!("/{}", tr.t(&format!("cmd-{command}")));
    if !usage.subcommands.is_empty() {
        let subs: Vec<String> = usage
            .subcommands
            .iter()
            .map(|sub| tr.t(&format!("cmd-{command}-{sub}")))
            .collect();
        line.push(' ');
        line.push_str(&subs.join(" | "));
    }
    let path = match usage.subcommands {
        [one] => format!("{command}-{one}"),
        _ => command.to_owned(),
    };
    for (option, required) in usage.options {
        let name = tr.t(&format!("opt-{path}-{option}"));
        line.push_str(&if *required {
            format!(" <{name}>")
        } else {
            format!(" [{name}]")
        });
    }
    line
}

fn help_message(tr: &Tr<'_>) -> OutMessage {
    let card = Card {
        title: tr.t("help-title"),
        description: tr.t("help-description"),
        fields: USAGES
            .iter()
            .map(|usage| Field::new(usage_line(tr, usage), tr.t(usage.explained_by)))
            .collect(),
        ..Card::default()
    };
    OutMessage {
        cards: vec![card],
        ..OutMessage::default()
    }
    .ephemeral()
}

/// What stretchbot can do.
#[poise::command(
    slash_command,
    install_context = "Guild|User",
    interaction_context = "Guild|BotDm|PrivateChannel"
)]
pub async fn help(ctx: Ctx<'_>) -> Result<(), Error> {
    let tr = Tr::new(&ctx.data().texts, super::super::locale_of(ctx));
    reply(ctx, help_message(&tr)).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{Locale, Texts};

    fn texts() -> Texts {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content/locales");
        Texts::load(&dir).unwrap()
    }

    fn names(texts: &Texts, locale: Locale) -> Vec<String> {
        help_message(&Tr::new(texts, locale)).cards[0]
            .fields
            .iter()
            .map(|f| f.name.clone())
            .collect()
    }

    #[test]
    fn english_help_names_the_commands_as_registered() {
        assert_eq!(
            names(&texts(), Locale::EnUs),
            [
                "/childspose [section] [private]",
                "/stretch info <routine>",
                "/stretch start [routine] [sets] [hold] [lobby]",
                "/stretch pause | resume | skip | stop",
                "/reminders add | list | edit | remove | pause | resume | skip | test | timezone | language",
                "/nudges on | off | pause | status",
                "/stats me | server | share | forget-me",
            ]
        );
    }

    #[test]
    fn help_names_the_commands_as_the_readers_client_shows_them() {
        let texts = texts();
        let german = names(&texts, Locale::De);
        assert_eq!(german[0], "/kindhaltung [teil] [privat]");
        assert!(
            german[2].starts_with("/dehnen starten [routine] [sätze]"),
            "{german:?}"
        );
        // Every name help shows is one the command registers in that language.
        let registered = super::super::all_localized(&texts);
        for locale in Locale::ALL {
            for line in names(&texts, locale) {
                let command = line[1..].split(' ').next().unwrap().to_owned();
                assert!(
                    registered.iter().any(|c| c.name == command
                        || c.name_localizations.iter().any(|(_, n)| *n == command)),
                    "{line} in {}",
                    locale.code()
                );
            }
        }
    }
}
