//! The database schema: its identity (`application_id`), its version (`user_version`) and the
//! list of migration steps that brings any older skillgap database up to date.

use super::scored::NOT_REACHED_JSON;
use rusqlite::Connection;

/// `PRAGMA application_id` of every skillgap database: "SkGp" in ASCII. It tells a skillgap
/// file from another program's SQLite file before anything is written.
pub const APPLICATION_ID: i64 = 0x536B_4770;

/// One migration step: takes the schema from version `n` to `n + 1` inside the caller's
/// transaction.
type Step = fn(&Connection) -> rusqlite::Result<()>;

/// Entry `n` upgrades version `n` to `n + 1`; entry 0 turns an empty database into version 1.
/// Append new steps at the end; never edit one that has shipped, since databases in the wild
/// were built by it.
const MIGRATIONS: &[Step] = &[
    v1_initial,
    v2_settings_and_schedules,
    v3_session_scores,
    v4_overrides_and_unseen,
    v5_score_log_confidence,
    v6_session_listing,
];

/// The schema version this build writes and understands.
#[allow(clippy::cast_possible_wrap)] // a handful of steps, far below i64::MAX
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// What a database file's identity says about whether we may use it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Ours (or empty): migrate from this version.
    Usable { version: i64 },
    /// A SQLite database of another program.
    Foreign,
    /// Ours, written by a newer skillgap.
    TooNew { version: i64 },
}

/// Decides from the header fields and the number of schema objects. An `application_id` of 0
/// with no tables is a blank database (a 0-byte file, or one a racing skillgap has only just
/// created): ours to initialise. Anything else with a different id belongs to someone else.
pub fn verdict(application_id: i64, user_version: i64, schema_objects: i64) -> Verdict {
    let ours = application_id == APPLICATION_ID;
    let blank = application_id == 0 && schema_objects == 0;
    if !ours && !blank {
        Verdict::Foreign
    } else if user_version > SCHEMA_VERSION {
        Verdict::TooNew {
            version: user_version,
        }
    } else {
        Verdict::Usable {
            version: user_version.max(0),
        }
    }
}

