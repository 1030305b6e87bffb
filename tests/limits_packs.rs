//! The limits of pack loading that are not about memory figures: a directory pack's total
//! size cap, refused before its files are read.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use skillgap::pack::{self, MAX_DIRECTORY_BYTES, MAX_FILE_BYTES};
use std::process::Command;

const PACK_RON: &str = r#"Pack(id: "big", title: "Big", version: "1")"#;
const CATEGORY: &str = r#"Category(id: "c", title: "C", questions: [
    (id: "q1", difficulty: Easy, prompt: "Yes?", kind: TrueFalse(answer: true), explanation: "e"),
])"#;

#[test]
fn a_directory_pack_over_the_total_cap_is_refused_naming_the_cap() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("pack.ron"), PACK_RON).unwrap();
    std::fs::write(dir.path().join("a.ron"), CATEGORY).unwrap();
    // Each file is under the per-file cap; together they are over the total. Sparse files:
    // refused by their listed sizes, so never read (nor written to disk).
    let each = MAX_FILE_BYTES - 1;
    assert!(2 * each > MAX_DIRECTORY_BYTES);
    for name in ["b.ron", "c.ron"] {
        std::fs::File::create(dir.path().join(name))
            .unwrap()
            .set_len(each)
            .unwrap();
    }
    let error = pack::read_path(dir.path()).unwrap_err();
    let message = error.to_string();
    assert!(
        message.contains("more than 64 MiB, the limit for a whole directory pack"),
        "{message}"
    );
    assert!(message.contains("split it into several packs"), "{message}");
    assert!(
        message.contains(&dir.path().display().to_string()),
        "{message}"
    );

    // The command says the same, and exits as for an invalid pack.
    let home = tempfile::tempdir().unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_skillgap"))
        .env("SKILLGAP_HOME", home.path())
        .env("NO_COLOR", "1")
        .args(["pack", "install"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("the limit for a whole directory pack"),
        "{stderr}"
    );
    assert!(!home.path().join("packs").join("big").exists());
}

#[test]
fn a_directory_pack_under_the_cap_loads_and_installs_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("pack.ron"), PACK_RON).unwrap();
    // CRLF line ends are read as LF, in place.
    std::fs::write(dir.path().join("c.ron"), CATEGORY.replace('\n', "\r\n")).unwrap();
    let loaded = pack::load_path(dir.path()).unwrap();
    assert_eq!(loaded.questions.len(), 1);
    let home = tempfile::tempdir().unwrap();
    let outcome = skillgap::pack::installed::install(home.path(), dir.path(), false, 0).unwrap();
    assert_eq!(outcome.manifest().questions, 1);
    let copy = home.path().join("packs/big/pack/c.ron");
    assert_eq!(std::fs::read_to_string(copy).unwrap(), CATEGORY);
    let installed = skillgap::pack::installed::load_installed(home.path(), "big").unwrap();
    assert_eq!(installed.content_hash(), loaded.content_hash());
}
