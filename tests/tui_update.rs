//! `update` driven by message sequences, without a terminal: answering every kind by keys,
//! the quiz flow and its effects, navigation, confirmations, the mouse, time limits.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod tui_support;

use ratatui::crossterm::event::{KeyCode, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
use skillgap::learning::ReviewMode;
use skillgap::pack::KindName;
use skillgap::quiz::{self, Confidence, Filters, Mode, Response};
use skillgap::store::NewAnswer;
use skillgap::tui::app::Overlay;
use skillgap::tui::{App, Effect, Msg, QuizStart, Screen, update};
use tui_support::*;

fn saved(effects: &[Effect]) -> Vec<&NewAnswer> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::SaveAnswer(7, answer) => Some(answer.as_ref()),
            Effect::SaveAnswer(other, _) => panic!("saved to session {other}"),
            _ => None,
        })
        .collect()
}

#[test]
fn the_test_contract_single_choice_count_3_seed_1() {
    let packs = bundled();
    let filters = Filters {
        kinds: vec![KindName::Single],
        ..Filters::default()
    };
    let items = quiz::plan(&packs, &filters, Some(3), 1);
    let start = QuizStart {
        items,
        mode: Mode::Practice,
        seed: 1,
        filters_json: "{}".to_owned(),
        time_limit_secs: None,
        profile: None,
        confidence: false,
        picker: None,
    };
    let (mut app, effects) = App::quiz(packs, start, false, NOW);
    let Some(Effect::StartSession(plan)) = effects.first() else {
        panic!("{effects:?}");
    };
    assert_eq!(plan.question_ids.len(), 3);
    assert_eq!(
        app.screen,
        Screen::Question,
        "opens straight on the first question"
    );
    update(
        &mut app,
        Msg::SessionStarted {
            id: 7,
            packs: Vec::new(),
        },
    );
    for n in 0..3 {
        assert_eq!(app.quiz.as_ref().unwrap().index(), n);
        assert!(press(&mut app, KeyCode::Char('1')).is_empty());
        let effects = press(&mut app, KeyCode::Enter);
        let answers = saved(&effects);
        assert_eq!(answers.len(), 1, "one answer saved when given");
        assert_eq!(answers[0].kind, KindName::Single);
        assert_eq!(app.screen, Screen::Feedback);
        let effects = press(&mut app, KeyCode::Enter);
        if n < 2 {
            assert_eq!(app.screen, Screen::Question);
            assert!(effects.is_empty());
        } else {
            assert_eq!(app.screen, Screen::Summary);
            assert!(matches!(
                effects.as_slice(),
                [Effect::FinishSession { session: 7, .. }]
            ));
        }
    }
    assert_eq!(press(&mut app, KeyCode::Char('q')), vec![Effect::Quit]);
    assert!(app.quit);
}

#[test]
fn every_kind_answered_perfectly_by_keys_scores_1() {
    let packs = demo();
    let n = packs[0].questions.len();
    let all: Vec<usize> = (0..n).collect();
    let mut app = quiz_app(packs, &all, Mode::Practice, (80, 24));
    let mut kinds = Vec::new();
    for i in 0..n {
        update(&mut app, Msg::Tick(NOW + i as i64 * 10_000 + 5_000));
        let effects = answer_perfectly(&mut app);
        let answers = saved(&effects);
        assert_eq!(answers.len(), 1, "question {i}: {effects:?}");
        let answer = answers[0];
        assert_eq!(answer.score, 1.0, "{:?} {:?}", answer.kind, answer.response);
        assert!(answer.response.is_answered());
        assert_eq!(answer.answered_at_ms, NOW + i as i64 * 10_000 + 5_000);
        kinds.push(answer.kind);
        assert_eq!(app.screen, Screen::Feedback);
        press(&mut app, KeyCode::Enter);
    }
    for kind in KindName::ALL {
        assert!(kinds.contains(&kind), "{kind:?} not answered");
    }
    assert_eq!(app.screen, Screen::Summary);
    assert_eq!(app.quiz.as_ref().unwrap().total_score(), n as f64);
}

#[test]
fn exam_mode_gives_no_feedback_and_times_out() {
    let mut app = quiz_app(demo(), &[0, 1, 2], Mode::Exam, (80, 24));
    let effects = answer_perfectly(&mut app);
    assert_eq!(saved(&effects).len(), 1);
    assert_eq!(app.screen, Screen::Question, "no feedback in an exam");
    assert_eq!(app.quiz.as_ref().unwrap().index(), 1);
    // The limit is 600 s: a tick past it ends the exam; the two left are saved: the one on
    // screen as timed out, the one never shown as not reached (no evidence).
    assert!(update(&mut app, Msg::Tick(NOW + 599_000)).is_empty());
    let effects = update(&mut app, Msg::Tick(NOW + 600_000));
    let answers = saved(&effects);
    assert_eq!(answers.len(), 2);
    assert!(answers.iter().all(|a| a.score == 0.0));
    assert_eq!(
        answers
            .iter()
            .map(|a| a.response.clone())
            .collect::<Vec<_>>(),
        vec![Response::TimedOut, Response::NotReached]
    );
    assert!(matches!(effects.last(), Some(Effect::FinishSession { .. })));
    assert_eq!(app.screen, Screen::Summary);
}

#[test]
fn refused_answers_say_why_and_save_nothing() {
    let mut app = quiz_app(demo(), &[1, 4], Mode::Practice, (80, 24));
    assert!(
        press(&mut app, KeyCode::Enter).is_empty(),
        "Multi with nothing ticked"
    );
    assert!(app.quiz.as_ref().unwrap().hint.is_some());
    let effects = ctrl(&mut app, 'n');
    assert_eq!(saved(&effects)[0].response, Response::Skipped);
    press(&mut app, KeyCode::Enter);
    chars(&mut app, "4,43");
    assert!(
        press(&mut app, KeyCode::Enter).is_empty(),
        "a comma is refused"
    );
    let hint = app.quiz.as_ref().unwrap().hint.clone().unwrap();
    assert!(hint.contains("commas"), "{hint}");
}

#[test]
fn text_input_takes_q_and_question_marks_but_ctrl_c_still_quits() {
    let mut app = quiz_app(demo(), &[3], Mode::Practice, (80, 24));
    assert!(chars(&mut app, "q?").is_empty());
    assert!(app.overlay.is_none() && !app.quit);
    // Nothing answered yet, so the empty session goes with it.
    assert_eq!(
        ctrl(&mut app, 'c'),
        vec![Effect::DiscardSession(7), Effect::Quit]
    );
    assert!(app.quit);
}

