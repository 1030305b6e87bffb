//! The session summary (and retaking what it missed) and the review of one answered
//! question.

pub mod view;

use super::dashboard::seed_from;
use super::keymap::{BACKSPACE, Binding, ENTER, ESC, Keymap, LIST, SCROLL, ch};
use super::quiz::begin_quiz;
use crate::quiz::{self, Response};
use crate::tui::app::{App, QuizStart, Screen};
use crate::tui::msg::Effect;
use crate::tui::update::{move_in, quit, scroll_key, to_dashboard};
use ratatui::crossterm::event::KeyEvent;

/// One question shown with an answer given to it.
#[derive(Debug, Clone)]
pub struct Review {
    pub pack: usize,
    pub question: usize,
    pub order: Vec<usize>,
    pub response: Response,
    /// The score it counts for.
    pub score: f64,
    /// The learner marked it right ("I was right").
    pub overridden: bool,
    /// Position in its session and the session's length.
    pub number: (usize, usize),
    pub back: Screen,
    pub scroll: u16,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SummaryAction {
    Select,
    Review,
    Overrule,
    Retake,
    Dashboard,
    Quit,
}

pub const SUMMARY_KEYS: Keymap<SummaryAction> = Keymap(&[
    Binding {
        keys: &LIST,
        shown: "↑↓ j k",
        bar: Some("select"),
        help: "select a question",
        action: SummaryAction::Select,
    },
    Binding {
        keys: &[ENTER],
        shown: "Enter",
        bar: Some("review"),
        help: "review it with its explanation",
        action: SummaryAction::Review,
    },
    Binding {
        keys: &[ch('i')],
        shown: "i",
        bar: Some("I was right"),
        help: "I was right: mark the selected typed answer right, once it was marked wrong (it then counts as right everywhere)",
        action: SummaryAction::Overrule,
    },
    Binding {
        keys: &[ch('r')],
        shown: "r",
        bar: Some("retake missed"),
        help: "retake the questions missed",
        action: SummaryAction::Retake,
    },
    Binding {
        keys: &[ch('d'), ESC],
        shown: "d Esc",
        bar: Some("dashboard"),
        help: "dashboard",
        action: SummaryAction::Dashboard,
    },
    Binding {
        keys: &[ch('q')],
        shown: "q",
        bar: Some("quit"),
        help: "quit",
        action: SummaryAction::Quit,
    },
]);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReviewAction {
    Scroll,
    Back,
    Quit,
}

pub const REVIEW_KEYS: Keymap<ReviewAction> = Keymap(&[
    Binding {
        keys: &SCROLL,
        shown: "↑↓ PgUp PgDn",
        bar: Some("scroll"),
        help: "scroll",
        action: ReviewAction::Scroll,
    },
    Binding {
        keys: &[ESC, ENTER, BACKSPACE],
        shown: "Esc Enter",
        bar: Some("back"),
        help: "back",
        action: ReviewAction::Back,
    },
    Binding {
        keys: &[ch('q')],
        shown: "q",
        bar: Some("quit"),
        help: "quit",
        action: ReviewAction::Quit,
    },
]);

pub(crate) fn summary_key(app: &mut App, key: KeyEvent) -> Vec<Effect> {
    let Some(quiz) = app.quiz.as_mut() else {
        return to_dashboard(app);
    };
    let n = quiz.session.items().len();
    match SUMMARY_KEYS.action(&key) {
        Some(SummaryAction::Quit) => quit(app),
        Some(SummaryAction::Dashboard) => to_dashboard(app),
        Some(SummaryAction::Retake) => retake_missed(app),
        Some(SummaryAction::Overrule) => {
            let i = quiz.summary_cursor;
            super::quiz::overrule(app, i)
        }
        Some(SummaryAction::Review) => {
            let i = quiz.summary_cursor;
            open_quiz_review(app, i);
            Vec::new()
        }
        Some(SummaryAction::Select) => {
            move_in(&mut quiz.summary_cursor, n, &key);
            Vec::new()
        }
        None => Vec::new(),
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
        overridden: answered.overridden,
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
    match REVIEW_KEYS.action(&key) {
        Some(ReviewAction::Back) => {
            app.screen = app.review.as_ref().map_or(Screen::Dashboard, |r| r.back);
            Vec::new()
        }
        Some(ReviewAction::Quit) => quit(app),
        Some(ReviewAction::Scroll) => {
            scroll_key(app, &key);
            Vec::new()
        }
        None => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keymaps_hold() {
        super::super::keymap::tests::check(SUMMARY_KEYS);
        super::super::keymap::tests::check(REVIEW_KEYS);
    }
}
