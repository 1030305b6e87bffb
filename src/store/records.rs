//! Reading the history back: the records the rest of the program gets (sessions, answers,
//! per-session category tallies, the score log's rows), each column decoded here once into
//! the core's types, and the queries that read them.

use std::ops::Range;
use std::sync::Arc;

use rusqlite::{OptionalExtension, Row};
use serde::Deserialize;
use serde::de::IgnoredAny;

use super::scored::{self, ScoredRow, difficulty_of};
use super::tallies;
use super::{PackRef, SessionId, SessionStatus, Store, StoreError};
use crate::fnv::FnvMap;
use crate::learning::Confidence;
use crate::pack::{Difficulty, KindName};
use crate::quiz::{Mode, Response, SessionKind};

/// A stored session, its columns decoded once here: the rest of the program never parses
/// the `mode` or `filters_json` text.
#[derive(Debug, Clone, PartialEq)]
pub struct SessionRecord {
    pub id: SessionId,
    /// Feedback mode (an unknown word in the column reads as practice).
    pub mode: Mode,
    /// What the session was (practice, exam, review, a retake, an exam file...), from the
    /// `filters_json` column (see [`crate::quiz::SessionKind::of`]).
    pub kind: SessionKind,
    pub seed: u64,
    /// The column as stored, given back as is when a session is continued.
    pub filters_json: String,
    pub packs: Vec<PackRef>,
    pub question_ids: Vec<String>,
    pub time_limit_secs: Option<u64>,
    pub profile: Option<String>,
    pub started_at_ms: i64,
    pub ended_at_ms: Option<i64>,
    pub status: SessionStatus,
    /// Answers stored for it.
    pub answered: usize,
    /// The sum of the scores they count for.
    pub score_sum: f64,
    /// Of them, the answers the learner marked right ("I was right").
    pub overridden: usize,
}

impl SessionRecord {
    /// How many questions it planned: its planned ids, or what it asked when that is more (a
    /// placement is stored with its first question and picks the rest one at a time).
    pub fn planned(&self) -> usize {
        self.question_ids.len().max(self.answered)
    }

    /// The ids of the packs it drew on.
    pub fn pack_ids(&self) -> Vec<&str> {
        self.packs.iter().map(|p| p.id.as_str()).collect()
    }

    pub fn finished(&self) -> bool {
        self.status == SessionStatus::Finished
    }

    /// Whether its scores are kept from view ([`crate::quiz::score_withheld`]): an exam that
    /// has not ended.
    pub fn score_withheld(&self) -> bool {
        crate::quiz::score_withheld(self.mode, self.finished())
    }
}

/// A session as `history` lists it: its columns but its questions' ids (their count instead),
/// read with its category tallies (see [`Store::history`]).
#[derive(Debug, Clone, PartialEq)]
pub struct SessionSummary {
    pub id: SessionId,
    /// Feedback mode (an unknown word in the column reads as practice).
    pub mode: Mode,
    /// What the session was (see [`SessionRecord::kind`]).
    pub kind: SessionKind,
    pub seed: u64,
    /// Shared by every listed session that drew on the same packs: read once, not per row.
    pub packs: Arc<[PackRef]>,
    /// How many questions it was planned with.
    pub questions: usize,
    pub started_at_ms: i64,
    pub ended_at_ms: Option<i64>,
    pub status: SessionStatus,
    /// Answers stored for it: the sum of its tallies'.
    pub answered: usize,
    /// Answers the learner marked right ("I was right").
    pub overridden: usize,
    /// Where its tallies are in [`History`]'s.
    tallies: Range<usize>,
}

impl SessionSummary {
    pub fn finished(&self) -> bool {
        self.status == SessionStatus::Finished
    }

    /// Whether its scores are kept from view ([`crate::quiz::score_withheld`]): an exam that
    /// has not ended.
    pub fn score_withheld(&self) -> bool {
        crate::quiz::score_withheld(self.mode, self.finished())
    }
}

/// What `history` lists: sessions, newest first, each with its answers' count and score sum
/// per category. Laid out for thousands of sessions: each category name is held once (a
/// tally names it by its place in [`History::categories`]), and the tallies of all the
/// sessions lie in one list.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct History {
    /// Newest first (by start time, then id), as [`Store::sessions`] lists them.
    pub sessions: Vec<SessionSummary>,
    /// Every category named by a tally, once each.
    pub categories: Vec<String>,
    tallies: Vec<CategoryTally>,
}

