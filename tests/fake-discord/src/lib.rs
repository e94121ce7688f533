//! A fake Discord (REST under `/api/v10` and a JSON gateway at `/ws`) on 127.0.0.1, running
//! inside the test process, strict like the real one: it rejects what Discord rejects. It is
//! what stretchbot's end-to-end tests (`tests/e2e/`) and loopback benchmarks
//! (`benches/loopback/`) run the real bot binary against; [`harness`] starts that binary.
//!
//! Start it with [`FakeDiscord::start`], point a bot at [`FakeDiscord::base_url`], drive it with
//! `send_slash_command`, `press_button`, ..., break it with [`FakeDiscord::inject`],
//! `drop_websocket` and `block_gateway`, and observe it with `messages`, `callbacks`,
//! `requests`, `wait_until`. The guild it serves is fixed: see [`world`] for the ids.
//!
//! Sharding and several copies of a bot: `FakeOptions::extra_guilds` adds servers (copies of the
//! standard one under chosen ids, [`world::guild_id_on_shard`]); the gateway keeps a set of
//! sessions, each with its `[shard, count]`, and routes each dispatch to every session carrying
//! its server (see `gateway.rs`). Bot processes told `labeled_base_url(label)` are told apart in
//! `sessions()`, `requests()` and `callbacks()` by that label.
//!
//! Files:
//! - `world.rs`: the guild, roles, channels, members, and the JSON Discord sends for them.
//! - `perms.rs`: permission bits and Discord's computation with overwrites.
//! - `spec.rs` (with the vendored `spec/openapi.json` at the crate root): every request body
//!   judged by Discord's own OpenAPI spec first; what it rejects, and routes it does not have,
//!   fail the test.
//! - `validate.rs`: body limits and required fields -> Discord's error bodies.
//! - `ratelimit.rs`: global and per-route limits, headers, 429s.
//! - `faults.rs`: injected failures.
//! - `rest.rs`: the HTTP entry point (auth, rate limits, faults, recording) and route table;
//!   `messages.rs`, `responses.rs` (interaction callbacks and webhooks), `events.rs`
//!   (scheduled events): the routes. `gateway.rs`: the websocket. `interactions.rs`: building
//!   INTERACTION_CREATE payloads. `conformance.rs`: checks every payload the fake sends
//!   against serenity's own models, so a payload bug shows up as a clear error, not a
//!   silently dropped event.
//! - `harness.rs`: runs the bot binary against a fake, with its logs, signals and restarts.

pub mod conformance;
pub mod events;
pub mod faults;
pub mod gateway;
pub mod harness;
pub mod interactions;
pub mod messages;
pub mod perms;
pub mod ratelimit;
pub mod responses;
pub mod rest;
pub mod spec;
pub mod validate;
pub mod world;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use serde_json::{json, Value};
use tokio::sync::{mpsc, Notify};

pub use faults::{Fault, RouteMatcher};
pub use interactions::{Install, InteractionHandle};
pub use ratelimit::{RateLimitConfig, RateLimitKind};
pub use validate::Upload;
pub use world::*;

use faults::Injection;
use gateway::{ConnCmd, GatewayState};
use ratelimit::RateLimiter;

/// Gateway intents the fake cares about.
pub mod intents {
    pub const GUILDS: u64 = 1 << 0;
    pub const GUILD_MEMBERS: u64 = 1 << 1;
    pub const GUILD_PRESENCES: u64 = 1 << 8;
    pub const GUILD_MESSAGES: u64 = 1 << 9;
    pub const DIRECT_MESSAGES: u64 = 1 << 12;
    pub const MESSAGE_CONTENT: u64 = 1 << 15;
    pub const GUILD_SCHEDULED_EVENTS: u64 = 1 << 16;
    pub const PRIVILEGED: u64 = GUILD_MEMBERS | GUILD_PRESENCES | MESSAGE_CONTENT;
}

/// How the fake is set up. `Default` is the strict, Discord-like configuration.
#[derive(Clone, Debug)]
pub struct FakeOptions {
    pub token: String,
    /// The fake's "now" at start (message timestamps, snowflakes, "event in the past" checks).
    /// Defaults to the real clock; set it to match `STRETCHBOT_TEST_CLOCK`.
    pub clock_start: Option<DateTime<Utc>>,
    /// Sent in HELLO. A connection that does not heartbeat within 1.5x this is closed (4009).
    pub heartbeat_interval_ms: u64,
    pub rate_limits: RateLimitConfig,
    /// Privileged intents enabled "in the developer portal"; asking for others closes with 4014.
    pub allowed_privileged_intents: u64,
    /// Discord's 3 s for the first interaction response.
    pub interaction_deadline: Duration,
    /// How long an `enforce_nonce` nonce de-duplicates creates ("a few minutes" in Discord).
    pub nonce_window: Duration,
    /// The shard count `GET /gateway/bot` recommends (`shards`).
    pub recommended_shards: u64,
    /// A session that would carry more servers than this is closed with 4011 (Discord: 2,500).
    pub max_guilds_per_shard: usize,
    /// `session_start_limit.total`: IDENTIFYs allowed (per day at Discord). One more resets
    /// the token.
    pub session_start_total: usize,
    /// `session_start_limit.max_concurrency` (reported only; IDENTIFY pacing is not enforced).
    pub max_concurrency: u64,
    /// Servers besides the standard one, by guild id: copies of it (see [`World::guild`]),
    /// e.g. ids from [`world::guild_id_on_shard`] to place servers on chosen shards.
    pub extra_guilds: Vec<u64>,
}

impl Default for FakeOptions {
    fn default() -> Self {
        Self {
            token: BOT_TOKEN.to_string(),
            clock_start: None,
            heartbeat_interval_ms: 41_250,
            rate_limits: RateLimitConfig::default(),
            allowed_privileged_intents: 0,
            interaction_deadline: Duration::from_secs(3),
            nonce_window: Duration::from_secs(5 * 60),
            recommended_shards: 1,
            max_guilds_per_shard: 2_500,
            session_start_total: 1_000,
            max_concurrency: 1,
            extra_guilds: vec![],
        }
    }
}

