//! A small hand-written SVG line chart (no plotting crate): lines with markers, optional log
//! axes, dashed reference lines for targets.

use std::fmt::Write as _;

pub struct Series {
    pub name: String,
    pub points: Vec<(f64, f64)>,
    pub color: &'static str,
    pub markers: bool,
}

pub struct RefLine {
    pub y: f64,
    pub label: String,
    pub color: &'static str,
}

pub struct Chart {
    pub title: String,
    pub x_label: String,
    pub y_label: String,
    pub log_x: bool,
    pub log_y: bool,
    pub series: Vec<Series>,
    pub ref_lines: Vec<RefLine>,
    /// Forces the y range to include 0 (linear axes only).
    pub y_from_zero: bool,
}

const W: f64 = 720.0;
const H: f64 = 420.0;
const LEFT: f64 = 78.0;
const RIGHT: f64 = 190.0;
const TOP: f64 = 40.0;
const BOTTOM: f64 = 56.0;

fn t(v: f64, log: bool) -> f64 {
    if log {
        v.max(1e-12).log10()
    } else {
        v
    }
}

/// "Nice" tick values covering [lo, hi] (in axis units, i.e. already log10 for log axes).
fn ticks(lo: f64, hi: f64, log: bool) -> Vec<f64> {
    if log {
        let (a, b) = (lo.floor() as i32, hi.ceil() as i32);
        let mut out = vec![];
        for e in a..=b {
            for m in [1.0, 2.0, 5.0] {
                let v = (m * 10f64.powi(e)).log10();
                if v >= lo - 1e-9 && v <= hi + 1e-9 {
                    out.push(v);
                }
            }
        }
        // Too many labels on a wide range: keep the powers of ten only.
        if out.len() > 10 {
            out.retain(|v| (v - v.round()).abs() < 1e-9);
        }
        return out;
    }
    let span = (hi - lo).max(1e-12);
    let raw = span / 6.0;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|s| span / s <= 7.0)
        .unwrap_or(10.0 * mag);
    let mut v = (lo / step).ceil() * step;
    let mut out = vec![];
    while v <= hi + step * 1e-9 {
        out.push(v);
        v += step;
    }
    out
}

fn label(v: f64, log: bool) -> String {
    let x = if log { 10f64.powf(v) } else { v };
    let a = x.abs();
    if a >= 1e6 {
        format!("{}M", trim(x / 1e6))
    } else if a >= 1e4 {
        format!("{}k", trim(x / 1e3))
    } else {
        trim(x)
    }
}

