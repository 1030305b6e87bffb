//! The learning engine's pure core: the rating mapping (monotone in score, confidence and
//! time effects), FSRS state updates, and the review plan (no duplicates, due first, filters
//! respected, due mode only due, gaps steer the rest).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

use proptest::prelude::*;
use skillgap::learning::select::{CategoryNeed, Reason};
use skillgap::learning::{
    Answer, Confidence, DAY_MS, PackKnowledge, Rating, ReviewMode, ReviewRequest, ScheduleState,
    grade, next_state, plan_review,
};
use skillgap::pack::{self, Difficulty, KindName, Pack};
use skillgap::quiz::Filters;

const NOW: i64 = 1_800_000_000_000;

fn confidence() -> impl Strategy<Value = Option<Confidence>> {
    prop_oneof![
        Just(None),
        Just(Some(Confidence::Low)),
        Just(Some(Confidence::Medium)),
        Just(Some(Confidence::High)),
    ]
}

fn kind() -> impl Strategy<Value = Option<KindName>> {
    prop_oneof![
        Just(None),
        prop::sample::select(KindName::ALL.to_vec()).prop_map(Some)
    ]
}

proptest! {
    #[test]
    fn a_higher_score_never_gets_a_lower_rating(
        a in 0.0f64..=1.0, b in 0.0f64..=1.0, c in confidence(), k in kind(), ms in 0u64..300_000
    ) {
        let (low, high) = if a <= b { (a, b) } else { (b, a) };
        let rate = |score| grade(&Answer { score, confidence: c, kind: k, time_taken_ms: ms }).rating;
        prop_assert!(rate(low) <= rate(high));
    }

    #[test]
    fn more_confidence_in_a_right_answer_never_lowers_its_rating(k in kind(), ms in 0u64..300_000) {
        let rate = |c| grade(&Answer { score: 1.0, confidence: Some(c), kind: k, time_taken_ms: ms }).rating;
        prop_assert!(rate(Confidence::Low) <= rate(Confidence::Medium));
        prop_assert!(rate(Confidence::Medium) <= rate(Confidence::High));
        prop_assert!(rate(Confidence::Low) <= Rating::Hard, "right but unsure is at most Hard");
    }

    #[test]
    fn time_only_nudges_right_answers(score in 0.0f64..=1.0, c in confidence(), k in kind(), ms in 0u64..600_000) {
        let with = grade(&Answer { score, confidence: c, kind: k, time_taken_ms: ms });
        let without = grade(&Answer { score, confidence: c, kind: k, time_taken_ms: 0 });
        if score < 0.999 {
            prop_assert_eq!(with, without);
        } else {
            prop_assert!(with.rating != Rating::Again);
            let steps = (with.rating as i32 - without.rating as i32).abs();
            prop_assert!(steps <= 1);
        }
        if k == Some(KindName::Open) || k.is_none() {
            prop_assert_eq!(with, without);
        }
    }

    #[test]
    fn only_wrong_answers_given_while_sure_are_flagged(score in 0.0f64..=1.0, c in confidence()) {
        let graded = grade(&Answer { score, confidence: c, kind: None, time_taken_ms: 0 });
        prop_assert_eq!(graded.confidently_wrong, score < 0.5 && c == Some(Confidence::High));
        if score < 0.5 {
            prop_assert_eq!(graded.rating, Rating::Again);
        }
    }
}

#[test]
fn a_changed_answer_key_starts_the_schedule_over() {
    let mut state = next_state(None, Rating::Good, NOW, "v1", 0.9).unwrap();
    for _ in 0..3 {
        state = next_state(Some(&state), Rating::Good, state.due_ms, "v1", 0.9).unwrap();
    }
    assert_eq!(state.reps, 4);
    let reset = next_state(Some(&state), Rating::Good, state.due_ms, "v2", 0.9).unwrap();
    let new = next_state(None, Rating::Good, state.due_ms, "v2", 0.9).unwrap();
    assert_eq!(reset, new);
}

// ----- review plans -----

