//! Scoring: every response to every kind becomes a score in [0, 1].
//!
//! - Single, TrueFalse, Numeric: 1 or 0. Numeric counts when |value − answer| ≤ tolerance
//!   (plus a relative 1e-9 so that 0.1 + 0.2 style rounding of typed decimals never fails).
//! - Multi: (right picks / correct choices) − (wrong picks / wrong choices), floored at 0. A
//!   perfect answer scores 1, ticking everything scores 0, and an extra right pick never
//!   lowers the score.
//! - Short: 1 when the answer equals an accepted form after normalising both (accents folded,
//!   case folded unless the question is case sensitive, quotes, brackets and sentence
//!   punctuation around it dropped, hyphens and underscores read as spaces, spaces trimmed
//!   and collapsed, a leading "the", "a" or "an" dropped), or is within the question's
//!   `typos` edits (Levenshtein) of one. Punctuation that is part of a term (`C++`, `C#`,
//!   `.NET`) is kept; an answer that normalises to nothing is never right. Typo tolerance only applies
//!   to accepted forms of at least 5 characters per typo allowed: one edit turns `DLX` into
//!   `DLQ`, a different thing, but `idempotant` is plainly `idempotent`.
//! - Order: Kendall's τ clipped at 0: (pairs in the right relative order − pairs in the wrong
//!   one) / pairs, never below 0. The correct order scores 1, the reverse 0, one item moved
//!   by one place 1 − 2/pairs; an order picked at random has τ = 0 on average (half its pairs
//!   right by chance earn nothing), so a shuffled list submitted untouched is not "partly
//!   right".
//! - Match: correct pairs / pairs.
//! - Open: distinct rubric points ticked / rubric points.
//! - Skipped, TimedOut and NotReached: 0.

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

/// Kendall's τ of `order` against 0..len, clipped at 0 (see the module documentation).
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
    order_tau(order).max(0.0)
}

/// Kendall's τ of a permutation against the identity, in [−1, 1].
fn order_tau(order: &[usize]) -> f64 {
    let n = order.len();
    let mut concordant = 0i64;
    let mut discordant = 0i64;
    for (i, a) in order.iter().enumerate() {
        for b in order.iter().skip(i + 1) {
            if a < b {
                concordant += 1;
            } else {
                discordant += 1;
            }
        }
    }
    let pairs = (n * n.saturating_sub(1) / 2).max(1) as f64;
    (concordant - discordant) as f64 / pairs
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
    crate::text::one_line(&folded)
}

/// Accepted forms shorter than this many characters per allowed typo must be typed exactly.
pub const MIN_CHARS_PER_TYPO: usize = 5;

/// Quotes, brackets and sentence punctuation dropped from either end of an answer.
const SURROUNDING: &[char] = &[
    '"', '\'', '`', '\u{2018}', '\u{2019}', '\u{201C}', '\u{201D}', '\u{00AB}', '\u{00BB}', '(',
    ')', '[', ']', '{', '}', '.', ',', ';', ':', '!', '?',
];
/// Leading words dropped (English articles).
const ARTICLES: [&str; 3] = ["the", "a", "an"];

/// [`normalise`], then what a fair reader ignores in a short answer: surrounding quotes,
/// brackets and sentence punctuation, hyphen and underscore read as spaces, a leading
/// article. Never turns a non-empty term into an empty one by dropping the article alone
/// ("a" typed for the answer "A" stays "a").
pub fn normalise_short(text: &str, case_sensitive: bool) -> String {
    let spaced: String = text
        .chars()
        .map(|c| {
            if c == '-' || c == '_' || c == '\u{2010}' || c == '\u{2011}' {
                ' '
            } else {
                c
            }
        })
        .collect();
    let folded = normalise(&spaced, case_sensitive);
    let trimmed = folded.trim_matches(|c: char| SURROUNDING.contains(&c) || c.is_whitespace());
    let mut words: Vec<&str> = trimmed.split(' ').filter(|w| !w.is_empty()).collect();
    if words.len() > 1
        && words
            .first()
            .is_some_and(|w| ARTICLES.iter().any(|a| w.eq_ignore_ascii_case(a)))
    {
        words.remove(0);
    }
    words.join(" ")
}

