//! Mastery per category as an estimate with uncertainty, the probability that a profile's
//! target is met, verdicts, gaps and readiness for a role. Pure arithmetic over answers
//! handed in; no I/O.
//!
//! # The model (Rasch with a guessing floor, posterior on a grid)
//! Each category has one ability θ (logits). A question i has a difficulty bᵢ, a slope aᵢ and
//! a guessing floor cᵢ (what a blind guess scores: 1/choices for Single, ½ for TrueFalse,
//! 1/options for Match, 0.1 for Multi, what a random order scores for Order (½ for two
//! items, 0.28 for three, falling with more), 0 for Short, Numeric and Open), and
//!
//! ```text
//! pᵢ(θ) = cᵢ + (1 − cᵢ) · σ(aᵢ · (θ − bᵢ)),   σ(x) = 1 / (1 + e^−x)
//! ```
//!
//! is the expected score of answering it. The difficulty is the calibrated one when the pack
//! has it (`skillgap pack calibrate`), else the authored label: Easy −1, Medium 0, Hard +1.
//! An authored label is only a prior (a real question sits ~0.8 logits off its label), so
//! its uncertainty is integrated out: aᵢ = 1 / √(1 + π·s²/8) with s = 0.8 (0.3 once
//! calibrated), the probit approximation of E_b[σ(θ − b)].
//!
//! An answer with score s ∈ [0, 1] is fractional evidence: L(θ) = p(θ)^s · (1 − p(θ))^(1−s).
//! Its recency weight is w = 0.5^(age in days / 60). The prior is θ ~ N(0.5, 1.9²).
//!
//! Two posteriors over a grid of θ (−6..8, step 0.05):
//!
//! - the *location* posterior, ∝ prior(θ) · Π L_j(θ)^(w_j / κ), where κ is the weight of the
//!   category's oldest counted answer (1 before any): only the answers' weights *relative to
//!   the oldest one* matter, so time passing (which multiplies every weight by the same factor)
//!   never moves it;
//! - the *current* posterior, the location posterior raised to the power κ, i.e.
//!   ∝ prior(θ)^κ · Π L_j(θ)^(w_j): evidence ages, the distribution flattens.
//!
//! Mastery stays on the 0–1 scale: m(θ) = mean of pᵢ(θ) over the category's questions (the
//! expected score on them; increasing in θ). The estimate is the location posterior's mean
//! of m(θ). The 80% band is m(θ₅₀ + (θ_q − θ₅₀)/√κ) for q = 10% and 90%, with θ_q the
//! location posterior's quantiles (at κ = 1 these are its plain quantiles; as evidence ages
//! the band stretches the way a normal posterior's does), widened if need be to contain the
//! estimate. **P(target met)** = P(m(θ) ≥ target) under the current posterior.
//!
//! Why these properties hold (the property tests check them over random histories):
//! - a right answer multiplies both posteriors by an increasing function of θ, a wrong one
//!   (or a skip, stored as score 0) by a decreasing one, so the estimate and P(target met)
//!   move up (down) or stay: never the wrong way;
//! - time passing changes κ alone: the estimate stays where it is (no drift towards the
//!   middle), the current posterior flattens and the band widens;
//! - an answer to a question given within [`REPEAT_WITHIN_DAYS`] of the previous answer to
//!   the same question (after which its answer was shown) is a repeat, not fresh evidence:
//!   it is counted in `repeats`, not in `answered`, and changes nothing.
//!
//! # Verdicts, the one rule
//! A category with a target is **above target** when P(target met) ≥ 0.9, **below target**
//! when ≤ 0.1, and otherwise **close to target: more answers needed**; a category never
//! answered has no verdict (it is never above target, whatever the prior says). Readiness for
//! a profile is the share of its targets whose verdict is *above target* ("4 of 11 targets
//! met" is 4/11); [`expected_targets_met`] is the probability-weighted count, named as such.
//!
//! Gap = target − mastery (positive: short of the target). The gap chart lists categories
//! with enough evidence first, largest gap first, then those with too few answers, then
//! those never answered (by target, highest first).

