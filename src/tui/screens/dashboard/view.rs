//! The dashboard: readiness for the chosen profile, a compact gap chart, the last sessions,
//! the offer to resume an unfinished one, and the actions.

use crate::learning::placement::PlacementConfig;
use crate::report::utc_minutes;
use crate::service::placement::PlacementOffer;
use crate::text::sanitize_line;
use crate::tui::app::{Action, App, DashFocus};
use crate::tui::data::SessionLine;
use crate::tui::screens::gaps::view::bar_spans;
use crate::tui::view::cells::{clip, fit};
use crate::tui::view::theme::Theme;
use crate::tui::view::{Hit, list_hit, panel, render_list};
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

/// The columns of a session row at a given width: wide rows show the year and the answers
/// given; narrow ones (the dashboard at 80 columns) keep the kind and the score.
struct SessionColumns {
    year: bool,
    answered: bool,
    /// Cells for the session's kind ("retake of #123" needs 14).
    kind: usize,
}

/// Cells of a row besides the kind: wide `#id·date(16)··kind·answered(8)·score(5)·status(7)`,
/// narrow `#id·date(11)·kind score(5)·status(7)` (a score is at most 4 cells, so the column
/// always starts with a blank).
const WIDE_FIXED: usize = 5 + 1 + 16 + 2 + 1 + 8 + 1 + 5 + 1 + STATUS;
const NARROW_FIXED: usize = 5 + 1 + 11 + 1 + 5 + 1 + STATUS;
const STATUS: usize = 7;
const KIND_MIN: usize = 8;
const KIND_WIDE: usize = 16;
const KIND_MAX: usize = 20;

impl SessionColumns {
    fn at(width: usize) -> SessionColumns {
        if width >= WIDE_FIXED + KIND_WIDE {
            SessionColumns {
                year: true,
                answered: true,
                kind: (width - WIDE_FIXED).min(KIND_MAX),
            }
        } else {
            SessionColumns {
                year: false,
                answered: false,
                kind: width
                    .saturating_sub(NARROW_FIXED)
                    .clamp(KIND_MIN, KIND_WIDE),
            }
        }
    }

    /// The row's text before the status, from its cells.
    fn text(&self, id: &str, started: &str, kind: &str, answered: &str, score: &str) -> String {
        let (date, gap) = if self.year { (16, "  ") } else { (11, " ") };
        let answered = if self.answered {
            format!(" {answered:<8} ")
        } else {
            String::new()
        };
        // Ids and counts are padded, never cut: a long one shifts the row rather than lie.
        format!(
            "{id:<5} {started:<date$}{gap}{}{answered}{score:>5} ",
            fit(kind, self.kind),
        )
    }
}

/// The column titles over [`session_row`]s of the same width.
pub fn session_header(width: usize) -> String {
    let columns = SessionColumns::at(width);
    let started = if columns.year {
        "started (UTC)"
    } else {
        "started"
    };
    let text = columns.text("#id", started, "kind", "answered", "score");
    clip(&format!("{text}status"), width)
}

pub fn session_row(line: &SessionLine, width: usize, theme: &Theme) -> Line<'static> {
    let (status, style) = if line.finished {
        ("✓ done", theme.good())
    } else {
        ("○ to do", theme.partly())
    };
    let score = line
        .mean()
        .map_or_else(|| "– ".to_owned(), |m| format!("{:.0}%", m * 100.0));
    let columns = SessionColumns::at(width);
    let started = utc_minutes(line.started_at_ms);
    // Narrow rows drop the year.
    let started = if columns.year {
        started
    } else {
        started.get(5..).unwrap_or(&started).to_owned()
    };
    let text = columns.text(
        &format!("#{}", line.id),
        &started,
        &line.kind.label_within(columns.kind),
        &format!("{:>4}/{:<3}", line.answered, line.questions),
        &score,
    );
    Line::from(vec![
        Span::raw(clip(&text, width.saturating_sub(STATUS))),
        Span::styled(status, style),
    ])
}

