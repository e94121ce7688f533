//! Runs the real `stretchbot` binary against a [`FakeDiscord`], in its own temporary directory,
//! and lets tests read its logs, signal it, and restart it on the same database.
//!
//! ```ignore
//! let fake = FakeDiscord::start().await;
//! let opts = BotOptions::new(env!("CARGO_BIN_EXE_stretchbot"), env!("CARGO_MANIFEST_DIR"));
//! let bot = BotProcess::spawn(&fake, opts);
//! fake.wait_for_ready(Duration::from_secs(10)).await;
//! bot.wait_for_log("registered", Duration::from_secs(10)).await;
//! ```
//!
//! Two copies of the bot against one fake and one database (a rolling deploy, a hot standby):
//! start the second with [`BotProcess::spawn_copy`], and give each a `label` so the fake tells
//! their sessions, requests and callbacks apart.
//!
//! Every wait has a timeout and panics with what it waited for and the last 50 log lines, so a
//! failing test explains itself and never hangs. Set `TEST_LOG=1` to echo the bot's output.
//! The process is killed when the `BotProcess` drops.

use std::path::{Path, PathBuf};
use std::process::{ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, Utc};
use tokio::io::{AsyncBufReadExt, AsyncRead, BufReader};
use tokio::sync::Notify;

use crate::{FakeDiscord, GUILD_ID};

/// The serenity line that means "a gateway event failed to deserialize and was dropped".
pub const UNKNOWN_EVENT_LINE: &str = "An unknown event was received";

/// How to start the bot. [`BotOptions::new`] is the standard environment; the fields change it.
#[derive(Clone, Debug)]
pub struct BotOptions {
    /// Defaults to `info,serenity::client::dispatch=debug,stretchbot=debug` (the dispatch debug
    /// level is what makes dropped events visible, see `assert_no_unknown_events`).
    pub rust_log: Option<String>,
    /// `STRETCHBOT_TEST_CLOCK` (the binary honours it only when built with `test-clock`).
    pub test_clock: Option<DateTime<Utc>>,
    /// `STRETCHBOT_CONTENT_DIR`; defaults to `content/` under `root`.
    pub content_dir: Option<PathBuf>,
    /// Overrides the token the bot is given (the fake's by default).
    pub token: Option<String>,
    /// More environment variables (applied last, so they can override the defaults), e.g.
    /// `DISCORD_SHARDS`.
    pub env: Vec<(String, String)>,
    /// The SQLite database file (`DATABASE_URL=sqlite:...`); defaults to `bot.db` in the
    /// process's own temporary directory. Two processes given the same path share it.
    pub database_path: Option<PathBuf>,
    /// Labels everything this process does at the fake (`FakeDiscord::labeled_base_url`):
    /// its gateway sessions, REST requests and interaction callbacks.
    pub label: Option<String>,
    pub args: Vec<String>,
    /// The program to run: the bot binary, or a stand-in (the harness's own tests).
    pub program: PathBuf,
    /// The bot's package root: its working directory (so `config/` is found), and where
    /// `content/` is unless `content_dir` says otherwise.
    pub root: PathBuf,
}

impl BotOptions {
    /// Runs `program` from `root` with the standard environment. Only the test or bench that
    /// shares the bot's package knows where cargo put the binary (`CARGO_BIN_EXE_stretchbot`),
    /// so it passes the path in.
    pub fn new(program: impl Into<PathBuf>, root: impl Into<PathBuf>) -> Self {
        Self {
            rust_log: None,
            test_clock: None,
            content_dir: None,
            token: None,
            env: vec![],
            database_path: None,
            label: None,
            args: vec![],
            program: program.into(),
            root: root.into(),
        }
    }
}

#[derive(Default)]
struct Output {
    lines: Mutex<Vec<String>>,
    exit: Mutex<Option<ExitStatus>>,
    changed: Notify,
}

impl Output {
    fn push(&self, line: String) {
        if std::env::var_os("TEST_LOG").is_some() {
            eprintln!("[bot] {line}");
        }
        self.lines
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(line);
        self.changed.notify_waiters();
    }

