//! [`Firing`]: one pass over the due reminders. Each due fire is claimed in the store before
//! anything is posted, delivered (a prompt, or a group lobby) with a nonce derived from the claim,
//! and finished: posted, retried later within the grace period, or given up, and the reminder
//! moved to its next occurrence. A channel that is gone flags the reminder and tells the admins.

use std::{collections::VecDeque, sync::Arc};

use chrono::{DateTime, Duration, Utc};
use tokio::{sync::Semaphore, task::JoinSet};
use tokio_util::sync::CancellationToken;
use tracing::{debug, error, info, warn};

use super::{
    event_sync::EventSync,
    model::{Kind, Reminder, Routines},
    prompt::{self, PromptExtras},
    AdminNotifier, GroupOutcome, GroupRequest, GroupStarter, ReminderError,
};
use crate::{
    clock::SharedClock,
    error::chain,
    nonces,
    post::{Lane, MessageId, Post, PostError, Poster},
    reminders::rotation::{self, Place, Rotation},
    schedule::{catch_up, Fire},
    shards::Ownership,
    store::{ClaimOutcome, FireClaim, FireDone, FireRenewal, FireStatus, ReminderRow, Store},
};

/// A prompt's stretch for one day: [`todays_pick`].
pub(super) struct Pick<'a> {
    pub(super) stretch: &'a crate::content::Routine,
    /// The rotation after this pick, when it differs from the stored one: a fire stores it
    /// before posting; `/reminders test` shows the stretch and leaves it.
    pub(super) changed: Option<Rotation>,
}

/// The stretch `reminder` suggests on `local_date`, from the stretches that fit its place and
/// what it showed before (as stored); `None` when no stretch fits. Saves nothing, so a fire and
/// a test post see the same stretch for the same day.
pub(super) async fn todays_pick<'a>(
    store: &dyn Store,
    routines: &'a Routines,
    reminder: &Reminder,
    local_date: chrono::NaiveDate,
) -> Result<Option<Pick<'a>>, ReminderError> {
    let row = store.reminder_prompt(reminder.id).await?;
    let (place, state) = row.map_or((Place::Any, Rotation::default()), |p| {
        (
            Place::parse(&p.place).unwrap_or(Place::Any),
            Rotation::from_text(&p.rotation),
        )
    });
    let library = routines.library();
    let pool = rotation::pool(library, place);
    let Some((id, next)) = rotation::pick(&pool, &state, local_date, reminder.id.get()) else {
        return Ok(None);
    };
    Ok(library.get(&id).map(|stretch| Pick {
        stretch,
        changed: (next != state).then_some(next),
    }))
}

/// Due reminders read per query; a batch is started before the next is read.
const BATCH: u32 = 256;

/// The most batches one look reads before it lets the loop look at its signals again.
const MAX_BATCHES_PER_TICK: usize = 64;

/// What one pass of the firing loop did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TickReport {
    /// Reminders looked at because they were due.
    pub due: usize,
    /// Messages posted (prompts and lobbies).
    pub posted: usize,
    /// The earliest pending fire after the pass.
    pub next: Option<DateTime<Utc>>,
}

/// How one fire went, for the bookkeeping.
enum Delivery {
    /// `None`: posted, but Discord's answer could not be read.
    Posted(Option<MessageId>),
    Gone(String),
    Transient(String),
    Refused(String),
    /// Shutting down before it could be delivered: hand the claim back at once.
    HandBack,
}

