//! Mastery per category as an estimate with uncertainty, gaps to a profile's targets, and
//! readiness for a role. Pure arithmetic over answers handed in; no I/O.
//!
//! # The model
//! Mastery of a category is the chance of answering one of its questions right, estimated
//! with a Beta(α, β) posterior starting from the uniform prior Beta(1, 1). Each answer with
//! score s ∈ [0, 1] adds evidence of weight w:
//!
//! - α += w · s · d and β += w · (1 − s) / d, where d is the difficulty factor
//!   (Easy 0.75, Medium 1, Hard 1.35): a hard question answered right says more than an easy
//!   one, and an easy one answered wrong says more than a hard one;
//! - w = 0.5^(age in days / 60): an answer two months old counts half as much as one given
//!   today, so the estimate follows what you know now and drifts back towards "unknown" when
//!   a category is left alone.
//!
//! The estimate is the posterior mean α / (α + β); the band is mean ± 1.2816 standard
//! deviations (an 80% band), clamped to [0, 1]. Fewer than [`MIN_EVIDENCE`] answers' worth of
//! weight (α + β − 2) marks the category as "not enough answers".
//!
//! Gap = target − mastery (positive: short of the target). The gap chart lists categories
//! with enough evidence first, largest gap first, then those with too few answers, then
//! those never answered (by target, highest first): an estimate resting on the prior is not
//! a measurement.
//!
//! Readiness for a profile is the target-weighted share of targets met:
//! Σ target · min(1, m / target) / Σ target over the categories the profile targets, where m
//! is the mastery of categories with enough evidence and 0 for the others: what has not been
//! measured does not count as reached. 1 means every target is reached.

use crate::fnv::{FnvMap, FnvSet};
use crate::pack::{Difficulty, Pack, Profile};

/// Days after which an answer's weight halves.
pub const HALF_LIFE_DAYS: f64 = 60.0;
/// Effective answers needed before an estimate is shown as trustworthy.
pub const MIN_EVIDENCE: f64 = 3.0;
const PRIOR_ALPHA: f64 = 1.0;
const PRIOR_BETA: f64 = 1.0;
/// 80% two-sided normal quantile.
const BAND_Z: f64 = 1.2816;

pub fn difficulty_factor(difficulty: Difficulty) -> f64 {
    match difficulty {
        Difficulty::Easy => 0.75,
        Difficulty::Medium => 1.0,
        Difficulty::Hard => 1.35,
    }
}

pub fn recency_weight(age_days: f64) -> f64 {
    0.5f64.powf(age_days.max(0.0) / HALF_LIFE_DAYS)
}

/// The running evidence of one category.
#[derive(Debug, Clone)]
struct Evidence {
    alpha: f64,
    beta: f64,
    answered: usize,
    seen: FnvSet<String>,
}

impl Default for Evidence {
    fn default() -> Self {
        Evidence {
            alpha: PRIOR_ALPHA,
            beta: PRIOR_BETA,
            answered: 0,
            seen: FnvSet::default(),
        }
    }
}

/// Collects answers one at a time (so a million stored answers need no intermediate list).
#[derive(Debug, Clone, Default)]
pub struct Accumulator {
    categories: FnvMap<String, Evidence>,
}

impl Accumulator {
    pub fn new() -> Accumulator {
        Accumulator::default()
    }

    /// One answer: its category, question, difficulty, score in [0, 1] and age in days.
    pub fn add(
        &mut self,
        category: &str,
        question_id: &str,
        difficulty: Difficulty,
        score: f64,
        age_days: f64,
    ) {
        let evidence = match self.categories.get_mut(category) {
            Some(evidence) => evidence,
            None => self.categories.entry(category.to_owned()).or_default(),
        };
        let score = if score.is_finite() {
            score.clamp(0.0, 1.0)
        } else {
            0.0
        };
        let weight = recency_weight(age_days);
        let factor = difficulty_factor(difficulty);
        evidence.alpha += weight * score * factor;
        evidence.beta += weight * (1.0 - score) / factor;
        evidence.answered += 1;
        if !evidence.seen.contains(question_id) {
            evidence.seen.insert(question_id.to_owned());
        }
    }

