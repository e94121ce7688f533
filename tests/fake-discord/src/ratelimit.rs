//! Discord's rate limits: a global limit over all requests and per-route buckets, with the
//! `X-RateLimit-*` headers on every answer and 429s shaped like Discord's.
//!
//! Buckets follow Discord: `X-RateLimit-Bucket` is a hash of the route shape and is the same for
//! every channel, but the limit itself is counted per (bucket, major parameter). A client that
//! keys its limiter by the bucket header alone would wrongly share one limit across channels;
//! this fake lets that show.
//!
//! Once a bucket (or the global limit) answered 429, every request to it before the retry time is
//! answered 429 again and flagged `early`, so tests can tell "waited out" from "hammered".

use std::collections::{HashMap, VecDeque};
use std::time::{Duration, Instant};

/// One limit: at most `limit` requests per sliding `per` window.
#[derive(Clone, Debug)]
pub struct RouteLimit {
    pub method: &'static str,
    /// Route template as produced by `rest::classify`, e.g. `/channels/{channel_id}/messages`.
    pub template: &'static str,
    pub limit: u32,
    pub per: Duration,
}

#[derive(Clone, Debug)]
pub struct RateLimitConfig {
    /// Requests per second over all routes except interaction responses (Discord: 50).
    pub global_per_sec: u32,
    pub routes: Vec<RouteLimit>,
    /// Headers shown for routes without a configured limit (such routes are never limited).
    pub default_limit: u32,
}

