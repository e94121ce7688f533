//! [`ReminderService`]: the operations behind `/reminders`, and the one firing loop.

use std::{
    collections::HashMap,
    sync::{Arc, Mutex, Weak},
    time::Duration as StdDuration,
};

use chrono::{DateTime, Duration, NaiveDate, Utc};
use chrono_tz::Tz;
use rand::{distributions::Alphanumeric, Rng};
use tokio::{sync::Notify, task::JoinSet};
use tokio_cron_scheduler::{Job, JobScheduler};
use tokio_util::{sync::CancellationToken, task::TaskTracker};
use tracing::{debug, error, info, warn};

use super::{
    model::{say, GuildView, Kind, Reminder, ReminderOptions},
    prompt::{self, PromptExtras},
    AdminNotifier, EventError, EventsPort, GroupOutcome, GroupRequest, GroupStarter, LogNotifier,
    ReminderError,
};
use crate::{
    clock::SharedClock,
    config::{DataConfig, RemindersConfig, Settings, MAX_GRACE_SECS},
    content::{Library, Routine},
    message::OutMessage,
    post::{Lane, MessageId, PostError, Poster},
    schedule::{
        catch_up, parse_days, parse_time_of_day, parse_timezone, sanitize_custom_message, DaySet,
        Fire, Schedule,
    },
    store::{ClaimOutcome, FireClaim, FireDone, FireStatus, ReminderRow, Store},
};

/// The longest the loop sleeps without looking at the clock again. Bounds the effect of a
/// wall-clock step (NTP, a suspended host) and notices reminders added by another instance.
pub const MAX_NAP: StdDuration = StdDuration::from_secs(30);

/// How long a claimer owns a fire before another instance may take it over. Shorter than
/// Discord's nonce memory (a few minutes), so a take-over's re-post is still de-duplicated.
pub const CLAIM_LEASE: Duration = Duration::seconds(60);

/// Due reminders read per query; each batch is fired before the next is read.
const BATCH: u32 = 256;

/// The most batches one tick fires before it lets the loop look at its signals again.
const MAX_BATCHES_PER_TICK: usize = 64;

/// A grace period shorter than this would make even an on-time fire "too late" after a
/// scheduling hiccup of a few seconds.
const MIN_GRACE: Duration = Duration::seconds(60);

/// How long `/reminders test` waits for its post before answering the interaction (which must
/// be answered within 3 s); the post carries on after that.
const TEST_REPLY_WAIT: StdDuration = StdDuration::from_millis(2000);

/// Fire records older than this are deleted: they only guard against duplicates for a day.
const FIRE_RECORDS_KEPT_DAYS: i64 = 35;

/// Settings the service needs, from `[reminders]`, `[data]` and `[content]`.
#[derive(Debug, Clone)]
pub struct ServiceConfig {
    pub default_timezone: Tz,
    pub max_per_server: u32,
    pub grace: Duration,
    pub group_lobby_secs: u32,
    pub max_concurrent_fires: usize,
    pub retention_days: u32,
    /// The routine prompts invite to (`content.default_routine`).
    pub default_routine: String,
}

impl ServiceConfig {
    pub fn new(reminders: &RemindersConfig, data: &DataConfig, default_routine: &str) -> Self {
        Self {
            // Config validation already refused an unknown zone; UTC only guards hand-made configs.
            default_timezone: reminders.default_timezone.parse().unwrap_or(Tz::UTC),
            max_per_server: reminders.max_per_server,
            grace: grace(reminders.grace_secs),
            group_lobby_secs: reminders.group_lobby_secs,
            max_concurrent_fires: reminders.max_concurrent_fires.max(1) as usize,
            retention_days: data.retention_days,
            default_routine: default_routine.to_owned(),
        }
    }

    pub fn from_settings(s: &Settings) -> Self {
        Self::new(&s.reminders, &s.data, &s.content.default_routine)
    }
}

/// `reminders.grace_secs` as a duration. Config validation refuses more than [`MAX_GRACE_SECS`];
/// a hand-made config gets the same bound here instead of an overflow.
fn grace(secs: u64) -> Duration {
    let max = Duration::seconds(MAX_GRACE_SECS as i64);
    i64::try_from(secs)
        .ok()
        .and_then(Duration::try_seconds)
        .map_or(max, |d| d.clamp(MIN_GRACE, max))
}

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

/// The answer to `/reminders test`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TestOutcome {
    Posted {
        message_id: MessageId,
    },
    /// Still sending when the interaction had to be answered; it carries on.
    Pending,
}

/// What `/reminders skip` did.
#[derive(Debug, Clone, PartialEq)]
pub struct Skipped {
    pub reminder: Reminder,
    pub skipped: Fire,
}

/// How one fire went, for the loop's bookkeeping.
enum Delivery {
    Posted(MessageId),
    Gone(String),
    Transient(String),
    Refused(String),
}

/// Daily prompts and scheduled group stretches: the `/reminders` operations and the loop that
/// fires them. Share it as `Arc<ReminderService>`; start [`ReminderService::run`] once.
pub struct ReminderService {
    store: Arc<dyn Store>,
    poster: Arc<dyn Poster>,
    clock: SharedClock,
    library: Arc<Library>,
    config: ServiceConfig,
    group: Arc<dyn GroupStarter>,
    events: Arc<dyn EventsPort>,
    notifier: Arc<dyn AdminNotifier>,
    /// Wakes the loop when reminders change.
    wake: Notify,
    /// Names this process in fire records and logs.
    instance: String,
    /// Background work started by operations (event syncs, slow test posts).
    tasks: TaskTracker,
    /// One event sync at a time per reminder, so two syncs never create two events.
    event_locks: Mutex<HashMap<u64, Arc<tokio::sync::Mutex<()>>>>,
    /// Cancelled when [`ReminderService::run`]'s shutdown is: fires in flight hand their claim
    /// back instead of leaving it locked for [`CLAIM_LEASE`] (see `deliver_claimed`).
    stopping: CancellationToken,
}

