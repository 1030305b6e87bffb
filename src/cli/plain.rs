//! `skillgap quiz --plain`: the line-by-line quiz loop for screen readers and scripts. Reads
//! one line per answer (two for an Open question) from standard input, drives the
//! [`quiz::Session`] with it (which holds every session rule: order, deadline, resume), hands
//! each answer to the caller to commit before the next line is read, and prints the
//! feedback and summary.

use super::{CliError, print};
use crate::pack::{Kind, Pack};
use crate::quiz::{self, Answer, Given, Item, Mode, Response, Session, line};
use crate::store::{NewAnswer, PackRef, pack_ref};
use crate::text::sanitize_line;
use std::io::BufRead;
use std::time::Duration;

/// The quiz the plain loop runs.
#[derive(Debug)]
pub struct PlainQuiz<'a> {
    pub packs: &'a [Pack],
    /// A new session, or a stored one resumed (then its earlier answers are in place).
    pub session: Session,
    /// Whether `session` continues a stored one (the header shows the time left).
    pub resumed: bool,
    /// Ask low / medium / high after each answer, before it is revealed (for an Open
    /// answer, before its model answer and rubric).
    pub confidence: bool,
}

/// What the plain loop hands its caller to store, as it happens.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum PlainWrite<'a> {
    /// An answer given (or timed out): commit it before the next line is read.
    Answer(&'a NewAnswer),
    /// "I was right": mark the session's answer to this question right (see
    /// [`crate::store::Store::overrule`]).
    Overrule {
        pack_id: &'a str,
        question_id: &'a str,
    },
}

#[derive(Debug)]
pub struct PlainOutcome {
    /// Every question was answered, skipped or timed out (not cut short by end of input).
    pub finished: bool,
}

/// Reads the next line; `None` at end of input. Invalid UTF-8 is read lossily.
fn read_line(input: &mut dyn BufRead) -> Option<String> {
    let mut bytes = Vec::new();
    match input.read_until(b'\n', &mut bytes) {
        Ok(0) | Err(_) => None,
        Ok(_) => Some(
            String::from_utf8_lossy(&bytes)
                .trim_end_matches(['\n', '\r'])
                .to_owned(),
        ),
    }
}

