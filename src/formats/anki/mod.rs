//! Anki packages (`.apkg`, `.colpkg`) in: every package version (`collection.anki2`,
//! `collection.anki21`, the current zstd `collection.anki21b`), notes and cards to questions,
//! decks to categories, and optionally each card's review log to its FSRS memory state so
//! that due dates carry over. Touches neither the store nor the terminal: the schedules are
//! returned for the caller to write.
//!
//! `package` opens the hostile zip, `collection` reads the SQLite, `template` reads card
//! templates and cloze deletions, `convert` makes questions, `history` makes memory states,
//! `proto` decodes the few protobuf fields needed.

pub mod collection;
pub mod convert;
pub mod package;
pub mod proto;
pub mod review_log;
pub mod template;

pub use package::{Limits, Version};

use crate::formats::gift::Warning;
use crate::learning::ScheduleState;
use crate::pack::raw::RawPack;
use crate::pack::{self, Pack};
use std::collections::BTreeMap;
use std::io::{Read, Seek};
use std::path::Path;

/// `cards.queue` of a suspended card.
const SUSPENDED_QUEUE: i64 = -1;

/// Why a package could not be imported at all.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ImportError {
    /// The archive: not a zip, too large, a member that decompresses too far...
    #[error(transparent)]
    Package(#[from] package::PackageError),
    #[error(transparent)]
    Collection(#[from] collection::CollectionError),
    /// Only the note a newer Anki writes into the old-format file.
    #[error(
        "it holds only the placeholder note a newer Anki writes for old versions, and not the real collection: export the deck again from Anki"
    )]
    PlaceholderOnly,
    /// The converted pack could not be written as RON (a converter bug).
    #[error("the converted pack is invalid: {0}")]
    Unwritable(#[from] ron::Error),
    /// The converted pack does not validate: the validator's first diagnostic.
    #[error("the converted pack is invalid: {}", .diagnostic.as_ref().map_or("invalid", |d| d.message.as_str()))]
    Invalid {
        diagnostic: Option<Box<crate::pack::Diagnostic>>,
    },
    /// The FSRS model could not be built (its default parameters refused).
    #[error("FSRS: {0}")]
    Fsrs(String),
}

#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    pub limits: Limits,
    /// Turn each card's review log into its question's schedule.
    pub with_history: bool,
}

/// The result of an import.
#[derive(Debug)]
pub struct Imported {
    pub version: Version,
    /// The checked pack; `None` when no card could be converted.
    pub pack: Option<Pack>,
    pub converted: usize,
    pub categories: usize,
    /// Reason → cards left out for it.
    pub skipped: BTreeMap<String, usize>,
    pub warnings: Vec<Warning>,
    /// Media the notes refer to (images, sounds): named in the text, not imported.
    pub media: Vec<String>,
    /// Media files the package carries.
    pub media_in_package: usize,
    /// With `with_history`: question id → its state, for the pack's id.
    pub schedules: Vec<(String, ScheduleState)>,
    /// Schedules estimated from a card's interval, the card having no review log.
    pub estimated: usize,
}

impl Imported {
    pub fn skipped_total(&self) -> usize {
        self.skipped.values().sum()
    }
}

/// Imports the package at `path`; `name` (the file name) gives the pack its id and title.
pub fn import_file(path: &Path, name: &str, options: &Options) -> Result<Imported, ImportError> {
    let extracted = package::extract(path, &options.limits)?;
    finish(extracted, name, options)
}

/// Like [`import_file`], from bytes in memory or any seekable reader.
pub fn import_reader<R: Read + Seek>(
    reader: R,
    name: &str,
    options: &Options,
) -> Result<Imported, ImportError> {
    let extracted = package::extract_from(reader, &options.limits)?;
    finish(extracted, name, options)
}

/// The one note current Ankis put in `collection.anki2` for older versions to show.
fn is_placeholder(collection: &collection::Collection) -> bool {
    collection.notes.len() == 1
        && collection.notes.iter().any(|note| {
            note.fields
                .iter()
                .any(|f| f.contains("update to the latest Anki version"))
        })
}

