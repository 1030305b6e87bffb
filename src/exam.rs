//! Reproducible exams: the exam file (RON) a teacher hands out, loading it with
//! file:line:col diagnostics, checking it against its pack, its fingerprint, and the
//! questions it asks. No terminal, no store: callers load the pack and run the quiz.
//!
//! Every student who runs the same exam file against the same pack gets the same questions
//! in the same order with the same choice order: the file fixes the pack (id, version and,
//! optionally, content hash), the seed, the count and the filters, and [`crate::quiz::plan`]
//! is portable.

use crate::pack::diagnostic::{Diagnostic, LoadError, Location, SourceText};
use crate::pack::locate::{Locations, Seg};
use crate::pack::{Difficulty, KindName, Pack};
use crate::quiz::{self, Filters, Item, Mode};
use crate::text::{has_forbidden, sanitize_line};
use serde::{Deserialize, Serialize};
use std::fmt::Write as _;
use std::path::Path;

/// The longest time limit accepted, in minutes (a day).
pub const MAX_MINUTES: f64 = 24.0 * 60.0;

/// An exam file as written: `Exam(title: ..., pack: (id: ..., version: ...), seed: ..., ...)`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename = "Exam", deny_unknown_fields)]
pub struct Exam {
    /// Shown to students and in the class report; not part of the fingerprint.
    #[serde(default)]
    pub title: String,
    pub pack: ExamPack,
    pub seed: u64,
    /// How many questions; none means every question that matches the filters.
    #[serde(default)]
    pub count: Option<u32>,
    /// Category ids; empty means every category.
    #[serde(default)]
    pub categories: Vec<String>,
    /// Tags; a question qualifies with any of them. Empty means any.
    #[serde(default)]
    pub tags: Vec<String>,
    /// Question kinds; empty means every kind.
    #[serde(default)]
    pub kinds: Vec<KindName>,
    #[serde(default)]
    pub difficulty: Option<Difficulty>,
    /// Minutes for the whole exam; unanswered questions score 0 when it runs out.
    #[serde(default)]
    pub time_limit_minutes: Option<f64>,
    /// Feedback after each answer (a practice run); `false`: only at the end (an exam).
    #[serde(default)]
    pub feedback: bool,
}

/// The pack an exam draws from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename = "Pack", deny_unknown_fields)]
pub struct ExamPack {
    pub id: String,
    pub version: String,
    /// The pack's content hash (`skillgap pack stats` shows it); when given, a pack with the
    /// same version but other content is refused.
    #[serde(default)]
    pub hash: Option<String>,
}

/// An exam file as loaded, with its text for diagnostics.
#[derive(Debug, Clone)]
pub struct ExamFile {
    pub exam: Exam,
    pub source: SourceText,
}

pub use crate::quiz::session_kind::ExamMark;

/// Loads and checks an exam file (syntax and the values that need no pack).
pub fn load_path(path: &Path) -> Result<ExamFile, LoadError> {
    let source = crate::pack::read_source(path)?;
    parse(source)
}

/// Loads an exam from text already in memory; `name` is used in diagnostics.
pub fn load_str(name: &str, text: &str) -> Result<ExamFile, LoadError> {
    parse(SourceText {
        name: name.to_owned(),
        text: text.replace("\r\n", "\n"),
    })
}

fn parse(source: SourceText) -> Result<ExamFile, LoadError> {
    let fail = |diagnostics: Vec<Diagnostic>, source: SourceText| LoadError {
        diagnostics,
        sources: vec![source],
    };
    let exam = match crate::pack::ron_options().from_str::<Exam>(&source.text) {
        Ok(exam) => exam,
        Err(error) => {
            let diagnostic = match &error.code {
                ron::Error::ExpectedDifferentStructName { found, .. } => Diagnostic::error(
                    &source.name,
                    Some(Location::of_line_col(
                        &source.text,
                        error.span.start.line,
                        error.span.start.col,
                    )),
                    format!("an exam file holds `Exam(...)`, not `{found}(...)`"),
                )
                .with_help("write a new one with `skillgap exam new --pack PACK -o FILE`"),
                _ => crate::pack::ron_error_diagnostic(&source.name, &source.text, &error),
            };
            return Err(fail(vec![diagnostic], source));
        }
    };
    let file = ExamFile { exam, source };
    let diagnostics = file.intrinsic_problems();
    if diagnostics.is_empty() {
        Ok(file)
    } else {
        Err(fail(diagnostics, file.source))
    }
}