    /// Ages all evidence by `days`, as if that much time had passed since it was added (the
    /// recency weight is exponential, so ageing in steps equals ageing at once). Lets a
    /// caller walk through history once, e.g. for trends.
    pub fn age(&mut self, days: f64) {
        let weight = recency_weight(days);
        for evidence in self.categories.values_mut() {
            evidence.alpha = PRIOR_ALPHA + (evidence.alpha - PRIOR_ALPHA) * weight;
            evidence.beta = PRIOR_BETA + (evidence.beta - PRIOR_BETA) * weight;
        }
    }

    /// The estimate of every category of `pack`, in pack order.
    pub fn finish(&self, pack: &Pack) -> Vec<Mastery> {
        // Questions and questions seen per category, in one pass over the pack.
        let mut counts: FnvMap<&str, (usize, usize)> = FnvMap::default();
        for question in &pack.questions {
            let (total, seen) = counts.entry(question.category.as_str()).or_default();
            *total += 1;
            if self
                .categories
                .get(&question.category)
                .is_some_and(|e| e.seen.contains(&question.id))
            {
                *seen += 1;
            }
        }
        pack.categories
            .iter()
            .map(|category| {
                let (total, seen) = counts
                    .get(category.id.as_str())
                    .copied()
                    .unwrap_or_default();
                match self.categories.get(&category.id) {
                    Some(evidence) => Mastery::from_beta(
                        &category.id,
                        evidence.alpha,
                        evidence.beta,
                        evidence.answered,
                        seen,
                        total,
                    ),
                    None => Mastery::from_beta(&category.id, PRIOR_ALPHA, PRIOR_BETA, 0, 0, total),
                }
            })
            .collect()
    }
}

/// The estimate for one category.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Mastery {
    pub category: String,
    /// Posterior mean in [0, 1].
    pub mean: f64,
    /// Lower and upper ends of the 80% band.
    pub low: f64,
    pub high: f64,
    /// Answers given in this category.
    pub answered: usize,
    /// Weighted answers' worth of evidence (recency and difficulty applied).
    pub evidence: f64,
    /// Distinct questions of the category answered at least once, and questions in it.
    pub seen: usize,
    pub total: usize,
}

impl Mastery {
    fn from_beta(
        category: &str,
        alpha: f64,
        beta: f64,
        answered: usize,
        seen: usize,
        total: usize,
    ) -> Mastery {
        let sum = alpha + beta;
        let mean = alpha / sum;
        let sd = (alpha * beta / (sum * sum * (sum + 1.0))).sqrt();
        Mastery {
            category: category.to_owned(),
            mean,
            low: (mean - BAND_Z * sd).max(0.0),
            high: (mean + BAND_Z * sd).min(1.0),
            answered,
            evidence: sum - PRIOR_ALPHA - PRIOR_BETA,
            seen,
            total,
        }
    }

    /// Whether there is enough evidence to trust the estimate.
    pub fn enough(&self) -> bool {
        self.evidence >= MIN_EVIDENCE
    }

    /// Distinct questions seen / questions in the category.
    pub fn coverage(&self) -> f64 {
        if self.total == 0 {
            0.0
        } else {
            self.seen as f64 / self.total as f64
        }
    }
}

/// One row of the gap chart.
#[derive(Debug, Clone, PartialEq)]
pub struct GapRow {
    pub mastery: Mastery,
    pub title: String,
    /// The profile's target, if it sets one for this category.
    pub target: Option<f64>,
}

impl GapRow {
    /// Target − mastery: positive when short of the target.
    pub fn gap(&self) -> Option<f64> {
        self.target.map(|t| t - self.mastery.mean)
    }
}

