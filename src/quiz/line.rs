//! The line-by-line protocol of `--plain` (screen readers, scripts): how a question, its
//! feedback and a summary are written as text, and how one typed line becomes a response.
//! Pure functions; the read/print loop lives with the command. No pack text is printed raw.

use super::response::Response;
use super::{Item, Verdict};
use crate::pack::{Kind, Question};
use crate::text::{sanitize, sanitize_line};
use std::fmt::{self, Write as _};

/// Why a typed line is not an answer to the question: the facts, said to the learner as a
/// hint to try again. Typed text is made safe when shown.
#[derive(Debug, Clone, PartialEq)]
pub enum AnswerError {
    /// `number` is not among the `shown` numbered items.
    NotShown {
        number: usize,
        shown: usize,
    },
    PickOne,
    GivenTwice {
        number: usize,
    },
    NotTrueFalse,
    /// An Order answer with other than `count` numbers.
    AllNumbers {
        count: usize,
    },
    NotPair {
        token: String,
    },
    /// A pair's left side outside 1..=`pairs`.
    LeftSide {
        token: String,
        pairs: usize,
    },
    /// A pair's right side not among the `shown` letters.
    RightSide {
        token: String,
        shown: usize,
    },
    LetterUsed {
        token: String,
    },
    PairedTwice {
        left: usize,
    },
    NotRubricPoint {
        number: usize,
        points: usize,
    },
    NotNumber {
        token: String,
    },
    /// A comma in a number: a decimal comma or a thousands separator, not guessed.
    Commas,
    /// Not a number (with the question's unit, when it has one).
    NotQuantity {
        typed: String,
        unit: Option<String>,
    },
}

impl fmt::Display for AnswerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AnswerError::NotShown { number, shown } => {
                write!(f, "{number} is not one of the numbers shown (1 to {shown})")
            }
            AnswerError::PickOne => f.write_str("pick exactly one number"),
            AnswerError::GivenTwice { number } => write!(f, "{number} is given twice"),
            AnswerError::NotTrueFalse => f.write_str("answer 1 (true) or 2 (false)"),
            AnswerError::AllNumbers { count } => write!(f, "give all {count} numbers, each once"),
            AnswerError::NotPair { token } => {
                write!(f, "`{}` is not a pair such as 1-b", sanitize_line(token))
            }
            AnswerError::LeftSide { token, pairs } => write!(
                f,
                "`{}`: the left side is a number from 1 to {pairs}",
                sanitize_line(token)
            ),
            AnswerError::RightSide { token, shown } => write!(
                f,
                "`{}`: the right side is a letter from a to {}",
                sanitize_line(token),
                letter(shown.saturating_sub(1))
            ),
            AnswerError::LetterUsed { token } => {
                write!(f, "`{}`: that letter is already used", sanitize_line(token))
            }
            AnswerError::PairedTwice { left } => write!(f, "{left} is paired twice"),
            AnswerError::NotRubricPoint { number, points } => {
                write!(f, "{number} is not a rubric point (1 to {points})")
            }
            AnswerError::NotNumber { token } => {
                write!(f, "`{}` is not a number", sanitize_line(token))
            }
            AnswerError::Commas => {
                f.write_str("write the number without commas; use a dot for decimals, such as 0.5")
            }
            // Most often the right number with the wrong unit, such as `80 ms` for a port.
            AnswerError::NotQuantity {
                typed,
                unit: Some(unit),
            } => write!(
                f,
                "`{}` is not a number of {unit}: type the number, with `{unit}` after it or nothing",
                sanitize_line(typed),
                unit = sanitize_line(unit)
            ),
            AnswerError::NotQuantity { typed, unit: None } => write!(
                f,
                "`{}` is not a number: type the number alone, such as 42 or 0.5",
                sanitize_line(typed)
            ),
        }
    }
}

impl std::error::Error for AnswerError {}

/// Letters naming the right column of a Match question (a, b, ... z, aa, ab ...), shared by
/// the plain mode and the terminal app so both name the same item the same way.
pub fn letter(i: usize) -> String {
    let mut n = i;
    let mut out = String::new();
    loop {
        out.insert(0, char::from(b'a' + (n % 26) as u8));
        if n < 26 {
            break;
        }
        n = n / 26 - 1;
    }
    out
}

