//! Why a results file, or a student's name for one, is refused: what is wrong and where
//! (a JSON path, a CSV row or cell), as facts; text taken from the file is made safe only
//! when the error is shown.

use super::{CSV_HEADER, FORMAT, MAX_FIELD_BYTES, MAX_HASH_LEN, MAX_NAME};
use std::fmt;

/// Why a student name is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NameError {
    Empty,
    /// A control or bidirectional character.
    Holds(char),
    /// More than [`MAX_NAME`] characters.
    TooLong,
}

impl fmt::Display for NameError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NameError::Empty => {
                f.write_str("the name is empty: give the name your teacher knows you by")
            }
            NameError::Holds(c) => write!(
                f,
                "the name holds {}: write it as plain text",
                crate::text::describe_char(*c)
            ),
            NameError::TooLong => write!(f, "the name is longer than {MAX_NAME} characters"),
        }
    }
}

impl std::error::Error for NameError {}

/// Where a problem is in a results file.
#[derive(Debug, Clone, PartialEq)]
pub enum Place {
    /// A field of the JSON, by its path (`sessions[0].answers[2].score`).
    Path(String),
    /// A CSV record, by the line it starts on.
    Row(usize),
    /// A CSV field: its record's line, its column (from 1) and the column's name.
    Cell {
        row: usize,
        column: usize,
        name: &'static str,
    },
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Place::Path(path) => f.write_str(path),
            Place::Row(row) => write!(f, "row {row}"),
            Place::Cell { row, column, name } => write!(f, "row {row}, column {column} (`{name}`)"),
        }
    }
}

/// Why a text is not a results file skillgap can read: what is wrong and where, without the
/// file's name (the caller knows it). Text taken from the file is made safe when shown.
#[derive(Debug, Clone, PartialEq)]
pub enum ResultsError {
    /// A backup export (`skillgap export` without `--name`).
    BackupExport,
    NotResults,
    NotJson {
        line: usize,
        column: usize,
        reason: String,
    },
    OtherFormat {
        found: String,
    },
    NoFormat,
    NewerVersion {
        version: u64,
    },
    NoVersion,
    /// Valid JSON, but a field is missing or of the wrong type.
    WrongShape {
        line: usize,
        column: usize,
        reason: String,
    },
    UnclosedQuote {
        line: usize,
    },
    WrongHeader,
    FieldCount {
        row: usize,
        found: usize,
        expected: usize,
    },
    OtherStudent {
        row: usize,
        student: String,
        earlier: String,
    },
    NoRows,
    NotWholeNumber {
        at: Place,
        value: String,
    },
    NotResponse {
        at: Place,
        reason: String,
    },
    NotScore {
        at: Place,
        value: String,
    },
    ScoreOutOfRange {
        at: Place,
        score: f64,
        question: String,
    },
    TooLong {
        at: Place,
        bytes: usize,
    },
    /// A control or bidirectional character, at `position` (characters, from 1).
    Forbidden {
        at: Place,
        found: char,
        position: usize,
    },
    NotOneOf {
        at: Place,
        value: String,
        what: &'static str,
        allowed: Vec<&'static str>,
    },
    NotId {
        at: Place,
        value: String,
        what: &'static str,
    },
    NotHash {
        at: Place,
        what: &'static str,
    },
    StudentName(NameError),
}

impl fmt::Display for ResultsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use crate::text::sanitize_line;
        match self {
            ResultsError::BackupExport => f.write_str(
                "this is a backup export without a student name: export with `skillgap export --name NAME`",
            ),
            ResultsError::NotResults => f.write_str(
                "not a skillgap results file (expected the JSON or CSV written by `skillgap export --name NAME`)",
            ),
            ResultsError::NotJson {
                line,
                column,
                reason,
            } => write!(f, "not valid JSON at line {line} column {column}: {reason}"),
            ResultsError::OtherFormat { found } => {
                write!(f, "its format is `{}`, not `{FORMAT}`", sanitize_line(found))
            }
            ResultsError::NoFormat => write!(f, "it has no `\"format\": \"{FORMAT}\"`"),
            ResultsError::NewerVersion { version } => write!(
                f,
                "it is version {version} of the format, written by a newer skillgap: update skillgap to read it"
            ),
            ResultsError::NoVersion => f.write_str("it has no format version"),
            ResultsError::WrongShape {
                line,
                column,
                reason,
            } => write!(
                f,
                "line {line} column {column}: a field is missing or of the wrong type: {reason}; the file must be as `skillgap export --name NAME` wrote it"
            ),
            ResultsError::UnclosedQuote { line } => write!(
                f,
                "line {line}: a quoted field is not closed; close it with `\"`"
            ),
            ResultsError::WrongHeader => write!(
                f,
                "the CSV header is not the one `skillgap export --name NAME --format csv` writes: {CSV_HEADER}"
            ),
            ResultsError::FieldCount {
                row,
                found,
                expected,
            } => write!(
                f,
                "row {row} has {found} fields instead of {expected}: every row needs the {expected} columns of the header"
            ),
            ResultsError::OtherStudent {
                row,
                student,
                earlier,
            } => write!(
                f,
                "row {row} is for student `{}`, the rows above for `{}`: one file per student",
                sanitize_line(student),
                sanitize_line(earlier)
            ),
            ResultsError::NoRows => {
                f.write_str("the CSV has no answer rows, so no student name either")
            }
            ResultsError::NotWholeNumber { at, value } => write!(
                f,
                "{at}: `{}` is not a whole number; write the number as skillgap exported it",
                sanitize_line(value)
            ),
            ResultsError::NotResponse { at, reason } => write!(
                f,
                "{at}: the response is not one skillgap writes ({reason}); it must be as skillgap exported it"
            ),
            ResultsError::NotScore { at, value } => write!(
                f,
                "{at}: the score `{}` is not a number; write a number from 0 to 1",
                sanitize_line(value)
            ),
            ResultsError::ScoreOutOfRange {
                at,
                score,
                question,
            } => write!(
                f,
                "{at}: the score {score} is not between 0 and 1 (question `{}`); scores run from 0 (wrong) to 1 (right)",
                sanitize_line(question)
            ),
            ResultsError::TooLong { at, bytes } => write!(
                f,
                "{at}: the text is {bytes} bytes long, more than the {MAX_FIELD_BYTES} a results file may hold in one field; the file was not written by skillgap"
            ),
            ResultsError::Forbidden {
                at,
                found,
                position,
            } => write!(
                f,
                "{at}: the text holds {} at character {position}: remove it (control and bidirectional characters can rewrite what a terminal shows)",
                crate::text::describe_char(*found)
            ),
            ResultsError::NotOneOf {
                at,
                value,
                what,
                allowed,
            } => write!(
                f,
                "{at}: `{}` is not a {what}; use one of: {}",
                sanitize_line(value),
                allowed.join(", ")
            ),
            ResultsError::NotId { at, value, what } => write!(
                f,
                "{at}: `{}` is not a valid {what} id; ids are 1 to 64 ASCII letters, digits, `-`, `_` or `.`, starting with a letter or digit, as in the pack",
                sanitize_line(value)
            ),
            ResultsError::NotHash { at, what } => write!(
                f,
                "{at}: the {what} is not a hash (at most {MAX_HASH_LEN} hexadecimal digits); the file must be as skillgap exported it"
            ),
            ResultsError::StudentName(why) => write!(f, "student name: {why}"),
        }
    }
}

impl std::error::Error for ResultsError {}
