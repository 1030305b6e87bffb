//! The parts of an Anki collection (SQLite) an import needs: note types with their fields and
//! card templates, deck names, notes, cards and the review log. Reads both layouts: schema 11
//! (`collection.anki2`/`.anki21`: note types and decks as JSON in `col`) and schema 18
//! (`collection.anki21b`: `notetypes`, `fields`, `templates`, `decks` tables, protobuf config).
//!
//! The database is hostile: opened read-only with `trusted_schema` off, every table read must
//! be a real table (not a view that could compute forever), and row counts are capped.

use super::proto;
use rusqlite::{Connection, OpenFlags};
use std::collections::HashMap;
use std::path::Path;

/// Most notes, cards or review-log rows read from one collection.
pub const MAX_ROWS: usize = 2_000_000;

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Template {
    pub name: String,
    pub question: String,
    pub answer: String,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Notetype {
    pub name: String,
    pub cloze: bool,
    /// Field names in order.
    pub fields: Vec<String>,
    /// Templates by ordinal (a card's `ord`).
    pub templates: Vec<Template>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Note {
    pub id: i64,
    pub notetype: i64,
    pub tags: Vec<String>,
    pub fields: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Card {
    pub id: i64,
    pub note: i64,
    /// The home deck (the original deck of a card in a filtered deck).
    pub deck: i64,
    pub ord: u32,
    /// 0 new, 1 learning, 2 review, 3 relearning.
    pub kind: i64,
    /// -3..=-1 buried or suspended, 0 new, 1 learning, 2 review, 3 day-learning, 4 preview.
    pub queue: i64,
    /// Days from the collection's creation (review), epoch seconds (learning) or position.
    pub due: i64,
    pub interval: i64,
    pub lapses: i64,
}

/// One review-log row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Review {
    pub at_ms: i64,
    /// 1 again … 4 easy; 0 for manual changes.
    pub ease: i64,
    /// 0 learn, 1 review, 2 relearn, 3 filtered, 4 manual, 5 rescheduled.
    pub kind: i64,
    pub interval: i64,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Collection {
    /// The collection's creation (its first day's start), epoch seconds: review due days
    /// count from it.
    pub created_secs: i64,
    pub notetypes: HashMap<i64, Notetype>,
    /// Deck id → path (`Parent::Child` split into its parts).
    pub decks: HashMap<i64, Vec<String>>,
    pub notes: Vec<Note>,
    pub cards: Vec<Card>,
    /// Card id → its reviews, oldest first.
    pub reviews: HashMap<i64, Vec<Review>>,
}

/// Why a collection cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CollectionError {
    /// SQLite (or the JSON or protobuf inside) refused `what`, for `reason`.
    #[error("its collection is damaged ({what}: {reason})")]
    Damaged { what: &'static str, reason: String },
    #[error("it holds no `{table}` table: it is not an Anki collection, or a damaged one")]
    NoTable { table: &'static str },
    #[error("it holds more than {limit} {what}, the limit: split the deck")]
    TooManyRows { what: &'static str, limit: usize },
}

fn damaged(what: &'static str, error: impl std::fmt::Display) -> CollectionError {
    CollectionError::Damaged {
        what,
        reason: error.to_string(),
    }
}

/// Reads the collection at `path` (a temporary copy; never written); the review log only
/// `with_reviews`.
pub fn read(path: &Path, with_reviews: bool) -> Result<Collection, CollectionError> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| damaged("open", e))?;
    conn.execute_batch("PRAGMA trusted_schema = OFF; PRAGMA query_only = ON;")
        .map_err(|e| damaged("settings", e))?;
    // Current collections index names with Anki's own case-folding collation; SQLite finds
    // no way to run a query on such a table until a collation of that name exists.
    conn.create_collation("unicase", |a: &str, b: &str| {
        a.to_lowercase().cmp(&b.to_lowercase())
    })
    .map_err(|e| damaged("collation", e))?;
    let tables = tables(&conn)?;
    for needed in ["col", "notes", "cards"] {
        if !tables.iter().any(|t| t == needed) {
            return Err(CollectionError::NoTable { table: needed });
        }
    }
    let (created_secs, models_json, decks_json) = conn
        .query_row("SELECT crt, models, decks FROM col LIMIT 1", [], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, Option<String>>(1)?,
                r.get::<_, Option<String>>(2)?,
            ))
        })
        .map_err(|e| damaged("col", e))?;
    let schema18 = tables.iter().any(|t| t == "notetypes");
    let (notetypes, decks) = if schema18 {
        (notetypes_18(&conn)?, decks_18(&conn)?)
    } else {
        (
            notetypes_11(models_json.as_deref().unwrap_or("{}"))?,
            decks_11(decks_json.as_deref().unwrap_or("{}"))?,
        )
    };
    let reviews = if with_reviews && tables.iter().any(|t| t == "revlog") {
        reviews(&conn)?
    } else {
        HashMap::new()
    };
    Ok(Collection {
        created_secs,
        notetypes,
        decks,
        notes: notes(&conn)?,
        cards: cards(&conn)?,
        reviews,
    })
}

