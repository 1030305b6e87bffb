//! A checked pack → Moodle XML in the shape Moodle's own exporter writes (and its importer,
//! `question/format/xml/format.php`, reads): a `category` question per category, then its
//! questions. Every text goes through the escaping writer.
//!
//! Choices made (also in the README, "Bring your material"):
//! - Texts are `format="html"` (code blocks as `<pre><code class="language-x">`); short
//!   answers, numbers, units and the right side of matching pairs are plain, as Moodle reads
//!   them. A literal `*` in a short answer is written `\*` (Moodle's bare `*` is a wildcard).
//! - Multi: right choices share 100% in Moodle grades (10%/5% mixes beyond 10 right choices;
//!   more than 20 cannot be written and are reported); wrong ones share −100%.
//! - Open → essay: the model answer and a labelled rubric go to `graderinfo`.
//! - Order → `ordering` (Moodle 4.4+ core, the `qtype_ordering` plugin before).
//! - References end the general feedback; the question id is the `idnumber` and the name.
//! - Difficulty and typo tolerance have no Moodle form: reported once per pack.

use super::super::gift::export::{Exported, Unexportable};
use super::super::gift::html;
use super::super::gift::layout::{REFERENCES_LABEL, RUBRIC_LABEL};
use super::xml::Writer;
use super::{grade_text, nearest_grade, right_weights};
use crate::pack::{Choice, Kind, Pack, Question};

pub fn export(pack: &Pack) -> Exported {
    let mut out = Exported::default();
    let mut xml = Writer::new();
    xml.open("quiz", &[]);
    xml.comment(&format!(
        "Exported by skillgap from the pack {} {} ({}). Difficulty and typo tolerance have no Moodle form and are not written.",
        pack.meta.id, pack.meta.version, pack.meta.title
    ));
    for category in &pack.categories {
        let questions: Vec<&Question> = pack.questions_in(&category.id).collect();
        if questions.is_empty() {
            continue;
        }
        xml.open("question", &[("type", "category")]);
        xml.open("category", &[]);
        xml.leaf(
            "text",
            &[],
            &format!("$course$/top/{}", category.title.trim().replace('/', "//")),
        );
        xml.close("category");
        xml.text_field(
            "info",
            "html",
            &html::render(category.description.as_deref().unwrap_or("")),
        );
        xml.leaf("idnumber", &[], &category.id);
        xml.close("question");
        for question in questions {
            let mut notes = Vec::new();
            let written = write_question(&mut xml, question, &mut notes);
            out.record(&question.id, written, notes);
        }
    }
    xml.close("quiz");
    out.text = xml.finish();
    out
}

/// A multichoice question's settings before its answers (`single`: one right answer).
fn multichoice_settings(xml: &mut Writer, single: bool, shuffle: bool) {
    xml.leaf("single", &[], if single { "true" } else { "false" });
    xml.leaf(
        "shuffleanswers",
        &[],
        if shuffle { "true" } else { "false" },
    );
    xml.leaf("answernumbering", &[], "abc");
    xml.leaf("showstandardinstruction", &[], "0");
    combined_feedback(xml);
}

/// A choice as a multichoice answer worth `fraction` percent, with its why as feedback.
fn choice_answer(xml: &mut Writer, fraction: &str, choice: &Choice) {
    xml.open("answer", &[("fraction", fraction), ("format", "html")]);
    xml.leaf("text", &[], &rich(&choice.text));
    feedback(xml, choice.why.as_deref());
    xml.close("answer");
}

/// A text with its line breaks as `<br>` and backticks as `<code>`.
fn rich(text: &str) -> String {
    html::render(text.trim())
}

/// Moodle short answers: `*` is a wildcard, so a literal one is written `\*`.
fn literal_stars(form: &str) -> String {
    form.trim().replace('*', "\\*")
}

fn number(x: f64) -> String {
    format!("{x}")
}

fn feedback(xml: &mut Writer, why: Option<&str>) {
    xml.text_field("feedback", "html", &why.map(rich).unwrap_or_default());
}

