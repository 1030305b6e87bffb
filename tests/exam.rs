//! Exam files: one fixture per mistake with its position asserted, the check against the
//! pack, and end to end with the real binary in `--plain` mode: two students (two data
//! directories) get the same questions in the same order, and `export --name` narrows by
//! exam and by session.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use skillgap::cohort::results::{self, Results};
use skillgap::exam;
use skillgap::pack::{self, Pack};
use skillgap::store::{NewSession, Store};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid/all-kinds.ron")
}

fn demo() -> Pack {
    pack::load_path(&fixture()).unwrap()
}

const GOOD: &str = r#"Exam(
    title: "Quiz",
    pack: (id: "demo", version: "1.0.0"),
    seed: 11,
    count: 3,
    categories: ["databases"],
    kinds: [Single, TrueFalse],
    time_limit_minutes: 20,
    feedback: false,
)
"#;

/// (line, col, message) of the first problem.
fn first_problem(error: &pack::LoadError) -> (usize, usize, String) {
    let d = &error.diagnostics[0];
    let location = d.location.clone().expect("a position");
    (location.line, location.col, d.message.clone())
}

#[test]
fn good_exam_loads_and_checks() {
    let file = exam::load_str("good.ron", GOOD).unwrap();
    let matching = file.check(&demo()).unwrap();
    assert!(matching >= 3, "{matching}");
    assert_eq!(file.exam.plan(&demo()).len(), 3);
    assert_eq!(file.exam.time_limit_secs(), Some(1200));
    assert_eq!(file.exam.mode(), skillgap::quiz::Mode::Exam);
}

#[test]
fn syntax_mistakes_are_placed() {
    let cases: Vec<(&str, String, usize, usize, &str)> = vec![
        (
            "unknown field",
            GOOD.replace("seed: 11,", "seed: 11, sede: 3,"),
            4,
            15,
            "unknown field `sede`",
        ),
        (
            "unknown kind",
            GOOD.replace("TrueFalse]", "TrueFalsy]"),
            7,
            21,
            "unknown question kind `TrueFalsy`",
        ),
        (
            "missing seed",
            GOOD.replace("    seed: 11,\n", ""),
            9,
            1,
            "missing field `seed`",
        ),
        (
            "wrong type",
            GOOD.replace("count: 3", "count: \"3\""),
            5,
            11,
            "Expected integer",
        ),
        (
            "a pack, not an exam",
            "Pack(id: \"x\")".to_owned(),
            1,
            1,
            "holds `Exam(...)`",
        ),
    ];
    for (what, text, line, col, message) in cases {
        let error = exam::load_str("e.ron", &text).unwrap_err();
        let (l, c, m) = first_problem(&error);
        assert_eq!((l, c), (line, col), "{what}: {m}");
        assert!(m.contains(message), "{what}: {m}");
        // Rendered with the file name and position.
        assert!(
            error.render(false).contains(&format!("e.ron:{line}:{col}")),
            "{what}"
        );
    }
}

#[test]
fn value_mistakes_are_placed() {
    let cases = [
        (
            GOOD.replace("count: 3", "count: 0"),
            5,
            12,
            "asks no question",
        ),
        (
            GOOD.replace("time_limit_minutes: 20", "time_limit_minutes: 2000"),
            8,
            25,
            "out of range",
        ),
        (
            GOOD.replace("\"Quiz\"", "\"Qu\\u{1b}iz\""),
            2,
            12,
            "control or bidi",
        ),
    ];
    for (text, line, col, message) in cases {
        let error = exam::load_str("e.ron", &text).unwrap_err();
        let (l, c, m) = first_problem(&error);
        assert!(m.contains(message), "{m}");
        assert_eq!((l, c), (line, col), "{m}");
    }
}

