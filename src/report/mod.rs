//! Renderings of the gap chart and of history as text, Markdown, JSON and CSV, and the data
//! shapes they render. Pure: `crate::service` gathers the data from the store and the packs,
//! the caller prints the result; nothing here reads the store.

pub mod progress;

use crate::learning::mastery::{self, GapRow};
use crate::text::{percent, sanitize_line};
use serde_json::{Value, json};
use std::fmt::Write as _;

pub mod class;
pub mod history;
pub mod html;

pub use crate::learning::date::{UtcMinutes, utc_minutes};
pub use crate::table::csv_field;
use crate::table::{Column, Table};

/// Everything a gap report shows.
#[derive(Debug, Clone)]
pub struct GapReport {
    pub pack_id: String,
    pub pack_version: String,
    /// (profile id, profile title), if the pack has profiles.
    pub profile: Option<(String, String)>,
    pub readiness: Option<f64>,
    pub rows: Vec<GapRow>,
    pub weakest: Vec<WeakQuestion>,
}

/// A question answered badly: its id, category, mean score and answers.
#[derive(Debug, Clone, PartialEq)]
pub struct WeakQuestion {
    pub id: String,
    pub category: String,
    pub mean_score: f64,
    pub answers: usize,
}

const BAR: usize = 30;

/// `█` up to the band's low end, `▒` across the band, `░` beyond; `│` marks the target (`┃`
/// where it falls inside the filled part). Readable without colour.
pub fn bar(low: f64, high: f64, target: Option<f64>, width: usize) -> String {
    let cell = |x: f64| ((x.clamp(0.0, 1.0) * width as f64).round() as usize).min(width);
    let (low_cell, high_cell) = (cell(low), cell(high).max(cell(low)));
    let target_cell = target.map(|t| cell(t).min(width.saturating_sub(1)));
    (0..width)
        .map(|i| {
            if Some(i) == target_cell {
                if i < low_cell { '┃' } else { '│' }
            } else if i < low_cell {
                '█'
            } else if i < high_cell {
                '▒'
            } else {
                '░'
            }
        })
        .collect()
}

fn signed(x: f64) -> String {
    format!("{x:+.2}")
}

impl GapReport {
    /// Readiness in true words, the same on every screen and report: "4 of 11 targets met";
    /// `None` when the profile sets no targets.
    pub fn targets_met_words(&self) -> Option<String> {
        mastery::targets_met(&self.rows).map(|t| format!("{} of {} targets met", t.met, t.total))
    }

    fn heading(&self) -> String {
        let profile = match &self.profile {
            Some((_, title)) => sanitize_line(title),
            None => String::from("no profile"),
        };
        format!(
            "Gap chart: {profile} ({} {})",
            sanitize_line(&self.pack_id),
            sanitize_line(&self.pack_version)
        )
    }

    pub fn to_text(&self) -> String {
        let mut out = self.heading();
        out.push('\n');
        match self.readiness {
            Some(r) => match mastery::targets_met(&self.rows) {
                Some(t) => {
                    let _ = writeln!(
                        out,
                        "Readiness: {} of {} targets met ({}): above target with 90% certainty",
                        t.met,
                        t.total,
                        percent(r)
                    );
                }
                None => {
                    let _ = writeln!(out, "Readiness: {} of the targets met", percent(r));
                }
            },
            None if self.profile.is_none() => out.push_str(
                "Readiness: none: this pack has no profiles, so it sets no targets (mastery is shown without them)\n",
            ),
            None => out.push_str("Readiness: none: this profile sets no targets\n"),
        }
        out.push_str("Legend: █ mastery (lower end of the band)  ▒ uncertainty band  │ target\n");
        out.push_str("A target counts as met when it is above target with 90% certainty; categories never answered never count.\n\n");
        // Band and gap keep the width of their numbers when a column holds only dashes.
        let mut table = Table::new()
            .column(category_column())
            .column(Column::text("").min(BAR))
            .numbers("mastery")
            .column(Column::number("band").min(11))
            .numbers("target")
            .column(Column::number("gap").min(5))
            .numbers("answers,coverage");
        for row in &self.rows {
            let m = &row.mastery;
            let unmeasured = m.answered == 0;
            let dash = || String::from("–");
            let (bar, mean, band, gap) = if unmeasured {
                (bar(0.0, 0.0, row.target, BAR), dash(), dash(), dash())
            } else {
                (
                    bar(m.low, m.high, row.target, BAR),
                    format!("{:.2}", m.mean),
                    format!("{:.2}–{:.2}", m.low, m.high),
                    row.gap().map_or_else(dash, signed),
                )
            };
            // The verdict against the target (the one rule of `mastery`), else the evidence.
            let note = match row.verdict() {
                _ if unmeasured => "no answers yet",
                Some(verdict) => verdict.words(),
                None if !m.enough() => "not enough answers",
                None => "",
            };
            table.row_with_note(
                [
                    row.title.clone(),
                    bar,
                    mean,
                    band,
                    target_cell(row),
                    gap,
                    m.answered.to_string(),
                    percent(m.coverage()),
                ],
                note,
            );
        }
        out.push_str(&table.to_text());
        if !self.weakest.is_empty() {
            out.push_str("\nWeakest questions:\n");
            out.push_str(&self.weakest_list(List::Text));
        }
        out
    }

