//! The board pack's bar charts as inline SVG, drawn with plotters' SVG backend: plotters lays
//! out the axes, grid and bars and escapes every text; this module picks the layout and colours
//! and makes the result accessible (`role="img"`, `<title>` and `<desc>`).
//!
//! Presentation only: the figures come from `report::compute`. Text stays `<text>`, so the
//! reader's browser draws it in the page's fonts; nothing is fetched.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::view::report::BarChart;

use super::html::chart_label;

/// The drawing's width in SVG units; the page scales it to fit.
const WIDTH: u32 = 760;
/// plotters writes a font size of `size / 1.24` into the SVG; this undoes it.
const FONT_SCALE: f64 = 1.24;
const LABEL_PX: f64 = 15.0;
const VALUE_PX: f64 = 14.0;
/// Text, axes and grid: #1b1b1b on white is 17:1; the grid is decoration.
const INK: RGBColor = RGBColor(0x1b, 0x1b, 0x1b);
const AXIS: RGBColor = RGBColor(0x50, 0x5a, 0x5f);
const GRID: RGBColor = RGBColor(0xdd, 0xe1, 0xe4);

/// Series colours, each at least 3:1 against white and told apart by more than hue (dark vs
/// light): dark blue 9.0:1, orange 3.5:1. Every bar also carries its value as text.
pub const PALETTE: [&str; 2] = ["#1d4e89", "#c35a00"];
/// The overdue chart: dark red 7.0:1 for overdue, dark amber 3.6:1 for due soon.
pub const ALERT_PALETTE: [&str; 2] = ["#a4262c", "#b36b00"];

/// The colours of `chart`'s series, in order.
pub fn colours(chart: &BarChart) -> [&'static str; 2] {
    if chart.id == "overdue-by-team" {
        ALERT_PALETTE
    } else {
        PALETTE
    }
}

/// The chart as an `<svg>` element, or why plotters could not draw it.
pub fn svg(chart: &BarChart) -> Result<String, String> {
    let layout = Layout::of(chart);
    let mut text = String::new();
    {
        let root = SVGBackend::with_string(&mut text, (WIDTH, layout.height)).into_drawing_area();
        draw(&root, chart, &layout).map_err(|e| e.to_string())?;
        root.present().map_err(|e| e.to_string())?;
    }
    Ok(accessible(&text, chart, layout.height))
}

/// Bars go up for months and short names, across for long names (easier to read).
struct Layout {
    horizontal: bool,
    height: u32,
    /// Room for the category names, in SVG units.
    label_area: u32,
    max: u32,
    /// Each series' share of a category's band; the rest is space between categories.
    band: f64,
}

impl Layout {
    fn of(chart: &BarChart) -> Layout {
        let longest = chart
            .categories
            .iter()
            .map(|c| chart_label(chart, c).chars().count())
            .max()
            .unwrap_or(0);
        let horizontal = longest > 10;
        let max = chart
            .series
            .iter()
            .flat_map(|s| s.values.iter().copied())
            .max()
            .unwrap_or(0);
        let rows = chart.categories.len().max(1) as u32;
        let bars = chart.series.len().max(1) as u32;
        let height = if horizontal {
            rows * (bars * 20 + 14) + 46
        } else {
            320
        };
        Layout {
            horizontal,
            height,
            // About 0.58 em per character at 15 px, plus a gap.
            label_area: (longest as f64 * 8.7) as u32 + 16,
            max: nice_max(max),
            band: 0.72 / f64::from(bars),
        }
    }
}

/// A top for the value axis that leaves room for the value labels and gives whole-number ticks.
fn nice_max(max: usize) -> u32 {
    let max = u32::try_from(max).unwrap_or(u32::MAX / 2);
    let step = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000]
        .into_iter()
        .find(|s| max / s <= 6)
        .unwrap_or(10_000);
    (max / step + 1) * step
}

fn font(size: f64) -> TextStyle<'static> {
    ("sans-serif", size * FONT_SCALE).into_font().color(&INK)
}

/// The colour of series number `s`.
fn fill(chart: &BarChart, s: usize) -> RGBColor {
    let palette = colours(chart);
    colour(palette[s % palette.len()])
}

fn colour(hex: &str) -> RGBColor {
    let byte = |i: usize| {
        hex.get(i..i + 2)
            .and_then(|h| u8::from_str_radix(h, 16).ok())
            .unwrap_or(0)
    };
    RGBColor(byte(1), byte(3), byte(5))
}

