//! The history database: round trips, ordering, refusing files that are not ours (and leaving
//! them byte for byte unchanged), migration, concurrent writers and durability.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::sync::{Arc, Barrier};

use rusqlite::Connection;
use skillgap::store::{
    APPLICATION_ID, DB_FILE, NewAnswer, NewSession, PackRef, SCHEMA_VERSION, ScheduleState,
    ScoredRow, SessionStatus, Store, StoreError,
};

fn pack(id: &str) -> PackRef {
    PackRef {
        id: id.to_owned(),
        version: "1.0.0".to_owned(),
        content_hash: format!("{id}-hash"),
    }
}

fn new_session(started_at_ms: i64) -> NewSession {
    NewSession {
        mode: skillgap::quiz::Mode::Practice,
        seed: 42,
        filters_json: r#"{"categories":["databases"]}"#.to_owned(),
        packs: vec![pack("backend")],
        question_ids: vec!["q1".to_owned(), "q2".to_owned(), "q3".to_owned()],
        time_limit_secs: None,
        profile: None,
        started_at_ms,
    }
}

fn answer(pack_id: &str, question_id: &str, score: f64, answered_at_ms: i64) -> NewAnswer {
    NewAnswer {
        pack: pack(pack_id),
        question_id: question_id.to_owned(),
        category: "databases".to_owned(),
        kind: skillgap::pack::KindName::Single,
        difficulty: skillgap::pack::Difficulty::Medium,
        response: skillgap::quiz::Response::Choices { picked: vec![1] },
        score,
        confidence: Some(skillgap::quiz::Confidence::High),
        time_taken_ms: 1234,
        content_hash: format!("{question_id}-hash"),
        answered_at_ms,
    }
}

/// Every file in `dir` with a digest of its bytes, to prove a refused open changed nothing.
/// The `-shm` file is left out: it is SQLite's shared-memory index for WAL readers, rebuilt
/// from the `-wal` file at will, and every reader (even a read-only one) updates its read
/// marks there. The database and its `-wal` hold the data, and must not change.
fn snapshot(dir: &Path) -> Vec<(PathBuf, usize, u64)> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| !path.to_string_lossy().ends_with("-shm"))
        .map(|path| {
            let bytes = std::fs::read(&path).unwrap_or_default();
            let digest = bytes.iter().fold(0xcbf2_9ce4_8422_2325_u64, |hash, &byte| {
                (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3) // FNV-1a
            });
            (path, bytes.len(), digest)
        })
        .collect();
    files.sort();
    files
}

/// Opens `dir`, expects a refusal, and checks the message and that nothing changed.
fn assert_refused_untouched(dir: &Path) -> StoreError {
    let before = snapshot(dir);
    let error = Store::open(dir).expect_err("the file must be refused");
    let message = error.to_string();
    let db = dir.join(DB_FILE);
    assert!(
        message.contains(&db.display().to_string()),
        "message must name the file: {message}"
    );
    assert!(
        message.contains("--data-dir") || message.contains("upgrade"),
        "message must say what to do: {message}"
    );
    assert_eq!(
        snapshot(dir),
        before,
        "a refused file must stay byte for byte as it was"
    );
    error
}

#[test]
fn sessions_answers_and_schedule_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    assert_eq!(store.path(), dir.path().join(DB_FILE));

    let mut planned = new_session(1_000);
    planned.seed = u64::MAX; // does not fit an i64: stored as its bit pattern
    planned.mode = skillgap::quiz::Mode::Exam;
    planned.time_limit_secs = Some(1800);
    planned.profile = Some("junior".to_owned());
    planned.packs.push(pack("extra"));
    let id = store.start_session(&planned).unwrap();

    let first = answer("backend", "q1", 1.0, 2_000);
    let mut second = answer("backend", "q2", 0.25, 3_000);
    second.confidence = None;
    second.time_taken_ms = u64::try_from(i64::MAX).unwrap();
    let first_id = store.record_answer(id, &first).unwrap();
    let second_id = store.record_answer(id, &second).unwrap();
    assert!(second_id > first_id);

    let stored = store.session(id).unwrap().unwrap();
    assert_eq!(stored.id, id);
    assert_eq!(stored.mode.name(), "exam");
    assert_eq!(stored.seed, u64::MAX);
    assert_eq!(stored.filters_json, planned.filters_json);
    assert_eq!(stored.packs, planned.packs);
    assert_eq!(stored.question_ids, planned.question_ids);
    assert_eq!(stored.time_limit_secs, Some(1800));
    assert_eq!(stored.profile.as_deref(), Some("junior"));
    assert_eq!(stored.started_at_ms, 1_000);
    assert_eq!(stored.ended_at_ms, None);
    assert_eq!(stored.status, SessionStatus::Unfinished);
    assert_eq!(stored.answered, 2);
    assert_eq!(stored.score_sum, 1.25);

    let answers = store.session_answers(id).unwrap();
    assert_eq!(answers.len(), 2);
    for (record, given) in answers.iter().zip([&first, &second]) {
        assert_eq!(record.session_id, id);
        assert_eq!(record.pack, given.pack);
        assert_eq!(record.question_id, given.question_id);
        assert_eq!(record.category, given.category);
        assert_eq!(record.kind, Some(given.kind));
        assert_eq!(record.difficulty, given.difficulty);
        assert_eq!(record.response.as_ref(), Some(&given.response));
        assert_eq!(record.response_json, given.response.to_json());
        assert_eq!(record.score, given.score);
        assert_eq!(record.confidence, given.confidence);
        assert_eq!(record.time_taken_ms, given.time_taken_ms);
        assert_eq!(record.content_hash, given.content_hash);
        assert_eq!(record.answered_at_ms, given.answered_at_ms);
    }
    assert_eq!(answers[0].id, first_id);

    store.finish_session(id, 9_000).unwrap();
    let finished = store.session(id).unwrap().unwrap();
    assert_eq!(finished.status, SessionStatus::Finished);
    assert_eq!(finished.ended_at_ms, Some(9_000));
    // Finishing again keeps the first end time.
    store.finish_session(id, 10_000).unwrap();
    assert_eq!(store.session(id).unwrap().unwrap().ended_at_ms, Some(9_000));
    assert_eq!(store.session(id + 1).unwrap(), None);

    // Answering scheduled the question (in the answer's transaction).
    let scheduled = store.schedule("backend", "q1").unwrap().unwrap();
    assert_eq!(
        (scheduled.reps, scheduled.lapses, scheduled.last_review_ms),
        (1, 0, Some(2_000))
    );
    assert_eq!(store.schedule("backend", "q9").unwrap(), None);
    let mut state = ScheduleState {
        stability: 2.5,
        difficulty: 5.1,
        due_ms: 86_400_000,
        reps: 1,
        lapses: 0,
        last_review_ms: None,
        content_hash: "q1-hash".to_owned(),
    };
    store.put_schedule("backend", "q1", &state).unwrap();
    assert_eq!(
        store.schedule("backend", "q1").unwrap(),
        Some(state.clone())
    );
    state.reps = u32::MAX;
    state.lapses = 3;
    state.last_review_ms = Some(5_000);
    store.put_schedule("backend", "q1", &state).unwrap();
    assert_eq!(store.schedule("backend", "q1").unwrap(), Some(state));
    assert_eq!(store.schedule("other", "q1").unwrap(), None);

    // Everything is still there after reopening.
    drop(store);
    let store = Store::open(dir.path()).unwrap();
    assert_eq!(store.session(id).unwrap(), Some(finished));
    assert_eq!(store.session_answers(id).unwrap(), answers);
}

