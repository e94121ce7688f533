//! The gateway: a JSON-text websocket at `/ws` speaking Discord's v10 protocol.
//!
//! HELLO -> IDENTIFY -> READY (s 1) + GUILD_CREATE; heartbeats are ACKed; RESUME replays the
//! dispatches after the client's sequence number, then RESUMED. Close codes follow Discord
//! (4001 unknown opcode, 4002 decode error, 4003 not authenticated, 4004 bad token, 4005 already
//! authenticated, 4007 bad seq, 4008 rate limited, 4009 session timeout, 4010 bad shard,
//! 4012 bad version, 4013/4014 intents), so a client's reaction to each can be tested.
//!
//! Every connection runs in its own task; the state holds a sender to it, and all frames go
//! through that sender while the state lock is held, which keeps sequence numbers in order.
//!
//! Sessions and shards, as at Discord: the gateway holds a set of sessions, each started by one
//! IDENTIFY with its `shard: [id, n]` (absent = `[0, 1]`), and each carries the servers with
//! `(guild_id >> 22) % n == id`. Several sessions may carry the same shard (two copies of a bot,
//! a rolling deploy): each dispatch goes to every session carrying its server, with that
//! session's own sequence numbers and RESUME log; dispatches without a server (DMs) go to the
//! sessions of shard 0. An id outside `0..n` closes with 4010, more servers than
//! `FakeOptions::max_guilds_per_shard` with 4011. IDENTIFYs count against
//! `FakeOptions::session_start_total`; one past it resets the token (4004 everywhere), as Discord
//! does. A session outlives its connection (it can be resumed) until it is invalidated.
//!
//! A connection may carry a label (`/c/{label}/ws`, see `FakeDiscord::labeled_base_url`): the
//! fake records it on the sessions it opens, so a test can tell two bot processes apart.

use std::collections::{HashMap, VecDeque};
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::extract::ws::{CloseFrame, Message, WebSocket, WebSocketUpgrade};
use axum::extract::{Path, Query, State as AxState};
use axum::response::{IntoResponse, Response};
use rand::Rng;
use serde_json::{json, Value};
use tokio::sync::mpsc;

use super::world::{shard_of, APPLICATION_ID};
use super::{intents, ConnSender, Shared, State};

/// Instructions from the state to one connection task.
#[derive(Debug)]
pub enum ConnCmd {
    Frame(String),
    Close(u16, String),
    /// Drop the TCP connection without a close frame (a network failure).
    Kill,
}

#[derive(Debug)]
pub struct Session {
    pub id: String,
    pub seq: u64,
    pub intents: u64,
    /// `[shard id, shard count]` from IDENTIFY (`[0, 1]` when it sent none).
    pub shard: [u64; 2],
    /// Label of the connection that identified or last resumed it ("" when unlabelled).
    pub label: String,
    /// Every dispatch of the session (seq, frame), for RESUME.
    pub log: Vec<(u64, String)>,
    /// The identified or resumed connection carrying it; `None` between connections.
    pub conn: Option<ActiveConn>,
}

impl Session {
    /// Whether dispatches about `guild` (`None`: no server, e.g. a DM) come to this session.
    pub fn carries(&self, guild: Option<u64>) -> bool {
        let [id, n] = self.shard;
        match guild {
            Some(g) => shard_of(g, n) == id,
            None => id == 0,
        }
    }

    fn push(&mut self, t: &str, d: &Value) {
        self.seq += 1;
        let frame = json!({ "op": 0, "t": t, "s": self.seq, "d": d }).to_string();
        self.log.push((self.seq, frame.clone()));
        if let Some(conn) = &self.conn {
            let _ = conn.tx.send(ConnCmd::Frame(frame));
        }
    }
}

#[derive(Debug)]
pub struct ActiveConn {
    pub conn_id: u64,
    pub tx: ConnSender,
}

/// A connected session, as tests see it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SessionInfo {
    pub session_id: String,
    pub shard: [u64; 2],
    pub label: String,
    pub conn_id: u64,
}

/// One IDENTIFY, accepted or not.
#[derive(Clone, Debug)]
pub struct IdentifyRecord {
    pub at: Instant,
    pub label: String,
    /// The `shard` it asked for (`[0, 1]` when absent); `None` when malformed.
    pub shard: Option<[u64; 2]>,
    /// The session it started; `None` when the connection was closed instead.
    pub session_id: Option<String>,
    /// The close code it got, if refused.
    pub close: Option<u16>,
}

