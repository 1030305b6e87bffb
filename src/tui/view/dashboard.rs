//! The dashboard: readiness for the chosen profile, a compact gap chart, the last sessions,
//! the offer to resume an unfinished one, and the actions.

use super::gaps::bar_spans;
use super::text::{clip, fit};
use super::theme::Theme;
use super::{Hit, list_hit, panel, render_list};
use crate::report::utc_minutes;
use crate::text::sanitize_line;
use crate::tui::app::{Action, App, DashFocus};
use crate::tui::data::SessionLine;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

struct DashLayout {
    banner: Option<Rect>,
    readiness: Rect,
    gaps: Rect,
    actions: Rect,
    sessions: Option<Rect>,
}

const WIDE: u16 = 72;
const LEFT: u16 = 34;

fn layout(app: &App, body: Rect) -> DashLayout {
    let banner = app
        .dashboard
        .data
        .as_ref()
        .is_some_and(|d| d.unfinished.is_some());
    let [banner_area, rest] =
        Layout::vertical([Constraint::Length(u16::from(banner)), Constraint::Min(1)]).areas(body);
    let actions = app.actions().len() as u16 + 2;
    if body.width >= WIDE {
        let [top, bottom] =
            Layout::vertical([Constraint::Length(7), Constraint::Min(actions.min(5))]).areas(rest);
        let [readiness, gaps] =
            Layout::horizontal([Constraint::Length(LEFT), Constraint::Min(10)]).areas(top);
        let [actions, sessions] =
            Layout::horizontal([Constraint::Length(LEFT), Constraint::Min(10)]).areas(bottom);
        DashLayout {
            banner: banner.then_some(banner_area),
            readiness,
            gaps,
            actions,
            sessions: Some(sessions),
        }
    } else {
        // Short terminals keep the actions whole; readiness and gaps get what is left.
        let actions = actions.min(rest.height);
        let left = rest.height - actions;
        let readiness = if left >= 3 { left.min(5) } else { 0 };
        let [readiness, actions, gaps] = Layout::vertical([
            Constraint::Length(readiness),
            Constraint::Length(actions),
            Constraint::Fill(1),
        ])
        .areas(rest);
        DashLayout {
            banner: banner.then_some(banner_area),
            readiness,
            gaps,
            actions,
            sessions: None,
        }
    }
}

fn inner(area: Rect) -> Rect {
    area.inner(ratatui::layout::Margin::new(1, 1))
}

pub fn session_row(line: &SessionLine, width: usize, theme: &Theme) -> Line<'static> {
    let (status, style) = if line.finished {
        ("✓ done", theme.good())
    } else {
        ("○ to do", theme.partly())
    };
    let score = line
        .mean()
        .map_or_else(|| "  – ".to_owned(), |m| format!("{:>3.0}%", m * 100.0));
    let started = utc_minutes(line.started_at_ms);
    // Narrow panels drop the year.
    let started = if width >= 56 {
        started
    } else {
        started.get(5..).unwrap_or(&started).to_owned()
    };
    let text = format!(
        "#{:<4} {started}  {:<8} {:>3}/{:<3} {score} ",
        line.id,
        clip(&sanitize_line(&line.mode), 8),
        line.answered,
        line.questions,
    );
    let status_width = 7;
    Line::from(vec![
        Span::raw(clip(&text, width.saturating_sub(status_width))),
        Span::styled(status, style),
    ])
}

