//! Moodle XML (`<quiz>`) → a checked pack, with a warning (line, column) for everything not
//! carried over exactly. Refused outright: a DOCTYPE (so entity expansion and external
//! entities never happen), a root other than `<quiz>`, more than [`super::MAX_NODES`] nodes.
//!
//! Mapping (also in the README, "Bring your material"):
//! - `category` → the category of the questions after it (`$course$/top/A/B` → "B"; its
//!   `<info>` → description, `<idnumber>` → id).
//! - `multichoice` single → Single (partial credit counts as wrong, reported); several at
//!   100% → Multi (reported); multiple → Multi: positive fraction right, zero and negative
//!   wrong, unequal weights reported.
//! - `truefalse` → TrueFalse; `shortanswer` → Short (`usecase` → case sensitive; forms
//!   with a fraction ≤ 0 or a `*` wildcard reported); `numerical` → Numeric (the first 100%
//!   answer and its tolerance; the unit with multiplier 1; others reported); `matching` →
//!   Match (a subquestion without text is a distractor); `essay` → Open (`graderinfo` → the
//!   model answer); `ordering` → Order.
//! - `description`, `cloze` and every other type: skipped, counted by type in the summary.
//! - Texts: HTML and Moodle auto-format reduced to text (the first `<pre>` → the code);
//!   images and files (`@@PLUGINFILE@@`, `<file>`) reported and left as `[image: name]`.
//! - `name` → the id when there is no `idnumber`; tags → tags; `generalfeedback` → the
//!   explanation; per-answer feedback → `why` (on kinds without, into the explanation).

use super::super::Imported;
use super::super::build::{
    Builder, conversion_notes, matching, prompt_and_code, right_choices_text, short,
    unescape_wildcards, valid_id, without_forbidden,
};
use super::super::gift::html::{self, Segment};
use super::super::gift::layout::{RUBRIC_LABEL, markdown_segments, split_references};
use crate::pack::raw::{Difficulty, RawChoice, RawCode, RawKind, RawPair, RawQuestion};
use roxmltree::{Document, Node, ParsingOptions};

const OPEN_EXPLANATION: &str =
    "Compare your answer with the model answer and tick the rubric points you covered.";
const OPEN_RUBRIC: &str = "Makes the points of the model answer";
const NO_MODEL_ANSWER: &str = "No model answer was given in the Moodle XML file.";

/// Converts Moodle XML text; `name` (the file name) gives the pack its id and title.
pub fn import(text: &str, name: &str) -> Imported {
    let mut builder = Builder::default();
    let options = ParsingOptions {
        allow_dtd: false,
        nodes_limit: super::MAX_NODES,
        ..ParsingOptions::default()
    };
    let doc = match Document::parse_with_options(text, options) {
        Ok(doc) => doc,
        Err(error) => {
            let pos = error.pos();
            let (line, col) = match (&error, doctype_at(text)) {
                (roxmltree::Error::DtdDetected, Some(at)) => at,
                _ => (pos.row as usize, pos.col as usize),
            };
            builder.warn(line, col, parse_message(&error));
            builder.skip("unreadable file");
            return builder.finish(name, "Moodle XML", "moodle-import");
        }
    };
    let root = doc.root_element();
    if root.tag_name().name() != "quiz" {
        builder.warn(
            1,
            1,
            format!(
                "the root element is <{}>, not <quiz>: this is not a Moodle XML question file (export it from Moodle's question bank as \"Moodle XML format\")",
                root.tag_name().name()
            ),
        );
        builder.skip("unreadable file");
        return builder.finish(name, "Moodle XML", "moodle-import");
    }
    let mut reader = Reader {
        text,
        line_starts: std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect(),
        builder,
        category: None,
    };
    for question in root.children().filter(|n| n.has_tag_name("question")) {
        reader.question(question);
    }
    reader.builder.finish(name, "Moodle XML", "moodle-import")
}

/// Where `<!DOCTYPE` starts (line, column), for the refusal message.
fn doctype_at(text: &str) -> Option<(usize, usize)> {
    let offset = text.find("<!DOCTYPE")?;
    let before = text.get(..offset)?;
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    Some((line, col))
}