impl ExamFile {
    /// The location of the value at `path` in the file (or of its nearest known parent).
    fn at(&self, path: &[Seg]) -> Location {
        let span = Locations::parse(&self.source.text).span(path);
        Location::of_span(&self.source.text, span)
    }

    fn error(&self, path: &[Seg], message: String, help: String) -> Diagnostic {
        Diagnostic::error(&self.source.name, Some(self.at(path)), message).with_help(help)
    }

    /// Problems that need no pack: empty or hostile text, a zero count, a time limit out of
    /// range.
    fn intrinsic_problems(&self) -> Vec<Diagnostic> {
        let exam = &self.exam;
        let mut out = Vec::new();
        let mut text = |path: Vec<Seg>, value: &str, what: &str, empty_ok: bool| {
            if has_forbidden(value) {
                out.push(self.error(
                    &path,
                    format!("the {what} holds a control or bidi character"),
                    "remove it: exam files are plain text".to_owned(),
                ));
            } else if !empty_ok && value.trim().is_empty() {
                out.push(self.error(
                    &path,
                    format!("the {what} is empty"),
                    format!("write the {what}, as `skillgap pack stats` shows it"),
                ));
            }
        };
        text(vec![Seg::Field("title")], &exam.title, "title", true);
        text(
            vec![Seg::Field("pack"), Seg::Field("id")],
            &exam.pack.id,
            "pack id",
            false,
        );
        text(
            vec![Seg::Field("pack"), Seg::Field("version")],
            &exam.pack.version,
            "pack version",
            false,
        );
        if let Some(hash) = &exam.pack.hash {
            text(
                vec![Seg::Field("pack"), Seg::Field("hash")],
                hash,
                "pack hash",
                false,
            );
        }
        for (i, category) in exam.categories.iter().enumerate() {
            text(
                vec![Seg::Field("categories"), Seg::Index(i)],
                category,
                "category id",
                false,
            );
        }
        for (i, tag) in exam.tags.iter().enumerate() {
            text(vec![Seg::Field("tags"), Seg::Index(i)], tag, "tag", false);
        }
        if exam.count == Some(0) {
            out.push(self.error(
                &[Seg::Field("count")],
                "`count: 0` asks no question".to_owned(),
                "write how many questions to ask, or leave `count` out to ask every question that matches".to_owned(),
            ));
        }
        if let Some(minutes) = exam.time_limit_minutes
            && !(minutes.is_finite() && minutes > 0.0 && minutes <= MAX_MINUTES)
        {
            out.push(self.error(
                &[Seg::Field("time_limit_minutes")],
                format!("a time limit of {minutes} minutes is out of range"),
                format!(
                    "write a number of minutes above 0 and at most {MAX_MINUTES}, or leave `time_limit_minutes` out for no limit"
                ),
            ));
        }
        out
    }

    /// Checks the exam against the pack it is run with: same id, same version (and content
    /// hash when the file gives one), known categories, at least one matching question.
    /// Returns how many questions match the filters.
    pub fn check(&self, pack: &Pack) -> Result<usize, LoadError> {
        let exam = &self.exam;
        let mut out = Vec::new();
        let pack_name = sanitize_line(&exam.pack.id);
        if pack.meta.id != exam.pack.id {
            out.push(self.error(
                &[Seg::Field("pack"), Seg::Field("id")],
                format!(
                    "this exam is for pack `{pack_name}`, but the pack given is `{}`",
                    sanitize_line(&pack.meta.id)
                ),
                format!("run it with pack `{pack_name}`: install it, or pass its file with --pack"),
            ));
        } else if pack.meta.version != exam.pack.version {
            out.push(self.error(
                &[Seg::Field("pack"), Seg::Field("version")],
                format!(
                    "this exam is for version {} of pack `{pack_name}`, but the pack found is version {}",
                    sanitize_line(&exam.pack.version),
                    sanitize_line(&pack.meta.version)
                ),
                format!(
                    "the questions may differ between versions: get version {} from your teacher (install it with `skillgap pack install FILE`, or pass it with --pack FILE), or ask for an exam written for version {}",
                    sanitize_line(&exam.pack.version),
                    sanitize_line(&pack.meta.version)
                ),
            ));
        } else if let Some(hash) = &exam.pack.hash {
            let actual = pack.content_hash();
            if !actual.eq_ignore_ascii_case(hash.trim()) {
                out.push(self.error(
                    &[Seg::Field("pack"), Seg::Field("hash")],
                    format!(
                        "pack `{pack_name}` {} has other content than the one this exam was written for (content hash {} here, {} in the exam)",
                        sanitize_line(&pack.meta.version),
                        short(&actual),
                        short(&sanitize_line(hash))
                    ),
                    "someone changed the pack without changing its version: get the teacher's copy of the pack, or ask for an exam written for this one".to_owned(),
                ));
            }
        }
        for (i, category) in exam.categories.iter().enumerate() {
            if pack.category(category).is_none() {
                let known: Vec<&str> = pack.categories.iter().map(|c| c.id.as_str()).collect();
                out.push(self.error(
                    &[Seg::Field("categories"), Seg::Index(i)],
                    format!(
                        "pack `{pack_name}` has no category `{}`",
                        sanitize_line(category)
                    ),
                    format!("the categories are: {}", sanitize_line(&known.join(", "))),
                ));
            }
        }
        for (i, kind) in exam.kinds.iter().enumerate() {
            if !pack.questions.iter().any(|q| q.kind.name() == *kind) {
                out.push(self.error(
                    &[Seg::Field("kinds"), Seg::Index(i)],
                    format!("pack `{pack_name}` has no {} question", kind.name()),
                    "remove this kind, or choose one the pack has (`skillgap pack stats` counts them)".to_owned(),
                ));
            }
        }
        let matching = pack
            .questions
            .iter()
            .filter(|q| self.exam.filters().accepts(q))
            .count();
        if out.is_empty() && matching == 0 {
            out.push(self.error(
                &[],
                format!("no question of pack `{pack_name}` matches this exam's categories, tags, kinds and difficulty together"),
                "widen the filters (`skillgap pack stats` counts the questions)".to_owned(),
            ));
        }
        if out.is_empty() {
            Ok(matching)
        } else {
            Err(LoadError {
                diagnostics: out,
                sources: vec![self.source.clone()],
            })
        }
    }
}

