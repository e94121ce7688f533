//! `/childspose`: the Child's Pose routine, one section or all, with its illustration.

use super::super::{reply::reply, user_error, Ctx, Error};
use crate::{
    i18n::Tr,
    render::{routine_message_in, Section},
};

/// Which part of the routine to show.
#[derive(Debug, Clone, Copy, poise::ChoiceParameter)]
pub enum SectionChoice {
    #[name = "overview"]
    Overview,
    #[name = "steps"]
    Steps,
    #[name = "safety"]
    Safety,
    #[name = "anatomy"]
    Anatomy,
    #[name = "benefits"]
    Benefits,
    #[name = "all"]
    All,
}

impl From<SectionChoice> for Section {
    fn from(c: SectionChoice) -> Self {
        match c {
            SectionChoice::Overview => Section::Overview,
            SectionChoice::Steps => Section::Steps,
            SectionChoice::Safety => Section::Safety,
            SectionChoice::Anatomy => Section::Anatomy,
            SectionChoice::Benefits => Section::Benefits,
            SectionChoice::All => Section::All,
        }
    }
}

/// Child's Pose (Balasana): why, how, how long, and how to stay safe.
#[poise::command(
    slash_command,
    install_context = "Guild|User",
    interaction_context = "Guild|BotDm|PrivateChannel"
)]
pub async fn childspose(
    ctx: Ctx<'_>,
    #[description = "Which part to show (default: overview)"] section: Option<SectionChoice>,
    #[description = "Only you see the answer"] private: Option<bool>,
) -> Result<(), Error> {
    let locale = super::super::locale_of(ctx);
    let bot = ctx.data();
    let Some(routine) = bot
        .library
        .get_in(&bot.settings.content.default_routine, locale)
    else {
        return Err(user_error(
            "Child's Pose is not in this bot's content pack.",
        ));
    };
    let section = section.map_or(Section::Overview, Section::from);
    let mut message = routine_message_in(routine, section, Tr::new(&bot.texts, locale))?;
    message.ephemeral = private.unwrap_or(false);
    reply(ctx, message).await
}
