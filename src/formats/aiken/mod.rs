//! Aiken (the plain multiple-choice format many quiz generators write) in and out:
//!
//! ```text
//! Which index type does PostgreSQL build by default?
//! A. B-tree
//! B) Hash
//! ANSWER: A
//! ```
//!
//! Import: the lines before the choices are the prompt (Moodle reads one line; several are
//! kept, joined); a choice is a capital letter, `.` or `)`, a space or tab, its text; the
//! `ANSWER: X` line ends the question. Aiken has no categories, feedback, ids or tags: one
//! category named after the file, explanations stating the answer (reported).
//! Export: Single questions (and TrueFalse as two choices, reported); every other kind, and
//! anything Aiken cannot hold (feedback, code, line breaks), reported.
//! Touches neither the store nor the terminal.

use super::Imported;
use super::build::{Builder, without_forbidden};
use super::gift::export::{Exported, Note};
use crate::pack::raw::{Difficulty, RawChoice, RawKind, RawQuestion};
use crate::pack::{Kind, Pack, Question};
use crate::text::one_line;

/// Longest line read (longer ones are refused with their line number).
pub const MAX_LINE_BYTES: usize = 64 * 1024;
/// Aiken labels are the 26 capital letters.
const MAX_CHOICES: usize = 26;

/// `A. text` / `A) text` → (index, text).
fn choice_line(line: &str) -> Option<(usize, &str)> {
    let mut chars = line.chars();
    let letter = chars.next().filter(char::is_ascii_uppercase)?;
    let mark = chars.next()?;
    let gap = chars.next()?;
    if !matches!(mark, '.' | ')') || !matches!(gap, ' ' | '\t') {
        return None;
    }
    Some((usize::from(letter as u8 - b'A'), line.get(3..)?.trim()))
}

/// `ANSWER: X` → X's index (`None` when the letter is missing or not a capital).
fn answer_line(line: &str) -> Option<Option<usize>> {
    let head = line.get(..7)?;
    if !head.eq_ignore_ascii_case("answer:") {
        return None;
    }
    let letter = line.get(7..)?.trim().chars().next();
    Some(
        letter
            .map(|c| c.to_ascii_uppercase())
            .filter(char::is_ascii_uppercase)
            .map(|c| usize::from(c as u8 - b'A')),
    )
}

#[derive(Default)]
struct Pending {
    prompt: Vec<String>,
    choices: Vec<String>,
    start: usize,
}

/// Converts Aiken text; `name` (the file name) gives the pack its id, title and category.
pub fn import(text: &str, name: &str) -> Imported {
    let mut builder = Builder::default();
    let stem = std::path::Path::new(name)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let title = crate::text::sanitize_line(stem.trim()).trim().to_owned();
    let category = builder.default_category(
        if title.is_empty() {
            "Aiken questions"
        } else {
            &title
        },
        "Questions of an Aiken file (Aiken has no categories).",
    );
    let mut pending = Pending::default();
    for (index, raw_line) in text.lines().enumerate() {
        let number = index + 1;
        if raw_line.len() > MAX_LINE_BYTES {
            builder.warn(
                number,
                1,
                format!(
                    "the line is longer than {} KiB: it is left out; break it up",
                    MAX_LINE_BYTES / 1024
                ),
            );
            continue;
        }
        let (clean, removed) = without_forbidden(raw_line);
        if removed > 0 {
            builder.warn(
                number,
                1,
                format!(
                    "removed {removed} control or bidirectional-override character{}",
                    if removed == 1 { "" } else { "s" }
                ),
            );
        }
        let line = clean.trim();
        if line.is_empty() {
            continue;
        }
        if pending.prompt.is_empty() && pending.choices.is_empty() {
            pending.start = number;
        }
        if let Some(answer) = answer_line(line) {
            let done = std::mem::take(&mut pending);
            finish_question(&mut builder, done, answer, number, category);
            continue;
        }
        if let Some((letter, choice)) = choice_line(line)
            && !pending.prompt.is_empty()
        {
            let expected = pending.choices.len();
            if letter != expected {
                builder.warn(number, 1, format!(
                    "the choice is labelled {} but is the {} choice: Aiken answers name choices by position, so it is read as {}",
                    char::from(b'A' + letter as u8),
                    ordinal(expected + 1),
                    char::from(b'A' + (expected as u8).min(25))
                ));
            }
            pending.choices.push(choice.to_owned());
            continue;
        }
        if !pending.choices.is_empty() {
            builder.warn(
                pending.start,
                1,
                "a question without an `ANSWER:` line; question skipped",
            );
            builder.skip("without ANSWER");
            pending = Pending {
                start: number,
                ..Pending::default()
            };
        }
        pending.prompt.push(line.to_owned());
    }
    if !pending.prompt.is_empty() || !pending.choices.is_empty() {
        builder.warn(
            pending.start,
            1,
            "the last question has no `ANSWER:` line; question skipped",
        );
        builder.skip("without ANSWER");
    }
    builder.finish(name, "Aiken", "aiken-import")
}

fn ordinal(n: usize) -> String {
    match n {
        1 => "1st".to_owned(),
        2 => "2nd".to_owned(),
        3 => "3rd".to_owned(),
        n => format!("{n}th"),
    }
}

