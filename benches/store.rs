//! History speed: committing one answer (fsync included), and reading back 1,000,000 stored
//! answers across 2,000 questions the way the gap report does, and marking one answer right
//! among them ("I was right"); plus `skillgap report` on an empty data directory as a whole
//! process.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::fmt::Write as _;
use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use skillgap::pack;
use skillgap::store::{NewAnswer, NewSession, PackRef, Store};

const ANSWERS: i64 = 1_000_000;
const QUESTIONS: i64 = 2_000;
const CATEGORIES: i64 = 10;
/// An arbitrary "now" (2027-01-15), with the stored answers spread over the year before it.
const NOW_MS: i64 = 1_800_000_000_000;

fn pack_ref() -> PackRef {
    PackRef {
        id: "big".into(),
        version: "1.0.0".into(),
        content_hash: "0123456789abcdef0123456789abcdef".into(),
    }
}

fn new_session() -> NewSession {
    NewSession {
        mode: skillgap::quiz::Mode::Practice,
        seed: 1,
        filters_json: "{}".into(),
        packs: vec![pack_ref()],
        question_ids: vec![],
        time_limit_secs: None,
        profile: None,
        started_at_ms: 0,
    }
}

fn question_id(q: i64) -> String {
    format!("big-question-{q:04}")
}

fn category(q: i64) -> String {
    format!("category-{}", q % CATEGORIES)
}

/// The 2,000 questions as a pack (true/false over 10 categories, with a profile), so the gap
/// report has something to report on.
fn big_pack() -> pack::Pack {
    let mut text =
        String::from("Pack(id: \"big\", title: \"Big\", version: \"1.0.0\", categories: [");
    for c in 0..CATEGORIES {
        let _ = write!(text, "(id: \"category-{c}\", title: \"Category {c}\"),");
    }
    text.push_str(
        "], profiles: [(id: \"p\", title: \"P\", targets: {\"category-0\": 0.7, \"category-5\": 0.8})], questions: [",
    );
    for q in 0..QUESTIONS {
        let _ = write!(
            text,
            "(id: \"{}\", category: \"{}\", difficulty: Medium, prompt: \"p{q}\", kind: TrueFalse(answer: true), explanation: \"e\"),",
            question_id(q),
            category(q)
        );
    }
    text.push_str("])");
    pack::load_str("big.ron", &text).unwrap()
}

fn answer(q: i64, score: f64, answered_at_ms: i64) -> NewAnswer {
    NewAnswer {
        pack: pack_ref(),
        question_id: question_id(q),
        category: category(q),
        kind: skillgap::pack::KindName::TrueFalse,
        difficulty: skillgap::pack::Difficulty::ALL[usize::try_from(q % 3).unwrap()],
        response: skillgap::quiz::Response::TrueFalse { answer: true },
        score,
        confidence: Some(skillgap::quiz::Confidence::High),
        time_taken_ms: 4200,
        content_hash: "fedcba9876543210fedcba9876543210".into(),
        answered_at_ms,
    }
}

/// Fills a fresh store with `ANSWERS` answers spread over the year before `NOW_MS`, in one
/// transaction (`record_answers`: prepared statements, no per-answer commit).
fn fill(dir: &Path) {
    let store = Store::open(dir).unwrap();
    let session = store.start_session(&new_session()).unwrap();
    let year_ms = 365 * 86_400_000_i64;
    let answers = (0..ANSWERS).map(|i| {
        // Questions in a scrambled order, as a real history would have them.
        let q = (i * 7919) % QUESTIONS;
        let score = f64::from(u8::try_from(i % 7).unwrap()) / 6.0;
        answer(q, score, NOW_MS - year_ms + i * (year_ms / ANSWERS))
    });
    assert_eq!(
        store.record_answers(session, answers).unwrap(),
        usize::try_from(ANSWERS).unwrap()
    );
}

fn record_answer(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let session = store.start_session(&new_session()).unwrap();
    let answer = answer(1, 1.0, NOW_MS);
    c.bench_function("store/record_answer (file, committed)", |b| {
        b.iter(|| store.record_answer(session, black_box(&answer)).unwrap());
    });
}

fn million_answers(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let started = std::time::Instant::now();
    fill(dir.path());
    eprintln!(
        "setup: {ANSWERS} answers over {QUESTIONS} questions written in {:.1?}",
        started.elapsed()
    );
    let store = Store::open(dir.path()).unwrap();
    let pack = big_pack();

    let mut group = c.benchmark_group("store/1m_answers_2k_questions");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(10));
    group.bench_function("for_each_scored", |b| {
        b.iter(|| {
            let mut rows = 0_u64;
            let mut score = 0.0;
            let mut text = 0;
            store
                .for_each_scored("big", |row| {
                    rows += 1;
                    score += row.score;
                    text +=
                        row.question_id.len() + row.category.len() + row.difficulty.name().len();
                    black_box(row.answered_at_ms);
                })
                .unwrap();
            assert_eq!(rows, 1_000_000);
            black_box((score, text))
        });
    });
    group.bench_function("open", |b| {
        b.iter(|| black_box(Store::open(dir.path()).unwrap()));
    });
    // The file changed since its last clean close (another program wrote it, a crash):
    // open runs the integrity check before anything is written.
    let clean_close = dir
        .path()
        .join(format!("{}-clean", skillgap::store::DB_FILE));
    group.bench_function(
        "open, changed since its clean close (integrity check)",
        |b| {
            b.iter(|| {
                let _ = std::fs::remove_file(&clean_close);
                black_box(Store::open(dir.path()).unwrap())
            });
        },
    );
    // "I was right" on a fresh wrong Short answer (its session, recorded outside the
    // timing): the flag, the score-log entry, the session's sum and the question's schedule
    // replayed from its answers among the million.
    let mut next = 0_i64;
    group.bench_function("overrule (I was right)", |b| {
        b.iter_batched(
            || {
                next += 1;
                let session = store.start_session(&new_session()).unwrap();
                let typed = NewAnswer {
                    kind: skillgap::pack::KindName::Short,
                    response: skillgap::quiz::Response::Text {
                        text: "a fair answer".into(),
                    },
                    ..answer(next % QUESTIONS, 0.0, NOW_MS + next)
                };
                store.record_answer(session, &typed).unwrap();
                (session, question_id(next % QUESTIONS))
            },
            |(session, question)| store.overrule(session, "big", &question).unwrap(),
            criterion::BatchSize::PerIteration,
        );
    });
    group.bench_function("gap_report (scan + mastery)", |b| {
        b.iter(|| {
            black_box(skillgap::service::gap_report(&store, &pack, Some("p"), NOW_MS).unwrap())
        });
    });
    group.finish();
}

fn report_process(c: &mut Criterion) {
    let empty = tempfile::tempdir().unwrap();
    let mut group = c.benchmark_group("process");
    group.sample_size(20);
    group.bench_function("skillgap report, empty data dir", |b| {
        b.iter(|| {
            let out = std::process::Command::new(env!("CARGO_BIN_EXE_skillgap"))
                .arg("report")
                .env("SKILLGAP_HOME", empty.path())
                .output()
                .unwrap();
            assert!(out.status.success());
        });
    });
    group.finish();
}

criterion_group!(benches, record_answer, million_answers, report_process);
criterion_main!(benches);
