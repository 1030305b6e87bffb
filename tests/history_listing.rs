//! What `history` reads of each session since schema version 6 (the planned count and the
//! tallies kept in the session's row): migrating a version 5 database changes no byte of the
//! listing, text or JSON; the kept numbers stay equal to a recount of the answers through new
//! sessions, answers, "I was right", a resumed session and a timed exam that ran out; and an
//! empty timed session left by an older skillgap is no longer offered for resume.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;

use rusqlite::Connection;
use skillgap::quiz::{Mode, Response};
use skillgap::report::history::{history_json_text, history_text};
use skillgap::report::utc_minutes;
use skillgap::store::History;
use skillgap::store::{DB_FILE, NewAnswer, NewSession, PackRef, SCHEMA_VERSION, Store};

const DAY: i64 = 86_400_000;
const START: i64 = 1_790_000_000_000;

fn pack() -> PackRef {
    PackRef {
        id: "backend".to_owned(),
        version: "1.0.0".to_owned(),
        content_hash: "backend-hash".to_owned(),
    }
}

fn session(mode: Mode, filters_json: &str, questions: usize, day: i64) -> NewSession {
    NewSession {
        mode,
        seed: 7,
        filters_json: filters_json.to_owned(),
        packs: vec![pack()],
        question_ids: (0..questions).map(|i| format!("q{i}")).collect(),
        time_limit_secs: None,
        profile: None,
        started_at_ms: START + day * DAY,
    }
}

fn answer(question: usize, category: &str, score: f64, at: i64) -> NewAnswer {
    NewAnswer {
        pack: pack(),
        question_id: format!("q{question}"),
        category: category.to_owned(),
        kind: skillgap::pack::KindName::Single,
        difficulty: skillgap::pack::Difficulty::Medium,
        response: Response::Choices { picked: vec![0] },
        score,
        confidence: None,
        time_taken_ms: 3_000,
        content_hash: format!("q{question}-hash"),
        answered_at_ms: at,
    }
}

fn typed(question: usize, category: &str, score: f64, at: i64) -> NewAnswer {
    NewAnswer {
        kind: skillgap::pack::KindName::Short,
        response: Response::Text {
            text: "a dead-letter queue".to_owned(),
        },
        ..answer(question, category, score, at)
    }
}

const CATEGORIES: [&str; 4] = ["databases", "apis", "security", "naïve\u{200b}names"];

