//! Opening a session and its lobby: one session per channel and a cap per server, options checked
//! with one sentence, people joining and leaving, and a lobby cancelled or left empty.

use super::*;

#[tokio::test(start_paused = true)]
async fn two_concurrent_starts_in_one_channel_make_one_session() {
    let h = Harness::new();
    let m = h.manager();
    let mut second = req(X);
    second.starter_id = Some(UserId::new(8));
    let (a, b) = tokio::join!(m.start(req(X)), m.start(second));
    let (ok, err) = match (a, b) {
        (Ok(ok), Err(err)) | (Err(err), Ok(ok)) => (ok, err),
        other => panic!("expected exactly one session: {other:?}"),
    };
    let text = user_error(Err::<(), _>(err));
    assert!(
        text.starts_with("A stretch session is already running here"),
        "{text}"
    );
    assert_eq!(h.discord.posts(X), plan("0 lobby"));
    // Once the lobby is saved, the refusal links to it.
    let again = user_error(m.start(req(X)).await);
    assert_eq!(
        again,
        format!(
            "A stretch session is already running here: https://discord.com/channels/{GUILD}/{X}/{}",
            ok.lobby_message_id.unwrap()
        )
    );
}

#[tokio::test(start_paused = true)]
async fn options_are_checked_with_one_sentence_naming_the_range() {
    let h = Harness::new();
    let m = h.manager();
    for (r, sentence) in [
        (
            StartRequest {
                sets: Some(5),
                ..req(X)
            },
            "Child's Pose can be done in 1 to 3 sets; pick a number in that range.",
        ),
        (
            StartRequest {
                hold_secs: Some(30),
                ..req(X)
            },
            "The hold for Child's Pose must be between 60 and 300 seconds.",
        ),
        (
            StartRequest {
                lobby_secs: Some(901),
                ..req(X)
            },
            "The lobby can stay open between 0 and 900 seconds.",
        ),
    ] {
        assert_eq!(user_error(m.start(r).await), sentence);
    }
    let mut r = req(X);
    r.routine_id = "headstand".into();
    assert!(user_error(m.start(r).await).contains("\"headstand\""));
    assert!(h.discord.sent(X).is_empty());
}

#[tokio::test(start_paused = true)]
async fn the_per_server_cap_is_enforced() {
    let mut h = Harness::new();
    h.config.max_per_server = 2;
    let (m, _) = h.running(X).await;
    m.start(req(Y)).await.unwrap();
    let text = user_error(m.start(req(ChannelId::new(300))).await);
    assert!(
        text.starts_with("This server already has 2 live stretch sessions"),
        "{text}"
    );
    let mut other_server = req(ChannelId::new(300));
    other_server.guild_id = GuildId::new(2);
    m.start(other_server).await.unwrap();
}

#[tokio::test(start_paused = true)]
async fn people_join_until_the_last_set_and_are_named_at_the_end() {
    let h = Harness::new();
    let (m, started) = h.running(X).await;
    let id = started.session_id.as_str();
    h.until(5).await;
    assert!(m
        .join(id, UserId::new(8))
        .await
        .unwrap()
        .text
        .starts_with("You're in! We start <t:"));
    assert_eq!(
        m.join(id, UserId::new(8)).await.unwrap().text,
        "You're already in."
    );
    h.until(50).await;
    assert_eq!(
        m.join(id, UserId::new(9)).await.unwrap().text,
        "You're in! Jump in at the current step."
    );
    h.until(140).await;
    assert_eq!(
        user_error(m.join(id, UserId::new(10)).await),
        "Joining is closed: the last set has already begun."
    );
    h.until(300).await;
    let sent = h.discord.sent(X);
    let lobby_edit = sent.iter().find(|s| s.at_ms == 5000).unwrap();
    assert!(lobby_edit
        .message
        .content
        .contains("**In (2):** <@7>, <@8>"));
    assert!(lobby_edit.message.mentions.users.is_empty());
    let start = sent.iter().find(|s| s.suffix() == "0").unwrap();
    assert_eq!(
        start.message.mentions.users,
        vec![UserId::new(7), UserId::new(8)]
    );
    let finish = sent.iter().find(|s| s.suffix() == "11").unwrap();
    assert_eq!(
        finish.message.mentions.users,
        vec![UserId::new(7), UserId::new(8), UserId::new(9)]
    );
    assert!(finish.message.content.contains("<@7>, <@8>, <@9>"));
    // Steps and the wrap-up are time-critical; the lobby post is scheduled; its edits can wait.
    for (i, s) in sent.iter().enumerate() {
        let want = match (s.edit_of, i) {
            (Some(_), _) => Lane::Background,
            (None, 0) => Lane::Scheduled,
            (None, _) => Lane::Live,
        };
        assert_eq!(s.lane, want, "{s:?}");
    }
    assert_eq!(lobby_edit.lane, Lane::Background);
    h.check_all();
}