impl std::fmt::Debug for ReminderService {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ReminderService")
            .field("instance", &self.instance)
            .finish()
    }
}

impl ReminderService {
    pub fn new(
        store: Arc<dyn Store>,
        poster: Arc<dyn Poster>,
        clock: SharedClock,
        library: Arc<Library>,
        config: ServiceConfig,
        group: Arc<dyn GroupStarter>,
        events: Arc<dyn EventsPort>,
    ) -> Self {
        let instance = random_text(8);
        Self {
            store,
            poster,
            clock,
            library,
            config,
            group,
            events,
            notifier: Arc::new(LogNotifier),
            wake: Notify::new(),
            instance,
            tasks: TaskTracker::new(),
            event_locks: Mutex::new(HashMap::new()),
            stopping: CancellationToken::new(),
        }
    }

    /// Where notices about reminders the bot paused on its own go (default: the log only).
    pub fn with_notifier(mut self, notifier: Arc<dyn AdminNotifier>) -> Self {
        self.notifier = notifier;
        self
    }

    pub fn config(&self) -> &ServiceConfig {
        &self.config
    }

    /// Wakes the firing loop to look at the reminders again.
    pub fn wake(&self) {
        self.wake.notify_one();
    }

    /// Waits until background work started by operations (event syncs) is done. For tests and
    /// for shutdown.
    pub async fn idle(&self) {
        self.tasks.close();
        self.tasks.wait().await;
        self.tasks.reopen();
    }

    // ----- operations ------------------------------------------------------------------------

    /// The server's default zone for new reminders.
    pub async fn guild_timezone(&self, guild_id: u64) -> Result<Tz, ReminderError> {
        let stored = self.store.guild_timezone(guild_id).await?;
        Ok(stored
            .and_then(|name| name.parse().ok())
            .unwrap_or(self.config.default_timezone))
    }

    /// Sets the server's default zone; existing reminders keep their own.
    pub async fn set_timezone(&self, guild_id: u64, zone: &str) -> Result<Tz, ReminderError> {
        let tz = parse_timezone(zone)?;
        self.store.set_guild_timezone(guild_id, tz.name()).await?;
        info!(guild_id, timezone = tz.name(), "server time zone set");
        Ok(tz)
    }

    /// `/reminders add`. Everything is checked before anything is saved.
    pub async fn add(
        self: &Arc<Self>,
        guild_id: u64,
        options: ReminderOptions,
        guild: &dyn GuildView,
    ) -> Result<Reminder, ReminderError> {
        let existing = self.store.guild_reminders(guild_id).await?.len();
        if existing >= self.config.max_per_server as usize {
            return Err(ReminderError::User(say::too_many(
                self.config.max_per_server,
            )));
        }
        let time = parse_time_of_day(options.time.as_deref().unwrap_or(""))?;
        let days = match options.days.as_deref() {
            Some(d) => parse_days(d)?,
            None => DaySet::EVERY_DAY,
        };
        let tz = match options.timezone.as_deref() {
            Some(z) => parse_timezone(z)?,
            None => self.guild_timezone(guild_id).await?,
        };
        let message = clean_message(options.message.as_deref())?;
        let kind = options.kind.unwrap_or_default();
        let event_enabled = event_choice(kind, options.event, guild)?;
        let channel_id = options
            .channel_id
            .ok_or_else(|| ReminderError::User(say::NO_CHANNEL.to_owned()))?;
        let channel_name = check_channel(channel_id, guild)?;
        if let Some(role) = options.ping_role_id {
            check_role(guild_id, role, guild)?;
        }
        let routine_id = self.default_routine()?.id.clone();
        let schedule = Schedule { time, days, tz };
        let now = self.clock.now();
        let next = schedule.next_fire(now);
        let row = ReminderRow {
            id: 0,
            guild_id,
            number: 0,
            channel_id,
            channel_name,
            time_of_day: time.format("%H:%M").to_string(),
            days: days.to_bits(),
            timezone: tz.name().to_owned(),
            kind: kind.as_str().to_owned(),
            message,
            ping_role_id: options.ping_role_id,
            routine_id,
            event_enabled,
            event_id: None,
            paused: false,
            flagged: None,
            stopped: false,
            next_fire_at: next.map(|f| f.at),
            next_fire_date: next.map(|f| f.local_date),
            rev: 1,
            created_at: now,
            updated_at: now,
        };
        let Some(saved) = self
            .store
            .insert_reminder(&row, self.config.max_per_server)
            .await?
        else {
            return Err(ReminderError::User(say::too_many(
                self.config.max_per_server,
            )));
        };
        let reminder = parse(&saved)?;
        info!(reminder_id = saved.id, guild_id, number = saved.number, kind = %kind, "reminder added");
        self.wake();
        if reminder.wants_event() {
            self.spawn_event_sync(reminder.id);
        }
        Ok(reminder)
    }

    /// `/reminders list`: the server's reminders, by number.
    pub async fn list(&self, guild_id: u64) -> Result<Vec<Reminder>, ReminderError> {
        let rows = self.store.guild_reminders(guild_id).await?;
        let mut out = Vec::with_capacity(rows.len());
        for row in &rows {
            match Reminder::from_row(row) {
                Ok(r) => out.push(r),
                Err(e) => {
                    error!(reminder_id = row.id, guild_id, error = %e, "corrupt reminder row")
                }
            }
        }
        Ok(out)
    }

