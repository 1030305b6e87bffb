//! Drawing: every screen as a pure function of the app state (`impl Widget for &App`), plus
//! the layout questions `update` needs answered the same way (what was clicked, how far a
//! document scrolls).

pub mod cells;
pub mod keys;
pub mod theme;

use super::app::{App, MIN_HEIGHT, MIN_WIDTH, Overlay, Screen};
use crate::tui::screens::dashboard::view as dashboard;
use crate::tui::screens::forecast::view as forecast;
use crate::tui::screens::gaps::view as gaps;
use crate::tui::screens::history::view as history;
use crate::tui::screens::keymap::Binding;
use crate::tui::screens::overlays::{
    CONFIDENCE_KEYS, CONFIRM_KEYS, DialogAction, EXAM_DATE_KEYS, MESSAGE_KEYS, PACK_KEYS,
    PROFILE_KEYS,
};
use crate::tui::screens::quiz::view as question;
use crate::tui::screens::setup::Section;
use crate::tui::screens::setup::view as setup;
use crate::tui::screens::summary::view as summary;
use cells::{clip, wrap};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Widget, Wrap};
use theme::Theme;

/// What a mouse click landed on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hit {
    /// A choice, item or rubric point of the question on screen (display position).
    Choice(usize),
    MatchLeft(usize),
    MatchRight(usize),
    Action(usize),
    DashSession(usize),
    /// A row of the screen's main list.
    Row(usize),
    Setup(Section, usize),
}

impl Widget for &App {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let Some((area, theme)) = canvas(area, buf, self.color, "skillgap", "Ctrl-C") else {
            return;
        };
        let [title, body, bar] = frame(area);
        title_bar(self, title, buf, &theme);
        match self.screen {
            Screen::Dashboard => dashboard::render(self, body, buf, &theme),
            Screen::Setup => setup::render(self, body, buf, &theme),
            Screen::Question => question::render_question(self, body, buf, &theme),
            Screen::Feedback => question::render_feedback(self, body, buf, &theme),
            Screen::Review => question::render_review(self, body, buf, &theme),
            Screen::Summary => summary::render(self, body, buf, &theme),
            Screen::Gaps => gaps::render_chart(self, body, buf, &theme),
            Screen::Forecast => forecast::render(self, body, buf, &theme),
            Screen::Category => gaps::render_category(self, body, buf, &theme),
            Screen::History => history::render_history(self, body, buf, &theme),
            Screen::Session => history::render_session(self, body, buf, &theme),
            Screen::Calibration => render_calibration(self, body, buf, &theme),
        }
        key_bar(self, bar, buf, &theme);
        if let Some(overlay) = &self.overlay {
            render_overlay(self, overlay, area, buf, &theme);
        }
    }
}

/// Title line, body, key bar.
fn frame(area: Rect) -> [Rect; 3] {
    Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
    ])
    .areas(area)
}

/// The body of the screen for an app of its current size.
pub fn body_area(app: &App) -> Rect {
    let [_, body, _] = frame(Rect::new(0, 0, app.size.0, app.size.1));
    body
}

/// Where a screen draws (`area` within the buffer) and in which colours; `None` when there is
/// nothing to draw on, or when the area is below the minimum size and the "enlarge the
/// terminal" message was drawn instead (`what` names the screen, `quit` the key that works).
pub fn canvas(
    area: Rect,
    buf: &mut Buffer,
    color: bool,
    what: &str,
    quit: &str,
) -> Option<(Rect, Theme)> {
    let area = area.intersection(buf.area);
    if area.is_empty() {
        return None;
    }
    let theme = Theme::new(color);
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        too_small_for(what, quit, area, buf, &theme);
        return None;
    }
    Some((area, theme))
}

