//! stretchbot: a Discord bot that leads teams through stretch breaks.
//!
//! The major components are:
//!
//! - [`config`]: layered configuration (`config/default.toml` -> `--config` file -> environment);
//!   the bot token is held as a secret.
//! - [`content`]: stretch routines as data (`content/*.toml`), loaded and validated at start.
//! - [`render`]: turns a routine into Discord-agnostic cards (title, text, fields, image) and checks
//!   them against [`limits`].
//! - [`limits`]: Discord's message, embed and component limits as plain checks.
//! - [`buttons`]: what each button means: [`buttons::ButtonId`] builds and reads every
//!   `custom_id`, and [`buttons::Action`] names the session controls.
//! - [`error`]: the one vocabulary of failure: a [`error::UserMessage`] the person sees, or
//!   an [`error::Internal`] error logged with its cause while the person sees [`error::APOLOGY`].
//! - [`message`]: what the bot posts (text, cards, buttons, an image, whom to ping), Discord-free.
//! - [`nonces`]: every nonce the bot posts with, derived from what the post is, so a retry
//!   after a timeout or a crash appears once.
//! - [`post`]: the [`post::Poster`] port that sessions and reminders post through, and the
//!   [`post::Lane`] each post travels in (steps, then prompts and lobbies, then background).
//! - [`ids`]: Discord's ids (server, channel, user, role, message) and reminder ids as distinct
//!   types; `None` rather than 0 where there is no id.
//! - [`clock`]: where "now" comes from (the system, or a shifted clock in end-to-end tests).
//! - [`store`]: persistence behind a trait; SQLite with embedded migrations.
//! - [`session`]: live group stretch sessions: the pure timeline, the runner that posts it, and
//!   the spacing of sessions opened together.
//! - [`schedule`]: reminder schedules: parsing admin input and computing the next fire time.
//! - [`reminders`]: daily prompts and scheduled group stretches; `/reminders` and its firing loop.
//! - [`servers`]: servers adding and removing the bot; removal stops sessions and reminders
//!   and marks the server for the retention purge, each part tried even if another fails.
//! - [`discord`]: the only module that speaks to Discord: the poise commands, the gateway
//!   events, autocomplete, and the one sending layer every post, edit and interaction answer
//!   goes through (`discord::sender`: its API, the rate-limit window with lanes, the transport).
//! - [`app`]: wires everything together; `run(config, shutdown)` is what the binary calls.
//! - `test_support` (tests only: `cfg(test)` or the `test-support` feature, which the benches
//!   turn on; never in a release build): the shared test doubles, one recording poster, the
//!   clocks tests drive (following tokio's paused time, or set by hand), the fixture routine
//!   and instant/date parsing.
//!
//! Everything outside [`discord`] is free of serenity and poise types, so the timing core is tested
//! without a network.

pub mod app;
pub mod buttons;
pub mod clock;
pub mod config;
pub mod content;
pub mod deps;
pub mod discord;
pub mod error;
pub mod ids;
pub mod limits;
pub mod message;
pub mod nonces;
pub mod post;
pub mod reminders;
pub mod render;
pub mod schedule;
pub mod servers;
pub mod session;
pub mod store;
#[cfg(any(test, feature = "test-support"))]
pub mod test_support;
