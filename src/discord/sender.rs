//! The one sending layer: every post, edit and interaction reply the bot makes goes through
//! [`Sender`], in production and in tests alike. serenity's own rate limiter is off (it cannot be
//! pointed at another base URL and it retries 429s without bound), so this layer:
//!
//! - checks each message against Discord's limits before sending it;
//! - paces all requests under the global limit and follows the `X-RateLimit-*` headers per bucket,
//!   waiting out a 429's `Retry-After` (or abandoning the post when the wait is too long);
//! - retries 5xx answers and timeouts a bounded number of times inside a deadline, re-sending the
//!   same `nonce` with `enforce_nonce` so a retry never posts twice;
//! - never retries 403/404: the caller learns the channel is gone ([`PostError::Gone`]);
//! - pings only the users and roles a message names.

use std::{
    collections::HashMap,
    sync::{
        atomic::{AtomicU64, Ordering},
        Arc, Mutex,
    },
    time::Duration,
};

use async_trait::async_trait;
use rand::{distributions::Alphanumeric, Rng};
use reqwest::{header, Method, StatusCode};
use serde_json::{json, Value};
use tokio::time::Instant;
use tracing::{debug, warn};

use super::payload::message_body;
use crate::{
    config::{Settings, Token},
    limits::check_message,
    message::OutMessage,
    post::{MessageId, PostError, Poster},
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
    /// Autocomplete choices (type 8): (name shown, value sent).
    Choices(Vec<(String, String)>),
}

/// Counters that tests and benchmarks read.
#[derive(Debug, Default)]
pub struct SendStats {
    pub requests: AtomicU64,
    pub rate_limited: AtomicU64,
    pub retries: AtomicU64,
}

#[derive(Debug, Clone, Copy)]
struct Policy {
    deadline: Duration,
    max_retries: u32,
    max_retry_after: Duration,
    pace: Duration,
}

#[derive(Debug)]
struct Bucket {
    remaining: u32,
    reset_at: Instant,
}

/// Rate-limit state, modelled on twilight-http-ratelimiting: routes map to Discord's bucket ids
/// (learned from `X-RateLimit-Bucket`), buckets are per bucket id and major parameter.
#[derive(Debug, Default)]
struct Limiter {
    global_until: Option<Instant>,
    next_slot: Option<Instant>,
    bucket_of_route: HashMap<String, String>,
    buckets: HashMap<String, Bucket>,
}

impl Limiter {
    fn bucket_key(&self, route: &Route) -> String {
        let bucket = self
            .bucket_of_route
            .get(&route.template)
            .cloned()
            .unwrap_or_else(|| route.template.clone());
        format!("{bucket}:{}", route.major)
    }

    /// Until when this route may not be used (global block, or its bucket is empty).
    fn blocked_until(&mut self, route: &Route, now: Instant) -> Option<Instant> {
        if let Some(until) = self.global_until.filter(|u| *u > now) {
            return Some(until);
        }
        let key = self.bucket_key(route);
        match self.buckets.get(&key) {
            Some(b) if b.reset_at <= now => {
                self.buckets.remove(&key);
                None
            }
            Some(b) if b.remaining == 0 => Some(b.reset_at),
            _ => None,
        }
    }

    /// Reserves the next global pace slot.
    fn pace_slot(&mut self, now: Instant, pace: Duration) -> Instant {
        let slot = self.next_slot.map_or(now, |s| s.max(now));
        self.next_slot = Some(slot + pace);
        slot
    }

    /// Takes one request from the route's bucket, if it is not blocked right now.
    fn try_take(&mut self, route: &Route, now: Instant) -> Result<(), Instant> {
        if let Some(until) = self.blocked_until(route, now) {
            return Err(until);
        }
        let key = self.bucket_key(route);
        if let Some(b) = self.buckets.get_mut(&key) {
            b.remaining = b.remaining.saturating_sub(1);
        }
        Ok(())
    }

    fn learn(&mut self, route: &Route, headers: &header::HeaderMap, now: Instant) {
        let get = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
        if let Some(bucket) = get("x-ratelimit-bucket") {
            self.bucket_of_route
                .insert(route.template.clone(), bucket.to_owned());
        }
        let remaining = get("x-ratelimit-remaining").and_then(|v| v.parse::<u32>().ok());
        let reset_after = get("x-ratelimit-reset-after").and_then(|v| v.parse::<f64>().ok());
        if let (Some(remaining), Some(after)) = (remaining, reset_after) {
            let key = self.bucket_key(route);
            let reset_at = now + Duration::from_secs_f64(after.clamp(0.0, 3600.0));
            let b = self.buckets.entry(key).or_insert(Bucket {
                remaining,
                reset_at,
            });
            // Answers to concurrent requests arrive out of order: keep the most pessimistic view.
            b.remaining = b.remaining.min(remaining);
            b.reset_at = b.reset_at.max(reset_at);
        }
    }

