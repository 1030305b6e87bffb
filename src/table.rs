//! The one table writer of the reports: columns (header, alignment, width limits) and rows of
//! cells, rendered as aligned text (measured in terminal cells, so wide characters line up),
//! GitHub Markdown (`|` escaped) or RFC 4180 CSV (quoted where needed, formulas defused).
//! Every cell and header is sanitised on the way out, so untrusted text never puts an escape
//! sequence on the terminal or breaks a row.

use crate::text::sanitize_line;
use std::fmt::Write as _;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// How a column's cells sit in its width (text), and its Markdown alignment row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Align {
    Left,
    Right,
    Center,
}

/// How text wider than a column's maximum is shortened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cut {
    /// Cut at the width.
    Clip,
    /// Cut one short of the width and end with `…`, so the cut shows.
    Ellipsis,
}

/// One column: its header, alignment and, for text, how wide it may be.
#[derive(Debug, Clone)]
pub struct Column {
    header: String,
    align: Align,
    /// The header's alignment in text, when it differs from the cells'.
    header_align: Option<Align>,
    /// CSV: the cells are numbers, written without defusing a leading `-` or `+`.
    number: bool,
    /// Text: the fewest terminal cells the column takes.
    min: usize,
    /// Text: the most terminal cells the column takes, and how longer text is cut.
    max: Option<(usize, Cut)>,
    /// Text: what stands before the column (the table's separator if `None`).
    sep: Option<&'static str>,
}

impl Column {
    fn new(header: impl Into<String>, align: Align, number: bool) -> Column {
        Column {
            header: header.into(),
            align,
            header_align: None,
            number,
            min: 0,
            max: None,
            sep: None,
        }
    }

    /// A column of text, left-aligned.
    pub fn text(header: impl Into<String>) -> Column {
        Column::new(header, Align::Left, false)
    }

    /// A column of numbers (or figures such as `40%`), right-aligned; in CSV its cells are
    /// written as they are, not defused like text.
    pub fn number(header: impl Into<String>) -> Column {
        Column::new(header, Align::Right, true)
    }

    /// Centred (Markdown `:---:`; text pads both sides).
    pub fn center(mut self) -> Column {
        self.align = Align::Center;
        self
    }

    /// Text: the header sits to the left even though the cells are aligned otherwise (the
    /// class report's category titles over their scores).
    pub fn header_left(mut self) -> Column {
        self.header_align = Some(Align::Left);
        self
    }

    /// Text: at least `width` cells wide (wider when the header or a cell is).
    pub fn min(mut self, width: usize) -> Column {
        self.min = width;
        self
    }

    /// Text: at most `width` cells; longer text is cut at the width.
    pub fn clip(mut self, width: usize) -> Column {
        self.max = Some((width, Cut::Clip));
        self
    }

    /// Text: at most `width` cells; longer text is cut and ends with `…`.
    pub fn ellipsis(mut self, width: usize) -> Column {
        self.max = Some((width, Cut::Ellipsis));
        self
    }

    /// Text: exactly `width` cells; longer text is cut and ends with `…`.
    pub fn width(self, width: usize) -> Column {
        self.min(width).ellipsis(width)
    }

    /// Text: what stands before this column instead of the table's separator.
    pub fn sep(mut self, sep: &'static str) -> Column {
        self.sep = Some(sep);
        self
    }

    /// The width of this column in text, given its cells (already sanitised): as wide as
    /// its header and widest cell, within `min..=max`.
    fn text_width(&self, header: &str, cells: &[&str]) -> usize {
        let widest = cells
            .iter()
            .map(|c| cell_width(c))
            .chain([cell_width(header)])
            .max()
            .unwrap_or(0)
            .max(self.min);
        self.max.map_or(widest, |(max, _)| widest.min(max))
    }

    /// `text` cut to the column's maximum and padded to `width` (no padding after a
    /// left-aligned last column, so lines carry no trailing blanks of their own).
    fn fit(&self, text: &str, width: usize, align: Align, last: bool) -> String {
        let text = match self.max {
            Some((max, cut)) if cell_width(text) > max => cut_to(text, max, cut),
            _ => text.to_owned(),
        };
        let room = width.saturating_sub(cell_width(&text));
        let (before, after) = match align {
            Align::Left if last => (0, 0),
            Align::Left => (0, room),
            Align::Right => (room, 0),
            Align::Center => (room / 2, room - room / 2),
        };
        format!("{}{text}{}", " ".repeat(before), " ".repeat(after))
    }
}

