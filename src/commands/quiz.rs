//! `skillgap quiz --plain`: the line-by-line quiz loop. Reads one line per answer from
//! standard input, commits each answer to the store the moment it is given.

use super::{EXIT_INVALID, eprint, print};
use crate::cli::{DifficultyArg, KindArg, ModeArg, QuizArgs};
use crate::pack::{Difficulty, Kind, KindName, Pack};
use crate::quiz::{self, Filters, Item, Mode, Response, plain};
use crate::report::learning;
use crate::schedule::ReviewMode;
use crate::schedule::select::Reason;
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
    for tag in &args.tags {
        check_tag(packs, tag)?;
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

/// A tag no question carries is a typo, not a filter that matches nothing: say which tag was
/// meant, or the most used ones.
fn check_tag(packs: &[Pack], tag: &str) -> Result<(), String> {
    let mut uses: Vec<(&str, usize)> = Vec::new();
    for question in packs.iter().flat_map(|p| &p.questions) {
        for t in &question.tags {
            match uses.iter_mut().find(|(name, _)| name == t) {
                Some(entry) => entry.1 += 1,
                None => uses.push((t.as_str(), 1)),
            }
        }
    }
    if uses.iter().any(|(name, _)| *name == tag) {
        return Ok(());
    }
    let names: Vec<&str> = uses.iter().map(|(name, _)| *name).collect();
    let hint = match crate::pack::closest(tag, &names) {
        Some(near) => format!("did you mean `{}`?", sanitize_line(near)),
        None if uses.is_empty() => "these packs use no tags".to_owned(),
        None => {
            uses.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
            let common: Vec<String> = uses.iter().take(8).map(|(n, _)| sanitize_line(n)).collect();
            format!(
                "the most used of the {} tags are {}",
                uses.len(),
                common.join(", ")
            )
        }
    };
    Err(format!(
        "no question has the tag `{}`: {hint}",
        sanitize_line(tag)
    ))
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

pub use crate::store::{now_ms, pack_ref};

/// A session ready to run: new, resumed, a retake or an exam file's.
pub(super) struct Prepared {
    pub(super) packs: Vec<Pack>,
    /// The questions still to ask, in order.
    pub(super) items: Vec<Item>,
    pub(super) mode: Mode,
    pub(super) seed: u64,
    pub(super) time_limit: Option<Duration>,
    pub(super) filters_json: String,
    pub(super) profile: Option<String>,
    /// Set when continuing a stored session.
    pub(super) resumed: Option<Resumed>,
    /// Printed before the first question (plain mode).
    pub(super) intro: Option<String>,
    /// Printed once the session is over (after the terminal app is closed).
    pub(super) outro: Option<String>,
}

pub(super) struct Resumed {
    pub(super) session: crate::store::SessionId,
    /// The answers given before, in the order given: for numbering, the summary and an
    /// exam's list of correct answers.
    pub(super) answered: Vec<Earlier>,
    /// The session's whole time limit (`Prepared::time_limit` is what is left of it).
    pub(super) limit: Option<Duration>,
}

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

fn run_inner(args: QuizArgs, data_dir: Option<&std::path::Path>) -> Result<ExitCode, String> {
    if let Some(path) = &args.exam {
        let prepared = super::exam::prepare(&args, path, data_dir)?;
        let store = super::report::open_store(data_dir)?;
        return start(prepared, store, &args);
    }
    if args.time_limit.is_some() && args.mode != ModeArg::Exam {
        return Err("--time-limit applies to exams: add --mode exam".to_owned());
    }
    let dir = crate::store::data_dir(data_dir).map_err(|e| e.to_string())?;
    let store = Store::open(&dir).map_err(|e| e.to_string())?;
    let tui = !args.plain && std::io::stdin().is_terminal() && std::io::stdout().is_terminal();
    if args.resume {
        let session = store
            .last_unfinished()
            .map_err(|e| e.to_string())?
            .ok_or("no unfinished session to resume: start one with `skillgap quiz`")?;
        let packs = if args.packs.is_empty() {
            let ids: Vec<String> = session.packs.iter().map(|p| p.id.clone()).collect();
            load_packs(&ids, data_dir).map_err(|why| {
                format!(
                    "session #{} needs its packs ({}): install them or name them with --pack PATH\n{why}",
                    session.id,
                    sanitize_line(&ids.join(", "))
                )
            })?
        } else {
            load_packs(&args.packs, data_dir)?
        };
        if tui {
            return Ok(crate::tui::run_resume(packs, session.id, store));
        }
        let prepared = resume(&store, session, packs)?;
        let confidence = args.confidence || store.ask_confidence().map_err(|e| e.to_string())?;
        return run_prepared(prepared, &store, confidence);
    }
    let packs = load_packs(&args.packs, data_dir)?;
    let prepared = match &args.retake_wrong {
        Some(which) => retake(&store, which, packs, args.seed)?,
        None => match fresh(&args, packs, &store)? {
            Some(prepared) => prepared,
            None => return Ok(ExitCode::SUCCESS),
        },
    };
    start(prepared, store, &args)
}

/// Runs a new session in the terminal app, or in plain mode when asked or when there is no
/// terminal.
fn start(prepared: Prepared, store: Store, args: &QuizArgs) -> Result<ExitCode, String> {
    // `--confidence`, or the setting (`skillgap profile set --confidence on`).
    let confidence = args.confidence || store.ask_confidence().map_err(|e| e.to_string())?;
    if !args.plain && std::io::stdin().is_terminal() && std::io::stdout().is_terminal() {
        let outro = prepared.outro.clone();
        let start = crate::tui::QuizStart {
            items: prepared.items,
            mode: prepared.mode,
            seed: prepared.seed,
            filters_json: prepared.filters_json,
            time_limit_secs: prepared.time_limit.map(|t| t.as_secs()),
            profile: prepared.profile,
            confidence,
        };
        let code = crate::tui::run_quiz(prepared.packs, start, store);
        if let Some(outro) = outro {
            print(&outro);
        }
        return Ok(code);
    }
    run_prepared(prepared, &store, confidence)
}

/// A new session from the command line's filters; `None` when a due session has nothing
/// to ask (and says so).
fn fresh(args: &QuizArgs, packs: Vec<Pack>, store: &Store) -> Result<Option<Prepared>, String> {
    let filters = build_filters(args, &packs)?;
    let seed = args.seed.unwrap_or_else(fresh_seed);
    let count = args.count.map_or(DEFAULT_COUNT, |c| c as usize);
    let (mode, review) = match args.mode {
        ModeArg::Practice => (Mode::Practice, None),
        ModeArg::Exam => (Mode::Exam, None),
        ModeArg::Review => (Mode::Practice, Some(ReviewMode::Review)),
        ModeArg::Due => (Mode::Practice, Some(ReviewMode::Due)),
    };
    let mut intro = None;
    let mut filters_json = serde_json::to_string(&filters).unwrap_or_default();
    let items = match review {
        None => {
            let items = quiz::plan(&packs, &filters, Some(count), seed);
            if args.count.is_some() && !items.is_empty() && items.len() < count {
                eprint(&format!(
                    "skillgap: {count} questions were asked for, but only {} match these filters: the quiz asks {}.\n",
                    items.len(),
                    items.len()
                ));
            }
            items
        }
        Some(review) => {
            let plan = learning::review_plan(
                store,
                &packs,
                &filters,
                review,
                args.profile.as_deref(),
                now_ms(),
                count,
                seed,
            )
            .map_err(|e| e.to_string())?;
            if plan.items.is_empty() && review == ReviewMode::Due {
                print(&format!(
                    "{}\n",
                    learning::nothing_due_message(&plan, "`skillgap quiz --mode review`")
                ));
                return Ok(None);
            }
            let due = plan
                .picks
                .iter()
                .filter(|p| p.reason == Reason::Due)
                .count();
            intro = Some(format!(
                "Review: {due} due question{} first, then {} chosen to close your largest gaps ({} due in all).\n",
                if due == 1 { "" } else { "s" },
                plan.items.len() - due,
                plan.due
            ));
            filters_json = quiz::SessionKind::from(review).filters_json(&filters);
            plan.items
        }
    };
    if items.is_empty() {
        return Err(
            "no question matches these filters: widen them (see `skillgap pack stats backend`)"
                .to_owned(),
        );
    }
    Ok(Some(Prepared {
        packs,
        items,
        mode,
        seed,
        time_limit: args
            .time_limit
            .map(|minutes| Duration::from_secs_f64(minutes * 60.0)),
        filters_json,
        profile: args.profile.clone(),
        resumed: None,
        intro,
        outro: None,
    }))
}

/// The last unfinished session, from its first unanswered question, each question shown as
/// it was first shown (same seed); an exam keeps the time it had left.
fn resume(
    store: &Store,
    session: crate::store::SessionRecord,
    packs: Vec<Pack>,
) -> Result<Prepared, String> {
    let answers = store
        .session_answers(session.id)
        .map_err(|e| e.to_string())?;
    let answered: Vec<&str> = answers.iter().map(|a| a.question_id.as_str()).collect();
    let left: Vec<&str> = session
        .question_ids
        .iter()
        .map(String::as_str)
        .filter(|id| !answered.contains(id))
        .collect();
    let items = quiz::plan_of(
        &packs,
        &quiz::locate_all(&packs, &session.pack_ids(), &left),
        session.seed,
    );
    if items.len() < left.len() {
        eprint(&format!(
            "skillgap: {} of the session's questions are no longer in its packs and are left out\n",
            left.len() - items.len()
        ));
    }
    let mode = Mode::from_name(&session.mode).unwrap_or(Mode::Practice);
    let time_limit = session.time_limit_secs.map(|limit| {
        let spent = (now_ms() - session.started_at_ms).max(0) as u64;
        Duration::from_millis((limit * 1000).saturating_sub(spent))
    });
    let resumed = Resumed {
        session: session.id,
        answered: answers
            .iter()
            .map(|a| Earlier {
                question_id: a.question_id.clone(),
                category: a.category.clone(),
                score: a.score,
                response: Response::from_json(&a.response_json),
                at: quiz::locate_all(&packs, &[a.pack.id.as_str()], &[a.question_id.as_str()])
                    .first()
                    .copied(),
            })
            .collect(),
        limit: session.time_limit_secs.map(Duration::from_secs),
    };
    Ok(Prepared {
        packs,
        items,
        mode,
        seed: session.seed,
        time_limit,
        filters_json: session.filters_json.clone(),
        profile: session.profile.clone(),
        intro: None,
        outro: None,
        resumed: Some(resumed),
    })
}

/// A new session of the questions a stored session missed (`last`: the latest session with
/// answers).
fn retake(
    store: &Store,
    which: &str,
    packs: Vec<Pack>,
    seed: Option<u64>,
) -> Result<Prepared, String> {
    let session = if which == "last" {
        store
            .sessions(None)
            .map_err(|e| e.to_string())?
            .into_iter()
            .find(|s| s.answered > 0)
            .ok_or("no session with answers yet: take a quiz first")?
    } else {
        let id: i64 = which.parse().map_err(|_| {
            format!(
                "`{}` is not a session id: see the ids with `skillgap history`",
                sanitize_line(which)
            )
        })?;
        store
            .session(id)
            .map_err(|e| e.to_string())?
            .ok_or_else(|| format!("there is no session #{id}: see `skillgap history`"))?
    };
    let answers = store
        .session_answers(session.id)
        .map_err(|e| e.to_string())?;
    let given: Vec<(&str, &str, f64)> = answers
        .iter()
        .map(|a| (a.pack.id.as_str(), a.question_id.as_str(), a.score))
        .collect();
    let seed = seed.unwrap_or_else(fresh_seed);
    let items = quiz::retake(&packs, &given, seed).map_err(|nothing| match nothing {
        quiz::NothingToRetake::AllRight => format!(
            "nothing to retake: every answer of session #{} was right",
            session.id
        ),
        quiz::NothingToRetake::NotLoaded => format!(
            "the questions session #{} missed are not in the packs given: name its pack with --pack",
            session.id
        ),
    })?;
    Ok(Prepared {
        items,
        packs,
        mode: Mode::from_name(&session.mode).unwrap_or(Mode::Practice),
        seed,
        time_limit: None,
        filters_json: quiz::SessionKind::Retake {
            of: Some(session.id),
        }
        .filters_json(&Filters::default()),
        profile: session.profile.clone(),
        resumed: None,
        intro: None,
        outro: None,
    })
}

/// The plain loop over a prepared session, each answer committed as it is given.
fn run_prepared(prepared: Prepared, store: &Store, confidence: bool) -> Result<ExitCode, String> {
    let new_session = NewSession {
        mode: prepared.mode.name().to_owned(),
        seed: prepared.seed,
        filters_json: prepared.filters_json.clone(),
        packs: prepared.packs.iter().map(pack_ref).collect(),
        question_ids: prepared
            .items
            .iter()
            .filter_map(|item| item.question(&prepared.packs).map(|q| q.id.clone()))
            .collect(),
        time_limit_secs: prepared.time_limit.map(|t| t.as_secs()),
        profile: prepared.profile.clone(),
        started_at_ms: now_ms(),
    };
    let start = || store.start_session(&new_session).map_err(|e| e.to_string());
    // A new session is stored with its first answer, so a quiz ended before one (end of
    // input, a signal) leaves nothing behind; a timed one at once, as its clock starts now.
    let mut session = match &prepared.resumed {
        Some(resumed) => Some(resumed.session),
        None if prepared.time_limit.is_some() => Some(start()?),
        None => None,
    };
    if let Some(intro) = &prepared.intro {
        print(intro);
    }
    let stdin = std::io::stdin();
    let outcome = run_plain(
        &PlainQuiz {
            packs: &prepared.packs,
            items: &prepared.items,
            mode: prepared.mode,
            kind: quiz::SessionKind::of(prepared.mode.name(), &prepared.filters_json),
            seed: prepared.seed,
            time_limit: prepared.time_limit,
            answered_before: prepared
                .resumed
                .as_ref()
                .map(|r| r.answered.clone())
                .unwrap_or_default(),
            session_limit: prepared.resumed.as_ref().and_then(|r| r.limit),
            confidence,
        },
        &mut stdin.lock(),
        &mut |answer| {
            let id = match session {
                Some(id) => id,
                None => *session.insert(start()?),
            };
            store
                .record_answer(id, answer)
                .map(|_| ())
                .map_err(|e| e.to_string())
        },
    )?;
    if outcome.finished
        && let Some(id) = session
    {
        store
            .finish_session(id, now_ms())
            .map_err(|e| e.to_string())?;
        if let Some(outro) = &prepared.outro {
            print(outro);
        }
    }
    Ok(ExitCode::SUCCESS)
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
            print(&plain::question_text(
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
            plain::correct_answer(question)
        ));
        let yours = match &row.response {
            Some(response) if response.is_answered() => format!(
                "{} · {}",
                plain::given_answer(question, response),
                quiz::Verdict::of(row.score).label()
            ),
            Some(response) => plain::given_answer(question, response),
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
