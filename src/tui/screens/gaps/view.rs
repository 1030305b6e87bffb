//! The gap chart (every category sorted by gap: mastery bar with its band, target marker,
//! gap, evidence) and the drill-down into one category (mastery over time, coverage,
//! weakest questions).

use crate::report::{bar, utc_date};
use crate::text::sanitize_line;
use crate::tui::app::App;
use crate::tui::view::cells::{self as cells, clip, clip_spans, fit};
use crate::tui::view::theme::Theme;
use crate::tui::view::{list_hit, panel, render_list};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Margin, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Sparkline, Widget};

/// The bar of [`crate::report::bar`] as styled spans: mastery, band, rest, target marker.
pub fn bar_spans(
    low: f64,
    high: f64,
    target: Option<f64>,
    width: usize,
    theme: &Theme,
) -> Vec<Span<'static>> {
    let mut spans: Vec<Span<'static>> = Vec::new();
    let mut run = String::new();
    let mut run_style = None;
    for c in bar(low, high, target, width).chars() {
        // The selection highlight of a row must not invert the bar.
        let style = match c {
            '█' | '▒' => theme.bar(),
            '│' | '┃' => theme.target(),
            _ => theme.dim(),
        }
        .remove_modifier(Modifier::REVERSED);
        if run_style.is_some_and(|s| s != style) {
            spans.push(Span::styled(
                std::mem::take(&mut run),
                run_style.unwrap_or(style),
            ));
        }
        run_style = Some(style);
        run.push(c);
    }
    if let Some(style) = run_style {
        spans.push(Span::styled(run, style));
    }
    spans
}

struct ChartLayout {
    head: Rect,
    list: Rect,
}

fn chart_layout(body: Rect) -> ChartLayout {
    let [head, list] = Layout::vertical([Constraint::Length(4), Constraint::Min(1)]).areas(body);
    ChartLayout {
        head,
        list: list.inner(Margin::new(1, 0)),
    }
}

/// Column widths: title, bar, numbers, note (the verdict in words when there is room,
/// else its symbol).
fn columns(width: usize) -> (usize, usize, bool) {
    const BAR_MIN: usize = 6;
    let words = width >= 110;
    let numbers = 1 + 34 + if words { 20 } else { 4 };
    // The titles give way (cut with `…`) before the bar goes below its least.
    let title = (width / 4)
        .clamp(10, 28)
        .min(width.saturating_sub(numbers + BAR_MIN))
        .max(6);
    (
        title,
        width.saturating_sub(title + numbers).max(BAR_MIN),
        words,
    )
}

/// A category's verdict against its target (the one rule of `crate::learning::mastery`):
/// its symbol and its words, short enough for the note column (the legend line above the
/// chart gives "close" in full).
fn verdict_note(row: &crate::learning::mastery::GapRow) -> (&'static str, &'static str) {
    use crate::learning::mastery::Verdict;
    match row.verdict() {
        _ if row.mastery.answered == 0 => ("new", "no answers yet"),
        Some(Verdict::Above) => ("▲", "▲ above target"),
        Some(Verdict::Below) => ("▼", "▼ below target"),
        Some(Verdict::Close) => ("≈", "≈ close to target"),
        Some(Verdict::Unmeasured) => ("new", "no answers yet"),
        None => ("", ""),
    }
}

