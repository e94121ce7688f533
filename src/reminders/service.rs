//! [`ReminderService`]: the one handle the rest of the bot holds. It runs the `/reminders`
//! operations (checked in `admin`, saved through one compare-and-set helper) and the loop that
//! wakes `Firing` on time, with `Housekeeping` beside it and `EventSync` keeping scheduled
//! events in step. It owns those parts and wires them together; none of them knows about it.

use crate::i18n::Texts;
use std::{sync::Arc, time::Duration as StdDuration};

use chrono::{DateTime, Duration, NaiveDate, Utc};
use chrono_tz::Tz;
use rand::{distributions::Alphanumeric, Rng};
use tokio::sync::Notify;
use tokio_util::{sync::CancellationToken, task::TaskTracker};
use tracing::{info, warn};

pub use super::firing::TickReport;
use super::{
    admin::{self, Edit, NewReminder},
    event_sync::EventSync,
    firing::{todays_pick, Firing},
    housekeeping::Housekeeping,
    model::{parse, parse_listed, say, GuildView, Kind, Reminder, ReminderOptions, Routines},
    prompt::{self, PromptExtras},
    rotation::Place,
    AdminNotifier, EventsPort, GroupOutcome, GroupRequest, GroupStarter, LogNotifier,
    ReminderError,
};
use crate::{
    clock::SharedClock,
    config::{DataConfig, RemindersConfig, Settings, MAX_GRACE_SECS},
    deps::Deps,
    error::chain,
    error::Internal,
    ids::{ChannelId, GuildId, ReminderId},
    message::OutMessage,
    post::{Lane, MessageId, Post, PostError, Poster},
    schedule::{parse_timezone, Fire},
    shards::{Ownership, ShardSet},
    store::{ReminderRow, Store},
};

/// The longest the loop sleeps without looking at the clock again. Bounds the effect of a
/// wall-clock step (NTP, a suspended host) and notices reminders added by another instance.
pub const MAX_NAP: StdDuration = StdDuration::from_secs(30);

/// How long the loop waits at shutdown for fires in flight to end (prompts hand back at once;
/// a group lobby may take a few seconds).
const SHUTDOWN_WAIT: StdDuration = StdDuration::from_secs(10);

/// A grace period shorter than this would make even an on-time fire "too late" after a
/// scheduling hiccup of a few seconds.
const MIN_GRACE: Duration = Duration::seconds(60);

/// How long `/reminders test` waits for its post before answering the interaction (which must
/// be answered within 3 s); the post carries on after that.
const TEST_REPLY_WAIT: StdDuration = StdDuration::from_millis(2000);

/// Settings the service needs, from `[reminders]`, `[data]` and `[content]`.
#[derive(Debug, Clone)]
pub struct ServiceConfig {
    pub default_timezone: Tz,
    pub max_per_server: u32,
    pub grace: Duration,
    /// How long a claimer owns a fire before another instance may take it over.
    pub claim_lease: Duration,
    /// How long after its claim a prompt's send is given up; shorter than `claim_lease`.
    pub send_deadline: Duration,
    /// How long after a fire's first attempt a send with its nonce may still reach Discord.
    pub nonce_safe: Duration,
    pub group_lobby_secs: u32,
    pub max_concurrent_fires: usize,
    pub retention_days: u32,
    /// How long check-ins are kept (`data.checkin_retention_days`).
    pub checkin_retention_days: u32,
    /// The routine prompts invite to (`content.default_routine`).
    pub default_routine: String,
    /// The sentences of prompts in each language (a server's posts use its language).
    pub texts: Arc<Texts>,
}

