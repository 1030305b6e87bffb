//! HTML (as found in GIFT `[html]` and Moodle auto-format texts) reduced to plain text:
//! tags stripped, entities decoded, `<br>` and block tags to line breaks, `<pre>` kept as code
//! blocks, `<code>` as backticks, script and style content dropped, control characters
//! removed. Not a full HTML parser: a text-level reduction that never fails.

/// A piece of converted text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    Text(String),
    /// A `<pre>` block, its layout kept; `language` from a `language-x` or `lang-x` class.
    Code {
        language: Option<String>,
        text: String,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Converted {
    pub segments: Vec<Segment>,
    /// Control or bidi characters (often from `&#27;`-style entities) that were dropped.
    pub removed: usize,
    /// Images, sounds, videos and embedded files the text referred to (their `src`, e.g.
    /// `@@PLUGINFILE@@/cat.png`): skillgap shows text only, so each is left as a
    /// `[image: name]` marker in the text and reported by the importer.
    pub media: Vec<String>,
    /// Link targets: the link text is kept with its target after it, in brackets.
    pub links: Vec<String>,
}

impl Converted {
    /// Everything as one text, code blocks fenced with ```.
    pub fn joined(&self) -> String {
        let mut parts = Vec::new();
        for segment in &self.segments {
            match segment {
                Segment::Text(text) => parts.push(text.clone()),
                Segment::Code { text, .. } => parts.push(format!("```\n{text}\n```")),
            }
        }
        parts.join("\n\n")
    }
}

/// Converts `html`. With `keep_newlines` (Moodle auto-format) line breaks in the source stay
/// line breaks; without (real HTML) all whitespace runs become one space.
pub fn to_text(html: &str, keep_newlines: bool) -> Converted {
    let mut converter = Converter {
        keep_newlines,
        out: String::new(),
        converted: Converted::default(),
        open_link: None,
    };
    converter.run(html);
    converter.flush();
    converter.converted
}

struct Converter {
    keep_newlines: bool,
    out: String,
    converted: Converted,
    /// The target of the `<a href>` being read, written after its text.
    open_link: Option<String>,
}

/// The value of attribute `name` (quoted or not), entities in it decoded.
fn attribute(attributes: &str, name: &str) -> Option<String> {
    let lower = attributes.to_ascii_lowercase();
    let mut from = 0;
    while let Some(found) = lower.get(from..).and_then(|rest| rest.find(name)) {
        let start = from + found;
        from = start + name.len();
        let before_ok = start == 0
            || lower
                .get(..start)
                .and_then(|head| head.chars().next_back())
                .is_some_and(char::is_whitespace);
        let after = attributes.get(from..)?.trim_start();
        let Some(value) = after.strip_prefix('=').map(str::trim_start) else {
            continue;
        };
        if !before_ok {
            continue;
        }
        let raw = match value.chars().next() {
            Some(q @ ('"' | '\'')) => {
                let inner = value.get(1..)?;
                inner.get(..inner.find(q).unwrap_or(inner.len()))?
            }
            _ => value
                .get(..value.find(char::is_whitespace).unwrap_or(value.len()))?
                .trim_end_matches('/'),
        };
        let mut decoded = String::new();
        let mut rest = raw;
        while let Some(c) = rest.chars().next() {
            if c == '&'
                && let Some((d, len)) = entity(rest)
            {
                decoded.push(d);
                rest = rest.get(len..).unwrap_or("");
                continue;
            }
            if !crate::text::is_forbidden(c) {
                decoded.push(c);
            }
            rest = rest.get(c.len_utf8()..).unwrap_or("");
        }
        let decoded = decoded.trim().to_owned();
        return (!decoded.is_empty()).then_some(decoded);
    }
    None
}

/// The file name at the end of a media reference, for the marker left in the text.
fn media_name(src: &str) -> &str {
    let path = src.split(['?', '#']).next().unwrap_or(src);
    path.rsplit('/').find(|s| !s.is_empty()).unwrap_or(path)
}

/// A tag as written: its lowercase name, whether it closes, its attributes' text.
struct Tag<'a> {
    name: String,
    closing: bool,
    attributes: &'a str,
    /// Bytes the tag takes in the source.
    len: usize,
}

