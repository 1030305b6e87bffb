//! Both HTML reports rendered by a real browser (headless Chromium; `.ci/run` installs
//! Debian's `chromium` when missing) at 1280 and 390 pixels wide: each page is drawn (the
//! PNG is not blank), has no horizontal overflow at phone width, carries its own "every
//! chart drew" marker, and every chart has a non-empty bounding box as laid out by the
//! browser. The PNGs land in `target/html-screenshots/`; with
//! `SKILLGAP_UPDATE_SCREENSHOTS=1` they also replace the README's in `assets/`.
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

/// What the harness page measured of the report inside its iframe of `width` pixels.
fn measure(browser: &str, dir: &Path, page: &Path, width: u32) -> Value {
    let harness = dir.join(format!("harness-{width}.html"));
    let name = page.file_name().unwrap().to_str().unwrap();
    std::fs::write(
        &harness,
        format!(
            r#"<!doctype html><html><head><meta charset="utf-8"></head><body style="margin:0">
<iframe id="f" src="{name}" style="width:{width}px;height:900px;border:0"></iframe>
<script>
document.getElementById('f').addEventListener('load', function () {{
  var d = this.contentDocument;
  var svgs = Array.prototype.slice.call(d.querySelectorAll('svg.chart'));
  var empty = svgs.filter(function (s) {{ var b = s.getBBox(); return !(b.width > 0 && b.height > 0); }}).length;
  var wide = Array.prototype.slice.call(d.querySelectorAll('body *')).filter(function (e) {{
    return e.getBoundingClientRect().right > d.documentElement.clientWidth + 1 && !e.closest('.scroll');
  }}).map(function (e) {{ return e.tagName; }}).slice(0, 5);
  document.body.setAttribute('data-result', JSON.stringify({{
    scrollWidth: d.documentElement.scrollWidth, clientWidth: d.documentElement.clientWidth,
    charts: d.documentElement.getAttribute('data-charts'), svgs: svgs.length, empty: empty, wide: wide }}));
}});
</script></body></html>"#
        ),
    )
    .unwrap();
    let output = browse(
        browser,
        dir,
        &[
            "--allow-file-access-from-files".to_owned(),
            "--virtual-time-budget=10000".to_owned(),
            "--dump-dom".to_owned(),
        ],
        &url(&harness),
    );
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

/// Screenshot of the page at `width`, checked not blank; returns the PNG's path.
fn screenshot(browser: &str, dir: &Path, page: &Path, width: u32, name: &str) -> PathBuf {
    let png = dir.join(format!("{name}-{width}.png"));
    let height = if width > 800 { 1500 } else { 1700 };
    let output = browse(
        browser,
        dir,
        &[
            format!("--window-size={width},{height}"),
            format!("--screenshot={}", png.display()),
        ],
        &url(page),
    );
    assert!(
        png.exists(),
        "no screenshot: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(&png).unwrap()));
    let mut reader = decoder.read_info().unwrap();
    let mut pixels = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut pixels).unwrap();
    assert_eq!(info.width, width);
    let channels = info.line_size / info.width as usize;
    let pixels = &pixels[..info.buffer_size()];
    let background = &pixels[..channels];
    let drawn = pixels
        .chunks(channels)
        .filter(|p| p.iter().zip(background).any(|(a, b)| a.abs_diff(*b) > 24))
        .count();
    let share = drawn as f64 / (info.width * info.height) as f64;
    assert!(
        share > 0.02,
        "{name} at {width}px looks blank: {share:.4} of the pixels drawn"
    );
    let mut colours: Vec<&[u8]> = pixels.chunks(channels).collect();
    colours.sort_unstable();
    colours.dedup();
    assert!(
        colours.len() > 16,
        "{name} at {width}px has {} colours",
        colours.len()
    );
    png
}

fn check(browser: &str, dir: &Path, page: &Path, name: &str) {
    let html = std::fs::read_to_string(page).unwrap();
    assert!(html.contains("data-charts=\"complete\""));
    let keep = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/html-screenshots");
    std::fs::create_dir_all(&keep).unwrap();
    for width in WIDTHS {
        let m = measure(browser, dir, page, width);
        assert_eq!(m["charts"], "complete", "{name} at {width}px: {m}");
        assert!(m["svgs"].as_u64().unwrap() > 0, "{m}");
        assert_eq!(
            m["empty"], 0,
            "{name} at {width}px: a chart drew nothing: {m}"
        );
        assert!(
            m["scrollWidth"].as_u64().unwrap() <= m["clientWidth"].as_u64().unwrap(),
            "{name} overflows at {width}px: {m}"
        );
        let png = screenshot(browser, dir, page, width, name);
        std::fs::copy(&png, keep.join(png.file_name().unwrap())).unwrap();
        if std::env::var_os("SKILLGAP_UPDATE_SCREENSHOTS").is_some() {
            let assets = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets");
            std::fs::copy(&png, assets.join(format!("html-{name}-{width}.png"))).unwrap();
        }
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
