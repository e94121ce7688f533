//! [`Nudges`]: what `/nudges` and the buttons on a nudge do, and the loop that sends nudges.
//!
//! The loop is the reminders' firing in small: each due person is looked at once per pending
//! time; the nudge to send (the latest passed slot within the grace period, or a snoozed one) is
//! claimed in the store before anything is sent, sent with a nonce derived from the person and
//! the slot, and finished; the schedule then moves to the next slot. A crash mid-send leaves a
//! claim whose lease ends, and the next start takes it over and re-sends with the same nonce.
//! Discord refusing a DM (50007) pauses the person's nudges once and never retries.

use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
    time::Duration as StdDuration,
};

use chrono::{DateTime, Duration, NaiveTime, Utc};
use chrono_tz::Tz;
use tokio::{sync::Notify, task::JoinSet};
use tokio_util::sync::CancellationToken;
use tracing::{debug, info, warn};

use super::{
    input::{parse_on, parse_pause, NudgeInputError, OnInput},
    message::nudge_message,
    DmOpener, Window, DMS_CLOSED_CODE,
};
use crate::{
    buttons::NudgeAction,
    clock::SharedClock,
    content::Library,
    error::{chain, Context as _, Internal, UserMessage},
    i18n::{Arg, Locale, Texts, Tr},
    ids::{ChannelId, UserId},
    message::{full_time, OutMessage},
    nonces,
    post::{Lane, Post, PostError, Poster},
    reminders::rotation::{pool, Place},
    schedule::DaySet,
    store::{
        ClaimOutcome, FireStatus, NudgeClaim, NudgeDone, NudgeNext, NudgeOutcome, NudgeRow, Store,
    },
};

/// People read per query.
const BATCH: u32 = 256;
/// The longest the loop sleeps without looking at the store again (a change made by another
/// process, which cannot wake this one).
const MAX_NAP: StdDuration = StdDuration::from_secs(30);
/// Locales remembered per process before the memory is cleared (it only saves writes).
const MAX_SEEN: usize = 100_000;

/// The `[nudges]` settings the service runs on.
#[derive(Debug, Clone)]
pub struct NudgesConfig {
    pub grace: Duration,
    pub snooze_minutes: u32,
    pub lease: Duration,
    pub nonce_safe: Duration,
    pub max_concurrent: usize,
}

impl NudgesConfig {
    pub fn from_settings(s: &crate::config::Settings) -> Self {
        let n = &s.nudges;
        Self {
            grace: Duration::minutes(i64::from(n.grace_minutes)),
            snooze_minutes: n.snooze_minutes,
            lease: Duration::seconds(i64::from(n.claim_lease_secs)),
            nonce_safe: Duration::seconds(i64::from(n.nonce_safe_secs)),
            max_concurrent: n.max_concurrent_sends.max(1) as usize,
        }
    }
}

/// Why a `/nudges` command or a button did not do what was asked.
#[derive(Debug, thiserror::Error)]
pub enum NudgeError {
    /// The person's to fix: one sentence, in their language.
    #[error("{0}")]
    User(UserMessage),
    #[error(transparent)]
    Internal(#[from] Internal),
}

/// What one pass of the loop did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TickReport {
    /// People looked at because their pending time had come.
    pub due: usize,
    /// Nudges sent.
    pub posted: usize,
}

/// Personal nudges: share it as `Arc<Nudges>`.
pub struct Nudges {
    store: Arc<dyn Store>,
    poster: Arc<dyn Poster>,
    dms: Arc<dyn DmOpener>,
    clock: SharedClock,
    library: Arc<Library>,
    texts: Arc<Texts>,
    config: NudgesConfig,
    instance: String,
    wake: Notify,
    /// The locale last written per person, so an unchanged one costs no write.
    seen: Mutex<HashMap<UserId, Locale>>,
    /// Where Done counts as a check-in.
    checkins: Arc<crate::stats::StatsService>,
}

