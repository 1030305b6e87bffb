//! Mastery per category over time, from the stored answers, with the gap chart's own formula
//! (`crate::learning::mastery::Accumulator`): the estimate as it stood at the end of each day with
//! answers (of each week, when answers span more than [`MAX_DAILY_POINTS`] days), ending with
//! now.
//!
//! One pass in time order: the evidence is aged between points (the recency weight is
//! exponential, so ageing by a then b equals ageing by a + b), so a million answers take one
//! pass, not one per point.

use super::date::CalendarDate;
use super::state::DAY_MS;
use crate::learning::mastery::{Accumulator, Mastery, Slot};
use crate::pack::{Difficulty, Pack};

/// Above this many days with answers, points are weekly.
pub const MAX_DAILY_POINTS: usize = 60;

/// One stored answer, as the trend reads it (the strings borrowed: a million answers name a
/// few thousand questions).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TrendAnswer<'a> {
    /// Answers with the same key are to the same question, in the same category, with the
    /// same difficulty (each answer may have a key of its own): the trend looks each key's
    /// strings up once, not once per answer. Keys are small numbers (they index a list).
    pub key: usize,
    pub question_id: &'a str,
    pub category: &'a str,
    pub difficulty: Difficulty,
    pub score: f64,
    pub answered_at_ms: i64,
}

/// Days or weeks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Day,
    Week,
}

/// The estimates at one point in time.
#[derive(Debug, Clone, PartialEq)]
pub struct TrendPoint {
    /// The time the estimates are for (end of the day or week, or now for the last point).
    pub at_ms: i64,
    /// The day (or the last day of the week) it stands for.
    pub date: CalendarDate,
    /// Every category of the pack, in pack order.
    pub masteries: Vec<Mastery>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Trend {
    pub step: Step,
    pub points: Vec<TrendPoint>,
}

/// Which day or week an instant belongs to, as a number that grows with time.
fn bucket(step: Step, ms: i64) -> i64 {
    let day = ms.div_euclid(DAY_MS);
    match step {
        Step::Day => day,
        // Weeks from Monday: 1970-01-01 was a Thursday.
        Step::Week => (day + 3).div_euclid(7),
    }
}

fn bucket_end(step: Step, bucket: i64) -> i64 {
    match step {
        Step::Day => (bucket + 1) * DAY_MS - 1,
        Step::Week => ((bucket + 1) * 7 - 3) * DAY_MS - 1,
    }
}

/// The trend of `pack` from its answers (in any order), up to `now_ms`.
pub fn trend(pack: &Pack, mut answers: Vec<TrendAnswer<'_>>, now_ms: i64) -> Trend {
    answers.retain(|a| a.answered_at_ms <= now_ms);
    answers.sort_by_key(|a| a.answered_at_ms);
    let mut days: Vec<i64> = answers
        .iter()
        .map(|a| bucket(Step::Day, a.answered_at_ms))
        .collect();
    days.dedup();
    let step = if days.len() > MAX_DAILY_POINTS {
        Step::Week
    } else {
        Step::Day
    };
    let mut acc = Accumulator::new();
    let mut slots: Vec<Option<Slot>> = Vec::new();
    // The time the accumulator's ages are measured from.
    let mut cursor: Option<i64> = None;
    let mut points = Vec::new();
    let mut index = 0;
    while index < answers.len() {
        let current = bucket(step, answers[index].answered_at_ms);
        let end = bucket_end(step, current).min(now_ms);
        if let Some(previous) = cursor {
            acc.age((end - previous) as f64 / DAY_MS as f64);
        }
        cursor = Some(end);
        while let Some(a) = answers.get(index) {
            if bucket(step, a.answered_at_ms) != current {
                break;
            }
            let age = (end - a.answered_at_ms) as f64 / DAY_MS as f64;
            // Found when the key's first answer is added, as `Accumulator::add` would.
            let slot = match slots.get(a.key).copied().flatten() {
                Some(slot) => slot,
                None => {
                    let slot = acc.slot(a.category, a.question_id, a.difficulty);
                    if slots.len() <= a.key {
                        slots.resize(a.key + 1, None);
                    }
                    slots[a.key] = Some(slot);
                    slot
                }
            };
            acc.add_at(slot, a.score, age);
            index += 1;
        }
        points.push(TrendPoint {
            at_ms: end,
            date: CalendarDate::of_ms(end),
            masteries: acc.finish(pack),
        });
    }
    if let Some(previous) = cursor
        && previous < now_ms
    {
        acc.age((now_ms - previous) as f64 / DAY_MS as f64);
        points.push(TrendPoint {
            at_ms: now_ms,
            date: CalendarDate::of_ms(now_ms),
            masteries: acc.finish(pack),
        });
    }
    Trend { step, points }
}
