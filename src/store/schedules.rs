//! What the learning features keep in the database: settings (chosen profile per pack, exam
//! date per profile, desired retention, whether to ask for confidence), the FSRS state each
//! answer leaves (updated inside the answer's own transaction), and the bulk reads that
//! review planning, calibration and trends need.

use std::collections::HashMap;

use rusqlite::{Connection, OptionalExtension, params};

use super::{NewAnswer, Store, StoreError};
use crate::learning::{self, CalendarDate, Confidence, ScheduleState, state::DEFAULT_RETENTION};
use crate::pack::KindName;

const RETENTION_KEY: &str = "desired_retention";
const CONFIDENCE_KEY: &str = "ask_confidence";
const DASHBOARD_PACK_KEY: &str = "dashboard_pack";

fn profile_key(pack_id: &str) -> String {
    format!("profile/{pack_id}")
}

fn date_key(pack_id: &str, profile: &str) -> String {
    format!("target_date/{pack_id}/{profile}")
}

/// An answer with its confidence, for calibration.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ConfidenceRow<'a> {
    pub question_id: &'a str,
    pub category: &'a str,
    /// The score it counts for (1 when the learner marked it right).
    pub score: f64,
    pub confidence: Confidence,
    pub answered_at_ms: i64,
    /// The learner marked it right after seeing the accepted answers.
    pub overridden: bool,
}

/// Keeps the FSRS states touched by one write transaction in memory and writes each once.
#[derive(Debug)]
pub(super) struct Scheduler<'c> {
    conn: &'c Connection,
    retention: f64,
    states: HashMap<(String, String), Option<ScheduleState>>,
}

/// FSRS refused a state (it can only be a damaged stored one); reported as a conversion
/// failure so that it reads as a damaged record.
fn schedule_failure(error: &learning::ScheduleError) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        0,
        rusqlite::types::Type::Real,
        error.to_string().into(),
    )
}

impl<'c> Scheduler<'c> {
    pub(super) fn new(conn: &'c Connection) -> rusqlite::Result<Scheduler<'c>> {
        let retention = read_setting(conn, RETENTION_KEY)?
            .and_then(|text| text.parse::<f64>().ok())
            .map_or(DEFAULT_RETENTION, learning::state::clamp_retention);
        Ok(Scheduler {
            conn,
            retention,
            states: HashMap::new(),
        })
    }

    /// Moves the question's state on by one answer.
    pub(super) fn apply(&mut self, answer: &NewAnswer) -> rusqlite::Result<()> {
        self.apply_parts(
            &answer.pack.id,
            &answer.question_id,
            &learning::Answer {
                score: answer.score,
                confidence: answer.confidence,
                kind: Some(answer.kind),
                time_taken_ms: answer.time_taken_ms,
            },
            &answer.content_hash,
            answer.answered_at_ms,
        )
    }

    fn apply_parts(
        &mut self,
        pack_id: &str,
        question_id: &str,
        answer: &learning::Answer,
        content_hash: &str,
        at_ms: i64,
    ) -> rusqlite::Result<()> {
        let key = (pack_id.to_owned(), question_id.to_owned());
        if !self.states.contains_key(&key) {
            let stored = read_schedule(self.conn, pack_id, question_id)?;
            self.states.insert(key.clone(), stored);
        }
        let Some(slot) = self.states.get_mut(&key) else {
            return Ok(()); // inserted just above
        };
        let rating = learning::grade(answer).rating;
        let next = learning::next_state(slot.as_ref(), rating, at_ms, content_hash, self.retention)
            .map_err(|e| schedule_failure(&e))?;
        *slot = Some(next);
        Ok(())
    }

    /// Writes every state touched.
    pub(super) fn finish(self) -> rusqlite::Result<()> {
        for ((pack_id, question_id), state) in &self.states {
            if let Some(state) = state {
                write_schedule(self.conn, pack_id, question_id, state)?;
            }
        }
        Ok(())
    }
}

fn read_setting(conn: &Connection, key: &str) -> rusqlite::Result<Option<String>> {
    conn.prepare_cached("SELECT value FROM settings WHERE key = ?1")?
        .query_row([key], |r| r.get(0))
        .optional()
}

fn schedule_row(r: &rusqlite::Row<'_>, first: usize) -> rusqlite::Result<ScheduleState> {
    Ok(ScheduleState {
        stability: r.get(first)?,
        difficulty: r.get(first + 1)?,
        due_ms: r.get(first + 2)?,
        reps: r.get(first + 3)?,
        lapses: r.get(first + 4)?,
        last_review_ms: r.get(first + 5)?,
        content_hash: r.get(first + 6)?,
    })
}

/// Inserts or replaces the scheduling state of one question.
pub(super) fn write_schedule(
    conn: &Connection,
    pack_id: &str,
    question_id: &str,
    state: &ScheduleState,
) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO schedule (pack_id, question_id, stability, difficulty, due_ms, reps,
             lapses, last_review_ms, content_hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
         ON CONFLICT (pack_id, question_id) DO UPDATE SET
             stability = excluded.stability, difficulty = excluded.difficulty,
             due_ms = excluded.due_ms, reps = excluded.reps, lapses = excluded.lapses,
             last_review_ms = excluded.last_review_ms, content_hash = excluded.content_hash",
    )?
    .execute(params![
        pack_id,
        question_id,
        state.stability,
        state.difficulty,
        state.due_ms,
        state.reps,
        state.lapses,
        state.last_review_ms,
        state.content_hash,
    ])?;
    Ok(())
}

