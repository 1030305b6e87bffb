//! `skillgap quiz --plain`: the line-by-line quiz loop. Reads one line per answer from
//! standard input, commits each answer to the store the moment it is given.

use super::{EXIT_INVALID, eprint, print};
use crate::cli::{DifficultyArg, KindArg, ModeArg, QuizArgs};
use crate::pack::{Difficulty, Kind, KindName, Pack};
use crate::quiz::{self, Filters, Item, Mode, Response, plain};
use crate::store::{NewAnswer, NewSession, PackRef, Store};
use crate::text::sanitize_line;
use std::io::{BufRead, IsTerminal};
use std::process::ExitCode;
use std::time::{Duration, Instant};

/// Questions in a quiz when `--count` is not given.
pub const DEFAULT_COUNT: usize = 10;

pub fn run(args: QuizArgs, data_dir: Option<&std::path::Path>) -> ExitCode {
    match run_inner(args, data_dir) {
        Ok(code) => code,
        Err(message) => {
            eprint(&format!("skillgap: {message}\n"));
            ExitCode::from(EXIT_INVALID)
        }
    }
}

/// Packs named on the command line (default: the bundled bank), loaded and validated.
pub fn load_packs(
    names: &[String],
    data_dir: Option<&std::path::Path>,
) -> Result<Vec<Pack>, String> {
    let default = [crate::pack::bundled_dir_name().to_owned()];
    let names = if names.is_empty() {
        &default[..]
    } else {
        names
    };
    let mut packs: Vec<Pack> = Vec::new();
    for name in names {
        let pack = super::pack::load(name, data_dir).map_err(|e| {
            format!(
                "cannot use pack `{}`:\n{}",
                sanitize_line(name),
                e.render(super::stderr_color())
            )
        })?;
        if packs.iter().any(|p| p.meta.id == pack.meta.id) {
            return Err(format!(
                "two packs have the id `{}`: give each pack once",
                sanitize_line(&pack.meta.id)
            ));
        }
        packs.push(pack);
    }
    Ok(packs)
}

/// Checks category and profile names against the packs, so a typo is an error rather than
/// an empty quiz.
pub fn build_filters(args: &QuizArgs, packs: &[Pack]) -> Result<Filters, String> {
    for category in &args.categories {
        if !packs.iter().any(|p| p.category(category).is_some()) {
            let known: Vec<String> = packs
                .iter()
                .flat_map(|p| p.categories.iter().map(|c| c.id.clone()))
                .collect();
            return Err(format!(
                "unknown category `{}`: the categories are {}",
                sanitize_line(category),
                known.join(", ")
            ));
        }
    }
    if let Some(profile) = &args.profile {
        check_profile(packs, profile)?;
    }
    Ok(Filters {
        categories: args.categories.clone(),
        tags: args.tags.clone(),
        difficulty: args.difficulty.map(|d| match d {
            DifficultyArg::Easy => Difficulty::Easy,
            DifficultyArg::Medium => Difficulty::Medium,
            DifficultyArg::Hard => Difficulty::Hard,
        }),
        kinds: args.kinds.iter().map(|k| kind_name(*k)).collect(),
    })
}

pub fn check_profile(packs: &[Pack], profile: &str) -> Result<(), String> {
    if packs.iter().any(|p| p.profile(profile).is_some()) {
        return Ok(());
    }
    let known: Vec<String> = packs
        .iter()
        .flat_map(|p| p.profiles.iter().map(|c| c.id.clone()))
        .collect();
    Err(format!(
        "unknown profile `{}`: the profiles are {}",
        sanitize_line(profile),
        if known.is_empty() {
            String::from("(none in these packs)")
        } else {
            known.join(", ")
        }
    ))
}

pub fn kind_name(kind: KindArg) -> KindName {
    match kind {
        KindArg::Single => KindName::Single,
        KindArg::Multi => KindName::Multi,
        KindArg::TrueFalse => KindName::TrueFalse,
        KindArg::Short => KindName::Short,
        KindArg::Numeric => KindName::Numeric,
        KindArg::Order => KindName::Order,
        KindArg::Match => KindName::Match,
        KindArg::Open => KindName::Open,
    }
}

/// A seed when none is given: differs run to run; printed so the quiz can be repeated.
pub fn fresh_seed() -> u64 {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64);
    let mut rng = quiz::QuizRng::new(nanos ^ u64::from(std::process::id()).rotate_left(32));
    rng.next_u64() % 1_000_000_000
}

pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

pub fn pack_ref(pack: &Pack) -> PackRef {
    PackRef {
        id: pack.meta.id.clone(),
        version: pack.meta.version.clone(),
        content_hash: pack.content_hash(),
    }
}