fn read_tag(rest: &str) -> Option<Tag<'_>> {
    let inner = rest.strip_prefix('<')?;
    let (closing, inner) = match inner.strip_prefix('/') {
        Some(after) => (true, after),
        None => (false, inner),
    };
    if !inner.chars().next()?.is_ascii_alphabetic() {
        return None;
    }
    let name_len = inner
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(inner.len());
    let name = inner.get(..name_len)?.to_ascii_lowercase();
    // The closing `>`, skipping quoted attribute values.
    let mut quote = None;
    let mut end = None;
    for (i, c) in inner.char_indices().skip(name_len) {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '>') => {
                end = Some(i);
                break;
            }
            (None, '<') => return None,
            _ => {}
        }
    }
    let end = end?;
    let attributes = inner.get(name_len..end).unwrap_or("");
    let prefix = rest.len() - inner.len();
    Some(Tag {
        name,
        closing,
        attributes,
        len: prefix + end + 1,
    })
}

/// The language named by a `class="language-x"` (or `lang-x`) attribute.
fn language(attributes: &str) -> Option<String> {
    let lower = attributes.to_ascii_lowercase();
    let start = lower
        .find("language-")
        .map(|i| i + "language-".len())
        .or_else(|| lower.find("lang-").map(|i| i + "lang-".len()))?;
    let name: String = lower
        .get(start..)?
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '#' | '-' | '_'))
        .collect();
    (!name.is_empty()).then_some(name)
}

/// Where `</name` starts (case-insensitive), if anywhere.
fn find_close(rest: &str, name: &str) -> Option<usize> {
    let needle = format!("</{name}");
    let needle = needle.as_bytes();
    rest.as_bytes()
        .windows(needle.len())
        .position(|window| window.eq_ignore_ascii_case(needle))
}

impl Converter {
    fn run(&mut self, html: &str) {
        let mut rest = html;
        while let Some(c) = rest.chars().next() {
            if c == '<' {
                if let Some(after) = rest.strip_prefix("<!--") {
                    rest = after
                        .find("-->")
                        .map_or("", |i| after.get(i + 3..).unwrap_or(""));
                    continue;
                }
                if let Some(tag) = read_tag(rest) {
                    rest = rest.get(tag.len..).unwrap_or("");
                    rest = self.tag(&tag, rest);
                    continue;
                }
            }
            if c == '&'
                && let Some((decoded, len)) = entity(rest)
            {
                self.push_char(decoded);
                rest = rest.get(len..).unwrap_or("");
                continue;
            }
            self.push_char(c);
            rest = rest.get(c.len_utf8()..).unwrap_or("");
        }
    }

