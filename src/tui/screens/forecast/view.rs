//! The forecast screen: the exam date, how many targets are on track, one row per category
//! (now, predicted for the date, target, where it stands), or how to set an exam date.

use super::{Standing, lines};
use crate::learning::DAY_MS;
use crate::text::{percent, sanitize_line};
use crate::tui::app::App;
use crate::tui::view::cells::{clip, fit, wrap};
use crate::tui::view::theme::Theme;
use crate::tui::view::{list_hit, panel, render_list};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

/// Cells of a row besides the category: ` now(5) predicted(10) target(7)  standing(15)`.
const NUMBERS: usize = 1 + 5 + 1 + 10 + 1 + 6 + 2;
const STANDING: usize = 15;
const TITLE_MIN: usize = 8;
/// Wider titles would set the numbers far from the names they belong to.
const TITLE_MAX: usize = 36;

/// The notes under the table, wrapped to `width` (at most three lines).
fn notes(app: &App, width: usize) -> Vec<String> {
    let kept_as_is = app
        .dashboard
        .data
        .as_ref()
        .is_some_and(|d| lines(d).iter().any(|l| l.forecast.reviewed == 0));
    [
        Some(
            "predicted: today's mastery, lowered by what you would forget by then if you stopped practising now",
        ),
        kept_as_is.then_some("* nothing learned yet to forget: kept as is"),
    ]
    .into_iter()
    .flatten()
    .flat_map(|note| wrap(note, width))
    .take(3)
    .collect()
}

/// The header above the table, the table, and the notes below it.
fn layout(body: Rect, notes: u16) -> [Rect; 3] {
    let inner = body.inner(ratatui::layout::Margin::new(1, 1));
    Layout::vertical([
        Constraint::Length(3),
        Constraint::Min(1),
        Constraint::Length(notes),
    ])
    .areas(inner)
}

fn row_text(title: &str, now: &str, predicted: &str, target: &str, width: usize) -> String {
    let title_w = width
        .saturating_sub(NUMBERS + STANDING)
        .clamp(TITLE_MIN, TITLE_MAX);
    format!(
        "{} {now:>5} {predicted:>10} {target:>6}  ",
        fit(title, title_w)
    )
}

pub fn render(app: &App, body: Rect, buf: &mut Buffer, theme: &Theme) {
    let block = panel("Forecast for the exam date", true, theme);
    let inner = block.inner(body);
    block.render(body, buf);
    let width = usize::from(inner.width);
    let Some(data) = app.dashboard.data.as_ref() else {
        Paragraph::new(Line::styled("Loading…", theme.dim())).render(inner, buf);
        return;
    };
    let Some(forecast) = &data.forecast else {
        render_no_date(app, inner, buf, theme);
        return;
    };
    let lines = lines(data);
    let notes = notes(app, width);
    let [head, table, foot] = layout(body, notes.len() as u16);

    let (met, targeted) = super::on_track_count(data);
    let days = (forecast.date.days() - app.now_ms.div_euclid(DAY_MS)).max(0);
    let when = format!(
        "Exam {} · {} day{} away · {}",
        forecast.date,
        days,
        if days == 1 { "" } else { "s" },
        sanitize_line(&forecast.profile_title)
    );
    let header = row_text("category", "now", "predicted", "target", width) + "on track";
    Paragraph::new(vec![
        Line::styled(clip(&when, width), theme.title()),
        Line::raw(clip(
            &format!("{met} of {targeted} targets on track (met now, still met then)"),
            width,
        )),
        Line::styled(clip(&header, width), theme.dim()),
    ])
    .render(head, buf);

    let rows: Vec<Line<'static>> = lines
        .iter()
        .map(|l| {
            let f = l.forecast;
            let predicted = if f.reviewed == 0 {
                format!("{}*", percent(f.predicted))
            } else {
                format!("{} ", percent(f.predicted))
            };
            let target = f.target.map_or_else(|| "–".to_owned(), percent);
            let text = row_text(
                &sanitize_line(&f.title),
                &percent(f.mastery_now),
                &predicted,
                &target,
                width,
            );
            let style = match l.standing {
                Standing::OnTrack => theme.good(),
                Standing::NoTarget => theme.dim(),
                Standing::NotMetNow(crate::learning::mastery::Verdict::Close) => theme.partly(),
                _ => theme.bad(),
            };
            Line::from(vec![
                Span::raw(clip(&text, width.saturating_sub(STANDING))),
                Span::styled(l.standing.words(), style),
            ])
        })
        .collect();
    if rows.is_empty() {
        Paragraph::new(Line::styled("No categories.", theme.dim())).render(table, buf);
    } else {
        render_list(rows, Some(app.forecast_cursor), table, buf, theme);
    }
    let notes: Vec<Line> = notes
        .into_iter()
        .map(|n| Line::styled(n, theme.dim()))
        .collect();
    Paragraph::new(notes).render(foot, buf);
}

/// No exam date ahead: what a forecast needs, and the two ways to give it one.
fn render_no_date(app: &App, inner: Rect, buf: &mut Buffer, theme: &Theme) {
    let width = usize::from(inner.width);
    let pack = app.packs.get(app.pack);
    let profile = app
        .profile
        .as_deref()
        .and_then(|id| pack.and_then(|p| p.profile(id)));
    let mut lines: Vec<Line> = Vec::new();
    let mut say = |text: &str, style: Style| {
        for line in wrap(text, width) {
            lines.push(Line::styled(line, style));
        }
    };
    match profile {
        None => say(
            "This pack has no profiles, so no targets and no exam date to forecast.",
            Style::default(),
        ),
        Some(profile) => {
            say(
                &format!(
                    "No exam date ahead is set for {}.",
                    sanitize_line(&profile.title)
                ),
                theme.title(),
            );
            say("", Style::default());
            say(
                "With a date, this shows for each category your mastery now, what you would still know on that day, the target, and whether it is on track.",
                Style::default(),
            );
            say("", Style::default());
            say("Press e to set the date, or run:", Style::default());
            lines.push(Line::styled(
                format!(
                    "  skillgap profile set {} --date YYYY-MM-DD",
                    sanitize_line(&profile.id)
                ),
                theme.key(),
            ));
        }
    }
    Paragraph::new(lines).render(inner, buf);
}

/// The category row under a click.
pub fn hit(app: &App, body: Rect, column: u16, row: u16) -> Option<usize> {
    let data = app.dashboard.data.as_ref()?;
    data.forecast.as_ref()?;
    let len = lines(data).len();
    let notes = notes(app, usize::from(body.width.saturating_sub(2)));
    let [_, table, _] = layout(body, notes.len() as u16);
    list_hit(table, app.forecast_cursor, len, column, row)
}