/// The terminal cells `text` takes: two for a wide (CJK) character, none for a combining
/// mark.
fn cell_width(text: &str) -> usize {
    text.width()
}

/// The longest start of `text` that takes at most `width` cells.
fn take_cells(text: &str, width: usize) -> &str {
    let mut used = 0;
    for (i, c) in text.char_indices() {
        used += c.width().unwrap_or(0);
        if used > width {
            return text.get(..i).unwrap_or_default();
        }
    }
    text
}

fn cut_to(text: &str, width: usize, cut: Cut) -> String {
    match cut {
        Cut::Clip => take_cells(text, width).to_owned(),
        Cut::Ellipsis if width == 0 => String::new(),
        Cut::Ellipsis => format!("{}…", take_cells(text, width - 1)),
    }
}

#[derive(Debug, Clone)]
struct Row {
    cells: Vec<String>,
    /// Text only: a remark after the last column, without a header.
    note: String,
}

/// Headers and rows. A row with fewer cells than columns is padded with empty cells; cells
/// beyond the last column are ignored.
#[derive(Debug, Clone)]
pub struct Table {
    columns: Vec<Column>,
    rows: Vec<Row>,
    indent: &'static str,
    sep: &'static str,
}

impl Default for Table {
    fn default() -> Table {
        Table::new()
    }
}

impl Table {
    /// A table without columns yet; in text, columns will be separated by two spaces,
    /// without indent.
    pub fn new() -> Table {
        Table {
            columns: Vec::new(),
            rows: Vec::new(),
            indent: "",
            sep: "  ",
        }
    }

    pub fn column(mut self, column: Column) -> Table {
        self.columns.push(column);
        self
    }

    pub fn columns(mut self, columns: impl IntoIterator<Item = Column>) -> Table {
        self.columns.extend(columns);
        self
    }

    /// Text columns named by `headers`, separated by commas ("id,title").
    pub fn texts(self, headers: &str) -> Table {
        self.columns(headers.split(',').map(Column::text))
    }

    /// Number columns named by `headers`, separated by commas ("mastery,low,high").
    pub fn numbers(self, headers: &str) -> Table {
        self.columns(headers.split(',').map(Column::number))
    }

    /// Text: what every line starts with.
    pub fn indent(mut self, indent: &'static str) -> Table {
        self.indent = indent;
        self
    }

    /// Text: what stands between two columns (unless a column says otherwise).
    pub fn sep(mut self, sep: &'static str) -> Table {
        self.sep = sep;
        self
    }

    pub fn row<S: Into<String>>(&mut self, cells: impl IntoIterator<Item = S>) {
        self.row_with_note(cells, "");
    }

    /// A row with a remark after it in text (two spaces, then the note; nothing when the
    /// note is empty). Markdown and CSV have no place for remarks: give them a column.
    pub fn row_with_note<S: Into<String>>(
        &mut self,
        cells: impl IntoIterator<Item = S>,
        note: impl Into<String>,
    ) {
        self.rows.push(Row {
            cells: cells.into_iter().map(Into::into).collect(),
            note: note.into(),
        });
    }

    /// Cell `i` of `row`, sanitised for one line.
    fn cell(row: &Row, i: usize) -> String {
        row.cells
            .get(i)
            .map_or_else(String::new, |c| sanitize_line(c))
    }

    /// Aligned text: a header line, then a line per row.
    pub fn to_text(&self) -> String {
        self.text(true)
    }

    /// Aligned text without the header line.
    pub fn to_text_rows(&self) -> String {
        self.text(false)
    }

