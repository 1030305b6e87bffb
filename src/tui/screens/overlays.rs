//! The dialogs drawn over a screen (help, leave, profiles, packs, exam date, confidence,
//! messages): one keymap each, and the keys they take while open (only those their keymap
//! lists). The key bar shows the open dialog's keys, and its own hint line comes from the
//! same keymap.

use super::keymap::{
    BACKSPACE, Binding, DIGITS, DOWN, ENTER, ESC, F1, Keymap, UP, bind, ch, digits_and,
};
use super::quiz::{record, sure_before_rubric};
use crate::quiz::Confidence;
use crate::tui::answer::is_up;
use crate::tui::app::{App, Overlay, Screen};
use crate::tui::msg::Effect;
use crate::tui::update::{drop_if_unanswered, quit, to_dashboard};
use ratatui::crossterm::event::{KeyCode, KeyEvent};

/// What a key does in a dialog.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DialogAction {
    Close,
    Yes,
    No,
    Low,
    Medium,
    High,
    Move,
    /// Enter: take the entry under ▶.
    Take,
    /// A digit: take that entry.
    Number,
    Back,
    Type,
    Erase,
    ExamDate,
}

/// Help, errors and messages.
pub const MESSAGE_KEYS: Keymap<DialogAction> = Keymap(&[
    bind(
        &[ENTER, ESC],
        "Enter Esc",
        Some("close"),
        "close",
        DialogAction::Close,
    ),
    bind(
        &[ch('?'), ch('q'), ch(' '), F1],
        "? q Space F1",
        None,
        "close",
        DialogAction::Close,
    ),
]);

/// Leaving a quiz (or the app) asks first.
pub const CONFIRM_KEYS: Keymap<DialogAction> = Keymap(&[
    bind(
        &[ch('y'), ch('Y'), ENTER],
        "y Enter",
        Some("yes"),
        "yes",
        DialogAction::Yes,
    ),
    bind(
        &[ch('n'), ch('N'), ch('q'), ESC],
        "n Esc q",
        Some("stay"),
        "no, stay",
        DialogAction::No,
    ),
]);

const MOVE: Binding<DialogAction> = bind(
    &[UP, DOWN, ch('k'), ch('j')],
    "↑↓ j k",
    None,
    "move ▶",
    DialogAction::Move,
);

/// How sure the learner is.
pub const CONFIDENCE_KEYS: Keymap<DialogAction> = Keymap(&[
    bind(
        &[ch('l'), ch('L'), ch('1')],
        "l 1",
        Some("low"),
        "low: a guess",
        DialogAction::Low,
    ),
    bind(
        &[ch('m'), ch('M'), ch('2')],
        "m 2",
        Some("medium"),
        "medium: fairly sure",
        DialogAction::Medium,
    ),
    bind(
        &[ch('h'), ch('H'), ch('3')],
        "h 3",
        Some("high"),
        "high: certain",
        DialogAction::High,
    ),
    MOVE,
    bind(
        &[ENTER],
        "Enter",
        Some("take ▶"),
        "take the one under ▶",
        DialogAction::Take,
    ),
    bind(
        &[ESC],
        "Esc",
        Some("back"),
        "back to the question",
        DialogAction::Back,
    ),
]);

/// Typing the exam date.
pub const EXAM_DATE_KEYS: Keymap<DialogAction> = Keymap(&[
    bind(
        &digits_and(ch('-')),
        "0-9 -",
        None,
        "type the date",
        DialogAction::Type,
    ),
    bind(
        &[BACKSPACE],
        "Backspace",
        None,
        "erase",
        DialogAction::Erase,
    ),
    bind(
        &[ENTER],
        "Enter",
        Some("save (empty: no date)"),
        "save the date (empty: no date)",
        DialogAction::Take,
    ),
    bind(&[ESC], "Esc", Some("cancel"), "cancel", DialogAction::Back),
]);

const CHOOSE: Binding<DialogAction> = bind(
    &[ENTER],
    "Enter",
    Some("choose"),
    "choose the one under ▶",
    DialogAction::Take,
);
const CHOOSE_NUMBER: Binding<DialogAction> = bind(
    &DIGITS,
    "1-9",
    None,
    "choose that one",
    DialogAction::Number,
);
const CLOSE: Binding<DialogAction> = bind(
    &[ESC, ch('q')],
    "Esc q",
    Some("close"),
    "close",
    DialogAction::Close,
);

