//! [`NudgeStore`] on SQLite: the same semantics as PostgreSQL's, in one file's transactions.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use rusqlite::{params, OptionalExtension, TransactionBehavior};

use super::{claim_existing_fire, parse_ts, ts, ExistingFireSql, SqliteStore};
use crate::ids::{ChannelId, UserId};
use crate::store::nudges::{
    NudgeClaim, NudgeDone, NudgeFireRow, NudgeNext, NudgeOutcome, NudgeRow, NudgeStore,
};
use crate::store::{id_from_sql, id_to_sql, ClaimOutcome, FireStatus, StoreError};

const COLUMNS: &str = "user_id, enabled, every_minutes, from_minute, to_minute, days, timezone, \
    paused_until, next_at, handled_through, snooze_at, dm_channel_id, dms_closed, closed_notice, \
    rotation, rev, updated_at";

fn opt_ts(s: Option<String>) -> rusqlite::Result<Option<DateTime<Utc>>> {
    s.map(|s| parse_ts(&s)).transpose()
}

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<NudgeRow> {
    Ok(NudgeRow {
        user_id: id_from_sql(r.get(0)?),
        enabled: r.get(1)?,
        every_minutes: r.get(2)?,
        from_minute: r.get(3)?,
        to_minute: r.get(4)?,
        days: r.get(5)?,
        timezone: r.get(6)?,
        paused_until: opt_ts(r.get(7)?)?,
        next_at: opt_ts(r.get(8)?)?,
        handled_through: opt_ts(r.get(9)?)?,
        snooze_at: opt_ts(r.get(10)?)?,
        dm_channel_id: r.get::<_, Option<i64>>(11)?.map(id_from_sql),
        dms_closed: r.get(12)?,
        closed_notice: r.get(13)?,
        rotation: r.get(14)?,
        rev: r.get::<_, i64>(15)? as u64,
        updated_at: parse_ts(&r.get::<_, String>(16)?)?,
    })
}

fn set_next(c: &rusqlite::Connection, next: &NudgeNext) -> rusqlite::Result<bool> {
    let n = c.execute(
        "UPDATE nudge_people SET handled_through = ?3, snooze_at = ?4, next_at = ?5
         WHERE user_id = ?1 AND rev = ?2",
        params![
            id_to_sql(next.user_id),
            next.rev as i64,
            next.handled_through.map(ts),
            next.snooze_at.map(ts),
            next.next_at.map(ts)
        ],
    )?;
    Ok(n == 1)
}

#[async_trait]
impl NudgeStore for SqliteStore {
    async fn nudge_person(&self, user_id: UserId) -> Result<Option<NudgeRow>, StoreError> {
        self.with(move |c| {
            Ok(c.query_row(
                &format!("SELECT {COLUMNS} FROM nudge_people WHERE user_id = ?1"),
                params![id_to_sql(user_id)],
                row,
            )
            .optional()?)
        })
        .await
    }

