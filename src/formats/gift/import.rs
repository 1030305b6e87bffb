//! Parsed GIFT → a checked pack, with a warning (line, column) for everything that could not
//! be carried over exactly. Questions that cannot be converted are reported and left out.
//!
//! Mapping (also in the README, "Moodle GIFT"):
//! - `=` / `~` with one `=` answer → Single (partial-credit `~%50%` answers become wrong
//!   choices, reported); several `=` → Multi (reported: Moodle wants any one of them).
//! - `~` only, with `%` weights → Multi: every positive weight is a right choice, zero and
//!   negative weights wrong ones; unequal positive weights are reported (skillgap gives every
//!   right choice the same credit).
//! - `=a =b` → Short (forms with a weight below 100% are accepted and reported; forms with no
//!   positive weight, and Moodle's `*` wildcard, are dropped and reported).
//! - `{#...}` → Numeric (a range → midpoint ± half-width; several answers: the first 100% one).
//! - `=a -> b` → Match (`= -> c` is a distractor); `{T}`/`{F}` → TrueFalse; `{}` → Open.
//! - Feedback: per choice → `why`; on kinds without `why` it is added to the explanation;
//!   `####` → the explanation. Without any, the explanation states the answer.
//! - Every question is `Medium`: GIFT has no difficulty.

use super::html::{self, Segment};
use super::layout::{
    MODEL_ANSWER_LABEL, RUBRIC_LABEL, markdown_segments, split_references, take_unit,
};
use super::parse::{self, Answers, Format, Item, NumValue, Pos};
use crate::formats::build::{Builder, matching, prompt_and_code, right_choices_text, short};
use crate::pack::raw::{Difficulty, RawChoice, RawCode, RawKind, RawPair, RawQuestion};

/// Title of the category of questions written before any `$CATEGORY` (its id is `default`).
const DEFAULT_CATEGORY_TITLE: &str = "Default";
/// Why questions were skipped, for the summary line (each has its warning with the details).
const UNREADABLE: &str = "unreadable";
const NOT_CONVERTIBLE: &str = "not convertible";
/// Explanation of an essay whose GIFT gave none beyond the model answer.
const OPEN_EXPLANATION: &str =
    "Compare your answer with the model answer and tick the rubric points you covered.";
/// Rubric point made for an essay, which has none in GIFT.
const OPEN_RUBRIC: &str = "Makes the points of the model answer";
const NO_MODEL_ANSWER: &str = "No model answer was given in the GIFT file.";

pub use crate::formats::Imported;

/// Converts GIFT text; `name` (the file name) gives the pack its id and title.
pub fn import(text: &str, name: &str) -> Imported {
    let parsed = parse::parse(text);
    let mut state = State::default();
    for warning in parsed.warnings {
        state.build.warn(warning.line, warning.col, warning.message);
    }
    for _ in 0..parsed.skipped {
        state.build.skip(UNREADABLE);
    }
    let mut current: Option<usize> = None;
    for item in parsed.items {
        match item {
            Item::Category { pos, path, id } => {
                match state.build.category(&path, id.as_deref(), None, (pos.line, pos.col)) {
                    Some(index) => current = Some(index),
                    None => state.warn(
                        pos,
                        "this $CATEGORY names no category (only the top of the question bank): the questions after it stay in the previous category",
                    ),
                }
            }
            Item::Question(q) => {
                let category = match current {
                    Some(index) => index,
                    None => state.build.default_category(
                        DEFAULT_CATEGORY_TITLE,
                        "Questions of the GIFT file written before any $CATEGORY.",
                    ),
                };
                match state.question(&q) {
                    Some(built) => state.add(&q, built, category),
                    None => state.build.skip(NOT_CONVERTIBLE),
                }
            }
        }
    }
    state.build.finish(name, "Moodle GIFT", "gift-import")
}

/// The converter: the shared [`Builder`] (ids, categories, checks, the pack) and the GIFT
/// rules around it.
#[derive(Default)]
struct State {
    build: Builder,
}

