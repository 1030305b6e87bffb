//! The HTML reports, parsed with an HTML5 parser: the same numbers in the same order as
//! the other formats, every chart beside a table, and hostile text from packs and results
//! files kept as text (no script, no event handler, no `javascript:` URL, no style but the
//! page's own, no bidi control).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod html_support;

use html_support::*;
use scraper::{Html, Selector};
use serde_json::Value;
use skillgap::pack;
use std::path::Path;

fn sel(css: &str) -> Selector {
    Selector::parse(css).unwrap()
}

fn cells(row: scraper::ElementRef) -> Vec<String> {
    row.select(&sel("td"))
        .map(|c| c.text().collect::<String>().trim().to_owned())
        .collect()
}

/// The rows of the first table of a section.
fn table_rows(doc: &Html, section: &str) -> Vec<Vec<String>> {
    doc.select(&sel(&format!("section#{section} table tbody tr")))
        .map(cells)
        .collect()
}

fn write_pack(dir: &Path, hostile: bool) -> std::path::PathBuf {
    let path = dir.join("demo.ron");
    std::fs::write(&path, pack_text(hostile)).unwrap();
    path
}

fn html_of(data: &Path, args: &[&str], out: &Path) -> Html {
    let mut all: Vec<&str> = args.to_vec();
    let out_str = out.to_str().unwrap();
    all.extend(["--format", "html", "-o", out_str]);
    let output = run(data, &all);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        output.stdout.is_empty(),
        "with -o nothing goes to standard output"
    );
    Html::parse_document(&std::fs::read_to_string(out).unwrap())
}

