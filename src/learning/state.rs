//! The FSRS memory state of one question and how one answer moves it on: stability,
//! difficulty, due date, reps and lapses, with the `fsrs` crate's default parameters.
//!
//! A question whose answer key changed (its content hash differs from the one the state was
//! built on) starts over as a new card; its answers stay in the history.

use super::rating::Rating;
use serde::{Deserialize, Serialize};

/// Milliseconds in a day.
pub const DAY_MS: i64 = 86_400_000;
/// The retention FSRS schedules for when the learner has not chosen one.
pub const DEFAULT_RETENTION: f64 = 0.9;
/// The desired retentions accepted (FSRS itself takes anything in 0..1, but outside this
/// range intervals become absurdly short or long).
pub const RETENTION_RANGE: std::ops::RangeInclusive<f64> = 0.7..=0.99;
/// Longest interval scheduled: a hundred years is "never again" for a quiz.
const MAX_INTERVAL_DAYS: f64 = 36_500.0;
/// Shortest interval: an answer got wrong comes back after a few hours at the soonest.
const MIN_INTERVAL_DAYS: f64 = 1.0 / 24.0;

/// Spaced-repetition state of one question.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScheduleState {
    pub stability: f64,
    pub difficulty: f64,
    pub due_ms: i64,
    pub reps: u32,
    pub lapses: u32,
    pub last_review_ms: Option<i64>,
    /// Content hash of the question when last reviewed: a changed question can start over.
    pub content_hash: String,
}

/// What went wrong computing a next state: FSRS refused the input (a damaged state).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("cannot schedule question: {0}")]
pub struct ScheduleError(pub String);

/// The FSRS model with default parameters, built once.
fn fsrs() -> Result<&'static fsrs::FSRS, ScheduleError> {
    static MODEL: std::sync::OnceLock<Result<fsrs::FSRS, ScheduleError>> =
        std::sync::OnceLock::new();
    MODEL
        .get_or_init(|| fsrs::FSRS::new(&[]).map_err(|e| ScheduleError(e.to_string())))
        .as_ref()
        .map_err(Clone::clone)
}

/// A desired retention made safe: outside [`RETENTION_RANGE`] (or not a number) it is
/// clamped into it.
pub fn clamp_retention(retention: f64) -> f64 {
    if retention.is_finite() {
        retention.clamp(*RETENTION_RANGE.start(), *RETENTION_RANGE.end())
    } else {
        DEFAULT_RETENTION
    }
}

/// The state after answering at `now_ms` with `rating`. `previous` is ignored (a new card)
/// when it was built on another content hash.
pub fn next_state(
    previous: Option<&ScheduleState>,
    rating: Rating,
    now_ms: i64,
    content_hash: &str,
    desired_retention: f64,
) -> Result<ScheduleState, ScheduleError> {
    let previous = previous.filter(|p| p.content_hash == content_hash && p.stability > 0.0);
    let memory = previous.map(|p| fsrs::MemoryState {
        stability: p.stability as f32,
        difficulty: p.difficulty as f32,
    });
    let elapsed_days = previous
        .and_then(|p| p.last_review_ms)
        .map_or(0, |last| whole_days(now_ms.saturating_sub(last)));
    let retention = clamp_retention(desired_retention) as f32;
    let next = fsrs()?
        .next_states(memory, retention, elapsed_days)
        .map_err(|e| ScheduleError(e.to_string()))?;
    let item = match rating {
        Rating::Again => next.again,
        Rating::Hard => next.hard,
        Rating::Good => next.good,
        Rating::Easy => next.easy,
    };
    let stability = f64::from(item.memory.stability);
    let difficulty = f64::from(item.memory.difficulty);
    let interval = f64::from(item.interval);
    if !stability.is_finite() || !difficulty.is_finite() || !interval.is_finite() {
        return Err(ScheduleError(String::from(
            "FSRS gave a non-finite memory state",
        )));
    }
    Ok(ScheduleState {
        stability,
        difficulty,
        due_ms: now_ms.saturating_add(interval_ms(interval)),
        reps: previous.map_or(0, |p| p.reps).saturating_add(1),
        lapses: previous
            .map_or(0, |p| p.lapses)
            .saturating_add(u32::from(previous.is_some() && rating == Rating::Again)),
        last_review_ms: Some(now_ms),
        content_hash: content_hash.to_owned(),
    })
}

