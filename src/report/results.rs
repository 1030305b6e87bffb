//! The "skillgap-results" file a student hands to a teacher (`skillgap export --name`):
//! building it from stored sessions, writing it as JSON or CSV, and reading either back
//! with a clear reason when a file is not one. Pure: callers read the store and the files.

use super::table::{Column, Table};
use super::utc_minutes;
use crate::exam::ExamMark;
use crate::store::{AnswerRecord, PackRef, SessionRecord, SessionStatus};
use serde::{Deserialize, Serialize};
use serde_json::Value;

pub const FORMAT: &str = "skillgap-results";
pub const VERSION: u32 = 1;
/// Longest student name accepted, in characters.
pub const MAX_NAME: usize = 200;

/// A student's results.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Results {
    pub format: String,
    pub version: u32,
    pub student: String,
    /// `YYYY-MM-DD HH:MM` (UTC), for people; `exported_at_ms` for programs.
    #[serde(default)]
    pub exported_at: String,
    #[serde(default)]
    pub exported_at_ms: i64,
    #[serde(default)]
    pub skillgap_version: String,
    /// Every pack the answers below refer to.
    #[serde(default)]
    pub packs: Vec<PackRef>,
    /// The exam the export was narrowed to (`--exam`), if any.
    #[serde(default)]
    pub exam: Option<ExamMark>,
    pub sessions: Vec<ResultSession>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ResultSession {
    pub id: i64,
    #[serde(default)]
    pub mode: String,
    #[serde(default)]
    pub seed: u64,
    /// The exam the session ran, if it ran one.
    #[serde(default)]
    pub exam: Option<ExamMark>,
    #[serde(default)]
    pub started_at_ms: i64,
    #[serde(default)]
    pub ended_at_ms: Option<i64>,
    #[serde(default)]
    pub finished: bool,
    /// Wall time from start to finish, for finished sessions.
    #[serde(default)]
    pub duration_ms: Option<i64>,
    #[serde(default)]
    pub time_limit_secs: Option<u64>,
    /// Questions planned (answered or not).
    #[serde(default)]
    pub questions: usize,
    pub answers: Vec<ResultAnswer>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ResultAnswer {
    pub pack: PackRef,
    pub question_id: String,
    /// Content hash of the question as answered (prompt, code and key).
    pub question_hash: String,
    pub category: String,
    pub kind: String,
    pub difficulty: String,
    /// The response as stored: choice indices refer to the choices as written.
    pub response: Value,
    pub score: f64,
    #[serde(default)]
    pub time_taken_ms: u64,
    #[serde(default)]
    pub confidence: Option<String>,
    #[serde(default)]
    pub answered_at_ms: i64,
}

/// Checks a student name: not empty, no control characters, not too long.
pub fn check_name(name: &str) -> Result<String, String> {
    let name = name.trim();
    if name.is_empty() {
        return Err("the name is empty: give the name your teacher knows you by".to_owned());
    }
    if let Some(c) = name
        .chars()
        .find(|&c| c.is_control() || crate::text::is_forbidden(c))
    {
        return Err(format!(
            "the name holds {}: write it as plain text",
            crate::text::describe_char(c)
        ));
    }
    if name.chars().count() > MAX_NAME {
        return Err(format!("the name is longer than {MAX_NAME} characters"));
    }
    Ok(name.to_owned())
}

/// The results of `sessions` (each with its answers), for `student`.
pub fn build(
    student: &str,
    sessions: &[(SessionRecord, Vec<AnswerRecord>)],
    exam: Option<ExamMark>,
    now_ms: i64,
) -> Results {
    let mut packs: Vec<PackRef> = Vec::new();
    let mut out = Vec::new();
    for (session, answers) in sessions {
        let finished = session.status == SessionStatus::Finished;
        let answers: Vec<ResultAnswer> = answers
            .iter()
            .map(|a| {
                if !packs.contains(&a.pack) {
                    packs.push(a.pack.clone());
                }
                ResultAnswer {
                    pack: a.pack.clone(),
                    question_id: a.question_id.clone(),
                    question_hash: a.content_hash.clone(),
                    category: a.category.clone(),
                    kind: a.kind_name().to_owned(),
                    difficulty: a.difficulty.name().to_owned(),
                    response: serde_json::from_str(&a.response_json).unwrap_or(Value::Null),
                    score: a.score,
                    time_taken_ms: a.time_taken_ms,
                    confidence: a.confidence.map(|c| c.name().to_owned()),
                    answered_at_ms: a.answered_at_ms,
                }
            })
            .collect();
        out.push(ResultSession {
            id: session.id,
            mode: session.mode.name().to_owned(),
            seed: session.seed,
            exam: crate::exam::mark_of_session(&session.filters_json),
            started_at_ms: session.started_at_ms,
            ended_at_ms: session.ended_at_ms,
            finished,
            duration_ms: session
                .ended_at_ms
                .filter(|_| finished)
                .map(|end| end - session.started_at_ms),
            time_limit_secs: session.time_limit_secs,
            questions: session.question_ids.len(),
            answers,
        });
    }
    Results {
        format: FORMAT.to_owned(),
        version: VERSION,
        student: student.to_owned(),
        exported_at: utc_minutes(now_ms),
        exported_at_ms: now_ms,
        skillgap_version: env!("CARGO_PKG_VERSION").to_owned(),
        packs,
        exam,
        sessions: out,
    }
}

/// The CSV columns holding numbers, written as they are (text is defused, see
/// [`csv_field`](super::csv_field)).
const CSV_NUMBERS: [&str; 9] = [
    "exported_at_ms",
    "session_id",
    "session_seed",
    "session_started_at_ms",
    "session_ended_at_ms",
    "session_questions",
    "score",
    "time_taken_ms",
    "answered_at_ms",
];

const CSV_HEADER: &str = "student,exported_at_ms,skillgap_version,exam_fingerprint,exam_title,session_id,session_mode,session_seed,session_started_at_ms,session_ended_at_ms,session_finished,session_questions,pack_id,pack_version,pack_hash,question_id,question_hash,category,kind,difficulty,response,score,confidence,time_taken_ms,answered_at_ms";

impl Results {
    pub fn to_json(&self) -> String {
        crate::text::json_text(&serde_json::to_value(self).unwrap_or(Value::Null))
    }

    /// One row per answer, the student's name in every row.
    pub fn to_csv(&self) -> String {
        let mut table = Table::new().columns(CSV_HEADER.split(',').map(|name| {
            if CSV_NUMBERS.contains(&name) {
                Column::number(name)
            } else {
                Column::text(name)
            }
        }));
        for session in &self.sessions {
            let exam = session.exam.as_ref().or(self.exam.as_ref());
            // What every row of the session repeats: the student, the export and the session.
            let session_cells = [
                self.student.clone(),
                self.exported_at_ms.to_string(),
                self.skillgap_version.clone(),
                exam.map_or(String::new(), |e| e.fingerprint.clone()),
                exam.map_or(String::new(), |e| e.title.clone()),
                session.id.to_string(),
                session.mode.clone(),
                session.seed.to_string(),
                session.started_at_ms.to_string(),
                session.ended_at_ms.map_or(String::new(), |e| e.to_string()),
                session.finished.to_string(),
                session.questions.to_string(),
            ];
            for a in &session.answers {
                let question = [
                    &a.pack.id,
                    &a.pack.version,
                    &a.pack.content_hash,
                    &a.question_id,
                    &a.question_hash,
                    &a.category,
                    &a.kind,
                    &a.difficulty,
                ]
                .map(String::clone);
                let answer = [
                    a.response.to_string(),
                    a.score.to_string(),
                    a.confidence.clone().unwrap_or_default(),
                    a.time_taken_ms.to_string(),
                    a.answered_at_ms.to_string(),
                ];
                table.row(session_cells.iter().cloned().chain(question).chain(answer));
            }
        }
        table.to_csv()
    }

    /// Every answer, with its session.
    pub fn answers(&self) -> impl Iterator<Item = (&ResultSession, &ResultAnswer)> {
        self.sessions
            .iter()
            .flat_map(|s| s.answers.iter().map(move |a| (s, a)))
    }
}

/// Reads a results file (JSON, or the CSV variant), checking what a class report relies on.
/// The error says why the file is not usable, without naming it (the caller does).
pub fn parse(text: &str) -> Result<Results, String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let trimmed = text.trim_start();
    let results = if trimmed.starts_with('{') {
        parse_json(trimmed)?
    } else if trimmed.starts_with("student,") {
        parse_csv(trimmed)?
    } else if trimmed.starts_with("session_id,") {
        return Err(
            "this is a backup export without a student name: export with `skillgap export --name NAME`"
                .to_owned(),
        );
    } else {
        return Err(
            "not a skillgap results file (expected the JSON or CSV written by `skillgap export --name NAME`)"
                .to_owned(),
        );
    };
    check(&results)?;
    Ok(results)
}

