//! The question screens of every kind, the feedback after an answer and the review of a
//! past answer. Each is laid out as one scrolling document of lines (prompt, code box,
//! choices...), so long prompts and small terminals scroll instead of being cut.

use crate::pack::{Kind, Question};
use crate::quiz::line::letter;
use crate::quiz::{Item, Response, Verdict, line};
use crate::text::{sanitize, sanitize_line};
use crate::tui::answer::{AnswerInput, MatchFocus};
use crate::tui::app::{App, Screen};
use crate::tui::view::cells::{clip, code_line, fit, wrap, wrap_hanging};
use crate::tui::view::theme::Theme;
use crate::tui::view::{Hit, scroll_marks};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

/// What a document line belongs to, for clicks and for keeping the cursor visible.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    Choice(usize),
    Left(usize),
    Right(usize),
}

/// Lines of a document, with the line ranges of its clickable rows and of its cursor.
#[derive(Debug, Default)]
struct Doc {
    lines: Vec<Line<'static>>,
    targets: Vec<(Target, usize, usize)>,
    cursor: Option<(usize, usize)>,
}

impl Doc {
    fn push(&mut self, line: Line<'static>) {
        self.lines.push(line);
    }

    fn blank(&mut self) {
        self.lines.push(Line::raw(""));
    }

    fn text(&mut self, text: &str, width: usize, style: Style) {
        for l in wrap(text, width) {
            self.lines.push(Line::styled(l, style));
        }
    }

    /// A heading line.
    fn heading(&mut self, text: &str, theme: &Theme) {
        self.lines
            .push(Line::styled(text.to_owned(), theme.title()));
    }

    /// A row wrapped with a hanging indent after `prefix`, recorded as `target`.
    fn row(
        &mut self,
        target: Option<Target>,
        prefix: &str,
        text: &str,
        width: usize,
        style: Style,
        cursor: bool,
    ) {
        let start = self.lines.len();
        for l in wrap_hanging(prefix, text, width) {
            self.lines.push(Line::styled(l, style));
        }
        let end = self.lines.len();
        if let Some(target) = target {
            self.targets.push((target, start, end));
        }
        if cursor {
            self.cursor = Some((start, end));
        }
    }

    /// The code of a question in a box of its own, layout kept (long lines clipped).
    fn code(&mut self, language: &str, code: &str, width: usize, theme: &Theme) {
        if width < 8 {
            return;
        }
        let lines: Vec<String> = sanitize(code).lines().map(code_line).collect();
        let longest = lines
            .iter()
            .map(|l| crate::tui::view::cells::width(l))
            .max()
            .unwrap_or(0);
        let label = clip(&sanitize_line(language), width.saturating_sub(8));
        let box_width = (longest + 4).max(label.chars().count() + 6).min(width);
        let inner = box_width - 4;
        let top_rule = box_width.saturating_sub(crate::tui::view::cells::width(&label) + 5);
        self.push(Line::styled(
            format!("┌─ {label} {}┐", "─".repeat(top_rule)),
            theme.dim(),
        ));
        for l in lines {
            self.push(Line::from(vec![
                Span::styled("│ ", theme.dim()),
                Span::styled(fit(&l, inner), theme.code()),
                Span::styled(" │", theme.dim()),
            ]));
        }
        self.push(Line::styled(
            format!("└{}┘", "─".repeat(box_width - 2)),
            theme.dim(),
        ));
    }

    fn question(&mut self, question: &Question, width: usize, theme: &Theme) {
        self.text(&sanitize(&question.prompt), width, theme.title());
        if let Some(code) = &question.code {
            self.blank();
            self.code(&code.language, &code.text, width, theme);
        }
    }
}

fn mark_style(selected: bool, theme: &Theme) -> Style {
    if selected {
        theme.selected()
    } else {
        Style::default()
    }
}

