//! [`Housekeeping`]: the UTC cron jobs beside the firing loop. A daily retention purge deletes
//! what servers that removed the bot left behind, and an hourly repair pass re-arms reminders
//! that lost their pending fire and retries scheduled events that failed to appear. Nothing here
//! is wall-time arithmetic in a local zone, which tokio-cron-scheduler gets wrong across DST.

use crate::error::chain;
use std::{
    future::Future,
    sync::{Arc, Weak},
};

use chrono::{DateTime, Duration, NaiveDate, Utc};
use tokio::sync::Notify;
use tokio_cron_scheduler::{Job, JobScheduler, JobSchedulerError};
use tracing::{debug, error, info, warn};

use super::{event_sync::EventSync, model::Reminder};
use crate::{
    clock::SharedClock,
    shards::{Ownership, ShardSet},
    store::Store,
};

/// Fire records older than this are deleted: they only guard against duplicates for a day.
const FIRE_RECORDS_KEPT_DAYS: i64 = 35;

/// Reminders the repair pass looks at per run.
const REPAIR_BATCH: u32 = 1000;

/// `data.checkin_retention_days`' default, for a housekeeping built without the config.
const DEFAULT_CHECKIN_RETENTION_DAYS: u32 = 400;

/// Share it as `Arc<Housekeeping>`; the cron jobs hold it weakly, so they do nothing once the
/// service is gone.
#[derive(Clone)]
pub(crate) struct Housekeeping {
    store: Arc<dyn Store>,
    /// The repair pass looks only at these shards' servers; the purges, bot-wide chores, run
    /// only in the owner of shard 0, so that several processes do not all do them.
    shards: Arc<dyn Ownership>,
    clock: SharedClock,
    events: Arc<EventSync>,
    /// The firing loop's wake-up: a re-armed reminder may be due before the loop's next look.
    wake: Arc<Notify>,
    retention_days: u32,
    /// Check-ins older than this many days are deleted.
    checkin_retention_days: u32,
}

impl Housekeeping {
    pub(crate) fn new(
        store: Arc<dyn Store>,
        clock: SharedClock,
        events: Arc<EventSync>,
        wake: Arc<Notify>,
        retention_days: u32,
    ) -> Self {
        Self {
            store,
            shards: Arc::new(ShardSet::everything()),
            clock,
            events,
            wake,
            retention_days,
            checkin_retention_days: DEFAULT_CHECKIN_RETENTION_DAYS,
        }
    }

    pub(crate) fn keeping_checkins_for(self, days: u32) -> Self {
        Self {
            checkin_retention_days: days,
            ..self
        }
    }

    pub(crate) fn for_shards(self, shards: Arc<dyn Ownership>) -> Self {
        Self { shards, ..self }
    }

    /// Starts the cron jobs; `None` if the scheduler cannot run (reminders still fire).
    pub(crate) async fn start(self: &Arc<Self>) -> Option<JobScheduler> {
        let scheduler = match JobScheduler::new().await {
            Ok(s) => s,
            Err(e) => {
                error!(error = %chain(&e), "cannot start the housekeeping scheduler; reminders still fire");
                return None;
            }
        };
        let purge = self.job("0 0 3 * * *", |me| async move { me.purge().await });
        let repair = self.job("0 7 * * * *", |me| async move { me.repair().await });
        for job in [purge, repair] {
            match job {
                Ok(job) => {
                    if let Err(e) = scheduler.add(job).await {
                        error!(error = %chain(&e), "cannot add a housekeeping job");
                    }
                }
                Err(e) => error!(error = %chain(&e), "bad housekeeping job"),
            }
        }
        if let Err(e) = scheduler.start().await {
            error!(error = %chain(&e), "cannot start the housekeeping scheduler; reminders still fire");
            return None;
        }
        Some(scheduler)
    }

    /// The job holds the housekeeping weakly: once the service is dropped, a job the scheduler
    /// still runs does nothing.
    fn job<F, Fut>(self: &Arc<Self>, cron: &str, work: F) -> Result<Job, JobSchedulerError>
    where
        F: Fn(Arc<Self>) -> Fut + Clone + Send + Sync + 'static,
        Fut: Future<Output = ()> + Send + 'static,
    {
        let me: Weak<Self> = Arc::downgrade(self);
        Job::new_async(cron, move |_, _| {
            let me = me.clone();
            let work = work.clone();
            Box::pin(async move {
                if let Some(me) = me.upgrade() {
                    work(me).await;
                }
            })
        })
    }

    /// Deletes the data of servers that removed the bot more than `data.retention_days` ago,
    /// and fire records nobody needs any more.
    pub(crate) async fn purge(&self) {
        if !self.shards.owned().contains(0) {
            debug!("the retention purge is shard 0's owner's chore");
            return;
        }
        let now = self.clock.now();
        // The config caps retention at ten years; saturate anyway rather than panic.
        let cutoff = now
            .checked_sub_signed(Duration::days(i64::from(self.retention_days)))
            .unwrap_or(DateTime::<Utc>::MIN_UTC);
        match self.store.purge_removed_before(cutoff).await {
            Ok(n) => info!(servers = n, cutoff = %cutoff, "retention purge done"),
            Err(e) => error!(error = %chain(&e), "retention purge failed"),
        }
        let checkins_before = now
            .checked_sub_signed(Duration::days(i64::from(self.checkin_retention_days)))
            .unwrap_or(DateTime::<Utc>::MIN_UTC);
        match self.store.purge_checkins_before(checkins_before).await {
            Ok(n) => debug!(checkins = n, "old check-ins deleted"),
            Err(e) => warn!(error = %chain(&e), "cannot delete old check-ins"),
        }
        let before: NaiveDate = (now - Duration::days(FIRE_RECORDS_KEPT_DAYS)).date_naive();
        match self.store.purge_reminder_fires_before(before).await {
            Ok(n) => debug!(records = n, "old fire records deleted"),
            Err(e) => warn!(error = %chain(&e), "cannot delete old fire records"),
        }
    }

    /// The hourly safety pass: re-arms active reminders that lost their pending fire, retries
    /// scheduled events that failed to appear, and wakes the loop.
    pub(crate) async fn repair(&self) {
        let rows = match self
            .store
            .reminders_to_repair(REPAIR_BATCH, &self.shards.owned())
            .await
        {
            Ok(rows) => rows,
            Err(e) => {
                warn!(error = %chain(&e), "repair pass cannot read reminders");
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
                    warn!(reminder_id = row.id.get(), error = %chain(&e), "cannot re-arm reminder");
                } else {
                    info!(
                        reminder_id = row.id.get(),
                        guild_id = row.guild_id.get(),
                        "reminder re-armed by the repair pass"
                    );
                }
            }
            if reminder.wants_event() && row.event_id.is_none() {
                self.events.spawn(row.id);
            }
        }
        self.wake.notify_one();
    }
}
