//! `skillgap history`: the stored sessions, newest first, each with its score per category.

use crate::report::history::{CategoryScore, HistoryRow};
use crate::store::{Store, StoreError};

/// The newest `limit` sessions (all when `None`), each with its score per category.
pub fn history(store: &Store, limit: Option<usize>) -> Result<Vec<HistoryRow>, StoreError> {
    let sessions = store.sessions(limit)?;
    let mut rows = Vec::with_capacity(sessions.len());
    for session in sessions {
        let answers = store.session_answers(session.id)?;
        let categories =
            crate::quiz::category_scores(answers.iter().map(|a| (a.category.as_str(), a.score)))
                .into_iter()
                .map(|(category, score, answered)| CategoryScore {
                    category,
                    score,
                    answered,
                })
                .collect();
        rows.push(HistoryRow {
            session,
            categories,
        });
    }
    Ok(rows)
}
