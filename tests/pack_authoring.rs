//! Pack authoring and the pack library, end to end: `pack new` writes a template that
//! validates and lints clean; every lint rule fires on its fixture at the asserted
//! file:line:col; install / list / quiz / upgrade / report / remove through the binary, with
//! every refusal.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use skillgap::pack::installed::{self, InstallOutcome, LibraryError, Refusal};
use skillgap::pack::{self, KindName, lint};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn lint_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/lint")
}

fn skillgap(data: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_skillgap"));
    command
        .arg("--data-dir")
        .arg(data)
        .env_remove("SKILLGAP_HOME")
        .env("NO_COLOR", "1");
    command
}

fn run(data: &Path, args: &[&str]) -> Output {
    skillgap(data).args(args).output().unwrap()
}

fn run_with_input(data: &Path, args: &[&str], input: &str) -> Output {
    let mut child = skillgap(data)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(&mut child.stdin.take().unwrap(), input.as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

fn assert_code(output: &Output, code: i32) {
    assert_eq!(output.status.code(), Some(code), "{}", text(output));
}

/// (rule, line, col) from a fixture's `// expect RULE at LINE:COL` first line.
fn expectation(path: &Path) -> Option<(String, usize, usize)> {
    let source = std::fs::read_to_string(path).unwrap();
    let first = source.lines().next().unwrap();
    if first == "// expect nothing" {
        return None;
    }
    let rest = first.strip_prefix("// expect ").unwrap();
    let (rule, at) = rest.split_once(" at ").unwrap();
    let (line, col) = at.split_once(':').unwrap();
    Some((rule.to_owned(), line.parse().unwrap(), col.parse().unwrap()))
}

fn warnings(path: &Path) -> Vec<pack::Diagnostic> {
    let sources = pack::read_path(path).unwrap();
    let pack = pack::load_sources(sources.clone()).unwrap_or_else(|e| panic!("{e}"));
    lint::locate(&lint::lint(&pack), &sources)
}

// ------------------------------------------------------------------------------ lint rules

#[test]
fn every_rule_warns_on_its_fixture_at_the_right_place_and_nothing_else() {
    let mut fixtures: Vec<PathBuf> = std::fs::read_dir(lint_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "ron"))
        .collect();
    fixtures.sort();
    let mut rules_seen = Vec::new();
    for fixture in &fixtures {
        let found = warnings(fixture);
        match expectation(fixture) {
            None => assert!(found.is_empty(), "{}: {found:#?}", fixture.display()),
            Some((rule, line, col)) => {
                assert_eq!(found.len(), 1, "{}: {found:#?}", fixture.display());
                let warning = &found[0];
                assert_eq!(warning.severity, pack::Severity::Warning);
                assert_eq!(warning.code, Some(rule.as_str()), "{}", fixture.display());
                assert_eq!(warning.file, fixture.display().to_string());
                let location = warning.location.as_ref().unwrap();
                assert_eq!(
                    (location.line, location.col),
                    (line, col),
                    "{}: {warning}",
                    fixture.display()
                );
                assert!(warning.help.is_some(), "every warning says how to fix it");
                rules_seen.push(rule);
            }
        }
    }
    for rule in lint::Rule::ALL {
        assert!(
            rules_seen.iter().any(|r| r == rule.name()),
            "no fixture for rule {}",
            rule.name()
        );
    }
}

#[test]
fn near_duplicates_name_both_places() {
    let found = warnings(&lint_dir().join("near-duplicate.ron"));
    let related = found[0].related.as_ref().unwrap();
    assert_eq!(related.location.line, 12, "{related:?}");
    assert!(
        related.label.contains("near-duplicate.ron:12:21"),
        "{related:?}"
    );
    assert!(found[0].message.contains("`q0`"), "{}", found[0].message);
}

#[test]
fn directory_packs_name_the_category_file() {
    let dir = lint_dir().join("dir-pack");
    let expected = std::fs::read_to_string(dir.join("expect.txt")).unwrap();
    let (rule, place) = expected.trim().split_once(' ').unwrap();
    let found = warnings(&dir);
    assert_eq!(found.len(), 1, "{found:#?}");
    let warning = &found[0];
    assert_eq!(warning.code, Some(rule));
    let location = warning.location.as_ref().unwrap();
    let shown = format!(
        "{}:{}:{}",
        Path::new(&warning.file)
            .file_name()
            .unwrap()
            .to_string_lossy(),
        location.line,
        location.col
    );
    assert_eq!(shown, place);
}

#[test]
fn lint_exits_0_with_warnings_and_1_when_strict_or_invalid() {
    let data = tempfile::tempdir().unwrap();
    let fixture = lint_dir().join("few-distractors.ron");
    let fixture = fixture.to_str().unwrap();
    let (_, line, col) = expectation(Path::new(fixture)).unwrap();

    let out = run(data.path(), &["pack", "lint", fixture]);
    assert_code(&out, 0);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains(&format!("few-distractors.ron:{line}:{col}")),
        "{stdout}"
    );
    assert!(stdout.contains("[few-distractors]"), "{stdout}");
    assert!(
        stdout.contains("Help: add plausible wrong choices"),
        "{stdout}"
    );
    assert!(
        stdout.contains("1 warning (few-distractors 1)"),
        "one summary line per pack: {stdout}"
    );
    assert!(!stdout.contains('\u{1b}'), "no colour when not a terminal");

    assert_code(&run(data.path(), &["pack", "lint", "--strict", fixture]), 1);
    let clean = lint_dir().join("clean.ron");
    let clean = run(
        data.path(),
        &["pack", "lint", "--strict", clean.to_str().unwrap()],
    );
    assert_code(&clean, 0);
    assert!(text(&clean).contains("no warnings"), "{}", text(&clean));

    let invalid = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/invalid/duplicate-question-id.ron");
    let out = run(data.path(), &["pack", "lint", invalid.to_str().unwrap()]);
    assert_code(&out, 1);
    assert!(
        text(&out).contains("duplicate question id"),
        "{}",
        text(&out)
    );
    assert!(text(&out).contains("invalid: "), "{}", text(&out));
}

