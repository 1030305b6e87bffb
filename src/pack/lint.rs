//! Quality checks beyond validity: things a valid pack can still get wrong (thin categories,
//! one difficulty only, too few distractors, near-duplicate prompts, a correct answer that
//! tends to sit in one position or gives itself away by its length, "all of the above" in a
//! shuffled question). [`lint`] finds them on a checked pack; [`locate`] places each at
//! file:line:col in the pack's sources, which are scanned again only for that. Findings are
//! advice, not errors (`pack lint --strict` makes them errors).

use super::diagnostic::{Diagnostic, Location, Related};
use super::locate::{Locations, Seg};
use super::model::{Difficulty, Kind, Pack, Question};
use super::raw::{RawCategoryFile, RawPack};
use super::{SourceText, Sources, ron_options};
use std::collections::{HashMap, HashSet};

/// Word-set similarity (Jaccard) above which two prompts count as near-duplicates.
pub const NEAR_DUPLICATE: f64 = 0.8;

/// Lowercased words of a prompt and its code, for comparing prompts.
fn words(question: &Question) -> HashSet<String> {
    let mut text = question.prompt.to_lowercase();
    if let Some(code) = &question.code {
        text.push(' ');
        text.push_str(&code.text.to_lowercase());
    }
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

fn jaccard(a: &HashSet<String>, b: &HashSet<String>) -> f64 {
    let union = a.union(b).count();
    if union == 0 {
        return 1.0;
    }
    a.intersection(b).count() as f64 / union as f64
}

/// Pairs of questions whose prompts share most of their words: (id, id, similarity).
pub fn near_duplicate_prompts(pack: &Pack) -> Vec<(String, String, f64)> {
    let sets: Vec<HashSet<String>> = pack.questions.iter().map(words).collect();
    let mut pairs = Vec::new();
    for (i, a) in sets.iter().enumerate() {
        for (j, b) in sets.iter().enumerate().skip(i + 1) {
            let similarity = jaccard(a, b);
            if similarity < NEAR_DUPLICATE {
                continue;
            }
            if let (Some(qa), Some(qb)) = (pack.questions.get(i), pack.questions.get(j)) {
                pairs.push((qa.id.clone(), qb.id.clone(), similarity));
            }
        }
    }
    pairs
}

/// Written positions (0-based) of the correct choice of Single questions, for those shown in
/// written order (`shuffle: false`) or for all when `all` is set.
pub fn correct_positions(pack: &Pack, all: bool) -> Vec<usize> {
    pack.questions
        .iter()
        .filter(|q| all || !q.shuffle)
        .filter_map(|q| match &q.kind {
            Kind::Single { answer, .. } => Some(*answer),
            _ => None,
        })
        .collect()
}

/// The most common position and its share, when there are at least `min` questions.
pub fn position_bias(positions: &[usize], min: usize) -> Option<(usize, f64)> {
    if positions.len() < min {
        return None;
    }
    let max = positions.iter().copied().max()?;
    (0..=max)
        .map(|p| {
            (
                p,
                positions.iter().filter(|&&x| x == p).count() as f64 / positions.len() as f64,
            )
        })
        .max_by(|a, b| a.1.total_cmp(&b.1))
}

/// Choice texts such as "all of the above" that only make sense in written order.
pub fn is_positional_choice(text: &str) -> bool {
    let t = text.to_lowercase();
    [
        "all of the above",
        "none of the above",
        "both of the above",
        "all the above",
        "none of these",
        "all of these",
        "a and b",
        "both a and b",
    ]
    .iter()
    .any(|p| t.contains(p))
}

/// Shuffled choice questions that contain a positional choice.
pub fn positional_choices_in_shuffled(pack: &Pack) -> Vec<String> {
    pack.questions
        .iter()
        .filter(|q| q.shuffle)
        .filter(|q| match &q.kind {
            Kind::Single { choices, .. } | Kind::Multi { choices, .. } => {
                choices.iter().any(|c| is_positional_choice(&c.text))
            }
            _ => false,
        })
        .map(|q| q.id.clone())
        .collect()
}

/// Whether every wrong choice of a Single or Multi question explains itself with `why`.
pub fn wrong_choices_explained(question: &Question) -> Option<bool> {
    match &question.kind {
        Kind::Single { choices, answer } => Some(
            choices
                .iter()
                .enumerate()
                .filter(|(i, _)| i != answer)
                .all(|(_, c)| c.why.is_some()),
        ),
        Kind::Multi { choices, correct } => Some(
            choices
                .iter()
                .enumerate()
                .filter(|(i, _)| !correct.contains(i))
                .all(|(_, c)| c.why.is_some()),
        ),
        _ => None,
    }
}

/// Single questions whose correct choice is conspicuously the longest (see
/// [`longest_correct`]).
pub fn longest_is_correct(pack: &Pack) -> Vec<String> {
    pack.questions
        .iter()
        .filter(|q| longest_correct(q).is_some())
        .map(|q| q.id.clone())
        .collect()
}

/// For a Single question whose correct choice is longer than every distractor by
/// [`LONGEST_RATIO`] and by at least [`LONGEST_MIN_EXTRA`] characters: (its length, the
/// longest distractor's length).
pub fn longest_correct(question: &Question) -> Option<(usize, usize)> {
    let Kind::Single { choices, answer } = &question.kind else {
        return None;
    };
    let len = |i: usize| choices.get(i).map_or(0, |c| c.text.chars().count());
    let right = len(*answer);
    let longest_other = (0..choices.len())
        .filter(|i| i != answer)
        .map(len)
        .max()
        .unwrap_or(0);
    (right as f64 > LONGEST_RATIO * longest_other as f64
        && right >= longest_other + LONGEST_MIN_EXTRA)
        .then_some((right, longest_other))
}

// ---------------------------------------------------------------------------------------
// The rules of `skillgap pack lint`.

/// A category with fewer questions than this: a 10-question quiz over several categories
/// draws one or two from it, learners soon see repeats, and its mastery band stays wide.
pub const MIN_CATEGORY_QUESTIONS: usize = 5;
/// Single questions need this many wrong choices: with fewer, guessing pays (one in two or
/// three) and elimination does the rest.
pub const MIN_DISTRACTORS: usize = 3;
/// Multi questions need this many: a wrong pick cancels a right one, so ticking everything
/// already scores 0, but with a single wrong choice the question is "which one does not
/// belong?", a Single in disguise.
pub const MIN_MULTI_DISTRACTORS: usize = 2;
/// An explanation shorter than this many words rarely says *why*; the explanation is what
/// the learner reads after a wrong answer.
pub const MIN_EXPLANATION_WORDS: usize = 8;
/// Difficulty skew is judged on packs of at least this many questions (smaller packs are
/// drafts).
pub const MIN_SKEW_QUESTIONS: usize = 10;
/// One difficulty holding more than this share of a pack's questions: mastery weighs hard
/// questions more, and a pack of nearly one level cannot tell learners apart.
pub const MAX_DIFFICULTY_SHARE: f64 = 0.6;
/// Position bias is judged over at least this many Single questions shown in written order.
pub const MIN_BIAS_QUESTIONS: usize = 5;
/// More than this share of the correct answers in one written position is a pattern a
/// learner can exploit.
pub const MAX_POSITION_SHARE: f64 = 0.5;
/// The correct choice is conspicuously the longest when it is this many times as long as the
/// longest distractor...
pub const LONGEST_RATIO: f64 = 1.5;
/// ...and at least this many characters longer (so "B-tree" against "GIN" is not flagged).
pub const LONGEST_MIN_EXTRA: usize = 12;

/// One lint rule; its name appears in every warning and in the README.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Rule {
    SmallCategory,
    OneDifficulty,
    DifficultySkew,
    FewDistractors,
    ThinExplanation,
    UnexplainedChoice,
    NearDuplicate,
    PositionalChoice,
    PositionBias,
    LongestCorrect,
}

