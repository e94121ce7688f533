//! Group reminders: the scheduled event that mirrors the next occurrence, the lobby at the set
//! time, and the fall-backs when a session already runs or sessions are not wired in.

use super::*;
use crate::reminders::{prompt, Kind, NoGroupStarter};

// ----- group reminders and scheduled events -----------------------------------------------------

#[tokio::test]
async fn a_group_reminder_keeps_its_next_occurrence_as_a_scheduled_event() {
    let h = H::new("2026-06-09T10:00:00Z");
    let r = h
        .add(ReminderOptions {
            kind: Some(Kind::Group),
            ..at("09:00")
        })
        .await
        .unwrap();
    assert!(
        r.event_enabled,
        "on by default when the bot may create events"
    );
    h.service.idle().await;
    let routine = shipped_library().get("childs-pose").unwrap().clone();
    let session = i64::from(prompt::session_secs(&routine));
    let calls = h.events.calls();
    let [EventCall::Create(guild, spec)] = calls.as_slice() else {
        panic!("{calls:?}")
    };
    assert_eq!(*guild, GUILD);
    assert_eq!(spec.start, utc("2026-06-10T09:00:00Z"));
    assert_eq!(spec.end, spec.start + Duration::seconds(300 + session));
    assert_eq!(spec.location, "#stretching");
    assert!(spec.name.chars().count() <= 100 && spec.description.chars().count() <= 1000);
    let event_id = h.row(r.number).await.event_id.unwrap();

    // Edit: the event moves.
    h.service
        .edit(GUILD, r.number, at("08:30"), &GUILD_VIEW)
        .await
        .unwrap();
    h.service.idle().await;
    assert_eq!(
        h.events.calls().last(),
        Some(&EventCall::Update(
            GUILD,
            event_id,
            EventSpec {
                start: utc("2026-06-10T08:30:00Z"),
                end: utc("2026-06-10T08:30:00Z") + Duration::seconds(300 + session),
                ..spec.clone()
            }
        ))
    );

    // The fire opens a lobby (with the fire's nonce) and moves the event to the next day.
    assert_eq!(h.tick_at("2026-06-10T08:30:00Z").await, 1);
    h.service.idle().await;
    let requests = h.group.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].lobby_secs, 300);
    assert_eq!(requests[0].channel_id, TEXT);
    assert_eq!(requests[0].nonce, format!("r{}-20260610", r.id));
    assert!(h.poster.succeeded().is_empty(), "the lobby is the post");
    let Some(EventCall::Update(_, _, moved)) = h.events.calls().last().cloned() else {
        panic!("{:?}", h.events.calls())
    };
    assert_eq!(moved.start, utc("2026-06-11T08:30:00Z"));

    // Pause deletes it (no next occurrence), resume brings one back, remove deletes it.
    h.service.pause(GUILD, r.number).await.unwrap();
    h.service.idle().await;
    assert_eq!(
        h.events.calls().last(),
        Some(&EventCall::Delete(GUILD, event_id))
    );
    h.service
        .resume(GUILD, r.number, &GUILD_VIEW)
        .await
        .unwrap();
    h.service.idle().await;
    assert!(matches!(
        h.events.calls().last(),
        Some(EventCall::Create(..))
    ));
    let new_event = h.row(r.number).await.event_id.unwrap();
    h.service.remove(GUILD, r.number).await.unwrap();
    h.service.idle().await;
    assert_eq!(
        h.events.calls().last(),
        Some(&EventCall::Delete(GUILD, new_event))
    );
}

#[tokio::test]
async fn a_group_reminder_points_to_a_running_session_or_falls_back_to_a_prompt() {
    let h = H::new("2026-06-09T10:00:00Z");
    h.add(ReminderOptions {
        kind: Some(Kind::Group),
        event: Some(false),
        ..at("09:00")
    })
    .await
    .unwrap();
    *h.group.answer.lock().unwrap() = Ok(GroupOutcome::AlreadyRunning {
        link: "https://discord.com/channels/1000/2001/555".into(),
    });
    assert_eq!(h.tick_at("2026-06-10T09:00:00Z").await, 1);
    let post = &h.poster.succeeded()[0];
    assert!(post.message.cards[0]
        .description
        .contains("https://discord.com/channels/1000/2001/555"));
    let ids: Vec<&str> = post.message.rows[0]
        .iter()
        .map(|b| b.custom_id.as_str())
        .collect();
    assert!(
        !ids.iter().any(|id| id.starts_with("prompt:group:")),
        "no second group offered: {ids:?}"
    );
    h.service.idle().await;
    assert!(h.events.calls().is_empty(), "event was turned off");

    // Without sessions wired in (the placeholder starter), a prompt still goes out.
    let store: Arc<dyn Store> = Arc::new(SqliteStore::in_memory().unwrap());
    let clock = ManualClock::at(utc("2026-06-09T10:00:00Z"));
    let shared: SharedClock = clock.clone();
    let poster = recording_poster(shared.clone());
    let deps = Deps {
        store,
        poster: poster.clone(),
        clock: shared,
        library: shipped_library(),
    };
    let service = Arc::new(ReminderService::new(
        deps,
        config(),
        Arc::new(NoGroupStarter),
        Arc::new(RecordingEvents::default()),
    ));
    service
        .add(
            GUILD,
            ReminderOptions {
                kind: Some(Kind::Group),
                ..at("09:00")
            },
            &GUILD_VIEW,
        )
        .await
        .unwrap();
    clock.set(utc("2026-06-10T09:00:00Z"));
    assert_eq!(service.tick().await.unwrap().posted, 1);
    // How-to, "I stretched" and a group stretch.
    assert_eq!(poster.succeeded()[0].message.rows[0].len(), 3);
}