/// The gap chart's rows: largest gap first, categories without a target last.
pub fn gap_rows(pack: &Pack, masteries: &[Mastery], profile: Option<&Profile>) -> Vec<GapRow> {
    let mut rows: Vec<GapRow> = masteries
        .iter()
        .map(|m| GapRow {
            mastery: m.clone(),
            title: pack
                .category(&m.category)
                .map(|c| c.title.clone())
                .unwrap_or_else(|| m.category.clone()),
            target: profile.and_then(|p| p.target(&m.category)),
        })
        .collect();
    let group = |r: &GapRow| match (r.mastery.enough(), r.mastery.answered) {
        (true, _) => 0,
        (false, 0) => 2,
        (false, _) => 1,
    };
    rows.sort_by(|a, b| {
        let key = |r: &GapRow| match group(r) {
            2 => r.target.unwrap_or(f64::NEG_INFINITY),
            _ => r.gap().unwrap_or(f64::NEG_INFINITY),
        };
        group(a).cmp(&group(b)).then(key(b).total_cmp(&key(a)))
    });
    rows
}

/// Readiness for a profile in [0, 1] (see the module documentation); `None` when the
/// profile targets none of these categories.
pub fn readiness(rows: &[GapRow]) -> Option<f64> {
    let mut met = 0.0;
    let mut total = 0.0;
    for row in rows {
        if let Some(target) = row.target.filter(|t| *t > 0.0) {
            let measured = if row.mastery.enough() {
                row.mastery.mean
            } else {
                0.0
            };
            met += target * (measured / target).min(1.0);
            total += target;
        }
    }
    (total > 0.0).then(|| met / total)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn estimate(answers: &[(f64, Difficulty, f64)]) -> Mastery {
        let mut acc = Accumulator::new();
        for (i, (score, difficulty, age)) in answers.iter().enumerate() {
            acc.add("c", &format!("q{i}"), *difficulty, *score, *age);
        }
        let evidence = acc.categories.get("c").cloned().unwrap_or_default();
        Mastery::from_beta(
            "c",
            evidence.alpha,
            evidence.beta,
            evidence.answered,
            evidence.seen.len(),
            10,
        )
    }

    fn difficulty() -> impl Strategy<Value = Difficulty> {
        prop_oneof![
            Just(Difficulty::Easy),
            Just(Difficulty::Medium),
            Just(Difficulty::Hard)
        ]
    }

    fn answers() -> impl Strategy<Value = Vec<(f64, Difficulty, f64)>> {
        prop::collection::vec((0.0f64..=1.0, difficulty(), 0.0f64..400.0), 0..40)
    }

    proptest! {
        #[test]
        fn a_correct_answer_never_lowers_mastery(history in answers(), d in difficulty(), age in 0.0f64..400.0) {
            let before = estimate(&history);
            let mut more = history.clone();
            more.push((1.0, d, age));
            prop_assert!(estimate(&more).mean >= before.mean - 1e-12);
        }

        #[test]
        fn a_higher_score_never_lowers_mastery(history in answers(), low in 0.0f64..=1.0, high in 0.0f64..=1.0, d in difficulty()) {
            let (low, high) = if low <= high { (low, high) } else { (high, low) };
            let mut a = history.clone();
            a.push((low, d, 0.0));
            let mut b = history;
            b.push((high, d, 0.0));
            prop_assert!(estimate(&b).mean >= estimate(&a).mean - 1e-12);
        }

        #[test]
        fn more_answers_narrow_the_band(pattern in prop::collection::vec((0.0f64..=1.0, difficulty()), 1..8), times in 1usize..5) {
            let repeat = |n: usize| -> Vec<(f64, Difficulty, f64)> {
                pattern.iter().cycle().take(pattern.len() * n).map(|(s, d)| (*s, *d, 0.0)).collect()
            };
            let fewer = estimate(&repeat(times));
            let more = estimate(&repeat(times + 1));
            prop_assert!(more.high - more.low <= fewer.high - fewer.low + 1e-12);
        }

        #[test]
        fn the_same_answers_given_longer_ago_weigh_less(pattern in prop::collection::vec((0.0f64..=1.0, difficulty()), 1..20), age in 1.0f64..400.0) {
            let at = |age: f64| -> Vec<(f64, Difficulty, f64)> { pattern.iter().map(|(s, d)| (*s, *d, age)).collect() };
            let recent = estimate(&at(0.0));
            let old = estimate(&at(age));
            prop_assert!(old.evidence < recent.evidence);
            // Older evidence pulls less from the prior's 0.5.
            prop_assert!((old.mean - 0.5).abs() <= (recent.mean - 0.5).abs() + 1e-12);
            prop_assert!(old.high - old.low >= recent.high - recent.low - 1e-12);
        }

        #[test]
        fn estimates_stay_in_range(history in answers()) {
            let m = estimate(&history);
            prop_assert!((0.0..=1.0).contains(&m.low));
            prop_assert!(m.low <= m.mean && m.mean <= m.high);
            prop_assert!(m.high <= 1.0);
        }
    }

    #[test]
    fn no_answers_means_not_enough_evidence_and_a_wide_band() {
        let m = estimate(&[]);
        assert!(!m.enough());
        assert!((m.mean - 0.5).abs() < 1e-12);
        assert!(m.high - m.low > 0.6);
        let many = estimate(&vec![(1.0, Difficulty::Medium, 0.0); 20]);
        assert!(many.enough());
        assert!(many.mean > 0.9);
    }

    fn row(category: &str, mastery: Mastery, target: f64) -> GapRow {
        GapRow {
            mastery: Mastery {
                category: category.into(),
                ..mastery
            },
            title: category.into(),
            target: Some(target),
        }
    }

    #[test]
    fn readiness_counts_only_measured_categories_and_caps_at_the_target() {
        let strong = estimate(&vec![(1.0, Difficulty::Medium, 0.0); 30]);
        let unknown = estimate(&[]);
        assert_eq!(
            readiness(&[row("a", unknown.clone(), 0.5)]),
            Some(0.0),
            "no answers, no readiness"
        );
        assert_eq!(readiness(&[row("a", strong.clone(), 0.5)]), Some(1.0));
        let half =
            readiness(&[row("a", strong.clone(), 0.5), row("b", unknown, 0.5)]).unwrap_or(0.0);
        assert!((half - 0.5).abs() < 1e-12);
        assert_eq!(readiness(&[]), None);
    }

    #[test]
    fn gap_rows_put_measured_categories_first() {
        use crate::pack::load_str;
        let pack = load_str(
            "p.ron",
            r#"Pack(id: "p", title: "P", version: "1",
                categories: [(id: "a", title: "A"), (id: "b", title: "B"), (id: "c", title: "C")],
                profiles: [(id: "r", title: "R", targets: {"a": 0.9, "b": 0.6, "c": 0.95})],
                questions: [(id: "q", category: "a", difficulty: Easy, prompt: "p", kind: TrueFalse(answer: true), explanation: "e")])"#,
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let mut acc = Accumulator::new();
        for i in 0..10 {
            acc.add("b", &format!("q{i}"), Difficulty::Medium, 0.2, 0.0);
        }
        acc.add("a", "q", Difficulty::Medium, 1.0, 0.0);
        let rows = gap_rows(&pack, &acc.finish(&pack), pack.profile("r"));
        let order: Vec<&str> = rows.iter().map(|r| r.mastery.category.as_str()).collect();
        assert_eq!(
            order,
            ["b", "a", "c"],
            "measured, then too few answers, then none"
        );
    }

    #[test]
    fn hard_right_answers_say_more_than_easy_ones() {
        let hard = estimate(&[(1.0, Difficulty::Hard, 0.0); 3]);
        let easy = estimate(&[(1.0, Difficulty::Easy, 0.0); 3]);
        assert!(hard.mean > easy.mean);
        let easy_wrong = estimate(&[(0.0, Difficulty::Easy, 0.0); 3]);
        let hard_wrong = estimate(&[(0.0, Difficulty::Hard, 0.0); 3]);
        assert!(easy_wrong.mean < hard_wrong.mean);
    }
}