impl Rule {
    pub const ALL: [Rule; 10] = [
        Rule::SmallCategory,
        Rule::OneDifficulty,
        Rule::DifficultySkew,
        Rule::FewDistractors,
        Rule::ThinExplanation,
        Rule::UnexplainedChoice,
        Rule::NearDuplicate,
        Rule::PositionalChoice,
        Rule::PositionBias,
        Rule::LongestCorrect,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Rule::SmallCategory => "small-category",
            Rule::OneDifficulty => "one-difficulty",
            Rule::DifficultySkew => "difficulty-skew",
            Rule::FewDistractors => "few-distractors",
            Rule::ThinExplanation => "thin-explanation",
            Rule::UnexplainedChoice => "unexplained-choice",
            Rule::NearDuplicate => "near-duplicate",
            Rule::PositionalChoice => "positional-choice",
            Rule::PositionBias => "position-bias",
            Rule::LongestCorrect => "longest-correct",
        }
    }
}

/// What a finding points at; turned into file:line:col by [`locate`].
#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    /// A value of the pack itself (in `pack.ron` for a directory pack).
    Pack(Vec<Seg>),
    /// A category's declaration (its entry in `categories`, or its category file).
    Category(String),
    /// A value inside a question: the path from the question, e.g. `kind.choices[2]`.
    Question { id: String, path: Vec<Seg> },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub rule: Rule,
    pub target: Target,
    pub message: String,
    /// How to fix it.
    pub help: String,
    /// Another place involved (the other near-duplicate).
    pub related: Option<(Target, String)>,
}

