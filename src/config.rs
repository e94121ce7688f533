//! Layered configuration: `config/default.toml` (compiled in) -> an optional `--config` file ->
//! environment variables. Unknown keys are errors, so a typo never silently falls back to a default.
//!
//! The bot token comes only from the environment (`DISCORD_TOKEN` or `DISCORD_TOKEN_FILE`) and is held
//! as a [`Token`], whose `Debug` and `Display` never show it.

use std::{fmt, path::Path};

use serde::Deserialize;
use thiserror::Error;

use crate::ids::GuildId;
use crate::shards::ShardPlan;
use crate::store::DatabaseUrl;

/// The defaults, compiled into the binary so a bare binary still knows every key.
pub const DEFAULT_TOML: &str = include_str!("../config/default.toml");

/// The longest `reminders.grace_secs` may be: a day. A prompt posted later than that is noise,
/// and the next day's fire is due by then anyway.
pub const MAX_GRACE_SECS: u64 = 86_400;

/// Bounds of `cluster.lease_secs`: renewed every third of it, a lease shorter than 3 s would
/// renew more than once a second; longer than 15 s, a crashed owner's shard stays silent too long.
const MIN_LEASE_SECS: u64 = 3;
const MAX_LEASE_SECS: u64 = 15;

/// The shortest `data.checkin_retention_days` accepted: this week's check-ins must still be there.
const MIN_CHECKIN_RETENTION_DAYS: u32 = 7;
/// The longest `data.retention_days` accepted: ten years, far inside chrono's date range.
pub const MAX_RETENTION_DAYS: u32 = 3_650;

/// The most `sessions.max_adjustments` accepted.
pub const MAX_ADJUSTMENTS: u32 = 1_000;

/// The longest `sessions.control_cooldown_ms` accepted: a minute.
pub const MAX_CONTROL_COOLDOWN_MS: u32 = 60_000;

/// The largest `storage.max_connections`: PostgreSQL's own default limit is 100 for all clients.
pub const MAX_CONNECTIONS: u32 = 100;

/// A configuration problem, phrased for the person starting the bot.
#[derive(Debug, Error)]
pub enum ConfigError {
    #[error("cannot read config file {path}: {source}")]
    ReadFile {
        path: String,
        source: std::io::Error,
    },
    #[error("config file {path} is not valid TOML: {message}")]
    Syntax { path: String, message: String },
    #[error("unknown config key `{key}` in {origin} (see config/default.toml for every key)")]
    UnknownKey { key: String, origin: String },
    #[error("config key `{key}` from {origin}: {message}")]
    BadValue {
        key: String,
        origin: String,
        message: String,
    },
    #[error("no bot token: set DISCORD_TOKEN, or DISCORD_TOKEN_FILE to a file holding it")]
    MissingToken,
    #[error("cannot read DISCORD_TOKEN_FILE {path}: {source}")]
    TokenFile {
        path: String,
        source: std::io::Error,
    },
    #[error("the bot token {origin} is malformed: expected three dot-separated parts of letters, digits, '-' and '_' (copy it again from the Discord developer portal)")]
    MalformedToken { origin: &'static str },
}

/// The bot token. Never printed: `Debug` and `Display` show `[redacted]`.
#[derive(Clone)]
pub struct Token(secrecy::SecretString);

impl Token {
    /// Checks the shape of a Discord bot token without revealing it in the error.
    pub fn parse(raw: &str, origin: &'static str) -> Result<Self, ConfigError> {
        let raw = raw.trim();
        let raw = raw.strip_prefix("Bot ").unwrap_or(raw);
        let parts: Vec<&str> = raw.split('.').collect();
        let ok = parts.len() == 3
            && parts.iter().all(|p| {
                !p.is_empty()
                    && p.bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
            });
        if !ok {
            return Err(ConfigError::MalformedToken { origin });
        }
        Ok(Self(secrecy::SecretString::from(raw.to_owned())))
    }

    /// The token itself, for the one place that needs it: the Authorization header.
    pub fn expose(&self) -> &str {
        use secrecy::ExposeSecret;
        self.0.expose_secret()
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Token([redacted])")
    }
}

impl fmt::Display for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DiscordConfig {
    pub api_url: String,
    /// 0: register globally; read it as [`Settings::command_guild`].
    pub guild_id: u64,
    pub request_timeout_secs: u64,
    pub send_deadline_secs: u64,
    pub send_max_retries: u32,
    pub max_retry_after_secs: u64,
    pub global_requests_per_sec: u32,
    /// `api_url` paces every process together: each may use the whole global rate.
    pub shared_rate_limit_proxy: bool,
    pub max_invalid_requests_per_10_min: u32,
    /// Read it as [`Settings::shard_plan`].
    pub shards: String,
}

#[derive(Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StorageConfig {
    /// `sqlite:PATH` or `postgres://user:password@host:port/database`: read it as
    /// [`Settings::database`].
    pub database_url: String,
    /// The most connections one process opens to PostgreSQL (SQLite uses one).
    pub max_connections: u32,
}

