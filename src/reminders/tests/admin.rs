//! The `/reminders` operations as admins use them: every bad input is one clear sentence and
//! saves nothing, edits and skips change exactly what was asked, ids stay small, and the list
//! fits Discord's limits.

use super::*;
use crate::{
    reminders::{model::say, service::TestOutcome, Kind, State},
    render::as_text,
    store::FireStatus,
};

// ----- bad input ------------------------------------------------------------------------------

#[tokio::test]
async fn every_bad_input_is_one_clear_sentence_and_saves_nothing() {
    let h = H::new("2026-06-09T10:00:00Z");
    let long = "x".repeat(5000);
    let cases: Vec<(&str, ReminderOptions, Option<&str>)> = vec![
        ("25:00", at("25:00"), Some("00 to 23")),
        ("9:60", at("9:60"), Some("00 to 59")),
        ("9am", at("9am"), Some("09:00")),
        ("empty time", at(""), Some("HH:MM")),
        ("5000-char time", at(&long), None),
        (
            "5000-char message",
            ReminderOptions {
                message: Some(long.clone()),
                ..at("09:00")
            },
            Some("300"),
        ),
        (
            "wrong case zone",
            ReminderOptions {
                timezone: Some("europe/berlin".into()),
                ..at("09:00")
            },
            Some("did you mean Europe/Berlin"),
        ),
        (
            "unknown zone",
            ReminderOptions {
                timezone: Some("Mars/Olympus".into()),
                ..at("09:00")
            },
            Some("Mars/Olympus"),
        ),
        (
            "unknown day",
            ReminderOptions {
                days: Some("funday".into()),
                ..at("09:00")
            },
            Some("funday"),
        ),
        (
            "voice channel",
            ReminderOptions {
                channel_id: Some(VOICE),
                ..at("09:00")
            },
            Some("voice channel"),
        ),
        (
            "category",
            ReminderOptions {
                channel_id: Some(CATEGORY),
                ..at("09:00")
            },
            Some("category"),
        ),
        (
            "another server's channel",
            ReminderOptions {
                channel_id: Some(FOREIGN_CHANNEL),
                ..at("09:00")
            },
            Some("isn't in this server"),
        ),
        (
            "no channel",
            ReminderOptions {
                channel_id: None,
                ..at("09:00")
            },
            Some("channel"),
        ),
        (
            "bot cannot post",
            ReminderOptions {
                channel_id: Some(NO_SEND),
                ..at("09:00")
            },
            Some("Send Messages"),
        ),
        (
            "bot cannot embed",
            ReminderOptions {
                channel_id: Some(NO_EMBED),
                ..at("09:00")
            },
            Some("Embed Links"),
        ),
        (
            "@everyone as ping role",
            ReminderOptions {
                ping_role_id: Some(EVERYONE),
                ..at("09:00")
            },
            Some("everyone"),
        ),
        (
            "another server's role",
            ReminderOptions {
                ping_role_id: Some(FOREIGN_ROLE),
                ..at("09:00")
            },
            Some("isn't in this server"),
        ),
        (
            "event on a prompt",
            ReminderOptions {
                event: Some(true),
                ..at("09:00")
            },
            Some("group"),
        ),
    ];
    for (what, options, expect) in cases {
        let sentence = user_sentence(h.add(options).await);
        assert_one_sentence(&sentence);
        if let Some(part) = expect {
            assert!(sentence.contains(part), "{what}: {sentence}");
        }
        println!("{what:>26}: {sentence}");
    }
    // An event without the permission to create one.
    let no_events = FakeGuild {
        can_events: false,
        ..GUILD_VIEW
    };
    let group_with_event = ReminderOptions {
        kind: Some(Kind::Group),
        event: Some(true),
        ..at("09:00")
    };
    let sentence = user_sentence(h.service.add(GUILD, group_with_event, &no_events).await);
    assert_one_sentence(&sentence);
    assert!(sentence.contains("Create Events"), "{sentence}");

    assert!(h.store.guild_reminders(GUILD).await.unwrap().is_empty());
    h.service.idle().await;
    assert!(h.events.calls().is_empty());
    assert!(h.poster.attempts().is_empty());
}