/// Where a recorded message came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MessageSource {
    /// `POST /channels/{id}/messages` by the bot.
    Channel,
    /// The original response of an interaction (callback type 4 or 5).
    InteractionResponse { interaction_id: u64 },
    /// `POST /webhooks/{app}/{token}`.
    Followup { interaction_id: u64 },
    /// Posted by a (fake) user through `FakeDiscord::post_user_message`.
    User,
}

#[derive(Clone, Debug)]
pub struct RecordedAttachment {
    pub id: u64,
    pub filename: String,
    pub description: Option<String>,
    pub content_type: Option<String>,
    pub size: usize,
    pub url: String,
}

#[derive(Clone, Debug)]
pub struct MessageEdit {
    pub at: Instant,
    pub timestamp: DateTime<Utc>,
    /// The edit body as sent (payload_json for multipart).
    pub body: Value,
}

/// A message as the fake stored it (after Discord-like processing: dropped embeds, pings).
#[derive(Clone, Debug)]
pub struct RecordedMessage {
    pub id: u64,
    pub channel_id: u64,
    /// `Some(GUILD_ID)` for guild channels, `None` in DMs.
    pub guild_id: Option<u64>,
    pub author_id: u64,
    pub content: String,
    pub embeds: Vec<Value>,
    pub components: Vec<Value>,
    pub attachments: Vec<RecordedAttachment>,
    pub allowed_mentions: Option<Value>,
    pub nonce: Option<Value>,
    pub flags: u64,
    pub tts: bool,
    pub message_reference: Option<Value>,
    /// Users mentioned in the current content, after `allowed_mentions` (the message's
    /// `mentions`). Roles count only if mentionable or the author has MENTION_EVERYONE.
    pub mentions: Vec<u64>,
    pub mention_roles: Vec<u64>,
    pub mention_everyone: bool,
    /// Who was actually notified: only a create pings. Mentions added by an edit, including
    /// the follow-up that fills a deferred response, and ephemeral messages ping no one.
    pub pinged: Pings,
    pub source: MessageSource,
    pub created_at: Instant,
    pub timestamp: DateTime<Utc>,
    pub edits: Vec<MessageEdit>,
    pub edited_timestamp: Option<DateTime<Utc>>,
    pub deleted_at: Option<Instant>,
    /// Interaction that produced it, and that interaction's kind (2 command, 3 component, ...).
    pub interaction: Option<(u64, u8)>,
    /// The body of the create request as sent.
    pub request_body: Value,
}

impl RecordedMessage {
    pub fn is_ephemeral(&self) -> bool {
        self.flags & validate::FLAG_EPHEMERAL != 0
    }
    /// A deferred response still showing "is thinking...".
    pub fn is_loading(&self) -> bool {
        self.flags & validate::FLAG_LOADING != 0
    }
    pub fn is_deleted(&self) -> bool {
        self.deleted_at.is_some()
    }
    /// `custom_id`s of all buttons and selects, in order.
    pub fn custom_ids(&self) -> Vec<String> {
        interactions::all_components(&self.components)
            .iter()
            .filter_map(|c| c["custom_id"].as_str().map(str::to_string))
            .collect()
    }
    /// Title of the first embed, if any (convenient in assertions).
    pub fn embed_title(&self) -> Option<&str> {
        self.embeds.first().and_then(|e| e["title"].as_str())
    }
}

/// Notifications a message sent when it was created.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Pings {
    pub users: Vec<u64>,
    pub roles: Vec<u64>,
    pub everyone: bool,
}

impl Pings {
    pub fn is_empty(&self) -> bool {
        self.users.is_empty() && self.roles.is_empty() && !self.everyone
    }
}

/// One answer to an interaction (`POST /interactions/{id}/{token}/callback`), accepted or not.
#[derive(Clone, Debug)]
pub struct CallbackRecord {
    pub interaction_id: u64,
    /// Callback type: 1 pong, 4 message, 5 deferred, 6 deferred update, 7 update, 8 autocomplete,
    /// 9 modal. 0 when the body had none.
    pub kind: u8,
    /// The label of the bot process that sent it (see `FakeDiscord::labeled_base_url`).
    pub label: String,
    pub data: Value,
    pub files: Vec<Upload>,
    pub received_at: Instant,
    /// When the request's headers had arrived, before the fake read and judged its body.
    pub arrived_at: Instant,
    /// When INTERACTION_CREATE was written to the bot's socket (`None`: not written yet).
    pub written_at: Option<Instant>,
    /// From INTERACTION_CREATE being queued to the socket until this callback arrived.
    pub latency: Duration,
    /// `None` if accepted (204); otherwise the error body Discord would have answered.
    pub error: Option<Value>,
}

impl CallbackRecord {
    pub fn accepted(&self) -> bool {
        self.error.is_none()
    }
    pub fn is_ephemeral(&self) -> bool {
        self.data["flags"].as_u64().unwrap_or(0) & validate::FLAG_EPHEMERAL != 0
    }
    pub fn content(&self) -> &str {
        self.data["content"].as_str().unwrap_or("")
    }
}

/// An interaction the fake sent.
#[derive(Clone, Debug)]
pub struct InteractionRecord {
    pub id: u64,
    pub token: String,
    /// Interaction type: 2 command, 3 component, 4 autocomplete, 5 modal submit.
    pub kind: u8,
    pub user_id: u64,
    pub channel_id: u64,
    pub guild: bool,
    /// The server it was used in (`None` in DMs and in servers the bot is not in).
    pub guild_id: Option<u64>,
    /// Ids of the sessions INTERACTION_CREATE was queued to.
    pub delivered_to: Vec<String>,
    pub sent_at: Instant,
    /// When the first session's socket took the frame (after `sent_at`, the queueing).
    pub written_at: Option<Instant>,
    pub payload: Value,
    /// The accepted callback type, once answered.
    pub response_type: Option<u8>,
    pub original_message: Option<u64>,
    pub followups: Vec<u64>,
    /// For components: the message the component is on.
    pub component_message: Option<u64>,
    /// The modal shown (callback type 9), for `InteractionHandle::submit_modal`.
    pub modal: Option<Value>,
    pub token_expired: bool,
}

