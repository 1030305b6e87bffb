//! The class report as one HTML page: what needs attention first (categories behind the
//! target, questions that look broken, how reliable the test was), then the class gap
//! chart with spread, the students × categories heat map, the facility–discrimination
//! scatter plot and item table, the choice counts of flagged questions, the test statistics
//! with the score distribution, and the files left out.

use super::svg::{self, BarRow, Chart, cut, f, frame};
use super::{Charts, clean, page, pct};
use crate::cohort::{ClassReport, ItemStat, TOO_EASY, TOO_HARD, TestStats, beats_one};
use crate::exam::short;
use crate::report::class::test_text::{alpha_word, bin_label};
use maud::{Markup, html};

/// The class report as a self-contained HTML page.
pub fn render(report: &ClassReport) -> String {
    let mut charts = Charts::default();
    let body = html! {
        (header(report))
        @if report.students.is_empty() {
            p.note { "No student's results to report on." }
        } @else {
            (summary(report))
            (gap_section(report, &mut charts))
            (heat_map(report))
            (items_section(report, &mut charts))
            (choices_section(report, &mut charts))
            (test_section(report, &mut charts))
        }
        (files_section(report))
    };
    page("Class report", &charts, body)
}

fn header(report: &ClassReport) -> Markup {
    html! {
        header {
            h1 { "Class report" }
            p {
                @match (&report.pack_title, &report.pack) {
                    (Some(title), Some(p)) => { "Pack " strong { (clean(title)) } " (" code { (clean(&p.id)) } " " (clean(&p.version)) ", content " (short(&clean(&p.content_hash))) ")" }
                    (None, Some(p)) => { "Pack " code { (clean(&p.id)) } " " (clean(&p.version)) " (content " (short(&clean(&p.content_hash))) ")" }
                    _ => { "No pack" }
                }
                @if let Some(exam) = &report.exam {
                    " · exam “" (clean(&exam.title)) "” (" (short(&clean(&exam.fingerprint))) ")"
                }
                " · " (report.students.len()) " student" (s(report.students.len()))
                " · " (report.items.len()) " question" (s(report.items.len()))
            }
            p {
                @match &report.profile {
                    Some((_, title)) => { "Targets: profile " strong { (clean(title)) } }
                    None => { "No targets (pass --profile with the pack to compare with one)." }
                }
            }
            @if let Some(gate) = report.gate_note() {
                p.note { (gate) }
            }
        }
    }
}

fn s(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// The three answers a teacher wants before any table.
fn summary(report: &ClassReport) -> Markup {
    let behind: Vec<_> = report
        .chart_order()
        .into_iter()
        .filter(|c| c.gap.is_some_and(|g| g > 0.0))
        .collect();
    let flagged: Vec<(usize, &ItemStat)> = report
        .items
        .iter()
        .enumerate()
        .filter(|(_, i)| i.is_flagged())
        .collect();
    html! {
        section #summary {
            h2 { "At a glance" }
            ul {
                li {
                    @if report.profile.is_none() {
                        "Weakest categories: "
                        @for (i, c) in report.chart_order().iter().take(3).enumerate() {
                            @if i > 0 { ", " }
                            strong { (clean(&c.title)) } " (" (pct(c.mean)) ")"
                        }
                    } @else if behind.is_empty() {
                        span.ok { "✓ The class mean reaches the target in every category." }
                    } @else {
                        span.warn { "▼ Behind the target in " (behind.len()) " of " (report.categories.len()) " categories: " }
                        @for (i, c) in behind.iter().enumerate() {
                            @if i > 0 { ", " }
                            strong { (clean(&c.title)) } " (" (pct(c.mean)) ", target " (c.target.map_or_else(String::new, pct)) ")"
                        }
                    }
                }
                li {
                    @if flagged.is_empty() {
                        @if report.items.iter().any(|i| i.indicative) {
                            "No question flagged (too few students for flags)."
                        } @else {
                            span.ok { "✓ No question looks broken." }
                        }
                    } @else {
                        span.warn { "⚠ " (flagged.len()) " question" (s(flagged.len())) " look broken: " }
                        @for (k, (i, item)) in flagged.iter().enumerate() {
                            @if k > 0 { ", " }
                            "#" (i + 1) " " code { (clean(&item.id)) } " (" (words(item)) ")"
                        }
                    }
                }
                li {
                    @match report.test.as_ref().and_then(|t| t.alpha.map(|a| (t, a))) {
                        Some((t, alpha)) => {
                            "Reliability: Cronbach's alpha " strong { (format!("{alpha:.2}")) } ": " (alpha_word(alpha))
                            @if let Some(sem) = t.sem { "; a total is known to about ± " (format!("{sem:.1}")) " marks (" (pct(t.share(sem))) ")" }
                            @if t.indicative { " (indicative: " (t.students) " students)" }
                            "."
                        }
                        None => { "Reliability: not measurable (it needs 3 students who answered every question, and totals that vary)." }
                    }
                }
            }
        }
    }
}