#[test]
fn sessions_are_listed_newest_first() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let old = store.start_session(&new_session(1_000)).unwrap();
    let newest = store.start_session(&new_session(5_000)).unwrap();
    let middle = store.start_session(&new_session(3_000)).unwrap();
    // Same start time: the later id is the newer one.
    let middle_later = store.start_session(&new_session(3_000)).unwrap();

    let ids: Vec<_> = store.sessions(None).unwrap().iter().map(|s| s.id).collect();
    assert_eq!(ids, [newest, middle_later, middle, old]);
    let ids: Vec<_> = store
        .sessions(Some(2))
        .unwrap()
        .iter()
        .map(|s| s.id)
        .collect();
    assert_eq!(ids, [newest, middle_later]);
    assert!(store.sessions(Some(0)).unwrap().is_empty());
}

#[test]
fn last_unfinished_is_the_newest_unfinished_session() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    assert_eq!(store.last_unfinished().unwrap(), None);

    let old = store.start_session(&new_session(1_000)).unwrap();
    let mid = store.start_session(&new_session(2_000)).unwrap();
    let new = store.start_session(&new_session(3_000)).unwrap();
    assert_eq!(store.last_unfinished().unwrap().unwrap().id, new);

    store.finish_session(new, 3_500).unwrap();
    assert_eq!(store.last_unfinished().unwrap().unwrap().id, mid);
    store.finish_session(mid, 3_600).unwrap();
    store
        .record_answer(old, &answer("backend", "q1", 0.5, 4_000))
        .unwrap();
    let resumable = store.last_unfinished().unwrap().unwrap();
    assert_eq!(resumable.id, old);
    assert_eq!((resumable.answered, resumable.score_sum), (1, 0.5));
    assert_eq!(resumable.question_ids, ["q1", "q2", "q3"]);
    store.finish_session(old, 4_100).unwrap();
    assert_eq!(store.last_unfinished().unwrap(), None);
}

#[test]
fn only_an_unfinished_session_without_answers_is_discarded() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let empty = store.start_session(&new_session(1_000)).unwrap();
    let answered = store.start_session(&new_session(2_000)).unwrap();
    store
        .record_answer(answered, &answer("backend", "q1", 1.0, 2_100))
        .unwrap();
    let finished = store.start_session(&new_session(3_000)).unwrap();
    store.finish_session(finished, 3_100).unwrap();

    assert!(
        !store.discard_if_empty(answered).unwrap(),
        "it has an answer"
    );
    assert!(!store.discard_if_empty(finished).unwrap(), "it is finished");
    assert!(!store.discard_if_empty(999).unwrap(), "no such session");
    assert!(store.discard_if_empty(empty).unwrap());
    assert!(!store.discard_if_empty(empty).unwrap(), "already gone");

    let left: Vec<_> = store.sessions(None).unwrap().iter().map(|s| s.id).collect();
    assert_eq!(left, vec![finished, answered]);
    assert_eq!(store.session_answers(answered).unwrap().len(), 1);
    assert_eq!(store.last_unfinished().unwrap().unwrap().id, answered);
}

#[test]
fn answers_for_export_are_oldest_first_and_filter_by_pack() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let session = store.start_session(&new_session(0)).unwrap();
    // Given out of time order on purpose.
    store
        .record_answer(session, &answer("backend", "b2", 1.0, 300))
        .unwrap();
    store
        .record_answer(session, &answer("other", "o1", 0.0, 100))
        .unwrap();
    store
        .record_answer(session, &answer("backend", "b1", 0.5, 200))
        .unwrap();

    let all: Vec<_> = store
        .answers(None)
        .unwrap()
        .into_iter()
        .map(|a| a.question_id)
        .collect();
    assert_eq!(all, ["o1", "b1", "b2"]);
    let backend: Vec<_> = store
        .answers(Some("backend"))
        .unwrap()
        .into_iter()
        .map(|a| a.question_id)
        .collect();
    assert_eq!(backend, ["b1", "b2"]);
    assert!(store.answers(Some("nothing")).unwrap().is_empty());
    // The session's own list keeps the order answers were given in.
    let given: Vec<_> = store
        .session_answers(session)
        .unwrap()
        .into_iter()
        .map(|a| a.question_id)
        .collect();
    assert_eq!(given, ["b2", "o1", "b1"]);
}

#[test]
fn for_each_scored_streams_one_pack_in_stored_order() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let session = store.start_session(&new_session(0)).unwrap();
    let mut hard = answer("backend", "b2", 0.75, 300);
    hard.difficulty = skillgap::pack::Difficulty::Hard;
    hard.category = "apis".to_owned();
    store.record_answer(session, &hard).unwrap();
    store
        .record_answer(session, &answer("other", "o1", 0.0, 100))
        .unwrap();
    store
        .record_answer(session, &answer("backend", "b1", 0.5, 200))
        .unwrap();

    let mut seen = Vec::new();
    store
        .for_each_scored("backend", |row: ScoredRow<'_>| {
            seen.push((
                row.question_id.to_owned(),
                row.category.to_owned(),
                row.difficulty.name().to_owned(),
                row.score,
                row.answered_at_ms,
            ));
        })
        .unwrap();
    assert_eq!(
        seen,
        [
            ("b2".into(), "apis".into(), "Hard".into(), 0.75, 300),
            ("b1".into(), "databases".into(), "Medium".into(), 0.5, 200),
        ]
    );
    let mut none = 0;
    store.for_each_scored("nothing", |_| none += 1).unwrap();
    assert_eq!(none, 0);
}

