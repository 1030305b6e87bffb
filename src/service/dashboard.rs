//! What the app's dashboard, history screen and category drill-down show, computed from the
//! store: plain data the TUI receives in messages and only draws. The drill-down's numbers
//! are the gap report's ([`super::gap`]), not a second computation.

use super::gap::{WeakTally, gap_report};
use super::progress::forecast_for;
use crate::learning::mastery::{Accumulator, Mastery};
use crate::learning::trend::{TrendAnswer, trend};
use crate::pack::{Difficulty, Pack};
use crate::quiz::{Mode, SessionKind};
use crate::report::progress::Forecast;
use crate::report::{GapReport, WeakQuestion};
use crate::store::{SessionId, SessionRecord, Store, StoreError};

const MS_PER_DAY: f64 = 86_400_000.0;
/// Sessions listed on the dashboard.
pub const DASHBOARD_SESSIONS: usize = 8;
/// Sessions listed in the app's history.
pub const HISTORY_SESSIONS: usize = 500;
/// Weakest questions listed in a drill-down.
pub const WEAKEST: usize = 8;

/// One past session as listed on the dashboard and in history.
#[derive(Debug, Clone, PartialEq)]
pub struct SessionLine {
    pub id: SessionId,
    pub started_at_ms: i64,
    /// Feedback mode: practice or exam.
    pub mode: Mode,
    /// What the session was: practice, exam, review, due only, a retake, an exam file.
    pub kind: SessionKind,
    pub finished: bool,
    /// Questions planned.
    pub questions: usize,
    /// Answers stored.
    pub answered: usize,
    /// Sum of the scores of the stored answers.
    pub score: f64,
    pub profile: Option<String>,
}

impl SessionLine {
    pub fn new(record: &SessionRecord) -> SessionLine {
        SessionLine {
            id: record.id,
            started_at_ms: record.started_at_ms,
            mode: record.mode,
            kind: record.kind.clone(),
            finished: record.finished(),
            questions: record.planned(),
            answered: record.answered,
            score: record.score_sum,
            profile: record.profile.clone(),
        }
    }

    /// Mean score of the answers given, in [0, 1]; `None` before any answer, and while an
    /// exam is unfinished ([`crate::quiz::score_withheld`]).
    pub fn mean(&self) -> Option<f64> {
        (self.answered > 0 && !crate::quiz::score_withheld(self.mode, self.finished))
            .then(|| self.score / self.answered as f64)
    }
}

/// Everything the dashboard shows.
#[derive(Debug, Clone)]
pub struct DashboardData {
    pub report: GapReport,
    /// Newest first.
    pub sessions: Vec<SessionLine>,
    pub unfinished: Option<SessionLine>,
    /// Questions whose spaced-repetition review is due.
    pub due: usize,
    /// Answers stored for this pack.
    pub answers: usize,
    /// Predicted mastery on the profile's exam date, when one is set and ahead.
    pub forecast: Option<Forecast>,
}

/// The dashboard of `pack`, its gap chart for the profile the rule picks from `asked` (the
/// profile picked in the app, if any): the same chart `skillgap report` prints.
pub fn dashboard(
    store: &Store,
    pack: &Pack,
    asked: Option<&str>,
    now_ms: i64,
) -> Result<DashboardData, StoreError> {
    // The dashboard is about one pack: its last sessions are that pack's.
    let sessions = session_lines(store, DASHBOARD_SESSIONS, Some(&pack.meta.id))?;
    let report = gap_report(store, pack, asked, now_ms)?;
    let unfinished = store.last_unfinished()?.as_ref().map(SessionLine::new);
    let (due, _) = store.due_summary(&pack.meta.id, now_ms)?;
    let forecast = forecast_for(store, pack, &report, now_ms)?;
    let answers = report.rows.iter().map(|r| r.mastery.answered).sum();
    Ok(DashboardData {
        report,
        sessions,
        unfinished,
        due,
        answers,
        forecast,
    })
}

