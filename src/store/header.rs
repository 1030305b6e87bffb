//! A first look at an existing database file with plain reads, before SQLite opens it: SQLite
//! may write to a file it opens (rolling back a leftover journal, checkpointing on close), so
//! files that are plainly not ours, or cut short, are refused without ever being handed to
//! it. The same one read gives the size and modification time the clean-close fingerprint
//! (`integrity.rs`) is made of.

use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

use super::schema::{APPLICATION_ID, SCHEMA_VERSION};

/// The first 16 bytes of every SQLite 3 database.
const MAGIC: &[u8; 16] = b"SQLite format 3\0";
/// Length of the SQLite database header.
const HEADER_LEN: usize = 100;
/// Offsets of the big-endian 32-bit header fields we read (see sqlite.org/fileformat.html).
const PAGE_SIZE_AT: usize = 16;
const CHANGE_COUNTER_AT: usize = 24;
const PAGE_COUNT_AT: usize = 28;
const VERSION_VALID_FOR_AT: usize = 92;
const USER_VERSION_AT: usize = 60;
const APPLICATION_ID_AT: usize = 68;

/// What the first bytes of the file say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FirstLook {
    /// No file yet: SQLite may create it.
    Missing,
    /// A 0-byte file: SQLite treats it as an empty database.
    Empty,
    /// Not a regular file, too short, or without the SQLite magic.
    NotSqlite,
    /// Carries skillgap's application id.
    Ours { user_version: i64 },
    /// SQLite, another application id.
    Foreign,
    /// SQLite with no application id: blank, or another program's that sets none. Only
    /// counting its tables tells.
    Unlabelled,
}

/// The file as one plain read found it: what its first bytes say, the bytes themselves
/// (at most 100), its size and its modification time. Every check made before SQLite opens
/// the file (ours?, cut short?, changed since its clean close?) reads this one snapshot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Look {
    pub first: FirstLook,
    pub header: Vec<u8>,
    pub len: u64,
    /// Nanoseconds since the Unix epoch; 0 when the platform cannot tell.
    pub modified_ns: u128,
}

/// Reads at most the first 100 bytes of `path`; never writes. A missing file or one that is
/// not a regular file is not opened (opening a FIFO would wait for a writer).
pub fn look(path: &Path) -> io::Result<Look> {
    let metadata = match std::fs::metadata(path) {
        Ok(metadata) => metadata,
        Err(error) if error.kind() == io::ErrorKind::NotFound => {
            return Ok(Look::without_header(FirstLook::Missing, 0, 0));
        }
        Err(error) => return Err(error),
    };
    let modified_ns = modified_ns(&metadata);
    if !metadata.is_file() {
        return Ok(Look::without_header(
            FirstLook::NotSqlite,
            metadata.len(),
            modified_ns,
        ));
    }
    let mut header = Vec::with_capacity(HEADER_LEN);
    File::open(path)?
        .take(HEADER_LEN as u64)
        .read_to_end(&mut header)?;
    Ok(Look {
        first: classify(&header),
        header,
        len: metadata.len(),
        modified_ns,
    })
}

/// The modification time in nanoseconds since the Unix epoch; 0 when the platform cannot tell.
pub fn modified_ns(metadata: &std::fs::Metadata) -> u128 {
    metadata
        .modified()
        .ok()
        .and_then(|at| at.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |since| since.as_nanos())
}

impl Look {
    fn without_header(first: FirstLook, len: u64, modified_ns: u128) -> Look {
        Look {
            first,
            header: Vec::new(),
            len,
            modified_ns,
        }
    }

    /// Whether the file is shorter than its header says, or not a whole number of pages: a
    /// file cut short (a copy that stopped, a full disk during a copy). `quick_check` does
    /// not notice every cut (it does not compare indexes with their tables), the header
    /// does. `None` when the size agrees or the header cannot tell. The header's page count
    /// is compared only when `quiet` (no other process writing).
    pub fn cut_short(&self, quiet: bool) -> Option<String> {
        size_problem(&self.header, self.len, quiet)
    }
}

fn classify(header: &[u8]) -> FirstLook {
    if header.is_empty() {
        return FirstLook::Empty;
    }
    if header.len() < HEADER_LEN || !header.starts_with(MAGIC) {
        return FirstLook::NotSqlite;
    }
    let field = |at: usize| {
        let mut bytes = [0u8; 4];
        bytes.copy_from_slice(&header[at..at + 4]);
        i64::from(i32::from_be_bytes(bytes))
    };
    let application_id = field(APPLICATION_ID_AT);
    if application_id == APPLICATION_ID {
        FirstLook::Ours {
            user_version: field(USER_VERSION_AT),
        }
    } else if application_id == 0 {
        FirstLook::Unlabelled
    } else {
        FirstLook::Foreign
    }
}