/// The score log `for_each_scored` reads must agree with `answers` whichever way answers
/// arrive: one by one, in batches, across packs, over many chunks, across reopenings.
#[test]
fn for_each_scored_agrees_with_the_answers() {
    let dir = tempfile::tempdir().unwrap();
    let make = |i: i64| {
        let pack_id = ["backend", "frontend", "ops"][usize::try_from(i % 3).unwrap()];
        let mut given = answer(
            pack_id,
            &format!("q{}", i % 37),
            f64::from(u32::try_from(i % 5).unwrap()) / 4.0,
            1_000 + i,
        );
        given.category = format!("cat{}", i % 4);
        given.difficulty = skillgap::pack::Difficulty::ALL[usize::try_from(i % 3).unwrap()];
        given
    };
    {
        let store = Store::open(dir.path()).unwrap();
        let session = store.start_session(&new_session(0)).unwrap();
        for i in 0..300 {
            store.record_answer(session, &make(i)).unwrap();
        }
        let batch: Vec<_> = (300..1_500).map(make).collect();
        assert_eq!(store.record_answers(session, &batch).unwrap(), 1_200);
    }
    let store = Store::open(dir.path()).unwrap();
    let session = store.start_session(&new_session(1)).unwrap();
    for i in 1_500..1_700 {
        store.record_answer(session, &make(i)).unwrap();
    }
    for pack_id in ["backend", "frontend", "ops"] {
        let expected: Vec<_> = store
            .answers(Some(pack_id))
            .unwrap()
            .into_iter()
            .map(|a| {
                (
                    a.question_id,
                    a.category,
                    a.difficulty.name().to_owned(),
                    a.score,
                    a.answered_at_ms,
                )
            })
            .collect();
        let mut streamed = Vec::new();
        store
            .for_each_scored(pack_id, |row| {
                streamed.push((
                    row.question_id.to_owned(),
                    row.category.to_owned(),
                    row.difficulty.name().to_owned(),
                    row.score,
                    row.answered_at_ms,
                ));
            })
            .unwrap();
        assert!(streamed.len() >= 566, "{}", streamed.len());
        assert_eq!(streamed, expected, "pack {pack_id}");
    }
}

#[test]
fn a_batch_is_stored_whole_or_not_at_all() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let session = store.start_session(&new_session(0)).unwrap();
    let batch = [
        answer("backend", "q1", 1.0, 1),
        answer("backend", "q2", 2.0, 2), // invalid score
        answer("backend", "q3", 0.0, 3),
    ];
    assert!(matches!(
        store.record_answers(session, &batch),
        Err(StoreError::Invalid { .. })
    ));
    assert!(store.answers(None).unwrap().is_empty());
    let mut streamed = 0;
    store.for_each_scored("backend", |_| streamed += 1).unwrap();
    assert_eq!(streamed, 0);
    assert_eq!(store.record_answers(session, &batch[..1]).unwrap(), 1);
    assert!(matches!(
        store.record_answers(session + 1, &batch[..1]),
        Err(StoreError::UnknownSession { .. })
    ));
    assert_eq!(store.answers(None).unwrap().len(), 1);
}

#[test]
fn bad_input_is_refused_and_nothing_is_stored() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let session = store.start_session(&new_session(0)).unwrap();
    for score in [-0.1, 1.5, f64::NAN, f64::INFINITY] {
        let error = store
            .record_answer(session, &answer("backend", "q1", score, 1))
            .unwrap_err();
        assert!(matches!(error, StoreError::Invalid { .. }), "{error}");
    }
    let mut too_long = answer("backend", "q1", 1.0, 1);
    too_long.time_taken_ms = u64::MAX;
    assert!(matches!(
        store.record_answer(session, &too_long),
        Err(StoreError::Invalid { .. })
    ));
    let missing = session + 100;
    let error = store
        .record_answer(missing, &answer("backend", "q1", 1.0, 1))
        .unwrap_err();
    assert!(
        matches!(error, StoreError::UnknownSession { id, .. } if id == missing),
        "{error}"
    );
    assert!(matches!(
        store.finish_session(missing, 5),
        Err(StoreError::UnknownSession { .. })
    ));
    let mut nan_schedule = ScheduleState {
        stability: f64::NAN,
        difficulty: 1.0,
        due_ms: 0,
        reps: 0,
        lapses: 0,
        last_review_ms: None,
        content_hash: String::new(),
    };
    assert!(matches!(
        store.put_schedule("backend", "q1", &nan_schedule),
        Err(StoreError::Invalid { .. })
    ));
    nan_schedule.stability = 1.0;
    store.put_schedule("backend", "q1", &nan_schedule).unwrap();

    assert!(store.answers(None).unwrap().is_empty());
    let empty = store.session(session).unwrap().unwrap();
    assert_eq!((empty.answered, empty.score_sum), (0, 0.0));
}

#[test]
fn creates_missing_data_directories() {
    let dir = tempfile::tempdir().unwrap();
    let nested = dir.path().join("a").join("b");
    let store = Store::open(&nested).unwrap();
    assert!(nested.join(DB_FILE).is_file());
    assert_eq!(store.path(), nested.join(DB_FILE));
}

#[test]
fn an_empty_file_is_migrated() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join(DB_FILE);
    std::fs::write(&db, b"").unwrap();
    let store = Store::open(dir.path()).unwrap();
    let session = store.start_session(&new_session(1)).unwrap();
    store
        .record_answer(session, &answer("backend", "q1", 1.0, 2))
        .unwrap();
    drop(store);

    let conn = Connection::open(&db).unwrap();
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    let application_id: i64 = conn
        .pragma_query_value(None, "application_id", |r| r.get(0))
        .unwrap();
    assert_eq!(version, SCHEMA_VERSION);
    assert_eq!(application_id, APPLICATION_ID);
}

#[test]
fn reopening_an_up_to_date_database_keeps_its_data() {
    let dir = tempfile::tempdir().unwrap();
    let id = {
        let store = Store::open(dir.path()).unwrap();
        store.start_session(&new_session(1)).unwrap()
    };
    for _ in 0..3 {
        let store = Store::open(dir.path()).unwrap();
        assert_eq!(store.sessions(None).unwrap().len(), 1);
        assert!(store.session(id).unwrap().is_some());
    }
}

/// An up-to-date file has nothing to migrate, so opening it takes no write lock: a second
/// skillgap (a report, the dashboard) opens at once while another one is in the middle of
/// writing, and reads what was committed. It used to wait for the lock, up to the busy
/// timeout, and then fail.
#[test]
fn an_up_to_date_database_opens_while_another_writer_holds_the_lock() {
    let dir = tempfile::tempdir().unwrap();
    let id = {
        let store = Store::open(dir.path()).unwrap();
        store.start_session(&new_session(1)).unwrap()
    };
    let writer = Connection::open(dir.path().join(skillgap::store::DB_FILE)).unwrap();
    writer.execute_batch("BEGIN IMMEDIATE").unwrap();
    // Uncommitted: the store opened meanwhile must still see the session.
    writer
        .execute("DELETE FROM sessions WHERE id = ?1", [id])
        .unwrap();
    let store = Store::open(dir.path()).unwrap();
    assert!(store.session(id).unwrap().is_some());
    assert_eq!(store.sessions(None).unwrap().len(), 1);
    writer.execute_batch("ROLLBACK").unwrap();
}