    fn blocked(&mut self, route: &Route, global: bool, until: Instant) {
        if global {
            self.global_until = Some(self.global_until.map_or(until, |g| g.max(until)));
        } else {
            let key = self.bucket_key(route);
            self.buckets.insert(
                key,
                Bucket {
                    remaining: 0,
                    reset_at: until,
                },
            );
        }
    }
}

/// A route as Discord's rate limits see it: a template plus its major parameter.
#[derive(Debug, Clone)]
struct Route {
    template: String,
    major: String,
}

impl Route {
    fn new(template: &str, major: impl ToString) -> Self {
        Self {
            template: template.to_owned(),
            major: major.to_string(),
        }
    }
}

enum Body {
    Empty,
    Json(Value),
    WithFile {
        payload: Value,
        file_name: String,
        bytes: Arc<Vec<u8>>,
    },
}

struct Request {
    method: Method,
    path: String,
    route: Route,
    body: Body,
    /// Safe to send again after a 5xx or a timeout (idempotent, or de-duplicated by a nonce).
    retry_safe: bool,
}

pub struct Sender {
    client: reqwest::Client,
    api: String,
    token: Token,
    policy: Policy,
    limiter: Mutex<Limiter>,
    pub stats: SendStats,
}

impl std::fmt::Debug for Sender {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sender").field("api", &self.api).finish()
    }
}

/// A fresh random nonce (Discord allows 25 characters).
pub fn new_nonce() -> String {
    rand::thread_rng()
        .sample_iter(&Alphanumeric)
        .take(20)
        .map(char::from)
        .collect()
}