/// Fires due reminders. Share it as `Arc<Firing>`: each fire of a tick runs as its own task.
#[derive(Clone)]
pub(crate) struct Firing {
    pub(crate) store: Arc<dyn Store>,
    /// Fires only the reminders of the servers of these shards.
    pub(crate) shards: Arc<dyn Ownership>,
    pub(crate) poster: Arc<dyn Poster>,
    pub(crate) clock: SharedClock,
    pub(crate) routines: Routines,
    pub(crate) group: Arc<dyn GroupStarter>,
    pub(crate) notifier: Arc<dyn AdminNotifier>,
    /// Moves a group reminder's event on once its fire is settled.
    pub(crate) events: Arc<EventSync>,
    pub(crate) grace: Duration,
    /// How long a claimer owns a fire before another instance may take it over
    /// (`reminders.claim_lease_secs`).
    pub(crate) lease: Duration,
    /// How long after its claim a prompt's send is given up (`reminders.send_deadline_secs`),
    /// shorter than the lease: the sending layer's queue and 429 waits are not bounded by the
    /// lease, and a send still running when a take-over posts could post a second time.
    pub(crate) send_deadline: Duration,
    /// How long after a fire's first attempt a send with its nonce may still reach Discord
    /// (`reminders.nonce_safe_secs`): Discord forgets a nonce after a few minutes, and a re-post
    /// after that duplicates a first attempt that arrived but whose answer was lost.
    pub(crate) nonce_safe: Duration,
    pub(crate) lobby_secs: u32,
    pub(crate) max_concurrent: usize,
    /// Names this process in fire records.
    pub(crate) instance: String,
    /// Cancelled at shutdown: fires in flight hand their claim back instead of leaving it
    /// locked for the lease (see `deliver_claimed`).
    pub(crate) stopping: CancellationToken,
}

/// The fires in flight, each a task holding one of `max_concurrent` slots, and due rows read
/// but not started yet. The loop keeps one across wakes, so a slow fire holds one slot and
/// nothing else: newly due fires start as soon as a slot is free.
pub(crate) struct InFlight {
    tasks: JoinSet<bool>,
    slots: Arc<Semaphore>,
    queue: VecDeque<ReminderRow>,
}

impl InFlight {
    /// Every slot is taken: only a fire ending can start another.
    pub(crate) fn is_full(&self) -> bool {
        self.slots.available_permits() == 0
    }

    /// Waits for one fire to end; `Some(true)` if it posted, `None` when none is in flight.
    pub(crate) async fn next_done(&mut self) -> Option<bool> {
        let done = self.tasks.join_next().await?;
        Some(match done {
            Ok(posted) => posted,
            Err(e) => {
                error!(error = %chain(&e), "a reminder fire panicked");
                false
            }
        })
    }

    /// Waits for every fire in flight to end (at shutdown: prompts hand their claim back).
    pub(crate) async fn drain(&mut self) {
        while self.next_done().await.is_some() {}
    }
}

/// A fire this process claimed, ready to post.
struct Claimed {
    row: ReminderRow,
    reminder: Reminder,
    fire: Fire,
    attempt: u32,
    send_by: DateTime<Utc>,
    nonce_until: DateTime<Utc>,
}

impl Firing {
    pub(crate) fn in_flight(&self) -> InFlight {
        InFlight {
            tasks: JoinSet::new(),
            slots: Arc::new(Semaphore::new(self.max_concurrent.max(1))),
            queue: VecDeque::new(),
        }
    }