impl State {
    fn warn(&mut self, pos: Pos, message: impl Into<String>) {
        self.build.warn(pos.line, pos.col, message);
    }

    /// The converted question, or `None` (with a warning saying why) when it cannot be.
    fn question(&mut self, q: &parse::Question) -> Option<Built> {
        let format = q.format.unwrap_or(Format::Moodle);
        let written = if q.after.is_empty() {
            q.before.clone()
        } else {
            format!("{} ____ {}", q.before, q.after)
        };
        let (mut prompt, code) = self.rich(&written, format, q.pos);
        if prompt.is_empty() {
            match &q.title {
                Some(title) => {
                    self.warn(
                        q.pos,
                        "the question has no text: its title is used as the prompt",
                    );
                    prompt = title.clone();
                }
                None => {
                    self.warn(
                        q.pos,
                        "the question has no text and no title; question skipped",
                    );
                    return None;
                }
            }
        }
        let general = q
            .general_feedback
            .as_deref()
            .map(|g| self.text(g, format, q.brace));
        let (general, references) = split_references(general.as_deref().unwrap_or(""));
        let mut extra_feedback: Vec<String> = Vec::new();
        let (kind, answer_text) = match &q.answers {
            Answers::Essay => {
                let (model_answer, rubric, explanation) = self.open(&general, q.brace);
                let kind = RawKind::Open {
                    model_answer,
                    rubric,
                };
                return Some(Built {
                    prompt,
                    code,
                    kind,
                    explanation,
                    references,
                });
            }
            Answers::TrueFalse { answer, feedback } => {
                // Moodle writes the feedback for a wrong answer first, then for a right one:
                // the explanation leads with the right one.
                for f in feedback.iter().rev() {
                    let text = self.text(f, format, q.brace);
                    extra_feedback.push(text);
                }
                let word = if *answer { "True." } else { "False." };
                (RawKind::TrueFalse { answer: *answer }, word.to_owned())
            }
            Answers::Numeric(answers) => {
                self.numeric(answers, &mut prompt, format, &mut extra_feedback)?
            }
            Answers::Match(pairs) => self.matching(pairs, format, q.brace)?,
            Answers::Choices(list) if list.iter().any(|c| !c.equals) => {
                self.choices(list, format, q.brace)?
            }
            Answers::Choices(list) => self.short(list, format, &mut extra_feedback)?,
        };
        let mut parts: Vec<String> = Vec::new();
        if !general.is_empty() {
            parts.push(general);
        }
        for feedback in extra_feedback {
            if !feedback.is_empty() && !parts.contains(&feedback) {
                parts.push(feedback);
            }
        }
        let explanation = if parts.is_empty() {
            self.build.generated_explanation();
            answer_text
        } else {
            parts.join("\n\n")
        };
        Some(Built {
            prompt,
            code,
            kind,
            explanation,
            references,
        })
    }

    /// Gives the converted question its id and adds it to `category`; the builder checks it
    /// on its own, so that a conversion the validator refuses is reported at its GIFT line
    /// instead of making the whole pack invalid.
    fn add(&mut self, source: &parse::Question, built: Built, category: usize) {
        let Built {
            prompt,
            code,
            kind,
            explanation,
            references,
        } = built;
        let at = (source.pos.line, source.pos.col);
        let wanted = source
            .id
            .as_ref()
            .map(|(id, line)| (id.as_str(), (*line, 0)));
        let id = self.build.question_id(wanted, source.title.as_deref(), at);
        let question = RawQuestion {
            id,
            category: None,
            difficulty: Difficulty::Medium,
            fitted_difficulty: None,
            tags: source.tags.clone(),
            prompt,
            code,
            kind,
            shuffle: true,
            explanation,
            references,
        };
        self.build.add(question, category, at);
    }

    /// A text in `format` as plain text (code blocks fenced); reports dropped characters.
    fn report_converted(&mut self, converted: &html::Converted, pos: Pos) {
        for message in super::super::build::conversion_notes(converted) {
            self.warn(pos, message);
        }
    }