/// A history with every kind of session `history` prints differently: practice, a finished
/// and an unfinished exam (its scores withheld), a retake, an exam file, an answer marked
/// right by the learner, a timed exam that ran out, and an untimed session left empty.
fn varied(store: &Store) {
    for s in 0..12_usize {
        let day = i64::try_from(s).unwrap();
        let (mode, filters) = match s % 4 {
            0 => (Mode::Practice, "{}".to_owned()),
            1 => (Mode::Exam, "{}".to_owned()),
            2 => (Mode::Practice, format!("{{\"retake\":{s}}}")),
            _ => (
                Mode::Exam,
                r#"{"exam":{"title":"Mid-term \u001b[31m","fingerprint":"0123456789abcdef0123"}}"#
                    .to_owned(),
            ),
        };
        let id = store
            .start_session(&session(mode, &filters, 6, day))
            .unwrap();
        let at = START + day * DAY;
        let answers: Vec<NewAnswer> = (0..5)
            .map(|i| {
                let score = [0.0, 0.25, 0.5, 1.0, 1.0 / 3.0][(s + i) % 5];
                answer(
                    i,
                    CATEGORIES[(s + 3 * i) % 4],
                    score,
                    at + 1_000 * i64::try_from(i).unwrap(),
                )
            })
            .collect();
        store.record_answers(id, &answers).unwrap();
        if s == 4 {
            store
                .record_answer(id, &typed(5, "apis", 0.0, at + 9_000))
                .unwrap();
            store.overrule(id, "backend", "q5").unwrap();
        }
        if s % 3 != 1 {
            store.finish_session(id, at + 60_000).unwrap();
        }
    }
    // A timed exam that ran out: the question on screen timed out, the rest never shown.
    let mut timed = session(Mode::Exam, "{}", 4, 20);
    timed.time_limit_secs = Some(60);
    let at = START + 20 * DAY;
    let id = store.start_session(&timed).unwrap();
    store
        .record_answers(
            id,
            [
                answer(0, "databases", 1.0, at + 1_000),
                NewAnswer {
                    response: Response::TimedOut,
                    ..answer(1, "apis", 0.0, at + 60_000)
                },
                NewAnswer {
                    response: Response::NotReached,
                    ..answer(2, "apis", 0.0, at + 60_000)
                },
                NewAnswer {
                    response: Response::NotReached,
                    ..answer(3, "security", 0.0, at + 60_000)
                },
            ],
        )
        .unwrap();
    store.finish_session(id, at + 60_000).unwrap();
    // A placement: stored with its first question planned, it picks the rest one at a time,
    // so it asks more than its stored ids.
    let at = START + 21 * DAY;
    let id = store
        .start_session(&session(Mode::Exam, r#"{"placement":{}}"#, 1, 21))
        .unwrap();
    let asked: Vec<NewAnswer> = (0..5)
        .map(|i| {
            answer(
                i,
                CATEGORIES[i % 4],
                1.0,
                at + 1_000 * i64::try_from(i).unwrap(),
            )
        })
        .collect();
    store.record_answers(id, &asked).unwrap();
    store.finish_session(id, at + 60_000).unwrap();
    store
        .start_session(&session(Mode::Practice, "{}", 3, 22))
        .unwrap();
}

/// What `skillgap history` prints, text and JSON, for the newest `limit` sessions.
fn listing(store: &Store, limit: Option<usize>) -> (String, String) {
    let history = skillgap::service::history::history(store, limit).unwrap();
    (history_text(&history), history_json_text(&history))
}

/// Takes the file back to what version 5 wrote: no planned count, no tallies column.
fn to_version_5(dir: &Path) {
    let conn = Connection::open(dir.join(DB_FILE)).unwrap();
    conn.execute_batch(
        "ALTER TABLE sessions DROP COLUMN planned; ALTER TABLE sessions DROP COLUMN tallies;
         PRAGMA user_version = 5;",
    )
    .unwrap();
}

fn user_version(dir: &Path) -> i64 {
    Connection::open(dir.join(DB_FILE))
        .unwrap()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn a_version_5_database_lists_the_same_history_after_migrating() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    varied(&store);
    let before = listing(&store, None);
    let before_limited = listing(&store, Some(5));
    assert!(
        before.0.contains("1 answer marked right by you"),
        "{}",
        before.0
    );
    assert!(before.0.contains("(exam in progress: scores when it ends)"));
    drop(store);

    to_version_5(dir.path());
    let store = Store::open(dir.path()).unwrap();
    assert_eq!(user_version(dir.path()), SCHEMA_VERSION);
    let after = listing(&store, None);
    assert_eq!(after.0, before.0, "text");
    assert_eq!(after.1, before.1, "JSON");
    assert_eq!(listing(&store, Some(5)), before_limited);
    assert_recounted(&store);
}

/// Every session's kept numbers against a recount of its answers: the planned count against
/// its question ids, the tallies against its answers (the categories in the order first
/// answered, an overridden answer counting 1), and against `session_scores`, which holds
/// the same sums added in the same order.
fn assert_recounted(store: &Store) {
    let history = store.history(None).unwrap();
    let conn = Connection::open(store.path()).unwrap();
    assert!(!history.sessions.is_empty());
    for summary in &history.sessions {
        let record = store.session(summary.id).unwrap().unwrap();
        let answered = store.session_answers(summary.id).unwrap().len();
        assert_eq!(
            summary.questions,
            record.question_ids.len().max(answered),
            "#{}: its ids, or what it asked when more (a placement)",
            summary.id
        );
        assert_eq!(summary.questions, record.planned(), "#{}", summary.id);
        let mut recount: Vec<(String, usize, f64)> = Vec::new();
        for a in store.session_answers(summary.id).unwrap() {
            match recount.iter_mut().find(|r| r.0 == a.category) {
                Some(r) => {
                    r.1 += 1;
                    r.2 += a.counted_score();
                }
                None => recount.push((a.category.clone(), 1, a.counted_score())),
            }
        }
        let kept: Vec<(String, usize, f64)> = history
            .tallies(summary)
            .iter()
            .map(|t| (history.category(t).to_owned(), t.answered, t.score_sum))
            .collect();
        assert_eq!(kept.len(), recount.len(), "#{}", summary.id);
        for (k, r) in kept.iter().zip(&recount) {
            assert_eq!((&k.0, k.1), (&r.0, r.1), "#{}", summary.id);
            assert!((k.2 - r.2).abs() < 1e-12, "#{}: {k:?} vs {r:?}", summary.id);
        }
        assert_eq!(summary.answered, recount.iter().map(|r| r.1).sum::<usize>());
        assert_eq!(summary.answered, record.answered);
        assert_eq!(summary.overridden, record.overridden);
        let rows: Vec<(String, usize, f64)> = conn
            .prepare(
                "SELECT category, answered, score_sum FROM session_scores
                 WHERE session_id = ?1 ORDER BY first_answer",
            )
            .unwrap()
            .query_map([summary.id], |r| {
                let answered: i64 = r.get(1)?;
                Ok((r.get(0)?, usize::try_from(answered).unwrap(), r.get(2)?))
            })
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(
            kept, rows,
            "#{}: the same additions, the same bits",
            summary.id
        );
    }
}

#[test]
fn the_kept_numbers_stay_true_to_the_answers() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    // A new session and its first answers, one by one and in a batch.
    let first = store
        .start_session(&session(Mode::Practice, "{}", 5, 0))
        .unwrap();
    assert_recounted(&store);
    store
        .record_answer(first, &answer(0, "databases", 0.5, START + 1))
        .unwrap();
    store
        .record_answers(
            first,
            [
                typed(1, "apis", 0.0, START + 2),
                answer(2, "databases", 1.0, START + 3),
            ],
        )
        .unwrap();
    assert_recounted(&store);
    // "I was right".
    store.overrule(first, "backend", "q1").unwrap();
    assert_recounted(&store);
    assert_eq!(store.history(None).unwrap().sessions[0].overridden, 1);
    // Resumed in another process: the same session gets its last answers.
    drop(store);
    let store = Store::open(dir.path()).unwrap();
    store
        .record_answers(
            first,
            [
                answer(3, "security", 0.25, START + DAY),
                answer(4, "apis", 1.0, START + DAY + 1),
            ],
        )
        .unwrap();
    store.finish_session(first, START + DAY + 2).unwrap();
    assert_recounted(&store);
    // A timed exam that ran out.
    let mut timed = session(Mode::Exam, "{}", 3, 2);
    timed.time_limit_secs = Some(30);
    let (exam, _) = store
        .start_session_with_answer(&timed, &answer(0, "databases", 1.0, START + 2 * DAY))
        .unwrap();
    store
        .record_answers(
            exam,
            [
                NewAnswer {
                    response: Response::TimedOut,
                    ..answer(1, "apis", 0.0, START + 2 * DAY + 30_000)
                },
                NewAnswer {
                    response: Response::NotReached,
                    ..answer(2, "apis", 0.0, START + 2 * DAY + 30_000)
                },
            ],
        )
        .unwrap();
    store
        .finish_session(exam, START + 2 * DAY + 30_000)
        .unwrap();
    assert_recounted(&store);
    let history = store.history(None).unwrap();
    let listed = &history.sessions[0];
    assert_eq!((listed.id, listed.answered, listed.questions), (exam, 3, 3));
    let apis = history.tallies(listed)[1];
    assert_eq!((history.category(&apis), apis.answered), ("apis", 2));
    // An answer given to a finished session (an import, say) goes into its kept tallies too,
    // one answer at a time and several at once.
    store
        .record_answer(first, &answer(5, "security", 0.5, START + DAY + 3))
        .unwrap();
    store
        .record_answers(first, [answer(6, "testing", 1.0, START + DAY + 4)])
        .unwrap();
    assert_recounted(&store);
}

#[test]
fn an_empty_timed_session_from_an_older_skillgap_is_not_offered_for_resume() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    varied(&store);
    let untimed_empty = store.last_unfinished().unwrap().unwrap().id;
    // An older timed exam left after its first answer: it holds something, and stays.
    let mut timed = session(Mode::Exam, "{}", 4, 10);
    timed.time_limit_secs = Some(600);
    let (answered_timed, _) = store
        .start_session_with_answer(&timed, &answer(0, "apis", 1.0, START + 10 * DAY + 5))
        .unwrap();
    let before = listing(&store, None);
    drop(store);
    to_version_5(dir.path());
    // What skillgap before version 6 stored when a timed exam started: the session, at
    // once, without an answer; the learner left (or the process was killed) before one.
    let conn = Connection::open(dir.path().join(DB_FILE)).unwrap();
    conn.execute(
        "INSERT INTO sessions (mode, seed, filters_json, packs_json, question_ids_json,
             time_limit_secs, profile, started_at_ms, status)
         VALUES ('exam', 3, '{}', ?1, '[\"q0\",\"q1\"]', 600, NULL, ?2, 'unfinished')",
        rusqlite::params![serde_json::to_string(&[pack()]).unwrap(), START + 30 * DAY],
    )
    .unwrap();
    let leftover = conn.last_insert_rowid();
    drop(conn);
    let store = Store::open(dir.path()).unwrap();
    assert!(
        store.session(leftover).unwrap().is_none(),
        "the empty timed session is gone"
    );
    assert!(
        store.session(answered_timed).unwrap().is_some(),
        "one with an answer stays"
    );
    let offered = skillgap::service::sessions::last_unfinished(&store)
        .unwrap()
        .unwrap();
    assert_eq!(
        offered.record.id, untimed_empty,
        "resume offers what it offered before the leftover"
    );
    assert_eq!(listing(&store, None), before);
}

