//! Renderings of the learning views: `report --trend`, `report --calibration` and the
//! exam-date forecast as text, Markdown, JSON and CSV, and the "nothing is due" message.
//! Pure: `crate::service::progress` gathers the data from the store.

use super::{List, category_column, count, utc_minutes};
use crate::learning::calibration::{Calibration, CategoryCalibration};
use crate::learning::forecast::CategoryForecast;
use crate::learning::trend::{Step, Trend};
use crate::learning::{CalendarDate, Confidence, ReviewPlan};
use crate::pack::Pack;
use crate::table::{Column, Table, markdown_cell};
use crate::text::{percent as pct, sanitize_line};
use serde_json::{Value, json};
use std::fmt::Write as _;

/// What to say when a due session has nothing to ask: when the next question falls due, and
/// how to review anyway (`review`: the command, or the key in the app).
pub fn nothing_due_message(plan: &ReviewPlan, review: &str) -> String {
    match plan.next_due_ms {
        Some(next) => format!(
            "Nothing is due for review: the next question falls due at {} UTC. Practise anyway with {review}.",
            utc_minutes(next)
        ),
        None => format!(
            "Nothing is due for review: no question has been answered yet. Start with {review}."
        ),
    }
}

/// The exam-date forecast shown under the gap chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Forecast {
    pub date: CalendarDate,
    pub profile_title: String,
    pub rows: Vec<CategoryForecast>,
}

/// A table with the columns of [`forecast_cells`].
fn forecast_table() -> Table {
    Table::new()
        .column(category_column())
        .column(Column::number("now").min(5))
        .numbers("predicted,target")
        .column(Column::number("gap").min(5))
}

/// A forecast row's category, mastery now, predicted mastery, target and gap.
fn forecast_cells(row: &CategoryForecast) -> [String; 5] {
    [
        row.title.clone(),
        pct(row.mastery_now),
        pct(row.predicted),
        row.target.map_or_else(|| String::from("–"), pct),
        row.gap()
            .map_or_else(|| String::from("–"), |g| format!("{g:+.2}")),
    ]
}

impl Forecast {
    pub fn to_text(&self, now_ms: i64) -> String {
        let days = (self.date.days() - now_ms.div_euclid(crate::learning::DAY_MS)).max(0);
        let mut out = format!(
            "\nForecast for {} (exam date of {}, {} day{} away), if you stop practising now:\n",
            self.date,
            sanitize_line(&self.profile_title),
            days,
            if days == 1 { "" } else { "s" }
        );
        let mut table = forecast_table().indent("  ");
        for row in &self.rows {
            let note = if row.reviewed == 0 {
                "nothing learned yet to forget: kept as is"
            } else if row.gap().is_some_and(|g| g > 0.0) {
                "short of the target"
            } else {
                ""
            };
            table.row_with_note(forecast_cells(row), note);
        }
        out.push_str(&table.to_text());
        out.push_str("`skillgap quiz --mode review` favours what you would forget by then.\n");
        out
    }

    pub fn to_markdown(&self) -> String {
        let mut out = format!(
            "\n### Forecast for {} ({})\n\n",
            self.date,
            markdown_cell(&self.profile_title)
        );
        let mut table = forecast_table().numbers("learned questions");
        for row in &self.rows {
            let mut cells = forecast_cells(row).to_vec();
            cells.push(row.reviewed.to_string());
            table.row(cells);
        }
        out.push_str(&table.to_markdown());
        out
    }

    pub fn to_json(&self) -> Value {
        json!({
            "date": self.date.to_string(),
            "categories": self.rows.iter().map(|r| json!({
                "id": r.category,
                "mastery_now": r.mastery_now,
                "predicted": r.predicted,
                "target": r.target,
                "gap": r.gap(),
                "learned_questions": r.reviewed,
                "recall_now": r.recall_now,
                "recall_then": r.recall_then,
            })).collect::<Vec<_>>(),
        })
    }

    /// The predicted mastery of a category (for the gap report's CSV column).
    pub fn predicted(&self, category: &str) -> Option<f64> {
        self.rows
            .iter()
            .find(|r| r.category == category)
            .map(|r| r.predicted)
    }
}

// ----- trend -----

const SPARKS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
/// Points drawn in a text sparkline (the latest ones).
const SPARK_POINTS: usize = 40;

fn spark(values: &[f64]) -> String {
    values
        .iter()
        .map(|v| {
            let i = (v.clamp(0.0, 1.0) * 7.0).round() as usize;
            SPARKS.get(i).copied().unwrap_or('█')
        })
        .collect()
}

fn step_word(step: Step) -> &'static str {
    match step {
        Step::Day => "day",
        Step::Week => "week",
    }
}

/// A category's (id, title) and its (mastery, answers) at each point.
type Series<'t> = (&'t str, &'t str, Vec<(f64, usize)>);

