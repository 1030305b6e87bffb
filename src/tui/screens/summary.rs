//! The session summary (and retaking what it missed) and the review of one answered
//! question.

use super::dashboard::*;
use super::quiz::*;
use crate::quiz::{self};
use crate::tui::app::{App, QuizStart, Review, Screen};
use crate::tui::msg::Effect;
use crate::tui::update::{move_in, quit, scroll_key, to_dashboard};
use ratatui::crossterm::event::{KeyCode, KeyEvent};

pub(crate) fn summary_key(app: &mut App, key: KeyEvent) -> Vec<Effect> {
    let Some(quiz) = app.quiz.as_mut() else {
        return to_dashboard(app);
    };
    let n = quiz.session.items().len();
    match key.code {
        KeyCode::Char('q') => quit(app),
        KeyCode::Esc | KeyCode::Char('d') => to_dashboard(app),
        KeyCode::Char('r') => retake_missed(app),
        KeyCode::Enter => {
            let i = quiz.summary_cursor;
            open_quiz_review(app, i);
            Vec::new()
        }
        _ => {
            move_in(&mut quiz.summary_cursor, n, &key);
            Vec::new()
        }
    }
}

pub(crate) fn open_quiz_review(app: &mut App, i: usize) {
    let Some(quiz) = app.quiz.as_ref() else {
        return;
    };
    let (Some(item), Some(Some(answered))) =
        (quiz.session.items().get(i), quiz.session.results().get(i))
    else {
        return;
    };
    app.review = Some(Review {
        pack: item.pack,
        question: item.question,
        order: item.order.clone(),
        response: answered.response.clone(),
        score: answered.score,
        number: (i + 1, quiz.session.items().len()),
        back: Screen::Summary,
        scroll: 0,
    });
    app.screen = Screen::Review;
}

/// A new session of what the quiz just ended missed.
pub(crate) fn retake_missed(app: &mut App) -> Vec<Effect> {
    let Some(quiz) = app.quiz.as_ref() else {
        return Vec::new();
    };
    let plan = quiz
        .session
        .retake(&app.packs, quiz.id, seed_from(app.now_ms));
    begin_retake(app, plan)
}

/// Starts a retake, or says why there is nothing to retake.
pub(crate) fn begin_retake(
    app: &mut App,
    plan: Result<quiz::Plan, quiz::NothingToRetake>,
) -> Vec<Effect> {
    match plan {
        Ok(plan) => begin_quiz(app, QuizStart::from(plan)),
        Err(nothing) => {
            app.notice = Some(
                match nothing {
                    quiz::NothingToRetake::AllRight => "nothing to retake: every answer was right",
                    quiz::NothingToRetake::NotLoaded => {
                        "the questions missed are not in the packs loaded now"
                    }
                }
                .to_owned(),
            );
            Vec::new()
        }
    }
}

pub(crate) fn review_key(app: &mut App, key: KeyEvent) -> Vec<Effect> {
    match key.code {
        KeyCode::Esc | KeyCode::Enter | KeyCode::Backspace => {
            app.screen = app.review.as_ref().map_or(Screen::Dashboard, |r| r.back);
            Vec::new()
        }
        KeyCode::Char('q') => quit(app),
        _ => {
            scroll_key(app, &key);
            Vec::new()
        }
    }
}
