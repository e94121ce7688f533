//! Daily stretch prompts and scheduled group stretches end to end: the real binary and the fake
//! Discord share a test clock (`STRETCHBOT_TEST_CLOCK` / `FakeOptions::clock_start`) that starts a
//! few seconds before a reminder's minute and runs at real speed, so a 09:00 prompt is reached in
//! seconds. Restarts on the same database use a fresh process whose clock continues (or jumps
//! ahead) instead of `respawn`, which would replay the first start instant.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use serde_json::{json, Value};

use crate::bot_options;
use crate::sessions::answer;
use fake_discord::harness::{BotOptions, BotProcess};
use fake_discord::*;

pub const T: Duration = Duration::from_secs(30);

/// The routine every prompt invites to (`content.default_routine`).
pub const ROUTINE: &str = "childs-pose";

pub fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s)
        .unwrap_or_else(|e| panic!("bad instant {s}: {e}"))
        .with_timezone(&Utc)
}

/// A fake Discord whose clock starts at `clock`, and the bot on the same clock.
pub async fn start_at(clock: DateTime<Utc>, opts: BotOptions) -> (FakeDiscord, BotProcess) {
    let fake = FakeDiscord::start_with(FakeOptions {
        clock_start: Some(clock),
        ..FakeOptions::default()
    })
    .await;
    let bot = BotProcess::spawn(
        &fake,
        BotOptions {
            test_clock: Some(fake.now_utc()),
            ..opts
        },
    );
    fake.wait_for_commands(Some(GUILD_ID), T).await;
    (fake, bot)
}

/// Sets the fake's wall clock to `to` (it keeps running from there).
pub fn set_clock(fake: &FakeDiscord, to: DateTime<Utc>) {
    fake.with_state_mut(|st| {
        st.clock = Clock {
            start_instant: Instant::now(),
            start_wall: to,
        }
    });
}

/// Another bot process on the database file `db`, its clock reading `clock` at start.
pub fn spawn_on_db(
    fake: &FakeDiscord,
    db: &Path,
    clock: DateTime<Utc>,
    mut opts: BotOptions,
) -> BotProcess {
    opts.test_clock = Some(clock);
    opts.env
        .push(("DATABASE_URL".into(), format!("sqlite:{}", db.display())));
    BotProcess::spawn(fake, opts)
}

/// Restarts "at" `to`: moves the fake's clock there and starts a new process on `db` whose clock
/// reads the same. Returns once its reminder loop runs.
pub async fn restart_at(
    fake: &FakeDiscord,
    db: &Path,
    to: DateTime<Utc>,
    opts: BotOptions,
) -> BotProcess {
    set_clock(fake, to);
    let bot = spawn_on_db(fake, db, fake.now_utc(), opts);
    bot.wait_for_log("reminder loop started", T).await;
    bot
}

/// A `/reminders ...` command by the admin: (text, ephemeral).
pub async fn admin(fake: &FakeDiscord, line: &str, options: Value) -> (String, bool) {
    answer(&fake.send_slash_command(ADMIN_ID, line, options)).await
}

/// `/reminders add` that must succeed; returns the confirmation.
pub async fn add(fake: &FakeDiscord, options: Value) -> String {
    let (text, ephemeral) = admin(fake, "reminders add", options.clone()).await;
    assert!(
        ephemeral && text.contains(" saved: "),
        "add {options} was not saved: {text}"
    );
    text
}

pub fn nonce_of(m: &RecordedMessage) -> String {
    match &m.nonce {
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
        None => String::new(),
    }
}

/// `r{reminder id}-{yyyymmdd}`: the nonce of one reminder fire.
pub fn is_fire_nonce(nonce: &str) -> bool {
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    nonce
        .strip_prefix('r')
        .and_then(|rest| rest.split_once('-'))
        .is_some_and(|(id, date)| digits(id) && date.len() == 8 && digits(date))
}

/// A posted stretch prompt (not a lobby, not a reply).
pub fn is_prompt(m: &RecordedMessage) -> bool {
    m.source == MessageSource::Channel
        && m.embed_title()
            .is_some_and(|t| t.starts_with("Stretch break"))
        && is_fire_nonce(&nonce_of(m))
}

/// Visible prompts in a channel.
pub fn prompts(fake: &FakeDiscord, channel: u64) -> Vec<RecordedMessage> {
    fake.messages(channel)
        .into_iter()
        .filter(is_prompt)
        .collect()
}

/// Every message a reminder fire posted (prompts and lobbies), in every channel.
pub fn fire_posts(fake: &FakeDiscord) -> Vec<RecordedMessage> {
    fake.all_messages()
        .into_iter()
        .filter(|m| {
            m.source == MessageSource::Channel && !m.is_deleted() && is_fire_nonce(&nonce_of(m))
        })
        .collect()
}