fn combined_feedback(xml: &mut Writer) {
    for name in [
        "correctfeedback",
        "partiallycorrectfeedback",
        "incorrectfeedback",
    ] {
        let name: &'static str = name;
        xml.text_field(name, "html", "");
    }
}

fn write_question(
    xml: &mut Writer,
    q: &Question,
    notes: &mut Vec<String>,
) -> Result<(), Unexportable> {
    let moodle_type = match &q.kind {
        Kind::Single { .. } | Kind::Multi { .. } => "multichoice",
        Kind::TrueFalse { .. } => "truefalse",
        Kind::Short { .. } => "shortanswer",
        Kind::Numeric { .. } => "numerical",
        Kind::Match { .. } => "matching",
        Kind::Order { .. } => "ordering",
        Kind::Open { .. } => "essay",
    };
    // Checks that can refuse the question come before anything is written.
    if let Kind::Multi { correct, .. } = &q.kind
        && right_weights(correct.len()).is_none()
    {
        return Err(Unexportable::TooManyRight {
            right: correct.len(),
        });
    }
    let mut question_text = rich(&q.prompt);
    if let Some(code) = &q.code {
        question_text.push_str(&html::code_block(&code.language, &code.text));
    }
    let mut general = q.explanation.trim().to_owned();
    if !q.references.is_empty() {
        general.push_str(&format!("\n\n{REFERENCES_LABEL}\n"));
        let refs: Vec<String> = q
            .references
            .iter()
            .map(|r| format!("- {}", r.trim()))
            .collect();
        general.push_str(&refs.join("\n"));
    }
    xml.open("question", &[("type", moodle_type)]);
    xml.open("name", &[]);
    xml.leaf("text", &[], &q.id);
    xml.close("name");
    xml.text_field("questiontext", "html", &question_text);
    xml.text_field("generalfeedback", "html", &rich(&general));
    xml.leaf("defaultgrade", &[], "1");
    xml.leaf("penalty", &[], "0.3333333");
    xml.leaf("hidden", &[], "0");
    xml.leaf("idnumber", &[], &q.id);
    match &q.kind {
        Kind::Single { choices, answer } => {
            multichoice_settings(xml, true, q.shuffle);
            for (i, choice) in choices.iter().enumerate() {
                let fraction = if i == *answer { "100" } else { "0" };
                choice_answer(xml, fraction, choice);
            }
        }
        Kind::Multi { choices, correct } => {
            let mut right = right_weights(correct.len()).unwrap_or_default().into_iter();
            let wrong = choices.len() - correct.len();
            let (wrong_weight, moved) = nearest_grade(-100.0 / wrong.max(1) as f64);
            if wrong > 0 && moved {
                notes.push(format!(
                    "{wrong} wrong choices: each takes away {}% (the nearest grade Moodle accepts)",
                    -wrong_weight
                ));
            }
            if correct.len() > 10 {
                notes.push(format!(
                    "{} right choices: weights of 10% and 5% (Moodle has no 100/{}% grade), summing to 100%",
                    correct.len(),
                    correct.len()
                ));
            }
            multichoice_settings(xml, false, q.shuffle);
            xml.leaf("shownumcorrect", &[], "");
            for (i, choice) in choices.iter().enumerate() {
                let weight = if correct.contains(&i) {
                    right.next().unwrap_or(0.0)
                } else {
                    wrong_weight
                };
                choice_answer(xml, &grade_text(weight), choice);
            }
        }
        Kind::TrueFalse { answer } => {
            for (word, value) in [("true", true), ("false", false)] {
                let fraction = if value == *answer { "100" } else { "0" };
                xml.open(
                    "answer",
                    &[("fraction", fraction), ("format", "moodle_auto_format")],
                );
                xml.leaf("text", &[], word);
                feedback(xml, None);
                xml.close("answer");
            }
        }
        Kind::Short {
            accept,
            case_sensitive,
            typos,
        } => {
            if *typos > 0 {
                notes.push(format!(
                    "Moodle has no typo tolerance: it will not accept the {typos} typo(s) skillgap allows"
                ));
            }
            xml.leaf("usecase", &[], if *case_sensitive { "1" } else { "0" });
            for form in accept {
                xml.open(
                    "answer",
                    &[("fraction", "100"), ("format", "moodle_auto_format")],
                );
                xml.leaf("text", &[], &literal_stars(form));
                feedback(xml, None);
                xml.close("answer");
            }
        }
        Kind::Numeric {
            answer,
            tolerance,
            unit,
        } => {
            xml.open(
                "answer",
                &[("fraction", "100"), ("format", "moodle_auto_format")],
            );
            xml.leaf("text", &[], &number(*answer));
            feedback(xml, None);
            xml.leaf("tolerance", &[], &number(*tolerance));
            xml.close("answer");
            if let Some(unit) = unit {
                xml.open("units", &[]);
                xml.open("unit", &[]);
                xml.leaf("multiplier", &[], "1");
                xml.leaf("unit_name", &[], unit.trim());
                xml.close("unit");
                xml.close("units");
            }
            xml.leaf("unitgradingtype", &[], "0");
            xml.leaf("unitpenalty", &[], "0.1000000");
            // 0: the unit is typed (and optional to grade); 3: no unit at all.
            xml.leaf("showunits", &[], if unit.is_some() { "0" } else { "3" });
            xml.leaf("unitsleft", &[], "0");
        }
        Kind::Match { pairs, distractors } => {
            if pairs.len() + distractors.len() < 3 {
                notes.push(
                    "Moodle asks for at least 3 answers in a matching question: it imports this one with a notice; add a distractor"
                        .to_owned(),
                );
            }
            xml.leaf("shuffleanswers", &[], "true");
            combined_feedback(xml);
            xml.leaf("shownumcorrect", &[], "");
            for pair in pairs {
                xml.open("subquestion", &[("format", "html")]);
                xml.leaf("text", &[], &rich(&pair.left));
                xml.open("answer", &[]);
                xml.leaf("text", &[], pair.right.trim());
                xml.close("answer");
                xml.close("subquestion");
            }
            for distractor in distractors {
                xml.open("subquestion", &[("format", "html")]);
                xml.leaf("text", &[], "");
                xml.open("answer", &[]);
                xml.leaf("text", &[], distractor.trim());
                xml.close("answer");
                xml.close("subquestion");
            }
        }
        Kind::Order { items } => {
            xml.leaf("layouttype", &[], "VERTICAL");
            xml.leaf("selecttype", &[], "ALL");
            xml.leaf("selectcount", &[], "0");
            xml.leaf("gradingtype", &[], "ABSOLUTE_POSITION");
            xml.leaf("showgrading", &[], "SHOW");
            xml.leaf("numberingstyle", &[], "none");
            combined_feedback(xml);
            xml.leaf("shownumcorrect", &[], "1");
            for (i, item) in items.iter().enumerate() {
                let fraction = format!("{}.0000000", i + 1);
                xml.open("answer", &[("fraction", &fraction), ("format", "html")]);
                xml.leaf("text", &[], &rich(item));
                feedback(xml, None);
                xml.close("answer");
            }
        }
        Kind::Open {
            model_answer,
            rubric,
        } => {
            let mut grader = model_answer.trim().to_owned();
            grader.push_str(&format!("\n\n{RUBRIC_LABEL}\n"));
            let points: Vec<String> = rubric.iter().map(|p| format!("- {}", p.trim())).collect();
            grader.push_str(&points.join("\n"));
            xml.leaf("responseformat", &[], "editor");
            xml.leaf("responserequired", &[], "1");
            xml.leaf("responsefieldlines", &[], "15");
            xml.leaf("attachments", &[], "0");
            xml.leaf("attachmentsrequired", &[], "0");
            xml.text_field("graderinfo", "html", &rich(&grader));
            xml.text_field("responsetemplate", "html", "");
        }
    }
    if !q.tags.is_empty() {
        xml.open("tags", &[]);
        for tag in &q.tags {
            xml.open("tag", &[]);
            xml.leaf("text", &[], tag.trim());
            xml.close("tag");
        }
        xml.close("tags");
    }
    xml.close("question");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::literal_stars;

    #[test]
    fn literal_stars_are_escaped_for_moodle() {
        assert_eq!(literal_stars("a*b"), "a\\*b");
    }
}
