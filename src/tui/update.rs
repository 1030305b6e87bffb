//! `update`: how each message changes the app, and which effects it asks for. No I/O: the
//! clock comes in as `Msg::Tick`, store results as messages, and work with side effects goes
//! out as [`Effect`]s for the run loop.

use super::answer::{AnswerInput, Outcome, is_down, is_up};
use super::app::{Action, App, DashFocus, Overlay, Quiz, QuizStart, Review, Screen, SessionView};
use super::msg::{Effect, Msg, SessionPlan};
use super::setup::{Setup, SetupOutcome};
use super::view::{self, Hit};
use crate::learning::ReviewMode;
use crate::pack::Pack;
use crate::quiz::{self, Answered, Confidence, Filters, Item, Mode, Response};
use crate::store::{AnswerRecord, PackRef, SessionRecord, SessionStatus};
use ratatui::crossterm::event::{
    KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};

/// Questions in a quiz started from the dashboard's review or a category.
pub const QUICK_COUNT: usize = 10;
/// Lines a page key or the mouse wheel scrolls.
const PAGE: u16 = 5;

/// Applies one message; returns the effects to carry out, in order.
pub fn update(app: &mut App, msg: Msg) -> Vec<Effect> {
    match msg {
        Msg::Tick(now) => {
            app.now_ms = now;
            check_deadline(app)
        }
        Msg::Resize(width, height) => {
            app.size = (width, height);
            Vec::new()
        }
        Msg::Stop => drop_if_unanswered(app),
        Msg::Paste(text) => {
            if app.overlay.is_none()
                && app.screen == Screen::Question
                && let Some(quiz) = app.quiz.as_mut()
                && quiz.input.paste(&text) == Outcome::Changed
            {
                quiz.hint = None;
            }
            Vec::new()
        }
        Msg::Key(key) => {
            if key.kind == KeyEventKind::Release {
                return Vec::new();
            }
            app.notice = None;
            on_key(app, key)
        }
        Msg::Mouse(mouse) => on_mouse(app, mouse),
        Msg::SessionStarted { id, packs } => {
            if let Some(quiz) = app.quiz.as_mut() {
                quiz.session = Some(id);
                quiz.refs = packs;
            }
            Vec::new()
        }
        Msg::DashboardLoaded(data) => {
            app.profile = data.report.profile.as_ref().map(|(id, _)| id.clone());
            let rows = data.report.rows.len();
            app.dashboard.data = Some(*data);
            app.gaps_cursor = app.gaps_cursor.min(rows.saturating_sub(1));
            let actions = app.actions().len();
            app.dashboard.action = app.dashboard.action.min(actions.saturating_sub(1));
            Vec::new()
        }
        Msg::HistoryLoaded(sessions) => {
            app.history.cursor = app.history.cursor.min(sessions.len().saturating_sub(1));
            app.history.sessions = Some(sessions);
            Vec::new()
        }
        Msg::SessionLoaded {
            session,
            answers,
            resume,
            packs,
        } => {
            if resume {
                resume_quiz(app, &session, &answers, packs)
            } else {
                app.session_view = Some(SessionView {
                    session: *session,
                    answers,
                    cursor: 0,
                });
                app.screen = Screen::Session;
                Vec::new()
            }
        }
        Msg::ReviewPlanned {
            mode,
            seed,
            items,
            nothing,
        } => {
            if items.is_empty() {
                app.overlay = Some(Overlay::Info {
                    title: "Nothing to review".to_owned(),
                    text: nothing,
                });
                return Vec::new();
            }
            let start = QuizStart {
                items,
                mode: Mode::Practice,
                seed,
                filters_json: quiz::SessionKind::from(mode).filters_json(&Filters::default()),
                time_limit_secs: None,
                profile: app.profile.clone(),
                confidence: false,
            };
            begin_quiz(app, start)
        }
        Msg::CalibrationLoaded(text) => {
            app.calibration = Some((text, 0));
            Vec::new()
        }
        Msg::CategoryLoaded(data) => {
            if data.category == app.category.category {
                app.category.cursor = 0;
                app.category.data = Some(*data);
            }
            Vec::new()
        }
        Msg::Failed(text) => {
            app.overlay = Some(Overlay::Error(text));
            Vec::new()
        }
    }
}

fn quit(app: &mut App) -> Vec<Effect> {
    let mut effects = drop_if_unanswered(app);
    app.quit = true;
    effects.push(Effect::Quit);
    effects
}

/// A quiz left before its first answer leaves nothing to resume behind (see
/// [`Quiz::kept_when_left`](super::app::Quiz::kept_when_left)).
fn drop_if_unanswered(app: &mut App) -> Vec<Effect> {
    let Some(quiz) = app.quiz.as_mut() else {
        return Vec::new();
    };
    if quiz.kept_when_left() {
        return Vec::new();
    }
    quiz.session
        .take()
        .map(Effect::DiscardSession)
        .into_iter()
        .collect()
}

