//! The `stretchbot` binary: parses the command line, reads the configuration, and runs the bot.
//!
//! - `stretchbot [run] [--config PATH]`: connect to Discord and serve.
//! - `stretchbot check [--config PATH]`: validate configuration and content without connecting.
//! - `stretchbot preview [SECTION] [--routine ID] [--config PATH]`: print an answer as text.

use std::{io::IsTerminal, path::PathBuf, process::ExitCode};

use clap::{Parser, Subcommand};
use stretchbot::{
    app,
    config::{Config, LogFormat, ProcessEnv, TokenNeed},
    i18n::{Locale, Tr},
    render::{self, Section},
};

/// A Discord bot that leads teams through stretch breaks.
///
/// Configuration: config/default.toml, then --config PATH, then the environment (DISCORD_TOKEN,
/// DISCORD_API_URL, DISCORD_GUILD_ID, DATABASE_URL, ...; see the README).
#[derive(Debug, Parser)]
#[command(name = "stretchbot", version)]
struct Cli {
    /// A TOML file whose keys override config/default.toml.
    #[arg(long, value_name = "PATH", global = true)]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Connect to Discord and serve (the default).
    Run,
    /// Check the configuration, every stretch and routine file, and that every section of every
    /// stretch fits Discord's limits, without connecting.
    Check,
    /// Print what /childspose would answer, as text.
    Preview {
        /// The part of the routine to show.
        #[arg(default_value = "overview", ignore_case = true, value_parser = clap::builder::PossibleValuesParser::new(Section::ALL.map(Section::name)))]
        section: String,
        /// The stretch or routine to show (default: content.default_routine); a routine file
        /// has one card, whatever the section.
        #[arg(long, value_name = "ID")]
        routine: Option<String>,
        /// The language, as a Discord locale code (en-US, fr, de, es-ES, pt-BR, ja, ...).
        #[arg(long, value_name = "CODE", default_value = "en-US")]
        locale: String,
    },
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

fn init_logging(format: LogFormat) {
    use tracing_subscriber::{layer::SubscriberExt, util::SubscriberInitExt, Layer};
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let guard = tracing_subscriber::filter::filter_fn(|meta| {
        !may_show_secrets(meta.target(), *meta.level())
    });
    let lines = tracing_subscriber::fmt::layer().with_writer(std::io::stderr);
    // Escape codes are noise in a file or a log shipper: colour only a terminal.
    let lines = match format {
        LogFormat::Text => lines
            .with_ansi(std::io::stderr().is_terminal())
            .with_filter(filter)
            .with_filter(guard)
            .boxed(),
        LogFormat::Json => lines
            .json()
            .with_ansi(false)
            .with_filter(filter)
            .with_filter(guard)
            .boxed(),
    };
    tracing_subscriber::registry().with(lines).init();
}

fn fail(message: impl std::fmt::Display) -> ExitCode {
    eprintln!("stretchbot: {message}");
    ExitCode::FAILURE
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let command = cli.command.unwrap_or(Command::Run);
    let need = if matches!(command, Command::Run) {
        TokenNeed::Required
    } else {
        TokenNeed::Optional
    };
    let config = match Config::load(cli.config.as_deref(), &ProcessEnv, need) {
        Ok(c) => c,
        Err(e) => return fail(e),
    };
    match command {
        Command::Check => {
            let loaded = app::load_content(&config).and_then(|lib| {
                // The bot runs on a pack lacking translations (in English); a pack that ships
                // has every stretch and routine in every language.
                lib.check_translations()?;
                Ok((lib, app::load_texts(&config)?))
            });
            match loaded {
                Ok((lib, texts)) => match render::check_pack(&lib, &texts) {
                    Ok(report) => {
                        let lengths: Vec<String> = report
                            .routine_secs
                            .iter()
                            .map(|(id, secs)| format!("{id} {} min {} s", secs / 60, secs % 60))
                            .collect();
                        println!(
                        "configuration and content are valid ({} stretch(es), {} routine(s){}{})",
                        report.stretches,
                        report.routines,
                        if lengths.is_empty() { "" } else { ": " },
                        lengths.join(", ")
                    );
                        ExitCode::SUCCESS
                    }
                    Err(e) => fail(e),
                },
                Err(e) => fail(format!("{e:#}")),
            }
        }
        Command::Preview {
            section,
            routine,
            locale,
        } => preview(&config, &section, routine.as_deref(), &locale),
        Command::Run => run(config),
    }
}

fn preview(config: &Config, section: &str, routine: Option<&str>, locale: &str) -> ExitCode {
    let Some(locale) = Locale::parse(locale) else {
        return fail(format!(
            "there is no language `{locale}`: choose one of {}",
            Locale::ALL.map(Locale::code).join(", ")
        ));
    };
    let texts = match app::load_texts(config) {
        Ok(t) => t,
        Err(e) => return fail(format!("{e:#}")),
    };
    let library = match app::load_content(config) {
        Ok(l) => l,
        Err(e) => return fail(format!("{e:#}")),
    };
    let id = routine.unwrap_or(&config.settings.content.default_routine);
    if let Some(seq) = library.sequence_in(id, locale) {
        // A routine file has one card, whatever the section.
        return match render::sequence_message(seq, &library, Tr::new(&texts, locale)) {
            Some(Ok(m)) => {
                print!("{}", render::as_text(&m));
                ExitCode::SUCCESS
            }
            Some(Err(e)) => fail(e),
            None => fail(format!("routine `{id}` did not load")),
        };
    }
    let Some(routine) = library.get_in(id, locale) else {
        return fail(format!(
            "no routine `{id}` in {}",
            config.settings.content.dir
        ));
    };
    let section = match section.parse::<Section>() {
        Ok(s) => s,
        Err(e) => return fail(e),
    };
    match render::routine_message_in(routine, section, Tr::new(&texts, locale)) {
        Ok(m) => {
            print!("{}", render::as_text(&m));
            ExitCode::SUCCESS
        }
        Err(e) => fail(e),
    }
}

fn run(config: Config) -> ExitCode {
    // `Config::load` has validated the format.
    init_logging(config.settings.log_format().unwrap_or(LogFormat::Text));
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
    use super::{may_show_secrets, Cli, Command};
    use clap::{CommandFactory, Parser};
    use tracing::Level;

    #[test]
    fn command_line_is_consistent_and_parses_each_command() {
        Cli::command().debug_assert();
        let cli = Cli::try_parse_from(["stretchbot"]).unwrap();
        assert!(cli.command.is_none(), "no command means run");
        let cli =
            Cli::try_parse_from(["stretchbot", "preview", "steps", "--routine", "x"]).unwrap();
        assert!(matches!(
            cli.command,
            Some(Command::Preview { ref section, ref routine, ref locale })
                if section == "steps" && routine.as_deref() == Some("x") && locale == "en-US"
        ));
        let cli = Cli::try_parse_from(["stretchbot", "preview", "all", "--locale", "fr"]).unwrap();
        assert!(matches!(
            cli.command,
            Some(Command::Preview { ref locale, .. }) if locale == "fr"
        ));
        let cli = Cli::try_parse_from(["stretchbot", "check", "--config", "a.toml"]).unwrap();
        assert_eq!(cli.config.as_deref(), Some(std::path::Path::new("a.toml")));
        let err = Cli::try_parse_from(["stretchbot", "preview", "toes"]).unwrap_err();
        assert!(err.to_string().contains("possible values"), "{err}");
        let err = Cli::try_parse_from(["stretchbot", "serve"]).unwrap_err();
        assert!(err.to_string().contains("Usage:"), "{err}");
    }

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
