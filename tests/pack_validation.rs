//! Pack loading and validation: one invalid fixture per rule (message and line:col), the
//! rules that need generated input (size, nesting, encoding, directory packs), and the CLI.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use skillgap::pack::{self, Diagnostic, Kind, LoadError, Pack};
use std::path::{Path, PathBuf};
use std::process::Command;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn load_err(path: &Path) -> LoadError {
    match pack::load_path(path) {
        Ok(_) => panic!("{} should be invalid", path.display()),
        Err(error) => error,
    }
}

fn at(d: &Diagnostic) -> String {
    let location = d.location.as_ref().expect("a location");
    format!("{}:{}", location.line, location.col)
}

/// Each fixture's first line says `// expect: LINE:COL: fragment`.
#[test]
fn every_invalid_fixture_reports_its_problem_at_the_right_place() {
    let dir = fixtures().join("invalid");
    let mut checked = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "ron") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let expect = text
            .lines()
            .next()
            .unwrap()
            .strip_prefix("// expect: ")
            .unwrap();
        let (line, rest) = expect.split_once(':').unwrap();
        let (col, fragment) = rest.split_once(": ").unwrap();
        let want = format!("{line}:{col}");
        let error = load_err(&path);
        let found = error
            .diagnostics
            .iter()
            .any(|d| at(d) == want && d.message.contains(fragment));
        assert!(
            found,
            "{}: expected `{fragment}` at {want}, got:\n{error}",
            path.display()
        );
        for d in &error.diagnostics {
            assert!(
                d.help.is_some(),
                "{}: every problem says how to fix it: {d}",
                path.display()
            );
        }
        checked += 1;
    }
    assert!(checked >= 30, "only {checked} fixtures found");
}

#[test]
fn every_problem_in_a_file_is_reported_not_only_the_first() {
    let text = std::fs::read_to_string(fixtures().join("valid/all-kinds.ron"))
        .unwrap()
        .replace("\"B-tree\", correct: true", "\"B-tree\"")
        .replace(
            "answer: 443.0, tolerance: 0.0",
            "answer: 443.0, tolerance: -2.0",
        )
        .replace("\"databases\": 0.6", "\"databases\": 1.5");
    let error = pack::load_str("many.ron", &text).unwrap_err();
    let messages: Vec<&str> = error
        .diagnostics
        .iter()
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(messages.len(), 3, "{messages:?}");
    assert!(
        messages
            .iter()
            .any(|m| m.contains("no choice is marked correct"))
    );
    assert!(messages.iter().any(|m| m.contains("tolerance")));
    assert!(messages.iter().any(|m| m.contains("outside 0..1")));
}

#[test]
fn the_valid_fixture_loads_with_every_kind() {
    let pack = pack::load_path(&fixtures().join("valid/all-kinds.ron")).unwrap();
    let kinds: std::collections::BTreeSet<_> =
        pack.questions.iter().map(|q| q.kind.name()).collect();
    assert_eq!(kinds.len(), 8);
    let code = pack
        .question("db-mutable-default")
        .unwrap()
        .code
        .as_ref()
        .unwrap();
    assert_eq!(
        code.text,
        "def add(item, items=[]):\n    items.append(item)\n    return items\n\nadd(1)\nprint(add(2))"
    );
    let Kind::Single { answer, .. } = pack.question("db-default-index").unwrap().kind else {
        panic!("single expected");
    };
    assert_eq!(answer, 0);
    assert_eq!(pack.profile("junior").unwrap().target("apis"), Some(0.5));
    assert_eq!(pack.content_hash().len(), 64);
}

#[test]
fn editing_the_explanation_keeps_the_question_hash_but_editing_the_key_changes_it() {
    let text = std::fs::read_to_string(fixtures().join("valid/all-kinds.ron")).unwrap();
    let hash = |text: &str| {
        pack::load_str("p.ron", text)
            .unwrap()
            .question("api-https-port")
            .unwrap()
            .content_hash()
    };
    let original = hash(&text);
    assert_eq!(
        original,
        hash(&text.replace("IANA assigns port 443", "IANA gives port 443"))
    );
    assert_ne!(
        original,
        hash(&text.replace("answer: 443.0", "answer: 8443.0"))
    );
}