fn size_problem(header: &[u8], len: u64, quiet: bool) -> Option<String> {
    if header.len() < HEADER_LEN || !header.starts_with(MAGIC) {
        return None;
    }
    let field = |at: usize| {
        let mut bytes = [0u8; 4];
        bytes.copy_from_slice(&header[at..at + 4]);
        u32::from_be_bytes(bytes)
    };
    // Stored big-endian in two bytes; 1 means 65536.
    let page_size = match u64::from(u16::from_be_bytes([
        header[PAGE_SIZE_AT],
        header[PAGE_SIZE_AT + 1],
    ])) {
        1 => 65_536,
        size => size,
    };
    if !(512..=65_536).contains(&page_size) || !page_size.is_power_of_two() {
        return None;
    }
    if !len.is_multiple_of(page_size) {
        return Some(format!(
            "it is cut short: {len} bytes is not a whole number of {page_size}-byte pages"
        ));
    }
    // The page count in the header is only valid when written by the same change.
    let pages = u64::from(field(PAGE_COUNT_AT));
    if quiet
        && field(VERSION_VALID_FOR_AT) == field(CHANGE_COUNTER_AT)
        && pages > 0
        && len < pages * page_size
    {
        return Some(format!(
            "it is cut short: its header counts {pages} pages, the file holds {}",
            len / page_size
        ));
    }
    None
}

/// A header that is ours but from the future can be refused right away.
pub fn too_new(look: FirstLook) -> Option<i64> {
    match look {
        FirstLook::Ours { user_version } if user_version > SCHEMA_VERSION => Some(user_version),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(application_id: i32, user_version: i32) -> Vec<u8> {
        let mut bytes = vec![0u8; HEADER_LEN];
        bytes[..16].copy_from_slice(MAGIC);
        bytes[USER_VERSION_AT..USER_VERSION_AT + 4].copy_from_slice(&user_version.to_be_bytes());
        bytes[APPLICATION_ID_AT..APPLICATION_ID_AT + 4]
            .copy_from_slice(&application_id.to_be_bytes());
        bytes
    }

    #[test]
    fn a_cut_short_file_is_told_by_its_header() {
        let mut bytes = header(0, 0);
        bytes[PAGE_SIZE_AT..PAGE_SIZE_AT + 2].copy_from_slice(&4096u16.to_be_bytes());
        bytes[PAGE_COUNT_AT..PAGE_COUNT_AT + 4].copy_from_slice(&10u32.to_be_bytes());
        assert_eq!(size_problem(&bytes, 40_960, true), None);
        assert!(size_problem(&bytes, 40_860, true).is_some_and(|p| p.contains("whole number")));
        assert!(size_problem(&bytes, 36_864, true).is_some_and(|p| p.contains("counts 10 pages")));
        assert_eq!(
            size_problem(&bytes, 36_864, false),
            None,
            "another writer may be at work"
        );
        // A page count not valid for this change says nothing.
        bytes[VERSION_VALID_FOR_AT..VERSION_VALID_FOR_AT + 4].copy_from_slice(&7u32.to_be_bytes());
        assert_eq!(size_problem(&bytes, 36_864, true), None);
    }

    #[test]
    fn classifies_headers() {
        assert_eq!(classify(&[]), FirstLook::Empty);
        assert_eq!(classify(b"SQLite format 3\0"), FirstLook::NotSqlite);
        assert_eq!(classify(&[7u8; 4096]), FirstLook::NotSqlite);
        assert_eq!(classify(&header(0, 0)), FirstLook::Unlabelled);
        assert_eq!(classify(&header(0x1234, 0)), FirstLook::Foreign);
        let ours = i32::try_from(APPLICATION_ID).unwrap();
        assert_eq!(
            classify(&header(ours, 3)),
            FirstLook::Ours { user_version: 3 }
        );
        let newer = i32::try_from(SCHEMA_VERSION + 1).unwrap();
        assert_eq!(
            too_new(classify(&header(ours, newer))),
            Some(SCHEMA_VERSION + 1)
        );
        assert_eq!(too_new(classify(&header(ours, 1))), None);
    }
}
