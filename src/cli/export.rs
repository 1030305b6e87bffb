//! `skillgap export`: a student's results (or a backup of every answer) as JSON or CSV.

use super::prepare::now_ms;
use super::{CliError, Outcome, eprint, print};
use crate::cli::args::{ExportArgs, ExportFormat};
use crate::cohort::results;
use crate::exam::{self, ExamMark};
use crate::learning::Confidence;
use crate::report::{csv_field, utc_minutes};
use crate::store::{AnswerRecord, SessionRecord, SessionStatus, Store, StoreError, Unreadable};
use crate::text::sanitize_line;
use serde_json::json;
use std::path::Path;
use std::process::ExitCode;

pub fn run(args: ExportArgs, data_dir: Option<&Path>) -> Outcome {
    let mut problems = Vec::new();
    let mut run = || -> Result<(), CliError> {
        let store = open_for_export(data_dir)?;
        let (text, answers) = match &args.name {
            Some(name) => results(&args, name, &store, &mut problems)?,
            None => backup(&args, &store, &mut problems)?,
        };
        match &args.output {
            Some(path) => {
                super::write_new(path, &text)?;
                print(&format!(
                    "Wrote {}: {}.\n",
                    sanitize_line(&path.display().to_string()),
                    what_was_written(&args, answers)
                ));
                Ok(())
            }
            None => {
                print(&text);
                Ok(())
            }
        }
    };
    run()?;
    if problems.is_empty() {
        Ok(ExitCode::SUCCESS)
    } else {
        Err(unreadable_message(&problems).into())
    }
}

/// What the written file holds, in words: "the results of Ada, 12 answers: ...".
fn what_was_written(args: &ExportArgs, answers: usize) -> String {
    let noun = if answers == 1 { "answer" } else { "answers" };
    match &args.name {
        Some(name) => format!(
            "the results of {}, {answers} {noun}: hand this file to your teacher",
            sanitize_line(name)
        ),
        None => format!("a backup of {answers} {noun}"),
    }
}

/// The database; when it is damaged, a read-only view of it, so that export (which only
/// reads) still gets out every answer that can be read.
fn open_for_export(data_dir: Option<&Path>) -> Result<Store, CliError> {
    let dir = crate::store::data_dir(data_dir)?;
    match Store::open(&dir) {
        Ok(store) => Ok(store),
        Err(damaged @ StoreError::Damaged { .. }) => {
            let store = Store::open_for_rescue(&dir).map_err(|_| damaged.to_string())?;
            eprint(&format!(
                "skillgap: warning: {damaged}\nskillgap: exporting every answer that can still be read, without writing to the database\n"
            ));
            Ok(store)
        }
        Err(error) => Err(error.into()),
    }
}

/// The most unreadable rows listed one by one; the rest are counted.
const UNREADABLE_LISTED: usize = 20;

/// Which rows are missing from the export, and why.
fn unreadable_message(problems: &[Unreadable]) -> String {
    let mut message = format!(
        "the export holds every answer that could be read, but {} could not be read and {} missing from it:",
        if problems.len() == 1 {
            "one part of the history".to_owned()
        } else {
            format!("{} parts of the history", problems.len())
        },
        if problems.len() == 1 { "is" } else { "are" }
    );
    for problem in problems.iter().take(UNREADABLE_LISTED) {
        message.push_str(&format!("\n  {}", sanitize_line(&problem.to_string())));
    }
    if problems.len() > UNREADABLE_LISTED {
        message.push_str(&format!(
            "\n  ... and {} more",
            problems.len() - UNREADABLE_LISTED
        ));
    }
    message.push_str(
        "\nthe database is damaged there: keep a copy of it and of this export before anything else",
    );
    message
}

/// A session and its answers.
type SessionAnswers = (SessionRecord, Vec<AnswerRecord>);

/// The sessions `--exam` or `--session` narrow the export to (all of them by default), oldest
/// first, each with its answers; and the exam's mark when narrowed by exam.
fn selected(
    args: &ExportArgs,
    store: &Store,
    problems: &mut Vec<Unreadable>,
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
        let (answers, unreadable) = store.readable_session_answers(session.id)?;
        problems.extend(unreadable);
        out.push((session, answers));
    }
    Ok((out, mark))
}

/// `--name`: the "skillgap-results" file a teacher aggregates with `skillgap class`.
/// The text and how many answers it holds.
fn results(
    args: &ExportArgs,
    name: &str,
    store: &Store,
    problems: &mut Vec<Unreadable>,
) -> Result<(String, usize), CliError> {
    let name = results::check_name(name)?;
    let (sessions, mark) = selected(args, store, problems)?;
    // A session of the exam left before its first answer holds nothing to hand in: it is
    // neither exported nor a reason to tell a student who finished the exam to resume.
    let sessions: Vec<SessionAnswers> = sessions
        .into_iter()
        .filter(|(session, answers)| {
            session.status != SessionStatus::Unfinished || !answers.is_empty()
        })
        .collect();
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
    let text = match args.format {
        ExportFormat::Json => results.to_json(),
        ExportFormat::Csv => results.to_csv(),
    };
    Ok((text, answers))
}

/// No `--name`: every answer (of the selected sessions), as a backup.
/// The text and how many answers it holds.
fn backup(
    args: &ExportArgs,
    store: &Store,
    problems: &mut Vec<Unreadable>,
) -> Result<(String, usize), CliError> {
    let answers: Vec<AnswerRecord> = if args.exam.is_some() || args.session.is_some() {
        selected(args, store, problems)?
            .0
            .into_iter()
            .flat_map(|(_, answers)| answers)
            .collect()
    } else {
        let (answers, unreadable) = store.readable_answers(None)?;
        problems.extend(unreadable);
        answers
    };
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
                            "kind": a.kind_name(),
                            "difficulty": a.difficulty.name(),
                            "response": serde_json::from_str::<serde_json::Value>(&a.response_json).unwrap_or(serde_json::Value::Null),
                            "score": a.score,
                            "overridden": a.overridden,
                            "counted_score": a.counted_score(),
                            "confidence": a.confidence.map(Confidence::name),
                            "time_taken_ms": a.time_taken_ms,
                            "answered_at": utc_minutes(a.answered_at_ms),
                            "answered_at_ms": a.answered_at_ms,
                        })
                    })
                    .collect();
            crate::text::json_text(
                &json!({"format": "skillgap-export", "version": 1, "answers": list}),
            )
        }
        ExportFormat::Csv => {
            let mut out = String::from(
                "session_id,pack_id,pack_version,pack_hash,question_id,question_hash,category,kind,difficulty,response,score,overridden,counted_score,confidence,time_taken_ms,answered_at_ms\n",
            );
            for a in &answers {
                out.push_str(&format!(
                    "{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}\n",
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
                    a.overridden,
                    a.counted_score(),
                    a.confidence.map_or("", Confidence::name),
                    a.time_taken_ms,
                    a.answered_at_ms
                ));
            }
            out
        }
    };
    Ok((text, answers.len()))
}
