//! The one state of the terminal app: which screen, the screens' states (each defined with
//! its screen in `tui::screens`), the dialog open, what is loaded. Changed only by
//! `update`; drawn by the views.

use super::msg::Effect;
use super::screens::setup::Setup;
use crate::learning::placement::PlacementConfig;
use crate::pack::{Pack, Question};
use crate::quiz::Response;
use crate::service::placement::PlacementOffer;

// Each screen's state lives with the screen; named here too, where the app holds it.
pub use super::screens::dashboard::{Action, DashFocus, Dashboard};
pub use super::screens::gaps::CategoryView;
pub use super::screens::history::{History, SessionView};
pub use super::screens::quiz::{Quiz, QuizStart};
pub use super::screens::summary::Review;

/// Below this size the app asks for a larger terminal instead of drawing a screen.
pub const MIN_WIDTH: u16 = 40;
pub const MIN_HEIGHT: u16 = 12;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Dashboard,
    Setup,
    /// A question being answered.
    Question,
    /// Practice mode: the verdict on the answer just given.
    Feedback,
    Summary,
    /// One answered question with its feedback, from the summary or a past session.
    Review,
    Gaps,
    /// Per category: mastery now, predicted on the exam date, target, on track or not.
    Forecast,
    Category,
    History,
    /// One past session's answers.
    Session,
    /// How often the learner is right when sure, per category (from the gap chart).
    Calibration,
}

/// Dialogs drawn over a screen; they take the keys while open.
#[derive(Debug, Clone, PartialEq)]
pub enum Overlay {
    Help,
    /// Leaving a quiz: `quit` leaves the app, else back to the dashboard.
    ConfirmLeave {
        quit: bool,
    },
    Profiles {
        cursor: usize,
    },
    /// Choosing which loaded pack the dashboard, gap chart and review are about.
    Packs {
        cursor: usize,
    },
    /// Typing the exam date of the current profile (`YYYY-MM-DD`; empty clears it).
    ExamDate {
        text: String,
        error: Option<String>,
    },
    /// How sure the learner is, asked after an answer is given and before it is revealed.
    /// `None`: an Open answer, asked before its model answer and rubric are shown.
    Confidence {
        response: Option<Response>,
        cursor: usize,
    },
    Error(String),
    /// Something worth knowing that went as it should (e.g. nothing is due for review).
    Info {
        title: String,
        text: String,
    },
}

/// The whole state of the app.
#[derive(Debug, Clone)]
pub struct App {
    /// Packs loaded before the app started; never parsed here.
    pub packs: Vec<Pack>,
    /// The pack the dashboard and gap chart are about.
    pub pack: usize,
    /// Profile chosen for the gap chart (none: decided when the dashboard loads).
    pub profile: Option<String>,
    /// Colour allowed (a terminal without `NO_COLOR`).
    pub color: bool,
    /// Ask how sure the learner is before each answer of the quiz on screen is revealed
    /// (`--confidence`, the setting, or the setup form).
    pub ask_confidence: bool,
    /// The stored setting (`skillgap profile set --confidence on|off`), which the setup form
    /// starts from and changes.
    pub confidence_setting: bool,
    pub size: (u16, u16),
    pub now_ms: i64,
    pub screen: Screen,
    pub overlay: Option<Overlay>,
    pub dashboard: Dashboard,
    pub setup: Option<Setup>,
    pub quiz: Option<Quiz>,
    pub review: Option<Review>,
    pub gaps_cursor: usize,
    pub forecast_cursor: usize,
    pub category: CategoryView,
    pub history: History,
    pub session_view: Option<SessionView>,
    /// The calibration view's text (already rendered by the core) and its scroll.
    pub calibration: Option<(String, u16)>,
    /// A short message shown in the key bar until the next key.
    pub notice: Option<String>,
    pub quit: bool,
}