/// Every REST request, in arrival order.
#[derive(Clone, Debug)]
pub struct RequestRecord {
    pub at: Instant,
    pub method: String,
    /// Relative to `/api/v10`, without the query string.
    pub path: String,
    pub query: String,
    /// Route shape, e.g. `POST /channels/{channel_id}/messages`.
    pub route: String,
    /// The label of the bot process that sent it ("" when unlabelled).
    pub label: String,
    pub status: u16,
    pub body: Value,
    pub files: Vec<Upload>,
    /// The response body (JSON), if any.
    pub response: Value,
    pub rate_limited: Option<RateLimitKind>,
    /// A 429 answered because an earlier 429's retry time had not passed yet.
    pub early_retry: bool,
    pub fault: Option<Fault>,
}

#[derive(Clone, Debug)]
pub struct RegisteredCommand {
    /// `None` for a global command.
    pub guild_id: Option<u64>,
    pub json: Value,
}

impl RegisteredCommand {
    pub fn name(&self) -> &str {
        self.json["name"].as_str().unwrap_or("")
    }
}

/// Wall clock of the fake: starts at `clock_start` and runs at real speed.
#[derive(Clone, Copy, Debug)]
pub struct Clock {
    pub start_instant: Instant,
    pub start_wall: DateTime<Utc>,
}

impl Clock {
    pub fn now(&self) -> DateTime<Utc> {
        self.at(Instant::now())
    }
    pub fn at(&self, i: Instant) -> DateTime<Utc> {
        self.start_wall
            + chrono::Duration::from_std(i.saturating_duration_since(self.start_instant))
                .unwrap_or_default()
    }
}

/// Discord's epoch (2015-01-01) in Unix milliseconds.
const DISCORD_EPOCH_MS: i64 = 1_420_070_400_000;

/// All mutable state. Tests read it through `FakeDiscord::with_state` / `wait_until`.
pub struct State {
    /// The standard guild (and the DM channels).
    pub world: World,
    /// The servers of `FakeOptions::extra_guilds`, in that order.
    pub extra_guilds: Vec<World>,
    pub messages: Vec<RecordedMessage>,
    pub interactions: Vec<InteractionRecord>,
    pub callbacks: Vec<CallbackRecord>,
    pub requests: Vec<RequestRecord>,
    /// `METHOD /path` of requests no route matched.
    pub unknown_routes: Vec<String>,
    pub commands: Vec<RegisteredCommand>,
    /// Each bulk overwrite or create of commands: (guild, when).
    pub command_writes: Vec<(Option<u64>, Instant)>,
    pub scheduled_events: Vec<Value>,
    pub deleted_scheduled_events: Vec<Value>,
    pub gateway: GatewayState,
    pub limiter: RateLimiter,
    pub injections: Vec<Injection>,
    /// Payloads of the fake that serenity's models reject (a bug in the fake).
    pub payload_errors: Vec<String>,
    /// Requests Discord's OpenAPI spec rejects, or routes it does not have (see `spec.rs`).
    /// Left unclaimed, they fail the test when the fake stops.
    pub spec_violations: Vec<String>,
    /// (channel, nonce) -> (message id, when) for `enforce_nonce`.
    pub nonces: HashMap<(u64, String), (u64, Instant)>,
    pub clock: Clock,
    pub opts: FakeOptions,
    pub ws_url: String,
    /// Each user's client language (`locale` of their interactions); `en-US` when unset.
    pub user_locales: HashMap<u64, String>,
    /// Each server's language (`guild_locale`); `en-US` when unset.
    pub guild_locales: HashMap<u64, String>,
    last_id: u64,
}