/// Reads the identity of the database `conn` is open on, without writing anything.
///
/// One statement, so one snapshot: read one by one, the label could be read before a racing
/// skillgap commits its first migration and the tables after, and our own new database would
/// look like another program's (an unlabelled file with tables).
pub fn read_identity(conn: &Connection) -> rusqlite::Result<Verdict> {
    let (application_id, user_version, objects) = conn.query_row(
        "SELECT (SELECT application_id FROM pragma_application_id),
                (SELECT user_version FROM pragma_user_version),
                (SELECT count(*) FROM sqlite_schema)",
        [],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    Ok(verdict(application_id, user_version, objects))
}

/// Applies the steps after `from`, stamps the version and the application id. The caller
/// holds an immediate transaction and has just re-read `from` inside it, so two processes
/// opening a new database at once migrate it exactly once.
pub fn migrate(conn: &Connection, from: i64) -> rusqlite::Result<()> {
    let done = usize::try_from(from).unwrap_or(0);
    for (version, step) in (1_i64..).zip(MIGRATIONS).skip(done) {
        step(conn)?;
        conn.pragma_update(None, "user_version", version)?;
    }
    conn.pragma_update(None, "application_id", APPLICATION_ID)
}

/// Version 1: sessions, answers, the score log and scheduling state.
///
/// Times are Unix milliseconds given by the caller. Tables are STRICT so that a value of the
/// wrong type is refused instead of silently stored. `answers` is the record of everything
/// given (export, resume); the score log repeats the few fields mastery reads in a form that
/// streams fast (see `scored.rs`).
fn v1_initial(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute_batch(
        "CREATE TABLE sessions (
            id INTEGER PRIMARY KEY,
            mode TEXT NOT NULL,
            seed INTEGER NOT NULL, -- the u64 seed's bit pattern
            filters_json TEXT NOT NULL,
            packs_json TEXT NOT NULL,
            question_ids_json TEXT NOT NULL,
            time_limit_secs INTEGER CHECK (time_limit_secs >= 0),
            profile TEXT,
            started_at_ms INTEGER NOT NULL,
            ended_at_ms INTEGER,
            status TEXT NOT NULL CHECK (status IN ('unfinished', 'finished'))
        ) STRICT;
        CREATE INDEX sessions_by_start ON sessions (started_at_ms, id);
        CREATE INDEX sessions_by_status ON sessions (status, started_at_ms, id);

        CREATE TABLE answers (
            id INTEGER PRIMARY KEY,
            session_id INTEGER NOT NULL REFERENCES sessions (id),
            pack_id TEXT NOT NULL,
            pack_version TEXT NOT NULL,
            pack_content_hash TEXT NOT NULL,
            question_id TEXT NOT NULL,
            category TEXT NOT NULL,
            kind TEXT NOT NULL,
            difficulty TEXT NOT NULL,
            response_json TEXT NOT NULL,
            score REAL NOT NULL CHECK (score >= 0.0 AND score <= 1.0),
            confidence TEXT,
            time_taken_ms INTEGER NOT NULL CHECK (time_taken_ms >= 0),
            content_hash TEXT NOT NULL,
            answered_at_ms INTEGER NOT NULL
        ) STRICT;
        CREATE INDEX answers_by_session ON answers (session_id, id);
        CREATE INDEX answers_by_pack ON answers (pack_id, answered_at_ms, id);
        CREATE INDEX answers_by_time ON answers (answered_at_ms, id);

        -- The score log (see scored.rs): mastery's fields of every answer, compactly.
        CREATE TABLE scored_keys (
            key INTEGER PRIMARY KEY,
            pack_id TEXT NOT NULL,
            question_id TEXT NOT NULL,
            category TEXT NOT NULL,
            difficulty TEXT NOT NULL,
            UNIQUE (pack_id, question_id, category, difficulty)
        ) STRICT;
        CREATE TABLE scored_chunks (
            id INTEGER PRIMARY KEY,
            pack_id TEXT NOT NULL,
            data BLOB NOT NULL
        ) STRICT;
        CREATE INDEX scored_chunks_by_pack ON scored_chunks (pack_id, id);

        CREATE TABLE schedule (
            pack_id TEXT NOT NULL,
            question_id TEXT NOT NULL,
            stability REAL NOT NULL,
            difficulty REAL NOT NULL,
            due_ms INTEGER NOT NULL,
            reps INTEGER NOT NULL CHECK (reps >= 0),
            lapses INTEGER NOT NULL CHECK (lapses >= 0),
            last_review_ms INTEGER,
            content_hash TEXT NOT NULL,
            PRIMARY KEY (pack_id, question_id)
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX schedule_by_due ON schedule (pack_id, due_ms);",
    )
}

/// Version 2: a `settings` table (key/value: chosen profile per pack, exam date per profile,
/// desired retention, confidence on/off), and the FSRS state of every question answered so
/// far, rebuilt by replaying the stored answers in time order (version 1 kept none), so an
/// existing history gets a review plan at once. Answers are not changed.
fn v2_settings_and_schedules(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute_batch(
        "CREATE TABLE settings (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        ) STRICT, WITHOUT ROWID;",
    )?;
    super::schedules::rebuild_schedules(conn)
}

/// Version 3: `session_scores`, per session and category the answers and their score sum
/// (and the first answer's id, which orders the categories as they were first answered),
/// kept in the answer's own transaction; filled here from the stored answers. History and
/// the session list read it instead of every answer row (see `Store::history`).
fn v3_session_scores(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute_batch(
        "CREATE TABLE session_scores (
            session_id INTEGER NOT NULL REFERENCES sessions (id),
            category TEXT NOT NULL,
            first_answer INTEGER NOT NULL,
            answered INTEGER NOT NULL CHECK (answered >= 0),
            score_sum REAL NOT NULL,
            PRIMARY KEY (session_id, category)
        ) STRICT, WITHOUT ROWID;
        INSERT INTO session_scores (session_id, category, first_answer, answered, score_sum)
            SELECT session_id, category, min(id), count(*), total(score)
            FROM answers GROUP BY session_id, category;",
    )
}

/// Version 4: `answers.overridden`, set when the learner marked a typed answer right after
/// seeing the accepted answers ("I was right"; see `Store::overrule`); the row keeps what was
/// typed and the score it was marked.
///
/// And questions a timed session never showed, which version 3 stored as timed out (wrong
/// answers) like the one on screen when time ran out: they become `not_reached`, no evidence.
/// Which they were is known without a doubt: a session moves on only once the question on
/// screen is answered or skipped, so when time runs out the unanswered questions are the
/// rest of the plan from the one on screen, and time-out writes them in plan order: the first
/// timed-out answer of a session was on screen, the others never were. The schedules are
/// rebuilt without them here, the score log by version 5.
fn v4_overrides_and_unseen(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute_batch(
        "ALTER TABLE answers ADD COLUMN overridden INTEGER NOT NULL DEFAULT 0
             CHECK (overridden IN (0, 1));
         CREATE INDEX answers_overridden ON answers (session_id) WHERE overridden = 1;",
    )?;
    let unseen = conn.execute(
        "UPDATE answers SET response_json = ?1
         WHERE response_json = ?2
           AND id NOT IN (SELECT min(id) FROM answers WHERE response_json = ?2
                          GROUP BY session_id)",
        [NOT_REACHED_JSON, TIMED_OUT_JSON],
    )?;
    // The score log is written anew by version 5, whatever this step changed.
    if unseen > 0 {
        super::schedules::rebuild_schedules(conn)?;
    }
    Ok(())
}

/// How `Response::TimedOut` is stored (checked in the tests; `NOT_REACHED_JSON` is the
/// score log's).
const TIMED_OUT_JSON: &str = r#"{"type":"timed_out"}"#;

