//! The controls (`SessionManager::control`): who may use them, and how pause, resume, skip, stop
//! and start now move the rest of the plan.

use super::*;

#[tokio::test(start_paused = true)]
async fn controls_are_for_the_starter_or_a_manager() {
    let h = Harness::new();
    let (m, started) = h.running(X).await;
    h.until(30).await;
    for r in [
        press(&m, X, UserId::new(99), Action::Pause).await,
        press(&m, X, UserId::new(99), Action::Skip).await,
        m.control(
            Target::Session(started.session_id.clone()),
            UserId::new(99),
            false,
            Action::Stop,
        )
        .await,
    ] {
        let text = user_error(r);
        assert!(
            text.starts_with("Only the person who started this session, or someone who can manage messages here, can"),
            "{text}"
        );
    }
    let button = format!("sess:{}:pause", started.session_id);
    assert!(
        user_error(m.handle_button(&button, UserId::new(99), false).await)
            .starts_with("Only the person")
    );
    let reply = m
        .handle_button(&button, UserId::new(99), true)
        .await
        .unwrap();
    assert_eq!(reply.text, "Paused. Press Resume when everyone is ready.");
    assert_eq!(
        user_error(press(&m, X, STARTER, Action::Pause).await),
        "The session is already paused."
    );
    assert_eq!(
        user_error(press(&m, Y, STARTER, Action::Pause).await),
        "There's no stretch session running in this channel."
    );
}

#[tokio::test(start_paused = true)]
async fn pause_and_resume_shift_later_posts_by_the_pause_exactly() {
    let h = Harness::new();
    let m = h.manager();
    let mut r = req(X);
    r.sets = Some(1);
    let started = m.start(r).await.unwrap();
    h.until(70).await;
    press(&m, X, STARTER, Action::Pause).await.unwrap();
    h.until(100).await;
    m.control(
        Target::Session(started.session_id),
        STARTER,
        false,
        Action::Resume,
    )
    .await
    .unwrap();
    h.until(300).await;
    assert_eq!(
        h.discord.posts(X),
        plan("0 lobby, 10 0, 25 1, 40 2, 55 3, 70 n1, 100 n2, 115 4, 145 5")
    );
    let sent = h.discord.sent(X);
    let resumed = sent.iter().find(|s| s.suffix() == "n2").unwrap();
    let hold_end = h.clock.start().timestamp() + 145;
    assert!(resumed
        .message
        .content
        .starts_with("▶ **Resumed** by <@7>."));
    assert!(resumed
        .message
        .content
        .contains(&format!("until <t:{hold_end}:R>")));
    h.check_all();
}

#[tokio::test(start_paused = true)]
async fn skip_and_stop_move_the_plan() {
    let h = Harness::new();
    let (m, _) = h.running(X).await;
    h.until(60).await;
    // Mid-hold: the rest comes now, 55 s early, and the breathing cue is dropped.
    assert_eq!(
        press(&m, X, STARTER, Action::Skip).await.unwrap().text,
        "Skipped to the next step."
    );
    h.until(90).await;
    press(&m, X, STARTER, Action::Stop).await.unwrap();
    h.until(300).await;
    assert_eq!(
        h.discord.posts(X),
        plan("0 lobby, 10 0, 25 1, 40 2, 55 3, 60 5, 80 6, 90 11")
    );
    let finish = h
        .discord
        .sent(X)
        .into_iter()
        .find(|s| s.suffix() == "11")
        .unwrap();
    assert!(finish
        .first_line()
        .starts_with("**Stopped early by <@7>.**"));
    assert!(!h.active_in(X).await);
    h.check_all();
}

#[tokio::test(start_paused = true)]
async fn start_now_moves_the_whole_plan_earlier() {
    let h = Harness::new();
    let (m, started) = h.running(X).await;
    h.until(3).await;
    assert_eq!(
        user_error(press(&m, X, STARTER, Action::Skip).await),
        "The session hasn't started yet; use Start now to begin."
    );
    let button = format!("sess:{}:start", started.session_id);
    assert_eq!(
        m.handle_button(&button, STARTER, false).await.unwrap().text,
        "Starting now!"
    );
    assert_eq!(
        user_error(press(&m, X, STARTER, Action::Start).await),
        "The session has already started."
    );
    h.until(300).await;
    let expected: Vec<(u64, String)> = full_session_posts()
        .into_iter()
        .map(|(at, k)| if k == "lobby" { (at, k) } else { (at - 7, k) })
        .collect();
    assert_eq!(h.discord.posts(X), expected);
}

