//! The checked pack written back as raw structs: for saving packs as RON, and the canonical
//! bytes that content hashes are computed from.

use super::model::{Kind, Pack, Question};
use super::raw::{
    RawCategory, RawChoice, RawCode, RawKind, RawPack, RawPair, RawProfile, RawQuestion, Targets,
};

/// The pack as one single-file `RawPack`: every question names its category.
pub fn to_raw(pack: &Pack) -> RawPack {
    RawPack {
        id: pack.meta.id.clone(),
        title: pack.meta.title.clone(),
        version: pack.meta.version.clone(),
        authors: pack.meta.authors.clone(),
        license: pack.meta.license.clone(),
        description: pack.meta.description.clone(),
        categories: pack
            .categories
            .iter()
            .map(|c| RawCategory {
                id: c.id.clone(),
                title: c.title.clone(),
                description: c.description.clone(),
            })
            .collect(),
        profiles: pack
            .profiles
            .iter()
            .map(|p| RawProfile {
                id: p.id.clone(),
                title: p.title.clone(),
                description: p.description.clone(),
                targets: Targets(p.targets.clone()),
            })
            .collect(),
        questions: pack.questions.iter().map(question_to_raw).collect(),
    }
}

pub fn question_to_raw(q: &Question) -> RawQuestion {
    RawQuestion {
        id: q.id.clone(),
        category: Some(q.category.clone()),
        difficulty: q.difficulty,
        tags: q.tags.clone(),
        prompt: q.prompt.clone(),
        code: q.code.as_ref().map(|c| RawCode {
            language: c.language.clone(),
            text: c.text.clone(),
        }),
        kind: kind_to_raw(&q.kind),
        shuffle: q.shuffle,
        explanation: q.explanation.clone(),
        references: q.references.clone(),
    }
}

pub fn kind_to_raw(kind: &Kind) -> RawKind {
    let choices = |choices: &[super::model::Choice], correct: &dyn Fn(usize) -> bool| {
        choices
            .iter()
            .enumerate()
            .map(|(i, c)| RawChoice {
                text: c.text.clone(),
                correct: correct(i),
                why: c.why.clone(),
            })
            .collect()
    };
    match kind {
        Kind::Single { choices: c, answer } => RawKind::Single {
            choices: choices(c, &|i| i == *answer),
        },
        Kind::Multi {
            choices: c,
            correct,
        } => RawKind::Multi {
            choices: choices(c, &|i| correct.contains(&i)),
        },
        Kind::TrueFalse { answer } => RawKind::TrueFalse { answer: *answer },
        Kind::Short {
            accept,
            case_sensitive,
            typos,
        } => RawKind::Short {
            accept: accept.clone(),
            case_sensitive: *case_sensitive,
            typos: *typos,
        },
        Kind::Numeric {
            answer,
            tolerance,
            unit,
        } => RawKind::Numeric {
            answer: *answer,
            tolerance: *tolerance,
            unit: unit.clone(),
        },
        Kind::Order { items } => RawKind::Order {
            items: items.clone(),
        },
        Kind::Match { pairs, distractors } => RawKind::Match {
            pairs: pairs
                .iter()
                .map(|p| RawPair {
                    left: p.left.clone(),
                    right: p.right.clone(),
                })
                .collect(),
            distractors: distractors.clone(),
        },
        Kind::Open {
            model_answer,
            rubric,
        } => RawKind::Open {
            model_answer: model_answer.clone(),
            rubric: rubric.clone(),
        },
    }
}

/// What decides a question's answer (prompt, code, kind without the `why` notes), as stable
/// bytes: JSON of the raw form. Editing an explanation or a tag does not change it.
pub fn question_key_bytes(q: &Question) -> Vec<u8> {
    let mut kind = kind_to_raw(&q.kind);
    if let RawKind::Single { choices } | RawKind::Multi { choices } = &mut kind {
        for choice in choices {
            choice.why = None;
        }
    }
    let code = q.code.as_ref().map(|c| (&c.language, &c.text));
    serde_json::to_vec(&(&q.prompt, code, kind)).unwrap_or_default()
}

/// The whole pack as stable bytes: JSON of its single-file raw form.
pub fn pack_bytes(pack: &Pack) -> Vec<u8> {
    serde_json::to_vec(&to_raw(pack)).unwrap_or_default()
}

/// The pack written as a single-file RON pack that loads back to an equal pack.
pub fn to_ron(pack: &Pack) -> Result<String, ron::Error> {
    let config = ron::ser::PrettyConfig::new()
        .struct_names(true)
        .escape_strings(true)
        .indentor("    ".to_owned());
    ron::Options::default().to_string_pretty(&to_raw(pack), config)
}