fn finish(
    extracted: package::Extracted,
    name: &str,
    options: &Options,
) -> Result<Imported, ImportError> {
    let collection = collection::read(&extracted.path, options.with_history)?;
    if extracted.version == Version::Anki2 && is_placeholder(&collection) {
        return Err(ImportError::PlaceholderOnly);
    }
    let built = convert::convert(&collection);
    let mut warnings = Vec::new();
    if built.removed_chars > 0 {
        warnings.push(Warning::at(
            0,
            0,
            format!(
                "removed {} control or bidirectional-override character{} from {} note{}",
                built.removed_chars,
                plural_s(built.removed_chars),
                built.notes_with_removed.max(1),
                plural_s(built.notes_with_removed.max(1))
            ),
        ));
    }
    for notetype in &built.fallback_types {
        warnings.push(Warning::at(
            0,
            0,
            format!(
                "note type {notetype:?}: its card templates name no field to ask or answer; its first two fields were used"
            ),
        ));
    }
    if built.long_typed > 0 {
        warnings.push(Warning::at(
            0,
            0,
            format!(
                "{} typed answer{} too long to type (over a line): made self-graded instead",
                built.long_typed,
                plural_s(built.long_typed)
            ),
        ));
    }
    let media: Vec<String> = built.media.iter().cloned().collect();
    if !media.is_empty() {
        const SHOWN: usize = 10;
        let mut listed = media
            .iter()
            .take(SHOWN)
            .cloned()
            .collect::<Vec<_>>()
            .join(", ");
        if media.len() > SHOWN {
            listed.push_str(&format!(" and {} more", media.len() - SHOWN));
        }
        warnings.push(Warning::at(
            0,
            0,
            format!(
                "{} media file{} referenced by the notes (shown by name in the text; skillgap shows no images or sound, and the package's {} media file{} are not extracted): {listed}",
                media.len(),
                plural_s(media.len()),
                extracted.media.len(),
                plural_s(extracted.media.len())
            ),
        ));
    }
    let mut imported = Imported {
        version: extracted.version,
        pack: None,
        converted: 0,
        categories: 0,
        skipped: built.skipped.clone(),
        warnings,
        media,
        media_in_package: extracted.media.len(),
        schedules: Vec::new(),
        estimated: 0,
    };
    if built.questions.is_empty() {
        return Ok(imported);
    }
    let card_of: BTreeMap<String, i64> = built
        .questions
        .iter()
        .map(|(q, card)| (q.id.clone(), *card))
        .collect();
    let pack = build_pack(built, &collection, name, extracted.version, &mut imported)?;
    if options.with_history {
        schedules(&pack, &collection, &card_of, &mut imported)?;
    }
    imported.converted = pack.questions.len();
    imported.categories = pack.categories.len();
    imported.pack = Some(pack);
    Ok(imported)
}

