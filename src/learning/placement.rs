//! Placement: the adaptive pick of the next question when finding a newcomer's gaps, and the
//! rule that ends it. Pure: the caller passes the pack, the current gap rows (from
//! `mastery`) and what has been asked; no I/O, no clock, no randomness.
//!
//! # The rule
//! - A category is *decided* when it has been answered and P(target met) ≥ 0.9 or ≤ 0.1 (the
//!   verdicts of `mastery`), *capped* when [`PlacementConfig::per_category`] of its
//!   questions have been asked, *exhausted* when none is left to ask.
//! - The next question comes from the open category (not decided, capped or exhausted) whose
//!   verdict is nearest, in expected answers: every category first gets two answers, then
//!   the one with the fewest answers to a verdict, ((z / |θ̄ − θ*|)² − 1/Var θ) / I(θ*)
//!   (z = 1.2816; θ̄ and Var θ from its posterior; I the information of its best question)
//!   goes next; ties go to the category asked least, then to pack order. Categories without a
//!   target are not placed. (Asking the *least certain* category first was tried: in the
//!   simulation of `tests/model_simulation.rs` it spent the 60 answers on categories whose
//!   truth sits at the target and decided 1 of 11; the nearest verdict first decides 7.)
//! - Inside it, the question most informative at the target: the largest Fisher information
//!   of the Rasch model at θ*, where m(θ*) = target, divided by 1 + 0.1 × (questions of the
//!   same kind already asked). Kinds stay balanced: a kind asked more than its share of the
//!   bank × (answers + 1) + 1.5 times is passed over while another kind is available. Open
//!   questions are left out unless asked for; no question is asked twice; ties go to pack
//!   order.
//! - The session ends when no category is open or [`PlacementConfig::max_answers`] have been
//!   asked.
//! - An answer the learner marks right ("I was right", [`Adaptive::overruled`]) has its score
//!   replaced in the evidence ([`Accumulator::rescore_latest`]) and its category
//!   re-estimated: the rows, the progress line and the next pick are those of a picker fed
//!   the corrected answers.

use crate::fnv::{FnvMap, FnvSet};
use crate::learning::mastery::{Accumulator, GapRow, ItemParams, Mastery, Verdict, gap_rows};
use crate::pack::{Kind, KindName, Pack, Profile};
use crate::quiz::{Adaptive, Item, display_order};

/// Placement's limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlacementConfig {
    /// Questions in the whole session (default 60).
    pub max_answers: usize,
    /// Questions from one category (default 10).
    pub per_category: usize,
    /// Whether Open (self-assessed) questions may be asked.
    pub include_open: bool,
}

impl Default for PlacementConfig {
    fn default() -> Self {
        PlacementConfig {
            max_answers: 60,
            per_category: 12,
            include_open: false,
        }
    }
}

impl PlacementConfig {
    /// What a placement session stores as its `filters_json` (so a resumed placement goes on
    /// with the same limits): `{"placement": {"categories": [...], "max_answers": 60,
    /// "include_open": false}}`.
    pub fn session_json(&self, categories: &[String]) -> String {
        serde_json::json!({
            "placement": {
                "categories": categories,
                "max_answers": self.max_answers,
                "include_open": self.include_open,
            }
        })
        .to_string()
    }