fn letter_index(text: &str) -> Option<usize> {
    let mut n = 0usize;
    for c in text.chars() {
        if !c.is_ascii_lowercase() {
            return None;
        }
        n = n
            .checked_mul(26)?
            .checked_add(usize::from(c as u8 - b'a') + 1)?;
    }
    n.checked_sub(1)
}

/// The right column of a Match as shown: pairs' rights then distractors, in display order.
fn match_rights(kind: &Kind) -> Vec<&str> {
    match kind {
        Kind::Match { pairs, distractors } => pairs
            .iter()
            .map(|p| p.right.as_str())
            .chain(distractors.iter().map(String::as_str))
            .collect(),
        _ => Vec::new(),
    }
}

fn indent(text: &str, by: &str) -> String {
    text.lines().map(|l| format!("{by}{l}\n")).collect()
}

/// The question as plain lines, ending with how to answer.
/// `position` says where it stands ("3 of 10", [`super::Session::position_words`]).
pub fn question_text(
    position: &str,
    category_title: &str,
    question: &Question,
    item: &Item,
) -> String {
    let mut out = format!(
        "Question {position} · {} · {}\n",
        sanitize_line(category_title),
        question.difficulty.name()
    );
    out.push_str(&sanitize(&question.prompt));
    out.push('\n');
    if let Some(code) = &question.code {
        let _ = writeln!(out, "Code ({}):", sanitize_line(&code.language));
        out.push_str(&indent(&sanitize(&code.text), "    "));
    }
    let how = match &question.kind {
        Kind::Single { choices, .. } | Kind::Multi { choices, .. } => {
            for (shown, &original) in item.order.iter().enumerate() {
                if let Some(choice) = choices.get(original) {
                    let _ = writeln!(out, "  {}. {}", shown + 1, sanitize_line(&choice.text));
                }
            }
            if matches!(question.kind, Kind::Single { .. }) {
                "Answer with one number, such as 2."
            } else {
                "Answer with every right number, such as 1,3."
            }
        }
        Kind::TrueFalse { .. } => {
            out.push_str("  1. True\n  2. False\n");
            "Answer 1 (true) or 2 (false)."
        }
        Kind::Short { .. } => "Type the answer.",
        Kind::Numeric { unit, .. } => {
            if let Some(unit) = unit {
                let _ = writeln!(out, "Unit: {}", sanitize_line(unit));
            }
            "Type a number."
        }
        Kind::Order { items } => {
            for (shown, &original) in item.order.iter().enumerate() {
                if let Some(text) = items.get(original) {
                    let _ = writeln!(out, "  {}. {}", shown + 1, sanitize_line(text));
                }
            }
            "Answer with the numbers in the right order, such as 3 1 2."
        }
        Kind::Match { pairs, .. } => {
            let rights = match_rights(&question.kind);
            for (i, pair) in pairs.iter().enumerate() {
                let _ = writeln!(out, "  {}. {}", i + 1, sanitize_line(&pair.left));
            }
            for (shown, &original) in item.order.iter().enumerate() {
                if let Some(text) = rights.get(original) {
                    let _ = writeln!(out, "  {}) {}", letter(shown), sanitize_line(text));
                }
            }
            "Answer with number-letter pairs, such as 1-b 2-a."
        }
        Kind::Open { .. } => {
            "Answer in your own words on one line; then mark yourself against the rubric."
        }
    };
    out.push_str(how);
    out.push_str(" An empty line skips.\n");
    out
}