fn parse_message(error: &roxmltree::Error) -> String {
    use roxmltree::Error as E;
    match error {
        E::DtdDetected => "the file has a DOCTYPE: skillgap refuses DTDs (they can expand entities without bound or read other files); Moodle never writes one, so remove the <!DOCTYPE …> line".to_owned(),
        E::NodesLimitReached => format!(
            "the file has more than {} XML nodes: split the question bank into several files",
            super::MAX_NODES
        ),
        E::UnknownEntityReference(entity, _) => format!(
            "unknown entity `&{entity};`: only XML's own entities (&amp; &lt; &gt; &quot; &apos;) and numeric ones are read; write the character itself"
        ),
        other => format!("not well-formed XML: {other}; fix the file (or export it again from Moodle)"),
    }
}

/// Element `name` under `node`.
fn child<'a, 'i>(node: Node<'a, 'i>, name: &str) -> Option<Node<'a, 'i>> {
    node.children().find(|n| n.has_tag_name(name))
}

/// The text of `<name><text>…</text></name>` under `node`, or of `<name>…</name>` itself.
fn child_text(node: Node<'_, '_>, name: &str) -> Option<String> {
    let element = child(node, name)?;
    Some(inner_text(element))
}

/// The text of an element's `<text>` child, or its own text when it has none.
fn inner_text(element: Node<'_, '_>) -> String {
    let holder = child(element, "text").unwrap_or(element);
    holder
        .children()
        .filter(|n| n.is_text())
        .filter_map(|n| n.text())
        .collect::<String>()
        .trim()
        .to_owned()
}

/// A numerical answer: value, tolerance, fraction (%), feedback, position.
type NumericAnswer = (f64, f64, f64, Option<String>, (usize, usize));

struct Reader<'t> {
    text: &'t str,
    /// Byte offset of each line's start: positions in O(log n), where roxmltree's
    /// `text_pos_at` scans from the start of the file each time.
    line_starts: Vec<usize>,
    builder: Builder,
    category: Option<usize>,
}

