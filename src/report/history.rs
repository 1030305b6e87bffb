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

pub fn history_text(history: &History) -> String {
    if history.sessions.is_empty() {
        return "No sessions yet: take a quiz with `skillgap quiz`.\n".to_owned();
    }
    // About one line of 150 bytes a session: written into one string grown once.
    let mut out = String::with_capacity(160 * (history.sessions.len() + 1));
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
        let _ = write!(out, "{:>4}  {}  ", s.id, UtcMinutes(s.started_at_ms));
        push_padded(&mut out, &s.kind.label_within(KIND_CELLS), KIND_CELLS);
        let _ = write!(
            out,
            "  {:<10}  {:>3} of {:<3} ",
            status_word(s.status),
            s.answered,
            s.questions,
        );
        if s.score_withheld() {
            out.push_str("(exam in progress: scores when it ends)");
        } else {
            let tallies = history.tallies(s);
            for (i, tally) in tallies.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                out.push_str(names.get(tally.category).map_or("", String::as_str));
                let _ = write!(out, " {}", Percent(mean(tally)));
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
    out
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
    // Each piece made printable as `json_text` makes the whole (a character at a time, so
    // piece by piece is the same) and written out.
    let mut emit = |piece: &mut String| {
        let written = sink.write_all(crate::text::escape_json_unprintable(piece).as_bytes());
        piece.clear();
        written
    };
    let mut out = String::with_capacity(4_096);
    if history.sessions.is_empty() {
        out.push_str("{\n  \"sessions\": []\n}\n");
        return emit(&mut out);
    }
    let ids: Vec<String> = history
        .categories
        .iter()
        .map(|category| {
            let mut id = String::new();
            push_json_str(&mut id, category);
            id
        })
        .collect();
    let mut number = Vec::new();
    out.push_str("{\n  \"sessions\": [");
    for (i, s) in history.sessions.iter().enumerate() {
        if out.len() > 3_072 {
            emit(&mut out)?;
        }
        out.push_str(if i == 0 { "\n    {" } else { ",\n    {" });
        let _ = write!(
            out,
            "\n      \"id\": {},\n      \"started_at\": \"{}\",\n      \"started_at_ms\": {},\n      \"ended_at_ms\": ",
            s.id,
            UtcMinutes(s.started_at_ms),
            s.started_at_ms
        );
        match s.ended_at_ms {
            Some(ms) => {
                let _ = write!(out, "{ms}");
            }
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
                    Some(of) => {
                        let _ = write!(out, "{of}");
                    }
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
        let _ = write!(
            out,
            "\n      }},\n      \"seed\": {},\n      \"packs\": [",
            s.seed
        );
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
        let _ = write!(
            out,
            "],\n      \"status\": \"{}\",\n      \"questions\": {},\n      \"answered\": {},\n      \"overridden\": {},\n      \"categories\": [",
            status_word(s.status),
            s.questions,
            s.answered,
            s.overridden
        );
        let tallies = history.tallies(s);
        for (c, tally) in tallies.iter().enumerate() {
            out.push_str(if c == 0 {
                "\n        {\n          \"id\": "
            } else {
                ",\n        {\n          \"id\": "
            });
            out.push_str(ids.get(tally.category).map_or("\"\"", String::as_str));
            out.push_str(",\n          \"score\": ");
            push_json_f64(&mut out, &mut number, tally.score_sum);
            let _ = write!(
                out,
                ",\n          \"answered\": {},\n          \"mean\": ",
                tally.answered
            );
            push_json_f64(&mut out, &mut number, mean(tally));
            out.push_str("\n        }");
        }
        if !tallies.is_empty() {
            out.push_str("\n      ");
        }
        out.push_str("]\n    }");
    }
    out.push_str("\n  ]\n}\n");
    emit(&mut out)
}

/// `text` as a JSON string, escaped as serde_json escapes it: quote, backslash and the C0
/// controls (the five with a short form by it), everything else as it is.
fn push_json_str(out: &mut String, text: &str) {
    out.push('"');
    let mut plain_from = 0;
    for (at, byte) in text.bytes().enumerate() {
        let escape = match byte {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            0x08 => "\\b",
            0x0C => "\\f",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0..=0x1F => "",
            _ => continue,
        };
        out.push_str(text.get(plain_from..at).unwrap_or_default());
        plain_from = at + 1;
        if escape.is_empty() {
            let _ = write!(out, "\\u{:04x}", byte);
        } else {
            out.push_str(escape);
        }
    }
    out.push_str(text.get(plain_from..).unwrap_or_default());
    out.push('"');
}

/// `value` as serde_json writes a number (shortest form that reads back the same; `null`
/// when not finite), through `scratch`, a buffer kept between calls.
fn push_json_f64(out: &mut String, scratch: &mut Vec<u8>, value: f64) {
    scratch.clear();
    match serde_json::to_writer(&mut *scratch, &value) {
        Ok(()) => out.push_str(std::str::from_utf8(scratch).unwrap_or("null")),
        Err(_) => out.push_str("null"),
    }
}

/// `text` followed by blanks up to `cells` terminal cells.
fn push_padded(out: &mut String, text: &str, cells: usize) {
    out.push_str(text);
    let blanks = cells.saturating_sub(unicode_width::UnicodeWidthStr::width(text));
    out.extend(std::iter::repeat_n(' ', blanks));
}

fn status_word(status: SessionStatus) -> &'static str {
    match status {
        SessionStatus::Finished => "finished",
        SessionStatus::Unfinished => "unfinished",
    }
}