    /// The limits and categories a stored placement session ran with ([`Self::session_json`]);
    /// the defaults for anything missing or unreadable.
    pub fn from_session_json(json: &str) -> (PlacementConfig, Vec<String>) {
        let value: serde_json::Value = serde_json::from_str(json).unwrap_or_default();
        let placement = &value["placement"];
        let default = PlacementConfig::default();
        let config = PlacementConfig {
            max_answers: placement["max_answers"]
                .as_u64()
                .and_then(|n| usize::try_from(n).ok())
                .filter(|n| *n > 0)
                .unwrap_or(default.max_answers),
            include_open: placement["include_open"].as_bool().unwrap_or(false),
            ..default
        };
        let categories = placement["categories"]
            .as_array()
            .map(|c| {
                c.iter()
                    .filter_map(|v| v.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default();
        (config, categories)
    }
}

/// How far placement has got: the live line "7 of 11 decided".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlacementProgress {
    pub decided: usize,
    pub targeted: usize,
}

impl PlacementProgress {
    pub fn of(rows: &[GapRow]) -> PlacementProgress {
        let targeted = rows.iter().filter(|r| r.target.is_some());
        let (decided, targeted) = targeted.fold((0, 0), |(decided, total), row| {
            let done = row.verdict().is_some_and(Verdict::decided);
            (decided + usize::from(done), total + 1)
        });
        PlacementProgress { decided, targeted }
    }

    pub fn line(&self) -> String {
        format!("{} of {} decided", self.decided, self.targeted)
    }
}

/// Placement as a session runs it ([`crate::quiz::Adaptive`]): the learner's earlier
/// answers in the pack (an [`Accumulator`] the caller fills from the store), each answer of
/// the session added as it comes, and [`next_question`] asked after each.
#[derive(Debug, Clone)]
pub struct PlacementPicker {
    /// The pack placed, by its index in the session's packs.
    pack: usize,
    evidence: Accumulator,
    /// Only these categories are placed (empty: every category with a target).
    categories: Vec<String>,
    config: PlacementConfig,
    seed: u64,
    /// How many of the session's questions are in `evidence` already.
    fed: usize,
    /// The gap chart as placement sees it, from `evidence` (see [`PlacementPicker::rows`]).
    rows: Vec<GapRow>,
    progress: PlacementProgress,
}

impl PlacementPicker {
    /// Placement of pack `pack` (index into the session's packs) against `profile`'s targets,
    /// from `evidence` (every earlier answer in the pack, aged to now). `already_fed`: how many
    /// of the session's own answers `evidence` holds (a resumed session's, read back from the
    /// store with the rest).
    pub fn new(
        pack: (usize, &Pack),
        evidence: Accumulator,
        profile: Option<&Profile>,
        categories: &[String],
        config: PlacementConfig,
        seed: u64,
        already_fed: usize,
    ) -> PlacementPicker {
        let mut picker = PlacementPicker {
            pack: pack.0,
            evidence,
            categories: categories.to_vec(),
            config,
            seed,
            fed: already_fed,
            rows: Vec::new(),
            progress: PlacementProgress {
                decided: 0,
                targeted: 0,
            },
        };
        let mut rows = gap_rows(pack.1, &picker.evidence.finish(pack.1), profile);
        if !picker.categories.is_empty() {
            for row in &mut rows {
                if !picker.categories.contains(&row.mastery.category) {
                    row.target = None;
                }
            }
        }
        picker.progress = PlacementProgress::of(&rows);
        picker.rows = rows;
        picker
    }

    /// The gap chart as placement sees it (in the order of its start: the rows are not
    /// re-sorted as answers come): categories outside `categories` have no target.
    pub fn rows(&self) -> &[GapRow] {
        &self.rows
    }

    pub fn progress(&self) -> PlacementProgress {
        self.progress
    }
}

impl Adaptive for PlacementPicker {
    fn next(&mut self, packs: &[Pack], asked: &[(&Item, f64)]) -> Option<Item> {
        let pack = packs.get(self.pack)?;
        let mut touched: Vec<&str> = Vec::new();
        for (item, score) in asked.iter().skip(self.fed) {
            if item.pack != self.pack {
                continue;
            }
            if let Some(question) = pack.questions.get(item.question) {
                self.evidence.add(
                    &question.category,
                    &question.id,
                    question.difficulty,
                    *score,
                    0.0,
                );
                if !touched.contains(&question.category.as_str()) {
                    touched.push(&question.category);
                }
            }
        }
        self.fed = asked.len();
        // Only the categories just answered change: re-estimating one category of a
        // 100,000-question pack takes a fraction of re-estimating them all.
        for row in &mut self.rows {
            if touched.contains(&row.mastery.category.as_str()) {
                row.mastery = self.evidence.finish_category(pack, &row.mastery.category);
            }
        }
        let rows = &self.rows;
        self.progress = PlacementProgress::of(rows);
        let indices: Vec<usize> = asked
            .iter()
            .filter(|(item, _)| item.pack == self.pack)
            .map(|(item, _)| item.question)
            .collect();
        let config = PlacementConfig {
            max_answers: self
                .config
                .max_answers
                .saturating_sub(asked.len() - indices.len()),
            ..self.config
        };
        let next = next_question(pack, rows, &indices, &config)?;
        let question = pack.questions.get(next)?;
        Some(Item {
            pack: self.pack,
            question: next,
            order: display_order(&pack.meta.id, question, self.seed),
        })
    }

    /// Replaces the answer's score in the evidence (what a picker fed the corrected history
    /// holds, up to rounding) and re-estimates its category, as after an answer.
    fn overruled(&mut self, packs: &[Pack], index: usize, item: &Item, was: f64, score: f64) {
        // An answer not fed yet comes with its new score; another pack's is not evidence.
        if index >= self.fed || item.pack != self.pack {
            return;
        }
        let Some(pack) = packs.get(self.pack) else {
            return;
        };
        let Some(question) = pack.questions.get(item.question) else {
            return;
        };
        self.evidence
            .rescore_latest(&question.category, &question.id, was, score);
        for row in &mut self.rows {
            if row.mastery.category == question.category {
                row.mastery = self.evidence.finish_category(pack, &question.category);
            }
        }
        self.progress = PlacementProgress::of(&self.rows);
    }

    fn progress(&self) -> String {
        self.progress.line()
    }

    fn cap(&self) -> usize {
        self.config.max_answers
    }

    fn boxed_clone(&self) -> Box<dyn Adaptive> {
        Box::new(self.clone())
    }
}

const KIND_BALANCE: f64 = 0.1;
/// Questions a kind may run ahead of its share of the bank.
const KIND_SLACK: f64 = 1.5;
/// Answers every category gets before costs rank them (one or two answers are too noisy to
/// give up on a category).
const FIRST_ANSWERS: usize = 2;
/// 80% two-sided normal quantile.
const BAND_Z: f64 = 1.2816;
/// Distances to θ* below this (logits) count as this: such a verdict costs too much.
const MIN_DISTANCE: f64 = 0.05;

fn kind_name(kind: &Kind) -> KindName {
    kind.name()
}

/// θ* with m(θ*) = target: the first point of the category's posterior where m reaches the
/// target (m is increasing in θ; the posterior covers every θ that is not already ruled
/// out, and outside it the verdict is decided anyway).
fn theta_at_target(mastery: &Mastery, target: f64) -> f64 {
    mastery
        .posterior
        .iter()
        .find(|point| point.mastery >= target)
        .or(mastery.posterior.last())
        .map_or(0.0, |point| point.theta)
}

fn kind_slot(kind: KindName) -> usize {
    KindName::ALL.iter().position(|k| *k == kind).unwrap_or(0)
}

/// The index (in `pack.questions`) of the next placement question, or `None` when placement
/// is over. `asked` holds the indices already asked, in order.
pub fn next_question(
    pack: &Pack,
    rows: &[GapRow],
    asked: &[usize],
    config: &PlacementConfig,
) -> Option<usize> {
    if asked.len() >= config.max_answers {
        return None;
    }
    let asked_set: FnvSet<usize> = asked.iter().copied().collect();
    let mut asked_in: FnvMap<&str, usize> = FnvMap::default();
    // Per kind (by `kind_slot`): arrays, not maps, as pass 2 reads them once per question.
    let mut kinds_asked = [0usize; KindName::ALL.len()];
    for question in asked.iter().filter_map(|&i| pack.questions.get(i)) {
        *asked_in.entry(question.category.as_str()).or_default() += 1;
        kinds_asked[kind_slot(kind_name(&question.kind))] += 1;
    }
    let askable = |i: usize, kind: &Kind| {
        !asked_set.contains(&i) && (config.include_open || !matches!(kind, Kind::Open { .. }))
    };
    // Pass 1: the bank's mix of kinds.
    let mut kinds_in_bank = [0usize; KindName::ALL.len()];
    let mut askable_in_bank = 0usize;
    for question in &pack.questions {
        if config.include_open || !matches!(question.kind, Kind::Open { .. }) {
            kinds_in_bank[kind_slot(kind_name(&question.kind))] += 1;
            askable_in_bank += 1;
        }
    }
    // The open categories: θ*, the posterior's mean and variance of θ.
    let mut open: FnvMap<&str, Candidate> = FnvMap::default();
    for row in rows {
        let Some(target) = row.target else { continue };
        let id = row.mastery.category.as_str();
        let asked = asked_in.get(id).copied().unwrap_or(0);
        if row.verdict().is_some_and(Verdict::decided) || asked >= config.per_category {
            continue;
        }
        let (mean, variance) = theta_moments(&row.mastery);
        open.insert(
            id,
            Candidate {
                theta_star: theta_at_target(&row.mastery, target),
                mean,
                variance,
                asked,
                best: None,
                informations: Vec::new(),
            },
        );
    }
    // A kind is within its quota while it has been asked fewer than its share of the bank
    // allows, plus a slack: placement looks like the bank, not only like its most
    // informative kind.
    let within_quota: [bool; KindName::ALL.len()] = std::array::from_fn(|slot| {
        let share = kinds_in_bank[slot] as f64 / askable_in_bank.max(1) as f64;
        (kinds_asked[slot] as f64) < share * (asked.len() + 1) as f64 + KIND_SLACK
    });
    // Pass 2: the most informative askable question of each open category at its θ*, kinds
    // within their quota first. Questions share a handful of parameter sets per category,
    // so each set's information is computed once.
    for (i, question) in pack.questions.iter().enumerate() {
        let Some(candidate) = open.get_mut(question.category.as_str()) else {
            continue;
        };
        if !askable(i, &question.kind) {
            continue;
        }
        let slot = kind_slot(kind_name(&question.kind));
        let params = ItemParams::of(question);
        let information = candidate.information(&params);
        let quota = if within_quota[slot] { 1.0 } else { 0.0 };
        let score = (
            quota,
            information / (1.0 + KIND_BALANCE * kinds_asked[slot] as f64),
        );
        if candidate.best.is_none_or(|(s, _, _)| score > s) {
            candidate.best = Some((score, information, i));
        }
    }
    open.iter()
        .filter_map(|(id, c)| {
            let (_, information, index) = c.best?;
            Some((
                c.answers_to_verdict(information),
                c.asked,
                order_of(pack, id),
                index,
            ))
        })
        .min_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)))
        .map(|(_, _, _, index)| index)
}

