//! `skillgap quiz`: builds the session to run (new, resumed, a retake, a review or a
//! teacher's exam) and starts it in the terminal app or in the plain loop
//! ([`super::plain`]), committing each answer to the store the moment it is given.

use super::plain::{PlainQuiz, PlainWrite, run_plain};
use super::prepare::{
    DEFAULT_COUNT, Prepared, build_filters, fresh_seed, load_packs, now_ms, pack_ref,
};
use super::{CliError, Outcome, eprint, print};
use crate::cli::args::{ModeArg, QuizArgs};
use crate::learning::ReviewMode;
use crate::learning::select::Reason;
use crate::pack::Pack;
use crate::quiz::{self, Mode, Plan, Session};
use crate::report::progress;
use crate::service::sessions;
use crate::store::{NewSession, SessionId, Store};
use crate::text::sanitize_line;
use std::io::IsTerminal;
use std::process::ExitCode;
use std::time::Duration;

pub fn run(args: QuizArgs, data_dir: Option<&std::path::Path>) -> Outcome {
    run_inner(args, data_dir)
}

fn run_inner(args: QuizArgs, data_dir: Option<&std::path::Path>) -> Result<ExitCode, CliError> {
    if let Some(path) = &args.exam {
        let prepared = super::exam::prepare(&args, path, data_dir)?;
        let store = super::files::open_store(data_dir)?;
        return start(prepared, store, &args);
    }
    if args.time_limit.is_some() && args.mode != ModeArg::Exam {
        return Err("--time-limit applies to exams: add --mode exam".into());
    }
    let dir = crate::store::data_dir(data_dir)?;
    let store = Store::open(&dir)?;
    let tui = !args.plain && std::io::stdin().is_terminal() && std::io::stdout().is_terminal();
    if args.resume {
        let stored = sessions::last_unfinished(&store)?
            .ok_or("no unfinished session to resume: start one with `skillgap quiz`")?;
        let session = &stored.record;
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
            return super::tui_exit(crate::tui::run_resume(packs, session.id, store));
        }
        let mut resumed = session.resume(&packs, &stored.answers, now_ms());
        crate::service::placement::reattach(&store, &packs, &mut resumed, now_ms())?;
        if resumed.left_out() > 0 {
            eprint(&format!(
                "skillgap: {} of the session's questions are no longer in its packs and are left out\n",
                resumed.left_out()
            ));
        }
        let confidence = args.confidence || store.ask_confidence()?;
        let placement = resumed.is_adaptive();
        let profile = resumed.profile().map(str::to_owned);
        let code = run_session(
            &packs,
            resumed,
            Some(session.id),
            None,
            None,
            &store,
            confidence,
        )?;
        if placement && let Some(pack) = packs.first() {
            print(&super::placement::result(&store, pack, profile.as_deref())?);
        }
        return Ok(code);
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
fn start(prepared: Prepared, store: Store, args: &QuizArgs) -> Result<ExitCode, CliError> {
    // `--confidence`, or the setting (`skillgap profile set --confidence on`).
    let confidence = args.confidence || store.ask_confidence()?;
    if !args.plain && std::io::stdin().is_terminal() && std::io::stdout().is_terminal() {
        let outro = prepared.outro.clone();
        let plan = prepared.plan;
        let start = crate::tui::QuizStart {
            items: plan.items,
            mode: plan.mode,
            seed: plan.seed,
            filters_json: plan.filters_json,
            time_limit_secs: plan.time_limit_ms.map(|ms| ms / 1000),
            profile: plan.profile,
            confidence,
            picker: prepared.picker.map(quiz::Picker),
        };
        let code = super::tui_exit(crate::tui::run_quiz(prepared.packs, start, store));
        if let Some(outro) = outro {
            print(&outro);
        }
        return code;
    }
    if prepared.plan.time_limit_ms.is_some() && !args.plain && !std::io::stdin().is_terminal() {
        // Without a terminal to answer from, the clock would run on after end of input.
        return Err(
            "this session is timed and standard input is not a terminal, so its clock would run on after the input ends: run it in a terminal, or add --plain to answer from standard input anyway"
                .into(),
        );
    }
    let placement = prepared.picker.is_some();
    let profile = prepared.plan.profile.clone();
    let session = match prepared.picker {
        Some(picker) => Session::adaptive(prepared.plan, picker, &prepared.packs, now_ms()),
        None => Session::new(prepared.plan, now_ms()),
    };
    let code = run_session(
        &prepared.packs,
        session,
        None,
        prepared.intro.as_deref(),
        prepared.outro.as_deref(),
        &store,
        confidence,
    )?;
    if placement && let Some(pack) = prepared.packs.first() {
        print(&super::placement::result(&store, pack, profile.as_deref())?);
    }
    Ok(code)
}

/// A new session from the command line's filters; `None` when a due session has nothing
/// to ask (and says so).
fn fresh(args: &QuizArgs, packs: Vec<Pack>, store: &Store) -> Result<Option<Prepared>, CliError> {
    if args.mode == ModeArg::Placement {
        return super::placement::prepare(args, packs, store).map(Some);
    }
    let filters = build_filters(args, &packs)?;
    let seed = args.seed.unwrap_or_else(fresh_seed);
    let count = args.count.map_or(DEFAULT_COUNT, |c| c as usize);
    let (mode, review) = match args.mode {
        ModeArg::Practice => (Mode::Practice, None),
        // Placement returned above.
        ModeArg::Exam | ModeArg::Placement => (Mode::Exam, None),
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
            let plan = crate::service::progress::review_plan(
                store,
                &packs,
                &filters,
                review,
                args.profile.as_deref(),
                now_ms(),
                count,
                seed,
            )?;
            if plan.items.is_empty() && review == ReviewMode::Due {
                print(&format!(
                    "{}\n",
                    progress::nothing_due_message(&plan, "`skillgap quiz --mode review`")
                ));
                return Ok(None);
            }
            let due = plan
                .picks
                .iter()
                .filter(|p| p.reason == Reason::Due)
                .count();
            intro = Some(match review {
                ReviewMode::Review => format!(
                    "Review: {due} due question{} first, then {} chosen to close your largest gaps ({} due in all).\n",
                    if due == 1 { "" } else { "s" },
                    plan.items.len() - due,
                    plan.due
                ),
                ReviewMode::Due => due_intro(plan.items.len(), plan.due, count),
            });
            filters_json = quiz::SessionKind::from(review).filters_json(&filters);
            plan.items
        }
    };
    if items.is_empty() {
        return Err(
            "no question matches these filters: widen them (see `skillgap pack stats backend`)"
                .into(),
        );
    }
    Ok(Some(Prepared {
        packs,
        plan: Plan {
            items,
            mode,
            seed,
            filters_json,
            time_limit_ms: args
                .time_limit
                .map(|minutes| Duration::from_secs_f64(minutes * 60.0).as_millis() as u64),
            profile: args.profile.clone(),
        },
        intro,
        outro: None,
        picker: None,
    }))
}