/// The bundled bank is held to the standard `pack lint` sets for teachers: no warnings at all.
#[test]
fn the_bundled_bank_lints_clean() {
    let bank = pack::load_bundled().unwrap();
    let findings = lint::lint(&bank);
    let flagged: Vec<(&str, String)> = findings
        .iter()
        .map(|f| match &f.target {
            lint::Target::Question { id, .. } => (f.rule.name(), id.clone()),
            other => (f.rule.name(), format!("{other:?}")),
        })
        .collect();
    assert_eq!(flagged, Vec::<(&str, String)>::new());
    let out = run(
        tempfile::tempdir().unwrap().path(),
        &["pack", "lint", "--strict", "backend"],
    );
    assert_code(&out, 0);
    assert!(
        text(&out).contains("pack `backend`, 440 questions: no warnings"),
        "{}",
        text(&out)
    );
}

// ------------------------------------------------------------------------------- pack new

#[test]
fn the_template_has_every_kind_once_and_lints_clean() {
    let template =
        pack::load_str("pack-template.ron", pack::TEMPLATE).unwrap_or_else(|e| panic!("{e}"));
    for kind in KindName::ALL {
        assert_eq!(
            template
                .questions
                .iter()
                .filter(|q| q.kind.name() == kind)
                .count(),
            1,
            "{kind:?}"
        );
    }
    assert!(
        lint::lint(&template).is_empty(),
        "{:#?}",
        lint::lint(&template)
    );
}

#[test]
fn pack_new_writes_a_pack_that_validates_and_lints_clean_and_refuses_to_overwrite() {
    let work = tempfile::tempdir().unwrap();
    let data = work.path().join("data");
    let dir = work.path().join("Rust-Quiz");
    let dir_s = dir.to_str().unwrap();
    let out = run(&data, &["pack", "new", dir_s]);
    assert_code(&out, 0);
    let stdout = String::from_utf8_lossy(&out.stdout);
    for step in ["pack lint", "pack validate", "pack install"] {
        assert!(stdout.contains(step), "{stdout}");
    }
    let written = std::fs::read_to_string(dir.join("pack.ron")).unwrap();
    assert!(
        written.contains("id: \"rust-quiz\","),
        "id from the directory name"
    );

    let validate = run(&data, &["pack", "validate", dir_s]);
    assert_code(&validate, 0);
    assert!(text(&validate).contains("pack `rust-quiz` 0.1.0 with 8 questions"));
    let lint = run(&data, &["pack", "lint", "--strict", dir_s]);
    assert_code(&lint, 0);

    // Not over a non-empty directory, nor over a file.
    let again = run(&data, &["pack", "new", dir_s]);
    assert_code(&again, 1);
    assert!(text(&again).contains("is not empty"), "{}", text(&again));
    assert_eq!(
        std::fs::read_to_string(dir.join("pack.ron")).unwrap(),
        written
    );
    let file = work.path().join("a-file");
    std::fs::write(&file, "keep me").unwrap();
    let over_file = run(&data, &["pack", "new", file.to_str().unwrap()]);
    assert_code(&over_file, 1);
    assert!(
        text(&over_file).contains("not a directory"),
        "{}",
        text(&over_file)
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "keep me");

    // An empty existing directory is fine.
    let empty = work.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    assert_code(&run(&data, &["pack", "new", empty.to_str().unwrap()]), 0);
}

