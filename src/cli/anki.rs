//! `skillgap pack import FILE.apkg|FILE.colpkg [--with-history]`: an Anki package into a pack,
//! and with `--with-history` its cards' memory into the learner's schedules.

use super::{CliError, Outcome, eprint, print, write_new};
use crate::formats::anki;
use crate::pack::canonical;
use crate::store::{self, Store};
use crate::text::{plural, sanitize_line};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Warnings printed one by one before the rest are counted.
const MAX_PRINTED_WARNINGS: usize = 50;

pub fn import(
    file: &Path,
    with_history: bool,
    output: Option<&Path>,
    data_dir: Option<&Path>,
) -> Outcome {
    let shown = file.display().to_string();
    let extension = file
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase());
    if !matches!(extension.as_deref(), Some("apkg" | "colpkg")) {
        return Err(CliError::untrusted(&format!(
            "{shown}: `pack import` reads Anki packages (.apkg, .colpkg); for a GIFT file use `skillgap pack import-gift`"
        )));
    }
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
    let name = file
        .file_name()
        .map_or_else(|| shown.clone(), |n| n.to_string_lossy().into_owned());
    let options = anki::Options {
        with_history,
        ..anki::Options::default()
    };
    let imported = match anki::import_file(file, &name, &options) {
        Ok(imported) => imported,
        Err(error) => return Err(CliError::file(file, error)),
    };
    for warning in imported.warnings.iter().take(MAX_PRINTED_WARNINGS) {
        eprint(&format!("{}\n", warning.render(&name)));
    }
    if imported.warnings.len() > MAX_PRINTED_WARNINGS {
        eprint(&format!(
            "{}: {} more warnings\n",
            sanitize_line(&name),
            imported.warnings.len() - MAX_PRINTED_WARNINGS
        ));
    }
    let skipped = skipped_text(&imported);
    let Some(pack) = &imported.pack else {
        return Err(CliError::untrusted(&format!(
            "{shown}: no card could be converted ({skipped}); nothing written"
        )));
    };
    let ron = match canonical::to_ron(pack) {
        Ok(ron) => ron,
        Err(error) => {
            return Err(CliError::untrusted(&format!(
                "cannot write the pack as RON: {error}"
            )));
        }
    };
    let header = format!(
        "// Imported from the Anki package {} ({}) by `skillgap pack import`.\n// Flashcards are Open questions you reveal and self-grade; check the warnings printed on import.\n",
        sanitize_line(&name),
        imported.version.member()
    );
    write_new(&output, &format!("{header}{ron}\n"))?;
    let mut history = String::new();
    if with_history {
        let written = store::data_dir(data_dir)
            .and_then(|dir| Store::open(&dir))
            .and_then(|store| store.put_schedules(&pack.meta.id, &imported.schedules));
        match written {
            Ok(count) => {
                history = format!(
                    ", {} from the review history",
                    plural(count, "schedule", "schedules")
                );
            }
            Err(error) => {
                return Err(CliError::untrusted(&format!(
                    "wrote {} but could not save the review history: {error}",
                    output.display()
                )));
            }
        }
    }
    print(&format!(
        "wrote {}: {} in {}, {}, {}, {} referenced{history}\n",
        sanitize_line(&output.display().to_string()),
        plural(imported.converted, "question", "questions"),
        plural(imported.categories, "category", "categories"),
        skipped,
        plural(imported.warnings.len(), "warning", "warnings"),
        plural(imported.media.len(), "media file", "media files"),
    ));
    Ok(ExitCode::SUCCESS)
}

/// "0 skipped" or "3 skipped (2 empty back, 1 note without cards)".
fn skipped_text(imported: &anki::Imported) -> String {
    let total = imported.skipped_total();
    if total == 0 {
        return "0 skipped".to_owned();
    }
    let reasons: Vec<String> = imported
        .skipped
        .iter()
        .map(|(reason, n)| format!("{n} {reason}"))
        .collect();
    format!("{total} skipped ({})", reasons.join(", "))
}