    /// The `/reminders list` reply.
    pub async fn list_message(&self, guild_id: u64) -> Result<OutMessage, ReminderError> {
        let reminders = self.list(guild_id).await?;
        Ok(prompt::list_message(
            &reminders,
            self.config.max_per_server,
            self.clock.now(),
        ))
    }

    /// `/reminders edit`: any option of `add`. A new channel also clears a flag.
    pub async fn edit(
        self: &Arc<Self>,
        guild_id: u64,
        number: u32,
        options: ReminderOptions,
        guild: &dyn GuildView,
    ) -> Result<Reminder, ReminderError> {
        if options == ReminderOptions::default() {
            return Err(ReminderError::User(say::EDIT_NOTHING.to_owned()));
        }
        // Validate the options first: a bad value must say so even if the id is wrong too.
        let time = options.time.as_deref().map(parse_time_of_day).transpose()?;
        let days = options.days.as_deref().map(parse_days).transpose()?;
        let tz = options
            .timezone
            .as_deref()
            .map(parse_timezone)
            .transpose()?;
        let message = match options.message.as_deref() {
            Some(m) => Some(clean_message(Some(m))?),
            None => None,
        };
        let channel = match options.channel_id {
            Some(id) => Some((id, check_channel(id, guild)?)),
            None => None,
        };
        if let Some(role) = options.ping_role_id {
            check_role(guild_id, role, guild)?;
        }
        for _ in 0..3 {
            let row = self.find(guild_id, number).await?;
            let current = parse(&row)?;
            let kind = options.kind.unwrap_or(current.kind);
            let event_enabled = match options.event {
                Some(asked) => event_choice(kind, Some(asked), guild)?,
                None if kind == Kind::Prompt => false,
                None if current.kind == Kind::Group => current.event_enabled,
                // Becoming a group reminder: the same default as when adding one.
                None => event_choice(kind, None, guild)?,
            };
            let mut new = row.clone();
            let schedule = Schedule {
                time: time.unwrap_or(current.schedule.time),
                days: days.unwrap_or(current.schedule.days),
                tz: tz.unwrap_or(current.schedule.tz),
            };
            new.time_of_day = schedule.time.format("%H:%M").to_string();
            new.days = schedule.days.to_bits();
            new.timezone = schedule.tz.name().to_owned();
            new.kind = kind.as_str().to_owned();
            new.event_enabled = event_enabled;
            if let Some(m) = &message {
                new.message = m.clone();
            }
            if options.clear_message {
                new.message = None;
            }
            if let Some(role) = options.ping_role_id {
                new.ping_role_id = Some(role);
            }
            if options.clear_ping_role {
                new.ping_role_id = None;
            }
            if let Some((id, name)) = &channel {
                new.channel_id = *id;
                new.channel_name = name.clone();
                // The new channel was just checked: whatever made the old one fail is moot.
                new.flagged = None;
            }
            let now = self.clock.now();
            new.updated_at = now;
            let next = if new.paused || new.flagged.is_some() || new.stopped {
                None
            } else {
                schedule.next_fire(now)
            };
            new.next_fire_at = next.map(|f| f.at);
            new.next_fire_date = next.map(|f| f.local_date);
            if self.store.update_reminder(&new).await? {
                new.rev += 1;
                let reminder = parse(&new)?;
                info!(reminder_id = new.id, guild_id, number, "reminder edited");
                self.wake();
                if reminder.wants_event() || reminder.event_id.is_some() {
                    self.spawn_event_sync(reminder.id);
                }
                return Ok(reminder);
            }
        }
        Err(ReminderError::User(say::CHANGED_MEANWHILE.to_owned()))
    }

    /// `/reminders remove`: deletes the reminder and its server event.
    pub async fn remove(
        self: &Arc<Self>,
        guild_id: u64,
        number: u32,
    ) -> Result<Reminder, ReminderError> {
        let row = self.find(guild_id, number).await?;
        self.store.delete_reminder(row.id).await?;
        info!(reminder_id = row.id, guild_id, number, "reminder removed");
        if let Some(event_id) = row.event_id {
            let me = self.clone();
            let guild = row.guild_id;
            let lock = self.event_lock(row.id);
            self.tasks.spawn(async move {
                let _held = lock.lock().await;
                me.delete_event(row.id, guild, event_id).await;
            });
        }
        self.wake();
        parse(&row)
    }

    /// `/reminders pause`.
    pub async fn pause(
        self: &Arc<Self>,
        guild_id: u64,
        number: u32,
    ) -> Result<Reminder, ReminderError> {
        self.change(guild_id, number, |row, _| {
            row.paused = true;
            row.next_fire_at = None;
            row.next_fire_date = None;
            Ok(())
        })
        .await
    }

    /// `/reminders resume`: also clears a flag and a stop, once the channel checks out again.
    pub async fn resume(
        self: &Arc<Self>,
        guild_id: u64,
        number: u32,
        guild: &dyn GuildView,
    ) -> Result<Reminder, ReminderError> {
        let row = self.find(guild_id, number).await?;
        if guild.channel(row.channel_id).is_none() {
            return Err(ReminderError::User(say::channel_gone(number)));
        }
        check_channel(row.channel_id, guild)?;
        self.change(guild_id, number, |row, now| {
            row.paused = false;
            row.flagged = None;
            row.stopped = false;
            let schedule = parse(row)?.schedule;
            let next = schedule.next_fire(now);
            row.next_fire_at = next.map(|f| f.at);
            row.next_fire_date = next.map(|f| f.local_date);
            Ok(())
        })
        .await
    }