#[test]
fn crlf_files_load_and_report_the_same_positions() {
    let text =
        std::fs::read_to_string(fixtures().join("invalid/duplicate-question-id.ron")).unwrap();
    let error = pack::load_str("crlf.ron", &text.replace('\n', "\r\n")).unwrap_err();
    assert!(
        error.diagnostics.iter().any(|d| at(d) == "26:17"),
        "{error}"
    );
}

#[test]
fn a_file_over_the_size_limit_is_refused_before_reading() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.ron");
    // A sparse file: the limit is checked on the size, so nothing of it is read.
    std::fs::File::create(&path)
        .unwrap()
        .set_len(pack::MAX_FILE_BYTES + 1)
        .unwrap();
    let error = load_err(&path);
    assert!(
        error.diagnostics[0].message.contains("larger than 64 MiB"),
        "{error}"
    );
    assert!(
        error.diagnostics[0].message.contains("split the pack"),
        "{error}"
    );
}

#[test]
fn deep_nesting_is_refused_without_exhausting_the_stack() {
    // Where the schema wants text, nesting stops at the first bracket.
    let deep = format!(
        "Pack(id: \"x\", title: {}1{})",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let error = pack::load_str("deep.ron", &deep).unwrap_err();
    assert_eq!(at(&error.diagnostics[0]), "1:21", "{error}");
    assert!(
        error.diagnostics[0]
            .help
            .as_deref()
            .unwrap()
            .contains("double quotes")
    );
    // Where RON itself would recurse (any value is accepted), the depth limit answers.
    let error = skillgap::pack::ron_options()
        .from_str::<ron::Value>(&"[".repeat(100_000))
        .unwrap_err();
    assert_eq!(error.code, ron::Error::ExceededRecursionLimit);
}

#[test]
fn a_file_that_is_not_utf8_is_named_with_its_position() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("latin1.ron");
    std::fs::write(&path, b"Pack(\n  id: \"caf\xe9\")").unwrap();
    let error = load_err(&path);
    assert!(
        error.diagnostics[0].message.contains("not valid UTF-8"),
        "{error}"
    );
    assert_eq!(at(&error.diagnostics[0]), "2:11");
}

#[test]
fn a_missing_file_names_the_path() {
    let error = load_err(Path::new("/no/such/pack.ron"));
    assert!(error.to_string().contains("/no/such/pack.ron"));
    assert!(error.to_string().contains("no such file"));
}

fn write_dir_pack(dir: &Path, files: &[(&str, &str)]) {
    for (name, text) in files {
        std::fs::write(dir.join(name), text).unwrap();
    }
}

const DIR_PACK: &str = r#"Pack(id: "d", title: "Dir pack", version: "1", profiles: [(id: "p", title: "P", targets: {"apis": 0.5, "databases": 0.7})])"#;
const APIS: &str = r#"Category(id: "apis", title: "APIs", questions: [
    (id: "a1", difficulty: Easy, prompt: "HTTPS port?", kind: Numeric(answer: 443.0), explanation: "IANA."),
])"#;
const DATABASES: &str = r#"Category(id: "databases", title: "Databases", questions: [
    (id: "d1", difficulty: Hard, prompt: "NULL = NULL is true.", kind: TrueFalse(answer: false), explanation: "It is unknown."),
])"#;

#[test]
fn a_directory_pack_takes_its_categories_from_its_files() {
    let dir = tempfile::tempdir().unwrap();
    write_dir_pack(
        dir.path(),
        &[
            ("pack.ron", DIR_PACK),
            ("apis.ron", APIS),
            ("databases.ron", DATABASES),
            ("notes.txt", "ignored"),
        ],
    );
    let pack = pack::load_path(dir.path()).unwrap();
    let ids: Vec<&str> = pack.categories.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, ["apis", "databases"]);
    assert_eq!(pack.question("d1").unwrap().category, "databases");
}

