//! The calibration fit against an independent implementation: the `girth` Python package's
//! Rasch estimates on the same seeded cohort (40 questions, 500 students), made by
//! `scripts/girth_crosscheck.py` and committed under `tests/fixtures/calibration/` (so this
//! test needs no Python). The fits must correlate at r ≥ 0.98; the test prints how far apart
//! they are.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use skillgap::learning::fit::{Observation, correlation, fit};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/calibration");

fn cohort() -> (usize, usize, Vec<Observation>) {
    let text = std::fs::read_to_string(format!("{FIXTURES}/cohort.txt")).unwrap();
    let mut observations = Vec::new();
    let mut items = 0;
    let mut persons = 0;
    for (person, line) in text.lines().enumerate() {
        items = line.len();
        persons = person + 1;
        for (item, c) in line.chars().enumerate() {
            observations.push(Observation {
                person,
                item,
                score: if c == '1' { 1.0 } else { 0.0 },
            });
        }
    }
    (items, persons, observations)
}

/// (true difficulty, girth MML, girth JML) per item.
fn girth() -> Vec<(f64, f64, f64)> {
    let text = std::fs::read_to_string(format!("{FIXTURES}/girth.csv")).unwrap();
    text.lines()
        .skip(1)
        .map(|line| {
            let f: Vec<f64> = line.split(',').map(|x| x.parse().unwrap()).collect();
            (f[1], f[2], f[3])
        })
        .collect()
}

fn centred(values: &[f64]) -> Vec<f64> {
    let mean = values.iter().sum::<f64>() / values.len() as f64;
    values.iter().map(|v| v - mean).collect()
}

#[test]
fn the_fit_agrees_with_girth_on_the_same_cohort() {
    let (items, persons, observations) = cohort();
    assert_eq!((items, persons), (40, 500));
    let fitted = fit(items, persons, &[], &observations, 20);
    let ours: Vec<f64> = fitted.difficulty.iter().map(|d| d.unwrap()).collect();
    let reference = girth();
    assert_eq!(reference.len(), items);
    let truth: Vec<f64> = centred(&reference.iter().map(|r| r.0).collect::<Vec<_>>());
    let mml: Vec<f64> = centred(&reference.iter().map(|r| r.1).collect::<Vec<_>>());
    let jml: Vec<f64> = centred(&reference.iter().map(|r| r.2).collect::<Vec<_>>());
    let pairs = |a: &[f64], b: &[f64]| a.iter().copied().zip(b.iter().copied()).collect::<Vec<_>>();
    let r_mml = correlation(&pairs(&ours, &mml)).unwrap();
    let r_jml = correlation(&pairs(&ours, &jml)).unwrap();
    let r_truth = correlation(&pairs(&ours, &truth)).unwrap();
    let gap = |other: &[f64]| {
        let diffs: Vec<f64> = ours.iter().zip(other).map(|(a, b)| (a - b).abs()).collect();
        (
            diffs.iter().sum::<f64>() / diffs.len() as f64,
            diffs.iter().copied().fold(0.0, f64::max),
        )
    };
    let (mean_mml, max_mml) = gap(&mml);
    let (mean_jml, max_jml) = gap(&jml);
    println!(
        "skillgap vs girth MML: r = {r_mml:.4}, mean |difference| {mean_mml:.3} logits, largest {max_mml:.3}"
    );
    println!(
        "skillgap vs girth JML: r = {r_jml:.4}, mean |difference| {mean_jml:.3} logits, largest {max_jml:.3}"
    );
    println!("skillgap vs the true difficulties: r = {r_truth:.4}");
    assert!(r_mml >= 0.98, "r = {r_mml}");
    assert!(r_jml >= 0.98, "r = {r_jml}");
    // On the same scale (both centred), the estimates sit within a fifth of a logit on
    // average: the penalised joint fit is close to girth's marginal one.
    assert!(
        mean_mml < 0.2,
        "mean |difference| from girth MML {mean_mml}"
    );
    assert!(r_truth >= 0.98, "r with the truth = {r_truth}");
}
