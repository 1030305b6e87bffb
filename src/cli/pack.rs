//! `skillgap pack ...`: validate, stats, new, lint, install, list and remove; and how a pack
//! named on the command line is found (a path, the bundled bank, or an installed id).

use super::{EXIT_INVALID, eprint, print, stderr_color, stdout_color};
use crate::cli::args::{PackCommand, StatsFormat};
use crate::pack::installed::{self, InstallOutcome, LibraryError, Refusal};
use crate::pack::{self, Diagnostic, LoadError, Pack, Sources, lint, stats::Stats};
use crate::text::sanitize_line;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use unicode_width::UnicodeWidthStr;

/// The id line of the template, replaced by one made from the directory's name.
const TEMPLATE_ID: &str = "id: \"my-pack\",";

pub fn run(command: PackCommand, data_dir: Option<&Path>) -> ExitCode {
    match command {
        PackCommand::ImportGift { file, output } => super::gift::import(&file, output.as_deref()),
        PackCommand::ExportGift { pack, output } => super::gift::export(&pack, &output, data_dir),
        PackCommand::New { dir } => new(&dir),
        PackCommand::Calibrate {
            pack,
            results,
            output,
            min_answers,
        } => super::calibrate::run(&pack, &results, output.as_deref(), min_answers, data_dir),
        PackCommand::Lint { paths, strict } => lint_packs(&paths, strict, data_dir),
        PackCommand::Install { path, force } => install(&path, force, data_dir),
        PackCommand::List { format } => list(format, data_dir),
        PackCommand::Remove { id } => remove(&id, data_dir),
        PackCommand::Validate { paths } => validate(&paths, data_dir),
        PackCommand::Stats(args) => match load(&args.path, data_dir) {
            Ok(pack) => {
                let stats = Stats::of(&pack);
                match args.format {
                    StatsFormat::Json => print(&format!("{:#}\n", stats.to_json())),
                    StatsFormat::Text => print(&stats.to_text(&pack)),
                }
                ExitCode::SUCCESS
            }
            Err(error) => {
                eprint(&error.render(stderr_color()));
                ExitCode::from(EXIT_INVALID)
            }
        },
    }
}

/// How a name on the command line was resolved.
#[derive(Debug)]
enum Named {
    Path(PathBuf),
    Bundled,
    Installed { data_dir: PathBuf, id: String },
}

/// Resolves a pack name: an existing file or directory first (so `./backend` reaches a local
/// directory), then `backend` (always the bundled bank: that id cannot be installed), then
/// an installed pack's id.
fn resolve(name: &str, data_dir: Option<&Path>) -> Result<Named, LoadError> {
    let path = Path::new(name);
    if path.exists() {
        return Ok(Named::Path(path.to_path_buf()));
    }
    if name == pack::bundled_dir_name() {
        return Ok(Named::Bundled);
    }
    let data_dir = crate::store::data_dir(data_dir).ok();
    if let Some(dir) = &data_dir
        && installed::packs_dir(dir).join(name).is_dir()
        && installed::installed_ids(dir).is_ok_and(|ids| ids.iter().any(|id| id == name))
    {
        return Ok(Named::Installed {
            data_dir: dir.clone(),
            id: name.to_owned(),
        });
    }
    let looks_like_path = name.contains(['/', '\\']) || name.ends_with(".ron");
    if looks_like_path {
        return Err(single_error(
            name,
            format!("no such file or directory: check the path `{name}`"),
        ));
    }
    let installed = data_dir
        .as_deref()
        .and_then(|dir| installed::installed_ids(dir).ok())
        .unwrap_or_default();
    let known = if installed.is_empty() {
        String::from("no pack is installed")
    } else {
        format!("installed: {}", installed.join(", "))
    };
    Err(single_error(
        name,
        format!(
            "no file, directory or installed pack is called `{name}` ({known}; `{}` is the bundled bank): check the name, or install the pack with `skillgap pack install PATH`",
            pack::bundled_dir_name()
        ),
    ))
}

fn single_error(name: &str, message: String) -> LoadError {
    LoadError {
        diagnostics: vec![Diagnostic::error(name, None, message)],
        sources: Vec::new(),
    }
}

