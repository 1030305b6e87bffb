//! The session summary: the score, the score per category, and every question with its
//! verdict, each one open for review.

use crate::quiz::{self, Response, Verdict};
use crate::text::sanitize_line;
use crate::tui::app::App;
use crate::tui::view::cells::{self as cells, clip, fit};
use crate::tui::view::theme::Theme;
use crate::tui::view::{list_hit, panel, render_list};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Margin, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

struct SummaryLayout {
    head: Rect,
    categories: Rect,
    questions: Rect,
}

fn layout(app: &App, body: Rect) -> SummaryLayout {
    let categories = app.quiz.as_ref().map_or(0, |q| {
        quiz::category_scores(q.session.items().iter().filter_map(|i| {
            app.question(i.pack, i.question)
                .map(|q| (q.category.as_str(), 0.0))
        }))
        .len()
    }) as u16;
    let questions = app.quiz.as_ref().map_or(0, |q| q.session.items().len()) as u16;
    // Each box gets what it needs when both fit; else the questions keep at least half of
    // the room (they scroll) and the categories take the rest (cut with a marker).
    let room = body.height.saturating_sub(2);
    let (wanted_categories, wanted_questions) = (categories + 2, questions + 2);
    let categories_height = if wanted_categories + wanted_questions <= room {
        wanted_categories
    } else {
        let kept_for_questions = wanted_questions.min(room / 2).max(3);
        wanted_categories.min(room.saturating_sub(kept_for_questions))
    }
    .max(3);
    let [head, categories, questions] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Length(categories_height),
        Constraint::Min(3),
    ])
    .areas(body);
    SummaryLayout {
        head,
        categories,
        questions,
    }
}

/// Symbol and word of a result, with its style.
/// An answer the learner marked right ("I was right") says so.
pub fn verdict_of(
    response: Option<&Response>,
    score: f64,
    overridden: bool,
    theme: &Theme,
) -> (&'static str, ratatui::style::Style) {
    match response {
        None => ("· not answered", theme.dim()),
        Some(Response::Skipped) => ("– skipped", theme.dim()),
        Some(Response::TimedOut) => ("⏱ timed out", theme.bad()),
        Some(Response::NotReached) => ("· not reached", theme.dim()),
        Some(_) if overridden => ("✓ right (you)", theme.good()),
        Some(_) => match Verdict::of(score) {
            Verdict::Right => ("✓ right", theme.good()),
            Verdict::Partly => ("◐ partly", theme.partly()),
            Verdict::Wrong => ("✗ wrong", theme.bad()),
        },
    }
}

pub fn render(app: &App, body: Rect, buf: &mut Buffer, theme: &Theme) {
    let Some(quiz) = app.quiz.as_ref() else {
        return;
    };
    let layout = layout(app, body);
    let n = quiz.session.items().len();
    let total = quiz.total_score();
    let percent = if n == 0 {
        0.0
    } else {
        100.0 * total / n as f64
    };
    let missed = quiz.session.missed();
    let head = vec![
        Line::from(vec![
            Span::styled(" Session over: ", theme.title()),
            Span::styled(format!("{total:.2} of {n} ({percent:.0}%)"), theme.title()),
            Span::raw(if quiz.session.timed_out() {
                "  · time ran out"
            } else {
                ""
            }),
        ]),
        Line::styled(
            {
                let full = format!(
                    " {missed} to retake (r) · every answer is saved · Enter reviews a question"
                );
                let short = format!(" {missed} to retake (r) · Enter reviews a question");
                let width = usize::from(layout.head.width);
                if cells::width(&full) <= width {
                    full
                } else {
                    clip(&short, width)
                }
            },
            theme.dim(),
        ),
    ];
    Paragraph::new(head).render(layout.head, buf);

    let block = panel("By category", false, theme);
    let inner = block.inner(layout.categories);
    block.render(layout.categories, buf);
    let w = usize::from(inner.width);
    let title_w = (w / 3).clamp(8, 30);
    let bar_w = w.saturating_sub(title_w + 22).max(4);
    let per = quiz::category_scores(quiz.session.slots().filter_map(|(i, r)| {
        let q = app.question(i.pack, i.question)?;
        Some((q.category.as_str(), r.as_ref().map_or(0.0, |a| a.score)))
    }));
    let lines: Vec<Line> = per
        .iter()
        .map(|(category, sum, count)| {
            let share = if *count == 0 {
                0.0
            } else {
                sum / *count as f64
            };
            let filled = ((share * bar_w as f64).round() as usize).min(bar_w);
            Line::from(vec![
                Span::raw(format!(
                    "{} ",
                    fit(&sanitize_line(app.category_title(category)), title_w)
                )),
                Span::styled("█".repeat(filled), theme.bar()),
                Span::styled("░".repeat(bar_w - filled), theme.dim()),
                Span::raw(format!(" {sum:>5.2} of {count:<3} {:>4.0}%", share * 100.0)),
            ])
        })
        .collect();
    let shown = usize::from(inner.height);
    let mut lines = lines;
    if lines.len() > shown && shown > 0 {
        let hidden = lines.len() - (shown - 1);
        lines.truncate(shown - 1);
        lines.push(Line::styled(
            format!("… {hidden} more (the gap chart, g from the dashboard, lists every category)"),
            theme.dim(),
        ));
    }
    Paragraph::new(lines).render(inner, buf);

    let block = panel("Questions", true, theme);
    let inner = block.inner(layout.questions);
    block.render(layout.questions, buf);
    let w = usize::from(inner.width);
    let rows: Vec<Line<'static>> = quiz
        .session
        .slots()
        .enumerate()
        .map(|(i, (item, result))| {
            let (word, style) = verdict_of(
                result.as_ref().map(|a| &a.response),
                result.as_ref().map_or(0.0, |a| a.score),
                result.as_ref().is_some_and(|a| a.overridden),
                theme,
            );
            let prompt = app
                .question(item.pack, item.question)
                .map(|q| sanitize_line(&q.prompt))
                .unwrap_or_default();
            let number = format!("{:>3} ", i + 1);
            let word = fit(word, 14);
            let rest = w.saturating_sub(number.chars().count() + 15);
            Line::from(vec![
                Span::raw(number),
                Span::styled(word, style),
                Span::raw(format!(" {}", clip(&prompt, rest))),
            ])
        })
        .collect();
    render_list(rows, Some(quiz.summary_cursor), inner, buf, theme);
}

pub fn hit(app: &App, body: Rect, column: u16, row: u16) -> Option<usize> {
    let quiz = app.quiz.as_ref()?;
    let area = layout(app, body).questions.inner(Margin::new(1, 1));
    list_hit(
        area,
        quiz.summary_cursor,
        quiz.session.items().len(),
        column,
        row,
    )
}
