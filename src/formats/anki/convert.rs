//! Anki notes and cards → pack questions, one question per card:
//! - a card of a non-cloze note type asks the fields its template's front shows and answers
//!   with the fields its back adds (so "Basic (and reversed card)" gives both directions);
//!   `{{type:Field}}` on the front makes it a `Short` question on that field; otherwise it is
//!   an `Open` question with one rubric point, revealed and self-graded as in Anki;
//! - a template that names no field on one side falls back to the note's first two fields;
//! - a cloze card (number n) is a `Short` question: deletion n hidden (its hint shown), the
//!   other deletions shown as text; several deletions n are typed comma-separated, as Anki
//!   compares them; the note's other fields become the explanation; an image-occlusion card
//!   (a shape on an image) is skipped and counted;
//! - the card's deck (its home deck when in a filtered deck) is its category, the note's tags
//!   its tags; HTML is reduced to text as in GIFT; images and sounds become `[image: x]` and
//!   `[sound: x]` in the text and are reported by name.

use super::collection::{Card, Collection, Note, Notetype};
use super::template::{self, FieldRef};
use crate::formats::build::{MAX_SLUG, unique};
use crate::formats::gift::html;
use crate::formats::gift::slugify;
use crate::pack::raw::{Difficulty, RawCategory, RawKind, RawQuestion};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// The rubric point of a flashcard: the learner recalled what the back says.
pub const RECALL_POINT: &str = "I recalled the answer on the back of the card";
const OPEN_EXPLANATION: &str = "From an Anki card: compare your answer with the back of the card and tick the point if you recalled it.";
const SHORT_EXPLANATION: &str = "From an Anki card.";
/// Longest typed answer kept as `Short`; a longer back is revealed and self-graded instead.
const MAX_TYPED_CHARS: usize = 120;

/// The questions made from a collection.
#[derive(Debug, Default)]
pub struct Built {
    pub categories: Vec<RawCategory>,
    /// Each question with the Anki card it came from.
    pub questions: Vec<(RawQuestion, i64)>,
    /// Reason → how many cards were left out for it.
    pub skipped: BTreeMap<String, usize>,
    /// Media file names the notes refer to.
    pub media: BTreeSet<String>,
    /// Control or bidi characters removed from the text, and from how many notes.
    pub removed_chars: usize,
    pub notes_with_removed: usize,
    /// Note types read by their first two fields, their templates naming none.
    pub fallback_types: BTreeSet<String>,
    /// Questions that asked for a typed answer too long to type; made `Open`.
    pub long_typed: usize,
}

/// Converts every card of `collection`.
pub fn convert(collection: &Collection) -> Built {
    let mut state = State {
        built: Built::default(),
        category_of_deck: HashMap::new(),
        category_ids: HashSet::new(),
    };
    let notes: HashMap<i64, &Note> = collection.notes.iter().map(|n| (n.id, n)).collect();
    let mut carded: HashSet<i64> = HashSet::new();
    let mut removed_in_note: HashSet<i64> = HashSet::new();
    for card in &collection.cards {
        let Some(note) = notes.get(&card.note) else {
            state.skip("card without its note");
            continue;
        };
        carded.insert(note.id);
        let Some(notetype) = collection.notetypes.get(&note.notetype) else {
            state.skip("note of a note type missing from the collection");
            continue;
        };
        let before = state.built.removed_chars;
        if let Some(question) = state.question(note, notetype, card, collection) {
            state.built.questions.push((question, card.id));
        }
        if state.built.removed_chars > before {
            removed_in_note.insert(note.id);
        }
    }
    let without_cards = collection
        .notes
        .iter()
        .filter(|n| !carded.contains(&n.id))
        .count();
    if without_cards > 0 {
        *state
            .built
            .skipped
            .entry("note without cards".to_owned())
            .or_default() += without_cards;
    }
    state.built.notes_with_removed = removed_in_note.len();
    state.built
}

struct State {
    built: Built,
    category_of_deck: HashMap<i64, usize>,
    category_ids: HashSet<String>,
}

/// A question's parts before it becomes a `RawQuestion`.
struct Parts {
    prompt: String,
    kind: RawKind,
    explanation: String,
}

