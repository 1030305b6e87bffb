//! What every importer shares: ids made valid and unique, Moodle category paths, a converted
//! question checked on its own, the pack id (never the bundled bank's), and the notes an HTML
//! reduction leaves (media, links, removed characters). Touches neither store nor terminal.

use super::gift::html;
use super::{Imported, Warning};
use crate::pack::raw::{RawCategory, RawChoice, RawCode, RawKind, RawPack, RawPair, RawQuestion};
use crate::pack::{self, Pack};
use std::collections::{BTreeMap, HashMap, HashSet};

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

/// Why a converted question is not a valid skillgap question.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CheckError {
    /// A converter bug: every question is given a category before it is checked.
    #[error("internal error: the question has no category")]
    NoCategory,
    #[error(transparent)]
    Unwritable(#[from] ron::Error),
    /// The validator's first diagnostic (its message is what is shown).
    #[error("{}", .diagnostic.as_ref().map_or("the question is invalid", |d| d.message.as_str()))]
    Invalid {
        diagnostic: Option<Box<pack::Diagnostic>>,
    },
}

/// Validates one question in a pack of its own; the validator's first diagnostic on failure.
pub fn check_alone(
    question: &RawQuestion,
    category: Option<&RawCategory>,
) -> Result<(), CheckError> {
    let Some(category) = category else {
        return Err(CheckError::NoCategory);
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
    let ron = to_ron(&raw)?;
    match pack::load_str("<check>", &ron) {
        Ok(_) => Ok(()),
        Err(error) => Err(CheckError::Invalid {
            diagnostic: error.diagnostics.into_iter().next().map(Box::new),
        }),
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

/// Collects converted categories and questions for the GIFT, Moodle XML and Aiken importers:
/// valid unique ids, each question checked on its own (so a bad one is reported at its line
/// instead of spoiling the pack), skip reasons counted for the summary line.
#[derive(Debug, Default)]
pub struct Builder {
    warnings: Vec<Warning>,
    categories: Vec<(RawCategory, bool)>,
    by_path: HashMap<String, usize>,
    questions: Vec<RawQuestion>,
    ids: HashSet<String>,
    skipped: BTreeMap<String, usize>,
    generated: usize,
}

impl Builder {
    pub fn warn(&mut self, line: usize, col: usize, message: impl Into<String>) {
        self.warnings.push(Warning::at(line, col, message));
    }

    /// Counts a skipped question under `reason` (short: "cloze", "description").
    pub fn skip(&mut self, reason: &str) {
        *self.skipped.entry(reason.to_owned()).or_default() += 1;
    }

    /// The explanation of one more question was made from its answer.
    pub fn generated_explanation(&mut self) {
        self.generated += 1;
    }

    fn skipped_total(&self) -> usize {
        self.skipped.values().sum()
    }

    /// The category for a Moodle-style path (`$course$/top/A/B`); `None` when the path
    /// names only the top of the bank. Its id is `wanted_id` (made valid, with a warning,
    /// when it is not), else a slug of its title; made unique, with a warning when it changed.
    pub fn category(
        &mut self,
        path: &str,
        wanted_id: Option<&str>,
        description: Option<String>,
        (line, col): (usize, usize),
    ) -> Option<usize> {
        let segments = path_segments(path);
        let key = segments.join("/");
        if let Some(&index) = self.by_path.get(&key) {
            return Some(index);
        }
        let title = segments.last().cloned()?;
        let mut base = match wanted_id.map(str::trim).filter(|id| !id.is_empty()) {
            Some(id) => self.valid_or_slug("category", id, (line, col)),
            None => super::slugify(&title, MAX_SLUG),
        };
        if base.is_empty() {
            base = "category".to_owned();
        }
        let id = unique(&base, |id| self.categories.iter().any(|(c, _)| c.id == id));
        if id != base {
            self.warn(
                line,
                col,
                format!("category `{key}` would get the id `{base}`, already used by another category: it is `{id}`"),
            );
        }
        let description = description
            .filter(|d| !d.trim().is_empty())
            .or_else(|| (segments.len() > 1).then(|| format!("Moodle category {key}")));
        self.categories.push((
            RawCategory {
                id,
                title,
                description,
            },
            false,
        ));
        let index = self.categories.len() - 1;
        self.by_path.insert(key, index);
        Some(index)
    }

    /// `id` when it is a valid id, else its slug (possibly empty), with a warning at `(line, col)`.
    fn valid_or_slug(&mut self, what: &str, id: &str, (line, col): (usize, usize)) -> String {
        if valid_id(id) {
            return id.to_owned();
        }
        let slug = super::slugify(id, MAX_SLUG);
        self.warn(
            line,
            col,
            format!("{what} id `{id}` is not a valid id (ASCII letters, digits, `-`, `_`, `.`): using `{slug}`"),
        );
        slug
    }

    /// The category for questions that come before any category (or in a file without).
    pub fn default_category(&mut self, title: &str, description: &str) -> usize {
        if let Some(&index) = self.by_path.get("") {
            return index;
        }
        let id = unique("default", |id| {
            self.categories.iter().any(|(c, _)| c.id == id)
        });
        self.categories.push((
            RawCategory {
                id,
                title: title.to_owned(),
                description: Some(description.to_owned()),
            },
            false,
        ));
        let index = self.categories.len() - 1;
        self.by_path.insert(String::new(), index);
        index
    }

    /// A question id: `wanted` (with the place it is written) if valid, else a slug of
    /// `wanted` or of `title`, else `q-N`; made unique, with a warning at `(line, col)` when it
    /// changed.
    pub fn question_id(
        &mut self,
        wanted: Option<(&str, (usize, usize))>,
        title: Option<&str>,
        (line, col): (usize, usize),
    ) -> String {
        let from_wanted = wanted
            .map(|(id, written_at)| (id.trim(), written_at))
            .filter(|(id, _)| !id.is_empty())
            .map(|(id, written_at)| self.valid_or_slug("question", id, written_at));
        let number = self.questions.len() + self.skipped_total() + 1;
        let base = from_wanted
            .filter(|id| !id.is_empty())
            .or_else(|| {
                title
                    .map(|t| super::slugify(t, MAX_SLUG))
                    .filter(|s| !s.is_empty())
            })
            .unwrap_or_else(|| format!("q-{number}"));
        let id = unique(&base, |id| self.ids.contains(id));
        if id != base {
            self.warn(
                line,
                col,
                format!(
                    "the id `{base}` is already taken by an earlier question: this one is `{id}`"
                ),
            );
        }
        id
    }

    /// Adds a converted question to `category` once it validates on its own; otherwise
    /// reports why at `(line, col)` and counts it skipped.
    pub fn add(&mut self, mut question: RawQuestion, category: usize, (line, col): (usize, usize)) {
        let Some((raw_category, _)) = self.categories.get(category) else {
            self.warn(
                line,
                col,
                "internal error: the question has no category; question skipped",
            );
            self.skip("invalid");
            return;
        };
        question.category = Some(raw_category.id.clone());
        if let Err(problem) = check_alone(&question, Some(raw_category)) {
            self.warn(line, col, format!("{problem}; question skipped"));
            self.skip("invalid after conversion");
            return;
        }
        self.ids.insert(question.id.clone());
        if let Some((_, used)) = self.categories.get_mut(category) {
            *used = true;
        }
        self.questions.push(question);
    }

    /// The checked pack named after the file `name` (`format` names the source format in
    /// the pack's description).
    pub fn finish(self, name: &str, format: &str, fallback_id: &str) -> Imported {
        let skipped = self.skipped_total();
        let Builder {
            mut warnings,
            categories,
            questions,
            skipped: skipped_why,
            generated,
            ..
        } = self;
        warnings.sort_by_key(|w| (w.line == 0, w.line, w.col));
        if generated > 0 {
            warnings.push(Warning::at(
                0,
                0,
                format!(
                    "{generated} question{} no feedback: {} explanation only states the answer; write why it is right in the pack",
                    if generated == 1 { " has" } else { "s have" },
                    if generated == 1 { "its" } else { "their" }
                ),
            ));
        }
        let skipped_why: Vec<(String, usize)> = skipped_why.into_iter().collect();
        let converted = questions.len();
        if converted == 0 {
            return Imported {
                pack: None,
                warnings,
                converted,
                skipped,
                skipped_why,
                generated_explanations: generated,
            };
        }
        let stem = std::path::Path::new(name)
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let (id, renamed) = pack_id(&stem, fallback_id);
        if let Some(note) = renamed {
            warnings.push(Warning::at(0, 0, note));
        }
        let title = crate::text::sanitize_line(stem.trim()).trim().to_owned();
        let raw = RawPack {
            id,
            title: if title.is_empty() {
                format!("Imported {format} questions")
            } else {
                title
            },
            version: "1.0.0".to_owned(),
            authors: Vec::new(),
            license: None,
            description: Some(format!(
                "Imported from the {format} file {}.",
                crate::text::sanitize_line(name)
            )),
            categories: used_categories(categories),
            profiles: Vec::new(),
            questions,
        };
        let pack = match assemble(&raw, name) {
            Ok(pack) => Some(pack),
            Err(messages) => {
                warnings.extend(messages.into_iter().map(|m| Warning::at(0, 0, m)));
                None
            }
        };
        Imported {
            converted: if pack.is_some() { converted } else { 0 },
            pack,
            warnings,
            skipped,
            skipped_why,
            generated_explanations: generated,
        }
    }
}

/// A question text's segments as the prompt and its code: the first code block becomes the
/// question's code, the rest stays in the prompt (later code blocks fenced).
pub fn prompt_and_code(segments: Vec<html::Segment>) -> (String, Option<RawCode>) {
    let mut code = None;
    let mut rest = html::Converted::default();
    for segment in segments {
        match segment {
            html::Segment::Code { language, text } if code.is_none() => {
                code = Some(RawCode {
                    language: language.unwrap_or_else(|| "text".to_owned()),
                    text,
                });
            }
            other => rest.segments.push(other),
        }
    }
    (rest.joined().trim().to_owned(), code)
}

/// The explanation of a choice question whose file gave none: its right choices.
pub fn right_choices_text(choices: &[RawChoice]) -> Option<String> {
    let right: Vec<&str> = choices
        .iter()
        .filter(|c| c.correct)
        .map(|c| c.text.as_str())
        .collect();
    match right.as_slice() {
        [] => None,
        [only] => Some(format!("The right answer is: {only}.")),
        many => Some(format!("The right answers are: {}.", many.join("; "))),
    }
}

/// The Short question accepting `accept` (compared case-insensitively unless said), with
/// the explanation it gets when its file gave none.
pub fn short(accept: Vec<String>, case_sensitive: bool) -> (RawKind, String) {
    let text = match accept.as_slice() {
        [only] => format!("The answer is: {only}."),
        many => format!("Accepted answers: {}.", many.join("; ")),
    };
    (
        RawKind::Short {
            accept,
            case_sensitive,
            typos: 0,
        },
        text,
    )
}

/// Moodle short answers: `*` is a wildcard, `\*` a literal star. The form with `\*` made
/// `*`, and whether it held a wildcard.
pub fn unescape_wildcards(written: &str) -> (String, bool) {
    let mut form = String::with_capacity(written.len());
    let mut wildcard = false;
    let mut chars = written.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&'*') => {
                form.push('*');
                chars.next();
            }
            '*' => {
                wildcard = true;
                form.push('*');
            }
            c => form.push(c),
        }
    }
    (form.trim().to_owned(), wildcard)
}

