//! Error output is not amplified: a hostile line of megabytes in an exam file or a pack is
//! echoed as a capped window around the column, not repeated (issue 16 item 6).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::process::Command;

fn stderr_of(data: &std::path::Path, args: &[&str]) -> (Option<i32>, usize, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_skillgap"))
        .args(args)
        .env("SKILLGAP_HOME", data)
        .env("NO_COLOR", "1")
        .current_dir(data)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    (
        out.status.code(),
        out.stderr.len() + out.stdout.len(),
        stderr,
    )
}

#[test]
fn error_output_amplification_is_capped_for_exam_files_and_packs() {
    let data = tempfile::tempdir().unwrap();
    let line = "x".repeat(3_000_000);
    std::fs::write(
        data.path().join("exam.ron"),
        format!("Exam(pack: {line})\n"),
    )
    .unwrap();
    std::fs::write(
        data.path().join("pack.ron"),
        format!("Pack(id: \"p\", title: {line})\n"),
    )
    .unwrap();
    std::fs::write(
        data.path().join("quoted.ron"),
        format!("Exam(pack: \"{line}\n"),
    )
    .unwrap();
    for args in [
        vec!["quiz", "--plain", "--exam", "exam.ron"],
        vec!["quiz", "--plain", "--exam", "quoted.ron"],
        vec!["pack", "validate", "pack.ron"],
        vec!["pack", "install", "pack.ron"],
        vec!["pack", "lint", "pack.ron"],
    ] {
        let (code, bytes, stderr) = stderr_of(data.path(), &args);
        assert_eq!(code, Some(1), "{args:?}: {stderr}");
        assert!(
            bytes < 4_000,
            "{args:?}: {bytes} bytes of output for a 3 MB line"
        );
        assert!(stderr.contains(":1:"), "{args:?} names the line: {stderr}");
    }
}
