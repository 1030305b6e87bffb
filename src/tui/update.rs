//! `update`: how each message changes the app, and which effects it asks for. Keys go to the
//! screen on show (`tui::screens`, each with its keymap); what is left here is the dispatch,
//! the results of effects, navigation shared by every screen, and the mouse. No I/O: the
//! clock comes in as `Msg::Tick`, store results as messages, and work with side effects goes
//! out as [`Effect`]s for the run loop.

use super::answer::{Outcome, is_down, is_up};
use super::app::{App, DashFocus, Overlay, QuizStart, Screen, SessionView};
use super::msg::{Effect, Msg};
use super::screens::dashboard::dashboard_key;
use super::screens::forecast::forecast_key;
use super::screens::gaps::{calibration_key, category_key, gaps_key};
use super::screens::history::{history_key, session_key};
use super::screens::keymap::{GLOBAL_KEYS, Global};
use super::screens::overlays::overlay_key;
pub use super::screens::quiz::begin_quiz;
use super::screens::quiz::{check_deadline, feedback_key, question_key, resume_quiz};
use super::screens::setup::setup_key;
use super::screens::summary::{review_key, summary_key};
use super::view::{self, Hit};
use crate::learning::ReviewMode;
use crate::quiz::{self, Filters, Mode};
use ratatui::crossterm::event::{
    KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};

/// Questions in a quiz started from the dashboard's review or a category.
pub const QUICK_COUNT: usize = 10;
/// Lines a page key or the mouse wheel scrolls.
pub(crate) const PAGE: u16 = 5;

/// Applies one message; returns the effects to carry out, in order.
pub fn update(app: &mut App, msg: Msg) -> Vec<Effect> {
    match msg {
        Msg::Tick(now) => {
            app.now_ms = now;
            check_deadline(app)
        }
        Msg::Resize(width, height) => {
            app.size = (width, height);
            Vec::new()
        }
        Msg::Stop => drop_if_unanswered(app),
        Msg::Paste(text) => {
            if app.overlay.is_none()
                && app.screen == Screen::Question
                && let Some(quiz) = app.quiz.as_mut()
                && quiz.input.paste(&text) == Outcome::Changed
            {
                quiz.hint = None;
            }
            Vec::new()
        }
        Msg::Key(key) => {
            if key.kind == KeyEventKind::Release {
                return Vec::new();
            }
            app.notice = None;
            on_key(app, key)
        }
        Msg::Mouse(mouse) => on_mouse(app, mouse),
        Msg::SessionStarted { id, packs } => {
            if let Some(quiz) = app.quiz.as_mut() {
                quiz.id = Some(id);
                quiz.refs = packs;
            }
            Vec::new()
        }
        Msg::DashboardLoaded(data) => {
            app.profile = data.report.profile.as_ref().map(|(id, _)| id.clone());
            let rows = data.report.rows.len();
            app.dashboard.data = Some(*data);
            app.gaps_cursor = app.gaps_cursor.min(rows.saturating_sub(1));
            let actions = app.actions().len();
            app.dashboard.action = app.dashboard.action.min(actions.saturating_sub(1));
            Vec::new()
        }
        Msg::HistoryLoaded(sessions) => {
            app.history.cursor = app.history.cursor.min(sessions.len().saturating_sub(1));
            app.history.sessions = Some(sessions);
            Vec::new()
        }
        Msg::SessionLoaded {
            session,
            answers,
            resume,
            packs,
            picker,
        } => {
            if resume {
                resume_quiz(app, &session, &answers, packs, picker)
            } else {
                app.session_view = Some(SessionView {
                    session: *session,
                    answers,
                    cursor: 0,
                });
                app.screen = Screen::Session;
                Vec::new()
            }
        }
        Msg::PlacementPlanned {
            seed,
            profile,
            filters_json,
            picker,
        } => {
            let start = QuizStart {
                items: Vec::new(),
                mode: Mode::Exam,
                seed,
                filters_json,
                time_limit_secs: None,
                profile,
                confidence: false,
                picker: Some(picker),
            };
            begin_quiz(app, start)
        }
        Msg::ReviewPlanned {
            mode,
            seed,
            items,
            due,
            nothing,
        } => {
            if items.is_empty() {
                app.overlay = Some(Overlay::Info {
                    title: "Nothing to review".to_owned(),
                    text: nothing,
                });
                return Vec::new();
            }
            let start = QuizStart {
                items,
                mode: Mode::Practice,
                seed,
                filters_json: quiz::SessionKind::from(mode).filters_json(&Filters::default()),
                time_limit_secs: None,
                profile: app.profile.clone(),
                confidence: false,
                picker: None,
            };
            let asked = start.items.len();
            let effects = begin_quiz(app, start);
            if mode == ReviewMode::Due && asked < due {
                app.overlay = Some(Overlay::Info {
                    title: format!("{asked} of {due} due"),
                    text: format!(
                        "{due} questions are due for review; a session asks at most {asked}. Press d again after this one for the rest, or run `skillgap quiz --mode due --count {due}` to take them all at once."
                    ),
                });
            }
            effects
        }
        Msg::CalibrationLoaded(text) => {
            app.calibration = Some((text, 0));
            Vec::new()
        }
        Msg::CategoryLoaded(data) => {
            if data.category == app.category.category {
                app.category.cursor = 0;
                app.category.data = Some(*data);
            }
            Vec::new()
        }
        Msg::Failed(text) => {
            app.overlay = Some(Overlay::Error(text));
            Vec::new()
        }
    }
}