/// `text` without control and bidi characters (newline and tab kept), and how many went.
pub fn without_forbidden(text: &str) -> (String, usize) {
    if !crate::text::has_forbidden(text) {
        return (text.to_owned(), 0);
    }
    let mut removed = 0;
    let kept = text
        .chars()
        .filter(|&c| {
            let bad = crate::text::is_forbidden(c) && c != '\r';
            removed += usize::from(bad);
            !bad
        })
        .filter(|&c| c != '\r')
        .collect();
    (kept, removed)
}

/// A Match question from the pairs an importer read (a left side left empty makes the right
/// a distractor), with the explanation generated from its pairs; an error with fewer than two
/// pairs, which no format's matching question may have (the error says so).
pub fn matching(
    pairs: Vec<RawPair>,
    distractors: Vec<String>,
) -> Result<(RawKind, String), &'static str> {
    if pairs.len() < 2 {
        return Err("a matching question needs at least 2 pairs; question skipped");
    }
    let text = format!(
        "The pairs are: {}.",
        pairs
            .iter()
            .map(|p| format!("{} → {}", p.left, p.right))
            .collect::<Vec<_>>()
            .join("; ")
    );
    Ok((RawKind::Match { pairs, distractors }, text))
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
    fn escaped_stars_are_literal_and_bare_ones_wildcards() {
        assert_eq!(unescape_wildcards("a\\*b"), ("a*b".to_owned(), false));
        assert_eq!(unescape_wildcards("colo*r"), ("colo*r".to_owned(), true));
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
