//! The conformance tests of [`NudgeStore`] (see `conformance.rs`): each body runs on SQLite and
//! on PostgreSQL.

use chrono::{DateTime, Duration, Utc};

use super::Db;
use crate::ids::{ChannelId, MessageId, UserId};
use crate::store::{
    ClaimOutcome, FireStatus, NudgeClaim, NudgeDone, NudgeNext, NudgeOutcome, NudgeRow,
};
use crate::test_support::utc;

const ANA: UserId = UserId::new(1_100_000_000_000_000_013);
const BEN: UserId = UserId::new(22);

fn t0() -> DateTime<Utc> {
    utc("2026-11-24T09:00:00Z")
}

fn person(user_id: UserId, next_at: Option<DateTime<Utc>>) -> NudgeRow {
    NudgeRow {
        user_id,
        enabled: true,
        every_minutes: 90,
        from_minute: 9 * 60,
        to_minute: 17 * 60,
        days: 0b001_1111,
        timezone: "Europe/Berlin".into(),
        paused_until: Some(t0() + Duration::days(2)),
        next_at,
        handled_through: Some(t0() - Duration::minutes(90)),
        snooze_at: None,
        dm_channel_id: None,
        dms_closed: false,
        closed_notice: false,
        rotation: 0,
        rev: 0,
        updated_at: t0(),
    }
}

fn claim(user_id: UserId, rev: u64, now: DateTime<Utc>, instance: &str) -> NudgeClaim {
    NudgeClaim {
        user_id,
        rev,
        slot_at: t0(),
        now,
        lease_until: now + Duration::minutes(1),
        instance: instance.into(),
        stretch_id: "neck-side".into(),
    }
}

fn done(user_id: UserId, rev: u64, instance: &str, attempt: u32) -> NudgeDone {
    NudgeDone {
        user_id,
        slot_at: t0(),
        claimed_by: instance.into(),
        attempt,
        status: FireStatus::Posted,
        message_id: Some(MessageId::new(55)),
        next: NudgeNext {
            user_id,
            rev,
            handled_through: Some(t0()),
            snooze_at: None,
            next_at: Some(t0() + Duration::minutes(90)),
        },
        posted: true,
        now: t0() + Duration::seconds(2),
    }
}

pub(super) async fn nudge_settings_read_back_and_keep_what_the_loop_wrote(db: &Db) {
    let store = db.open().await;
    assert_eq!(store.nudge_person(ANA).await.unwrap(), None);
    let row = person(ANA, Some(t0()));
    assert_eq!(store.save_nudge_settings(&row).await.unwrap(), 1);
    let read = store.nudge_person(ANA).await.unwrap().unwrap();
    assert_eq!(
        read,
        NudgeRow {
            rev: 1,
            ..row.clone()
        }
    );
    store
        .set_nudge_dm_channel(ANA, ChannelId::new(900))
        .await
        .unwrap();
    let mut changed = read.clone();
    changed.every_minutes = 30;
    changed.enabled = false;
    changed.next_at = None;
    changed.dm_channel_id = None;
    assert_eq!(store.save_nudge_settings(&changed).await.unwrap(), 2);
    let read = store.nudge_person(ANA).await.unwrap().unwrap();
    assert_eq!(read.every_minutes, 30);
    assert!(!read.enabled);
    assert_eq!(read.next_at, None);
    assert_eq!(
        read.dm_channel_id,
        Some(ChannelId::new(900)),
        "a settings write keeps the DM channel"
    );
    // The loop's move is compare-and-set on the revision.
    let next = NudgeNext {
        user_id: ANA,
        rev: 1,
        handled_through: Some(t0()),
        snooze_at: Some(t0() + Duration::minutes(15)),
        next_at: Some(t0() + Duration::minutes(15)),
    };
    assert!(!store.set_nudge_next(&next).await.unwrap(), "stale rev");
    assert!(store
        .set_nudge_next(&NudgeNext { rev: 2, ..next })
        .await
        .unwrap());
    let read = store.nudge_person(ANA).await.unwrap().unwrap();
    assert_eq!(read.snooze_at, Some(t0() + Duration::minutes(15)));
    assert_eq!(read.rev, 2, "the loop does not bump the revision");
}

