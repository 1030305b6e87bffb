//! Damage is decided before anything is written: the fingerprint of the file at its last
//! clean close, the integrity check run when that fingerprint no longer matches, the
//! journal files SQLite creates on open removed again when the file is refused, and the
//! real cause of an I/O failure (disk full, journal removed, permission denied).
//!
//! It reads the database only through the connection it is handed, and writes only the
//! fingerprint file beside the database and the journal files skillgap itself created.

use std::cell::Cell;
use std::fs;
use std::path::{Path, PathBuf};

use rusqlite::config::DbConfig;
use rusqlite::{Connection, ErrorCode};

use super::StoreError;
use super::header::{self, FirstLook, Look};

/// The most problems `quick_check` is asked for: the first one names the damage.
const PROBLEMS_SHOWN: u32 = 3;

/// The fingerprint file beside the database: size, modification time and a hash of the
/// header at the last clean close.
pub fn fingerprint_path(db: &Path) -> PathBuf {
    sidecar(db, "-clean")
}

/// The write-ahead log beside the database.
pub fn wal_path(db: &Path) -> PathBuf {
    sidecar(db, "-wal")
}

fn shm_path(db: &Path) -> PathBuf {
    sidecar(db, "-shm")
}

fn sidecar(db: &Path, suffix: &str) -> PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// What identifies the file as it was: size, modification time (ns) and header hash.
fn fingerprint(look: &Look) -> String {
    format!(
        "skillgap-clean-close 1 size={} mtime_ns={} header={:016x}\n",
        look.len,
        look.modified_ns,
        crate::fnv::fnv1a64(&[&look.header])
    )
}

/// The clean-close record as the file was opened: what it said, and whether it described
/// the file then.
#[derive(Debug, Clone, Default)]
pub struct Recorded {
    text: Option<String>,
    /// When the record described the file: its size and modification time then, to tell
    /// at close that it has not changed since.
    matching: Option<(u64, u128)>,
}

impl Recorded {
    /// Reads the record beside `db` and compares it with the file as `now` found it.
    pub fn read(db: &Path, now: &Look) -> Recorded {
        let text = fs::read_to_string(fingerprint_path(db)).ok();
        let matching = (text.as_deref() == Some(fingerprint(now).as_str()))
            .then_some((now.len, now.modified_ns));
        Recorded { text, matching }
    }

    /// Whether the file must be checked before use: it changed since skillgap last closed it
    /// cleanly (another program wrote it, it was cut short, copied back from a backup...),
    /// or no clean close was recorded, or a write-ahead log holds data a crash left behind.
    pub fn needs_check(&self, journal: &JournalFiles) -> bool {
        journal.unmerged_log() || self.matching.is_none()
    }

    /// Records the clean close of `db`, unless the record already describes it: the file
    /// has the size and modification time it had when the record was found to match. A
    /// command that wrote nothing (report, history, a dashboard looked at) then costs one
    /// `stat`, not a file written and renamed. Leaving the record is always safe: one that
    /// no longer matches only makes the next open check the file.
    fn record_close(&self, db: &Path) {
        if let Some(matching) = self.matching
            && fs::metadata(db).is_ok_and(|m| (m.len(), header::modified_ns(&m)) == matching)
        {
            return;
        }
        record_clean_close(db, self.text.as_deref());
    }
}

/// Records the file as cleanly closed. Best effort: without it the next open checks.
/// `recorded` is what the record said when the file was opened.
fn record_clean_close(db: &Path, recorded: Option<&str>) {
    let Ok(look) = header::look(db) else {
        return;
    };
    if look.first == FirstLook::Missing {
        return;
    }
    let print = fingerprint(&look);
    // The file is as the record says (changed and changed back, or on a file system whose
    // clock is too coarse to tell): nothing to write.
    if recorded == Some(print.as_str()) {
        return;
    }
    let path = fingerprint_path(db);
    let temporary = sidecar(db, "-clean.tmp");
    if fs::write(&temporary, print).is_err() || fs::rename(&temporary, &path).is_err() {
        let _ = fs::remove_file(&temporary);
        let _ = fs::remove_file(&path);
    }
}