/// Below the minimum size: what to do, centred; `what` names the screen and `quit` the key
/// that still works.
fn too_small_for(what: &str, quit: &str, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let text = format!(
        "Enlarge the terminal: {what} needs at least {MIN_WIDTH}×{MIN_HEIGHT}; this one is {}×{}. {quit} quits.",
        area.width, area.height
    );
    let lines: Vec<Line> = wrap(&text, usize::from(area.width))
        .into_iter()
        .map(|l| Line::styled(l, theme.warn()))
        .collect();
    let top = area.height.saturating_sub(lines.len() as u16) / 2;
    let inner = Rect {
        y: area.y + top,
        height: area.height - top,
        ..area
    };
    Paragraph::new(lines).render(inner, buf);
}

fn title_bar(app: &App, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let (left, right) = keys::title(app);
    let brand = " skillgap ";
    let room = usize::from(area.width).saturating_sub(brand.len() + 1);
    // The context on the right (an exam's clock among it) goes first when both do not fit:
    // the left is cut to make room for it.
    let right_fits = cells::width(&right) + 2 <= room;
    let left_room = if right_fits {
        room - cells::width(&right) - 2
    } else {
        room
    };
    let line = Line::from(vec![
        Span::styled(brand, theme.brand()),
        Span::styled(clip(&left, left_room), theme.title()),
    ]);
    Paragraph::new(line).render(area, buf);
    if right_fits {
        let right_width = cells::width(&right) as u16;
        let r = Rect {
            x: area.right() - right_width - 1,
            width: right_width + 1,
            ..area
        };
        Paragraph::new(Line::styled(right, theme.dim())).render(r, buf);
    }
}

fn key_bar(app: &App, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let mut spans = Vec::new();
    if let Some(notice) = &app.notice {
        spans.push(Span::styled(format!(" {} ", notice), theme.notice()));
        spans.push(Span::raw(" "));
    }
    let used: usize = spans.iter().map(Span::width).sum();
    // Help stays last on a screen's bar; a dialog's bar has none.
    let pinned = usize::from(app.overlay.is_none());
    let room = usize::from(area.width).saturating_sub(used);
    spans.extend(key_spans(&keys::bar(app), pinned, room, theme));
    Paragraph::new(Line::from(spans)).render(area, buf);
}

/// A key bar's entries that fit in `room` cells, whole (an entry cut in two would name
/// half a key): the last `pinned` always, the others in order while they fit.
pub fn key_spans(
    entries: &[(&str, &str)],
    pinned: usize,
    room: usize,
    theme: &Theme,
) -> Vec<Span<'static>> {
    let cells = |(key, what): &(&str, &str)| cells::width(key) + cells::width(what) + 3;
    let split = entries.len().saturating_sub(pinned);
    let (optional, kept) = entries.split_at(split);
    let mut room = room.saturating_sub(kept.iter().map(cells).sum());
    let mut shown: Vec<&(&str, &str)> = Vec::new();
    for entry in optional {
        if cells(entry) <= room {
            room -= cells(entry);
            shown.push(entry);
        }
    }
    shown.extend(kept);
    shown
        .into_iter()
        .flat_map(|(key, what)| {
            [
                Span::styled(format!(" {key}"), theme.key()),
                Span::styled(format!(" {what} "), theme.dim()),
            ]
        })
        .collect()
}

/// A rectangle of `width`×`height` centred in `area` (clamped to it).
pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let width = width.min(area.width);
    let height = height.min(area.height);
    Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    }
}

/// The calibration text as the core wrote it (sanitised there), scrolled; a line wider
/// than the screen is cut with `…`.
fn render_calibration(app: &App, body: Rect, buf: &mut Buffer, theme: &Theme) {
    let block = panel("How sure vs how right", true, theme);
    let inner = block.inner(body);
    block.render(body, buf);
    match &app.calibration {
        Some((text, scroll)) => {
            let lines: Vec<Line> = crate::text::sanitize(text)
                .lines()
                .map(|l| Line::raw(clip(l, usize::from(inner.width))))
                .collect();
            Paragraph::new(lines)
                .scroll((*scroll, 0))
                .render(inner, buf)
        }
        None => Paragraph::new(Line::styled("Loading…", theme.dim())).render(inner, buf),
    }
}

