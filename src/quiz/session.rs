//! One quiz session as both front ends run it (the plain loop in `cli::plain` and the
//! terminal app in `tui`): its plan, the question on screen, answering, skipping and timing
//! out, the deadline, finishing, resuming and retaking. Neither front end keeps session rules
//! of its own; they read and print.
//!
//! Pure: no clock, no store. Time comes in as unix milliseconds; every answer comes out as a
//! [`Given`] value that the caller commits (the store turns it into its own record).
//!
//! **Resume.** A stored session is resumed whole: its planned question ids, in their planned
//! order, are found again in the loaded packs and each shown in the display order its seed
//! gives ([`super::display_order`]), so the questions, their order and their choices' order
//! are what they were. The answers stored for it fill their questions' slots (by question
//! id), are counted in the score and listed in an exam's review; the session goes on at its
//! first unanswered question, numbered as in the whole session ("question 3 of 4"). Questions
//! no longer in the loaded packs are left out, both from what is asked and from what is
//! counted ([`Session::left_out`] says how many); the store keeps every answer given. A timed
//! session keeps its deadline: the clock started when the session first opened.
//!
//! **Adaptive sessions** (placement) hold a [`Picker`]: each answer to the last question
//! held asks it for the next one, so the plan grows one question at a time until the picker
//! says it is over. Resumed, such a session holds the questions answered, in the order given,
//! and goes on from there once its picker is attached ([`Session::attach`]).

use super::{
    Adaptive, Answered, Confidence, Item, Mode, NothingToRetake, Picker, Response, SessionKind,
    Verdict,
};
use crate::pack::Pack;

/// A session about to start: what to ask and how.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// The questions in the order they are asked, each with its display order.
    pub items: Vec<Item>,
    pub mode: Mode,
    pub seed: u64,
    /// What the session is, as stored: its filters and kind (see [`SessionKind`]).
    pub filters_json: String,
    /// The whole time the session has, in milliseconds (an exam's limit).
    pub time_limit_ms: Option<u64>,
    /// The profile the session was taken for.
    pub profile: Option<String>,
}

impl Plan {
    /// A retake of a set of answers (pack id, question id, score, in the order given): the
    /// questions they [`super::missed`], each found in its own pack, as a new session of
    /// `mode` planned with `seed`, untimed, marked as a retake of session `of`.
    pub fn retake(
        packs: &[Pack],
        answers: &[(&str, &str, f64)],
        of: Option<i64>,
        mode: Mode,
        profile: Option<String>,
        seed: u64,
    ) -> Result<Plan, NothingToRetake> {
        Ok(Plan {
            items: super::retake(packs, answers, seed)?,
            mode,
            seed,
            filters_json: SessionKind::Retake { of }.filters_json(&super::Filters::default()),
            time_limit_ms: None,
            profile,
        })
    }

    /// The ids of the packs the plan draws on, in the order of `packs`.
    pub fn pack_indices(&self) -> Vec<usize> {
        let mut used: Vec<usize> = self.items.iter().map(|i| i.pack).collect();
        used.sort_unstable();
        used.dedup();
        used
    }

    /// The planned question ids, in order (what the store keeps to resume).
    pub fn question_ids(&self, packs: &[Pack]) -> Vec<String> {
        self.items
            .iter()
            .filter_map(|item| item.question(packs).map(|q| q.id.clone()))
            .collect()
    }
}

/// What is kept of a stored session to resume it (the store hands it over).
#[derive(Debug, Clone, PartialEq)]
pub struct StoredSession<'a> {
    pub mode: Mode,
    pub seed: u64,
    pub filters_json: &'a str,
    /// The ids of the packs it drew on.
    pub pack_ids: Vec<&'a str>,
    /// Its planned questions, in order.
    pub question_ids: &'a [String],
    pub time_limit_secs: Option<u64>,
    pub profile: Option<&'a str>,
    pub started_at_ms: i64,
}

/// One answer stored for a session, in the order given.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredAnswer<'a> {
    pub pack_id: &'a str,
    pub question_id: &'a str,
    /// `None` when the stored response cannot be read (counted as skipped).
    pub response: Option<Response>,
    /// The score it was marked when given.
    pub score: f64,
    pub time_taken_ms: u64,
    /// The learner marked it right afterwards ("I was right"): it counts as right.
    pub overridden: bool,
}

