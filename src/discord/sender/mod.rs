//! The one sending layer: every post, edit and interaction reply the bot makes goes through
//! [`Sender`], in production and in tests alike. serenity's own rate limiter is off (it cannot be
//! pointed at another base URL and it retries 429s without bound), so this layer:
//!
//! - checks each message against Discord's limits before sending it;
//! - answers interactions at once: callbacks, follow-ups and edits on an interaction token skip
//!   the global limit (Discord exempts them) and never queue behind other requests;
//! - paces everything else at the configured rate, under Discord's global limit however the
//!   network bunches requests ([`limiter::Rate`]), served by lane
//!   ([`Lane`]: session steps before prompts and lobbies, those before background edits), and
//!   follows the `X-RateLimit-*` headers per bucket ([`limiter`]);
//! - waits out a 429's `Retry-After`, recording it first so other requests to that bucket wait
//!   too, and abandons a post whose wait is too long;
//! - counts 401/403/429 answers and holds everything but interaction answers before Discord's
//!   invalid-request ban would;
//! - retries 5xx answers and timeouts a bounded number of times inside a deadline, re-sending the
//!   same `nonce` with `enforce_nonce` so a retry never posts twice;
//! - never retries a target that is gone: the caller learns it ([`PostError::Gone`]);
//! - pings only the users and roles a message names.
//!
//! Files: this one is the public API; [`limiter`] holds the rate-limit state; [`transport`]
//! builds requests and reads answers.

pub mod limiter;
mod transport;

use std::{
    sync::{
        atomic::{AtomicU64, Ordering},
        Arc, Mutex,
    },
    time::Duration,
};

use async_trait::async_trait;
use reqwest::Method;
use serde_json::{json, Value};
use tokio::time::Instant;
use tracing::{debug, error, warn};

use self::{
    limiter::{Buckets, Gate, InvalidBudget, Permit, Rate, Route},
    transport::{build, classify, template_of, Answer, Body, Request},
};
use super::payload::message_body;
use crate::{
    config::{Settings, Token},
    limits::check_message,
    message::OutMessage,
    post::{Edit, Lane, MessageId, Post, PostError, Poster},
};

/// How an interaction is answered.
#[derive(Debug, Clone)]
pub enum Reply {
    /// A message (type 4).
    Message(OutMessage),
    /// "Thinking…" (type 5); the answer follows as a follow-up.
    Defer { ephemeral: bool },
    /// Acknowledge a button without changing its message (type 6).
    DeferUpdate,
    /// Replace the message the button is on (type 7).
    Update(OutMessage),
    /// Autocomplete choices (type 8): (name shown, value sent, typed like the option).
    Choices(Vec<(String, Value)>),
}

/// Counters that tests and benchmarks read.
#[derive(Debug, Default)]
pub struct SendStats {
    pub requests: AtomicU64,
    pub rate_limited: AtomicU64,
    pub retries: AtomicU64,
    /// 401, 403 and 429 answers (Discord bans a bot past 10,000 in ten minutes).
    pub invalid: AtomicU64,
}

#[derive(Debug, Clone, Copy)]
struct Policy {
    deadline: Duration,
    max_retries: u32,
    max_retry_after: Duration,
}

pub struct Sender {
    client: reqwest::Client,
    api: String,
    token: Token,
    policy: Policy,
    gate: Arc<Gate>,
    buckets: Mutex<Buckets>,
    invalid: Mutex<InvalidBudget>,
    pub stats: SendStats,
}

impl std::fmt::Debug for Sender {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sender").field("api", &self.api).finish()
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl Sender {
    /// A sender that may use the whole `discord.global_requests_per_sec`.
    pub fn new(settings: &Settings, token: Token) -> anyhow::Result<Self> {
        let rate = Rate::under_discords_limit(settings.discord.global_requests_per_sec);
        Self::paced(settings, token, rate)
    }

    /// A sender at `rate` (a process's share of the global limit when several share the bot's).
    pub fn paced(settings: &Settings, token: Token, rate: Rate) -> anyhow::Result<Self> {
        let d = &settings.discord;
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(d.request_timeout_secs))
            .user_agent(concat!(
                "DiscordBot (https://example.invalid/stretchbot, ",
                env!("CARGO_PKG_VERSION"),
                ")"
            ))
            .build()?;
        Ok(Self {
            client,
            api: format!("{}/api/v10", settings.api_base()),
            token,
            policy: Policy {
                deadline: Duration::from_secs(d.send_deadline_secs),
                max_retries: d.send_max_retries,
                max_retry_after: Duration::from_secs(d.max_retry_after_secs),
            },
            gate: Gate::new(rate),
            buckets: Mutex::new(Buckets::default()),
            invalid: Mutex::new(InvalidBudget::new(d.max_invalid_requests_per_10_min)),
            stats: SendStats::default(),
        })
    }

