//! Scoring: every response to every kind becomes a score in [0, 1].
//!
//! - Single, TrueFalse, Numeric: 1 or 0. Numeric counts when |value − answer| ≤ tolerance
//!   (plus a relative 1e-9 so that 0.1 + 0.2 style rounding of typed decimals never fails).
//! - Multi: (right picks / correct choices) − (wrong picks / wrong choices), floored at 0. A
//!   perfect answer scores 1, ticking everything scores 0, and an extra right pick never
//!   lowers the score.
//! - Short: 1 when the answer equals an accepted form after normalising both (accents folded,
//!   case folded unless the question is case sensitive, spaces trimmed and collapsed), or is
//!   within the question's `typos` edits (Levenshtein) of one. Typo tolerance only applies
//!   to accepted forms of at least 5 characters per typo allowed: one edit turns `DLX` into
//!   `DLQ`, a different thing, but `idempotant` is plainly `idempotent`.
//! - Order: (longest run of items in the right relative order − 1) / (items − 1): the
//!   correct order scores 1, the reverse 0, one item out of place (n − 2)/(n − 1).
//! - Match: correct pairs / pairs.
//! - Open: distinct rubric points ticked / rubric points.
//! - Skipped and TimedOut: 0.

use super::response::Response;
use crate::pack::{Kind, Question};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

pub fn score(question: &Question, response: &Response) -> f64 {
    let raw = match (&question.kind, response) {
        (Kind::Single { answer, .. }, Response::Choices { picked }) => {
            f64::from(u8::from(picked.as_slice() == [*answer]))
        }
        (Kind::Multi { choices, correct }, Response::Choices { picked }) => {
            multi(choices.len(), correct, picked)
        }
        (Kind::TrueFalse { answer }, Response::TrueFalse { answer: given }) => {
            f64::from(u8::from(answer == given))
        }
        (
            Kind::Short {
                accept,
                case_sensitive,
                typos,
            },
            Response::Text { text },
        ) => f64::from(u8::from(short_matches(
            accept,
            *case_sensitive,
            *typos,
            text,
        ))),
        (
            Kind::Numeric {
                answer, tolerance, ..
            },
            Response::Number { value, .. },
        ) => {
            let slack = tolerance + 1e-9 * answer.abs().max(1.0);
            f64::from(u8::from(
                value.is_finite() && (value - answer).abs() <= slack,
            ))
        }
        (Kind::Order { items }, Response::Order { order }) => order_score(items.len(), order),
        (Kind::Match { pairs, .. }, Response::Match { pairs: given }) => {
            let right = given
                .iter()
                .enumerate()
                .filter(|(left, chosen)| **chosen == Some(*left))
                .count();
            ratio(right, pairs.len())
        }
        (Kind::Open { rubric, .. }, Response::Open { covered, .. }) => {
            let mut points: Vec<usize> = covered
                .iter()
                .copied()
                .filter(|&p| p < rubric.len())
                .collect();
            points.sort_unstable();
            points.dedup();
            ratio(points.len(), rubric.len())
        }
        _ => 0.0,
    };
    raw.clamp(0.0, 1.0)
}

