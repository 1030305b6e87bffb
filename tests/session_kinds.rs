//! What kind each session was (practice, exam, review, due only, retake of #N, exam file):
//! recorded when the command line or the terminal app starts a session, and shown by
//! `skillgap history` (run as a user would, on a temporary data directory) and by the app's
//! history and session screens.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod tui_support;

use ratatui::crossterm::event::KeyCode;
use skillgap::learning::ReviewMode;
use skillgap::quiz::{self, SessionKind};
use skillgap::store::{SessionRecord, SessionStatus};
use skillgap::tui::data::SessionLine;
use skillgap::tui::{App, Effect, Msg, Screen, update};
use std::io::Write as _;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use tui_support::*;

fn skillgap(data: &Path, args: &[&str], input: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_skillgap"))
        .args(args)
        .env("SKILLGAP_HOME", data)
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let _ = child.stdin.take().unwrap().write_all(input.as_bytes());
    let output = child.wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "skillgap {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

fn fixture() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/valid/all-kinds.ron")
        .to_string_lossy()
        .into_owned()
}

/// The `history` line of session `id`.
fn history_line(history: &str, id: i64) -> String {
    history
        .lines()
        .find(|l| l.split_whitespace().next() == Some(&id.to_string()))
        .unwrap_or_else(|| panic!("no session #{id} in:\n{history}"))
        .to_owned()
}