    /// Starts due fires while a slot is free; returns how many due reminders it looked at. Each
    /// is claimed here, before its task starts, so a fire in flight is not due any more (its
    /// pending time is the lease end) and the next look does not pick it up again; what needs no
    /// post (skipped, settled) is settled here too. The sends run in the tasks.
    pub(crate) async fn pick_up(
        self: &Arc<Self>,
        flight: &mut InFlight,
    ) -> Result<usize, ReminderError> {
        let mut looked = 0;
        let mut refills = 0;
        while !flight.is_full() {
            if self.stopping.is_cancelled() {
                // Shutting down: leave the rest unclaimed and due, for the next start.
                flight.queue.clear();
                break;
            }
            let Some(row) = flight.queue.pop_front() else {
                if refills == MAX_BATCHES_PER_TICK {
                    break;
                }
                refills += 1;
                let due = self
                    .store
                    .due_reminders(self.clock.now(), BATCH, &self.shards.owned())
                    .await?;
                if due.is_empty() {
                    break;
                }
                flight.queue.extend(due);
                continue;
            };
            looked += 1;
            let Some(claimed) = self.claim(row).await? else {
                continue;
            };
            let Ok(permit) = flight.slots.clone().try_acquire_owned() else {
                unreachable!("a slot was free and only this loop takes them");
            };
            let me = self.clone();
            flight.tasks.spawn(async move {
                let _slot = permit;
                let (reminder_id, guild_id) = (claimed.row.id, claimed.row.guild_id);
                match me.deliver_claimed(claimed).await {
                    Ok(posted) => posted,
                    Err(e) => {
                        // The claim stays until its lease ends; then it is taken over.
                        warn!(reminder_id = reminder_id.get(), guild_id = guild_id.get(), error = %chain(&e), "reminder fire failed; will retry");
                        false
                    }
                }
            });
        }
        Ok(looked)
    }

    /// One pass: fires everything due now, waits for those fires, and reports the earliest
    /// pending fire. (The loop itself does not wait: see [`Self::pick_up`].)
    pub(crate) async fn tick(self: &Arc<Self>) -> Result<TickReport, ReminderError> {
        let mut report = TickReport::default();
        let mut flight = self.in_flight();
        loop {
            match self.pick_up(&mut flight).await {
                Ok(looked) => report.due += looked,
                Err(e) => {
                    flight.drain().await;
                    return Err(e);
                }
            }
            match flight.next_done().await {
                Some(posted) => report.posted += usize::from(posted),
                None => break,
            }
        }
        report.next = self
            .store
            .earliest_reminder_fire(&self.shards.owned())
            .await?;
        Ok(report)
    }

    /// Decides what one due reminder needs and claims its fire if it is to be posted; settles
    /// what needs no post. `Some`: ours to post now.
    async fn claim(&self, row: ReminderRow) -> Result<Option<Claimed>, ReminderError> {
        let reminder = match Reminder::from_row(&row) {
            Ok(r) => r,
            Err(e) => {
                if row.timezone.parse::<chrono_tz::Tz>().is_err() {
                    // Not corrupt: a chrono-tz update dropped or renamed the zone. Never fired in
                    // a guessed zone; the list shows it flagged until an admin picks another.
                    warn!(reminder_id = row.id.get(), guild_id = row.guild_id.get(), timezone = %row.timezone, "reminder's time zone is no longer known; disarmed until an admin chooses another");
                } else {
                    error!(reminder_id = row.id.get(), guild_id = row.guild_id.get(), error = %e, "corrupt reminder; disarmed");
                }
                self.store.set_reminder_next(row.id, row.rev, None).await?;
                return Ok(None);
            }
        };
        let now = self.clock.now();
        // The pending date's day before is the last date handled, which is what catch-up
        // counts from: an on-time fire is "missed by 0 s", a fire during downtime is late.
        let handled = reminder.pending_date.and_then(|d| d.pred_opt());
        let decision = catch_up(&reminder.schedule, handled, now, self.grace);
        if let (Some(first), Some(last)) = (decision.skipped.first(), decision.skipped.last()) {
            info!(
                reminder_id = row.id.get(),
                guild_id = row.guild_id.get(),
                skipped = decision.skipped.len(),
                first = %first.local_date,
                last = %last.local_date,
                "missed while the bot was down, too late to post: skipped"
            );
        }
        let Some(fire) = decision.post_late else {
            self.advance(&row, &reminder, now, now).await?;
            return Ok(None);
        };
        let claim = FireClaim {
            reminder_id: row.id,
            rev: row.rev,
            local_date: fire.local_date,
            now,
            lease_until: now + self.lease,
            instance: self.instance.clone(),
        };
        match self.store.claim_reminder_fire(&claim).await? {
            ClaimOutcome::Claimed {
                attempt,
                first_claimed_at,
            } => {
                let send_by = now + self.send_deadline;
                let nonce_until = first_claimed_at + self.nonce_safe;
                if attempt > 1 && send_by > nonce_until {
                    self.give_up_unsafe(&row, &reminder, fire, attempt).await?;
                    return Ok(None);
                }
                let late = now - fire.at;
                if late > Duration::seconds(5) {
                    info!(
                        reminder_id = row.id.get(),
                        guild_id = row.guild_id.get(),
                        late_secs = late.num_seconds(),
                        attempt,
                        "posting a reminder late"
                    );
                }
                Ok(Some(Claimed {
                    row,
                    reminder,
                    fire,
                    attempt,
                    send_by,
                    nonce_until,
                }))
            }
            ClaimOutcome::Settled(status) => {
                debug!(
                    reminder_id = row.id.get(),
                    status = status.as_str(),
                    "fire already settled"
                );
                self.advance(&row, &reminder, fire.at, now).await?;
                Ok(None)
            }
            ClaimOutcome::Busy | ClaimOutcome::Stale => Ok(None),
        }
    }

