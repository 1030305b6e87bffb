//! The history database (SQLite): sessions, every answer given and scheduling state per
//! question, with migrations by `user_version`. It stores what it is given and knows nothing
//! of terminals or of what a pack holds; what it reads back is decoded here, once, into the
//! core's types (mode, session kind, difficulty, question kind, confidence, response), so no
//! caller parses a stored word or JSON column.
//!
//! Durability: each write is its own `BEGIN IMMEDIATE` transaction in WAL mode with
//! `synchronous=FULL`, so an answer is on disk when `record_answer` returns and a killed
//! process loses nothing; a busy timeout lets several processes write at once.
//!
//! Scheduling: every stored answer also moves its question's FSRS state on (see
//! `crate::learning`), in the same transaction, so every path that stores answers schedules.
//!
//! Speed: besides `answers` (the full record, for export and resume) each answer's score goes
//! into a compact score log in the same transaction, which `for_each_scored` streams: a
//! million answers in tens of milliseconds (see `scored.rs`); and into `session_scores`, the
//! count and score sum per session and category, which the session list reads instead of
//! the answer rows, and which the session's own row repeats in one short blob for `history`
//! (see `tallies.rs`).
//!
//! Safety of other people's files: an existing file is checked (first with plain reads, then
//! read-only through SQLite) before anything is written to it. A file that is not SQLite,
//! another program's database or one from a newer skillgap is refused with an error saying
//! what to do, and left byte for byte as it was (see `open.rs`).
//!
//! Damage: a file that changed since skillgap last closed it cleanly is integrity-checked
//! before anything is written; a damaged one is refused and left byte for byte as it was,
//! with no journal file left behind; damage met later stops the checkpoint into it (see
//! `integrity.rs`). What can still be read is read row by row (see `rescue.rs`).

mod header;
mod integrity;
mod open;
mod records;
mod rescue;
mod schedules;
mod schema;
mod scored;
mod session_io;
mod tallies;

pub use records::{AnswerRecord, CategoryTally, History, SessionRecord, SessionSummary};
pub use rescue::Unreadable;
pub use schedules::ConfidenceRow;
pub use scored::ScoredRow;

use std::borrow::Borrow;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OptionalExtension, Transaction, TransactionBehavior, params};
use serde::{Deserialize, Serialize};

use crate::learning::Confidence;
use crate::pack::{Difficulty, KindName};
use crate::quiz::{Mode, Response};
use integrity::classify;
pub use schema::{APPLICATION_ID, SCHEMA_VERSION};

/// The database file inside the data directory.
pub const DB_FILE: &str = "skillgap.db";

/// How long a writer waits for another process's transaction before giving up. Writes are
/// single small transactions, so anything near this long means something is stuck.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// Row id of a session.
pub type SessionId = i64;

