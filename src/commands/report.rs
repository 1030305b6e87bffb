//! `skillgap report`, `history` and `export`: read the store, compute, print.

use super::quiz::{check_profile, load_packs, now_ms};
use super::{EXIT_INVALID, eprint, print};
use crate::cli::{HistoryArgs, ReportArgs, ReportFormat, StatsFormat};
use crate::mastery;
use crate::report::utc_minutes;
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
        let mut report = crate::report::gap_report(&store, pack, args.profile.as_deref(), now_ms())
            .map_err(|e| e.to_string())?;
        if !args.categories.is_empty() {
            report
                .rows
                .retain(|r| args.categories.contains(&r.mastery.category));
            report
                .weakest
                .retain(|w| args.categories.contains(&w.category));
            report.readiness = mastery::readiness(&report.rows);
        }
        Ok(match args.format {
            ReportFormat::Text => report.to_text(),
            ReportFormat::Markdown => report.to_markdown(),
            ReportFormat::Json => format!("{:#}\n", report.to_json()),
            ReportFormat::Csv => report.to_csv(),
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
                let mut out = String::from(
                    "  id  started (UTC)     mode      status      answered  score per category\n",
                );
                for (s, answered, per) in &rows {
                    let scores: Vec<String> = per
                        .iter()
                        .map(|(c, sum, n)| {
                            format!("{} {:.0}%", sanitize_line(c), 100.0 * sum / *n as f64)
                        })
                        .collect();
                    out.push_str(&format!(
                        "{:>4}  {}  {:<8}  {:<10}  {:>3} of {:<3} {}\n",
                        s.id,
                        utc_minutes(s.started_at_ms),
                        s.mode,
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

fn status_word(status: SessionStatus) -> &'static str {
    match status {
        SessionStatus::Finished => "finished",
        SessionStatus::Unfinished => "unfinished",
    }
}
