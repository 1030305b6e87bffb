//! Problems found in a pack: where (file:line:col), what, and how to fix it; rendered as plain
//! lines or with a source snippet (ariadne), every piece of pack text sanitised first.

use crate::text::{clip, sanitize_keeping_columns, sanitize_line, window};
use ariadne::{Config, Label, Report, ReportKind};
use std::fmt;
use std::ops::Range;

/// The most characters of a source line a snippet shows: a longer line is shown as a window
/// around the column, so a hostile 3 MB line gives a few hundred bytes of output.
const SNIPPET_CHARS: usize = 200;
/// The most characters of a message, help or label echoed (they may quote the input).
const MESSAGE_CHARS: usize = 400;

/// Sanitised and capped: text from a diagnostic as it is shown.
fn shown(text: &str) -> String {
    sanitize_line(&clip(text, MESSAGE_CHARS))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    fn word(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// A place in a source: 1-based line, 1-based column counted in characters, and the byte span.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub line: usize,
    pub col: usize,
    pub span: Range<usize>,
}

impl Location {
    /// The location of a byte span of `source`.
    pub fn of_span(source: &str, span: Range<usize>) -> Location {
        let (line, col) = line_col(source, span.start);
        Location { line, col, span }
    }

    /// The location of a 1-based line and character column (as the RON parser reports them).
    pub fn of_line_col(source: &str, line: usize, col: usize) -> Location {
        let start = byte_offset(source, line, col);
        let end = source
            .get(start..)
            .and_then(|rest| rest.chars().next())
            .map_or(start, |c| start + c.len_utf8());
        Location {
            line,
            col,
            span: start..end,
        }
    }
}

/// Another place a diagnostic refers to, such as the first definition of a duplicate id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Related {
    pub file: String,
    pub location: Location,
    pub label: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The file as the user named it.
    pub file: String,
    /// `None` for problems with the file as a whole (cannot be read, too large).
    pub location: Option<Location>,
    pub message: String,
    /// What to do about it.
    pub help: Option<String>,
    pub related: Option<Box<Related>>,
    /// The lint rule that produced a warning, such as `few-distractors`.
    pub code: Option<&'static str>,
}

impl Diagnostic {
    pub fn error(file: &str, location: Option<Location>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: file.to_owned(),
            location,
            message: message.into(),
            help: None,
            related: None,
            code: None,
        }
    }

    pub fn warning(file: &str, location: Option<Location>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(file, location, message)
        }
    }

    pub fn with_code(mut self, code: &'static str) -> Self {
        self.code = Some(code);
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn with_related(mut self, related: Option<Related>) -> Self {
        self.related = related.map(Box::new);
        self
    }

    /// `file:line:col` (or just the file).
    pub fn place(&self) -> String {
        place(&self.file, self.location.as_ref())
    }
}

fn place(file: &str, location: Option<&Location>) -> String {
    let file = shown(file);
    match location {
        Some(location) => format!("{file}:{}:{}", location.line, location.col),
        None => file,
    }
}

/// One line per diagnostic plus its help and related place, all sanitised.
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.place(), self.severity.word())?;
        if let Some(code) = self.code {
            write!(f, "[{code}]")?;
        }
        write!(f, ": {}", shown(&self.message))?;
        if let Some(help) = &self.help {
            write!(f, "\n  help: {}", shown(help))?;
        }
        if let Some(related) = &self.related {
            write!(
                f,
                "\n  note: {}: {}",
                place(&related.file, Some(&related.location)),
                shown(&related.label)
            )?;
        }
        Ok(())
    }
}

/// A source file as loaded, kept so diagnostics can show snippets of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceText {
    pub name: String,
    pub text: String,
}

/// Why a pack could not be loaded: every problem found, with the sources they point into.
#[derive(Debug, Clone)]
pub struct LoadError {
    pub diagnostics: Vec<Diagnostic>,
    pub sources: Vec<SourceText>,
}

impl LoadError {
    /// Renders every diagnostic with a snippet of its source. No byte of pack text reaches the
    /// output unsanitised; colour codes are written only when `color` is true.
    pub fn render(&self, color: bool) -> String {
        let mut out = String::new();
        for diagnostic in &self.diagnostics {
            out.push_str(&render_one(diagnostic, &self.sources, color));
        }
        let count = self.diagnostics.len();
        out.push_str(&format!(
            "{count} problem{} found\n",
            if count == 1 { "" } else { "s" }
        ));
        out
    }
}

/// Renders diagnostics with snippets of `sources` (as [`LoadError::render`] does), without
/// the closing count.
pub fn render_all(diagnostics: &[Diagnostic], sources: &[SourceText], color: bool) -> String {
    diagnostics
        .iter()
        .map(|diagnostic| render_one(diagnostic, sources, color))
        .collect()
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, diagnostic) in self.diagnostics.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{diagnostic}")?;
        }
        Ok(())
    }
}