/// Seconds from `minute` to when the fake recorded `m` (negative: early).
pub fn offset_secs(m: &RecordedMessage, minute: DateTime<Utc>) -> f64 {
    (m.timestamp - minute).num_milliseconds() as f64 / 1000.0
}

/// One plain sentence a person can read at a glance.
#[track_caller]
pub fn assert_one_sentence(text: &str) {
    let t = text.trim();
    assert!(
        !t.is_empty() && t.chars().count() < 200,
        "not one short sentence ({} chars): {t}",
        t.chars().count()
    );
    assert!(t.ends_with(['.', '!', '?']), "not a sentence: {t}");
    let chars: Vec<char> = t.chars().collect();
    let breaks = chars
        .windows(3)
        .filter(|w| matches!(w[0], '.' | '!' | '?') && w[1] == ' ' && w[2].is_uppercase())
        .count();
    assert_eq!(breaks, 0, "more than one sentence: {t}");
}

/// `/reminders list` as the admin: the callback's data (ephemeral, checked).
pub async fn list(fake: &FakeDiscord) -> Value {
    let cb = fake
        .send_slash_command(ADMIN_ID, "reminders list", json!({}))
        .wait_accepted_callback(T)
        .await;
    assert_eq!(cb.kind, 4, "answered at once");
    assert!(cb.is_ephemeral(), "the list is for the admin only");
    cb.data
}

/// How many reminders a list shows.
pub fn listed(data: &Value) -> usize {
    data["embeds"][0]["fields"]
        .as_array()
        .map_or(0, |f| f.len())
}

/// The list as a person reads it.
pub fn list_text(data: &Value) -> String {
    let mut out = String::new();
    if let Some(c) = data["content"].as_str().filter(|c| !c.is_empty()) {
        out.push_str(c);
        out.push('\n');
    }
    for e in data["embeds"].as_array().into_iter().flatten() {
        out.push_str(&format!("**{}**\n", e["title"].as_str().unwrap_or("")));
        out.push_str(&format!("{}\n", e["description"].as_str().unwrap_or("")));
        for f in e["fields"].as_array().into_iter().flatten() {
            out.push_str(&format!(
                "- {}\n    {}\n",
                f["name"].as_str().unwrap_or(""),
                f["value"].as_str().unwrap_or("").replace('\n', "\n    ")
            ));
        }
    }
    out
}

#[track_caller]
pub fn assert_no_reminders(data: &Value) {
    assert_eq!(listed(data), 0, "nothing saved: {}", list_text(data));
    assert!(
        data["content"]
            .as_str()
            .is_some_and(|c| c.contains("no reminders yet")),
        "{data}"
    );
}

/// Waits `secs` of real time (to show that something does NOT happen).
pub async fn quiet(secs: u64) {
    tokio::time::sleep(Duration::from_secs(secs)).await;
}

fn db_of(bot: &BotProcess) -> PathBuf {
    bot.database_path()
}

// ----- 1 ---------------------------------------------------------------------------------------

#[tokio::test]
async fn a_prompt_posts_within_a_second_of_its_minute_exactly_once_with_its_buttons() {
    let (fake, bot) = start_at(at("2026-06-10T08:59:52Z"), bot_options()).await;
    let saved = add(
        &fake,
        json!({"time": "09:00", "channel": TEXT_CHANNEL.to_string()}),
    )
    .await;
    assert!(saved.contains("Reminder #1 saved"), "{saved}");
    assert!(
        prompts(&fake, TEXT_CHANNEL).is_empty(),
        "nothing before 09:00"
    );

    let minute = at("2026-06-10T09:00:00Z");
    let prompt = fake
        .wait_for("the 09:00 prompt", T, |st| {
            st.visible_messages(TEXT_CHANNEL)
                .into_iter()
                .find(is_prompt)
        })
        .await;
    let off = offset_secs(&prompt, minute);
    eprintln!("prompt posted {off:+.3} s from 09:00:00");
    assert!(
        (0.0..1.0).contains(&off),
        "posted {off:+.3} s from its minute"
    );
    assert!(
        nonce_of(&prompt).ends_with("-20260610"),
        "{:?}",
        prompt.nonce
    );
    // A new prompt's `where` is desk: today's stretch is a desk stretch, never Child's Pose.
    let title = prompt.embed_title().unwrap_or_default().to_owned();
    let name = title
        .strip_prefix("Stretch break: ")
        .unwrap_or_else(|| panic!("{title}"))
        .to_owned();
    assert_ne!(name, "Child's Pose", "nobody kneels in a work channel");
    let labels: Vec<String> = prompt
        .components
        .iter()
        .flat_map(|row| row["components"].as_array().cloned().unwrap_or_default())
        .filter_map(|b| b["label"].as_str().map(str::to_owned))
        .collect();
    assert_eq!(
        labels,
        ["Show me how", "I stretched", "Start a group stretch"]
    );
    let how = prompt
        .custom_ids()
        .into_iter()
        .find(|c| c.starts_with("prompt:how:"))
        .unwrap_or_else(|| panic!("{:?}", prompt.custom_ids()));
    assert_ne!(how, format!("prompt:how:{ROUTINE}"));
    assert!(prompt.pinged.is_empty(), "pinged {:?}", prompt.pinged);

    // Exactly once: nothing more in the next 5 seconds.
    quiet(5).await;
    assert_eq!(prompts(&fake, TEXT_CHANNEL).len(), 1, "posted once");

    // "Show me how" shows the routine to the presser only.
    let press = fake.press_button(ALICE_ID, prompt.id, &how);
    let cb = press.wait_accepted_callback(T).await;
    assert!(cb.latency < Duration::from_secs(3), "{:?}", cb.latency);
    assert!(cb.is_ephemeral(), "acknowledged privately: {}", cb.data);
    let shown = press.wait_original(T).await;
    assert!(shown.is_ephemeral(), "the routine is for the presser only");
    let text = format!(
        "{} {}",
        shown.content,
        serde_json::to_string(&shown.embeds).unwrap()
    );
    assert!(text.contains(&name), "shows today's stretch: {text}");
    assert!(
        shown.embeds.len() >= 2 || text.len() > 500,
        "the whole routine, not a stub: {text}"
    );
    assert_eq!(
        fake.messages(TEXT_CHANNEL).len(),
        1,
        "the channel saw nothing but the prompt"
    );
    bot.wait_for_log("reminder posted", T).await;
    fake.assert_healthy();
    bot.assert_no_unknown_events();
}

