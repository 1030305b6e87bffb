//! Renderings of the class report (see `crate::cohort` for what is computed and how) as
//! text, Markdown, JSON and CSV; the HTML page is `report::html::class`. Renders only:
//! computes no statistic.

pub use crate::cohort::{
    CategoryStat, ClassFile, ClassFileError, ClassReport, DEFAULT_MIN_STUDENTS, Distractors, Flag,
    ItemStat, MIN_STUDENTS, OptionCount, Skipped, StudentRow, TOO_EASY, TOO_HARD, TestStats,
    aggregate, aggregate_with, beats_key, beats_one, pearson, spread,
};

use super::bar;
use crate::cohort::items::label;
use crate::cohort::plural;
use crate::exam::short;
use crate::table::{Column, Table, markdown_cell};
use crate::text::sanitize_line;
use std::fmt::Write as _;

pub mod test_text;

pub(crate) fn percent(x: f64) -> String {
    format!("{:.0}%", x * 100.0)
}

fn signed_percent(x: f64) -> String {
    format!("{:+.0}%", x * 100.0)
}

fn opt_percent(x: Option<f64>) -> String {
    x.map_or_else(|| "–".to_owned(), percent)
}

pub(crate) fn opt_num(x: Option<f64>) -> String {
    x.map_or_else(|| "–".to_owned(), |x| format!("{x:.2}"))
}

const CHART: usize = 24;

impl ClassReport {
    /// Categories sorted by gap, largest first (by mean, lowest first, without targets).
    pub fn chart_order(&self) -> Vec<&CategoryStat> {
        let mut out: Vec<&CategoryStat> = self.categories.iter().collect();
        out.sort_by(|a, b| {
            let key = |c: &CategoryStat| c.gap.unwrap_or(-c.mean);
            key(b).total_cmp(&key(a)).then(a.id.cmp(&b.id))
        });
        out
    }

    pub fn flagged(&self) -> impl Iterator<Item = &ItemStat> {
        self.items.iter().filter(|i| i.is_flagged())
    }

    /// One line saying what the report is about.
    pub fn heading(&self) -> String {
        let pack = match &self.pack {
            Some(p) => format!(
                "pack `{}` {} (content {})",
                sanitize_line(&p.id),
                sanitize_line(&p.version),
                short(&sanitize_line(&p.content_hash))
            ),
            None => "no pack".to_owned(),
        };
        let exam = self.exam.as_ref().map_or_else(String::new, |e| {
            format!(
                " · exam \"{}\" ({})",
                sanitize_line(&e.title),
                short(&sanitize_line(&e.fingerprint))
            )
        });
        format!(
            "Class report · {pack}{exam} · {} student{} · {} question{}",
            self.students.len(),
            plural(self.students.len()),
            self.items.len(),
            plural(self.items.len())
        )
    }

    fn problems_text(&self, out: &mut String, bullet: &str) {
        for s in &self.skipped {
            let _ = writeln!(
                out,
                "{bullet}{}: skipped: {}",
                sanitize_line(&s.file),
                sanitize_line(&s.reason)
            );
        }
        for n in &self.notes {
            let _ = writeln!(out, "{bullet}note: {}", sanitize_line(n));
        }
    }

    pub fn to_text(&self) -> String {
        let mut out = format!("{}\n", self.heading());
        if let Some((_, title)) = &self.profile {
            let _ = writeln!(out, "Targets: {}", sanitize_line(title));
        }
        if let Some(gate) = self.gate_note() {
            let _ = writeln!(out, "{gate}");
        }
        if !self.skipped.is_empty() || !self.notes.is_empty() {
            out.push('\n');
            self.problems_text(&mut out, "  ");
        }
        if self.students.is_empty() {
            out.push_str("\nNo student's results to report on.\n");
            return out;
        }
        out.push_str("\nClass gap chart (█ class mean, │ target; spread = standard deviation)\n");
        let mut chart = Table::new()
            .column(Column::text("category").width(22))
            .column(Column::text("").min(CHART))
            .column(Column::number("mean").min(5).sep("  "))
            .numbers("spread")
            .columns(["min", "max"].map(|end| Column::number(end).min(5)))
            .numbers("target")
            .column(Column::number("gap").min(5))
            .numbers("students")
            .indent("  ")
            .sep(" ");
        for c in self.chart_order() {
            let mut cells = vec![c.title.clone(), bar(c.mean, c.mean, c.target, CHART)];
            cells.extend(category_cells(c));
            chart.row(cells);
        }
        out.push_str(&chart.to_text());
        out.push_str("\nStudents × categories (mean score; – = no question of it)\n");
        out.push_str(&self.students_table().indent("  ").sep(" ").to_text());
        out.push_str(
            "\nItems (facility = mean score; discr. = corrected point-biserial; DI = Moodle's discrimination index, DE = discriminative efficiency, in %)\n",
        );
        let items = self.items_table(
            Table::new()
                .column(Column::number("#").min(3))
                .column(Column::text("question").width(26).sep("  "))
                .column(Column::text("kind").width(10))
                .numbers("students,facility,discr.,DI,DE,omitted")
                .column(Column::text("flags").sep("  "))
                .indent("  ")
                .sep(" "),
            String::clone,
        );
        out.push_str(&items.to_text());
        out.push_str(&self.test_text());
        let flagged: Vec<&ItemStat> = self.flagged().collect();
        if flagged.is_empty() {
            out.push_str("\nNo question flagged.\n");
        } else {
            let _ = writeln!(
                out,
                "\n{} question{} flagged: check the key and the wording.",
                flagged.len(),
                plural(flagged.len())
            );
            for item in flagged {
                out.push_str(&self.item_detail_text(item));
            }
        }
        out
    }