pub(super) fn read_schedule(
    conn: &Connection,
    pack_id: &str,
    question_id: &str,
) -> rusqlite::Result<Option<ScheduleState>> {
    conn.prepare_cached(
        "SELECT stability, difficulty, due_ms, reps, lapses, last_review_ms, content_hash
         FROM schedule WHERE pack_id = ?1 AND question_id = ?2",
    )?
    .query_row([pack_id, question_id], |r| schedule_row(r, 0))
    .optional()
}

/// Migration helper: rebuilds every question's FSRS state by replaying the stored answers in
/// the order they were given (with the default retention), so a history from before
/// scheduling existed gets a review plan at once.
///
/// Questions a timed session never showed (`not_reached`) are left out: they are no
/// evidence. Runs from schema version 2 on, so it reads no column added later.
pub(super) fn rebuild_schedules(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute("DELETE FROM schedule", [])?;
    let mut select = conn.prepare(
        "SELECT pack_id, question_id, kind, score, confidence, time_taken_ms, content_hash,
             answered_at_ms
         FROM answers WHERE response_json <> ?1 ORDER BY answered_at_ms, id",
    )?;
    let rows = select.query([super::scored::NOT_REACHED_JSON])?;
    replay(conn, rows)
}

/// Rebuilds one question's FSRS state by replaying its answers in the order given, each
/// with the score it counts for (an overridden one as right): after the learner marked one
/// of them right, the schedule is what it would have been had it been marked so at once.
///
/// The answers are found by the times the score log holds for the question (every answer
/// shown is logged), each time one seek in `answers_by_pack`: among a million answers this
/// reads the compact log rather than every answer row of the pack.
pub(super) fn replay_question(
    conn: &Connection,
    pack_id: &str,
    question_id: &str,
) -> rusqlite::Result<()> {
    let mut times = super::scored::times_of(conn, pack_id, question_id)?;
    times.sort_unstable();
    times.dedup();
    conn.prepare_cached("DELETE FROM schedule WHERE pack_id = ?1 AND question_id = ?2")?
        .execute([pack_id, question_id])?;
    let mut scheduler = Scheduler::new(conn)?;
    let mut select = conn.prepare_cached(
        "SELECT pack_id, question_id, kind, CASE WHEN overridden = 1 THEN 1.0 ELSE score END,
             confidence, time_taken_ms, content_hash, answered_at_ms
         FROM answers
         WHERE pack_id = ?1 AND answered_at_ms = ?2 AND question_id = ?3 AND response_json <> ?4
         ORDER BY id",
    )?;
    for at in times {
        let rows = select.query(params![
            pack_id,
            at,
            question_id,
            super::scored::NOT_REACHED_JSON
        ])?;
        apply_rows(&mut scheduler, rows)?;
    }
    scheduler.finish()
}

/// Applies `rows` (pack, question, kind, score, confidence, time taken, content hash, time
/// answered), in order, to the stored schedules.
fn replay(conn: &Connection, rows: rusqlite::Rows<'_>) -> rusqlite::Result<()> {
    let mut scheduler = Scheduler::new(conn)?;
    apply_rows(&mut scheduler, rows)?;
    scheduler.finish()
}

/// Applies `rows` (as [`replay`] reads them) to `scheduler`, in order.
fn apply_rows(scheduler: &mut Scheduler<'_>, mut rows: rusqlite::Rows<'_>) -> rusqlite::Result<()> {
    while let Some(r) = rows.next()? {
        let pack_id: String = r.get(0)?;
        let question_id: String = r.get(1)?;
        let kind: String = r.get(2)?;
        let confidence: Option<String> = r.get(4)?;
        let time_taken_ms: i64 = r.get(5)?;
        let content_hash: String = r.get(6)?;
        scheduler.apply_parts(
            &pack_id,
            &question_id,
            &learning::Answer {
                score: r.get(3)?,
                confidence: confidence.as_deref().and_then(Confidence::from_name),
                kind: KindName::from_name(&kind),
                time_taken_ms: u64::try_from(time_taken_ms).unwrap_or(0),
            },
            &content_hash,
            r.get(7)?,
        )?;
    }
    Ok(())
}

