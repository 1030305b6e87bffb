//! Mutated Anki packages never panic the importer and stay within its limits: damaged zip
//! bytes, damaged SQLite pages, damaged zstd frames and protobuf, and notes and templates
//! made of the markup the converter reads (cloze braces, media tags, control and bidi
//! characters). Cases: `SKILLGAP_FUZZ_CASES` (default 300; the full run is 100000).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use skillgap::formats::anki::{self, Limits, Options};
use std::io::{Cursor, Read as _, Write as _};
use std::path::{Path, PathBuf};

const LIMITS: Limits = Limits {
    package_bytes: 64 * 1024 * 1024,
    collection_bytes: 4 * 1024 * 1024,
    media_list_bytes: 64 * 1024,
    entries: 1000,
};

/// xorshift64*: the same cases on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/anki")
        .join(name)
}

fn member(package: &[u8], name: &str) -> Vec<u8> {
    let mut archive = zip::ZipArchive::new(Cursor::new(package)).unwrap();
    let mut bytes = Vec::new();
    archive
        .by_name(name)
        .unwrap()
        .read_to_end(&mut bytes)
        .unwrap();
    bytes
}

fn zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, bytes) in entries {
        writer.start_file(*name, options).unwrap();
        writer.write_all(bytes).unwrap();
    }
    writer.finish().unwrap().into_inner()
}

fn mutate(bytes: &mut Vec<u8>, rng: &mut Rng) {
    for _ in 0..=rng.below(8) {
        if bytes.is_empty() {
            bytes.push(0);
        }
        let at = rng.below(bytes.len());
        match rng.below(5) {
            0 => bytes[at] ^= 1 << rng.below(8),
            1 => bytes[at] = rng.next() as u8,
            2 => bytes.truncate(at),
            3 => bytes.insert(at, rng.next() as u8),
            _ => {
                let len = rng.below(64).min(bytes.len() - at);
                let copy: Vec<u8> = bytes[at..at + len].to_vec();
                let to = rng.below(bytes.len());
                bytes.splice(to..to, copy);
            }
        }
    }
}

const TOKENS: [&str; 24] = [
    "{{c1::",
    "{{c2::",
    "{{c99999999999::",
    "}}",
    "::",
    "{{",
    "<img src=",
    "\"a.png\"",
    ">",
    "[sound:",
    "]",
    "<br>",
    "&#27;",
    "&#x202E;",
    "\u{202E}",
    "\u{1b}[31m",
    "\u{0}",
    "\u{1f}",
    "<pre>",
    "</pre>",
    "text",
    " ",
    "{{type:Back}}",
    "é",
];

fn soup(rng: &mut Rng) -> String {
    (0..rng.below(40))
        .map(|_| TOKENS[rng.below(TOKENS.len())])
        .collect()
}

/// The legacy fixture's collection with its notes and templates replaced by token soup.
fn soup_collection(sqlite: &[u8], rng: &mut Rng) -> Vec<u8> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.anki21");
    std::fs::write(&path, sqlite).unwrap();
    let conn = rusqlite::Connection::open(&path).unwrap();
    let ids: Vec<i64> = conn
        .prepare("SELECT id FROM notes")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    for id in ids {
        let fields = format!("{}\u{1f}{}\u{1f}{}", soup(rng), soup(rng), soup(rng));
        let tags = format!(" {} ", soup(rng).replace(' ', "_"));
        conn.execute(
            "UPDATE notes SET flds = ?1, tags = ?2 WHERE id = ?3",
            rusqlite::params![fields, tags, id],
        )
        .unwrap();
    }
    let models: String = conn
        .query_row("SELECT models FROM col", [], |r| r.get(0))
        .unwrap();
    let mut models: serde_json::Value = serde_json::from_str(&models).unwrap();
    for model in models.as_object_mut().unwrap().values_mut() {
        if rng.below(2) == 0 {
            model["type"] = serde_json::json!(rng.below(3));
        }
        for template in model["tmpls"].as_array_mut().unwrap() {
            template["qfmt"] = serde_json::json!(format!("{}{{{{Front}}}}", soup(rng)));
            template["afmt"] = serde_json::json!(soup(rng));
        }
    }
    conn.execute("UPDATE col SET models = ?1", [models.to_string()])
        .unwrap();
    drop(conn);
    std::fs::read(&path).unwrap()
}

