//! Question packs: the RON format (`raw`), loading single-file and directory packs, and
//! validation into a checked [`Pack`] with file:line:col diagnostics; installed packs
//! (`installed`) and which pack a name given by the user means (`resolve`).
//!
//! A pack is either one `.ron` file holding `Pack(...)`, or a directory holding `pack.ron`
//! (metadata and profiles) plus one `<category>.ron` file per category holding
//! `Category(...)` with its questions.

pub mod canonical;
pub mod diagnostic;
pub mod installed;
pub mod lint;
pub mod locate;
pub mod model;
pub mod raw;
pub mod resolve;
pub mod stats;
mod streamed;
mod validate;

pub use diagnostic::{Diagnostic, LoadError, Location, Severity, SourceText};
pub use model::{
    Category, Choice, Code, Difficulty, Kind, KindName, Meta, Pack, Pair, Profile, Question,
};
pub use validate::{MAX_TYPOS, tidy_code};

use raw::{RawCategoryFile, RawPack};
use ron::extensions::Extensions;
use serde::de::DeserializeOwned;
use sha2::{Digest, Sha256};
use std::io::Read;
use std::path::{Path, PathBuf};
use validate::{FileCtx, Parsed};

/// Larger files are refused before they are read into memory.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;
/// A directory pack's files together (`pack.ron` and every category file) may hold no more
/// than this: like one file, so that loading any pack stays within a few times this size.
pub const MAX_DIRECTORY_BYTES: u64 = 64 * 1024 * 1024;
/// Deepest RON nesting accepted; a pack needs about 8 levels.
pub const MAX_NESTING: usize = 32;
/// The file that makes a directory a pack.
pub const PACK_FILE: &str = "pack.ron";
/// The commented template `skillgap pack new` writes: a valid single-file pack showing every
/// question kind once.
pub const TEMPLATE: &str = include_str!("../../assets/pack-template.ron");

/// The bundled backend bank, embedded at build time: (file name, text), `pack.ron` first.
mod bundled {
    include!(concat!(env!("OUT_DIR"), "/bundled.rs"));
}

/// The bundled bank as parsed at build time: `[pack, [category files...]]`, or `null` when
/// it did not parse (then it is parsed from its RON here, which reports why).
static BUNDLED_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/bundled.json"));

/// Loads the pack bundled with skillgap, and validates it.
pub fn load_bundled() -> Result<Pack, LoadError> {
    let sources = bundled_sources().files;
    match serde_json::from_str::<Option<(RawPack, Vec<RawCategoryFile>)>>(BUNDLED_JSON) {
        Ok(Some((pack, categories))) if categories.len() + 1 == sources.len() => {
            let files: Vec<FileCtx> = sources.iter().map(context).collect();
            let parsed = Parsed::Directory {
                file: 0,
                pack,
                categories: categories
                    .into_iter()
                    .enumerate()
                    .map(|(i, c)| (i + 1, c))
                    .collect(),
            };
            let checked = validate::validate(&files, parsed);
            drop(files);
            checked.map_err(|diagnostics| LoadError {
                diagnostics,
                sources,
            })
        }
        _ => load_directory_sources(sources),
    }
}

/// The id of the bundled pack, without loading it.
pub fn bundled_dir_name() -> &'static str {
    bundled::DIR
}

/// A pack's source files as read from disk, before validation: one file, or a directory's
/// `pack.ron` followed by its category files in name order.
#[derive(Debug, Clone)]
pub struct Sources {
    pub directory: bool,
    pub files: Vec<SourceText>,
}

/// Loads a pack from a `.ron` file or a pack directory.
pub fn load_path(path: &Path) -> Result<Pack, LoadError> {
    // A single file is first read a question at a time, its text never held whole; on any
    // problem, read again whole, for the diagnostics.
    if let Some(pack) = streamed::load_file(path) {
        return Ok(pack);
    }
    load_sources(read_path(path)?)
}

/// Reads the files of a pack (a `.ron` file or a pack directory) without validating them;
/// [`load_sources`] validates them. Kept apart so that what is validated is exactly what is
/// linted or installed.
pub fn read_path(path: &Path) -> Result<Sources, LoadError> {
    let name = path.display().to_string();
    let metadata = std::fs::metadata(path).map_err(|e| file_error(&name, io_message(&e, path)))?;
    if metadata.is_dir() {
        Ok(Sources {
            directory: true,
            files: read_directory(path)?,
        })
    } else {
        Ok(Sources {
            directory: false,
            files: vec![read_source(path)?],
        })
    }
}