/// The plain protocol: question, one line of answer (two for Open), feedback in practice
/// mode, a summary at the end. `save` commits each answer before the next line is read,
/// and each "I was right"; `clock` gives the time now (unix milliseconds).
///
/// "I was right": after the feedback on a typed Short or Numeric answer marked wrong or
/// partly right, one more line is read: `r` marks it right, anything else (an empty line,
/// end of input) goes on. After an exam's review, the number of such an answer marks it
/// right; an empty line or end of input ends.
pub fn run_plain(
    quiz: &mut PlainQuiz<'_>,
    input: &mut dyn BufRead,
    clock: &mut dyn FnMut() -> i64,
    save: &mut dyn FnMut(PlainWrite<'_>) -> Result<(), CliError>,
) -> Result<PlainOutcome, CliError> {
    let packs = quiz.packs;
    let total = quiz.session.planned();
    let before = quiz.session.answered();
    if before > 0 {
        print(&format!(
            "Resuming: {before} of {total} answered before; on with question {}.\n",
            quiz.session.index() + 1
        ));
    }
    let limit = quiz.session.time_limit_ms().map(Duration::from_millis);
    let left = quiz
        .session
        .time_left_ms(clock())
        .map(Duration::from_millis);
    print(&format!(
        "skillgap quiz · {} · {}{total} question{} · seed {}{}\n\n",
        quiz.session.kind().label(),
        if quiz.session.is_adaptive() {
            "up to "
        } else {
            ""
        },
        if total == 1 { "" } else { "s" },
        quiz.session.seed(),
        if quiz.resumed {
            time_limit_text(left, limit)
        } else {
            time_limit_text(limit, None)
        },
    ));
    // Hashing a whole pack takes milliseconds: once per session, not once per answer.
    let pack_refs: Vec<PackRef> = packs.iter().map(pack_ref).collect();
    let commit = |given: &Given,
                  save: &mut dyn FnMut(PlainWrite<'_>) -> Result<(), CliError>|
     -> Result<(), CliError> {
        let Some(pack) = packs.get(given.item.pack) else {
            return Ok(());
        };
        let Some(question) = pack.questions.get(given.item.question) else {
            return Ok(());
        };
        let pack = pack_refs
            .get(given.item.pack)
            .cloned()
            .unwrap_or_else(|| pack_ref(pack));
        save(PlainWrite::Answer(&NewAnswer::given(pack, question, given)))
    };
    while let Some(item) = quiz.session.current().cloned() {
        if let Some(timed_out) = quiz.session.time_out_if_due(clock()) {
            print("Time is up: the questions left score 0.\n\n");
            for given in &timed_out {
                commit(given, save)?;
            }
            break;
        }
        let Some(pack) = packs.get(item.pack) else {
            break;
        };
        let Some(question) = pack.questions.get(item.question) else {
            break;
        };
        let category = pack
            .category(&question.category)
            .map_or(question.category.as_str(), |c| c.title.as_str());
        if let Some(decided) = quiz.session.progress_line() {
            print(&format!("[{decided}]\n"));
        }
        print(&line::question_text(
            &quiz.session.position_words(),
            category,
            question,
            &item,
        ));
        let end_of_input = |session: &Session, now: i64| {
            let answered = session.answered();
            // A timed session's deadline is fixed: say so, rather than let a resume surprise.
            let clock = session.time_left_ms(now).map_or(String::new(), |left| {
                let secs = left / 1000;
                format!(
                    " Its clock keeps running: {}:{:02} left.",
                    secs / 60,
                    secs % 60
                )
            });
            print(&if session.kept_when_left() {
                format!(
                    "\nEnd of input: {answered} of {total} answered and saved. The session stays unfinished: `skillgap quiz --resume` continues it.{clock}\n"
                )
            } else {
                "\nEnd of input before the first answer: nothing to save, so the session is not kept.\n".to_owned()
            });
            Ok(PlainOutcome { finished: false })
        };
        let Some((response, confidence)) = read_response(question, &item, quiz.confidence, input)
        else {
            return end_of_input(&quiz.session, clock());
        };
        match quiz.session.answer(packs, response, confidence, clock()) {
            Answer::Counted(given) => {
                commit(&given, save)?;
                if quiz.session.mode() == Mode::Practice {
                    print(&line::feedback_text(question, &given.response, given.score));
                    if overrulable(quiz.session.current_answer()) {
                        print(
                            "If your answer says the same as the accepted one, type r and Enter (I was right); Enter goes on.\n",
                        );
                        if read_line(input).is_some_and(|l| is_overrule(&l)) {
                            let index = quiz.session.index();
                            overrule(quiz, index, save)?;
                        }
                    }
                } else {
                    print("Answer saved.\n");
                }
                print("\n");
            }
            Answer::Late(timed_out) => {
                print(
                    "Time is up: this answer came after the limit and is not counted; the questions left score 0.\n",
                );
                for given in &timed_out {
                    commit(given, save)?;
                }
                break;
            }
            Answer::Nothing => break,
        }
        quiz.session.advance(clock());
    }
    print(&summary(packs, &quiz.session));
    if quiz.session.mode() == Mode::Exam {
        print(&exam_review(packs, &quiz.session));
        overrule_in_review(quiz, input, save)?;
    }
    Ok(PlainOutcome { finished: true })
}

/// Whether an answer may still be marked right by the learner ("I was right").
fn overrulable(answered: Option<&quiz::Answered>) -> bool {
    answered.is_some_and(|a| {
        a.response.may_be_overruled() && !a.overridden && !quiz::Verdict::is_right(a.score)
    })
}

/// `r` (or `i`, or the words), any case: "I was right".
fn is_overrule(line: &str) -> bool {
    matches!(
        line.trim().to_lowercase().as_str(),
        "r" | "i" | "right" | "i was right"
    )
}

/// "I was right" for slot `index`: the session counts it as right, the store is told, and
/// the learner is told what happened.
fn overrule(
    quiz: &mut PlainQuiz<'_>,
    index: usize,
    save: &mut dyn FnMut(PlainWrite<'_>) -> Result<(), CliError>,
) -> Result<(), CliError> {
    let Some(overruled) = quiz.session.overrule(quiz.packs, index) else {
        print(
            "This answer cannot be marked right by you (only a typed answer marked wrong, once).\n",
        );
        return Ok(());
    };
    let Some(pack) = quiz.packs.get(overruled.pack) else {
        return Ok(());
    };
    save(PlainWrite::Overrule {
        pack_id: &pack.meta.id,
        question_id: &overruled.question_id,
    })?;
    print(&format!(
        "Marked right by you (it was scored {:.2}): it counts as right in your score, gap chart and review plan; `skillgap history` and exports show the mark.\n",
        overruled.was
    ));
    Ok(())
}

/// After an exam's review: the typed answers marked wrong may be marked right, by their
/// number in the review, one per line, until an empty line or the end of input.
fn overrule_in_review(
    quiz: &mut PlainQuiz<'_>,
    input: &mut dyn BufRead,
    save: &mut dyn FnMut(PlainWrite<'_>) -> Result<(), CliError>,
) -> Result<(), CliError> {
    loop {
        let numbered = reviewed(quiz.packs, &quiz.session);
        let open: Vec<usize> = numbered
            .iter()
            .enumerate()
            .filter(|(_, (_, answered))| overrulable(Some(answered)))
            .map(|(number, _)| number + 1)
            .collect();
        if open.is_empty() {
            return Ok(());
        }
        let listed: Vec<String> = open.iter().map(usize::to_string).collect();
        print(&format!(
            "\nIf a typed answer says the same as the accepted one, type its number and Enter (I was right: {}); Enter ends.\n",
            listed.join(", ")
        ));
        let Some(line) = read_line(input) else {
            return Ok(());
        };
        let line = line.trim();
        if line.is_empty() {
            return Ok(());
        }
        match line.parse::<usize>() {
            Ok(number) if open.contains(&number) => {
                let index = numbered.get(number - 1).map(|(slot, _)| *slot);
                if let Some(index) = index {
                    overrule(quiz, index, save)?;
                    let total = quiz.session.total_score();
                    print(&format!(
                        "Session score now {total:.2} of {}.\n",
                        quiz.session.items().len()
                    ));
                }
            }
            _ => print(&format!(
                "Not understood: `{}` is not one of {}. Try again, or Enter to end.\n",
                sanitize_line(line),
                listed.join(", ")
            )),
        }
    }
}

/// The answered slots as the exam review numbers them: (slot index, answer).
fn reviewed(packs: &[Pack], session: &Session) -> Vec<(usize, quiz::Answered)> {
    session
        .slots()
        .enumerate()
        .filter_map(|(index, (item, answered))| {
            item.question(packs)?;
            Some((index, answered?.clone()))
        })
        .collect()
}

/// Reads lines until one is low, medium or high; `None` at end of input.
fn read_confidence(input: &mut dyn BufRead) -> Option<quiz::Confidence> {
    loop {
        match quiz::Confidence::parse(&read_line(input)?) {
            Ok(sure) => return Some(sure),
            Err(why) => print(&format!("Not understood: {why}. Try again.\n")),
        }
    }
}

/// Reads lines until one is a valid answer (printing why the others are not), and when
/// `ask_sure`, how sure the learner is before anything is revealed: for an Open answer
/// that is before the model answer and rubric are shown. `None` at end of input.
fn read_response(
    question: &crate::pack::Question,
    item: &Item,
    ask_sure: bool,
    input: &mut dyn BufRead,
) -> Option<(Response, Option<quiz::Confidence>)> {
    let ask = |response: &Response, input: &mut dyn BufRead| {
        if !ask_sure || !response.is_answered() {
            return Some(None);
        }
        print("How sure are you? l low · m medium · h high\n");
        read_confidence(input).map(Some)
    };
    loop {
        let line = read_line(input)?;
        match line::parse_answer(question, item, &line) {
            Ok(Response::Open { text, covered }) => {
                let Kind::Open { rubric, .. } = &question.kind else {
                    return None;
                };
                let sure = ask(
                    &Response::Open {
                        text: text.clone(),
                        covered,
                    },
                    input,
                )?;
                print(&line::rubric_text(question));
                loop {
                    let line = read_line(input)?;
                    match line::parse_rubric(&line, rubric.len()) {
                        Ok(covered) => return Some((Response::Open { text, covered }, sure)),
                        Err(why) => print(&format!("Not understood: {why}. Try again.\n")),
                    }
                }
            }
            Ok(response) => {
                let sure = ask(&response, input)?;
                return Some((response, sure));
            }
            Err(why) => print(&format!("Not understood: {why}. Try again.\n")),
        }
    }
}

fn summary(packs: &[Pack], session: &Session) -> String {
    let results: Vec<(&str, f64)> = session
        .slots()
        .filter_map(|(item, answered)| {
            Some((item.question(packs)?.category.as_str(), answered?.score))
        })
        .collect();
    let total: f64 = results.iter().map(|(_, s)| s).sum();
    let mut out = format!(
        "Session over: {total:.2} of {} ({:.0}%)\n",
        results.len(),
        if results.is_empty() {
            0.0
        } else {
            100.0 * total / results.len() as f64
        }
    );
    for (category, sum, n) in quiz::category_scores(results.iter().copied()) {
        let title = packs
            .iter()
            .find_map(|p| p.category(&category))
            .map_or(category.clone(), |c| c.title.clone());
        out.push_str(&format!(
            "  {}: {sum:.2} of {n} ({:.0}%)\n",
            sanitize_line(&title),
            100.0 * sum / n as f64
        ));
    }
    out.push_str("See where you stand with `skillgap report`.\n");
    out
}

/// After an exam: each question's correct answer and the answer given, numbered as asked
/// (answers from before a resume included), since no feedback was given along the way.
fn exam_review(packs: &[Pack], session: &Session) -> String {
    let mut out = String::from("\nCorrect answers:\n");
    let answered = session
        .slots()
        .filter_map(|(item, answered)| Some((item.question(packs)?, answered?)));
    for (i, (question, answered)) in answered.enumerate() {
        out.push_str(&format!(
            "  {}. {}: {}\n",
            i + 1,
            sanitize_line(&question.id),
            line::correct_answer(question)
        ));
        let yours = if answered.overridden {
            format!(
                "{} · ✓ right (marked right by you)",
                line::given_answer(question, &answered.response)
            )
        } else if answered.response.is_answered() {
            format!(
                "{} · {}",
                line::given_answer(question, &answered.response),
                quiz::Verdict::of(answered.score).label()
            )
        } else {
            line::given_answer(question, &answered.response)
        };
        out.push_str(&format!("     Yours: {yours}\n"));
    }
    out
}

/// The header's time limit: ` · time limit 20 min`, and what is left when resuming
/// (` · time limit 20 min, 4:05 left`).
fn time_limit_text(left: Option<Duration>, session_limit: Option<Duration>) -> String {
    let Some(left) = left else {
        return String::new();
    };
    let limit = session_limit.unwrap_or(left);
    // 20.00 → 20, 1.50 → 1.5
    let short = |n: f64| {
        let text = format!("{n:.2}");
        text.trim_end_matches('0').trim_end_matches('.').to_owned()
    };
    let limit = if limit < Duration::from_secs(60) {
        format!("{} s", short(limit.as_secs_f64()))
    } else {
        format!("{} min", short(limit.as_secs_f64() / 60.0))
    };
    match session_limit {
        Some(_) => {
            let secs = left.as_secs();
            format!(" · time limit {limit}, {}:{:02} left", secs / 60, secs % 60)
        }
        None => format!(" · time limit {limit}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_time_limit_shows_the_whole_limit_and_what_is_left() {
        let min = |m: u64| Duration::from_secs(m * 60);
        assert_eq!(time_limit_text(None, None), "");
        assert_eq!(time_limit_text(Some(min(20)), None), " · time limit 20 min");
        assert_eq!(
            time_limit_text(Some(Duration::from_secs(90)), None),
            " · time limit 1.5 min"
        );
        assert_eq!(
            time_limit_text(Some(Duration::from_millis(600)), None),
            " · time limit 0.6 s"
        );
        assert_eq!(
            time_limit_text(Some(Duration::ZERO), Some(min(1))),
            " · time limit 1 min, 0:00 left"
        );
        assert_eq!(
            time_limit_text(Some(Duration::from_millis(245_900)), Some(min(20))),
            " · time limit 20 min, 4:05 left"
        );
    }
}
