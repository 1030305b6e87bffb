//! `skillgap history` as text and JSON: one line (or object) per session, newest first, with
//! its kind, status and score per category. Pure: [`crate::service::history`] gathers the
//! sessions. Written for thousands of sessions: each category name is made safe once, not on
//! every line, and nothing is built per session that is not printed.

use crate::quiz::SessionKind;
use crate::report::UtcMinutes;
use crate::store::{CategoryTally, History, SessionStatus};
use crate::text::{Percent, sanitize_line};
use std::fmt::Write as _;

/// The mean score of a category's answers in one session.
fn mean(tally: &CategoryTally) -> f64 {
    tally.score_sum / tally.answered as f64
}

/// Cells of the kind column in `history`: "retake of #12345" fits whole.
const KIND_CELLS: usize = 16;

/// Bytes a listing gathers before they go to the sink: a few kilobytes at a time.
const DRAIN_AT: usize = 3_072;

/// What a listing is written into before it goes to the sink: bytes, not a `String`, so
/// digits and blanks are appended without a UTF-8 check each (which was a few percent of a
/// 5,000-session JSON listing). Only `&str`, `char` and ASCII go in, so it stays UTF-8.
#[derive(Default)]
struct Out(Vec<u8>);

impl Out {
    fn with_capacity(capacity: usize) -> Out {
        Out(Vec::with_capacity(capacity))
    }

    fn push_str(&mut self, text: &str) {
        self.0.extend_from_slice(text.as_bytes());
    }

    fn push(&mut self, c: char) {
        self.push_str(c.encode_utf8(&mut [0; 4]));
    }

    /// Bytes known to be ASCII (digits, signs): the one way in besides `str` and `char`.
    fn push_ascii(&mut self, bytes: &[u8]) {
        debug_assert!(bytes.is_ascii());
        self.0.extend_from_slice(bytes);
    }

    fn push_blanks(&mut self, count: usize) {
        self.0.resize(self.0.len() + count, b' ');
    }

    /// Hands what was written so far to `sink` once it passes `at_least` bytes (0: always),
    /// so a listing of thousands of sessions is never held whole.
    fn drain_into(
        &mut self,
        sink: &mut impl std::io::Write,
        at_least: usize,
    ) -> std::io::Result<()> {
        if self.0.len() < at_least {
            return Ok(());
        }
        let written = sink.write_all(&self.0);
        self.0.clear();
        written
    }

    fn into_string(self) -> String {
        String::from_utf8(self.0).unwrap_or_default()
    }
}

impl std::fmt::Write for Out {
    fn write_str(&mut self, text: &str) -> std::fmt::Result {
        self.push_str(text);
        Ok(())
    }
}