    fn text(&mut self, text: &str, format: Format, pos: Pos) -> String {
        let (own, rest) = Format::strip_marker(text);
        let format = own.unwrap_or(format);
        match format {
            Format::Plain | Format::Markdown => rest.trim().to_owned(),
            Format::Html | Format::Moodle => {
                let converted = html::to_text(rest, format == Format::Moodle);
                self.report_converted(&converted, pos);
                converted.joined()
            }
        }
    }

    /// Like [`State::text`], but the first code block becomes the question's code.
    fn rich(&mut self, text: &str, format: Format, pos: Pos) -> (String, Option<RawCode>) {
        let segments = match format {
            Format::Plain => vec![Segment::Text(text.trim().to_owned())],
            Format::Markdown => markdown_segments(text),
            Format::Html | Format::Moodle => {
                let converted = html::to_text(text, format == Format::Moodle);
                self.report_converted(&converted, pos);
                converted.segments
            }
        };
        prompt_and_code(segments)
    }

    fn open(&mut self, general: &str, brace: Pos) -> (String, Vec<String>, String) {
        // What `export` writes: "Model answer:\n...\n\nRubric:\n- a\n- b\n\nexplanation".
        if let Some(rest) = general.strip_prefix(MODEL_ANSWER_LABEL)
            && let Some((model, after)) = rest.split_once(&format!("\n\n{RUBRIC_LABEL}\n"))
        {
            let mut lines = after.split('\n');
            let mut rubric = Vec::new();
            let mut remainder = Vec::new();
            let mut in_rubric = true;
            for line in lines.by_ref() {
                match line.strip_prefix("- ") {
                    Some(point) if in_rubric => rubric.push(point.trim().to_owned()),
                    _ => {
                        in_rubric = false;
                        remainder.push(line);
                    }
                }
            }
            let model = model.trim();
            let explanation = remainder.join("\n").trim().to_owned();
            if !model.is_empty() && !rubric.is_empty() {
                let explanation = if explanation.is_empty() {
                    OPEN_EXPLANATION.to_owned()
                } else {
                    explanation
                };
                return (model.to_owned(), rubric, explanation);
            }
        }
        let model = if general.is_empty() {
            self.warn(
                brace,
                "essay without general feedback (`####`): its model answer says none was given; write one in the pack",
            );
            NO_MODEL_ANSWER.to_owned()
        } else {
            general.to_owned()
        };
        let bullets: Vec<String> = general
            .lines()
            .filter_map(|l| {
                let l = l.trim();
                l.strip_prefix("- ")
                    .or_else(|| l.strip_prefix("* "))
                    .or_else(|| l.strip_prefix("• "))
                    .map(|p| p.trim().to_owned())
            })
            .filter(|p| !p.is_empty())
            .collect();
        let rubric = if bullets.is_empty() {
            self.warn(
                brace,
                format!(
                    "essay: GIFT has no rubric, so it has the single point \"{OPEN_RUBRIC}\": write the points a good answer makes in the pack's `rubric`"
                ),
            );
            vec![OPEN_RUBRIC.to_owned()]
        } else {
            self.warn(
                brace,
                "essay: GIFT has no rubric, so the bulleted lines of its general feedback became the rubric points: check them in the pack's `rubric`",
            );
            bullets
        };
        (model, rubric, OPEN_EXPLANATION.to_owned())
    }