    /// Posts a message in a channel; returns its id.
    pub async fn create_message(
        &self,
        lane: Lane,
        channel_id: u64,
        message: &OutMessage,
    ) -> Result<Option<MessageId>, PostError> {
        let mut message = message.clone();
        message.ephemeral = false;
        message.nonce.get_or_insert_with(crate::nonces::random);
        let path = format!("/channels/{channel_id}/messages");
        let route = Route::new("POST /channels/{}/messages", channel_id);
        self.post_message(path, route, &message, Some(lane)).await
    }

    /// Replaces a message's content, cards and buttons.
    pub async fn edit_message(
        &self,
        lane: Lane,
        channel_id: u64,
        message_id: MessageId,
        message: &OutMessage,
    ) -> Result<(), PostError> {
        let request = self
            .message_request(
                Method::PATCH,
                format!("/channels/{channel_id}/messages/{message_id}"),
                Route::new("PATCH /channels/{}/messages/{}", channel_id),
                message,
                true,
            )
            .await?;
        self.execute(request, Some(lane)).await.map(drop)
    }

    /// Answers an interaction (within Discord's 3 s). Never waits for the global limit.
    pub async fn respond(
        &self,
        interaction_id: u64,
        token: &str,
        reply: &Reply,
    ) -> Result<(), PostError> {
        let path = format!("/interactions/{interaction_id}/{token}/callback");
        let route = Route::interaction("POST /interactions/{}/{}/callback", token);
        let (kind, message) = match reply {
            Reply::Message(m) => (4, Some(m)),
            Reply::Update(m) => (7, Some(m)),
            Reply::Defer { ephemeral } => {
                let flags = if *ephemeral {
                    super::payload::EPHEMERAL
                } else {
                    0
                };
                let body = json!({"type": 5, "data": {"flags": flags}});
                return self
                    .execute(json_request(Method::POST, path, route, body), None)
                    .await
                    .map(drop);
            }
            Reply::DeferUpdate => {
                let body = json!({"type": 6});
                return self
                    .execute(json_request(Method::POST, path, route, body), None)
                    .await
                    .map(drop);
            }
            Reply::Choices(choices) => {
                let choices: Vec<Value> = choices
                    .iter()
                    .take(crate::limits::AUTOCOMPLETE_CHOICES)
                    .map(|(name, value)| json!({"name": crate::limits::truncate(name, 100), "value": value}))
                    .collect();
                let body = json!({"type": 8, "data": {"choices": choices}});
                return self
                    .execute(json_request(Method::POST, path, route, body), None)
                    .await
                    .map(drop);
            }
        };
        let mut message = message.cloned().unwrap_or_default();
        message.nonce = None;
        let mut request = self
            .message_request(Method::POST, path, route, &message, kind == 7)
            .await?;
        request.body = match request.body {
            Body::Json(data) => Body::Json(json!({"type": kind, "data": data})),
            Body::WithFile {
                payload,
                file_name,
                bytes,
            } => Body::WithFile {
                payload: json!({"type": kind, "data": payload}),
                file_name,
                bytes,
            },
            Body::Empty => Body::Empty,
        };
        // A callback retried after a 5xx that Discord did process answers 40060; the reply stands.
        request.retry_safe = true;
        self.execute(request, None).await.map(drop)
    }

    /// A follow-up message to an interaction (after a deferral). Bucketed per interaction
    /// token, as Discord does, and never queued behind other requests.
    pub async fn followup(
        &self,
        application_id: u64,
        token: &str,
        message: &OutMessage,
    ) -> Result<Option<MessageId>, PostError> {
        let mut message = message.clone();
        message.nonce = None;
        let path = format!("/webhooks/{application_id}/{token}");
        let route = Route::interaction("POST /webhooks/{}/{}", token);
        self.post_message(path, route, &message, None).await
    }

