//! Opening the database: the file identified with plain reads, then through SQLite; damage
//! decided (integrity check) before anything is written; write-ahead logging switched on;
//! the schema migrated. A file refused is left as it was, journal files included.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rusqlite::config::DbConfig;
use rusqlite::{Connection, ErrorCode, OpenFlags, Transaction, TransactionBehavior};

use super::header::{self, FirstLook};
use super::integrity::{self, classify};
use super::schema::{self, Verdict};
use super::{BUSY_TIMEOUT, DB_FILE, SCHEMA_VERSION, Store, StoreError};

impl Store {
    /// Opens `data_dir/skillgap.db`, creating the directory and the file if missing, and
    /// brings the schema up to date. An existing file is identified before anything is
    /// written to it; a file that is not ours, damaged, or newer is refused and left as is.
    pub fn open(data_dir: &Path) -> Result<Store, StoreError> {
        std::fs::create_dir_all(data_dir).map_err(|source| StoreError::CreateDir {
            path: data_dir.to_path_buf(),
            source,
        })?;
        let path = data_dir.join(DB_FILE);

        // 1. Plain reads only: refuse what is obviously not ours before SQLite sees it.
        let look = header::look(&path).map_err(|source| StoreError::Io {
            path: path.clone(),
            source,
        })?;
        match look.first {
            FirstLook::NotSqlite => return Err(StoreError::NotADatabase { path }),
            FirstLook::Foreign => return Err(StoreError::Foreign { path }),
            FirstLook::Ours { .. } => {
                if let Some(found) = header::too_new(look.first) {
                    return Err(too_new(path, found));
                }
            }
            // A SQLite file without our id: count its tables through a read-only connection,
            // which cannot roll back another program's leftover journal into its file.
            FirstLook::Unlabelled => {
                let verdict = probe_read_only(&path)?;
                check_verdict(&path, verdict)?;
            }
            FirstLook::Missing | FirstLook::Empty => {}
        }

        // 2. Damage is decided before anything is written: a file of ours that changed since
        // its last clean close (or holds a crashed run's log) is checked first.
        let journal = integrity::JournalFiles::before_open(&path);
        let ours = matches!(look.first, FirstLook::Ours { .. });
        let recorded = if ours {
            integrity::Recorded::read(&path, &look)
        } else {
            integrity::Recorded::default()
        };
        let check = ours && recorded.needs_check(&journal);
        // With a log beside it another skillgap may be checkpointing into the file right now
        // (header first, pages after): the header's page count is then not to be trusted.
        if ours && let Some(what) = look.cut_short(!journal.had_wal()) {
            return Err(StoreError::Damaged { path, what });
        }
        let opened = Store::connect(path, look.first, check, journal.clone(), recorded);
        if opened.is_err() {
            // The refused connection is closed by now: take away the journal files its open
            // created, so the directory is as it was.
            journal.remove_created();
        }
        opened
    }

    /// The connection we keep. Without the CREATE flag when the file exists, so a file
    /// moved away meanwhile is not silently replaced by an empty one.
    /// `before_open` are the journal files there were, `recorded` the clean-close record.
    fn connect(
        path: PathBuf,
        look: FirstLook,
        check: bool,
        before_open: integrity::JournalFiles,
        recorded: integrity::Recorded,
    ) -> Result<Store, StoreError> {
        let mut flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        if look == FirstLook::Missing {
            flags |= OpenFlags::SQLITE_OPEN_CREATE;
        }
        let conn =
            Connection::open_with_flags(&path, flags).map_err(|source| classify(&path, source))?;
        let closing = integrity::CloseGuard::new(&path, before_open, recorded);
        let store = Store {
            conn,
            path,
            closing,
        };
        if let Err(error) = store.configure_and_migrate(check) {
            store.closing.refused(&store.conn, &error);
            return Err(error);
        }
        Ok(store)
    }