impl State {
    /// A new snowflake: the fake clock's time in the high bits, strictly increasing.
    pub fn next_id(&mut self) -> u64 {
        let ms = (self.clock.now().timestamp_millis() - DISCORD_EPOCH_MS).max(0) as u64;
        let id = (ms << 22).max(self.last_id + 1);
        self.last_id = id;
        id
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    pub fn message(&self, id: u64) -> Option<&RecordedMessage> {
        self.messages.iter().find(|m| m.id == id)
    }

    pub fn message_mut(&mut self, id: u64) -> Option<&mut RecordedMessage> {
        self.messages.iter_mut().find(|m| m.id == id)
    }

    pub fn interaction_by_id(&self, id: u64) -> Option<&InteractionRecord> {
        self.interactions.iter().find(|i| i.id == id)
    }

    /// Messages visible in a channel: not deleted and not ephemeral, oldest first.
    pub fn visible_messages(&self, channel_id: u64) -> Vec<RecordedMessage> {
        self.messages
            .iter()
            .filter(|m| m.channel_id == channel_id && !m.is_deleted() && !m.is_ephemeral())
            .cloned()
            .collect()
    }

    /// Sends a dispatch (op 0) on the gateway, or keeps it for a RESUME if the bot is between
    /// connections. Without any session the event is lost, as with Discord.
    pub fn dispatch(&mut self, t: &str, d: Value) {
        if let Err(e) = conformance::check_dispatch(t, &d) {
            self.payload_errors.push(format!("dispatch {t}: {e}"));
        }
        self.gateway.dispatch(t, d);
    }

    /// Whether a session asked for this intent (copies of a bot ask for the same ones).
    pub fn has_intent(&self, bit: u64) -> bool {
        self.gateway.has_intent(bit)
    }

    /// Every server the bot is in: the standard guild, then the extra ones.
    pub fn guild_ids(&self) -> Vec<u64> {
        std::iter::once(&self.world)
            .chain(&self.extra_guilds)
            .map(|w| w.guild_id)
            .collect()
    }

    pub fn world_of_guild(&self, guild_id: u64) -> Option<&World> {
        std::iter::once(&self.world)
            .chain(&self.extra_guilds)
            .find(|w| w.guild_id == guild_id)
    }

    pub fn world_of_guild_mut(&mut self, guild_id: u64) -> Option<&mut World> {
        std::iter::once(&mut self.world)
            .chain(&mut self.extra_guilds)
            .find(|w| w.guild_id == guild_id)
    }

    /// The server a channel belongs to; the standard world for DM channels (they live there)
    /// and for unknown channels (whose lookups then fail as before).
    pub fn world_of_channel(&self, channel_id: u64) -> &World {
        self.extra_guilds
            .iter()
            .find(|w| w.channel(channel_id).is_some())
            .unwrap_or(&self.world)
    }

    pub fn world_of_channel_mut(&mut self, channel_id: u64) -> &mut World {
        match self
            .extra_guilds
            .iter()
            .position(|w| w.channel(channel_id).is_some())
        {
            Some(i) => &mut self.extra_guilds[i],
            None => &mut self.world,
        }
    }

    /// The guild of a guild channel, `None` for DMs and unknown channels.
    pub fn guild_of_channel(&self, channel_id: u64) -> Option<u64> {
        let w = self.world_of_channel(channel_id);
        w.channel(channel_id)
            .filter(|c| c.kind != ChannelKind::Dm)
            .map(|_| w.guild_id)
    }

    /// GUILD_CREATE's `d` for one of the bot's servers (scheduled events live in the standard
    /// guild only).
    pub fn guild_create_json(&self, guild_id: u64) -> Value {
        let w = self
            .world_of_guild(guild_id)
            .unwrap_or_else(|| panic!("the bot is not in guild {guild_id}"));
        let events = if guild_id == GUILD_ID {
            self.scheduled_events.clone()
        } else {
            vec![]
        };
        w.guild_create_json(events)
    }

    /// The websocket URL for connections labelled `label` ("" = unlabelled).
    pub fn ws_url_for(&self, label: &str) -> String {
        if label.is_empty() {
            self.ws_url.clone()
        } else {
            self.ws_url.replacen("/ws", &format!("/c/{label}/ws"), 1)
        }
    }

    /// The JSON of a recorded message, as REST answers it. `gateway` adds what MESSAGE_CREATE
    /// carries in addition (guild_id, member).
    pub fn message_json(&self, m: &RecordedMessage, gateway: bool) -> Value {
        messages::message_json(self, m, gateway)
    }
}

struct ServerGuard {
    task: tokio::task::JoinHandle<()>,
    shared: Arc<Shared>,
}

impl Drop for ServerGuard {
    /// Runs when the last handle goes, at the end of the test that started the fake: a request
    /// the spec rejects may have been swallowed by the bot (logged and moved on), so the test
    /// could pass without ever looking; this is where it fails instead.
    fn drop(&mut self) {
        self.task.abort();
        spec::write_counts_if_asked();
        let v = std::mem::take(&mut self.shared.lock().spec_violations);
        // A test already failing keeps its own message; a second panic would abort the process.
        if !v.is_empty() && !std::thread::panicking() {
            panic!(
                "fake discord: requests that Discord's OpenAPI spec rejects, or routes it does not have \
                 (fix what sent them, or claim them with take_spec_violations in a test that sends them \
                 on purpose): {v:#?}"
            );
        }
    }
}

/// What the axum handlers share.
pub struct Shared {
    pub state: Mutex<State>,
    /// Woken on every state change, for `wait_until`.
    pub changed: Notify,
    pub addr: SocketAddr,
    pub token: String,
}

impl Shared {
    pub fn lock(&self) -> MutexGuard<'_, State> {
        // A panicking test thread must not turn every later assertion into a poison error.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Handle to a running fake Discord. Cheap to clone; the server stops when the last clone drops.
#[derive(Clone)]
pub struct FakeDiscord {
    pub(crate) shared: Arc<Shared>,
    _server: Arc<ServerGuard>,
}

/// Default timeout message helper: last requests, to make a failed wait self-explanatory.
fn recent_requests(st: &State, n: usize) -> String {
    st.requests
        .iter()
        .rev()
        .take(n)
        .rev()
        .map(|r| {
            format!(
                "  {} {} -> {} {}",
                r.method,
                r.path,
                r.status,
                compact(&r.response)
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn compact(v: &Value) -> String {
    let s = v.to_string();
    if s.len() > 200 {
        format!(
            "{}...",
            &s[..s.char_indices().nth(200).map_or(s.len(), |(i, _)| i)]
        )
    } else {
        s
    }
}

impl FakeDiscord {
    pub async fn start() -> Self {
        Self::start_with(FakeOptions::default()).await
    }

    pub async fn start_with(opts: FakeOptions) -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind 127.0.0.1:0");
        let addr = listener.local_addr().expect("local addr");
        let clock = Clock {
            start_instant: Instant::now(),
            start_wall: opts.clock_start.unwrap_or_else(Utc::now),
        };
        let world = World::standard(clock.start_wall);
        let mut extra_guilds: Vec<World> = vec![];
        let ids = |w: &World| -> Vec<u64> {
            w.roles
                .iter()
                .map(|r| r.id)
                .chain(w.channels.iter().map(|c| c.id))
                .collect()
        };
        // A set, not a list: a benchmark's 20,000 servers would take minutes to check.
        let mut taken: std::collections::HashSet<u64> = ids(&world)
            .into_iter()
            .chain([
                BOT_ID,
                OWNER_ID,
                ADMIN_ID,
                ALICE_ID,
                BOB_ID,
                OTHER_GUILD_ID,
                OTHER_CHANNEL,
            ])
            .collect();
        for (n, &g) in opts.extra_guilds.iter().enumerate() {
            let w = World::guild(g, &format!("Stretch Server {}", n + 2), clock.start_wall);
            let new = ids(&w);
            assert!(
                new.iter().all(|id| !taken.contains(id)),
                "fake discord: extra guild {g} shares ids with another server (use world::guild_id_on_shard)"
            );
            taken.extend(new);
            extra_guilds.push(w);
        }
        let state = State {
            world,
            extra_guilds,
            messages: vec![],
            interactions: vec![],
            callbacks: vec![],
            requests: vec![],
            unknown_routes: vec![],
            commands: vec![],
            command_writes: vec![],
            scheduled_events: vec![],
            deleted_scheduled_events: vec![],
            gateway: GatewayState::default(),
            limiter: RateLimiter::new(opts.rate_limits.clone()),
            injections: vec![],
            payload_errors: vec![],
            spec_violations: vec![],
            nonces: HashMap::new(),
            clock,
            ws_url: format!("ws://{addr}/ws"),
            opts: opts.clone(),
            user_locales: HashMap::new(),
            guild_locales: HashMap::new(),
            last_id: 0,
        };
        let shared = Arc::new(Shared {
            state: Mutex::new(state),
            changed: Notify::new(),
            addr,
            token: opts.token.clone(),
        });
        let app = axum::Router::new()
            .route("/ws", axum::routing::get(gateway::ws_handler))
            .route(
                "/c/:label/ws",
                axum::routing::get(gateway::ws_handler_labeled),
            )
            .fallback(rest::handle)
            .layer(axum::extract::DefaultBodyLimit::max(64 * 1024 * 1024))
            .with_state(shared.clone());
        let server = tokio::spawn(async move {
            axum::serve(listener, app)
                .await
                .expect("fake discord server");
        });
        FakeDiscord {
            shared: shared.clone(),
            _server: Arc::new(ServerGuard {
                task: server,
                shared,
            }),
        }
    }

    // ----- addresses ---------------------------------------------------------------------------

    /// `http://127.0.0.1:PORT`: what `DISCORD_API_URL` / `HttpBuilder::proxy` take.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.shared.addr)
    }
    /// `http://127.0.0.1:PORT/api/v10`, for direct requests in tests.
    pub fn api_url(&self) -> String {
        format!("{}/api/v10", self.base_url())
    }
    pub fn ws_url(&self) -> String {
        format!("ws://{}/ws", self.shared.addr)
    }
    /// A base URL (for `DISCORD_API_URL`) under which everything a process does is labelled
    /// `label`: its REST requests and callbacks (`RequestRecord::label`,
    /// `CallbackRecord::label`) and, as `GET /gateway` answers it `/c/{label}/ws`, its gateway
    /// sessions (`SessionInfo::label`). How a test tells two copies of the bot apart.
    pub fn labeled_base_url(&self, label: &str) -> String {
        assert!(
            !label.is_empty() && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'),
            "a label is letters, digits and '-': {label:?}"
        );
        format!("{}/c/{label}", self.base_url())
    }
    /// `ws_url` for a connection labelled `label`.
    pub fn labeled_ws_url(&self, label: &str) -> String {
        format!("ws://{}/c/{label}/ws", self.shared.addr)
    }
    pub fn token(&self) -> String {
        self.shared.token.clone()
    }
    /// The fake's current wall time (see `FakeOptions::clock_start`).
    pub fn now_utc(&self) -> DateTime<Utc> {
        self.shared.lock().now()
    }

    // ----- state access -------------------------------------------------------------------------

    /// Reads the state under the lock. Keep the closure short: the server waits meanwhile.
    pub fn with_state<R>(&self, f: impl FnOnce(&State) -> R) -> R {
        f(&self.shared.lock())
    }

    /// Changes the state (for anything the typed helpers below do not cover). Sends no events.
    pub fn with_state_mut<R>(&self, f: impl FnOnce(&mut State) -> R) -> R {
        let r = f(&mut self.shared.lock());
        self.shared.changed.notify_waiters();
        r
    }

    /// Waits until `pred` holds, re-checking on every state change. Panics after `timeout`
    /// with `what` and the last requests.
    pub async fn wait_until(
        &self,
        what: &str,
        timeout: Duration,
        mut pred: impl FnMut(&State) -> bool,
    ) {
        self.wait_for(what, timeout, |st| pred(st).then_some(()))
            .await
    }

    /// Like `wait_until`, returning what `f` found.
    pub async fn wait_for<R>(
        &self,
        what: &str,
        timeout: Duration,
        mut f: impl FnMut(&State) -> Option<R>,
    ) -> R {
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            let notified = self.shared.changed.notified();
            tokio::pin!(notified);
            notified.as_mut().enable();
            if let Some(r) = f(&self.shared.lock()) {
                return r;
            }
            // Also re-check periodically: time-based conditions change without a notification.
            let tick = tokio::time::Instant::now() + Duration::from_millis(50);
            if tokio::time::timeout_at(deadline.min(tick), notified)
                .await
                .is_err()
                && tokio::time::Instant::now() >= deadline
            {
                let st = self.shared.lock();
                if let Some(r) = f(&st) {
                    return r;
                }
                panic!(
                    "fake discord: timed out after {timeout:?} waiting for {what}\nlast requests:\n{}\nunknown routes: {:?}\npayload errors: {:?}\nspec violations: {:?}",
                    recent_requests(&st, 15),
                    st.unknown_routes,
                    st.payload_errors,
                    st.spec_violations
                );
            }
        }
    }

    // ----- world changes (each sends the gateway event Discord would send) ---------------------

    /// Adds or replaces the overwrite for `overwrite.id` in a channel; sends CHANNEL_UPDATE.
    pub fn set_channel_overwrite(&self, channel_id: u64, overwrite: Overwrite) {
        self.with_state_mut(|st| {
            let w = st.world_of_channel_mut(channel_id);
            let ch = w
                .channel_mut(channel_id)
                .unwrap_or_else(|| panic!("no channel {channel_id}"));
            ch.overwrites.retain(|o| o.id != overwrite.id);
            ch.overwrites.push(overwrite);
            let json = w.channel_json(w.channel(channel_id).unwrap());
            if st.has_intent(intents::GUILDS) {
                st.dispatch("CHANNEL_UPDATE", json);
            }
        })
    }

    pub fn remove_channel_overwrite(&self, channel_id: u64, target_id: u64) {
        self.with_state_mut(|st| {
            let w = st.world_of_channel_mut(channel_id);
            let ch = w
                .channel_mut(channel_id)
                .unwrap_or_else(|| panic!("no channel {channel_id}"));
            ch.overwrites.retain(|o| o.id != target_id);
            let json = w.channel_json(w.channel(channel_id).unwrap());
            if st.has_intent(intents::GUILDS) {
                st.dispatch("CHANNEL_UPDATE", json);
            }
        })
    }

    /// Deletes a channel (later requests get 404/10003); sends CHANNEL_DELETE.
    pub fn delete_channel(&self, channel_id: u64) {
        self.with_state_mut(|st| {
            let w = st.world_of_channel_mut(channel_id);
            let ch = w
                .channel(channel_id)
                .unwrap_or_else(|| panic!("no channel {channel_id}"))
                .clone();
            let json = w.channel_json(&ch);
            w.channels.retain(|c| c.id != channel_id);
            if st.has_intent(intents::GUILDS) {
                st.dispatch("CHANNEL_DELETE", json);
            }
        })
    }

    /// Creates a text channel under the standard guild's category; sends CHANNEL_CREATE.
    /// Returns its id.
    pub fn create_text_channel(&self, name: &str) -> u64 {
        self.with_state_mut(|st| {
            let id = st.next_id();
            let position = st.world.channels.len() as u16;
            st.world.channels.push(Channel {
                id,
                kind: ChannelKind::Text,
                name: name.to_string(),
                parent_id: Some(CATEGORY_ID),
                position,
                overwrites: vec![],
                topic: None,
                last_message_id: None,
                recipient: None,
            });
            let json = st.world.channel_json(st.world.channel(id).unwrap());
            if st.has_intent(intents::GUILDS) {
                st.dispatch("CHANNEL_CREATE", json);
            }
            id
        })
    }

    /// Replaces a role's permission bits; sends GUILD_ROLE_UPDATE.
    pub fn set_role_permissions(&self, role_id: u64, permissions: u64) {
        self.with_state_mut(|st| {
            let w = std::iter::once(&mut st.world)
                .chain(&mut st.extra_guilds)
                .find(|w| w.role(role_id).is_some())
                .unwrap_or_else(|| panic!("no role {role_id}"));
            let guild_id = w.guild_id;
            let role = w.roles.iter_mut().find(|r| r.id == role_id).unwrap();
            role.permissions = permissions;
            let json = json!({ "guild_id": guild_id.to_string(), "role": World::role_json(role) });
            if st.has_intent(intents::GUILDS) {
                st.dispatch("GUILD_ROLE_UPDATE", json);
            }
        })
    }

    /// Replaces a member's roles in the standard guild; sends GUILD_MEMBER_UPDATE (for the bot
    /// itself always, for others only with the GUILD_MEMBERS intent, as Discord does).
    pub fn set_member_roles(&self, user_id: u64, roles: &[u64]) {
        self.with_state_mut(|st| {
            let m = st
                .world
                .member_mut(user_id)
                .unwrap_or_else(|| panic!("no member {user_id}"));
            m.roles = roles.to_vec();
            let m = m.clone();
            if user_id == BOT_ID || st.has_intent(intents::GUILD_MEMBERS) {
                let mut json = st.world.member_json(&m, true, None);
                json["guild_id"] = json!(GUILD_ID.to_string());
                st.dispatch("GUILD_MEMBER_UPDATE", json);
            }
        })
    }

    /// When closed, the bot's DMs to this user fail with 403/50007.
    pub fn set_dms_closed(&self, user_id: u64, closed: bool) {
        self.with_state_mut(|st| {
            st.world
                .member_mut(user_id)
                .unwrap_or_else(|| panic!("no member {user_id}"))
                .dms_closed = closed;
        })
    }

    /// A member posts a message in a channel (MESSAGE_CREATE if the bot has GUILD_MESSAGES).
    /// Returns the message id.
    pub fn post_user_message(&self, user_id: u64, channel_id: u64, content: &str) -> u64 {
        self.with_state_mut(|st| messages::post_user_message(st, user_id, channel_id, content))
    }

    // ----- gateway -------------------------------------------------------------------------------

    pub fn identify_count(&self) -> usize {
        self.with_state(|st| st.gateway.identify_count)
    }
    pub fn resume_count(&self) -> usize {
        self.with_state(|st| st.gateway.resume_count)
    }
    /// IDENTIFY payloads received (intents, properties, presence).
    pub fn identify_payloads(&self) -> Vec<Value> {
        self.with_state(|st| st.gateway.identifies.clone())
    }
    /// Whether a gateway connection is identified or resumed right now.
    pub fn is_connected(&self) -> bool {
        self.with_state(|st| st.gateway.is_connected())
    }

    /// The identified or resumed connections now: shard, session id, label, oldest first.
    pub fn sessions(&self) -> Vec<gateway::SessionInfo> {
        self.with_state(|st| st.gateway.connected())
    }

    /// Waits until at least `n` connections are identified or resumed; returns them.
    pub async fn wait_for_sessions(
        &self,
        n: usize,
        timeout: Duration,
    ) -> Vec<gateway::SessionInfo> {
        self.wait_for(
            &format!("{n} identified gateway connection(s)"),
            timeout,
            |st| {
                let s = st.gateway.connected();
                (s.len() >= n).then_some(s)
            },
        )
        .await
    }

    /// Accepted IDENTIFYs for shard `shard_id` (whatever the count).
    pub fn identifies_for_shard(&self, shard_id: u64) -> usize {
        self.with_state(|st| st.gateway.identifies_for_shard(shard_id))
    }

    /// Every IDENTIFY, with its label, shard, session or close code.
    pub fn identify_log(&self) -> Vec<gateway::IdentifyRecord> {
        self.with_state(|st| st.gateway.identify_log.clone())
    }

    /// Close codes the fake sent, in order.
    pub fn closes_sent(&self) -> Vec<u16> {
        self.with_state(|st| st.gateway.closes_sent.clone())
    }

    /// Waits until a connection is identified or resumed (READY, and GUILD_CREATE with the GUILDS
    /// intent, are queued to it). Returns the number of IDENTIFYs so far.
    pub async fn wait_for_ready(&self, timeout: Duration) -> usize {
        self.wait_for("a gateway session (IDENTIFY -> READY)", timeout, |st| {
            st.gateway
                .is_connected()
                .then_some(st.gateway.identify_count)
        })
        .await
    }

    /// Closes the identified websockets with code 4000 (unknown error): clients should RESUME.
    pub fn drop_websocket(&self) {
        self.close_websocket(4000, "Unknown error.")
    }

    /// Closes the identified websockets with any code (4004 authentication failed, 4009
    /// session timeout, ...).
    pub fn close_websocket(&self, code: u16, reason: &str) {
        self.with_state_mut(|st| st.gateway.close_connected(code, reason))
    }

    /// Closes the websocket of one session (see `sessions`) with `code`.
    pub fn close_session(&self, session_id: &str, code: u16, reason: &str) {
        self.with_state_mut(|st| {
            let s = st
                .gateway
                .sessions
                .iter_mut()
                .find(|s| s.id == session_id)
                .unwrap_or_else(|| panic!("fake discord: no session {session_id}"));
            if let Some(conn) = s.conn.take() {
                let _ = conn.tx.send(ConnCmd::Close(code, reason.to_string()));
            }
        })
    }

    /// Kills every websocket without a close frame and refuses new ones (HTTP 502) for `d`.
    pub fn block_gateway(&self, d: Duration) {
        self.with_state_mut(|st| {
            st.gateway.blocked_until = Some(Instant::now() + d);
            for s in &mut st.gateway.sessions {
                s.conn = None;
            }
            for (_, tx) in st.gateway.connections.drain(..) {
                let _ = tx.send(ConnCmd::Kill);
            }
        })
    }

    /// Sends op 7 (Reconnect): the client should reconnect and RESUME.
    pub fn request_reconnect(&self) {
        self.with_state_mut(|st| st.gateway.send_raw(json!({ "op": 7, "d": null })))
    }

    /// Sends op 9 (Invalid Session) to every identified connection. With `resumable == false`
    /// their sessions are forgotten and the clients must IDENTIFY again.
    pub fn invalidate_session(&self, resumable: bool) {
        self.with_state_mut(|st| {
            st.gateway.send_raw(json!({ "op": 9, "d": resumable }));
            if !resumable {
                st.gateway.sessions.retain(|s| s.conn.is_none());
            }
        })
    }

    /// Sends any dispatch event (checked against serenity's models like all others).
    pub fn dispatch(&self, t: &str, d: Value) {
        self.with_state_mut(|st| st.dispatch(t, d))
    }

    // ----- observation ---------------------------------------------------------------------------

    /// Messages visible in a channel (not deleted, not ephemeral), oldest first.
    pub fn messages(&self, channel_id: u64) -> Vec<RecordedMessage> {
        self.with_state(|st| st.visible_messages(channel_id))
    }
    /// Every message the fake recorded, including deleted and ephemeral ones.
    pub fn all_messages(&self) -> Vec<RecordedMessage> {
        self.with_state(|st| st.messages.clone())
    }
    pub fn message(&self, id: u64) -> Option<RecordedMessage> {
        self.with_state(|st| st.message(id).cloned())
    }
    /// Waits until a channel shows at least `n` visible messages; returns them.
    pub async fn wait_for_messages(
        &self,
        channel_id: u64,
        n: usize,
        timeout: Duration,
    ) -> Vec<RecordedMessage> {
        self.wait_for(
            &format!("{n} message(s) in channel {channel_id}"),
            timeout,
            |st| {
                let m = st.visible_messages(channel_id);
                (m.len() >= n).then_some(m)
            },
        )
        .await
    }
    pub fn registered_commands(&self, guild_id: Option<u64>) -> Vec<Value> {
        self.with_state(|st| {
            st.commands
                .iter()
                .filter(|c| c.guild_id == guild_id)
                .map(|c| c.json.clone())
                .collect()
        })
    }
    /// Waits until commands were written (bulk overwrite or create) for this scope at least once.
    pub async fn wait_for_commands(&self, guild_id: Option<u64>, timeout: Duration) -> Vec<Value> {
        self.wait_for(
            &format!("command registration (guild {guild_id:?})"),
            timeout,
            |st| {
                st.command_writes
                    .iter()
                    .any(|(g, _)| *g == guild_id)
                    .then(|| {
                        st.commands
                            .iter()
                            .filter(|c| c.guild_id == guild_id)
                            .map(|c| c.json.clone())
                            .collect()
                    })
            },
        )
        .await
    }
    pub fn scheduled_events(&self) -> Vec<Value> {
        self.with_state(|st| st.scheduled_events.clone())
    }
    pub fn callbacks(&self) -> Vec<CallbackRecord> {
        self.with_state(|st| st.callbacks.clone())
    }
    pub fn interactions(&self) -> Vec<InteractionRecord> {
        self.with_state(|st| st.interactions.clone())
    }
    pub fn requests(&self) -> Vec<RequestRecord> {
        self.with_state(|st| st.requests.clone())
    }
    /// Requests whose route shape is `route`, e.g. `"POST /channels/{channel_id}/messages"`.
    pub fn requests_to(&self, route: &str) -> Vec<RequestRecord> {
        self.with_state(|st| {
            st.requests
                .iter()
                .filter(|r| r.route == route)
                .cloned()
                .collect()
        })
    }
    pub fn unknown_routes(&self) -> Vec<String> {
        self.with_state(|st| st.unknown_routes.clone())
    }
    #[track_caller]
    pub fn assert_no_unknown_routes(&self) {
        let u = self.unknown_routes();
        assert!(
            u.is_empty(),
            "the bot called routes the fake does not implement: {u:#?}"
        );
    }
    /// 429s answered, of one kind.
    pub fn count_429(&self, kind: RateLimitKind) -> usize {
        self.with_state(|st| {
            st.requests
                .iter()
                .filter(|r| r.rate_limited == Some(kind))
                .count()
        })
    }
    /// All 429s answered.
    pub fn total_429(&self) -> usize {
        self.with_state(|st| st.requests.iter().filter(|r| r.status == 429).count())
    }
    /// Requests that came before an earlier 429's retry time had passed (the client hammered).
    pub fn early_retries(&self) -> Vec<RequestRecord> {
        self.with_state(|st| {
            st.requests
                .iter()
                .filter(|r| r.early_retry)
                .cloned()
                .collect()
        })
    }
    #[track_caller]
    pub fn assert_no_early_retries(&self) {
        let e: Vec<String> = self
            .early_retries()
            .iter()
            .map(|r| format!("{} {}", r.method, r.path))
            .collect();
        assert!(
            e.is_empty(),
            "requests were retried before retry_after had passed: {e:#?}"
        );
    }
    /// Errors from checking the fake's own payloads against serenity's models. Should be empty.
    pub fn payload_errors(&self) -> Vec<String> {
        self.with_state(|st| st.payload_errors.clone())
    }
    #[track_caller]
    pub fn assert_payloads_ok(&self) {
        let e = self.payload_errors();
        assert!(
            e.is_empty(),
            "the fake sent payloads serenity cannot read (fix the fake): {e:#?}"
        );
    }

    /// Requests Discord's OpenAPI spec rejected (`ROUTE: field: CODE (message)`) and routes it
    /// does not have, so far.
    pub fn spec_violations(&self) -> Vec<String> {
        self.with_state(|st| st.spec_violations.clone())
    }
    /// Returns and forgets the spec violations: for tests that send bad bodies on purpose.
    /// Those not taken fail the test when the fake stops.
    pub fn take_spec_violations(&self) -> Vec<String> {
        self.with_state_mut(|st| std::mem::take(&mut st.spec_violations))
    }
    #[track_caller]
    pub fn assert_spec_ok(&self) {
        let v = self.spec_violations();
        assert!(
            v.is_empty(),
            "requests that Discord's OpenAPI spec rejects, or routes it does not have: {v:#?}"
        );
    }

    /// The checks every end-to-end test can end with: no unimplemented routes were called,
    /// every payload the fake sent was readable by serenity, and every request the bot sent
    /// conformed to Discord's OpenAPI spec.
    #[track_caller]
    pub fn assert_healthy(&self) {
        self.assert_payloads_ok();
        self.assert_no_unknown_routes();
        self.assert_spec_ok();
    }

    // ----- faults --------------------------------------------------------------------------------

    /// The next `n` requests matching `matcher` fail with `fault`.
    pub fn inject(&self, matcher: RouteMatcher, fault: Fault, n: usize) {
        self.with_state_mut(|st| {
            st.injections.push(Injection {
                matcher,
                fault,
                remaining: n,
                hits: 0,
            })
        })
    }
    /// Removes injections that have not fired yet.
    pub fn clear_faults(&self) {
        self.with_state_mut(|st| st.injections.clear())
    }
    /// How many requests injected faults have hit so far.
    pub fn fault_hits(&self) -> usize {
        self.with_state(|st| st.injections.iter().map(|i| i.hits).sum())
    }

    // ----- interactions: see interactions.rs for the payloads ------------------------------------

    /// Sets the language `user`'s Discord client runs in: the `locale` of their interactions
    /// from now on (any string, so a test can send one Discord does not have).
    pub fn set_user_locale(&self, user: u64, locale: &str) {
        self.with_state_mut(|st| st.user_locales.insert(user, locale.to_owned()));
    }

    /// Sets server `guild_id`'s language: the `guild_locale` of interactions there from now on,
    /// and its `preferred_locale`, announced with GUILD_UPDATE as Discord does (and sent in
    /// GUILD_CREATE at the next connection).
    pub fn set_guild_locale(&self, guild_id: u64, locale: &str) {
        self.with_state_mut(|st| {
            st.guild_locales.insert(guild_id, locale.to_owned());
            let Some(w) = st.world_of_guild_mut(guild_id) else {
                return;
            };
            w.preferred_locale = locale.to_owned();
            let json = w.guild_json();
            if st.has_intent(intents::GUILDS) {
                st.dispatch("GUILD_UPDATE", json);
            }
        });
    }

    /// `/name sub... opts` by `user` in TEXT_CHANNEL. `command_line` is the command name with
    /// its sub-command words (`"stretch start"`); `options` is either an object of option name
    /// -> value (typed and checked against the registered command) or a raw array of Discord
    /// option objects. Panics when the command is not registered or an option is wrong, as the
    /// Discord client would refuse to send it.
    pub fn send_slash_command(
        &self,
        user: u64,
        command_line: &str,
        options: Value,
    ) -> InteractionHandle {
        self.send_slash_command_in(TEXT_CHANNEL, user, command_line, options)
    }

    pub fn send_slash_command_in(
        &self,
        channel_id: u64,
        user: u64,
        command_line: &str,
        options: Value,
    ) -> InteractionHandle {
        interactions::command(self, Some(channel_id), user, command_line, options, None)
    }

    /// The command in the text channel of server `guild_id` (the standard guild or one of
    /// `FakeOptions::extra_guilds`), delivered to the sessions of that server's shard. Discord
    /// offers only global commands and those registered for that server there.
    pub fn send_slash_command_in_guild(
        &self,
        guild_id: u64,
        user: u64,
        command_line: &str,
        options: Value,
    ) -> InteractionHandle {
        assert!(
            self.with_state(|st| st.world_of_guild(guild_id).is_some()),
            "fake discord: the bot is not in guild {guild_id} (see FakeOptions::extra_guilds)"
        );
        self.send_slash_command_in(
            world::in_guild(guild_id, TEXT_CHANNEL),
            user,
            command_line,
            options,
        )
    }

    /// The same command used in [`OTHER_GUILD_ID`], a server the bot is not in, where the app is
    /// usable through `install` (`authorizing_integration_owners` and `app_permissions` as
    /// Discord sends them there, `context` 0).
    pub fn send_command_elsewhere(
        &self,
        install: interactions::Install,
        user: u64,
        command_line: &str,
        options: Value,
    ) -> InteractionHandle {
        interactions::command_elsewhere(self, install, user, command_line, options)
    }

    /// The same command used in the bot's DM with `user` (no guild, `user` instead of `member`).
    pub fn send_dm_command(
        &self,
        user: u64,
        command_line: &str,
        options: Value,
    ) -> InteractionHandle {
        interactions::command(self, None, user, command_line, options, None)
    }

    /// Autocomplete (type 4) while `user` types `focused`'s value; `options` as for commands.
    pub fn send_autocomplete(
        &self,
        user: u64,
        command_line: &str,
        options: Value,
        focused: &str,
    ) -> InteractionHandle {
        interactions::command(
            self,
            Some(TEXT_CHANNEL),
            user,
            command_line,
            options,
            Some(focused),
        )
    }

    /// `user` clicks the button `custom_id` on a recorded message (type 3).
    pub fn press_button(&self, user: u64, message_id: u64, custom_id: &str) -> InteractionHandle {
        interactions::component(self, user, message_id, custom_id, None, None)
    }

    /// A press of the button `custom_id` of a recorded message that claims to come from
    /// `channel_id` (a guild channel, or a DM's): what a tampered client, or a copy of the bot's
    /// buttons in another channel, would send. The bot must not trust the button alone.
    pub fn press_button_from(
        &self,
        user: u64,
        channel_id: u64,
        message_id: u64,
        custom_id: &str,
    ) -> InteractionHandle {
        interactions::component(self, user, message_id, custom_id, None, Some(channel_id))
    }

    /// `user` picks `values` in the select menu `custom_id` (type 3).
    pub fn select_menu(
        &self,
        user: u64,
        message_id: u64,
        custom_id: &str,
        values: &[&str],
    ) -> InteractionHandle {
        interactions::component(self, user, message_id, custom_id, Some(values), None)
    }

    /// A handle to an interaction sent earlier (by id).
    pub fn interaction(&self, id: u64) -> InteractionHandle {
        InteractionHandle {
            fake: self.clone(),
            id,
        }
    }
}

/// Sends a frame to every open connection's task (used by the gateway module).
pub(crate) type ConnSender = mpsc::UnboundedSender<ConnCmd>;