pub(crate) fn quit(app: &mut App) -> Vec<Effect> {
    let mut effects = drop_if_unanswered(app);
    app.quit = true;
    effects.push(Effect::Quit);
    effects
}

/// A quiz left before its first answer leaves nothing to resume behind (see
/// [`Quiz::kept_when_left`](super::app::Quiz::kept_when_left)).
pub(crate) fn drop_if_unanswered(app: &mut App) -> Vec<Effect> {
    let Some(quiz) = app.quiz.as_mut() else {
        return Vec::new();
    };
    if quiz.kept_when_left() {
        return Vec::new();
    }
    quiz.id
        .take()
        .map(Effect::DiscardSession)
        .into_iter()
        .collect()
}

pub(crate) fn on_key(app: &mut App, key: KeyEvent) -> Vec<Effect> {
    let global = GLOBAL_KEYS.action(&key);
    if global == Some(Global::QuitNow) {
        return quit(app);
    }
    if app.overlay.is_some() {
        return overlay_key(app, key);
    }
    // While typing, `?` is text: F1 opens help.
    if global == Some(Global::Help) && (key.code == KeyCode::F(1) || !app.typing()) {
        app.overlay = Some(Overlay::Help);
        return Vec::new();
    }
    if !app.big_enough() {
        // Nothing is drawn but the request to enlarge: only quitting makes sense.
        return match key.code {
            KeyCode::Char('q') if !in_quiz(app) => quit(app),
            _ => Vec::new(),
        };
    }
    match app.screen {
        Screen::Dashboard => dashboard_key(app, key),
        Screen::Setup => setup_key(app, key),
        Screen::Question => question_key(app, key),
        Screen::Feedback => feedback_key(app, key),
        Screen::Summary => summary_key(app, key),
        Screen::Review => review_key(app, key),
        Screen::Gaps => gaps_key(app, key),
        Screen::Forecast => forecast_key(app, key),
        Screen::Category => category_key(app, key),
        Screen::History => history_key(app, key),
        Screen::Session => session_key(app, key),
        Screen::Calibration => calibration_key(app, key),
    }
}

pub(crate) fn in_quiz(app: &App) -> bool {
    matches!(app.screen, Screen::Question | Screen::Feedback)
}

pub(crate) fn to_dashboard(app: &mut App) -> Vec<Effect> {
    app.screen = Screen::Dashboard;
    app.dashboard.focus = DashFocus::Actions;
    app.dashboard.action = 0;
    vec![Effect::LoadDashboard {
        pack: app.pack,
        profile: app.profile.clone(),
    }]
}

pub(crate) fn move_in(cursor: &mut usize, len: usize, key: &KeyEvent) -> bool {
    let before = *cursor;
    match key.code {
        KeyCode::Home | KeyCode::Char('g') => *cursor = 0,
        KeyCode::End | KeyCode::Char('G') => *cursor = len.saturating_sub(1),
        KeyCode::PageUp => *cursor = cursor.saturating_sub(usize::from(PAGE)),
        KeyCode::PageDown => *cursor = (*cursor + usize::from(PAGE)).min(len.saturating_sub(1)),
        _ if is_up(key) => *cursor = cursor.saturating_sub(1),
        _ if is_down(key) => *cursor = (*cursor + 1).min(len.saturating_sub(1)),
        _ => return false,
    }
    *cursor != before || len > 0
}

