//! SVG chart pieces written with `maud` (so every label is escaped): a frame, rows of
//! horizontal bars with a band, spread, range and target mark, and vertical columns.
//! Coordinates are in a 360-unit-wide view box, which scales to the page: the text stays
//! readable at phone width.

use super::clean;
use maud::{Markup, html};

/// Width of every chart's view box.
pub const WIDTH: f64 = 360.0;
const LEFT: f64 = 4.0;
const RIGHT: f64 = 352.0;
const ROW: f64 = 46.0;

/// A chart and how many marks (bars, points, lines) it drew.
#[derive(Debug)]
pub struct Chart {
    pub markup: Markup,
    pub marks: usize,
}

/// Two decimals are more than enough for a 360-unit view box.
pub fn f(x: f64) -> String {
    let x = if x.is_finite() { x } else { 0.0 };
    format!("{x:.1}")
}

/// The x of a share in 0..1 on the bar area.
pub fn x_of(share: f64) -> f64 {
    LEFT + share.clamp(0.0, 1.0) * (RIGHT - LEFT)
}

/// `text` cut to `chars` characters, with an ellipsis.
pub fn cut(text: &str, chars: usize) -> String {
    let line = clean(text);
    if line.chars().count() > chars {
        let mut out: String = line.chars().take(chars.saturating_sub(1)).collect();
        out.push('…');
        out
    } else {
        line
    }
}

/// An `svg` element of the given height with a title (read by screen readers).
pub fn frame(label: &str, height: f64, body: Markup) -> Markup {
    html! {
        svg.chart xmlns="http://www.w3.org/2000/svg" role="img" aria-label=(clean(label))
            viewBox=(format!("0 0 {} {}", f(WIDTH), f(height))) {
            title { (clean(label)) }
            (body)
        }
    }
}

/// One row of a bar chart; shares are in 0..1.
#[derive(Debug, Clone, Default)]
pub struct BarRow {
    pub label: String,
    /// Written at the right end of the label line.
    pub value: String,
    /// Solid bar from 0 to this.
    pub bar: Option<f64>,
    /// Lighter band (an uncertainty band) between these.
    pub band: Option<(f64, f64)>,
    /// A thick whisker (± one standard deviation).
    pub spread: Option<(f64, f64)>,
    /// A dashed line (lowest to highest).
    pub range: Option<(f64, f64)>,
    pub target: Option<f64>,
    /// Drawn in the warning style after the value (e.g. "gap +18%").
    pub alert: bool,
}

/// Horizontal bars, one row per category, with the axis at the bottom.
pub fn bar_rows(label: &str, rows: &[BarRow]) -> Chart {
    let marks = rows
        .iter()
        .map(|r| {
            usize::from(r.bar.is_some())
                + usize::from(r.band.is_some())
                + usize::from(r.spread.is_some())
                + usize::from(r.target.is_some())
        })
        .sum();
    let height = rows.len() as f64 * ROW + 26.0;
    let body = html! {
        @for tick in [0.0, 0.5, 0.8, 1.0] {
            line.grid x1=(f(x_of(tick))) x2=(f(x_of(tick))) y1="0" y2=(f(height - 20.0)) {}
            text.small x=(f(x_of(tick))) y=(f(height - 6.0))
                text-anchor=(if tick == 0.0 { "start" } else if tick == 1.0 { "end" } else { "middle" }) {
                (format!("{:.0}%", tick * 100.0))
            }
        }
        @for (i, row) in rows.iter().enumerate() {
            @let top = i as f64 * ROW;
            @let mid = top + 28.0;
            text x=(f(LEFT)) y=(f(top + 14.0)) { (cut(&row.label, 30)) }
            text x=(f(RIGHT)) y=(f(top + 14.0)) text-anchor="end" class=[row.alert.then_some("warn")] { (row.value) }
            rect.track x=(f(LEFT)) y=(f(top + 20.0)) width=(f(RIGHT - LEFT)) height="16" {}
            @if let Some((low, high)) = row.band {
                rect.band x=(f(x_of(low))) y=(f(top + 20.0)) width=(f(x_of(high) - x_of(low))) height="16" {}
            }
            @if let Some(end) = row.bar {
                rect.bar x=(f(LEFT)) y=(f(top + 20.0)) width=(f(x_of(end) - LEFT)) height="16" {}
            }
            @if let Some((low, high)) = row.range {
                line.range x1=(f(x_of(low))) x2=(f(x_of(high))) y1=(f(mid)) y2=(f(mid)) {}
            }
            @if let Some((low, high)) = row.spread {
                line.spread x1=(f(x_of(low))) x2=(f(x_of(high))) y1=(f(mid)) y2=(f(mid)) {}
                line.spread x1=(f(x_of(low))) x2=(f(x_of(low))) y1=(f(mid - 5.0)) y2=(f(mid + 5.0)) {}
                line.spread x1=(f(x_of(high))) x2=(f(x_of(high))) y1=(f(mid - 5.0)) y2=(f(mid + 5.0)) {}
            }
            @if let Some(t) = row.target {
                @let x = x_of(t);
                line.target x1=(f(x)) x2=(f(x)) y1=(f(top + 18.0)) y2=(f(top + 38.0)) {}
                path.target-mark d=(format!("M{} {}l-4 6h8z", f(x), f(top + 37.0))) {}
            }
        }
    };
    Chart {
        markup: frame(label, height, body),
        marks,
    }
}

/// Vertical columns with their count above and a label below each.
pub fn columns(label: &str, axis: &str, bars: &[(String, usize)]) -> Chart {
    let height = 170.0;
    let base = 130.0;
    let most = bars.iter().map(|b| b.1).max().unwrap_or(0).max(1) as f64;
    let step = (RIGHT - LEFT) / bars.len().max(1) as f64;
    let marks = bars.iter().filter(|b| b.1 > 0).count();
    let body = html! {
        line.axis x1=(f(LEFT)) x2=(f(RIGHT)) y1=(f(base)) y2=(f(base)) {}
        @for (i, (name, count)) in bars.iter().enumerate() {
            @let x = LEFT + i as f64 * step;
            @let h = *count as f64 / most * (base - 20.0);
            @if *count > 0 {
                rect.bar x=(f(x + 2.0)) y=(f(base - h)) width=(f(step - 4.0)) height=(f(h)) {}
            }
            text.small x=(f(x + step / 2.0)) y=(f(base - h - 4.0)) text-anchor="middle" { (count) }
            text.small x=(f(x + step / 2.0)) y=(f(base + 14.0)) text-anchor="middle" { (name) }
        }
        text x=(f(WIDTH / 2.0)) y=(f(height - 6.0)) text-anchor="middle" { (axis) }
    };
    Chart {
        markup: frame(label, height, body),
        marks,
    }
}