#[derive(Debug, Default)]
pub struct GatewayState {
    /// Every session that can still be resumed, oldest first, connected or not.
    pub sessions: Vec<Session>,
    /// Every open connection, identified or not.
    pub connections: Vec<(u64, ConnSender)>,
    pub connect_count: usize,
    /// Connection attempts refused while `block_gateway` was in force.
    pub refused_count: usize,
    /// Every IDENTIFY received, accepted or not.
    pub identify_count: usize,
    pub resume_count: usize,
    pub resume_ok_count: usize,
    pub heartbeat_count: usize,
    pub identifies: Vec<Value>,
    pub identify_log: Vec<IdentifyRecord>,
    /// IDENTIFYs with the right token, counted against `session_start_limit`.
    pub session_starts: usize,
    /// Set when IDENTIFYs went past `FakeOptions::session_start_total`: the token no longer
    /// works (gateway 4004, REST 401), as Discord resets it.
    pub token_reset: bool,
    pub presence_updates: Vec<Value>,
    /// Close codes the fake sent, in order.
    pub closes_sent: Vec<u16>,
    pub blocked_until: Option<Instant>,
    next_conn_id: u64,
}

/// The server a dispatch concerns: its `guild_id`, or the guild itself for GUILD_CREATE /
/// UPDATE / DELETE. `None` for DMs and other server-less events.
/// The interaction id in an INTERACTION_CREATE frame, so its write time can be kept.
fn interaction_id_of(frame: &str) -> Option<u64> {
    if !frame.contains(r#""t":"INTERACTION_CREATE""#) {
        return None;
    }
    let v: Value = serde_json::from_str(frame).ok()?;
    v["d"]["id"].as_str()?.parse().ok()
}

/// Keeps when the first socket took an interaction, to tell the fake's queueing from the bot's
/// time in a callback's latency.
fn mark_written(shared: &Shared, id: u64) {
    let now = Instant::now();
    let mut st = shared.lock();
    if let Some(rec) = st.interactions.iter_mut().rev().find(|i| i.id == id) {
        rec.written_at.get_or_insert(now);
    }
    // A bot can answer before this lock is taken.
    for cb in st.callbacks.iter_mut().rev().take(64) {
        if cb.interaction_id == id {
            cb.written_at.get_or_insert(now);
        }
    }
}

pub fn dispatch_guild(t: &str, d: &Value) -> Option<u64> {
    let raw = match t {
        "GUILD_CREATE" | "GUILD_UPDATE" | "GUILD_DELETE" => &d["id"],
        _ => &d["guild_id"],
    };
    raw.as_str().and_then(|s| s.parse().ok())
}

impl GatewayState {
    /// Appends a dispatch to every session carrying its server and sends it to those connected.
    pub fn dispatch(&mut self, t: &str, d: Value) {
        let guild = dispatch_guild(t, &d);
        for s in self.sessions.iter_mut().filter(|s| s.carries(guild)) {
            s.push(t, &d);
        }
    }

    /// A dispatch for one session whatever its content (READY, its GUILD_CREATEs, RESUMED).
    pub fn dispatch_to(&mut self, session_id: &str, t: &str, d: Value) {
        if let Some(s) = self.sessions.iter_mut().find(|s| s.id == session_id) {
            s.push(t, &d);
        }
    }

    /// Sends a non-dispatch frame (op 7, op 9) to every connected session.
    pub fn send_raw(&mut self, frame: Value) {
        for conn in self.sessions.iter().filter_map(|s| s.conn.as_ref()) {
            let _ = conn.tx.send(ConnCmd::Frame(frame.to_string()));
        }
    }

    /// Whether some connection is identified or resumed right now.
    pub fn is_connected(&self) -> bool {
        self.sessions.iter().any(|s| s.conn.is_some())
    }

    /// Whether some session (connected or not) receives dispatches about `guild`.
    pub fn has_session_for(&self, guild: Option<u64>) -> bool {
        self.sessions.iter().any(|s| s.carries(guild))
    }

    /// Whether some session asked for this intent.
    pub fn has_intent(&self, bit: u64) -> bool {
        self.sessions.iter().any(|s| s.intents & bit != 0)
    }

    /// The connected sessions, oldest first.
    pub fn connected(&self) -> Vec<SessionInfo> {
        self.sessions
            .iter()
            .filter_map(|s| {
                s.conn.as_ref().map(|c| SessionInfo {
                    session_id: s.id.clone(),
                    shard: s.shard,
                    label: s.label.clone(),
                    conn_id: c.conn_id,
                })
            })
            .collect()
    }