/// An open category during the choice.
#[derive(Debug)]
struct Candidate {
    theta_star: f64,
    mean: f64,
    variance: f64,
    asked: usize,
    /// ((within quota, score), information, question index) of its best question.
    best: Option<((f64, f64), f64, usize)>,
    /// The information at θ* of each parameter set met so far.
    informations: Vec<(ItemParams, f64)>,
}

impl Candidate {
    fn information(&mut self, params: &ItemParams) -> f64 {
        if let Some((_, information)) = self.informations.iter().find(|(p, _)| p == params) {
            return *information;
        }
        let information = params.information(self.theta_star);
        // Calibrated questions each have their own difficulty: keep only a few sets.
        if self.informations.len() < 16 {
            self.informations.push((*params, information));
        }
        information
    }

    /// Answers like its best question needed before the 80% band clears θ*:
    /// ((z / |θ̄ − θ*|)² − 1/var) / information, never below 0.
    fn answers_to_verdict(&self, information: f64) -> f64 {
        if self.asked < FIRST_ANSWERS {
            return 0.0;
        }
        let distance = (self.mean - self.theta_star).abs().max(MIN_DISTANCE);
        let needed = (BAND_Z / distance).powi(2) - 1.0 / self.variance.max(1e-9);
        needed.max(0.0) / information.max(1e-9)
    }
}

