//! Inputs at a chosen size for the memory limits (the `limits_memory` test at a reduced scale,
//! the `memory` bench at the caps), and a way to read one command's peak memory.
//!
//! Peak memory is the child's `ru_maxrss`. `RUSAGE_CHILDREN` keeps the largest of every child
//! ever waited for, so each command is run under a fresh copy of the calling executable
//! ([`wrapper_main`]), whose only child is that command: its figure is that command's alone.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use skillgap::cohort::results::{self, ResultAnswer, ResultSession, Results};
use skillgap::store::PackRef;
use std::fmt::Write as _;
use std::path::Path;
use std::process::{Command, ExitCode};

const WRAPPER_ENV: &str = "SKILLGAP_LIMITS_MEASURE";
const PEAK_MARK: &str = "limits-peak-kib=";

/// One question of every kind in turn, `i` its number, in category `c{i % 10}` (left out in
/// a category file, which names its category).
fn question(out: &mut String, i: usize, with_category: bool) {
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
    let category = if with_category {
        format!("category: \"c{}\", ", i % 10)
    } else {
        String::new()
    };
    let _ = writeln!(
        out,
        "(id: \"q{i}\", {category}difficulty: Medium, tags: [\"t\"], prompt: \"Question number {i}: which is right?\", kind: {kind}, explanation: \"Because it is so, as the manual explains.\", references: [\"https://example.org/{i}\"]),",
    );
}

fn pack_head(with_categories: bool) -> String {
    let mut out = String::from("Pack(id: \"big\", title: \"Big\", version: \"1\", ");
    if with_categories {
        out.push_str("categories: [");
        for c in 0..10 {
            let _ = write!(out, "(id: \"c{c}\", title: \"Category {c}\"),");
        }
        out.push_str("], ");
    }
    out.push_str("profiles: [(id: \"p\", title: \"P\", targets: {\"c0\": 0.5, \"c1\": 0.7})]");
    out
}

/// A single-file pack with `n` questions across 10 categories (the `pack_load` bench's pack).
pub fn pack_with_questions(n: usize) -> String {
    let mut out = pack_head(true);
    out.push_str(", questions: [\n");
    for i in 0..n {
        question(&mut out, i, true);
    }
    out.push_str("])\n");
    out
}

/// A single-file pack of about `bytes` bytes (a little more).
pub fn pack_of_bytes(bytes: usize) -> String {
    let mut out = pack_head(true);
    out.push_str(", questions: [\n");
    let mut i = 0;
    while out.len() < bytes {
        question(&mut out, i, true);
        i += 1;
    }
    out.push_str("])\n");
    out
}

/// A directory pack in `dir`: `pack.ron` and `files` category files of about `bytes_each`
/// bytes each. Returns the total size written.
pub fn write_directory_pack(dir: &Path, files: usize, bytes_each: usize) -> u64 {
    std::fs::create_dir_all(dir).unwrap();
    let mut head = pack_head(false);
    head.push_str(")\n");
    std::fs::write(dir.join("pack.ron"), &head).unwrap();
    let mut total = head.len() as u64;
    let mut i = 0;
    for c in 0..files {
        let mut out = format!("Category(id: \"c{c}\", title: \"Category {c}\", questions: [\n");
        while out.len() < bytes_each {
            question(&mut out, i, false);
            i += 1;
        }
        out.push_str("])\n");
        std::fs::write(dir.join(format!("c{c}.ron")), &out).unwrap();
        total += out.len() as u64;
    }
    total
}