    async fn save_nudge_settings(&self, r: &NudgeRow) -> Result<u64, StoreError> {
        let r = r.clone();
        self.with(move |c| {
            Ok(c.query_row(
                "INSERT INTO nudge_people (user_id, enabled, every_minutes, from_minute, to_minute,
                     days, timezone, paused_until, next_at, handled_through, snooze_at, dms_closed,
                     closed_notice, rev, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, 1, ?14)
                 ON CONFLICT (user_id) DO UPDATE SET enabled = excluded.enabled,
                     every_minutes = excluded.every_minutes, from_minute = excluded.from_minute,
                     to_minute = excluded.to_minute, days = excluded.days,
                     timezone = excluded.timezone, paused_until = excluded.paused_until,
                     next_at = excluded.next_at, handled_through = excluded.handled_through,
                     snooze_at = excluded.snooze_at,
                     dms_closed = CASE WHEN ?15 = 0 THEN excluded.dms_closed
                         ELSE nudge_people.dms_closed END,
                     closed_notice = CASE WHEN ?15 = 0 THEN excluded.closed_notice
                         ELSE nudge_people.closed_notice END,
                     rev = nudge_people.rev + 1,
                     updated_at = excluded.updated_at
                 RETURNING rev",
                params![
                    id_to_sql(r.user_id),
                    r.enabled,
                    r.every_minutes,
                    r.from_minute,
                    r.to_minute,
                    r.days,
                    r.timezone,
                    r.paused_until.map(ts),
                    r.next_at.map(ts),
                    r.handled_through.map(ts),
                    r.snooze_at.map(ts),
                    r.dms_closed,
                    r.closed_notice,
                    ts(r.updated_at),
                    i64::try_from(r.rev).unwrap_or(i64::MAX)
                ],
                |r| r.get::<_, i64>(0),
            )? as u64)
        })
        .await
    }

    async fn set_nudge_next(&self, next: &NudgeNext) -> Result<bool, StoreError> {
        let next = next.clone();
        self.with(move |c| Ok(set_next(c, &next)?)).await
    }

    async fn set_nudge_dm_channel(
        &self,
        user_id: UserId,
        channel_id: ChannelId,
    ) -> Result<(), StoreError> {
        self.with(move |c| {
            c.execute(
                "UPDATE nudge_people SET dm_channel_id = ?2 WHERE user_id = ?1",
                params![id_to_sql(user_id), id_to_sql(channel_id)],
            )?;
            Ok(())
        })
        .await
    }

    async fn close_nudge_dms(&self, user_id: UserId) -> Result<bool, StoreError> {
        self.with(move |c| {
            let n = c.execute(
                "UPDATE nudge_people SET dms_closed = 1, closed_notice = 1, next_at = NULL,
                     snooze_at = NULL, dm_channel_id = NULL, rev = rev + 1
                 WHERE user_id = ?1 AND dms_closed = 0",
                params![id_to_sql(user_id)],
            )?;
            Ok(n == 1)
        })
        .await
    }

    async fn take_nudge_notice(&self, user_id: UserId) -> Result<bool, StoreError> {
        self.with(move |c| {
            let id = id_to_sql(user_id);
            // A read first: nearly every command finds nothing and takes no write lock.
            let pending: bool = c
                .query_row(
                    "SELECT closed_notice FROM nudge_people WHERE user_id = ?1",
                    params![id],
                    |r| r.get(0),
                )
                .optional()?
                .unwrap_or(false);
            if !pending {
                return Ok(false);
            }
            let n = c.execute(
                "UPDATE nudge_people SET closed_notice = 0 WHERE user_id = ?1 AND closed_notice = 1",
                params![id],
            )?;
            Ok(n == 1)
        })
        .await
    }

    async fn due_nudges(
        &self,
        now: DateTime<Utc>,
        limit: u32,
    ) -> Result<Vec<NudgeRow>, StoreError> {
        self.with(move |c| {
            let mut stmt = c.prepare(&format!(
                "SELECT {COLUMNS} FROM nudge_people
                 WHERE enabled = 1 AND dms_closed = 0 AND next_at <= ?1
                 ORDER BY next_at LIMIT ?2"
            ))?;
            let rows = stmt
                .query_map(params![ts(now), limit], row)?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(rows)
        })
        .await
    }

    async fn earliest_nudge(&self) -> Result<Option<DateTime<Utc>>, StoreError> {
        self.with(move |c| {
            let at: Option<String> = c.query_row(
                "SELECT MIN(next_at) FROM nudge_people WHERE enabled = 1 AND dms_closed = 0",
                [],
                |r| r.get(0),
            )?;
            Ok(opt_ts(at)?)
        })
        .await
    }

    async fn claim_nudge_fire(&self, claim: &NudgeClaim) -> Result<ClaimOutcome, StoreError> {
        let claim = claim.clone();
        self.with(move |c| {
            let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let id = id_to_sql(claim.user_id);
            let rev: Option<i64> = tx
                .query_row(
                    "SELECT rev FROM nudge_people
                     WHERE user_id = ?1 AND enabled = 1 AND dms_closed = 0",
                    params![id],
                    |r| r.get(0),
                )
                .optional()?;
            if rev.map(|r| r as u64) != Some(claim.rev) {
                return Ok(ClaimOutcome::Stale);
            }
            let slot = ts(claim.slot_at);
            let inserted = tx.execute(
                "INSERT INTO nudge_fires (user_id, slot_at, status, attempts, lease_until,
                     claimed_by, first_claimed_at, stretch_id, updated_at)
                 VALUES (?1, ?2, 'claimed', 1, ?3, ?4, ?5, ?6, ?5)
                 ON CONFLICT (user_id, slot_at) DO NOTHING",
                params![
                    id,
                    slot,
                    ts(claim.lease_until),
                    claim.instance,
                    ts(claim.now),
                    claim.stretch_id
                ],
            )?;
            let outcome = if inserted == 1 {
                ClaimOutcome::Claimed {
                    attempt: 1,
                    first_claimed_at: claim.now,
                }
            } else {
                claim_existing_fire(
                    &tx,
                    &ExistingFireSql {
                        select: "SELECT status, lease_until, attempts, first_claimed_at
                                 FROM nudge_fires WHERE user_id = ?1 AND slot_at = ?2",
                        look_again: "UPDATE nudge_people SET next_at = ?2 WHERE user_id = ?1",
                        take_over: "UPDATE nudge_fires SET status = 'claimed',
                                        attempts = attempts + 1, lease_until = ?3,
                                        claimed_by = ?4, updated_at = ?5
                                    WHERE user_id = ?1 AND slot_at = ?2",
                    },
                    id,
                    &slot,
                    claim.lease_until,
                    &claim.instance,
                    claim.now,
                )?
            };
            if matches!(outcome, ClaimOutcome::Claimed { .. }) {
                // Not due again while the claim lives; the finish sets the real next time.
                tx.execute(
                    "UPDATE nudge_people SET next_at = ?2 WHERE user_id = ?1",
                    params![id, ts(claim.lease_until)],
                )?;
            }
            tx.commit()?;
            Ok(outcome)
        })
        .await
    }

    async fn finish_nudge_fire(&self, done: &NudgeDone) -> Result<bool, StoreError> {
        let done = done.clone();
        self.with(move |c| {
            let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let id = id_to_sql(done.user_id);
            let n = tx.execute(
                "UPDATE nudge_fires SET status = ?5, message_id = ?6, lease_until = NULL,
                     updated_at = ?7
                 WHERE user_id = ?1 AND slot_at = ?2 AND claimed_by = ?3 AND attempts = ?4
                     AND status = 'claimed'",
                params![
                    id,
                    ts(done.slot_at),
                    done.claimed_by,
                    done.attempt,
                    done.status.as_str(),
                    done.message_id.map(id_to_sql),
                    ts(done.now)
                ],
            )?;
            if n == 0 {
                return Ok(false);
            }
            set_next(&tx, &done.next)?;
            if done.posted {
                tx.execute(
                    "UPDATE nudge_people SET rotation = rotation + 1 WHERE user_id = ?1",
                    params![id],
                )?;
            }
            tx.commit()?;
            Ok(true)
        })
        .await
    }

    async fn nudge_fire(
        &self,
        user_id: UserId,
        slot_at: DateTime<Utc>,
    ) -> Result<Option<NudgeFireRow>, StoreError> {
        self.with(move |c| {
            let found = c
                .query_row(
                    "SELECT status, attempts, message_id, stretch_id, outcome FROM nudge_fires
                     WHERE user_id = ?1 AND slot_at = ?2",
                    params![id_to_sql(user_id), ts(slot_at)],
                    |r| {
                        Ok((
                            r.get::<_, String>(0)?,
                            r.get::<_, i64>(1)?,
                            r.get::<_, Option<i64>>(2)?,
                            r.get::<_, String>(3)?,
                            r.get::<_, Option<String>>(4)?,
                        ))
                    },
                )
                .optional()?;
            Ok(found.map(
                |(status, attempts, message, stretch, outcome)| NudgeFireRow {
                    user_id,
                    slot_at,
                    status: FireStatus::parse(&status).unwrap_or(FireStatus::Failed),
                    attempts: attempts as u32,
                    message_id: message.map(id_from_sql),
                    stretch_id: stretch,
                    outcome: outcome.as_deref().and_then(NudgeOutcome::parse),
                },
            ))
        })
        .await
    }

    async fn set_nudge_outcome(
        &self,
        user_id: UserId,
        slot_at: DateTime<Utc>,
        outcome: NudgeOutcome,
    ) -> Result<bool, StoreError> {
        self.with(move |c| {
            let n = c.execute(
                "UPDATE nudge_fires SET outcome = ?3 WHERE user_id = ?1 AND slot_at = ?2",
                params![id_to_sql(user_id), ts(slot_at), outcome.as_str()],
            )?;
            Ok(n == 1)
        })
        .await
    }

    async fn person_locale(&self, user_id: UserId) -> Result<Option<String>, StoreError> {
        self.with(move |c| {
            Ok(c.query_row(
                "SELECT locale FROM people WHERE user_id = ?1",
                params![id_to_sql(user_id)],
                |r| r.get(0),
            )
            .optional()?)
        })
        .await
    }

    async fn set_person_locale(&self, user_id: UserId, code: &str) -> Result<bool, StoreError> {
        let code = code.to_owned();
        self.with(move |c| {
            let n = c.execute(
                "INSERT INTO people (user_id, locale)
                 SELECT ?1, ?2 WHERE EXISTS (SELECT 1 FROM nudge_people WHERE user_id = ?1)
                 ON CONFLICT (user_id) DO UPDATE SET locale = excluded.locale",
                params![id_to_sql(user_id), code],
            )?;
            Ok(n == 1)
        })
        .await
    }

    async fn purge_nudge_fires_before(&self, before: DateTime<Utc>) -> Result<u64, StoreError> {
        self.with(move |c| {
            let n = c.execute(
                "DELETE FROM nudge_fires WHERE slot_at < ?1",
                params![ts(before)],
            )?;
            Ok(n as u64)
        })
        .await
    }
}
