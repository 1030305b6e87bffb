//! Installed packs in the data directory: install (validate, then copy as a whole), list,
//! remove and load them by id. No terminal here; the commands layer prints.
//!
//! Layout: `DATA_DIR/packs/<id>/install.json` (the manifest) next to the pack itself, either
//! `<id>.ron` (a single-file pack) or `pack/` (a directory pack: `pack.ron` plus its category
//! files). A pack is written to a temporary directory beside it and renamed into place, so a
//! failure never leaves half a pack. Answers live in the store, keyed by pack id, so upgrading
//! or removing a pack never touches them.
//!
//! The id `backend` belongs to the bundled bank and cannot be installed: `--pack backend`
//! always means the bank shipped with skillgap, and answers to it never mix with another
//! pack's.

use crate::pack::{self, LoadError, Pack, Sources};
use crate::text::sanitize_line;
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;
use std::fmt;
use std::path::{Path, PathBuf};

/// The directory under the data directory holding installed packs.
pub const PACKS_DIR: &str = "packs";
/// The manifest of an installed pack.
pub const MANIFEST: &str = "install.json";
/// Where a directory pack sits inside its installed directory.
const DIRECTORY_ENTRY: &str = "pack";
/// Manifest format written by this version.
const MANIFEST_FORMAT: u32 = 1;

/// What `install.json` records about an installed pack.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    pub format: u32,
    pub id: String,
    pub title: String,
    pub version: String,
    #[serde(default)]
    pub authors: Vec<String>,
    pub questions: usize,
    /// sha256 of the pack's content ([`Pack::content_hash`]).
    pub content_hash: String,
    /// The path it was installed from (absolute when it could be made so).
    pub source: String,
    /// Milliseconds since the Unix epoch.
    pub installed_at_ms: i64,
    /// `<id>.ron` or `pack`, relative to the pack's installed directory.
    pub entry: String,
}

/// What `install` did.
#[derive(Debug, Clone, PartialEq)]
pub enum InstallOutcome {
    /// No pack had this id.
    Installed { manifest: Manifest },
    /// A newer version replaced an older one.
    Upgraded { manifest: Manifest, from: String },
    /// The very same version and content was already installed; nothing was written.
    AlreadyInstalled { manifest: Manifest },
    /// `--force` replaced a pack that would otherwise have been refused.
    Replaced {
        manifest: Manifest,
        from: String,
        why: Refusal,
    },
}

impl InstallOutcome {
    pub fn manifest(&self) -> &Manifest {
        match self {
            InstallOutcome::Installed { manifest }
            | InstallOutcome::Upgraded { manifest, .. }
            | InstallOutcome::AlreadyInstalled { manifest }
            | InstallOutcome::Replaced { manifest, .. } => manifest,
        }
    }
}

/// Why an install is refused without `--force`.
#[derive(Debug, Clone, PartialEq)]
pub enum Refusal {
    /// The installed pack has the same version but different content.
    SameVersionChanged { version: String },
    /// The installed pack is newer.
    Older { installed: String, new: String },
    /// Title and authors both differ: another pack that happens to use the same id.
    DifferentPack {
        installed_title: String,
        installed_authors: Vec<String>,
        source: String,
    },
    /// The installed copy cannot be read.
    Damaged { problem: String },
}

/// Why a library operation failed. Messages name the path or id and say what to do.
#[derive(Debug)]
pub enum LibraryError {
    /// The pack to install is not valid: every problem, with file:line:col.
    Invalid(LoadError),
    /// The id of the bundled bank.
    Reserved { id: String },
    /// A refusal `--force` would override.
    Refused { id: String, refusal: Refusal },
    /// `remove` or `load_installed` of an id that is not installed.
    NotInstalled { id: String, installed: Vec<String> },
    /// An installed pack that cannot be read or is not what its manifest says.
    Damaged { path: PathBuf, problem: String },
    /// An installed pack whose files no longer validate (edited by hand?).
    Broken { path: PathBuf, error: LoadError },
    Io {
        path: PathBuf,
        action: &'static str,
        source: std::io::Error,
    },
}