/// The question being answered as a document.
fn question_doc(app: &App, width: usize, theme: &Theme) -> Doc {
    let mut doc = Doc::default();
    let Some(quiz) = &app.quiz else {
        return doc;
    };
    let Some(item) = quiz.session.current() else {
        return doc;
    };
    let Some(question) = app.question(item.pack, item.question) else {
        return doc;
    };
    doc.question(question, width, theme);
    doc.blank();
    match (&quiz.input, &question.kind) {
        (
            AnswerInput::Choices {
                cursor,
                picked,
                multi,
            },
            Kind::Single { choices, .. } | Kind::Multi { choices, .. },
        ) => {
            if *multi {
                doc.push(Line::styled(
                    "Tick every right choice (Space), then Enter.",
                    theme.dim(),
                ));
            }
            for (shown, &original) in item.order.iter().enumerate() {
                let Some(choice) = choices.get(original) else {
                    continue;
                };
                let selected = shown == *cursor;
                let tick = match (multi, picked.get(shown)) {
                    (true, Some(true)) => "[x] ",
                    (true, _) => "[ ] ",
                    _ => "",
                };
                let prefix = format!("{} {tick}{}. ", if selected { "▶" } else { " " }, shown + 1);
                doc.row(
                    Some(Target::Choice(shown)),
                    &prefix,
                    &sanitize_line(&choice.text),
                    width,
                    mark_style(selected, theme),
                    selected,
                );
            }
        }
        (AnswerInput::TrueFalse { cursor }, _) => {
            for (i, label) in ["True", "False"].iter().enumerate() {
                let selected = i == *cursor;
                let prefix = format!("{} {}. ", if selected { "▶" } else { " " }, i + 1);
                doc.row(
                    Some(Target::Choice(i)),
                    &prefix,
                    label,
                    width,
                    mark_style(selected, theme),
                    selected,
                );
            }
        }
        (
            AnswerInput::Order {
                arrangement,
                cursor,
                grabbed,
            },
            Kind::Order { items },
        ) => {
            doc.push(Line::styled(
                "Arrange the items in order, first at the top.",
                theme.dim(),
            ));
            for (pos, &original) in arrangement.iter().enumerate() {
                let selected = pos == *cursor;
                let marker = match (selected, *grabbed) {
                    (true, true) => "≡",
                    (true, false) => "▶",
                    _ => " ",
                };
                let prefix = format!("{marker} {}. ", pos + 1);
                let text = items
                    .get(original)
                    .map(|t| sanitize_line(t))
                    .unwrap_or_default();
                let style = if selected && *grabbed {
                    theme.selected().add_modifier(Modifier::BOLD)
                } else {
                    mark_style(selected, theme)
                };
                doc.row(
                    Some(Target::Choice(pos)),
                    &prefix,
                    &text,
                    width,
                    style,
                    selected,
                );
            }
        }
        (
            AnswerInput::Match {
                focus,
                left,
                right,
                pairs,
                ..
            },
            Kind::Match {
                pairs: written,
                distractors,
            },
        ) => {
            let rights: Vec<String> = written
                .iter()
                .map(|p| sanitize_line(&p.right))
                .chain(distractors.iter().map(|d| sanitize_line(d)))
                .collect();
            let shown_right = |pos: usize| -> String {
                item.order
                    .get(pos)
                    .and_then(|o| rights.get(*o))
                    .cloned()
                    .unwrap_or_default()
            };
            let paired = pairs.iter().filter(|p| p.is_some()).count();
            doc.push(Line::styled(
                format!(
                    "Pair each left item with a right one: {paired} of {} paired.",
                    pairs.len()
                ),
                theme.dim(),
            ));
            let focus_mark = |f: MatchFocus| if *focus == f { "  ◀ focus" } else { "" };
            doc.heading(&format!("Left{}", focus_mark(MatchFocus::Left)), theme);
            for (i, pair) in written.iter().enumerate() {
                let selected = i == *left;
                let chosen = pairs.get(i).copied().flatten().map_or_else(
                    || "·".to_owned(),
                    |pos| format!("{}) {}", letter(pos), shown_right(pos)),
                );
                let marker = match (selected, *focus) {
                    (true, MatchFocus::Left) => "▶",
                    (true, MatchFocus::Right) => "›",
                    _ => " ",
                };
                let prefix = format!("{marker} {}. ", i + 1);
                let text = format!("{}  →  {chosen}", sanitize_line(&pair.left));
                let style = mark_style(selected && *focus == MatchFocus::Left, theme);
                doc.row(
                    Some(Target::Left(i)),
                    &prefix,
                    &text,
                    width,
                    style,
                    selected && *focus == MatchFocus::Left,
                );
            }
            doc.blank();
            doc.heading(&format!("Right{}", focus_mark(MatchFocus::Right)), theme);
            for pos in 0..item.order.len() {
                let selected = pos == *right && *focus == MatchFocus::Right;
                let used = pairs
                    .iter()
                    .position(|p| *p == Some(pos))
                    .map_or_else(String::new, |l| format!("   (paired with {})", l + 1));
                let prefix = format!("{} {}) ", if selected { "▶" } else { " " }, letter(pos));
                doc.row(
                    Some(Target::Right(pos)),
                    &prefix,
                    &format!("{}{used}", shown_right(pos)),
                    width,
                    mark_style(selected, theme),
                    selected,
                );
            }
        }
        (
            AnswerInput::Open {
                area,
                rubric: Some(rubric),
            },
            Kind::Open {
                model_answer,
                rubric: points,
            },
        ) => {
            let answer = area.lines().join("\n").trim().to_owned();
            written_and_model(&mut doc, &answer, model_answer, width, theme);
            doc.heading("Rubric: tick the points your answer covered", theme);
            for (i, point) in points.iter().enumerate() {
                let selected = i == rubric.cursor;
                let tick = if rubric.ticked.get(i).copied().unwrap_or(false) {
                    "[x]"
                } else {
                    "[ ]"
                };
                let prefix = format!("{} {tick} {}. ", if selected { "▶" } else { " " }, i + 1);
                doc.row(
                    Some(Target::Choice(i)),
                    &prefix,
                    &sanitize_line(point),
                    width,
                    mark_style(selected, theme),
                    selected,
                );
            }
        }
        (
            AnswerInput::Text { numeric: true, .. },
            Kind::Numeric {
                unit: Some(unit), ..
            },
        ) => {
            doc.push(Line::styled(
                format!("Unit: {}", sanitize_line(unit)),
                theme.dim(),
            ));
        }
        _ => {}
    }
    doc
}

