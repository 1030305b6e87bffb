//! Item statistics of a class: facility, the corrected point-biserial, Moodle's
//! discrimination index and discriminative efficiency, distractor counts and flags.
//!
//! - **Facility**: the mean score of the students who answered the question (0..1).
//! - **Discrimination** (corrected point-biserial): the Pearson correlation, over the
//!   students who answered the question and at least one other, between their score on it
//!   and their *rest score* (the mean of their scores on the other questions they
//!   answered). When everyone answered the same questions this equals the classic
//!   corrected item-total correlation. Undefined with fewer than [`MIN_STUDENTS`] such
//!   students or when either side does not vary.
//! - **Discrimination index** (Moodle's, in percent): over the `s` students who answered the
//!   question, `100 · cov(x, y) / sqrt(var(x) · var(y))` where `x` is the mark and `y` the sum
//!   of the student's other marks, variances and covariance over `s − 1`; undefined when
//!   `s < 2` or either variance is 0.
//! - **Discriminative efficiency** (Moodle's, in percent): `100 · cov(x, y) / cov_max`, where
//!   `cov_max` is the covariance of the marks and the other marks each sorted ascending (the
//!   largest covariance these marks allow); undefined when `cov_max` is 0.
//! - **Distractors** (Single, Multi, TrueFalse): how many students picked each choice (as
//!   written in the pack, whatever order it was shown in), and how many gave no answer. The
//!   key comes from the pack when the question's content hash matches, else it is inferred
//!   from the answers that scored 1.

use super::{
    Distractors, Flag, GivenAnswer, Grid, ItemStat, MIN_STUDENTS, OptionCount, Student, TOO_EASY,
    TOO_HARD, mean,
};
use crate::cohort::results::ResultAnswer;
use crate::pack::{Kind, Pack};
use crate::quiz::Response;
use crate::text::sanitize_line;

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

pub(crate) fn item_stat(
    column: usize,
    id: &str,
    students: &[Student],
    grid: &Grid,
    pack: Option<&Pack>,
    min_students: usize,
) -> ItemStat {
    // (student, answer, sum and count of the student's scores) of those who answered it.
    let answers: Vec<(&Student, &ResultAnswer)> = students
        .iter()
        .zip(&grid.rows)
        .filter_map(|(s, row)| row.get(column).copied().flatten().map(|a| (s, a)))
        .collect();
    let totals: Vec<(f64, usize)> = grid
        .rows
        .iter()
        .zip(&grid.totals)
        .filter(|(row, _)| row.get(column).is_some_and(Option::is_some))
        .map(|(_, total)| *total)
        .collect();
    let first = answers.first().map(|(_, a)| *a);
    let facility = mean(answers.iter().map(|(_, a)| a.score));
    // The rest score from the student's sum: linear in the class, not quadratic.
    let pairs: Vec<(f64, f64)> = answers
        .iter()
        .zip(&totals)
        .filter(|(_, (_, count))| *count > 1)
        .map(|((_, a), (sum, count))| (a.score, (sum - a.score) / (count - 1) as f64))
        .collect();
    let discrimination = pearson(&pairs);
    let with_rest_sums: Vec<(f64, f64)> = answers
        .iter()
        .zip(&totals)
        .map(|((_, a), (sum, _))| (a.score, sum - a.score))
        .collect();
    let (discrimination_index, discriminative_efficiency) = moodle_indices(&with_rest_sums);
    let omitted = answers
        .iter()
        .filter(|(_, a)| {
            matches!(
                a.response,
                Some(Response::Skipped | Response::TimedOut | Response::NotReached)
            )
        })
        .count();
    // The pack's question, only if it is the one that was answered.
    let question = pack
        .and_then(|p| p.question(id))
        .filter(|q| first.is_some_and(|a| a.question_hash == q.content_hash()));
    let kind = first.map_or_else(String::new, |a| a.kind.clone());
    let distractors = distractors(&kind, question.map(|q| &q.kind), &answers);
    let n = answers.len();
    let mut flags = Vec::new();
    if n >= min_students.max(1) {
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
        discrimination_index,
        discriminative_efficiency,
        indicative: n < min_students,
        distractors,
        answers_given: answers_given(&answers),
        flags,
    }
}

/// Distinct answers listed per question at most.
pub const ANSWERS_GIVEN_LISTED: usize = 20;