    fn numeric(
        &mut self,
        answers: &[parse::NumAnswer],
        prompt: &mut String,
        format: Format,
        feedback: &mut Vec<String>,
    ) -> Option<(RawKind, String)> {
        // Moodle's "any other answer" (`~#feedback`): its feedback explains wrong answers.
        let (wrong, answers): (Vec<&parse::NumAnswer>, Vec<&parse::NumAnswer>) =
            answers.iter().partition(|a| a.value == NumValue::Any);
        let full: Vec<&parse::NumAnswer> = answers
            .iter()
            .copied()
            .filter(|a| a.weight.is_none_or(|w| w >= 100.0))
            .collect();
        let chosen = match full.first() {
            Some(first) => *first,
            None => {
                let best = answers
                    .iter()
                    .copied()
                    .filter(|a| a.weight.is_some_and(|w| w > 0.0))
                    .max_by(|a, b| a.weight.unwrap_or(0.0).total_cmp(&b.weight.unwrap_or(0.0)));
                let Some(best) = best else {
                    let pos = answers.first().map(|a| a.pos).unwrap_or_default();
                    self.warn(
                        pos,
                        "no numerical answer has a positive weight; question skipped",
                    );
                    return None;
                };
                self.warn(
                    best.pos,
                    format!(
                        "no answer is worth 100%: the {}% answer is taken as the right one",
                        best.weight.unwrap_or(0.0)
                    ),
                );
                best
            }
        };
        for other in answers.iter().filter(|a| !std::ptr::eq(**a, chosen)) {
            self.warn(
                other.pos,
                format!(
                    "skillgap takes one numerical answer: this {} answer is left out",
                    match other.weight {
                        Some(w) => format!("{w}%"),
                        None => "100%".to_owned(),
                    }
                ),
            );
        }
        if let Some(f) = &chosen.feedback {
            let text = self.text(f, format, chosen.pos);
            feedback.push(text);
        }
        let mut wrong_feedback = Vec::new();
        for any in wrong {
            if let Some(f) = &any.feedback {
                let text = self.text(f, format, any.pos);
                wrong_feedback.push(text);
            }
        }
        let (answer, tolerance) = match chosen.value {
            NumValue::Exact { value, tolerance } => (value, tolerance),
            NumValue::Range { min, max } => (min / 2.0 + max / 2.0, max / 2.0 - min / 2.0),
            NumValue::Any => return None,
        };
        let unit = take_unit(prompt);
        let shown = if tolerance > 0.0 {
            format!("The answer is {answer} (± {tolerance}).")
        } else {
            format!("The answer is {answer}.")
        };
        if !wrong_feedback.is_empty() {
            // Feedback for wrong answers only makes sense after the right one.
            if feedback.iter().all(String::is_empty) {
                feedback.push(shown.clone());
            }
            feedback.extend(wrong_feedback);
        }
        Some((
            RawKind::Numeric {
                answer,
                tolerance,
                unit,
            },
            shown,
        ))
    }

    fn matching(
        &mut self,
        pairs: &[parse::MatchPair],
        format: Format,
        brace: Pos,
    ) -> Option<(RawKind, String)> {
        let mut raw = Vec::new();
        let mut distractors = Vec::new();
        for pair in pairs {
            let right = plain_answer(&pair.right);
            if right.is_empty() {
                self.warn(
                    pair.pos,
                    "a matching pair with nothing after `->`; question skipped",
                );
                return None;
            }
            let left = self.text(&pair.left, format, pair.pos);
            if left.is_empty() {
                distractors.push(right);
            } else {
                raw.push(RawPair { left, right });
            }
        }
        match matching(raw, distractors) {
            Ok(kind) => Some(kind),
            Err(why) => {
                self.warn(brace, why);
                None
            }
        }
    }