/// `PRAGMA quick_check`: every page, every record's format and type, NOT NULL and CHECK
/// constraints; not index content (that would be `integrity_check`, much slower). Reads
/// only. `Err` holds the first problems found; `Ok(())` when the file is sound.
pub fn quick_check(conn: &Connection) -> rusqlite::Result<Result<(), Damage>> {
    let mut select = conn.prepare(&format!("PRAGMA quick_check({PROBLEMS_SHOWN})"))?;
    let problems: Vec<String> = select
        .query_map([], |row| row.get::<_, String>(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(match problems.as_slice() {
        [ok] if ok == "ok" => Ok(()),
        _ => Err(Damage { problems }),
    })
}

/// What `PRAGMA quick_check` found wrong: its first problems, as SQLite words them. Shown
/// joined and clipped to a line's worth.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Damage {
    pub problems: Vec<String>,
}

impl std::fmt::Display for Damage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&crate::text::clip(&self.problems.join("; "), 300))
    }
}

impl std::error::Error for Damage {}

/// Which journal files existed before skillgap opened the database, so that those it
/// created are removed again when it refuses the file ("did not change it" then holds for
/// the directory too). A log that existed is never removed: it may hold answers.
#[derive(Debug, Clone)]
pub struct JournalFiles {
    db: PathBuf,
    /// The log's size, when there was one.
    wal_len: Option<u64>,
    had_shm: bool,
}

impl JournalFiles {
    pub fn before_open(db: &Path) -> JournalFiles {
        JournalFiles {
            db: db.to_path_buf(),
            wal_len: fs::metadata(wal_path(db)).ok().map(|m| m.len()),
            had_shm: shm_path(db).exists(),
        }
    }

    /// Whether a write-ahead log was there: another skillgap may be writing, or a crash
    /// left it.
    pub fn had_wal(&self) -> bool {
        self.wal_len.is_some()
    }

    /// Whether the log held frames not yet merged into the file.
    pub fn unmerged_log(&self) -> bool {
        self.wal_len.is_some_and(|len| len > 0)
    }

    /// Removes the journal files that were not there before, once the connection is
    /// closed. An empty log only: one with data belongs to someone (another skillgap).
    pub fn remove_created(&self) {
        let wal = wal_path(&self.db);
        let wal_empty = fs::metadata(&wal).is_ok_and(|m| m.len() == 0);
        if !self.had_wal() && wal_empty {
            let _ = fs::remove_file(&wal);
        }
        if !self.had_shm && !wal.exists() {
            let _ = fs::remove_file(shm_path(&self.db));
        }
    }
}

/// What to do about the fingerprint when the database is closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Closing {
    /// Used without trouble: record the clean close.
    Clean,
    /// Damage met: no record. The old one no longer matches the file, or the log left
    /// unmerged says to check: the next open checks either way. The directory is left as
    /// it was.
    Damaged,
    /// Refused for another reason, or opened read-only: leave the record as it is.
    Untouched,
}

/// Dropped after the connection (it is declared after it in `Store`): records the clean
/// close, unless damage was met while the database was open. Damage also stops the
/// checkpoint on close, which would copy the log into a damaged file.
#[derive(Debug)]
pub struct CloseGuard {
    db: PathBuf,
    closing: Cell<Closing>,
    /// For a read-only connection: the journal files to take away again once it is closed.
    journal: Option<JournalFiles>,
    /// For the writing connection: the journal files there were before it opened, so that
    /// those it created are taken away again when damage was met (nothing was committed
    /// then, so they hold nothing).
    before_open: Option<JournalFiles>,
    /// The clean-close record when the file was opened: a close that finds the file as it
    /// describes leaves it as it is.
    recorded: Recorded,
}