impl fmt::Debug for StorageConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The URL may carry the database password.
        f.debug_struct("StorageConfig")
            .field(
                "database_url",
                &crate::store::redact_url(&self.database_url),
            )
            .field("max_connections", &self.max_connections)
            .finish()
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContentConfig {
    pub dir: String,
    pub default_routine: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SessionsConfig {
    pub lobby_secs: u32,
    pub max_per_server: u32,
    pub resume_within_secs: u64,
    pub stale_step_secs: u64,
    pub breathing_cue_min_hold_secs: u32,
    pub start_spacing_ms: u32,
    /// Pauses, skips and starts-now one session accepts in all (resume and stop never count).
    pub max_adjustments: u32,
    /// One person's session controls at most once per this many milliseconds; 0: no limit.
    pub control_cooldown_ms: u32,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RemindersConfig {
    pub default_timezone: String,
    pub max_per_server: u32,
    pub grace_secs: u64,
    /// How long a claimer owns a fire before another instance may take it over.
    pub claim_lease_secs: u32,
    /// How long after its claim a prompt's send is given up (shorter than the lease).
    pub send_deadline_secs: u32,
    /// How long after a fire's first attempt a send with its nonce may still reach Discord
    /// (which de-duplicates a nonce for a few minutes only); past it the fire is given up.
    pub nonce_safe_secs: u32,
    pub group_lobby_secs: u32,
    /// Reminders posted at once when many are due together (the sending layer paces them).
    pub max_concurrent_fires: u32,
}

/// Personal DM nudges (`/nudges`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NudgesConfig {
    /// A nudge missed by less than this (downtime) is posted once, late; older ones are skipped.
    pub grace_minutes: u32,
    /// How far Snooze moves a nudge.
    pub snooze_minutes: u32,
    /// How long a claimer owns a nudge before a restart (or another copy) may take it over.
    pub claim_lease_secs: u32,
    /// How long after its first attempt a nudge may be re-sent with its nonce (Discord
    /// de-duplicates a nonce for a few minutes only); past it the nudge is given up.
    pub nonce_safe_secs: u32,
    /// Nudges sent at once when many are due together (the sending layer paces them).
    pub max_concurrent_sends: u32,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LogConfig {
    /// `text` or `json`; read through [`Settings::log_format`].
    pub format: String,
}

/// How log lines are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    /// For people: one line per event, coloured only on a terminal.
    Text,
    /// For log shippers: one JSON object per line.
    Json,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DataConfig {
    pub retention_days: u32,
    /// How long a person's check-ins are kept, in days.
    pub checkin_retention_days: u32,
}

/// Everything but the token, as read from the layers.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    pub discord: DiscordConfig,
    pub storage: StorageConfig,
    pub content: ContentConfig,
    pub sessions: SessionsConfig,
    pub reminders: RemindersConfig,
    pub nudges: NudgesConfig,
    pub log: LogConfig,
    pub data: DataConfig,
    pub cluster: ClusterConfig,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClusterConfig {
    /// How long the owner's lease on a shard lasts from each renewal; renewed every third of it.
    pub lease_secs: u64,
    /// `host:port` of the health endpoint; empty: off. Read it as [`Settings::health_addr`].
    pub health_addr: String,
}

/// The whole configuration. Its `Debug` is safe to log: the token redacts itself.
#[derive(Debug, Clone)]
pub struct Config {
    pub settings: Settings,
    /// Absent for commands that never connect (`check`, `preview`).
    pub token: Option<Token>,
}

/// Where values come from; a seam so tests need not touch the process environment.
pub trait Env {
    fn var(&self, name: &str) -> Option<String>;
}

/// The real process environment.
pub struct ProcessEnv;

impl Env for ProcessEnv {
    fn var(&self, name: &str) -> Option<String> {
        std::env::var(name).ok()
    }
}

impl<const N: usize> Env for [(&str, &str); N] {
    fn var(&self, name: &str) -> Option<String> {
        self.iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| (*v).to_owned())
    }
}

/// Environment variables that map onto config keys (product names, kept stable).
const ENV_KEYS: &[(&str, &str)] = &[
    ("DISCORD_API_URL", "discord.api_url"),
    ("DISCORD_GUILD_ID", "discord.guild_id"),
    ("DISCORD_SHARDS", "discord.shards"),
    (
        "STRETCHBOT_SHARED_RATE_LIMIT_PROXY",
        "discord.shared_rate_limit_proxy",
    ),
    ("STRETCHBOT_HEALTH_ADDR", "cluster.health_addr"),
    ("DATABASE_URL", "storage.database_url"),
    ("STRETCHBOT_CONTENT_DIR", "content.dir"),
    ("STRETCHBOT_LOG_FORMAT", "log.format"),
    ("STRETCHBOT_LEASE_SECS", "cluster.lease_secs"),
];

/// Whether the token is required: `run` needs it, `check` and `preview` do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenNeed {
    Required,
    Optional,
}

