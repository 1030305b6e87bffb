//! A session's tallies in one column (`sessions.tallies`, schema version 6; NULL before its
//! first answer): per category, in
//! the order first answered, its answers' count and score sum, the same numbers
//! `session_scores` holds in a row each. `history` lists thousands of sessions; reading their
//! tallies as one short blob per session instead of a row per category is most of what makes
//! it cost no more than `report`. Kept in the answer's transaction, as `session_scores` is,
//! and by the same additions in the same order, so the two agree to the bit.
//!
//! Layout, one entry per category: the name's length (u32, little-endian), the name (UTF-8),
//! the answers (u32) and the score sum (f64 bits).

use rusqlite::{Connection, OptionalExtension, params};

use super::SessionId;

/// One category's entry, borrowed from the blob.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Entry<'a> {
    pub category: &'a str,
    pub answered: u32,
    pub score_sum: f64,
}

/// The blob does not hold the entries it should.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Malformed;

impl std::fmt::Display for Malformed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a session's tallies (sessions.tallies) are cut short or not UTF-8")
    }
}

impl std::error::Error for Malformed {}

/// Reads the entries of `blob` in order; [`Malformed`] at the first that does not parse.
pub fn entries(blob: &[u8]) -> impl Iterator<Item = Result<Entry<'_>, Malformed>> {
    let mut rest = blob;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let entry = next_entry(&mut rest);
        if entry.is_err() {
            rest = &[];
        }
        Some(entry)
    })
}

fn next_entry<'a>(rest: &mut &'a [u8]) -> Result<Entry<'a>, Malformed> {
    let length = usize::try_from(u32::from_le_bytes(take(rest)?)).map_err(|_| Malformed)?;
    let (name, after) = rest.split_at_checked(length).ok_or(Malformed)?;
    *rest = after;
    let category = std::str::from_utf8(name).map_err(|_| Malformed)?;
    let answered = u32::from_le_bytes(take(rest)?);
    let score_sum = f64::from_bits(u64::from_le_bytes(take(rest)?));
    Ok(Entry {
        category,
        answered,
        score_sum,
    })
}

fn take<const N: usize>(rest: &mut &[u8]) -> Result<[u8; N], Malformed> {
    let (head, after) = rest.split_first_chunk::<N>().ok_or(Malformed)?;
    *rest = after;
    Ok(*head)
}

fn push(blob: &mut Vec<u8>, entry: &Entry<'_>) -> Result<(), Malformed> {
    let length = u32::try_from(entry.category.len()).map_err(|_| Malformed)?;
    blob.extend_from_slice(&length.to_le_bytes());
    blob.extend_from_slice(entry.category.as_bytes());
    blob.extend_from_slice(&entry.answered.to_le_bytes());
    blob.extend_from_slice(&entry.score_sum.to_bits().to_le_bytes());
    Ok(())
}

/// `blob` with `answers` more answers and `score` more in `category`'s entry (a new entry at
/// the end when the category had none: the order first answered).
pub fn added(blob: &[u8], category: &str, answers: u32, score: f64) -> Result<Vec<u8>, Malformed> {
    let mut out = Vec::with_capacity(blob.len() + category.len() + 16);
    let mut found = false;
    for entry in entries(blob) {
        let mut entry = entry?;
        if entry.category == category {
            found = true;
            entry.answered = entry.answered.checked_add(answers).ok_or(Malformed)?;
            entry.score_sum += score;
        }
        push(&mut out, &entry)?;
    }
    if !found {
        push(
            &mut out,
            &Entry {
                category,
                answered: answers,
                score_sum: score,
            },
        )?;
    }
    Ok(out)
}

/// The error a malformed blob is reported as: a conversion failure of the column, which
/// `classify` turns into damage.
pub fn conversion_error(index: usize) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        index,
        rusqlite::types::Type::Blob,
        Box::new(Malformed),
    )
}

/// Adds an answer (or, overruled, the score it gained) to session `session`'s tallies, in the
/// caller's transaction.
pub fn add(
    conn: &Connection,
    session: SessionId,
    category: &str,
    answers: u32,
    score: f64,
) -> rusqlite::Result<()> {
    // NULL (no answer yet) reads as no entries.
    let blob: Vec<u8> = conn
        .prepare_cached("SELECT tallies FROM sessions WHERE id = ?1")?
        .query_row([session], |r| r.get::<_, Option<Vec<u8>>>(0))
        .optional()?
        .flatten()
        .unwrap_or_default();
    let blob = added(&blob, category, answers, score).map_err(|_| conversion_error(0))?;
    conn.prepare_cached("UPDATE sessions SET tallies = ?2 WHERE id = ?1")?
        .execute(params![session, blob])?;
    Ok(())
}

/// Writes every session's tallies from `session_scores` (the version 6 migration): its rows
/// copied as they are, so the sums are the very numbers history printed before.
pub fn rebuild(conn: &Connection) -> rusqlite::Result<()> {
    let mut select = conn.prepare(
        "SELECT session_id, category, answered, score_sum FROM session_scores
         ORDER BY session_id, first_answer",
    )?;
    let mut update = conn.prepare("UPDATE sessions SET tallies = ?2 WHERE id = ?1")?;
    let mut rows = select.query([])?;
    let mut current: Option<SessionId> = None;
    let mut blob = Vec::new();
    while let Some(r) = rows.next()? {
        let session: SessionId = r.get(0)?;
        if current != Some(session) {
            if let Some(done) = current {
                update.execute(params![done, blob])?;
            }
            current = Some(session);
            blob.clear();
        }
        let answered: i64 = r.get(2)?;
        let entry = Entry {
            category: r.get_ref(1)?.as_str()?,
            answered: u32::try_from(answered)
                .map_err(|_| rusqlite::Error::IntegralValueOutOfRange(2, answered))?,
            score_sum: r.get(3)?,
        };
        push(&mut blob, &entry).map_err(|_| conversion_error(1))?;
    }
    if let Some(done) = current {
        update.execute(params![done, blob])?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_are_added_in_the_order_first_answered() {
        let blob = added(&[], "databases", 1, 0.5).unwrap();
        let blob = added(&blob, "apis", 1, 1.0).unwrap();
        let blob = added(&blob, "databases", 1, 0.25).unwrap();
        let read: Vec<Entry<'_>> = entries(&blob).collect::<Result<_, _>>().unwrap();
        assert_eq!(
            read,
            [
                Entry {
                    category: "databases",
                    answered: 2,
                    score_sum: 0.75
                },
                Entry {
                    category: "apis",
                    answered: 1,
                    score_sum: 1.0
                }
            ]
        );
    }

    #[test]
    fn a_cut_blob_is_malformed_not_a_panic() {
        let blob = added(&[], "databases", 3, 2.5).unwrap();
        for end in 1..blob.len() {
            assert!(
                entries(&blob[..end]).any(|e| e.is_err()),
                "cut at {end} of {}",
                blob.len()
            );
        }
        let mut not_utf8 = blob.clone();
        not_utf8[4] = 0xFF;
        assert_eq!(entries(&not_utf8).next(), Some(Err(Malformed)));
    }
}