/// Only categories with answers, with their series of (mastery, answered) per point.
fn series<'t>(pack: &'t Pack, trend: &Trend) -> Vec<Series<'t>> {
    pack.categories
        .iter()
        .enumerate()
        .filter_map(|(i, c)| {
            let points: Vec<(f64, usize)> = trend
                .points
                .iter()
                .filter_map(|p| p.masteries.get(i))
                .map(|m| (m.mean, m.answered))
                .collect();
            points.last().is_some_and(|p| p.1 > 0).then_some((
                c.id.as_str(),
                c.title.as_str(),
                points,
            ))
        })
        .collect()
}

pub fn trend_text(pack: &Pack, trend: &Trend) -> String {
    let mut out = format!(
        "Mastery over time: {} ({})\n",
        sanitize_line(&pack.meta.title),
        sanitize_line(&pack.meta.id)
    );
    let (Some(first), Some(last)) = (trend.points.first(), trend.points.last()) else {
        out.push_str("No answers yet: take a quiz with `skillgap quiz`, then come back.\n");
        return out;
    };
    let shown = trend.points.len().min(SPARK_POINTS);
    let _ = writeln!(
        out,
        "One mark per {} with answers, from {} to {} ({} point{}{}); ▁ is 0%, █ is 100%.\n",
        step_word(trend.step),
        first.date,
        last.date,
        trend.points.len(),
        if trend.points.len() == 1 { "" } else { "s" },
        if shown < trend.points.len() {
            format!(", the last {shown} drawn")
        } else {
            String::new()
        }
    );
    let mut table = Table::new()
        .column(category_column())
        .column(Column::text("").min(shown))
        .numbers("first")
        .column(Column::number("now").min(5))
        .numbers("change");
    for (_, title, points) in series(pack, trend) {
        let means: Vec<f64> = points.iter().map(|p| p.0).collect();
        let tail = means.get(means.len() - shown..).unwrap_or(&means);
        let start = points.iter().find(|p| p.1 > 0).map_or(0.0, |p| p.0);
        let now = means.last().copied().unwrap_or(0.0);
        table.row([
            title.to_owned(),
            spark(tail),
            pct(start),
            pct(now),
            format!("{:+.0}%", (now - start) * 100.0),
        ]);
    }
    out.push_str(&table.to_text());
    out
}

pub fn trend_markdown(pack: &Pack, trend: &Trend) -> String {
    let mut out = format!(
        "## Mastery over time: {}\n\n",
        markdown_cell(&pack.meta.title)
    );
    if trend.points.is_empty() {
        out.push_str("No answers yet.\n");
        return out;
    }
    let rows = series(pack, trend);
    // Dates as rows (they can be many), categories as columns.
    let mut table = Table::new()
        .texts(step_word(trend.step))
        .columns(rows.iter().map(|(_, title, _)| Column::number(*title)));
    for (i, point) in trend.points.iter().enumerate() {
        let mut cells = vec![point.date.to_string()];
        cells.extend(rows.iter().map(|(_, _, points)| {
            points
                .get(i)
                .filter(|p| p.1 > 0)
                .map_or_else(|| String::from("–"), |p| pct(p.0))
        }));
        table.row(cells);
    }
    out.push_str(&table.to_markdown());
    out
}

