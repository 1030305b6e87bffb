//! Both HTML reports rendered by a real browser (headless Chromium; `.ci/run` installs
//! Debian's `chromium` when missing) at 1280 and 390 pixels wide: each page is drawn (the
//! PNG is not blank), has no horizontal overflow at phone width, carries its own "every
//! chart drew" marker, and every chart has a non-empty bounding box as laid out by the
//! browser. With the dark colour scheme asked for, the page is dark with light text and its
//! bars drawn in the dark palette (and still every chart drew). Printed to PDF, every page is
//! A4 and nothing reaches into the right margin (pages rendered with poppler's `pdftoppm`,
//! which `.ci/run` installs). The PNGs and PDFs land in `target/html-screenshots/`; with
//! `SKILLGAP_UPDATE_SCREENSHOTS=1` the PNGs also replace the README's in `assets/`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod html_support;

use html_support::*;
use scraper::{Html, Selector};
use serde_json::Value;
use skillgap::pack;
use std::path::{Path, PathBuf};
use std::process::Command;

const WIDTHS: [u32; 2] = [1280, 390];

fn chromium() -> String {
    for name in ["chromium", "chromium-browser", "google-chrome"] {
        if Command::new(name)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
        {
            return name.to_owned();
        }
    }
    panic!(
        "no chromium found: install Debian's `chromium` (apt-get install chromium), as .ci/run does"
    );
}

/// Runs headless Chromium with a fresh profile and the flags that work in a container.
fn browse(browser: &str, dir: &Path, args: &[String], url: &str) -> std::process::Output {
    let profile = tempfile::tempdir_in(dir).unwrap();
    Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(args)
        .arg(url)
        .output()
        .unwrap()
}

fn url(path: &Path) -> String {
    format!("file://{}", path.display())
}

/// Asks for the dark colour scheme, as a system in dark mode does (`prefers-color-scheme:
/// dark`). Blink's setting is the one that reaches pages in headless mode; `--force-dark-mode`
/// alone only darkens the browser's own interface.
const DARK: &str = "--blink-settings=preferredColorScheme=0";

/// The width of an A4 page's printable area in CSS pixels: 210 mm less the page's two 14 mm
/// margins (`@page` in page.css), at 96 pixels to the inch.
const A4_CONTENT_PX: u32 = 687;

/// How the harness lays the page out.
#[derive(Clone, Copy, PartialEq)]
enum Media {
    Screen,
    /// The print stylesheet turned on, at the width of A4's printable area: what the paper
    /// gets. (Chromium clips what is wider at the margin, so the PDF alone would not tell.)
    Print,
}

