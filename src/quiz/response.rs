//! What a learner answered, always in terms of the question as written (original indices),
//! whatever order it was shown in. Stored as JSON.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Response {
    /// Single or Multi: the picked choices.
    Choices {
        picked: Vec<usize>,
    },
    TrueFalse {
        answer: bool,
    },
    /// Short: the typed text.
    Text {
        text: String,
    },
    /// Numeric: the value, and what was typed.
    Number {
        value: f64,
        typed: String,
    },
    /// Order: item indices in the order the learner arranged them.
    Order {
        order: Vec<usize>,
    },
    /// Match: for each left item, the index of the right item chosen (pairs' rights, then
    /// distractors), or none.
    Match {
        pairs: Vec<Option<usize>>,
    },
    /// Open: the answer in the learner's words and the rubric points they ticked.
    Open {
        text: String,
        covered: Vec<usize>,
    },
    /// Passed over without answering.
    Skipped,
    /// The exam's time ran out while it was on screen, before it was answered: seen, and
    /// counted as a wrong answer.
    TimedOut,
    /// The exam's time ran out before it was ever shown: not evidence of anything (left out
    /// of mastery, the schedule and calibration), yet 0 towards the exam's score.
    NotReached,
}

impl Response {
    pub fn is_answered(&self) -> bool {
        !matches!(
            self,
            Response::Skipped | Response::TimedOut | Response::NotReached
        )
    }

    /// Whether the learner saw the question: every response but [`Response::NotReached`].
    /// A question never shown says nothing about what the learner knows.
    pub fn was_shown(&self) -> bool {
        !matches!(self, Response::NotReached)
    }

    /// Whether an answer like this one may be marked right by the learner after seeing the
    /// accepted answers ("I was right"): a typed Short or Numeric answer, where a fair
    /// answer can miss the author's list.
    pub fn may_be_overruled(&self) -> bool {
        matches!(self, Response::Text { .. } | Response::Number { .. })
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| String::from("{\"type\":\"skipped\"}"))
    }

    pub fn from_json(json: &str) -> Option<Response> {
        serde_json::from_str(json).ok()
    }
}
