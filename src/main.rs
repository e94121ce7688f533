//! The `stretchbot` binary: parses the command line, reads the configuration, and runs the bot.
//!
//! - `stretchbot [run] [--config PATH]`: connect to Discord and serve.
//! - `stretchbot check [--config PATH]`: validate configuration and content without connecting.
//! - `stretchbot preview [SECTION] [--routine ID] [--config PATH]`: print an answer as text.

use std::{path::PathBuf, process::ExitCode};

use stretchbot::{
    app,
    config::{Config, ProcessEnv, TokenNeed},
    render::{self, Section},
};

const USAGE: &str =
    "usage: stretchbot [run|check|preview [SECTION] [--routine ID]] [--config PATH]";

struct Args {
    command: String,
    section: Option<String>,
    routine: Option<String>,
    config: Option<PathBuf>,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        command: "run".into(),
        section: None,
        routine: None,
        config: None,
    };
    let mut positional = Vec::new();
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--config" => args.config = Some(it.next().ok_or("--config needs a path")?.into()),
            "--routine" => args.routine = Some(it.next().ok_or("--routine needs an id")?),
            "-h" | "--help" => return Err(String::new()),
            s if s.starts_with('-') => return Err(format!("unknown option {s}")),
            _ => positional.push(arg),
        }
    }
    let mut positional = positional.into_iter();
    if let Some(command) = positional.next() {
        args.command = command;
    }
    args.section = positional.next();
    if let Some(extra) = positional.next() {
        return Err(format!("unexpected argument {extra}"));
    }
    Ok(args)
}

/// Crates whose debug and trace output holds what went over the wire.
const WIRE_LOG_TARGETS: &[&str] = &[
    "tungstenite",
    "tokio_tungstenite",
    "hyper",
    "hyper_util",
    "h2",
    "reqwest",
    "rustls",
];

/// Whether an event or span could show a secret: raw wire data (gateway payloads and request
/// paths carry interaction tokens), or serenity's gateway, whose warnings print a whole frame
/// and whose spans record the event. Applied after `RUST_LOG`, so no directive can undo it.
fn may_show_secrets(target: &str, level: tracing::Level) -> bool {
    let under = |prefix: &str| {
        target == prefix
            || target
                .strip_prefix(prefix)
                .is_some_and(|rest| rest.starts_with("::"))
    };
    let verbose = matches!(level, tracing::Level::DEBUG | tracing::Level::TRACE);
    (verbose && WIRE_LOG_TARGETS.iter().any(|t| under(t)))
        || (under("serenity::gateway") && level != tracing::Level::ERROR)
}

fn init_logging() {
    use tracing_subscriber::{layer::SubscriberExt, util::SubscriberInitExt, Layer};
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let guard = tracing_subscriber::filter::filter_fn(|meta| {
        !may_show_secrets(meta.target(), *meta.level())
    });
    tracing_subscriber::registry()
        .with(
            tracing_subscriber::fmt::layer()
                .with_writer(std::io::stderr)
                .with_filter(filter)
                .with_filter(guard),
        )
        .init();
}

fn fail(message: impl std::fmt::Display) -> ExitCode {
    eprintln!("stretchbot: {message}");
    ExitCode::FAILURE
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) if e.is_empty() => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(e) => return fail(format!("{e}\n{USAGE}")),
    };
    let need = if args.command == "run" {
        TokenNeed::Required
    } else {
        TokenNeed::Optional
    };
    let config = match Config::load(args.config.as_deref(), &ProcessEnv, need) {
        Ok(c) => c,
        Err(e) => return fail(e),
    };
    match args.command.as_str() {
        "check" => match app::load_content(&config) {
            Ok(lib) => {
                println!(
                    "configuration and content are valid ({} routine(s))",
                    lib.len()
                );
                ExitCode::SUCCESS
            }
            Err(e) => fail(format!("{e:#}")),
        },
        "preview" => preview(&config, &args),
        "run" => run(config),
        other => fail(format!("unknown command {other}\n{USAGE}")),
    }
}

fn preview(config: &Config, args: &Args) -> ExitCode {
    let library = match app::load_content(config) {
        Ok(l) => l,
        Err(e) => return fail(format!("{e:#}")),
    };
    let id = args
        .routine
        .as_deref()
        .unwrap_or(&config.settings.content.default_routine);
    let Some(routine) = library.get(id) else {
        return fail(format!(
            "no routine `{id}` in {}",
            config.settings.content.dir
        ));
    };
    let section = match args.section.as_deref().map(str::parse::<Section>) {
        None => Section::Overview,
        Some(Ok(s)) => s,
        Some(Err(e)) => return fail(e),
    };
    match render::routine_message(routine, section) {
        Ok(m) => {
            print!("{}", render::as_text(&m));
            ExitCode::SUCCESS
        }
        Err(e) => fail(e),
    }
}

fn run(config: Config) -> ExitCode {
    init_logging();
    let clock = match stretchbot::clock::from_env() {
        Ok(c) => c,
        Err(e) => return fail(e),
    };
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(r) => r,
        Err(e) => return fail(format!("cannot start the async runtime: {e}")),
    };
    let result = runtime.block_on(app::run(config, clock, shutdown_signal()));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!(error = format!("{e:#}"), "stretchbot stopped with an error");
            fail(format!("{e:#}"))
        }
    }
}

/// Resolves on SIGTERM (docker stop) or Ctrl-C.
async fn shutdown_signal() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut term =
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(s) => s,
                Err(_) => {
                    let _ = ctrl_c.await;
                    return;
                }
            };
        tokio::select! {
            _ = ctrl_c => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    let _ = ctrl_c.await;
}

#[cfg(test)]
mod tests {
    use super::may_show_secrets;
    use tracing::Level;

    #[test]
    fn wire_data_and_the_gateway_stay_out_of_logs() {
        assert!(may_show_secrets("tungstenite::protocol", Level::TRACE));
        assert!(may_show_secrets("hyper", Level::DEBUG));
        assert!(!may_show_secrets("hyper", Level::INFO));
        assert!(may_show_secrets("serenity::gateway::ws", Level::WARN));
        assert!(!may_show_secrets("serenity::gateway::ws", Level::ERROR));
        assert!(!may_show_secrets("stretchbot::session", Level::TRACE));
        assert!(
            !may_show_secrets("hyperbolic", Level::TRACE),
            "a prefix is not a module"
        );
    }
}