    /// Posts a fire we own and records the outcome.
    async fn deliver_claimed(&self, claimed: Claimed) -> Result<bool, ReminderError> {
        let Claimed {
            row,
            reminder,
            fire,
            attempt,
            send_by,
            nonce_until,
        } = claimed;
        let (row, reminder) = (&row, &reminder);
        let outcome = if reminder.kind == Kind::Prompt {
            // An absolute deadline from the claim time, read on the service's clock and waited
            // for on tokio's.
            let left = (send_by - self.clock.now())
                .to_std()
                .unwrap_or(std::time::Duration::ZERO);
            let deadline = tokio::time::Instant::now() + left;
            let bounded = async {
                tokio::time::timeout_at(deadline, self.deliver(reminder, fire))
                    .await
                    .unwrap_or_else(|_| {
                        Delivery::Transient(format!(
                            "no answer within the send deadline ({} s)",
                            self.send_deadline.num_seconds()
                        ))
                    })
            };
            // The process exits soon after a shutdown (SIGTERM) and would cut this post off
            // mid-flight, leaving the fire claimed until its lease ends: a restart then posted
            // it only a minute late. Hand it back at once instead; the next start takes it over
            // and re-posts with the same nonce, which Discord de-duplicates if this one arrived.
            // (Group fires run on: cancelling a lobby half-way through is not safe.)
            tokio::select! {
                biased;
                outcome = bounded => outcome,
                () = self.stopping.cancelled() => return self.hand_back(row, fire, attempt).await,
            }
        } else {
            // A lobby cannot be cut off half-way, so a group fire has no deadline: it keeps its
            // claim renewed instead, so that no other copy takes the fire over while it runs.
            let deliver = self.deliver(reminder, fire);
            tokio::pin!(deliver);
            let mut renew = tokio::time::interval(
                (self.lease / 3)
                    .to_std()
                    .unwrap_or(std::time::Duration::from_secs(20)),
            );
            renew.tick().await;
            loop {
                tokio::select! {
                    outcome = &mut deliver => break outcome,
                    _ = renew.tick() => self.renew_claim(row, fire, attempt).await,
                }
            }
        };
        let now = self.clock.now();
        let next = reminder
            .schedule
            .next_fire(now.max(fire.at))
            .map(|f| (f.at, f.local_date));
        let mut done = FireDone {
            next,
            ..self.our_done(row, fire, attempt, FireStatus::Failed, now)
        };
        let posted = match outcome {
            Delivery::Posted(message_id) => {
                done.status = FireStatus::Posted;
                done.message_id = message_id;
                info!(reminder_id = row.id.get(), guild_id = row.guild_id.get(), message_id = message_id.map(|m| m.get()), date = %fire.local_date, "reminder posted");
                true
            }
            Delivery::Gone(detail) => {
                done.next = None;
                if !self.finish(row, &done).await? {
                    return Ok(false);
                }
                self.flag(row, reminder, &prompt::gone_reason(&detail))
                    .await?;
                return Ok(false);
            }
            Delivery::Transient(error) => {
                let retry_at = now + retry_backoff(attempt);
                if retry_at - fire.at < self.grace && retry_at + self.send_deadline <= nonce_until {
                    warn!(reminder_id = row.id.get(), guild_id = row.guild_id.get(), attempt, error = %error, "reminder post failed; will retry");
                    done.status = FireStatus::Retry;
                    done.retry_at = Some(retry_at);
                    done.next = Some((retry_at, fire.local_date));
                } else {
                    warn!(reminder_id = row.id.get(), guild_id = row.guild_id.get(), attempt, error = %error, "reminder post failed, and a retry would come too late (past the grace period, or after Discord forgets the nonce, when it could duplicate an attempt that arrived); giving up on this one");
                }
                false
            }
            Delivery::HandBack => return self.hand_back(row, fire, attempt).await,
            Delivery::Refused(error) => {
                error!(reminder_id = row.id.get(), guild_id = row.guild_id.get(), error = %error, "Discord refused a reminder; not retried");
                false
            }
        };
        if !self.finish(row, &done).await? {
            return Ok(false);
        }
        if done.status != FireStatus::Retry && reminder.wants_event() {
            self.events.spawn(row.id);
        }
        Ok(posted)
    }

