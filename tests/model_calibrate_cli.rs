//! `skillgap pack calibrate` from the command line: a class whose questions have known
//! difficulty order, results files as students export them, a calibrated pack written that
//! loads and that the model uses.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "class_support/mod.rs"]
mod class_support;

use class_support::{PACK, pick, results_of, tf};
use skillgap::learning::mastery::ItemParams;
use skillgap::pack;
use skillgap::quiz::{QuizRng, Response};
use std::path::Path;
use std::process::Command;

fn skillgap(data: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_skillgap"));
    command.env("SKILLGAP_HOME", data).env("NO_COLOR", "1");
    command
}

/// 80 students: q1 (easy single) mostly right, q2 (true/false) often, q3 rarely, q4 (multi)
/// almost never fully.
fn class(dir: &Path) -> Vec<String> {
    let pack = class_support::pack();
    let mut rng = QuizRng::new(12);
    (0..80)
        .map(|s| {
            let skill = rng.unit();
            let mut answer = |chance: f64, right: Response, wrong: Response| {
                if rng.unit() < chance { right } else { wrong }
            };
            let answers = vec![
                ("q1", answer(0.6 + 0.4 * skill, pick(&[0]), pick(&[1]))),
                ("q2", answer(0.5 + 0.3 * skill, tf(true), tf(false))),
                ("q3", answer(0.1 + 0.4 * skill, pick(&[0]), pick(&[1]))),
                ("q4", answer(0.05 + 0.2 * skill, pick(&[0, 1]), pick(&[2]))),
            ];
            let results = results_of(&pack, &format!("s{s}"), &answers);
            let name = format!("s{s}.json");
            std::fs::write(dir.join(&name), results.to_json()).unwrap();
            name
        })
        .collect()
}

#[test]
fn a_class_calibrates_a_pack_that_the_model_then_uses() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    std::fs::write(dir.path().join("cohort.ron"), PACK).unwrap();
    let files = class(dir.path());
    let output = skillgap(&data)
        .current_dir(dir.path())
        .args(["pack", "calibrate", "cohort.ron"])
        .args(&files)
        .args(["-o", "calibrated.ron"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        stdout.contains("wrote calibrated.ron: 4 questions fitted"),
        "{stdout}"
    );
    let calibrated = pack::load_path(&dir.path().join("calibrated.ron")).unwrap();
    let b = |id: &str| calibrated.question(id).unwrap().fitted_difficulty.unwrap();
    assert!(
        b("q1") < b("q2") && b("q2") < b("q3") && b("q3") < b("q4"),
        "{stdout}"
    );
    // The model reads the fitted value, not the label.
    let q4 = calibrated.question("q4").unwrap();
    assert!((ItemParams::of(q4).difficulty - b("q4")).abs() < 1e-12);

    // Never replaces a file; too few answers keep the label and say so.
    let again = skillgap(&data)
        .current_dir(dir.path())
        .args(["pack", "calibrate", "cohort.ron"])
        .args(&files)
        .args(["-o", "calibrated.ron"])
        .output()
        .unwrap();
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("already exists"));
    let strict = skillgap(&data)
        .current_dir(dir.path())
        .args(["pack", "calibrate", "cohort.ron"])
        .args(&files)
        .args(["-o", "strict.ron", "--min-answers", "100"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&strict.stdout);
    assert!(strict.status.success());
    assert!(
        stdout.contains("too few answers (fewer than 100)"),
        "{stdout}"
    );
    let strict = pack::load_path(&dir.path().join("strict.ron")).unwrap();
    assert!(
        strict
            .questions
            .iter()
            .all(|q| q.fitted_difficulty.is_none())
    );
}

#[test]
fn a_missing_or_foreign_results_file_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    std::fs::write(dir.path().join("cohort.ron"), PACK).unwrap();
    std::fs::write(dir.path().join("junk.json"), "{\"hello\": 1}").unwrap();
    for file in ["missing.json", "junk.json"] {
        let output = skillgap(&data)
            .current_dir(dir.path())
            .args(["pack", "calibrate", "cohort.ron", file])
            .output()
            .unwrap();
        assert!(!output.status.success());
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(file), "{stderr}");
    }
    assert!(!dir.path().join("cohort.calibrated.ron").exists());
}

#[test]
fn an_out_of_range_fitted_difficulty_is_rejected_with_its_place() {
    let text = PACK.replace(
        "(id: \"q2\", category: \"a\", difficulty: Easy,",
        "(id: \"q2\", category: \"a\", difficulty: Easy, fitted_difficulty: 42.0,",
    );
    assert_ne!(text, PACK);
    let error = pack::load_str("cohort.ron", &text).unwrap_err();
    let shown = format!("{error:?}");
    assert!(shown.contains("fitted difficulty 42"), "{shown}");
}
