//! [`NudgeStore`] on PostgreSQL: the same semantics as SQLite's; a claim locks the person's row
//! (`FOR UPDATE`) so claimers in several processes queue.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use deadpool_postgres::GenericClient;
use tokio_postgres::Row;

use super::{claim_existing_fire, ts, ExistingFireSql, PostgresStore};
use crate::ids::{ChannelId, UserId};
use crate::store::nudges::{
    NudgeClaim, NudgeDone, NudgeFireRow, NudgeNext, NudgeOutcome, NudgeRow, NudgeStore,
};
use crate::store::{id_from_sql, id_to_sql, ClaimOutcome, FireStatus, StoreError};

const COLUMNS: &str = "user_id, enabled, every_minutes, from_minute, to_minute, days, timezone, \
    paused_until, next_at, handled_through, snooze_at, dm_channel_id, dms_closed, closed_notice, \
    rotation, rev, updated_at";

fn row(r: &Row) -> Result<NudgeRow, StoreError> {
    Ok(NudgeRow {
        user_id: id_from_sql(r.try_get(0)?),
        enabled: r.try_get(1)?,
        every_minutes: r.try_get::<_, i32>(2)? as u32,
        from_minute: r.try_get::<_, i32>(3)? as u32,
        to_minute: r.try_get::<_, i32>(4)? as u32,
        days: r.try_get::<_, i32>(5)? as u8,
        timezone: r.try_get(6)?,
        paused_until: r.try_get(7)?,
        next_at: r.try_get(8)?,
        handled_through: r.try_get(9)?,
        snooze_at: r.try_get(10)?,
        dm_channel_id: r.try_get::<_, Option<i64>>(11)?.map(id_from_sql),
        dms_closed: r.try_get(12)?,
        closed_notice: r.try_get(13)?,
        rotation: r.try_get::<_, i32>(14)? as u32,
        rev: r.try_get::<_, i64>(15)? as u64,
        updated_at: r.try_get(16)?,
    })
}

async fn set_next(c: &impl GenericClient, next: &NudgeNext) -> Result<bool, StoreError> {
    let n = c
        .execute(
            "UPDATE nudge_people SET handled_through = $3, snooze_at = $4, next_at = $5
             WHERE user_id = $1 AND rev = $2",
            &[
                &id_to_sql(next.user_id),
                &(next.rev as i64),
                &next.handled_through.map(ts),
                &next.snooze_at.map(ts),
                &next.next_at.map(ts),
            ],
        )
        .await?;
    Ok(n == 1)
}

#[async_trait]
impl NudgeStore for PostgresStore {
    async fn nudge_person(&self, user_id: UserId) -> Result<Option<NudgeRow>, StoreError> {
        let c = self.pool.get().await?;
        let found = c
            .query_opt(
                &format!("SELECT {COLUMNS} FROM nudge_people WHERE user_id = $1"),
                &[&id_to_sql(user_id)],
            )
            .await?;
        found.as_ref().map(row).transpose()
    }

