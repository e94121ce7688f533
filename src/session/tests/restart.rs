//! The process hooks: a clean shutdown and the resume after it, a crash and the catch-up after
//! it (nonces keep a re-sent post single), and the bot being removed from a server.

use super::*;
use crate::test_support::shipped_texts;

#[tokio::test(start_paused = true)]
async fn removing_the_bot_from_a_server_stops_its_sessions_silently() {
    let h = Harness::new();
    let (m, _) = h.running(X).await;
    let mut other = req(Y);
    other.guild_id = GuildId::new(2);
    m.start(other).await.unwrap();
    h.until(30).await;
    assert_eq!(m.stop_guild(GUILD).await.unwrap(), 1);
    h.until(300).await;
    assert_eq!(h.discord.timeline(X), plan("0 lobby, 10 0, 10 edit, 25 1"));
    assert_eq!(h.discord.posts(Y), full_session_posts());
    assert!(!h.active_in(X).await);
}

#[tokio::test(start_paused = true)]
async fn a_clean_restart_resumes_shifted_by_the_downtime() {
    let h = Harness::new();
    let (first, _) = h.running(X).await;
    h.until(100).await;
    first.shutdown().await;
    drop(first);
    let row = h.store.active_session_in(X).await.unwrap().unwrap();
    assert!(row
        .state
        .contains("\"restart\":{\"at\":\"2026-11-24T10:01:40Z\",\"auto\":true}"));

    let (_second, report) = h.restart_at(220).await;
    assert_eq!((report.resumed, report.closed), (1, 0));
    h.until(600).await;
    assert_eq!(
        h.discord.posts(X),
        plan(
            "0 lobby, 10 0, 25 1, 40 2, 55 3, 85 4, 100 n1, 220 n2, 235 5, 255 6, \
             270 7, 285 8, 300 9, 330 10, 360 11",
        )
    );
    let sent = h.discord.sent(X);
    let paused = sent.iter().find(|s| s.suffix() == "n1").unwrap();
    assert_eq!(
        paused.message.content,
        "⏸ Paused for a quick restart — we'll pick up where we left off."
    );
    let back = sent.iter().find(|s| s.suffix() == "n2").unwrap();
    assert!(back.message.content.starts_with("▶ **We're back** — picking up where we left off. Now: **Set 1 of 2 · Step 4 of 4: Extended hold**, until <t:"));
    // Every step exactly once across both processes.
    let events: Vec<String> = sent
        .iter()
        .filter(|s| s.edit_of.is_none())
        .map(Sent::suffix)
        .filter(|k| k.parse::<usize>().is_ok())
        .collect();
    assert_eq!(events, (0..12).map(|i| i.to_string()).collect::<Vec<_>>());
    assert!(!h.active_in(X).await);
    h.check_all();
}

#[tokio::test(start_paused = true)]
async fn a_restart_after_too_long_closes_the_session_with_a_message() {
    let h = Harness::new();
    let (first, _) = h.running(X).await;
    h.until(100).await;
    first.shutdown().await;
    drop(first);
    let (_second, report) = h.restart_at(100 + 20 * 60).await;
    assert_eq!((report.resumed, report.closed), (0, 1));
    h.until(2000).await;
    let after = h.sent_after(X, 100_000);
    assert_eq!(after.len(), 2, "{after:?}");
    assert_eq!(
        (after[0].at_ms, after[0].suffix().as_str()),
        (1_300_000, "end")
    );
    assert!(after[0]
        .first_line()
        .starts_with("The bot was offline for about 20 min"));
    assert!(after[1].edit_of.is_some());
    assert!(after[1]
        .first_line()
        .contains("closed while the bot was offline"));
    assert!(!h.active_in(X).await);
    h.check_all();
}

#[tokio::test(start_paused = true)]
async fn after_a_crash_the_session_resumes_at_the_right_step_with_one_catch_up() {
    let h = Harness::new();
    let (first, _) = h.running(X).await;
    h.until(60).await;
    drop(first); // no shutdown: the task dies where it is
    let (_second, report) = h.restart_at(100).await;
    assert_eq!(report.resumed, 1);
    h.until(600).await;
    let mut expected = full_session_posts();
    // Down from 60 to 100: the breathing cue (85) comes once, late, as the catch-up.
    expected[5] = s(100, "4");
    assert_eq!(h.discord.posts(X), expected);
    let sent = h.discord.sent(X);
    let catch_up = sent.iter().find(|s| s.suffix() == "4").unwrap();
    assert_eq!(
        catch_up.first_line(),
        "**We lost some time — here's where we are.**"
    );
    assert!(catch_up.message.mentions.users.is_empty());
    h.check_all();
}