use crate::fnv::FnvMap;
use crate::pack::{Difficulty, Kind, Pack, Profile, Question};

/// Days after which an answer's weight halves.
pub const HALF_LIFE_DAYS: f64 = 60.0;
/// Effective answers needed before an estimate is shown as trustworthy.
pub const MIN_EVIDENCE: f64 = 3.0;
/// An answer to the same question within this many days (12 hours) of the previous one is a
/// repeat: the learner has just read its answer.
pub const REPEAT_WITHIN_DAYS: f64 = 0.5;
/// P(target met) from which a verdict is confident (and ≤ 1 − this the other way).
pub const CONFIDENT: f64 = 0.9;
/// The prior on a category's ability, in logits.
pub const PRIOR_MEAN: f64 = 0.5;
pub const PRIOR_SD: f64 = 1.9;
/// How far (logits, one standard deviation) a question's real difficulty may sit from its
/// authored label, and from a calibrated value.
pub const AUTHORED_DIFFICULTY_SD: f64 = 0.8;
pub const FITTED_DIFFICULTY_SD: f64 = 0.3;
/// Ages beyond this (about a century) are treated as this, so weights stay representable.
const MAX_AGE_DAYS: f64 = 36_500.0;
const GRID_LOW: f64 = -6.0;
const GRID_STEP: f64 = 0.05;
const GRID_POINTS: usize = 281;
/// The band's tails (10% each side: an 80% band).
const BAND_TAIL: f64 = 0.1;

/// The ability grid point `k`.
pub fn grid_theta(k: usize) -> f64 {
    GRID_LOW + GRID_STEP * k as f64
}

/// The authored label as a difficulty in logits.
pub fn authored_logit(difficulty: Difficulty) -> f64 {
    match difficulty {
        Difficulty::Easy => -1.0,
        Difficulty::Medium => 0.0,
        Difficulty::Hard => 1.0,
    }
}

pub fn recency_weight(age_days: f64) -> f64 {
    let age = if age_days.is_finite() {
        age_days.clamp(0.0, MAX_AGE_DAYS)
    } else {
        MAX_AGE_DAYS
    };
    0.5f64.powf(age / HALF_LIFE_DAYS)
}

/// What a blind guess scores on average.
pub fn guessing_floor(kind: &Kind) -> f64 {
    match kind {
        Kind::Single { choices, .. } if !choices.is_empty() => 1.0 / choices.len() as f64,
        Kind::TrueFalse { .. } => 0.5,
        Kind::Multi { .. } => 0.1,
        Kind::Match {
            pairs, distractors, ..
        } if !pairs.is_empty() => 1.0 / (pairs.len() + distractors.len()) as f64,
        Kind::Order { items } => order_guess(items.len()),
        _ => 0.0,
    }
}

/// What a random order of `n` items scores on average under Order scoring (Kendall's τ
/// clipped at 0): exact up to 6 items, then E[max(τ, 0)] ≈ σ_τ / √(2π) with
/// σ_τ² = 2(2n + 5) / (9n(n − 1)).
pub fn order_guess(n: usize) -> f64 {
    match n {
        0 | 1 => 0.0,
        2 => 0.5,
        3 => 5.0 / 18.0,
        4 => 7.0 / 36.0,
        5 => 0.163_333,
        6 => 0.144_815,
        _ => {
            let n = n as f64;
            (2.0 * (2.0 * n + 5.0) / (9.0 * n * (n - 1.0))).sqrt()
                / (2.0 * std::f64::consts::PI).sqrt()
        }
    }
}

fn slope_for(sd: f64) -> f64 {
    1.0 / (1.0 + std::f64::consts::PI * sd * sd / 8.0).sqrt()
}

