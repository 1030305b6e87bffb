//! Quality checks beyond validity: things a valid pack can still get wrong (near-duplicate
//! prompts, a correct answer that tends to sit in one position, "all of the above" in a
//! shuffled question). Findings name questions; they are advice, not errors.

use super::model::{Kind, Pack, Question};
use std::collections::HashSet;

/// Word-set similarity (Jaccard) above which two prompts count as near-duplicates.
pub const NEAR_DUPLICATE: f64 = 0.8;

/// Lowercased words of a prompt and its code, for comparing prompts.
fn words(question: &Question) -> HashSet<String> {
    let mut text = question.prompt.to_lowercase();
    if let Some(code) = &question.code {
        text.push(' ');
        text.push_str(&code.text.to_lowercase());
    }
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

fn jaccard(a: &HashSet<String>, b: &HashSet<String>) -> f64 {
    let union = a.union(b).count();
    if union == 0 {
        return 1.0;
    }
    a.intersection(b).count() as f64 / union as f64
}

/// Pairs of questions whose prompts share most of their words: (id, id, similarity).
pub fn near_duplicate_prompts(pack: &Pack) -> Vec<(String, String, f64)> {
    let sets: Vec<HashSet<String>> = pack.questions.iter().map(words).collect();
    let mut pairs = Vec::new();
    for (i, a) in sets.iter().enumerate() {
        for (j, b) in sets.iter().enumerate().skip(i + 1) {
            let similarity = jaccard(a, b);
            if similarity < NEAR_DUPLICATE {
                continue;
            }
            if let (Some(qa), Some(qb)) = (pack.questions.get(i), pack.questions.get(j)) {
                pairs.push((qa.id.clone(), qb.id.clone(), similarity));
            }
        }
    }
    pairs
}

/// Written positions (0-based) of the correct choice of Single questions, for those shown in
/// written order (`shuffle: false`) or for all when `all` is set.
pub fn correct_positions(pack: &Pack, all: bool) -> Vec<usize> {
    pack.questions
        .iter()
        .filter(|q| all || !q.shuffle)
        .filter_map(|q| match &q.kind {
            Kind::Single { answer, .. } => Some(*answer),
            _ => None,
        })
        .collect()
}

/// The most common position and its share, when there are at least `min` questions.
pub fn position_bias(positions: &[usize], min: usize) -> Option<(usize, f64)> {
    if positions.len() < min {
        return None;
    }
    let max = positions.iter().copied().max()?;
    (0..=max)
        .map(|p| {
            (
                p,
                positions.iter().filter(|&&x| x == p).count() as f64 / positions.len() as f64,
            )
        })
        .max_by(|a, b| a.1.total_cmp(&b.1))
}

/// Choice texts such as "all of the above" that only make sense in written order.
pub fn is_positional_choice(text: &str) -> bool {
    let t = text.to_lowercase();
    [
        "all of the above",
        "none of the above",
        "both of the above",
        "all the above",
        "none of these",
        "all of these",
        "a and b",
        "both a and b",
    ]
    .iter()
    .any(|p| t.contains(p))
}

/// Shuffled choice questions that contain a positional choice.
pub fn positional_choices_in_shuffled(pack: &Pack) -> Vec<String> {
    pack.questions
        .iter()
        .filter(|q| q.shuffle)
        .filter(|q| match &q.kind {
            Kind::Single { choices, .. } | Kind::Multi { choices, .. } => {
                choices.iter().any(|c| is_positional_choice(&c.text))
            }
            _ => false,
        })
        .map(|q| q.id.clone())
        .collect()
}

/// Whether every wrong choice of a Single or Multi question explains itself with `why`.
pub fn wrong_choices_explained(question: &Question) -> Option<bool> {
    match &question.kind {
        Kind::Single { choices, answer } => Some(
            choices
                .iter()
                .enumerate()
                .filter(|(i, _)| i != answer)
                .all(|(_, c)| c.why.is_some()),
        ),
        Kind::Multi { choices, correct } => Some(
            choices
                .iter()
                .enumerate()
                .filter(|(i, _)| !correct.contains(i))
                .all(|(_, c)| c.why.is_some()),
        ),
        _ => None,
    }
}

/// Single questions whose correct choice is conspicuously the longest (longer than every
/// distractor by half again).
pub fn longest_is_correct(pack: &Pack) -> Vec<String> {
    pack.questions
        .iter()
        .filter(|q| match &q.kind {
            Kind::Single { choices, answer } => {
                let len = |i: usize| choices.get(i).map_or(0, |c| c.text.chars().count());
                let right = len(*answer);
                let longest_other = (0..choices.len())
                    .filter(|i| i != answer)
                    .map(len)
                    .max()
                    .unwrap_or(0);
                right as f64 > 1.5 * longest_other as f64
            }
            _ => false,
        })
        .map(|q| q.id.clone())
        .collect()
}
