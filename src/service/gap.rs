//! The gap report: mastery per category against the profile's targets, readiness and the
//! questions answered worst, from every stored answer of a pack. The one place the gap
//! chart's numbers come from: `skillgap report`, the dashboard and the drill-down all call
//! [`gap_report`].

use crate::fnv::{FnvMap, FnvSet};
use crate::learning::mastery::{self, Accumulator};
use crate::pack::{Pack, Profile};
use crate::quiz::Verdict;
use crate::report::{GapReport, WeakQuestion};
use crate::store::{ScoredRow, Store, StoreError};

/// How many weakest questions a report lists.
pub const WEAKEST: usize = 5;
const MS_PER_DAY: f64 = 86_400_000.0;

/// Mean score per question, for listing the questions answered worst.
#[derive(Debug, Default)]
pub struct WeakTally {
    per_question: FnvMap<String, WeakQuestion>,
}

impl WeakTally {
    pub fn add(&mut self, question_id: &str, category: &str, score: f64) {
        match self.per_question.get_mut(question_id) {
            Some(entry) => {
                entry.mean_score += score;
                entry.answers += 1;
            }
            None => {
                self.per_question.insert(
                    question_id.to_owned(),
                    WeakQuestion {
                        id: question_id.to_owned(),
                        category: category.to_owned(),
                        mean_score: score,
                        answers: 1,
                    },
                );
            }
        }
    }

    /// The `limit` questions with the lowest mean score below full marks that `keep` accepts,
    /// worst first; ties: more answers first, then by id.
    pub fn worst(self, limit: usize, keep: impl Fn(&str) -> bool) -> Vec<WeakQuestion> {
        let mut weakest: Vec<WeakQuestion> = self
            .per_question
            .into_values()
            .map(|mut w| {
                w.mean_score /= w.answers as f64;
                w
            })
            .filter(|w| Verdict::of(w.mean_score) != Verdict::Right && keep(&w.id))
            .collect();
        weakest.sort_by(|a, b| {
            a.mean_score
                .total_cmp(&b.mean_score)
                .then(b.answers.cmp(&a.answers))
                .then(a.id.cmp(&b.id))
        });
        weakest.truncate(limit);
        weakest
    }
}

/// The gap report of `pack` for the profile the rule picks ([`super::profile`]) from
/// `asked` (`--profile`, or the dashboard's pick).
pub fn gap_report(
    store: &Store,
    pack: &Pack,
    asked: Option<&str>,
    now_ms: i64,
) -> Result<GapReport, StoreError> {
    let profile = super::profile::profile_for(store, pack, asked)?;
    gap_report_for(store, pack, profile, now_ms)
}

/// The gap report of `pack` against `profile` (already chosen), from every stored answer.
pub fn gap_report_for(
    store: &Store,
    pack: &Pack,
    profile: Option<&Profile>,
    now_ms: i64,
) -> Result<GapReport, StoreError> {
    let mut pass = GapPass::new(now_ms);
    store.for_each_scored(&pack.meta.id, |row| pass.add(&row))?;
    Ok(pass.finish(pack, profile))
}

/// The gap report's share of a pass over the stored answers: fed each answer in the order
/// stored, it gives the report. [`gap_report_for`] drives it alone; the personal report
/// drives it beside the trend and calibration in one read.
#[derive(Debug)]
pub struct GapPass {
    now_ms: i64,
    acc: Accumulator,
    tally: WeakTally,
}

impl GapPass {
    pub fn new(now_ms: i64) -> GapPass {
        GapPass {
            now_ms,
            acc: Accumulator::new(),
            tally: WeakTally::default(),
        }
    }

    pub fn add(&mut self, row: &ScoredRow<'_>) {
        let age_days = (self.now_ms - row.answered_at_ms) as f64 / MS_PER_DAY;
        self.acc.add(
            row.category,
            row.question_id,
            row.difficulty,
            row.score,
            age_days,
        );
        self.tally.add(row.question_id, row.category, row.score);
    }

    pub fn finish(self, pack: &Pack, profile: Option<&Profile>) -> GapReport {
        let masteries = self.acc.finish(pack);
        let rows = mastery::gap_rows(pack, &masteries, profile);
        // A set, not `pack.question`: a linear search per answered question is quadratic in
        // the size of the pack (minutes at 100,000 questions).
        let known: FnvSet<&str> = pack.questions.iter().map(|q| q.id.as_str()).collect();
        let weakest = self.tally.worst(WEAKEST, |id| known.contains(id));
        GapReport {
            pack_id: pack.meta.id.clone(),
            pack_version: pack.meta.version.clone(),
            profile: profile.map(|p| (p.id.clone(), p.title.clone())),
            readiness: mastery::readiness(&rows),
            rows,
            weakest,
        }
    }
}