    /// A new message through `route`; `None` for the lane: an interaction's, never queued.
    async fn post_message(
        &self,
        path: String,
        route: Route,
        message: &OutMessage,
        lane: Option<Lane>,
    ) -> Result<Option<MessageId>, PostError> {
        let request = self
            .message_request(Method::POST, path, route, message, false)
            .await?;
        let body = self.execute(request, lane).await?;
        Ok(message_id(&body))
    }

    /// A JSON request for everything else the bot writes (scheduled events).
    pub async fn json(
        &self,
        lane: Lane,
        method: Method,
        path: &str,
        major: u64,
        body: Option<Value>,
    ) -> Result<Value, PostError> {
        let template = format!("{method} {}", template_of(path));
        let mut request = json_request(
            method.clone(),
            path.to_owned(),
            Route::new(&template, major),
            body.unwrap_or(Value::Null),
        );
        if matches!(request.body, Body::Json(Value::Null)) {
            request.body = Body::Empty;
        }
        request.retry_safe = method != Method::POST;
        self.execute(request, Some(lane)).await
    }

    async fn message_request(
        &self,
        method: Method,
        path: String,
        route: Route,
        message: &OutMessage,
        edit: bool,
    ) -> Result<Request, PostError> {
        check_message(message).map_err(|e| {
            warn!(error = %e, "refusing to send a message over Discord's limits");
            PostError::Rejected(e.to_string())
        })?;
        let payload = message_body(message, edit);
        let body = match &message.attachment {
            None => Body::Json(payload),
            Some(a) => {
                let bytes = match &a.bytes {
                    Some(bytes) => bytes.to_vec(),
                    None => tokio::fs::read(&a.path).await.map_err(|e| {
                        PostError::Rejected(format!("cannot read {}: {e}", a.path.display()))
                    })?,
                };
                Body::WithFile {
                    payload,
                    file_name: a.file_name.clone(),
                    bytes: Arc::new(bytes),
                }
            }
        };
        let retry_safe = edit || message.nonce.is_some();
        Ok(Request {
            method,
            path,
            route,
            body,
            retry_safe,
        })
    }

    /// Waits until the request may go: its bucket has room and, unless it answers an
    /// interaction (`lane` is `None`), the global window grants its lane a slot. A wait longer
    /// than `max_retry_after` is not waited out: the post is abandoned.
    async fn wait_turn(
        &self,
        route: &Route,
        lane: Option<Lane>,
    ) -> Result<Option<Permit>, PostError> {
        loop {
            let now = Instant::now();
            let blocked = lock(&self.buckets).blocked_until(route, now);
            let held = match lane {
                Some(_) => self.gate.held(now),
                None => None,
            };
            if let Some(until) = blocked.max(held) {
                let wait = until - now;
                if wait > self.policy.max_retry_after {
                    warn!(route = %route.template, wait_secs = wait.as_secs(), "rate limited for longer than a post is worth waiting");
                    return Err(PostError::RateLimitedTooLong(wait.as_secs()));
                }
                tokio::time::sleep_until(until).await;
                continue;
            }
            let permit = match lane {
                // A hold that starts while this request queues is not waited out past
                // `max_retry_after` either.
                Some(lane) => {
                    match tokio::time::timeout(self.policy.max_retry_after, self.gate.acquire(lane))
                        .await
                    {
                        Ok(permit) => Some(permit),
                        Err(_) => {
                            warn!(route = %route.template, "waited longer than a post is worth for a slot");
                            return Err(PostError::RateLimitedTooLong(
                                self.policy.max_retry_after.as_secs(),
                            ));
                        }
                    }
                }
                None => None,
            };
            // A 429 may have emptied the bucket while this request waited for its slot.
            if lock(&self.buckets).try_take(route, Instant::now()).is_ok() {
                return Ok(permit);
            }
            if let Some(p) = permit {
                p.unused();
            }
        }
    }

    /// Counts an invalid answer; past the budget, holds everything but interaction answers.
    fn count_invalid(&self) {
        self.stats.invalid.fetch_add(1, Ordering::Relaxed);
        let tripped = lock(&self.invalid).record(Instant::now());
        if let Some((until, first)) = tripped {
            if first {
                error!(
                    hold_secs = (until - Instant::now()).as_secs(),
                    "too many 401/403/429 answers in ten minutes; holding every request but interaction answers so Discord does not ban the bot"
                );
            }
            self.gate.hold(until);
        }
    }

