//! Problems found in a pack: where (file:line:col), what, and how to fix it; rendered as plain
//! lines or with a source snippet (ariadne), every piece of pack text sanitised first.

use crate::text::{sanitize, sanitize_line};
use ariadne::{Config, Label, Report, ReportKind};
use std::fmt;
use std::ops::Range;

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
    let file = sanitize_line(file);
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
        write!(f, ": {}", sanitize_line(&self.message))?;
        if let Some(help) = &self.help {
            write!(f, "\n  help: {}", sanitize_line(help))?;
        }
        if let Some(related) = &self.related {
            write!(
                f,
                "\n  note: {}: {}",
                place(&related.file, Some(&related.location)),
                sanitize_line(&related.label)
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
    // ariadne counts in characters; sanitising replaces one character by one, so character
    // offsets into the original text stay valid in the sanitised one.
    let file_id = sanitize_line(&diagnostic.file);
    let span = char_span(&source.text, &location.span);
    let kind = match diagnostic.severity {
        Severity::Error => ReportKind::Error,
        Severity::Warning => ReportKind::Warning,
    };
    let mut cache = vec![(file_id.clone(), sanitize(&source.text).into_owned())];
    let mut report = Report::build(kind, (file_id.clone(), span.clone()))
        .with_config(Config::default().with_color(color).with_compact(false))
        .with_message(sanitize_line(&diagnostic.message));
    // ariadne starts a new snippet, headed with the primary place, for a label above the
    // one before it: give the labels in file order so one file gets one snippet.
    let mut labels = vec![(file_id.clone(), span, "here".to_owned())];
    if let Some(code) = diagnostic.code {
        report = report.with_code(code);
    }
    if let Some(help) = &diagnostic.help {
        report = report.with_help(sanitize_line(help));
    }
    if let Some(related) = &diagnostic.related {
        match source_of(&related.file) {
            Some(related_source) => {
                let related_id = if related.file == diagnostic.file {
                    file_id.clone()
                } else {
                    let id = sanitize_line(&related.file);
                    cache.push((id.clone(), sanitize(&related_source.text).into_owned()));
                    id
                };
                let span = char_span(&related_source.text, &related.location.span);
                labels.push((related_id, span, sanitize_line(&related.label)));
            }
            None => {
                report = report.with_note(format!(
                    "{}: {}",
                    place(&related.file, Some(&related.location)),
                    sanitize_line(&related.label)
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
