//! `skillgap pack import-gift` and `export-gift`: Moodle GIFT files in and out.

use std::path::Path;
use std::process::ExitCode;

pub fn import(file: &Path, output: Option<&Path>) -> ExitCode {
    let _ = (file, output);
    super::report::fail("import-gift is being built".to_owned())
}

pub fn export(pack: &str, output: &Path) -> ExitCode {
    let _ = (pack, output);
    super::report::fail("export-gift is being built".to_owned())
}
