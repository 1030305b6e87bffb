//! `skillgap history`: the stored sessions, newest first, each with its score per category.

use crate::report::history::{CategoryScore, HistoryRow};
use crate::store::{Store, StoreError};

/// The newest `limit` sessions (all when `None`), each with its score per category. One
/// query, reading no answer row: history costs what the sessions cost, not what their
/// answers do.
pub fn history(store: &Store, limit: Option<usize>) -> Result<Vec<HistoryRow>, StoreError> {
    Ok(store
        .history(limit)?
        .into_iter()
        .map(|(session, tallies)| HistoryRow {
            session,
            categories: tallies
                .into_iter()
                .map(|tally| CategoryScore {
                    category: tally.category,
                    score: tally.score_sum,
                    answered: tally.answered,
                })
                .collect(),
        })
        .collect())
}