#[tokio::test(start_paused = true)]
async fn after_a_crash_past_the_end_the_session_is_closed_not_replayed() {
    let h = Harness::new();
    let (first, _) = h.running(X).await;
    h.until(60).await;
    drop(first);
    let (_second, report) = h.restart_at(1000).await;
    assert_eq!(report.resumed, 1);
    h.until(1100).await;
    let after = h.sent_after(X, 60_000);
    assert_eq!(after.len(), 2, "{after:?}");
    assert_eq!(after[0].suffix(), "end");
    assert!(after[0]
        .first_line()
        .starts_with("This session ended while the bot was offline"));
    assert!(after[1]
        .first_line()
        .contains("closed while the bot was offline"));
    assert!(!h.active_in(X).await);
}

#[tokio::test(start_paused = true)]
async fn a_post_interrupted_by_a_crash_is_resent_with_the_same_nonce_and_appears_once() {
    let h = Harness::new();
    h.discord
        .set_rule(on_nonce("-2", None, Behave::DeliverThenHang));
    let (first, _) = h.running(X).await;
    h.until(41).await;
    drop(first);
    h.discord.set_rule(|_| Behave::Ok);
    let _second = h.restart_at(42).await;
    h.until(600).await;
    let attempts: Vec<Sent> = h
        .discord
        .sent(X)
        .into_iter()
        .filter(|s| s.suffix() == "2")
        .collect();
    assert_eq!(attempts.len(), 2);
    assert_eq!(attempts[0].message.nonce, attempts[1].message.nonce);
    assert_eq!(attempts.iter().filter(|s| s.delivered).count(), 1);
    let delivered: Vec<String> = h
        .discord
        .sent(X)
        .iter()
        .filter(|s| s.delivered)
        .map(Sent::suffix)
        .collect();
    let mut expected: Vec<String> = vec!["lobby".into()];
    expected.extend((0..12).map(|i| i.to_string()));
    assert_eq!(delivered, expected);
}

#[tokio::test(start_paused = true)]
async fn shutdown_refuses_new_starts_and_waits_for_every_session() {
    let h = Harness::new();
    let (m, _) = h.running(X).await;
    let mut lobby_only = req(Y);
    lobby_only.lobby_secs = Some(300);
    m.start(lobby_only).await.unwrap();
    h.until(20).await;
    m.shutdown().await;
    assert_eq!(h.discord.posts(X).last(), Some(&s(20, "n1")));
    assert_eq!(h.discord.posts(Y).last(), Some(&s(20, "n1")));
    assert!(h.active_in(X).await && h.active_in(Y).await);
    assert_eq!(
        user_error(m.start(req(ChannelId::new(300))).await),
        "I'm restarting right now; please try again in a minute."
    );
    // The lobby's start moves by the downtime too.
    let (again, report) = h.restart_at(80).await;
    assert_eq!(report.resumed, 2);
    h.until(81).await;
    let info = again.session_in_channel(Y).await.unwrap();
    let expected_start = h.clock.start() + chrono::Duration::seconds(360);
    assert_eq!(
        info.phase,
        crate::session::SessionPhase::Lobby {
            starts_at: Some(expected_start)
        }
    );
}

#[tokio::test(start_paused = true)]
async fn a_restart_edits_the_lobby_only_when_what_it_shows_changed() {
    let h = Harness::new();
    let first = h.manager();
    let started = first
        .start(StartRequest {
            lobby_secs: Some(600),
            ..req(X)
        })
        .await
        .unwrap();
    let id = started.session_id.clone();
    first.join(&id, UserId::new(8)).await.unwrap();
    h.until(5).await;
    let edits = |from: usize| {
        h.discord.sent(X)[from..]
            .iter()
            .filter(|s| s.edit_of.is_some())
            .count()
    };
    assert_eq!(edits(0), 1, "the join showed on the lobby");
    drop(first); // a crash: the plan stays as it was
    h.until(10).await;
    let before = h.discord.sent(X).len();
    let (second, report) = h.restart_at(10).await;
    assert_eq!(report.resumed, 1);
    h.until(70).await;
    assert_eq!(edits(before), 0, "nothing changed, so nothing is edited");
    second.join(&id, UserId::new(9)).await.unwrap();
    h.until(75).await;
    assert_eq!(edits(before), 1, "a change after the restart still shows");
}