/// Validates sources read by [`read_path`] (or [`bundled_sources`]).
pub fn load_sources(sources: Sources) -> Result<Pack, LoadError> {
    check_sources(&sources).map_err(|diagnostics| LoadError {
        diagnostics,
        sources: sources.files,
    })
}

/// Validates sources without taking them, for callers that keep them (to install or lint
/// what was validated); an error carries a copy of them for its snippets.
pub fn validate_sources(sources: &Sources) -> Result<Pack, LoadError> {
    check_sources(sources).map_err(|diagnostics| LoadError {
        diagnostics,
        sources: sources.files.clone(),
    })
}

/// The texts are borrowed throughout: the only copies of a pack in memory are its text and
/// what is parsed from it.
fn check_sources(sources: &Sources) -> Result<Pack, Vec<Diagnostic>> {
    if sources.directory {
        check_directory(&sources.files)
    } else {
        match sources.files.as_slice() {
            [source] => check_file(source),
            _ => Err(vec![Diagnostic::error(
                "<pack>",
                None,
                "internal error: a single-file pack needs exactly one source",
            )]),
        }
    }
}

/// The sources of the bundled bank, named `<bundled>/backend/<file>`.
pub fn bundled_sources() -> Sources {
    Sources {
        directory: true,
        files: bundled::FILES
            .iter()
            .map(|(name, text)| SourceText {
                name: format!("<bundled>/{}/{name}", bundled::DIR),
                text: (*text).to_owned(),
            })
            .collect(),
    }
}

/// Loads a single-file pack from text already in memory; `name` is used in diagnostics.
pub fn load_str(name: &str, text: &str) -> Result<Pack, LoadError> {
    load_file_source(SourceText {
        name: name.to_owned(),
        text: normalise_newlines(text),
    })
}

fn load_file_source(source: SourceText) -> Result<Pack, LoadError> {
    check_file(&source).map_err(|diagnostics| LoadError {
        diagnostics,
        sources: vec![source],
    })
}

fn check_file(source: &SourceText) -> Result<Pack, Vec<Diagnostic>> {
    let files = [context(source)];
    let pack = parse::<RawPack>(&files, 0).map_err(|d| vec![*d])?;
    validate::validate(&files, Parsed::Single { file: 0, pack })
}

fn read_directory(dir: &Path) -> Result<Vec<SourceText>, LoadError> {
    let dir_name = dir.display().to_string();
    let pack_path = dir.join(PACK_FILE);
    if !pack_path.is_file() {
        return Err(file_error(
            &dir_name,
            format!(
                "this directory has no {PACK_FILE}: a directory pack needs one holding `Pack(id: ..., title: ..., version: ...)`"
            ),
        ));
    }
    let mut category_paths = Vec::new();
    let entries = std::fs::read_dir(dir).map_err(|e| file_error(&dir_name, io_message(&e, dir)))?;
    for entry in entries {
        let entry = entry.map_err(|e| file_error(&dir_name, io_message(&e, dir)))?;
        let path = entry.path();
        let is_ron = path.extension().is_some_and(|ext| ext == "ron");
        if is_ron && path.is_file() && entry.file_name() != PACK_FILE {
            category_paths.push(path);
        }
    }
    category_paths.sort();
    let paths: Vec<PathBuf> = std::iter::once(pack_path).chain(category_paths).collect();
    // Refused as a whole before any file is read: their sizes as they stand now, and again
    // below as read, for files that grow meanwhile.
    let listed: u64 = paths
        .iter()
        .filter_map(|path| std::fs::metadata(path).ok())
        .map(|metadata| metadata.len())
        .sum();
    if listed > MAX_DIRECTORY_BYTES {
        return Err(directory_too_large(&dir_name, listed));
    }
    let mut sources = Vec::new();
    let mut diagnostics = Vec::new();
    let mut total = 0u64;
    for path in paths {
        match read_source(&path) {
            Ok(source) => {
                total += source.text.len() as u64;
                if total > MAX_DIRECTORY_BYTES {
                    return Err(directory_too_large(&dir_name, total));
                }
                sources.push(source);
            }
            Err(error) => diagnostics.extend(error.diagnostics),
        }
    }
    if !diagnostics.is_empty() {
        return Err(LoadError {
            diagnostics,
            sources,
        });
    }
    Ok(sources)
}