#[test]
fn leaving_a_quiz_asks_first() {
    let mut app = quiz_app(demo(), &[0, 1], Mode::Practice, (80, 24));
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.overlay, Some(Overlay::ConfirmLeave { quit: false }));
    press(&mut app, KeyCode::Char('n'));
    assert_eq!(app.overlay, None);
    assert_eq!(app.screen, Screen::Question);
    press(&mut app, KeyCode::Char('q'));
    assert_eq!(app.overlay, Some(Overlay::ConfirmLeave { quit: true }));
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Esc);
    // Nothing answered yet: the dialog says so, and the empty session is not kept.
    assert!(render(&app, 80, 24).contains("so this session is not kept"));
    let effects = press(&mut app, KeyCode::Char('y'));
    assert!(
        matches!(
            effects.as_slice(),
            [Effect::DiscardSession(7), Effect::LoadDashboard { .. }]
        ),
        "{effects:?}"
    );
    assert_eq!(app.screen, Screen::Dashboard);

    // One answer given: the session is kept to resume, whichever way the quiz is left.
    for leave in [KeyCode::Esc, KeyCode::Char('q')] {
        let mut app = quiz_app(demo(), &[0, 1], Mode::Practice, (80, 24));
        answer_perfectly(&mut app);
        press(&mut app, KeyCode::Enter);
        press(&mut app, leave);
        assert!(render(&app, 80, 24).contains("You can resume the session"));
        let effects = press(&mut app, KeyCode::Char('y'));
        assert!(
            !effects
                .iter()
                .any(|e| matches!(e, Effect::DiscardSession(_))),
            "{effects:?}"
        );
    }

    // Ctrl-C before the first answer drops the empty session too, before quitting.
    let mut app = quiz_app(demo(), &[0, 1], Mode::Practice, (80, 24));
    assert_eq!(
        ctrl(&mut app, 'c'),
        vec![Effect::DiscardSession(7), Effect::Quit]
    );

    // A timed exam too: it is stored with its first answer, its clock's start with it.
    let mut app = quiz_app(demo(), &[0, 1, 2], Mode::Exam, (80, 24));
    assert!(app.quiz.as_ref().unwrap().session.time_limit_ms().is_some());
    assert_eq!(
        ctrl(&mut app, 'c'),
        vec![Effect::DiscardSession(7), Effect::Quit]
    );
}

#[test]
fn help_opens_on_every_screen_and_closes() {
    let mut app = dashboard_app((80, 24));
    for key in [KeyCode::Char('?'), KeyCode::Esc] {
        press(&mut app, key);
    }
    assert!(app.overlay.is_none());
    press(&mut app, KeyCode::Char('g'));
    press(&mut app, KeyCode::Char('?'));
    assert_eq!(app.overlay, Some(Overlay::Help));
    assert!(
        press(&mut app, KeyCode::Char('q')).is_empty(),
        "q closes help, no quit"
    );
    assert!(!app.quit);
    let mut app = quiz_app(demo(), &[3], Mode::Practice, (80, 24));
    press(&mut app, KeyCode::F(1));
    assert_eq!(app.overlay, Some(Overlay::Help), "F1 helps in text input");
}

#[test]
fn dashboard_gap_chart_category_and_back() {
    let mut app = dashboard_app((100, 30));
    press(&mut app, KeyCode::Char('g'));
    assert_eq!(app.screen, Screen::Gaps);
    press(&mut app, KeyCode::Down);
    let effects = press(&mut app, KeyCode::Enter);
    let Some(Effect::LoadCategory { category, .. }) = effects.first() else {
        panic!("{effects:?}");
    };
    let second = app.dashboard.data.as_ref().unwrap().report.rows[1]
        .mastery
        .category
        .clone();
    assert_eq!(*category, second);
    assert_eq!(app.screen, Screen::Category);
    let effects = press(&mut app, KeyCode::Char('s'));
    let Some(Effect::StartSession(plan)) = effects.first() else {
        panic!("{effects:?}");
    };
    let pack = &app.packs[0];
    assert!(
        plan.question_ids
            .iter()
            .all(|id| pack.question(id).unwrap().category == second),
        "a quiz on the category"
    );
    let mut app = category_app((100, 30));
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.screen, Screen::Gaps);
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.screen, Screen::Dashboard);
}

#[test]
fn switching_profile_is_saved_and_reloads_the_dashboard() {
    let mut app = dashboard_app((80, 24));
    press(&mut app, KeyCode::Char('p'));
    assert!(matches!(app.overlay, Some(Overlay::Profiles { .. })));
    press(&mut app, KeyCode::Down);
    let effects = press(&mut app, KeyCode::Enter);
    let second = app.packs[0].profiles[1].id.clone();
    assert_eq!(
        effects,
        vec![
            Effect::SaveProfile {
                pack: 0,
                profile: second.clone()
            },
            Effect::LoadDashboard {
                pack: 0,
                profile: Some(second.clone())
            }
        ]
    );
    assert_eq!(app.profile, Some(second));
}