fn json_of(data: &Path, args: &[&str]) -> Value {
    let mut all: Vec<&str> = args.to_vec();
    all.extend(["--format", "json"]);
    let output = run(data, &all);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

/// Checks that hold for every page: the CSP, one stylesheet, every chart drew.
fn page_basics(doc: &Html) {
    let csp = doc
        .select(&sel("meta[http-equiv=Content-Security-Policy]"))
        .next()
        .expect("a CSP meta tag");
    let policy = csp.value().attr("content").unwrap();
    assert!(policy.contains("script-src 'none'") && policy.contains("default-src 'none'"));
    let root = doc.root_element();
    assert_eq!(root.value().attr("data-charts"), Some("complete"));
    let charts: usize = root
        .value()
        .attr("data-chart-count")
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(doc.select(&sel("svg.chart")).count(), charts);
    assert!(charts > 0);
    for svg in doc.select(&sel("svg.chart")) {
        let shapes = svg
            .select(&sel("rect, line, circle, path, polyline, polygon"))
            .count();
        assert!(shapes > 0, "an empty chart");
        // Every chart sits in a figure followed by a table with its numbers (or in a
        // section holding one).
        let section = svg
            .ancestors()
            .filter_map(scraper::ElementRef::wrap)
            .find(|e| e.value().name() == "section");
        let section = section.expect("charts live in sections");
        assert!(
            section.select(&sel("table")).next().is_some(),
            "a chart without a table"
        );
    }
}

#[test]
fn the_personal_page_has_the_numbers_and_order_of_the_other_formats() {
    let dir = tempfile::tempdir().unwrap();
    let pack_path = write_pack(dir.path(), false);
    let data = learner(dir.path(), &pack_path, 400);
    let pack = pack_path.to_str().unwrap();
    let doc = html_of(
        &data,
        &["report", "--pack", pack],
        &dir.path().join("me.html"),
    );
    page_basics(&doc);
    let json = json_of(&data, &["report", "--pack", pack]);
    let rows = table_rows(&doc, "gap");
    let categories = json["categories"].as_array().unwrap();
    assert_eq!(rows.len(), categories.len());
    for (row, c) in rows.iter().zip(categories) {
        assert_eq!(row[0], c["title"].as_str().unwrap());
        assert_eq!(row[1], format!("{:.2}", c["mastery"].as_f64().unwrap()));
        assert_eq!(
            row[2],
            format!(
                "{:.2}–{:.2}",
                c["low"].as_f64().unwrap(),
                c["high"].as_f64().unwrap()
            )
        );
        assert_eq!(row[5], c["answered"].as_u64().unwrap().to_string());
    }
    let readiness = json["readiness"].as_f64().unwrap();
    let header: String = doc.select(&sel("header")).next().unwrap().text().collect();
    assert!(
        header.contains(&format!("{:.0}%", readiness * 100.0)),
        "{header}"
    );
    assert!(header.contains("Demo pack") && header.contains("Backend developer"));
    // The forecast for the exam date, the trend, calibration and the weakest questions.
    let forecast = json["forecast"]["categories"].as_array().unwrap();
    assert_eq!(table_rows(&doc, "forecast").len(), forecast.len());
    assert_eq!(doc.select(&sel("section#trend svg.chart")).count(), 4);
    assert!(table_rows(&doc, "trend").len() > 10, "one row per day");
    assert_eq!(table_rows(&doc, "calibration").len(), 4);
    let weakest = json["weakest"].as_array().unwrap();
    let weak_rows = table_rows(&doc, "weakest");
    assert_eq!(weak_rows.len(), weakest.len());
    for (row, w) in weak_rows.iter().zip(weakest) {
        assert_eq!(row[0], w["id"].as_str().unwrap());
    }
}

#[test]
fn the_class_page_has_the_numbers_of_the_json_report() {
    let dir = tempfile::tempdir().unwrap();
    let pack_path = write_pack(dir.path(), false);
    let pack = pack::load_str("demo.ron", &pack_text(false)).unwrap();
    let files = class_files(dir.path(), &pack, 32, &[]);
    let mut args: Vec<&str> = vec!["class"];
    args.extend(files.iter().map(|f| f.to_str().unwrap()));
    args.extend(["--pack", pack_path.to_str().unwrap(), "--profile", "dev"]);
    let doc = html_of(dir.path(), &args, &dir.path().join("class.html"));
    page_basics(&doc);
    let json = json_of(dir.path(), &args);
    // Gap chart rows: the JSON's categories, largest gap first.
    let mut categories: Vec<&Value> = json["categories"].as_array().unwrap().iter().collect();
    categories.sort_by(|a, b| {
        b["gap"]
            .as_f64()
            .unwrap()
            .total_cmp(&a["gap"].as_f64().unwrap())
    });
    let rows = table_rows(&doc, "gap");
    assert_eq!(rows.len(), 4);
    for (row, c) in rows.iter().zip(&categories) {
        assert_eq!(row[0], c["title"].as_str().unwrap());
        assert_eq!(
            row[1],
            format!("{:.0}%", c["mean"].as_f64().unwrap() * 100.0)
        );
    }
    // Heat map: a value printed in every cell.
    let heat = table_rows(&doc, "students");
    assert_eq!(heat.len(), 32);
    assert!(
        heat.iter()
            .all(|r| r[1..5].iter().all(|c| c.ends_with('%')))
    );
    // Items: facility and Moodle's indices as in the JSON; the miskeyed question flagged.
    let items = json["items"].as_array().unwrap();
    let item_rows = table_rows(&doc, "items");
    assert_eq!(item_rows.len(), items.len());
    for (row, item) in item_rows.iter().zip(items) {
        assert!(row[1].starts_with(item["id"].as_str().unwrap()));
        assert_eq!(row[4], format!("{:.2}", item["facility"].as_f64().unwrap()));
        if let Some(di) = item["discrimination_index"].as_f64() {
            assert_eq!(row[6], format!("{di:.0}"));
        }
    }
    let flagged: Vec<&Value> = items
        .iter()
        .filter(|i| !i["flags"].as_array().unwrap().is_empty())
        .collect();
    assert!(
        flagged.iter().any(|i| i["id"] == "test3"),
        "the miskeyed question is flagged"
    );
    assert_eq!(
        doc.select(&sel("section#items svg.chart path.flagged"))
            .count(),
        flagged.len(),
        "flagged questions stand out in the scatter plot"
    );
    assert_eq!(
        doc.select(&sel("section#choices h3")).count(),
        flagged.len()
    );
    // Test statistics and the distribution.
    let alpha = json["test"]["alpha"].as_f64().unwrap();
    let test: String = doc
        .select(&sel("section#test"))
        .next()
        .unwrap()
        .text()
        .collect();
    assert!(test.contains(&format!("{alpha:.2}")), "{test}");
    let bins: usize = table_rows(&doc, "test")
        .iter()
        .filter(|r| r[0].ends_with('%') && r.len() == 2)
        .map(|r| r[1].parse::<usize>().unwrap())
        .sum();
    assert_eq!(bins, 32);
    let summary: String = doc
        .select(&sel("section#summary"))
        .next()
        .unwrap()
        .text()
        .collect();
    assert!(
        summary.contains("Reliability") && summary.contains("look broken"),
        "{summary}"
    );
}

/// The hostile-text checks on one parsed page.
fn nothing_escaped(html: &str, own_css: &str) {
    for c in html.chars() {
        assert!(
            !skillgap::text::is_forbidden(c) || c == '\n',
            "a forbidden character {c:?} in the page"
        );
    }
    let doc = Html::parse_document(html);
    assert_eq!(doc.select(&sel("script")).count(), 0, "a script element");
    for bad in [
        "img",
        "iframe",
        "object",
        "embed",
        "link",
        "base",
        "a",
        "form",
        "meta[http-equiv=refresh]",
    ] {
        assert_eq!(doc.select(&sel(bad)).count(), 0, "a {bad} element");
    }
    for element in doc.select(&sel("*")) {
        for (name, value) in element.value().attrs() {
            assert!(
                !name.to_ascii_lowercase().starts_with("on"),
                "event handler {name}={value}"
            );
            assert!(name != "style", "a style attribute: {value}");
            // Text may say "javascript:" (escaped, in a label); no attribute may load a URL.
            let lower = name.to_ascii_lowercase();
            let loads_url = lower.ends_with("href")
                || [
                    "src",
                    "srcset",
                    "action",
                    "formaction",
                    "data",
                    "poster",
                    "background",
                ]
                .contains(&lower.as_str());
            assert!(!loads_url, "a URL attribute {name}={value}");
        }
    }
    let styles: Vec<String> = doc
        .select(&sel("style"))
        .map(|s| s.text().collect())
        .collect();
    assert_eq!(
        styles,
        vec![own_css.to_owned()],
        "a style other than the page's own"
    );
}

fn own_css() -> String {
    let page = skillgap::report::html::class::render(&skillgap::report::class::aggregate(
        &[],
        None,
        None,
        None,
    ));
    let doc = Html::parse_document(&page);
    doc.select(&sel("style")).next().unwrap().text().collect()
}

#[test]
fn hostile_packs_and_results_files_stay_text() {
    let dir = tempfile::tempdir().unwrap();
    let pack_path = write_pack(dir.path(), true);
    let pack = pack::load_str("demo.ron", &pack_text(true)).unwrap();
    let css = own_css();
    // The personal page of a hostile pack.
    let data = learner(dir.path(), &pack_path, 120);
    let out = dir.path().join("me.html");
    html_of(
        &data,
        &["report", "--pack", pack_path.to_str().unwrap()],
        &out,
    );
    let page = std::fs::read_to_string(&out).unwrap();
    nothing_escaped(&page, &css);
    let text: String = Html::parse_document(&page).root_element().text().collect();
    assert!(
        text.contains(HOSTILE[0]),
        "hostile titles are shown as text"
    );

    // A class whose names are hostile, plus a results file tampered with by hand.
    let mut names: Vec<String> = HOSTILE.iter().map(|h| (*h).to_owned()).collect();
    names.push(format!("Mallory {BIDI}"));
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    let mut files = class_files(dir.path(), &pack, 12, &names);
    let tampered = dir.path().join("tampered.json");
    let original = std::fs::read_to_string(&files[0]).unwrap();
    let evil = serde_json::to_string(&format!("{}{BIDI}", HOSTILE[1])).unwrap();
    std::fs::write(
        &tampered,
        original
            .replace("\"sql\"", &evil)
            .replace("\"Single\"", &evil),
    )
    .unwrap();
    files.push(tampered);
    let broken = dir.path().join(format!("{}.json", "x\u{1b}[31m"));
    std::fs::write(&broken, "{ \"format\": \"<script>alert(1)</script>\"").unwrap();
    files.push(broken);
    let paths: Vec<&str> = files.iter().map(|f| f.to_str().unwrap()).collect();
    for with_pack in [true, false] {
        let mut args = vec!["class"];
        args.extend(&paths);
        if with_pack {
            args.extend(["--pack", pack_path.to_str().unwrap()]);
        }
        args.extend(["--min-students", "3"]);
        let out = dir.path().join("class.html");
        let doc = html_of(dir.path(), &args, &out);
        let page = std::fs::read_to_string(&out).unwrap();
        nothing_escaped(&page, &css);
        let text: String = doc.root_element().text().collect();
        assert!(
            text.contains("onerror=alert(1)"),
            "hostile names are shown as text"
        );
    }
}

#[test]
fn the_page_names_the_unwritable_file() {
    let dir = tempfile::tempdir().unwrap();
    let pack_path = write_pack(dir.path(), false);
    let pack = pack::load_str("demo.ron", &pack_text(false)).unwrap();
    let files = class_files(dir.path(), &pack, 3, &[]);
    let out = dir.path().join("no/such/dir/class.html");
    let output = run(
        dir.path(),
        &[
            "class",
            files[0].to_str().unwrap(),
            "--pack",
            pack_path.to_str().unwrap(),
            "--format",
            "html",
            "-o",
            out.to_str().unwrap(),
        ],
    );
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("cannot write") && stderr.contains("class.html"),
        "{stderr}"
    );
}