/// Turns one typed line into a response; an empty line skips. `Err` says what was wrong.
pub fn parse_answer(question: &Question, item: &Item, line: &str) -> Result<Response, AnswerError> {
    let line = line.trim();
    if line.is_empty() {
        return Ok(Response::Skipped);
    }
    let shown_to_original = |n: usize| -> Result<usize, AnswerError> {
        n.checked_sub(1)
            .and_then(|i| item.order.get(i).copied())
            .ok_or(AnswerError::NotShown {
                number: n,
                shown: item.order.len(),
            })
    };
    match &question.kind {
        Kind::Single { .. } => {
            let numbers = numbers(line)?;
            match numbers.as_slice() {
                [n] => Ok(Response::Choices {
                    picked: vec![shown_to_original(*n)?],
                }),
                _ => Err(AnswerError::PickOne),
            }
        }
        Kind::Multi { .. } => {
            let mut picked = Vec::new();
            for n in numbers(line)? {
                let original = shown_to_original(n)?;
                if picked.contains(&original) {
                    return Err(AnswerError::GivenTwice { number: n });
                }
                picked.push(original);
            }
            Ok(Response::Choices { picked })
        }
        Kind::TrueFalse { .. } => match line.to_lowercase().as_str() {
            "1" | "t" | "true" | "y" | "yes" => Ok(Response::TrueFalse { answer: true }),
            "2" | "f" | "false" | "n" | "no" => Ok(Response::TrueFalse { answer: false }),
            _ => Err(AnswerError::NotTrueFalse),
        },
        Kind::Short { .. } => Ok(Response::Text {
            text: line.to_owned(),
        }),
        Kind::Numeric { unit, .. } => {
            parse_number(line, unit.as_deref()).map(|value| Response::Number {
                value,
                typed: line.to_owned(),
            })
        }
        Kind::Order { items } => {
            let numbers = numbers(line)?;
            if numbers.len() != items.len() {
                return Err(AnswerError::AllNumbers { count: items.len() });
            }
            let mut order = Vec::new();
            for n in numbers {
                let original = shown_to_original(n)?;
                if order.contains(&original) {
                    return Err(AnswerError::GivenTwice { number: n });
                }
                order.push(original);
            }
            Ok(Response::Order { order })
        }
        Kind::Match { pairs, .. } => {
            let mut chosen: Vec<Option<usize>> = vec![None; pairs.len()];
            for token in line
                .split(|c: char| c.is_whitespace() || c == ',')
                .filter(|t| !t.is_empty())
            {
                let (left, right) =
                    token
                        .split_once(['-', ':', '='])
                        .ok_or_else(|| AnswerError::NotPair {
                            token: token.to_owned(),
                        })?;
                let left: usize = left
                    .trim()
                    .parse()
                    .ok()
                    .filter(|n| (1..=pairs.len()).contains(n))
                    .ok_or_else(|| AnswerError::LeftSide {
                        token: token.to_owned(),
                        pairs: pairs.len(),
                    })?;
                let shown = letter_index(&right.trim().to_lowercase())
                    .filter(|&i| i < item.order.len())
                    .ok_or_else(|| AnswerError::RightSide {
                        token: token.to_owned(),
                        shown: item.order.len(),
                    })?;
                let original = item.order.get(shown).copied();
                if chosen.contains(&original) {
                    return Err(AnswerError::LetterUsed {
                        token: token.to_owned(),
                    });
                }
                match chosen.get_mut(left - 1) {
                    Some(slot) if slot.is_none() => *slot = original,
                    _ => return Err(AnswerError::PairedTwice { left }),
                }
            }
            Ok(Response::Match { pairs: chosen })
        }
        Kind::Open { .. } => Ok(Response::Open {
            text: line.to_owned(),
            covered: Vec::new(),
        }),
    }
}

/// The rubric points ticked, as typed on the line after an Open answer (`1,3`; empty: none).
pub fn parse_rubric(line: &str, points: usize) -> Result<Vec<usize>, AnswerError> {
    let mut covered = Vec::new();
    if line.trim().is_empty() {
        return Ok(covered);
    }
    for n in numbers(line)? {
        if !(1..=points).contains(&n) {
            return Err(AnswerError::NotRubricPoint { number: n, points });
        }
        if !covered.contains(&(n - 1)) {
            covered.push(n - 1);
        }
    }
    Ok(covered)
}

/// What is shown after an Open answer: the model answer and the numbered rubric.
pub fn rubric_text(question: &Question) -> String {
    let Kind::Open {
        model_answer,
        rubric,
    } = &question.kind
    else {
        return String::new();
    };
    let mut out = String::from("Model answer:\n");
    out.push_str(&indent(&sanitize(model_answer), "  "));
    out.push_str("Rubric:\n");
    for (i, point) in rubric.iter().enumerate() {
        let _ = writeln!(out, "  {}. {}", i + 1, sanitize_line(point));
    }
    out.push_str(
        "Which points did your answer cover? Numbers such as 1,3; an empty line for none.\n",
    );
    out
}