impl History {
    /// The tallies of `session` (one of [`History::sessions`]), in the order its categories
    /// were first answered.
    pub fn tallies(&self, session: &SessionSummary) -> &[CategoryTally] {
        self.tallies
            .get(session.tallies.clone())
            .unwrap_or_default()
    }

    /// The name of a tally's category.
    pub fn category(&self, tally: &CategoryTally) -> &str {
        self.categories
            .get(tally.category)
            .map_or("", String::as_str)
    }
}

/// A stored answer, its columns decoded once here. A value skillgap never writes (an unknown
/// kind, confidence or response) reads as `None`; an unknown difficulty as Medium.
#[derive(Debug, Clone, PartialEq)]
pub struct AnswerRecord {
    pub id: i64,
    pub session_id: SessionId,
    pub pack: PackRef,
    pub question_id: String,
    pub category: String,
    pub kind: Option<KindName>,
    pub difficulty: Difficulty,
    /// The response as stored (JSON), exported as is.
    pub response_json: String,
    /// The response decoded; `None` when the stored JSON is not one this skillgap knows.
    pub response: Option<Response>,
    /// The score it was marked when given (kept when the learner overrules it).
    pub score: f64,
    pub confidence: Option<Confidence>,
    pub time_taken_ms: u64,
    pub content_hash: String,
    pub answered_at_ms: i64,
    /// The learner marked it right after seeing the accepted answers ("I was right").
    pub overridden: bool,
}

impl AnswerRecord {
    /// The kind's stored name (`Single`, `TrueFalse`...), empty when unknown.
    pub fn kind_name(&self) -> &'static str {
        self.kind.map_or("", KindName::name)
    }

    /// The score it counts for everywhere scores are used: 1 when overridden, else the score
    /// it was marked.
    pub fn counted_score(&self) -> f64 {
        if self.overridden { 1.0 } else { self.score }
    }
}

/// The answers of one category in one session.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CategoryTally {
    /// Its place in [`History::categories`].
    pub category: usize,
    pub answered: usize,
    /// The sum of their scores.
    pub score_sum: f64,
}

/// The answer count and score sum come from `session_scores` (a few rows per session), not
/// from the session's answer rows; the overridden answers from a partial index that holds
/// only them (`answers_overridden`).
const SESSION_COLUMNS: &str = "s.id, s.mode, s.seed, s.filters_json, s.packs_json, \
     s.question_ids_json, s.time_limit_secs, s.profile, s.started_at_ms, s.ended_at_ms, \
     s.status, \
     (SELECT coalesce(sum(t.answered), 0) FROM session_scores t WHERE t.session_id = s.id), \
     (SELECT total(t.score_sum) FROM session_scores t WHERE t.session_id = s.id), \
     (SELECT count(*) FROM answers a WHERE a.session_id = s.id AND a.overridden = 1)";

pub(super) const ANSWER_COLUMNS: &str = "id, session_id, pack_id, pack_version, pack_content_hash, \
     question_id, category, kind, difficulty, response_json, score, confidence, \
     time_taken_ms, content_hash, answered_at_ms, overridden";

/// The same columns from a database older than schema version 4 (read, never migrated, by a
/// rescue), where no answer was overridden.
pub(super) const ANSWER_COLUMNS_BEFORE_V4: &str = "id, session_id, pack_id, pack_version, \
     pack_content_hash, question_id, category, kind, difficulty, response_json, score, \
     confidence, time_taken_ms, content_hash, answered_at_ms, 0";

impl Store {
    /// One session, if it exists.
    pub fn session(&self, id: SessionId) -> Result<Option<SessionRecord>, StoreError> {
        let sql = format!("SELECT {SESSION_COLUMNS} FROM sessions s WHERE s.id = ?1");
        self.conn
            .prepare_cached(&sql)
            .and_then(|mut select| {
                select
                    .query_row([id], |row| self.session_row(row))
                    .optional()
            })
            .map_err(|source| self.fail(source))
    }

    /// Sessions, newest first (by start time, then id); at most `limit` of them.
    pub fn sessions(&self, limit: Option<usize>) -> Result<Vec<SessionRecord>, StoreError> {
        let sql = format!(
            "SELECT {SESSION_COLUMNS} FROM sessions s
             ORDER BY s.started_at_ms DESC, s.id DESC LIMIT ?1"
        );
        // SQLite reads a negative limit as "no limit".
        let limit = limit.map_or(-1, |n| i64::try_from(n).unwrap_or(i64::MAX));
        self.conn
            .prepare_cached(&sql)
            .and_then(|mut select| {
                select
                    .query_map([limit], |row| self.session_row(row))?
                    .collect()
            })
            .map_err(|source| self.fail(source))
    }