/// A seeded history made to catch a shared pass that reads differently from the separate
/// readers: several sessions stored out of time order, answers at the same millisecond,
/// partial scores, every confidence (none, the three words, and a word skillgap does not
/// write), answers older and newer than `now`, a question and a category no longer in the
/// pack. Returns the store, the pack and "now".
fn seeded_history(dir: &Path) -> (skillgap::store::Store, pack::Pack, i64) {
    use skillgap::store::{NewAnswer, NewSession, Store};
    let pack = pack::load_str("demo.ron", &pack_text(false)).unwrap();
    let store = Store::open(&dir.join("data")).unwrap();
    let now = 1_800_000_000_000_i64;
    let day = 86_400_000_i64;
    let mut rng = Lcg::new(2024);
    use skillgap::quiz::Confidence;
    // (An unknown confidence word can no longer be written: the store takes typed values.)
    let confidences = [
        None,
        Some(Confidence::Low),
        Some(Confidence::Medium),
        Some(Confidence::High),
        Some(Confidence::High),
    ];
    for session_index in 0..6_i64 {
        let session = store
            .start_session(&NewSession {
                mode: skillgap::quiz::Mode::Practice,
                seed: 1,
                filters_json: "{}".into(),
                packs: vec![pack_ref(&pack)],
                question_ids: vec![],
                time_limit_secs: None,
                profile: None,
                started_at_ms: 0,
            })
            .unwrap();
        // Sessions stored out of time order: the 4th is the oldest, the 1st the newest.
        let base = now - [3, 20, 9, 70, 1, 40][usize::try_from(session_index).unwrap()] * day;
        let answers: Vec<NewAnswer> = (0..250_i64)
            .map(|i| {
                let pick = rng.next();
                let (question_id, category, difficulty) = if pick < 0.02 {
                    ("gone".to_owned(), "sql".to_owned(), pack::Difficulty::Hard)
                } else if pick < 0.04 {
                    (
                        "orphan".to_owned(),
                        "removed".to_owned(),
                        pack::Difficulty::Easy,
                    )
                } else {
                    let q = &pack.questions[(pick * 1000.0) as usize % pack.questions.len()];
                    (q.id.clone(), q.category.clone(), q.difficulty)
                };
                // Scores whose sums round differently in another order.
                let score = [0.0, 0.1, 1.0 / 3.0, 0.7, 1.0, 1.0][(rng.next() * 6.0) as usize % 6];
                let confidence = confidences[(rng.next() * 5.0) as usize % 5];
                // Some answers share a millisecond; some lie after `now`.
                let at = base + (i / 3) * 3_600_000 - 20 * 3_600_000;
                NewAnswer {
                    pack: pack_ref(&pack),
                    question_id,
                    category,
                    kind: pack::KindName::Single,
                    difficulty,
                    response: skillgap::quiz::Response::Choices { picked: vec![0] },
                    score,
                    confidence,
                    time_taken_ms: 3000,
                    content_hash: "h".into(),
                    answered_at_ms: at,
                }
            })
            .collect();
        store.record_answers(session, &answers).unwrap();
    }
    let exam = skillgap::learning::CalendarDate::of_ms(now + 25 * day);
    store.set_target_date("demo", "dev", Some(exam)).unwrap();
    (store, pack, now)
}