/// The current posterior's mean and variance of θ.
fn theta_moments(mastery: &Mastery) -> (f64, f64) {
    let total: f64 = mastery.posterior.iter().map(|p| p.probability).sum();
    if total <= 0.0 {
        return (0.0, 1.0);
    }
    let mean = mastery
        .posterior
        .iter()
        .map(|p| p.probability * p.theta)
        .sum::<f64>()
        / total;
    let variance = mastery
        .posterior
        .iter()
        .map(|p| p.probability * (p.theta - mean).powi(2))
        .sum::<f64>()
        / total;
    (mean, variance)
}

fn order_of(pack: &Pack, category: &str) -> usize {
    pack.categories
        .iter()
        .position(|c| c.id == category)
        .unwrap_or(usize::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::learning::mastery::{Accumulator, gap_rows};
    use crate::pack::load_str;
    use std::fmt::Write as _;

    fn pack() -> Pack {
        let mut text = String::from(
            r#"Pack(id: "p", title: "P", version: "1", categories: [(id: "a", title: "A"), (id: "b", title: "B")], profiles: [(id: "r", title: "R", targets: {"a": 0.6, "b": 0.6})], questions: ["#,
        );
        for c in ["a", "b"] {
            for i in 0..12 {
                let difficulty = ["Easy", "Medium", "Hard"][i % 3];
                let kind = match i % 4 {
                    0 => {
                        r#"Single(choices: [(text: "x", correct: true), (text: "y"), (text: "z")])"#
                    }
                    1 => "TrueFalse(answer: true)",
                    2 => r#"Open(model_answer: "m", rubric: ["r"])"#,
                    _ => r#"Short(accept: ["x"])"#,
                };
                let _ = write!(
                    text,
                    r#"(id: "{c}{i}", category: "{c}", difficulty: {difficulty}, prompt: "p", kind: {kind}, explanation: "e"),"#
                );
            }
        }
        text.push_str("])");
        load_str("p.ron", &text).unwrap_or_else(|e| panic!("{e}"))
    }

    /// Runs placement with a learner who answers by `answer(question index)`.
    fn run(pack: &Pack, config: &PlacementConfig, answer: impl Fn(usize) -> f64) -> Vec<usize> {
        let mut acc = Accumulator::new();
        let mut asked = Vec::new();
        loop {
            let rows = gap_rows(pack, &acc.finish(pack), pack.profile("r"));
            let Some(next) = next_question(pack, &rows, &asked, config) else {
                break;
            };
            let q = &pack.questions[next];
            acc.add(&q.category, &q.id, q.difficulty, answer(next), 0.0);
            asked.push(next);
        }
        asked
    }

    #[test]
    fn no_question_twice_no_open_and_the_caps_hold() {
        let pack = pack();
        let config = PlacementConfig {
            max_answers: 15,
            per_category: 6,
            include_open: false,
        };
        // Half right: verdicts stay uncertain, so the caps end it.
        let asked = run(&pack, &config, |i| if i % 2 == 0 { 1.0 } else { 0.0 });
        let distinct: FnvSet<usize> = asked.iter().copied().collect();
        assert_eq!(distinct.len(), asked.len(), "{asked:?}");
        assert!(asked.len() <= 12, "{asked:?}");
        for c in ["a", "b"] {
            let n = asked
                .iter()
                .filter(|&&i| pack.questions[i].category == c)
                .count();
            assert!(n <= 6, "{c}: {n}");
        }
        assert!(
            asked
                .iter()
                .all(|&i| !matches!(pack.questions[i].kind, Kind::Open { .. }))
        );
        // Kinds balanced: each of the three non-Open kinds is asked.
        let kinds: FnvSet<KindName> = asked
            .iter()
            .map(|&i| pack.questions[i].kind.name())
            .collect();
        assert_eq!(kinds.len(), 3, "{kinds:?}");
    }

    #[test]
    fn a_clear_learner_is_placed_quickly_and_stops_when_all_are_decided() {
        let pack = pack();
        let config = PlacementConfig::default();
        let asked = run(&pack, &config, |i| {
            if pack.questions[i].category == "a" {
                1.0
            } else {
                0.0
            }
        });
        let mut acc = Accumulator::new();
        for &i in &asked {
            let q = &pack.questions[i];
            acc.add(
                &q.category,
                &q.id,
                q.difficulty,
                if q.category == "a" { 1.0 } else { 0.0 },
                0.0,
            );
        }
        let rows = gap_rows(&pack, &acc.finish(&pack), pack.profile("r"));
        let progress = PlacementProgress::of(&rows);
        assert_eq!(progress.line(), "2 of 2 decided");
        assert!(asked.len() < 16, "{}", asked.len());
        let verdict = |c: &str| {
            rows.iter()
                .find(|r| r.mastery.category == c)
                .and_then(GapRow::verdict)
        };
        assert_eq!(verdict("a"), Some(Verdict::Above));
        assert_eq!(verdict("b"), Some(Verdict::Below));
    }

    #[test]
    fn open_questions_come_when_asked_for() {
        let pack = pack();
        let config = PlacementConfig {
            max_answers: 30,
            per_category: 12,
            include_open: true,
        };
        let asked = run(&pack, &config, |i| if i % 3 == 0 { 1.0 } else { 0.0 });
        assert!(
            asked
                .iter()
                .any(|&i| matches!(pack.questions[i].kind, Kind::Open { .. }))
        );
    }

    #[test]
    fn the_session_cap_ends_it() {
        let pack = pack();
        let config = PlacementConfig {
            max_answers: 5,
            ..PlacementConfig::default()
        };
        assert_eq!(run(&pack, &config, |_| 0.5).len(), 5);
    }

    /// What a fresh picker (no earlier answers) makes of the session's answers `given`, as
    /// they stand (overruled ones at their new score): its rows and its next pick.
    fn fresh(pack: &Pack, given: &[(&Item, f64)]) -> (Vec<GapRow>, Option<Item>) {
        let mut picker = PlacementPicker::new(
            (0, pack),
            Accumulator::new(),
            pack.profile("r"),
            &[],
            PlacementConfig::default(),
            3,
            0,
        );
        let next = picker.next(std::slice::from_ref(pack), given);
        (picker.rows().to_vec(), next)
    }

    #[test]
    fn the_picker_re_estimates_only_what_changed_and_agrees_with_a_full_estimate() {
        let pack = pack();
        let config = PlacementConfig::default();
        let mut picker = PlacementPicker::new(
            (0, &pack),
            Accumulator::new(),
            pack.profile("r"),
            &[],
            config,
            3,
            0,
        );
        let packs = [pack.clone()];
        let mut items: Vec<Item> = Vec::new();
        let mut scores: Vec<f64> = Vec::new();
        let mut overruled = 0;
        for n in 0usize..10 {
            let given: Vec<(&Item, f64)> = items.iter().zip(scores.iter().copied()).collect();
            let Some(mut next) = picker.next(&packs, &given) else {
                break;
            };
            // Now and then the answer just given is marked right ("I was right", after its
            // feedback), and the question picked after it is picked again.
            if n % 3 == 1
                && let Some(last) = n.checked_sub(1)
                && scores[last] < 1.0
            {
                picker.overruled(&packs, last, &items[last], scores[last], 1.0);
                scores[last] = 1.0;
                overruled += 1;
                let given: Vec<(&Item, f64)> = items.iter().zip(scores.iter().copied()).collect();
                next = picker.next(&packs, &given).unwrap_or_else(|| panic!("{n}"));
            }
            let given: Vec<(&Item, f64)> = items.iter().zip(scores.iter().copied()).collect();
            let mut full = Accumulator::new();
            for (item, score) in &given {
                let q = &pack.questions[item.question];
                full.add(&q.category, &q.id, q.difficulty, *score, 0.0);
            }
            // The same rows (gap_rows sorts them by gap; the picker keeps its first order).
            let by_category = |rows: &[GapRow]| {
                let mut rows = rows.to_vec();
                rows.sort_by(|a, b| a.mastery.category.cmp(&b.mastery.category));
                rows
            };
            let expected = gap_rows(&pack, &full.finish(&pack), pack.profile("r"));
            assert_eq!(
                by_category(picker.rows()),
                by_category(&expected),
                "after {n} answers"
            );
            // And what a fresh picker fed the corrected history makes of it.
            let (rows, fresh_next) = fresh(&pack, &given);
            assert_eq!(picker.rows(), rows.as_slice(), "after {n} answers");
            assert_eq!(picker.progress(), PlacementProgress::of(&rows));
            assert_eq!(Some(&next), fresh_next.as_ref(), "after {n} answers");
            assert!(!items.iter().any(|i| i.question == next.question));
            items.push(next);
            scores.push((n % 3) as f64 / 2.0);
        }
        assert_eq!(items.len(), 10);
        assert_eq!(overruled, 3);
    }

    /// "I was right" in a placement session: a learner with earlier answers (a month old)
    /// who picks the right choice, gets true-or-false wrong, types wrong answers and, after
    /// each typed answer's feedback, says "I was right". The question held next, and the progress line, are what a fresh picker makes
    /// of the corrected answers.
    #[test]
    fn an_overruled_answer_reaches_the_next_pick_and_the_progress_line() {
        use crate::quiz::{Mode, Plan, Response, Session};
        let pack = pack();
        let packs = [pack.clone()];
        let mut earlier = Accumulator::new();
        for (n, q) in pack.questions.iter().step_by(5).enumerate() {
            earlier.add(&q.category, &q.id, q.difficulty, (n % 2) as f64, 30.0);
        }
        let new_picker = || {
            PlacementPicker::new(
                (0, &pack),
                earlier.clone(),
                pack.profile("r"),
                &[],
                PlacementConfig::default(),
                3,
                0,
            )
        };
        // A fresh picker's next question and progress line after `answers`.
        let fresh_pick = |answers: &[(Item, f64)]| {
            let given: Vec<(&Item, f64)> = answers.iter().map(|(i, s)| (i, *s)).collect();
            let mut picker = new_picker();
            let next = picker.next(&packs, &given);
            (next, picker.progress().line())
        };
        let answers = |session: &Session| -> Vec<(Item, f64)> {
            session
                .slots()
                .filter_map(|(item, a)| Some((item.clone(), a?.score)))
                .collect()
        };
        let plan = Plan {
            items: Vec::new(),
            mode: Mode::Practice,
            seed: 3,
            filters_json: PlacementConfig::default().session_json(&[]),
            time_limit_ms: None,
            profile: Some("r".to_owned()),
        };
        let mut session = Session::adaptive(plan, Box::new(new_picker()), &packs, 0);
        let (mut overruled, mut changed) = (0, 0);
        for now in 1..=60 {
            let Some(question) = session.current().and_then(|i| i.question(&packs)) else {
                break;
            };
            let typed = matches!(question.kind, Kind::Short { .. });
            let response = match question.kind {
                Kind::Single { .. } => Response::Choices { picked: vec![0] },
                Kind::TrueFalse { .. } => Response::TrueFalse { answer: false },
                _ => Response::Text {
                    text: "not it".to_owned(),
                },
            };
            session.answer(&packs, response, None, now);
            if typed {
                let stale = answers(&session);
                assert!(session.override_current(&packs).is_some(), "answer {now}");
                overruled += 1;
                let corrected = answers(&session);
                let (expected, progress) = fresh_pick(&corrected);
                let held = session.items().get(corrected.len()).cloned();
                assert_eq!(held, expected, "after answer {now}, marked right");
                assert_eq!(
                    session.progress_line(),
                    Some(progress),
                    "after answer {now}"
                );
                changed += usize::from(fresh_pick(&stale).0 != expected);
            }
            session.advance(now);
        }
        assert!(
            overruled >= 4,
            "{overruled} of {} marked right",
            session.answered()
        );
        assert!(
            changed >= 1,
            "no overrule changed the next pick: the test would pass without it"
        );
    }

    /// A resumed placement's answers come with the stored evidence (`already_fed`); one of
    /// them marked right afterwards is rescored there, at the age it was stored with.
    #[test]
    fn an_answer_from_before_a_resume_is_rescored_in_the_stored_evidence() {
        let pack = pack();
        let packs = [pack.clone()];
        let items: Vec<Item> = [0, 13, 3, 15]
            .iter()
            .map(|&q| Item {
                pack: 0,
                question: q,
                order: display_order("p", &pack.questions[q], 3),
            })
            .collect();
        let stored = |scores: &[f64]| {
            let mut evidence = Accumulator::new();
            for (n, q) in pack.questions.iter().step_by(7).enumerate() {
                evidence.add(&q.category, &q.id, q.difficulty, (n % 2) as f64, 40.0);
            }
            for (item, score) in items.iter().zip(scores) {
                let q = &pack.questions[item.question];
                evidence.add(&q.category, &q.id, q.difficulty, *score, 0.02);
            }
            PlacementPicker::new(
                (0, &pack),
                evidence,
                pack.profile("r"),
                &[],
                PlacementConfig::default(),
                3,
                items.len(),
            )
        };
        let (was, corrected) = ([0.0, 0.0, 0.0, 1.0], [0.0, 0.0, 1.0, 1.0]);
        let mut picker = stored(&was);
        let mut fresh = stored(&corrected);
        picker.overruled(&packs, 2, &items[2], 0.0, 1.0);
        for (p, f) in picker.rows().iter().zip(fresh.rows()) {
            assert_eq!(p.mastery.category, f.mastery.category);
            let pairs = [
                (p.mastery.mean, f.mastery.mean),
                (p.p_met().unwrap_or(0.0), f.p_met().unwrap_or(0.0)),
            ];
            for (a, b) in pairs {
                assert!((a - b).abs() < 1e-9, "{}: {a} vs {b}", p.mastery.category);
            }
        }
        assert_ne!(
            stored(&was).rows(),
            fresh.rows(),
            "the mark changes the estimate"
        );
        let given: Vec<(&Item, f64)> = items.iter().zip(corrected).collect();
        assert_eq!(picker.next(&packs, &given), fresh.next(&packs, &given));
        assert_eq!(picker.progress(), fresh.progress());
    }
}
