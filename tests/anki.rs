//! `skillgap pack import` of Anki packages: every package version (fixtures made by Anki and
//! genanki, `scripts/anki_fixtures.py`), what maps to what, the placeholder collection,
//! bombs, and `--with-history` checked against what Anki itself says is due.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use skillgap::formats::anki::{self, Limits, Options, Version};
use skillgap::pack::{self, Kind, Pack};
use std::io::{Cursor, Write as _};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/anki")
        .join(name)
}

fn skillgap(data: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_skillgap"))
        .args(args)
        .env("SKILLGAP_HOME", data)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// Imports `package` with the CLI into `dir` and loads the written pack with the validator.
fn import_cli(dir: &Path, package: &Path, extra: &[&str]) -> (Pack, String) {
    let out = dir.join(format!(
        "{}.ron",
        package.file_name().unwrap().to_string_lossy()
    ));
    let mut args = vec![
        "pack",
        "import",
        package.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let output = skillgap(&dir.join("data"), &args);
    assert!(output.status.success(), "{}", text(&output));
    let validate = skillgap(
        &dir.join("data"),
        &["pack", "validate", out.to_str().unwrap()],
    );
    assert!(validate.status.success(), "{}", text(&validate));
    (pack::load_path(&out).unwrap(), text(&output))
}

fn question<'p>(pack: &'p Pack, prompt: &str) -> &'p pack::Question {
    pack.questions
        .iter()
        .find(|q| q.prompt == prompt)
        .unwrap_or_else(|| panic!("no question {prompt:?} in {:#?}", pack.questions))
}

fn open_answer(question: &pack::Question) -> &str {
    match &question.kind {
        Kind::Open {
            model_answer,
            rubric,
            ..
        } => {
            assert_eq!(rubric.len(), 1);
            model_answer
        }
        other => panic!("{other:?} is not Open"),
    }
}

fn short_accept(question: &pack::Question) -> Vec<String> {
    match &question.kind {
        Kind::Short { accept, .. } => accept.clone(),
        other => panic!("{other:?} is not Short"),
    }
}

#[test]
fn legacy_current_and_colpkg_give_the_same_questions() {
    let dir = tempfile::tempdir().unwrap();
    let (legacy, _) = import_cli(dir.path(), &fixture("legacy.apkg"), &[]);
    let (current, summary) = import_cli(dir.path(), &fixture("current.apkg"), &[]);
    let (colpkg, _) = import_cli(dir.path(), &fixture("current.colpkg"), &[]);
    assert!(
        summary.contains(
            "10 questions in 3 categories, 0 skipped, 1 warning, 2 media files referenced"
        ),
        "{summary}"
    );
    assert!(summary.contains("flag.png, japan.mp3"), "{summary}");
    for other in [&legacy, &colpkg] {
        assert_eq!(other.questions, current.questions);
        assert_eq!(other.categories, current.categories);
    }
    let pack = current;
    let titles: Vec<&str> = pack.categories.iter().map(|c| c.title.as_str()).collect();
    assert_eq!(titles, ["Spanish::Verbs", "Spanish", "Geography"]);
    // Basic: HTML reduced, tags kept, deck as category.
    let eat = question(&pack, "to eat");
    assert_eq!(open_answer(eat), "comer");
    assert_eq!(eat.tags, ["spanish", "verbs"]);
    assert_eq!(eat.category, "spanish-verbs");
    assert_eq!(
        open_answer(question(&pack, "to drink\n(infinitive)")),
        "beber & tomar"
    );
    // Reversed: both directions.
    assert_eq!(open_answer(question(&pack, "dog")), "perro");
    assert_eq!(open_answer(question(&pack, "perro")), "dog");
    // Optional reversed with the reverse field empty: one card only.
    assert_eq!(open_answer(question(&pack, "Everest")), "highest mountain");
    assert!(
        !pack
            .questions
            .iter()
            .any(|q| q.prompt == "highest mountain")
    );
    // Type-in: Short.
    assert_eq!(
        short_accept(question(&pack, "Capital of Spain?")),
        ["Madrid"]
    );
    // Cloze: one Short per number, the other deletions shown, the hint kept, Extra explains.
    let one = question(&pack, "[...] is the capital of France.");
    assert_eq!(short_accept(one), ["Paris"]);
    assert_eq!(one.explanation, "Seine river");
    assert_eq!(
        short_accept(question(&pack, "Paris is the capital of [country].")),
        ["France"]
    );
    // Media named in the text.
    assert_eq!(
        open_answer(question(&pack, "Which flag? [image: flag.png]")),
        "Japan [sound: japan.mp3]"
    );
    // Another note type: what its template asks and answers.
    assert_eq!(
        open_answer(question(&pack, "El gato duerme.")),
        "gato\n\ncat"
    );
}

