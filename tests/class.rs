//! The class report on generated cohorts whose statistics are known in advance: facility,
//! corrected point-biserial (checked against an independent sum-based formula), category
//! spread, distractor counts and flags; malformed, duplicate and other-version files.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod class_support;

use class_support::*;
use skillgap::cohort::results::{self, Results};
use skillgap::pack::{self, Pack};
use skillgap::quiz;
use skillgap::report::class::{self, ClassFile, Flag};
use skillgap::store::PackRef;
use std::path::Path;
use std::process::Command;

/// Scores of the cohort as the pack scores them: student → question → score.
fn score_table(pack: &Pack) -> Vec<Vec<Option<f64>>> {
    cohort()
        .iter()
        .map(|(_, answers)| {
            ["q1", "q2", "q3", "q4"]
                .iter()
                .map(|id| {
                    answers
                        .iter()
                        .find(|(q, _)| q == id)
                        .map(|(_, r)| quiz::score(pack.question(id).unwrap(), r))
                })
                .collect()
        })
        .collect()
}

/// Independent check: the classic corrected item-total correlation with *sums*, over the
/// students who answered every question (A–F here), computed from its textbook form
/// r = (nΣxy − ΣxΣy) / sqrt((nΣx² − (Σx)²)(nΣy² − (Σy)²)).
fn textbook_corrected_r(table: &[Vec<Option<f64>>], item: usize) -> f64 {
    let complete: Vec<Vec<f64>> = table
        .iter()
        .filter(|row| row.iter().all(Option::is_some))
        .map(|row| row.iter().map(|s| s.unwrap()).collect())
        .collect();
    let n = complete.len() as f64;
    let xs: Vec<f64> = complete.iter().map(|r| r[item]).collect();
    let ys: Vec<f64> = complete
        .iter()
        .map(|r| r.iter().sum::<f64>() - r[item])
        .collect();
    let (sx, sy) = (xs.iter().sum::<f64>(), ys.iter().sum::<f64>());
    let sxy: f64 = xs.iter().zip(&ys).map(|(x, y)| x * y).sum();
    let sxx: f64 = xs.iter().map(|x| x * x).sum();
    let syy: f64 = ys.iter().map(|y| y * y).sum();
    (n * sxy - sx * sy) / ((n * sxx - sx * sx) * (n * syy - sy * sy)).sqrt()
}

#[test]
fn facility_discrimination_and_flags_match_known_values() {
    let pack = pack();
    let report = class::aggregate_with(&files(&pack), Some(&pack), None, None, 3);
    assert_eq!(report.students.len(), 7);
    assert!(report.skipped.is_empty(), "{:?}", report.skipped);
    let item = |id: &str| report.items.iter().find(|i| i.id == id).unwrap();

    // Facility: q1 is right for A, B, C, D, G (5 of 7); q2 for A, B, C (3 of 6).
    assert_eq!(item("q1").students, 7);
    assert!((item("q1").facility - 5.0 / 7.0).abs() < 1e-12);
    assert_eq!(item("q2").students, 6);
    assert!((item("q2").facility - 0.5).abs() < 1e-12);
    // q3: only D and E picked the key.
    assert!((item("q3").facility - 2.0 / 6.0).abs() < 1e-12);
    assert_eq!(item("q4").omitted, 1);

    // Discrimination equals the textbook sum-based formula (G has no other question, so
    // the correlation runs over A–F only, who answered everything).
    let table = score_table(&pack);
    for (i, id) in ["q1", "q2", "q3", "q4"].iter().enumerate() {
        let expected = textbook_corrected_r(&table, i);
        let got = item(id).discrimination.unwrap();
        assert!((got - expected).abs() < 1e-9, "{id}: {got} vs {expected}");
    }
    assert!(item("q3").discrimination.unwrap() < -0.5);
    assert!(item("q2").discrimination.unwrap() > 0.5);

    // Flags: the miskeyed q3 has negative discrimination and a distractor beating the key.
    assert!(item("q3").flags.contains(&Flag::NegativeDiscrimination));
    assert!(item("q3").flags.contains(&Flag::DistractorBeatsKey));
    assert!(!item("q2").flags.contains(&Flag::NegativeDiscrimination));
    assert!(!item("q1").flags.contains(&Flag::DistractorBeatsKey));
    let d = item("q3").distractors.clone().unwrap();
    let counts: Vec<(usize, bool)> = d.options.iter().map(|o| (o.count, o.key)).collect();
    assert_eq!(counts, vec![(2, true), (3, false), (1, false)]);
    assert_eq!(d.options[1].label, "tempting");
    // Multi: counts per choice as written; F's skip is a non-answer.
    let d4 = item("q4").distractors.clone().unwrap();
    let counts: Vec<usize> = d4.options.iter().map(|o| o.count).collect();
    assert_eq!(counts, vec![4, 2, 2, 0]);
    assert_eq!(d4.no_answer, 1);
}

