//! Where each value sits in a RON source: a light structural scan mapping paths such as
//! `questions[3].kind.choices[1].text` to byte spans, so validation can name file:line:col.
//!
//! serde tells us *what* is wrong with a value but not *where* it was written; this scan only
//! tracks structure (fields, list items, map entries), never values, and it never fails: on
//! text it cannot follow it simply knows fewer places, and callers fall back to the nearest
//! ancestor that it does know.

use std::ops::Range;

/// One step of a path into a RON value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Seg {
    /// A named field of a struct or of a struct-like enum variant.
    Field(&'static str),
    /// An item of a list or tuple, or the value of the n-th entry of a map.
    Index(usize),
    /// The key of the n-th entry of a map.
    Key(usize),
}

#[derive(Debug, Clone)]
struct Node {
    span: Range<usize>,
    children: Children,
}

#[derive(Debug, Clone)]
enum Children {
    Leaf,
    Fields(Vec<(String, Node)>),
    Items(Vec<Node>),
    Map(Vec<(Node, Node)>),
}

/// The structure of one RON source, for looking up spans by path.
#[derive(Debug, Clone)]
pub struct Locations {
    root: Option<Node>,
    len: usize,
}

/// Deep enough for any pack; a hostile file nested deeper is rejected by the parser first.
const MAX_DEPTH: usize = 200;

impl Locations {
    pub fn parse(source: &str) -> Locations {
        let mut scanner = Scanner {
            bytes: source.as_bytes(),
            pos: 0,
        };
        scanner.skip_trivia();
        let root = (scanner.pos < scanner.bytes.len()).then(|| scanner.value(0));
        Locations {
            root,
            len: source.len(),
        }
    }

    /// The span of the value at `path`, or of its nearest known ancestor.
    pub fn span(&self, path: &[Seg]) -> Range<usize> {
        let Some(mut node) = self.root.as_ref() else {
            return 0..0;
        };
        for seg in path {
            match node.child(*seg) {
                Some(child) => node = child,
                None => break,
            }
        }
        let end = node.span.end.min(self.len);
        node.span.start.min(end)..end
    }
}

impl Node {
    fn child(&self, seg: Seg) -> Option<&Node> {
        match (&self.children, seg) {
            (Children::Fields(fields), Seg::Field(name)) => fields
                .iter()
                .find(|(field, _)| field == name)
                .map(|(_, node)| node),
            (Children::Items(items), Seg::Index(index)) => items.get(index),
            // `Some((...))` written around a value: look through the wrapper.
            (Children::Items(items), Seg::Field(_)) if items.len() == 1 => {
                items.first().and_then(|inner| inner.child(seg))
            }
            (Children::Map(entries), Seg::Index(index)) => entries.get(index).map(|(_, v)| v),
            (Children::Map(entries), Seg::Key(index)) => entries.get(index).map(|(k, _)| k),
            _ => None,
        }
    }
}

