//! The RON schema of a pack exactly as authors write it: serde structs, no checks beyond syntax.
//!
//! Everything here may be wrong (duplicate ids, empty text, no correct choice…); `validate`
//! turns it into a checked [`crate::pack::Pack`]. Unknown fields are rejected so typos surface.

use serde::de::{MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// A whole pack: `Pack(...)` in a single file, or the `pack.ron` of a directory pack.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename = "Pack", deny_unknown_fields)]
pub struct RawPack {
    pub id: String,
    pub title: String,
    pub version: String,
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "exact"
    )]
    pub authors: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub license: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub categories: Vec<RawCategory>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub profiles: Vec<RawProfile>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub questions: Vec<RawQuestion>,
}

/// A category declared in the `categories` list of a pack.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename = "Category", deny_unknown_fields)]
pub struct RawCategory {
    pub id: String,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// One category file of a directory pack: the category and its questions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename = "Category", deny_unknown_fields)]
pub struct RawCategoryFile {
    pub id: String,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default)]
    pub questions: Vec<RawQuestion>,
}

/// A role to aim for: a target mastery in 0..=1 per category.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename = "Profile", deny_unknown_fields)]
pub struct RawProfile {
    pub id: String,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub targets: Targets,
}

/// `{"databases": 0.6, ...}` kept in written order, duplicates included, so that validation
/// can point at a category named twice instead of silently keeping the last value.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Targets(pub Vec<(String, f64)>);

impl Serialize for Targets {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (category, target) in &self.0 {
            map.serialize_entry(category, target)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for Targets {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TargetsVisitor;
        impl<'de> Visitor<'de> for TargetsVisitor {
            type Value = Targets;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a map of category id to target, like {\"databases\": 0.6}")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Targets, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = map.next_entry::<String, f64>()? {
                    entries.push(entry);
                }
                Ok(Targets(entries))
            }
        }
        deserializer.deserialize_map(TargetsVisitor)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Difficulty {
    Easy,
    Medium,
    Hard,
}

impl Difficulty {
    pub const ALL: [Difficulty; 3] = [Difficulty::Easy, Difficulty::Medium, Difficulty::Hard];

    pub fn name(self) -> &'static str {
        match self {
            Difficulty::Easy => "Easy",
            Difficulty::Medium => "Medium",
            Difficulty::Hard => "Hard",
        }
    }
}

/// One question. `category` may be left out inside a category file (the file names it).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename = "Question", deny_unknown_fields)]
pub struct RawQuestion {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    pub difficulty: Difficulty,
    /// Difficulty in logits fitted from a class's results (`skillgap pack calibrate`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fitted_difficulty: Option<f64>,
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "exact"
    )]
    pub tags: Vec<String>,
    pub prompt: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<RawCode>,
    pub kind: RawKind,
    /// `false` keeps the choices of Single and Multi in the written order ("all of the above").
    #[serde(default = "default_shuffle", skip_serializing_if = "is_true")]
    pub shuffle: bool,
    pub explanation: String,
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "exact"
    )]
    pub references: Vec<String>,
}

/// A list with no spare room. Lists grow to room for 4 items at least, so `tags: ["t"]`
/// would keep 96 bytes for 24; trimmed as soon as it is read, the spare memory is reused by
/// the next values parsed, which takes about a fifth off a large pack's peak memory.
fn exact<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    let mut items = Vec::<T>::deserialize(deserializer)?;
    items.shrink_to_fit();
    Ok(items)
}

fn default_shuffle() -> bool {
    true
}

fn is_true(value: &bool) -> bool {
    *value
}

fn is_false(value: &bool) -> bool {
    !*value
}

fn is_zero_u8(value: &u8) -> bool {
    *value == 0
}

fn is_zero_f64(value: &f64) -> bool {
    *value == 0.0
}

/// A code block shown under the prompt with its layout kept.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename = "Code", deny_unknown_fields)]
pub struct RawCode {
    pub language: String,
    pub text: String,
}

/// The eight question kinds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename = "Kind", deny_unknown_fields)]
pub enum RawKind {
    /// Exactly one correct choice.
    Single {
        #[serde(deserialize_with = "exact")]
        choices: Vec<RawChoice>,
    },
    /// One or more correct choices; partial credit.
    Multi {
        #[serde(deserialize_with = "exact")]
        choices: Vec<RawChoice>,
    },
    /// A statement that is true or false.
    TrueFalse { answer: bool },
    /// A typed answer compared with the accepted forms.
    Short {
        #[serde(deserialize_with = "exact")]
        accept: Vec<String>,
        #[serde(default, skip_serializing_if = "is_false")]
        case_sensitive: bool,
        /// How many typos (edits) an answer may have and still count.
        #[serde(default, skip_serializing_if = "is_zero_u8")]
        typos: u8,
    },
    /// A number, right within `tolerance` (absolute), optionally with a unit.
    Numeric {
        answer: f64,
        #[serde(default, skip_serializing_if = "is_zero_f64")]
        tolerance: f64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        unit: Option<String>,
    },
    /// Items written in the right order; shown shuffled.
    Order {
        #[serde(deserialize_with = "exact")]
        items: Vec<String>,
    },
    /// Pairs written matched; the right column is shown shuffled, with any distractors.
    Match {
        #[serde(deserialize_with = "exact")]
        pairs: Vec<RawPair>,
        #[serde(
            default,
            skip_serializing_if = "Vec::is_empty",
            deserialize_with = "exact"
        )]
        distractors: Vec<String>,
    },
    /// Answered in one's own words, then self-marked against the rubric.
    Open {
        model_answer: String,
        #[serde(deserialize_with = "exact")]
        rubric: Vec<String>,
    },
}

impl RawKind {
    pub fn name(&self) -> &'static str {
        match self {
            RawKind::Single { .. } => "Single",
            RawKind::Multi { .. } => "Multi",
            RawKind::TrueFalse { .. } => "TrueFalse",
            RawKind::Short { .. } => "Short",
            RawKind::Numeric { .. } => "Numeric",
            RawKind::Order { .. } => "Order",
            RawKind::Match { .. } => "Match",
            RawKind::Open { .. } => "Open",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename = "Choice", deny_unknown_fields)]
pub struct RawChoice {
    pub text: String,
    #[serde(default, skip_serializing_if = "is_false")]
    pub correct: bool,
    /// Shown after answering: why this choice is right or wrong.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub why: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename = "Pair", deny_unknown_fields)]
pub struct RawPair {
    pub left: String,
    pub right: String,
}