fn library_load_error(name: &str, error: LibraryError) -> LoadError {
    match error {
        LibraryError::Broken { path, mut error } => {
            error.diagnostics.insert(
                0,
                Diagnostic::error(
                    &path.display().to_string(),
                    None,
                    "this installed pack no longer validates",
                )
                .with_help("install it again with `skillgap pack install PATH --force`"),
            );
            error
        }
        other => single_error(name, other.to_string()),
    }
}

/// A pack named on the command line: a path, `backend` for the bundled bank, or the id of an
/// installed pack (see [`resolve`] for the order).
pub fn load(name: &str, data_dir: Option<&Path>) -> Result<Pack, LoadError> {
    match resolve(name, data_dir)? {
        Named::Path(path) => pack::load_path(&path),
        Named::Bundled => pack::load_bundled(),
        Named::Installed { data_dir, id } => {
            installed::load_installed(&data_dir, &id).map_err(|e| library_load_error(name, e))
        }
    }
}

/// Like [`load`], also returning the sources the pack was validated from (for locating lint
/// warnings).
fn load_with_sources(name: &str, data_dir: Option<&Path>) -> Result<(Pack, Sources), LoadError> {
    let sources = match resolve(name, data_dir)? {
        Named::Path(path) => pack::read_path(&path)?,
        Named::Bundled => pack::bundled_sources(),
        Named::Installed { data_dir, id } => {
            installed::installed_sources(&data_dir, &id).map_err(|e| library_load_error(name, e))?
        }
    };
    let pack = pack::load_sources(sources.clone())?;
    Ok((pack, sources))
}

fn validate(paths: &[String], data_dir: Option<&Path>) -> ExitCode {
    let mut invalid = 0usize;
    for name in paths {
        match load(name, data_dir) {
            Ok(pack) => print(&format!(
                "ok: {}: pack `{}` {} with {} in {} and {}\n",
                sanitize_line(name),
                sanitize_line(&pack.meta.id),
                sanitize_line(&pack.meta.version),
                super::gift::plural(pack.questions.len(), "question", "questions"),
                super::gift::plural(pack.categories.len(), "category", "categories"),
                super::gift::plural(pack.profiles.len(), "profile", "profiles"),
            )),
            Err(error) => {
                invalid += 1;
                report_invalid(name, &error);
            }
        }
    }
    if invalid == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_INVALID)
    }
}

fn report_invalid(name: &str, error: &LoadError) {
    eprint(&error.render(stderr_color()));
    print(&format!(
        "invalid: {}: {} problem{}\n",
        sanitize_line(name),
        error.diagnostics.len(),
        if error.diagnostics.len() == 1 {
            ""
        } else {
            "s"
        }
    ));
}

fn fail(message: &str) -> ExitCode {
    eprint(&format!("skillgap: {message}\n"));
    ExitCode::from(EXIT_INVALID)
}

// ----------------------------------------------------------------------------- pack new

/// The template with its id taken from the directory's name, when that name is a usable id.
pub fn template_for(dir: &Path) -> String {
    let name = dir
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default()
        .to_ascii_lowercase();
    let usable = !name.is_empty()
        && name.len() <= 64
        && name.starts_with(|c: char| c.is_ascii_alphanumeric())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        && !installed::is_reserved(&name);
    if usable {
        pack::TEMPLATE.replacen(TEMPLATE_ID, &format!("id: \"{name}\","), 1)
    } else {
        pack::TEMPLATE.to_owned()
    }
}

fn new(dir: &Path) -> ExitCode {
    let shown = sanitize_line(&dir.display().to_string());
    match std::fs::read_dir(dir) {
        Ok(mut entries) => {
            if entries.next().is_some() {
                return fail(&format!(
                    "{shown} is not empty: choose a new or empty directory, so nothing in it is overwritten"
                ));
            }
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            if let Err(e) = std::fs::create_dir_all(dir) {
                return fail(&format!("cannot create {shown}: {e}"));
            }
        }
        Err(_) if dir.exists() => {
            return fail(&format!(
                "{shown} exists and is not a directory: choose a directory name for the new pack"
            ));
        }
        Err(e) => return fail(&format!("cannot read {shown}: {e}")),
    }
    let file = dir.join(pack::PACK_FILE);
    let written = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&file)
        .and_then(|mut f| std::io::Write::write_all(&mut f, template_for(dir).as_bytes()));
    if let Err(e) = written {
        return fail(&format!(
            "cannot write {}: {e}",
            sanitize_line(&file.display().to_string())
        ));
    }
    let file_shown = sanitize_line(&file.display().to_string());
    print(&format!(
        "Wrote {file_shown}: a pack with one question of every kind, each field explained.\n\
         Next:\n  \
         1. Edit {file_shown}: set id, title and version, then replace the questions with yours.\n  \
         2. skillgap pack lint {shown}       quality warnings, each with file:line:col\n  \
         3. skillgap pack validate {shown}   the check every quiz runs\n  \
         4. skillgap pack install {shown}    copy it into your data directory, then quiz with --pack ID\n\
         Hand the pack out as the single file {file_shown}.\n"
    ));
    ExitCode::SUCCESS
}

