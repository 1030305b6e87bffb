//! The report writers' tables as a user sees them: untrusted text from results files is made
//! safe in every format, Markdown tables keep their shape, and counts read as English.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod class_support;

use class_support::*;
use skillgap::report::class::{self, ClassFile};

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