/// Everything that can go wrong with the database. Messages name the file and say what the
/// user can do about it.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "cannot tell where to keep skillgap's data (no home directory found): choose a directory with --data-dir DIR or SKILLGAP_HOME"
    )]
    NoDataDir,
    #[error(
        "the data directory given is empty: pass a directory with --data-dir DIR or SKILLGAP_HOME"
    )]
    EmptyDataDir,
    #[error(
        "cannot create the data directory {path}: {source}; check its permissions or choose another with --data-dir DIR"
    )]
    CreateDir {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "{path} is not a SQLite database (damaged, or some other file); skillgap left it untouched: move it away or choose another --data-dir"
    )]
    NotADatabase { path: PathBuf },
    #[error(
        "{path} is another program's SQLite database, not skillgap's; skillgap left it untouched: move it away or choose another --data-dir"
    )]
    Foreign { path: PathBuf },
    #[error(
        "{path} was written by a newer skillgap (schema version {found}; this one knows up to {known}); skillgap left it untouched: upgrade skillgap, or move the file away or choose another --data-dir"
    )]
    TooNew {
        path: PathBuf,
        found: i64,
        known: i64,
    },
    #[error(
        "{path} is damaged ({what}); skillgap did not change it. To recover: 1. save what can still be read with `skillgap export -o rescued.json` (it reads a damaged database without writing to it); 2. keep a copy of the file; 3. move it away (a new database is started on the next run) or choose another --data-dir"
    )]
    Damaged { path: PathBuf, what: String },
    #[error(
        "{path}-wal, the journal of answers not yet merged into {path}, was removed while skillgap was using it (by another program or a clean-up); skillgap stopped before writing anything more, so nothing it stored was overwritten: close every skillgap window, keep a copy of the data directory, then start skillgap again"
    )]
    JournalRemoved { path: PathBuf },
    #[error(
        "cannot read or write {path}: the disk reported an input/output error ({source}); nothing stored before was lost (a failed write is rolled back): check the disk, then try again"
    )]
    IoFailed {
        path: PathBuf,
        source: rusqlite::Error,
    },
    #[error(
        "{path} stayed locked by another program for {}s; close other skillgap windows and try again",
        BUSY_TIMEOUT.as_secs()
    )]
    Busy { path: PathBuf },
    #[error(
        "cannot read or write {path}: permission denied or cannot open ({source}); nothing was changed and nothing stored was lost: check the permissions of the file and its directory, or choose another --data-dir"
    )]
    Access {
        path: PathBuf,
        source: rusqlite::Error,
    },
    #[error(
        "{path} cannot use write-ahead logging (journal mode stays {mode}), which safe concurrent writes need; network file systems often lack it: choose a local --data-dir"
    )]
    NoWal { path: PathBuf, mode: String },
    #[error(
        "cannot write to {path}: the disk is full; nothing stored before was lost (the write that failed was rolled back): free some space and try again"
    )]
    DiskFull { path: PathBuf },
    #[error("{path} has no session {id}: start a new session")]
    UnknownSession { path: PathBuf, id: SessionId },
    #[error("refused to store in {path}: {what} (this is a bug in skillgap; please report it)")]
    Invalid { path: PathBuf, what: String },
    #[error(
        "database error in {path}: {source}; if it persists, check free disk space and permissions"
    )]
    Sqlite {
        path: PathBuf,
        source: rusqlite::Error,
    },
    #[error("cannot read {path}: {source}; check its permissions or choose another --data-dir")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// Where the data lives: `explicit` if given (the caller passes `--data-dir`, which clap
/// also fills from `SKILLGAP_HOME`), else the platform data directory
/// (`~/.local/share/skillgap` on Linux). The environment is not read here, so tests and
/// library users never touch the real data by accident.
pub fn data_dir(explicit: Option<&Path>) -> Result<PathBuf, StoreError> {
    match explicit {
        Some(dir) if dir.as_os_str().is_empty() => Err(StoreError::EmptyDataDir),
        Some(dir) => Ok(dir.to_path_buf()),
        None => directories::ProjectDirs::from("", "", "skillgap")
            .map(|dirs| dirs.data_dir().to_path_buf())
            .ok_or(StoreError::NoDataDir),
    }
}

/// The clock every stored time comes from, where callers of the store have long found it.
pub use crate::clock::now_ms;

/// How sessions and answers refer to `pack`: id, version and content hash.
pub fn pack_ref(pack: &crate::pack::Pack) -> PackRef {
    PackRef {
        id: pack.meta.id.clone(),
        version: pack.meta.version.clone(),
        content_hash: pack.content_hash(),
    }
}

/// A pack as a session or an answer refers to it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PackRef {
    pub id: String,
    pub version: String,
    pub content_hash: String,
}

/// A session about to start.
#[derive(Debug, Clone, PartialEq)]
pub struct NewSession {
    pub mode: Mode,
    pub seed: u64,
    /// Opaque JSON, given back as is on resume.
    pub filters_json: String,
    /// The packs the session draws from.
    pub packs: Vec<PackRef>,
    /// The planned order of questions, for resume.
    pub question_ids: Vec<String>,
    pub time_limit_secs: Option<u64>,
    pub profile: Option<String>,
    /// Unix milliseconds, from the caller's clock.
    pub started_at_ms: i64,
}

