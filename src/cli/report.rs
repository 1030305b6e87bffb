//! `skillgap report` (gap chart with the exam-date forecast, `--trend`, `--calibration`) and
//! `history`: check the arguments, ask the use cases (`crate::service`) for the data, print
//! its rendering (`crate::report`).

use super::files::open_store;
use super::prepare::{check_profile, load_packs, now_ms};
use super::{CliError, Outcome};
use crate::cli::args::{HistoryArgs, ReportArgs, ReportFormat, StatsFormat};
use crate::learning::calibration::Calibration;
use crate::learning::mastery;
use crate::learning::trend::Trend;
use crate::report::GapReport;
use crate::report::history::{write_history_json, write_history_text};
use crate::report::progress::{self, Forecast};
use crate::service;
use crate::store::Store;
use crate::text::sanitize_line;
use std::path::Path;

pub fn report(args: ReportArgs, data_dir: Option<&Path>) -> Outcome {
    let text = report_text(&args, data_dir)?;
    super::files::write_output(args.output.as_deref(), &text)?;
    Ok(std::process::ExitCode::SUCCESS)
}

fn report_text(args: &ReportArgs, data_dir: Option<&Path>) -> Result<String, CliError> {
    let names: Vec<String> = args.pack.iter().cloned().collect();
    let packs = load_packs(&names, data_dir)?;
    let pack = packs.first().ok_or("no pack")?;
    if let Some(profile) = &args.profile {
        check_profile(&packs, profile)?;
    }
    for category in &args.categories {
        if pack.category(category).is_none() {
            return Err(format!(
                "unknown category `{}` in pack `{}`",
                sanitize_line(category),
                pack.meta.id
            )
            .into());
        }
    }
    let store = open_store(data_dir)?;
    let now = now_ms();
    let wanted = |category: &str| {
        args.categories.is_empty() || args.categories.iter().any(|c| c == category)
    };
    if args.format == ReportFormat::Html {
        return html_report(args, &store, pack, now);
    }
    if args.trend {
        let mut trend = service::progress::trend_report(&store, pack, now)?;
        keep_trend(&mut trend, &wanted);
        return Ok(match args.format {
            ReportFormat::Text | ReportFormat::Html => progress::trend_text(pack, &trend),
            ReportFormat::Markdown => progress::trend_markdown(pack, &trend),
            ReportFormat::Json => crate::text::json_text(&progress::trend_json(pack, &trend)),
            ReportFormat::Csv => progress::trend_csv(&trend),
        });
    }
    if args.calibration {
        let mut calibration = service::progress::calibration_report(&store, pack)?;
        keep_calibration(&mut calibration, &wanted);
        return Ok(match args.format {
            ReportFormat::Text | ReportFormat::Html => {
                progress::calibration_text(pack, &calibration)
            }
            ReportFormat::Markdown => progress::calibration_markdown(pack, &calibration),
            ReportFormat::Json => {
                crate::text::json_text(&progress::calibration_json(pack, &calibration))
            }
            ReportFormat::Csv => progress::calibration_csv(&calibration),
        });
    }
    let mut report = service::gap_report(&store, pack, args.profile.as_deref(), now)?;
    let mut forecast = service::progress::forecast_for(&store, pack, &report, now)?;
    if !args.categories.is_empty() {
        keep_gap(&mut report, &mut forecast, &wanted);
    }
    Ok(match args.format {
        ReportFormat::Text | ReportFormat::Html => {
            let mut text = report.to_text();
            if let Some(forecast) = &forecast {
                text.push_str(&forecast.to_text(now));
            }
            text
        }
        ReportFormat::Markdown => {
            let mut text = report.to_markdown();
            if let Some(forecast) = &forecast {
                text.push_str(&forecast.to_markdown());
            }
            text
        }
        ReportFormat::Json => {
            let mut json = report.to_json();
            if let (Some(forecast), Some(object)) = (&forecast, json.as_object_mut()) {
                object.insert(String::from("forecast"), forecast.to_json());
            }
            crate::text::json_text(&json)
        }
        ReportFormat::Csv => match &forecast {
            Some(forecast) => with_forecast_columns(&report.to_csv(), &report, forecast),
            None => report.to_csv(),
        },
    })
}

