//! Injected REST failures: "the next n requests matching X fail like Y".
//!
//! Faults are checked after authentication and before the route runs, except
//! `CreateThenError`, which lets the route run (the message is created) and then answers an
//! error, the case only an idempotency nonce can make safe to retry.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

#[derive(Clone, Debug, PartialEq)]
pub enum Fault {
    /// 429 with this `retry_after`; `global` sets `X-RateLimit-Global`. Requests to the same
    /// bucket before the retry time are also answered 429 (as Discord does).
    RateLimit { retry_after_secs: f64, global: bool },
    /// 500, 502 or 503 with Discord's generic body.
    ServerError(u16),
    /// 403 / 50013 Missing Permissions.
    Forbidden,
    /// 404 / 10003 Unknown Channel.
    NotFound,
    /// Hold the request this long, then handle it normally.
    Stall(Duration),
    /// Never answer (the connection stays open until the client gives up).
    Hang,
    /// Handle the request (e.g. create the message), then answer this status anyway.
    CreateThenError(u16),
    /// Handle the request (e.g. create the message) and answer its 2xx status, but with a body
    /// that is not JSON (cut off mid-answer): the request happened, its answer is unreadable.
    CreateThenUnreadable,
}

type Predicate = dyn Fn(&str, &str) -> bool + Send + Sync;

/// Which requests a fault applies to. Paths are relative to `/api/v10`, e.g.
/// `/channels/123/messages`.
#[derive(Clone)]
pub struct RouteMatcher {
    method: Option<String>,
    prefix: Option<String>,
    custom: Option<Arc<Predicate>>,
}

impl fmt::Debug for RouteMatcher {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RouteMatcher")
            .field("method", &self.method)
            .field("prefix", &self.prefix)
            .field("custom", &self.custom.is_some())
            .finish()
    }
}

impl RouteMatcher {
    pub fn any() -> Self {
        Self {
            method: None,
            prefix: None,
            custom: None,
        }
    }
    /// Any method, path starting with `prefix`.
    pub fn path(prefix: &str) -> Self {
        Self {
            method: None,
            prefix: Some(prefix.to_string()),
            custom: None,
        }
    }
    pub fn method(method: &str, prefix: &str) -> Self {
        Self {
            method: Some(method.to_uppercase()),
            prefix: Some(prefix.to_string()),
            custom: None,
        }
    }
    pub fn get(prefix: &str) -> Self {
        Self::method("GET", prefix)
    }
    pub fn post(prefix: &str) -> Self {
        Self::method("POST", prefix)
    }
    pub fn patch(prefix: &str) -> Self {
        Self::method("PATCH", prefix)
    }
    pub fn put(prefix: &str) -> Self {
        Self::method("PUT", prefix)
    }
    pub fn delete(prefix: &str) -> Self {
        Self::method("DELETE", prefix)
    }
    /// Message creates in one channel.
    pub fn message_create(channel_id: u64) -> Self {
        Self::post(&format!("/channels/{channel_id}/messages"))
    }
    /// Interaction callbacks (any interaction).
    pub fn interaction_callback() -> Self {
        Self::custom(|m, p| {
            m == "POST" && p.starts_with("/interactions/") && p.ends_with("/callback")
        })
    }
    /// `f(method, path)`.
    pub fn custom(f: impl Fn(&str, &str) -> bool + Send + Sync + 'static) -> Self {
        Self {
            method: None,
            prefix: None,
            custom: Some(Arc::new(f)),
        }
    }

    pub fn matches(&self, method: &str, path: &str) -> bool {
        self.method.as_deref().is_none_or(|m| m == method)
            && self.prefix.as_deref().is_none_or(|p| {
                // A prefix matches whole segments only: "/channels/1" must not match "/channels/12".
                path == p || path.starts_with(&format!("{}/", p.trim_end_matches('/')))
            })
            && self.custom.as_ref().is_none_or(|f| f(method, path))
    }
}

#[derive(Clone, Debug)]
pub struct Injection {
    pub matcher: RouteMatcher,
    pub fault: Fault,
    pub remaining: usize,
    /// How many requests this injection has hit so far.
    pub hits: usize,
}