fn plural_s(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn pack_id(name: &str) -> (String, String) {
    let stem = Path::new(name)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut id = crate::formats::gift::slugify(&stem, crate::formats::build::MAX_SLUG);
    if id.is_empty() {
        id = "anki-import".to_owned();
    }
    // `pack install` refuses the bundled bank's id.
    if pack::installed::is_reserved(&id) {
        id.push_str("-anki");
    }
    (
        id,
        crate::text::sanitize_line(stem.trim()).trim().to_owned(),
    )
}

/// The pack, validated; a question the validator refuses is left out and reported.
fn build_pack(
    built: convert::Built,
    collection: &collection::Collection,
    name: &str,
    version: Version,
    imported: &mut Imported,
) -> Result<Pack, ImportError> {
    let (id, stem_title) = pack_id(name);
    let tops: std::collections::BTreeSet<&str> = collection
        .cards
        .iter()
        .filter_map(|c| collection.decks.get(&c.deck))
        .filter_map(|path| path.first().map(String::as_str))
        .collect();
    let title = match tops.iter().next() {
        Some(top) if tops.len() == 1 && !top.trim().is_empty() => {
            crate::text::sanitize_line(top).trim().to_owned()
        }
        _ if stem_title.is_empty() => "Imported Anki deck".to_owned(),
        _ => stem_title,
    };
    let mut raw = RawPack {
        id,
        title,
        version: "1.0.0".to_owned(),
        authors: Vec::new(),
        license: None,
        description: Some(format!(
            "Imported from the Anki package {} ({}).",
            crate::text::sanitize_line(name),
            version.member()
        )),
        categories: built.categories,
        profiles: Vec::new(),
        questions: built.questions.into_iter().map(|(q, _)| q).collect(),
    };
    match load(&raw, name) {
        Ok(pack) => return Ok(pack),
        Err(_) => {
            // Keep the questions that are valid on their own.
            let categories = raw.categories.clone();
            let mut kept = Vec::new();
            for question in std::mem::take(&mut raw.questions) {
                let alone = RawPack {
                    categories: categories.clone(),
                    questions: vec![question.clone()],
                    ..raw.clone()
                };
                match load(&alone, name) {
                    Ok(_) => kept.push(question),
                    Err(message) => {
                        *imported
                            .skipped
                            .entry(format!("invalid question ({message})"))
                            .or_default() += 1;
                    }
                }
            }
            raw.questions = kept;
        }
    }
    let used: std::collections::HashSet<String> = raw
        .questions
        .iter()
        .filter_map(|q| q.category.clone())
        .collect();
    raw.categories.retain(|c| used.contains(&c.id));
    load(&raw, name)
}

fn load(raw: &RawPack, name: &str) -> Result<Pack, ImportError> {
    let ron = super::build::to_ron(raw)?;
    pack::load_str(name, &ron).map_err(|error| ImportError::Invalid {
        diagnostic: error.diagnostics.into_iter().next().map(Box::new),
    })
}

/// Each converted card's memory as the schedule of its question.
fn schedules(
    pack: &Pack,
    collection: &collection::Collection,
    card_of: &BTreeMap<String, i64>,
    imported: &mut Imported,
) -> Result<(), ImportError> {
    let fsrs = fsrs::FSRS::new(&[]).map_err(|e| ImportError::Fsrs(e.to_string()))?;
    let cards: std::collections::HashMap<i64, &collection::Card> =
        collection.cards.iter().map(|c| (c.id, c)).collect();
    let mut refused = 0usize;
    let mut suspended = 0usize;
    for question in &pack.questions {
        let Some(card) = card_of.get(&question.id).and_then(|id| cards.get(id)) else {
            continue;
        };
        if card.queue == SUSPENDED_QUEUE {
            suspended += 1;
            continue;
        }
        let reviews = collection
            .reviews
            .get(&card.id)
            .map_or(&[][..], Vec::as_slice);
        let content_hash = question.content_hash();
        match review_log::memory(&fsrs, card, reviews, collection.created_secs, content_hash) {
            Ok(Some(memory)) => {
                imported.estimated += usize::from(memory.estimated);
                imported.schedules.push((question.id.clone(), memory.state));
            }
            Ok(None) => {}
            Err(_) => refused += 1,
        }
    }
    if refused > 0 {
        imported.warnings.push(Warning::at(
            0,
            0,
            format!(
                "{refused} card{} review history could not be replayed by FSRS: {} start as new",
                if refused == 1 { "'s" } else { "s'" },
                if refused == 1 { "it will" } else { "they will" }
            ),
        ));
    }
    if suspended > 0 {
        imported.warnings.push(Warning::at(
            0,
            0,
            format!(
                "{suspended} suspended card{}: imported without {} schedule, as {} (Anki does not show {} until unsuspended)",
                plural_s(suspended),
                if suspended == 1 { "its" } else { "their" },
                if suspended == 1 { "a new question" } else { "new questions" },
                if suspended == 1 { "it" } else { "them" }
            ),
        ));
    }
    if imported.estimated > 0 {
        imported.warnings.push(Warning::at(
            0,
            0,
            format!(
                "{} reviewed card{} no review log: memory estimated from the interval",
                imported.estimated,
                if imported.estimated == 1 {
                    " has"
                } else {
                    "s have"
                }
            ),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::pack_id;

    #[test]
    fn pack_ids_come_from_the_file_name_and_avoid_the_bundled_bank() {
        assert_eq!(pack_id("My Deck.apkg").0, "my-deck");
        assert_eq!(pack_id("backend.apkg").0, "backend-anki");
        assert_eq!(pack_id("***.colpkg").0, "anki-import");
    }
}
