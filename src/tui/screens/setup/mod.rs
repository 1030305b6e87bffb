//! The quiz setup screen's keys (its state and editing are `tui::setup`), and starting the
//! quiz it describes.

pub mod view;

use super::dashboard::{plan_in, seed_from};
use super::keymap::{
    BACK_TAB, BACKSPACE, Binding, DIGITS, DOWN, ENTER, ESC, Keymap, LEFT, RIGHT, TAB, UP, ch,
};
use super::quiz::begin_quiz;
use crate::tui::app::{App, QuizStart, Screen};
use crate::tui::msg::Effect;
use crate::tui::setup::SetupOutcome;
use crate::tui::update::quit;
use ratatui::crossterm::event::KeyEvent;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SetupAction {
    /// Handed to the setup form ([`crate::tui::setup::Setup::key`]).
    Edit,
    Back,
    Quit,
}

const NUMBER_KEYS: [crate::tui::screens::keymap::Key; 11] = [
    ch('0'),
    ch('1'),
    ch('2'),
    ch('3'),
    ch('4'),
    ch('5'),
    ch('6'),
    ch('7'),
    ch('8'),
    ch('9'),
    BACKSPACE,
];

pub const SETUP_KEYS: Keymap<SetupAction> = Keymap(&[
    Binding {
        keys: &[TAB, BACK_TAB],
        shown: "Tab Shift-Tab",
        bar: Some("section"),
        help: "next / previous section",
        action: SetupAction::Edit,
    },
    Binding {
        keys: &[UP, DOWN, ch('k'), ch('j')],
        shown: "↑↓ j k",
        bar: Some("move"),
        help: "move",
        action: SetupAction::Edit,
    },
    Binding {
        keys: &[LEFT, RIGHT, ch('h'), ch('l'), ch('-'), ch('+')],
        shown: "←→ h l - +",
        bar: Some("change"),
        help: "change the setting",
        action: SetupAction::Edit,
    },
    Binding {
        keys: &[ch(' ')],
        shown: "Space",
        bar: Some("tick"),
        help: "tick a pack, category or kind / change the setting",
        action: SetupAction::Edit,
    },
    Binding {
        keys: &NUMBER_KEYS,
        shown: "0-9 Backspace",
        bar: None,
        help: "type the number of questions or the seed",
        action: SetupAction::Edit,
    },
    Binding {
        keys: &[ch('a')],
        shown: "a",
        bar: None,
        help: "tick all / none of the list",
        action: SetupAction::Edit,
    },
    Binding {
        keys: &DIGITS,
        shown: "1-9",
        bar: None,
        help: "tick that row of the list",
        action: SetupAction::Edit,
    },
    Binding {
        keys: &[ENTER],
        shown: "Enter",
        bar: Some("start"),
        help: "start the quiz",
        action: SetupAction::Edit,
    },
    Binding {
        keys: &[ESC],
        shown: "Esc",
        bar: Some("back"),
        help: "back to the dashboard",
        action: SetupAction::Back,
    },
    Binding {
        keys: &[ch('q')],
        shown: "q",
        bar: None,
        help: "quit",
        action: SetupAction::Quit,
    },
]);

pub(crate) fn setup_key(app: &mut App, key: KeyEvent) -> Vec<Effect> {
    match SETUP_KEYS.action(&key) {
        Some(SetupAction::Back) => {
            app.screen = Screen::Dashboard;
            return Vec::new();
        }
        Some(SetupAction::Quit) => return quit(app),
        // Keys not listed are the form's too (it ignores what it does not use).
        Some(SetupAction::Edit) | None => {}
    }
    let Some(setup) = app.setup.as_mut() else {
        return Vec::new();
    };
    let outcome = setup.key(&key);
    setup.refresh_categories(&app.packs);
    match outcome {
        SetupOutcome::Start => start_from_setup(app),
        _ => Vec::new(),
    }
}

pub(crate) fn start_from_setup(app: &mut App) -> Vec<Effect> {
    let Some(setup) = app.setup.clone() else {
        return Vec::new();
    };
    let chosen = setup.pack_indices();
    if chosen.is_empty() {
        app.notice = Some("tick at least one pack".to_owned());
        return Vec::new();
    }
    let filters = setup.filters();
    let seed = setup
        .seed
        .parse::<u64>()
        .unwrap_or_else(|_| seed_from(app.now_ms));
    let items = plan_in(
        &app.packs,
        &chosen,
        &filters,
        setup.count.max(1) as usize,
        seed,
    );
    if items.is_empty() {
        app.notice = Some("no question matches: widen the filters".to_owned());
        return Vec::new();
    }
    let start = QuizStart {
        items,
        mode: setup.mode,
        seed,
        filters_json: serde_json::to_string(&filters).unwrap_or_default(),
        time_limit_secs: setup.time_limit_secs(),
        profile: setup.profile_id(),
        confidence: false,
        picker: None,
    };
    begin_quiz(app, start)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keymap_holds() {
        super::super::keymap::tests::check(SETUP_KEYS);
    }
}
