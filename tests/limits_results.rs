//! Results files are validated on read as packs are: every fixture in
//! `tests/fixtures/results/` is the valid file with one defect, and its error must name where
//! (JSON path, or CSV row and column) and what (`expected.tsv`, written with the fixtures by
//! `make_results.py`).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use skillgap::cohort::results;
use std::path::{Path, PathBuf};
use std::process::Command;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/results")
}

/// (file name, fragments its error must contain; empty when it must be read without error)
fn expectations() -> Vec<(String, Vec<String>)> {
    let table = std::fs::read_to_string(fixtures().join("expected.tsv")).unwrap();
    table
        .lines()
        .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
        .map(|line| {
            let (name, fragments) = line.split_once('\t').unwrap();
            let fragments = if fragments == "ok" {
                Vec::new()
            } else {
                fragments.split(" && ").map(str::to_owned).collect()
            };
            (name.to_owned(), fragments)
        })
        .collect()
}

#[test]
fn every_defect_is_refused_with_where_and_why() {
    let expectations = expectations();
    assert!(expectations.len() >= 20, "{} fixtures", expectations.len());
    let mut failures = Vec::new();
    for (name, fragments) in &expectations {
        let text = std::fs::read_to_string(fixtures().join(name)).unwrap();
        match results::parse(&text) {
            Ok(_) if fragments.is_empty() => {}
            Ok(_) => failures.push(format!("{name} was accepted; expected {fragments:?}")),
            Err(error) => {
                let error = error.to_string();
                if fragments.is_empty() {
                    failures.push(format!("{name} was refused: {error}"));
                }
                for fragment in fragments.iter().filter(|f| !error.contains(f.as_str())) {
                    failures.push(format!("{name}: `{fragment}` not in: {error}"));
                }
                // The message itself carries no byte a terminal would act on.
                assert!(!skillgap::text::has_forbidden(&error), "{name}: {error:?}");
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The error is data, not only words: where (a JSON path, a CSV row and column) and what was
/// found, for a program that reads it (the class viewer, a script) as well as for a person.
#[test]
fn errors_carry_where_and_what_as_fields() {
    use results::{Place, ResultsError};
    let read = |name: &str| {
        results::parse(&std::fs::read_to_string(fixtures().join(name)).unwrap()).unwrap_err()
    };
    match read("unknown-mode.json") {
        ResultsError::NotOneOf {
            at: Place::Path(path),
            what,
            allowed,
            ..
        } => {
            assert_eq!(path, "sessions[0].mode");
            assert_eq!(what, "session mode");
            assert_eq!(allowed, ["practice", "exam"]);
        }
        other => panic!("unknown-mode.json: {other:?}"),
    }
    match read("unknown-difficulty.csv") {
        ResultsError::NotOneOf {
            at: Place::Cell { row, column, name },
            ..
        } => assert_eq!((row, column, name), (2, 20, "difficulty")),
        other => panic!("unknown-difficulty.csv: {other:?}"),
    }
    assert_eq!(
        read("unclosed-quote.csv"),
        ResultsError::UnclosedQuote { line: 4 }
    );
}

/// Every fixture file is listed in expected.tsv, so none is left untested.
#[test]
fn every_fixture_has_an_expectation() {
    let listed: Vec<String> = expectations().into_iter().map(|(name, _)| name).collect();
    for entry in std::fs::read_dir(fixtures()).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        if name.ends_with(".json") || name.ends_with(".csv") {
            assert!(listed.contains(&name), "{name} is not in expected.tsv");
        }
    }
}

#[test]
fn the_valid_files_read_the_same_as_json_and_csv() {
    let json =
        results::parse(&std::fs::read_to_string(fixtures().join("valid.json")).unwrap()).unwrap();
    let csv =
        results::parse(&std::fs::read_to_string(fixtures().join("valid.csv")).unwrap()).unwrap();
    assert_eq!(json.student, "Ada Lovelace");
    assert_eq!(json.sessions, csv.sessions);
    // CRLF line ends and a byte-order mark, as a spreadsheet may save it, read the same.
    let crlf = format!(
        "\u{feff}{}",
        std::fs::read_to_string(fixtures().join("valid.csv"))
            .unwrap()
            .replace('\n', "\r\n")
    );
    assert_eq!(results::parse(&crlf).unwrap().sessions, csv.sessions);
}

#[test]
fn class_names_the_file_and_the_place() {
    let home = tempfile::tempdir().unwrap();
    let bad = fixtures().join("unknown-kind.csv");
    let good = fixtures().join("valid.json");
    let output = Command::new(env!("CARGO_BIN_EXE_skillgap"))
        .env("SKILLGAP_HOME", home.path())
        .env("NO_COLOR", "1")
        .args(["class", "--format", "json"])
        .arg(&good)
        .arg(&bad)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(
        stderr.contains(
            "unknown-kind.csv: skipped: row 3, column 19 (`kind`): `Essay` is not a question kind"
        ),
        "{stderr}"
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("Ada Lovelace"), "{stdout}");
}