#[tokio::test(start_paused = true)]
async fn a_lobby_cancelled_by_its_starter_says_so() {
    let h = Harness::new();
    let (m, started) = h.running(X).await;
    h.until(5).await;
    let button = format!("sess:{}:cancel", started.session_id);
    assert!(
        user_error(m.handle_button(&button, UserId::new(99), false).await)
            .starts_with("Only the person")
    );
    m.handle_button(&button, STARTER, false).await.unwrap();
    h.until(100).await;
    assert_eq!(h.discord.timeline(X), plan("0 lobby, 5 edit"));
    let edit = &h.discord.sent(X)[1];
    assert_eq!(
        edit.message.content,
        "**Group stretch: Child's Pose (Balasana)** was cancelled by its starter, <@7>."
    );
    assert!(edit.message.rows.is_empty());
    assert!(!h.active_in(X).await);
    // The channel is free again.
    m.start(req(X)).await.unwrap();
}

#[tokio::test(start_paused = true)]
async fn an_empty_lobby_does_not_start_but_a_lone_starter_does() {
    let h = Harness::new();
    let (m, started) = h.running(X).await;
    h.until(3).await;
    m.leave(&started.session_id, STARTER).await.unwrap();
    h.until(100).await;
    let sent = h.discord.sent(X);
    assert_eq!(h.discord.timeline(X), plan("0 lobby, 3 edit, 10 edit"));
    assert!(sent[2]
        .message
        .content
        .contains("did not start: everyone left the lobby"));
    assert!(!h.active_in(X).await);
}

#[tokio::test(start_paused = true)]
async fn anyone_joins_or_leaves_through_control_without_managing() {
    let h = Harness::new();
    let (m, _) = h.running(X).await;
    h.until(3).await;
    let m = &m;
    let other = |action| async move { press(m, X, UserId::new(8), action).await.unwrap().text };
    assert!(other(Action::Join)
        .await
        .starts_with("You're in! We start <t:"));
    assert_eq!(other(Action::Leave).await, "You've left the session.");
    assert_eq!(other(Action::Leave).await, "You weren't in this session.");
}

/// The lobby is on screen as soon as Discord has it, before its answer reaches the bot: a Join
/// pressed in that window counts.
#[tokio::test(start_paused = true)]
async fn a_join_pressed_while_the_lobby_post_is_still_answering_counts() {
    let h = Harness::new();
    h.discord.set_rule(|s| {
        if s.message
            .nonce
            .as_deref()
            .is_some_and(|n| n.ends_with("-lobby"))
        {
            Behave::Sleep(Duration::from_secs(3))
        } else {
            Behave::Ok
        }
    });
    let m = Arc::new(h.manager());
    let starting = tokio::spawn({
        let m = m.clone();
        async move { m.start(req(X)).await }
    });
    h.until(1).await;
    let lobby = h.discord.log().pop().expect("the lobby post is out");
    let id = lobby
        .message
        .nonce
        .as_deref()
        .and_then(|n| n.strip_prefix('s'))
        .and_then(|n| n.strip_suffix("-lobby"))
        .unwrap()
        .to_owned();
    assert!(m
        .join(&id, UserId::new(8))
        .await
        .unwrap()
        .text
        .starts_with("You're in!"));
    starting.await.unwrap().unwrap();
    h.until(300).await;
    let closing = h.discord.sent(X).pop().unwrap();
    assert!(
        closing.message.content.contains("<@8>"),
        "{:?}",
        closing.message.content
    );
}

/// A session that has ended but is still posting its wrap-up never answers for the channel's
/// next session.
#[tokio::test(start_paused = true)]
async fn a_finished_session_still_wrapping_up_never_shadows_the_next_one() {
    let mut h = Harness::new();
    h.config.max_per_server = 20;
    h.discord.set_rule(|s| {
        // The ended lobby's edit, the last thing an ending session sends.
        if s.edit_of.is_some() && s.at_ms >= 30_000 {
            Behave::Sleep(Duration::from_secs(60))
        } else {
            Behave::Ok
        }
    });
    let m = h.manager();
    // Several channels, so that a registry that happens to list the new session first in one
    // channel cannot hide the fault in all of them.
    let channels: Vec<ChannelId> = (1..=8).map(|c| ChannelId::new(1000 + c)).collect();
    for &c in &channels {
        m.start(StartRequest {
            lobby_secs: Some(0),
            ..req(c)
        })
        .await
        .unwrap();
    }
    h.until(30).await;
    for &c in &channels {
        press(&m, c, STARTER, Action::Stop).await.unwrap();
    }
    // The lobby edits are out (60 s each); the channels are free for new sessions.
    h.until(35).await;
    for &c in &channels {
        m.start(req(c)).await.unwrap();
        assert_eq!(
            press(&m, c, STARTER, Action::Start).await.unwrap().text,
            "Starting now!",
            "channel {c}"
        );
    }
}