impl State {
    fn skip(&mut self, reason: &str) {
        *self.built.skipped.entry(reason.to_owned()).or_default() += 1;
    }

    /// Plain text of a field's HTML; images and sounds named in it.
    fn text(&mut self, field: &str) -> String {
        let with_media = media_to_text(field, &mut self.built.media);
        let converted = html::to_text(&with_media, false);
        self.built.removed_chars += converted.removed;
        converted.joined().trim().to_owned()
    }

    fn question(
        &mut self,
        note: &Note,
        notetype: &Notetype,
        card: &Card,
        collection: &Collection,
    ) -> Option<RawQuestion> {
        let parts = if notetype.cloze {
            self.cloze(note, notetype, card)?
        } else {
            self.standard(note, notetype, card)?
        };
        let category = self.category(card.deck, collection);
        let tags = self.tags(&note.tags);
        Some(RawQuestion {
            id: format!("anki-{}-{}", note.id, u64::from(card.ord) + 1),
            category: Some(category),
            difficulty: Difficulty::Medium,
            fitted_difficulty: None,
            tags,
            prompt: parts.prompt,
            code: None,
            kind: parts.kind,
            shuffle: true,
            explanation: parts.explanation,
            references: Vec::new(),
        })
    }

    fn field<'n>(note: &'n Note, notetype: &Notetype, name: &str) -> Option<&'n str> {
        let index = notetype.fields.iter().position(|f| f == name)?;
        note.fields.get(index).map(String::as_str)
    }

    fn standard(&mut self, note: &Note, notetype: &Notetype, card: &Card) -> Option<Parts> {
        let template = notetype.templates.get(card.ord as usize);
        let front: Vec<FieldRef> = template
            .map(|t| template::field_refs(&t.question))
            .unwrap_or_default();
        let back: Vec<FieldRef> = template
            .map(|t| template::field_refs(&t.answer))
            .unwrap_or_default();
        let typed = front.iter().find(|r| r.typed).map(|r| r.name.clone());
        let asked: Vec<&str> = front
            .iter()
            .filter(|r| !r.typed)
            .map(|r| r.name.as_str())
            .collect();
        let answered: Vec<&str> = match &typed {
            Some(name) => vec![name.as_str()],
            None => back
                .iter()
                .map(|r| r.name.as_str())
                .filter(|name| !asked.contains(name))
                .collect(),
        };
        let known = |names: &[&str]| names.iter().any(|n| notetype.fields.iter().any(|f| f == n));
        let (asked, answered): (Vec<String>, Vec<String>) = if known(&asked) && known(&answered) {
            (
                asked.iter().map(|s| (*s).to_owned()).collect(),
                answered.iter().map(|s| (*s).to_owned()).collect(),
            )
        } else {
            self.built.fallback_types.insert(notetype.name.clone());
            match notetype.fields.as_slice() {
                [first, second, ..] => (vec![first.clone()], vec![second.clone()]),
                _ => {
                    self.skip("note type with fewer than two fields");
                    return None;
                }
            }
        };
        let prompt = self.joined(note, notetype, &asked);
        if prompt.is_empty() {
            self.skip("empty front");
            return None;
        }
        let answers: Vec<String> = answered
            .iter()
            .filter_map(|name| Self::field(note, notetype, name))
            .map(|html| self.text(html))
            .filter(|t| !t.is_empty())
            .collect();
        let Some(first) = answers.first().cloned() else {
            self.skip("empty back");
            return None;
        };
        if typed.is_some()
            && let Some(kind) = self.short(std::slice::from_ref(&first))
        {
            return Some(Parts {
                prompt,
                kind,
                explanation: SHORT_EXPLANATION.to_owned(),
            });
        }
        Some(Parts {
            prompt,
            kind: RawKind::Open {
                model_answer: answers.join("\n\n"),
                rubric: vec![RECALL_POINT.to_owned()],
            },
            explanation: OPEN_EXPLANATION.to_owned(),
        })
    }

    /// Non-empty texts of the named fields, one paragraph each.
    fn joined(&mut self, note: &Note, notetype: &Notetype, names: &[String]) -> String {
        let mut parts = Vec::new();
        for name in names {
            if let Some(html) = Self::field(note, notetype, name) {
                let text = self.text(html);
                if !text.is_empty() {
                    parts.push(text);
                }
            }
        }
        parts.join("\n\n")
    }

    /// A typed answer (several joined with ", " as Anki compares them); `None` when it is
    /// too long or spans lines, to be revealed instead.
    fn short(&mut self, answers: &[String]) -> Option<RawKind> {
        let answer = answers.join(", ");
        let answer = answer.trim();
        if answer.is_empty() || answer.contains('\n') || answer.chars().count() > MAX_TYPED_CHARS {
            self.built.long_typed += 1;
            return None;
        }
        Some(RawKind::Short {
            accept: vec![answer.to_owned()],
            case_sensitive: false,
            // Anki shows the difference and lets the learner judge; a long answer may carry a
            // slip without being wrong.
            typos: u8::from(answer.chars().count() >= 8),
        })
    }

    fn cloze(&mut self, note: &Note, notetype: &Notetype, card: &Card) -> Option<Parts> {
        let field_name = notetype
            .templates
            .first()
            .and_then(|t| {
                template::field_refs(&t.question)
                    .into_iter()
                    .find(|r| r.cloze)
            })
            .map(|r| r.name);
        let index = field_name
            .and_then(|name| notetype.fields.iter().position(|f| *f == name))
            .unwrap_or(0);
        let Some(source) = note.fields.get(index) else {
            self.skip("cloze note without its text field");
            return None;
        };
        let number = card.ord.saturating_add(1);
        if !template::cloze_numbers(source).contains(&number) {
            self.skip("cloze card whose deletion is gone from the note");
            return None;
        }
        let rendered = template::render_cloze(source, number);
        if rendered
            .answers
            .iter()
            .any(|a| a.trim_start().starts_with("image-occlusion:"))
        {
            // The deletion is a shape on an image skillgap cannot show.
            self.skip("image occlusion card");
            return None;
        }
        let prompt = self.text(&rendered.prompt);
        let answers: Vec<String> = rendered.answers.iter().map(|a| self.text(a)).collect();
        let extra: Vec<String> = note
            .fields
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != index)
            .map(|(_, html)| self.text(html))
            .filter(|t| !t.is_empty())
            .collect();
        let explanation = if extra.is_empty() {
            SHORT_EXPLANATION.to_owned()
        } else {
            extra.join("\n\n")
        };
        if prompt.is_empty() || answers.iter().all(String::is_empty) {
            self.skip("empty cloze deletion");
            return None;
        }
        let kind = match self.short(&answers) {
            Some(kind) => kind,
            None => RawKind::Open {
                model_answer: answers.join("\n"),
                rubric: vec![RECALL_POINT.to_owned()],
            },
        };
        Some(Parts {
            prompt,
            kind,
            explanation,
        })
    }

    fn tags(&mut self, tags: &[String]) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for tag in tags {
            let clean: String = tag
                .chars()
                .filter(|c| !crate::text::is_forbidden(*c))
                .collect();
            self.built.removed_chars += tag.chars().count() - clean.chars().count();
            if !clean.is_empty() && !out.contains(&clean) {
                out.push(clean);
            }
        }
        out
    }

    /// The category id of a deck, made on first use.
    fn category(&mut self, deck: i64, collection: &Collection) -> String {
        if let Some(category) = self
            .category_of_deck
            .get(&deck)
            .and_then(|&index| self.built.categories.get(index))
        {
            return category.id.clone();
        }
        let path: Vec<String> = collection
            .decks
            .get(&deck)
            .map(|parts| {
                parts
                    .iter()
                    .map(|p| crate::text::sanitize_line(p).trim().to_owned())
                    .filter(|p| !p.is_empty())
                    .collect()
            })
            .unwrap_or_default();
        let title = if path.is_empty() {
            "Default".to_owned()
        } else {
            path.join("::")
        };
        let mut base = slugify(&path.join(" "), MAX_SLUG);
        if base.is_empty() {
            base = "deck".to_owned();
        }
        let id = unique(&base, |id| self.category_ids.contains(id));
        self.category_ids.insert(id.clone());
        self.category_of_deck
            .insert(deck, self.built.categories.len());
        self.built.categories.push(RawCategory {
            id: id.clone(),
            title,
            description: None,
        });
        id
    }
}