    fn lines(&self) -> Vec<String> {
        self.lines.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    fn exit(&self) -> Option<ExitStatus> {
        *self.exit.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Removes ANSI colour sequences so assertions match plain text.
fn strip_ansi(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' && chars.peek() == Some(&'[') {
            chars.next();
            for c in chars.by_ref() {
                if c.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

fn pump(stream: impl AsyncRead + Unpin + Send + 'static, out: Arc<Output>) {
    tokio::spawn(async move {
        let mut lines = BufReader::new(stream).lines();
        while let Ok(Some(line)) = lines.next_line().await {
            out.push(strip_ansi(&line));
        }
    });
}

/// A running (or exited) bot process.
pub struct BotProcess {
    dir: tempfile::TempDir,
    database: PathBuf,
    program: PathBuf,
    args: Vec<String>,
    env: Vec<(String, String)>,
    current_dir: PathBuf,
    out: Arc<Output>,
    pid: Option<u32>,
    spawns: usize,
}

impl BotProcess {
    /// Starts the bot against `fake`. Must be called inside a tokio runtime.
    pub fn spawn(fake: &FakeDiscord, opts: BotOptions) -> BotProcess {
        let dir = tempfile::Builder::new()
            .prefix("stretchbot-e2e-")
            .tempdir()
            .expect("create temp dir");
        let database = opts
            .database_path
            .clone()
            .unwrap_or_else(|| dir.path().join("bot.db"));
        let api_url = match &opts.label {
            Some(label) => fake.labeled_base_url(label),
            None => fake.base_url(),
        };
        let mut env = vec![
            ("DISCORD_API_URL".to_string(), api_url),
            (
                "DISCORD_TOKEN".to_string(),
                opts.token.clone().unwrap_or_else(|| fake.token()),
            ),
            ("DISCORD_GUILD_ID".to_string(), GUILD_ID.to_string()),
            (
                "DATABASE_URL".to_string(),
                format!("sqlite:{}", database.display()),
            ),
            (
                "STRETCHBOT_CONTENT_DIR".to_string(),
                opts.content_dir
                    .clone()
                    .unwrap_or_else(|| opts.root.join("content"))
                    .display()
                    .to_string(),
            ),
            (
                "RUST_LOG".to_string(),
                opts.rust_log.clone().unwrap_or_else(|| {
                    "info,serenity::client::dispatch=debug,stretchbot=debug".to_string()
                }),
            ),
            ("NO_COLOR".to_string(), "1".to_string()),
        ];
        if let Some(t) = opts.test_clock {
            env.push(("STRETCHBOT_TEST_CLOCK".to_string(), t.to_rfc3339()));
        }
        env.extend(opts.env.iter().cloned());
        let mut bot = BotProcess {
            dir,
            database,
            program: opts.program.clone(),
            args: opts.args.clone(),
            env,
            current_dir: opts.root.clone(),
            out: Arc::new(Output::default()),
            pid: None,
            spawns: 0,
        };
        bot.start();
        bot
    }

    fn start(&mut self) {
        let mut cmd = tokio::process::Command::new(&self.program);
        cmd.args(&self.args)
            .current_dir(&self.current_dir)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .kill_on_drop(true);
        // Nothing from the developer's shell may leak in (a real token, a real database).
        for (k, _) in std::env::vars() {
            if k.starts_with("DISCORD_")
                || k.starts_with("STRETCHBOT_")
                || k == "DATABASE_URL"
                || k == "RUST_LOG"
            {
                cmd.env_remove(k);
            }
        }
        cmd.envs(self.env.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        let mut child = cmd
            .spawn()
            .unwrap_or_else(|e| panic!("harness: cannot start {}: {e}", self.program.display()));
        self.spawns += 1;
        if self.spawns > 1 {
            self.out
                .push(format!("=== harness: respawn #{} ===", self.spawns - 1));
        }
        *self.out.exit.lock().unwrap_or_else(|e| e.into_inner()) = None;
        self.pid = child.id();
        pump(child.stdout.take().expect("piped stdout"), self.out.clone());
        pump(child.stderr.take().expect("piped stderr"), self.out.clone());
        let out = self.out.clone();
        tokio::spawn(async move {
            let status = child.wait().await;
            // Let the pipe readers catch the last lines before "exited" becomes visible.
            tokio::time::sleep(Duration::from_millis(20)).await;
            if let Ok(status) = status {
                *out.exit.lock().unwrap_or_else(|e| e.into_inner()) = Some(status);
            }
            out.changed.notify_waiters();
        });
    }

    /// Starts the binary again with the same directory, database and environment. A process
    /// still running is killed first (SIGKILL).
    pub async fn respawn(&mut self) {
        if self.is_running() {
            self.sigkill();
            self.wait_exit(Duration::from_secs(10)).await;
        }
        self.start();
    }

    pub fn pid(&self) -> Option<u32> {
        self.pid
    }
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }
    /// The database file this process uses (its own, or the one it shares).
    pub fn database_path(&self) -> PathBuf {
        self.database.clone()
    }

    /// Starts another process of the bot against the same fake and this process's database
    /// (unless `opts.database_path` says otherwise), with its own directory, environment and
    /// logs: a second copy, as in a rolling deploy or a hot standby.
    pub fn spawn_copy(&self, fake: &FakeDiscord, mut opts: BotOptions) -> BotProcess {
        opts.database_path
            .get_or_insert_with(|| self.database_path());
        BotProcess::spawn(fake, opts)
    }
    pub fn is_running(&self) -> bool {
        self.pid.is_some() && self.out.exit().is_none()
    }
    pub fn exit_status(&self) -> Option<ExitStatus> {
        self.out.exit()
    }

    /// All output lines so far (stdout and stderr interleaved, ANSI stripped).
    pub fn logs(&self) -> Vec<String> {
        self.out.lines()
    }

    /// A position in the log, for `wait_for_log_since` (e.g. before a restart).
    pub fn log_mark(&self) -> usize {
        self.out.lines().len()
    }

    fn tail(&self, n: usize) -> String {
        let lines = self.out.lines();
        let start = lines.len().saturating_sub(n);
        lines[start..].join("\n")
    }

    /// Waits for a line containing `substr`; returns it.
    pub async fn wait_for_log(&self, substr: &str, timeout: Duration) -> String {
        self.wait_for_log_since(0, substr, timeout).await
    }

    /// Waits for a line containing `substr` after position `mark` (see `log_mark`).
    pub async fn wait_for_log_since(&self, mark: usize, substr: &str, timeout: Duration) -> String {
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            let notified = self.out.changed.notified();
            tokio::pin!(notified);
            notified.as_mut().enable();
            if let Some(line) = self
                .out
                .lines()
                .iter()
                .skip(mark)
                .find(|l| l.contains(substr))
            {
                return line.clone();
            }
            if let Some(status) = self.out.exit() {
                panic!(
                    "harness: the bot exited ({status}) while waiting for a log line containing {substr:?}\nlast 50 lines:\n{}",
                    self.tail(50)
                );
            }
            if tokio::time::timeout_at(deadline, notified).await.is_err() {
                if let Some(line) = self
                    .out
                    .lines()
                    .iter()
                    .skip(mark)
                    .find(|l| l.contains(substr))
                {
                    return line.clone();
                }
                panic!(
                    "harness: timed out after {timeout:?} waiting for a log line containing {substr:?}\nlast 50 lines:\n{}",
                    self.tail(50)
                );
            }
        }
    }

    /// How many lines contain `substr`.
    pub fn count_log(&self, substr: &str) -> usize {
        self.out
            .lines()
            .iter()
            .filter(|l| l.contains(substr))
            .count()
    }

    #[track_caller]
    pub fn assert_log_absent(&self, substr: &str) {
        let lines = self.out.lines();
        let hits: Vec<&String> = lines.iter().filter(|l| l.contains(substr)).collect();
        assert!(
            hits.is_empty(),
            "harness: log lines containing {substr:?} were not expected:\n{hits:#?}"
        );
    }

    /// Fails if serenity dropped a gateway event it could not deserialize.
    #[track_caller]
    pub fn assert_no_unknown_events(&self) {
        self.assert_log_absent(UNKNOWN_EVENT_LINE);
    }

    fn signal(&self, sig: &str) {
        let Some(pid) = self.pid else { return };
        if !self.is_running() {
            return;
        }
        // The process may exit in between; kill failing then is expected and harmless.
        let _ = std::process::Command::new("kill")
            .arg(sig)
            .arg(pid.to_string())
            .stderr(Stdio::null())
            .status();
    }

    /// Asks the bot to shut down gracefully.
    pub fn sigterm(&self) {
        self.signal("-TERM")
    }

    /// Like Ctrl-C in a terminal.
    pub fn sigint(&self) {
        self.signal("-INT")
    }

    /// Kills the bot at once (a crash, or an OOM kill).
    pub fn sigkill(&self) {
        self.signal("-KILL")
    }

    /// Waits for the process to exit; returns its status.
    pub async fn wait_exit(&self, timeout: Duration) -> ExitStatus {
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            let notified = self.out.changed.notified();
            tokio::pin!(notified);
            notified.as_mut().enable();
            if let Some(status) = self.out.exit() {
                return status;
            }
            if tokio::time::timeout_at(deadline, notified).await.is_err() {
                if let Some(status) = self.out.exit() {
                    return status;
                }
                panic!(
                    "harness: the bot did not exit within {timeout:?}\nlast 50 lines:\n{}",
                    self.tail(50)
                );
            }
        }
    }
}

impl Drop for BotProcess {
    fn drop(&mut self) {
        // The waiting task owns the child; kill by pid so this works even during runtime
        // shutdown. (kill_on_drop covers the case where that task is dropped first.)
        self.sigkill();
    }
}