/// A message wrapped for a dialog, and how to close it.
fn message_lines(message: &str, width: usize, theme: &Theme) -> Vec<Line<'static>> {
    let mut lines: Vec<Line> = wrap(&crate::text::sanitize(message), width)
        .into_iter()
        .map(Line::raw)
        .collect();
    lines.push(Line::raw(""));
    lines.push(Line::styled(MESSAGE_KEYS.hint(), theme.dim()));
    lines
}

/// Row `i` of a numbered list in a dialog: the cursor's marker and highlight, and
/// "(current)" after the entry in use.
fn pick_row(i: usize, cursor: usize, label: &str, current: bool, theme: &Theme) -> Line<'static> {
    let text = format!(
        "{} {}. {label}{}",
        if i == cursor { "▶" } else { " " },
        i + 1,
        if current { "  (current)" } else { "" }
    );
    let style = if i == cursor {
        theme.selected()
    } else {
        Style::default()
    };
    Line::styled(text, style)
}

fn render_overlay(app: &App, overlay: &Overlay, area: Rect, buf: &mut Buffer, theme: &Theme) {
    // Text wrapped to fit the dialog, at most 60 cells wide: borders and margins take 4.
    let room = usize::from(area.width).saturating_sub(4).clamp(1, 60);
    let (title, lines): (String, Vec<Line>) = match overlay {
        Overlay::Help => {
            let mut lines = Vec::new();
            let help = keys::help(app);
            let key_width = help.iter().map(|(k, _)| cells::width(k)).max().unwrap_or(4);
            // A long line goes on under its own words, not under the keys.
            let what_room = usize::from(area.width)
                .saturating_sub(2 + key_width + 2)
                .max(12);
            for (key, what) in help {
                for (i, part) in wrap(&what, what_room).into_iter().enumerate() {
                    let keys = if i == 0 { key.as_str() } else { "" };
                    lines.push(Line::from(vec![
                        Span::styled(format!("{keys:>key_width$}  "), theme.key()),
                        Span::raw(part),
                    ]));
                }
            }
            lines.push(Line::raw(""));
            lines.push(Line::styled(MESSAGE_KEYS.hint(), theme.dim()));
            (format!("Keys: {}", keys::screen_name(app)), lines)
        }
        Overlay::ConfirmLeave { quit } => {
            let what = if *quit {
                "Quit skillgap?"
            } else {
                "Leave this quiz?"
            };
            let kept = app.quiz.as_ref().is_none_or(|q| q.kept_when_left());
            let (saved, later) = if kept {
                (
                    "The answers given so far are saved.",
                    "You can resume the session from the dashboard.",
                )
            } else {
                ("Nothing is answered yet,", "so this session is not kept.")
            };
            let key = |action| {
                CONFIRM_KEYS
                    .binding(action)
                    .and_then(Binding::bar_entry)
                    .map_or("", |(key, _)| key)
            };
            (
                what.to_owned(),
                vec![
                    Line::raw(saved),
                    Line::raw(later),
                    Line::raw(""),
                    Line::from(vec![
                        Span::styled(format!(" {} ", key(DialogAction::Yes)), theme.key()),
                        Span::raw(if *quit { "quit   " } else { "leave   " }),
                        Span::styled(format!(" {} ", key(DialogAction::No)), theme.key()),
                        Span::raw("stay"),
                    ]),
                ],
            )
        }
        Overlay::Profiles { cursor } => {
            let profiles = app.packs.get(app.pack).map_or(&[][..], |p| &p.profiles[..]);
            let mut lines: Vec<Line> = profiles
                .iter()
                .enumerate()
                .map(|(i, p)| {
                    let current = app.profile.as_deref() == Some(p.id.as_str());
                    let label = crate::text::sanitize_line(&p.title);
                    pick_row(i, *cursor, &label, current, theme)
                })
                .collect();
            let help = if lines.is_empty() {
                lines.push(Line::raw(
                    "This pack has no profiles, so no targets and no exam date.",
                ));
                PROFILE_KEYS
                    .binding(DialogAction::Close)
                    .map(|b| format!("{} {}", b.shown.replace(' ', "/"), b.help))
                    .unwrap_or_default()
            } else {
                PROFILE_KEYS.hint()
            };
            lines.push(Line::raw(""));
            lines.push(Line::styled(help, theme.dim()));
            ("Choose a profile".to_owned(), lines)
        }
        Overlay::Packs { cursor } => {
            let mut lines: Vec<Line> = app
                .packs
                .iter()
                .enumerate()
                .map(|(i, p)| {
                    let label = format!(
                        "{} {} · {} questions",
                        crate::text::sanitize_line(&p.meta.title),
                        crate::text::sanitize_line(&p.meta.version),
                        p.questions.len()
                    );
                    pick_row(i, *cursor, &label, i == app.pack, theme)
                })
                .collect();
            lines.push(Line::raw(""));
            lines.push(Line::styled(
                "The dashboard, gap chart and review follow the pack.",
                theme.dim(),
            ));
            lines.push(Line::styled(PACK_KEYS.hint(), theme.dim()));
            ("Choose a pack".to_owned(), lines)
        }
        Overlay::ExamDate { text, error } => {
            let mut lines = vec![
                Line::raw("Date of your exam for the current profile:"),
                Line::from(vec![
                    Span::styled(format!(" {text:<10}"), theme.selected()),
                    Span::raw("  YYYY-MM-DD"),
                ]),
                Line::raw(""),
            ];
            if let Some(why) = error {
                for line in wrap(&crate::text::sanitize(why), room) {
                    lines.push(Line::styled(line, theme.bad()));
                }
                lines.push(Line::raw(""));
            }
            lines.push(Line::styled(EXAM_DATE_KEYS.hint(), theme.dim()));
            ("Exam date".to_owned(), lines)
        }
        Overlay::Confidence { cursor, .. } => {
            let mut lines = vec![Line::raw("Before you see the answer:"), Line::raw("")];
            for (i, sure) in crate::quiz::Confidence::ALL.iter().enumerate() {
                let action = match sure {
                    crate::quiz::Confidence::Low => DialogAction::Low,
                    crate::quiz::Confidence::Medium => DialogAction::Medium,
                    crate::quiz::Confidence::High => DialogAction::High,
                };
                let (key, what) = CONFIDENCE_KEYS.binding(action).map_or(("", ""), |b| {
                    (b.shown.split(' ').next().unwrap_or(""), b.help)
                });
                let text = format!("{} {key} {what}", if i == *cursor { "▶" } else { " " });
                let style = if i == *cursor {
                    theme.selected()
                } else {
                    Style::default()
                };
                lines.push(Line::styled(text, style));
            }
            lines.push(Line::raw(""));
            lines.push(Line::styled(CONFIDENCE_KEYS.hint(), theme.dim()));
            ("How sure are you?".to_owned(), lines)
        }
        Overlay::Error(message) => (
            "Something went wrong".to_owned(),
            message_lines(message, room, theme),
        ),
        Overlay::Info { title, text } => (title.clone(), message_lines(text, room, theme)),
    };
    let content_width = lines.iter().map(Line::width).max().unwrap_or(10);
    let width = (content_width.max(cells::width(&title) + 4) + 4) as u16;
    let height = lines.len() as u16 + 2;
    let rect = centered(area, width, height);
    Clear.render(rect, buf);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_type(ratatui::widgets::BorderType::Rounded)
        .title(Span::styled(format!(" {title} "), theme.title()));
    Paragraph::new(lines)
        .block(block)
        .wrap(Wrap { trim: false })
        .render(rect, buf);
}

