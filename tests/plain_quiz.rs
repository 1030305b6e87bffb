//! End to end: the real binary in `--plain` mode on a temporary data directory.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use skillgap::pack::{self, Kind, Pack};
use skillgap::quiz::{self, Filters, Item, Response};
use skillgap::store::Store;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid/all-kinds.ron")
}

fn demo() -> Pack {
    pack::load_path(&fixture()).unwrap()
}

fn skillgap(data: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_skillgap"));
    command.env("SKILLGAP_HOME", data).env_remove("NO_COLOR");
    command
}

/// The line(s) that answer `item` perfectly, in the plain protocol.
fn ideal_lines(q: &pack::Question, item: &Item) -> Vec<String> {
    let shown = |original: usize| item.order.iter().position(|&o| o == original).unwrap() + 1;
    match &q.kind {
        Kind::Single { answer, .. } => vec![shown(*answer).to_string()],
        Kind::Multi { correct, .. } => vec![
            correct
                .iter()
                .map(|c| shown(*c).to_string())
                .collect::<Vec<_>>()
                .join(","),
        ],
        Kind::TrueFalse { answer, .. } => vec![if *answer { "1" } else { "2" }.into()],
        Kind::Short { accept, .. } => vec![accept[0].clone()],
        Kind::Numeric { answer, .. } => vec![answer.to_string()],
        Kind::Order { items, .. } => vec![
            (0..items.len())
                .map(|i| shown(i).to_string())
                .collect::<Vec<_>>()
                .join(" "),
        ],
        Kind::Match { pairs, .. } => vec![
            (0..pairs.len())
                .map(|i| format!("{}-{}", i + 1, char::from(b'a' + (shown(i) - 1) as u8)))
                .collect::<Vec<_>>()
                .join(" "),
        ],
        Kind::Open { rubric, .. } => vec![
            "my answer".into(),
            (1..=rubric.len())
                .map(|i| i.to_string())
                .collect::<Vec<_>>()
                .join(","),
        ],
        _ => panic!("unknown kind"),
    }
}

fn ideal_input(pack: &Pack, count: usize, seed: u64) -> String {
    ideal_input_with(pack, &Filters::default(), count, seed)
}

fn ideal_input_with(pack: &Pack, filters: &Filters, count: usize, seed: u64) -> String {
    let packs = [pack.clone()];
    quiz::plan(&packs, filters, Some(count), seed)
        .iter()
        .flat_map(|item| ideal_lines(&pack.questions[item.question], item))
        .map(|l| l + "\n")
        .collect()
}

fn run_quiz(data: &Path, args: &[&str], input: &str) -> std::process::Output {
    let mut child = skillgap(data)
        .args(["quiz", "--plain", "--pack", fixture().to_str().unwrap()])
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The program may stop before reading (a refused argument, a damaged database): a
    // closed pipe is then expected, and its output tells what happened.
    let written = child.stdin.take().unwrap().write_all(input.as_bytes());
    if let Err(error) = written {
        assert_eq!(error.kind(), std::io::ErrorKind::BrokenPipe, "{error}");
    }
    child.wait_with_output().unwrap()
}

