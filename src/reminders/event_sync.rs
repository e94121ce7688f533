//! [`EventSync`]: keeps the Discord scheduled event of each group reminder in step with the
//! reminder's next occurrence: created when one is wanted, moved after every fire or edit, deleted
//! when there is no next occurrence any more. Best effort throughout: a failure is logged and the
//! hourly repair pass tries again, because a missing event never stops a reminder from firing.

use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
};

use crate::error::chain;
use tokio_util::task::TaskTracker;
use tracing::{debug, info, warn};

use super::{
    model::{Reminder, Routines},
    prompt, EventError, EventSpec, EventsPort,
};
use crate::{
    clock::SharedClock,
    ids::{GuildId, ReminderId},
    schedule::Fire,
    store::Store,
};

/// Syncs scheduled events, one sync at a time per reminder. Share it as `Arc<EventSync>`; the
/// service builds it with a struct literal (`locks` starts empty).
pub(crate) struct EventSync {
    pub(super) store: Arc<dyn Store>,
    pub(super) events: Arc<dyn EventsPort>,
    pub(super) clock: SharedClock,
    pub(super) routines: Routines,
    pub(super) lobby_secs: u32,
    /// The service's tracker, so waiting for the service's background work includes syncs.
    pub(super) tasks: TaskTracker,
    /// Two syncs of one reminder at once would both see "no event yet" and create two.
    pub(super) locks: Mutex<HashMap<ReminderId, Arc<tokio::sync::Mutex<()>>>>,
}

impl EventSync {
    fn lock(&self, id: ReminderId) -> Arc<tokio::sync::Mutex<()>> {
        let mut locks = self.locks.lock().unwrap_or_else(|p| p.into_inner());
        // Drop locks nobody holds, so the map stays as small as the syncs in flight.
        locks.retain(|_, l| Arc::strong_count(l) > 1);
        locks.entry(id).or_default().clone()
    }

    /// Syncs the reminder's event in the background; the caller never waits on Discord.
    pub(crate) fn spawn(self: &Arc<Self>, id: ReminderId) {
        let me = self.clone();
        self.tasks.spawn(async move { me.sync(id).await });
    }

    /// Deletes the event of a reminder that is already gone from the store, in the background.
    pub(crate) fn spawn_delete(self: &Arc<Self>, id: ReminderId, guild_id: GuildId, event_id: u64) {
        let me = self.clone();
        let lock = self.lock(id);
        self.tasks.spawn(async move {
            let _held = lock.lock().await;
            me.delete(id, guild_id, event_id).await;
        });
    }

    /// Makes the reminder's scheduled event match it: created, moved to the next occurrence, or
    /// deleted. Failures are logged; the hourly repair pass tries again.
    pub(crate) async fn sync(&self, id: ReminderId) {
        let lock = self.lock(id);
        let _held = lock.lock().await;
        let row = match self.store.reminder_by_id(id).await {
            Ok(Some(row)) => row,
            Ok(None) => return,
            Err(e) => {
                warn!(reminder_id = id.get(), error = %chain(&e), "cannot read reminder for its event");
                return;
            }
        };
        let Ok(reminder) = Reminder::from_row(&row) else {
            return;
        };
        let now = self.clock.now();
        let upcoming = reminder.upcoming(now).filter(|_| reminder.wants_event());
        match (upcoming, row.event_id) {
            (Some(fire), None) => self.create(&reminder, fire).await,
            (Some(fire), Some(event_id)) => {
                let spec = self.spec(&reminder, fire).await;
                match self.events.update(row.guild_id, event_id, &spec).await {
                    Ok(()) => {
                        debug!(reminder_id = id.get(), guild_id = row.guild_id.get(), event_id, start = %fire.at, "event moved")
                    }
                    Err(EventError::NotFound) => {
                        // Someone deleted it, or Discord ended it: make a new one.
                        self.create(&reminder, fire).await;
                    }
                    Err(e) => {
                        warn!(reminder_id = id.get(), guild_id = row.guild_id.get(), event_id, error = %chain(&e), "cannot move the event")
                    }
                }
            }
            (None, Some(event_id)) => self.delete(id, row.guild_id, event_id).await,
            (None, None) => {}
        }
    }

    async fn create(&self, reminder: &Reminder, fire: Fire) {
        let spec = self.spec(reminder, fire).await;
        let (id, guild_id) = (reminder.id, reminder.guild_id);
        match self.events.create(guild_id, &spec).await {
            Ok(event_id) => {
                if let Err(e) = self.store.set_reminder_event(id, Some(event_id)).await {
                    warn!(reminder_id = id.get(), guild_id = guild_id.get(), error = %chain(&e), "cannot record the new event");
                }
                // Removed while we were creating it: do not leave it behind.
                if matches!(self.store.reminder_by_id(id).await, Ok(None)) {
                    let _ = self.events.delete(guild_id, event_id).await;
                }
                info!(reminder_id = id.get(), guild_id = guild_id.get(), event_id, start = %fire.at, "event created");
            }
            Err(e) => {
                warn!(reminder_id = id.get(), guild_id = guild_id.get(), error = %chain(&e), "cannot create the event; the hourly repair tries again")
            }
        }
    }

    async fn delete(&self, id: ReminderId, guild_id: GuildId, event_id: u64) {
        match self.events.delete(guild_id, event_id).await {
            Ok(()) | Err(EventError::NotFound) => {
                let _ = self.store.set_reminder_event(id, None).await;
                debug!(
                    reminder_id = id.get(),
                    guild_id = guild_id.get(),
                    event_id,
                    "event deleted"
                );
            }
            Err(e) => {
                warn!(reminder_id = id.get(), guild_id = guild_id.get(), event_id, error = %chain(&e), "cannot delete the event")
            }
        }
    }

    /// The event in the server's language.
    async fn spec(&self, reminder: &Reminder, fire: Fire) -> EventSpec {
        let locale = self
            .routines
            .server_locale(self.store.as_ref(), reminder.guild_id)
            .await;
        let routine = self
            .routines
            .localized(self.routines.get(&reminder.routine_id), locale);
        prompt::event_spec(
            reminder,
            routine,
            fire.at,
            self.lobby_secs,
            crate::i18n::Tr::new(self.routines.texts(), locale),
        )
    }
}
