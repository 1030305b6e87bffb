//! Loading a stored session to continue it (resume) or to ask again what it missed
//! (retake): typed data both front ends start from, so they agree on what was answered.

use std::time::Duration;

use crate::store::{AnswerRecord, SessionId, SessionRecord, Store, StoreError};

/// A stored session with its answers, in the order they were given.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredSession {
    pub record: SessionRecord,
    pub answers: Vec<AnswerRecord>,
}

impl StoredSession {
    /// The planned questions not answered yet, in the planned order.
    pub fn unanswered(&self) -> Vec<&str> {
        self.record
            .question_ids
            .iter()
            .map(String::as_str)
            .filter(|id| !self.answers.iter().any(|a| a.question_id == *id))
            .collect()
    }

    /// (pack id, question id, score) of every answer: what a retake picks its questions
    /// from ([`crate::quiz::retake`]).
    pub fn given(&self) -> Vec<(&str, &str, f64)> {
        self.answers
            .iter()
            .map(|a| {
                (
                    a.pack.id.as_str(),
                    a.question_id.as_str(),
                    a.counted_score(),
                )
            })
            .collect()
    }

    /// What is left of a timed session's limit at `now_ms` (zero once spent); `None`
    /// without a limit.
    pub fn time_left(&self, now_ms: i64) -> Option<Duration> {
        self.record.time_limit_secs.map(|limit| {
            let spent = u64::try_from((now_ms - self.record.started_at_ms).max(0)).unwrap_or(0);
            Duration::from_millis(limit.saturating_mul(1000).saturating_sub(spent))
        })
    }
}

/// Session `id` with its answers; `None` when there is no such session.
pub fn load(store: &Store, id: SessionId) -> Result<Option<StoredSession>, StoreError> {
    match store.session(id)? {
        Some(record) => with_answers(store, record).map(Some),
        None => Ok(None),
    }
}

/// The newest unfinished session with its answers: the one `quiz --resume` continues.
pub fn last_unfinished(store: &Store) -> Result<Option<StoredSession>, StoreError> {
    match store.last_unfinished()? {
        Some(record) => with_answers(store, record).map(Some),
        None => Ok(None),
    }
}

/// The newest session with at least one answer: what `--retake-wrong last` retakes.
pub fn last_answered(store: &Store) -> Result<Option<StoredSession>, StoreError> {
    match store.sessions(None)?.into_iter().find(|s| s.answered > 0) {
        Some(record) => with_answers(store, record).map(Some),
        None => Ok(None),
    }
}

fn with_answers(store: &Store, record: SessionRecord) -> Result<StoredSession, StoreError> {
    let answers = store.session_answers(record.id)?;
    Ok(StoredSession { record, answers })
}
