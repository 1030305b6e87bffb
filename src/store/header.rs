//! A first look at an existing database file with plain reads, before SQLite opens it: SQLite
//! may write to a file it opens (rolling back a leftover journal, checkpointing on close), so
//! files that are plainly not ours are refused without ever being handed to it.

use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

use super::schema::{APPLICATION_ID, SCHEMA_VERSION};

/// The first 16 bytes of every SQLite 3 database.
const MAGIC: &[u8; 16] = b"SQLite format 3\0";
/// Length of the SQLite database header.
const HEADER_LEN: usize = 100;
/// Offsets of the big-endian 32-bit header fields we read (see sqlite.org/fileformat.html).
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

/// Reads at most the first 100 bytes of `path`; never writes.
pub fn first_look(path: &Path) -> io::Result<FirstLook> {
    let metadata = match std::fs::metadata(path) {
        Ok(metadata) => metadata,
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(FirstLook::Missing),
        Err(error) => return Err(error),
    };
    if !metadata.is_file() {
        return Ok(FirstLook::NotSqlite);
    }
    let mut header = Vec::with_capacity(HEADER_LEN);
    File::open(path)?
        .take(HEADER_LEN as u64)
        .read_to_end(&mut header)?;
    Ok(classify(&header))
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