#[test]
fn a_file_of_random_bytes_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    // A fixed pseudo-random sequence (xorshift), so a failure is reproducible.
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let bytes: Vec<u8> = (0..16_384)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state.to_le_bytes()[0]
        })
        .collect();
    std::fs::write(dir.path().join(DB_FILE), &bytes).unwrap();
    let error = assert_refused_untouched(dir.path());
    assert!(matches!(error, StoreError::NotADatabase { .. }), "{error}");
}

#[test]
fn text_and_truncated_files_are_refused_untouched() {
    for content in [
        &b"my notes, not a database\n"[..],
        &b"SQLite format 3\0"[..],
        &[0u8; 4096][..],
    ] {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(DB_FILE), content).unwrap();
        let error = assert_refused_untouched(dir.path());
        assert!(matches!(error, StoreError::NotADatabase { .. }), "{error}");
    }
}

#[test]
fn a_directory_in_place_of_the_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(DB_FILE)).unwrap();
    let error = Store::open(dir.path()).unwrap_err();
    assert!(matches!(error, StoreError::NotADatabase { .. }), "{error}");
    assert!(dir.path().join(DB_FILE).is_dir());
}

/// A damaged skillgap database (the middle of the file overwritten) is reported, never
/// replaced; the file keeps its bytes.
#[test]
fn a_damaged_database_is_reported_untouched() {
    let dir = tempfile::tempdir().unwrap();
    {
        let store = Store::open(dir.path()).unwrap();
        let session = store.start_session(&new_session(1)).unwrap();
        for i in 0..200 {
            store
                .record_answer(session, &answer("backend", &format!("q{i}"), 1.0, i))
                .unwrap();
        }
    }
    let db = dir.path().join(DB_FILE);
    let mut bytes = std::fs::read(&db).unwrap();
    // Page 2 onwards: wreck the schema's pages but keep the header (so it still looks ours).
    for byte in &mut bytes[4096..] {
        *byte = 0xA5;
    }
    std::fs::write(&db, &bytes).unwrap();
    let before = snapshot(dir.path());
    let outcome = Store::open(dir.path()).and_then(|store| {
        store.sessions(None)?;
        store.answers(None)
    });
    let error = outcome.expect_err("a wrecked database cannot be read");
    assert!(
        matches!(
            error,
            StoreError::Damaged { .. } | StoreError::NotADatabase { .. }
        ),
        "{error}"
    );
    assert!(
        error.to_string().contains(&db.display().to_string()),
        "{error}"
    );
    assert_eq!(snapshot(dir.path()), before);
}

/// Another program's database, with its own application id.
#[test]
fn another_programs_database_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    {
        let conn = Connection::open(dir.path().join(DB_FILE)).unwrap();
        conn.execute_batch(
            "PRAGMA application_id = 1234;
             CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT);
             INSERT INTO notes (text) VALUES ('keep me');",
        )
        .unwrap();
    }
    let error = assert_refused_untouched(dir.path());
    assert!(matches!(error, StoreError::Foreign { .. }), "{error}");
}

/// Another program's database that sets no application id: only its tables give it away.
#[test]
fn an_unlabelled_database_with_tables_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    {
        let conn = Connection::open(dir.path().join(DB_FILE)).unwrap();
        conn.execute_batch(
            "CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT);
             INSERT INTO notes (text) VALUES ('keep me');",
        )
        .unwrap();
    }
    let error = assert_refused_untouched(dir.path());
    assert!(matches!(error, StoreError::Foreign { .. }), "{error}");
}

/// Another program's WAL-mode database that sets no application id, left with its -wal file
/// (not checkpointed): neither the file nor the -wal may change.
#[test]
fn an_unlabelled_wal_database_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let conn = Connection::open(dir.path().join(DB_FILE)).unwrap();
    conn.execute_batch(
        "PRAGMA journal_mode = WAL;
         CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT);
         INSERT INTO notes (text) VALUES ('keep me');",
    )
    .unwrap();
    conn.set_db_config(
        rusqlite::config::DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE,
        true,
    )
    .unwrap();
    drop(conn);
    assert!(dir.path().join(format!("{DB_FILE}-wal")).exists());
    let error = assert_refused_untouched(dir.path());
    assert!(matches!(error, StoreError::Foreign { .. }), "{error}");
}

/// A blank SQLite database (no tables, no id), as another tool might create, is adopted.
#[test]
fn a_blank_sqlite_database_is_adopted() {
    let dir = tempfile::tempdir().unwrap();
    {
        let conn = Connection::open(dir.path().join(DB_FILE)).unwrap();
        conn.execute_batch("PRAGMA page_size = 1024; VACUUM;")
            .unwrap();
    }
    let store = Store::open(dir.path()).unwrap();
    let id = store.start_session(&new_session(1)).unwrap();
    drop(store);
    // Adopted: labelled as skillgap's at the current version, and the session is there.
    let conn = Connection::open(dir.path().join(DB_FILE)).unwrap();
    let get = |pragma: &str| -> i64 {
        conn.query_row(&format!("PRAGMA {pragma}"), [], |r| r.get(0))
            .unwrap()
    };
    assert_eq!(get("application_id"), 0x536B_4770);
    assert!(get("user_version") >= 2);
    drop(conn);
    let store = Store::open(dir.path()).unwrap();
    assert_eq!(store.session(id).unwrap().unwrap().started_at_ms, 1);
}

fn set_user_version(db: &Path, version: i64, checkpoint: bool) {
    let conn = Connection::open(db).unwrap();
    if !checkpoint {
        conn.set_db_config(
            rusqlite::config::DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE,
            true,
        )
        .unwrap();
    }
    conn.pragma_update(None, "user_version", version).unwrap();
}

#[test]
fn a_database_from_a_newer_skillgap_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    drop(Store::open(dir.path()).unwrap());
    set_user_version(&dir.path().join(DB_FILE), SCHEMA_VERSION + 1, true);
    let error = assert_refused_untouched(dir.path());
    assert!(
        matches!(error, StoreError::TooNew { found, known, .. }
            if found == SCHEMA_VERSION + 1 && known == SCHEMA_VERSION),
        "{error}"
    );
    assert!(error.to_string().contains("newer skillgap"), "{error}");
}

/// The newer version may sit only in the -wal file (a newer skillgap still running, or
/// killed): the file's own header still says ours, so SQLite must be asked.
#[test]
fn a_newer_version_still_in_the_wal_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    drop(Store::open(dir.path()).unwrap());
    let db = dir.path().join(DB_FILE);
    set_user_version(&db, SCHEMA_VERSION + 5, false);
    assert!(dir.path().join(format!("{DB_FILE}-wal")).exists());
    let main_file = std::fs::read(&db).unwrap();
    let error = Store::open(dir.path()).unwrap_err();
    assert!(matches!(error, StoreError::TooNew { .. }), "{error}");
    assert_eq!(std::fs::read(&db).unwrap(), main_file);
}

