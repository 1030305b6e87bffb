//! The score log: what the personal report reads from every answer (question, category,
//! difficulty, confidence, score, time), kept beside the `answers` table in a compact form so that a million answers stream
//! in tens of milliseconds.
//!
//! Why not read `answers`: SQLite spends about 250 ns per row stepping and extracting columns
//! even from a covering index of integers, which for a million answers is most of the report's
//! 300 ms budget. Here each pack has a log of chunk rows; a chunk holds up to
//! `CHUNK_ENTRIES` fixed-size entries (question key, score, time) in one blob that fits a
//! page, and the strings live once per distinct (question, category, difficulty, confidence)
//! in `scored_keys`. Reading is then a few thousand row steps plus decoding bytes in Rust.
//! The confidence word is part of the key, not of the entry, so calibration is read in the
//! same pass as mastery at no cost per entry (a pack has at most four keys per question).
//!
//! Entries are appended in the same transaction as their answer, so the log never disagrees
//! with `answers`; it is written by the store alone.

use std::collections::HashMap;

use rusqlite::{Connection, OptionalExtension, ToSql, Transaction, TransactionBehavior, params};

use crate::pack::Difficulty;
use crate::quiz::Confidence;

/// Bytes of one entry: key `u32`, score `f64`, answered-at `i64`, all little-endian.
const ENTRY_BYTES: usize = 4 + 8 + 8;
/// Entries per chunk: 3,840 bytes, so that a chunk and a pack id of ordinary length fit the
/// 4,061-byte local payload of a 4 KiB table page (no overflow pages to chase when reading,
/// and one page rewritten per answer when appending).
const CHUNK_ENTRIES: usize = 192;
const CHUNK_BYTES: usize = ENTRY_BYTES * CHUNK_ENTRIES;
// A 4 KiB page holds 4,061 bytes of row locally: the chunk, a record header and a pack id.
const _: () = assert!(CHUNK_BYTES + 200 <= 4061);

/// Why the log could not be read: it disagrees with its own format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Malformed(pub String);

/// Failure while streaming: SQLite's, or a malformed log.
#[derive(Debug)]
pub enum ReadError {
    Sqlite(rusqlite::Error),
    Malformed(Malformed),
}

impl From<rusqlite::Error> for ReadError {
    fn from(error: rusqlite::Error) -> Self {
        ReadError::Sqlite(error)
    }
}

/// One entry as it goes into the log.
#[derive(Debug, Clone, Copy)]
pub struct Entry<'a> {
    pub pack_id: &'a str,
    pub question_id: &'a str,
    pub category: &'a str,
    pub difficulty: &'a str,
    /// The confidence word as stored in `answers`, if the answer was given with one.
    pub confidence: Option<&'a str>,
    pub score: f64,
    pub answered_at_ms: i64,
}

/// The last chunk of one pack's log, held in memory while appending.
#[derive(Debug)]
struct Tail {
    /// Row id of the chunk, `None` until it is first written.
    id: Option<i64>,
    data: Vec<u8>,
    dirty: bool,
}

/// Pack, question, category, difficulty and confidence (`""` for none) of one key.
type KeyFields = (String, String, String, String, String);

/// Appends entries inside the caller's write transaction. Several appends (a batch import)
/// rewrite each tail chunk once; call `finish` before committing.
#[derive(Debug)]
pub struct Appender<'c> {
    conn: &'c Connection,
    tails: HashMap<String, Tail>,
    keys: HashMap<KeyFields, u32>,
}