impl fmt::Display for LibraryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LibraryError::Invalid(error) => write!(f, "the pack is not valid:\n{error}"),
            LibraryError::Reserved { id } => write!(
                f,
                "the id `{}` belongs to the pack bundled with skillgap and cannot be installed: \
                 give your pack another id (answers are kept per pack id, so two packs with one \
                 id would mix their history)",
                sanitize_line(id)
            ),
            LibraryError::Refused { id, refusal } => {
                let id = sanitize_line(id);
                match refusal {
                    Refusal::SameVersionChanged { version } => write!(
                        f,
                        "pack `{id}` version {} is already installed with different content: \
                         bump the `version` in the pack (e.g. to a higher number) so the change \
                         is an upgrade, or add --force to replace it as it is",
                        sanitize_line(version)
                    ),
                    Refusal::Older { installed, new } => write!(
                        f,
                        "pack `{id}` version {} is installed, newer than the {} you are \
                         installing: add --force to go back to the older version",
                        sanitize_line(installed),
                        sanitize_line(new)
                    ),
                    Refusal::DifferentPack {
                        installed_title,
                        installed_authors,
                        source,
                    } => write!(
                        f,
                        "another pack already uses the id `{id}`: \"{}\"{} installed from {}. \
                         Its title and authors both differ from yours, so it looks like a \
                         different pack; answers are kept per pack id and would mix. Give your \
                         pack another id, or add --force if it really is the same pack renamed",
                        sanitize_line(installed_title),
                        if installed_authors.is_empty() {
                            String::new()
                        } else {
                            format!(" by {}", sanitize_line(&installed_authors.join(", ")))
                        },
                        sanitize_line(source)
                    ),
                    Refusal::Damaged { problem } => write!(
                        f,
                        "the installed copy of pack `{id}` is damaged ({}): add --force to \
                         replace it, or `skillgap pack remove {id}` first",
                        sanitize_line(problem)
                    ),
                }
            }
            LibraryError::NotInstalled { id, installed } => {
                write!(f, "no installed pack has the id `{}`", sanitize_line(id))?;
                if installed.is_empty() {
                    write!(
                        f,
                        "; no pack is installed (`skillgap pack install PATH` adds one)"
                    )
                } else {
                    write!(f, "; installed: {}", sanitize_line(&installed.join(", ")))
                }
            }
            LibraryError::Damaged { path, problem } => write!(
                f,
                "the installed pack in {} is damaged: {}; install it again with \
                 `skillgap pack install PATH --force`, or delete that directory",
                sanitize_line(&path.display().to_string()),
                sanitize_line(problem)
            ),
            LibraryError::Broken { path, error } => write!(
                f,
                "the installed pack in {} no longer validates; install it again with \
                 `skillgap pack install PATH --force`:\n{error}",
                sanitize_line(&path.display().to_string())
            ),
            LibraryError::Io {
                path,
                action,
                source,
            } => write!(
                f,
                "cannot {action} {}: {source}; check the permissions and free space of the data \
                 directory",
                sanitize_line(&path.display().to_string())
            ),
        }
    }
}

impl std::error::Error for LibraryError {}

fn io(path: &Path, action: &'static str) -> impl FnOnce(std::io::Error) -> LibraryError {
    let path = path.to_path_buf();
    move |source| LibraryError::Io {
        path,
        action,
        source,
    }
}

/// `DATA_DIR/packs`.
pub fn packs_dir(data_dir: &Path) -> PathBuf {
    data_dir.join(PACKS_DIR)
}

/// Whether `id` is the bundled bank's.
pub fn is_reserved(id: &str) -> bool {
    id == pack::bundled_dir_name()
}

/// A safe directory name: what pack validation accepts as an id (and nothing else, so an id
/// read from a manifest or typed by a user can never escape `packs/`).
fn is_plain_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id.chars().next().is_some_and(|c| c.is_ascii_alphanumeric())
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