fn words(item: &ItemStat) -> String {
    item.flags
        .iter()
        .map(|f| f.word())
        .collect::<Vec<_>>()
        .join(", ")
}

fn gap_section(report: &ClassReport, charts: &mut Charts) -> Markup {
    let order = report.chart_order();
    let rows: Vec<BarRow> = order
        .iter()
        .map(|c| BarRow {
            label: c.title.clone(),
            value: match c.gap {
                Some(g) => format!("{} ± {} · gap {:+.0}%", pct(c.mean), pct(c.sd), g * 100.0),
                None => format!("{} ± {}", pct(c.mean), pct(c.sd)),
            },
            bar: Some(c.mean),
            spread: Some(((c.mean - c.sd).max(0.0), (c.mean + c.sd).min(1.0))),
            range: Some((c.min, c.max)),
            target: c.target,
            alert: c.gap.is_some_and(|g| g > 0.0),
            ..BarRow::default()
        })
        .collect();
    html! {
        section #gap {
            h2 { "Class gap chart" }
            figure {
                (charts.add(svg::bar_rows("Class mean per category with spread and target", &rows)))
                figcaption.legend {
                    span { "▬ class mean" } span { "├─┤ ± one standard deviation" }
                    span { "┄ lowest to highest student" } span { "▲ target" }
                }
            }
            div.scroll { table {
                thead { tr { th { "category" } th.n { "mean" } th.n { "spread (sd)" } th.n { "min" } th.n { "max" } th.n { "target" } th.n { "gap" } th.n { "students" } } }
                tbody { @for c in &order { tr {
                    td.text { (clean(&c.title)) }
                    td.n { (pct(c.mean)) } td.n { (pct(c.sd)) } td.n { (pct(c.min)) } td.n { (pct(c.max)) }
                    td.n { (c.target.map_or_else(|| "–".to_owned(), pct)) }
                    td.n { @match c.gap { Some(g) if g > 0.0 => { span.warn { (format!("▼ {:+.0}%", g * 100.0)) } } Some(g) => { (format!("{:+.0}%", g * 100.0)) } None => { "–" } } }
                    td.n { (c.students) }
                } } }
            } }
        }
    }
}

/// Heat class of a score: five steps of 20%.
fn heat(score: f64) -> &'static str {
    match (score * 5.0).floor() as i64 {
        i64::MIN..=0 => "h h0",
        1 => "h h1",
        2 => "h h2",
        3 => "h h3",
        _ => "h h4",
    }
}

fn heat_map(report: &ClassReport) -> Markup {
    html! {
        section #students {
            h2 { "Students × categories" }
            p.muted { "Mean score of each student in each category; the shade follows the score (greener is higher, redder lower), the number says it. – : no question of it." }
            div.scroll { table.heat {
                thead { tr {
                    th { "student" }
                    @for c in &report.categories { th.n { (cut(&c.title, 18)) } }
                    th.n { "all" } th.n { "answered" }
                } }
                tbody { @for st in &report.students { tr {
                    td.text { (clean(&st.name)) }
                    @for score in &st.categories {
                        @match score {
                            Some(x) => { td class=(heat(*x)) { (pct(*x)) } }
                            None => { td.n { "–" } }
                        }
                    }
                    td class=(heat(st.total)) { (pct(st.total)) }
                    td.n { (st.answered) }
                } } }
            } }
        }
    }
}

