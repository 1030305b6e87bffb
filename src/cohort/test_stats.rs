//! Test statistics of a class, as Moodle's quiz statistics report defines them, over the
//! students who answered every question of the report (a student who never saw a question
//! has no total comparable with the others'). A student's **total** is the sum of their
//! marks (each question is worth 1), out of the number of questions `p`.
//!
//! - **Mean**, **median** (the middle total, or the mean of the two middle ones) and
//!   **standard deviation** `sqrt(Σ(t − mean)² / (n − 1))` of the totals.
//! - **Skewness** `k3 / k2^(3/2)` and **kurtosis** `k4 / k2²` (excess), with the unbiased
//!   cumulants `k2 = n·m2/(n−1)`, `k3 = n²·m3/((n−1)(n−2))`,
//!   `k4 = n²·((n+1)·m4 − 3(n−1)·m2²)/((n−1)(n−2)(n−3))` of the central moments `m_r`;
//!   from 3 (skewness) and 4 (kurtosis) students.
//! - **Cronbach's alpha** (Moodle's *coefficient of internal consistency*; on right/wrong
//!   questions it is KR-20): `p/(p−1) · (1 − Σ var(item) / var(total))`, variances over
//!   `n − 1`; from 3 students and 2 questions, undefined when the totals do not vary.
//! - **Error ratio** `sqrt(1 − alpha)` and **standard error of measurement**
//!   `SEM = SD · sqrt(1 − alpha)`, in marks: a student's total is known to about ± SEM.
//! - **Distribution**: how many totals fall in each tenth of the full marks (the last bin
//!   holds full marks).

use super::{Grid, mean};
use serde::Serialize;

/// Bins of the score distribution (tenths of the full marks).
pub const BINS: usize = 10;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TestStats {
    /// Students counted: those who answered every question.
    pub students: usize,
    /// Students left out because they did not answer every question.
    pub incomplete: usize,
    /// Questions in the test (`p`); also the full marks.
    pub questions: usize,
    pub mean: f64,
    pub median: f64,
    pub sd: Option<f64>,
    pub skewness: Option<f64>,
    pub kurtosis: Option<f64>,
    /// Cronbach's alpha (KR-20 on right/wrong questions), as a fraction.
    pub alpha: Option<f64>,
    /// `sqrt(1 − alpha)`, as a fraction.
    pub error_ratio: Option<f64>,
    /// Standard error of measurement, in marks.
    pub sem: Option<f64>,
    /// Counts of totals per tenth of the full marks.
    pub distribution: Vec<usize>,
    /// Fewer than `min_students` students counted: the numbers are only indicative.
    pub indicative: bool,
}

impl TestStats {
    /// A mark total as a share of the full marks.
    pub fn share(&self, marks: f64) -> f64 {
        if self.questions == 0 {
            0.0
        } else {
            marks / self.questions as f64
        }
    }
}

/// The test statistics of the students who answered all `questions` of the grid, or `None`
/// when no student did.
pub(crate) fn of(grid: &Grid, questions: usize, min_students: usize) -> Option<TestStats> {
    let rows: Vec<Vec<f64>> = grid
        .rows
        .iter()
        .filter_map(|row| {
            row.iter()
                .map(|a| a.map(|a| a.score))
                .collect::<Option<Vec<f64>>>()
        })
        .collect();
    from_matrix(&rows, questions, grid.rows.len() - rows.len(), min_students)
}

/// The statistics of a complete students × questions matrix of marks.
pub fn from_matrix(
    rows: &[Vec<f64>],
    questions: usize,
    incomplete: usize,
    min_students: usize,
) -> Option<TestStats> {
    if rows.is_empty() || questions == 0 {
        return None;
    }
    let n = rows.len();
    let nf = n as f64;
    let totals: Vec<f64> = rows.iter().map(|r| r.iter().sum()).collect();
    let total_mean = mean(totals.iter().copied());
    let central = |power: i32| mean(totals.iter().map(|t| (t - total_mean).powi(power)));
    let (m2, m3, m4) = (central(2), central(3), central(4));
    let sd = (n > 1).then(|| (m2 * nf / (nf - 1.0)).sqrt());
    let k2: f64 = if n > 1 { nf * m2 / (nf - 1.0) } else { 0.0 };
    let skewness = (n > 2 && k2 != 0.0).then(|| {
        let k3 = nf * nf * m3 / ((nf - 1.0) * (nf - 2.0));
        k3 / k2.powf(1.5)
    });
    let kurtosis = (n > 3 && k2 != 0.0).then(|| {
        let k4 = nf * nf * ((nf + 1.0) * m4 - 3.0 * (nf - 1.0) * m2 * m2)
            / ((nf - 1.0) * (nf - 2.0) * (nf - 3.0));
        k4 / (k2 * k2)
    });
    let p = questions as f64;
    let alpha = (n > 2 && questions > 1 && k2 != 0.0).then(|| {
        let item_variance_sum: f64 = (0..questions)
            .map(|q| {
                let column = rows.iter().map(|r| r.get(q).copied().unwrap_or(0.0));
                let column_mean = mean(column.clone());
                column.map(|x| (x - column_mean).powi(2)).sum::<f64>() / (nf - 1.0)
            })
            .sum();
        p / (p - 1.0) * (1.0 - item_variance_sum / k2)
    });
    // Alpha is at most 1 (rounding aside); a negative one gives an error ratio above 1.
    let error_ratio = alpha.map(|a| (1.0 - a).max(0.0).sqrt());
    let sem = error_ratio.zip(sd).map(|(e, sd)| e * sd);
    let mut sorted = totals.clone();
    sorted.sort_by(f64::total_cmp);
    let median = if n.is_multiple_of(2) {
        (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0
    } else {
        sorted[n / 2]
    };
    let mut distribution = vec![0; BINS];
    for t in &totals {
        let bin = ((t / p * BINS as f64).floor().max(0.0) as usize).min(BINS - 1);
        distribution[bin] += 1;
    }
    Some(TestStats {
        students: n,
        incomplete,
        questions,
        mean: total_mean,
        median,
        sd,
        skewness,
        kurtosis,
        alpha,
        error_ratio,
        sem,
        distribution,
        indicative: n < min_students,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_perfectly_consistent_test_has_alpha_one_and_no_error() {
        // Every student gets all or nothing: the questions agree completely.
        let rows = vec![vec![1.0; 4], vec![0.0; 4], vec![1.0; 4], vec![0.0; 4]];
        let stats = from_matrix(&rows, 4, 0, 30).unwrap();
        assert!((stats.alpha.unwrap() - 1.0).abs() < 1e-12);
        assert!(stats.sem.unwrap().abs() < 1e-12);
        assert_eq!(stats.median, 2.0);
        assert_eq!(stats.distribution[0], 2);
        assert_eq!(stats.distribution[BINS - 1], 2);
        assert!(stats.indicative);
    }

    #[test]
    fn unrelated_questions_have_alpha_near_zero_or_below() {
        // Two questions answered in opposite ways: the totals never vary.
        let rows = vec![vec![1.0, 0.0], vec![0.0, 1.0], vec![1.0, 0.0]];
        let stats = from_matrix(&rows, 2, 0, 2).unwrap();
        assert_eq!(stats.alpha, None, "no variance in the totals");
        assert_eq!(stats.sd, Some(0.0));
        assert!(!stats.indicative);
    }
}