/// The parts of the question screen.
struct QuestionLayout {
    progress: Rect,
    doc: Rect,
    input: Option<Rect>,
    hint: Option<Rect>,
}

/// An Open answer as written, then the model answer: what the rubric step and the review
/// both show above the rubric.
fn written_and_model(
    doc: &mut Doc,
    written: &str,
    model_answer: &str,
    width: usize,
    theme: &Theme,
) {
    doc.heading("Your answer", theme);
    if written.trim().is_empty() {
        doc.push(Line::styled("(nothing written)", theme.dim()));
    } else {
        doc.text(&sanitize(written), width, theme.dim());
    }
    doc.blank();
    doc.heading("Model answer", theme);
    doc.text(&sanitize(model_answer), width, Style::default());
    doc.blank();
}

fn question_layout(app: &App, body: Rect) -> QuestionLayout {
    let quiz = app.quiz.as_ref();
    let input_height = match quiz.map(|q| &q.input) {
        Some(AnswerInput::Text { .. }) => 3,
        Some(AnswerInput::Open { rubric: None, .. }) => (body.height / 3).clamp(4, 12),
        _ => 0,
    };
    let hint = quiz.is_some_and(|q| q.hint.is_some());
    let [progress, doc, input, hint_area] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(2),
        Constraint::Length(input_height),
        Constraint::Length(u16::from(hint)),
    ])
    .areas(body);
    QuestionLayout {
        progress,
        doc,
        input: (input_height > 0).then_some(input),
        hint: hint.then_some(hint_area),
    }
}

/// The area the document's text goes in: a column of margin each side (marks on the right).
fn text_area(doc: Rect) -> Rect {
    Rect {
        x: doc.x + 1,
        width: doc.width.saturating_sub(2),
        ..doc
    }
}

/// The scroll that shows the question's cursor, changing the stored one as little as can be.
pub fn cursor_scroll(app: &App, body: Rect) -> u16 {
    let layout = question_layout(app, body);
    let area = text_area(layout.doc);
    let doc = question_doc(app, usize::from(area.width), &Theme::new(false));
    let stored = app.quiz.as_ref().map_or(0, |q| q.scroll);
    scroll_for(&doc, stored, area.height)
}

/// The stored scroll, within what the document allows at this size.
pub fn effective_scroll(app: &App, body: Rect) -> u16 {
    match app.screen {
        Screen::Question | Screen::Feedback | Screen::Review => {
            let stored = match app.screen {
                Screen::Review => app.review.as_ref().map_or(0, |r| r.scroll),
                _ => app.quiz.as_ref().map_or(0, |q| q.scroll),
            };
            stored.min(max_scroll(app, body))
        }
        _ => 0,
    }
}

