//! `skillgap history`: the stored sessions, newest first, each with its score per category.

use crate::report::history::{CategoryScore, HistoryRow};
use crate::store::{Store, StoreError};

/// The newest `limit` sessions (all when `None`), each with its score per category. Two
/// queries in all, neither reading answer rows: history costs what the sessions cost, not
/// what their answers do.
pub fn history(store: &Store, limit: Option<usize>) -> Result<Vec<HistoryRow>, StoreError> {
    let sessions = store.sessions(limit)?;
    let mut scores = store.category_scores(limit)?;
    Ok(sessions
        .into_iter()
        .map(|session| {
            let categories = scores
                .remove(&session.id)
                .unwrap_or_default()
                .into_iter()
                .map(|tally| CategoryScore {
                    category: tally.category,
                    score: tally.score_sum,
                    answered: tally.answered,
                })
                .collect();
            HistoryRow {
                session,
                categories,
            }
        })
        .collect())
}