/// Compares versions the way people number them: numeric parts as numbers (`1.10` > `1.9`),
/// missing parts as zero (`1.0` = `1.0.0`), a leading `v` ignored, a pre-release
/// (`2.0.0-beta`) before its release, build metadata (`+...`) ignored.
pub fn compare_versions(a: &str, b: &str) -> Ordering {
    fn split(version: &str) -> (Vec<&str>, Option<&str>) {
        let version = version.trim();
        let version = version
            .strip_prefix(['v', 'V'])
            .filter(|rest| rest.starts_with(|c: char| c.is_ascii_digit()))
            .unwrap_or(version);
        let version = version.split('+').next().unwrap_or(version);
        let (main, pre) = match version.split_once('-') {
            Some((main, pre)) => (main, Some(pre)),
            None => (version, None),
        };
        (main.split('.').collect(), pre)
    }
    fn part(a: &str, b: &str) -> Ordering {
        match (a.parse::<u64>(), b.parse::<u64>()) {
            (Ok(x), Ok(y)) => x.cmp(&y),
            (Ok(_), Err(_)) => Ordering::Less,
            (Err(_), Ok(_)) => Ordering::Greater,
            (Err(_), Err(_)) => a.cmp(b),
        }
    }
    fn parts(a: &[&str], b: &[&str]) -> Ordering {
        for i in 0..a.len().max(b.len()) {
            let x = a.get(i).copied().unwrap_or("0");
            let y = b.get(i).copied().unwrap_or("0");
            match part(x, y) {
                Ordering::Equal => {}
                other => return other,
            }
        }
        Ordering::Equal
    }
    let (main_a, pre_a) = split(a);
    let (main_b, pre_b) = split(b);
    parts(&main_a, &main_b).then_with(|| match (pre_a, pre_b) {
        (None, None) => Ordering::Equal,
        (None, Some(_)) => Ordering::Greater,
        (Some(_), None) => Ordering::Less,
        (Some(x), Some(y)) => {
            let x: Vec<&str> = x.split('.').collect();
            let y: Vec<&str> = y.split('.').collect();
            parts(&x, &y)
        }
    })
}

/// An installed pack: its manifest, where it lives, and the pack if it loads.
#[derive(Debug)]
pub struct Installed {
    pub manifest: Manifest,
    pub dir: PathBuf,
}

/// Reads the manifest of `packs/<id>`; errors name the path.
pub fn manifest(data_dir: &Path, id: &str) -> Result<Installed, LibraryError> {
    let dir = packs_dir(data_dir).join(id);
    let path = dir.join(MANIFEST);
    let damaged = |problem: String| LibraryError::Damaged {
        path: dir.clone(),
        problem,
    };
    let text = std::fs::read_to_string(&path)
        .map_err(|e| damaged(format!("cannot read {MANIFEST}: {e}")))?;
    let manifest: Manifest = serde_json::from_str(&text)
        .map_err(|e| damaged(format!("{MANIFEST} is not a skillgap manifest: {e}")))?;
    if manifest.format > MANIFEST_FORMAT {
        return Err(damaged(format!(
            "{MANIFEST} was written by a newer skillgap (format {}); update skillgap",
            manifest.format
        )));
    }
    if manifest.id != id {
        return Err(damaged(format!(
            "{MANIFEST} is for pack `{}`, not `{id}`",
            manifest.id
        )));
    }
    let expected_file = format!("{id}.ron");
    if manifest.entry != DIRECTORY_ENTRY && manifest.entry != expected_file {
        return Err(damaged(format!(
            "{MANIFEST} names an unexpected entry `{}`",
            manifest.entry
        )));
    }
    Ok(Installed { manifest, dir })
}

/// Ids of the installed packs (directories under `packs/` with a plain id as name), sorted.
/// Temporary directories of an interrupted install are skipped.
pub fn installed_ids(data_dir: &Path) -> Result<Vec<String>, LibraryError> {
    let dir = packs_dir(data_dir);
    let entries = match std::fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(io(&dir, "read")(e)),
    };
    let mut ids = Vec::new();
    for entry in entries {
        let entry = entry.map_err(io(&dir, "read"))?;
        let Ok(name) = entry.file_name().into_string() else {
            continue;
        };
        if is_plain_id(&name) && entry.path().is_dir() {
            ids.push(name);
        }
    }
    ids.sort();
    Ok(ids)
}

/// Loads an installed pack by id, validating it again (it may have been edited by hand).
pub fn load_installed(data_dir: &Path, id: &str) -> Result<Pack, LibraryError> {
    if !is_plain_id(id) || !packs_dir(data_dir).join(id).is_dir() {
        return Err(LibraryError::NotInstalled {
            id: id.to_owned(),
            installed: installed_ids(data_dir).unwrap_or_default(),
        });
    }
    let installed = manifest(data_dir, id)?;
    load_entry(&installed)
}

fn load_entry(installed: &Installed) -> Result<Pack, LibraryError> {
    let path = installed.dir.join(&installed.manifest.entry);
    let pack = pack::load_path(&path).map_err(|error| LibraryError::Broken {
        path: installed.dir.clone(),
        error,
    })?;
    if pack.meta.id != installed.manifest.id {
        return Err(LibraryError::Damaged {
            path: installed.dir.clone(),
            problem: format!(
                "it holds pack `{}`, not `{}`",
                pack.meta.id, installed.manifest.id
            ),
        });
    }
    Ok(pack)
}

