//! The personal report's data (`skillgap report --format html`): the gap report with its
//! weakest questions, the exam-date forecast, mastery over time and calibration, gathered in
//! one pass over the stored answers instead of one read each.
//!
//! The numbers are those of the separate use cases ([`super::gap::gap_report`],
//! [`super::progress::trend_report`], [`super::progress::calibration_report`]): the gap report
//! is fed in the order stored by the same [`GapPass`]; the trend and calibration get the
//! answers in time order, ties in the order stored, as they do on their own.

use super::gap::GapPass;
use super::profile::profile_for;
use super::progress::forecast_for;
use crate::learning::calibration::{Calibration, CalibrationBuilder};
use crate::learning::trend::{Trend, TrendAnswer, trend};
use crate::pack::{Difficulty, Pack};
use crate::quiz::Confidence;
use crate::report::GapReport;
use crate::report::progress::Forecast;
use crate::store::{Store, StoreError};

/// Everything the personal report shows, for one pack and profile.
#[derive(Debug, Clone)]
pub struct PersonalData {
    pub gap: GapReport,
    pub forecast: Option<Forecast>,
    pub trend: Trend,
    pub calibration: Calibration,
}

/// What one key of the score log names, copied once per key rather than once per answer.
#[derive(Debug)]
struct Named {
    question_id: String,
    category: String,
    difficulty: Difficulty,
    confidence: Option<Confidence>,
}

/// One answer kept for the trend and calibration: 24 bytes, its strings in `Named`.
#[derive(Debug, Clone, Copy)]
struct Kept {
    key: usize,
    score: f64,
    answered_at_ms: i64,
}

/// The personal report of `pack` for the profile the rule picks from `asked`, from one read
/// of the stored answers.
pub fn personal_report(
    store: &Store,
    pack: &Pack,
    asked: Option<&str>,
    now_ms: i64,
) -> Result<PersonalData, StoreError> {
    let profile = profile_for(store, pack, asked)?;
    let mut gap = GapPass::new(now_ms);
    let mut named: Vec<Option<Named>> = Vec::new();
    let mut kept: Vec<Kept> = Vec::new();
    store.for_each_scored(&pack.meta.id, |row| {
        gap.add(&row);
        if named.len() <= row.key {
            named.resize_with(row.key + 1, || None);
        }
        if let Some(slot @ None) = named.get_mut(row.key) {
            *slot = Some(Named {
                question_id: row.question_id.to_owned(),
                category: row.category.to_owned(),
                difficulty: row.difficulty,
                confidence: row.confidence,
            });
        }
        kept.push(Kept {
            key: row.key,
            score: row.score,
            answered_at_ms: row.answered_at_ms,
        });
    })?;
    let gap = gap.finish(pack, profile);

    // Stable: answers at the same millisecond stay in the order stored.
    kept.sort_by_key(|answer| answer.answered_at_ms);
    let mut calibration = CalibrationBuilder::new();
    let mut answers = Vec::with_capacity(kept.len());
    for answer in &kept {
        let Some(Some(names)) = named.get(answer.key) else {
            continue; // every kept key was named in the pass
        };
        if let Some(confidence) = names.confidence {
            calibration.add(
                &names.question_id,
                &names.category,
                answer.score,
                confidence,
                answer.answered_at_ms,
            );
        }
        answers.push(TrendAnswer {
            key: answer.key,
            question_id: &names.question_id,
            category: &names.category,
            difficulty: names.difficulty,
            score: answer.score,
            answered_at_ms: answer.answered_at_ms,
        });
    }
    drop(kept);
    let trend = trend(pack, answers, now_ms);
    let forecast = forecast_for(store, pack, &gap, now_ms)?;
    calibration.overridden(store.overridden_with_confidence(&pack.meta.id)?);
    Ok(PersonalData {
        gap,
        forecast,
        trend,
        calibration: calibration.finish(pack),
    })
}