/// Whether the import made a pack (it must be valid when it did).
fn import(bytes: Vec<u8>) -> bool {
    let options = Options {
        limits: LIMITS,
        with_history: true,
    };
    if let Ok(imported) = anki::import_reader(Cursor::new(bytes), "fuzz.apkg", &options)
        && let Some(pack) = &imported.pack
    {
        // What was written validated: no forbidden character got through.
        for question in &pack.questions {
            assert!(!skillgap::text::has_forbidden(&question.prompt));
        }
        assert_eq!(imported.converted, pack.questions.len());
        return true;
    }
    false
}

#[test]
fn mutated_packages_never_panic() {
    let cases: usize = std::env::var("SKILLGAP_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(300);
    let packages: Vec<Vec<u8>> = [
        "genanki.apkg",
        "legacy.apkg",
        "current.apkg",
        "current.colpkg",
    ]
    .iter()
    .map(|name| std::fs::read(fixture(name)).unwrap())
    .collect();
    let legacy = member(&packages[1], "collection.anki21");
    let current_zstd = member(&packages[2], "collection.anki21b");
    let mut current_sqlite = Vec::new();
    ruzstd::decoding::StreamingDecoder::new(&current_zstd[..])
        .unwrap()
        .read_to_end(&mut current_sqlite)
        .unwrap();
    let mut rng = Rng(0x5eed_a4c1);
    let mut made_packs = [0usize; 6];
    for case in 0..cases {
        let bytes = match case % 6 {
            0 => {
                let mut bytes = packages[rng.below(packages.len())].clone();
                mutate(&mut bytes, &mut rng);
                bytes
            }
            1 => {
                let mut sqlite = legacy.clone();
                mutate(&mut sqlite, &mut rng);
                zip(&[("collection.anki21", &sqlite)])
            }
            2 => {
                let mut sqlite = current_sqlite.clone();
                mutate(&mut sqlite, &mut rng);
                let zstd = ruzstd::encoding::compress_to_vec(
                    &sqlite[..],
                    ruzstd::encoding::CompressionLevel::Fastest,
                );
                zip(&[("meta", &[0x08, 0x03]), ("collection.anki21b", &zstd)])
            }
            3 => {
                let mut zstd = current_zstd.clone();
                mutate(&mut zstd, &mut rng);
                zip(&[("meta", &[0x08, 0x03]), ("collection.anki21b", &zstd)])
            }
            4 => {
                let mut meta = vec![0x08, 0x03];
                let mut media = member(&packages[2], "media");
                mutate(&mut meta, &mut rng);
                mutate(&mut media, &mut rng);
                zip(&[
                    ("meta", &meta),
                    ("collection.anki21b", &current_zstd),
                    ("media", &media),
                ])
            }
            _ => zip(&[("collection.anki21", &soup_collection(&legacy, &mut rng))]),
        };
        let outcome = std::panic::catch_unwind(|| import(bytes));
        assert!(outcome.is_ok(), "case {case} panicked");
        if outcome.unwrap_or(false) {
            made_packs[case % 6] += 1;
        }
    }
    // The mutations reach the converter: damaged SQLite and token-soup notes still make packs.
    if cases >= 60 {
        assert!(made_packs[1] > 0 && made_packs[5] > 0, "{made_packs:?}");
    }
    // Bounded memory: the whole run stays far below what an unchecked bomb would take.
    if let Ok(status) = std::fs::read_to_string("/proc/self/status") {
        let peak_kib: u64 = status
            .lines()
            .find_map(|l| l.strip_prefix("VmHWM:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap_or(0);
        assert!(peak_kib < 512 * 1024, "peak memory {peak_kib} KiB");
    }
}
