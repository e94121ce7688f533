//! What the figures share: how the bot is started, a fast content pack, stored rows, waits.

use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, NaiveDate, Utc};
use serde_json::Value;
use stretchbot::ids::{ChannelId, GuildId, ReminderId};
use stretchbot::store::ReminderRow;

use fake_discord::harness::BotOptions;
use fake_discord::RecordedMessage;

pub const T: Duration = Duration::from_secs(30);

/// The binary under test: `LOOPBACK_BOT`, or the one cargo built for this benchmark.
pub fn bot_program() -> PathBuf {
    std::env::var_os("LOOPBACK_BOT")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_stretchbot")))
}

/// The bot as it runs in production: log level `info` (the binary's default).
pub fn bot_options() -> BotOptions {
    BotOptions {
        rust_log: Some("info".into()),
        ..BotOptions::new(bot_program(), env!("CARGO_MANIFEST_DIR"))
    }
}

/// The wall-clock time at the start of a log line (tracing's default format), if any.
pub fn log_time(line: &str) -> Option<DateTime<Utc>> {
    let first = line.split_whitespace().next()?;
    DateTime::parse_from_rfc3339(first)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

pub fn ms(d: chrono::Duration) -> f64 {
    d.num_microseconds()
        .map_or(f64::NAN, |us| us as f64 / 1000.0)
}

/// Polls `f` every `every` until it returns `Some` or `timeout` passes.
pub async fn poll<R>(
    timeout: Duration,
    every: Duration,
    mut f: impl FnMut() -> Option<R>,
) -> Option<R> {
    let deadline = tokio::time::Instant::now() + timeout;
    loop {
        if let Some(r) = f() {
            return Some(r);
        }
        if tokio::time::Instant::now() >= deadline {
            return None;
        }
        tokio::time::sleep(every).await;
    }
}

pub fn nonce_of(m: &RecordedMessage) -> String {
    match &m.nonce {
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
        None => String::new(),
    }
}

/// A content pack with 2-s steps, a hold from 1 s and 2-s rests (so sessions take seconds, and
/// no channel gets more than Discord's ~5 messages per 5 s), plus a config file.
pub struct FastPack {
    pub dir: tempfile::TempDir,
}

impl FastPack {
    pub fn new(extra_config: &str) -> Self {
        Self::with_step_secs(2, extra_config)
    }

    /// The same pack with steps of `step_secs` seconds.
    pub fn with_step_secs(step_secs: u32, extra_config: &str) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let content = dir.path().join("content");
        std::fs::create_dir_all(content.join("images")).expect("content dir");
        std::fs::copy(
            root.join("content/images/childs-pose.png"),
            content.join("images/childs-pose.png"),
        )
        .expect("copy image");
        let routine = std::fs::read_to_string(root.join("content/childs-pose.toml"))
            .expect("routine file")
            .replace("secs = 15", &format!("secs = {step_secs}"))
            .replace("min_secs = 60", "min_secs = 1")
            .replace("default_secs = 90", "default_secs = 4")
            .replace("rest_secs = 20", "rest_secs = 2");
        std::fs::write(content.join("childs-pose.toml"), routine).expect("write routine");
        std::fs::write(dir.path().join("bench.toml"), extra_config).expect("write config");
        Self { dir }
    }

    pub fn content_dir(&self) -> PathBuf {
        self.dir.path().join("content")
    }

    pub fn options(&self) -> BotOptions {
        BotOptions {
            content_dir: Some(self.content_dir()),
            args: vec![
                "--config".into(),
                self.dir.path().join("bench.toml").display().to_string(),
            ],
            ..bot_options()
        }
    }
}

/// The shipped content (what production runs).
pub fn shipped_library() -> stretchbot::content::Library {
    stretchbot::content::Library::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("content"))
        .expect("shipped content loads")
}

/// A daily prompt reminder at `time` UTC, armed for `next` (the fire of `date`).
pub fn prompt_row(
    guild_id: u64,
    channel_id: u64,
    time: &str,
    next: DateTime<Utc>,
    date: NaiveDate,
) -> ReminderRow {
    let created = next - chrono::Duration::days(1);
    ReminderRow {
        id: ReminderId::new(0),
        guild_id: GuildId::new(guild_id),
        number: 0,
        channel_id: ChannelId::new(channel_id),
        channel_name: format!("stretch-{channel_id}"),
        time_of_day: time.to_owned(),
        days: stretchbot::schedule::DaySet::EVERY_DAY.to_bits(),
        timezone: "UTC".into(),
        kind: "prompt".into(),
        message: None,
        ping_role_id: None,
        routine_id: "childs-pose".into(),
        event_enabled: false,
        event_id: None,
        paused: false,
        flagged: None,
        stopped: false,
        next_fire_at: Some(next),
        next_fire_date: Some(date),
        rev: 1,
        created_at: created,
        updated_at: created,
    }
}
