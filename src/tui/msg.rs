//! The messages the app reacts to (input, time, results of effects) and the effects it asks
//! the run loop to carry out (store calls, quitting). Plain data, no behaviour.

use super::data::{CategoryData, DashboardData, SessionLine};
use crate::learning::ReviewMode;
use crate::quiz::{Item, Mode};
use crate::store::{AnswerRecord, NewAnswer, PackRef, SessionId, SessionRecord};
use ratatui::crossterm::event::{KeyEvent, MouseEvent};

/// Something that happened: a key, the mouse, the clock, or the result of an effect.
#[derive(Debug, Clone)]
pub enum Msg {
    /// The time now, in unix milliseconds. Sent before every input and a few times a second.
    Tick(i64),
    Key(KeyEvent),
    Mouse(MouseEvent),
    /// The terminal's size in columns and rows.
    Resize(u16, u16),
    /// Text pasted into the terminal (bracketed paste), delivered whole.
    Paste(String),
    /// The session asked for by [`Effect::StartSession`] is stored under `id`; `packs` are
    /// the references of every loaded pack, in the app's pack order.
    SessionStarted {
        id: SessionId,
        packs: Vec<PackRef>,
    },
    DashboardLoaded(Box<DashboardData>),
    HistoryLoaded(Vec<SessionLine>),
    /// One past session and its answers, for viewing (`resume: false`) or resuming.
    SessionLoaded {
        session: Box<SessionRecord>,
        answers: Vec<AnswerRecord>,
        resume: bool,
        /// References of every loaded pack, as for `SessionStarted`.
        packs: Vec<PackRef>,
        /// A placement session's picker, to go on picking its questions.
        picker: Option<crate::quiz::Picker>,
    },
    CategoryLoaded(Box<CategoryData>),
    CalibrationLoaded(String),
    /// The plan asked for by [`Effect::PlanReview`]: its items (empty: nothing to ask) and
    /// what to say when there is nothing.
    ReviewPlanned {
        mode: ReviewMode,
        seed: u64,
        items: Vec<Item>,
        /// How many questions are due in all (more than `items` when the count caps them).
        due: usize,
        nothing: String,
    },
    /// The placement asked for by [`Effect::PlanPlacement`], ready to start.
    PlacementPlanned {
        seed: u64,
        /// The profile it places against (the one rule's pick).
        profile: Option<String>,
        filters_json: String,
        picker: crate::quiz::Picker,
    },
    /// An effect failed; the text says what happened and what to do.
    Failed(String),
    /// The app is ending other than by quitting (a signal, the terminal closed, an error):
    /// the effects it answers with are the last to be carried out.
    Stop,
}

/// What a new session is: the run loop adds the pack references and stores it.
#[derive(Debug, Clone, PartialEq)]
pub struct SessionPlan {
    pub mode: Mode,
    pub seed: u64,
    pub filters_json: String,
    /// Indices of the app's packs the session draws from.
    pub packs: Vec<usize>,
    pub question_ids: Vec<String>,
    pub time_limit_secs: Option<u64>,
    pub profile: Option<String>,
    pub started_at_ms: i64,
}

/// Work with side effects, done by the run loop, which answers with a [`Msg`].
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Store a new session; answered by [`Msg::SessionStarted`].
    StartSession(Box<SessionPlan>),
    /// Commit one answer now, before the next key is handled.
    SaveAnswer(SessionId, Box<NewAnswer>),
    /// "I was right": mark the stored answer to `question_id` (of the app's pack `pack`) in
    /// `session` right (see `Store::overrule`).
    Overrule {
        session: SessionId,
        pack: usize,
        question_id: String,
    },
    FinishSession {
        session: SessionId,
        ended_at_ms: i64,
    },
    /// Remove a session left before its first answer (the store keeps it if it has one).
    DiscardSession(SessionId),
    /// Gap report, last sessions and the unfinished one for pack `pack` and `profile` (none:
    /// the one profile rule of `crate::service::profile` decides).
    LoadDashboard {
        pack: usize,
        profile: Option<String>,
    },
    LoadHistory,
    /// The calibration view of pack `pack`; answered by [`Msg::CalibrationLoaded`].
    LoadCalibration {
        pack: usize,
    },
    /// Set (or with `None` clear) the exam date of `profile` in pack `pack`.
    SaveExamDate {
        pack: usize,
        profile: String,
        date: Option<crate::learning::CalendarDate>,
    },
    /// Remember `profile` as the one chosen for pack `pack` (as `skillgap profile set` does).
    SaveProfile {
        pack: usize,
        profile: String,
    },
    /// Remember whether to ask how sure the learner is (the setting `skillgap profile set
    /// --confidence on|off` keeps).
    SaveAskConfidence(bool),
    /// Remember pack `pack` as the one the dashboard shows at the next start.
    SaveDashboardPack {
        pack: usize,
    },
    /// A review (or due-only) session of the dashboard's pack, planned from the store;
    /// answered by [`Msg::ReviewPlanned`].
    PlanReview {
        pack: usize,
        mode: ReviewMode,
        profile: Option<String>,
        count: usize,
        seed: u64,
    },
    LoadSession {
        id: SessionId,
        resume: bool,
    },
    /// A placement of pack `pack` (profile: the one rule's pick from `profile`); answered by
    /// [`Msg::PlacementPlanned`].
    PlanPlacement {
        pack: usize,
        profile: Option<String>,
        seed: u64,
    },
    LoadCategory {
        pack: usize,
        category: String,
        profile: Option<String>,
    },
    Quit,
}