/// Version 5: the score log's keys carry the answer's confidence word ('' for none), so the
/// personal report reads calibration in the same pass over the log as mastery and the trend
/// instead of reading every `answers` row again (2.5 s at a million answers). The log is
/// written anew from `answers`, in the order they were stored (with version 4's rules:
/// overridden answers count as right, questions never shown are left out).
fn v5_score_log_confidence(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute_batch(
        "DROP TABLE scored_chunks;
        DROP TABLE scored_keys;
        CREATE TABLE scored_keys (
            key INTEGER PRIMARY KEY,
            pack_id TEXT NOT NULL,
            question_id TEXT NOT NULL,
            category TEXT NOT NULL,
            difficulty TEXT NOT NULL,
            confidence TEXT NOT NULL,
            UNIQUE (pack_id, question_id, category, difficulty, confidence)
        ) STRICT;
        CREATE TABLE scored_chunks (
            id INTEGER PRIMARY KEY,
            pack_id TEXT NOT NULL,
            data BLOB NOT NULL
        ) STRICT;
        CREATE INDEX scored_chunks_by_pack ON scored_chunks (pack_id, id);",
    )?;
    super::scored::rebuild(conn)
}

/// Version 6: what `history` lists of a session, kept so that listing 5,000 sessions reads
/// no JSON it does not print.
///
/// `sessions.planned`, how many questions the session was planned with, written with the
/// session (its planned ids never change); history printed it by counting the ids in
/// `question_ids_json`, most of a row's bytes. Filled here from the ids, or from the answers
/// where there are more (a placement is stored with its first question and grows one
/// question at a time, so it listed "57 of 1"); a row whose ids are
/// not a JSON array gets NULL, and history reads the ids of that row as before (and reports
/// it damaged, as before).
///
/// `sessions.tallies`, the session's `session_scores` rows in one short blob (see
/// `tallies.rs`), copied here from them: at 5,000 sessions, reading 26,000 tally rows was
/// most of what history cost. `session_scores` stays (the session list and resume read one
/// session's sums from it). The overridden answers are still counted by one grouped query
/// over the partial index that holds only them: a few rows, not worth a column.
///
/// The columns are declared in as few words as can be (no CHECK; NULL tallies are none; a
/// negative count is refused when read): the schema's text then still fits the first page,
/// which a database cut short at its end keeps, so a rescue can still read what is left.
/// About 17 bytes of that page are left: a later version that lengthens the schema must move
/// something off it, or `tests/faults_store.rs` (a truncated file) fails.
///
/// And timed sessions stored at their start that never got an answer: skillgap before this
/// version stored a timed exam when its clock started, so one left (or killed) before its
/// first answer stayed behind, unfinished, and was offered for resume, where its clock,
/// long run out, would have ended it at once with every question not reached. They hold no
/// answer, so removing them loses nothing the learner gave; skillgap now stores a timed exam
/// with its first answer, so none is made again.
fn v6_session_listing(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute_batch(
        "ALTER TABLE sessions ADD COLUMN planned INTEGER;
         ALTER TABLE sessions ADD COLUMN tallies BLOB;
         UPDATE sessions SET planned = max(json_array_length(question_ids_json),
                 (SELECT COUNT(*) FROM answers a WHERE a.session_id = sessions.id))
             WHERE json_valid(question_ids_json)
               AND json_type(question_ids_json) = 'array';
         DELETE FROM sessions
             WHERE status = 'unfinished' AND time_limit_secs IS NOT NULL
               AND NOT EXISTS (SELECT 1 FROM answers a WHERE a.session_id = sessions.id);",
    )?;
    super::tallies::rebuild(conn)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verdicts() {
        assert_eq!(verdict(0, 0, 0), Verdict::Usable { version: 0 });
        assert_eq!(
            verdict(APPLICATION_ID, 1, 7),
            Verdict::Usable { version: 1 }
        );
        assert_eq!(verdict(0, 0, 1), Verdict::Foreign);
        assert_eq!(verdict(42, 0, 0), Verdict::Foreign);
        assert_eq!(
            verdict(APPLICATION_ID, SCHEMA_VERSION + 1, 7),
            Verdict::TooNew {
                version: SCHEMA_VERSION + 1
            }
        );
    }

    #[test]
    fn stored_time_out_words_are_the_responses() {
        use crate::quiz::Response;
        assert_eq!(Response::TimedOut.to_json(), TIMED_OUT_JSON);
        assert_eq!(Response::NotReached.to_json(), NOT_REACHED_JSON);
    }

    #[test]
    fn every_step_migrates_an_empty_database() {
        let conn = Connection::open_in_memory().unwrap();
        migrate(&conn, 0).unwrap();
        assert_eq!(
            read_identity(&conn).unwrap(),
            Verdict::Usable {
                version: SCHEMA_VERSION
            }
        );
    }
}
