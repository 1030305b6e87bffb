//! `skillgap history` against `skillgap report` over the same 100,000 stored answers on the
//! bundled bank, spread over a year, in two shapes: 5,000 sessions of 20 answers (history
//! then prints 5,000 lines) and 100 sessions of 1,000. Both as whole processes, which is
//! what a user waits for. History must be no slower than the report.
//!
//! Figures (`-- --sample-size 10`, a shared 2-core machine, wall time of the process):
//! before one query per listing, 5,000 sessions: report 58.6 ms, history 163.0 ms, JSON
//! 423.8 ms; 100 sessions: report 52.8, history 37.9, JSON 40.4 (heavily loaded). After,
//! less loaded: 5,000 sessions: report 26.3 ms, history 40.5 ms, JSON 59.4 ms; 100 sessions:
//! report 23.8, history 7.5, JSON 11.3. CPU time (`perf stat`, same database, 5,000
//! sessions): history 80-92 → 37 ms, JSON 243-312 → 55 ms, report 22-25 ms.
//!
//! Schema version 6 (a session's planned count and its tallies in its own row, see
//! `src/store/tallies.rs`), history and its JSON written a few kilobytes at a time, the JSON
//! by hand. This bench, machine loaded (load 3-5 from other builds), 5,000 sessions: before
//! report 38.9 ms, history 94.5, JSON 111.3; after (all but the last JSON step) report
//! 16.6, history 14.7, JSON 31.6
//! (21-48); 100 sessions: before report 32.2, history 23.3, JSON 19.4; after report 13.4,
//! history 5.1, JSON 6.9. Interleaved runs at load 0.7 (median of 40, output piped):
//!
//! | sessions | report | history | history --format json |
//! |---|---|---|---|
//! | 5,000 (CPU) | 12.4 ms | 12.3 ms | 15.4 ms |
//! | 5,000 (wall) | 13.0 ms | 13.1 ms | 17.4 ms |
//! | 100 (wall) | 12.2 ms | 4.0 ms | 4.1 ms |
//! | none stored (wall) | 6.0 ms | 2.1 ms | 2.0 ms |
//!
//! The last row is the floor: process start and store open (the report also loads the
//! bundled pack). With 5,000 sessions history's text is 0.7 MB and its JSON 5.7 MB: the JSON
//! is still about a third over the report, most of it writing those bytes (numbers, strings
//! and their indents) and reading the 5,000 session rows, whose planned question ids are most
//! of their pages.
//!
//! Quiet machine (load under 1, nothing else running), `-- --sample-size 20`, with tallies
//! written as a session finishes: 5,000 sessions: report 11.18 ms, history 11.36 ms, JSON
//! 16.31 ms; 100 sessions: report 10.74 ms, history 3.25 ms, JSON 3.45 ms.
//!
//! The report then became faster (the bundled bank's text check and the gap model's curves,
//! about 0.9 ms of a process), so history had to follow: its percentages are now written by
//! its own integer writer. 5,000 sessions, interleaved, output piped, median of 60 (CPU time
//! by `perf stat`): report 12.29 ms, history 12.34 ms (+0.4%); `-- --sample-size 20` wall:
//! report 11.22, history 11.75, JSON 17.63 ms; 100 sessions: report 10.72, history 3.47,
//! JSON 3.79 ms. What is left of history at 5,000 sessions is reading their rows: about
//! 850 bytes each, 540 of them the planned question ids, so some 1,000 pages; and the JSON
//! also writes 5.7 MB.
//!
//! Then the listing was built in bytes and its integers divided as u64 (a u128 division
//! per digit had been a library call). CPU (`perf stat -r 20`, three rounds, same database,
//! output to /dev/null): report 12.0-12.8 ms, history 11.2-11.3 ms, JSON 11.9-13.0 ms. This
//! bench, `-- --sample-size 20`, wall: 5,000 sessions: report 14.27 ms (13.6-15.6), history
//! 13.95, JSON 17.42; 100 sessions: report 12.72, history 4.68, JSON 4.79. The JSON's wall
//! time beyond its CPU time is its 5.7 MB going through the pipe to the reader: a 1 MiB pipe
//! (`F_SETPIPE_SZ`) instead of 64 KiB did not shorten it (medians of 25, three rounds:
//! 18.0-22.3 ms against 16.7-19.7 ms). With the planned ids moved off the rows (tried on a
//! copy: the column emptied, the file vacuumed; measured before the byte buffer) the text
//! listing took 10.5 ms CPU instead of 12.1 and the JSON 12.7 instead of 13.9: the next step
//! if listings grow, at the price of a schema version.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::Command;

use criterion::{Criterion, criterion_group, criterion_main};
use skillgap::pack;
use skillgap::store::{NewAnswer, NewSession, Store, pack_ref};

/// An arbitrary "now" (2027-01-15), with the sessions spread over the year before it.
const NOW_MS: i64 = 1_800_000_000_000;
const YEAR_MS: i64 = 365 * 86_400_000;

/// Fills `dir` with `sessions` finished sessions of `per_session` answers each.
fn fill(dir: &Path, sessions: usize, per_session: usize) {
    let pack = pack::load_bundled().unwrap();
    let reference = pack_ref(&pack);
    let store = Store::open(dir).unwrap();
    let questions = pack.questions.len();
    let step = YEAR_MS / i64::try_from(sessions).unwrap();
    for s in 0..sessions {
        let started = NOW_MS - YEAR_MS + i64::try_from(s).unwrap() * step;
        let picked: Vec<&pack::Question> = (0..per_session)
            .map(|i| &pack.questions[(s * 7919 + i * 104_729) % questions])
            .collect();
        let session = store
            .start_session(&NewSession {
                mode: skillgap::quiz::Mode::Practice,
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
            kind: skillgap::pack::KindName::Single,
            difficulty: q.difficulty,
            response: skillgap::quiz::Response::Choices { picked: vec![0] },
            score: f64::from(u8::try_from((s + i) % 5).unwrap()) / 4.0,
            confidence: None,
            time_taken_ms: 4_000,
            content_hash: "fedcba9876543210".into(),
            answered_at_ms: started + i64::try_from(i).unwrap() * 3_000,
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
    for (sessions, per_session) in [(5_000, 20), (100, 1_000)] {
        let dir = tempfile::tempdir().unwrap();
        let started = std::time::Instant::now();
        fill(dir.path(), sessions, per_session);
        eprintln!(
            "setup: {} answers in {sessions} sessions written in {:.1?}",
            sessions * per_session,
            started.elapsed()
        );
        let mut group = c.benchmark_group(format!("process/100k_answers_{sessions}_sessions"));
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
}

criterion_group!(benches, history_against_report);
criterion_main!(benches);
