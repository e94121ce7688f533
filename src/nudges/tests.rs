//! The nudge loop against a real SQLite store, a recording poster and a hand-set clock: sent on
//! the minute, once; one request per nudge; snooze; closed DMs; a restart mid-window.

use std::sync::{
    atomic::{AtomicUsize, Ordering},
    Arc,
};

use async_trait::async_trait;
use chrono::Duration;

use super::{input::OnInput, DmOpener, Nudges, NudgesConfig};
use crate::{
    buttons::{ButtonId, NudgeAction},
    i18n::Tr,
    ids::{ChannelId, UserId},
    post::PostError,
    store::{sqlite::SqliteStore, FireStatus, NudgeOutcome, Store},
    test_support::{shipped_library, utc, ManualClock, RecordingPoster},
};

const ANA: UserId = UserId::new(1_100_000_000_000_000_013);
const DM: ChannelId = ChannelId::new(4_242);

/// Opens the one DM channel and counts how often it was asked to.
#[derive(Default)]
struct Dms(AtomicUsize);

#[async_trait]
impl DmOpener for Dms {
    async fn open_dm(&self, _user_id: UserId) -> Result<ChannelId, PostError> {
        self.0.fetch_add(1, Ordering::SeqCst);
        Ok(DM)
    }
}

struct H {
    nudges: Arc<Nudges>,
    store: Arc<dyn Store>,
    poster: Arc<RecordingPoster>,
    dms: Arc<Dms>,
    clock: Arc<ManualClock>,
    _dir: Arc<tempfile::TempDir>,
}

fn config() -> NudgesConfig {
    NudgesConfig {
        grace: Duration::minutes(10),
        snooze_minutes: 15,
        lease: Duration::seconds(60),
        nonce_safe: Duration::seconds(180),
        max_concurrent: 4,
    }
}

impl H {
    fn new(start: &str) -> H {
        let dir = Arc::new(tempfile::tempdir().unwrap());
        let clock = ManualClock::at(utc(start));
        let store: Arc<dyn Store> =
            Arc::new(SqliteStore::open(&dir.path().join("bot.db")).unwrap());
        H::on(store, clock, dir, "one")
    }

    /// Another process (or the next start) on the same database and clock.
    fn on(
        store: Arc<dyn Store>,
        clock: Arc<ManualClock>,
        dir: Arc<tempfile::TempDir>,
        instance: &str,
    ) -> H {
        let poster = Arc::new(RecordingPoster::new(clock.clone()));
        let dms = Arc::new(Dms::default());
        let stats = Arc::new(crate::stats::StatsService::new(
            store.clone(),
            clock.clone(),
            chrono_tz::UTC,
            400,
        ));
        let nudges = Arc::new(Nudges::new(
            store.clone(),
            poster.clone(),
            dms.clone(),
            clock.clone(),
            shipped_library(),
            crate::test_support::shipped_texts(),
            config(),
            instance.into(),
            stats,
        ));
        H {
            nudges,
            store,
            poster,
            dms,
            clock,
            _dir: dir,
        }
    }

    fn restart(&self, instance: &str) -> H {
        H::on(
            self.store.clone(),
            self.clock.clone(),
            self._dir.clone(),
            instance,
        )
    }

    async fn on_berlin(&self) -> String {
        let input = OnInput {
            timezone: Some("Europe/Berlin".into()),
            ..OnInput::default()
        };
        self.nudges
            .turn_on(ANA, &input, None, Tr::english())
            .await
            .unwrap()
    }

    async fn tick_at(&self, at: &str) -> usize {
        self.clock.set(utc(at));
        self.nudges.tick().await.unwrap().posted
    }

    /// The slots (as Unix seconds) of the nudges delivered, in order.
    fn delivered(&self) -> Vec<i64> {
        self.poster
            .log()
            .iter()
            .filter(|s| s.delivered)
            .map(|s| match ButtonId::parse(&s.message.rows[0][0].custom_id) {
                Some(ButtonId::Nudge { slot, .. }) => slot,
                other => panic!("not a nudge: {other:?}"),
            })
            .collect()
    }
}

