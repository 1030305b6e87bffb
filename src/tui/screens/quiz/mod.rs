//! A quiz on screen: the question and practice feedback screens over one `quiz::Session`,
//! which holds every session rule; this module only shows it, reads keys, and turns each
//! answer the session gives out into an effect to save it. Also resuming a stored session.

mod answer_box;
mod progress_line;
pub mod view;

use super::keymap::{Binding, ENTER, ESC, Key, Keymap, PAGE_DOWN, PAGE_UP, RIGHT, SCROLL, ch};
use crate::pack::Pack;
use crate::quiz::{self, Answer, Confidence, Item, Mode, Plan, Response, Session};
use crate::store::{AnswerRecord, NewAnswer, PackRef, SessionId, SessionRecord};
use crate::tui::answer::{AnswerInput, Outcome};
use crate::tui::app::{App, Overlay, Screen};
use crate::tui::msg::{Effect, SessionPlan};
use crate::tui::update::{PAGE, keep_visible, scroll_doc, scroll_key};
use ratatui::crossterm::event::{KeyCode, KeyEvent};

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
    /// How sure the learner said they were of the Open answer on screen, asked before its
    /// model answer was shown.
    pub sure: Option<Confidence>,
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
    /// Picks the questions one at a time (placement); `items` then starts empty.
    pub picker: Option<quiz::Picker>,
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
            sure: None,
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
            picker: None,
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

/// Puts a planned quiz on screen at its first question and asks for its session.
pub fn begin_quiz(app: &mut App, start: QuizStart) -> Vec<Effect> {
    app.ask_confidence = start.confidence || app.confidence_setting;
    let plan = start.plan();
    let session = match start.picker {
        Some(picker) => Session::adaptive(plan, picker.0, &app.packs, app.now_ms),
        None => Session::new(plan, app.now_ms),
    };
    let asked = session.plan();
    let stored = SessionPlan {
        mode: asked.mode,
        seed: asked.seed,
        filters_json: asked.filters_json.clone(),
        packs: asked.pack_indices(),
        question_ids: asked.question_ids(&app.packs),
        time_limit_secs: start.time_limit_secs,
        profile: asked.profile.clone(),
        started_at_ms: app.now_ms,
    };
    app.quiz = Some(Quiz::new(session, None, Vec::new(), &app.packs));
    app.overlay = None;
    show_current(app);
    vec![Effect::StartSession(Box::new(stored))]
}

/// Shows the first unanswered question from the current one on, or the summary.
pub(crate) fn show_current(app: &mut App) -> Vec<Effect> {
    let now = app.now_ms;
    let Some(quiz) = app.quiz.as_mut() else {
        return Vec::new();
    };
    if !quiz.session.advance(now) {
        return finish_quiz(app);
    }
    quiz.scroll = 0;
    quiz.hint = None;
    quiz.sure = None;
    if let Some(item) = quiz.session.current()
        && let Some(question) = item.question(&app.packs)
    {
        quiz.input = AnswerInput::new(question, item);
    }
    app.screen = Screen::Question;
    Vec::new()
}

pub(crate) fn finish_quiz(app: &mut App) -> Vec<Effect> {
    app.screen = Screen::Summary;
    let Some(quiz) = app.quiz.as_mut() else {
        return Vec::new();
    };
    quiz.summary_cursor = 0;
    let mut effects: Vec<Effect> = quiz
        .id
        .map(|session| Effect::FinishSession {
            session,
            ended_at_ms: app.now_ms,
        })
        .into_iter()
        .collect();
    // Placement ends on the gap chart, redrawn with its answers.
    if let Some(decided) = quiz.session.progress_line() {
        let answered = quiz.session.answered();
        app.screen = Screen::Gaps;
        app.overlay = Some(Overlay::Info {
            title: "Placement over".to_owned(),
            text: format!(
                "{decided} after {answered} answers. Each category of the gap chart now says where you stand: above target, below target, or close to target: more answers needed. Review what you answered in History (H on the dashboard), where i marks a typed answer right that was marked wrong."
            ),
        });
        effects.push(Effect::LoadDashboard {
            pack: app.pack,
            profile: app.profile.clone(),
        });
    }
    effects
}