impl CloseGuard {
    pub fn new(db: &Path, before_open: JournalFiles, recorded: Recorded) -> CloseGuard {
        CloseGuard {
            db: db.to_path_buf(),
            closing: Cell::new(Closing::Clean),
            journal: None,
            before_open: Some(before_open),
            recorded,
        }
    }

    /// For a connection that only reads: no checkpoint and no record on close, and the
    /// journal files its open created are removed once it is closed.
    pub fn read_only(db: &Path, journal: JournalFiles) -> CloseGuard {
        CloseGuard {
            db: db.to_path_buf(),
            closing: Cell::new(Closing::Untouched),
            journal: Some(journal),
            before_open: None,
            recorded: Recorded::default(),
        }
    }

    pub fn damage_met(&self, conn: &Connection) {
        self.closing.set(Closing::Damaged);
        let _ = conn.set_db_config(DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, true);
    }

    /// The open was refused with `error`: nothing may be written on close.
    pub fn refused(&self, conn: &Connection, error: &StoreError) {
        let _ = conn.set_db_config(DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, true);
        if matches!(
            error,
            StoreError::Damaged { .. } | StoreError::NotADatabase { .. }
        ) {
            self.closing.set(Closing::Damaged);
        } else if self.closing.get() == Closing::Clean {
            self.closing.set(Closing::Untouched);
        }
    }
}

impl Drop for CloseGuard {
    fn drop(&mut self) {
        match self.closing.get() {
            Closing::Clean => self.recorded.record_close(&self.db),
            Closing::Damaged => {
                if let Some(before) = &self.before_open {
                    before.remove_created();
                }
            }
            Closing::Untouched => {}
        }
        if let Some(journal) = &self.journal {
            journal.remove_created();
        }
    }
}

/// Turns an SQLite error into one that says what happened and what the user can do.
pub fn classify(path: &Path, source: rusqlite::Error) -> StoreError {
    let path = path.to_path_buf();
    let extended = match &source {
        rusqlite::Error::SqliteFailure(error, _) => error.extended_code,
        _ => 0,
    };
    match source.sqlite_error_code() {
        Some(ErrorCode::NotADatabase) => StoreError::NotADatabase { path },
        Some(ErrorCode::DatabaseCorrupt) => StoreError::Damaged {
            path,
            what: format!("SQLite reports it corrupt: {source}"),
        },
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => StoreError::Busy { path },
        Some(ErrorCode::DiskFull) => StoreError::DiskFull { path },
        Some(ErrorCode::SystemIoFailure | ErrorCode::ReadOnly) => match io_cause(&path, extended) {
            IoCause::JournalRemoved => StoreError::JournalRemoved { path },
            IoCause::DiskFull => StoreError::DiskFull { path },
            IoCause::Other if source.sqlite_error_code() == Some(ErrorCode::ReadOnly) => {
                StoreError::Access { path, source }
            }
            IoCause::Other => StoreError::IoFailed { path, source },
        },
        Some(ErrorCode::PermissionDenied | ErrorCode::CannotOpen) => {
            StoreError::Access { path, source }
        }
        _ => match source {
            rusqlite::Error::FromSqlConversionFailure(..)
            | rusqlite::Error::IntegralValueOutOfRange(..)
            | rusqlite::Error::InvalidColumnType(..)
            | rusqlite::Error::Utf8Error(..) => StoreError::Damaged {
                path,
                what: format!(
                    "a stored record cannot be read: {}",
                    unreadable_cause(&source)
                ),
            },
            // Our own database (its label was checked on open) missing a table or column
            // that its schema version promises: the schema's text was damaged.
            source if names_missing_schema(&source) => StoreError::Damaged {
                path,
                what: format!("its table definitions are damaged: {source}"),
            },
            source => StoreError::Sqlite { path, source },
        },
    }
}

/// Whether SQLite says a table or column is missing, which our migrations always create.
fn names_missing_schema(error: &rusqlite::Error) -> bool {
    let message = error.to_string();
    ["no such table", "no such column", "has no column named"]
        .iter()
        .any(|phrase| message.contains(phrase))
}