/// A pack with `categories` categories of `per` questions each, kinds and difficulties mixed,
/// tags "even"/"odd", and a profile with a target of 0.8 everywhere.
fn bank(categories: usize, per: usize) -> Pack {
    let mut text = String::from("Pack(id: \"sim\", title: \"Sim\", version: \"1\", categories: [");
    for c in 0..categories {
        let _ = write!(text, "(id: \"c{c}\", title: \"Category {c}\"),");
    }
    text.push_str("], profiles: [(id: \"p\", title: \"P\", targets: {");
    for c in 0..categories {
        let _ = write!(text, "\"c{c}\": 0.8,");
    }
    text.push_str("})], questions: [");
    for c in 0..categories {
        for i in 0..per {
            let difficulty = ["Easy", "Medium", "Hard"][i % 3];
            let tag = if i % 2 == 0 { "even" } else { "odd" };
            let kind = if i % 4 == 3 {
                "Single(choices: [(text: \"a\", correct: true), (text: \"b\"), (text: \"c\")])"
            } else {
                "TrueFalse(answer: true)"
            };
            let _ = write!(
                text,
                "(id: \"c{c}-q{i}\", category: \"c{c}\", difficulty: {difficulty}, tags: [\"{tag}\"], prompt: \"Question {i} of {c}?\", kind: {kind}, explanation: \"e\"),"
            );
        }
    }
    text.push_str("])");
    pack::load_str("sim.ron", &text).unwrap_or_else(|e| panic!("{e}"))
}

fn state(due_ms: i64, last_review_ms: i64, stability: f64) -> ScheduleState {
    ScheduleState {
        stability,
        difficulty: 5.0,
        due_ms,
        reps: 1,
        lapses: 0,
        last_review_ms: Some(last_review_ms),
        content_hash: String::from("h"),
    }
}

/// Knowledge with explicit needs per category and states per question index.
fn knowledge(pack: &Pack, gaps: &[f64], states: HashMap<usize, ScheduleState>) -> PackKnowledge {
    let index: HashMap<&str, usize> = pack
        .categories
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id.as_str(), i))
        .collect();
    PackKnowledge {
        states: (0..pack.questions.len())
            .map(|q| states.get(&q).cloned())
            .collect(),
        category_of: pack
            .questions
            .iter()
            .map(|q| index[q.category.as_str()])
            .collect(),
        needs: pack
            .categories
            .iter()
            .zip(gaps)
            .map(|(c, gap)| CategoryNeed::new(&c.id, *gap, 0.2))
            .collect(),
    }
}

fn request<'a>(
    packs: &'a [Pack],
    know: &'a [PackKnowledge],
    filters: &'a Filters,
    mode: ReviewMode,
    count: usize,
    seed: u64,
) -> ReviewRequest<'a> {
    ReviewRequest {
        packs,
        knowledge: know,
        filters,
        mode,
        now_ms: NOW,
        target_ms: None,
        count,
        seed,
    }
}

/// Random states: for each question, none, due (overdue by up to 30 days) or not yet due.
fn random_states(questions: usize) -> impl Strategy<Value = HashMap<usize, ScheduleState>> {
    prop::collection::vec((0u8..3, 1i64..30, 0.5f64..40.0), questions).prop_map(|v| {
        v.into_iter()
            .enumerate()
            .filter_map(|(q, (kind, days, stability))| match kind {
                0 => None,
                1 => Some((
                    q,
                    state(NOW - days * DAY_MS, NOW - (days + 5) * DAY_MS, stability),
                )),
                _ => Some((q, state(NOW + days * DAY_MS, NOW - DAY_MS, stability))),
            })
            .collect()
    })
}