fn scroll_for(doc: &Doc, stored: u16, height: u16) -> u16 {
    let len = doc.lines.len();
    let height = usize::from(height);
    let max = len.saturating_sub(height);
    let mut scroll = usize::from(stored).min(max);
    if let Some((start, end)) = doc.cursor {
        if start < scroll {
            scroll = start;
        } else if end > scroll + height {
            scroll = if end - start > height {
                start
            } else {
                end - height
            };
        }
    }
    u16::try_from(scroll.min(max)).unwrap_or(u16::MAX)
}

pub fn max_scroll(app: &App, body: Rect) -> u16 {
    let (lines, height) = match app.screen {
        Screen::Question => {
            let layout = question_layout(app, body);
            let area = text_area(layout.doc);
            (
                question_doc(app, usize::from(area.width), &Theme::new(false))
                    .lines
                    .len(),
                area.height,
            )
        }
        Screen::Feedback | Screen::Review => {
            let area = text_area(answer_area(app, body));
            (
                answer_doc(app, usize::from(area.width), &Theme::new(false)).len(),
                area.height,
            )
        }
        _ => (0, 0),
    };
    u16::try_from(lines.saturating_sub(usize::from(height))).unwrap_or(u16::MAX)
}

fn render_doc(lines: Vec<Line<'static>>, scroll: u16, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let len = lines.len();
    let text = text_area(area);
    let visible: Vec<Line> = lines
        .into_iter()
        .skip(usize::from(scroll))
        .take(usize::from(area.height))
        .collect();
    Paragraph::new(visible).render(text, buf);
    scroll_marks(area, usize::from(scroll), len, buf, theme);
}

pub fn render_question(app: &App, body: Rect, buf: &mut Buffer, theme: &Theme) {
    let layout = question_layout(app, body);
    Paragraph::new(super::progress_line::progress_line(
        app,
        usize::from(body.width),
        theme,
    ))
    .render(text_area(layout.progress), buf);
    let area = text_area(layout.doc);
    let doc = question_doc(app, usize::from(area.width), theme);
    let scroll = effective_scroll(app, body);
    render_doc(doc.lines, scroll, layout.doc, buf, theme);
    let Some(quiz) = &app.quiz else {
        return;
    };
    if let Some(input) = layout.input {
        super::answer_box::render_input(&quiz.input, input, buf, theme);
    }
    if let (Some(hint), Some(text)) = (layout.hint, &quiz.hint) {
        let area = text_area(hint);
        Paragraph::new(Line::styled(
            clip(
                &format!("✗ {}", sanitize_line(text)),
                usize::from(area.width),
            ),
            theme.warn(),
        ))
        .render(area, buf);
    }
}

pub fn hit(app: &App, body: Rect, column: u16, row: u16) -> Option<Hit> {
    let layout = question_layout(app, body);
    let area = text_area(layout.doc);
    if !area.contains(ratatui::layout::Position::new(column, row)) {
        return None;
    }
    let doc = question_doc(app, usize::from(area.width), &Theme::new(false));
    let line = usize::from(effective_scroll(app, body)) + usize::from(row - area.y);
    doc.targets
        .iter()
        .find(|(_, start, end)| (*start..*end).contains(&line))
        .map(|(target, _, _)| match target {
            Target::Choice(i) => Hit::Choice(*i),
            Target::Left(i) => Hit::MatchLeft(*i),
            Target::Right(i) => Hit::MatchRight(*i),
        })
}

// ---------------------------------------------------------------------------------------
// Feedback and review

/// The answer on screen (just given, or reviewed) with what it needs to be explained.
struct Answer<'a> {
    question: &'a Question,
    order: &'a [usize],
    response: &'a Response,
    score: f64,
    overridden: bool,
}

fn current_answer(app: &App) -> Option<Answer<'_>> {
    match app.screen {
        Screen::Feedback => {
            let quiz = app.quiz.as_ref()?;
            let item: &Item = quiz.session.current()?;
            let answered = quiz.session.results().get(quiz.index())?.as_ref()?;
            Some(Answer {
                question: app.question(item.pack, item.question)?,
                order: &item.order,
                response: &answered.response,
                score: answered.score,
                overridden: answered.overridden,
            })
        }
        Screen::Review => {
            let review = app.review.as_ref()?;
            Some(Answer {
                question: app.question(review.pack, review.question)?,
                order: &review.order,
                response: &review.response,
                score: review.score,
                overridden: review.overridden,
            })
        }
        _ => None,
    }
}