fn trim(x: f64) -> String {
    let s = format!("{x:.3}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s.is_empty() || s == "-0" {
        "0".into()
    } else {
        s.to_owned()
    }
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

impl Chart {
    pub fn render(&self) -> String {
        let pts = self
            .series
            .iter()
            .flat_map(|s| s.points.iter().copied())
            .filter(|(x, y)| x.is_finite() && y.is_finite());
        let (mut x0, mut x1, mut y0, mut y1) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
        for (x, y) in pts {
            let (x, y) = (t(x, self.log_x), t(y, self.log_y));
            x0 = x0.min(x);
            x1 = x1.max(x);
            y0 = y0.min(y);
            y1 = y1.max(y);
        }
        for r in &self.ref_lines {
            let y = t(r.y, self.log_y);
            y0 = y0.min(y);
            y1 = y1.max(y);
        }
        if x0 > x1 {
            (x0, x1, y0, y1) = (0.0, 1.0, 0.0, 1.0);
        }
        if self.y_from_zero && !self.log_y {
            y0 = y0.min(0.0);
        }
        if self.log_y {
            y0 = y0.floor();
            y1 = y1.ceil();
        } else {
            let pad = (y1 - y0).max(1e-9) * 0.06;
            y1 += pad;
            if !self.y_from_zero {
                y0 -= pad;
            }
        }
        if self.log_x {
            x0 -= 0.08;
            x1 += 0.08;
        } else {
            let pad = (x1 - x0).max(1e-9) * 0.03;
            x0 -= pad;
            x1 += pad;
        }
        if (y1 - y0).abs() < 1e-12 {
            y1 = y0 + 1.0;
        }
        let pw = W - LEFT - RIGHT;
        let ph = H - TOP - BOTTOM;
        let px = |x: f64| LEFT + (t(x, self.log_x) - x0) / (x1 - x0) * pw;
        let py = |y: f64| TOP + ph - (t(y, self.log_y) - y0) / (y1 - y0) * ph;
        let mut s = String::new();
        let _ = writeln!(
            s,
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" viewBox="0 0 {W} {H}" font-family="sans-serif" font-size="12">"#
        );
        let _ = writeln!(s, r#"<rect width="{W}" height="{H}" fill="white"/>"#);
        let _ = writeln!(
            s,
            r#"<text x="{}" y="22" font-size="15" font-weight="bold">{}</text>"#,
            LEFT,
            esc(&self.title)
        );
        for v in ticks(y0, y1, self.log_y) {
            let y = TOP + ph - (v - y0) / (y1 - y0) * ph;
            let _ = writeln!(
                s,
                r##"<line x1="{LEFT}" x2="{}" y1="{y:.1}" y2="{y:.1}" stroke="#e4e4e4"/><text x="{}" y="{:.1}" text-anchor="end">{}</text>"##,
                LEFT + pw,
                LEFT - 6.0,
                y + 4.0,
                label(v, self.log_y)
            );
        }
        for v in ticks(x0, x1, self.log_x) {
            let x = LEFT + (v - x0) / (x1 - x0) * pw;
            let _ = writeln!(
                s,
                r##"<line x1="{x:.1}" x2="{x:.1}" y1="{TOP}" y2="{}" stroke="#e4e4e4"/><text x="{x:.1}" y="{}" text-anchor="middle">{}</text>"##,
                TOP + ph,
                TOP + ph + 16.0,
                label(v, self.log_x)
            );
        }
        let _ = writeln!(
            s,
            r##"<rect x="{LEFT}" y="{TOP}" width="{pw}" height="{ph}" fill="none" stroke="#444"/>"##
        );
        let _ = writeln!(
            s,
            r#"<text x="{}" y="{}" text-anchor="middle">{}</text>"#,
            LEFT + pw / 2.0,
            H - 14.0,
            esc(&self.x_label)
        );
        let _ = writeln!(
            s,
            r#"<text transform="translate(18,{}) rotate(-90)" text-anchor="middle">{}</text>"#,
            TOP + ph / 2.0,
            esc(&self.y_label)
        );
        let mut legend_y = TOP + 10.0;
        for r in &self.ref_lines {
            let y = py(r.y);
            let _ = writeln!(
                s,
                r#"<line x1="{LEFT}" x2="{}" y1="{y:.1}" y2="{y:.1}" stroke="{}" stroke-dasharray="6,4" stroke-width="1.5"/>"#,
                LEFT + pw,
                r.color
            );
            let _ = writeln!(
                s,
                r#"<line x1="{}" x2="{}" y1="{legend_y:.1}" y2="{legend_y:.1}" stroke="{}" stroke-dasharray="6,4" stroke-width="1.5"/><text x="{}" y="{:.1}">{}</text>"#,
                LEFT + pw + 12.0,
                LEFT + pw + 36.0,
                r.color,
                LEFT + pw + 42.0,
                legend_y + 4.0,
                esc(&r.label)
            );
            legend_y += 20.0;
        }
        for series in &self.series {
            let path: Vec<String> = series
                .points
                .iter()
                .filter(|(x, y)| x.is_finite() && y.is_finite())
                .map(|&(x, y)| format!("{:.1},{:.1}", px(x), py(y)))
                .collect();
            let _ = writeln!(
                s,
                r#"<polyline points="{}" fill="none" stroke="{}" stroke-width="2"/>"#,
                path.join(" "),
                series.color
            );
            if series.markers {
                for &(x, y) in series
                    .points
                    .iter()
                    .filter(|(x, y)| x.is_finite() && y.is_finite())
                {
                    let _ = writeln!(
                        s,
                        r#"<circle cx="{:.1}" cy="{:.1}" r="3.5" fill="{}"/>"#,
                        px(x),
                        py(y),
                        series.color
                    );
                }
            }
            let _ = writeln!(
                s,
                r#"<line x1="{}" x2="{}" y1="{legend_y:.1}" y2="{legend_y:.1}" stroke="{}" stroke-width="2.5"/><text x="{}" y="{:.1}">{}</text>"#,
                LEFT + pw + 12.0,
                LEFT + pw + 36.0,
                series.color,
                LEFT + pw + 42.0,
                legend_y + 4.0,
                esc(&series.name)
            );
            legend_y += 20.0;
        }
        s.push_str("</svg>\n");
        s
    }
}