fn secs(at: &str) -> i64 {
    utc(at).timestamp()
}

#[tokio::test]
async fn a_nudge_comes_on_its_minute_once_and_the_dm_channel_is_opened_once() {
    // Wednesday 2026-06-10, 08:55 in Berlin (CEST).
    let h = H::new("2026-06-10T06:55:00Z");
    let said = h.on_berlin().await;
    assert!(
        said.contains(&format!("<t:{}:F>", secs("2026-06-10T07:00:00Z"))),
        "{said}"
    );
    assert_eq!(h.tick_at("2026-06-10T06:59:59Z").await, 0, "not early");
    assert_eq!(h.tick_at("2026-06-10T07:00:00Z").await, 1);
    assert_eq!(h.tick_at("2026-06-10T07:00:30Z").await, 0, "once");
    assert_eq!(h.tick_at("2026-06-10T08:30:00Z").await, 1, "10:30");
    assert_eq!(
        h.delivered(),
        [secs("2026-06-10T07:00:00Z"), secs("2026-06-10T08:30:00Z")]
    );
    assert_eq!(h.dms.0.load(Ordering::SeqCst), 1, "the DM channel is kept");
    let sent = h.poster.log();
    assert!(sent.iter().all(|s| s.channel == DM));
    assert_eq!(sent[0].lane, crate::post::Lane::Background);
    let fire = h
        .store
        .nudge_fire(ANA, utc("2026-06-10T07:00:00Z"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(fire.status, FireStatus::Posted);
    // Never after `to`: the last of the day is 16:30, then Thursday 09:00.
    for at in ["10:00", "11:30", "13:00", "14:30"] {
        assert_eq!(
            h.tick_at(&format!("2026-06-10T{at}:00Z")).await,
            1,
            "{at} UTC"
        );
    }
    assert_eq!(
        h.tick_at("2026-06-10T15:00:00Z").await,
        0,
        "17:00 is no slot"
    );
    assert_eq!(
        h.store.nudge_person(ANA).await.unwrap().unwrap().next_at,
        Some(utc("2026-06-11T07:00:00Z"))
    );
}

#[tokio::test]
async fn snooze_posts_that_nudge_again_once_fifteen_minutes_later_done_and_skip_are_recorded() {
    let h = H::new("2026-06-10T06:55:00Z");
    h.on_berlin().await;
    assert_eq!(h.tick_at("2026-06-10T07:00:00Z").await, 1);
    h.clock.set(utc("2026-06-10T07:02:00Z"));
    let slot = secs("2026-06-10T07:00:00Z");
    let said = h
        .nudges
        .press(ANA, NudgeAction::Snooze, slot, Tr::english())
        .await
        .unwrap();
    assert!(
        said.contains(&format!("<t:{}:F>", secs("2026-06-10T07:17:00Z"))),
        "{said}"
    );
    assert_eq!(h.tick_at("2026-06-10T07:16:59Z").await, 0);
    assert_eq!(h.tick_at("2026-06-10T07:17:00Z").await, 1, "snoozed nudge");
    assert_eq!(h.tick_at("2026-06-10T07:18:00Z").await, 0, "once");
    // The regular 10:30 still comes.
    assert_eq!(h.tick_at("2026-06-10T08:30:00Z").await, 1);
    assert_eq!(
        h.delivered(),
        [
            slot,
            secs("2026-06-10T07:17:00Z"),
            secs("2026-06-10T08:30:00Z")
        ]
    );
    let done = h
        .nudges
        .press(
            ANA,
            NudgeAction::Done,
            secs("2026-06-10T08:30:00Z"),
            Tr::english(),
        )
        .await
        .unwrap();
    assert_eq!(
        done,
        "Nicely done, your streak: 1 day; see you at the next one."
    );
    // Done checked her in once, for that nudge, even when pressed twice.
    h.nudges
        .press(
            ANA,
            NudgeAction::Done,
            secs("2026-06-10T08:30:00Z"),
            Tr::english(),
        )
        .await
        .unwrap();
    let checkins = h
        .store
        .user_checkins(ANA, utc("2026-06-01T00:00:00Z"))
        .await
        .unwrap();
    assert_eq!(checkins.len(), 1, "{checkins:?}");
    assert_eq!(
        checkins[0].source.key(),
        format!("nudge:{}", secs("2026-06-10T08:30:00Z"))
    );
    let fire = |at: &'static str| {
        let store = h.store.clone();
        async move { store.nudge_fire(ANA, utc(at)).await.unwrap().unwrap() }
    };
    assert_eq!(
        fire("2026-06-10T08:30:00Z").await.outcome,
        Some(NudgeOutcome::Done)
    );
    assert_eq!(
        fire("2026-06-10T07:00:00Z").await.outcome,
        Some(NudgeOutcome::Snoozed)
    );
    h.nudges
        .press(
            ANA,
            NudgeAction::Skip,
            secs("2026-06-10T07:17:00Z"),
            Tr::english(),
        )
        .await
        .unwrap();
    assert_eq!(
        fire("2026-06-10T07:17:00Z").await.outcome,
        Some(NudgeOutcome::Skipped)
    );
    // 16:30's snooze at 16:50 would pass 17:00: refused, nothing moves.
    assert_eq!(h.tick_at("2026-06-10T14:30:00Z").await, 1);
    h.clock.set(utc("2026-06-10T14:50:00Z"));
    let late = h
        .nudges
        .press(
            ANA,
            NudgeAction::Snooze,
            secs("2026-06-10T14:30:00Z"),
            Tr::english(),
        )
        .await
        .unwrap();
    assert!(late.contains("no snooze"), "{late}");
    assert_eq!(h.tick_at("2026-06-10T15:05:00Z").await, 0);
    // Stop turns them off and says how to turn them back on.
    let stop = h
        .nudges
        .press(
            ANA,
            NudgeAction::Stop,
            secs("2026-06-10T14:30:00Z"),
            Tr::english(),
        )
        .await
        .unwrap();
    assert!(stop.contains("/nudges on"), "{stop}");
    assert_eq!(h.tick_at("2026-06-11T07:00:00Z").await, 0, "off");
}

#[tokio::test]
async fn closed_dms_pause_the_nudges_once_and_the_person_is_told_once() {
    let h = H::new("2026-06-10T06:55:00Z");
    h.on_berlin().await;
    h.poster.fail_always(
        DM,
        PostError::Gone {
            status: 403,
            code: 50007,
        },
    );
    assert_eq!(h.tick_at("2026-06-10T07:00:00Z").await, 0);
    assert_eq!(h.poster.log().len(), 1, "tried once");
    // Nothing retries: not at the lease end, not at the next slot.
    assert_eq!(h.tick_at("2026-06-10T07:05:00Z").await, 0);
    assert_eq!(h.tick_at("2026-06-10T08:30:00Z").await, 0);
    assert_eq!(h.poster.log().len(), 1);
    let status = h.nudges.status(ANA, Tr::english()).await.unwrap();
    assert!(status.contains("would not deliver"), "{status}");
    let told = h.nudges.take_notice(ANA, Tr::english()).await.unwrap();
    crate::test_support::assert_one_sentence(&told);
    assert_eq!(h.nudges.take_notice(ANA, Tr::english()).await, None, "once");
    // Opting in again starts them again.
    h.poster.set_rule(|_| crate::test_support::Behave::Ok);
    assert!(h.store.nudge_person(ANA).await.unwrap().unwrap().dms_closed);
    h.on_berlin().await;
    assert!(!h.store.nudge_person(ANA).await.unwrap().unwrap().dms_closed);
}

#[tokio::test]
async fn a_restart_mid_window_neither_doubles_nor_floods() {
    let h = H::new("2026-06-10T06:55:00Z");
    h.on_berlin().await;
    // The first process claims 09:00 and dies before it settles (or after Discord took it).
    let row = h.store.nudge_person(ANA).await.unwrap().unwrap();
    let claim = crate::store::NudgeClaim {
        user_id: ANA,
        rev: row.rev,
        slot_at: utc("2026-06-10T07:00:00Z"),
        now: utc("2026-06-10T07:00:00Z"),
        lease_until: utc("2026-06-10T07:01:00Z"),
        instance: "dead".into(),
        stretch_id: String::new(),
    };
    h.store.claim_nudge_fire(&claim).await.unwrap();
    let next = h.restart("next");
    assert_eq!(
        next.tick_at("2026-06-10T07:00:30Z").await,
        0,
        "claimed by the dead one"
    );
    assert_eq!(next.tick_at("2026-06-10T07:01:00Z").await, 1, "taken over");
    let fire = next
        .store
        .nudge_fire(ANA, utc("2026-06-10T07:00:00Z"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!((fire.status, fire.attempts), (FireStatus::Posted, 2));
    // The re-send carries the nudge's own nonce, so Discord drops it if the first one arrived.
    assert_eq!(
        next.poster.log()[0].message.nonce.as_deref(),
        Some(crate::nonces::nudge(ANA, utc("2026-06-10T07:00:00Z")).as_str())
    );
    // Down from 09:01 to 12:05: 10:30 and 12:00 passed; only 12:00 (5 min late) comes.
    let after = next.restart("after");
    assert_eq!(after.tick_at("2026-06-10T10:05:00Z").await, 1);
    assert_eq!(after.tick_at("2026-06-10T10:06:00Z").await, 0);
    assert_eq!(after.delivered(), [secs("2026-06-10T10:00:00Z")]);
    // Down past the grace period: nothing late at all, the next one on time.
    let later = after.restart("later");
    assert_eq!(
        later.tick_at("2026-06-10T13:15:00Z").await,
        0,
        "13:30 is 15 min late"
    );
    assert_eq!(later.tick_at("2026-06-10T14:30:00Z").await, 1);
}

#[tokio::test]
async fn a_pause_ends_by_itself_and_bad_input_saves_nothing() {
    let h = H::new("2026-06-10T06:55:00Z");
    let bad = h
        .nudges
        .turn_on(
            ANA,
            &OnInput {
                from: Some("17:00".into()),
                to: Some("09:00".into()),
                ..OnInput::default()
            },
            None,
            Tr::english(),
        )
        .await;
    assert!(matches!(bad, Err(super::service::NudgeError::User(_))));
    assert_eq!(
        h.store.nudge_person(ANA).await.unwrap(),
        None,
        "nothing saved"
    );
    h.on_berlin().await;
    let bad = h.nudges.pause(ANA, 61, Tr::english()).await;
    assert!(matches!(bad, Err(super::service::NudgeError::User(_))));
    let said = h.nudges.pause(ANA, 2, Tr::english()).await.unwrap();
    // Wednesday and Thursday off; Friday 09:00 CEST.
    assert!(
        said.contains(&format!("<t:{}:F>", secs("2026-06-11T22:00:00Z"))),
        "{said}"
    );
    assert!(
        said.contains(&format!("<t:{}:F>", secs("2026-06-12T07:00:00Z"))),
        "{said}"
    );
    assert_eq!(h.tick_at("2026-06-10T07:00:00Z").await, 0);
    assert_eq!(h.tick_at("2026-06-11T07:00:00Z").await, 0);
    assert_eq!(h.tick_at("2026-06-12T07:00:00Z").await, 1);
}

#[tokio::test]
async fn a_second_snooze_while_one_is_pending_is_refused_and_the_first_still_comes() {
    // Berlin, every 90 min: 09:00 and 10:30 (07:00 and 08:30 UTC).
    let h = H::new("2026-06-10T06:55:00Z");
    h.on_berlin().await;
    assert_eq!(h.tick_at("2026-06-10T07:00:00Z").await, 1);
    assert_eq!(h.tick_at("2026-06-10T08:30:00Z").await, 1);
    // 10:31: the 09:00 nudge is snoozed to 10:46; at 10:35 the 10:30 one is snoozed too.
    h.clock.set(utc("2026-06-10T08:31:00Z"));
    let press = |slot: &'static str| {
        let nudges = h.nudges.clone();
        async move {
            nudges
                .press(ANA, NudgeAction::Snooze, secs(slot), Tr::english())
                .await
                .unwrap()
        }
    };
    let first = press("2026-06-10T07:00:00Z").await;
    assert!(first.starts_with("Snoozed"), "{first}");
    h.clock.set(utc("2026-06-10T08:35:00Z"));
    let second = press("2026-06-10T08:30:00Z").await;
    crate::test_support::assert_one_sentence(&second);
    assert!(
        second.contains(&format!("<t:{}:", secs("2026-06-10T08:46:00Z"))),
        "names the pending one: {second}"
    );
    assert_eq!(
        h.store
            .nudge_fire(ANA, utc("2026-06-10T08:30:00Z"))
            .await
            .unwrap()
            .unwrap()
            .outcome,
        None,
        "the 10:30 nudge is left as it was"
    );
    assert_eq!(
        h.tick_at("2026-06-10T08:46:00Z").await,
        1,
        "the first snooze"
    );
    assert_eq!(h.tick_at("2026-06-10T08:50:00Z").await, 0, "no second one");
}

#[tokio::test]
async fn a_claim_that_keeps_failing_ends_the_pass_instead_of_spinning() {
    let h = H::new("2026-06-10T06:55:00Z");
    h.on_berlin().await;
    // Claims write nudge_fires; without it every claim fails while due people still read.
    let conn = rusqlite::Connection::open(h._dir.path().join("bot.db")).unwrap();
    conn.execute_batch("DROP TABLE nudge_fires").unwrap();
    h.clock.set(utc("2026-06-10T07:00:00Z"));
    let pass = tokio::time::timeout(std::time::Duration::from_secs(5), h.nudges.tick())
        .await
        .expect("the pass ends");
    assert!(
        pass.is_err(),
        "the failure reaches the loop, which backs off"
    );
    assert!(h.delivered().is_empty());
}

#[tokio::test]
async fn a_nudge_speaks_the_persons_last_seen_language() {
    let h = H::new("2026-06-10T06:55:00Z");
    let input = OnInput {
        timezone: Some("Europe/Berlin".into()),
        ..OnInput::default()
    };
    let texts = crate::test_support::shipped_texts();
    let de = Tr::new(&texts, crate::i18n::Locale::De);
    h.nudges.turn_on(ANA, &input, None, de).await.unwrap();
    assert_eq!(h.tick_at("2026-06-10T07:00:00Z").await, 1);
    // Later the person uses a command from a Japanese client.
    h.nudges.seen(ANA, crate::i18n::Locale::Ja).await;
    assert_eq!(h.tick_at("2026-06-10T08:30:00Z").await, 1);
    let labels: Vec<Vec<String>> = h
        .poster
        .log()
        .iter()
        .map(|s| s.message.rows[0].iter().map(|b| b.label.clone()).collect())
        .collect();
    assert_eq!(labels[0][0], "Erledigt", "turned on from a German client");
    assert_eq!(labels[0][3], "Erinnerungen stoppen");
    assert_eq!(labels[1][0], "できた", "the last seen language");
    assert_eq!(labels[1][3], "通知を止める");
}
