//! Pack loading speed: the bundled bank, and a generated 100,000-question pack loaded with
//! validation versus plain RON deserialisation of the same text into the raw structs, and
//! loaded from its file as `skillgap pack validate FILE` does (read a question at a time,
//! `pack::streamed`).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use criterion::{Criterion, criterion_group, criterion_main};
use skillgap::pack::{self, raw::RawPack};
use std::fmt::Write as _;
use std::hint::black_box;

/// A single-file pack with `n` questions of every kind in turn, across 10 categories.
fn generated_pack(n: usize) -> String {
    let mut out = String::from("Pack(id: \"big\", title: \"Big\", version: \"1\", categories: [");
    for c in 0..10 {
        let _ = write!(out, "(id: \"c{c}\", title: \"Category {c}\"),");
    }
    out.push_str("], profiles: [(id: \"p\", title: \"P\", targets: {\"c0\": 0.5, \"c1\": 0.7})], questions: [\n");
    for i in 0..n {
        let kind = match i % 8 {
            0 => "Single(choices: [(text: \"alpha\", correct: true), (text: \"beta\", why: \"because\"), (text: \"gamma\"), (text: \"delta\")])".to_owned(),
            1 => "Multi(choices: [(text: \"alpha\", correct: true), (text: \"beta\", correct: true), (text: \"gamma\", why: \"no\")])".to_owned(),
            2 => "TrueFalse(answer: true)".to_owned(),
            3 => "Short(accept: [\"FOR UPDATE\", \"for update\"], typos: 1)".to_owned(),
            4 => format!("Numeric(answer: {i}.5, tolerance: 0.5, unit: \"ms\")"),
            5 => "Order(items: [\"one\", \"two\", \"three\", \"four\"])".to_owned(),
            6 => "Match(pairs: [(left: \"201\", right: \"Created\"), (left: \"404\", right: \"Not Found\")], distractors: [\"Gone\"])".to_owned(),
            _ => "Open(model_answer: \"A model answer of a few words.\", rubric: [\"one point\", \"another point\"])".to_owned(),
        };
        let _ = writeln!(
            out,
            "(id: \"q{i}\", category: \"c{}\", difficulty: Medium, tags: [\"t\"], prompt: \"Question number {i}: which is right?\", kind: {kind}, explanation: \"Because it is so, as the manual explains.\", references: [\"https://example.org/{i}\"]),",
            i % 10
        );
    }
    out.push_str("])\n");
    out
}

fn bench(c: &mut Criterion) {
    c.bench_function("load_bundled_bank", |b| {
        b.iter(|| black_box(pack::load_bundled().unwrap()))
    });

    let text = generated_pack(100_000);
    let mut group = c.benchmark_group("pack_100k_questions");
    group.sample_size(10);
    group.bench_function("ron_deserialise_raw_only", |b| {
        b.iter(|| black_box(pack::ron_options().from_str::<RawPack>(&text).unwrap()))
    });
    group.bench_function("load_and_validate", |b| {
        b.iter(|| black_box(pack::load_str("big.ron", &text).unwrap()))
    });
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("big.ron");
    std::fs::write(&file, &text).unwrap();
    group.bench_function("load_path_from_file", |b| {
        b.iter(|| black_box(pack::load_path(&file).unwrap()))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
