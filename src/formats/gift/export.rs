//! A checked pack → GIFT text for Moodle, plus the questions left out (kinds GIFT cannot
//! express) and what was approximated, each with the question id and the reason.
//!
//! Choices made (also in the README, "Moodle GIFT"):
//! - Question texts, choices and feedback are written as `[html]`: code blocks become
//!   `<pre><code class="language-x">`, inline backticks `<code>`, line breaks `<br>`.
//!   Short-answer forms, numbers and the right side of matching pairs are plain text, as
//!   Moodle reads them.
//! - Multi: each right choice weighs 100/k % (k right choices), each wrong one −100/w %
//!   (w wrong choices): the same scoring as skillgap's, floored at 0 by Moodle too.
//! - Open → essay; its model answer and rubric go first into the general feedback, labelled
//!   so that `import` reads them back. References end the general feedback.
//! - A unit is written at the end of the prompt as "(unit: x)".
//! - Order has no GIFT form: left out and reported.

use super::html;
use super::layout::{MODEL_ANSWER_LABEL, REFERENCES_LABEL, RUBRIC_LABEL, UNIT_PREFIX};
use crate::pack::{Kind, Pack, Question};
use crate::text::one_line;

/// A question left out or changed on the way out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub id: String,
    pub message: String,
}

/// Why a question has no form in the target format and is left out (shown as its note).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Unexportable {
    /// A Multi question with more right choices than Moodle's grade table can share out.
    #[error(
        "{right} right choices: Moodle's grades cannot give each a share summing to 100% (at most 20)"
    )]
    TooManyRight { right: usize },
    #[error("the accepted answer `{form}` contains `->`, which GIFT reads as a matching pair")]
    ArrowInAnswer { form: String },
    #[error(
        "the accepted answer `{form}` starts with `%`, which GIFT reads as a weight (Moodle has no way to write it)"
    )]
    WeightLikeAnswer { form: String },
    #[error(
        "the answer `{form}` starts with a format marker (`[html]`, `[moodle]`, `[plain]` or `[markdown]`), which GIFT reads as the answer's format, not its text"
    )]
    MarkerLikeAnswer { form: String },
    #[error("the pair `{left} / {right}` contains `->`, which GIFT uses to separate a pair")]
    ArrowInPair { left: String, right: String },
    #[error(
        "an Order question has no GIFT form (Moodle's ordering questions cannot be imported from GIFT)"
    )]
    OrderInGift,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Exported {
    pub text: String,
    pub written: usize,
    /// Questions left out, with why.
    pub skipped: Vec<Note>,
    /// Questions written with something approximated or lost.
    pub approximated: Vec<Note>,
}

impl Exported {
    /// Counts the question `id` written, with what was approximated on the way, or skipped
    /// with why.
    pub fn record(
        &mut self,
        id: &str,
        written: Result<(), impl std::fmt::Display>,
        approximated: Vec<String>,
    ) {
        let note = |message| Note {
            id: id.to_owned(),
            message,
        };
        match written {
            Ok(()) => {
                self.written += 1;
                self.approximated.extend(approximated.into_iter().map(note));
            }
            Err(why) => self.skipped.push(note(why.to_string())),
        }
    }
}

/// Grades Moodle accepts for an answer (percent); others are refused on import.
const MOODLE_GRADES: [f64; 20] = [
    100.0, 90.0, 83.33333, 80.0, 75.0, 70.0, 66.66667, 60.0, 50.0, 40.0, 33.33333, 30.0, 25.0,
    20.0, 16.66667, 14.28571, 12.5, 11.11111, 10.0, 5.0,
];

pub fn export(pack: &Pack) -> Exported {
    let mut out = Exported::default();
    out.text.push_str(&format!(
        "// Exported by skillgap from the pack `{}` {} ({}).\n// Difficulty, shuffle, case sensitivity and typo tolerance have no GIFT form and are not written.\n\n",
        one_line(&pack.meta.id),
        one_line(&pack.meta.version),
        one_line(&pack.meta.title)
    ));
    for category in &pack.categories {
        let questions: Vec<&Question> = pack.questions_in(&category.id).collect();
        if questions.is_empty() {
            continue;
        }
        out.text.push_str(&format!(
            "// [id:{}]\n$CATEGORY: $course$/top/{}\n\n",
            category.id,
            one_line(&category.title).replace('/', "//")
        ));
        for question in questions {
            let mut notes = Vec::new();
            let written = write_question(question, &mut notes).map(|text| {
                out.text.push_str(&text);
                out.text.push_str("\n\n");
            });
            out.record(&question.id, written, notes);
        }
    }
    out
}