    /// The newest unfinished session, if any: the one to offer to resume.
    pub fn last_unfinished(&self) -> Result<Option<SessionRecord>, StoreError> {
        let sql = format!(
            "SELECT {SESSION_COLUMNS} FROM sessions s WHERE s.status = ?1
             ORDER BY s.started_at_ms DESC, s.id DESC LIMIT 1"
        );
        self.conn
            .prepare_cached(&sql)
            .and_then(|mut select| {
                select
                    .query_row([SessionStatus::Unfinished.as_sql()], |row| {
                        self.session_row(row)
                    })
                    .optional()
            })
            .map_err(|source| self.fail(source))
    }

    /// The answers of one session, in the order they were given.
    pub fn session_answers(&self, id: SessionId) -> Result<Vec<AnswerRecord>, StoreError> {
        let sql = format!("SELECT {ANSWER_COLUMNS} FROM answers WHERE session_id = ?1 ORDER BY id");
        self.conn
            .prepare_cached(&sql)
            .and_then(|mut select| select.query_map([id], answer_row)?.collect())
            .map_err(|source| self.fail(source))
    }

    /// The newest `limit` sessions (all with `None`), newest first (as [`Store::sessions`]
    /// lists them), each with its answers' count and score sum by category, the categories
    /// in the order first answered. Two queries, no answer row read and no question id either:
    /// the sessions, one row each (their planned count and tallies are columns of it, see
    /// `tallies.rs`), and the overridden answers through the partial index that holds only
    /// them.
    pub fn history(&self, limit: Option<usize>) -> Result<History, StoreError> {
        // SQLite reads a negative limit as "no limit".
        let limit = limit.map_or(-1, |n| i64::try_from(n).unwrap_or(i64::MAX));
        self.read_history(limit).map_err(|source| self.fail(source))
    }

    fn read_history(&self, limit: i64) -> rusqlite::Result<History> {
        let mut reader = SummaryReader::default();
        if limit < 0 {
            // All of them: the table read in its own order (the start-time index would
            // look each row up again), then sorted here.
            let mut select = self
                .conn
                .prepare_cached(&format!("SELECT {SUMMARY_COLUMNS} FROM sessions s"))?;
            let mut rows = select.query([])?;
            while let Some(r) = rows.next()? {
                reader.read(self, r)?;
            }
            reader
                .history
                .sessions
                .sort_unstable_by_key(|s| std::cmp::Reverse((s.started_at_ms, s.id)));
        } else {
            let mut select = self.conn.prepare_cached(&format!(
                "SELECT {SUMMARY_COLUMNS} FROM sessions s
                 ORDER BY s.started_at_ms DESC, s.id DESC LIMIT ?1"
            ))?;
            let mut rows = select.query([limit])?;
            while let Some(r) = rows.next()? {
                reader.read(self, r)?;
            }
        }
        let mut history = reader.history;
        // Overridden answers are few and indexed apart (`answers_overridden`).
        let place: FnvMap<SessionId, usize> = history
            .sessions
            .iter()
            .enumerate()
            .map(|(place, s)| (s.id, place))
            .collect();
        let mut select = self.conn.prepare_cached(
            "SELECT session_id, count(*) FROM answers WHERE overridden = 1 GROUP BY session_id",
        )?;
        let mut rows = select.query([])?;
        while let Some(r) = rows.next()? {
            if let Some(&at) = place.get(&r.get(0)?) {
                history.sessions[at].overridden = unsigned(1, r.get(1)?)?;
            }
        }
        Ok(history)
    }

    /// How many question ids a session's `question_ids_json` holds: for a row whose planned
    /// count the version 6 migration could not read (see `schema.rs`); ids that do not parse
    /// are a conversion failure, which `classify` reports as damage.
    fn planned_from_ids(&self, id: SessionId) -> rusqlite::Result<usize> {
        self.conn
            .prepare_cached("SELECT question_ids_json FROM sessions WHERE id = ?1")?
            .query_row([id], |r| {
                // Counted without a string made for each id.
                Ok(json_column::<Vec<IgnoredAny>>(r, 0)?.len())
            })
    }