/// What the harness page measured of the report inside its iframe of `width` pixels.
fn measure(
    browser: &str,
    dir: &Path,
    page: &Path,
    width: u32,
    scheme: &[String],
    media: Media,
) -> Value {
    let print = media == Media::Print;
    let harness = dir.join(format!("harness-{width}-{}-{print}.html", scheme.len()));
    let name = page.file_name().unwrap().to_str().unwrap();
    std::fs::write(
        &harness,
        format!(
            r#"<!doctype html><html><head><meta charset="utf-8"></head><body style="margin:0">
<iframe id="f" src="{name}" style="width:{width}px;height:900px;border:0"></iframe>
<script>
document.getElementById('f').addEventListener('load', function () {{
  var d = this.contentDocument;
  var print = {print};
  if (print) {{
    Array.prototype.forEach.call(d.styleSheets, function (sheet) {{
      Array.prototype.forEach.call(sheet.cssRules, function (rule) {{
        if (rule.media && rule.media.mediaText === 'print') {{ rule.media.mediaText = 'all'; }}
      }});
    }});
  }}
  var svgs = Array.prototype.slice.call(d.querySelectorAll('svg.chart'));
  var empty = svgs.filter(function (s) {{ var b = s.getBBox(); return !(b.width > 0 && b.height > 0); }}).length;
  var wide = Array.prototype.slice.call(d.querySelectorAll('body *')).filter(function (e) {{
    return e.getBoundingClientRect().right > d.documentElement.clientWidth + 1 && (print || !e.closest('.scroll'));
  }}).map(function (e) {{ return e.tagName + (e.className ? '.' + e.className : '') + ' ' + (e.textContent || '').slice(0, 30); }}).slice(0, 5);
  document.body.setAttribute('data-result', JSON.stringify({{
    printRules: print ? Array.prototype.some.call(d.styleSheets, function (sheet) {{
      return Array.prototype.some.call(sheet.cssRules, function (rule) {{ return rule.media && rule.media.mediaText === 'all'; }});
    }}) : null,
    scrollWidth: d.documentElement.scrollWidth, clientWidth: d.documentElement.clientWidth,
    charts: d.documentElement.getAttribute('data-charts'), svgs: svgs.length, empty: empty, wide: wide }}));
}});
</script></body></html>"#
        ),
    )
    .unwrap();
    let mut args = vec![
        "--allow-file-access-from-files".to_owned(),
        "--virtual-time-budget=10000".to_owned(),
        "--dump-dom".to_owned(),
    ];
    args.extend_from_slice(scheme);
    let output = browse(browser, dir, &args, &url(&harness));
    let dom = Html::parse_document(&String::from_utf8_lossy(&output.stdout));
    let body = dom
        .select(&Selector::parse("body").unwrap())
        .next()
        .unwrap();
    let result = body.value().attr("data-result").unwrap_or_else(|| {
        panic!(
            "the harness got no result for {name} at {width}px: {}",
            String::from_utf8_lossy(&output.stderr)
        )
    });
    serde_json::from_str(result).unwrap()
}

/// A decoded PNG: `channels` bytes per pixel, rows top to bottom.
struct Picture {
    width: usize,
    height: usize,
    channels: usize,
    pixels: Vec<u8>,
}

impl Picture {
    fn read(path: &Path) -> Picture {
        let decoder =
            png::Decoder::new(std::io::BufReader::new(std::fs::File::open(path).unwrap()));
        let mut reader = decoder.read_info().unwrap();
        let mut pixels = vec![0; reader.output_buffer_size().unwrap()];
        let info = reader.next_frame(&mut pixels).unwrap();
        pixels.truncate(info.buffer_size());
        Picture {
            width: info.width as usize,
            height: info.height as usize,
            channels: info.line_size / info.width as usize,
            pixels,
        }
    }

    /// Red, green and blue of every pixel.
    fn rgb(&self) -> impl Iterator<Item = [u8; 3]> + '_ {
        self.pixels.chunks(self.channels).map(|p| {
            if self.channels >= 3 {
                [p[0], p[1], p[2]]
            } else {
                [p[0]; 3] // grey
            }
        })
    }

    fn at(&self, x: usize, y: usize) -> [u8; 3] {
        let start = (y * self.width + x) * self.channels;
        let p = &self.pixels[start..start + self.channels];
        if self.channels >= 3 {
            [p[0], p[1], p[2]]
        } else {
            [p[0]; 3]
        }
    }

    /// The colour most pixels have: the page's background.
    fn background(&self) -> [u8; 3] {
        let mut counts = std::collections::HashMap::new();
        for p in self.rgb() {
            *counts.entry(p).or_insert(0_usize) += 1;
        }
        counts.into_iter().max_by_key(|(_, n)| *n).unwrap().0
    }

    /// Share of the pixels for which `keep` holds.
    fn share(&self, keep: impl Fn([u8; 3]) -> bool) -> f64 {
        self.rgb().filter(|p| keep(*p)).count() as f64 / (self.width * self.height) as f64
    }
}

/// Relative luminance, 0 (black) to 1 (white), of an sRGB colour (WCAG's formula).
fn luminance([r, g, b]: [u8; 3]) -> f64 {
    let linear = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)
}

/// WCAG contrast ratio of two colours (1 to 21).
fn contrast(a: [u8; 3], b: [u8; 3]) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

