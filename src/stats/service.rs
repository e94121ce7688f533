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

    /// The weekdays a missed day breaks a person's streak on: their nudge days while they have
    /// nudges on (a weekdays-only person keeps their streak over the weekend), else every day.
    pub async fn counted_days(&self, user_id: UserId) -> DaySet {
        match self.store.nudge_person(user_id).await {
            Ok(Some(row)) if row.enabled => DaySet::from_bits_truncate(row.days),
            Ok(_) => DaySet::EVERY_DAY,
            Err(e) => {
                tracing::warn!(error = %crate::error::chain(&e), "cannot read a person's nudge days; counting every day");
                DaySet::EVERY_DAY
            }
        }
    }

    /// The zone a person's days are counted in: the one they chose for their nudges, else
    /// their server's, else the default.
    pub async fn person_zone(&self, user_id: UserId, guild_id: Option<GuildId>) -> Tz {
        match self.store.nudge_person(user_id).await {
            Ok(Some(row)) => match row.timezone.parse() {
                Ok(tz) => tz,
                Err(_) => self.zone(guild_id).await,
            },
            Ok(None) => self.zone(guild_id).await,
            Err(e) => {
                tracing::warn!(error = %crate::error::chain(&e), "cannot read a person's nudge zone; using the server's");
                self.zone(guild_id).await
            }
        }
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
        let tz = self.person_zone(user_id, guild_id).await;
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

    /// Deletes every row about a person: check-ins, stats sharing, nudge settings and records,
    /// and their last seen language.
    pub async fn forget(&self, user_id: UserId) -> Result<u64, StoreError> {
        // One transaction: a failure leaves everything, never half.
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

    fn weekday_nudges(user_id: UserId, timezone: &str) -> crate::store::NudgeRow {
        crate::store::NudgeRow {
            user_id,
            enabled: true,
            every_minutes: 90,
            from_minute: 9 * 60,
            to_minute: 17 * 60,
            days: DaySet::WEEKDAYS.to_bits(),
            timezone: timezone.into(),
            paused_until: None,
            next_at: None,
            handled_through: None,
            snooze_at: None,
            dm_channel_id: None,
            dms_closed: false,
            closed_notice: false,
            rotation: 0,
            rev: 0,
            updated_at: utc("2026-11-20T08:00:00Z"),
        }
    }

    #[tokio::test]
    async fn a_weekdays_nudger_keeps_the_streak_over_the_weekend_in_their_own_zone() {
        let store: Arc<dyn Store> = Arc::new(SqliteStore::in_memory().unwrap());
        // Friday 2026-11-20, 23:30 in Tokyo (14:30 UTC).
        let clock = ManualClock::at(utc("2026-11-20T14:30:00Z"));
        let stats = StatsService::new(store.clone(), clock.clone(), chrono_tz::UTC, 400);
        let (nudger, other) = (UserId::new(5), UserId::new(6));
        store
            .save_nudge_settings(&weekday_nudges(nudger, "Asia/Tokyo"))
            .await
            .unwrap();
        let nudge = |n: &str| CheckinSource::Nudge { slot: n.into() };
        for who in [nudger, other] {
            stats.check_in(who, None, nudge("fri"), 2).await.unwrap();
        }
        // Monday 2026-11-23, 09:00 in Tokyo: the weekend between broke only the other's.
        clock.set(utc("2026-11-23T00:00:00Z"));
        let monday = |who| stats.check_in(who, None, nudge("mon"), 2);
        assert_eq!(monday(nudger).await.unwrap().streak, 2);
        assert_eq!(monday(other).await.unwrap().streak, 1);
        // Forgetting the nudger takes their nudge settings too.
        stats.forget(nudger).await.unwrap();
        assert_eq!(store.nudge_person(nudger).await.unwrap(), None);
    }
}
