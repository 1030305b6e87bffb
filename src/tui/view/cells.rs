//! Text measured in terminal cells: word wrapping with hanging indents, clipping, code
//! lines with tabs expanded. Callers sanitise pack text before it gets here.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

pub fn width(text: &str) -> usize {
    text.width()
}

/// Cuts `text` to at most `max` cells, ending with `…` when cut.
pub fn clip(text: &str, max: usize) -> String {
    if text.width() <= max {
        return text.to_owned();
    }
    if max == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > max - 1 {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
}

/// A line of styled spans cut to at most `max` cells, ending with `…` when cut (a line
/// drawn past its area is cut mid-word by the terminal, with nothing to say so).
pub fn clip_spans(
    spans: Vec<ratatui::text::Span<'static>>,
    max: usize,
) -> ratatui::text::Line<'static> {
    let total: usize = spans.iter().map(|s| s.content.width()).sum();
    if total <= max {
        return ratatui::text::Line::from(spans);
    }
    let mut out = Vec::new();
    let mut left = max;
    for span in spans {
        let w = span.content.width();
        if w < left {
            left -= w;
            out.push(span);
        } else {
            out.push(ratatui::text::Span::styled(
                clip(&format!("{}…", span.content), left),
                span.style,
            ));
            break;
        }
    }
    ratatui::text::Line::from(out)
}

/// Pads or clips `text` to exactly `cells` cells.
pub fn fit(text: &str, cells: usize) -> String {
    let clipped = clip(text, cells);
    let pad = cells.saturating_sub(clipped.width());
    format!("{clipped}{}", " ".repeat(pad))
}

/// Wraps `text` to lines of at most `max` cells, breaking at spaces, and inside words
/// longer than a line except web addresses (a line of their own, however long). Newlines start new lines; empty lines are kept.
pub fn wrap(text: &str, max: usize) -> Vec<String> {
    let mut out = Vec::new();
    if max == 0 {
        return out;
    }
    for paragraph in text.split('\n') {
        let paragraph = paragraph.replace('\t', "    ");
        let mut line = String::new();
        let mut line_width = 0;
        for word in paragraph.split(' ') {
            let word_width = word.width();
            let sep = usize::from(!line.is_empty());
            if line_width + sep + word_width <= max {
                if sep == 1 {
                    line.push(' ');
                }
                line.push_str(word);
                line_width += sep + word_width;
                continue;
            }
            if !line.is_empty() {
                out.push(std::mem::take(&mut line));
                line_width = 0;
            }
            // A link cut in two can be neither clicked nor copied: it goes on a line of its
            // own, whole, and the terminal may cut it from view.
            if word_width <= max || is_link(word) {
                line.push_str(word);
                line_width = word_width;
                continue;
            }
            for c in word.chars() {
                let w = c.width().unwrap_or(0);
                if line_width + w > max && !line.is_empty() {
                    out.push(std::mem::take(&mut line));
                    line_width = 0;
                }
                line.push(c);
                line_width += w;
            }
        }
        out.push(line);
    }
    out
}

/// Whether `word` is a web address, never to be broken.
fn is_link(word: &str) -> bool {
    let word = word.trim_start_matches(['(', '<', '[', '"', '\'']);
    word.contains("://") || word.starts_with("www.")
}

/// Wraps `text` after a first-line prefix, continuation lines indented to match.
pub fn wrap_hanging(prefix: &str, text: &str, max: usize) -> Vec<String> {
    let indent = prefix.width();
    if max <= indent + 4 {
        return wrap(&format!("{prefix}{text}"), max);
    }
    wrap(text, max - indent)
        .into_iter()
        .enumerate()
        .map(|(i, line)| {
            if i == 0 {
                format!("{prefix}{line}")
            } else {
                format!("{}{line}", " ".repeat(indent))
            }
        })
        .collect()
}

/// A code line for display: tabs expanded to 4 columns, layout otherwise kept.
pub fn code_line(line: &str) -> String {
    let mut out = String::new();
    let mut col = 0;
    for c in line.chars() {
        if c == '\t' {
            let n = 4 - col % 4;
            out.push_str(&" ".repeat(n));
            col += n;
        } else {
            out.push(c);
            col += c.width().unwrap_or(0);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_keeps_words_and_splits_long_ones() {
        assert_eq!(wrap("a bb ccc", 4), ["a bb", "ccc"]);
        assert_eq!(wrap("abcdefgh", 3), ["abc", "def", "gh"]);
        assert_eq!(wrap("one\n\ntwo", 10), ["one", "", "two"]);
        assert!(wrap("anything", 0).is_empty());
        assert_eq!(wrap_hanging("1. ", "aaa bbb", 10), ["1. aaa bbb"]);
        assert_eq!(
            wrap_hanging("1. ", "aaa bbb ccc", 10),
            ["1. aaa bbb", "   ccc"]
        );
    }

    #[test]
    fn links_are_never_broken() {
        let url = "https://www.postgresql.org/docs/current/indexes-multicolumn.html";
        assert_eq!(
            wrap(&format!("See {url} for more."), 20),
            ["See", url, "for more."]
        );
        assert_eq!(wrap(&format!("({url})"), 20), [format!("({url})")]);
        assert_eq!(
            wrap("www.example.com/a/long/path", 10),
            ["www.example.com/a/long/path"]
        );
        assert_eq!(
            wrap_hanging("  ", &format!("ref {url}"), 30),
            ["  ref", &format!("  {url}")]
        );
        // Long words that are not links still break.
        assert_eq!(wrap("abcdefgh", 3), ["abc", "def", "gh"]);
    }

    #[test]
    fn clipping_counts_cells() {
        assert_eq!(clip("hello", 10), "hello");
        assert_eq!(clip("hello", 4), "hel…");
        assert_eq!(clip("日本語", 4), "日…");
        assert_eq!(fit("ab", 4), "ab  ");
        assert_eq!(code_line("\tx"), "    x");
        let line = |spans: Vec<&'static str>, max| {
            let spans = spans.into_iter().map(ratatui::text::Span::raw).collect();
            clip_spans(spans, max).to_string()
        };
        assert_eq!(line(vec!["ab", "cd"], 4), "abcd");
        assert_eq!(line(vec!["ab", "cdef"], 4), "abc…");
        assert_eq!(line(vec!["abcd", "ef"], 4), "abc…");
        assert_eq!(line(vec!["ab", "cd", "ef"], 5), "abcd…");
    }
}