struct Scanner<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl Scanner<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn peek_at(&self, offset: usize) -> Option<u8> {
        self.bytes.get(self.pos + offset).copied()
    }

    fn at_end(&self) -> bool {
        self.pos >= self.bytes.len()
    }

    /// Skips white space, comments and `#![enable(...)]` attributes.
    fn skip_trivia(&mut self) {
        loop {
            match (self.peek(), self.peek_at(1)) {
                (Some(b), _) if b.is_ascii_whitespace() => self.pos += 1,
                (Some(b'/'), Some(b'/')) => {
                    while let Some(b) = self.peek() {
                        if b == b'\n' {
                            break;
                        }
                        self.pos += 1;
                    }
                }
                (Some(b'/'), Some(b'*')) => {
                    self.pos += 2;
                    let mut depth = 1usize;
                    while depth > 0 && !self.at_end() {
                        match (self.peek(), self.peek_at(1)) {
                            (Some(b'/'), Some(b'*')) => {
                                depth += 1;
                                self.pos += 2;
                            }
                            (Some(b'*'), Some(b'/')) => {
                                depth -= 1;
                                self.pos += 2;
                            }
                            _ => self.pos += 1,
                        }
                    }
                }
                (Some(b'#'), Some(b'!' | b'[')) => {
                    while let Some(b) = self.peek() {
                        self.pos += 1;
                        if b == b']' {
                            break;
                        }
                    }
                }
                _ => return,
            }
        }
    }

    fn is_ident_byte(b: u8) -> bool {
        b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80
    }

    fn ident(&mut self) -> Range<usize> {
        let start = self.pos;
        // Raw identifiers: r#name
        if self.peek() == Some(b'r') && self.peek_at(1) == Some(b'#') {
            self.pos += 2;
        }
        while self.peek().is_some_and(Self::is_ident_byte) {
            self.pos += 1;
        }
        start..self.pos
    }

    fn value(&mut self, depth: usize) -> Node {
        self.skip_trivia();
        let start = self.pos;
        if depth > MAX_DEPTH {
            self.pos = self.bytes.len();
            return self.leaf(start);
        }
        match (self.peek(), self.peek_at(1)) {
            (None, _) => self.leaf(start),
            (Some(b'('), _) => self.parens(start, depth),
            (Some(b'['), _) => {
                self.pos += 1;
                let items = self.items(b']', depth);
                Node {
                    span: start..self.pos,
                    children: Children::Items(items),
                }
            }
            (Some(b'{'), _) => self.map(start, depth),
            (Some(b'"'), _) => {
                self.pos += 1;
                self.quoted(b'"');
                self.leaf(start)
            }
            (Some(b'\''), _) => {
                self.pos += 1;
                self.quoted(b'\'');
                self.leaf(start)
            }
            (Some(b'r'), Some(b'#' | b'"')) if self.raw_string_ahead(1) => {
                self.pos += 1;
                self.raw_string();
                self.leaf(start)
            }
            (Some(b'b'), Some(b'"')) => {
                self.pos += 2;
                self.quoted(b'"');
                self.leaf(start)
            }
            (Some(b'b'), Some(b'r')) if self.raw_string_ahead(2) => {
                self.pos += 2;
                self.raw_string();
                self.leaf(start)
            }
            (Some(b), _) if b.is_ascii_alphabetic() || b == b'_' || b >= 0x80 => {
                self.ident();
                let after_ident = self.pos;
                self.skip_trivia();
                if self.peek() == Some(b'(') {
                    self.parens(start, depth)
                } else {
                    self.pos = after_ident;
                    self.leaf(start)
                }
            }
            (Some(b), _) if b.is_ascii_digit() || matches!(b, b'+' | b'-' | b'.') => {
                self.pos += 1;
                while let Some(b) = self.peek() {
                    let exponent_sign = matches!(b, b'+' | b'-')
                        && matches!(self.bytes.get(self.pos - 1), Some(b'e' | b'E'));
                    if b.is_ascii_alphanumeric() || b == b'_' || b == b'.' || exponent_sign {
                        self.pos += 1;
                    } else {
                        break;
                    }
                }
                self.leaf(start)
            }
            (Some(_), _) => {
                // Something the scan does not follow: step over one character.
                self.pos += 1;
                self.leaf(start)
            }
        }
    }

    fn leaf(&self, start: usize) -> Node {
        Node {
            span: start..self.pos.max(start),
            children: Children::Leaf,
        }
    }

    /// After a quote: to the matching closing quote, honouring backslash escapes.
    fn quoted(&mut self, quote: u8) {
        while let Some(b) = self.peek() {
            self.pos += 1;
            if b == b'\\' {
                self.pos += 1;
            } else if b == quote {
                return;
            }
        }
    }

    /// Whether a raw string (`#`s then `"`) starts `offset` bytes ahead.
    fn raw_string_ahead(&self, offset: usize) -> bool {
        let mut i = self.pos + offset;
        while self.bytes.get(i) == Some(&b'#') {
            i += 1;
        }
        self.bytes.get(i) == Some(&b'"')
    }

    /// At the `#`s or `"` of a raw string: to its end.
    fn raw_string(&mut self) {
        let mut hashes = 0usize;
        while self.peek() == Some(b'#') {
            hashes += 1;
            self.pos += 1;
        }
        self.pos += 1; // the opening quote
        while let Some(b) = self.peek() {
            self.pos += 1;
            if b == b'"' && (0..hashes).all(|i| self.bytes.get(self.pos + i) == Some(&b'#')) {
                self.pos += hashes;
                return;
            }
        }
    }

    /// `(field: value, ...)` or `(value, ...)`, the name before it (if any) already read.
    fn parens(&mut self, start: usize, depth: usize) -> Node {
        self.pos += 1; // (
        self.skip_trivia();
        let children = if self.fields_ahead() {
            Children::Fields(self.fields(depth))
        } else {
            Children::Items(self.items(b')', depth))
        };
        Node {
            span: start..self.pos,
            children,
        }
    }

    /// Whether the next tokens are `identifier :` (and not `::`).
    fn fields_ahead(&mut self) -> bool {
        let saved = self.pos;
        let name = self.ident();
        self.skip_trivia();
        let is_field =
            !name.is_empty() && self.peek() == Some(b':') && self.peek_at(1) != Some(b':');
        self.pos = saved;
        is_field
    }

    /// Entries up to `close` (consumed), each read by `entry` (`None`: nothing kept) and
    /// followed by an optional comma. Never stuck: a byte it cannot read is stepped over.
    fn sequence<T>(&mut self, close: u8, mut entry: impl FnMut(&mut Self) -> Option<T>) -> Vec<T> {
        let mut entries = Vec::new();
        loop {
            self.skip_trivia();
            if self.at_end() {
                break;
            }
            if self.peek() == Some(close) {
                self.pos += 1;
                break;
            }
            let before = self.pos;
            entries.extend(entry(self));
            self.skip_trivia();
            if self.peek() == Some(b',') {
                self.pos += 1;
            }
            if self.pos == before {
                self.pos += 1; // no progress: step over what we do not understand
            }
        }
        entries
    }

    fn fields(&mut self, depth: usize) -> Vec<(String, Node)> {
        self.sequence(b')', |this| {
            let name = this.ident();
            let name = String::from_utf8_lossy(this.bytes.get(name).unwrap_or_default())
                .trim_start_matches("r#")
                .to_owned();
            this.skip_trivia();
            (this.peek() == Some(b':')).then(|| {
                this.pos += 1;
                (name, this.value(depth + 1))
            })
        })
    }

    fn items(&mut self, close: u8, depth: usize) -> Vec<Node> {
        self.sequence(close, |this| Some(this.value(depth + 1)))
    }

    fn map(&mut self, start: usize, depth: usize) -> Node {
        self.pos += 1; // {
        let entries = self.sequence(b'}', |this| {
            let key = this.value(depth + 1);
            this.skip_trivia();
            (this.peek() == Some(b':')).then(|| {
                this.pos += 1;
                (key, this.value(depth + 1))
            })
        });
        Node {
            span: start..self.pos,
            children: Children::Map(entries),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text<'a>(source: &'a str, path: &[Seg]) -> &'a str {
        let span = Locations::parse(source).span(path);
        &source[span]
    }

    #[test]
    fn finds_fields_items_and_map_entries() {
        let source = r##"#![enable(implicit_some)]
// comment with ( and "
Pack(
    id: "p", /* nested /* block */ comment */
    profiles: [(id: "x", targets: {"a": 0.5, "b": 1.5})],
    questions: [
        (id: "q1", kind: Single(choices: [(text: "A", correct: true), (text: r#"B "quoted""#)])),
        (id: "q2", code: Some((language: "rust", text: "fn main() {}")), kind: TrueFalse(answer: true)),
    ],
)"##;
        use Seg::*;
        assert_eq!(text(source, &[Field("id")]), "\"p\"");
        assert_eq!(
            text(
                source,
                &[Field("profiles"), Index(0), Field("targets"), Key(1)]
            ),
            "\"b\""
        );
        assert_eq!(
            text(
                source,
                &[Field("profiles"), Index(0), Field("targets"), Index(1)]
            ),
            "1.5"
        );
        assert_eq!(
            text(
                source,
                &[
                    Field("questions"),
                    Index(0),
                    Field("kind"),
                    Field("choices"),
                    Index(1),
                    Field("text")
                ]
            ),
            "r#\"B \"quoted\"\"#"
        );
        assert_eq!(
            text(
                source,
                &[
                    Field("questions"),
                    Index(1),
                    Field("code"),
                    Field("language")
                ]
            ),
            "\"rust\""
        );
        assert_eq!(
            text(
                source,
                &[Field("questions"), Index(1), Field("kind"), Field("answer")]
            ),
            "true"
        );
    }

    #[test]
    fn unknown_paths_fall_back_to_the_nearest_ancestor() {
        let source = "Pack(questions: [(id: \"q\")])";
        let span = Locations::parse(source).span(&[
            Seg::Field("questions"),
            Seg::Index(0),
            Seg::Field("prompt"),
        ]);
        assert_eq!(&source[span], "(id: \"q\")");
    }

    #[test]
    fn never_panics_on_garbage() {
        for source in [
            "",
            "(",
            "[[[",
            "\"unterminated",
            "r#\"x",
            "{a:",
            "Pack(a: b: c)",
            "/*",
            "é(ü: 1)",
        ] {
            let locations = Locations::parse(source);
            let span = locations.span(&[Seg::Field("a"), Seg::Index(3)]);
            assert!(span.end <= source.len());
        }
    }
}
