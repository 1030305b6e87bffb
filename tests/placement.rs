//! Placement end to end: `skillgap quiz --mode placement --plain` on a temporary data
//! directory, with learners who know everything or nothing, cut short and resumed.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use skillgap::quiz::SessionKind;
use skillgap::store::Store;
use std::collections::HashSet;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// Three categories of twenty Short questions each (the accepted answer is always "x"), a
/// profile with a target in each, and Open questions that placement must leave out.
fn write_pack(dir: &Path) -> PathBuf {
    let mut text = String::from(
        r#"Pack(id: "place", title: "Placement test", version: "1",
        categories: [(id: "a", title: "Alpha"), (id: "b", title: "Beta"), (id: "c", title: "Gamma")],
        profiles: [(id: "role", title: "The role", targets: {"a": 0.6, "b": 0.5, "c": 0.7})],
        questions: ["#,
    );
    for c in ["a", "b", "c"] {
        for i in 0..20 {
            let difficulty = ["Easy", "Medium", "Hard"][i % 3];
            let _ = write!(
                text,
                r#"(id: "{c}{i}", category: "{c}", difficulty: {difficulty}, prompt: "Question {c}{i}", kind: Short(accept: ["x"]), explanation: "x it is"),"#
            );
        }
        let _ = write!(
            text,
            r#"(id: "{c}-open", category: "{c}", difficulty: Medium, prompt: "Explain {c}", kind: Open(model_answer: "m", rubric: ["r"]), explanation: "e"),"#
        );
    }
    text.push_str("])");
    let path = dir.join("place.ron");
    std::fs::write(&path, text).unwrap();
    path
}

fn run(data: &Path, args: &[&str], input: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_skillgap"))
        .env("SKILLGAP_HOME", data)
        .env("NO_COLOR", "1")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn placement(data: &Path, pack: &Path, answer: &str, lines: usize) -> Output {
    let input = format!("{answer}\n").repeat(lines);
    run(
        data,
        &[
            "quiz",
            "--mode",
            "placement",
            "--plain",
            "--seed",
            "4",
            "--pack",
            pack.to_str().unwrap(),
        ],
        &input,
    )
}

/// The question ids of every stored answer, oldest first, and the sessions' kinds.
fn stored(data: &Path) -> (Vec<String>, Vec<SessionKind>) {
    let store = Store::open(data).unwrap();
    let sessions = store.sessions(Some(10)).unwrap();
    let mut ids = Vec::new();
    let mut kinds = Vec::new();
    for session in sessions.iter().rev() {
        kinds.push(session.kind.clone());
        for answer in store.session_answers(session.id).unwrap() {
            ids.push(answer.question_id.clone());
        }
    }
    (ids, kinds)
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

/// The gap chart placement closes with (what follows "Where you stand").
fn closing_chart(text: &str) -> &str {
    text.split("Where you stand")
        .nth(1)
        .expect("ends on the gap chart")
}

/// Asserts that every category's row of `chart` ends with `verdict`.
fn every_row_says(chart: &str, verdict: &str) {
    for title in ["Alpha", "Beta", "Gamma"] {
        let row = chart.lines().find(|l| l.starts_with(title)).unwrap();
        assert!(row.ends_with(verdict), "{row}");
    }
}

#[test]
fn a_learner_who_knows_it_all_is_placed_above_every_target_and_stops_early() {
    let dir = tempfile::tempdir().unwrap();
    let pack = write_pack(dir.path());
    let output = placement(dir.path(), &pack, "x", 200);
    let text = stdout(&output);
    assert!(
        output.status.success(),
        "{text}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let (ids, kinds) = stored(dir.path());
    assert_eq!(kinds, vec![SessionKind::Placement]);
    let distinct: HashSet<&String> = ids.iter().collect();
    assert_eq!(distinct.len(), ids.len(), "no question twice: {ids:?}");
    assert!(
        ids.iter().all(|id| !id.ends_with("-open")),
        "no Open question: {ids:?}"
    );
    assert!(
        ids.len() < 30,
        "every category is decided well before the cap of 60: {} answers",
        ids.len()
    );
    assert!(
        text.contains("[3 of 3 decided]") || text.contains("Session over"),
        "{text}"
    );
    let chart = closing_chart(&text);
    every_row_says(chart, "above target");
    assert!(chart.contains("3 of 3 targets met"), "{chart}");
    // History lists it as planned with what it asked (it is stored with its first question
    // and grows one question at a time), in the listing and in the stored record.
    let history = run(dir.path(), &["history", "--format", "json"], "");
    let listed: serde_json::Value = serde_json::from_slice(&history.stdout).unwrap();
    let session = &listed["sessions"][0];
    assert_eq!(session["answered"], ids.len(), "{session}");
    assert_eq!(session["questions"], ids.len(), "{session}");
    let text = stdout(&run(dir.path(), &["history"], ""));
    let expected = format!("{0} of {0}", ids.len());
    assert!(text.contains(&expected), "{expected}: {text}");
    let record = &Store::open(dir.path()).unwrap().sessions(Some(1)).unwrap()[0];
    assert_eq!(record.planned(), ids.len());
}

#[test]
fn a_learner_who_knows_nothing_is_placed_below_every_target() {
    let dir = tempfile::tempdir().unwrap();
    let pack = write_pack(dir.path());
    let output = placement(dir.path(), &pack, "no idea", 200);
    let text = stdout(&output);
    assert!(output.status.success(), "{text}");
    let chart = closing_chart(&text);
    every_row_says(chart, "below target");
    let (ids, _) = stored(dir.path());
    assert!(ids.len() < 30, "{} answers", ids.len());
}

#[test]
fn a_placement_cut_short_resumes_where_it_stopped_and_asks_nothing_twice() {
    let dir = tempfile::tempdir().unwrap();
    let pack = write_pack(dir.path());
    let first = placement(dir.path(), &pack, "x", 4);
    assert!(
        stdout(&first).contains("End of input: 4 of 60 answered"),
        "{}",
        stdout(&first)
    );
    let (before, _) = stored(dir.path());
    assert_eq!(before.len(), 4);
    let resumed = run(
        dir.path(),
        &[
            "quiz",
            "--resume",
            "--plain",
            "--pack",
            pack.to_str().unwrap(),
        ],
        &"x\n".repeat(200),
    );
    let text = stdout(&resumed);
    assert!(resumed.status.success(), "{text}");
    assert!(text.contains("Resuming: 4 of 60 answered before"), "{text}");
    let (ids, kinds) = stored(dir.path());
    assert_eq!(
        kinds,
        vec![SessionKind::Placement],
        "one session, continued"
    );
    assert_eq!(&ids[..4], &before[..], "earlier answers kept, in order");
    let distinct: HashSet<&String> = ids.iter().collect();
    assert_eq!(
        distinct.len(),
        ids.len(),
        "no question twice across the resume: {ids:?}"
    );
    let chart = closing_chart(&text);
    assert!(chart.contains("3 of 3 targets met"), "{chart}");
}

#[test]
fn placement_refuses_what_it_cannot_do() {
    let dir = tempfile::tempdir().unwrap();
    let pack = write_pack(dir.path());
    let pack = pack.to_str().unwrap();
    for (args, expected) in [
        (vec!["--tag", "x"], "placement picks its own questions"),
        (vec!["--kind", "short"], "placement picks its own questions"),
        (vec!["--pack", "backend"], "one pack at a time"),
        (vec!["--time-limit", "5"], "--time-limit applies to exams"),
    ] {
        let mut all = vec!["quiz", "--mode", "placement", "--plain", "--pack", pack];
        all.extend(args);
        let output = run(dir.path(), &all, "");
        let err = String::from_utf8_lossy(&output.stderr);
        assert!(!output.status.success(), "{all:?}");
        assert!(err.contains(expected), "{all:?}: {err}");
    }
    let (ids, _) = stored(dir.path());
    assert!(ids.is_empty(), "nothing stored");
}

/// The mastery column of `title`'s row in a text gap chart.
fn mastery_of(chart: &str, title: &str) -> f64 {
    let row = chart.lines().find(|l| l.starts_with(title)).unwrap();
    row.split_whitespace().nth(2).unwrap().parse().unwrap()
}

/// "I was right" in plain mode comes in a placement's closing review (a placement shows no
/// feedback until the end): the answers marked right there count in the gap chart it closes
/// with, which is the stored one (`skillgap report`).
#[test]
fn answers_marked_right_in_the_closing_review_count_in_the_closing_chart() {
    let dir = tempfile::tempdir().unwrap();
    let pack = write_pack(dir.path());
    let pack_arg = pack.to_str().unwrap();
    let args = [
        "quiz",
        "--mode",
        "placement",
        "--plain",
        "--seed",
        "4",
        "--count",
        "30",
        "--pack",
        pack_arg,
    ];
    let wrong = "no idea\n".repeat(30);
    let (marked_home, plain_home) = (dir.path().join("marked"), dir.path().join("plain"));
    // Answer lines left over when placement ends early are not understood by the review,
    // which asks again; then answers 1 and 3 are marked right.
    let marked = run(&marked_home, &args, &format!("{wrong}1\n3\n\n"));
    let unmarked = run(&plain_home, &args, &format!("{wrong}\n"));
    let (marked_text, unmarked_text) = (stdout(&marked), stdout(&unmarked));
    assert!(marked.status.success(), "{marked_text}");
    assert_eq!(
        marked_text.matches("Marked right by you").count(),
        2,
        "{marked_text}"
    );
    let (ids, _) = stored(&marked_home);
    assert_eq!(
        ids,
        stored(&plain_home).0,
        "the same questions, by the seed"
    );
    let report = run(&marked_home, &["report", "--pack", pack_arg], "");
    assert!(
        closing_chart(&marked_text).contains(stdout(&report).trim()),
        "the closing chart is the stored one:\n{}\n{}",
        closing_chart(&marked_text),
        stdout(&report)
    );
    let title = |id: &str| match &id[..1] {
        "a" => "Alpha",
        "b" => "Beta",
        _ => "Gamma",
    };
    for id in [&ids[0], &ids[2]] {
        let (with, without) = (
            mastery_of(closing_chart(&marked_text), title(id)),
            mastery_of(closing_chart(&unmarked_text), title(id)),
        );
        assert!(with > without, "{id}: {with} marked, {without} not");
    }
}
