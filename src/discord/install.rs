//! Commands used from a server the bot is not in. Discord lets a person install the app to their
//! own account and use its commands anywhere, and lets a server add the commands without the bot
//! (the `applications.commands` scope alone); either way the interaction arrives from a server
//! where the bot has no member, no channels in its cache and only the permissions an interaction
//! response carries. A command that acts in the server through the bot would then fail with a
//! permission or "still loading" message that no one can act on, so it gets one sentence with
//! the link that adds the bot instead, before any check that would mislead.

use poise::serenity_prelude as serenity;

use crate::i18n::{Arg, Tr};

/// What the bot asks for when it is added (the README's table, as one integer), each for a
/// reason:
/// - View Channel, Send Messages: post lobbies, steps and prompts;
/// - Embed Links: every card is an embed;
/// - Attach Files: the illustration travels with the cards;
/// - Mention Everyone: ping a reminder's role that is not mentionable, which only an admin who
///   may mention everyone can choose (every post still names the one role it may ping);
/// - Create Events, Manage Events: the server event a group reminder shows, edited and removed
///   with it.
pub const BOT_PERMISSIONS: serenity::Permissions = serenity::Permissions::VIEW_CHANNEL
    .union(serenity::Permissions::SEND_MESSAGES)
    .union(serenity::Permissions::EMBED_LINKS)
    .union(serenity::Permissions::ATTACH_FILES)
    .union(serenity::Permissions::MENTION_EVERYONE)
    .union(serenity::Permissions::CREATE_EVENTS)
    .union(serenity::Permissions::MANAGE_EVENTS);

/// The link that adds the bot, with its commands and [`BOT_PERMISSIONS`], to a server.
pub fn invite_url(application_id: u64) -> String {
    format!(
        "https://discord.com/oauth2/authorize?client_id={application_id}&scope=bot+applications.commands&permissions={}",
        BOT_PERMISSIONS.bits()
    )
}

/// The refusal, in `tr`'s language. The link sits in angle brackets so Discord shows no preview
/// card under it.
pub fn needs_the_bot_sentence(tr: &Tr<'_>, application_id: u64) -> String {
    tr.t_args(
        "answer-needs-the-bot",
        &[("link", Arg::Str(&invite_url(application_id)))],
    )
}

/// Whether the command (down to its sub-command) acts in the server through the bot: the
/// commands marked guild-only are exactly those.
pub fn needs_the_bot<U, E>(
    commands: &[poise::Command<U, E>],
    data: &serenity::CommandData,
) -> bool {
    let Some(mut command) = commands.iter().find(|c| c.name == data.name) else {
        return false;
    };
    let mut needs = command.guild_only;
    let mut options = &data.options;
    while let Some(option) = options.first() {
        let (serenity::CommandDataOptionValue::SubCommand(inner)
        | serenity::CommandDataOptionValue::SubCommandGroup(inner)) = &option.value
        else {
            break;
        };
        let Some(sub) = command.subcommands.iter().find(|c| c.name == option.name) else {
            break;
        };
        command = sub;
        needs |= command.guild_only;
        options = inner;
    }
    needs
}

/// Whether the interaction comes from a server the bot is not in: the server did not install
/// the app (only the person did), or it did without the bot, which then never received that
/// server (the cache lists every server the bot is in from READY on, even unavailable ones).
pub fn bot_absent(interaction: &serenity::CommandInteraction, cache: &serenity::Cache) -> bool {
    let Some(guild_id) = interaction.guild_id else {
        return false;
    };
    let installed_here = interaction
        .authorizing_integration_owners
        .0
        .iter()
        .any(|owner| {
            matches!(owner, serenity::AuthorizingIntegrationOwner::GuildInstall(Some(g)) if *g == guild_id)
        });
    !installed_here || !cache.guilds().contains(&guild_id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{
        i18n::{Locale, Texts},
        test_support::{assert_one_sentence, assert_one_sentence_in},
    };

    #[test]
    fn the_invite_asks_for_what_the_bot_uses_and_nothing_else() {
        assert_eq!(BOT_PERMISSIONS.bits(), 17_600_776_162_304);
        assert!(!BOT_PERMISSIONS.administrator());
        assert_eq!(
            invite_url(42),
            "https://discord.com/oauth2/authorize?client_id=42&scope=bot+applications.commands&permissions=17600776162304"
        );
        // The longest id Discord hands out still fits one sentence.
        assert_one_sentence(&needs_the_bot_sentence(&Tr::english(), u64::MAX));
        assert_eq!(
            needs_the_bot_sentence(&Tr::english(), 42),
            format!(
                "I must be in this server for that: a manager can add me with <{}>.",
                invite_url(42)
            )
        );
    }

    #[test]
    fn the_invite_refusal_speaks_the_persons_language() {
        let texts =
            Texts::load(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content/locales"))
                .unwrap();
        for locale in Locale::ALL {
            let sentence = needs_the_bot_sentence(&Tr::new(&texts, locale), u64::MAX);
            assert_one_sentence_in(locale, &sentence);
            assert!(sentence.contains(&format!("<{}>", invite_url(u64::MAX))));
        }
        let fr = needs_the_bot_sentence(&Tr::new(&texts, Locale::Fr), 42);
        assert!(fr.starts_with("Je dois être sur ce serveur :"), "{fr}");
    }
}
