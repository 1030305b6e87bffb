//! The class report: students' results files aggregated into a class gap chart, a table of
//! students × categories and item statistics (facility, discrimination, distractors) with
//! flags for questions that look broken; rendered as text, Markdown, JSON and CSV. Pure: the
//! caller reads the files and the pack.
//!
//! # Formulas
//! Each student counts once per question: their **first** answer to it (earliest
//! `answered_at_ms`); later attempts are counted in a note, not in the statistics. A
//! skipped or timed-out question scores 0 and counts as answered (it is also counted as
//! *omitted*); a question a student never saw is missing for that student and is left out
//! of every statistic of that student and that question.
//!
//! - **Student category score**: the mean of the student's scores on the questions of that
//!   category. **Student total**: the mean over all their questions.
//! - **Class per category**: over the students with a score in it, the mean, the population
//!   standard deviation `sqrt(Σ(x − mean)² / n)`, the minimum and the maximum. The class gap
//!   is `target − mean` for the chosen profile.
//! - **Facility** of a question: the mean score of the students who answered it (0..1).
//! - **Discrimination**: the corrected point-biserial, i.e. the Pearson correlation, over the
//!   students who answered the question and at least one other, between their score on the
//!   question and their *rest score* (the mean of their scores on the other questions they
//!   answered). When everyone answered the same questions this equals the classic corrected
//!   item-total correlation (the mean is a linear function of the sum). Undefined (shown
//!   as –) with fewer than [`MIN_STUDENTS`] such students or when either side does not vary.
//! - **Distractors** (Single, Multi, TrueFalse): how many students picked each choice (as
//!   written in the pack, whatever order it was shown in), and how many gave no answer. The
//!   key comes from the pack when the question's content hash matches, else it is inferred
//!   from the answers that scored 1.
//!
//! # Flags (only with at least [`MIN_STUDENTS`] students on the question)
//! - negative discrimination: below 0, the stronger students did worse on it (wrong key?);
//! - too easy: facility at least [`TOO_EASY`]; too hard: facility at most [`TOO_HARD`];
//! - distractor beats key: a wrong choice was picked by more students than the least
//!   picked correct choice (for Single: than the key).

use super::bar;
use super::results::{ResultAnswer, Results};
use super::table::{Column, Table, markdown_cell};
use crate::exam::{ExamMark, short};
use crate::pack::{Kind, Pack};
use crate::store::PackRef;
use crate::text::sanitize_line;
use serde::Serialize;
use std::collections::HashMap;
use std::fmt::Write as _;

/// Fewest students on a question for discrimination and flags.
pub const MIN_STUDENTS: usize = 3;
/// Facility at or above which a question is flagged as too easy.
pub const TOO_EASY: f64 = 0.9;
/// Facility at or below which a question is flagged as too hard.
pub const TOO_HARD: f64 = 0.2;

/// A results file as read: its name and its content, or why it could not be read.
#[derive(Debug, Clone)]
pub struct ClassFile {
    pub name: String,
    pub results: Result<Results, String>,
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
    pub discrimination: Option<f64>,
    pub distractors: Option<Distractors>,
    pub flags: Vec<Flag>,
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
struct Student<'a> {
    name: String,
    file: String,
    answers: Vec<&'a ResultAnswer>,
}