/// The newest `limit` sessions, only those that drew on pack `pack` when one is given.
pub fn session_lines(
    store: &Store,
    limit: usize,
    pack: Option<&str>,
) -> Result<Vec<SessionLine>, StoreError> {
    let sessions = match pack {
        None => store.sessions(Some(limit))?,
        Some(_) => store.sessions(None)?,
    };
    // One query: each record carries its answer count and score sum.
    Ok(sessions
        .iter()
        .filter(|record| pack.is_none_or(|id| record.packs.iter().any(|p| p.id == id)))
        .take(limit)
        .map(SessionLine::new)
        .collect())
}

/// One stored answer of a category, for the drill-down.
#[derive(Debug, Clone, PartialEq)]
pub struct ScoredAnswer {
    pub question_id: String,
    pub difficulty: Difficulty,
    pub score: f64,
    pub answered_at_ms: i64,
}

/// A category seen closely: mastery over time, coverage, weakest questions.
#[derive(Debug, Clone, PartialEq)]
pub struct CategoryData {
    pub category: String,
    pub title: String,
    pub mastery: Mastery,
    pub target: Option<f64>,
    /// (date in unix ms, mastery estimate at that date), oldest first.
    pub series: Vec<(i64, f64)>,
    pub weakest: Vec<WeakQuestion>,
}

/// The drill-down of `category` of `pack`. `shown` is the gap report on screen: used when it
/// is of this pack and of the profile asked for (no second scan of every answer), else the
/// report is made afresh under the one rule.
pub fn category(
    store: &Store,
    pack: &Pack,
    category: &str,
    asked: Option<&str>,
    shown: Option<&GapReport>,
    now_ms: i64,
) -> Result<CategoryData, StoreError> {
    let shown = shown.filter(|r| {
        r.pack_id == pack.meta.id
            && asked.is_none_or(|p| r.profile.as_ref().is_some_and(|(id, _)| id == p))
    });
    let computed;
    let report = match shown {
        Some(report) => report,
        None => {
            computed = gap_report(store, pack, asked, now_ms)?;
            &computed
        }
    };
    let mut answers: Vec<ScoredAnswer> = Vec::new();
    store.for_each_scored(&pack.meta.id, |row| {
        if row.category == category {
            answers.push(ScoredAnswer {
                question_id: row.question_id.to_owned(),
                difficulty: row.difficulty,
                score: row.score,
                answered_at_ms: row.answered_at_ms,
            });
        }
    })?;
    Ok(category_data(pack, report, category, &answers, now_ms))
}

/// The estimate of one category at time `at_ms`, from the answers given before it.
pub fn mastery_at(pack: &Pack, category: &str, answers: &[ScoredAnswer], at_ms: i64) -> Mastery {
    let mut acc = Accumulator::new();
    for answer in answers.iter().filter(|a| a.answered_at_ms <= at_ms) {
        acc.add(
            category,
            &answer.question_id,
            answer.difficulty,
            answer.score,
            (at_ms - answer.answered_at_ms) as f64 / MS_PER_DAY,
        );
    }
    acc.finish(pack)
        .into_iter()
        .find(|m| m.category == category)
        .unwrap_or_else(|| Mastery::unmeasured(category, 0))
}

/// Mastery of a category over time, as `skillgap report --trend` computes it (one point per
/// day with answers, per week over long spans): what the gap chart showed at each point.
pub fn mastery_series(
    pack: &Pack,
    category: &str,
    answers: &[ScoredAnswer],
    now_ms: i64,
) -> Vec<(i64, f64)> {
    let Some(index) = pack.categories.iter().position(|c| c.id == category) else {
        return Vec::new();
    };
    let answers = answers
        .iter()
        .enumerate()
        .map(|(key, a)| TrendAnswer {
            key, // one per answer: no two are known to share question and difficulty
            question_id: &a.question_id,
            category,
            difficulty: a.difficulty,
            score: a.score,
            answered_at_ms: a.answered_at_ms,
        })
        .collect();
    trend(pack, answers, now_ms)
        .points
        .iter()
        .filter_map(|p| p.masteries.get(index).map(|m| (p.at_ms, m.mean)))
        .collect()
}