/// What is wrong with a stored value that cannot be read, in words.
pub fn unreadable_cause(error: &rusqlite::Error) -> String {
    unreadable_cause_in(error, "")
}

/// [`unreadable_cause`], naming the column from `columns` (a `SELECT` list) when it can.
pub fn unreadable_cause_in(error: &rusqlite::Error, columns: &str) -> String {
    let column = |index: usize| {
        columns
            .split(',')
            .nth(index)
            .map(str::trim)
            .filter(|name| !name.is_empty())
            .map_or_else(|| format!("column {index}"), |name| format!("its {name}"))
    };
    match error {
        rusqlite::Error::Utf8Error(index, cause) => {
            format!(
                "{} holds text that is not valid UTF-8 ({cause})",
                column(*index)
            )
        }
        rusqlite::Error::FromSqlConversionFailure(index, _, cause)
            if cause.downcast_ref::<std::str::Utf8Error>().is_some() =>
        {
            format!(
                "{} holds text that is not valid UTF-8 ({cause})",
                column(*index)
            )
        }
        other => other.to_string(),
    }
}

/// The real cause of an I/O failure, as far as the file system tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IoCause {
    /// The write-ahead log vanished while the database was open.
    JournalRemoved,
    /// No space left where the database lives.
    DiskFull,
    /// Anything else: a failing disk, a network file system...
    Other,
}

/// Looks at the file system after SQLite reported an I/O error on `db`.
pub fn io_cause(db: &Path, extended_code: i32) -> IoCause {
    use rusqlite::ffi;
    // SQLite fills a short read of the database file with zeros; a short read of the log
    // (shorter than its index says) is an error: the log was removed or cut under it.
    let wal_open_but_gone = shm_path(db).exists() && !wal_path(db).exists();
    if wal_open_but_gone || extended_code == ffi::SQLITE_IOERR_SHORT_READ {
        return IoCause::JournalRemoved;
    }
    if disk_nearly_full(db) {
        return IoCause::DiskFull;
    }
    IoCause::Other
}