/// GIFT escapes: the special characters get a backslash, line breaks become `\n`.
fn gift(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '~' | '=' | '#' | '{' | '}' | ':' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out
}

/// Rich text: HTML-escaped, `` `x` `` as `<code>x</code>`, then GIFT-escaped. A leading `%`
/// is written `&#37;`: at the start of an answer GIFT would read it as a weight.
fn rich(text: &str) -> String {
    let html = html::render(text);
    // A text starting with `[html]`, `[plain]`, `[markdown]` or `[moodle]` would lose those
    // words to Moodle's format marker: its `[` is written as an entity.
    let html = match super::parse::Format::strip_marker(&html) {
        (Some(_), _) => {
            let at = html.len() - html.trim_start().len();
            format!("{}&#91;{}", &html[..at], &html[at + 1..])
        }
        (None, _) => html,
    };
    let html = match html.trim_start().strip_prefix('%') {
        Some(rest) => format!("&#37;{rest}"),
        None => html,
    };
    gift(&html)
}

/// Whether a text written plain would lose its start to a format marker: an answer is
/// plain text, with no entity to write its `[` otherwise.
fn starts_with_marker(text: &str) -> bool {
    super::parse::Format::strip_marker(text).0.is_some()
}

/// Plain text (answers Moodle reads literally): GIFT-escaped only.
fn plain(text: &str) -> String {
    gift(text.trim())
}

fn number(x: f64) -> String {
    format!("{x}")
}

/// A weight as Moodle accepts it: the nearest allowed grade, and whether it had to move.
fn grade(percent: f64) -> (String, bool) {
    let nearest = MOODLE_GRADES
        .iter()
        .copied()
        .min_by(|a, b| (a - percent).abs().total_cmp(&(b - percent).abs()))
        .unwrap_or(100.0);
    let moved = (nearest - percent).abs() > 0.001;
    let written = format!("{nearest:.5}");
    let written = written
        .trim_end_matches('0')
        .trim_end_matches('.')
        .to_owned();
    (written, moved)
}