pub fn short_matches(accept: &[String], case_sensitive: bool, typos: u8, text: &str) -> bool {
    let given = normalise_short(text, case_sensitive);
    if given.is_empty() {
        return false;
    }
    accept.iter().any(|form| {
        let form = normalise_short(form, case_sensitive);
        if form.is_empty() {
            return false;
        }
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
        // One swap of neighbours: 5 of 6 pairs right, τ = (5 − 1) / 6.
        assert!((order_score(4, &[1, 0, 2, 3]) - 4.0 / 6.0).abs() < 1e-12);
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

    /// Every permutation of 0..n, for exact averages.
    fn permutations(n: usize) -> Vec<Vec<usize>> {
        if n == 0 {
            return vec![Vec::new()];
        }
        let mut all = Vec::new();
        for p in permutations(n - 1) {
            for at in 0..=p.len() {
                let mut q = p.clone();
                q.insert(at, n - 1);
                all.push(q);
            }
        }
        all
    }

    #[test]
    fn a_random_order_earns_nothing_beyond_chance() {
        for n in 2..=6 {
            let all = permutations(n);
            let tau: f64 = all.iter().map(|p| order_tau(p)).sum::<f64>() / all.len() as f64;
            assert!(tau.abs() < 1e-12, "n = {n}: mean τ {tau}");
            // The clipped score of a random order is what the model takes as the question's
            // guessing floor (two items are a coin flip, like true/false).
            let mean: f64 = all.iter().map(|p| order_score(n, p)).sum::<f64>() / all.len() as f64;
            let floor = crate::learning::mastery::order_guess(n);
            assert!(
                (mean - floor).abs() < 1e-5,
                "n = {n}: mean {mean}, floor {floor}"
            );
            if n >= 3 {
                // The old longest-run rule gave a random order 0.4–0.67.
                assert!(mean <= 0.28, "n = {n}: mean score {mean}");
            }
        }
    }

    #[test]
    fn short_answers_forgive_articles_quotes_and_separators() {
        let accept = |forms: &[&str]| forms.iter().map(|f| (*f).to_owned()).collect::<Vec<_>>();
        let dlx = accept(&["dead-letter exchange"]);
        for typed in [
            "the dead-letter exchange",
            "Dead letter exchange",
            "\"dead_letter exchange\".",
            "(a dead-letter exchange)",
            "The  dead - letter exchange!",
        ] {
            assert!(short_matches(&dlx, false, 0, typed), "{typed}");
        }
        assert!(!short_matches(&dlx, false, 0, "dead exchange"));
        assert!(!short_matches(&dlx, false, 0, "the"));
        assert!(!short_matches(&dlx, false, 0, "\"\"?"));
        let langs = accept(&["C++", "C#"]);
        assert!(short_matches(&langs, false, 0, "c++"));
        assert!(
            !short_matches(&langs, false, 0, "C"),
            "a term's own punctuation is kept"
        );
        let letter = accept(&["A"]);
        assert!(
            short_matches(&letter, false, 0, "a"),
            "a lone article is the answer"
        );
    }

    use proptest::prelude::*;

    /// Letters and digits only, with a leading article removed: what normalisation keeps.
    fn skeleton(text: &str) -> String {
        let n = normalise_short(text, false);
        n.chars()
            .filter(|c| c.is_alphanumeric() || "+#".contains(*c))
            .collect()
    }

    proptest! {
        #[test]
        fn normalisation_never_accepts_a_different_term_or_an_empty_answer(
            form in "[a-zA-Z+#]{1,8}( [a-z]{1,6}){0,2}",
            typed in "[ \"'.()_-]{0,3}((the|a|an) )?[a-zA-Z+#_ -]{0,12}[ \"'.!?)-]{0,3}",
        ) {
            let accept = vec![form.clone()];
            if short_matches(&accept, false, 0, &typed) {
                prop_assert!(!skeleton(&typed).is_empty());
                prop_assert_eq!(skeleton(&typed), skeleton(&form));
            }
            // Nothing but punctuation, spaces or an article is never right.
            for empty in ["", "   ", "\"\"", "the", "...", "-_-"] {
                prop_assert!(!short_matches(&accept, false, 0, empty) || skeleton(&form) == skeleton(empty));
            }
        }

        #[test]
        fn a_random_order_is_zero_on_average_for_any_length(n in 2usize..=7) {
            let all = permutations(n);
            let tau: f64 = all.iter().map(|p| order_tau(p)).sum::<f64>() / all.len() as f64;
            prop_assert!(tau.abs() < 1e-12);
        }
    }
}
