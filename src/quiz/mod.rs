//! A quiz: which questions, in which order, shown how ([`plan`]), each answer scored
//! ([`score`]) and judged ([`Verdict`]), and the one [`Session`] both front ends drive.
//! Pure: no clock, no files, no store; callers pass time in and store what comes out
//! ([`Given`]). Imports only `pack` and small helpers below it.

pub mod adaptive;
pub mod confidence;
pub mod line;
pub mod response;
pub mod rng;
pub mod score;
pub mod session;
pub mod session_kind;

pub use adaptive::{Adaptive, Picker};
pub use confidence::Confidence;
pub use response::Response;
pub use rng::{QuizRng, fresh_seed};
pub use score::score;
pub use session::{Answer, Given, Overruled, Plan, Session, StoredAnswer, StoredSession};
pub use session_kind::SessionKind;

use crate::pack::{Difficulty, Kind, KindName, Pack, Question};
use serde::{Deserialize, Serialize};

/// Which questions a quiz may ask.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Filters {
    /// Category ids; empty means every category.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub categories: Vec<String>,
    /// Tags; a question qualifies with any of them. Empty means any.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub difficulty: Option<Difficulty>,
    /// Kinds; empty means every kind.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub kinds: Vec<KindName>,
}

impl Filters {
    pub fn accepts(&self, question: &Question) -> bool {
        (self.categories.is_empty() || self.categories.contains(&question.category))
            && (self.tags.is_empty() || question.tags.iter().any(|t| self.tags.contains(t)))
            && self.difficulty.is_none_or(|d| d == question.difficulty)
            && (self.kinds.is_empty() || self.kinds.contains(&question.kind.name()))
    }
}

/// How a session gives feedback.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// Feedback after each answer.
    Practice,
    /// No feedback until the end; an optional time limit, after which unanswered questions
    /// score 0.
    Exam,
}

impl Mode {
    pub fn name(self) -> &'static str {
        match self {
            Mode::Practice => "practice",
            Mode::Exam => "exam",
        }
    }

    pub fn from_name(name: &str) -> Option<Mode> {
        match name {
            "practice" => Some(Mode::Practice),
            "exam" => Some(Mode::Exam),
            _ => None,
        }
    }
}

/// A question as it is put to the learner: which one, and the display order of its parts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// Index into the packs the session was built from.
    pub pack: usize,
    /// Index into that pack's questions.
    pub question: usize,
    /// Display position → index as written: choices (Single, Multi), items (Order), the right
    /// column (Match: pairs' rights, then distractors). Empty for the other kinds.
    pub order: Vec<usize>,
}

impl Item {
    pub fn question<'p>(&self, packs: &'p [Pack]) -> Option<&'p Question> {
        packs.get(self.pack)?.questions.get(self.question)
    }
}

/// The questions of a quiz in the order they are asked, each with its display order.
///
/// The same packs, filters, count and seed give the same plan everywhere: candidates are
/// taken in pack order, shuffled with the seeded [`QuizRng`] and cut to `count`; each
/// question's parts are shuffled by a generator of its own (see [`display_order`]).
pub fn plan(packs: &[Pack], filters: &Filters, count: Option<usize>, seed: u64) -> Vec<Item> {
    let mut rng = QuizRng::new(seed);
    let mut candidates: Vec<(usize, usize)> = packs
        .iter()
        .enumerate()
        .flat_map(|(p, pack)| {
            pack.questions
                .iter()
                .enumerate()
                .filter(|(_, q)| filters.accepts(q))
                .map(move |(i, _)| (p, i))
        })
        .collect();
    rng.shuffle(&mut candidates);
    if let Some(count) = count {
        candidates.truncate(count);
    }
    plan_of(packs, &candidates, seed)
}

/// Items in the given question order (resuming, retaking, review plans), each shown in the
/// display order `seed` gives it, the same as in [`plan`].
pub fn plan_of(packs: &[Pack], questions: &[(usize, usize)], seed: u64) -> Vec<Item> {
    questions
        .iter()
        .filter_map(|&(p, i)| {
            let pack = packs.get(p)?;
            let question = pack.questions.get(i)?;
            Some(Item {
                pack: p,
                question: i,
                order: display_order(&pack.meta.id, question, seed),
            })
        })
        .collect()
}

/// The order a question's parts are shown in within a session of `seed`.
///
/// Each question gets a generator of its own, seeded with `seed` XOR the FNV-1a hash of
/// `pack id NUL question id`, so the order depends only on the session's seed and the
/// question: a resumed session, a retake or a review of the session shows exactly what was
/// shown the first time, whatever else the session holds.
///
/// Choices are shuffled unless the author said `shuffle: false`. The items of an Order
/// question and the right column of a Match are always shuffled (their order is the
/// question), and never left in the answer's own order.
pub fn display_order(pack_id: &str, question: &Question, seed: u64) -> Vec<usize> {
    let rng = &mut QuizRng::new(
        seed ^ crate::fnv::fnv1a64(&[pack_id.as_bytes(), b"\0", question.id.as_bytes()]),
    );
    let (len, always) = match &question.kind {
        Kind::Single { choices, .. } | Kind::Multi { choices, .. } => (choices.len(), false),
        Kind::Order { items } => (items.len(), true),
        Kind::Match { pairs, distractors } => (pairs.len() + distractors.len(), true),
        _ => return Vec::new(),
    };
    let mut order: Vec<usize> = (0..len).collect();
    if always || question.shuffle {
        rng.shuffle(&mut order);
        if always && len >= 2 && is_identity(&order, &question.kind) {
            // Shown in the answer's order the question would answer itself: rotate by one.
            order.rotate_left(1);
        }
    }
    order
}