#[test]
fn history_says_what_each_session_was() {
    let data = tempfile::tempdir().unwrap();
    let data = data.path();
    let pack = fixture();
    let quiz = |args: &[&str], input: &str| {
        let mut all = vec!["quiz", "--plain", "--pack", pack.as_str()];
        all.extend_from_slice(args);
        skillgap(data, &all, input)
    };
    // #1 a daily review, every answer skipped: all of it is worth retaking.
    let out = quiz(
        &["--mode", "review", "--count", "3", "--seed", "3"],
        "\n\n\n",
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("Review: "));
    // #2 a retake of the last session, #3 a retake of #1 by its id.
    quiz(&["--retake-wrong", "last", "--seed", "4"], "\n\n\n");
    quiz(&["--retake-wrong", "1", "--seed", "5"], "\n\n\n");
    // #4 practice, #5 an exam.
    quiz(&["--count", "1", "--seed", "1"], "\n");
    quiz(&["--mode", "exam", "--count", "1", "--seed", "2"], "\n");
    // #6 a teacher's exam file.
    let exam = data.join("midterm.ron");
    std::fs::write(
        &exam,
        r#"Exam(title: "Midterm", pack: (id: "demo", version: "1.0.0"), seed: 9, count: 1)"#,
    )
    .unwrap();
    quiz(&["--exam", exam.to_str().unwrap()], "\n");

    let out = skillgap(data, &["history"], "");
    let history = String::from_utf8_lossy(&out.stdout).into_owned();
    let header = history.lines().next().unwrap();
    assert!(header.contains("kind"), "{history}");
    assert!(!header.contains("mode"), "{history}");
    for (id, label) in [
        (1, "review"),
        (2, "retake of #1"),
        (3, "retake of #1"),
        (4, "practice"),
        (5, "exam"),
        (6, "exam \"Midterm\""),
    ] {
        let line = history_line(&history, id);
        assert!(line.contains(&format!("  {label}  ")), "#{id}: {line}");
    }
    // The columns after the kind stay in line whatever its length.
    let status_at = |id| history_line(&history, id).find("finished").unwrap();
    assert!((2..=6).all(|id| status_at(id) == status_at(1)), "{history}");
    assert_eq!(header.find("status"), Some(status_at(1)), "{history}");

    let out = skillgap(data, &["history", "--format", "json"], "");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let sessions = json["sessions"].as_array().unwrap();
    let kind_of = |id: i64| {
        sessions
            .iter()
            .find(|s| s["id"] == id)
            .map(|s| s["kind"].clone())
            .unwrap()
    };
    assert_eq!(kind_of(1)["name"], "review");
    assert_eq!(kind_of(2)["name"], "retake");
    assert_eq!(kind_of(2)["retake_of"], 1);
    assert_eq!(kind_of(2)["label"], "retake of #1");
    assert_eq!(kind_of(5)["name"], "exam");
    assert_eq!(kind_of(6)["name"], "exam_file");
    assert_eq!(kind_of(6)["exam"]["title"], "Midterm");
    // The feedback mode is still there, as before.
    assert_eq!(
        sessions.iter().find(|s| s["id"] == 1).unwrap()["mode"],
        "practice"
    );

    // An exam file's session is still found by `export --exam`, and a retake is not it.
    let out = skillgap(
        data,
        &["export", "--name", "Ann", "--exam", exam.to_str().unwrap()],
        "",
    );
    let results: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let ids: Vec<i64> = results["sessions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids, [6]);
}

#[test]
fn an_unfinished_review_resumes_as_a_review() {
    let data = tempfile::tempdir().unwrap();
    let data = data.path();
    let pack = fixture();
    // Two of three answered, then the input ends: the session stays unfinished.
    skillgap(
        data,
        &[
            "quiz", "--plain", "--pack", &pack, "--mode", "due", "--count", "3",
        ],
        "",
    );
    skillgap(
        data,
        &[
            "quiz", "--plain", "--pack", &pack, "--mode", "review", "--count", "3", "--seed", "8",
        ],
        "\n\n",
    );
    skillgap(
        data,
        &["quiz", "--plain", "--pack", &pack, "--resume"],
        "\n",
    );
    let out = skillgap(data, &["history"], "");
    let history = String::from_utf8_lossy(&out.stdout).into_owned();
    // Nothing was due: no session for it. The review, resumed and finished, is one session.
    let line = history_line(&history, 1);
    assert!(line.contains("  review  "), "{history}");
    assert!(line.contains("finished"), "{history}");
    assert_eq!(history.lines().count(), 2, "{history}");
}

/// The session the app would store for `plan`, as the history reads it back.
fn stored(plan: &skillgap::tui::msg::SessionPlan, id: i64) -> SessionRecord {
    SessionRecord {
        id,
        mode: plan.mode,
        kind: skillgap::quiz::SessionKind::of(plan.mode.name(), &plan.filters_json),
        seed: plan.seed,
        filters_json: plan.filters_json.clone(),
        packs: Vec::new(),
        question_ids: plan.question_ids.clone(),
        time_limit_secs: plan.time_limit_secs,
        profile: plan.profile.clone(),
        started_at_ms: plan.started_at_ms,
        ended_at_ms: None,
        status: SessionStatus::Unfinished,
        answered: 0,
        score_sum: 0.0,
        overridden: 0,
    }
}

fn started(effects: &[Effect]) -> skillgap::tui::msg::SessionPlan {
    match effects.first() {
        Some(Effect::StartSession(plan)) => plan.as_ref().clone(),
        other => panic!("{other:?}"),
    }
}

#[test]
fn the_app_records_reviews_and_due_sessions_and_its_history_lists_them() {
    let mut app = dashboard_app((80, 24));
    let mut plans = Vec::new();
    for mode in [ReviewMode::Review, ReviewMode::Due] {
        let items = quiz::plan_of(&app.packs, &[(0, 5), (0, 1)], 7);
        let effects = update(
            &mut app,
            Msg::ReviewPlanned {
                mode,
                seed: 7,
                items,
                due: 2,
                nothing: String::new(),
            },
        );
        plans.push(started(&effects));
        app = dashboard_app((80, 24));
    }
    // The same shape as the command line's: the kind, and the filters it drew from.
    let value: serde_json::Value = serde_json::from_str(&plans[0].filters_json).unwrap();
    assert_eq!(value["review"], "review");
    assert!(value["filters"].is_object(), "{value}");
    let kinds: Vec<SessionKind> = plans
        .iter()
        .map(|p| SessionKind::of(p.mode.name(), &p.filters_json))
        .collect();
    assert_eq!(kinds, [SessionKind::Review, SessionKind::Due]);

    // Read back as the run loop does, listed on the history screen.
    let lines: Vec<SessionLine> = plans
        .iter()
        .zip([12, 11])
        .map(|(plan, id)| SessionLine::new(&stored(plan, id)))
        .collect();
    press(&mut app, KeyCode::Char('H'));
    update(&mut app, Msg::HistoryLoaded(lines));
    assert_eq!(app.screen, Screen::History);
    let screen = render(&app, 80, 24);
    let row = |id: &str| {
        screen
            .lines()
            .find(|l| l.contains(id))
            .unwrap_or_else(|| panic!("{screen}"))
            .to_owned()
    };
    assert!(row("#12").contains(" review "), "{screen}");
    assert!(row("#11").contains(" due only "), "{screen}");
    assert!(screen.contains(" kind "), "{screen}");
}

#[test]
fn the_app_records_which_session_a_retake_retakes() {
    // From the summary of session 7 (the quiz app's session): one question missed.
    let mut app = quiz_app(demo(), &[0, 2], skillgap::quiz::Mode::Practice, (80, 24));
    press(&mut app, KeyCode::Char('1'));
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Char('t'));
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.screen, Screen::Summary);
    let plan = started(&press(&mut app, KeyCode::Char('r')));
    assert_eq!(
        SessionKind::of(plan.mode.name(), &plan.filters_json),
        SessionKind::Retake { of: Some(7) }
    );

    // From a stored session opened in the history (#3): the retake names #3.
    let mut app = App::dashboard(demo(), false, NOW).0;
    update(&mut app, Msg::Resize(80, 24));
    let (session, answers) = stored_session(&app.packs);
    load_session(&mut app, session, answers, false);
    let plan = started(&press(&mut app, KeyCode::Char('r')));
    assert_eq!(plan.filters_json, r#"{"retake":3}"#);

    // That retake, opened from the history, says what it was.
    let mut app = App::dashboard(demo(), false, NOW).0;
    update(&mut app, Msg::Resize(80, 24));
    let (_, answers) = stored_session(&app.packs);
    load_session(&mut app, stored(&plan, 4), answers, false);
    assert_eq!(app.screen, Screen::Session);
    let screen = render(&app, 80, 24);
    assert!(
        screen.contains("Session #4 · retake of #3 · seed"),
        "{screen}"
    );
}