fn difficulty() -> impl Strategy<Value = Option<Difficulty>> {
    prop_oneof![
        Just(None),
        Just(Some(Difficulty::Easy)),
        Just(Some(Difficulty::Hard))
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn plans_have_no_duplicates_respect_filters_and_put_due_first(
        states in random_states(40),
        gaps in prop::collection::vec(-0.3f64..0.8, 4),
        count in 1usize..60,
        seed in any::<u64>(),
        only_c1 in any::<bool>(),
        only_even in any::<bool>(),
        level in difficulty(),
        due_mode in any::<bool>(),
    ) {
        let packs = [bank(4, 10)];
        let know = [knowledge(&packs[0], &gaps, states.clone())];
        let filters = Filters {
            categories: if only_c1 { vec!["c1".into()] } else { vec![] },
            tags: if only_even { vec!["even".into()] } else { vec![] },
            difficulty: level,
            kinds: vec![],
        };
        let mode = if due_mode { ReviewMode::Due } else { ReviewMode::Review };
        let plan = plan_review(&request(&packs, &know, &filters, mode, count, seed));
        let questions: Vec<usize> = plan.items.iter().map(|i| i.question).collect();
        let unique: HashSet<usize> = questions.iter().copied().collect();
        prop_assert_eq!(unique.len(), questions.len(), "no duplicates");
        prop_assert!(questions.len() <= count);
        for item in &plan.items {
            prop_assert!(filters.accepts(&packs[0].questions[item.question]));
        }
        let accepted: Vec<usize> = (0..40).filter(|q| filters.accepts(&packs[0].questions[*q])).collect();
        let due: Vec<usize> = accepted.iter().copied().filter(|q| states.get(q).is_some_and(|s| s.due_ms <= NOW)).collect();
        prop_assert_eq!(plan.due, due.len());
        // Due questions first, all of them when there is room.
        let due_picked = plan.picks.iter().take_while(|p| p.reason == Reason::Due).count();
        prop_assert!(plan.picks.iter().skip(due_picked).all(|p| p.reason == Reason::Gap));
        prop_assert_eq!(due_picked, due.len().min(count));
        for pick in plan.picks.iter().take(due_picked) {
            prop_assert!(due.contains(&pick.question));
        }
        if mode == ReviewMode::Due {
            prop_assert_eq!(questions.len(), due.len().min(count));
        } else {
            // Review mode: a full session whenever the filters allow one.
            prop_assert_eq!(questions.len(), accepted.len().min(count));
        }
        // The same inputs give the same plan.
        let again = plan_review(&request(&packs, &know, &filters, mode, count, seed));
        prop_assert_eq!(again, plan);
    }
}

#[test]
fn the_most_overdue_and_least_recalled_come_first() {
    let packs = [bank(2, 10)];
    let states = HashMap::from([
        (1, state(NOW - DAY_MS, NOW - 3 * DAY_MS, 3.0)),
        (2, state(NOW - 20 * DAY_MS, NOW - 40 * DAY_MS, 20.0)),
        (3, state(NOW - 2 * DAY_MS, NOW - 30 * DAY_MS, 1.0)),
        (4, state(NOW + 5 * DAY_MS, NOW - DAY_MS, 6.0)),
    ]);
    let know = [knowledge(&packs[0], &[0.5, 0.5], states)];
    let filters = Filters::default();
    let plan = plan_review(&request(&packs, &know, &filters, ReviewMode::Due, 10, 1));
    let order: Vec<usize> = plan.items.iter().map(|i| i.question).collect();
    // Question 3 (stability 1, 30 days since) is the least likely recalled, then 2, then 1.
    assert_eq!(order, [3, 2, 1]);
    assert_eq!(plan.next_due_ms, Some(NOW + 5 * DAY_MS));
}

#[test]
fn nothing_due_still_gives_a_review_session_and_an_empty_due_one() {
    let packs = [bank(3, 10)];
    let states = HashMap::from([(0, state(NOW + DAY_MS, NOW - DAY_MS, 2.0))]);
    let know = [knowledge(&packs[0], &[0.3, 0.3, 0.3], states)];
    let filters = Filters::default();
    let due = plan_review(&request(&packs, &know, &filters, ReviewMode::Due, 10, 1));
    assert!(due.items.is_empty());
    assert_eq!(due.due, 0);
    assert_eq!(due.next_due_ms, Some(NOW + DAY_MS));
    let review = plan_review(&request(&packs, &know, &filters, ReviewMode::Review, 10, 1));
    assert_eq!(review.items.len(), 10);
    assert!(review.picks.iter().all(|p| p.reason == Reason::Gap));
}

#[test]
fn gaps_steer_the_session_and_unseen_questions_come_before_seen_ones() {
    let packs = [bank(4, 30)];
    // Category 2 is far below its target, 0 a little, 1 and 3 above.
    let gaps = [0.1, -0.2, 0.6, -0.1];
    // Half of category 2 answered recently (not due), well remembered.
    let states: HashMap<usize, ScheduleState> = (60..75)
        .map(|q| (q, state(NOW + 10 * DAY_MS, NOW - DAY_MS, 30.0)))
        .collect();
    let know = [knowledge(&packs[0], &gaps, states)];
    let filters = Filters::default();
    let plan = plan_review(&request(&packs, &know, &filters, ReviewMode::Review, 20, 7));
    let mut per_category = [0usize; 4];
    for item in &plan.items {
        per_category[item.question / 30] += 1;
    }
    assert!(per_category[2] >= 12, "{per_category:?}");
    assert!(per_category[2] > per_category[0], "{per_category:?}");
    assert!(per_category[0] >= per_category[1], "{per_category:?}");
    // The weak category's picks are its unseen questions (75..90) before seen ones.
    let weak: Vec<usize> = plan
        .items
        .iter()
        .map(|i| i.question)
        .filter(|q| q / 30 == 2)
        .collect();
    let unseen = weak.iter().filter(|q| **q >= 75).count();
    assert_eq!(unseen, weak.len().min(15), "{weak:?}");
}

#[test]
fn an_exam_date_favours_what_would_be_forgotten_by_then() {
    let packs = [bank(1, 2)];
    // 0: a long memory last refreshed a month ago; 1: a short memory refreshed just now.
    // Today 0 is the likelier to be forgotten; in a month, 1 is.
    let states = HashMap::from([
        (0, state(NOW + 10 * DAY_MS, NOW - 30 * DAY_MS, 40.0)),
        (1, state(NOW + 2 * DAY_MS, NOW, 2.0)),
    ]);
    let know = [knowledge(&packs[0], &[0.5], states)];
    let filters = Filters::default();
    let mut req = request(&packs, &know, &filters, ReviewMode::Review, 1, 3);
    assert_eq!(plan_review(&req).items[0].question, 0);
    req.target_ms = Some(NOW + 30 * DAY_MS);
    assert_eq!(plan_review(&req).items[0].question, 1);
}

#[test]
fn several_packs_are_planned_together() {
    let packs = [bank(2, 5), {
        let mut other = bank(2, 5);
        other.meta.id = String::from("other");
        other
    }];
    let know = [
        knowledge(&packs[0], &[0.0, 0.0], HashMap::new()),
        knowledge(&packs[1], &[0.7, 0.7], HashMap::new()),
    ];
    let filters = Filters::default();
    let plan = plan_review(&request(&packs, &know, &filters, ReviewMode::Review, 10, 5));
    let from_second = plan.items.iter().filter(|i| i.pack == 1).count();
    assert!(from_second >= 8, "{from_second}");
    let pairs: HashSet<(usize, usize)> = plan.items.iter().map(|i| (i.pack, i.question)).collect();
    assert_eq!(pairs.len(), 10);
}

// ----- trend, calibration, forecast -----

use skillgap::learning::calibration::CalibrationBuilder;
use skillgap::learning::forecast::forecast;
use skillgap::learning::mastery::{self, Accumulator};
use skillgap::learning::trend::{Step, TrendAnswer, trend};

fn trend_answers(pack: &Pack, days: i64) -> Vec<TrendAnswer<'_>> {
    let mut out = Vec::new();
    for day in 0..days {
        for (i, q) in pack.questions.iter().enumerate().take(8) {
            out.push(TrendAnswer {
                key: i, // the i-th question of the pack
                question_id: &q.id,
                category: &q.category,
                difficulty: q.difficulty,
                score: if (day + i as i64) % 3 == 0 { 0.0 } else { 1.0 },
                answered_at_ms: NOW - (days - day) * DAY_MS + i as i64 * 3_600_000,
            });
        }
    }
    out
}

