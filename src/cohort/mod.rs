//! The class statistics, and the results file they are computed from (`results.rs`: the
//! "skillgap-results" file a student hands in, built, written and read back here, below the
//! renderings that show it). Students' results files are aggregated into per-category class scores,
//! a students × categories table, item statistics (facility, corrected point-biserial,
//! Moodle's discrimination index and discriminative efficiency, distractors, flags) and test
//! statistics (Cronbach's alpha / KR-20, standard error of measurement, score distribution).
//! Computation only: the renderings (text, Markdown, JSON, CSV, HTML) live in
//! `report::class` and `report::html`; this module reads parsed results files
//! (`cohort::results`) and the pack, and never prints.
//!
//! # Formulas
//! Each student counts once per question: their **first** answer to it (earliest
//! `answered_at_ms`); later attempts are counted in a note, not in the statistics. A
//! skipped, timed-out or not-reached question (an exam's time ran out before it was shown)
//! scores 0 and counts as answered, as the exam's score counts it (it is also counted as
//! *omitted*); a question not in a student's results is missing for that student and is left
//! out of every statistic of that student and that question. An answer the student marked
//! right ("I was right") comes with the score 1 it counts for.
//!
//! - **Student category score**: the mean of the student's scores on the questions of that
//!   category. **Student total**: the mean over all their questions.
//! - **Class per category**: over the students with a score in it, the mean, the population
//!   standard deviation `sqrt(Σ(x − mean)² / n)`, the minimum and the maximum. The class gap
//!   is `target − mean` for the chosen profile.
//! - Item statistics (facility, discrimination, Moodle's indices, distractors): see
//!   [`items`]. Test statistics (alpha, SEM, distribution): see [`test_stats`].
//!
//! # Flags (only with at least `min_students` students on the question; default
//! [`DEFAULT_MIN_STUDENTS`], as below that the numbers are indicative)
//! - negative discrimination: below 0, the stronger students did worse on it (wrong key?);
//! - too easy: facility at least [`TOO_EASY`]; too hard: facility at most [`TOO_HARD`];
//! - distractor beats key: a wrong choice was picked by more students than the least
//!   picked correct choice (for Single: than the key).

pub mod items;
pub mod results;
pub mod test_stats;

use crate::cohort::results::{ResultAnswer, Results, ResultsError};
use crate::exam::{ExamMark, short};
use crate::pack::Pack;
use crate::store::PackRef;
use crate::text::sanitize_line;
use serde::Serialize;
use std::collections::HashMap;

pub use items::{beats_key, beats_one, pearson, spread};
pub use test_stats::TestStats;

/// Fewest students on a question for a correlation to be computed at all.
pub const MIN_STUDENTS: usize = 3;
/// Fewest students on a question (or with a complete test) for its statistics to be more
/// than indicative, and for a question to be flagged (`--min-students` changes it).
pub const DEFAULT_MIN_STUDENTS: usize = 30;
/// Facility at or above which a question is flagged as too easy.
pub const TOO_EASY: f64 = 0.9;
/// Facility at or below which a question is flagged as too hard.
pub const TOO_HARD: f64 = 0.2;

/// A results file as read: its name and its content, or why it could not be read.
#[derive(Debug, Clone)]
pub struct ClassFile {
    pub name: String,
    pub results: Result<Results, ClassFileError>,
}

