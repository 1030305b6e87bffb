//! The history of sessions and one past session's answers (review, resume, retake).

use super::dashboard::*;
use super::summary::*;
use crate::quiz::{self, Response};
use crate::store::SessionStatus;
use crate::tui::app::{App, Review, Screen};
use crate::tui::msg::Effect;
use crate::tui::update::{move_in, quit};
use ratatui::crossterm::event::{KeyCode, KeyEvent};

pub(crate) fn history_key(app: &mut App, key: KeyEvent) -> Vec<Effect> {
    let selected = app
        .history
        .sessions
        .as_ref()
        .and_then(|s| s.get(app.history.cursor))
        .cloned();
    let n = app.history.sessions.as_ref().map_or(0, Vec::len);
    match key.code {
        KeyCode::Esc => {
            app.screen = Screen::Dashboard;
            Vec::new()
        }
        KeyCode::Char('q') => quit(app),
        KeyCode::Enter => match selected {
            Some(line) => vec![Effect::LoadSession {
                id: line.id,
                resume: false,
            }],
            None => Vec::new(),
        },
        KeyCode::Char('c') => match selected.filter(|l| !l.finished) {
            Some(line) => vec![Effect::LoadSession {
                id: line.id,
                resume: true,
            }],
            None => {
                app.notice = Some("only an unfinished session can be resumed".to_owned());
                Vec::new()
            }
        },
        _ => {
            move_in(&mut app.history.cursor, n, &key);
            Vec::new()
        }
    }
}

pub(crate) fn session_key(app: &mut App, key: KeyEvent) -> Vec<Effect> {
    let Some(view) = app.session_view.as_mut() else {
        app.screen = Screen::History;
        return Vec::new();
    };
    match key.code {
        KeyCode::Esc => {
            app.screen = Screen::History;
            vec![Effect::LoadHistory]
        }
        KeyCode::Char('q') => quit(app),
        KeyCode::Enter => {
            open_session_review(app);
            Vec::new()
        }
        KeyCode::Char('c') if view.session.status == SessionStatus::Unfinished => {
            vec![Effect::LoadSession {
                id: view.session.id,
                resume: true,
            }]
        }
        KeyCode::Char('r') => retake_session(app),
        _ => {
            move_in(&mut view.cursor, view.answers.len(), &key);
            Vec::new()
        }
    }
}

/// A new session of what a stored session missed, from the history.
pub(crate) fn retake_session(app: &mut App) -> Vec<Effect> {
    let Some(view) = app.session_view.as_ref() else {
        return Vec::new();
    };
    let plan = view
        .session
        .retake(&app.packs, &view.answers, seed_from(app.now_ms));
    begin_retake(app, plan)
}

pub(crate) fn open_session_review(app: &mut App) {
    let Some(view) = app.session_view.as_ref() else {
        return;
    };
    let Some(answer) = view.answers.get(view.cursor) else {
        return;
    };
    if view.session.score_withheld() {
        app.notice = Some("an exam's answers are shown when it ends: c resumes it".to_owned());
        return;
    }
    let found = quiz::locate(
        &app.packs,
        |p| p.meta.id == answer.pack.id,
        &answer.question_id,
    );
    let Some((pack, question)) = found else {
        app.notice = Some("that question is not in the packs loaded now".to_owned());
        return;
    };
    // The display order depends only on the session's seed and the question.
    let order = app
        .question(pack, question)
        .map(|q| quiz::display_order(&answer.pack.id, q, view.session.seed))
        .unwrap_or_default();
    app.review = Some(Review {
        pack,
        question,
        order,
        response: Response::from_json(&answer.response_json).unwrap_or(Response::Skipped),
        score: answer.score,
        number: (view.cursor + 1, view.answers.len()),
        back: Screen::Session,
        scroll: 0,
    });
    app.screen = Screen::Review;
}