#[test]
fn category_spread_and_gap_are_known() {
    let pack = pack();
    let report = class::aggregate(&files(&pack), Some(&pack), Some("p"), None);
    let alpha = report.categories.iter().find(|c| c.id == "a").unwrap();
    // Alpha per student (mean of q1, q2): A 1, B 1, C 1, D 0.5, E 0, F 0, G 1.
    let values = [1.0, 1.0, 1.0, 0.5, 0.0, 0.0, 1.0];
    let mean = values.iter().sum::<f64>() / 7.0;
    let sd = (values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / 7.0).sqrt();
    assert_eq!(alpha.students, 7);
    assert!((alpha.mean - mean).abs() < 1e-12);
    assert!((alpha.sd - sd).abs() < 1e-12);
    assert_eq!((alpha.min, alpha.max), (0.0, 1.0));
    assert_eq!(alpha.target, Some(0.8));
    assert!((alpha.gap.unwrap() - (0.8 - mean)).abs() < 1e-12);
    // G saw no Beta question: a gap in the table, not a zero.
    let g = report.students.iter().find(|s| s.name == "G").unwrap();
    assert_eq!(g.categories, vec![Some(1.0), None]);
    let beta = report.categories.iter().find(|c| c.id == "b").unwrap();
    assert_eq!(beta.students, 6);
}

#[test]
fn first_attempt_counts_and_duplicates_are_named() {
    let pack = pack();
    let mut files = files(&pack);
    // A retook q3 later and got it "right": the first attempt still counts.
    if let Ok(results) = &mut files[0].results {
        let mut again = results.sessions[0].answers[2].clone();
        again.response = Some(skillgap::quiz::Response::Choices { picked: vec![0] });
        again.score = 1.0;
        again.answered_at_ms = 99_999;
        results.sessions[0].answers.push(again);
    }
    // The same file handed in twice.
    files.push(ClassFile {
        name: "B-again.json".to_owned(),
        results: files[1].results.clone(),
    });
    let report = class::aggregate(&files, Some(&pack), None, None);
    let q3 = report.items.iter().find(|i| i.id == "q3").unwrap();
    assert!((q3.facility - 2.0 / 6.0).abs() < 1e-12);
    assert!(
        report
            .notes
            .iter()
            .any(|n| n.contains("A.json") && n.contains("first attempt")),
        "{:?}",
        report.notes
    );
    assert_eq!(report.students.len(), 7);
    assert_eq!(report.skipped.len(), 1);
    assert!(
        report.skipped[0].file == "B-again.json" && report.skipped[0].reason.contains("B.json")
    );
}

#[test]
fn other_versions_are_reported_not_mixed() {
    let pack = pack();
    let mut files = files(&pack);
    let other = pack::load_str("v2.ron", &PACK.replace("1.0.0", "2.0.0")).unwrap();
    files.push(ClassFile {
        name: "Z.json".to_owned(),
        results: Ok(results_of(&other, "Z", &[("q1", pick(&[1]))])),
    });
    let report = class::aggregate(&files, Some(&pack), None, None);
    assert_eq!(report.students.len(), 7);
    assert!(!report.students.iter().any(|s| s.name == "Z"));
    let skipped = &report.skipped[0];
    assert_eq!(skipped.file, "Z.json");
    assert!(
        skipped.reason.contains("2.0.0") && skipped.reason.contains("1.0.0"),
        "{}",
        skipped.reason
    );
    assert!(skipped.reason.contains("another version"));
    // Asked for version 2 explicitly: now the others are the ones left out.
    let v2 = PackRef {
        id: "cohort".into(),
        version: "2.0.0".into(),
        content_hash: other.content_hash(),
    };
    let report = class::aggregate(&files, Some(&other), None, Some(&v2));
    assert_eq!(report.students.len(), 1);
    assert_eq!(report.skipped.len(), 7);
}

