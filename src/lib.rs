//! stretchbot: a Discord bot that leads teams through stretch breaks.
//!
//! Where to look, by layer (each layer uses only the ones above it):
//!
//! **Vocabulary** (pure values, no I/O, no Discord types):
//! - [`ids`]: Discord's ids (server, channel, user, role, message) and reminder ids as distinct
//!   types; `None` rather than 0 where there is no id.
//! - [`error`]: the one vocabulary of failure: a [`error::UserMessage`] the person sees, or an
//!   [`error::Internal`] error logged with its cause while the person sees [`error::APOLOGY`].
//! - [`message`]: what the bot posts (text, cards, buttons, an image, whom to ping).
//! - [`limits`]: Discord's message, embed and component limits as plain checks.
//! - [`buttons`]: what each button means: [`buttons::ButtonId`] builds and reads every
//!   `custom_id`; [`buttons::Action`] names the session controls.
//! - [`nonces`]: every nonce the bot posts with, derived from what the post is, so a retry after
//!   a timeout or a crash appears once.
//! - [`config`]: layered configuration (`config/default.toml` -> `--config` file -> environment);
//!   the bot token is held as a secret.
//! - [`i18n`]: the six languages ([`i18n::Locale`], read from Discord's locale codes) and every
//!   sentence in each from `content/locales/<code>/*.ftl` ([`i18n::Texts`], English fallback, a
//!   check that each language has exactly English's keys).
//! - [`clock`]: where "now" comes from (the system, or a shifted clock in end-to-end tests).
//!
//! **Ports** (traits the core talks through; the Discord adapter and the stores implement them):
//! - [`post`]: [`post::Poster`], how sessions and reminders post, and the [`post::Lane`] each post
//!   travels in (steps, then prompts and lobbies, then background).
//! - [`store`]: persistence behind [`store::Store`]: SQLite (`store/sqlite.rs`, the default) or
//!   PostgreSQL (`store/postgres.rs`), chosen by `DATABASE_URL` in [`store::open`]; each with
//!   embedded migrations (`store/migrations/{sqlite,postgres}/`); `store/conformance.rs` is the
//!   one test suite both pass; `store/claims.rs` is the one rule both use to claim a reminder's or
//!   a nudge's fire that already has a row.
//! - [`deps`]: [`deps::Deps`], the store, poster, clock and routine library the session manager
//!   and the reminder service are built from, passed as one value.
//!
//! **Features** (the timing core, tested without a network):
//! - [`content`] and [`render`]: stretches as data (`content/*.toml`, tagged by position, areas,
//!   equipment and minutes) and routines chaining them (`content/routines/*.toml`), and the cards
//!   `/childspose`, `/stretch info` and `stretchbot preview` show; `stretchbot check` validates
//!   the pack against Discord's limits. A stretch's translation is an overlay of its texts in
//!   `content/locales/<code>/<id>.toml` ([`content::Library::get_in`]), a routine's in
//!   `routines/<id>.toml` there ([`content::Library::sequence_in`]).
//! - [`session`]: live group stretch sessions (`session/manager.rs` -> `runner.rs` -> `live.rs` ->
//!   `state.rs` -> `timeline.rs`; `messages.rs` is every message a session posts).
//! - [`schedule`]: reminder schedules: parsing admin input, the next fire across daylight saving,
//!   catching up after downtime.
//! - [`reminders`]: daily prompts and scheduled group stretches (`reminders/service.rs` ->
//!   `firing.rs`, `housekeeping.rs`, `event_sync.rs`, `admin.rs` -> `model.rs`, `prompt.rs`;
//!   `rotation.rs` picks each day's stretch for a prompt from those that fit its `where`).
//! - [`nudges`]: personal stretch nudges by DM after an opt-in (`/nudges`): the window's slots
//!   across daylight saving, snooze and holidays (`nudges/slots.rs`), the nudge card
//!   (`message.rs`), and the loop that claims and sends them, only where shard 0 is owned
//!   (`service.rs`).
//! - [`shards`]: which gateway shards a process runs (`DISCORD_SHARDS`), the shard of a server
//!   (`(id >> 22) % N`), the set of shards a process acts for, and its share of the request rate.
//! - [`cluster`]: several processes on one database: one owner per shard by a lease in the
//!   database ([`cluster::Leases`], one per shard a process runs), standbys that take over, and
//!   each interaction claimed once.
//! - [`stats`]: check-ins, streaks (days outside a person's counted weekdays never break one)
//!   and weekly totals for `/stats`, the PNG chart (plotters, embedded font), and the spacing of
//!   the edits that show a prompt's check-in count.
//! - [`servers`]: servers adding and removing the bot; removal stops sessions and reminders and
//!   marks the server for the retention purge, each part tried even if another fails.
//!
//! **Edges**:
//! - [`discord`]: the only module that speaks to Discord (serenity and poise): the commands
//!   (`discord/commands/`), the gateway and its events, autocomplete, commands used where the bot
//!   was not added (`discord/install.rs`, with the invite link), the health endpoint
//!   (`discord/health.rs`), and the one sending layer every post, edit and interaction answer
//!   goes through (`discord/sender/`).
//! - [`app`]: wires everything together; `run(config, clock, shutdown)` is what the binary
//!   (`src/main.rs`: the command line and logging) calls.
//! - `test_support` (tests only: `cfg(test)` or the `test-support` feature, which the benches
//!   turn on; never in a release build): one recording poster, the clocks tests drive, the
//!   fixture routine and instant/date parsing, and a fresh PostgreSQL database per test.
//!
//! The fake Discord the end-to-end tests and benchmarks run the real binary against is the
//! workspace crate `tests/fake-discord/`.

pub mod app;
pub mod buttons;
pub mod clock;
pub mod cluster;
pub mod config;
pub mod content;
pub mod deps;
pub mod discord;
pub mod error;
pub mod i18n;
pub mod ids;
pub mod limits;
pub mod message;
pub mod nonces;
pub mod nudges;
pub mod post;
pub mod reminders;
pub mod render;
pub mod schedule;
pub mod servers;
pub mod session;
pub mod shards;
pub mod stats;
pub mod store;
#[cfg(any(test, feature = "test-support"))]
pub mod test_support;