#[test]
fn two_stores_writing_at_once_lose_nothing() {
    const PER_THREAD: i64 = 200;
    let dir = tempfile::tempdir().unwrap();
    let barrier = Arc::new(Barrier::new(2));
    let workers: Vec<_> = (0..2)
        .map(|worker| {
            let path = dir.path().to_path_buf();
            let barrier = Arc::clone(&barrier);
            std::thread::spawn(move || {
                // Both open (and so create and migrate) the new database at the same moment.
                barrier.wait();
                let store = Store::open(&path).unwrap();
                let session = store.start_session(&new_session(worker)).unwrap();
                barrier.wait();
                for i in 0..PER_THREAD {
                    store
                        .record_answer(
                            session,
                            &answer("backend", &format!("w{worker}-q{i}"), 1.0, i),
                        )
                        .unwrap();
                }
                session
            })
        })
        .collect();
    let sessions: Vec<_> = workers.into_iter().map(|w| w.join().unwrap()).collect();

    let store = Store::open(dir.path()).unwrap();
    assert_eq!(store.answers(None).unwrap().len(), 400);
    for session in sessions {
        assert_eq!(store.session_answers(session).unwrap().len(), 200);
    }
}

/// Many skillgap processes may open a database that does not exist yet at the same moment
/// (two terminals, a script). Each must see either nothing or the finished schema, never the
/// tables of one without the label of the other, or it would refuse the file as foreign.
#[test]
fn many_stores_opening_a_new_database_at_once_all_succeed() {
    const ROUNDS: usize = 150;
    const OPENERS: usize = 4;
    for round in 0..ROUNDS {
        let dir = tempfile::tempdir().unwrap();
        let barrier = Arc::new(Barrier::new(OPENERS));
        let openers: Vec<_> = (0..OPENERS)
            .map(|_| {
                let path = dir.path().to_path_buf();
                let barrier = Arc::clone(&barrier);
                std::thread::spawn(move || {
                    barrier.wait();
                    Store::open(&path).map(|_| ()).map_err(|e| e.to_string())
                })
            })
            .collect();
        for opener in openers {
            let opened = opener.join().unwrap();
            assert!(opened.is_ok(), "round {round}: {}", opened.unwrap_err());
        }
    }
}
/// Set in the child process of `an_answer_survives_an_abrupt_end`.
const CHILD_DIR: &str = "SKILLGAP_STORE_TEST_CHILD_DIR";

/// Run as a child process only: records an answer, then dies at once (no destructors, no
/// close), as a SIGKILL would leave things.
#[test]
#[ignore = "helper run by an_answer_survives_an_abrupt_end"]
fn child_records_then_aborts() {
    let Some(dir) = std::env::var_os(CHILD_DIR) else {
        return;
    };
    let store = Store::open(Path::new(&dir)).unwrap();
    let session = store.start_session(&new_session(1)).unwrap();
    store
        .record_answer(session, &answer("backend", "last words", 1.0, 2))
        .unwrap();
    std::process::abort();
}

#[test]
fn an_answer_survives_an_abrupt_end() {
    let dir = tempfile::tempdir().unwrap();
    let status = std::process::Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "child_records_then_aborts",
            "--ignored",
            "--quiet",
        ])
        .env(CHILD_DIR, dir.path())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .unwrap();
    assert!(!status.success(), "the child must have died abruptly");
    let store = Store::open(dir.path()).unwrap();
    let answers = store.answers(None).unwrap();
    assert_eq!(answers.len(), 1);
    assert_eq!(answers[0].question_id, "last words");
    assert_eq!(
        store.last_unfinished().unwrap().map(|s| s.answered),
        Some(1)
    );
}

const DAY: i64 = 86_400_000;

#[test]
fn every_answer_moves_its_schedule_on_and_a_changed_question_starts_over() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let session = store.start_session(&new_session(0)).unwrap();
    let mut right = answer("backend", "q1", 1.0, DAY);
    right.confidence = Some(skillgap::quiz::Confidence::Medium);
    right.time_taken_ms = 20_000;
    store.record_answer(session, &right).unwrap();
    let first = store.schedule("backend", "q1").unwrap().unwrap();
    assert_eq!(first.reps, 1);
    assert!(
        first.due_ms > DAY * 2,
        "a right answer is not due the next day"
    );

    let mut again = right.clone();
    again.answered_at_ms = first.due_ms;
    store.record_answer(session, &again).unwrap();
    let second = store.schedule("backend", "q1").unwrap().unwrap();
    assert_eq!(second.reps, 2);
    assert!(second.stability > first.stability);

    let mut wrong = again.clone();
    wrong.score = 0.0;
    wrong.answered_at_ms = second.due_ms;
    store.record_answer(session, &wrong).unwrap();
    let lapsed = store.schedule("backend", "q1").unwrap().unwrap();
    assert_eq!((lapsed.reps, lapsed.lapses), (3, 1));
    assert!(lapsed.stability < second.stability);
    assert!(lapsed.due_ms - wrong.answered_at_ms < second.due_ms - again.answered_at_ms);

    // The answer key changed: a new card, with the history kept.
    let mut edited = right.clone();
    edited.content_hash = "q1-new-hash".to_owned();
    edited.answered_at_ms = lapsed.due_ms;
    store.record_answer(session, &edited).unwrap();
    let fresh = store.schedule("backend", "q1").unwrap().unwrap();
    assert_eq!((fresh.reps, fresh.lapses), (1, 0));
    assert_eq!(fresh.content_hash, "q1-new-hash");
    assert_eq!(store.session_answers(session).unwrap().len(), 4);

    // A batch gives the same states as one answer at a time.
    let other = tempfile::tempdir().unwrap();
    let batch_store = Store::open(other.path()).unwrap();
    let batch = batch_store.start_session(&new_session(0)).unwrap();
    batch_store
        .record_answers(batch, [&right, &again, &wrong, &edited])
        .unwrap();
    assert_eq!(batch_store.schedules("backend").unwrap()["q1"], fresh);
}

#[test]
fn the_desired_retention_shapes_the_schedule() {
    let at = |retention: Option<f64>| {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        if let Some(r) = retention {
            store.set_desired_retention(r).unwrap();
        }
        let session = store.start_session(&new_session(0)).unwrap();
        let mut a = answer("backend", "q1", 1.0, 0);
        a.confidence = None;
        a.time_taken_ms = 20_000;
        store.record_answer(session, &a).unwrap();
        store.schedule("backend", "q1").unwrap().unwrap().due_ms
    };
    assert!(at(Some(0.97)) < at(None));
    assert!(at(None) < at(Some(0.75)));
}