    fn configure_and_migrate(&self, check: bool) -> Result<(), StoreError> {
        let conn = &self.conn;
        let fail = |source| classify(&self.path, source);
        // No checkpoint on close until the file is known to be ours: a checkpoint writes to it.
        conn.set_db_config(DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, true)
            .map_err(fail)?;
        conn.busy_timeout(BUSY_TIMEOUT).map_err(fail)?;
        // Connection settings only: these write nothing to the file.
        conn.pragma_update(None, "foreign_keys", true)
            .map_err(fail)?;
        conn.pragma_update(None, "synchronous", "FULL")
            .map_err(fail)?;
        // Authoritative check: in WAL mode the newest header may still be in the -wal file.
        let found = check_verdict(&self.path, schema::read_identity(conn).map_err(fail)?)?;
        if check && let Err(what) = integrity::quick_check(conn).map_err(fail)? {
            return Err(StoreError::Damaged {
                path: self.path.clone(),
                what: format!("the integrity check found: {what}"),
            });
        }

        // From here on the file is ours (or blank), sound, and may be written.
        self.enable_wal()?;
        if matches!(found, Verdict::Usable { version } if version == SCHEMA_VERSION) {
            // Up to date: nothing to migrate, so no write lock to take. A newer skillgap may
            // migrate the file after this read as well as after a re-read; that is the
            // too-new check of the next open.
            return self.allow_checkpoint_on_close();
        }
        let tx = Transaction::new_unchecked(conn, TransactionBehavior::Immediate).map_err(fail)?;
        // Re-read inside the write lock: another process may have migrated meanwhile.
        let verdict = schema::read_identity(&tx).map_err(fail)?;
        if let Verdict::Usable { version } = check_verdict(&self.path, verdict)?
            && version < SCHEMA_VERSION
        {
            schema::migrate(&tx, version).map_err(fail)?;
        }
        tx.commit().map_err(fail)?;
        self.allow_checkpoint_on_close()
    }

    /// Once the file is known to be ours and sound, closing may merge the log into it.
    fn allow_checkpoint_on_close(&self) -> Result<(), StoreError> {
        self.conn
            .set_db_config(DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, false)
            .map_err(|source| classify(&self.path, source))?;
        Ok(())
    }

    /// Switches to write-ahead logging, so readers never block the writer and a commit is a
    /// single append. The switch needs the file to itself for a moment: when another process
    /// (say, a second skillgap opening the same new database) holds it, it is retried until
    /// the busy timeout. A file system without shared memory answers with the old mode.
    fn enable_wal(&self) -> Result<(), StoreError> {
        const PAUSE: Duration = Duration::from_millis(20);
        let give_up = Instant::now() + BUSY_TIMEOUT;
        loop {
            match self
                .conn
                .pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get::<_, String>(0))
            {
                Ok(mode) if mode.eq_ignore_ascii_case("wal") => return Ok(()),
                Ok(mode) => {
                    return Err(StoreError::NoWal {
                        path: self.path.clone(),
                        mode,
                    });
                }
                Err(error) if is_busy(&error) && Instant::now() < give_up => {
                    std::thread::sleep(PAUSE);
                }
                Err(error) => return Err(self.fail(error)),
            }
        }
    }
}

/// Reads the identity of an unlabelled SQLite file through a read-only connection that
/// neither recovers journals nor checkpoints on close, so the file cannot change.
fn probe_read_only(path: &Path) -> Result<Verdict, StoreError> {
    let fail = |source| classify(path, source);
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(fail)?;
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, true)
        .map_err(fail)?;
    conn.busy_timeout(BUSY_TIMEOUT).map_err(fail)?;
    schema::read_identity(&conn).map_err(|error| match error.sqlite_error_code() {
        // Another program left a journal to roll back, which only it should do.
        Some(ErrorCode::ReadOnly) => StoreError::Foreign {
            path: path.to_path_buf(),
        },
        _ => fail(error),
    })
}

/// Turns a verdict into an error unless the database may be used.
fn check_verdict(path: &Path, verdict: Verdict) -> Result<Verdict, StoreError> {
    match verdict {
        Verdict::Usable { .. } => Ok(verdict),
        Verdict::Foreign => Err(StoreError::Foreign {
            path: path.to_path_buf(),
        }),
        Verdict::TooNew { version } => Err(too_new(path.to_path_buf(), version)),
    }
}

fn too_new(path: PathBuf, found: i64) -> StoreError {
    StoreError::TooNew {
        path,
        found,
        known: SCHEMA_VERSION,
    }
}

fn is_busy(error: &rusqlite::Error) -> bool {
    matches!(
        error.sqlite_error_code(),
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked)
    )
}