impl Default for RateLimitConfig {
    fn default() -> Self {
        Self {
            global_per_sec: 50,
            routes: vec![RouteLimit {
                method: "POST",
                template: "/channels/{channel_id}/messages",
                limit: 5,
                per: Duration::from_secs(5),
            }],
            default_limit: 50,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RateLimitKind {
    /// Over the global requests-per-second limit (`X-RateLimit-Global: true`).
    Global,
    /// Over a route bucket (scope "user").
    Route,
    /// Injected with `Fault::RateLimit`.
    Injected,
}

/// What a request is counted against.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct BucketKey {
    pub method: String,
    pub template: String,
    /// The major parameter (channel, guild or webhook id), "" when the route has none.
    pub major: String,
}

impl BucketKey {
    /// Discord's opaque bucket id: stable per route shape, independent of the major parameter.
    pub fn hash(&self) -> String {
        // FNV-1a: stable across runs and processes (std's hasher is randomly seeded).
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for b in self.method.bytes().chain(self.template.bytes()) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        format!("{h:016x}")
    }
}

#[derive(Default, Debug)]
struct Window {
    hits: VecDeque<Instant>,
    blocked_until: Option<Instant>,
}

impl Window {
    fn prune(&mut self, now: Instant, per: Duration) {
        while self
            .hits
            .front()
            .is_some_and(|t| now.duration_since(*t) >= per)
        {
            self.hits.pop_front();
        }
    }
}

/// The answer of the limiter for one request.
#[derive(Clone, Debug)]
pub enum Verdict {
    Allowed { headers: Vec<(String, String)> },
    Limited(Limited),
}

#[derive(Clone, Debug)]
pub struct Limited {
    pub kind: RateLimitKind,
    pub global: bool,
    pub retry_after: f64,
    /// The request came while an earlier 429 for the same bucket (or global) was still running.
    pub early: bool,
    pub headers: Vec<(String, String)>,
}

impl Limited {
    pub fn body(&self) -> serde_json::Value {
        serde_json::json!({
            "message": "You are being rate limited.",
            "retry_after": (self.retry_after * 1000.0).round() / 1000.0,
            "global": self.global,
        })
    }
}

#[derive(Debug)]
pub struct RateLimiter {
    pub config: RateLimitConfig,
    global: Window,
    /// Why the global block is in place (Global or Injected).
    global_kind: Option<RateLimitKind>,
    buckets: HashMap<BucketKey, (Window, Option<RateLimitKind>)>,
}

fn epoch_secs(wall_offset: Duration) -> f64 {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    (now + wall_offset).as_secs_f64()
}

impl RateLimiter {
    pub fn new(config: RateLimitConfig) -> Self {
        Self {
            config,
            global: Window::default(),
            global_kind: None,
            buckets: HashMap::new(),
        }
    }

    fn route_limit(&self, key: &BucketKey) -> Option<(u32, Duration)> {
        self.config
            .routes
            .iter()
            .find(|r| r.method == key.method && r.template == key.template)
            .map(|r| (r.limit, r.per))
    }

    fn headers(
        key: &BucketKey,
        limit: u32,
        remaining: u32,
        reset_after: f64,
    ) -> Vec<(String, String)> {
        vec![
            ("X-RateLimit-Limit".into(), limit.to_string()),
            ("X-RateLimit-Remaining".into(), remaining.to_string()),
            (
                "X-RateLimit-Reset".into(),
                format!("{:.3}", epoch_secs(Duration::from_secs_f64(reset_after))),
            ),
            (
                "X-RateLimit-Reset-After".into(),
                format!("{reset_after:.3}"),
            ),
            ("X-RateLimit-Bucket".into(), key.hash()),
        ]
    }

    fn limited(
        key: &BucketKey,
        kind: RateLimitKind,
        global: bool,
        retry_after: f64,
        early: bool,
        limit: u32,
    ) -> Limited {
        let mut headers = Self::headers(key, limit, 0, retry_after);
        headers.push((
            "Retry-After".into(),
            format!("{}", retry_after.ceil() as u64),
        ));
        headers.push((
            "X-RateLimit-Scope".into(),
            if global { "global" } else { "user" }.into(),
        ));
        if global {
            headers.push(("X-RateLimit-Global".into(), "true".into()));
        }
        Limited {
            kind,
            global,
            retry_after,
            early,
            headers,
        }
    }

    /// Counts a request and decides. `exempt_global` is for interaction responses, which
    /// Discord does not count against the global limit.
    pub fn check(&mut self, key: &BucketKey, exempt_global: bool, now: Instant) -> Verdict {
        let (limit, per) = self
            .route_limit(key)
            .unwrap_or((self.config.default_limit, Duration::from_secs(1)));
        if !exempt_global {
            if let Some(until) = self.global.blocked_until.filter(|u| *u > now) {
                let kind = self.global_kind.unwrap_or(RateLimitKind::Global);
                let after = until.duration_since(now).as_secs_f64();
                return Verdict::Limited(Self::limited(key, kind, true, after, true, limit));
            }
            self.global.prune(now, Duration::from_secs(1));
            if self.global.hits.len() as u32 >= self.config.global_per_sec {
                let oldest = *self.global.hits.front().expect("window is full");
                let until = oldest + Duration::from_secs(1);
                self.global.blocked_until = Some(until);
                self.global_kind = Some(RateLimitKind::Global);
                let after = until.duration_since(now).as_secs_f64();
                return Verdict::Limited(Self::limited(
                    key,
                    RateLimitKind::Global,
                    true,
                    after,
                    false,
                    limit,
                ));
            }
        }
        let configured = self.route_limit(key).is_some();
        let (window, kind) = self.buckets.entry(key.clone()).or_default();
        if let Some(until) = window.blocked_until.filter(|u| *u > now) {
            let after = until.duration_since(now).as_secs_f64();
            let k = kind.unwrap_or(RateLimitKind::Route);
            return Verdict::Limited(Self::limited(key, k, false, after, true, limit));
        }
        window.prune(now, per);
        if configured && window.hits.len() as u32 >= limit {
            let until = *window.hits.front().expect("window is full") + per;
            window.blocked_until = Some(until);
            *kind = Some(RateLimitKind::Route);
            let after = until.duration_since(now).as_secs_f64();
            return Verdict::Limited(Self::limited(
                key,
                RateLimitKind::Route,
                false,
                after,
                false,
                limit,
            ));
        }
        window.hits.push_back(now);
        if !exempt_global {
            self.global.hits.push_back(now);
        }
        let remaining = limit.saturating_sub(window.hits.len() as u32);
        let reset_after = window
            .hits
            .front()
            .map_or(per, |t| (*t + per).saturating_duration_since(now))
            .as_secs_f64();
        Verdict::Allowed {
            headers: Self::headers(key, limit, remaining, reset_after),
        }
    }

    /// An injected 429: blocks the bucket (or everything) for `retry_after` like a real one.
    pub fn inject(
        &mut self,
        key: &BucketKey,
        global: bool,
        retry_after: f64,
        now: Instant,
    ) -> Limited {
        let until = now + Duration::from_secs_f64(retry_after);
        let limit = self
            .route_limit(key)
            .map_or(self.config.default_limit, |l| l.0);
        if global {
            self.global.blocked_until = Some(until);
            self.global_kind = Some(RateLimitKind::Injected);
        } else {
            let (window, kind) = self.buckets.entry(key.clone()).or_default();
            window.blocked_until = Some(until);
            *kind = Some(RateLimitKind::Injected);
        }
        Self::limited(
            key,
            RateLimitKind::Injected,
            global,
            retry_after,
            false,
            limit,
        )
    }
}
