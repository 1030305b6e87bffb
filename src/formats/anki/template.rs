//! What an Anki card shows, read from its note type: which fields a card template asks and
//! which it answers with (`{{type:Field}}` makes a typed answer), and cloze deletions
//! (`{{c1::answer::hint}}`) rendered for one cloze number.

/// Template references that are not fields.
const SPECIAL: [&str; 8] = [
    "FrontSide",
    "Tags",
    "Deck",
    "Subdeck",
    "Card",
    "CardFlag",
    "Type",
    "CardID",
];

/// One `{{...}}` field reference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldRef {
    pub name: String,
    /// `{{type:Field}}`: the learner types the answer.
    pub typed: bool,
    /// `{{cloze:Field}}`.
    pub cloze: bool,
}

/// The field references of a template, in order, each once. Section tags (`{{#F}}`,
/// `{{^F}}`, `{{/F}}`), comments and special names are left out.
pub fn field_refs(template: &str) -> Vec<FieldRef> {
    let mut refs: Vec<FieldRef> = Vec::new();
    let mut rest = template;
    while let Some(start) = rest.find("{{") {
        let after = rest.get(start + 2..).unwrap_or("");
        let Some(end) = after.find("}}") else { break };
        let inner = after.get(..end).unwrap_or("").trim();
        rest = after.get(end + 2..).unwrap_or("");
        if inner.is_empty() || inner.starts_with(['#', '^', '/', '!', '=']) {
            continue;
        }
        let mut parts: Vec<&str> = inner.split(':').collect();
        let name = parts.pop().unwrap_or("").trim();
        if name.is_empty() || SPECIAL.contains(&name) {
            continue;
        }
        let typed = parts.iter().any(|p| p.trim() == "type");
        let cloze = parts.iter().any(|p| p.trim() == "cloze");
        match refs.iter_mut().find(|r| r.name == name) {
            Some(existing) => {
                existing.typed |= typed;
                existing.cloze |= cloze;
            }
            None => refs.push(FieldRef {
                name: name.to_owned(),
                typed,
                cloze,
            }),
        }
    }
    refs
}

/// A cloze text rendered for cloze number `number`: the prompt (that deletion shown as
/// `[...]` or `[hint]`, the others as their text) and its answers, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cloze {
    pub prompt: String,
    pub answers: Vec<String>,
}

/// Cloze numbers used in `text`, sorted, each once.
pub fn cloze_numbers(text: &str) -> Vec<u32> {
    let mut numbers = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("{{c") {
        let after = rest.get(start + 3..).unwrap_or("");
        let digits: String = after.chars().take_while(char::is_ascii_digit).collect();
        if after
            .get(digits.len()..)
            .is_some_and(|s| s.starts_with("::"))
            && let Ok(n) = digits.parse::<u32>()
            && n > 0
            && !numbers.contains(&n)
        {
            numbers.push(n);
        }
        rest = after;
    }
    numbers.sort_unstable();
    numbers
}

/// Renders `text` for cloze `number`. Deletions may nest; an unclosed one is left as text.
pub fn render_cloze(text: &str, number: u32) -> Cloze {
    let mut answers = Vec::new();
    let prompt = render(text, number, &mut answers, 0);
    Cloze { prompt, answers }
}

/// Deepest nesting followed; deeper deletions stay as written (a hostile note cannot recurse
/// without bound).
const MAX_DEPTH: usize = 8;

fn render(text: &str, number: u32, answers: &mut Vec<String>, depth: usize) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    loop {
        let Some(start) = find_opening(rest) else {
            out.push_str(rest);
            return out;
        };
        out.push_str(rest.get(..start).unwrap_or(""));
        let after = rest.get(start + 3..).unwrap_or("");
        let digits: String = after.chars().take_while(char::is_ascii_digit).collect();
        let body_start = digits.len() + 2;
        let Some(body_len) = closing(after.get(body_start..).unwrap_or("")) else {
            out.push_str(rest.get(start..).unwrap_or(""));
            return out;
        };
        let body = after.get(body_start..body_start + body_len).unwrap_or("");
        rest = after.get(body_start + body_len + 2..).unwrap_or("");
        let (answer, hint) = split_hint(body);
        let shown = if depth < MAX_DEPTH {
            render(answer, number, answers, depth + 1)
        } else {
            answer.to_owned()
        };
        if digits.parse::<u32>().ok() == Some(number) {
            answers.push(shown);
            match hint {
                Some(hint) if !hint.trim().is_empty() => {
                    out.push('[');
                    out.push_str(hint.trim());
                    out.push(']');
                }
                _ => out.push_str("[...]"),
            }
        } else {
            out.push_str(&shown);
        }
    }
}

