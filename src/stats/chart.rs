//! The `/stats` chart: check-ins per week as bars, drawn in-process to PNG bytes with plotters
//! and the embedded DejaVu Sans (`assets/fonts/`), so the host needs no fonts or fontconfig.
//! Pure: data in, PNG out. Its only words are numbers and dates (`MM-DD`), so one drawing
//! serves every language; the words are in the alt text the caller writes.

use chrono::NaiveDate;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use thiserror::Error;

/// The chart's size in pixels.
pub const WIDTH: u32 = 800;
pub const HEIGHT: u32 = 400;

const FONT: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
const FONT_NAME: &str = "stretchbot-sans";
const BAR: RGBColor = RGBColor(0x5B, 0x8C, 0x5A);

#[derive(Debug, Error)]
pub enum ChartError {
    #[error("the embedded font could not be read")]
    Font,
    #[error("could not draw the chart: {0}")]
    Draw(String),
    #[error("could not encode the chart as PNG")]
    Encode(#[source] image::ImageError),
}

fn register_font() -> Result<(), ChartError> {
    static REGISTERED: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    let ok = *REGISTERED
        .get_or_init(|| plotters::style::register_font(FONT_NAME, FontStyle::Normal, FONT).is_ok());
    if ok {
        Ok(())
    } else {
        Err(ChartError::Font)
    }
}

/// A bar per week (its Monday, its count), oldest first, as a PNG of [`WIDTH`] x [`HEIGHT`].
pub fn weekly_chart(weeks: &[(NaiveDate, u32)]) -> Result<Vec<u8>, ChartError> {
    register_font()?;
    let mut rgb = vec![0u8; (WIDTH * HEIGHT * 3) as usize];
    draw(&mut rgb, weeks).map_err(|e| ChartError::Draw(e.to_string()))?;
    let mut png = Vec::new();
    image::codecs::png::PngEncoder::new(&mut png)
        .write_image(&rgb, WIDTH, HEIGHT, image::ColorType::Rgb8)
        .map_err(ChartError::Encode)?;
    Ok(png)
}

use image::ImageEncoder;

fn draw(rgb: &mut [u8], weeks: &[(NaiveDate, u32)]) -> Result<(), Box<dyn std::error::Error>> {
    let root = BitMapBackend::with_buffer(rgb, (WIDTH, HEIGHT)).into_drawing_area();
    root.fill(&WHITE)?;
    let top = weeks.iter().map(|(_, n)| *n).max().unwrap_or(0).max(4);
    let n = weeks.len().max(1) as u32;
    let labels: Vec<String> = weeks
        .iter()
        .map(|(d, _)| d.format("%m-%d").to_string())
        .collect();
    let mut chart = ChartBuilder::on(&root)
        .margin(16)
        .x_label_area_size(36)
        .y_label_area_size(44)
        .build_cartesian_2d(
            // A segmented range includes its end: n - 1 gives one segment per week.
            (0u32..(n - 1).max(1)).into_segmented(),
            0u32..top + top / 4 + 1,
        )?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(n as usize)
        .x_label_formatter(&|x| match x {
            SegmentValue::CenterOf(i) => labels.get(*i as usize).cloned().unwrap_or_default(),
            _ => String::new(),
        })
        .label_style((FONT_NAME, 16))
        .draw()?;
    chart.draw_series(weeks.iter().enumerate().map(|(i, (_, count))| {
        let i = i as u32;
        let mut bar = Rectangle::new(
            [
                (SegmentValue::Exact(i), 0),
                (SegmentValue::Exact(i + 1), *count),
            ],
            BAR.filled(),
        );
        bar.set_margin(0, 0, 10, 10);
        bar
    }))?;
    // Each count just above its bar, centred on it.
    let above =
        TextStyle::from((FONT_NAME, 16).into_font()).pos(Pos::new(HPos::Center, VPos::Bottom));
    chart.draw_series(weeks.iter().enumerate().filter(|(_, (_, c))| *c > 0).map(
        |(i, (_, count))| {
            Text::new(
                count.to_string(),
                (SegmentValue::CenterOf(i as u32), *count),
                above.clone(),
            )
        },
    ))?;
    root.present()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_chart_is_a_png_of_its_size() {
        let monday = NaiveDate::from_ymd_opt(2026, 10, 5).unwrap();
        let weeks: Vec<(NaiveDate, u32)> = (0..8)
            .map(|i| (monday + chrono::Duration::weeks(i), (i as u32 * 3) % 7))
            .collect();
        let png = weekly_chart(&weeks).unwrap();
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "PNG signature");
        // IHDR: width and height, big-endian, right after the chunk's length and type.
        assert_eq!(&png[12..16], b"IHDR");
        assert_eq!(u32::from_be_bytes(png[16..20].try_into().unwrap()), WIDTH);
        assert_eq!(u32::from_be_bytes(png[20..24].try_into().unwrap()), HEIGHT);
        assert!(
            png.len() < 100_000,
            "small enough to attach: {} bytes",
            png.len()
        );
        // Text was drawn: a chart of zeros differs from one with numbers on its bars.
        let empty: Vec<(NaiveDate, u32)> = weeks.iter().map(|(d, _)| (*d, 0)).collect();
        assert_ne!(weekly_chart(&empty).unwrap(), png);
    }
}