/// ln σ(x), stable for large |x|.
fn log_sigmoid(x: f64) -> f64 {
    if x >= 0.0 {
        -(-x).exp().ln_1p()
    } else {
        x - x.exp().ln_1p()
    }
}

fn sigmoid(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

/// Item parameters rounded, for grouping.
type ParamsKey = (i64, i64, i64);

/// One question's parameters in the model.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ItemParams {
    /// bᵢ, logits.
    pub difficulty: f64,
    /// aᵢ.
    pub slope: f64,
    /// cᵢ in [0, 1).
    pub floor: f64,
}

impl ItemParams {
    /// From an authored label alone (no calibration) and a guessing floor.
    pub fn authored(difficulty: Difficulty, floor: f64) -> ItemParams {
        ItemParams {
            difficulty: authored_logit(difficulty),
            slope: slope_for(AUTHORED_DIFFICULTY_SD),
            floor: if floor.is_finite() {
                floor.clamp(0.0, 0.95)
            } else {
                0.0
            },
        }
    }

    /// From a calibrated difficulty (logits) and a guessing floor.
    pub fn fitted(difficulty: f64, floor: f64) -> ItemParams {
        ItemParams {
            difficulty: if difficulty.is_finite() {
                difficulty.clamp(-10.0, 10.0)
            } else {
                0.0
            },
            slope: slope_for(FITTED_DIFFICULTY_SD),
            ..ItemParams::authored(Difficulty::Medium, floor)
        }
    }

    /// The parameters of a pack question: its calibrated difficulty if it has one.
    pub fn of(question: &Question) -> ItemParams {
        let floor = guessing_floor(&question.kind);
        match question.fitted_difficulty {
            Some(b) => ItemParams::fitted(b, floor),
            None => ItemParams::authored(question.difficulty, floor),
        }
    }

    /// Expected score at ability θ.
    pub fn expected_score(&self, theta: f64) -> f64 {
        self.floor + (1.0 - self.floor) * sigmoid(self.slope * (theta - self.difficulty))
    }

    /// ln p(θ) and ln(1 − p(θ)).
    fn log_p_q(&self, theta: f64) -> (f64, f64) {
        let x = self.slope * (theta - self.difficulty);
        let log_q = (1.0 - self.floor).ln() + log_sigmoid(-x);
        let log_p = if self.floor > 0.0 {
            (self.floor + (1.0 - self.floor) * sigmoid(x)).ln()
        } else {
            log_sigmoid(x)
        };
        (log_p, log_q)
    }

    /// Fisher information of one answer at θ: p′² / (p (1 − p)).
    pub fn information(&self, theta: f64) -> f64 {
        let s = sigmoid(self.slope * (theta - self.difficulty));
        let p = self.floor + (1.0 - self.floor) * s;
        let dp = (1.0 - self.floor) * self.slope * s * (1.0 - s);
        let pq = p * (1.0 - p);
        if pq <= 0.0 { 0.0 } else { dp * dp / pq }
    }

    /// Parameters rounded for grouping (questions sharing them add up before the grid).
    fn key(&self) -> ParamsKey {
        (
            (self.difficulty * 100.0).round() as i64,
            (self.slope * 1000.0).round() as i64,
            (self.floor * 1000.0).round() as i64,
        )
    }
}

/// The evidence from one question.
#[derive(Debug, Clone)]
struct ItemEvidence {
    /// Σ w / κ and Σ w·s / κ over its counted answers.
    weight: f64,
    credit: f64,
    /// Age (days) of its latest answer, counted or not; `None` before its first.
    last_age: Option<f64>,
    /// Whether its latest answer was counted (not a repeat), so that its score may be
    /// replaced ([`Accumulator::rescore_latest`]).
    last_counted: bool,
    difficulty: Difficulty,
}

/// The running evidence of one category.
#[derive(Debug, Clone, Default)]
struct Evidence {
    /// Where each question's evidence is in `slots` (`finish` walks this map, in its order).
    items: FnvMap<String, usize>,
    slots: Vec<ItemEvidence>,
    answered: usize,
    repeats: usize,
    /// κ: the weight of the oldest counted answer; `None` before any.
    kappa: Option<f64>,
}