    /// `/reminders skip`: the next occurrence only.
    pub async fn skip(
        self: &Arc<Self>,
        guild_id: u64,
        number: u32,
    ) -> Result<Skipped, ReminderError> {
        for _ in 0..3 {
            let row = self.find(guild_id, number).await?;
            let current = parse(&row)?;
            let now = self.clock.now();
            let Some(skipped) = current.upcoming(now) else {
                return Err(ReminderError::User(say::nothing_to_skip(number)));
            };
            let next = current.schedule.next_fire(skipped.at);
            let mut new = row.clone();
            new.next_fire_at = next.map(|f| f.at);
            new.next_fire_date = next.map(|f| f.local_date);
            new.updated_at = now;
            if self
                .store
                .skip_reminder_fire(&new, skipped.local_date, now)
                .await?
            {
                new.rev += 1;
                let reminder = parse(&new)?;
                info!(reminder_id = new.id, guild_id, number, date = %skipped.local_date, "next occurrence skipped");
                self.wake();
                if reminder.wants_event() {
                    self.spawn_event_sync(reminder.id);
                }
                return Ok(Skipped { reminder, skipped });
            }
        }
        Err(ReminderError::User(say::CHANGED_MEANWHILE.to_owned()))
    }

    /// `/reminders test`: posts the prompt now. Not recorded as the day's fire, and its nonce is
    /// random, so it never stands in for (or blocks) the real one.
    pub async fn test(
        self: &Arc<Self>,
        guild_id: u64,
        number: u32,
    ) -> Result<TestOutcome, ReminderError> {
        let row = self.find(guild_id, number).await?;
        let reminder = parse(&row)?;
        let today = self
            .clock
            .now()
            .with_timezone(&reminder.schedule.tz)
            .date_naive();
        let routine = self.routine(&reminder.routine_id);
        let message = prompt::prompt_message(
            &reminder,
            routine,
            today,
            PromptExtras {
                test: true,
                ..PromptExtras::default()
            },
        );
        let poster = self.poster.clone();
        let channel_id = reminder.channel_id;
        let post = self
            .tasks
            .spawn(async move { poster.post(Lane::Scheduled, channel_id, message).await });
        match tokio::time::timeout(TEST_REPLY_WAIT, post).await {
            Err(_) => Ok(TestOutcome::Pending),
            Ok(Err(join)) => Err(ReminderError::Internal(format!(
                "test post task failed: {join}"
            ))),
            Ok(Ok(Ok(message_id))) => {
                info!(
                    reminder_id = reminder.id,
                    guild_id, number, "test prompt posted"
                );
                Ok(TestOutcome::Posted { message_id })
            }
            Ok(Ok(Err(PostError::Gone { .. }))) => {
                Err(ReminderError::User(say::test_failed_gone(channel_id)))
            }
            Ok(Ok(Err(e))) => {
                warn!(reminder_id = reminder.id, guild_id, error = %e, "test post failed");
                Err(ReminderError::User(say::TEST_FAILED.to_owned()))
            }
        }
    }

    /// The bot was removed from a server: its reminders stop at once and stay stopped (an admin
    /// can resume them if the bot comes back) until the retention purge deletes them.
    pub async fn stop_guild(&self, guild_id: u64) -> Result<u32, ReminderError> {
        let n = self
            .store
            .stop_guild_reminders(guild_id, self.clock.now())
            .await?;
        info!(
            guild_id,
            reminders = n,
            "reminders stopped: removed from the server"
        );
        self.wake();
        Ok(n)
    }

    /// The "Start a group stretch" button of a prompt.
    pub async fn start_group_from_prompt(
        &self,
        guild_id: u64,
        reminder_id: u64,
    ) -> Result<GroupOutcome, ReminderError> {
        let row = self
            .store
            .reminder_by_id(reminder_id)
            .await?
            .filter(|r| r.guild_id == guild_id)
            .ok_or_else(|| ReminderError::User(say::GROUP_UNAVAILABLE.to_owned()))?;
        let request = GroupRequest {
            guild_id,
            channel_id: row.channel_id,
            routine_id: row.routine_id.clone(),
            lobby_secs: self.config.group_lobby_secs,
            nonce: random_nonce(),
            reminder_id,
            ping_role_id: None,
            message: None,
        };
        self.group.start_group(request).await.map_err(|e| {
            warn!(reminder_id, guild_id, error = %e, "group stretch from a prompt failed");
            ReminderError::User(say::GROUP_UNAVAILABLE.to_owned())
        })
    }

    // ----- the firing loop -------------------------------------------------------------------

    /// Fires reminders until `shutdown` is cancelled, with the housekeeping jobs beside it.
    pub async fn run(self: Arc<Self>, shutdown: CancellationToken) {
        info!(instance = %self.instance, "reminder loop started");
        // A tick in progress must see the shutdown too, not only the wait between ticks.
        let stopping = self.stopping.clone();
        let signal = shutdown.clone();
        tokio::spawn(async move {
            signal.cancelled().await;
            stopping.cancel();
        });
        let mut housekeeping = self.start_housekeeping().await;
        let mut failures = 0u32;
        loop {
            let nap = match self.tick().await {
                Ok(report) => {
                    failures = 0;
                    nap_until(report.next, self.clock.now())
                }
                Err(e) => {
                    failures += 1;
                    warn!(error = %e, failures, "reminder tick failed; retrying");
                    StdDuration::from_secs(u64::from(failures.min(6)) * 5)
                }
            };
            tokio::select! {
                () = shutdown.cancelled() => break,
                () = self.wake.notified() => {}
                () = tokio::time::sleep(nap) => {}
            }
        }
        if let Some(scheduler) = housekeeping.as_mut() {
            if let Err(e) = scheduler.shutdown().await {
                warn!(error = %e, "housekeeping scheduler did not shut down cleanly");
            }
        }
        self.tasks.close();
        if tokio::time::timeout(StdDuration::from_secs(5), self.tasks.wait())
            .await
            .is_err()
        {
            warn!("background reminder work still running at shutdown");
        }
        info!("reminder loop stopped");
    }

