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

use std::collections::{HashMap, VecDeque};
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::extract::ws::{CloseFrame, Message, WebSocket, WebSocketUpgrade};
use axum::extract::{Query, State as AxState};
use axum::response::{IntoResponse, Response};
use rand::Rng;
use serde_json::{json, Value};
use tokio::sync::mpsc;

use super::world::{APPLICATION_ID, GUILD_ID};
use super::{intents, ConnSender, Shared};

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
    /// Every dispatch of the session (seq, frame), for RESUME.
    pub log: Vec<(u64, String)>,
}

#[derive(Debug)]
pub struct ActiveConn {
    pub conn_id: u64,
    pub tx: ConnSender,
}

#[derive(Debug, Default)]
pub struct GatewayState {
    pub session: Option<Session>,
    /// The identified (or resumed) connection dispatches go to.
    pub active: Option<ActiveConn>,
    /// Every open connection, identified or not.
    pub connections: Vec<(u64, ConnSender)>,
    pub connect_count: usize,
    /// Connection attempts refused while `block_gateway` was in force.
    pub refused_count: usize,
    pub identify_count: usize,
    pub resume_count: usize,
    pub resume_ok_count: usize,
    pub heartbeat_count: usize,
    pub identifies: Vec<Value>,
    pub presence_updates: Vec<Value>,
    /// Close codes the fake sent, in order.
    pub closes_sent: Vec<u16>,
    pub blocked_until: Option<Instant>,
    next_conn_id: u64,
}

impl GatewayState {
    /// Appends a dispatch to the session and sends it if a connection is active.
    pub fn dispatch(&mut self, t: &str, d: Value) {
        let Some(session) = self.session.as_mut() else {
            return;
        };
        session.seq += 1;
        let frame = json!({ "op": 0, "t": t, "s": session.seq, "d": d }).to_string();
        session.log.push((session.seq, frame.clone()));
        if let Some(conn) = &self.active {
            let _ = conn.tx.send(ConnCmd::Frame(frame));
        }
    }

    /// Sends a non-dispatch frame (op 7, op 9) to the active connection.
    pub fn send_raw(&mut self, frame: Value) {
        if let Some(conn) = &self.active {
            let _ = conn.tx.send(ConnCmd::Frame(frame.to_string()));
        }
    }
}

pub async fn ws_handler(
    AxState(shared): AxState<Arc<Shared>>,
    Query(query): Query<HashMap<String, String>>,
    ws: WebSocketUpgrade,
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
    ws.on_upgrade(move |socket| connection(shared, socket, query))
}

enum Next {
    Continue,
    Close(u16, &'static str),
}

async fn connection(shared: Arc<Shared>, mut socket: WebSocket, query: HashMap<String, String>) {
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
                        if socket.send(Message::Text(f)).await.is_err() {
                            break;
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
    if st
        .gateway
        .active
        .as_ref()
        .is_some_and(|a| a.conn_id == conn_id)
    {
        st.gateway.active = None;
    }
    drop(st);
    shared.changed.notify_waiters();
}

struct ConnCtx {
    identified: bool,
    heartbeats: usize,
    /// Client frames of the last 60 s (Discord allows 120).
    recent: VecDeque<Instant>,
}

fn token_ok(shared: &Shared, given: &Value) -> bool {
    let given = given.as_str().unwrap_or("");
    given.strip_prefix("Bot ").unwrap_or(given) == shared.token
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
            if !token_ok(shared, &d["token"]) {
                return Next::Close(4004, "Authentication failed.");
            }
            let Some(intents_bits) = d["intents"].as_u64() else {
                return Next::Close(4013, "Invalid intent(s).");
            };
            if intents_bits >= 1 << 26 {
                return Next::Close(4013, "Invalid intent(s).");
            }
            if intents_bits & intents::PRIVILEGED & !st.opts.allowed_privileged_intents != 0 {
                return Next::Close(4014, "Disallowed intent(s).");
            }
            if !d["shard"].is_null() && d["shard"] != json!([0, 1]) {
                return Next::Close(4010, "Invalid shard.");
            }
            let session_id: String = {
                let mut rng = rand::thread_rng();
                (0..32)
                    .map(|_| format!("{:x}", rng.gen_range(0..16)))
                    .collect()
            };
            st.gateway.session = Some(Session {
                id: session_id.clone(),
                seq: 0,
                intents: intents_bits,
                log: vec![],
            });
            st.gateway.active = Some(ActiveConn {
                conn_id,
                tx: tx.clone(),
            });
            ctx.identified = true;
            let ready = json!({
                "v": 10,
                "user": st.world.current_user_json(),
                "user_settings": {},
                "guilds": [{ "id": GUILD_ID.to_string(), "unavailable": true }],
                "guild_join_requests": [],
                "relationships": [],
                "private_channels": [],
                "presences": [],
                "session_id": session_id,
                "session_type": "normal",
                "resume_gateway_url": st.ws_url.clone(),
                "shard": [0, 1],
                "application": { "id": APPLICATION_ID.to_string(), "flags": 0 },
                "auth_session_id_hash": "fake",
                "geo_ordered_rtc_regions": ["fake"],
                "_trace": ["[\"fake-gateway\",{\"micros\":1}]"],
            });
            st.dispatch("READY", ready);
            if intents_bits & intents::GUILDS != 0 {
                let events = st.scheduled_events.clone();
                let guild = st.world.guild_create_json(events);
                st.dispatch("GUILD_CREATE", guild);
            }
            Next::Continue
        }
        Some(6) => {
            st.gateway.resume_count += 1;
            if ctx.identified {
                return Next::Close(4005, "Already authenticated.");
            }
            let d = &v["d"];
            if !token_ok(shared, &d["token"]) {
                return Next::Close(4004, "Authentication failed.");
            }
            let seq = d["seq"].as_u64().unwrap_or(0);
            let matches = st
                .gateway
                .session
                .as_ref()
                .is_some_and(|s| Some(s.id.as_str()) == d["session_id"].as_str());
            if !matches {
                // Unknown or expired session: Discord answers Invalid Session, not resumable.
                let _ = tx.send(ConnCmd::Frame(json!({ "op": 9, "d": false }).to_string()));
                return Next::Continue;
            }
            let session = st.gateway.session.as_ref().unwrap();
            if seq > session.seq {
                return Next::Close(4007, "Invalid seq.");
            }
            for (s, frame) in &session.log {
                if *s > seq {
                    let _ = tx.send(ConnCmd::Frame(frame.clone()));
                }
            }
            st.gateway.active = Some(ActiveConn {
                conn_id,
                tx: tx.clone(),
            });
            st.gateway.resume_ok_count += 1;
            ctx.identified = true;
            st.dispatch(
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