impl Config {
    /// Reads the layers. `file` is the `--config` path, if any.
    pub fn load(file: Option<&Path>, env: &dyn Env, need: TokenNeed) -> Result<Self, ConfigError> {
        let mut merged: toml::Table =
            DEFAULT_TOML
                .parse()
                .map_err(|e: toml::de::Error| ConfigError::Syntax {
                    path: "built-in defaults".into(),
                    message: e.message().to_owned(),
                })?;
        if let Some(path) = file {
            let shown = path.display().to_string();
            let text = std::fs::read_to_string(path).map_err(|source| ConfigError::ReadFile {
                path: shown.clone(),
                source,
            })?;
            let overlay: toml::Table =
                text.parse()
                    .map_err(|e: toml::de::Error| ConfigError::Syntax {
                        path: shown.clone(),
                        message: e.message().trim().to_owned(),
                    })?;
            merge(&mut merged, overlay, "", &shown)?;
        }
        for (var, key) in ENV_KEYS {
            if let Some(value) = env.var(var) {
                set_from_env(&mut merged, key, var, &value)?;
            }
        }
        let settings = Settings::deserialize(toml::Value::Table(merged)).map_err(|e| {
            ConfigError::BadValue {
                key: "?".into(),
                origin: "configuration".into(),
                message: e.message().trim().to_owned(),
            }
        })?;
        validate(&settings)?;
        let token = match read_token(env)? {
            Some(t) => Some(t),
            None if need == TokenNeed::Required => return Err(ConfigError::MissingToken),
            None => None,
        };
        Ok(Self { settings, token })
    }
}

fn read_token(env: &dyn Env) -> Result<Option<Token>, ConfigError> {
    if let Some(raw) = env.var("DISCORD_TOKEN").filter(|v| !v.trim().is_empty()) {
        return Token::parse(&raw, "in DISCORD_TOKEN").map(Some);
    }
    if let Some(path) = env
        .var("DISCORD_TOKEN_FILE")
        .filter(|v| !v.trim().is_empty())
    {
        let raw = std::fs::read_to_string(&path)
            .map_err(|source| ConfigError::TokenFile { path, source })?;
        return Token::parse(&raw, "in DISCORD_TOKEN_FILE").map(Some);
    }
    Ok(None)
}

/// Overlays `overlay` on `base`, refusing keys that the defaults do not have.
fn merge(
    base: &mut toml::Table,
    overlay: toml::Table,
    prefix: &str,
    origin: &str,
) -> Result<(), ConfigError> {
    for (key, value) in overlay {
        let full = if prefix.is_empty() {
            key.clone()
        } else {
            format!("{prefix}.{key}")
        };
        match (base.get_mut(&key), value) {
            (None, _) => {
                return Err(ConfigError::UnknownKey {
                    key: full,
                    origin: origin.to_owned(),
                })
            }
            (Some(toml::Value::Table(b)), toml::Value::Table(o)) => merge(b, o, &full, origin)?,
            (Some(toml::Value::Table(_)), _) => {
                return Err(ConfigError::BadValue {
                    key: full,
                    origin: origin.to_owned(),
                    message: "expected a [section] table".into(),
                })
            }
            (Some(slot), value) => {
                if std::mem::discriminant(slot) != std::mem::discriminant(&value) {
                    return Err(ConfigError::BadValue {
                        key: full,
                        origin: origin.to_owned(),
                        message: format!(
                            "expected a {}, found a {}",
                            slot.type_str(),
                            value.type_str()
                        ),
                    });
                }
                *slot = value;
            }
        }
    }
    Ok(())
}

fn set_from_env(
    table: &mut toml::Table,
    key: &str,
    var: &str,
    raw: &str,
) -> Result<(), ConfigError> {
    let (section, name) = key.split_once('.').unwrap_or(("", key));
    let slot = table
        .get_mut(section)
        .and_then(|s| s.as_table_mut())
        .and_then(|s| s.get_mut(name));
    let Some(slot) = slot else {
        return Ok(());
    };
    let bad = |message: String| ConfigError::BadValue {
        key: key.to_owned(),
        origin: var.to_owned(),
        message,
    };
    *slot = match slot {
        toml::Value::Integer(_) => {
            let trimmed = raw.trim();
            if trimmed.is_empty() {
                toml::Value::Integer(0)
            } else {
                let n: u64 = trimmed
                    .parse()
                    .map_err(|_| bad(format!("expected a whole number, found {raw:?}")))?;
                toml::Value::Integer(
                    i64::try_from(n).map_err(|_| bad("the number is too large".into()))?,
                )
            }
        }
        toml::Value::Boolean(_) => match raw.trim().to_ascii_lowercase().as_str() {
            "1" | "true" | "yes" | "on" => toml::Value::Boolean(true),
            "" | "0" | "false" | "no" | "off" => toml::Value::Boolean(false),
            _ => return Err(bad(format!("expected true or false, found {raw:?}"))),
        },
        _ => toml::Value::String(raw.trim().to_owned()),
    };
    Ok(())
}