    /// Accepted IDENTIFYs for shard `id` (of any count).
    pub fn identifies_for_shard(&self, id: u64) -> usize {
        self.identify_log
            .iter()
            .filter(|r| r.session_id.is_some() && r.shard.is_some_and(|s| s[0] == id))
            .count()
    }

    /// Closes every identified connection (the sessions stay resumable).
    pub fn close_connected(&mut self, code: u16, reason: &str) {
        for s in &mut self.sessions {
            if let Some(conn) = s.conn.take() {
                let _ = conn.tx.send(ConnCmd::Close(code, reason.to_string()));
            }
        }
    }

    fn detach(&mut self, conn_id: u64) {
        for s in &mut self.sessions {
            if s.conn.as_ref().is_some_and(|c| c.conn_id == conn_id) {
                s.conn = None;
            }
        }
    }
}

pub async fn ws_handler(
    AxState(shared): AxState<Arc<Shared>>,
    Query(query): Query<HashMap<String, String>>,
    ws: WebSocketUpgrade,
) -> Response {
    upgrade(shared, query, ws, String::new())
}

/// `/c/{label}/ws`: the same gateway, for a connection labelled `label`.
pub async fn ws_handler_labeled(
    AxState(shared): AxState<Arc<Shared>>,
    Path(label): Path<String>,
    Query(query): Query<HashMap<String, String>>,
    ws: WebSocketUpgrade,
) -> Response {
    upgrade(shared, query, ws, label)
}

fn upgrade(
    shared: Arc<Shared>,
    query: HashMap<String, String>,
    ws: WebSocketUpgrade,
    label: String,
) -> Response {
    {
        let mut st = shared.lock();
        if st.gateway.blocked_until.is_some_and(|u| u > Instant::now()) {
            st.gateway.refused_count += 1;
            drop(st);
            shared.changed.notify_waiters();
            return (axum::http::StatusCode::BAD_GATEWAY, "502 Bad Gateway").into_response();
        }
    }
    ws.on_upgrade(move |socket| connection(shared, socket, query, label))
}

