//! The "skillgap-results" file a student hands to a teacher (`skillgap export --name`):
//! building it from stored sessions, writing it as JSON or CSV, and reading either back
//! with a clear reason when a file is not one. Pure: callers read the store and the files.

use crate::exam::ExamMark;
use crate::learning::date::utc_minutes;
use crate::quiz::Response;
use crate::store::{AnswerRecord, PackRef, SessionRecord, SessionStatus};
use crate::table::{Column, Table};
use serde::{Deserialize, Serialize};
use serde_json::Value;

mod error;
pub use error::{NameError, Place, ResultsError};

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
    /// The response as stored: choice indices refer to the choices as written. One of the
    /// shapes the quiz stores (a closed set, checked on read); `null` when the stored
    /// response was not one this skillgap knows.
    pub response: Option<Response>,
    /// The score it counts for: 1 when the student marked it right ([`ResultAnswer::overridden`]).
    pub score: f64,
    /// The student marked this typed answer right after seeing the accepted answers ("I was
    /// right"); written only when so. The CSV variant does not carry it (its columns are
    /// fixed); its score is the one counted all the same.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub overridden: bool,
    #[serde(default)]
    pub time_taken_ms: u64,
    #[serde(default)]
    pub confidence: Option<String>,
    #[serde(default)]
    pub answered_at_ms: i64,
}

/// Checks a student name: not empty, no control characters, not too long.
pub fn check_name(name: &str) -> Result<String, NameError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(NameError::Empty);
    }
    if let Some(c) = name
        .chars()
        .find(|&c| c.is_control() || crate::text::is_forbidden(c))
    {
        return Err(NameError::Holds(c));
    }
    if name.chars().count() > MAX_NAME {
        return Err(NameError::TooLong);
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
                    response: a.response.clone(),
                    score: a.counted_score(),
                    overridden: a.overridden,
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
            questions: session.planned(),
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
                    response_json(a.response.as_ref()),
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

/// Longest text field accepted in a results file (a response, a title…), in bytes.
pub const MAX_FIELD_BYTES: usize = 64 * 1024;
/// Longest hash accepted (sha256 is 64 hex digits).
const MAX_HASH_LEN: usize = 128;

/// Reads a results file (JSON, or the CSV variant), checking every field against what
/// skillgap writes: ids, kinds, difficulties, modes and confidences from their closed sets,
/// no control or bidirectional characters, scores in 0..=1. Read without a second copy of
/// the file in memory (no JSON tree, one CSV row at a time). The error says where (line or
/// row, column) and what to do, without naming the file (the caller does).
pub fn parse(text: &str) -> Result<Results, ResultsError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let trimmed = text.trim_start();
    if trimmed.starts_with('{') {
        parse_json(trimmed)
    } else if trimmed.starts_with("student,") {
        // Rows are numbered as in the file, so skipped leading blank lines count.
        let skipped = text.len() - trimmed.len();
        let blank_lines = text.get(..skipped).map_or(0, |s| s.matches('\n').count());
        parse_csv(trimmed, blank_lines)
    } else if trimmed.starts_with("session_id,") {
        Err(ResultsError::BackupExport)
    } else {
        Err(ResultsError::NotResults)
    }
}

/// The two fields that say what a JSON file is; every other field is skipped unread.
#[derive(Deserialize)]
struct Header {
    format: Option<Value>,
    version: Option<Value>,
}

fn parse_json(text: &str) -> Result<Results, ResultsError> {
    let header: Header = serde_json::from_str(text).map_err(|e| ResultsError::NotJson {
        line: e.line(),
        column: e.column(),
        reason: e.to_string(),
    })?;
    match header.format.as_ref().and_then(Value::as_str) {
        Some(FORMAT) => {}
        Some("skillgap-export") => return Err(ResultsError::BackupExport),
        Some(other) => {
            return Err(ResultsError::OtherFormat {
                found: other.to_owned(),
            });
        }
        None => return Err(ResultsError::NoFormat),
    }
    match header.version.as_ref().and_then(Value::as_u64) {
        Some(1) => {}
        Some(version) => return Err(ResultsError::NewerVersion { version }),
        None => return Err(ResultsError::NoVersion),
    }
    let results: Results = serde_json::from_str(text).map_err(|e| ResultsError::WrongShape {
        line: e.line(),
        column: e.column(),
        reason: e.to_string(),
    })?;
    check(&results, &|session, answer, field| {
        Place::Path(match answer {
            Some(answer) => format!("sessions[{session}].answers[{answer}].{field}"),
            None if field.is_empty() => format!("sessions[{session}]"),
            None => format!("sessions[{session}].{field}"),
        })
    })?;
    Ok(results)
}

