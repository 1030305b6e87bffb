//! The checked pack written back as raw structs: for saving packs as RON, and the canonical
//! bytes that content hashes are computed from.

use super::model::{Kind, Pack, Question};
use super::raw::{
    RawCategory, RawChoice, RawCode, RawKind, RawPack, RawPair, RawProfile, RawQuestion, Targets,
};
use sha2::{Digest, Sha256};

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
        fitted_difficulty: q.fitted_difficulty,
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

/// Feeds values to sha256 in a fixed, unambiguous encoding (every text length-prefixed,
/// every variant tagged). This encoding is part of the history format: changing it changes
/// every stored content hash, so it is versioned by [`HASH_VERSION`].
struct Feed(Sha256);

/// Written first into every hash; bump it (and migrate) if the encoding ever changes.
const HASH_VERSION: u8 = 1;

impl Feed {
    fn new() -> Feed {
        let mut feed = Feed(Sha256::new());
        feed.tag(HASH_VERSION);
        feed
    }

    fn tag(&mut self, tag: u8) {
        self.0.update([tag]);
    }

    fn len(&mut self, len: usize) {
        self.0.update((len as u64).to_le_bytes());
    }

    fn text(&mut self, text: &str) {
        self.len(text.len());
        self.0.update(text.as_bytes());
    }

    fn opt(&mut self, text: Option<&str>) {
        match text {
            Some(text) => {
                self.tag(1);
                self.text(text);
            }
            None => self.tag(0),
        }
    }

    fn texts(&mut self, texts: &[String]) {
        self.len(texts.len());
        for text in texts {
            self.text(text);
        }
    }

    fn number(&mut self, x: f64) {
        self.0.update(x.to_bits().to_le_bytes());
    }

    /// What decides the answer: prompt, code, and the kind with its key (`why` notes left
    /// out: editing an explanation is not a new question).
    fn question_key(&mut self, q: &Question) {
        self.text(&q.prompt);
        match &q.code {
            Some(code) => {
                self.tag(1);
                self.text(&code.language);
                self.text(&code.text);
            }
            None => self.tag(0),
        }
        match &q.kind {
            Kind::Single { choices, answer } => {
                self.tag(1);
                self.len(choices.len());
                for c in choices {
                    self.text(&c.text);
                }
                self.len(*answer);
            }
            Kind::Multi { choices, correct } => {
                self.tag(2);
                self.len(choices.len());
                for c in choices {
                    self.text(&c.text);
                }
                self.len(correct.len());
                for i in correct {
                    self.len(*i);
                }
            }
            Kind::TrueFalse { answer } => {
                self.tag(3);
                self.tag(u8::from(*answer));
            }
            Kind::Short {
                accept,
                case_sensitive,
                typos,
            } => {
                self.tag(4);
                self.texts(accept);
                self.tag(u8::from(*case_sensitive));
                self.tag(*typos);
            }
            Kind::Numeric {
                answer,
                tolerance,
                unit,
            } => {
                self.tag(5);
                self.number(*answer);
                self.number(*tolerance);
                self.opt(unit.as_deref());
            }
            Kind::Order { items } => {
                self.tag(6);
                self.texts(items);
            }
            Kind::Match { pairs, distractors } => {
                self.tag(7);
                self.len(pairs.len());
                for p in pairs {
                    self.text(&p.left);
                    self.text(&p.right);
                }
                self.texts(distractors);
            }
            Kind::Open {
                model_answer,
                rubric,
            } => {
                self.tag(8);
                self.text(model_answer);
                self.texts(rubric);
            }
        }
    }

    fn hex(self) -> String {
        use std::fmt::Write as _;
        self.0
            .finalize()
            .iter()
            .fold(String::with_capacity(64), |mut out, b| {
                let _ = write!(out, "{b:02x}");
                out
            })
    }
}

/// sha256 (hex) of what decides a question's answer; see [`Feed::question_key`].
pub fn question_key_hash(q: &Question) -> String {
    let mut feed = Feed::new();
    feed.question_key(q);
    feed.hex()
}

/// sha256 (hex) of the whole pack: metadata, categories, profiles and every field of every
/// question. Two packs with the same hash ask and teach exactly the same things.
pub fn pack_hash(pack: &Pack) -> String {
    let mut feed = Feed::new();
    let meta = &pack.meta;
    feed.text(&meta.id);
    feed.text(&meta.title);
    feed.text(&meta.version);
    feed.texts(&meta.authors);
    feed.opt(meta.license.as_deref());
    feed.opt(meta.description.as_deref());
    feed.len(pack.categories.len());
    for c in &pack.categories {
        feed.text(&c.id);
        feed.text(&c.title);
        feed.opt(c.description.as_deref());
    }
    feed.len(pack.profiles.len());
    for p in &pack.profiles {
        feed.text(&p.id);
        feed.text(&p.title);
        feed.opt(p.description.as_deref());
        feed.len(p.targets.len());
        for (category, target) in &p.targets {
            feed.text(category);
            feed.number(*target);
        }
    }
    feed.len(pack.questions.len());
    for q in &pack.questions {
        feed.text(&q.id);
        feed.text(&q.category);
        feed.tag(q.difficulty as u8);
        feed.texts(&q.tags);
        feed.question_key(q);
        if let Kind::Single { choices, .. } | Kind::Multi { choices, .. } = &q.kind {
            for c in choices {
                feed.opt(c.why.as_deref());
            }
        }
        feed.tag(u8::from(q.shuffle));
        feed.text(&q.explanation);
        feed.texts(&q.references);
    }
    feed.hex()
}

/// The pack written as a single-file RON pack that loads back to an equal pack.
pub fn to_ron(pack: &Pack) -> Result<String, ron::Error> {
    let config = ron::ser::PrettyConfig::new()
        .struct_names(true)
        .escape_strings(true)
        .indentor("    ".to_owned());
    ron::Options::default().to_string_pretty(&to_raw(pack), config)
}

impl Question {
    /// sha256 (hex) of what decides the answer (prompt, code, kind): changes when the key
    /// does, not when an explanation is reworded. Computed on demand (when an answer is
    /// saved), not at load time. Here, beside the canonical form it hashes, so the model
    /// does not import its own serialisation.
    pub fn content_hash(&self) -> String {
        question_key_hash(self)
    }
}

impl Pack {
    /// sha256 (hex) of the pack's whole content: same questions, answers and explanations,
    /// same hash. Computed on demand (when a session starts or results are exported).
    pub fn content_hash(&self) -> String {
        pack_hash(self)
    }
}
