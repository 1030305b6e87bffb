//! The gap report: mastery per category against the profile's targets, readiness and the
//! questions answered worst, from every stored answer of a pack. The one place the gap
//! chart's numbers come from: `skillgap report`, the dashboard and the drill-down all call
//! [`gap_report`].

use crate::fnv::{FnvMap, FnvSet};
use crate::learning::mastery::{self, Accumulator, Slot};
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
    /// Where each question's tally is in `questions`.
    index: FnvMap<String, usize>,
    questions: Vec<WeakQuestion>,
}

impl WeakTally {
    pub fn add(&mut self, question_id: &str, category: &str, score: f64) {
        let entry = self.entry(question_id, category);
        self.add_at(entry, score);
    }

    /// The place of `question_id`'s tally, made on first use (with the category of its
    /// first answer), for [`WeakTally::add_at`].
    pub fn entry(&mut self, question_id: &str, category: &str) -> usize {
        if let Some(&entry) = self.index.get(question_id) {
            return entry;
        }
        self.questions.push(WeakQuestion {
            id: question_id.to_owned(),
            category: category.to_owned(),
            mean_score: 0.0,
            answers: 0,
        });
        let entry = self.questions.len() - 1;
        self.index.insert(question_id.to_owned(), entry);
        entry
    }

    /// One more answer to the question at `entry`.
    pub fn add_at(&mut self, entry: usize, score: f64) {
        if let Some(question) = self.questions.get_mut(entry) {
            question.mean_score += score;
            question.answers += 1;
        }
    }

    /// The `limit` questions with the lowest mean score below full marks that `keep` accepts,
    /// worst first; ties: more answers first, then by id.
    pub fn worst(self, limit: usize, keep: impl Fn(&str) -> bool) -> Vec<WeakQuestion> {
        let mut weakest: Vec<WeakQuestion> = self
            .questions
            .into_iter()
            .filter(|w| w.answers > 0)
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
    /// Per score-log key (`ScoredRow::key`), where its answers go: the strings of a key are
    /// looked up once, not once per answer.
    places: Vec<Option<(Slot, usize)>>,
}

impl GapPass {
    pub fn new(now_ms: i64) -> GapPass {
        GapPass {
            now_ms,
            acc: Accumulator::new(),
            tally: WeakTally::default(),
            places: Vec::new(),
        }
    }

    pub fn add(&mut self, row: &ScoredRow<'_>) {
        let age_days = (self.now_ms - row.answered_at_ms) as f64 / MS_PER_DAY;
        let (slot, entry) = match self.places.get(row.key).copied().flatten() {
            Some(place) => place,
            None => {
                let place = (
                    self.acc.slot(row.category, row.question_id, row.difficulty),
                    self.tally.entry(row.question_id, row.category),
                );
                if self.places.len() <= row.key {
                    self.places.resize(row.key + 1, None);
                }
                self.places[row.key] = Some(place);
                place
            }
        };
        self.acc.add_at(slot, row.score, age_days);
        self.tally.add_at(entry, row.score);
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