#[test]
fn settings_round_trip_and_bad_values_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    assert_eq!(store.chosen_profile("backend").unwrap(), None);
    assert_eq!(store.desired_retention().unwrap(), 0.9);
    assert!(!store.ask_confidence().unwrap());
    assert_eq!(store.target_date("backend", "junior").unwrap(), None);
    assert_eq!(store.dashboard_pack().unwrap(), None);

    store.set_chosen_profile("backend", Some("junior")).unwrap();
    store.set_dashboard_pack("rust-course").unwrap();
    store.set_chosen_profile("other", Some("senior")).unwrap();
    let date = skillgap::learning::CalendarDate::parse("2026-12-15").unwrap();
    store
        .set_target_date("backend", "junior", Some(date))
        .unwrap();
    store.set_desired_retention(0.85).unwrap();
    store.set_ask_confidence(true).unwrap();
    for bad in [0.5, 1.0, f64::NAN] {
        assert!(matches!(
            store.set_desired_retention(bad),
            Err(StoreError::Invalid { .. })
        ));
    }
    drop(store);
    let store = Store::open(dir.path()).unwrap();
    assert_eq!(
        store.dashboard_pack().unwrap().as_deref(),
        Some("rust-course")
    );
    assert_eq!(
        store.chosen_profile("backend").unwrap().as_deref(),
        Some("junior")
    );
    assert_eq!(
        store.chosen_profile("other").unwrap().as_deref(),
        Some("senior")
    );
    assert_eq!(store.target_date("backend", "junior").unwrap(), Some(date));
    assert_eq!(store.target_date("backend", "senior").unwrap(), None);
    assert_eq!(store.desired_retention().unwrap(), 0.85);
    assert!(store.ask_confidence().unwrap());
    store.set_target_date("backend", "junior", None).unwrap();
    store.set_chosen_profile("backend", None).unwrap();
    assert_eq!(store.target_date("backend", "junior").unwrap(), None);
    assert_eq!(store.chosen_profile("backend").unwrap(), None);

    // A value edited by hand into nonsense is reported, not guessed at.
    drop(store);
    let conn = Connection::open(dir.path().join(DB_FILE)).unwrap();
    conn.execute(
        "UPDATE settings SET value = 'soon' WHERE key = 'desired_retention'",
        [],
    )
    .unwrap();
    drop(conn);
    let store = Store::open(dir.path()).unwrap();
    let error = store.desired_retention().unwrap_err();
    assert!(matches!(error, StoreError::Damaged { .. }), "{error}");
    assert!(error.to_string().contains("desired_retention"), "{error}");
}

#[test]
fn bulk_reads_for_review_calibration_and_the_dashboard() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let session = store.start_session(&new_session(0)).unwrap();
    let mut answers = Vec::new();
    for (i, q) in ["q1", "q2", "q3"].iter().enumerate() {
        let mut a = answer("backend", q, if i == 1 { 0.0 } else { 1.0 }, DAY);
        a.confidence = (i != 2).then_some(skillgap::quiz::Confidence::High);
        answers.push(a);
    }
    answers.push(answer("other", "q1", 1.0, DAY));
    store.record_answers(session, &answers).unwrap();
    let states = store.schedules("backend").unwrap();
    let mut ids: Vec<&String> = states.keys().collect();
    ids.sort();
    assert_eq!(ids, ["q1", "q2", "q3"]);
    // The wrong answer (q2) is due within the day, the right ones later.
    let (due, next) = store.due_summary("backend", DAY + DAY / 2).unwrap();
    assert_eq!(due, 1);
    assert_eq!(next, Some(states["q1"].due_ms.min(states["q3"].due_ms)));
    assert_eq!(store.due_summary("backend", DAY).unwrap().0, 0);
    let mut seen = Vec::new();
    store
        .for_each_confidence("backend", |row| {
            seen.push((
                row.question_id.to_owned(),
                row.confidence.name().to_owned(),
                row.score,
            ));
        })
        .unwrap();
    assert_eq!(
        seen,
        [
            ("q1".to_owned(), "high".to_owned(), 1.0),
            ("q2".to_owned(), "high".to_owned(), 0.0)
        ]
    );
}

#[test]
fn a_version_1_database_migrates_with_its_data_and_gets_schedules() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let session = store.start_session(&new_session(0)).unwrap();
    let mut given = Vec::new();
    for day in 0..6 {
        for (q, score) in [("q1", 1.0), ("q2", 0.0), ("q3", 0.6)] {
            let mut a = answer("backend", q, score, DAY * day + 1000);
            a.confidence = (day % 2 == 0).then_some(skillgap::quiz::Confidence::Low);
            store.record_answer(session, &a).unwrap();
            given.push(a);
        }
    }
    let states = store.schedules("backend").unwrap();
    let answers = store.answers(None).unwrap();
    drop(store);
    // Take the file back to what version 1 wrote: no settings, no schedules.
    let db = dir.path().join(DB_FILE);
    let conn = Connection::open(&db).unwrap();
    conn.execute_batch(
        "DROP TABLE settings; DROP TABLE session_scores; DELETE FROM schedule;
         DROP INDEX answers_overridden; ALTER TABLE answers DROP COLUMN overridden;
         ALTER TABLE sessions DROP COLUMN planned; ALTER TABLE sessions DROP COLUMN tallies;
         PRAGMA user_version = 1;",
    )
    .unwrap();
    drop(conn);
    let store = Store::open(dir.path()).unwrap();
    let version: i64 = Connection::open(&db)
        .unwrap()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, SCHEMA_VERSION);
    assert_eq!(store.answers(None).unwrap(), answers, "answers kept");
    assert_eq!(
        store.session(session).unwrap().unwrap().answered,
        given.len()
    );
    // Schedules rebuilt from the history equal those kept answer by answer.
    assert_eq!(store.schedules("backend").unwrap(), states);
    // Settings work after the migration.
    store.set_ask_confidence(true).unwrap();
    assert!(store.ask_confidence().unwrap());
}