#[test]
fn a_full_quiz_is_stored_and_the_report_reflects_it() {
    let data = tempfile::tempdir().unwrap();
    let input = ideal_input(&demo(), 9, 7);
    let out = run_quiz(data.path(), &["--count", "9", "--seed", "7"], &input);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(stdout.matches("✓ right").count(), 9, "{stdout}");
    assert!(
        stdout.contains("Session over: 9.00 of 9 (100%)"),
        "{stdout}"
    );
    assert!(
        !stdout.contains('\u{1b}'),
        "plain mode writes no terminal control"
    );

    let report = skillgap(data.path())
        .args([
            "report",
            "--pack",
            fixture().to_str().unwrap(),
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert_eq!(
        report.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&report.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&report.stdout).unwrap();
    assert_eq!(json["profile"], "junior");
    let categories = json["categories"].as_array().unwrap();
    assert_eq!(categories.len(), 2);
    for c in categories {
        assert!(c["answered"].as_u64().unwrap() >= 4, "{c}");
        assert!(c["mastery"].as_f64().unwrap() > 0.7, "{c}");
        assert!(c["low"].as_f64().unwrap() <= c["mastery"].as_f64().unwrap());
        assert_eq!(c["coverage"].as_f64().unwrap(), 1.0);
        for key in ["id", "title", "high", "target", "gap"] {
            assert!(c.get(key).is_some(), "{key} missing in {c}");
        }
    }
    assert!(json["readiness"].as_f64().unwrap() > 0.9);

    let history = skillgap(data.path())
        .args(["history", "--format", "json"])
        .output()
        .unwrap();
    let history: serde_json::Value = serde_json::from_slice(&history.stdout).unwrap();
    assert_eq!(history["sessions"][0]["status"], "finished");
    assert_eq!(history["sessions"][0]["answered"], 9);
}

#[test]
fn the_same_seed_and_answers_give_identical_output() {
    let input = ideal_input(&demo(), 5, 11).replacen('\n', "\nnonsense\n", 1);
    let a = run_quiz(
        tempfile::tempdir().unwrap().path(),
        &["--count", "5", "--seed", "11"],
        &input,
    );
    let b = run_quiz(
        tempfile::tempdir().unwrap().path(),
        &["--count", "5", "--seed", "11"],
        &input,
    );
    assert_eq!(a.stdout, b.stdout);
    assert!(!a.stdout.is_empty());
    let c = run_quiz(
        tempfile::tempdir().unwrap().path(),
        &["--count", "5", "--seed", "12"],
        &input,
    );
    assert_ne!(a.stdout, c.stdout);
}

#[test]
fn invalid_input_says_why_and_reads_the_next_line() {
    let data = tempfile::tempdir().unwrap();
    let out = run_quiz(
        data.path(),
        &["--kind", "single", "--count", "1", "--seed", "3"],
        "7\nabc\n1,2\n1\n",
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("Not understood: 7 is not one of the numbers shown (1 to"),
        "{stdout}"
    );
    assert!(
        stdout.contains("Not understood: `abc` is not a number"),
        "{stdout}"
    );
    assert!(
        stdout.contains("Not understood: pick exactly one number"),
        "{stdout}"
    );
    assert!(stdout.contains("Session over"), "{stdout}");
}

#[test]
fn end_of_input_keeps_the_answers_and_leaves_the_session_unfinished() {
    let data = tempfile::tempdir().unwrap();
    let filters = Filters {
        kinds: vec![pack::KindName::Single, pack::KindName::Multi],
        ..Filters::default()
    };
    let input: String = ideal_input_with(&demo(), &filters, 3, 5)
        .lines()
        .take(2)
        .map(|l| format!("{l}\n"))
        .collect();
    let out = run_quiz(
        data.path(),
        &[
            "--count", "3", "--seed", "5", "--kind", "single", "--kind", "multi",
        ],
        &input,
    );
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("End of input: 2 of 3 answered and saved"),
        "{stdout}"
    );
    let store = Store::open(data.path()).unwrap();
    let session = store
        .last_unfinished()
        .unwrap()
        .expect("an unfinished session");
    assert_eq!(store.session_answers(session.id).unwrap().len(), 2);
}

#[test]
fn history_withholds_an_unfinished_exams_scores() {
    let data = tempfile::tempdir().unwrap();
    let out = run_quiz(
        data.path(),
        &[
            "--count", "2", "--seed", "5", "--mode", "exam", "--kind", "single",
        ],
        "1\n",
    );
    assert_eq!(out.status.code(), Some(0));
    let history = skillgap(data.path()).arg("history").output().unwrap();
    let text = String::from_utf8_lossy(&history.stdout);
    assert!(
        text.contains("unfinished    1 of 2   (exam in progress: scores when it ends)"),
        "{text}"
    );
    assert!(!text.contains('%'), "{text}");
}

#[test]
fn end_of_input_before_the_first_answer_keeps_no_session() {
    let data = tempfile::tempdir().unwrap();
    let out = run_quiz(data.path(), &["--count", "3", "--seed", "5"], "");
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains(
            "End of input before the first answer: nothing to save, so the session is not kept."
        ),
        "{stdout}"
    );
    let store = Store::open(data.path()).unwrap();
    assert_eq!(store.sessions(None).unwrap(), vec![]);

    // A timed exam too: its clock's start is stored with its first answer, and there is none.
    let out = run_quiz(
        data.path(),
        &[
            "--count",
            "3",
            "--seed",
            "5",
            "--mode",
            "exam",
            "--time-limit",
            "10",
        ],
        "",
    );
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("the session is not kept"), "{stdout}");
    assert_eq!(store.sessions(None).unwrap(), vec![]);
    assert_eq!(store.last_unfinished().unwrap(), None);
}

