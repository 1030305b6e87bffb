//! Review planning speed with 100,000 questions and 1,000,000 stored answers: picking the
//! next question (and a 20-question session) from states already loaded, and the whole path
//! from the store (gap chart over the million answers, every FSRS state, alignment, plan).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::fmt::Write as _;
use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use skillgap::learning::placement::{PlacementConfig, PlacementPicker, next_question};
use skillgap::learning::{DAY_MS, ReviewMode, ReviewRequest, plan_review};
use skillgap::pack::{self, Pack};
use skillgap::quiz::Filters;
use skillgap::quiz::{Adaptive, Item};
use skillgap::service::progress::{knowledge, review_plan};
use skillgap::store::{NewAnswer, NewSession, PackRef, Store};

const QUESTIONS: usize = 100_000;
const ANSWERS: usize = 1_000_000;
const CATEGORIES: usize = 20;
/// 2027-01-15; the answers are spread over the year before.
const NOW_MS: i64 = 1_800_000_000_000;

fn big_pack() -> Pack {
    let mut text = String::from("Pack(id: \"big\", title: \"Big\", version: \"1\", categories: [");
    for c in 0..CATEGORIES {
        let _ = write!(text, "(id: \"c{c}\", title: \"Category {c}\"),");
    }
    text.push_str("], profiles: [(id: \"p\", title: \"P\", targets: {");
    for c in 0..CATEGORIES {
        let _ = write!(text, "\"c{c}\": 0.{},", 5 + c % 5);
    }
    text.push_str("})], questions: [");
    for q in 0..QUESTIONS {
        let _ = write!(
            text,
            "(id: \"q{q:06}\", category: \"c{}\", difficulty: {}, prompt: \"p{q}\", kind: TrueFalse(answer: true), explanation: \"e\"),",
            q % CATEGORIES,
            ["Easy", "Medium", "Hard"][q % 3]
        );
    }
    text.push_str("])");
    pack::load_str("big.ron", &text).unwrap()
}

/// A million answers: 70% of the questions answered (about 14 times each), scores varied,
/// spread over the year before `NOW_MS`, in batches (FSRS states are kept up to date by the
/// store as they are written).
fn fill(store: &Store) {
    let session = store
        .start_session(&NewSession {
            mode: skillgap::quiz::Mode::Practice,
            seed: 1,
            filters_json: "{}".into(),
            packs: vec![],
            question_ids: vec![],
            time_limit_secs: None,
            profile: None,
            started_at_ms: 0,
        })
        .unwrap();
    let pack = PackRef {
        id: "big".into(),
        version: "1".into(),
        content_hash: "h".into(),
    };
    let answered = QUESTIONS * 7 / 10;
    let year = 365 * DAY_MS;
    let step = year / ANSWERS as i64;
    for batch in 0..(ANSWERS / 10_000) {
        let answers: Vec<NewAnswer> = (batch * 10_000..(batch + 1) * 10_000)
            .map(|i| {
                let q = (i * 7919) % answered;
                NewAnswer {
                    pack: pack.clone(),
                    question_id: format!("q{q:06}"),
                    category: format!("c{}", q % CATEGORIES),
                    kind: skillgap::pack::KindName::TrueFalse,
                    difficulty: skillgap::pack::Difficulty::ALL[q % 3],
                    response: skillgap::quiz::Response::TrueFalse { answer: true },
                    score: if i % 4 == 0 { 0.0 } else { 1.0 },
                    confidence: None,
                    time_taken_ms: 9_000,
                    content_hash: format!("h{q}"),
                    answered_at_ms: NOW_MS - year + i as i64 * step,
                }
            })
            .collect();
        store.record_answers(session, &answers).unwrap();
    }
}

