//! The task that runs one session: it sleeps until the next absolute deadline of the timeline
//! or until a control wakes it, then posts what is due.
//!
//! Why it is shaped this way:
//! - "now" comes from the [`crate::clock::Clock`] and each sleep is recomputed from it on every
//!   wake, so sleeps never accumulate drift and a slow post never shifts later steps;
//! - progress is saved around each post (`in_flight` before, `last_posted` after) and every post
//!   carries a deterministic nonce, so a crash between the two re-sends the same message with the
//!   same nonce and Discord keeps one;
//! - [`PostError::Gone`] ends the session at once, with no retry and nothing else posted;
//! - the task runs inside a supervisor that turns a panic into a closed session and an apology,
//!   so one broken session never takes others down.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use tokio::time::Instant;
use tracing::Instrument;

use super::{
    live::{lock, Inner, Live, LiveState, Notice},
    messages::{self, LobbyPhase, SessionView},
    state::{Ending, RestartPause},
    timeline::{Adjustment, NextAction, Position},
};
use crate::{
    content::Routine, error::chain, ids::MessageId, message::OutMessage, nonces, post::PostError,
};

/// How long a shutdown waits for the "paused for a restart" post of one session.
const RESTART_POST_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

/// Starts the task of `live` (already in the registry).
pub(crate) fn spawn(inner: &Arc<Inner>, live: Arc<Live>) {
    let span = tracing::info_span!(
        "session",
        session_id = %live.id,
        channel_id = live.channel_id.get(),
        guild_id = live.guild_id.get()
    );
    let task = tokio::spawn(run(inner.clone(), live.clone()).instrument(span.clone()));
    *lock(&live.task) = Some(task.abort_handle());
    let tracker = inner.tracker.clone();
    let inner = inner.clone();
    tracker.spawn(
        async move {
            match task.await {
                Ok(()) => tracing::debug!("session task done"),
                Err(e) if e.is_panic() => {
                    let panic = e.into_panic();
                    let text = panic
                        .downcast_ref::<&str>()
                        .map(|s| (*s).to_owned())
                        .or_else(|| panic.downcast_ref::<String>().cloned())
                        .unwrap_or_default();
                    tracing::error!(panic = %text, "session task panicked; closing the session");
                    close_after_panic(&inner, &live).await;
                }
                Err(_) => tracing::info!("session task stopped"),
            }
            inner.forget(&live);
        }
        .instrument(span),
    );
}

/// What the task does next.
enum Decision {
    Post {
        index: usize,
        message: OutMessage,
    },
    Notice(OutMessage),
    EditLobby {
        message_id: MessageId,
        message: OutMessage,
        /// When the next step is due: the edit gives way to it.
        before: Option<DateTime<Utc>>,
    },
    End {
        ending: Ending,
        message: Option<OutMessage>,
    },
    /// Until this instant, or until woken when `None` (paused).
    Wait(Option<DateTime<Utc>>),
}

fn with_nonce(mut message: OutMessage, nonce: String) -> OutMessage {
    message.nonce = Some(nonce);
    message
}

