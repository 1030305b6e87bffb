//! The dashboard: its actions, the last sessions, and the quick quizzes it starts.

use super::overlays::*;
use super::quiz::*;
use crate::learning::ReviewMode;
use crate::pack::Pack;
use crate::quiz::{self, Filters, Item, Mode};
use crate::tui::app::{Action, App, DashFocus, Overlay, QuizStart, Screen};
use crate::tui::msg::Effect;
use crate::tui::setup::Setup;
use crate::tui::update::{QUICK_COUNT, move_in, quit};
use ratatui::crossterm::event::{KeyCode, KeyEvent};

pub(crate) fn dashboard_key(app: &mut App, key: KeyEvent) -> Vec<Effect> {
    let actions = app.actions();
    let sessions = app.dashboard.data.as_ref().map_or(0, |d| d.sessions.len());
    if let Some(action) = actions.iter().find(|a| KeyCode::Char(a.key()) == key.code) {
        return run_action(app, *action);
    }
    if let Some(d) = crate::tui::answer::digit(&key)
        && let Some(action) = actions.get(d)
    {
        return run_action(app, *action);
    }
    match key.code {
        KeyCode::Tab
        | KeyCode::BackTab
        | KeyCode::Left
        | KeyCode::Right
        | KeyCode::Char('h' | 'l') => {
            app.dashboard.focus = match app.dashboard.focus {
                DashFocus::Actions if sessions > 0 => DashFocus::Sessions,
                _ => DashFocus::Actions,
            };
            Vec::new()
        }
        KeyCode::Enter => match app.dashboard.focus {
            DashFocus::Actions => match actions.get(app.dashboard.action) {
                Some(action) => run_action(app, *action),
                None => Vec::new(),
            },
            DashFocus::Sessions => match app
                .dashboard
                .data
                .as_ref()
                .and_then(|d| d.sessions.get(app.dashboard.session))
            {
                Some(line) => vec![Effect::LoadSession {
                    id: line.id,
                    resume: false,
                }],
                None => Vec::new(),
            },
        },
        KeyCode::Esc => Vec::new(),
        _ => {
            match app.dashboard.focus {
                DashFocus::Actions => move_in(&mut app.dashboard.action, actions.len(), &key),
                DashFocus::Sessions => move_in(&mut app.dashboard.session, sessions, &key),
            };
            Vec::new()
        }
    }
}

pub(crate) fn run_action(app: &mut App, action: Action) -> Vec<Effect> {
    match action {
        Action::Start => {
            app.setup = Some(Setup::new(
                &app.packs,
                app.pack,
                app.profile.as_deref(),
                &[],
            ));
            app.screen = Screen::Setup;
            Vec::new()
        }
        Action::Review | Action::Due => vec![Effect::PlanReview {
            pack: app.pack,
            mode: if action == Action::Due {
                ReviewMode::Due
            } else {
                ReviewMode::Review
            },
            profile: app.profile.clone(),
            count: QUICK_COUNT,
            seed: seed_from(app.now_ms),
        }],
        Action::Resume => match app
            .dashboard
            .data
            .as_ref()
            .and_then(|d| d.unfinished.as_ref())
        {
            Some(line) => vec![Effect::LoadSession {
                id: line.id,
                resume: true,
            }],
            None => Vec::new(),
        },
        Action::Gaps => {
            app.screen = Screen::Gaps;
            Vec::new()
        }
        Action::History => {
            app.screen = Screen::History;
            vec![Effect::LoadHistory]
        }
        Action::Profile => {
            open_profiles(app);
            Vec::new()
        }
        Action::Pack => {
            app.overlay = Some(Overlay::Packs { cursor: app.pack });
            Vec::new()
        }
        Action::Quit => quit(app),
    }
}

/// A seed from the clock, for quizzes started without one ([`quiz::fresh_seed`]).
pub(crate) fn seed_from(now_ms: i64) -> u64 {
    quiz::fresh_seed(now_ms as u64 ^ 0x5EED_5EED)
}

/// A practice quiz of [`QUICK_COUNT`] questions of the dashboard's pack in `categories`
/// (all when empty).
pub(crate) fn quick_quiz(app: &mut App, categories: Vec<String>) -> Vec<Effect> {
    let filters = Filters {
        categories,
        ..Filters::default()
    };
    let seed = seed_from(app.now_ms);
    let items = plan_in(&app.packs, &[app.pack], &filters, QUICK_COUNT, seed);
    if items.is_empty() {
        app.notice = Some("no questions to ask".to_owned());
        return Vec::new();
    }
    let start = QuizStart {
        items,
        mode: Mode::Practice,
        seed,
        filters_json: serde_json::to_string(&filters).unwrap_or_default(),
        time_limit_secs: None,
        profile: app.profile.clone(),
        confidence: false,
    };
    begin_quiz(app, start)
}

/// [`quiz::plan`] over some of the packs, with item pack indices pointing into all of them.
pub(crate) fn plan_in(
    packs: &[Pack],
    chosen: &[usize],
    filters: &Filters,
    count: usize,
    seed: u64,
) -> Vec<Item> {
    let subset: Vec<Pack> = chosen
        .iter()
        .filter_map(|&i| packs.get(i).cloned())
        .collect();
    quiz::plan(&subset, filters, Some(count), seed)
        .into_iter()
        .filter_map(|mut item| {
            item.pack = *chosen.get(item.pack)?;
            Some(item)
        })
        .collect()
}
