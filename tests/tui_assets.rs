//! The README pictures: the dashboard, a question and the gap chart, drawn by the real
//! views into a buffer and written as SVG. Regenerate them with
//! `SKILLGAP_WRITE_ASSETS=1 cargo test --test tui_assets`; without the variable the test
//! only checks that they can be made.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod tui_support;

use ratatui::buffer::Buffer;
use ratatui::crossterm::event::KeyCode;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier};
use ratatui::widgets::Widget;
use skillgap::quiz::Mode;
use skillgap::tui::App;
use std::fmt::Write as _;
use tui_support::*;

const SIZE: (u16, u16) = (100, 30);
const CELL_W: f64 = 8.4;
const CELL_H: f64 = 18.0;
const BACKGROUND: &str = "#1d2021";
const FOREGROUND: &str = "#d5c4a1";

fn colour(color: Color, default: &str) -> String {
    match color {
        Color::Reset => default.to_owned(),
        Color::Black => "#282828".to_owned(),
        Color::Red => "#fb4934".to_owned(),
        Color::Green => "#b8bb26".to_owned(),
        Color::Yellow => "#fabd2f".to_owned(),
        Color::Blue => "#83a598".to_owned(),
        Color::Magenta => "#d3869b".to_owned(),
        Color::Cyan => "#8ec07c".to_owned(),
        Color::Gray | Color::White => "#ebdbb2".to_owned(),
        Color::DarkGray => "#928374".to_owned(),
        Color::Rgb(r, g, b) => format!("#{r:02x}{g:02x}{b:02x}"),
        _ => default.to_owned(),
    }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The buffer as an SVG picture of a dark terminal: one `<text>` per run of cells of one
/// style, stretched to its cells so that box drawing lines up in any monospace font.
fn svg(buf: &Buffer, title: &str) -> String {
    let area = buf.area;
    let width = f64::from(area.width) * CELL_W + 20.0;
    let height = f64::from(area.height) * CELL_H + 20.0;
    let mut out = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width:.0}\" height=\"{height:.0}\" viewBox=\"0 0 {width:.0} {height:.0}\" role=\"img\" aria-label=\"{}\">\n<rect width=\"100%\" height=\"100%\" rx=\"6\" fill=\"{BACKGROUND}\"/>\n<g font-family=\"DejaVu Sans Mono, Menlo, Consolas, monospace\" font-size=\"14\">\n",
        escape(title)
    );
    for y in 0..area.height {
        let mut x = 0;
        while x < area.width {
            let cell = &buf[(x, y)];
            let style = (cell.fg, cell.bg, cell.modifier);
            let mut text = String::new();
            let mut cells = 0u16;
            while x + cells < area.width {
                let next = &buf[(x + cells, y)];
                if (next.fg, next.bg, next.modifier) != style {
                    break;
                }
                text.push_str(next.symbol());
                cells += 1;
            }
            let (fg, bg, modifier) = style;
            let (mut fill, mut back) = (colour(fg, FOREGROUND), colour(bg, BACKGROUND));
            if modifier.contains(Modifier::REVERSED) {
                std::mem::swap(&mut fill, &mut back);
            }
            let left = 10.0 + f64::from(x) * CELL_W;
            let top = 10.0 + f64::from(y) * CELL_H;
            if back != BACKGROUND {
                let _ = writeln!(
                    out,
                    "<rect x=\"{left:.1}\" y=\"{top:.1}\" width=\"{:.1}\" height=\"{CELL_H}\" fill=\"{back}\"/>",
                    f64::from(cells) * CELL_W
                );
            }
            if !text.trim().is_empty() {
                let weight = if modifier.contains(Modifier::BOLD) {
                    " font-weight=\"bold\""
                } else {
                    ""
                };
                let opacity = if modifier.contains(Modifier::DIM) {
                    " fill-opacity=\"0.65\""
                } else {
                    ""
                };
                let _ = writeln!(
                    out,
                    "<text x=\"{left:.1}\" y=\"{:.1}\" fill=\"{fill}\"{weight}{opacity} textLength=\"{:.1}\" lengthAdjust=\"spacingAndGlyphs\" xml:space=\"preserve\">{}</text>",
                    top + CELL_H - 5.0,
                    f64::from(cells) * CELL_W,
                    escape(&text)
                );
            }
            x += cells.max(1);
        }
    }
    out.push_str("</g>\n</svg>\n");
    out
}

fn picture(mut app: App, title: &str) -> String {
    app.color = true;
    let area = Rect::new(0, 0, SIZE.0, SIZE.1);
    let mut buf = Buffer::empty(area);
    (&app).render(area, &mut buf);
    svg(&buf, title)
}

fn pictures() -> Vec<(&'static str, String)> {
    let dashboard = dashboard_app(SIZE);
    let mut question = quiz_app(demo(), &[5, 0, 1, 2], Mode::Practice, SIZE);
    press(&mut question, KeyCode::Down);
    let mut gaps = dashboard_app(SIZE);
    press(&mut gaps, KeyCode::Char('g'));
    vec![
        ("dashboard.svg", picture(dashboard, "skillgap dashboard")),
        ("question.svg", picture(question, "a skillgap question")),
        ("gap-chart.svg", picture(gaps, "the skillgap gap chart")),
    ]
}

#[test]
fn readme_pictures() {
    let write = std::env::var_os("SKILLGAP_WRITE_ASSETS").is_some_and(|v| v == "1");
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets");
    for (name, svg) in pictures() {
        assert!(
            svg.starts_with("<svg") && svg.ends_with("</svg>\n"),
            "{name}"
        );
        assert!(svg.contains("skillgap"), "{name}");
        if write {
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(dir.join(name), svg).unwrap();
        }
    }
}