fn near(colour: [u8; 3], hex: u32) -> bool {
    let want = [(hex >> 16) as u8, (hex >> 8) as u8, hex as u8];
    colour.iter().zip(want).all(|(a, b)| a.abs_diff(b) <= 10)
}

/// Screenshot of the page at `width` (with `scheme`'s flags), checked not blank.
fn screenshot(
    browser: &str,
    dir: &Path,
    page: &Path,
    width: u32,
    name: &str,
    scheme: &[String],
) -> (PathBuf, Picture) {
    let png = dir.join(format!("{name}-{width}.png"));
    let height = if width > 800 { 1500 } else { 1700 };
    let mut args = vec![
        format!("--window-size={width},{height}"),
        format!("--screenshot={}", png.display()),
    ];
    args.extend_from_slice(scheme);
    let output = browse(browser, dir, &args, &url(page));
    assert!(
        png.exists(),
        "no screenshot: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let picture = Picture::read(&png);
    assert_eq!(picture.width, width as usize);
    let background = picture.at(0, 0);
    let share = picture.share(|p| p.iter().zip(background).any(|(a, b)| a.abs_diff(b) > 24));
    assert!(
        share > 0.02,
        "{name} at {width}px looks blank: {share:.4} of the pixels drawn"
    );
    let mut colours: Vec<[u8; 3]> = picture.rgb().collect();
    colours.sort_unstable();
    colours.dedup();
    assert!(
        colours.len() > 16,
        "{name} at {width}px has {} colours",
        colours.len()
    );
    (png, picture)
}

/// The page in the light scheme: a light background, dark text, the light palette's bars.
fn check_light(name: &str, width: u32, picture: &Picture) {
    let background = picture.background();
    assert!(
        luminance(background) > 0.85,
        "{name} at {width}px is not light: background {background:?}"
    );
    let text = picture.share(|p| contrast(p, background) >= 7.0);
    assert!(
        text > 0.003,
        "{name} at {width}px: hardly any dark text ({text:.4})"
    );
    let bars = picture.share(|p| near(p, 0x2d5f8f));
    assert!(
        bars > 0.0005,
        "{name} at {width}px: no bars in the light colour ({bars:.5})"
    );
}

/// The page in the dark scheme: a dark background, light text that reads on it, and the
/// charts' bars in the dark palette's colour.
fn check_dark(name: &str, width: u32, picture: &Picture) {
    let background = picture.background();
    assert!(
        luminance(background) < 0.05,
        "{name} at {width}px in dark mode is not dark: background {background:?}"
    );
    // WCAG AAA asks 7:1 for body text; the anti-aliased edges of letters are less.
    let text = picture.share(|p| contrast(p, background) >= 7.0 && luminance(p) > 0.5);
    assert!(
        text > 0.003,
        "{name} at {width}px in dark mode: hardly any light text ({text:.4})"
    );
    let bars = picture.share(|p| near(p, 0x78a9dc));
    assert!(
        bars > 0.0005,
        "{name} at {width}px in dark mode: no bars in the dark colour ({bars:.5})"
    );
    let dark_on_dark = picture.share(|p| contrast(p, background) < 1.3);
    assert!(
        dark_on_dark > 0.5,
        "{name} at {width}px in dark mode: the background covers only {dark_on_dark:.2}"
    );
}

/// A4 in PostScript points (210 × 297 mm).
const A4_POINTS: (f64, f64) = (595.28, 841.89);

/// The `/MediaBox` of every page of a PDF (Chromium writes page objects uncompressed).
fn media_boxes(pdf: &[u8]) -> Vec<[f64; 4]> {
    let text = String::from_utf8_lossy(pdf);
    text.match_indices("/MediaBox")
        .map(|(at, _)| {
            let rest = &text[at + "/MediaBox".len()..];
            let open = rest.find('[').unwrap();
            let close = rest.find(']').unwrap();
            let numbers: Vec<f64> = rest[open + 1..close]
                .split_whitespace()
                .map(|n| n.parse().unwrap())
                .collect();
            numbers.try_into().unwrap()
        })
        .collect()
}

/// The page printed to PDF (with `scheme`'s flags): every page A4. Returns the PDF's path
/// and its pages rendered at 50 dpi.
fn print(
    browser: &str,
    dir: &Path,
    page: &Path,
    name: &str,
    scheme: &[String],
) -> (PathBuf, Vec<Picture>) {
    let pdf = dir.join(format!(
        "{name}{}.pdf",
        if scheme.is_empty() { "" } else { "-dark" }
    ));
    let mut args = vec![
        format!("--print-to-pdf={}", pdf.display()),
        "--no-pdf-header-footer".to_owned(),
        "--virtual-time-budget=10000".to_owned(),
    ];
    args.extend_from_slice(scheme);
    let output = browse(browser, dir, &args, &url(page));
    let bytes = std::fs::read(&pdf).unwrap_or_else(|e| {
        panic!(
            "no PDF of {name} ({e}): {}",
            String::from_utf8_lossy(&output.stderr)
        )
    });
    let boxes = media_boxes(&bytes);
    assert!(!boxes.is_empty(), "{name}: no page in the PDF");
    for b in &boxes {
        assert!(
            b[0] == 0.0
                && b[1] == 0.0
                && (b[2] - A4_POINTS.0).abs() < 1.5
                && (b[3] - A4_POINTS.1).abs() < 1.5,
            "{name}: a page is not A4 portrait: {b:?}"
        );
    }
    let prefix = dir.join(format!("{name}-pdf{}", scheme.len()));
    let rendered = Command::new("pdftoppm")
        .args(["-r", "50", "-png"])
        .arg(&pdf)
        .arg(&prefix)
        .output()
        .unwrap_or_else(|e| {
            panic!("pdftoppm could not run ({e}): install Debian's poppler-utils, as .ci/run does")
        });
    assert!(
        rendered.status.success(),
        "{}",
        String::from_utf8_lossy(&rendered.stderr)
    );
    let mut pngs: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_str()
                .unwrap()
                .starts_with(prefix.file_name().unwrap().to_str().unwrap())
        })
        .collect();
    // pdftoppm numbers pages 1, 2, … (zero-padded to the width of the last).
    pngs.sort();
    let pictures: Vec<Picture> = pngs.iter().map(|p| Picture::read(p)).collect();
    assert_eq!(pictures.len(), boxes.len(), "{name}: one picture per page");
    (pdf, pictures)
}

