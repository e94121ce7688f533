//! The REST API under `/api/v10`: one catch-all handler that authenticates, rate-limits,
//! applies injected faults, routes by path segments, and records every request.
//!
//! Routing is by hand (a `match` on method and path segments) rather than axum routes so that
//! the cross-cutting steps run once, in order, for every request, and so that any route the fake
//! does not implement lands in one place: 404 `{"message":"404: Not Found","code":0}` plus an
//! entry in `unknown_routes`.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::to_bytes;
use axum::extract::{FromRequest, Multipart, Request, State as AxState};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};

use super::conformance;
use super::events::{create_event, edit_event, find_event, list_events};
use super::faults::Fault;
use super::messages::{channel_message, create_message, list_messages, need_send, textual_channel};
use super::perms::*;
use super::ratelimit::{BucketKey, Limited, Verdict};
use super::responses::{followup, interaction_callback, webhook_message};
use super::spec::{self, Outcome};
use super::validate::{self, ApiError, FormErrors, Upload};
use super::world::*;
use super::{RequestRecord, Shared, State};

/// A parsed request, as the routes see it.
pub struct Req {
    pub method: String,
    /// The path relative to `/api/v10`, split at `/`.
    pub segs: Vec<String>,
    pub query: HashMap<String, String>,
    pub body: Value,
    pub uploads: Vec<Upload>,
    /// The label of the process that sent it (`/c/{label}/api/v10/...`), "" when unlabelled.
    pub label: String,
    /// When its headers had arrived (before the body was read and judged).
    pub arrived_at: Instant,
}

pub(super) enum Fail {
    Api(ApiError),
    Unknown,
}

impl From<ApiError> for Fail {
    fn from(e: ApiError) -> Self {
        Fail::Api(e)
    }
}

pub(super) type Answer = Result<(u16, Option<Value>), Fail>;

pub(super) fn ok(v: Value) -> Answer {
    Ok((200, Some(v)))
}

pub(super) fn no_content() -> Answer {
    Ok((204, None))
}

/// Route shape and major parameter: `/channels/123/messages/456` ->
/// (`/channels/{channel_id}/messages/{message_id}`, "123").
pub fn shape(segs: &[String]) -> (String, String) {
    let mut out = String::new();
    let mut major = String::new();
    let mut prev = "";
    let mut after_token_owner = false;
    for seg in segs {
        let s = seg.as_str();
        let name = if after_token_owner {
            after_token_owner = false;
            // Webhook limits are per webhook id + token (one per interaction).
            if out.starts_with("/webhooks/") {
                major = format!("{major}/{s}");
            }
            Some("{token}")
        } else if s.chars().all(|c| c.is_ascii_digit()) && !s.is_empty() {
            match prev {
                "channels" => Some("{channel_id}"),
                "guilds" => Some("{guild_id}"),
                "messages" => Some("{message_id}"),
                "webhooks" => Some("{webhook_id}"),
                "interactions" => Some("{interaction_id}"),
                "applications" => Some("{application_id}"),
                "commands" => Some("{command_id}"),
                "scheduled-events" => Some("{event_id}"),
                "members" | "users" => Some("{user_id}"),
                "roles" => Some("{role_id}"),
                _ => Some("{id}"),
            }
        } else {
            None
        };
        if matches!(prev, "channels" | "guilds" | "webhooks") && major.is_empty() {
            major = s.to_string();
        }
        if matches!(prev, "webhooks" | "interactions") && name.is_some() {
            after_token_owner = true;
        }
        out.push('/');
        out.push_str(name.unwrap_or(s));
        prev = s;
    }
    (out, major)
}

fn parse_query(q: &str) -> HashMap<String, String> {
    q.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (k.to_string(), v.to_string())
        })
        .collect()
}

struct Finish<'a> {
    shared: &'a Shared,
    at: Instant,
    method: String,
    path: String,
    query: String,
    route: String,
    label: String,
    body: Value,
    files: Vec<Upload>,
    headers: Vec<(String, String)>,
    fault: Option<Fault>,
}