impl ServiceConfig {
    pub fn new(reminders: &RemindersConfig, data: &DataConfig, default_routine: &str) -> Self {
        Self {
            // Config validation already refused an unknown zone; UTC only guards hand-made configs.
            default_timezone: reminders.default_timezone.parse().unwrap_or(Tz::UTC),
            max_per_server: reminders.max_per_server,
            grace: grace(reminders.grace_secs),
            claim_lease: seconds(reminders.claim_lease_secs),
            send_deadline: seconds(reminders.send_deadline_secs),
            nonce_safe: seconds(reminders.nonce_safe_secs),
            group_lobby_secs: reminders.group_lobby_secs,
            max_concurrent_fires: reminders.max_concurrent_fires.max(1) as usize,
            retention_days: data.retention_days,
            checkin_retention_days: data.checkin_retention_days,
            default_routine: default_routine.to_owned(),
            texts: Arc::new(Texts::builtin_copy()),
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

/// A config value in seconds; config validation keeps these small, so no overflow here.
fn seconds(secs: u32) -> Duration {
    Duration::seconds(i64::from(secs))
}

/// The answer to `/reminders test`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TestOutcome {
    Posted {
        /// `None`: posted, but Discord's answer could not be read.
        message_id: Option<MessageId>,
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

/// How [`ReminderService::change`] saves a changed row.
enum Save {
    /// The row alone.
    Row,
    /// The row and a "skipped" record for that local date, together, so that no instance
    /// fires a date an admin skipped.
    SkippingFire(NaiveDate),
}

/// Daily prompts and scheduled group stretches: the `/reminders` operations and the loop that
/// fires them. Share it as `Arc<ReminderService>`; start [`ReminderService::run`] once.
pub struct ReminderService {
    store: Arc<dyn Store>,
    poster: Arc<dyn Poster>,
    clock: SharedClock,
    routines: Routines,
    config: ServiceConfig,
    group: Arc<dyn GroupStarter>,
    firing: Arc<Firing>,
    events: Arc<EventSync>,
    housekeeping: Arc<Housekeeping>,
    /// Wakes the loop when reminders change.
    wake: Arc<Notify>,
    /// Names this process in fire records and logs.
    instance: String,
    /// Background work started by operations (event syncs, slow test posts).
    tasks: TaskTracker,
    /// Cancelled when [`ReminderService::run`]'s shutdown is, so a tick in progress sees it.
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
        deps: Deps,
        config: ServiceConfig,
        group: Arc<dyn GroupStarter>,
        events: Arc<dyn EventsPort>,
    ) -> Self {
        let Deps {
            store,
            poster,
            clock,
            library,
        } = deps;
        let instance = random_text(8);
        let routines = Routines::new(library, &config.default_routine, config.texts.clone());
        let tasks = TaskTracker::new();
        let stopping = CancellationToken::new();
        let wake = Arc::new(Notify::new());
        let events = Arc::new(EventSync {
            store: store.clone(),
            events,
            clock: clock.clone(),
            routines: routines.clone(),
            lobby_secs: config.group_lobby_secs,
            tasks: tasks.clone(),
            locks: Default::default(),
        });
        let firing = Arc::new(Firing {
            store: store.clone(),
            shards: Arc::new(ShardSet::everything()),
            poster: poster.clone(),
            clock: clock.clone(),
            routines: routines.clone(),
            group: group.clone(),
            notifier: Arc::new(LogNotifier),
            events: events.clone(),
            grace: config.grace,
            lease: config.claim_lease,
            send_deadline: config.send_deadline,
            nonce_safe: config.nonce_safe,
            lobby_secs: config.group_lobby_secs,
            max_concurrent: config.max_concurrent_fires,
            instance: instance.clone(),
            stopping: stopping.clone(),
        });
        let housekeeping = Arc::new(
            Housekeeping::new(
                store.clone(),
                clock.clone(),
                events.clone(),
                wake.clone(),
                config.retention_days,
            )
            .keeping_checkins_for(config.checkin_retention_days),
        );
        Self {
            store,
            poster,
            clock,
            routines,
            config,
            group,
            firing,
            events,
            housekeeping,
            wake,
            instance,
            tasks,
            stopping,
        }
    }

    /// Where notices about reminders the bot paused on its own go (default: the log only).
    pub fn with_notifier(mut self, notifier: Arc<dyn AdminNotifier>) -> Self {
        self.firing = Arc::new(Firing {
            notifier,
            ..Firing::clone(&self.firing)
        });
        self
    }

    /// Which shards' servers this process fires reminders for and repairs (default: all).
    pub fn with_ownership(mut self, shards: Arc<dyn Ownership>) -> Self {
        self.firing = Arc::new(Firing {
            shards: shards.clone(),
            ..Firing::clone(&self.firing)
        });
        self.housekeeping = Arc::new(Housekeeping::clone(&self.housekeeping).for_shards(shards));
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
    pub async fn guild_timezone(&self, guild_id: GuildId) -> Result<Tz, ReminderError> {
        let stored = self.store.guild_timezone(guild_id).await?;
        Ok(stored
            .and_then(|name| name.parse().ok())
            .unwrap_or(self.config.default_timezone))
    }

    /// Sets the server's default zone; existing reminders keep their own.
    pub async fn set_timezone(&self, guild_id: GuildId, zone: &str) -> Result<Tz, ReminderError> {
        let tz = parse_timezone(zone)?;
        self.store.set_guild_timezone(guild_id, tz.name()).await?;
        info!(
            guild_id = guild_id.get(),
            timezone = tz.name(),
            "server time zone set"
        );
        Ok(tz)
    }

    /// `/reminders add`. Everything is checked before anything is saved.
    pub async fn add(
        &self,
        guild_id: GuildId,
        options: ReminderOptions,
        guild: &dyn GuildView,
    ) -> Result<Reminder, ReminderError> {
        let max = self.config.max_per_server;
        admin::check_room(self.store.guild_reminders(guild_id).await?.len(), max)?;
        let new = NewReminder::check(guild_id, &options, guild)?;
        let tz = match new.timezone {
            Some(tz) => tz,
            None => self.guild_timezone(guild_id).await?,
        };
        let routine_id = self.routines.default_routine()?.id.clone();
        let row = new.into_row(guild_id, tz, routine_id, self.clock.now());
        // The count above was only a quick refusal: the store checks it again as it inserts.
        let Some(saved) = self.store.insert_reminder(&row, max).await? else {
            return Err(ReminderError::user(say::too_many(max)));
        };
        let reminder = parse(&saved)?;
        // New prompts suggest desk stretches unless the admins chose otherwise: a work channel
        // is never asked to kneel on the floor by default.
        let place = options.place.unwrap_or_default();
        self.store
            .set_reminder_place(saved.id, place.as_str())
            .await?;
        info!(reminder_id = saved.id.get(), guild_id = guild_id.get(), number = saved.number, kind = %reminder.kind, place = place.as_str(), "reminder added");
        self.wake();
        if reminder.wants_event() {
            self.events.spawn(reminder.id);
        }
        Ok(reminder)
    }

    /// `/reminders list`: the server's reminders, by number.
    pub async fn list(&self, guild_id: GuildId) -> Result<Vec<Reminder>, ReminderError> {
        let rows = self.store.guild_reminders(guild_id).await?;
        Ok(admin::readable(guild_id, &rows))
    }

    /// The `/reminders list` reply.
    /// `/reminders list`, page `page` (from 1; `None`: the first). A page past the end is one
    /// sentence saying which pages there are.
    pub async fn list_message(
        &self,
        guild_id: GuildId,
        page: Option<u32>,
        tr: &crate::i18n::Tr<'_>,
    ) -> Result<OutMessage, ReminderError> {
        let reminders = self.list(guild_id).await?;
        let pages = prompt::list_pages(reminders.len());
        let page = page.unwrap_or(1);
        if page == 0 || page > pages {
            return Err(ReminderError::user(say::no_such_page(pages)));
        }
        let places = self
            .store
            .guild_reminder_places(guild_id)
            .await?
            .into_iter()
            .filter_map(|(id, place)| Some((id, Place::parse(&place)?)))
            .collect();
        Ok(prompt::list_message(
            &reminders,
            &places,
            self.config.max_per_server,
            page,
            self.clock.now(),
            tr,
        ))
    }

    /// The reply to `/reminders add` (`created`) and `edit`, with a prompt's `where`. The
    /// reminder is saved by then: a failed read of its place leaves the place out of the reply
    /// rather than telling the admin it failed.
    pub async fn saved_message(
        &self,
        reminder: &Reminder,
        created: bool,
        tr: &crate::i18n::Tr<'_>,
    ) -> OutMessage {
        let place = if reminder.kind == Kind::Prompt {
            match self.store.reminder_prompt(reminder.id).await {
                Ok(row) => Some(
                    row.and_then(|p| Place::parse(&p.place))
                        .unwrap_or(Place::Any),
                ),
                Err(e) => {
                    warn!(reminder_id = reminder.id.get(), error = %chain(&e), "reading a prompt's place failed");
                    None
                }
            }
        } else {
            None
        };
        prompt::saved_message(reminder, place, self.clock.now(), created, tr)
    }

    /// `/reminders edit`: any option of `add`. A new channel also clears a flag.
    pub async fn edit(
        &self,
        guild_id: GuildId,
        number: u32,
        options: ReminderOptions,
        guild: &dyn GuildView,
    ) -> Result<Reminder, ReminderError> {
        let place = options.place;
        let edit = Edit::check(guild_id, options, guild)?;
        let (reminder, ()) = self
            .change(guild_id, number, |row, now| {
                edit.apply(row, guild, now).map(|()| (Save::Row, ()))
            })
            .await?;
        if let Some(place) = place {
            self.store
                .set_reminder_place(reminder.id, place.as_str())
                .await?;
        }
        info!(
            reminder_id = reminder.id.get(),
            guild_id = guild_id.get(),
            number,
            "reminder edited"
        );
        Ok(reminder)
    }

    /// `/reminders remove`: deletes the reminder and its server event.
    pub async fn remove(&self, guild_id: GuildId, number: u32) -> Result<Reminder, ReminderError> {
        let row = self.find(guild_id, number).await?;
        self.store.delete_reminder(row.id).await?;
        info!(
            reminder_id = row.id.get(),
            guild_id = guild_id.get(),
            number,
            "reminder removed"
        );
        if let Some(event_id) = row.event_id {
            self.events.spawn_delete(row.id, row.guild_id, event_id);
        }
        self.wake();
        parse_listed(&row)
    }

    /// `/reminders pause`.
    pub async fn pause(&self, guild_id: GuildId, number: u32) -> Result<Reminder, ReminderError> {
        let (reminder, ()) = self
            .change(guild_id, number, |row, _| {
                admin::pause(row);
                Ok((Save::Row, ()))
            })
            .await?;
        info!(reminder_id = reminder.id.get(), guild_id = guild_id.get(), number, state = ?reminder.state, "reminder changed");
        Ok(reminder)
    }

    /// `/reminders resume`: also clears a flag and a stop, once the channel checks out again.
    pub async fn resume(
        &self,
        guild_id: GuildId,
        number: u32,
        guild: &dyn GuildView,
    ) -> Result<Reminder, ReminderError> {
        admin::check_resume(&self.find(guild_id, number).await?, guild)?;
        let (reminder, ()) = self
            .change(guild_id, number, |row, now| {
                admin::resume(row, now).map(|()| (Save::Row, ()))
            })
            .await?;
        info!(reminder_id = reminder.id.get(), guild_id = guild_id.get(), number, state = ?reminder.state, "reminder changed");
        Ok(reminder)
    }

    /// `/reminders skip`: the next occurrence only.
    pub async fn skip(&self, guild_id: GuildId, number: u32) -> Result<Skipped, ReminderError> {
        let (reminder, skipped) = self
            .change(guild_id, number, |row, now| {
                admin::skip(row, now, self.config.grace)
                    .map(|fire| (Save::SkippingFire(fire.local_date), fire))
            })
            .await?;
        info!(reminder_id = reminder.id.get(), guild_id = guild_id.get(), number, date = %skipped.local_date, "next occurrence skipped");
        Ok(Skipped { reminder, skipped })
    }

    /// `/reminders test`: posts the prompt now, with the stretch today's fire suggests. Not
    /// recorded as the day's fire (nor in the rotation), and its nonce is random, so it never
    /// stands in for (or blocks) the real one.
    pub async fn test(&self, guild_id: GuildId, number: u32) -> Result<TestOutcome, ReminderError> {
        let row = self.find(guild_id, number).await?;
        let reminder = parse(&row)?;
        let today = self
            .clock
            .now()
            .with_timezone(&reminder.schedule.tz)
            .date_naive();
        // What today's fire suggests (or suggested), without moving the rotation on.
        let mut routine = self.routines.get(&reminder.routine_id);
        if reminder.kind == Kind::Prompt {
            if let Some(pick) =
                todays_pick(self.store.as_ref(), &self.routines, &reminder, today).await?
            {
                routine = Some(pick.stretch);
            }
        }
        let locale = self
            .routines
            .server_locale(self.store.as_ref(), reminder.guild_id)
            .await;
        let tr = crate::i18n::Tr::new(self.routines.texts(), locale);
        let routine = self.routines.localized(routine, locale);
        let message = prompt::prompt_message(
            &reminder,
            routine,
            today,
            PromptExtras {
                test: true,
                ..PromptExtras::default()
            },
            tr,
        );
        let poster = self.poster.clone();
        let channel_id = reminder.channel_id;
        let post = self.tasks.spawn(async move {
            poster
                .post(Post {
                    lane: Lane::Scheduled,
                    channel_id,
                    message,
                })
                .await
        });
        match tokio::time::timeout(TEST_REPLY_WAIT, post).await {
            Err(_) => Ok(TestOutcome::Pending),
            Ok(Err(join)) => Err(ReminderError::Internal(Internal::new(
                "test post task",
                join,
            ))),
            Ok(Ok(Ok(message_id))) => {
                info!(
                    reminder_id = reminder.id.get(),
                    guild_id = guild_id.get(),
                    number,
                    "test prompt posted"
                );
                Ok(TestOutcome::Posted { message_id })
            }
            Ok(Ok(Err(PostError::Gone { .. }))) => {
                Err(ReminderError::user(say::test_failed_gone(channel_id)))
            }
            Ok(Ok(Err(e))) => {
                warn!(reminder_id = reminder.id.get(), guild_id = guild_id.get(), error = %chain(&e), "test post failed");
                Err(ReminderError::user(say::test_failed()))
            }
        }
    }

    /// The bot was removed from a server: its reminders stop at once and stay stopped (an admin
    /// can resume them if the bot comes back) until the retention purge deletes them.
    pub async fn stop_guild(&self, guild_id: GuildId) -> Result<u32, ReminderError> {
        let n = self
            .store
            .stop_guild_reminders(guild_id, self.clock.now())
            .await?;
        info!(
            guild_id = guild_id.get(),
            reminders = n,
            "reminders stopped: removed from the server"
        );
        self.wake();
        Ok(n)
    }

    /// The "Start a group stretch" button of a prompt, pressed in `channel_id`: opens the lobby
    /// in the reminder's channel, and only when pressed there (a prompt left behind after the
    /// reminder moved opens nothing).
    pub async fn start_group_from_prompt(
        &self,
        guild_id: GuildId,
        channel_id: ChannelId,
        reminder_id: ReminderId,
    ) -> Result<GroupOutcome, ReminderError> {
        let row = self
            .store
            .reminder_by_id(reminder_id)
            .await?
            .filter(|r| r.guild_id == guild_id)
            .ok_or_else(|| ReminderError::user(say::group_unavailable()))?;
        if row.channel_id != channel_id {
            return Err(ReminderError::user(say::group_other_channel()));
        }
        let request = GroupRequest {
            guild_id,
            channel_id: row.channel_id,
            routine_id: row.routine_id.clone(),
            lobby_secs: self.config.group_lobby_secs,
            nonce: crate::nonces::random(),
            reminder_id,
            ping_role_id: None,
            message: None,
        };
        self.group.start_group(request).await.map_err(|e| {
            warn!(reminder_id = reminder_id.get(), guild_id = guild_id.get(), error = %chain(&e), "group stretch from a prompt failed");
            ReminderError::user(say::group_unavailable())
        })
    }

    /// Makes the reminder's scheduled event match it: created, moved to the next occurrence, or
    /// deleted. Failures are logged; the hourly repair pass tries again.
    pub async fn sync_event(&self, id: ReminderId) {
        self.events.sync(id).await;
    }

    /// Deletes the data of servers that removed the bot more than `data.retention_days` ago,
    /// and fire records nobody needs any more.
    pub async fn purge(&self) {
        self.housekeeping.purge().await;
    }

    /// The hourly safety pass: re-arms active reminders that lost their pending fire, retries
    /// scheduled events that failed to appear, and wakes the loop.
    pub async fn repair(&self) {
        self.housekeeping.repair().await;
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
        let mut housekeeping = self.housekeeping.start().await;
        let mut flight = self.firing.in_flight();
        let mut failures = 0u32;
        loop {
            let looked = match self.firing.pick_up(&mut flight).await {
                Ok(_) => self
                    .store
                    .earliest_reminder_fire(&self.firing.shards.owned())
                    .await
                    .map_err(Into::into),
                Err(e) => Err(e),
            };
            let nap = match looked {
                Ok(next) => {
                    failures = 0;
                    nap_until(next, self.clock.now())
                }
                Err(e) => {
                    failures += 1;
                    warn!(error = %chain(&e), failures, "reminder tick failed; retrying");
                    StdDuration::from_secs(u64::from(failures.min(6)) * 5)
                }
            };
            // With every slot taken, only a fire ending lets another start: the timer is moot.
            let full = flight.is_full();
            tokio::select! {
                () = shutdown.cancelled() => break,
                () = self.wake.notified() => {}
                Some(_) = flight.next_done() => {}
                () = tokio::time::sleep(nap), if !full => {}
            }
        }
        // Fires in flight end first: prompts hand their claim back at once (they watch
        // `stopping`), so another copy can take them; group lobbies run to their end.
        if tokio::time::timeout(SHUTDOWN_WAIT, flight.drain())
            .await
            .is_err()
        {
            warn!("reminder fires still in flight at shutdown; their claims end with the lease");
        }
        if let Some(scheduler) = housekeeping.as_mut() {
            if let Err(e) = scheduler.shutdown().await {
                warn!(error = %chain(&e), "housekeeping scheduler did not shut down cleanly");
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
    pub async fn tick(&self) -> Result<TickReport, ReminderError> {
        self.firing.tick().await
    }

    // ----- helpers ---------------------------------------------------------------------------

    async fn find(&self, guild_id: GuildId, number: u32) -> Result<ReminderRow, ReminderError> {
        // Looked up by (server, number): another server's reminders are simply not there.
        self.store
            .reminder(guild_id, number)
            .await?
            .ok_or_else(|| ReminderError::user(say::unknown_id(number)))
    }

    /// Read, change, compare-and-set; retried when someone else changed the row meanwhile, so
    /// `f` always works on the row as it is. `f` says how to save, and what else to hand back.
    async fn change<T>(
        &self,
        guild_id: GuildId,
        number: u32,
        f: impl Fn(&mut ReminderRow, DateTime<Utc>) -> Result<(Save, T), ReminderError>,
    ) -> Result<(Reminder, T), ReminderError> {
        for _ in 0..3 {
            let mut row = self.find(guild_id, number).await?;
            let now = self.clock.now();
            let pending = (row.next_fire_at, row.next_fire_date);
            let (save, extra) = f(&mut row, now)?;
            if (row.next_fire_at, row.next_fire_date) != pending {
                self.past_fired_days(&mut row).await?;
            }
            row.updated_at = now;
            let saved = match save {
                Save::Row => self.store.update_reminder(&row).await?,
                Save::SkippingFire(date) => self.store.skip_reminder_fire(&row, date, now).await?,
            };
            if saved {
                row.rev += 1;
                let reminder = parse_listed(&row)?;
                self.wake();
                if reminder.wants_event() || reminder.event_id.is_some() {
                    self.events.spawn(reminder.id);
                }
                return Ok((reminder, extra));
            }
        }
        Err(ReminderError::user(say::changed_meanwhile()))
    }
}

impl ReminderService {
    /// Moves a re-armed row past local days that already have a fire record (posted, skipped,
    /// given up, or being posted): one prompt per reminder and local day, so a new time, days or
    /// zone on a day that already fired starts on the next day, and the reply names that time.
    async fn past_fired_days(&self, row: &mut ReminderRow) -> Result<(), ReminderError> {
        let schedule = parse_listed(row)?.schedule;
        // Each step moves at least a day ahead; a week covers any day set.
        for _ in 0..8 {
            let (Some(at), Some(date)) = (row.next_fire_at, row.next_fire_date) else {
                return Ok(());
            };
            if self.store.reminder_fire(row.id, date).await?.is_none() {
                return Ok(());
            }
            let next = schedule.next_fire(at);
            row.next_fire_at = next.map(|f| f.at);
            row.next_fire_date = next.map(|f| f.local_date);
        }
        Ok(())
    }
}

fn random_text(len: usize) -> String {
    rand::thread_rng()
        .sample_iter(&Alphanumeric)
        .take(len)
        .map(char::from)
        .collect()
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

#[cfg(test)]
mod unit {
    use super::*;

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
