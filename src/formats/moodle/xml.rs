//! A small XML writer that escapes every text and attribute value it is given, so untrusted
//! text can never become markup. Element names are `&'static str`: only this crate's own
//! literals can name an element.

/// Characters XML 1.0 cannot carry at all (most C0 controls, U+FFFE, U+FFFF); packs refuse
/// control characters already, but the writer never relies on that.
fn allowed(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && c != '\u{FFFE}' && c != '\u{FFFF}')
}

/// `text` with `&`, `<`, `>`, `"` and `'` as entities and characters XML cannot hold left
/// out.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if allowed(c) => out.push(c),
            _ => {}
        }
    }
    out
}

#[derive(Debug, Default)]
pub struct Writer {
    out: String,
    depth: usize,
}

impl Writer {
    pub fn new() -> Writer {
        let mut writer = Writer::default();
        writer
            .out
            .push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        writer
    }

    fn indent(&mut self) {
        for _ in 0..self.depth {
            self.out.push_str("  ");
        }
    }

    fn open_tag(&mut self, name: &'static str, attributes: &[(&'static str, &str)]) {
        self.indent();
        self.out.push('<');
        self.out.push_str(name);
        for (key, value) in attributes {
            self.out.push(' ');
            self.out.push_str(key);
            self.out.push_str("=\"");
            self.out.push_str(&escape(value));
            self.out.push('"');
        }
        self.out.push('>');
    }

    /// `<name attr="…">` on its own line; children follow until [`Writer::close`].
    pub fn open(&mut self, name: &'static str, attributes: &[(&'static str, &str)]) {
        self.open_tag(name, attributes);
        self.out.push('\n');
        self.depth += 1;
    }

    pub fn close(&mut self, name: &'static str) {
        self.depth = self.depth.saturating_sub(1);
        self.indent();
        self.out.push_str("</");
        self.out.push_str(name);
        self.out.push_str(">\n");
    }

    /// `<name attr="…">text</name>` on one line, the text escaped.
    pub fn leaf(&mut self, name: &'static str, attributes: &[(&'static str, &str)], text: &str) {
        self.open_tag(name, attributes);
        self.out.push_str(&escape(text));
        self.out.push_str("</");
        self.out.push_str(name);
        self.out.push_str(">\n");
    }

    /// `<name format="…"><text>…</text></name>`: Moodle's shape for every text field.
    pub fn text_field(&mut self, name: &'static str, format: &str, text: &str) {
        self.open(name, &[("format", format)]);
        self.leaf("text", &[], text);
        self.close(name);
    }

    /// `<!-- … -->` with the text made safe for a comment (no `--`).
    pub fn comment(&mut self, text: &str) {
        self.indent();
        let safe = escape(text).replace("--", "- -");
        self.out.push_str("<!-- ");
        self.out.push_str(safe.trim_end_matches('-'));
        self.out.push_str(" -->\n");
    }

    pub fn finish(self) -> String {
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn untrusted_text_never_becomes_markup() {
        let mut writer = Writer::new();
        writer.open("quiz", &[]);
        writer.leaf(
            "text",
            &[("format", "a\"><x y='")],
            "</text><script>&amp;\u{1}",
        );
        writer.comment("--> <b>");
        writer.close("quiz");
        let xml = writer.finish();
        assert!(xml.contains("&lt;/text&gt;&lt;script&gt;&amp;amp;</text>"));
        assert!(xml.contains("format=\"a&quot;&gt;&lt;x y=&apos;\""));
        assert!(!xml.contains('\u{1}'));
        assert!(xml.contains("<!-- - -&gt; &lt;b&gt; -->"));
        let parsed = roxmltree::Document::parse(&xml).map(|d| d.root_element().children().count());
        assert!(parsed.is_ok(), "{xml}");
    }
}