impl Finish<'_> {
    fn respond(self, status: u16, body: Option<Value>, limited: Option<&Limited>) -> Response {
        {
            let mut st = self.shared.lock();
            if (200..300).contains(&status) {
                if let Some(b) = &body {
                    if let Err(e) = conformance::check_rest(&self.route, b) {
                        st.payload_errors.push(format!("{}: {e}", self.route));
                    }
                }
            }
            st.requests.push(RequestRecord {
                at: self.at,
                method: self.method,
                path: self.path,
                query: self.query,
                route: self.route,
                label: self.label,
                status,
                body: self.body,
                files: self.files,
                response: body.clone().unwrap_or(Value::Null),
                rate_limited: limited.map(|l| l.kind),
                early_retry: limited.is_some_and(|l| l.early),
                fault: self.fault,
            });
        }
        self.shared.changed.notify_waiters();
        let code = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut resp = match body {
            Some(b) => (code, axum::Json(b)).into_response(),
            None => code.into_response(),
        };
        for (k, v) in &self.headers {
            if let (Ok(name), Ok(value)) = (
                header::HeaderName::from_bytes(k.as_bytes()),
                HeaderValue::from_str(v),
            ) {
                resp.headers_mut().insert(name, value);
            }
        }
        resp
    }

    fn error(self, e: ApiError) -> Response {
        self.respond(e.status, Some(e.body), None)
    }
}

async fn read_body(req: Request) -> Result<(Value, Vec<Upload>), ApiError> {
    let is_multipart = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"));
    if !is_multipart {
        let bytes = to_bytes(req.into_body(), usize::MAX)
            .await
            .map_err(|_| ApiError::invalid_json())?;
        if bytes.is_empty() {
            return Ok((Value::Null, vec![]));
        }
        return serde_json::from_slice(&bytes)
            .map(|v| (v, vec![]))
            .map_err(|_| ApiError::invalid_json());
    }
    let mut mp = Multipart::from_request(req, &())
        .await
        .map_err(|_| ApiError::invalid_json())?;
    let mut body = json!({});
    let mut uploads = vec![];
    while let Some(field) = mp
        .next_field()
        .await
        .map_err(|_| ApiError::invalid_json())?
    {
        let name = field.name().unwrap_or("").to_string();
        let filename = field.file_name().map(str::to_string);
        let content_type = field.content_type().map(str::to_string);
        let bytes = field.bytes().await.map_err(|_| ApiError::invalid_json())?;
        if name == "payload_json" {
            body = serde_json::from_slice(&bytes).map_err(|_| ApiError::invalid_json())?;
        } else if let Some(filename) = filename {
            uploads.push(Upload {
                field: name,
                filename,
                content_type,
                size: bytes.len(),
            });
        } else {
            // Plain form fields (serenity sends some routes' fields this way).
            body[name] = json!(String::from_utf8_lossy(&bytes));
        }
    }
    Ok((body, uploads))
}