enum Next {
    Continue,
    Close(u16, &'static str),
}

async fn connection(
    shared: Arc<Shared>,
    mut socket: WebSocket,
    query: HashMap<String, String>,
    label: String,
) {
    let (tx, mut rx) = mpsc::unbounded_channel::<ConnCmd>();
    let (conn_id, interval) = {
        let mut st = shared.lock();
        st.gateway.next_conn_id += 1;
        st.gateway.connect_count += 1;
        let id = st.gateway.next_conn_id;
        st.gateway.connections.push((id, tx.clone()));
        (id, Duration::from_millis(st.opts.heartbeat_interval_ms))
    };
    shared.changed.notify_waiters();

    let mut close: Option<(u16, String)> = None;
    if query.get("v").map(String::as_str) != Some("10") {
        close = Some((4012, "Invalid API version.".into()));
    } else if query.get("encoding").is_some_and(|e| e != "json") {
        close = Some((4002, "Error while decoding payload.".into()));
    } else if query.contains_key("compress") {
        // zlib-stream transport compression is not modelled; refuse it loudly.
        close = Some((4002, "Error while decoding payload.".into()));
    }
    let hello = json!({ "op": 10, "d": { "heartbeat_interval": interval.as_millis() as u64 } });
    let mut ctx = ConnCtx {
        label,
        identified: false,
        heartbeats: 0,
        recent: VecDeque::new(),
    };
    let mut heartbeat_deadline = tokio::time::Instant::now() + interval.mul_f64(1.5);
    if close.is_none() && socket.send(Message::Text(hello.to_string())).await.is_ok() {
        loop {
            tokio::select! {
                incoming = socket.recv() => match incoming {
                    Some(Ok(Message::Text(text))) => {
                        let heartbeats_before = ctx.heartbeats;
                        match handle_frame(&shared, conn_id, &tx, &mut ctx, &text) {
                            Next::Continue => {}
                            Next::Close(code, reason) => {
                                close = Some((code, reason.to_string()));
                                break;
                            }
                        }
                        if ctx.heartbeats != heartbeats_before {
                            heartbeat_deadline = tokio::time::Instant::now() + interval.mul_f64(1.5);
                        }
                        shared.changed.notify_waiters();
                    }
                    Some(Ok(Message::Binary(_))) => {
                        close = Some((4002, "Error while decoding payload.".into()));
                        break;
                    }
                    Some(Ok(Message::Close(_))) | None | Some(Err(_)) => break,
                    Some(Ok(_)) => {}
                },
                cmd = rx.recv() => match cmd {
                    Some(ConnCmd::Frame(f)) => {
                        let interaction = interaction_id_of(&f);
                        if socket.send(Message::Text(f)).await.is_err() {
                            break;
                        }
                        if let Some(id) = interaction {
                            mark_written(&shared, id);
                        }
                    }
                    Some(ConnCmd::Close(code, reason)) => {
                        close = Some((code, reason));
                        break;
                    }
                    Some(ConnCmd::Kill) | None => {
                        unregister(&shared, conn_id);
                        return;
                    }
                },
                _ = tokio::time::sleep_until(heartbeat_deadline) => {
                    close = Some((4009, "Session timed out.".into()));
                    break;
                }
            }
        }
    }
    if let Some((code, reason)) = close {
        shared.lock().gateway.closes_sent.push(code);
        let frame = CloseFrame {
            code,
            reason: reason.into(),
        };
        let _ = socket.send(Message::Close(Some(frame))).await;
    }
    unregister(&shared, conn_id);
}

fn unregister(shared: &Shared, conn_id: u64) {
    let mut st = shared.lock();
    st.gateway.connections.retain(|(id, _)| *id != conn_id);
    st.gateway.detach(conn_id);
    drop(st);
    shared.changed.notify_waiters();
}

struct ConnCtx {
    label: String,
    identified: bool,
    heartbeats: usize,
    /// Client frames of the last 60 s (Discord allows 120).
    recent: VecDeque<Instant>,
}

fn token_ok(shared: &Shared, st: &State, given: &Value) -> bool {
    let given = given.as_str().unwrap_or("");
    given.strip_prefix("Bot ").unwrap_or(given) == shared.token && !st.gateway.token_reset
}

fn handle_frame(
    shared: &Shared,
    conn_id: u64,
    tx: &ConnSender,
    ctx: &mut ConnCtx,
    text: &str,
) -> Next {
    let now = Instant::now();
    ctx.recent.push_back(now);
    while ctx
        .recent
        .front()
        .is_some_and(|t| now.duration_since(*t) > Duration::from_secs(60))
    {
        ctx.recent.pop_front();
    }
    if ctx.recent.len() > 120 {
        return Next::Close(4008, "Rate limited.");
    }
    let Ok(v) = serde_json::from_str::<Value>(text) else {
        return Next::Close(4002, "Error while decoding payload.");
    };
    let mut st = shared.lock();
    match v["op"].as_u64() {
        Some(1) => {
            st.gateway.heartbeat_count += 1;
            ctx.heartbeats += 1;
            let _ = tx.send(ConnCmd::Frame(json!({ "op": 11 }).to_string()));
            Next::Continue
        }
        Some(2) => {
            if ctx.identified {
                return Next::Close(4005, "Already authenticated.");
            }
            st.gateway.identify_count += 1;
            st.gateway.identifies.push(v["d"].clone());
            let d = &v["d"];
            let shard = if d["shard"].is_null() {
                Some([0, 1])
            } else {
                d["shard"]
                    .as_array()
                    .filter(|a| a.len() == 2)
                    .and_then(|a| Some([a[0].as_u64()?, a[1].as_u64()?]))
            };
            let outcome = identify(shared, &mut st, conn_id, tx, &ctx.label, d, shard);
            st.gateway.identify_log.push(IdentifyRecord {
                at: now,
                label: ctx.label.clone(),
                shard,
                session_id: outcome.as_ref().ok().cloned(),
                close: outcome.as_ref().err().map(|(code, _)| *code),
            });
            match outcome {
                Ok(_) => {
                    ctx.identified = true;
                    Next::Continue
                }
                Err((code, reason)) => Next::Close(code, reason),
            }
        }
        Some(6) => {
            st.gateway.resume_count += 1;
            if ctx.identified {
                return Next::Close(4005, "Already authenticated.");
            }
            let d = &v["d"];
            if !token_ok(shared, &st, &d["token"]) {
                return Next::Close(4004, "Authentication failed.");
            }
            let seq = d["seq"].as_u64().unwrap_or(0);
            let Some(session) = st
                .gateway
                .sessions
                .iter_mut()
                .find(|s| Some(s.id.as_str()) == d["session_id"].as_str())
            else {
                // Unknown or expired session: Discord answers Invalid Session, not resumable.
                let _ = tx.send(ConnCmd::Frame(json!({ "op": 9, "d": false }).to_string()));
                return Next::Continue;
            };
            if seq > session.seq {
                return Next::Close(4007, "Invalid seq.");
            }
            for (s, frame) in &session.log {
                if *s > seq {
                    let _ = tx.send(ConnCmd::Frame(frame.clone()));
                }
            }
            session.conn = Some(ActiveConn {
                conn_id,
                tx: tx.clone(),
            });
            session.label = ctx.label.clone();
            let session_id = session.id.clone();
            st.gateway.resume_ok_count += 1;
            ctx.identified = true;
            dispatch_to(
                &mut st,
                &session_id,
                "RESUMED",
                json!({ "_trace": ["[\"fake-gateway\",{\"micros\":1}]"] }),
            );
            Next::Continue
        }
        Some(3 | 4 | 8) if !ctx.identified => Next::Close(4003, "Not authenticated."),
        Some(3) => {
            st.gateway.presence_updates.push(v["d"].clone());
            Next::Continue
        }
        // Voice state updates and member requests: accepted, not answered (no voice, no chunks).
        Some(4 | 8) => Next::Continue,
        _ => Next::Close(4001, "Unknown opcode."),
    }
}

/// The checks of an IDENTIFY, in Discord's order, then the new session with READY and the
/// GUILD_CREATEs of its servers. `Ok(session id)`, or the close code and reason.
fn identify(
    shared: &Shared,
    st: &mut State,
    conn_id: u64,
    tx: &ConnSender,
    label: &str,
    d: &Value,
    shard: Option<[u64; 2]>,
) -> Result<String, (u16, &'static str)> {
    if !token_ok(shared, st, &d["token"]) {
        return Err((4004, "Authentication failed."));
    }
    let Some(intents_bits) = d["intents"].as_u64() else {
        return Err((4013, "Invalid intent(s)."));
    };
    if intents_bits >= 1 << 26 {
        return Err((4013, "Invalid intent(s)."));
    }
    if intents_bits & intents::PRIVILEGED & !st.opts.allowed_privileged_intents != 0 {
        return Err((4014, "Disallowed intent(s)."));
    }
    let Some([shard_id, shard_count]) = shard.filter(|[id, n]| id < n) else {
        return Err((4010, "Invalid shard."));
    };
    let guilds: Vec<u64> = st
        .guild_ids()
        .into_iter()
        .filter(|g| shard_of(*g, shard_count) == shard_id)
        .collect();
    if guilds.len() > st.opts.max_guilds_per_shard {
        return Err((4011, "Sharding required."));
    }
    if st.gateway.session_starts >= st.opts.session_start_total {
        // Discord: "all active sessions for the bot will be terminated, the bot's token will
        // be reset".
        st.gateway.token_reset = true;
        st.gateway.close_connected(4004, "Authentication failed.");
        st.gateway.sessions.clear();
        return Err((4004, "Authentication failed."));
    }
    st.gateway.session_starts += 1;
    let session_id: String = {
        let mut rng = rand::thread_rng();
        (0..32)
            .map(|_| format!("{:x}", rng.gen_range(0..16)))
            .collect()
    };
    st.gateway.sessions.push(Session {
        id: session_id.clone(),
        seq: 0,
        intents: intents_bits,
        shard: [shard_id, shard_count],
        label: label.to_string(),
        log: vec![],
        conn: Some(ActiveConn {
            conn_id,
            tx: tx.clone(),
        }),
    });
    let unavailable: Vec<Value> = guilds
        .iter()
        .map(|g| json!({ "id": g.to_string(), "unavailable": true }))
        .collect();
    let ready = json!({
        "v": 10,
        "user": st.world.current_user_json(),
        "user_settings": {},
        "guilds": unavailable,
        "guild_join_requests": [],
        "relationships": [],
        "private_channels": [],
        "presences": [],
        "session_id": session_id,
        "session_type": "normal",
        "resume_gateway_url": st.ws_url.clone(),
        "shard": [shard_id, shard_count],
        "application": { "id": APPLICATION_ID.to_string(), "flags": 0 },
        "auth_session_id_hash": "fake",
        "geo_ordered_rtc_regions": ["fake"],
        "_trace": ["[\"fake-gateway\",{\"micros\":1}]"],
    });
    dispatch_to(st, &session_id, "READY", ready);
    if intents_bits & intents::GUILDS != 0 {
        for g in guilds {
            let guild = st.guild_create_json(g);
            dispatch_to(st, &session_id, "GUILD_CREATE", guild);
        }
    }
    Ok(session_id)
}

/// `GatewayState::dispatch_to`, checked against serenity's models like every dispatch.
fn dispatch_to(st: &mut State, session_id: &str, t: &str, d: Value) {
    if let Err(e) = super::conformance::check_dispatch(t, &d) {
        st.payload_errors.push(format!("dispatch {t}: {e}"));
    }
    st.gateway.dispatch_to(session_id, t, d);
}