impl Evidence {
    fn kappa(&self) -> f64 {
        self.kappa.unwrap_or(1.0)
    }
}

/// Collects answers one at a time (so a million stored answers need no intermediate list).
/// Answers are added oldest first (as the store streams them), which is what tells a repeat
/// from fresh evidence.
#[derive(Debug, Clone, Default)]
pub struct Accumulator {
    /// Where each category's evidence is in `evidence`.
    categories: FnvMap<String, usize>,
    evidence: Vec<Evidence>,
}

/// Where the evidence of one question in one category is kept in an [`Accumulator`]: found
/// once with [`Accumulator::slot`], then handed to [`Accumulator::add_at`] for each answer,
/// so that a million answers to a few thousand questions are not a million string lookups.
/// Valid only for the accumulator that gave it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Slot {
    category: usize,
    item: usize,
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
        let slot = self.slot(category, question_id, difficulty);
        self.add_at(slot, score, age_days);
    }

    /// The slot of `question_id` in `category`, made on first use with `difficulty` (the
    /// difficulty of the question's first answer, as [`Accumulator::add`] keeps it). Ask for
    /// it when its first answer is added, not before: the first answer's difficulty counts.
    pub fn slot(&mut self, category: &str, question_id: &str, difficulty: Difficulty) -> Slot {
        let category = match self.categories.get(category) {
            Some(&index) => index,
            None => {
                self.evidence.push(Evidence::default());
                let index = self.evidence.len() - 1;
                self.categories.insert(category.to_owned(), index);
                index
            }
        };
        let evidence = &mut self.evidence[category];
        let item = match evidence.items.get(question_id) {
            Some(&index) => index,
            None => {
                evidence.slots.push(ItemEvidence {
                    weight: 0.0,
                    credit: 0.0,
                    last_age: None,
                    last_counted: false,
                    difficulty,
                });
                let index = evidence.slots.len() - 1;
                evidence.items.insert(question_id.to_owned(), index);
                index
            }
        };
        Slot { category, item }
    }

    /// One answer to the question at `slot`: its score in [0, 1] and age in days.
    pub fn add_at(&mut self, slot: Slot, score: f64, age_days: f64) {
        let Some(evidence) = self.evidence.get_mut(slot.category) else {
            return; // a slot of another accumulator
        };
        let score = if score.is_finite() {
            score.clamp(0.0, 1.0)
        } else {
            0.0
        };
        let age = if age_days.is_finite() {
            age_days.clamp(0.0, MAX_AGE_DAYS)
        } else {
            MAX_AGE_DAYS
        };
        let Some(item) = evidence.slots.get_mut(slot.item) else {
            return;
        };
        if let Some(last_age) = item.last_age
            && (last_age - age).abs() < REPEAT_WITHIN_DAYS
        {
            item.last_age = Some(age);
            item.last_counted = false;
            evidence.repeats += 1;
            return;
        }
        let weight = recency_weight(age);
        let kappa = match evidence.kappa {
            Some(kappa) if weight >= kappa => kappa,
            Some(kappa) => {
                // Older than every answer so far: it becomes the reference weight.
                let rescale = kappa / weight;
                for item in &mut evidence.slots {
                    item.weight *= rescale;
                    item.credit *= rescale;
                }
                evidence.kappa = Some(weight);
                weight
            }
            None => {
                evidence.kappa = Some(weight);
                weight
            }
        };
        let relative = weight / kappa;
        evidence.answered += 1;
        if let Some(item) = evidence.slots.get_mut(slot.item) {
            // A question's first answer adds to zeros: the same sums as starting from it.
            item.weight += relative;
            item.credit += relative * score;
            item.last_age = Some(age);
            item.last_counted = true;
        }
    }

    /// The latest answer to `question_id` in `category`, added with score `was`, now scores
    /// `score` (the learner marked it right): the evidence becomes what adding it with `score`
    /// would have made, up to rounding. Its weight is the one it has now, w(its age) / κ.
    /// Nothing changes when that answer was a repeat (it counted for nothing either way) or
    /// the question has no answer.
    pub fn rescore_latest(&mut self, category: &str, question_id: &str, was: f64, score: f64) {
        let Some(evidence) = self
            .categories
            .get(category)
            .and_then(|&index| self.evidence.get_mut(index))
        else {
            return;
        };
        let kappa = evidence.kappa();
        let Some(item) = evidence
            .items
            .get(question_id)
            .and_then(|&index| evidence.slots.get_mut(index))
        else {
            return;
        };
        let Some(age) = item.last_age.filter(|_| item.last_counted) else {
            return;
        };
        let clamp = |s: f64| {
            if s.is_finite() {
                s.clamp(0.0, 1.0)
            } else {
                0.0
            }
        };
        let relative = recency_weight(age) / kappa;
        // Rounding must not take the credit outside [0, weight].
        item.credit =
            (item.credit + relative * (clamp(score) - clamp(was))).clamp(0.0, item.weight);
    }

    /// Ages all evidence by `days`, as if that much time had passed since it was added (the
    /// recency weight is exponential, so ageing in steps equals ageing at once). Lets a
    /// caller walk through history once, e.g. for trends.
    pub fn age(&mut self, days: f64) {
        let days = if days.is_finite() {
            days.clamp(0.0, MAX_AGE_DAYS)
        } else {
            MAX_AGE_DAYS
        };
        let factor = recency_weight(days);
        for evidence in &mut self.evidence {
            if let Some(kappa) = evidence.kappa.as_mut() {
                *kappa = (*kappa * factor).max(f64::MIN_POSITIVE);
            }
            for item in &mut evidence.slots {
                if let Some(last_age) = item.last_age.as_mut() {
                    *last_age += days;
                }
            }
        }
    }

    /// The estimate of every category of `pack`, in pack order.
    pub fn finish(&self, pack: &Pack) -> Vec<Mastery> {
        let mut by_category: FnvMap<&str, Vec<&Question>> = FnvMap::default();
        for question in &pack.questions {
            by_category
                .entry(question.category.as_str())
                .or_default()
                .push(question);
        }
        pack.categories
            .iter()
            .map(|category| {
                let questions = by_category
                    .get(category.id.as_str())
                    .map_or(&[][..], Vec::as_slice);
                self.estimate_category(&category.id, questions)
            })
            .collect()
    }

    /// The estimate of one category of `pack` (what [`Accumulator::finish`] gives for it),
    /// without estimating the others: placement re-estimates only the category just answered.
    pub fn finish_category(&self, pack: &Pack, category: &str) -> Mastery {
        let questions: Vec<&Question> = pack
            .questions
            .iter()
            .filter(|q| q.category == category)
            .collect();
        self.estimate_category(category, &questions)
    }

    /// The estimate of `category` from its evidence, `questions` being the category's
    /// questions in the pack.
    fn estimate_category(&self, category: &str, questions: &[&Question]) -> Mastery {
        // The category's questions, grouped by parameters: what m(θ) averages over.
        let mut mix: FnvMap<ParamsKey, (ItemParams, f64)> = FnvMap::default();
        let mut by_id: FnvMap<&str, &Question> = FnvMap::default();
        for question in questions {
            let params = ItemParams::of(question);
            mix.entry(params.key()).or_insert((params, 0.0)).1 += 1.0;
            by_id.insert(question.id.as_str(), question);
        }
        let mix: Vec<(ItemParams, f64)> = mix.into_values().collect();
        let empty = Evidence::default();
        let evidence = self
            .categories
            .get(category)
            .and_then(|&index| self.evidence.get(index))
            .unwrap_or(&empty);
        let mut groups: FnvMap<ParamsKey, (ItemParams, f64, f64)> = FnvMap::default();
        let mut seen = 0;
        for (id, &index) in &evidence.items {
            let Some(item) = evidence.slots.get(index) else {
                continue;
            };
            let params = match by_id.get(id.as_str()) {
                Some(q) => {
                    seen += 1;
                    ItemParams::of(q)
                }
                None => ItemParams::authored(item.difficulty, 0.0),
            };
            let group = groups.entry(params.key()).or_insert((params, 0.0, 0.0));
            group.1 += item.weight;
            group.2 += item.credit;
        }
        let groups: Vec<(ItemParams, f64, f64)> = groups.into_values().collect();
        let mut mastery = estimate(category, &groups, &mix, evidence.kappa());
        mastery.answered = evidence.answered;
        mastery.repeats = evidence.repeats;
        mastery.seen = seen;
        mastery.total = questions.len();
        mastery
    }
}