fn question_at(question: &Question, path: Vec<Seg>) -> Target {
    Target::Question {
        id: question.id.clone(),
        path,
    }
}

fn choice_path(index: usize) -> Vec<Seg> {
    vec![Seg::Field("kind"), Seg::Field("choices"), Seg::Index(index)]
}

/// `n` and `word`, with an `s` unless there is one.
fn plural(n: usize, word: &str) -> String {
    crate::text::plural(n, word, &format!("{word}s"))
}

/// Every finding of every rule, in the order: categories, pack-wide, then per question in
/// pack order.
pub fn lint(pack: &Pack) -> Vec<Finding> {
    let mut findings = Vec::new();
    categories(pack, &mut findings);
    difficulty_skew(pack, &mut findings);
    position_bias_rule(pack, &mut findings);
    let mut per_question: Vec<(usize, Finding)> = Vec::new();
    for (index, question) in pack.questions.iter().enumerate() {
        for finding in question_findings(question) {
            per_question.push((index, finding));
        }
    }
    let index_of: HashMap<&str, usize> = pack
        .questions
        .iter()
        .enumerate()
        .map(|(i, q)| (q.id.as_str(), i))
        .collect();
    for (a, b, similarity) in near_duplicate_prompts(pack) {
        let Some(&later) = index_of.get(b.as_str()) else {
            continue;
        };
        per_question.push((
            later,
            Finding {
                rule: Rule::NearDuplicate,
                target: Target::Question {
                    id: b.clone(),
                    path: vec![Seg::Field("prompt")],
                },
                message: format!(
                    "the prompt of `{b}` is nearly the same as that of `{a}` ({:.0}% of their words shared)",
                    similarity * 100.0
                ),
                help: "merge the two questions, or make each ask about something the other does not".into(),
                related: Some((
                    Target::Question {
                        id: a,
                        path: vec![Seg::Field("prompt")],
                    },
                    "the similar prompt".into(),
                )),
            },
        ));
    }
    per_question.sort_by_key(|(index, finding)| (*index, finding.rule));
    findings.extend(per_question.into_iter().map(|(_, finding)| finding));
    findings
}

fn categories(pack: &Pack, findings: &mut Vec<Finding>) {
    for category in &pack.categories {
        let questions: Vec<&Question> = pack.questions_in(&category.id).collect();
        if questions.len() < MIN_CATEGORY_QUESTIONS {
            findings.push(Finding {
                rule: Rule::SmallCategory,
                target: Target::Category(category.id.clone()),
                message: format!(
                    "category `{}` has {}; at least {MIN_CATEGORY_QUESTIONS} are needed for a useful mastery estimate",
                    category.id,
                    plural(questions.len(), "question")
                ),
                help: "write more questions for it, or merge it into a related category".into(),
                related: None,
            });
        }
        let levels: HashSet<Difficulty> = questions.iter().map(|q| q.difficulty).collect();
        if questions.len() >= 2
            && levels.len() == 1
            && let Some(level) = levels.iter().next()
        {
            findings.push(Finding {
                rule: Rule::OneDifficulty,
                target: Target::Category(category.id.clone()),
                message: format!(
                    "every question of category `{}` is {}",
                    category.id,
                    level.name()
                ),
                help: "mix Easy, Medium and Hard questions: mastery weighs harder questions more, and one level cannot tell a beginner from an expert".into(),
                related: None,
            });
        }
    }
}

