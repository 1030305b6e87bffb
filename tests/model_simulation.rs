//! Evidence for the measurement model and placement: a seeded, misspecified simulated learner
//! whose true mastery is known.
//!
//! The truth differs from what the model assumes: a question's real difficulty is its
//! authored label (Easy −1, Medium 0, Hard +1 logits) plus normal noise of SD 0.8; choice
//! questions are guessed (¼ on four choices, ½ on true/false, 0.1 on Multi, 5/18 on a
//! three-item Order, what a random order scores); Multi and Order
//! give partial credit (the mean of four right/wrong parts). Each learner's true mastery per
//! category (expected score on its questions) is drawn uniformly within ±0.25 of the
//! profile's target, so about half the targets are met and many sit close to the line.
//!
//! Three ways of finding the gaps are compared on the same learners:
//! - **placement** (`learning::placement`) with the Rasch model, at most 60 answers;
//! - **random practice** with the Rasch model;
//! - **random practice with today's Beta model** (the baseline: α += w·s·d, β += w·(1−s)/d,
//!   d = 0.75/1/1.35 by label; "confident" when its 80% band is clear of the target).
//!
//! Measured: confident verdicts (P ≥ 0.9 either way) and how often they are right; 80% band
//! coverage of the true mastery at 20, 60 and 200 answers; held-out log-loss of each next
//! right/wrong answer. `SKILLGAP_WRITE_ASSETS=1 cargo test --test model_simulation --
//! --nocapture` also redraws `assets/verdicts.svg`; the table it prints is kept in
//! `tests/fixtures/model_simulation.expected` and in the README.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::fmt::Write as _;

use skillgap::learning::mastery::{Accumulator, GapRow, ItemParams, Verdict, gap_rows};
use skillgap::learning::placement::{PlacementConfig, next_question};
use skillgap::pack::{self, Difficulty, Kind, Pack};
use skillgap::quiz::QuizRng;

const CATEGORIES: usize = 11;
const PER_CATEGORY: usize = 40;
const LEARNERS: usize = 60;
const RANDOM_ANSWERS: usize = 220;
const CHECKPOINTS: [usize; 12] = [0, 20, 40, 60, 80, 100, 120, 140, 160, 180, 200, 220];
const NOISE_SD: f64 = 0.8;
const SPREAD: f64 = 0.35;

fn target(c: usize) -> f64 {
    0.5 + 0.035 * c as f64
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
            let difficulty = ["Easy", "Medium", "Hard"][(i + c) % 3];
            let kind = match i % 10 {
                0..=3 => {
                    r#"Single(choices: [(text: "a", correct: true), (text: "b"), (text: "c"), (text: "d")])"#
                }
                4 | 5 => "TrueFalse(answer: true)",
                6 => {
                    r#"Multi(choices: [(text: "a", correct: true), (text: "b", correct: true), (text: "c"), (text: "d")])"#
                }
                7 | 8 => r#"Short(accept: ["x"])"#,
                _ => r#"Order(items: ["a", "b", "c"])"#,
            };
            let _ = write!(
                text,
                "(id: \"c{c:02}q{i:02}\", category: \"c{c:02}\", difficulty: {difficulty}, prompt: \"p\", kind: {kind}, explanation: \"e\"),"
            );
        }
    }
    text.push_str("])");
    pack::load_str("sim.ron", &text).unwrap()
}

fn normal(rng: &mut QuizRng) -> f64 {
    let u = rng.unit().max(1e-12);
    let v = rng.unit();
    (-2.0 * u.ln()).sqrt() * (2.0 * std::f64::consts::PI * v).cos()
}

/// The real parameters of a question.
#[derive(Clone, Copy)]
struct TrueItem {
    difficulty: f64,
    floor: f64,
    partial: bool,
}

impl TrueItem {
    fn p(&self, theta: f64) -> f64 {
        self.floor + (1.0 - self.floor) / (1.0 + (self.difficulty - theta).exp())
    }
}

struct World {
    pack: Pack,
    items: Vec<TrueItem>,
    /// Question indices per category.
    by_category: Vec<Vec<usize>>,
}