/// What a due session says before its first question: how many of the due questions it
/// asks and, when the count caps it, why and how to ask them all.
fn due_intro(asked: usize, due_in_all: usize, count: usize) -> String {
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    if asked >= due_in_all {
        return format!(
            "Due: all {asked} question{} due for review.\n",
            plural(asked)
        );
    }
    format!(
        "Due: {asked} of the {due_in_all} questions due for review, as a session asks at most {count} (--count). Ask them all with `skillgap quiz --mode due --count {due_in_all}`, or take another due session after this one.\n"
    )
}

/// A new session of the questions a stored session missed (`last`: the latest session with
/// answers).
fn retake(
    store: &Store,
    which: &str,
    packs: Vec<Pack>,
    seed: Option<u64>,
) -> Result<Prepared, CliError> {
    let stored = if which == "last" {
        sessions::last_answered(store)?.ok_or("no session with answers yet: take a quiz first")?
    } else {
        let id: i64 = which.parse().map_err(|_| {
            format!(
                "`{}` is not a session id: see the ids with `skillgap history`",
                sanitize_line(which)
            )
        })?;
        sessions::load(store, id)?
            .ok_or_else(|| format!("there is no session #{id}: see `skillgap history`"))?
    };
    let session = &stored.record;
    let seed = seed.unwrap_or_else(fresh_seed);
    let plan = session
        .retake(&packs, &stored.answers, seed)
        .map_err(|nothing| match nothing {
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
        packs,
        plan,
        intro: None,
        outro: None,
        picker: None,
    })
}

/// The plain loop over `session` (new, or resumed from stored session `stored`), each
/// answer committed as it is given.
fn run_session(
    packs: &[Pack],
    session: Session,
    stored: Option<SessionId>,
    intro: Option<&str>,
    outro: Option<&str>,
    store: &Store,
    confidence: bool,
) -> Result<ExitCode, CliError> {
    let refs: Vec<crate::store::PackRef> = packs.iter().map(pack_ref).collect();
    let plan = session.plan();
    let new_session = NewSession::planned(&plan, packs, &refs, session.started_at_ms());
    // A new session is stored with its first answer, so a quiz ended before one (end of
    // input, a signal, a kill) leaves nothing behind; a timed one too, its clock's start
    // (`started_at_ms`, kept in memory until then) stored as the session's start.
    let mut id = stored;
    if let Some(intro) = intro {
        print(intro);
    }
    let stdin = std::io::stdin();
    let mut quiz = PlainQuiz {
        packs,
        session,
        resumed: stored.is_some(),
        confidence,
    };
    let outcome = run_plain(
        &mut quiz,
        &mut stdin.lock(),
        &mut now_ms,
        &mut |write| match (write, id) {
            (PlainWrite::Answer(answer), Some(session)) => {
                store.record_answer(session, answer)?;
                Ok(())
            }
            // The session and its first answer in one transaction: both or neither.
            (PlainWrite::Answer(answer), None) => {
                let (session, _) = store.start_session_with_answer(&new_session, answer)?;
                id = Some(session);
                Ok(())
            }
            (
                PlainWrite::Overrule {
                    pack_id,
                    question_id,
                },
                Some(session),
            ) => {
                store.overrule(session, pack_id, question_id)?;
                Ok(())
            }
            (PlainWrite::Overrule { .. }, None) => Err(CliError::Message(
                "the answer could not be marked right: the session is not stored".to_owned(),
            )),
        },
    )?;
    if outcome.finished
        && let Some(id) = id
    {
        store.finish_session(id, now_ms())?;
        if let Some(outro) = outro {
            print(outro);
        }
    }
    Ok(ExitCode::SUCCESS)
}
