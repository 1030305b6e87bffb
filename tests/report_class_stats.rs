//! Every statistic of the class report checked, to 1e-9, against an independent numpy/scipy
//! computation on a generated cohort (`scripts/class_stats.py`; its output is committed as
//! `tests/fixtures/class_stats/expected.json` and regenerated here to prove it current).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod class_support;

use class_support::results_of;
use serde_json::Value;
use skillgap::pack::{self, Pack};
use skillgap::quiz::Response;
use skillgap::report::class::{self, ClassFile, ClassReport};
use std::path::Path;
use std::process::Command;

const TOLERANCE: f64 = 1e-9;

fn expected() -> Value {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/class_stats/expected.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// Twelve single-choice questions (the key is the first choice), q01–q06 in `a`, the rest in `b`.
fn pack() -> Pack {
    let questions: Vec<String> = (1..=12)
        .map(|i| {
            format!(
                r#"(id: "q{i:02}", category: "{}", difficulty: Medium, prompt: "Question {i}?",
                kind: Single(choices: [(text: "key", correct: true), (text: "d1"), (text: "d2")]), explanation: "e")"#,
                if i <= 6 { "a" } else { "b" }
            )
        })
        .collect();
    let ron = format!(
        r#"Pack(id: "stats", title: "Stats", version: "1.0.0",
        categories: [(id: "a", title: "A"), (id: "b", title: "B")], questions: [{}])"#,
        questions.join(",\n")
    );
    pack::load_str("stats.ron", &ron).unwrap()
}

/// The cohort of the script as results files, from the picks it printed.
fn cohort(pack: &Pack, expected: &Value) -> Vec<ClassFile> {
    let ids: Vec<String> = (1..=12).map(|i| format!("q{i:02}")).collect();
    expected["picks"]
        .as_array()
        .unwrap()
        .iter()
        .enumerate()
        .map(|(s, row)| {
            let answers: Vec<(&str, Response)> = row
                .as_array()
                .unwrap()
                .iter()
                .zip(&ids)
                .filter_map(|(pick, id)| match pick {
                    Value::Null => None,
                    Value::String(_) => Some((id.as_str(), Response::Skipped)),
                    other => Some((
                        id.as_str(),
                        Response::Choices {
                            picked: vec![other.as_u64().unwrap() as usize],
                        },
                    )),
                })
                .collect();
            let name = format!("student{s:02}");
            ClassFile {
                name: format!("{name}.json"),
                results: Ok(results_of(pack, &name, &answers)),
            }
        })
        .collect()
}

fn close(what: &str, got: Option<f64>, want: &Value) {
    match (got, want.as_f64()) {
        (Some(g), Some(w)) => assert!((g - w).abs() < TOLERANCE, "{what}: {g} vs {w}"),
        (None, None) => {}
        (g, w) => panic!("{what}: {g:?} vs {w:?}"),
    }
}

fn report() -> (ClassReport, Value) {
    let expected = expected();
    let pack = pack();
    let report = class::aggregate(&cohort(&pack, &expected), Some(&pack), None, None);
    (report, expected)
}

#[test]
fn item_statistics_match_numpy_and_scipy() {
    let (report, expected) = report();
    let want = expected["items"].as_array().unwrap();
    assert_eq!(report.items.len(), want.len());
    for (item, want) in report.items.iter().zip(want) {
        assert_eq!(item.id, want["id"].as_str().unwrap());
        let id = &item.id;
        assert_eq!(
            item.students as u64,
            want["students"].as_u64().unwrap(),
            "{id}"
        );
        assert_eq!(
            item.omitted as u64,
            want["omitted"].as_u64().unwrap(),
            "{id}"
        );
        close(
            &format!("{id} facility"),
            Some(item.facility),
            &want["facility"],
        );
        close(
            &format!("{id} discrimination"),
            item.discrimination,
            &want["discrimination"],
        );
        close(
            &format!("{id} discrimination index"),
            item.discrimination_index,
            &want["discrimination_index"],
        );
        close(
            &format!("{id} discriminative efficiency"),
            item.discriminative_efficiency,
            &want["discriminative_efficiency"],
        );
    }
    // 40 students reach the default gate of 30: the miskeyed question is flagged.
    let q05 = report.items.iter().find(|i| i.id == "q05").unwrap();
    assert!(!q05.indicative);
    assert!(q05.flags.contains(&class::Flag::NegativeDiscrimination));
}