    /// A fire claimed again (retry or take-over) too long after its first attempt: Discord may
    /// no longer remember its nonce, so a re-post could duplicate an attempt that did arrive.
    /// Recorded failed, logged, and the reminder moved to its next occurrence.
    async fn give_up_unsafe(
        &self,
        row: &ReminderRow,
        reminder: &Reminder,
        fire: Fire,
        attempt: u32,
    ) -> Result<bool, ReminderError> {
        let now = self.clock.now();
        let done = FireDone {
            next: reminder
                .schedule
                .next_fire(now.max(fire.at))
                .map(|f| (f.at, f.local_date)),
            ..self.our_done(row, fire, attempt, FireStatus::Failed, now)
        };
        if self.finish(row, &done).await? {
            error!(reminder_id = row.id.get(), guild_id = row.guild_id.get(), date = %fire.local_date, attempt, "reminder fire given up: its first attempt was too long ago for Discord to de-duplicate a re-post, and it may have arrived");
            if reminder.wants_event() {
                self.events.spawn(row.id);
            }
        }
        Ok(false)
    }

    /// A claimed fire given up for a shutdown: due again now, for whoever starts next.
    async fn hand_back(
        &self,
        row: &ReminderRow,
        fire: Fire,
        attempt: u32,
    ) -> Result<bool, ReminderError> {
        let now = self.clock.now();
        let done = FireDone {
            retry_at: Some(now),
            next: Some((now, fire.local_date)),
            ..self.our_done(row, fire, attempt, FireStatus::Retry, now)
        };
        if !self.finish(row, &done).await? {
            return Ok(false);
        }
        info!(reminder_id = row.id.get(), guild_id = row.guild_id.get(), date = %fire.local_date, "shutting down: fire handed back for the next start");
        Ok(false)
    }

    /// Records how our claim ended; `false` (logged) when the claim was lost meanwhile: the lease
    /// ended and another claimer took the fire over, so its outcome stands and ours is dropped.
    async fn finish(&self, row: &ReminderRow, done: &FireDone) -> Result<bool, ReminderError> {
        if self.store.finish_reminder_fire(done).await? {
            return Ok(true);
        }
        warn!(
            reminder_id = row.id.get(),
            guild_id = row.guild_id.get(),
            date = %done.local_date,
            attempt = done.attempt,
            outcome = done.status.as_str(),
            "fire claim lost before it finished (lease ended, taken over); outcome not recorded"
        );
        Ok(false)
    }

