//! Importing a real-sized Anki deck: the legacy fixture grown to 10,000 notes (20,000 cards
//! with their review logs) inside `collection.anki21` and as zstd `collection.anki21b`,
//! imported with `--with-history`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use criterion::{Criterion, criterion_group, criterion_main};
use skillgap::formats::anki::{self, Options};
use std::hint::black_box;
use std::io::{Cursor, Read as _, Write as _};

const NOTES: i64 = 10_000;

fn grown_collection() -> Vec<u8> {
    let fixture = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/anki/legacy.apkg"
    );
    let mut archive = zip::ZipArchive::new(std::fs::File::open(fixture).unwrap()).unwrap();
    let mut sqlite = Vec::new();
    archive
        .by_name("collection.anki21")
        .unwrap()
        .read_to_end(&mut sqlite)
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.anki21");
    std::fs::write(&path, &sqlite).unwrap();
    let conn = rusqlite::Connection::open(&path).unwrap();
    // Copies of the reversed note (two cards each), each card with a four-review log.
    let (note, mid): (i64, i64) = conn
        .query_row(
            "SELECT id, mid FROM notes WHERE flds LIKE 'dog%'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    let tx = conn.unchecked_transaction().unwrap();
    for i in 1..=NOTES {
        let id = note + 1_000_000 + i;
        tx.execute(
            "INSERT INTO notes (id, guid, mid, mod, usn, tags, flds, sfld, csum, flags, data)
             VALUES (?1, ?2, ?3, 0, -1, ' bench ', ?4, '', 0, 0, '')",
            rusqlite::params![
                id,
                format!("g{i}"),
                mid,
                format!("<b>word {i}</b>\u{1f}meaning {i}")
            ],
        )
        .unwrap();
        for ord in 0..2 {
            let card = id * 10 + ord;
            tx.execute(
                "INSERT INTO cards (id, nid, did, ord, mod, usn, type, queue, due, ivl, factor,
                     reps, lapses, left, odue, odid, flags, data)
                 VALUES (?1, ?2, 1, ?3, 0, -1, 2, 2, ?4, 10, 2500, 4, 0, 0, 0, 0, 0, '')",
                rusqlite::params![card, id, ord, i % 40],
            )
            .unwrap();
            for (k, ease) in [3, 3, 1, 3].into_iter().enumerate() {
                tx.execute(
                    "INSERT INTO revlog (id, cid, usn, ease, ivl, lastIvl, factor, time, type)
                     VALUES (?1, ?2, -1, ?3, 1, 0, 2500, 5000, 1)",
                    rusqlite::params![
                        1_600_000_000_000 + card * 10 + k as i64 * 86_400_000 * 3,
                        card,
                        ease
                    ],
                )
                .unwrap();
            }
        }
    }
    tx.commit().unwrap();
    drop(conn);
    std::fs::read(&path).unwrap()
}

fn zip(name: &str, bytes: &[u8]) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    if name == "collection.anki21b" {
        writer.start_file("meta", options).unwrap();
        writer.write_all(&[0x08, 0x03]).unwrap();
    }
    writer.start_file(name, options).unwrap();
    writer.write_all(bytes).unwrap();
    writer.finish().unwrap().into_inner()
}

fn bench(c: &mut Criterion) {
    let sqlite = grown_collection();
    let legacy = zip("collection.anki21", &sqlite);
    let zstd =
        ruzstd::encoding::compress_to_vec(&sqlite[..], ruzstd::encoding::CompressionLevel::Fastest);
    let current = zip("collection.anki21b", &zstd);
    let options = Options {
        with_history: true,
        ..Options::default()
    };
    let mut group = c.benchmark_group("anki_import_20000_cards_with_history");
    group.sample_size(10);
    for (label, bytes) in [("anki21", &legacy), ("anki21b", &current)] {
        group.bench_function(label, |b| {
            b.iter(|| {
                let imported =
                    anki::import_reader(Cursor::new(bytes.as_slice()), "bench.apkg", &options)
                        .unwrap();
                assert_eq!(imported.schedules.len(), 2 * NOTES as usize);
                black_box(imported)
            })
        });
    }
    let without = Options::default();
    group.bench_function("anki21_without_history", |b| {
        b.iter(|| {
            let imported =
                anki::import_reader(Cursor::new(legacy.as_slice()), "bench.apkg", &without)
                    .unwrap();
            assert_eq!(imported.converted, 2 * NOTES as usize + 10);
            black_box(imported)
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
