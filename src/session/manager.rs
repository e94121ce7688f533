//! [`SessionManager`]: what the Discord adapter calls for `/stretch start`, the lobby buttons and
//! the session controls, plus the process hooks (`resume_all` at start-up, `shutdown` on SIGTERM,
//! `stop_guild` when the bot is removed from a server).
//!
//! Each method answers the person who asked with a [`Reply`] (ephemeral) or a [`SessionError`];
//! everything the channel sees is posted by the session's own task (see `runner`), so that the
//! posts of one session are serialised and a lost channel is handled in one place. A method
//! changes the session's state, saves it, and wakes the task.
//!
//! One session per channel is enforced by the store's unique index (so concurrent starts, even
//! from two processes, cannot both win); the per-server cap is checked under a lock.

use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
};

use chrono::{DateTime, Duration, Utc};
use rand::Rng;
use tokio_util::{sync::CancellationToken, task::TaskTracker};
use tracing::Instrument;

use super::{
    live::{lock, secs, Inner, Live, Notice},
    messages::{self, LobbyPhase, SessionView},
    runner,
    spacing::StartSpacer,
    state::{Ending, SessionState},
    timeline::{AdjustError, Adjustment, Position, SessionPlan, Timeline},
    Reply, SessionError,
};
use crate::{
    buttons::{Action, ButtonId},
    config::SessionsConfig,
    deps::Deps,
    error::chain,
    error::{Cause, Internal, UserMessage},
    i18n::{Arg, Locale, Tr},
    ids::{ChannelId, GuildId, MessageId, RoleId, UserId},
    message::relative_time,
    nonces,
    post::{Lane, Post, PostError},
    shards::ShardSet,
    store::{SessionRow, StoreError},
};

/// The longest lobby a person can ask for, in seconds.
pub const MAX_LOBBY_SECS: u32 = 900;

/// Characters of a session id: short enough for nonces (`s{id}-{n}` <= 25) and custom ids.
const ID_LEN: usize = 12;

/// `/stretch start` with its options; `None` means the routine's (or config's) default. The
/// adapter fills `routine_id` with `content.default_routine` when the person chose none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StartRequest {
    pub guild_id: GuildId,
    pub channel_id: ChannelId,
    /// `None` when a reminder opens the lobby (nobody joins automatically).
    pub starter_id: Option<UserId>,
    pub routine_id: String,
    pub sets: Option<u32>,
    pub hold_secs: Option<u32>,
    pub lobby_secs: Option<u32>,
    /// Set when a reminder opens the lobby: then `starter_id` is `None`.
    pub scheduled: Option<Scheduled>,
    /// The server's Discord language as the `/stretch start` interaction gave it
    /// (`guild_locale`); `None`: the one last recorded. Used unless the admins set one.
    pub guild_locale: Option<String>,
}

/// A group stretch opened by a reminder rather than a person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scheduled {
    /// The lobby's nonce, derived from the reminder's fire, so a retried fire never opens a
    /// second lobby.
    pub lobby_nonce: String,
    /// The admins' line, shown in the lobby (already sanitised).
    pub note: Option<String>,
    /// The one role the lobby pings when it opens.
    pub ping_role: Option<RoleId>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Started {
    pub session_id: String,
    /// `None`: the lobby was posted but Discord's answer could not be read; the session runs,
    /// and the lobby is not edited later (its id is unknown).
    pub lobby_message_id: Option<MessageId>,
    /// For the person who started it.
    pub reply: Reply,
}

/// Which session a control is about: buttons carry the session id, slash commands the channel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Session(String),
    Channel(ChannelId),
    /// A button press: the session its id names, only if the press came from that session's
    /// server and channel (a button is never trusted alone).
    Pressed {
        session_id: String,
        guild_id: Option<GuildId>,
        channel_id: ChannelId,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionPhase {
    /// `starts_at` is `None` while paused.
    Lobby {
        starts_at: Option<DateTime<Utc>>,
    },
    Running {
        paused: bool,
    },
    /// The finish is due or posted; the task is wrapping up.
    Ending,
}

/// A running session, for `/stretch status` and friends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionInfo {
    pub session_id: String,
    pub routine_id: String,
    /// `None`: a reminder opened it.
    pub starter_id: Option<UserId>,
    pub participants: Vec<UserId>,
    pub phase: SessionPhase,
    pub lobby_link: Option<String>,
}