    async fn execute(&self, request: Request, lane: Option<Lane>) -> Result<Value, PostError> {
        let started = Instant::now();
        let mut failures = 0u32;
        let mut rate_limits = 0u32;
        loop {
            let permit = self.wait_turn(&request.route, lane).await?;
            self.stats.requests.fetch_add(1, Ordering::Relaxed);
            debug!(route = %request.route.template, ?lane, "discord request");
            let outcome = build(&self.client, &self.api, self.token.expose(), &request)
                .send()
                .await;
            let transient = match outcome {
                Ok(response) => {
                    let status = response.status();
                    let headers = response.headers().clone();
                    lock(&self.buckets).learn(&request.route, &headers, Instant::now());
                    let body: Value = response.json().await.unwrap_or(Value::Null);
                    // The permit is given back only after a 429 is recorded below: giving it
                    // back first would let the requests queued behind it go out into the 429.
                    let answer = classify(status, &headers, &body, failures > 0);
                    if answer.is_invalid(status) {
                        self.count_invalid();
                    }
                    match answer {
                        Answer::Success(body) => return Ok(body),
                        Answer::AlreadyDone => return Ok(Value::Null),
                        Answer::RateLimited { after, global, .. } => {
                            self.stats.rate_limited.fetch_add(1, Ordering::Relaxed);
                            rate_limits += 1;
                            warn!(route = %request.route.template, wait_ms = after.as_millis() as u64, global, "rate limited by Discord");
                            // Recorded even when this post gives up, so that other requests to
                            // the bucket wait instead of collecting their own 429s.
                            let until = Instant::now() + after;
                            if global {
                                self.gate.hold(until);
                            }
                            // Interaction answers skip the gate, so their retry waits on the
                            // route's own bucket, global or not.
                            if !global || request.route.interaction {
                                lock(&self.buckets).block(&request.route, until);
                            }
                            if after > self.policy.max_retry_after || rate_limits > 5 {
                                return Err(PostError::RateLimitedTooLong(after.as_secs()));
                            }
                            continue;
                        }
                        Answer::Gone { status, code } => {
                            return Err(PostError::Gone { status, code })
                        }
                        Answer::Unauthorized => {
                            return Err(PostError::Unavailable(
                                "Discord refused the bot token (401)".into(),
                            ))
                        }
                        Answer::Rejected(why) => return Err(PostError::Rejected(why)),
                        Answer::Transient(why) => why,
                    }
                }
                Err(e) if e.is_timeout() => "request timed out".to_owned(),
                // `without_url` keeps interaction tokens in paths out of error text.
                Err(e) => e.without_url().to_string(),
            };
            drop(permit);
            failures += 1;
            let backoff = Duration::from_millis(250 * 2u64.pow(failures.min(6)));
            if !request.retry_safe
                || failures > self.policy.max_retries
                || started.elapsed() + backoff > self.policy.deadline
            {
                return Err(PostError::Unavailable(transient));
            }
            self.stats.retries.fetch_add(1, Ordering::Relaxed);
            warn!(route = %request.route.template, attempt = failures, error = %transient, "retrying a Discord request");
            tokio::time::sleep(backoff).await;
        }
    }
}

fn json_request(method: Method, path: String, route: Route, body: Value) -> Request {
    Request {
        method,
        path,
        route,
        body: Body::Json(body),
        retry_safe: false,
    }
}

/// The id in a 2xx answer to a message create. `None` when the answer could not be read (cut
/// off, not JSON) or has no id: the message was still created, so this is no failure.
fn message_id(body: &Value) -> Option<MessageId> {
    let id = body
        .get("id")
        .and_then(Value::as_str)
        .and_then(|s| s.parse().ok());
    if id.is_none() {
        warn!("Discord took a message but its answer could not be read; posted, id unknown");
    }
    id
}

#[async_trait]
impl Poster for Sender {
    async fn post(&self, post: Post) -> Result<Option<MessageId>, PostError> {
        self.create_message(post.lane, post.channel_id.get(), &post.message)
            .await
    }

    async fn edit(&self, edit: Edit) -> Result<(), PostError> {
        let channel = edit.channel_id.get();
        self.edit_message(edit.lane, channel, edit.message_id, &edit.message)
            .await
    }
}
