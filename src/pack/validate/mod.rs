//! Raw → checked: every rule a pack must satisfy, each broken rule reported at its
//! file:line:col with what to do about it. All problems are collected, not just the first.

use super::diagnostic::{Diagnostic, Location, Related};
use super::locate::{Locations, Seg};
use super::model::{Category, Choice, Code, Kind, Meta, Pack, Pair, Profile, Question};
use super::raw::{RawCategoryFile, RawChoice, RawKind, RawPack, RawQuestion};
use crate::text::{describe_char, is_forbidden};
use std::collections::HashMap;

/// Typos beyond this accept nearly anything for short answers.
pub const MAX_TYPOS: u8 = 3;
/// Ids are used on the command line and in file names.
pub const MAX_ID_LEN: usize = 64;

/// One source file, borrowed; its structure is scanned only when a problem needs locating.
#[derive(Debug)]
pub(crate) struct FileCtx<'a> {
    pub name: &'a str,
    pub text: &'a str,
    locations: std::cell::OnceCell<Locations>,
}

mod kinds;

impl<'a> FileCtx<'a> {
    pub fn new(name: &'a str, text: &'a str) -> FileCtx<'a> {
        FileCtx {
            name,
            text,
            locations: std::cell::OnceCell::new(),
        }
    }

    fn locations(&self) -> &Locations {
        self.locations.get_or_init(|| Locations::parse(self.text))
    }
}

/// What the parser produced, before any check.
#[derive(Debug)]
pub(crate) enum Parsed {
    /// A single-file pack: every question names its category.
    Single { file: usize, pack: RawPack },
    /// `pack.ron` plus one file per category.
    Directory {
        file: usize,
        pack: RawPack,
        categories: Vec<(usize, RawCategoryFile)>,
    },
}

/// Deepest path validation ever names (pack → questions → n → kind → pairs → n → right).
const MAX_PATH: usize = 8;
/// Largest |fitted difficulty| accepted, in logits (a calibration clamps to ±6).
const FITTED_LIMIT: f64 = 8.0;

/// A place in one of the files: the file's index and the path to the value. `Copy` and
/// allocation-free, because one is made for nearly every field checked.
#[derive(Debug, Clone, Copy)]
struct At {
    file: usize,
    path: [Seg; MAX_PATH],
    len: usize,
}

impl At {
    fn root(file: usize) -> At {
        At {
            file,
            path: [Seg::Index(0); MAX_PATH],
            len: 0,
        }
    }

    fn segs(&self) -> &[Seg] {
        self.path.get(..self.len).unwrap_or_default()
    }

    fn field(&self, name: &'static str) -> At {
        self.with(Seg::Field(name))
    }

    fn index(&self, index: usize) -> At {
        self.with(Seg::Index(index))
    }

    /// One step deeper; past [`MAX_PATH`] the place stays at its deepest known ancestor.
    fn with(&self, seg: Seg) -> At {
        let mut at = *self;
        if let Some(slot) = at.path.get_mut(at.len) {
            *slot = seg;
            at.len += 1;
        }
        at
    }
}

struct Validator<'a> {
    files: &'a [FileCtx<'a>],
    diagnostics: Vec<Diagnostic>,
}

pub(crate) fn validate(files: &[FileCtx<'_>], parsed: Parsed) -> Result<Pack, Vec<Diagnostic>> {
    let mut v = Validator {
        files,
        diagnostics: Vec::new(),
    };
    let pack = v.pack(parsed);
    match pack {
        Some(pack) if v.diagnostics.is_empty() => Ok(pack),
        _ => Err(v.diagnostics),
    }
}

/// The questions of one file: where their list is and, in a category file, its category.
struct Group {
    list_at: At,
    file_category: Option<String>,
    questions: Vec<RawQuestion>,
}

/// Where one question was written, and where its id was first used if it repeats one.
struct Placed<'g> {
    at: At,
    file_category: Option<&'g str>,
    first_with_id: Option<At>,
}

