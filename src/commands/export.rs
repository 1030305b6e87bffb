//! `skillgap export`: a student's results (or a backup of every answer) as JSON or CSV.

use super::print;
use super::report::{fail, open_store};
use crate::cli::{ExportArgs, ExportFormat};
use crate::report::{csv_field, utc_minutes};
use serde_json::json;
use std::path::Path;
use std::process::ExitCode;

pub fn run(args: ExportArgs, data_dir: Option<&Path>) -> ExitCode {
    let run = || -> Result<(), String> {
        let store = open_store(data_dir)?;
        let answers = store.answers(None).map_err(|e| e.to_string())?;
        let text = match args.format {
            ExportFormat::Json => {
                let list: Vec<_> = answers
                    .iter()
                    .map(|a| {
                        json!({
                            "session_id": a.session_id,
                            "pack": {"id": a.pack.id, "version": a.pack.version, "content_hash": a.pack.content_hash},
                            "question_id": a.question_id,
                            "question_hash": a.content_hash,
                            "category": a.category,
                            "kind": a.kind,
                            "difficulty": a.difficulty,
                            "response": serde_json::from_str::<serde_json::Value>(&a.response_json).unwrap_or(serde_json::Value::Null),
                            "score": a.score,
                            "confidence": a.confidence,
                            "time_taken_ms": a.time_taken_ms,
                            "answered_at": utc_minutes(a.answered_at_ms),
                            "answered_at_ms": a.answered_at_ms,
                        })
                    })
                    .collect();
                format!(
                    "{:#}\n",
                    json!({"format": "skillgap-export", "version": 1, "answers": list})
                )
            }
            ExportFormat::Csv => {
                let mut out = String::from(
                    "session_id,pack_id,pack_version,pack_hash,question_id,question_hash,category,kind,difficulty,response,score,confidence,time_taken_ms,answered_at_ms\n",
                );
                for a in &answers {
                    out.push_str(&format!(
                        "{},{},{},{},{},{},{},{},{},{},{},{},{},{}\n",
                        a.session_id,
                        csv_field(&a.pack.id),
                        csv_field(&a.pack.version),
                        a.pack.content_hash,
                        csv_field(&a.question_id),
                        a.content_hash,
                        csv_field(&a.category),
                        a.kind,
                        a.difficulty,
                        csv_field(&a.response_json),
                        a.score,
                        a.confidence.as_deref().unwrap_or(""),
                        a.time_taken_ms,
                        a.answered_at_ms
                    ));
                }
                out
            }
        };
        match &args.output {
            Some(path) => std::fs::write(path, text)
                .map_err(|e| format!("cannot write {}: {e}", path.display())),
            None => {
                print(&text);
                Ok(())
            }
        }
    };
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => fail(message),
    }
}
