//! `skillgap export`: a student's results (or a backup of every answer) as JSON or CSV.

use super::quiz::now_ms;
use super::report::open_store;
use super::{CliError, Outcome, eprint, print};
use crate::cli::args::{ExportArgs, ExportFormat};
use crate::exam::{self, ExamMark};
use crate::learning::Confidence;
use crate::report::{csv_field, results, utc_minutes};
use crate::store::{AnswerRecord, SessionRecord, SessionStatus, Store};
use crate::text::sanitize_line;
use serde_json::json;
use std::path::Path;
use std::process::ExitCode;

pub fn run(args: ExportArgs, data_dir: Option<&Path>) -> Outcome {
    let store = open_store(data_dir)?;
    let text = match &args.name {
        Some(name) => results(&args, name, &store)?,
        None => backup(&args, &store)?,
    };
    match &args.output {
        Some(path) => super::write_new(path, &text)?,
        None => print(&text),
    }
    Ok(ExitCode::SUCCESS)
}

/// A session and its answers.
type SessionAnswers = (SessionRecord, Vec<AnswerRecord>);

/// The sessions `--exam` or `--session` narrow the export to (all of them by default), oldest
/// first, each with its answers; and the exam's mark when narrowed by exam.
fn selected(
    args: &ExportArgs,
    store: &Store,
) -> Result<(Vec<SessionAnswers>, Option<ExamMark>), CliError> {
    let mut sessions =
        match (args.session, &args.exam) {
            (Some(id), _) => vec![store.session(id)?.ok_or_else(|| {
                format!("there is no session {id}: `skillgap history` lists them")
            })?],
            (None, _) => store.sessions(None)?,
        };
    sessions.reverse();
    let mut mark = None;
    if let Some(path) = &args.exam {
        let file = super::exam::load_file(path)?;
        let wanted = file.exam.mark();
        sessions.retain(|s| {
            exam::mark_of_session(&s.filters_json)
                .is_some_and(|m| m.fingerprint == wanted.fingerprint)
        });
        if sessions.is_empty() {
            return Err(format!(
                "no session here ran the exam in {} (fingerprint {}): take it with `skillgap quiz --exam {}`",
                sanitize_line(&path.display().to_string()),
                exam::short(&wanted.fingerprint),
                sanitize_line(&path.display().to_string()),
            ).into());
        }
        mark = Some(wanted);
    }
    let mut out = Vec::new();
    for session in sessions {
        let answers = store.session_answers(session.id)?;
        out.push((session, answers));
    }
    Ok((out, mark))
}

/// `--name`: the "skillgap-results" file a teacher aggregates with `skillgap class`.
fn results(args: &ExportArgs, name: &str, store: &Store) -> Result<String, CliError> {
    let name = results::check_name(name).map_err(|e| format!("--name: {e}"))?;
    let (sessions, mark) = selected(args, store)?;
    if args.exam.is_some() {
        for (session, _) in &sessions {
            if session.status == SessionStatus::Unfinished {
                eprint(&format!(
                    "skillgap: note: session {} of this exam is unfinished; finish it with `skillgap quiz --resume` and export again, or hand in what is there\n",
                    session.id
                ));
            }
        }
    }
    let results = results::build(&name, &sessions, mark, now_ms());
    let answers = results.answers().count();
    if answers == 0 {
        eprint("skillgap: note: no answers to export yet\n");
    }
    Ok(match args.format {
        ExportFormat::Json => results.to_json(),
        ExportFormat::Csv => results.to_csv(),
    })
}

/// No `--name`: every answer (of the selected sessions), as a backup.
fn backup(args: &ExportArgs, store: &Store) -> Result<String, CliError> {
    let answers: Vec<AnswerRecord> = if args.exam.is_some() || args.session.is_some() {
        selected(args, store)?
            .0
            .into_iter()
            .flat_map(|(_, answers)| answers)
            .collect()
    } else {
        store.answers(None)?
    };
    Ok(match args.format {
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
                            "kind": a.kind_name(),
                            "difficulty": a.difficulty.name(),
                            "response": serde_json::from_str::<serde_json::Value>(&a.response_json).unwrap_or(serde_json::Value::Null),
                            "score": a.score,
                            "confidence": a.confidence.map(Confidence::name),
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
                    a.kind_name(),
                    a.difficulty.name(),
                    csv_field(&a.response_json),
                    a.score,
                    a.confidence.map_or("", Confidence::name),
                    a.time_taken_ms,
                    a.answered_at_ms
                ));
            }
            out
        }
    })
}
