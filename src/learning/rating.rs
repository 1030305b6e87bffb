//! How an answer becomes an FSRS rating (Again / Hard / Good / Easy): from its score, and
//! from the learner's confidence and the time taken where they are known.
//!
//! # The mapping
//!
//! | score            | no confidence | low  | medium | high                         |
//! |------------------|---------------|------|--------|------------------------------|
//! | below 0.5        | Again         | Again| Again  | Again, "confidently wrong"   |
//! | 0.5 up to 1      | Hard          | Hard | Hard   | Hard                         |
//! | 1 (right)        | Good          | Hard | Good   | Easy                         |
//!
//! A right answer given while unsure is treated as a lucky guess (Hard: see it again soon); a
//! wrong answer given while sure is the most useful thing to know, so it is flagged.
//!
//! Time only nudges, and only a right answer, and only for kinds where the time says
//! something about recall: a right answer that took longer than the kind's "slow" threshold
//! (recalled with effort) goes one step down (Easy → Good → Hard), one faster than the
//! "fast" threshold one step up (Good → Easy) unless the learner said they were unsure.
//! Open questions (self-assessed, written at length) and unknown times (0 ms) never nudge.
//! So the rating never rises with a lower score, and time never turns a right answer into
//! Again or a wrong one into anything else.

use crate::pack::KindName;
use serde::{Deserialize, Serialize};

/// Below this score an answer counts as wrong: the quiz's one rule,
/// [`crate::quiz::Verdict::WRONG_BELOW`].
pub const WRONG_BELOW: f64 = crate::quiz::Verdict::WRONG_BELOW;
/// From this score an answer counts as right (partial credit below it): the quiz's one
/// threshold, [`crate::quiz::Verdict::RIGHT_FROM`].
pub const RIGHT_FROM: f64 = crate::quiz::Verdict::RIGHT_FROM;

/// FSRS's four grades, in increasing order of recall.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rating {
    Again,
    Hard,
    Good,
    Easy,
}

impl Rating {
    pub const ALL: [Rating; 4] = [Rating::Again, Rating::Hard, Rating::Good, Rating::Easy];

    pub fn name(self) -> &'static str {
        match self {
            Rating::Again => "again",
            Rating::Hard => "hard",
            Rating::Good => "good",
            Rating::Easy => "easy",
        }
    }

    fn up(self) -> Rating {
        match self {
            Rating::Again => Rating::Again,
            Rating::Hard => Rating::Good,
            Rating::Good | Rating::Easy => Rating::Easy,
        }
    }

    /// One step down, but a right answer never becomes Again.
    fn down(self) -> Rating {
        match self {
            Rating::Again => Rating::Again,
            Rating::Hard | Rating::Good => Rating::Hard,
            Rating::Easy => Rating::Good,
        }
    }
}

pub use crate::quiz::Confidence;

/// What the rating is computed from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Answer {
    /// In 0..=1 (anything else counts as 0).
    pub score: f64,
    pub confidence: Option<Confidence>,
    /// The question's kind, for the time thresholds; `None` when unknown (no time nudge).
    pub kind: Option<KindName>,
    /// Time taken; 0 means unknown.
    pub time_taken_ms: u64,
}

/// A rating and whether the answer was confidently wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Graded {
    pub rating: Rating,
    /// Wrong (score below 0.5) while the learner said "high".
    pub confidently_wrong: bool,
}

/// (fast, slow) thresholds in milliseconds for the kinds where time says something about
/// recall: reading the question is part of the time, so they are generous.
pub fn time_thresholds(kind: KindName) -> Option<(u64, u64)> {
    match kind {
        KindName::TrueFalse => Some((4_000, 40_000)),
        KindName::Single => Some((6_000, 60_000)),
        KindName::Numeric | KindName::Short => Some((8_000, 90_000)),
        KindName::Multi => Some((10_000, 90_000)),
        KindName::Order | KindName::Match => Some((15_000, 150_000)),
        KindName::Open => None,
    }
}

/// The rating of one answer (see the module documentation for the table).
pub fn grade(answer: &Answer) -> Graded {
    let score = if answer.score.is_finite() {
        answer.score.clamp(0.0, 1.0)
    } else {
        0.0
    };
    if score < WRONG_BELOW {
        return Graded {
            rating: Rating::Again,
            confidently_wrong: answer.confidence == Some(Confidence::High),
        };
    }
    if score < RIGHT_FROM {
        return Graded {
            rating: Rating::Hard,
            confidently_wrong: false,
        };
    }
    let mut rating = match answer.confidence {
        Some(Confidence::Low) => Rating::Hard,
        None | Some(Confidence::Medium) => Rating::Good,
        Some(Confidence::High) => Rating::Easy,
    };
    let thresholds = answer.kind.and_then(time_thresholds);
    if let Some((fast, slow)) = thresholds
        && answer.time_taken_ms > 0
    {
        if answer.time_taken_ms > slow {
            rating = rating.down();
        } else if answer.time_taken_ms < fast && answer.confidence != Some(Confidence::Low) {
            rating = rating.up();
        }
    }
    Graded {
        rating,
        confidently_wrong: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(score: f64, confidence: Option<Confidence>, ms: u64) -> Answer {
        Answer {
            score,
            confidence,
            kind: Some(KindName::Single),
            time_taken_ms: ms,
        }
    }

    #[test]
    fn the_table() {
        let g = |s, c| grade(&answer(s, c, 20_000)).rating;
        assert_eq!(g(0.0, None), Rating::Again);
        assert_eq!(g(0.6, None), Rating::Hard);
        assert_eq!(g(1.0, None), Rating::Good);
        assert_eq!(g(1.0, Some(Confidence::Low)), Rating::Hard);
        assert_eq!(g(1.0, Some(Confidence::Medium)), Rating::Good);
        assert_eq!(g(1.0, Some(Confidence::High)), Rating::Easy);
        assert!(grade(&answer(0.0, Some(Confidence::High), 0)).confidently_wrong);
        assert!(!grade(&answer(0.0, Some(Confidence::Medium), 0)).confidently_wrong);
        assert!(!grade(&answer(1.0, Some(Confidence::High), 0)).confidently_wrong);
    }

    #[test]
    fn time_nudges_right_answers_only() {
        assert_eq!(grade(&answer(1.0, None, 2_000)).rating, Rating::Easy);
        assert_eq!(grade(&answer(1.0, None, 100_000)).rating, Rating::Hard);
        assert_eq!(
            grade(&answer(1.0, Some(Confidence::Low), 2_000)).rating,
            Rating::Hard
        );
        assert_eq!(
            grade(&answer(1.0, Some(Confidence::Low), 100_000)).rating,
            Rating::Hard
        );
        assert_eq!(grade(&answer(0.0, None, 2_000)).rating, Rating::Again);
        assert_eq!(grade(&answer(0.7, None, 2_000)).rating, Rating::Hard);
        let open = Answer {
            kind: Some(KindName::Open),
            ..answer(1.0, None, 2_000)
        };
        assert_eq!(grade(&open).rating, Rating::Good);
        assert_eq!(grade(&answer(1.0, None, 0)).rating, Rating::Good);
    }
}