/// A shutdown (SIGTERM) reaches the sessions while a group reminder fires: the session manager
/// refuses new sessions ("restarting"). The fire is handed back for the next start (or another
/// copy) to open the lobby, never degraded to a plain prompt.
#[tokio::test(start_paused = true)]
async fn a_group_fire_during_shutdown_is_handed_back_not_degraded() {
    struct ShuttingDown {
        shutdown: tokio_util::sync::CancellationToken,
        asked: Mutex<u32>,
    }
    #[async_trait]
    impl GroupStarter for ShuttingDown {
        async fn start_group(&self, _: GroupRequest) -> Result<GroupOutcome, PostError> {
            *self.asked.lock().unwrap() += 1;
            self.shutdown.cancel();
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
            Err(PostError::Rejected(
                "I'm restarting right now; please try again in a minute.".into(),
            ))
        }
    }
    let clock: SharedClock = Arc::new(TokioClock::starting_at(utc("2026-06-10T08:59:58Z")));
    let store: Arc<dyn Store> = Arc::new(SqliteStore::in_memory().unwrap());
    let poster = recording_poster(clock.clone());
    let shutdown = tokio_util::sync::CancellationToken::new();
    let group = Arc::new(ShuttingDown {
        shutdown: shutdown.clone(),
        asked: Mutex::new(0),
    });
    let service = Arc::new(ReminderService::new(
        Deps {
            store: store.clone(),
            poster: poster.clone(),
            clock: clock.clone(),
            library: shipped_library(),
        },
        config(),
        group.clone(),
        Arc::new(RecordingEvents::default()),
    ));
    let r = service
        .add(
            GUILD,
            ReminderOptions {
                kind: Some(Kind::Group),
                event: Some(false),
                ..at("09:00")
            },
            &GUILD_VIEW,
        )
        .await
        .unwrap();
    let running = tokio::spawn(service.clone().run(shutdown.clone()));
    tokio::time::timeout(std::time::Duration::from_secs(60), running)
        .await
        .expect("the loop stops")
        .unwrap();
    assert_eq!(*group.asked.lock().unwrap(), 1);
    assert!(
        poster.log().is_empty(),
        "no plain prompt instead of the group stretch: {:?}",
        poster
            .log()
            .iter()
            .map(|s| s.first_line().to_owned())
            .collect::<Vec<_>>()
    );
    let fire = store
        .reminder_fire(r.id, date("2026-06-10"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(fire.status, FireStatus::Retry, "handed back");
    let row = store.reminder(GUILD, r.number).await.unwrap().unwrap();
    assert!(
        row.next_fire_at.unwrap() <= clock.now(),
        "due at once for whoever starts next: {:?}",
        row.next_fire_at
    );
}

#[tokio::test]
async fn a_group_reminders_event_speaks_the_servers_language() {
    let h = H::new("2026-06-09T10:00:00Z");
    // No language set: the server's Discord language as recorded from GUILD_CREATE.
    h.store
        .set_guild_present(GUILD, Some("pt-BR"))
        .await
        .unwrap();
    h.add(ReminderOptions {
        kind: Some(Kind::Group),
        ..at("09:00")
    })
    .await
    .unwrap();
    h.service.idle().await;
    let calls = h.events.calls();
    let [EventCall::Create(_, spec)] = calls.as_slice() else {
        panic!("{calls:?}")
    };
    assert!(
        spec.name.starts_with("Alongamento em grupo: "),
        "{}",
        spec.name
    );
    assert!(
        spec.description
            .starts_with("Um alongamento em grupo ao vivo ("),
        "{}",
        spec.description
    );
    // The admins' choice comes first.
    h.store.set_guild_language(GUILD, "de").await.unwrap();
    h.add(ReminderOptions {
        kind: Some(Kind::Group),
        ..at("10:00")
    })
    .await
    .unwrap();
    h.service.idle().await;
    let calls = h.events.calls();
    let Some(EventCall::Create(_, spec)) = calls.last() else {
        panic!("{calls:?}")
    };
    assert!(spec.name.starts_with("Gruppendehnung: "), "{}", spec.name);
}
