//! What every importer shares: ids made valid and unique, Moodle category paths, a converted
//! question checked on its own, the pack id (never the bundled bank's), and the notes an HTML
//! reduction leaves (media, links, removed characters). Touches neither store nor terminal.

use super::gift::html;
use crate::pack::raw::{RawCategory, RawPack, RawQuestion};
use crate::pack::{self, Pack};

/// Ids are cut to leave room for a `-2` suffix within the validator's 64 bytes.
pub const MAX_SLUG: usize = 56;

pub fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= MAX_SLUG
        && id.chars().next().is_some_and(|c| c.is_ascii_alphanumeric())
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

/// `$course$/top/Python//Go/Basics` → segments `["Python/Go", "Basics"]` (Moodle writes a
/// `/` inside a name as `//`; `$course$`-style contexts and `top` are left out).
pub fn path_segments(path: &str) -> Vec<String> {
    let swapped = path.replace("//", "\u{0}");
    let mut segments: Vec<String> = swapped
        .split('/')
        .map(|s| s.replace('\u{0}', "/").trim().to_owned())
        .filter(|s| !s.is_empty())
        .collect();
    if segments
        .first()
        .is_some_and(|s| s.starts_with('$') && s.ends_with('$') && s.len() > 1)
    {
        segments.remove(0);
    }
    if segments.first().is_some_and(|s| s == "top") {
        segments.remove(0);
    }
    segments
}

pub fn unique(base: &str, taken: impl Fn(&str) -> bool) -> String {
    if !taken(base) {
        return base.to_owned();
    }
    (2..)
        .map(|n| format!("{base}-{n}"))
        .find(|id| !taken(id))
        .unwrap_or_else(|| base.to_owned())
}

/// The pack as RON, written the way `canonical::to_ron` writes checked packs.
pub fn to_ron(raw: &RawPack) -> Result<String, ron::Error> {
    let config = ron::ser::PrettyConfig::new()
        .struct_names(true)
        .escape_strings(true)
        .indentor("    ".to_owned());
    ron::Options::default().to_string_pretty(raw, config)
}

/// Validates one question in a pack of its own; the validator's first message on failure.
pub fn check_alone(question: &RawQuestion, category: Option<&RawCategory>) -> Result<(), String> {
    let Some(category) = category else {
        return Err("internal error: the question has no category".to_owned());
    };
    let raw = RawPack {
        id: "check".to_owned(),
        title: "check".to_owned(),
        version: "1".to_owned(),
        authors: Vec::new(),
        license: None,
        description: None,
        categories: vec![category.clone()],
        profiles: Vec::new(),
        questions: vec![question.clone()],
    };
    let ron = to_ron(&raw).map_err(|e| e.to_string())?;
    match pack::load_str("<check>", &ron) {
        Ok(_) => Ok(()),
        Err(error) => Err(error.diagnostics.first().map_or_else(
            || "the question is invalid".to_owned(),
            |d| d.message.clone(),
        )),
    }
}

/// The id of an imported pack: `stem` as a slug, or `fallback`; never the bundled bank's
/// id, which `pack install` refuses (`backend.gift` → `backend-import`).
pub fn pack_id(stem: &str, fallback: &str) -> (String, Option<String>) {
    let mut id = super::slugify(stem, MAX_SLUG);
    if id.is_empty() {
        id = fallback.to_owned();
    }
    if pack::installed::is_reserved(&id) {
        let renamed = format!("{id}-import");
        let note = format!(
            "the pack id `{id}` belongs to the pack bundled with skillgap: the imported pack is `{renamed}`"
        );
        return (renamed, Some(note));
    }
    (id, None)
}

/// What an HTML reduction lost, as messages: control characters removed, media and links.
pub fn conversion_notes(converted: &html::Converted) -> Vec<String> {
    let mut notes = Vec::new();
    let removed = converted.removed;
    if removed > 0 {
        notes.push(format!(
            "removed {removed} control or bidirectional-override character{} written as HTML entities",
            if removed == 1 { "" } else { "s" }
        ));
    }
    for src in &converted.media {
        notes.push(format!(
            "the text shows `{src}`, which skillgap cannot show: a marker `[…: name]` stands in its place; describe it in the text if the question needs it"
        ));
    }
    for href in &converted.links {
        notes.push(format!(
            "a link to `{href}` is kept as text, after the link's words"
        ));
    }
    notes
}

/// Builds the checked pack from converted categories and questions; a failure is returned
/// as messages (it means a converter let through something the validator refuses).
pub fn assemble(raw: &RawPack, name: &str) -> Result<Pack, Vec<String>> {
    match to_ron(raw).map(|ron| pack::load_str(name, &ron)) {
        Ok(Ok(pack)) => Ok(pack),
        Ok(Err(error)) => Err(error
            .diagnostics
            .into_iter()
            .map(|d| format!("the converted pack is invalid: {}", d.message))
            .collect()),
        Err(error) => Err(vec![format!(
            "the converted pack cannot be written: {error}"
        )]),
    }
}

/// The category list with only the categories some question uses.
pub fn used_categories(categories: Vec<(RawCategory, bool)>) -> Vec<RawCategory> {
    categories
        .into_iter()
        .filter(|(_, used)| *used)
        .map(|(c, _)| c)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn category_paths() {
        assert_eq!(
            path_segments("$course$/top/Python//Go/Basics"),
            vec!["Python/Go", "Basics"]
        );
        assert_eq!(path_segments("$course$/top"), Vec::<String>::new());
        assert_eq!(path_segments("Databases"), vec!["Databases"]);
    }

    #[test]
    fn imported_packs_never_take_the_bundled_id() {
        let (id, note) = pack_id("Backend", "x");
        assert_eq!(id, "backend-import");
        assert!(note.is_some());
        assert_eq!(pack_id("my bank", "x"), ("my-bank".to_owned(), None));
        assert_eq!(pack_id("!!!", "fallback"), ("fallback".to_owned(), None));
    }
}