/// What `resume_all` did at start-up.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ResumeReport {
    pub resumed: u32,
    pub closed: u32,
}

fn internal(context: &'static str, e: impl Into<Cause>) -> SessionError {
    SessionError::Internal(Internal::new(context, e))
}

fn new_session_id() -> String {
    const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
    let mut rng = rand::thread_rng();
    (0..ID_LEN)
        .map(|_| char::from(ALPHABET[rng.gen_range(0..ALPHABET.len())]))
        .collect()
}

/// The key in `answers.ftl` of the sentence for a refused adjustment.
fn adjust_key(e: AdjustError) -> &'static str {
    match e {
        AdjustError::NotStarted => "answer-not-started",
        AdjustError::AlreadyStarted => "answer-already-started",
        AdjustError::AlreadyPaused => "answer-already-paused",
        AdjustError::Paused => "answer-paused-resume-first",
        AdjustError::NotPaused => "answer-not-paused",
        AdjustError::Finished => "answer-ended",
        AdjustError::NothingToSkip => "answer-nothing-to-skip",
        AdjustError::OutOfOrder => "answer-out-of-order",
        // `adjust` words this one itself, with the configured number.
        AdjustError::TooManyAdjustments => "answer-too-many-adjustments",
    }
}

/// When each person last used a session control, for `sessions.control_cooldown_ms`.
/// Hand-written rather than `governor`: it is one fixed-interval check per person on the
/// manager's injected clock (so tests under paused time and the e2e test clock see it), a few
/// lines, where governor would bring its own clock and a keyed-limiter dependency.
struct ControlCooldown {
    every: Duration,
    last: HashMap<UserId, DateTime<Utc>>,
}

impl ControlCooldown {
    /// Entries past this many are pruned of everyone whose cooldown is over.
    const PRUNE_AT: usize = 1024;

    fn new(every_ms: u32) -> Self {
        Self {
            every: Duration::milliseconds(i64::from(every_ms)),
            last: HashMap::new(),
        }
    }

    /// Whether `user` may use a control at `now`; if so, the use is recorded.
    fn try_use(&mut self, user: UserId, now: DateTime<Utc>) -> bool {
        if self.every <= Duration::zero() {
            return true;
        }
        if self.last.get(&user).is_some_and(|&t| now < t + self.every) {
            return false;
        }
        if self.last.len() >= Self::PRUNE_AT {
            let every = self.every;
            self.last.retain(|_, t| now < *t + every);
        }
        self.last.insert(user, now);
        true
    }
}

/// Runs live sessions: one tokio task each, tracked so that `shutdown` waits for them.
pub struct SessionManager {
    inner: Arc<Inner>,
    /// Serialises the cap check and the insert of `start`.
    start_lock: tokio::sync::Mutex<()>,
    /// Keeps sessions opened together from starting in the same instant.
    spacer: Mutex<StartSpacer>,
    /// One person's controls at most once per `sessions.control_cooldown_ms`.
    cooldown: Mutex<ControlCooldown>,
}

impl std::fmt::Debug for SessionManager {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SessionManager")
            .field("sessions", &lock(&self.inner.sessions).len())
            .finish()
    }
}

impl Drop for SessionManager {
    /// The manager owns its tasks: without a `shutdown`, dropping it stops them where they are,
    /// as a crash would (the store keeps their state for the next `resume_all`).
    fn drop(&mut self) {
        for live in lock(&self.inner.sessions).values() {
            live.abort();
        }
    }
}

impl SessionManager {
    pub fn new(deps: Deps, config: SessionsConfig) -> Self {
        let spacer = StartSpacer::new(Duration::milliseconds(i64::from(config.start_spacing_ms)));
        let cooldown = ControlCooldown::new(config.control_cooldown_ms);
        Self {
            inner: Arc::new(Inner {
                store: deps.store,
                poster: deps.poster,
                clock: deps.clock,
                library: deps.library,
                texts: Arc::new(crate::i18n::Texts::builtin_copy()),
                config,
                sessions: Mutex::new(HashMap::new()),
                tracker: TaskTracker::new(),
                shutdown: CancellationToken::new(),
            }),
            start_lock: tokio::sync::Mutex::new(()),
            spacer: Mutex::new(spacer),
            cooldown: Mutex::new(cooldown),
        }
    }