fn validate(s: &Settings) -> Result<(), ConfigError> {
    let bad = |key: &str, message: &str| ConfigError::BadValue {
        key: key.to_owned(),
        origin: "configuration".into(),
        message: message.to_owned(),
    };
    let url = &s.discord.api_url;
    if !(url.is_empty() || url.starts_with("http://") || url.starts_with("https://")) {
        return Err(bad(
            "discord.api_url",
            "must start with http:// or https://",
        ));
    }
    if s.discord.global_requests_per_sec == 0
        || s.discord.global_requests_per_sec > crate::limits::GLOBAL_REQUESTS_PER_SEC
    {
        return Err(bad(
            "discord.global_requests_per_sec",
            "must be between 1 and 50 (Discord's global limit)",
        ));
    }
    if let Err(e) = ShardPlan::parse(&s.discord.shards) {
        return Err(bad("discord.shards", &e.to_string()));
    }
    if !s.cluster.health_addr.trim().is_empty()
        && s.cluster
            .health_addr
            .trim()
            .parse::<std::net::SocketAddr>()
            .is_err()
    {
        return Err(bad(
            "cluster.health_addr",
            "must be an address and port such as 127.0.0.1:8080, or empty",
        ));
    }
    if s.discord.max_invalid_requests_per_10_min == 0 {
        return Err(bad(
            "discord.max_invalid_requests_per_10_min",
            "must be at least 1",
        ));
    }
    if s.discord.request_timeout_secs == 0 {
        return Err(bad("discord.request_timeout_secs", "must be at least 1"));
    }
    if let Err(why) = DatabaseUrl::parse(&s.storage.database_url) {
        return Err(bad("storage.database_url", why));
    }
    if s.storage.max_connections == 0 || s.storage.max_connections > MAX_CONNECTIONS {
        return Err(bad(
            "storage.max_connections",
            &format!("must be between 1 and {MAX_CONNECTIONS}"),
        ));
    }
    if s.sessions.lobby_secs > 900 {
        return Err(bad("sessions.lobby_secs", "must be between 0 and 900"));
    }
    if s.sessions.max_adjustments == 0 || s.sessions.max_adjustments > MAX_ADJUSTMENTS {
        return Err(bad(
            "sessions.max_adjustments",
            &format!("must be between 1 and {MAX_ADJUSTMENTS}"),
        ));
    }
    if s.sessions.control_cooldown_ms > MAX_CONTROL_COOLDOWN_MS {
        return Err(bad(
            "sessions.control_cooldown_ms",
            &format!("must be between 0 and {MAX_CONTROL_COOLDOWN_MS} milliseconds (one minute)"),
        ));
    }
    if s.reminders
        .default_timezone
        .parse::<chrono_tz::Tz>()
        .is_err()
    {
        return Err(bad(
            "reminders.default_timezone",
            "must be an IANA time zone name such as Europe/Berlin",
        ));
    }
    if s.log_format().is_none() {
        return Err(bad("log.format", "must be \"text\" or \"json\""));
    }
    if s.data.retention_days > MAX_RETENTION_DAYS {
        return Err(bad(
            "data.retention_days",
            &format!("must be between 0 and {MAX_RETENTION_DAYS} days (ten years)"),
        ));
    }
    if !(MIN_CHECKIN_RETENTION_DAYS..=MAX_RETENTION_DAYS).contains(&s.data.checkin_retention_days) {
        return Err(bad(
            "data.checkin_retention_days",
            &format!(
                "must be between {MIN_CHECKIN_RETENTION_DAYS} and {MAX_RETENTION_DAYS} days \
                 (a week to ten years)"
            ),
        ));
    }
    let n = &s.nudges;
    if n.snooze_minutes == 0 || n.snooze_minutes > 240 {
        return Err(bad(
            "nudges.snooze_minutes",
            "must be between 1 and 240 minutes",
        ));
    }
    if n.claim_lease_secs == 0 || u64::from(n.grace_minutes) * 60 < u64::from(n.claim_lease_secs) {
        return Err(bad(
            "nudges.grace_minutes",
            "must cover nudges.claim_lease_secs (a nudge taken over after a crash must still be postable), and the lease must be above 0",
        ));
    }
    if n.nonce_safe_secs <= n.claim_lease_secs {
        return Err(bad(
            "nudges.nonce_safe_secs",
            &format!(
                "must be above nudges.claim_lease_secs ({} s, got {} s): a nudge taken over after a crash is re-sent with its nonce only within it",
                n.claim_lease_secs, n.nonce_safe_secs
            ),
        ));
    }
    if !(1..=1000).contains(&n.max_concurrent_sends) {
        return Err(bad(
            "nudges.max_concurrent_sends",
            "must be between 1 and 1000",
        ));
    }
    if s.reminders.grace_secs > MAX_GRACE_SECS {
        return Err(bad(
            "reminders.grace_secs",
            &format!("must be between 0 and {MAX_GRACE_SECS} seconds (one day)"),
        ));
    }
    if !(MIN_LEASE_SECS..=MAX_LEASE_SECS).contains(&s.cluster.lease_secs) {
        return Err(bad(
            "cluster.lease_secs",
            &format!("must be between {MIN_LEASE_SECS} and {MAX_LEASE_SECS} seconds"),
        ));
    }
    check_reminder_timings(&s.reminders).map_err(|(key, message)| bad(key, &message))?;
    Ok(())
}