    /// Every answer (of one pack if given), oldest first: for export.
    pub fn answers(&self, pack_id: Option<&str>) -> Result<Vec<AnswerRecord>, StoreError> {
        let run = || -> rusqlite::Result<Vec<AnswerRecord>> {
            match pack_id {
                Some(pack_id) => {
                    let sql = format!(
                        "SELECT {ANSWER_COLUMNS} FROM answers WHERE pack_id = ?1
                         ORDER BY answered_at_ms, id"
                    );
                    let mut select = self.conn.prepare_cached(&sql)?;
                    select.query_map([pack_id], answer_row)?.collect()
                }
                None => {
                    let sql =
                        format!("SELECT {ANSWER_COLUMNS} FROM answers ORDER BY answered_at_ms, id");
                    let mut select = self.conn.prepare_cached(&sql)?;
                    select.query_map([], answer_row)?.collect()
                }
            }
        };
        run().map_err(|source| self.fail(source))
    }

    /// How many answers are stored for a pack (one index range count, no row read).
    pub fn answer_count(&self, pack_id: &str) -> Result<usize, StoreError> {
        self.conn
            .prepare_cached("SELECT count(*) FROM answers WHERE pack_id = ?1")
            .and_then(|mut select| select.query_row([pack_id], |r| r.get::<_, i64>(0)))
            .map(|n| usize::try_from(n).unwrap_or(0))
            .map_err(|source| self.fail(source))
    }

    /// Streams question, category, difficulty, confidence, score and time of every answer of
    /// a pack (with the key that tells which answers share the first four), in the order they
    /// were stored, without collecting them: the strings are borrowed for the call only. Reads the score log (see `scored.rs`), not `answers`, which is what makes a
    /// million answers take tens of milliseconds rather than half a second.
    pub fn for_each_scored(
        &self,
        pack_id: &str,
        f: impl FnMut(ScoredRow<'_>),
    ) -> Result<(), StoreError> {
        scored::for_each(&self.conn, pack_id, f).map_err(|error| match error {
            scored::ReadError::Sqlite(source) => self.fail(source),
            scored::ReadError::Malformed(scored::Malformed(what)) => {
                self.closing.damage_met(&self.conn);
                StoreError::Damaged {
                    path: self.path.clone(),
                    what,
                }
            }
        })
    }

    /// Reads a row of `SESSION_COLUMNS`. JSON or status that does not parse is reported as a
    /// conversion failure, which `classify` turns into `StoreError::Damaged`.
    fn session_row(&self, r: &Row<'_>) -> rusqlite::Result<SessionRecord> {
        let status: String = r.get(10)?;
        let mode = r.get_ref(1)?.as_str()?;
        let filters_json: String = r.get(3)?;
        Ok(SessionRecord {
            id: r.get(0)?,
            mode: Mode::from_name(mode).unwrap_or(Mode::Practice),
            kind: SessionKind::of(mode, &filters_json),
            seed: r.get::<_, i64>(2)?.cast_unsigned(),
            filters_json,
            packs: json_column(r, 4)?,
            question_ids: json_column(r, 5)?,
            time_limit_secs: r
                .get::<_, Option<i64>>(6)?
                .map(|v| unsigned(6, v))
                .transpose()?,
            profile: r.get(7)?,
            started_at_ms: r.get(8)?,
            ended_at_ms: r.get(9)?,
            status: SessionStatus::from_sql(&status).ok_or_else(|| {
                rusqlite::Error::FromSqlConversionFailure(
                    10,
                    rusqlite::types::Type::Text,
                    format!("unknown session status {status:?}").into(),
                )
            })?,
            answered: unsigned(11, r.get(11)?)?,
            score_sum: r.get(12)?,
            overridden: unsigned(13, r.get(13)?)?,
        })
    }
}

/// The columns of a session [`Store::history`] lists.
const SUMMARY_COLUMNS: &str = "s.id, s.mode, s.seed, s.filters_json, s.packs_json, s.planned, \
     s.started_at_ms, s.ended_at_ms, s.status, s.tallies";

/// Reads [`SUMMARY_COLUMNS`] rows into a [`History`], parsing each distinct `packs_json` once
/// (sessions mostly draw on the same few packs, so the rows repeat a handful of texts) and
/// holding each category name once.
#[derive(Default)]
struct SummaryReader {
    history: History,
    /// The last distinct pack texts met, the latest first.
    packs: Vec<(String, Arc<[PackRef]>)>,
    /// Where each category name is in `history.categories`.
    named: FnvMap<String, usize>,
}

impl SummaryReader {
    /// Distinct pack lists remembered: enough for the packs a learner switches between.
    const KEPT: usize = 8;