/// One answer about to be stored, typed: the store encodes each value once, as
/// `records.rs` decodes it.
#[derive(Debug, Clone, PartialEq)]
pub struct NewAnswer {
    pub pack: PackRef,
    pub question_id: String,
    pub category: String,
    pub kind: KindName,
    pub difficulty: Difficulty,
    /// What was answered; [`Response::NotReached`] (a question time ran out before it was
    /// shown) is kept for the session's score but is no evidence: it goes into neither the
    /// score log nor the schedule.
    pub response: Response,
    /// In 0..=1; anything else is refused.
    pub score: f64,
    /// How sure the learner said they were, when asked.
    pub confidence: Option<Confidence>,
    pub time_taken_ms: u64,
    /// Content hash of the question as answered.
    pub content_hash: String,
    /// Unix milliseconds.
    pub answered_at_ms: i64,
}

/// What [`Store::overrule`] did.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Overrule {
    /// Marked right now; it had been marked `was`.
    Marked { was: f64 },
    /// The learner had marked it right already: nothing changed.
    Already,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SessionStatus {
    Unfinished,
    Finished,
}

impl SessionStatus {
    fn as_sql(self) -> &'static str {
        match self {
            SessionStatus::Unfinished => "unfinished",
            SessionStatus::Finished => "finished",
        }
    }

    fn from_sql(text: &str) -> Option<SessionStatus> {
        match text {
            "unfinished" => Some(SessionStatus::Unfinished),
            "finished" => Some(SessionStatus::Finished),
            _ => None,
        }
    }
}

pub use crate::learning::ScheduleState;

/// An open history database.
#[derive(Debug)]
pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// Declared after `conn`, so dropped after it is closed: records the clean close.
    closing: integrity::CloseGuard,
}

impl Store {
    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Runs `work` in its own `BEGIN IMMEDIATE` transaction: the write lock is taken up front
    /// (waiting up to the busy timeout), so two writers never deadlock upgrading a read lock.
    /// Commits on success, rolls back on any error.
    fn write<T>(
        &self,
        work: impl FnOnce(&Transaction<'_>) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let tx = Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)
            .map_err(|source| self.fail(source))?;
        let value = work(&tx)?;
        tx.commit().map_err(|source| self.fail(source))?;
        Ok(value)
    }

    /// The error for a failure of SQLite's. Damage met stops the checkpoint on close (which
    /// would copy the log into a damaged file) and the record of a clean close.
    fn fail(&self, source: rusqlite::Error) -> StoreError {
        let error = classify(&self.path, source);
        if matches!(error, StoreError::Damaged { .. }) {
            self.closing.damage_met(&self.conn);
        }
        error
    }

    fn invalid(&self, what: String) -> StoreError {
        StoreError::Invalid {
            path: self.path.clone(),
            what,
        }
    }

    /// Stores a new session as unfinished and returns its id. The quiz front ends store a
    /// session with its first answer instead ([`Store::start_session_with_answer`]), so a
    /// quiz whose first answer cannot be written (disk full, a kill) leaves no empty session.
    pub fn start_session(&self, new: &NewSession) -> Result<SessionId, StoreError> {
        self.write(|tx| self.insert_session(tx, new))
    }

    /// Stores a new session together with its first answer, in one transaction: both or
    /// neither. Returns the session's id and the answer's.
    pub fn start_session_with_answer(
        &self,
        new: &NewSession,
        first: &NewAnswer,
    ) -> Result<(SessionId, i64), StoreError> {
        self.write(|tx| {
            let session = self.insert_session(tx, new)?;
            let mut log = scored::Appender::new(tx);
            let mut scheduler =
                schedules::Scheduler::new(tx).map_err(|source| self.fail(source))?;
            // A new session is unfinished: its tallies are written when it finishes.
            let id = self.insert_answer(tx, &mut log, &mut scheduler, session, false, first)?;
            log.finish().map_err(|source| self.fail(source))?;
            scheduler.finish().map_err(|source| self.fail(source))?;
            Ok((session, id))
        })
    }

    fn insert_session(
        &self,
        tx: &Transaction<'_>,
        new: &NewSession,
    ) -> Result<SessionId, StoreError> {
        let packs = self.to_json(&new.packs)?;
        let question_ids = self.to_json(&new.question_ids)?;
        // What `history` prints as the planned count; the ids never change once stored.
        let planned = i64::try_from(new.question_ids.len())
            .map_err(|_| self.invalid("too many planned questions".to_owned()))?;
        let time_limit = new
            .time_limit_secs
            .map(|secs| {
                i64::try_from(secs)
                    .map_err(|_| self.invalid(format!("time limit of {secs} s is out of range")))
            })
            .transpose()?;
        tx.prepare_cached(
            "INSERT INTO sessions (mode, seed, filters_json, packs_json, question_ids_json,
                 time_limit_secs, profile, started_at_ms, status, planned)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        )
        .and_then(|mut insert| {
            insert.execute(params![
                new.mode.name(),
                new.seed.cast_signed(), // same 64 bits; read back with cast_unsigned
                new.filters_json,
                packs,
                question_ids,
                time_limit,
                new.profile,
                new.started_at_ms,
                SessionStatus::Unfinished.as_sql(),
                planned,
            ])
        })
        .map_err(|source| self.fail(source))?;
        Ok(tx.last_insert_rowid())
    }