impl Store {
    fn setting(&self, key: &str) -> Result<Option<String>, StoreError> {
        read_setting(&self.conn, key).map_err(|source| self.fail(source))
    }

    fn put_setting(&self, key: &str, value: Option<&str>) -> Result<(), StoreError> {
        self.write(|tx| {
            let result = match value {
                Some(value) => tx.execute(
                    "INSERT INTO settings (key, value) VALUES (?1, ?2)
                     ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    params![key, value],
                ),
                None => tx.execute("DELETE FROM settings WHERE key = ?1", [key]),
            };
            result.map(|_| ()).map_err(|source| self.fail(source))
        })
    }

    fn damaged_setting(&self, key: &str, value: &str) -> StoreError {
        StoreError::Damaged {
            path: self.path.clone(),
            what: format!("setting {key:?} holds {value:?}, which cannot be read"),
        }
    }

    /// The profile chosen for a pack (`skillgap profile set`), if any.
    pub fn chosen_profile(&self, pack_id: &str) -> Result<Option<String>, StoreError> {
        self.setting(&profile_key(pack_id))
    }

    /// Chooses (or with `None` forgets) the profile of a pack.
    pub fn set_chosen_profile(
        &self,
        pack_id: &str,
        profile: Option<&str>,
    ) -> Result<(), StoreError> {
        self.put_setting(&profile_key(pack_id), profile)
    }

    /// The id of the pack the dashboard showed last (chosen in the app), if any.
    pub fn dashboard_pack(&self) -> Result<Option<String>, StoreError> {
        self.setting(DASHBOARD_PACK_KEY)
    }

    /// Remembers the pack the dashboard shows, for the next start.
    pub fn set_dashboard_pack(&self, pack_id: &str) -> Result<(), StoreError> {
        self.put_setting(DASHBOARD_PACK_KEY, Some(pack_id))
    }

    /// The exam date set for a profile of a pack, if any.
    pub fn target_date(
        &self,
        pack_id: &str,
        profile: &str,
    ) -> Result<Option<CalendarDate>, StoreError> {
        let key = date_key(pack_id, profile);
        match self.setting(&key)? {
            Some(text) => CalendarDate::parse(&text)
                .map(Some)
                .map_err(|_| self.damaged_setting(&key, &text)),
            None => Ok(None),
        }
    }

    /// Sets (or with `None` clears) the exam date of a profile of a pack.
    pub fn set_target_date(
        &self,
        pack_id: &str,
        profile: &str,
        date: Option<CalendarDate>,
    ) -> Result<(), StoreError> {
        let text = date.map(|d| d.to_string());
        self.put_setting(&date_key(pack_id, profile), text.as_deref())
    }

    /// The retention FSRS schedules for (default 0.9).
    pub fn desired_retention(&self) -> Result<f64, StoreError> {
        match self.setting(RETENTION_KEY)? {
            Some(text) => match text.parse::<f64>() {
                Ok(value) if learning::state::RETENTION_RANGE.contains(&value) => Ok(value),
                _ => Err(self.damaged_setting(RETENTION_KEY, &text)),
            },
            None => Ok(DEFAULT_RETENTION),
        }
    }

    /// Sets the desired retention; values outside 0.70..=0.99 are refused.
    pub fn set_desired_retention(&self, retention: f64) -> Result<(), StoreError> {
        if !learning::state::RETENTION_RANGE.contains(&retention) {
            return Err(self.invalid(format!(
                "desired retention {retention} is outside 0.70..=0.99"
            )));
        }
        self.put_setting(RETENTION_KEY, Some(&retention.to_string()))
    }

    /// Whether quizzes ask for confidence before revealing the answer (default: no).
    pub fn ask_confidence(&self) -> Result<bool, StoreError> {
        match self.setting(CONFIDENCE_KEY)?.as_deref() {
            None | Some("off") => Ok(false),
            Some("on") => Ok(true),
            Some(other) => Err(self.damaged_setting(CONFIDENCE_KEY, other)),
        }
    }

    pub fn set_ask_confidence(&self, ask: bool) -> Result<(), StoreError> {
        self.put_setting(CONFIDENCE_KEY, Some(if ask { "on" } else { "off" }))
    }