pub fn render_chart(app: &App, body: Rect, buf: &mut Buffer, theme: &Theme) {
    let layout = chart_layout(body);
    let Some(data) = app.dashboard.data.as_ref() else {
        Paragraph::new(Line::styled(" Loading…", theme.dim())).render(body, buf);
        return;
    };
    let report = &data.report;
    let width = usize::from(layout.list.width);
    let (title_w, bar_w, words) = columns(width);
    let readiness = match report.readiness {
        Some(_) => report.targets_met_words().unwrap_or_default(),
        None => "no targets".to_owned(),
    };
    let profile = report
        .profile
        .as_ref()
        .map_or_else(|| "no profile".to_owned(), |(_, t)| sanitize_line(t));
    let full = usize::from(layout.head.width);
    // The long legend where it fits with a cell to spare, else a short one; `…` at worst.
    let legend = |long: &str, short: &str| {
        let text = if cells::width(long) < full {
            long
        } else {
            short
        };
        Line::styled(clip(text, full), theme.dim())
    };
    let head = vec![
        clip_spans(
            vec![
                Span::styled(" Readiness ", theme.title()),
                Span::styled(readiness, theme.title()),
                Span::raw(format!(" for {profile}")),
                Span::styled("  (p: other profile)", theme.dim()),
            ],
            full,
        ),
        legend(
            " █ mastery (low end of its band)  ▒ uncertainty band  │ target   Sorted by gap.",
            " █ mastery  ▒ uncertainty  │ target · sorted by gap",
        ),
        legend(
            " ▲ above target  ▼ below target  ≈ close: more answers needed  new: no answers",
            " ▲ above  ▼ below  ≈ close: more answers needed",
        ),
        Line::styled(
            format!(
                " {} {}  {:>7}  {:>6}  {:>6}  {:>7}{}",
                fit("category", title_w),
                fit("", bar_w),
                "mastery",
                "target",
                "gap",
                "answers",
                if words { "  note" } else { "" }
            ),
            theme.title(),
        ),
    ];
    Paragraph::new(head).render(layout.head, buf);
    let rows: Vec<Line<'static>> = report
        .rows
        .iter()
        .map(|row| {
            let m = &row.mastery;
            let unmeasured = m.answered == 0;
            let mut spans = vec![Span::raw(format!(
                "{} ",
                fit(&sanitize_line(&row.title), title_w)
            ))];
            if unmeasured {
                spans.extend(bar_spans(0.0, 0.0, row.target, bar_w, theme));
            } else {
                spans.extend(bar_spans(m.low, m.high, row.target, bar_w, theme));
            }
            let target = row
                .target
                .map_or_else(|| "–".to_owned(), |t| format!("{t:.2}"));
            let (mastery, gap) = if unmeasured {
                ("–".to_owned(), "–".to_owned())
            } else {
                (
                    format!("{:.2}", m.mean),
                    row.gap()
                        .map_or_else(|| "–".to_owned(), |g| format!("{g:+.2}")),
                )
            };
            spans.push(Span::raw(format!(
                "  {mastery:>7}  {target:>6}  {gap:>6}  {:>7}",
                m.answered
            )));
            let (symbol, said) = verdict_note(row);
            let note = if words {
                format!("  {said}")
            } else {
                format!(" {symbol:>3}")
            };
            let style = match symbol {
                "▲" => theme.good(),
                "▼" => theme.bad(),
                _ => theme.warn(),
            };
            spans.push(Span::styled(note, style));
            Line::from(spans)
        })
        .collect();
    render_list(rows, Some(app.gaps_cursor), layout.list, buf, theme);
}

pub fn hit_chart(app: &App, body: Rect, column: u16, row: u16) -> Option<usize> {
    let rows = app.dashboard.data.as_ref()?.report.rows.len();
    list_hit(chart_layout(body).list, app.gaps_cursor, rows, column, row)
}

struct CategoryLayout {
    mastery: Rect,
    series: Rect,
    weakest: Rect,
}

fn category_layout(body: Rect) -> CategoryLayout {
    let [top, weakest] = Layout::vertical([Constraint::Length(9), Constraint::Min(3)]).areas(body);
    let [mastery, series] = if body.width >= 72 {
        Layout::horizontal([Constraint::Length(36), Constraint::Min(10)]).areas(top)
    } else {
        let [m, s] = Layout::vertical([Constraint::Length(9), Constraint::Length(0)]).areas(top);
        [m, s]
    };
    CategoryLayout {
        mastery,
        series,
        weakest,
    }
}