/// The reminder timings against each other: a send ends before its claim can be taken over,
/// and a fire stays postable for a whole lease plus a send. `(key, sentence naming the others)`.
fn check_reminder_timings(r: &RemindersConfig) -> Result<(), (&'static str, String)> {
    let (lease, send, grace) = (
        u64::from(r.claim_lease_secs),
        u64::from(r.send_deadline_secs),
        r.grace_secs,
    );
    if send == 0 {
        return Err(("reminders.send_deadline_secs", "must be at least 1".into()));
    }
    if send >= lease {
        return Err((
            "reminders.send_deadline_secs",
            format!(
                "must be shorter than reminders.claim_lease_secs ({send} s is not below {lease} s): \
                 a send still running when its claim is taken over could post twice"
            ),
        ));
    }
    let nonce_safe = u64::from(r.nonce_safe_secs);
    if nonce_safe < lease + send {
        return Err((
            "reminders.nonce_safe_secs",
            format!(
                "must be at least reminders.claim_lease_secs + reminders.send_deadline_secs \
                 ({lease} + {send} = {} s, got {nonce_safe} s): a crashed claimer's fire must \
                 still be postable by a take-over",
                lease + send
            ),
        ));
    }
    if grace < lease + send {
        return Err((
            "reminders.grace_secs",
            format!(
                "must be at least reminders.claim_lease_secs + reminders.send_deadline_secs \
                 ({lease} + {send} = {} s, got {grace} s): a fire taken over must still be postable",
                lease + send
            ),
        ));
    }
    Ok(())
}

impl Settings {
    /// The base URL requests go to: Discord itself, or the configured replacement.
    pub fn api_base(&self) -> &str {
        if self.discord.api_url.is_empty() {
            "https://discord.com"
        } else {
            self.discord.api_url.trim_end_matches('/')
        }
    }

    /// The one server slash commands are registered in (instant), or `None` to register them
    /// globally (`discord.guild_id = 0`).
    pub fn command_guild(&self) -> Option<GuildId> {
        (self.discord.guild_id != 0).then(|| GuildId::new(self.discord.guild_id))
    }

    /// `discord.shards` as a plan. [`Config::load`] refused any other value, so a `Settings`
    /// that did not come from it falls back to `auto`.
    pub fn shard_plan(&self) -> ShardPlan {
        ShardPlan::parse(&self.discord.shards).unwrap_or(ShardPlan::Auto)
    }

    /// `cluster.health_addr` as an address; `None`: the endpoint is off.
    pub fn health_addr(&self) -> Option<std::net::SocketAddr> {
        self.cluster.health_addr.trim().parse().ok()
    }

    /// `log.format` as a value; `None` only for a format [`Config::load`] would have refused.
    pub fn log_format(&self) -> Option<LogFormat> {
        match self.log.format.trim().to_ascii_lowercase().as_str() {
            "text" => Some(LogFormat::Text),
            "json" => Some(LogFormat::Json),
            _ => None,
        }
    }

    /// The database `storage.database_url` names; `None` only for a URL [`Config::load`] would
    /// have refused.
    pub fn database(&self) -> Option<DatabaseUrl> {
        DatabaseUrl::parse(&self.storage.database_url).ok()
    }