/// A category's questions as m(θ) needs them: those of one difficulty and slope share a
/// logistic curve whatever their floors, as Σ n·(c + (1 − c)·σ) = Σ n·c + σ·Σ n·(1 − c), so
/// its kinds and choice counts cost three curves (one per authored level), not one each:
/// on the dashboard, this was most of the model's time.
struct CurveMix {
    /// (difficulty, slope, Σ n·c, Σ n·(1 − c)), one per curve.
    curves: Vec<(f64, f64, f64, f64)>,
    /// Σ n.
    count: f64,
}

impl CurveMix {
    /// From (parameters, count) pairs; a medium question when the category has none.
    fn of(mix: &[(ItemParams, f64)]) -> CurveMix {
        let fallback = [(ItemParams::authored(Difficulty::Medium, 0.0), 1.0)];
        let mix = if mix.iter().any(|(_, n)| *n > 0.0) {
            mix
        } else {
            &fallback
        };
        // A calibrated pack has a difficulty per question: found by key, not by a search.
        let mut curves: Vec<(f64, f64, f64, f64)> = Vec::new();
        let mut place: FnvMap<(u64, u64), usize> = FnvMap::default();
        for (params, n) in mix {
            let (floor_mass, rise_mass) = (n * params.floor, n * (1.0 - params.floor));
            let key = (params.difficulty.to_bits(), params.slope.to_bits());
            let at = *place.entry(key).or_insert_with(|| {
                curves.push((params.difficulty, params.slope, 0.0, 0.0));
                curves.len() - 1
            });
            if let Some(curve) = curves.get_mut(at) {
                curve.2 += floor_mass;
                curve.3 += rise_mass;
            }
        }
        CurveMix {
            curves,
            count: mix.iter().map(|(_, n)| n).sum(),
        }
    }