// ---------------------------------------------------------------------------- pack lint

fn lint_packs(names: &[String], strict: bool, data_dir: Option<&Path>) -> ExitCode {
    let mut invalid = false;
    let mut warned = false;
    for name in names {
        match load_with_sources(name, data_dir) {
            Err(error) => {
                invalid = true;
                report_invalid(name, &error);
            }
            Ok((pack, sources)) => {
                let findings = lint::lint(&pack);
                let diagnostics = lint::locate(&findings, &sources);
                print(&pack::diagnostic::render_all(
                    &diagnostics,
                    &sources.files,
                    stdout_color(),
                ));
                warned |= !findings.is_empty();
                print(&lint_summary(name, &pack, &findings));
            }
        }
    }
    if invalid || (strict && warned) {
        ExitCode::from(EXIT_INVALID)
    } else {
        ExitCode::SUCCESS
    }
}

/// `ok: NAME: pack `id`: no warnings` or the count per rule.
fn lint_summary(name: &str, pack: &Pack, findings: &[lint::Finding]) -> String {
    let name = sanitize_line(name);
    let id = sanitize_line(&pack.meta.id);
    if findings.is_empty() {
        return format!(
            "ok: {name}: pack `{id}`, {} questions: no warnings\n",
            pack.questions.len()
        );
    }
    let per_rule: Vec<String> = lint::Rule::ALL
        .iter()
        .filter_map(|rule| {
            let n = findings.iter().filter(|f| f.rule == *rule).count();
            (n > 0).then(|| format!("{} {n}", rule.name()))
        })
        .collect();
    format!(
        "warnings: {name}: pack `{id}`, {} questions: {} warning{} ({})\n",
        pack.questions.len(),
        findings.len(),
        if findings.len() == 1 { "" } else { "s" },
        per_rule.join(", ")
    )
}

// ------------------------------------------------------------- install / list / remove

fn data_dir_or_fail(data_dir: Option<&Path>) -> Result<PathBuf, ExitCode> {
    crate::store::data_dir(data_dir).map_err(|e| fail(&e.to_string()))
}

fn install(path: &Path, force: bool, data_dir: Option<&Path>) -> ExitCode {
    let dir = match data_dir_or_fail(data_dir) {
        Ok(dir) => dir,
        Err(code) => return code,
    };
    let shown = sanitize_line(&path.display().to_string());
    match installed::install(&dir, path, force, super::quiz::now_ms()) {
        Ok(outcome) => {
            let m = outcome.manifest();
            let id = sanitize_line(&m.id);
            let version = sanitize_line(&m.version);
            let title = sanitize_line(&m.title);
            let place =
                sanitize_line(&installed::packs_dir(&dir).join(&m.id).display().to_string());
            let text = match &outcome {
                InstallOutcome::Installed { .. } => format!(
                    "installed: pack `{id}` {version} \"{title}\" ({} questions) from {shown} into {place}\n\
                     Quiz with: skillgap quiz --pack {id}\n",
                    m.questions
                ),
                InstallOutcome::Upgraded { from, .. } => format!(
                    "upgraded: pack `{id}` from {} to {version} ({} questions); your answers to it are kept\n",
                    sanitize_line(from),
                    m.questions
                ),
                InstallOutcome::AlreadyInstalled { .. } => format!(
                    "already installed: pack `{id}` {version} with the same content; nothing to do\n"
                ),
                InstallOutcome::Replaced { from, why, .. } => format!(
                    "replaced (--force): pack `{id}` {} by {version} \"{title}\" ({}); answers already given under the id `{id}` are kept\n",
                    sanitize_line(from),
                    match why {
                        Refusal::SameVersionChanged { .. } => "same version, changed content",
                        Refusal::Older { .. } => "an older version",
                        Refusal::DifferentPack { .. } => "a different pack with the same id",
                        Refusal::Damaged { .. } => "the installed copy was damaged",
                    },
                ),
            };
            print(&text);
            ExitCode::SUCCESS
        }
        Err(LibraryError::Invalid(error)) => {
            report_invalid(&path.display().to_string(), &error);
            eprint(&format!(
                "skillgap: nothing was installed: fix the problems above in {shown} and run `skillgap pack install` again\n"
            ));
            ExitCode::from(EXIT_INVALID)
        }
        Err(error) => fail(&format!("{error}\nNothing was installed.")),
    }
}