    /// One pass: fires everything due now and reports the earliest pending fire.
    pub async fn tick(self: &Arc<Self>) -> Result<TickReport, ReminderError> {
        let mut report = TickReport::default();
        let limit = Arc::new(tokio::sync::Semaphore::new(
            self.config.max_concurrent_fires,
        ));
        for _ in 0..MAX_BATCHES_PER_TICK {
            let due = self.store.due_reminders(self.clock.now(), BATCH).await?;
            let full = due.len() == BATCH as usize;
            report.due += due.len();
            let mut fires = JoinSet::new();
            for row in due {
                let me = self.clone();
                let limit = limit.clone();
                fires.spawn(async move {
                    let _permit = limit.acquire_owned().await;
                    let (reminder_id, guild_id) = (row.id, row.guild_id);
                    match me.fire(row).await {
                        Ok(posted) => posted,
                        Err(e) => {
                            warn!(reminder_id, guild_id, error = %e, "reminder fire failed; will retry");
                            false
                        }
                    }
                });
            }
            while let Some(done) = fires.join_next().await {
                match done {
                    Ok(true) => report.posted += 1,
                    Ok(false) => {}
                    Err(e) => error!(error = %e, "a reminder fire panicked"),
                }
            }
            if !full {
                break;
            }
        }
        report.next = self.store.earliest_reminder_fire().await?;
        Ok(report)
    }

    /// Handles one due reminder; `Ok(true)` if it posted.
    async fn fire(self: &Arc<Self>, row: ReminderRow) -> Result<bool, ReminderError> {
        let reminder = match Reminder::from_row(&row) {
            Ok(r) => r,
            Err(e) => {
                error!(reminder_id = row.id, guild_id = row.guild_id, error = %e, "corrupt reminder; disarmed");
                self.store.set_reminder_next(row.id, row.rev, None).await?;
                return Ok(false);
            }
        };
        let now = self.clock.now();
        // The pending date's day before is the last date handled, which is what catch-up
        // counts from: an on-time fire is "missed by 0 s", a fire during downtime is late.
        let handled = reminder.pending_date.and_then(|d| d.pred_opt());
        let decision = catch_up(&reminder.schedule, handled, now, self.config.grace);
        if let (Some(first), Some(last)) = (decision.skipped.first(), decision.skipped.last()) {
            info!(
                reminder_id = row.id,
                guild_id = row.guild_id,
                skipped = decision.skipped.len(),
                first = %first.local_date,
                last = %last.local_date,
                "missed while the bot was down, too late to post: skipped"
            );
        }
        let Some(fire) = decision.post_late else {
            self.advance(&row, &reminder, now, now).await?;
            return Ok(false);
        };
        if self.stopping.is_cancelled() {
            // Shutting down: leave it unclaimed and due, for the next start to post at once.
            return Ok(false);
        }
        let claim = FireClaim {
            reminder_id: row.id,
            rev: row.rev,
            local_date: fire.local_date,
            now,
            lease_until: now + CLAIM_LEASE,
            instance: self.instance.clone(),
        };
        match self.store.claim_reminder_fire(&claim).await? {
            ClaimOutcome::Claimed { attempt } => {
                let late = now - fire.at;
                if late > Duration::seconds(5) {
                    info!(
                        reminder_id = row.id,
                        guild_id = row.guild_id,
                        late_secs = late.num_seconds(),
                        attempt,
                        "posting a reminder late"
                    );
                }
                self.deliver_claimed(&row, &reminder, fire, attempt).await
            }
            ClaimOutcome::Settled(status) => {
                debug!(
                    reminder_id = row.id,
                    status = status.as_str(),
                    "fire already settled"
                );
                self.advance(&row, &reminder, fire.at, now).await?;
                Ok(false)
            }
            ClaimOutcome::Busy | ClaimOutcome::Stale => Ok(false),
        }
    }

    /// Posts a fire we own and records the outcome.
    async fn deliver_claimed(
        self: &Arc<Self>,
        row: &ReminderRow,
        reminder: &Reminder,
        fire: Fire,
        attempt: u32,
    ) -> Result<bool, ReminderError> {
        let outcome = if reminder.kind == Kind::Prompt {
            // The process exits soon after a shutdown (SIGTERM) and would cut this post off
            // mid-flight, leaving the fire claimed until its lease ends: a restart then posted
            // it only a minute late. Hand it back at once instead; the next start takes it over
            // and re-posts with the same nonce, which Discord de-duplicates if this one arrived.
            // (Group fires run on: cancelling a lobby half-way through is not safe.)
            tokio::select! {
                biased;
                outcome = self.deliver(reminder, fire) => outcome,
                () = self.stopping.cancelled() => return self.hand_back(row, fire).await,
            }
        } else {
            self.deliver(reminder, fire).await
        };
        let now = self.clock.now();
        let next = reminder
            .schedule
            .next_fire(now.max(fire.at))
            .map(|f| (f.at, f.local_date));
        let mut done = FireDone {
            reminder_id: row.id,
            rev: row.rev,
            local_date: fire.local_date,
            status: FireStatus::Failed,
            message_id: None,
            retry_at: None,
            next,
            now,
        };
        let posted = match outcome {
            Delivery::Posted(message_id) => {
                done.status = FireStatus::Posted;
                done.message_id = Some(message_id);
                info!(reminder_id = row.id, guild_id = row.guild_id, message_id, date = %fire.local_date, "reminder posted");
                true
            }
            Delivery::Gone(detail) => {
                done.next = None;
                self.store.finish_reminder_fire(&done).await?;
                self.flag(row, reminder, &prompt::gone_reason(&detail))
                    .await?;
                return Ok(false);
            }
            Delivery::Transient(error) => {
                let retry_at = now + retry_backoff(attempt);
                if retry_at - fire.at < self.config.grace {
                    warn!(reminder_id = row.id, guild_id = row.guild_id, attempt, error = %error, "reminder post failed; will retry");
                    done.status = FireStatus::Retry;
                    done.retry_at = Some(retry_at);
                    done.next = Some((retry_at, fire.local_date));
                } else {
                    warn!(reminder_id = row.id, guild_id = row.guild_id, attempt, error = %error, "reminder post failed past its grace period; giving up on this one");
                }
                false
            }
            Delivery::Refused(error) => {
                error!(reminder_id = row.id, guild_id = row.guild_id, error = %error, "Discord refused a reminder; not retried");
                false
            }
        };
        self.store.finish_reminder_fire(&done).await?;
        if done.status != FireStatus::Retry && reminder.wants_event() {
            self.spawn_event_sync(row.id);
        }
        Ok(posted)
    }

