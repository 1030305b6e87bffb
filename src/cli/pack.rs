//! `skillgap pack ...`: validate, stats, new, lint, install, list and remove; and loading a
//! pack named on the command line (the name is resolved by [`crate::pack::resolve`]).

use super::files::{installed_dir, load, rendered};
use super::{CliError, Outcome, eprint, print, printed, stderr_color, stdout_color};
use crate::cli::args::{PackCommand, StatsFormat};
use crate::pack::installed::{self, InstallOutcome, LibraryError, Refusal};
use crate::pack::{self, LoadError, Pack, lint, resolve, stats::Stats};
use crate::text::plural;
use crate::text::{sanitize_line, shell_quote};
use std::path::Path;
use std::process::ExitCode;
use unicode_width::UnicodeWidthStr;

/// The id line of the template, replaced by one made from the directory's name.
const TEMPLATE_ID: &str = "id: \"my-pack\",";

pub fn run(command: PackCommand, data_dir: Option<&Path>) -> Outcome {
    match command {
        PackCommand::Import {
            file,
            output,
            from,
            with_history,
        } => super::convert::import(&file, output.as_deref(), from, with_history, data_dir),
        PackCommand::Export { pack, to, output } => {
            super::convert::export(&pack, to, &output, data_dir)
        }
        PackCommand::ImportGift { file, output } => super::convert::import(
            &file,
            output.as_deref(),
            Some(super::args::SourceFormat::Gift),
            false,
            data_dir,
        ),
        PackCommand::ExportGift { pack, output } => {
            super::convert::export(&pack, super::args::TargetFormat::Gift, &output, data_dir)
        }
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
        PackCommand::Stats(args) => {
            let pack = load(&args.path, data_dir).map_err(rendered)?;
            let stats = Stats::of(&pack);
            printed(&match args.format {
                StatsFormat::Json => crate::text::json_text(&stats.to_json()),
                StatsFormat::Text => stats.to_text(&pack),
            })
        }
    }
}

fn validate(paths: &[String], data_dir: Option<&Path>) -> Outcome {
    let mut invalid = 0usize;
    for name in paths {
        match load(name, data_dir) {
            Ok(pack) => print(&format!(
                "ok: {}: pack `{}` {} with {} in {} and {}\n",
                sanitize_line(name),
                sanitize_line(&pack.meta.id),
                sanitize_line(&pack.meta.version),
                plural(pack.questions.len(), "question", "questions"),
                plural(pack.categories.len(), "category", "categories"),
                plural(pack.profiles.len(), "profile", "profiles"),
            )),
            Err(error) => {
                invalid += 1;
                report_invalid(name, &error);
            }
        }
    }
    if invalid == 0 {
        Ok(ExitCode::SUCCESS)
    } else {
        Err(CliError::Reported)
    }
}

fn report_invalid(name: &str, error: &LoadError) {
    eprint(&error.render(stderr_color()));
    print(&format!(
        "invalid: {}: {}\n",
        sanitize_line(name),
        plural(error.diagnostics.len(), "problem", "problems")
    ));
}

// ----------------------------------------------------------------------------- pack new

/// The id a new pack in `dir` gets: the directory's name made an id ("My Course 2025" →
/// `my-course-2025`), or `None` when nothing usable is left or the id is reserved.
pub fn id_for(dir: &Path) -> Option<String> {
    let name = dir.file_name().and_then(|n| n.to_str()).unwrap_or_default();
    let id = crate::formats::gift::slugify(name, 64);
    (!id.is_empty() && !installed::is_reserved(&id)).then_some(id)
}

/// The template with its id taken from the directory's name, when that name gives a usable id.
pub fn template_for(dir: &Path) -> String {
    match id_for(dir) {
        Some(id) => pack::TEMPLATE.replacen(TEMPLATE_ID, &format!("id: \"{id}\","), 1),
        None => pack::TEMPLATE.to_owned(),
    }
}