fn list(format: StatsFormat, data_dir: Option<&Path>) -> ExitCode {
    let dir = match data_dir_or_fail(data_dir) {
        Ok(dir) => dir,
        Err(code) => return code,
    };
    let rows = match installed::list(&dir) {
        Ok(rows) => rows,
        Err(error) => return fail(&error.to_string()),
    };
    match format {
        StatsFormat::Json => print(&format!("{:#}\n", serde_json::json!(rows))),
        StatsFormat::Text => print(&list_text(&rows)),
    }
    ExitCode::SUCCESS
}

fn list_text(rows: &[installed::Listed]) -> String {
    let header = ["ID", "VERSION", "QUESTIONS", "TITLE", "SOURCE"];
    let table: Vec<[String; 5]> = rows
        .iter()
        .map(|row| {
            [
                sanitize_line(&row.id),
                sanitize_line(&row.version),
                if row.problem.is_some() && row.questions == 0 {
                    "-".to_owned()
                } else {
                    row.questions.to_string()
                },
                sanitize_line(&row.title),
                if row.problem.is_some() {
                    format!("DAMAGED ({})", sanitize_line(&row.source))
                } else {
                    sanitize_line(&row.source)
                },
            ]
        })
        .collect();
    let mut widths = header.map(str::len);
    for row in &table {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.width());
        }
    }
    let line = |cells: [&str; 5]| {
        let mut out = String::new();
        for (i, (cell, width)) in cells.iter().zip(widths).enumerate() {
            out.push_str(cell);
            if i + 1 < cells.len() {
                out.push_str(&" ".repeat(width.saturating_sub(cell.width()) + 2));
            }
        }
        out.push('\n');
        out
    };
    let mut out = line(header);
    for row in &table {
        out.push_str(&line([&row[0], &row[1], &row[2], &row[3], &row[4]]));
    }
    for row in rows {
        if let Some(problem) = &row.problem {
            out.push_str(&format!(
                "\n{}: {}\n",
                sanitize_line(&row.id),
                sanitize_line(problem)
            ));
        }
    }
    if rows.len() <= 1 {
        out.push_str("\nNo pack is installed yet: `skillgap pack install PATH` adds one.\n");
    }
    out
}

fn remove(id: &str, data_dir: Option<&Path>) -> ExitCode {
    let dir = match data_dir_or_fail(data_dir) {
        Ok(dir) => dir,
        Err(code) => return code,
    };
    match installed::remove(&dir, id) {
        Ok(removed) => {
            let id = sanitize_line(&removed.id);
            let what = removed.manifest.as_ref().map_or_else(String::new, |m| {
                format!(
                    " {} \"{}\"",
                    sanitize_line(&m.version),
                    sanitize_line(&m.title)
                )
            });
            let answers = answers_to(&dir, &removed.id);
            let kept = match answers {
                Some(0) | None => "Answers given to it, if any, stay in the history".to_owned(),
                Some(1) => "Your 1 answer to it stays in the history".to_owned(),
                Some(n) => format!("Your {n} answers to it stay in the history"),
            };
            print(&format!(
                "removed: pack `{id}`{what}. {kept}; install it again to see them in `skillgap report --pack {id}`.\n"
            ));
            ExitCode::SUCCESS
        }
        Err(error) => fail(&error.to_string()),
    }
}

/// How many answers the store holds for a pack, when there is a store to ask.
fn answers_to(data_dir: &Path, id: &str) -> Option<usize> {
    if !data_dir.join(crate::store::DB_FILE).is_file() {
        return None;
    }
    let store = crate::store::Store::open(data_dir).ok()?;
    store.answers(Some(id)).ok().map(|answers| answers.len())
}
