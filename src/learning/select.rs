//! The daily review plan: which questions to ask, in which order, for `--mode review` (due
//! questions first, then the ones that shrink the largest gaps) and `--mode due` (only what
//! is due). Pure and fast: one pass over the questions, no sorting of the whole bank.
//!
//! # How questions are chosen
//! 1. **Due** questions (their FSRS due time has come) come first, the least likely to be
//!    recalled now (lowest retrievability) first.
//! 2. The rest of the session is filled category by category. Each category has a *need*:
//!    `need = (max(gap, 0) + 0.02) × (0.5 + u)`, where gap = target − mastery and u is the
//!    uncertainty that matters: how undecided the category's verdict against its target is,
//!    2 · min(P, 1 − P) with P = P(target met) from the mastery model (the band's width
//!    without a target; 1 if never answered). So a large gap whose verdict is still open
//!    comes first, and a category at its target still gets the odd question.
//!    Without any target (no profile) the target is 1. Each pick goes to the category with
//!    the highest `need / (1 + questions already picked from it)`, so a session spreads over
//!    the weakest categories in proportion to how weak they are.
//! 3. Inside a category, questions never answered come before answered ones; answered ones
//!    are ranked by how likely they are to be forgotten: `0.2 + 0.7 × (1 − R)`, with R the
//!    FSRS retrievability now, or on the exam date when one is set (what would be forgotten
//!    by then comes first). Ties are broken by the seed.
//!
//! No question appears twice. Filters are respected. When nothing is due, review mode is
//! still a full session of gap-closing questions.

use super::state::ScheduleState;
use crate::learning::mastery::GapRow;
use crate::pack::Pack;
use crate::quiz::{self, Filters, Item};
use std::collections::HashMap;

/// Added to every category's gap so that categories at their target still come up.
const GAP_FLOOR: f64 = 0.02;
/// Added to the band width so that a well-measured gap still counts.
const UNCERTAINTY_BASE: f64 = 0.5;
/// Priority of an answered, not yet due question: `SEEN_BASE + SEEN_SPAN × (1 − R)`; an
/// unanswered one has priority 1.
const SEEN_BASE: f64 = 0.2;
const SEEN_SPAN: f64 = 0.7;

/// Which review session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReviewMode {
    /// Due questions, then gap-closing ones: always a full session if the bank allows.
    Review,
    /// Only due questions (possibly none).
    Due,
}

impl ReviewMode {
    /// The session mode name stored in the history.
    pub fn name(self) -> &'static str {
        match self {
            ReviewMode::Review => "review",
            ReviewMode::Due => "due",
        }
    }
}

// Here, not in `quiz`: the learning model builds on quiz types, never the other way round.
impl From<ReviewMode> for quiz::SessionKind {
    fn from(mode: ReviewMode) -> quiz::SessionKind {
        match mode {
            ReviewMode::Review => quiz::SessionKind::Review,
            ReviewMode::Due => quiz::SessionKind::Due,
        }
    }
}

/// How much a category needs practice (see the module documentation).
#[derive(Debug, Clone, PartialEq)]
pub struct CategoryNeed {
    pub category: String,
    /// Target − mastery (target 1 without a profile; 0 for a category the profile does
    /// not target).
    pub gap: f64,
    /// The uncertainty that matters (see [`verdict_uncertainty`]).
    pub uncertainty: f64,
    /// The resulting need.
    pub need: f64,
}

impl CategoryNeed {
    pub fn new(category: &str, gap: f64, uncertainty: f64) -> CategoryNeed {
        let gap = if gap.is_finite() { gap } else { 0.0 };
        let uncertainty = if uncertainty.is_finite() {
            uncertainty.clamp(0.0, 1.0)
        } else {
            1.0
        };
        CategoryNeed {
            category: category.to_owned(),
            gap,
            uncertainty,
            need: (gap.max(0.0) + GAP_FLOOR) * (UNCERTAINTY_BASE + uncertainty),
        }
    }
}

/// The uncertainty that matters for a category: how undecided its verdict against the
/// target is, 2 · min(P, 1 − P) with P = P(target met) (1 at even odds, 0 once certain); 1 for
/// a category never answered; the band's width when there is no target.
pub fn verdict_uncertainty(row: &GapRow) -> f64 {
    if row.mastery.answered == 0 {
        return 1.0;
    }
    match row.p_met() {
        Some(p) => 2.0 * p.min(1.0 - p),
        None => row.mastery.high - row.mastery.low,
    }
}

