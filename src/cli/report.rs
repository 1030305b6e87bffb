//! `skillgap report` (gap chart with the exam-date forecast, `--trend`, `--calibration`) and
//! `history`: read the store, compute, print.

use super::quiz::{check_profile, load_packs, now_ms};
use super::{EXIT_INVALID, eprint, print};
use crate::cli::args::{HistoryArgs, ReportArgs, ReportFormat, StatsFormat};
use crate::learning::mastery;
use crate::quiz::SessionKind;
use crate::report::progress::{self, Forecast};
use crate::report::{GapReport, utc_minutes};
use crate::store::{SessionStatus, Store};
use crate::text::sanitize_line;
use serde_json::json;
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
        if args.format == ReportFormat::Html {
            return html_report(&args, &store, pack, now);
        }
        if args.trend {
            let mut trend = progress::trend_report(&store, pack, now).map_err(|e| e.to_string())?;
            for point in &mut trend.points {
                for m in &mut point.masteries {
                    if !wanted(&m.category) {
                        m.answered = 0; // left out of every rendering
                    }
                }
            }
            return Ok(match args.format {
                ReportFormat::Text | ReportFormat::Html => progress::trend_text(pack, &trend),
                ReportFormat::Markdown => progress::trend_markdown(pack, &trend),
                ReportFormat::Json => format!("{:#}\n", progress::trend_json(pack, &trend)),
                ReportFormat::Csv => progress::trend_csv(&trend),
            });
        }
        if args.calibration {
            let mut calibration =
                progress::calibration_report(&store, pack).map_err(|e| e.to_string())?;
            calibration.categories.retain(|c| wanted(&c.category));
            calibration.questions.retain(|q| wanted(&q.category));
            return Ok(match args.format {
                ReportFormat::Text | ReportFormat::Html => {
                    progress::calibration_text(pack, &calibration)
                }
                ReportFormat::Markdown => progress::calibration_markdown(pack, &calibration),
                ReportFormat::Json => {
                    format!("{:#}\n", progress::calibration_json(pack, &calibration))
                }
                ReportFormat::Csv => progress::calibration_csv(&calibration),
            });
        }
        let profile = progress::effective_profile(&store, pack, args.profile.as_deref())
            .map_err(|e| e.to_string())?;
        let mut report = crate::report::gap_report(&store, pack, profile.as_deref(), now)
            .map_err(|e| e.to_string())?;
        let mut forecast =
            progress::forecast_for(&store, pack, &report, now).map_err(|e| e.to_string())?;
        if !args.categories.is_empty() {
            report.rows.retain(|r| wanted(&r.mastery.category));
            report.weakest.retain(|w| wanted(&w.category));
            report.readiness = mastery::readiness(&report.rows);
            if let Some(forecast) = &mut forecast {
                forecast.rows.retain(|r| wanted(&r.category));
            }
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
                format!("{json:#}\n")
            }
            ReportFormat::Csv => match &forecast {
                Some(forecast) => with_forecast_columns(&report.to_csv(), &report, forecast),
                None => report.to_csv(),
            },
        })
    };
    match run().and_then(|text| super::class::write_output(args.output.as_deref(), &text)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => fail(message),
    }
}