/// Real tables only: a view named `notes` could run any query.
fn tables(conn: &Connection) -> Result<Vec<String>, CollectionError> {
    let mut statement = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
        .map_err(|e| damaged("schema", e))?;
    statement
        .query_map([], |r| r.get::<_, String>(0))
        .map_err(|e| damaged("schema", e))?
        .take(10_000)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| damaged("schema", e))
}

/// Runs `sql` and maps at most [`MAX_ROWS`] rows.
fn rows<T>(
    conn: &Connection,
    what: &'static str,
    sql: &str,
    map: impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
) -> Result<Vec<T>, CollectionError> {
    let mut statement = conn.prepare(sql).map_err(|e| damaged(what, e))?;
    let mut out = Vec::new();
    let mut mapped = statement.query_map([], map).map_err(|e| damaged(what, e))?;
    for row in mapped.by_ref() {
        if out.len() == MAX_ROWS {
            return Err(CollectionError::TooManyRows {
                what,
                limit: MAX_ROWS,
            });
        }
        out.push(row.map_err(|e| damaged(what, e))?);
    }
    Ok(out)
}

fn text_lossy(r: &rusqlite::Row<'_>, index: usize) -> rusqlite::Result<String> {
    use rusqlite::types::ValueRef;
    Ok(match r.get_ref(index)? {
        ValueRef::Text(bytes) | ValueRef::Blob(bytes) => {
            String::from_utf8_lossy(bytes).into_owned()
        }
        ValueRef::Integer(i) => i.to_string(),
        ValueRef::Real(f) => f.to_string(),
        ValueRef::Null => String::new(),
    })
}

fn notes(conn: &Connection) -> Result<Vec<Note>, CollectionError> {
    rows(
        conn,
        "notes",
        "SELECT id, mid, tags, flds FROM notes ORDER BY id",
        |r| {
            Ok(Note {
                id: r.get(0)?,
                notetype: r.get(1)?,
                tags: text_lossy(r, 2)?
                    .split_whitespace()
                    .map(str::to_owned)
                    .collect(),
                fields: text_lossy(r, 3)?
                    .split('\u{1f}')
                    .map(str::to_owned)
                    .collect(),
            })
        },
    )
}

fn cards(conn: &Connection) -> Result<Vec<Card>, CollectionError> {
    rows(
        conn,
        "cards",
        "SELECT id, nid, did, ord, type, queue, due, ivl, lapses, odid, odue FROM cards
         ORDER BY nid, ord, id",
        |r| {
            let original_deck: i64 = r.get(9)?;
            let original_due: i64 = r.get(10)?;
            let filtered = original_deck != 0;
            Ok(Card {
                id: r.get(0)?,
                note: r.get(1)?,
                deck: if filtered { original_deck } else { r.get(2)? },
                ord: u32::try_from(r.get::<_, i64>(3)?).unwrap_or(u32::MAX),
                kind: r.get(4)?,
                queue: r.get(5)?,
                due: if filtered && original_due != 0 {
                    original_due
                } else {
                    r.get(6)?
                },
                interval: r.get(7)?,
                lapses: r.get(8)?,
            })
        },
    )
}

fn reviews(conn: &Connection) -> Result<HashMap<i64, Vec<Review>>, CollectionError> {
    let list = rows(
        conn,
        "review-log rows",
        "SELECT cid, id, ease, type, ivl FROM revlog ORDER BY cid, id",
        |r| {
            Ok((
                r.get::<_, i64>(0)?,
                Review {
                    at_ms: r.get(1)?,
                    ease: r.get(2)?,
                    kind: r.get(3)?,
                    interval: r.get(4)?,
                },
            ))
        },
    )?;
    let mut by_card: HashMap<i64, Vec<Review>> = HashMap::new();
    for (card, review) in list {
        by_card.entry(card).or_default().push(review);
    }
    Ok(by_card)
}

