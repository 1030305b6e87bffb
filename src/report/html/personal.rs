//! The personal gap report as one HTML page, for a learner to send to a mentor: readiness,
//! the gap chart (mastery, 80% band, target, gap; the order and numbers of the text
//! report), the exam-date forecast when a date is set, mastery over time per category,
//! calibration (how often right when sure) and the weakest questions.

use super::svg::{self, BarRow, Chart, cut, f, frame};
use super::{Charts, clean, page, pct};
use crate::learning::calibration::Calibration;
use crate::learning::trend::Trend;
use crate::pack::Pack;
use crate::report::GapReport;
use crate::report::progress::Forecast;
use maud::{Markup, html};

/// Trend points drawn and tabled (the latest ones).
pub const TREND_POINTS: usize = 60;

/// What the personal page shows; the caller computed each part.
#[derive(Debug, Clone, Copy)]
pub struct Personal<'a> {
    pub pack: &'a Pack,
    pub gap: &'a GapReport,
    pub forecast: Option<&'a Forecast>,
    pub trend: Option<&'a Trend>,
    pub calibration: Option<&'a Calibration>,
    /// When the report was made (Unix milliseconds), shown as a UTC date.
    pub now_ms: i64,
}

pub fn render(report: &Personal) -> String {
    let mut charts = Charts::default();
    let body = html! {
        (header(report))
        (gap_section(report.gap, &mut charts))
        @if let Some(forecast) = report.forecast { (forecast_section(forecast, &mut charts)) }
        @if let Some(trend) = report.trend { (trend_section(report.pack, trend, report.gap, &mut charts)) }
        @if let Some(calibration) = report.calibration { (calibration_section(calibration, &mut charts)) }
        (weakest_section(report.gap))
    };
    page("Skill gap report", &charts, body)
}

fn header(report: &Personal) -> Markup {
    let gap = report.gap;
    html! {
        header {
            h1 { "Skill gap report" }
            p {
                "Pack " strong { (clean(&report.pack.meta.title)) } " (" code { (clean(&gap.pack_id)) } " " (clean(&gap.pack_version)) ")"
                " · profile " @match &gap.profile { Some((_, title)) => { strong { (clean(title)) } } None => { "none" } }
                " · " (crate::report::utc_date(report.now_ms))
            }
            p {
                @match gap.readiness {
                    Some(r) => { "Readiness: " span.big { (gap.targets_met_words().unwrap_or_default()) } " (" (pct(r)) ")" }
                    None => { "Readiness: no targets (choose a profile with --profile)." }
                }
            }
        }
    }
}

fn gap_section(gap: &GapReport, charts: &mut Charts) -> Markup {
    let rows: Vec<BarRow> = gap
        .rows
        .iter()
        .map(|row| {
            let m = &row.mastery;
            let measured = m.answered > 0;
            BarRow {
                label: row.title.clone(),
                value: if !measured {
                    "no answers yet".to_owned()
                } else {
                    match row.gap() {
                        Some(g) => format!("{:.2} · gap {g:+.2}", m.mean),
                        None => format!("{:.2}", m.mean),
                    }
                },
                bar: measured.then_some(m.low),
                band: measured.then_some((m.low, m.high)),
                target: row.target,
                alert: row.gap().is_some_and(|g| g > 0.0) && measured,
                ..BarRow::default()
            }
        })
        .collect();
    html! {
        section #gap {
            h2 { "Gap chart" }
            figure {
                (charts.add(svg::bar_rows("Mastery per category with its 80% band and the target", &rows)))
                figcaption.legend {
                    span { "▬ mastery (lower end of the band)" } span { "░ 80% band: the true mastery is likely inside" }
                    span { "▲ target" } span { "gap = target − mastery" }
                }
            }
            div.scroll { table {
                thead { tr { th { "category" } th.n { "mastery" } th.n { "band" } th.n { "target" } th.n { "gap" } th.n { "answers" } th.n { "coverage" } th { "note" } } }
                tbody { @for row in &gap.rows {
                    @let m = &row.mastery;
                    @let measured = m.answered > 0;
                    tr {
                        td.text { (clean(&row.title)) }
                        td.n { @if measured { (format!("{:.2}", m.mean)) } @else { "–" } }
                        td.n { @if measured { (format!("{:.2}–{:.2}", m.low, m.high)) } @else { "–" } }
                        td.n { (row.target.map_or_else(|| "–".to_owned(), |t| format!("{t:.2}"))) }
                        td.n { @match row.gap().filter(|_| measured) {
                            Some(g) if g > 0.0 => { span.warn { (format!("▼ {g:+.2}")) } }
                            Some(g) => { span.ok { (format!("✓ {g:+.2}")) } }
                            None => { "–" }
                        } }
                        td.n { (m.answered) }
                        td.n { (pct(m.coverage())) }
                        td { @if !measured { "no answers yet" } @else if !m.enough() { "not enough answers" } }
                    }
                } }
            } }
            p.muted { "Categories with too few answers count as not reached." }
        }
    }
}