impl World {
    fn new(seed: u64) -> World {
        let pack = bank();
        let mut rng = QuizRng::new(seed);
        let items = pack
            .questions
            .iter()
            .map(|q| {
                let label = match q.difficulty {
                    Difficulty::Easy => -1.0,
                    Difficulty::Medium => 0.0,
                    Difficulty::Hard => 1.0,
                };
                let (floor, partial) = match &q.kind {
                    Kind::Single { .. } => (0.25, false),
                    Kind::TrueFalse { .. } => (0.5, false),
                    Kind::Multi { .. } => (0.1, true),
                    Kind::Order { .. } => (5.0 / 18.0, true),
                    _ => (0.0, false),
                };
                TrueItem {
                    difficulty: label + NOISE_SD * normal(&mut rng),
                    floor,
                    partial,
                }
            })
            .collect();
        let by_category = (0..CATEGORIES)
            .map(|c| {
                let id = format!("c{c:02}");
                (0..pack.questions.len())
                    .filter(|&i| pack.questions[i].category == id)
                    .collect()
            })
            .collect();
        World {
            pack,
            items,
            by_category,
        }
    }

    fn true_mastery(&self, c: usize, theta: f64) -> f64 {
        let items = &self.by_category[c];
        items.iter().map(|&i| self.items[i].p(theta)).sum::<f64>() / items.len() as f64
    }