fn new(dir: &Path) -> Outcome {
    let shown = sanitize_line(&dir.display().to_string());
    match std::fs::read_dir(dir) {
        Ok(mut entries) => {
            if entries.next().is_some() {
                return Err(format!(
                    "{shown} is not empty: choose a new or empty directory, so nothing in it is overwritten"
                ).into());
            }
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            if let Err(e) = std::fs::create_dir_all(dir) {
                return Err(format!("cannot create {shown}: {e}").into());
            }
        }
        Err(_) if dir.exists() => {
            return Err(format!(
                "{shown} exists and is not a directory: choose a directory name for the new pack"
            )
            .into());
        }
        Err(e) => return Err(format!("cannot read {shown}: {e}").into()),
    }
    let file = dir.join(pack::PACK_FILE);
    let written = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&file)
        .and_then(|mut f| std::io::Write::write_all(&mut f, template_for(dir).as_bytes()));
    if let Err(e) = written {
        return Err(format!(
            "cannot write {}: {e}",
            sanitize_line(&file.display().to_string())
        )
        .into());
    }
    let file_shown = sanitize_line(&file.display().to_string());
    let arg = sanitize_line(&shell_quote(&dir.display().to_string()));
    let (id_step, quiz_with) = match id_for(dir) {
        Some(id) => (format!("set title and version (its id is `{id}`)"), id),
        None => ("set id, title and version".to_owned(), "ID".to_owned()),
    };
    print(&format!(
        "Wrote {file_shown}: a pack with one question of every kind, each field explained.\n\
         Next:\n  \
         1. Edit {file_shown}: {id_step}, then replace the questions with yours.\n  \
         2. skillgap pack lint {arg}       quality warnings, each with file:line:col\n  \
         3. skillgap pack validate {arg}   the check every quiz runs\n  \
         4. skillgap pack install {arg}    copy it into your data directory, then quiz with --pack {quiz_with}\n\
         Hand the pack out as the single file {file_shown}.\n"
    ));
    Ok(ExitCode::SUCCESS)
}

// ---------------------------------------------------------------------------- pack lint

fn lint_packs(names: &[String], strict: bool, data_dir: Option<&Path>) -> Outcome {
    let mut invalid = false;
    let mut warned = false;
    for name in names {
        match resolve::load_with_sources(name, installed_dir(data_dir).as_deref()) {
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
        Err(CliError::Reported)
    } else {
        Ok(ExitCode::SUCCESS)
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

fn install(path: &Path, force: bool, data_dir: Option<&Path>) -> Outcome {
    let dir = crate::store::data_dir(data_dir)?;
    let shown = sanitize_line(&path.display().to_string());
    match installed::install(&dir, path, force, super::prepare::now_ms()) {
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
            printed(&text)
        }
        Err(LibraryError::Invalid(error)) => {
            report_invalid(&path.display().to_string(), &error);
            Err(format!(
                "nothing was installed: fix the problems above in {shown} and run `skillgap pack install` again"
            )
            .into())
        }
        Err(error) => Err(format!("{error}\nNothing was installed.").into()),
    }
}

fn list(format: StatsFormat, data_dir: Option<&Path>) -> Outcome {
    let dir = crate::store::data_dir(data_dir)?;
    let rows = installed::list(&dir).map_err(|error| CliError::Message(error.to_string()))?;
    printed(&match format {
        StatsFormat::Json => crate::text::json_text(&serde_json::json!(rows)),
        StatsFormat::Text => list_text(&rows),
    })
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

fn remove(id: &str, data_dir: Option<&Path>) -> Outcome {
    let dir = crate::store::data_dir(data_dir)?;
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
            printed(&format!(
                "removed: pack `{id}`{what}. {kept}; install it again to see them in `skillgap report --pack {id}`.\n"
            ))
        }
        Err(error) => Err(CliError::Message(error.to_string())),
    }
}

/// How many answers the store holds for a pack, when there is a store to ask.
fn answers_to(data_dir: &Path, id: &str) -> Option<usize> {
    if !data_dir.join(crate::store::DB_FILE).is_file() {
        return None;
    }
    let store = crate::store::Store::open(data_dir).ok()?;
    store.answer_count(id).ok()
}