fn run_inner(args: QuizArgs, data_dir: Option<&std::path::Path>) -> Result<ExitCode, String> {
    let packs = load_packs(&args.packs, data_dir)?;
    let filters = build_filters(&args, &packs)?;
    let mode = match args.mode {
        ModeArg::Practice => Mode::Practice,
        ModeArg::Exam => Mode::Exam,
        ModeArg::Review | ModeArg::Due => {
            return Err("review and due modes are being built".to_owned());
        }
    };
    if args.time_limit.is_some() && mode != Mode::Exam {
        return Err("--time-limit applies to exams: add --mode exam".to_owned());
    }
    let seed = args.seed.unwrap_or_else(fresh_seed);
    let count = args.count.map_or(DEFAULT_COUNT, |c| c as usize);
    let items = quiz::plan(&packs, &filters, Some(count), seed);
    if items.is_empty() {
        return Err(
            "no question matches these filters: widen them (see `skillgap pack stats backend`)"
                .to_owned(),
        );
    }
    let time_limit = args
        .time_limit
        .map(|minutes| Duration::from_secs_f64(minutes * 60.0));
    let dir = crate::store::data_dir(data_dir).map_err(|e| e.to_string())?;
    let store = Store::open(&dir).map_err(|e| e.to_string())?;
    if !args.plain && std::io::stdin().is_terminal() && std::io::stdout().is_terminal() {
        let start = crate::tui::QuizStart {
            items,
            mode,
            seed,
            filters_json: serde_json::to_string(&filters).unwrap_or_default(),
            time_limit_secs: time_limit.map(|t| t.as_secs()),
            profile: args.profile.clone(),
        };
        return Ok(crate::tui::run_quiz(packs, start, store));
    }
    let question_ids = items
        .iter()
        .filter_map(|item| item.question(&packs).map(|q| q.id.clone()))
        .collect();
    let session = store
        .start_session(&NewSession {
            mode: mode.name().to_owned(),
            seed,
            filters_json: serde_json::to_string(&filters).unwrap_or_default(),
            packs: packs.iter().map(pack_ref).collect(),
            question_ids,
            time_limit_secs: time_limit.map(|t| t.as_secs()),
            profile: args.profile.clone(),
            started_at_ms: now_ms(),
        })
        .map_err(|e| e.to_string())?;
    let stdin = std::io::stdin();
    let outcome = run_plain(
        &PlainQuiz {
            packs: &packs,
            items: &items,
            mode,
            seed,
            time_limit,
        },
        &mut stdin.lock(),
        &mut |answer| {
            store
                .record_answer(session, answer)
                .map(|_| ())
                .map_err(|e| e.to_string())
        },
    )?;
    if outcome.finished {
        store
            .finish_session(session, now_ms())
            .map_err(|e| e.to_string())?;
    }
    Ok(ExitCode::SUCCESS)
}

/// The quiz the plain loop runs.
#[derive(Debug)]
pub struct PlainQuiz<'a> {
    pub packs: &'a [Pack],
    pub items: &'a [Item],
    pub mode: Mode,
    pub seed: u64,
    pub time_limit: Option<Duration>,
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
    let total = quiz.items.len();
    print(&format!(
        "skillgap quiz · {} · {total} question{} · seed {}{}\n\n",
        quiz.mode.name(),
        if total == 1 { "" } else { "s" },
        quiz.seed,
        quiz.time_limit.map_or_else(String::new, |t| format!(
            " · time limit {:.1} min",
            t.as_secs_f64() / 60.0
        )),
    ));
    // Hashing a whole pack takes milliseconds: once per session, not once per answer.
    let pack_refs: Vec<PackRef> = quiz.packs.iter().map(pack_ref).collect();
    let started = Instant::now();
    let mut results: Vec<(String, f64)> = Vec::new();
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
        let response = if timed_out {
            Response::TimedOut
        } else {
            print(&plain::question_text(
                index + 1,
                total,
                category,
                question,
                item,
            ));
            let Some(response) = read_response(question, item, input) else {
                print(&format!(
                    "\nEnd of input: {index} of {total} answered and saved. The session stays unfinished and can be resumed.\n"
                ));
                return Ok(PlainOutcome { finished: false });
            };
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
        save(&NewAnswer {
            pack: pack_refs
                .get(item.pack)
                .cloned()
                .unwrap_or_else(|| pack_ref(pack)),
            question_id: question.id.clone(),
            category: question.category.clone(),
            kind: question.kind.name().name().to_owned(),
            difficulty: question.difficulty.name().to_owned(),
            response_json: response.to_json(),
            score,
            confidence: None,
            time_taken_ms: asked.elapsed().as_millis() as u64,
            content_hash: question.content_hash(),
            answered_at_ms: now_ms(),
        })?;
        results.push((question.category.clone(), score));
        if quiz.mode == Mode::Practice && !timed_out {
            print(&plain::feedback_text(question, &response, score));
        } else if !timed_out {
            print("Answer saved.\n");
        }
        if !timed_out {
            print("\n");
        }
    }
    print(&summary(quiz, &results));
    if quiz.mode == Mode::Exam {
        print(&exam_review(quiz));
    }
    Ok(PlainOutcome { finished: true })
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
        match plain::parse_answer(question, item, &line) {
            Ok(Response::Open { text, .. }) => {
                let Kind::Open { rubric, .. } = &question.kind else {
                    return None;
                };
                print(&plain::rubric_text(question));
                loop {
                    let line = read_line(input)?;
                    match plain::parse_rubric(&line, rubric.len()) {
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

/// After an exam: the correct answers, since no feedback was given along the way.
fn exam_review(quiz: &PlainQuiz<'_>) -> String {
    let mut out = String::from("\nCorrect answers:\n");
    for (i, item) in quiz.items.iter().enumerate() {
        if let Some(question) = item.question(quiz.packs) {
            out.push_str(&format!(
                "  {}. {}: {}\n",
                i + 1,
                sanitize_line(&question.id),
                plain::correct_answer(question)
            ));
        }
    }
    out
}