/// Loads an installed pack's source files (for linting it).
pub fn installed_sources(data_dir: &Path, id: &str) -> Result<Sources, LibraryError> {
    let installed = manifest(data_dir, id)?;
    pack::read_path(&installed.dir.join(&installed.manifest.entry)).map_err(|error| {
        LibraryError::Damaged {
            path: installed.dir.clone(),
            problem: error.to_string(),
        }
    })
}

/// Validates the pack at `source` and copies it into `DATA_DIR/packs/<id>/`; see
/// [`InstallOutcome`] and [`Refusal`] for what happens when the id is already installed.
pub fn install(
    data_dir: &Path,
    source: &Path,
    force: bool,
    now_ms: i64,
) -> Result<InstallOutcome, LibraryError> {
    let sources = pack::read_path(source).map_err(LibraryError::Invalid)?;
    let new = pack::validate_sources(&sources).map_err(LibraryError::Invalid)?;
    let id = new.meta.id.clone();
    if is_reserved(&id) {
        return Err(LibraryError::Reserved { id });
    }
    let content_hash = new.content_hash();
    let source_name = std::path::absolute(source)
        .unwrap_or_else(|_| source.to_path_buf())
        .display()
        .to_string();
    let entry = if sources.directory {
        DIRECTORY_ENTRY.to_owned()
    } else {
        format!("{id}.ron")
    };
    let manifest = Manifest {
        format: MANIFEST_FORMAT,
        id: id.clone(),
        title: new.meta.title.clone(),
        version: new.meta.version.clone(),
        authors: new.meta.authors.clone(),
        questions: new.questions.len(),
        content_hash,
        source: source_name,
        installed_at_ms: now_ms,
        entry,
    };
    // Only its manifest is needed from here on; the texts are what gets written.
    drop(new);

    let target = packs_dir(data_dir).join(&id);
    let previous = if target.exists() {
        Some(self::manifest(data_dir, &id).map(|installed| installed.manifest))
    } else {
        None
    };
    // Decide before writing anything.
    let decision: Result<Option<(String, Option<Refusal>)>, Refusal> = match &previous {
        None => Ok(None),
        Some(Err(error)) => Err(Refusal::Damaged {
            problem: damage_of(error),
        }),
        Some(Ok(old)) => {
            let same_title = old.title == manifest.title;
            let same_authors = old.authors == manifest.authors;
            if !same_title && !same_authors {
                Err(Refusal::DifferentPack {
                    installed_title: old.title.clone(),
                    installed_authors: old.authors.clone(),
                    source: old.source.clone(),
                })
            } else {
                match compare_versions(&manifest.version, &old.version) {
                    Ordering::Greater => Ok(Some((old.version.clone(), None))),
                    Ordering::Equal if old.content_hash == manifest.content_hash => {
                        return Ok(InstallOutcome::AlreadyInstalled {
                            manifest: old.clone(),
                        });
                    }
                    Ordering::Equal => Err(Refusal::SameVersionChanged {
                        version: old.version.clone(),
                    }),
                    Ordering::Less => Err(Refusal::Older {
                        installed: old.version.clone(),
                        new: manifest.version.clone(),
                    }),
                }
            }
        }
    };
    let outcome_kind = match decision {
        Ok(upgrade) => upgrade,
        Err(refusal) if force => {
            let from = match &previous {
                Some(Ok(old)) => old.version.clone(),
                _ => String::from("(damaged)"),
            };
            Some((from, Some(refusal)))
        }
        Err(refusal) => return Err(LibraryError::Refused { id, refusal }),
    };

    write_pack(data_dir, &target, &sources, &manifest)?;
    Ok(match outcome_kind {
        None => InstallOutcome::Installed { manifest },
        Some((from, None)) => InstallOutcome::Upgraded { manifest, from },
        Some((from, Some(why))) => InstallOutcome::Replaced {
            manifest,
            from,
            why,
        },
    })
}

/// Why an installed pack is unusable (damaged manifest or pack), as a refusal says it.
fn damage_of(error: &LibraryError) -> String {
    match error {
        LibraryError::Damaged { problem, .. } => problem.clone(),
        other => other.to_string(),
    }
}

/// Unique-enough suffix for temporary names: the process id and the time.
fn temp_suffix() -> String {
    format!("{}-{}", std::process::id(), crate::clock::now_nanos())
}

