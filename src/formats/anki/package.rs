//! An Anki package (`.apkg`, `.colpkg`) opened as the hostile zip it may be: which collection
//! it holds (legacy `collection.anki2`, `collection.anki21`, or the current zstd-compressed
//! `collection.anki21b`, never the placeholder newer exports add for old Ankis), the names of
//! its media, and the collection copied to a private temporary file for SQLite to read.
//!
//! Every size is checked before reading and again while decompressing, so a zip or zstd bomb
//! stops at the limit in bounded memory. Names inside the archive are compared, never used
//! as file paths: no archive member is ever written under its own name.

use super::proto;
use std::fs::File;
use std::io::{self, Read, Seek, Write};
use std::path::{Path, PathBuf};

/// How large a package and its parts may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The package file itself (media included: they are counted, never read).
    pub package_bytes: u64,
    /// The collection once decompressed.
    pub collection_bytes: u64,
    /// The media list once decompressed.
    pub media_list_bytes: u64,
    /// Members of the archive.
    pub entries: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            package_bytes: 4 * 1024 * 1024 * 1024,
            collection_bytes: 512 * 1024 * 1024,
            media_list_bytes: 32 * 1024 * 1024,
            entries: 1_000_000,
        }
    }
}

/// Largest zstd window accepted: Anki's own frames use a few MiB; a hostile frame asking for
/// more would make the decoder allocate it.
const MAX_ZSTD_WINDOW: u64 = 32 * 1024 * 1024;
/// The `meta` member holds one small protobuf message.
const MAX_META_BYTES: u64 = 4096;

/// Which collection a package holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Version {
    /// `collection.anki2`: Anki 2.0 and genanki.
    Anki2,
    /// `collection.anki21`: Anki 2.1 before 2.1.50, or a current Anki exporting for old ones.
    Anki21,
    /// `collection.anki21b`: zstd-compressed, protobuf meta and media list (Anki ≥ 2.1.50).
    Anki21b,
}

impl Version {
    pub fn member(self) -> &'static str {
        match self {
            Version::Anki2 => "collection.anki2",
            Version::Anki21 => "collection.anki21",
            Version::Anki21b => "collection.anki21b",
        }
    }
}

/// Why a package cannot be read; the message says what to do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PackageError {
    /// The file itself (the system's reason).
    #[error("cannot read it: {0}")]
    Unreadable(String),
    #[error(
        "it is {} MiB, over the {} MiB limit for an Anki package: export a smaller deck",
        .bytes / MIB,
        .limit / MIB
    )]
    TooLarge { bytes: u64, limit: u64 },
    #[error(
        "it is not a readable zip archive ({0}): an Anki package (.apkg or .colpkg) is a zip file"
    )]
    NotZip(String),
    #[error("it holds {count} files, over the limit of {limit}")]
    TooManyFiles { count: usize, limit: usize },
    #[error("its `meta` member is damaged")]
    DamagedMeta,
    #[error(
        "it was written in Anki package version {0}, newer than skillgap knows (3): export it again with \"Support older Anki versions\" ticked"
    )]
    NewerVersion(u64),
    #[error(
        "it holds no Anki collection (collection.anki21b, collection.anki21 or collection.anki2): is it an Anki package?"
    )]
    NoCollection,
    #[error("cannot create a temporary file: {0}")]
    TempCreate(String),
    #[error("cannot write a temporary file: {0}")]
    TempWrite(String),
    #[error("cannot open {member} in the archive: {reason}")]
    MemberUnopened { member: String, reason: String },
    #[error("{member} in the archive is damaged: {reason}")]
    MemberDamaged { member: String, reason: String },
    #[error("{member} is not valid zstd data: {reason}")]
    NotZstd { member: String, reason: String },
    /// A member that decompresses past `limit` bytes.
    #[error(
        "{member} decompresses to more than {} MiB, the limit: it is damaged or a decompression bomb",
        .limit / MIB
    )]
    Bomb { member: String, limit: u64 },
    #[error("its media list (`media`) is damaged")]
    DamagedMedia,
}

const MIB: u64 = 1024 * 1024;

/// A collection copied out of a package into a temporary file, removed on drop.
#[derive(Debug)]
pub struct Extracted {
    pub version: Version,
    pub path: PathBuf,
    /// Media file names listed by the package (only reported: never written anywhere).
    pub media: Vec<String>,
}

