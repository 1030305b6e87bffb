//! Loading a single-file pack without holding its text: the file is read in pieces, and each
//! question of the `questions: [...]` list is parsed as soon as its text has been read, then
//! its text dropped. A pack's text is a third of what loading it costs otherwise (a
//! 100,000-question pack is 28 MiB of text beside its parsed questions).
//!
//! Only the way to success: any problem at all (a syntax error, a broken rule, an unusual
//! construct this reader does not split, such as `#![enable(...)]`) makes it give up, and
//! the caller loads the file the ordinary way, from its whole text, which reports every
//! problem at its line and column exactly as before. So this reader can refuse too much but
//! never accept what the ordinary way refuses, nor read a question differently: each
//! question's text is parsed by the same RON options into the same type, and the pack is
//! checked by the same validation.

use super::raw::{RawPack, RawQuestion};
use super::validate::{self, FileCtx, Parsed};
use super::{MAX_FILE_BYTES, Pack, ron_options};
use std::io::Read;
use std::path::Path;

/// Deeper nesting is left to the ordinary way: a question parsed alone sits two levels
/// higher than in its file, so the RON recursion limit must not be what decides. A pack
/// nests about 6 brackets deep.
const MAX_BRACKETS: usize = 12;
/// An identifier longer than this is not one the reader looks for (`questions`).
const MAX_IDENT: usize = 16;
/// The field whose items are read one at a time.
const QUESTIONS: &[u8] = b"questions";

/// The pack in the single file `path`, when it loads and validates without a single
/// problem; `None` otherwise (then load it from its whole text, which says why).
pub(super) fn load_file(path: &Path) -> Option<Pack> {
    let file = std::fs::File::open(path).ok()?;
    let metadata = file.metadata().ok()?;
    if !metadata.is_file() || metadata.len() > MAX_FILE_BYTES {
        return None;
    }
    let mut splitter = Splitter::default();
    let mut reader = file.take(MAX_FILE_BYTES + 1);
    let mut chunk = vec![0u8; 64 * 1024];
    let mut read_total = 0u64;
    loop {
        let read = match reader.read(&mut chunk) {
            Ok(0) => break,
            Ok(read) => read,
            Err(error) if error.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(_) => return None,
        };
        read_total += read as u64;
        if read_total > MAX_FILE_BYTES {
            return None;
        }
        splitter.feed(chunk.get(..read)?)?;
    }
    drop(chunk);
    let (head, questions) = splitter.finish()?;
    let mut pack: RawPack = ron_options().from_str(&head).ok()?;
    drop(head);
    // Split, the list in the head is `[]`; not split, the head is the whole file.
    if !questions.is_empty() {
        pack.questions = questions;
    }
    let name = path.display().to_string();
    // No text: validation locates a problem only to report it, and any problem sends the
    // caller to the ordinary way, which reports it from the text.
    let files = [FileCtx::new(&name, "")];
    validate::validate(&files, Parsed::Single { file: 0, pack }).ok()
}

/// Where the RON lexer is: enough of it to tell code from strings and comments.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lex {
    Code,
    /// After a `/` in code: a comment starts, or the file is not RON.
    Slash,
    LineComment,
    /// Nested block comments, as RON reads them; `after` is the previous character when it
    /// may start `/*` or `*/`.
    BlockComment {
        level: usize,
        after: u8,
    },
    /// Inside `"..."`; `escaped` right after a backslash.
    Text {
        escaped: bool,
    },
    /// `r`, then `#`s before the opening quote of a raw string.
    RawOpening {
        hashes: usize,
    },
    /// Inside `r#"..."#`: the `#`s that close it, and how many have followed a `"` so far.
    RawText {
        hashes: usize,
        closing: Option<usize>,
    },
    /// Inside `#![...]` before the pack, `read` bytes of it so far.
    Attribute {
        read: usize,
    },
}

/// The one attribute this reader reads past: it turns on what packs are always read with
/// (see [`ron_options`]), so each question reads alike alone. Any other changes how values
/// read: the ordinary way reads those files.
const IMPLICIT_SOME: &[u8] = b"#![enable(implicit_some)]";

