//! Collects figures as the suite runs, prints them, and writes `summary.md` and the SVG plots.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::stats::{fmt, max, median, min};

/// When a figure meets its target.
#[derive(Debug, Clone, Copy)]
pub enum Target {
    /// The median over runs is below this.
    Below(f64),
    /// The median over runs is exactly this (counts such as 429s).
    Equals(f64),
}

impl Target {
    fn text(self, unit: &str) -> String {
        match self {
            Target::Below(x) => format!("< {} {unit}", fmt(x)),
            Target::Equals(x) => format!("= {} {unit}", fmt(x)),
        }
    }

    fn met(self, v: f64) -> bool {
        match self {
            Target::Below(x) => v < x,
            Target::Equals(x) => (v - x).abs() < 1e-9,
        }
    }
}

pub struct Metric {
    pub figure: String,
    pub name: String,
    pub unit: String,
    /// One value per run.
    pub values: Vec<f64>,
    pub target: Option<Target>,
}

pub struct Report {
    pub metrics: Vec<Metric>,
    /// Markdown sections (growth tables, details), in order.
    pub sections: Vec<String>,
    pub plots: Vec<PathBuf>,
    pub plot_dir: PathBuf,
    pub out_dir: PathBuf,
}

impl Report {
    pub fn new(manifest: &Path) -> Self {
        let target_dir = std::env::var_os("CARGO_TARGET_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| manifest.join("target"));
        Self {
            metrics: vec![],
            sections: vec![],
            plots: vec![],
            plot_dir: manifest.join("benches/loopback/plots"),
            out_dir: target_dir.join("loopback-bench"),
        }
    }

    pub fn metric(
        &mut self,
        figure: &str,
        name: impl Into<String>,
        unit: &str,
        values: Vec<f64>,
        target: Option<Target>,
    ) {
        let m = Metric {
            figure: figure.to_owned(),
            name: name.into(),
            unit: unit.to_owned(),
            values,
            target,
        };
        println!("{}", row(&m));
        self.metrics.push(m);
    }

    pub fn section(&mut self, text: String) {
        println!("\n{text}");
        self.sections.push(text);
    }

    pub fn plot(&mut self, file: &str, svg: String) {
        let _ = std::fs::create_dir_all(&self.plot_dir);
        // `LOOPBACK_PLOT_SUFFIX=-fixed` keeps an A/B run's plots beside the main ones.
        let file = match std::env::var("LOOPBACK_PLOT_SUFFIX") {
            Ok(suffix) => match file.rsplit_once('.') {
                Some((stem, ext)) => format!("{stem}{suffix}.{ext}"),
                None => format!("{file}{suffix}"),
            },
            Err(_) => file.to_owned(),
        };
        let path = self.plot_dir.join(file);
        match std::fs::write(&path, svg) {
            Ok(()) => {
                println!("plot written: {}", path.display());
                self.plots.push(path);
            }
            Err(e) => eprintln!("cannot write {}: {e}", path.display()),
        }
    }

    pub fn markdown(&self, header: &str) -> String {
        let mut s = String::new();
        let _ = writeln!(s, "{header}\n");
        let _ = writeln!(
            s,
            "| figure | metric | median | min | max | runs | target | met |"
        );
        let _ = writeln!(s, "|---|---|---:|---:|---:|---:|---|---|");
        for m in &self.metrics {
            let _ = writeln!(s, "{}", row(m));
        }
        for sec in &self.sections {
            let _ = writeln!(s, "\n{sec}");
        }
        s
    }

    pub fn write_summary(&self, header: &str) {
        let _ = std::fs::create_dir_all(&self.out_dir);
        let path = self.out_dir.join("summary.md");
        match std::fs::write(&path, self.markdown(header)) {
            Ok(()) => println!("\nsummary written: {}", path.display()),
            Err(e) => eprintln!("cannot write {}: {e}", path.display()),
        }
    }
}

fn row(m: &Metric) -> String {
    let med = median(&m.values);
    let (target, met) = match m.target {
        Some(t) => (
            t.text(&m.unit),
            if med.is_nan() {
                "?"
            } else if t.met(med) {
                "yes"
            } else {
                "**NO**"
            },
        ),
        None => (String::new(), ""),
    };
    format!(
        "| {} | {} | {} {} | {} | {} | {} | {} | {} |",
        m.figure,
        m.name,
        fmt(med),
        m.unit,
        fmt(min(&m.values)),
        fmt(max(&m.values)),
        m.values.len(),
        target,
        met
    )
}
