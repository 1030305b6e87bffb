//! GIFT text → items (category switches and questions), escapes resolved, every piece with
//! its line and column. Questions that cannot be read are reported and left out.
//!
//! The grammar followed is Moodle's: questions are separated by blank lines; lines starting
//! with `//` are comments (Moodle 4 reads `[id:...]` and `[tag:...]` in them); `::title::`,
//! an optional `[format]` marker, the text, and one answer section in `{...}` that may be
//! followed by more text (a missing-word question). `\~ \= \# \{ \} \: \\` are literal
//! characters and `\n` a line break.

use super::Warning;
use crate::text::{describe_char, is_forbidden};

mod numeric;
use numeric::numeric;

/// At most this many removed-character warnings per file; then one summary line.
const MAX_CHAR_WARNINGS: usize = 10;
/// A question longer than this is refused: no real question is, and a hostile one would
/// cost memory out of proportion (each character is held with its position).
pub const MAX_QUESTION_BYTES: usize = 1024 * 1024;
/// More answers than this in one question are refused (checks on answers are pairwise).
pub const MAX_ANSWERS: usize = 1000;

/// One character of a question block: `esc` when it was written escaped (so never special).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Tok {
    c: char,
    esc: bool,
    line: usize,
    col: usize,
}

/// How the texts of a question are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Moodle auto-format (the default): plain text in which HTML tags are honoured.
    Moodle,
    Html,
    Plain,
    Markdown,
}

impl Format {
    /// `[html]` and the others, at the start of a text; returns the format and the rest.
    pub fn strip_marker(text: &str) -> (Option<Format>, &str) {
        let trimmed = text.trim_start();
        for (marker, format) in [
            ("[html]", Format::Html),
            ("[moodle]", Format::Moodle),
            ("[plain]", Format::Plain),
            ("[markdown]", Format::Markdown),
        ] {
            if let Some(head) = trimmed.get(..marker.len())
                && head.eq_ignore_ascii_case(marker)
            {
                return (Some(format), trimmed.get(marker.len()..).unwrap_or(""));
            }
        }
        (None, text)
    }
}