    pub fn to_markdown(&self) -> String {
        let mut out = format!("## {}\n\n", self.heading());
        if let (Some(r), Some(words)) = (self.readiness, self.targets_met_words()) {
            let _ = writeln!(out, "**Readiness:** {words} ({})\n", percent(r));
        }
        let mut table = Table::new()
            .texts("category")
            .numbers("mastery,band,target,gap,answers,coverage")
            .texts("note");
        for row in &self.rows {
            let m = &row.mastery;
            table.row([
                row.title.clone(),
                format!("{:.2}", m.mean),
                format!("{:.2}–{:.2}", m.low, m.high),
                target_cell(row),
                row.gap().map_or_else(|| String::from("–"), signed),
                m.answered.to_string(),
                percent(m.coverage()),
                String::from(if m.enough() { "" } else { "not enough answers" }),
            ]);
        }
        out.push_str(&table.to_markdown());
        if !self.weakest.is_empty() {
            out.push_str("\n**Weakest questions:**\n\n");
            out.push_str(&self.weakest_list(List::Markdown));
        }
        out
    }

    fn weakest_list(&self, list: List) -> String {
        self.weakest
            .iter()
            .map(|w| {
                let what = format!(
                    "mean score {:.2} over {}",
                    w.mean_score,
                    count(w.answers, "answer")
                );
                list.item(&w.id, &w.category, &what)
            })
            .collect()
    }

    pub fn to_json(&self) -> Value {
        json!({
            "pack": {"id": self.pack_id, "version": self.pack_version},
            "profile": self.profile.as_ref().map(|(id, _)| id),
            "readiness": self.readiness,
            "targets_met": mastery::targets_met(&self.rows).map(|t| json!({"met": t.met, "total": t.total})),
            "categories": self.rows.iter().map(|row| {
                let m = &row.mastery;
                json!({
                    "id": m.category,
                    "title": row.title,
                    "mastery": m.mean,
                    "low": m.low,
                    "high": m.high,
                    "target": row.target,
                    "gap": row.gap(),
                    "answered": m.answered,
                    "coverage": m.coverage(),
                    "enough_answers": m.enough(),
                    "p_target_met": row.p_met(),
                    "verdict": row.verdict().map(|v| v.words()),
                })
            }).collect::<Vec<_>>(),
            "weakest": self.weakest.iter().map(|w| json!({
                "id": w.id, "category": w.category, "mean_score": w.mean_score, "answers": w.answers,
            })).collect::<Vec<_>>(),
        })
    }

    pub fn to_csv(&self) -> String {
        let four = |x: f64| format!("{x:.4}");
        let mut table = Table::new()
            .texts("id,title")
            .numbers("mastery,low,high,target,gap,answered,coverage")
            .texts("enough_answers");
        for row in &self.rows {
            let m = &row.mastery;
            table.row([
                m.category.clone(),
                row.title.clone(),
                four(m.mean),
                four(m.low),
                four(m.high),
                row.target.map_or_else(String::new, four),
                row.gap().map_or_else(String::new, four),
                m.answered.to_string(),
                four(m.coverage()),
                m.enough().to_string(),
            ]);
        }
        table.to_csv()
    }
}

/// The category column of the text reports: as wide as the longest title, from 8 to 32
/// characters (longer titles are cut).
fn category_column() -> Column {
    Column::text("category").min(8).clip(32)
}

/// `n` and `word`, with an `s` unless there is one: "1 answer", "3 answers".
fn count(n: usize, word: &str) -> String {
    crate::text::plural(n, word, &format!("{word}s"))
}

/// How a list of questions is written: indented text, or a Markdown list with ids as code.
#[derive(Debug, Clone, Copy)]
enum List {
    Text,
    Markdown,
}

impl List {
    /// One item: the question's id and category, then what is said of it.
    fn item(self, id: &str, category: &str, what: &str) -> String {
        let (id, category) = (sanitize_line(id), sanitize_line(category));
        match self {
            List::Text => format!("  {id} ({category}): {what}\n"),
            List::Markdown => format!("- `{id}` ({category}): {what}\n"),
        }
    }
}

/// A gap row's target to two decimals, `–` without one.
fn target_cell(row: &GapRow) -> String {
    row.target
        .map_or_else(|| String::from("–"), |t| format!("{t:.2}"))
}

/// Unix milliseconds as `YYYY-MM-DD` (UTC).
pub fn utc_date(ms: i64) -> String {
    crate::learning::CalendarDate::of_ms(ms).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utc_minutes_by_hand_is_what_the_format_prints() {
        let by_format = |ms: i64| {
            let secs = ms.div_euclid(1000);
            let rem = secs.rem_euclid(86_400);
            let (y, m, d) = crate::learning::date::civil_from_days(secs.div_euclid(86_400));
            format!(
                "{y:04}-{m:02}-{d:02} {:02}:{:02}",
                rem / 3600,
                (rem % 3600) / 60
            )
        };
        let mut times: Vec<i64> = (0..2_000)
            .map(|k| k * 7_919_999_999 - 62_000_000_000_000)
            .collect();
        times.extend([
            0,
            -1,
            1_800_000_000_000,
            253_402_300_799_999,
            253_402_300_800_000,
            i64::MIN / 2,
        ]);
        for ms in times {
            assert_eq!(utc_minutes(ms), by_format(ms), "{ms}");
        }
    }

    #[test]
    fn bars_show_band_and_target() {
        assert_eq!(bar(0.2, 0.4, Some(0.7), 10), "██▒▒░░░│░░");
        assert_eq!(bar(0.5, 0.5, Some(0.3), 10), "███┃█░░░░░");
        assert_eq!(bar(0.0, 1.0, None, 4), "▒▒▒▒");
        assert_eq!(bar(0.9, 1.0, Some(1.0), 4), "███┃");
    }

    #[test]
    fn dates() {
        assert_eq!(utc_minutes(0), "1970-01-01 00:00");
        assert_eq!(utc_minutes(1_795_254_000_000), "2026-11-21 09:40");
        assert_eq!(utc_date(951_782_400_000), "2000-02-29");
    }
}
