//! The report writers' tables as a user sees them: untrusted text from results files is made
//! safe in every format, Markdown tables keep their shape, and counts read as English.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod class_support;

use class_support::*;
use skillgap::cohort::results::ResultAnswer;
use skillgap::learning::calibration::{Calibration, WrongWhileSure};
use skillgap::learning::mastery::{GapRow, Mastery};
use skillgap::report::class::{self, ClassFile};
use skillgap::report::{GapReport, WeakQuestion, progress};
use unicode_width::UnicodeWidthStr;

/// The cohort, with every answer to q2 claiming a kind that holds an escape sequence and a
/// pipe (a results file is written by anyone).
fn hostile_kind_report() -> class::ClassReport {
    let pack = pack();
    let files: Vec<ClassFile> = files(&pack)
        .into_iter()
        .map(|mut file| {
            if let Ok(results) = &mut file.results {
                for session in &mut results.sessions {
                    for answer in &mut session.answers {
                        if answer.question_id == "q2" {
                            answer.kind = "True\u{1b}[2J|False".to_owned();
                        }
                    }
                }
            }
            file
        })
        .collect();
    class::aggregate(&files, Some(&pack), None, None)
}

#[test]
fn a_hostile_kind_never_reaches_the_terminal_raw() {
    let report = hostile_kind_report();
    let text = report.to_text();
    assert!(!text.contains('\u{1b}'), "{text}");
    assert!(text.contains("True␛[2J|…"), "{text}");
    for item in &report.items {
        let detail = report.item_detail_text(item);
        assert!(!detail.contains('\u{1b}'), "{detail}");
    }
}

#[test]
fn a_hostile_kind_keeps_the_markdown_table_whole() {
    let markdown = hostile_kind_report().to_markdown();
    assert!(!markdown.contains('\u{1b}'), "{markdown}");
    let row = markdown
        .lines()
        .find(|l| l.starts_with("| 2 | `q2` |"))
        .expect("the row of q2");
    assert!(row.contains("| True␛[2J\\|False |"), "{row}");
    let header = markdown
        .lines()
        .find(|l| l.starts_with("| # | question |"))
        .unwrap();
    let cells = |line: &str| line.replace("\\|", "").matches('|').count();
    assert_eq!(cells(row), cells(header), "{row}");
}

fn weak(id: &str, answers: usize) -> WeakQuestion {
    WeakQuestion {
        id: id.to_owned(),
        category: "a".to_owned(),
        mean_score: 0.25,
        answers,
    }
}

#[test]
fn markdown_lists_count_in_english() {
    let report = GapReport {
        pack_id: "cohort".to_owned(),
        pack_version: "1.0.0".to_owned(),
        profile: None,
        readiness: None,
        rows: Vec::new(),
        weakest: vec![weak("q1", 1), weak("q2", 3)],
    };
    let markdown = report.to_markdown();
    assert!(
        markdown.contains("- `q1` (a): mean score 0.25 over 1 answer\n"),
        "{markdown}"
    );
    assert!(
        markdown.contains("- `q2` (a): mean score 0.25 over 3 answers\n"),
        "{markdown}"
    );

    let wrong = |id: &str, times: usize| WrongWhileSure {
        id: id.to_owned(),
        category: "a".to_owned(),
        times,
        last_ms: 0,
    };
    let calibration = Calibration {
        categories: Vec::new(),
        questions: vec![wrong("q1", 1), wrong("q2", 2)],
        answers: 3,
        overridden: 0,
    };
    let markdown = progress::calibration_markdown(&pack(), &calibration);
    assert!(markdown.contains("- `q1` (a): 1 time\n"), "{markdown}");
    assert!(markdown.contains("- `q2` (a): 2 times\n"), "{markdown}");
}

/// A class of `students` who each answered `questions` Single questions, right on every
/// other one, with no pack at hand (so the report names them by id).
fn big_class(students: usize, questions: usize) -> Vec<ClassFile> {
    let pack = pack();
    (0..students)
        .map(|s| {
            let name = format!("student {s}");
            let mut results = results_of(&pack, &name, &[("q1", pick(&[0]))]);
            let session = &mut results.sessions[0];
            let answer = session.answers[0].clone();
            session.answers = (0..questions)
                .map(|q| ResultAnswer {
                    question_id: format!("q{q}"),
                    score: ((q + s) % 2) as f64,
                    answered_at_ms: q as i64,
                    overridden: false,
                    ..answer.clone()
                })
                .collect();
            ClassFile {
                name: format!("{name}.json"),
                results: Ok(results),
            }
        })
        .collect()
}

/// The lines of the text report's section that starts with `title`.
fn section<'t>(text: &'t str, title: &str) -> Vec<&'t str> {
    text.split("\n\n")
        .find(|s| s.starts_with(title))
        .unwrap_or_else(|| panic!("no section {title} in {text}"))
        .lines()
        .skip(1)
        .collect()
}