pub fn trend_json(pack: &Pack, trend: &Trend) -> Value {
    json!({
        "pack": {"id": pack.meta.id, "version": pack.meta.version},
        "step": step_word(trend.step),
        "points": trend.points.iter().map(|p| json!({
            "date": p.date.to_string(),
            "at": utc_minutes(p.at_ms),
            "at_ms": p.at_ms,
            "categories": p.masteries.iter().filter(|m| m.answered > 0).map(|m| json!({
                "id": m.category,
                "mastery": m.mean,
                "low": m.low,
                "high": m.high,
                "answered": m.answered,
                "enough_answers": m.enough(),
            })).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    })
}

pub fn trend_csv(trend: &Trend) -> String {
    let mut table = Table::new()
        .texts("date,category")
        .numbers("mastery,low,high,answered")
        .texts("enough_answers");
    for p in &trend.points {
        for m in p.masteries.iter().filter(|m| m.answered > 0) {
            table.row([
                p.date.to_string(),
                m.category.clone(),
                format!("{:.4}", m.mean),
                format!("{:.4}", m.low),
                format!("{:.4}", m.high),
                m.answered.to_string(),
                m.enough().to_string(),
            ]);
        }
    }
    table.to_csv()
}

// ----- calibration -----

fn cell(stats: &crate::learning::calibration::LevelStats) -> String {
    match stats.right_share() {
        Some(share) => format!("{} of {}", pct(share), stats.answers),
        None => String::from("–"),
    }
}

/// A category's right share at low, medium and high confidence.
fn levels(c: &CategoryCalibration) -> [String; 3] {
    [Confidence::Low, Confidence::Medium, Confidence::High].map(|level| cell(c.level(level)))
}

pub fn calibration_text(pack: &Pack, calibration: &Calibration) -> String {
    let mut out = format!(
        "Confidence calibration: {} ({})\n",
        sanitize_line(&pack.meta.title),
        sanitize_line(&pack.meta.id)
    );
    if calibration.answers == 0 {
        out.push_str(
            "No answers with a confidence yet: take a quiz with `skillgap quiz --confidence`.\n",
        );
        return out;
    }
    out.push_str("How often you were right, by how sure you said you were (right / answers).\n");
    out.push_str("⚠ marks a category where you are often wrong when sure.\n\n");
    let mut table = Table::new()
        .column(Column::text("").min(1))
        .column(category_column().sep(" "))
        .columns(["low", "medium", "high"].map(|level| Column::number(level).min(12)));
    for c in &calibration.categories {
        let (mark, note) = if c.confidently_wrong {
            ("⚠", "confidently wrong")
        } else {
            ("", "")
        };
        let [low, medium, high] = levels(c);
        table.row_with_note([mark.to_owned(), c.title.clone(), low, medium, high], note);
    }
    let overall = calibration.overall();
    let [low, medium, high] = levels(&overall);
    table.row_with_note([String::new(), overall.title, low, medium, high], "");
    out.push_str(&table.to_text());
    if let Some(line) = overridden_line(calibration) {
        out.push_str(&format!("\n{line}\n"));
    }
    if !calibration.questions.is_empty() {
        out.push_str("\nQuestions you got wrong while sure:\n");
        for q in &calibration.questions {
            let what = format!(
                "{}, last {}",
                count(q.times, "time"),
                utc_minutes(q.last_ms)
            );
            out.push_str(&List::Text.item(&q.id, &q.category, &what));
        }
    }
    out
}

/// "N answers you marked right yourself": how much of "right" rests on the learner's word.
pub(crate) fn overridden_line(calibration: &Calibration) -> Option<String> {
    (calibration.overridden > 0).then(|| {
        format!(
            "{} you marked right yourself (\"I was right\") {} counted as right.",
            count(calibration.overridden, "answer"),
            if calibration.overridden == 1 {
                "is"
            } else {
                "are"
            }
        )
    })
}

pub fn calibration_markdown(pack: &Pack, calibration: &Calibration) -> String {
    let mut out = format!(
        "## Confidence calibration: {}\n\n",
        markdown_cell(&pack.meta.title)
    );
    let mut table = Table::new()
        .texts("category")
        .numbers("low,medium,high")
        .texts("note");
    for c in &calibration.categories {
        let [low, medium, high] = levels(c);
        let note = if c.confidently_wrong {
            "⚠ confidently wrong"
        } else {
            ""
        };
        table.row([c.title.clone(), low, medium, high, note.to_owned()]);
    }
    let overall = calibration.overall();
    let [low, medium, high] = levels(&overall);
    table.row([
        format!("**{}**", overall.title),
        low,
        medium,
        high,
        String::new(),
    ]);
    out.push_str(&table.to_markdown());
    if let Some(line) = overridden_line(calibration) {
        out.push_str(&format!("\n{line}\n"));
    }
    if !calibration.questions.is_empty() {
        out.push_str("\n**Wrong while sure:**\n\n");
        for q in &calibration.questions {
            out.push_str(&List::Markdown.item(&q.id, &q.category, &count(q.times, "time")));
        }
    }
    out
}

pub fn calibration_json(pack: &Pack, calibration: &Calibration) -> Value {
    let level = |s: &crate::learning::calibration::LevelStats| json!({"answers": s.answers, "right": s.right, "right_share": s.right_share(), "mean_score": s.mean_score()});
    let overall = calibration.overall();
    json!({
        "pack": {"id": pack.meta.id, "version": pack.meta.version},
        "answers": calibration.answers,
        "overridden": calibration.overridden,
        "overall": {
            "low": level(overall.level(Confidence::Low)),
            "medium": level(overall.level(Confidence::Medium)),
            "high": level(overall.level(Confidence::High)),
        },
        "categories": calibration.categories.iter().map(|c| json!({
            "id": c.category,
            "title": c.title,
            "low": level(c.level(Confidence::Low)),
            "medium": level(c.level(Confidence::Medium)),
            "high": level(c.level(Confidence::High)),
            "confidently_wrong": c.confidently_wrong,
        })).collect::<Vec<_>>(),
        "confidently_wrong_questions": calibration.questions.iter().map(|q| json!({
            "id": q.id, "category": q.category, "times": q.times, "last_ms": q.last_ms,
        })).collect::<Vec<_>>(),
    })
}

pub fn calibration_csv(calibration: &Calibration) -> String {
    let mut table = Table::new()
        .texts("category,confidence")
        .numbers("answers,right,right_share,mean_score")
        .texts("confidently_wrong");
    let four = |v: Option<f64>| v.map_or_else(String::new, |v| format!("{v:.4}"));
    let overall = calibration.overall();
    for c in calibration.categories.iter().chain([&overall]) {
        for confidence in Confidence::ALL {
            let s = c.level(confidence);
            table.row([
                c.category.clone(),
                confidence.name().to_owned(),
                s.answers.to_string(),
                s.right.to_string(),
                four(s.right_share()),
                four(s.mean_score()),
                c.confidently_wrong.to_string(),
            ]);
        }
    }
    table.to_csv()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sparklines_span_the_range() {
        assert_eq!(spark(&[0.0, 0.5, 1.0]), "▁▅█");
    }
}
