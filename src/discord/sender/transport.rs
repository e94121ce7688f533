//! One HTTP exchange with Discord: building the request (JSON or multipart with the
//! illustration) and reading the answer into an [`Answer`] the retry loop can act on.
//!
//! Why answers are classified here and not by status alone: a 403 or 404 means "this channel
//! or message is gone" only when it carries one of Discord's own error codes. The same status
//! without such a code comes from something in between (a proxy, a block page) and is treated
//! as transient, so it never pauses a reminder or ends a session.

use std::{sync::Arc, time::Duration};

use reqwest::{header, Method, StatusCode};
use serde_json::Value;

use super::limiter::Route;

/// Discord's codes that mean the target is gone or closed to the bot for good.
pub const GONE_CODES: &[u32] = &[
    10003, // Unknown channel
    10004, // Unknown guild
    10008, // Unknown message
    10015, // Unknown webhook (an interaction token past its 15 minutes)
    10062, // Unknown interaction
    10070, // Unknown guild scheduled event
    50001, // Missing access
    50007, // Cannot send messages to this user
    50013, // Missing permissions
];

pub enum Body {
    Empty,
    Json(Value),
    WithFile {
        payload: Value,
        file_name: String,
        bytes: Arc<Vec<u8>>,
    },
}

pub struct Request {
    pub method: Method,
    pub path: String,
    pub route: Route,
    pub body: Body,
    /// Safe to send again after a 5xx or a timeout (idempotent, or de-duplicated by a nonce).
    pub retry_safe: bool,
}

/// What one answer means for the retry loop.
#[derive(Debug, PartialEq)]
pub enum Answer {
    /// A 2xx: the request happened. The body is `Null` when it could not be read (cut off, not
    /// JSON); that is still a success, never retried (a retry could do it twice).
    Success(Value),
    /// 429: wait `after`; `global` blocks every route.
    RateLimited {
        after: Duration,
        global: bool,
        /// Discord's `shared` scope: does not count against the invalid-request budget.
        shared: bool,
    },
    Gone {
        status: u16,
        code: u32,
    },
    /// 401: the token was refused.
    Unauthorized,
    /// 40060 on a retry: our earlier attempt was processed before its answer was lost.
    AlreadyDone,
    /// 5xx, or a 403/404 without a Discord code: worth another try.
    Transient(String),
    /// Any other 4xx: the request itself is wrong.
    Rejected(String),
}

impl Answer {
    /// Whether Discord counts this answer against the invalid-request budget.
    pub fn is_invalid(&self, status: StatusCode) -> bool {
        match self {
            Answer::RateLimited { shared, .. } => !shared,
            _ => matches!(status.as_u16(), 401 | 403),
        }
    }
}

/// Reads an answer. `retried` is whether an earlier attempt of the same request went out.
pub fn classify(
    status: StatusCode,
    headers: &header::HeaderMap,
    body: &Value,
    retried: bool,
) -> Answer {
    if status.is_success() {
        return Answer::Success(body.clone());
    }
    let code = body
        .get("code")
        .and_then(Value::as_u64)
        .map_or(0, |c| u32::try_from(c).unwrap_or(0));
    match status {
        StatusCode::TOO_MANY_REQUESTS => Answer::RateLimited {
            after: retry_after(headers, body),
            global: headers.get("x-ratelimit-global").is_some()
                || body.get("global").and_then(Value::as_bool).unwrap_or(false),
            shared: headers
                .get("x-ratelimit-scope")
                .and_then(|v| v.to_str().ok())
                == Some("shared"),
        },
        StatusCode::FORBIDDEN | StatusCode::NOT_FOUND if GONE_CODES.contains(&code) => {
            Answer::Gone {
                status: status.as_u16(),
                code,
            }
        }
        StatusCode::FORBIDDEN | StatusCode::NOT_FOUND if code == 0 => {
            Answer::Transient(format!("{} without a Discord error code", status.as_u16()))
        }
        StatusCode::UNAUTHORIZED => Answer::Unauthorized,
        StatusCode::BAD_REQUEST if code == 40060 && retried => Answer::AlreadyDone,
        s if s.is_server_error() => Answer::Transient(format!("{} {code}", s.as_u16())),
        s => {
            let message = body.get("message").and_then(Value::as_str).unwrap_or("");
            Answer::Rejected(format!(
                "{} {code} {message} {}",
                s.as_u16(),
                body.get("errors")
                    .map(|e| e.to_string())
                    .unwrap_or_default()
            ))
        }
    }
}