/// A nudge this process claimed, ready to send.
struct Claimed {
    row: NudgeRow,
    slot: DateTime<Utc>,
    snoozed: bool,
    attempt: u32,
    stretch_id: String,
    next: NudgeNext,
}

impl NudgeRow {
    /// The person's window; `None` when the stored zone is no longer known.
    pub fn window(&self) -> Option<Window> {
        let time = |m: u32| NaiveTime::from_hms_opt(m / 60, m % 60, 0);
        Some(Window {
            every_minutes: self.every_minutes,
            from: time(self.from_minute)?,
            to: time(self.to_minute)?,
            days: DaySet::from_bits(self.days)?,
            tz: self.timezone.parse().ok()?,
        })
    }
}

/// The next regular slot after `handled` (not during a holiday), or a snoozed nudge if sooner.
fn next_at(
    w: &Window,
    handled: DateTime<Utc>,
    paused_until: Option<DateTime<Utc>>,
    snooze_at: Option<DateTime<Utc>>,
) -> Option<DateTime<Utc>> {
    let regular = w.next_slot(handled, paused_until);
    match (regular, snooze_at) {
        (Some(r), Some(s)) => Some(r.min(s)),
        (r, s) => r.or(s),
    }
}

fn minutes_of(t: NaiveTime) -> u32 {
    use chrono::Timelike;
    t.hour() * 60 + t.minute()
}

/// "weekdays", "every day", or the days' short names, in the person's language.
pub fn days_text(days: DaySet, tr: Tr<'_>) -> String {
    match days {
        DaySet::EVERY_DAY => tr.t("nudges-days-every"),
        DaySet::WEEKDAYS => tr.t("nudges-days-weekdays"),
        DaySet::WEEKENDS => tr.t("nudges-days-weekends"),
        set => set
            .iter()
            .map(|d| tr.t(&format!("nudges-day-{}", d.to_string().to_lowercase())))
            .collect::<Vec<_>>()
            .join(", "),
    }
}

