//! Validation of each question kind's body (choices, accepted answers, items, pairs,
//! rubric): the part of [`super::Validator`] that knows the kinds.

use super::*;

impl Validator<'_> {
    pub(super) fn kind(&mut self, at: &At, raw: RawKind) -> Option<Kind> {
        match raw {
            RawKind::Single { choices } => {
                let correct: Vec<usize> = correct_indices(&choices);
                let checked = self.choices(at, choices);
                match correct.as_slice() {
                    [answer] => checked.map(|checked| Kind::Single {
                        choices: checked,
                        answer: *answer,
                    }),
                    [] => {
                        self.error(
                            &at.field("choices"),
                            "no choice is marked correct",
                            "mark the right choice with `correct: true`",
                        );
                        None
                    }
                    [_, second, ..] => {
                        let second_at = at.field("choices").index(*second);
                        self.error(
                            &second_at,
                            format!("{} choices are marked correct; a Single question has exactly one", correct.len()),
                            "keep `correct: true` on one choice, or make the question `Multi` if several are right",
                        );
                        None
                    }
                }
            }
            RawKind::Multi { choices } => {
                let correct = correct_indices(&choices);
                let checked = self.choices(at, choices);
                if correct.is_empty() {
                    self.error(
                        &at.field("choices"),
                        "no choice is marked correct",
                        "mark every right choice with `correct: true` (at least one)",
                    );
                    return None;
                }
                checked.map(|checked| Kind::Multi {
                    choices: checked,
                    correct,
                })
            }
            RawKind::TrueFalse { answer } => Some(Kind::TrueFalse { answer }),
            RawKind::Short {
                accept,
                case_sensitive,
                typos,
            } => {
                let accept_at = at.field("accept");
                let mut ok = true;
                if accept.is_empty() {
                    self.error(
                        &accept_at,
                        "no accepted answer",
                        "list the accepted answers, such as `accept: [\"B-tree\", \"btree\"]`",
                    );
                    ok = false;
                }
                ok &= self.text_list(&accept_at, &accept, "accepted answer");
                if typos > MAX_TYPOS {
                    self.error(
                        &at.field("typos"),
                        format!("`typos: {typos}` is more than {MAX_TYPOS}"),
                        format!(
                            "allow at most {MAX_TYPOS} typos: more would accept nearly any answer"
                        ),
                    );
                    ok = false;
                }
                ok.then_some(Kind::Short {
                    accept,
                    case_sensitive,
                    typos,
                })
            }
            RawKind::Numeric {
                answer,
                tolerance,
                unit,
            } => {
                let mut ok = true;
                if !answer.is_finite() {
                    self.error(
                        &at.field("answer"),
                        format!("the answer `{answer}` is not a finite number"),
                        "write a finite number such as `answer: 443.0`",
                    );
                    ok = false;
                }
                if !tolerance.is_finite() || tolerance < 0.0 {
                    self.error(
                        &at.field("tolerance"),
                        format!("the tolerance `{tolerance}` is not a finite number of at least 0"),
                        "write how far from the answer still counts, such as `tolerance: 0.5`, or 0.0 for exact",
                    );
                    ok = false;
                }
                ok &= self.optional_text(&at.field("unit"), unit.as_deref(), "unit");
                ok.then_some(Kind::Numeric {
                    answer,
                    tolerance,
                    unit,
                })
            }
            RawKind::Order { items } => {
                let items_at = at.field("items");
                let mut ok = self.text_list(&items_at, &items, "item");
                ok &= self.at_least_two(
                    &items_at,
                    items.len(),
                    "item",
                    "an Order question needs at least 2 items to arrange",
                );
                ok &= self.distinct(items.iter().map(String::as_str), "item", |i| {
                    items_at.index(i)
                });
                ok.then_some(Kind::Order { items })
            }
            RawKind::Match { pairs, distractors } => {
                let pairs_at = at.field("pairs");
                let mut ok = true;
                for (i, pair) in pairs.iter().enumerate() {
                    let pair_at = pairs_at.index(i);
                    ok &= self.required_text(&pair_at.field("left"), &pair.left, "left item");
                    ok &= self.required_text(&pair_at.field("right"), &pair.right, "right item");
                }
                ok &= self.text_list(&at.field("distractors"), &distractors, "distractor");
                ok &= self.at_least_two(
                    &pairs_at,
                    pairs.len(),
                    "pair",
                    "a Match question needs at least 2 pairs",
                );
                ok &= self.distinct(pairs.iter().map(|p| p.left.as_str()), "left item", |i| {
                    pairs_at.index(i).field("left")
                });
                let rights = pairs
                    .iter()
                    .map(|p| p.right.as_str())
                    .chain(distractors.iter().map(String::as_str));
                let pair_count = pairs.len();
                let distractors_at = at.field("distractors");
                ok &= self.distinct(rights, "right item", |i| {
                    if i < pair_count {
                        pairs_at.index(i).field("right")
                    } else {
                        distractors_at.index(i - pair_count)
                    }
                });
                ok.then(|| Kind::Match {
                    pairs: pairs
                        .into_iter()
                        .map(|p| Pair {
                            left: p.left,
                            right: p.right,
                        })
                        .collect(),
                    distractors,
                })
            }
            RawKind::Open {
                model_answer,
                rubric,
            } => {
                let mut ok =
                    self.required_text(&at.field("model_answer"), &model_answer, "model answer");
                let rubric_at = at.field("rubric");
                if rubric.is_empty() {
                    self.error(
                        &rubric_at,
                        "the rubric has no point",
                        "list the points a good answer makes, such as `rubric: [\"names the trade-off\", \"gives an example\"]`",
                    );
                    ok = false;
                }
                ok &= self.text_list(&rubric_at, &rubric, "rubric point");
                ok.then_some(Kind::Open {
                    model_answer,
                    rubric,
                })
            }
        }
    }

    fn choices(&mut self, at: &At, choices: Vec<RawChoice>) -> Option<Vec<Choice>> {
        let choices_at = at.field("choices");
        let mut ok = true;
        for (i, choice) in choices.iter().enumerate() {
            let choice_at = choices_at.index(i);
            ok &= self.required_text(&choice_at.field("text"), &choice.text, "choice text");
            ok &= self.optional_text(&choice_at.field("why"), choice.why.as_deref(), "why");
        }
        ok &= self.at_least_two(
            &choices_at,
            choices.len(),
            "choice",
            "a choice question needs at least 2 choices",
        );
        ok &= self.distinct(choices.iter().map(|c| c.text.as_str()), "choice", |i| {
            choices_at.index(i).field("text")
        });
        ok.then(|| {
            choices
                .into_iter()
                .map(|c| Choice {
                    text: c.text,
                    why: c.why,
                })
                .collect()
        })
    }

    /// `one` names one of the things counted: "choice", "item", "pair".
    fn at_least_two(&mut self, at: &At, count: usize, one: &str, help: &str) -> bool {
        if count >= 2 {
            return true;
        }
        let message = match count {
            0 => format!("no {one}s"),
            _ => format!("only 1 {one}"),
        };
        self.error(at, message, help.to_owned());
        false
    }

    /// Reports texts that repeat (ignoring case and surrounding space).
    fn distinct<'t>(
        &mut self,
        texts: impl Iterator<Item = &'t str>,
        what: &str,
        at_of: impl Fn(usize) -> At,
    ) -> bool {
        let texts: Vec<&str> = texts.map(str::trim).collect();
        let mut ok = true;
        for (i, text) in texts.iter().enumerate() {
            // Lists are short (a handful of choices): comparing pairs beats hashing.
            let first = texts.iter().take(i).position(|earlier| {
                earlier
                    .chars()
                    .flat_map(char::to_lowercase)
                    .eq(text.chars().flat_map(char::to_lowercase))
            });
            if let Some(first) = first {
                let related = self.related(&at_of(first), "first written here");
                self.error_with(
                    &at_of(i),
                    format!("duplicate {what} `{text}`"),
                    format!("each {what} must differ from the others (case and surrounding spaces are ignored): reword or remove one"),
                    related,
                );
                ok = false;
            }
        }
        ok
    }
}

fn correct_indices(choices: &[RawChoice]) -> Vec<usize> {
    choices
        .iter()
        .enumerate()
        .filter(|(_, c)| c.correct)
        .map(|(i, _)| i)
        .collect()
}