/// Reads the quiz's output line by line until `text` has been printed.
fn read_until(stdout: &mut impl BufRead, text: &str) {
    let mut seen = String::new();
    while !seen.contains(text) {
        let mut line = String::new();
        assert!(
            stdout.read_line(&mut line).unwrap() > 0,
            "output ended before `{text}`: {seen}"
        );
        seen.push_str(&line);
    }
}

#[test]
fn sigkill_after_three_answers_loses_nothing() {
    let data = tempfile::tempdir().unwrap();
    let pack = demo();
    let lines: Vec<String> = {
        let packs = [pack.clone()];
        let filters = Filters {
            kinds: vec![
                pack::KindName::Single,
                pack::KindName::TrueFalse,
                pack::KindName::Numeric,
                pack::KindName::Short,
            ],
            ..Filters::default()
        };
        quiz::plan(&packs, &filters, Some(5), 21)
            .iter()
            .flat_map(|item| ideal_lines(&pack.questions[item.question], item))
            .collect()
    };
    let mut child = skillgap(data.path())
        .args([
            "quiz",
            "--plain",
            "--pack",
            fixture().to_str().unwrap(),
            "--seed",
            "21",
            "--count",
            "5",
        ])
        .args([
            "--kind",
            "single",
            "--kind",
            "true-false",
            "--kind",
            "numeric",
            "--kind",
            "short",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    for line in lines.iter().take(3) {
        stdin.write_all(format!("{line}\n").as_bytes()).unwrap();
        stdin.flush().unwrap();
    }
    // Wait until the fourth question is shown: three answers have been committed by then.
    read_until(&mut stdout, "Question 4 of");
    child.kill().unwrap(); // SIGKILL on Unix
    child.wait().unwrap();
    let store = Store::open(data.path()).unwrap();
    let session = store
        .last_unfinished()
        .unwrap()
        .expect("the killed session is resumable");
    assert_eq!(store.session_answers(session.id).unwrap().len(), 3);
    assert_eq!(session.question_ids.len(), 5);
}

#[test]
fn asking_for_more_questions_than_match_says_how_many_are_asked() {
    let data = tempfile::tempdir().unwrap();
    let out = run_quiz(data.path(), &["--count", "50", "--kind", "single"], "");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(
            "50 questions were asked for, but only 2 match these filters: the quiz asks 2."
        ),
        "{stderr}"
    );
    // Without --count (the default 10) nothing is said.
    let out = run_quiz(data.path(), &["--kind", "single"], "");
    assert!(!String::from_utf8_lossy(&out.stderr).contains("were asked for"));
}

#[test]
fn killed_before_the_first_answer_leaves_no_session() {
    let data = tempfile::tempdir().unwrap();
    let mut child = skillgap(data.path())
        .args(["quiz", "--plain", "--count", "3", "--seed", "4"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let _stdin = child.stdin.take().unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    read_until(&mut stdout, "Question 1 of 3");
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(
        Store::open(data.path()).unwrap().sessions(None).unwrap(),
        vec![]
    );
}

#[test]
fn two_quizzes_at_once_lose_nothing() {
    let data = tempfile::tempdir().unwrap();
    let spawn = |seed: u64| {
        let input = ideal_input(&demo(), 9, seed);
        let mut child = skillgap(data.path())
            .args([
                "quiz",
                "--plain",
                "--pack",
                fixture().to_str().unwrap(),
                "--count",
                "9",
                "--seed",
                &seed.to_string(),
            ])
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdin = child.stdin.take().unwrap();
        std::thread::spawn(move || {
            for line in input.lines() {
                stdin.write_all(format!("{line}\n").as_bytes()).unwrap();
            }
        });
        child
    };
    let children: Vec<_> = (1..=4).map(spawn).collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let store = Store::open(data.path()).unwrap();
    assert_eq!(store.answers(None).unwrap().len(), 36);
    assert!(store.last_unfinished().unwrap().is_none());
}

#[test]
fn a_corrupt_database_is_reported_and_left_untouched() {
    let data = tempfile::tempdir().unwrap();
    let db = data.path().join("skillgap.db");
    let garbage: Vec<u8> = (0..10_000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    std::fs::write(&db, &garbage).unwrap();
    let out = run_quiz(data.path(), &["--count", "1", "--seed", "1"], "1\n");
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(db.to_str().unwrap()),
        "names the path: {stderr}"
    );
    assert_eq!(
        std::fs::read(&db).unwrap(),
        garbage,
        "the file is unchanged"
    );
    let report = skillgap(data.path()).args(["report"]).output().unwrap();
    assert_eq!(report.status.code(), Some(1));
    assert_eq!(std::fs::read(&db).unwrap(), garbage);
}

#[test]
fn an_exam_past_its_time_limit_scores_the_rest_zero() {
    let data = tempfile::tempdir().unwrap();
    let mut child = skillgap(data.path())
        .args([
            "quiz",
            "--plain",
            "--pack",
            fixture().to_str().unwrap(),
            "--mode",
            "exam",
            "--time-limit",
            "0.01",
            "--count",
            "4",
            "--seed",
            "2",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(1500));
    stdin.write_all(b"1\n").unwrap();
    drop(stdin);
    let out = child.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("Time is up"), "{stdout}");
    assert!(stdout.contains("Session over: 0.00 of 4 (0%)"), "{stdout}");
    assert!(
        !stdout.contains("✓ right"),
        "no feedback in an exam: {stdout}"
    );
    let store = Store::open(data.path()).unwrap();
    let answers = store.answers(None).unwrap();
    assert_eq!(answers.len(), 4);
    assert!(answers.iter().all(|a| a.score == 0.0));
    // Only the question on screen was seen; the three after it were never shown.
    assert_eq!(
        answers
            .iter()
            .map(|a| a.response.clone().unwrap())
            .collect::<Vec<_>>(),
        [
            Response::TimedOut,
            Response::NotReached,
            Response::NotReached,
            Response::NotReached
        ]
    );
    let mut logged = 0;
    store
        .for_each_scored(&answers[0].pack.id, |_| logged += 1)
        .unwrap();
    assert_eq!(logged, 1, "the unseen ones are no evidence");
    assert!(
        stdout.contains("not reached (time ran out before it was shown)"),
        "{stdout}"
    );
}

/// The Short and the Numeric question of the fixture, answered wrong, in the order a session
/// of `seed` asks them.
fn typed_wrong(seed: u64) -> Vec<(String, &'static str)> {
    let pack = demo();
    let packs = [pack.clone()];
    let typed = Filters {
        kinds: vec![pack::KindName::Short, pack::KindName::Numeric],
        ..Filters::default()
    };
    quiz::plan(&packs, &typed, Some(2), seed)
        .iter()
        .map(|item| {
            let q = &pack.questions[item.question];
            let wrong = match q.kind {
                Kind::Short { .. } => "LOCK IN SHARE MODE",
                _ => "8443",
            };
            (q.id.clone(), wrong)
        })
        .collect()
}

/// "I was right" in practice: after the feedback on a typed answer marked wrong, `r` marks it
/// right (stored as overridden, counted in the summary, shown by history and exports), an
/// empty line goes on, and the end of input goes on without marking anything.
#[test]
fn a_typed_answer_marked_wrong_can_be_marked_right_after_its_feedback() {
    let data = tempfile::tempdir().unwrap();
    let asked = typed_wrong(4);
    let input = format!("{}\nr\n{}\n\n", asked[0].1, asked[1].1);
    let args = [
        "--kind", "short", "--kind", "numeric", "--count", "2", "--seed", "4",
    ];
    let out = run_quiz(data.path(), &args, &input);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert_eq!(
        stdout
            .matches("type r and Enter (I was right); Enter goes on")
            .count(),
        2,
        "{stdout}"
    );
    assert!(
        stdout.contains("Marked right by you (it was scored 0.00)"),
        "{stdout}"
    );
    assert!(stdout.contains("Session over: 1.00 of 2 (50%)"), "{stdout}");
    let store = Store::open(data.path()).unwrap();
    let answers = store.answers(None).unwrap();
    let marks: Vec<(&str, bool, f64)> = answers
        .iter()
        .map(|a| (a.question_id.as_str(), a.overridden, a.score))
        .collect();
    assert_eq!(
        marks,
        [
            (asked[0].0.as_str(), true, 0.0),
            (asked[1].0.as_str(), false, 0.0)
        ]
    );
    drop(store);

    // History and both exports show the mark.
    let run = |args: &[&str]| {
        let out = skillgap(data.path()).args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(0));
        String::from_utf8(out.stdout).unwrap()
    };
    let history = run(&["history"]);
    assert!(
        history.contains("1 answer marked right by you"),
        "{history}"
    );
    let json: serde_json::Value = serde_json::from_str(&run(&["export"])).unwrap();
    let first = &json["answers"][0];
    assert_eq!(
        (
            &first["overridden"],
            &first["score"],
            &first["counted_score"]
        ),
        (
            &serde_json::json!(true),
            &serde_json::json!(0.0),
            &serde_json::json!(1.0)
        )
    );
    assert_eq!(json["answers"][1]["overridden"], serde_json::json!(false));
    let csv = run(&["export", "--format", "csv"]);
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let column = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let row: Vec<&str> = lines
        .next()
        .unwrap()
        .rsplitn(header.len() - column("response"), ',')
        .collect();
    let from_end = |name: &str| row[header.len() - 1 - column(name)];
    assert_eq!(
        (
            from_end("score"),
            from_end("overridden"),
            from_end("counted_score")
        ),
        ("0", "true", "1")
    );
    let results: serde_json::Value =
        serde_json::from_str(&run(&["export", "--name", "Ada"])).unwrap();
    let handed_in = &results["sessions"][0]["answers"][0];
    assert_eq!(handed_in["overridden"], serde_json::json!(true));
    assert_eq!(
        handed_in["score"],
        serde_json::json!(1.0),
        "counted as right"
    );

    // End of input at the question: nothing is marked, the answer is kept.
    let data = tempfile::tempdir().unwrap();
    let out = run_quiz(data.path(), &args, &format!("{}\n", asked[0].1));
    assert_eq!(out.status.code(), Some(0));
    let store = Store::open(data.path()).unwrap();
    let answers = store.answers(None).unwrap();
    assert_eq!(answers.len(), 1);
    assert!(!answers[0].overridden);
}

/// After an exam's review, a typed answer marked wrong is marked right by its number; a
/// number that is not one of them is refused with why; an empty line ends.
#[test]
fn after_an_exam_a_typed_answer_is_marked_right_by_its_number() {
    let data = tempfile::tempdir().unwrap();
    let asked = typed_wrong(4);
    let input = format!("{}\n{}\n7\n2\n\n", asked[0].1, asked[1].1);
    let args = [
        "--mode", "exam", "--kind", "short", "--kind", "numeric", "--count", "2", "--seed", "4",
    ];
    let out = run_quiz(data.path(), &args, &input);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(
        stdout.contains("type its number and Enter (I was right: 1, 2)"),
        "{stdout}"
    );
    assert!(stdout.contains("`7` is not one of 1, 2"), "{stdout}");
    assert!(stdout.contains("Session score now 1.00 of 2."), "{stdout}");
    assert!(
        stdout.contains("type its number and Enter (I was right: 1)"),
        "only the one left is offered: {stdout}"
    );
    let store = Store::open(data.path()).unwrap();
    let marks: Vec<bool> = store
        .answers(None)
        .unwrap()
        .iter()
        .map(|a| a.overridden)
        .collect();
    assert_eq!(marks, [false, true]);
    let session = &store.sessions(None).unwrap()[0];
    assert!(session.finished());
    assert_eq!((session.score_sum, session.overridden), (1.0, 1));
}

#[test]
fn bad_arguments_are_named() {
    let data = tempfile::tempdir().unwrap();
    let out = run_quiz(data.path(), &["--category", "dtabases"], "");
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("unknown category `dtabases`: the categories are databases, apis")
    );
    let out = run_quiz(data.path(), &["--kind", "essay"], "");
    assert_eq!(out.status.code(), Some(2));
    // A tag nothing carries is a typo: the near one is suggested.
    let out = run_quiz(data.path(), &["--tag", "indexng"], "");
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("no question has the tag `indexng`: did you mean `indexing`?"),
        "{stderr}"
    );
    let out = run_quiz(data.path(), &["--tag", "nothing-has-this"], "");
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("no question has the tag `nothing-has-this`: the most used of the 2 tags are indexing, postgresql"),
        "{stderr}"
    );
    // A real tag that the other filters rule out: nothing matches.
    let out = run_quiz(data.path(), &["--tag", "indexing", "--kind", "order"], "");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no question matches these filters"));
    for minutes in ["0", "1441"] {
        let out = run_quiz(
            data.path(),
            &["--mode", "exam", "--time-limit", minutes],
            "",
        );
        assert_eq!(out.status.code(), Some(2));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains(&format!(
                "`{minutes}` is not a number of minutes more than 0 and at most 1440"
            )),
            "{stderr}"
        );
    }
}