fn review(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let started = std::time::Instant::now();
    fill(&store);
    let packs = [big_pack()];
    eprintln!(
        "setup: {ANSWERS} answers to {QUESTIONS} questions written, pack loaded, in {:.1?}",
        started.elapsed()
    );
    let filters = Filters::default();
    let (know, _) = knowledge(&store, &packs[0], Some("p"), NOW_MS).unwrap();
    let due = know
        .states
        .iter()
        .flatten()
        .filter(|s| s.due_ms <= NOW_MS)
        .count();
    eprintln!(
        "{} questions with a schedule, {due} due now",
        know.states.iter().flatten().count()
    );
    let knowledge_of = [know];
    let request = |count| ReviewRequest {
        packs: &packs,
        knowledge: &knowledge_of,
        filters: &filters,
        mode: ReviewMode::Review,
        now_ms: NOW_MS,
        target_ms: Some(NOW_MS + 30 * DAY_MS),
        count,
        seed: 7,
    };

    let mut group = c.benchmark_group("review/100k_questions_1m_answers");
    group.sample_size(20);
    group.bench_function("next question (states loaded)", |b| {
        b.iter(|| black_box(plan_review(&request(1))));
    });
    group.bench_function("20-question session (states loaded)", |b| {
        b.iter(|| black_box(plan_review(&request(20))));
    });
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(15));
    group.bench_function("schedules read from the store", |b| {
        b.iter(|| black_box(store.schedules("big").unwrap()));
    });
    group.bench_function("20-question session (from the store)", |b| {
        b.iter(|| {
            black_box(
                review_plan(
                    &store,
                    &packs,
                    &filters,
                    ReviewMode::Review,
                    Some("p"),
                    NOW_MS,
                    20,
                    7,
                )
                .unwrap(),
            )
        });
    });
    group.finish();

    // Placement: the next question from the gap chart over the million answers, with 30
    // questions already asked. With a million answers every target of the pack's profile is
    // decided (placement would be over at once), so the profile placed against sets each
    // target at the category's mastery: every category is open, the costliest case.
    let report = skillgap::service::gap_report(&store, &packs[0], Some("p"), NOW_MS).unwrap();
    let mut open_profile = packs[0].profile("p").unwrap().clone();
    open_profile.targets = report
        .rows
        .iter()
        .map(|row| {
            (
                row.mastery.category.clone(),
                (row.mastery.low + row.mastery.high) / 2.0,
            )
        })
        .collect();
    let mut report = report;
    for row in &mut report.rows {
        row.target = Some((row.mastery.low + row.mastery.high) / 2.0);
    }
    let open = report
        .rows
        .iter()
        .filter(|row| !row.verdict().is_some_and(|v| v.decided()))
        .count();
    assert!(open * 2 >= report.rows.len(), "{open} open categories");
    let asked: Vec<usize> = (0..30).map(|i| i * 3_331 % QUESTIONS).collect();
    let config = PlacementConfig::default();
    let mut group = c.benchmark_group("placement/100k_questions_1m_answers");
    group.sample_size(20);
    group.bench_function("next placement question", |b| {
        b.iter(|| black_box(next_question(&packs[0], &report.rows, &asked, &config)));
    });
    // What a session does after each answer: the answer added to the evidence read from the
    // store once, the gap chart recomputed, the next question picked.
    let evidence = skillgap::service::placement::evidence(&store, &packs[0], NOW_MS).unwrap();
    let mut picker = PlacementPicker::new(
        (0, &packs[0]),
        evidence,
        Some(&open_profile),
        &[],
        config,
        1,
        0,
    );
    // 30 questions asked and in the evidence; the bench adds the 31st answer.
    let mut items: Vec<Item> = asked
        .iter()
        .map(|&question| Item {
            pack: 0,
            question,
            order: Vec::new(),
        })
        .collect();
    let given: Vec<(&Item, f64)> = items.iter().map(|item| (item, 1.0)).collect();
    let next = picker.next(&packs, &given).unwrap();
    items.push(next);
    group.bench_function(
        "placement session step (answer in, next question out)",
        |b| {
            b.iter_batched(
                || picker.clone(),
                |mut picker| {
                    let given: Vec<(&Item, f64)> = items.iter().map(|item| (item, 0.0)).collect();
                    black_box(picker.next(&packs, &given))
                },
                criterion::BatchSize::LargeInput,
            );
        },
    );
    group.finish();
}

criterion_group!(benches, review);
criterion_main!(benches);