/// Where the reader is in finding `questions: [`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Elsewhere,
    /// `questions` just read at the pack's level.
    Named,
    /// `questions:` read.
    Colon,
    /// Inside the list: its items go to the question buffer.
    InList,
    /// The list was read: every other byte goes to the head.
    Done,
}

/// Splits a pack's bytes into its head (everything but the questions' items, the list left
/// as `[]`) and the questions, each parsed as soon as its item ends.
#[derive(Debug)]
struct Splitter {
    lex: Lex,
    field: Field,
    depth: usize,
    ident: [u8; MAX_IDENT],
    ident_len: usize,
    /// The attribute being read, blanks left out.
    attribute: [u8; IMPLICIT_SOME.len()],
    /// A carriage return not yet written: dropped when a line feed follows (as the ordinary
    /// way reads CRLF files).
    carriage_return: bool,
    head: Vec<u8>,
    item: Vec<u8>,
    /// Whether the item holds anything but blanks and comments (a trailing comma leaves an
    /// empty last item).
    item_has_code: bool,
    questions: Vec<RawQuestion>,
}

impl Default for Splitter {
    fn default() -> Splitter {
        Splitter {
            lex: Lex::Code,
            field: Field::Elsewhere,
            depth: 0,
            ident: [0; MAX_IDENT],
            ident_len: 0,
            attribute: [0; IMPLICIT_SOME.len()],
            carriage_return: false,
            head: Vec::new(),
            item: Vec::new(),
            item_has_code: false,
            questions: Vec::new(),
        }
    }
}

impl Splitter {
    /// Takes the next bytes of the file; `None` to give up.
    fn feed(&mut self, mut bytes: &[u8]) -> Option<()> {
        while let Some((&byte, tail)) = bytes.split_first() {
            let word = self.identifier_run(bytes);
            if let (true, Some(run), Some(after)) = (word > 0, bytes.get(..word), bytes.get(word..))
            {
                for (&letter, slot) in run.iter().zip(self.ident.iter_mut().skip(self.ident_len)) {
                    *slot = letter;
                }
                self.ident_len += word;
                self.mark_code();
                self.write_run(run);
                bytes = after;
                continue;
            }
            let quiet = self.quiet_run(bytes);
            match (bytes.get(..quiet), bytes.get(quiet..)) {
                (Some(run), Some(after)) if quiet > 0 => {
                    self.write_run(run);
                    bytes = after;
                }
                _ => {
                    self.push(byte)?;
                    bytes = tail;
                }
            }
        }
        Some(())
    }

    /// Takes the next byte of the file; `None` to give up.
    fn push(&mut self, byte: u8) -> Option<()> {
        if self.carriage_return {
            self.carriage_return = false;
            if byte != b'\n' {
                self.take(b'\r')?;
            }
        }
        if byte == b'\r' {
            self.carriage_return = true;
            return Some(());
        }
        self.take(byte)
    }

    /// How many of the bytes ahead continue an identifier or number in code: taken as a run.
    fn identifier_run(&self, bytes: &[u8]) -> usize {
        if self.lex != Lex::Code || self.carriage_return {
            return 0;
        }
        bytes
            .iter()
            .position(|byte| !(byte.is_ascii_alphanumeric() || *byte == b'_'))
            .unwrap_or(bytes.len())
    }

    /// How many of the bytes ahead change nothing but are copied: the inside of texts and
    /// comments, most of a pack. Copied as a run, not byte by byte.
    fn quiet_run(&self, bytes: &[u8]) -> usize {
        if self.carriage_return {
            return 0;
        }
        let mut ahead = bytes.iter();
        let stop = match self.lex {
            Lex::Text { escaped: false } => ahead.position(|b| matches!(b, b'"' | b'\\' | b'\r')),
            Lex::RawText { closing: None, .. } => ahead.position(|b| matches!(b, b'"' | b'\r')),
            Lex::LineComment => ahead.position(|b| matches!(b, b'\n' | b'\r')),
            // Blanks between tokens (once an identifier has been ended by the first).
            Lex::Code if self.ident_len == 0 => {
                ahead.position(|b| !matches!(b, b' ' | b'\t' | b'\n'))
            }
            _ => return 0,
        };
        stop.unwrap_or(bytes.len())
    }

    fn write_run(&mut self, run: &[u8]) {
        if self.field == Field::InList {
            self.item.extend_from_slice(run);
        } else {
            self.head.extend_from_slice(run);
        }
    }

