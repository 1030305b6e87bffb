//! `skillgap pack import-gift` and `export-gift`: Moodle GIFT files in and out.

use super::{EXIT_INVALID, eprint, print, stderr_color, write_new};
use crate::formats::gift;
use crate::pack::{self, canonical};
use crate::text::sanitize_line;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

fn fail(message: String) -> ExitCode {
    eprint(&format!("skillgap: {}\n", sanitize_line(&message)));
    ExitCode::from(EXIT_INVALID)
}

/// "1 category", "3 categories".
pub(super) fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

pub fn import(file: &Path, output: Option<&Path>) -> ExitCode {
    if std::fs::metadata(file).is_ok_and(|m| m.len() > pack::MAX_FILE_BYTES) {
        return fail(format!(
            "{} is larger than {} MiB, the limit for an imported file: split it into several GIFT files",
            file.display(),
            pack::MAX_FILE_BYTES / (1024 * 1024)
        ));
    }
    let source = match pack::read_source(file) {
        Ok(source) => source,
        Err(error) => {
            eprint(&error.render(stderr_color()));
            return ExitCode::from(EXIT_INVALID);
        }
    };
    let output: PathBuf = match output {
        Some(path) => path.to_owned(),
        None => file.with_extension("ron"),
    };
    if output.exists() {
        return fail(format!(
            "{} already exists and is left as it is: remove it, or name another file with -o",
            output.display()
        ));
    }
    let imported = gift::import::import(&source.text, &source.name);
    for warning in &imported.warnings {
        eprint(&format!("{}\n", warning.render(&source.name)));
    }
    let Some(pack) = imported.pack else {
        return fail(format!(
            "{}: no question could be converted ({} skipped); nothing written",
            source.name, imported.skipped
        ));
    };
    let ron = match canonical::to_ron(&pack) {
        Ok(ron) => ron,
        Err(error) => return fail(format!("cannot write the pack as RON: {error}")),
    };
    let header = format!(
        "// Imported from the Moodle GIFT file {} by `skillgap pack import-gift`.\n// Every question is Medium: GIFT has no difficulty. Check the warnings printed on import.\n",
        sanitize_line(&source.name)
    );
    if let Err(message) = write_new(&output, &format!("{header}{ron}\n")) {
        return fail(message);
    }
    print(&format!(
        "wrote {}: {} in {}, {} skipped, {}\n",
        sanitize_line(&output.display().to_string()),
        plural(imported.converted, "question", "questions"),
        plural(pack.categories.len(), "category", "categories"),
        imported.skipped,
        plural(imported.warnings.len(), "warning", "warnings"),
    ));
    ExitCode::SUCCESS
}

pub fn export(name: &str, output: &Path, data_dir: Option<&Path>) -> ExitCode {
    if output.exists() {
        return fail(format!(
            "{} already exists and is left as it is: remove it, or name another file with -o",
            output.display()
        ));
    }
    let pack = match super::pack::load(name, data_dir) {
        Ok(pack) => pack,
        Err(error) => {
            eprint(&error.render(stderr_color()));
            return ExitCode::from(EXIT_INVALID);
        }
    };
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
        return fail(format!(
            "no question of `{name}` can be written as GIFT; nothing written"
        ));
    }
    if let Err(message) = write_new(output, &exported.text) {
        return fail(message);
    }
    print(&format!(
        "wrote {}: {} exported, {} skipped, {} with notes\n",
        sanitize_line(&output.display().to_string()),
        plural(exported.written, "question", "questions"),
        exported.skipped.len(),
        exported.approximated.len(),
    ));
    ExitCode::SUCCESS
}