async fn run(inner: Arc<Inner>, live: Arc<Live>) {
    let (routine_id, locale) = {
        let guard = live.state.lock().await;
        (guard.saved.routine_id.clone(), guard.saved.locale())
    };
    let tr = inner.tr(locale);
    let Some(routine) = inner.library.playable_in(&routine_id, tr) else {
        tracing::error!(
            routine_id,
            "the session's routine is no longer in the content folder"
        );
        close(&inner, &live, Ending::Failed, Some(messages::apology(tr))).await;
        return;
    };
    let routine: &Routine = &routine;
    if let Some(index) = live.state.lock().await.saved.in_flight {
        tracing::info!(
            event = index,
            "an event was being posted when the bot stopped; its nonce makes a re-send safe"
        );
    }
    let mut lobby_gone = false;
    // What a failed edit tried to show: not tried again until the lobby changes once more.
    let mut lobby_failed: Option<u64> = None;
    loop {
        if inner.shutdown.is_cancelled() {
            pause_for_restart(&inner, &live).await;
            return;
        }
        let now = inner.clock.now();
        let decision = {
            let mut guard = live.state.lock().await;
            let lobby = LobbyShown {
                editable: !lobby_gone,
                failed: lobby_failed,
            };
            decide(&inner, &live, routine, &mut guard, now, lobby, tr)
        };
        match decision {
            Decision::Post { index, message } => {
                if !post_event(&inner, &live, routine, index, message).await {
                    return;
                }
            }
            Decision::Notice(message) => {
                save_now(&inner, &live).await;
                if let Err(e) = inner.poster.post(live.live_post(message)).await {
                    if let PostError::Gone { .. } = e {
                        tracing::warn!(why = %chain(&e), "lost the channel; ending the session");
                        close(&inner, &live, Ending::ChannelGone, None).await;
                        return;
                    }
                    tracing::warn!(error = %chain(&e), "could not post a notice");
                }
            }
            Decision::EditLobby {
                message_id,
                message,
                before,
            } => {
                let shown = message.fingerprint();
                let edit = inner.poster.edit(live.lobby_edit(message_id, message));
                // A lobby edit is background work: when a step falls due first, the edit is
                // dropped and tried again after it, so a slow edit never makes a step late.
                let outcome = match before {
                    Some(due) => {
                        let left = (due - inner.clock.now()).to_std().unwrap_or_default();
                        tokio::time::timeout(left, edit).await.ok()
                    }
                    None => Some(edit.await),
                };
                match outcome {
                    Some(Ok(())) => {
                        live.state.lock().await.saved.lobby_shown = Some(shown);
                        save_now(&inner, &live).await;
                    }
                    // The lobby message was deleted (or its channel lost: the next post finds
                    // out). Either way there is nothing left to edit.
                    Some(Err(why @ PostError::Gone { .. })) => {
                        tracing::info!(%why, "the lobby message is gone; no more lobby edits");
                        lobby_gone = true;
                    }
                    Some(Err(e)) => {
                        tracing::warn!(error = %chain(&e), "could not edit the lobby message");
                        lobby_failed = Some(shown);
                    }
                    None => tracing::debug!("a step fell due before the lobby edit went out"),
                }
            }
            Decision::End { ending, message } => {
                let lobby = !lobby_gone;
                close_inner(&inner, &live, Some(routine), ending, message, lobby, tr).await;
                return;
            }
            Decision::Wait(until) => wait(&inner, &live, until).await,
        }
    }
}

/// What the task knows of the lobby message besides the saved state.
#[derive(Clone, Copy)]
struct LobbyShown {
    /// False once the lobby message is known to be gone.
    editable: bool,
    /// The fingerprint of an edit that failed, not tried again.
    failed: Option<u64>,
}

/// Chooses the next thing to do at `now`.
fn decide(
    inner: &Inner,
    live: &Live,
    routine: &Routine,
    guard: &mut LiveState,
    now: DateTime<Utc>,
    lobby: LobbyShown,
    tr: crate::i18n::Tr<'_>,
) -> Decision {
    if let Some(ending) = guard.saved.ended {
        return Decision::End {
            ending,
            message: None,
        };
    }
    let position = guard.saved.timeline.position(now);
    let started = !matches!(position, Position::Lobby { .. });
    if started && guard.saved.last_posted.is_none() && guard.saved.participants.is_empty() {
        return Decision::End {
            ending: Ending::Empty,
            message: None,
        };
    }
    // Notices answer a person's action: they go before anything else.
    if let Some(notice) = guard.notices.pop_front() {
        let seq = guard.saved.next_notice();
        let st = &guard.saved;
        let message = match notice {
            Notice::Paused { by } => messages::paused(tr, by),
            Notice::Resumed { by } => messages::resumed(
                &SessionView::new(&live.id, live.starter_id, routine, st, tr),
                by,
                now,
            ),
        };
        return Decision::Notice(with_nonce(message, nonces::session_notice(&live.id, seq)));
    }
    let st = &guard.saved;
    let v = SessionView::new(&live.id, live.starter_id, routine, st, tr);
    let stale = inner.stale_after();
    let wait = match st.timeline.next_due(st.last_posted, now, stale) {
        NextAction::Post(index) => {
            return Decision::Post {
                index,
                message: with_nonce(
                    messages::event(&v, index),
                    nonces::session_event(&live.id, index),
                ),
            };
        }
        NextAction::CatchUp { skipped, current } => {
            let finish = st.timeline.plan.finish_index();
            let finish_stale = st.timeline.due_at(finish).is_some_and(|t| now - t > stale);
            if current == finish && finish_stale {
                return Decision::End {
                    ending: Ending::EndedOffline,
                    message: Some(messages::ended_while_offline(tr)),
                };
            }
            tracing::info!(skipped = ?skipped, current, "missed steps collapse into one catch-up");
            let opens = st.last_posted.is_none();
            return Decision::Post {
                index: current,
                message: with_nonce(
                    messages::catch_up(&v, current, opens),
                    nonces::session_event(&live.id, current),
                ),
            };
        }
        NextAction::Finished => {
            let ending = match st.stopped_by {
                Some(by) => Ending::Stopped { by },
                None => Ending::Finished,
            };
            return Decision::End {
                ending,
                message: None,
            };
        }
        NextAction::Wait(until) => Some(until),
        NextAction::Paused => None,
    };
    if let (true, Some(message_id)) = (lobby.editable, st.lobby_message_id) {
        let phase = if started {
            let last_set = st.timeline.plan.last_set_start();
            LobbyPhase::Underway {
                joinable: !st.timeline.has_begun(last_set, now),
            }
        } else {
            LobbyPhase::Open
        };
        let wanted = messages::lobby(&v, phase);
        let fingerprint = wanted.fingerprint();
        if st.lobby_shown != Some(fingerprint) && lobby.failed != Some(fingerprint) {
            return Decision::EditLobby {
                message_id,
                message: wanted,
                before: wait,
            };
        }
    }
    Decision::Wait(wait)
}