fn difficulty_skew(pack: &Pack, findings: &mut Vec<Finding>) {
    let total = pack.questions.len();
    if total < MIN_SKEW_QUESTIONS {
        return;
    }
    let count = |d: Difficulty| pack.questions.iter().filter(|q| q.difficulty == d).count();
    let counts: Vec<(Difficulty, usize)> = Difficulty::ALL.iter().map(|&d| (d, count(d))).collect();
    let Some(&(level, most)) = counts.iter().max_by_key(|(_, n)| *n) else {
        return;
    };
    let share = most as f64 / total as f64;
    if share > MAX_DIFFICULTY_SHARE {
        let spread: Vec<String> = counts
            .iter()
            .map(|(d, n)| format!("{} {n}", d.name()))
            .collect();
        findings.push(Finding {
            rule: Rule::DifficultySkew,
            target: Target::Pack(vec![Seg::Field("id")]),
            message: format!(
                "{:.0}% of the pack's questions are {} ({}); at most {:.0}% is advised",
                share * 100.0,
                level.name(),
                spread.join(", "),
                MAX_DIFFICULTY_SHARE * 100.0
            ),
            help: "add questions of the other difficulties, or re-rate some questions".into(),
            related: None,
        });
    }
}

fn position_bias_rule(pack: &Pack, findings: &mut Vec<Finding>) {
    let positions = correct_positions(pack, false);
    let Some((position, share)) = position_bias(&positions, MIN_BIAS_QUESTIONS) else {
        return;
    };
    if share <= MAX_POSITION_SHARE {
        return;
    }
    let max = positions.iter().copied().max().unwrap_or(0);
    let spread: Vec<String> = (0..=max)
        .map(|p| {
            format!(
                "choice {}: {}",
                p + 1,
                positions.iter().filter(|&&x| x == p).count()
            )
        })
        .collect();
    findings.push(Finding {
        rule: Rule::PositionBias,
        target: Target::Pack(vec![Seg::Field("id")]),
        message: format!(
            "in {} of the {} Single questions shown in written order (`shuffle: false`), the correct answer is choice {} ({:.0}%; {})",
            positions.iter().filter(|&&x| x == position).count(),
            positions.len(),
            position + 1,
            share * 100.0,
            spread.join(", ")
        ),
        help: format!(
            "move the correct choice to other positions so no position holds more than {:.0}% of the answers, or let the choices be shuffled",
            MAX_POSITION_SHARE * 100.0
        ),
        related: None,
    });
}

fn question_findings(question: &Question) -> Vec<Finding> {
    let mut findings = Vec::new();
    let id = &question.id;
    let (choices, correct): (&[super::model::Choice], Vec<usize>) = match &question.kind {
        Kind::Single { choices, answer } => (choices, vec![*answer]),
        Kind::Multi { choices, correct } => (choices, correct.clone()),
        _ => (&[], Vec::new()),
    };
    if !choices.is_empty() {
        let wrong: Vec<usize> = (0..choices.len())
            .filter(|i| !correct.contains(i))
            .collect();
        let needed = match question.kind {
            Kind::Multi { .. } => MIN_MULTI_DISTRACTORS,
            _ => MIN_DISTRACTORS,
        };
        if wrong.len() < needed {
            findings.push(Finding {
                rule: Rule::FewDistractors,
                target: question_at(question, vec![Seg::Field("kind"), Seg::Field("choices")]),
                message: format!(
                    "{} question `{id}` has {}; at least {needed} make guessing unrewarding",
                    question.kind.name().name(),
                    plural(wrong.len(), "wrong choice")
                ),
                help: "add plausible wrong choices (common misconceptions make the best ones), or ask it as TrueFalse or Short".into(),
                related: None,
            });
        }
        let unexplained: Vec<usize> = wrong
            .iter()
            .copied()
            .filter(|&i| choices.get(i).is_some_and(|c| c.why.is_none()))
            .collect();
        if let Some(&first) = unexplained.first() {
            findings.push(Finding {
                rule: Rule::UnexplainedChoice,
                target: question_at(question, choice_path(first)),
                message: format!(
                    "{} of the {} of `{id}` {} no `why`",
                    unexplained.len(),
                    plural(wrong.len(), "wrong choice"),
                    if unexplained.len() == 1 { "has" } else { "have" }
                ),
                help: "add `why: \"...\"` to each wrong choice: it is shown to a learner who picked it".into(),
                related: None,
            });
        }
        if question.shuffle {
            for (index, choice) in choices.iter().enumerate() {
                if is_positional_choice(&choice.text) {
                    let mut path = choice_path(index);
                    path.push(Seg::Field("text"));
                    findings.push(Finding {
                        rule: Rule::PositionalChoice,
                        target: question_at(question, path),
                        message: format!(
                            "a choice of `{id}` refers to other choices by position, but the choices are shown shuffled"
                        ),
                        help: "add `shuffle: false` to the question so its choices keep their written order, or reword the choice".into(),
                        related: None,
                    });
                }
            }
        }
    }
    if let (Some((right, other)), Kind::Single { answer, .. }) =
        (longest_correct(question), &question.kind)
    {
        let mut path = choice_path(*answer);
        path.push(Seg::Field("text"));
        findings.push(Finding {
            rule: Rule::LongestCorrect,
            target: question_at(question, path),
            message: format!(
                "the correct choice of `{id}` is conspicuously the longest ({right} characters; the longest wrong one has {other})"
            ),
            help: "shorten it or write distractors as detailed as it is: test-wise learners pick the longest choice".into(),
            related: None,
        });
    }
    let words = question.explanation.split_whitespace().count();
    if words < MIN_EXPLANATION_WORDS {
        findings.push(Finding {
            rule: Rule::ThinExplanation,
            target: question_at(question, vec![Seg::Field("explanation")]),
            message: format!(
                "the explanation of `{id}` has {}; it rarely says why in fewer than {MIN_EXPLANATION_WORDS}",
                plural(words, "word")
            ),
            help: "explain why the answer is right (and the tempting wrong answer wrong): it is what a learner reads after a mistake".into(),
            related: None,
        });
    }
    findings
}