#[tokio::test]
async fn the_limit_and_unknown_ids_are_sentences_too() {
    let h = H::new("2026-06-09T10:00:00Z");
    for i in 0..25 {
        h.add(at(&format!("{:02}:{:02}", 8 + i / 60, i % 60)))
            .await
            .unwrap();
    }
    let sentence = user_sentence(h.add(at("18:00")).await);
    assert_one_sentence(&sentence);
    assert!(sentence.contains("25"), "{sentence}");
    assert_eq!(h.store.guild_reminders(GUILD).await.unwrap().len(), 25);

    // Another server's reminder #1 exists, but from this server's side it is unknown.
    let other = h
        .service
        .add(OTHER_GUILD, at("09:00"), &GUILD_VIEW)
        .await
        .unwrap();
    assert_eq!(other.number, 1);
    let s = &h.service;
    let unknown = say::unknown_id(99).as_str().to_owned();
    let results = [
        user_sentence(s.edit(GUILD, 99, at("10:00"), &GUILD_VIEW).await),
        user_sentence(s.remove(GUILD, 99).await),
        user_sentence(s.pause(GUILD, 99).await),
        user_sentence(s.resume(GUILD, 99, &GUILD_VIEW).await),
        user_sentence(s.skip(GUILD, 99).await),
        user_sentence(s.test(GUILD, 99).await),
    ];
    for r in &results {
        assert_eq!(r, &unknown);
        assert_one_sentence(r);
    }
    // The other server cannot reach this server's #2 either.
    assert_eq!(
        user_sentence(s.remove(OTHER_GUILD, 2).await),
        say::unknown_id(2).as_str()
    );
    assert_eq!(h.store.guild_reminders(GUILD).await.unwrap().len(), 25);
}

#[tokio::test]
async fn edit_validates_before_changing_anything() {
    let h = H::new("2026-06-09T10:00:00Z");
    let r = h.add(at("09:00")).await.unwrap();
    let before = h.store.reminder(GUILD, r.number).await.unwrap();
    for bad in [
        at("9:60"),
        ReminderOptions {
            channel_id: Some(VOICE),
            ..ReminderOptions::default()
        },
        ReminderOptions {
            timezone: Some("Mars/Olympus".into()),
            ..ReminderOptions::default()
        },
        ReminderOptions::default(),
    ] {
        let sentence = user_sentence(h.service.edit(GUILD, r.number, bad, &GUILD_VIEW).await);
        assert_one_sentence(&sentence);
    }
    assert_eq!(h.store.reminder(GUILD, r.number).await.unwrap(), before);

    let edited = h
        .service
        .edit(
            GUILD,
            r.number,
            ReminderOptions {
                time: Some("17:30".into()),
                timezone: Some("Europe/Berlin".into()),
                ..ReminderOptions::default()
            },
            &GUILD_VIEW,
        )
        .await
        .unwrap();
    // 17:30 in Berlin (CEST) on 2026-06-09 is 15:30Z, still ahead of 10:00Z.
    assert_eq!(h.next_at(&edited), utc("2026-06-09T15:30:00Z"));
}

#[tokio::test]
async fn skip_skips_exactly_the_next_occurrence() {
    let h = H::new("2026-06-09T10:00:00Z");
    let r = h.add(at("09:00")).await.unwrap();
    let skipped = h.service.skip(GUILD, r.number).await.unwrap();
    assert_eq!(skipped.skipped.local_date, date("2026-06-10"));
    assert_eq!(h.next_at(&skipped.reminder), utc("2026-06-11T09:00:00Z"));
    assert_eq!(h.tick_at("2026-06-10T09:00:00Z").await, 0);
    assert_eq!(h.tick_at("2026-06-10T09:10:00Z").await, 0);
    assert_eq!(h.tick_at("2026-06-11T09:00:00Z").await, 1);
    assert_eq!(h.tick_at("2026-06-12T09:00:00Z").await, 1);
    assert_eq!(
        h.fire(r.id, "2026-06-10").await.unwrap().status,
        FireStatus::Skipped
    );
    // A paused reminder has nothing to skip.
    h.service.pause(GUILD, r.number).await.unwrap();
    let sentence = user_sentence(h.service.skip(GUILD, r.number).await);
    assert_one_sentence(&sentence);
}

