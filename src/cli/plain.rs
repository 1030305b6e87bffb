//! `skillgap quiz --plain`: the line-by-line quiz loop for screen readers and scripts. Reads
//! one line per answer (two for an Open question) from standard input, hands each answer to
//! the caller to commit before the next line is read, and prints the feedback and summary.

use super::print;
use crate::pack::{Kind, Pack};
use crate::quiz::{self, Item, Mode, Response, line};
use crate::store::{NewAnswer, PackRef, now_ms, pack_ref};
use crate::text::sanitize_line;
use std::io::BufRead;
use std::time::{Duration, Instant};

/// An answer given in an earlier run of the session being resumed, read from the store.
#[derive(Debug, Clone)]
pub struct Earlier {
    pub question_id: String,
    pub category: String,
    pub score: f64,
    /// `None` if the stored response cannot be read.
    pub response: Option<Response>,
    /// (pack index, question index) in the packs loaded now; `None` if no longer there.
    pub at: Option<(usize, usize)>,
}

/// The quiz the plain loop runs.
#[derive(Debug)]
pub struct PlainQuiz<'a> {
    pub packs: &'a [Pack],
    pub items: &'a [Item],
    pub mode: Mode,
    /// What the session is (review, retake of #N, a teacher's exam...), for the header.
    pub kind: quiz::SessionKind,
    pub seed: u64,
    /// The time this run has: what is left of the limit when resuming.
    pub time_limit: Option<Duration>,
    /// Answers given in an earlier run of the same session, in the order given.
    pub answered_before: Vec<Earlier>,
    /// When resuming a timed session: its whole limit (shown with what is left).
    pub session_limit: Option<Duration>,
    /// Ask low / medium / high after each answer, before it is revealed.
    pub confidence: bool,
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
/// mode, a summary at the end. `save` commits each answer before the next line is read.
pub fn run_plain(
    quiz: &PlainQuiz<'_>,
    input: &mut dyn BufRead,
    save: &mut dyn FnMut(&NewAnswer) -> Result<(), String>,
) -> Result<PlainOutcome, String> {
    let before = quiz.answered_before.len();
    let total = quiz.items.len() + before;
    if before > 0 {
        print(&format!(
            "Resuming: {before} of {total} answered before; on with question {}.\n",
            before + 1
        ));
    }
    print(&format!(
        "skillgap quiz · {} · {total} question{} · seed {}{}\n\n",
        quiz.kind.label(),
        if total == 1 { "" } else { "s" },
        quiz.seed,
        time_limit_text(quiz.time_limit, quiz.session_limit),
    ));
    // Hashing a whole pack takes milliseconds: once per session, not once per answer.
    let pack_refs: Vec<PackRef> = quiz.packs.iter().map(pack_ref).collect();
    let started = Instant::now();
    let mut results: Vec<(String, f64)> = quiz
        .answered_before
        .iter()
        .map(|a| (a.category.clone(), a.score))
        .collect();
    // Every question of the session in the order asked, for an exam's correct answers.
    let mut reviewed: Vec<Reviewed<'_>> = quiz
        .answered_before
        .iter()
        .map(|a| Reviewed {
            id: &a.question_id,
            question: a.at.and_then(|(p, q)| quiz.packs.get(p)?.questions.get(q)),
            response: a.response.clone(),
            score: a.score,
        })
        .collect();
    let mut timed_out = false;
    for (index, item) in quiz.items.iter().enumerate() {
        let Some(pack) = quiz.packs.get(item.pack) else {
            continue;
        };
        let Some(question) = pack.questions.get(item.question) else {
            continue;
        };
        let category = pack
            .category(&question.category)
            .map_or(question.category.as_str(), |c| c.title.as_str());
        let over_time = |now: Instant| {
            quiz.time_limit
                .is_some_and(|limit| now.duration_since(started) > limit)
        };
        if !timed_out && over_time(Instant::now()) {
            timed_out = true;
            print("Time is up: the questions left score 0.\n\n");
        }
        let asked = Instant::now();
        let mut confidence: Option<quiz::Confidence> = None;
        let response = if timed_out {
            Response::TimedOut
        } else {
            print(&line::question_text(
                before + index + 1,
                total,
                category,
                question,
                item,
            ));
            let end_of_input = || {
                let answered = before + index;
                print(
                    &if quiz::kept_when_left(answered, quiz.time_limit.is_some()) {
                        format!(
                            "\nEnd of input: {answered} of {total} answered and saved. The session stays unfinished: `skillgap quiz --resume` continues it.\n"
                        )
                    } else {
                        "\nEnd of input before the first answer: nothing to save, so the session is not kept.\n".to_owned()
                    },
                );
                Ok(PlainOutcome { finished: false })
            };
            let Some(response) = read_response(question, item, input) else {
                return end_of_input();
            };
            if quiz.confidence && response.is_answered() {
                print("How sure are you? l low · m medium · h high\n");
                match read_confidence(input) {
                    Some(sure) => confidence = Some(sure),
                    None => return end_of_input(),
                }
            }
            if over_time(Instant::now()) {
                timed_out = true;
                print(
                    "Time is up: this answer came after the limit and is not counted; the questions left score 0.\n",
                );
                Response::TimedOut
            } else {
                response
            }
        };
        let score = quiz::score(question, &response);
        save(&quiz::answer_record(
            pack_refs
                .get(item.pack)
                .cloned()
                .unwrap_or_else(|| pack_ref(pack)),
            question,
            &response,
            score,
            confidence,
            asked.elapsed().as_millis() as u64,
            now_ms(),
        ))?;
        results.push((question.category.clone(), score));
        reviewed.push(Reviewed {
            id: &question.id,
            question: Some(question),
            response: Some(response.clone()),
            score,
        });
        if quiz.mode == Mode::Practice && !timed_out {
            print(&line::feedback_text(question, &response, score));
        } else if !timed_out {
            print("Answer saved.\n");
        }
        if !timed_out {
            print("\n");
        }
    }
    print(&summary(quiz, &results));
    if quiz.mode == Mode::Exam {
        print(&exam_review(&reviewed));
    }
    Ok(PlainOutcome { finished: true })
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

/// Reads lines until one is a valid answer (printing why the others are not); `None` at end
/// of input.
fn read_response(
    question: &crate::pack::Question,
    item: &Item,
    input: &mut dyn BufRead,
) -> Option<Response> {
    loop {
        let line = read_line(input)?;
        match line::parse_answer(question, item, &line) {
            Ok(Response::Open { text, .. }) => {
                let Kind::Open { rubric, .. } = &question.kind else {
                    return None;
                };
                print(&line::rubric_text(question));
                loop {
                    let line = read_line(input)?;
                    match line::parse_rubric(&line, rubric.len()) {
                        Ok(covered) => return Some(Response::Open { text, covered }),
                        Err(why) => print(&format!("Not understood: {why}. Try again.\n")),
                    }
                }
            }
            Ok(response) => return Some(response),
            Err(why) => print(&format!("Not understood: {why}. Try again.\n")),
        }
    }
}

fn summary(quiz: &PlainQuiz<'_>, results: &[(String, f64)]) -> String {
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
    for (category, sum, n) in quiz::category_scores(results.iter().map(|(c, s)| (c.as_str(), *s))) {
        let title = quiz
            .packs
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

/// One question of the session as the exam's review shows it.
struct Reviewed<'a> {
    id: &'a str,
    /// `None` if the question is no longer in its pack.
    question: Option<&'a crate::pack::Question>,
    response: Option<Response>,
    score: f64,
}

/// After an exam: each question's correct answer and the answer given, numbered as asked
/// (answers from before a resume included), since no feedback was given along the way.
fn exam_review(reviewed: &[Reviewed<'_>]) -> String {
    let mut out = String::from("\nCorrect answers:\n");
    for (i, row) in reviewed.iter().enumerate() {
        let Some(question) = row.question else {
            out.push_str(&format!(
                "  {}. {}: no longer in its pack\n     Your score: {:.2}\n",
                i + 1,
                sanitize_line(row.id),
                row.score
            ));
            continue;
        };
        out.push_str(&format!(
            "  {}. {}: {}\n",
            i + 1,
            sanitize_line(&question.id),
            line::correct_answer(question)
        ));
        let yours = match &row.response {
            Some(response) if response.is_answered() => format!(
                "{} · {}",
                line::given_answer(question, response),
                quiz::Verdict::of(row.score).label()
            ),
            Some(response) => line::given_answer(question, response),
            None => format!("(not readable) · score {:.2}", row.score),
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