// ----- 2 ---------------------------------------------------------------------------------------

#[tokio::test]
async fn restarting_on_the_same_database_after_the_fire_does_not_post_it_again() {
    let (fake, mut bot) = start_at(at("2026-06-10T08:59:53Z"), bot_options()).await;
    add(
        &fake,
        json!({"time": "09:00", "channel": TEXT_CHANNEL.to_string()}),
    )
    .await;
    fake.wait_until("the 09:00 prompt", T, |st| {
        st.visible_messages(TEXT_CHANNEL).iter().any(is_prompt)
    })
    .await;
    bot.sigterm();
    assert!(bot.wait_exit(T).await.success());

    // A restart moments later, time running on (09:00:0x): the fire is settled.
    let again = restart_at(&fake, &db_of(&bot), fake.now_utc(), bot_options()).await;
    quiet(3).await;
    assert_eq!(
        prompts(&fake, TEXT_CHANNEL).len(),
        1,
        "a restart after the fire posts nothing"
    );
    again.sigterm();
    again.wait_exit(T).await;

    // The harness's respawn restarts the clock at 08:59:53: the bot crosses 09:00 a second time
    // (like a wall clock stepped back). The stored fire still holds.
    bot.respawn().await;
    bot.wait_for_log("reminder loop started", T).await;
    tokio::time::sleep(Duration::from_secs(11)).await; // its clock is now past 09:00:03
    assert_eq!(
        prompts(&fake, TEXT_CHANNEL).len(),
        1,
        "crossing 09:00 again after a restart posts nothing"
    );
    assert_eq!(bot.count_log("reminder posted"), 1, "one post in all runs");
    bot.assert_no_unknown_events();
    fake.assert_healthy();
}

// ----- 3 ---------------------------------------------------------------------------------------

#[tokio::test]
async fn a_fire_missed_while_down_posts_once_late_inside_the_grace_window_and_never_outside() {
    let (fake, bot) = start_at(at("2026-06-10T08:59:40Z"), bot_options()).await;
    add(
        &fake,
        json!({"time": "09:00", "channel": TEXT_CHANNEL.to_string()}),
    )
    .await;
    add(
        &fake,
        json!({"time": "09:30", "channel": SYSTEM_CHANNEL.to_string()}),
    )
    .await;
    let db = db_of(&bot);
    bot.sigterm();
    assert!(bot.wait_exit(T).await.success());
    assert!(
        fake.now_utc() < at("2026-06-10T09:00:00Z"),
        "stopped before the minute"
    );

    // Back at 09:03: 3 minutes late, inside the 15-minute grace window -> posted once, late.
    let inside = restart_at(&fake, &db, at("2026-06-10T09:03:00Z"), bot_options()).await;
    let late = fake
        .wait_for("the late 09:00 prompt", T, |st| {
            st.visible_messages(TEXT_CHANNEL)
                .into_iter()
                .find(is_prompt)
        })
        .await;
    let off = offset_secs(&late, at("2026-06-10T09:03:00Z"));
    assert!((0.0..2.0).contains(&off), "posted at start-up: {off:+.3} s");
    assert!(nonce_of(&late).ends_with("-20260610"));
    let line = inside.wait_for_log("posting a reminder late", T).await;
    eprintln!("log: {line}");
    assert!(line.contains("late_secs=18"), "about 180 s late: {line}");
    quiet(3).await;
    assert_eq!(prompts(&fake, TEXT_CHANNEL).len(), 1, "once");
    assert!(
        prompts(&fake, SYSTEM_CHANNEL).is_empty(),
        "09:30 not due yet"
    );
    inside.sigterm();
    assert!(inside.wait_exit(T).await.success());

    // Back at 09:46: the 09:30 fire is 16 minutes old, past the grace window -> skipped, logged.
    let outside = restart_at(&fake, &db, at("2026-06-10T09:46:00Z"), bot_options()).await;
    let skip = outside
        .wait_for_log(
            "missed while the bot was down, too late to post: skipped",
            T,
        )
        .await;
    eprintln!("log: {skip}");
    assert!(
        skip.contains("2026-06-10"),
        "names the skipped date: {skip}"
    );
    quiet(3).await;
    assert!(
        prompts(&fake, SYSTEM_CHANNEL).is_empty(),
        "nothing posted for a fire outside the grace window"
    );
    assert_eq!(prompts(&fake, TEXT_CHANNEL).len(), 1);
    // Both move on to tomorrow.
    let data = list(&fake).await;
    let text = list_text(&data);
    assert_eq!(listed(&data), 2, "{text}");
    let tomorrow_0900 = at("2026-06-11T09:00:00Z").timestamp();
    let tomorrow_0930 = at("2026-06-11T09:30:00Z").timestamp();
    assert!(
        text.contains(&format!("<t:{tomorrow_0900}:F>"))
            && text.contains(&format!("<t:{tomorrow_0930}:F>")),
        "{text}"
    );
    outside.assert_no_unknown_events();
    fake.assert_healthy();
}

