//! `skillgap pack import` and `pack export` (with `import-gift`/`export-gift` as aliases):
//! question files of other tools in and out. Picks the format, reads the file within the
//! size limit, prints the warnings and the one summary line; the conversions live in
//! `formats`.

use super::args::{SourceFormat, TargetFormat};
use super::{CliError, Outcome, eprint, print, write_new};
use crate::formats::{Imported, aiken, gift, moodle};
use crate::pack::{self, canonical};
use crate::text::{plural, sanitize_line};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// What `pack import` does with a file, from `--from` or the extension.
enum Source {
    Format(SourceFormat),
    /// An Anki package (`.apkg`, `.colpkg`).
    Anki,
}

fn source_of(file: &Path, from: Option<SourceFormat>, text_head: &str) -> Result<Source, CliError> {
    if let Some(format) = from {
        return Ok(Source::Format(format));
    }
    let extension = file
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    match extension.as_str() {
        "gift" => Ok(Source::Format(SourceFormat::Gift)),
        "xml" => Ok(Source::Format(SourceFormat::MoodleXml)),
        "aiken" => Ok(Source::Format(SourceFormat::Aiken)),
        "apkg" | "colpkg" => Ok(Source::Anki),
        "txt" => Ok(Source::Format(sniff_text(text_head))),
        _ => Err(CliError::untrusted(&format!(
            "{}: cannot tell the format from the extension `{extension}`: name it with --from gift|moodle-xml|aiken (or use .gift, .xml, .aiken)",
            file.display()
        ))),
    }
}

/// A `.txt` file: Aiken when it has `ANSWER:` lines and no GIFT braces, else GIFT.
fn sniff_text(text: &str) -> SourceFormat {
    let aiken = text.lines().any(|l| {
        l.trim_start()
            .get(..7)
            .is_some_and(|h| h.eq_ignore_ascii_case("answer:"))
    });
    if aiken && !text.contains('{') {
        SourceFormat::Aiken
    } else {
        SourceFormat::Gift
    }
}

fn format_name(format: SourceFormat) -> &'static str {
    match format {
        SourceFormat::Gift => "Moodle GIFT",
        SourceFormat::MoodleXml => "Moodle XML",
        SourceFormat::Aiken => "Aiken",
    }
}

pub fn import(
    file: &Path,
    output: Option<&Path>,
    from: Option<SourceFormat>,
    with_history: bool,
    data_dir: Option<&Path>,
) -> Outcome {
    let extension = file
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    if from.is_none() && matches!(extension.as_str(), "apkg" | "colpkg") {
        return super::anki::import(file, with_history, output, data_dir);
    }
    if with_history {
        return Err(CliError::Message(
            "--with-history applies to Anki packages (.apkg, .colpkg): other formats hold no review history"
                .to_owned(),
        ));
    }
    // The size limit is checked before anything is read (`read_source` refuses larger files
    // from their metadata, and stops at the limit for pipes).
    let source = match pack::read_source(file) {
        Ok(source) => source,
        Err(error) => return Err(super::files::rendered(error)),
    };
    let format = match source_of(file, from, &source.text) {
        Ok(Source::Format(format)) => format,
        Ok(Source::Anki) => return super::anki::import(file, with_history, output, data_dir),
        Err(error) => return Err(error),
    };
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
    let imported: Imported = match format {
        SourceFormat::Gift => gift::import::import(&source.text, &source.name),
        SourceFormat::MoodleXml => moodle::import::import(&source.text, &source.name),
        SourceFormat::Aiken => aiken::import(&source.text, &source.name),
    };
    for warning in &imported.warnings {
        eprint(&format!("{}\n", warning.render(&source.name)));
    }
    let Some(pack) = &imported.pack else {
        return Err(CliError::untrusted(&format!(
            "{}: no question could be converted ({}); nothing written",
            source.name,
            imported.summary()
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
        "// Imported from the {} file {} by `skillgap pack import`.\n// Every question is Medium: the format has no difficulty. Check the warnings printed on import.\n",
        format_name(format),
        sanitize_line(&source.name)
    );
    write_new(&output, &format!("{header}{ron}\n"))?;
    print(&format!(
        "wrote {} (pack `{}`): {}\n",
        sanitize_line(&output.display().to_string()),
        sanitize_line(&pack.meta.id),
        imported.summary(),
    ));
    Ok(ExitCode::SUCCESS)
}

pub fn export(name: &str, to: TargetFormat, output: &Path, data_dir: Option<&Path>) -> Outcome {
    if output.exists() {
        return Err(CliError::untrusted(&format!(
            "{} already exists and is left as it is: remove it, or name another file with -o",
            output.display()
        )));
    }
    let pack = match super::files::load(name, data_dir) {
        Ok(pack) => pack,
        Err(error) => return Err(super::files::rendered(error)),
    };
    let (exported, format) = match to {
        TargetFormat::Gift => (gift::export::export(&pack), "GIFT"),
        TargetFormat::MoodleXml => (moodle::export::export(&pack), "Moodle XML"),
        TargetFormat::Aiken => (aiken::export(&pack), "Aiken"),
    };
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
            "no question of `{name}` can be written as {format}; nothing written"
        )));
    }
    write_new(output, &exported.text)?;
    print(&format!(
        "wrote {}: {} exported as {format}, {} skipped, {} with notes\n",
        sanitize_line(&output.display().to_string()),
        plural(exported.written, "question", "questions"),
        exported.skipped.len(),
        exported.approximated.len(),
    ));
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_format_comes_from_the_extension_or_the_text() {
        let pick = |name: &str, text: &str| match source_of(Path::new(name), None, text) {
            Ok(Source::Format(format)) => Some(format),
            _ => None,
        };
        assert_eq!(pick("a.xml", ""), Some(SourceFormat::MoodleXml));
        assert_eq!(pick("a.GIFT", ""), Some(SourceFormat::Gift));
        assert_eq!(
            pick("a.txt", "Q?\nA. x\nB. y\nANSWER: A\n"),
            Some(SourceFormat::Aiken)
        );
        assert_eq!(pick("a.txt", "::q:: Q? {=x ~y}"), Some(SourceFormat::Gift));
        assert_eq!(pick("a.doc", ""), None);
        assert!(matches!(
            source_of(Path::new("d.apkg"), None, ""),
            Ok(Source::Anki)
        ));
    }
}
