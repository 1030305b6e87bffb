//! A card's review log → its FSRS memory state (the `fsrs` crate's default parameters replay
//! the ratings, day by day) and the due time Anki gave it, so a deck's memory carries over.
//!
//! Anki's review days start at the collection's creation time (`col.crt`, the start of its
//! first day at the learner's rollover hour), so a review card due on day `d` is due from
//! `crt + d` days; learning cards are due at an epoch second.

use super::collection::{Card, Review};
use crate::learning::ScheduleState;

const DAY_SECS: i64 = 86_400;

/// What a card's history gives one question: its scheduling state, and whether that was
/// estimated (no usable review in the log: from the card's interval alone).
#[derive(Debug, Clone, PartialEq)]
pub struct Memory {
    pub state: ScheduleState,
    pub estimated: bool,
}

/// The reviews FSRS learns from, oldest first: ratings 1–4 of learning, review, relearning
/// and filtered-deck answers; manual changes skipped, and a reset ("Forget") starts over.
fn usable(reviews: &[Review]) -> Vec<Review> {
    let mut kept: Vec<Review> = Vec::new();
    for review in reviews {
        match (review.kind, review.ease) {
            (4, 0) if review.interval == 0 => kept.clear(),
            (0..=3, 1..=4) => kept.push(*review),
            _ => {}
        }
    }
    kept
}

/// Anki's day number of a moment.
fn day_of(at_ms: i64, created_secs: i64) -> i64 {
    (at_ms.div_euclid(1000) - created_secs).div_euclid(DAY_SECS)
}

/// When Anki would show the card next, in epoch milliseconds; `None` for a new card.
pub fn due_ms(card: &Card, created_secs: i64) -> Option<i64> {
    let seconds = match (card.kind, card.queue) {
        (0, _) => return None,
        // Learning and relearning steps: an epoch second, except day-learning (queue 3).
        (1 | 3, queue) if queue != 3 => card.due,
        _ => created_secs.saturating_add(card.due.saturating_mul(DAY_SECS)),
    };
    Some(seconds.saturating_mul(1000))
}

/// Why a card's review history could not be replayed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReplayError {
    /// FSRS refused the reviews (its message).
    #[error("FSRS refused the review history: {0}")]
    Refused(String),
    #[error("FSRS gave a non-finite memory state")]
    NonFinite,
}

