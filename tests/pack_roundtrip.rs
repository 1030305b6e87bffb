//! Round trip: generated valid packs → RON → load → the same pack, field for field.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use proptest::prelude::*;
use skillgap::pack::raw::{
    Difficulty, RawCategory, RawChoice, RawCode, RawKind, RawPack, RawPair, RawProfile,
    RawQuestion, Targets,
};
use skillgap::pack::{self, canonical, tidy_code};

/// Text an author could write: any printable Unicode, quotes, backslashes, `#`, newlines and
/// tabs, never empty and never a forbidden character.
fn text() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9 éßж→\"\\\\#(){}\\[\\],:'\n\t]{0,24}".prop_map(|s| format!("t{s}"))
}

fn id() -> impl Strategy<Value = String> {
    "[a-z][a-z0-9-]{0,10}"
}

fn distinct_texts(min: usize, max: usize) -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec(text(), min..=max).prop_map(|texts| {
        texts
            .into_iter()
            .enumerate()
            .map(|(i, t)| format!("{i}:{t}"))
            .collect()
    })
}

fn choices(
    correct_mask: impl Strategy<Value = Vec<bool>>,
) -> impl Strategy<Value = Vec<RawChoice>> {
    (
        correct_mask,
        prop::collection::vec(prop::option::of(text()), 5),
    )
        .prop_flat_map(|(mask, whys)| {
            distinct_texts(mask.len(), mask.len()).prop_map(move |texts| {
                texts
                    .into_iter()
                    .zip(&mask)
                    .zip(&whys)
                    .map(|((text, correct), why)| RawChoice {
                        text,
                        correct: *correct,
                        why: why.clone(),
                    })
                    .collect()
            })
        })
}

fn kind() -> impl Strategy<Value = RawKind> {
    prop_oneof![
        (2usize..6).prop_flat_map(|n| (0..n).prop_flat_map(move |answer| {
            choices(Just((0..n).map(|i| i == answer).collect()))
                .prop_map(|choices| RawKind::Single { choices })
        })),
        prop::collection::vec(any::<bool>(), 2..6)
            .prop_filter("one correct", |mask| mask.contains(&true))
            .prop_flat_map(
                |mask| choices(Just(mask)).prop_map(|choices| RawKind::Multi { choices })
            ),
        any::<bool>().prop_map(|answer| RawKind::TrueFalse { answer }),
        (distinct_texts(1, 4), any::<bool>(), 0u8..=3).prop_map(
            |(accept, case_sensitive, typos)| {
                RawKind::Short {
                    accept,
                    case_sensitive,
                    typos,
                }
            }
        ),
        (-1e12f64..1e12, 0f64..1e6, prop::option::of(text())).prop_map(
            |(answer, tolerance, unit)| {
                RawKind::Numeric {
                    answer,
                    tolerance,
                    unit,
                }
            }
        ),
        distinct_texts(2, 6).prop_map(|items| RawKind::Order { items }),
        (distinct_texts(2, 5), distinct_texts(2, 5), 0usize..3).prop_map(
            |(lefts, rights, extra)| {
                let n = lefts.len().min(rights.len());
                let pairs = lefts
                    .iter()
                    .zip(&rights)
                    .take(n - extra.min(n - 2))
                    .map(|(l, r)| RawPair {
                        left: l.clone(),
                        right: r.clone(),
                    })
                    .collect::<Vec<_>>();
                let distractors = rights.iter().skip(pairs.len()).cloned().collect();
                RawKind::Match { pairs, distractors }
            }
        ),
        (text(), prop::collection::vec(text(), 1..5)).prop_map(|(model_answer, rubric)| {
            RawKind::Open {
                model_answer,
                rubric,
            }
        }),
    ]
}

fn difficulty() -> impl Strategy<Value = Difficulty> {
    prop_oneof![
        Just(Difficulty::Easy),
        Just(Difficulty::Medium),
        Just(Difficulty::Hard)
    ]
}

fn question() -> impl Strategy<Value = RawQuestion> {
    (
        difficulty(),
        prop::collection::vec(text(), 0..3),
        text(),
        prop::option::of((id(), text())),
        kind(),
        any::<bool>(),
        text(),
        prop::collection::vec(text(), 0..2),
        prop::option::of(-6.0f64..6.0),
    )
        .prop_map(
            |(difficulty, tags, prompt, code, kind, shuffle, explanation, references, fitted)| {
                RawQuestion {
                    id: String::new(),
                    category: None,
                    difficulty,
                    fitted_difficulty: fitted,
                    tags,
                    prompt,
                    code: code
                        .map(|(language, text)| RawCode {
                            language,
                            text: tidy_code(&text),
                        })
                        .filter(|code| !code.text.is_empty()),
                    kind,
                    shuffle,
                    explanation,
                    references,
                }
            },
        )
}

fn raw_pack() -> impl Strategy<Value = RawPack> {
    (
        id(),
        text(),
        text(),
        prop::collection::vec(text(), 0..3),
        prop::option::of(text()),
        prop::option::of(text()),
        prop::collection::vec((text(), prop::option::of(text())), 1..4),
        prop::collection::vec(
            (
                text(),
                prop::collection::vec((any::<prop::sample::Index>(), 0.0f64..=1.0), 0..4),
            ),
            0..3,
        ),
        prop::collection::vec((question(), any::<prop::sample::Index>()), 1..12),
    )
        .prop_map(
            |(
                id,
                title,
                version,
                authors,
                license,
                description,
                categories,
                profiles,
                questions,
            )| {
                let categories: Vec<RawCategory> = categories
                    .into_iter()
                    .enumerate()
                    .map(|(i, (title, description))| RawCategory {
                        id: format!("c{i}"),
                        title,
                        description,
                    })
                    .collect();
                let profiles = profiles
                    .into_iter()
                    .enumerate()
                    .map(|(i, (title, targets))| {
                        let mut seen = Vec::new();
                        for (index, target) in targets {
                            let category = index.get(&categories).id.clone();
                            if !seen.iter().any(|(c, _)| c == &category) {
                                seen.push((category, target));
                            }
                        }
                        RawProfile {
                            id: format!("p{i}"),
                            title,
                            description: None,
                            targets: Targets(seen),
                        }
                    })
                    .collect();
                let questions = questions
                    .into_iter()
                    .enumerate()
                    .map(|(i, (mut q, category))| {
                        q.id = format!("q{i}");
                        q.category = Some(category.get(&categories).id.clone());
                        q
                    })
                    .collect();
                RawPack {
                    id,
                    title,
                    version,
                    authors,
                    license,
                    description,
                    categories,
                    profiles,
                    questions,
                }
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn generated_packs_survive_ron_and_loading_unchanged(raw in raw_pack()) {
        let ron = ron::ser::to_string_pretty(&raw, ron::ser::PrettyConfig::new().struct_names(true)).unwrap();
        let loaded = pack::load_str("generated.ron", &ron).unwrap_or_else(|e| panic!("{e}\n{ron}"));
        prop_assert_eq!(&canonical::to_raw(&loaded), &raw);
        // And the checked pack written back out loads to an equal pack.
        let again = pack::load_str("again.ron", &canonical::to_ron(&loaded).unwrap()).unwrap();
        prop_assert_eq!(again, loaded);
    }
}