#[test]
fn the_last_trend_point_is_todays_gap_chart_and_points_follow_the_days() {
    let pack = bank(2, 4);
    let answers = trend_answers(&pack, 10);
    let mut shuffled = answers.clone();
    shuffled.reverse();
    let t = trend(&pack, shuffled, NOW);
    assert_eq!(t.step, Step::Day);
    assert_eq!(t.points.len(), 11, "ten days with answers, then now");
    assert!(t.points.windows(2).all(|w| w[0].at_ms < w[1].at_ms));
    // The same formula as the gap chart, computed directly at `now`.
    let mut acc = Accumulator::new();
    for a in &answers {
        acc.add(
            a.category,
            a.question_id,
            a.difficulty,
            a.score,
            (NOW - a.answered_at_ms) as f64 / DAY_MS as f64,
        );
    }
    let direct = acc.finish(&pack);
    let last = &t.points.last().unwrap().masteries;
    for (a, b) in direct.iter().zip(last) {
        assert!((a.mean - b.mean).abs() < 1e-9, "{a:?} {b:?}");
        assert!((a.evidence - b.evidence).abs() < 1e-9);
        assert_eq!(a.answered, b.answered);
    }
    // Answers grow along the points.
    let answered: Vec<usize> = t.points.iter().map(|p| p.masteries[0].answered).collect();
    assert!(answered.windows(2).all(|w| w[0] <= w[1]), "{answered:?}");
    // A long history is drawn by weeks.
    let long = trend(&pack, trend_answers(&pack, 100), NOW);
    assert_eq!(long.step, Step::Week);
    assert!(
        (14..=17).contains(&long.points.len()),
        "{}",
        long.points.len()
    );
    assert!(trend(&pack, Vec::new(), NOW).points.is_empty());
}