#[test]
fn directory_pack_problems_are_reported_in_every_file() {
    let dir = tempfile::tempdir().unwrap();
    let bad_databases = DATABASES
        .replace("id: \"d1\"", "id: \"a1\"")
        .replace("prompt: \"NULL", "category: \"apis\", prompt: \"NULL");
    let bad_apis = APIS.replace("explanation", "explantion");
    write_dir_pack(
        dir.path(),
        &[
            ("pack.ron", DIR_PACK),
            ("apis.ron", &bad_apis),
            ("databases.ron", &bad_databases),
        ],
    );
    let error = load_err(dir.path());
    // The syntax error in apis.ron stops validation, but it is reported with its file.
    assert!(
        error
            .diagnostics
            .iter()
            .any(|d| d.file.ends_with("apis.ron")
                && d.message.contains("unknown field `explantion`")),
        "{error}"
    );
    write_dir_pack(dir.path(), &[("apis.ron", APIS)]);
    let error = load_err(dir.path());
    let text = error.to_string();
    assert!(text.contains("duplicate question id `a1`"), "{text}");
    assert!(text.contains("databases.ron:2:10"), "{text}");
    assert!(text.contains("apis.ron:2:10: first used here"), "{text}");
    assert!(
        text.contains("names category `apis` but is in the file of category `databases`"),
        "{text}"
    );
}

#[test]
fn a_directory_without_pack_ron_says_what_is_missing() {
    let dir = tempfile::tempdir().unwrap();
    write_dir_pack(dir.path(), &[("apis.ron", APIS)]);
    let error = load_err(dir.path());
    assert!(error.to_string().contains("has no pack.ron"), "{error}");
}

#[test]
fn the_bundled_bank_validates() {
    let pack: Pack = pack::load_bundled().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(pack.meta.id, "backend");
    for profile in ["junior", "mid", "senior"] {
        let profile = pack.profile(profile).unwrap();
        assert_eq!(
            profile.targets.len(),
            11,
            "{} targets every category",
            profile.id
        );
    }
    assert_eq!(pack.categories.len(), 11);
    for kind in pack::KindName::ALL {
        let n = pack
            .questions
            .iter()
            .filter(|q| q.kind.name() == kind)
            .count();
        assert!(n >= 2, "at least two {kind:?} questions, found {n}");
    }
    // The copy on disk and the embedded copy are the same pack.
    let on_disk =
        pack::load_path(&Path::new(env!("CARGO_MANIFEST_DIR")).join("questions/backend")).unwrap();
    assert_eq!(on_disk.content_hash(), pack.content_hash());
    assert_eq!(on_disk, pack);
}

fn skillgap(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_skillgap"))
        .args(args)
        .env(
            "SKILLGAP_HOME",
            std::env::temp_dir().join("skillgap-tests-unused"),
        )
        .env_remove("NO_COLOR")
        .output()
        .unwrap()
}

#[test]
fn cli_validate_exit_codes() {
    let valid = fixtures().join("valid/all-kinds.ron");
    let invalid = fixtures().join("invalid/empty-prompt.ron");
    let ok = skillgap(&["pack", "validate", valid.to_str().unwrap()]);
    assert_eq!(ok.status.code(), Some(0), "{ok:?}");
    let stdout = String::from_utf8_lossy(&ok.stdout);
    assert!(
        stdout.contains("with 9 questions in 2 categories and 1 profile\n"),
        "one profile, singular: {stdout}"
    );
    let bad = skillgap(&[
        "pack",
        "validate",
        valid.to_str().unwrap(),
        invalid.to_str().unwrap(),
    ]);
    assert_eq!(bad.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&bad.stderr);
    assert!(stderr.contains("empty-prompt.ron:73:21"), "{stderr}");
    assert!(stderr.contains("prompt is empty"), "{stderr}");
    assert!(
        !stderr.contains('\u{1b}'),
        "no colour when stderr is not a terminal: {stderr:?}"
    );
    assert_eq!(skillgap(&["pack", "validate"]).status.code(), Some(2));
    assert_eq!(skillgap(&["pack", "frobnicate"]).status.code(), Some(2));
}