#[tokio::test]
async fn test_posts_now_and_does_not_count_as_the_days_fire() {
    let h = H::new("2026-06-10T08:00:00Z");
    let r = h.add(at("09:00")).await.unwrap();
    let outcome = h.service.test(GUILD, r.number).await.unwrap();
    assert!(matches!(outcome, TestOutcome::Posted { .. }));
    let test_post = &h.poster.succeeded()[0];
    assert!(
        test_post.message.nonce.is_none(),
        "the sender gives it a random one"
    );
    assert!(test_post.message.cards[0].footer.contains("Test"));
    assert!(h.fire(r.id, "2026-06-10").await.is_none());
    assert_eq!(h.tick_at("2026-06-10T09:00:00Z").await, 1);
    // A test into a gone channel says so.
    h.poster.fail_always(
        TEXT,
        PostError::Gone {
            status: 403,
            code: 50013,
        },
    );
    let sentence = user_sentence(h.service.test(GUILD, r.number).await);
    assert_one_sentence(&sentence);
}

#[tokio::test]
async fn a_test_post_shows_the_stretch_the_rotation_suggests_today_and_leaves_it_alone() {
    let h = H::new("2026-06-10T08:00:00Z");
    let r = h.add(at("09:00")).await.unwrap();
    let how = |n: usize| -> String {
        let post = &h.poster.succeeded()[n];
        post.message.rows[0][0]
            .custom_id
            .strip_prefix("prompt:how:")
            .unwrap()
            .to_owned()
    };
    let rotation = || async {
        h.store
            .reminder_prompt(r.id)
            .await
            .unwrap()
            .unwrap()
            .rotation
    };

    h.service.test(GUILD, r.number).await.unwrap();
    let tested = how(0);
    let stretch = shipped_library().get(&tested).unwrap().clone();
    assert!(stretch.tags.fits_desk(), "a new prompt's where: {tested}");
    assert!(h.poster.succeeded()[0].message.cards[0]
        .title
        .contains(&stretch.name));
    assert_eq!(
        rotation().await,
        "",
        "a test neither advances nor saves the rotation"
    );
    h.service.test(GUILD, r.number).await.unwrap();
    assert_eq!(how(1), tested, "the same all day");

    assert_eq!(h.tick_at("2026-06-10T09:00:00Z").await, 1);
    assert_eq!(
        how(2),
        tested,
        "the day's prompt suggests what the test showed"
    );
    let after_fire = rotation().await;
    h.service.test(GUILD, r.number).await.unwrap();
    assert_eq!(how(3), tested, "after the fire too");

    h.clock.set(utc("2026-06-11T08:00:00Z"));
    h.service.test(GUILD, r.number).await.unwrap();
    let tomorrow = how(4);
    assert_ne!(tomorrow, tested, "the next day's stretch");
    assert_eq!(rotation().await, after_fire, "still untouched by tests");
    assert_eq!(h.tick_at("2026-06-11T09:00:00Z").await, 1);
    assert_eq!(how(5), tomorrow);
}

#[tokio::test]
async fn ids_are_small_per_server_and_never_reused() {
    let h = H::new("2026-06-09T10:00:00Z");
    let a1 = h.add(at("09:00")).await.unwrap();
    let a2 = h.add(at("10:00")).await.unwrap();
    let b1 = h
        .service
        .add(OTHER_GUILD, at("09:00"), &GUILD_VIEW)
        .await
        .unwrap();
    assert_eq!((a1.number, a2.number, b1.number), (1, 2, 1));
    h.service.remove(GUILD, 2).await.unwrap();
    let a3 = h.add(at("11:00")).await.unwrap();
    assert_eq!(a3.number, 3, "a removed number is not handed out again");
}