/// `<img src="x">` → `[image: x]` and `[sound:x]` → `[sound: x]`, each name recorded.
pub fn media_to_text(field: &str, media: &mut BTreeSet<String>) -> String {
    let lower = field.to_ascii_lowercase();
    let mut out = String::with_capacity(field.len());
    let mut at = 0;
    loop {
        let image = lower.get(at..).and_then(|s| s.find("<img")).map(|i| i + at);
        let sound = field
            .get(at..)
            .and_then(|s| s.find("[sound:"))
            .map(|i| i + at);
        let (start, is_image) = match (image, sound) {
            (Some(i), Some(s)) if i < s => (i, true),
            (Some(i), None) => (i, true),
            (_, Some(s)) => (s, false),
            (None, None) => break,
        };
        out.push_str(field.get(at..start).unwrap_or(""));
        let close = if is_image { '>' } else { ']' };
        let Some(end) = field
            .get(start..)
            .and_then(|s| s.find(close))
            .map(|e| e + start)
        else {
            at = start;
            break;
        };
        let (label, name) = if is_image {
            let tag = field.get(start..end).unwrap_or("");
            let tag_lower = lower.get(start..end).unwrap_or("");
            ("image", attribute(tag, tag_lower, "src"))
        } else {
            (
                "sound",
                field
                    .get(start + "[sound:".len()..end)
                    .unwrap_or("")
                    .to_owned(),
            )
        };
        let name: String = html::to_text(&name, false)
            .joined()
            .chars()
            .filter(|c| !crate::text::is_forbidden(*c))
            .collect();
        let name = name.trim().to_owned();
        if !name.is_empty() {
            out.push_str(&html::escape(&format!(" [{label}: {name}] ")));
            media.insert(name);
        }
        at = end + 1;
    }
    out.push_str(field.get(at..).unwrap_or(""));
    out
}

