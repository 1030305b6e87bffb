//! What kind of session a stored session was (practice, exam, review, due only, a retake, a
//! teacher's exam file): read from its `mode` and `filters_json` columns, written into
//! `filters_json` when a session starts, and named in a few words for history listings.
//!
//! The shapes of `filters_json`, one per kind:
//! - practice, exam: the session's [`Filters`], e.g. `{"categories":["databases"]}`;
//! - review, due only: `{"review": "review"|"due", "filters": {...}}`;
//! - placement: `{"placement": {...}}`, its categories and limits (written by
//!   `crate::learning::placement::PlacementConfig::session_json`);
//! - retake: `{"retake": 12}`, the session whose missed questions it asks again
//!   (`null` when that session was never stored; `"retake_of"` in older databases);
//! - exam file: the exam's filters plus `"exam": {"fingerprint": "...", "title": "..."}`
//!   (written by `crate::exam::Exam::session_filters_json`).
//!
//! Anything else (`{}`, old or malformed JSON) falls back on `mode`: practice or exam.

use crate::text::sanitize_line;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use super::Filters;

/// What a session was, as the history lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SessionKind {
    /// A quiz with feedback after each answer.
    Practice,
    /// A quiz with feedback only at the end.
    Exam,
    /// A daily review: due questions, then the ones that close the largest gaps.
    Review,
    /// Only the questions due for review.
    Due,
    /// Placement: questions picked one at a time, each from the category whose verdict
    /// against the profile's target is nearest (`crate::learning::placement`).
    Placement,
    /// The questions another session missed, asked again.
    Retake {
        /// The session retaken; `None` when it was never stored.
        of: Option<i64>,
    },
    /// A teacher's exam file (`skillgap quiz --exam FILE`).
    ExamFile {
        /// The exam's title; may be empty.
        title: String,
        /// The exam's fingerprint (hex).
        fingerprint: String,
    },
}

/// The exam a session ran, as recorded in the session's `filters_json` under `"exam"`
/// (re-exported as `crate::exam::ExamMark`, which writes it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExamMark {
    pub fingerprint: String,
    #[serde(default)]
    pub title: String,
}

impl SessionKind {
    /// The kind of a stored session. Never fails: a shape it does not know, or JSON that
    /// does not parse, gives practice or exam by `mode`.
    pub fn of(mode: &str, filters_json: &str) -> SessionKind {
        // Most sessions record nothing: no need to parse an empty object (history reads
        // thousands).
        let value = (filters_json != "{}")
            .then(|| serde_json::from_str::<Value>(filters_json).ok())
            .flatten();
        if let Some(object) = value.as_ref().and_then(Value::as_object)
            && let Some(kind) = SessionKind::recorded_in(object)
        {
            return kind;
        }
        match mode {
            "exam" => SessionKind::Exam,
            // Not written by skillgap, but a review mode in the mode column means what it says.
            "review" => SessionKind::Review,
            "due" => SessionKind::Due,
            _ => SessionKind::Practice,
        }
    }

    fn recorded_in(object: &Map<String, Value>) -> Option<SessionKind> {
        if let Some(mark) = object
            .get("exam")
            .and_then(|v| serde_json::from_value::<ExamMark>(v.clone()).ok())
        {
            return Some(SessionKind::ExamFile {
                title: mark.title,
                fingerprint: mark.fingerprint,
            });
        }
        if let Some(of) = object.get("retake").or_else(|| object.get("retake_of")) {
            return Some(SessionKind::Retake {
                of: of.as_i64().filter(|id| *id > 0),
            });
        }
        if object.contains_key("placement") {
            return Some(SessionKind::Placement);
        }
        match object.get("review").and_then(Value::as_str) {
            Some("review") => Some(SessionKind::Review),
            Some("due") => Some(SessionKind::Due),
            _ => None,
        }
    }

