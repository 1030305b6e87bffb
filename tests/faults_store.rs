//! Fault injection against the history database: damage is decided before anything is
//! written (byte-identical file, no journal file left), truncation is noticed, one bad byte
//! does not block the backup, a session is stored with its first answer, and every cause is
//! named. Each test is named after the fault it covers (issue 16).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use rusqlite::Connection;
use skillgap::store::{DB_FILE, NewAnswer, NewSession, PackRef, Store, StoreError};

fn pack() -> PackRef {
    PackRef {
        id: "backend".to_owned(),
        version: "1.0.0".to_owned(),
        content_hash: "hash".to_owned(),
    }
}

fn new_session() -> NewSession {
    NewSession {
        mode: skillgap::quiz::Mode::Practice,
        seed: 1,
        filters_json: "{}".to_owned(),
        packs: vec![pack()],
        question_ids: vec!["q1".to_owned()],
        time_limit_secs: None,
        profile: None,
        started_at_ms: 1,
    }
}

fn answer(i: usize) -> NewAnswer {
    NewAnswer {
        pack: pack(),
        question_id: format!("q{i}"),
        category: "databases".to_owned(),
        kind: skillgap::pack::KindName::Single,
        difficulty: skillgap::pack::Difficulty::Easy,
        response: skillgap::quiz::Response::Choices { picked: vec![0] },
        score: 1.0,
        confidence: None,
        time_taken_ms: 1000,
        content_hash: "qhash".to_owned(),
        answered_at_ms: 1_000 + i64::try_from(i).unwrap(),
    }
}

/// A database of ours with `answers` answers in two sessions, cleanly closed.
fn database(answers: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let (first, _) = store
        .start_session_with_answer(&new_session(), &answer(0))
        .unwrap();
    let second = store.start_session(&new_session()).unwrap();
    for i in 1..answers {
        let session = if i % 2 == 0 { first } else { second };
        store.record_answer(session, &answer(i)).unwrap();
    }
    drop(store);
    dir
}

/// Every file of the directory with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| {
            let path = entry.unwrap().path();
            let bytes = std::fs::read(&path).unwrap_or_default();
            (path, bytes)
        })
        .collect()
}

fn is_refusal(error: &StoreError) -> bool {
    matches!(
        error,
        StoreError::Damaged { .. } | StoreError::NotADatabase { .. }
    )
}

/// Opens and writes a session with an answer, as a quiz does; the error if refused.
fn quiz_write(dir: &Path) -> Result<(), StoreError> {
    let store = Store::open(dir)?;
    store.start_session_with_answer(&new_session(), &answer(99))?;
    Ok(())
}

fn skillgap(data: &Path, args: &[&str], stdin: &str) -> Output {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_skillgap"))
        .args(args)
        .env("SKILLGAP_HOME", data)
        .env("NO_COLOR", "1")
        .current_dir(data)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let _ = child.stdin.take().unwrap().write_all(stdin.as_bytes());
    child.wait_with_output().unwrap()
}

#[test]
fn a_database_called_damaged_is_never_written_after_truncation() {
    let dir = database(400);
    let db = dir.path().join(DB_FILE);
    let original = std::fs::read(&db).unwrap();
    let len = original.len();
    assert!(len > 40_000, "{len}");
    // 18 cuts spread over the file, and the 100 bytes off the end.
    let mut cuts: Vec<usize> = (1..=18).map(|k| len * k / 19).collect();
    cuts.push(len - 100);
    let mut refused = 0;
    for cut in &cuts {
        let work = tempfile::tempdir().unwrap();
        let path = work.path().join(DB_FILE);
        std::fs::write(&path, &original[..*cut]).unwrap();
        let before = snapshot(work.path());
        let error =
            quiz_write(work.path()).expect_err(&format!("cut at {cut} of {len} not noticed"));
        assert!(is_refusal(&error), "cut at {cut}: {error}");
        assert_eq!(
            snapshot(work.path()),
            before,
            "cut at {cut}: the refused file or its directory changed ({error})"
        );
        refused += 1;
    }
    assert_eq!(refused, cuts.len());
}