#[tokio::test]
async fn the_server_zone_is_the_default_for_new_reminders() {
    let h = H::new("2026-06-09T10:00:00Z");
    let sentence = user_sentence(h.service.set_timezone(GUILD, "europe/berlin").await);
    assert!(sentence.contains("Europe/Berlin"));
    assert_eq!(
        h.service.guild_timezone(GUILD).await.unwrap(),
        chrono_tz::UTC
    );
    h.service
        .set_timezone(GUILD, "Europe/Berlin")
        .await
        .unwrap();
    let r = h.add(at("09:00")).await.unwrap();
    assert_eq!(r.schedule.tz, chrono_tz::Europe::Berlin);
    assert_eq!(h.next_at(&r), utc("2026-06-10T07:00:00Z"));
}

// ----- list -------------------------------------------------------------------------------------

#[tokio::test]
async fn list_stays_within_discord_limits_with_25_long_reminders() {
    let h = H::new("2026-06-09T10:00:00Z");
    for i in 0..25u32 {
        h.add(ReminderOptions {
            time: Some(format!("{:02}:{:02}", 6 + i / 4, (i % 4) * 15)),
            days: Some("mon,tue,wed,thu,sat".into()),
            timezone: Some("America/Argentina/ComodRivadavia".into()),
            message: Some("m".repeat(300)),
            ping_role_id: Some(ROLE),
            kind: Some(if i % 2 == 0 {
                Kind::Group
            } else {
                Kind::Prompt
            }),
            ..at("09:00")
        })
        .await
        .unwrap();
    }
    for n in [2, 5] {
        h.service.pause(GUILD, n).await.unwrap();
    }
    h.poster.fail_always(
        TEXT,
        PostError::Gone {
            status: 403,
            code: 50013,
        },
    );
    // Fire everything once so some get flagged with the longest reason.
    h.tick_at("2026-06-10T23:59:00Z").await;
    let message = h
        .service
        .list_message(GUILD, None, &crate::i18n::Tr::english())
        .await
        .unwrap();
    check_message(&message).unwrap();
    assert_eq!(message.cards[0].fields.len(), 25);
    assert!(message.ephemeral);
}

#[tokio::test]
async fn list_rendering_example() {
    let h = H::new("2026-06-09T10:00:00Z");
    h.service
        .set_timezone(GUILD, "Europe/Berlin")
        .await
        .unwrap();
    h.add(ReminderOptions {
        days: Some("weekdays".into()),
        ping_role_id: Some(ROLE),
        ..at("09:30")
    })
    .await
    .unwrap();
    h.add(ReminderOptions {
        kind: Some(Kind::Group),
        timezone: Some("America/New_York".into()),
        days: Some("mon,wed,fri".into()),
        ..at("12:00")
    })
    .await
    .unwrap();
    let third = h
        .add(ReminderOptions {
            channel_id: Some(TEXT2),
            message: Some("Hydrate too!".into()),
            ..at("15:00")
        })
        .await
        .unwrap();
    h.service.pause(GUILD, third.number).await.unwrap();
    let text = as_text(
        &h.service
            .list_message(GUILD, None, &crate::i18n::Tr::english())
            .await
            .unwrap(),
    );
    println!("{text}");
    assert!(text.contains("#1 · 09:30 weekdays"));
    assert!(text.contains("<t:1781076600:F> (<t:1781076600:R>) · Europe/Berlin"));
    assert!(text.contains("⏸ Paused"));
}