/// Calibration read the way it was before the score log knew confidences: every `answers`
/// row with a confidence, by time then id.
fn calibration_from_answers(
    store: &skillgap::store::Store,
    pack: &pack::Pack,
) -> skillgap::learning::calibration::Calibration {
    let mut builder = skillgap::learning::calibration::CalibrationBuilder::new();
    store
        .for_each_confidence(&pack.meta.id, |row| {
            builder.add(
                row.question_id,
                row.category,
                row.score,
                row.confidence,
                row.answered_at_ms,
            );
        })
        .unwrap();
    builder.finish(pack)
}

/// What the personal page is made of, from the one shared pass and from the separate
/// readers, compared exactly (floats by their shortest round-trip text, so bit for bit).
fn assert_shared_pass_is_separate_readers(
    store: &skillgap::store::Store,
    pack: &pack::Pack,
    now: i64,
) {
    use skillgap::service::{self, personal, progress};
    let shared = personal::personal_report(store, pack, None, now).unwrap();
    let gap = service::gap_report(store, pack, None, now).unwrap();
    let forecast = progress::forecast_for(store, pack, &gap, now).unwrap();
    let trend = progress::trend_report(store, pack, now).unwrap();
    let calibration = progress::calibration_report(store, pack).unwrap();
    assert_eq!(format!("{:?}", shared.gap), format!("{gap:?}"));
    assert!(shared.forecast.is_some(), "the exam date is set and ahead");
    assert_eq!(format!("{:?}", shared.forecast), format!("{forecast:?}"));
    assert_eq!(shared.trend, trend);
    // The trend again with every answer under a key of its own: the strings looked up for
    // each answer, none shared through the score log's keys.
    let mut stored = Vec::new();
    store
        .for_each_scored(&pack.meta.id, |row| {
            stored.push((
                row.question_id.to_owned(),
                row.category.to_owned(),
                row.difficulty,
                row.score,
                row.answered_at_ms,
            ));
        })
        .unwrap();
    let unshared = stored
        .iter()
        .enumerate()
        .map(|(key, (question_id, category, difficulty, score, at))| {
            skillgap::learning::trend::TrendAnswer {
                key,
                question_id,
                category,
                difficulty: *difficulty,
                score: *score,
                answered_at_ms: *at,
            }
        })
        .collect();
    assert_eq!(
        shared.trend,
        skillgap::learning::trend::trend(pack, unshared, now)
    );
    assert_eq!(shared.calibration, calibration);
    assert_eq!(shared.calibration, calibration_from_answers(store, pack));
    // The history reaches every part: not an empty report that trivially agrees.
    assert_eq!(shared.gap.weakest.len(), 5);
    assert!(shared.trend.points.len() > 6);
    assert_eq!(shared.calibration.categories.len(), 4);
    assert!(!shared.calibration.questions.is_empty());
}