/// What the planner knows about one pack, aligned with its questions so planning needs no
/// lookups by name.
#[derive(Debug, Clone, Default)]
pub struct PackKnowledge {
    /// By question index: the FSRS state of a question answered before.
    pub states: Vec<Option<ScheduleState>>,
    /// By question index: the index of its category in `needs`.
    pub category_of: Vec<usize>,
    /// By category, in pack order.
    pub needs: Vec<CategoryNeed>,
}

impl PackKnowledge {
    /// Aligns stored states (by question id) and the gap chart's rows with `pack`.
    pub fn new(
        pack: &Pack,
        mut states: HashMap<String, ScheduleState>,
        rows: &[GapRow],
    ) -> PackKnowledge {
        let any_target = rows.iter().any(|r| r.target.is_some());
        let needs: Vec<CategoryNeed> = pack
            .categories
            .iter()
            .map(|c| match rows.iter().find(|r| r.mastery.category == c.id) {
                Some(row) => {
                    let target = if any_target { row.target } else { Some(1.0) };
                    let gap = target.map_or(0.0, |t| t - row.mastery.mean);
                    CategoryNeed::new(&c.id, gap, verdict_uncertainty(row))
                }
                None => CategoryNeed::new(&c.id, if any_target { 0.0 } else { 0.5 }, 1.0),
            })
            .collect();
        let index: HashMap<&str, usize> = pack
            .categories
            .iter()
            .enumerate()
            .map(|(i, c)| (c.id.as_str(), i))
            .collect();
        PackKnowledge {
            states: pack
                .questions
                .iter()
                .map(|q| states.remove(&q.id))
                .collect(),
            category_of: pack
                .questions
                .iter()
                .map(|q| index.get(q.category.as_str()).copied().unwrap_or(0))
                .collect(),
            needs,
        }
    }
}

/// Everything a review plan is computed from.
#[derive(Debug, Clone, Copy)]
pub struct ReviewRequest<'a> {
    pub packs: &'a [Pack],
    /// One per pack, same order.
    pub knowledge: &'a [PackKnowledge],
    pub filters: &'a Filters,
    pub mode: ReviewMode,
    pub now_ms: i64,
    /// The exam date, if one is set and still ahead.
    pub target_ms: Option<i64>,
    pub count: usize,
    pub seed: u64,
}

/// Why a question is in the plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    Due,
    Gap,
}

/// A chosen question: (pack index, question index) and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pick {
    pub pack: usize,
    pub question: usize,
    pub reason: Reason,
}

/// The plan of a review session.
#[derive(Debug, Clone, PartialEq)]
pub struct ReviewPlan {
    /// In the order asked, each with its display order (seeded as in `quiz::plan_of`).
    pub items: Vec<Item>,
    pub picks: Vec<Pick>,
    /// Due questions within the filters (all of them, not only those picked).
    pub due: usize,
    /// The earliest due time after now among the filtered questions, if any.
    pub next_due_ms: Option<i64>,
}