// ----- 4 ---------------------------------------------------------------------------------------

#[tokio::test]
async fn two_instances_on_one_database_one_owner_posts_each_prompt_exactly_once() {
    let (fake, setup) = start_at(at("2026-06-10T08:59:40Z"), bot_options()).await;
    let mut channels = vec![TEXT_CHANNEL, SYSTEM_CHANNEL];
    for i in 0..18 {
        channels.push(fake.create_text_channel(&format!("team-{i}")));
    }
    // Let the bot's cache see the new channels before they are chosen.
    tokio::time::sleep(Duration::from_millis(300)).await;
    for c in &channels {
        add(&fake, json!({"time": "09:00", "channel": c.to_string()})).await;
    }
    setup.sigterm();
    assert!(setup.wait_exit(T).await.success());
    // Two instances on that database, started together on the same clock: one takes the
    // shard's lease and fires, the other stands by, connected and silent.
    let db = db_of(&setup);
    let clock = fake.now_utc();
    let first = spawn_on_db(&fake, &db, clock, bot_options());
    let second = spawn_on_db(&fake, &db, clock, bot_options());
    let both = [&first, &second];
    let count = |line: &str| both.iter().map(|b| b.count_log(line)).sum::<usize>();
    let deadline = std::time::Instant::now() + T;
    while count("reminder loop started") + count("standing by") < 2 {
        assert!(std::time::Instant::now() < deadline, "both copies up");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(count("reminder loop started"), 1, "one owner fires");
    assert_eq!(count("standing by"), 1, "the other stands by");
    assert!(
        fake.now_utc() < at("2026-06-10T08:59:58Z"),
        "both up well before 09:00 ({})",
        fake.now_utc()
    );

    fake.wait_until("a prompt in every channel", T, |st| {
        channels
            .iter()
            .all(|c| st.visible_messages(*c).iter().any(is_prompt))
    })
    .await;
    quiet(5).await;
    assert!(first.is_running() && second.is_running());
    for c in &channels {
        assert_eq!(prompts(&fake, *c).len(), 1, "channel {c}");
    }
    let (a, b) = (
        first.count_log("reminder posted"),
        second.count_log("reminder posted"),
    );
    eprintln!("posted by the first instance: {a}, by the second: {b}");
    assert_eq!(
        (a.max(b), a.min(b)),
        (channels.len(), 0),
        "the owner posts every fire; the standby none"
    );
    // No fire was sent twice (not even one that Discord's nonce would have absorbed).
    let creates = fake
        .requests_to("POST /channels/{channel_id}/messages")
        .iter()
        .filter(|r| r.status == 200)
        .count();
    assert_eq!(creates, channels.len(), "one message create per prompt");
    first.assert_no_unknown_events();
    second.assert_no_unknown_events();
}

// ----- 5 ---------------------------------------------------------------------------------------

#[tokio::test]
async fn a_member_without_manage_server_is_refused_and_nothing_is_saved() {
    let (fake, bot) = start_at(at("2026-06-10T08:00:00Z"), bot_options()).await;
    let command = fake
        .registered_commands(Some(GUILD_ID))
        .into_iter()
        .find(|c| c["name"] == "reminders")
        .expect("/reminders registered");
    assert_eq!(
        command["default_member_permissions"], "32",
        "hidden from members without Manage Server"
    );
    let (text, ephemeral) = answer(&fake.send_slash_command(
        ALICE_ID,
        "reminders add",
        json!({"time": "09:00", "channel": TEXT_CHANNEL.to_string()}),
    ))
    .await;
    eprintln!("refusal: {text}");
    assert!(ephemeral, "{text}");
    assert!(text.contains("Manage Server"), "{text}");
    assert_one_sentence(&text);
    assert_no_reminders(&list(&fake).await);
    bot.assert_no_unknown_events();
    fake.assert_healthy();
}

// ----- 6 ---------------------------------------------------------------------------------------

/// Removes `channel_types` from `/reminders add`'s channel option, as a hand-made API request
/// could ignore it: the Discord client would not even offer a voice channel.
fn allow_any_channel_type(fake: &FakeDiscord) {
    fake.with_state_mut(|st| {
        for cmd in st.commands.iter_mut().filter(|c| c.name() == "reminders") {
            for sub in cmd.json["options"].as_array_mut().into_iter().flatten() {
                if sub["name"] != "add" {
                    continue;
                }
                for o in sub["options"].as_array_mut().into_iter().flatten() {
                    if o["name"] == "channel" {
                        o.as_object_mut().unwrap().remove("channel_types");
                    }
                }
            }
        }
    });
}

#[tokio::test]
async fn bad_inputs_get_one_short_sentence_each_and_nothing_is_saved() {
    let (fake, bot) = start_at(at("2026-06-10T08:00:00Z"), bot_options()).await;
    allow_any_channel_type(&fake);
    let text = TEXT_CHANNEL.to_string();
    let cases = [
        (
            json!({"time": "25:00", "channel": text}),
            "25:00",
            "a time past 23:59",
        ),
        (
            json!({"time": "09:00", "channel": text, "timezone": "europe/berlin"}),
            "Europe/Berlin",
            "a zone in the wrong case",
        ),
        (
            json!({"time": "09:00", "channel": VOICE_CHANNEL.to_string()}),
            "voice channel",
            "a voice channel",
        ),
        (
            json!({"time": "09:00", "channel": LOCKED_CHANNEL.to_string()}),
            "can't send messages",
            "a channel the bot cannot post in",
        ),
    ];
    for (options, expected, what) in cases {
        let (sentence, ephemeral) = admin(&fake, "reminders add", options).await;
        eprintln!("{what}: {sentence}");
        assert!(ephemeral, "{what}: {sentence}");
        assert!(sentence.contains(expected), "{what}: {sentence}");
        assert_one_sentence(&sentence);
    }
    // While typing, autocomplete already offers the right spelling.
    let cb = fake
        .send_autocomplete(
            ADMIN_ID,
            "reminders add",
            json!({"timezone": "europe/berlin"}),
            "timezone",
        )
        .wait_accepted_callback(T)
        .await;
    assert_eq!(cb.kind, 8);
    let choices: Vec<&str> = cb.data["choices"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| c["value"].as_str())
        .collect();
    assert_eq!(choices.first(), Some(&"Europe/Berlin"), "{choices:?}");
    assert_no_reminders(&list(&fake).await);
    bot.assert_no_unknown_events();
    fake.assert_healthy();
}

// ----- 7 ---------------------------------------------------------------------------------------

fn event_start(ev: &Value) -> String {
    ev["scheduled_start_time"].as_str().unwrap_or("").to_owned()
}

#[tokio::test]
async fn a_group_reminder_keeps_its_server_event_in_step_and_opens_a_lobby_at_its_time() {
    let (fake, bot) = start_at(at("2026-06-10T08:59:42Z"), bot_options()).await;
    let saved = add(
        &fake,
        json!({"time": "10:00", "channel": TEXT_CHANNEL.to_string(), "kind": 1}),
    )
    .await;
    assert!(saved.contains("server event"), "{saved}");
    let ev = fake
        .wait_for("the group reminder's scheduled event", T, |st| {
            st.scheduled_events.first().cloned()
        })
        .await;
    eprintln!("event: {ev:#}");
    assert_eq!(ev["entity_type"], 3, "External");
    assert_eq!(ev["entity_metadata"]["location"], "#stretch");
    assert_eq!(event_start(&ev), "2026-06-10T10:00:00Z");
    let end = at(ev["scheduled_end_time"].as_str().expect("an end time"));
    assert!(
        end > at("2026-06-10T10:05:00Z"),
        "lobby and session fit: {end}"
    );
    let id = ev["id"].clone();

    // Edit: the same event moves to the new time.
    let (edited, _) = admin(&fake, "reminders edit", json!({"id": 1, "time": "11:00"})).await;
    assert!(edited.contains("updated"), "{edited}");
    fake.wait_until("the event to move to 11:00", T, |st| {
        st.scheduled_events
            .iter()
            .any(|e| e["id"] == id && event_start(e) == "2026-06-10T11:00:00Z")
    })
    .await;
    assert_eq!(fake.scheduled_events().len(), 1, "moved, not duplicated");

    // Remove: the event goes with it.
    let (removed, _) = admin(&fake, "reminders remove", json!({"id": 1})).await;
    assert!(removed.contains("removed"), "{removed}");
    fake.wait_until("the event to be deleted", T, |st| {
        st.scheduled_events.is_empty() && st.deleted_scheduled_events.iter().any(|e| e["id"] == id)
    })
    .await;

    // A group reminder at 09:00 opens a session lobby (with Join), not a prompt.
    add(
        &fake,
        json!({"time": "09:00", "channel": TEXT_CHANNEL.to_string(), "kind": 1}),
    )
    .await;
    fake.wait_until("the 09:00 event", T, |st| {
        st.scheduled_events
            .iter()
            .any(|e| event_start(e) == "2026-06-10T09:00:00Z")
    })
    .await;
    let lobby = fake
        .wait_for("the 09:00 lobby", T, |st| {
            st.visible_messages(TEXT_CHANNEL)
                .into_iter()
                .find(|m| m.custom_ids().iter().any(|c| c.ends_with(":join")))
        })
        .await;
    let off = offset_secs(&lobby, at("2026-06-10T09:00:00Z"));
    eprintln!("lobby posted {off:+.3} s from 09:00:00");
    assert!((0.0..1.0).contains(&off), "{off}");
    assert!(
        is_fire_nonce(&nonce_of(&lobby)),
        "the fire's nonce: {:?}",
        lobby.nonce
    );
    assert!(
        prompts(&fake, TEXT_CHANNEL).is_empty(),
        "a lobby instead of a prompt"
    );
    // After the fire, the event shows the next occurrence.
    fake.wait_until("the event to show tomorrow's 09:00", T, |st| {
        st.scheduled_events
            .iter()
            .any(|e| event_start(e) == "2026-06-11T09:00:00Z")
    })
    .await;
    quiet(2).await;
    let lobbies = fake
        .messages(TEXT_CHANNEL)
        .iter()
        .filter(|m| m.custom_ids().iter().any(|c| c.ends_with(":join")))
        .count();
    assert_eq!(lobbies, 1);
    bot.assert_no_unknown_events();
    fake.assert_healthy();
}

// ----- 8 ---------------------------------------------------------------------------------------

#[tokio::test]
async fn on_the_new_york_spring_forward_morning_a_0900_prompt_posts_at_1300z() {
    // 2026-03-08: New York moves from EST (-5) to EDT (-4) at 02:00; 09:00 EDT is 13:00Z.
    let (fake, bot) = start_at(at("2026-03-08T12:59:50Z"), bot_options()).await;
    let saved = add(
        &fake,
        json!({"time": "09:00", "channel": TEXT_CHANNEL.to_string(), "timezone": "America/New_York"}),
    )
    .await;
    let at_1300z = at("2026-03-08T13:00:00Z").timestamp();
    assert!(
        saved.contains(&format!("<t:{at_1300z}:F>")),
        "announces 13:00Z: {saved}"
    );
    let prompt = fake
        .wait_for("the 09:00 EDT prompt", T, |st| {
            st.visible_messages(TEXT_CHANNEL)
                .into_iter()
                .find(is_prompt)
        })
        .await;
    let off = offset_secs(&prompt, at("2026-03-08T13:00:00Z"));
    eprintln!(
        "posted at {} ({off:+.3} s from 13:00:00Z)",
        prompt.timestamp
    );
    assert!(off.abs() <= 1.0, "{off:+.3} s from 13:00:00Z");
    assert!(nonce_of(&prompt).ends_with("-20260308"));
    bot.assert_no_unknown_events();
    fake.assert_healthy();
}

// ----- 9 ---------------------------------------------------------------------------------------

#[tokio::test]
async fn reminders_list_shows_every_reminder_with_its_next_time() {
    let (fake, bot) = start_at(at("2026-06-10T08:00:00Z"), bot_options()).await;
    let saved = add(
        &fake,
        json!({"time": "09:30", "channel": TEXT_CHANNEL.to_string(), "days": "weekdays",
               "message": "Shoulders down, jaw loose.", "ping_role": ADMIN_ROLE.to_string()}),
    )
    .await;
    assert!(
        saved.contains("(UTC) · desk stretches."),
        "a new prompt says where: {saved}"
    );
    let saved = add(
        &fake,
        json!({"time": "12:30", "channel": SYSTEM_CHANNEL.to_string(), "kind": 1}),
    )
    .await;
    assert!(
        !saved.contains("stretches."),
        "a group has no where: {saved}"
    );
    add(
        &fake,
        json!({"time": "17:00", "channel": TEXT_CHANNEL.to_string(), "days": "mon,wed,fri",
               "timezone": "America/New_York"}),
    )
    .await;
    // A choice goes by its index, as for `kind`: desk 0, floor 1, any 2.
    let (edited, _) = admin(&fake, "reminders edit", json!({"id": 3, "where": 1})).await;
    assert!(
        edited.contains("Reminder #3 updated") && edited.contains(" · floor stretches."),
        "{edited}"
    );
    let (paused, _) = admin(&fake, "reminders pause", json!({"id": 3})).await;
    assert!(paused.contains("paused"), "{paused}");
    let data = list(&fake).await;
    let text = list_text(&data);
    eprintln!("/reminders list:\n{text}");
    assert_eq!(listed(&data), 3, "{text}");
    assert!(text.contains("(3/25)"), "{text}");
    assert!(
        text.contains(&format!("<t:{}:F>", at("2026-06-10T09:30:00Z").timestamp())),
        "{text}"
    );
    assert!(
        text.contains(&format!("<t:{}:F>", at("2026-06-10T12:30:00Z").timestamp())),
        "{text}"
    );
    assert!(text.contains("Paused"), "{text}");
    assert!(text.contains("server event"), "{text}");
    assert!(text.contains(&format!("pings <@&{ADMIN_ROLE}>")), "{text}");
    assert!(text.contains("· desk stretches"), "{text}");
    assert!(text.contains("· floor stretches"), "{text}");
    bot.assert_no_unknown_events();
    fake.assert_healthy();
}

// ----- acknowledged first ------------------------------------------------------------------------

/// A state-changing command is acknowledged before it acts. When the acknowledgement reaches
/// Discord too late (the callback route stalled 4 s, past the 3-s deadline), nothing was done, so
/// the admin's second try saves exactly one reminder, and that try gets its answer.
#[tokio::test]
async fn a_stalled_acknowledgement_never_saves_a_reminder_twice() {
    let (fake, bot) = start_at(at("2026-06-10T08:00:00Z"), bot_options()).await;
    fake.inject(
        RouteMatcher::interaction_callback(),
        Fault::Stall(Duration::from_secs(4)),
        1,
    );
    let options = json!({"time": "09:00", "channel": TEXT_CHANNEL.to_string()});
    let first = fake.send_slash_command(ADMIN_ID, "reminders add", options.clone());
    let cb = first.wait_callback(T).await;
    assert!(!cb.accepted(), "the stalled acknowledgement came too late");
    // The person sees "The application did not respond" and tries again.
    let text = add(&fake, options).await;
    assert!(text.contains(" saved: "), "{text}");
    let data = list(&fake).await;
    assert_eq!(
        listed(&data),
        1,
        "exactly one reminder: {}",
        list_text(&data)
    );
    assert!(
        first.followups().is_empty(),
        "nothing more on the refused one"
    );
    // Claim the refused callbacks: they were the point of the test.
    fake.with_state_mut(|st| st.callbacks.retain(|c| c.interaction_id != first.id));
    bot.assert_no_unknown_events();
}

/// Autocomplete answers go through the sending layer; no interaction token reaches a log, even
/// at trace level.
#[tokio::test]
async fn no_interaction_token_reaches_the_logs_at_trace_level() {
    let (fake, bot) = start_at(
        at("2026-06-10T08:00:00Z"),
        BotOptions {
            rust_log: Some("trace".into()),
            ..bot_options()
        },
    )
    .await;
    let mut tokens = Vec::new();
    for partial in ["europe/ber", "america/new", "utc"] {
        let h = fake.send_autocomplete(
            ADMIN_ID,
            "reminders add",
            json!({"timezone": partial}),
            "timezone",
        );
        let cb = h.wait_accepted_callback(T).await;
        assert_eq!(cb.kind, 8);
        assert!(
            !cb.data["choices"].as_array().unwrap().is_empty(),
            "{partial}"
        );
        tokens.push(h.token());
    }
    let h = fake.send_slash_command(ADMIN_ID, "reminders list", json!({}));
    h.wait_accepted_callback(T).await;
    tokens.push(h.token());
    add(
        &fake,
        json!({"time": "09:00", "channel": TEXT_CHANNEL.to_string()}),
    )
    .await;
    bot.sigterm();
    bot.wait_exit(T).await;
    let logs = bot.logs();
    // The wire libraries and serenity's gateway are kept out of the logs (their verbose lines
    // hold interaction tokens); the bot's own verbose lines show that trace logging was on.
    let verbose = logs
        .iter()
        .filter(|l| l.contains(" TRACE ") || l.contains(" DEBUG "))
        .count();
    assert!(
        verbose > 5,
        "trace logging was on ({verbose} verbose lines): {logs:#?}"
    );
    for token in &tokens {
        for line in &logs {
            assert!(
                !line.contains(token.as_str()),
                "an interaction token leaked: {line}"
            );
        }
    }
}

// ----- list pages --------------------------------------------------------------------------------

/// More reminders than an embed has fields: the list pages instead of silently dropping the rest.
#[tokio::test]
async fn reminders_list_beyond_25_pages_instead_of_cutting_the_list() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("many.toml");
    std::fs::write(&config, "[reminders]\nmax_per_server = 30\n").unwrap();
    let opts = BotOptions {
        args: vec!["--config".into(), config.display().to_string()],
        ..bot_options()
    };
    let (fake, bot) = start_at(at("2026-06-10T08:00:00Z"), opts).await;
    for i in 0..27u32 {
        add(
            &fake,
            json!({"time": format!("{:02}:{:02}", 9 + i / 4, (i % 4) * 15),
                   "channel": TEXT_CHANNEL.to_string()}),
        )
        .await;
    }
    let first = list(&fake).await;
    let text = list_text(&first);
    assert_eq!(listed(&first), 25, "{text}");
    assert!(text.contains("(27/30)"), "{text}");
    assert!(text.contains("page 1 of 2"), "says there is more: {text}");
    assert!(
        text.contains("#1 · 09:00") && text.contains("#25 · "),
        "{text}"
    );
    let cb = fake
        .send_slash_command(ADMIN_ID, "reminders list", json!({"page": 2}))
        .wait_accepted_callback(T)
        .await;
    assert!(cb.is_ephemeral());
    let text = list_text(&cb.data);
    assert_eq!(listed(&cb.data), 2, "{text}");
    assert!(text.contains("page 2 of 2"), "{text}");
    assert!(
        text.contains("#26 · ") && text.contains("#27 · ") && !text.contains("#1 · "),
        "{text}"
    );
    // A page past the end: one sentence.
    let (refusal, ephemeral) = admin(&fake, "reminders list", json!({"page": 3})).await;
    assert!(ephemeral, "{refusal}");
    assert_one_sentence(&refusal);
    assert!(refusal.contains("1 to 2"), "{refusal}");
    bot.assert_no_unknown_events();
    fake.assert_healthy();
}