/// The per-session category tallies that `history` reads agree with the answers themselves
/// (count, score sum, categories in the order first answered), kept answer by answer and
/// rebuilt from the answers when a version 2 database is migrated.
#[test]
fn history_tallies_agree_with_the_answers_and_survive_migration() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let categories = ["databases", "apis", "security"];
    let mut sessions = Vec::new();
    for s in 0..4_i64 {
        let id = store.start_session(&new_session(s * 1_000)).unwrap();
        let answers: Vec<NewAnswer> = (0..7_i64)
            .map(|i| {
                let mut a = answer(
                    "backend",
                    &format!("q{i}"),
                    f64::from(u8::try_from((s + i) % 5).unwrap()) / 4.0,
                    s * 1_000 + i,
                );
                a.category = categories[usize::try_from((s + 2 * i) % 3).unwrap()].to_owned();
                a
            })
            .collect();
        // One answer by one in the first sessions, in a batch in the others.
        if s < 2 {
            for a in &answers {
                store.record_answer(id, a).unwrap();
            }
        } else {
            store.record_answers(id, &answers).unwrap();
        }
        sessions.push(id);
    }
    let empty = store.start_session(&new_session(9_000)).unwrap();

    let expected = |store: &Store| {
        sessions
            .iter()
            .map(|&id| {
                let mut tallies: Vec<(String, usize, f64)> = Vec::new();
                for a in store.session_answers(id).unwrap() {
                    match tallies.iter_mut().find(|t| t.0 == a.category) {
                        Some(t) => {
                            t.1 += 1;
                            t.2 += a.score;
                        }
                        None => tallies.push((a.category.clone(), 1, a.score)),
                    }
                }
                (id, tallies)
            })
            .collect::<Vec<_>>()
    };
    let read = |store: &Store, limit: Option<usize>| {
        let listed = store.history(limit).unwrap();
        assert_eq!(
            listed.sessions.first().map(|s| s.id),
            Some(empty),
            "newest first"
        );
        let mut tallied = Vec::new();
        for summary in &listed.sessions {
            let tallies = listed.tallies(summary);
            let record = store.session(summary.id).unwrap().unwrap();
            // Its planned ids, or what it asked when that is more (as a placement does).
            assert_eq!(
                summary.questions,
                record.question_ids.len().max(record.answered)
            );
            assert_eq!(summary.answered, record.answered);
            assert_eq!(
                (summary.mode, summary.started_at_ms, summary.status),
                (record.mode, record.started_at_ms, record.status)
            );
            if summary.id == empty {
                assert!(tallies.is_empty(), "a session without answers has no tally");
                continue;
            }
            let tallies: Vec<(String, usize, f64)> = tallies
                .iter()
                .map(|t| (listed.category(t).to_owned(), t.answered, t.score_sum))
                .collect();
            tallied.push((summary.id, tallies));
        }
        // Oldest first, as `sessions` holds them.
        tallied.reverse();
        tallied
    };
    let want = expected(&store);
    assert_eq!(read(&store, None), want);
    // The newest three sessions: the empty one and the two last with answers.
    assert_eq!(read(&store, Some(3)), want[2..].to_vec());
    for (id, tallies) in &want {
        let record = store.session(*id).unwrap().unwrap();
        assert_eq!(record.answered, 7);
        let sum: f64 = tallies.iter().map(|t| t.2).sum();
        assert!((record.score_sum - sum).abs() < 1e-12);
    }
    drop(store);

    // Back to version 2, which had no tallies: migrating rebuilds them from the answers.
    let db = dir.path().join(DB_FILE);
    let conn = Connection::open(&db).unwrap();
    conn.execute_batch(
        "DROP TABLE session_scores; DROP INDEX answers_overridden;
         ALTER TABLE answers DROP COLUMN overridden;
         ALTER TABLE sessions DROP COLUMN planned; ALTER TABLE sessions DROP COLUMN tallies;
         PRAGMA user_version = 2;",
    )
    .unwrap();
    drop(conn);
    let store = Store::open(dir.path()).unwrap();
    let rebuilt = read(&store, None);
    assert_eq!(rebuilt.len(), want.len());
    for ((id, tallies), (want_id, want_tallies)) in rebuilt.iter().zip(&want) {
        assert_eq!(id, want_id);
        assert_eq!(tallies.len(), want_tallies.len());
        for (t, w) in tallies.iter().zip(want_tallies) {
            assert_eq!((&t.0, t.1), (&w.0, w.1));
            assert!((t.2 - w.2).abs() < 1e-12, "{t:?} vs {w:?}");
        }
    }
}

/// A typed Short answer marked wrong, for "I was right".
fn short_answer(question_id: &str, score: f64, answered_at_ms: i64) -> NewAnswer {
    NewAnswer {
        kind: skillgap::pack::KindName::Short,
        response: skillgap::quiz::Response::Text {
            text: "the dead-letter exchange".to_owned(),
        },
        ..answer("backend", question_id, score, answered_at_ms)
    }
}

fn logged_scores(store: &Store, question_id: &str) -> Vec<f64> {
    let mut out = Vec::new();
    store
        .for_each_scored("backend", |row| {
            if row.question_id == question_id {
                out.push(row.score);
            }
        })
        .unwrap();
    out
}

/// "I was right": the row keeps what was typed and its score, is flagged, and counts as right
/// in the score log, the session's sum and the schedule (the same state as an answer marked
/// right at once); once only; only a typed answer marked wrong.
#[test]
fn an_overruled_answer_round_trips_and_counts_as_right() {
    use skillgap::store::Overrule;
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let session = store.start_session(&new_session(0)).unwrap();
    // The same question answered right the day before, and again later in another session:
    // its schedule is replayed through the overruled answer.
    store
        .record_answer(session, &short_answer("q1", 1.0, 1_000))
        .unwrap();
    let wrong = short_answer("q1", 0.0, DAY);
    store.record_answer(session, &wrong).unwrap();
    store
        .record_answer(session, &answer("backend", "q2", 0.0, DAY + 10))
        .unwrap();
    let later = store.start_session(&new_session(2 * DAY)).unwrap();
    store
        .record_answer(later, &short_answer("q1", 1.0, 3 * DAY))
        .unwrap();

    // The same history with the answer right at once, for the schedule it should have.
    let twin_dir = tempfile::tempdir().unwrap();
    let twin = Store::open(twin_dir.path()).unwrap();
    let twin_session = twin.start_session(&new_session(0)).unwrap();
    for a in [
        short_answer("q1", 1.0, 1_000),
        short_answer("q1", 1.0, DAY),
        answer("backend", "q2", 0.0, DAY + 10),
        short_answer("q1", 1.0, 3 * DAY),
    ] {
        twin.record_answer(twin_session, &a).unwrap();
    }

    assert_eq!(logged_scores(&store, "q1"), vec![1.0, 0.0, 1.0]);
    let before = store.session(session).unwrap().unwrap();
    assert_eq!(
        store.overrule(session, "backend", "q1").unwrap(),
        Overrule::Marked { was: 0.0 }
    );
    let stored = store.session_answers(session).unwrap();
    let overruled = &stored[1];
    assert!(overruled.overridden);
    assert_eq!(overruled.score, 0.0, "the score it was marked is kept");
    assert_eq!(overruled.counted_score(), 1.0);
    assert_eq!(
        overruled.response,
        Some(wrong.response.clone()),
        "what was typed is kept"
    );
    assert!(!stored[0].overridden && !stored[2].overridden);
    assert_eq!(logged_scores(&store, "q1"), vec![1.0, 1.0, 1.0]);
    assert_eq!(logged_scores(&store, "q2"), vec![0.0]);
    let after = store.session(session).unwrap().unwrap();
    assert_eq!(after.answered, before.answered);
    assert!((after.score_sum - before.score_sum - 1.0).abs() < 1e-12);
    assert_eq!((before.overridden, after.overridden), (0, 1));
    assert_eq!(store.session(later).unwrap().unwrap().overridden, 0);
    assert_eq!(
        store.schedule("backend", "q1").unwrap(),
        twin.schedule("backend", "q1").unwrap(),
        "the schedule is what a right answer would have left"
    );

    // Once: a second time changes nothing.
    assert_eq!(
        store.overrule(session, "backend", "q1").unwrap(),
        Overrule::Already
    );
    assert_eq!(logged_scores(&store, "q1"), vec![1.0, 1.0, 1.0]);
    // A choice answer, a right answer or a question not answered are refused.
    for (session, question) in [(session, "q2"), (later, "q1"), (session, "q3")] {
        assert!(matches!(
            store.overrule(session, "backend", question),
            Err(StoreError::Invalid { .. })
        ));
    }
    // Reopened, all of it is still there.
    drop(store);
    let store = Store::open(dir.path()).unwrap();
    assert!(store.session_answers(session).unwrap()[1].overridden);
    assert_eq!(logged_scores(&store, "q1"), vec![1.0, 1.0, 1.0]);
}

