//! What happens around the fires: a server that removed the bot stops its reminders at once,
//! the retention purge deletes them later, and the repair pass re-arms what lost its fire.

use super::*;
use crate::reminders::{Kind, State};

#[tokio::test]
async fn pause_resume_and_stop_guild() {
    let h = H::new("2026-06-09T10:00:00Z");
    let r = h.add(at("09:00")).await.unwrap();
    h.service.pause(GUILD, r.number).await.unwrap();
    assert_eq!(h.tick_at("2026-06-10T09:00:00Z").await, 0);
    let resumed = h
        .service
        .resume(GUILD, r.number, &GUILD_VIEW)
        .await
        .unwrap();
    assert_eq!(h.next_at(&resumed), utc("2026-06-11T09:00:00Z"));
    assert_eq!(h.tick_at("2026-06-11T09:00:00Z").await, 1);

    // The bot is removed from the server: nothing fires any more, at once.
    h.add(ReminderOptions {
        channel_id: Some(TEXT2),
        ..at("09:30")
    })
    .await
    .unwrap();
    assert_eq!(h.service.stop_guild(GUILD).await.unwrap(), 2);
    assert_eq!(h.tick_at("2026-06-12T09:00:00Z").await, 0);
    assert_eq!(h.tick_at("2026-06-12T09:30:00Z").await, 0);
    assert!(h
        .service
        .list(GUILD)
        .await
        .unwrap()
        .iter()
        .all(|r| r.state == State::Stopped));
    // After the retention period, a purge deletes them.
    h.store
        .set_guild_removed(GUILD, Some(utc("2026-06-12T10:00:00Z")))
        .await
        .unwrap();
    h.clock.set(utc("2026-07-13T03:00:00Z"));
    h.service.purge().await;
    assert!(h.store.guild_reminders(GUILD).await.unwrap().is_empty());
}

#[tokio::test]
async fn the_repair_pass_re_arms_lost_fires_and_brings_back_missing_events() {
    let h = H::new("2026-06-09T10:00:00Z");
    let prompt = h.add(at("09:00")).await.unwrap();
    let group = h
        .add(ReminderOptions {
            kind: Some(Kind::Group),
            channel_id: Some(TEXT2),
            ..at("09:30")
        })
        .await
        .unwrap();
    h.service.idle().await;
    assert_eq!(h.events.calls().len(), 1, "the group reminder's event");
    // What a crash between two writes could leave: no pending fire, no event recorded.
    let row = h.row(prompt.number).await;
    assert!(h
        .store
        .set_reminder_next(row.id, row.rev, None)
        .await
        .unwrap());
    h.store.set_reminder_event(group.id, None).await.unwrap();
    assert_eq!(h.tick_at("2026-06-10T09:00:00Z").await, 0, "disarmed");

    h.service.repair().await;
    h.service.idle().await;
    let row = h.row(prompt.number).await;
    assert_eq!(row.next_fire_at, Some(utc("2026-06-11T09:00:00Z")));
    let calls = h.events.calls();
    assert_eq!(calls.len(), 2, "{calls:?}");
    assert!(matches!(calls[1], EventCall::Create(GUILD, _)), "{calls:?}");
    assert!(h.row(group.number).await.event_id.is_some());
    assert_eq!(h.tick_at("2026-06-11T09:00:00Z").await, 1);
}

#[tokio::test]
async fn the_nightly_purge_deletes_check_ins_past_their_retention() {
    use crate::store::{CheckIn, CheckinSource};
    let h = H::new("2026-06-09T10:00:00Z");
    let checkin = |at: &str, day: &str| CheckIn {
        user_id: crate::ids::UserId::new(5),
        guild_id: Some(GUILD),
        source: CheckinSource::Prompt {
            reminder_id: crate::ids::ReminderId::new(1),
            local_date: crate::test_support::date(day),
        },
        at: utc(at),
        minutes: 2,
    };
    // The test config keeps check-ins 400 days.
    let old = checkin("2025-05-01T09:00:00Z", "2025-05-01");
    let kept = checkin("2025-06-01T09:00:00Z", "2025-06-01");
    for c in [&old, &kept] {
        assert!(h.store.record_checkin(c).await.unwrap());
    }
    h.service.purge().await;
    let left = h
        .store
        .user_checkins(kept.user_id, utc("2000-01-01T00:00:00Z"))
        .await
        .unwrap();
    assert_eq!(left, vec![kept]);
}
