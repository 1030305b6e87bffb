//! Predicted mastery per category on an exam date, from FSRS retrievability.
//!
//! # The formula
//! Take the category's *learned* questions: those with an FSRS stability of at least
//! [`LEARNED_STABILITY_DAYS`] (a question just answered wrong has a stability of hours: it
//! is not part of what you know, so its forgetting does not lower the forecast). Let R_now
//! be their mean retrievability now and R_then on the date (00:00 UTC) if nothing more is
//! practised. The prediction is `mastery × R_then / R_now`: today's estimate, lowered by the
//! share of what you recall now that you are expected to have forgotten by then. A category
//! with no learned questions keeps its current estimate (nothing is known about its
//! forgetting) and is marked as such. On today's date the forecast equals the estimate.

use super::select::PackKnowledge;
use crate::learning::mastery::GapRow;

/// Stability (days) from which a question counts as learned for the forecast.
pub const LEARNED_STABILITY_DAYS: f64 = 1.0;

/// The forecast for one category.
#[derive(Debug, Clone, PartialEq)]
pub struct CategoryForecast {
    pub category: String,
    pub title: String,
    pub mastery_now: f64,
    pub predicted: f64,
    pub target: Option<f64>,
    /// Learned questions the prediction rests on.
    pub reviewed: usize,
    /// Mean retrievability of those questions now and on the date.
    pub recall_now: Option<f64>,
    pub recall_then: Option<f64>,
}

/// The one rule for "on track" for an exam: the target is met now (a confident verdict
/// above it, as on the gap chart and in readiness) and the forecast for the date is still at
/// or above it. A category never measured is never on track.
pub fn on_track(row: &GapRow, forecast: &CategoryForecast) -> bool {
    row.met() && forecast.gap().is_some_and(|g| g <= 0.0)
}

impl CategoryForecast {
    /// Target − predicted mastery, when there is a target.
    pub fn gap(&self) -> Option<f64> {
        self.target.map(|t| t - self.predicted)
    }
}

/// The forecast of every row of the gap chart (in the chart's order) for `date_ms`.
pub fn forecast(
    knowledge: &PackKnowledge,
    rows: &[GapRow],
    now_ms: i64,
    date_ms: i64,
) -> Vec<CategoryForecast> {
    let categories = knowledge.needs.len();
    let mut sums = vec![(0.0f64, 0.0f64, 0usize); categories];
    for (state, &c) in knowledge.states.iter().zip(&knowledge.category_of) {
        if let (Some(state), Some(sum)) = (state, sums.get_mut(c))
            && state.stability >= LEARNED_STABILITY_DAYS
        {
            sum.0 += state.retrievability(now_ms);
            sum.1 += state.retrievability(date_ms.max(now_ms));
            sum.2 += 1;
        }
    }
    rows.iter()
        .map(|row| {
            let index = knowledge
                .needs
                .iter()
                .position(|n| n.category == row.mastery.category);
            let (now, then, reviewed) = index
                .and_then(|i| sums.get(i).copied())
                .unwrap_or((0.0, 0.0, 0));
            let mastery = row.mastery.mean;
            let (predicted, recall_now, recall_then) = if reviewed > 0 && now > 0.0 {
                let n = reviewed as f64;
                (
                    (mastery * then / now).clamp(0.0, 1.0),
                    Some(now / n),
                    Some(then / n),
                )
            } else {
                (mastery, None, None)
            };
            CategoryForecast {
                category: row.mastery.category.clone(),
                title: row.title.clone(),
                mastery_now: mastery,
                predicted,
                target: row.target,
                reviewed,
                recall_now,
                recall_then,
            }
        })
        .collect()
}