/// Printed pages: white paper, something printed on every page, and nothing in the right
/// margin (the page's 14 mm, of which the outer 10 mm are checked) or the left one: a table
/// or chart wider than the paper would run into it or be cut at the edge.
fn check_paper(name: &str, pages: &[Picture]) {
    for (number, page) in pages.iter().enumerate() {
        let number = number + 1;
        // 50 dpi: 210 mm is 413 pixels; 10 mm is 19.7.
        assert!(
            (page.width as i64 - 413).abs() <= 1,
            "{name}: page {number} is {} px wide",
            page.width
        );
        let white = |p: [u8; 3]| p.iter().all(|c| *c >= 245);
        assert!(
            white(page.background()),
            "{name}: page {number} is not white paper"
        );
        let margin = 19;
        for y in 0..page.height {
            for x in (0..margin).chain(page.width - margin..page.width) {
                let p = page.at(x, y);
                assert!(
                    white(p),
                    "{name}: page {number} has ink in the margin at x = {x} of {}, y = {y}: {p:?} (cut at the edge?)",
                    page.width
                );
            }
        }
        let inked = page.share(|p| luminance(p) < 0.5);
        assert!(inked > 0.001, "{name}: page {number} is blank ({inked:.5})");
    }
}

/// Laid out as printed, nothing is wider than A4's printable area (tables and charts
/// included: on paper there is no scrolling box).
fn check_print_layout(browser: &str, dir: &Path, page: &Path, name: &str) {
    let m = measure(browser, dir, page, A4_CONTENT_PX, &[], Media::Print);
    assert_eq!(m["printRules"], true, "{name}: no print rules found: {m}");
    assert_eq!(m["charts"], "complete", "{name} as printed: {m}");
    assert_eq!(
        m["empty"], 0,
        "{name} as printed: a chart drew nothing: {m}"
    );
    assert!(
        m["scrollWidth"].as_u64().unwrap() <= m["clientWidth"].as_u64().unwrap()
            && m["wide"].as_array().unwrap().is_empty(),
        "{name} is wider than A4 as printed (cut at the right edge): {m}"
    );
}