#[test]
fn pack_mismatches_are_placed_with_a_fix() {
    let pack = demo();
    let cases = [
        (
            GOOD.replace("\"databases\"", "\"nosuch\""),
            6,
            18,
            "no category `nosuch`",
            "the categories are: databases, apis",
        ),
        (
            GOOD.replace("\"1.0.0\"", "\"0.9.0\""),
            3,
            33,
            "version 0.9.0 of pack `demo`, but the pack found is version 1.0.0",
            "pack install",
        ),
        (
            GOOD.replace("\"demo\"", "\"other\""),
            3,
            16,
            "for pack `other`",
            "--pack",
        ),
        (
            GOOD.replace("version: \"1.0.0\"", "version: \"1.0.0\", hash: \"abc\""),
            3,
            48,
            "other content",
            "teacher's copy",
        ),
        (
            GOOD.replace("[Single, TrueFalse]", "[Single]").replace(
                "count: 3,",
                "count: 3, difficulty: Hard, tags: [\"nosuchtag\"],",
            ),
            1,
            1,
            "no question of pack `demo` matches",
            "widen",
        ),
    ];
    for (text, line, col, message, help) in cases {
        let file = exam::load_str("e.ron", &text).unwrap();
        let error = file.check(&pack).unwrap_err();
        let (l, c, m) = first_problem(&error);
        assert!(m.contains(message), "{m}");
        assert_eq!((l, c), (line, col), "{m}");
        let h = error.diagnostics[0].help.clone().unwrap_or_default();
        assert!(h.contains(help), "{h}");
    }
}

fn skillgap(data: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_skillgap"));
    command.env("SKILLGAP_HOME", data).env("NO_COLOR", "1");
    command
}