fn parse_json(text: &str) -> Result<Results, String> {
    let value: Value = serde_json::from_str(text).map_err(|e| {
        format!(
            "not valid JSON at line {} column {}: {e}",
            e.line(),
            e.column()
        )
    })?;
    match value.get("format").and_then(Value::as_str) {
        Some(FORMAT) => {}
        Some("skillgap-export") => {
            return Err(
                "this is a backup export without a student name: export with `skillgap export --name NAME`"
                    .to_owned(),
            );
        }
        Some(other) => {
            return Err(format!(
                "its format is `{}`, not `{FORMAT}`",
                crate::text::sanitize_line(other)
            ));
        }
        None => return Err(format!("it has no `\"format\": \"{FORMAT}\"`")),
    }
    match value.get("version").and_then(Value::as_u64) {
        Some(1) => {}
        Some(v) => {
            return Err(format!(
                "it is version {v} of the format, written by a newer skillgap: update skillgap to read it"
            ));
        }
        None => return Err("it has no format version".to_owned()),
    }
    serde_json::from_value(value)
        .map_err(|e| format!("a field is missing or of the wrong type: {e}"))
}

/// Splits CSV text into rows of fields (RFC 4180: quoted fields may hold commas, doubled
/// quotes and newlines).
pub fn csv_rows(text: &str) -> Result<Vec<Vec<String>>, String> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    let mut line = 1;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => {
                if c == '\n' {
                    line += 1;
                }
                field.push(c);
            }
            (false, '"') if field.is_empty() => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\r') => {}
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
                line += 1;
            }
            (false, c) => field.push(c),
        }
    }
    if quoted {
        return Err(format!("a quoted field is not closed (from line {line})"));
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    Ok(rows)
}