#[test]
fn a_database_called_damaged_is_never_written_after_byte_flips() {
    let dir = database(400);
    let original = std::fs::read(dir.path().join(DB_FILE)).unwrap();
    let mut state: u64 = 0x5EED;
    let mut next = move || {
        // xorshift: a fixed sequence of flips, the same on every run.
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let (mut refused, mut accepted) = (0, 0);
    for _ in 0..60 {
        let mut bytes = original.clone();
        // Past the 100-byte header: page damage, not a foreign file.
        let at = 100 + usize::try_from(next()).unwrap() % (bytes.len() - 100);
        bytes[at] ^= 1 << (next() % 8);
        let work = tempfile::tempdir().unwrap();
        std::fs::write(work.path().join(DB_FILE), &bytes).unwrap();
        let before = snapshot(work.path());
        match quiz_write(work.path()) {
            Err(error) if is_refusal(&error) => {
                refused += 1;
                let after = snapshot(work.path());
                if after != before {
                    let changed: Vec<String> = after
                        .iter()
                        .map(|(path, bytes)| {
                            let old = before.get(path).cloned().unwrap_or_default();
                            let first = bytes.iter().zip(&old).position(|(a, b)| a != b);
                            format!(
                                "{} len {}->{} first diff {first:?}",
                                path.display(),
                                old.len(),
                                bytes.len()
                            )
                        })
                        .collect();
                    panic!("flip at {at}: called damaged ({error}) but changed: {changed:?}");
                }
                assert!(
                    error.to_string().contains("did not change it")
                        || matches!(error, StoreError::NotADatabase { .. })
                );
            }
            Err(error) => panic!("flip at {at}: {error}"),
            Ok(()) => accepted += 1,
        }
    }
    assert_eq!(refused + accepted, 60);
    assert!(refused > 0, "no flip was noticed");
}

#[test]
fn a_broken_check_constraint_is_refused_before_the_quiz_writes() {
    // The reproduction: a schedule row another program wrote with lapses = -1.
    let data = tempfile::tempdir().unwrap();
    let quiz = skillgap(
        data.path(),
        &["quiz", "--plain", "--count", "2", "--seed", "1"],
        "\n\n",
    );
    assert!(quiz.status.success(), "{quiz:?}");
    let db = data.path().join(DB_FILE);
    {
        let conn = Connection::open(&db).unwrap();
        conn.execute_batch("PRAGMA ignore_check_constraints=1; UPDATE schedule SET lapses=-1;")
            .unwrap();
    }
    let before = snapshot(data.path());
    let again = skillgap(
        data.path(),
        &["quiz", "--plain", "--count", "3", "--seed", "1"],
        "\n\n\n",
    );
    let stderr = String::from_utf8_lossy(&again.stderr);
    assert_eq!(again.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("damaged") && stderr.contains("did not change it"),
        "{stderr}"
    );
    assert!(
        stderr.contains("skillgap export"),
        "recovery steps: {stderr}"
    );
    assert_eq!(snapshot(data.path()), before, "{stderr}");
}

#[test]
fn a_truncated_database_is_noticed_by_every_command() {
    let data = tempfile::tempdir().unwrap();
    let quiz = skillgap(
        data.path(),
        &["quiz", "--plain", "--count", "5", "--seed", "1"],
        "\n\n\n\n\n",
    );
    assert!(quiz.status.success(), "{quiz:?}");
    let db = data.path().join(DB_FILE);
    let bytes = std::fs::read(&db).unwrap();
    std::fs::write(&db, &bytes[..bytes.len() - 100]).unwrap();
    let before = snapshot(data.path());
    for args in [
        vec!["history"],
        vec!["report"],
        vec!["quiz", "--plain", "--count", "1", "--seed", "2"],
    ] {
        let out = skillgap(data.path(), &args, "\n");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {stderr}");
        assert!(stderr.contains("damaged"), "{args:?}: {stderr}");
        assert_eq!(snapshot(data.path()), before, "{args:?} changed it");
    }
    // The rescue: export reads what it can without writing.
    let out = skillgap(data.path(), &["export", "-o", "rescued.json"], "");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("exporting every answer that can still be read"),
        "{stderr}"
    );
    let rescued: serde_json::Value =
        serde_json::from_slice(&std::fs::read(data.path().join("rescued.json")).unwrap()).unwrap();
    assert!(
        !rescued["answers"].as_array().unwrap().is_empty(),
        "{rescued}"
    );
    assert_eq!(std::fs::read(&db).unwrap(), &bytes[..bytes.len() - 100]);
    let mut after = snapshot(data.path());
    after.remove(&data.path().join("rescued.json"));
    assert_eq!(after, before, "the rescue left journal files behind");
}