pub fn render(app: &App, body: Rect, buf: &mut Buffer, theme: &Theme) {
    let layout = layout(app, body);
    let data = app.dashboard.data.as_ref();
    if let (Some(area), Some(line)) = (layout.banner, data.and_then(|d| d.unfinished.as_ref())) {
        let text = format!(
            " Unfinished session #{} ({}, {} of {} answered): press c to resume ",
            line.id,
            sanitize_line(&line.mode),
            line.answered,
            line.questions
        );
        Paragraph::new(Line::styled(
            clip(&text, usize::from(area.width)),
            theme.notice(),
        ))
        .render(area, buf);
    }

    // Readiness.
    let block = panel("Readiness", false, theme);
    let r_inner = block.inner(layout.readiness);
    block.render(layout.readiness, buf);
    let w = usize::from(r_inner.width);
    let mut lines: Vec<Line> = Vec::new();
    match data {
        None => lines.push(Line::styled("Loading…", theme.dim())),
        Some(d) => {
            match d.report.readiness {
                Some(r) => {
                    lines.push(Line::from(vec![
                        Span::styled(format!("{:.0}%", r * 100.0), theme.title()),
                        Span::raw(" of the targets reached"),
                    ]));
                    let filled = ((r.clamp(0.0, 1.0) * w as f64).round() as usize).min(w);
                    lines.push(Line::from(vec![
                        Span::styled("█".repeat(filled), theme.bar()),
                        Span::styled("░".repeat(w - filled), theme.dim()),
                    ]));
                }
                None => lines.push(Line::raw("No targets: choose a profile (p)")),
            }
            lines.push(Line::raw(clip(
                &format!(
                    "{} answer{} · {} due for review",
                    d.answers,
                    if d.answers == 1 { "" } else { "s" },
                    d.due
                ),
                w,
            )));
            if let Some((_, title)) = &d.report.profile {
                lines.push(Line::styled(
                    clip(&format!("for {}", sanitize_line(title)), w),
                    theme.dim(),
                ));
            }
            if let Some(forecast) = &d.forecast {
                // On the exam date, at the predicted mastery: how many targets would be met.
                let targeted: Vec<_> = forecast
                    .rows
                    .iter()
                    .filter(|r| r.target.is_some())
                    .collect();
                let met = targeted
                    .iter()
                    .filter(|r| r.gap().is_some_and(|g| g <= 0.0))
                    .count();
                lines.push(Line::raw(clip(
                    &format!("exam {}: {met}/{} on track", forecast.date, targeted.len()),
                    w,
                )));
            }
        }
    }
    Paragraph::new(lines).render(r_inner, buf);

    // Compact gap chart.
    let block = panel("Largest gaps", false, theme);
    let g_inner = block.inner(layout.gaps);
    block.render(layout.gaps, buf);
    let mut lines: Vec<Line> = Vec::new();
    if let Some(d) = data {
        let w = usize::from(g_inner.width);
        let title_w = (w / 3).clamp(8, 22);
        let bar_w = w.saturating_sub(title_w + 9).max(4);
        for row in d.report.rows.iter().take(usize::from(g_inner.height)) {
            let m = &row.mastery;
            let mut spans = vec![Span::raw(format!(
                "{} ",
                fit(&sanitize_line(&row.title), title_w)
            ))];
            let note = if m.answered == 0 {
                spans.extend(bar_spans(0.0, 0.0, row.target, bar_w, theme));
                "   new".to_owned()
            } else {
                spans.extend(bar_spans(m.low, m.high, row.target, bar_w, theme));
                match row.gap() {
                    Some(g) if m.enough() => format!(" {g:>+5.2}"),
                    _ => "    ?".to_owned(),
                }
            };
            spans.push(Span::styled(note, theme.dim()));
            lines.push(Line::from(spans));
        }
        if d.report.rows.is_empty() {
            lines.push(Line::styled("No categories.", theme.dim()));
        }
    }
    Paragraph::new(lines).render(g_inner, buf);

    // Actions.
    let focus = app.dashboard.focus;
    let block = panel("Actions", focus == DashFocus::Actions, theme);
    let a_inner = block.inner(layout.actions);
    block.render(layout.actions, buf);
    let due = data.map(|d| d.due);
    let rows: Vec<Line<'static>> = app
        .actions()
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let label = match (a, due) {
                (Action::Review, Some(due)) => format!("Review ({due} due)"),
                (Action::Due, Some(due)) => format!("Only what is due ({due})"),
                _ => a.label().to_owned(),
            };
            Line::from(vec![
                Span::raw(format!("{} ", i + 1)),
                Span::styled(format!("{} ", a.key()), theme.key()),
                Span::raw(label),
            ])
        })
        .collect();
    let cursor = (focus == DashFocus::Actions).then_some(app.dashboard.action);
    render_list(rows, cursor, a_inner, buf, theme);

    // Last sessions.
    if let Some(area) = layout.sessions {
        let block = panel("Last sessions (UTC)", focus == DashFocus::Sessions, theme);
        let s_inner = block.inner(area);
        block.render(area, buf);
        match data {
            Some(d) if d.sessions.is_empty() => Paragraph::new(vec![
                Line::raw("No sessions yet."),
                Line::styled("Start a quiz with s.", theme.dim()),
            ])
            .render(s_inner, buf),
            Some(d) => {
                let rows: Vec<Line<'static>> = d
                    .sessions
                    .iter()
                    .map(|l| session_row(l, usize::from(s_inner.width), theme))
                    .collect();
                let cursor = (focus == DashFocus::Sessions).then_some(app.dashboard.session);
                render_list(rows, cursor, s_inner, buf, theme);
            }
            None => {
                Paragraph::new(Line::styled("Loading…", Style::default())).render(s_inner, buf);
            }
        }
    }
}

pub fn hit(app: &App, body: Rect, column: u16, row: u16) -> Option<Hit> {
    let layout = layout(app, body);
    let actions = app.actions().len();
    let cursor = if app.dashboard.focus == DashFocus::Actions {
        app.dashboard.action
    } else {
        0
    };
    if let Some(i) = list_hit(inner(layout.actions), cursor, actions, column, row) {
        return Some(Hit::Action(i));
    }
    let sessions = app.dashboard.data.as_ref().map_or(0, |d| d.sessions.len());
    let cursor = if app.dashboard.focus == DashFocus::Sessions {
        app.dashboard.session
    } else {
        0
    };
    layout
        .sessions
        .and_then(|area| list_hit(inner(area), cursor, sessions, column, row))
        .map(Hit::DashSession)
}