    /// m(θ): the mean expected score at `theta`.
    fn at(&self, theta: f64) -> f64 {
        self.curves
            .iter()
            .map(|(b, a, floor_mass, rise_mass)| floor_mass + rise_mass * sigmoid(a * (theta - b)))
            .sum::<f64>()
            / self.count
    }

    /// m(θ) on the grid.
    fn on_grid(&self) -> Vec<f64> {
        (0..GRID_POINTS).map(|k| self.at(grid_theta(k))).collect()
    }
}

/// The θ below which a share `q` of `density` (on the grid) lies, interpolated linearly
/// inside the grid cell (each point's mass spread over its cell).
fn theta_quantile(density: &[f64], q: f64) -> f64 {
    let mut cumulative = 0.0;
    for (k, p) in density.iter().enumerate() {
        if cumulative + p >= q && *p > 0.0 {
            let fraction = ((q - cumulative) / p).clamp(0.0, 1.0);
            return grid_theta(k) - GRID_STEP / 2.0 + fraction * GRID_STEP;
        }
        cumulative += p;
    }
    grid_theta(GRID_POINTS - 1)
}

/// The log location posterior on the grid (up to a constant) from grouped evidence
/// (parameters, Σ w/κ, Σ w·s/κ).
pub fn log_posterior(groups: &[(ItemParams, f64, f64)]) -> Vec<f64> {
    (0..GRID_POINTS)
        .map(|k| {
            let theta = grid_theta(k);
            let z = (theta - PRIOR_MEAN) / PRIOR_SD;
            let mut log = -0.5 * z * z;
            for (params, weight, credit) in groups {
                let (log_p, log_q) = params.log_p_q(theta);
                log += credit * log_p + (weight - credit).max(0.0) * log_q;
            }
            log
        })
        .collect()
}