#[test]
fn the_shared_pass_gives_exactly_what_the_separate_readers_give() {
    let dir = tempfile::tempdir().unwrap();
    let (store, pack, now) = seeded_history(dir.path());
    assert_shared_pass_is_separate_readers(&store, &pack, now);
    // Answers with an unknown confidence word are left out of calibration, as before.
    let with_known_word = calibration_from_answers(&store, &pack).answers;
    let mut stored_with_any_word = 0;
    store
        .for_each_scored("demo", |row| {
            stored_with_any_word += usize::from(row.confidence.is_some());
        })
        .unwrap();
    assert_eq!(with_known_word, stored_with_any_word);
}

#[test]
fn a_database_from_before_the_log_kept_confidences_gives_the_same_report() {
    let dir = tempfile::tempdir().unwrap();
    let (store, pack, now) = seeded_history(dir.path());
    let before = skillgap::service::personal::personal_report(&store, &pack, None, now).unwrap();
    drop(store);
    // Take the file back to version 4: the score log without confidences, and (to show that
    // the upgrade does not trust it) holding a stray chunk.
    let conn =
        rusqlite::Connection::open(dir.path().join("data").join(skillgap::store::DB_FILE)).unwrap();
    conn.execute_batch(
        "DROP TABLE scored_chunks; DROP TABLE scored_keys;
         CREATE TABLE scored_keys (key INTEGER PRIMARY KEY, pack_id TEXT NOT NULL,
             question_id TEXT NOT NULL, category TEXT NOT NULL, difficulty TEXT NOT NULL,
             UNIQUE (pack_id, question_id, category, difficulty)) STRICT;
         CREATE TABLE scored_chunks (id INTEGER PRIMARY KEY, pack_id TEXT NOT NULL,
             data BLOB NOT NULL) STRICT;
         CREATE INDEX scored_chunks_by_pack ON scored_chunks (pack_id, id);
         INSERT INTO scored_chunks (pack_id, data) VALUES ('demo', x'0102');
         ALTER TABLE sessions DROP COLUMN planned; ALTER TABLE sessions DROP COLUMN tallies;
         PRAGMA user_version = 4;",
    )
    .unwrap();
    drop(conn);
    let store = skillgap::store::Store::open(&dir.path().join("data")).unwrap();
    let after = skillgap::service::personal::personal_report(&store, &pack, None, now).unwrap();
    assert_eq!(format!("{after:?}"), format!("{before:?}"));
    assert_shared_pass_is_separate_readers(&store, &pack, now);
}
