//! The dialogs drawn over a screen (help, leave, profiles, packs, exam date, confidence,
//! messages): the keys they take while open.

use super::quiz::{record, sure_before_rubric};
use crate::quiz::Confidence;
use crate::tui::answer::{is_down, is_up};
use crate::tui::app::{App, Overlay, Screen};
use crate::tui::msg::Effect;
use crate::tui::update::{drop_if_unanswered, quit, to_dashboard};
use ratatui::crossterm::event::{KeyCode, KeyEvent};

pub(crate) fn overlay_key(app: &mut App, key: KeyEvent) -> Vec<Effect> {
    let Some(overlay) = app.overlay.clone() else {
        return Vec::new();
    };
    match overlay {
        Overlay::Help | Overlay::Error(_) | Overlay::Info { .. } => {
            if matches!(
                key.code,
                KeyCode::Esc | KeyCode::Enter | KeyCode::Char('?' | 'q' | ' ') | KeyCode::F(1)
            ) {
                app.overlay = None;
            }
            Vec::new()
        }
        Overlay::ConfirmLeave { quit: leave_app } => match key.code {
            KeyCode::Char('y' | 'Y') | KeyCode::Enter => {
                app.overlay = None;
                if leave_app {
                    quit(app)
                } else {
                    let mut effects = drop_if_unanswered(app);
                    effects.extend(to_dashboard(app));
                    effects
                }
            }
            KeyCode::Char('n' | 'N' | 'q') | KeyCode::Esc => {
                app.overlay = None;
                Vec::new()
            }
            _ => Vec::new(),
        },
        Overlay::Confidence { response, cursor } => {
            let picked = match key.code {
                KeyCode::Enter => Confidence::ALL.get(cursor).copied(),
                KeyCode::Char(c) => Confidence::parse(&c.to_string()).ok(),
                _ => None,
            };
            if let Some(sure) = picked {
                app.overlay = None;
                return match response {
                    Some(response) => record(app, response, Some(sure)),
                    None => sure_before_rubric(app, sure),
                };
            }
            if key.code == KeyCode::Esc {
                // Not answered yet: back to the question, answer as it was.
                app.overlay = None;
            } else if is_up(&key) || is_down(&key) {
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
            match key.code {
                KeyCode::Esc => app.overlay = None,
                KeyCode::Backspace => {
                    text.pop();
                    app.overlay = Some(Overlay::ExamDate { text, error: None });
                }
                KeyCode::Char(c) if (c.is_ascii_digit() || c == '-') && text.len() < 10 => {
                    text.push(c);
                    app.overlay = Some(Overlay::ExamDate { text, error: None });
                }
                KeyCode::Enter => {
                    let typed = if text.trim().is_empty() {
                        "none"
                    } else {
                        &text
                    };
                    let Some(profile) = app.profile.clone() else {
                        app.overlay = None;
                        return Vec::new();
                    };
                    match crate::learning::date::parse_target_date(
                        typed,
                        app.now_ms,
                        "an empty date to clear it",
                    ) {
                        Ok(date) => {
                            app.overlay = None;
                            app.notice = Some(match date {
                                Some(d) => format!("exam date set: {d}"),
                                None => "exam date cleared".to_owned(),
                            });
                            return vec![
                                Effect::SaveExamDate {
                                    pack: app.pack,
                                    profile: profile.clone(),
                                    date,
                                },
                                Effect::LoadDashboard {
                                    pack: app.pack,
                                    profile: Some(profile),
                                },
                            ];
                        }
                        Err(why) => {
                            app.overlay = Some(Overlay::ExamDate {
                                text,
                                error: Some(why),
                            })
                        }
                    }
                }
                _ => {}
            }
            Vec::new()
        }
        Overlay::Profiles { cursor } => {
            let profiles = app.packs.get(app.pack).map_or(0, |p| p.profiles.len());
            match key.code {
                // An exam date belongs to a profile: none to set without one.
                KeyCode::Char('e') if profiles > 0 => {
                    app.overlay = Some(Overlay::ExamDate {
                        text: String::new(),
                        error: None,
                    });
                    Vec::new()
                }
                _ => match pick(&key, cursor, profiles) {
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
        Overlay::Packs { cursor } => match pick(&key, cursor, app.packs.len()) {
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

/// What a key does in a short numbered list shown in a dialog.
pub(crate) enum Pick {
    Chosen(usize),
    Closed,
    Cursor(usize),
}

/// Enter or a digit chooses, arrows (and j/k) move, Esc or q closes.
pub(crate) fn pick(key: &KeyEvent, cursor: usize, len: usize) -> Pick {
    match key.code {
        KeyCode::Esc | KeyCode::Char('q') => Pick::Closed,
        KeyCode::Enter if cursor < len => Pick::Chosen(cursor),
        _ if is_up(key) => Pick::Cursor(cursor.saturating_sub(1)),
        _ if is_down(key) => Pick::Cursor((cursor + 1).min(len.saturating_sub(1))),
        _ => match crate::tui::answer::digit(key).filter(|d| *d < len) {
            Some(d) => Pick::Chosen(d),
            None => Pick::Cursor(cursor),
        },
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
