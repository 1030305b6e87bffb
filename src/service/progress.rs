//! The learning use cases: the review plan (`quiz --mode review|due` and the app), the
//! exam-date forecast, mastery over time and confidence calibration, each gathered from
//! the store under the one profile rule and handed back as data for `report` to render.

use super::gap::gap_report;
use crate::learning::calibration::{Calibration, CalibrationBuilder};
use crate::learning::forecast::forecast;
use crate::learning::trend::{Trend, TrendAnswer, trend};
use crate::learning::{
    CalendarDate, PackKnowledge, ReviewMode, ReviewPlan, ReviewRequest, plan_review,
};
use crate::pack::Pack;
use crate::quiz::Filters;
use crate::report::GapReport;
use crate::report::progress::Forecast;
use crate::store::{Store, StoreError};

/// The exam date of the profile a gap report was made for, if one is set.
pub fn exam_date(store: &Store, report: &GapReport) -> Result<Option<CalendarDate>, StoreError> {
    match &report.profile {
        Some((profile, _)) => store.target_date(&report.pack_id, profile),
        None => Ok(None),
    }
}

/// The planner's view of one pack, with the gap report it was built from.
pub fn knowledge(
    store: &Store,
    pack: &Pack,
    profile: Option<&str>,
    now_ms: i64,
) -> Result<(PackKnowledge, GapReport), StoreError> {
    let report = gap_report(store, pack, profile, now_ms)?;
    let states = store.schedules(&pack.meta.id)?;
    Ok((PackKnowledge::new(pack, states, &report.rows), report))
}

/// A review or due session's plan from the store: the entry point for `skillgap quiz --mode
/// review|due` and the terminal app. `profile` is `--profile` or the app's pick (the rule
/// decides when `None`). The exam date of the first pack's profile, when set and ahead,
/// makes the plan favour what would be forgotten by then.
#[allow(clippy::too_many_arguments)]
pub fn review_plan(
    store: &Store,
    packs: &[Pack],
    filters: &Filters,
    mode: ReviewMode,
    profile: Option<&str>,
    now_ms: i64,
    count: usize,
    seed: u64,
) -> Result<ReviewPlan, StoreError> {
    let mut knowledge_of = Vec::with_capacity(packs.len());
    let mut target_ms = None;
    for pack in packs {
        let (know, report) = knowledge(store, pack, profile, now_ms)?;
        if target_ms.is_none() {
            target_ms = exam_date(store, &report)?
                .map(CalendarDate::start_ms)
                .filter(|t| *t > now_ms);
        }
        knowledge_of.push(know);
    }
    Ok(plan_review(&ReviewRequest {
        packs,
        knowledge: &knowledge_of,
        filters,
        mode,
        now_ms,
        target_ms,
        count,
        seed,
    }))
}

/// The forecast for the report's profile, when it has an exam date still ahead (or today).
pub fn forecast_for(
    store: &Store,
    pack: &Pack,
    report: &GapReport,
    now_ms: i64,
) -> Result<Option<Forecast>, StoreError> {
    let Some(date) = exam_date(store, report)? else {
        return Ok(None);
    };
    if date.end_ms() < now_ms {
        return Ok(None);
    }
    let states = store.schedules(&pack.meta.id)?;
    let know = PackKnowledge::new(pack, states, &report.rows);
    Ok(Some(Forecast {
        date,
        profile_title: report
            .profile
            .as_ref()
            .map(|(_, t)| t.clone())
            .unwrap_or_default(),
        rows: forecast(&know, &report.rows, now_ms, date.start_ms()),
    }))
}

/// Mastery per category over time, from every stored answer of the pack.
pub fn trend_report(store: &Store, pack: &Pack, now_ms: i64) -> Result<Trend, StoreError> {
    let mut stored = Vec::new();
    store.for_each_scored(&pack.meta.id, |row| {
        stored.push((
            row.key,
            row.question_id.to_owned(),
            row.category.to_owned(),
            row.difficulty,
            row.score,
            row.answered_at_ms,
        ));
    })?;
    let answers = stored
        .iter()
        .map(
            |(key, question_id, category, difficulty, score, answered_at_ms)| TrendAnswer {
                key: *key,
                question_id,
                category,
                difficulty: *difficulty,
                score: *score,
                answered_at_ms: *answered_at_ms,
            },
        )
        .collect();
    Ok(trend(pack, answers, now_ms))
}

/// Calibration of a pack from its answers given with a confidence, read from the score log
/// in time order (ties in the order stored), as `answers` would give them by
/// `answered_at_ms, id`: the order decides how the score sums round.
pub fn calibration_report(store: &Store, pack: &Pack) -> Result<Calibration, StoreError> {
    let mut stored = Vec::new();
    store.for_each_scored(&pack.meta.id, |row| {
        if let Some(confidence) = row.confidence {
            stored.push((
                row.question_id.to_owned(),
                row.category.to_owned(),
                row.score,
                confidence,
                row.answered_at_ms,
            ));
        }
    })?;
    stored.sort_by_key(|answer| answer.4); // stable: ties stay in the order stored
    let mut builder = CalibrationBuilder::new();
    for (question_id, category, score, confidence, answered_at_ms) in &stored {
        builder.add(question_id, category, *score, *confidence, *answered_at_ms);
    }
    // The log holds an overridden answer as right; how many there are is counted apart.
    builder.overridden(store.overridden_with_confidence(&pack.meta.id)?);
    Ok(builder.finish(pack))
}