/// The first 12 hex digits of a hash, for messages.
pub fn short(hash: &str) -> &str {
    hash.get(..12).unwrap_or(hash)
}

impl Exam {
    pub fn filters(&self) -> Filters {
        Filters {
            categories: self.categories.clone(),
            tags: self.tags.clone(),
            difficulty: self.difficulty,
            kinds: self.kinds.clone(),
        }
    }

    /// Practice (feedback after each answer) or exam (feedback at the end).
    pub fn mode(&self) -> Mode {
        if self.feedback {
            Mode::Practice
        } else {
            Mode::Exam
        }
    }

    pub fn time_limit_secs(&self) -> Option<u64> {
        self.time_limit_minutes
            .map(|minutes| (minutes * 60.0).round() as u64)
    }

    /// The questions, in order, with their display order: the same for every student.
    pub fn plan(&self, pack: &Pack) -> Vec<Item> {
        quiz::plan(
            std::slice::from_ref(pack),
            &self.filters(),
            self.count.map(|c| c as usize),
            self.seed,
        )
    }

    /// sha256 (hex) of everything that decides what students are asked and how: pack id,
    /// version and hash, seed, count, filters, time limit and feedback. The title is left
    /// out, so correcting a typo in it does not orphan results already collected.
    pub fn fingerprint(&self) -> String {
        let mut categories = self.categories.clone();
        categories.sort();
        let mut tags = self.tags.clone();
        tags.sort();
        let mut kinds: Vec<&str> = self.kinds.iter().map(|k| k.name()).collect();
        kinds.sort_unstable();
        let canonical = serde_json::json!({
            "pack": {"id": self.pack.id, "version": self.pack.version, "hash": self.pack.hash.as_ref().map(|h| h.trim().to_ascii_lowercase())},
            "seed": self.seed,
            "count": self.count,
            "categories": categories,
            "tags": tags,
            "kinds": kinds,
            "difficulty": self.difficulty.map(Difficulty::name),
            "time_limit_secs": self.time_limit_secs(),
            "feedback": self.feedback,
        });
        crate::pack::hash_hex(canonical.to_string().as_bytes())
    }

    pub fn mark(&self) -> ExamMark {
        ExamMark {
            fingerprint: self.fingerprint(),
            title: self.title.clone(),
        }
    }

    /// What a session running this exam stores as its filters: the filters, plus the exam's
    /// mark under `"exam"` (readers of plain filters ignore it).
    pub fn session_filters_json(&self) -> String {
        let mut value = serde_json::to_value(self.filters()).unwrap_or_default();
        if let (Some(object), Ok(mark)) = (value.as_object_mut(), serde_json::to_value(self.mark()))
        {
            object.insert("exam".to_owned(), mark);
        }
        value.to_string()
    }