    /// A flagged question: its flags, prompt and distractor table.
    pub fn item_detail_text(&self, item: &ItemStat) -> String {
        let mut out = String::new();
        let flags = flag_words(item);
        let _ = writeln!(
            out,
            "\n  {} ({}, {}): {}",
            sanitize_line(&item.id),
            sanitize_line(&item.kind),
            sanitize_line(&item.category),
            if flags.is_empty() {
                "no flag".to_owned()
            } else {
                flags.join(", ")
            }
        );
        if let Some(prompt) = &item.prompt {
            let _ = writeln!(out, "    {}", label(prompt));
        }
        if let Some(d) = &item.distractors {
            // No header: the rows speak for themselves under the question.
            let mut table = Table::new()
                .column(Column::text("").min(1))
                .column(Column::text("choice").width(40))
                .column(Column::number("picked").min(4))
                .indent("    ")
                .sep(" ");
            for o in &d.options {
                let note = if !o.key && d.key_known && beats_one(d, o) {
                    "← picked more than the key"
                } else {
                    ""
                };
                table.row_with_note(
                    [key_mark(o).to_owned(), o.label.clone(), o.count.to_string()],
                    note,
                );
            }
            table.row([String::new(), NO_ANSWER.to_owned(), d.no_answer.to_string()]);
            out.push_str(&table.to_text_rows());
            if !d.key_known {
                out.push_str("      (key unknown: no pack given and no answer scored 1)\n");
            }
        }
        out
    }

    pub fn to_markdown(&self) -> String {
        let md = markdown_cell;
        let mut out = format!("# {}\n\n", md(&self.heading()));
        if let Some((_, title)) = &self.profile {
            let _ = writeln!(out, "Targets: {}\n", md(title));
        }
        if let Some(gate) = self.gate_note() {
            let _ = writeln!(out, "{}\n", md(&gate));
        }
        if !self.skipped.is_empty() || !self.notes.is_empty() {
            let mut list = String::new();
            self.problems_text(&mut list, "- ");
            out.push_str(&list);
            out.push('\n');
        }
        out.push_str("## Class gap chart\n\n");
        let mut chart = Table::new()
            .texts("category")
            .numbers("mean,spread (sd),min,max,target,gap,students");
        for c in self.chart_order() {
            let mut cells = vec![c.title.clone()];
            cells.extend(category_cells(c));
            chart.row(cells);
        }
        out.push_str(&chart.to_markdown());
        out.push_str("\n## Students × categories\n\n");
        out.push_str(&self.students_table().to_markdown());
        out.push_str(
            "\n## Items\n\nFacility = mean score; discrimination = corrected point-biserial; DI = Moodle's discrimination index and DE = discriminative efficiency, in %.\n\n",
        );
        let items = self.items_table(
            Table::new()
                .numbers("#")
                .texts("question,kind")
                .numbers("students,facility,discrimination,DI,DE,omitted")
                .texts("flags"),
            |id| format!("`{id}`"),
        );
        out.push_str(&items.to_markdown());
        out.push_str(&self.test_markdown());
        for item in self.flagged() {
            let _ = writeln!(out, "\n### `{}`\n", md(&item.id));
            let _ = writeln!(out, "Flags: {}.\n", flag_words(item).join(", "));
            if let Some(prompt) = &item.prompt {
                let _ = writeln!(out, "> {}\n", md(prompt));
            }
            if let Some(d) = &item.distractors {
                let mut table = Table::new()
                    .texts("choice")
                    .column(Column::text("key").center())
                    .numbers("picked");
                for o in &d.options {
                    table.row([o.label.clone(), key_mark(o).to_owned(), o.count.to_string()]);
                }
                out.push_str(&table.to_markdown());
                // Written as it always was: `| |` for the empty key cell.
                let _ = writeln!(out, "| {NO_ANSWER} | | {} |", d.no_answer);
            }
        }
        out
    }

