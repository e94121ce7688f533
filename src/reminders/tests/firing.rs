//! Firing: on time, exactly once per day across ticks, restarts and instances, late only within
//! the grace period, never a burst after downtime; what the prompt says; 10,000 reminders; and the
//! loop itself.

use std::time::Instant;

use super::*;
use crate::reminders::{prompt::pick_line, service::MAX_NAP, State};

// ----- firing ---------------------------------------------------------------------------------

#[tokio::test]
async fn fires_at_the_time_with_a_deterministic_nonce_and_moves_on() {
    let h = H::new("2026-06-09T10:00:00Z");
    let r = h.add(at("09:00")).await.unwrap();
    assert_eq!(h.tick_at("2026-06-10T08:59:59Z").await, 0);
    assert_eq!(h.tick_at("2026-06-10T09:00:00Z").await, 1);
    assert_eq!(h.tick_at("2026-06-10T09:00:01Z").await, 0);
    let posts = h.poster.succeeded();
    assert_eq!(posts.len(), 1);
    assert_eq!(posts[0].channel, TEXT);
    assert_eq!(
        posts[0].message.nonce.as_deref(),
        Some(format!("r{}-20260610", r.id).as_str())
    );
    let fire = h.fire(r.id, "2026-06-10").await.unwrap();
    assert_eq!(fire.status, FireStatus::Posted);
    assert_eq!(fire.message_id, Some(MessageId::new(7_000)));
    let row = h.row(r.number).await;
    assert_eq!(row.next_fire_at, Some(utc("2026-06-11T09:00:00Z")));
    assert_eq!(h.tick_at("2026-06-11T09:00:00Z").await, 1);
}