fn scatter(report: &ClassReport) -> Chart {
    let (left, right, top, bottom) = (40.0, 350.0, 10.0, 230.0);
    let x = |facility: f64| left + facility.clamp(0.0, 1.0) * (right - left);
    let y = |d: f64| top + (1.0 - d.clamp(-1.0, 1.0)) / 2.0 * (bottom - top);
    let points: Vec<(usize, &ItemStat, f64)> = report
        .items
        .iter()
        .enumerate()
        .filter_map(|(i, item)| item.discrimination.map(|d| (i, item, d)))
        .collect();
    let body = html! {
        rect.zone x=(f(x(TOO_EASY))) y=(f(top)) width=(f(right - x(TOO_EASY))) height=(f(bottom - top)) {}
        rect.zone x=(f(left)) y=(f(top)) width=(f(x(TOO_HARD) - left)) height=(f(bottom - top)) {}
        rect.zone x=(f(left)) y=(f(y(0.0))) width=(f(right - left)) height=(f(bottom - y(0.0))) {}
        @for tick in [-1.0, -0.5, 0.0, 0.5, 1.0] {
            line.grid x1=(f(left)) x2=(f(right)) y1=(f(y(tick))) y2=(f(y(tick))) {}
            text.small x=(f(left - 4.0)) y=(f(y(tick) + 3.0)) text-anchor="end" { (format!("{tick:.1}")) }
        }
        @for tick in [0.0, 0.2, 0.5, 0.9, 1.0] {
            // The last label ends at the axis' end: centred, it would stick out of the view box.
            text.small x=(f(x(tick))) y=(f(bottom + 12.0)) text-anchor=(if tick >= 1.0 { "end" } else { "middle" }) { (pct(tick)) }
        }
        line.axis x1=(f(left)) x2=(f(right)) y1=(f(y(0.0))) y2=(f(y(0.0))) {}
        text.small x=(f(x(0.1))) y=(f(top + 10.0)) text-anchor="middle" { "too hard" }
        text.small x=(f(x(0.95))) y=(f(top + 10.0)) text-anchor="middle" { "too easy" }
        text.small x=(f(x(0.55))) y=(f(bottom - 4.0)) text-anchor="middle" { "negative: stronger students did worse" }
        @for (i, item, d) in &points {
            @let (px, py) = (x(item.facility), y(*d));
            @if item.is_flagged() {
                path.flagged d=(format!("M{} {}l6 10h-12z", f(px), f(py - 7.0))) {}
                text.warn x=(f(px + 7.0)) y=(f(py + 4.0)) { "#" (i + 1) }
            } @else {
                circle.point cx=(f(px)) cy=(f(py)) r="4" {}
                text.small x=(f(px + 6.0)) y=(f(py + 3.0)) { (i + 1) }
            }
        }
        text x=(f((left + right) / 2.0)) y=(f(bottom + 28.0)) text-anchor="middle" { "facility (share right) →" }
        text x="10" y=(f((top + bottom) / 2.0)) text-anchor="middle" transform=(format!("rotate(-90 10 {})", f((top + bottom) / 2.0))) { "discrimination →" }
    };
    Chart {
        markup: frame(
            "Facility against discrimination of each question; flagged questions are triangles",
            bottom + 36.0,
            body,
        ),
        marks: points.len(),
    }
}

fn items_section(report: &ClassReport, charts: &mut Charts) -> Markup {
    let plotted = report.items.iter().any(|i| i.discrimination.is_some());
    html! {
        section #items {
            h2 { "Questions" }
            @if plotted {
                figure {
                    (charts.add(scatter(report)))
                    figcaption.legend {
                        span { "● question (its number in the table)" } span { "▲# flagged question" }
                        span { "shaded: too hard (≤ " (pct(TOO_HARD)) "), too easy (≥ " (pct(TOO_EASY)) "), negative discrimination" }
                    }
                }
            } @else {
                p.muted { "No question has a discrimination yet (it needs 3 students who answered it and another question): no scatter plot." }
            }
            p.muted { "Facility: share of the marks the class got. Discrimination: corrected point-biserial (does the question agree with the rest of the test?). DI: Moodle's discrimination index; DE: Moodle's discriminative efficiency, both in %." }
            div.scroll { table {
                thead { tr { th.n { "#" } th { "question" } th { "kind" } th.n { "students" } th.n { "facility" } th.n { "discr." } th.n { "DI %" } th.n { "DE %" } th.n { "omitted" } th { "flags" } } }
                tbody { @for (i, item) in report.items.iter().enumerate() {
                    tr class=[item.is_flagged().then_some("flagged")] {
                        td.n { (i + 1) }
                        td.text { code { (clean(&item.id)) } @if let Some(p) = &item.prompt { br; span.muted { (cut(p, 80)) } } }
                        td { (clean(&item.kind)) }
                        td.n { (item.students) @if item.indicative { " ~" } }
                        td.n { (format!("{:.2}", item.facility)) }
                        td.n { (num(item.discrimination, 2)) }
                        td.n { (num(item.discrimination_index, 0)) }
                        td.n { (num(item.discriminative_efficiency, 0)) }
                        td.n { (item.omitted) }
                        td { @if item.is_flagged() { span.warn { "⚠ " (words(item)) } } }
                    }
                } }
            } }
            @if report.items.iter().any(|i| i.indicative) {
                p.muted { "~ fewer than " (report.min_students) " students: indicative, never flagged." }
            }
        }
    }
}

