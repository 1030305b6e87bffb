//! The box a typed answer is written in (Short, Numeric, Open). An Open answer wraps:
//! ratatui-textarea's own soft wrap breaks at every word boundary, so a comma can start a
//! row; here each line of the text wraps at spaces (inside a word only when it is wider
//! than the box), the cursor is drawn where it is, and the rows scroll so the cursor stays
//! in view. It only draws: the text area keeps the text and the editing.

use crate::tui::answer::AnswerInput;
use crate::tui::view::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Widget};
use ratatui_textarea::TextArea;
use unicode_width::UnicodeWidthChar;

/// The text as rows of at most `width` cells, and the cursor's (row, cell).
#[derive(Debug, PartialEq, Eq)]
pub struct Wrapped {
    pub rows: Vec<String>,
    pub cursor: (usize, usize),
}

/// A control character (a tab, an escape) is never sent to the terminal: it shows as `�`.
fn shown(c: char) -> char {
    if c.is_control() { '\u{FFFD}' } else { c }
}

fn cells(c: char) -> usize {
    shown(c).width().unwrap_or(0)
}

/// Char ranges of `line` broken into rows of at most `width` cells: after a space where
/// one fits, else inside the word. A space that would only overflow stays at the row's end
/// (it shows nothing), so no row starts with the space that broke it.
fn row_ranges(line: &[char], width: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    while start < line.len() {
        let mut used = 0;
        let mut end = start;
        let mut after_space = None;
        while let Some(&c) = line.get(end) {
            if used + cells(c) > width {
                break;
            }
            used += cells(c);
            end += 1;
            if c == ' ' {
                after_space = Some(end);
            }
        }
        if end < line.len() {
            if line.get(end) == Some(&' ') {
                end += 1;
            } else if let Some(after) = after_space {
                end = after;
            } else if end == start {
                end += 1;
            }
        }
        out.push((start, end));
        start = end;
    }
    if out.is_empty() {
        out.push((0, 0));
    }
    out
}

/// Wraps `lines` at `width` cells, placing the cursor at (`line`, `column` in chars).
pub fn wrap_with_cursor(lines: &[String], cursor: (usize, usize), width: usize) -> Wrapped {
    let width = width.max(1);
    let mut rows = Vec::new();
    let mut at = (0, 0);
    for (index, line) in lines.iter().enumerate() {
        let chars: Vec<char> = line.chars().collect();
        let ranges = row_ranges(&chars, width);
        let last = ranges.len() - 1;
        for (i, &(start, end)) in ranges.iter().enumerate() {
            let text: String = chars
                .get(start..end)
                .unwrap_or_default()
                .iter()
                .map(|c| shown(*c))
                .collect();
            if index == cursor.0 && start <= cursor.1 && (cursor.1 < end || i == last) {
                let before: usize = chars
                    .get(start..cursor.1.min(end))
                    .unwrap_or_default()
                    .iter()
                    .map(|c| cells(*c))
                    .sum();
                at = (rows.len(), before);
            }
            rows.push(text);
        }
    }
    // A cursor just past a full row goes to the start of the next one.
    if at.1 >= width {
        at = (at.0 + 1, 0);
        if rows.len() <= at.0 {
            rows.push(String::new());
        }
    }
    Wrapped { rows, cursor: at }
}

/// The framed box of a typed answer in `outer`; nothing for other inputs.
pub fn render_input(input: &AnswerInput, outer: Rect, buf: &mut Buffer, theme: &Theme) {
    let (area, title) = match input {
        AnswerInput::Text { area, numeric, .. } => {
            (area, if *numeric { "Number" } else { "Answer" })
        }
        AnswerInput::Open { area, rubric: None } => (area, "Your answer"),
        _ => return,
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.focus())
        .title(Span::styled(format!(" {title} "), theme.title()));
    let inner = block.inner(outer);
    block.render(outer, buf);
    if input.awaits_rubric() {
        render(area, inner, buf);
    } else {
        area.as_ref().render(inner, buf);
    }
}