fn numbers(line: &str) -> Result<Vec<usize>, AnswerError> {
    line.split(|c: char| c.is_whitespace() || c == ',')
        .filter(|t| !t.is_empty())
        .map(|t| {
            t.parse::<usize>().map_err(|_| AnswerError::NotNumber {
                token: t.to_owned(),
            })
        })
        .collect()
}

/// A typed number: the question's unit may follow it; `_` may group digits. Commas are
/// refused rather than guessed (decimal comma or thousands separator?).
pub fn parse_number(text: &str, unit: Option<&str>) -> Result<f64, AnswerError> {
    let mut text = text.trim();
    if let Some(unit) = unit {
        let lower = text.to_lowercase();
        let unit_lower = unit.to_lowercase();
        if lower.ends_with(&unit_lower) {
            text = text
                .get(..text.len() - unit.len())
                .unwrap_or(text)
                .trim_end();
        }
    }
    if text.contains(',') {
        return Err(AnswerError::Commas);
    }
    let cleaned: String = text.chars().filter(|c| *c != '_').collect();
    match cleaned.parse::<f64>() {
        Ok(value) if value.is_finite() => Ok(value),
        _ => Err(AnswerError::NotQuantity {
            typed: text.to_owned(),
            unit: unit.map(str::to_owned),
        }),
    }
}

/// The correct answer in words.
pub fn correct_answer(question: &Question) -> String {
    match &question.kind {
        Kind::Single { choices, answer } => choices
            .get(*answer)
            .map(|c| sanitize_line(&c.text))
            .unwrap_or_default(),
        Kind::Multi { choices, correct } => correct
            .iter()
            .filter_map(|i| choices.get(*i))
            .map(|c| sanitize_line(&c.text))
            .collect::<Vec<_>>()
            .join("; "),
        Kind::TrueFalse { answer } => if *answer { "true" } else { "false" }.to_owned(),
        Kind::Short { accept, .. } => accept.first().map(|a| sanitize_line(a)).unwrap_or_default(),
        Kind::Numeric {
            answer,
            tolerance,
            unit,
        } => {
            let mut text = format!("{answer}");
            if *tolerance > 0.0 {
                let _ = write!(text, " ± {tolerance}");
            }
            if let Some(unit) = unit {
                let _ = write!(text, " {}", sanitize_line(unit));
            }
            text
        }
        Kind::Order { items } => items
            .iter()
            .map(|i| sanitize_line(i))
            .collect::<Vec<_>>()
            .join(" → "),
        Kind::Match { pairs, .. } => pairs
            .iter()
            .map(|p| format!("{} → {}", sanitize_line(&p.left), sanitize_line(&p.right)))
            .collect::<Vec<_>>()
            .join("; "),
        Kind::Open { .. } => "see the model answer".to_owned(),
    }
}

/// What a response said, in the question's own words (whatever order it was shown in).
pub fn given_answer(question: &Question, response: &Response) -> String {
    let none = || "(none)".to_owned();
    let listed = |texts: Vec<String>, sep: &str| {
        if texts.is_empty() {
            none()
        } else {
            texts.join(sep)
        }
    };
    match (&question.kind, response) {
        (_, Response::Skipped) => "skipped".to_owned(),
        (_, Response::TimedOut) => "not answered in time".to_owned(),
        (_, Response::NotReached) => "not reached (time ran out before it was shown)".to_owned(),
        (
            Kind::Single { choices, .. } | Kind::Multi { choices, .. },
            Response::Choices { picked },
        ) => listed(
            picked
                .iter()
                .filter_map(|i| choices.get(*i))
                .map(|c| sanitize_line(&c.text))
                .collect(),
            "; ",
        ),
        (_, Response::TrueFalse { answer }) => if *answer { "true" } else { "false" }.to_owned(),
        (_, Response::Text { text }) => sanitize_line(text),
        (_, Response::Number { typed, .. }) => sanitize_line(typed),
        (Kind::Order { items }, Response::Order { order }) => listed(
            order
                .iter()
                .filter_map(|i| items.get(*i))
                .map(|t| sanitize_line(t))
                .collect(),
            " → ",
        ),
        (Kind::Match { pairs, .. }, Response::Match { pairs: chosen }) => {
            let rights = match_rights(&question.kind);
            listed(
                pairs
                    .iter()
                    .zip(chosen)
                    .map(|(pair, right)| {
                        let right = right
                            .and_then(|r| rights.get(r))
                            .map_or_else(none, |r| sanitize_line(r));
                        format!("{} → {right}", sanitize_line(&pair.left))
                    })
                    .collect(),
                "; ",
            )
        }
        (Kind::Open { rubric, .. }, Response::Open { text, covered }) => format!(
            "{} (rubric points covered: {} of {})",
            sanitize_line(text),
            covered.len(),
            rubric.len()
        ),
        _ => none(),
    }
}