/// Gives `response` to the current question, saves it, and moves on (feedback first in
/// practice mode).
pub(crate) fn record(
    app: &mut App,
    response: Response,
    confidence: Option<Confidence>,
) -> Vec<Effect> {
    let now = app.now_ms;
    let Some(quiz) = app.quiz.as_mut() else {
        return Vec::new();
    };
    match quiz.session.answer(&app.packs, response, confidence, now) {
        Answer::Counted(given) => {
            let mut effects = save(app, &given);
            if app.quiz.as_ref().map(|q| q.session.mode()) == Some(Mode::Practice) {
                if let Some(quiz) = app.quiz.as_mut() {
                    quiz.scroll = 0;
                }
                app.screen = Screen::Feedback;
            } else {
                effects.extend(show_current(app));
            }
            effects
        }
        Answer::Late(given) => timed_out(app, &given),
        Answer::Nothing => Vec::new(),
    }
}

/// Asks for `given` to be committed to the stored session.
pub(crate) fn save(app: &mut App, given: &quiz::Given) -> Vec<Effect> {
    let Some(quiz) = app.quiz.as_ref() else {
        return Vec::new();
    };
    let Some(pack) = app.packs.get(given.item.pack) else {
        return Vec::new();
    };
    let Some(question) = pack.questions.get(given.item.question) else {
        return Vec::new();
    };
    let pack = quiz
        .refs
        .get(given.item.pack)
        .cloned()
        .unwrap_or_else(|| crate::store::pack_ref(pack));
    match quiz.id {
        Some(session) => vec![Effect::SaveAnswer(
            session,
            Box::new(NewAnswer::given(pack, question, given)),
        )],
        None => {
            app.notice = Some("this answer could not be saved: no session".to_owned());
            Vec::new()
        }
    }
}

/// Why an answer may not be marked right by the learner ("I was right"), or `None` when it
/// may: a typed answer, not right, not marked already. One rule for the quiz on screen and
/// a past session in History.
pub(crate) fn overrule_refused(
    response: Option<&Response>,
    overridden: bool,
    score: f64,
) -> Option<&'static str> {
    if overridden {
        Some("you marked this answer right already")
    } else if !response.is_some_and(Response::may_be_overruled) {
        Some("only a typed answer (short text or a number) can be marked right by you")
    } else if quiz::Verdict::is_right(score) {
        Some("this answer is right already")
    } else {
        None
    }
}

/// Whether the answer in slot `index` of the quiz on screen may still be marked right by the
/// learner (see [`Session::overrule`]).
pub(crate) fn overrulable(app: &App, index: usize) -> bool {
    app.quiz
        .as_ref()
        .and_then(|q| q.session.results().get(index)?.as_ref())
        .is_some_and(|a| overrule_refused(Some(&a.response), a.overridden, a.score).is_none())
}

/// "I was right" for the answer in slot `index` of the quiz on screen: the session counts
/// it as right and the store is asked to mark it; the notice says what happened (or why
/// not), so nothing changes silently.
pub(crate) fn overrule(app: &mut App, index: usize) -> Vec<Effect> {
    let Some(quiz) = app.quiz.as_mut() else {
        return Vec::new();
    };
    let answered = quiz.session.results().get(index).and_then(Option::as_ref);
    let why_not = match answered {
        None => Some("there is no answer to mark right here"),
        Some(a) => overrule_refused(Some(&a.response), a.overridden, a.score),
    };
    if let Some(why) = why_not {
        app.notice = Some(why.to_owned());
        return Vec::new();
    }
    let Some(overruled) = quiz.session.overrule(&app.packs, index) else {
        return Vec::new();
    };
    app.notice = Some(format!(
        "marked right by you (it was scored {:.2}): it counts as right in your score, gap chart and review plan, and history and exports show the mark",
        overruled.was
    ));
    match quiz.id {
        Some(session) => vec![Effect::Overrule {
            session,
            pack: overruled.pack,
            question_id: overruled.question_id,
        }],
        None => {
            app.notice = Some("this answer could not be marked right: no session".to_owned());
            Vec::new()
        }
    }
}

/// Time is up: the timed-out answers are saved and the summary shown.
pub(crate) fn timed_out(app: &mut App, given: &[quiz::Given]) -> Vec<Effect> {
    let mut effects: Vec<Effect> = given.iter().flat_map(|g| save(app, g)).collect();
    effects.extend(finish_quiz(app));
    app.notice = Some("time is up: the questions left score 0".to_owned());
    effects
}