fn directory_too_large(name: &str, bytes: u64) -> LoadError {
    file_error(
        name,
        format!(
            "the files of this directory pack hold {:.1} MiB together, more than {} MiB, the limit \
             for a whole directory pack: split it into several packs (each with its own id)",
            bytes as f64 / (1024.0 * 1024.0),
            MAX_DIRECTORY_BYTES / (1024 * 1024)
        ),
    )
}

/// Loads a directory pack from its files' texts: the first is `pack.ron`.
pub fn load_directory_sources(mut sources: Vec<SourceText>) -> Result<Pack, LoadError> {
    for source in &mut sources {
        normalise_newlines_in(&mut source.text);
    }
    check_directory(&sources).map_err(|diagnostics| LoadError {
        diagnostics,
        sources,
    })
}

fn check_directory(sources: &[SourceText]) -> Result<Pack, Vec<Diagnostic>> {
    let files: Vec<FileCtx> = sources.iter().map(context).collect();
    let mut diagnostics = Vec::new();
    let pack = match parse::<RawPack>(&files, 0) {
        Ok(pack) => Some(pack),
        Err(d) => {
            diagnostics.push(*d);
            None
        }
    };
    let mut categories = Vec::new();
    for index in 1..files.len() {
        match parse::<RawCategoryFile>(&files, index) {
            Ok(category) => categories.push((index, category)),
            Err(d) => diagnostics.push(*d),
        }
    }
    match pack {
        Some(pack) if diagnostics.is_empty() => validate::validate(
            &files,
            Parsed::Directory {
                file: 0,
                pack,
                categories,
            },
        ),
        _ => Err(diagnostics),
    }
}

fn context(source: &SourceText) -> FileCtx<'_> {
    FileCtx::new(&source.name, &source.text)
}

/// The RON options every pack is read with: `Some(...)` may be left out around optional
/// values, and nesting is bounded so a hostile file cannot exhaust the stack.
pub fn ron_options() -> ron::Options {
    ron::Options::default()
        .with_default_extension(Extensions::IMPLICIT_SOME)
        .with_recursion_limit(MAX_NESTING)
}

fn parse<T: DeserializeOwned>(files: &[FileCtx<'_>], index: usize) -> Result<T, Box<Diagnostic>> {
    let Some(file) = files.get(index) else {
        return Err(Box::new(Diagnostic::error(
            "<pack>",
            None,
            "internal error: missing source",
        )));
    };
    ron_options()
        .from_str::<T>(file.text)
        .map_err(|error| Box::new(ron_error_diagnostic(file.name, file.text, &error)))
}

/// A RON parse error of `text` (read from the file `name`) as a diagnostic with
/// file:line:col and a hint, worded as for packs. Other RON files (exam files) use it too.
pub fn ron_error_diagnostic(
    name: &str,
    text: &str,
    error: &ron::error::SpannedError,
) -> Diagnostic {
    let location = Location::of_line_col(text, error.span.start.line, error.span.start.col);
    if matches!(error.code, ron::Error::ExpectedComma) {
        let (location, message, help) = explain_missing_comma(text, location);
        return Diagnostic::error(name, Some(location), message).with_help(help);
    }
    let (message, help) = explain_ron_error(&error.code);
    Diagnostic::error(name, Some(location), message).with_help(help)
}

/// `line` up to a `//` comment that is not inside a string.
fn code_before_comment(line: &str) -> &str {
    let mut in_string = false;
    let mut escaped = false;
    let mut previous_slash = false;
    for (at, c) in line.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' if in_string => escaped = true,
            '"' => in_string = !in_string,
            '/' if !in_string && previous_slash => return line.get(..at - 1).unwrap_or(line),
            _ => {}
        }
        previous_slash = c == '/' && !in_string;
    }
    line
}