#[test]
fn resume_continues_where_input_ended_with_the_same_choice_order() {
    let data = tempfile::tempdir().unwrap();
    let args = [
        "--count", "4", "--seed", "11", "--kind", "single", "--kind", "multi", "--kind", "order",
    ];
    let filters = Filters {
        kinds: vec![
            pack::KindName::Single,
            pack::KindName::Multi,
            pack::KindName::Order,
        ],
        ..Filters::default()
    };
    let all = ideal_input_with(&demo(), &filters, 4, 11);
    let lines: Vec<&str> = all.lines().collect();
    let first: String = lines[..2].iter().map(|l| format!("{l}\n")).collect();
    let out = run_quiz(data.path(), &args, &first);
    assert!(String::from_utf8_lossy(&out.stdout).contains("`skillgap quiz --resume` continues it"));
    // The perfect answers for the rest, computed from the original plan: they only score 1
    // if the resumed questions show their choices in the order first planned.
    let rest: String = lines[2..].iter().map(|l| format!("{l}\n")).collect();
    let out = run_quiz(data.path(), &["--resume"], &rest);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("Resuming: 2 of 4 answered before; on with question 3."),
        "{stdout}"
    );
    assert!(stdout.contains("Question 3 of 4"), "{stdout}");
    assert!(
        stdout.contains("Session over: 4.00 of 4 (100%)"),
        "{stdout}"
    );
    let store = Store::open(data.path()).unwrap();
    assert!(store.last_unfinished().unwrap().is_none());
    let sessions = store.sessions(None).unwrap();
    assert_eq!(sessions.len(), 1, "resumed, not a new session");
    assert_eq!(store.session_answers(sessions[0].id).unwrap().len(), 4);
    // Nothing left to resume now.
    let out = run_quiz(data.path(), &["--resume"], "");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no unfinished session to resume"));
}