    /// The SQLite file path of `storage.database_url`.
    pub fn sqlite_path(&self) -> &str {
        let url = &self.storage.database_url;
        let path = url.strip_prefix("sqlite:").unwrap_or(url);
        path.strip_prefix("//").unwrap_or(path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOKEN: &str = "MTIzNDU2Nzg5MDEyMzQ1Njc4.GaBcDe.abcdefghijklmnopqrstuvwxyz0123";

    fn write(dir: &tempfile::TempDir, text: &str) -> std::path::PathBuf {
        let path = dir.path().join("local.toml");
        std::fs::write(&path, text).unwrap();
        path
    }

    /// Loads `toml` as the config file, with nothing from the environment.
    fn load_text(toml: &str) -> Result<Config, ConfigError> {
        let dir = tempfile::tempdir().unwrap();
        Config::load(Some(&write(&dir, toml)), &[("X", "")], TokenNeed::Optional)
    }

    /// Each file is refused with an error that names its fault.
    #[track_caller]
    fn assert_refused(cases: &[(&str, &str)]) {
        for &(toml, named) in cases {
            let err = load_text(toml).unwrap_err().to_string();
            assert!(err.contains(named), "{toml:?}: {err}");
        }
    }

    #[test]
    fn defaults_load_and_token_is_required_to_run() {
        let err = Config::load(None, &[("X", "")], TokenNeed::Required).unwrap_err();
        assert!(matches!(err, ConfigError::MissingToken), "{err}");
        let cfg = Config::load(None, &[("X", "")], TokenNeed::Optional).unwrap();
        assert_eq!(cfg.settings.sessions.lobby_secs, 60);
        assert_eq!(cfg.settings.api_base(), "https://discord.com");
        assert_eq!(cfg.settings.sqlite_path(), "data/stretchbot.db");
        assert_eq!(cfg.settings.command_guild(), None, "0: register globally");
    }

    #[test]
    fn file_overrides_defaults_and_env_overrides_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = write(
            &dir,
            "[sessions]\nlobby_secs = 30\n[storage]\ndatabase_url = \"sqlite:from-file.db\"\n",
        );
        let env = [
            ("DISCORD_TOKEN", TOKEN),
            ("DATABASE_URL", "sqlite:/tmp/from-env.db"),
            ("DISCORD_GUILD_ID", "42"),
            ("DISCORD_API_URL", "http://127.0.0.1:9/"),
        ];
        let cfg = Config::load(Some(&path), &env, TokenNeed::Required).unwrap();
        assert_eq!(cfg.settings.sessions.lobby_secs, 30);
        assert_eq!(cfg.settings.sqlite_path(), "/tmp/from-env.db");
        assert_eq!(cfg.settings.discord.guild_id, 42);
        assert_eq!(cfg.settings.command_guild(), Some(GuildId::new(42)));
        assert_eq!(cfg.settings.api_base(), "http://127.0.0.1:9");
        assert_eq!(cfg.token.unwrap().expose(), TOKEN);
    }

    #[test]
    fn shards_come_from_discord_shards_and_a_bad_value_is_named() {
        let cfg = Config::load(None, &[("X", "")], TokenNeed::Optional).unwrap();
        assert_eq!(cfg.settings.shard_plan(), ShardPlan::Auto);
        let cfg = Config::load(None, &[("DISCORD_SHARDS", "2-3/4")], TokenNeed::Optional).unwrap();
        assert_eq!(
            cfg.settings.shard_plan(),
            ShardPlan::Range {
                first: 2,
                last: 3,
                total: 4
            }
        );
        let err = Config::load(None, &[("DISCORD_SHARDS", "3-1/4")], TokenNeed::Optional)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("discord.shards") && err.contains("after the last"),
            "{err}"
        );
        assert!(!err.contains('\n'), "one line: {err}");
    }

    #[test]
    fn the_proxy_switch_and_the_health_address_come_from_the_environment() {
        let cfg = Config::load(None, &[("X", "")], TokenNeed::Optional).unwrap();
        assert!(!cfg.settings.discord.shared_rate_limit_proxy);
        assert_eq!(cfg.settings.health_addr(), None);
        let cfg = Config::load(
            None,
            &[
                ("STRETCHBOT_SHARED_RATE_LIMIT_PROXY", "on"),
                ("STRETCHBOT_HEALTH_ADDR", "127.0.0.1:8080"),
            ],
            TokenNeed::Optional,
        )
        .unwrap();
        assert!(cfg.settings.discord.shared_rate_limit_proxy);
        assert_eq!(
            cfg.settings.health_addr(),
            Some("127.0.0.1:8080".parse().unwrap())
        );
        let err = Config::load(
            None,
            &[("STRETCHBOT_SHARED_RATE_LIMIT_PROXY", "maybe")],
            TokenNeed::Optional,
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("true or false"), "{err}");
        let err = Config::load(
            None,
            &[("STRETCHBOT_HEALTH_ADDR", "localhost")],
            TokenNeed::Optional,
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("cluster.health_addr"), "{err}");
    }

    #[test]
    fn unknown_key_is_an_error_naming_it() {
        assert_refused(&[
            ("[sessions]\nlobby_second = 30\n", "sessions.lobby_second"),
            ("[sesions]\nlobby_secs = 30\n", "`sesions`"),
        ]);
    }

    #[test]
    fn wrong_types_and_bad_values_are_named() {
        assert_refused(&[
            ("[sessions]\nlobby_secs = \"soon\"\n", "sessions.lobby_secs"),
            ("[sessions]\nlobby_secs = 5000\n", "between 0 and 900"),
            ("[reminders]\ndefault_timezone = \"Mars/Olympus\"\n", "IANA"),
        ]);
        let err =
            Config::load(None, &[("DISCORD_GUILD_ID", "abc")], TokenNeed::Optional).unwrap_err();
        assert!(err.to_string().contains("DISCORD_GUILD_ID"), "{err}");
    }