#[tokio::test]
async fn a_post_whose_id_is_unknown_is_recorded_posted_and_never_retried() {
    let h = H::new("2026-06-09T10:00:00Z");
    let r = h.add(at("09:00")).await.unwrap();
    answer_with(&h.poster, Behave::IdUnknown);
    assert_eq!(
        h.tick_at("2026-06-10T09:00:00Z").await,
        1,
        "counted as posted"
    );
    let fire = h
        .store
        .reminder_fire(r.id, date("2026-06-10"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(fire.status, FireStatus::Posted);
    assert_eq!(fire.message_id, None);
    assert_eq!(h.tick_at("2026-06-10T09:05:00Z").await, 0);
    assert_eq!(h.poster.attempts().len(), 1, "never re-posted");
    let row = h.store.reminder(GUILD, r.number).await.unwrap().unwrap();
    assert_eq!(row.next_fire_at, Some(utc("2026-06-11T09:00:00Z")));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_instances_on_one_database_post_each_fire_once() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shared.db");
    let clock = ManualClock::at(utc("2026-06-09T10:00:00Z"));
    let a = H::on(Arc::new(SqliteStore::open(&path).unwrap()), clock.clone());
    let b = H::on(Arc::new(SqliteStore::open(&path).unwrap()), clock.clone());
    let mut ids = Vec::new();
    for i in 0..20 {
        let guild = GuildId::new(GUILD.get() + i / 10);
        let r = a
            .service
            .add(guild, at("09:00"), &GUILD_VIEW)
            .await
            .unwrap();
        ids.push(r.id);
    }
    for now in [
        "2026-06-10T09:00:00Z",
        "2026-06-10T09:00:00.500Z",
        "2026-06-10T09:00:30Z",
        "2026-06-10T09:05:00Z",
    ] {
        clock.set(utc(now));
        let (ra, rb) = tokio::join!(a.service.tick(), b.service.tick());
        ra.unwrap();
        rb.unwrap();
    }
    let mut nonces: Vec<String> = a
        .poster
        .attempts()
        .into_iter()
        .chain(b.poster.attempts())
        .filter_map(|(_, n)| n)
        .collect();
    assert_eq!(
        nonces.len(),
        20,
        "each fire posted exactly once: {nonces:?}"
    );
    nonces.sort();
    nonces.dedup();
    assert_eq!(nonces.len(), 20);
    println!(
        "instance A posted {}, instance B posted {}",
        a.poster.succeeded().len(),
        b.poster.succeeded().len()
    );
    // A third instance started later (a restart) posts nothing more for that day.
    let c = H::on(Arc::new(SqliteStore::open(&path).unwrap()), clock.clone());
    assert_eq!(c.tick_at("2026-06-10T09:06:00Z").await, 0);
    // And the next day is fired once again, by whoever ticks first.
    clock.set(utc("2026-06-11T09:00:00Z"));
    let (ra, rb) = tokio::join!(a.service.tick(), b.service.tick());
    assert_eq!(ra.unwrap().posted + rb.unwrap().posted, 20);
}

#[tokio::test]
async fn a_claimer_that_vanished_mid_post_is_taken_over_with_the_same_nonce() {
    let h = H::new("2026-06-09T10:00:00Z");
    let r = h.add(at("09:00")).await.unwrap();
    let row = h.row(r.number).await;
    // Another instance claims the 09:00 fire, then dies before posting.
    let now = utc("2026-06-10T09:00:00Z");
    let claim = crate::store::FireClaim {
        reminder_id: r.id,
        rev: row.rev,
        local_date: date("2026-06-10"),
        now,
        lease_until: now + config().claim_lease,
        instance: "crashed".into(),
    };
    assert_eq!(
        h.store.claim_reminder_fire(&claim).await.unwrap(),
        crate::store::ClaimOutcome::Claimed {
            attempt: 1,
            first_claimed_at: now
        }
    );
    assert_eq!(
        h.tick_at("2026-06-10T09:00:10Z").await,
        0,
        "its lease holds"
    );
    assert_eq!(
        h.tick_at("2026-06-10T09:01:00Z").await,
        1,
        "taken over at lease end"
    );
    assert_eq!(h.tick_at("2026-06-10T09:02:00Z").await, 0);
    let fire = h.fire(r.id, "2026-06-10").await.unwrap();
    assert_eq!((fire.status, fire.attempts), (FireStatus::Posted, 2));
    assert_eq!(
        h.poster.succeeded()[0].message.nonce.as_deref(),
        Some(format!("r{}-20260610", r.id).as_str()),
        "the same nonce the vanished claimer would have used, so Discord de-duplicates"
    );
}

#[tokio::test]
async fn restart_within_grace_posts_once_late_and_outside_posts_nothing() {
    for (back_at, expected) in [
        ("2026-06-10T09:10:00Z", 1),
        ("2026-06-10T09:14:59Z", 1),
        ("2026-06-10T09:15:00Z", 0),
        ("2026-06-10T11:00:00Z", 0),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bot.db");
        let clock = ManualClock::at(utc("2026-06-09T10:00:00Z"));
        let r = {
            let before = H::on(Arc::new(SqliteStore::open(&path).unwrap()), clock.clone());
            before.add(at("09:00")).await.unwrap()
        };
        // Down overnight; a new process on the same file comes back at `back_at`.
        let after = H::on(Arc::new(SqliteStore::open(&path).unwrap()), clock.clone());
        assert_eq!(after.tick_at(back_at).await, expected, "back at {back_at}");
        assert_eq!(
            after.tick_at("2026-06-10T11:30:00Z").await,
            0,
            "never twice"
        );
        let row = after.row(r.number).await;
        assert_eq!(row.next_fire_at, Some(utc("2026-06-11T09:00:00Z")));
        if expected == 1 {
            let posts = after.poster.succeeded();
            assert_eq!(posts[0].at, utc(back_at), "posted at once on return");
            assert_eq!(
                posts[0].message.nonce.as_deref(),
                Some(format!("r{}-20260610", r.id).as_str())
            );
        }
    }
}

#[tokio::test]
async fn a_long_outage_posts_at_most_one_never_a_burst() {
    let h = H::new("2026-06-05T10:00:00Z");
    h.add(at("09:00")).await.unwrap();
    h.add(ReminderOptions {
        channel_id: Some(TEXT2),
        ..at("09:00")
    })
    .await
    .unwrap();
    // Down from Friday to Monday 09:05: two reminders, three missed days each.
    assert_eq!(h.tick_at("2026-06-08T09:05:00Z").await, 2);
    assert_eq!(h.poster.succeeded().len(), 2);
    assert!(h.poster.succeeded().iter().all(|p| p
        .message
        .nonce
        .as_deref()
        .unwrap()
        .ends_with("-20260608")));
}

#[tokio::test]
async fn nine_new_york_on_spring_forward_day_fires_at_13_utc() {
    let h = H::new("2026-03-07T15:00:00Z");
    let r = h
        .add(ReminderOptions {
            timezone: Some("America/New_York".into()),
            ..at("09:00")
        })
        .await
        .unwrap();
    assert_eq!(h.next_at(&r), utc("2026-03-08T13:00:00Z"));
    // 14:00Z would be 09:00 EST: a DST-naive scheduler would wait for it.
    assert_eq!(h.tick_at("2026-03-08T12:59:59Z").await, 0);
    assert_eq!(h.tick_at("2026-03-08T13:00:00Z").await, 1);
    assert_eq!(h.tick_at("2026-03-08T14:00:00Z").await, 0);
    assert_eq!(
        h.poster.succeeded()[0].message.nonce.as_deref(),
        Some(format!("r{}-20260308", r.id).as_str())
    );
    let row = h.row(r.number).await;
    assert_eq!(row.next_fire_at, Some(utc("2026-03-09T13:00:00Z")));
}

#[tokio::test]
async fn a_gone_channel_pauses_flags_notifies_and_is_never_retried() {
    let h = H::new("2026-06-09T10:00:00Z");
    let r = h.add(at("09:00")).await.unwrap();
    let kept = h
        .add(ReminderOptions {
            channel_id: Some(TEXT2),
            ..at("09:00")
        })
        .await
        .unwrap();
    h.poster.fail_always(
        TEXT,
        PostError::Gone {
            status: 404,
            code: 10003,
        },
    );
    assert_eq!(
        h.tick_at("2026-06-10T09:00:00Z").await,
        1,
        "the other one posts"
    );
    let list = h.service.list(GUILD).await.unwrap();
    let flagged = list.iter().find(|x| x.id == r.id).unwrap();
    assert!(
        matches!(&flagged.state, State::Flagged(reason) if reason.contains("404 10003")),
        "{:?}",
        flagged.state
    );
    assert_eq!(
        list.iter().find(|x| x.id == kept.id).unwrap().state,
        State::Active
    );
    let notices = h.notices.notices.lock().unwrap().clone();
    assert_eq!(notices.len(), 1);
    assert_eq!(notices[0].0, GUILD);
    assert!(notices[0].1.content.contains("Reminder #1 is paused"));
    assert_eq!(
        h.fire(r.id, "2026-06-10").await.unwrap().status,
        FireStatus::Failed
    );
    // No retries: the gone channel is not tried again, today or on later days.
    for now in [
        "2026-06-10T09:01:00Z",
        "2026-06-10T09:10:00Z",
        "2026-06-11T09:00:00Z",
    ] {
        h.tick_at(now).await;
    }
    let to_gone = h
        .poster
        .attempts()
        .iter()
        .filter(|(c, _)| *c == TEXT)
        .count();
    assert_eq!(to_gone, 1);
    let text = as_text(
        &h.service
            .list_message(GUILD, None, &crate::i18n::Tr::english())
            .await
            .unwrap(),
    );
    assert!(text.contains("⚠ Flagged"), "{text}");
    // Resuming a reminder whose channel was deleted says what to do.
    struct Empty;
    impl GuildView for Empty {
        fn channel(&self, _: ChannelId) -> Option<ChannelInfo> {
            None
        }
        fn role(&self, _: RoleId) -> Option<RoleInfo> {
            None
        }
        fn bot_can_create_events(&self) -> bool {
            false
        }
        fn author_can_mention_everyone(&self) -> bool {
            false
        }
    }
    let sentence = user_sentence(h.service.resume(GUILD, r.number, &Empty).await);
    assert_one_sentence(&sentence);
    assert!(sentence.contains("edit 1"), "{sentence}");
    // Resuming clears the flag once the channel checks out again.
    let resumed = h
        .service
        .resume(GUILD, r.number, &GUILD_VIEW)
        .await
        .unwrap();
    assert_eq!(resumed.state, State::Active);
}

#[tokio::test]
async fn a_transient_failure_is_retried_with_the_same_nonce_within_grace() {
    let h = H::new("2026-06-09T10:00:00Z");
    let r = h.add(at("09:00")).await.unwrap();
    h.poster
        .fail_once(TEXT, PostError::Unavailable("502".into()));
    assert_eq!(h.tick_at("2026-06-10T09:00:00Z").await, 0);
    let fire = h.fire(r.id, "2026-06-10").await.unwrap();
    assert_eq!(fire.status, FireStatus::Retry);
    assert_eq!(
        h.tick_at("2026-06-10T09:00:10Z").await,
        0,
        "not before the retry time"
    );
    assert_eq!(h.tick_at("2026-06-10T09:00:30Z").await, 1);
    let attempts = h.poster.attempts();
    assert_eq!(attempts.len(), 2);
    assert_eq!(attempts[0].1, attempts[1].1, "same nonce on the retry");
    assert_eq!(h.tick_at("2026-06-10T09:05:00Z").await, 0);

    // Failing past the grace period gives up on that day, and the next day still fires.
    let h = H::new("2026-06-09T10:00:00Z");
    let r = h.add(at("09:00")).await.unwrap();
    h.poster
        .fail_always(TEXT, PostError::Unavailable("timeout".into()));
    let mut now = utc("2026-06-10T09:00:00Z");
    while now < utc("2026-06-10T09:30:00Z") {
        h.clock.set(now);
        h.service.tick().await.unwrap();
        now += Duration::seconds(15);
    }
    let fire = h.fire(r.id, "2026-06-10").await.unwrap();
    assert_eq!(fire.status, FireStatus::Failed);
    let tries = h.poster.attempts().len();
    assert!((3..=6).contains(&tries), "bounded retries: {tries}");
    let row = h.row(r.number).await;
    assert_eq!(row.next_fire_at, Some(utc("2026-06-11T09:00:00Z")));
    assert_eq!(row.flagged, None, "transient trouble does not flag");
}

// ----- the prompt -------------------------------------------------------------------------------

#[tokio::test]
async fn a_custom_message_pings_nobody_unless_a_role_is_set() {
    let h = H::new("2026-06-09T10:00:00Z");
    h.add(ReminderOptions {
        message: Some("@everyone @here <@&4001> <@123> stretch with us!".into()),
        ..at("09:00")
    })
    .await
    .unwrap();
    h.add(ReminderOptions {
        channel_id: Some(TEXT2),
        message: Some("@everyone too".into()),
        ping_role_id: Some(ROLE),
        ..at("09:00")
    })
    .await
    .unwrap();
    assert_eq!(h.tick_at("2026-06-10T09:00:00Z").await, 2);
    let posts = h.poster.succeeded();
    let plain = posts.iter().find(|p| p.channel == TEXT).unwrap();
    assert_eq!(plain.message.mentions, Default::default());
    assert_eq!(plain.message.content, "");
    let description = &plain.message.cards[0].description;
    assert!(description.contains("stretch with us!"));
    assert!(!description.contains("@everyone"), "defused: {description}");
    let pinging = posts.iter().find(|p| p.channel == TEXT2).unwrap();
    println!("{}", as_text(&pinging.message));
    assert_eq!(pinging.message.mentions.roles, vec![ROLE]);
    assert!(pinging.message.mentions.users.is_empty());
    assert_eq!(pinging.message.content, format!("<@&{ROLE}>"));
    // Buttons: how-to for today's stretch, "I stretched" for this day's prompt, and a group
    // stretch for this reminder. A new prompt
    // suggests a desk stretch (its `where` defaults to desk), never Child's Pose on the floor.
    let ids: Vec<&str> = plain.message.rows[0]
        .iter()
        .map(|b| b.custom_id.as_str())
        .collect();
    let how = ids[0].strip_prefix("prompt:how:").unwrap();
    let stretch = crate::test_support::shipped_library()
        .get(how)
        .unwrap()
        .clone();
    assert!(stretch.tags.fits_desk(), "a desk stretch: {how}");
    assert!(plain.message.cards[0].title.contains(&stretch.name));
    assert!(
        ids[1].starts_with("prompt:done:") && ids[1].ends_with(":2026-06-10"),
        "a check-in for this day's fire: {}",
        ids[1]
    );
    assert!(ids[2].starts_with("prompt:group:"));
}

#[test]
fn wording_is_stable_per_day_and_varies_across_days() {
    let lines: Vec<String> = shipped_library()
        .get("childs-pose")
        .unwrap()
        .prompts
        .lines
        .clone();
    assert!(lines.len() >= 2);
    let d = date("2026-06-10");
    let en = crate::i18n::Tr::english();
    assert_eq!(
        pick_line(&lines, ReminderId::new(7), d, en),
        pick_line(&lines, ReminderId::new(7), d, en)
    );
    let week: Vec<String> = (0..7)
        .map(|i| pick_line(&lines, ReminderId::new(7), d + Duration::days(i), en))
        .collect();
    for pair in week.windows(2) {
        assert_ne!(pair[0], pair[1], "never the same line two days running");
    }
    assert!(
        pick_line(&[], ReminderId::new(1), d, en).len() > 10,
        "a built-in line when the routine has none"
    );
}

#[test]
fn the_built_in_lines_speak_the_servers_language() {
    use crate::i18n::{Locale, Tr};
    let d = date("2026-06-10");
    let texts = crate::test_support::shipped_texts();
    let de = Tr::new(&texts, Locale::De);
    let lines: Vec<String> = (0..3)
        .map(|i| pick_line(&[], ReminderId::new(1), d + Duration::days(i), de))
        .collect();
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("Zeit für eine Dehnpause!")),
        "{lines:?}"
    );
    assert!(lines.iter().all(|l| !l.contains("stretch")), "{lines:?}");
}

