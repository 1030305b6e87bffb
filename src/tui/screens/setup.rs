//! The quiz setup screen's keys (its state and editing are `tui::setup`), and starting the
//! quiz it describes.

use super::dashboard::*;
use super::quiz::*;
use crate::tui::app::{App, QuizStart, Screen};
use crate::tui::msg::Effect;
use crate::tui::setup::SetupOutcome;
use crate::tui::update::quit;
use ratatui::crossterm::event::{KeyCode, KeyEvent};

pub(crate) fn setup_key(app: &mut App, key: KeyEvent) -> Vec<Effect> {
    if key.code == KeyCode::Esc {
        app.screen = Screen::Dashboard;
        return Vec::new();
    }
    if key.code == KeyCode::Char('q') {
        return quit(app);
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
    };
    begin_quiz(app, start)
}