#[test]
fn a_resumed_exam_lists_every_question_numbered_as_asked() {
    let data = tempfile::tempdir().unwrap();
    let args = [
        "--mode",
        "exam",
        "--time-limit",
        "60",
        "--count",
        "4",
        "--seed",
        "11",
        "--kind",
        "single",
        "--kind",
        "multi",
        "--kind",
        "order",
    ];
    let pack = demo();
    let filters = Filters {
        kinds: vec![
            pack::KindName::Single,
            pack::KindName::Multi,
            pack::KindName::Order,
        ],
        ..Filters::default()
    };
    let items = quiz::plan(std::slice::from_ref(&pack), &filters, Some(4), 11);
    let ids: Vec<&str> = items
        .iter()
        .map(|item| pack.questions[item.question].id.as_str())
        .collect();
    let all = ideal_input_with(&pack, &filters, 4, 11);
    let lines: Vec<&str> = all.lines().collect();
    // Question 1 right, then end of input.
    let out = run_quiz(data.path(), &args, &format!("{}\n", lines[0]));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains(" · time limit 60 min\n"), "{stdout}");
    assert!(stdout.contains("--resume` continues it"), "{stdout}");
    // The rest skipped (an empty line skips).
    let out = run_quiz(data.path(), &["--resume"], "\n\n\n");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(stdout.contains(" · time limit 60 min, "), "{stdout}");
    assert!(stdout.contains(" left\n"), "{stdout}");
    assert!(stdout.contains("Session over: 1.00 of 4 (25%)"), "{stdout}");
    let review = &stdout[stdout.find("Correct answers:").expect(&stdout)..];
    for (n, id) in ids.iter().enumerate() {
        assert!(
            review.contains(&format!("  {}. {id}: ", n + 1)),
            "question {} is {id}: {review}",
            n + 1
        );
    }
    assert!(!review.contains("  5. "), "{review}");
    let yours: Vec<&str> = review
        .lines()
        .filter(|l| l.trim_start().starts_with("Yours: "))
        .collect();
    assert_eq!(yours.len(), 4, "{review}");
    assert!(yours[0].ends_with("· ✓ right"), "from the store: {review}");
    assert!(
        yours[1..].iter().all(|l| l.ends_with("Yours: skipped")),
        "{review}"
    );
}