/// One CSV record at a time (RFC 4180: quoted fields may hold commas, doubled quotes and
/// newlines), with the line it starts on. Holds one record, never the whole table.
#[derive(Debug)]
pub struct CsvRows<'a> {
    chars: std::iter::Peekable<std::str::Chars<'a>>,
    line: usize,
}

impl<'a> CsvRows<'a> {
    pub fn new(text: &'a str) -> CsvRows<'a> {
        CsvRows {
            chars: text.chars().peekable(),
            line: 1,
        }
    }
}

impl Iterator for CsvRows<'_> {
    /// (line the record starts on, its fields)
    type Item = Result<(usize, Vec<String>), ResultsError>;

    fn next(&mut self) -> Option<Self::Item> {
        self.chars.peek()?;
        let start = self.line;
        let mut row = Vec::new();
        let mut field = String::new();
        let mut quoted = false;
        while let Some(c) = self.chars.next() {
            match (quoted, c) {
                (true, '"') if self.chars.peek() == Some(&'"') => {
                    self.chars.next();
                    field.push('"');
                }
                (true, '"') => quoted = false,
                (true, c) => {
                    if c == '\n' {
                        self.line += 1;
                    }
                    field.push(c);
                }
                (false, '"') if field.is_empty() => quoted = true,
                (false, ',') => row.push(std::mem::take(&mut field)),
                (false, '\r') => {}
                (false, '\n') => {
                    self.line += 1;
                    row.push(field);
                    return Some(Ok((start, row)));
                }
                (false, c) => field.push(c),
            }
        }
        if quoted {
            return Some(Err(ResultsError::UnclosedQuote { line: start }));
        }
        row.push(field);
        Some(Ok((start, row)))
    }
}

/// Splits CSV text into rows of fields; see [`CsvRows`].
pub fn csv_rows(text: &str) -> Result<Vec<Vec<String>>, ResultsError> {
    CsvRows::new(text)
        .map(|row| row.map(|(_, fields)| fields))
        .collect()
}

/// Undoes [`csv_field`](super::csv_field)'s defusing of a leading `=`, `+`, `-` or `@`.
fn undefuse(field: String) -> String {
    match field.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@']) => rest.to_owned(),
        _ => field,
    }
}

