//! The layers hold (issue 11): each top-level module of `src/` imports only the modules
//! ARCHITECTURE.md puts below it, the table of what may import what has no cycle, and every
//! module file opens with a `//!` line saying what it owns, and no file is over 900 lines.
//!
//! The check reads the source, not the compiler: every `crate::NAME` path outside comments
//! and outside test code (a `#[cfg(test)] mod`, or a `*_tests.rs` file) counts as an import.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// What each top-level module may import, top of the stack first. Helpers (`table`, `text`,
/// `clock`, `fnv`) sit under everything.
const ALLOWED: &[(&str, &[&str])] = &[
    (
        "cli",
        &[
            "tui", "service", "report", "cohort", "store", "formats", "learning", "exam", "quiz",
            "pack", "table", "text", "clock", "fnv",
        ],
    ),
    (
        "tui",
        &[
            "service", "report", "cohort", "store", "learning", "exam", "quiz", "pack", "table",
            "text", "clock", "fnv",
        ],
    ),
    (
        "service",
        &[
            "report", "cohort", "store", "formats", "learning", "exam", "quiz", "pack", "table",
            "text", "clock", "fnv",
        ],
    ),
    (
        "report",
        &[
            "cohort", "store", "learning", "exam", "quiz", "pack", "table", "text", "clock", "fnv",
        ],
    ),
    (
        "cohort",
        &[
            "store", "learning", "exam", "quiz", "pack", "table", "text", "clock", "fnv",
        ],
    ),
    (
        "store",
        &[
            "learning", "exam", "quiz", "pack", "table", "text", "clock", "fnv",
        ],
    ),
    (
        "formats",
        &["learning", "quiz", "pack", "table", "text", "clock", "fnv"],
    ),
    (
        "learning",
        &["exam", "quiz", "pack", "table", "text", "clock", "fnv"],
    ),
    ("exam", &["quiz", "pack", "table", "text", "clock", "fnv"]),
    ("quiz", &["pack", "table", "text", "clock", "fnv"]),
    ("pack", &["table", "text", "clock", "fnv"]),
    ("table", &["text"]),
    ("text", &[]),
    ("clock", &[]),
    ("fnv", &[]),
];

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.expect("directory entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The top-level module a file under `src/` belongs to (`src/quiz/score.rs` → `quiz`).
fn top_module(path: &Path) -> Option<String> {
    let relative = path.strip_prefix(src()).ok()?;
    let first = relative.components().next()?.as_os_str().to_str()?;
    let name = first.strip_suffix(".rs").unwrap_or(first);
    (!matches!(name, "lib" | "main")).then(|| name.to_string())
}

/// The file's text without its test module (everything from a `#[cfg(test)]` that opens a
/// `mod`) and without comments.
fn production_code(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let mut end = lines.len();
    for (index, line) in lines.iter().enumerate() {
        if line.trim() == "#[cfg(test)]" {
            let next = lines[index + 1..]
                .iter()
                .map(|l| l.trim())
                .find(|l| !l.starts_with("#["))
                .unwrap_or("");
            if next.starts_with("mod ") || next.starts_with("pub mod ") {
                end = index;
                break;
            }
        }
    }
    lines[..end]
        .iter()
        .map(|line| match line.find("//") {
            Some(at) => &line[..at],
            None => line,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every `crate::NAME` in `code`.
fn crate_paths(code: &str) -> BTreeSet<String> {
    code.match_indices("crate::")
        .filter(|(at, _)| {
            // `$crate::` in a macro is the same crate, and `foo_crate::` is another crate.
            code[..*at]
                .chars()
                .next_back()
                .is_none_or(|c| !(c.is_alphanumeric() || c == '_' || c == '$'))
        })
        .map(|(at, _)| {
            code[at + "crate::".len()..]
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect::<String>()
        })
        .filter(|name| !name.is_empty())
        .collect()
}

#[test]
fn each_layer_imports_only_the_layers_below_it() {
    let allowed: BTreeMap<&str, BTreeSet<&str>> = ALLOWED
        .iter()
        .map(|(module, below)| (*module, below.iter().copied().collect()))
        .collect();
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    files.sort();
    let mut crossings = Vec::new();
    for file in &files {
        let Some(module) = top_module(file) else {
            continue;
        };
        if file.to_string_lossy().ends_with("_tests.rs") {
            continue;
        }
        let Some(may) = allowed.get(module.as_str()) else {
            crossings.push(format!(
                "{}: module `{module}` is not in the layer table of tests/layers.rs (nor ARCHITECTURE.md)",
                file.display()
            ));
            continue;
        };
        let text = fs::read_to_string(file).expect("source file");
        for used in crate_paths(&production_code(&text)) {
            if used != module && !may.contains(used.as_str()) {
                crossings.push(format!(
                    "{}: `{module}` imports `crate::{used}`, which is not below it",
                    file.strip_prefix(src()).unwrap_or(file).display()
                ));
            }
        }
    }
    assert!(
        crossings.is_empty(),
        "layers crossed:\n{}",
        crossings.join("\n")
    );
}

#[test]
fn the_layer_table_has_no_cycle() {
    let allowed: BTreeMap<&str, &[&str]> = ALLOWED.iter().copied().collect();
    // Depth-first search for a back edge; the table is small.
    fn visit<'a>(
        module: &'a str,
        allowed: &BTreeMap<&'a str, &'a [&'a str]>,
        path: &mut Vec<&'a str>,
        done: &mut BTreeSet<&'a str>,
    ) {
        if let Some(at) = path.iter().position(|m| *m == module) {
            panic!("cycle in the layer table: {:?}", &path[at..]);
        }
        if done.contains(module) {
            return;
        }
        path.push(module);
        for below in allowed.get(module).copied().unwrap_or(&[]) {
            visit(below, allowed, path, done);
        }
        path.pop();
        done.insert(module);
    }
    let mut done = BTreeSet::new();
    for module in allowed.keys() {
        visit(module, &allowed, &mut Vec::new(), &mut done);
    }
    // And every module named below something is itself in the table.
    for (module, below) in ALLOWED {
        for name in *below {
            assert!(
                allowed.contains_key(name),
                "{module} names unknown `{name}`"
            );
        }
    }
}

#[test]
fn every_module_says_what_it_owns() {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    let undocumented: Vec<String> = files
        .iter()
        .filter(|file| !file.to_string_lossy().ends_with("_tests.rs"))
        .filter(|file| {
            let text = fs::read_to_string(file).expect("source file");
            !text
                .lines()
                .find(|line| !line.trim().is_empty())
                .is_some_and(|line| line.starts_with("//!"))
        })
        .map(|file| file.display().to_string())
        .collect();
    assert!(
        undocumented.is_empty(),
        "files without a `//!` first line:\n{}",
        undocumented.join("\n")
    );
}

#[test]
fn the_checker_sees_imports_and_skips_tests_and_comments() {
    let code = "use crate::store::Store;\n// crate::tui in a comment\nfn f() { crate::text::plural(1, \"a\"); $crate::x; my_crate::y; }\n#[cfg(test)]\nmod tests {\n    use crate::cli;\n}\n";
    let found = crate_paths(&production_code(code));
    assert_eq!(
        found,
        BTreeSet::from(["store".to_string(), "text".to_string()])
    );
}

#[test]
fn no_file_in_src_is_over_900_lines() {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    let long: Vec<String> = files
        .iter()
        .filter_map(|file| {
            let lines = fs::read_to_string(file)
                .expect("source file")
                .lines()
                .count();
            (lines > 900).then(|| format!("{}: {lines} lines", file.display()))
        })
        .collect();
    assert!(
        long.is_empty(),
        "split these by what they own:\n{}",
        long.join("\n")
    );
}
