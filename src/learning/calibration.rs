//! Confidence calibration: per category and confidence level, how many answers and how often
//! right; categories and questions where you were sure and wrong.
//!
//! # Definitions
//! - An answer is *right* with a score of 1 (partial credit is not right), *wrong* below 0.5.
//! - A category is **confidently wrong** when it has at least [`MIN_SURE_ANSWERS`] answers
//!   given with high confidence and fewer than [`SURE_RIGHT_BELOW`] of them are right: when
//!   you feel sure there, you are often mistaken, which practice alone will not reveal.
//! - A question is confidently wrong when an answer to it was wrong while you said "high";
//!   the list puts the most often, then the most recently, confidently wrong first.
//! - An answer the learner marked right after seeing the accepted answers ("I was right") is
//!   counted as right, and counted apart as well ([`Calibration::overridden`]), so the figures
//!   say how much of "right" rests on the learner's own word.

use super::rating::{Confidence, RIGHT_FROM, WRONG_BELOW};
use crate::pack::Pack;
use std::collections::HashMap;

/// High-confidence answers a category needs before it can be flagged.
pub const MIN_SURE_ANSWERS: usize = 5;
/// A category is flagged when the share right among high-confidence answers is below this.
pub const SURE_RIGHT_BELOW: f64 = 0.6;
/// Confidently wrong questions listed at most.
pub const QUESTIONS_LISTED: usize = 10;

/// Answers at one confidence level.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct LevelStats {
    pub answers: usize,
    pub right: usize,
    pub score_sum: f64,
}

impl LevelStats {
    /// Share right, if there are answers.
    pub fn right_share(&self) -> Option<f64> {
        (self.answers > 0).then(|| self.right as f64 / self.answers as f64)
    }

    pub fn mean_score(&self) -> Option<f64> {
        (self.answers > 0).then(|| self.score_sum / self.answers as f64)
    }
}

/// One category's calibration.
#[derive(Debug, Clone, PartialEq)]
pub struct CategoryCalibration {
    pub category: String,
    pub title: String,
    /// Low, medium, high.
    pub levels: [LevelStats; 3],
    pub confidently_wrong: bool,
}

impl CategoryCalibration {
    pub fn level(&self, confidence: Confidence) -> &LevelStats {
        match confidence {
            Confidence::Low => &self.levels[0],
            Confidence::Medium => &self.levels[1],
            Confidence::High => &self.levels[2],
        }
    }

    pub fn answers(&self) -> usize {
        self.levels.iter().map(|l| l.answers).sum()
    }
}

/// A question answered wrong while sure.
#[derive(Debug, Clone, PartialEq)]
pub struct WrongWhileSure {
    pub id: String,
    pub category: String,
    /// Wrong answers given with high confidence.
    pub times: usize,
    pub last_ms: i64,
}

/// The calibration of a pack.
#[derive(Debug, Clone, PartialEq)]
pub struct Calibration {
    /// Categories with answers given with a confidence, in pack order.
    pub categories: Vec<CategoryCalibration>,
    pub questions: Vec<WrongWhileSure>,
    /// All answers with a confidence.
    pub answers: usize,
    /// Of them, the answers the learner marked right themselves ("I was right").
    pub overridden: usize,
}

impl Calibration {
    /// Every category together, per confidence level: the overall row ("when I say I am
    /// sure, how often am I right?").
    pub fn overall(&self) -> CategoryCalibration {
        let mut levels: [LevelStats; 3] = Default::default();
        for category in &self.categories {
            for (total, level) in levels.iter_mut().zip(&category.levels) {
                total.answers += level.answers;
                total.right += level.right;
                total.score_sum += level.score_sum;
            }
        }
        CategoryCalibration {
            category: "all".to_owned(),
            title: "All categories".to_owned(),
            levels,
            confidently_wrong: false,
        }
    }
}

/// Collects answers one at a time.
#[derive(Debug, Clone, Default)]
pub struct CalibrationBuilder {
    levels: HashMap<String, [LevelStats; 3]>,
    wrong: HashMap<String, WrongWhileSure>,
    answers: usize,
    overridden: usize,
}

impl CalibrationBuilder {
    pub fn new() -> CalibrationBuilder {
        CalibrationBuilder::default()
    }

    pub fn add(
        &mut self,
        question_id: &str,
        category: &str,
        score: f64,
        confidence: Confidence,
        at_ms: i64,
    ) {
        let score = if score.is_finite() {
            score.clamp(0.0, 1.0)
        } else {
            0.0
        };
        // Looked up before inserting: a million answers name a handful of categories, and
        // `entry` would allocate the key for every one.
        let levels = match self.levels.get_mut(category) {
            Some(levels) => levels,
            None => self.levels.entry(category.to_owned()).or_default(),
        };
        let level = &mut levels[match confidence {
            Confidence::Low => 0,
            Confidence::Medium => 1,
            Confidence::High => 2,
        }];
        level.answers += 1;
        level.right += usize::from(score >= RIGHT_FROM);
        level.score_sum += score;
        self.answers += 1;
        if confidence == Confidence::High && score < WRONG_BELOW {
            let entry =
                self.wrong
                    .entry(question_id.to_owned())
                    .or_insert_with(|| WrongWhileSure {
                        id: question_id.to_owned(),
                        category: category.to_owned(),
                        times: 0,
                        last_ms: at_ms,
                    });
            entry.times += 1;
            entry.last_ms = entry.last_ms.max(at_ms);
        }
    }

    /// `n` of the answers added were marked right by the learner ("I was right"): they are
    /// counted as right (the score log holds them so) and named apart in the report.
    pub fn overridden(&mut self, n: usize) {
        self.overridden += n;
    }

    /// The result, with categories in `pack` order (questions no longer in the pack left out).
    pub fn finish(self, pack: &Pack) -> Calibration {
        let categories = pack
            .categories
            .iter()
            .filter_map(|c| {
                let levels = *self.levels.get(&c.id)?;
                let sure = levels[2];
                let confidently_wrong = sure.answers >= MIN_SURE_ANSWERS
                    && sure.right_share().is_some_and(|s| s < SURE_RIGHT_BELOW);
                Some(CategoryCalibration {
                    category: c.id.clone(),
                    title: c.title.clone(),
                    levels,
                    confidently_wrong,
                })
            })
            .collect();
        let ids: std::collections::HashSet<&str> =
            pack.questions.iter().map(|q| q.id.as_str()).collect();
        let mut questions: Vec<WrongWhileSure> = self
            .wrong
            .into_values()
            .filter(|w| ids.contains(w.id.as_str()))
            .collect();
        questions.sort_by(|a, b| {
            b.times
                .cmp(&a.times)
                .then(b.last_ms.cmp(&a.last_ms))
                .then(a.id.cmp(&b.id))
        });
        questions.truncate(QUESTIONS_LISTED);
        Calibration {
            categories,
            questions,
            answers: self.answers,
            overridden: self.overridden,
        }
    }
}