#[test]
fn genanki_collection_anki2_with_a_subdeck() {
    let dir = tempfile::tempdir().unwrap();
    let (pack, summary) = import_cli(dir.path(), &fixture("genanki.apkg"), &[]);
    assert!(
        summary.contains("5 questions in 2 categories, 0 skipped"),
        "{summary}"
    );
    assert_eq!(pack.meta.title, "Capitals");
    assert_eq!(pack.meta.id, "genanki");
    let italy = question(&pack, "Capital of Italy?");
    assert_eq!(open_answer(italy), "Rome");
    assert_eq!(
        pack.category(&italy.category).unwrap().title,
        "Capitals::Europe"
    );
    assert_eq!(
        short_accept(question(&pack, "[...] is in Germany")),
        ["Berlin"]
    );
    assert_eq!(
        short_accept(question(&pack, "Berlin is in [...]")),
        ["Germany"]
    );
    let reading = anki::import_file(&fixture("genanki.apkg"), "g.apkg", &Options::default());
    assert_eq!(reading.unwrap().version, Version::Anki2);
}

/// A zip of `entries`, stored or deflated.
fn zip(entries: &[(&str, &[u8])], deflate: bool) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let method = if deflate {
        zip::CompressionMethod::Deflated
    } else {
        zip::CompressionMethod::Stored
    };
    let options = zip::write::SimpleFileOptions::default().compression_method(method);
    for (name, bytes) in entries {
        writer.start_file(*name, options).unwrap();
        writer.write_all(bytes).unwrap();
    }
    writer.finish().unwrap().into_inner()
}

fn member(package: &Path, name: &str) -> Vec<u8> {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(package).unwrap()).unwrap();
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(&mut archive.by_name(name).unwrap(), &mut bytes).unwrap();
    bytes
}

fn import_bytes(bytes: Vec<u8>, limits: Limits) -> Result<anki::Imported, anki::ImportError> {
    anki::import_reader(
        Cursor::new(bytes),
        "t.apkg",
        &Options {
            limits,
            with_history: true,
        },
    )
}