impl Drop for Extracted {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

/// Opens the package at `path` and copies its collection out.
pub fn extract(path: &Path, limits: &Limits) -> Result<Extracted, PackageError> {
    let size = std::fs::metadata(path)
        .map_err(|e| PackageError::Unreadable(e.to_string()))?
        .len();
    if size > limits.package_bytes {
        return Err(PackageError::TooLarge {
            bytes: size,
            limit: limits.package_bytes,
        });
    }
    let file = File::open(path).map_err(|e| PackageError::Unreadable(e.to_string()))?;
    extract_from(io::BufReader::new(file), limits)
}

/// Like [`extract`], from any seekable reader (tests feed bytes).
pub fn extract_from<R: Read + Seek>(reader: R, limits: &Limits) -> Result<Extracted, PackageError> {
    let mut archive =
        zip::ZipArchive::new(reader).map_err(|e| PackageError::NotZip(e.to_string()))?;
    if archive.len() > limits.entries {
        return Err(PackageError::TooManyFiles {
            count: archive.len(),
            limit: limits.entries,
        });
    }
    let names: Vec<String> = archive
        .file_names()
        .filter_map(Result::ok)
        .map(|n| n.into_owned())
        .collect();
    let has = |member: &str| names.iter().any(|n| n == member);
    let meta_version = if has("meta") {
        let bytes = read_member(&mut archive, "meta", MAX_META_BYTES, false)?;
        proto::varint_field(&bytes, 1).map_err(|_| PackageError::DamagedMeta)?
    } else {
        None
    };
    let version = match meta_version {
        Some(3) | None if has("collection.anki21b") => Version::Anki21b,
        Some(v) if v > 3 => {
            return Err(PackageError::NewerVersion(v));
        }
        _ if has("collection.anki21") => Version::Anki21,
        _ if has("collection.anki2") => Version::Anki2,
        _ => {
            return Err(PackageError::NoCollection);
        }
    };
    let media = if has("media") {
        let bytes = read_member(
            &mut archive,
            "media",
            limits.media_list_bytes,
            version == Version::Anki21b,
        )?;
        media_names(&bytes, version)?
    } else {
        Vec::new()
    };
    let path = temp_path();
    let mut out = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(|e| PackageError::TempCreate(e.to_string()))?;
    let extracted = Extracted {
        version,
        path,
        media,
    };
    copy_member(
        &mut archive,
        version.member(),
        limits.collection_bytes,
        version == Version::Anki21b,
        &mut out,
    )?;
    out.flush()
        .and_then(|()| leave_wal_mode(&mut out))
        .and_then(|()| out.sync_all())
        .map_err(|e| PackageError::TempWrite(e.to_string()))?;
    Ok(extracted)
}

/// Current collections are saved in WAL mode (header bytes 18 and 19 are 2), which SQLite
/// cannot open read-only without its side files; 1 is the rollback journal, same pages.
fn leave_wal_mode(file: &mut File) -> io::Result<()> {
    let mut header = [0u8; 20];
    file.seek(io::SeekFrom::Start(0))?;
    if file.read_exact(&mut header).is_err() {
        return Ok(()); // too short to be a database: SQLite will say so
    }
    if header.starts_with(b"SQLite format 3\0") && header[18] == 2 && header[19] == 2 {
        file.seek(io::SeekFrom::Start(18))?;
        file.write_all(&[1, 1])?;
    }
    Ok(())
}

fn temp_path() -> PathBuf {
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    std::env::temp_dir().join(format!(
        "skillgap-anki-{}-{nanos}-{}.sqlite",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ))
}

/// Writes the member `name` to `out`, decompressing zstd when asked, and stops with an error
/// once more than `limit` bytes came out.
fn copy_member<R: Read + Seek>(
    archive: &mut zip::ZipArchive<R>,
    name: &str,
    limit: u64,
    zstd: bool,
    out: &mut dyn Write,
) -> Result<u64, PackageError> {
    let member = archive
        .by_name(name)
        .map_err(|e| PackageError::MemberUnopened {
            member: name.to_owned(),
            reason: e.to_string(),
        })?;
    let damaged = |e: io::Error| PackageError::MemberDamaged {
        member: name.to_owned(),
        reason: e.to_string(),
    };
    let written = if zstd {
        let decoder =
            ruzstd::decoding::StreamingDecoder::new_with_max_window_size(member, MAX_ZSTD_WINDOW)
                .map_err(|e| PackageError::NotZstd {
                member: name.to_owned(),
                reason: e.to_string(),
            })?;
        io::copy(&mut decoder.take(limit.saturating_add(1)), out).map_err(damaged)?
    } else {
        io::copy(&mut member.take(limit.saturating_add(1)), out).map_err(damaged)?
    };
    if written > limit {
        return Err(PackageError::Bomb {
            member: name.to_owned(),
            limit,
        });
    }
    Ok(written)
}

fn read_member<R: Read + Seek>(
    archive: &mut zip::ZipArchive<R>,
    name: &str,
    limit: u64,
    zstd: bool,
) -> Result<Vec<u8>, PackageError> {
    let mut bytes = Vec::new();
    copy_member(archive, name, limit, zstd, &mut bytes)?;
    Ok(bytes)
}

/// The media list: JSON `{"0": "name.jpg"}` in legacy packages, protobuf `MediaEntries`
/// (entries = 1, each with name = 1) in current ones.
fn media_names(bytes: &[u8], version: Version) -> Result<Vec<String>, PackageError> {
    let damaged = || PackageError::DamagedMedia;
    let mut names = match version {
        Version::Anki21b => {
            let mut names = Vec::new();
            for field in proto::fields(bytes) {
                if let (1, proto::Value::Bytes(entry)) = field.map_err(|_| damaged())?
                    && let Some(name) = proto::string_field(entry, 1).map_err(|_| damaged())?
                {
                    names.push(name);
                }
            }
            names
        }
        Version::Anki2 | Version::Anki21 => {
            let map: serde_json::Map<String, serde_json::Value> =
                serde_json::from_slice(bytes).map_err(|_| damaged())?;
            map.into_iter()
                .filter_map(|(_, v)| v.as_str().map(str::to_owned))
                .collect()
        }
    };
    names.sort();
    Ok(names)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn legacy_media_list_is_json() {
        let names = media_names(br#"{"0": "b.png", "1": "a.mp3"}"#, Version::Anki21);
        assert_eq!(names, Ok(vec!["a.mp3".to_owned(), "b.png".to_owned()]));
        assert!(media_names(b"[", Version::Anki2).is_err());
    }

    #[test]
    fn current_media_list_is_protobuf() {
        // entries { name: "x.png" size: 3 }
        let entry = [0x0a, 0x05, b'x', b'.', b'p', b'n', b'g', 0x10, 0x03];
        let mut list = vec![0x0a, entry.len() as u8];
        list.extend_from_slice(&entry);
        assert_eq!(
            media_names(&list, Version::Anki21b),
            Ok(vec!["x.png".to_owned()])
        );
    }
}