/// Sleeps until `until` (wall time, converted to a tokio deadline now), a wake-up from a
/// control, or the shutdown.
async fn wait(inner: &Inner, live: &Live, until: Option<DateTime<Utc>>) {
    match until {
        Some(until) => {
            let remaining = (until - inner.clock.now()).to_std().unwrap_or_default();
            let deadline = Instant::now() + remaining;
            tokio::select! {
                () = tokio::time::sleep_until(deadline) => {}
                () = live.wake.notified() => {}
                () = inner.shutdown.cancelled() => {}
            }
        }
        None => {
            tokio::select! {
                () = live.wake.notified() => {}
                () = inner.shutdown.cancelled() => {}
            }
        }
    }
}

async fn save_now(inner: &Inner, live: &Live) {
    let guard = live.state.lock().await;
    if let Err(e) = inner.save(live, &guard.saved).await {
        tracing::error!(error = %chain(&e), "could not save the session");
    }
}

/// Posts event `index` with progress saved around the post. Returns false when the session
/// ended (channel gone).
async fn post_event(
    inner: &Inner,
    live: &Live,
    routine: &Routine,
    index: usize,
    message: OutMessage,
) -> bool {
    {
        let mut guard = live.state.lock().await;
        guard.saved.in_flight = Some(index);
        if let Err(e) = inner.save(live, &guard.saved).await {
            // Posting on time matters more than the record; the nonce still guards a re-send.
            tracing::error!(error = %chain(&e), event = index, "could not save progress before a post");
        }
    }
    match inner.poster.post(live.live_post(message)).await {
        Ok(_) => tracing::debug!(event = index, "posted"),
        Err(why @ PostError::Gone { .. }) => {
            tracing::warn!(%why, event = index, "lost the channel; ending the session");
            let tr = inner.tr(live.state.lock().await.saved.locale());
            close_inner(
                inner,
                live,
                Some(routine),
                Ending::ChannelGone,
                None,
                false,
                tr,
            )
            .await;
            return false;
        }
        // The sending layer already retried; a step is only worth its moment, so move on.
        Err(e) => {
            tracing::warn!(error = %chain(&e), event = index, "could not post a step; moving on")
        }
    }
    let mut guard = live.state.lock().await;
    let st = &mut guard.saved;
    st.last_posted = Some(st.last_posted.map_or(index, |p| p.max(index)));
    st.in_flight = None;
    if let Err(e) = inner.save(live, st).await {
        tracing::error!(error = %chain(&e), event = index, "could not save progress after a post");
    }
    true
}

/// Ends a session: saves it closed, posts `message` if any, and shows the end on the lobby.
pub(crate) async fn close(inner: &Inner, live: &Live, ending: Ending, message: Option<OutMessage>) {
    let (routine_id, locale) = {
        let guard = live.state.lock().await;
        (guard.saved.routine_id.clone(), guard.saved.locale())
    };
    let tr = inner.tr(locale);
    let routine = inner.library.playable_in(&routine_id, tr);
    close_inner(inner, live, routine.as_deref(), ending, message, true, tr).await;
}