#[tokio::test(start_paused = true)]
async fn a_server_set_to_german_gets_its_session_in_german_and_keeps_it_after_a_restart() {
    let h = Harness::new();
    let texts = shipped_texts();
    h.store.set_guild_language(GUILD, "de").await.unwrap();
    // Discord's language of the server comes second to the one its admins set.
    let first = h.manager().with_texts(texts.clone());
    first
        .start(StartRequest {
            guild_locale: Some("fr".into()),
            ..req(X)
        })
        .await
        .unwrap();
    h.until(100).await;
    first.shutdown().await;
    drop(first);
    // The admins change the language meanwhile: the running session keeps its own.
    h.store.set_guild_language(GUILD, "ja").await.unwrap();
    h.until(160).await;
    let m = h.manager().with_texts(texts);
    m.resume_all().await.unwrap();
    h.until(3000).await;
    let text: Vec<String> = h
        .discord
        .sent(X)
        .into_iter()
        .map(|s| s.message.content)
        .collect();
    let all = text.join("\n");
    for words in [
        "**Gruppendehnung: Child's Pose (Balasana)**",
        "Klick auf **Mitmachen**",
        "**Los geht's: Child's Pose (Balasana)**",
        "Pausiert für einen kurzen Neustart",
        "**Wir sind zurück**",
        "**Gemeinsam gedehnt:** <@7>",
        "ist fertig. Danke an alle",
    ] {
        assert!(all.contains(words), "no {words:?} in:\n{all}");
    }
    for english in [
        "Let's stretch",
        "Group stretch",
        "Stretched together",
        "ストレッチ",
    ] {
        assert!(!all.contains(english), "{english:?} in:\n{all}");
    }
    h.check_all_in_any_language();
}

#[tokio::test(start_paused = true)]
async fn without_a_set_language_a_session_speaks_discords_language_of_the_server() {
    let h = Harness::new();
    let m = h.manager().with_texts(shipped_texts());
    m.start(StartRequest {
        guild_locale: Some("fr".into()),
        ..req(X)
    })
    .await
    .unwrap();
    // The recorded Discord language, when the start did not carry one (a reminder's lobby).
    h.store
        .set_guild_present(GUILD, Some("pt-BR"))
        .await
        .unwrap();
    m.start(req(Y)).await.unwrap();
    // A language we do not speak: English.
    let mut other = req(ChannelId::new(300));
    other.guild_id = GuildId::new(2);
    other.guild_locale = Some("ko".into());
    m.start(other).await.unwrap();
    let first = |c| h.discord.sent(c)[0].message.content.clone();
    assert!(
        first(X).starts_with("**Étirement de groupe : "),
        "{}",
        first(X)
    );
    assert!(
        first(Y).starts_with("**Alongamento em grupo: "),
        "{}",
        first(Y)
    );
    assert!(
        first(ChannelId::new(300)).starts_with("**Group stretch: "),
        "{}",
        first(ChannelId::new(300))
    );
}

#[tokio::test(start_paused = true)]
async fn a_control_is_answered_in_the_language_of_the_person_who_used_it() {
    let h = Harness::new();
    let m = h.manager().with_texts(shipped_texts());
    let started = m.start(req(X)).await.unwrap();
    let target = || Target::Session(started.session_id.clone());
    let other = UserId::new(99);
    let reply = m
        .control_in(
            target(),
            other,
            false,
            Action::Join,
            crate::i18n::Locale::Fr,
        )
        .await
        .unwrap();
    assert!(
        reply.text.starts_with("C'est noté ! On commence <t:"),
        "{}",
        reply.text
    );
    let refused = m
        .control_in(
            target(),
            other,
            false,
            Action::Pause,
            crate::i18n::Locale::De,
        )
        .await
        .unwrap_err();
    assert_eq!(
        refused.user_message(),
        "Nur die Person, die diese Sitzung gestartet hat, oder jemand, der hier Nachrichten verwalten darf, kann sie pausieren."
    );
    // The same in English, word for word as before.
    let refused = m
        .control(target(), other, false, Action::Skip)
        .await
        .unwrap_err();
    assert_eq!(
        refused.user_message(),
        "Only the person who started this session, or someone who can manage messages here, can skip a step of it."
    );
    let reply = m
        .control_in(
            target(),
            other,
            false,
            Action::Leave,
            crate::i18n::Locale::Ja,
        )
        .await
        .unwrap();
    assert_eq!(reply.text, "セッションを抜けました。");
}

#[tokio::test(start_paused = true)]
async fn a_refused_start_is_answered_in_the_askers_language() {
    let h = Harness::new();
    let m = h.manager().with_texts(shipped_texts());
    let refused = m
        .start_in(
            StartRequest {
                sets: Some(5),
                ..req(X)
            },
            crate::i18n::Locale::Fr,
        )
        .await
        .unwrap_err();
    assert_eq!(
        refused.user_message(),
        "Child's Pose se fait en 1 à 3 séries ; choisissez un nombre dans cet intervalle."
    );
    let started = m.start_in(req(X), crate::i18n::Locale::PtBr).await.unwrap();
    assert!(
        started
            .reply
            .text
            .starts_with("Sua sessão de alongamento está aberta: ela começa <t:"),
        "{}",
        started.reply.text
    );
    // The channel still hears the server's language (English here).
    assert!(h.discord.sent(X)[0]
        .message
        .content
        .starts_with("**Group stretch: "));
}
