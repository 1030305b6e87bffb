//! Moodle XML question banks in and out: `import` reads a `<quiz>` file (parsed by
//! roxmltree, which refuses any DOCTYPE, so no entity expansion and no external entity) into
//! a pack; `export` writes a pack as a `<quiz>` Moodle's importer accepts, through the
//! escaping writer in `xml`. Touches neither the store nor the terminal.

pub mod export;
pub mod import;
mod xml;

/// Most XML nodes a file may have (a 64 MiB file of tiny elements stops here, in bounded
/// memory, instead of building tens of millions of nodes).
pub const MAX_NODES: u32 = 4_000_000;

/// Grades Moodle accepts for an answer (percent, positive side); others are refused on
/// import with "invalid grade". The negative side is the same list negated.
pub const MOODLE_GRADES: [f64; 20] = [
    100.0, 90.0, 83.33333, 80.0, 75.0, 70.0, 66.66667, 60.0, 50.0, 40.0, 33.33333, 30.0, 25.0,
    20.0, 16.66667, 14.28571, 12.5, 11.11111, 10.0, 5.0,
];

/// Weights for `k` right choices of a multiple-answer question, each one of Moodle's grades
/// and summing to 100% (Moodle refuses other sums): 100/k when that is a grade (k ≤ 10),
/// otherwise a mix of 10% and 5% (11 ≤ k ≤ 20). `None` for more than 20 right choices,
/// which no sum of Moodle grades can give.
pub fn right_weights(k: usize) -> Option<Vec<f64>> {
    if k == 0 || k > 20 {
        return None;
    }
    let even = 100.0 / k as f64;
    if let Some(grade) = MOODLE_GRADES.iter().find(|g| (*g - even).abs() < 0.0001) {
        return Some(vec![*grade; k]);
    }
    // a × 10% + (k − a) × 5% = 100%  ⇒  a = 20 − k.
    let tens = 20 - k;
    let mut weights = vec![10.0; tens];
    weights.extend(std::iter::repeat_n(5.0, k - tens));
    Some(weights)
}

/// The Moodle grade nearest to `percent` (sign kept), and whether it had to move.
pub fn nearest_grade(percent: f64) -> (f64, bool) {
    let magnitude = percent.abs();
    let nearest = MOODLE_GRADES
        .iter()
        .copied()
        .min_by(|a, b| (a - magnitude).abs().total_cmp(&(b - magnitude).abs()))
        .unwrap_or(100.0);
    let signed = if percent < 0.0 { -nearest } else { nearest };
    (signed, (nearest - magnitude).abs() > 0.001)
}

/// A weight written as Moodle writes it: up to 7 decimals, no trailing zeros.
pub fn grade_text(percent: f64) -> String {
    let written = format!("{percent:.7}");
    written
        .trim_end_matches('0')
        .trim_end_matches('.')
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn right_weights_are_moodle_grades_summing_to_100() {
        for k in 1..=20 {
            let weights = right_weights(k).unwrap_or_default();
            assert_eq!(weights.len(), k, "k = {k}");
            let sum: f64 = weights.iter().sum();
            assert!((sum - 100.0).abs() < 0.001, "k = {k}: sum {sum}");
            for w in &weights {
                assert!(
                    MOODLE_GRADES.iter().any(|g| (g - w).abs() < 1e-9),
                    "k = {k}: {w} is not a Moodle grade"
                );
            }
        }
        assert_eq!(right_weights(21), None);
        assert_eq!(right_weights(0), None);
    }

    #[test]
    fn grades_move_to_the_nearest_allowed_and_keep_their_sign() {
        assert_eq!(nearest_grade(-33.0), (-33.33333, true));
        assert_eq!(nearest_grade(50.0), (50.0, false));
        assert_eq!(grade_text(33.33333), "33.33333");
        assert_eq!(grade_text(100.0), "100");
        assert_eq!(grade_text(-12.5), "-12.5");
    }
}