    /// Handles a tag; returns the rest of the source (advanced past skipped content).
    fn tag<'a>(&mut self, tag: &Tag<'_>, rest: &'a str) -> &'a str {
        match (tag.name.as_str(), tag.closing) {
            ("script" | "style", false) => {
                let Some(close) = find_close(rest, &tag.name) else {
                    return "";
                };
                let after = rest.get(close..).unwrap_or("");
                match read_tag(after) {
                    Some(end) => after.get(end.len..).unwrap_or(""),
                    None => "",
                }
            }
            ("pre", false) => {
                let close = find_close(rest, "pre").unwrap_or(rest.len());
                let body = rest.get(..close).unwrap_or("");
                let mut language = language(tag.attributes);
                // The text of the block: inner tags dropped (a `<code class>` may name the
                // language), entities decoded, layout kept.
                let mut code = String::new();
                let mut inner = body;
                while let Some(c) = inner.chars().next() {
                    if c == '<'
                        && let Some(t) = read_tag(inner)
                    {
                        if t.name == "br" {
                            code.push('\n');
                        } else if language.is_none() && !t.closing {
                            language = self::language(t.attributes);
                        }
                        inner = inner.get(t.len..).unwrap_or("");
                        continue;
                    }
                    if c == '&'
                        && let Some((decoded, len)) = entity(inner)
                    {
                        self.push_code_char(&mut code, decoded);
                        inner = inner.get(len..).unwrap_or("");
                        continue;
                    }
                    self.push_code_char(&mut code, c);
                    inner = inner.get(c.len_utf8()..).unwrap_or("");
                }
                let code = crate::pack::tidy_code(&code);
                if !code.is_empty() {
                    self.flush();
                    self.converted.segments.push(Segment::Code {
                        language,
                        text: code,
                    });
                }
                let after = rest.get(close..).unwrap_or("");
                match read_tag(after) {
                    Some(end) => after.get(end.len..).unwrap_or(""),
                    None => "",
                }
            }
            ("code" | "tt" | "kbd" | "samp", _) => {
                self.out.push('`');
                rest
            }
            ("img" | "audio" | "video" | "source" | "embed" | "iframe" | "object", false) => {
                let src =
                    attribute(tag.attributes, "src").or_else(|| attribute(tag.attributes, "data"));
                if let Some(src) = src {
                    let label = match tag.name.as_str() {
                        "img" => "image",
                        "audio" => "sound",
                        "video" => "video",
                        _ => "file",
                    };
                    let marker = format!("[{label}: {}]", media_name(&src));
                    if !self.out.is_empty() && !self.out.ends_with([' ', '\n']) {
                        self.out.push(' ');
                    }
                    for c in marker.chars() {
                        self.push_char(c);
                    }
                    self.converted.media.push(src);
                }
                rest
            }
            ("a", false) => {
                self.open_link = attribute(tag.attributes, "href");
                rest
            }
            ("a", true) => {
                if let Some(href) = self.open_link.take() {
                    let shown = self.out.trim_end().ends_with(href.as_str());
                    if !shown {
                        let written = format!(" ({href})");
                        for c in written.chars() {
                            self.push_char(c);
                        }
                    }
                    self.converted.links.push(href);
                }
                rest
            }
            ("br", _) => {
                self.trim_end_spaces();
                self.out.push('\n');
                rest
            }
            ("li", false) => {
                self.line_break(1);
                self.out.push_str("- ");
                rest
            }
            (
                "p" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "ul" | "ol" | "table"
                | "blockquote",
                _,
            ) => {
                self.line_break(2);
                rest
            }
            ("div" | "tr" | "li" | "dt" | "dd" | "hr", _) => {
                self.line_break(1);
                rest
            }
            ("td" | "th", true) => {
                self.out.push(' ');
                rest
            }
            _ => rest,
        }
    }

    fn push_code_char(&mut self, code: &mut String, c: char) {
        if c == '\r' {
            return;
        }
        if crate::text::is_forbidden(c) {
            self.converted.removed += 1;
        } else {
            code.push(c);
        }
    }

    fn push_char(&mut self, c: char) {
        if c == '\n' && self.keep_newlines {
            self.trim_end_spaces();
            self.out.push('\n');
        } else if c.is_whitespace() && c != '\u{a0}' {
            if !self.out.is_empty() && !self.out.ends_with([' ', '\n']) {
                self.out.push(' ');
            }
        } else if crate::text::is_forbidden(c) {
            self.converted.removed += 1;
        } else if c == '\u{a0}' {
            self.out.push(' ');
        } else {
            self.out.push(c);
        }
    }

    fn trim_end_spaces(&mut self) {
        let kept = self.out.trim_end_matches(' ').len();
        self.out.truncate(kept);
    }

    /// Ends the current line; `2` leaves a blank line (a paragraph break).
    fn line_break(&mut self, lines: usize) {
        self.trim_end_spaces();
        if self.out.trim_end().is_empty() {
            return;
        }
        let have = self.out.len() - self.out.trim_end_matches('\n').len();
        for _ in have..lines {
            self.out.push('\n');
        }
    }

    fn flush(&mut self) {
        let text = tidy(&std::mem::take(&mut self.out));
        if !text.is_empty() {
            self.converted.segments.push(Segment::Text(text));
        }
    }
}

/// Lines trimmed, at most one blank line in a row, no blank lines around.
fn tidy(text: &str) -> String {
    let mut out = String::new();
    let mut blank = 0usize;
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() {
            blank += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank > 0 { "\n\n" } else { "\n" });
        }
        blank = 0;
        out.push_str(line);
    }
    out
}

