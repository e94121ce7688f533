//! Loopback benchmarks: the real `stretchbot` binary (release build) against the strict fake
//! Discord of the end-to-end tests (the `fake-discord` crate in `tests/fake-discord/`, which also
//! starts the binary), on 127.0.0.1. See `BENCHMARKS.md` for what each figure means and the
//! results.
//!
//! ```text
//! cargo bench --bench loopback --features test-clock                  # the whole suite
//! cargo bench --bench loopback --features test-clock -- latency       # one figure
//! cargo bench --bench loopback --features test-clock -- sessions --runs 3
//! ```
//!
//! Figures: `footprint`, `latency`, `sessions`, `drift`, `prompts`, `scale`, `mixed`, `burst`, `copies`, `shards`, `nudges`. `--runs N` overrides
//! how many times each figure repeats. `LOOPBACK_BOT=/path/to/stretchbot` runs another build of
//! the bot (A/B comparisons; `LOOPBACK_PLOT_SUFFIX=-fixed` then keeps its plots apart). Plots go
//! to `benches/loopback/plots/`, the summary to `target/loopback-bench/summary.md`.
//! `LOOPBACK_DUMP=/tmp/requests.csv` makes the sessions figure write the fake's request log;
//! `LOOPBACK_SCALE_SIZES` and `LOOPBACK_SCALE_SETTLE` tune the scale figure (see `scale.rs`).
//!
//! `cargo bench` passes `--bench`; without it (`cargo test --benches`) this does nothing, so the
//! suite never runs as part of the tests.

mod common;
mod copies;
mod drift;
mod footprint;
mod latency;
mod mixed;
mod nudges;
mod prompts;
mod report;
mod scale;
mod sessions;
mod shards;
mod stats;
mod svg;
mod sys;

use std::path::Path;
use std::time::{Duration, Instant};

use report::Report;

const FIGURES: [&str; 11] = [
    "footprint",
    "latency",
    "sessions",
    "drift",
    "prompts",
    "scale",
    "mixed",
    "burst",
    "copies",
    "shards",
    "nudges",
];

fn main() {
    let raw: Vec<String> = std::env::args().skip(1).collect();
    if !raw.iter().any(|a| a == "--bench") {
        println!("loopback benchmarks run only under `cargo bench --bench loopback --features test-clock`");
        return;
    }
    let mut selected: Vec<String> = vec![];
    let mut runs: Option<usize> = None;
    let mut it = raw.iter().filter(|a| *a != "--bench");
    while let Some(a) = it.next() {
        match a.as_str() {
            "--runs" => runs = it.next().and_then(|n| n.parse().ok()),
            name if FIGURES.contains(&name) => selected.push(name.to_owned()),
            other => {
                eprintln!(
                    "unknown argument {other:?}; figures: {}; option: --runs N",
                    FIGURES.join(", ")
                );
                std::process::exit(2);
            }
        }
    }
    if selected.is_empty() {
        // The whole suite runs `copies` only where a PostgreSQL server is named.
        selected = FIGURES
            .iter()
            .filter(|f| !matches!(**f, "copies" | "shards") || copies::server_url().is_some())
            .map(|s| s.to_string())
            .collect();
    }
    if selected.iter().any(|f| {
        matches!(
            f.as_str(),
            "prompts" | "mixed" | "burst" | "copies" | "shards" | "nudges"
        )
    }) && !cfg!(any(debug_assertions, feature = "test-clock"))
    {
        eprintln!("the prompts, mixed, burst, copies, shards and nudges figures need a bot that honours STRETCHBOT_TEST_CLOCK: add --features test-clock");
        std::process::exit(2);
    }
    if selected.iter().any(|f| f == "copies" || f == "shards") && copies::server_url().is_none() {
        eprintln!("{}", copies::missing_server_message());
        std::process::exit(2);
    }
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut report = Report::new(manifest);
    let machine = sys::machine();
    let load_before = wait_for_quiet();
    println!("machine: {machine}");
    println!("bot: {}", common::bot_program().display());
    println!("| figure | metric | median | min | max | runs | target | met |");
    println!("|---|---|---:|---:|---:|---:|---|---|");
    let started = Instant::now();
    let mut timings = vec![];
    for figure in &selected {
        let t0 = Instant::now();
        match figure.as_str() {
            "drift" => drift::run(&mut report, runs.unwrap_or(1)),
            other => {
                let rt = tokio::runtime::Builder::new_multi_thread()
                    .worker_threads(2)
                    .enable_all()
                    .build()
                    .expect("tokio runtime");
                rt.block_on(async {
                    match other {
                        "footprint" => footprint::run(&mut report, runs.unwrap_or(3)).await,
                        "latency" => latency::run(&mut report, runs.unwrap_or(3)).await,
                        "sessions" => sessions::run(&mut report, runs.unwrap_or(1)).await,
                        "prompts" => prompts::run(&mut report, runs).await,
                        "scale" => scale::run(&mut report, runs.unwrap_or(1)).await,
                        "mixed" => mixed::run_mixed(&mut report, runs.unwrap_or(1)).await,
                        "burst" => mixed::run_burst(&mut report, runs.unwrap_or(1)).await,
                        "copies" => copies::run(&mut report, runs.unwrap_or(3)).await,
                        "shards" => shards::run(&mut report, runs.unwrap_or(2)).await,
                        "nudges" => nudges::run(&mut report, runs.unwrap_or(3)).await,
                        _ => unreachable!(),
                    }
                });
                // Let the fake's tasks and killed bots go before the next figure.
                rt.shutdown_timeout(Duration::from_secs(2));
            }
        }
        timings.push((figure.clone(), t0.elapsed()));
    }
    let total = started.elapsed();
    let times: Vec<String> = timings
        .iter()
        .map(|(f, d)| format!("{f} {:.0} s", d.as_secs_f64()))
        .collect();
    let header = format!(
        "# Loopback benchmark summary\n\nmachine: {machine}  \nbot: `{}`  \nCPU busy before the suite: {:.0} %, load average after: {:.2}  \nsuite time: {:.0} s ({})",
        common::bot_program().display(),
        load_before * 100.0,
        sys::load1(),
        total.as_secs_f64(),
        times.join(", ")
    );
    report.write_summary(&header);
    println!(
        "suite time: {:.0} s ({})",
        total.as_secs_f64(),
        times.join(", ")
    );
}

/// Waits (up to 2 minutes) until other work on the machine uses less than 15 % of the CPUs
/// (measured over 3 s from `/proc/stat`), so another job does not skew the figures. Returns the
/// busy share it started with.
fn wait_for_quiet() -> f64 {
    let first = sys::busy_fraction(Duration::from_secs(3));
    let deadline = Instant::now() + Duration::from_secs(120);
    let mut busy = first;
    while busy >= 0.15 && Instant::now() < deadline {
        println!(
            "waiting for a quiet machine ({:.0} % of the CPUs busy)",
            busy * 100.0
        );
        std::thread::sleep(Duration::from_secs(5));
        busy = sys::busy_fraction(Duration::from_secs(3));
    }
    if busy >= 0.15 {
        println!(
            "warning: the machine is busy ({:.0} % of the CPUs); figures may be skewed",
            busy * 100.0
        );
    }
    busy
}