#[test]
fn switching_pack_turns_the_dashboard_setup_and_review_to_it() {
    // One pack: nothing to switch, no action offered.
    let mut app = dashboard_app((80, 24));
    assert!(!app.actions().contains(&skillgap::tui::app::Action::Pack));
    press(&mut app, KeyCode::Char('P'));
    assert_eq!(app.overlay, None);

    let mut packs = bundled();
    packs.extend(demo());
    let (mut app, effects) = App::dashboard_of(packs, 1, false, NOW);
    assert_eq!(
        effects,
        vec![Effect::LoadDashboard {
            pack: 1,
            profile: None
        }],
        "the pack chosen last time opens"
    );
    assert_eq!(app.pack, 1);
    update(&mut app, Msg::Resize(80, 24));
    let data = dashboard_data(&app.packs[1], None);
    update(&mut app, Msg::DashboardLoaded(Box::new(data)));

    // P opens the list on the current pack; Esc closes it with nothing changed.
    press(&mut app, KeyCode::Char('P'));
    assert_eq!(app.overlay, Some(Overlay::Packs { cursor: 1 }));
    assert!(press(&mut app, KeyCode::Esc).is_empty());
    assert_eq!(app.pack, 1);

    // Up, Enter: the bundled bank, saved for next time, its dashboard loaded with the profile
    // chosen for it (none given: the loader knows it).
    press(&mut app, KeyCode::Char('P'));
    press(&mut app, KeyCode::Up);
    let effects = press(&mut app, KeyCode::Enter);
    assert_eq!(
        effects,
        vec![
            Effect::SaveDashboardPack { pack: 0 },
            Effect::LoadDashboard {
                pack: 0,
                profile: None
            }
        ]
    );
    assert_eq!(
        (app.pack, app.overlay.clone(), app.profile.clone()),
        (0, None, None)
    );
    assert!(
        app.dashboard.data.is_none(),
        "the other pack's figures are gone"
    );

    // Choosing the current pack again (digit 1) changes nothing.
    press(&mut app, KeyCode::Char('P'));
    assert!(digit(&mut app, 1).is_empty());
    assert_eq!(app.overlay, None);

    // The setup ticks only the dashboard's pack; review plans it.
    let data = dashboard_data(&app.packs[0], None);
    update(&mut app, Msg::DashboardLoaded(Box::new(data)));
    press(&mut app, KeyCode::Char('s'));
    let ticked: Vec<bool> = app
        .setup
        .as_ref()
        .unwrap()
        .packs
        .iter()
        .map(|t| t.on)
        .collect();
    assert_eq!(ticked, vec![true, false]);
    // The categories offered are the ticked packs': untick the bank, tick the demo pack.
    let titles = |app: &App| -> Vec<String> {
        let setup = app.setup.as_ref().unwrap();
        setup.categories.iter().map(|t| t.title.clone()).collect()
    };
    let bank: Vec<String> = app.packs[0]
        .categories
        .iter()
        .map(|c| c.title.clone())
        .collect();
    assert_eq!(titles(&app), bank);
    for _ in 0..3 {
        press(&mut app, KeyCode::Tab);
    }
    press(&mut app, KeyCode::Char(' '));
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Char(' '));
    let demo: Vec<String> = app.packs[1]
        .categories
        .iter()
        .map(|c| c.title.clone())
        .collect();
    assert_eq!(titles(&app), demo);
    press(&mut app, KeyCode::Esc);
    let effects = press(&mut app, KeyCode::Char('r'));
    assert!(
        matches!(effects.as_slice(), [Effect::PlanReview { pack: 0, .. }]),
        "{effects:?}"
    );
}

#[test]
fn a_pack_without_profiles_offers_no_exam_date() {
    let (mut app, _) = App::dashboard(long_pack(), false, NOW);
    assert!(app.packs[0].profiles.is_empty());
    update(&mut app, Msg::Resize(80, 24));
    press(&mut app, KeyCode::Char('p'));
    assert_eq!(app.overlay, Some(Overlay::Profiles { cursor: 0 }));
    let screen = render(&app, 80, 24);
    assert!(screen.contains("no targets and no exam date"), "{screen}");
    assert!(!screen.contains("e sets the exam date"), "{screen}");
    assert!(press(&mut app, KeyCode::Char('e')).is_empty());
    assert_eq!(app.overlay, Some(Overlay::Profiles { cursor: 0 }));
}

#[test]
fn an_unfinished_exam_opened_from_history_shows_no_verdicts() {
    let mut app = history_app((80, 24));
    app.packs = demo();
    let (mut session, answers) = stored_session(&app.packs);
    session.mode = skillgap::quiz::Mode::Exam;
    session.kind = skillgap::quiz::SessionKind::Exam;
    session.status = skillgap::store::SessionStatus::Unfinished;
    load_session(&mut app, session.clone(), answers.clone(), false);
    assert_eq!(app.screen, Screen::Session);
    let screen = render(&app, 80, 24);
    assert!(screen.contains("scores when the exam ends"), "{screen}");
    for word in ["right", "wrong", "score "] {
        assert!(!screen.contains(word), "{word}: {screen}");
    }
    press(&mut app, KeyCode::Enter);
    assert_eq!(
        app.screen,
        Screen::Session,
        "no review of an exam in progress"
    );
    assert!(app.review.is_none());

    // Once it has ended, the same session shows its verdicts and score.
    session.status = skillgap::store::SessionStatus::Finished;
    load_session(&mut app, session, answers, false);
    let screen = render(&app, 80, 24);
    assert!(
        screen.contains("score ") && screen.contains('%'),
        "{screen}"
    );
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.screen, Screen::Review);
}

#[test]
fn history_session_and_review() {
    let mut app = history_app((80, 24));
    assert_eq!(app.screen, Screen::History);
    press(&mut app, KeyCode::Down);
    let effects = press(&mut app, KeyCode::Enter);
    assert_eq!(
        effects,
        vec![Effect::LoadSession {
            id: 8,
            resume: false
        }]
    );
    app.packs = demo();
    let (session, answers) = stored_session(&app.packs);
    load_session(&mut app, session, answers, false);
    assert_eq!(app.screen, Screen::Session);
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.screen, Screen::Review);
    let review = app.review.as_ref().unwrap();
    assert_eq!(review.number, (2, 9));
    // The second answer is a Multi: reviewed in the order the session (seed 42) showed it.
    let shown = &quiz::plan_of(&app.packs, &[(0, 1)], 42)[0].order;
    assert_eq!(&review.order, shown);
    assert_ne!(review.order, vec![0, 1, 2, 3], "seed 42 shuffles this one");
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.screen, Screen::Session);
    assert_eq!(press(&mut app, KeyCode::Esc), vec![Effect::LoadHistory]);
    assert_eq!(app.screen, Screen::History);
    // Only an unfinished session resumes.
    let effects = press(&mut app, KeyCode::Char('c'));
    assert!(effects.is_empty());
    press(&mut app, KeyCode::Home);
    assert_eq!(
        press(&mut app, KeyCode::Char('c')),
        vec![Effect::LoadSession {
            id: 9,
            resume: true
        }]
    );
}

#[test]
fn resuming_continues_at_the_first_unanswered_question() {
    let (mut app, _) = App::dashboard(demo(), false, NOW);
    let (mut session, mut answers) = stored_session(&app.packs);
    session.status = skillgap::store::SessionStatus::Unfinished;
    answers.truncate(4);
    load_session(&mut app, session, answers, true);
    assert_eq!(app.screen, Screen::Question);
    let quiz = app.quiz.as_ref().unwrap();
    assert_eq!(quiz.id, Some(3));
    assert_eq!(quiz.answered(), 4);
    assert_eq!(quiz.index(), 4);
    assert_eq!(app.overlay, None, "nothing is missing");
    let effects = answer_perfectly(&mut app);
    assert!(matches!(effects.as_slice(), [Effect::SaveAnswer(3, _)]));
}