impl std::error::Error for LoadError {}

fn render_one(diagnostic: &Diagnostic, sources: &[SourceText], color: bool) -> String {
    let source_of = |file: &str| sources.iter().find(|source| source.name == file);
    let (Some(location), Some(source)) = (&diagnostic.location, source_of(&diagnostic.file)) else {
        return format!("{diagnostic}\n");
    };
    let related_long = diagnostic.related.as_ref().is_some_and(|related| {
        source_of(&related.file).is_some_and(|s| touches_long_line(&s.text, &related.location.span))
    });
    if touches_long_line(&source.text, &location.span) || related_long {
        return windowed(diagnostic, &source.text, location);
    }
    // ariadne counts in characters; sanitising replaces one character by one, so character
    // offsets into the original text stay valid in the sanitised one.
    let file_id = sanitize_line(&diagnostic.file);
    let span = char_span(&source.text, &location.span);
    let kind = match diagnostic.severity {
        Severity::Error => ReportKind::Error,
        Severity::Warning => ReportKind::Warning,
    };
    let mut cache = vec![(
        file_id.clone(),
        sanitize_keeping_columns(&source.text).into_owned(),
    )];
    let mut report = Report::build(kind, (file_id.clone(), span.clone()))
        .with_config(Config::default().with_color(color).with_compact(false))
        .with_message(shown(&diagnostic.message));
    // ariadne starts a new snippet, headed with the primary place, for a label above the
    // one before it: give the labels in file order so one file gets one snippet.
    let mut labels = vec![(file_id.clone(), span, "here".to_owned())];
    if let Some(code) = diagnostic.code {
        report = report.with_code(code);
    }
    if let Some(help) = &diagnostic.help {
        report = report.with_help(shown(help));
    }
    if let Some(related) = &diagnostic.related {
        match source_of(&related.file) {
            Some(related_source) => {
                let related_id = if related.file == diagnostic.file {
                    file_id.clone()
                } else {
                    let id = sanitize_line(&related.file);
                    cache.push((
                        id.clone(),
                        sanitize_keeping_columns(&related_source.text).into_owned(),
                    ));
                    id
                };
                let span = char_span(&related_source.text, &related.location.span);
                labels.push((related_id, span, shown(&related.label)));
            }
            None => {
                report = report.with_note(format!(
                    "{}: {}",
                    place(&related.file, Some(&related.location)),
                    shown(&related.label)
                ));
            }
        }
    }
    labels.sort_by_key(|(id, span, _)| (id != &file_id, span.start));
    for (id, span, message) in labels {
        report = report.with_label(Label::new((id, span)).with_message(message));
    }
    let mut bytes = Vec::new();
    if report
        .finish()
        .write(ariadne::sources(cache), &mut bytes)
        .is_err()
    {
        return format!("{diagnostic}\n");
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

/// Whether the lines `span` touches hold more than [`SNIPPET_CHARS`] characters (or the span
/// runs over more than a few lines): too long for ariadne, which shows whole lines.
fn touches_long_line(text: &str, span: &Range<usize>) -> bool {
    let start = floor_char_boundary(text, span.start);
    let end = floor_char_boundary(text, span.end.max(span.start));
    let line_start = text
        .get(..start)
        .and_then(|s| s.rfind('\n'))
        .map_or(0, |i| i + 1);
    let line_end = text
        .get(end..)
        .and_then(|s| s.find('\n'))
        .map_or(text.len(), |i| end + i);
    let lines = text.get(line_start..line_end).unwrap_or("");
    lines.len() > SNIPPET_CHARS
        && (lines.chars().count() > SNIPPET_CHARS * 3
            || lines
                .split('\n')
                .any(|line| line.chars().count() > SNIPPET_CHARS))
}

/// The diagnostic's lines, then a window of [`SNIPPET_CHARS`] characters of its line around
/// the column with a caret under it: for lines too long to show whole.
fn windowed(diagnostic: &Diagnostic, text: &str, location: &Location) -> String {
    let start = floor_char_boundary(text, location.span.start);
    let line_start = text
        .get(..start)
        .and_then(|s| s.rfind('\n'))
        .map_or(0, |i| i + 1);
    let line = text
        .get(line_start..)
        .and_then(|rest| rest.split('\n').next())
        .unwrap_or("");
    let column = text.get(line_start..start).map_or(0, |s| s.chars().count());
    let (snippet, caret) = window(line, column, SNIPPET_CHARS);
    format!(
        "{diagnostic}\n   | {}\n   | {}^ here\n",
        sanitize_line(&snippet),
        " ".repeat(caret)
    )
}

fn floor_char_boundary(text: &str, byte: usize) -> usize {
    let mut byte = byte.min(text.len());
    while !text.is_char_boundary(byte) {
        byte -= 1;
    }
    byte
}

fn char_span(text: &str, span: &Range<usize>) -> Range<usize> {
    let start = text
        .get(..floor_char_boundary(text, span.start))
        .map_or(0, |s| s.chars().count());
    let end = text
        .get(..floor_char_boundary(text, span.end))
        .map_or(0, |s| s.chars().count());
    start..end.max(start)
}

/// 1-based line and character column of a byte offset.
pub fn line_col(text: &str, byte: usize) -> (usize, usize) {
    let before = text.get(..floor_char_boundary(text, byte)).unwrap_or("");
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = before.get(line_start..).map_or(0, |s| s.chars().count()) + 1;
    (line, col)
}

/// The byte offset of a 1-based line and character column, clamped to the text.
pub fn byte_offset(text: &str, line: usize, col: usize) -> usize {
    let mut offset = 0;
    for _ in 1..line {
        match text.get(offset..).and_then(|rest| rest.find('\n')) {
            Some(i) => offset += i + 1,
            None => return text.len(),
        }
    }
    let rest = text.get(offset..).unwrap_or("");
    let within: usize = rest
        .chars()
        .take(col.saturating_sub(1))
        .take_while(|&c| c != '\n')
        .map(char::len_utf8)
        .sum();
    offset + within
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters() {
        let text = "ab\néé x\n";
        let x = text.find('x').unwrap_or(0);
        assert_eq!(line_col(text, x), (2, 4));
        assert_eq!(byte_offset(text, 2, 4), x);
        assert_eq!(line_col(text, 0), (1, 1));
    }

    #[test]
    fn error_output_amplification_is_capped() {
        // A 3 MB line: the snippet, the message and the help must not repeat it.
        let line = format!("Exam(pack: \"{}\")", "y".repeat(3_000_000));
        let span = 1_500_000..1_500_001;
        let echoed = format!("unexpected `{}`", &line[..2_000_000]);
        let error = LoadError {
            diagnostics: vec![
                Diagnostic::error("big.ron", Some(Location::of_span(&line, span)), echoed)
                    .with_help(line.clone()),
            ],
            sources: vec![SourceText {
                name: "big.ron".into(),
                text: line.clone(),
            }],
        };
        for rendered in [error.render(false), error.render(true), error.to_string()] {
            assert!(rendered.len() < 2_000, "{} bytes", rendered.len());
            assert!(rendered.contains("big.ron:1:1500001"), "{rendered}");
            assert!(rendered.contains('…'), "{rendered}");
        }
        let rendered = error.render(false);
        let snippet = rendered
            .lines()
            .find(|l| l.contains("yyy") && l.starts_with("   |"))
            .unwrap();
        let caret = rendered.lines().find(|l| l.ends_with("^ here")).unwrap();
        assert_eq!(
            snippet.chars().nth(caret.chars().count() - "^ here".len()),
            Some('y')
        );
    }

    #[test]
    fn short_lines_keep_the_full_snippet() {
        let text = "Pack(id: \"x\")\n".to_owned();
        let error = LoadError {
            diagnostics: vec![Diagnostic::error(
                "p.ron",
                Some(Location::of_span(&text, 9..12)),
                "bad",
            )],
            sources: vec![SourceText {
                name: "p.ron".into(),
                text,
            }],
        };
        let rendered = error.render(false);
        assert!(
            rendered.contains("Pack(id: \"x\")") && rendered.contains("here"),
            "{rendered}"
        );
    }

    #[test]
    fn rendering_sanitises_hostile_text_and_colour_is_optional() {
        let text = "Pack(id: \"\u{1b}[2J\u{202E}x\")\n".to_owned();
        let span = 9..text.len() - 2;
        let error = LoadError {
            diagnostics: vec![
                Diagnostic::error(
                    "evil\u{1b}[31m.ron",
                    Some(Location::of_span(&text, span)),
                    "bad \u{1b}]0;title\u{7} id",
                )
                .with_help("remove \u{9b}it"),
            ],
            sources: vec![SourceText {
                name: "evil\u{1b}[31m.ron".into(),
                text,
            }],
        };
        let plain = error.render(false);
        assert!(!plain.chars().any(crate::text::is_forbidden), "{plain:?}");
        assert!(plain.contains("evil␛[31m.ron:1:10"), "{plain}");
        assert!(plain.contains("remove"), "{plain}");
        let coloured = error.render(true);
        assert!(
            coloured.contains('\u{1b}'),
            "colour codes expected when asked for"
        );
        // The only escapes are ariadne's SGR colour codes: ESC [ digits/semicolons m.
        let mut rest = coloured.as_str();
        while let Some(i) = rest.find('\u{1b}') {
            rest = &rest[i + 1..];
            let sgr = rest.strip_prefix('[').unwrap_or("!");
            let end = sgr.find('m').unwrap_or(usize::MAX);
            assert!(
                end != usize::MAX && sgr[..end].chars().all(|c| c.is_ascii_digit() || c == ';'),
                "unexpected escape in {coloured:?}"
            );
        }
    }
}