fn write_question(q: &Question, notes: &mut Vec<String>) -> Result<String, Unexportable> {
    let mut head = format!("// [id:{}]\n", q.id);
    if !q.tags.is_empty() {
        let tags: Vec<String> = q
            .tags
            .iter()
            .map(|t| format!("[tag:{}]", one_line(t).replace(']', "\\]")))
            .collect();
        head.push_str(&format!("// {}\n", tags.join(" ")));
    }
    let mut prompt = q.prompt.clone();
    if let Kind::Numeric {
        unit: Some(unit), ..
    } = &q.kind
    {
        prompt.push_str(&format!("{UNIT_PREFIX}{unit})"));
        notes.push(format!(
            "GIFT has no unit: \"(unit: {unit})\" is written at the end of the prompt"
        ));
    }
    let mut text = rich(&prompt);
    if let Some(code) = &q.code {
        text.push_str(&gift(&html::code_block(&code.language, &code.text)));
    }
    let mut general = String::new();
    let answers = match &q.kind {
        Kind::Single { choices, answer } => {
            let lines: Vec<String> = choices
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    let mark = if i == *answer { "=" } else { "~" };
                    format!("\t{mark}{}{}", rich(&c.text), why(c.why.as_deref()))
                })
                .collect();
            format!("{{\n{}\n", lines.join("\n"))
        }
        Kind::Multi { choices, correct } => {
            let right = correct.len();
            let wrong = choices.len() - right;
            // Right choices share 100% in grades Moodle accepts (it refuses other sums).
            let Some(right_weights) = crate::formats::moodle::right_weights(right) else {
                return Err(Unexportable::TooManyRight { right });
            };
            if right > 10 {
                notes.push(format!(
                    "{right} right choices: weights of 10% and 5% (Moodle has no 100/{right}% grade), summing to 100%"
                ));
            }
            let (wrong_weight, wrong_moved) = grade(100.0 / wrong.max(1) as f64);
            if wrong > 0 && wrong_moved {
                notes.push(
                    "more than 10 wrong choices: their weights rounded to the grades Moodle accepts"
                        .to_owned(),
                );
            }
            let mut right_weights = right_weights.into_iter();
            let lines: Vec<String> = choices
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    let weight = if correct.contains(&i) {
                        crate::formats::moodle::grade_text(right_weights.next().unwrap_or(0.0))
                    } else {
                        format!("-{wrong_weight}")
                    };
                    format!("\t~%{weight}%{}{}", rich(&c.text), why(c.why.as_deref()))
                })
                .collect();
            format!("{{\n{}\n", lines.join("\n"))
        }
        Kind::TrueFalse { answer } => {
            format!("{{{}", if *answer { "TRUE" } else { "FALSE" })
        }
        Kind::Short {
            accept,
            case_sensitive,
            typos,
        } => {
            if *case_sensitive {
                notes.push(
                    "GIFT cannot ask for case-sensitive answers: Moodle will ignore case"
                        .to_owned(),
                );
            }
            if *typos > 0 {
                notes.push(format!(
                    "GIFT has no typo tolerance: Moodle will not accept the {typos} typo(s) skillgap allows"
                ));
            }
            if let Some(form) = accept.iter().find(|a| a.contains("->")) {
                return Err(Unexportable::ArrowInAnswer { form: form.clone() });
            }
            if let Some(form) = accept.iter().find(|a| a.trim_start().starts_with('%')) {
                return Err(Unexportable::WeightLikeAnswer { form: form.clone() });
            }
            if let Some(form) = accept.iter().find(|a| starts_with_marker(a)) {
                return Err(Unexportable::MarkerLikeAnswer { form: form.clone() });
            }
            // Moodle reads a bare `*` as a wildcard: a literal one is written `\*`.
            let forms: Vec<String> = accept
                .iter()
                .map(|a| format!("\t={}", plain(a).replace('*', "\\*")))
                .collect();
            format!("{{\n{}\n", forms.join("\n"))
        }
        Kind::Numeric {
            answer, tolerance, ..
        } => {
            if *tolerance > 0.0 {
                format!("{{#{}:{}", number(*answer), number(*tolerance))
            } else {
                format!("{{#{}", number(*answer))
            }
        }
        Kind::Match { pairs, distractors } => {
            if let Some(pair) = pairs
                .iter()
                .find(|p| p.left.contains("->") || p.right.contains("->"))
            {
                return Err(Unexportable::ArrowInPair {
                    left: pair.left.clone(),
                    right: pair.right.clone(),
                });
            }
            if let Some(form) = pairs
                .iter()
                .map(|p| &p.right)
                .chain(distractors)
                .find(|right| starts_with_marker(right))
            {
                return Err(Unexportable::MarkerLikeAnswer { form: form.clone() });
            }
            let mut lines: Vec<String> = pairs
                .iter()
                .map(|p| format!("\t={} -> {}", rich(&p.left), plain(&p.right)))
                .collect();
            lines.extend(distractors.iter().map(|d| format!("\t= -> {}", plain(d))));
            format!("{{\n{}\n", lines.join("\n"))
        }
        Kind::Open {
            model_answer,
            rubric,
        } => {
            general.push_str(&format!(
                "{MODEL_ANSWER_LABEL}\n{model_answer}\n\n{RUBRIC_LABEL}\n"
            ));
            for point in rubric {
                general.push_str(&format!("- {}\n", one_line(point)));
            }
            general.push('\n');
            "{".to_owned()
        }
        Kind::Order { .. } => {
            return Err(Unexportable::OrderInGift);
        }
    };
    general.push_str(&q.explanation);
    if !q.references.is_empty() {
        general.push_str(&format!("\n\n{REFERENCES_LABEL}\n"));
        let refs: Vec<String> = q
            .references
            .iter()
            .map(|r| format!("- {}", one_line(r)))
            .collect();
        general.push_str(&refs.join("\n"));
    }
    let closing = format!("####{}\n}}", rich(general.trim()));
    let closing = if answers.ends_with('\n') {
        format!("\t{closing}")
    } else {
        closing
    };
    Ok(format!("{head}::{}::[html]{text}{answers}{closing}", q.id))
}

fn why(text: Option<&str>) -> String {
    match text {
        Some(text) => format!(" #{}", rich(text)),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weights_are_moodle_grades() {
        assert_eq!(grade(100.0 / 3.0), ("33.33333".to_owned(), false));
        assert_eq!(grade(50.0), ("50".to_owned(), false));
        assert_eq!(grade(100.0 / 7.0), ("14.28571".to_owned(), false));
        assert_eq!(grade(100.0 / 12.0), ("10".to_owned(), true));
    }

    #[test]
    fn escapes_every_special_character() {
        assert_eq!(
            gift("a~b=c#d{e}f:g\\h\ni"),
            "a\\~b\\=c\\#d\\{e\\}f\\:g\\\\h\\ni"
        );
        assert_eq!(rich("use `a<b` & co"), "use <code>a&lt;b</code> &amp; co");
        assert_eq!(rich("%x% of it"), "&\\#37;x% of it");
    }
}