fn run_with_input(mut command: Command, input: &str) -> Output {
    use std::io::Write;
    let mut child = command
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

fn export(data: &Path, args: &[&str]) -> Results {
    let output = skillgap(data).arg("export").args(args).output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    results::parse(&String::from_utf8_lossy(&output.stdout)).unwrap()
}

#[test]
fn two_students_get_the_same_exam_and_export_narrows_it() {
    let dir = tempfile::tempdir().unwrap();
    let exam_path = dir.path().join("midterm.ron");
    let pack_path = fixture();
    let pack_arg = pack_path.to_str().unwrap();
    let output = skillgap(&dir.path().join("teacher"))
        .args([
            "exam", "new", "--pack", pack_arg, "--count", "4", "--seed", "99",
        ])
        .args([
            "--kind",
            "single",
            "--kind",
            "true-false",
            "--kind",
            "multi",
            "--title",
            "Midterm",
        ])
        .arg("-o")
        .arg(&exam_path)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout.contains("questions of the pack match"), "{stdout}");
    // Refuses to overwrite.
    let again = skillgap(dir.path())
        .args(["exam", "new", "--pack", pack_arg, "-o"])
        .arg(&exam_path)
        .output()
        .unwrap();
    assert!(!again.status.success());

    let mut screens = Vec::new();
    let mut orders = Vec::new();
    for student in ["ann", "bob"] {
        let data = dir.path().join(student);
        let mut command = skillgap(&data);
        command
            .args(["quiz", "--plain", "--pack", pack_arg, "--exam"])
            .arg(&exam_path);
        let output = run_with_input(command, "1\n1\n1\n1\n");
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let text = String::from_utf8_lossy(&output.stdout).into_owned();
        assert!(text.contains("Exam \"Midterm\""), "{text}");
        assert!(text.contains("4 questions · seed 99"), "{text}");
        screens.push(text);
        let results = export(
            &data,
            &["--name", student, "--exam", exam_path.to_str().unwrap()],
        );
        orders.push(
            results
                .answers()
                .map(|(_, a)| a.question_id.clone())
                .collect::<Vec<_>>(),
        );
    }
    // Same questions, same order, same choice order: the whole transcript is identical.
    assert_eq!(screens[0], screens[1]);
    assert_eq!(orders[0], orders[1]);
    assert_eq!(orders[0].len(), 4);
    // The order is the one the exam file plans.
    let file = exam::load_path(&exam_path).unwrap();
    let pack = demo();
    let planned: Vec<String> = file
        .exam
        .plan(&pack)
        .iter()
        .map(|i| pack.questions[i.question].id.clone())
        .collect();
    assert_eq!(orders[0], planned);

    // Ann also practises: narrowing by exam leaves that session out.
    let ann = dir.path().join("ann");
    let mut command = skillgap(&ann);
    command.args([
        "quiz", "--plain", "--pack", pack_arg, "--count", "2", "--seed", "1",
    ]);
    let output = run_with_input(command, "\n\n");
    assert!(output.status.success());
    let all = export(&ann, &["--name", "Ann"]);
    assert_eq!(all.sessions.len(), 2);
    assert!(all.exam.is_none());
    let by_exam = export(
        &ann,
        &["--name", "Ann", "--exam", exam_path.to_str().unwrap()],
    );
    assert_eq!(by_exam.sessions.len(), 1);
    assert_eq!(by_exam.exam.as_ref().unwrap().title, "Midterm");
    assert_eq!(
        by_exam.exam.as_ref().unwrap().fingerprint,
        file.exam.fingerprint()
    );
    assert_eq!(by_exam.sessions[0].answers.len(), 4);
    assert_eq!(by_exam.packs[0].content_hash, pack.content_hash());
    let practice_id = all.sessions.iter().find(|s| s.exam.is_none()).unwrap().id;
    let by_session = export(
        &ann,
        &["--name", "Ann", "--session", &practice_id.to_string()],
    );
    assert_eq!(by_session.sessions.len(), 1);
    assert_eq!(by_session.sessions[0].answers.len(), 2);
    assert_eq!(by_session.sessions[0].mode, "practice");

    // An empty exam session, as older versions kept when an exam was opened again and left
    // before its first answer: it is nothing to hand in, and no reason to tell Ann, who
    // finished, to resume.
    {
        let store = Store::open(&ann).unwrap();
        let finished = store
            .sessions(None)
            .unwrap()
            .into_iter()
            .find(|s| s.mode == skillgap::quiz::Mode::Exam)
            .unwrap();
        store
            .start_session(&NewSession {
                mode: finished.mode,
                seed: finished.seed,
                filters_json: finished.filters_json,
                packs: finished.packs,
                question_ids: finished.question_ids,
                time_limit_secs: finished.time_limit_secs,
                profile: finished.profile,
                started_at_ms: finished.started_at_ms + 60_000,
            })
            .unwrap();
    }
    let output = skillgap(&ann)
        .args(["export", "--name", "Ann", "--exam"])
        .arg(&exam_path)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(!stderr.contains("--resume"), "{stderr}");
    let handed = results::parse(&String::from_utf8_lossy(&output.stdout)).unwrap();
    assert_eq!(handed.sessions.len(), 1);
    assert_eq!(handed.sessions[0].answers.len(), 4);

    // CSV: one row per answer, the name in every row.
    let output = skillgap(&ann)
        .args(["export", "--name", "Ann", "--format", "csv", "--exam"])
        .arg(&exam_path)
        .output()
        .unwrap();
    let csv = String::from_utf8_lossy(&output.stdout);
    assert_eq!(csv.lines().count(), 1 + 4);
    assert!(csv.lines().skip(1).all(|l| l.starts_with("Ann,")));

    // -o writes a new file and never replaces one: a teacher's collected files are safe.
    let handed_in = dir.path().join("ann.json");
    let output = skillgap(&ann)
        .args(["export", "--name", "Ann", "-o"])
        .arg(&handed_in)
        .output()
        .unwrap();
    assert!(output.status.success());
    // It says what it wrote (it used to print nothing).
    let said = String::from_utf8_lossy(&output.stdout);
    assert!(
        said.starts_with("Wrote ") && said.contains("the results of Ann, 6 answers"),
        "{said}"
    );
    let written = std::fs::read(&handed_in).unwrap();
    assert!(results::parse(&String::from_utf8_lossy(&written)).is_ok());
    let kept = dir.path().join("keep.txt");
    std::fs::write(&kept, "hello").unwrap();
    for target in [&kept, &handed_in] {
        let before = std::fs::read(target).unwrap();
        let output = skillgap(&ann)
            .args(["export", "--name", "Ann", "--format", "csv", "-o"])
            .arg(target)
            .output()
            .unwrap();
        assert!(!output.status.success());
        assert!(
            String::from_utf8_lossy(&output.stderr).contains("already exists and is left as it is"),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        assert_eq!(std::fs::read(target).unwrap(), before);
    }

    // A bad name is refused; an exam nobody ran is an error that says what to do.
    let output = skillgap(&ann)
        .args(["export", "--name", "\u{1b}[2J"])
        .output()
        .unwrap();
    assert!(!output.status.success());
    let other = dir.path().join("other.ron");
    std::fs::write(
        &other,
        std::fs::read_to_string(&exam_path)
            .unwrap()
            .replace("seed: 99", "seed: 98"),
    )
    .unwrap();
    let output = skillgap(&ann)
        .args(["export", "--name", "Ann", "--exam"])
        .arg(&other)
        .output()
        .unwrap();
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("no session here ran the exam"));

    // Another pack version: refused with both versions named, nothing stored.
    let wrong = dir.path().join("wrong.ron");
    let text = std::fs::read_to_string(&exam_path).unwrap();
    let text = text.replace("version: \"1.0.0\"", "version: \"2.0.0\"");
    std::fs::write(&wrong, text).unwrap();
    let mut command = skillgap(&dir.path().join("cy"));
    command
        .args(["quiz", "--plain", "--pack", pack_arg, "--exam"])
        .arg(&wrong);
    let output = run_with_input(command, "");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success());
    assert!(
        stderr.contains("version 2.0.0") && stderr.contains("version 1.0.0"),
        "{stderr}"
    );
    assert!(stderr.contains("wrong.ron:"), "{stderr}");
    assert!(
        stderr.starts_with("skillgap: exam file `") && !stderr.contains("skillgap: Error"),
        "one prefix: {stderr}"
    );
    // An unreadable exam file: one prefix, then the file's diagnostic.
    let garbage = dir.path().join("garbage.ron");
    std::fs::write(&garbage, "garbage(\n").unwrap();
    let mut command = skillgap(&dir.path().join("cy"));
    command
        .args(["quiz", "--plain", "--pack", pack_arg, "--exam"])
        .arg(&garbage);
    let output = run_with_input(command, "");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success());
    assert!(
        stderr.starts_with("skillgap: cannot read exam file `")
            && stderr.contains("garbage.ron:1:1")
            && !stderr.contains("skillgap: Error"),
        "{stderr}"
    );
    let output = skillgap(&ann)
        .args(["export", "--name", "Ann", "--exam"])
        .arg(&garbage)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success());
    assert!(
        stderr.starts_with("skillgap: cannot read exam file `")
            && !stderr.contains("skillgap: Error"),
        "{stderr}"
    );
    // Options the exam decides are refused.
    let mut command = skillgap(&dir.path().join("cy"));
    command
        .args(["quiz", "--plain", "--seed", "3", "--exam"])
        .arg(&exam_path);
    let output = run_with_input(command, "");
    assert!(String::from_utf8_lossy(&output.stderr).contains("--seed cannot be used with --exam"));
}