#[test]
fn calibration_flags_categories_often_wrong_when_sure() {
    let pack = bank(3, 10);
    let mut b = CalibrationBuilder::new();
    // c0: 5 sure answers, 2 right → flagged.
    for (i, score) in [1.0, 1.0, 0.0, 0.0, 0.0].into_iter().enumerate() {
        b.add(
            &format!("c0-q{i}"),
            "c0",
            score,
            Confidence::High,
            NOW + i as i64,
        );
    }
    // c1: 4 sure answers all wrong → too few to flag; but its questions are listed.
    for i in 0..4 {
        b.add("c1-q1", "c1", 0.0, Confidence::High, NOW + 10 + i);
    }
    // c2: sure and right, unsure and wrong: well calibrated.
    for i in 0..6 {
        b.add(&format!("c2-q{i}"), "c2", 1.0, Confidence::High, NOW);
        b.add(&format!("c2-q{i}"), "c2", 0.0, Confidence::Low, NOW);
    }
    b.add("gone", "c9", 0.0, Confidence::High, NOW);
    let c = b.finish(&pack);
    assert_eq!(c.answers, 22);
    let flagged: Vec<&str> = c
        .categories
        .iter()
        .filter(|c| c.confidently_wrong)
        .map(|c| c.category.as_str())
        .collect();
    assert_eq!(flagged, ["c0"]);
    let c2 = &c.categories[2];
    assert_eq!(c2.level(Confidence::High).right_share(), Some(1.0));
    assert_eq!(c2.level(Confidence::Low).right_share(), Some(0.0));
    assert_eq!(c2.level(Confidence::Medium).right_share(), None);
    let ids: Vec<&str> = c.questions.iter().map(|q| q.id.as_str()).collect();
    assert_eq!(ids[0], "c1-q1", "most often wrong first");
    assert_eq!(c.questions[0].times, 4);
    assert!(
        !ids.contains(&"gone"),
        "questions no longer in the pack are left out"
    );
    assert!(!ids.iter().any(|id| id.starts_with("c2")));
}

#[test]
fn the_forecast_is_todays_mastery_today_and_lower_later() {
    let pack = bank(2, 4);
    let mut acc = Accumulator::new();
    for q in pack.questions.iter().take(4) {
        for _ in 0..3 {
            acc.add(&q.category, &q.id, q.difficulty, 1.0, 1.0);
        }
    }
    let rows = mastery::gap_rows(&pack, &acc.finish(&pack), pack.profile("p"));
    // Category 0's questions are learned (stability of days); category 1 has none.
    let states: HashMap<usize, ScheduleState> = (0..4)
        .map(|q| (q, state(NOW + 5 * DAY_MS, NOW - DAY_MS, 8.0)))
        .collect();
    let know = knowledge(&pack, &[0.0, 0.0], states);
    let today = forecast(&know, &rows, NOW, NOW);
    for f in &today {
        assert!((f.predicted - f.mastery_now).abs() < 1e-9);
    }
    let later = forecast(&know, &rows, NOW, NOW + 60 * DAY_MS);
    let c0 = later.iter().find(|f| f.category == "c0").unwrap();
    let c1 = later.iter().find(|f| f.category == "c1").unwrap();
    assert!(c0.predicted < c0.mastery_now - 0.05, "{c0:?}");
    assert_eq!(c0.reviewed, 4);
    assert_eq!(c1.reviewed, 0);
    assert!((c1.predicted - c1.mastery_now).abs() < 1e-12);
    let much_later = forecast(&know, &rows, NOW, NOW + 300 * DAY_MS);
    let c0_later = much_later.iter().find(|f| f.category == "c0").unwrap();
    assert!(c0_later.predicted < c0.predicted);
}