#[test]
fn resuming_a_session_whose_pack_is_gone_says_so() {
    let (mut app, _) = App::dashboard(demo(), false, NOW);
    let (mut session, mut answers) = stored_session(&app.packs);
    session.status = skillgap::store::SessionStatus::Unfinished;
    answers.truncate(2);
    // Two questions of a pack since removed.
    session.packs.push(skillgap::store::PackRef {
        id: "my-course".to_owned(),
        version: "1".to_owned(),
        content_hash: "h".to_owned(),
    });
    session.question_ids.push("web-a".to_owned());
    session.question_ids.push("web-b".to_owned());
    let total = session.question_ids.len();
    load_session(&mut app, session, answers, true);
    assert_eq!(app.screen, Screen::Question);
    let Some(Overlay::Info { title, text }) = &app.overlay else {
        panic!("{:?}", app.overlay);
    };
    assert_eq!(title, "Part of this session is missing");
    assert!(
        text.starts_with(&format!("2 of its {total} questions are left out"))
            && text.contains("(my-course)"),
        "{text}"
    );
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.overlay, None);
    assert_eq!(app.screen, Screen::Question);
}

#[test]
fn retaking_the_missed_questions_starts_a_new_session() {
    let mut app = quiz_app(demo(), &[0, 2], Mode::Practice, (80, 24));
    answer_perfectly(&mut app);
    press(&mut app, KeyCode::Enter);
    ctrl(&mut app, 'n');
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.screen, Screen::Summary);
    let effects = press(&mut app, KeyCode::Char('r'));
    let Some(Effect::StartSession(plan)) = effects.first() else {
        panic!("{effects:?}");
    };
    assert_eq!(plan.question_ids, vec!["db-null-equal".to_owned()]);
    assert_eq!(app.screen, Screen::Question);
}

#[test]
fn setup_starts_a_quiz_with_the_chosen_filters() {
    let mut app = dashboard_app((100, 30));
    press(&mut app, KeyCode::Char('s'));
    assert_eq!(app.screen, Screen::Setup);
    press(&mut app, KeyCode::Backspace);
    press(&mut app, KeyCode::Backspace);
    chars(&mut app, "5");
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Char(' '));
    let first = app.setup.as_ref().unwrap().categories[0].id.clone();
    for _ in 0..5 {
        press(&mut app, KeyCode::Up);
    }
    press(&mut app, KeyCode::BackTab);
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Right);
    let effects = press(&mut app, KeyCode::Enter);
    let Some(Effect::StartSession(plan)) = effects.first() else {
        panic!("{effects:?}");
    };
    assert_eq!(plan.question_ids.len(), 5);
    assert_eq!(plan.mode, Mode::Exam);
    let pack = &app.packs[0];
    assert!(
        plan.question_ids
            .iter()
            .all(|id| pack.question(id).unwrap().category == first)
    );
}

#[test]
fn review_and_due_are_planned_by_the_loop_and_start_a_session() {
    let mut app = dashboard_app((80, 24));
    let effects = press(&mut app, KeyCode::Char('r'));
    let Some(Effect::PlanReview {
        pack, mode, count, ..
    }) = effects.first().cloned()
    else {
        panic!("{effects:?}");
    };
    assert_eq!((pack, mode, count), (0, ReviewMode::Review, 10));
    let effects = press(&mut app, KeyCode::Char('d'));
    assert!(
        matches!(
            effects.first(),
            Some(Effect::PlanReview {
                mode: ReviewMode::Due,
                ..
            })
        ),
        "{effects:?}"
    );
    // Nothing due: said in words, no session.
    let effects = update(
        &mut app,
        Msg::ReviewPlanned {
            mode: ReviewMode::Due,
            seed: 1,
            items: Vec::new(),
            due: 0,
            nothing: "Nothing is due for review".to_owned(),
        },
    );
    assert!(effects.is_empty());
    // Not an error: an informational dialog.
    assert!(matches!(
        &app.overlay,
        Some(Overlay::Info { title, text })
            if title == "Nothing to review" && text.starts_with("Nothing is due")
    ));
    assert!(!render(&app, 80, 24).contains("Something went wrong"));
    press(&mut app, KeyCode::Esc);
    // A plan: its questions in its order, stored as a review session.
    let items = quiz::plan_of(&app.packs, &[(0, 5), (0, 1)], 7);
    let effects = update(
        &mut app,
        Msg::ReviewPlanned {
            mode: ReviewMode::Review,
            seed: 7,
            items,
            due: 2,
            nothing: String::new(),
        },
    );
    let Some(Effect::StartSession(plan)) = effects.first() else {
        panic!("{effects:?}");
    };
    let pack = &app.packs[0];
    assert_eq!(
        plan.question_ids,
        vec![pack.questions[5].id.clone(), pack.questions[1].id.clone()]
    );
    assert!(plan.filters_json.contains("\"review\""));
    assert_eq!(app.screen, Screen::Question);
    // The title bar says it is a review, not "practice".
    let screen = render(&app, 80, 24);
    let title = screen.lines().next().unwrap();
    assert!(
        title.trim_end().ends_with("review") && !title.contains("practice"),
        "{title}"
    );
}

#[test]
fn clicks_select_choices_and_rows_and_the_wheel_scrolls() {
    let mut app = quiz_app(demo(), &[0], Mode::Practice, (80, 24));
    // Rows: title 0, progress 1, prompt 2, blank 3, choices from 4.
    let click = |column, row| MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Left),
        column,
        row,
        modifiers: KeyModifiers::NONE,
    };
    update(&mut app, Msg::Mouse(click(10, 6)));
    match &app.quiz.as_ref().unwrap().input {
        skillgap::tui::answer::AnswerInput::Choices { cursor, .. } => assert_eq!(*cursor, 2),
        other => panic!("{other:?}"),
    }
    let mut app = quiz_app(long_pack(), &[0], Mode::Practice, (40, 12));
    let wheel = MouseEvent {
        kind: MouseEventKind::ScrollDown,
        column: 5,
        row: 5,
        modifiers: KeyModifiers::NONE,
    };
    update(&mut app, Msg::Mouse(wheel));
    assert_eq!(app.quiz.as_ref().unwrap().scroll, 3);
    let mut app = history_app((80, 24));
    update(&mut app, Msg::Mouse(click(10, 6)));
    assert_eq!(app.history.cursor, 3, "the fourth session row");
}

