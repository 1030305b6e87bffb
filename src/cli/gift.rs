//! `skillgap pack import-gift` and `export-gift`: Moodle GIFT files in and out.

use super::{CliError, Outcome, eprint, print, write_new};
use crate::formats::gift;
use crate::pack::{self, canonical};
use crate::text::{plural, sanitize_line};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

pub fn import(file: &Path, output: Option<&Path>) -> Outcome {
    if std::fs::metadata(file).is_ok_and(|m| m.len() > pack::MAX_FILE_BYTES) {
        return Err(CliError::untrusted(&format!(
            "{} is larger than {} MiB, the limit for an imported file: split it into several GIFT files",
            file.display(),
            pack::MAX_FILE_BYTES / (1024 * 1024)
        )));
    }
    let source = pack::read_source(file).map_err(super::pack::rendered)?;
    let output: PathBuf = match output {
        Some(path) => path.to_owned(),
        None => file.with_extension("ron"),
    };
    if output.exists() {
        return Err(CliError::untrusted(&format!(
            "{} already exists and is left as it is: remove it, or name another file with -o",
            output.display()
        )));
    }
    let imported = gift::import::import(&source.text, &source.name);
    for warning in &imported.warnings {
        eprint(&format!("{}\n", warning.render(&source.name)));
    }
    let Some(pack) = imported.pack else {
        return Err(CliError::untrusted(&format!(
            "{}: no question could be converted ({} skipped); nothing written",
            source.name, imported.skipped
        )));
    };
    let ron = canonical::to_ron(&pack)
        .map_err(|error| CliError::untrusted(&format!("cannot write the pack as RON: {error}")))?;
    let header = format!(
        "// Imported from the Moodle GIFT file {} by `skillgap pack import-gift`.\n// Every question is Medium: GIFT has no difficulty. Check the warnings printed on import.\n",
        sanitize_line(&source.name)
    );
    write_new(&output, &format!("{header}{ron}\n"))
        .map_err(|error| CliError::untrusted(&error.to_string()))?;
    print(&format!(
        "wrote {}: {} in {}, {} skipped, {}\n",
        sanitize_line(&output.display().to_string()),
        plural(imported.converted, "question", "questions"),
        plural(pack.categories.len(), "category", "categories"),
        imported.skipped,
        plural(imported.warnings.len(), "warning", "warnings"),
    ));
    Ok(ExitCode::SUCCESS)
}

pub fn export(name: &str, output: &Path, data_dir: Option<&Path>) -> Outcome {
    if output.exists() {
        return Err(CliError::untrusted(&format!(
            "{} already exists and is left as it is: remove it, or name another file with -o",
            output.display()
        )));
    }
    let pack = super::pack::load(name, data_dir).map_err(super::pack::rendered)?;
    let exported = gift::export::export(&pack);
    for note in &exported.skipped {
        eprint(&format!(
            "skipped {}: {}\n",
            sanitize_line(&note.id),
            sanitize_line(&note.message)
        ));
    }
    for note in &exported.approximated {
        eprint(&format!(
            "note {}: {}\n",
            sanitize_line(&note.id),
            sanitize_line(&note.message)
        ));
    }
    if exported.written == 0 {
        return Err(CliError::untrusted(&format!(
            "no question of `{name}` can be written as GIFT; nothing written"
        )));
    }
    write_new(output, &exported.text).map_err(|error| CliError::untrusted(&error.to_string()))?;
    print(&format!(
        "wrote {}: {} exported, {} skipped, {} with notes\n",
        sanitize_line(&output.display().to_string()),
        plural(exported.written, "question", "questions"),
        exported.skipped.len(),
        exported.approximated.len(),
    ));
    Ok(ExitCode::SUCCESS)
}