    pub fn to_json(&self) -> serde_json::Value {
        let mut value = serde_json::to_value(self).unwrap_or_default();
        if let Some(object) = value.as_object_mut() {
            object.insert(
                "format".to_owned(),
                serde_json::Value::from("skillgap-class"),
            );
            object.insert("version".to_owned(), serde_json::Value::from(1));
        }
        value
    }

    /// Four tables one after the other, separated by an empty line: categories, students ×
    /// categories, items, test statistics (statistic, value).
    pub fn to_csv(&self) -> String {
        let num = |x: Option<f64>| x.map_or_else(String::new, |x| format!("{x:.4}"));
        let mut categories = Table::new()
            .texts("category,title")
            .numbers("students,mean,sd,min,max,target,gap");
        for c in &self.categories {
            categories.row([
                c.id.clone(),
                c.title.clone(),
                c.students.to_string(),
                format!("{:.4}", c.mean),
                format!("{:.4}", c.sd),
                format!("{:.4}", c.min),
                format!("{:.4}", c.max),
                num(c.target),
                num(c.gap),
            ]);
        }
        let mut students = Table::new()
            .texts("student,file")
            .columns(
                self.categories
                    .iter()
                    .map(|c| Column::number(c.id.as_str())),
            )
            .numbers("total,answered,time_ms");
        for s in &self.students {
            let mut cells = vec![s.name.clone(), s.file.clone()];
            cells.extend(s.categories.iter().map(|score| num(*score)));
            cells.extend([
                format!("{:.4}", s.total),
                s.answered.to_string(),
                s.time_ms.to_string(),
            ]);
            students.row(cells);
        }
        let mut items = Table::new()
            .texts("question,category,kind,difficulty")
            .numbers("students,omitted,facility,discrimination,discrimination_index,discriminative_efficiency")
            .texts("indicative,flags");
        for item in &self.items {
            items.row([
                item.id.clone(),
                item.category.clone(),
                item.kind.clone(),
                item.difficulty.clone(),
                item.students.to_string(),
                item.omitted.to_string(),
                format!("{:.4}", item.facility),
                num(item.discrimination),
                num(item.discrimination_index),
                num(item.discriminative_efficiency),
                item.indicative.to_string(),
                flag_words(item).join("; "),
            ]);
        }
        format!(
            "{}\n{}\n{}\n{}",
            categories.to_csv(),
            students.to_csv(),
            items.to_csv(),
            self.test_csv()
        )
    }

    /// Students × categories (mean score per category, overall, questions answered), the
    /// same in text and Markdown.
    fn students_table(&self) -> Table {
        let mut table = Table::new()
            .column(Column::text("student").width(20))
            .columns(self.categories.iter().map(|c| {
                Column::number(c.title.as_str())
                    .min(5)
                    .ellipsis(14)
                    .header_left()
            }))
            .column(Column::number("all").min(5))
            .numbers("answered");
        for s in &self.students {
            let mut cells = vec![s.name.clone()];
            cells.extend(s.categories.iter().map(|score| opt_percent(*score)));
            cells.extend([percent(s.total), s.answered.to_string()]);
            table.row(cells);
        }
        table
    }

    /// The items as rows of `table`, whose columns are #, question, kind, students,
    /// facility, discrimination, DI, DE, omitted and flags; the question id written by `id`.
    fn items_table(&self, mut table: Table, id: impl Fn(&String) -> String) -> Table {
        for (i, item) in self.items.iter().enumerate() {
            let flags = flag_words(item);
            table.row([
                (i + 1).to_string(),
                id(&item.id),
                item.kind.clone(),
                item.students.to_string(),
                format!("{:.2}", item.facility),
                opt_num(item.discrimination),
                opt_whole(item.discrimination_index),
                opt_whole(item.discriminative_efficiency),
                item.omitted.to_string(),
                if flags.is_empty() {
                    String::new()
                } else {
                    format!("⚠ {}", flags.join(", "))
                },
            ]);
        }
        table
    }
}

/// What a row of the class gap chart shows after the category (and bar): mean, spread,
/// min, max, target, gap and students.
fn category_cells(c: &CategoryStat) -> [String; 7] {
    [
        percent(c.mean),
        percent(c.sd),
        percent(c.min),
        percent(c.max),
        opt_percent(c.target),
        c.gap.map_or_else(|| "–".to_owned(), signed_percent),
        c.students.to_string(),
    ]
}

fn flag_words(item: &ItemStat) -> Vec<&'static str> {
    item.flags.iter().map(|f| f.word()).collect()
}

fn key_mark(option: &OptionCount) -> &'static str {
    if option.key { "✓" } else { "" }
}

/// The row of the distractor table for answers that picked nothing.
const NO_ANSWER: &str = "(no answer)";

/// A percentage already in percent, to a whole number; `–` when undefined.
pub(crate) fn opt_whole(x: Option<f64>) -> String {
    x.map_or_else(|| "–".to_owned(), |x| format!("{x:.0}"))
}