    /// Every language's sentences, for sessions that speak their server's language (without
    /// this, sessions speak the built-in English). Called before any session starts.
    #[must_use]
    pub fn with_texts(mut self, texts: Arc<crate::i18n::Texts>) -> Self {
        match Arc::get_mut(&mut self.inner) {
            Some(inner) => inner.texts = texts,
            None => tracing::error!("the session texts were given after sessions started"),
        }
        self
    }

    /// Opens a lobby in the channel and starts the session's task.
    pub async fn start(&self, req: StartRequest) -> Result<Started, SessionError> {
        let id = new_session_id();
        let span = tracing::info_span!("session_start", session_id = %id, channel_id = req.channel_id.get(), guild_id = req.guild_id.get());
        self.start_with_id(req, id, Locale::EnUs)
            .instrument(span)
            .await
    }

    /// [`Self::start`], answering in `locale` (the language of the person who asked); the
    /// session itself speaks the server's language.
    pub async fn start_in(
        &self,
        req: StartRequest,
        locale: Locale,
    ) -> Result<Started, SessionError> {
        let id = new_session_id();
        let span = tracing::info_span!("session_start", session_id = %id, channel_id = req.channel_id.get(), guild_id = req.guild_id.get());
        self.start_with_id(req, id, locale).instrument(span).await
    }

