//! `skillgap history` as text and JSON: one line (or object) per session, newest first, with
//! its kind, status and score per category. Pure: [`crate::service::history`] gathers the rows.

use crate::quiz::SessionKind;
use crate::report::utc_minutes;
use crate::store::{SessionStatus, SessionSummary};
use crate::text::{Percent, sanitize_line};
use serde::Serialize;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::fmt::Write as _;

/// A category's answers in one session.
#[derive(Debug, Clone, PartialEq)]
pub struct CategoryScore {
    pub category: String,
    /// The sum of the scores.
    pub score: f64,
    pub answered: usize,
}

impl CategoryScore {
    pub fn mean(&self) -> f64 {
        self.score / self.answered as f64
    }
}

/// One session as history lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct HistoryRow {
    pub session: SessionSummary,
    /// In the order the categories were first answered in the session.
    pub categories: Vec<CategoryScore>,
}

/// Cells of the kind column in `history`: "retake of #12345" fits whole.
const KIND_CELLS: usize = 16;

pub fn history_text(rows: &[HistoryRow]) -> String {
    if rows.is_empty() {
        return "No sessions yet: take a quiz with `skillgap quiz`.\n".to_owned();
    }
    // About one line of 150 bytes a session: written into one string grown once.
    let mut out = String::with_capacity(160 * (rows.len() + 1));
    let _ = writeln!(
        out,
        "  id  started (UTC)     {}  status      answered  score per category",
        pad("kind", KIND_CELLS)
    );
    // The few categories, each made safe to print once rather than on every line.
    let mut shown: HashMap<&str, String> = HashMap::new();
    for HistoryRow {
        session: s,
        categories,
    } in rows
    {
        let _ = write!(
            out,
            "{:>4}  {}  {}  {:<10}  {:>3} of {:<3} ",
            s.id,
            utc_minutes(s.started_at_ms),
            pad(&s.kind.label_within(KIND_CELLS), KIND_CELLS),
            status_word(s.status),
            s.answered,
            s.questions,
        );
        if s.score_withheld() {
            out.push_str("(exam in progress: scores when it ends)");
        } else {
            for (i, c) in categories.iter().enumerate() {
                let separator = if i == 0 { "" } else { ", " };
                let name = shown
                    .entry(c.category.as_str())
                    .or_insert_with(|| sanitize_line(&c.category));
                let _ = write!(out, "{separator}{name} {}", Percent(c.mean()));
            }
            if s.overridden > 0 {
                let separator = if categories.is_empty() { "" } else { ", " };
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

/// `history --format json`: serialised straight from the rows, without a JSON tree of
/// every session built first.
#[derive(Debug, Serialize)]
pub struct HistoryJson<'a> {
    sessions: Vec<SessionJson<'a>>,
}

#[derive(Debug, Serialize)]
struct SessionJson<'a> {
    id: i64,
    started_at: String,
    started_at_ms: i64,
    ended_at_ms: Option<i64>,
    mode: &'static str,
    kind: Value,
    seed: u64,
    packs: Vec<PackJson<'a>>,
    status: &'static str,
    questions: usize,
    answered: usize,
    overridden: usize,
    categories: Vec<CategoryJson<'a>>,
}

#[derive(Debug, Serialize)]
struct PackJson<'a> {
    id: &'a str,
    version: &'a str,
}

#[derive(Debug, Serialize)]
struct CategoryJson<'a> {
    id: &'a str,
    score: f64,
    answered: usize,
    mean: f64,
}

pub fn history_json(rows: &[HistoryRow]) -> HistoryJson<'_> {
    let sessions = rows
        .iter()
        .map(
            |HistoryRow {
                 session: s,
                 categories,
             }| SessionJson {
                id: s.id,
                started_at: utc_minutes(s.started_at_ms),
                started_at_ms: s.started_at_ms,
                ended_at_ms: s.ended_at_ms,
                mode: s.mode.name(),
                kind: kind_json(&s.kind),
                seed: s.seed,
                packs: s
                    .packs
                    .iter()
                    .map(|p| PackJson {
                        id: &p.id,
                        version: &p.version,
                    })
                    .collect(),
                status: status_word(s.status),
                questions: s.questions,
                answered: s.answered,
                overridden: s.overridden,
                categories: categories
                    .iter()
                    .map(|c| CategoryJson {
                        id: &c.category,
                        score: c.score,
                        answered: c.answered,
                        mean: c.mean(),
                    })
                    .collect(),
            },
        )
        .collect();
    HistoryJson { sessions }
}

/// `text` followed by blanks up to `cells` terminal cells.
fn pad(text: &str, cells: usize) -> String {
    let blanks = cells.saturating_sub(unicode_width::UnicodeWidthStr::width(text));
    format!("{text}{}", " ".repeat(blanks))
}

/// The kind of a session in `history --format json`: its name, its label, and the session a
/// retake retakes or the exam file's title and fingerprint.
fn kind_json(kind: &SessionKind) -> Value {
    let mut value = json!({ "name": kind.name(), "label": kind.label() });
    match kind {
        SessionKind::Retake { of } => value["retake_of"] = json!(of),
        SessionKind::ExamFile { title, fingerprint } => {
            value["exam"] = json!({
                "title": sanitize_line(title),
                "fingerprint": sanitize_line(fingerprint),
            });
        }
        _ => {}
    }
    value
}

fn status_word(status: SessionStatus) -> &'static str {
    match status {
        SessionStatus::Finished => "finished",
        SessionStatus::Unfinished => "unfinished",
    }
}