impl App {
    fn blank(packs: Vec<Pack>, color: bool, now_ms: i64) -> App {
        App {
            packs,
            pack: 0,
            profile: None,
            color,
            ask_confidence: false,
            confidence_setting: false,
            size: (80, 24),
            now_ms,
            screen: Screen::Dashboard,
            overlay: None,
            dashboard: Dashboard {
                data: None,
                focus: DashFocus::Actions,
                action: 0,
                session: 0,
            },
            setup: None,
            quiz: None,
            review: None,
            gaps_cursor: 0,
            forecast_cursor: 0,
            category: CategoryView::default(),
            history: History::default(),
            session_view: None,
            calibration: None,
            notice: None,
            quit: false,
        }
    }

    /// The app opening on the dashboard (`skillgap` with no arguments).
    pub fn dashboard(packs: Vec<Pack>, color: bool, now_ms: i64) -> (App, Vec<Effect>) {
        App::dashboard_of(packs, 0, color, now_ms)
    }

    /// The dashboard of `packs[pack]` (the first pack when out of range).
    pub fn dashboard_of(
        packs: Vec<Pack>,
        pack: usize,
        color: bool,
        now_ms: i64,
    ) -> (App, Vec<Effect>) {
        let mut app = App::blank(packs, color, now_ms);
        app.pack = if pack < app.packs.len() { pack } else { 0 };
        let effects = vec![Effect::LoadDashboard {
            pack: app.pack,
            profile: None,
        }];
        (app, effects)
    }

    /// The app opening straight on the first question of a planned quiz.
    pub fn quiz(
        packs: Vec<Pack>,
        start: QuizStart,
        color: bool,
        now_ms: i64,
    ) -> (App, Vec<Effect>) {
        let mut app = App::blank(packs, color, now_ms);
        app.profile = start.profile.clone();
        let effects = super::update::begin_quiz(&mut app, start);
        (app, effects)
    }

    pub fn question(&self, pack: usize, question: usize) -> Option<&Question> {
        self.packs.get(pack)?.questions.get(question)
    }

    pub fn category_title<'a>(&'a self, id: &'a str) -> &'a str {
        self.packs
            .iter()
            .find_map(|p| p.category(id))
            .map_or(id, |c| c.title.as_str())
    }

    /// Whether keys currently go into a text field.
    pub fn typing(&self) -> bool {
        self.overlay.is_none()
            && match self.screen {
                Screen::Question => self.quiz.as_ref().is_some_and(|q| q.input.takes_text()),
                Screen::Setup => self.setup.as_ref().is_some_and(Setup::typing),
                _ => false,
            }
    }

    /// Whether the terminal is large enough to draw screens.
    pub fn big_enough(&self) -> bool {
        self.size.0 >= MIN_WIDTH && self.size.1 >= MIN_HEIGHT
    }

    /// The dashboard's actions: resume only when a session is unfinished.
    pub fn actions(&self) -> Vec<Action> {
        let resumable = self
            .dashboard
            .data
            .as_ref()
            .is_some_and(|d| d.unfinished.is_some());
        let offer = self.dashboard.data.as_ref().and_then(|d| {
            let config = PlacementConfig::default();
            PlacementOffer::of(&d.report.rows, &config)
                .map(|_| PlacementOffer::first(&d.report.rows, &config))
        });
        let mut actions = vec![
            Action::Resume,
            Action::Start,
            Action::Review,
            Action::Due,
            Action::Gaps,
            Action::History,
            Action::Profile,
            Action::Pack,
            Action::Quit,
        ];
        // Placement is the first offer while the pack has few answers, else after review.
        match offer {
            Some(true) => actions.insert(1, Action::Place),
            Some(false) => actions.insert(4, Action::Place),
            None => {}
        }
        actions
            .into_iter()
            .filter(|a| *a != Action::Resume || resumable)
            .filter(|a| *a != Action::Pack || self.packs.len() > 1)
            .collect()
    }
}