/// An interval in days as milliseconds: whole days from one day on (a daily review), hours
/// below that.
fn interval_ms(days: f64) -> i64 {
    let days = days.clamp(MIN_INTERVAL_DAYS, MAX_INTERVAL_DAYS);
    let days = if days >= 1.0 { days.round() } else { days };
    (days * DAY_MS as f64).round() as i64
}

/// Whole days between two times (negative spans count as 0).
fn whole_days(ms: i64) -> u32 {
    u32::try_from(ms.max(0) / DAY_MS).unwrap_or(u32::MAX)
}

/// FSRS's forgetting curve with the default decay: the probability of recalling the question
/// `days` after its last review.
pub fn retrievability_after(stability: f64, days: f64) -> f64 {
    if stability.is_nan() || stability <= 0.0 {
        return 0.0;
    }
    let memory = fsrs::MemoryState {
        stability: stability as f32,
        difficulty: 5.0,
    };
    let r = fsrs::current_retrievability(memory, days.max(0.0) as f32, fsrs::FSRS6_DEFAULT_DECAY);
    f64::from(r).clamp(0.0, 1.0)
}

impl ScheduleState {
    /// The probability of recalling the question at `at_ms` (1 right after a review); 0 for
    /// a state that never had a review.
    pub fn retrievability(&self, at_ms: i64) -> f64 {
        match self.last_review_ms {
            Some(last) => {
                retrievability_after(self.stability, (at_ms - last) as f64 / DAY_MS as f64)
            }
            None => 0.0,
        }
    }

    pub fn is_due(&self, now_ms: i64) -> bool {
        self.due_ms <= now_ms
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const T0: i64 = 1_800_000_000_000;

    #[test]
    fn a_new_card_then_reviews() {
        let good = next_state(None, Rating::Good, T0, "h", 0.9).unwrap();
        assert_eq!(good.reps, 1);
        assert_eq!(good.lapses, 0);
        assert!(good.due_ms > T0 + DAY_MS);
        let again = next_state(None, Rating::Again, T0, "h", 0.9).unwrap();
        assert!(again.due_ms < good.due_ms);
        let later = next_state(Some(&good), Rating::Good, good.due_ms, "h", 0.9).unwrap();
        assert_eq!(later.reps, 2);
        assert!(later.stability > good.stability);
        assert!(later.due_ms - good.due_ms > good.due_ms - T0);
        let lapse = next_state(Some(&later), Rating::Again, later.due_ms, "h", 0.9).unwrap();
        assert_eq!(lapse.lapses, 1);
        assert!(lapse.stability < later.stability);
    }

    #[test]
    fn a_changed_question_starts_over() {
        let first = next_state(None, Rating::Easy, T0, "old", 0.9).unwrap();
        let second = next_state(Some(&first), Rating::Easy, first.due_ms, "old", 0.9).unwrap();
        let changed = next_state(Some(&second), Rating::Easy, second.due_ms, "new", 0.9).unwrap();
        assert_eq!(changed.reps, 1);
        assert_eq!(changed.content_hash, "new");
        assert_eq!(changed.stability, first.stability);
    }

    #[test]
    fn higher_retention_means_sooner_reviews() {
        let low = next_state(None, Rating::Good, T0, "h", 0.8).unwrap();
        let high = next_state(None, Rating::Good, T0, "h", 0.95).unwrap();
        assert!(high.due_ms < low.due_ms);
    }

    #[test]
    fn retrievability_falls_with_time() {
        let s = next_state(None, Rating::Good, T0, "h", 0.9).unwrap();
        assert!((s.retrievability(T0) - 1.0).abs() < 1e-6);
        let at_due = s.retrievability(s.due_ms);
        assert!((0.85..0.95).contains(&at_due), "{at_due}");
        assert!(s.retrievability(s.due_ms + 30 * DAY_MS) < at_due);
    }
}