/// Feedback after an answer in practice mode: verdict, correct answer, the `why` of the
/// choices picked and of the correct ones, explanation, references.
pub fn feedback_text(question: &Question, response: &Response, score: f64) -> String {
    let verdict = Verdict::of(score);
    let mut out = if response.is_answered() {
        format!("{} (score {score:.2})\n", verdict.label())
    } else {
        String::from("– skipped (score 0.00)\n")
    };
    if verdict != Verdict::Right && !matches!(question.kind, Kind::Open { .. }) {
        let _ = writeln!(out, "Correct answer: {}", correct_answer(question));
    }
    if let (
        Kind::Single { choices, .. } | Kind::Multi { choices, .. },
        Response::Choices { picked },
    ) = (&question.kind, response)
    {
        let correct: Vec<usize> = match &question.kind {
            Kind::Single { answer, .. } => vec![*answer],
            Kind::Multi { correct, .. } => correct.clone(),
            _ => Vec::new(),
        };
        for (i, choice) in choices.iter().enumerate() {
            let Some(why) = &choice.why else { continue };
            if picked.contains(&i) || correct.contains(&i) {
                let mark = if correct.contains(&i) { "✓" } else { "✗" };
                let _ = writeln!(
                    out,
                    "  {mark} {}: {}",
                    sanitize_line(&choice.text),
                    sanitize_line(why)
                );
            }
        }
    }
    let _ = writeln!(out, "Explanation: {}", sanitize(&question.explanation));
    for reference in &question.references {
        let _ = writeln!(out, "See: {}", sanitize_line(reference));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_round_trip() {
        for i in [0, 1, 25, 26, 27, 700] {
            assert_eq!(letter_index(&letter(i)), Some(i));
        }
        assert_eq!(letter(0), "a");
        assert_eq!(letter(26), "aa");
    }

    #[test]
    fn numbers_with_units_and_separators() {
        assert_eq!(parse_number("443", None), Ok(443.0));
        assert_eq!(parse_number(" 200 ms", Some("ms")), Ok(200.0));
        assert_eq!(parse_number("1_000", None), Ok(1000.0));
        assert_eq!(parse_number("1,5", None), Err(AnswerError::Commas));
        assert!(parse_number("inf", None).is_err());
        assert!(parse_number("ms", Some("ms")).is_err());
        // The wrong unit is the usual mistake: the message names the one expected.
        assert_eq!(
            parse_number("80 ms", Some("port")).unwrap_err().to_string(),
            "`80 ms` is not a number of port: type the number, with `port` after it or nothing"
        );
        assert_eq!(
            parse_number("80 ms", None).unwrap_err().to_string(),
            "`80 ms` is not a number: type the number alone, such as 42 or 0.5"
        );
    }

    #[test]
    fn rubric_lines() {
        assert_eq!(parse_rubric("", 3), Ok(vec![]));
        assert_eq!(parse_rubric("1, 3 3", 3), Ok(vec![0, 2]));
        assert_eq!(
            parse_rubric("4", 3),
            Err(AnswerError::NotRubricPoint {
                number: 4,
                points: 3
            })
        );
    }
}