fn notetypes_18(conn: &Connection) -> Result<HashMap<i64, Notetype>, CollectionError> {
    let mut types = HashMap::new();
    let list = rows(
        conn,
        "note types",
        "SELECT id, name, config FROM notetypes",
        |r| {
            let config: Vec<u8> = r.get::<_, Option<Vec<u8>>>(2)?.unwrap_or_default();
            Ok((r.get::<_, i64>(0)?, text_lossy(r, 1)?, config))
        },
    )?;
    for (id, name, config) in list {
        let kind = proto::varint_field(&config, 1)
            .map_err(|_| damaged("note type", format!("config of {name:?}")))?;
        types.insert(
            id,
            Notetype {
                name,
                cloze: kind == Some(1),
                ..Notetype::default()
            },
        );
    }
    let fields = rows(
        conn,
        "fields",
        "SELECT ntid, ord, name FROM fields ORDER BY ntid, ord",
        |r| Ok((r.get::<_, i64>(0)?, text_lossy(r, 2)?)),
    )?;
    for (id, name) in fields {
        if let Some(notetype) = types.get_mut(&id) {
            notetype.fields.push(name);
        }
    }
    let templates = rows(
        conn,
        "templates",
        "SELECT ntid, ord, name, config FROM templates ORDER BY ntid, ord",
        |r| {
            let config: Vec<u8> = r.get::<_, Option<Vec<u8>>>(3)?.unwrap_or_default();
            Ok((r.get::<_, i64>(0)?, text_lossy(r, 2)?, config))
        },
    )?;
    for (id, name, config) in templates {
        let question = proto::string_field(&config, 1)
            .map_err(|_| damaged("template", format!("config of {name:?}")))?
            .unwrap_or_default();
        let answer = proto::string_field(&config, 2)
            .map_err(|_| damaged("template", format!("config of {name:?}")))?
            .unwrap_or_default();
        if let Some(notetype) = types.get_mut(&id) {
            notetype.templates.push(Template {
                name,
                question,
                answer,
            });
        }
    }
    Ok(types)
}

fn decks_18(conn: &Connection) -> Result<HashMap<i64, Vec<String>>, CollectionError> {
    let list = rows(conn, "decks", "SELECT id, name FROM decks", |r| {
        Ok((r.get::<_, i64>(0)?, text_lossy(r, 1)?))
    })?;
    Ok(list
        .into_iter()
        .map(|(id, name)| (id, name.split('\u{1f}').map(str::to_owned).collect()))
        .collect())
}

fn json_map(
    text: &str,
    what: &'static str,
) -> Result<serde_json::Map<String, serde_json::Value>, CollectionError> {
    serde_json::from_str(text).map_err(|e| damaged(what, e))
}

fn str_of<'a>(value: &'a serde_json::Value, key: &str) -> &'a str {
    value
        .get(key)
        .and_then(serde_json::Value::as_str)
        .unwrap_or("")
}

fn notetypes_11(json: &str) -> Result<HashMap<i64, Notetype>, CollectionError> {
    let mut types = HashMap::new();
    for (key, model) in json_map(json, "note types")? {
        let id = key
            .parse::<i64>()
            .ok()
            .or_else(|| model.get("id").and_then(serde_json::Value::as_i64))
            .ok_or_else(|| damaged("note types", format!("id {key:?}")))?;
        let list = |name: &str| {
            let mut items: Vec<&serde_json::Value> = model
                .get(name)
                .and_then(serde_json::Value::as_array)
                .map(|a| a.iter().collect())
                .unwrap_or_default();
            items.sort_by_key(|item| item.get("ord").and_then(serde_json::Value::as_i64));
            items
        };
        types.insert(
            id,
            Notetype {
                name: str_of(&model, "name").to_owned(),
                cloze: model.get("type").and_then(serde_json::Value::as_i64) == Some(1),
                fields: list("flds")
                    .into_iter()
                    .map(|f| str_of(f, "name").to_owned())
                    .collect(),
                templates: list("tmpls")
                    .into_iter()
                    .map(|t| Template {
                        name: str_of(t, "name").to_owned(),
                        question: str_of(t, "qfmt").to_owned(),
                        answer: str_of(t, "afmt").to_owned(),
                    })
                    .collect(),
            },
        );
    }
    Ok(types)
}

fn decks_11(json: &str) -> Result<HashMap<i64, Vec<String>>, CollectionError> {
    let mut decks = HashMap::new();
    for (key, deck) in json_map(json, "decks")? {
        let Ok(id) = key.parse::<i64>() else {
            continue;
        };
        let name = str_of(&deck, "name");
        decks.insert(id, name.split("::").map(str::to_owned).collect());
    }
    Ok(decks)
}