/// The whole personal report as one HTML page: gap chart, forecast, trend, calibration and
/// weakest questions, restricted to `--category` when given.
fn html_report(
    args: &ReportArgs,
    store: &Store,
    pack: &crate::pack::Pack,
    now: i64,
) -> Result<String, CliError> {
    let wanted = |category: &str| {
        args.categories.is_empty() || args.categories.iter().any(|c| c == category)
    };
    let service::personal::PersonalData {
        gap: mut report,
        mut forecast,
        mut trend,
        mut calibration,
    } = service::personal::personal_report(store, pack, args.profile.as_deref(), now)?;
    if !args.categories.is_empty() {
        keep_gap(&mut report, &mut forecast, &wanted);
        keep_trend(&mut trend, &wanted);
        keep_calibration(&mut calibration, &wanted);
    }
    Ok(crate::report::html::personal::render(
        &crate::report::html::personal::Personal {
            pack,
            gap: &report,
            forecast: forecast.as_ref(),
            trend: Some(&trend),
            calibration: Some(&calibration),
            now_ms: now,
        },
    ))
}

/// The gap chart and its forecast with only the categories `wanted` keeps (readiness
/// recomputed over them).
fn keep_gap(
    report: &mut GapReport,
    forecast: &mut Option<Forecast>,
    wanted: &dyn Fn(&str) -> bool,
) {
    report.rows.retain(|r| wanted(&r.mastery.category));
    report.weakest.retain(|w| wanted(&w.category));
    report.readiness = mastery::readiness(&report.rows);
    if let Some(forecast) = forecast {
        forecast.rows.retain(|r| wanted(&r.category));
    }
}

/// The trend with the categories `wanted` leaves out made empty, so no rendering shows them.
fn keep_trend(trend: &mut Trend, wanted: &dyn Fn(&str) -> bool) {
    for point in &mut trend.points {
        for m in &mut point.masteries {
            if !wanted(&m.category) {
                m.answered = 0;
            }
        }
    }
}

fn keep_calibration(calibration: &mut Calibration, wanted: &dyn Fn(&str) -> bool) {
    calibration.categories.retain(|c| wanted(&c.category));
    calibration.questions.retain(|q| wanted(&q.category));
}

/// The gap report's CSV with two more columns: the exam date and the predicted mastery on it.
fn with_forecast_columns(csv: &str, report: &GapReport, forecast: &Forecast) -> String {
    let mut out = String::new();
    for (i, line) in csv.lines().enumerate() {
        out.push_str(line);
        if i == 0 {
            out.push_str(",forecast_date,forecast");
        } else {
            let predicted = report
                .rows
                .get(i - 1)
                .and_then(|row| forecast.predicted(&row.mastery.category))
                .map_or_else(String::new, |p| format!("{p:.4}"));
            out.push_str(&format!(",{},{predicted}", forecast.date));
        }
        out.push('\n');
    }
    out
}

pub fn history(args: HistoryArgs, data_dir: Option<&Path>) -> Outcome {
    let store = open_store(data_dir)?;
    let rows = service::history::history(&store, args.limit)?;
    // Written as it is made, a few kilobytes at a time through one locked, buffered standard
    // output: megabytes of JSON for thousands of sessions. A closed pipe ends it quietly, as
    // `print` does.
    let mut out = std::io::BufWriter::with_capacity(64 * 1024, std::io::stdout().lock());
    let written = match args.format {
        StatsFormat::Json => write_history_json(&rows, &mut out),
        StatsFormat::Text => write_history_text(&rows, &mut out),
    };
    let _ = written.and_then(|()| std::io::Write::flush(&mut out));
    Ok(std::process::ExitCode::SUCCESS)
}
