//! The progress line above a question: how many are answered (for placement, what is decided
//! so far and its cap) and one symbol per question.

use crate::quiz::{Mode, Verdict};
use crate::tui::app::{App, Screen};
use crate::tui::view::cells::width;
use crate::tui::view::theme::Theme;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

/// One symbol per question: answered or not (exam), or the verdict (practice).
pub fn progress_line(app: &App, width: usize, theme: &Theme) -> Line<'static> {
    let Some(quiz) = &app.quiz else {
        return Line::raw("");
    };
    // Placement: what is known so far, and answers against its cap.
    let counted = match quiz.session.progress_line() {
        Some(decided) => format!(
            "{decided} · {} answered (at most {})  ",
            quiz.answered(),
            quiz.session.planned()
        ),
        None => format!(
            "{} of {} answered  ",
            quiz.answered(),
            quiz.session.items().len()
        ),
    };
    let mut spans = vec![Span::styled(counted, theme.dim())];
    let room = width.saturating_sub(width_of(&spans) + 1);
    for (i, result) in quiz.session.results().iter().enumerate().take(room) {
        let (symbol, style) = match (result, quiz.session.mode()) {
            _ if i == quiz.index() && app.screen == Screen::Question => ("◆", theme.title()),
            (None, _) => ("·", theme.dim()),
            (Some(_), Mode::Exam) => ("●", Style::default()),
            (Some(a), Mode::Practice) if !a.response.is_answered() => ("–", theme.dim()),
            (Some(a), Mode::Practice) => match Verdict::of(a.score) {
                Verdict::Right => ("✓", theme.good()),
                Verdict::Partly => ("◐", theme.partly()),
                Verdict::Wrong => ("✗", theme.bad()),
            },
        };
        spans.push(Span::styled(symbol, style));
    }
    Line::from(spans)
}

fn width_of(spans: &[Span]) -> usize {
    spans.iter().map(|s| width(&s.content)).sum()
}
