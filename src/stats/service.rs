//! Check-ins and `/stats` over the store: what the Discord adapter calls. Reads "now" from the
//! clock and a person's zone from their server (else the configured default), so the rules in
//! [`super`] stay pure.

use std::sync::Arc;

use chrono::Duration;
use chrono_tz::Tz;

use super::{person_summary, team_summary, PersonSummary, TeamSummary};
use crate::clock::SharedClock;
use crate::ids::{GuildId, UserId};
use crate::schedule::DaySet;
use crate::store::{CheckIn, CheckinSource, Store, StoreError};

/// What a check-in came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CheckedIn {
    /// False: this person had already checked in for this source.
    pub new: bool,
    /// The person's current streak, this check-in included.
    pub streak: u32,
    /// How many people have checked in for this source.
    pub count: u32,
}

pub struct StatsService {
    store: Arc<dyn Store>,
    clock: SharedClock,
    default_zone: Tz,
    retention: Duration,
}

impl StatsService {
    pub fn new(
        store: Arc<dyn Store>,
        clock: SharedClock,
        default_zone: Tz,
        checkin_retention_days: u32,
    ) -> Self {
        Self {
            store,
            clock,
            default_zone,
            retention: Duration::days(i64::from(checkin_retention_days)),
        }
    }

    /// The zone a person's days are counted in: their server's, else the default.
    pub async fn zone(&self, guild_id: Option<GuildId>) -> Tz {
        let Some(guild) = guild_id else {
            return self.default_zone;
        };
        match self.store.guild_timezone(guild).await {
            Ok(Some(name)) => name.parse().unwrap_or(self.default_zone),
            Ok(None) => self.default_zone,
            Err(e) => {
                tracing::warn!(guild_id = guild.get(), error = %crate::error::chain(&e), "cannot read the server's zone; counting days in the default one");
                self.default_zone
            }
        }
    }

    /// The weekdays a missed day breaks a person's streak on. Every day for now: the person's
    /// nudge days take this place once nudges exist (issue #17).
    pub async fn counted_days(&self, _user_id: UserId) -> DaySet {
        DaySet::EVERY_DAY
    }

    /// Records a check-in now (idempotent per person and source).
    pub async fn check_in(
        &self,
        user_id: UserId,
        guild_id: Option<GuildId>,
        source: CheckinSource,
        minutes: u32,
    ) -> Result<CheckedIn, StoreError> {
        let checkin = CheckIn {
            user_id,
            guild_id,
            source: source.clone(),
            at: self.clock.now(),
            minutes,
        };
        let new = self.store.record_checkin(&checkin).await?;
        let (summary, _) = self.person(user_id, guild_id).await?;
        let count = self.store.count_checkins(&source).await?;
        Ok(CheckedIn {
            new,
            streak: summary.streaks.current,
            count,
        })
    }

    /// What `/stats me` shows, and the zone its days are in.
    pub async fn person(
        &self,
        user_id: UserId,
        guild_id: Option<GuildId>,
    ) -> Result<(PersonSummary, Tz), StoreError> {
        let now = self.clock.now();
        let tz = self.zone(guild_id).await;
        let checkins = self
            .store
            .user_checkins(user_id, now - self.retention)
            .await?;
        let counted = self.counted_days(user_id).await;
        Ok((person_summary(&checkins, counted, tz, now), tz))
    }

    /// What `/stats server` shows.
    pub async fn team(&self, guild_id: GuildId) -> Result<TeamSummary, StoreError> {
        let now = self.clock.now();
        let tz = self.zone(Some(guild_id)).await;
        let since = super::chart_since(super::local_date(now, tz));
        let checkins = self.store.guild_checkins(guild_id, since).await?;
        let sharers = self.store.stats_sharers(guild_id).await?;
        Ok(team_summary(&checkins, &sharers, tz, now))
    }

    pub async fn share(
        &self,
        user_id: UserId,
        guild_id: GuildId,
        share: bool,
    ) -> Result<(), StoreError> {
        self.store.set_stats_sharing(user_id, guild_id, share).await
    }

    /// Deletes every check-in and stats row about a person. The nudges' own rows join here
    /// when nudges exist (issue #17).
    pub async fn forget(&self, user_id: UserId) -> Result<u64, StoreError> {
        self.store.forget_person(user_id).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::ReminderId;
    use crate::store::SqliteStore;
    use crate::test_support::{date, utc, ManualClock};

    #[tokio::test]
    async fn a_second_press_does_not_count_twice_and_the_streak_grows_by_day() {
        let store: Arc<dyn Store> = Arc::new(SqliteStore::in_memory().unwrap());
        let clock = ManualClock::at(utc("2026-11-23T09:00:00Z"));
        let stats = StatsService::new(store, clock.clone(), chrono_tz::UTC, 400);
        let prompt = |day: &str| CheckinSource::Prompt {
            reminder_id: ReminderId::new(1),
            local_date: date(day),
        };
        let alice = UserId::new(5);
        let guild = Some(GuildId::new(1));
        let first = stats
            .check_in(alice, guild, prompt("2026-11-23"), 2)
            .await
            .unwrap();
        assert_eq!(
            first,
            CheckedIn {
                new: true,
                streak: 1,
                count: 1
            }
        );
        let again = stats
            .check_in(alice, guild, prompt("2026-11-23"), 2)
            .await
            .unwrap();
        assert_eq!(
            again,
            CheckedIn {
                new: false,
                streak: 1,
                count: 1
            }
        );
        clock.advance(Duration::days(1));
        let next = stats
            .check_in(alice, guild, prompt("2026-11-24"), 2)
            .await
            .unwrap();
        assert_eq!(
            next,
            CheckedIn {
                new: true,
                streak: 2,
                count: 1
            }
        );
        assert!(stats.forget(alice).await.unwrap() >= 2);
        let (after, _) = stats.person(alice, guild).await.unwrap();
        assert_eq!(after.streaks.best, 0);
    }
}
