//! The dashboard: its actions, the last sessions, and the quick quizzes it starts.

pub mod view;

use super::forecast::open_forecast;
use super::keymap::{
    BACK_TAB, Binding, DIGITS_FROM_ZERO, DOWN, END, ENTER, HOME, Key, Keymap, LEFT, PAGE_DOWN,
    PAGE_UP, RIGHT, TAB, UP, bind, ch,
};
use super::overlays::open_profiles;
use super::quiz::begin_quiz;
use crate::learning::ReviewMode;
use crate::pack::Pack;
use crate::quiz::{self, Filters, Item, Mode};
use crate::tui::app::{App, Overlay, QuizStart, Screen};
use crate::tui::data::DashboardData;
use crate::tui::msg::Effect;
use crate::tui::screens::setup::Setup;
use crate::tui::update::{QUICK_COUNT, move_in, quit};
use ratatui::crossterm::event::{KeyCode, KeyEvent};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DashFocus {
    Actions,
    Sessions,
}

/// The dashboard's actions, in the order listed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Placement: find your gaps (offered while a target has no verdict).
    Place,
    Start,
    Review,
    Due,
    Resume,
    Gaps,
    History,
    Profile,
    Pack,
    Quit,
}

impl Action {
    pub fn label(self) -> &'static str {
        match self {
            Action::Place => "Find your gaps",
            Action::Start => "Start a quiz",
            Action::Review => "Review: due first, then gaps",
            Action::Due => "Only what is due",
            Action::Resume => "Resume unfinished session",
            Action::Gaps => "Gap chart",
            Action::History => "History",
            Action::Profile => "Switch profile",
            Action::Pack => "Switch pack",
            Action::Quit => "Quit",
        }
    }

    /// Its number on the dashboard, fixed so that numbers never shift when an action that
    /// is offered only sometimes (resume, switch pack) comes or goes. Quit has `q`.
    pub fn number(self) -> Option<usize> {
        match self {
            Action::Resume => Some(0),
            Action::Start => Some(1),
            Action::Review => Some(2),
            Action::Due => Some(3),
            Action::Gaps => Some(4),
            Action::History => Some(5),
            Action::Profile => Some(6),
            Action::Pack => Some(7),
            Action::Place => Some(8),
            Action::Quit => None,
        }
    }

    /// Its key, from the dashboard's keymap.
    pub fn key(self) -> char {
        action_key(self)
    }
}