#[tokio::test]
async fn the_list_shows_where_each_prompt_sends_people_and_nothing_for_group_stretches() {
    use crate::reminders::rotation::Place;
    let h = H::new("2026-06-09T10:00:00Z");
    h.add(at("09:00")).await.unwrap();
    h.add(ReminderOptions {
        place: Some(Place::Floor),
        ..at("10:00")
    })
    .await
    .unwrap();
    h.add(ReminderOptions {
        kind: Some(Kind::Group),
        ..at("11:00")
    })
    .await
    .unwrap();
    let edit = ReminderOptions {
        place: Some(Place::Any),
        ..ReminderOptions::default()
    };
    h.service.edit(GUILD, 2, edit, &GUILD_VIEW).await.unwrap();
    let message = h
        .service
        .list_message(GUILD, None, &crate::i18n::Tr::english())
        .await
        .unwrap();
    let fields = &message.cards[0].fields;
    assert_eq!(fields.len(), 3);
    assert!(
        fields[0]
            .value
            .ends_with(&format!("Prompt in <#{TEXT}> · desk stretches")),
        "a new prompt is for desks: {}",
        fields[0].value
    );
    assert!(
        fields[1].value.ends_with("· all stretches"),
        "the edit shows: {}",
        fields[1].value
    );
    assert!(
        !fields[2].value.contains("stretches"),
        "a group stretch has no where: {}",
        fields[2].value
    );
}

#[tokio::test]
async fn a_quiet_ping_role_is_for_those_who_may_mention_everyone() {
    let h = H::new("2026-06-09T10:00:00Z");
    let quiet = ReminderOptions {
        ping_role_id: Some(QUIET_ROLE),
        ..at("09:00")
    };
    let r = h.add(at("09:00")).await.unwrap();
    let edit = ReminderOptions {
        ping_role_id: Some(QUIET_ROLE),
        ..ReminderOptions::default()
    };
    let sentence = user_sentence(
        h.service
            .edit(GUILD, r.number, edit.clone(), &GUILD_VIEW)
            .await,
    );
    assert_one_sentence(&sentence);
    assert!(sentence.contains("mentionable"), "{sentence}");
    assert_eq!(
        h.store.guild_reminders(GUILD).await.unwrap()[0].ping_role_id,
        None,
        "nothing saved"
    );
    let admin = FakeGuild {
        mentions_everyone: true,
        ..GUILD_VIEW
    };
    h.service.edit(GUILD, r.number, edit, &admin).await.unwrap();
    h.service.add(GUILD, quiet, &admin).await.unwrap();
    let rows = h.store.guild_reminders(GUILD).await.unwrap();
    assert!(rows.iter().all(|r| r.ping_role_id == Some(QUIET_ROLE)));
}

#[tokio::test]
async fn a_test_post_pings_nobody_and_says_whom_the_reminder_pings() {
    let h = H::new("2026-06-10T08:00:00Z");
    let r = h
        .add(ReminderOptions {
            ping_role_id: Some(ROLE),
            ..at("09:00")
        })
        .await
        .unwrap();
    h.service.test(GUILD, r.number).await.unwrap();
    let test_post = &h.poster.succeeded()[0];
    assert_eq!(test_post.message.mentions, Default::default());
    assert!(
        test_post.message.content.contains(&format!("<@&{ROLE}>")),
        "{}",
        test_post.message.content
    );
    // The real fire still pings.
    assert_eq!(h.tick_at("2026-06-10T09:00:00Z").await, 1);
    assert_eq!(h.poster.succeeded()[1].message.mentions.roles, vec![ROLE]);
}

#[tokio::test]
async fn a_prompts_group_button_works_only_in_the_reminders_channel() {
    let h = H::new("2026-06-10T08:00:00Z");
    let r = h.add(at("09:00")).await.unwrap();
    let sentence = user_sentence(h.service.start_group_from_prompt(GUILD, TEXT2, r.id).await);
    assert_one_sentence(&sentence);
    assert!(sentence.contains("another channel"), "{sentence}");
    assert!(h.group.requests().is_empty(), "nothing opened");
    h.service
        .start_group_from_prompt(GUILD, TEXT, r.id)
        .await
        .unwrap();
    let requests = h.group.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].channel_id, TEXT);
}