#[test]
fn the_placeholder_collection_is_never_taken_for_the_deck() {
    let current = fixture("current.apkg");
    let placeholder = member(&current, "collection.anki2");
    // The real collection wins even when the placeholder comes first in the archive.
    let both = zip(
        &[
            ("collection.anki2", &placeholder),
            (
                "collection.anki21b",
                &member(&current, "collection.anki21b"),
            ),
            ("meta", &member(&current, "meta")),
        ],
        false,
    );
    let imported = import_bytes(both, Limits::default()).unwrap();
    assert_eq!(imported.version, Version::Anki21b);
    assert_eq!(imported.converted, 10);
    // Alone, it is refused with a line saying why.
    let error = import_bytes(
        zip(&[("collection.anki2", &placeholder)], false),
        Limits::default(),
    )
    .unwrap_err();
    assert!(error.to_string().contains("placeholder"), "{error}");
    // Through the CLI, nothing is written.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.apkg");
    std::fs::write(&path, zip(&[("collection.anki2", &placeholder)], false)).unwrap();
    let output = skillgap(dir.path(), &["pack", "import", path.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        text(&output).contains("old.apkg: it holds only the placeholder"),
        "{}",
        text(&output)
    );
    assert!(!dir.path().join("old.ron").exists());
}

const SMALL: Limits = Limits {
    package_bytes: 64 * 1024 * 1024,
    collection_bytes: 1024 * 1024,
    media_list_bytes: 64 * 1024,
    entries: 100,
};

#[test]
fn zip_and_zstd_bombs_stop_at_the_limit() {
    let zeros = vec![0u8; 16 * 1024 * 1024];
    let deflated = zip(&[("collection.anki21", &zeros)], true);
    assert!(deflated.len() < 200 * 1024);
    let error = import_bytes(deflated, SMALL).unwrap_err();
    assert!(
        matches!(
            &error,
            anki::ImportError::Package(anki::package::PackageError::Bomb { member, limit })
                if member == "collection.anki21" && *limit == SMALL.collection_bytes
        ),
        "{error:?}"
    );
    assert!(
        error
            .to_string()
            .contains("collection.anki21 decompresses to more than 1 MiB"),
        "{error}"
    );
    let zstd =
        ruzstd::encoding::compress_to_vec(&zeros[..], ruzstd::encoding::CompressionLevel::Fastest);
    let bomb = zip(
        &[("meta", &[0x08, 0x03]), ("collection.anki21b", &zstd)],
        false,
    );
    let error = import_bytes(bomb.clone(), SMALL).unwrap_err();
    assert!(
        error
            .to_string()
            .contains("collection.anki21b decompresses to more than 1 MiB"),
        "{error}"
    );
    let media_bomb = zip(
        &[
            ("meta", &[0x08, 0x03]),
            ("collection.anki21b", &zstd),
            ("media", &zstd),
        ],
        false,
    );
    let error = import_bytes(media_bomb, SMALL).unwrap_err();
    assert!(
        error
            .to_string()
            .contains("media decompresses to more than"),
        "{error}"
    );
    let too_big = Limits {
        package_bytes: 10,
        ..SMALL
    };
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bomb.apkg");
    std::fs::write(&path, &bomb).unwrap();
    let error = anki::import_file(
        &path,
        "bomb.apkg",
        &Options {
            limits: too_big,
            with_history: false,
        },
    )
    .unwrap_err();
    assert!(
        error.to_string().contains("over the 0 MiB limit"),
        "{error}"
    );
}

#[test]
fn not_a_package_says_what_it_expected() {
    let error = import_bytes(b"hello".to_vec(), SMALL).unwrap_err();
    assert!(
        error.to_string().contains("not a readable zip archive"),
        "{error}"
    );
    let error = import_bytes(zip(&[("notes.txt", b"x")], false), SMALL).unwrap_err();
    assert!(
        error.to_string().contains("holds no Anki collection"),
        "{error}"
    );
    let error =
        import_bytes(zip(&[("collection.anki21", b"not sqlite")], false), SMALL).unwrap_err();
    assert!(error.to_string().contains("damaged"), "{error}");
    let dir = tempfile::tempdir().unwrap();
    let gift = dir.path().join("x.gift");
    std::fs::write(&gift, "::q:: a {T}").unwrap();
    // Not an Anki package: `pack import` takes it by its extension (GIFT here).
    let output = skillgap(dir.path(), &["pack", "import", gift.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output));
    assert!(dir.path().join("x.ron").is_file());
    // --with-history is for Anki packages only.
    let other = dir.path().join("y.gift");
    std::fs::write(&other, "::q:: a {T}").unwrap();
    let output = skillgap(
        dir.path(),
        &["pack", "import", other.to_str().unwrap(), "--with-history"],
    );
    assert_eq!(output.status.code(), Some(1));
    assert!(text(&output).contains("Anki packages"), "{}", text(&output));
}

/// Runs the fixture script; the anki and genanki Python packages are installed by `.ci/run`.
fn script(args: &[&str]) {
    let status = Command::new("python3")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/anki_fixtures.py"))
        .args(args)
        .stdout(Stdio::null())
        .status()
        .expect(
            "python3 is needed to make Anki packages: install it, then `pip install anki genanki`",
        );
    assert!(
        status.success(),
        "scripts/anki_fixtures.py {args:?} failed: `pip install anki genanki`"
    );
}

#[test]
fn a_real_sized_deck_imports_whole() {
    let dir = tempfile::tempdir().unwrap();
    script(&["big", dir.path().to_str().unwrap(), "2500"]);
    let (pack, summary) = import_cli(dir.path(), &dir.path().join("big.apkg"), &[]);
    assert!(
        summary.contains("2500 questions in 1 category, 0 skipped, 0 warnings"),
        "{summary}"
    );
    assert_eq!(pack.categories[0].title, "Big::Part");
    assert_eq!(
        open_answer(question(&pack, "Term 1234 of the deck")),
        "Definition 1234"
    );
    assert_eq!(question(&pack, "Term 34 of the deck").tags, ["t0"]);
}

#[derive(serde::Deserialize)]
struct Expected {
    cards: Vec<ExpectedCard>,
}

#[derive(serde::Deserialize)]
struct ExpectedCard {
    note_id: i64,
    front: String,
    due_now: bool,
    due_day: Option<String>,
    suspended: bool,
    anki_stability: Option<f64>,
    anki_difficulty: Option<f64>,
}

#[test]
fn with_history_cards_come_due_when_anki_would_show_them() {
    let dir = tempfile::tempdir().unwrap();
    script(&["history", dir.path().to_str().unwrap()]);
    let expected: Expected =
        serde_json::from_slice(&std::fs::read(dir.path().join("expected.json")).unwrap()).unwrap();
    let (pack, summary) = import_cli(
        dir.path(),
        &dir.path().join("history.apkg"),
        &["--with-history"],
    );
    let reviewed = expected
        .cards
        .iter()
        .filter(|c| c.due_day.is_some() && !c.suspended)
        .count();
    assert!(
        summary.contains(&format!("{reviewed} schedules from the review history")),
        "{summary}"
    );
    assert!(summary.contains("1 suspended card"), "{summary}");
    let store = skillgap::store::Store::open(&dir.path().join("data")).unwrap();
    let schedules = store.schedules(&pack.meta.id).unwrap();
    assert_eq!(schedules.len(), reviewed);
    let (mut worst_stability, mut worst_difficulty) = (0.0f64, 0.0f64);
    for card in &expected.cards {
        let id = format!("anki-{}-1", card.note_id);
        let state = schedules.get(&id);
        match (&card.due_day, card.suspended) {
            (Some(day), false) => {
                let state = state.unwrap_or_else(|| panic!("{id} has no schedule"));
                let ours = skillgap::learning::CalendarDate::of_ms(state.due_ms);
                let anki = skillgap::learning::CalendarDate::parse(day).unwrap();
                assert!(
                    (ours.days() - anki.days()).abs() <= 1,
                    "{id}: skillgap due {ours}, Anki due {anki}"
                );
                assert!(state.reps >= 2, "{state:?}");
                // The same memory as Anki's own FSRS computes from the same log.
                let (stability, difficulty) =
                    (card.anki_stability.unwrap(), card.anki_difficulty.unwrap());
                worst_stability = worst_stability.max((state.stability / stability - 1.0).abs());
                worst_difficulty = worst_difficulty.max((state.difficulty - difficulty).abs());
                assert_eq!(
                    state.content_hash,
                    pack.question(&id).unwrap().content_hash()
                );
            }
            _ => assert!(state.is_none(), "{id} should start as new"),
        }
    }
    println!(
        "stability within {worst_stability:.2e} (relative), difficulty within {worst_difficulty:.2e} of Anki's"
    );
    assert!(worst_stability < 0.01, "stability off by {worst_stability}");
    assert!(
        worst_difficulty < 0.01,
        "difficulty off by {worst_difficulty}"
    );
    // `quiz --mode due` asks exactly the cards Anki says are due: skip each one to list them.
    let mut child = Command::new(env!("CARGO_BIN_EXE_skillgap"))
        .args([
            "quiz", "--plain", "--mode", "due", "--count", "100", "--pack",
        ])
        .arg(dir.path().join("history.apkg.ron"))
        .env("SKILLGAP_HOME", dir.path().join("data"))
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all("\n".repeat(200).as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    let shown = String::from_utf8_lossy(&output.stdout);
    let mut asked: Vec<&str> = shown
        .lines()
        .filter(|line| {
            line.strip_prefix("Question ")
                .is_some_and(|n| n.chars().all(|c| c.is_ascii_digit()))
        })
        .collect();
    asked.sort_unstable();
    let mut due: Vec<&str> = expected
        .cards
        .iter()
        .filter(|c| c.due_now)
        .map(|c| c.front.as_str())
        .collect();
    due.sort_unstable();
    assert!(!due.is_empty());
    assert_eq!(asked, due, "{shown}");
}

/// The legacy fixture's collection changed by `sql`, packaged again.
fn legacy_changed(sql: &str) -> Vec<u8> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("c.anki21");
    std::fs::write(&path, member(&fixture("legacy.apkg"), "collection.anki21")).unwrap();
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch(sql).unwrap();
    drop(conn);
    zip(
        &[("collection.anki21", &std::fs::read(&path).unwrap())],
        false,
    )
}

#[test]
fn a_view_posing_as_a_table_is_refused() {
    let endless = legacy_changed(
        "ALTER TABLE notes RENAME TO real_notes;
         CREATE VIEW notes AS WITH RECURSIVE n(id) AS (SELECT 1 UNION ALL SELECT id + 1 FROM n)
             SELECT id, 1 AS mid, '' AS tags, 'a' AS flds FROM n;",
    );
    let error = import_bytes(endless, SMALL).unwrap_err();
    assert!(
        error.to_string().contains("holds no `notes` table"),
        "{error}"
    );
}

#[test]
fn control_and_bidi_characters_are_removed_and_reported() {
    let hostile = legacy_changed(
        "UPDATE notes SET flds = 'to \u{1b}[31meat\u{202e}' || char(31) || 'co&#27;mer',
             tags = ' ok bad\u{202e}tag '
         WHERE flds LIKE '%to eat%';",
    );
    let imported = import_bytes(hostile, SMALL).unwrap();
    let pack = imported.pack.as_ref().unwrap();
    let eat = question(pack, "to [31meat");
    assert_eq!(open_answer(eat), "comer");
    assert_eq!(eat.tags, ["ok", "badtag"]);
    let warning = imported
        .warnings
        .iter()
        .find(|w| w.message.contains("control or bidirectional"))
        .unwrap();
    assert!(
        warning
            .message
            .contains("removed 4 control or bidirectional-override characters from 1 note"),
        "{}",
        warning.message
    );
}

#[test]
fn anki_questions_survive_a_round_trip_through_gift() {
    let dir = tempfile::tempdir().unwrap();
    let (pack, _) = import_cli(dir.path(), &fixture("current.apkg"), &[]);
    let ron = dir.path().join("current.apkg.ron");
    let gift = dir.path().join("current.gift");
    let data = dir.path().join("data");
    let export = skillgap(
        &data,
        &[
            "pack",
            "export-gift",
            ron.to_str().unwrap(),
            "-o",
            gift.to_str().unwrap(),
        ],
    );
    assert!(export.status.success(), "{}", text(&export));
    let again = dir.path().join("again.ron");
    let import = skillgap(
        &data,
        &[
            "pack",
            "import-gift",
            gift.to_str().unwrap(),
            "-o",
            again.to_str().unwrap(),
        ],
    );
    assert!(import.status.success(), "{}", text(&import));
    let back = pack::load_path(&again).unwrap();
    assert_eq!(back.questions.len(), pack.questions.len());
    for before in &pack.questions {
        let after = question(&back, &before.prompt);
        assert_eq!(after.kind, before.kind, "{}", before.prompt);
        assert_eq!(after.explanation, before.explanation, "{}", before.prompt);
    }
}

#[test]
fn image_occlusion_cards_are_skipped_with_their_reason() {
    let occlusion = legacy_changed(
        "UPDATE notes SET flds = '{{c1::image-occlusion:rect:left=.1:top=.2:width=.3:height=.4}}'
             || char(31) || '<img src=\"skull.png\">'
         WHERE flds LIKE '%Paris%';",
    );
    let imported = import_bytes(occlusion, SMALL).unwrap();
    assert_eq!(imported.skipped.get("image occlusion card"), Some(&1));
    assert_eq!(imported.converted, 8);
}