/// The fallback handler: everything that is not the websocket.
pub async fn handle(AxState(shared): AxState<Arc<Shared>>, req: Request) -> Response {
    let at = Instant::now();
    let method = req.method().as_str().to_string();
    let raw_path = req.uri().path().to_string();
    // `/c/{label}/api/v10/...`: a labelled process (see `FakeDiscord::labeled_base_url`).
    let (label, full_path) = match raw_path
        .strip_prefix("/c/")
        .and_then(|rest| rest.split_once('/'))
    {
        Some((label, rest)) => (label.to_string(), format!("/{rest}")),
        None => (String::new(), raw_path.clone()),
    };
    let query = req.uri().query().unwrap_or("").to_string();
    let auth = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let path = full_path
        .strip_prefix("/api/v10")
        .filter(|p| p.starts_with('/'))
        .unwrap_or(&full_path)
        .to_string();
    let segs: Vec<String> = path
        .split('/')
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect();
    let (template, major) = shape(&segs);
    let route_name = format!("{method} {template}");
    let mut fin = Finish {
        shared: &shared,
        at,
        method: method.clone(),
        path: path.clone(),
        query: query.clone(),
        route: route_name,
        label: label.clone(),
        body: Value::Null,
        files: vec![],
        headers: vec![],
        fault: None,
    };
    if !full_path.starts_with("/api/v10/") {
        let mut st = shared.lock();
        st.unknown_routes.push(format!("{method} {full_path}"));
        st.spec_violations
            .push(format!("{method} {full_path}: not under /api/v10"));
        drop(st);
        return fin.error(ApiError::not_found());
    }
    // Interaction endpoints are authenticated by their token; a bot token is optional there.
    let interaction_route = segs.first().is_some_and(|s| s == "interactions")
        || (segs.first().is_some_and(|s| s == "webhooks") && segs.len() >= 3);
    // GET /gateway is public in Discord: any header, or none, is fine.
    let public = method == "GET" && path == "/gateway";
    let auth_ok = public
        || match &auth {
            Some(a) => *a == format!("Bot {}", shared.token) && !shared.lock().gateway.token_reset,
            None => interaction_route,
        };
    let body = read_body(req).await;
    if let Ok((b, u)) = &body {
        fin.body = b.clone();
        fin.files = u.clone();
    }
    if !auth_ok {
        return fin.error(ApiError::unauthorized());
    }
    let (body, uploads) = match body {
        Ok(b) => b,
        Err(e) => return fin.error(e),
    };
    // Judged (and counted) for every request that reaches this point, so a bad body is caught
    // even when a rate limit or a fault answers it; the 400 itself comes where Discord
    // validates, after rate limits and before the route's own checks.
    let spec_rejection = spec_check(&shared, &method, &path, &body);

    let key = BucketKey {
        method: method.clone(),
        template: template.clone(),
        major,
    };
    let fault = {
        let mut st = shared.lock();
        match st.limiter.check(&key, interaction_route, at) {
            Verdict::Limited(l) => {
                drop(st);
                fin.headers = l.headers.clone();
                return fin.respond(429, Some(l.body()), Some(&l));
            }
            Verdict::Allowed { headers } => fin.headers = headers,
        }
        let fault = st
            .injections
            .iter_mut()
            .find(|i| i.remaining > 0 && i.matcher.matches(&method, &path))
            .map(|i| {
                i.remaining -= 1;
                i.hits += 1;
                i.fault.clone()
            });
        if let Some(Fault::RateLimit {
            retry_after_secs,
            global,
        }) = &fault
        {
            let l = st.limiter.inject(&key, *global, *retry_after_secs, at);
            drop(st);
            fin.headers = l.headers.clone();
            fin.fault = fault.clone();
            return fin.respond(429, Some(l.body()), Some(&l));
        }
        fault
    };
    fin.fault = fault.clone();
    match &fault {
        Some(Fault::ServerError(s)) => return fin.error(ApiError::server_error(*s)),
        Some(Fault::Forbidden) => return fin.error(ApiError::missing_permissions()),
        Some(Fault::NotFound) => return fin.error(ApiError::unknown_channel()),
        Some(Fault::Stall(d)) => tokio::time::sleep(*d).await,
        Some(Fault::Hang) => {
            tokio::time::sleep(Duration::from_secs(3600)).await;
            return fin.error(ApiError::server_error(503));
        }
        _ => {}
    }
    if let Some(e) = spec_rejection {
        return fin.error(e);
    }
    let r = Req {
        method: method.clone(),
        segs,
        query: parse_query(&query),
        body,
        uploads,
        label,
        arrived_at: at,
    };
    let answer = {
        let mut st = shared.lock();
        let a = route(&mut st, &r);
        if let Err(Fail::Unknown) = &a {
            st.unknown_routes.push(format!("{method} {path}"));
        }
        a
    };
    match (answer, fault) {
        (Ok(_), Some(Fault::CreateThenError(s))) => fin.error(ApiError::server_error(s)),
        (Ok((status, body)), Some(Fault::CreateThenUnreadable)) => {
            let mut resp = fin.respond(status, body, None);
            *resp.body_mut() = axum::body::Body::from(r#"{"id": "12"#);
            resp.headers_mut().remove(header::CONTENT_LENGTH);
            resp
        }
        (Ok((status, body)), _) => fin.respond(status, body, None),
        (Err(Fail::Api(e)), _) => fin.error(e),
        (Err(Fail::Unknown), _) => fin.error(ApiError::not_found()),
    }
}

/// Records what Discord's OpenAPI spec says against a request; the 50035 answer if it rejects
/// the body.
fn spec_check(shared: &Shared, method: &str, path: &str, body: &Value) -> Option<ApiError> {
    let outcome = spec::spec().check(method, path, body);
    if let Outcome::Checked { template, .. } = &outcome {
        spec::count(template);
    }
    match outcome {
        Outcome::NoBody { .. } => None,
        Outcome::Checked { errors, .. } if errors.is_empty() => None,
        Outcome::Checked { template, errors } => {
            shared.lock().spec_violations.push(format!(
                "{template} ({method} {path}): {}",
                spec::describe(&errors)
            ));
            spec::form_errors(&errors).into_result().err()
        }
        Outcome::NotInSpec => {
            shared.lock().spec_violations.push(format!(
                "{method} {path}: no such route in Discord's OpenAPI spec"
            ));
            None
        }
    }
}

pub(super) fn id(s: &str, field: &str) -> Result<u64, ApiError> {
    s.parse().map_err(|_| {
        let mut e = FormErrors::default();
        e.add(
            field,
            "NUMBER_TYPE_COERCE",
            format!("Value \"{s}\" is not snowflake."),
        );
        e.into_result().unwrap_err()
    })
}

fn route(st: &mut State, r: &Req) -> Answer {
    let s: Vec<&str> = r.segs.iter().map(String::as_str).collect();
    match (r.method.as_str(), s.as_slice()) {
        ("GET", ["gateway"]) => ok(json!({ "url": st.ws_url_for(&r.label) })),
        ("GET", ["gateway", "bot"]) => ok(json!({
            "url": st.ws_url_for(&r.label),
            "shards": st.opts.recommended_shards,
            "session_start_limit": {
                "total": st.opts.session_start_total,
                "remaining": st.opts.session_start_total.saturating_sub(st.gateway.session_starts),
                "reset_after": 86_400_000,
                "max_concurrency": st.opts.max_concurrency,
            },
        })),
        ("GET", ["users", "@me"]) => ok(st.world.current_user_json()),
        ("GET", ["oauth2", "applications", "@me"] | ["applications", "@me"]) => {
            ok(st.world.application_json())
        }
        ("GET", ["users", u]) => {
            let u = id(u, "user_id")?;
            let m = st.world.member(u).ok_or_else(ApiError::unknown_user)?;
            ok(World::user_json(&m.user))
        }
        ("POST", ["users", "@me", "channels"]) => create_dm(st, r),

        ("GET" | "PUT" | "POST", ["applications", app, "commands"]) => commands(st, r, app, None),
        ("GET" | "PUT" | "POST", ["applications", app, "guilds", g, "commands"]) => {
            commands(st, r, app, Some(g))
        }
        ("DELETE", ["applications", app, "commands", c]) => delete_command(st, app, None, c),
        ("DELETE", ["applications", app, "guilds", g, "commands", c]) => {
            delete_command(st, app, Some(g), c)
        }

        ("POST", ["interactions", i, token, "callback"]) => interaction_callback(st, r, i, token),
        ("POST", ["webhooks", app, token]) => followup(st, r, app, token),
        ("GET" | "PATCH" | "DELETE", ["webhooks", app, token, "messages", m]) => {
            webhook_message(st, r, app, token, m)
        }

        ("POST", ["channels", c, "messages"]) => create_message(st, r, id(c, "channel_id")?),
        ("GET", ["channels", c, "messages"]) => list_messages(st, r, id(c, "channel_id")?),
        ("GET" | "PATCH" | "DELETE", ["channels", c, "messages", m]) => {
            channel_message(st, r, id(c, "channel_id")?, id(m, "message_id")?)
        }
        ("POST", ["channels", c, "typing"]) => {
            let c = id(c, "channel_id")?;
            let perms = textual_channel(st, c)?;
            need_send(perms)?;
            no_content()
        }
        ("GET", ["channels", c]) => {
            let c = id(c, "channel_id")?;
            let w = st.world_of_channel(c);
            let ch = w
                .channel(c)
                .cloned()
                .ok_or_else(ApiError::unknown_channel)?;
            if channel_permissions(w, BOT_ID, c) & VIEW_CHANNEL == 0 {
                return Err(ApiError::missing_access().into());
            }
            ok(w.channel_json(&ch))
        }

        ("GET", ["guilds", g, rest @ ..]) => {
            let w = st
                .world_of_guild(id(g, "guild_id")?)
                .ok_or_else(ApiError::unknown_guild)?;
            match rest {
                [] => {
                    let mut v = w.guild_json();
                    if r.query.get("with_counts").is_some_and(|v| v == "true") {
                        v["approximate_member_count"] = json!(w.members.len());
                        v["approximate_presence_count"] = json!(0);
                    }
                    ok(v)
                }
                ["channels"] => ok(json!(w
                    .guild_channels()
                    .map(|c| w.channel_json(c))
                    .collect::<Vec<_>>())),
                ["roles"] => ok(json!(w
                    .roles
                    .iter()
                    .map(World::role_json)
                    .collect::<Vec<_>>())),
                ["members", u] => {
                    let u = id(u, "user_id")?;
                    let m = w.member(u).ok_or_else(ApiError::unknown_member)?;
                    ok(w.member_json(m, true, None))
                }
                // Scheduled events are modelled in the standard guild only.
                _ if w.guild_id != GUILD_ID => Err(Fail::Unknown),
                ["scheduled-events"] => list_events(st, r),
                ["scheduled-events", e] => {
                    let e = id(e, "guild_scheduled_event_id")?;
                    let ev = find_event(st, e)?;
                    ok(ev)
                }
                _ => Err(Fail::Unknown),
            }
        }
        ("POST", ["guilds", g, "scheduled-events"]) => {
            guild(g)?;
            create_event(st, r)
        }
        ("PATCH" | "DELETE", ["guilds", g, "scheduled-events", e]) => {
            guild(g)?;
            edit_event(st, r, id(e, "guild_scheduled_event_id")?)
        }
        _ => Err(Fail::Unknown),
    }
}

fn guild(g: &str) -> Result<(), ApiError> {
    if id(g, "guild_id")? == GUILD_ID {
        Ok(())
    } else {
        Err(ApiError::unknown_guild())
    }
}

// ----- users and DMs ----------------------------------------------------------------------------

fn create_dm(st: &mut State, r: &Req) -> Answer {
    let Some(user) = r.body["recipient_id"]
        .as_str()
        .and_then(|s| s.parse::<u64>().ok())
        .or(r.body["recipient_id"].as_u64())
    else {
        let mut e = FormErrors::default();
        e.add(
            "recipient_id",
            "BASE_TYPE_REQUIRED",
            "This field is required",
        );
        return Err(e.into_result().unwrap_err().into());
    };
    if st.world.member(user).is_none() {
        return Err(ApiError::unknown_user().into());
    }
    let existing = st.world.dm_channel_of(user).map(|c| c.id);
    let cid = match existing {
        Some(c) => c,
        None => {
            let cid = st.next_id();
            st.world.channels.push(Channel {
                id: cid,
                kind: ChannelKind::Dm,
                name: String::new(),
                parent_id: None,
                position: 0,
                overwrites: vec![],
                topic: None,
                last_message_id: None,
                recipient: Some(user),
            });
            cid
        }
    };
    let ch = st.world.channel(cid).cloned().expect("just created");
    ok(st.world.channel_json(&ch))
}

// ----- application commands -------------------------------------------------------------------

fn commands(st: &mut State, r: &Req, app: &str, guild_id: Option<&str>) -> Answer {
    if id(app, "application_id")? != APPLICATION_ID {
        return Err(ApiError::missing_access().into());
    }
    let scope = match guild_id {
        Some(g) => {
            let g = id(g, "guild_id")?;
            if st.world_of_guild(g).is_none() {
                return Err(ApiError::missing_access().into());
            }
            Some(g)
        }
        None => None,
    };
    match r.method.as_str() {
        "GET" => ok(json!(st
            .commands
            .iter()
            .filter(|c| c.guild_id == scope)
            .map(|c| c.json.clone())
            .collect::<Vec<_>>())),
        "PUT" => {
            validate::commands(&r.body).into_result()?;
            let list = r.body.as_array().cloned().unwrap_or_default();
            let mut new = vec![];
            for cmd in list {
                let stored = stored_command(st, scope, cmd);
                new.push(super::RegisteredCommand {
                    guild_id: scope,
                    json: stored,
                });
            }
            st.commands.retain(|c| c.guild_id != scope);
            let out: Vec<Value> = new.iter().map(|c| c.json.clone()).collect();
            st.commands.extend(new);
            st.command_writes.push((scope, Instant::now()));
            ok(json!(out))
        }
        _ => {
            let mut e = FormErrors::default();
            validate::command(&mut e, "", &r.body);
            e.into_result()?;
            let name = r.body["name"].as_str().unwrap_or("").to_string();
            let kind = r.body["type"].as_u64().unwrap_or(1);
            let existed = st.commands.iter().any(|c| {
                c.guild_id == scope && c.name() == name && c.json["type"].as_u64() == Some(kind)
            });
            let stored = stored_command(st, scope, r.body.clone());
            st.commands.retain(|c| {
                !(c.guild_id == scope && c.name() == name && c.json["type"].as_u64() == Some(kind))
            });
            st.commands.push(super::RegisteredCommand {
                guild_id: scope,
                json: stored.clone(),
            });
            st.command_writes.push((scope, Instant::now()));
            Ok((if existed { 200 } else { 201 }, Some(stored)))
        }
    }
}

/// The command object Discord stores and returns: the request plus ids and defaults. A command
/// overwritten under the same name and type keeps its id, as in Discord.
fn stored_command(st: &mut State, scope: Option<u64>, mut cmd: Value) -> Value {
    let kind = cmd["type"].as_u64().unwrap_or(1);
    let name = cmd["name"].as_str().unwrap_or("").to_string();
    let existing = st
        .commands
        .iter()
        .find(|c| {
            c.guild_id == scope && c.name() == name && c.json["type"].as_u64().unwrap_or(1) == kind
        })
        .map(|c| c.json["id"].clone());
    let cmd_id = match existing {
        Some(v) => v,
        None => json!(st.next_id().to_string()),
    };
    let version = st.next_id().to_string();
    let o = cmd.as_object_mut().expect("validated as an object");
    o.insert("id".into(), cmd_id);
    o.insert("application_id".into(), json!(APPLICATION_ID.to_string()));
    o.insert("version".into(), json!(version));
    o.insert("type".into(), json!(kind));
    o.entry("description").or_insert(json!(""));
    o.entry("default_member_permissions").or_insert(Value::Null);
    o.entry("nsfw").or_insert(json!(false));
    if o.get("contexts").is_none_or(Value::is_null) {
        o.insert(
            "contexts".into(),
            if scope.is_some() {
                Value::Null
            } else {
                json!([0, 1, 2])
            },
        );
    }
    o.entry("integration_types").or_insert(json!([0]));
    if let Some(g) = scope {
        o.insert("guild_id".into(), json!(g.to_string()));
    }
    cmd
}

fn delete_command(st: &mut State, app: &str, guild_id: Option<&str>, c: &str) -> Answer {
    if id(app, "application_id")? != APPLICATION_ID {
        return Err(ApiError::missing_access().into());
    }
    let scope = guild_id.map(|g| id(g, "guild_id")).transpose()?;
    let c = c.to_string();
    let before = st.commands.len();
    st.commands
        .retain(|x| !(x.guild_id == scope && x.json["id"] == json!(c)));
    if st.commands.len() == before {
        return Err(ApiError::unknown_command().into());
    }
    st.command_writes.push((scope, Instant::now()));
    no_content()
}