    fn text(&self, with_header: bool) -> String {
        let headers: Vec<String> = self
            .columns
            .iter()
            .map(|c| sanitize_line(&c.header))
            .collect();
        let rows: Vec<Vec<String>> = self
            .rows
            .iter()
            .map(|row| {
                (0..self.columns.len())
                    .map(|i| Self::cell(row, i))
                    .collect()
            })
            .collect();
        let widths: Vec<usize> = self
            .columns
            .iter()
            .zip(&headers)
            .enumerate()
            .map(|(i, (column, header))| {
                let cells: Vec<&str> = rows
                    .iter()
                    .filter_map(|r| r.get(i).map(String::as_str))
                    .collect();
                let header = if with_header { header.as_str() } else { "" };
                column.text_width(header, &cells)
            })
            .collect();
        let line = |cells: &[String], header: bool| {
            let mut out = String::from(self.indent);
            let last = self.columns.len().saturating_sub(1);
            for (i, (column, width)) in self.columns.iter().zip(&widths).enumerate() {
                if i > 0 {
                    out.push_str(column.sep.unwrap_or(self.sep));
                }
                let align = match column.header_align {
                    Some(align) if header => align,
                    _ => column.align,
                };
                let text = cells.get(i).map_or("", String::as_str);
                out.push_str(&column.fit(text, *width, align, i == last));
            }
            out
        };
        // An empty last cell would leave its separator (and padding) at the end of a line.
        let trimmed = |mut line: String| {
            line.truncate(line.trim_end_matches(' ').len());
            line
        };
        let mut out = String::new();
        if with_header {
            out.push_str(&trimmed(line(&headers, true)));
            out.push('\n');
        }
        for (row, cells) in self.rows.iter().zip(&rows) {
            if row.note.is_empty() {
                out.push_str(&trimmed(line(cells, false)));
            } else {
                out.push_str(&line(cells, false));
                out.push_str("  ");
                out.push_str(&sanitize_line(&row.note));
            }
            out.push('\n');
        }
        out
    }

    /// A GitHub Markdown table: header, alignment row, a line per row.
    pub fn to_markdown(&self) -> String {
        let mut out = String::from("|");
        for column in &self.columns {
            let _ = write!(out, " {} |", markdown_cell(&column.header));
        }
        out.push_str("\n|");
        for column in &self.columns {
            out.push_str(match column.align {
                Align::Left => "---|",
                Align::Right => "---:|",
                Align::Center => ":---:|",
            });
        }
        out.push('\n');
        for row in &self.rows {
            out.push('|');
            for i in 0..self.columns.len() {
                let text = row.cells.get(i).map_or("", String::as_str);
                let _ = write!(out, " {} |", markdown_cell(text));
            }
            out.push('\n');
        }
        out
    }

    /// CSV: a header line, then a line per row, each ending in `\n`.
    pub fn to_csv(&self) -> String {
        let header: Vec<String> = self.columns.iter().map(|c| csv_field(&c.header)).collect();
        let mut out = header.join(",");
        out.push('\n');
        for row in &self.rows {
            let fields: Vec<String> = self
                .columns
                .iter()
                .enumerate()
                .map(|(i, column)| {
                    let text = row.cells.get(i).map_or("", String::as_str);
                    if column.number {
                        csv_quote(sanitize_line(text))
                    } else {
                        csv_field(text)
                    }
                })
                .collect();
            out.push_str(&fields.join(","));
            out.push('\n');
        }
        out
    }
}

/// Text for a Markdown table cell: one line, `|` escaped.
pub fn markdown_cell(text: &str) -> String {
    sanitize_line(text).replace('|', "\\|")
}

/// A CSV field, quoted when needed, with a leading `=`, `+`, `-` or `@` defused so that a
/// spreadsheet does not run pack text as a formula.
pub fn csv_field(text: &str) -> String {
    let text = sanitize_line(text);
    csv_quote(if text.starts_with(['=', '+', '-', '@']) {
        format!("'{text}")
    } else {
        text
    })
}