impl Validator<'_> {
    fn location(&self, at: &At) -> (String, Option<Location>) {
        match self.files.get(at.file) {
            Some(file) => {
                let span = file.locations().span(at.segs());
                (
                    file.name.to_owned(),
                    Some(Location::of_span(file.text, span)),
                )
            }
            None => (String::from("<pack>"), None),
        }
    }

    fn related(&self, at: &At, label: impl Into<String>) -> Option<Related> {
        let (file, location) = self.location(at);
        location.map(|location| Related {
            file,
            location,
            label: label.into(),
        })
    }

    fn error(&mut self, at: &At, message: impl Into<String>, help: impl Into<String>) {
        self.error_with(at, message, help, None);
    }

    fn error_with(
        &mut self,
        at: &At,
        message: impl Into<String>,
        help: impl Into<String>,
        related: Option<Related>,
    ) {
        let (file, location) = self.location(at);
        self.diagnostics.push(
            Diagnostic::error(&file, location, message)
                .with_help(help)
                .with_related(related),
        );
    }

    /// Reports forbidden characters; returns whether the text is clean.
    fn clean(&mut self, at: &At, text: &str, what: &str) -> bool {
        if !crate::text::has_forbidden(text) {
            return true;
        }
        let Some((position, c)) = text.chars().enumerate().find(|(_, c)| is_forbidden(*c)) else {
            return true;
        };
        self.error(
            at,
            format!(
                "{what} contains the character {} (character {} of the text)",
                describe_char(c),
                position + 1
            ),
            "remove it: control characters other than newline and tab, and bidirectional \
             overrides, are refused because they can rewrite or disguise what a terminal shows",
        );
        false
    }

    /// A text that must not be empty and must be clean.
    fn required_text(&mut self, at: &At, text: &str, what: &str) -> bool {
        if text.trim().is_empty() {
            self.error(
                at,
                format!("{what} is empty"),
                format!("write the {what}; an empty one shows the learner nothing"),
            );
            return false;
        }
        self.clean(at, text, what)
    }

    fn optional_text(&mut self, at: &At, text: Option<&str>, what: &str) -> bool {
        match text {
            Some(text) if text.trim().is_empty() => {
                self.error(
                    at,
                    format!("{what} is empty"),
                    format!("write the {what} or leave the field out"),
                );
                false
            }
            Some(text) => self.clean(at, text, what),
            None => true,
        }
    }

    fn text_list(&mut self, at: &At, texts: &[String], what: &str) -> bool {
        let mut ok = true;
        for (i, text) in texts.iter().enumerate() {
            ok &= self.required_text(&at.index(i), text, what);
        }
        ok
    }

    fn id(&mut self, at: &At, id: &str, what: &str) -> bool {
        if id.is_empty() {
            self.error(
                at,
                format!("{what} id is empty"),
                "give it a short id such as `db-default-index`",
            );
            return false;
        }
        let valid_chars = id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
        let starts_well = id.chars().next().is_some_and(|c| c.is_ascii_alphanumeric());
        if !valid_chars || !starts_well || id.len() > MAX_ID_LEN {
            if !self.clean(at, id, &format!("{what} id")) {
                return false;
            }
            self.error(
                at,
                format!("{what} id `{id}` is not a valid id"),
                format!(
                    "use at most {MAX_ID_LEN} ASCII letters, digits, `-`, `_` or `.`, starting \
                     with a letter or digit (ids appear on the command line and in files)"
                ),
            );
            return false;
        }
        true
    }

    /// Records `id` in `seen`; reports it when already there.
    fn unique(&mut self, seen: &mut HashMap<String, At>, at: &At, id: &str, what: &str) -> bool {
        if let Some(first) = seen.get(id) {
            let related = self.related(first, "first used here");
            self.error_with(
                at,
                format!("duplicate {what} id `{id}`"),
                format!("every {what} needs its own id: rename one of them"),
                related,
            );
            return false;
        }
        seen.insert(id.to_owned(), *at);
        true
    }

    fn pack(&mut self, parsed: Parsed) -> Option<Pack> {
        let (pack_file, raw, category_files, single_file) = match parsed {
            Parsed::Single { file, pack } => (file, pack, Vec::new(), true),
            Parsed::Directory {
                file,
                pack,
                categories,
            } => (file, pack, categories, false),
        };
        let root = At::root(pack_file);
        let RawPack {
            id,
            title,
            version,
            authors,
            license,
            description,
            categories: raw_categories,
            profiles: raw_profiles,
            questions: raw_questions,
        } = raw;
        let meta = self.meta(
            &root,
            Meta {
                id,
                title,
                version,
                authors,
                license,
                description,
            },
        );

        // Categories (declared in the pack, then one per category file) and the questions,
        // each with where it was written.
        let mut seen_categories = HashMap::new();
        let mut categories = Vec::new();
        let mut groups = vec![Group {
            list_at: root.field("questions"),
            file_category: None,
            questions: raw_questions,
        }];
        for (i, category) in raw_categories.into_iter().enumerate() {
            let at = root.field("categories").index(i);
            categories.push(self.category(
                &at,
                &mut seen_categories,
                category.id,
                category.title,
                category.description,
            ));
        }
        for (file, category) in category_files {
            let RawCategoryFile {
                id,
                title,
                description,
                questions,
            } = category;
            let at = At::root(file);
            groups.push(Group {
                list_at: at.field("questions"),
                file_category: Some(id.clone()),
                questions,
            });
            categories.push(self.category(&at, &mut seen_categories, id, title, description));
        }
        let categories: Option<Vec<Category>> = categories.into_iter().collect();
        let known_categories = seen_categories;

        let total: usize = groups.iter().map(|g| g.questions.len()).sum();
        let repeated = repeated_ids(&groups);
        // Each file's questions are checked in place: the checked questions reuse the memory
        // of the parsed ones (same size), so a pack's questions are never held twice.
        let mut questions: Vec<Question> = Vec::new();
        for (g, group) in groups.into_iter().enumerate() {
            let Group {
                list_at,
                file_category,
                questions: raw,
            } = group;
            let checked: Vec<Question> = raw
                .into_iter()
                .enumerate()
                .filter_map(|(i, raw)| {
                    let placed = Placed {
                        at: list_at.index(i),
                        file_category: file_category.as_deref(),
                        first_with_id: repeated.get(&(g, i)).copied(),
                    };
                    self.question(&placed, raw, &known_categories)
                })
                .collect();
            if questions.is_empty() {
                questions = checked;
            } else {
                questions.extend(checked);
            }
        }
        let no_questions = total == 0;
        if no_questions {
            let hint = if single_file {
                "add questions to the `questions: [...]` list"
            } else {
                "add a category file next to pack.ron, such as `databases.ron` holding \
                 `Category(id: \"databases\", title: \"Databases\", questions: [...])`"
            };
            self.error(&root, "the pack has no questions", hint);
        }
        if known_categories.is_empty() {
            self.error(
                &root,
                "the pack declares no category",
                "declare categories with `categories: [(id: \"databases\", title: \"Databases\")]`",
            );
        }

        let mut seen_profiles = HashMap::new();
        let profiles: Vec<Option<Profile>> = raw_profiles
            .into_iter()
            .enumerate()
            .map(|(i, profile)| {
                let at = root.field("profiles").index(i);
                self.profile(&at, profile, &known_categories, &mut seen_profiles)
            })
            .collect();

        let meta = meta?;
        let categories = categories?;
        if questions.len() != total {
            return None;
        }
        let profiles: Vec<Profile> = profiles.into_iter().collect::<Option<_>>()?;
        Some(Pack {
            meta,
            categories,
            profiles,
            questions,
        })
    }

    fn meta(&mut self, root: &At, meta: Meta) -> Option<Meta> {
        let mut ok = self.id(&root.field("id"), &meta.id, "pack");
        ok &= self.required_text(&root.field("title"), &meta.title, "pack title");
        ok &= self.required_text(&root.field("version"), &meta.version, "pack version");
        ok &= self.text_list(&root.field("authors"), &meta.authors, "author");
        ok &= self.optional_text(&root.field("license"), meta.license.as_deref(), "license");
        ok &= self.optional_text(
            &root.field("description"),
            meta.description.as_deref(),
            "pack description",
        );
        ok.then_some(meta)
    }

    fn category(
        &mut self,
        at: &At,
        seen: &mut HashMap<String, At>,
        id: String,
        title: String,
        description: Option<String>,
    ) -> Option<Category> {
        let id_at = at.field("id");
        let mut ok = self.id(&id_at, &id, "category") && self.unique(seen, &id_at, &id, "category");
        ok &= self.required_text(&at.field("title"), &title, "category title");
        ok &= self.optional_text(
            &at.field("description"),
            description.as_deref(),
            "category description",
        );
        ok.then_some(Category {
            id,
            title,
            description,
        })
    }

    fn profile(
        &mut self,
        at: &At,
        raw: super::raw::RawProfile,
        categories: &HashMap<String, At>,
        seen: &mut HashMap<String, At>,
    ) -> Option<Profile> {
        let id_at = at.field("id");
        let mut ok =
            self.id(&id_at, &raw.id, "profile") && self.unique(seen, &id_at, &raw.id, "profile");
        ok &= self.required_text(&at.field("title"), &raw.title, "profile title");
        ok &= self.optional_text(
            &at.field("description"),
            raw.description.as_deref(),
            "profile description",
        );
        let targets_at = at.field("targets");
        let mut seen_targets: HashMap<&str, At> = HashMap::new();
        for (i, (category, target)) in raw.targets.0.iter().enumerate() {
            let key_at = targets_at.with(Seg::Key(i));
            if !categories.contains_key(category) {
                ok = false;
                let known = sorted_keys(categories);
                if self.clean(&key_at, category, "target category") {
                    self.error(
                        &key_at,
                        format!(
                            "profile `{}` sets a target for unknown category `{category}`",
                            raw.id
                        ),
                        format!("use one of the pack's categories: {known}"),
                    );
                }
            } else if let Some(first) = seen_targets.get(category.as_str()) {
                ok = false;
                let related = self.related(first, "first target here");
                self.error_with(
                    &key_at,
                    format!("profile `{}` sets the target of `{category}` twice", raw.id),
                    "keep one target per category",
                    related,
                );
            } else {
                seen_targets.insert(category, key_at);
            }
            if !(target.is_finite() && (0.0..=1.0).contains(target)) {
                ok = false;
                self.error(
                    &targets_at.index(i),
                    format!("target {target} for `{category}` is outside 0..1"),
                    "write the target mastery as a fraction between 0.0 and 1.0 (0.7 means 70%)",
                );
            }
        }
        ok.then_some(Profile {
            id: raw.id,
            title: raw.title,
            description: raw.description,
            targets: raw.targets.0,
        })
    }

    fn question(
        &mut self,
        placed: &Placed<'_>,
        raw: RawQuestion,
        categories: &HashMap<String, At>,
    ) -> Option<Question> {
        let at = &placed.at;
        let file_category = placed.file_category;
        let id_at = at.field("id");
        let mut ok = self.id(&id_at, &raw.id, "question");
        if let (true, Some(first)) = (ok, placed.first_with_id) {
            let related = self.related(&first, "first used here");
            self.error_with(
                &id_at,
                format!("duplicate question id `{}`", raw.id),
                "every question needs its own id: rename one of them",
                related,
            );
            ok = false;
        }
        let category = match (raw.category, file_category) {
            (Some(named), Some(file_category)) if named != file_category => {
                self.error(
                    &at.field("category"),
                    format!(
                        "question `{}` names category `{named}` but is in the file of category `{file_category}`",
                        raw.id
                    ),
                    format!("remove the `category:` field (the file decides it), or move the question to the file of `{named}`"),
                );
                None
            }
            (Some(named), _) => {
                if categories.contains_key(&named) {
                    Some(named)
                } else {
                    if self.clean(&at.field("category"), &named, "category") {
                        let known = sorted_keys(categories);
                        self.error(
                            &at.field("category"),
                            format!("question `{}` is in unknown category `{named}`", raw.id),
                            format!("use one of the pack's categories ({known}) or declare `{named}` in `categories`"),
                        );
                    }
                    None
                }
            }
            (None, Some(file_category)) => Some(file_category.to_owned()),
            (None, None) => {
                self.error(
                    at,
                    format!("question `{}` has no category", raw.id),
                    "add `category: \"<id>\"` naming one of the pack's categories",
                );
                None
            }
        };
        ok &= self.text_list(&at.field("tags"), &raw.tags, "tag");
        ok &= self.required_text(&at.field("prompt"), &raw.prompt, "prompt");
        ok &= self.required_text(&at.field("explanation"), &raw.explanation, "explanation");
        ok &= self.text_list(&at.field("references"), &raw.references, "reference");
        let had_code = raw.code.is_some();
        let code = raw.code.and_then(|code| {
            let code_at = at.field("code");
            let text = tidy_code(&code.text);
            let language_ok =
                self.required_text(&code_at.field("language"), &code.language, "code language");
            let text_ok = self.required_text(&code_at.field("text"), &text, "code text");
            (language_ok && text_ok).then_some(Code {
                language: code.language,
                text,
            })
        });
        ok &= !had_code || code.is_some();
        if let Some(b) = raw.fitted_difficulty
            && !(b.is_finite() && (-FITTED_LIMIT..=FITTED_LIMIT).contains(&b))
        {
            self.error(
                &at.field("fitted_difficulty"),
                format!("fitted difficulty {b} is outside -{FITTED_LIMIT}..{FITTED_LIMIT} logits"),
                "re-run `skillgap pack calibrate`, or remove `fitted_difficulty` to use the authored label",
            );
            ok = false;
        }
        let kind = self.kind(&at.field("kind"), raw.kind);
        let (true, Some(category), Some(kind)) = (ok, category, kind) else {
            return None;
        };
        Some(Question {
            id: raw.id,
            category,
            difficulty: raw.difficulty,
            fitted_difficulty: raw.fitted_difficulty,
            tags: raw.tags,
            prompt: raw.prompt,
            code,
            kind,
            shuffle: raw.shuffle,
            explanation: raw.explanation,
            references: raw.references,
        })
    }
}