#[test]
fn retake_wrong_asks_again_what_a_session_missed() {
    let data = tempfile::tempdir().unwrap();
    let pack = demo();
    let packs = [pack.clone()];
    let items = quiz::plan(&packs, &Filters::default(), Some(5), 21);
    // Right on questions 1, 3, 5; skip 2 and 4 (an empty line skips).
    let mut input = String::new();
    let mut expected_missed = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let q = &pack.questions[item.question];
        if i % 2 == 0 {
            for line in ideal_lines(q, item) {
                input.push_str(&line);
                input.push('\n');
            }
        } else {
            input.push('\n');
            expected_missed.push(q.id.clone());
        }
    }
    let out = run_quiz(data.path(), &["--count", "5", "--seed", "21"], &input);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let out = run_quiz(data.path(), &["--retake-wrong", "--seed", "3"], "\n\n");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("2 questions"), "{stdout}");
    let store = Store::open(data.path()).unwrap();
    let sessions = store.sessions(None).unwrap();
    assert_eq!(sessions.len(), 2);
    assert_eq!(
        sessions[0].question_ids, expected_missed,
        "newest first, in the order missed"
    );
    // By id, and refusals that say why.
    let out = run_quiz(data.path(), &["--retake-wrong", "99"], "");
    assert!(String::from_utf8_lossy(&out.stderr).contains("there is no session #99"));
    let out = run_quiz(data.path(), &["--retake-wrong", "x1"], "");
    assert!(String::from_utf8_lossy(&out.stderr).contains("is not a session id"));
}