#[test]
fn a_timed_exam_without_a_terminal_is_refused_unless_plain_is_asked_for() {
    let dir = tempfile::tempdir().unwrap();
    let exam_path = dir.path().join("quiz.ron");
    std::fs::write(&exam_path, GOOD).unwrap();
    let pack_arg = fixture();
    let data = dir.path().join("ann");
    // Standard input is a pipe and --plain was not given: nothing starts, nothing is stored.
    let mut command = skillgap(&data);
    command
        .args(["quiz", "--pack"])
        .arg(&pack_arg)
        .arg("--exam")
        .arg(&exam_path);
    let output = run_with_input(command, "1\n");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "{stderr}");
    assert!(
        stderr.contains("standard input is not a terminal") && stderr.contains("--plain"),
        "{stderr}"
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        !stdout.contains("Question 1"),
        "no question asked: {stdout}"
    );
    if data.join("skillgap.db").exists() {
        let store = Store::open(&data).unwrap();
        assert!(store.sessions(None).unwrap().is_empty());
    }
    // With --plain it runs; ended early, it says the clock runs on.
    let mut command = skillgap(&data);
    command
        .args(["quiz", "--plain", "--pack"])
        .arg(&pack_arg)
        .arg("--exam")
        .arg(&exam_path);
    let output = run_with_input(command, "1\n");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{stdout}");
    let end = stdout
        .split("`skillgap quiz --resume` continues it. Its clock keeps running: ")
        .nth(1)
        .unwrap_or_else(|| panic!("{stdout}"));
    assert!(end.contains(" left."), "{stdout}");
}