/// Which questions repeat an id used before them (ids that are not valid are reported as such,
/// not as repeats): (group, index) → where the id was first used. Sorts the ids' hashes
/// (16 bytes a question, where a map of the ids took 33) and compares the ids only where
/// hashes meet, so only the repeats are kept once it returns.
fn repeated_ids(groups: &[Group]) -> HashMap<(usize, usize), At> {
    use std::hash::{BuildHasher, RandomState};
    let hasher = RandomState::new();
    let total = groups.iter().map(|g| g.questions.len()).sum();
    let mut hashed: Vec<(u64, u32, u32)> = Vec::with_capacity(total);
    for (g, group) in groups.iter().enumerate() {
        for (i, question) in group.questions.iter().enumerate() {
            if let (true, Ok(g), Ok(i)) = (
                is_valid_id(&question.id),
                u32::try_from(g),
                u32::try_from(i),
            ) {
                hashed.push((hasher.hash_one(question.id.as_str()), g, i));
            }
        }
    }
    // By hash, then in the order written: the first of a run with one id is its first use.
    hashed.sort_unstable();
    let question = |(_, g, i): (u64, u32, u32)| {
        let group = groups.get(g as usize)?;
        Some((group, group.questions.get(i as usize)?, i as usize))
    };
    let mut repeated = HashMap::new();
    for run in hashed
        .chunk_by(|a, b| a.0 == b.0)
        .filter(|run| run.len() > 1)
    {
        for (k, &later) in run.iter().enumerate().skip(1) {
            let Some((_, repeat, _)) = question(later) else {
                continue;
            };
            let first = run.iter().take(k).find_map(|&earlier| {
                let (group, q, i) = question(earlier)?;
                (q.id == repeat.id).then(|| group.list_at.index(i).field("id"))
            });
            if let Some(at) = first {
                repeated.insert((later.1 as usize, later.2 as usize), at);
            }
        }
    }
    repeated
}