/// The distinct answers given to a typed or arranged question (see
/// [`super::ItemStat::answers_given`]); texts that differ only in case or surrounding space
/// are one answer. Empty for other kinds.
fn answers_given(answers: &[(&Student, &ResultAnswer)]) -> Vec<GivenAnswer> {
    // Positions as a person counts them (from 1), `–` for none.
    let positions = |list: &mut dyn Iterator<Item = Option<usize>>| -> String {
        let shown: Vec<String> = list
            .map(|i| i.map_or_else(|| "–".to_owned(), |i| (i + 1).to_string()))
            .collect();
        shown.join(" ")
    };
    let mut given: Vec<(String, GivenAnswer, f64)> = Vec::new();
    for (_, answer) in answers {
        let text = match &answer.response {
            Some(Response::Text { text }) => Some(text.clone()),
            Some(Response::Number { typed, .. }) => Some(typed.clone()),
            Some(Response::Order { order }) => Some(positions(&mut order.iter().map(|&i| Some(i)))),
            Some(Response::Match { pairs }) => Some(positions(&mut pairs.iter().copied())),
            _ => None,
        };
        let Some(text) = text.map(|t| sanitize_line(t.trim())) else {
            continue;
        };
        let key = text.to_lowercase();
        match given.iter_mut().find(|(k, _, _)| *k == key) {
            Some((_, entry, sum)) => {
                entry.count += 1;
                *sum += answer.score;
            }
            None => given.push((
                key,
                GivenAnswer {
                    text,
                    count: 1,
                    mean_score: 0.0,
                },
                answer.score,
            )),
        }
    }
    let mut out: Vec<GivenAnswer> = given
        .into_iter()
        .map(|(_, mut entry, sum)| {
            entry.mean_score = sum / entry.count as f64;
            entry
        })
        .collect();
    out.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.text.cmp(&b.text)));
    out.truncate(ANSWERS_GIVEN_LISTED);
    out
}

/// Choice indices a response picked (Single, Multi), or `None` if it is another kind.
fn picked(answer: &ResultAnswer) -> Option<Vec<usize>> {
    match &answer.response {
        Some(Response::Choices { picked }) => Some(picked.clone()),
        Some(Response::TrueFalse { answer }) => Some(vec![if *answer { 0 } else { 1 }]),
        Some(Response::Skipped | Response::TimedOut | Response::NotReached) => Some(Vec::new()),
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

pub(crate) fn label(text: &str) -> String {
    let line = sanitize_line(text);
    if line.chars().count() > LABEL {
        let mut out: String = line.chars().take(LABEL - 1).collect();
        out.push('…');
        out
    } else {
        line
    }
}

/// Whether this wrong choice was picked more than the least picked correct one.
pub fn beats_one(d: &Distractors, option: &OptionCount) -> bool {
    d.options
        .iter()
        .filter(|o| o.key)
        .map(|o| o.count)
        .min()
        .is_some_and(|k| option.count > k)
}

/// Moodle's discrimination index and discriminative efficiency (both in percent) of
/// (mark, sum of the other marks) pairs, one per student who answered the question.
pub fn moodle_indices(pairs: &[(f64, f64)]) -> (Option<f64>, Option<f64>) {
    let s = pairs.len();
    if s < 2 {
        return (None, None);
    }
    let denominator = (s - 1) as f64;
    let mark_mean = mean(pairs.iter().map(|p| p.0));
    let other_mean = mean(pairs.iter().map(|p| p.1));
    let (mut mark_var, mut other_var, mut cov) = (0.0, 0.0, 0.0);
    for (x, y) in pairs {
        mark_var += (x - mark_mean) * (x - mark_mean);
        other_var += (y - other_mean) * (y - other_mean);
        cov += (x - mark_mean) * (y - other_mean);
    }
    let (mark_var, other_var, cov) = (
        mark_var / denominator,
        other_var / denominator,
        cov / denominator,
    );
    let mut marks: Vec<f64> = pairs.iter().map(|p| p.0).collect();
    let mut others: Vec<f64> = pairs.iter().map(|p| p.1).collect();
    marks.sort_by(f64::total_cmp);
    others.sort_by(f64::total_cmp);
    let cov_max = marks
        .iter()
        .zip(&others)
        .map(|(x, y)| (x - mark_mean) * (y - other_mean))
        .sum::<f64>()
        / denominator;
    // Exact zeros, as in Moodle: a question everyone got the same mark on has none.
    let index = (mark_var * other_var != 0.0).then(|| 100.0 * cov / (mark_var * other_var).sqrt());
    let efficiency = (cov_max != 0.0).then(|| 100.0 * cov / cov_max);
    (index, efficiency)
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
