//! GIFT against mutated input: seeded mutants of a file using every construct (2,000 by
//! default; `SKILLGAP_FUZZ_CASES=100000 cargo test --release --test formats_gift` for the full
//! run). No panic, no unsafe character in a warning, and whatever imports is a valid pack
//! that survives export → import with the same number of questions.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod formats_support;

use skillgap::formats::gift;
use skillgap::pack;

/// GIFT's own syntax, spliced into the mutants so they reach deep into the parser.
const PIECES: &[&str] = &[
    "{",
    "}",
    "=",
    "~",
    "#",
    "->",
    "::",
    "//",
    "\\",
    "[html]",
    "[markdown]",
    "{T}",
    "{FALSE}",
    "{#",
    ":",
    "..",
    "%50%",
    "%-100%",
    "\n\n",
    "$CATEGORY: a/b\n",
    "\u{202E}",
    "\u{1b}[2J",
    "<img src=\"x.png\">",
    "[id:q]",
    "[tag:t]",
    "\\]",
    "*",
    "€",
];

#[test]
fn mutated_gift_never_panics_and_what_imports_round_trips() {
    let base = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/gift/all-constructs.gift"),
    )
    .unwrap();
    let mut rng = formats_support::Rng::new(0x61f7_0013);
    let cases = formats_support::cases();
    let mut imported_some = 0;
    for _ in 0..cases {
        let input = formats_support::mutate(&base, PIECES, &mut rng);
        let result = gift::import::import(&input, "fuzz.gift");
        for warning in &result.warnings {
            assert!(!skillgap::text::has_forbidden(&warning.render("fuzz.gift")));
        }
        if let Some(pack) = &result.pack {
            imported_some += 1;
            let ron = pack::canonical::to_ron(pack).unwrap();
            pack::load_str("fuzz.ron", &ron).unwrap();
            let exported = gift::export::export(pack);
            let again = gift::import::import(&exported.text, "again.gift");
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