fn ctrl(key: &KeyEvent, c: char) -> bool {
    key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char(c)
}

fn on_key(app: &mut App, key: KeyEvent) -> Vec<Effect> {
    if ctrl(&key, 'c') {
        return quit(app);
    }
    if app.overlay.is_some() {
        return overlay_key(app, key);
    }
    let typing = app.typing();
    if key.code == KeyCode::F(1) || (!typing && key.code == KeyCode::Char('?')) {
        app.overlay = Some(Overlay::Help);
        return Vec::new();
    }
    if !app.big_enough() {
        // Nothing is drawn but the request to enlarge: only quitting makes sense.
        return match key.code {
            KeyCode::Char('q') if !in_quiz(app) => quit(app),
            _ => Vec::new(),
        };
    }
    match app.screen {
        Screen::Dashboard => dashboard_key(app, key),
        Screen::Setup => setup_key(app, key),
        Screen::Question => question_key(app, key),
        Screen::Feedback => feedback_key(app, key),
        Screen::Summary => summary_key(app, key),
        Screen::Review => review_key(app, key),
        Screen::Gaps => gaps_key(app, key),
        Screen::Category => category_key(app, key),
        Screen::History => history_key(app, key),
        Screen::Session => session_key(app, key),
        Screen::Calibration => calibration_key(app, key),
    }
}

fn in_quiz(app: &App) -> bool {
    matches!(app.screen, Screen::Question | Screen::Feedback)
}

fn overlay_key(app: &mut App, key: KeyEvent) -> Vec<Effect> {
    let Some(overlay) = app.overlay.clone() else {
        return Vec::new();
    };
    match overlay {
        Overlay::Help | Overlay::Error(_) | Overlay::Info { .. } => {
            if matches!(
                key.code,
                KeyCode::Esc | KeyCode::Enter | KeyCode::Char('?' | 'q' | ' ') | KeyCode::F(1)
            ) {
                app.overlay = None;
            }
            Vec::new()
        }
        Overlay::ConfirmLeave { quit: leave_app } => match key.code {
            KeyCode::Char('y' | 'Y') | KeyCode::Enter => {
                app.overlay = None;
                if leave_app {
                    quit(app)
                } else {
                    let mut effects = drop_if_unanswered(app);
                    effects.extend(to_dashboard(app));
                    effects
                }
            }
            KeyCode::Char('n' | 'N' | 'q') | KeyCode::Esc => {
                app.overlay = None;
                Vec::new()
            }
            _ => Vec::new(),
        },
        Overlay::Confidence { response, cursor } => {
            let picked = match key.code {
                KeyCode::Enter => Confidence::ALL.get(cursor).copied(),
                KeyCode::Char(c) => Confidence::parse(&c.to_string()).ok(),
                _ => None,
            };
            if let Some(sure) = picked {
                app.overlay = None;
                return record(app, response, Some(sure));
            }
            if key.code == KeyCode::Esc {
                // Not answered yet: back to the question, answer as it was.
                app.overlay = None;
            } else if is_up(&key) || is_down(&key) {
                let cursor = if is_up(&key) {
                    cursor.saturating_sub(1)
                } else {
                    (cursor + 1).min(Confidence::ALL.len() - 1)
                };
                app.overlay = Some(Overlay::Confidence { response, cursor });
            }
            Vec::new()
        }
        Overlay::ExamDate { mut text, .. } => {
            match key.code {
                KeyCode::Esc => app.overlay = None,
                KeyCode::Backspace => {
                    text.pop();
                    app.overlay = Some(Overlay::ExamDate { text, error: None });
                }
                KeyCode::Char(c) if (c.is_ascii_digit() || c == '-') && text.len() < 10 => {
                    text.push(c);
                    app.overlay = Some(Overlay::ExamDate { text, error: None });
                }
                KeyCode::Enter => {
                    let typed = if text.trim().is_empty() {
                        "none"
                    } else {
                        &text
                    };
                    let Some(profile) = app.profile.clone() else {
                        app.overlay = None;
                        return Vec::new();
                    };
                    match crate::learning::date::parse_target_date(
                        typed,
                        app.now_ms,
                        "an empty date to clear it",
                    ) {
                        Ok(date) => {
                            app.overlay = None;
                            app.notice = Some(match date {
                                Some(d) => format!("exam date set: {d}"),
                                None => "exam date cleared".to_owned(),
                            });
                            return vec![
                                Effect::SaveExamDate {
                                    pack: app.pack,
                                    profile: profile.clone(),
                                    date,
                                },
                                Effect::LoadDashboard {
                                    pack: app.pack,
                                    profile: Some(profile),
                                },
                            ];
                        }
                        Err(why) => {
                            app.overlay = Some(Overlay::ExamDate {
                                text,
                                error: Some(why),
                            })
                        }
                    }
                }
                _ => {}
            }
            Vec::new()
        }
        Overlay::Profiles { cursor } => {
            let profiles = app.packs.get(app.pack).map_or(0, |p| p.profiles.len());
            match key.code {
                // An exam date belongs to a profile: none to set without one.
                KeyCode::Char('e') if profiles > 0 => {
                    app.overlay = Some(Overlay::ExamDate {
                        text: String::new(),
                        error: None,
                    });
                    Vec::new()
                }
                _ => match pick(&key, cursor, profiles) {
                    Pick::Chosen(index) => choose_profile(app, index),
                    Pick::Closed => {
                        app.overlay = None;
                        Vec::new()
                    }
                    Pick::Cursor(cursor) => {
                        app.overlay = Some(Overlay::Profiles { cursor });
                        Vec::new()
                    }
                },
            }
        }
        Overlay::Packs { cursor } => match pick(&key, cursor, app.packs.len()) {
            Pick::Chosen(index) => choose_pack(app, index),
            Pick::Closed => {
                app.overlay = None;
                Vec::new()
            }
            Pick::Cursor(cursor) => {
                app.overlay = Some(Overlay::Packs { cursor });
                Vec::new()
            }
        },
    }
}