    #[test]
    fn database_url_takes_sqlite_or_postgres_and_never_shows_the_password() {
        for url in [
            "postgres://bot:s3cret@db.internal:5432/stretchbot",
            "postgresql://bot:s3cret@127.0.0.1/stretchbot",
        ] {
            let cfg = Config::load(None, &[("DATABASE_URL", url)], TokenNeed::Optional).unwrap();
            assert_eq!(
                cfg.settings.database(),
                Some(DatabaseUrl::Postgres(url.into()))
            );
            let shown = format!("{:?} {:?}", cfg.settings, cfg.settings.database());
            assert!(!shown.contains("s3cret"), "{shown}");
            assert!(shown.contains("bot:***@"), "{shown}");
        }
        let cfg = Config::load(None, &[("X", "")], TokenNeed::Optional).unwrap();
        assert_eq!(
            cfg.settings.database(),
            Some(DatabaseUrl::Sqlite("data/stretchbot.db".into()))
        );
        assert_eq!(cfg.settings.storage.max_connections, 8);
        for url in [
            "mysql://bot:s3cret@host/db",
            "postgres://bot:s3cret@host:notaport/db",
            "sqlite:",
        ] {
            let err =
                Config::load(None, &[("DATABASE_URL", url)], TokenNeed::Optional).unwrap_err();
            let text = err.to_string();
            assert!(text.contains("storage.database_url"), "{text}");
            assert!(!text.contains("s3cret"), "{text}");
        }
        assert_refused(&[(
            "[storage]\nmax_connections = 0\n",
            "storage.max_connections",
        )]);
    }

    #[test]
    fn log_format_is_text_by_default_json_on_request_and_nothing_else() {
        let cfg = Config::load(None, &[("X", "")], TokenNeed::Optional).unwrap();
        assert_eq!(cfg.settings.log_format(), Some(LogFormat::Text));
        let env = [("STRETCHBOT_LOG_FORMAT", "JSON")];
        let cfg = Config::load(None, &env, TokenNeed::Optional).unwrap();
        assert_eq!(cfg.settings.log_format(), Some(LogFormat::Json));
        let env = [("STRETCHBOT_LOG_FORMAT", "xml")];
        let err = Config::load(None, &env, TokenNeed::Optional).unwrap_err();
        assert!(err.to_string().contains("log.format"), "{err}");
    }

    #[test]
    fn a_huge_retention_is_a_config_error_not_a_panic() {
        assert_refused(&[
            ("[data]\nretention_days = 3651\n", "data.retention_days"),
            (
                "[data]\nretention_days = 4294967295\n",
                "data.retention_days",
            ),
        ]);
        let cfg = load_text("[data]\nretention_days = 3650\n").unwrap();
        assert_eq!(cfg.settings.data.retention_days, MAX_RETENTION_DAYS);
    }

    #[test]
    fn checkin_retention_must_keep_at_least_this_week() {
        assert_refused(&[
            (
                "[data]\ncheckin_retention_days = 6\n",
                "data.checkin_retention_days",
            ),
            (
                "[data]\ncheckin_retention_days = 3651\n",
                "data.checkin_retention_days",
            ),
        ]);
        let cfg = load_text("[data]\ncheckin_retention_days = 7\n").unwrap();
        assert_eq!(cfg.settings.data.checkin_retention_days, 7);
        let default = load_text("").unwrap();
        assert_eq!(default.settings.data.checkin_retention_days, 400);
    }

    #[test]
    fn session_control_limits_are_checked_naming_the_key() {
        let dir = tempfile::tempdir().unwrap();
        for (line, key) in [
            ("max_adjustments = 0", "sessions.max_adjustments"),
            ("max_adjustments = 1001", "sessions.max_adjustments"),
            (
                "control_cooldown_ms = 60001",
                "sessions.control_cooldown_ms",
            ),
        ] {
            let path = write(&dir, &format!("[sessions]\n{line}\n"));
            let err = Config::load(Some(&path), &[("X", "")], TokenNeed::Optional).unwrap_err();
            assert!(err.to_string().contains(key), "{err}");
        }
        let cfg = Config::load(None, &[("X", "")], TokenNeed::Optional).unwrap();
        assert_eq!(cfg.settings.sessions.max_adjustments, 20);
        assert_eq!(cfg.settings.sessions.control_cooldown_ms, 1000);
    }

    #[test]
    fn a_huge_grace_period_is_a_config_error_not_a_panic() {
        for huge in ["86401", "9223372036854775807"] {
            let text = load_text(&format!("[reminders]\ngrace_secs = {huge}\n"))
                .unwrap_err()
                .to_string();
            assert!(text.contains("reminders.grace_secs"), "{text}");
            assert!(text.contains("between 0 and 86400"), "{text}");
            assert!(!text.contains('\n'), "one line: {text}");
        }
        let cfg = load_text("[reminders]\ngrace_secs = 86400\n").unwrap();
        assert_eq!(cfg.settings.reminders.grace_secs, MAX_GRACE_SECS);
        // Every config that loads also starts: the service's grace period does not overflow.
        let service = crate::reminders::ServiceConfig::from_settings(&cfg.settings);
        assert_eq!(service.grace.num_seconds(), 86_400);
    }

