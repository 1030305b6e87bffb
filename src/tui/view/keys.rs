//! The words around each screen: its title line, the key bar (main keys) and the full key
//! list shown by help, both generated from the screen's keymap (`tui::screens`).

use crate::quiz::Mode;
use crate::text::sanitize_line;
use crate::tui::answer::AnswerInput;
use crate::tui::app::{App, Screen};
use crate::tui::screens::keymap::{Binding, GLOBAL_KEYS};
use crate::tui::screens::overlays::dialog_keys;
use crate::tui::screens::quiz::QuestionAction;
use crate::tui::screens::{dashboard, forecast, gaps, history, quiz, setup, summary};
use ratatui::crossterm::event::KeyEvent;

pub fn screen_name(app: &App) -> &'static str {
    match app.screen {
        Screen::Dashboard => "dashboard",
        Screen::Setup => "quiz setup",
        Screen::Question => "question",
        Screen::Feedback => "feedback",
        Screen::Summary => "session summary",
        Screen::Review => "review",
        Screen::Gaps => "gap chart",
        Screen::Forecast => "forecast",
        Screen::Category => "category",
        Screen::History => "history",
        Screen::Session => "session",
        Screen::Calibration => "calibration",
    }
}

/// `mm:ss` (or `h:mm:ss`) of a duration in milliseconds, never negative.
pub fn clock(ms: i64) -> String {
    let secs = ms.max(0) / 1000;
    if secs >= 3600 {
        format!("{}:{:02}:{:02}", secs / 3600, (secs % 3600) / 60, secs % 60)
    } else {
        format!("{:02}:{:02}", secs / 60, secs % 60)
    }
}

/// The title line: what this screen is (left) and its context (right).
pub fn title(app: &App) -> (String, String) {
    let pack = app.packs.get(app.pack);
    let profile = app
        .profile
        .as_deref()
        .and_then(|id| pack.and_then(|p| p.profile(id)))
        .map(|p| sanitize_line(&p.title));
    match app.screen {
        Screen::Question | Screen::Feedback => {
            let Some(quiz) = &app.quiz else {
                return (String::new(), String::new());
            };
            let item = quiz.session.current();
            let question = item.and_then(|i| app.question(i.pack, i.question));
            let left = match question {
                Some(q) => format!(
                    "Question {} · {} · {}",
                    quiz.session.position_words(),
                    sanitize_line(app.category_title(&q.category)),
                    q.difficulty.name()
                ),
                None => String::new(),
            };
            let kind = quiz.session.kind().label();
            let right = match (quiz.session.mode(), quiz.session.deadline_ms()) {
                (Mode::Exam, Some(deadline)) => {
                    format!("{kind} · ⏱ {} left", clock(deadline - app.now_ms))
                }
                _ => kind,
            };
            (left, right)
        }
        Screen::Summary => {
            let right = app
                .quiz
                .as_ref()
                .map(|q| format!("{} · seed {}", q.session.kind().label(), q.session.seed()))
                .unwrap_or_default();
            ("Session summary".to_owned(), right)
        }
        Screen::Review => {
            let (n, of) = app.review.as_ref().map_or((0, 0), |r| r.number);
            (format!("Review · question {n} of {of}"), String::new())
        }
        Screen::Gaps | Screen::Dashboard | Screen::Category => {
            let left = match app.screen {
                Screen::Gaps => "Gap chart".to_owned(),
                Screen::Category => format!(
                    "Gap chart › {}",
                    sanitize_line(app.category_title(&app.category.category))
                ),
                _ => pack.map_or_else(String::new, |p| {
                    format!(
                        "{} {}",
                        sanitize_line(&p.meta.title),
                        sanitize_line(&p.meta.version)
                    )
                }),
            };
            let right =
                profile.map_or_else(|| "no profile".to_owned(), |p| format!("profile: {p}"));
            (left, right)
        }
        Screen::Forecast => (
            "Forecast".to_owned(),
            profile.map_or_else(|| "no profile".to_owned(), |p| format!("profile: {p}")),
        ),
        Screen::Setup => ("New quiz".to_owned(), String::new()),
        Screen::History => ("History".to_owned(), String::new()),
        Screen::Session => {
            let id = app.session_view.as_ref().map_or(0, |v| v.session.id);
            (format!("History › session #{id}"), String::new())
        }
        Screen::Calibration => (
            "Gap chart › how sure vs how right".to_owned(),
            String::new(),
        ),
    }
}

type Keys = Vec<(&'static str, &'static str)>;

/// The key bar without "I was right" unless the answer on screen (or selected) may be marked
/// right: it is offered where it can be used, and help lists it always.
fn without_overrule<A>(mut keys: Keys, overrule: Option<&Binding<A>>, offered: bool) -> Keys {
    if !offered && let Some(entry) = overrule.and_then(Binding::bar_entry) {
        keys.retain(|k| *k != entry);
    }
    keys
}