/// Choosing a pack.
pub const PACK_KEYS: Keymap<DialogAction> = Keymap(&[MOVE, CHOOSE, CHOOSE_NUMBER, CLOSE]);

/// Choosing a profile; `e` sets its exam date.
pub const PROFILE_KEYS: Keymap<DialogAction> = Keymap(&[
    MOVE,
    CHOOSE,
    CHOOSE_NUMBER,
    bind(
        &[ch('e')],
        "e",
        Some("exam date"),
        "set the exam date of the current profile",
        DialogAction::ExamDate,
    ),
    CLOSE,
]);

/// The keymap of a dialog.
pub fn dialog_keys(overlay: &Overlay) -> Keymap<DialogAction> {
    match overlay {
        Overlay::Help | Overlay::Error(_) | Overlay::Info { .. } => MESSAGE_KEYS,
        Overlay::ConfirmLeave { .. } => CONFIRM_KEYS,
        Overlay::Confidence { .. } => CONFIDENCE_KEYS,
        Overlay::ExamDate { .. } => EXAM_DATE_KEYS,
        Overlay::Profiles { .. } => PROFILE_KEYS,
        Overlay::Packs { .. } => PACK_KEYS,
    }
}

pub(crate) fn overlay_key(app: &mut App, key: KeyEvent) -> Vec<Effect> {
    let Some(overlay) = app.overlay.clone() else {
        return Vec::new();
    };
    let Some(action) = dialog_keys(&overlay).action(&key) else {
        return Vec::new();
    };
    use DialogAction as D;
    match overlay {
        Overlay::Help | Overlay::Error(_) | Overlay::Info { .. } => {
            app.overlay = None;
            Vec::new()
        }
        Overlay::ConfirmLeave { quit: leave_app } => {
            app.overlay = None;
            match action {
                D::Yes if leave_app => quit(app),
                D::Yes => {
                    let mut effects = drop_if_unanswered(app);
                    effects.extend(to_dashboard(app));
                    effects
                }
                _ => Vec::new(),
            }
        }
        Overlay::Confidence { response, cursor } => {
            let picked = match action {
                D::Low => Some(Confidence::Low),
                D::Medium => Some(Confidence::Medium),
                D::High => Some(Confidence::High),
                D::Take => Confidence::ALL.get(cursor).copied(),
                _ => None,
            };
            if let Some(sure) = picked {
                app.overlay = None;
                return match response {
                    Some(response) => record(app, response, Some(sure)),
                    None => sure_before_rubric(app, sure),
                };
            }
            if action == D::Back {
                // Not answered yet: back to the question, answer as it was.
                app.overlay = None;
            } else if action == D::Move {
                let cursor = if is_up(&key) {
                    cursor.saturating_sub(1)
                } else {
                    (cursor + 1).min(Confidence::ALL.len() - 1)
                };
                app.overlay = Some(Overlay::Confidence { response, cursor });
            }
            Vec::new()
        }
        Overlay::ExamDate { mut text, .. } => {
            match action {
                D::Back => app.overlay = None,
                D::Erase => {
                    text.pop();
                    app.overlay = Some(Overlay::ExamDate { text, error: None });
                }
                D::Type => {
                    if let KeyCode::Char(c) = key.code
                        && text.len() < 10
                    {
                        text.push(c);
                        app.overlay = Some(Overlay::ExamDate { text, error: None });
                    }
                }
                D::Take => return save_exam_date(app, text),
                _ => {}
            }
            Vec::new()
        }
        Overlay::Profiles { cursor } => {
            let profiles = app.packs.get(app.pack).map_or(0, |p| p.profiles.len());
            match action {
                // An exam date belongs to a profile: none to set without one.
                D::ExamDate if profiles > 0 => {
                    app.overlay = Some(Overlay::ExamDate {
                        text: String::new(),
                        error: None,
                    });
                    Vec::new()
                }
                _ => match pick(action, &key, cursor, profiles) {
                    Pick::Chosen(index) => choose_profile(app, index),
                    Pick::Closed => {
                        app.overlay = None;
                        Vec::new()
                    }
                    Pick::Cursor(cursor) => {
                        app.overlay = Some(Overlay::Profiles { cursor });
                        Vec::new()
                    }
                },
            }
        }
        Overlay::Packs { cursor } => match pick(action, &key, cursor, app.packs.len()) {
            Pick::Chosen(index) => choose_pack(app, index),
            Pick::Closed => {
                app.overlay = None;
                Vec::new()
            }
            Pick::Cursor(cursor) => {
                app.overlay = Some(Overlay::Packs { cursor });
                Vec::new()
            }
        },
    }
}