    fn read(&mut self, store: &Store, r: &Row<'_>) -> rusqlite::Result<()> {
        let id = r.get(0)?;
        let mode = r.get_ref(1)?.as_str()?;
        let status = r.get_ref(8)?.as_str()?;
        let mut questions = match r.get::<_, Option<i64>>(5)? {
            Some(planned) => unsigned(5, planned)?,
            None => store.planned_from_ids(id)?,
        };
        // A finished session's tallies are kept in its row; an unfinished one's (a few at
        // most) are read from its `session_scores` rows.
        let unfinished = status == SessionStatus::Unfinished.as_sql();
        let counted;
        let blob = if unfinished {
            counted = tallies::blob_of(&store.conn, id)?;
            counted.as_slice()
        } else {
            r.get_ref(9)?.as_blob_or_null()?.unwrap_or_default()
        };
        let start = self.history.tallies.len();
        let mut answered = 0;
        for entry in tallies::entries(blob) {
            let entry = entry.map_err(|_| tallies::conversion_error(9))?;
            let category = match self.named.get(entry.category) {
                Some(&known) => known,
                None => {
                    self.history.categories.push(entry.category.to_owned());
                    let place = self.history.categories.len() - 1;
                    self.named.insert(entry.category.to_owned(), place);
                    place
                }
            };
            let count = entry.answered as usize;
            answered += count;
            self.history.tallies.push(CategoryTally {
                category,
                answered: count,
                score_sum: entry.score_sum,
            });
        }
        if unfinished {
            // A placement still running has asked more than it was stored with.
            questions = questions.max(answered);
        }
        let summary = SessionSummary {
            id,
            mode: Mode::from_name(mode).unwrap_or(Mode::Practice),
            kind: SessionKind::of(mode, r.get_ref(3)?.as_str()?),
            seed: r.get::<_, i64>(2)?.cast_unsigned(),
            packs: self.packs(r, 4)?,
            questions,
            started_at_ms: r.get(6)?,
            ended_at_ms: r.get(7)?,
            status: SessionStatus::from_sql(status).ok_or_else(|| {
                rusqlite::Error::FromSqlConversionFailure(
                    8,
                    rusqlite::types::Type::Text,
                    format!("unknown session status {status:?}").into(),
                )
            })?,
            answered,
            overridden: 0,
            tallies: start..self.history.tallies.len(),
        };
        self.history.sessions.push(summary);
        Ok(())
    }

    fn packs(&mut self, r: &Row<'_>, index: usize) -> rusqlite::Result<Arc<[PackRef]>> {
        let text = r.get_ref(index)?.as_str()?;
        if let Some(at) = self.packs.iter().position(|(known, _)| known == text) {
            // Kept latest first, so the common case (the same packs again) is found first.
            self.packs[..=at].rotate_right(1);
            return Ok(Arc::clone(&self.packs[0].1));
        }
        let packs: Arc<[PackRef]> = json_column::<Vec<PackRef>>(r, index)?.into();
        self.packs.truncate(Self::KEPT - 1);
        self.packs.insert(0, (text.to_owned(), Arc::clone(&packs)));
        Ok(packs)
    }
}

/// A stored integer that must be non-negative (sizes, durations), as an unsigned type.
fn unsigned<T: TryFrom<i64>>(index: usize, value: i64) -> rusqlite::Result<T> {
    T::try_from(value).map_err(|_| rusqlite::Error::IntegralValueOutOfRange(index, value))
}

fn json_column<T: for<'de> Deserialize<'de>>(r: &Row<'_>, index: usize) -> rusqlite::Result<T> {
    let text = r.get_ref(index)?.as_str()?;
    serde_json::from_str(text).map_err(|error| {
        rusqlite::Error::FromSqlConversionFailure(index, rusqlite::types::Type::Text, error.into())
    })
}

pub(super) fn answer_row(r: &Row<'_>) -> rusqlite::Result<AnswerRecord> {
    Ok(AnswerRecord {
        id: r.get(0)?,
        session_id: r.get(1)?,
        pack: PackRef {
            id: r.get(2)?,
            version: r.get(3)?,
            content_hash: r.get(4)?,
        },
        question_id: r.get(5)?,
        category: r.get(6)?,
        kind: KindName::from_name(r.get_ref(7)?.as_str()?),
        difficulty: difficulty_of(r.get_ref(8)?.as_str()?),
        response_json: r.get(9)?,
        response: Response::from_json(r.get_ref(9)?.as_str()?),
        score: r.get(10)?,
        confidence: r
            .get_ref(11)?
            .as_str_or_null()?
            .and_then(Confidence::from_name),
        time_taken_ms: unsigned(12, r.get(12)?)?,
        content_hash: r.get(13)?,
        answered_at_ms: r.get(14)?,
        overridden: r.get::<_, i64>(15)? != 0,
    })
}