pub fn retry_after(headers: &header::HeaderMap, body: &Value) -> Duration {
    let from_body = body.get("retry_after").and_then(Value::as_f64);
    let from_header = headers
        .get(header::RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<f64>().ok());
    let secs = from_body.or(from_header).unwrap_or(1.0);
    Duration::from_secs_f64(secs.clamp(0.0, 86_400.0))
}

/// The HTTP request for `request`, with the token in a header marked sensitive.
pub fn build(
    client: &reqwest::Client,
    api: &str,
    token: &str,
    request: &Request,
) -> reqwest::RequestBuilder {
    let mut auth = header::HeaderValue::from_str(&format!("Bot {token}"))
        .unwrap_or_else(|_| header::HeaderValue::from_static("Bot invalid"));
    auth.set_sensitive(true);
    let builder = client
        .request(request.method.clone(), format!("{api}{}", request.path))
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

/// `/guilds/1/scheduled-events/2` -> `/guilds/{}/scheduled-events/{}`: numbers become placeholders.
pub fn template_of(path: &str) -> String {
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

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn answer(status: u16, body: Value) -> Answer {
        classify(
            StatusCode::from_u16(status).unwrap(),
            &header::HeaderMap::new(),
            &body,
            false,
        )
    }

    #[test]
    fn a_404_without_a_discord_code_is_transient() {
        assert!(matches!(answer(404, Value::Null), Answer::Transient(_)));
        assert!(matches!(
            answer(403, json!({"message": "blocked by proxy"})),
            Answer::Transient(_)
        ));
        assert_eq!(
            answer(404, json!({"code": 10003, "message": "Unknown Channel"})),
            Answer::Gone {
                status: 404,
                code: 10003
            }
        );
        assert_eq!(
            answer(403, json!({"code": 50013})),
            Answer::Gone {
                status: 403,
                code: 50013
            }
        );
        // A Discord code that is not about the target being gone: the request itself was wrong.
        assert!(matches!(
            answer(403, json!({"code": 40002})),
            Answer::Rejected(_)
        ));
    }

    #[test]
    fn invalid_answers_are_401_403_and_unshared_429() {
        let ok = StatusCode::OK;
        let limited = |shared| Answer::RateLimited {
            after: Duration::ZERO,
            global: false,
            shared,
        };
        assert!(limited(false).is_invalid(StatusCode::TOO_MANY_REQUESTS));
        assert!(!limited(true).is_invalid(StatusCode::TOO_MANY_REQUESTS));
        assert!(Answer::Unauthorized.is_invalid(StatusCode::UNAUTHORIZED));
        assert!(answer(403, Value::Null).is_invalid(StatusCode::FORBIDDEN));
        assert!(!Answer::Success(Value::Null).is_invalid(ok));
        assert!(!answer(404, json!({"code": 10003})).is_invalid(StatusCode::NOT_FOUND));
    }

    #[test]
    fn a_2xx_whose_body_could_not_be_read_is_a_success_even_on_a_retry() {
        for retried in [false, true] {
            let got = classify(
                StatusCode::OK,
                &header::HeaderMap::new(),
                &Value::Null,
                retried,
            );
            assert_eq!(got, Answer::Success(Value::Null));
        }
    }

    #[test]
    fn templates_hide_ids() {
        assert_eq!(
            template_of("/guilds/1/scheduled-events/22"),
            "/guilds/{}/scheduled-events/{}"
        );
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