#[test]
fn cli_never_lets_pack_text_reach_the_terminal_raw() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("evil\u{1b}]0;pwned\u{7}.ron");
    std::fs::write(&path, "Pack(id: \"x\u{1b}[2J\", title: \"\u{9b}31m\u{202E}\", version: \"1\", questions: [(id: \"\u{1b}c\")])").unwrap();
    let out = skillgap(&["pack", "validate", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    for stream in [&out.stdout, &out.stderr] {
        let text = String::from_utf8_lossy(stream);
        assert!(!text.chars().any(skillgap::text::is_forbidden), "{text:?}");
    }
    assert!(String::from_utf8_lossy(&out.stderr).contains("evil␛]0;pwned␇.ron"));
}

#[test]
fn cli_stats_json_has_the_documented_shape() {
    let valid = fixtures().join("valid/all-kinds.ron");
    let out = skillgap(&["pack", "stats", valid.to_str().unwrap(), "--format", "json"]);
    assert_eq!(out.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["questions"], 9);
    assert_eq!(json["categories"]["databases"], 5);
    assert_eq!(json["categories"]["apis"], 4);
    assert_eq!(json["kinds"]["Single"], 2);
    assert_eq!(json["kinds"]["TrueFalse"], 1);
    assert_eq!(json["kinds"]["Open"], 1);
    assert_eq!(json["difficulty"]["Easy"], 3);
    assert_eq!(json["difficulty"]["Hard"], 2);
    assert_eq!(json["difficulty"]["Medium"], 4);
}

/// "only 1 pairs" read as a typo: the count agrees with its noun.
#[test]
fn too_few_things_are_counted_in_the_singular_for_one() {
    for (fixture, message) in [
        ("match-too-few-pairs.ron", "only 1 pair"),
        ("too-few-choices.ron", "only 1 choice"),
        ("order-too-few-items.ron", "only 1 item"),
    ] {
        let error = load_err(&fixtures().join("invalid").join(fixture));
        let messages: Vec<&str> = error
            .diagnostics
            .iter()
            .map(|d| d.message.as_str())
            .collect();
        assert!(messages.contains(&message), "{fixture}: {messages:?}");
    }
}

/// A duplicate id is shown as one snippet of the file, headed by the duplicate's own place,
/// with the first use above it (the header used to name the duplicate's line over the first
/// use's snippet).
#[test]
fn a_duplicate_id_is_one_snippet_in_file_order_under_the_right_header() {
    let path = fixtures().join("invalid/duplicate-question-id.ron");
    let rendered = load_err(&path).render(false);
    let want = &std::fs::read_to_string(&path).unwrap()[..];
    let place = want
        .lines()
        .next()
        .and_then(|l| l.strip_prefix("// expect: "))
        .and_then(|l| l.rsplit_once(": duplicate"))
        .map(|(place, _)| place.to_owned())
        .unwrap();
    let headers: Vec<&str> = rendered.lines().filter(|l| l.contains("─[ ")).collect();
    assert_eq!(headers.len(), 1, "one snippet for one file:\n{rendered}");
    assert!(
        headers[0].contains(&format!("duplicate-question-id.ron:{place} ]")),
        "{rendered}"
    );
    let labels: Vec<&str> = rendered
        .lines()
        .filter_map(|l| {
            l.split_once('╰')
                .map(|(_, label)| label.trim_start_matches('─').trim())
        })
        .collect();
    assert_eq!(
        labels,
        ["first used here", "here"],
        "file order:\n{rendered}"
    );
}