/// Normalised exp(`power` · (log − max)).
fn normalise(log: &[f64], power: f64) -> Vec<f64> {
    let max = log.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let mut density: Vec<f64> = log.iter().map(|l| (power * (l - max)).exp()).collect();
    let sum: f64 = density.iter().sum();
    if sum > 0.0 && sum.is_finite() {
        density.iter_mut().for_each(|d| *d /= sum);
    } else {
        let uniform = 1.0 / density.len().max(1) as f64;
        density.iter_mut().for_each(|d| *d = uniform);
    }
    density
}

/// The estimate of one category from its grouped evidence, the mix of its questions and κ.
fn estimate(
    category: &str,
    groups: &[(ItemParams, f64, f64)],
    mix: &[(ItemParams, f64)],
    kappa: f64,
) -> Mastery {
    let curves = CurveMix::of(mix);
    let curve = curves.on_grid();
    let log = log_posterior(groups);
    let location = normalise(&log, 1.0);
    let current = normalise(&log, kappa);
    let mean: f64 = location.iter().zip(&curve).map(|(p, m)| p * m).sum();
    // The band: the location posterior's 10%, 50% and 90% points of θ, the outer two pushed
    // away from the middle by 1/√κ (what ageing does to a normal posterior's spread), mapped
    // through m(θ), which is increasing.
    let spread = 1.0 / kappa.max(f64::MIN_POSITIVE).sqrt();
    let middle = theta_quantile(&location, 0.5);
    let at = |q: f64| {
        let theta = middle + (theta_quantile(&location, q) - middle) * spread;
        curves.at(theta.clamp(grid_theta(0), grid_theta(GRID_POINTS - 1)))
    };
    let (low, high) = (at(BAND_TAIL), at(1.0 - BAND_TAIL));
    let relative: f64 = groups.iter().map(|(_, w, _)| w).sum();
    let posterior: Vec<PosteriorPoint> = curve
        .iter()
        .zip(&current)
        .enumerate()
        .filter(|(_, (_, p))| **p > 1e-12)
        .map(|(k, (m, p))| PosteriorPoint {
            theta: grid_theta(k),
            mastery: *m,
            probability: *p,
        })
        .collect();
    Mastery {
        category: category.to_owned(),
        mean: mean.clamp(0.0, 1.0),
        low: low.min(mean).clamp(0.0, 1.0),
        high: high.max(mean).clamp(0.0, 1.0),
        answered: 0,
        evidence: relative * kappa,
        seen: 0,
        total: 0,
        repeats: 0,
        posterior,
    }
}

/// The estimate for one category.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Mastery {
    pub category: String,
    /// Expected score on the category's questions, in [0, 1].
    pub mean: f64,
    /// Lower and upper ends of the 80% band.
    pub low: f64,
    pub high: f64,
    /// Answers given in this category that counted as evidence (repeats excluded).
    pub answered: usize,
    /// Weighted answers' worth of evidence (recency applied).
    pub evidence: f64,
    /// Distinct questions of the category answered at least once, and questions in it.
    pub seen: usize,
    pub total: usize,
    /// Answers given within 12 hours of the previous answer to the same question: not evidence.
    pub repeats: usize,
    /// The current posterior, grid point by grid point (θ ascending, negligible ones left out).
    #[serde(skip)]
    pub posterior: Vec<PosteriorPoint>,
}