/// Why a results file was left out of a class report (its name is said beside it).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ClassFileError {
    #[error("no such file")]
    NotFound,
    #[error("permission denied")]
    PermissionDenied,
    /// Any other reading error, as the system put it.
    #[error("cannot read it: {0}")]
    Unreadable(String),
    #[error("it is a directory; give the results files inside it")]
    Directory,
    #[error("larger than {limit_mib} MiB: not a results file")]
    TooLarge { limit_mib: u64 },
    #[error("not UTF-8 text: not a results file")]
    NotUtf8,
    #[error(transparent)]
    Invalid(#[from] ResultsError),
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClassReport {
    /// The pack (id, version, content hash) every included answer belongs to.
    pub pack: Option<PackRef>,
    pub pack_title: Option<String>,
    /// The exam every included file was exported for, if they agree on one.
    pub exam: Option<ExamMark>,
    /// (id, title) of the profile whose targets the gaps use.
    pub profile: Option<(String, String)>,
    pub categories: Vec<CategoryStat>,
    pub students: Vec<StudentRow>,
    pub items: Vec<ItemStat>,
    /// Statistics of the whole test, over the students who answered every question.
    pub test: Option<TestStats>,
    /// Students a question needs for flags; below it the numbers are indicative.
    pub min_students: usize,
    /// Files left out, with why.
    pub skipped: Vec<Skipped>,
    /// Everything else worth knowing (repeated answers, duplicate names...).
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Skipped {
    pub file: String,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CategoryStat {
    pub id: String,
    pub title: String,
    /// Students with a score in this category.
    pub students: usize,
    pub mean: f64,
    pub sd: f64,
    pub min: f64,
    pub max: f64,
    pub target: Option<f64>,
    /// target − mean.
    pub gap: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StudentRow {
    pub name: String,
    pub file: String,
    /// Per category of [`ClassReport::categories`], in the same order.
    pub categories: Vec<Option<f64>>,
    pub total: f64,
    pub answered: usize,
    /// Sum of the time taken on the counted answers.
    pub time_ms: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Flag {
    NegativeDiscrimination,
    TooEasy,
    TooHard,
    DistractorBeatsKey,
}

impl Flag {
    pub fn word(self) -> &'static str {
        match self {
            Flag::NegativeDiscrimination => "negative discrimination",
            Flag::TooEasy => "too easy",
            Flag::TooHard => "too hard",
            Flag::DistractorBeatsKey => "distractor beats key",
        }
    }

    /// A short mark for narrow tables.
    pub fn mark(self) -> &'static str {
        match self {
            Flag::NegativeDiscrimination => "NEG",
            Flag::TooEasy => "EASY",
            Flag::TooHard => "HARD",
            Flag::DistractorBeatsKey => "DIST",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ItemStat {
    pub id: String,
    pub category: String,
    pub kind: String,
    pub difficulty: String,
    /// The prompt, when the pack is known (sanitised, one line).
    pub prompt: Option<String>,
    /// Students who answered it.
    pub students: usize,
    /// Of them, how many skipped it or ran out of time.
    pub omitted: usize,
    pub facility: f64,
    /// Corrected point-biserial: correlation with the mean of the other answered questions.
    pub discrimination: Option<f64>,
    /// Moodle's discrimination index, in percent: 100 × the correlation of the question's
    /// mark with the sum of the student's other marks.
    pub discrimination_index: Option<f64>,
    /// Moodle's discriminative efficiency, in percent: the covariance with the other marks
    /// as a share of the largest it could be with these marks (both sorted).
    pub discriminative_efficiency: Option<f64>,
    /// Fewer students than `min_students` answered it: its numbers are only indicative.
    pub indicative: bool,
    pub distractors: Option<Distractors>,
    /// For answers typed or arranged (Short, Numeric, Order, Match): each distinct answer
    /// given, most frequent first, so an accepted form the pack lacks stands out.
    pub answers_given: Vec<GivenAnswer>,
    pub flags: Vec<Flag>,
}

/// One distinct answer to a typed or arranged question, as the class gave it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GivenAnswer {
    /// As first typed (sanitised); an Order or Match answer as positions, e.g. `3 1 2`.
    pub text: String,
    pub count: usize,
    /// The mean score it got.
    pub mean_score: f64,
}

impl ItemStat {
    pub fn is_flagged(&self) -> bool {
        !self.flags.is_empty()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Distractors {
    pub options: Vec<OptionCount>,
    /// Whether the key is known (from the pack, or from answers that scored 1).
    pub key_known: bool,
    /// Answers that picked nothing (skipped, timed out, or an empty Multi answer).
    pub no_answer: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OptionCount {
    pub label: String,
    pub key: bool,
    pub count: usize,
}

/// What identifies an answer in a file: (session id, question id, answered at).
type AnswerKey<'a> = (i64, &'a str, i64);

/// One student's counted answers: question id → answer.
pub(crate) struct Student<'a> {
    pub(crate) name: String,
    pub(crate) file: String,
    pub(crate) answers: Vec<&'a ResultAnswer>,
}

/// [`aggregate_with`] with the default gate of [`DEFAULT_MIN_STUDENTS`].
pub fn aggregate(
    files: &[ClassFile],
    pack: Option<&Pack>,
    profile: Option<&str>,
    expected: Option<&PackRef>,
) -> ClassReport {
    aggregate_with(files, pack, profile, expected, DEFAULT_MIN_STUDENTS)
}

/// Aggregates the files. `pack` (when known) gives titles, targets, prompts and keys;
/// `expected` fixes the pack version the class is on (default: the one most files use);
/// questions answered by fewer than `min_students` students are not flagged.
pub fn aggregate_with(
    files: &[ClassFile],
    pack: Option<&Pack>,
    profile: Option<&str>,
    expected: Option<&PackRef>,
    min_students: usize,
) -> ClassReport {
    let mut skipped = Vec::new();
    let mut notes = Vec::new();
    // Each readable file's main pack: the one most of its answers belong to.
    let mut readable: Vec<(&ClassFile, &Results, PackRef)> = Vec::new();
    for file in files {
        match &file.results {
            Err(reason) => skipped.push(Skipped {
                file: file.name.clone(),
                reason: reason.to_string(),
            }),
            Ok(results) => match main_pack(results) {
                Some(main) => readable.push((file, results, main)),
                None => skipped.push(Skipped {
                    file: file.name.clone(),
                    reason: "it holds no answers".to_owned(),
                }),
            },
        }
    }
    let class_pack = expected.cloned().or_else(|| majority(&readable));
    let mut students: Vec<Student> = Vec::new();
    // (student, answers, file) of the files counted so far, to catch a file handed in twice.
    let mut seen: Vec<(String, Vec<AnswerKey>, String)> = Vec::new();
    for (file, results, main) in &readable {
        let Some(class_pack) = &class_pack else {
            continue;
        };
        if main != class_pack {
            skipped.push(Skipped {
                file: file.name.clone(),
                reason: other_pack_reason(main, class_pack),
            });
            continue;
        }
        let mut first: HashMap<&str, &ResultAnswer> = HashMap::new();
        let mut order: Vec<&str> = Vec::new();
        let (mut repeats, mut others) = (0usize, 0usize);
        for (_, answer) in results.answers() {
            if &answer.pack != class_pack {
                others += 1;
                continue;
            }
            match first.get(answer.question_id.as_str()) {
                Some(seen) => {
                    repeats += 1;
                    if answer.answered_at_ms < seen.answered_at_ms {
                        first.insert(&answer.question_id, answer);
                    }
                }
                None => {
                    first.insert(&answer.question_id, answer);
                    order.push(&answer.question_id);
                }
            }
        }
        if others > 0 {
            notes.push(format!(
                "{}: {others} answer{} to other packs or versions left out",
                file.name,
                plural(others)
            ));
        }
        if repeats > 0 {
            notes.push(format!(
                "{}: {repeats} repeated answer{} ignored (the first attempt counts)",
                file.name,
                plural(repeats)
            ));
        }
        let fingerprint: Vec<AnswerKey> = results
            .answers()
            .map(|(s, a)| (s.id, a.question_id.as_str(), a.answered_at_ms))
            .collect();
        if let Some(same) = seen
            .iter()
            .find(|(name, f, _)| *name == results.student && *f == fingerprint)
        {
            skipped.push(Skipped {
                file: file.name.clone(),
                reason: format!("the same results as {} (handed in twice?)", same.2),
            });
            continue;
        }
        seen.push((results.student.clone(), fingerprint, file.name.clone()));
        if students.iter().any(|s| s.name == results.student) {
            notes.push(format!(
                "{}: the name `{}` appears in more than one file; both are counted",
                file.name, results.student
            ));
        }
        students.push(Student {
            name: results.student.clone(),
            file: file.name.clone(),
            answers: order
                .iter()
                .filter_map(|id| first.get(id).copied())
                .collect(),
        });
    }
    students.sort_by(|a, b| a.name.cmp(&b.name).then(a.file.cmp(&b.file)));
    let exam = common_exam(&readable, class_pack.as_ref());
    // A pack of another version or content cannot speak for these answers.
    let pack = pack.filter(|p| {
        class_pack
            .as_ref()
            .is_some_and(|c| c.id == p.meta.id && c.version == p.meta.version)
    });
    let profile = pack.and_then(|p| match profile {
        Some(id) => p.profile(id),
        None => p.profiles.first(),
    });
    let categories = category_order(pack, &students);
    let items = question_order(pack, &students, exam.is_some());
    let category_stats: Vec<CategoryStat> = categories
        .iter()
        .map(|(id, title)| {
            let scores: Vec<f64> = students
                .iter()
                .filter_map(|s| category_mean(s, id))
                .collect();
            let (mean, sd, min, max) = spread(&scores);
            let target = profile.and_then(|p| p.target(id));
            CategoryStat {
                id: id.clone(),
                title: title.clone(),
                students: scores.len(),
                mean,
                sd,
                min,
                max,
                target,
                gap: target.map(|t| t - mean),
            }
        })
        .collect();
    let rows: Vec<StudentRow> = students
        .iter()
        .map(|s| StudentRow {
            name: s.name.clone(),
            file: s.file.clone(),
            categories: categories
                .iter()
                .map(|(id, _)| category_mean(s, id))
                .collect(),
            total: mean(s.answers.iter().map(|a| a.score)),
            answered: s.answers.len(),
            time_ms: s.answers.iter().map(|a| a.time_taken_ms).sum(),
        })
        .collect();
    let grid = Grid::new(&students, &items);
    let item_stats = items
        .iter()
        .enumerate()
        .map(|(column, id)| items::item_stat(column, id, &students, &grid, pack, min_students))
        .collect();
    let test = test_stats::of(&grid, items.len(), min_students);
    ClassReport {
        pack: class_pack,
        pack_title: pack.map(|p| p.meta.title.clone()),
        exam,
        profile: profile.map(|p| (p.id.clone(), p.title.clone())),
        categories: category_stats,
        students: rows,
        items: item_stats,
        test,
        min_students,
        skipped,
        notes,
    }
}

pub(crate) fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn main_pack(results: &Results) -> Option<PackRef> {
    let mut counts: Vec<(&PackRef, usize)> = Vec::new();
    for (_, answer) in results.answers() {
        match counts.iter_mut().find(|(p, _)| *p == &answer.pack) {
            Some(entry) => entry.1 += 1,
            None => counts.push((&answer.pack, 1)),
        }
    }
    // The first of the most used, in file order.
    let best = counts.iter().map(|(_, n)| *n).max()?;
    counts
        .into_iter()
        .find(|(_, n)| *n == best)
        .map(|(p, _)| p.clone())
}

/// The pack most files are on (the first such in file order on a tie).
fn majority(readable: &[(&ClassFile, &Results, PackRef)]) -> Option<PackRef> {
    let mut counts: Vec<(&PackRef, usize)> = Vec::new();
    for (_, _, main) in readable {
        match counts.iter_mut().find(|(p, _)| *p == main) {
            Some(entry) => entry.1 += 1,
            None => counts.push((main, 1)),
        }
    }
    let best = counts.iter().map(|(_, n)| *n).max()?;
    counts
        .into_iter()
        .find(|(_, n)| *n == best)
        .map(|(p, _)| p.clone())
}

fn other_pack_reason(main: &PackRef, class: &PackRef) -> String {
    let describe = |p: &PackRef| {
        format!(
            "pack `{}` {} (content {})",
            sanitize_line(&p.id),
            sanitize_line(&p.version),
            short(&sanitize_line(&p.content_hash))
        )
    };
    let why = if main.id != class.id {
        "another pack"
    } else if main.version != class.version {
        "another version"
    } else {
        "the same version with other content"
    };
    format!(
        "its answers are for {}, {why} than the class's {}: left out rather than mixed; report on those files separately",
        describe(main),
        describe(class)
    )
}

fn common_exam(
    readable: &[(&ClassFile, &Results, PackRef)],
    class_pack: Option<&PackRef>,
) -> Option<ExamMark> {
    let marks: Vec<Option<&ExamMark>> = readable
        .iter()
        .filter(|(_, _, main)| Some(main) == class_pack)
        .map(|(_, r, _)| r.exam.as_ref())
        .collect();
    let first = (*marks.first()?)?;
    marks
        .iter()
        .all(|m| m.is_some_and(|m| m.fingerprint == first.fingerprint))
        .then(|| first.clone())
}

/// (id, title): the pack's categories that have answers, in pack order; else first seen.
fn category_order(pack: Option<&Pack>, students: &[Student]) -> Vec<(String, String)> {
    let mut seen: Vec<String> = Vec::new();
    for s in students {
        for a in &s.answers {
            if !seen.contains(&a.category) {
                seen.push(a.category.clone());
            }
        }
    }
    match pack {
        Some(pack) => {
            let mut out: Vec<(String, String)> = pack
                .categories
                .iter()
                .filter(|c| seen.contains(&c.id))
                .map(|c| (c.id.clone(), c.title.clone()))
                .collect();
            for id in seen {
                if !out.iter().any(|(c, _)| *c == id) {
                    out.push((id.clone(), id));
                }
            }
            out
        }
        None => seen.into_iter().map(|id| (id.clone(), id)).collect(),
    }
}

/// The questions in the order the class met them: for a common exam, the exam's own order
/// (every student was asked them in that order, so "question 3" here is question 3 of the
/// exam); otherwise the pack's order.
fn question_order(pack: Option<&Pack>, students: &[Student], exam: bool) -> Vec<String> {
    let mut seen: Vec<String> = Vec::new();
    // The earliest place each question was asked at, over every student.
    let mut asked_at: std::collections::HashMap<String, usize> = Default::default();
    for s in students {
        for (at, a) in s.answers.iter().enumerate() {
            if !seen.contains(&a.question_id) {
                seen.push(a.question_id.clone());
            }
            let earliest = asked_at.entry(a.question_id.clone()).or_insert(at);
            *earliest = (*earliest).min(at);
        }
    }
    if exam {
        seen.sort_by_key(|id| asked_at.get(id).copied().unwrap_or(usize::MAX));
    } else if let Some(pack) = pack {
        let position = |id: &str| pack.questions.iter().position(|q| q.id == id);
        seen.sort_by_key(|id| position(id).unwrap_or(usize::MAX));
    }
    seen
}

fn category_mean(student: &Student, category: &str) -> Option<f64> {
    let scores: Vec<f64> = student
        .answers
        .iter()
        .filter(|a| a.category == category)
        .map(|a| a.score)
        .collect();
    (!scores.is_empty()).then(|| mean(scores.iter().copied()))
}

pub(crate) fn mean(values: impl Iterator<Item = f64>) -> f64 {
    let (sum, n) = values.fold((0.0, 0usize), |(s, n), v| (s + v, n + 1));
    if n == 0 { 0.0 } else { sum / n as f64 }
}

/// Each student's counted answer to each question of the report (in item order), and the
/// sum and count of their scores: built once so that no statistic searches answers.
pub(crate) struct Grid<'a> {
    pub(crate) rows: Vec<Vec<Option<&'a ResultAnswer>>>,
    pub(crate) totals: Vec<(f64, usize)>,
}

impl<'a> Grid<'a> {
    fn new(students: &[Student<'a>], items: &[String]) -> Grid<'a> {
        let column: HashMap<&str, usize> = items
            .iter()
            .enumerate()
            .map(|(i, id)| (id.as_str(), i))
            .collect();
        let rows: Vec<Vec<Option<&ResultAnswer>>> = students
            .iter()
            .map(|s| {
                let mut row = vec![None; items.len()];
                for a in &s.answers {
                    if let Some(cell) = column
                        .get(a.question_id.as_str())
                        .and_then(|&i| row.get_mut(i))
                    {
                        *cell = Some(*a);
                    }
                }
                row
            })
            .collect();
        let totals = students
            .iter()
            .map(|s| (s.answers.iter().map(|a| a.score).sum(), s.answers.len()))
            .collect();
        Grid { rows, totals }
    }
}