    fn finish(mut self) -> Option<(String, Vec<RawQuestion>)> {
        if self.carriage_return {
            self.carriage_return = false;
            self.take(b'\r')?;
        }
        // Ends any identifier the file ends with.
        if self.lex == Lex::Code {
            self.end_ident(b' ')?;
        }
        if !matches!(self.lex, Lex::Code | Lex::LineComment)
            || !matches!(self.field, Field::Done | Field::Elsewhere)
        {
            return None;
        }
        let head = String::from_utf8(self.head).ok()?;
        let mut questions = self.questions;
        questions.shrink_to_fit();
        Some((head, questions))
    }

    fn take(&mut self, byte: u8) -> Option<()> {
        match self.lex {
            Lex::Code => return self.code(byte),
            Lex::Slash => {
                self.lex = match byte {
                    b'/' => Lex::LineComment,
                    b'*' => Lex::BlockComment { level: 1, after: 0 },
                    _ => return None,
                };
            }
            Lex::LineComment => {
                if byte == b'\n' {
                    self.lex = Lex::Code;
                }
            }
            Lex::BlockComment { level, after } => {
                self.lex = match (after, byte) {
                    (b'/', b'*') => Lex::BlockComment {
                        level: level + 1,
                        after: 0,
                    },
                    (b'*', b'/') if level == 1 => Lex::Code,
                    (b'*', b'/') => Lex::BlockComment {
                        level: level - 1,
                        after: 0,
                    },
                    _ => Lex::BlockComment { level, after: byte },
                };
            }
            Lex::Text { escaped } => {
                self.lex = match (escaped, byte) {
                    (true, _) => Lex::Text { escaped: false },
                    (false, b'\\') => Lex::Text { escaped: true },
                    (false, b'"') => Lex::Code,
                    _ => Lex::Text { escaped: false },
                };
            }
            Lex::RawOpening { hashes } => {
                self.lex = match byte {
                    b'#' => Lex::RawOpening { hashes: hashes + 1 },
                    b'"' => Lex::RawText {
                        hashes,
                        closing: None,
                    },
                    // `r#name`, a raw identifier: not in any pack.
                    _ => return None,
                };
            }
            Lex::Attribute { read } if byte.is_ascii_whitespace() => {
                self.lex = Lex::Attribute { read };
            }
            Lex::Attribute { read } => {
                *self.attribute.get_mut(read)? = byte;
                let read = read + 1;
                self.lex = if read < IMPLICIT_SOME.len() {
                    Lex::Attribute { read }
                } else if self.attribute == IMPLICIT_SOME {
                    Lex::Code
                } else {
                    return None;
                };
            }
            Lex::RawText { hashes, closing } => {
                self.lex = match (byte, closing) {
                    (b'"', _) if hashes == 0 => Lex::Code,
                    (b'"', _) => Lex::RawText {
                        hashes,
                        closing: Some(0),
                    },
                    (b'#', Some(seen)) if seen + 1 == hashes => Lex::Code,
                    (b'#', Some(seen)) => Lex::RawText {
                        hashes,
                        closing: Some(seen + 1),
                    },
                    _ => Lex::RawText {
                        hashes,
                        closing: None,
                    },
                };
            }
        }
        self.write(byte);
        Some(())
    }