    fn short(
        &mut self,
        list: &[parse::Choice],
        format: Format,
        feedback: &mut Vec<String>,
    ) -> Option<(RawKind, String)> {
        let mut accept: Vec<String> = Vec::new();
        if let [only] = list
            && only.weight.is_none()
            && matches!(
                only.text.trim().to_ascii_uppercase().as_str(),
                "T" | "TRUE" | "F" | "FALSE"
            )
        {
            self.warn(
                only.pos,
                format!(
                    "Moodle reads `{{{}}}` as a short answer accepting `{}`, not as True/False (only T, TRUE, F and FALSE in capitals are): so does skillgap; write it in capitals for a True/False question",
                    only.text.trim(),
                    only.text.trim()
                ),
            );
        }
        for answer in list {
            let (form, wildcard) =
                crate::formats::build::unescape_wildcards(&plain_answer(&answer.text));
            let weight = answer.weight.unwrap_or(100.0);
            if weight <= 0.0 {
                self.warn(
                    answer.pos,
                    format!("the answer `{form}` is worth {weight}%: skillgap keeps only accepted answers, so it is left out"),
                );
                continue;
            }
            if (form == "*" && wildcard) || form.is_empty() {
                self.warn(
                    answer.pos,
                    "an answer that accepts anything (`*`) or nothing has no use in skillgap: left out",
                );
                continue;
            }
            if wildcard {
                self.warn(
                    answer.pos,
                    format!(
                        "`{form}`: the Moodle wildcard `*` is compared as a literal `*` in skillgap"
                    ),
                );
            }
            if weight < 100.0 {
                self.warn(
                    answer.pos,
                    format!("the answer `{form}` is worth {weight}% in Moodle: skillgap accepts it as fully right"),
                );
            }
            if let Some(f) = &answer.feedback {
                let text = self.text(f, format, answer.pos);
                feedback.push(text);
            }
            if !accept.contains(&form) {
                accept.push(form);
            }
        }
        if accept.is_empty() {
            let pos = list.first().map(|c| c.pos).unwrap_or_default();
            self.warn(pos, "no accepted answer is left; question skipped");
            return None;
        }
        Some(short(accept, false))
    }

    fn choices(
        &mut self,
        list: &[parse::Choice],
        format: Format,
        brace: Pos,
    ) -> Option<(RawKind, String)> {
        let single_mode = list.iter().any(|c| c.equals);
        let mut choices: Vec<RawChoice> = Vec::with_capacity(list.len());
        for choice in list {
            let text = self.text(&choice.text, format, choice.pos);
            let why = choice
                .feedback
                .as_deref()
                .map(|f| self.text(f, format, choice.pos))
                .filter(|f| !f.is_empty());
            let weight = choice
                .weight
                .unwrap_or(if choice.equals { 100.0 } else { 0.0 });
            let correct = if single_mode {
                if weight > 0.0 && weight < 100.0 {
                    self.warn(
                        choice.pos,
                        format!("partial credit ({weight}%) has no equivalent in a single-answer question: `{text}` counts as wrong"),
                    );
                }
                weight >= 100.0
            } else {
                weight > 0.0
            };
            if text.is_empty() {
                self.warn(choice.pos, "an empty answer; question skipped");
                return None;
            }
            choices.push(RawChoice { text, correct, why });
        }
        let Some(text) = right_choices_text(&choices) else {
            self.warn(
                brace,
                "no answer is marked right (`=` or a positive `%weight%`); question skipped",
            );
            return None;
        };
        let right = choices.iter().filter(|c| c.correct).count();
        if single_mode && right == 1 {
            return Some((RawKind::Single { choices }, text));
        }
        if single_mode {
            self.warn(
                brace,
                format!(
                    "{} answers are marked `=`: Moodle accepts any one of them, skillgap asks for all of them (a Multi question)",
                    right
                ),
            );
        } else {
            let weights: Vec<f64> = list
                .iter()
                .filter_map(|c| c.weight.filter(|w| *w > 0.0))
                .collect();
            if weights.windows(2).any(|w| (w[0] - w[1]).abs() > 0.01) {
                self.warn(
                    brace,
                    "the right answers have different weights: skillgap gives each right answer the same credit",
                );
            }
        }
        Some((RawKind::Multi { choices }, text))
    }
}

/// A converted question before it gets its id and is checked.
struct Built {
    prompt: String,
    code: Option<RawCode>,
    kind: RawKind,
    explanation: String,
    references: Vec<String>,
}

/// Short-answer forms, numbers and the right side of matching pairs are plain text in
/// Moodle whatever the question's format: only surrounding space is trimmed.
fn plain_answer(text: &str) -> String {
    let (_, rest) = Format::strip_marker(text);
    crate::text::one_line(rest)
}