fn forecast_section(forecast: &Forecast, charts: &mut Charts) -> Markup {
    let rows: Vec<BarRow> = forecast
        .rows
        .iter()
        .map(|r| BarRow {
            label: r.title.clone(),
            value: format!("now {} → {}", pct(r.mastery_now), pct(r.predicted)),
            bar: Some(r.predicted),
            band: Some((
                r.predicted.min(r.mastery_now),
                r.predicted.max(r.mastery_now),
            )),
            target: r.target,
            alert: r.gap().is_some_and(|g| g > 0.0),
            ..BarRow::default()
        })
        .collect();
    html! {
        section #forecast {
            h2 { "Forecast for " (forecast.date) }
            p { "Exam date of " (clean(&forecast.profile_title)) ": the mastery predicted for that day if you stop practising now." }
            figure {
                (charts.add(svg::bar_rows("Predicted mastery on the exam date", &rows)))
                figcaption.legend { span { "▬ predicted" } span { "░ what would be forgotten by then" } span { "▲ target" } }
            }
            div.scroll { table {
                thead { tr { th { "category" } th.n { "now" } th.n { "predicted" } th.n { "target" } th.n { "gap" } th.n { "learned questions" } } }
                tbody { @for r in &forecast.rows { tr {
                    td.text { (clean(&r.title)) }
                    td.n { (pct(r.mastery_now)) } td.n { (pct(r.predicted)) }
                    td.n { (r.target.map_or_else(|| "–".to_owned(), pct)) }
                    td.n { (r.gap().map_or_else(|| "–".to_owned(), |g| format!("{g:+.2}"))) }
                    td.n { (r.reviewed) }
                } } }
            } }
        }
    }
}

/// One small chart per category: mastery (line) and its band over the latest points.
fn trend_chart(title: &str, points: &[(f64, f64, f64)], target: Option<f64>) -> Chart {
    let (left, right, top, bottom) = (4.0, 352.0, 20.0, 80.0);
    let n = points.len();
    let x = |i: usize| {
        if n <= 1 {
            (left + right) / 2.0
        } else {
            left + i as f64 / (n - 1) as f64 * (right - left)
        }
    };
    let y = |v: f64| bottom - v.clamp(0.0, 1.0) * (bottom - top);
    let line: Vec<String> = points
        .iter()
        .enumerate()
        .map(|(i, p)| format!("{},{}", f(x(i)), f(y(p.0))))
        .collect();
    let band: Vec<String> = points
        .iter()
        .enumerate()
        .map(|(i, p)| format!("{},{}", f(x(i)), f(y(p.2))))
        .chain(
            points
                .iter()
                .enumerate()
                .rev()
                .map(|(i, p)| format!("{},{}", f(x(i)), f(y(p.1)))),
        )
        .collect();
    let last = points.last().map_or(0.0, |p| p.0);
    let body = html! {
        text x=(f(left)) y="13" { (cut(title, 36)) }
        text x=(f(right)) y="13" text-anchor="end" { "now " (pct(last)) }
        line.grid x1=(f(left)) x2=(f(right)) y1=(f(y(0.0))) y2=(f(y(0.0))) {}
        line.grid x1=(f(left)) x2=(f(right)) y1=(f(y(1.0))) y2=(f(y(1.0))) {}
        @if let Some(t) = target {
            line.target x1=(f(left)) x2=(f(right)) y1=(f(y(t))) y2=(f(y(t))) stroke-dasharray="4 3" {}
        }
        polygon.line-band points=(band.join(" ")) {}
        polyline.line points=(line.join(" ")) {}
        @for (i, p) in points.iter().enumerate() {
            circle.point cx=(f(x(i))) cy=(f(y(p.0))) r="2.5" {}
        }
    };
    Chart {
        markup: frame(
            &format!("Mastery of {} over time", clean(title)),
            88.0,
            body,
        ),
        marks: n,
    }
}

