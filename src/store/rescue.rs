//! Getting every readable answer out of a database that is partly damaged: one bad byte in
//! a stored text, or pages lost to a cut-short file, must not keep the rest from a backup.
//! Rows that cannot be read are named (row id and cause), never silently dropped. Reads
//! only; a rescue connection never writes, checkpoints or records a clean close.

use std::fmt;
use std::path::Path;

use rusqlite::config::DbConfig;
use rusqlite::{Connection, OpenFlags};

use super::integrity::{self, classify, unreadable_cause_in};
use super::records::{ANSWER_COLUMNS, ANSWER_COLUMNS_BEFORE_V4, answer_row};
use super::{AnswerRecord, BUSY_TIMEOUT, DB_FILE, SessionId, Store, StoreError};

/// Answer rows that could not be read, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unreadable {
    /// One row: its id and what is wrong with it.
    Row { id: i64, cause: String },
    /// The rows after `after` (all of them when `None`) up to `before` could not be reached:
    /// the pages that hold them are damaged or missing.
    Range {
        after: Option<i64>,
        before: Option<i64>,
        cause: String,
    },
}

impl fmt::Display for Unreadable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Unreadable::Row { id, cause } => write!(f, "answer row {id}: {cause}"),
            Unreadable::Range {
                after,
                before,
                cause,
            } => {
                match (after, before) {
                    (Some(after), Some(before)) => {
                        write!(f, "answer rows between {after} and {before}")?;
                    }
                    (Some(after), None) => write!(f, "answer rows after {after}")?,
                    (None, Some(before)) => write!(f, "answer rows before {before}")?,
                    (None, None) => write!(f, "the answer rows")?,
                }
                write!(f, ": {cause}")
            }
        }
    }
}

impl Store {
    /// Opens `data_dir/skillgap.db` to read what can be read, damaged or not: read-only, no
    /// integrity check, no migration, no checkpoint on close. For `export` as a rescue.
    pub fn open_for_rescue(data_dir: &Path) -> Result<Store, StoreError> {
        let path = data_dir.join(DB_FILE);
        if !path.is_file() {
            return Err(StoreError::Io {
                path,
                source: std::io::Error::new(std::io::ErrorKind::NotFound, "no database here"),
            });
        }
        let fail = |source| classify(&path, source);
        // The guard is made before the connection, so it is dropped after it (even when
        // the open fails half-way): then the journal files the open created go again.
        let closing =
            integrity::CloseGuard::read_only(&path, integrity::JournalFiles::before_open(&path));
        let conn = Connection::open_with_flags(
            &path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(fail)?;
        conn.set_db_config(DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, true)
            .map_err(fail)?;
        conn.busy_timeout(BUSY_TIMEOUT).map_err(fail)?;
        Ok(Store {
            conn,
            closing,
            path: path.clone(),
        })
    }

    /// Every answer that can be read (of one pack if given), oldest first, and the rows that
    /// could not be, with why. Fails only when no answer at all can be reached.
    pub fn readable_answers(
        &self,
        pack_id: Option<&str>,
    ) -> Result<(Vec<AnswerRecord>, Vec<Unreadable>), StoreError> {
        let (mut answers, problems) = self.read_rows("", &[])?;
        if let Some(pack_id) = pack_id {
            answers.retain(|a| a.pack.id == pack_id);
        }
        answers.sort_by_key(|a| (a.answered_at_ms, a.id));
        Ok((answers, problems))
    }

    /// The answers of one session that can be read, in the order given, and the rows that
    /// could not be.
    pub fn readable_session_answers(
        &self,
        id: SessionId,
    ) -> Result<(Vec<AnswerRecord>, Vec<Unreadable>), StoreError> {
        self.read_rows("session_id = ?1 AND", &[&id])
    }

    /// Reads answer rows in id order, row by row: a row whose values cannot be converted is
    /// named and skipped; when a damaged page stops the scan, the rest is read from the
    /// other end, so only the rows on the damaged pages are missing.
    fn read_rows(
        &self,
        filter: &str,
        params: &[&dyn rusqlite::ToSql],
    ) -> Result<(Vec<AnswerRecord>, Vec<Unreadable>), StoreError> {
        let mut answers = Vec::new();
        let mut problems = Vec::new();
        let columns = self.answer_columns();
        let forward = format!(
            "SELECT {columns} FROM answers WHERE {filter} id > ?{n} ORDER BY id",
            n = params.len() + 1
        );
        let stopped = self.scan(
            &forward,
            columns,
            params,
            i64::MIN,
            &mut answers,
            &mut problems,
        )?;
        if let Some(cause) = stopped {
            let last = answers.last().map(|a: &AnswerRecord| a.id);
            let backward = format!(
                "SELECT {columns} FROM answers WHERE {filter} id > ?{n} ORDER BY id DESC",
                n = params.len() + 1
            );
            let mut tail = Vec::new();
            self.scan(
                &backward,
                columns,
                params,
                last.unwrap_or(i64::MIN),
                &mut tail,
                &mut problems,
            )?;
            tail.reverse();
            // The rows between the two scans are on the damaged pages.
            problems.push(Unreadable::Range {
                after: last,
                before: tail.first().map(|a| a.id),
                cause,
            });
            answers.extend(tail);
        }
        Ok((answers, problems))
    }

    /// One pass of `sql` (its last parameter is the id to start after): rows read go to
    /// `answers`, rows that cannot be converted to `problems`. Returns the cause when the
    /// scan itself broke off (a damaged page); fails when it cannot even start.
    fn scan(
        &self,
        sql: &str,
        columns: &str,
        params: &[&dyn rusqlite::ToSql],
        after: i64,
        answers: &mut Vec<AnswerRecord>,
        problems: &mut Vec<Unreadable>,
    ) -> Result<Option<String>, StoreError> {
        let mut all: Vec<&dyn rusqlite::ToSql> = params.to_vec();
        all.push(&after);
        let mut select = self.conn.prepare(sql).map_err(|e| self.fail(e))?;
        let mut rows = match select.query(all.as_slice()) {
            Ok(rows) => rows,
            Err(error) => return Ok(Some(self.cause(error))),
        };
        loop {
            match rows.next() {
                Ok(None) => return Ok(None),
                Ok(Some(row)) => match answer_row(row) {
                    Ok(answer) => answers.push(answer),
                    Err(error) => problems.push(Unreadable::Row {
                        id: row.get::<_, i64>(0).unwrap_or(0),
                        cause: unreadable_cause_in(&error, columns),
                    }),
                },
                Err(error) => return Ok(Some(self.cause(error))),
            }
        }
    }

    /// The answer columns this database has: a rescue reads a file without migrating it,
    /// and one older than schema version 4 has no `overridden` column.
    fn answer_columns(&self) -> &'static str {
        let has_overridden = self
            .conn
            .query_row(
                "SELECT count(*) FROM pragma_table_info('answers') WHERE name = 'overridden'",
                [],
                |r| r.get::<_, i64>(0),
            )
            .map_or(true, |n| n > 0);
        if has_overridden {
            ANSWER_COLUMNS
        } else {
            ANSWER_COLUMNS_BEFORE_V4
        }
    }

    /// Why a scan broke off, in words; the database is marked as damaged.
    fn cause(&self, error: rusqlite::Error) -> String {
        let cause = error.to_string();
        let _ = self.fail(error);
        cause
    }
}
