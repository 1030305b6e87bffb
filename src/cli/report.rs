//! `skillgap report` (gap chart with the exam-date forecast, `--trend`, `--calibration`) and
//! `history`: read the store, compute, print.

use super::quiz::{check_profile, load_packs, now_ms};
use super::{EXIT_INVALID, eprint, print};
use crate::cli::args::{HistoryArgs, ReportArgs, ReportFormat, StatsFormat};
use crate::learning::mastery;
use crate::report::GapReport;
use crate::report::history::{history_json, history_text};
use crate::report::progress::{self, Forecast};
use crate::service;
use crate::store::Store;
use crate::text::sanitize_line;
use std::path::Path;
use std::process::ExitCode;

pub(super) fn fail(message: String) -> ExitCode {
    eprint(&format!("skillgap: {message}\n"));
    ExitCode::from(EXIT_INVALID)
}

pub(super) fn open_store(data_dir: Option<&Path>) -> Result<Store, String> {
    let dir = crate::store::data_dir(data_dir).map_err(|e| e.to_string())?;
    Store::open(&dir).map_err(|e| e.to_string())
}

pub fn report(args: ReportArgs, data_dir: Option<&Path>) -> ExitCode {
    let run = || -> Result<String, String> {
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
                ));
            }
        }
        let store = open_store(data_dir)?;
        let now = now_ms();
        let wanted = |category: &str| {
            args.categories.is_empty() || args.categories.iter().any(|c| c == category)
        };
        if args.trend {
            let mut trend =
                service::progress::trend_report(&store, pack, now).map_err(|e| e.to_string())?;
            for point in &mut trend.points {
                for m in &mut point.masteries {
                    if !wanted(&m.category) {
                        m.answered = 0; // left out of every rendering
                    }
                }
            }
            return Ok(match args.format {
                ReportFormat::Text => progress::trend_text(pack, &trend),
                ReportFormat::Markdown => progress::trend_markdown(pack, &trend),
                ReportFormat::Json => format!("{:#}\n", progress::trend_json(pack, &trend)),
                ReportFormat::Csv => progress::trend_csv(&trend),
            });
        }
        if args.calibration {
            let mut calibration =
                service::progress::calibration_report(&store, pack).map_err(|e| e.to_string())?;
            calibration.categories.retain(|c| wanted(&c.category));
            calibration.questions.retain(|q| wanted(&q.category));
            return Ok(match args.format {
                ReportFormat::Text => progress::calibration_text(pack, &calibration),
                ReportFormat::Markdown => progress::calibration_markdown(pack, &calibration),
                ReportFormat::Json => {
                    format!("{:#}\n", progress::calibration_json(pack, &calibration))
                }
                ReportFormat::Csv => progress::calibration_csv(&calibration),
            });
        }
        let mut report = service::gap_report(&store, pack, args.profile.as_deref(), now)
            .map_err(|e| e.to_string())?;
        let mut forecast = service::progress::forecast_for(&store, pack, &report, now)
            .map_err(|e| e.to_string())?;
        if !args.categories.is_empty() {
            report.rows.retain(|r| wanted(&r.mastery.category));
            report.weakest.retain(|w| wanted(&w.category));
            report.readiness = mastery::readiness(&report.rows);
            if let Some(forecast) = &mut forecast {
                forecast.rows.retain(|r| wanted(&r.category));
            }
        }
        Ok(match args.format {
            ReportFormat::Text => {
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
                format!("{json:#}\n")
            }
            ReportFormat::Csv => match &forecast {
                Some(forecast) => with_forecast_columns(&report.to_csv(), &report, forecast),
                None => report.to_csv(),
            },
        })
    };
    match run() {
        Ok(text) => {
            print(&text);
            ExitCode::SUCCESS
        }
        Err(message) => fail(message),
    }
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

pub fn history(args: HistoryArgs, data_dir: Option<&Path>) -> ExitCode {
    let run = || -> Result<String, String> {
        let store = open_store(data_dir)?;
        let rows = service::history::history(&store, args.limit).map_err(|e| e.to_string())?;
        Ok(match args.format {
            StatsFormat::Json => format!("{:#}\n", history_json(&rows)),
            StatsFormat::Text => history_text(&rows),
        })
    };
    match run() {
        Ok(text) => {
            print(&text);
            ExitCode::SUCCESS
        }
        Err(message) => fail(message),
    }
}