/// The whole personal report as one HTML page: gap chart, forecast, trend, calibration and
/// weakest questions, restricted to `--category` when given.
fn html_report(
    args: &ReportArgs,
    store: &Store,
    pack: &crate::pack::Pack,
    now: i64,
) -> Result<String, String> {
    let wanted = |category: &str| {
        args.categories.is_empty() || args.categories.iter().any(|c| c == category)
    };
    let profile = progress::effective_profile(store, pack, args.profile.as_deref())
        .map_err(|e| e.to_string())?;
    let mut report = crate::report::gap_report(store, pack, profile.as_deref(), now)
        .map_err(|e| e.to_string())?;
    let mut forecast =
        progress::forecast_for(store, pack, &report, now).map_err(|e| e.to_string())?;
    let mut trend = progress::trend_report(store, pack, now).map_err(|e| e.to_string())?;
    let mut calibration = progress::calibration_report(store, pack).map_err(|e| e.to_string())?;
    if !args.categories.is_empty() {
        report.rows.retain(|r| wanted(&r.mastery.category));
        report.weakest.retain(|w| wanted(&w.category));
        report.readiness = mastery::readiness(&report.rows);
        if let Some(forecast) = &mut forecast {
            forecast.rows.retain(|r| wanted(&r.category));
        }
        for point in &mut trend.points {
            for m in &mut point.masteries {
                if !wanted(&m.category) {
                    m.answered = 0; // left out of the page
                }
            }
        }
        calibration.categories.retain(|c| wanted(&c.category));
        calibration.questions.retain(|q| wanted(&q.category));
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
        let sessions = store.sessions(args.limit).map_err(|e| e.to_string())?;
        let mut rows = Vec::new();
        for session in &sessions {
            let answers = store
                .session_answers(session.id)
                .map_err(|e| e.to_string())?;
            let per_category = crate::quiz::category_scores(
                answers.iter().map(|a| (a.category.as_str(), a.score)),
            );
            rows.push((session, answers.len(), per_category));
        }
        Ok(match args.format {
            StatsFormat::Json => {
                let list: Vec<_> = rows
                    .iter()
                    .map(|(s, answered, per)| {
                        json!({
                            "id": s.id,
                            "started_at": utc_minutes(s.started_at_ms),
                            "started_at_ms": s.started_at_ms,
                            "ended_at_ms": s.ended_at_ms,
                            "mode": s.mode,
                            "kind": kind_json(&SessionKind::of(&s.mode, &s.filters_json)),
                            "seed": s.seed,
                            "packs": s.packs.iter().map(|p| json!({"id": p.id, "version": p.version})).collect::<Vec<_>>(),
                            "status": status_word(s.status),
                            "questions": s.question_ids.len(),
                            "answered": answered,
                            "categories": per.iter().map(|(c, sum, n)| json!({"id": c, "score": sum, "answered": n, "mean": sum / *n as f64})).collect::<Vec<_>>(),
                        })
                    })
                    .collect();
                format!("{:#}\n", json!({ "sessions": list }))
            }
            StatsFormat::Text => {
                if rows.is_empty() {
                    return Ok("No sessions yet: take a quiz with `skillgap quiz`.\n".to_owned());
                }
                let mut out = format!(
                    "  id  started (UTC)     {}  status      answered  score per category\n",
                    pad("kind", KIND_CELLS)
                );
                for (s, answered, per) in &rows {
                    let mode = crate::quiz::Mode::from_name(&s.mode)
                        .unwrap_or(crate::quiz::Mode::Practice);
                    let finished = s.status == crate::store::SessionStatus::Finished;
                    let scores: Vec<String> = if crate::quiz::score_withheld(mode, finished) {
                        vec!["(exam in progress: scores when it ends)".to_owned()]
                    } else {
                        per.iter()
                            .map(|(c, sum, n)| {
                                format!("{} {:.0}%", sanitize_line(c), 100.0 * sum / *n as f64)
                            })
                            .collect()
                    };
                    let kind = SessionKind::of(&s.mode, &s.filters_json);
                    out.push_str(&format!(
                        "{:>4}  {}  {}  {:<10}  {:>3} of {:<3} {}\n",
                        s.id,
                        utc_minutes(s.started_at_ms),
                        pad(&kind.label_within(KIND_CELLS), KIND_CELLS),
                        status_word(s.status),
                        answered,
                        s.question_ids.len(),
                        scores.join(", ")
                    ));
                }
                out
            }
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

/// Cells of the kind column in `history`: "retake of #12345" fits whole.
const KIND_CELLS: usize = 16;

/// `text` followed by blanks up to `cells` terminal cells.
fn pad(text: &str, cells: usize) -> String {
    let blanks = cells.saturating_sub(unicode_width::UnicodeWidthStr::width(text));
    format!("{text}{}", " ".repeat(blanks))
}

/// The kind of a session in `history --format json`: its name, its label, and the session a
/// retake retakes or the exam file's title and fingerprint.
fn kind_json(kind: &SessionKind) -> serde_json::Value {
    let mut value = json!({ "name": kind.name(), "label": kind.label() });
    match kind {
        SessionKind::Retake { of } => value["retake_of"] = json!(of),
        SessionKind::ExamFile { title, fingerprint } => {
            value["exam"] = json!({
                "title": sanitize_line(title),
                "fingerprint": sanitize_line(fingerprint),
            });
        }
        _ => {}
    }
    value
}

fn status_word(status: SessionStatus) -> &'static str {
    match status {
        SessionStatus::Finished => "finished",
        SessionStatus::Unfinished => "unfinished",
    }
}
