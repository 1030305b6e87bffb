//! Text that may come from strangers: which characters are refused in packs, and how any
//! text is made safe before it reaches a terminal; and the two small wordings every output
//! shares (a share as a percentage, a count with its noun).

use std::borrow::Cow;

/// Bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069): they can
/// make text display in a different order from the one it is read in ("Trojan Source").
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Characters a pack may not contain: control characters other than newline and tab, and
/// bidi controls.
pub fn is_forbidden(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t') || is_bidi_control(c)
}

/// Whether `text` holds a forbidden character. Scans bytes: only control bytes and the lead
/// bytes of C1 controls (0xC2) and of the bidi controls (0xE2) need a closer look, so
/// ordinary text is checked at memory speed: 32 bytes at a time, without a branch per byte
/// (the compiler makes vector compares of it), and only a block holding such a byte is
/// looked at closely. Every pack text goes through here, the bundled bank's at each start.
pub fn has_forbidden(text: &str) -> bool {
    const BLOCK: usize = 32;
    // Bitwise, not `||`: a branch per byte is what keeps the compiler from vectorising.
    let suspect = |b: u8| {
        u8::from(b < 0x20) | u8::from(b == 0x7f) | u8::from(b == 0xC2) | u8::from(b == 0xE2)
    };
    let bytes = text.as_bytes();
    let mut blocks = bytes.chunks_exact(BLOCK);
    let mut start = 0;
    for block in &mut blocks {
        // A fixed-size block is what the compiler vectorises; `chunks_exact` gives only
        // whole ones, and anything else would be looked at closely.
        let suspicious = <&[u8; BLOCK]>::try_from(block).map_or(true, |whole| {
            whole.iter().fold(0, |any, &b| any | suspect(b)) != 0
        });
        if suspicious && forbidden_in(text, start, block) {
            return true;
        }
        start += BLOCK;
    }
    forbidden_in(text, start, blocks.remainder())
}

/// Whether a character forbidden by [`is_forbidden`] starts in `block`, the bytes of `text`
/// from `start`.
fn forbidden_in(text: &str, start: usize, block: &[u8]) -> bool {
    block.iter().enumerate().any(|(i, &b)| match b {
        b'\n' | b'\t' => false,
        0..=0x1f | 0x7f => true,
        0xC2 | 0xE2 => text
            .get(start + i..)
            .and_then(|rest| rest.chars().next())
            .is_some_and(is_forbidden),
        _ => false,
    })
}

/// A readable name for a forbidden character, for error messages.
pub fn describe_char(c: char) -> String {
    let name = match c {
        '\u{1b}' => Some("ESC, starts terminal escape sequences"),
        '\r' => Some("carriage return"),
        '\0' => Some("NUL"),
        '\u{7}' => Some("BEL"),
        '\u{8}' => Some("backspace"),
        '\u{7f}' => Some("DEL"),
        '\u{9b}' => Some("CSI, starts terminal escape sequences"),
        '\u{202E}' => Some("RIGHT-TO-LEFT OVERRIDE"),
        '\u{202D}' => Some("LEFT-TO-RIGHT OVERRIDE"),
        c if is_bidi_control(c) => Some("bidirectional control"),
        _ => None,
    };
    match name {
        Some(name) => format!("U+{:04X} ({name})", u32::from(c)),
        None => format!("U+{:04X}", u32::from(c)),
    }
}

/// Replaces every forbidden character with a visible stand-in of one character: C0 controls
/// become their Control Pictures (ESC shows as ␛), DEL becomes ␡, anything else (C1 controls,
/// bidi controls) becomes U+FFFD. Bidi marks ([`is_bidi_mark`]) are dropped, as the app's
/// screen drops them, so plain output reads in the order the text is stored.
pub fn sanitize(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| is_forbidden(c) || is_bidi_mark(c)) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .filter(|&c| !is_bidi_mark(c))
            .map(stand_in)
            .collect(),
    )
}

/// Like [`sanitize`], but bidi marks become U+FFFD instead of being dropped, so character
/// offsets into `text` stay valid in the result (for snippets with a caret under a column).
pub fn sanitize_keeping_columns(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| is_forbidden(c) || is_bidi_mark(c)) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| {
                if is_bidi_mark(c) {
                    '\u{FFFD}'
                } else {
                    stand_in(c)
                }
            })
            .collect(),
    )
}

