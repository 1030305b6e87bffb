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

/// A share in [0, 1] as a whole percentage: `0.456` → `46%`.
pub fn percent(share: f64) -> String {
    format!("{:.0}%", share * 100.0)
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
}