/// One answer to commit: the item it answers, the response, its score, how sure the
/// learner was and how long it took.
#[derive(Debug, Clone, PartialEq)]
pub struct Given {
    /// Position of the item in the session.
    pub index: usize,
    pub item: Item,
    pub response: Response,
    pub score: f64,
    pub confidence: Option<Confidence>,
    pub time_taken_ms: u64,
    pub answered_at_ms: i64,
}

/// An answer the learner marked right ([`Session::overrule`]), for the caller to store.
#[derive(Debug, Clone, PartialEq)]
pub struct Overruled {
    /// Position of the item in the session.
    pub index: usize,
    /// Index of its pack among the session's packs.
    pub pack: usize,
    pub question_id: String,
    /// The score it was marked before.
    pub was: f64,
}

/// What answering did.
#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    /// The answer is counted; commit it.
    Counted(Given),
    /// The answer came after the deadline and is not counted: the question it answered
    /// and every one left are timed out (commit them all); the session is over.
    Late(Vec<Given>),
    /// There is no question to answer (the session is over).
    Nothing,
}

/// A quiz session in progress (or over, while its summary is shown).
#[derive(Debug, Clone, PartialEq)]
pub struct Session {
    mode: Mode,
    kind: SessionKind,
    seed: u64,
    filters_json: String,
    profile: Option<String>,
    items: Vec<Item>,
    /// One slot per item: its answer once given.
    results: Vec<Option<Answered>>,
    /// The item on screen; `items.len()` once the session is over.
    index: usize,
    started_at_ms: i64,
    time_limit_ms: Option<u64>,
    shown_at_ms: i64,
    timed_out: bool,
    left_out: usize,
    /// Picks the next question of an adaptive session.
    picker: Option<Picker>,
}

impl Session {
    /// A new session at its first question, its clock started at `now_ms`.
    pub fn new(plan: Plan, now_ms: i64) -> Session {
        let n = plan.items.len();
        Session {
            kind: SessionKind::of(plan.mode.name(), &plan.filters_json),
            mode: plan.mode,
            seed: plan.seed,
            filters_json: plan.filters_json,
            profile: plan.profile,
            results: vec![None; n],
            items: plan.items,
            index: 0,
            started_at_ms: now_ms,
            time_limit_ms: plan.time_limit_ms,
            shown_at_ms: now_ms,
            timed_out: false,
            left_out: 0,
            picker: None,
        }
    }

    /// A new adaptive session: its questions come from `picker`, one per answer, starting
    /// with the first it picks (the plan's items, if any, are asked first).
    pub fn adaptive(plan: Plan, picker: Box<dyn Adaptive>, packs: &[Pack], now_ms: i64) -> Session {
        let mut session = Session::new(plan, now_ms);
        session.attach(picker, packs, now_ms);
        session
    }

    /// Gives the session its picker (a resumed adaptive session gets it back this way) and,
    /// when every question it holds is answered, asks it for the next.
    pub fn attach(&mut self, picker: Box<dyn Adaptive>, packs: &[Pack], now_ms: i64) {
        self.picker = Some(Picker(picker));
        if self.index >= self.items.len() && !self.timed_out {
            self.pick_next(packs);
            self.go_to_unanswered(now_ms);
        }
    }

    /// Whether the questions are picked as the session goes (placement).
    pub fn is_adaptive(&self) -> bool {
        self.picker.is_some()
    }

    /// How far an adaptive session has got ("7 of 11 decided").
    pub fn progress_line(&self) -> Option<String> {
        self.picker.as_ref().map(|p| p.0.progress())
    }

    /// The questions the session will ask at most: its plan, or an adaptive session's cap.
    pub fn planned(&self) -> usize {
        match &self.picker {
            Some(picker) => picker.0.cap().max(self.items.len()),
            None => self.items.len(),
        }
    }

    /// Where the question on screen stands: "3 of 10", or for an adaptive session, whose
    /// length is not known ahead, "3 of at most 60".
    pub fn position_words(&self) -> String {
        let number = self.index.min(self.items.len().saturating_sub(1)) + 1;
        match &self.picker {
            Some(_) => format!("{number} of at most {}", self.planned()),
            None => format!("{number} of {}", self.items.len()),
        }
    }

    /// Asks the picker for the question after every one held (each answered), and holds it.
    fn pick_next(&mut self, packs: &[Pack]) {
        let Some(picker) = self.picker.as_mut() else {
            return;
        };
        if self.results.iter().any(Option::is_none) {
            return;
        }
        let asked: Vec<(&Item, f64)> = self
            .items
            .iter()
            .zip(&self.results)
            .map(|(item, answer)| (item, answer.as_ref().map_or(0.0, |a| a.score)))
            .collect();
        if let Some(item) = picker.0.next(packs, &asked) {
            self.items.push(item);
            self.results.push(None);
        }
    }