/// A character entity at the start of `rest`: the character and the bytes it takes.
fn entity(rest: &str) -> Option<(char, usize)> {
    let end = rest.get(..rest.len().min(12))?.find(';')?;
    let name = rest.get(1..end)?;
    let c = if let Some(number) = name.strip_prefix('#') {
        let code = match number.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => number.parse::<u32>().ok()?,
        };
        char::from_u32(code).unwrap_or('\u{FFFD}')
    } else {
        match name {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            "nbsp" => '\u{a0}',
            "ndash" => '–',
            "mdash" => '—',
            "hellip" => '…',
            "lsquo" => '‘',
            "rsquo" => '’',
            "ldquo" => '“',
            "rdquo" => '”',
            "laquo" => '«',
            "raquo" => '»',
            "copy" => '©',
            "reg" => '®',
            "trade" => '™',
            "times" => '×',
            "divide" => '÷',
            "deg" => '°',
            "plusmn" => '±',
            "middot" => '·',
            "bull" => '•',
            "euro" => '€',
            "pound" => '£',
            "larr" => '←',
            "rarr" => '→',
            "le" => '≤',
            "ge" => '≥',
            "ne" => '≠',
            "eacute" => 'é',
            "egrave" => 'è',
            "agrave" => 'à',
            "uuml" => 'ü',
            "ouml" => 'ö',
            "auml" => 'ä',
            "szlig" => 'ß',
            "ccedil" => 'ç',
            _ => return None,
        }
    };
    Some((c, end + 1))
}

/// skillgap text as HTML: escaped, `` `x` `` as `<code>x</code>`, line breaks as `<br>`;
/// `to_text` reads it back to the same text.
pub fn render(text: &str) -> String {
    let pieces: Vec<&str> = text.split('`').collect();
    if pieces.len() >= 3 && pieces.len() % 2 == 1 {
        pieces
            .iter()
            .enumerate()
            .map(|(i, piece)| {
                if i % 2 == 1 {
                    format!("<code>{}</code>", escape(piece))
                } else {
                    escape(piece)
                }
            })
            .collect()
    } else {
        escape(text)
    }
}

/// A code block as HTML: `<pre><code class="language-x">`, its layout kept.
pub fn code_block(language: &str, text: &str) -> String {
    format!(
        "<pre><code class=\"language-{}\">{}</code></pre>",
        escape(language).replace('"', "&quot;"),
        text.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    )
}

/// Text written as HTML: `&`, `<` and `>` escaped, line breaks as `<br>`.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\n' => out.push_str("<br>"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(html: &str) -> String {
        to_text(html, false).joined()
    }

    #[test]
    fn tags_entities_and_breaks() {
        assert_eq!(
            text("<p>Which <b>index</b> &amp; why?</p><p>Second&nbsp;para<br>line</p>"),
            "Which index & why?\n\nSecond para\nline"
        );
        assert_eq!(text("a < b and c>d"), "a < b and c>d");
        assert_eq!(text("<ul><li>one</li><li>two</li></ul>"), "- one\n- two");
        assert_eq!(
            text("use <code>git rebase</code> here"),
            "use `git rebase` here"
        );
    }

    #[test]
    fn script_and_style_are_dropped_and_controls_removed() {
        let converted = to_text(
            "x<script>alert('<b>')</script>y<style>p{}</style>z&#27;[31m&#x202E;",
            false,
        );
        assert_eq!(converted.joined(), "xyz[31m");
        assert_eq!(converted.removed, 2);
    }

    #[test]
    fn pre_becomes_a_code_block_with_its_layout() {
        let converted = to_text(
            "<p>What prints?</p><pre><code class=\"language-python\">def f():\n    return 1 &lt; 2\n</code></pre>",
            false,
        );
        assert_eq!(
            converted.segments,
            vec![
                Segment::Text("What prints?".into()),
                Segment::Code {
                    language: Some("python".into()),
                    text: "def f():\n    return 1 < 2".into()
                }
            ]
        );
    }

    #[test]
    fn escape_round_trips() {
        let original = "a < b & c\nnext";
        assert_eq!(text(&escape(original)), original);
    }
}