/// Undoes [`csv_field`](super::csv_field)'s defusing of a leading `=`, `+`, `-` or `@`.
fn undefuse(field: String) -> String {
    match field.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@']) => rest.to_owned(),
        _ => field,
    }
}

fn parse_csv(text: &str) -> Result<Results, String> {
    let rows = csv_rows(text)?;
    let mut rows = rows.into_iter();
    let header = rows.next().unwrap_or_default();
    let expected: Vec<&str> = CSV_HEADER.split(',').collect();
    if header != expected {
        return Err(format!(
            "the CSV header is not the one `skillgap export --name NAME --format csv` writes: {CSV_HEADER}"
        ));
    }
    let mut results = Results {
        format: FORMAT.to_owned(),
        version: VERSION,
        student: String::new(),
        exported_at: String::new(),
        exported_at_ms: 0,
        skillgap_version: String::new(),
        packs: Vec::new(),
        exam: None,
        sessions: Vec::new(),
    };
    for (i, row) in rows.enumerate() {
        let line = i + 2;
        if row.iter().all(String::is_empty) {
            continue;
        }
        if row.len() != expected.len() {
            return Err(format!(
                "row {line} has {} fields instead of {}",
                row.len(),
                expected.len()
            ));
        }
        let f: Vec<String> = row.into_iter().map(undefuse).collect();
        let get = |n: usize| f.get(n).cloned().unwrap_or_default();
        let int = |n: usize, what: &str| -> Result<i64, String> {
            get(n)
                .parse::<i64>()
                .map_err(|_| format!("row {line}: {what} `{}` is not a number", get(n)))
        };
        let opt_int = |n: usize, what: &str| -> Result<Option<i64>, String> {
            if get(n).is_empty() {
                Ok(None)
            } else {
                int(n, what).map(Some)
            }
        };
        let student = get(0);
        if results.student.is_empty() {
            results.student = student.clone();
            results.exported_at_ms = int(1, "exported_at_ms")?;
            results.exported_at = utc_minutes(results.exported_at_ms);
            results.skillgap_version = get(2);
        } else if results.student != student {
            return Err(format!(
                "row {line} is for student `{}`, the rows above for `{}`: one file per student",
                crate::text::sanitize_line(&student),
                crate::text::sanitize_line(&results.student)
            ));
        }
        let exam = (!get(3).is_empty()).then(|| ExamMark {
            fingerprint: get(3),
            title: get(4),
        });
        let session_id = int(5, "session_id")?;
        let pack = PackRef {
            id: get(12),
            version: get(13),
            content_hash: get(14),
        };
        if !results.packs.contains(&pack) {
            results.packs.push(pack.clone());
        }
        let answer = ResultAnswer {
            pack,
            question_id: get(15),
            question_hash: get(16),
            category: get(17),
            kind: get(18),
            difficulty: get(19),
            response: serde_json::from_str(&get(20))
                .map_err(|_| format!("row {line}: the response is not JSON"))?,
            score: get(21)
                .parse::<f64>()
                .map_err(|_| format!("row {line}: the score `{}` is not a number", get(21)))?,
            confidence: Some(get(22)).filter(|c| !c.is_empty()),
            time_taken_ms: int(23, "time_taken_ms")?.max(0) as u64,
            answered_at_ms: int(24, "answered_at_ms")?,
        };
        if results.sessions.last().is_none_or(|s| s.id != session_id) {
            let ended = opt_int(9, "session_ended_at_ms")?;
            let started = int(8, "session_started_at_ms")?;
            let finished = get(10) == "true";
            results.sessions.push(ResultSession {
                id: session_id,
                mode: get(6),
                seed: get(7).parse().unwrap_or(0),
                exam,
                started_at_ms: started,
                ended_at_ms: ended,
                finished,
                duration_ms: ended.filter(|_| finished).map(|e| e - started),
                time_limit_secs: None,
                questions: get(11).parse().unwrap_or(0),
                answers: Vec::new(),
            });
        }
        if let Some(session) = results.sessions.last_mut() {
            session.answers.push(answer);
        }
    }
    if results.student.is_empty() {
        return Err("the CSV has no answer rows, so no student name either".to_owned());
    }
    let marks: Vec<&ExamMark> = results
        .sessions
        .iter()
        .filter_map(|s| s.exam.as_ref())
        .collect();
    if let Some(first) = marks.first()
        && marks.len() == results.sessions.len()
        && marks.iter().all(|m| m.fingerprint == first.fingerprint)
    {
        results.exam = Some((*first).clone());
    }
    Ok(results)
}