// ----- a time zone chrono-tz no longer knows ------------------------------------------------------

/// A stored zone that a later chrono-tz dropped or renamed: the reminder stays listed and flagged,
/// still counts toward the cap, never fires in a guessed zone, and removes cleanly.
#[tokio::test]
async fn a_reminder_whose_time_zone_is_no_longer_known_stays_listed_flagged_and_removes() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("two.toml");
    std::fs::write(&config, "[reminders]\nmax_per_server = 2\n").unwrap();
    let opts = || BotOptions {
        args: vec!["--config".into(), config.display().to_string()],
        ..bot_options()
    };
    let (fake, bot) = start_at(at("2026-06-10T08:59:50Z"), opts()).await;
    add(
        &fake,
        json!({"time": "09:00", "channel": TEXT_CHANNEL.to_string(), "timezone": "Europe/Kiev"}),
    )
    .await;
    add(
        &fake,
        json!({"time": "17:00", "channel": TEXT_CHANNEL.to_string()}),
    )
    .await;
    bot.sigterm();
    assert!(bot.wait_exit(T).await.success());
    let db = db_of(&bot);
    {
        let conn = rusqlite::Connection::open(&db).unwrap();
        let n = conn
            .execute(
                "UPDATE reminders SET timezone = 'Europe/Atlantis' WHERE number = 1",
                [],
            )
            .unwrap();
        assert_eq!(n, 1);
    }
    // Back at 09:00:00 UTC: were the zone guessed as UTC, #1 would fire now.
    let bot = restart_at(&fake, &db, at("2026-06-10T09:00:00Z"), opts()).await;
    bot.wait_for_log("ready; commands registered", T).await;
    let data = list(&fake).await;
    let text = list_text(&data);
    assert_eq!(listed(&data), 2, "still listed: {text}");
    assert!(text.contains("(2/2)"), "{text}");
    assert!(
        text.contains("time zone no longer known: choose another"),
        "{text}"
    );
    assert!(
        text.contains("Europe/Atlantis"),
        "shows what is stored: {text}"
    );
    // It still counts toward the cap.
    let (refusal, _) = admin(
        &fake,
        "reminders add",
        json!({"time": "12:00", "channel": TEXT_CHANNEL.to_string()}),
    )
    .await;
    assert!(refusal.contains("already has 2 reminders"), "{refusal}");
    // Any change but a new zone says what to do, and changes nothing.
    let (edit, ephemeral) = admin(&fake, "reminders edit", json!({"id": 1, "time": "10:00"})).await;
    assert!(ephemeral, "{edit}");
    assert_one_sentence(&edit);
    assert!(edit.contains("time zone"), "{edit}");
    quiet(2).await;
    assert!(
        prompts(&fake, TEXT_CHANNEL).is_empty(),
        "never fired in a guessed zone"
    );
    let (removed, ephemeral) = admin(&fake, "reminders remove", json!({"id": 1})).await;
    assert!(ephemeral, "{removed}");
    assert!(removed.starts_with("Reminder #1 removed"), "{removed}");
    let data = list(&fake).await;
    assert_eq!(listed(&data), 1, "{}", list_text(&data));
    bot.assert_no_unknown_events();
    fake.assert_healthy();
}