    /// Posts the prompt, or opens the group lobby.
    /// How our claim on `fire` ended: nothing posted, no retry and no next fire unless the
    /// caller says so.
    fn our_done(
        &self,
        row: &ReminderRow,
        fire: Fire,
        attempt: u32,
        status: FireStatus,
        now: DateTime<Utc>,
    ) -> FireDone {
        FireDone {
            reminder_id: row.id,
            rev: row.rev,
            local_date: fire.local_date,
            claimed_by: self.instance.clone(),
            attempt,
            status,
            message_id: None,
            retry_at: None,
            next: None,
            now,
        }
    }

    /// Extends our claim on `fire` by a lease from now. A claim lost meanwhile is only logged:
    /// the send in flight cannot be taken back, and the finish will not overwrite the new
    /// claimer's outcome.
    async fn renew_claim(&self, row: &ReminderRow, fire: Fire, attempt: u32) {
        let renewal = FireRenewal {
            reminder_id: row.id,
            local_date: fire.local_date,
            claimed_by: self.instance.clone(),
            attempt,
            until: self.clock.now() + self.lease,
        };
        match self.store.renew_fire_claim(&renewal).await {
            Ok(true) => {}
            Ok(false) => {
                warn!(
                    reminder_id = row.id.get(),
                    "a group fire's claim was lost while it ran"
                )
            }
            Err(e) => {
                warn!(reminder_id = row.id.get(), error = %chain(&e), "could not renew a group fire's claim")
            }
        }
    }

    async fn deliver(&self, reminder: &Reminder, fire: Fire) -> Delivery {
        let nonce = nonces::fire(reminder.id, fire.local_date);
        let mut routine = self.routines.get(&reminder.routine_id);
        if reminder.kind == Kind::Prompt {
            match self.todays_stretch(reminder, fire.local_date).await {
                Ok(Some(picked)) => routine = Some(picked),
                Ok(None) => {}
                // Unrecorded, a retry could suggest another stretch: try again later instead.
                Err(e) => return Delivery::Transient(format!("rotation: {e}")),
            }
        }
        let mut running: Option<String> = None;
        if reminder.kind == Kind::Group {
            let request = GroupRequest {
                guild_id: reminder.guild_id,
                channel_id: reminder.channel_id,
                routine_id: reminder.routine_id.clone(),
                lobby_secs: self.lobby_secs,
                nonce: nonce.clone(),
                reminder_id: reminder.id,
                ping_role_id: reminder.ping_role_id,
                message: reminder.message.clone(),
            };
            if self.stopping.is_cancelled() {
                // The sessions are about to pause (or already refuse new ones): this process
                // cannot open the lobby, and a plain prompt instead would be a degraded fire.
                return Delivery::HandBack;
            }
            match self.group.start_group(request).await {
                Ok(GroupOutcome::Started { lobby_message_id }) => {
                    return Delivery::Posted(lobby_message_id)
                }
                Ok(GroupOutcome::AlreadyRunning { link }) => running = Some(link),
                Err(PostError::Rejected(_)) if self.stopping.is_cancelled() => {
                    // Refused because the sessions are shutting down with us ("restarting"):
                    // the next start, or another copy, opens the lobby.
                    return Delivery::HandBack;
                }
                Err(PostError::Rejected(why)) => {
                    // Sessions cannot start at all: a prompt is still better than silence.
                    warn!(reminder_id = reminder.id.get(), guild_id = reminder.guild_id.get(), error = %why, "group stretch unavailable; posting a prompt instead");
                }
                Err(e) => return classify(e),
            }
        }
        let extras = PromptExtras {
            running_session: running.as_deref(),
            test: false,
        };
        let locale = self
            .routines
            .server_locale(self.store.as_ref(), reminder.guild_id)
            .await;
        let tr = crate::i18n::Tr::new(self.routines.texts(), locale);
        let routine = self.routines.localized(routine, locale);
        let mut message = prompt::prompt_message(reminder, routine, fire.local_date, extras, tr);
        message.nonce = Some(nonce);
        match self
            .poster
            .post(Post {
                lane: Lane::Scheduled,
                channel_id: reminder.channel_id,
                message,
            })
            .await
        {
            Ok(id) => Delivery::Posted(id),
            Err(e) => classify(e),
        }
    }

