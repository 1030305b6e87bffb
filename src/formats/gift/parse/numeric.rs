//! The answers of a numerical question (`{#...}`), read as Moodle's GIFT reader reads them.

use super::{
    MAX_ANSWERS, NumAnswer, NumValue, Pos, Tok, Warning, at, first_non_space, pos, split, weight,
    with_feedback,
};

fn number(written: &str, at_pos: Pos) -> Result<f64, Warning> {
    match written.trim().parse::<f64>() {
        Ok(x) if x.is_finite() => Ok(x),
        _ => Err(at(
            at_pos,
            format!(
                "`{}` is not a number: write numerical answers as `#5`, `#5:0.5` or `#4..6`; question skipped",
                written.trim()
            ),
        )),
    }
}

fn num_value(written: &str, at_pos: Pos) -> Result<NumValue, Warning> {
    if let Some((min, max)) = written.split_once("..") {
        let (min, max) = (number(min, at_pos)?, number(max, at_pos)?);
        if min > max {
            return Err(at(
                at_pos,
                format!(
                    "the range {min}..{max} runs backwards: write the smaller bound first; question skipped"
                ),
            ));
        }
        return Ok(NumValue::Range { min, max });
    }
    if let Some((value, tolerance)) = written.split_once(':') {
        let value = number(value, at_pos)?;
        let tolerance = number(tolerance, at_pos)?;
        return Ok(NumValue::Exact {
            value,
            tolerance: tolerance.abs(),
        });
    }
    Ok(NumValue::Exact {
        value: number(written, at_pos)?,
        tolerance: 0.0,
    })
}

/// The answers after `{#`, read as Moodle reads them: everything from the first `~` is the
/// feedback for wrong answers (`{#3:2~#Completely wrong}`, or `~#...` on its own line as
/// Moodle's exporter writes it); the rest splits at each `=`, the part before the first `=`
/// being an answer too when not empty (`{#3:2 =%50%3:4}`); each answer may carry a weight
/// and a `#feedback`.
pub(super) fn numeric(rest: &[Tok], hash: Pos) -> Result<Vec<NumAnswer>, Warning> {
    let tilde = rest.iter().position(|t| !t.esc && t.c == '~');
    let (right, wrong) = match tilde {
        Some(i) => (
            rest.get(..i).unwrap_or_default(),
            rest.get(i + 1..).unwrap_or_default(),
        ),
        None => (rest, &[][..]),
    };
    let parts = split(right, '=');
    let marks: Vec<usize> = (0..right.len())
        .filter(|&i| right.get(i).is_some_and(|t| !t.esc && t.c == '='))
        .collect();
    if parts.len() > MAX_ANSWERS {
        return Err(at(
            hash,
            format!(
                "{} answers in one question, more than the {MAX_ANSWERS} allowed; question skipped",
                parts.len()
            ),
        ));
    }
    let mut answers = Vec::new();
    for (index, part) in parts.iter().enumerate() {
        let blank = part.iter().all(|t| !t.esc && t.c.is_whitespace());
        if blank && index == 0 {
            continue;
        }
        // An answer is placed at its `=`; the one before any `=` at its first character.
        let part_pos = if index == 0 {
            pos(part.get(first_non_space(part, 0))).with_fallback(hash)
        } else {
            pos(marks.get(index - 1).and_then(|&i| right.get(i))).with_fallback(hash)
        };
        let (weight, from) = weight(part)?;
        let (value, feedback) = with_feedback(part.get(from..).unwrap_or_default());
        if value.is_empty() {
            return Err(at(
                part_pos,
                "an `=` with no number after it: write numerical answers as `=5`, `=%50%5:1` or `=4..6`; question skipped",
            ));
        }
        answers.push(NumAnswer {
            pos: part_pos,
            weight,
            value: num_value(&value, part_pos)?,
            feedback,
        });
    }
    if answers.is_empty() {
        return Err(at(
            hash,
            "a numerical question with no number: write it as `{#5}`, `{#5:0.5}` or `{#4..6}`; question skipped",
        ));
    }
    if tilde.is_some() {
        let (_, feedback) = with_feedback(wrong);
        let wrong_pos = tilde
            .and_then(|i| rest.get(i))
            .map_or(hash, |t| pos(Some(t)));
        answers.push(NumAnswer {
            pos: wrong_pos,
            weight: Some(0.0),
            value: NumValue::Any,
            feedback,
        });
    }
    Ok(answers)
}