/// Enter in the exam date dialog: the date typed saved (empty clears it), or why not.
fn save_exam_date(app: &mut App, text: String) -> Vec<Effect> {
    let typed = if text.trim().is_empty() {
        "none"
    } else {
        &text
    };
    let Some(profile) = app.profile.clone() else {
        app.overlay = None;
        return Vec::new();
    };
    match crate::learning::date::parse_target_date(typed, app.now_ms, "an empty date to clear it") {
        Ok(date) => {
            app.overlay = None;
            app.notice = Some(match date {
                Some(d) => format!("exam date set: {d}"),
                None => "exam date cleared".to_owned(),
            });
            vec![
                Effect::SaveExamDate {
                    pack: app.pack,
                    profile: profile.clone(),
                    date,
                },
                Effect::LoadDashboard {
                    pack: app.pack,
                    profile: Some(profile),
                },
            ]
        }
        Err(why) => {
            app.overlay = Some(Overlay::ExamDate {
                text,
                error: Some(why.to_string()),
            });
            Vec::new()
        }
    }
}

/// What a key does in a short numbered list shown in a dialog.
pub(crate) enum Pick {
    Chosen(usize),
    Closed,
    Cursor(usize),
}

/// Enter or a digit chooses, arrows (and j/k) move, Esc or q closes.
fn pick(action: DialogAction, key: &KeyEvent, cursor: usize, len: usize) -> Pick {
    match action {
        DialogAction::Close => Pick::Closed,
        DialogAction::Take if cursor < len => Pick::Chosen(cursor),
        DialogAction::Move if is_up(key) => Pick::Cursor(cursor.saturating_sub(1)),
        DialogAction::Move => Pick::Cursor((cursor + 1).min(len.saturating_sub(1))),
        DialogAction::Number => match crate::tui::answer::digit(key).filter(|d| *d < len) {
            Some(d) => Pick::Chosen(d),
            None => Pick::Cursor(cursor),
        },
        _ => Pick::Cursor(cursor),
    }
}

/// The dashboard, gap chart and review turn to pack `index`, with the profile chosen for it.
pub(crate) fn choose_pack(app: &mut App, index: usize) -> Vec<Effect> {
    app.overlay = None;
    if index >= app.packs.len() || index == app.pack {
        return Vec::new();
    }
    app.pack = index;
    // The profile belongs to the pack: the loader picks the one chosen for this pack.
    app.profile = None;
    app.dashboard.data = None;
    app.gaps_cursor = 0;
    app.notice = Some("pack changed (kept for next time)".to_owned());
    vec![
        Effect::SaveDashboardPack { pack: index },
        Effect::LoadDashboard {
            pack: index,
            profile: None,
        },
    ]
}

pub(crate) fn choose_profile(app: &mut App, index: usize) -> Vec<Effect> {
    app.overlay = None;
    let Some(profile) = app
        .packs
        .get(app.pack)
        .and_then(|p| p.profiles.get(index))
        .map(|p| p.id.clone())
    else {
        return Vec::new();
    };
    app.profile = Some(profile.clone());
    app.notice = Some("profile changed (kept for next time)".to_owned());
    let mut effects = vec![
        Effect::SaveProfile {
            pack: app.pack,
            profile: profile.clone(),
        },
        Effect::LoadDashboard {
            pack: app.pack,
            profile: Some(profile.clone()),
        },
    ];
    if app.screen == Screen::Category {
        effects.push(Effect::LoadCategory {
            pack: app.pack,
            category: app.category.category.clone(),
            profile: Some(profile),
        });
    }
    effects
}

pub(crate) fn open_profiles(app: &mut App) {
    let cursor = app
        .packs
        .get(app.pack)
        .and_then(|p| {
            p.profiles
                .iter()
                .position(|pr| Some(&pr.id) == app.profile.as_ref())
        })
        .unwrap_or(0);
    app.overlay = Some(Overlay::Profiles { cursor });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keymaps_hold() {
        for map in [
            MESSAGE_KEYS,
            CONFIRM_KEYS,
            CONFIDENCE_KEYS,
            EXAM_DATE_KEYS,
            PACK_KEYS,
            PROFILE_KEYS,
        ] {
            super::super::keymap::tests::check(map);
        }
    }
}