/// What [`Validator::id`] accepts, without reporting.
fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= MAX_ID_LEN
        && id.chars().next().is_some_and(|c| c.is_ascii_alphanumeric())
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

fn sorted_keys(map: &HashMap<String, At>) -> String {
    let mut keys: Vec<&str> = map.keys().map(String::as_str).collect();
    keys.sort_unstable();
    if keys.is_empty() {
        return String::from("none declared yet");
    }
    keys.iter()
        .map(|k| format!("`{}`", crate::text::sanitize_line(k)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Code as authors write it inside a raw string: blank lines around it and the indentation
/// common to all lines removed, everything else kept as written.
pub fn tidy_code(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let first = lines.iter().position(|l| !l.trim().is_empty());
    let last = lines.iter().rposition(|l| !l.trim().is_empty());
    let (Some(first), Some(last)) = (first, last) else {
        return String::new();
    };
    let body = lines.get(first..=last).unwrap_or_default();
    let indent = body
        .iter()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start_matches([' ', '\t']).len())
        .min()
        .unwrap_or(0);
    body.iter()
        .map(|l| l.get(indent..).unwrap_or("").trim_end())
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::tidy_code;

    #[test]
    fn tidy_code_dedents_and_is_idempotent() {
        let written = "\n\n    def f():\n        return 1\n\n    f()\n  ";
        let tidy = tidy_code(written);
        assert_eq!(tidy, "def f():\n    return 1\n\nf()");
        assert_eq!(tidy_code(&tidy), tidy);
    }
}

#[cfg(test)]
mod size_tests {
    use super::super::model::Question;
    use super::super::raw::RawQuestion;

    /// Checked questions are collected into the memory of the parsed ones; that needs them to
    /// be no larger (with the same alignment), or every pack's questions are held twice.
    #[test]
    fn a_checked_question_fits_in_a_parsed_one() {
        assert!(size_of::<Question>() <= size_of::<RawQuestion>());
        assert_eq!(align_of::<Question>(), align_of::<RawQuestion>());
    }
}