    async fn save_nudge_settings(&self, r: &NudgeRow) -> Result<u64, StoreError> {
        let c = self.pool.get().await?;
        let saved = c
            .query_one(
                "INSERT INTO nudge_people (user_id, enabled, every_minutes, from_minute, to_minute,
                     days, timezone, paused_until, next_at, handled_through, snooze_at, dms_closed,
                     closed_notice, rev, updated_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 1, $14)
                 ON CONFLICT (user_id) DO UPDATE SET enabled = excluded.enabled,
                     every_minutes = excluded.every_minutes, from_minute = excluded.from_minute,
                     to_minute = excluded.to_minute, days = excluded.days,
                     timezone = excluded.timezone, paused_until = excluded.paused_until,
                     next_at = excluded.next_at, handled_through = excluded.handled_through,
                     snooze_at = excluded.snooze_at,
                     dms_closed = CASE WHEN $15::BIGINT = 0 THEN excluded.dms_closed
                         ELSE nudge_people.dms_closed END,
                     closed_notice = CASE WHEN $15::BIGINT = 0 THEN excluded.closed_notice
                         ELSE nudge_people.closed_notice END,
                     rev = nudge_people.rev + 1,
                     updated_at = excluded.updated_at
                 RETURNING rev",
                &[
                    &id_to_sql(r.user_id),
                    &r.enabled,
                    &(r.every_minutes as i32),
                    &(r.from_minute as i32),
                    &(r.to_minute as i32),
                    &i32::from(r.days),
                    &r.timezone,
                    &r.paused_until.map(ts),
                    &r.next_at.map(ts),
                    &r.handled_through.map(ts),
                    &r.snooze_at.map(ts),
                    &r.dms_closed,
                    &r.closed_notice,
                    &ts(r.updated_at),
                    &i64::try_from(r.rev).unwrap_or(i64::MAX),
                ],
            )
            .await?;
        Ok(saved.try_get::<_, i64>(0)? as u64)
    }

    async fn set_nudge_next(&self, next: &NudgeNext) -> Result<bool, StoreError> {
        let c = self.pool.get().await?;
        set_next(&c, next).await
    }

    async fn set_nudge_dm_channel(
        &self,
        user_id: UserId,
        channel_id: ChannelId,
    ) -> Result<(), StoreError> {
        let c = self.pool.get().await?;
        c.execute(
            "UPDATE nudge_people SET dm_channel_id = $2 WHERE user_id = $1",
            &[&id_to_sql(user_id), &id_to_sql(channel_id)],
        )
        .await?;
        Ok(())
    }

    async fn close_nudge_dms(&self, user_id: UserId) -> Result<bool, StoreError> {
        let c = self.pool.get().await?;
        let n = c
            .execute(
                "UPDATE nudge_people SET dms_closed = TRUE, closed_notice = TRUE, next_at = NULL,
                     snooze_at = NULL, dm_channel_id = NULL, rev = rev + 1
                 WHERE user_id = $1 AND NOT dms_closed",
                &[&id_to_sql(user_id)],
            )
            .await?;
        Ok(n == 1)
    }

    async fn take_nudge_notice(&self, user_id: UserId) -> Result<bool, StoreError> {
        let c = self.pool.get().await?;
        let n = c
            .execute(
                "UPDATE nudge_people SET closed_notice = FALSE WHERE user_id = $1 AND closed_notice",
                &[&id_to_sql(user_id)],
            )
            .await?;
        Ok(n == 1)
    }

    async fn due_nudges(
        &self,
        now: DateTime<Utc>,
        limit: u32,
    ) -> Result<Vec<NudgeRow>, StoreError> {
        let c = self.pool.get().await?;
        let rows = c
            .query(
                &format!(
                    "SELECT {COLUMNS} FROM nudge_people
                     WHERE enabled AND NOT dms_closed AND next_at <= $1
                     ORDER BY next_at LIMIT $2"
                ),
                &[&ts(now), &i64::from(limit)],
            )
            .await?;
        rows.iter().map(row).collect()
    }

    async fn earliest_nudge(&self) -> Result<Option<DateTime<Utc>>, StoreError> {
        let c = self.pool.get().await?;
        let r = c
            .query_one(
                "SELECT MIN(next_at) FROM nudge_people WHERE enabled AND NOT dms_closed",
                &[],
            )
            .await?;
        Ok(r.try_get(0)?)
    }

    async fn claim_nudge_fire(&self, claim: &NudgeClaim) -> Result<ClaimOutcome, StoreError> {
        let mut c = self.pool.get().await?;
        let tx = c.transaction().await?;
        let id = id_to_sql(claim.user_id);
        let current = tx
            .query_opt(
                "SELECT rev FROM nudge_people
                 WHERE user_id = $1 AND enabled AND NOT dms_closed FOR UPDATE",
                &[&id],
            )
            .await?;
        let rev = current.map(|r| r.try_get::<_, i64>(0)).transpose()?;
        if rev.map(|r| r as u64) != Some(claim.rev) {
            return Ok(ClaimOutcome::Stale);
        }
        let (slot, lease_until, now) = (ts(claim.slot_at), ts(claim.lease_until), ts(claim.now));
        let inserted = tx
            .execute(
                "INSERT INTO nudge_fires (user_id, slot_at, status, attempts, lease_until,
                     claimed_by, first_claimed_at, stretch_id, updated_at)
                 VALUES ($1, $2, 'claimed', 1, $3, $4, $5, $6, $5)
                 ON CONFLICT (user_id, slot_at) DO NOTHING",
                &[
                    &id,
                    &slot,
                    &lease_until,
                    &claim.instance,
                    &now,
                    &claim.stretch_id,
                ],
            )
            .await?;
        let outcome = if inserted == 1 {
            ClaimOutcome::Claimed {
                attempt: 1,
                first_claimed_at: now,
            }
        } else {
            claim_existing_fire(
                &tx,
                &ExistingFireSql {
                    select: "SELECT status, lease_until, attempts, first_claimed_at
                             FROM nudge_fires WHERE user_id = $1 AND slot_at = $2",
                    look_again: "UPDATE nudge_people SET next_at = $2 WHERE user_id = $1",
                    take_over: "UPDATE nudge_fires SET status = 'claimed',
                                    attempts = attempts + 1, lease_until = $3, claimed_by = $4,
                                    updated_at = $5
                                WHERE user_id = $1 AND slot_at = $2",
                },
                id,
                &slot,
                claim.lease_until,
                &claim.instance,
                claim.now,
            )
            .await?
        };
        if matches!(outcome, ClaimOutcome::Claimed { .. }) {
            // Not due again while the claim lives; the finish sets the real next time.
            tx.execute(
                "UPDATE nudge_people SET next_at = $2 WHERE user_id = $1",
                &[&id, &lease_until],
            )
            .await?;
        }
        tx.commit().await?;
        Ok(outcome)
    }

    async fn finish_nudge_fire(&self, done: &NudgeDone) -> Result<bool, StoreError> {
        let mut c = self.pool.get().await?;
        let tx = c.transaction().await?;
        let id = id_to_sql(done.user_id);
        let n = tx
            .execute(
                "UPDATE nudge_fires SET status = $5, message_id = $6, lease_until = NULL,
                     updated_at = $7
                 WHERE user_id = $1 AND slot_at = $2 AND claimed_by = $3 AND attempts = $4
                     AND status = 'claimed'",
                &[
                    &id,
                    &ts(done.slot_at),
                    &done.claimed_by,
                    &(done.attempt as i32),
                    &done.status.as_str(),
                    &done.message_id.map(id_to_sql),
                    &ts(done.now),
                ],
            )
            .await?;
        if n == 0 {
            return Ok(false);
        }
        set_next(&tx, &done.next).await?;
        if done.posted {
            tx.execute(
                "UPDATE nudge_people SET rotation = rotation + 1 WHERE user_id = $1",
                &[&id],
            )
            .await?;
        }
        tx.commit().await?;
        Ok(true)
    }

    async fn nudge_fire(
        &self,
        user_id: UserId,
        slot_at: DateTime<Utc>,
    ) -> Result<Option<NudgeFireRow>, StoreError> {
        let c = self.pool.get().await?;
        let found = c
            .query_opt(
                "SELECT status, attempts, message_id, stretch_id, outcome FROM nudge_fires
                 WHERE user_id = $1 AND slot_at = $2",
                &[&id_to_sql(user_id), &ts(slot_at)],
            )
            .await?;
        let Some(r) = found else {
            return Ok(None);
        };
        let status: String = r.try_get(0)?;
        let outcome: Option<String> = r.try_get(4)?;
        Ok(Some(NudgeFireRow {
            user_id,
            slot_at,
            status: FireStatus::parse(&status).unwrap_or(FireStatus::Failed),
            attempts: r.try_get::<_, i32>(1)? as u32,
            message_id: r.try_get::<_, Option<i64>>(2)?.map(id_from_sql),
            stretch_id: r.try_get(3)?,
            outcome: outcome.as_deref().and_then(NudgeOutcome::parse),
        }))
    }

    async fn set_nudge_outcome(
        &self,
        user_id: UserId,
        slot_at: DateTime<Utc>,
        outcome: NudgeOutcome,
    ) -> Result<bool, StoreError> {
        let c = self.pool.get().await?;
        let n = c
            .execute(
                "UPDATE nudge_fires SET outcome = $3 WHERE user_id = $1 AND slot_at = $2",
                &[&id_to_sql(user_id), &ts(slot_at), &outcome.as_str()],
            )
            .await?;
        Ok(n == 1)
    }

    async fn person_locale(&self, user_id: UserId) -> Result<Option<String>, StoreError> {
        let c = self.pool.get().await?;
        let r = c
            .query_opt(
                "SELECT locale FROM people WHERE user_id = $1",
                &[&id_to_sql(user_id)],
            )
            .await?;
        Ok(r.map(|r| r.try_get(0)).transpose()?)
    }

    async fn set_person_locale(&self, user_id: UserId, code: &str) -> Result<bool, StoreError> {
        let c = self.pool.get().await?;
        let n = c
            .execute(
                "INSERT INTO people (user_id, locale)
                 SELECT $1, $2 WHERE EXISTS (SELECT 1 FROM nudge_people WHERE user_id = $1)
                 ON CONFLICT (user_id) DO UPDATE SET locale = excluded.locale",
                &[&id_to_sql(user_id), &code],
            )
            .await?;
        Ok(n == 1)
    }

    async fn purge_nudge_fires_before(&self, before: DateTime<Utc>) -> Result<u64, StoreError> {
        let c = self.pool.get().await?;
        Ok(
            c.execute("DELETE FROM nudge_fires WHERE slot_at < $1", &[&ts(before)])
                .await?,
        )
    }
}
