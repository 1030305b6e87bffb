//! The test statistics (reliability, SEM, score distribution) and the minimum-students gate
//! of the class report, as text, Markdown and CSV.

use super::{ClassReport, TestStats, percent, plural};
use crate::cohort::test_stats::BINS;
use crate::table::Table;
use std::fmt::Write as _;

/// Width of the longest bar of the text score distribution.
const HISTOGRAM: usize = 30;

/// "0–9%" … "90–100%": the range of one bin of the score distribution.
pub fn bin_label(bin: usize) -> String {
    let low = bin * 100 / BINS;
    if bin + 1 == BINS {
        format!("{low}–100%")
    } else {
        format!("{low}–{}%", (bin + 1) * 100 / BINS - 1)
    }
}

fn two(x: Option<f64>) -> String {
    x.map_or_else(|| "–".to_owned(), |x| format!("{x:.2}"))
}

/// What a teacher reads of alpha (the usual rules of thumb).
pub fn alpha_word(alpha: f64) -> &'static str {
    if alpha >= 0.9 {
        "very reliable"
    } else if alpha >= 0.8 {
        "reliable"
    } else if alpha >= 0.7 {
        "acceptable for a class test"
    } else if alpha >= 0.5 {
        "weak: the total mixes skill and chance"
    } else {
        "unreliable: the questions do not measure one thing"
    }
}

impl TestStats {
    /// Lines of (statistic, value as shown, explanation), the same in every format.
    pub fn lines(&self) -> Vec<(&'static str, String, String)> {
        let marks = |x: f64| format!("{} ({x:.2} of {})", percent(self.share(x)), self.questions);
        let mut out = vec![
            (
                "students",
                self.students.to_string(),
                if self.incomplete > 0 {
                    format!(
                        "who answered all {} questions ({} left out who did not)",
                        self.questions, self.incomplete
                    )
                } else {
                    format!("who answered all {} questions", self.questions)
                },
            ),
            ("mean", marks(self.mean), "the average total".to_owned()),
            (
                "median",
                marks(self.median),
                "half the class scored at most this".to_owned(),
            ),
            (
                "standard deviation",
                self.sd.map_or_else(|| "–".to_owned(), &marks),
                "how far totals typically are from the mean".to_owned(),
            ),
            (
                "skewness",
                two(self.skewness),
                "below 0: most scored high with a tail of low totals; above 0: the reverse"
                    .to_owned(),
            ),
            (
                "kurtosis",
                two(self.kurtosis),
                "excess: above 0, more totals at the extremes than a bell curve".to_owned(),
            ),
            (
                "Cronbach's alpha (KR-20)",
                two(self.alpha),
                self.alpha.map_or_else(
                    || "needs 3 students, 2 questions and totals that vary".to_owned(),
                    |a| format!("internal consistency: {}", alpha_word(a)),
                ),
            ),
            (
                "standard error (SEM)",
                self.sem.map_or_else(|| "–".to_owned(), marks),
                "a student's total is known to about ± this".to_owned(),
            ),
        ];
        if let Some(ratio) = self.error_ratio {
            out.push((
                "error ratio",
                percent(ratio),
                "share of the spread of totals that is measurement error".to_owned(),
            ));
        }
        out
    }
}

impl ClassReport {
    /// The sentence saying the numbers are indicative, when too few students took part.
    pub fn gate_note(&self) -> Option<String> {
        let counted = self
            .test
            .as_ref()
            .map_or(self.students.len(), |t| t.students.max(self.students.len()));
        (counted < self.min_students && !self.students.is_empty()).then(|| {
            format!(
                "Indicative only: {counted} student{} (fewer than {}); questions are flagged from {} students on (--min-students N).",
                plural(counted),
                self.min_students,
                self.min_students
            )
        })
    }

    pub(super) fn test_text(&self) -> String {
        let Some(test) = &self.test else {
            return "\nTest statistics: no student answered every question.\n".to_owned();
        };
        let mut out = format!(
            "\nTest statistics (as Moodle computes them{})\n",
            if test.indicative { "; indicative" } else { "" }
        );
        let mut table = Table::new()
            .texts("statistic")
            .numbers("value")
            .texts("meaning")
            .indent("  ")
            .sep("  ");
        for (name, value, meaning) in test.lines() {
            table.row([name.to_owned(), value, meaning]);
        }
        out.push_str(&table.to_text());
        out.push_str("\n  Score distribution (totals as a share of full marks)\n");
        let most = test.distribution.iter().copied().max().unwrap_or(0).max(1);
        for (bin, count) in test.distribution.iter().enumerate() {
            let bar = "█".repeat((count * HISTOGRAM).div_ceil(most));
            let line = format!("  {:>8} {count:>4} {bar}", bin_label(bin));
            let _ = writeln!(out, "{}", line.trim_end());
        }
        out
    }

    pub(super) fn test_markdown(&self) -> String {
        let Some(test) = &self.test else {
            return "\n## Test statistics\n\nNo student answered every question.\n".to_owned();
        };
        let mut out = format!(
            "\n## Test statistics{}\n\n",
            if test.indicative { " (indicative)" } else { "" }
        );
        let mut table = Table::new()
            .texts("statistic")
            .numbers("value")
            .texts("meaning");
        for (name, value, meaning) in test.lines() {
            table.row([name.to_owned(), value, meaning]);
        }
        out.push_str(&table.to_markdown());
        out.push_str("\n**Score distribution**\n\n");
        let mut bins = Table::new().texts("total").numbers("students");
        for (bin, count) in test.distribution.iter().enumerate() {
            bins.row([bin_label(bin), count.to_string()]);
        }
        out.push_str(&bins.to_markdown());
        out
    }

    pub(super) fn test_csv(&self) -> String {
        let mut table = Table::new().texts("statistic").numbers("value");
        let num = |x: Option<f64>| x.map_or_else(String::new, |x| format!("{x:.6}"));
        if let Some(t) = &self.test {
            let rows: [(&str, String); 13] = [
                ("students", t.students.to_string()),
                ("incomplete", t.incomplete.to_string()),
                ("questions", t.questions.to_string()),
                ("mean", num(Some(t.mean))),
                ("median", num(Some(t.median))),
                ("sd", num(t.sd)),
                ("skewness", num(t.skewness)),
                ("kurtosis", num(t.kurtosis)),
                ("alpha", num(t.alpha)),
                ("error_ratio", num(t.error_ratio)),
                ("sem", num(t.sem)),
                ("indicative", t.indicative.to_string()),
                ("min_students", self.min_students.to_string()),
            ];
            for (name, value) in rows {
                table.row([name.to_owned(), value]);
            }
            for (bin, count) in t.distribution.iter().enumerate() {
                table.row([format!("scores {}", bin_label(bin)), count.to_string()]);
            }
        }
        table.to_csv()
    }
}