    /// Stores one answer and commits it before returning (its own transaction), so a process
    /// killed right after loses nothing. Returns the answer's id.
    pub fn record_answer(&self, session: SessionId, answer: &NewAnswer) -> Result<i64, StoreError> {
        self.write(|tx| {
            let finished = self.require_session(tx, session)?;
            let mut log = scored::Appender::new(tx);
            let mut scheduler =
                schedules::Scheduler::new(tx).map_err(|source| self.fail(source))?;
            let id = self.insert_answer(tx, &mut log, &mut scheduler, session, finished, answer)?;
            log.finish().map_err(|source| self.fail(source))?;
            scheduler.finish().map_err(|source| self.fail(source))?;
            Ok(id)
        })
    }

    /// Stores many answers of one session in a single transaction: all or none. For imports
    /// (and for building large test data quickly); a live quiz uses `record_answer`.
    /// Returns how many were stored.
    pub fn record_answers<I>(&self, session: SessionId, answers: I) -> Result<usize, StoreError>
    where
        I: IntoIterator,
        I::Item: Borrow<NewAnswer>,
    {
        self.write(|tx| {
            let finished = self.require_session(tx, session)?;
            let mut log = scored::Appender::new(tx);
            let mut scheduler =
                schedules::Scheduler::new(tx).map_err(|source| self.fail(source))?;
            let mut stored = 0;
            for answer in answers {
                self.insert_answer(
                    tx,
                    &mut log,
                    &mut scheduler,
                    session,
                    finished,
                    answer.borrow(),
                )?;
                stored += 1;
            }
            log.finish().map_err(|source| self.fail(source))?;
            scheduler.finish().map_err(|source| self.fail(source))?;
            Ok(stored)
        })
    }

