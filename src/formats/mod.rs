//! Question formats other than our own RON: reading them into a pack and writing a pack out.
//! Each format lives in its own module (`gift`, `moodle` for Moodle XML, `aiken`; Anki to
//! come) and touches neither the store nor the terminal. `build` holds what every importer
//! shares; this module the result of an import (with its one summary line) and warnings.

pub mod aiken;
pub mod anki;
pub mod build;
pub mod gift;
pub mod moodle;

use crate::pack::Pack;
use std::fmt;

/// The result of an import, whatever the format.
#[derive(Debug)]
pub struct Imported {
    /// The checked pack; `None` when no question could be converted.
    pub pack: Option<Pack>,
    pub warnings: Vec<Warning>,
    pub converted: usize,
    pub skipped: usize,
    /// Why questions were skipped, with how many each (empty: see the warnings).
    pub skipped_why: Vec<(String, usize)>,
    /// Questions whose explanation was made from their answer (the file gave no feedback).
    pub generated_explanations: usize,
}

impl Imported {
    /// The one summary line an import prints: questions, categories, skipped with reasons,
    /// warnings.
    pub fn summary(&self) -> String {
        let categories = self.pack.as_ref().map_or(0, |p| p.categories.len());
        let skipped = if self.skipped == 0 {
            "0 skipped".to_owned()
        } else if self.skipped_why.is_empty() {
            format!("{} skipped (see the warnings)", self.skipped)
        } else {
            let why: Vec<String> = self
                .skipped_why
                .iter()
                .map(|(reason, n)| format!("{n} {reason}"))
                .collect();
            format!("{} skipped ({})", self.skipped, why.join(", "))
        };
        format!(
            "{} in {}, {skipped}, {}",
            crate::text::plural(self.converted, "question", "questions"),
            crate::text::plural(categories, "category", "categories"),
            crate::text::plural(self.warnings.len(), "warning", "warnings"),
        )
    }
}

/// Something the conversion could not carry over exactly, at a place in the input (GIFT
/// line and column, both from 1; 0 when unknown) or for a question (export).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    pub line: usize,
    pub col: usize,
    pub message: String,
}

impl Warning {
    pub fn at(line: usize, col: usize, message: impl Into<String>) -> Warning {
        Warning {
            line,
            col,
            message: message.into(),
        }
    }

    /// `file:line:col: warning: message`, made safe for a terminal.
    pub fn render(&self, file: &str) -> String {
        let file = crate::text::sanitize_line(file);
        let message = crate::text::sanitize_line(&self.message);
        match (self.line, self.col) {
            (0, _) => format!("{file}: warning: {message}"),
            (line, 0) => format!("{file}:{line}: warning: {message}"),
            (line, col) => format!("{file}:{line}:{col}: warning: {message}"),
        }
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render("<gift>"))
    }
}

/// Lowercase ASCII letters and digits joined by single `-`, accents folded, at most `max`
/// bytes (cut at a `-`): an id made from a title or a category name. Empty when the text
/// has no letter or digit.
pub fn slugify(text: &str, max: usize) -> String {
    use unicode_normalization::UnicodeNormalization;
    let mut slug = String::new();
    let mut dash = false;
    for c in text.nfkd() {
        if c.is_ascii_alphanumeric() {
            if dash && !slug.is_empty() {
                slug.push('-');
            }
            dash = false;
            slug.push(c.to_ascii_lowercase());
        } else if unicode_normalization::char::is_combining_mark(c) {
            continue;
        } else {
            dash = true;
        }
    }
    if slug.len() > max {
        let cut = slug
            .get(..=max)
            .and_then(|head| head.rfind('-'))
            .filter(|&at| at > 0)
            .unwrap_or(max);
        slug.truncate(cut);
    }
    slug
}

#[cfg(test)]
mod tests {
    use super::slugify;

    #[test]
    fn slugify_folds_accents_and_cuts_at_a_dash() {
        assert_eq!(slugify("Café au lait: 2 cups!", 64), "cafe-au-lait-2-cups");
        assert_eq!(slugify("  --  ", 64), "");
        assert_eq!(slugify("alpha beta gamma", 12), "alpha-beta");
        assert_eq!(slugify("abcdefghijkl", 5), "abcde");
    }
}
