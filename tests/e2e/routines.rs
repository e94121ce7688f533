//! A routine file end to end: the real binary leads a chain of two stretches (one done per
//! side) as one session, with one lobby, a "switch sides" cue on time, and one wrap-up. A fast
//! pack (2-second steps, 3- and 4-second holds) keeps the run to seconds.

use std::{path::Path, time::Duration};

use serde_json::json;

use crate::bot_options;
use crate::sessions::{answer, event_index, events_exactly_once, start_session};
use fake_discord::harness::{BotOptions, BotProcess};
use fake_discord::*;

const T: Duration = Duration::from_secs(30);

/// Planned offsets (s): neck stretch (sit tall 2, tilt right 2, hold right 3, switch 2, tilt
/// left 2, hold left 3), then Child's Pose (three 2-s steps, the 4-s hold with its breathing cue
/// at 2 s), then the finish.
const PLAN: [u64; 12] = [0, 2, 4, 7, 9, 11, 14, 16, 18, 20, 22, 24];
/// Index of the "switch sides" cue.
const SWITCH: usize = 3;

struct RoutinePack {
    dir: tempfile::TempDir,
}

impl RoutinePack {
    fn new() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let content = dir.path().join("content");
        std::fs::create_dir_all(content.join("images")).unwrap();
        std::fs::create_dir_all(content.join("routines")).unwrap();
        for id in ["childs-pose", "neck-side-stretch"] {
            std::fs::copy(
                root.join(format!("content/images/{id}.png")),
                content.join(format!("images/{id}.png")),
            )
            .unwrap();
        }
        let childs_pose = std::fs::read_to_string(root.join("content/childs-pose.toml"))
            .unwrap()
            .replace("secs = 15", "secs = 2")
            .replace("min_secs = 60", "min_secs = 1");
        std::fs::write(content.join("childs-pose.toml"), childs_pose).unwrap();
        let neck = std::fs::read_to_string(root.join("content/neck-side-stretch.toml"))
            .unwrap()
            .replace("secs = 10", "secs = 2")
            .replace("switch_secs = 8", "switch_secs = 2")
            .replace("min_secs = 15", "min_secs = 1");
        std::fs::write(content.join("neck-side-stretch.toml"), neck).unwrap();
        std::fs::write(
            content.join("routines/quick-chain.toml"),
            r#"id = "quick-chain"
name = "Quick chain"
tagline = "Neck, then Child's Pose."
description = "A test routine."
position = "floor"

[[items]]
stretch = "neck-side-stretch"
hold_secs = 3
sides = ["right", "left"]

[[items]]
stretch = "childs-pose"
hold_secs = 4
"#,
        )
        .unwrap();
        std::fs::write(
            dir.path().join("fast.toml"),
            "[sessions]\nbreathing_cue_min_hold_secs = 4\nstale_step_secs = 2\n",
        )
        .unwrap();
        Self { dir }
    }

    fn options(&self) -> BotOptions {
        BotOptions {
            content_dir: Some(self.dir.path().join("content")),
            args: vec![
                "--config".into(),
                self.dir.path().join("fast.toml").display().to_string(),
            ],
            ..bot_options()
        }
    }
}

#[tokio::test]
async fn a_routine_runs_as_one_session_with_its_side_switch_on_time() {
    let pack = RoutinePack::new();
    let fake = FakeDiscord::start().await;
    let _bot = BotProcess::spawn(&fake, pack.options());
    fake.wait_for_commands(Some(GUILD_ID), T).await;

    // A routine sets its own holds: a hold for it is refused in one sentence.
    let (refusal, ephemeral) = answer(&fake.send_slash_command(
        ALICE_ID,
        "stretch start",
        json!({"routine": "quick-chain", "hold": 30}),
    ))
    .await;
    assert!(
        ephemeral && refusal.contains("sets its own holds"),
        "{refusal}"
    );

    let lobby = start_session(
        &fake,
        ALICE_ID,
        json!({"routine": "quick-chain", "lobby": 2}),
    )
    .await;
    assert!(
        lobby.content.contains("Quick chain") && lobby.content.contains("2 stretches"),
        "{}",
        lobby.content
    );
    let finish = PLAN.len() - 1;
    fake.wait_until("the routine to finish", T, |st| {
        st.visible_messages(TEXT_CHANNEL)
            .iter()
            .any(|m| event_index(m) == Some(finish))
    })
    .await;
    let messages = fake.messages(TEXT_CHANNEL);
    let events = events_exactly_once(&messages);
    assert_eq!(events.len(), PLAN.len(), "every planned event posted once");
    let start = events[&0].created_at;
    let offsets: Vec<f64> = (0..PLAN.len())
        .map(|i| events[&i].created_at.duration_since(start).as_secs_f64())
        .collect();
    let transcript: String = offsets
        .iter()
        .zip(events.values())
        .map(|(t, m)| {
            let line = m
                .content
                .lines()
                .find(|l| {
                    l.starts_with("**Step") || l.starts_with("**Done") || l.starts_with("**Half")
                })
                .unwrap_or("");
            format!("{t:6.2}s  {line}\n")
        })
        .collect();
    eprintln!("routine transcript (offset from the start):\n{transcript}");
    for (i, (actual, planned)) in offsets.iter().zip(PLAN).enumerate() {
        assert!(
            (actual - planned as f64).abs() < 1.0,
            "event {i} at {actual:.2}s, planned {planned}s\n{transcript}"
        );
    }
    // The switch comes between the two holds, on time, and says what to do.
    assert!(
        events[&SWITCH].content.contains("Switch sides"),
        "{}",
        events[&SWITCH].content
    );
    assert!(events[&(SWITCH - 1)].content.contains("right side"));
    assert!(events[&(SWITCH + 2)].content.contains("left side"));
    // Then the second stretch, in the same session.
    assert!(events[&6]
        .content
        .contains("Child's Pose · Starting position"));
    // One lobby, one opening (with the controls), one wrap-up.
    let lobbies = messages
        .iter()
        .filter(|m| m.custom_ids().iter().any(|c| c.ends_with(":join")) || m.id == lobby.id)
        .count();
    assert_eq!(lobbies, 1, "one lobby");
    let openings = events
        .values()
        .filter(|m| m.content.contains("Let's stretch"))
        .count();
    assert_eq!(openings, 1);
    let wrap_ups = messages
        .iter()
        .filter(|m| m.content.contains("Well stretched"))
        .count();
    assert_eq!(wrap_ups, 1, "one wrap-up");
    assert!(
        events[&finish].content.contains("Done: Quick chain."),
        "{}",
        events[&finish].content
    );
}