/// Up/down/page keys scroll the document on screen.
pub(crate) fn scroll_key(app: &mut App, key: &KeyEvent) {
    match key.code {
        KeyCode::PageUp => scroll_doc(app, true, PAGE),
        KeyCode::PageDown | KeyCode::Char(' ') => scroll_doc(app, false, PAGE),
        KeyCode::Home => scroll_doc(app, true, u16::MAX),
        KeyCode::End => scroll_doc(app, false, u16::MAX),
        _ if is_up(key) => scroll_doc(app, true, 1),
        _ if is_down(key) => scroll_doc(app, false, 1),
        _ => {}
    }
}

pub(crate) fn scroll_doc(app: &mut App, up: bool, by: u16) {
    let max = view::max_scroll(app);
    let slot = match app.screen {
        Screen::Question | Screen::Feedback => app.quiz.as_mut().map(|q| &mut q.scroll),
        Screen::Review => app.review.as_mut().map(|r| &mut r.scroll),
        _ => None,
    };
    if let Some(scroll) = slot {
        *scroll = if up {
            scroll.saturating_sub(by)
        } else {
            scroll.saturating_add(by).min(max)
        };
    }
}

/// After the cursor moved: scroll so that it stays on screen.
pub(crate) fn keep_visible(app: &mut App) {
    if app.screen == Screen::Question {
        let scroll = view::question_scroll(app);
        if let Some(quiz) = app.quiz.as_mut() {
            quiz.scroll = scroll;
        }
    }
}

// ---------------------------------------------------------------------------------------
// Mouse

pub(crate) fn on_mouse(app: &mut App, mouse: MouseEvent) -> Vec<Effect> {
    if app.overlay.is_some() || !app.big_enough() {
        return Vec::new();
    }
    match mouse.kind {
        MouseEventKind::ScrollUp | MouseEventKind::ScrollDown => {
            let up = mouse.kind == MouseEventKind::ScrollUp;
            match app.screen {
                Screen::Question | Screen::Feedback | Screen::Review => scroll_doc(app, up, 3),
                _ => {
                    let code = if up { KeyCode::Up } else { KeyCode::Down };
                    return on_key(app, KeyEvent::new(code, KeyModifiers::NONE));
                }
            }
            Vec::new()
        }
        MouseEventKind::Down(MouseButton::Left) => click(app, mouse.column, mouse.row),
        _ => Vec::new(),
    }
}

pub(crate) fn click(app: &mut App, column: u16, row: u16) -> Vec<Effect> {
    let Some(hit) = view::hit(app, column, row) else {
        return Vec::new();
    };
    match hit {
        Hit::Choice(pos) | Hit::MatchLeft(pos) | Hit::MatchRight(pos) => {
            if let Some(quiz) = app.quiz.as_mut() {
                quiz.input.click(pos, matches!(hit, Hit::MatchRight(_)));
                quiz.hint = None;
            }
            Vec::new()
        }
        Hit::Action(i) => {
            app.dashboard.focus = DashFocus::Actions;
            app.dashboard.action = i;
            Vec::new()
        }
        Hit::DashSession(i) => {
            app.dashboard.focus = DashFocus::Sessions;
            app.dashboard.session = i;
            Vec::new()
        }
        Hit::Row(i) => {
            match app.screen {
                Screen::Gaps => app.gaps_cursor = i,
                Screen::Forecast => app.forecast_cursor = i,
                Screen::Category => app.category.cursor = i,
                Screen::History => app.history.cursor = i,
                Screen::Session => {
                    if let Some(view) = app.session_view.as_mut() {
                        view.cursor = i;
                    }
                }
                Screen::Summary => {
                    if let Some(quiz) = app.quiz.as_mut() {
                        quiz.summary_cursor = i;
                    }
                }
                _ => {}
            }
            Vec::new()
        }
        Hit::Setup(section, i) => {
            if let Some(setup) = app.setup.as_mut() {
                setup.click(section, i);
                setup.refresh_categories(&app.packs);
            }
            Vec::new()
        }
    }
}