/// `history --format json` as serde_json writes it from a tree of values (how skillgap wrote
/// it before its JSON was written by hand): the layout the hand-written text must match.
fn json_by_serde(history: &History) -> String {
    use serde_json::json;
    use skillgap::quiz::SessionKind;
    let sessions: Vec<serde_json::Value> = history
        .sessions
        .iter()
        .map(|s| {
            let mut kind = json!({ "name": s.kind.name(), "label": s.kind.label() });
            match &s.kind {
                SessionKind::Retake { of } => kind["retake_of"] = json!(of),
                SessionKind::ExamFile { title, fingerprint } => {
                    kind["exam"] = json!({
                        "title": skillgap::text::sanitize_line(title),
                        "fingerprint": skillgap::text::sanitize_line(fingerprint),
                    });
                }
                _ => {}
            }
            let categories: Vec<serde_json::Value> = history
                .tallies(s)
                .iter()
                .map(|t| {
                    json!({
                        "id": history.category(t),
                        "score": t.score_sum,
                        "answered": t.answered,
                        "mean": t.score_sum / t.answered as f64,
                    })
                })
                .collect();
            let packs: Vec<serde_json::Value> = s
                .packs
                .iter()
                .map(|p| json!({ "id": p.id, "version": p.version }))
                .collect();
            json!({
                "id": s.id,
                "started_at": utc_minutes(s.started_at_ms),
                "started_at_ms": s.started_at_ms,
                "ended_at_ms": s.ended_at_ms,
                "mode": s.mode.name(),
                "kind": kind,
                "seed": s.seed,
                "packs": packs,
                "status": if s.finished() { "finished" } else { "unfinished" },
                "questions": s.questions,
                "answered": s.answered,
                "overridden": s.overridden,
                "categories": categories,
            })
        })
        .collect();
    skillgap::text::json_text(&json!({ "sessions": sessions }))
}