#[test]
fn a_thousand_items_stay_in_line() {
    let report = class::aggregate(&big_class(3, 1001), None, None, None);
    let text = report.to_text();
    let items = section(&text, "Items");
    assert_eq!(items.len(), 1002, "header and one line per item");
    let column = |line: &str| line.find('q').or_else(|| line.find("question"));
    let first = column(items[0]).unwrap();
    for line in &items {
        assert_eq!(column(line), Some(first), "{line}");
    }
    assert!(
        items.iter().any(|l| l.starts_with("  1001  q1000 ")),
        "{text}"
    );
    assert!(items[1].starts_with("     1  q0 "), "{}", items[1]);
}

fn gap_row(category: &str, title: &str, answered: usize) -> GapRow {
    GapRow {
        mastery: Mastery {
            category: category.to_owned(),
            mean: 0.5,
            low: 0.3,
            high: 0.7,
            answered,
            evidence: answered as f64,
            seen: answered,
            total: 10,
            ..Mastery::unmeasured(category, 10)
        },
        title: title.to_owned(),
        target: Some(0.6),
    }
}

#[test]
fn wide_and_combining_titles_keep_the_gap_chart_in_line() {
    let report = GapReport {
        pack_id: "wide".to_owned(),
        pack_version: "1.0.0".to_owned(),
        profile: None,
        readiness: None,
        rows: vec![
            gap_row("db", "数据库与数据管理 Databases", 10),
            gap_row("api", "Cafe\u{301} APIs", 8),
            gap_row("sec", "Security", 0),
            gap_row("long", "一二三四五六七八九十一二三四五六七八九十", 3),
        ],
        weakest: Vec::new(),
    };
    let text = report.to_text();
    // Where the bar starts, in terminal cells: the same on every row.
    let bar_at = |line: &str| {
        let start = line.find(['█', '▒', '░', '│', '┃'])?;
        Some(line[..start].width())
    };
    let rows: Vec<&str> = text
        .lines()
        .skip_while(|l| !l.starts_with("category"))
        .skip(1)
        .take(4)
        .collect();
    assert_eq!(rows.len(), 4, "{text}");
    let starts: Vec<Option<usize>> = rows.iter().map(|l| bar_at(l)).collect();
    assert!(
        starts.iter().all(|s| *s == Some(32 + 2)),
        "{starts:?}\n{text}"
    );
    // The long title is cut to 32 cells: 16 wide characters.
    assert!(
        rows[3].starts_with("一二三四五六七八九十一二三四五六  █"),
        "{text}"
    );
}

/// A pack without profiles has no profile to choose: the report says why there is no
/// readiness instead of pointing at `--profile`.
#[test]
fn a_pack_without_profiles_is_not_told_to_choose_one() {
    let report = GapReport {
        pack_id: "plain".to_owned(),
        pack_version: "1.0.0".to_owned(),
        profile: None,
        readiness: None,
        rows: vec![gap_row("db", "Databases", 3)],
        weakest: Vec::new(),
    };
    let text = report.to_text();
    assert!(text.contains("this pack has no profiles"), "{text}");
    assert!(!text.contains("--profile"), "{text}");
}

/// Calibration has an overall row: every category together, per confidence level, in every
/// format (it listed categories only, so "when I am sure, how often am I right?" had to be
/// added up by hand).
#[test]
fn calibration_has_an_overall_row_in_every_format() {
    use skillgap::learning::calibration::CalibrationBuilder;
    use skillgap::quiz::Confidence;
    let pack = skillgap::pack::load_bundled().unwrap();
    let mut builder = CalibrationBuilder::new();
    let mut right_when_sure = 0;
    let mut sure = 0;
    for (i, q) in pack.questions.iter().take(30).enumerate() {
        let score = if i % 3 == 0 { 0.0 } else { 1.0 };
        if i % 2 == 0 {
            sure += 1;
            right_when_sure += usize::from(score == 1.0);
        }
        let confidence = if i % 2 == 0 {
            Confidence::High
        } else {
            Confidence::Low
        };
        builder.add(&q.id, &q.category, score, confidence, i as i64);
    }
    let calibration = builder.finish(&pack);
    let overall = calibration.overall();
    assert_eq!(overall.level(Confidence::High).answers, sure);
    assert_eq!(overall.level(Confidence::High).right, right_when_sure);
    let text = progress::calibration_text(&pack, &calibration);
    let row = text
        .lines()
        .find(|l| l.contains("All categories"))
        .unwrap_or_else(|| panic!("{text}"));
    let share = (100.0 * right_when_sure as f64 / sure as f64).round();
    assert!(row.contains(&format!("{share:.0}% of {sure}")), "{row}");
    assert!(progress::calibration_markdown(&pack, &calibration).contains("**All categories**"));
    let json = progress::calibration_json(&pack, &calibration);
    assert_eq!(json["overall"]["high"]["answers"], sure);
    assert!(progress::calibration_csv(&calibration).contains("\nall,high,"));
}
