//! History: past sessions, newest first, and the answers of one session.

use crate::report::utc_minutes;
use crate::text::sanitize_line;
use crate::tui::app::App;
use crate::tui::screens::dashboard::view::{session_header, session_row};
use crate::tui::screens::summary::view::verdict_of;
use crate::tui::view::cells::{clip, fit};
use crate::tui::view::theme::Theme;
use crate::tui::view::{list_hit, panel, render_list};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Margin, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

fn history_list(body: Rect) -> Rect {
    let [_, list] = Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(body);
    list.inner(Margin::new(1, 1))
}

pub fn render_history(app: &App, body: Rect, buf: &mut Buffer, theme: &Theme) {
    let [head, list] = Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(body);
    let block = panel("Sessions", true, theme);
    let inner = block.inner(list);
    // Over the rows, which start inside the panel's border.
    Paragraph::new(Line::styled(
        format!(" {}", session_header(usize::from(inner.width))),
        theme.title(),
    ))
    .render(head, buf);
    block.render(list, buf);
    match &app.history.sessions {
        None => Paragraph::new(Line::styled("Loading…", theme.dim())).render(inner, buf),
        Some(sessions) if sessions.is_empty() => Paragraph::new(Line::raw(
            "No sessions yet: start a quiz from the dashboard (s).",
        ))
        .render(inner, buf),
        Some(sessions) => {
            let w = usize::from(inner.width);
            let rows = sessions.iter().map(|l| session_row(l, w, theme)).collect();
            render_list(rows, Some(app.history.cursor), inner, buf, theme);
        }
    }
}

pub fn hit_history(app: &App, body: Rect, column: u16, row: u16) -> Option<usize> {
    let len = app.history.sessions.as_ref()?.len();
    list_hit(history_list(body), app.history.cursor, len, column, row)
}

fn session_list(body: Rect) -> Rect {
    let [_, list] = Layout::vertical([Constraint::Length(2), Constraint::Min(1)]).areas(body);
    list.inner(Margin::new(1, 1))
}

pub fn render_session(app: &App, body: Rect, buf: &mut Buffer, theme: &Theme) {
    let Some(view) = app.session_view.as_ref() else {
        return;
    };
    let s = &view.session;
    let [head, list] = Layout::vertical([Constraint::Length(2), Constraint::Min(1)]).areas(body);
    let total: f64 = view.answers.iter().map(|a| a.counted_score()).sum();
    let status = match s.status {
        crate::store::SessionStatus::Finished => "finished",
        crate::store::SessionStatus::Unfinished => "unfinished: c resumes it",
    };
    let withheld = s.score_withheld();
    let score = if withheld {
        "scores when the exam ends".to_owned()
    } else {
        let answered = view.answers.len().max(1) as f64;
        format!(
            "score {total:.2} of {} ({:.0}%)",
            view.answers.len(),
            100.0 * total / answered
        )
    };
    Paragraph::new(vec![
        Line::from(vec![
            Span::styled(format!(" Session #{} ", s.id), theme.title()),
            Span::raw(format!(
                "· {} · seed {} · started {} UTC",
                s.kind.label(),
                s.seed,
                utc_minutes(s.started_at_ms)
            )),
        ]),
        Line::styled(
            format!(
                " {} of {} answered · {score} · {status}",
                view.answers.len(),
                s.planned()
            ),
            theme.dim(),
        ),
    ])
    .render(head, buf);
    let block = panel("Answers", true, theme);
    let inner = block.inner(list);
    block.render(list, buf);
    if view.answers.is_empty() {
        Paragraph::new(Line::raw("No answers in this session.")).render(inner, buf);
        return;
    }
    let w = usize::from(inner.width);
    let rows: Vec<Line<'static>> = view
        .answers
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let response = a.response.as_ref();
            let (word, style) = if withheld {
                ("answered", theme.dim())
            } else {
                verdict_of(response, a.counted_score(), a.overridden, theme)
            };
            let prompt = app
                .packs
                .iter()
                .find(|p| p.meta.id == a.pack.id)
                .and_then(|p| p.question(&a.question_id))
                .map_or_else(
                    || format!("{} (no longer in the pack)", sanitize_line(&a.question_id)),
                    |q| sanitize_line(&q.prompt),
                );
            let number = format!("{:>3} ", i + 1);
            let rest = w.saturating_sub(number.len() + 15);
            Line::from(vec![
                Span::raw(number),
                Span::styled(fit(word, 14), style),
                Span::raw(format!(" {}", clip(&prompt, rest))),
            ])
        })
        .collect();
    render_list(rows, Some(view.cursor), inner, buf, theme);
}

pub fn hit_session(app: &App, body: Rect, column: u16, row: u16) -> Option<usize> {
    let view = app.session_view.as_ref()?;
    list_hit(
        session_list(body),
        view.cursor,
        view.answers.len(),
        column,
        row,
    )
}