fn check(browser: &str, dir: &Path, page: &Path, name: &str) {
    let html = std::fs::read_to_string(page).unwrap();
    assert!(html.contains("data-charts=\"complete\""));
    let keep = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/html-screenshots");
    std::fs::create_dir_all(&keep).unwrap();
    std::fs::copy(page, keep.join(page.file_name().unwrap())).unwrap();
    let dark = [DARK.to_owned()];
    for width in WIDTHS {
        for scheme in [&[][..], &dark[..]] {
            let m = measure(browser, dir, page, width, scheme, Media::Screen);
            let mode = if scheme.is_empty() { "light" } else { "dark" };
            assert_eq!(m["charts"], "complete", "{name} at {width}px, {mode}: {m}");
            assert!(m["svgs"].as_u64().unwrap() > 0, "{m}");
            assert_eq!(
                m["empty"], 0,
                "{name} at {width}px, {mode}: a chart drew nothing: {m}"
            );
            assert!(
                m["scrollWidth"].as_u64().unwrap() <= m["clientWidth"].as_u64().unwrap(),
                "{name} overflows at {width}px, {mode}: {m}"
            );
        }
        let (png, light) = screenshot(browser, dir, page, width, name, &[]);
        check_light(name, width, &light);
        std::fs::copy(&png, keep.join(png.file_name().unwrap())).unwrap();
        if std::env::var_os("SKILLGAP_UPDATE_SCREENSHOTS").is_some() {
            let assets = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets");
            std::fs::copy(&png, assets.join(format!("html-{name}-{width}.png"))).unwrap();
        }
        let (png, picture) = screenshot(browser, dir, page, width, &format!("{name}-dark"), &dark);
        check_dark(name, width, &picture);
        std::fs::copy(&png, keep.join(png.file_name().unwrap())).unwrap();
        if name == "report"
            && width < 800
            && std::env::var_os("SKILLGAP_UPDATE_SCREENSHOTS").is_some()
        {
            let assets = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets");
            std::fs::copy(&png, assets.join(format!("html-{name}-dark-{width}.png"))).unwrap();
        }
    }
    check_print_layout(browser, dir, page, name);
    // Paper is the same whatever the screen's scheme: the print stylesheet decides.
    let (pdf, paper) = print(browser, dir, page, name, &[]);
    std::fs::copy(&pdf, keep.join(pdf.file_name().unwrap())).unwrap();
    check_paper(name, &paper);
    let (_, paper_dark) = print(browser, dir, page, name, &dark);
    assert_eq!(
        paper.len(),
        paper_dark.len(),
        "{name}: pages printed in dark mode"
    );
    for (number, (a, b)) in paper.iter().zip(&paper_dark).enumerate() {
        let differ = a.rgb().zip(b.rgb()).filter(|(p, q)| p != q).count();
        assert!(
            differ * 1000 < a.width * a.height,
            "{name}: page {} prints differently in dark mode ({differ} pixels)",
            number + 1
        );
    }
}

