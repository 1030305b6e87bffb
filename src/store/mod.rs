//! The history database (SQLite): sessions, every answer given, scheduling state per
//! question; migrations by `user_version`; refusing — never touching — a file that is not ours.
//!
//! Each answer is its own committed transaction (WAL, `synchronous=FULL`), so a process killed
//! right after answering loses nothing; a busy timeout lets several processes write at once.

mod schema;

use rusqlite::{Connection, OpenFlags, OptionalExtension, params};
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::time::Duration;

pub use schema::{APPLICATION_ID, SCHEMA_VERSION};

/// The database file inside the data directory.
pub const DB_FILE: &str = "skillgap.db";
/// How long a writer waits for another process's write to finish.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

pub type SessionId = i64;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "no data directory: there is no home directory to put one in; choose one with --data-dir DIR or SKILLGAP_HOME"
    )]
    NoDataDir,
    #[error(
        "cannot create the data directory {path}: {source}; choose another with --data-dir DIR or SKILLGAP_HOME"
    )]
    CreateDir {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "{path} is not a skillgap database (it is damaged, or not SQLite at all); it was left untouched: move it away, or choose another data directory with --data-dir DIR"
    )]
    NotADatabase { path: PathBuf },
    #[error(
        "{path} belongs to another program (a SQLite database that is not skillgap's); it was left untouched: choose another data directory with --data-dir DIR"
    )]
    NotOurs { path: PathBuf },
    #[error(
        "{path} was written by a newer skillgap (schema {found}, this one knows up to {known}); it was left untouched: upgrade skillgap to use it"
    )]
    TooNew {
        path: PathBuf,
        found: i64,
        known: i64,
    },
    #[error("the database {path} could not be used: {source}")]
    Sqlite {
        path: PathBuf,
        source: rusqlite::Error,
    },
    #[error("the database {path} holds a record it cannot read ({what}); it was left untouched")]
    Damaged { path: PathBuf, what: String },
}

/// Where the data lives: the directory given (`--data-dir` or `SKILLGAP_HOME`), else the
/// platform's data directory (`~/.local/share/skillgap` on Linux).
pub fn data_dir(explicit: Option<&Path>) -> Result<PathBuf, StoreError> {
    match explicit {
        Some(dir) => Ok(dir.to_path_buf()),
        None => directories::ProjectDirs::from("", "", "skillgap")
            .map(|dirs| dirs.data_dir().to_path_buf())
            .ok_or(StoreError::NoDataDir),
    }
}