#[test]
fn a_failed_save_is_shown_and_dismissed() {
    let mut app = quiz_app(demo(), &[0], Mode::Practice, (80, 24));
    update(
        &mut app,
        Msg::Failed("Your answer could not be saved: disk full".to_owned()),
    );
    assert!(matches!(app.overlay, Some(Overlay::Error(_))));
    press(&mut app, KeyCode::Enter);
    assert!(app.overlay.is_none());
}

#[test]
fn too_small_a_terminal_still_quits_with_ctrl_c() {
    let mut app = dashboard_app((80, 24));
    update(&mut app, Msg::Resize(20, 5));
    assert!(press(&mut app, KeyCode::Char('s')).is_empty());
    assert_eq!(app.screen, Screen::Dashboard);
    update(&mut app, Msg::Resize(80, 24));
    press(&mut app, KeyCode::Char('s'));
    assert_eq!(app.screen, Screen::Setup);
    assert_eq!(ctrl(&mut app, 'c'), vec![Effect::Quit]);
}

#[test]
fn match_pairs_by_letter_and_undo_restores() {
    // Question 7 of the demo pack is the Match (201/204/409 with one distractor).
    let mut app = quiz_app(demo(), &[7], Mode::Practice, (80, 24));
    let item = app.quiz.as_ref().unwrap().session.items()[0].clone();
    let letter = |original: usize| {
        let pos = item.order.iter().position(|&o| o == original).unwrap();
        KeyCode::Char((b'a' + pos as u8) as char)
    };
    for left in 0..3 {
        press(&mut app, letter(left));
    }
    let pairs = match &app.quiz.as_ref().unwrap().input {
        skillgap::tui::answer::AnswerInput::Match { pairs, .. } => pairs.clone(),
        other => panic!("{other:?}"),
    };
    assert!(pairs.iter().all(Option::is_some), "{pairs:?}");
    press(&mut app, KeyCode::Char('u'));
    let after_undo = match &app.quiz.as_ref().unwrap().input {
        skillgap::tui::answer::AnswerInput::Match { pairs, .. } => pairs.clone(),
        other => panic!("{other:?}"),
    };
    assert_eq!(after_undo.iter().filter(|p| p.is_some()).count(), 2);
    // Pair the last one again, then Enter answers: every pair right.
    press(&mut app, KeyCode::Char('3'));
    press(&mut app, letter(2));
    let effects = press(&mut app, KeyCode::Enter);
    let saved = saved(&effects);
    assert_eq!(saved.len(), 1);
    assert_eq!(saved[0].score, 1.0);
}

#[test]
fn a_stored_session_retakes_what_it_missed_and_resumes_from_its_view() {
    let mut app = App::dashboard(demo(), false, NOW).0;
    let (mut session, answers) = stored_session(&app.packs);
    // Every third answer is skipped and every other one scores half: those are the missed.
    let expected: Vec<String> = answers
        .iter()
        .filter(|a| a.score < 0.999)
        .map(|a| a.question_id.clone())
        .collect();
    assert!(!expected.is_empty());
    session.status = skillgap::store::SessionStatus::Unfinished;
    load_session(&mut app, session, answers, false);
    assert_eq!(
        press(&mut app, KeyCode::Char('c')),
        vec![Effect::LoadSession {
            id: 3,
            resume: true
        }]
    );
    let effects = press(&mut app, KeyCode::Char('r'));
    assert!(
        matches!(effects.as_slice(), [Effect::StartSession(_)]),
        "{effects:?}"
    );
    assert_eq!(app.screen, Screen::Question);
    let quiz = app.quiz.as_ref().unwrap();
    let asked: Vec<String> = quiz
        .session
        .items()
        .iter()
        .map(|i| app.packs[i.pack].questions[i.question].id.clone())
        .collect();
    assert_eq!(asked, expected);
}

#[test]
fn confidence_is_asked_before_the_answer_is_revealed_and_saved_with_it() {
    let mut app = quiz_app(demo(), &[0, 2], Mode::Practice, (80, 24));
    app.ask_confidence = true;
    // An answer given: no save and no feedback until the learner says how sure they are.
    let effects = answer_perfectly(&mut app);
    assert!(effects.is_empty(), "{effects:?}");
    assert!(matches!(app.overlay, Some(Overlay::Confidence { .. })));
    assert_eq!(app.screen, Screen::Question);
    // Esc goes back to the question; answering again asks again; `h` takes "high".
    press(&mut app, KeyCode::Esc);
    assert!(app.overlay.is_none());
    press(&mut app, KeyCode::Enter);
    assert!(matches!(app.overlay, Some(Overlay::Confidence { .. })));
    let effects = press(&mut app, KeyCode::Char('h'));
    let stored = saved(&effects);
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].confidence, Some(Confidence::High));
    assert_eq!(stored[0].score, 1.0);
    assert_eq!(app.screen, Screen::Feedback);
    // A skip is not an answer: nothing to be sure of.
    press(&mut app, KeyCode::Enter);
    let effects = ctrl(&mut app, 'n');
    assert!(app.overlay.is_none());
    assert_eq!(saved(&effects)[0].confidence, None);
}

#[test]
fn pasting_types_text_and_never_submits() {
    // Question 3 is the Short answer, 8 the Open one.
    let mut app = quiz_app(demo(), &[3, 8], Mode::Practice, (80, 24));
    let effects = update(&mut app, Msg::Paste("FOR\r\nUPDATE\u{1b}[31m\n".to_owned()));
    assert!(effects.is_empty(), "a pasted newline does not submit");
    let text = match &app.quiz.as_ref().unwrap().input {
        skillgap::tui::answer::AnswerInput::Text { area, .. } => area.lines().join("\n"),
        other => panic!("{other:?}"),
    };
    assert_eq!(
        text, "FOR UPDATE[31m",
        "line breaks become spaces, ESC is dropped"
    );
    // Enter submits what was pasted (ESC and all, it is just text now): a wrong answer.
    let effects = press(&mut app, KeyCode::Enter);
    assert_eq!(saved(&effects).len(), 1);
    press(&mut app, KeyCode::Enter);
    update(&mut app, Msg::Paste("line one\nline two".to_owned()));
    let lines = match &app.quiz.as_ref().unwrap().input {
        skillgap::tui::answer::AnswerInput::Open { area, .. } => area.lines().to_vec(),
        other => panic!("{other:?}"),
    };
    assert_eq!(lines, vec!["line one", "line two"]);
}