#[tokio::test]
async fn a_test_of_a_reminder_that_pings_names_the_role_in_the_servers_language() {
    let h = H::new("2026-06-09T10:00:00Z");
    h.store.set_guild_language(GUILD, "de").await.unwrap();
    let r = h
        .add(ReminderOptions {
            ping_role_id: Some(ROLE),
            ..at("09:00")
        })
        .await
        .unwrap();
    h.service.test(GUILD, r.number).await.unwrap();
    let posts = h.poster.succeeded();
    let msg = &posts[0].message;
    assert_eq!(
        msg.content,
        format!("Zu ihrer Zeit erwähnt diese Erinnerung <@&{ROLE}> (ein Test erwähnt niemanden).")
    );
    assert!(msg.mentions.roles.is_empty(), "a test pings nobody");
}

// ----- scale ------------------------------------------------------------------------------------

/// 100,000 reminders cost the loop one index walk per wake; `cargo test` checks 10,000.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ten_thousand_reminders_arm_and_load_fast() {
    const N: u64 = 10_000;
    let mut at_nine = 0;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.db");
    drop(SqliteStore::open(&path).unwrap());
    {
        // Bulk load straight into the file: 400 servers of 25, minutes spread over the day.
        let mut conn = rusqlite::Connection::open(&path).unwrap();
        let tx = conn.transaction().unwrap();
        {
            let mut insert = tx
                .prepare(
                    "INSERT INTO reminders (guild_id, number, channel_id, channel_name, time_of_day,
                         days, timezone, kind, routine_id, next_fire_at, next_fire_date,
                         created_at, updated_at)
                     VALUES (?1, ?2, ?3, 'stretching', ?4, 127, 'UTC', 'prompt', 'childs-pose',
                         ?5, ?6, '2026-06-09T00:00:00.000Z', '2026-06-09T00:00:00.000Z')",
                )
                .unwrap();
            for i in 0..N {
                let minute = (i * 7) % 1440;
                let (hh, mm) = (minute / 60, minute % 60);
                // The first 500 are all due at 09:00 on the test's day.
                let (hh, mm) = if i < 500 { (9, 0) } else { (hh, mm) };
                at_nine += usize::from((hh, mm) == (9, 0));
                let day = if (hh, mm) >= (9, 0) { 10 } else { 11 };
                insert
                    .execute(rusqlite::params![
                        (GUILD.get() + i / 25) as i64,
                        (i % 25 + 1) as i64,
                        TEXT.get() as i64,
                        format!("{hh:02}:{mm:02}"),
                        format!("2026-06-{day}T{hh:02}:{mm:02}:00.000Z"),
                        format!("2026-06-{day}"),
                    ])
                    .unwrap();
            }
        }
        tx.commit().unwrap();
    }
    let clock = ManualClock::at(utc("2026-06-10T08:59:00Z"));
    let h = H::on(Arc::new(SqliteStore::open(&path).unwrap()), clock.clone());

    let started = Instant::now();
    let idle = h.service.tick().await.unwrap();
    let idle_took = started.elapsed();
    assert_eq!(idle.due, 0);
    assert_eq!(idle.next, Some(utc("2026-06-10T09:00:00Z")));

    clock.set(utc("2026-06-10T09:00:00Z"));
    let started = Instant::now();
    let burst = h.service.tick().await.unwrap();
    let burst_took = started.elapsed();
    assert!(at_nine >= 500);
    assert_eq!(burst.posted, at_nine);
    assert_eq!(h.poster.succeeded().len(), at_nine);

    let started = Instant::now();
    let listed = h.service.list(GuildId::new(GUILD.get() + 7)).await.unwrap();
    let list_took = started.elapsed();
    assert_eq!(listed.len(), 25);
    println!(
        "{N} reminders: idle tick {idle_took:?}, {at_nine} due at once {burst_took:?}, one server's list {list_took:?}"
    );
    // Loose bounds: debug build on a shared 2-core machine.
    assert!(idle_took.as_millis() < 500, "{idle_took:?}");
    assert!(list_took.as_millis() < 500, "{list_took:?}");
    assert!(burst_took.as_secs() < 30, "{burst_took:?}");
}