    /// A stored session resumed whole (see the module's doc): every planned question still
    /// in `packs`, the stored answers in their slots, at the first unanswered question
    /// (or over, when none is left).
    pub fn resume<'a>(
        packs: &[Pack],
        stored: &StoredSession<'_>,
        answers: impl IntoIterator<Item = StoredAnswer<'a>>,
        now_ms: i64,
    ) -> Session {
        let answers: Vec<StoredAnswer<'a>> = answers.into_iter().collect();
        let kind = SessionKind::of(stored.mode.name(), stored.filters_json);
        // An adaptive session's plan is what it asked: its answers, in the order given.
        let ids: Vec<&str> = if kind == SessionKind::Placement {
            answers.iter().map(|a| a.question_id).collect()
        } else {
            stored.question_ids.iter().map(String::as_str).collect()
        };
        let positions = super::locate_all(packs, &stored.pack_ids, &ids);
        let items = super::plan_of(packs, &positions, stored.seed);
        let mut session = Session {
            kind,
            mode: stored.mode,
            seed: stored.seed,
            filters_json: stored.filters_json.to_owned(),
            profile: stored.profile.map(str::to_owned),
            results: vec![None; items.len()],
            left_out: ids.len().saturating_sub(items.len()),
            items,
            index: 0,
            started_at_ms: stored.started_at_ms,
            time_limit_ms: stored.time_limit_secs.map(|s| s.saturating_mul(1000)),
            shown_at_ms: now_ms,
            timed_out: false,
            picker: None,
        };
        for answer in answers {
            let slot = (0..session.items.len()).find(|&i| {
                session.results.get(i).is_some_and(Option::is_none)
                    && session.items.get(i).is_some_and(|item| {
                        packs
                            .get(item.pack)
                            .is_some_and(|p| p.meta.id == answer.pack_id)
                            && item
                                .question(packs)
                                .is_some_and(|q| q.id == answer.question_id)
                    })
            });
            if let Some(slot) = slot.and_then(|i| session.results.get_mut(i)) {
                *slot = Some(Answered {
                    response: answer.response.unwrap_or(Response::Skipped),
                    score: if answer.overridden { 1.0 } else { answer.score },
                    time_taken_ms: answer.time_taken_ms,
                    overridden: answer.overridden,
                });
            }
        }
        session.go_to_unanswered(now_ms);
        session
    }

    pub fn mode(&self) -> Mode {
        self.mode
    }

    /// What the session is (a review, a retake, a teacher's exam...), for titles.
    pub fn kind(&self) -> &SessionKind {
        &self.kind
    }

    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// What the session is, as stored.
    pub fn filters_json(&self) -> &str {
        &self.filters_json
    }

    pub fn profile(&self) -> Option<&str> {
        self.profile.as_deref()
    }

    /// The session as planned so far (an adaptive one's plan holds the questions picked
    /// until now): what the store keeps of it.
    pub fn plan(&self) -> Plan {
        Plan {
            items: self.items().to_vec(),
            mode: self.mode(),
            seed: self.seed(),
            filters_json: self.filters_json().to_owned(),
            time_limit_ms: self.time_limit_ms(),
            profile: self.profile().map(str::to_owned),
        }
    }

    pub fn items(&self) -> &[Item] {
        &self.items
    }

    /// One slot per item: its answer once given.
    pub fn results(&self) -> &[Option<Answered>] {
        &self.results
    }

    /// Each item with its answer, if any, in the order asked.
    pub fn slots(&self) -> impl Iterator<Item = (&Item, Option<&Answered>)> {
        self.items
            .iter()
            .zip(self.results.iter().map(Option::as_ref))
    }

    /// Position of the item on screen (`items().len()` once over).
    pub fn index(&self) -> usize {
        self.index
    }

    /// The item on screen: the one being answered, or in practice mode the one just
    /// answered until [`Session::advance`]. `None` once the session is over.
    pub fn current(&self) -> Option<&Item> {
        self.items.get(self.index)
    }

    /// The answer given to the item on screen, once given.
    pub fn current_answer(&self) -> Option<&Answered> {
        self.results.get(self.index)?.as_ref()
    }

    pub fn answered(&self) -> usize {
        self.results.iter().filter(|r| r.is_some()).count()
    }

    pub fn total_score(&self) -> f64 {
        self.results.iter().flatten().map(|a| a.score).sum()
    }

    /// Items not answered right (see [`Verdict::is_right`]): what a retake asks again.
    pub fn missed(&self) -> usize {
        self.results
            .iter()
            .filter(|r| r.as_ref().is_none_or(|a| !Verdict::is_right(a.score)))
            .count()
    }

    /// Whether the session is over: every item answered, skipped or timed out.
    pub fn is_over(&self) -> bool {
        self.index >= self.items.len()
    }

    pub fn timed_out(&self) -> bool {
        self.timed_out
    }

    /// Questions of a resumed session that are no longer in the loaded packs.
    pub fn left_out(&self) -> usize {
        self.left_out
    }

    pub fn started_at_ms(&self) -> i64 {
        self.started_at_ms
    }

    /// The whole time limit, in milliseconds.
    pub fn time_limit_ms(&self) -> Option<u64> {
        self.time_limit_ms
    }

    /// The time limit as stored (whole seconds).
    pub fn time_limit_secs(&self) -> Option<u64> {
        self.time_limit_ms.map(|ms| ms / 1000)
    }

    /// When time is up (unix milliseconds), for a timed session.
    pub fn deadline_ms(&self) -> Option<i64> {
        self.time_limit_ms.map(|limit| {
            self.started_at_ms
                .saturating_add(i64::try_from(limit).unwrap_or(i64::MAX))
        })
    }

    /// Time left at `now_ms` (never below zero), for a timed session.
    pub fn time_left_ms(&self, now_ms: i64) -> Option<u64> {
        self.deadline_ms()
            .map(|d| u64::try_from(d.saturating_sub(now_ms)).unwrap_or(0))
    }

    fn past_deadline(&self, now_ms: i64) -> bool {
        self.deadline_ms().is_some_and(|d| now_ms >= d)
    }

    /// Whether leaving now keeps the session to resume ([`super::kept_when_left`]).
    pub fn kept_when_left(&self) -> bool {
        super::kept_when_left(self.answered())
    }

    /// Whether its scores are kept from view now ([`super::score_withheld`]).
    pub fn score_withheld(&self) -> bool {
        super::score_withheld(self.mode, self.is_over())
    }

    /// Scores `response` to `packs`' question on screen and puts it in its slot; the
    /// session stays on that question (for practice feedback) until [`Session::advance`].
    /// After the deadline the answer is not counted: the session times out instead.
    pub fn answer(
        &mut self,
        packs: &[Pack],
        response: Response,
        confidence: Option<Confidence>,
        now_ms: i64,
    ) -> Answer {
        if self.past_deadline(now_ms) && !self.timed_out {
            return Answer::Late(self.time_out(now_ms));
        }
        let Some(item) = self.items.get(self.index).cloned() else {
            return Answer::Nothing;
        };
        if self.results.get(self.index).is_some_and(Option::is_some) {
            return Answer::Nothing;
        }
        let Some(question) = item.question(packs) else {
            return Answer::Nothing;
        };
        let score = super::score(question, &response);
        let time_taken_ms = u64::try_from(now_ms.saturating_sub(self.shown_at_ms)).unwrap_or(0);
        if let Some(slot) = self.results.get_mut(self.index) {
            *slot = Some(Answered {
                response: response.clone(),
                score,
                time_taken_ms,
                overridden: false,
            });
        }
        self.pick_next(packs);
        Answer::Counted(Given {
            index: self.index,
            item,
            response,
            score,
            confidence,
            time_taken_ms,
            answered_at_ms: now_ms,
        })
    }

    /// Skips the question on screen: a [`Response::Skipped`] answer, scored 0.
    pub fn skip(&mut self, packs: &[Pack], now_ms: i64) -> Answer {
        self.answer(packs, Response::Skipped, None, now_ms)
    }

    /// Once the deadline has passed: every unanswered question is timed out (scored 0) and
    /// the session is over. Returns the answers to commit (none when every question was
    /// answered in time); `None` if time is not up or the session timed out already.
    pub fn time_out_if_due(&mut self, now_ms: i64) -> Option<Vec<Given>> {
        if self.timed_out || !self.past_deadline(now_ms) {
            return None;
        }
        Some(self.time_out(now_ms))
    }

    /// Only the question on screen was seen: it times out (a wrong answer); the others were
    /// never shown and are [`Response::NotReached`], which is no evidence.
    fn time_out(&mut self, now_ms: i64) -> Vec<Given> {
        self.timed_out = true;
        let on_screen = self.index;
        let mut given = Vec::new();
        for (index, (item, slot)) in self.items.iter().zip(&mut self.results).enumerate() {
            if slot.is_some() {
                continue;
            }
            let response = if index == on_screen {
                Response::TimedOut
            } else {
                Response::NotReached
            };
            *slot = Some(Answered {
                response: response.clone(),
                score: 0.0,
                time_taken_ms: 0,
                overridden: false,
            });
            given.push(Given {
                index,
                item: item.clone(),
                response,
                score: 0.0,
                confidence: None,
                time_taken_ms: 0,
                answered_at_ms: now_ms,
            });
        }
        self.index = self.items.len();
        given
    }

    /// "I was right": the learner, having seen the accepted answers, marks the answer in
    /// slot `index` right. Only a typed Short or Numeric answer not already right (see
    /// [`Response::may_be_overruled`]), once: it then counts as right (score 1) in the
    /// session's score, its summary and a retake. Returns what the caller stores (the store
    /// keeps the score it was marked beside the mark); `None` when it may not be overruled.
    /// An adaptive session's picker hears of it, so its next pick and its progress line see
    /// the corrected score ([`Adaptive::overruled`]).
    pub fn overrule(&mut self, packs: &[Pack], index: usize) -> Option<Overruled> {
        let item = self.items.get(index)?;
        let question = item.question(packs)?;
        let answered = self.results.get_mut(index)?.as_mut()?;
        if answered.overridden
            || !answered.response.may_be_overruled()
            || Verdict::is_right(answered.score)
        {
            return None;
        }
        let was = answered.score;
        answered.score = 1.0;
        answered.overridden = true;
        let overruled = Overruled {
            index,
            pack: item.pack,
            question_id: question.id.clone(),
            was,
        };
        self.repick_after_overrule(packs, index, was);
        Some(overruled)
    }

    /// An adaptive session's picker hears of the overruled answer in slot `index`, and the
    /// question it picked after the last answer, when not yet shown (practice feedback is
    /// still on screen), is picked afresh from the corrected score.
    fn repick_after_overrule(&mut self, packs: &[Pack], index: usize, was: f64) {
        let Some(picker) = self.picker.as_mut() else {
            return;
        };
        let (Some(item), Some(Some(answered))) = (self.items.get(index), self.results.get(index))
        else {
            return;
        };
        picker.0.overruled(packs, index, item, was, answered.score);
        let last = self.items.len().saturating_sub(1);
        let unseen = self.index != last && self.results.get(last).is_some_and(Option::is_none);
        if unseen {
            self.items.pop();
            self.results.pop();
            self.pick_next(packs);
        }
    }

    /// [`Session::overrule`] of the question on screen (practice feedback).
    pub fn override_current(&mut self, packs: &[Pack]) -> Option<Overruled> {
        self.overrule(packs, self.index)
    }

    /// Moves to the first unanswered question from the current one on (wrapping round);
    /// returns `false` when none is left and the session is over.
    pub fn advance(&mut self, now_ms: i64) -> bool {
        self.go_to_unanswered(now_ms)
    }

    fn go_to_unanswered(&mut self, now_ms: i64) -> bool {
        let n = self.items.len();
        let from = self.index.min(n);
        let next = (0..n)
            .map(|i| (from + i) % n.max(1))
            .find(|&i| self.results.get(i).is_some_and(Option::is_none));
        match next {
            Some(index) => {
                self.index = index;
                self.shown_at_ms = now_ms;
                true
            }
            None => {
                self.index = n;
                false
            }
        }
    }

    /// A retake of what this session missed (answered below full marks, skipped or timed
    /// out), as a new session planned with `seed`; `of` is this session's stored id.
    pub fn retake(
        &self,
        packs: &[Pack],
        of: Option<i64>,
        seed: u64,
    ) -> Result<Plan, NothingToRetake> {
        let answers: Vec<(&str, &str, f64)> = self
            .slots()
            .filter_map(|(item, answered)| {
                let pack = packs.get(item.pack)?;
                let question = pack.questions.get(item.question)?;
                Some((
                    pack.meta.id.as_str(),
                    question.id.as_str(),
                    answered.map_or(0.0, |a| a.score),
                ))
            })
            .collect();
        Plan::retake(packs, &answers, of, self.mode, self.profile.clone(), seed)
    }
}

#[cfg(test)]
#[path = "session_tests.rs"]
mod tests;