/// The value of attribute `name` in a tag's text (`tag_lower` is the same text lowercased).
fn attribute(tag: &str, tag_lower: &str, name: &str) -> String {
    let mut from = 0;
    while let Some(found) = tag_lower.get(from..).and_then(|s| s.find(name)) {
        let at = from + found;
        from = at + name.len();
        let before_ok = at == 0
            || tag_lower
                .as_bytes()
                .get(at - 1)
                .is_some_and(u8::is_ascii_whitespace);
        let rest = tag.get(from..).unwrap_or("").trim_start();
        let Some(value) = rest.strip_prefix('=') else {
            continue;
        };
        if !before_ok {
            continue;
        }
        let value = value.trim_start();
        return match value.chars().next() {
            Some(quote @ ('"' | '\'')) => value
                .get(1..)
                .and_then(|v| v.split(quote).next())
                .unwrap_or("")
                .to_owned(),
            _ => value
                .split(|c: char| c.is_whitespace() || c == '>' || c == '/')
                .next()
                .unwrap_or("")
                .to_owned(),
        };
    }
    String::new()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn media_become_named_text() {
        let mut media = BTreeSet::new();
        let text = media_to_text(
            r#"Flag <IMG class=x SRC='jp &amp; x.png'> and [sound:a.mp3] end"#,
            &mut media,
        );
        let plain = html::to_text(&text, false).joined();
        assert_eq!(plain, "Flag [image: jp & x.png] and [sound: a.mp3] end");
        assert_eq!(
            media.into_iter().collect::<Vec<_>>(),
            ["a.mp3", "jp & x.png"]
        );
    }

    #[test]
    fn unclosed_media_markup_is_kept_as_text() {
        let mut media = BTreeSet::new();
        assert_eq!(media_to_text("a [sound:x", &mut media), "a [sound:x");
        assert_eq!(media_to_text("<img src=", &mut media), "<img src=");
        assert!(media.is_empty());
    }
}