/// Where the next `{{cN::` starts.
fn find_opening(text: &str) -> Option<usize> {
    let mut offset = 0;
    while let Some(found) = text.get(offset..)?.find("{{c") {
        let at = offset + found;
        let after = text.get(at + 3..)?;
        let digits = after.chars().take_while(char::is_ascii_digit).count();
        if digits > 0 && after.get(digits..).is_some_and(|s| s.starts_with("::")) {
            return Some(at);
        }
        offset = at + 3;
    }
    None
}

/// Length of a deletion's body up to its matching `}}` (nested `{{...}}` skipped).
fn closing(body: &str) -> Option<usize> {
    let bytes = body.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    while i + 1 < bytes.len() {
        match (bytes.get(i), bytes.get(i + 1)) {
            (Some(b'{'), Some(b'{')) => {
                depth += 1;
                i += 2;
            }
            (Some(b'}'), Some(b'}')) => {
                if depth == 0 {
                    return Some(i);
                }
                depth -= 1;
                i += 2;
            }
            _ => i += 1,
        }
    }
    None
}

/// `answer::hint` → (answer, hint), the hint after the last top-level `::`.
fn split_hint(body: &str) -> (&str, Option<&str>) {
    let bytes = body.as_bytes();
    let mut depth = 0usize;
    let mut split = None;
    let mut i = 0;
    while i + 1 < bytes.len() {
        match (bytes.get(i), bytes.get(i + 1)) {
            (Some(b'{'), Some(b'{')) => {
                depth += 1;
                i += 2;
            }
            (Some(b'}'), Some(b'}')) => {
                depth = depth.saturating_sub(1);
                i += 2;
            }
            (Some(b':'), Some(b':')) if depth == 0 => {
                split = Some(i);
                i += 2;
            }
            _ => i += 1,
        }
    }
    match split {
        Some(at) => (body.get(..at).unwrap_or(body), body.get(at + 2..)),
        None => (body, None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_field_references() {
        let refs =
            field_refs("{{#Hint}}{{hint:Hint}}{{/Hint}} {{Front}} {{type:Back}} {{FrontSide}}");
        let names: Vec<_> = refs.iter().map(|r| (r.name.as_str(), r.typed)).collect();
        assert_eq!(names, [("Hint", false), ("Front", false), ("Back", true)]);
        assert!(field_refs("{{cloze:Text}}")[0].cloze);
    }

    #[test]
    fn renders_one_cloze_number_and_shows_the_others() {
        let text = "{{c1::Paris}} is the capital of {{c2::France::country}}; {{c1::it}} is big.";
        assert_eq!(cloze_numbers(text), [1, 2]);
        let one = render_cloze(text, 1);
        assert_eq!(one.prompt, "[...] is the capital of France; [...] is big.");
        assert_eq!(one.answers, ["Paris", "it"]);
        let two = render_cloze(text, 2);
        assert_eq!(two.prompt, "Paris is the capital of [country]; it is big.");
        assert_eq!(two.answers, ["France"]);
    }

    #[test]
    fn nested_and_unclosed_deletions() {
        let nested = render_cloze("{{c1::a {{c2::b}} c}}", 2);
        assert_eq!(nested.prompt, "a [...] c");
        assert_eq!(nested.answers, ["b"]);
        let open = render_cloze("x {{c1::never closed", 1);
        assert_eq!(open.prompt, "x {{c1::never closed");
        assert!(open.answers.is_empty());
    }
}