/// A titled box; the focused one is drawn bold.
pub fn panel<'a>(title: &str, focused: bool, theme: &Theme) -> Block<'a> {
    let style = if focused {
        theme.focus()
    } else {
        Style::default()
    };
    Block::default()
        .borders(Borders::ALL)
        .border_style(style)
        .title(Span::styled(format!(" {title} "), theme.title()))
}

/// First line shown of a list of `len` rows in `height` lines so that `cursor` is visible.
pub fn list_offset(cursor: usize, len: usize, height: usize) -> usize {
    if height == 0 || len <= height {
        0
    } else {
        cursor.saturating_sub(height - 1).min(len - height)
    }
}

/// Draws `rows` in `area` scrolled to keep `cursor` visible, the cursor row selected.
pub fn render_list(
    rows: Vec<Line<'static>>,
    cursor: Option<usize>,
    area: Rect,
    buf: &mut Buffer,
    theme: &Theme,
) {
    let height = usize::from(area.height);
    let offset = list_offset(cursor.unwrap_or(0), rows.len(), height);
    let len = rows.len();
    let lines: Vec<Line> = rows
        .into_iter()
        .enumerate()
        .skip(offset)
        .take(height)
        .map(|(i, line)| {
            if Some(i) == cursor {
                line.patch_style(theme.selected())
            } else {
                line
            }
        })
        .collect();
    Paragraph::new(lines).render(area, buf);
    scroll_marks(area, offset, len, buf, theme);
}

