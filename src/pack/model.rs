//! The checked pack: what the rest of skillgap reads once validation has passed.
//!
//! Types here are `#[non_exhaustive]` so that code outside this crate can read them but only
//! obtain them through loading, which validates; a `Single` question always has exactly one
//! answer, targets are always in 0..=1, and so on.

pub use super::raw::Difficulty;

/// A validated pack.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Pack {
    pub meta: Meta,
    pub categories: Vec<Category>,
    pub profiles: Vec<Profile>,
    pub questions: Vec<Question>,
}

#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Meta {
    pub id: String,
    pub title: String,
    pub version: String,
    pub authors: Vec<String>,
    pub license: Option<String>,
    pub description: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Category {
    pub id: String,
    pub title: String,
    pub description: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Profile {
    pub id: String,
    pub title: String,
    pub description: Option<String>,
    /// Target mastery in 0..=1 per category id, in the order written, each category once.
    pub targets: Vec<(String, f64)>,
}

impl Profile {
    pub fn target(&self, category: &str) -> Option<f64> {
        self.targets
            .iter()
            .find(|(id, _)| id == category)
            .map(|(_, target)| *target)
    }
}

#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Question {
    pub id: String,
    pub category: String,
    pub difficulty: Difficulty,
    /// Difficulty in logits fitted from results (`skillgap pack calibrate`): when present,
    /// the model uses it instead of the authored label.
    pub fitted_difficulty: Option<f64>,
    pub tags: Vec<String>,
    pub prompt: String,
    pub code: Option<Code>,
    pub kind: Kind,
    /// Whether the choices of a Single or Multi question may be shown shuffled (Order items
    /// and Match rights are always shuffled: their order is the question).
    pub shuffle: bool,
    pub explanation: String,
    pub references: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Code {
    pub language: String,
    /// Layout kept; a leading newline and the indentation common to all lines removed.
    pub text: String,
}

#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Choice {
    pub text: String,
    pub why: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Pair {
    pub left: String,
    pub right: String,
}

/// The question kinds, each in a shape that cannot hold an invalid key.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Kind {
    /// At least two distinct choices; `answer` indexes the one correct choice.
    #[non_exhaustive]
    Single { choices: Vec<Choice>, answer: usize },
    /// At least two distinct choices; `correct` holds the indices of the correct ones,
    /// ascending, never empty.
    #[non_exhaustive]
    Multi {
        choices: Vec<Choice>,
        correct: Vec<usize>,
    },
    #[non_exhaustive]
    TrueFalse { answer: bool },
    /// At least one non-empty accepted form.
    #[non_exhaustive]
    Short {
        accept: Vec<String>,
        case_sensitive: bool,
        typos: u8,
    },
    /// Finite answer, finite non-negative tolerance.
    #[non_exhaustive]
    Numeric {
        answer: f64,
        tolerance: f64,
        unit: Option<String>,
    },
    /// At least two distinct items, in the right order.
    #[non_exhaustive]
    Order { items: Vec<String> },
    /// At least two pairs; lefts distinct, rights (with distractors) distinct.
    #[non_exhaustive]
    Match {
        pairs: Vec<Pair>,
        distractors: Vec<String>,
    },
    /// At least one rubric point.
    #[non_exhaustive]
    Open {
        model_answer: String,
        rubric: Vec<String>,
    },
}

/// The kind of a question without its content: for filters, statistics and storage.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum KindName {
    Single,
    Multi,
    TrueFalse,
    Short,
    Numeric,
    Order,
    Match,
    Open,
}

impl KindName {
    pub const ALL: [KindName; 8] = [
        KindName::Single,
        KindName::Multi,
        KindName::TrueFalse,
        KindName::Short,
        KindName::Numeric,
        KindName::Order,
        KindName::Match,
        KindName::Open,
    ];

    /// The name used in packs, statistics and the store (`TrueFalse`).
    pub fn name(self) -> &'static str {
        match self {
            KindName::Single => "Single",
            KindName::Multi => "Multi",
            KindName::TrueFalse => "TrueFalse",
            KindName::Short => "Short",
            KindName::Numeric => "Numeric",
            KindName::Order => "Order",
            KindName::Match => "Match",
            KindName::Open => "Open",
        }
    }

    /// The name used on the command line (`true-false`).
    pub fn cli_name(self) -> &'static str {
        match self {
            KindName::Single => "single",
            KindName::Multi => "multi",
            KindName::TrueFalse => "true-false",
            KindName::Short => "short",
            KindName::Numeric => "numeric",
            KindName::Order => "order",
            KindName::Match => "match",
            KindName::Open => "open",
        }
    }

    pub fn from_name(name: &str) -> Option<KindName> {
        KindName::ALL
            .into_iter()
            .find(|kind| kind.name() == name || kind.cli_name() == name)
    }
}

impl Kind {
    pub fn name(&self) -> KindName {
        match self {
            Kind::Single { .. } => KindName::Single,
            Kind::Multi { .. } => KindName::Multi,
            Kind::TrueFalse { .. } => KindName::TrueFalse,
            Kind::Short { .. } => KindName::Short,
            Kind::Numeric { .. } => KindName::Numeric,
            Kind::Order { .. } => KindName::Order,
            Kind::Match { .. } => KindName::Match,
            Kind::Open { .. } => KindName::Open,
        }
    }
}

impl Pack {
    pub fn category(&self, id: &str) -> Option<&Category> {
        self.categories.iter().find(|category| category.id == id)
    }

    pub fn profile(&self, id: &str) -> Option<&Profile> {
        self.profiles.iter().find(|profile| profile.id == id)
    }

    pub fn question(&self, id: &str) -> Option<&Question> {
        self.questions.iter().find(|question| question.id == id)
    }

    /// The questions of category `id`, in pack order.
    pub fn questions_in<'a>(&'a self, id: &'a str) -> impl Iterator<Item = &'a Question> {
        self.questions.iter().filter(move |q| q.category == id)
    }
}