    fn code(&mut self, byte: u8) -> Option<()> {
        if byte.is_ascii_alphanumeric() || byte == b'_' {
            if let Some(slot) = self.ident.get_mut(self.ident_len) {
                *slot = byte;
            }
            self.ident_len += 1;
            self.mark_code();
            self.write(byte);
            return Some(());
        }
        if self.end_ident(byte)? {
            // The byte opened a raw string: already written.
            return Some(());
        }
        match byte {
            b' ' | b'\t' | b'\n' | b'\r' => {}
            b'/' => self.lex = Lex::Slash,
            b'"' => {
                self.lex = Lex::Text { escaped: false };
                self.after_field_name();
                self.mark_code();
            }
            b':' if self.field == Field::Named => self.field = Field::Colon,
            b'[' if self.field == Field::Colon && self.depth == 1 => {
                self.depth += 1;
                self.field = Field::InList;
                self.head.push(b'[');
                self.item_has_code = false;
                return Some(());
            }
            b'(' | b'[' | b'{' => {
                self.depth += 1;
                if self.depth > MAX_BRACKETS {
                    return None;
                }
                self.after_field_name();
                self.mark_code();
            }
            b']' if self.field == Field::InList && self.depth == 2 => {
                self.end_item()?;
                self.depth -= 1;
                self.field = Field::Done;
                self.head.push(b']');
                return Some(());
            }
            b',' if self.field == Field::InList && self.depth == 2 => {
                self.end_item()?;
                return Some(());
            }
            b')' | b']' | b'}' => {
                self.depth = self.depth.checked_sub(1)?;
                self.after_field_name();
                self.mark_code();
            }
            b'#' if self.depth == 0 && self.field == Field::Elsewhere => {
                self.attribute = [0; IMPLICIT_SOME.len()];
                self.attribute[0] = b'#';
                self.lex = Lex::Attribute { read: 1 };
            }
            // Character and byte literals: not in any pack.
            b'#' | b'\'' => return None,
            _ => {
                self.after_field_name();
                self.mark_code();
            }
        }
        self.write(byte);
        Some(())
    }

    /// Ends the identifier (or number) being read, if any, as `next` follows it. Returns
    /// whether `next` opened a raw string (then it has been written).
    fn end_ident(&mut self, next: u8) -> Option<bool> {
        if self.ident_len == 0 {
            return Some(false);
        }
        let len = std::mem::take(&mut self.ident_len);
        let ident = self.ident.get(..len.min(MAX_IDENT)).unwrap_or_default();
        let ident = if len > MAX_IDENT { &[][..] } else { ident };
        match (ident, next) {
            (b"r", b'"') => {
                self.lex = Lex::RawText {
                    hashes: 0,
                    closing: None,
                };
                self.write(next);
                return Some(true);
            }
            (b"r", b'#') => {
                self.lex = Lex::RawOpening { hashes: 1 };
                self.write(next);
                return Some(true);
            }
            // Byte strings: not in any pack.
            (b"b" | b"br", b'"' | b'#') => return None,
            _ => {}
        }
        if ident == QUESTIONS && self.depth == 1 && self.field == Field::Elsewhere {
            self.field = Field::Named;
        } else {
            self.after_field_name();
        }
        Some(false)
    }

    /// Anything but a blank, a comment or `:` between `questions` and `[` means this was not
    /// the field.
    fn after_field_name(&mut self) {
        if matches!(self.field, Field::Named | Field::Colon) {
            self.field = Field::Elsewhere;
        }
    }

    fn mark_code(&mut self) {
        if self.field == Field::InList {
            self.item_has_code = true;
        }
    }

    fn write(&mut self, byte: u8) {
        if self.field == Field::InList {
            self.item.push(byte);
        } else {
            self.head.push(byte);
        }
    }