/// ▲ / ▼ in the right column when there is more above or below.
pub fn scroll_marks(area: Rect, offset: usize, len: usize, buf: &mut Buffer, theme: &Theme) {
    if area.width == 0 || area.height == 0 {
        return;
    }
    let x = area.right() - 1;
    if offset > 0
        && let Some(cell) = buf.cell_mut((x, area.y))
    {
        cell.set_symbol("▲").set_style(theme.dim());
    }
    if offset + usize::from(area.height) < len
        && let Some(cell) = buf.cell_mut((x, area.bottom() - 1))
    {
        cell.set_symbol("▼").set_style(theme.dim());
    }
}

/// The row of a list under (column, row), given where it is drawn and its cursor.
pub fn list_hit(area: Rect, cursor: usize, len: usize, column: u16, row: u16) -> Option<usize> {
    if !area.contains(ratatui::layout::Position::new(column, row)) {
        return None;
    }
    let offset = list_offset(cursor, len, usize::from(area.height));
    let i = offset + usize::from(row - area.y);
    (i < len).then_some(i)
}

/// What lies under a click at (column, row).
pub fn hit(app: &App, column: u16, row: u16) -> Option<Hit> {
    let body = body_area(app);
    match app.screen {
        Screen::Question => question::hit(app, body, column, row),
        Screen::Dashboard => dashboard::hit(app, body, column, row),
        Screen::Setup => setup::hit(app, body, column, row),
        Screen::Summary => summary::hit(app, body, column, row).map(Hit::Row),
        Screen::Gaps => gaps::hit_chart(app, body, column, row).map(Hit::Row),
        Screen::Forecast => forecast::hit(app, body, column, row).map(Hit::Row),
        Screen::Category => gaps::hit_category(app, body, column, row).map(Hit::Row),
        Screen::History => history::hit_history(app, body, column, row).map(Hit::Row),
        Screen::Session => history::hit_session(app, body, column, row).map(Hit::Row),
        Screen::Feedback | Screen::Review | Screen::Calibration => None,
    }
}

/// How far the document on screen (question, feedback, review) can scroll.
pub fn max_scroll(app: &App) -> u16 {
    question::max_scroll(app, body_area(app))
}

/// The scroll of the question on screen that keeps its cursor visible.
pub fn question_scroll(app: &App) -> u16 {
    question::cursor_scroll(app, body_area(app))
}