impl<'c> Appender<'c> {
    pub fn new(conn: &'c Connection) -> Appender<'c> {
        Appender {
            conn,
            tails: HashMap::new(),
            keys: HashMap::new(),
        }
    }

    pub fn push(&mut self, entry: &Entry<'_>) -> rusqlite::Result<()> {
        let key = self.key(entry)?;
        if !self.tails.contains_key(entry.pack_id) {
            let tail = self.load_tail(entry.pack_id)?;
            self.tails.insert(entry.pack_id.to_owned(), tail);
        }
        let conn = self.conn;
        let Some(tail) = self.tails.get_mut(entry.pack_id) else {
            return Ok(()); // inserted just above
        };
        if tail.data.len() + ENTRY_BYTES > CHUNK_BYTES {
            flush(conn, entry.pack_id, tail)?;
            *tail = Tail {
                id: None,
                data: Vec::with_capacity(CHUNK_BYTES),
                dirty: false,
            };
        }
        tail.data.extend_from_slice(&key.to_le_bytes());
        tail.data.extend_from_slice(&entry.score.to_le_bytes());
        tail.data
            .extend_from_slice(&entry.answered_at_ms.to_le_bytes());
        tail.dirty = true;
        Ok(())
    }

    /// Writes the chunks still in memory.
    pub fn finish(mut self) -> rusqlite::Result<()> {
        for (pack_id, tail) in &mut self.tails {
            flush(self.conn, pack_id, tail)?;
        }
        Ok(())
    }

    /// The key of (pack, question, category, difficulty, confidence), created on first use.
    fn key(&mut self, entry: &Entry<'_>) -> rusqlite::Result<u32> {
        // No confidence is stored as "" rather than NULL: NULLs are all distinct to UNIQUE.
        let confidence = entry.confidence.unwrap_or("");
        let lookup = (
            entry.pack_id.to_owned(),
            entry.question_id.to_owned(),
            entry.category.to_owned(),
            entry.difficulty.to_owned(),
            confidence.to_owned(),
        );
        if let Some(&key) = self.keys.get(&lookup) {
            return Ok(key);
        }
        let fields: [&dyn ToSql; 5] = [
            &entry.pack_id,
            &entry.question_id,
            &entry.category,
            &entry.difficulty,
            &confidence,
        ];
        self.conn
            .prepare_cached(
                "INSERT INTO scored_keys (pack_id, question_id, category, difficulty, confidence)
                 VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT DO NOTHING",
            )?
            .execute(fields)?;
        let key: i64 = self
            .conn
            .prepare_cached(
                "SELECT key FROM scored_keys
                 WHERE pack_id = ?1 AND question_id = ?2 AND category = ?3 AND difficulty = ?4
                     AND confidence = ?5",
            )?
            .query_row(fields, |r| r.get(0))?;
        let key =
            u32::try_from(key).map_err(|_| rusqlite::Error::IntegralValueOutOfRange(0, key))?;
        self.keys.insert(lookup, key);
        Ok(key)
    }

    fn load_tail(&self, pack_id: &str) -> rusqlite::Result<Tail> {
        let last = self
            .conn
            .prepare_cached(
                "SELECT id, data FROM scored_chunks WHERE pack_id = ?1 ORDER BY id DESC LIMIT 1",
            )?
            .query_row([pack_id], |r| {
                Ok((r.get::<_, i64>(0)?, r.get::<_, Vec<u8>>(1)?))
            })
            .optional()?;
        Ok(match last {
            // A chunk that is full (or, if damaged, not whole entries) is left alone.
            Some((id, data)) if data.len() + ENTRY_BYTES <= CHUNK_BYTES && whole(&data) => {
                let mut buffer = Vec::with_capacity(CHUNK_BYTES);
                buffer.extend_from_slice(&data);
                Tail {
                    id: Some(id),
                    data: buffer,
                    dirty: false,
                }
            }
            _ => Tail {
                id: None,
                data: Vec::with_capacity(CHUNK_BYTES),
                dirty: false,
            },
        })
    }
}

/// How `Response::NotReached` (a question a timed session never showed) is stored: such an
/// answer is left out of the log and the schedules (checked against the type in `schema.rs`).
pub(super) const NOT_REACHED_JSON: &str = r#"{"type":"not_reached"}"#;

/// Writes the log anew from `answers`, in the order the answers were stored (their ids), inside
/// the caller's transaction, leaving out the questions never shown (`not_reached`) and counting
/// an overridden answer as right: for a migration that changes what the log holds.
pub fn rebuild(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute_batch("DELETE FROM scored_chunks; DELETE FROM scored_keys;")?;
    let mut select = conn.prepare(
        "SELECT pack_id, question_id, category, difficulty, confidence,
             CASE WHEN overridden = 1 THEN 1.0 ELSE score END, answered_at_ms
         FROM answers WHERE response_json <> ?1 ORDER BY id",
    )?;
    let mut rows = select.query([NOT_REACHED_JSON])?;
    let mut appender = Appender::new(conn);
    while let Some(r) = rows.next()? {
        appender.push(&Entry {
            pack_id: r.get_ref(0)?.as_str()?,
            question_id: r.get_ref(1)?.as_str()?,
            category: r.get_ref(2)?.as_str()?,
            difficulty: r.get_ref(3)?.as_str()?,
            confidence: r.get_ref(4)?.as_str_or_null()?,
            score: r.get(5)?,
            answered_at_ms: r.get(6)?,
        })?;
    }
    appender.finish()
}

/// Gives the entry of one stored answer (`entry`, with the score it was logged with) the
/// score `counted` instead: the learner marked it right. The entry is looked for from the
/// newest chunk back (an answer being overruled is among the latest), by its question key,
/// time and score; the newest match is changed. Says whether one was found.
pub(super) fn rescore(
    conn: &Connection,
    entry: &Entry<'_>,
    counted: f64,
) -> rusqlite::Result<bool> {
    let key: Option<i64> = conn
        .prepare_cached(
            "SELECT key FROM scored_keys
             WHERE pack_id = ?1 AND question_id = ?2 AND category = ?3 AND difficulty = ?4
               AND confidence = ?5",
        )?
        .query_row(
            [
                entry.pack_id,
                entry.question_id,
                entry.category,
                entry.difficulty,
                entry.confidence.unwrap_or(""),
            ],
            |r| r.get(0),
        )
        .optional()?;
    let Some(key) = key.and_then(|k| u32::try_from(k).ok()) else {
        return Ok(false);
    };
    let mut select = conn
        .prepare_cached("SELECT id, data FROM scored_chunks WHERE pack_id = ?1 ORDER BY id DESC")?;
    let mut rows = select.query([entry.pack_id])?;
    while let Some(row) = rows.next()? {
        let id: i64 = row.get(0)?;
        let mut data: Vec<u8> = row.get(1)?;
        if !whole(&data) {
            continue;
        }
        let found = data.chunks_exact(ENTRY_BYTES).rposition(|bytes| {
            let (k, score, at) = decode(bytes);
            k == key && at == entry.answered_at_ms && score.to_bits() == entry.score.to_bits()
        });
        if let Some(position) = found {
            let start = position * ENTRY_BYTES + 4;
            data.splice(start..start + 8, counted.to_le_bytes());
            conn.prepare_cached("UPDATE scored_chunks SET data = ?2 WHERE id = ?1")?
                .execute(params![id, data])?;
            return Ok(true);
        }
    }
    Ok(false)
}

/// When each logged answer to `question_id` of `pack_id` was given (whatever its category
/// or difficulty then), in stored order: what finds a question's answers among a million
/// without an index of `answers` by question.
pub(super) fn times_of(
    conn: &Connection,
    pack_id: &str,
    question_id: &str,
) -> rusqlite::Result<Vec<i64>> {
    let keys: Vec<u32> = conn
        .prepare_cached("SELECT key FROM scored_keys WHERE pack_id = ?1 AND question_id = ?2")?
        .query_map([pack_id, question_id], |r| r.get::<_, i64>(0))?
        .filter_map(|key| key.map(|k| u32::try_from(k).ok()).transpose())
        .collect::<rusqlite::Result<_>>()?;
    let mut times = Vec::new();
    if keys.is_empty() {
        return Ok(times);
    }
    let mut select =
        conn.prepare_cached("SELECT data FROM scored_chunks WHERE pack_id = ?1 ORDER BY id")?;
    let mut rows = select.query([pack_id])?;
    while let Some(row) = rows.next()? {
        let data = row.get_ref(0)?.as_blob().map_err(rusqlite::Error::from)?;
        if !whole(data) {
            continue;
        }
        for bytes in data.chunks_exact(ENTRY_BYTES) {
            let (key, _, at) = decode(bytes);
            if keys.contains(&key) {
                times.push(at);
            }
        }
    }
    Ok(times)
}

fn whole(data: &[u8]) -> bool {
    data.len().is_multiple_of(ENTRY_BYTES)
}

fn flush(conn: &Connection, pack_id: &str, tail: &mut Tail) -> rusqlite::Result<()> {
    if !tail.dirty {
        return Ok(());
    }
    match tail.id {
        Some(id) => {
            conn.prepare_cached("UPDATE scored_chunks SET data = ?2 WHERE id = ?1")?
                .execute(params![id, tail.data])?;
        }
        None => {
            conn.prepare_cached("INSERT INTO scored_chunks (pack_id, data) VALUES (?1, ?2)")?
                .execute(params![pack_id, tail.data])?;
            tail.id = Some(conn.last_insert_rowid());
        }
    }
    tail.dirty = false;
    Ok(())
}

/// The fields of one key, the difficulty and confidence decoded once per key rather than once
/// per entry.
#[derive(Debug)]
struct Names {
    question_id: String,
    category: String,
    difficulty: Difficulty,
    confidence: Option<Confidence>,
}

/// Calls `f` for every entry of `pack_id`'s log, in the order the answers were stored.
pub fn for_each(
    conn: &Connection,
    pack_id: &str,
    mut f: impl FnMut(ScoredRow<'_>),
) -> Result<(), ReadError> {
    // One read transaction for both queries: a snapshot, so an answer another process
    // commits meanwhile cannot show up in the chunks with a key we did not load.
    let snapshot = Transaction::new_unchecked(conn, TransactionBehavior::Deferred)?;
    let conn: &Connection = &snapshot;
    // The pack's keys, indexed densely from the smallest: keys are row ids handed out in
    // order, so a pack's keys are close together and a Vec beats a hash map per entry.
    let mut select = conn.prepare_cached(
        "SELECT key, question_id, category, difficulty, confidence
         FROM scored_keys WHERE pack_id = ?1",
    )?;
    let named: Vec<(u32, Names)> = select
        .query_map([pack_id], |r| {
            let key: i64 = r.get(0)?;
            let key =
                u32::try_from(key).map_err(|_| rusqlite::Error::IntegralValueOutOfRange(0, key))?;
            Ok((
                key,
                Names {
                    question_id: r.get(1)?,
                    category: r.get(2)?,
                    difficulty: difficulty_of(r.get_ref(3)?.as_str()?),
                    // A word skillgap does not write (or none) reads as no confidence.
                    confidence: Confidence::from_name(r.get_ref(4)?.as_str()?),
                },
            ))
        })?
        .collect::<Result<_, _>>()?;
    let first = named.iter().map(|(key, _)| *key).min().unwrap_or(0);
    let span = named
        .iter()
        .map(|(key, _)| usize_of(key - first) + 1)
        .max()
        .unwrap_or(0);
    let mut names: Vec<Option<Names>> = std::iter::repeat_with(|| None).take(span).collect();
    for (key, name) in named {
        if let Some(slot) = names.get_mut(usize_of(key - first)) {
            *slot = Some(name);
        }
    }

    let mut chunks =
        conn.prepare_cached("SELECT data FROM scored_chunks WHERE pack_id = ?1 ORDER BY id")?;
    let mut rows = chunks.query([pack_id])?;
    while let Some(row) = rows.next()? {
        let data = row.get_ref(0)?.as_blob().map_err(rusqlite::Error::from)?;
        if !whole(data) {
            return Err(ReadError::Malformed(Malformed(format!(
                "a score-log chunk of pack {pack_id:?} holds {} bytes, not whole entries",
                data.len()
            ))));
        }
        for entry in data.chunks_exact(ENTRY_BYTES) {
            let (key, score, answered_at_ms) = decode(entry);
            let index = key.checked_sub(first).map(usize_of);
            let name = index
                .and_then(|index| names.get(index))
                .and_then(Option::as_ref)
                .ok_or_else(|| {
                    ReadError::Malformed(Malformed(format!(
                        "the score log of pack {pack_id:?} refers to unknown question key {key}"
                    )))
                })?;
            f(ScoredRow {
                key: index.unwrap_or(0), // found above, so `Some`
                question_id: &name.question_id,
                category: &name.category,
                difficulty: name.difficulty,
                confidence: name.confidence,
                score,
                answered_at_ms,
            });
        }
    }
    Ok(())
}

fn decode(entry: &[u8]) -> (u32, f64, i64) {
    let mut key = [0u8; 4];
    let mut score = [0u8; 8];
    let mut at = [0u8; 8];
    key.copy_from_slice(&entry[..4]);
    score.copy_from_slice(&entry[4..12]);
    at.copy_from_slice(&entry[12..ENTRY_BYTES]);
    (
        u32::from_le_bytes(key),
        f64::from_le_bytes(score),
        i64::from_le_bytes(at),
    )
}

/// `u32` to `usize`: lossless on every platform skillgap builds for (32 and 64 bits).
fn usize_of(value: u32) -> usize {
    usize::try_from(value).unwrap_or(usize::MAX)
}

/// The fields the personal report needs from one answer, borrowed from the row being read.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ScoredRow<'a> {
    /// The same number for every row of one read with the same question, category,
    /// difficulty and confidence (and different otherwise), counted from 0 and below the
    /// number of such combinations stored for all packs: lets a caller keep something per
    /// combination in a `Vec` instead of hashing the strings of every row.
    pub key: usize,
    pub question_id: &'a str,
    pub category: &'a str,
    pub difficulty: Difficulty,
    /// A confidence word skillgap does not write reads as `None`.
    pub confidence: Option<Confidence>,
    pub score: f64,
    pub answered_at_ms: i64,
}

/// A stored difficulty name; anything else reads as Medium, the middle weight.
pub(crate) fn difficulty_of(name: &str) -> Difficulty {
    Difficulty::ALL
        .into_iter()
        .find(|d| d.name() == name)
        .unwrap_or(Difficulty::Medium)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn log() -> Connection {
        let conn = Connection::open_in_memory().unwrap();
        crate::store::schema::migrate(&conn, 0).unwrap();
        conn
    }

    fn entry<'a>(pack_id: &'a str, question_id: &'a str, at: i64) -> Entry<'a> {
        Entry {
            pack_id,
            question_id,
            category: "cat",
            difficulty: "Easy",
            confidence: None,
            score: 0.5,
            answered_at_ms: at,
        }
    }

    fn read(conn: &Connection, pack_id: &str) -> Vec<(String, i64)> {
        let mut out = Vec::new();
        for_each(conn, pack_id, |row| {
            out.push((row.question_id.to_owned(), row.answered_at_ms));
        })
        .unwrap();
        out
    }

    #[test]
    fn appends_across_chunks_and_packs_in_order() {
        let conn = log();
        let total = i64::try_from(CHUNK_ENTRIES * 2 + 5).unwrap();
        // One by one, as answers come (a fresh appender each time).
        for at in 0..total {
            let mut appender = Appender::new(&conn);
            let question = ["q1", "q2", "q3"][usize::try_from(at % 3).unwrap()];
            appender.push(&entry("a", question, at)).unwrap();
            appender.push(&entry("b", "q1", -at)).unwrap();
            appender.finish().unwrap();
        }
        let a = read(&conn, "a");
        assert_eq!(a.len(), usize::try_from(total).unwrap());
        assert!(
            a.iter()
                .enumerate()
                .all(|(i, (_, at))| *at == i64::try_from(i).unwrap())
        );
        assert_eq!(a[4].0, "q2");
        assert_eq!(read(&conn, "b").len(), a.len());
        let chunks: i64 = conn
            .query_row(
                "SELECT count(*) FROM scored_chunks WHERE pack_id = 'a'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(chunks, 3);
        // In a batch, the same.
        let mut appender = Appender::new(&conn);
        for at in total..total * 2 {
            appender.push(&entry("a", "q3", at)).unwrap();
        }
        appender.finish().unwrap();
        let a = read(&conn, "a");
        assert!(
            a.iter()
                .enumerate()
                .all(|(i, (_, at))| *at == i64::try_from(i).unwrap())
        );
        assert!(read(&conn, "none").is_empty());
    }

    #[test]
    fn the_confidence_word_is_part_of_the_key() {
        let conn = log();
        let mut appender = Appender::new(&conn);
        for (at, confidence) in [None, Some("high"), Some("unsure"), Some("high"), None]
            .into_iter()
            .enumerate()
        {
            let at = i64::try_from(at).unwrap();
            appender
                .push(&Entry {
                    confidence,
                    ..entry("a", "q1", at)
                })
                .unwrap();
        }
        appender.finish().unwrap();
        let mut rows = Vec::new();
        for_each(&conn, "a", |row| rows.push((row.key, row.confidence))).unwrap();
        let keys: Vec<usize> = rows.iter().map(|r| r.0).collect();
        let confidences: Vec<Option<Confidence>> = rows.iter().map(|r| r.1).collect();
        assert_eq!(
            confidences,
            [
                None,
                Some(Confidence::High),
                None,
                Some(Confidence::High),
                None
            ]
        );
        // Three keys (none, "high", "unsure"), each answer with its own.
        assert_eq!((keys[0], keys[1]), (keys[4], keys[3]));
        assert!(keys[0] != keys[1] && keys[1] != keys[2] && keys[0] != keys[2]);
        let stored: i64 = conn
            .query_row("SELECT count(*) FROM scored_keys", [], |r| r.get(0))
            .unwrap();
        assert_eq!(stored, 3);
    }

    #[test]
    fn a_malformed_chunk_is_reported() {
        let conn = log();
        conn.execute(
            "INSERT INTO scored_chunks (pack_id, data) VALUES ('a', x'0102')",
            [],
        )
        .unwrap();
        assert!(matches!(
            for_each(&conn, "a", |_| {}),
            Err(ReadError::Malformed(_))
        ));
        conn.execute("DELETE FROM scored_chunks", []).unwrap();
        let mut appender = Appender::new(&conn);
        appender.push(&entry("a", "q1", 1)).unwrap();
        appender.finish().unwrap();
        conn.execute("DELETE FROM scored_keys", []).unwrap();
        assert!(matches!(
            for_each(&conn, "a", |_| {}),
            Err(ReadError::Malformed(_))
        ));
    }
}