#[test]
fn the_gap_chart_opens_the_calibration_view() {
    let mut app = dashboard_app((80, 24));
    press(&mut app, KeyCode::Char('g'));
    assert_eq!(app.screen, Screen::Gaps);
    assert_eq!(
        press(&mut app, KeyCode::Char('c')),
        vec![Effect::LoadCalibration { pack: 0 }]
    );
    assert_eq!(app.screen, Screen::Calibration);
    update(
        &mut app,
        Msg::CalibrationLoaded("line 1\nline 2\nline 3".to_owned()),
    );
    press(&mut app, KeyCode::Down);
    assert_eq!(app.calibration.as_ref().map(|c| c.1), Some(1));
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.screen, Screen::Gaps);
}

#[test]
fn the_exam_date_is_typed_checked_and_saved_from_the_profile_dialog() {
    let mut app = dashboard_app((80, 24));
    press(&mut app, KeyCode::Char('p'));
    press(&mut app, KeyCode::Char('e'));
    assert!(matches!(app.overlay, Some(Overlay::ExamDate { .. })));
    // NOW is 2026-11-21: a past date is refused with the reason, nothing saved.
    for c in "2026-01-05".chars() {
        press(&mut app, KeyCode::Char(c));
    }
    let effects = press(&mut app, KeyCode::Enter);
    assert!(effects.is_empty());
    assert!(
        matches!(&app.overlay, Some(Overlay::ExamDate { error: Some(e), .. }) if e.contains("in the past") && e.contains("an empty date to clear it") && !e.contains("--date"))
    );
    for _ in 0..5 {
        press(&mut app, KeyCode::Backspace);
    }
    for c in "12-15".chars() {
        press(&mut app, KeyCode::Char(c));
    }
    let effects = press(&mut app, KeyCode::Enter);
    let profile = app.profile.clone().unwrap();
    assert_eq!(
        effects[0],
        Effect::SaveExamDate {
            pack: 0,
            profile: profile.clone(),
            date: skillgap::learning::CalendarDate::parse("2026-12-15").ok(),
        }
    );
    assert!(matches!(effects[1], Effect::LoadDashboard { .. }));
    assert!(app.overlay.is_none());
    // Empty clears it.
    press(&mut app, KeyCode::Char('p'));
    press(&mut app, KeyCode::Char('e'));
    let effects = press(&mut app, KeyCode::Enter);
    assert_eq!(
        effects[0],
        Effect::SaveExamDate {
            pack: 0,
            profile,
            date: None
        }
    );
}

/// A dashboard action keeps its number whether or not "Resume" is offered (the numbers
/// shifted by one when it appeared, so 4 opened Resume instead of the gap chart).
#[test]
fn dashboard_numbers_do_not_shift_when_resume_comes_and_goes() {
    for resumable in [true, false] {
        let (mut app, _) = App::dashboard(bundled(), false, NOW);
        update(&mut app, Msg::Resize(80, 24));
        let mut data = dashboard_data(&app.packs[0], None);
        if !resumable {
            data.unfinished = None;
        }
        update(&mut app, Msg::DashboardLoaded(Box::new(data)));
        press(&mut app, KeyCode::Char('4'));
        assert_eq!(app.screen, Screen::Gaps, "resumable: {resumable}");
        let screen = render(&app, 80, 24);
        assert!(screen.contains("Gap chart"), "{screen}");
    }
    // 0 resumes when there is something to resume, and does nothing otherwise.
    let (mut app, _) = App::dashboard(bundled(), false, NOW);
    let mut data = dashboard_data(&app.packs[0], None);
    data.unfinished = None;
    update(&mut app, Msg::DashboardLoaded(Box::new(data)));
    assert!(press(&mut app, KeyCode::Char('0')).is_empty());
    assert_eq!(app.screen, Screen::Dashboard);
}

#[test]
fn an_open_answer_is_asked_how_sure_before_its_model_answer_is_shown() {
    // Question 8 is the Open one.
    let mut app = quiz_app(demo(), &[8], Mode::Practice, (80, 24));
    app.ask_confidence = true;
    let model_answer = match &app.packs[0].questions[8].kind {
        skillgap::pack::Kind::Open { model_answer, .. } => model_answer.clone(),
        other => panic!("{other:?}"),
    };
    let first_words: String = model_answer
        .split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ");
    chars(&mut app, "Readers see a snapshot.");
    // Ctrl-S: how sure, with the model answer not on screen yet.
    let effects = ctrl(&mut app, 's');
    assert!(effects.is_empty(), "{effects:?}");
    assert!(matches!(
        app.overlay,
        Some(Overlay::Confidence { response: None, .. })
    ));
    let screen = render(&app, 80, 24);
    assert!(!screen.contains(&first_words), "{screen}");
    // Esc: back to writing, the text kept, still no rubric.
    press(&mut app, KeyCode::Esc);
    assert!(app.overlay.is_none());
    assert!(app.quiz.as_ref().unwrap().input.awaits_rubric());
    // `l`: the rubric and model answer, and no second question of how sure.
    ctrl(&mut app, 's');
    press(&mut app, KeyCode::Char('l'));
    assert!(app.overlay.is_none());
    assert!(!app.quiz.as_ref().unwrap().input.awaits_rubric());
    let screen = render(&app, 80, 24);
    assert!(
        screen.contains(&first_words),
        "model answer shown now: {screen}"
    );
    press(&mut app, KeyCode::Char('1'));
    let effects = ctrl(&mut app, 's');
    assert!(app.overlay.is_none(), "asked once: {:?}", app.overlay);
    let stored = saved(&effects);
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].confidence, Some(Confidence::Low));
    assert!(
        stored[0]
            .response
            .to_json()
            .contains("Readers see a snapshot.")
    );
}