    /// A claimed fire given up for a shutdown: due again now, for whoever starts next.
    async fn hand_back(&self, row: &ReminderRow, fire: Fire) -> Result<bool, ReminderError> {
        let now = self.clock.now();
        self.store
            .finish_reminder_fire(&FireDone {
                reminder_id: row.id,
                rev: row.rev,
                local_date: fire.local_date,
                status: FireStatus::Retry,
                message_id: None,
                retry_at: Some(now),
                next: Some((now, fire.local_date)),
                now,
            })
            .await?;
        info!(reminder_id = row.id, guild_id = row.guild_id, date = %fire.local_date, "shutting down: fire handed back for the next start");
        Ok(false)
    }

    /// Posts the prompt, or opens the group lobby.
    async fn deliver(&self, reminder: &Reminder, fire: Fire) -> Delivery {
        let nonce = prompt::fire_nonce(reminder.id, fire.local_date);
        let routine = self.routine(&reminder.routine_id);
        let mut running: Option<String> = None;
        if reminder.kind == Kind::Group {
            let request = GroupRequest {
                guild_id: reminder.guild_id,
                channel_id: reminder.channel_id,
                routine_id: reminder.routine_id.clone(),
                lobby_secs: self.config.group_lobby_secs,
                nonce: nonce.clone(),
                reminder_id: reminder.id,
                ping_role_id: reminder.ping_role_id,
                message: reminder.message.clone(),
            };
            match self.group.start_group(request).await {
                Ok(GroupOutcome::Started { lobby_message_id }) => {
                    return Delivery::Posted(lobby_message_id)
                }
                Ok(GroupOutcome::AlreadyRunning { link }) => running = Some(link),
                Err(PostError::Rejected(why)) => {
                    // Sessions cannot start at all: a prompt is still better than silence.
                    warn!(reminder_id = reminder.id, guild_id = reminder.guild_id, error = %why, "group stretch unavailable; posting a prompt instead");
                }
                Err(e) => return classify(e),
            }
        }
        let extras = PromptExtras {
            running_session: running.as_deref(),
            test: false,
        };
        let mut message = prompt::prompt_message(reminder, routine, fire.local_date, extras);
        message.nonce = Some(nonce);
        match self
            .poster
            .post(Lane::Scheduled, reminder.channel_id, message)
            .await
        {
            Ok(id) => Delivery::Posted(id),
            Err(e) => classify(e),
        }
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
        self: &Arc<Self>,
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
            reminder_id = row.id,
            guild_id = row.guild_id,
            channel_id = row.channel_id,
            reason,
            "reminder paused and flagged"
        );
        self.notifier
            .notify(row.guild_id, prompt::flagged_notice(reminder, reason))
            .await;
        if row.event_id.is_some() {
            self.spawn_event_sync(row.id);
        }
        Ok(())
    }

    // ----- scheduled events ------------------------------------------------------------------

    fn event_lock(&self, id: u64) -> Arc<tokio::sync::Mutex<()>> {
        let mut locks = self.event_locks.lock().unwrap_or_else(|p| p.into_inner());
        // Drop locks nobody holds, so the map stays as small as the syncs in flight.
        locks.retain(|_, l| Arc::strong_count(l) > 1);
        locks.entry(id).or_default().clone()
    }

    fn spawn_event_sync(self: &Arc<Self>, id: u64) {
        let me = self.clone();
        self.tasks.spawn(async move { me.sync_event(id).await });
    }

    /// Makes the reminder's scheduled event match it: created, moved to the next occurrence, or
    /// deleted. Failures are logged; the hourly repair pass tries again.
    pub async fn sync_event(&self, id: u64) {
        let lock = self.event_lock(id);
        let _held = lock.lock().await;
        let row = match self.store.reminder_by_id(id).await {
            Ok(Some(row)) => row,
            Ok(None) => return,
            Err(e) => {
                warn!(reminder_id = id, error = %e, "cannot read reminder for its event");
                return;
            }
        };
        let Ok(reminder) = Reminder::from_row(&row) else {
            return;
        };
        let now = self.clock.now();
        let upcoming = reminder.upcoming(now).filter(|_| reminder.wants_event());
        match (upcoming, row.event_id) {
            (Some(fire), None) => self.create_event(&reminder, fire).await,
            (Some(fire), Some(event_id)) => {
                let spec = self.event_spec(&reminder, fire);
                match self.events.update(row.guild_id, event_id, &spec).await {
                    Ok(()) => {
                        debug!(reminder_id = id, guild_id = row.guild_id, event_id, start = %fire.at, "event moved")
                    }
                    Err(EventError::NotFound) => {
                        // Someone deleted it, or Discord ended it: make a new one.
                        self.create_event(&reminder, fire).await;
                    }
                    Err(e) => {
                        warn!(reminder_id = id, guild_id = row.guild_id, event_id, error = %e, "cannot move the event")
                    }
                }
            }
            (None, Some(event_id)) => self.delete_event(id, row.guild_id, event_id).await,
            (None, None) => {}
        }
    }

    async fn create_event(&self, reminder: &Reminder, fire: Fire) {
        let spec = self.event_spec(reminder, fire);
        let (id, guild_id) = (reminder.id, reminder.guild_id);
        match self.events.create(guild_id, &spec).await {
            Ok(event_id) => {
                if let Err(e) = self.store.set_reminder_event(id, Some(event_id)).await {
                    warn!(reminder_id = id, guild_id, error = %e, "cannot record the new event");
                }
                // Removed while we were creating it: do not leave it behind.
                if matches!(self.store.reminder_by_id(id).await, Ok(None)) {
                    let _ = self.events.delete(guild_id, event_id).await;
                }
                info!(reminder_id = id, guild_id, event_id, start = %fire.at, "event created");
            }
            Err(e) => {
                warn!(reminder_id = id, guild_id, error = %e, "cannot create the event; the hourly repair tries again")
            }
        }
    }

    async fn delete_event(&self, id: u64, guild_id: u64, event_id: u64) {
        match self.events.delete(guild_id, event_id).await {
            Ok(()) | Err(EventError::NotFound) => {
                let _ = self.store.set_reminder_event(id, None).await;
                debug!(reminder_id = id, guild_id, event_id, "event deleted");
            }
            Err(e) => {
                warn!(reminder_id = id, guild_id, event_id, error = %e, "cannot delete the event")
            }
        }
    }

    fn event_spec(&self, reminder: &Reminder, fire: Fire) -> super::EventSpec {
        prompt::event_spec(
            reminder,
            self.routine(&reminder.routine_id),
            fire.at,
            self.config.group_lobby_secs,
        )
    }

    // ----- housekeeping ----------------------------------------------------------------------

    /// UTC cron jobs beside the loop: the daily retention purge and the hourly repair. Nothing
    /// here is wall-time arithmetic in a local zone, which that crate gets wrong across DST.
    async fn start_housekeeping(self: &Arc<Self>) -> Option<JobScheduler> {
        let scheduler = match JobScheduler::new().await {
            Ok(s) => s,
            Err(e) => {
                error!(error = %e, "cannot start the housekeeping scheduler; reminders still fire");
                return None;
            }
        };
        let me: Weak<Self> = Arc::downgrade(self);
        let purge = Job::new_async("0 0 3 * * *", move |_, _| {
            let me = me.clone();
            Box::pin(async move {
                if let Some(me) = me.upgrade() {
                    me.purge().await;
                }
            })
        });
        let me: Weak<Self> = Arc::downgrade(self);
        let repair = Job::new_async("0 7 * * * *", move |_, _| {
            let me = me.clone();
            Box::pin(async move {
                if let Some(me) = me.upgrade() {
                    me.repair().await;
                }
            })
        });
        for job in [purge, repair] {
            match job {
                Ok(job) => {
                    if let Err(e) = scheduler.add(job).await {
                        error!(error = %e, "cannot add a housekeeping job");
                    }
                }
                Err(e) => error!(error = %e, "bad housekeeping job"),
            }
        }
        if let Err(e) = scheduler.start().await {
            error!(error = %e, "cannot start the housekeeping scheduler; reminders still fire");
            return None;
        }
        Some(scheduler)
    }

    /// Deletes the data of servers that removed the bot more than `data.retention_days` ago,
    /// and fire records nobody needs any more.
    pub async fn purge(&self) {
        let now = self.clock.now();
        let cutoff = now - Duration::days(i64::from(self.config.retention_days));
        match self.store.purge_removed_before(cutoff).await {
            Ok(n) => info!(servers = n, cutoff = %cutoff, "retention purge done"),
            Err(e) => error!(error = %e, "retention purge failed"),
        }
        let before: NaiveDate = (now - Duration::days(FIRE_RECORDS_KEPT_DAYS)).date_naive();
        match self.store.purge_reminder_fires_before(before).await {
            Ok(n) => debug!(records = n, "old fire records deleted"),
            Err(e) => warn!(error = %e, "cannot delete old fire records"),
        }
    }

    /// The hourly safety pass: re-arms active reminders that lost their pending fire, retries
    /// scheduled events that failed to appear, and wakes the loop.
    pub async fn repair(self: &Arc<Self>) {
        let rows = match self.store.reminders_to_repair(1000).await {
            Ok(rows) => rows,
            Err(e) => {
                warn!(error = %e, "repair pass cannot read reminders");
                return;
            }
        };
        let now = self.clock.now();
        for row in rows {
            let Ok(reminder) = Reminder::from_row(&row) else {
                continue;
            };
            if row.next_fire_at.is_none() {
                let next = reminder
                    .schedule
                    .next_fire(now)
                    .map(|f| (f.at, f.local_date));
                if let Err(e) = self.store.set_reminder_next(row.id, row.rev, next).await {
                    warn!(reminder_id = row.id, error = %e, "cannot re-arm reminder");
                } else {
                    info!(
                        reminder_id = row.id,
                        guild_id = row.guild_id,
                        "reminder re-armed by the repair pass"
                    );
                }
            }
            if reminder.wants_event() && row.event_id.is_none() {
                self.spawn_event_sync(row.id);
            }
        }
        self.wake();
    }

    // ----- helpers ---------------------------------------------------------------------------

    async fn find(&self, guild_id: u64, number: u32) -> Result<ReminderRow, ReminderError> {
        // Looked up by (server, number): another server's reminders are simply not there.
        self.store
            .reminder(guild_id, number)
            .await?
            .ok_or_else(|| ReminderError::User(say::unknown_id(number)))
    }

    /// Read, change, compare-and-set; retried when someone else changed the row meanwhile.
    async fn change(
        self: &Arc<Self>,
        guild_id: u64,
        number: u32,
        f: impl Fn(&mut ReminderRow, DateTime<Utc>) -> Result<(), ReminderError>,
    ) -> Result<Reminder, ReminderError> {
        for _ in 0..3 {
            let mut row = self.find(guild_id, number).await?;
            let now = self.clock.now();
            f(&mut row, now)?;
            row.updated_at = now;
            if self.store.update_reminder(&row).await? {
                row.rev += 1;
                let reminder = parse(&row)?;
                info!(reminder_id = row.id, guild_id, number, state = ?reminder.state, "reminder changed");
                self.wake();
                if reminder.wants_event() || reminder.event_id.is_some() {
                    self.spawn_event_sync(reminder.id);
                }
                return Ok(reminder);
            }
        }
        Err(ReminderError::User(say::CHANGED_MEANWHILE.to_owned()))
    }

    fn routine(&self, id: &str) -> Option<&Routine> {
        self.library
            .get(id)
            .or_else(|| self.library.get(&self.config.default_routine))
    }

    fn default_routine(&self) -> Result<&Routine, ReminderError> {
        self.library
            .get(&self.config.default_routine)
            .ok_or_else(|| {
                ReminderError::Internal(format!(
                    "default routine {:?} is not in the library",
                    self.config.default_routine
                ))
            })
    }
}