fn trend_section(pack: &Pack, trend: &Trend, gap: &GapReport, charts: &mut Charts) -> Markup {
    let start = trend.points.len().saturating_sub(TREND_POINTS);
    let points = &trend.points[start..];
    // Categories with answers at the last point, in pack order.
    let shown: Vec<(usize, &str)> = pack
        .categories
        .iter()
        .enumerate()
        .filter(|(i, _)| {
            points
                .last()
                .and_then(|p| p.masteries.get(*i))
                .is_some_and(|m| m.answered > 0)
        })
        .map(|(i, c)| (i, c.title.as_str()))
        .collect();
    let step = match trend.step {
        crate::learning::trend::Step::Day => "day",
        crate::learning::trend::Step::Week => "week",
    };
    html! {
        section #trend {
            h2 { "Mastery over time" }
            @if shown.is_empty() {
                p.muted { "No answers yet: nothing to draw." }
            } @else {
                p.muted { "One point per " (step) " (the latest " (points.len()) "); the shaded band is the 80% band, the dashed line the target." }
                @for (i, title) in &shown {
                    @let series: Vec<(f64, f64, f64)> = points.iter().filter_map(|p| p.masteries.get(*i)).map(|m| (m.mean, m.low, m.high)).collect();
                    @let target = pack.categories.get(*i).and_then(|c| gap.rows.iter().find(|r| r.mastery.category == c.id)).and_then(|r| r.target);
                    figure { (charts.add(trend_chart(title, &series, target))) }
                }
                div.scroll { table {
                    thead { tr { th { (step) } @for (_, title) in &shown { th.n { (cut(title, 18)) } } } }
                    tbody { @for p in points { tr {
                        td { (p.date) }
                        @for (i, _) in &shown { td.n { (p.masteries.get(*i).map_or_else(|| "–".to_owned(), |m| pct(m.mean))) } }
                    } } }
                } }
            }
        }
    }
}

fn calibration_section(calibration: &Calibration, charts: &mut Charts) -> Markup {
    const LEVELS: [&str; 3] = ["unsure", "fairly sure", "sure"];
    let rows: Vec<BarRow> = calibration
        .categories
        .iter()
        .flat_map(|c| {
            c.levels
                .iter()
                .zip(LEVELS)
                .map(move |(level, word)| BarRow {
                    label: format!("{} · {word}", c.title),
                    value: level.right_share().map_or_else(
                        || "no answers".to_owned(),
                        |s| format!("{} right of {}", pct(s), level.answers),
                    ),
                    bar: level.right_share(),
                    alert: word == "sure" && c.confidently_wrong,
                    ..BarRow::default()
                })
        })
        .collect();
    html! {
        section #calibration {
            h2 { "Calibration: how often right when sure" }
            @if calibration.categories.is_empty() {
                p.muted { "No answer was given with a confidence yet." }
            } @else {
                p.muted { "Well calibrated: right more often the surer you are. ⚠ marks a category with answers wrong while sure." }
                figure { (charts.add(svg::bar_rows("Share right at each confidence, per category", &rows))) }
                div.scroll { table {
                    thead { tr { th { "category" } @for w in LEVELS { th.n { (w) } } th { "wrong while sure" } } }
                    tbody { @for c in &calibration.categories { tr {
                        td.text { (clean(&c.title)) }
                        @for level in &c.levels { td.n { (level.right_share().map_or_else(|| "–".to_owned(), |s| format!("{} of {}", pct(s), level.answers))) } }
                        td { @if c.confidently_wrong { span.warn { "⚠ yes" } } @else { "no" } }
                    } } }
                } }
                @if let Some(line) = crate::report::progress::overridden_line(calibration) {
                    p.muted { (line) }
                }
                @if !calibration.questions.is_empty() {
                    h3 { "Questions answered wrong while sure" }
                    ul { @for q in &calibration.questions { li { code { (clean(&q.id)) } " (" (clean(&q.category)) "): " (q.times) " time" (if q.times == 1 { "" } else { "s" }) } } }
                }
            }
        }
    }
}

fn weakest_section(gap: &GapReport) -> Markup {
    html! {
        section #weakest {
            h2 { "Weakest questions" }
            @if gap.weakest.is_empty() {
                p.muted { "None yet: every question answered so far was answered right." }
            } @else {
                div.scroll { table {
                    thead { tr { th { "question" } th { "category" } th.n { "mean score" } th.n { "answers" } } }
                    tbody { @for w in &gap.weakest { tr {
                        td.text { code { (clean(&w.id)) } } td.text { (clean(&w.category)) }
                        td.n { (format!("{:.2}", w.mean_score)) } td.n { (w.answers) }
                    } } }
                } }
            }
        }
    }
}
