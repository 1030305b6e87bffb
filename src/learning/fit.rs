//! Fitting question difficulties from a class's answers (`skillgap pack calibrate`). Pure:
//! answers in, difficulties out.
//!
//! # The fit
//! The model of `mastery`: the expected score of person j on question i is
//! pᵢⱼ = cᵢ + (1 − cᵢ) · σ(θⱼ − bᵢ), with cᵢ the question's guessing floor (0 gives the plain
//! Rasch model). A "person" is one student in one category (abilities differ by category).
//! Scores in [0, 1] are fractional evidence, as in the model. The fit is joint maximum
//! likelihood with weak normal penalties (θ ~ N(0, 3²), b ~ N(0, 3²)) so that a student or a
//! question with all answers right or all wrong stays finite: Fisher-scoring steps on every θ
//! then every b, repeated until no value moves by more than 1e-6 logits (at most 200 rounds).
//! Difficulties are then shifted so that their mean is 0; the caller may anchor them
//! elsewhere (calibrate anchors them on the authored labels' mean).
//!
//! Questions with fewer than the caller's minimum of answers get no difficulty: too few
//! answers say little, and the authored label stays in use.

/// One answer: who (person index), which question (item index), the score in [0, 1].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Observation {
    pub person: usize,
    pub item: usize,
    pub score: f64,
}

/// What the fit found.
#[derive(Debug, Clone, PartialEq)]
pub struct Fitted {
    /// Per item: the difficulty in logits (mean 0 over the fitted items), or `None` when it
    /// had fewer answers than asked for.
    pub difficulty: Vec<Option<f64>>,
    /// Per item: answers it had.
    pub answers: Vec<usize>,
    /// Per person: the ability in logits, on the same scale before the shift.
    pub ability: Vec<f64>,
}

const PENALTY_SD: f64 = 3.0;
const MAX_ROUNDS: usize = 200;
const TOLERANCE: f64 = 1e-6;
const MAX_STEP: f64 = 1.0;