#[derive(Debug, Clone)]
pub struct Dashboard {
    pub data: Option<DashboardData>,
    pub focus: DashFocus,
    pub action: usize,
    pub session: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DashboardAction {
    Move,
    Focus,
    Open,
    /// The action numbered by the digit pressed.
    Numbered,
    /// The exam-date forecast: which categories are on track.
    Forecast,
    Run(Action),
}

const fn run(
    keys: &'static [Key],
    shown: &'static str,
    bar: Option<&'static str>,
    help: &'static str,
    action: Action,
) -> Binding<DashboardAction> {
    bind(keys, shown, bar, help, DashboardAction::Run(action))
}

/// The dashboard's keys; an action's key here is also the key its row shows
/// ([`Action::key`]).
pub const DASHBOARD_KEYS: Keymap<DashboardAction> = Keymap(&[
    Binding {
        // Not `g`: on the dashboard it opens the gap chart.
        keys: &[
            UP,
            DOWN,
            ch('k'),
            ch('j'),
            HOME,
            END,
            ch('G'),
            PAGE_UP,
            PAGE_DOWN,
        ],
        shown: "↑↓ j k",
        bar: Some("move"),
        help: "move in the focused list",
        action: DashboardAction::Move,
    },
    Binding {
        keys: &[TAB, BACK_TAB, LEFT, RIGHT, ch('h'), ch('l')],
        shown: "Tab ←→ h l",
        bar: None,
        help: "switch between actions and last sessions",
        action: DashboardAction::Focus,
    },
    Binding {
        keys: &[ENTER],
        shown: "Enter",
        bar: Some("open"),
        help: "run the action / open the session",
        action: DashboardAction::Open,
    },
    Binding {
        keys: &DIGITS_FROM_ZERO,
        shown: "0-9",
        bar: None,
        help: "run the numbered action",
        action: DashboardAction::Numbered,
    },
    run(
        &[ch('F')],
        "F",
        None,
        "find your gaps: placement, until each target has a verdict",
        Action::Place,
    ),
    run(
        &[ch('s')],
        "s",
        Some("quiz"),
        "start a quiz (setup)",
        Action::Start,
    ),
    run(
        &[ch('r')],
        "r",
        None,
        "review: what is due first, then your largest gaps",
        Action::Review,
    ),
    run(
        &[ch('d')],
        "d",
        None,
        "only the questions due for review",
        Action::Due,
    ),
    run(
        &[ch('c')],
        "c",
        None,
        "continue the unfinished session",
        Action::Resume,
    ),
    run(
        &[ch('g')],
        "g",
        Some("gaps"),
        "full gap chart",
        Action::Gaps,
    ),
    run(&[ch('H')], "H", Some("history"), "history", Action::History),
    run(
        &[ch('p')],
        "p",
        None,
        "switch profile (e in it: exam date)",
        Action::Profile,
    ),
    run(
        &[ch('P')],
        "P",
        None,
        "switch pack (when more than one is installed)",
        Action::Pack,
    ),
    Binding {
        keys: &[ch('f')],
        shown: "f",
        bar: Some("forecast"),
        help: "forecast for the exam date: which categories are on track",
        action: DashboardAction::Forecast,
    },
    run(&[ch('q')], "q", Some("quit"), "quit", Action::Quit),
]);

/// The key that runs `action` on the dashboard, from its keymap.
pub fn action_key(action: Action) -> char {
    DASHBOARD_KEYS
        .0
        .iter()
        .find(|b| b.action == DashboardAction::Run(action))
        .and_then(|b| match b.keys.first() {
            Some(Key::Code(KeyCode::Char(c))) => Some(*c),
            _ => None,
        })
        .unwrap_or(' ')
}

pub(crate) fn dashboard_key(app: &mut App, key: KeyEvent) -> Vec<Effect> {
    let actions = app.actions();
    let sessions = app.dashboard.data.as_ref().map_or(0, |d| d.sessions.len());
    match DASHBOARD_KEYS.action(&key) {
        // Resume and switching pack are offered only when they apply.
        Some(DashboardAction::Run(action)) if actions.contains(&action) => run_action(app, action),
        Some(DashboardAction::Run(_)) => Vec::new(),
        Some(DashboardAction::Numbered) => {
            let number = match key.code {
                KeyCode::Char(c) => c.to_digit(10).map(|d| d as usize),
                _ => None,
            };
            match actions
                .iter()
                .find(|a| a.number().is_some() && a.number() == number)
            {
                Some(action) => run_action(app, *action),
                None => Vec::new(),
            }
        }
        Some(DashboardAction::Focus) => {
            app.dashboard.focus = match app.dashboard.focus {
                DashFocus::Actions if sessions > 0 => DashFocus::Sessions,
                _ => DashFocus::Actions,
            };
            Vec::new()
        }
        Some(DashboardAction::Open) => match app.dashboard.focus {
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
        Some(DashboardAction::Forecast) => open_forecast(app),
        Some(DashboardAction::Move) => {
            match app.dashboard.focus {
                DashFocus::Actions => move_in(&mut app.dashboard.action, actions.len(), &key),
                DashFocus::Sessions => move_in(&mut app.dashboard.session, sessions, &key),
            };
            Vec::new()
        }
        None => Vec::new(),
    }
}

pub(crate) fn run_action(app: &mut App, action: Action) -> Vec<Effect> {
    match action {
        Action::Place => vec![Effect::PlanPlacement {
            pack: app.pack,
            profile: app.profile.clone(),
            seed: seed_from(app.now_ms),
        }],
        Action::Start => {
            app.setup = Some(Setup::for_app(app));
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
        picker: None,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keymap_holds_and_gives_each_action_its_key() {
        super::super::keymap::tests::check(DASHBOARD_KEYS);
        assert_eq!(action_key(Action::Start), 's');
        assert_eq!(action_key(Action::History), 'H');
        assert_eq!(action_key(Action::Quit), 'q');
    }
}