/// The memory of `card` from its `reviews`, for the question whose content hash is
/// `content_hash`; `None` for a new card.
pub fn memory(
    fsrs: &fsrs::FSRS,
    card: &Card,
    reviews: &[Review],
    created_secs: i64,
    content_hash: String,
) -> Result<Option<Memory>, ReplayError> {
    let Some(due_ms) = due_ms(card, created_secs) else {
        return Ok(None);
    };
    let kept = usable(reviews);
    let lapses = u32::try_from(card.lapses.max(0)).unwrap_or(u32::MAX);
    let Some(last) = kept.last() else {
        // A card moved into review without a log (rescheduled, or the log was not
        // exported): FSRS's stability is close to the interval at 90% retention.
        let stability = card.interval.clamp(1, 36_500) as f64;
        return Ok(Some(Memory {
            state: ScheduleState {
                stability,
                difficulty: 5.0,
                due_ms,
                reps: 0,
                lapses,
                last_review_ms: None,
                content_hash,
            },
            estimated: true,
        }));
    };
    let mut previous_day = None;
    let mut item = fsrs::FSRSItem {
        reviews: Vec::with_capacity(kept.len()),
    };
    for review in &kept {
        let day = day_of(review.at_ms, created_secs);
        let delta = previous_day.map_or(0, |before: i64| (day - before).max(0));
        previous_day = Some(day);
        item.reviews.push(fsrs::FSRSReview {
            rating: u32::try_from(review.ease).unwrap_or(3),
            delta_t: u32::try_from(delta).unwrap_or(u32::MAX),
        });
    }
    let state = fsrs
        .memory_state(item, None)
        .map_err(|e| ReplayError::Refused(e.to_string()))?;
    let stability = f64::from(state.stability);
    let difficulty = f64::from(state.difficulty);
    if !stability.is_finite() || !difficulty.is_finite() || stability <= 0.0 {
        return Err(ReplayError::NonFinite);
    }
    Ok(Some(Memory {
        state: ScheduleState {
            stability,
            difficulty,
            due_ms,
            reps: u32::try_from(kept.len()).unwrap_or(u32::MAX),
            lapses,
            last_review_ms: Some(last.at_ms),
            content_hash,
        },
        estimated: false,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn card(kind: i64, queue: i64, due: i64) -> Card {
        Card {
            id: 1,
            note: 1,
            deck: 1,
            ord: 0,
            kind,
            queue,
            due,
            interval: 10,
            lapses: 1,
        }
    }

    fn review(day: i64, ease: i64, kind: i64) -> Review {
        Review {
            at_ms: (CREATED + day * DAY_SECS + 3600) * 1000,
            ease,
            kind,
            interval: 1,
        }
    }

    const CREATED: i64 = 1_700_000_000;

    #[test]
    fn due_days_count_from_the_collection_start() {
        assert_eq!(due_ms(&card(0, 0, 5), CREATED), None);
        assert_eq!(
            due_ms(&card(2, 2, 10), CREATED),
            Some((CREATED + 10 * DAY_SECS) * 1000)
        );
        assert_eq!(
            due_ms(&card(1, 1, 1_700_000_123), CREATED),
            Some(1_700_000_123_000)
        );
        assert_eq!(
            due_ms(&card(3, 3, 2), CREATED),
            Some((CREATED + 2 * DAY_SECS) * 1000)
        );
        // Suspended review cards keep their day.
        assert_eq!(
            due_ms(&card(2, -1, 3), CREATED),
            Some((CREATED + 3 * DAY_SECS) * 1000)
        );
    }

    #[test]
    fn history_matches_the_crate_replayed_by_hand_and_a_reset_starts_over() {
        let fsrs = fsrs::FSRS::new(&[]).unwrap();
        let log = [
            review(0, 3, 0),
            review(0, 0, 4), // a manual change that is not a reset
            review(3, 3, 1),
            review(10, 1, 1),
            review(11, 3, 2),
        ];
        let memory = memory(&fsrs, &card(2, 2, 20), &log, CREATED, "h".into())
            .unwrap()
            .unwrap();
        let by_hand = fsrs
            .memory_state(
                fsrs::FSRSItem {
                    reviews: [(3, 0), (3, 3), (1, 7), (3, 1)]
                        .map(|(rating, delta_t)| fsrs::FSRSReview { rating, delta_t })
                        .to_vec(),
                },
                None,
            )
            .unwrap();
        assert_eq!(memory.state.stability, f64::from(by_hand.stability));
        assert_eq!(memory.state.reps, 4);
        assert_eq!(memory.state.last_review_ms, Some(log[4].at_ms));
        let mut reset = log.to_vec();
        reset.push(Review {
            interval: 0,
            ..review(12, 0, 4)
        });
        reset.push(review(13, 4, 0));
        let after = memory_of(&fsrs, &reset);
        let fresh = memory_of(&fsrs, &[review(13, 4, 0)]);
        assert_eq!(after.state.stability, fresh.state.stability);
        assert_eq!(after.state.reps, 1);
    }

    fn memory_of(fsrs: &fsrs::FSRS, log: &[Review]) -> Memory {
        memory(fsrs, &card(2, 2, 20), log, CREATED, "h".into())
            .unwrap()
            .unwrap()
    }

    #[test]
    fn a_review_card_without_log_is_estimated() {
        let fsrs = fsrs::FSRS::new(&[]).unwrap();
        let memory = memory(&fsrs, &card(2, 2, 20), &[], CREATED, "h".into())
            .unwrap()
            .unwrap();
        assert!(memory.estimated);
        assert_eq!(memory.state.stability, 10.0);
    }
}