// ----- a zone chrono-tz no longer knows ---------------------------------------------------------

#[tokio::test]
async fn a_zone_no_longer_known_is_flagged_refused_with_a_sentence_and_fixed_by_a_new_zone() {
    let h = H::new("2026-06-09T10:00:00Z");
    let r = h
        .add(ReminderOptions {
            timezone: Some("Europe/Kiev".into()),
            ..at("09:30")
        })
        .await
        .unwrap();
    let mut row = h.store.reminder(GUILD, r.number).await.unwrap().unwrap();
    row.timezone = "Europe/Atlantis".into();
    assert!(h.store.update_reminder(&row).await.unwrap());
    let before = h.store.reminder(GUILD, r.number).await.unwrap();

    let listed = h.service.list(GUILD).await.unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(
        listed[0].state,
        State::Flagged("time zone no longer known: choose another".into())
    );
    assert_eq!(listed[0].upcoming(h.clock.now()), None, "never scheduled");
    let text = as_text(
        &h.service
            .list_message(GUILD, None, &crate::i18n::Tr::english())
            .await
            .unwrap(),
    );
    assert!(text.contains("Europe/Atlantis"), "{text}");

    let want = "Reminder #1's time zone is no longer known: choose another with /reminders edit 1 \
                and a timezone.";
    assert_eq!(
        user_sentence(h.service.resume(GUILD, 1, &GUILD_VIEW).await),
        want
    );
    assert_eq!(user_sentence(h.service.skip(GUILD, 1).await), want);
    assert_eq!(user_sentence(h.service.test(GUILD, 1).await), want);
    let other = ReminderOptions {
        time: Some("10:00".into()),
        ..ReminderOptions::default()
    };
    assert_eq!(
        user_sentence(h.service.edit(GUILD, 1, other, &GUILD_VIEW).await),
        want
    );
    assert_eq!(h.store.reminder(GUILD, r.number).await.unwrap(), before);

    let fixed = h
        .service
        .edit(
            GUILD,
            1,
            ReminderOptions {
                timezone: Some("Europe/Kyiv".into()),
                ..ReminderOptions::default()
            },
            &GUILD_VIEW,
        )
        .await
        .unwrap();
    assert_eq!(fixed.state, State::Active);
    assert_eq!(fixed.zone_name(), "Europe/Kyiv");
    assert!(fixed.upcoming(h.clock.now()).is_some(), "armed again");
}

// ----- edits and skips against the day's fire (issue #13) -----------------------------------------

/// A fire that is due but not yet claimed (the loop is a moment behind, or catching up after a
/// restart) is the next occurrence: `skip` skips it, not tomorrow's, and an edit that leaves the
/// schedule alone keeps it, so it still posts today (with the edit).
#[tokio::test]
async fn skip_and_edit_of_a_due_unclaimed_fire_act_on_that_fire() {
    // Skip, a moment after the minute.
    let h = H::new("2026-06-09T10:00:00Z");
    let r = h.add(at("09:00")).await.unwrap();
    h.clock.set(utc("2026-06-10T09:00:00.300Z"));
    let skipped = h.service.skip(GUILD, r.number).await.unwrap();
    assert_eq!(
        skipped.skipped.local_date,
        date("2026-06-10"),
        "today's due fire is the one skipped"
    );
    assert_eq!(h.tick_at("2026-06-10T09:00:01Z").await, 0);
    assert_eq!(
        h.fire(r.id, "2026-06-10").await.unwrap().status,
        FireStatus::Skipped
    );
    assert_eq!(h.tick_at("2026-06-11T09:00:00Z").await, 1, "tomorrow posts");

    // Skip while catching up after a restart, within the grace period.
    let h = H::new("2026-06-09T10:00:00Z");
    let r = h.add(at("09:00")).await.unwrap();
    h.clock.set(utc("2026-06-10T09:10:00Z"));
    let skipped = h.service.skip(GUILD, r.number).await.unwrap();
    assert_eq!(skipped.skipped.local_date, date("2026-06-10"));
    assert_eq!(h.tick_at("2026-06-10T09:10:01Z").await, 0);
    assert_eq!(h.tick_at("2026-06-11T09:00:00Z").await, 1);

    // An edit of the message only: today's due fire still posts, with the new message.
    let h = H::new("2026-06-09T10:00:00Z");
    let r = h.add(at("09:00")).await.unwrap();
    h.clock.set(utc("2026-06-10T09:00:00.300Z"));
    h.service
        .edit(
            GUILD,
            r.number,
            ReminderOptions {
                message: Some("Shoulders first today".into()),
                ..ReminderOptions::default()
            },
            &GUILD_VIEW,
        )
        .await
        .unwrap();
    assert_eq!(
        h.tick_at("2026-06-10T09:00:01Z").await,
        1,
        "today's fire posts"
    );
    let posts = h.poster.succeeded();
    assert!(
        as_text(&posts[0].message).contains("Shoulders first today"),
        "{}",
        as_text(&posts[0].message)
    );
    assert_eq!(h.tick_at("2026-06-11T09:00:00Z").await, 1);
}