type Area<'a, 'b> = DrawingArea<SVGBackend<'a>, Shift>;
type Drawn<'a> = Result<(), DrawingAreaErrorKind<<SVGBackend<'a> as DrawingBackend>::ErrorType>>;

fn draw<'a>(root: &Area<'a, '_>, chart: &BarChart, layout: &Layout) -> Drawn<'a> {
    root.fill(&WHITE)?;
    if layout.horizontal {
        across(root, chart, layout)
    } else {
        upwards(root, chart, layout)
    }
}

/// Categories along the bottom, bars going up, grouped by category.
fn upwards<'a>(root: &Area<'a, '_>, chart: &BarChart, layout: &Layout) -> Drawn<'a> {
    let n = chart.categories.len().max(1) as f64;
    let mut ctx = ChartBuilder::on(root)
        .margin_top(16)
        .margin_right(12)
        .x_label_area_size(48)
        .y_label_area_size(44)
        .build_cartesian_2d(0f64..n, 0u32..layout.max)?;
    ctx.configure_mesh()
        .disable_x_mesh()
        .x_labels(0)
        .y_labels(7)
        .bold_line_style(GRID)
        .light_line_style(TRANSPARENT)
        .axis_style(AXIS)
        .label_style(font(13.0))
        .y_label_formatter(&|v| v.to_string())
        .draw()?;
    let band = layout.band;
    for (s, series) in chart.series.iter().enumerate() {
        let paint = fill(chart, s);
        let left = |i: usize| i as f64 + 0.14 + band * s as f64;
        ctx.draw_series(series.values.iter().enumerate().map(|(i, v)| {
            Rectangle::new(
                [(left(i), 0), (left(i) + band * 0.92, *v as u32)],
                paint.filled(),
            )
        }))?;
        ctx.draw_series(series.values.iter().enumerate().map(|(i, v)| {
            let style = font(VALUE_PX).pos(Pos::new(HPos::Center, VPos::Bottom));
            EmptyElement::at((left(i) + band * 0.46, *v as u32))
                + Text::new(v.to_string(), (0, -3), style)
        }))?;
    }
    // A name of several words ("Apr 2024") takes a line per word, so that twelve fit.
    ctx.draw_series(chart.categories.iter().enumerate().flat_map(|(i, name)| {
        let words: Vec<String> = chart_label(chart, name)
            .split(' ')
            .map(str::to_owned)
            .collect();
        words.into_iter().enumerate().map(move |(line, word)| {
            let style = font(LABEL_PX).pos(Pos::new(HPos::Center, VPos::Top));
            EmptyElement::at((i as f64 + 0.5, 0))
                + Text::new(word, (0, 8 + 17 * line as i32), style)
        })
    }))?;
    Ok(())
}

/// Categories down the left, bars going across, the first category at the top.
fn across<'a>(root: &Area<'a, '_>, chart: &BarChart, layout: &Layout) -> Drawn<'a> {
    let n = chart.categories.len().max(1) as f64;
    let mut ctx = ChartBuilder::on(root)
        .margin_top(8)
        .margin_right(28)
        .margin_left(layout.label_area.min(WIDTH / 2))
        .x_label_area_size(30)
        .build_cartesian_2d(0u32..layout.max, 0f64..n)?;
    ctx.configure_mesh()
        .disable_y_mesh()
        .y_labels(0)
        .x_labels(7)
        .bold_line_style(GRID)
        .light_line_style(TRANSPARENT)
        .axis_style(AXIS)
        .label_style(font(13.0))
        .x_label_formatter(&|v| v.to_string())
        .draw()?;
    let band = layout.band;
    // Row 0 at the top: the y axis grows upwards.
    let top = |i: usize| n - i as f64;
    for (s, series) in chart.series.iter().enumerate() {
        let paint = fill(chart, s);
        let upper = |i: usize| top(i) - 0.14 - band * s as f64;
        ctx.draw_series(series.values.iter().enumerate().map(|(i, v)| {
            Rectangle::new(
                [(0, upper(i)), (*v as u32, upper(i) - band * 0.92)],
                paint.filled(),
            )
        }))?;
        ctx.draw_series(series.values.iter().enumerate().map(|(i, v)| {
            let style = font(VALUE_PX).pos(Pos::new(HPos::Left, VPos::Center));
            EmptyElement::at((*v as u32, upper(i) - band * 0.46))
                + Text::new(v.to_string(), (4, 0), style)
        }))?;
    }
    ctx.draw_series(chart.categories.iter().enumerate().map(|(i, name)| {
        let style = font(LABEL_PX).pos(Pos::new(HPos::Right, VPos::Center));
        EmptyElement::at((0, top(i) - 0.5)) + Text::new(chart_label(chart, name), (-8, 0), style)
    }))?;
    Ok(())
}

