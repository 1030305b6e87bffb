//! The bundled bank meets the bar issue 5 sets: size, spread, quality, and no lint problems.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use skillgap::pack::{self, Difficulty, KindName, Pack, lint};
use std::process::Command;

fn bank() -> Pack {
    pack::load_path(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("questions/backend"))
        .unwrap_or_else(|e| panic!("{e}"))
}

const TECHNICAL: [&str; 9] = [
    "languages",
    "frameworks",
    "databases",
    "apis",
    "security",
    "collaboration",
    "deployment",
    "performance",
    "architecture",
];

#[test]
fn stats_meet_the_size_and_spread_thresholds() {
    let out = Command::new(env!("CARGO_BIN_EXE_skillgap"))
        .args(["pack", "stats", "questions/backend", "--format", "json"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stats: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let n = |v: &serde_json::Value| v.as_u64().unwrap() as f64;
    let total = n(&stats["questions"]);
    assert!(total >= 440.0, "{total} questions");
    let categories = stats["categories"].as_object().unwrap();
    assert_eq!(categories.len(), 11);
    for (id, count) in categories {
        assert!(n(count) >= 35.0, "{id}: {count}");
    }
    let kinds = &stats["kinds"];
    assert!(
        n(&kinds["Single"]) <= 0.45 * total,
        "Single {}",
        kinds["Single"]
    );
    assert!(n(&kinds["Open"]) >= 45.0);
    assert!(n(&kinds["Order"]) >= 25.0);
    assert!(n(&kinds["Match"]) >= 25.0);
    assert!(n(&kinds["Short"]) + n(&kinds["Numeric"]) >= 40.0);
}

#[test]
fn every_category_is_spread_over_kinds_and_difficulty() {
    let pack = bank();
    for category in &pack.categories {
        let questions: Vec<_> = pack
            .questions
            .iter()
            .filter(|q| q.category == category.id)
            .collect();
        let share = |d: Difficulty| {
            questions.iter().filter(|q| q.difficulty == d).count() as f64 / questions.len() as f64
        };
        assert!(
            share(Difficulty::Easy) >= 0.25,
            "{}: Easy {:.2}",
            category.id,
            share(Difficulty::Easy)
        );
        assert!(
            share(Difficulty::Hard) >= 0.25,
            "{}: Hard {:.2}",
            category.id,
            share(Difficulty::Hard)
        );
        if TECHNICAL.contains(&category.id.as_str()) {
            for kind in KindName::ALL {
                assert!(
                    questions.iter().any(|q| q.kind.name() == kind),
                    "{} has no {kind:?}",
                    category.id
                );
            }
        }
    }
}

#[test]
fn questions_teach_and_choices_explain_themselves() {
    let pack = bank();
    let explained: Vec<bool> = pack
        .questions
        .iter()
        .filter_map(lint::wrong_choices_explained)
        .collect();
    let share = explained.iter().filter(|e| **e).count() as f64 / explained.len() as f64;
    assert!(
        share >= 0.6,
        "only {:.0}% of choice questions explain their wrong choices",
        share * 100.0
    );
    for q in &pack.questions {
        assert!(
            q.explanation.split_whitespace().count() >= 8,
            "{}: the explanation should teach the why",
            q.id
        );
        if let pack::Kind::Open { rubric, .. } = &q.kind {
            assert!(
                (3..=6).contains(&rubric.len()),
                "{}: Open questions have 3 to 6 rubric points",
                q.id
            );
        }
    }
    for profile in ["junior", "mid", "senior"] {
        assert_eq!(pack.profile(profile).unwrap().targets.len(), 11);
    }
}

#[test]
fn no_near_duplicate_prompts() {
    let pairs = lint::near_duplicate_prompts(&bank());
    assert!(pairs.is_empty(), "near-duplicate prompts: {pairs:?}");
}

#[test]
fn no_answer_position_bias_and_no_positional_choices_when_shuffled() {
    let pack = bank();
    if let Some((position, share)) = lint::position_bias(&lint::correct_positions(&pack, false), 5)
    {
        assert!(
            share <= 0.5,
            "with shuffling off, the answer sits in position {} {:.0}% of the time",
            position + 1,
            share * 100.0
        );
    }
    // Written order matters too: it is what a reviewer sees and what `shuffle: false` shows.
    let (position, share) = lint::position_bias(&lint::correct_positions(&pack, true), 5).unwrap();
    assert!(
        share <= 0.4,
        "as written, the answer sits in position {} {:.0}% of the time",
        position + 1,
        share * 100.0
    );
    assert_eq!(
        lint::positional_choices_in_shuffled(&pack),
        Vec::<String>::new()
    );
    let longest = lint::longest_is_correct(&pack);
    assert!(
        longest.len() * 10 <= pack.questions.len(),
        "the correct choice is conspicuously the longest in {longest:?}"
    );
}

/// The lint checks themselves catch what they should (so a clean bank means something).
#[test]
fn lint_checks_catch_duplicates_bias_and_positional_choices() {
    let q = |id: &str, prompt: &str, answer: usize, shuffle: bool, extra: &str| {
        let choices: Vec<String> = (0..4)
            .map(|i| {
                format!(
                    "(text: \"choice {i}{}\"{})",
                    if i == 3 { extra } else { "" },
                    if i == answer { ", correct: true" } else { "" }
                )
            })
            .collect();
        format!(
            "(id: \"{id}\", category: \"c\", difficulty: Easy, prompt: \"{prompt}\", shuffle: {shuffle}, kind: Single(choices: [{}]), explanation: \"e\"),",
            choices.join(", ")
        )
    };
    let mut questions = String::new();
    for i in 0..6 {
        questions.push_str(&q(
            &format!("q{i}"),
            &format!("Unrelated prompt number {i} about topic {}", i * 7),
            0,
            false,
            "",
        ));
    }
    questions.push_str(&q(
        "dup-a",
        "Which index type does PostgreSQL build by default?",
        1,
        true,
        "",
    ));
    questions.push_str(&q(
        "dup-b",
        "Which index type does PostgreSQL build by default",
        2,
        true,
        " or all of the above",
    ));
    let text = format!(
        "Pack(id: \"l\", title: \"L\", version: \"1\", categories: [(id: \"c\", title: \"C\")], questions: [{questions}])"
    );
    let pack = pack::load_str("lint.ron", &text).unwrap();
    let dups = lint::near_duplicate_prompts(&pack);
    assert_eq!(dups.len(), 1, "{dups:?}");
    assert_eq!((dups[0].0.as_str(), dups[0].1.as_str()), ("dup-a", "dup-b"));
    assert_eq!(
        lint::position_bias(&lint::correct_positions(&pack, false), 5),
        Some((0, 1.0))
    );
    assert_eq!(
        lint::positional_choices_in_shuffled(&pack),
        vec!["dup-b".to_owned()]
    );
}