fn ratio(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

fn multi(choices: usize, correct: &[usize], picked: &[usize]) -> f64 {
    let mut picked: Vec<usize> = picked.iter().copied().filter(|&p| p < choices).collect();
    picked.sort_unstable();
    picked.dedup();
    let right = picked.iter().filter(|p| correct.contains(p)).count();
    let wrong = picked.len() - right;
    let wrong_choices = choices - correct.len();
    let credit = ratio(right, correct.len());
    let cost = if wrong_choices == 0 {
        0.0
    } else {
        ratio(wrong, wrong_choices)
    };
    (credit - cost).max(0.0)
}

/// Length of the longest subsequence already in the right relative order.
fn order_score(len: usize, order: &[usize]) -> f64 {
    if len < 2 {
        return 0.0;
    }
    let mut seen = vec![false; len];
    let valid = order.len() == len
        && order.iter().all(|&i| {
            let fresh = i < len && !seen.get(i).copied().unwrap_or(true);
            if let Some(slot) = seen.get_mut(i) {
                *slot = true;
            }
            fresh
        });
    if !valid {
        return 0.0;
    }
    // Longest increasing subsequence, patience sorting.
    let mut tails: Vec<usize> = Vec::new();
    for &item in order {
        match tails.binary_search(&item) {
            Ok(_) => {}
            Err(pos) if pos == tails.len() => tails.push(item),
            Err(pos) => {
                if let Some(tail) = tails.get_mut(pos) {
                    *tail = item;
                }
            }
        }
    }
    ratio(tails.len() - 1, len - 1)
}

/// Folds a typed answer for comparison: accents removed (NFD then combining marks dropped),
/// case folded unless `case_sensitive`, outer spaces trimmed and inner runs collapsed.
pub fn normalise(text: &str, case_sensitive: bool) -> String {
    let folded: String = text.nfd().filter(|c| !is_combining_mark(*c)).collect();
    let folded = if case_sensitive {
        folded
    } else {
        folded.to_lowercase()
    };
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Accepted forms shorter than this many characters per allowed typo must be typed exactly.
pub const MIN_CHARS_PER_TYPO: usize = 5;

pub fn short_matches(accept: &[String], case_sensitive: bool, typos: u8, text: &str) -> bool {
    let given = normalise(text, case_sensitive);
    if given.is_empty() {
        return false;
    }
    accept.iter().any(|form| {
        let form = normalise(form, case_sensitive);
        if form == given {
            return true;
        }
        let typos = usize::from(typos);
        typos > 0
            && form.chars().count() >= MIN_CHARS_PER_TYPO * typos
            && strsim::levenshtein(&form, &given) <= typos
    })
}

/// The response that answers `question` perfectly (for tests, simulations and examples).
pub fn ideal_response(question: &Question) -> Response {
    match &question.kind {
        Kind::Single { answer, .. } => Response::Choices {
            picked: vec![*answer],
        },
        Kind::Multi { correct, .. } => Response::Choices {
            picked: correct.clone(),
        },
        Kind::TrueFalse { answer } => Response::TrueFalse { answer: *answer },
        Kind::Short { accept, .. } => Response::Text {
            text: accept.first().cloned().unwrap_or_default(),
        },
        Kind::Numeric { answer, .. } => Response::Number {
            value: *answer,
            typed: answer.to_string(),
        },
        Kind::Order { items } => Response::Order {
            order: (0..items.len()).collect(),
        },
        Kind::Match { pairs, .. } => Response::Match {
            pairs: (0..pairs.len()).map(Some).collect(),
        },
        Kind::Open { rubric, .. } => Response::Open {
            text: String::new(),
            covered: (0..rubric.len()).collect(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalise_folds_accents_case_and_spaces() {
        assert_eq!(normalise("  Café   AU  lait ", false), "cafe au lait");
        assert_eq!(normalise("Café", true), "Cafe");
    }

    #[test]
    fn short_answers_with_typos() {
        let accept = vec!["idempotent".to_owned()];
        assert!(short_matches(&accept, false, 1, "Idempotant"));
        assert!(!short_matches(&accept, false, 0, "idempotant"));
        assert!(!short_matches(&accept, false, 1, "impotent"));
        let tiny = vec!["ls".to_owned(), "DLX".to_owned()];
        assert!(
            !short_matches(&tiny, false, 1, "cd"),
            "tiny answers get no typo slack"
        );
        assert!(
            !short_matches(&tiny, false, 1, "DLQ"),
            "a 3-letter form must be exact"
        );
        assert!(short_matches(&tiny, false, 1, "dlx"));
        let five = vec!["abcde".to_owned()];
        assert!(short_matches(&five, false, 1, "abcdf"));
        assert!(
            !short_matches(&five, false, 2, "abxyz"),
            "2 typos need 10 characters"
        );
        assert!(!short_matches(&accept, false, 3, "   "));
    }

    #[test]
    fn order_partial_credit() {
        assert_eq!(order_score(4, &[0, 1, 2, 3]), 1.0);
        assert_eq!(order_score(4, &[3, 2, 1, 0]), 0.0);
        assert!((order_score(4, &[1, 0, 2, 3]) - 2.0 / 3.0).abs() < 1e-12);
        assert_eq!(order_score(3, &[0, 0, 1]), 0.0, "not a permutation");
        assert_eq!(order_score(3, &[0, 1]), 0.0, "incomplete");
    }

    #[test]
    fn multi_costs_wrong_picks() {
        assert_eq!(multi(4, &[0, 1], &[0, 1]), 1.0);
        assert_eq!(multi(4, &[0, 1], &[0]), 0.5);
        assert_eq!(multi(4, &[0, 1], &[0, 2]), 0.0);
        assert_eq!(multi(4, &[0, 1], &[0, 1, 2, 3]), 0.0);
        assert_eq!(multi(2, &[0, 1], &[0, 1]), 1.0, "all choices correct");
    }
}