/// Whether the file system holding `db` has less than a few pages of room left: then a
/// write that failed most likely failed for lack of space (SQLite reports a failed growth
/// of its shared-memory file as a plain I/O error).
fn disk_nearly_full(db: &Path) -> bool {
    const ROOM: u64 = 1 << 20;
    let dir = db.parent().unwrap_or(Path::new("."));
    rustix::fs::statvfs(dir).is_ok_and(|stats| stats.f_bavail.saturating_mul(stats.f_frsize) < ROOM)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_changed_since_its_clean_close_is_checked() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("x.db");
        let needs_check_now = || {
            Recorded::read(&db, &header::look(&db).unwrap())
                .needs_check(&JournalFiles::before_open(&db))
        };
        fs::write(&db, b"SQLite format 3\0 and more").unwrap();
        assert!(needs_check_now(), "no clean close recorded");
        record_clean_close(&db, None);
        assert!(!needs_check_now());
        fs::write(wal_path(&db), b"frames").unwrap();
        assert!(needs_check_now(), "a log left behind");
        fs::remove_file(wal_path(&db)).unwrap();
        assert!(!needs_check_now());
        fs::write(&db, b"SQLite format 3\0 and mor").unwrap();
        assert!(needs_check_now(), "cut short");
    }

    #[test]
    fn a_close_that_finds_the_file_as_recorded_leaves_the_record_alone() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("x.db");
        fs::write(&db, b"SQLite format 3\0 and more").unwrap();
        record_clean_close(&db, None);
        let record_modified = || {
            fs::metadata(fingerprint_path(&db))
                .unwrap()
                .modified()
                .unwrap()
        };
        let before = record_modified();
        let opened = Recorded::read(&db, &header::look(&db).unwrap());
        std::thread::sleep(std::time::Duration::from_millis(20));
        opened.record_close(&db);
        assert_eq!(record_modified(), before, "nothing changed: not rewritten");
        // A file changed meanwhile is recorded anew, and then needs no check.
        fs::write(&db, b"SQLite format 3\0 and less").unwrap();
        opened.record_close(&db);
        let reopened = Recorded::read(&db, &header::look(&db).unwrap());
        assert!(!reopened.needs_check(&JournalFiles::before_open(&db)));
        assert_ne!(reopened.text, opened.text);
        // A file opened with a record that did not describe it (checked then) is recorded
        // at close even when it has not changed since.
        fs::write(fingerprint_path(&db), "stale").unwrap();
        let checked = Recorded::read(&db, &header::look(&db).unwrap());
        assert!(checked.needs_check(&JournalFiles::before_open(&db)));
        checked.record_close(&db);
        assert!(
            !Recorded::read(&db, &header::look(&db).unwrap())
                .needs_check(&JournalFiles::before_open(&db))
        );
    }

    fn sqlite_error(extended_code: i32) -> rusqlite::Error {
        rusqlite::Error::SqliteFailure(rusqlite::ffi::Error::new(extended_code), None)
    }

    #[test]
    fn causes_are_named_and_say_nothing_was_lost() {
        use rusqlite::ffi;
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("skillgap.db");
        let full = classify(&db, sqlite_error(ffi::SQLITE_FULL));
        assert!(matches!(full, StoreError::DiskFull { .. }), "{full}");
        assert!(full.to_string().contains("disk is full"));
        assert!(full.to_string().contains("nothing stored before was lost"));

        let removed = classify(&db, sqlite_error(ffi::SQLITE_IOERR_SHORT_READ));
        assert!(
            matches!(removed, StoreError::JournalRemoved { .. }),
            "{removed}"
        );
        fs::write(shm_path(&db), b"index").unwrap();
        let removed = classify(&db, sqlite_error(ffi::SQLITE_IOERR_READ));
        assert!(
            matches!(removed, StoreError::JournalRemoved { .. }),
            "{removed}"
        );
        assert!(
            removed
                .to_string()
                .contains("nothing it stored was overwritten")
        );
        fs::remove_file(shm_path(&db)).unwrap();

        for code in [ffi::SQLITE_PERM, ffi::SQLITE_CANTOPEN, ffi::SQLITE_READONLY] {
            let denied = classify(&db, sqlite_error(code));
            assert!(matches!(denied, StoreError::Access { .. }), "{denied}");
            assert!(denied.to_string().contains("permission"), "{denied}");
            assert!(
                denied.to_string().contains("nothing stored was lost"),
                "{denied}"
            );
        }
        let failing = classify(&db, sqlite_error(ffi::SQLITE_IOERR_WRITE));
        assert!(matches!(failing, StoreError::IoFailed { .. }), "{failing}");
        assert!(!failing.to_string().contains("permission"), "{failing}");

        let stored = vec![0xffu8, b'q'];
        let utf8 = std::str::from_utf8(&stored).unwrap_err();
        let bad = classify(&db, rusqlite::Error::Utf8Error(5, utf8));
        assert!(bad.to_string().contains("not valid UTF-8"), "{bad}");
        assert!(!bad.to_string().contains("free disk space"), "{bad}");
    }

    #[test]
    fn only_journal_files_created_by_the_refused_open_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("x.db");
        let before = JournalFiles::before_open(&db);
        fs::write(wal_path(&db), b"").unwrap();
        fs::write(shm_path(&db), b"index").unwrap();
        before.remove_created();
        assert!(!wal_path(&db).exists() && !shm_path(&db).exists());

        fs::write(wal_path(&db), b"someone's frames").unwrap();
        let before = JournalFiles::before_open(&db);
        fs::write(shm_path(&db), b"index").unwrap();
        before.remove_created();
        assert!(wal_path(&db).exists(), "a log with data is kept");
        assert!(shm_path(&db).exists(), "and so is its index");
    }
}