/// `skillgap history` as text: a header, then one line a session.
pub fn history_text(history: &History) -> String {
    let mut out = Vec::with_capacity(160 * (history.sessions.len() + 1));
    let _ = write_history_text(history, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// [`history_text`] written to `sink` a few kilobytes at a time.
pub fn write_history_text(
    history: &History,
    sink: &mut impl std::io::Write,
) -> std::io::Result<()> {
    if history.sessions.is_empty() {
        return sink.write_all(b"No sessions yet: take a quiz with `skillgap quiz`.\n");
    }
    let mut out = Out::with_capacity(4_096);
    out.push_str("  id  started (UTC)     ");
    push_padded(&mut out, "kind", KIND_CELLS);
    out.push_str("  status      answered  score per category\n");
    // The few categories, each made safe to print once rather than on every line.
    let names: Vec<String> = history
        .categories
        .iter()
        .map(|c| sanitize_line(c))
        .collect();
    for s in &history.sessions {
        out.drain_into(sink, DRAIN_AT)?;
        // What `{:>4}  {}  {:<16}  {:<10}  {:>3} of {:<3} ` prints, without the formatter's
        // general steps, which were much of a long listing's cost.
        push_integer(&mut out, s.id, 4, Align::Right);
        let _ = write!(out, "  {}  ", UtcMinutes(s.started_at_ms));
        push_padded(&mut out, &s.kind.label_within(KIND_CELLS), KIND_CELLS);
        out.push_str("  ");
        push_padded(&mut out, status_word(s.status), 10);
        out.push_str("  ");
        push_integer(&mut out, s.answered, 3, Align::Right);
        out.push_str(" of ");
        push_integer(&mut out, s.questions, 3, Align::Left);
        out.push(' ');
        if s.score_withheld() {
            out.push_str("(exam in progress: scores when it ends)");
        } else {
            let tallies = history.tallies(s);
            for (i, tally) in tallies.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                out.push_str(names.get(tally.category).map_or("", String::as_str));
                out.push(' ');
                push_percent(&mut out, mean(tally));
            }
            if s.overridden > 0 {
                let separator = if tallies.is_empty() { "" } else { ", " };
                let _ = write!(
                    out,
                    "{separator}{} marked right by you",
                    crate::text::plural(s.overridden, "answer", "answers")
                );
            }
        }
        out.push('\n');
    }
    out.drain_into(sink, 0)
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Align {
    Left,
    Right,
}

/// `value` in decimal padded with blanks to `width` characters, as `{:<width$}` or
/// `{:>width$}` prints it.
fn push_integer(out: &mut Out, value: impl TryInto<i128>, width: usize, align: Align) {
    // Every integer type but u128 converts; none here is one.
    let value: i128 = value.try_into().unwrap_or(i128::MAX);
    let mut digits = [0u8; 40];
    let mut at = digits.len();
    let mut wide = value.unsigned_abs();
    // Dividing a u128 is a library call, which was most of this function's time: the digits
    // past a u64's (none, for the integers written here) are taken apart first, then the
    // rest in u64 steps.
    while wide > u128::from(u64::MAX) {
        at -= 1;
        if let (Some(cell), Ok(digit)) = (digits.get_mut(at), u8::try_from(wide % 10)) {
            *cell = b'0' + digit;
        }
        wide /= 10;
    }
    let mut rest = u64::try_from(wide).unwrap_or_default();
    loop {
        at -= 1;
        if let (Some(cell), Ok(digit)) = (digits.get_mut(at), u8::try_from(rest % 10)) {
            *cell = b'0' + digit;
        }
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    if value < 0 {
        at -= 1;
        if let Some(cell) = digits.get_mut(at) {
            *cell = b'-';
        }
    }
    let text = digits.get(at..).unwrap_or_default();
    let blanks = width.saturating_sub(text.len());
    if align == Align::Right {
        out.push_blanks(blanks);
    }
    out.push_ascii(text);
    if align == Align::Left {
        out.push_blanks(blanks);
    }
}

/// `share` as [`Percent`] prints it, whole percentages by the integer writer: the formatter's
/// general steps were the largest part of writing a listing's lines.
fn push_percent(out: &mut Out, share: f64) {
    let percent = Percent(share);
    match percent.whole() {
        Some(whole) => {
            push_integer(out, whole, 0, Align::Left);
            out.push('%');
        }
        None => {
            let _ = write!(out, "{percent}");
        }
    }
}

/// `history --format json`, the text [`crate::text::json_text`] would make of it (serde_json's
/// pretty layout, two-space indents, a final newline, nothing unprintable).
pub fn history_json_text(history: &History) -> String {
    let mut out = Vec::with_capacity(1_200 * (history.sessions.len() + 1));
    let _ = write_history_json(history, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// [`history_json_text`] written to `sink` a session at a time: a listing of 5,000 sessions is
/// 5.7 MB of JSON, never held whole. Written by hand, because a serialiser's generic steps
/// were most of what it cost; each category's id is escaped once, not on every session. The
/// layout is checked against serde_json's in the tests.
pub fn write_history_json(
    history: &History,
    sink: &mut impl std::io::Write,
) -> std::io::Result<()> {
    // Strings come out of `push_json_str` printable, and nothing else here holds more than
    // printable ASCII and newlines: each piece is written as it is.
    let mut out = Out::with_capacity(4_096);
    if history.sessions.is_empty() {
        out.push_str("{\n  \"sessions\": []\n}\n");
        return out.drain_into(sink, 0);
    }
    let ids: Vec<String> = history
        .categories
        .iter()
        .map(|category| {
            let mut id = Out::default();
            push_json_str(&mut id, category);
            id.into_string()
        })
        .collect();
    let mut numbers = Numbers::default();
    out.push_str("{\n  \"sessions\": [");
    for (i, s) in history.sessions.iter().enumerate() {
        out.drain_into(sink, DRAIN_AT)?;
        out.push_str(if i == 0 { "\n    {" } else { ",\n    {" });
        out.push_str("\n      \"id\": ");
        push_integer(&mut out, s.id, 0, Align::Left);
        let _ = write!(
            out,
            ",\n      \"started_at\": \"{}\"",
            UtcMinutes(s.started_at_ms)
        );
        out.push_str(",\n      \"started_at_ms\": ");
        push_integer(&mut out, s.started_at_ms, 0, Align::Left);
        out.push_str(",\n      \"ended_at_ms\": ");
        match s.ended_at_ms {
            Some(ms) => push_integer(&mut out, ms, 0, Align::Left),
            None => out.push_str("null"),
        }
        let _ = write!(
            out,
            ",\n      \"mode\": \"{}\",\n      \"kind\": {{\n        \"name\": \"{}\",\n        \"label\": ",
            s.mode.name(),
            s.kind.name()
        );
        push_json_str(&mut out, &s.kind.label());
        match &s.kind {
            SessionKind::Retake { of } => {
                out.push_str(",\n        \"retake_of\": ");
                match of {
                    Some(of) => push_integer(&mut out, *of, 0, Align::Left),
                    None => out.push_str("null"),
                }
            }
            SessionKind::ExamFile { title, fingerprint } => {
                out.push_str(",\n        \"exam\": {\n          \"title\": ");
                push_json_str(&mut out, &sanitize_line(title));
                out.push_str(",\n          \"fingerprint\": ");
                push_json_str(&mut out, &sanitize_line(fingerprint));
                out.push_str("\n        }");
            }
            _ => {}
        }
        out.push_str("\n      },\n      \"seed\": ");
        push_integer(&mut out, s.seed, 0, Align::Left);
        out.push_str(",\n      \"packs\": [");
        for (p, pack) in s.packs.iter().enumerate() {
            out.push_str(if p == 0 {
                "\n        {\n          \"id\": "
            } else {
                ",\n        {\n          \"id\": "
            });
            push_json_str(&mut out, &pack.id);
            out.push_str(",\n          \"version\": ");
            push_json_str(&mut out, &pack.version);
            out.push_str("\n        }");
        }
        if !s.packs.is_empty() {
            out.push_str("\n      ");
        }
        let _ = write!(out, "],\n      \"status\": \"{}\"", status_word(s.status));
        for (key, count) in [
            (",\n      \"questions\": ", s.questions),
            (",\n      \"answered\": ", s.answered),
            (",\n      \"overridden\": ", s.overridden),
        ] {
            out.push_str(key);
            push_integer(&mut out, count, 0, Align::Left);
        }
        out.push_str(",\n      \"categories\": [");
        let tallies = history.tallies(s);
        for (c, tally) in tallies.iter().enumerate() {
            out.push_str(if c == 0 {
                "\n        {\n          \"id\": "
            } else {
                ",\n        {\n          \"id\": "
            });
            out.push_str(ids.get(tally.category).map_or("\"\"", String::as_str));
            out.push_str(",\n          \"score\": ");
            numbers.push(&mut out, tally.score_sum);
            out.push_str(",\n          \"answered\": ");
            push_integer(&mut out, tally.answered, 0, Align::Left);
            out.push_str(",\n          \"mean\": ");
            numbers.push(&mut out, mean(tally));
            out.push_str("\n        }");
        }
        if !tallies.is_empty() {
            out.push_str("\n      ");
        }
        out.push_str("]\n    }");
    }
    out.push_str("\n  ]\n}\n");
    out.drain_into(sink, 0)
}

/// `text` as a JSON string as `json_text` prints it: escaped as serde_json escapes it (quote,
/// backslash and the C0 controls, the five with a short form by it), then every other
/// character that is not plain printable text as `\uXXXX`
/// ([`crate::text::escape_json_unprintable`]). Outside strings the listing is printable
/// ASCII, so escaping its strings here escapes all of it.
fn push_json_str(out: &mut Out, text: &str) {
    out.push('"');
    let mut plain_from = 0;
    for (at, c) in text.char_indices() {
        let escape = match c {
            '"' => "\\\"",
            '\\' => "\\\\",
            '\u{8}' => "\\b",
            '\u{c}' => "\\f",
            '\n' => "\\n",
            '\r' => "\\r",
            '\t' => "\\t",
            ' '..='~' => continue,
            c if !crate::text::is_unprintable(c) => continue,
            _ => "",
        };
        out.push_str(text.get(plain_from..at).unwrap_or_default());
        plain_from = at + c.len_utf8();
        if escape.is_empty() {
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                let _ = write!(out, "\\u{unit:04x}");
            }
        } else {
            out.push_str(escape);
        }
    }
    out.push_str(text.get(plain_from..).unwrap_or_default());
    out.push('"');
}

/// Numbers as serde_json writes them (the shortest form that reads back the same; `null`
/// when not finite), each distinct one formatted once: a listing's scores and means take a
/// few hundred values over tens of thousands of places.
#[derive(Default)]
struct Numbers {
    /// Direct-mapped by the value's bits: (bits, text).
    known: Vec<Option<(u64, String)>>,
    scratch: Vec<u8>,
}

impl Numbers {
    const SLOTS: usize = 1024;
    /// The product's bits that remain: log2 of [`Self::SLOTS`].
    const SHIFT: u32 = u64::BITS - Self::SLOTS.trailing_zeros();

    fn push(&mut self, out: &mut Out, value: f64) {
        if self.known.is_empty() {
            self.known.resize(Self::SLOTS, None);
        }
        let bits = value.to_bits();
        // Fibonacci hashing: the top bits of the product spread every bit of the value over
        // the slots, for one multiplication.
        let slot = usize::try_from(bits.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> Self::SHIFT)
            .unwrap_or_default();
        if let Some(Some((known, text))) = self.known.get(slot)
            && *known == bits
        {
            out.push_str(text);
            return;
        }
        self.scratch.clear();
        let text = match serde_json::to_writer(&mut self.scratch, &value) {
            Ok(()) => std::str::from_utf8(&self.scratch).unwrap_or("null"),
            Err(_) => "null",
        };
        out.push_str(text);
        if let Some(cell) = self.known.get_mut(slot) {
            *cell = Some((bits, text.to_owned()));
        }
    }
}

/// `text` followed by blanks up to `cells` terminal cells.
fn push_padded(out: &mut Out, text: &str, cells: usize) {
    out.push_str(text);
    out.push_blanks(cells.saturating_sub(unicode_width::UnicodeWidthStr::width(text)));
}

fn status_word(status: SessionStatus) -> &'static str {
    match status {
        SessionStatus::Finished => "finished",
        SessionStatus::Unfinished => "unfinished",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_are_padded_as_the_formatter_pads_them() {
        let mut values: Vec<i64> = (-1_200..1_200).collect();
        values.extend([i64::MIN, i64::MAX, 99_999, 100_000, -99_999]);
        for value in values {
            for width in [0, 3, 4, 25] {
                let mut right = Out::default();
                push_integer(&mut right, value, width, Align::Right);
                assert_eq!(right.into_string(), format!("{value:>width$}"));
                let mut left = Out::default();
                push_integer(&mut left, value, width, Align::Left);
                assert_eq!(left.into_string(), format!("{value:<width$}"));
            }
        }
        let mut count = Out::default();
        push_integer(&mut count, usize::MAX, 3, Align::Left);
        assert_eq!(count.into_string(), usize::MAX.to_string());
        for wide in [
            u128::from(u64::MAX) + 1,
            10 * u128::from(u64::MAX),
            u128::MAX >> 1,
        ] {
            let mut text = Out::default();
            push_integer(&mut text, wide, 0, Align::Left);
            assert_eq!(text.into_string(), wide.to_string());
        }
    }

    #[test]
    fn percentages_are_written_as_percent_prints_them() {
        let mut shares: Vec<f64> = (0..=2_000).map(|k| f64::from(k) / 2_000.0).collect();
        shares.extend([
            0.005,
            0.015,
            0.125,
            -0.0,
            -0.004,
            -0.3,
            1e14,
            1e20,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
        ]);
        for share in shares {
            let mut written = Out::default();
            push_percent(&mut written, share);
            assert_eq!(written.into_string(), Percent(share).to_string(), "{share}");
        }
    }
}