/// A student's results with sessions of 20 answers to a 500-question pack, enough to be about
/// `bytes` long once written as JSON (or as CSV, when `csv`).
pub fn results_of_bytes(bytes: usize, csv: bool) -> String {
    let pack = PackRef {
        id: "big".to_owned(),
        version: "1".to_owned(),
        content_hash: "ab".repeat(32),
    };
    let kinds = ["Single", "Multi", "TrueFalse", "Short"];
    let responses = [
        r#"{"type":"choices","picked":[0]}"#,
        r#"{"type":"choices","picked":[0,1]}"#,
        r#"{"type":"true_false","answer":true}"#,
        r#"{"type":"text","text":"for update"}"#,
    ];
    let session = |id: usize| ResultSession {
        id: id as i64,
        mode: "practice".to_owned(),
        seed: id as u64,
        exam: None,
        started_at_ms: 1_700_000_000_000,
        ended_at_ms: Some(1_700_000_600_000),
        finished: true,
        duration_ms: Some(600_000),
        time_limit_secs: None,
        questions: 20,
        answers: (0..20)
            .map(|k| {
                let q = id * 20 + k;
                ResultAnswer {
                    pack: pack.clone(),
                    // A pack of 500 questions, answered again and again: the class report's
                    // own tables grow with the questions, not with the file.
                    question_id: format!("q{}", q % 500),
                    question_hash: "cd".repeat(32),
                    category: format!("c{}", q % 10),
                    kind: kinds[q % 4].to_owned(),
                    difficulty: "Medium".to_owned(),
                    response: serde_json::from_str(responses[q % 4]).unwrap(),
                    score: if q.is_multiple_of(3) { 0.0 } else { 1.0 },
                    time_taken_ms: 4_000,
                    confidence: Some("medium".to_owned()),
                    answered_at_ms: 1_700_000_000_000 + q as i64,
                    overridden: false,
                }
            })
            .collect(),
    };
    let mut results = Results {
        format: results::FORMAT.to_owned(),
        version: results::VERSION,
        student: "Ada Lovelace".to_owned(),
        exported_at: "2026-01-01 00:00".to_owned(),
        exported_at_ms: 1_767_225_600_000,
        skillgap_version: "0.1.0".to_owned(),
        packs: vec![pack.clone()],
        exam: None,
        sessions: vec![session(0)],
    };
    let one = if csv {
        results.to_csv().len()
    } else {
        results.to_json().len()
    };
    let sessions = (bytes / one).max(1);
    results.sessions = (0..sessions).map(session).collect();
    if csv {
        results.to_csv()
    } else {
        results.to_json()
    }
}

/// A command's outcome and its peak resident memory.
#[derive(Debug)]
pub struct Measured {
    pub success: bool,
    pub stdout: String,
    pub stderr: String,
    pub peak_kib: u64,
    pub seconds: f64,
}

impl Measured {
    pub fn peak_mib(&self) -> f64 {
        self.peak_kib as f64 / 1024.0
    }
}

/// Call first in `main`: when this executable was started as the wrapper of one measured
/// command, runs it and returns the exit code to end with.
pub fn wrapper_main() -> Option<ExitCode> {
    std::env::var_os(WRAPPER_ENV)?;
    let mut args = std::env::args_os().skip(1);
    let program = args.next()?;
    let status = Command::new(program).args(args).status();
    let usage = nix::sys::resource::getrusage(nix::sys::resource::UsageWho::RUSAGE_CHILDREN);
    let peak = usage.map_or(0, |u| u.max_rss());
    eprintln!("{PEAK_MARK}{peak}");
    Some(match status {
        Ok(status) if status.success() => ExitCode::SUCCESS,
        _ => ExitCode::FAILURE,
    })
}

/// Runs `program args` with `SKILLGAP_HOME=home`, under a fresh wrapper (see the module doc).
pub fn measure(program: &Path, args: &[&str], home: &Path) -> Measured {
    let start = std::time::Instant::now();
    let output = Command::new(std::env::current_exe().unwrap())
        .env(WRAPPER_ENV, "1")
        .env("SKILLGAP_HOME", home)
        .env("NO_COLOR", "1")
        .arg(program)
        .args(args)
        .output()
        .unwrap();
    let seconds = start.elapsed().as_secs_f64();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    let (stderr, peak) = match stderr.rfind(PEAK_MARK) {
        Some(at) => (
            stderr[..at].to_owned(),
            stderr[at + PEAK_MARK.len()..].trim().parse().unwrap_or(0),
        ),
        None => (stderr, 0),
    };
    assert!(peak > 0, "no peak memory reported: {stderr}");
    Measured {
        success: output.status.success(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr,
        peak_kib: peak,
        seconds,
    }
}