#[test]
fn without_the_pack_keys_are_inferred_from_full_marks() {
    let pack = pack();
    let report = class::aggregate_with(&files(&pack), None, None, None, 3);
    let q3 = report.items.iter().find(|i| i.id == "q3").unwrap();
    let d = q3.distractors.as_ref().unwrap();
    assert!(d.key_known);
    assert!(d.options[0].key && !d.options[1].key);
    assert_eq!(d.options[1].label, "choice 2");
    assert!(q3.flags.contains(&Flag::DistractorBeatsKey));
    assert_eq!(report.categories[0].title, "a");
}

#[test]
fn csv_results_read_back_like_json() {
    let pack = pack();
    let results = results_of(&pack, "=Eve, \"the\" student", &cohort()[3].1);
    let from_csv = results::parse(&results.to_csv()).unwrap();
    let from_json = results::parse(&results.to_json()).unwrap();
    assert_eq!(from_csv.student, "=Eve, \"the\" student");
    assert_eq!(from_json.student, from_csv.student);
    let pairs = |r: &Results| -> Vec<(String, f64, Option<skillgap::quiz::Response>)> {
        r.answers()
            .map(|(_, a)| (a.question_id.clone(), a.score, a.response.clone()))
            .collect()
    };
    assert_eq!(pairs(&from_csv), pairs(&from_json));
}

#[test]
fn malformed_results_say_why() {
    let bad = [
        ("{\"format\": \"skillgap-results\"", "not valid JSON"),
        (
            "{\"format\": \"other\", \"version\": 1}",
            "format is `other`",
        ),
        (
            "{\"format\": \"skillgap-results\", \"version\": 9}",
            "newer skillgap",
        ),
        (
            "{\"format\": \"skillgap-export\", \"version\": 1, \"answers\": []}",
            "--name",
        ),
        ("hello", "not a skillgap results file"),
        (
            "{\"format\": \"skillgap-results\", \"version\": 1, \"student\": \"\", \"sessions\": []}",
            "name is empty",
        ),
    ];
    for (text, why) in bad {
        let error = results::parse(text).unwrap_err().to_string();
        assert!(error.contains(why), "{text}: {error}");
    }
    let pack = pack();
    let mut r = results_of(&pack, "X", &[("q1", pick(&[0]))]);
    r.sessions[0].answers[0].score = 1.5;
    let error = results::parse(&r.to_json()).unwrap_err().to_string();
    assert!(error.contains("not between 0 and 1"), "{error}");
}

fn skillgap(data: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_skillgap"));
    command.env("SKILLGAP_HOME", data).env("NO_COLOR", "1");
    command
}