pub(super) async fn due_nudges_skip_the_off_and_the_closed_in_time_order(db: &Db) {
    let store = db.open().await;
    store
        .save_nudge_settings(&person(ANA, Some(t0() + Duration::minutes(5))))
        .await
        .unwrap();
    store
        .save_nudge_settings(&person(BEN, Some(t0())))
        .await
        .unwrap();
    let off = NudgeRow {
        enabled: false,
        ..person(UserId::new(3), Some(t0()))
    };
    store.save_nudge_settings(&off).await.unwrap();
    let later = t0() + Duration::hours(1);
    let due: Vec<UserId> = store
        .due_nudges(later, 10)
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.user_id)
        .collect();
    assert_eq!(due, [BEN, ANA]);
    assert_eq!(store.due_nudges(later, 1).await.unwrap().len(), 1);
    assert_eq!(store.earliest_nudge().await.unwrap(), Some(t0()));
    // Discord refused a DM to Ben: paused and marked to be told, once.
    assert!(store.close_nudge_dms(BEN).await.unwrap());
    assert!(!store.close_nudge_dms(BEN).await.unwrap(), "already closed");
    assert_eq!(
        store.earliest_nudge().await.unwrap(),
        Some(t0() + Duration::minutes(5))
    );
    assert_eq!(store.due_nudges(later, 10).await.unwrap().len(), 1);
    assert!(!store.take_nudge_notice(ANA).await.unwrap());
    assert!(store.take_nudge_notice(BEN).await.unwrap());
    assert!(!store.take_nudge_notice(BEN).await.unwrap(), "told once");
    assert!(!store.take_nudge_notice(UserId::new(404)).await.unwrap());
}

pub(super) async fn a_nudge_is_claimed_once_taken_over_after_its_lease_and_settled(db: &Db) {
    let (a, b) = (db.open().await, db.open().await);
    let rev = a
        .save_nudge_settings(&person(ANA, Some(t0())))
        .await
        .unwrap();
    assert_eq!(
        a.claim_nudge_fire(&claim(ANA, rev + 1, t0(), "a"))
            .await
            .unwrap(),
        ClaimOutcome::Stale,
        "a changed person is not claimed"
    );
    assert_eq!(
        a.claim_nudge_fire(&claim(ANA, rev, t0(), "a"))
            .await
            .unwrap(),
        ClaimOutcome::Claimed {
            attempt: 1,
            first_claimed_at: t0()
        }
    );
    assert_eq!(
        a.nudge_person(ANA).await.unwrap().unwrap().next_at,
        Some(t0() + Duration::minutes(1)),
        "not due again while claimed"
    );
    let soon = t0() + Duration::seconds(30);
    assert_eq!(
        b.claim_nudge_fire(&claim(ANA, rev, soon, "b"))
            .await
            .unwrap(),
        ClaimOutcome::Busy
    );
    // "a" vanished; after its lease "b" takes over, and "a"'s late finish is refused.
    let later = t0() + Duration::minutes(2);
    assert_eq!(
        b.claim_nudge_fire(&claim(ANA, rev, later, "b"))
            .await
            .unwrap(),
        ClaimOutcome::Claimed {
            attempt: 2,
            first_claimed_at: t0()
        }
    );
    assert!(!a.finish_nudge_fire(&done(ANA, rev, "a", 1)).await.unwrap());
    assert!(b.finish_nudge_fire(&done(ANA, rev, "b", 2)).await.unwrap());
    let fire = a.nudge_fire(ANA, t0()).await.unwrap().unwrap();
    assert_eq!(fire.status, FireStatus::Posted);
    assert_eq!(fire.attempts, 2);
    assert_eq!(fire.message_id, Some(MessageId::new(55)));
    assert_eq!(fire.stretch_id, "neck-side");
    assert_eq!(fire.outcome, None);
    let p = a.nudge_person(ANA).await.unwrap().unwrap();
    assert_eq!(p.next_at, Some(t0() + Duration::minutes(90)));
    assert_eq!(p.handled_through, Some(t0()));
    assert_eq!(p.rotation, 1);
    assert_eq!(
        a.claim_nudge_fire(&claim(ANA, rev, later, "a"))
            .await
            .unwrap(),
        ClaimOutcome::Settled(FireStatus::Posted),
        "at most one post per slot"
    );
    assert!(a
        .set_nudge_outcome(ANA, t0(), NudgeOutcome::Done)
        .await
        .unwrap());
    assert!(!a
        .set_nudge_outcome(ANA, t0() + Duration::hours(1), NudgeOutcome::Done)
        .await
        .unwrap());
    assert_eq!(
        a.nudge_fire(ANA, t0()).await.unwrap().unwrap().outcome,
        Some(NudgeOutcome::Done)
    );
    assert_eq!(
        a.purge_nudge_fires_before(t0()).await.unwrap(),
        0,
        "kept until after its slot"
    );
    assert_eq!(
        a.purge_nudge_fires_before(t0() + Duration::days(1))
            .await
            .unwrap(),
        1
    );
}

