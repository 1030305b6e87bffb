//! Aiken import and export: the fixture with its questions, skip reasons and warning lines;
//! hostile input; the round trip; the export's reports; and a seeded mutation run.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod formats_support;

use skillgap::formats::aiken;
use skillgap::pack::{self, Kind};
use std::path::Path;

fn read(name: &str) -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/aiken")
            .join(name),
    )
    .unwrap()
}

#[test]
fn questions_answers_and_skips_are_read_with_their_lines() {
    let imported = aiken::import(&read("bank.txt"), "bank.txt");
    let pack = imported.pack.as_ref().expect("a pack");
    assert_eq!(imported.converted, 2);
    assert_eq!(
        imported.skipped_why,
        vec![
            ("bad ANSWER".to_owned(), 1),
            ("without ANSWER".to_owned(), 1)
        ]
    );
    let places: Vec<(usize, usize)> = imported.warnings.iter().map(|w| (w.line, w.col)).collect();
    assert_eq!(places, vec![(12, 1), (19, 1), (0, 0)]);
    assert_eq!(pack.categories.len(), 1);
    assert_eq!(pack.categories[0].title, "bank");
    let q = &pack.questions[0];
    assert_eq!(
        q.prompt,
        "Which index type does PostgreSQL build by default?"
    );
    match &q.kind {
        Kind::Single {
            choices, answer, ..
        } => {
            assert_eq!(*answer, 0);
            let texts: Vec<&str> = choices.iter().map(|c| c.text.as_str()).collect();
            assert_eq!(texts, vec!["B-tree", "Hash", "GIN"]);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(q.explanation, "The right answer is: B-tree.");
    assert!(matches!(
        &pack.questions[1].kind,
        Kind::Single { answer: 1, .. }
    ));
}

#[test]
fn hostile_lines_are_cleaned_and_reported() {
    let input = "Which\u{202E} one?\u{1b}\nA. x\u{2066}\nB. y\nANSWER: B\n";
    let imported = aiken::import(input, "h.txt");
    let pack = imported.pack.as_ref().expect("a pack");
    assert_eq!(pack.questions[0].prompt, "Which one?");
    let lines: Vec<usize> = imported.warnings.iter().map(|w| w.line).collect();
    assert_eq!(lines, vec![1, 2, 0]);
    let long = format!(
        "{}\nA. x\nB. y\nANSWER: A\n",
        "q".repeat(aiken::MAX_LINE_BYTES + 1)
    );
    let imported = aiken::import(&long, "long.txt");
    assert!(imported.pack.is_none());
    assert!(imported.warnings[0].message.contains("longer than 64 KiB"));
}

#[test]
fn single_questions_round_trip_and_everything_else_is_reported() {
    let bank = pack::load_bundled().unwrap();
    let exported = aiken::export(&bank);
    let singles = bank
        .questions
        .iter()
        .filter(|q| matches!(q.kind, Kind::Single { .. }))
        .count();
    let true_false = bank
        .questions
        .iter()
        .filter(|q| matches!(q.kind, Kind::TrueFalse { .. }))
        .count();
    assert_eq!(
        exported.written + exported.skipped.len(),
        bank.questions.len()
    );
    assert_eq!(exported.written, singles + true_false);
    assert!(
        exported
            .skipped
            .iter()
            .all(|n| n.message.contains("Aiken holds only single-answer"))
    );
    let again = aiken::import(&exported.text, "bank.aiken");
    assert_eq!(again.converted, exported.written, "{:#?}", again.warnings);
    let again = again.pack.unwrap();
    let written: Vec<_> = bank
        .questions
        .iter()
        .filter(|q| matches!(q.kind, Kind::Single { .. } | Kind::TrueFalse { .. }))
        .collect();
    for (q, back) in written.iter().zip(&again.questions) {
        let one_line = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ");
        assert_eq!(back.prompt, one_line(&q.prompt), "{}", q.id);
        match (&q.kind, &back.kind) {
            (
                Kind::Single {
                    choices: a,
                    answer: x,
                    ..
                },
                Kind::Single {
                    choices: b,
                    answer: y,
                    ..
                },
            ) => {
                assert_eq!(x, y, "{}", q.id);
                let texts =
                    |c: &Vec<pack::Choice>| c.iter().map(|c| one_line(&c.text)).collect::<Vec<_>>();
                assert_eq!(texts(a), texts(b), "{}", q.id);
            }
            (Kind::TrueFalse { answer, .. }, Kind::Single { answer: y, .. }) => {
                assert_eq!(usize::from(!*answer), *y, "{}", q.id)
            }
            (a, b) => panic!("{}: {a:?} became {b:?}", q.id),
        }
    }
    assert!(
        exported
            .approximated
            .iter()
            .any(|n| n.message.contains("Aiken has no feedback"))
    );
}

const PIECES: &[&str] = &[
    "\nA. ",
    "\nB) ",
    "\nZ. ",
    "\nANSWER: ",
    "\nANSWER: Z",
    "\nanswer:a",
    "\n\n",
    "A",
    "\u{202E}",
    "\u{1b}",
    "\r\n",
    "\t",
    ". ",
    ") ",
    "é",
];

#[test]
fn mutated_files_never_panic_and_what_imports_round_trips() {
    let base = read("bank.txt");
    let mut rng = formats_support::Rng::new(0xa1ce_0013);
    let cases = formats_support::cases();
    let mut imported_some = 0;
    for _ in 0..cases {
        let input = formats_support::mutate(&base, PIECES, &mut rng);
        let result = aiken::import(&input, "fuzz.txt");
        for warning in &result.warnings {
            assert!(!skillgap::text::has_forbidden(&warning.render("fuzz.txt")));
        }
        if let Some(pack) = &result.pack {
            imported_some += 1;
            let ron = pack::canonical::to_ron(pack).unwrap();
            pack::load_str("fuzz.ron", &ron).unwrap();
            let exported = aiken::export(pack);
            let again = aiken::import(&exported.text, "again.txt");
            assert_eq!(
                again.converted, exported.written,
                "{input:?}\n{}",
                exported.text
            );
        }
    }
    assert!(
        imported_some > cases / 4,
        "{imported_some} of {cases} mutants imported"
    );
}
