//! End-to-end tests: the real `stretchbot` binary against the strict fake Discord of the
//! `fake-discord` crate (`tests/fake-discord/`), one module per area of the bot;
//! `fake_selftest` proves the fake and the harness themselves.

mod childspose;
mod cli;
mod copies;
mod fake_selftest;
mod faults;
mod install;
mod languages;
mod nudges;
mod permissions;
mod postgres;
mod reminders;
mod resilience;
mod routines;
mod sending;
mod sessions;
mod shards;
mod stats;

use fake_discord::harness::BotOptions;

/// The `stretchbot` binary cargo built for these tests, run from this package's root (where
/// `config/` and `content/` are) with the standard environment.
///
/// The shard lease is the shortest allowed (3 s): a bot restarted after a SIGKILL waits for its
/// dead predecessor's lease to end before it acts, and the tests restart bots often.
pub fn bot_options() -> BotOptions {
    let mut options = BotOptions::new(env!("CARGO_BIN_EXE_stretchbot"), env!("CARGO_MANIFEST_DIR"));
    options
        .env
        .push(("STRETCHBOT_LEASE_SECS".into(), "3".into()));
    options
}