/// A seeded 64-bit mix (SplitMix64's finaliser) for tie-breaking without a generator.
fn mix(seed: u64, a: usize, b: usize) -> u64 {
    let mut z = seed
        ^ (a as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15)
        ^ (b as u64).wrapping_mul(0xD1B5_4A32_D192_ED03);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Keeps the `n` best of `list` (by `better`) and sorts them, best first, in linear time
/// plus n log n.
fn best<T>(list: &mut Vec<T>, n: usize, mut cmp: impl FnMut(&T, &T) -> std::cmp::Ordering) {
    if n == 0 {
        list.clear();
        return;
    }
    if list.len() > n {
        list.select_nth_unstable_by(n - 1, &mut cmp);
        list.truncate(n);
    }
    list.sort_unstable_by(cmp);
}

/// A candidate that is not due: (priority, tie-break, question index).
type Candidate = (f64, u64, usize);

/// The review plan (see the module documentation).
pub fn plan_review(request: &ReviewRequest<'_>) -> ReviewPlan {
    let ReviewRequest {
        packs,
        knowledge,
        filters,
        mode,
        now_ms,
        target_ms,
        count,
        seed,
    } = *request;
    let horizon = target_ms.filter(|t| *t > now_ms).unwrap_or(now_ms);
    // (retrievability now, due time, pack, question)
    let mut due: Vec<(f64, i64, usize, usize)> = Vec::new();
    // By (pack, category): candidates not due.
    let mut buckets: Vec<(usize, usize, Vec<Candidate>)> = Vec::new();
    let mut next_due_ms: Option<i64> = None;
    for (p, (pack, know)) in packs.iter().zip(knowledge).enumerate() {
        let first_bucket = buckets.len();
        buckets.extend((0..know.needs.len()).map(|c| (p, c, Vec::new())));
        for (q, question) in pack.questions.iter().enumerate() {
            if !filters.accepts(question) {
                continue;
            }
            let state = know.states.get(q).and_then(Option::as_ref);
            let priority = match state {
                Some(s) if s.is_due(now_ms) => {
                    due.push((s.retrievability(now_ms), s.due_ms, p, q));
                    continue;
                }
                Some(s) => {
                    next_due_ms = Some(next_due_ms.map_or(s.due_ms, |n| n.min(s.due_ms)));
                    if mode == ReviewMode::Due {
                        continue;
                    }
                    SEEN_BASE + SEEN_SPAN * (1.0 - s.retrievability(horizon))
                }
                None if mode == ReviewMode::Due => continue,
                None => 1.0,
            };
            let c = know.category_of.get(q).copied().unwrap_or(0);
            if let Some((_, _, list)) = buckets.get_mut(first_bucket + c) {
                list.push((priority, mix(seed, p, q), q));
            }
        }
    }
    let due_total = due.len();
    best(&mut due, count, |a, b| {
        a.0.total_cmp(&b.0)
            .then(a.1.cmp(&b.1))
            .then(a.2.cmp(&b.2))
            .then(a.3.cmp(&b.3))
    });
    let mut picks: Vec<Pick> = due
        .iter()
        .map(|&(_, _, pack, question)| Pick {
            pack,
            question,
            reason: Reason::Due,
        })
        .collect();

    let left = count.saturating_sub(picks.len());
    if mode == ReviewMode::Review && left > 0 {
        // Due picks count as practice of their category.
        let mut taken: Vec<usize> = vec![0; buckets.len()];
        let bucket_of = |pack: usize, question: usize| -> Option<usize> {
            let offset: usize = knowledge.iter().take(pack).map(|k| k.needs.len()).sum();
            let c = knowledge.get(pack)?.category_of.get(question)?;
            Some(offset + c)
        };
        for pick in &picks {
            if let Some(slot) = bucket_of(pick.pack, pick.question).and_then(|b| taken.get_mut(b)) {
                *slot += 1;
            }
        }
        for (_, _, list) in &mut buckets {
            best(list, left, |a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        }
        let need = |p: usize, c: usize| {
            knowledge
                .get(p)
                .and_then(|k| k.needs.get(c))
                .map_or(0.0, |n| n.need)
        };
        let mut cursor: Vec<usize> = vec![0; buckets.len()];
        for _ in 0..left {
            let chosen = buckets
                .iter()
                .enumerate()
                .filter(|(b, (_, _, list))| cursor.get(*b).is_some_and(|&i| i < list.len()))
                .map(|(b, (p, c, _))| {
                    let k = taken.get(b).copied().unwrap_or(0);
                    (
                        b,
                        need(*p, *c) / (1.0 + k as f64),
                        mix(seed, *p, usize::MAX - *c),
                    )
                })
                .max_by(|a, b| a.1.total_cmp(&b.1).then(b.2.cmp(&a.2)));
            let Some((b, _, _)) = chosen else {
                break;
            };
            let (Some((p, _, list)), Some(i)) = (buckets.get(b), cursor.get(b).copied()) else {
                break;
            };
            if let Some(&(_, _, q)) = list.get(i) {
                picks.push(Pick {
                    pack: *p,
                    question: q,
                    reason: Reason::Gap,
                });
            }
            if let Some(slot) = cursor.get_mut(b) {
                *slot += 1;
            }
            if let Some(slot) = taken.get_mut(b) {
                *slot += 1;
            }
        }
    }
    let order: Vec<(usize, usize)> = picks.iter().map(|p| (p.pack, p.question)).collect();
    ReviewPlan {
        items: quiz::plan_of(packs, &order, seed),
        picks,
        due: due_total,
        next_due_ms,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn review_modes_map_to_their_session_kinds() {
        assert_eq!(
            quiz::SessionKind::from(ReviewMode::Review),
            quiz::SessionKind::Review
        );
        assert_eq!(
            quiz::SessionKind::from(ReviewMode::Due),
            quiz::SessionKind::Due
        );
    }
}