/// Aggregates the files. `pack` (when known) gives titles, targets, prompts and keys;
/// `expected` fixes the pack version the class is on (default: the one most files use).
pub fn aggregate(
    files: &[ClassFile],
    pack: Option<&Pack>,
    profile: Option<&str>,
    expected: Option<&PackRef>,
) -> ClassReport {
    let mut skipped = Vec::new();
    let mut notes = Vec::new();
    // Each readable file's main pack: the one most of its answers belong to.
    let mut readable: Vec<(&ClassFile, &Results, PackRef)> = Vec::new();
    for file in files {
        match &file.results {
            Err(reason) => skipped.push(Skipped {
                file: file.name.clone(),
                reason: reason.clone(),
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
    let items = question_order(pack, &students);
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
    let item_stats = items
        .iter()
        .map(|id| item_stat(id, &students, pack))
        .collect();
    ClassReport {
        pack: class_pack,
        pack_title: pack.map(|p| p.meta.title.clone()),
        exam,
        profile: profile.map(|p| (p.id.clone(), p.title.clone())),
        categories: category_stats,
        students: rows,
        items: item_stats,
        skipped,
        notes,
    }
}

fn plural(n: usize) -> &'static str {
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

fn question_order(pack: Option<&Pack>, students: &[Student]) -> Vec<String> {
    let mut seen: Vec<String> = Vec::new();
    for s in students {
        for a in &s.answers {
            if !seen.contains(&a.question_id) {
                seen.push(a.question_id.clone());
            }
        }
    }
    if let Some(pack) = pack {
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

fn mean(values: impl Iterator<Item = f64>) -> f64 {
    let (sum, n) = values.fold((0.0, 0usize), |(s, n), v| (s + v, n + 1));
    if n == 0 { 0.0 } else { sum / n as f64 }
}

/// Mean, population standard deviation, minimum and maximum (all 0 for no values).
pub fn spread(values: &[f64]) -> (f64, f64, f64, f64) {
    if values.is_empty() {
        return (0.0, 0.0, 0.0, 0.0);
    }
    let m = mean(values.iter().copied());
    let var = mean(values.iter().map(|v| (v - m) * (v - m)));
    let min = values.iter().copied().fold(f64::INFINITY, f64::min);
    let max = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    (m, var.sqrt(), min, max)
}

/// Pearson correlation of paired values; `None` with fewer than [`MIN_STUDENTS`] pairs or
/// when either side is constant.
pub fn pearson(pairs: &[(f64, f64)]) -> Option<f64> {
    if pairs.len() < MIN_STUDENTS {
        return None;
    }
    let mx = mean(pairs.iter().map(|p| p.0));
    let my = mean(pairs.iter().map(|p| p.1));
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (x, y) in pairs {
        sxy += (x - mx) * (y - my);
        sxx += (x - mx) * (x - mx);
        syy += (y - my) * (y - my);
    }
    const EPS: f64 = 1e-12;
    (sxx > EPS && syy > EPS).then(|| (sxy / (sxx * syy).sqrt()).clamp(-1.0, 1.0))
}

fn item_stat(id: &str, students: &[Student], pack: Option<&Pack>) -> ItemStat {
    let answers: Vec<(&Student, &ResultAnswer)> = students
        .iter()
        .filter_map(|s| {
            s.answers
                .iter()
                .find(|a| a.question_id == id)
                .map(|a| (s, *a))
        })
        .collect();
    let first = answers.first().map(|(_, a)| *a);
    let facility = mean(answers.iter().map(|(_, a)| a.score));
    let pairs: Vec<(f64, f64)> = answers
        .iter()
        .filter_map(|(s, a)| {
            let rest: Vec<f64> = s
                .answers
                .iter()
                .filter(|o| o.question_id != id)
                .map(|o| o.score)
                .collect();
            (!rest.is_empty()).then(|| (a.score, mean(rest.into_iter())))
        })
        .collect();
    let discrimination = pearson(&pairs);
    let omitted = answers
        .iter()
        .filter(|(_, a)| matches!(response_type(a), "skipped" | "timed_out"))
        .count();
    // The pack's question, only if it is the one that was answered.
    let question = pack
        .and_then(|p| p.question(id))
        .filter(|q| first.is_some_and(|a| a.question_hash == q.content_hash()));
    let kind = first.map_or_else(String::new, |a| a.kind.clone());
    let distractors = distractors(&kind, question.map(|q| &q.kind), &answers);
    let n = answers.len();
    let mut flags = Vec::new();
    if n >= MIN_STUDENTS {
        if discrimination.is_some_and(|d| d < 0.0) {
            flags.push(Flag::NegativeDiscrimination);
        }
        if facility >= TOO_EASY {
            flags.push(Flag::TooEasy);
        }
        if facility <= TOO_HARD {
            flags.push(Flag::TooHard);
        }
        if distractors.as_ref().is_some_and(beats_key) {
            flags.push(Flag::DistractorBeatsKey);
        }
    }
    ItemStat {
        id: id.to_owned(),
        category: first.map_or_else(String::new, |a| a.category.clone()),
        kind,
        difficulty: first.map_or_else(String::new, |a| a.difficulty.clone()),
        prompt: question.map(|q| sanitize_line(&q.prompt)),
        students: n,
        omitted,
        facility,
        discrimination,
        distractors,
        flags,
    }
}

fn response_type(answer: &ResultAnswer) -> &str {
    answer
        .response
        .get("type")
        .and_then(serde_json::Value::as_str)
        .unwrap_or("")
}

/// Choice indices a response picked (Single, Multi), or `None` if it is another kind.
fn picked(answer: &ResultAnswer) -> Option<Vec<usize>> {
    match response_type(answer) {
        "choices" => Some(
            answer
                .response
                .get("picked")
                .and_then(serde_json::Value::as_array)
                .map(|list| {
                    list.iter()
                        .filter_map(serde_json::Value::as_u64)
                        .map(|i| i as usize)
                        .collect()
                })
                .unwrap_or_default(),
        ),
        "true_false" => Some(
            match answer
                .response
                .get("answer")
                .and_then(serde_json::Value::as_bool)
            {
                Some(true) => vec![0],
                Some(false) => vec![1],
                None => Vec::new(),
            },
        ),
        "skipped" | "timed_out" => Some(Vec::new()),
        _ => None,
    }
}

/// Longest choice label kept, in characters.
const LABEL: usize = 60;

fn distractors(
    kind: &str,
    written: Option<&Kind>,
    answers: &[(&Student, &ResultAnswer)],
) -> Option<Distractors> {
    let picks: Vec<(Vec<usize>, f64)> = answers
        .iter()
        .filter_map(|(_, a)| picked(a).map(|p| (p, a.score)))
        .collect();
    let (labels, key): (Vec<String>, Option<Vec<usize>>) = match (kind, written) {
        ("Single" | "Multi", Some(Kind::Single { choices, answer })) => (
            choices.iter().map(|c| label(&c.text)).collect(),
            Some(vec![*answer]),
        ),
        ("Single" | "Multi", Some(Kind::Multi { choices, correct })) => (
            choices.iter().map(|c| label(&c.text)).collect(),
            Some(correct.clone()),
        ),
        ("TrueFalse", Some(Kind::TrueFalse { answer })) => (
            vec!["True".to_owned(), "False".to_owned()],
            Some(vec![if *answer { 0 } else { 1 }]),
        ),
        ("Single" | "Multi", _) => {
            let len = picks
                .iter()
                .flat_map(|(p, _)| p.iter().copied())
                .max()
                .map_or(0, |m| m + 1);
            (
                (1..=len).map(|i| format!("choice {i}")).collect(),
                inferred_key(&picks),
            )
        }
        ("TrueFalse", _) => (
            vec!["True".to_owned(), "False".to_owned()],
            inferred_key(&picks),
        ),
        _ => return None,
    };
    let mut options: Vec<OptionCount> = labels
        .into_iter()
        .enumerate()
        .map(|(i, label)| OptionCount {
            label,
            key: key.as_ref().is_some_and(|k| k.contains(&i)),
            count: 0,
        })
        .collect();
    let mut no_answer = 0;
    for (p, _) in &picks {
        if p.is_empty() {
            no_answer += 1;
        }
        for &i in p {
            if let Some(option) = options.get_mut(i) {
                option.count += 1;
            }
        }
    }
    Some(Distractors {
        options,
        key_known: key.is_some(),
        no_answer,
    })
}

/// The key as shown by answers that scored full marks (the same set for all of them).
fn inferred_key(picks: &[(Vec<usize>, f64)]) -> Option<Vec<usize>> {
    let mut full = picks
        .iter()
        .filter(|(p, score)| crate::quiz::Verdict::is_right(*score) && !p.is_empty());
    let first = full.next()?;
    let mut key = first.0.clone();
    key.sort_unstable();
    full.all(|(p, _)| {
        let mut p = p.clone();
        p.sort_unstable();
        p == key
    })
    .then_some(key)
}

/// A wrong choice picked by more students than the least picked correct choice.
pub fn beats_key(d: &Distractors) -> bool {
    if !d.key_known {
        return false;
    }
    let key_min = d.options.iter().filter(|o| o.key).map(|o| o.count).min();
    key_min.is_some_and(|k| d.options.iter().any(|o| !o.key && o.count > k))
}

fn label(text: &str) -> String {
    let line = sanitize_line(text);
    if line.chars().count() > LABEL {
        let mut out: String = line.chars().take(LABEL - 1).collect();
        out.push('…');
        out
    } else {
        line
    }
}

fn percent(x: f64) -> String {
    format!("{:.0}%", x * 100.0)
}

fn signed_percent(x: f64) -> String {
    format!("{:+.0}%", x * 100.0)
}

fn opt_percent(x: Option<f64>) -> String {
    x.map_or_else(|| "–".to_owned(), percent)
}

fn opt_num(x: Option<f64>) -> String {
    x.map_or_else(|| "–".to_owned(), |x| format!("{x:.2}"))
}

const CHART: usize = 24;

impl ClassReport {
    /// Categories sorted by gap, largest first (by mean, lowest first, without targets).
    pub fn chart_order(&self) -> Vec<&CategoryStat> {
        let mut out: Vec<&CategoryStat> = self.categories.iter().collect();
        out.sort_by(|a, b| {
            let key = |c: &CategoryStat| c.gap.unwrap_or(-c.mean);
            key(b).total_cmp(&key(a)).then(a.id.cmp(&b.id))
        });
        out
    }

    pub fn flagged(&self) -> impl Iterator<Item = &ItemStat> {
        self.items.iter().filter(|i| i.is_flagged())
    }

    /// One line saying what the report is about.
    pub fn heading(&self) -> String {
        let pack = match &self.pack {
            Some(p) => format!(
                "pack `{}` {} (content {})",
                sanitize_line(&p.id),
                sanitize_line(&p.version),
                short(&sanitize_line(&p.content_hash))
            ),
            None => "no pack".to_owned(),
        };
        let exam = self.exam.as_ref().map_or_else(String::new, |e| {
            format!(
                " · exam \"{}\" ({})",
                sanitize_line(&e.title),
                short(&sanitize_line(&e.fingerprint))
            )
        });
        format!(
            "Class report · {pack}{exam} · {} student{} · {} question{}",
            self.students.len(),
            plural(self.students.len()),
            self.items.len(),
            plural(self.items.len())
        )
    }

    fn problems_text(&self, out: &mut String, bullet: &str) {
        for s in &self.skipped {
            let _ = writeln!(
                out,
                "{bullet}{}: skipped: {}",
                sanitize_line(&s.file),
                sanitize_line(&s.reason)
            );
        }
        for n in &self.notes {
            let _ = writeln!(out, "{bullet}note: {}", sanitize_line(n));
        }
    }

    pub fn to_text(&self) -> String {
        let mut out = format!("{}\n", self.heading());
        if let Some((_, title)) = &self.profile {
            let _ = writeln!(out, "Targets: {}", sanitize_line(title));
        }
        if !self.skipped.is_empty() || !self.notes.is_empty() {
            out.push('\n');
            self.problems_text(&mut out, "  ");
        }
        if self.students.is_empty() {
            out.push_str("\nNo student's results to report on.\n");
            return out;
        }
        out.push_str("\nClass gap chart (█ class mean, │ target; spread = standard deviation)\n");
        let mut chart = Table::new()
            .column(Column::text("category").width(22))
            .column(Column::text("").min(CHART))
            .column(Column::number("mean").min(5).sep("  "))
            .numbers("spread")
            .columns(["min", "max"].map(|end| Column::number(end).min(5)))
            .numbers("target")
            .column(Column::number("gap").min(5))
            .numbers("students")
            .indent("  ")
            .sep(" ");
        for c in self.chart_order() {
            let mut cells = vec![c.title.clone(), bar(c.mean, c.mean, c.target, CHART)];
            cells.extend(category_cells(c));
            chart.row(cells);
        }
        out.push_str(&chart.to_text());
        out.push_str("\nStudents × categories (mean score; – = no question of it)\n");
        out.push_str(&self.students_table().indent("  ").sep(" ").to_text());
        out.push_str(
            "\nItems (facility = mean score; discrimination = corrected point-biserial)\n",
        );
        let items = self.items_table(
            Table::new()
                .column(Column::number("#").min(3))
                .column(Column::text("question").width(26).sep("  "))
                .column(Column::text("kind").width(10))
                .numbers("students,facility,discr.,omitted")
                .column(Column::text("flags").sep("  "))
                .indent("  ")
                .sep(" "),
            String::clone,
        );
        out.push_str(&items.to_text());
        let flagged: Vec<&ItemStat> = self.flagged().collect();
        if flagged.is_empty() {
            out.push_str("\nNo question flagged.\n");
        } else {
            let _ = writeln!(
                out,
                "\n{} question{} flagged: check the key and the wording.",
                flagged.len(),
                plural(flagged.len())
            );
            for item in flagged {
                out.push_str(&self.item_detail_text(item));
            }
        }
        out
    }

    /// A flagged question: its flags, prompt and distractor table.
    pub fn item_detail_text(&self, item: &ItemStat) -> String {
        let mut out = String::new();
        let flags = flag_words(item);
        let _ = writeln!(
            out,
            "\n  {} ({}, {}): {}",
            sanitize_line(&item.id),
            sanitize_line(&item.kind),
            sanitize_line(&item.category),
            if flags.is_empty() {
                "no flag".to_owned()
            } else {
                flags.join(", ")
            }
        );
        if let Some(prompt) = &item.prompt {
            let _ = writeln!(out, "    {}", label(prompt));
        }
        if let Some(d) = &item.distractors {
            // No header: the rows speak for themselves under the question.
            let mut table = Table::new()
                .column(Column::text("").min(1))
                .column(Column::text("choice").width(40))
                .column(Column::number("picked").min(4))
                .indent("    ")
                .sep(" ");
            for o in &d.options {
                let note = if !o.key && d.key_known && beats_one(d, o) {
                    "← picked more than the key"
                } else {
                    ""
                };
                table.row_with_note(
                    [key_mark(o).to_owned(), o.label.clone(), o.count.to_string()],
                    note,
                );
            }
            table.row([String::new(), NO_ANSWER.to_owned(), d.no_answer.to_string()]);
            out.push_str(&table.to_text_rows());
            if !d.key_known {
                out.push_str("      (key unknown: no pack given and no answer scored 1)\n");
            }
        }
        out
    }

    pub fn to_markdown(&self) -> String {
        let md = markdown_cell;
        let mut out = format!("# {}\n\n", md(&self.heading()));
        if let Some((_, title)) = &self.profile {
            let _ = writeln!(out, "Targets: {}\n", md(title));
        }
        if !self.skipped.is_empty() || !self.notes.is_empty() {
            let mut list = String::new();
            self.problems_text(&mut list, "- ");
            out.push_str(&list);
            out.push('\n');
        }
        out.push_str("## Class gap chart\n\n");
        let mut chart = Table::new()
            .texts("category")
            .numbers("mean,spread (sd),min,max,target,gap,students");
        for c in self.chart_order() {
            let mut cells = vec![c.title.clone()];
            cells.extend(category_cells(c));
            chart.row(cells);
        }
        out.push_str(&chart.to_markdown());
        out.push_str("\n## Students × categories\n\n");
        out.push_str(&self.students_table().to_markdown());
        out.push_str(
            "\n## Items\n\nFacility = mean score; discrimination = corrected point-biserial.\n\n",
        );
        let items = self.items_table(
            Table::new()
                .numbers("#")
                .texts("question,kind")
                .numbers("students,facility,discrimination,omitted")
                .texts("flags"),
            |id| format!("`{id}`"),
        );
        out.push_str(&items.to_markdown());
        for item in self.flagged() {
            let _ = writeln!(out, "\n### `{}`\n", md(&item.id));
            let _ = writeln!(out, "Flags: {}.\n", flag_words(item).join(", "));
            if let Some(prompt) = &item.prompt {
                let _ = writeln!(out, "> {}\n", md(prompt));
            }
            if let Some(d) = &item.distractors {
                let mut table = Table::new()
                    .texts("choice")
                    .column(Column::text("key").center())
                    .numbers("picked");
                for o in &d.options {
                    table.row([o.label.clone(), key_mark(o).to_owned(), o.count.to_string()]);
                }
                out.push_str(&table.to_markdown());
                // Written as it always was: `| |` for the empty key cell.
                let _ = writeln!(out, "| {NO_ANSWER} | | {} |", d.no_answer);
            }
        }
        out
    }

    pub fn to_json(&self) -> serde_json::Value {
        let mut value = serde_json::to_value(self).unwrap_or_default();
        if let Some(object) = value.as_object_mut() {
            object.insert(
                "format".to_owned(),
                serde_json::Value::from("skillgap-class"),
            );
            object.insert("version".to_owned(), serde_json::Value::from(1));
        }
        value
    }

    /// Three tables one after the other, separated by an empty line: categories, students ×
    /// categories, items.
    pub fn to_csv(&self) -> String {
        let num = |x: Option<f64>| x.map_or_else(String::new, |x| format!("{x:.4}"));
        let mut categories = Table::new()
            .texts("category,title")
            .numbers("students,mean,sd,min,max,target,gap");
        for c in &self.categories {
            categories.row([
                c.id.clone(),
                c.title.clone(),
                c.students.to_string(),
                format!("{:.4}", c.mean),
                format!("{:.4}", c.sd),
                format!("{:.4}", c.min),
                format!("{:.4}", c.max),
                num(c.target),
                num(c.gap),
            ]);
        }
        let mut students = Table::new()
            .texts("student,file")
            .columns(
                self.categories
                    .iter()
                    .map(|c| Column::number(c.id.as_str())),
            )
            .numbers("total,answered,time_ms");
        for s in &self.students {
            let mut cells = vec![s.name.clone(), s.file.clone()];
            cells.extend(s.categories.iter().map(|score| num(*score)));
            cells.extend([
                format!("{:.4}", s.total),
                s.answered.to_string(),
                s.time_ms.to_string(),
            ]);
            students.row(cells);
        }
        let mut items = Table::new()
            .texts("question,category,kind,difficulty")
            .numbers("students,omitted,facility,discrimination")
            .texts("flags");
        for item in &self.items {
            items.row([
                item.id.clone(),
                item.category.clone(),
                item.kind.clone(),
                item.difficulty.clone(),
                item.students.to_string(),
                item.omitted.to_string(),
                format!("{:.4}", item.facility),
                num(item.discrimination),
                flag_words(item).join("; "),
            ]);
        }
        format!(
            "{}\n{}\n{}",
            categories.to_csv(),
            students.to_csv(),
            items.to_csv()
        )
    }

    /// Students × categories (mean score per category, overall, questions answered), the
    /// same in text and Markdown.
    fn students_table(&self) -> Table {
        let mut table = Table::new()
            .column(Column::text("student").width(20))
            .columns(self.categories.iter().map(|c| {
                Column::number(c.title.as_str())
                    .min(5)
                    .ellipsis(14)
                    .header_left()
            }))
            .column(Column::number("all").min(5))
            .numbers("answered");
        for s in &self.students {
            let mut cells = vec![s.name.clone()];
            cells.extend(s.categories.iter().map(|score| opt_percent(*score)));
            cells.extend([percent(s.total), s.answered.to_string()]);
            table.row(cells);
        }
        table
    }

    /// The items as rows of `table`, whose columns are #, question, kind, students,
    /// facility, discrimination, omitted and flags; the question id written by `id`.
    fn items_table(&self, mut table: Table, id: impl Fn(&String) -> String) -> Table {
        for (i, item) in self.items.iter().enumerate() {
            let flags = flag_words(item);
            table.row([
                (i + 1).to_string(),
                id(&item.id),
                item.kind.clone(),
                item.students.to_string(),
                format!("{:.2}", item.facility),
                opt_num(item.discrimination),
                item.omitted.to_string(),
                if flags.is_empty() {
                    String::new()
                } else {
                    format!("⚠ {}", flags.join(", "))
                },
            ]);
        }
        table
    }
}

/// What a row of the class gap chart shows after the category (and bar): mean, spread,
/// min, max, target, gap and students.
fn category_cells(c: &CategoryStat) -> [String; 7] {
    [
        percent(c.mean),
        percent(c.sd),
        percent(c.min),
        percent(c.max),
        opt_percent(c.target),
        c.gap.map_or_else(|| "–".to_owned(), signed_percent),
        c.students.to_string(),
    ]
}

fn flag_words(item: &ItemStat) -> Vec<&'static str> {
    item.flags.iter().map(|f| f.word()).collect()
}

fn key_mark(option: &OptionCount) -> &'static str {
    if option.key { "✓" } else { "" }
}

/// The row of the distractor table for answers that picked nothing.
const NO_ANSWER: &str = "(no answer)";

/// Whether this wrong choice was picked more than the least picked correct one.
pub fn beats_one(d: &Distractors, option: &OptionCount) -> bool {
    d.options
        .iter()
        .filter(|o| o.key)
        .map(|o| o.count)
        .min()
        .is_some_and(|k| option.count > k)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pearson_of_known_values() {
        let r = pearson(&[(1.0, 2.0), (2.0, 4.0), (3.0, 6.5)]);
        assert!(r.is_some_and(|r| r > 0.99));
        assert_eq!(pearson(&[(1.0, 1.0), (1.0, 2.0), (1.0, 3.0)]), None);
        assert_eq!(pearson(&[(1.0, 1.0), (0.0, 2.0)]), None);
        let anti = pearson(&[(1.0, 0.0), (0.0, 1.0), (1.0, 0.0), (0.0, 1.0)]);
        assert!(anti.is_some_and(|r| (r + 1.0).abs() < 1e-9));
    }

    #[test]
    fn spread_is_population_sd() {
        let (m, sd, min, max) = spread(&[0.2, 0.4, 0.6, 0.8]);
        assert!((m - 0.5).abs() < 1e-12);
        assert!((sd - 0.05f64.sqrt()).abs() < 1e-12);
        assert_eq!((min, max), (0.2, 0.8));
    }
}