#[test]
fn both_reports_render_in_chromium_at_desktop_and_phone_width() {
    let browser = chromium();
    let dir = tempfile::tempdir().unwrap();
    let pack_path = dir.path().join("demo.ron");
    std::fs::write(&pack_path, pack_text(false)).unwrap();
    let pack_arg = pack_path.to_str().unwrap();

    let data = learner(dir.path(), &pack_path, 600);
    let personal = dir.path().join("report.html");
    let out = run(
        &data,
        &[
            "report",
            "--pack",
            pack_arg,
            "--format",
            "html",
            "-o",
            personal.to_str().unwrap(),
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    check(&browser, dir.path(), &personal, "report");

    let pack = pack::load_str("demo.ron", &pack_text(false)).unwrap();
    let files = class_files(dir.path(), &pack, 32, &[]);
    let class = dir.path().join("class.html");
    let mut args: Vec<&str> = vec!["class"];
    args.extend(files.iter().map(|f| f.to_str().unwrap()));
    args.extend([
        "--pack",
        pack_arg,
        "--profile",
        "dev",
        "--format",
        "html",
        "-o",
        class.to_str().unwrap(),
    ]);
    let out = run(dir.path(), &args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    check(&browser, dir.path(), &class, "class");
}

/// A class on a pack of ten categories with long titles and students with long names: the
/// widest tables (the students × categories heat map, the item table) must still print
/// within A4, and fit a phone's width on screen (scrolling inside their box).
#[test]
fn a_wide_class_report_prints_within_a4() {
    let browser = chromium();
    let dir = tempfile::tempdir().unwrap();
    let titles = [
        "Relational databases and SQL",
        "HTTP and web protocols",
        "Concurrency and parallelism",
        "Testing and quality",
        "Observability and monitoring",
        "Security and authentication",
        "Distributed systems",
        "Containers and orchestration",
        "Performance engineering",
        "Algorithms and data structures",
    ];
    let categories: Vec<String> = titles
        .iter()
        .enumerate()
        .map(|(c, t)| format!("(id: \"category-{c}\", title: {t:?})"))
        .collect();
    let mut questions = Vec::new();
    for (c, title) in titles.iter().enumerate() {
        for q in 0..3 {
            questions.push(format!(
                "(id: \"c{c}-question-{q}\", category: \"category-{c}\", difficulty: Medium, prompt: \"Which of these statements about {title} holds in every case you have met?\", kind: Single(choices: [(text: \"the key\", correct: true), (text: \"a distractor\"), (text: \"another\")]), explanation: \"e\")"
            ));
        }
    }
    let targets: Vec<String> = (0..titles.len())
        .map(|c| format!("\"category-{c}\": 0.7"))
        .collect();
    let text = format!(
        "Pack(id: \"wide\", title: \"Backend engineering\", version: \"1.0.0\", categories: [{}], profiles: [(id: \"dev\", title: \"Backend developer\", targets: {{{}}})], questions: [{}])",
        categories.join(", "),
        targets.join(", "),
        questions.join(",\n")
    );
    let pack_path = dir.path().join("wide.ron");
    std::fs::write(&pack_path, &text).unwrap();
    let pack = pack::load_str("wide.ron", &text).unwrap();
    let files = class_files(
        dir.path(),
        &pack,
        40,
        &[
            "Maria-Dolores Fernández-Quintanilla",
            "Bartholomew Featherstonehaugh",
        ],
    );
    let class = dir.path().join("wide.html");
    let mut args: Vec<&str> = vec!["class"];
    args.extend(files.iter().map(|f| f.to_str().unwrap()));
    args.extend([
        "--pack",
        pack_path.to_str().unwrap(),
        "--profile",
        "dev",
        "--format",
        "html",
        "-o",
        class.to_str().unwrap(),
    ]);
    let out = run(dir.path(), &args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let m = measure(&browser, dir.path(), &class, 390, &[], Media::Screen);
    assert_eq!(m["charts"], "complete", "{m}");
    assert!(
        m["scrollWidth"].as_u64().unwrap() <= m["clientWidth"].as_u64().unwrap(),
        "the wide class report overflows at 390px: {m}"
    );
    check_print_layout(&browser, dir.path(), &class, "wide class");
    let (pdf, paper) = print(&browser, dir.path(), &class, "wide-class", &[]);
    let keep = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/html-screenshots");
    std::fs::create_dir_all(&keep).unwrap();
    std::fs::copy(&pdf, keep.join(pdf.file_name().unwrap())).unwrap();
    std::fs::copy(&class, keep.join("wide-class.html")).unwrap();
    check_paper("wide class", &paper);
}
