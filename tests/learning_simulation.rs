//! Evidence that review mode works: a seeded simulated learner over 30 days.
//!
//! The learner has a hidden true skill per category. Answering a question of a category
//! (and reading its feedback) raises that skill a little, more after a wrong answer; every
//! day every skill decays by a fixed share. Whether an answer is right is drawn from the
//! true skill and the question's difficulty. The learner answers the same number of
//! questions every day either in `--mode review` sessions (planned by the real engine from
//! the real store: answers recorded with `record_answers`, FSRS states and mastery estimates
//! read back) or in random practice sessions (`quiz::plan` over the whole bank).
//!
//! The measure is the summed gap to the profile, from the *true* skills:
//! Σ max(0, target − skill). Half the categories start far below their targets, half above
//! (and drift down without practice), so random practice spends about half its questions
//! where nothing is missing, while review mode should aim at the gaps.
//!
//! Run with `cargo test --test learning_simulation -- --nocapture` to see the daily curves.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::fmt::Write as _;

use skillgap::learning::{DAY_MS, ReviewMode};
use skillgap::pack::{self, Difficulty, Pack};
use skillgap::quiz::{self, Filters, QuizRng};
use skillgap::service::progress::review_plan;
use skillgap::store::{NewAnswer, NewSession, PackRef, Store};

const CATEGORIES: usize = 12;
const PER_CATEGORY: usize = 30;
const DAYS: usize = 30;
const PER_DAY: usize = 15;
/// Share of the distance to 1 gained by answering one question (right / wrong).
const LEARN_RIGHT: f64 = 0.015;
const LEARN_WRONG: f64 = 0.03;
/// Share of skill lost per day.
const DECAY: f64 = 0.012;
/// 2026-01-05 09:00 UTC.
const START_MS: i64 = 1_767_603_600_000;
/// Review mode must end with at most this share of random practice's remaining gap.
const MARGIN: f64 = 0.6;

fn target(c: usize) -> f64 {
    if c.is_multiple_of(2) { 0.8 } else { 0.55 }
}

fn initial_skill(c: usize) -> f64 {
    if c.is_multiple_of(2) {
        0.2 + 0.03 * (c as f64 / 2.0)
    } else {
        0.75 + 0.02 * (c as f64 / 2.0)
    }
}

fn bank() -> Pack {
    let mut text = String::from("Pack(id: \"sim\", title: \"Sim\", version: \"1\", categories: [");
    for c in 0..CATEGORIES {
        let _ = write!(text, "(id: \"c{c:02}\", title: \"Category {c}\"),");
    }
    text.push_str("], profiles: [(id: \"goal\", title: \"Goal\", targets: {");
    for c in 0..CATEGORIES {
        let _ = write!(text, "\"c{c:02}\": {},", target(c));
    }
    text.push_str("})], questions: [");
    for c in 0..CATEGORIES {
        for i in 0..PER_CATEGORY {
            let difficulty = ["Easy", "Medium", "Hard"][i % 3];
            let _ = write!(
                text,
                "(id: \"c{c:02}-q{i:02}\", category: \"c{c:02}\", difficulty: {difficulty}, prompt: \"Question {i} of category {c}?\", kind: TrueFalse(answer: true), explanation: \"Because.\"),"
            );
        }
    }
    text.push_str("])");
    pack::load_str("sim.ron", &text).unwrap_or_else(|e| panic!("{e}"))
}

/// The hidden learner.
struct Learner {
    skill: Vec<f64>,
    rng: QuizRng,
}

impl Learner {
    fn new(seed: u64) -> Learner {
        Learner {
            skill: (0..CATEGORIES).map(initial_skill).collect(),
            rng: QuizRng::new(seed),
        }
    }

    /// Answers a question of category `c`: right with a chance set by skill and difficulty;
    /// learns from the feedback either way.
    fn answer(&mut self, c: usize, difficulty: Difficulty) -> bool {
        let hardness = match difficulty {
            Difficulty::Easy => 0.3,
            Difficulty::Medium => 0.5,
            Difficulty::Hard => 0.7,
        };
        let p = 1.0 / (1.0 + (-8.0 * (self.skill[c] - hardness)).exp());
        let right = self.rng.unit() < p;
        let rate = if right { LEARN_RIGHT } else { LEARN_WRONG };
        self.skill[c] += rate * (1.0 - self.skill[c]);
        right
    }

    fn end_of_day(&mut self) {
        for s in &mut self.skill {
            *s *= 1.0 - DECAY;
        }
    }