#[tokio::test(start_paused = true)]
async fn a_button_acts_only_when_pressed_in_its_sessions_server_and_channel() {
    let h = Harness::new();
    let m = h.manager();
    let started = m.start(req(X)).await.unwrap();
    h.until(5).await;
    let pressed = |guild_id, channel_id| Target::Pressed {
        session_id: started.session_id.clone(),
        guild_id,
        channel_id,
    };
    for target in [
        pressed(Some(GUILD), Y),
        pressed(Some(GuildId::new(999)), X),
        pressed(None, X),
    ] {
        let text = user_error(m.control(target, STARTER, true, Action::Cancel).await);
        assert!(text.contains("another channel"), "{text}");
    }
    assert!(m.session_in_channel(X).await.is_some(), "still running");
    m.control(pressed(Some(GUILD), X), STARTER, false, Action::Cancel)
        .await
        .unwrap();
}

const TOO_FAST: &str =
    "You're using the session controls too quickly; wait a moment and try again.";

#[tokio::test(start_paused = true)]
async fn each_person_controls_at_most_once_per_cooldown_and_stop_is_exempt() {
    let mut h = Harness::new();
    h.config.control_cooldown_ms = 2000;
    let m = h.manager();
    let started = m.start(req(X)).await.unwrap();
    h.until(30).await;
    press(&m, X, STARTER, Action::Pause).await.unwrap();
    // The starter again at once: refused, and nothing changes (still paused).
    assert_eq!(
        user_error(press(&m, X, STARTER, Action::Resume).await),
        TOO_FAST
    );
    let button = format!("sess:{}:resume", started.session_id);
    assert_eq!(
        user_error(m.handle_button(&button, STARTER, false).await),
        TOO_FAST,
        "buttons and commands share one limit"
    );
    // The limit is per person: a manager may resume meanwhile.
    m.control(Target::Channel(X), UserId::new(99), true, Action::Resume)
        .await
        .unwrap();
    h.until(32).await;
    press(&m, X, STARTER, Action::Pause).await.unwrap();
    // Stop is never held back.
    press(&m, X, STARTER, Action::Stop).await.unwrap();
    h.until(40).await;
    let notices = pause_notices(&h);
    // The pause and the manager's resume at 30 collapse into the resume; then the pause at 32.
    assert_eq!(notices.len(), 2, "{notices:?}");
    assert!(
        notices[1].starts_with("⏸ **Paused** by <@7>."),
        "{notices:?}"
    );
}

#[tokio::test(start_paused = true)]
async fn a_session_takes_at_most_max_adjustments_then_one_sentence() {
    let mut h = Harness::new();
    h.config.max_adjustments = 2;
    let m = h.manager();
    m.start(req(X)).await.unwrap();
    h.until(30).await;
    for action in [Action::Pause, Action::Resume, Action::Pause, Action::Resume] {
        press(&m, X, STARTER, action).await.unwrap();
    }
    for action in [Action::Pause, Action::Skip] {
        assert_eq!(
            user_error(press(&m, X, STARTER, action).await),
            "This session can't be paused, skipped or started early again (at most 2 per \
             session); stop it and start a new one if you need more time."
        );
    }
    press(&m, X, STARTER, Action::Stop).await.unwrap();
}

#[tokio::test(start_paused = true)]
async fn pause_and_resume_not_yet_posted_collapse_into_one_notice() {
    let h = Harness::new();
    // The post of step 1 (due at 25) takes 10 s: the controls below happen while it is out.
    h.discord.set_rule(|s| {
        if s.message
            .nonce
            .as_deref()
            .is_some_and(|n| n.ends_with("-1"))
        {
            Behave::Sleep(Duration::from_secs(10))
        } else {
            Behave::Ok
        }
    });
    let m = h.manager();
    m.start(req(X)).await.unwrap();
    h.until(27).await;
    for action in [Action::Pause, Action::Resume, Action::Pause, Action::Resume] {
        press(&m, X, STARTER, action).await.unwrap();
    }
    h.until(60).await;
    let notices = pause_notices(&h);
    assert_eq!(notices.len(), 1, "{notices:?}");
    assert!(
        notices[0].starts_with("▶ **Resumed** by <@7>."),
        "{notices:?}"
    );
    h.check_all();
}

/// The first lines of the pause and resume notices posted in channel X, in order.
fn pause_notices(h: &Harness) -> Vec<String> {
    h.discord
        .sent(X)
        .iter()
        .map(|s| s.first_line().to_owned())
        .filter(|l| l.contains("**Paused**") || l.contains("**Resumed**"))
        .collect()
}