    /// The reminder timings depend on each other: a send must end before its claim can be taken
    /// over, and a fire must stay postable for a whole lease plus a send. A config that breaks
    /// that is refused at start with one line naming the keys.
    #[test]
    fn reminder_timings_are_checked_against_each_other() {
        for (lines, keys) in [
            (
                "send_deadline_secs = 60\nclaim_lease_secs = 60\n",
                ["reminders.send_deadline_secs", "reminders.claim_lease_secs"],
            ),
            (
                "send_deadline_secs = 90\n",
                ["reminders.send_deadline_secs", "reminders.claim_lease_secs"],
            ),
            (
                "grace_secs = 100\n",
                ["reminders.grace_secs", "reminders.send_deadline_secs"],
            ),
            (
                "claim_lease_secs = 900\nsend_deadline_secs = 45\nnonce_safe_secs = 945\n",
                ["reminders.grace_secs", "reminders.claim_lease_secs"],
            ),
            (
                "nonce_safe_secs = 100\n",
                ["reminders.nonce_safe_secs", "reminders.claim_lease_secs"],
            ),
            (
                "send_deadline_secs = 0\n",
                ["reminders.send_deadline_secs", "at least 1"],
            ),
        ] {
            let text = load_text(&format!("[reminders]\n{lines}"))
                .unwrap_err()
                .to_string();
            for key in keys {
                assert!(text.contains(key), "{lines:?}: {text}");
            }
            assert!(!text.contains('\n'), "one line: {text}");
        }
        let cfg = load_text("[reminders]\ngrace_secs = 105\n").unwrap();
        assert_eq!(cfg.settings.reminders.claim_lease_secs, 60);
        assert_eq!(cfg.settings.reminders.send_deadline_secs, 45);
    }

    #[test]
    fn nudge_timings_are_checked_against_each_other() {
        for (lines, keys) in [
            (
                "nonce_safe_secs = 60\n",
                ["nudges.nonce_safe_secs", "nudges.claim_lease_secs"],
            ),
            (
                "max_concurrent_sends = 0\n",
                ["nudges.max_concurrent_sends", "between 1 and 1000"],
            ),
            (
                "grace_minutes = 0\n",
                ["nudges.grace_minutes", "nudges.claim_lease_secs"],
            ),
        ] {
            let text = load_text(&format!("[nudges]\n{lines}"))
                .unwrap_err()
                .to_string();
            for key in keys {
                assert!(text.contains(key), "{lines:?}: {text}");
            }
            assert!(!text.contains('\n'), "one line: {text}");
        }
        assert!(load_text("[nudges]\nnonce_safe_secs = 61\n").is_ok());
    }

    #[test]
    fn unreadable_and_malformed_files_are_named() {
        let missing = Path::new("/nonexistent/stretchbot.toml");
        let err = Config::load(Some(missing), &[("X", "")], TokenNeed::Optional).unwrap_err();
        assert!(
            err.to_string().contains("/nonexistent/stretchbot.toml"),
            "{err}"
        );
        assert_refused(&[("[sessions\nlobby_secs = 1", "not valid TOML")]);
    }

    #[test]
    fn malformed_token_is_refused_without_echoing_it() {
        let env = [("DISCORD_TOKEN", "not a token at all")];
        let err = Config::load(None, &env, TokenNeed::Required).unwrap_err();
        let text = err.to_string();
        assert!(text.contains("malformed"), "{text}");
        assert!(!text.contains("not a token"), "{text}");
    }

    #[test]
    fn token_file_is_read_and_trimmed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("token");
        std::fs::write(&path, format!("{TOKEN}\n")).unwrap();
        let shown = path.display().to_string();
        let env = [("DISCORD_TOKEN_FILE", shown.as_str())];
        let cfg = Config::load(None, &env, TokenNeed::Required).unwrap();
        assert_eq!(cfg.token.unwrap().expose(), TOKEN);
        let env = [("DISCORD_TOKEN_FILE", "/nonexistent/token")];
        let err = Config::load(None, &env, TokenNeed::Required).unwrap_err();
        assert!(err.to_string().contains("/nonexistent/token"), "{err}");
    }

    #[test]
    fn token_never_shows_in_debug_or_display() {
        let cfg = Config::load(None, &[("DISCORD_TOKEN", TOKEN)], TokenNeed::Required).unwrap();
        let debug = format!("{cfg:?}");
        assert!(
            !debug.contains(TOKEN) && !debug.contains("GaBcDe"),
            "{debug}"
        );
        assert!(debug.contains("[redacted]"));
        let token = cfg.token.unwrap();
        assert_eq!(format!("{token}"), "[redacted]");
    }
}