// ----- the loop ---------------------------------------------------------------------------------

/// Paused time, with a clock that follows it from just before 09:00: the loop sleeps until the
/// fire, wakes when a reminder is added, fires within a second of the minute, and stops when
/// cancelled. Paused time moves only when every task waits on a timer, and never while SQLite
/// works on its blocking threads, so the waits below cost no real time and the loop's timing is
/// exact. (Advancing by hand would not wait for that work: it could move the clock under a tick
/// in flight.)
#[tokio::test(start_paused = true)]
async fn the_loop_fires_on_time_wakes_on_changes_and_stops() {
    let clock: SharedClock = Arc::new(TokioClock::starting_at(utc("2026-06-10T08:59:58.500Z")));
    let store: Arc<dyn Store> = Arc::new(SqliteStore::in_memory().unwrap());
    let poster = recording_poster(clock.clone());
    let deps = Deps {
        store,
        poster: poster.clone(),
        clock: clock.clone(),
        library: shipped_library(),
    };
    let service = Arc::new(ReminderService::new(
        deps,
        config(),
        FakeGroup::new(Ok(GroupOutcome::Started {
            lobby_message_id: Some(MessageId::new(1)),
        })),
        Arc::new(RecordingEvents::default()),
    ));
    let shutdown = tokio_util::sync::CancellationToken::new();
    let running = tokio::spawn(service.clone().run(shutdown.clone()));
    // The loop is asleep with nothing to do (MAX_NAP); adding a reminder must wake it.
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    assert!(MAX_NAP.as_secs() > 5);
    service.add(GUILD, at("09:00"), &GUILD_VIEW).await.unwrap();
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(6);
    while poster.succeeded().is_empty() && tokio::time::Instant::now() < deadline {
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    let posts = poster.succeeded();
    assert_eq!(posts.len(), 1, "fired");
    let late = posts[0].at - utc("2026-06-10T09:00:00Z");
    println!("posted {} ms after the minute", late.num_milliseconds());
    assert!(
        late >= Duration::zero() && late < Duration::seconds(1),
        "{late}"
    );
    shutdown.cancel();
    tokio::time::timeout(std::time::Duration::from_secs(7), running)
        .await
        .expect("the loop stops when cancelled")
        .unwrap();
}

// ----- exactly once under slow claimers (issue #13) ----------------------------------------------

/// A claimer whose send outlasted its lease was taken over; the take-over posted. When the slow
/// send then fails, its finish must not overwrite the take-over's `posted` with `retry` (which
/// would post the prompt again later): a fire is finished only by its current claimer.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_slow_claimer_that_lost_its_claim_cannot_overwrite_the_take_overs_outcome() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shared.db");
    let clock = ManualClock::at(utc("2026-06-09T10:00:00Z"));
    let a = H::on(Arc::new(SqliteStore::open(&path).unwrap()), clock.clone());
    let b = H::on(Arc::new(SqliteStore::open(&path).unwrap()), clock.clone());
    let r = a.add(at("09:00")).await.unwrap();
    // A's send hangs (in real time here, while the clock is moved by hand) and then fails.
    a.poster.set_rule(|_| {
        Behave::SleepThenFail(
            std::time::Duration::from_millis(400),
            PostError::Unavailable("timed out".into()),
        )
    });
    clock.set(utc("2026-06-10T09:00:00Z"));
    let slow = tokio::spawn({
        let service = a.service.clone();
        async move { service.tick().await.unwrap() }
    });
    while a.poster.attempts().is_empty() {
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    }
    // A's lease has ended: B takes the fire over and posts it.
    assert_eq!(b.tick_at("2026-06-10T09:01:30Z").await, 1);
    assert_eq!(slow.await.unwrap().posted, 0);
    let fire = b.fire(r.id, "2026-06-10").await.unwrap();
    assert_eq!(
        (fire.status, fire.attempts),
        (FireStatus::Posted, 2),
        "the take-over's outcome stands: {fire:?}"
    );
    assert_eq!(
        b.row(r.number).await.next_fire_at,
        Some(utc("2026-06-11T09:00:00Z")),
        "armed for tomorrow, not for A's retry"
    );
    for now in ["2026-06-10T09:02:00Z", "2026-06-10T09:05:00Z"] {
        clock.set(utc(now));
        a.service.tick().await.unwrap();
        b.service.tick().await.unwrap();
    }
    assert_eq!(b.poster.attempts().len(), 1, "posted once");
    assert_eq!(a.poster.attempts().len(), 1, "A never tried again");
}