/// Draws `area`'s text wrapped in `inner`, scrolled so the cursor row is in view (the top
/// rows stay while the text fits), with the placeholder while it is empty.
pub fn render(area: &TextArea<'_>, inner: Rect, buf: &mut Buffer) {
    if inner.width == 0 || inner.height == 0 {
        return;
    }
    let empty = area.lines().iter().all(String::is_empty);
    let wrapped = if empty {
        Wrapped {
            rows: vec![area.placeholder_text().to_owned()],
            cursor: (0, 0),
        }
    } else {
        let cursor = area.cursor();
        wrap_with_cursor(area.lines(), (cursor.0, cursor.1), usize::from(inner.width))
    };
    let height = usize::from(inner.height);
    let scroll = (wrapped.cursor.0 + 1).saturating_sub(height);
    let style = if empty {
        area.placeholder_style().unwrap_or_default()
    } else {
        Style::default()
    };
    let lines: Vec<Line> = wrapped
        .rows
        .into_iter()
        .skip(scroll)
        .take(height)
        .map(|row| Line::styled(row, style))
        .collect();
    Paragraph::new(lines).render(inner, buf);
    let (row, cell) = wrapped.cursor;
    let x = inner
        .x
        .saturating_add(u16::try_from(cell).unwrap_or(u16::MAX));
    let y = inner
        .y
        .saturating_add(u16::try_from(row - scroll).unwrap_or(u16::MAX));
    if let Some(spot) = buf.cell_mut(Position::new(x, y))
        && inner.contains(Position::new(x, y))
    {
        spot.set_style(spot.style().add_modifier(Modifier::REVERSED));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wrap(text: &str, cursor: (usize, usize), width: usize) -> Wrapped {
        let lines: Vec<String> = text.split('\n').map(str::to_owned).collect();
        wrap_with_cursor(&lines, cursor, width)
    }

    #[test]
    fn rows_break_after_spaces_and_never_start_with_punctuation() {
        let w = wrap("snapshot began, so it never", (0, 27), 14);
        assert_eq!(w.rows, ["snapshot ", "began, so it ", "never"]);
        assert_eq!(w.cursor, (2, 5));
        // The word "began" ends the row exactly: the comma stays with it.
        let w = wrap("abcd began, x", (0, 0), 10);
        assert_eq!(w.rows, ["abcd ", "began, x"]);
    }

    #[test]
    fn control_characters_never_reach_the_terminal() {
        let w = wrap("a\u{1b}[31mb\tc", (0, 0), 40);
        assert_eq!(w.rows, ["a\u{FFFD}[31mb\u{FFFD}c"]);
    }

    #[test]
    fn long_words_break_inside_and_the_cursor_follows() {
        let w = wrap("abcdefghij", (0, 10), 4);
        assert_eq!(w.rows, ["abcd", "efgh", "ij"]);
        assert_eq!(w.cursor, (2, 2));
        // Just past a full row: the start of the next row.
        let w = wrap("abcd", (0, 4), 4);
        assert_eq!(w.rows, ["abcd", ""]);
        assert_eq!(w.cursor, (1, 0));
    }

    #[test]
    fn lines_keep_their_breaks_and_the_cursor_its_line() {
        let w = wrap("one\n\ntwo three", (2, 4), 5);
        assert_eq!(w.rows, ["one", "", "two ", "three"]);
        assert_eq!(w.cursor, (3, 0));
        let w = wrap("one\n\ntwo", (1, 0), 5);
        assert_eq!(w.cursor, (1, 0));
        // A space that overflows stays at the row's end, typed after: next row.
        let w = wrap("abcd ", (0, 5), 4);
        assert_eq!(w.rows, ["abcd ", ""]);
        assert_eq!(w.cursor, (1, 0));
    }
}