pub fn render(app: &App, body: Rect, buf: &mut Buffer, theme: &Theme) {
    let layout = layout(app, body);
    let data = app.dashboard.data.as_ref();
    if let (Some(area), Some(line)) = (layout.banner, data.and_then(|d| d.unfinished.as_ref())) {
        let full = format!(
            " Unfinished session #{} ({}, {} of {} answered): press {} to resume ",
            line.id,
            line.kind.label(),
            line.answered,
            line.questions,
            Action::Resume.key()
        );
        // Narrow: the key to press before the details.
        let short = format!(
            " Unfinished session #{}: press {} to resume ",
            line.id,
            Action::Resume.key()
        );
        let text = if crate::tui::view::cells::width(&full) <= usize::from(area.width) {
            full
        } else {
            short
        };
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
                    lines.push(Line::styled(
                        d.report.targets_met_words().unwrap_or_default(),
                        theme.title(),
                    ));
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
                // The rows the forecast screen (f) lists as on track.
                let (met, targeted) = crate::tui::screens::forecast::on_track_count(d);
                lines.push(Line::raw(clip(
                    &format!("exam {}: {met}/{targeted} on track", forecast.date),
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
        .map(|a| {
            let label = match (a, due) {
                (Action::Review, Some(due)) => format!("Review ({due} due)"),
                (Action::Due, Some(due)) => format!("Only what is due ({due})"),
                (Action::Place, _) => data
                    .and_then(|d| PlacementOffer::of(&d.report.rows, &PlacementConfig::default()))
                    .map_or_else(
                        || a.label().to_owned(),
                        |offer| offer.label_within(usize::from(a_inner.width).saturating_sub(4)),
                    ),
                _ => a.label().to_owned(),
            };
            Line::from(vec![
                Span::raw(a.number().map_or("  ".to_owned(), |n| format!("{n} "))),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::quiz::SessionKind;
    use unicode_width::UnicodeWidthStr;

    fn line(id: i64, kind: SessionKind, answered: usize, finished: bool) -> SessionLine {
        SessionLine {
            id,
            // 2026-11-20 00:40 UTC.
            started_at_ms: 1_795_135_200_000,
            mode: crate::quiz::Mode::Practice,
            kind,
            finished,
            questions: 10,
            answered,
            score: answered as f64 * 0.5,
            profile: None,
        }
    }

    fn text(line: &SessionLine, width: usize) -> String {
        let row = session_row(line, width, &Theme::new(false));
        row.spans.iter().map(|s| s.content.as_ref()).collect()
    }

    /// Where `word` starts in `text`, in cells.
    fn column(text: &str, word: &str) -> usize {
        text.find(word).map_or(usize::MAX, |i| text[..i].width())
    }

    #[test]
    fn a_retake_of_a_three_digit_session_fits_at_80_columns() {
        let retake = line(124, SessionKind::Retake { of: Some(123) }, 4, false);
        // The history at 80 columns: 78 cells inside the panel.
        let wide = text(&retake, 78);
        assert!(wide.contains("#124"), "{wide}");
        assert!(wide.contains("2026-11-20 00:40"), "{wide}");
        assert!(wide.contains("retake of #123"), "{wide}");
        assert!(wide.contains("4/10"), "{wide}");
        assert!(wide.contains("50%"), "{wide}");
        assert!(wide.ends_with("○ to do"), "{wide}");
        assert!(wide.width() <= 78, "{wide}");
        // The dashboard's last sessions at 80 columns: 44 cells; the year and the count of
        // answers give way, the id of the session retaken stays.
        let narrow = text(&retake, 44);
        assert!(narrow.contains("retake #123"), "{narrow}");
        assert!(
            narrow.contains("11-20 00:40") && !narrow.contains("2026"),
            "{narrow}"
        );
        assert!(narrow.contains("50%"), "{narrow}");
        assert!(narrow.ends_with("○ to do"), "{narrow}");
        assert!(narrow.width() <= 44, "{narrow}");
        assert!(
            text(&line(5, SessionKind::Retake { of: Some(12) }, 10, true), 44)
                .contains("retake of #12")
        );
    }

    #[test]
    fn the_header_stands_over_its_columns() {
        for width in [44, 60, 78, 118] {
            let header = session_header(width);
            let row = text(&line(9, SessionKind::Review, 10, true), width);
            assert!(header.width() <= width, "{header}");
            assert_eq!(column(&header, "kind"), column(&row, "review"), "{width}");
            assert_eq!(column(&header, "status"), column(&row, "✓ done"), "{width}");
            let score = column(&row, "50%");
            assert!(
                (column(&header, "score")..column(&header, "score") + 5).contains(&score),
                "{header}\n{row}"
            );
        }
    }

    #[test]
    fn long_exam_titles_are_cut_and_narrow_panels_never_overflow() {
        let exam = SessionKind::ExamFile {
            title: "Databases and distributed systems, final exam".to_owned(),
            fingerprint: "ab".repeat(32),
        };
        let row = text(&line(7, exam.clone(), 10, true), 78);
        assert!(row.contains("exam \"Databases and…"), "{row}");
        for width in 0..120 {
            let row = text(&line(7, exam.clone(), 10, true), width);
            assert!(row.width() <= width.max(STATUS), "{width}: {row}");
        }
    }
}
