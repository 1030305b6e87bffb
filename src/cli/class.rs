//! `skillgap class`: aggregate students' exported results into a class report (printed,
//! written to a file with `-o`, as an HTML page with `--format html`, or shown in the
//! terminal app with `--tui`).

use super::files::{read_text, write_output};
use super::prepare::{check_profile, pack_ref};
use super::{CliError, Outcome, eprint, stderr_color};
use crate::cli::args::{ClassArgs, ReportFormat};
use crate::cohort::results;
use crate::pack::Pack;
use crate::report::class::{self, ClassFile, ClassReport};
use crate::text::sanitize_line;
use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;

pub fn run(args: ClassArgs, data_dir: Option<&Path>) -> Outcome {
    let report = build(&args, data_dir)?;
    if args.tui {
        return super::tui_exit(crate::tui::class::run(report));
    }
    // The text report lists them itself; elsewhere they go to standard error too.
    let listed = args.format == ReportFormat::Text
        && args.output.is_none()
        && std::io::stdout().is_terminal();
    for skipped in report.skipped.iter().filter(|_| !listed) {
        eprint(&format!(
            "skillgap: {}: skipped: {}\n",
            sanitize_line(&skipped.file),
            sanitize_line(&skipped.reason)
        ));
    }
    let text = match args.format {
        ReportFormat::Text => report.to_text(),
        ReportFormat::Markdown => report.to_markdown(),
        ReportFormat::Json => crate::text::json_text(&report.to_json()),
        ReportFormat::Csv => report.to_csv(),
        ReportFormat::Html => crate::report::html::class::render(&report),
    };
    write_output(args.output.as_deref(), &text)?;
    if report.students.is_empty() {
        return Err("no file could be used: see the reasons above".into());
    }
    Ok(ExitCode::SUCCESS)
}

/// Reads the files, finds the pack and aggregates.
pub fn build(args: &ClassArgs, data_dir: Option<&Path>) -> Result<ClassReport, CliError> {
    let files: Vec<ClassFile> = args.files.iter().map(|path| read(path)).collect();
    let given: Option<Pack> = match &args.pack {
        Some(name) => Some(super::files::load(name, data_dir).map_err(|e| {
            format!(
                "cannot use pack `{}`:\n{}",
                sanitize_line(name),
                e.render(stderr_color())
            )
        })?),
        None => None,
    };
    let mut notes = Vec::new();
    let pack = match given {
        Some(pack) => Some(pack),
        None => {
            // Which pack the class is on, from the files; then that pack, if it is here.
            let first = class::aggregate(&files, None, None, None);
            match &first.pack {
                Some(wanted) => match super::files::load(&wanted.id, data_dir) {
                    Ok(pack) if pack.meta.version == wanted.version => Some(pack),
                    Ok(pack) => {
                        notes.push(format!(
                            "pack `{}` here is version {}, the results are for {}: category titles, targets and choice texts are not shown (pass the right version with --pack FILE)",
                            sanitize_line(&wanted.id),
                            sanitize_line(&pack.meta.version),
                            sanitize_line(&wanted.version)
                        ));
                        None
                    }
                    Err(_) => {
                        notes.push(format!(
                            "pack `{}` is not installed here: category titles, targets and choice texts are not shown (pass it with --pack FILE)",
                            sanitize_line(&wanted.id)
                        ));
                        None
                    }
                },
                None => None,
            }
        }
    };
    if let Some(profile) = &args.profile {
        match &pack {
            Some(pack) => check_profile(std::slice::from_ref(pack), profile)?,
            None => {
                return Err(
                    "--profile needs the pack the results are for: pass it with --pack".into(),
                );
            }
        }
    }
    let expected = args.pack.as_ref().and(pack.as_ref()).map(pack_ref);
    let mut report = class::aggregate_with(
        &files,
        pack.as_ref(),
        args.profile.as_deref(),
        expected.as_ref(),
        args.min_students,
    );
    report.notes.extend(notes);
    Ok(report)
}

/// A results file read and parsed, or why not.
fn read(path: &Path) -> ClassFile {
    let name = path.display().to_string();
    let results = read_text(path).and_then(|text| Ok(results::parse(&text)?));
    ClassFile { name, results }
}