#[test]
fn the_hand_written_json_is_what_serde_json_writes() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    // Nothing yet.
    let empty = store.history(None).unwrap();
    assert_eq!(history_json_text(&empty), json_by_serde(&empty));
    varied(&store);
    // Names that need escaping, a session with no packs, a retake of nothing known, an exam
    // file without a title.
    let hostile = "quote\" back\\slash \u{1}\u{8}\u{c}\n\r\t \u{7f} \u{200b} \u{202e} é";
    let mut odd = session(Mode::Practice, r#"{"retake":null}"#, 2, 30);
    odd.packs.clear();
    let id = store.start_session(&odd).unwrap();
    store
        .record_answers(
            id,
            [
                answer(0, hostile, 1.0 / 7.0, START + 30 * DAY),
                answer(1, "", 1e-7, START + 30 * DAY + 1),
            ],
        )
        .unwrap();
    let untitled = session(
        Mode::Exam,
        &format!(
            r#"{{"exam":{{"title":"","fingerprint":"{}"}}}}"#,
            "f\"\\u0007"
        ),
        1,
        31,
    );
    let exam = store.start_session(&untitled).unwrap();
    store.finish_session(exam, START + 31 * DAY + 5).unwrap();
    let history = store.history(None).unwrap();
    let by_hand = history_json_text(&history);
    assert_eq!(by_hand, json_by_serde(&history));
    assert!(by_hand.contains(r#""retake_of": null"#), "{by_hand}");
    assert!(by_hand.contains(r#""packs": []"#));
    assert!(by_hand.contains(r#""categories": []"#));
    assert!(by_hand.contains("\\u200b"), "unprintable escaped");
    let limited = store.history(Some(3)).unwrap();
    assert_eq!(history_json_text(&limited), json_by_serde(&limited));
}