fn is_identity(order: &[usize], kind: &Kind) -> bool {
    let answered = match kind {
        Kind::Match { pairs, .. } => pairs.len(),
        _ => order.len(),
    };
    order
        .iter()
        .take(answered)
        .enumerate()
        .all(|(i, &o)| i == o)
}

/// One answer as given: what was answered and how it scored.
#[derive(Debug, Clone, PartialEq)]
pub struct Answered {
    pub response: Response,
    /// The score it counts for: 1 once the learner marked it right ([`Answered::overridden`]).
    pub score: f64,
    pub time_taken_ms: u64,
    /// The learner said "I was right" after seeing the accepted answers
    /// ([`Session::overrule`]): counted as right; the store keeps the score it was marked.
    pub overridden: bool,
}

/// Where a stored question is among the loaded packs: (pack index, question index) of
/// `question_id` in the first pack `in_pack` accepts that still has it.
pub fn locate(
    packs: &[Pack],
    in_pack: impl Fn(&Pack) -> bool,
    question_id: &str,
) -> Option<(usize, usize)> {
    packs
        .iter()
        .enumerate()
        .filter(|(_, pack)| in_pack(pack))
        .find_map(|(p, pack)| {
            pack.questions
                .iter()
                .position(|q| q.id == question_id)
                .map(|q| (p, q))
        })
}

/// Whether a session left unfinished is kept to resume: once something is answered. A
/// session opened and left at once is not worth offering again, a timed one neither: it is
/// stored with its first answer, its clock's start with it, so one left (or killed) before
/// that leaves nothing behind and starts afresh next time.
pub fn kept_when_left(answered: usize) -> bool {
    answered > 0
}

/// Whether a session's scores are kept from view: an exam gives no feedback until it ends,
/// so while it is unfinished its listings show no score.
pub fn score_withheld(mode: Mode, finished: bool) -> bool {
    mode == Mode::Exam && !finished
}

/// The questions of a session worth asking again: answered below full marks, skipped or
/// timed out; each once, in the order they were answered.
pub fn missed<'a>(answers: impl IntoIterator<Item = (&'a str, f64)>) -> Vec<&'a str> {
    let mut out: Vec<&str> = Vec::new();
    for (question_id, score) in answers {
        if !Verdict::is_right(score) && !out.contains(&question_id) {
            out.push(question_id);
        }
    }
    out
}

/// Where each of `question_ids` is among `packs`, looking only in the packs whose id is in
/// `pack_ids` (a stored session's packs); ids no longer in them are left out.
pub fn locate_all(packs: &[Pack], pack_ids: &[&str], question_ids: &[&str]) -> Vec<(usize, usize)> {
    let listed = |pack: &Pack| pack_ids.contains(&pack.meta.id.as_str());
    question_ids
        .iter()
        .filter_map(|id| locate(packs, listed, id))
        .collect()
}

/// Why a retake has nothing to ask.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NothingToRetake {
    /// Every answer was right.
    AllRight,
    /// The questions missed are not in the packs loaded now.
    NotLoaded,
}

/// A retake of a stored session: the questions its answers (pack id, question id, score, in
/// the order given) [`missed`], each found in its own pack, planned with `seed`.
pub fn retake(
    packs: &[Pack],
    answers: &[(&str, &str, f64)],
    seed: u64,
) -> Result<Vec<Item>, NothingToRetake> {
    let missed = missed(answers.iter().map(|(_, id, score)| (*id, *score)));
    if missed.is_empty() {
        return Err(NothingToRetake::AllRight);
    }
    let positions: Vec<(usize, usize)> = missed
        .iter()
        .filter_map(|id| {
            let (pack_id, _, _) = answers.iter().find(|(_, q, _)| q == id)?;
            locate(packs, |p| p.meta.id == *pack_id, id)
        })
        .collect();
    if positions.is_empty() {
        return Err(NothingToRetake::NotLoaded);
    }
    Ok(plan_of(packs, &positions, seed))
}

/// Scores per category of a set of answers: (category id, sum of scores, answers).
pub fn category_scores<'a>(
    answers: impl IntoIterator<Item = (&'a str, f64)>,
) -> Vec<(String, f64, usize)> {
    let mut out: Vec<(String, f64, usize)> = Vec::new();
    for (category, score) in answers {
        match out.iter_mut().find(|(c, _, _)| c == category) {
            Some(entry) => {
                entry.1 += score;
                entry.2 += 1;
            }
            None => out.push((category.to_owned(), score, 1)),
        }
    }
    out
}

/// Right, partly right or wrong, for showing a score in words and symbols.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Right,
    Partly,
    Wrong,
}

impl Verdict {
    /// The score from which an answer counts as right: full marks, give or take rounding.
    /// The one threshold for "right" (summaries, retakes, class statistics).
    pub const RIGHT_FROM: f64 = 0.999;
    /// Below this score an answer counts as wrong, on screen as for the scheduler and
    /// calibration: 0.17 for a Multi with one right pick among wrong ones is a wrong answer,
    /// not "partly right".
    pub const WRONG_BELOW: f64 = 0.5;

    pub fn of(score: f64) -> Verdict {
        if Verdict::is_right(score) {
            Verdict::Right
        } else if score >= Verdict::WRONG_BELOW {
            Verdict::Partly
        } else {
            Verdict::Wrong
        }
    }

    /// Whether `score` counts as right ([`Verdict::RIGHT_FROM`]).
    pub fn is_right(score: f64) -> bool {
        score >= Verdict::RIGHT_FROM
    }

    /// A symbol and a word, so meaning never rests on colour.
    pub fn label(self) -> &'static str {
        match self {
            Verdict::Right => "✓ right",
            Verdict::Partly => "◐ partly right",
            Verdict::Wrong => "✗ wrong",
        }
    }
}
