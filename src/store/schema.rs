//! The database schema and its migrations, one step per `user_version`.

use rusqlite::Connection;

/// `PRAGMA application_id` of skillgap databases ("SkGp"), so a foreign file is recognised.
pub const APPLICATION_ID: i64 = 0x536B_4770;

/// Each entry upgrades the schema by one version; index 0 takes an empty file to version 1.
/// Append new steps; never edit a released one.
const MIGRATIONS: &[&str] = &[
    // 1: sessions, answers, scheduling state.
    "CREATE TABLE sessions (
        id INTEGER PRIMARY KEY,
        mode TEXT NOT NULL,
        seed INTEGER NOT NULL,
        filters TEXT NOT NULL,
        packs TEXT NOT NULL,
        question_ids TEXT NOT NULL,
        time_limit_secs INTEGER,
        profile TEXT,
        started_at INTEGER NOT NULL,
        ended_at INTEGER,
        status TEXT NOT NULL CHECK (status IN ('unfinished', 'finished'))
    );
    CREATE INDEX sessions_by_status ON sessions (status, started_at);
    CREATE TABLE answers (
        id INTEGER PRIMARY KEY,
        session_id INTEGER NOT NULL REFERENCES sessions (id),
        pack_id TEXT NOT NULL,
        pack_version TEXT NOT NULL,
        pack_hash TEXT NOT NULL,
        question_id TEXT NOT NULL,
        category TEXT NOT NULL,
        kind TEXT NOT NULL,
        difficulty TEXT NOT NULL,
        response TEXT NOT NULL,
        score REAL NOT NULL CHECK (score >= 0.0 AND score <= 1.0),
        confidence TEXT,
        time_taken_ms INTEGER NOT NULL,
        content_hash TEXT NOT NULL,
        answered_at INTEGER NOT NULL
    );
    CREATE INDEX answers_by_pack ON answers (pack_id, answered_at);
    CREATE INDEX answers_by_session ON answers (session_id, id);
    CREATE TABLE schedule (
        pack_id TEXT NOT NULL,
        question_id TEXT NOT NULL,
        stability REAL NOT NULL,
        difficulty REAL NOT NULL,
        due_at INTEGER NOT NULL,
        reps INTEGER NOT NULL,
        lapses INTEGER NOT NULL,
        last_review INTEGER,
        content_hash TEXT NOT NULL,
        PRIMARY KEY (pack_id, question_id)
    );",
];

/// The version this build writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// Applies the missing steps in one immediate transaction, re-reading the version inside it
/// so that two processes opening a new database at once migrate it once.
pub fn migrate(conn: &Connection) -> rusqlite::Result<()> {
    let current: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if current >= SCHEMA_VERSION {
        return Ok(());
    }
    conn.execute_batch("BEGIN IMMEDIATE")?;
    let result = (|| {
        let current: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        for (step, sql) in MIGRATIONS.iter().enumerate().skip(current.max(0) as usize) {
            conn.execute_batch(sql)?;
            conn.execute_batch(&format!("PRAGMA user_version = {}", step + 1))?;
        }
        conn.execute_batch(&format!("PRAGMA application_id = {APPLICATION_ID}"))
    })();
    match result {
        Ok(()) => conn.execute_batch("COMMIT"),
        Err(error) => {
            let _ = conn.execute_batch("ROLLBACK");
            Err(error)
        }
    }
}