fn sigmoid(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

/// Gradient and information of one answer's log-likelihood with respect to θ − b.
fn score_terms(theta: f64, b: f64, floor: f64, s: f64) -> (f64, f64) {
    let q = sigmoid(theta - b);
    let p = (floor + (1.0 - floor) * q).clamp(1e-12, 1.0 - 1e-12);
    let dp = (1.0 - floor) * q * (1.0 - q);
    let pq = p * (1.0 - p);
    ((s - p) * dp / pq, dp * dp / pq)
}

/// Fits difficulties for `items` questions (with guessing floors `floors`, 0 when missing)
/// and abilities for `persons` people from `observations`; `min_answers` as documented.
pub fn fit(
    items: usize,
    persons: usize,
    floors: &[f64],
    observations: &[Observation],
    min_answers: usize,
) -> Fitted {
    let observations: Vec<Observation> = observations
        .iter()
        .filter(|o| o.item < items && o.person < persons && o.score.is_finite())
        .map(|o| Observation {
            score: o.score.clamp(0.0, 1.0),
            ..*o
        })
        .collect();
    let floor = |i: usize| floors.get(i).copied().unwrap_or(0.0).clamp(0.0, 0.95);
    let mut answers = vec![0usize; items];
    for o in &observations {
        answers[o.item] += 1;
    }
    let mut theta = vec![0.0f64; persons];
    let mut b = vec![0.0f64; items];
    let prior = 1.0 / (PENALTY_SD * PENALTY_SD);
    for _ in 0..MAX_ROUNDS {
        let mut moved: f64 = 0.0;
        let mut gradient = vec![0.0; persons];
        let mut information = vec![0.0; persons];
        for o in &observations {
            let (g, i) = score_terms(theta[o.person], b[o.item], floor(o.item), o.score);
            gradient[o.person] += g;
            information[o.person] += i;
        }
        for j in 0..persons {
            let step = ((gradient[j] - prior * theta[j]) / (information[j] + prior))
                .clamp(-MAX_STEP, MAX_STEP);
            theta[j] += step;
            moved = moved.max(step.abs());
        }
        let mut gradient = vec![0.0; items];
        let mut information = vec![0.0; items];
        for o in &observations {
            let (g, i) = score_terms(theta[o.person], b[o.item], floor(o.item), o.score);
            gradient[o.item] -= g;
            information[o.item] += i;
        }
        for i in 0..items {
            let step = ((gradient[i] - prior * b[i]) / (information[i] + prior))
                .clamp(-MAX_STEP, MAX_STEP);
            b[i] += step;
            moved = moved.max(step.abs());
        }
        if moved < TOLERANCE {
            break;
        }
    }
    let kept: Vec<usize> = (0..items)
        .filter(|&i| answers[i] >= min_answers.max(1))
        .collect();
    let shift = if kept.is_empty() {
        0.0
    } else {
        kept.iter().map(|&i| b[i]).sum::<f64>() / kept.len() as f64
    };
    Fitted {
        difficulty: (0..items)
            .map(|i| (answers[i] >= min_answers.max(1)).then(|| b[i] - shift))
            .collect(),
        answers,
        ability: theta,
    }
}

/// Pearson correlation of paired values (`None` under two pairs or without spread).
pub fn correlation(pairs: &[(f64, f64)]) -> Option<f64> {
    let n = pairs.len() as f64;
    if pairs.len() < 2 {
        return None;
    }
    let (mx, my) = (
        pairs.iter().map(|p| p.0).sum::<f64>() / n,
        pairs.iter().map(|p| p.1).sum::<f64>() / n,
    );
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (x, y) in pairs {
        sxy += (x - mx) * (y - my);
        sxx += (x - mx) * (x - mx);
        syy += (y - my) * (y - my);
    }
    (sxx > 0.0 && syy > 0.0).then(|| sxy / (sxx * syy).sqrt())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::quiz::QuizRng;

    /// A cohort drawn from known difficulties and abilities.
    fn cohort(items: usize, persons: usize, floor: f64, seed: u64) -> (Vec<f64>, Vec<Observation>) {
        let mut rng = QuizRng::new(seed);
        let truth: Vec<f64> = (0..items)
            .map(|i| -2.0 + 4.0 * i as f64 / items as f64)
            .collect();
        let mut observations = Vec::new();
        for person in 0..persons {
            let theta = 3.0 * rng.unit() - 1.5;
            for (item, b) in truth.iter().enumerate() {
                let p = floor + (1.0 - floor) * sigmoid(theta - b);
                let score = if rng.unit() < p { 1.0 } else { 0.0 };
                observations.push(Observation {
                    person,
                    item,
                    score,
                });
            }
        }
        (truth, observations)
    }

    #[test]
    fn known_difficulties_are_recovered() {
        for floor in [0.0, 0.25] {
            let (truth, observations) = cohort(30, 400, floor, 7);
            let fitted = fit(30, 400, &vec![floor; 30], &observations, 20);
            let pairs: Vec<(f64, f64)> = truth
                .iter()
                .zip(&fitted.difficulty)
                .map(|(t, f)| (*t, f.unwrap_or(f64::NAN)))
                .collect();
            let r = correlation(&pairs).unwrap_or(0.0);
            assert!(r > 0.97, "floor {floor}: r = {r}");
            let mean_abs: f64 =
                pairs.iter().map(|(t, f)| (t - f).abs()).sum::<f64>() / pairs.len() as f64;
            assert!(mean_abs < 0.35, "floor {floor}: mean |error| {mean_abs}");
        }
    }

    #[test]
    fn questions_with_too_few_answers_get_no_difficulty() {
        let observations = vec![
            Observation {
                person: 0,
                item: 0,
                score: 1.0,
            },
            Observation {
                person: 1,
                item: 0,
                score: 0.0,
            },
            Observation {
                person: 0,
                item: 1,
                score: 1.0,
            },
        ];
        let fitted = fit(2, 2, &[], &observations, 2);
        assert!(fitted.difficulty[0].is_some());
        assert_eq!(fitted.difficulty[1], None);
        assert_eq!(fitted.answers, vec![2, 1]);
    }

    #[test]
    fn all_right_or_all_wrong_stays_finite() {
        let observations: Vec<Observation> = (0..10)
            .map(|person| Observation {
                person,
                item: 0,
                score: 1.0,
            })
            .collect();
        let fitted = fit(1, 10, &[], &observations, 1);
        assert!(fitted.difficulty[0].is_some_and(f64::is_finite));
        assert!(fitted.ability.iter().all(|a| a.is_finite()));
    }
}