fn num(x: Option<f64>, decimals: usize) -> String {
    x.map_or_else(|| "–".to_owned(), |x| format!("{x:.decimals$}"))
}

fn choices_section(report: &ClassReport, charts: &mut Charts) -> Markup {
    let flagged: Vec<(usize, &ItemStat)> = report
        .items
        .iter()
        .enumerate()
        .filter(|(_, i)| i.is_flagged() && i.distractors.is_some())
        .collect();
    if flagged.is_empty() {
        return html! {};
    }
    html! {
        section #choices {
            h2 { "Choices picked in flagged questions" }
            @for (i, item) in flagged {
                @if let Some(d) = &item.distractors {
                    h3 { "#" (i + 1) " " code { (clean(&item.id)) } ": " span.warn { (words(item)) } }
                    @if let Some(p) = &item.prompt { p { (clean(p)) } }
                    @let total = item.students.max(1) as f64;
                    @let rows: Vec<BarRow> = d.options.iter().map(|o| BarRow {
                        label: format!("{}{}", if o.key { "✓ " } else if d.key_known && beats_one(d, o) { "⚠ " } else { "" }, o.label),
                        value: format!("{} of {}", o.count, item.students),
                        bar: Some(o.count as f64 / total),
                        alert: !o.key && d.key_known && beats_one(d, o),
                        ..BarRow::default()
                    }).chain(std::iter::once(BarRow {
                        label: "(no answer)".to_owned(),
                        value: format!("{} of {}", d.no_answer, item.students),
                        bar: Some(d.no_answer as f64 / total),
                        ..BarRow::default()
                    })).collect();
                    figure { (charts.add(svg::bar_rows(&format!("Choices picked for {}", clean(&item.id)), &rows))) }
                    div.scroll { table {
                        thead { tr { th { "choice" } th { "key" } th.n { "picked" } } }
                        tbody {
                            @for o in &d.options { tr {
                                td.text { (clean(&o.label)) }
                                td { @if o.key { "✓ key" } }
                                td.n { (o.count) @if !o.key && d.key_known && beats_one(d, o) { " " span.warn { "⚠ more than the key" } } }
                            } }
                            tr { td { "(no answer)" } td {} td.n { (d.no_answer) } }
                        }
                    } }
                    @if !d.key_known { p.muted { "Key unknown: no pack given and no answer scored 1." } }
                }
            }
        }
    }
}

fn test_section(report: &ClassReport, charts: &mut Charts) -> Markup {
    let Some(test) = &report.test else {
        return html! {
            section #test { h2 { "Test statistics" } p { "No student answered every question: no test statistics." } }
        };
    };
    html! {
        section #test {
            h2 { "Test statistics" @if test.indicative { " (indicative)" } }
            p.muted { "As Moodle's quiz statistics compute them, over the students who answered every question; a total is the sum of the marks, one per question." }
            div.scroll { table {
                thead { tr { th { "statistic" } th.n { "value" } th { "what it means" } } }
                tbody { @for (name, value, meaning) in test.lines() { tr { td { (name) } td.n { (value) } td { (meaning) } } } }
            } }
            (distribution(test, charts))
        }
    }
}

fn distribution(test: &TestStats, charts: &mut Charts) -> Markup {
    let bars: Vec<(String, usize)> = test
        .distribution
        .iter()
        .enumerate()
        .map(|(bin, count)| (format!("{}", bin * 10), *count))
        .collect();
    html! {
        h3 { "Score distribution" }
        figure {
            (charts.add(svg::columns("Students per tenth of the full marks", "total, % of full marks (bin start)", &bars)))
        }
        div.scroll { table {
            thead { tr { th { "total" } th.n { "students" } } }
            tbody { @for (bin, count) in test.distribution.iter().enumerate() { tr { td { (bin_label(bin)) } td.n { (count) } } } }
        } }
    }
}

fn files_section(report: &ClassReport) -> Markup {
    if report.skipped.is_empty() && report.notes.is_empty() {
        return html! {};
    }
    html! {
        section #files {
            h2 { "Files left out and notes" }
            ul {
                @for sk in &report.skipped { li { span.warn { "skipped " } code { (clean(&sk.file)) } ": " (clean(&sk.reason)) } }
                @for n in &report.notes { li { "note: " (clean(n)) } }
            }
        }
    }
}