    /// What a session of this kind stores as its `filters_json`; `filters` are what it drew
    /// its questions from (a retake records only the session it retakes).
    pub fn filters_json(&self, filters: &Filters) -> String {
        let filters_value = || serde_json::to_value(filters).unwrap_or_default();
        let value = match self {
            SessionKind::Practice | SessionKind::Exam => filters_value(),
            SessionKind::Review | SessionKind::Due => serde_json::json!({
                "review": if *self == SessionKind::Due { "due" } else { "review" },
                "filters": filters_value(),
            }),
            SessionKind::Placement => serde_json::json!({ "placement": filters_value() }),
            SessionKind::Retake { of } => serde_json::json!({ "retake": of }),
            SessionKind::ExamFile { title, fingerprint } => {
                let mut value = filters_value();
                if let (Some(object), Ok(mark)) = (
                    value.as_object_mut(),
                    serde_json::to_value(ExamMark {
                        fingerprint: fingerprint.clone(),
                        title: title.clone(),
                    }),
                ) {
                    object.insert("exam".to_owned(), mark);
                }
                value
            }
        };
        value.to_string()
    }

    /// A stable one-word name for machine-readable output: `practice`, `exam`, `review`,
    /// `due`, `placement`, `retake` or `exam_file`.
    pub fn name(&self) -> &'static str {
        match self {
            SessionKind::Practice => "practice",
            SessionKind::Exam => "exam",
            SessionKind::Review => "review",
            SessionKind::Due => "due",
            SessionKind::Placement => "placement",
            SessionKind::Retake { .. } => "retake",
            SessionKind::ExamFile { .. } => "exam_file",
        }
    }

    /// A few words for a listing: "practice", "exam", "review", "due only",
    /// "retake of #12", `exam "Midterm"` (an exam file; its fingerprint when it has no
    /// title). Safe to print: the title is sanitised.
    pub fn label(&self) -> String {
        match self {
            SessionKind::Practice => "practice".to_owned(),
            SessionKind::Exam => "exam".to_owned(),
            SessionKind::Review => "review".to_owned(),
            SessionKind::Due => "due only".to_owned(),
            SessionKind::Placement => "placement".to_owned(),
            SessionKind::Retake { of: Some(id) } => format!("retake of #{id}"),
            SessionKind::Retake { of: None } => "retake".to_owned(),
            SessionKind::ExamFile { title, fingerprint } => {
                let title = sanitize_line(title.trim());
                if title.is_empty() {
                    let fingerprint = sanitize_line(fingerprint);
                    format!("exam {}", fingerprint.get(..12).unwrap_or(&fingerprint))
                } else {
                    format!("exam \"{title}\"")
                }
            }
        }
    }

    /// The label in at most `cells` terminal cells: whole when it fits, else a shorter form
    /// ("retake #12", then "retake"), else cut with `…`.
    pub fn label_within(&self, cells: usize) -> String {
        let label = self.label();
        if label.width() <= cells {
            return label;
        }
        if let SessionKind::Retake { of } = self {
            if let Some(id) = of {
                let short = format!("retake #{id}");
                if short.width() <= cells {
                    return short;
                }
            }
            if cells >= "retake".len() {
                return "retake".to_owned();
            }
        }
        clip(&label, cells)
    }
}