    fn summed_gap(&self) -> f64 {
        self.skill
            .iter()
            .enumerate()
            .map(|(c, s)| (target(c) - s).max(0.0))
            .sum()
    }
}

fn category_index(pack: &Pack, question: usize) -> usize {
    let id = &pack.questions[question].category;
    pack.categories.iter().position(|c| &c.id == id).unwrap()
}

#[derive(Clone, Copy, PartialEq)]
enum Arm {
    Review,
    Random,
}

/// The learner's summed gap at the start and after each day.
fn run(arm: Arm, seed: u64) -> Vec<f64> {
    let packs = [bank()];
    let pack = &packs[0];
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    store.set_chosen_profile("sim", Some("goal")).unwrap();
    let pack_ref = PackRef {
        id: "sim".into(),
        version: "1".into(),
        content_hash: "sim-hash".into(),
    };
    let hashes: Vec<String> = pack.questions.iter().map(|q| q.content_hash()).collect();
    let mut learner = Learner::new(seed);
    let mut curve = vec![learner.summed_gap()];
    for day in 0..DAYS {
        let now = START_MS + day as i64 * DAY_MS;
        let session_seed = seed.wrapping_mul(1000).wrapping_add(day as u64);
        let items = match arm {
            Arm::Review => {
                review_plan(
                    &store,
                    &packs,
                    &Filters::default(),
                    ReviewMode::Review,
                    None,
                    now,
                    PER_DAY,
                    session_seed,
                )
                .unwrap()
                .items
            }
            Arm::Random => quiz::plan(&packs, &Filters::default(), Some(PER_DAY), session_seed),
        };
        assert_eq!(items.len(), PER_DAY, "same number of questions every day");
        let session = store
            .start_session(&NewSession {
                // A review is a practice session; its kind is in the filters.
                mode: skillgap::quiz::Mode::Practice,
                seed: session_seed,
                filters_json: "{}".into(),
                packs: vec![pack_ref.clone()],
                question_ids: vec![],
                time_limit_secs: None,
                profile: Some("goal".into()),
                started_at_ms: now,
            })
            .unwrap();
        let mut answers = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let question = &pack.questions[item.question];
            let right = learner.answer(category_index(pack, item.question), question.difficulty);
            answers.push(NewAnswer {
                pack: pack_ref.clone(),
                question_id: question.id.clone(),
                category: question.category.clone(),
                kind: skillgap::pack::KindName::TrueFalse,
                difficulty: question.difficulty,
                response: skillgap::quiz::Response::TrueFalse { answer: right },
                score: if right { 1.0 } else { 0.0 },
                confidence: None,
                time_taken_ms: 10_000,
                content_hash: hashes[item.question].clone(),
                answered_at_ms: now + i as i64 * 60_000,
            });
        }
        store.record_answers(session, &answers).unwrap();
        learner.end_of_day();
        curve.push(learner.summed_gap());
    }
    curve
}

#[test]
fn review_mode_closes_the_gap_markedly_faster_than_random_practice() {
    let seeds = [11u64, 22, 33];
    let mut review_final = 0.0;
    let mut random_final = 0.0;
    println!(
        "summed gap to the profile (true skills), {PER_DAY} questions a day; day 0 is the start"
    );
    for seed in seeds {
        let review = run(Arm::Review, seed);
        let random = run(Arm::Random, seed);
        println!("\nlearner seed {seed}\n day  review  random");
        for (day, (a, b)) in review.iter().zip(&random).enumerate() {
            println!("{day:>4}  {a:>6.3}  {b:>6.3}");
        }
        let (r, x) = (*review.last().unwrap(), *random.last().unwrap());
        // Every learner does better with review mode...
        assert!(r < x, "seed {seed}: review {r:.3} vs random {x:.3}");
        // ...and over the whole month, not only at the end.
        let area = |c: &[f64]| c.iter().sum::<f64>();
        assert!(area(&review) < area(&random), "seed {seed}");
        review_final += r;
        random_final += x;
    }
    let ratio = review_final / random_final;
    println!(
        "\nafter {DAYS} days: review {:.3}, random {:.3} (mean summed gap), ratio {ratio:.2}",
        review_final / seeds.len() as f64,
        random_final / seeds.len() as f64
    );
    assert!(
        ratio <= MARGIN,
        "review mode must leave at most {MARGIN} of random practice's gap; left {ratio:.2}"
    );
}