fn finish_question(
    builder: &mut Builder,
    pending: Pending,
    answer: Option<usize>,
    line: usize,
    category: usize,
) {
    let at = (pending.start, 1);
    if pending.prompt.is_empty() {
        builder.warn(
            line,
            1,
            "an `ANSWER:` line without a question before it; skipped",
        );
        builder.skip("without text");
        return;
    }
    if pending.choices.len() < 2 {
        builder.warn(
            pending.start,
            1,
            "a question needs at least 2 choices (`A. …`, `B. …`); question skipped",
        );
        builder.skip("fewer than 2 choices");
        return;
    }
    let Some(answer) = answer.filter(|a| *a < pending.choices.len()) else {
        builder.warn(
            line,
            1,
            format!(
                "`ANSWER:` must name one of the choices A to {}; question skipped",
                char::from(b'A' + (pending.choices.len() as u8 - 1).min(25))
            ),
        );
        builder.skip("bad ANSWER");
        return;
    };
    let prompt = pending.prompt.join("\n");
    let right = pending.choices.get(answer).cloned().unwrap_or_default();
    let choices = pending
        .choices
        .into_iter()
        .enumerate()
        .map(|(i, text)| RawChoice {
            text,
            correct: i == answer,
            why: None,
        })
        .collect();
    let first_line = prompt.lines().next().unwrap_or("").to_owned();
    let id = builder.question_id(None, Some(&first_line), at);
    builder.generated_explanation();
    let question = RawQuestion {
        id,
        category: None,
        difficulty: Difficulty::Medium,
        fitted_difficulty: None,
        tags: Vec::new(),
        prompt,
        code: None,
        kind: RawKind::Single { choices },
        shuffle: true,
        explanation: format!("The right answer is: {right}."),
        references: Vec::new(),
    };
    builder.add(question, category, at);
}

/// A pack → Aiken text; questions Aiken cannot hold are listed with why.
pub fn export(pack: &Pack) -> Exported {
    let mut out = Exported::default();
    for question in &pack.questions {
        let mut notes = Vec::new();
        let written = write_question(question, &mut notes).map(|text| {
            out.text.push_str(&text);
            out.text.push_str("\n\n");
        });
        out.record(&question.id, written, notes);
    }
    if out.written > 0 {
        out.approximated.push(Note {
            id: pack.meta.id.clone(),
            message: format!(
                "Aiken has no feedback, categories, tags or ids: the explanations of the {} written question(s) are not in the file",
                out.written
            ),
        });
    }
    out
}

/// One question as Aiken lines, with what was approximated in `notes`; why not, when Aiken
/// cannot hold it.
fn write_question(question: &Question, notes: &mut Vec<String>) -> Result<String, String> {
    let (choices, answer): (Vec<String>, usize) = match &question.kind {
        Kind::Single { choices, answer } => {
            (choices.iter().map(|c| c.text.clone()).collect(), *answer)
        }
        Kind::TrueFalse { answer } => {
            notes.push("True/False written as two choices, True and False".to_owned());
            (
                vec!["True".to_owned(), "False".to_owned()],
                usize::from(!*answer),
            )
        }
        other => {
            return Err(format!(
                "a {} question: Aiken holds only single-answer multiple choice",
                other.name().name()
            ));
        }
    };
    if choices.len() > MAX_CHOICES {
        return Err(format!(
            "{} choices: Aiken labels choices A to Z",
            choices.len()
        ));
    }
    let prompt = one_line(&question.prompt);
    if choice_line(&prompt).is_some() || answer_line(&prompt).is_some() {
        return Err("the prompt starts like a choice (`A. `) or an `ANSWER:` line, which Aiken would misread".to_owned());
    }
    if prompt.len() < 2 {
        return Err(
            "the prompt is shorter than 2 characters, which Moodle's Aiken reader ignores"
                .to_owned(),
        );
    }
    let mut lines = vec![prompt];
    if question.prompt.trim().contains('\n') {
        notes.push(
            "the prompt's line breaks are written as spaces (Aiken prompts are one line)"
                .to_owned(),
        );
    }
    if question.code.is_some() {
        notes.push("Aiken has no code block: the question's code is left out".to_owned());
    }
    for (i, choice) in choices.iter().enumerate() {
        let text = one_line(choice);
        if text.is_empty() {
            return Err("a choice is empty once put on one line".to_owned());
        }
        lines.push(format!("{}. {text}", char::from(b'A' + i as u8)));
    }
    lines.push(format!("ANSWER: {}", char::from(b'A' + answer as u8)));
    Ok(lines.join("\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn choice_and_answer_lines() {
        assert_eq!(choice_line("A. B-tree"), Some((0, "B-tree")));
        assert_eq!(choice_line("C)\tGIN"), Some((2, "GIN")));
        assert_eq!(choice_line("a. lower"), None);
        assert_eq!(choice_line("A.no space"), None);
        assert_eq!(answer_line("ANSWER: B"), Some(Some(1)));
        assert_eq!(answer_line("Answer:c"), Some(Some(2)));
        assert_eq!(answer_line("ANSWER: 1"), Some(None));
        assert_eq!(answer_line("ANSWERS"), None);
    }

    #[test]
    fn a_skipped_question_is_not_also_listed_as_approximated() {
        let ron = r#"Pack(id: "e", title: "E", version: "1", categories: [(id: "c", title: "C")],
            questions: [
              (id: "short", category: "c", difficulty: Easy, prompt: "?",
                kind: TrueFalse(answer: true), explanation: "E."),
              (id: "kept", category: "c", difficulty: Easy, prompt: "True?",
                kind: TrueFalse(answer: true), explanation: "E."),
            ])"#;
        let pack = crate::pack::load_str("e.ron", ron).unwrap();
        let exported = export(&pack);
        assert_eq!(exported.written, 1);
        let ids = |notes: &[Note]| notes.iter().map(|n| n.id.clone()).collect::<Vec<_>>();
        assert_eq!(ids(&exported.skipped), ["short"]);
        // The written True/False is approximated, and the pack-wide note counts it alone.
        assert_eq!(ids(&exported.approximated), ["kept", "e"]);
        assert!(
            exported.approximated[1]
                .message
                .contains("of the 1 written")
        );
    }
}