pub(crate) fn submit(app: &mut App) -> Vec<Effect> {
    let Some(quiz) = app.quiz.as_mut() else {
        return Vec::new();
    };
    let Some(item) = quiz.session.current() else {
        return Vec::new();
    };
    let Some(question) = item.question(&app.packs) else {
        return Vec::new();
    };
    if quiz.input.awaits_rubric() {
        // How sure, asked before the model answer is shown: once it is seen, the answer
        // says nothing of the learner's own judgement.
        let written = quiz
            .input
            .open_text()
            .is_some_and(|text| !text.trim().is_empty());
        if app.ask_confidence && written {
            app.overlay = Some(Overlay::Confidence {
                response: None,
                cursor: 1,
            });
        } else {
            quiz.input.open_rubric(question);
        }
        return Vec::new();
    }
    match quiz.input.response(question, item) {
        Ok(response)
            if app.ask_confidence
                && response.is_answered()
                && !matches!(response, Response::Open { .. }) =>
        {
            app.overlay = Some(Overlay::Confidence {
                response: Some(response),
                cursor: 1,
            });
            Vec::new()
        }
        Ok(response) => {
            let sure = quiz.sure.take();
            record(app, response, sure)
        }
        Err(why) => {
            let why = why.to_string();
            quiz.input.set_error(why.clone());
            quiz.hint = Some(why);
            Vec::new()
        }
    }
}