fn parse_csv(text: &str, first_line: usize) -> Result<Results, ResultsError> {
    let mut rows = CsvRows::new(text);
    let header = rows.next().transpose()?.map(|(_, h)| h).unwrap_or_default();
    let expected: Vec<&str> = CSV_HEADER.split(',').collect();
    if header != expected {
        return Err(ResultsError::WrongHeader);
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
    // Each session's first row, to name it in errors found once the table is read.
    let mut session_rows: Vec<usize> = Vec::new();
    let mut answer_rows: Vec<Vec<usize>> = Vec::new();
    for row in rows {
        let (line, row) = row?;
        let line = line + first_line;
        if row.iter().all(String::is_empty) {
            continue;
        }
        if row.len() != expected.len() {
            return Err(ResultsError::FieldCount {
                row: line,
                found: row.len(),
                expected: expected.len(),
            });
        }
        let f: Vec<String> = row.into_iter().map(undefuse).collect();
        let get = |n: usize| f.get(n).cloned().unwrap_or_default();
        let column = |n: usize| Place::Cell {
            row: line,
            column: n + 1,
            name: expected.get(n).copied().unwrap_or(""),
        };
        let int = |n: usize| -> Result<i64, ResultsError> {
            get(n)
                .parse::<i64>()
                .map_err(|_| ResultsError::NotWholeNumber {
                    at: column(n),
                    value: get(n),
                })
        };
        let opt_int = |n: usize| -> Result<Option<i64>, ResultsError> {
            if get(n).is_empty() {
                Ok(None)
            } else {
                int(n).map(Some)
            }
        };
        // Text is checked here, with its row and column; the rest once the table is read.
        for (n, field) in f.iter().enumerate() {
            check_text(field, &|| column(n))?;
        }
        let student = get(0);
        if results.student.is_empty() {
            results.student = student.clone();
            results.exported_at_ms = int(1)?;
            results.exported_at = utc_minutes(results.exported_at_ms);
            results.skillgap_version = get(2);
        } else if results.student != student {
            return Err(ResultsError::OtherStudent {
                row: line,
                student,
                earlier: results.student,
            });
        }
        let exam = (!get(3).is_empty()).then(|| ExamMark {
            fingerprint: get(3),
            title: get(4),
        });
        let session_id = int(5)?;
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
            response: serde_json::from_str(&get(20)).map_err(|e| ResultsError::NotResponse {
                at: column(20),
                reason: e.to_string(),
            })?,
            score: get(21).parse::<f64>().map_err(|_| ResultsError::NotScore {
                at: column(21),
                value: get(21),
            })?,
            confidence: Some(get(22)).filter(|c| !c.is_empty()),
            time_taken_ms: int(23)?.max(0) as u64,
            answered_at_ms: int(24)?,
            overridden: false,
        };
        if results.sessions.last().is_none_or(|s| s.id != session_id) {
            shrink_last(&mut results.sessions, &mut answer_rows);
            let ended = opt_int(9)?;
            let started = int(8)?;
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
            session_rows.push(line);
            answer_rows.push(Vec::new());
        }
        if let Some(session) = results.sessions.last_mut() {
            session.answers.push(answer);
        }
        if let Some(rows) = answer_rows.last_mut() {
            rows.push(line);
        }
    }
    shrink_last(&mut results.sessions, &mut answer_rows);
    results.sessions.shrink_to_fit();
    if results.student.is_empty() {
        return Err(ResultsError::NoRows);
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
    check(&results, &|session, answer, field| {
        let row = match answer {
            Some(answer) => answer_rows
                .get(session)
                .and_then(|rows| rows.get(answer))
                .copied(),
            None => session_rows.get(session).copied(),
        };
        let row = row.unwrap_or(0);
        let wanted = csv_column_of(field);
        match CSV_HEADER
            .split(',')
            .enumerate()
            .find(|(_, name)| *name == wanted)
        {
            Some((n, name)) => Place::Cell {
                row,
                column: n + 1,
                name,
            },
            None => Place::Row(row),
        }
    })?;
    Ok(results)
}

/// Gives back the room a session's answer list grew into beyond its answers, once it has all
/// of them: lists grow by doubling, and across a file's sessions the spare room came to a
/// fifth of the memory a CSV's answers take.
fn shrink_last(sessions: &mut [ResultSession], answer_rows: &mut [Vec<usize>]) {
    if let Some(session) = sessions.last_mut() {
        session.answers.shrink_to_fit();
    }
    if let Some(rows) = answer_rows.last_mut() {
        rows.shrink_to_fit();
    }
}

/// The CSV column holding a field of [`check`]'s paths.
fn csv_column_of(field: &str) -> &str {
    match field {
        "mode" => "session_mode",
        "pack.id" => "pack_id",
        "pack.version" => "pack_version",
        "pack.content_hash" => "pack_hash",
        "exam.fingerprint" => "exam_fingerprint",
        "exam.title" => "exam_title",
        other => other,
    }
}

/// Where a field is in the file, for an error message: only worked out when there is one (a
/// file holds hundreds of thousands of fields).
type Where<'a> = &'a dyn Fn() -> Place;

/// Refuses control and bidirectional characters and over-long text, naming where.
fn check_text(text: &str, at: Where<'_>) -> Result<(), ResultsError> {
    if text.len() > MAX_FIELD_BYTES {
        return Err(ResultsError::TooLong {
            at: at(),
            bytes: text.len(),
        });
    }
    if !crate::text::has_forbidden(text) {
        return Ok(());
    }
    let found = text
        .chars()
        .enumerate()
        .find(|(_, c)| crate::text::is_forbidden(*c));
    match found {
        Some((position, found)) => Err(ResultsError::Forbidden {
            at: at(),
            found,
            position: position + 1,
        }),
        None => Ok(()),
    }
}

/// The text inside a response (what a learner typed), checked like any text.
fn check_response(response: Option<&Response>, at: Where<'_>) -> Result<(), ResultsError> {
    match response {
        Some(Response::Text { text } | Response::Open { text, .. }) => check_text(text, at),
        Some(Response::Number { typed, .. }) => check_text(typed, at),
        Some(
            Response::Choices { .. }
            | Response::TrueFalse { .. }
            | Response::Order { .. }
            | Response::Match { .. }
            | Response::Skipped
            | Response::TimedOut
            | Response::NotReached,
        )
        | None => Ok(()),
    }
}

/// A response as the CSV holds it: its JSON with the keys in the order earlier versions
/// wrote them (sorted), `null` when unknown.
fn response_json(response: Option<&Response>) -> String {
    serde_json::to_value(response).map_or_else(|_| "null".to_owned(), |value| value.to_string())
}

/// Checks `value` is one of `allowed`, naming them if not.
fn one_of(
    value: &str,
    allowed: &[&'static str],
    what: &'static str,
    at: Where<'_>,
) -> Result<(), ResultsError> {
    if allowed.contains(&value) {
        return Ok(());
    }
    Err(ResultsError::NotOneOf {
        at: at(),
        value: value.to_owned(),
        what,
        allowed: allowed.to_vec(),
    })
}

/// An id as packs allow them: 1 to 64 ASCII letters, digits, `-`, `_` or `.`, starting with a
/// letter or digit.
fn check_id(id: &str, what: &'static str, at: Where<'_>) -> Result<(), ResultsError> {
    let valid = !id.is_empty()
        && id.len() <= 64
        && id.starts_with(|c: char| c.is_ascii_alphanumeric())
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if valid {
        return Ok(());
    }
    check_text(id, at)?;
    Err(ResultsError::NotId {
        at: at(),
        value: id.to_owned(),
        what,
    })
}

/// Hex digits, as skillgap writes hashes (empty is allowed: older exports left some out).
fn check_hash(hash: &str, what: &'static str, at: Where<'_>) -> Result<(), ResultsError> {
    if hash.len() <= MAX_HASH_LEN && hash.chars().all(|c| c.is_ascii_hexdigit()) {
        return Ok(());
    }
    check_text(hash, at)?;
    Err(ResultsError::NotHash { at: at(), what })
}

/// Everything a class report reads, checked. `at(session, answer, field)` names a place in
/// the file (a JSON path, or a CSV row and column).
fn check(
    results: &Results,
    at: &dyn Fn(usize, Option<usize>, &str) -> Place,
) -> Result<(), ResultsError> {
    check_name(&results.student).map_err(ResultsError::StudentName)?;
    for (name, text) in [
        ("exported_at", &results.exported_at),
        ("skillgap_version", &results.skillgap_version),
    ] {
        check_text(text, &|| Place::Path(name.to_owned()))?;
    }
    if let Some(exam) = &results.exam {
        check_text(&exam.title, &|| Place::Path("exam.title".to_owned()))?;
        check_hash(&exam.fingerprint, "exam fingerprint", &|| {
            Place::Path("exam.fingerprint".to_owned())
        })?;
    }
    let kinds: Vec<&str> = crate::pack::KindName::ALL
        .iter()
        .map(|k| k.name())
        .collect();
    let difficulties: Vec<&str> = crate::pack::Difficulty::ALL
        .iter()
        .map(|d| d.name())
        .collect();
    let modes: Vec<&str> = [crate::quiz::Mode::Practice, crate::quiz::Mode::Exam]
        .iter()
        .map(|m| m.name())
        .collect();
    let confidences: Vec<&str> = crate::quiz::Confidence::ALL
        .iter()
        .map(|c| c.name())
        .collect();
    for (s, session) in results.sessions.iter().enumerate() {
        one_of(&session.mode, &modes, "session mode", &|| {
            at(s, None, "mode")
        })?;
        if let Some(exam) = &session.exam {
            check_text(&exam.title, &|| at(s, None, "exam.title"))?;
            check_hash(&exam.fingerprint, "exam fingerprint", &|| {
                at(s, None, "exam.fingerprint")
            })?;
        }
        for (i, a) in session.answers.iter().enumerate() {
            let here = |field: &str| at(s, Some(i), field);
            check_id(&a.pack.id, "pack", &|| here("pack.id"))?;
            check_text(&a.pack.version, &|| here("pack.version"))?;
            check_hash(&a.pack.content_hash, "pack hash", &|| {
                here("pack.content_hash")
            })?;
            check_id(&a.question_id, "question", &|| here("question_id"))?;
            check_hash(&a.question_hash, "question hash", &|| here("question_hash"))?;
            check_id(&a.category, "category", &|| here("category"))?;
            one_of(&a.kind, &kinds, "question kind", &|| here("kind"))?;
            one_of(&a.difficulty, &difficulties, "difficulty", &|| {
                here("difficulty")
            })?;
            if let Some(confidence) = &a.confidence {
                one_of(confidence, &confidences, "confidence", &|| {
                    here("confidence")
                })?;
            }
            check_response(a.response.as_ref(), &|| here("response"))?;
            if !(a.score.is_finite() && (0.0..=1.0).contains(&a.score)) {
                return Err(ResultsError::ScoreOutOfRange {
                    at: here("score"),
                    score: a.score,
                    question: a.question_id.clone(),
                });
            }
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