/// The questions of a category answered worst (mean score below 1), worst first.
pub fn weakest(category: &str, answers: &[ScoredAnswer], limit: usize) -> Vec<WeakQuestion> {
    let mut tally = WeakTally::default();
    for answer in answers {
        tally.add(&answer.question_id, category, answer.score);
    }
    tally.worst(limit, |_| true)
}

/// The drill-down of `category` from its stored answers and the gap report on screen: the
/// mastery and target are the report's row, so the drill-down and the chart agree.
pub fn category_data(
    pack: &Pack,
    report: &GapReport,
    category: &str,
    answers: &[ScoredAnswer],
    now_ms: i64,
) -> CategoryData {
    let row = report.rows.iter().find(|r| r.mastery.category == category);
    CategoryData {
        category: category.to_owned(),
        title: row.map_or_else(
            || {
                pack.category(category)
                    .map_or(category.to_owned(), |c| c.title.clone())
            },
            |r| r.title.clone(),
        ),
        mastery: row.map_or_else(
            || mastery_at(pack, category, answers, now_ms),
            |r| r.mastery.clone(),
        ),
        target: row.and_then(|r| r.target),
        series: mastery_series(pack, category, answers, now_ms),
        weakest: weakest(category, answers, WEAKEST),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unfinished_exam_shows_no_score() {
        let mut line = SessionLine {
            id: 1,
            started_at_ms: 0,
            mode: Mode::Exam,
            kind: SessionKind::Exam,
            finished: false,
            questions: 5,
            answered: 2,
            score: 1.0,
            profile: None,
        };
        assert_eq!(line.mean(), None);
        line.finished = true;
        assert_eq!(line.mean(), Some(0.5));
        line.finished = false;
        line.mode = Mode::Practice;
        assert_eq!(line.mean(), Some(0.5));
        line.answered = 0;
        assert_eq!(line.mean(), None);
    }

    fn pack() -> Pack {
        crate::pack::load_str(
            "p.ron",
            r#"Pack(id: "p", title: "P", version: "1",
                categories: [(id: "a", title: "A")],
                profiles: [(id: "r", title: "R", targets: {"a": 0.8})],
                questions: [
                    (id: "q1", category: "a", difficulty: Easy, prompt: "p", kind: TrueFalse(answer: true), explanation: "e"),
                    (id: "q2", category: "a", difficulty: Hard, prompt: "p2", kind: TrueFalse(answer: true), explanation: "e"),
                ])"#,
        )
        .unwrap_or_else(|e| panic!("{e}"))
    }

    fn answer(id: &str, score: f64, day: i64) -> ScoredAnswer {
        ScoredAnswer {
            question_id: id.to_owned(),
            difficulty: Difficulty::Medium,
            score,
            answered_at_ms: day * 86_400_000,
        }
    }

    #[test]
    fn the_series_rises_as_right_answers_come_in() {
        let answers: Vec<ScoredAnswer> = (0..20).map(|d| answer("q1", 1.0, d)).collect();
        let series = mastery_series(&pack(), "a", &answers, 20 * 86_400_000);
        assert_eq!(series.len(), 21, "one point per day with answers, then now");
        let first = series.first().map_or(0.0, |p| p.1);
        let last = series.last().map_or(0.0, |p| p.1);
        assert!(last > first, "{series:?}");
        assert!(mastery_series(&pack(), "a", &[], 0).is_empty());
    }

    #[test]
    fn weakest_questions_come_first_and_perfect_ones_are_left_out() {
        let answers = vec![
            answer("q1", 1.0, 0),
            answer("q2", 0.0, 0),
            answer("q2", 1.0, 1),
            answer("q3", 0.0, 1),
        ];
        let weak = weakest("a", &answers, 5);
        let ids: Vec<&str> = weak.iter().map(|w| w.id.as_str()).collect();
        assert_eq!(ids, ["q3", "q2"]);
        assert!((weak[1].mean_score - 0.5).abs() < 1e-12);
    }
}