/// A pack as a session or answer refers to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct PackRef {
    pub id: String,
    pub version: String,
    pub content_hash: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct NewSession {
    /// "practice", "exam", ...
    pub mode: String,
    pub seed: u64,
    /// The filters as JSON, given back on resume.
    pub filters_json: String,
    pub packs: Vec<PackRef>,
    /// The questions in the order they are to be asked.
    pub question_ids: Vec<String>,
    pub time_limit_secs: Option<u64>,
    pub profile: Option<String>,
    /// Unix milliseconds.
    pub started_at_ms: i64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct NewAnswer {
    pub pack: PackRef,
    pub question_id: String,
    pub category: String,
    /// "Single", "TrueFalse", ...
    pub kind: String,
    /// "Easy", "Medium" or "Hard".
    pub difficulty: String,
    pub response_json: String,
    /// In [0, 1].
    pub score: f64,
    /// "low", "medium" or "high", when asked.
    pub confidence: Option<String>,
    pub time_taken_ms: u64,
    /// The question's content hash as answered.
    pub content_hash: String,
    pub answered_at_ms: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SessionStatus {
    Unfinished,
    Finished,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SessionRecord {
    pub id: SessionId,
    pub mode: String,
    pub seed: u64,
    pub filters_json: String,
    pub packs: Vec<PackRef>,
    pub question_ids: Vec<String>,
    pub time_limit_secs: Option<u64>,
    pub profile: Option<String>,
    pub started_at_ms: i64,
    pub ended_at_ms: Option<i64>,
    pub status: SessionStatus,
    /// Answers stored for it.
    pub answered: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AnswerRecord {
    pub id: i64,
    pub session_id: SessionId,
    pub pack: PackRef,
    pub question_id: String,
    pub category: String,
    pub kind: String,
    pub difficulty: String,
    pub response_json: String,
    pub score: f64,
    pub confidence: Option<String>,
    pub time_taken_ms: u64,
    pub content_hash: String,
    pub answered_at_ms: i64,
}

/// The fields mastery needs from one answer, borrowed from the row being read.
#[derive(Debug, Clone, Copy)]
pub struct ScoredRow<'a> {
    pub question_id: &'a str,
    pub category: &'a str,
    pub difficulty: &'a str,
    pub score: f64,
    pub answered_at_ms: i64,
}

/// Spaced-repetition state of one question.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScheduleState {
    pub stability: f64,
    pub difficulty: f64,
    pub due_ms: i64,
    pub reps: u32,
    pub lapses: u32,
    pub last_review_ms: Option<i64>,
    pub content_hash: String,
}

/// An open history database.
#[derive(Debug)]
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

const SESSION_COLUMNS: &str = "s.id, s.mode, s.seed, s.filters, s.packs, s.question_ids, s.time_limit_secs, s.profile, \
     s.started_at, s.ended_at, s.status, (SELECT count(*) FROM answers a WHERE a.session_id = s.id)";
const ANSWER_COLUMNS: &str = "id, session_id, pack_id, pack_version, pack_hash, question_id, category, kind, difficulty, \
     response, score, confidence, time_taken_ms, content_hash, answered_at";

impl Store {
    /// Opens the database in `dir` (creating the directory and the file when missing) and
    /// brings its schema up to date. An existing file is checked before anything is written
    /// to it: damaged, foreign or newer files are refused and left as they are.
    pub fn open(dir: &Path) -> Result<Store, StoreError> {
        std::fs::create_dir_all(dir).map_err(|source| StoreError::CreateDir {
            path: dir.to_path_buf(),
            source,
        })?;
        let path = dir.join(DB_FILE);
        let flags = if path.exists() {
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX
        } else {
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX
        };
        let conn = Connection::open_with_flags(&path, flags)
            .map_err(|source| sqlite_error(&path, source))?;
        let store = Store { conn, path };
        store.check_ours()?;
        store.configure()?;
        schema::migrate(&store.conn).map_err(|source| store.classify(source))?;
        Ok(store)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Reads the header fields only; nothing is written until this passes.
    fn check_ours(&self) -> Result<(), StoreError> {
        self.conn
            .busy_timeout(BUSY_TIMEOUT)
            .map_err(|source| self.classify(source))?;
        let read = || -> rusqlite::Result<(i64, i64, i64)> {
            let application_id: i64 = self
                .conn
                .query_row("PRAGMA application_id", [], |r| r.get(0))?;
            let user_version: i64 = self
                .conn
                .query_row("PRAGMA user_version", [], |r| r.get(0))?;
            let objects: i64 =
                self.conn
                    .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))?;
            Ok((application_id, user_version, objects))
        };
        let (application_id, user_version, objects) =
            read().map_err(|source| self.classify(source))?;
        if application_id != APPLICATION_ID && !(application_id == 0 && objects == 0) {
            return Err(StoreError::NotOurs {
                path: self.path.clone(),
            });
        }
        if user_version > SCHEMA_VERSION {
            return Err(StoreError::TooNew {
                path: self.path.clone(),
                found: user_version,
                known: SCHEMA_VERSION,
            });
        }
        // A quick structural check of a file that claims to be ours.
        if objects > 0 {
            let verdict: String = self
                .conn
                .query_row("PRAGMA quick_check(1)", [], |r| r.get(0))
                .map_err(|source| self.classify(source))?;
            if verdict != "ok" {
                return Err(StoreError::NotADatabase {
                    path: self.path.clone(),
                });
            }
        }
        Ok(())
    }

    fn configure(&self) -> Result<(), StoreError> {
        let mode: String = self
            .conn
            .query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0))
            .map_err(|source| self.classify(source))?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(StoreError::Damaged {
                path: self.path.clone(),
                what: format!("cannot switch to write-ahead logging (journal mode stays {mode})"),
            });
        }
        self.conn
            .execute_batch("PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;")
            .map_err(|source| self.classify(source))
    }

    /// Turns an SQLite error into one that says what the user can do.
    fn classify(&self, source: rusqlite::Error) -> StoreError {
        let code = source.sqlite_error_code();
        if matches!(
            code,
            Some(rusqlite::ErrorCode::NotADatabase | rusqlite::ErrorCode::DatabaseCorrupt)
        ) {
            StoreError::NotADatabase {
                path: self.path.clone(),
            }
        } else {
            sqlite_error(&self.path, source)
        }
    }

    pub fn start_session(&self, new: &NewSession) -> Result<SessionId, StoreError> {
        let packs = serde_json::to_string(&new.packs).unwrap_or_else(|_| String::from("[]"));
        let questions =
            serde_json::to_string(&new.question_ids).unwrap_or_else(|_| String::from("[]"));
        self.conn
            .execute(
                "INSERT INTO sessions (mode, seed, filters, packs, question_ids, time_limit_secs, profile, started_at, status)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 'unfinished')",
                params![
                    new.mode,
                    new.seed as i64, // stored as the same 64 bits; read back with `as u64`
                    new.filters_json,
                    packs,
                    questions,
                    new.time_limit_secs.map(|s| s as i64),
                    new.profile,
                    new.started_at_ms
                ],
            )
            .map_err(|source| self.classify(source))?;
        Ok(self.conn.last_insert_rowid())
    }

    /// Stores one answer, committed before this returns (one autocommit transaction).
    pub fn record_answer(&self, session: SessionId, answer: &NewAnswer) -> Result<i64, StoreError> {
        self.conn
            .prepare_cached(
                "INSERT INTO answers (session_id, pack_id, pack_version, pack_hash, question_id, category, kind, difficulty,
                                      response, score, confidence, time_taken_ms, content_hash, answered_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
            )
            .and_then(|mut statement| {
                statement.execute(params![
                    session,
                    answer.pack.id,
                    answer.pack.version,
                    answer.pack.content_hash,
                    answer.question_id,
                    answer.category,
                    answer.kind,
                    answer.difficulty,
                    answer.response_json,
                    answer.score.clamp(0.0, 1.0),
                    answer.confidence,
                    answer.time_taken_ms as i64,
                    answer.content_hash,
                    answer.answered_at_ms
                ])
            })
            .map_err(|source| self.classify(source))?;
        Ok(self.conn.last_insert_rowid())
    }

    pub fn finish_session(&self, session: SessionId, ended_at_ms: i64) -> Result<(), StoreError> {
        self.conn
            .execute(
                "UPDATE sessions SET status = 'finished', ended_at = ?2 WHERE id = ?1",
                params![session, ended_at_ms],
            )
            .map(|_| ())
            .map_err(|source| self.classify(source))
    }

    pub fn session(&self, id: SessionId) -> Result<Option<SessionRecord>, StoreError> {
        let sql = format!("SELECT {SESSION_COLUMNS} FROM sessions s WHERE s.id = ?1");
        let row = self
            .conn
            .query_row(&sql, [id], raw_session)
            .optional()
            .map_err(|source| self.classify(source))?;
        row.map(|raw| self.session_record(raw)).transpose()
    }

    /// Sessions, newest first.
    pub fn sessions(&self, limit: Option<usize>) -> Result<Vec<SessionRecord>, StoreError> {
        let sql = format!(
            "SELECT {SESSION_COLUMNS} FROM sessions s ORDER BY s.started_at DESC, s.id DESC LIMIT ?1"
        );
        let limit = limit.map_or(-1, |l| l as i64);
        let raws = self
            .conn
            .prepare(&sql)
            .and_then(|mut statement| {
                statement
                    .query_map([limit], raw_session)?
                    .collect::<Result<Vec<_>, _>>()
            })
            .map_err(|source| self.classify(source))?;
        raws.into_iter()
            .map(|raw| self.session_record(raw))
            .collect()
    }

    /// The newest unfinished session, if any: the one to offer to resume.
    pub fn last_unfinished(&self) -> Result<Option<SessionRecord>, StoreError> {
        let sql = format!(
            "SELECT {SESSION_COLUMNS} FROM sessions s WHERE s.status = 'unfinished' ORDER BY s.started_at DESC, s.id DESC LIMIT 1"
        );
        let row = self
            .conn
            .query_row(&sql, [], raw_session)
            .optional()
            .map_err(|source| self.classify(source))?;
        row.map(|raw| self.session_record(raw)).transpose()
    }

    /// The answers of one session, in the order given.
    pub fn session_answers(&self, id: SessionId) -> Result<Vec<AnswerRecord>, StoreError> {
        let sql = format!("SELECT {ANSWER_COLUMNS} FROM answers WHERE session_id = ?1 ORDER BY id");
        self.conn
            .prepare(&sql)
            .and_then(|mut statement| statement.query_map([id], answer_record)?.collect())
            .map_err(|source| self.classify(source))
    }

    /// Every answer, oldest first, optionally of one pack.
    pub fn answers(&self, pack_id: Option<&str>) -> Result<Vec<AnswerRecord>, StoreError> {
        let sql = format!(
            "SELECT {ANSWER_COLUMNS} FROM answers WHERE ?1 IS NULL OR pack_id = ?1 ORDER BY answered_at, id"
        );
        self.conn
            .prepare(&sql)
            .and_then(|mut statement| statement.query_map([pack_id], answer_record)?.collect())
            .map_err(|source| self.classify(source))
    }

    /// Streams what mastery needs from every answer of a pack, without collecting them.
    pub fn for_each_scored(
        &self,
        pack_id: &str,
        mut f: impl FnMut(ScoredRow<'_>),
    ) -> Result<(), StoreError> {
        let mut run = || -> rusqlite::Result<()> {
            let mut statement = self.conn.prepare_cached(
                "SELECT question_id, category, difficulty, score, answered_at FROM answers WHERE pack_id = ?1",
            )?;
            let mut rows = statement.query([pack_id])?;
            while let Some(row) = rows.next()? {
                f(ScoredRow {
                    question_id: row.get_ref(0)?.as_str()?,
                    category: row.get_ref(1)?.as_str()?,
                    difficulty: row.get_ref(2)?.as_str()?,
                    score: row.get(3)?,
                    answered_at_ms: row.get(4)?,
                });
            }
            Ok(())
        };
        run().map_err(|source| self.classify(source))
    }

    pub fn schedule(
        &self,
        pack_id: &str,
        question_id: &str,
    ) -> Result<Option<ScheduleState>, StoreError> {
        self.conn
            .query_row(
                "SELECT stability, difficulty, due_at, reps, lapses, last_review, content_hash
                 FROM schedule WHERE pack_id = ?1 AND question_id = ?2",
                [pack_id, question_id],
                |r| {
                    Ok(ScheduleState {
                        stability: r.get(0)?,
                        difficulty: r.get(1)?,
                        due_ms: r.get(2)?,
                        reps: r.get(3)?,
                        lapses: r.get(4)?,
                        last_review_ms: r.get(5)?,
                        content_hash: r.get(6)?,
                    })
                },
            )
            .optional()
            .map_err(|source| self.classify(source))
    }

    pub fn put_schedule(
        &self,
        pack_id: &str,
        question_id: &str,
        state: &ScheduleState,
    ) -> Result<(), StoreError> {
        self.conn
            .execute(
                "INSERT INTO schedule (pack_id, question_id, stability, difficulty, due_at, reps, lapses, last_review, content_hash)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
                 ON CONFLICT (pack_id, question_id) DO UPDATE SET
                   stability = excluded.stability, difficulty = excluded.difficulty, due_at = excluded.due_at,
                   reps = excluded.reps, lapses = excluded.lapses, last_review = excluded.last_review,
                   content_hash = excluded.content_hash",
                params![
                    pack_id,
                    question_id,
                    state.stability,
                    state.difficulty,
                    state.due_ms,
                    state.reps,
                    state.lapses,
                    state.last_review_ms,
                    state.content_hash
                ],
            )
            .map(|_| ())
            .map_err(|source| self.classify(source))
    }

    fn session_record(&self, raw: RawSession) -> Result<SessionRecord, StoreError> {
        let damaged = |what: &str| StoreError::Damaged {
            path: self.path.clone(),
            what: format!("session {}: {what}", raw.id),
        };
        let packs: Vec<PackRef> =
            serde_json::from_str(&raw.packs).map_err(|_| damaged("its pack list"))?;
        let question_ids: Vec<String> =
            serde_json::from_str(&raw.question_ids).map_err(|_| damaged("its question list"))?;
        let status = match raw.status.as_str() {
            "finished" => SessionStatus::Finished,
            "unfinished" => SessionStatus::Unfinished,
            _ => return Err(damaged("its status")),
        };
        Ok(SessionRecord {
            id: raw.id,
            mode: raw.mode,
            seed: raw.seed as u64,
            filters_json: raw.filters,
            packs,
            question_ids,
            time_limit_secs: raw.time_limit_secs.map(|s| s.max(0) as u64),
            profile: raw.profile,
            started_at_ms: raw.started_at,
            ended_at_ms: raw.ended_at,
            status,
            answered: raw.answered.max(0) as usize,
        })
    }
}