/// How sure the learner is of the Open answer just written: kept for its score, and the
/// rubric (with the model answer) shown.
pub(crate) fn sure_before_rubric(app: &mut App, sure: Confidence) -> Vec<Effect> {
    let Some(quiz) = app.quiz.as_mut() else {
        return Vec::new();
    };
    let Some(question) = quiz.session.current().and_then(|i| i.question(&app.packs)) else {
        return Vec::new();
    };
    quiz.sure = Some(sure);
    quiz.input.open_rubric(question);
    Vec::new()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuestionAction {
    Skip,
    Scroll,
    Leave,
    /// Only when the answer does not take text (then `q` is typed).
    Quit,
}

/// The question screen's own keys; every other key goes to the answer being given
/// (`tui::answer`), whose keys the key bar and help list per kind of answer.
pub const QUESTION_KEYS: Keymap<QuestionAction> = Keymap(&[
    Binding {
        keys: &[Key::Ctrl('n')],
        shown: "Ctrl-N",
        bar: Some("skip"),
        help: "skip the question (scores 0)",
        action: QuestionAction::Skip,
    },
    Binding {
        keys: &[PAGE_UP, PAGE_DOWN],
        shown: "PgUp PgDn wheel",
        bar: None,
        help: "scroll a long question",
        action: QuestionAction::Scroll,
    },
    Binding {
        keys: &[ESC],
        shown: "Esc",
        bar: Some("leave"),
        help: "leave the quiz (asks first; answers are saved)",
        action: QuestionAction::Leave,
    },
    Binding {
        keys: &[ch('q')],
        shown: "q",
        bar: None,
        help: "quit (asks first)",
        action: QuestionAction::Quit,
    },
]);

pub(crate) fn question_key(app: &mut App, key: KeyEvent) -> Vec<Effect> {
    let typing = app.typing();
    match QUESTION_KEYS.action(&key) {
        Some(QuestionAction::Skip) => return record(app, Response::Skipped, None),
        Some(QuestionAction::Leave) => {
            app.overlay = Some(Overlay::ConfirmLeave { quit: false });
            return Vec::new();
        }
        Some(QuestionAction::Quit) if !typing => {
            app.overlay = Some(Overlay::ConfirmLeave { quit: true });
            return Vec::new();
        }
        Some(QuestionAction::Scroll) => {
            scroll_doc(app, key.code == KeyCode::PageUp, PAGE);
            return Vec::new();
        }
        Some(QuestionAction::Quit) | None => {}
    }
    let Some(quiz) = app.quiz.as_mut() else {
        return Vec::new();
    };
    let Some(question) = quiz.session.current().and_then(|i| i.question(&app.packs)) else {
        return Vec::new();
    };
    match quiz.input.key(&key, question) {
        Outcome::Submit => submit(app),
        Outcome::Changed => {
            quiz.hint = None;
            keep_visible(app);
            Vec::new()
        }
        Outcome::Ignored => Vec::new(),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FeedbackAction {
    Next,
    Overrule,
    Scroll,
    Leave,
    Quit,
}

pub const FEEDBACK_KEYS: Keymap<FeedbackAction> = Keymap(&[
    Binding {
        keys: &[ENTER, ch(' '), ch('n'), RIGHT],
        shown: "Enter Space →",
        bar: Some("continue"),
        help: "next question",
        action: FeedbackAction::Next,
    },
    Binding {
        keys: &[ch('i')],
        shown: "i",
        bar: Some("I was right"),
        help: "I was right: mark a typed answer marked wrong right (once; it then counts as right everywhere)",
        action: FeedbackAction::Overrule,
    },
    Binding {
        keys: &SCROLL,
        shown: "↑↓ PgUp PgDn",
        bar: Some("scroll"),
        help: "scroll",
        action: FeedbackAction::Scroll,
    },
    Binding {
        keys: &[ESC],
        shown: "Esc",
        bar: Some("leave"),
        help: "leave the quiz (asks first; answers are saved)",
        action: FeedbackAction::Leave,
    },
    Binding {
        keys: &[ch('q')],
        shown: "q",
        bar: Some("quit"),
        help: "quit (asks first)",
        action: FeedbackAction::Quit,
    },
]);

pub(crate) fn feedback_key(app: &mut App, key: KeyEvent) -> Vec<Effect> {
    match FEEDBACK_KEYS.action(&key) {
        Some(FeedbackAction::Next) => show_current(app),
        Some(FeedbackAction::Overrule) => {
            let index = app.quiz.as_ref().map_or(0, Quiz::index);
            overrule(app, index)
        }
        Some(FeedbackAction::Leave) => {
            app.overlay = Some(Overlay::ConfirmLeave { quit: false });
            Vec::new()
        }
        Some(FeedbackAction::Quit) => {
            app.overlay = Some(Overlay::ConfirmLeave { quit: true });
            Vec::new()
        }
        Some(FeedbackAction::Scroll) => {
            scroll_key(app, &key);
            Vec::new()
        }
        None => Vec::new(),
    }
}

/// Time passes for the quiz on screen: once its deadline is past, it times out.
pub(crate) fn check_deadline(app: &mut App) -> Vec<Effect> {
    let now = app.now_ms;
    if !matches!(app.screen, Screen::Question | Screen::Feedback) {
        return Vec::new();
    }
    let Some(quiz) = app.quiz.as_mut() else {
        return Vec::new();
    };
    match quiz.session.time_out_if_due(now) {
        Some(given) => timed_out(app, &given),
        None => Vec::new(),
    }
}

// ---------------------------------------------------------------------------------------
// Resume

/// A stored session resumed whole ([`quiz::session`] says how), at its first unanswered
/// question.
pub(crate) fn resume_quiz(
    app: &mut App,
    session: &SessionRecord,
    answers: &[AnswerRecord],
    refs: Vec<PackRef>,
    picker: Option<quiz::Picker>,
) -> Vec<Effect> {
    let mut resumed = session.resume(&app.packs, answers, app.now_ms);
    if let Some(picker) = picker {
        resumed.attach(picker.0, &app.packs, app.now_ms);
    }
    if resumed.items().is_empty() {
        app.overlay = Some(Overlay::Error(
            "This session's questions are not in the packs loaded now, so it cannot be resumed."
                .to_owned(),
        ));
        return Vec::new();
    }
    let missing = resumed.left_out();
    app.quiz = Some(Quiz::new(resumed, Some(session.id), refs, &app.packs));
    let mut effects = show_current(app);
    effects.extend(check_deadline(app));
    if missing > 0 {
        let gone: Vec<&str> = session
            .packs
            .iter()
            .filter(|r| !app.packs.iter().any(|p| p.meta.id == r.id))
            .map(|r| r.id.as_str())
            .collect();
        let packs = if gone.is_empty() {
            "they were removed from their pack".to_owned()
        } else {
            format!("their pack is not installed now ({})", gone.join(", "))
        };
        app.overlay = Some(Overlay::Info {
            title: "Part of this session is missing".to_owned(),
            text: format!(
                "{missing} of its {} questions are left out: {packs}. This resumed quiz asks and counts only the others; the history keeps every answer given.",
                session.question_ids.len()
            ),
        });
    }
    effects
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keymap_holds() {
        super::super::keymap::tests::check(FEEDBACK_KEYS);
        super::super::keymap::tests::check(QUESTION_KEYS);
    }
}