/// The parser notices a missing comma only where the next item starts, and an unescaped `"`
/// inside text as a missing comma after the string it closed early: point at the real cause.
fn explain_missing_comma(text: &str, at: Location) -> (Location, String, String) {
    let before = text.get(..at.span.start).unwrap_or("");
    let line_start = before.rfind('\n').map_or(0, |newline| newline + 1);
    let on_this_line = before.get(line_start..).unwrap_or("");
    if on_this_line.trim().is_empty() {
        // The item on this line is fine: the comma is missing at the end of the previous
        // line that holds anything (a comment ends at the line's end, so skip it).
        let previous = before.get(..line_start).unwrap_or("").trim_end();
        let previous_line_start = previous.rfind('\n').map_or(0, |newline| newline + 1);
        let code = code_before_comment(previous.get(previous_line_start..).unwrap_or(""));
        if let Some(last) = code.trim_end().chars().last() {
            let last_start = previous_line_start + code.trim_end().len() - last.len_utf8();
            let (line, col) = diagnostic::line_col(text, last_start);
            return (
                Location::of_line_col(text, line, col),
                "expected `,` after this value".into(),
                "separate items and fields with `,`: add one at the end of this line".into(),
            );
        }
    }
    if on_this_line.trim_end().ends_with('"') {
        return (
            at,
            "text ends early: a `\"` inside the text closes it".into(),
            "write a quote inside text as `\\\"`, or use a raw string such as r#\"say \"hi\"\"#"
                .into(),
        );
    }
    (
        at,
        "expected `,`".into(),
        "separate items and fields with `,`".into(),
    )
}

/// A RON parser error in words a pack author can act on.
fn explain_ron_error(code: &ron::Error) -> (String, String) {
    use ron::Error as E;
    let message = code.to_string();
    let help: String = match code {
        E::NoSuchStructField { expected, found, outer } => {
            let hint = closest(found, expected)
                .map(|near| format!("did you mean `{near}`? "))
                .unwrap_or_default();
            let within = outer.as_deref().unwrap_or("this value");
            return (
                format!("unknown field `{found}` in {within}"),
                format!("{hint}the fields allowed here are: {}", expected.join(", ")),
            );
        }
        E::MissingStructField { field, outer } => {
            let within = outer.as_deref().unwrap_or("this value");
            return (
                format!("missing field `{field}` in {within}"),
                format!("add `{field}: ...` to it"),
            );
        }
        E::DuplicateStructField { .. } => "write each field once".into(),
        E::NoSuchEnumVariant { expected, found, outer } => {
            let hint = closest(found, expected)
                .map(|near| format!("did you mean `{near}`? "))
                .unwrap_or_default();
            let what = match outer.as_deref() {
                Some("Kind" | "KindName") => "question kind",
                Some("Difficulty") => "difficulty",
                _ => "variant",
            };
            return (
                format!("unknown {what} `{found}`"),
                format!("{hint}use one of: {}", expected.join(", ")),
            );
        }
        E::ExpectedDifferentStructName { expected, found } => format!(
            "this file must hold `{expected}(...)`, not `{found}(...)`: a pack file holds `Pack(...)`, each category file of a directory pack `Category(...)`"
        ),
        E::ExceededRecursionLimit => {
            return (
                format!("values nested more than {MAX_NESTING} levels deep"),
                "a pack never nests this deep: look for unbalanced `(`, `[` or `{`".into(),
            );
        }
        E::ExpectedComma => "separate items and fields with `,`".into(),
        E::ExpectedStringEnd | E::Eof => {
            "look for an unclosed string, bracket or parenthesis before this point".into()
        }
        E::ExpectedFloat | E::ExpectedInteger => "write a number here, such as `0.5`".into(),
        E::ExpectedString => "write text in double quotes here, such as \"text\"".into(),
        E::ExpectedBoolean => "write `true` or `false` here".into(),
        E::TrailingCharacters => {
            "the value ended before this point: remove what follows, or look for a `)` closing too early".into()
        }
        E::InvalidEscape(_) => {
            "in RON strings write `\\\\` for a backslash, or use a raw string r#\"...\"#".into()
        }
        E::Utf8Error(_) => "save the file as UTF-8".into(),
        _ => "check the RON syntax at this point; the README's pack reference shows every construct".into(),
    };
    (message, help)
}