fn sqlite_error(path: &Path, source: rusqlite::Error) -> StoreError {
    StoreError::Sqlite {
        path: path.to_path_buf(),
        source,
    }
}

/// A sessions row as stored, before its JSON columns are read.
struct RawSession {
    id: i64,
    mode: String,
    seed: i64,
    filters: String,
    packs: String,
    question_ids: String,
    time_limit_secs: Option<i64>,
    profile: Option<String>,
    started_at: i64,
    ended_at: Option<i64>,
    status: String,
    answered: i64,
}

fn raw_session(r: &rusqlite::Row<'_>) -> rusqlite::Result<RawSession> {
    Ok(RawSession {
        id: r.get(0)?,
        mode: r.get(1)?,
        seed: r.get(2)?,
        filters: r.get(3)?,
        packs: r.get(4)?,
        question_ids: r.get(5)?,
        time_limit_secs: r.get(6)?,
        profile: r.get(7)?,
        started_at: r.get(8)?,
        ended_at: r.get(9)?,
        status: r.get(10)?,
        answered: r.get(11)?,
    })
}

fn answer_record(r: &rusqlite::Row<'_>) -> rusqlite::Result<AnswerRecord> {
    Ok(AnswerRecord {
        id: r.get(0)?,
        session_id: r.get(1)?,
        pack: PackRef {
            id: r.get(2)?,
            version: r.get(3)?,
            content_hash: r.get(4)?,
        },
        question_id: r.get(5)?,
        category: r.get(6)?,
        kind: r.get(7)?,
        difficulty: r.get(8)?,
        response_json: r.get(9)?,
        score: r.get(10)?,
        confidence: r.get(11)?,
        time_taken_ms: r.get::<_, i64>(12)?.max(0) as u64,
        content_hash: r.get(13)?,
        answered_at_ms: r.get(14)?,
    })
}
