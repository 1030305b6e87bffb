//! Self-contained HTML pages: the personal gap report ([`personal`]) and the class report
//! ([`class`]). One file each, with no network, font or script: works opened from disk and
//! prints on A4; light and dark follow `prefers-color-scheme`; readable at phone width.
//!
//! Untrusted text (pack and results files come from strangers) goes through `maud`, which
//! escapes everything it is given, and through [`clean`] (no control or bidi characters),
//! charts included: they are inline SVG written with the same macro. A
//! `Content-Security-Policy` meta tag allows no script, no network and only this page's
//! own stylesheet (by its hash). Every chart sits beside a table with the same numbers.
//!
//! The root element carries `data-charts="complete"` only when every chart the page holds
//! drew at least one mark; a browser test reads it back. Renders only: computes nothing.

pub mod class;
pub mod personal;
mod svg;

use maud::{DOCTYPE, Markup, PreEscaped, html};
use sha2::{Digest, Sha256};

pub use svg::Chart;

/// The page's only stylesheet; its hash is the only style the CSP allows.
const CSS: &str = include_str!("page.css");

/// Charts of a page: how many there are and how many drew something.
#[derive(Debug, Default)]
pub struct Charts {
    total: usize,
    drawn: usize,
}

impl Charts {
    /// Counts the chart and gives back its markup.
    pub fn add(&mut self, chart: Chart) -> Markup {
        self.total += 1;
        if chart.marks > 0 {
            self.drawn += 1;
        }
        chart.markup
    }

    pub fn complete(&self) -> bool {
        self.drawn == self.total
    }
}

/// Text from a file, made safe to show on one line (maud escapes the markup characters).
pub fn clean(text: &str) -> String {
    crate::text::sanitize_line(text)
}

/// `0.62` as `62%`.
pub fn pct(x: f64) -> String {
    format!("{:.0}%", x * 100.0)
}

/// A whole page around `body`.
pub fn page(title: &str, charts: &Charts, body: Markup) -> String {
    let csp = format!(
        "default-src 'none'; script-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'; img-src data:; style-src '{}'",
        style_hash()
    );
    let marker = if charts.complete() {
        "complete"
    } else {
        "incomplete"
    };
    html! {
        (DOCTYPE)
        html lang="en" data-charts=(marker) data-chart-count=(charts.total) {
            head {
                meta charset="utf-8";
                meta http-equiv="Content-Security-Policy" content=(csp);
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="referrer" content="no-referrer";
                meta name="generator" content="skillgap";
                title { (clean(title)) }
                style { (PreEscaped(CSS)) }
            }
            body {
                main { (body) }
                footer { p.muted { "Made by skillgap " (env!("CARGO_PKG_VERSION")) ". Every chart has its numbers in the table beside it." } }
            }
        }
    }
    .into_string()
}

/// `sha256-…` of the stylesheet, as a CSP source.
fn style_hash() -> String {
    format!("sha256-{}", base64(&Sha256::digest(CSS.as_bytes())))
}

/// Standard base64 with padding.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_of_known_values() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
    }

    #[test]
    fn the_page_allows_only_its_own_style_and_no_script() {
        let page = page("t", &Charts::default(), html! { p { "x" } });
        assert!(page.contains("script-src 'none'"));
        assert!(page.contains(&style_hash()));
        assert!(page.contains("data-charts=\"complete\""));
    }
}
