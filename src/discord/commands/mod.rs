//! Slash commands, one file per feature. [`all`] is the list registered with Discord.

mod childspose;
mod help;
mod reminders;
mod stretch;

use super::{Bot, Error};

/// Every command the bot registers.
pub fn all() -> Vec<poise::Command<std::sync::Arc<Bot>, Error>> {
    vec![
        childspose::childspose(),
        stretch::stretch(),
        reminders::reminders(),
        help::help(),
    ]
}