#[test]
fn one_bad_utf8_byte_does_not_block_the_backup() {
    let data = tempfile::tempdir().unwrap();
    let quiz = skillgap(
        data.path(),
        &["quiz", "--plain", "--count", "4", "--seed", "1"],
        "\n\n\n\n",
    );
    assert!(quiz.status.success(), "{quiz:?}");
    {
        let conn = Connection::open(data.path().join(DB_FILE)).unwrap();
        conn.execute_batch(
            "UPDATE answers SET question_id = CAST(x'ff' || CAST(question_id AS BLOB) AS TEXT)
             WHERE id = (SELECT min(id) FROM answers)",
        )
        .unwrap();
    }
    let out = skillgap(data.path(), &["export", "--format", "json"], "");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["answers"].as_array().unwrap().len(), 3, "{json}");
    assert!(stderr.contains("answer row 1"), "names the row: {stderr}");
    assert!(
        stderr.contains("not valid UTF-8"),
        "names the cause: {stderr}"
    );
    assert!(!stderr.contains("free disk space"), "{stderr}");

    let csv = skillgap(data.path(), &["export", "--format", "csv"], "");
    assert_eq!(String::from_utf8_lossy(&csv.stdout).lines().count(), 4);

    // History reads each session's tallies (kept as every answer is stored), not the answer
    // rows, so the damaged row does not stop it: the session is listed with all four answers.
    let history = skillgap(data.path(), &["history", "--format", "json"], "");
    let stderr = String::from_utf8_lossy(&history.stderr);
    assert!(history.status.success(), "{stderr}");
    let json: serde_json::Value = serde_json::from_slice(&history.stdout).unwrap();
    assert_eq!(json["sessions"][0]["answered"], 4, "{json}");
    assert!(!stderr.contains("free disk space"), "{stderr}");
}

#[test]
fn no_empty_unfinished_session_when_the_first_answer_cannot_be_written() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let mut bad = answer(1);
    bad.score = 2.0; // refused inside the transaction, after the session row
    let error = store
        .start_session_with_answer(&new_session(), &bad)
        .expect_err("an answer out of range is refused");
    assert!(matches!(error, StoreError::Invalid { .. }), "{error}");
    assert_eq!(
        store.sessions(None).unwrap(),
        vec![],
        "an empty session was kept"
    );
    assert_eq!(store.last_unfinished().unwrap(), None);
    let (id, _) = store
        .start_session_with_answer(&new_session(), &answer(1))
        .unwrap();
    assert_eq!(store.session(id).unwrap().unwrap().answered, 1);
}

#[test]
fn a_plain_quiz_ended_before_its_first_answer_keeps_nothing() {
    let data = tempfile::tempdir().unwrap();
    let out = skillgap(
        data.path(),
        &["quiz", "--plain", "--count", "3", "--seed", "1"],
        "",
    );
    assert!(out.status.success(), "{out:?}");
    let store = Store::open(data.path()).unwrap();
    assert_eq!(store.sessions(None).unwrap(), vec![]);
}