#[test]
fn class_command_reports_flags_and_names_bad_files() {
    let dir = tempfile::tempdir().unwrap();
    let pack = pack();
    let pack_path = dir.path().join("cohort.ron");
    std::fs::write(&pack_path, PACK).unwrap();
    let mut args: Vec<String> = Vec::new();
    for file in files(&pack) {
        let path = dir.path().join(&file.name);
        std::fs::write(&path, file.results.unwrap().to_json()).unwrap();
        args.push(path.display().to_string());
    }
    let bad = dir.path().join("broken.json");
    std::fs::write(&bad, "{ not json").unwrap();
    args.push(bad.display().to_string());
    let output = skillgap(dir.path())
        .arg("class")
        .args(&args)
        .arg("--pack")
        .arg(&pack_path)
        .args(["--profile", "p", "--min-students", "3"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(!stdout.contains("Indicative only"), "{stdout}");
    assert!(
        stderr.contains("broken.json: skipped: not valid JSON"),
        "{stderr}"
    );
    assert!(stdout.contains("7 students · 4 questions"), "{stdout}");
    let q3 = stdout.lines().find(|l| l.contains(" q3 ")).unwrap();
    assert!(
        q3.contains("negative discrimination") && q3.contains("distractor beats key"),
        "{q3}"
    );
    assert!(stdout.contains("tempting") && stdout.contains("← picked more than the key"));

    for (format, marker) in [
        ("json", "\"format\": \"skillgap-class\""),
        ("csv", "question,category,kind"),
        ("markdown", "## Items"),
    ] {
        let output = skillgap(dir.path())
            .arg("class")
            .args(&args)
            .args(["--format", format])
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(output.status.success());
        assert!(stdout.contains(marker), "{format}: {stdout}");
    }
    // Nothing usable: a failure, with the reason.
    let output = skillgap(dir.path())
        .arg("class")
        .arg(&bad)
        .output()
        .unwrap();
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("broken.json"));
}

#[test]
fn below_the_minimum_of_students_nothing_is_flagged_and_the_report_says_so() {
    let pack = pack();
    let report = class::aggregate(&files(&pack), Some(&pack), None, None);
    assert_eq!(report.min_students, class::DEFAULT_MIN_STUDENTS);
    assert!(
        report
            .items
            .iter()
            .all(|i| i.flags.is_empty() && i.indicative)
    );
    // The numbers are still there, only marked as indicative.
    let q3 = report.items.iter().find(|i| i.id == "q3").unwrap();
    assert!(q3.discrimination.unwrap() < -0.5);
    let test = report.test.as_ref().unwrap();
    assert!(test.indicative);
    let text = report.to_text();
    assert!(
        text.contains("Indicative only: 7 students (fewer than 30)"),
        "{text}"
    );
    assert!(text.contains("No question flagged."), "{text}");
    // Item rows without a flag and empty histogram bins end at their last character.
    let trailing: Vec<&str> = text.lines().filter(|l| l.ends_with(' ')).collect();
    assert!(trailing.is_empty(), "lines ending in a space: {trailing:?}");
    assert!(report.to_markdown().contains("Indicative only"));
    assert!(report.to_csv().contains("indicative,true"));
    assert_eq!(report.to_json()["test"]["indicative"], true);
    // At the gate, the flags come back.
    let report = class::aggregate_with(&files(&pack), Some(&pack), None, None, 6);
    let q3 = report.items.iter().find(|i| i.id == "q3").unwrap();
    assert!(!q3.indicative && q3.flags.contains(&Flag::NegativeDiscrimination));
}

#[test]
fn test_statistics_of_the_cohort_follow_moodle() {
    // A–F answered all four questions; G only q1 and is left out of the test statistics.
    let pack = pack();
    let report = class::aggregate(&files(&pack), Some(&pack), None, None);
    let test = report.test.as_ref().unwrap();
    assert_eq!((test.students, test.incomplete, test.questions), (6, 1, 4));
    let complete: Vec<Vec<f64>> = score_table(&pack)
        .into_iter()
        .filter(|row| row.iter().all(Option::is_some))
        .map(|row| row.into_iter().map(Option::unwrap).collect())
        .collect();
    let totals: Vec<f64> = complete.iter().map(|r| r.iter().sum()).collect();
    let n = totals.len() as f64;
    let mean = totals.iter().sum::<f64>() / n;
    assert!((test.mean - mean).abs() < 1e-12);
    let var = totals.iter().map(|t| (t - mean).powi(2)).sum::<f64>() / (n - 1.0);
    assert!((test.sd.unwrap() - var.sqrt()).abs() < 1e-12);
    let item_var: f64 = (0..4)
        .map(|q| {
            let m = complete.iter().map(|r| r[q]).sum::<f64>() / n;
            complete.iter().map(|r| (r[q] - m).powi(2)).sum::<f64>() / (n - 1.0)
        })
        .sum();
    let alpha = 4.0 / 3.0 * (1.0 - item_var / var);
    assert!((test.alpha.unwrap() - alpha).abs() < 1e-12);
    assert!((test.sem.unwrap() - var.sqrt() * (1.0 - alpha).sqrt()).abs() < 1e-12);
    assert_eq!(test.distribution.iter().sum::<usize>(), 6);
}

/// A class that took one exam sees its questions numbered as the exam asked them, so that
/// "question 1" in the class report is question 1 of the exam (they were in pack order).
#[test]
fn an_exams_questions_keep_the_exams_order() {
    let pack = pack();
    let asked = ["q4", "q2", "q3", "q1"];
    let file = |name: &str, exam: bool| {
        let answers: Vec<(&str, quiz::Response)> = asked
            .iter()
            .map(|id| {
                let response = match *id {
                    "q2" => tf(true),
                    "q4" => pick(&[0, 1]),
                    _ => pick(&[0]),
                };
                (*id, response)
            })
            .collect();
        let mut results = results_of(&pack, name, &answers);
        if exam {
            results.exam = Some(skillgap::exam::ExamMark {
                fingerprint: "f1".to_owned(),
                title: "Midterm".to_owned(),
            });
        }
        ClassFile {
            name: format!("{name}.json"),
            results: Ok(results),
        }
    };
    let ids = |report: &class::ClassReport| -> Vec<String> {
        report.items.iter().map(|i| i.id.clone()).collect()
    };
    let exam = class::aggregate(
        &[file("A", true), file("B", true)],
        Some(&pack),
        Some("p"),
        None,
    );
    assert_eq!(
        exam.exam.as_ref().map(|e| e.title.as_str()),
        Some("Midterm")
    );
    assert_eq!(ids(&exam), asked);
    let practice = class::aggregate(
        &[file("A", false), file("B", false)],
        Some(&pack),
        Some("p"),
        None,
    );
    assert_eq!(ids(&practice), ["q1", "q2", "q3", "q4"]);
}

/// A teacher sees what the class typed, grouped (case and surrounding space aside) and
/// counted, most frequent first: an accepted form missing from the pack stands out as a
/// wrong answer many gave (the class view had "no choice table" and nothing else).
#[test]
fn typed_answers_are_grouped_and_counted() {
    let pack = pack();
    let typed = ["FOR UPDATE", " for update", "LOCK", "for update", "lock "];
    let files: Vec<ClassFile> = typed
        .iter()
        .enumerate()
        .map(|(i, text)| {
            let name = format!("S{i}");
            ClassFile {
                name: format!("{name}.json"),
                results: Ok(results_of(
                    &pack,
                    &name,
                    &[(
                        "q1",
                        quiz::Response::Text {
                            text: (*text).to_owned(),
                        },
                    )],
                )),
            }
        })
        .collect();
    let report = class::aggregate(&files, Some(&pack), Some("p"), None);
    let q1 = report.items.iter().find(|i| i.id == "q1").unwrap();
    let given: Vec<(&str, usize)> = q1
        .answers_given
        .iter()
        .map(|g| (g.text.as_str(), g.count))
        .collect();
    assert_eq!(given, [("FOR UPDATE", 3), ("LOCK", 2)]);
    let json = serde_json::to_value(q1).unwrap();
    assert_eq!(json["answers_given"][0]["count"], 3);
}

/// A question an exam's time ran out before showing (`not_reached`) counts as omitted, like a
/// skipped one: 0 in the student's score, and in the item's omitted count.
#[test]
fn a_question_not_reached_counts_as_omitted() {
    let pack = pack();
    let before = class::aggregate_with(&files(&pack), Some(&pack), None, None, 3);
    let mut files = files(&pack);
    let results = files[0].results.as_mut().unwrap();
    let answer = results.sessions[0]
        .answers
        .iter_mut()
        .find(|a| a.question_id == "q4")
        .unwrap();
    assert_ne!(answer.response, Some(skillgap::quiz::Response::Skipped));
    answer.response = Some(skillgap::quiz::Response::NotReached);
    answer.score = 0.0;
    let after = class::aggregate_with(&files, Some(&pack), None, None, 3);
    let q4 = |report: &class::ClassReport| {
        let item = report.items.iter().find(|i| i.id == "q4").unwrap();
        (item.omitted, item.students)
    };
    assert_eq!(q4(&before).0 + 1, q4(&after).0);
    assert_eq!(q4(&before).1, q4(&after).1, "still counted as answered");
}