/// A place in the GIFT file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Pos {
    pub line: usize,
    pub col: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// `$CATEGORY: $course$/top/Databases`; `id` from a `// [id:...]` comment in its block.
    Category {
        pos: Pos,
        path: String,
        id: Option<String>,
    },
    Question(Question),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Question {
    /// Where the question starts (its title or text).
    pub pos: Pos,
    pub title: Option<String>,
    pub format: Option<Format>,
    /// From `// [id:...]`, with the comment's line.
    pub id: Option<(String, usize)>,
    /// From `// [tag:...]`.
    pub tags: Vec<String>,
    /// Text before the answer section (the whole prompt, usually).
    pub before: String,
    /// Text after it: non-empty for a missing-word question.
    pub after: String,
    /// Where `{` was written.
    pub brace: Pos,
    pub answers: Answers,
    /// After `####`.
    pub general_feedback: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Answers {
    /// `{}`.
    Essay,
    /// `{T}`, `{FALSE#feedback for a wrong answer#feedback for a right answer}`.
    TrueFalse { answer: bool, feedback: Vec<String> },
    /// `=` and `~` answers (multiple choice or short answer).
    Choices(Vec<Choice>),
    /// `=left -> right` pairs; an empty left is an extra right item.
    Match(Vec<MatchPair>),
    /// `{#...}`.
    Numeric(Vec<NumAnswer>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Choice {
    pub pos: Pos,
    /// Written with `=` (right) rather than `~`.
    pub equals: bool,
    /// `%50%` in percent, when written.
    pub weight: Option<f64>,
    pub text: String,
    pub feedback: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct MatchPair {
    pub pos: Pos,
    pub left: String,
    pub right: String,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum NumValue {
    /// `5:0.5` (tolerance 0 when not written).
    Exact { value: f64, tolerance: f64 },
    /// `1..3`.
    Range { min: f64, max: f64 },
    /// `~#feedback` after the answers: Moodle's "any other answer", worth 0, whose feedback
    /// is for wrong answers.
    Any,
}

#[derive(Debug, Clone, PartialEq)]
pub struct NumAnswer {
    pub pos: Pos,
    pub weight: Option<f64>,
    pub value: NumValue,
    pub feedback: Option<String>,
}

/// What a GIFT file holds: its items in order, what had to be reported, and how many
/// questions could not be read at all.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Parsed {
    pub items: Vec<Item>,
    pub warnings: Vec<Warning>,
    pub skipped: usize,
}

/// Reads a whole GIFT file. Never fails: what cannot be read is reported in `warnings`.
pub fn parse(text: &str) -> Parsed {
    let mut parsed = Parsed::default();
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let mut removed = Removed::default();
    let clean = remove_forbidden(text, &mut parsed.warnings, &mut removed);
    let mut block: Vec<(usize, &str)> = Vec::new();
    for (index, line) in clean.split('\n').enumerate() {
        if line.trim().is_empty() {
            if !block.is_empty() {
                read_block(&block, &mut parsed, &removed);
                block.clear();
            }
        } else {
            block.push((index + 1, line));
        }
    }
    if !block.is_empty() {
        read_block(&block, &mut parsed, &removed);
    }
    parsed
}

/// Control characters (other than newline and tab) and bidi controls are removed and
/// reported: they could rewrite what a terminal shows.
/// Where characters were removed (line → their columns in the file, ascending), so that
/// columns counted in the cleaned text can be told as they are in the file.
#[derive(Default)]
struct Removed(std::collections::HashMap<usize, Vec<usize>>);

impl Removed {
    /// The file's column for column `col` of cleaned line `line` (both from 1).
    fn original(&self, line: usize, col: usize) -> usize {
        let Some(columns) = self.0.get(&line) else {
            return col;
        };
        let mut original = col;
        for &gone in columns {
            if gone <= original {
                original += 1;
            } else {
                break;
            }
        }
        original
    }
}

fn remove_forbidden(text: &str, warnings: &mut Vec<Warning>, removed: &mut Removed) -> String {
    if !crate::text::has_forbidden(text) {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut count = 0usize;
    for (index, line) in text.split('\n').enumerate() {
        if index > 0 {
            out.push('\n');
        }
        for (col, c) in line.chars().enumerate() {
            if is_forbidden(c) {
                count += 1;
                removed.0.entry(index + 1).or_default().push(col + 1);
                if count <= MAX_CHAR_WARNINGS {
                    warnings.push(Warning::at(
                        index + 1,
                        col + 1,
                        format!(
                            "removed the character {}: control and bidirectional-override characters are not allowed in a pack",
                            describe_char(c)
                        ),
                    ));
                }
            } else {
                out.push(c);
            }
        }
    }
    if count > MAX_CHAR_WARNINGS {
        warnings.push(Warning::at(
            0,
            0,
            format!(
                "removed {} more control or bidirectional-override characters",
                count - MAX_CHAR_WARNINGS
            ),
        ));
    }
    out
}

/// `[id:...]` and `[tag:...]` in a comment line.
fn read_comment(
    comment: &str,
    id: &mut Option<(String, usize)>,
    tags: &mut Vec<String>,
    line: usize,
) {
    let mut rest = comment;
    while let Some(start) = rest.find('[') {
        let after = rest.get(start + 1..).unwrap_or("");
        // As Moodle reads them: `\]` is a `]` inside the value, `\x` any escaped character.
        let mut end = None;
        let mut chars = after.char_indices();
        while let Some((i, c)) = chars.next() {
            match c {
                '\\' => {
                    chars.next();
                }
                ']' => {
                    end = Some(i);
                    break;
                }
                _ => {}
            }
        }
        let Some(end) = end else { break };
        let inner = after.get(..end).unwrap_or("");
        if let Some(value) = inner.strip_prefix("id:") {
            let value = value.replace("\\]", "]");
            let value = value.trim();
            if !value.is_empty() {
                *id = Some((value.to_owned(), line));
            }
        } else if let Some(value) = inner.strip_prefix("tag:") {
            let value = value.replace("\\]", "]");
            let value = value.trim();
            if !value.is_empty() && !tags.iter().any(|t| t == value) {
                tags.push(value.to_owned());
            }
        }
        rest = after.get(end + 1..).unwrap_or("");
    }
}

fn read_block(block: &[(usize, &str)], parsed: &mut Parsed, removed: &Removed) {
    let mut id = None;
    let mut tags = Vec::new();
    let mut lines: Vec<(usize, &str)> = Vec::with_capacity(block.len());
    for &(number, line) in block {
        let trimmed = line.trim_start();
        if let Some(comment) = trimmed.strip_prefix("//") {
            read_comment(comment, &mut id, &mut tags, number);
        } else {
            lines.push((number, line));
        }
    }
    let Some(&(first_number, first_line)) = lines.first() else {
        return;
    };
    let size: usize = lines.iter().map(|(_, line)| line.len() + 1).sum();
    if size > MAX_QUESTION_BYTES {
        parsed.skipped += 1;
        parsed.warnings.push(Warning::at(
            first_number,
            1,
            format!(
                "this question is {} KiB long, over the {} KiB a question may take: look for a missing blank line between questions; question skipped",
                size / 1024,
                MAX_QUESTION_BYTES / 1024
            ),
        ));
        return;
    }
    let mut rest = lines.as_slice();
    let trimmed = first_line.trim_start();
    if let Some(path) = trimmed.strip_prefix("$CATEGORY:") {
        let col = first_line.len() - trimmed.len();
        parsed.items.push(Item::Category {
            pos: Pos {
                line: first_number,
                col: removed.original(
                    first_number,
                    first_line.get(..col).map_or(0, |s| s.chars().count()) + 1,
                ),
            },
            path: path.trim().to_owned(),
            id: id.take().map(|(id, _)| id),
        });
        rest = lines.get(1..).unwrap_or_default();
        if rest.is_empty() {
            return;
        }
    }
    let toks = tokens(rest, removed);
    match question(&toks) {
        Ok(mut q) => {
            q.id = id;
            q.tags = tags;
            parsed.items.push(Item::Question(q));
        }
        Err(warning) => {
            parsed.skipped += 1;
            parsed.warnings.push(warning);
        }
    }
}

/// The characters of the block's lines joined by newlines, escapes resolved.
fn tokens(lines: &[(usize, &str)], removed: &Removed) -> Vec<Tok> {
    let mut toks = Vec::new();
    for (index, &(line, text)) in lines.iter().enumerate() {
        if index > 0 {
            toks.push(Tok {
                c: '\n',
                esc: false,
                line,
                col: 0,
            });
        }
        let mut chars = text.chars().enumerate().peekable();
        while let Some((col, c)) = chars.next() {
            let col = removed.original(line, col + 1);
            if c == '\\'
                && let Some(&(_, next)) = chars.peek()
            {
                let escaped = match next {
                    '~' | '=' | '#' | '{' | '}' | ':' | '\\' => Some(next),
                    'n' => Some('\n'),
                    _ => None,
                };
                if let Some(escaped) = escaped {
                    chars.next();
                    toks.push(Tok {
                        c: escaped,
                        esc: true,
                        line,
                        col,
                    });
                    continue;
                }
            }
            toks.push(Tok {
                c,
                esc: false,
                line,
                col,
            });
        }
    }
    toks
}

fn pos(tok: Option<&Tok>) -> Pos {
    tok.map_or(Pos::default(), |t| Pos {
        line: t.line,
        col: t.col,
    })
}

fn at(pos: Pos, message: impl Into<String>) -> Warning {
    Warning::at(pos.line, pos.col, message)
}

/// Whether an unescaped `pat` starts at `i`.
fn is_at(toks: &[Tok], i: usize, pat: &str) -> bool {
    let mut chars = pat.chars();
    let mut j = i;
    loop {
        let Some(p) = chars.next() else { return true };
        match toks.get(j) {
            Some(t) if !t.esc && t.c == p => j += 1,
            _ => return false,
        }
    }
}

/// The first unescaped `pat` at or after `from`.
fn find(toks: &[Tok], from: usize, pat: &str) -> Option<usize> {
    (from..toks.len()).find(|&i| is_at(toks, i, pat))
}

fn text(toks: &[Tok]) -> String {
    toks.iter().map(|t| t.c).collect()
}

fn first_non_space(toks: &[Tok], from: usize) -> usize {
    (from..toks.len())
        .find(|&i| toks.get(i).is_some_and(|t| t.esc || !t.c.is_whitespace()))
        .unwrap_or(toks.len())
}

fn question(toks: &[Tok]) -> Result<Question, Warning> {
    let start = first_non_space(toks, 0);
    let start_pos = pos(toks.get(start));
    let mut body = start;
    let mut title = None;
    if is_at(toks, start, "::") {
        let Some(end) = find(toks, start + 2, "::") else {
            return Err(at(
                start_pos,
                "the title opened with `::` here is never closed: write `::title::` (or `\\:` for a literal colon); question skipped",
            ));
        };
        let written = text(toks.get(start + 2..end).unwrap_or_default());
        let written = written.trim();
        if !written.is_empty() {
            title = Some(written.to_owned());
        }
        body = end + 2;
    }

    // The answer section: exactly one `{...}` with nothing nested.
    let mut open = None;
    let mut close = None;
    for i in body..toks.len() {
        let Some(t) = toks.get(i) else { break };
        if t.esc {
            continue;
        }
        match (t.c, open, close) {
            ('{', None, _) => open = Some(i),
            ('{', Some(first), None) => {
                return Err(at(
                    pos(Some(t)),
                    format!(
                        "`{{` inside the answer section opened at line {} column {}: close it with `}}` first, or write `\\{{` for a literal brace; question skipped",
                        pos(toks.get(first)).line,
                        pos(toks.get(first)).col
                    ),
                ));
            }
            ('{', Some(_), Some(_)) => {
                return Err(at(
                    pos(Some(t)),
                    "a second answer section: a GIFT question has one `{...}`; if a new question starts here, put a blank line before it (questions are separated by blank lines); embedded answers (Cloze) are not supported; write `\\{` for a literal brace; question skipped",
                ));
            }
            ('}', None, _) => {
                return Err(at(
                    pos(Some(t)),
                    "`}` without a `{` before it: write `\\}` for a literal brace; question skipped",
                ));
            }
            ('}', Some(_), None) => close = Some(i),
            ('}', Some(_), Some(_)) => {
                return Err(at(
                    pos(Some(t)),
                    "`}` after the answer section was closed: write `\\}` for a literal brace; question skipped",
                ));
            }
            _ => {}
        }
    }
    let (open, close) = match (open, close) {
        (Some(open), Some(close)) => (open, close),
        (Some(open), None) => {
            return Err(at(
                pos(toks.get(open)),
                "unbalanced brace: the answer section opened here is not closed before the question ends (a blank line ends a question; write `\\n` for a line break inside one); question skipped",
            ));
        }
        (None, _) => {
            return Err(at(
                start_pos,
                "no answer section `{...}`: this is a Moodle description, not a question; skipped",
            ));
        }
    };
    let before = text(toks.get(body..open).unwrap_or_default());
    let (format, before) = Format::strip_marker(&before);
    let after = text(toks.get(close + 1..).unwrap_or_default());
    let brace = pos(toks.get(open));
    let inner = toks.get(open + 1..close).unwrap_or_default();
    let (answers, general_feedback) = answer_section(inner, brace)?;
    Ok(Question {
        pos: start_pos,
        title,
        format,
        id: None,
        tags: Vec::new(),
        before: before.trim().to_owned(),
        after: after.trim().to_owned(),
        brace,
        answers,
        general_feedback,
    })
}

fn answer_section(inner: &[Tok], brace: Pos) -> Result<(Answers, Option<String>), Warning> {
    let (section, general) = match find(inner, 0, "####") {
        Some(i) => (
            inner.get(..i).unwrap_or_default(),
            Some(
                text(inner.get(i + 4..).unwrap_or_default())
                    .trim()
                    .to_owned(),
            )
            .filter(|g| !g.is_empty()),
        ),
        None => (inner, None),
    };
    let start = first_non_space(section, 0);
    let Some(first) = section.get(start) else {
        return Ok((Answers::Essay, general));
    };
    if !first.esc && first.c == '#' {
        let rest = section.get(start + 1..).unwrap_or_default();
        return Ok((Answers::Numeric(numeric(rest, pos(Some(first)))?), general));
    }
    let has = |c: char| section.iter().any(|t| !t.esc && t.c == c);
    if has('~') {
        return Ok((Answers::Choices(choices(section, brace)?), general));
    }
    if has('=') {
        let is_match = (0..section.len()).any(|i| is_at(section, i, "->"));
        let list = choices(section, brace)?;
        if is_match {
            return Ok((Answers::Match(pairs(list)?), general));
        }
        return Ok((Answers::Choices(list), general));
    }
    let parts = split(section, '#');
    let head = parts
        .first()
        .map(|p| text(p).trim().to_owned())
        .unwrap_or_default();
    // Moodle reads only these four, in capitals, as True/False; any other bare text (even
    // `true`) is a short answer accepting that text.
    let answer = match head.as_str() {
        "T" | "TRUE" => true,
        "F" | "FALSE" => false,
        _ => {
            let (text, feedback) = with_feedback(section);
            return Ok((
                Answers::Choices(vec![Choice {
                    pos: pos(Some(first)),
                    equals: true,
                    weight: None,
                    text,
                    feedback,
                }]),
                general,
            ));
        }
    };
    let feedback = parts
        .iter()
        .skip(1)
        .map(|p| text(p).trim().to_owned())
        .collect();
    Ok((Answers::TrueFalse { answer, feedback }, general))
}

/// Splits at every unescaped `c`.
fn split(toks: &[Tok], c: char) -> Vec<&[Tok]> {
    toks.split(|t| !t.esc && t.c == c).collect()
}

/// `%50%` at the start of an answer; returns the weight and where the text starts.
fn weight(toks: &[Tok]) -> Result<(Option<f64>, usize), Warning> {
    let start = first_non_space(toks, 0);
    if !is_at(toks, start, "%") {
        return Ok((None, 0));
    }
    let Some(end) = find(toks, start + 1, "%") else {
        return Err(at(
            pos(toks.get(start)),
            "the weight opened with `%` is not closed: write it as `%50%`; question skipped",
        ));
    };
    let written = text(toks.get(start + 1..end).unwrap_or_default());
    match written.trim().parse::<f64>() {
        Ok(w) if w.is_finite() && (-100.0..=100.0).contains(&w) => Ok((Some(w), end + 1)),
        _ => Err(at(
            pos(toks.get(start)),
            format!(
                "`%{}%` is not a weight between -100 and 100 percent; question skipped",
                written.trim()
            ),
        )),
    }
}

/// `text #feedback` → (text, feedback).
fn with_feedback(toks: &[Tok]) -> (String, Option<String>) {
    match find(toks, 0, "#") {
        Some(i) => (
            text(toks.get(..i).unwrap_or_default()).trim().to_owned(),
            Some(
                text(toks.get(i + 1..).unwrap_or_default())
                    .trim()
                    .to_owned(),
            )
            .filter(|f| !f.is_empty()),
        ),
        None => (text(toks).trim().to_owned(), None),
    }
}

fn choices(section: &[Tok], brace: Pos) -> Result<Vec<Choice>, Warning> {
    let marks: Vec<usize> = (0..section.len())
        .filter(|&i| {
            section
                .get(i)
                .is_some_and(|t| !t.esc && (t.c == '=' || t.c == '~'))
        })
        .collect();
    if marks.len() > MAX_ANSWERS {
        return Err(at(
            brace,
            format!(
                "{} answers in one question, more than the {MAX_ANSWERS} allowed; question skipped",
                marks.len()
            ),
        ));
    }
    let lead = section
        .get(..marks.first().copied().unwrap_or(0))
        .unwrap_or_default();
    if let Some(stray) = lead.iter().find(|t| t.esc || !t.c.is_whitespace()) {
        return Err(at(
            pos(Some(stray)),
            "text before the first `=` or `~` in the answer section: start every answer with `=` (right) or `~` (wrong); question skipped",
        ));
    }
    let mut list = Vec::with_capacity(marks.len());
    for (n, &mark) in marks.iter().enumerate() {
        let end = marks.get(n + 1).copied().unwrap_or(section.len());
        let body = section.get(mark + 1..end).unwrap_or_default();
        let (weight, from) = weight(body)?;
        let (text, feedback) = with_feedback(body.get(from..).unwrap_or_default());
        list.push(Choice {
            pos: pos(section.get(mark)),
            equals: section.get(mark).is_some_and(|t| t.c == '='),
            weight,
            text,
            feedback,
        });
    }
    if list.is_empty() {
        return Err(at(
            brace,
            "the answer section holds no answer; question skipped",
        ));
    }
    Ok(list)
}

fn pairs(list: Vec<Choice>) -> Result<Vec<MatchPair>, Warning> {
    let mut pairs = Vec::with_capacity(list.len());
    for choice in list {
        if !choice.equals {
            return Err(at(
                choice.pos,
                "a `~` answer in a matching question: write every pair as `=left -> right`; question skipped",
            ));
        }
        let Some((left, right)) = choice.text.split_once("->") else {
            return Err(at(
                choice.pos,
                "this answer of a matching question has no `->`: write every pair as `=left -> right`; question skipped",
            ));
        };
        pairs.push(MatchPair {
            pos: choice.pos,
            left: left.trim().to_owned(),
            right: right.trim().to_owned(),
        });
    }
    Ok(pairs)
}

impl Pos {
    fn with_fallback(self, other: Pos) -> Pos {
        if self.line == 0 { other } else { self }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn only_question(text: &str) -> Question {
        let parsed = parse(text);
        assert_eq!(parsed.skipped, 0, "{:?}", parsed.warnings);
        match parsed.items.as_slice() {
            [Item::Question(q)] => q.clone(),
            other => panic!("expected one question, got {other:?}"),
        }
    }

    #[test]
    fn reads_title_escapes_and_choices() {
        let q = only_question("::T\\:1:: What is 1\\=1? {=yes #right ~no #wrong}");
        assert_eq!(q.title.as_deref(), Some("T:1"));
        assert_eq!(q.before, "What is 1=1?");
        let Answers::Choices(list) = q.answers else {
            panic!("not choices")
        };
        assert_eq!(list.len(), 2);
        assert!(list[0].equals);
        assert_eq!(list[0].text, "yes");
        assert_eq!(list[0].feedback.as_deref(), Some("right"));
        assert_eq!(list[1].text, "no");
    }

    #[test]
    fn numeric_forms() {
        let q = only_question("E? {#2.5:0.01}");
        assert_eq!(
            q.answers,
            Answers::Numeric(vec![NumAnswer {
                pos: Pos { line: 1, col: 6 },
                weight: None,
                value: NumValue::Exact {
                    value: 2.5,
                    tolerance: 0.01
                },
                feedback: None
            }])
        );
        let q = only_question("Range {#1..3}");
        assert!(matches!(
            &q.answers,
            Answers::Numeric(a) if a[0].value == NumValue::Range { min: 1.0, max: 3.0 }
        ));
    }

    #[test]
    fn oversized_questions_and_answer_lists_are_refused() {
        let long = format!("Q {{=a ~{}}}\n\nNext {{T}}", "b".repeat(MAX_QUESTION_BYTES));
        let parsed = parse(&long);
        assert_eq!(parsed.skipped, 1);
        assert_eq!(parsed.warnings[0].line, 1);
        assert!(parsed.warnings[0].message.contains("KiB"));
        assert_eq!(parsed.items.len(), 1);

        let many = format!("Q {{=a{}}}", " ~x".repeat(MAX_ANSWERS));
        let parsed = parse(&many);
        assert_eq!(parsed.skipped, 1);
        assert!(
            parsed.warnings[0]
                .message
                .contains("answers in one question")
        );
    }

    #[test]
    fn an_unclosed_brace_is_reported_at_the_brace() {
        let parsed = parse("// c\nQuestion\n  text {=a\n\nnext {T}");
        assert_eq!(parsed.skipped, 1);
        assert_eq!((parsed.warnings[0].line, parsed.warnings[0].col), (3, 8));
        assert_eq!(parsed.items.len(), 1);
    }
}
