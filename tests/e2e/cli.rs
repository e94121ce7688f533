//! The binary's command line and log output, as a person or a log shipper sees them: no fake
//! Discord needed, since `run` against an address nothing listens on logs and exits at once.

use std::process::{Command, Output};

const TOKEN: &str = "MTIzNDU2Nzg5MDEyMzQ1Njc4.GaBcDe.abcdefghijklmnopqrstuvwxyz0123";

/// Runs the binary with a clean environment (nothing from the developer's shell leaks in).
pub fn stretchbot(args: &[&str], env: &[(&str, &str)]) -> Output {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite:{}", dir.path().join("bot.db").display());
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_stretchbot"));
    cmd.args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("DATABASE_URL", db)
        // Nothing listens on port 1: the bot logs a few lines, then exits with the error.
        .env("DISCORD_API_URL", "http://127.0.0.1:1")
        .env("DISCORD_TOKEN", TOKEN);
    cmd.envs(env.iter().copied());
    cmd.output().expect("run stretchbot")
}

#[test]
fn logs_to_a_pipe_carry_no_colour_codes() {
    let out = stretchbot(&["run"], &[]);
    let log = String::from_utf8_lossy(&out.stderr);
    assert!(log.contains("ERROR"), "{log}");
    assert!(
        !log.contains('\u{1b}'),
        "escape codes in piped logs: {log:?}"
    );
}

#[test]
fn json_logs_are_one_object_per_line() {
    let out = stretchbot(&["run"], &[("STRETCHBOT_LOG_FORMAT", "json")]);
    let log = String::from_utf8_lossy(&out.stderr);
    let mut levels = Vec::new();
    // The last line is the plain one-line reason the binary prints on exit.
    for line in log.lines().filter(|l| !l.starts_with("stretchbot: ")) {
        let v: serde_json::Value =
            serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line:?}"));
        levels.push(v["level"].as_str().unwrap_or_default().to_owned());
        assert!(!line.contains(TOKEN), "{line}");
    }
    assert!(levels.iter().any(|l| l == "ERROR"), "{log}");
    assert!(!out.status.success());
}

#[test]
fn help_usage_and_mistakes_have_the_conventional_shape() {
    let out = stretchbot(&["--help"], &[]);
    assert!(out.status.success());
    let help = String::from_utf8_lossy(&out.stdout);
    for word in ["Usage: stretchbot", "run", "check", "preview", "--config"] {
        assert!(help.contains(word), "{word} missing from {help}");
    }
    let out = stretchbot(&["help", "preview"], &[]);
    let help = String::from_utf8_lossy(&out.stdout);
    assert!(help.contains("possible values: overview, steps"), "{help}");

    let out = stretchbot(&["preview", "toes"], &[]);
    assert_eq!(out.status.code(), Some(2), "usage errors exit 2");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.starts_with("error: invalid value 'toes'"), "{err}");
    assert!(out.stdout.is_empty());

    let out = stretchbot(&["preview", "STEPS"], &[]);
    assert!(out.status.success(), "sections ignore case");
    assert!(String::from_utf8_lossy(&out.stdout).contains("step by step"));
}

#[test]
fn check_reads_a_postgres_url_without_connecting_and_run_never_logs_its_password() {
    // Nothing listens on port 1: `check` passes on the URL's shape alone.
    let url = "postgres://bot:hunter2@127.0.0.1:1/stretchbot";
    let out = stretchbot(&["check"], &[("DATABASE_URL", url)]);
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "{all}");
    assert!(!all.contains("hunter2"), "{all}");

    let out = stretchbot(
        &["check"],
        &[("DATABASE_URL", "postgres://bot:hunter2@h:nope/x")],
    );
    let all = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(all.contains("storage.database_url"), "{all}");
    assert!(!all.contains("hunter2"), "{all}");

    // `run` cannot reach the server: it says where, without the password.
    let out = stretchbot(&["run"], &[("DATABASE_URL", url)]);
    let all = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(all.contains("bot:***@127.0.0.1:1/stretchbot"), "{all}");
    assert!(!all.contains("hunter2"), "{all}");
}