/// "My Course 2025" is no id as it stands: the id is made from it, and the commands printed
/// next can be pasted into a shell as they are (the path has spaces).
#[test]
fn pack_new_in_a_directory_with_spaces_gets_an_id_from_its_name_and_quoted_next_steps() {
    let work = tempfile::tempdir().unwrap();
    let data = work.path().join("data");
    let dir = work.path().join("My Course 2025");
    let out = run(&data, &["pack", "new", dir.to_str().unwrap()]);
    assert_code(&out, 0);
    let written = std::fs::read_to_string(dir.join("pack.ron")).unwrap();
    assert!(written.contains("id: \"my-course-2025\","), "{written}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let quoted = format!("skillgap pack install '{}'", dir.display());
    assert!(stdout.contains(&quoted), "{stdout}");
    assert!(stdout.contains("--pack my-course-2025"), "{stdout}");
    let validate = run(&data, &["pack", "validate", dir.to_str().unwrap()]);
    assert!(
        text(&validate).contains("pack `my-course-2025`"),
        "{}",
        text(&validate)
    );
}

// -------------------------------------------------------------------------- the library

/// Writes the template as a single-file pack with this id, version, title and authors.
fn write_pack(path: &Path, id: &str, version: &str, title: &str, author: &str) {
    let text = pack::TEMPLATE
        .replacen("id: \"my-pack\",", &format!("id: \"{id}\","), 1)
        .replacen(
            "version: \"0.1.0\",",
            &format!("version: \"{version}\","),
            1,
        )
        .replacen("title: \"Web basics\",", &format!("title: \"{title}\","), 1)
        .replacen("[\"Your Name\"]", &format!("[\"{author}\"]"), 1);
    std::fs::write(path, text).unwrap();
}

#[test]
fn new_validate_lint_install_quiz_upgrade_report_remove() {
    let work = tempfile::tempdir().unwrap();
    let data = work.path().join("data");
    let dir = work.path().join("web");
    let dir_s = dir.to_str().unwrap();
    assert_code(&run(&data, &["pack", "new", dir_s]), 0);
    assert_code(&run(&data, &["pack", "validate", dir_s]), 0);
    assert_code(&run(&data, &["pack", "lint", dir_s]), 0);

    let install = run(&data, &["pack", "install", dir_s]);
    assert_code(&install, 0);
    assert!(
        text(&install).contains("installed: pack `web` 0.1.0"),
        "{}",
        text(&install)
    );
    assert!(data.join("packs/web/install.json").is_file());
    assert!(data.join("packs/web/pack/pack.ron").is_file());

    let list = run(&data, &["pack", "list"]);
    assert_code(&list, 0);
    let listing = String::from_utf8_lossy(&list.stdout).to_string();
    let row = listing.lines().find(|l| l.starts_with("web ")).unwrap();
    for cell in ["0.1.0", "8", "Web basics", dir_s] {
        assert!(row.contains(cell), "{cell} missing in {row}");
    }
    assert!(
        listing
            .lines()
            .any(|l| l.starts_with("backend ") && l.ends_with("bundled"))
    );

    // Quiz by id: the TrueFalse question, answered right.
    let quiz = run_with_input(
        &data,
        &[
            "quiz",
            "--plain",
            "--pack",
            "web",
            "--kind",
            "true-false",
            "--count",
            "1",
            "--seed",
            "3",
        ],
        "1\n",
    );
    assert_code(&quiz, 0);
    assert!(text(&quiz).contains("✓ right"), "{}", text(&quiz));

    // A newer version: the answer is still in the report.
    let text_v1 = std::fs::read_to_string(dir.join("pack.ron")).unwrap();
    std::fs::write(
        dir.join("pack.ron"),
        text_v1.replacen("version: \"0.1.0\",", "version: \"0.10.0\",", 1),
    )
    .unwrap();
    let upgrade = run(&data, &["pack", "install", dir_s]);
    assert_code(&upgrade, 0);
    assert!(
        text(&upgrade).contains("upgraded: pack `web` from 0.1.0 to 0.10.0"),
        "{}",
        text(&upgrade)
    );
    let report = run(&data, &["report", "--pack", "web", "--format", "json"]);
    assert_code(&report, 0);
    let json: serde_json::Value = serde_json::from_slice(&report.stdout).unwrap();
    assert_eq!(json["pack"]["version"], "0.10.0");
    assert_eq!(json["categories"][0]["answered"], 1, "{json}");

    // Remove: the copy goes, the answers stay.
    let remove = run(&data, &["pack", "remove", "web"]);
    assert_code(&remove, 0);
    assert!(
        text(&remove).contains("Your 1 answer to it stays in the history"),
        "{}",
        text(&remove)
    );
    assert!(!data.join("packs/web").exists());
    let list = run(&data, &["pack", "list"]);
    assert!(!String::from_utf8_lossy(&list.stdout).contains("web "));
    let quiz = run(&data, &["quiz", "--plain", "--pack", "web"]);
    assert_code(&quiz, 1);
    assert!(text(&quiz).contains("no file, directory or installed pack is called `web`"));
    let history = run(&data, &["history", "--format", "json"]);
    let history: serde_json::Value = serde_json::from_slice(&history.stdout).unwrap();
    assert_eq!(history["sessions"][0]["answered"], 1, "{history}");

    // Installed again, the report shows the answer once more.
    assert_code(&run(&data, &["pack", "install", dir_s]), 0);
    let report = run(&data, &["report", "--pack", "web", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&report.stdout).unwrap();
    assert_eq!(json["categories"][0]["answered"], 1, "{json}");
}

#[test]
fn refusals_and_force() {
    let work = tempfile::tempdir().unwrap();
    let data = work.path().join("data");
    let file = work.path().join("p.ron");
    let f = file.to_str().unwrap();
    write_pack(&file, "team", "1.9", "Team pack", "Ann");
    assert_code(&run(&data, &["pack", "install", f]), 0);
    assert!(
        data.join("packs/team/team.ron").is_file(),
        "single files stay single files"
    );

    // Same version, same content: nothing to do.
    let same = run(&data, &["pack", "install", f]);
    assert_code(&same, 0);
    assert!(text(&same).contains("already installed"), "{}", text(&same));

    // Same version, other content: bump the version.
    let changed = std::fs::read_to_string(&file).unwrap().replacen(
        "Which HTTP status code",
        "Which HTTP response status code",
        1,
    );
    std::fs::write(&file, &changed).unwrap();
    let out = run(&data, &["pack", "install", f]);
    assert_code(&out, 1);
    assert!(text(&out).contains("bump the `version`"), "{}", text(&out));
    assert!(
        text(&out).contains("Nothing was installed"),
        "{}",
        text(&out)
    );

    // Older: refused; newer (1.10 > 1.9): upgraded.
    write_pack(&file, "team", "1.8", "Team pack", "Ann");
    let out = run(&data, &["pack", "install", f]);
    assert_code(&out, 1);
    assert!(text(&out).contains("newer than the 1.8"), "{}", text(&out));
    write_pack(&file, "team", "1.10", "Team pack", "Ann");
    assert!(text(&run(&data, &["pack", "install", f])).contains("from 1.9 to 1.10"));

    // A different pack (title and authors differ) reusing the id: refused, then --force.
    write_pack(&file, "team", "2.0", "Other pack", "Bob");
    let out = run(&data, &["pack", "install", f]);
    assert_code(&out, 1);
    assert!(
        text(&out).contains("another pack already uses the id `team`"),
        "{}",
        text(&out)
    );
    assert!(
        text(&out).contains("\"Team pack\" by Ann"),
        "{}",
        text(&out)
    );
    let forced = run(&data, &["pack", "install", "--force", f]);
    assert_code(&forced, 0);
    assert!(
        text(&forced).contains("replaced (--force)"),
        "{}",
        text(&forced)
    );
    // Only the title changed: still the same pack, so an upgrade.
    write_pack(&file, "team", "2.1", "Other pack, revised", "Bob");
    assert!(text(&run(&data, &["pack", "install", f])).contains("upgraded"));

    // The bundled id is reserved.
    write_pack(&file, "backend", "9.0", "Mine", "Me");
    let out = run(&data, &["pack", "install", f]);
    assert_code(&out, 1);
    assert!(
        text(&out).contains("belongs to the pack bundled"),
        "{}",
        text(&out)
    );
    assert!(!data.join("packs/backend").exists());
    assert_code(&run(&data, &["pack", "remove", "backend"]), 1);

    // An invalid pack: its diagnostics, nothing written.
    std::fs::write(
        &file,
        "Pack(id: \"broken\", title: \"B\", version: \"1\", questions: [)",
    )
    .unwrap();
    let out = run(&data, &["pack", "install", f]);
    assert_code(&out, 1);
    assert!(text(&out).contains("p.ron:1:"), "{}", text(&out));
    assert!(!data.join("packs/broken").exists());
    let leftovers: Vec<_> = std::fs::read_dir(data.join("packs"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(leftovers, vec![std::ffi::OsString::from("team")]);

    // Unknown id: the installed ones are listed.
    let out = run(&data, &["pack", "remove", "nope"]);
    assert_code(&out, 1);
    assert!(text(&out).contains("installed: team"), "{}", text(&out));
}

#[test]
fn a_damaged_installed_pack_is_reported_with_its_path_and_not_fatal() {
    let work = tempfile::tempdir().unwrap();
    let data = work.path().join("data");
    for (id, title) in [("good", "Good"), ("hurt", "Hurt")] {
        let file = work.path().join(format!("{id}.ron"));
        write_pack(&file, id, "1.0", title, "Ann");
        installed::install(&data, &file, false, 0).unwrap();
    }
    // Hand-edited into an invalid pack.
    let installed = data.join("packs/hurt/hurt.ron");
    let broken = std::fs::read_to_string(&installed).unwrap().replacen(
        "kind: TrueFalse(answer: true)",
        "kind: TrueFalse(answer: maybe)",
        1,
    );
    std::fs::write(&installed, broken).unwrap();

    let (packs, problems) = installed::all_packs(&data);
    let ids: Vec<&str> = packs.iter().map(|p| p.meta.id.as_str()).collect();
    assert_eq!(ids, ["backend", "good"]);
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].id, "hurt");
    assert!(
        problems[0].message.contains("packs/hurt"),
        "{}",
        problems[0].message
    );

    let list = run(&data, &["pack", "list"]);
    assert_code(&list, 0);
    assert!(text(&list).contains("DAMAGED"), "{}", text(&list));
    let quiz = run(&data, &["quiz", "--plain", "--pack", "hurt"]);
    assert_code(&quiz, 1);
    assert!(
        text(&quiz).contains("packs/hurt/hurt.ron:"),
        "{}",
        text(&quiz)
    );

    // A manifest that is not JSON.
    std::fs::write(data.join("packs/good/install.json"), "{").unwrap();
    let (packs, problems) = installed::all_packs(&data);
    assert_eq!(packs.len(), 1);
    assert_eq!(problems.len(), 2);
    // Installing over it needs --force.
    let file = work.path().join("good.ron");
    match installed::install(&data, &file, false, 0) {
        Err(LibraryError::Refused {
            refusal: Refusal::Damaged { .. },
            ..
        }) => {}
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        installed::install(&data, &file, true, 0),
        Ok(InstallOutcome::Replaced { .. })
    ));
    assert!(installed::load_installed(&data, "good").is_ok());
}

#[test]
fn a_path_wins_over_an_installed_id_and_backend_is_always_the_bundled_bank() {
    let work = tempfile::tempdir().unwrap();
    let data = work.path().join("data");
    let file = work.path().join("local.ron");
    write_pack(&file, "local", "1.0", "Installed copy", "Ann");
    installed::install(&data, &file, false, 0).unwrap();
    // A directory in the working directory named like the installed id.
    let cwd = work.path().join("cwd");
    std::fs::create_dir_all(cwd.join("local")).unwrap();
    write_pack(
        &cwd.join("local/pack.ron"),
        "from-path",
        "1.0",
        "Local dir",
        "Ann",
    );
    let out = skillgap(&data)
        .current_dir(&cwd)
        .args(["pack", "validate", "local"])
        .output()
        .unwrap();
    assert!(text(&out).contains("pack `from-path`"), "{}", text(&out));
    let out = run(&data, &["pack", "validate", "local"]);
    assert!(text(&out).contains("pack `local`"), "{}", text(&out));
    let out = run(&data, &["pack", "stats", "backend", "--format", "json"]);
    assert_code(&out, 0);
}