impl Nudges {
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        store: Arc<dyn Store>,
        poster: Arc<dyn Poster>,
        dms: Arc<dyn DmOpener>,
        clock: SharedClock,
        library: Arc<Library>,
        texts: Arc<Texts>,
        config: NudgesConfig,
        instance: String,
        checkins: Arc<crate::stats::StatsService>,
    ) -> Self {
        Self {
            store,
            poster,
            dms,
            clock,
            library,
            texts,
            config,
            instance,
            wake: Notify::new(),
            seen: Mutex::new(HashMap::new()),
            checkins,
        }
    }

    pub fn texts(&self) -> &Texts {
        &self.texts
    }

    fn window_sentence(
        &self,
        key: &str,
        w: &Window,
        extra: &[(&str, Arg<'_>)],
        tr: Tr<'_>,
    ) -> String {
        let (from, to) = (
            w.from.format("%H:%M").to_string(),
            w.to.format("%H:%M").to_string(),
        );
        let days = days_text(w.days, tr);
        let mut args = vec![
            ("every", Arg::Num(w.every_minutes.into())),
            ("from", Arg::Str(&from)),
            ("to", Arg::Str(&to)),
            ("days", Arg::Str(&days)),
            ("zone", Arg::Str(w.tz.name())),
        ];
        args.extend_from_slice(extra);
        tr.t_args(key, &args)
    }

    // ----- the person's commands -------------------------------------------------------------

    /// `/nudges on`: saves the window (nothing on a mistake) and says when the next nudge comes.
    /// `server_zone`: the zone of the server the command came from, if it has one.
    pub async fn turn_on(
        &self,
        user_id: UserId,
        input: &OnInput,
        server_zone: Option<&str>,
        tr: Tr<'_>,
    ) -> Result<String, NudgeError> {
        let existing = self
            .store
            .nudge_person(user_id)
            .await
            .internal("reading someone's nudges")?;
        let fallback: Tz = existing
            .as_ref()
            .and_then(|r| r.timezone.parse().ok())
            .or_else(|| server_zone.and_then(|z| z.parse().ok()))
            .unwrap_or(Tz::UTC);
        let w = parse_on(input, fallback).map_err(|e| user(&e, tr))?;
        let now = self.clock.now();
        let next = w.next_slot(now, None);
        let row = NudgeRow {
            user_id,
            enabled: true,
            every_minutes: w.every_minutes,
            from_minute: minutes_of(w.from),
            to_minute: minutes_of(w.to),
            days: w.days.to_bits(),
            timezone: w.tz.name().to_owned(),
            paused_until: None,
            next_at: next,
            handled_through: Some(now),
            snooze_at: None,
            dm_channel_id: None,
            dms_closed: false,
            closed_notice: false,
            rotation: 0,
            rev: 0,
            updated_at: now,
        };
        self.store
            .save_nudge_settings(&row)
            .await
            .internal("saving someone's nudges")?;
        // Their DMs speak the language they asked in (kept from now on, as for nudgers only).
        self.store
            .set_person_locale(user_id, tr.locale.code())
            .await
            .internal("recording someone's language")?;
        self.wake.notify_one();
        let next = next.map(full_time).unwrap_or_default();
        Ok(self.window_sentence("nudges-on", &w, &[("next", Arg::Str(&next))], tr))
    }

    /// `/nudges off` (and the Stop button).
    pub async fn turn_off(&self, user_id: UserId, tr: Tr<'_>) -> Result<String, NudgeError> {
        let Some(mut row) = self.enabled(user_id).await? else {
            return Ok(tr.t("nudges-off-already"));
        };
        row.enabled = false;
        row.next_at = None;
        row.snooze_at = None;
        row.paused_until = None;
        row.updated_at = self.clock.now();
        self.store
            .save_nudge_settings(&row)
            .await
            .internal("turning someone's nudges off")?;
        Ok(tr.t("nudges-off"))
    }

    /// `/nudges pause days:`: a holiday that ends by itself at local midnight.
    pub async fn pause(
        &self,
        user_id: UserId,
        days: i64,
        tr: Tr<'_>,
    ) -> Result<String, NudgeError> {
        let days = parse_pause(days).map_err(|e| user(&e, tr))?;
        let Some(mut row) = self.enabled(user_id).await? else {
            return Ok(tr.t("nudges-off-already"));
        };
        let Some(w) = row.window() else {
            return Err(Internal::bug("a stored nudge window does not parse").into());
        };
        let now = self.clock.now();
        let until = w.pause_end(now, days);
        row.paused_until = until;
        row.snooze_at = None;
        row.handled_through = Some(now);
        row.next_at = w.next_slot(now, until);
        row.updated_at = now;
        self.store
            .save_nudge_settings(&row)
            .await
            .internal("pausing someone's nudges")?;
        self.wake.notify_one();
        let (until, next) = (
            until.map(full_time).unwrap_or_default(),
            row.next_at.map(full_time).unwrap_or_default(),
        );
        Ok(tr.t_args(
            "nudges-paused",
            &[("until", Arg::Str(&until)), ("next", Arg::Str(&next))],
        ))
    }

    /// `/nudges status`.
    pub async fn status(&self, user_id: UserId, tr: Tr<'_>) -> Result<String, NudgeError> {
        let row = self
            .store
            .nudge_person(user_id)
            .await
            .internal("reading someone's nudges")?;
        let Some(row) = row.filter(|r| r.enabled) else {
            return Ok(tr.t("nudges-status-off"));
        };
        if row.dms_closed {
            return Ok(tr.t("nudges-status-closed"));
        }
        let Some(w) = row.window() else {
            return Err(Internal::bug("a stored nudge window does not parse").into());
        };
        let now = self.clock.now();
        let next = next_at(
            &w,
            row.handled_through.unwrap_or(now).max(now),
            row.paused_until,
            row.snooze_at,
        )
        .map(full_time)
        .unwrap_or_default();
        match row.paused_until.filter(|p| *p > now) {
            Some(until) => Ok(self.window_sentence(
                "nudges-status-paused",
                &w,
                &[
                    ("until", Arg::Str(&full_time(until))),
                    ("next", Arg::Str(&next)),
                ],
                tr,
            )),
            None => {
                Ok(self.window_sentence("nudges-status-on", &w, &[("next", Arg::Str(&next))], tr))
            }
        }
    }

    async fn enabled(&self, user_id: UserId) -> Result<Option<NudgeRow>, NudgeError> {
        Ok(self
            .store
            .nudge_person(user_id)
            .await
            .internal("reading someone's nudges")?
            .filter(|r| r.enabled))
    }

    // ----- buttons on a nudge ----------------------------------------------------------------

    /// A button pressed on the nudge of `slot` (Unix seconds): the answer, for the presser only.
    pub async fn press(
        &self,
        user_id: UserId,
        action: NudgeAction,
        slot: i64,
        tr: Tr<'_>,
    ) -> Result<String, NudgeError> {
        let Some(slot) = DateTime::from_timestamp(slot, 0) else {
            return Ok(tr.t("nudge-gone"));
        };
        match action {
            NudgeAction::Stop => {
                // Already off (a second press): the same answer, which says how to turn them on.
                self.turn_off(user_id, tr).await?;
                Ok(tr.t("nudge-stopped"))
            }
            NudgeAction::Done => {
                if !self.record(user_id, slot, NudgeOutcome::Done).await? {
                    return Ok(tr.t("nudge-gone"));
                }
                let minutes = self.stretch_minutes(user_id, slot).await?;
                let source = crate::store::CheckinSource::Nudge {
                    slot: slot.timestamp().to_string(),
                };
                let checked = self
                    .checkins
                    .check_in(user_id, None, source, minutes)
                    .await
                    .internal("checking in on Done")?;
                Ok(tr.t_args(
                    "nudge-thanks-streak",
                    &[("streak", crate::i18n::Arg::Num(i64::from(checked.streak)))],
                ))
            }
            NudgeAction::Skip => {
                if !self.record(user_id, slot, NudgeOutcome::Skipped).await? {
                    return Ok(tr.t("nudge-gone"));
                }
                Ok(tr.t("nudge-skipped"))
            }
            NudgeAction::Snooze => self.snooze(user_id, slot, tr).await,
        }
    }

    async fn record(
        &self,
        user_id: UserId,
        slot: DateTime<Utc>,
        outcome: NudgeOutcome,
    ) -> Result<bool, NudgeError> {
        Ok(self
            .store
            .set_nudge_outcome(user_id, slot, outcome)
            .await
            .internal("recording a nudge's answer")?)
    }

    /// The minutes the nudged stretch takes, for the check-in; 1 if it left the library.
    async fn stretch_minutes(
        &self,
        user_id: UserId,
        slot: DateTime<Utc>,
    ) -> Result<u32, NudgeError> {
        let fire = self
            .store
            .nudge_fire(user_id, slot)
            .await
            .internal("reading a nudge's stretch")?;
        Ok(fire
            .and_then(|f| self.library.get(&f.stretch_id).map(|r| r.tags.minutes))
            .unwrap_or(1)
            .max(1))
    }

    /// Moves that one nudge `snooze_minutes` later, never past the end of its window.
    async fn snooze(
        &self,
        user_id: UserId,
        slot: DateTime<Utc>,
        tr: Tr<'_>,
    ) -> Result<String, NudgeError> {
        let Some(mut row) = self.enabled(user_id).await? else {
            return Ok(tr.t("nudge-gone"));
        };
        if row.dms_closed {
            return Ok(tr.t("nudge-gone"));
        }
        let Some(w) = row.window() else {
            return Err(Internal::bug("a stored nudge window does not parse").into());
        };
        // One snooze at a time: a second would silently replace the first.
        if let Some(pending) = row.snooze_at {
            return Ok(tr.t_args(
                "nudge-snooze-pending",
                &[("at", Arg::Str(&full_time(pending)))],
            ));
        }
        let now = self.clock.now();
        let by = Duration::minutes(i64::from(self.config.snooze_minutes));
        let Some(at) = w.snooze(slot, now, by) else {
            return Ok(tr.t("nudge-snooze-late"));
        };
        if !self.record(user_id, slot, NudgeOutcome::Snoozed).await? {
            return Ok(tr.t("nudge-gone"));
        }
        row.snooze_at = Some(at);
        row.next_at = next_at(
            &w,
            row.handled_through.unwrap_or(now),
            row.paused_until,
            Some(at),
        );
        row.updated_at = now;
        self.store
            .save_nudge_settings(&row)
            .await
            .internal("snoozing a nudge")?;
        self.wake.notify_one();
        Ok(tr.t_args("nudge-snoozed", &[("at", Arg::Str(&full_time(at)))]))
    }

    // ----- what every interaction does ------------------------------------------------------

    /// Remembers the locale of the person's interaction, writing it only when it changed.
    pub async fn seen(&self, user_id: UserId, locale: Locale) {
        {
            let seen = self.seen.lock().unwrap_or_else(|p| p.into_inner());
            if seen.get(&user_id) == Some(&locale) {
                return;
            }
        }
        match self.store.set_person_locale(user_id, locale.code()).await {
            // Someone without nudges: nothing kept, and asked again next time.
            Ok(false) => {}
            Ok(true) => {
                let mut seen = self.seen.lock().unwrap_or_else(|p| p.into_inner());
                if seen.len() >= MAX_SEEN {
                    seen.clear();
                }
                seen.insert(user_id, locale);
            }
            Err(e) => warn!(error = %chain(&e), "could not record someone's locale"),
        }
    }

    /// The line that tells a person, once, why their nudges stopped (Discord refused our DMs).
    pub async fn take_notice(&self, user_id: UserId, tr: Tr<'_>) -> Option<String> {
        match self.store.take_nudge_notice(user_id).await {
            Ok(true) => Some(tr.t("nudges-closed-notice")),
            Ok(false) => None,
            Err(e) => {
                warn!(error = %chain(&e), "could not read someone's nudge notice");
                None
            }
        }
    }

    // ----- the loop --------------------------------------------------------------------------

    /// Wakes the loop (settings changed).
    pub fn wake(&self) {
        self.wake.notify_one();
    }

    /// Sends nudges until `shutdown`, while `acting()` says this process owns shard 0 (DMs belong
    /// to shard 0 at Discord, and only one process may send nudges).
    pub async fn run(
        self: Arc<Self>,
        shutdown: CancellationToken,
        acting: Arc<dyn Fn() -> bool + Send + Sync>,
    ) {
        info!("nudge loop started");
        let mut failures = 0u32;
        loop {
            let nap = if acting() {
                match self.tick_until(&shutdown).await {
                    Ok(_) => {
                        failures = 0;
                        match self.store.earliest_nudge().await {
                            Ok(next) => nap_until(next, self.clock.now()),
                            Err(e) => {
                                warn!(error = %chain(&e), "could not read the next nudge");
                                MAX_NAP
                            }
                        }
                    }
                    Err(e) => {
                        failures += 1;
                        warn!(error = %chain(&e), failures, "nudge pass failed; retrying");
                        StdDuration::from_secs(u64::from(failures.min(6)) * 5)
                    }
                }
            } else {
                StdDuration::from_secs(5)
            };
            tokio::select! {
                () = shutdown.cancelled() => break,
                () = self.wake.notified() => {}
                () = tokio::time::sleep(nap) => {}
            }
        }
        info!("nudge loop stopped");
    }

    /// One pass: sends every nudge due now and waits for the sends.
    pub async fn tick(self: &Arc<Self>) -> Result<TickReport, Internal> {
        self.tick_until(&CancellationToken::new()).await
    }

    async fn tick_until(
        self: &Arc<Self>,
        stop: &CancellationToken,
    ) -> Result<TickReport, Internal> {
        let mut report = TickReport::default();
        let slots = Arc::new(tokio::sync::Semaphore::new(self.config.max_concurrent));
        let mut sends = JoinSet::new();
        // A claim that fails leaves its person due: this pass ends after its batch, and the
        // loop backs off, rather than reading the same rows again at once.
        let mut unclaimable: Option<Internal> = None;
        loop {
            if stop.is_cancelled() || unclaimable.is_some() {
                break;
            }
            let due = self
                .store
                .due_nudges(self.clock.now(), BATCH)
                .await
                .internal("reading due nudges")?;
            if due.is_empty() {
                break;
            }
            for row in due {
                report.due += 1;
                let claimed = match self.claim(row).await {
                    Ok(Some(c)) => c,
                    Ok(None) => continue,
                    Err(e) => {
                        warn!(error = %chain(&e), "could not claim a nudge; will look again");
                        unclaimable = Some(e);
                        continue;
                    }
                };
                let permit = slots
                    .clone()
                    .acquire_owned()
                    .await
                    .map_err(|e| Internal::new("nudge send slots", e))?;
                let me = self.clone();
                sends.spawn(async move {
                    let _slot = permit;
                    me.deliver(claimed).await
                });
                // Finished sends free their slot; count them as they end.
                while let Some(done) = sends.try_join_next() {
                    report.posted += usize::from(done.unwrap_or(false));
                }
            }
        }
        while let Some(done) = sends.join_next().await {
            report.posted += usize::from(done.unwrap_or(false));
        }
        match unclaimable {
            Some(e) => Err(e),
            None => Ok(report),
        }
    }

    /// Decides what a due person needs; claims the nudge to send, or moves the schedule on.
    async fn claim(&self, row: NudgeRow) -> Result<Option<Claimed>, Internal> {
        let now = self.clock.now();
        let Some(w) = row.window() else {
            warn!(user_id = row.user_id.get(), timezone = %row.timezone, "a person's nudge window no longer parses (an unknown zone?); not sent until they choose again");
            self.store
                .set_nudge_next(&NudgeNext {
                    user_id: row.user_id,
                    rev: row.rev,
                    handled_through: row.handled_through,
                    snooze_at: None,
                    next_at: None,
                })
                .await
                .internal("disarming a person's nudges")?;
            return Ok(None);
        };
        let grace = self.config.grace;
        let paused = |at: DateTime<Utc>| row.paused_until.is_some_and(|p| at < p);
        let mut snooze = row.snooze_at;
        let mut handled = row.handled_through.unwrap_or(now);
        let mut pick: Option<(DateTime<Utc>, bool)> = None;
        if let Some(s) = snooze.filter(|s| *s <= now) {
            if now - s <= grace && !paused(s) {
                pick = Some((s, true));
            } else {
                snooze = None;
            }
        }
        if pick.is_none() {
            let due = w.due(handled, now, grace);
            if due.skipped > 0 {
                info!(
                    user_id = row.user_id.get(),
                    skipped = due.skipped,
                    "nudges missed while the bot was down (or paused): skipped"
                );
            }
            if let Some(through) = due.handled_through {
                handled = through;
            }
            pick = due.post.filter(|s| !paused(*s)).map(|s| (s, false));
        }
        let Some((slot, snoozed)) = pick else {
            let next = NudgeNext {
                user_id: row.user_id,
                rev: row.rev,
                handled_through: Some(handled),
                snooze_at: snooze,
                next_at: next_at(&w, handled.max(now), row.paused_until, snooze),
            };
            self.store
                .set_nudge_next(&next)
                .await
                .internal("moving a person's nudges on")?;
            return Ok(None);
        };
        // Where the schedule goes once this nudge is settled.
        let next = if snoozed {
            NudgeNext {
                user_id: row.user_id,
                rev: row.rev,
                handled_through: Some(handled),
                snooze_at: None,
                next_at: next_at(&w, handled.max(slot), row.paused_until, None),
            }
        } else {
            let later_snooze = snooze.filter(|s| *s > slot);
            NudgeNext {
                user_id: row.user_id,
                rev: row.rev,
                handled_through: Some(slot),
                snooze_at: later_snooze,
                next_at: next_at(&w, slot, row.paused_until, later_snooze),
            }
        };
        let stretch_id = self.stretch_for(&row);
        let claim = NudgeClaim {
            user_id: row.user_id,
            rev: row.rev,
            slot_at: slot,
            now,
            lease_until: now + self.config.lease,
            instance: self.instance.clone(),
            stretch_id: stretch_id.clone(),
        };
        match self
            .store
            .claim_nudge_fire(&claim)
            .await
            .internal("claiming a nudge")?
        {
            ClaimOutcome::Claimed {
                attempt,
                first_claimed_at,
            } => {
                if attempt > 1 && now - first_claimed_at > self.config.nonce_safe {
                    // Discord may have forgotten the nonce: a re-send could post it twice.
                    warn!(
                        user_id = row.user_id.get(),
                        attempt,
                        "a nudge's first attempt was too long ago to re-send safely; given up"
                    );
                    self.finish(&row, slot, attempt, FireStatus::Failed, None, next, false)
                        .await?;
                    return Ok(None);
                }
                Ok(Some(Claimed {
                    row,
                    slot,
                    snoozed,
                    attempt,
                    stretch_id,
                    next,
                }))
            }
            ClaimOutcome::Settled(status) => {
                debug!(
                    user_id = row.user_id.get(),
                    status = status.as_str(),
                    "nudge already settled"
                );
                self.store
                    .set_nudge_next(&next)
                    .await
                    .internal("moving a person's nudges on")?;
                Ok(None)
            }
            ClaimOutcome::Busy | ClaimOutcome::Stale => Ok(None),
        }
    }

    /// The stretch the person's next nudge suggests: desk stretches, in turn.
    fn stretch_for(&self, row: &NudgeRow) -> String {
        let stretches = pool(&self.library, Place::Desk);
        let stretches = if stretches.is_empty() {
            pool(&self.library, Place::Any)
        } else {
            stretches
        };
        if stretches.is_empty() {
            return String::new();
        }
        // Spread people over the pool, so not everyone gets the same stretch at once.
        let offset = (row.user_id.get() % stretches.len() as u64) as usize;
        stretches[(offset + row.rotation as usize) % stretches.len()].clone()
    }

    /// Sends a claimed nudge and records the outcome; `true` if it was sent.
    async fn deliver(&self, c: Claimed) -> bool {
        let user_id = c.row.user_id;
        match self.try_deliver(&c).await {
            Ok(sent) => sent,
            Err(e) => {
                // The claim stays until its lease ends; then the next pass takes it over.
                warn!(user_id = user_id.get(), error = %chain(&e), "nudge send failed; will retry");
                false
            }
        }
    }

    async fn try_deliver(&self, c: &Claimed) -> Result<bool, Internal> {
        let user_id = c.row.user_id;
        let locale = self
            .store
            .person_locale(user_id)
            .await
            .internal("reading someone's locale")?
            .and_then(|code| Locale::parse(&code))
            .unwrap_or(Locale::EnUs);
        let Some(stretch) = self.library.get_in(&c.stretch_id, locale) else {
            warn!(user_id = user_id.get(), stretch = %c.stretch_id, "no stretch to suggest; nudge not sent");
            self.give_up(c).await?;
            return Ok(false);
        };
        let tr = Tr::new(&self.texts, locale);
        let mut message: OutMessage =
            nudge_message(stretch, c.slot, self.config.snooze_minutes, tr);
        message.nonce = Some(nonces::nudge(user_id, c.slot));
        let sent = match self.dm_channel(&c.row).await {
            Ok(channel_id) => {
                self.poster
                    .post(Post {
                        lane: Lane::Background,
                        channel_id,
                        message,
                    })
                    .await
            }
            Err(e) => Err(e),
        };
        match sent {
            Ok(message_id) => {
                debug!(user_id = user_id.get(), snoozed = c.snoozed, "nudge sent");
                self.finish(
                    &c.row,
                    c.slot,
                    c.attempt,
                    FireStatus::Posted,
                    message_id,
                    c.next.clone(),
                    true,
                )
                .await?;
                Ok(true)
            }
            Err(e @ (PostError::Gone { .. } | PostError::Rejected(_))) => {
                if matches!(e, PostError::Gone { code, .. } if code == DMS_CLOSED_CODE) {
                    if self
                        .store
                        .close_nudge_dms(user_id)
                        .await
                        .internal("pausing the nudges of someone with closed DMs")?
                    {
                        warn!(user_id = user_id.get(), "Discord refused a nudge (the person's DMs are closed, 50007); their nudges are paused until they turn them on again");
                    }
                } else {
                    warn!(user_id = user_id.get(), error = %e, "a nudge was refused; not retried");
                }
                self.give_up(c).await?;
                Ok(false)
            }
            Err(e) => {
                // Transient: the claim's lease ends, and the next pass re-sends with the same nonce
                // while the slot is within the grace period.
                warn!(user_id = user_id.get(), error = %e, attempt = c.attempt, "a nudge could not be sent; will retry after the claim's lease");
                Ok(false)
            }
        }
    }

    /// The person's DM channel, opened once and kept.
    async fn dm_channel(&self, row: &NudgeRow) -> Result<ChannelId, PostError> {
        if let Some(c) = row.dm_channel_id {
            return Ok(c);
        }
        let channel = self.dms.open_dm(row.user_id).await?;
        if let Err(e) = self.store.set_nudge_dm_channel(row.user_id, channel).await {
            warn!(error = %chain(&e), "could not keep a DM channel id; it is opened again next time");
        }
        Ok(channel)
    }

    /// Settles a claimed nudge as failed: not sent and not retried; the person's next nudge
    /// comes as planned.
    async fn give_up(&self, c: &Claimed) -> Result<(), Internal> {
        self.finish(
            &c.row,
            c.slot,
            c.attempt,
            FireStatus::Failed,
            None,
            c.next.clone(),
            false,
        )
        .await
    }

    #[allow(clippy::too_many_arguments)]
    async fn finish(
        &self,
        row: &NudgeRow,
        slot: DateTime<Utc>,
        attempt: u32,
        status: FireStatus,
        message_id: Option<crate::ids::MessageId>,
        next: NudgeNext,
        posted: bool,
    ) -> Result<(), Internal> {
        let done = NudgeDone {
            user_id: row.user_id,
            slot_at: slot,
            claimed_by: self.instance.clone(),
            attempt,
            status,
            message_id,
            next,
            posted,
            now: self.clock.now(),
        };
        if !self
            .store
            .finish_nudge_fire(&done)
            .await
            .internal("recording a nudge")?
        {
            warn!(
                user_id = row.user_id.get(),
                "a nudge's claim was lost before it finished (lease ended); outcome not recorded"
            );
        }
        Ok(())
    }
}

fn user(e: &NudgeInputError, tr: Tr<'_>) -> NudgeError {
    NudgeError::User(UserMessage::new(e.sentence(tr)))
}

fn nap_until(next: Option<DateTime<Utc>>, now: DateTime<Utc>) -> StdDuration {
    next.map_or(MAX_NAP, |at| {
        (at - now)
            .to_std()
            .unwrap_or(StdDuration::ZERO)
            .min(MAX_NAP)
    })
}
