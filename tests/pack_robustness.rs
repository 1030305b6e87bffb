//! Robustness: generated and mutated inputs fed to the loader must never panic, and every
//! error they produce must render without raw control characters.
//!
//! 5,000 inputs by default; `SKILLGAP_FUZZ_CASES=100000 cargo test --release --test
//! pack_robustness` runs the full count.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use skillgap::pack::{self, SourceText};

/// A tiny deterministic generator (splitmix64): the failing case number reproduces a failure.
struct Gen(u64);

impl Gen {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

const TOKENS: &[&str] = &[
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    ",",
    ":",
    "\"",
    "r#\"",
    "\"#",
    "#",
    "\\",
    "/*",
    "*/",
    "//",
    "\n",
    "Pack",
    "Category",
    "Single",
    "Multi",
    "TrueFalse",
    "Short",
    "Numeric",
    "Order",
    "Match",
    "Open",
    "Some(",
    "None",
    "true",
    "false",
    "-",
    "1e309",
    "NaN",
    "inf",
    "0.5",
    "-0.0",
    "18446744073709551616",
    "id",
    "id:",
    "questions:",
    "kind:",
    "choices:",
    "text:",
    "correct: true",
    "\u{1b}[2J",
    "\u{202E}",
    "\u{0}",
    "é",
    "\u{FEFF}",
    "'",
    "b\"",
    "#![enable(implicit_some)]",
    "Easy",
    "answer:",
    "targets:",
];

fn mutate(g: &mut Gen, base: &str) -> String {
    let mut text: Vec<char> = base.chars().collect();
    for _ in 0..=g.below(4) {
        let at = g.below(text.len() + 1);
        match g.below(6) {
            0 => {
                let end = (at + g.below(40)).min(text.len());
                text.drain(at..end);
            }
            1 => {
                let token = TOKENS[g.below(TOKENS.len())];
                text.splice(at..at, token.chars());
            }
            2 if !text.is_empty() => {
                let from = g.below(text.len());
                let end = (from + g.below(60)).min(text.len());
                let slice: Vec<char> = text[from..end].to_vec();
                text.splice(at..at, slice);
            }
            3 => text.truncate(at),
            4 if at < text.len() => {
                text[at] = char::from_u32(g.below(0x3000) as u32).unwrap_or('?')
            }
            _ => {
                let soup: String = (0..g.below(30))
                    .map(|_| TOKENS[g.below(TOKENS.len())])
                    .collect();
                text.splice(at..at, soup.chars());
            }
        }
    }
    text.into_iter().collect()
}

fn check(result: Result<pack::Pack, pack::LoadError>) {
    if let Err(error) = result {
        assert!(!error.diagnostics.is_empty());
        let rendered = error.render(false);
        assert!(
            !rendered.chars().any(skillgap::text::is_forbidden),
            "{rendered:?}"
        );
        let plain = error.to_string();
        assert!(
            !plain.chars().any(skillgap::text::is_forbidden),
            "{plain:?}"
        );
    }
}

#[test]
fn mutated_and_generated_inputs_never_panic_the_loader() {
    let cases: usize = std::env::var("SKILLGAP_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(5_000);
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut seeds = vec![std::fs::read_to_string(root.join("valid/all-kinds.ron")).unwrap()];
    for entry in std::fs::read_dir(root.join("invalid")).unwrap() {
        seeds.push(std::fs::read_to_string(entry.unwrap().path()).unwrap());
    }
    let category = "Category(id: \"apis\", title: \"APIs\", questions: [(id: \"a\", difficulty: Easy, prompt: \"p\", kind: TrueFalse(answer: true), explanation: \"e\")])";
    let pack_ron = "Pack(id: \"d\", title: \"D\", version: \"1\", profiles: [(id: \"p\", title: \"P\", targets: {\"apis\": 0.5})])";
    let mut g = Gen(0x5EED);
    for case in 0..cases {
        let input = if case % 10 == 9 {
            (0..g.below(200))
                .map(|_| TOKENS[g.below(TOKENS.len())])
                .collect()
        } else {
            let seed = &seeds[g.below(seeds.len())];
            mutate(&mut g, seed)
        };
        check(pack::load_str(&format!("case-{case}.ron"), &input));
        if case % 4 == 0 {
            let files = vec![
                SourceText {
                    name: "pack.ron".into(),
                    text: mutate(&mut g, pack_ron),
                },
                SourceText {
                    name: "apis.ron".into(),
                    text: mutate(&mut g, category),
                },
            ];
            check(pack::load_directory_sources(files));
        }
    }
}