    /// Parses the item read since the list opened or since the last comma.
    fn end_item(&mut self) -> Option<()> {
        let text = std::str::from_utf8(&self.item).ok()?;
        // Only blanks and comments: a trailing comma's empty last item, or an empty list.
        if self.item_has_code {
            let question: RawQuestion = ron_options().from_str(text).ok()?;
            self.questions.push(question);
        }
        self.item.clear();
        self.item_has_code = false;
        Some(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Option<(String, usize)> {
        let mut splitter = Splitter::default();
        // In pieces of 7 bytes, as a file is read in pieces: a piece may end anywhere.
        for piece in text.as_bytes().chunks(7) {
            splitter.feed(piece)?;
        }
        let (head, questions) = splitter.finish()?;
        Some((head, questions.len()))
    }

    const QUESTION: &str = "(id: \"q1\", category: \"c\", difficulty: Easy, prompt: \"P, [x] (y)\", \
                            kind: TrueFalse(answer: true), explanation: r#\"a \"]\" b\"#)";

    #[test]
    fn the_items_of_the_questions_list_are_taken_out_of_the_head() {
        let text = format!(
            "Pack(id: \"p\", /* questions: [ */ title: \"questions: [\", questions: [\n  {QUESTION},\n  // , ]\n  {QUESTION}, /* ] */\n], version: \"1\")"
        );
        let (head, questions) = split(&text).unwrap();
        assert_eq!(questions, 2);
        assert_eq!(
            head,
            "Pack(id: \"p\", /* questions: [ */ title: \"questions: [\", questions: [], version: \"1\")"
        );
    }

    #[test]
    fn only_the_packs_own_questions_field_is_split() {
        // A `questions` deeper down (here inside a profile) stays in the head.
        let text = "Pack(profiles: [(questions: [1, 2])], questions: [])";
        let (head, questions) = split(text).unwrap();
        assert_eq!(questions, 0);
        assert_eq!(head, "Pack(profiles: [(questions: [1, 2])], questions: [])");
    }

    #[test]
    fn crlf_is_read_as_lf() {
        let text = format!("Pack(\r\nquestions: [\r\n{QUESTION}\r\n])\r\n");
        let (head, questions) = split(&text).unwrap();
        assert_eq!(questions, 1);
        assert_eq!(head, "Pack(\nquestions: [])\n");
    }

    #[test]
    fn what_it_does_not_split_it_gives_up_on() {
        for text in [
            "#![enable(unwrap_newtypes)]\nPack(questions: [])",
            "#![enable(implicit_some, unwrap_newtypes)]\nPack(questions: [])",
            "#![enable(implicit_some)]\n#![enable(unwrap_newtypes)]\nPack(questions: [])",
            "Pack(questions: [('a')])",
            "Pack(questions: [(b\"x\")])",
            "Pack(questions: [(r#x)])",
            "Pack(questions: [(id: \"q\",)], )",
            "Pack(questions: [",
            "Pack(questions: [])]",
            "Pack(a: ((((((((((((((1)))))))))))))), questions: [])",
        ] {
            assert!(split(text).is_none(), "{text}");
        }
    }

    /// The ordinary way: the whole text read, then parsed and validated.
    fn whole(path: &Path) -> Result<Pack, crate::pack::LoadError> {
        crate::pack::load_sources(crate::pack::read_path(path)?)
    }

    fn written(dir: &Path, name: &str, text: &str) -> std::path::PathBuf {
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        path
    }

    #[test]
    fn a_valid_pack_read_in_pieces_is_the_pack_read_whole() {
        let dir = tempfile::tempdir().unwrap();
        let bundled = crate::pack::load_bundled().unwrap();
        let all_kinds = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/valid/all-kinds.ron"
        ))
        .unwrap();
        let bundled_text = crate::pack::canonical::to_ron(&bundled).unwrap();
        let commented = all_kinds.replace("),\n", "), /* ), ] */ // ] ,\n");
        let cases = [
            ("template.ron", crate::pack::TEMPLATE.to_owned()),
            ("all-kinds.ron", all_kinds.clone()),
            ("all-kinds-crlf.ron", all_kinds.replace('\n', "\r\n")),
            ("commented.ron", commented),
            // Every question of the bundled bank (code, multi-line texts) in one file.
            ("bundled.ron", bundled_text),
        ];
        for (name, text) in cases {
            let path = written(dir.path(), name, &text);
            let whole = whole(&path).unwrap_or_else(|e| panic!("{name}: {:?}", e.diagnostics));
            let streamed = load_file(&path);
            assert_eq!(streamed.as_ref(), Some(&whole), "{name}");
            assert!(!whole.questions.is_empty(), "{name}");
        }
        let path = written(
            dir.path(),
            "bundled-again.ron",
            &crate::pack::canonical::to_ron(&bundled).unwrap(),
        );
        assert_eq!(
            load_file(&path).map(|p| p.questions.len()),
            Some(bundled.questions.len())
        );
    }

    #[test]
    fn any_problem_leaves_the_pack_to_the_ordinary_way() {
        let fixtures = Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/invalid"
        ));
        let mut checked = 0;
        for entry in std::fs::read_dir(fixtures).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "ron") {
                assert!(whole(&path).is_err(), "{}", path.display());
                assert!(load_file(&path).is_none(), "{}", path.display());
                // And `load_path` reports exactly what the ordinary way does.
                let shown =
                    |r: Result<Pack, crate::pack::LoadError>| r.err().map(|e| e.diagnostics);
                assert_eq!(shown(crate::pack::load_path(&path)), shown(whole(&path)));
                checked += 1;
            }
        }
        assert!(checked >= 30, "{checked}");
    }
}
