//! The one state of the terminal app: which screen, what each screen holds, what is loaded.
//! Changed only by `update`; drawn by the views.

use super::answer::AnswerInput;
use super::data::{CategoryData, DashboardData, SessionLine};
use super::msg::Effect;
use super::setup::Setup;
use crate::pack::{Pack, Question};
use crate::quiz::{Item, Mode, Plan, Response, Session};
use crate::store::{AnswerRecord, PackRef, SessionId, SessionRecord};

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
    Confidence {
        response: Response,
        cursor: usize,
    },
    Error(String),
    /// Something worth knowing that went as it should (e.g. nothing is due for review).
    Info {
        title: String,
        text: String,
    },
}

/// A quiz on screen: the [`Session`] (every session rule lives there) and what the app
/// adds to show it: the stored id, the answer being typed, scrolling.
#[derive(Debug, Clone)]
pub struct Quiz {
    /// The stored session, once [`Effect::StartSession`] has been carried out.
    pub id: Option<SessionId>,
    /// References of the app's packs (same order), from the run loop.
    pub refs: Vec<PackRef>,
    pub session: Session,
    pub input: AnswerInput,
    /// Why the last submit was refused.
    pub hint: Option<String>,
    /// Lines scrolled off the top of the question or feedback.
    pub scroll: u16,
    pub summary_cursor: usize,
}

/// One question shown with an answer given to it.
#[derive(Debug, Clone)]
pub struct Review {
    pub pack: usize,
    pub question: usize,
    pub order: Vec<usize>,
    pub response: Response,
    pub score: f64,
    /// Position in its session and the session's length.
    pub number: (usize, usize),
    pub back: Screen,
    pub scroll: u16,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DashFocus {
    Actions,
    Sessions,
}

/// The dashboard's actions, in the order listed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
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

    /// Its key, from the dashboard's keymap.
    pub fn key(self) -> char {
        super::screens::dashboard::action_key(self)
    }
}

#[derive(Debug, Clone)]
pub struct Dashboard {
    pub data: Option<DashboardData>,
    pub focus: DashFocus,
    pub action: usize,
    pub session: usize,
}

#[derive(Debug, Clone, Default)]
pub struct History {
    pub sessions: Option<Vec<SessionLine>>,
    pub cursor: usize,
}

#[derive(Debug, Clone)]
pub struct SessionView {
    pub session: SessionRecord,
    pub answers: Vec<AnswerRecord>,
    pub cursor: usize,
}

#[derive(Debug, Clone, Default)]
pub struct CategoryView {
    pub category: String,
    pub data: Option<CategoryData>,
    pub cursor: usize,
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
    /// Ask how sure the learner is before each answer is revealed (`--confidence`).
    pub ask_confidence: bool,
    pub size: (u16, u16),
    pub now_ms: i64,
    pub screen: Screen,
    pub overlay: Option<Overlay>,
    pub dashboard: Dashboard,
    pub setup: Option<Setup>,
    pub quiz: Option<Quiz>,
    pub review: Option<Review>,
    pub gaps_cursor: usize,
    pub category: CategoryView,
    pub history: History,
    pub session_view: Option<SessionView>,
    /// The calibration view's text (already rendered by the core) and its scroll.
    pub calibration: Option<(String, u16)>,
    /// A short message shown in the key bar until the next key.
    pub notice: Option<String>,
    pub quit: bool,
}

/// How a quiz launched from the command line starts.
#[derive(Debug, Clone)]
pub struct QuizStart {
    pub items: Vec<Item>,
    pub mode: Mode,
    pub seed: u64,
    pub filters_json: String,
    pub time_limit_secs: Option<u64>,
    pub profile: Option<String>,
    /// Ask low / medium / high before each answer is revealed.
    pub confidence: bool,
}

impl App {
    fn blank(packs: Vec<Pack>, color: bool, now_ms: i64) -> App {
        App {
            packs,
            pack: 0,
            profile: None,
            color,
            ask_confidence: false,
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
        [
            Action::Start,
            Action::Review,
            Action::Due,
            Action::Resume,
            Action::Gaps,
            Action::History,
            Action::Profile,
            Action::Pack,
            Action::Quit,
        ]
        .into_iter()
        .filter(|a| *a != Action::Resume || resumable)
        .filter(|a| *a != Action::Pack || self.packs.len() > 1)
        .collect()
    }
}

impl Quiz {
    /// `session` on screen, its answer input ready for the current question.
    pub fn new(
        session: Session,
        id: Option<SessionId>,
        refs: Vec<PackRef>,
        packs: &[Pack],
    ) -> Quiz {
        let input = session
            .current()
            .and_then(|item| item.question(packs).map(|q| AnswerInput::new(q, item)))
            .unwrap_or(AnswerInput::TrueFalse { cursor: 0 });
        Quiz {
            id,
            refs,
            session,
            input,
            hint: None,
            scroll: 0,
            summary_cursor: 0,
        }
    }

    pub fn current(&self) -> Option<&Item> {
        self.session.current()
    }

    pub fn index(&self) -> usize {
        self.session.index()
    }

    pub fn answered(&self) -> usize {
        self.session.answered()
    }

    /// Whether leaving keeps the session to resume ([`Session::kept_when_left`]).
    pub fn kept_when_left(&self) -> bool {
        self.session.kept_when_left()
    }

    pub fn total_score(&self) -> f64 {
        self.session.total_score()
    }
}

impl From<Plan> for QuizStart {
    fn from(plan: Plan) -> QuizStart {
        QuizStart {
            items: plan.items,
            mode: plan.mode,
            seed: plan.seed,
            filters_json: plan.filters_json,
            time_limit_secs: plan.time_limit_ms.map(|ms| ms / 1000),
            profile: plan.profile,
            confidence: false,
        }
    }
}

impl QuizStart {
    pub fn plan(&self) -> Plan {
        Plan {
            items: self.items.clone(),
            mode: self.mode,
            seed: self.seed,
            filters_json: self.filters_json.clone(),
            time_limit_ms: self.time_limit_secs.map(|s| s.saturating_mul(1000)),
            profile: self.profile.clone(),
        }
    }
}