/// The allowed name nearest to a misspelt one, if any is close.
/// The candidate nearest `found` by edit distance, if one is near enough to be a typo of it.
pub fn closest<'a>(found: &str, expected: &[&'a str]) -> Option<&'a str> {
    expected
        .iter()
        .map(|candidate| (edit_distance(found, candidate), *candidate))
        .filter(|(distance, candidate)| *distance <= 2.max(candidate.len() / 4))
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, candidate)| candidate)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitute = previous.get(j).copied().unwrap_or(0) + usize::from(ca != *cb);
            let delete = previous.get(j + 1).copied().unwrap_or(0) + 1;
            let insert = current.get(j).copied().unwrap_or(0) + 1;
            current.push(substitute.min(delete).min(insert));
        }
        previous = current;
    }
    previous.last().copied().unwrap_or(0)
}

/// CRLF files are read as LF: lines and columns are unchanged, and no carriage return ends up
/// inside a multi-line string, where it would count as a forbidden control character.
fn normalise_newlines(text: &str) -> String {
    let mut text = text.to_owned();
    normalise_newlines_in(&mut text);
    text
}

/// [`normalise_newlines`] in place: no copy of the text, and no work for LF files.
fn normalise_newlines_in(text: &mut String) {
    if text.contains("\r\n") {
        let mut bytes = std::mem::take(text).into_bytes();
        let mut kept = 0;
        for read in 0..bytes.len() {
            let byte = bytes.get(read).copied().unwrap_or(b'\n');
            let crlf = byte == b'\r' && bytes.get(read + 1) == Some(&b'\n');
            if !crlf {
                if let Some(slot) = bytes.get_mut(kept) {
                    *slot = byte;
                }
                kept += 1;
            }
        }
        bytes.truncate(kept);
        // Removing the CR of CRLF pairs keeps valid UTF-8 valid: CR and LF are ASCII.
        *text = String::from_utf8(bytes).unwrap_or_default();
    }
}

/// Reads a file, refusing one over [`MAX_FILE_BYTES`] before reading it (and stopping at the
/// limit for files whose size is unknown in advance, such as pipes).
pub fn read_source(path: &Path) -> Result<SourceText, LoadError> {
    let name = path.display().to_string();
    let too_large = || {
        file_error(
            &name,
            format!(
                "the file is larger than {} MiB, the limit for a pack file: split the pack into a directory pack with one file per category",
                MAX_FILE_BYTES / (1024 * 1024)
            ),
        )
    };
    let file = std::fs::File::open(path).map_err(|e| file_error(&name, io_message(&e, path)))?;
    if file.metadata().is_ok_and(|m| m.len() > MAX_FILE_BYTES) {
        return Err(too_large());
    }
    // Sized once from the file's length: no doubling while reading it.
    let expected = file.metadata().map_or(0, |m| m.len());
    let mut bytes = Vec::with_capacity(usize::try_from(expected.saturating_add(1)).unwrap_or(0));
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| file_error(&name, io_message(&e, path)))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_large());
    }
    match String::from_utf8(bytes) {
        Ok(mut text) => {
            normalise_newlines_in(&mut text);
            Ok(SourceText { name, text })
        }
        Err(error) => {
            let valid = error.utf8_error().valid_up_to();
            let prefix = String::from_utf8_lossy(error.as_bytes().get(..valid).unwrap_or_default());
            let (line, col) = diagnostic::line_col(&prefix, prefix.len());
            Err(LoadError {
                diagnostics: vec![Diagnostic::error(
                    &name,
                    Some(Location {
                        line,
                        col,
                        span: valid..valid,
                    }),
                    format!("the file is not valid UTF-8 (byte {} is not part of a UTF-8 character)", valid + 1),
                )
                .with_help("save the file as UTF-8")],
                sources: Vec::new(),
            })
        }
    }
}

fn io_message(error: &std::io::Error, path: &Path) -> String {
    match error.kind() {
        std::io::ErrorKind::NotFound => format!(
            "no such file or directory: check the path `{}`",
            path.display()
        ),
        std::io::ErrorKind::PermissionDenied => {
            "permission denied: make the file readable".to_owned()
        }
        _ => format!("cannot read it: {error}"),
    }
}

fn file_error(name: &str, message: String) -> LoadError {
    LoadError {
        diagnostics: vec![Diagnostic::error(name, None, message)],
        sources: Vec::new(),
    }
}

/// Lowercase hex sha256 of some bytes.
pub fn hash_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