    /// The exam file's text, commented so a teacher can read and edit it.
    pub fn to_ron(&self) -> String {
        let string = |s: &str| ron::to_string(s).unwrap_or_else(|_| "\"\"".to_owned());
        let list = |items: &[String]| {
            items
                .iter()
                .map(|s| string(s))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let mut out = String::new();
        out.push_str(
            "// A skillgap exam: every student who runs it gets the same questions in the same\n\
             // order. Students run it with `skillgap quiz --exam FILE`, then hand in\n\
             // `skillgap export --name \"NAME\" --exam FILE -o results.json`.\n\
             // Changing anything but the title makes it another exam (another fingerprint).\n\
             Exam(\n",
        );
        let _ = writeln!(out, "    title: {},", string(&self.title));
        out.push_str(
            "    // The pack, as `skillgap pack stats` shows it; students need this version.\n",
        );
        let _ = write!(
            out,
            "    pack: (id: {}, version: {}",
            string(&self.pack.id),
            string(&self.pack.version)
        );
        if let Some(hash) = &self.pack.hash {
            let _ = write!(out, ", hash: {}", string(hash));
        }
        out.push_str("),\n");
        out.push_str("    // Decides which questions are drawn and in which order.\n");
        let _ = writeln!(out, "    seed: {},", self.seed);
        match self.count {
            Some(count) => {
                let _ = writeln!(out, "    count: {count},");
            }
            None => out.push_str("    // count: 20, // left out: every question that matches\n"),
        }
        out.push_str("    // Filters; empty lists mean \"any\".\n");
        let _ = writeln!(out, "    categories: [{}],", list(&self.categories));
        let _ = writeln!(out, "    tags: [{}],", list(&self.tags));
        let kinds: Vec<&str> = self.kinds.iter().map(|k| k.name()).collect();
        let _ = writeln!(
            out,
            "    kinds: [{}], // Single, Multi, TrueFalse, Short, Numeric, Order, Match, Open",
            kinds.join(", ")
        );
        match self.difficulty {
            Some(d) => {
                let _ = writeln!(out, "    difficulty: {},", d.name());
            }
            None => out.push_str("    // difficulty: Easy, // or Medium, Hard; left out: any\n"),
        }
        match self.time_limit_minutes {
            Some(minutes) => {
                let _ = writeln!(
                    out,
                    "    time_limit_minutes: {minutes}, // unanswered questions score 0 when it runs out"
                );
            }
            None => out.push_str("    // time_limit_minutes: 30, // left out: no limit\n"),
        }
        let _ = writeln!(
            out,
            "    feedback: {}, // true: feedback after each answer; false: only at the end",
            self.feedback
        );
        out.push_str(")\n");
        out
    }
}

/// The exam a stored session ran, read from its `filters_json`.
pub fn mark_of_session(filters_json: &str) -> Option<ExamMark> {
    let value: serde_json::Value = serde_json::from_str(filters_json).ok()?;
    serde_json::from_value(value.get("exam")?.clone()).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exam() -> Exam {
        Exam {
            title: "Midterm \"A\"".to_owned(),
            pack: ExamPack {
                id: "demo".to_owned(),
                version: "1.0.0".to_owned(),
                hash: None,
            },
            seed: 7,
            count: Some(3),
            categories: vec!["databases".to_owned()],
            tags: Vec::new(),
            kinds: vec![KindName::Single, KindName::TrueFalse],
            difficulty: Some(Difficulty::Easy),
            time_limit_minutes: Some(12.5),
            feedback: false,
        }
    }

    #[test]
    fn written_file_reads_back_the_same() {
        let exam = exam();
        let text = exam.to_ron();
        let file = load_str("e.ron", &text).map_err(|e| e.to_string());
        assert_eq!(file.map(|f| f.exam), Ok(exam));
    }

    #[test]
    fn fingerprint_ignores_title_and_filter_order_but_not_seed() {
        let a = exam();
        let mut b = exam();
        b.title = "Another title".to_owned();
        b.kinds.reverse();
        assert_eq!(a.fingerprint(), b.fingerprint());
        b.seed = 8;
        assert_ne!(a.fingerprint(), b.fingerprint());
    }

    #[test]
    fn session_filters_carry_the_mark_and_still_read_as_filters() {
        let exam = exam();
        let json = exam.session_filters_json();
        assert_eq!(mark_of_session(&json), Some(exam.mark()));
        let filters: Filters = serde_json::from_str(&json).unwrap_or_default();
        assert_eq!(filters, exam.filters());
        assert_eq!(mark_of_session("{}"), None);
    }
}