/// What a key does in a short numbered list shown in a dialog.
enum Pick {
    Chosen(usize),
    Closed,
    Cursor(usize),
}

/// Enter or a digit chooses, arrows (and j/k) move, Esc or q closes.
fn pick(key: &KeyEvent, cursor: usize, len: usize) -> Pick {
    match key.code {
        KeyCode::Esc | KeyCode::Char('q') => Pick::Closed,
        KeyCode::Enter if cursor < len => Pick::Chosen(cursor),
        _ if is_up(key) => Pick::Cursor(cursor.saturating_sub(1)),
        _ if is_down(key) => Pick::Cursor((cursor + 1).min(len.saturating_sub(1))),
        _ => match super::answer::digit(key).filter(|d| *d < len) {
            Some(d) => Pick::Chosen(d),
            None => Pick::Cursor(cursor),
        },
    }
}

/// The dashboard, gap chart and review turn to pack `index`, with the profile chosen for it.
fn choose_pack(app: &mut App, index: usize) -> Vec<Effect> {
    app.overlay = None;
    if index >= app.packs.len() || index == app.pack {
        return Vec::new();
    }
    app.pack = index;
    // The profile belongs to the pack: the loader picks the one chosen for this pack.
    app.profile = None;
    app.dashboard.data = None;
    app.gaps_cursor = 0;
    app.notice = Some("pack changed (kept for next time)".to_owned());
    vec![
        Effect::SaveDashboardPack { pack: index },
        Effect::LoadDashboard {
            pack: index,
            profile: None,
        },
    ]
}

fn choose_profile(app: &mut App, index: usize) -> Vec<Effect> {
    app.overlay = None;
    let Some(profile) = app
        .packs
        .get(app.pack)
        .and_then(|p| p.profiles.get(index))
        .map(|p| p.id.clone())
    else {
        return Vec::new();
    };
    app.profile = Some(profile.clone());
    app.notice = Some("profile changed (kept for next time)".to_owned());
    let mut effects = vec![
        Effect::SaveProfile {
            pack: app.pack,
            profile: profile.clone(),
        },
        Effect::LoadDashboard {
            pack: app.pack,
            profile: Some(profile.clone()),
        },
    ];
    if app.screen == Screen::Category {
        effects.push(Effect::LoadCategory {
            pack: app.pack,
            category: app.category.category.clone(),
            profile: Some(profile),
        });
    }
    effects
}

fn open_profiles(app: &mut App) {
    let cursor = app
        .packs
        .get(app.pack)
        .and_then(|p| {
            p.profiles
                .iter()
                .position(|pr| Some(&pr.id) == app.profile.as_ref())
        })
        .unwrap_or(0);
    app.overlay = Some(Overlay::Profiles { cursor });
}

fn to_dashboard(app: &mut App) -> Vec<Effect> {
    app.screen = Screen::Dashboard;
    app.dashboard.focus = DashFocus::Actions;
    app.dashboard.action = 0;
    vec![Effect::LoadDashboard {
        pack: app.pack,
        profile: app.profile.clone(),
    }]
}

fn move_in(cursor: &mut usize, len: usize, key: &KeyEvent) -> bool {
    let before = *cursor;
    match key.code {
        KeyCode::Home | KeyCode::Char('g') => *cursor = 0,
        KeyCode::End | KeyCode::Char('G') => *cursor = len.saturating_sub(1),
        KeyCode::PageUp => *cursor = cursor.saturating_sub(usize::from(PAGE)),
        KeyCode::PageDown => *cursor = (*cursor + usize::from(PAGE)).min(len.saturating_sub(1)),
        _ if is_up(key) => *cursor = cursor.saturating_sub(1),
        _ if is_down(key) => *cursor = (*cursor + 1).min(len.saturating_sub(1)),
        _ => return false,
    }
    *cursor != before || len > 0
}

