//! The gap chart, a category's drill-down, and the calibration view.

use super::dashboard::*;
use super::overlays::*;
use crate::tui::answer::{is_down, is_up};
use crate::tui::app::{App, Screen};
use crate::tui::msg::Effect;
use crate::tui::update::{PAGE, move_in, quit};
use ratatui::crossterm::event::{KeyCode, KeyEvent};

pub(crate) fn gaps_key(app: &mut App, key: KeyEvent) -> Vec<Effect> {
    let rows = app
        .dashboard
        .data
        .as_ref()
        .map_or(0, |d| d.report.rows.len());
    match key.code {
        KeyCode::Esc => {
            app.screen = Screen::Dashboard;
            Vec::new()
        }
        KeyCode::Char('q') => quit(app),
        KeyCode::Char('p') => {
            open_profiles(app);
            Vec::new()
        }
        KeyCode::Enter => open_category(app),
        KeyCode::Char('c') => {
            app.calibration = None;
            app.screen = Screen::Calibration;
            vec![Effect::LoadCalibration { pack: app.pack }]
        }
        KeyCode::Char('s') => match selected_category(app) {
            Some(category) => quick_quiz(app, vec![category]),
            None => Vec::new(),
        },
        _ => {
            move_in(&mut app.gaps_cursor, rows, &key);
            Vec::new()
        }
    }
}

pub(crate) fn calibration_key(app: &mut App, key: KeyEvent) -> Vec<Effect> {
    match key.code {
        KeyCode::Esc | KeyCode::Backspace => {
            app.screen = Screen::Gaps;
            Vec::new()
        }
        KeyCode::Char('q') => quit(app),
        _ => {
            if let Some((_, scroll)) = app.calibration.as_mut() {
                if is_up(&key) {
                    *scroll = scroll.saturating_sub(1);
                } else if is_down(&key) {
                    *scroll = scroll.saturating_add(1);
                } else if key.code == KeyCode::PageUp {
                    *scroll = scroll.saturating_sub(PAGE);
                } else if key.code == KeyCode::PageDown {
                    *scroll = scroll.saturating_add(PAGE);
                }
            }
            Vec::new()
        }
    }
}

pub(crate) fn selected_category(app: &App) -> Option<String> {
    app.dashboard
        .data
        .as_ref()?
        .report
        .rows
        .get(app.gaps_cursor)
        .map(|r| r.mastery.category.clone())
}

pub(crate) fn open_category(app: &mut App) -> Vec<Effect> {
    let Some(category) = selected_category(app) else {
        return Vec::new();
    };
    app.category.category = category.clone();
    app.category.data = None;
    app.category.cursor = 0;
    app.screen = Screen::Category;
    vec![Effect::LoadCategory {
        pack: app.pack,
        category,
        profile: app.profile.clone(),
    }]
}

pub(crate) fn category_key(app: &mut App, key: KeyEvent) -> Vec<Effect> {
    let weakest = app.category.data.as_ref().map_or(0, |d| d.weakest.len());
    match key.code {
        KeyCode::Esc => {
            app.screen = Screen::Gaps;
            Vec::new()
        }
        KeyCode::Char('q') => quit(app),
        KeyCode::Char('p') => {
            open_profiles(app);
            Vec::new()
        }
        KeyCode::Char('s') | KeyCode::Enter => {
            let category = app.category.category.clone();
            quick_quiz(app, vec![category])
        }
        _ => {
            move_in(&mut app.category.cursor, weakest, &key);
            Vec::new()
        }
    }
}
