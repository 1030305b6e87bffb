//! What counts as evidence: an answer the learner marked right ("I was right") counts as right
//! in the gap report, the schedule and calibration, exactly as if it had been marked right at
//! once; a question a timed session never showed counts for nothing, whatever the history.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use proptest::prelude::*;
use skillgap::pack::{KindName, Pack, Question};
use skillgap::quiz::{Confidence, Mode, Response};
use skillgap::service::{gap, progress};
use skillgap::store::{NewAnswer, NewSession, Store, pack_ref};

const DAY: i64 = 86_400_000;
const NOW: i64 = 1_800_000_000_000;

fn bundled() -> Pack {
    skillgap::pack::load_bundled().unwrap()
}

fn session(pack: &Pack) -> NewSession {
    NewSession {
        mode: Mode::Practice,
        seed: 1,
        filters_json: "{}".to_owned(),
        packs: vec![pack_ref(pack)],
        question_ids: Vec::new(),
        time_limit_secs: None,
        profile: None,
        started_at_ms: NOW - 30 * DAY,
    }
}

fn given(pack: &Pack, question: &Question, response: Response, score: f64, at: i64) -> NewAnswer {
    NewAnswer {
        pack: pack_ref(pack),
        question_id: question.id.clone(),
        category: question.category.clone(),
        kind: question.kind.name(),
        difficulty: question.difficulty,
        response,
        score,
        confidence: Some(Confidence::High),
        time_taken_ms: 20_000,
        content_hash: question.content_hash(),
        answered_at_ms: at,
    }
}

fn typed(pack: &Pack) -> Vec<&Question> {
    pack.questions
        .iter()
        .filter(|q| matches!(q.kind.name(), KindName::Short | KindName::Numeric))
        .collect()
}

/// Some answers of a history: right or wrong typed answers, a day apart.
fn history(pack: &Pack, wrong_at: &[usize]) -> Vec<NewAnswer> {
    typed(pack)
        .into_iter()
        .take(8)
        .enumerate()
        .map(|(i, q)| {
            let right = !wrong_at.contains(&i);
            let response = if right {
                skillgap::quiz::score::ideal_response(q)
            } else {
                Response::Text {
                    text: "something else".to_owned(),
                }
            };
            let score = if right { 1.0 } else { 0.0 };
            given(pack, q, response, score, NOW - (20 - i as i64) * DAY)
        })
        .collect()
}

/// The learner marked a wrong answer right: the gap report (mastery, bands, verdicts,
/// readiness, weakest questions), the schedule and calibration are those of the same history
/// with that answer right, not those of the history with it wrong; calibration counts it apart.
#[test]
fn an_overruled_answer_counts_as_right_everywhere() {
    let pack = bundled();
    let dirs: Vec<tempfile::TempDir> = (0..3).map(|_| tempfile::tempdir().unwrap()).collect();
    let stores: Vec<Store> = dirs
        .iter()
        .map(|d| Store::open(d.path()).unwrap())
        .collect();
    let [overruled, right, wrong] = [&stores[0], &stores[1], &stores[2]];
    let mut ids = Vec::new();
    for (store, wrong_at) in [
        (overruled, vec![2, 5]),
        (right, vec![5]),
        (wrong, vec![2, 5]),
    ] {
        let id = store.start_session(&session(&pack)).unwrap();
        store.record_answers(id, history(&pack, &wrong_at)).unwrap();
        ids.push(id);
    }
    let question = &typed(&pack)[2].id;
    overruled.overrule(ids[0], &pack.meta.id, question).unwrap();

    let report = |store: &Store| {
        let report = gap::gap_report(store, &pack, None, NOW).unwrap();
        (report.rows, report.readiness, report.weakest)
    };
    assert_eq!(report(overruled), report(right));
    assert_ne!(report(overruled), report(wrong), "the answer did count");
    assert!(
        !report(overruled).2.iter().any(|w| &w.id == question),
        "no longer among the weakest"
    );
    assert_eq!(
        overruled.schedules(&pack.meta.id).unwrap(),
        right.schedules(&pack.meta.id).unwrap()
    );
    let calibration = |store: &Store| progress::calibration_report(store, &pack).unwrap();
    let (mine, theirs) = (calibration(overruled), calibration(right));
    assert_eq!(mine.categories, theirs.categories, "counted as right");
    assert_eq!((mine.overridden, theirs.overridden), (1, 0), "and apart");
    let text = skillgap::report::progress::calibration_text(&pack, &mine);
    assert!(
        text.contains("1 answer you marked right yourself (\"I was right\") is counted as right."),
        "{text}"
    );
    let session = overruled.session(ids[0]).unwrap().unwrap();
    let twin = right.session(ids[1]).unwrap().unwrap();
    assert_eq!(session.score_sum, twin.score_sum, "the session's score");
}

/// One answer of a random history: a question (by position among the pack's), a score and
/// how many hours before now.
fn answer_strategy() -> impl Strategy<Value = (usize, u8, u32)> {
    (0usize..400, 0u8..=4, 0u32..24 * 90)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// Adding never-shown answers (a timed session ran out before them) to any history changes
    /// no mastery, band, verdict, readiness, weakest question or schedule.
    #[test]
    fn questions_never_shown_change_nothing(
        history in proptest::collection::vec(answer_strategy(), 0..40),
        unseen in proptest::collection::vec((0usize..400, 0usize..41), 1..15),
    ) {
        let pack = bundled();
        let at = |hours: u32| NOW - i64::from(hours) * 3_600_000;
        let question = |i: usize| &pack.questions[i % pack.questions.len()];
        let seen: Vec<NewAnswer> = history
            .iter()
            .map(|&(q, score, hours)| {
                let q = question(q);
                let response = skillgap::quiz::score::ideal_response(q);
                given(&pack, q, response, f64::from(score) / 4.0, at(hours))
            })
            .collect();
        // The same answers with never-shown ones slipped in anywhere (and at any time).
        let mut with_unseen: Vec<NewAnswer> = seen.clone();
        for &(q, position) in &unseen {
            let q = question(q);
            let mut not_reached = given(&pack, q, Response::NotReached, 0.0, at(1));
            not_reached.confidence = None;
            with_unseen.insert(position.min(with_unseen.len()), not_reached);
        }
        let (plain_dir, unseen_dir) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let (plain, other) = (
            Store::open(plain_dir.path()).unwrap(),
            Store::open(unseen_dir.path()).unwrap(),
        );
        // Stored in time order, as answers are given.
        for (store, mut answers) in [(&plain, seen), (&other, with_unseen)] {
            answers.sort_by_key(|a| a.answered_at_ms);
            let id = store.start_session(&session(&pack)).unwrap();
            store.record_answers(id, answers).unwrap();
        }
        let report = |store: &Store| gap::gap_report(store, &pack, None, NOW).unwrap();
        let (a, b) = (report(&plain), report(&other));
        prop_assert_eq!(&a.rows, &b.rows);
        prop_assert_eq!(a.readiness, b.readiness);
        prop_assert_eq!(&a.weakest, &b.weakest);
        prop_assert_eq!(
            plain.schedules(&pack.meta.id).unwrap(),
            other.schedules(&pack.meta.id).unwrap()
        );
        let calibration = |store: &Store| progress::calibration_report(store, &pack).unwrap();
        prop_assert_eq!(calibration(&plain), calibration(&other));
    }
}