    async fn start_with_id(
        &self,
        req: StartRequest,
        id: String,
        locale: Locale,
    ) -> Result<Started, SessionError> {
        let inner = &self.inner;
        // The language of the answers to the person who asked.
        let asker = inner.tr(locale);
        let say = |key: &str, args: &[(&str, Arg<'_>)]| SessionError::user(asker.t_args(key, args));
        if inner.shutdown.is_cancelled() {
            return Err(say("answer-restarting", &[]));
        }
        let routine = inner.library.playable(&req.routine_id).ok_or_else(|| {
            say(
                "answer-unknown-routine",
                &[("name", Arg::Str(&req.routine_id))],
            )
        })?;
        // The routine's name as the asker reads it.
        let named = inner.library.playable_in(&req.routine_id, asker);
        let name = Arg::Str(named.as_deref().map_or(&routine.name, |r| &r.name));
        if routine.chain.is_some() && (req.sets.is_some() || req.hold_secs.is_some()) {
            return Err(say("answer-chain-no-sets", &[("name", name)]));
        }
        let sets = req.sets.unwrap_or(routine.sets.default);
        if !(routine.sets.min..=routine.sets.max).contains(&sets) {
            return Err(say(
                "answer-sets-range",
                &[
                    ("name", name),
                    ("min", Arg::Num(i64::from(routine.sets.min))),
                    ("max", Arg::Num(i64::from(routine.sets.max))),
                ],
            ));
        }
        let hold = req.hold_secs.unwrap_or(routine.hold.default_secs);
        if !(routine.hold.min_secs..=routine.hold.max_secs).contains(&hold) {
            return Err(say(
                "answer-hold-range",
                &[
                    ("name", name),
                    ("min", Arg::Num(i64::from(routine.hold.min_secs))),
                    ("max", Arg::Num(i64::from(routine.hold.max_secs))),
                ],
            ));
        }
        let lobby_secs = req.lobby_secs.unwrap_or(inner.config.lobby_secs);
        if lobby_secs > MAX_LOBBY_SECS {
            return Err(say(
                "answer-lobby-range",
                &[("max", Arg::Num(i64::from(MAX_LOBBY_SECS)))],
            ));
        }

        let now = inner.clock.now();
        let plan = SessionPlan::new(
            routine,
            sets,
            hold,
            inner.config.breathing_cue_min_hold_secs,
        );
        let starts_at =
            lock(&self.spacer).assign(now + Duration::seconds(i64::from(lobby_secs)), now);
        let mut state =
            SessionState::new(&routine.id, Timeline::new(plan, starts_at), req.starter_id);
        state.note = req.scheduled.as_ref().and_then(|s| s.note.clone());
        // Decided once: the session keeps speaking it, even after a restart.
        let locale = crate::store::server_locale(
            inner.store.as_ref(),
            req.guild_id,
            req.guild_locale.as_deref(),
        )
        .await;
        state.language = (locale != crate::i18n::Locale::EnUs).then(|| locale.code().to_owned());
        let tr = inner.tr(locale);
        let spoken = inner
            .library
            .playable_in(&req.routine_id, tr)
            .ok_or_else(|| {
                SessionError::Internal(Internal::bug(
                    "a playable routine without its language form",
                ))
            })?;
        let row = SessionRow {
            id,
            guild_id: req.guild_id,
            channel_id: req.channel_id,
            starter_id: req.starter_id,
            active: true,
            state: serde_json::to_string(&state).map_err(|e| internal("encode session", e))?,
            created_at: now,
            updated_at: now,
        };
        let live = Arc::new(Live::new(&row, state.clone()));

        {
            let _serial = self.start_lock.lock().await;
            let running = inner
                .store
                .count_active_sessions(req.guild_id)
                .await
                .map_err(|e| internal("count sessions", e))?;
            if running >= inner.config.max_per_server {
                return Err(say(
                    "answer-server-full",
                    &[("count", Arg::Num(i64::from(running)))],
                ));
            }
            match inner.store.insert_session(&row).await {
                Ok(()) => {}
                Err(StoreError::Conflict(_)) => {
                    return Err(self
                        .already_running(req.guild_id, req.channel_id, asker)
                        .await)
                }
                Err(e) => return Err(internal("insert session", e)),
            }
        }

        // Registered before its lobby is posted: the lobby is on screen as soon as Discord has
        // it, before its answer reaches us, and a Join pressed then must find the session.
        lock(&inner.sessions).insert(row.id.clone(), live.clone());

        let view = SessionView::new(&row.id, req.starter_id, &spoken, &state, tr);
        let shown = messages::lobby(&view, LobbyPhase::Open);
        let mut lobby = shown.clone();
        lobby.nonce = Some(nonces::session_lobby(&row.id));
        if let Some(scheduled) = &req.scheduled {
            lobby.nonce = Some(scheduled.lobby_nonce.clone());
            if let Some(role) = scheduled.ping_role {
                // Only the opening post pings; later edits of the lobby never do.
                lobby.content = format!("<@&{role}> {}", lobby.content);
                lobby.mentions.roles = vec![role];
            }
        }
        let lobby_message_id = match inner
            .poster
            .post(Post {
                lane: Lane::Scheduled,
                channel_id: req.channel_id,
                message: lobby,
            })
            .await
        {
            Ok(id) => id,
            Err(e) => {
                let gone = matches!(e, PostError::Gone { .. });
                {
                    let mut guard = live.state.lock().await;
                    guard.saved.ended = Some(if gone {
                        Ending::ChannelGone
                    } else {
                        Ending::Failed
                    });
                    if let Err(save) = inner.save(&live, &guard.saved).await {
                        tracing::error!(error = %chain(&save), "could not close a session whose lobby failed");
                    }
                }
                inner.forget(&live);
                if gone {
                    tracing::info!(error = %chain(&e), "cannot post the lobby");
                    return Err(SessionError::ChannelGone {
                        sentence: UserMessage::new(asker.t("answer-cannot-post")),
                        cause: e,
                    });
                }
                return Err(internal("post lobby", e));
            }
        };
        {
            // Joins and controls may have changed the state while the lobby was out: keep them.
            let mut guard = live.state.lock().await;
            guard.saved.lobby_message_id = lobby_message_id;
            guard.saved.lobby_shown = Some(shown.fingerprint());
            if let Err(e) = inner.save(&live, &guard.saved).await {
                // The session runs anyway; only a restart would miss the lobby id.
                tracing::warn!(error = %chain(&e), "could not save the lobby message id");
            }
        }
        tracing::info!(sets, hold, lobby_secs, "session opened");

        runner::spawn(inner, live);
        let reply = if lobby_secs == 0 {
            asker.t("answer-starts-now")
        } else {
            asker.t_args(
                "answer-open",
                &[("time", Arg::Str(&relative_time(starts_at)))],
            )
        };
        Ok(Started {
            session_id: row.id,
            lobby_message_id,
            reply: Reply::new(reply),
        })
    }

    async fn already_running(
        &self,
        guild_id: GuildId,
        channel_id: ChannelId,
        asker: Tr<'_>,
    ) -> SessionError {
        let existing = match self.inner.store.active_session_in(channel_id).await {
            Ok(row) => row,
            Err(e) => {
                tracing::warn!(error = %chain(&e), "could not look up the running session");
                None
            }
        };
        let lobby = existing
            .and_then(|row| serde_json::from_str::<SessionState>(&row.state).ok())
            .and_then(|state| state.lobby_message_id);
        match lobby {
            Some(message_id) => SessionError::user(asker.t_args(
                "answer-already-running-link",
                &[(
                    "link",
                    Arg::Str(&messages::message_link(guild_id, channel_id, message_id)),
                )],
            )),
            None => SessionError::user(asker.t("answer-already-running")),
        }
    }

    fn find(&self, target: &Target, tr: Tr<'_>) -> Result<Arc<Live>, SessionError> {
        let ended = || SessionError::user(tr.t("answer-ended"));
        let sessions = lock(&self.inner.sessions);
        match target {
            Target::Session(id) => sessions.get(id).cloned().ok_or_else(ended),
            Target::Pressed {
                session_id,
                guild_id,
                channel_id,
            } => match sessions.get(session_id) {
                None => Err(ended()),
                Some(live)
                    if *guild_id != Some(live.guild_id) || *channel_id != live.channel_id =>
                {
                    Err(SessionError::user(tr.t("answer-not-here")))
                }
                Some(live) => Ok(live.clone()),
            },
            Target::Channel(channel) => sessions
                .values()
                .find(|l| l.channel_id == *channel)
                .cloned()
                .ok_or_else(|| SessionError::user(tr.t("answer-none-here"))),
        }
    }

    /// Adds a person. Allowed until the last set begins.
    pub async fn join(&self, session_id: &str, user_id: UserId) -> Result<Reply, SessionError> {
        let tr = Tr::english();
        let live = self.find(&Target::Session(session_id.to_owned()), tr)?;
        self.add_person(&live, user_id, tr).await
    }

    async fn add_person(
        &self,
        live: &Live,
        user_id: UserId,
        tr: Tr<'_>,
    ) -> Result<Reply, SessionError> {
        let mut guard = live.state.lock().await;
        let now = self.inner.clock.now();
        let tl = &guard.saved.timeline;
        if guard.saved.ended.is_some() || matches!(tl.position(now), Position::Finished) {
            return Err(SessionError::user(tr.t("answer-ended")));
        }
        if tl.has_begun(tl.plan.last_set_start(), now) {
            return Err(SessionError::user(tr.t(if tl.plan.sets == 1 {
                "answer-join-closed-one-set"
            } else {
                "answer-join-closed-last-set"
            })));
        }
        if guard.saved.participants.contains(&user_id) {
            return Ok(Reply::new(tr.t("answer-already-in")));
        }
        let reply = match tl.position(now) {
            Position::Lobby {
                starts_at: Some(at),
            } => tr.t_args(
                "answer-in-starts",
                &[("time", Arg::Str(&relative_time(at)))],
            ),
            Position::Lobby { .. } => tr.t("answer-in-after-pause"),
            _ => tr.t("answer-in-running"),
        };
        let mut next = guard.saved.clone();
        next.participants.push(user_id);
        self.inner
            .save(live, &next)
            .await
            .map_err(|e| internal("save join", e))?;
        guard.saved = next;
        drop(guard);
        live.wake.notify_one();
        Ok(Reply::new(reply))
    }

    /// Removes a person; the session runs on even if nobody is left after the start.
    pub async fn leave(&self, session_id: &str, user_id: UserId) -> Result<Reply, SessionError> {
        let tr = Tr::english();
        let live = self.find(&Target::Session(session_id.to_owned()), tr)?;
        self.remove_person(&live, user_id, tr).await
    }

    async fn remove_person(
        &self,
        live: &Live,
        user_id: UserId,
        tr: Tr<'_>,
    ) -> Result<Reply, SessionError> {
        let mut guard = live.state.lock().await;
        if guard.saved.ended.is_some() {
            return Err(SessionError::user(tr.t("answer-ended")));
        }
        if !guard.saved.participants.contains(&user_id) {
            return Ok(Reply::new(tr.t("answer-not-in")));
        }
        let mut next = guard.saved.clone();
        next.participants.retain(|&p| p != user_id);
        self.inner
            .save(live, &next)
            .await
            .map_err(|e| internal("save leave", e))?;
        guard.saved = next;
        drop(guard);
        live.wake.notify_one();
        Ok(Reply::new(tr.t("answer-left")))
    }

    /// Dispatches a button press (`sess:{id}:{action}`). `can_manage`: the presser has Manage
    /// Messages in the channel.
    pub async fn handle_button(
        &self,
        custom_id: &str,
        user_id: UserId,
        can_manage: bool,
    ) -> Result<Reply, SessionError> {
        let Some(ButtonId::Session { session_id, action }) = ButtonId::parse(custom_id) else {
            return Err(SessionError::user(
                Tr::english().t("answer-not-a-session-button"),
            ));
        };
        self.control(Target::Session(session_id), user_id, can_manage, action)
            .await
    }

    /// A person acts on a session, from a button or a slash command. Anyone may join or leave;
    /// the other actions are for the starter, or someone who can manage messages in the channel
    /// (`can_manage`):
    /// - [`Action::Start`] ends the lobby early: the first step starts now;
    /// - [`Action::Cancel`] cancels a lobby; on a running session it is the same as `Stop`;
    /// - [`Action::Pause`] and [`Action::Resume`];
    /// - [`Action::Skip`] jumps to the next step now;
    /// - [`Action::Stop`] ends the session now with the exit cue and the summary (a lobby is
    ///   cancelled).
    pub async fn control(
        &self,
        target: Target,
        user_id: UserId,
        can_manage: bool,
        action: Action,
    ) -> Result<Reply, SessionError> {
        self.control_in(target, user_id, can_manage, action, Locale::EnUs)
            .await
    }

    /// [`Self::control`], answering in `locale` (the language of the person who acted).
    pub async fn control_in(
        &self,
        target: Target,
        user_id: UserId,
        can_manage: bool,
        action: Action,
        locale: Locale,
    ) -> Result<Reply, SessionError> {
        let tr = self.inner.tr(locale);
        let live = self.find(&target, tr)?;
        match action {
            Action::Join => self.add_person(&live, user_id, tr).await,
            Action::Leave => self.remove_person(&live, user_id, tr).await,
            _ => self.adjust(&live, user_id, can_manage, action, tr).await,
        }
    }

    /// The controls that change the plan (all actions but joining and leaving).
    async fn adjust(
        &self,
        live: &Live,
        user_id: UserId,
        can_manage: bool,
        action: Action,
        tr: Tr<'_>,
    ) -> Result<Reply, SessionError> {
        let mut guard = live.state.lock().await;
        if guard.saved.ended.is_some() {
            return Err(SessionError::user(tr.t("answer-ended")));
        }
        if Some(user_id) != live.starter_id && !can_manage {
            let what = match action {
                Action::Start => "start",
                Action::Cancel => "cancel",
                Action::Pause => "pause",
                Action::Resume => "resume",
                Action::Skip => "skip",
                _ => "stop",
            };
            return Err(SessionError::user(
                tr.t_args("answer-only-starter", &[("action", Arg::Str(what))]),
            ));
        }
        let now = self.inner.clock.now();
        // Stop and cancel end things: never held back, so nobody is kept from ending a session.
        if !matches!(action, Action::Stop | Action::Cancel)
            && !lock(&self.cooldown).try_use(user_id, now)
        {
            return Err(SessionError::user(tr.t("answer-too-fast")));
        }
        let mut next = guard.saved.clone();
        let in_lobby = match next.timeline.position(now) {
            Position::Lobby { .. } => true,
            Position::Running { .. } => false,
            Position::Finished => return Err(SessionError::user(tr.t("answer-ended"))),
        };
        let max = self.inner.config.max_adjustments;
        let apply = |tl: &mut Timeline, adj| {
            tl.apply_bounded(adj, max).map_err(|e| match e {
                AdjustError::TooManyAdjustments => SessionError::user(tr.t_args(
                    "answer-too-many-adjustments",
                    &[("max", Arg::Num(i64::from(max)))],
                )),
                e => SessionError::user(tr.t(adjust_key(e))),
            })
        };
        let mut notice = None;
        let reply = match action {
            Action::Start => {
                if !in_lobby {
                    return Err(SessionError::user(tr.t("answer-already-started")));
                }
                apply(&mut next.timeline, Adjustment::StartNow(now))?;
                "answer-starting-now"
            }
            Action::Cancel | Action::Stop if in_lobby => {
                next.ended = Some(Ending::Cancelled { by: user_id });
                "answer-cancelled"
            }
            Action::Cancel | Action::Stop => {
                apply(&mut next.timeline, Adjustment::Stop(now))?;
                next.stopped_by = Some(user_id);
                "answer-stopped"
            }
            Action::Pause => {
                if in_lobby {
                    return Err(SessionError::user(tr.t("answer-pause-in-lobby")));
                }
                apply(&mut next.timeline, Adjustment::Pause(now))?;
                notice = Some(Notice::Paused { by: user_id });
                "answer-paused"
            }
            Action::Resume => {
                apply(&mut next.timeline, Adjustment::Resume(now))?;
                notice = Some(Notice::Resumed { by: Some(user_id) });
                "answer-resumed"
            }
            Action::Skip => {
                if in_lobby {
                    return Err(SessionError::user(tr.t("answer-skip-in-lobby")));
                }
                apply(&mut next.timeline, Adjustment::Skip(now))?;
                "answer-skipped"
            }
            // `control` sends these to `add_person` and `remove_person`.
            Action::Join | Action::Leave => {
                return Err(Internal::bug("join and leave are not controls").into())
            }
        };
        self.inner
            .save(live, &next)
            .await
            .map_err(|e| internal("save control", e))?;
        tracing::info!(session_id = %live.id, channel_id = live.channel_id.get(), user_id = user_id.get(), action = action.as_str(), "session control");
        guard.saved = next;
        if let Some(notice) = notice {
            // A pause or resume not posted yet is superseded by this one: the channel is told
            // where the session stands now, once, not every press that led there.
            guard.notices.clear();
            guard.notices.push_back(notice);
        }
        drop(guard);
        live.wake.notify_one();
        Ok(Reply::new(tr.t(reply)))
    }

    /// The session running in a channel, if any.
    pub async fn session_in_channel(&self, channel_id: ChannelId) -> Option<SessionInfo> {
        let live = self
            .find(&Target::Channel(channel_id), Tr::english())
            .ok()?;
        let guard = live.state.lock().await;
        let st = &guard.saved;
        let phase = match st.timeline.position(self.inner.clock.now()) {
            Position::Lobby { starts_at } => SessionPhase::Lobby { starts_at },
            Position::Running { paused, .. } => SessionPhase::Running { paused },
            Position::Finished => SessionPhase::Ending,
        };
        Some(SessionInfo {
            session_id: live.id.clone(),
            routine_id: st.routine_id.clone(),
            starter_id: live.starter_id,
            participants: st.participants.clone(),
            phase,
            lobby_link: st
                .lobby_message_id
                .map(|m| messages::message_link(live.guild_id, live.channel_id, m)),
        })
    }

    /// For SIGTERM: every running session posts "paused for a quick restart" and is saved with
    /// the pause instant; returns once every task has finished. New starts are refused from now.
    pub async fn shutdown(&self) {
        tracing::info!(
            sessions = lock(&self.inner.sessions).len(),
            "pausing sessions for shutdown"
        );
        self.inner.shutdown.cancel();
        self.inner.tracker.close();
        self.inner.tracker.wait().await;
    }

    /// At start-up: picks up the sessions of the previous process. A session paused by a clean
    /// shutdown resumes shifted by the downtime if that was under `resume_within_secs`, and is
    /// closed with a message otherwise. After a crash the original deadlines hold: the task
    /// catches up (one message) or closes a session whose plan ended meanwhile.
    pub async fn resume_all(&self) -> Result<ResumeReport, SessionError> {
        self.resume(&ShardSet::everything()).await
    }

    /// [`Self::resume_all`] for the servers of `shards` only: what a process does when it
    /// becomes the owner of some shards.
    pub async fn resume(&self, shards: &ShardSet) -> Result<ResumeReport, SessionError> {
        let inner = &self.inner;
        let rows = inner
            .store
            .active_sessions(shards)
            .await
            .map_err(|e| internal("list sessions", e))?;
        let resume_within = secs(inner.config.resume_within_secs);
        let mut report = ResumeReport::default();
        for row in rows {
            if lock(&inner.sessions).contains_key(&row.id) {
                continue;
            }
            let now = inner.clock.now();
            let saved: SessionState = match serde_json::from_str(&row.state) {
                Ok(s) => s,
                Err(e) => {
                    tracing::error!(session_id = %row.id, channel_id = row.channel_id.get(), error = %chain(&e), "unreadable session state; closing it");
                    let mut closed = row.clone();
                    closed.active = false;
                    closed.updated_at = now;
                    if let Err(e) = inner.store.update_session(&closed).await {
                        tracing::error!(session_id = %row.id, error = %chain(&e), "could not close the session");
                    }
                    report.closed += 1;
                    continue;
                }
            };
            let live = Arc::new(Live::new(&row, saved));
            let mut offline_too_long = None;
            {
                let mut guard = live.state.lock().await;
                if let Some(pause) = guard.saved.restart {
                    let offline = now - pause.at;
                    if offline > resume_within {
                        offline_too_long = Some(offline);
                    } else {
                        let mut next = guard.saved.clone();
                        if pause.auto {
                            if let Err(e) = next.timeline.apply(Adjustment::Resume(now)) {
                                tracing::warn!(session_id = %live.id, error = %chain(&e), "could not resume the timeline");
                            }
                            guard.notices.push_back(Notice::Resumed { by: None });
                        }
                        next.restart = None;
                        if let Err(e) = inner.save(&live, &next).await {
                            tracing::warn!(session_id = %live.id, error = %chain(&e), "could not save the resumed session");
                        }
                        guard.saved = next;
                    }
                }
            }
            if let Some(offline) = offline_too_long {
                tracing::info!(session_id = %live.id, channel_id = live.channel_id.get(), offline_secs = offline.num_seconds(), "closing a session paused for too long");
                let secs = u64::try_from(offline.num_seconds()).unwrap_or(0);
                let tr = inner.tr(live.state.lock().await.saved.locale());
                runner::close(
                    inner,
                    &live,
                    Ending::Downtime,
                    Some(messages::closed_after_downtime(tr, secs)),
                )
                .await;
                report.closed += 1;
                continue;
            }
            tracing::info!(session_id = %live.id, channel_id = live.channel_id.get(), "resuming session");
            lock(&inner.sessions).insert(live.id.clone(), live.clone());
            runner::spawn(inner, live);
            report.resumed += 1;
        }
        Ok(report)
    }

    /// The bot was removed from a server: its sessions stop at once, posting nothing. Every
    /// session's task is stopped before anything is saved, and one failed save does not keep
    /// the others from being closed: the first failure is returned once all were tried.
    pub async fn stop_guild(&self, guild_id: GuildId) -> Result<u32, SessionError> {
        let inner = &self.inner;
        let lives: Vec<Arc<Live>> = lock(&inner.sessions)
            .values()
            .filter(|l| l.guild_id == guild_id)
            .cloned()
            .collect();
        for live in &lives {
            live.abort();
        }
        let mut stopped = 0;
        let mut first_failure = None;
        for live in lives {
            let mut guard = live.state.lock().await;
            guard.saved.ended = Some(Ending::GuildRemoved);
            match inner.save(&live, &guard.saved).await {
                Ok(()) => stopped += 1,
                Err(e) => {
                    first_failure.get_or_insert(internal("save removed session", e));
                }
            }
        }
        // Sessions this process does not run (not resumed yet) are closed in the store.
        match inner.store.active_sessions(&ShardSet::everything()).await {
            Ok(rows) => {
                for mut row in rows.into_iter().filter(|r| r.guild_id == guild_id) {
                    row.active = false;
                    row.updated_at = inner.clock.now();
                    match inner.store.update_session(&row).await {
                        Ok(()) => stopped += 1,
                        Err(e) => {
                            first_failure.get_or_insert(internal("close removed session", e));
                        }
                    }
                }
            }
            Err(e) => {
                first_failure.get_or_insert(internal("list sessions", e));
            }
        }
        tracing::info!(
            guild_id = guild_id.get(),
            stopped,
            "stopped the sessions of a removed server"
        );
        match first_failure {
            Some(e) => Err(e),
            None => Ok(stopped),
        }
    }
}