    /// θ with true mastery `m` (bisection).
    fn theta_for(&self, c: usize, m: f64) -> f64 {
        let (mut lo, mut hi) = (-10.0, 10.0);
        for _ in 0..60 {
            let mid = 0.5 * (lo + hi);
            if self.true_mastery(c, mid) < m {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        0.5 * (lo + hi)
    }
}

struct Learner {
    theta: Vec<f64>,
    mastery: Vec<f64>,
    rng: QuizRng,
}

impl Learner {
    fn new(world: &World, seed: u64) -> Learner {
        let mut rng = QuizRng::new(seed);
        let mastery: Vec<f64> = (0..CATEGORIES)
            .map(|c| (target(c) + SPREAD * (2.0 * rng.unit() - 1.0)).clamp(0.3, 0.97))
            .collect();
        let theta = (0..CATEGORIES)
            .map(|c| world.theta_for(c, mastery[c]))
            .collect();
        Learner {
            theta,
            mastery,
            rng,
        }
    }

    fn answer(&mut self, world: &World, question: usize) -> f64 {
        let item = world.items[question];
        let c = category_of(world, question);
        let p = item.p(self.theta[c]);
        if item.partial {
            (0..4).filter(|_| self.rng.unit() < p).count() as f64 / 4.0
        } else if self.rng.unit() < p {
            1.0
        } else {
            0.0
        }
    }
}

fn category_of(world: &World, question: usize) -> usize {
    world.pack.questions[question].category[1..]
        .parse()
        .unwrap()
}

/// Today's model, kept as the baseline.
#[derive(Clone)]
struct Beta {
    alpha: Vec<f64>,
    beta: Vec<f64>,
}

impl Beta {
    fn new() -> Beta {
        Beta {
            alpha: vec![1.0; CATEGORIES],
            beta: vec![1.0; CATEGORIES],
        }
    }

    fn add(&mut self, c: usize, difficulty: Difficulty, score: f64) {
        let d = match difficulty {
            Difficulty::Easy => 0.75,
            Difficulty::Medium => 1.0,
            Difficulty::Hard => 1.35,
        };
        self.alpha[c] += score * d;
        self.beta[c] += (1.0 - score) / d;
    }

    fn mean(&self, c: usize) -> f64 {
        self.alpha[c] / (self.alpha[c] + self.beta[c])
    }

    fn band(&self, c: usize) -> (f64, f64) {
        let (a, b) = (self.alpha[c], self.beta[c]);
        let s = a + b;
        let sd = (a * b / (s * s * (s + 1.0))).sqrt();
        let m = a / s;
        ((m - 1.2816 * sd).max(0.0), (m + 1.2816 * sd).min(1.0))
    }

    /// A confident verdict: the band clear of the target (`Some(true)` above).
    fn verdict(&self, c: usize) -> Option<bool> {
        let (low, high) = self.band(c);
        if low > target(c) {
            Some(true)
        } else if high < target(c) {
            Some(false)
        } else {
            None
        }
    }
}

fn rows(world: &World, acc: &Accumulator) -> Vec<GapRow> {
    let mut rows = gap_rows(
        &world.pack,
        &acc.finish(&world.pack),
        world.pack.profile("goal"),
    );
    rows.sort_by(|a, b| a.mastery.category.cmp(&b.mastery.category));
    rows
}

/// (confident verdicts, right ones) for the Rasch model.
fn tally(rows: &[GapRow], learner: &Learner) -> (usize, usize) {
    let mut confident = 0;
    let mut right = 0;
    for (c, row) in rows.iter().enumerate() {
        let truth = learner.mastery[c] >= target(c);
        match row.verdict() {
            Some(Verdict::Above) => {
                confident += 1;
                right += usize::from(truth);
            }
            Some(Verdict::Below) => {
                confident += 1;
                right += usize::from(!truth);
            }
            _ => {}
        }
    }
    (confident, right)
}

fn beta_tally(beta: &Beta, learner: &Learner) -> (usize, usize) {
    let mut confident = 0;
    let mut right = 0;
    for c in 0..CATEGORIES {
        if let Some(above) = beta.verdict(c) {
            confident += 1;
            right += usize::from(above == (learner.mastery[c] >= target(c)));
        }
    }
    (confident, right)
}

#[derive(Default)]
struct Figures {
    placement_confident: f64,
    placement_right: f64,
    placement_answers: f64,
    /// Mean confident verdicts after n placement answers (n = 0..=60).
    placement_curve: Vec<f64>,
    random_curve: Vec<(f64, f64)>,
    beta_curve: Vec<(f64, f64)>,
    /// (covered, total) at 20, 60, 200 answers: Rasch, then Beta.
    coverage: [(usize, usize); 3],
    beta_coverage: [(usize, usize); 3],
    log_loss: (f64, f64, usize),
}

fn simulate() -> Figures {
    let world = World::new(2026);
    let mut f = Figures {
        placement_curve: vec![0.0; 61],
        random_curve: vec![(0.0, 0.0); CHECKPOINTS.len()],
        beta_curve: vec![(0.0, 0.0); CHECKPOINTS.len()],
        ..Figures::default()
    };
    let config = PlacementConfig::default();
    for l in 0..LEARNERS {
        // Placement.
        let mut learner = Learner::new(&world, 1000 + l as u64);
        let mut acc = Accumulator::new();
        let mut asked = Vec::new();
        let mut current = rows(&world, &acc);
        loop {
            f.placement_curve[asked.len()] += tally(&current, &learner).0 as f64;
            let Some(next) = next_question(&world.pack, &current, &asked, &config) else {
                break;
            };
            let q = &world.pack.questions[next];
            let score = learner.answer(&world, next);
            acc.add(&q.category, &q.id, q.difficulty, score, 0.0);
            asked.push(next);
            current = rows(&world, &acc);
        }
        let last = tally(&current, &learner).0 as f64;
        for n in asked.len() + 1..=60 {
            f.placement_curve[n] += last;
        }
        let (confident, right) = tally(&current, &learner);
        f.placement_confident += confident as f64;
        f.placement_right += right as f64;
        f.placement_answers += asked.len() as f64;

        // Random practice, the same learner (answers drawn afresh), both models.
        learner.rng = QuizRng::new(5000 + l as u64);
        let mut order: Vec<usize> = (0..world.pack.questions.len()).collect();
        learner.rng.shuffle(&mut order);
        let mut acc = Accumulator::new();
        let mut beta = Beta::new();
        for (n, &question) in order.iter().take(RANDOM_ANSWERS + 1).enumerate() {
            if let Some(point) = CHECKPOINTS.iter().position(|&p| p == n) {
                let current = rows(&world, &acc);
                let (confident, right) = tally(&current, &learner);
                f.random_curve[point].0 += confident as f64;
                f.random_curve[point].1 += right as f64;
                let (confident, right) = beta_tally(&beta, &learner);
                f.beta_curve[point].0 += confident as f64;
                f.beta_curve[point].1 += right as f64;
                if let Some(at) = [20, 60, 200].iter().position(|&p| p == n) {
                    for (c, row) in current.iter().enumerate() {
                        let truth = learner.mastery[c];
                        f.coverage[at].0 +=
                            usize::from(row.mastery.low <= truth && truth <= row.mastery.high);
                        f.coverage[at].1 += 1;
                        let (low, high) = beta.band(c);
                        f.beta_coverage[at].0 += usize::from(low <= truth && truth <= high);
                        f.beta_coverage[at].1 += 1;
                    }
                }
            }
            if n == RANDOM_ANSWERS {
                break;
            }
            let q = &world.pack.questions[question];
            let c = category_of(&world, question);
            let score = learner.answer(&world, question);
            // Held-out log-loss of right/wrong answers, predicted before they are given.
            if !world.items[question].partial && n % 4 == 0 {
                let current = rows(&world, &acc);
                let p = current[c].mastery.predict(&ItemParams::of(q));
                let b = beta.mean(c);
                let loss = |p: f64| {
                    let p = p.clamp(1e-6, 1.0 - 1e-6);
                    -(score * p.ln() + (1.0 - score) * (1.0 - p).ln())
                };
                f.log_loss.0 += loss(p);
                f.log_loss.1 += loss(b);
                f.log_loss.2 += 1;
            }
            acc.add(&q.category, &q.id, q.difficulty, score, 0.0);
            beta.add(c, q.difficulty, score);
        }
    }
    let n = LEARNERS as f64;
    f.placement_confident /= n;
    f.placement_right /= n;
    f.placement_answers /= n;
    f.placement_curve.iter_mut().for_each(|x| *x /= n);
    for point in f.random_curve.iter_mut().chain(f.beta_curve.iter_mut()) {
        point.0 /= n;
        point.1 /= n;
    }
    f
}

/// Answers random practice needs for `verdicts` confident verdicts on average (linear
/// between checkpoints), or `None` within the 220 simulated.
fn answers_for(curve: &[(f64, f64)], verdicts: f64) -> Option<f64> {
    for (i, w) in curve.windows(2).enumerate() {
        if w[1].0 >= verdicts {
            let (x0, x1) = (CHECKPOINTS[i] as f64, CHECKPOINTS[i + 1] as f64);
            let t = ((verdicts - w[0].0) / (w[1].0 - w[0].0)).clamp(0.0, 1.0);
            return Some(x0 + t * (x1 - x0));
        }
    }
    None
}

fn svg(f: &Figures) -> String {
    let (w, h, left, bottom, top, right) = (640.0, 360.0, 56.0, 48.0, 40.0, 16.0);
    let x = |answers: f64| left + (w - left - right) * answers / RANDOM_ANSWERS as f64;
    let y = |verdicts: f64| h - bottom - (h - bottom - top) * verdicts / CATEGORIES as f64;
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" height="{h}" font-family="sans-serif" font-size="12">
<title>Confident verdicts against answers given</title>
<rect width="{w}" height="{h}" fill="white"/>
<text x="{left}" y="22" font-size="14">Categories with a confident verdict (of 11), by answers given</text>
"#
    );
    for v in (0..=CATEGORIES).step_by(1) {
        let _ = writeln!(
            s,
            r##"<line x1="{left}" y1="{yy:.1}" x2="{xr:.1}" y2="{yy:.1}" stroke="#ddd"/><text x="{tx:.1}" y="{ty:.1}" text-anchor="end">{v}</text>"##,
            yy = y(v as f64),
            xr = w - right,
            tx = left - 6.0,
            ty = y(v as f64) + 4.0
        );
    }
    for a in (0..=RANDOM_ANSWERS).step_by(20) {
        let _ = writeln!(
            s,
            r#"<text x="{xx:.1}" y="{yy:.1}" text-anchor="middle">{a}</text>"#,
            xx = x(a as f64),
            yy = h - bottom + 18.0
        );
    }
    let _ = writeln!(
        s,
        r#"<text x="{xx:.1}" y="{yy:.1}" text-anchor="middle">answers given</text>"#,
        xx = x(RANDOM_ANSWERS as f64 / 2.0),
        yy = h - 10.0
    );
    let line = |points: Vec<(f64, f64)>, style: &str, label: &str, s: &mut String| {
        let path: Vec<String> = points
            .iter()
            .map(|(a, v)| format!("{:.1},{:.1}", x(*a), y(*v)))
            .collect();
        let _ = writeln!(
            s,
            r#"<polyline fill="none" {style} points="{}"/>"#,
            path.join(" ")
        );
        if let Some((a, v)) = points.last() {
            let _ = writeln!(
                s,
                r#"<text x="{:.1}" y="{:.1}" text-anchor="end">{label}</text>"#,
                x(*a) - 4.0,
                y(*v) - 8.0
            );
        }
    };
    line(
        f.placement_curve
            .iter()
            .enumerate()
            .map(|(n, v)| (n as f64, *v))
            .collect(),
        r##"stroke="#1b5e20" stroke-width="3""##,
        "placement",
        &mut s,
    );
    line(
        CHECKPOINTS
            .iter()
            .zip(&f.random_curve)
            .map(|(n, v)| (*n as f64, v.0))
            .collect(),
        r##"stroke="#0d47a1" stroke-width="2" stroke-dasharray="8 4""##,
        "random practice, new model",
        &mut s,
    );
    line(
        CHECKPOINTS
            .iter()
            .zip(&f.beta_curve)
            .map(|(n, v)| (*n as f64, v.0))
            .collect(),
        r##"stroke="#b71c1c" stroke-width="2" stroke-dasharray="2 4""##,
        "random practice, old model",
        &mut s,
    );
    s.push_str("</svg>\n");
    s
}

fn table(f: &Figures) -> String {
    let pct = |(a, b): (usize, usize)| 100.0 * a as f64 / b.max(1) as f64;
    let mut t = String::new();
    let _ = writeln!(
        t,
        "| way of finding the gaps | answers | confident verdicts (of 11) | right |"
    );
    let _ = writeln!(t, "|---|---|---|---|");
    let _ = writeln!(
        t,
        "| placement, new model | {:.1} (cap 60) | {:.1} | {:.0}% |",
        f.placement_answers,
        f.placement_confident,
        100.0 * f.placement_right / f.placement_confident.max(1e-9)
    );
    for (name, curve) in [
        ("random practice, new model", &f.random_curve),
        ("random practice, old model", &f.beta_curve),
    ] {
        for n in [60usize, 220] {
            let i = CHECKPOINTS.iter().position(|&p| p == n).unwrap();
            let _ = writeln!(
                t,
                "| {name} | {n} | {:.1} | {:.0}% |",
                curve[i].0,
                100.0 * curve[i].1 / curve[i].0.max(1e-9)
            );
        }
    }
    let need = |curve: &[(f64, f64)]| {
        answers_for(curve, f.placement_confident)
            .map_or(String::from("more than 220"), |a| format!("{a:.0}"))
    };
    let _ = writeln!(
        t,
        "\nAnswers random practice needs for placement's {:.1} confident verdicts: new model {}, old model {}.\n",
        f.placement_confident,
        need(&f.random_curve),
        need(&f.beta_curve)
    );
    let _ = writeln!(
        t,
        "| 80% band contains the true mastery | after 20 answers | 60 | 200 |"
    );
    let _ = writeln!(t, "|---|---|---|---|");
    let _ = writeln!(
        t,
        "| new model | {:.0}% | {:.0}% | {:.0}% |",
        pct(f.coverage[0]),
        pct(f.coverage[1]),
        pct(f.coverage[2])
    );
    let _ = writeln!(
        t,
        "| old model | {:.0}% | {:.0}% | {:.0}% |",
        pct(f.beta_coverage[0]),
        pct(f.beta_coverage[1]),
        pct(f.beta_coverage[2])
    );
    let (rasch, beta, n) = f.log_loss;
    let _ = writeln!(
        t,
        "\nHeld-out log-loss of the next right/wrong answer ({n} answers): new model {:.3}, old model {:.3} (lower is better).",
        rasch / n as f64,
        beta / n as f64
    );
    t
}

#[test]
fn placement_finds_the_gaps_and_the_model_is_honest_about_its_uncertainty() {
    let f = simulate();
    let text = table(&f);
    println!("{text}");
    if std::env::var_os("SKILLGAP_WRITE_ASSETS").is_some() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/verdicts.svg");
        std::fs::write(path, svg(&f)).unwrap();
    }
    // Placement: at least 7 of 11 confident verdicts in at most 60 answers, 90% of them right.
    assert!(f.placement_answers <= 60.0);
    assert!(
        f.placement_confident >= 7.0,
        "placement: {:.2} confident verdicts",
        f.placement_confident
    );
    let right = f.placement_right / f.placement_confident;
    assert!(right >= 0.9, "placement: {:.1}% right", 100.0 * right);
    // It beats random practice with either model at the same number of answers.
    let at_60 = CHECKPOINTS.iter().position(|&p| p == 60).unwrap();
    assert!(f.placement_curve[60] > f.random_curve[at_60].0);
    assert!(f.placement_curve[60] > f.beta_curve[at_60].0);
    // Bands: 75–85% coverage at 20, 60 and 200 answers.
    for (i, n) in [20, 60, 200].iter().enumerate() {
        let (covered, total) = f.coverage[i];
        let share = covered as f64 / total as f64;
        assert!(
            (0.75..=0.85).contains(&share),
            "coverage after {n} answers: {:.1}%",
            100.0 * share
        );
    }
    // Held-out log-loss no worse than the Beta baseline.
    assert!(
        f.log_loss.0 <= f.log_loss.1,
        "log-loss {:.4} vs baseline {:.4}",
        f.log_loss.0,
        f.log_loss.1
    );
}
