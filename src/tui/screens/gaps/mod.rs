//! The gap chart, a category's drill-down, and the calibration view.

pub mod view;

use super::dashboard::quick_quiz;
use super::keymap::{
    BACKSPACE, Binding, DOWN, ENTER, ESC, Keymap, LIST, PAGE_DOWN, PAGE_UP, UP, ch,
};
use super::overlays::open_profiles;
use crate::tui::answer::{is_down, is_up};
use crate::tui::app::{App, Screen};
use crate::tui::data::CategoryData;
use crate::tui::msg::Effect;
use crate::tui::update::{PAGE, move_in, quit};
use ratatui::crossterm::event::{KeyCode, KeyEvent};

#[derive(Debug, Clone, Default)]
pub struct CategoryView {
    pub category: String,
    pub data: Option<CategoryData>,
    pub cursor: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GapsAction {
    Select,
    DrillDown,
    Quiz,
    Calibration,
    Profile,
    Back,
    Quit,
}

pub const GAPS_KEYS: Keymap<GapsAction> = Keymap(&[
    Binding {
        keys: &LIST,
        shown: "↑↓ j k",
        bar: Some("select"),
        help: "select a category",
        action: GapsAction::Select,
    },
    Binding {
        keys: &[ENTER],
        shown: "Enter",
        bar: Some("drill down"),
        help: "drill down: mastery over time, weakest questions",
        action: GapsAction::DrillDown,
    },
    Binding {
        keys: &[ch('s')],
        shown: "s",
        bar: Some("quiz on it"),
        help: "practice quiz on the category",
        action: GapsAction::Quiz,
    },
    Binding {
        keys: &[ch('c')],
        shown: "c",
        bar: Some("calibration"),
        help: "calibration: how often you are right when sure",
        action: GapsAction::Calibration,
    },
    Binding {
        keys: &[ch('p')],
        shown: "p",
        bar: Some("profile"),
        help: "choose the profile (targets)",
        action: GapsAction::Profile,
    },
    Binding {
        keys: &[ESC],
        shown: "Esc",
        bar: Some("back"),
        help: "back to the dashboard",
        action: GapsAction::Back,
    },
    Binding {
        keys: &[ch('q')],
        shown: "q",
        bar: None,
        help: "quit",
        action: GapsAction::Quit,
    },
]);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CategoryAction {
    Quiz,
    Move,
    Profile,
    Back,
    Quit,
}

pub const CATEGORY_KEYS: Keymap<CategoryAction> = Keymap(&[
    Binding {
        keys: &[ch('s'), ENTER],
        shown: "s Enter",
        bar: Some("quiz on this category"),
        help: "practice quiz on this category",
        action: CategoryAction::Quiz,
    },
    Binding {
        keys: &LIST,
        shown: "↑↓",
        bar: None,
        help: "move in the weakest questions",
        action: CategoryAction::Move,
    },
    Binding {
        keys: &[ch('p')],
        shown: "p",
        bar: Some("profile"),
        help: "choose the profile (targets)",
        action: CategoryAction::Profile,
    },
    Binding {
        keys: &[ESC],
        shown: "Esc",
        bar: Some("back"),
        help: "back to the gap chart",
        action: CategoryAction::Back,
    },
    Binding {
        keys: &[ch('q')],
        shown: "q",
        bar: Some("quit"),
        help: "quit",
        action: CategoryAction::Quit,
    },
]);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CalibrationAction {
    Scroll,
    Back,
    Quit,
}

pub const CALIBRATION_KEYS: Keymap<CalibrationAction> = Keymap(&[
    Binding {
        keys: &[UP, DOWN, ch('k'), ch('j'), PAGE_UP, PAGE_DOWN],
        shown: "↑↓ PgUp PgDn",
        bar: Some("scroll"),
        help: "scroll",
        action: CalibrationAction::Scroll,
    },
    Binding {
        keys: &[ESC, BACKSPACE],
        shown: "Esc",
        bar: Some("back"),
        help: "back to the gap chart",
        action: CalibrationAction::Back,
    },
    Binding {
        keys: &[ch('q')],
        shown: "q",
        bar: Some("quit"),
        help: "quit",
        action: CalibrationAction::Quit,
    },
]);

pub(crate) fn gaps_key(app: &mut App, key: KeyEvent) -> Vec<Effect> {
    let rows = app
        .dashboard
        .data
        .as_ref()
        .map_or(0, |d| d.report.rows.len());
    match GAPS_KEYS.action(&key) {
        Some(GapsAction::Back) => {
            app.screen = Screen::Dashboard;
            Vec::new()
        }
        Some(GapsAction::Quit) => quit(app),
        Some(GapsAction::Profile) => {
            open_profiles(app);
            Vec::new()
        }
        Some(GapsAction::DrillDown) => open_category(app),
        Some(GapsAction::Calibration) => {
            app.calibration = None;
            app.screen = Screen::Calibration;
            vec![Effect::LoadCalibration { pack: app.pack }]
        }
        Some(GapsAction::Quiz) => match selected_category(app) {
            Some(category) => quick_quiz(app, vec![category]),
            None => Vec::new(),
        },
        Some(GapsAction::Select) => {
            move_in(&mut app.gaps_cursor, rows, &key);
            Vec::new()
        }
        None => Vec::new(),
    }
}

pub(crate) fn calibration_key(app: &mut App, key: KeyEvent) -> Vec<Effect> {
    match CALIBRATION_KEYS.action(&key) {
        Some(CalibrationAction::Back) => {
            app.screen = Screen::Gaps;
            Vec::new()
        }
        Some(CalibrationAction::Quit) => quit(app),
        Some(CalibrationAction::Scroll) => {
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
        None => Vec::new(),
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
    match CATEGORY_KEYS.action(&key) {
        Some(CategoryAction::Back) => {
            app.screen = Screen::Gaps;
            Vec::new()
        }
        Some(CategoryAction::Quit) => quit(app),
        Some(CategoryAction::Profile) => {
            open_profiles(app);
            Vec::new()
        }
        Some(CategoryAction::Quiz) => {
            let category = app.category.category.clone();
            quick_quiz(app, vec![category])
        }
        Some(CategoryAction::Move) => {
            move_in(&mut app.category.cursor, weakest, &key);
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
        super::super::keymap::tests::check(GAPS_KEYS);
        super::super::keymap::tests::check(CATEGORY_KEYS);
        super::super::keymap::tests::check(CALIBRATION_KEYS);
    }
}