fn verdict_line(response: &Response, score: f64, overridden: bool, theme: &Theme) -> Line<'static> {
    let (text, style) = match response {
        Response::Skipped => ("– skipped".to_owned(), theme.dim()),
        Response::TimedOut => ("⏱ time ran out".to_owned(), theme.bad()),
        Response::NotReached => (
            "· not reached: time ran out before it was shown".to_owned(),
            theme.dim(),
        ),
        _ if overridden => ("✓ right: marked right by you".to_owned(), theme.good()),
        _ => {
            let verdict = Verdict::of(score);
            let style = match verdict {
                Verdict::Right => theme.good(),
                Verdict::Partly => theme.partly(),
                Verdict::Wrong => theme.bad(),
            };
            (verdict.label().to_owned(), style)
        }
    };
    Line::from(vec![
        Span::styled(format!(" {text} "), style.add_modifier(Modifier::REVERSED)),
        Span::styled(format!("  score {score:.2}"), theme.dim()),
    ])
}

/// The feedback document: verdict, the question, the answer against the key, the `why` of
/// the choices picked and of the right ones, explanation and references.
fn answer_doc(app: &App, width: usize, theme: &Theme) -> Vec<Line<'static>> {
    let Some(answer) = current_answer(app) else {
        return Vec::new();
    };
    let mut doc = Doc::default();
    let q = answer.question;
    doc.push(verdict_line(
        answer.response,
        answer.score,
        answer.overridden,
        theme,
    ));
    if app.screen == Screen::Feedback
        && answer.response.may_be_overruled()
        && !answer.overridden
        && !Verdict::is_right(answer.score)
    {
        doc.push(Line::styled(
            "If your answer says the same as the accepted one, press i: I was right.",
            theme.dim(),
        ));
    }
    doc.blank();
    doc.question(q, width, theme);
    doc.blank();
    let right = |ok: bool| {
        if ok {
            ("✓", theme.good())
        } else {
            ("✗", theme.bad())
        }
    };
    match (&q.kind, answer.response) {
        (Kind::Single { choices, .. } | Kind::Multi { choices, .. }, response) => {
            let picked: &[usize] = match response {
                Response::Choices { picked } => picked,
                _ => &[],
            };
            let correct: Vec<usize> = match &q.kind {
                Kind::Single { answer, .. } => vec![*answer],
                Kind::Multi { correct, .. } => correct.clone(),
                _ => Vec::new(),
            };
            doc.push(Line::styled(
                "✓ right choice   ✗ wrong pick   [x] your pick",
                theme.dim(),
            ));
            for (shown, &original) in answer.order.iter().enumerate() {
                let Some(choice) = choices.get(original) else {
                    continue;
                };
                let is_correct = correct.contains(&original);
                let is_picked = picked.contains(&original);
                let (mark, style) = match (is_correct, is_picked) {
                    (true, _) => ("✓", theme.good()),
                    (false, true) => ("✗", theme.bad()),
                    _ => (" ", Style::default()),
                };
                let tick = if is_picked { "[x]" } else { "[ ]" };
                let prefix = format!("{mark} {tick} {}. ", shown + 1);
                doc.row(
                    None,
                    &prefix,
                    &sanitize_line(&choice.text),
                    width,
                    style,
                    false,
                );
                if let Some(why) = &choice.why
                    && (is_correct || is_picked)
                {
                    for l in wrap_hanging("        ", &sanitize_line(why), width) {
                        doc.push(Line::styled(l, theme.dim()));
                    }
                }
            }
        }
        (Kind::TrueFalse { answer: key }, response) => {
            let given = match response {
                Response::TrueFalse { answer } => answer.to_string(),
                _ => "–".to_owned(),
            };
            doc.push(Line::raw(format!("Your answer: {given}")));
            doc.push(Line::raw(format!("Correct answer: {key}")));
        }
        (Kind::Short { accept, .. }, response) => {
            let given = match response {
                Response::Text { text } => sanitize_line(text),
                _ => "–".to_owned(),
            };
            doc.row(
                None,
                "Your answer: ",
                &given,
                width,
                Style::default(),
                false,
            );
            let accepted: Vec<String> = accept.iter().map(|a| sanitize_line(a)).collect();
            doc.row(
                None,
                "Accepted: ",
                &accepted.join("; "),
                width,
                Style::default(),
                false,
            );
        }
        (Kind::Numeric { .. }, response) => {
            let given = match response {
                Response::Number { typed, .. } => sanitize_line(typed),
                _ => "–".to_owned(),
            };
            doc.row(
                None,
                "Your answer: ",
                &given,
                width,
                Style::default(),
                false,
            );
            doc.row(
                None,
                "Correct answer: ",
                &line::correct_answer(q),
                width,
                Style::default(),
                false,
            );
        }
        (Kind::Order { items }, response) => {
            let given: &[usize] = match response {
                Response::Order { order } => order,
                _ => &[],
            };
            doc.heading("Your order", theme);
            if given.is_empty() {
                doc.push(Line::styled("(none)", theme.dim()));
            }
            for (pos, &original) in given.iter().enumerate() {
                let (mark, style) = right(original == pos);
                let text = items
                    .get(original)
                    .map(|t| sanitize_line(t))
                    .unwrap_or_default();
                doc.row(
                    None,
                    &format!("{mark} {}. ", pos + 1),
                    &text,
                    width,
                    style,
                    false,
                );
            }
            doc.blank();
            doc.heading("Right order", theme);
            for (pos, item) in items.iter().enumerate() {
                doc.row(
                    None,
                    &format!("  {}. ", pos + 1),
                    &sanitize_line(item),
                    width,
                    Style::default(),
                    false,
                );
            }
        }
        (Kind::Match { pairs, distractors }, response) => {
            let given: &[Option<usize>] = match response {
                Response::Match { pairs } => pairs,
                _ => &[],
            };
            let rights: Vec<String> = pairs
                .iter()
                .map(|p| sanitize_line(&p.right))
                .chain(distractors.iter().map(|d| sanitize_line(d)))
                .collect();
            doc.heading("Your pairs", theme);
            for (i, pair) in pairs.iter().enumerate() {
                let chosen = given.get(i).copied().flatten();
                let ok = chosen == Some(i);
                let (mark, style) = right(ok);
                let chosen_text = chosen
                    .and_then(|c| rights.get(c).cloned())
                    .unwrap_or_else(|| "·".to_owned());
                let fix = if ok {
                    String::new()
                } else {
                    format!("   (right: {})", sanitize_line(&pair.right))
                };
                doc.row(
                    None,
                    &format!("{mark} "),
                    &format!("{} → {chosen_text}{fix}", sanitize_line(&pair.left)),
                    width,
                    style,
                    false,
                );
            }
        }
        (
            Kind::Open {
                model_answer,
                rubric,
            },
            response,
        ) => {
            let (text, covered): (String, &[usize]) = match response {
                Response::Open { text, covered } => (text.clone(), covered),
                _ => (String::new(), &[]),
            };
            written_and_model(&mut doc, &text, model_answer, width, theme);
            doc.heading("Rubric", theme);
            for (i, point) in rubric.iter().enumerate() {
                let (mark, style) = right(covered.contains(&i));
                doc.row(
                    None,
                    &format!("{mark} "),
                    &sanitize_line(point),
                    width,
                    style,
                    false,
                );
            }
        }
    }
    doc.blank();
    doc.heading("Explanation", theme);
    doc.text(&sanitize(&q.explanation), width, Style::default());
    if !q.references.is_empty() {
        doc.blank();
        doc.heading("References", theme);
        for reference in &q.references {
            doc.row(
                None,
                "• ",
                &sanitize_line(reference),
                width,
                theme.dim(),
                false,
            );
        }
    }
    doc.lines
}

/// Where the feedback or review document goes: below the progress line for feedback.
fn answer_area(app: &App, body: Rect) -> Rect {
    if app.screen == Screen::Feedback {
        let [_, rest] = Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(body);
        rest
    } else {
        body
    }
}

pub fn render_feedback(app: &App, body: Rect, buf: &mut Buffer, theme: &Theme) {
    let [progress, _] = Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(body);
    Paragraph::new(super::progress_line::progress_line(
        app,
        usize::from(body.width),
        theme,
    ))
    .render(text_area(progress), buf);
    let rest = answer_area(app, body);
    let lines = answer_doc(app, usize::from(text_area(rest).width), theme);
    render_doc(lines, effective_scroll(app, body), rest, buf, theme);
}

pub fn render_review(app: &App, body: Rect, buf: &mut Buffer, theme: &Theme) {
    let lines = answer_doc(app, usize::from(text_area(body).width), theme);
    let scroll = effective_scroll(app, body);
    render_doc(lines, scroll, body, buf, theme);
}