#[test]
fn category_and_test_statistics_match_numpy_and_scipy() {
    let (report, expected) = report();
    for (c, want) in report
        .categories
        .iter()
        .zip(expected["categories"].as_array().unwrap())
    {
        assert_eq!(c.id, want["id"].as_str().unwrap());
        assert_eq!(c.students as u64, want["students"].as_u64().unwrap());
        for (name, got) in [
            ("mean", c.mean),
            ("sd", c.sd),
            ("min", c.min),
            ("max", c.max),
        ] {
            close(&format!("{} {name}", c.id), Some(got), &want[name]);
        }
    }
    let test = report.test.as_ref().unwrap();
    let want = &expected["test"];
    assert_eq!(test.students as u64, want["students"].as_u64().unwrap());
    assert_eq!(test.incomplete as u64, want["incomplete"].as_u64().unwrap());
    assert_eq!(test.questions as u64, want["questions"].as_u64().unwrap());
    close("mean", Some(test.mean), &want["mean"]);
    close("median", Some(test.median), &want["median"]);
    close("sd", test.sd, &want["sd"]);
    close("skewness", test.skewness, &want["skewness"]);
    close("kurtosis", test.kurtosis, &want["kurtosis"]);
    close("alpha", test.alpha, &want["alpha"]);
    close("error ratio", test.error_ratio, &want["error_ratio"]);
    close("sem", test.sem, &want["sem"]);
    let bins: Vec<u64> = want["distribution"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_u64().unwrap())
        .collect();
    assert_eq!(
        test.distribution
            .iter()
            .map(|&c| c as u64)
            .collect::<Vec<_>>(),
        bins
    );
    assert!(
        !test.indicative,
        "38 complete students reach the gate of 30"
    );
    // The same numbers reach every format.
    assert!(report.to_text().contains("Cronbach's alpha (KR-20)"));
    assert!(report.to_markdown().contains("## Test statistics"));
    assert!(
        report
            .to_csv()
            .contains(&format!("alpha,{:.6}", test.alpha.unwrap()))
    );
    assert_eq!(report.to_json()["test"]["alpha"].as_f64(), test.alpha);
}

/// The committed expectations are what the script prints today (numpy and scipy needed:
/// `.ci/run` installs them).
#[test]
fn the_committed_expectations_are_the_scripts_output() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let output = Command::new("python3")
        .arg(root.join("scripts/class_stats.py"))
        .output()
        .expect("python3 is needed (with numpy and scipy: pip install numpy scipy)");
    assert!(
        output.status.success(),
        "scripts/class_stats.py failed (pip install numpy scipy): {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let fresh: Value = serde_json::from_slice(&output.stdout).unwrap();
    let committed = expected();
    assert_eq!(fresh["picks"], committed["picks"]);
    fn same(path: &str, a: &Value, b: &Value) {
        match (a, b) {
            (Value::Number(x), Value::Number(y)) => {
                let (x, y) = (x.as_f64().unwrap(), y.as_f64().unwrap());
                assert!((x - y).abs() < 1e-12, "{path}: {x} vs {y}");
            }
            (Value::Array(x), Value::Array(y)) => {
                assert_eq!(x.len(), y.len(), "{path}");
                for (i, (x, y)) in x.iter().zip(y).enumerate() {
                    same(&format!("{path}[{i}]"), x, y);
                }
            }
            (Value::Object(x), Value::Object(y)) => {
                assert_eq!(x.len(), y.len(), "{path}");
                for (k, v) in x {
                    same(&format!("{path}.{k}"), v, &y[k]);
                }
            }
            _ => assert_eq!(a, b, "{path}"),
        }
    }
    same("", &fresh, &committed);
}
