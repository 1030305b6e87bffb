//! The command line's own input and output, shared by its commands: a pack by the name typed
//! (its diagnostics rendered for the terminal), a results file read within its size limit,
//! output printed or written to `-o FILE`, and the store opened. No command logic.

use super::{CliError, eprint, print, stderr_color};
use crate::cohort::ClassFileError;
use crate::pack::{LoadError, Pack, resolve};
use crate::store::Store;
use crate::text::sanitize_line;
use std::io::Read;
use std::path::{Path, PathBuf};

/// Larger results files are refused before they are read.
const MAX_RESULTS_BYTES: u64 = 64 * 1024 * 1024;

/// A pack that cannot be used, as the error the CLI prints: its diagnostics.
pub(super) fn rendered(error: LoadError) -> CliError {
    CliError::Rendered(error.render(stderr_color()))
}

/// Where installed packs are looked up: the data directory, when there is one.
pub(super) fn installed_dir(data_dir: Option<&Path>) -> Option<PathBuf> {
    crate::store::data_dir(data_dir).ok()
}

/// A pack named on the command line: a path, `backend` for the bundled bank, or the id of an
/// installed pack (see [`crate::pack::resolve`] for the order).
pub fn load(name: &str, data_dir: Option<&Path>) -> Result<Pack, LoadError> {
    resolve::load(name, installed_dir(data_dir).as_deref())
}

/// Prints `text`, or writes it to `path` (replacing the file) and says where on standard error.
pub(super) fn write_output(path: Option<&Path>, text: &str) -> Result<(), CliError> {
    let Some(path) = path else {
        print(text);
        return Ok(());
    };
    std::fs::write(path, text).map_err(|e| {
        format!(
            "cannot write {}: {e} (check the folder exists and is writable)",
            sanitize_line(&path.display().to_string())
        )
    })?;
    eprint(&format!(
        "skillgap: wrote {} ({} KiB)\n",
        sanitize_line(&path.display().to_string()),
        text.len().div_ceil(1024)
    ));
    Ok(())
}

/// A file's text, within the results files' size limit, or why not.
pub(super) fn read_text(path: &Path) -> Result<String, ClassFileError> {
    let file = std::fs::File::open(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => ClassFileError::NotFound,
        std::io::ErrorKind::PermissionDenied => ClassFileError::PermissionDenied,
        _ => ClassFileError::Unreadable(e.to_string()),
    })?;
    if file.metadata().is_ok_and(|m| m.is_dir()) {
        return Err(ClassFileError::Directory);
    }
    let mut bytes = Vec::new();
    file.take(MAX_RESULTS_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| ClassFileError::Unreadable(e.to_string()))?;
    if bytes.len() as u64 > MAX_RESULTS_BYTES {
        return Err(ClassFileError::TooLarge {
            limit_mib: MAX_RESULTS_BYTES / (1024 * 1024),
        });
    }
    String::from_utf8(bytes).map_err(|_| ClassFileError::NotUtf8)
}

pub(super) fn open_store(data_dir: Option<&Path>) -> Result<Store, CliError> {
    let dir = crate::store::data_dir(data_dir)?;
    Ok(Store::open(&dir)?)
}