/// Where things are written in a pack's sources: built from a fresh parse of the (already
/// valid) sources, since the checked pack keeps no positions.
struct Places<'a> {
    files: &'a [SourceText],
    locations: Vec<Locations>,
    questions: HashMap<String, (usize, usize)>,
    categories: HashMap<String, (usize, Vec<Seg>)>,
}

impl<'a> Places<'a> {
    fn new(sources: &'a Sources) -> Places<'a> {
        let files = sources.files.as_slice();
        let mut questions = HashMap::new();
        let mut categories = HashMap::new();
        for (file, source) in files.iter().enumerate() {
            if file == 0 {
                if let Ok(pack) = ron_options().from_str::<RawPack>(&source.text) {
                    for (i, q) in pack.questions.iter().enumerate() {
                        questions.entry(q.id.clone()).or_insert((file, i));
                    }
                    for (i, c) in pack.categories.iter().enumerate() {
                        categories.entry(c.id.clone()).or_insert((
                            file,
                            vec![Seg::Field("categories"), Seg::Index(i), Seg::Field("id")],
                        ));
                    }
                }
            } else if let Ok(category) = ron_options().from_str::<RawCategoryFile>(&source.text) {
                for (i, q) in category.questions.iter().enumerate() {
                    questions.entry(q.id.clone()).or_insert((file, i));
                }
                categories
                    .entry(category.id.clone())
                    .or_insert((file, vec![Seg::Field("id")]));
            }
        }
        Places {
            files,
            locations: files.iter().map(|f| Locations::parse(&f.text)).collect(),
            questions,
            categories,
        }
    }

    /// The file and location of a target; the pack file without a location when unknown.
    fn place(&self, target: &Target) -> (String, Option<Location>) {
        let (file, path): (usize, Vec<Seg>) = match target {
            Target::Pack(path) => (0, path.clone()),
            Target::Category(id) => match self.categories.get(id) {
                Some((file, path)) => (*file, path.clone()),
                None => (0, Vec::new()),
            },
            Target::Question { id, path } => match self.questions.get(id) {
                Some(&(file, index)) => {
                    let mut full = vec![Seg::Field("questions"), Seg::Index(index)];
                    full.extend(path.iter().copied());
                    (file, full)
                }
                None => (0, Vec::new()),
            },
        };
        match (self.files.get(file), self.locations.get(file)) {
            (Some(source), Some(locations)) => {
                let span = locations.span(&path);
                (
                    source.name.clone(),
                    Some(Location::of_span(&source.text, span)),
                )
            }
            _ => (String::from("<pack>"), None),
        }
    }
}

/// Warnings with file:line:col for findings of the pack loaded from `sources`.
pub fn locate(findings: &[Finding], sources: &Sources) -> Vec<Diagnostic> {
    let places = Places::new(sources);
    findings
        .iter()
        .map(|finding| {
            let (file, location) = places.place(&finding.target);
            let related = finding.related.as_ref().and_then(|(target, label)| {
                let (file, location) = places.place(target);
                location.map(|location| Related {
                    label: format!("{label} ({}:{}:{})", file, location.line, location.col),
                    file,
                    location,
                })
            });
            Diagnostic::warning(&file, location, finding.message.clone())
                .with_code(finding.rule.name())
                .with_help(finding.help.clone())
                .with_related(related)
        })
        .collect()
}