/// The main keys of the screen, for the bar at the bottom: from the screen's keymap (the
/// question screen's depend on the answer being given: see [`question_bar`]).
pub fn bar(app: &App) -> Keys {
    // A dialog takes the keys while open: the bar shows its own.
    if let Some(overlay) = &app.overlay {
        return dialog_keys(overlay).bar();
    }
    let help = if app.typing() { "F1" } else { "?" };
    let mut keys: Keys = match app.screen {
        Screen::Dashboard => dashboard::DASHBOARD_KEYS.bar(),
        Screen::Setup => setup::SETUP_KEYS.bar(),
        Screen::Question => question_bar(app),
        Screen::Feedback => {
            let shown = app.quiz.as_ref().map_or(0, quiz::Quiz::index);
            without_overrule(
                quiz::FEEDBACK_KEYS.bar(),
                quiz::FEEDBACK_KEYS.binding(quiz::FeedbackAction::Overrule),
                quiz::overrulable(app, shown),
            )
        }
        Screen::Summary => {
            let selected = app.quiz.as_ref().map_or(0, |q| q.summary_cursor);
            without_overrule(
                summary::SUMMARY_KEYS.bar(),
                summary::SUMMARY_KEYS.binding(summary::SummaryAction::Overrule),
                quiz::overrulable(app, selected),
            )
        }
        Screen::Review => summary::REVIEW_KEYS.bar(),
        Screen::Calibration => gaps::CALIBRATION_KEYS.bar(),
        Screen::Gaps => gaps::GAPS_KEYS.bar(),
        Screen::Forecast => forecast::FORECAST_KEYS.bar(),
        Screen::Category => gaps::CATEGORY_KEYS.bar(),
        Screen::History => history::HISTORY_KEYS.bar(),
        Screen::Session => without_overrule(
            history::SESSION_KEYS.bar(),
            history::SESSION_KEYS.binding(history::SessionAction::Overrule),
            history::stored_overrulable(app),
        ),
    };
    keys.push((help, "help"));
    keys
}

/// Whether a keymap in effect lists `key`: the keys of every screen, then the open
/// dialog's, else the screen's (on the question screen, the answer's and its own). The
/// handlers take no key this says no to (`tests/tui_keys.rs` walks them).
pub fn listed(app: &App, key: &KeyEvent) -> bool {
    if GLOBAL_KEYS.lists(key) {
        return true;
    }
    if let Some(overlay) = &app.overlay {
        return dialog_keys(overlay).lists(key);
    }
    match app.screen {
        Screen::Dashboard => dashboard::DASHBOARD_KEYS.lists(key),
        Screen::Setup => setup::SETUP_KEYS.lists(key),
        Screen::Question => {
            quiz::QUESTION_KEYS.lists(key)
                || app
                    .quiz
                    .as_ref()
                    .is_some_and(|q| q.input.keymap().lists(key))
        }
        Screen::Feedback => quiz::FEEDBACK_KEYS.lists(key),
        Screen::Summary => summary::SUMMARY_KEYS.lists(key),
        Screen::Review => summary::REVIEW_KEYS.lists(key),
        Screen::Calibration => gaps::CALIBRATION_KEYS.lists(key),
        Screen::Gaps => gaps::GAPS_KEYS.lists(key),
        Screen::Forecast => forecast::FORECAST_KEYS.lists(key),
        Screen::Category => gaps::CATEGORY_KEYS.lists(key),
        Screen::History => history::HISTORY_KEYS.lists(key),
        Screen::Session => history::SESSION_KEYS.lists(key),
    }
}

/// The question screen's bar: the main keys of the answer being given (its keymap), then
/// the screen's own.
fn question_bar(app: &App) -> Keys {
    let Some(quiz) = &app.quiz else {
        return Vec::new();
    };
    let mut keys: Keys = quiz.input.keymap().bar();
    // An Open answer being written has no room to spare: Ctrl-N is in help.
    if !matches!(quiz.input, AnswerInput::Open { rubric: None, .. }) {
        keys.extend(own(QuestionAction::Skip).and_then(|b| b.bar_entry()));
    }
    keys.extend(own(QuestionAction::Leave).and_then(|b| b.bar_entry()));
    keys
}

/// A binding of the question screen's own keymap (the rest are the answer's keys).
fn own(action: QuestionAction) -> Option<&'static Binding<QuestionAction>> {
    quiz::QUESTION_KEYS.binding(action)
}

/// Every key of the screen, for help: from the screen's keymap, then the keys of every
/// screen.
pub fn help(app: &App) -> Vec<(String, String)> {
    let s = |k: &str, d: &str| (k.to_owned(), d.to_owned());
    let mut keys: Vec<(String, String)> = match app.screen {
        Screen::Dashboard => dashboard::DASHBOARD_KEYS.help(),
        Screen::Setup => setup::SETUP_KEYS.help(),
        Screen::Question => question_help(app),
        Screen::Feedback => quiz::FEEDBACK_KEYS.help(),
        Screen::Summary => summary::SUMMARY_KEYS.help(),
        Screen::Review => summary::REVIEW_KEYS.help(),
        Screen::Gaps => gaps::GAPS_KEYS.help(),
        Screen::Forecast => forecast::FORECAST_KEYS.help(),
        Screen::Category => gaps::CATEGORY_KEYS.help(),
        Screen::History => history::HISTORY_KEYS.help(),
        Screen::Calibration => gaps::CALIBRATION_KEYS.help(),
        Screen::Session => history::SESSION_KEYS.help(),
    };
    keys.extend(GLOBAL_KEYS.help());
    keys.push(s("mouse", "click selects, wheel scrolls"));
    keys
}

/// The question screen's help: every key of the answer being given (its keymap), then the
/// screen's own.
fn question_help(app: &App) -> Vec<(String, String)> {
    let Some(quiz) = &app.quiz else {
        return Vec::new();
    };
    let mut keys = quiz.input.keymap().help();
    let mut own_keys = vec![
        QuestionAction::Skip,
        QuestionAction::Scroll,
        QuestionAction::Leave,
    ];
    // `q` is typed into a text answer.
    if !quiz.input.takes_text() {
        own_keys.push(QuestionAction::Quit);
    }
    keys.extend(
        own_keys
            .into_iter()
            .filter_map(own)
            .map(Binding::help_entry),
    );
    keys
}
