//! Text that may come from strangers: which characters are refused in packs, and how any
//! text is made safe before it reaches a terminal.

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
/// ordinary text is checked at memory speed.
pub fn has_forbidden(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.iter().enumerate().any(|(i, &b)| match b {
        b'\n' | b'\t' => false,
        0..=0x1f | 0x7f => true,
        0xC2 | 0xE2 => text
            .get(i..)
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

/// Replaces every forbidden character with a visible stand-in of one character, so that
/// character offsets stay valid: C0 controls become their Control Pictures (ESC shows as ␛),
/// DEL becomes ␡, anything else (C1 controls, bidi controls) becomes U+FFFD.
pub fn sanitize(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_forbidden) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| {
                if !is_forbidden(c) {
                    c
                } else if u32::from(c) < 0x20 {
                    char::from_u32(0x2400 + u32::from(c)).unwrap_or('\u{FFFD}')
                } else if c == '\u{7f}' {
                    '\u{2421}'
                } else {
                    '\u{FFFD}'
                }
            })
            .collect(),
    )
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

#[cfg(test)]
mod tests {
    use super::*;

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
        for sample in samples {
            assert_eq!(
                has_forbidden(sample),
                sample.chars().any(is_forbidden),
                "{sample:?}"
            );
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
}