    /// Inserts one answer into `answers`, its entry into the score log, and moves its
    /// question's FSRS state on.
    fn insert_answer(
        &self,
        tx: &Transaction<'_>,
        log: &mut scored::Appender<'_>,
        scheduler: &mut schedules::Scheduler<'_>,
        session: SessionId,
        finished: bool,
        answer: &NewAnswer,
    ) -> Result<i64, StoreError> {
        if !(0.0..=1.0).contains(&answer.score) {
            return Err(self.invalid(format!(
                "score {} of question {:?} is outside 0..=1",
                answer.score, answer.question_id
            )));
        }
        let time_taken = i64::try_from(answer.time_taken_ms).map_err(|_| {
            self.invalid(format!(
                "time taken of {} ms is out of range",
                answer.time_taken_ms
            ))
        })?;
        tx.prepare_cached(
            "INSERT INTO answers (session_id, pack_id, pack_version, pack_content_hash,
                 question_id, category, kind, difficulty, response_json, score, confidence,
                 time_taken_ms, content_hash, answered_at_ms)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
        )
        .and_then(|mut insert| {
            insert.execute(params![
                session,
                answer.pack.id,
                answer.pack.version,
                answer.pack.content_hash,
                answer.question_id,
                answer.category,
                answer.kind.name(),
                answer.difficulty.name(),
                answer.response.to_json(),
                answer.score,
                answer.confidence.map(Confidence::name),
                time_taken,
                answer.content_hash,
                answer.answered_at_ms,
            ])
        })
        .map_err(|source| self.fail(source))?;
        let id = tx.last_insert_rowid();
        tx.prepare_cached(
            "INSERT INTO session_scores (session_id, category, first_answer, answered, score_sum)
             VALUES (?1, ?2, ?3, 1, ?4)
             ON CONFLICT (session_id, category) DO UPDATE SET
                 answered = answered + 1, score_sum = score_sum + excluded.score_sum",
        )
        .and_then(|mut upsert| upsert.execute(params![session, answer.category, id, answer.score]))
        .map_err(|source| self.fail(source))?;
        if finished {
            tallies::add(tx, session, &answer.category, 1, answer.score)
                .map_err(|source| self.fail(source))?;
        }
        if answer.response.was_shown() {
            log.push(&scored::Entry {
                pack_id: &answer.pack.id,
                question_id: &answer.question_id,
                category: &answer.category,
                difficulty: answer.difficulty.name(),
                confidence: answer.confidence.map(Confidence::name),
                score: answer.score,
                answered_at_ms: answer.answered_at_ms,
            })
            .map_err(|source| self.fail(source))?;
            scheduler
                .apply(answer)
                .map_err(|source| self.fail(source))?;
        }
        Ok(id)
    }

    /// "I was right": the learner, having seen the accepted answers, marks right the answer
    /// to `question_id` (of pack `pack_id`) in `session` (its latest, a session asks a
    /// question once). Only a typed Short or Numeric answer that was not right may be; once.
    ///
    /// The row keeps what was typed and the score it was marked, and is flagged
    /// `overridden`; from then on it counts as right everywhere: its score-log entry (mastery,
    /// the gap chart, weakest questions, trends) and the session's score sum say 1, and the
    /// question's FSRS state is replayed from its answers with this one right. All in one
    /// transaction.
    pub fn overrule(
        &self,
        session: SessionId,
        pack_id: &str,
        question_id: &str,
    ) -> Result<Overrule, StoreError> {
        self.write(|tx| {
            let found = tx
                .prepare_cached(
                    "SELECT id, category, difficulty, response_json, score, answered_at_ms,
                         overridden, confidence
                     FROM answers WHERE session_id = ?1 AND pack_id = ?2 AND question_id = ?3
                     ORDER BY id DESC LIMIT 1",
                )
                .and_then(|mut select| {
                    select
                        .query_row(params![session, pack_id, question_id], |r| {
                            Ok((
                                r.get::<_, i64>(0)?,
                                r.get::<_, String>(1)?,
                                r.get::<_, String>(2)?,
                                r.get::<_, String>(3)?,
                                r.get::<_, f64>(4)?,
                                r.get::<_, i64>(5)?,
                                r.get::<_, i64>(6)? != 0,
                                r.get::<_, Option<String>>(7)?,
                            ))
                        })
                        .optional()
                })
                .map_err(|source| self.fail(source))?;
            let Some((
                id,
                category,
                difficulty,
                response,
                was,
                answered_at_ms,
                overridden,
                confidence,
            )) = found
            else {
                return Err(self.invalid(format!(
                    "session {session} has no answer to question {question_id:?} to mark right"
                )));
            };
            if overridden {
                return Ok(Overrule::Already);
            }
            let may = Response::from_json(&response).is_some_and(|r| r.may_be_overruled());
            if !may || crate::quiz::Verdict::is_right(was) {
                return Err(self.invalid(format!(
                    "the answer to question {question_id:?} cannot be marked right: only a typed \
                     answer marked wrong or partly right can"
                )));
            }
            let fail = |source| self.fail(source);
            tx.prepare_cached("UPDATE answers SET overridden = 1 WHERE id = ?1")
                .and_then(|mut update| update.execute([id]))
                .map_err(fail)?;
            tx.prepare_cached(
                "UPDATE session_scores SET score_sum = score_sum + ?3
                 WHERE session_id = ?1 AND category = ?2",
            )
            .and_then(|mut update| update.execute(params![session, category, 1.0 - was]))
            .map_err(fail)?;
            tallies::add(tx, session, &category, 0, 1.0 - was).map_err(fail)?;
            let entry = scored::Entry {
                pack_id,
                question_id,
                category: &category,
                difficulty: &difficulty,
                confidence: confidence.as_deref(),
                score: was,
                answered_at_ms,
            };
            scored::rescore(tx, &entry, 1.0).map_err(fail)?;
            schedules::replay_question(tx, pack_id, question_id).map_err(fail)?;
            Ok(Overrule::Marked { was })
        })
    }

    /// Marks a session finished. Finishing it again keeps the first end time.
    pub fn finish_session(&self, session: SessionId, ended_at_ms: i64) -> Result<(), StoreError> {
        self.write(|tx| {
            self.require_session(tx, session)?;
            let finished = tx
                .execute(
                    "UPDATE sessions SET status = ?2, ended_at_ms = ?3
                     WHERE id = ?1 AND status = ?4",
                    params![
                        session,
                        SessionStatus::Finished.as_sql(),
                        ended_at_ms,
                        SessionStatus::Unfinished.as_sql(),
                    ],
                )
                .map_err(|source| self.fail(source))?;
            if finished > 0 {
                tallies::settle(tx, session).map_err(|source| self.fail(source))?;
            }
            Ok(())
        })
    }

    /// Removes an unfinished session that has no answer yet (opened, then left at once), so
    /// it is not offered for resuming. Says whether it was removed: a session with answers,
    /// a finished one or an unknown id is left as it is.
    pub fn discard_if_empty(&self, session: SessionId) -> Result<bool, StoreError> {
        self.write(|tx| {
            tx.execute(
                "DELETE FROM sessions
                 WHERE id = ?1 AND status = ?2
                   AND NOT EXISTS (SELECT 1 FROM answers WHERE session_id = ?1)",
                params![session, SessionStatus::Unfinished.as_sql()],
            )
            .map(|removed| removed > 0)
            .map_err(|source| self.fail(source))
        })
    }

    /// Refuses an unknown session; says whether it is finished (answers given to a finished
    /// one also go into its kept tallies).
    fn require_session(&self, tx: &Transaction<'_>, id: SessionId) -> Result<bool, StoreError> {
        let status: Option<String> = tx
            .prepare_cached("SELECT status FROM sessions WHERE id = ?1")
            .and_then(|mut select| select.query_row([id], |r| r.get(0)).optional())
            .map_err(|source| self.fail(source))?;
        match status {
            Some(status) => Ok(status == SessionStatus::Finished.as_sql()),
            None => Err(StoreError::UnknownSession {
                path: self.path.clone(),
                id,
            }),
        }
    }

    /// The scheduling state of one question, if it has any.
    pub fn schedule(
        &self,
        pack_id: &str,
        question_id: &str,
    ) -> Result<Option<ScheduleState>, StoreError> {
        schedules::read_schedule(&self.conn, pack_id, question_id)
            .map_err(|source| self.fail(source))
    }

    /// Sets (inserts or replaces) the scheduling state of one question.
    pub fn put_schedule(
        &self,
        pack_id: &str,
        question_id: &str,
        state: &ScheduleState,
    ) -> Result<(), StoreError> {
        if !state.stability.is_finite() || !state.difficulty.is_finite() {
            return Err(self.invalid(format!(
                "schedule of question {question_id:?} has a non-finite stability or difficulty"
            )));
        }
        self.write(|tx| {
            schedules::write_schedule(tx, pack_id, question_id, state)
                .map_err(|source| self.fail(source))?;
            Ok(())
        })
    }

    fn to_json<T: Serialize>(&self, value: &T) -> Result<String, StoreError> {
        serde_json::to_string(value).map_err(|error| self.invalid(error.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn session_lookups_use_indexes() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        for (sql, index) in [
            (
                "SELECT id FROM sessions WHERE status = 'unfinished' ORDER BY started_at_ms DESC, id DESC LIMIT 1",
                "sessions_by_status",
            ),
            (
                "SELECT id FROM sessions ORDER BY started_at_ms DESC, id DESC",
                "sessions_by_start",
            ),
            (
                "SELECT id FROM answers WHERE session_id = 1 ORDER BY id",
                "answers_by_session",
            ),
            (
                "SELECT * FROM answers ORDER BY answered_at_ms, id",
                "answers_by_time",
            ),
            (
                "SELECT * FROM answers WHERE pack_id = 'p' ORDER BY answered_at_ms, id",
                "answers_by_pack",
            ),
            (
                "SELECT data FROM scored_chunks WHERE pack_id = 'p' ORDER BY id",
                "scored_chunks_by_pack",
            ),
            (
                "SELECT key FROM scored_keys WHERE pack_id = 'p'",
                "sqlite_autoindex_scored_keys_1",
            ),
            (
                "SELECT t.session_id FROM session_scores t WHERE t.session_id IN
                   (SELECT s.id FROM sessions s ORDER BY s.started_at_ms DESC, s.id DESC LIMIT 5)",
                "sessions_by_start",
            ),
            (
                "SELECT sum(t.answered) FROM session_scores t WHERE t.session_id = 1",
                "PRIMARY KEY",
            ),
            (
                "SELECT count(*) FROM answers a WHERE a.session_id = 1 AND a.overridden = 1",
                "answers_overridden",
            ),
            (
                "SELECT score FROM answers
                 WHERE pack_id = 'p' AND answered_at_ms = 1 AND question_id = 'q' ORDER BY id",
                "answers_by_pack",
            ),
        ] {
            let plan: Vec<String> = store
                .conn
                .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
                .unwrap()
                .query_map([], |r| r.get::<_, String>(3))
                .unwrap()
                .collect::<Result<_, _>>()
                .unwrap();
            let plan = plan.join("\n");
            assert!(plan.contains(index), "{sql}: {plan}");
            assert!(!plan.contains("TEMP B-TREE"), "{sql}: {plan}");
        }
    }

    #[test]
    fn pragmas_are_set() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let get = |name: &str| -> i64 {
            store
                .conn
                .pragma_query_value(None, name, |r| r.get(0))
                .unwrap()
        };
        assert_eq!(get("application_id"), APPLICATION_ID);
        assert_eq!(get("user_version"), SCHEMA_VERSION);
        assert_eq!(get("foreign_keys"), 1);
        assert_eq!(get("synchronous"), 2); // FULL
        assert!(get("busy_timeout") >= 5000);
        let mode: String = store
            .conn
            .pragma_query_value(None, "journal_mode", |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
    }

    #[test]
    fn explicit_data_dir_wins() {
        assert_eq!(
            data_dir(Some(Path::new("/tmp/x"))).unwrap(),
            PathBuf::from("/tmp/x")
        );
        assert!(matches!(
            data_dir(Some(Path::new(""))),
            Err(StoreError::EmptyDataDir)
        ));
    }
}