async fn close_inner(
    inner: &Inner,
    live: &Live,
    routine: Option<&Routine>,
    ending: Ending,
    message: Option<OutMessage>,
    edit_lobby: bool,
    tr: crate::i18n::Tr<'_>,
) {
    let lobby = {
        let mut guard = live.state.lock().await;
        if ending == Ending::Finished {
            // Before the end is saved: a crash in between finishes the session again after the
            // restart, and a check-in counts once however often it is recorded.
            check_in_participants(inner, live, routine, &guard.saved.participants).await;
        }
        let st = &mut guard.saved;
        st.ended = Some(ending);
        st.in_flight = None;
        if let Err(e) = inner.save(live, st).await {
            tracing::error!(error = %chain(&e), "could not save the closed session");
        }
        // The channel is free for a new session from here on, while this one still sends its
        // wrap-up below.
        inner.forget(live);
        match (routine, st.lobby_message_id) {
            (Some(routine), Some(id)) if edit_lobby => Some((
                id,
                messages::lobby(
                    &SessionView::new(&live.id, live.starter_id, routine, st, tr),
                    LobbyPhase::Ended(ending),
                ),
            )),
            _ => None,
        }
    };
    tracing::info!(?ending, "session ended");
    // A lost channel or server gets nothing more: every post would fail (and count against the
    // bot's invalid-request budget).
    if matches!(ending, Ending::ChannelGone | Ending::GuildRemoved) {
        return;
    }
    if let Some(message) = message {
        let message = with_nonce(message, nonces::session_closing(&live.id));
        if let Err(e) = inner.poster.post(live.live_post(message)).await {
            tracing::warn!(error = %chain(&e), "could not post the closing message");
        }
    }
    if let Some((id, message)) = lobby {
        if let Err(e) = inner.poster.edit(live.lobby_edit(id, message)).await {
            tracing::warn!(error = %chain(&e), "could not update the lobby message");
        }
    }
}

/// Everyone in a session that ran to its finish stretched: one check-in each, for this session,
/// with the routine's minutes. A failure is logged; the session closes regardless.
async fn check_in_participants(
    inner: &Inner,
    live: &Live,
    routine: Option<&Routine>,
    participants: &[crate::ids::UserId],
) {
    let at = inner.clock.now();
    let minutes = routine.map_or(0, |r| r.tags.minutes);
    for &user_id in participants {
        let checkin = crate::store::CheckIn {
            user_id,
            guild_id: Some(live.guild_id),
            source: crate::store::CheckinSource::Session {
                session_id: live.id.clone(),
            },
            at,
            minutes,
        };
        if let Err(e) = inner.store.record_checkin(&checkin).await {
            tracing::warn!(user_id = user_id.get(), error = %chain(&e), "could not check a participant in");
        }
    }
}

/// The shutdown path: pause (unless a person already did), save with the pause instant, say so.
async fn pause_for_restart(inner: &Inner, live: &Live) {
    let now = inner.clock.now();
    let message = {
        let mut guard = live.state.lock().await;
        if guard.saved.ended.is_some()
            || matches!(guard.saved.timeline.position(now), Position::Finished)
        {
            // Its finish is due: the next start-up posts it (or closes it if too late).
            return;
        }
        let mut next = guard.saved.clone();
        let auto = !next.timeline.is_paused();
        if auto {
            if let Err(e) = next.timeline.apply(Adjustment::Pause(now)) {
                tracing::warn!(error = %chain(&e), "could not pause the timeline for the restart");
            }
        }
        next.restart = Some(RestartPause { at: now, auto });
        let seq = next.next_notice();
        if let Err(e) = inner.save(live, &next).await {
            tracing::error!(error = %chain(&e), "could not save the session for the restart");
        }
        guard.saved = next;
        with_nonce(
            messages::paused_for_restart(inner.tr(guard.saved.locale())),
            nonces::session_notice(&live.id, seq),
        )
    };
    tracing::info!("paused for the restart");
    match tokio::time::timeout(
        RESTART_POST_TIMEOUT,
        inner.poster.post(live.live_post(message)),
    )
    .await
    {
        Ok(Ok(_)) => {}
        Ok(Err(why @ PostError::Gone { .. })) => {
            tracing::warn!(%why, "lost the channel; ending the session");
            let tr = inner.tr(live.state.lock().await.saved.locale());
            close_inner(inner, live, None, Ending::ChannelGone, None, false, tr).await;
        }
        Ok(Err(e)) => tracing::warn!(error = %chain(&e), "could not post the restart notice"),
        Err(_) => tracing::warn!("the restart notice took too long; giving up on it"),
    }
}

/// After a panic: close the session and apologise. The posts run in their own task, so a
/// poster that panics again cannot take the supervisor down with it.
async fn close_after_panic(inner: &Arc<Inner>, live: &Arc<Live>) {
    let (inner2, live2) = (inner.clone(), live.clone());
    let closing = tokio::spawn(async move {
        let tr = inner2.tr(live2.state.lock().await.saved.locale());
        close(&inner2, &live2, Ending::Failed, Some(messages::apology(tr))).await;
    });
    if let Err(e) = closing.await {
        tracing::error!(error = %chain(&e), "closing a broken session failed too");
        // At least the store must not keep it running.
        let mut guard = live.state.lock().await;
        guard.saved.ended = Some(Ending::Failed);
        if let Err(e) = inner.save(live, &guard.saved).await {
            tracing::error!(error = %chain(&e), "could not save the broken session as closed");
        }
    }
}