/// The visible stand-in of one character (itself unless forbidden).
fn stand_in(c: char) -> char {
    if !is_forbidden(c) {
        c
    } else if u32::from(c) < 0x20 {
        char::from_u32(0x2400 + u32::from(c)).unwrap_or('\u{FFFD}')
    } else if c == '\u{7f}' {
        '\u{2421}'
    } else {
        '\u{FFFD}'
    }
}

/// Like [`sanitize`], and newlines and tabs become spaces: for one-line displays.
pub fn sanitize_line(text: &str) -> String {
    sanitize(text)
        .chars()
        .map(|c| if c == '\n' || c == '\t' { ' ' } else { c })
        .collect()
}

/// `arg` as one word for a POSIX shell, so a command we print can be pasted as it is: left
/// bare when it holds only characters no shell treats specially, else in single quotes.
pub fn shell_quote(arg: &str) -> String {
    let plain = !arg.is_empty()
        && arg
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./:=@,+%".contains(c));
    if plain {
        arg.to_owned()
    } else {
        format!("'{}'", arg.replace('\'', r"'\''"))
    }
}

/// At most `max_chars` characters of `text`, with "…" in place of the rest: error messages
/// echo text from strangers, and a 3 MB line must not become 3 MB of output (or more).
pub fn clip(text: &str, max_chars: usize) -> Cow<'_, str> {
    match text.char_indices().nth(max_chars) {
        None => Cow::Borrowed(text),
        Some((end, _)) => Cow::Owned(format!("{}…", &text[..end])),
    }
}

/// A window of at most about `width` characters of one line around the 0-based character
/// `column`, with "…" where it was cut, and the column of that character in the window.
pub fn window(line: &str, column: usize, width: usize) -> (String, usize) {
    let total = line.chars().count();
    if total <= width {
        return (line.to_owned(), column.min(total));
    }
    let column = column.min(total);
    let start = column
        .saturating_sub(width / 2)
        .min(total.saturating_sub(width));
    let end = (start + width).min(total);
    let mut shown = String::new();
    let mut caret = column - start;
    if start > 0 {
        shown.push('…');
        caret += 1;
    }
    shown.extend(line.chars().skip(start).take(end - start));
    if end < total {
        shown.push('…');
    }
    (shown, caret)
}