pub fn render_category(app: &App, body: Rect, buf: &mut Buffer, theme: &Theme) {
    let layout = category_layout(body);
    let Some(data) = app.category.data.as_ref() else {
        Paragraph::new(Line::styled(" Loading…", theme.dim())).render(body, buf);
        return;
    };
    let m = &data.mastery;

    let block = panel("Mastery", false, theme);
    let inner = block.inner(layout.mastery);
    block.render(layout.mastery, buf);
    let w = usize::from(inner.width);
    let mut lines = Vec::new();
    if m.answered == 0 {
        lines.push(Line::raw("No answers yet."));
    } else {
        lines.push(Line::from(vec![
            Span::styled(format!("{:.2}", m.mean), theme.title()),
            Span::raw(format!(" (band {:.2}–{:.2})", m.low, m.high)),
        ]));
    }
    lines.push(Line::from(bar_spans(
        if m.answered == 0 { 0.0 } else { m.low },
        if m.answered == 0 { 0.0 } else { m.high },
        data.target,
        w,
        theme,
    )));
    match data.target {
        Some(t) if m.answered > 0 => {
            lines.push(Line::raw(format!("target {t:.2} · gap {:+.2}", t - m.mean)));
        }
        Some(t) => lines.push(Line::raw(format!("target {t:.2}"))),
        None => lines.push(Line::raw("no target in this profile")),
    }
    let evidence = if m.enough() {
        String::new()
    } else {
        " (not enough)".to_owned()
    };
    let plural = if m.answered == 1 { "" } else { "s" };
    lines.push(Line::raw(format!(
        "{} answer{plural}{evidence}",
        m.answered
    )));
    lines.push(Line::raw(clip(
        &format!(
            "coverage: {} of {} questions ({:.0}%)",
            m.seen,
            m.total,
            m.coverage() * 100.0
        ),
        w,
    )));
    let filled = ((m.coverage() * w as f64).round() as usize).min(w);
    lines.push(Line::from(vec![
        Span::styled("■".repeat(filled), theme.bar()),
        Span::styled("·".repeat(w - filled), theme.dim()),
    ]));
    Paragraph::new(lines).render(inner, buf);

    if layout.series.height > 2 && layout.series.width > 4 {
        let block = panel("Mastery over time", false, theme);
        let inner = block.inner(layout.series);
        block.render(layout.series, buf);
        if data.series.is_empty() {
            Paragraph::new(Line::styled("No answers yet.", theme.dim())).render(inner, buf);
        } else {
            let [chart, dates] =
                Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(inner);
            // One bar per point, stretched to the width.
            let n = data.series.len().max(1);
            let cols = usize::from(chart.width);
            let values: Vec<u64> = (0..cols)
                .map(|c| {
                    let i = (c * n / cols.max(1)).min(n - 1);
                    data.series
                        .get(i)
                        .map_or(0, |(_, v)| (v.clamp(0.0, 1.0) * 100.0).round() as u64)
                })
                .collect();
            Sparkline::default()
                .data(&values)
                .max(100)
                .style(theme.bar())
                .render(chart, buf);
            let first = data.series.first().map_or(0, |p| p.0);
            let last = data.series.last().map_or(0, |p| p.0);
            let left = utc_date(first);
            let legend = " · height: mastery 0–1";
            let room = usize::from(dates.width);
            let right = if room >= 2 * left.len() + legend.chars().count() + 2 {
                format!("{}{legend}", utc_date(last))
            } else {
                utc_date(last)
            };
            let gap = room.saturating_sub(left.len() + right.chars().count());
            Paragraph::new(Line::styled(
                format!("{left}{}{right}", " ".repeat(gap)),
                theme.dim(),
            ))
            .render(dates, buf);
        }
    }

    let block = panel("Weakest questions (mean score)", true, theme);
    let inner = block.inner(layout.weakest);
    block.render(layout.weakest, buf);
    if data.weakest.is_empty() {
        Paragraph::new(Line::styled(
            "None: every question answered here was answered right. s starts a quiz.",
            theme.dim(),
        ))
        .render(inner, buf);
        return;
    }
    let w = usize::from(inner.width);
    let rows: Vec<Line<'static>> = data
        .weakest
        .iter()
        .map(|weak| {
            let prompt = app
                .packs
                .get(app.pack)
                .and_then(|p| p.question(&weak.id))
                .map(|q| sanitize_line(&q.prompt))
                .unwrap_or_default();
            Line::raw(clip(
                &format!(
                    "{:.2}  ×{:<3} {}  {prompt}",
                    weak.mean_score,
                    weak.answers,
                    sanitize_line(&weak.id)
                ),
                w,
            ))
        })
        .collect();
    render_list(rows, Some(app.category.cursor), inner, buf, theme);
}

pub fn hit_category(app: &App, body: Rect, column: u16, row: u16) -> Option<usize> {
    let len = app.category.data.as_ref()?.weakest.len();
    let area = category_layout(body).weakest.inner(Margin::new(1, 1));
    list_hit(area, app.category.cursor, len, column, row)
}