/// Writes the pack and its manifest to a temporary directory, checks the copy loads to the
/// same content, then swaps it into `target` (the old copy is moved aside first and restored
/// if the swap fails).
fn write_pack(
    data_dir: &Path,
    target: &Path,
    sources: &Sources,
    manifest: &Manifest,
) -> Result<(), LibraryError> {
    let packs = packs_dir(data_dir);
    std::fs::create_dir_all(&packs).map_err(io(&packs, "create"))?;
    let temp = packs.join(format!(".install-{}-{}", manifest.id, temp_suffix()));
    let result = fill_temp(&temp, sources, manifest).and_then(|()| swap_in(&packs, &temp, target));
    if result.is_err() {
        let _ = std::fs::remove_dir_all(&temp);
    }
    result
}

fn fill_temp(temp: &Path, sources: &Sources, manifest: &Manifest) -> Result<(), LibraryError> {
    std::fs::create_dir(temp).map_err(io(temp, "create"))?;
    let entry = temp.join(&manifest.entry);
    if sources.directory {
        std::fs::create_dir(&entry).map_err(io(&entry, "create"))?;
        for file in &sources.files {
            let name = Path::new(&file.name)
                .file_name()
                .ok_or_else(|| LibraryError::Damaged {
                    path: PathBuf::from(&file.name),
                    problem: "a pack file without a file name".to_owned(),
                })?;
            let path = entry.join(name);
            std::fs::write(&path, &file.text).map_err(io(&path, "write"))?;
        }
    } else {
        let text = sources.files.first().map_or("", |f| f.text.as_str());
        std::fs::write(&entry, text).map_err(io(&entry, "write"))?;
    }
    let json = serde_json::to_string_pretty(manifest).map_err(|e| LibraryError::Damaged {
        path: temp.to_path_buf(),
        problem: e.to_string(),
    })?;
    let manifest_path = temp.join(MANIFEST);
    std::fs::write(&manifest_path, json + "\n").map_err(io(&manifest_path, "write"))?;
    // The copy must be exactly what was validated: read back, byte for byte, a piece at a
    // time (validating it again would hold a second pack in memory).
    let written: Vec<(PathBuf, &str)> = if sources.directory {
        sources
            .files
            .iter()
            .filter_map(|file| {
                let name = Path::new(&file.name).file_name()?;
                Some((entry.join(name), file.text.as_str()))
            })
            .collect()
    } else {
        let text = sources.files.first().map_or("", |f| f.text.as_str());
        vec![(entry.clone(), text)]
    };
    for (path, text) in written {
        if !same_bytes(&path, text.as_bytes()).map_err(io(&path, "read back"))? {
            return Err(LibraryError::Damaged {
                path: temp.to_path_buf(),
                problem: format!(
                    "the copy {} differs from the pack it was made from",
                    path.display()
                ),
            });
        }
    }
    Ok(())
}

/// Whether the file at `path` holds exactly `expected`.
fn same_bytes(path: &Path, expected: &[u8]) -> std::io::Result<bool> {
    use std::io::Read as _;
    let mut file = std::fs::File::open(path)?;
    let mut buffer = vec![0u8; 64 * 1024];
    let mut rest = expected;
    loop {
        let read = file.read(&mut buffer)?;
        if read == 0 {
            return Ok(rest.is_empty());
        }
        let (Some(got), Some(want)) = (buffer.get(..read), rest.get(..read)) else {
            return Ok(false);
        };
        if got != want {
            return Ok(false);
        }
        rest = rest.get(read..).unwrap_or_default();
    }
}

fn swap_in(packs: &Path, temp: &Path, target: &Path) -> Result<(), LibraryError> {
    if !target.exists() {
        return std::fs::rename(temp, target).map_err(io(target, "create"));
    }
    let aside = packs.join(format!(".old-{}", temp_suffix()));
    std::fs::rename(target, &aside).map_err(io(target, "replace"))?;
    if let Err(error) = std::fs::rename(temp, target) {
        let _ = std::fs::rename(&aside, target);
        return Err(io(target, "replace")(error));
    }
    let _ = std::fs::remove_dir_all(&aside);
    Ok(())
}

/// One row of `pack list`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Listed {
    pub id: String,
    pub title: String,
    pub version: String,
    pub questions: usize,
    /// The path installed from, or `bundled`.
    pub source: String,
    /// Why the installed copy cannot be used, if it cannot.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub problem: Option<String>,
}

