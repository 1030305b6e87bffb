//! `skillgap history` against `skillgap report` over the same 100,000 stored answers (5,000
//! sessions of 20 answers on the bundled bank, spread over a year): both as whole processes,
//! which is what a user waits for. History must be no slower than the report.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::Command;

use criterion::{Criterion, criterion_group, criterion_main};
use skillgap::pack;
use skillgap::store::{NewAnswer, NewSession, Store, pack_ref};

const SESSIONS: usize = 5_000;
const PER_SESSION: usize = 20;
/// An arbitrary "now" (2027-01-15), with the sessions spread over the year before it.
const NOW_MS: i64 = 1_800_000_000_000;
const YEAR_MS: i64 = 365 * 86_400_000;

/// Fills `dir` with `SESSIONS` finished sessions of `PER_SESSION` answers each.
fn fill(dir: &Path) {
    let pack = pack::load_bundled().unwrap();
    let reference = pack_ref(&pack);
    let store = Store::open(dir).unwrap();
    let questions = pack.questions.len();
    let step = YEAR_MS / i64::try_from(SESSIONS).unwrap();
    for s in 0..SESSIONS {
        let started = NOW_MS - YEAR_MS + i64::try_from(s).unwrap() * step;
        let picked: Vec<&pack::Question> = (0..PER_SESSION)
            .map(|i| &pack.questions[(s * 7919 + i * 104_729) % questions])
            .collect();
        let session = store
            .start_session(&NewSession {
                mode: "practice".into(),
                seed: u64::try_from(s).unwrap(),
                filters_json: "{}".into(),
                packs: vec![reference.clone()],
                question_ids: picked.iter().map(|q| q.id.clone()).collect(),
                time_limit_secs: None,
                profile: None,
                started_at_ms: started,
            })
            .unwrap();
        let answers = picked.iter().enumerate().map(|(i, q)| NewAnswer {
            pack: reference.clone(),
            question_id: q.id.clone(),
            category: q.category.clone(),
            kind: "Single".into(),
            difficulty: format!("{:?}", q.difficulty),
            response_json: "{\"type\":\"single\",\"choice\":0}".into(),
            score: f64::from(u8::try_from((s + i) % 5).unwrap()) / 4.0,
            confidence: None,
            time_taken_ms: 4_000,
            content_hash: "fedcba9876543210".into(),
            answered_at_ms: started + i64::try_from(i).unwrap() * 30_000,
        });
        store.record_answers(session, answers).unwrap();
        store.finish_session(session, started + 3_600_000).unwrap();
    }
}

fn run(dir: &Path, args: &[&str]) {
    let out = Command::new(env!("CARGO_BIN_EXE_skillgap"))
        .args(args)
        .env("SKILLGAP_HOME", dir)
        .output()
        .unwrap();
    assert!(out.status.success(), "{args:?}: {out:?}");
    assert!(!out.stdout.is_empty());
}

fn history_against_report(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let started = std::time::Instant::now();
    fill(dir.path());
    eprintln!(
        "setup: {} answers in {SESSIONS} sessions written in {:.1?}",
        SESSIONS * PER_SESSION,
        started.elapsed()
    );
    let mut group = c.benchmark_group("process/100k_answers_5k_sessions");
    group.sample_size(10);
    group.bench_function("skillgap report", |b| {
        b.iter(|| run(dir.path(), &["report"]));
    });
    group.bench_function("skillgap history", |b| {
        b.iter(|| run(dir.path(), &["history"]));
    });
    group.bench_function("skillgap history --format json", |b| {
        b.iter(|| run(dir.path(), &["history", "--format", "json"]));
    });
    group.finish();
}

criterion_group!(benches, history_against_report);
criterion_main!(benches);
