use super::*;
use crate::pack::load_str;
use proptest::prelude::*;
use std::fmt::Write as _;

const CATEGORIES: usize = 3;
const PER_CATEGORY: usize = 12;

/// Three categories of mixed kinds and labels, one profile with a target on each.
fn pack() -> Pack {
    let mut text = String::from(r#"Pack(id: "p", title: "P", version: "1", categories: ["#);
    for c in 0..CATEGORIES {
        let _ = write!(text, r#"(id: "c{c}", title: "C{c}"),"#);
    }
    text.push_str(
        r#"], profiles: [(id: "r", title: "R", targets: {"c0": 0.5, "c1": 0.7, "c2": 0.85})], questions: ["#,
    );
    for c in 0..CATEGORIES {
        for i in 0..PER_CATEGORY {
            let difficulty = ["Easy", "Medium", "Hard"][i % 3];
            let kind = match i % 4 {
                0 => {
                    r#"Single(choices: [(text: "a", correct: true), (text: "b"), (text: "c"), (text: "d")])"#
                }
                1 => "TrueFalse(answer: true)",
                2 => r#"Short(accept: ["x"])"#,
                _ => r#"Order(items: ["a", "b", "c"])"#,
            };
            let _ = write!(
                text,
                r#"(id: "c{c}q{i}", category: "c{c}", difficulty: {difficulty}, prompt: "p", kind: {kind}, explanation: "e"),"#
            );
        }
    }
    text.push_str("])");
    load_str("p.ron", &text).unwrap_or_else(|e| panic!("{e}"))
}

/// (category, question, score, age in days), added oldest first.
type History = Vec<(usize, usize, f64, f64)>;

fn accumulate(history: &History) -> Accumulator {
    let mut sorted = history.clone();
    sorted.sort_by(|a, b| b.3.total_cmp(&a.3));
    let mut acc = Accumulator::new();
    for (c, q, score, age) in sorted {
        acc.add(
            &format!("c{c}"),
            &format!("c{c}q{q}"),
            Difficulty::Medium,
            score,
            age,
        );
    }
    acc
}

fn rows_of(pack: &Pack, acc: &Accumulator) -> Vec<GapRow> {
    gap_rows(pack, &acc.finish(pack), pack.profile("r"))
}

fn by_category(rows: &[GapRow]) -> Vec<GapRow> {
    let mut rows = rows.to_vec();
    rows.sort_by(|a, b| a.mastery.category.cmp(&b.mastery.category));
    rows
}

fn history() -> impl Strategy<Value = History> {
    prop::collection::vec(
        (
            0..CATEGORIES,
            0..PER_CATEGORY,
            prop_oneof![Just(0.0), Just(1.0), 0.0f64..=1.0],
            prop_oneof![Just(0.0), 0.0f64..400.0],
        ),
        0..40,
    )
}

const EPS: f64 = 1e-9;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn a_right_answer_never_lowers_and_a_wrong_one_never_raises(history in history(), c in 0..CATEGORIES, q in 0..PER_CATEGORY) {
        let pack = pack();
        let before = by_category(&rows_of(&pack, &accumulate(&history)));
        for (score, up) in [(1.0, true), (0.0, false)] {
            let mut acc = accumulate(&history);
            acc.add(&format!("c{c}"), &format!("c{c}q{q}"), Difficulty::Medium, score, 0.0);
            let after = by_category(&rows_of(&pack, &acc));
            for (b, a) in before.iter().zip(&after) {
                let pairs = [
                    (b.mastery.mean, a.mastery.mean),
                    (b.p_met().unwrap_or(0.0), a.p_met().unwrap_or(0.0)),
                ];
                for (old, new) in pairs {
                    if up {
                        prop_assert!(new >= old - EPS, "right answer lowered {old} to {new}");
                    } else {
                        prop_assert!(new <= old + EPS, "wrong answer raised {old} to {new}");
                    }
                }
            }
            let (r0, r1) = (readiness(&before).unwrap_or(0.0), readiness(&after).unwrap_or(0.0));
            let (e0, e1) = (expected_targets_met(&before), expected_targets_met(&after));
            if up {
                prop_assert!(r1 >= r0 - EPS);
            } else {
                prop_assert!(r1 <= r0 + EPS);
                // A wrong answer can only lower the probability-weighted count, except
                // that it may make a category measured at all (it then adds ≥ 0).
                if before.iter().all(|r| r.mastery.answered > 0) {
                    prop_assert!(e1 <= e0 + EPS);
                }
            }
        }
    }

    #[test]
    fn a_higher_score_never_lowers_mastery(history in history(), low in 0.0f64..=1.0, high in 0.0f64..=1.0, q in 0..PER_CATEGORY) {
        let (low, high) = if low <= high { (low, high) } else { (high, low) };
        let pack = pack();
        let estimate = |score: f64| {
            let mut acc = accumulate(&history);
            acc.add("c0", &format!("c0q{q}"), Difficulty::Medium, score, 0.0);
            acc.finish(&pack).remove(0)
        };
        prop_assert!(estimate(high).mean >= estimate(low).mean - EPS);
    }

    #[test]
    fn time_passing_widens_the_band_and_never_moves_the_estimate(history in history(), days in 1.0f64..720.0) {
        let pack = pack();
        let mut acc = accumulate(&history);
        let now = acc.finish(&pack);
        acc.age(days);
        let later = acc.finish(&pack);
        for (n, l) in now.iter().zip(&later) {
            prop_assert!((n.mean - l.mean).abs() < 1e-9, "estimate moved from {} to {}", n.mean, l.mean);
            prop_assert!(l.low <= n.low + EPS && l.high >= n.high - EPS, "band narrowed: {:?} → {:?}", (n.low, n.high), (l.low, l.high));
            prop_assert!(l.evidence <= n.evidence + EPS);
        }
    }

    #[test]
    fn more_answers_narrow_the_band(pattern in prop::collection::vec(0.0f64..=1.0, 1..6), times in 1usize..4) {
        let pack = pack();
        let width = |n: usize| {
            let mut acc = Accumulator::new();
            // Distinct questions (a repeat of the same one is not evidence).
            for (i, s) in pattern.iter().cycle().take(pattern.len() * n).enumerate() {
                acc.add("c0", &format!("x{i}"), Difficulty::Medium, *s, 0.0);
            }
            let m = acc.finish(&pack).remove(0);
            m.high - m.low
        };
        prop_assert!(width(times + 1) <= width(times) + 1e-6);
    }

    #[test]
    fn estimates_stay_in_range(history in history()) {
        let pack = pack();
        for m in accumulate(&history).finish(&pack) {
            prop_assert!(0.0 <= m.low && m.low <= m.mean && m.mean <= m.high && m.high <= 1.0);
            let p = m.p_at_least(0.6);
            prop_assert!((0.0..=1.0).contains(&p));
        }
    }

    #[test]
    fn rescoring_the_latest_answer_is_adding_it_with_the_new_score(history in history(), c in 0..CATEGORIES, q in 0..PER_CATEGORY, was in 0.0f64..=1.0, score in 0.0f64..=1.0) {
        let pack = pack();
        let with = |score: f64| {
            let mut acc = accumulate(&history);
            acc.add(&format!("c{c}"), &format!("c{c}q{q}"), Difficulty::Medium, score, 0.0);
            acc
        };
        let mut rescored = with(was);
        rescored.rescore_latest(&format!("c{c}"), &format!("c{c}q{q}"), was, score);
        let rescored = rescored.finish(&pack);
        for (r, f) in rescored.iter().zip(&with(score).finish(&pack)) {
            prop_assert_eq!((r.answered, r.repeats, r.seen), (f.answered, f.repeats, f.seen));
            for (a, b) in [(r.mean, f.mean), (r.low, f.low), (r.high, f.high), (r.evidence, f.evidence), (r.p_at_least(0.6), f.p_at_least(0.6))] {
                prop_assert!((a - b).abs() < EPS, "{}: rescored {a}, added {b}", r.category);
            }
        }
    }

    #[test]
    fn a_category_never_answered_is_never_met(history in history()) {
        let pack = pack();
        let history: History = history.into_iter().filter(|h| h.0 != 2).collect();
        let rows = rows_of(&pack, &accumulate(&history));
        for row in rows.iter().filter(|r| r.mastery.category == "c2") {
            prop_assert_eq!(row.verdict(), Some(Verdict::Unmeasured));
            prop_assert!(!row.met());
        }
    }
}

#[test]
fn an_answer_soon_after_the_same_question_is_not_evidence() {
    let pack = pack();
    let mut acc = Accumulator::new();
    acc.add("c0", "c0q1", Difficulty::Medium, 0.0, 0.01);
    let once = acc.finish(&pack).remove(0);
    // Two minutes later, after reading the answer: right this time.
    acc.add("c0", "c0q1", Difficulty::Medium, 1.0, 0.0);
    let again = acc.finish(&pack).remove(0);
    assert_eq!(again.mean, once.mean);
    assert_eq!((again.answered, again.repeats), (1, 1));
    // A week later it is fresh evidence again.
    acc.age(7.0);
    acc.add("c0", "c0q1", Difficulty::Medium, 1.0, 0.0);
    let later = acc.finish(&pack).remove(0);
    assert!(later.mean > again.mean);
    assert_eq!(later.answered, 2);
}

#[test]
fn rescoring_a_repeat_or_an_unanswered_question_changes_nothing() {
    let pack = pack();
    let mut acc = Accumulator::new();
    acc.add("c0", "c0q1", Difficulty::Medium, 0.0, 0.01);
    acc.add("c0", "c0q1", Difficulty::Medium, 0.0, 0.0);
    let before = acc.finish(&pack).remove(0);
    // The latest answer was a repeat: it counted for nothing, whatever its score.
    acc.rescore_latest("c0", "c0q1", 0.0, 1.0);
    acc.rescore_latest("c0", "c0q2", 0.0, 1.0);
    acc.rescore_latest("c9", "c9q1", 0.0, 1.0);
    let after = acc.finish(&pack).remove(0);
    assert_eq!(after.mean, before.mean);
    assert_eq!(after.posterior, before.posterior);
    // A week later the question's answer is fresh evidence, and rescoring it counts.
    acc.age(7.0);
    acc.add("c0", "c0q1", Difficulty::Medium, 0.0, 0.0);
    let wrong = acc.finish(&pack).remove(0);
    acc.rescore_latest("c0", "c0q1", 0.0, 1.0);
    assert!(acc.finish(&pack).remove(0).mean > wrong.mean);
}

#[test]
fn no_answers_means_no_verdict_and_a_wide_band() {
    let pack = pack();
    let rows = rows_of(&pack, &Accumulator::new());
    for row in &rows {
        assert!(!row.mastery.enough());
        assert!(
            row.mastery.high - row.mastery.low > 0.3,
            "{:?}",
            row.mastery
        );
        assert_eq!(row.verdict(), Some(Verdict::Unmeasured));
    }
    assert_eq!(readiness(&rows), Some(0.0));
    assert_eq!(targets_met(&rows), Some(TargetsMet { met: 0, total: 3 }));
    assert_eq!(expected_targets_met(&rows), 0.0);
}

#[test]
fn many_right_answers_meet_the_target_and_many_wrong_ones_miss_it() {
    let pack = pack();
    let mut acc = Accumulator::new();
    for q in 0..PER_CATEGORY {
        acc.add("c0", &format!("c0q{q}"), Difficulty::Hard, 1.0, 0.0);
        acc.add("c1", &format!("c1q{q}"), Difficulty::Easy, 0.0, 0.0);
    }
    let rows = by_category(&rows_of(&pack, &acc));
    assert_eq!(rows[0].verdict(), Some(Verdict::Above));
    assert!(rows[0].mastery.mean > 0.8);
    assert_eq!(rows[1].verdict(), Some(Verdict::Below));
    assert!(rows[1].mastery.mean < 0.4);
    assert_eq!(targets_met(&rows), Some(TargetsMet { met: 1, total: 3 }));
    assert!((readiness(&rows).unwrap_or(0.0) - 1.0 / 3.0).abs() < 1e-12);
}

#[test]
fn a_hard_question_answered_right_says_more_than_an_easy_one() {
    let pack = pack();
    let one = |id: &str| {
        let mut acc = Accumulator::new();
        acc.add("c0", id, Difficulty::Medium, 1.0, 0.0);
        acc.finish(&pack).remove(0).mean
    };
    // c0q2 is Hard, c0q0 is Easy (labels cycle Easy, Medium, Hard).
    assert!(one("c0q2") > one("c0q0"));
}

#[test]
fn a_right_true_false_answer_says_less_than_a_right_choice_among_four() {
    let pack = pack();
    let one = |id: &str| {
        let mut acc = Accumulator::new();
        acc.add("c0", id, Difficulty::Medium, 1.0, 0.0);
        acc.finish(&pack).remove(0).mean
    };
    // Both Medium: c0q4 is a Single on four choices, c0q1 a TrueFalse (a coin flip).
    assert!(one("c0q4") > one("c0q1"));
}

#[test]
fn gap_rows_put_measured_categories_first() {
    let pack = pack();
    let mut acc = Accumulator::new();
    for i in 0..10 {
        acc.add("c1", &format!("c1q{i}"), Difficulty::Medium, 0.2, 0.0);
    }
    acc.add("c0", "c0q0", Difficulty::Medium, 1.0, 0.0);
    let rows = rows_of(&pack, &acc);
    let order: Vec<&str> = rows.iter().map(|r| r.mastery.category.as_str()).collect();
    assert_eq!(order, ["c1", "c0", "c2"]);
}

proptest! {
    /// m(θ) from curves shared by questions of one difficulty and slope is, at every point,
    /// the mean of each question's own expected score, whatever the floors and counts.
    #[test]
    fn shared_curves_give_each_questions_own_mean(
        questions in prop::collection::vec(
            (0usize..3, any::<bool>(), 0.0f64..0.95, 1u8..6),
            0..24,
        ),
        theta in -6.0f64..8.0,
    ) {
        let mix: Vec<(ItemParams, f64)> = questions
            .iter()
            .map(|&(level, fitted, floor, count)| {
                let difficulty = [Difficulty::Easy, Difficulty::Medium, Difficulty::Hard][level];
                let params = if fitted {
                    ItemParams::fitted(authored_logit(difficulty) * 0.7, floor)
                } else {
                    ItemParams::authored(difficulty, floor)
                };
                (params, f64::from(count))
            })
            .collect();
        let fallback = [(ItemParams::authored(Difficulty::Medium, 0.0), 1.0)];
        let each = if mix.is_empty() { &fallback[..] } else { &mix[..] };
        let count: f64 = each.iter().map(|(_, n)| n).sum();
        let own_mean: f64 =
            each.iter().map(|(p, n)| n * p.expected_score(theta)).sum::<f64>() / count;
        let shared = CurveMix::of(&mix);
        prop_assert!((shared.at(theta) - own_mean).abs() < 1e-12);
        let distinct_curves = {
            let mut seen: Vec<(u64, u64)> = Vec::new();
            for (p, _) in each {
                let key = (p.difficulty.to_bits(), p.slope.to_bits());
                if !seen.contains(&key) {
                    seen.push(key);
                }
            }
            seen.len()
        };
        prop_assert_eq!(shared.curves.len(), distinct_curves);
    }
}