// ---------------------------------------------------------------------------------------
// Dashboard

fn dashboard_key(app: &mut App, key: KeyEvent) -> Vec<Effect> {
    let actions = app.actions();
    let sessions = app.dashboard.data.as_ref().map_or(0, |d| d.sessions.len());
    if let Some(action) = actions.iter().find(|a| KeyCode::Char(a.key()) == key.code) {
        return run_action(app, *action);
    }
    if let Some(d) = super::answer::digit(&key)
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

fn run_action(app: &mut App, action: Action) -> Vec<Effect> {
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

/// A seed from the clock, for quizzes started without one.
fn seed_from(now_ms: i64) -> u64 {
    let mut rng = quiz::QuizRng::new(now_ms as u64 ^ 0x5EED_5EED);
    rng.next_u64() % 1_000_000_000
}

/// A practice quiz of [`QUICK_COUNT`] questions of the dashboard's pack in `categories`
/// (all when empty).
fn quick_quiz(app: &mut App, categories: Vec<String>) -> Vec<Effect> {
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
fn plan_in(
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

// ---------------------------------------------------------------------------------------
// Setup

fn setup_key(app: &mut App, key: KeyEvent) -> Vec<Effect> {
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

fn start_from_setup(app: &mut App) -> Vec<Effect> {
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

// ---------------------------------------------------------------------------------------
// Quiz

/// Puts a planned quiz on screen at its first question and asks for its session.
pub fn begin_quiz(app: &mut App, start: QuizStart) -> Vec<Effect> {
    app.ask_confidence |= start.confidence;
    let mut packs_used: Vec<usize> = start.items.iter().map(|i| i.pack).collect();
    packs_used.sort_unstable();
    packs_used.dedup();
    let question_ids = start
        .items
        .iter()
        .filter_map(|i| app.question(i.pack, i.question).map(|q| q.id.clone()))
        .collect();
    let kind = quiz::SessionKind::of(start.mode.name(), &start.filters_json);
    let plan = SessionPlan {
        mode: start.mode,
        seed: start.seed,
        filters_json: start.filters_json,
        packs: packs_used,
        question_ids,
        time_limit_secs: start.time_limit_secs,
        profile: start.profile.clone(),
        started_at_ms: app.now_ms,
    };
    let mut quiz = new_quiz(
        app,
        start.items,
        start.mode,
        start.seed,
        start.profile,
        start.time_limit_secs,
        app.now_ms,
    );
    quiz.kind = kind;
    app.quiz = Some(quiz);
    app.overlay = None;
    show_current(app);
    vec![Effect::StartSession(Box::new(plan))]
}

fn new_quiz(
    app: &App,
    items: Vec<Item>,
    mode: Mode,
    seed: u64,
    profile: Option<String>,
    time_limit_secs: Option<u64>,
    started_at_ms: i64,
) -> Quiz {
    let input = items
        .first()
        .and_then(|item| {
            app.question(item.pack, item.question)
                .map(|q| AnswerInput::new(q, item))
        })
        .unwrap_or(AnswerInput::TrueFalse { cursor: 0 });
    Quiz {
        session: None,
        refs: Vec::new(),
        mode,
        kind: quiz::SessionKind::of(mode.name(), "{}"),
        seed,
        profile,
        time_limit_secs,
        results: vec![None; items.len()],
        items,
        index: 0,
        input,
        hint: None,
        shown_at_ms: app.now_ms,
        deadline_ms: time_limit_secs.map(|s| started_at_ms.saturating_add(s as i64 * 1000)),
        scroll: 0,
        timed_out: false,
        summary_cursor: 0,
    }
}

/// Shows the first unanswered question from the current one on, or the summary.
fn show_current(app: &mut App) -> Vec<Effect> {
    let now = app.now_ms;
    let Some(quiz) = app.quiz.as_mut() else {
        return Vec::new();
    };
    let n = quiz.items.len();
    let next = (0..n)
        .map(|i| (quiz.index + i) % n.max(1))
        .find(|&i| quiz.results.get(i).is_some_and(Option::is_none));
    match next {
        Some(index) => {
            quiz.index = index;
            quiz.scroll = 0;
            quiz.hint = None;
            quiz.shown_at_ms = now;
            let input = quiz.items.get(index).and_then(|item| {
                app.packs
                    .get(item.pack)
                    .and_then(|p| p.questions.get(item.question))
                    .map(|q| AnswerInput::new(q, item))
            });
            if let Some(input) = input {
                quiz.input = input;
            }
            app.screen = Screen::Question;
            Vec::new()
        }
        None => finish_quiz(app),
    }
}

fn finish_quiz(app: &mut App) -> Vec<Effect> {
    app.screen = Screen::Summary;
    let Some(quiz) = app.quiz.as_mut() else {
        return Vec::new();
    };
    quiz.index = quiz.items.len();
    quiz.summary_cursor = 0;
    match quiz.session {
        Some(session) => vec![Effect::FinishSession {
            session,
            ended_at_ms: app.now_ms,
        }],
        None => Vec::new(),
    }
}

/// Scores `response` to the current question, saves it, and moves on (feedback first in
/// practice mode).
fn record(app: &mut App, response: Response, confidence: Option<Confidence>) -> Vec<Effect> {
    let mut effects = save_response(app, response, confidence);
    let Some(quiz) = app.quiz.as_mut() else {
        return effects;
    };
    if quiz.mode == Mode::Practice {
        quiz.scroll = 0;
        app.screen = Screen::Feedback;
    } else {
        effects.extend(show_current(app));
    }
    effects
}

/// Scores `response` to the current question and asks for it to be saved.
fn save_response(app: &mut App, response: Response, confidence: Option<Confidence>) -> Vec<Effect> {
    let now = app.now_ms;
    let Some(quiz) = app.quiz.as_mut() else {
        return Vec::new();
    };
    let Some(item) = quiz.items.get(quiz.index).cloned() else {
        return Vec::new();
    };
    let Some(pack) = app.packs.get(item.pack) else {
        return Vec::new();
    };
    let Some(question) = pack.questions.get(item.question) else {
        return Vec::new();
    };
    let score = quiz::score(question, &response);
    let time_taken_ms = u64::try_from(now.saturating_sub(quiz.shown_at_ms)).unwrap_or(0);
    let answer = quiz::answer_record(
        quiz.refs
            .get(item.pack)
            .cloned()
            .unwrap_or_else(|| crate::store::pack_ref(pack)),
        question,
        &response,
        score,
        confidence,
        time_taken_ms,
        now,
    );
    if let Some(slot) = quiz.results.get_mut(quiz.index) {
        *slot = Some(Answered {
            response,
            score,
            time_taken_ms,
        });
    }
    match quiz.session {
        Some(session) => vec![Effect::SaveAnswer(session, Box::new(answer))],
        None => {
            app.notice = Some("this answer could not be saved: no session".to_owned());
            Vec::new()
        }
    }
}

fn submit(app: &mut App) -> Vec<Effect> {
    let Some(quiz) = app.quiz.as_mut() else {
        return Vec::new();
    };
    let Some(item) = quiz.items.get(quiz.index) else {
        return Vec::new();
    };
    let Some(question) = app
        .packs
        .get(item.pack)
        .and_then(|p| p.questions.get(item.question))
    else {
        return Vec::new();
    };
    if quiz.input.open_rubric(question) {
        return Vec::new();
    }
    match quiz.input.response(question, item) {
        Ok(response) if app.ask_confidence && response.is_answered() => {
            app.overlay = Some(Overlay::Confidence {
                response,
                cursor: 1,
            });
            Vec::new()
        }
        Ok(response) => record(app, response, None),
        Err(why) => {
            quiz.input.set_error(why.clone());
            quiz.hint = Some(why);
            Vec::new()
        }
    }
}

fn question_key(app: &mut App, key: KeyEvent) -> Vec<Effect> {
    let typing = app.typing();
    if ctrl(&key, 'n') {
        return record(app, Response::Skipped, None);
    }
    match key.code {
        KeyCode::Esc => {
            app.overlay = Some(Overlay::ConfirmLeave { quit: false });
            return Vec::new();
        }
        KeyCode::Char('q') if !typing => {
            app.overlay = Some(Overlay::ConfirmLeave { quit: true });
            return Vec::new();
        }
        KeyCode::PageUp | KeyCode::PageDown => {
            scroll_doc(app, key.code == KeyCode::PageUp, PAGE);
            return Vec::new();
        }
        _ => {}
    }
    let Some(quiz) = app.quiz.as_mut() else {
        return Vec::new();
    };
    let Some(item) = quiz.items.get(quiz.index) else {
        return Vec::new();
    };
    let Some(question) = app
        .packs
        .get(item.pack)
        .and_then(|p| p.questions.get(item.question))
    else {
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

fn feedback_key(app: &mut App, key: KeyEvent) -> Vec<Effect> {
    match key.code {
        KeyCode::Enter | KeyCode::Char(' ' | 'n') | KeyCode::Right => show_current(app),
        KeyCode::Esc => {
            app.overlay = Some(Overlay::ConfirmLeave { quit: false });
            Vec::new()
        }
        KeyCode::Char('q') => {
            app.overlay = Some(Overlay::ConfirmLeave { quit: true });
            Vec::new()
        }
        _ => {
            scroll_key(app, &key);
            Vec::new()
        }
    }
}

/// Up/down/page keys scroll the document on screen.
fn scroll_key(app: &mut App, key: &KeyEvent) {
    match key.code {
        KeyCode::PageUp => scroll_doc(app, true, PAGE),
        KeyCode::PageDown | KeyCode::Char(' ') => scroll_doc(app, false, PAGE),
        KeyCode::Home => scroll_doc(app, true, u16::MAX),
        KeyCode::End => scroll_doc(app, false, u16::MAX),
        _ if is_up(key) => scroll_doc(app, true, 1),
        _ if is_down(key) => scroll_doc(app, false, 1),
        _ => {}
    }
}

fn scroll_doc(app: &mut App, up: bool, by: u16) {
    let max = view::max_scroll(app);
    let slot = match app.screen {
        Screen::Question | Screen::Feedback => app.quiz.as_mut().map(|q| &mut q.scroll),
        Screen::Review => app.review.as_mut().map(|r| &mut r.scroll),
        _ => None,
    };
    if let Some(scroll) = slot {
        *scroll = if up {
            scroll.saturating_sub(by)
        } else {
            scroll.saturating_add(by).min(max)
        };
    }
}

/// After the cursor moved: scroll so that it stays on screen.
fn keep_visible(app: &mut App) {
    if app.screen == Screen::Question {
        let scroll = view::question_scroll(app);
        if let Some(quiz) = app.quiz.as_mut() {
            quiz.scroll = scroll;
        }
    }
}

fn check_deadline(app: &mut App) -> Vec<Effect> {
    let now = app.now_ms;
    let Some(quiz) = app.quiz.as_mut() else {
        return Vec::new();
    };
    let due = quiz.deadline_ms.is_some_and(|d| now >= d);
    if !due || quiz.timed_out || !matches!(app.screen, Screen::Question | Screen::Feedback) {
        return Vec::new();
    }
    quiz.timed_out = true;
    let unanswered: Vec<usize> = (0..quiz.items.len())
        .filter(|&i| quiz.results.get(i).is_some_and(Option::is_none))
        .collect();
    let mut effects = Vec::new();
    for i in unanswered {
        if let Some(quiz) = app.quiz.as_mut() {
            quiz.index = i;
            quiz.shown_at_ms = now;
        }
        effects.extend(save_response(app, Response::TimedOut, None));
    }
    effects.extend(finish_quiz(app));
    app.notice = Some("time is up: the questions left score 0".to_owned());
    effects
}

// ---------------------------------------------------------------------------------------
// Resume

fn resume_quiz(
    app: &mut App,
    session: &SessionRecord,
    answers: &[AnswerRecord],
    refs: Vec<PackRef>,
) -> Vec<Effect> {
    let question_ids: Vec<&str> = session.question_ids.iter().map(String::as_str).collect();
    let positions = quiz::locate_all(&app.packs, &session.pack_ids(), &question_ids);
    let missing = session.question_ids.len() - positions.len();
    let items = quiz::plan_of(&app.packs, &positions, session.seed);
    if items.is_empty() {
        app.overlay = Some(Overlay::Error(
            "This session's questions are not in the packs loaded now, so it cannot be resumed."
                .to_owned(),
        ));
        return Vec::new();
    }
    let mode = session.mode;
    let mut quiz = new_quiz(
        app,
        items,
        mode,
        session.seed,
        session.profile.clone(),
        session.time_limit_secs,
        session.started_at_ms,
    );
    quiz.session = Some(session.id);
    quiz.kind = session.kind.clone();
    quiz.refs = refs;
    for answer in answers {
        let slot = quiz.items.iter().enumerate().position(|(i, item)| {
            quiz.results.get(i).is_some_and(Option::is_none)
                && app
                    .question(item.pack, item.question)
                    .is_some_and(|q| q.id == answer.question_id)
        });
        if let Some(slot) = slot.and_then(|i| quiz.results.get_mut(i)) {
            *slot = Some(Answered {
                response: answer.response.clone().unwrap_or(Response::Skipped),
                score: answer.score,
                time_taken_ms: answer.time_taken_ms,
            });
        }
    }
    app.quiz = Some(quiz);
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

// ---------------------------------------------------------------------------------------
// Summary and review

fn summary_key(app: &mut App, key: KeyEvent) -> Vec<Effect> {
    let Some(quiz) = app.quiz.as_mut() else {
        return to_dashboard(app);
    };
    let n = quiz.items.len();
    match key.code {
        KeyCode::Char('q') => quit(app),
        KeyCode::Esc | KeyCode::Char('d') => to_dashboard(app),
        KeyCode::Char('r') => retake_missed(app),
        KeyCode::Enter => {
            let i = quiz.summary_cursor;
            open_quiz_review(app, i);
            Vec::new()
        }
        _ => {
            move_in(&mut quiz.summary_cursor, n, &key);
            Vec::new()
        }
    }
}

fn open_quiz_review(app: &mut App, i: usize) {
    let Some(quiz) = app.quiz.as_ref() else {
        return;
    };
    let (Some(item), Some(Some(answered))) = (quiz.items.get(i), quiz.results.get(i)) else {
        return;
    };
    app.review = Some(Review {
        pack: item.pack,
        question: item.question,
        order: item.order.clone(),
        response: answered.response.clone(),
        score: answered.score,
        number: (i + 1, quiz.items.len()),
        back: Screen::Summary,
        scroll: 0,
    });
    app.screen = Screen::Review;
}

fn retake_missed(app: &mut App) -> Vec<Effect> {
    let Some(quiz) = app.quiz.as_ref() else {
        return Vec::new();
    };
    let missed: Vec<(usize, usize)> = quiz
        .items
        .iter()
        .zip(&quiz.results)
        .filter(|(_, r)| r.as_ref().is_none_or(|a| a.score < 0.999))
        .map(|(item, _)| (item.pack, item.question))
        .collect();
    if missed.is_empty() {
        app.notice = Some("nothing to retake: every answer was right".to_owned());
        return Vec::new();
    }
    let seed = seed_from(app.now_ms);
    let start = QuizStart {
        items: quiz::plan_of(&app.packs, &missed, seed),
        mode: quiz.mode,
        seed,
        filters_json: quiz::SessionKind::Retake { of: quiz.session }
            .filters_json(&Filters::default()),
        time_limit_secs: None,
        profile: quiz.profile.clone(),
        confidence: false,
    };
    begin_quiz(app, start)
}

fn review_key(app: &mut App, key: KeyEvent) -> Vec<Effect> {
    match key.code {
        KeyCode::Esc | KeyCode::Enter | KeyCode::Backspace => {
            app.screen = app.review.as_ref().map_or(Screen::Dashboard, |r| r.back);
            Vec::new()
        }
        KeyCode::Char('q') => quit(app),
        _ => {
            scroll_key(app, &key);
            Vec::new()
        }
    }
}

// ---------------------------------------------------------------------------------------
// Gap chart and drill-down

fn gaps_key(app: &mut App, key: KeyEvent) -> Vec<Effect> {
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

fn calibration_key(app: &mut App, key: KeyEvent) -> Vec<Effect> {
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

fn selected_category(app: &App) -> Option<String> {
    app.dashboard
        .data
        .as_ref()?
        .report
        .rows
        .get(app.gaps_cursor)
        .map(|r| r.mastery.category.clone())
}

fn open_category(app: &mut App) -> Vec<Effect> {
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

fn category_key(app: &mut App, key: KeyEvent) -> Vec<Effect> {
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

// ---------------------------------------------------------------------------------------
// History

fn history_key(app: &mut App, key: KeyEvent) -> Vec<Effect> {
    let selected = app
        .history
        .sessions
        .as_ref()
        .and_then(|s| s.get(app.history.cursor))
        .cloned();
    let n = app.history.sessions.as_ref().map_or(0, Vec::len);
    match key.code {
        KeyCode::Esc => {
            app.screen = Screen::Dashboard;
            Vec::new()
        }
        KeyCode::Char('q') => quit(app),
        KeyCode::Enter => match selected {
            Some(line) => vec![Effect::LoadSession {
                id: line.id,
                resume: false,
            }],
            None => Vec::new(),
        },
        KeyCode::Char('c') => match selected.filter(|l| !l.finished) {
            Some(line) => vec![Effect::LoadSession {
                id: line.id,
                resume: true,
            }],
            None => {
                app.notice = Some("only an unfinished session can be resumed".to_owned());
                Vec::new()
            }
        },
        _ => {
            move_in(&mut app.history.cursor, n, &key);
            Vec::new()
        }
    }
}

fn session_key(app: &mut App, key: KeyEvent) -> Vec<Effect> {
    let Some(view) = app.session_view.as_mut() else {
        app.screen = Screen::History;
        return Vec::new();
    };
    match key.code {
        KeyCode::Esc => {
            app.screen = Screen::History;
            vec![Effect::LoadHistory]
        }
        KeyCode::Char('q') => quit(app),
        KeyCode::Enter => {
            open_session_review(app);
            Vec::new()
        }
        KeyCode::Char('c') if view.session.status == SessionStatus::Unfinished => {
            vec![Effect::LoadSession {
                id: view.session.id,
                resume: true,
            }]
        }
        KeyCode::Char('r') => retake_session(app),
        _ => {
            move_in(&mut view.cursor, view.answers.len(), &key);
            Vec::new()
        }
    }
}

/// A new session of what a stored session missed, from the history.
fn retake_session(app: &mut App) -> Vec<Effect> {
    let Some(view) = app.session_view.as_ref() else {
        return Vec::new();
    };
    let given: Vec<(&str, &str, f64)> = view
        .answers
        .iter()
        .map(|a| (a.pack.id.as_str(), a.question_id.as_str(), a.score))
        .collect();
    let seed = seed_from(app.now_ms);
    let items = match quiz::retake(&app.packs, &given, seed) {
        Ok(items) => items,
        Err(nothing) => {
            app.notice = Some(
                match nothing {
                    quiz::NothingToRetake::AllRight => "nothing to retake: every answer was right",
                    quiz::NothingToRetake::NotLoaded => {
                        "the questions missed are not in the packs loaded now"
                    }
                }
                .to_owned(),
            );
            return Vec::new();
        }
    };
    let start = QuizStart {
        items,
        mode: view.session.mode,
        seed,
        filters_json: quiz::SessionKind::Retake {
            of: Some(view.session.id),
        }
        .filters_json(&Filters::default()),
        time_limit_secs: None,
        profile: view.session.profile.clone(),
        confidence: false,
    };
    begin_quiz(app, start)
}

fn open_session_review(app: &mut App) {
    let Some(view) = app.session_view.as_ref() else {
        return;
    };
    let Some(answer) = view.answers.get(view.cursor) else {
        return;
    };
    if view.session.score_withheld() {
        app.notice = Some("an exam's answers are shown when it ends: c resumes it".to_owned());
        return;
    }
    let found = quiz::locate(
        &app.packs,
        |p| p.meta.id == answer.pack.id,
        &answer.question_id,
    );
    let Some((pack, question)) = found else {
        app.notice = Some("that question is not in the packs loaded now".to_owned());
        return;
    };
    // The display order depends only on the session's seed and the question.
    let order = app
        .question(pack, question)
        .map(|q| quiz::display_order(&answer.pack.id, q, view.session.seed))
        .unwrap_or_default();
    app.review = Some(Review {
        pack,
        question,
        order,
        response: answer.response.clone().unwrap_or(Response::Skipped),
        score: answer.score,
        number: (view.cursor + 1, view.answers.len()),
        back: Screen::Session,
        scroll: 0,
    });
    app.screen = Screen::Review;
}

// ---------------------------------------------------------------------------------------
// Mouse

fn on_mouse(app: &mut App, mouse: MouseEvent) -> Vec<Effect> {
    if app.overlay.is_some() || !app.big_enough() {
        return Vec::new();
    }
    match mouse.kind {
        MouseEventKind::ScrollUp | MouseEventKind::ScrollDown => {
            let up = mouse.kind == MouseEventKind::ScrollUp;
            match app.screen {
                Screen::Question | Screen::Feedback | Screen::Review => scroll_doc(app, up, 3),
                _ => {
                    let code = if up { KeyCode::Up } else { KeyCode::Down };
                    return on_key(app, KeyEvent::new(code, KeyModifiers::NONE));
                }
            }
            Vec::new()
        }
        MouseEventKind::Down(MouseButton::Left) => click(app, mouse.column, mouse.row),
        _ => Vec::new(),
    }
}

fn click(app: &mut App, column: u16, row: u16) -> Vec<Effect> {
    let Some(hit) = view::hit(app, column, row) else {
        return Vec::new();
    };
    match hit {
        Hit::Choice(pos) | Hit::MatchLeft(pos) | Hit::MatchRight(pos) => {
            if let Some(quiz) = app.quiz.as_mut() {
                quiz.input.click(pos, matches!(hit, Hit::MatchRight(_)));
                quiz.hint = None;
            }
            Vec::new()
        }
        Hit::Action(i) => {
            app.dashboard.focus = DashFocus::Actions;
            app.dashboard.action = i;
            Vec::new()
        }
        Hit::DashSession(i) => {
            app.dashboard.focus = DashFocus::Sessions;
            app.dashboard.session = i;
            Vec::new()
        }
        Hit::Row(i) => {
            match app.screen {
                Screen::Gaps => app.gaps_cursor = i,
                Screen::Category => app.category.cursor = i,
                Screen::History => app.history.cursor = i,
                Screen::Session => {
                    if let Some(view) = app.session_view.as_mut() {
                        view.cursor = i;
                    }
                }
                Screen::Summary => {
                    if let Some(quiz) = app.quiz.as_mut() {
                        quiz.summary_cursor = i;
                    }
                }
                _ => {}
            }
            Vec::new()
        }
        Hit::Setup(section, i) => {
            if let Some(setup) = app.setup.as_mut() {
                setup.click(section, i);
                setup.refresh_categories(&app.packs);
            }
            Vec::new()
        }
    }
}