#[test]
fn a_removed_journal_is_named_and_nothing_is_lost() {
    let data = tempfile::tempdir().unwrap();
    let first = Store::open(data.path()).unwrap();
    let (session, _) = first
        .start_session_with_answer(&new_session(), &answer(0))
        .unwrap();
    let wal = data.path().join(format!("{DB_FILE}-wal"));
    assert!(wal.exists());
    std::fs::remove_file(&wal).unwrap();
    // Another process (here: another connection) writes after the journal was removed.
    let outcome = Store::open(data.path())
        .and_then(|second| second.record_answer(session, &answer(1)).map(|_| ()));
    if let Err(error) = &outcome {
        let message = error.to_string();
        assert!(
            matches!(error, StoreError::JournalRemoved { .. }),
            "{message}"
        );
        assert!(
            message.contains("-wal") && message.contains("removed"),
            "{message}"
        );
    }
    // The first connection still holds the journal it wrote: closing it keeps the answer.
    drop(first);
    let store = Store::open(data.path()).unwrap();
    let kept = store.session(session).unwrap().map_or(0, |s| s.answered);
    assert!(kept >= 1, "the answer stored before the removal was lost");
}

/// Reads `stdout` line by line until `text` has been printed.
fn read_until(stdout: &mut impl std::io::BufRead, text: &str) {
    let mut seen = String::new();
    while !seen.contains(text) {
        let mut line = String::new();
        assert!(
            stdout.read_line(&mut line).unwrap() > 0,
            "output ended before `{text}`: {seen}"
        );
        seen.push_str(&line);
    }
}

/// A timed exam in plain mode, its first question on screen.
fn timed_plain_exam(data: &Path) -> (std::process::Child, impl std::io::BufRead) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_skillgap"))
        .args(["quiz", "--plain", "--count", "3", "--seed", "1"])
        .args(["--kind", "single", "--mode", "exam", "--time-limit", "30"])
        .env("SKILLGAP_HOME", data)
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdout = std::io::BufReader::new(child.stdout.take().unwrap());
    read_until(&mut stdout, "Question 1 of 3");
    (child, stdout)
}

#[test]
fn a_timed_plain_exam_killed_before_its_first_answer_keeps_nothing() {
    let data = tempfile::tempdir().unwrap();
    let (mut child, _stdout) = timed_plain_exam(data.path());
    // The clock runs from here, but the session is stored with its first answer...
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    // ...so a kill before it leaves no empty session for `--resume` to offer.
    let store = Store::open(data.path()).unwrap();
    assert_eq!(store.sessions(None).unwrap(), vec![]);
    assert_eq!(store.last_unfinished().unwrap(), None);
}

#[test]
fn a_timed_exam_is_stored_with_its_first_answer_and_its_clock_start() {
    use std::io::Write;
    let data = tempfile::tempdir().unwrap();
    let (mut child, mut stdout) = timed_plain_exam(data.path());
    let shown_by = skillgap::clock::now_ms();
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(b"1\n").unwrap();
    stdin.flush().unwrap();
    read_until(&mut stdout, "Question 2 of 3");
    child.kill().unwrap();
    child.wait().unwrap();
    let store = Store::open(data.path()).unwrap();
    let session = store.last_unfinished().unwrap().expect("kept to resume");
    let answers = store.session_answers(session.id).unwrap();
    assert_eq!(answers.len(), 1);
    assert_eq!(session.time_limit_secs, Some(30 * 60));
    // The session starts when its clock did (before the question showed), not when the
    // first answer stored it.
    assert!(session.started_at_ms <= shown_by, "{session:?}");
    assert!(answers[0].answered_at_ms >= shown_by, "{answers:?}");
}