/// plotters' document, as an inline element with an accessible name and description: its
/// opening tag is replaced (no `xmlns`, no fixed size: the page sizes it from the viewBox).
fn accessible(drawn: &str, chart: &BarChart, height: u32) -> String {
    let body = drawn
        .find('>')
        .map_or(drawn, |end| &drawn[end + 1..])
        .trim_start();
    let id = crate::render::html::escape(&chart.id);
    format!(
        "<svg class=\"chart\" viewBox=\"0 0 {WIDTH} {height}\" role=\"img\" aria-labelledby=\"{id}-svg-title {id}-svg-desc\" focusable=\"false\">\n<title id=\"{id}-svg-title\">{}</title>\n<desc id=\"{id}-svg-desc\">{}</desc>\n{body}",
        crate::render::html::escape(&chart.title),
        crate::render::html::escape(&describe(chart)),
    )
}

/// The description a screen reader reads: what is counted, then every figure.
fn describe(chart: &BarChart) -> String {
    let mut parts = vec![chart.description.clone()];
    for (i, category) in chart.categories.iter().enumerate() {
        let values: Vec<String> = chart
            .series
            .iter()
            .map(|s| {
                let v = s.values.get(i).copied().unwrap_or(0);
                if chart.series.len() == 1 {
                    v.to_string()
                } else {
                    format!("{} {v}", s.name.to_lowercase())
                }
            })
            .collect();
        parts.push(format!(
            "{}: {}.",
            chart_label(chart, category),
            values.join(", ")
        ));
    }
    parts.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::view::report::Series;

    fn chart(categories: &[&str], values: &[usize]) -> BarChart {
        BarChart {
            id: "test-chart".to_owned(),
            title: "Test <chart>".to_owned(),
            description: "Counts.".to_owned(),
            category: "Name".to_owned(),
            categories: categories.iter().map(|c| (*c).to_owned()).collect(),
            labels: categories.iter().map(|c| (*c).to_owned()).collect(),
            series: vec![Series {
                name: "Things".to_owned(),
                values: values.to_vec(),
            }],
        }
    }

    #[test]
    fn the_value_axis_has_room_above_the_largest_bar_and_whole_ticks() {
        // The step is the first of 1, 2, 5, 10… giving at most 6 steps below the largest value;
        // the top is the next multiple of it above that value.
        assert_eq!(nice_max(0), 1);
        assert_eq!(nice_max(6), 7);
        assert_eq!(nice_max(7), 8);
        assert_eq!(nice_max(28), 30);
        assert_eq!(nice_max(30), 35);
        assert_eq!(nice_max(130), 140);
    }

    #[test]
    fn the_svg_is_an_accessible_image_with_every_text_escaped() {
        // The labels are the model's (the view titles the values): the second is titled.
        let mut titled = chart(&["<b>&", "requires-improvement"], &[3, 0]);
        titled.labels[1] = "Requires improvement".to_owned();
        let svg = svg(&titled).unwrap_or_else(|e| panic!("{e}"));
        assert!(svg.starts_with("<svg class=\"chart\" viewBox=\"0 0 760 "));
        assert!(svg.contains("role=\"img\""));
        assert!(svg.contains("<title id=\"test-chart-svg-title\">Test &lt;chart&gt;</title>"));
        assert!(svg.contains("&lt;b&gt;&amp;: 3. Requires improvement: 0."));
        assert!(!svg.contains("<b>"));
        assert!(!svg.contains("xmlns"));
        assert_eq!(svg.matches("<svg").count(), 1);
        assert!(svg.trim_end().ends_with("</svg>"));
    }

    #[test]
    fn drawing_is_deterministic() {
        let c = chart(&["Apr 2024", "May 2024"], &[4, 9]);
        assert_eq!(svg(&c), svg(&c));
    }

    #[test]
    fn colours_parse_from_hex() {
        assert_eq!(colour("#1d4e89"), RGBColor(0x1d, 0x4e, 0x89));
    }
}