/// Bidi marks (LEFT-TO-RIGHT MARK, RIGHT-TO-LEFT MARK, ARABIC LETTER MARK): invisible, and
/// they reorder the neutral characters around them, so a line can read differently from
/// what it holds. Packs may carry them (Arabic and Hebrew text needs them), but output for a
/// plain terminal drops them, as the app's screen does.
pub fn is_bidi_mark(c: char) -> bool {
    matches!(c, '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// Whether `c` is not plain printable text: control characters (C0, DEL, C1), format
/// characters (bidi controls and marks, zero-width characters, the byte-order mark, tags),
/// line and paragraph separators and noncharacters. JSON output writes these as `\uXXXX`.
pub fn is_unprintable(c: char) -> bool {
    c.is_control()
        || is_bidi_control(c)
        || is_bidi_mark(c)
        || matches!(
            c,
            '\u{00AD}'
                | '\u{0600}'..='\u{0605}'
                | '\u{06DD}'
                | '\u{070F}'
                | '\u{0890}'..='\u{0891}'
                | '\u{08E2}'
                | '\u{180E}'
                | '\u{200B}'..='\u{200D}'
                | '\u{2028}'..='\u{2029}'
                | '\u{2060}'..='\u{206F}'
                | '\u{FEFF}'
                | '\u{FFF9}'..='\u{FFFB}'
                | '\u{FDD0}'..='\u{FDEF}'
                | '\u{110BD}'
                | '\u{110CD}'
                | '\u{13430}'..='\u{1343F}'
                | '\u{1BCA0}'..='\u{1BCA3}'
                | '\u{1D173}'..='\u{1D17A}'
                | '\u{E0001}'
                | '\u{E0020}'..='\u{E007F}'
        )
        || (u32::from(c) & 0xFFFE) == 0xFFFE
}

/// Serialised JSON with every character that is not plain printable text ([`is_unprintable`])
/// written as a `\uXXXX` escape (a surrogate pair above U+FFFF). Outside strings, serialised
/// JSON holds only ASCII punctuation, digits, letters and whitespace, so every such
/// character is inside a string, where the escape means the same character: the value read
/// back is unchanged, and the text on a terminal or in an editor carries no hidden control.
pub fn escape_json_unprintable(json: &str) -> Cow<'_, str> {
    // Newlines and indents between tokens are JSON's own whitespace; inside strings serde_json
    // already escapes every C0 control.
    let escaped = |c: char| is_unprintable(c) && !matches!(c, '\n' | '\t' | '\r');
    // Printable ASCII and those three: the whole of most JSON, checked byte by byte, in
    // blocks with no early exit inside one, which compiles to vector compares (a listing of
    // thousands of sessions is megabytes).
    let plain = |b: u8| (b' '..=b'~').contains(&b) | (b == b'\n') | (b == b'\t') | (b == b'\r');
    let all_plain = json
        .as_bytes()
        .chunks(512)
        .all(|block| block.iter().fold(true, |ok, &b| ok & plain(b)));
    if all_plain || !json.chars().any(escaped) {
        return Cow::Borrowed(json);
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if escaped(c) {
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                out.push_str(&format!("\\u{unit:04x}"));
            }
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// A JSON value as the pretty text every JSON writer prints: two-space indents, a final
/// newline, and nothing unprintable ([`escape_json_unprintable`]).
pub fn json_text(value: &impl serde::Serialize) -> String {
    match serde_json::to_string_pretty(value) {
        Ok(text) => finish_json(text),
        // Only a map with keys that are not strings fails, which no writer here builds.
        Err(error) => finish_json(serde_json::json!({ "error": error.to_string() }).to_string()),
    }
}

/// Pretty JSON made ready to print, as [`json_text`] prints it: a final newline, and nothing
/// unprintable ([`escape_json_unprintable`]).
pub fn finish_json(mut text: String) -> String {
    text.push('\n');
    match escape_json_unprintable(&text) {
        Cow::Borrowed(_) => text,
        Cow::Owned(escaped) => escaped,
    }
}

/// A share in [0, 1] as a whole percentage: `0.456` → `46%`.
pub fn percent(share: f64) -> String {
    Percent(share).to_string()
}

/// [`percent`] written straight into a longer text, with no string of its own.
#[derive(Debug, Clone, Copy)]
pub struct Percent(pub f64);

impl Percent {
    /// The whole percent `{:.0}` prints, when it prints as an integer: not for -0 (which
    /// prints its sign), the non-finite and those beyond an integer's exactness. Long
    /// listings write it with their own integer writer.
    pub fn whole(self) -> Option<i64> {
        // What `{:.0}` prints (it rounds half to even), without its exact decimal expansion,
        // which is most of what a long listing such as `history` spends on its lines.
        let whole = (self.0 * 100.0).round_ties_even();
        if whole.is_finite() && whole.abs() < 1e15 && !(whole == 0.0 && whole.is_sign_negative()) {
            #[allow(clippy::cast_possible_truncation)] // whole and below 1e15: exact
            Some(whole as i64)
        } else {
            None
        }
    }
}

impl std::fmt::Display for Percent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.whole() {
            Some(whole) => write!(f, "{whole}%"),
            None => write!(f, "{}%", (self.0 * 100.0).round_ties_even()),
        }
    }
}

/// `text` on one line: every run of whitespace (line breaks too) one space, none at the ends.
pub fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `n` with its noun, singular for exactly one: "1 category", "3 categories".
pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_and_counts() {
        assert_eq!(percent(0.456), "46%");
        assert_eq!(percent(1.0), "100%");
        assert_eq!(plural(1, "category", "categories"), "1 category");
        assert_eq!(plural(0, "answer", "answers"), "0 answers");
        assert_eq!(plural(3, "time", "times"), "3 times");
    }

    #[test]
    fn percent_prints_what_a_zero_precision_format_prints() {
        let mut shares = vec![
            0.0, -0.0, 0.005, 0.015, 0.025, 0.125, 0.999, 1.0, 2.5, -0.004,
        ];
        shares.extend((0..=20_000).map(|k| f64::from(k) / 20_000.0));
        shares.extend((0..=600).map(|k| f64::from(k) / 600.0));
        shares.extend([
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            1e20,
            1e13,
            9.99e12,
            -3.7,
        ]);
        for share in shares {
            assert_eq!(percent(share), format!("{:.0}%", share * 100.0), "{share}");
        }
    }

    #[test]
    fn sanitize_keeps_char_count_and_removes_every_control() {
        let hostile = "a\u{1b}[31mred\u{7}\u{9b}2J\u{202E}gnp.exe\r\u{7f}\n\tend";
        let clean = sanitize(hostile);
        assert_eq!(clean.chars().count(), hostile.chars().count());
        assert!(!clean.chars().any(is_forbidden));
        assert!(clean.contains("a␛[31mred"));
        assert!(clean.contains("\n\tend"));
    }

    #[test]
    fn the_byte_scan_agrees_with_the_character_rule() {
        let samples = [
            "plain",
            "tab\tand\nnewline",
            "é ü → ∑ 日本",
            "\u{85}",
            "\u{9f}x",
            "\u{a0}nbsp",
            "\u{202A}",
            "\u{2069}",
            "\u{2065}",
            "\u{2028}",
            "a\u{1b}",
            "\u{7f}",
            "\u{2014}dash",
        ];
        // Each sample also at every place in and across the 32-byte blocks the scan reads,
        // a three-byte character split between two blocks included.
        for sample in samples {
            for before in 0..70 {
                let text = format!("{}{sample}{}", "x".repeat(before), "é".repeat(before % 5));
                assert_eq!(
                    has_forbidden(&text),
                    text.chars().any(is_forbidden),
                    "{text:?}"
                );
            }
        }
    }

    #[test]
    fn clean_text_is_borrowed() {
        assert!(matches!(sanitize("plain text\n"), Cow::Borrowed(_)));
    }

    #[test]
    fn forbidden_set_matches_the_rules() {
        for c in [
            '\u{0}', '\u{1b}', '\r', '\u{7f}', '\u{85}', '\u{202A}', '\u{202E}', '\u{2066}',
            '\u{2069}',
        ] {
            assert!(is_forbidden(c), "{c:?} should be forbidden");
        }
        for c in ['\n', '\t', 'é', '→', '\u{200E}', ' '] {
            assert!(!is_forbidden(c), "{c:?} should be allowed");
        }
    }

    #[test]
    fn shell_quote_leaves_plain_words_and_quotes_the_rest() {
        assert_eq!(shell_quote("my-pack/pack.ron"), "my-pack/pack.ron");
        assert_eq!(shell_quote("My Course 2025"), "'My Course 2025'");
        assert_eq!(shell_quote("it's"), r"'it'\''s'");
        assert_eq!(shell_quote(""), "''");
        assert_eq!(shell_quote("$HOME;rm"), "'$HOME;rm'");
    }

    #[test]
    fn json_output_escapes_every_unprintable_character() {
        let hostile = "a\u{202E}b\u{2066}c\u{85}d\u{9b}e\u{9c}f\u{9d}g\u{7f}h\u{200E}i\u{2028}j\u{E0041}k\u{1b}l";
        let value = serde_json::json!({ "text": hostile, "plain": "é → 日本 ok" });
        let text = json_text(&value);
        assert!(
            !text.chars().any(|c| is_unprintable(c) && c != '\n'),
            "{text}"
        );
        assert!(
            text.contains("\\u202e") && text.contains("\\u007f") && text.contains("\\udb40\\udc41"),
            "{text}"
        );
        assert!(text.contains("é → 日本 ok"));
        let back: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back, value);
    }

    #[test]
    fn clipping_caps_echoed_text() {
        assert_eq!(clip("short", 10), "short");
        assert_eq!(clip("ééééé", 3), "ééé…");
        let long = "x".repeat(3_000_000);
        assert_eq!(clip(&long, 200).chars().count(), 201);
        let line: String = (0..1000)
            .map(|i| char::from(b'a' + (i % 26) as u8))
            .collect();
        let (shown, caret) = window(&line, 500, 200);
        assert!(shown.chars().count() <= 202, "{}", shown.len());
        assert!(shown.starts_with('…') && shown.ends_with('…'));
        assert_eq!(shown.chars().nth(caret), line.chars().nth(500));
        let (start, caret) = window(&line, 3, 200);
        assert!(!start.starts_with('…') && start.ends_with('…'));
        assert_eq!(caret, 3);
        let (end, caret) = window(&line, 999, 200);
        assert!(end.starts_with('…') && !end.ends_with('…'));
        assert_eq!(end.chars().nth(caret), line.chars().nth(999));
    }

    #[test]
    fn plain_output_drops_bidi_marks() {
        let marked = "a\u{200E}b\u{200F}c\u{61C}d\u{202E}e\n";
        assert_eq!(sanitize_line(marked), "abcd\u{FFFD}e ");
        assert_eq!(sanitize(marked), "abcd\u{FFFD}e\n");
        let kept = sanitize_keeping_columns(marked);
        assert_eq!(kept.chars().count(), marked.chars().count());
        assert!(!kept.chars().any(|c| is_forbidden(c) || is_bidi_mark(c)));
    }
}