#[test]
fn confidence_is_asked_after_the_answer_and_stored() {
    let data = tempfile::tempdir().unwrap();
    let filters = Filters {
        kinds: vec![pack::KindName::Single],
        ..Filters::default()
    };
    let answers = ideal_input_with(&demo(), &filters, 2, 4);
    let lines: Vec<&str> = answers.lines().collect();
    let input = format!("{}\nsure\nh\n{}\nl\n", lines[0], lines[1]);
    let out = run_quiz(
        data.path(),
        &[
            "--count",
            "2",
            "--seed",
            "4",
            "--kind",
            "single",
            "--confidence",
        ],
        &input,
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(
        stdout.contains("How sure are you? l low · m medium · h high"),
        "{stdout}"
    );
    assert!(stdout.contains("is not a confidence"), "{stdout}");
    let store = Store::open(data.path()).unwrap();
    let answers = store.answers(None).unwrap();
    let sure: Vec<Option<&str>> = answers
        .iter()
        .map(|a| a.confidence.map(|c| c.name()))
        .collect();
    assert_eq!(sure, vec![Some("high"), Some("low")]);
}

#[test]
fn an_open_answer_is_asked_how_sure_before_its_model_answer_is_shown() {
    let data = tempfile::tempdir().unwrap();
    let out = run_quiz(
        data.path(),
        &["--count", "1", "--kind", "open", "--confidence"],
        "Readers see a snapshot; writers add row versions.\nh\n1,2\n",
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    let asked = stdout.find("How sure are you?").expect("asked how sure");
    let shown = stdout.find("Model answer:").expect("model answer shown");
    assert!(asked < shown, "asked before the model answer: {stdout}");
    assert_eq!(stdout.matches("How sure are you?").count(), 1, "{stdout}");
    let store = Store::open(data.path()).unwrap();
    let answers = store.answers(None).unwrap();
    assert_eq!(answers.len(), 1);
    assert_eq!(
        answers[0].confidence,
        Some(skillgap::learning::Confidence::High)
    );
    assert!(
        answers[0].response_json.contains("\"covered\":[0,1]"),
        "{}",
        answers[0].response_json
    );
}

#[test]
fn review_and_due_modes_schedule_from_the_history() {
    let data = tempfile::tempdir().unwrap();
    let pack = fixture();
    let pack = pack.to_str().unwrap();
    let run = |args: &[&str], input: &str| {
        let mut all = vec!["quiz", "--plain", "--pack", pack];
        all.extend_from_slice(args);
        let mut child = skillgap(data.path())
            .args(&all)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let _ = child.stdin.take().unwrap().write_all(input.as_bytes());
        child.wait_with_output().unwrap()
    };
    // Nothing answered: nothing is due, and that is not an error.
    let out = run(&["--mode", "due"], "");
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("Nothing is due for review"));
    // A review session still asks a full session, each question once.
    let out = run(
        &["--mode", "review", "--count", "9", "--seed", "3"],
        &"\n".repeat(9),
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(
        stdout.contains("Review: 0 due questions first, then 9 chosen")
            && stdout.contains("skillgap quiz · review · 9 questions"),
        "{stdout}"
    );
    let store = Store::open(data.path()).unwrap();
    let session = &store.sessions(None).unwrap()[0];
    let mut ids = session.question_ids.clone();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 9, "no question twice");
    // Every skipped answer left an FSRS state; none is due yet, so due mode names the time.
    assert_eq!(store.schedules("demo").unwrap().len(), 9);
    let out = run(&["--mode", "due"], "");
    assert!(String::from_utf8_lossy(&out.stdout).contains("the next question falls due at"));
}

#[test]
fn a_due_session_says_how_many_of_the_due_it_asks_and_how_to_ask_them_all() {
    let data = tempfile::tempdir().unwrap();
    // Nine questions answered (skipped), then all nine made due.
    let out = run_quiz(
        data.path(),
        &["--mode", "review", "--count", "9", "--seed", "3"],
        &"\n".repeat(9),
    );
    assert_eq!(out.status.code(), Some(0));
    let store = Store::open(data.path()).unwrap();
    let schedules = store.schedules("demo").unwrap();
    assert_eq!(schedules.len(), 9);
    for (id, mut state) in schedules {
        state.due_ms = 1;
        store.put_schedule("demo", &id, &state).unwrap();
    }
    drop(store);
    let out = run_quiz(
        data.path(),
        &["--mode", "due", "--count", "4"],
        &"\n".repeat(4),
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(
        stdout.contains("Due: 4 of the 9 questions due for review, as a session asks at most 4 (--count). Ask them all with `skillgap quiz --mode due --count 9`"),
        "{stdout}"
    );
    assert!(!stdout.contains("chosen to close"), "{stdout}");
    let out = run_quiz(
        data.path(),
        &["--mode", "due", "--count", "20"],
        &"\n".repeat(9),
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("Due: all 5 questions due for review."),
        "{stdout}"
    );
    assert!(!stdout.contains("chosen to close"), "{stdout}");
}

#[test]
fn settings_confidence_and_retention_apply_to_later_quizzes() {
    let data = tempfile::tempdir().unwrap();
    let out = skillgap(data.path())
        .args([
            "profile",
            "set",
            "--confidence",
            "on",
            "--retention",
            "0.95",
        ])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(stdout.contains("95% recall"), "{stdout}");
    assert!(stdout.contains("confidence is asked"), "{stdout}");
    // Without --confidence on the command line, the setting asks.
    let filters = Filters {
        kinds: vec![pack::KindName::Single],
        ..Filters::default()
    };
    let answer = ideal_input_with(&demo(), &filters, 1, 8);
    let out = run_quiz(
        data.path(),
        &["--count", "1", "--seed", "8", "--kind", "single"],
        &format!("{answer}m\n"),
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("How sure are you?"));
    let store = Store::open(data.path()).unwrap();
    assert_eq!(
        store.answers(None).unwrap()[0].confidence.map(|c| c.name()),
        Some("medium")
    );
    // Out of range: a usage error that says the range, nothing changed.
    let out = skillgap(data.path())
        .args(["profile", "set", "--retention", "0.5"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("between 0.70 and 0.99"));
    assert!((store.desired_retention().unwrap() - 0.95).abs() < 1e-12);
}