impl Sender {
    pub fn new(settings: &Settings, token: Token) -> anyhow::Result<Self> {
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
                pace: Duration::from_secs_f64(1.0 / f64::from(d.global_requests_per_sec.max(1))),
            },
            limiter: Mutex::new(Limiter::default()),
            stats: SendStats::default(),
        })
    }

    /// Posts a message in a channel; returns its id.
    pub async fn create_message(
        &self,
        channel_id: u64,
        message: &OutMessage,
    ) -> Result<MessageId, PostError> {
        let mut message = message.clone();
        message.ephemeral = false;
        message.nonce.get_or_insert_with(new_nonce);
        let request = self
            .message_request(
                Method::POST,
                format!("/channels/{channel_id}/messages"),
                Route::new("POST /channels/{}/messages", channel_id),
                &message,
                false,
            )
            .await?;
        let body = self.execute(request).await?;
        message_id(&body)
    }

    /// Replaces a message's content, cards and buttons.
    pub async fn edit_message(
        &self,
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
        self.execute(request).await.map(drop)
    }

    /// Answers an interaction (within Discord's 3 s).
    pub async fn respond(
        &self,
        interaction_id: u64,
        token: &str,
        reply: &Reply,
    ) -> Result<(), PostError> {
        let path = format!("/interactions/{interaction_id}/{token}/callback");
        let route = Route::new("POST /interactions/{}/{}/callback", interaction_id);
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
                    .execute(self.json_request(Method::POST, path, route, body))
                    .await
                    .map(drop);
            }
            Reply::DeferUpdate => {
                let body = json!({"type": 6});
                return self
                    .execute(self.json_request(Method::POST, path, route, body))
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
                    .execute(self.json_request(Method::POST, path, route, body))
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
        self.execute(request).await.map(drop)
    }

    /// A follow-up message to an interaction (after a deferral).
    pub async fn followup(
        &self,
        application_id: u64,
        token: &str,
        message: &OutMessage,
    ) -> Result<MessageId, PostError> {
        let mut message = message.clone();
        message.nonce = None;
        let request = self
            .message_request(
                Method::POST,
                format!("/webhooks/{application_id}/{token}"),
                Route::new("POST /webhooks/{}/{}", application_id),
                &message,
                false,
            )
            .await?;
        let body = self.execute(request).await?;
        message_id(&body)
    }

    /// A JSON request for everything else the bot writes (scheduled events).
    pub async fn json(
        &self,
        method: Method,
        path: &str,
        major: u64,
        body: Option<Value>,
    ) -> Result<Value, PostError> {
        let template = format!("{method} {}", template_of(path));
        let mut request = self.json_request(
            method.clone(),
            path.to_owned(),
            Route::new(&template, major),
            body.unwrap_or(Value::Null),
        );
        if matches!(request.body, Body::Json(Value::Null)) {
            request.body = Body::Empty;
        }
        request.retry_safe = method != Method::POST;
        self.execute(request).await
    }

    fn json_request(&self, method: Method, path: String, route: Route, body: Value) -> Request {
        Request {
            method,
            path,
            route,
            body: Body::Json(body),
            retry_safe: false,
        }
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
                let bytes = tokio::fs::read(&a.path).await.map_err(|e| {
                    PostError::Rejected(format!("cannot read {}: {e}", a.path.display()))
                })?;
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

    /// Waits until the request may go: under the global pace, and outside any 429 or empty
    /// bucket. Limits are checked again after the pacing sleep, because a 429 may have arrived
    /// meanwhile. A wait longer than `max_retry_after` is not waited out: the post is abandoned.
    async fn wait_turn(&self, route: &Route) -> Result<(), PostError> {
        loop {
            let now = Instant::now();
            let slot = {
                let mut limiter = self.limiter.lock().unwrap_or_else(|p| p.into_inner());
                match limiter.blocked_until(route, now) {
                    Some(until) => Err(until),
                    None => Ok(limiter.pace_slot(now, self.policy.pace)),
                }
            };
            match slot {
                Err(until) => {
                    let wait = until - now;
                    if wait > self.policy.max_retry_after {
                        warn!(route = %route.template, wait_secs = wait.as_secs(), "rate limited for longer than a post is worth waiting");
                        return Err(PostError::RateLimitedTooLong(wait.as_secs()));
                    }
                    tokio::time::sleep_until(until).await;
                }
                Ok(slot) => {
                    tokio::time::sleep_until(slot).await;
                    let mut limiter = self.limiter.lock().unwrap_or_else(|p| p.into_inner());
                    if limiter.try_take(route, Instant::now()).is_ok() {
                        return Ok(());
                    }
                }
            }
        }
    }

    fn build(&self, request: &Request) -> reqwest::RequestBuilder {
        let mut auth = header::HeaderValue::from_str(&format!("Bot {}", self.token.expose()))
            .unwrap_or_else(|_| header::HeaderValue::from_static("Bot invalid"));
        auth.set_sensitive(true);
        let builder = self
            .client
            .request(
                request.method.clone(),
                format!("{}{}", self.api, request.path),
            )
            .header(header::AUTHORIZATION, auth);
        match &request.body {
            Body::Empty => builder,
            Body::Json(v) => builder.json(v),
            Body::WithFile {
                payload,
                file_name,
                bytes,
            } => {
                let part = reqwest::multipart::Part::bytes(bytes.as_ref().clone())
                    .file_name(file_name.clone())
                    .mime_str("image/png")
                    .unwrap_or_else(|_| reqwest::multipart::Part::bytes(Vec::new()));
                let form = reqwest::multipart::Form::new()
                    .text("payload_json", payload.to_string())
                    .part("files[0]", part);
                builder.multipart(form)
            }
        }
    }

    async fn execute(&self, request: Request) -> Result<Value, PostError> {
        let started = Instant::now();
        let mut failures = 0u32;
        let mut rate_limits = 0u32;
        loop {
            self.wait_turn(&request.route).await?;
            self.stats.requests.fetch_add(1, Ordering::Relaxed);
            debug!(route = %request.route.template, "discord request");
            let outcome = self.build(&request).send().await;
            let transient = match outcome {
                Ok(response) => {
                    let status = response.status();
                    let headers = response.headers().clone();
                    {
                        let mut limiter = self.limiter.lock().unwrap_or_else(|p| p.into_inner());
                        limiter.learn(&request.route, &headers, Instant::now());
                    }
                    let body: Value = response.json().await.unwrap_or(Value::Null);
                    if status.is_success() {
                        return Ok(body);
                    }
                    let code = body.get("code").and_then(Value::as_u64).unwrap_or(0);
                    match status {
                        StatusCode::TOO_MANY_REQUESTS => {
                            self.stats.rate_limited.fetch_add(1, Ordering::Relaxed);
                            rate_limits += 1;
                            let wait = retry_after(&headers, &body);
                            let global = headers.get("x-ratelimit-global").is_some()
                                || body.get("global").and_then(Value::as_bool).unwrap_or(false);
                            warn!(route = %request.route.template, wait_ms = wait.as_millis() as u64, global, "rate limited by Discord");
                            if wait > self.policy.max_retry_after || rate_limits > 5 {
                                return Err(PostError::RateLimitedTooLong(wait.as_secs()));
                            }
                            {
                                let mut limiter =
                                    self.limiter.lock().unwrap_or_else(|p| p.into_inner());
                                limiter.blocked(&request.route, global, Instant::now() + wait);
                            }
                            continue;
                        }
                        StatusCode::FORBIDDEN | StatusCode::NOT_FOUND => {
                            return Err(PostError::Gone(format!("{} {code}", status.as_u16())));
                        }
                        s if s.is_server_error() => format!("{} {code}", s.as_u16()),
                        StatusCode::BAD_REQUEST if code == 40060 && failures > 0 => {
                            // Our earlier attempt was processed before its answer was lost.
                            return Ok(Value::Null);
                        }
                        StatusCode::UNAUTHORIZED => {
                            return Err(PostError::Unavailable(
                                "Discord refused the bot token (401)".into(),
                            ))
                        }
                        s => {
                            let message = body.get("message").and_then(Value::as_str).unwrap_or("");
                            return Err(PostError::Rejected(format!(
                                "{} {code} {message} {}",
                                s.as_u16(),
                                body.get("errors")
                                    .map(|e| e.to_string())
                                    .unwrap_or_default()
                            )));
                        }
                    }
                }
                Err(e) if e.is_timeout() => "request timed out".to_owned(),
                // `without_url` keeps interaction tokens in paths out of error text.
                Err(e) => e.without_url().to_string(),
            };
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

fn retry_after(headers: &header::HeaderMap, body: &Value) -> Duration {
    let from_body = body.get("retry_after").and_then(Value::as_f64);
    let from_header = headers
        .get(header::RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<f64>().ok());
    let secs = from_body.or(from_header).unwrap_or(1.0);
    Duration::from_secs_f64(secs.clamp(0.0, 86_400.0))
}

fn message_id(body: &Value) -> Result<MessageId, PostError> {
    body.get("id")
        .and_then(Value::as_str)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| PostError::Rejected("Discord's answer had no message id".into()))
}

/// `/guilds/1/scheduled-events/2` -> `/guilds/{}/scheduled-events/{}`: numbers become placeholders.
fn template_of(path: &str) -> String {
    path.split('/')
        .map(|seg| {
            if !seg.is_empty() && seg.bytes().all(|b| b.is_ascii_digit()) {
                "{}"
            } else {
                seg
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

#[async_trait]
impl Poster for Sender {
    async fn post(&self, channel_id: u64, message: OutMessage) -> Result<MessageId, PostError> {
        self.create_message(channel_id, &message).await
    }

    async fn edit(
        &self,
        channel_id: u64,
        message_id: MessageId,
        message: OutMessage,
    ) -> Result<(), PostError> {
        self.edit_message(channel_id, message_id, &message).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn route() -> Route {
        Route::new("POST /channels/{}/messages", 1)
    }

    #[tokio::test(start_paused = true)]
    async fn bucket_headers_hold_requests_until_reset() {
        let mut l = Limiter::default();
        let now = Instant::now();
        let mut h = header::HeaderMap::new();
        h.insert("x-ratelimit-bucket", "abc".parse().unwrap());
        h.insert("x-ratelimit-remaining", "0".parse().unwrap());
        h.insert("x-ratelimit-reset-after", "2.5".parse().unwrap());
        l.learn(&route(), &h, now);
        assert_eq!(
            l.try_take(&route(), now),
            Err(now + Duration::from_millis(2500))
        );
        let other = Route::new("POST /channels/{}/messages", 2);
        assert!(
            l.try_take(&other, now).is_ok(),
            "another channel is another bucket"
        );
        let later = now + Duration::from_secs(3);
        assert!(l.try_take(&route(), later).is_ok());
    }

    #[tokio::test(start_paused = true)]
    async fn global_block_and_pacing() {
        let mut l = Limiter::default();
        let now = Instant::now();
        l.blocked(&route(), true, now + Duration::from_secs(1));
        assert_eq!(
            l.blocked_until(&route(), now),
            Some(now + Duration::from_secs(1))
        );
        let t = now + Duration::from_secs(1);
        assert_eq!(l.blocked_until(&route(), t), None);
        let pace = Duration::from_millis(20);
        assert_eq!(l.pace_slot(t, pace), t);
        assert_eq!(l.pace_slot(t, pace), t + pace);
        assert_eq!(l.pace_slot(t, pace), t + pace * 2);
    }

    #[test]
    fn templates_hide_ids_and_tokens_stay_out_of_routes() {
        assert_eq!(
            template_of("/guilds/1/scheduled-events/22"),
            "/guilds/{}/scheduled-events/{}"
        );
        let r = Route::new("POST /interactions/{}/{}/callback", 5);
        assert!(!r.template.contains("token"));
    }

    #[test]
    fn retry_after_prefers_the_precise_body_value() {
        let mut h = header::HeaderMap::new();
        h.insert(header::RETRY_AFTER, "2".parse().unwrap());
        assert_eq!(
            retry_after(&h, &json!({"retry_after": 1.5})),
            Duration::from_millis(1500)
        );
        assert_eq!(retry_after(&h, &Value::Null), Duration::from_secs(2));
    }
}