/// One prompt per reminder and local day: an edit of time, days or zone on a day that already
/// fired moves the reminder to the next day that has not, and the reply names that time, which
/// is when it really posts.
#[tokio::test]
async fn an_edit_after_todays_fire_names_the_time_that_really_posts() {
    // A later time, the same day.
    let h = H::new("2026-06-09T10:00:00Z");
    let r = h.add(at("09:00")).await.unwrap();
    assert_eq!(h.tick_at("2026-06-10T09:00:00Z").await, 1);
    h.clock.set(utc("2026-06-10T10:00:00Z"));
    let edited = h
        .service
        .edit(GUILD, r.number, at("17:00"), &GUILD_VIEW)
        .await
        .unwrap();
    let promised = h.next_at(&edited);
    assert_eq!(promised, utc("2026-06-11T17:00:00Z"), "today already fired");
    assert_eq!(h.tick_at("2026-06-10T17:00:00Z").await, 0);
    assert_eq!(
        h.tick_at("2026-06-11T17:00:00Z").await,
        1,
        "posts when promised"
    );

    // Another zone: 09:00 Berlin fired (07:00Z); 09:00 New York the same local date would be
    // 13:00Z, a second prompt for that day.
    let h = H::new("2026-06-09T10:00:00Z");
    let r = h
        .add(ReminderOptions {
            timezone: Some("Europe/Berlin".into()),
            ..at("09:00")
        })
        .await
        .unwrap();
    assert_eq!(h.tick_at("2026-06-10T07:00:00Z").await, 1);
    h.clock.set(utc("2026-06-10T08:00:00Z"));
    let edited = h
        .service
        .edit(
            GUILD,
            r.number,
            ReminderOptions {
                timezone: Some("America/New_York".into()),
                ..ReminderOptions::default()
            },
            &GUILD_VIEW,
        )
        .await
        .unwrap();
    let promised = h.next_at(&edited);
    assert_eq!(promised, utc("2026-06-11T13:00:00Z"));
    assert_eq!(h.tick_at("2026-06-10T13:00:00Z").await, 0);
    assert_eq!(
        h.tick_at("2026-06-11T13:00:00Z").await,
        1,
        "posts when promised"
    );

    // A day that has not fired yet keeps its fire at the new time.
    let h = H::new("2026-06-10T08:00:00Z");
    let r = h.add(at("09:00")).await.unwrap();
    let edited = h
        .service
        .edit(GUILD, r.number, at("17:00"), &GUILD_VIEW)
        .await
        .unwrap();
    assert_eq!(h.next_at(&edited), utc("2026-06-10T17:00:00Z"));
    assert_eq!(h.tick_at("2026-06-10T17:00:00Z").await, 1);
}