    /// The stretch a prompt suggests on `local_date` ([`todays_pick`]), recording the rotation
    /// before the post so a retry suggests the same one. `None` when no stretch fits (the
    /// reminder's own routine stands in).
    async fn todays_stretch(
        &self,
        reminder: &Reminder,
        local_date: chrono::NaiveDate,
    ) -> Result<Option<&crate::content::Routine>, ReminderError> {
        let Some(pick) =
            todays_pick(self.store.as_ref(), &self.routines, reminder, local_date).await?
        else {
            return Ok(None);
        };
        if let Some(next) = &pick.changed {
            self.store
                .set_reminder_rotation(reminder.id, &next.to_text())
                .await?;
        }
        Ok(Some(pick.stretch))
    }

    /// Moves a reminder to its next occurrence after `after` without posting.
    async fn advance(
        &self,
        row: &ReminderRow,
        reminder: &Reminder,
        after: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<(), ReminderError> {
        let next = reminder
            .schedule
            .next_fire(after.max(now))
            .map(|f| (f.at, f.local_date));
        self.store.set_reminder_next(row.id, row.rev, next).await?;
        Ok(())
    }

    /// The channel is gone or closed: pause with a reason, tell the admins, never retry.
    async fn flag(
        &self,
        row: &ReminderRow,
        reminder: &Reminder,
        reason: &str,
    ) -> Result<(), ReminderError> {
        let mut new = row.clone();
        new.flagged = Some(reason.to_owned());
        new.next_fire_at = None;
        new.next_fire_date = None;
        new.updated_at = self.clock.now();
        if !self.store.update_reminder(&new).await? {
            // Edited meanwhile (perhaps to a new channel): the edit stands.
            return Ok(());
        }
        warn!(
            reminder_id = row.id.get(),
            guild_id = row.guild_id.get(),
            channel_id = row.channel_id.get(),
            reason,
            "reminder paused and flagged"
        );
        let locale = self
            .routines
            .server_locale(self.store.as_ref(), row.guild_id)
            .await;
        let tr = crate::i18n::Tr::new(self.routines.texts(), locale);
        self.notifier
            .notify(row.guild_id, prompt::flagged_notice(reminder, reason, tr))
            .await;
        if row.event_id.is_some() {
            self.events.spawn(row.id);
        }
        Ok(())
    }
}

/// 30 s, 60 s, 120 s, then every 240 s: the sending layer already retried for its own deadline.
fn retry_backoff(attempt: u32) -> Duration {
    Duration::seconds(30 << attempt.clamp(1, 4).saturating_sub(1))
}

fn classify(e: PostError) -> Delivery {
    match e {
        PostError::Gone { status, code } => Delivery::Gone(format!("{status} {code}")),
        PostError::Unavailable(d) => Delivery::Transient(d),
        PostError::RateLimitedTooLong(secs) => {
            Delivery::Transient(format!("rate limited for {secs} s"))
        }
        PostError::Rejected(d) => Delivery::Refused(d),
    }
}

#[cfg(test)]
mod unit {
    use super::*;

    #[test]
    fn backoff_grows_then_levels_off() {
        let secs: Vec<i64> = (1..=6).map(|a| retry_backoff(a).num_seconds()).collect();
        assert_eq!(secs, [30, 60, 120, 240, 240, 240]);
    }
}
