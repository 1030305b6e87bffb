//! Peak memory and time of the commands that read untrusted files, at the input caps: each
//! command is the built `skillgap` run as a child process, its peak the child's `ru_maxrss`
//! (see `tests/limits_support`). Prints one row per input with the ratio of the peak, less the
//! process's own baseline, to the input's size; the limit is 4×.
//!
//! `cargo bench --bench memory`; set `SKILLGAP_BIN` to measure another build of skillgap.
//!
//! Figures on a loaded 2-core machine (peak MiB; before → after this bench was added):
//! 100,000-question pack validate 181.5 → 113.0 (2.78 s → 1.50 s); 61 MB pack validate
//! 362.6 → 225.6; install 655.5 (10.9 s) → 226.0 (2.4 s); directory pack of 6 × 10 MB
//! 231.5 (3.96×); 6 × 55 MB refused in 0.01 s at 4.4; 61 MB results JSON 195.1 (3.24×);
//! 60 MB results CSV 342.9 (5.87×; 931 MB before).
//! With an answer's response read as a typed value rather than a JSON tree, and each
//! session's answer list trimmed: results JSON 195.1 → 139.1 (2.28×, 1.9 s); results CSV
//! 342.9 → 193.3 (3.26×; 9.9 s → 3.8 s once a field's place in the file is worked out only
//! for an error).
//! A single-file pack read a question at a
//! time (`pack::streamed`): 100,000-question pack validate 113.0 → 84.5 (0.92 s, less
//! loaded); 61 MB pack validate 225.6 → 166.1; installed 61 MB pack validate 166.4.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../tests/limits_support/mod.rs"]
mod limits_support;

use limits_support::{Measured, measure};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

const MB: usize = 1_000_000;

fn main() -> ExitCode {
    if let Some(code) = limits_support::wrapper_main() {
        return code;
    }
    // Criterion-style arguments (`--bench`) are accepted and ignored.
    let program = std::env::var_os("SKILLGAP_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_skillgap")));
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    // `class` loads the pack its results name when it is installed; measured without.
    let empty_home = dir.path().join("home-without-packs");
    let path = |name: &str| dir.path().join(name);

    std::fs::write(path("tiny.ron"), limits_support::pack_with_questions(10)).unwrap();
    let baseline = measure(
        &program,
        &["pack", "validate", &show(&path("tiny.ron"))],
        &home,
    );
    println!(
        "baseline (validate a 10-question pack): peak {:.1} MiB",
        baseline.peak_mib()
    );
    println!(
        "{:<44} {:>9} {:>9} {:>11} {:>7}  outcome",
        "input and command", "size MB", "time s", "peak MiB", "ratio"
    );
    let row = |what: &str, bytes: u64, m: &Measured| {
        let ratio = (m.peak_kib.saturating_sub(baseline.peak_kib) as f64 * 1024.0) / bytes as f64;
        let outcome = if m.success {
            "ok".to_owned()
        } else {
            format!("refused: {}", first_line(&m.stderr))
        };
        println!(
            "{what:<44} {:>9.1} {:>9.2} {:>11.1} {:>6.2}×  {outcome}",
            bytes as f64 / MB as f64,
            m.seconds,
            m.peak_mib(),
            ratio
        );
    };

    let hundred_k = path("questions-100k.ron");
    let size = write(&hundred_k, &limits_support::pack_with_questions(100_000));
    let file = show(&hundred_k);
    row(
        "100,000-question pack: pack validate",
        size,
        &measure(&program, &["pack", "validate", &file], &home),
    );

    let big = path("pack-61mb.ron");
    let size = write(&big, &limits_support::pack_of_bytes(61 * MB));
    let file = show(&big);
    row(
        "61 MB pack: pack validate",
        size,
        &measure(&program, &["pack", "validate", &file], &home),
    );
    row(
        "61 MB pack: pack install",
        size,
        &measure(&program, &["pack", "install", &file], &home),
    );
    row(
        "61 MB pack installed: pack validate big",
        size,
        &measure(&program, &["pack", "validate", "big"], &home),
    );

    let directory = path("directory-pack");
    let size = limits_support::write_directory_pack(&directory, 6, 10 * MB);
    let file = show(&directory);
    row(
        "directory pack, 6 × 10 MB: pack validate",
        size,
        &measure(&program, &["pack", "validate", &file], &home),
    );
    row(
        "directory pack, 6 × 10 MB: pack install --force",
        size,
        &measure(&program, &["pack", "install", "--force", &file], &home),
    );

    let oversized = path("directory-pack-over");
    let size = limits_support::write_directory_pack(&oversized, 6, 55 * MB);
    let file = show(&oversized);
    row(
        "directory pack, 6 × 55 MB: pack validate",
        size,
        &measure(&program, &["pack", "validate", &file], &home),
    );

    let json = path("results-63mb.json");
    let size = write(&json, &limits_support::results_of_bytes(63 * MB, false));
    row(
        "63 MB results JSON: class",
        size,
        &measure(&program, &["class", &show(&json)], &empty_home),
    );
    let csv = path("results-62mb.csv");
    let size = write(&csv, &limits_support::results_of_bytes(62 * MB, true));
    row(
        "62 MB results CSV: class",
        size,
        &measure(&program, &["class", &show(&csv)], &empty_home),
    );
    ExitCode::SUCCESS
}

fn write(path: &Path, text: &str) -> u64 {
    std::fs::write(path, text).unwrap();
    text.len() as u64
}

fn show(path: &Path) -> String {
    path.display().to_string()
}

fn first_line(text: &str) -> String {
    let line = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    line.chars().take(90).collect()
}