    /// Sets the scheduling states of many questions of one pack in one transaction: an
    /// import carrying a deck's memory over. Refuses them all if one is not finite.
    pub fn put_schedules(
        &self,
        pack_id: &str,
        states: &[(String, ScheduleState)],
    ) -> Result<usize, StoreError> {
        if let Some((question_id, _)) = states
            .iter()
            .find(|(_, s)| !s.stability.is_finite() || !s.difficulty.is_finite())
        {
            return Err(self.invalid(format!(
                "schedule of question {question_id:?} has a non-finite stability or difficulty"
            )));
        }
        self.write(|tx| {
            for (question_id, state) in states {
                write_schedule(tx, pack_id, question_id, state)
                    .map_err(|source| self.fail(source))?;
            }
            Ok(states.len())
        })
    }

    /// Every question of a pack with a scheduling state: the questions ever answered, each
    /// with its FSRS state. One indexed range read.
    pub fn schedules(&self, pack_id: &str) -> Result<HashMap<String, ScheduleState>, StoreError> {
        let run = || -> rusqlite::Result<HashMap<String, ScheduleState>> {
            let mut select = self.conn.prepare_cached(
                "SELECT question_id, stability, difficulty, due_ms, reps, lapses, last_review_ms,
                     content_hash
                 FROM schedule WHERE pack_id = ?1",
            )?;
            let mut rows = select.query([pack_id])?;
            let mut out = HashMap::new();
            while let Some(r) = rows.next()? {
                out.insert(r.get(0)?, schedule_row(r, 1)?);
            }
            Ok(out)
        };
        run().map_err(|source| self.fail(source))
    }

    /// How many questions of a pack are due at `now_ms`, and the earliest due time after it.
    pub fn due_summary(
        &self,
        pack_id: &str,
        now_ms: i64,
    ) -> Result<(usize, Option<i64>), StoreError> {
        let run = || -> rusqlite::Result<(usize, Option<i64>)> {
            let due: i64 = self
                .conn
                .prepare_cached(
                    "SELECT count(*) FROM schedule WHERE pack_id = ?1 AND due_ms <= ?2",
                )?
                .query_row(params![pack_id, now_ms], |r| r.get(0))?;
            let next: Option<i64> = self
                .conn
                .prepare_cached(
                    "SELECT min(due_ms) FROM schedule WHERE pack_id = ?1 AND due_ms > ?2",
                )?
                .query_row(params![pack_id, now_ms], |r| r.get(0))?;
            Ok((usize::try_from(due).unwrap_or(0), next))
        };
        run().map_err(|source| self.fail(source))
    }

    /// How many answers of a pack given with a confidence the learner marked right ("I was
    /// right"): calibration names them apart (the score log counts them as right).
    pub fn overridden_with_confidence(&self, pack_id: &str) -> Result<usize, StoreError> {
        self.conn
            .prepare_cached(
                "SELECT count(*) FROM answers
                 WHERE overridden = 1 AND pack_id = ?1 AND confidence IS NOT NULL",
            )
            .and_then(|mut select| select.query_row([pack_id], |r| r.get::<_, i64>(0)))
            .map(|n| usize::try_from(n).unwrap_or(0))
            .map_err(|source| self.fail(source))
    }

    /// Streams the answers of a pack given with a confidence, oldest first (a confidence
    /// word skillgap does not write is left out), from the `answers` table. The reports read
    /// confidences from the score log (`for_each_scored`); this is the record they are
    /// checked against.
    pub fn for_each_confidence(
        &self,
        pack_id: &str,
        mut f: impl FnMut(ConfidenceRow<'_>),
    ) -> Result<(), StoreError> {
        let mut run = || -> rusqlite::Result<()> {
            let mut select = self.conn.prepare_cached(
                "SELECT question_id, category, CASE WHEN overridden = 1 THEN 1.0 ELSE score END,
                     confidence, answered_at_ms, overridden
                 FROM answers
                 WHERE pack_id = ?1 AND confidence IS NOT NULL ORDER BY answered_at_ms, id",
            )?;
            let mut rows = select.query([pack_id])?;
            while let Some(r) = rows.next()? {
                let Some(confidence) = Confidence::from_name(r.get_ref(3)?.as_str()?) else {
                    continue;
                };
                f(ConfidenceRow {
                    question_id: r.get_ref(0)?.as_str()?,
                    category: r.get_ref(1)?.as_str()?,
                    score: r.get(2)?,
                    confidence,
                    answered_at_ms: r.get(4)?,
                    overridden: r.get::<_, i64>(5)? != 0,
                });
            }
            Ok(())
        };
        run().map_err(|source| self.fail(source))
    }
}