/// A service on paused tokio time whose clock follows it, from `start`.
fn paused_service(start: &str) -> (Arc<ReminderService>, Arc<RecordingPoster>, Arc<dyn Store>) {
    let clock: SharedClock = Arc::new(TokioClock::starting_at(utc(start)));
    let store: Arc<dyn Store> = Arc::new(SqliteStore::in_memory().unwrap());
    let poster = recording_poster(clock.clone());
    let service = Arc::new(ReminderService::new(
        Deps {
            store: store.clone(),
            poster: poster.clone(),
            clock,
            library: shipped_library(),
        },
        config(),
        FakeGroup::new(Ok(GroupOutcome::Started {
            lobby_message_id: Some(MessageId::new(1)),
        })),
        Arc::new(RecordingEvents::default()),
    ));
    (service, poster, store)
}

/// Discord took the prompt but its answer never comes (or the sending layer waits out a long
/// 429): the send must end before the claim's lease does, or another instance takes the fire
/// over while this one may still post it. It ends as a transient failure, retried with the same
/// nonce, so the prompt still appears once.
#[tokio::test(start_paused = true)]
async fn a_send_never_outlasts_the_claims_lease() {
    let (service, poster, store) = paused_service("2026-06-10T08:59:59Z");
    let r = service.add(GUILD, at("09:00"), &GUILD_VIEW).await.unwrap();
    tokio::time::sleep(std::time::Duration::from_secs(1)).await;
    answer_with(&poster, Behave::DeliverThenHang);
    let started = tokio::time::Instant::now();
    let report = tokio::time::timeout(std::time::Duration::from_secs(600), service.tick())
        .await
        .expect("the tick ends: the send is bounded")
        .unwrap();
    let took = started.elapsed();
    println!("the hung send was given up after {took:?}");
    assert!(
        took < config().claim_lease.to_std().unwrap(),
        "ended within the lease: {took:?}"
    );
    assert_eq!(report.posted, 0);
    let fire = store
        .reminder_fire(r.id, date("2026-06-10"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(fire.status, FireStatus::Retry);
    // The retry re-sends with the same nonce: Discord shows the message it already has.
    answer_with(&poster, Behave::Ok);
    tokio::time::sleep(std::time::Duration::from_secs(60)).await;
    assert_eq!(service.tick().await.unwrap().posted, 1);
    assert_eq!(poster.delivered(), 1, "one message in the channel");
}

/// Discord de-duplicates a nonce for a few minutes only: after that a retry whose earlier
/// attempt did arrive (its answer lost) would post the prompt twice. No post with the fire's
/// nonce may reach Discord later than the nonce-safe horizon after the first attempt; past it,
/// the fire is given up (recorded failed, logged), whoever holds it.
#[tokio::test]
async fn no_re_post_with_the_same_nonce_after_the_nonce_safe_horizon() {
    let horizon = Duration::seconds(180);
    let send = config().send_deadline;
    // Retries of a failing send.
    let h = H::new("2026-06-09T10:00:00Z");
    let r = h.add(at("09:00")).await.unwrap();
    h.poster
        .fail_always(TEXT, PostError::Unavailable("answer lost".into()));
    let first = utc("2026-06-10T09:00:00Z");
    let mut now = first;
    while now < utc("2026-06-10T09:30:00Z") {
        h.clock.set(now);
        h.service.tick().await.unwrap();
        now += Duration::seconds(15);
    }
    let attempts = h.poster.log();
    assert!(attempts.len() >= 2, "retried: {}", attempts.len());
    for a in &attempts {
        assert!(
            a.at + send <= first + horizon,
            "an attempt at {} could reach Discord after its nonce memory",
            a.at
        );
    }
    let fire = h.fire(r.id, "2026-06-10").await.unwrap();
    assert_eq!(fire.status, FireStatus::Failed);
    let row = h.row(r.number).await;
    assert_eq!(row.next_fire_at, Some(utc("2026-06-11T09:00:00Z")));

    // A take-over of a claim first made longer ago than the horizon does not post either.
    let h = H::new("2026-06-09T10:00:00Z");
    let r = h.add(at("09:00")).await.unwrap();
    let row = h.row(r.number).await;
    let claim = crate::store::FireClaim {
        reminder_id: r.id,
        rev: row.rev,
        local_date: date("2026-06-10"),
        now: first,
        // A claimer with a longer lease (another copy's config), that then vanished.
        lease_until: first + Duration::seconds(170),
        instance: "vanished".into(),
    };
    assert!(matches!(
        h.store.claim_reminder_fire(&claim).await.unwrap(),
        crate::store::ClaimOutcome::Claimed { attempt: 1, .. }
    ));
    assert_eq!(h.tick_at("2026-06-10T09:02:50Z").await, 0);
    assert_eq!(h.poster.attempts().len(), 0, "not re-posted");
    let fire = h.fire(r.id, "2026-06-10").await.unwrap();
    assert_eq!((fire.status, fire.attempts), (FireStatus::Failed, 2));
    assert_eq!(
        h.row(r.number).await.next_fire_at,
        Some(utc("2026-06-11T09:00:00Z"))
    );
}

/// Fires run side by side, at most `max_concurrent_fires` at once, and a slow one does not hold
/// up the rest: while it is in flight the loop still posts newly due fires on time.
#[tokio::test(start_paused = true)]
async fn a_slow_fire_does_not_hold_up_newly_due_ones_and_concurrency_is_bounded() {
    let clock: SharedClock = Arc::new(TokioClock::starting_at(utc("2026-06-10T08:59:58Z")));
    let store: Arc<dyn Store> = Arc::new(SqliteStore::in_memory().unwrap());
    let poster = recording_poster(clock.clone());
    let service = Arc::new(ReminderService::new(
        Deps {
            store,
            poster: poster.clone(),
            clock: clock.clone(),
            library: shipped_library(),
        },
        ServiceConfig {
            // Long enough for a 150 s send; the checks between them still hold.
            claim_lease: Duration::seconds(300),
            send_deadline: Duration::seconds(200),
            nonce_safe: Duration::seconds(600),
            max_concurrent_fires: 2,
            ..config()
        },
        FakeGroup::new(Ok(GroupOutcome::Started {
            lobby_message_id: Some(MessageId::new(1)),
        })),
        Arc::new(RecordingEvents::default()),
    ));
    // In TEXT every send takes 150 s; in TEXT2 they are quick.
    poster.set_rule(|s| {
        if s.channel == TEXT {
            Behave::Sleep(std::time::Duration::from_secs(150))
        } else {
            Behave::Ok
        }
    });
    let plan = [
        (TEXT, "09:00"),
        (TEXT2, "09:01"),
        (TEXT, "09:03"),
        (TEXT, "09:03"),
        (TEXT, "09:03"),
    ];
    for (channel, time) in plan {
        let options = ReminderOptions {
            channel_id: Some(channel),
            ..at(time)
        };
        service.add(GUILD, options, &GUILD_VIEW).await.unwrap();
    }
    let shutdown = tokio_util::sync::CancellationToken::new();
    let running = tokio::spawn(service.clone().run(shutdown.clone()));
    tokio::time::sleep(std::time::Duration::from_secs(10 * 60)).await;
    let started: Vec<(ChannelId, String)> = poster
        .log()
        .iter()
        .map(|s| (s.channel, s.at.format("%H:%M:%S").to_string()))
        .collect();
    println!("{started:?}");
    let at = |c: ChannelId, t: &str| (c, t.to_owned());
    assert_eq!(
        started,
        [
            at(TEXT, "09:00:00"),
            // On time while the 09:00 send is still in flight.
            at(TEXT2, "09:01:00"),
            at(TEXT, "09:03:00"),
            at(TEXT, "09:03:00"),
            // At most two at once: the third waits for a slot.
            at(TEXT, "09:05:30"),
        ]
    );
    assert_eq!(poster.succeeded().len(), 5);
    shutdown.cancel();
    tokio::time::timeout(std::time::Duration::from_secs(30), running)
        .await
        .expect("the loop stops")
        .unwrap();
}

/// A group stretch's lobby cannot be cut off half-way, so its send has no deadline; its claimer
/// renews the claim while it runs instead, and no other copy takes the fire over meanwhile.
#[tokio::test(start_paused = true)]
async fn a_slow_group_start_renews_its_claim_so_no_other_copy_takes_the_fire_over() {
    let clock: SharedClock = Arc::new(TokioClock::starting_at(utc("2026-06-10T08:59:59Z")));
    let store: Arc<dyn Store> = Arc::new(SqliteStore::in_memory().unwrap());
    let copy = || {
        let group = FakeGroup::new(Ok(GroupOutcome::Started {
            lobby_message_id: Some(MessageId::new(1)),
        }));
        let service = Arc::new(ReminderService::new(
            Deps {
                store: store.clone(),
                poster: recording_poster(clock.clone()),
                clock: clock.clone(),
                library: shipped_library(),
            },
            config(),
            group.clone(),
            Arc::new(RecordingEvents::default()),
        ));
        (service, group)
    };
    let ((a, a_group), (b, b_group)) = (copy(), copy());
    let r = a
        .add(
            GUILD,
            ReminderOptions {
                kind: Some(crate::reminders::Kind::Group),
                ..at("09:00")
            },
            &GUILD_VIEW,
        )
        .await
        .unwrap();
    let lease = config().claim_lease.to_std().unwrap();
    a_group.set_delay(lease * 3);
    tokio::time::sleep(std::time::Duration::from_secs(1)).await;
    let slow = tokio::spawn({
        let a = a.clone();
        async move { a.tick().await.unwrap() }
    });
    // Well past the first lease, while A still opens the lobby.
    tokio::time::sleep(lease * 2).await;
    assert_eq!(b.tick().await.unwrap().posted, 0);
    assert!(b_group.requests().is_empty(), "B took the fire over");
    assert_eq!(slow.await.unwrap().posted, 1);
    let fire = store
        .reminder_fire(r.id, date("2026-06-10"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!((fire.status, fire.attempts), (FireStatus::Posted, 1));
    assert_eq!(a_group.requests().len(), 1);
}

#[tokio::test]
async fn a_server_set_to_german_gets_its_prompt_in_german_and_others_in_english() {
    let h = H::new("2026-06-09T10:00:00Z");
    h.store.set_guild_language(GUILD, "de").await.unwrap();
    let r = h.add(at("09:00")).await.unwrap();
    assert_eq!(h.tick_at("2026-06-10T09:00:00Z").await, 1);
    let posts = h.poster.succeeded();
    let card = &posts[0].message.cards[0];
    assert!(card.title.starts_with("Dehnpause: "), "{}", card.title);
    assert_eq!(
        card.footer,
        format!(
            "Erinnerung Nr. {} · Admins verwalten sie mit /erinnerungen",
            r.number
        )
    );
    let labels: Vec<&str> = posts[0].message.rows[0]
        .iter()
        .map(|b| b.label.as_str())
        .collect();
    assert_eq!(
        labels,
        [
            "Zeig mir, wie",
            "Ich habe gedehnt",
            "Gruppendehnung starten"
        ]
    );

    // Back to English: the same reminder's next prompt is English again.
    h.store.set_guild_language(GUILD, "en-US").await.unwrap();
    assert_eq!(h.tick_at("2026-06-11T09:00:00Z").await, 1);
    let posts = h.poster.succeeded();
    let card = &posts[1].message.cards[0];
    assert!(card.title.starts_with("Stretch break: "), "{}", card.title);
    assert_eq!(posts[1].message.rows[0][0].label, "Show me how");
}