/// The bundled pack first, then every installed pack by id. Damaged installed packs are
/// listed with their problem rather than failing the listing.
pub fn list(data_dir: &Path) -> Result<Vec<Listed>, LibraryError> {
    let mut rows = Vec::new();
    if let Ok(bundled) = pack::load_bundled() {
        rows.push(Listed {
            id: bundled.meta.id.clone(),
            title: bundled.meta.title.clone(),
            version: bundled.meta.version.clone(),
            questions: bundled.questions.len(),
            source: "bundled".to_owned(),
            problem: None,
        });
    }
    for id in installed_ids(data_dir)? {
        let row = match manifest(data_dir, &id) {
            Ok(installed) => {
                let problem = load_entry(&installed).err().map(|e| e.to_string());
                let m = installed.manifest;
                Listed {
                    id: m.id,
                    title: m.title,
                    version: m.version,
                    questions: m.questions,
                    source: m.source,
                    problem,
                }
            }
            Err(error) => Listed {
                id: id.clone(),
                title: String::new(),
                version: String::new(),
                questions: 0,
                source: String::new(),
                problem: Some(error.to_string()),
            },
        };
        rows.push(row);
    }
    Ok(rows)
}

/// What `remove` deleted.
#[derive(Debug, Clone, PartialEq)]
pub struct Removed {
    pub id: String,
    /// `None` when the manifest was damaged (the copy is removed all the same).
    pub manifest: Option<Manifest>,
}

/// Deletes the installed copy of a pack; the store keeps every answer given to it.
pub fn remove(data_dir: &Path, id: &str) -> Result<Removed, LibraryError> {
    if is_reserved(id) {
        return Err(LibraryError::Reserved { id: id.to_owned() });
    }
    let target = packs_dir(data_dir).join(id);
    if !is_plain_id(id) || !target.is_dir() {
        return Err(LibraryError::NotInstalled {
            id: id.to_owned(),
            installed: installed_ids(data_dir)?,
        });
    }
    let manifest = manifest(data_dir, id).ok().map(|i| i.manifest);
    // Renamed away first, so an interrupted removal never leaves half a pack under its id.
    let aside = packs_dir(data_dir).join(format!(".remove-{}", temp_suffix()));
    std::fs::rename(&target, &aside).map_err(io(&target, "remove"))?;
    std::fs::remove_dir_all(&aside).map_err(io(&aside, "remove"))?;
    Ok(Removed {
        id: id.to_owned(),
        manifest,
    })
}

/// A pack that could not be offered, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub id: String,
    pub message: String,
}

/// Every pack a quiz can use: the bundled bank first, then the installed packs by id.
/// A damaged installed pack is reported in the second list, never fatal.
pub fn all_packs(data_dir: &Path) -> (Vec<Pack>, Vec<Problem>) {
    let mut packs = Vec::new();
    let mut problems = Vec::new();
    match pack::load_bundled() {
        Ok(bundled) => packs.push(bundled),
        Err(error) => problems.push(Problem {
            id: pack::bundled_dir_name().to_owned(),
            message: error.to_string(),
        }),
    }
    match installed_ids(data_dir) {
        Ok(ids) => {
            for id in ids {
                match load_installed(data_dir, &id) {
                    Ok(pack) => packs.push(pack),
                    Err(error) => problems.push(Problem {
                        id,
                        message: error.to_string(),
                    }),
                }
            }
        }
        Err(error) => problems.push(Problem {
            id: String::from(PACKS_DIR),
            message: error.to_string(),
        }),
    }
    (packs, problems)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_compare_numerically() {
        use Ordering::*;
        for (a, b, expected) in [
            ("1.10", "1.9", Greater),
            ("1.0", "1.0.0", Equal),
            ("v2", "1.99.99", Greater),
            ("2.0.0-beta", "2.0.0", Less),
            ("2.0.0-beta.2", "2.0.0-beta.10", Less),
            ("1.0.0+build5", "1.0.0", Equal),
            ("1.0.1", "1.0", Greater),
            ("2024.3", "2024.12", Less),
            ("1.a", "1.b", Less),
        ] {
            assert_eq!(compare_versions(a, b), expected, "{a} vs {b}");
            assert_eq!(compare_versions(b, a), expected.reverse(), "{b} vs {a}");
        }
    }

    #[test]
    fn plain_ids_cannot_escape_the_packs_directory() {
        for bad in ["", "..", ".", "../x", "a/b", "a\\b", ".install-x"] {
            assert!(!is_plain_id(bad), "{bad}");
        }
        assert!(is_plain_id("my-pack.v2"));
    }
}
