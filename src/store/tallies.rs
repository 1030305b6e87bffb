//! A finished session's tallies in one column (`sessions.tallies`, schema version 6): per
//! category, in the order first answered, its answers' count and score sum, the same numbers
//! `session_scores` holds in a row each. `history` lists thousands of sessions; reading their
//! tallies as one short blob per session instead of a row per category is most of what makes
//! it cost no more than `report`.
//!
//! Written when the session finishes ([`settle`], copied from `session_scores`, so the two
//! agree to the bit) and kept by later changes to a finished session (an answer marked right:
//! [`add`]), not on every answer: rewriting the session's row with each answer cost a page
//! more per commit (`record_answer` 208 → 238 µs). An unfinished session's tallies are read
//! from `session_scores` ([`blob_of`]); its column, if any, is not read.
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

/// Adds an answer (or, overruled, the score it gained) to a finished session's tallies, in
/// the caller's transaction, as `session_scores` was added to (an unfinished session's are
/// written when it finishes: [`settle`]).
pub fn add(
    conn: &Connection,
    session: SessionId,
    category: &str,
    answers: u32,
    score: f64,
) -> rusqlite::Result<()> {
    // NULL (no answer) reads as no entries.
    let Some(blob) = conn
        .prepare_cached("SELECT tallies FROM sessions WHERE id = ?1 AND status = 'finished'")?
        .query_row([session], |r| r.get::<_, Option<Vec<u8>>>(0))
        .optional()?
    else {
        return Ok(());
    };
    let blob = added(&blob.unwrap_or_default(), category, answers, score)
        .map_err(|_| conversion_error(0))?;
    write(conn, session, &blob)
}

/// Writes a session's tallies, from `session_scores`, as it finishes.
pub fn settle(conn: &Connection, session: SessionId) -> rusqlite::Result<()> {
    let blob = blob_of(conn, session)?;
    write(conn, session, &blob)
}

/// The tallies of `session` built from its `session_scores` rows (in the order first
/// answered): what an unfinished session lists, and what [`settle`] keeps.
pub fn blob_of(conn: &Connection, session: SessionId) -> rusqlite::Result<Vec<u8>> {
    let mut select = conn.prepare_cached(
        "SELECT category, answered, score_sum FROM session_scores
         WHERE session_id = ?1 ORDER BY first_answer",
    )?;
    let mut rows = select.query([session])?;
    let mut blob = Vec::new();
    while let Some(r) = rows.next()? {
        let answered: i64 = r.get(1)?;
        let entry = Entry {
            category: r.get_ref(0)?.as_str()?,
            answered: u32::try_from(answered)
                .map_err(|_| rusqlite::Error::IntegralValueOutOfRange(1, answered))?,
            score_sum: r.get(2)?,
        };
        push(&mut blob, &entry).map_err(|_| conversion_error(0))?;
    }
    Ok(blob)
}

/// Stores `blob` as the session's tallies, and raises its planned count to the answers it
/// holds when they are more (a placement is stored with its first question and picks the
/// rest one at a time), in one write of its row.
fn write(conn: &Connection, session: SessionId, blob: &[u8]) -> rusqlite::Result<()> {
    let mut asked: i64 = 0;
    for entry in entries(blob) {
        asked += i64::from(entry.map_err(|_| conversion_error(0))?.answered);
    }
    conn.prepare_cached(
        "UPDATE sessions SET tallies = ?2, planned = max(planned, ?3) WHERE id = ?1",
    )?
    .execute(params![session, blob, asked])?;
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