fn random_text(len: usize) -> String {
    rand::thread_rng()
        .sample_iter(&Alphanumeric)
        .take(len)
        .map(char::from)
        .collect()
}

/// A nonce for a one-off post (Discord allows 25 characters).
fn random_nonce() -> String {
    random_text(20)
}

fn parse(row: &ReminderRow) -> Result<Reminder, ReminderError> {
    Reminder::from_row(row).map_err(ReminderError::Internal)
}

/// How long the loop may sleep before the earliest pending fire.
fn nap_until(next: Option<DateTime<Utc>>, now: DateTime<Utc>) -> StdDuration {
    next.map_or(MAX_NAP, |at| {
        (at - now)
            .to_std()
            .unwrap_or(StdDuration::ZERO)
            .min(MAX_NAP)
    })
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

/// The custom message, sanitised; empty means none.
fn clean_message(input: Option<&str>) -> Result<Option<String>, ReminderError> {
    match input {
        None => Ok(None),
        Some(m) => {
            let clean = sanitize_custom_message(m)?;
            Ok((!clean.is_empty()).then_some(clean))
        }
    }
}

/// Whether a reminder gets a server event: asked for, or by default when it can.
fn event_choice(
    kind: Kind,
    asked: Option<bool>,
    guild: &dyn GuildView,
) -> Result<bool, ReminderError> {
    match (kind, asked) {
        (Kind::Prompt, Some(true)) => Err(ReminderError::User(say::EVENT_NEEDS_GROUP.to_owned())),
        (Kind::Prompt, _) => Ok(false),
        (Kind::Group, Some(true)) if !guild.bot_can_create_events() => {
            Err(ReminderError::User(say::EVENT_NEEDS_PERMISSION.to_owned()))
        }
        (Kind::Group, Some(wanted)) => Ok(wanted),
        (Kind::Group, None) => Ok(guild.bot_can_create_events()),
    }
}

/// A channel reminders can post in; returns its name.
fn check_channel(channel_id: u64, guild: &dyn GuildView) -> Result<String, ReminderError> {
    use super::model::ChannelKind as K;
    let user = |s: String| Err(ReminderError::User(s));
    let Some(info) = guild.channel(channel_id) else {
        return user(say::OTHER_SERVER_CHANNEL.to_owned());
    };
    match info.kind {
        K::Text | K::Announcement => {}
        K::Voice | K::Stage => return user(say::voice_channel(channel_id)),
        K::Category => return user(say::CATEGORY.to_owned()),
        K::Forum | K::Thread | K::Other => return user(say::NOT_TEXT.to_owned()),
    }
    if !info.bot_can_view || !info.bot_can_send {
        return user(say::cannot_send(channel_id));
    }
    if !info.bot_can_embed {
        return user(say::cannot_embed(channel_id));
    }
    Ok(info.name)
}

fn check_role(guild_id: u64, role_id: u64, guild: &dyn GuildView) -> Result<(), ReminderError> {
    match guild.role(role_id) {
        None => Err(ReminderError::User(say::OTHER_SERVER_ROLE.to_owned())),
        Some(r) if r.is_everyone || role_id == guild_id => {
            Err(ReminderError::User(say::EVERYONE_ROLE.to_owned()))
        }
        Some(_) => Ok(()),
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

    #[test]
    fn nap_is_bounded() {
        let now: DateTime<Utc> = "2026-06-10T09:00:00Z".parse().unwrap();
        assert_eq!(nap_until(None, now), MAX_NAP);
        assert_eq!(
            nap_until(Some(now - Duration::seconds(5)), now),
            StdDuration::ZERO
        );
        assert_eq!(
            nap_until(Some(now + Duration::milliseconds(1500)), now),
            StdDuration::from_millis(1500)
        );
        assert_eq!(nap_until(Some(now + Duration::hours(5)), now), MAX_NAP);
    }

    #[test]
    fn grace_is_bounded_without_overflow() {
        assert_eq!(grace(900), Duration::seconds(900));
        assert_eq!(grace(0), MIN_GRACE);
        let day = Duration::seconds(MAX_GRACE_SECS as i64);
        assert_eq!(grace(MAX_GRACE_SECS + 1), day);
        assert_eq!(grace(i64::MAX as u64), day);
        assert_eq!(grace(u64::MAX), day);
    }
}
