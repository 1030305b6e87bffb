//! One resume semantics for both front ends: a session started in the plain loop and
//! resumed in the app, and one started in the app and resumed in the plain loop, shows the
//! same questions in the same order with the same choice order, and counts the earlier
//! answers. The perfect answers are computed from the original plan, so they only score 1
//! if the resumed front end shows each question's parts in the order first planned.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod tui_support;

use ratatui::crossterm::event::KeyCode;
use skillgap::pack::{Kind, KindName, Pack, Question};
use skillgap::quiz::{self, Filters, Item, Mode};
use skillgap::store::{NewSession, Store, pack_ref};
use skillgap::tui::{App, Effect, Msg, QuizStart, Screen, update};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use tui_support::*;

const SEED: u64 = 11;

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid/all-kinds.ron")
}

/// Kinds whose display order is shuffled, so a wrong order would show.
fn filters() -> Filters {
    Filters {
        kinds: vec![KindName::Single, KindName::Multi, KindName::Order],
        ..Filters::default()
    }
}

fn plan(packs: &[Pack]) -> Vec<Item> {
    quiz::plan(packs, &filters(), Some(4), SEED)
}

/// The plain line that answers `item` perfectly (Single, Multi and Order only).
fn plain_line(q: &Question, item: &Item) -> String {
    let shown = |original: usize| item.order.iter().position(|&o| o == original).unwrap() + 1;
    let list = |picks: Vec<usize>, sep: &str| {
        picks
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(sep)
    };
    match &q.kind {
        Kind::Single { answer, .. } => shown(*answer).to_string(),
        Kind::Multi { correct, .. } => list(correct.iter().map(|c| shown(*c)).collect(), ","),
        Kind::Order { items, .. } => list((0..items.len()).map(shown).collect(), " "),
        other => panic!("not planned here: {other:?}"),
    }
}

fn plain_lines(packs: &[Pack], items: &[Item]) -> String {
    items
        .iter()
        .map(|item| plain_line(item.question(packs).unwrap(), item) + "\n")
        .collect()
}

fn plain_quiz(data: &Path, args: &[&str], input: &str) -> String {
    let mut child = Command::new(env!("CARGO_BIN_EXE_skillgap"))
        .env("SKILLGAP_HOME", data)
        .args(["quiz", "--plain", "--pack", fixture().to_str().unwrap()])
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Answers the question on screen perfectly and moves past its feedback; returns the
/// answers the app asked to save.
fn answer_and_go_on(app: &mut App) -> Vec<skillgap::store::NewAnswer> {
    let mut effects = answer_perfectly(app);
    assert_eq!(app.screen, Screen::Feedback);
    effects.extend(press(app, KeyCode::Enter));
    effects
        .into_iter()
        .filter_map(|e| match e {
            Effect::SaveAnswer(_, answer) => Some(*answer),
            _ => None,
        })
        .collect()
}

#[test]
fn started_in_plain_mode_and_resumed_in_the_app() {
    let data = tempfile::tempdir().unwrap();
    let packs = demo();
    let items = plan(&packs);
    let seed = SEED.to_string();
    let args = [
        "--count", "4", "--seed", &seed, "--kind", "single", "--kind", "multi", "--kind", "order",
    ];
    let out = plain_quiz(data.path(), &args, &plain_lines(&packs, &items[..2]));
    assert!(
        out.contains("`skillgap quiz --resume` continues it"),
        "{out}"
    );

    let store = Store::open(data.path()).unwrap();
    let session = store.last_unfinished().unwrap().unwrap();
    let answers = store.session_answers(session.id).unwrap();
    assert_eq!(
        answers.iter().map(|a| a.score).collect::<Vec<_>>(),
        [1.0, 1.0]
    );
    let (mut app, _) = App::dashboard(packs.clone(), false, NOW);
    update(&mut app, Msg::Resize(100, 30));
    load_session(&mut app, session.clone(), answers, true);
    assert_eq!(app.screen, Screen::Question);
    let quiz = app.quiz.as_ref().unwrap();
    assert_eq!(
        quiz.session.items(),
        items.as_slice(),
        "same questions, order and choice order"
    );
    assert_eq!((quiz.index(), quiz.answered()), (2, 2));
    assert_eq!(quiz.total_score(), 2.0, "the earlier answers count");
    assert!(render(&app, 100, 30).contains("Question 3 of 4"));

    for _ in 2..4 {
        let saved = answer_and_go_on(&mut app);
        assert_eq!(saved.len(), 1);
        assert_eq!(saved[0].score, 1.0, "shown in the order first planned");
    }
    assert_eq!(app.screen, Screen::Summary);
    assert_eq!(app.quiz.as_ref().unwrap().total_score(), 4.0);
    assert!(render(&app, 100, 30).contains("Session over: 4.00 of 4 (100%)"));
}

#[test]
fn started_in_the_app_and_resumed_in_plain_mode() {
    let data = tempfile::tempdir().unwrap();
    let store = Store::open(data.path()).unwrap();
    let packs = demo();
    let items = plan(&packs);
    let start = QuizStart {
        items: items.clone(),
        mode: Mode::Practice,
        seed: SEED,
        filters_json: serde_json::to_string(&filters()).unwrap(),
        time_limit_secs: None,
        profile: None,
        confidence: false,
        picker: None,
    };
    let (mut app, effects) = App::quiz(packs.clone(), start, false, NOW);
    update(&mut app, Msg::Resize(100, 30));
    // What the run loop does with the app's effects, against a real store.
    let [Effect::StartSession(plan)] = effects.as_slice() else {
        panic!("{effects:?}");
    };
    let refs: Vec<_> = packs.iter().map(pack_ref).collect();
    let id = store
        .start_session(&NewSession {
            mode: plan.mode,
            seed: plan.seed,
            filters_json: plan.filters_json.clone(),
            packs: plan.packs.iter().map(|&i| refs[i].clone()).collect(),
            question_ids: plan.question_ids.clone(),
            time_limit_secs: plan.time_limit_secs,
            profile: plan.profile.clone(),
            started_at_ms: plan.started_at_ms,
        })
        .unwrap();
    update(&mut app, Msg::SessionStarted { id, packs: refs });
    for _ in 0..2 {
        for answer in answer_and_go_on(&mut app) {
            assert_eq!(answer.score, 1.0);
            store.record_answer(id, &answer).unwrap();
        }
    }
    assert_eq!(app.quiz.as_ref().unwrap().index(), 2);
    drop(store);

    let out = plain_quiz(
        data.path(),
        &["--resume"],
        &plain_lines(&packs, &items[2..]),
    );
    assert!(
        out.contains("Resuming: 2 of 4 answered before; on with question 3."),
        "{out}"
    );
    assert!(out.contains("Question 3 of 4"), "{out}");
    assert!(!out.contains("Question 2 of 4"), "{out}");
    assert!(
        out.contains("Session over: 4.00 of 4 (100%)"),
        "the earlier answers count, the rest are shown as first planned: {out}"
    );
    let store = Store::open(data.path()).unwrap();
    assert!(store.last_unfinished().unwrap().is_none());
    let answers = store.session_answers(id).unwrap();
    assert_eq!(answers.len(), 4);
    let asked: Vec<&str> = items
        .iter()
        .map(|i| i.question(&packs).unwrap().id.as_str())
        .collect();
    assert_eq!(
        answers
            .iter()
            .map(|a| a.question_id.as_str())
            .collect::<Vec<_>>(),
        asked
    );
}
