//! Which pack a name given by the user means: an existing file or directory first (so
//! `./backend` reaches a local directory), then `backend` (always the bundled bank: that id
//! cannot be installed), then the id of a pack installed in the data directory (see
//! [`super::installed`]). Errors are diagnostics naming what was looked for and how to fix
//! it. Knows nothing of the command line or the store: the caller passes the data directory.

use std::path::{Path, PathBuf};

use super::installed::{self, LibraryError};
use super::{Diagnostic, LoadError, Pack, Sources};

/// What a name was resolved to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Named {
    Path(PathBuf),
    Bundled,
    Installed { data_dir: PathBuf, id: String },
}

/// Resolves `name` (see the module doc for the order). `data_dir` is where installed packs
/// live, `None` when there is no data directory to look in.
pub fn resolve(name: &str, data_dir: Option<&Path>) -> Result<Named, LoadError> {
    let path = Path::new(name);
    if path.exists() {
        return Ok(Named::Path(path.to_path_buf()));
    }
    if name == super::bundled_dir_name() {
        return Ok(Named::Bundled);
    }
    if let Some(dir) = data_dir
        && installed::packs_dir(dir).join(name).is_dir()
        && installed::installed_ids(dir).is_ok_and(|ids| ids.iter().any(|id| id == name))
    {
        return Ok(Named::Installed {
            data_dir: dir.to_path_buf(),
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
            super::bundled_dir_name()
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

/// The pack `name` means, loaded and validated.
pub fn load(name: &str, data_dir: Option<&Path>) -> Result<Pack, LoadError> {
    match resolve(name, data_dir)? {
        Named::Path(path) => super::load_path(&path),
        Named::Bundled => super::load_bundled(),
        Named::Installed { data_dir, id } => {
            installed::load_installed(&data_dir, &id).map_err(|e| library_load_error(name, e))
        }
    }
}

/// Like [`load`], also returning the sources the pack was validated from (for locating lint
/// warnings).
pub fn load_with_sources(
    name: &str,
    data_dir: Option<&Path>,
) -> Result<(Pack, Sources), LoadError> {
    let sources = match resolve(name, data_dir)? {
        Named::Path(path) => super::read_path(&path)?,
        Named::Bundled => super::bundled_sources(),
        Named::Installed { data_dir, id } => {
            installed::installed_sources(&data_dir, &id).map_err(|e| library_load_error(name, e))?
        }
    };
    let pack = super::load_sources(sources.clone())?;
    Ok((pack, sources))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_resolve_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("mine.ron");
        std::fs::write(&file, "x").unwrap();
        let name = file.display().to_string();
        assert_eq!(resolve(&name, None).unwrap(), Named::Path(file));
        assert_eq!(
            resolve(super::super::bundled_dir_name(), Some(dir.path())).unwrap(),
            Named::Bundled
        );
        let missing = resolve("no-such-pack", Some(dir.path())).unwrap_err();
        let message = &missing.diagnostics[0].message;
        assert!(message.contains("no pack is installed"), "{message}");
        let path = resolve("gone/pack.ron", None).unwrap_err();
        assert!(
            path.diagnostics[0].message.contains("check the path"),
            "{:?}",
            path.diagnostics
        );
    }
}