/// `text` quoted as RFC 4180 asks when it holds a comma, a quote or a line break.
fn csv_quote(text: String) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Table {
        let mut table = Table::new()
            .column(Column::text("name").min(4).clip(8))
            .column(Column::number("score").min(5))
            .texts("flags");
        table.row(["Ada", "90%", ""]);
        table.row_with_note(["a very long name", "5%", "low"], "check it");
        table
    }

    #[test]
    fn text_aligns_cuts_and_notes() {
        // An empty last cell leaves no separator at the end of its line.
        assert_eq!(
            sample().to_text(),
            "name      score  flags\n\
             Ada         90%\n\
             a very l     5%  low  check it\n"
        );
    }

    /// `table` with `rows` added.
    fn with_rows(mut table: Table, rows: &[&[&str]]) -> Table {
        for row in rows {
            table.row(row.iter().copied());
        }
        table
    }

    #[test]
    fn text_without_header_sizes_to_the_rows() {
        let table = Table::new()
            .texts("a long header")
            .column(Column::number("n").min(3))
            .indent("> ");
        let table = with_rows(table, &[&["ab", "1"], &["abc", "1234"]]);
        assert_eq!(table.to_text_rows(), "> ab      1\n> abc  1234\n");
    }

    #[test]
    fn text_columns_fit_content_within_their_limits() {
        let fitted = Table::new()
            .column(Column::number("a").min(3).ellipsis(6).header_left())
            .column(Column::text("b").sep(" | "));
        let fitted = with_rows(fitted, &[&["12", "x"]]);
        assert_eq!(fitted.to_text(), "a   | b\n 12 | x\n");
        let cut = Table::new().column(Column::number("a").min(3).ellipsis(6));
        let cut = with_rows(cut, &[&["1234567"]]);
        assert_eq!(cut.to_text(), "     a\n12345…\n");
        // A cell wider than the minimum widens the whole column, header included.
        let numbered = Table::new().column(Column::number("#").min(3)).texts("id");
        let numbered = with_rows(numbered, &[&["9", "a"], &["1000", "b"]]);
        assert_eq!(numbered.to_text(), "   #  id\n   9  a\n1000  b\n");
    }

    #[test]
    fn wide_and_combining_characters_line_up() {
        let names = Table::new()
            .column(Column::text("name").clip(6))
            .numbers("n");
        let rows: [&[&str]; 4] = [
            &["数据库", "1"],
            &["Cafe\u{301}", "2"],
            &["数据库管理", "3"],
            &["a数据库", "4"],
        ];
        assert_eq!(
            with_rows(names, &rows).to_text(),
            "name    n\n数据库  1\nCafe\u{301}    2\n数据库  3\na数据   4\n"
        );
        let cut = Table::new().column(Column::text("x").width(5)).texts("y");
        let cut = with_rows(cut, &[&["数据库管理", "z"]]);
        assert_eq!(cut.to_text(), "x      y\n数据…  z\n");
    }

    #[test]
    fn center_pads_both_sides() {
        let mut table = Table::new()
            .column(Column::text("key").center().min(5))
            .texts("n");
        table.row(["✓", "1"]);
        assert_eq!(table.to_text(), " key   n\n  ✓    1\n");
        // Last on its line, its padding after is not written.
        let mut last = Table::new().column(Column::text("key").center().min(5));
        last.row(["✓"]);
        assert_eq!(last.to_text(), " key\n  ✓\n");
    }

    #[test]
    fn untrusted_text_is_sanitised_everywhere() {
        let mut table = Table::new().column(Column::text("t\u{1b}[1m").clip(20));
        table.row_with_note(["a\u{1b}[2J\nb"], "n\u{7}");
        let text = table.to_text();
        assert!(
            !text.contains('\u{1b}') && !text.contains('\u{7}'),
            "{text}"
        );
        assert_eq!(text, "t␛[1m\na␛[2J b  n␇\n");
        let markdown = table.to_markdown();
        assert!(!markdown.contains('\u{1b}'), "{markdown}");
        let csv = table.to_csv();
        assert!(!csv.contains('\u{1b}'), "{csv}");
    }

    #[test]
    fn markdown_escapes_pipes_and_marks_alignment() {
        let mut table = Table::new()
            .texts("a|b")
            .numbers("n")
            .column(Column::text("k").center());
        table.row(["x | y", "1", ""]);
        table.row(["z"]);
        assert_eq!(
            table.to_markdown(),
            "| a\\|b | n | k |\n|---|---:|:---:|\n| x \\| y | 1 |  |\n| z |  |  |\n"
        );
    }

    #[test]
    fn csv_quotes_and_defuses_text_but_not_numbers() {
        let mut table = Table::new().texts("title").numbers("gap");
        table.row(["=1+1, \"quoted\"", "-0.2500"]);
        table.row(["-x", "1,5"]);
        assert_eq!(
            table.to_csv(),
            "title,gap\n\"'=1+1, \"\"quoted\"\"\",-0.2500\n'-x,\"1,5\"\n"
        );
    }

    #[test]
    fn csv_fields_are_quoted_and_defused() {
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("=1+1"), "'=1+1");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("line\nbreak"), "line break");
    }
}