impl Reader<'_> {
    /// Line and column (in characters, from 1) of a node's start.
    fn pos(&self, node: Node<'_, '_>) -> (usize, usize) {
        let offset = node.range().start;
        let line = self.line_starts.partition_point(|&start| start <= offset);
        let start = self
            .line_starts
            .get(line.saturating_sub(1))
            .copied()
            .unwrap_or(0);
        let col = self
            .text
            .get(start..offset)
            .map_or(0, |s| s.chars().count());
        (line, col + 1)
    }

    fn warn(&mut self, at: (usize, usize), message: impl Into<String>) {
        self.builder.warn(at.0, at.1, message);
    }

    /// Plain text (names, short answers, units, tags): control and bidi characters removed
    /// and reported, whitespace runs made one space.
    fn plain(&mut self, text: &str, at: (usize, usize)) -> String {
        let (clean, removed) = without_forbidden(text);
        self.report_removed(removed, at);
        crate::text::one_line(&clean)
    }

    fn report_removed(&mut self, removed: usize, at: (usize, usize)) {
        if removed > 0 {
            let what = crate::text::plural(
                removed,
                "control or bidirectional-override character",
                "control or bidirectional-override characters",
            );
            self.warn(at, format!("removed {what}"));
        }
    }

    /// A text field in its `format` (attribute, else `default`) as segments.
    fn segments(&mut self, element: Node<'_, '_>, default: &str) -> Vec<Segment> {
        let at = self.pos(element);
        let format = element
            .attribute("format")
            .unwrap_or(default)
            .trim()
            .to_owned();
        let raw = inner_text(element);
        for file in element.children().filter(|n| n.has_tag_name("file")) {
            let name = file.attribute("name").unwrap_or("(no name)");
            let name = self.plain(name, at);
            self.warn(
                self.pos(file),
                format!("the embedded file `{name}` is not imported: skillgap shows text only"),
            );
        }
        let (raw, removed) = without_forbidden(&raw);
        self.report_removed(removed, at);
        match format.as_str() {
            "plain_text" | "wiki_like" => vec![Segment::Text(raw.trim().to_owned())],
            "markdown" => markdown_segments(&raw),
            other => {
                let converted = html::to_text(&raw, other == "moodle_auto_format");
                for message in conversion_notes(&converted) {
                    self.warn(at, message);
                }
                converted.segments
            }
        }
    }

    /// A text field as one text (code blocks fenced).
    fn text(&mut self, element: Option<Node<'_, '_>>, default: &str) -> String {
        let Some(element) = element else {
            return String::new();
        };
        let converted = html::Converted {
            segments: self.segments(element, default),
            ..html::Converted::default()
        };
        converted.joined().trim().to_owned()
    }

    /// The question text: the first code block becomes the question's code.
    fn rich(&mut self, element: Option<Node<'_, '_>>, default: &str) -> (String, Option<RawCode>) {
        let Some(element) = element else {
            return (String::new(), None);
        };
        let segments = self.segments(element, default);
        prompt_and_code(segments)
    }

    fn current_category(&mut self) -> usize {
        match self.category {
            Some(index) => index,
            None => self.builder.default_category(
                "Default",
                "Questions of the Moodle XML file written before any category.",
            ),
        }
    }

    fn question(&mut self, node: Node<'_, '_>) {
        let at = self.pos(node);
        let kind = node.attribute("type").unwrap_or("").trim().to_owned();
        if kind == "category" {
            self.category_question(node);
            return;
        }
        let name = child_text(node, "name").map(|n| self.plain(&n, at));
        let label = name.clone().unwrap_or_else(|| "(no name)".to_owned());
        let reason = match kind.as_str() {
            "multichoice" | "truefalse" | "shortanswer" | "numerical" | "matching" | "essay"
            | "ordering" => None,
            "description" => Some((
                "description",
                "a description is text shown between questions, not a question",
            )),
            "cloze" => Some((
                "cloze",
                "a cloze (embedded answers) question has several answers inside its text; skillgap questions have one answer: write each gap as its own question",
            )),
            "random" => Some((
                "random",
                "a random question is a placeholder drawn from a category, not a question",
            )),
            "" => Some(("without a type", "the question has no `type` attribute")),
            _ => None,
        };
        if let Some((short, why)) = reason {
            self.warn(at, format!("`{label}` skipped: {why}"));
            self.builder.skip(short);
            return;
        }
        if !matches!(
            kind.as_str(),
            "multichoice"
                | "truefalse"
                | "shortanswer"
                | "numerical"
                | "matching"
                | "essay"
                | "ordering"
        ) {
            let kind = self.plain(&kind, at);
            self.warn(
                at,
                format!("`{label}` skipped: the question type `{kind}` has no skillgap equivalent"),
            );
            self.builder.skip(&kind);
            return;
        }
        let text_format = child(node, "questiontext")
            .and_then(|q| q.attribute("format"))
            .unwrap_or("html")
            .to_owned();
        let (mut prompt, code) = self.rich(child(node, "questiontext"), "html");
        if prompt.is_empty() {
            match &name {
                Some(title) if !title.is_empty() => {
                    self.warn(
                        at,
                        "the question has no text: its name is used as the prompt",
                    );
                    prompt = title.clone();
                }
                _ => {
                    self.warn(at, "the question has no text and no name; question skipped");
                    self.builder.skip("empty");
                    return;
                }
            }
        }
        self.report_left_out(node, &label);
        let general = self.text(child(node, "generalfeedback"), &text_format);
        let (general, references) = split_references(&general);
        let mut feedback: Vec<String> = Vec::new();
        let converted = match kind.as_str() {
            "multichoice" => self.multichoice(node, &text_format),
            "truefalse" => self.truefalse(node, &text_format, &mut feedback),
            "shortanswer" => self.short(node, &text_format, &mut feedback),
            "numerical" => self.numerical(node, &text_format, &mut feedback),
            "matching" => self.matching(node, &text_format),
            "ordering" => self.ordering(node, &text_format, &mut feedback),
            _ => self.essay(node, &text_format, &general),
        };
        let Some((kind_value, answer_text)) = converted else {
            self.builder.skip(&format!("{kind} not convertible"));
            return;
        };
        let explanation = if matches!(kind_value, RawKind::Open { .. }) {
            answer_text
        } else {
            let mut parts: Vec<String> = Vec::new();
            if !general.is_empty() {
                parts.push(general);
            }
            for f in feedback {
                if !f.is_empty() && !parts.contains(&f) {
                    parts.push(f);
                }
            }
            if parts.is_empty() {
                self.builder.generated_explanation();
                answer_text
            } else {
                parts.join("\n\n")
            }
        };
        let idnumber = child_text(node, "idnumber").map(|i| self.plain(&i, at));
        let id =
            self.builder
                .question_id(idnumber.as_deref().map(|id| (id, at)), name.as_deref(), at);
        let mut tags: Vec<String> = Vec::new();
        if let Some(list) = child(node, "tags") {
            for tag in list.children().filter(|n| n.has_tag_name("tag")) {
                let value = self.plain(&inner_text(tag), at);
                if !value.is_empty() && !tags.contains(&value) {
                    tags.push(value);
                }
            }
        }
        // As Moodle reads it: a multichoice without `shuffleanswers` keeps its order.
        let shuffle = match child_text(node, "shuffleanswers") {
            Some(s) => !matches!(s.as_str(), "false" | "0" | ""),
            None => kind != "multichoice",
        };
        let question = RawQuestion {
            id,
            category: None,
            difficulty: Difficulty::Medium,
            fitted_difficulty: None,
            tags,
            prompt,
            code,
            kind: kind_value,
            shuffle,
            explanation,
            references,
        };
        let category = self.current_category();
        self.builder.add(question, category, at);
    }

    /// Hints and the overall feedback for right, partly right and wrong answers have no
    /// place in skillgap (it shows the explanation and each choice's why): reported when
    /// they say more than Moodle's defaults.
    fn report_left_out(&mut self, node: Node<'_, '_>, label: &str) {
        let at = self.pos(node);
        let hints = node
            .children()
            .filter(|n| n.has_tag_name("hint"))
            .filter(|n| !inner_text(*n).is_empty())
            .count();
        if hints > 0 {
            self.warn(at, format!("`{label}`: its {hints} hint(s) are left out (skillgap has no hints; put what they say in the explanation)"));
        }
        const DEFAULTS: [&str; 4] = [
            "",
            "Your answer is correct.",
            "Your answer is partially correct.",
            "Your answer is incorrect.",
        ];
        let overall = [
            "correctfeedback",
            "partiallycorrectfeedback",
            "incorrectfeedback",
        ]
        .into_iter()
        .filter_map(|name| child(node, name))
        .map(|n| html::to_text(&inner_text(n), false).joined())
        .any(|text| !DEFAULTS.contains(&text.trim()));
        if overall {
            self.warn(at, format!("`{label}`: its overall feedback for right, partly right and wrong answers is left out (skillgap shows the explanation and each choice's why)"));
        }
    }

    fn category_question(&mut self, node: Node<'_, '_>) {
        let at = self.pos(node);
        let path = child_text(node, "category").unwrap_or_default();
        let path = self.plain(&path, at);
        let description = child(node, "info").map(|info| self.text(Some(info), "html"));
        // A category's idnumber is often free text in Moodle: one that is no valid id gives
        // way to the title (a question's idnumber, and GIFT's `[id:...]`, are made valid).
        let idnumber = child_text(node, "idnumber")
            .map(|i| self.plain(&i, at))
            .filter(|i| valid_id(i));
        match self
            .builder
            .category(&path, idnumber.as_deref(), description, at)
        {
            Some(index) => self.category = Some(index),
            None => self.warn(
                at,
                "this category names only the top of the question bank: the questions after it stay in the previous category",
            ),
        }
    }

    /// `fraction="…"` in percent (0 when missing or unreadable, reported).
    fn fraction(&mut self, answer: Node<'_, '_>) -> f64 {
        let written = answer.attribute("fraction").unwrap_or("0").trim();
        match written.parse::<f64>() {
            Ok(value) if value.is_finite() => value,
            _ => {
                self.warn(
                    self.pos(answer),
                    format!(
                        "the fraction `{}` is not a number: taken as 0",
                        written.chars().take(40).collect::<String>()
                    ),
                );
                0.0
            }
        }
    }

    fn answers<'a, 'i>(node: Node<'a, 'i>) -> Vec<Node<'a, 'i>> {
        node.children()
            .filter(|n| n.has_tag_name("answer"))
            .collect()
    }

    fn feedback(&mut self, answer: Node<'_, '_>, format: &str) -> Option<String> {
        let text = self.text(child(answer, "feedback"), format);
        (!text.is_empty()).then_some(text)
    }

    fn multichoice(&mut self, node: Node<'_, '_>, format: &str) -> Option<(RawKind, String)> {
        let at = self.pos(node);
        let single =
            child_text(node, "single").is_none_or(|s| !matches!(s.as_str(), "false" | "0" | ""));
        let mut choices: Vec<RawChoice> = Vec::new();
        let mut weights: Vec<f64> = Vec::new();
        for answer in Self::answers(node) {
            let answer_at = self.pos(answer);
            let text = self.text(Some(answer), format);
            let weight = self.fraction(answer);
            if text.is_empty() {
                self.warn(answer_at, "an empty choice; question skipped");
                return None;
            }
            let correct = if single {
                if weight > 0.0 && weight < 100.0 {
                    self.warn(answer_at, format!("partial credit ({weight}%) has no equivalent in a single-answer question: `{text}` counts as wrong"));
                }
                weight >= 99.999
            } else {
                weight > 0.0
            };
            if correct {
                weights.push(weight);
            }
            let why = self.feedback(answer, format);
            choices.push(RawChoice { text, correct, why });
        }
        let Some(text) = right_choices_text(&choices) else {
            self.warn(at, "no choice has a positive fraction; question skipped");
            return None;
        };
        let right = choices.iter().filter(|c| c.correct).count();
        if single && right == 1 {
            return Some((RawKind::Single { choices }, text));
        }
        if single {
            self.warn(at, format!("{right} choices are worth 100%: Moodle accepts any one of them, skillgap asks for all of them (a Multi question)"));
        } else if weights.windows(2).any(|w| (w[0] - w[1]).abs() > 0.01) {
            self.warn(at, "the right choices have different fractions: skillgap gives each right choice the same credit");
        }
        Some((RawKind::Multi { choices }, text))
    }

    fn truefalse(
        &mut self,
        node: Node<'_, '_>,
        format: &str,
        feedback: &mut Vec<String>,
    ) -> Option<(RawKind, String)> {
        let at = self.pos(node);
        let mut answer = None;
        let mut right_feedback = None;
        let mut wrong_feedback = None;
        for (index, element) in Self::answers(node).into_iter().enumerate() {
            let word = inner_text(element).to_ascii_lowercase();
            let says_true = match word.as_str() {
                "true" => true,
                "false" => false,
                // Old exports wrote a translated word: Moodle then assumes true, then false.
                _ => index == 0,
            };
            let right = self.fraction(element) >= 99.999;
            let text = self.feedback(element, format);
            if right {
                answer = Some(says_true);
                right_feedback = text;
            } else {
                wrong_feedback = text;
            }
        }
        let Some(answer) = answer else {
            self.warn(
                at,
                "neither `true` nor `false` has fraction 100; question skipped",
            );
            return None;
        };
        feedback.extend(right_feedback);
        feedback.extend(wrong_feedback);
        let word = if answer { "True." } else { "False." };
        Some((RawKind::TrueFalse { answer }, word.to_owned()))
    }

    fn short(
        &mut self,
        node: Node<'_, '_>,
        format: &str,
        feedback: &mut Vec<String>,
    ) -> Option<(RawKind, String)> {
        let at = self.pos(node);
        let case_sensitive = child_text(node, "usecase").is_some_and(|u| u == "1" || u == "true");
        let mut accept: Vec<String> = Vec::new();
        for answer in Self::answers(node) {
            let answer_at = self.pos(answer);
            let written = inner_text(answer);
            let written = self.plain(&written, answer_at);
            let weight = self.fraction(answer);
            if weight <= 0.0 {
                self.warn(answer_at, format!("the answer `{written}` is worth {weight}%: skillgap keeps only accepted answers, so it is left out"));
                continue;
            }
            let (form, wildcard) = unescape_wildcards(&written);
            if form.is_empty() || form == "*" && wildcard {
                self.warn(answer_at, "an answer that accepts anything (`*`) or nothing has no use in skillgap: left out");
                continue;
            }
            if wildcard {
                self.warn(answer_at, format!("`{written}`: Moodle's wildcard `*` is compared as a literal `*` in skillgap"));
            }
            if weight < 99.999 {
                self.warn(answer_at, format!("the answer `{form}` is worth {weight}% in Moodle: skillgap accepts it as fully right"));
            }
            feedback.extend(self.feedback(answer, format));
            if !accept.contains(&form) {
                accept.push(form);
            }
        }
        if accept.is_empty() {
            self.warn(at, "no accepted answer is left; question skipped");
            return None;
        }
        Some(short(accept, case_sensitive))
    }

    fn numerical(
        &mut self,
        node: Node<'_, '_>,
        format: &str,
        feedback: &mut Vec<String>,
    ) -> Option<(RawKind, String)> {
        let at = self.pos(node);
        let mut answers: Vec<NumericAnswer> = Vec::new();
        for answer in Self::answers(node) {
            let answer_at = self.pos(answer);
            let written = inner_text(answer);
            let weight = self.fraction(answer);
            let text = self.feedback(answer, format);
            if written == "*" {
                // Moodle's "any other answer": its feedback is for wrong answers.
                feedback.extend(text);
                continue;
            }
            let Ok(value) = written.trim().parse::<f64>() else {
                let shown = self.plain(&written, answer_at);
                self.warn(
                    answer_at,
                    format!("`{shown}` is not a number: answer left out"),
                );
                continue;
            };
            let tolerance = child_text(answer, "tolerance")
                .and_then(|t| t.trim().parse::<f64>().ok())
                .filter(|t| t.is_finite())
                .map_or(0.0, f64::abs);
            if value.is_finite() {
                answers.push((value, tolerance, weight, text, answer_at));
            }
        }
        let full = answers.iter().position(|a| a.2 >= 99.999);
        let chosen = match full {
            Some(index) => index,
            None => {
                let best = answers
                    .iter()
                    .enumerate()
                    .filter(|(_, a)| a.2 > 0.0)
                    .max_by(|a, b| a.1.2.total_cmp(&b.1.2))
                    .map(|(i, _)| i);
                let Some(best) = best else {
                    self.warn(
                        at,
                        "no numerical answer has a positive fraction; question skipped",
                    );
                    return None;
                };
                let (_, _, weight, _, best_at) = answers.get(best)?;
                let (weight, best_at) = (*weight, *best_at);
                self.warn(
                    best_at,
                    format!(
                        "no answer is worth 100%: the {weight}% answer is taken as the right one"
                    ),
                );
                best
            }
        };
        let (answer, tolerance, _, chosen_feedback, _) = answers.get(chosen)?.clone();
        for (index, other) in answers.iter().enumerate() {
            if index != chosen {
                self.warn(
                    other.4,
                    format!(
                        "the answer {} ({}%) is left out: skillgap keeps one right number",
                        other.0, other.2
                    ),
                );
                if other.2 <= 0.0 {
                    feedback.extend(other.3.clone());
                }
            }
        }
        feedback.insert(0, chosen_feedback.unwrap_or_default());
        let mut unit = None;
        if let Some(units) = child(node, "units") {
            for element in units.children().filter(|n| n.has_tag_name("unit")) {
                let unit_at = self.pos(element);
                let name = child_text(element, "unit_name").unwrap_or_default();
                let name = self.plain(&name, unit_at);
                let multiplier = child_text(element, "multiplier")
                    .and_then(|m| m.trim().parse::<f64>().ok())
                    .unwrap_or(1.0);
                if unit.is_none() && (multiplier - 1.0).abs() < 1e-12 && !name.is_empty() {
                    unit = Some(name);
                } else if !name.is_empty() {
                    self.warn(unit_at, format!("the unit `{name}` (× {multiplier}) is left out: skillgap accepts one unit"));
                }
            }
        }
        let text = match &unit {
            Some(unit) if tolerance > 0.0 => {
                format!("The answer is {answer} {unit} (± {tolerance}).")
            }
            Some(unit) => format!("The answer is {answer} {unit}."),
            None if tolerance > 0.0 => format!("The answer is {answer} (± {tolerance})."),
            None => format!("The answer is {answer}."),
        };
        Some((
            RawKind::Numeric {
                answer,
                tolerance,
                unit,
            },
            text,
        ))
    }

    fn matching(&mut self, node: Node<'_, '_>, format: &str) -> Option<(RawKind, String)> {
        let at = self.pos(node);
        let mut pairs = Vec::new();
        let mut distractors = Vec::new();
        for sub in node.children().filter(|n| n.has_tag_name("subquestion")) {
            let sub_at = self.pos(sub);
            let left = self.text(Some(sub), format);
            let right = child_text(sub, "answer").unwrap_or_default();
            let right = self.plain(&right, sub_at);
            if right.is_empty() {
                self.warn(sub_at, "a subquestion without an answer is left out");
                continue;
            }
            if left.is_empty() {
                distractors.push(right);
            } else {
                pairs.push(RawPair { left, right });
            }
        }
        match matching(pairs, distractors) {
            Ok(kind) => Some(kind),
            Err(why) => {
                self.warn(at, why);
                None
            }
        }
    }

    fn ordering(
        &mut self,
        node: Node<'_, '_>,
        format: &str,
        feedback: &mut Vec<String>,
    ) -> Option<(RawKind, String)> {
        let at = self.pos(node);
        let mut items: Vec<(f64, usize, String)> = Vec::new();
        for (index, answer) in Self::answers(node).into_iter().enumerate() {
            let text = self.text(Some(answer), format);
            // Each item's feedback goes to the explanation, after the item.
            if let Some(said) = self.feedback(answer, format) {
                feedback.push(format!("{text}: {said}"));
            }
            let place = answer
                .attribute("fraction")
                .and_then(|f| f.trim().parse::<f64>().ok())
                .filter(|f| f.is_finite())
                .unwrap_or(index as f64 + 1.0);
            if !text.is_empty() {
                items.push((place, index, text));
            }
        }
        // qtype_ordering writes the items in their right order, numbered by `fraction`.
        items.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        let items: Vec<String> = items.into_iter().map(|(_, _, text)| text).collect();
        if items.len() < 2 {
            self.warn(
                at,
                "an ordering question needs at least 2 items; question skipped",
            );
            return None;
        }
        let text = format!("The right order is: {}.", items.join(" → "));
        Some((RawKind::Order { items }, text))
    }

    fn essay(
        &mut self,
        node: Node<'_, '_>,
        format: &str,
        general: &str,
    ) -> Option<(RawKind, String)> {
        let at = self.pos(node);
        let grader = self.text(child(node, "graderinfo"), format);
        let (model, points) = split_rubric(&grader);
        let model = if model.is_empty() {
            self.warn(at, "essay without grader information: its model answer says none was given; write one in the pack");
            NO_MODEL_ANSWER.to_owned()
        } else {
            model
        };
        let rubric = if points.is_empty() {
            self.warn(at, format!("essay: Moodle has no rubric, so it has the single point \"{OPEN_RUBRIC}\": write the points a good answer makes in the pack's `rubric`"));
            vec![OPEN_RUBRIC.to_owned()]
        } else {
            points
        };
        let explanation = if general.is_empty() {
            OPEN_EXPLANATION.to_owned()
        } else {
            general.to_owned()
        };
        Some((
            RawKind::Open {
                model_answer: model,
                rubric,
            },
            explanation,
        ))
    }
}