/// A question never shown (time ran out before it) is stored, counted 0 in its session, and
/// kept out of the score log and the schedule.
#[test]
fn a_question_never_shown_is_stored_but_is_no_evidence() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let session = store.start_session(&new_session(0)).unwrap();
    store
        .record_answer(session, &answer("backend", "q1", 1.0, 10))
        .unwrap();
    let timed_out = NewAnswer {
        response: skillgap::quiz::Response::TimedOut,
        ..answer("backend", "q2", 0.0, 20)
    };
    let unseen = NewAnswer {
        response: skillgap::quiz::Response::NotReached,
        ..answer("backend", "q3", 0.0, 20)
    };
    store
        .record_answers(session, [&timed_out, &unseen])
        .unwrap();
    let record = store.session(session).unwrap().unwrap();
    assert_eq!(
        (record.answered, record.score_sum),
        (3, 1.0),
        "0 of the total"
    );
    assert_eq!(
        store.session_answers(session).unwrap()[2].response,
        Some(skillgap::quiz::Response::NotReached)
    );
    let mut logged = Vec::new();
    store
        .for_each_scored("backend", |row| logged.push(row.question_id.to_owned()))
        .unwrap();
    assert_eq!(logged, vec!["q1", "q2"]);
    let schedules = store.schedules("backend").unwrap();
    assert!(
        schedules.contains_key("q2"),
        "seen and timed out: scheduled"
    );
    assert!(!schedules.contains_key("q3"), "never shown: not scheduled");
}

/// A version 3 database: its answers get the `overridden` flag (none set), and the questions
/// a timed session never showed, stored then as timed out, become not reached: the first
/// timed-out answer of each session (the one on screen) stays, and the score log and the
/// schedules are rebuilt without the others.
#[test]
fn a_version_3_database_migrates_and_its_unseen_time_outs_stop_counting() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let timed = |q: &str, at: i64| NewAnswer {
        response: skillgap::quiz::Response::TimedOut,
        ..answer("backend", q, 0.0, at)
    };
    let first = store.start_session(&new_session(0)).unwrap();
    store
        .record_answers(
            first,
            [
                answer("backend", "q1", 1.0, 10),
                timed("q2", 20),
                timed("q3", 20),
            ],
        )
        .unwrap();
    let second = store.start_session(&new_session(DAY)).unwrap();
    store
        .record_answers(second, [timed("q3", DAY), timed("q1", DAY)])
        .unwrap();
    // What this build stores for the same history, the unseen ones as not reached.
    let twin_dir = tempfile::tempdir().unwrap();
    let twin = Store::open(twin_dir.path()).unwrap();
    let unseen = |q: &str, at: i64| NewAnswer {
        response: skillgap::quiz::Response::NotReached,
        ..answer("backend", q, 0.0, at)
    };
    let twin_first = twin.start_session(&new_session(0)).unwrap();
    twin.record_answers(
        twin_first,
        [
            answer("backend", "q1", 1.0, 10),
            timed("q2", 20),
            unseen("q3", 20),
        ],
    )
    .unwrap();
    let twin_second = twin.start_session(&new_session(DAY)).unwrap();
    twin.record_answers(twin_second, [timed("q3", DAY), unseen("q1", DAY)])
        .unwrap();
    drop(store);

    // Back to what version 3 wrote: every unanswered question timed out, all in the log.
    let db = dir.path().join(DB_FILE);
    let conn = Connection::open(&db).unwrap();
    conn.execute_batch(
        "DROP INDEX answers_overridden; ALTER TABLE answers DROP COLUMN overridden;
         ALTER TABLE sessions DROP COLUMN planned; ALTER TABLE sessions DROP COLUMN tallies;
         PRAGMA user_version = 3;",
    )
    .unwrap();
    drop(conn);
    {
        // A rescue reads a version 3 file as it is, with no `overridden` column.
        let old = Store::open_for_rescue(dir.path()).unwrap();
        assert_eq!(
            old.readable_answers(None).unwrap().0.len(),
            5,
            "a rescue reads v3"
        );
    }
    let store = Store::open(dir.path()).unwrap();
    let version: i64 = Connection::open(&db)
        .unwrap()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, SCHEMA_VERSION);
    let responses = |store: &Store| -> Vec<Option<skillgap::quiz::Response>> {
        store
            .answers(None)
            .unwrap()
            .into_iter()
            .map(|a| a.response)
            .collect()
    };
    assert_eq!(responses(&store), responses(&twin));
    assert!(store.answers(None).unwrap().iter().all(|a| !a.overridden));
    let log = |store: &Store| {
        let mut out = Vec::new();
        store
            .for_each_scored("backend", |row| {
                out.push((row.question_id.to_owned(), row.score, row.answered_at_ms));
            })
            .unwrap();
        out
    };
    assert_eq!(log(&store), log(&twin));
    assert_eq!(log(&store).len(), 3);
    assert_eq!(
        store.schedules("backend").unwrap(),
        twin.schedules("backend").unwrap()
    );
    let tallies = |store: &Store, id| {
        let s = store.session(id).unwrap().unwrap();
        (s.answered, s.score_sum)
    };
    assert_eq!(tallies(&store, first), tallies(&twin, twin_first));
}