pub(super) async fn forgetting_a_person_takes_every_nudge_row_and_their_locale(db: &Db) {
    let store = db.open().await;
    assert_eq!(store.person_locale(ANA).await.unwrap(), None);
    // Only people with nudges have their language kept: DMs are all it is for.
    assert!(!store.set_person_locale(ANA, "fr").await.unwrap());
    assert_eq!(store.person_locale(ANA).await.unwrap(), None);
    let rev = store
        .save_nudge_settings(&person(ANA, Some(t0())))
        .await
        .unwrap();
    store
        .save_nudge_settings(&person(BEN, Some(t0())))
        .await
        .unwrap();
    assert!(store.set_person_locale(ANA, "fr").await.unwrap());
    assert!(store.set_person_locale(ANA, "pt-BR").await.unwrap());
    assert!(store.set_person_locale(BEN, "ja").await.unwrap());
    assert_eq!(
        store.person_locale(ANA).await.unwrap().as_deref(),
        Some("pt-BR")
    );
    store
        .claim_nudge_fire(&claim(ANA, rev, t0(), "a"))
        .await
        .unwrap();
    store
        .claim_nudge_fire(&claim(BEN, rev, t0(), "a"))
        .await
        .unwrap();
    // What /stats forget-me runs: every table about a person, nudges' included.
    assert!(store.forget_person(ANA).await.unwrap() >= 3);
    assert_eq!(store.nudge_person(ANA).await.unwrap(), None);
    assert_eq!(store.nudge_fire(ANA, t0()).await.unwrap(), None);
    assert_eq!(store.person_locale(ANA).await.unwrap(), None);
    // Someone else's rows stay.
    assert!(store.nudge_person(BEN).await.unwrap().is_some());
    assert!(store.nudge_fire(BEN, t0()).await.unwrap().is_some());
    assert_eq!(
        store.person_locale(BEN).await.unwrap().as_deref(),
        Some("ja")
    );
}

pub(super) async fn a_settings_change_read_before_dms_closed_keeps_them_closed(db: &Db) {
    let store = db.open().await;
    store
        .save_nudge_settings(&person(ANA, Some(t0())))
        .await
        .unwrap();
    // A snooze reads the row; meanwhile Discord refuses a DM and the loop closes them.
    let read = store.nudge_person(ANA).await.unwrap().unwrap();
    assert!(store.close_nudge_dms(ANA).await.unwrap());
    let mut snoozed = read.clone();
    snoozed.snooze_at = Some(t0() + Duration::minutes(15));
    snoozed.next_at = snoozed.snooze_at;
    store.save_nudge_settings(&snoozed).await.unwrap();
    let now = store.nudge_person(ANA).await.unwrap().unwrap();
    assert!(now.dms_closed, "the stale write did not reopen the DMs");
    assert!(now.closed_notice, "the person is still told why");
    assert!(
        store
            .due_nudges(t0() + Duration::hours(1), 10)
            .await
            .unwrap()
            .is_empty(),
        "nothing is due for closed DMs"
    );
    // Turning nudges on again is what reopens them.
    store
        .save_nudge_settings(&person(ANA, Some(t0())))
        .await
        .unwrap();
    assert!(!store.nudge_person(ANA).await.unwrap().unwrap().dms_closed);
}