/// Grader information as `export` writes it ("model\n\nRubric:\n- a\n- b") → the model
/// answer and the rubric points (none when there is no such block).
fn split_rubric(grader: &str) -> (String, Vec<String>) {
    let marker = format!("{RUBRIC_LABEL}\n");
    let start = if grader.starts_with(&marker) {
        Some(0)
    } else {
        grader.rfind(&format!("\n\n{marker}")).map(|i| i + 2)
    };
    if let Some(start) = start {
        let block = grader.get(start + marker.len()..).unwrap_or("");
        let points: Option<Vec<String>> = block
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| l.trim().strip_prefix("- ").map(|p| p.trim().to_owned()))
            .collect();
        if let Some(points) = points.filter(|p| !p.is_empty() && p.iter().all(|x| !x.is_empty())) {
            return (grader.get(..start).unwrap_or("").trim().to_owned(), points);
        }
    }
    (grader.trim().to_owned(), Vec::new())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rubric_is_read_back_from_grader_information() {
        let (model, points) = split_rubric("Use an index.\n\nRubric:\n- names B-tree\n- says why");
        assert_eq!(model, "Use an index.");
        assert_eq!(points, vec!["names B-tree", "says why"]);
        assert_eq!(
            split_rubric("Just text"),
            ("Just text".to_owned(), Vec::new())
        );
    }
}
