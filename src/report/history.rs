//! `skillgap history` as text and JSON: one line (or object) per session, newest first, with
//! its kind, status and score per category. Pure: [`crate::service::history`] gathers the rows.

use crate::quiz::SessionKind;
use crate::report::utc_minutes;
use crate::store::{SessionRecord, SessionStatus};
use crate::text::{percent, sanitize_line};
use serde_json::{Value, json};

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
    pub session: SessionRecord,
    /// In the order the categories were first answered in the session.
    pub categories: Vec<CategoryScore>,
}

/// Cells of the kind column in `history`: "retake of #12345" fits whole.
const KIND_CELLS: usize = 16;

pub fn history_text(rows: &[HistoryRow]) -> String {
    if rows.is_empty() {
        return "No sessions yet: take a quiz with `skillgap quiz`.\n".to_owned();
    }
    let mut out = format!(
        "  id  started (UTC)     {}  status      answered  score per category\n",
        pad("kind", KIND_CELLS)
    );
    for HistoryRow {
        session: s,
        categories,
    } in rows
    {
        let scores: Vec<String> = if s.score_withheld() {
            vec!["(exam in progress: scores when it ends)".to_owned()]
        } else {
            categories
                .iter()
                .map(|c| format!("{} {}", sanitize_line(&c.category), percent(c.mean())))
                .collect()
        };
        let mut scores = scores;
        if s.overridden > 0 && !s.score_withheld() {
            scores.push(format!(
                "{} marked right by you",
                crate::text::plural(s.overridden, "answer", "answers")
            ));
        }
        out.push_str(&format!(
            "{:>4}  {}  {}  {:<10}  {:>3} of {:<3} {}\n",
            s.id,
            utc_minutes(s.started_at_ms),
            pad(&s.kind.label_within(KIND_CELLS), KIND_CELLS),
            status_word(s.status),
            s.answered,
            s.question_ids.len(),
            scores.join(", ")
        ));
    }
    out
}

pub fn history_json(rows: &[HistoryRow]) -> Value {
    let list: Vec<Value> = rows
        .iter()
        .map(|HistoryRow { session: s, categories }| {
            json!({
                "id": s.id,
                "started_at": utc_minutes(s.started_at_ms),
                "started_at_ms": s.started_at_ms,
                "ended_at_ms": s.ended_at_ms,
                "mode": s.mode.name(),
                "kind": kind_json(&s.kind),
                "seed": s.seed,
                "packs": s.packs.iter().map(|p| json!({"id": p.id, "version": p.version})).collect::<Vec<_>>(),
                "status": status_word(s.status),
                "questions": s.question_ids.len(),
                "answered": s.answered,
                "overridden": s.overridden,
                "categories": categories.iter().map(|c| json!({"id": c.category, "score": c.score, "answered": c.answered, "mean": c.mean()})).collect::<Vec<_>>(),
            })
        })
        .collect();
    json!({ "sessions": list })
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
