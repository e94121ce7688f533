//! Timing under tokio's paused clock: every step posts at its exact offset, and a slow post, a
//! long stall, a lost channel or a panic in one session never shifts later steps or stops the
//! other sessions.

use super::*;

#[tokio::test(start_paused = true)]
async fn full_session_posts_every_step_at_its_exact_offset() {
    let h = Harness::new();
    let (m, started) = h.running(X).await;
    assert_eq!(started.session_id.len(), 12);
    h.until(300).await;

    let mut expected = full_session_posts();
    // Lobby edits: Join only at the start, joining closed at the last set, done at the finish.
    expected.insert(2, s(10, "edit"));
    expected.insert(9, s(135, "edit"));
    expected.push(s(240, "edit"));
    assert_eq!(h.discord.timeline(X), expected);

    let sent = h.discord.sent(X);
    let lines: Vec<&str> = sent.iter().map(Sent::first_line).collect();
    assert_eq!(lines[0], "**Group stretch: Child's Pose (Balasana)**");
    assert!(lines[1].starts_with("**Let's stretch: Child's Pose (Balasana)** · 2 sets"));
    assert!(lines[2].contains("is under way"), "{}", lines[2]);
    assert!(lines[5]
        .starts_with("**Set 1 of 2 · Step 4 of 4: Extended hold**: hold for 1 min, ends <t:"));
    assert!(lines[6].starts_with("**Halfway through the hold**, ends <t:"));
    assert!(lines[7].starts_with("**Rest**: set 2 of 2 starts <t:"));
    assert!(sent[9].message.content.contains("joining is closed"));
    assert!(lines[14].starts_with("**Done: Child's Pose, 2 sets. Well stretched!**"));
    assert!(sent[14].message.content.contains("dizzy"));
    assert_eq!(sent[1].message.mentions.users, vec![STARTER]);
    assert_eq!(sent[14].message.mentions.users, vec![STARTER]);
    assert!(sent[15].first_line().contains("is done"));
    assert!(sent[15].message.rows.is_empty());
    // The hold's end is the absolute instant 55 + 60 s after the lobby.
    let hold_end = h.clock.start().timestamp() + 115;
    assert!(sent[5]
        .message
        .content
        .contains(&format!("<t:{hold_end}:R>")));
    h.check_all();
    assert!(!h.active_in(X).await);
    assert!(m.session_in_channel(X).await.is_none());

    // Printed for the report: offsets and first lines of one full session.
    for s in &sent {
        println!(
            "{:>4} s  {:<6} {}",
            s.at_ms / 1000,
            s.suffix(),
            s.first_line()
        );
    }
}

#[tokio::test(start_paused = true)]
async fn a_slow_post_does_not_shift_later_steps() {
    let h = Harness::new();
    h.discord
        .set_rule(on_nonce("-1", None, Behave::Sleep(Duration::from_secs(3))));
    let (_m, _) = h.running(X).await;
    h.until(300).await;
    assert_eq!(h.discord.posts(X), full_session_posts());
    h.check_all();
}

#[tokio::test(start_paused = true)]
async fn a_long_stall_collapses_missed_steps_into_one_catch_up() {
    let h = Harness::new();
    h.discord
        .set_rule(on_nonce("-1", None, Behave::Sleep(Duration::from_secs(40))));
    let (_m, _) = h.running(X).await;
    h.until(300).await;
    let mut expected = full_session_posts();
    // Event 1 hangs from 25 to 65: event 2 (40) is dropped, the hold (55) comes as a catch-up.
    expected.retain(|(_, k)| k != "2" && k != "3");
    expected.insert(3, s(65, "3"));
    assert_eq!(h.discord.posts(X), expected);
    let catch_up = h
        .discord
        .sent(X)
        .into_iter()
        .find(|s| s.at_ms == 65_000 && s.edit_of.is_none())
        .unwrap();
    assert_eq!(
        catch_up.first_line(),
        "**We lost some time — here's where we are.**"
    );
    assert!(catch_up.message.content.contains("Extended hold"));
    h.check_all();
}

#[tokio::test(start_paused = true)]
async fn losing_the_channel_ends_that_session_only_without_retries() {
    let h = Harness::new();
    h.discord.set_rule(on_nonce(
        "-2",
        Some(X),
        Behave::Fail(PostError::Gone {
            status: 403,
            code: 50013,
        }),
    ));
    let (m, _) = h.running(X).await;
    m.start(req(Y)).await.unwrap();
    h.until(300).await;
    assert_eq!(
        h.discord.timeline(X),
        plan("0 lobby, 10 0, 10 edit, 25 1, 40 2")
    );
    assert_eq!(h.discord.posts(Y), full_session_posts());
    assert!(!h.active_in(X).await);
    assert!(!h.active_in(Y).await);
}

#[tokio::test(start_paused = true)]
async fn a_panicking_session_is_closed_with_an_apology_and_others_run_on() {
    let h = Harness::new();
    h.discord.set_rule(on_nonce("-2", Some(X), Behave::Panic));
    let (m, _) = h.running(X).await;
    m.start(req(Y)).await.unwrap();
    h.until(300).await;
    assert_eq!(
        h.discord.timeline(X),
        plan("0 lobby, 10 0, 10 edit, 25 1, 40 2, 40 end, 40 edit")
    );
    let x = h.discord.sent(X);
    assert!(x[5]
        .first_line()
        .starts_with("Sorry, something went wrong on our side"));
    assert!(x[6].first_line().contains("problem on our side"));
    assert_eq!(h.discord.posts(Y), full_session_posts());
    assert!(!h.active_in(X).await);
    assert!(m.session_in_channel(X).await.is_none());
}