/// Cuts `text` to at most `max` cells, ending with `…` when cut.
fn clip(text: &str, max: usize) -> String {
    if text.width() <= max {
        return text.to_owned();
    }
    let Some(room) = max.checked_sub(1) else {
        return String::new();
    };
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > room {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pack::Difficulty;

    fn databases() -> Filters {
        Filters {
            categories: vec!["databases".to_owned()],
            difficulty: Some(Difficulty::Hard),
            ..Filters::default()
        }
    }

    fn exam_file() -> SessionKind {
        SessionKind::ExamFile {
            title: "Midterm".to_owned(),
            fingerprint: "0123456789abcdef0123".to_owned(),
        }
    }

    #[test]
    fn new_sessions_are_practice_or_exam_by_their_mode() {
        let json = serde_json::to_string(&databases()).unwrap_or_default();
        assert_eq!(SessionKind::of("practice", &json), SessionKind::Practice);
        assert_eq!(SessionKind::of("exam", &json), SessionKind::Exam);
        assert_eq!(SessionKind::of("exam", "{}"), SessionKind::Exam);
    }

    #[test]
    fn reviews_in_the_command_line_and_the_app_shapes() {
        let cli = r#"{"review":"review","filters":{"categories":["apis"]}}"#;
        assert_eq!(SessionKind::of("practice", cli), SessionKind::Review);
        // The app recorded no filters before sessions said what they were.
        assert_eq!(
            SessionKind::of("practice", r#"{"review":"due"}"#),
            SessionKind::Due
        );
        // An unknown review name is not a review.
        assert_eq!(
            SessionKind::of("practice", r#"{"review":"weekly"}"#),
            SessionKind::Practice
        );
    }

    #[test]
    fn retakes_name_the_session_they_retake() {
        assert_eq!(
            SessionKind::of("practice", r#"{"retake":12}"#),
            SessionKind::Retake { of: Some(12) }
        );
        // Written by the command line before the shapes were made one.
        assert_eq!(
            SessionKind::of("exam", r#"{"retake_of":3}"#),
            SessionKind::Retake { of: Some(3) }
        );
        assert_eq!(
            SessionKind::of("practice", r#"{"retake":null}"#),
            SessionKind::Retake { of: None }
        );
        assert_eq!(
            SessionKind::of("practice", r#"{"retake":"twelve"}"#),
            SessionKind::Retake { of: None }
        );
        assert_eq!(
            SessionKind::of("practice", r#"{"retake":-4}"#),
            SessionKind::Retake { of: None }
        );
    }

    #[test]
    fn an_exam_file_session_is_read_from_what_the_exam_module_writes() {
        let exam = crate::exam::load_str(
            "midterm.ron",
            r#"Exam(title: "Midterm", pack: (id: "demo", version: "1"), seed: 7, count: 3)"#,
        )
        .unwrap_or_else(|e| panic!("{e:?}"));
        let json = exam.exam.session_filters_json();
        assert_eq!(
            SessionKind::of("exam", &json),
            SessionKind::ExamFile {
                title: "Midterm".to_owned(),
                fingerprint: exam.exam.fingerprint()
            }
        );
        // And what this module writes, the exam module reads.
        let kind = SessionKind::of("exam", &json);
        assert_eq!(
            crate::exam::mark_of_session(&kind.filters_json(&exam.exam.filters())),
            Some(exam.exam.mark())
        );
        // A mark without its fingerprint is no exam mark.
        assert_eq!(
            SessionKind::of("practice", r#"{"exam":{"title":"x"}}"#),
            SessionKind::Practice
        );
    }

    #[test]
    fn old_and_malformed_filters_fall_back_on_the_mode() {
        for json in [
            "{}",
            "",
            "not json",
            "{\"review\":",
            "[1,2]",
            "null",
            "42",
            "\"review\"",
            r#"{"categories":["databases"]}"#,
            r#"{"review":7}"#,
        ] {
            assert_eq!(
                SessionKind::of("practice", json),
                SessionKind::Practice,
                "{json}"
            );
            assert_eq!(SessionKind::of("exam", json), SessionKind::Exam, "{json}");
        }
        assert_eq!(SessionKind::of("", "{}"), SessionKind::Practice);
        assert_eq!(SessionKind::of("review", "{}"), SessionKind::Review);
        assert_eq!(SessionKind::of("due", "{}"), SessionKind::Due);
    }

    #[test]
    fn every_kind_reads_back_what_it_writes() {
        let kinds = [
            SessionKind::Review,
            SessionKind::Due,
            SessionKind::Placement,
            SessionKind::Retake { of: Some(9) },
            SessionKind::Retake { of: None },
            exam_file(),
        ];
        for kind in kinds {
            for mode in ["practice", "exam"] {
                let json = kind.filters_json(&databases());
                assert_eq!(SessionKind::of(mode, &json), kind, "{json}");
            }
        }
        // What placement itself writes reads back as placement.
        let placement = crate::learning::placement::PlacementConfig::default()
            .session_json(&["databases".to_owned()]);
        assert_eq!(SessionKind::of("exam", &placement), SessionKind::Placement);
        let json = SessionKind::Practice.filters_json(&databases());
        assert_eq!(SessionKind::of("practice", &json), SessionKind::Practice);
        assert_eq!(SessionKind::of("exam", &json), SessionKind::Exam);
    }

    #[test]
    fn reviews_keep_their_filters_and_exam_files_stay_readable_as_filters() {
        let json = SessionKind::Due.filters_json(&databases());
        let value: Value = serde_json::from_str(&json).unwrap_or_default();
        assert_eq!(value["review"], "due");
        assert_eq!(value["filters"]["categories"][0], "databases");
        let json = exam_file().filters_json(&databases());
        let filters: Filters = serde_json::from_str(&json).unwrap_or_default();
        assert_eq!(filters, databases());
        assert_eq!(
            SessionKind::Retake { of: Some(4) }.filters_json(&databases()),
            r#"{"retake":4}"#
        );
    }

    #[test]
    fn labels() {
        assert_eq!(SessionKind::Practice.label(), "practice");
        assert_eq!(SessionKind::Exam.label(), "exam");
        assert_eq!(SessionKind::Review.label(), "review");
        assert_eq!(SessionKind::Due.label(), "due only");
        assert_eq!(
            SessionKind::Retake { of: Some(12) }.label(),
            "retake of #12"
        );
        assert_eq!(SessionKind::Retake { of: None }.label(), "retake");
        assert_eq!(exam_file().label(), "exam \"Midterm\"");
        let untitled = SessionKind::ExamFile {
            title: "  ".to_owned(),
            fingerprint: "0123456789abcdef0123".to_owned(),
        };
        assert_eq!(untitled.label(), "exam 0123456789ab");
        assert_eq!(
            [SessionKind::Review, SessionKind::Due, exam_file()].map(|k| k.name()),
            ["review", "due", "exam_file"]
        );
    }

    #[test]
    fn a_title_cannot_put_an_escape_sequence_on_the_terminal() {
        let kind = SessionKind::ExamFile {
            title: "Mid\u{1b}[2Jterm\u{202e}".to_owned(),
            fingerprint: "\u{1b}]0;x\u{7}".to_owned(),
        };
        let label = kind.label();
        assert!(!label.chars().any(crate::text::is_forbidden), "{label:?}");
        assert!(label.starts_with("exam \"Mid"), "{label:?}");
    }

    #[test]
    fn labels_fit_the_cells_given() {
        let retake = SessionKind::Retake { of: Some(123) };
        assert_eq!(retake.label_within(16), "retake of #123");
        assert_eq!(retake.label_within(14), "retake of #123");
        assert_eq!(retake.label_within(13), "retake #123");
        assert_eq!(retake.label_within(8), "retake");
        assert_eq!(retake.label_within(4), "ret…");
        assert_eq!(SessionKind::Due.label_within(8), "due only");
        assert_eq!(SessionKind::Due.label_within(5), "due …");
        let long = SessionKind::ExamFile {
            title: "Databases final, autumn term".to_owned(),
            fingerprint: String::new(),
        };
        assert_eq!(long.label_within(16), "exam \"Databases…");
        let wide = SessionKind::ExamFile {
            title: "期末考试".to_owned(),
            fingerprint: String::new(),
        };
        let clipped = wide.label_within(10);
        assert_eq!(clipped, "exam \"期…");
        assert!(clipped.width() <= 10);
        assert_eq!(SessionKind::Review.label_within(0), "");
    }
}
