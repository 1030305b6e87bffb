//! A closed standard output (`skillgap ... | true`, `| head -1`) is a normal end for every
//! command: no panic, the same exit code as with a reader, nothing lost in the database.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

fn skillgap(data: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_skillgap"));
    command
        .args(args)
        .env("SKILLGAP_HOME", data)
        .env("NO_COLOR", "1")
        .current_dir(data);
    command
}

fn run(mut command: Command, stdin: &str, closed_stdout: bool) -> Output {
    command.stdin(Stdio::piped()).stderr(Stdio::piped());
    if closed_stdout {
        // A pipe whose reading end is closed before the command starts: every write fails
        // with EPIPE (Rust ignores SIGPIPE), as with `| true` once `true` has exited.
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        command.stdout(writer);
    } else {
        command.stdout(Stdio::piped());
    }
    let mut child = command.spawn().unwrap();
    if let Some(mut input) = child.stdin.take() {
        let _ = input.write_all(stdin.as_bytes());
    }
    child.wait_with_output().unwrap()
}

/// A data directory with a finished quiz and a results file, so every report has content.
fn data_with_history() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let quiz = run(
        skillgap(
            dir.path(),
            &["quiz", "--plain", "--count", "3", "--seed", "1"],
        ),
        "1\n\n\n",
        false,
    );
    assert!(quiz.status.success(), "{quiz:?}");
    let export = run(
        skillgap(dir.path(), &["export", "--name", "Ann", "-o", "ann.json"]),
        "",
        false,
    );
    assert!(export.status.success(), "{export:?}");
    dir
}

#[test]
fn broken_pipe_is_a_normal_end_for_every_command() {
    let dir = data_with_history();
    let pack = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/valid/all-kinds.ron"
    );
    let commands: Vec<(Vec<&str>, &str)> = vec![
        (vec!["completions", "bash"], ""),
        (vec!["completions", "zsh"], ""),
        (vec!["completions", "fish"], ""),
        (vec!["completions", "powershell"], ""),
        (vec!["completions", "elvish"], ""),
        (vec!["--help"], ""),
        (vec!["--version"], ""),
        (vec!["quiz", "--help"], ""),
        (vec!["history"], ""),
        (vec!["history", "--format", "json"], ""),
        (vec!["report"], ""),
        (vec!["report", "--format", "json"], ""),
        (vec!["report", "--format", "csv"], ""),
        (vec!["report", "--format", "markdown"], ""),
        (vec!["export"], ""),
        (vec!["export", "--format", "csv"], ""),
        (vec!["export", "--name", "Bob"], ""),
        (vec!["class", "ann.json"], ""),
        (vec!["class", "--format", "json", "ann.json"], ""),
        (vec!["class", "--format", "csv", "ann.json"], ""),
        (vec!["pack", "list"], ""),
        (vec!["pack", "stats", "backend"], ""),
        (vec!["pack", "stats", "--format", "json", "backend"], ""),
        (vec!["pack", "validate", pack], ""),
        (vec!["pack", "lint", pack], ""),
        (vec!["exam", "new", "--help"], ""),
        (vec!["profile", "show"], ""),
        (
            vec!["quiz", "--plain", "--count", "2", "--seed", "7"],
            "\n\n",
        ),
    ];
    let mut checked = 0;
    for (args, stdin) in &commands {
        let open = run(skillgap(dir.path(), args), stdin, false);
        assert!(
            !open.stdout.is_empty(),
            "{args:?} printed nothing with a reader, so the closed pipe would test nothing: {}",
            String::from_utf8_lossy(&open.stderr)
        );
        let closed = run(skillgap(dir.path(), args), stdin, true);
        let stderr = String::from_utf8_lossy(&closed.stderr);
        assert!(
            !stderr.contains("panicked") && closed.status.code() != Some(101),
            "{args:?} panicked on a closed stdout: {stderr}"
        );
        assert_eq!(
            closed.status.code(),
            open.status.code(),
            "{args:?}: a closed stdout changed the exit code: {stderr}"
        );
        checked += 1;
    }
    assert_eq!(checked, commands.len());
}

#[test]
fn answers_typed_with_a_closed_stdout_are_still_saved() {
    let dir = tempfile::tempdir().unwrap();
    let quiz = run(
        skillgap(
            dir.path(),
            &["quiz", "--plain", "--count", "2", "--seed", "3"],
        ),
        "\n\n", // an empty line skips: stored, whatever the question's kind
        true,
    );
    assert_ne!(quiz.status.code(), Some(101), "{quiz:?}");
    let history = run(
        skillgap(dir.path(), &["history", "--format", "json"]),
        "",
        false,
    );
    let json: serde_json::Value = serde_json::from_slice(&history.stdout).unwrap();
    let answered: u64 = json["sessions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["answered"].as_u64().unwrap())
        .sum();
    assert_eq!(answered, 2, "{json}");
}
