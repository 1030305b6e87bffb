//! The history of sessions and one past session's answers (review, resume, retake).

pub mod view;

use super::dashboard::seed_from;
use super::keymap::{Binding, ENTER, ESC, Keymap, LIST, ch};
use super::quiz::overrule_refused;
use super::summary::begin_retake;
use crate::quiz::{self, Response};
use crate::store::{AnswerRecord, SessionRecord, SessionStatus};
use crate::tui::app::{App, Review, Screen};
use crate::tui::data::SessionLine;
use crate::tui::msg::Effect;
use crate::tui::update::{move_in, quit};
use ratatui::crossterm::event::KeyEvent;

#[derive(Debug, Clone, Default)]
pub struct History {
    pub sessions: Option<Vec<SessionLine>>,
    pub cursor: usize,
}

#[derive(Debug, Clone)]
pub struct SessionView {
    pub session: SessionRecord,
    pub answers: Vec<AnswerRecord>,
    pub cursor: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HistoryAction {
    Select,
    Open,
    Resume,
    Back,
    Quit,
}

pub const HISTORY_KEYS: Keymap<HistoryAction> = Keymap(&[
    Binding {
        keys: &LIST,
        shown: "↑↓ j k",
        bar: Some("select"),
        help: "select a session",
        action: HistoryAction::Select,
    },
    Binding {
        keys: &[ENTER],
        shown: "Enter",
        bar: Some("open"),
        help: "see its answers",
        action: HistoryAction::Open,
    },
    Binding {
        keys: &[ch('c')],
        shown: "c",
        bar: Some("resume"),
        help: "resume it, if unfinished",
        action: HistoryAction::Resume,
    },
    Binding {
        keys: &[ESC],
        shown: "Esc",
        bar: Some("back"),
        help: "back to the dashboard",
        action: HistoryAction::Back,
    },
    Binding {
        keys: &[ch('q')],
        shown: "q",
        bar: Some("quit"),
        help: "quit",
        action: HistoryAction::Quit,
    },
]);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionAction {
    Select,
    Review,
    Overrule,
    Retake,
    Resume,
    Back,
    Quit,
}

pub const SESSION_KEYS: Keymap<SessionAction> = Keymap(&[
    Binding {
        keys: &LIST,
        shown: "↑↓ j k",
        bar: Some("select"),
        help: "select an answer",
        action: SessionAction::Select,
    },
    Binding {
        keys: &[ENTER],
        shown: "Enter",
        bar: Some("review"),
        help: "review the question",
        action: SessionAction::Review,
    },
    Binding {
        keys: &[ch('i')],
        shown: "i",
        bar: Some("I was right"),
        help: "I was right: mark the selected typed answer right, once it was marked wrong (it then counts as right everywhere)",
        action: SessionAction::Overrule,
    },
    Binding {
        keys: &[ch('r')],
        shown: "r",
        bar: Some("retake missed"),
        help: "a new session of the questions missed here",
        action: SessionAction::Retake,
    },
    Binding {
        keys: &[ch('c')],
        shown: "c",
        bar: None,
        help: "resume this session if it is unfinished",
        action: SessionAction::Resume,
    },
    Binding {
        keys: &[ESC],
        shown: "Esc",
        bar: Some("back"),
        help: "back to history",
        action: SessionAction::Back,
    },
    Binding {
        keys: &[ch('q')],
        shown: "q",
        bar: Some("quit"),
        help: "quit",
        action: SessionAction::Quit,
    },
]);

pub(crate) fn history_key(app: &mut App, key: KeyEvent) -> Vec<Effect> {
    let selected = app
        .history
        .sessions
        .as_ref()
        .and_then(|s| s.get(app.history.cursor))
        .cloned();
    let n = app.history.sessions.as_ref().map_or(0, Vec::len);
    match HISTORY_KEYS.action(&key) {
        Some(HistoryAction::Back) => {
            app.screen = Screen::Dashboard;
            Vec::new()
        }
        Some(HistoryAction::Quit) => quit(app),
        Some(HistoryAction::Open) => match selected {
            Some(line) => vec![Effect::LoadSession {
                id: line.id,
                resume: false,
            }],
            None => Vec::new(),
        },
        Some(HistoryAction::Resume) => match selected.filter(|l| !l.finished) {
            Some(line) => vec![Effect::LoadSession {
                id: line.id,
                resume: true,
            }],
            None => {
                app.notice = Some("only an unfinished session can be resumed".to_owned());
                Vec::new()
            }
        },
        Some(HistoryAction::Select) => {
            move_in(&mut app.history.cursor, n, &key);
            Vec::new()
        }
        None => Vec::new(),
    }
}

pub(crate) fn session_key(app: &mut App, key: KeyEvent) -> Vec<Effect> {
    let Some(view) = app.session_view.as_mut() else {
        app.screen = Screen::History;
        return Vec::new();
    };
    match SESSION_KEYS.action(&key) {
        Some(SessionAction::Back) => {
            app.screen = Screen::History;
            vec![Effect::LoadHistory]
        }
        Some(SessionAction::Quit) => quit(app),
        Some(SessionAction::Review) => {
            open_session_review(app);
            Vec::new()
        }
        Some(SessionAction::Resume) => {
            if view.session.status == SessionStatus::Unfinished {
                vec![Effect::LoadSession {
                    id: view.session.id,
                    resume: true,
                }]
            } else {
                Vec::new()
            }
        }
        Some(SessionAction::Overrule) => overrule_stored(app),
        Some(SessionAction::Retake) => retake_session(app),
        Some(SessionAction::Select) => {
            move_in(&mut view.cursor, view.answers.len(), &key);
            Vec::new()
        }
        None => Vec::new(),
    }
}

/// Whether the selected answer of the past session on screen may still be marked right by
/// the learner: a typed answer, not right, not marked already, in a session whose scores are
/// shown (an unfinished exam's are not).
pub(crate) fn stored_overrulable(app: &App) -> bool {
    app.session_view.as_ref().is_some_and(|view| {
        !view.session.score_withheld()
            && view.answers.get(view.cursor).is_some_and(|a| {
                overrule_refused(a.response.as_ref(), a.overridden, a.score).is_none()
            })
    })
}

/// "I was right" for the selected answer of a past session (a placement, which ends on the
/// gap chart, is reviewed here): the store is asked to mark it, the dashboard to reload, and
/// the notice says what happened or why not.
pub(crate) fn overrule_stored(app: &mut App) -> Vec<Effect> {
    let Some(view) = app.session_view.as_ref() else {
        return Vec::new();
    };
    let Some(answer) = view.answers.get(view.cursor) else {
        app.notice = Some("there is no answer to mark right here".to_owned());
        return Vec::new();
    };
    let why_not = if view.session.score_withheld() {
        Some("an exam's answers are shown when it ends: c resumes it")
    } else {
        overrule_refused(answer.response.as_ref(), answer.overridden, answer.score)
    };
    if let Some(why) = why_not {
        app.notice = Some(why.to_owned());
        return Vec::new();
    }
    let Some(pack) = app.packs.iter().position(|p| p.meta.id == answer.pack.id) else {
        app.notice = Some("that question's pack is not loaded now".to_owned());
        return Vec::new();
    };
    let effects = vec![
        Effect::Overrule {
            session: view.session.id,
            pack,
            question_id: answer.question_id.clone(),
        },
        Effect::LoadDashboard {
            pack: app.pack,
            profile: app.profile.clone(),
        },
    ];
    let was = answer.score;
    if let Some(view) = app.session_view.as_mut()
        && let Some(answer) = view.answers.get_mut(view.cursor)
    {
        answer.overridden = true;
    }
    app.notice = Some(format!(
        "marked right by you (it was scored {was:.2}): it counts as right in your score, gap chart and review plan, and history and exports show the mark"
    ));
    effects
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
        response: answer.response.clone().unwrap_or(Response::Skipped),
        score: answer.counted_score(),
        overridden: answer.overridden,
        number: (view.cursor + 1, view.answers.len()),
        back: Screen::Session,
        scroll: 0,
    });
    app.screen = Screen::Review;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keymaps_hold() {
        super::super::keymap::tests::check(HISTORY_KEYS);
        super::super::keymap::tests::check(SESSION_KEYS);
    }
}