#[test]
fn a_due_session_cut_by_the_count_says_so_and_how_to_get_the_rest() {
    let mut app = dashboard_app((80, 24));
    let items = quiz::plan_of(&app.packs, &[(0, 5), (0, 1)], 7);
    let effects = update(
        &mut app,
        Msg::ReviewPlanned {
            mode: ReviewMode::Due,
            seed: 7,
            items,
            due: 17,
            nothing: String::new(),
        },
    );
    assert!(matches!(effects.first(), Some(Effect::StartSession(_))));
    assert_eq!(app.screen, Screen::Question);
    let screen = render(&app, 80, 24);
    assert!(
        matches!(&app.overlay, Some(Overlay::Info { title, text })
            if title == "2 of 17 due" && text.contains("at most 2") && text.contains("--count 17")),
        "{screen}"
    );
    insta::assert_snapshot!("due_cut_by_count_80x24", screen);
    // Closed, the first question is there to answer.
    press(&mut app, KeyCode::Esc);
    assert!(app.overlay.is_none());
    assert_eq!(app.screen, Screen::Question);
    // Every due question asked: nothing to say.
    let mut app = dashboard_app((80, 24));
    let items = quiz::plan_of(&app.packs, &[(0, 5), (0, 1)], 7);
    update(
        &mut app,
        Msg::ReviewPlanned {
            mode: ReviewMode::Due,
            seed: 7,
            items,
            due: 2,
            nothing: String::new(),
        },
    );
    assert!(app.overlay.is_none());
}

#[test]
fn placement_from_the_dashboard_asks_one_question_at_a_time_and_ends_on_the_gap_chart() {
    use skillgap::learning::mastery::Accumulator;
    use skillgap::learning::placement::{PlacementConfig, PlacementPicker};
    use skillgap::tui::screens::dashboard::Action;

    let mut app = dashboard_app((100, 30));
    assert!(
        app.actions().contains(&Action::Place),
        "offered while a target has no verdict"
    );
    let effects = press(&mut app, KeyCode::Char('F'));
    let [Effect::PlanPlacement { pack: 0, seed, .. }] = effects.as_slice() else {
        panic!("{effects:?}");
    };
    // What the run loop answers with (from an empty store here).
    let pack = app.packs[0].clone();
    let config = PlacementConfig {
        max_answers: 5,
        ..PlacementConfig::default()
    };
    let picker = PlacementPicker::new(
        (0, &pack),
        Accumulator::new(),
        pack.profiles.first(),
        &[],
        config,
        *seed,
        0,
    );
    let effects = update(
        &mut app,
        Msg::PlacementPlanned {
            seed: *seed,
            profile: None,
            filters_json: config.session_json(&[]),
            picker: quiz::Picker(Box::new(picker)),
        },
    );
    let [Effect::StartSession(plan)] = effects.as_slice() else {
        panic!("{effects:?}");
    };
    assert_eq!(plan.question_ids.len(), 1, "the first question only");
    assert_eq!(app.screen, Screen::Question);
    assert!(
        render(&app, 100, 30).contains("Question 1 of at most 5"),
        "{}",
        render(&app, 100, 30)
    );
    update(
        &mut app,
        Msg::SessionStarted {
            id: 7,
            packs: Vec::new(),
        },
    );
    let mut asked = Vec::new();
    let mut last = Vec::new();
    while app.screen == Screen::Question {
        let quiz = app.quiz.as_ref().unwrap();
        asked.push(quiz.current().unwrap().question);
        assert!(render(&app, 100, 30).contains("of 11 decided"));
        last = ctrl(&mut app, 'n');
        assert_eq!(saved(&last).len(), 1, "each skip saved as given");
    }
    assert_eq!(asked.len(), 5, "the cap ends it: {asked:?}");
    let mut distinct = asked.clone();
    distinct.sort_unstable();
    distinct.dedup();
    assert_eq!(distinct.len(), 5, "no question twice");
    assert_eq!(app.screen, Screen::Gaps, "ends on the gap chart");
    assert!(matches!(&app.overlay, Some(Overlay::Info { title, .. }) if title == "Placement over"));
    assert!(
        last.iter()
            .any(|e| matches!(e, Effect::LoadDashboard { pack: 0, .. })),
        "the chart is redrawn with the new answers: {last:?}"
    );
    assert!(
        last.iter()
            .any(|e| matches!(e, Effect::FinishSession { session: 7, .. }))
    );
}

/// The setup form's "How sure?" row starts from the stored setting, turns the question on or
/// off for the quiz it starts, and, when changed, is saved as the setting the command line
/// reads (`skillgap profile set --confidence`).
#[test]
fn the_setup_form_turns_how_sure_on_and_off_and_keeps_the_setting() {
    let field = |app: &App| {
        let setup = app.setup.as_ref().unwrap();
        let row = skillgap::tui::screens::setup::Field::ALL
            .iter()
            .position(|f| *f == skillgap::tui::screens::setup::Field::Confidence)
            .unwrap();
        (row, setup.confidence)
    };
    let open_setup_on_the_row = |setting: bool| {
        let mut app = dashboard_app((80, 24));
        app.confidence_setting = setting;
        press(&mut app, KeyCode::Char('s'));
        let (row, shown) = field(&app);
        assert_eq!(shown, setting, "the form starts from the setting");
        for _ in 0..row {
            press(&mut app, KeyCode::Down);
        }
        let screen = render(&app, 80, 24);
        let wanted = if setting {
            "‹ ask ›"
        } else {
            "‹ do not ask ›"
        };
        assert!(
            screen.contains(&format!("How sure?   {wanted}")),
            "{screen}"
        );
        app
    };
    for setting in [false, true] {
        // Started as it is: nothing saved, the quiz follows the setting.
        let mut app = open_setup_on_the_row(setting);
        let effects = press(&mut app, KeyCode::Enter);
        assert!(matches!(effects.first(), Some(Effect::StartSession(_))));
        assert!(
            !effects
                .iter()
                .any(|e| matches!(e, Effect::SaveAskConfidence(_)))
        );
        assert_eq!(app.ask_confidence, setting);
        // Changed: saved first, and this quiz follows it.
        let mut app = open_setup_on_the_row(setting);
        press(&mut app, KeyCode::Right);
        assert_eq!(field(&app).1, !setting);
        let effects = press(&mut app, KeyCode::Enter);
        assert_eq!(effects.first(), Some(&Effect::SaveAskConfidence(!setting)));
        assert!(matches!(effects.get(1), Some(Effect::StartSession(_))));
        assert_eq!(app.confidence_setting, !setting);
        assert_eq!(app.ask_confidence, !setting);
        answer_perfectly(&mut app);
        assert_eq!(
            matches!(app.overlay, Some(Overlay::Confidence { .. })),
            !setting,
            "asked how sure only when turned on"
        );
        // The next setup starts from the new setting.
        let mut app2 = app.clone();
        app2.overlay = None;
        app2.screen = Screen::Dashboard;
        press(&mut app2, KeyCode::Char('s'));
        assert_eq!(field(&app2).1, !setting);
    }
}