/// What a class report relies on: a valid name, scores in 0..=1, ids present.
fn check(results: &Results) -> Result<(), String> {
    check_name(&results.student).map_err(|e| format!("student name: {e}"))?;
    for (session, a) in results.answers() {
        let at = || {
            format!(
                "session {}, question `{}`",
                session.id,
                crate::text::sanitize_line(&a.question_id)
            )
        };
        if !(a.score.is_finite() && (0.0..=1.0).contains(&a.score)) {
            return Err(format!(
                "{}: the score {} is not between 0 and 1",
                at(),
                a.score
            ));
        }
        if a.question_id.is_empty() || a.pack.id.is_empty() {
            return Err(format!("{}: a question id or pack id is empty", at()));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_rows_handle_quotes_commas_and_newlines() {
        let rows = csv_rows("a,\"b,c\",\"say \"\"hi\"\"\"\n\"x\ny\",,z\n").unwrap();
        assert_eq!(
            rows,
            vec![vec!["a", "b,c", "say \"hi\""], vec!["x\ny", "", "z"],]
        );
        assert!(csv_rows("\"open").is_err());
    }

    #[test]
    fn names_are_checked() {
        assert_eq!(check_name("  Ada Lovelace "), Ok("Ada Lovelace".to_owned()));
        assert!(check_name("   ").is_err());
        assert!(check_name("Ada\u{1b}[2J").is_err());
        assert!(check_name("Ada\nB").is_err());
        assert!(check_name(&"x".repeat(MAX_NAME + 1)).is_err());
    }
}
