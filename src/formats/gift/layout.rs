//! The layout `export` writes into GIFT texts and `import` reads back: labelled model answer,
//! rubric and references in the general feedback, a unit at the end of the prompt; and
//! Markdown fences read as code blocks.

use super::html::Segment;

/// Marks the parts of a general feedback that `export` writes and this module reads back.
pub const MODEL_ANSWER_LABEL: &str = "Model answer:";
pub const RUBRIC_LABEL: &str = "Rubric:";
pub const REFERENCES_LABEL: &str = "References:";
/// A unit has no place in GIFT: export writes it at the end of the prompt like this.
pub const UNIT_PREFIX: &str = " (unit: ";

/// `"... (unit: ms)"` at the end of a prompt (as `export` writes it) → the unit.
pub fn take_unit(prompt: &mut String) -> Option<String> {
    let start = prompt.rfind(UNIT_PREFIX)?;
    let unit = prompt
        .get(start + UNIT_PREFIX.len()..)?
        .strip_suffix(')')?
        .trim()
        .to_owned();
    if unit.is_empty() || unit.contains(['(', ')', '\n']) {
        return None;
    }
    prompt.truncate(start);
    let trimmed = prompt.trim_end().len();
    prompt.truncate(trimmed);
    Some(unit)
}

/// A trailing "References:\n- a\n- b" block (as `export` writes it) → the references.
pub fn split_references(general: &str) -> (String, Vec<String>) {
    let marker = format!("{REFERENCES_LABEL}\n");
    let start = if general.starts_with(&marker) {
        Some(0)
    } else {
        general.rfind(&format!("\n\n{marker}")).map(|i| i + 2)
    };
    if let Some(start) = start {
        let block = general.get(start + marker.len()..).unwrap_or("");
        let refs: Option<Vec<String>> = block
            .lines()
            .map(|l| l.strip_prefix("- ").map(|r| r.trim().to_owned()))
            .collect();
        if let Some(refs) = refs.filter(|r| !r.is_empty() && r.iter().all(|x| !x.is_empty())) {
            let head = general.get(..start).unwrap_or("").trim().to_owned();
            return (head, refs);
        }
    }
    (general.trim().to_owned(), Vec::new())
}

/// Markdown text with its fenced (```) blocks as code segments.
pub fn markdown_segments(text: &str) -> Vec<Segment> {
    let mut segments = Vec::new();
    let mut prose: Vec<&str> = Vec::new();
    let mut code: Option<(String, Vec<&str>)> = None;
    for line in text.lines() {
        let fence = line.trim_start().strip_prefix("```");
        match (&mut code, fence) {
            (None, Some(language)) => {
                let joined = prose.join("\n").trim().to_owned();
                if !joined.is_empty() {
                    segments.push(Segment::Text(joined));
                }
                prose.clear();
                code = Some((language.trim().to_owned(), Vec::new()));
            }
            (Some(_), Some(_)) => {
                if let Some((language, lines)) = code.take() {
                    segments.push(Segment::Code {
                        language: (!language.is_empty()).then_some(language),
                        text: crate::pack::tidy_code(&lines.join("\n")),
                    });
                }
            }
            (Some((_, lines)), None) => lines.push(line),
            (None, None) => prose.push(line),
        }
    }
    if let Some((_, lines)) = code {
        prose.push("```");
        prose.extend(lines);
    }
    let joined = prose.join("\n").trim().to_owned();
    if !joined.is_empty() {
        segments.push(Segment::Text(joined));
    }
    segments
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_and_units_are_read_back() {
        let (head, refs) = split_references("Because.\n\nReferences:\n- https://a\n- https://b");
        assert_eq!(head, "Because.");
        assert_eq!(refs, vec!["https://a", "https://b"]);
        let mut prompt = "Which port? (unit: port)".to_owned();
        assert_eq!(take_unit(&mut prompt).as_deref(), Some("port"));
        assert_eq!(prompt, "Which port?");
    }
}