/// One grid point of a category's current posterior.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PosteriorPoint {
    pub theta: f64,
    /// m(θ).
    pub mastery: f64,
    pub probability: f64,
}

impl Mastery {
    /// The estimate of a category nobody has answered: the prior.
    pub fn unmeasured(category: &str, total: usize) -> Mastery {
        Mastery {
            total,
            ..estimate(category, &[], &[], 1.0)
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

    /// P(mastery ≥ target) under the current posterior.
    pub fn p_at_least(&self, target: f64) -> f64 {
        self.posterior
            .iter()
            .filter(|point| point.mastery >= target)
            .map(|point| point.probability)
            .sum::<f64>()
            .clamp(0.0, 1.0)
    }

    /// The predicted score of a question with `params` (the posterior predictive).
    pub fn predict(&self, params: &ItemParams) -> f64 {
        self.posterior
            .iter()
            .map(|point| point.probability * params.expected_score(point.theta))
            .sum::<f64>()
            .clamp(0.0, 1.0)
    }

    /// The verdict against `target` (see the module documentation).
    pub fn verdict(&self, target: f64) -> Verdict {
        if self.answered == 0 {
            return Verdict::Unmeasured;
        }
        let p = self.p_at_least(target);
        if p >= CONFIDENT {
            Verdict::Above
        } else if p <= 1.0 - CONFIDENT {
            Verdict::Below
        } else {
            Verdict::Close
        }
    }
}

/// Where a category stands against its target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum Verdict {
    /// P(target met) ≥ 0.9.
    Above,
    /// P(target met) ≤ 0.1.
    Below,
    /// In between: more answers needed.
    Close,
    /// Never answered: no verdict.
    Unmeasured,
}

impl Verdict {
    /// The words a learner reads.
    pub fn words(self) -> &'static str {
        match self {
            Verdict::Above => "above target",
            Verdict::Below => "below target",
            Verdict::Close => "close to target: more answers needed",
            Verdict::Unmeasured => "not measured yet",
        }
    }

    /// Whether the verdict is confident either way.
    pub fn decided(self) -> bool {
        matches!(self, Verdict::Above | Verdict::Below)
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

    /// P(target met), when there is a target.
    pub fn p_met(&self) -> Option<f64> {
        self.target.map(|t| self.mastery.p_at_least(t))
    }

    /// The verdict, when there is a target.
    pub fn verdict(&self) -> Option<Verdict> {
        self.target.map(|t| self.mastery.verdict(t))
    }

    /// The one rule for "target met": a confident verdict above the target.
    pub fn met(&self) -> bool {
        self.verdict() == Some(Verdict::Above)
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

/// Targets met (verdict above target) and targets set, over rows with a positive target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TargetsMet {
    pub met: usize,
    pub total: usize,
}

pub fn targets_met(rows: &[GapRow]) -> Option<TargetsMet> {
    let targeted = rows.iter().filter(|r| r.target.is_some_and(|t| t > 0.0));
    let (met, total) = targeted.fold((0, 0), |(met, total), row| {
        (met + usize::from(row.met()), total + 1)
    });
    (total > 0).then_some(TargetsMet { met, total })
}

/// Readiness for a profile: the share of its targets met ("4 of 11 targets met" is 4/11);
/// `None` when the profile targets none of these categories.
pub fn readiness(rows: &[GapRow]) -> Option<f64> {
    targets_met(rows).map(|t| t.met as f64 / t.total as f64)
}

/// The probability-weighted number of targets met: Σ P(target met) over measured categories
/// (a category never answered adds 0).
pub fn expected_targets_met(rows: &[GapRow]) -> f64 {
    rows.iter()
        .filter(|r| r.mastery.answered > 0 && r.target.is_some_and(|t| t > 0.0))
        .filter_map(GapRow::p_met)
        .sum()
}

#[cfg(test)]
#[path = "mastery_tests.rs"]
mod tests;
