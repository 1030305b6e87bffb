//! The run loop: owns the store and, through [`super::console`], the terminal. Feeds keys,
//! mouse, resizes and time to `update`, carries out the effects it returns (each before the
//! next key is read), and draws.

use super::app::{App, QuizStart};
use super::console::{Console, on_terminal};
use super::data::{self, DashboardData, SessionLine};
use super::msg::{Effect, Msg};
use super::outcome::Outcome;
use super::update::update;
use crate::clock::now_ms;
use crate::learning::ReviewMode;
use crate::learning::placement::PlacementConfig;
use crate::pack::Pack;
use crate::quiz::{Filters, Item};
use crate::report::progress;
use crate::service::dashboard::{self as service_dashboard, HISTORY_SESSIONS};
use crate::service::placement::{self, PlacementError};
use crate::store::SessionId;
use crate::store::{NewSession, PackRef, Store, StoreError, pack_ref};
use ratatui::crossterm::event::{Event, KeyEventKind};
use std::collections::VecDeque;
use std::io::{self, IsTerminal};
use std::path::Path;

/// Colour unless `NO_COLOR` is set (to anything but the empty string).
pub fn color_allowed() -> bool {
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// Why the dashboard's data could not be loaded.
#[derive(Debug, thiserror::Error)]
enum DashboardError {
    /// The pack asked for is not among those loaded.
    #[error("no pack is loaded")]
    NoPack,
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// `skillgap` with no arguments: the dashboard of the pack chosen last (at first, the bundled
/// bank).
pub fn run_dashboard(data_dir: Option<&Path>) -> Outcome {
    if !(io::stdin().is_terminal() && io::stdout().is_terminal()) {
        return Outcome::Told(
            "skillgap: the interactive app needs a terminal. See `skillgap --help`; `skillgap quiz --plain` and `skillgap report` work without one.\n".to_owned(),
        );
    }
    let dir = match crate::store::data_dir(data_dir) {
        Ok(dir) => dir,
        Err(error) => return Outcome::Failed(error.to_string()),
    };
    // The bundled bank and every installed pack; a damaged one is named, not fatal.
    let (packs, problems) = crate::pack::installed::all_packs(&dir);
    if packs.is_empty() {
        return Outcome::Failed("no pack could be loaded: see `skillgap pack list`".to_owned());
    }
    let store = match Store::open(&dir) {
        Ok(store) => store,
        Err(error) => return Outcome::Failed(error.to_string()),
    };
    // The pack chosen on the dashboard last time, if it is still there; else the first.
    let chosen = store.dashboard_pack().ok().flatten();
    let pack = chosen
        .and_then(|id| packs.iter().position(|p| p.meta.id == id))
        .unwrap_or(0);
    let (mut app, effects) = App::dashboard_of(packs, pack, color_allowed(), now_ms());
    with_confidence_setting(&mut app, &store);
    if let Some(problem) = problems.first() {
        app.notice = Some(format!(
            "pack `{}` could not be loaded ({} in all): see `skillgap pack list`",
            crate::text::sanitize_line(&problem.id),
            problems.len()
        ));
    }
    finish(run_app(app, effects, store))
}

/// `skillgap quiz --resume` on a terminal: straight back into session `id`.
pub fn run_resume(packs: Vec<Pack>, id: crate::store::SessionId, store: Store) -> Outcome {
    let (mut app, mut effects) = App::dashboard(packs, color_allowed(), now_ms());
    with_confidence_setting(&mut app, &store);
    effects.push(Effect::LoadSession { id, resume: true });
    finish(run_app(app, effects, store))
}

/// `skillgap quiz` on a terminal: straight to the first question of `start`.
pub fn run_quiz(packs: Vec<Pack>, start: QuizStart, store: Store) -> Outcome {
    let (mut app, effects) = App::quiz(packs, start, color_allowed(), now_ms());
    with_confidence_setting(&mut app, &store);
    finish(run_app(app, effects, store))
}

/// The stored confidence setting, which the quizzes of this run follow (with `--confidence`
/// for the first) and the setup form starts from. A damaged value reads as off.
fn with_confidence_setting(app: &mut App, store: &Store) {
    app.confidence_setting = store.ask_confidence().unwrap_or(false);
    app.ask_confidence |= app.confidence_setting;
}

fn finish(result: io::Result<Option<usize>>) -> Outcome {
    match result {
        Ok(None) => Outcome::Done,
        Ok(Some(signal)) => Outcome::Signal(signal),
        Err(e) => Outcome::Failed(format!("terminal error: {e}")),
    }
}

/// Debug builds only: `SKILLGAP_PANIC_AFTER_DRAW=1` panics once a frame is drawn, so the
/// end-to-end tests can check that a panic restores the terminal.
#[cfg(debug_assertions)]
#[allow(clippy::panic)]
fn panic_if_asked_for_test() {
    if std::env::var_os("SKILLGAP_PANIC_AFTER_DRAW").is_some() {
        panic!("SKILLGAP_PANIC_AFTER_DRAW is set: panicking on purpose");
    }
}

#[cfg(not(debug_assertions))]
fn panic_if_asked_for_test() {}

/// Runs a self-contained screen (the class view) on the same terminal setup as the app:
/// raw mode, alternate screen, and the terminal restored on quit, error, panic, signals and
/// hang-up. `draw` renders `state`; `handle` gets every input event and says whether to go
/// on.
pub fn run_screen<S>(
    state: &mut S,
    draw: fn(&S, &mut ratatui::Frame),
    handle: fn(&mut S, Event) -> bool,
) -> Outcome {
    finish(on_terminal(|console| {
        let size = console.terminal.size()?;
        if !handle(state, Event::Resize(size.width, size.height)) {
            return Ok(None);
        }
        loop {
            if let Some(signal) = console.stop() {
                return Ok(Some(signal));
            }
            console.terminal.draw(|frame| draw(state, frame))?;
            if let Some(event) = console.next_event()?
                && !handle(state, event)
            {
                return Ok(None);
            }
        }
    }))
}

/// Runs the app until it quits; `Some(signal)` when a signal ended it.
fn run_app(app: App, effects: Vec<Effect>, store: Store) -> io::Result<Option<usize>> {
    on_terminal(|console| app_loop(console, app, effects, store))
}

fn app_loop(
    console: &mut Console,
    mut app: App,
    effects: Vec<Effect>,
    store: Store,
) -> io::Result<Option<usize>> {
    let mut runner = Runner {
        store,
        refs: None,
        unstored: None,
        stored_as: None,
    };
    let outcome = run_until_stopped(console, &mut app, effects, &mut runner);
    if !matches!(outcome, Ok(None)) {
        // A signal, a closed terminal or an error ends the app, not the user: carry out what
        // update says is owed on the way out (a quiz left before its first answer is dropped).
        for effect in update(&mut app, Msg::Stop) {
            let _ = runner.execute(&app, effect);
        }
    }
    outcome
}

/// The loop itself: `Ok(None)` when the user quit, `Ok(Some(signal))` when a signal or a
/// closed terminal stopped it.
fn run_until_stopped(
    console: &mut Console,
    app: &mut App,
    effects: Vec<Effect>,
    runner: &mut Runner,
) -> io::Result<Option<usize>> {
    let size = console.terminal.size()?;
    let mut pending: VecDeque<Effect> = effects.into();
    pending.extend(update(app, Msg::Resize(size.width, size.height)));
    loop {
        // Effects first: an answer is committed before the screen says so, before a signal
        // or a closed terminal ends the loop, and before the next key is read.
        if let Some(effect) = pending.pop_front() {
            if effect == Effect::Quit {
                return Ok(None);
            }
            if let Some(msg) = runner.execute(app, effect) {
                pending.extend(update(app, msg));
            }
            continue;
        }
        if let Some(signal) = console.stop() {
            return Ok(Some(signal));
        }
        // Every tick: the clock moves, and ratatui sends only the cells that changed.
        console
            .terminal
            .draw(|frame| frame.render_widget(&*app, frame.area()))?;
        panic_if_asked_for_test();
        if app.quit {
            return Ok(None);
        }
        let input = console.next_event()?;
        pending.extend(update(app, Msg::Tick(now_ms())));
        let msg = match input {
            Some(Event::Key(key)) if key.kind != KeyEventKind::Release => Some(Msg::Key(key)),
            Some(Event::Mouse(mouse)) => Some(Msg::Mouse(mouse)),
            Some(Event::Resize(width, height)) => Some(Msg::Resize(width, height)),
            Some(Event::Paste(text)) => Some(Msg::Paste(text)),
            _ => None,
        };
        if let Some(msg) = msg {
            pending.extend(update(app, msg));
        }
    }
}

/// Carries out effects against the store and the core.
struct Runner {
    store: Store,
    /// References of the app's packs, computed once (hashing a pack takes milliseconds).
    refs: Option<Vec<PackRef>>,
    /// A started session not stored yet: it is stored with its first answer, in one
    /// transaction, so a first answer that cannot be written (or a kill before it) leaves no
    /// empty session. A timed session too: its clock's start is kept here, in memory.
    unstored: Option<NewSession>,
    /// The id that session got when its first answer stored it: effects asked for before the
    /// app heard of it (a time-out saves every answer left at once) carry [`NOT_YET_STORED`].
    stored_as: Option<crate::store::SessionId>,
}

/// The id the app holds for a session until its first answer stores it (SQLite never
/// gives a row the id 0).
const NOT_YET_STORED: crate::store::SessionId = 0;

impl Runner {
    fn refs(&mut self, app: &App) -> Vec<PackRef> {
        self.refs
            .get_or_insert_with(|| app.packs.iter().map(pack_ref).collect())
            .clone()
    }

    /// `effect` with [`NOT_YET_STORED`] replaced by the id its session was stored under.
    fn resolve(&self, effect: Effect) -> Effect {
        let Some(id) = self.stored_as else {
            return effect;
        };
        match effect {
            Effect::SaveAnswer(NOT_YET_STORED, answer) => Effect::SaveAnswer(id, answer),
            Effect::FinishSession {
                session: NOT_YET_STORED,
                ended_at_ms,
            } => Effect::FinishSession {
                session: id,
                ended_at_ms,
            },
            Effect::DiscardSession(NOT_YET_STORED) => Effect::DiscardSession(id),
            other => other,
        }
    }

    fn execute(&mut self, app: &App, effect: Effect) -> Option<Msg> {
        let result = match self.resolve(effect) {
            Effect::Quit => return None,
            Effect::StartSession(plan) => {
                let refs = self.refs(app);
                let new = NewSession {
                    mode: plan.mode,
                    seed: plan.seed,
                    filters_json: plan.filters_json,
                    packs: plan
                        .packs
                        .iter()
                        .filter_map(|i| refs.get(*i).cloned())
                        .collect(),
                    question_ids: plan.question_ids,
                    time_limit_secs: plan.time_limit_secs,
                    profile: plan.profile,
                    started_at_ms: plan.started_at_ms,
                };
                // Stored with its first answer, a timed one too (its clock's start is in
                // `new`): a session left, killed or failing before then keeps nothing.
                self.unstored = Some(new);
                self.stored_as = None;
                Ok(Some(Msg::SessionStarted {
                    id: NOT_YET_STORED,
                    packs: refs,
                }))
            }
            Effect::SaveAnswer(NOT_YET_STORED, answer) => match self.unstored.take() {
                Some(new) => match self.store.start_session_with_answer(&new, &answer) {
                    Ok((id, _)) => {
                        self.stored_as = Some(id);
                        Ok(Some(Msg::SessionStarted {
                            id,
                            packs: self.refs(app),
                        }))
                    }
                    Err(e) => {
                        self.unstored = Some(new);
                        Err(format!("Your answer could not be saved: {e}"))
                    }
                },
                None => Err("Your answer could not be saved: no session".to_owned()),
            },
            Effect::SaveAnswer(session, answer) => self
                .store
                .record_answer(session, &answer)
                .map(|_| None)
                .map_err(|e| format!("Your answer could not be saved: {e}")),
            Effect::Overrule {
                session,
                pack,
                question_id,
            } => {
                let refs = self.refs(app);
                match refs.get(pack) {
                    Some(pack) => self
                        .store
                        .overrule(session, &pack.id, &question_id)
                        .map(|_| None)
                        .map_err(|e| format!("Your answer could not be marked right: {e}")),
                    None => Err("Your answer could not be marked right: no pack".to_owned()),
                }
            }
            Effect::FinishSession {
                session: NOT_YET_STORED,
                ..
            }
            | Effect::DiscardSession(NOT_YET_STORED) => {
                // Nothing was answered, so nothing is kept.
                self.unstored = None;
                Ok(None)
            }
            Effect::FinishSession {
                session,
                ended_at_ms,
            } => self
                .store
                .finish_session(session, ended_at_ms)
                .map(|()| None)
                .map_err(|e| format!("The session could not be closed: {e}")),
            Effect::LoadDashboard { pack, profile } => self
                .dashboard(app, pack, profile)
                .map(|d| Some(Msg::DashboardLoaded(Box::new(d))))
                .map_err(|e| format!("The dashboard could not be loaded: {e}")),
            Effect::PlanReview {
                pack,
                mode,
                profile,
                count,
                seed,
            } => self
                .review(app, pack, mode, profile.as_deref(), count, seed)
                .map(Some)
                .map_err(|e| format!("The review could not be planned: {e}")),
            Effect::SaveExamDate {
                pack,
                profile,
                date,
            } => match app.packs.get(pack) {
                Some(pack) => self
                    .store
                    .set_target_date(&pack.meta.id, &profile, date)
                    .map(|()| None)
                    .map_err(|e| format!("The exam date could not be saved: {e}")),
                None => Ok(None),
            },
            Effect::SaveProfile { pack, profile } => match app.packs.get(pack) {
                Some(pack) => self
                    .store
                    .set_chosen_profile(&pack.meta.id, Some(&profile))
                    .map(|()| None)
                    .map_err(|e| format!("The profile could not be saved: {e}")),
                None => Ok(None),
            },
            Effect::DiscardSession(session) => self
                .store
                .discard_if_empty(session)
                .map(|_| None)
                .map_err(|e| format!("The empty session could not be removed: {e}")),
            Effect::SaveAskConfidence(ask) => self
                .store
                .set_ask_confidence(ask)
                .map(|()| None)
                .map_err(|e| format!("The confidence setting could not be saved: {e}")),
            Effect::SaveDashboardPack { pack } => match app.packs.get(pack) {
                Some(pack) => self
                    .store
                    .set_dashboard_pack(&pack.meta.id)
                    .map(|()| None)
                    .map_err(|e| format!("The choice of pack could not be saved: {e}")),
                None => Ok(None),
            },
            Effect::LoadCalibration { pack } => match app.packs.get(pack) {
                Some(pack) => crate::service::progress::calibration_report(&self.store, pack)
                    .map(|c| Some(Msg::CalibrationLoaded(progress::calibration_text(pack, &c))))
                    .map_err(|e| format!("The calibration could not be loaded: {e}")),
                None => Ok(None),
            },
            Effect::LoadHistory => self
                .history()
                .map(|h| Some(Msg::HistoryLoaded(h)))
                .map_err(|e| format!("History could not be loaded: {e}")),
            Effect::LoadSession { id, resume } => {
                let refs = self.refs(app);
                self.load_session(app, id, resume, refs)
                    .map_err(|e| format!("The session could not be loaded: {e}"))
            }
            Effect::PlanPlacement {
                pack,
                profile,
                seed,
            } => self
                .placement(app, pack, profile.as_deref(), seed)
                .map(Some)
                .map_err(|e| format!("Placement could not start: {e}")),
            Effect::LoadCategory {
                pack,
                category,
                profile,
            } => self
                .category(app, pack, &category, profile.as_deref())
                .map(|d| d.map(|d| Msg::CategoryLoaded(Box::new(d))))
                .map_err(|e| format!("The category could not be loaded: {e}")),
        };
        match result {
            Ok(msg) => msg,
            Err(message) => Some(Msg::Failed(message)),
        }
    }

    /// A review plan of the app's pack `pack`, its items pointing into the app's packs.
    fn review(
        &self,
        app: &App,
        pack: usize,
        mode: ReviewMode,
        profile: Option<&str>,
        count: usize,
        seed: u64,
    ) -> Result<Msg, StoreError> {
        let Some(chosen) = app.packs.get(pack) else {
            return Ok(Msg::Failed("no pack is loaded".to_owned()));
        };
        let plan = crate::service::progress::review_plan(
            &self.store,
            std::slice::from_ref(chosen),
            &Filters::default(),
            mode,
            profile,
            now_ms(),
            count,
            seed,
        )?;
        Ok(Msg::ReviewPlanned {
            mode,
            seed,
            due: plan.due,
            nothing: progress::nothing_due_message(&plan, "r (review)"),
            items: plan
                .items
                .into_iter()
                .map(|item| Item { pack, ..item })
                .collect(),
        })
    }

    /// A stored session, with a resumed placement's picker.
    fn load_session(
        &self,
        app: &App,
        id: SessionId,
        resume: bool,
        packs: Vec<PackRef>,
    ) -> Result<Option<Msg>, PlacementError> {
        let Some(stored) = crate::service::sessions::load(&self.store, id)? else {
            return Ok(None);
        };
        let picker = if resume {
            let resumed = stored.record.resume(&app.packs, &stored.answers, now_ms());
            placement::resumed_picker(&self.store, &app.packs, &resumed, now_ms())?
                .map(|p| crate::quiz::Picker(Box::new(p)))
        } else {
            None
        };
        Ok(Some(Msg::SessionLoaded {
            session: Box::new(stored.record),
            answers: stored.answers,
            resume,
            packs,
            picker,
        }))
    }

    /// A placement of pack `pack` against the profile the one rule picks.
    fn placement(
        &self,
        app: &App,
        pack: usize,
        profile: Option<&str>,
        seed: u64,
    ) -> Result<Msg, PlacementError> {
        let Some(chosen) = app.packs.get(pack) else {
            return Ok(Msg::Failed("no pack is loaded".to_owned()));
        };
        let profile = crate::service::profile_for(&self.store, chosen, profile)?;
        let config = PlacementConfig::default();
        let picker = placement::picker(
            &self.store,
            &app.packs,
            pack,
            profile,
            &[],
            config,
            seed,
            now_ms(),
            0,
        )?;
        Ok(Msg::PlacementPlanned {
            seed,
            profile: profile.map(|p| p.id.clone()),
            filters_json: config.session_json(&[]),
            picker: crate::quiz::Picker(Box::new(picker)),
        })
    }

    fn history(&self) -> Result<Vec<SessionLine>, StoreError> {
        service_dashboard::session_lines(&self.store, HISTORY_SESSIONS, None)
    }

    fn dashboard(
        &self,
        app: &App,
        pack: usize,
        profile: Option<String>,
    ) -> Result<DashboardData, DashboardError> {
        let Some(pack) = app.packs.get(pack) else {
            return Err(DashboardError::NoPack);
        };
        Ok(service_dashboard::dashboard(
            &self.store,
            pack,
            profile.as_deref(),
            now_ms(),
        )?)
    }

    fn category(
        &self,
        app: &App,
        pack: usize,
        category: &str,
        profile: Option<&str>,
    ) -> Result<Option<data::CategoryData>, StoreError> {
        let Some(pack) = app.packs.get(pack) else {
            return Ok(None);
        };
        // The dashboard's report, when it is of this pack and profile: no second scan.
        let shown = app.dashboard.data.as_ref().map(|d| &d.report);
        service_dashboard::category(&self.store, pack, category, profile, shown, now_ms()).map(Some)
    }
}