/// "I was right" (i) on the feedback of a typed answer marked wrong: the session counts it as
/// right, the store is asked to mark it, the notice and the verdict say so; once only; refused
/// with why for other answers; and from the summary, for the selected answer.
#[test]
fn i_was_right_marks_a_typed_answer_right_once_and_says_so() {
    let mut app = quiz_app(demo(), &[3, 0, 4], Mode::Practice, (100, 30));
    chars(&mut app, "LOCK IN SHARE MODE");
    let effects = press(&mut app, KeyCode::Enter);
    assert_eq!(saved(&effects)[0].score, 0.0);
    assert_eq!(app.screen, Screen::Feedback);
    let screen = render(&app, 100, 30);
    assert!(screen.contains("press i: I was right"), "{screen}");
    assert!(screen.contains("i I was right"), "the key bar: {screen}");
    let effects = press(&mut app, KeyCode::Char('i'));
    assert_eq!(
        effects,
        vec![Effect::Overrule {
            session: 7,
            pack: 0,
            question_id: "db-lock-clause".to_owned()
        }]
    );
    let notice = app.notice.clone().unwrap();
    assert!(
        notice.starts_with("marked right by you (it was scored 0.00)"),
        "{notice}"
    );
    let quiz = app.quiz.as_ref().unwrap();
    assert!(quiz.session.current_answer().unwrap().overridden);
    assert_eq!(quiz.total_score(), 1.0);
    let screen = render(&app, 100, 30);
    assert!(screen.contains("right: marked right by you"), "{screen}");
    assert!(!screen.contains("press i: I was right"), "{screen}");
    // Once: a second i changes nothing, and says why.
    assert!(press(&mut app, KeyCode::Char('i')).is_empty());
    assert_eq!(
        app.notice.as_deref(),
        Some("you marked this answer right already")
    );
    // A skipped choice question may not be marked right.
    press(&mut app, KeyCode::Enter);
    ctrl(&mut app, 'n');
    assert_eq!(app.screen, Screen::Feedback);
    assert!(press(&mut app, KeyCode::Char('i')).is_empty());
    assert_eq!(
        app.notice.as_deref(),
        Some("only a typed answer (short text or a number) can be marked right by you")
    );
    // The Numeric one wrong, left as it is; then marked right from the summary.
    press(&mut app, KeyCode::Enter);
    chars(&mut app, "8443");
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.screen, Screen::Summary);
    assert_eq!(app.quiz.as_ref().unwrap().total_score(), 1.0);
    let screen = render(&app, 100, 30);
    assert!(screen.contains("✓ right (you)"), "{screen}");
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Down);
    let effects = press(&mut app, KeyCode::Char('i'));
    assert_eq!(
        effects,
        vec![Effect::Overrule {
            session: 7,
            pack: 0,
            question_id: "api-https-port".to_owned()
        }]
    );
    assert_eq!(app.quiz.as_ref().unwrap().total_score(), 2.0);
}

/// "I was right" (i) on a past session's answer in History, which is where a placement (it
/// ends on the gap chart) is reviewed: offered on a typed answer marked wrong only, asks the
/// store to mark it and the dashboard to reload, shows the mark, once; refused with why for
/// a choice, a right answer and an exam still running.
#[test]
fn i_was_right_from_history_marks_a_stored_typed_answer() {
    let mut app = history_app((100, 30));
    app.packs = demo();
    let (session, answers) = stored_session(&app.packs);
    assert_eq!(answers[4].question_id, "api-https-port");
    assert_eq!(answers[4].score, 0.5, "a typed answer marked half right");
    load_session(&mut app, session.clone(), answers.clone(), false);
    assert_eq!(app.screen, Screen::Session);
    let screen = render(&app, 100, 30);
    assert!(
        !screen.contains("i I was right"),
        "not on a choice: {screen}"
    );
    assert!(press(&mut app, KeyCode::Char('i')).is_empty());
    assert_eq!(
        app.notice.as_deref(),
        Some("only a typed answer (short text or a number) can be marked right by you")
    );
    for _ in 0..3 {
        press(&mut app, KeyCode::Down);
    }
    assert!(press(&mut app, KeyCode::Char('i')).is_empty());
    assert_eq!(app.notice.as_deref(), Some("this answer is right already"));
    press(&mut app, KeyCode::Down);
    let screen = render(&app, 100, 30);
    assert!(screen.contains("i I was right"), "the key bar: {screen}");
    let effects = press(&mut app, KeyCode::Char('i'));
    assert_eq!(
        effects,
        vec![
            Effect::Overrule {
                session: 3,
                pack: 0,
                question_id: "api-https-port".to_owned()
            },
            Effect::LoadDashboard {
                pack: 0,
                profile: app.profile.clone()
            }
        ]
    );
    assert!(
        app.notice
            .as_deref()
            .unwrap()
            .starts_with("marked right by you (it was scored 0.50)")
    );
    assert!(app.session_view.as_ref().unwrap().answers[4].overridden);
    let screen = render(&app, 100, 30);
    assert!(screen.contains("right (you)"), "{screen}");
    assert!(!screen.contains("i I was right"), "offered once: {screen}");
    assert!(press(&mut app, KeyCode::Char('i')).is_empty());
    assert_eq!(
        app.notice.as_deref(),
        Some("you marked this answer right already")
    );

    // An exam still running shows no scores, so nothing is marked.
    let mut exam = session;
    exam.mode = skillgap::quiz::Mode::Exam;
    exam.kind = skillgap::quiz::SessionKind::Exam;
    exam.status = skillgap::store::SessionStatus::Unfinished;
    load_session(&mut app, exam, answers, false);
    for _ in 0..4 {
        press(&mut app, KeyCode::Down);
    }
    assert!(press(&mut app, KeyCode::Char('i')).is_empty());
    assert_eq!(
        app.notice.as_deref(),
        Some("an exam's answers are shown when it ends: c resumes it")
    );
}
