//! Moodle XML import and export: the all-types fixture with its expected questions, skip
//! reasons and warning places; hostile files (DTDs, entity bombs, external entities, bidi
//! characters); what skillgap writes checked against the rules Moodle's importer applies;
//! the bundled bank's round trip; the commands end to end; and a seeded mutation run.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod formats_support;

use roxmltree::{Document, Node};
use skillgap::formats::moodle::{self, export, import};
use skillgap::pack::{self, Kind, Pack, Question};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/moodle")
        .join(name)
}

fn read(name: &str) -> String {
    std::fs::read_to_string(fixture(name)).unwrap()
}

fn question<'a>(pack: &'a Pack, id: &str) -> &'a Question {
    pack.question(id)
        .unwrap_or_else(|| panic!("no question `{id}`"))
}

fn messages(imported: &skillgap::formats::Imported) -> Vec<String> {
    imported
        .warnings
        .iter()
        .map(|w| w.render("t.xml"))
        .collect()
}

#[test]
fn every_question_type_maps_as_documented() {
    let imported = import::import(&read("bank.xml"), "bank.xml");
    let pack = imported.pack.as_ref().expect("a pack");
    assert_eq!(imported.converted, 9);
    assert_eq!(imported.skipped, 3);
    assert_eq!(
        imported.skipped_why,
        vec![
            ("calculated".to_owned(), 1),
            ("cloze".to_owned(), 1),
            ("description".to_owned(), 1)
        ]
    );
    assert_eq!(
        imported.summary(),
        "9 questions in 2 categories, 3 skipped (1 calculated, 1 cloze, 1 description), 11 warnings"
    );
    // Categories: `<idnumber>` → id, `<info>` → description, `//` is a slash in a name.
    let titles: Vec<(&str, &str)> = pack
        .categories
        .iter()
        .map(|c| (c.id.as_str(), c.title.as_str()))
        .collect();
    assert_eq!(
        titles,
        vec![
            ("db", "Databases"),
            ("performance-latency", "Performance/Latency")
        ]
    );
    assert_eq!(
        pack.categories[0].description.as_deref(),
        Some("Storing and querying data.")
    );

    let q = question(pack, "db-default-index");
    assert_eq!(q.tags, vec!["postgresql", "indexing"]);
    assert_eq!(
        q.prompt,
        "Which index type does `CREATE INDEX` build in PostgreSQL?\n\n[image: index.png]"
    );
    assert_eq!(q.explanation, "B-tree is the default.");
    match &q.kind {
        Kind::Single {
            choices, answer, ..
        } => {
            assert_eq!(*answer, 0);
            assert_eq!(choices[1].why.as_deref(), Some("Hash must be asked for."));
            assert_eq!(choices[2].why, None);
        }
        other => panic!("{other:?}"),
    }

    let q = question(pack, "acid-letters");
    assert!(!q.shuffle, "shuffleanswers 0 keeps the order");
    match &q.kind {
        Kind::Multi {
            correct, choices, ..
        } => {
            assert_eq!(correct, &vec![0, 1]);
            assert_eq!(choices[2].why.as_deref(), Some("That is CAP."));
        }
        other => panic!("{other:?}"),
    }

    let q = question(pack, "sqlite-is-serverless");
    assert!(matches!(q.kind, Kind::TrueFalse { answer: true, .. }));
    assert_eq!(
        q.explanation,
        "It is a library.\n\nIt has no server process."
    );

    match &question(pack, "keyword").kind {
        Kind::Short {
            accept,
            case_sensitive,
            ..
        } => {
            assert_eq!(accept, &vec!["DISTINCT", "UNIQUE", "a*b"]);
            assert!(*case_sensitive, "usecase 1");
        }
        other => panic!("{other:?}"),
    }

    let q = question(pack, "port");
    assert!(
        matches!(q.kind, Kind::Numeric { answer, tolerance, .. } if answer == 5432.0 && tolerance == 0.0)
    );
    assert_eq!(q.explanation, "Right.\n\nLook it up in postgresql.conf.");
    match &question(pack, "latency").kind {
        Kind::Numeric {
            answer,
            tolerance,
            unit,
            ..
        } => {
            assert_eq!((*answer, *tolerance), (10.0, 2.0));
            assert_eq!(unit.as_deref(), Some("ms"));
        }
        other => panic!("{other:?}"),
    }
    match &question(pack, "match-stores").kind {
        Kind::Match {
            pairs, distractors, ..
        } => {
            assert_eq!(pairs.len(), 2);
            assert_eq!(distractors, &vec!["graph"]);
        }
        other => panic!("{other:?}"),
    }
    let q = question(pack, "explain-n-1");
    assert_eq!(q.code.as_ref().map(|c| c.language.as_str()), Some("python"));
    match &q.kind {
        Kind::Open { model_answer, .. } => {
            assert_eq!(model_answer, "One query per row instead of a join.")
        }
        other => panic!("{other:?}"),
    }
    match &question(pack, "request-order").kind {
        Kind::Order { items, .. } => {
            assert_eq!(items, &vec!["DNS lookup", "TCP handshake", "HTTP request"])
        }
        other => panic!("{other:?}"),
    }

    let places: Vec<(usize, usize)> = imported.warnings.iter().map(|w| (w.line, w.col)).collect();
    let rendered = messages(&imported);
    assert!(
        places.contains(&(18, 5)),
        "the image in question 1: {rendered:#?}"
    );
    assert!(
        rendered
            .iter()
            .any(|m| m.contains("@@PLUGINFILE@@/index.png"))
    );
    assert!(
        rendered
            .iter()
            .any(|m| m.contains("embedded file `index.png`"))
    );
    assert!(rendered.iter().any(|m| m.contains("`Cloze` skipped")));
    assert!(rendered.iter().any(|m| m.contains("the unit `us`")));
    assert!(rendered.iter().any(|m| m.contains("5433 (50%)")));
}

#[test]
fn dtds_entity_bombs_and_external_entities_are_refused() {
    let bomb = r#"<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<quiz><question type="truefalse"><name><text>&lol3;</text></name></question></quiz>"#;
    let external = r#"<?xml version="1.0"?>
<!DOCTYPE quiz [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<quiz><question type="essay"><name><text>&secret;</text></name></question></quiz>"#;
    for input in [bomb, external] {
        let imported = import::import(input, "hostile.xml");
        assert!(imported.pack.is_none());
        let rendered = messages(&imported);
        assert_eq!(rendered.len(), 1, "{rendered:#?}");
        assert!(
            rendered[0].contains("t.xml:2:1: warning: the file has a DOCTYPE"),
            "{rendered:#?}"
        );
        assert!(rendered[0].contains("remove the <!DOCTYPE"));
    }
    let unknown =
        "<quiz><question type=\"essay\"><name><text>&nbsp;</text></name></question></quiz>";
    let rendered = messages(&import::import(unknown, "u.xml"));
    assert!(
        rendered[0].contains("unknown entity `&nbsp;`"),
        "{rendered:#?}"
    );
    let not_quiz = "<html><body/></html>";
    let rendered = messages(&import::import(not_quiz, "n.xml"));
    assert!(rendered[0].contains("the root element is <html>, not <quiz>"));
}

#[test]
fn control_and_bidi_characters_are_removed_and_reported() {
    let input = "<quiz><question type=\"shortanswer\"><name><text>Trojan\u{202E}name</text></name>\
        <questiontext format=\"html\"><text>Say &amp;#x202E;hi\u{2066}</text></questiontext>\
        <answer fraction=\"100\"><text>h\u{202E}i</text></answer></question></quiz>";
    let imported = import::import(input, "bidi.xml");
    let pack = imported.pack.as_ref().expect("a pack");
    let q = &pack.questions[0];
    assert_eq!(q.id, "trojanname");
    assert!(!skillgap::text::has_forbidden(&q.prompt), "{:?}", q.prompt);
    assert!(matches!(&q.kind, Kind::Short { accept, .. } if accept == &vec!["hi".to_owned()]));
    let removals = messages(&imported)
        .iter()
        .filter(|m| m.contains("removed 1 control or bidirectional-override character"))
        .count();
    assert!(removals >= 3, "{:#?}", messages(&imported));
}

/// The checks Moodle's XML importer (`question/format/xml/format.php`), its import process
/// (`question/format.php`: every fraction must be one of the grade options) and the question
/// types' `save_question_options` apply to a file.
fn moodle_accepts(xml: &str) -> Result<usize, String> {
    let doc = Document::parse(xml).map_err(|e| format!("not XML: {e}"))?;
    let root = doc.root_element();
    if root.tag_name().name() != "quiz" {
        return Err("root is not <quiz>".to_owned());
    }
    let text = |node: Node, name: &str| -> Option<String> {
        let element = node.children().find(|n| n.has_tag_name(name))?;
        let holder = element
            .children()
            .find(|n| n.has_tag_name("text"))
            .unwrap_or(element);
        Some(holder.text().unwrap_or("").trim().to_owned())
    };
    let grade_ok = |fraction: f64| {
        fraction == 0.0
            || moodle::MOODLE_GRADES
                .iter()
                .any(|g| (fraction.abs() / 100.0 - g / 100.0).abs() < 0.00001)
    };
    let mut questions = 0;
    for q in root.children().filter(|n| n.has_tag_name("question")) {
        let kind = q.attribute("type").ok_or("a question without type")?;
        if kind == "category" {
            let path = text(q, "category").ok_or("category without path")?;
            if !path.starts_with("$course$/top/") {
                return Err(format!("category path {path}"));
            }
            continue;
        }
        questions += 1;
        let name = text(q, "name").unwrap_or_default();
        if name.is_empty() {
            return Err("xmlimportnoname: a question without a name".to_owned());
        }
        let qtext = q.children().find(|n| n.has_tag_name("questiontext"));
        if qtext.and_then(|t| t.attribute("format")) != Some("html") {
            return Err(format!("{name}: questiontext without format"));
        }
        let answers: Vec<Node> = q.children().filter(|n| n.has_tag_name("answer")).collect();
        let fractions: Vec<f64> = answers
            .iter()
            .map(|a| {
                a.attribute("fraction")
                    .unwrap_or("0")
                    .parse::<f64>()
                    .unwrap_or(f64::NAN)
            })
            .collect();
        match kind {
            "multichoice" | "shortanswer" | "numerical" | "truefalse" => {
                if let Some(bad) = fractions.iter().find(|f| !grade_ok(**f)) {
                    return Err(format!("{name}: invalid grade {bad}"));
                }
            }
            _ => {}
        }
        let max = fractions.iter().copied().fold(f64::MIN, f64::max);
        match kind {
            "multichoice" => {
                let single = text(q, "single").ok_or("no <single>")?;
                if single == "true" {
                    if (max - 100.0).abs() > 0.001 {
                        return Err(format!("{name}: fractionsnomax {max}"));
                    }
                } else {
                    let total: f64 = fractions.iter().filter(|f| **f > 0.0).sum::<f64>() / 100.0;
                    if (total * 100.0).round() / 100.0 != 1.0 {
                        return Err(format!("{name}: fractionsaddwrong {total}"));
                    }
                }
                if answers.len() < 2 {
                    return Err(format!("{name}: notenoughanswers"));
                }
            }
            "shortanswer" => {
                if (max - 100.0).abs() > 0.001 {
                    return Err(format!("{name}: fractionsnomax"));
                }
                for a in &answers {
                    let form = text(*a, "text").unwrap_or_default();
                    let bare_star = form.replace("\\*", "").contains('*');
                    if bare_star {
                        return Err(format!("{name}: a wildcard in {form}"));
                    }
                }
            }
            "truefalse" => {
                let words: Vec<String> = answers
                    .iter()
                    .map(|a| text(*a, "text").unwrap_or_default())
                    .collect();
                if words != ["true", "false"] {
                    return Err(format!("{name}: true/false answers {words:?}"));
                }
            }
            "numerical" => {
                for a in &answers {
                    let value = text(*a, "text").unwrap_or_default();
                    if value != "*" && value.parse::<f64>().is_err() {
                        return Err(format!("{name}: not a number {value}"));
                    }
                }
            }
            "matching" => {
                let subs = q
                    .children()
                    .filter(|n| n.has_tag_name("subquestion"))
                    .count();
                if subs < 2 {
                    return Err(format!("{name}: notenoughquestions"));
                }
            }
            "essay" | "ordering" => {}
            other => return Err(format!("{name}: unexpected type {other}")),
        }
    }
    Ok(questions)
}

#[test]
fn the_bundled_bank_round_trips_through_moodle_xml_as_moodle_accepts_it() {
    let bank = pack::load_bundled().unwrap();
    let exported = export::export(&bank);
    assert!(exported.skipped.is_empty(), "{:#?}", exported.skipped);
    assert_eq!(exported.written, bank.questions.len());
    assert_eq!(moodle_accepts(&exported.text), Ok(bank.questions.len()));
    let again = import::import(&exported.text, "bank.xml");
    assert!(again.warnings.is_empty(), "{:#?}", messages(&again));
    let again = again.pack.expect("a pack");
    assert_eq!(again.questions.len(), bank.questions.len());
    for q in &bank.questions {
        let back = question(&again, &q.id);
        assert_eq!(back.prompt, q.prompt, "{}", q.id);
        assert_eq!(back.code, q.code, "{}", q.id);
        assert_eq!(back.explanation, q.explanation, "{}", q.id);
        assert_eq!(back.references, q.references, "{}", q.id);
        assert_eq!(back.tags, q.tags, "{}", q.id);
        assert_eq!(back.shuffle, q.shuffle, "{}", q.id);
        let category = |p: &Pack, id: &str| p.category(id).map(|c| c.title.clone());
        assert_eq!(
            category(&again, &back.category),
            category(&bank, &q.category)
        );
        match (&q.kind, &back.kind) {
            // Typo tolerance has no Moodle form (reported on export).
            (
                Kind::Short {
                    accept: a,
                    case_sensitive: c,
                    ..
                },
                Kind::Short {
                    accept: b,
                    case_sensitive: d,
                    ..
                },
            ) => assert_eq!((a, c), (b, d), "{}", q.id),
            (a, b) => assert_eq!(a, b, "{}", q.id),
        }
    }
    let typo_notes = exported
        .approximated
        .iter()
        .filter(|n| n.message.contains("typo"))
        .count();
    let with_typos = bank
        .questions
        .iter()
        .filter(|q| matches!(q.kind, Kind::Short { typos, .. } if typos > 0))
        .count();
    assert_eq!(typo_notes, with_typos);
}

fn multi_with_right(k: usize) -> Pack {
    let choices: String = (0..k + 2)
        .map(|i| format!("(text: \"choice {i} *\", correct: {}),", i < k))
        .collect();
    let ron = format!(
        r#"Pack(id: "m", title: "M", version: "1",
        categories: [(id: "c", title: "C")],
        questions: [(id: "many", category: "c", difficulty: Easy, prompt: "Pick all.",
            kind: Multi(choices: [{choices}]), explanation: "Because."),
          (id: "star", category: "c", difficulty: Easy, prompt: "Type it.",
            kind: Short(accept: ["a*b"]), explanation: "Because.")])"#
    );
    pack::load_str("m.ron", &ron).unwrap()
}

#[test]
fn many_right_choices_get_moodle_grades_summing_to_100_and_stars_are_literal() {
    for k in [1, 3, 7, 11, 12, 19, 20] {
        let exported = export::export(&multi_with_right(k));
        assert_eq!(
            moodle_accepts(&exported.text),
            Ok(2),
            "k = {k}\n{}",
            exported.text
        );
        assert!(exported.text.contains("<text>a\\*b</text>"));
        let back = import::import(&exported.text, "m.xml").pack.unwrap();
        assert!(
            matches!(&question(&back, "many").kind, Kind::Multi { correct, .. } if correct.len() == k)
        );
        assert!(
            matches!(&question(&back, "star").kind, Kind::Short { accept, .. } if accept == &vec!["a*b".to_owned()])
        );
    }
    let exported = export::export(&multi_with_right(21));
    assert_eq!(exported.skipped.len(), 1);
    assert!(exported.skipped[0].message.contains("21 right choices"));
}

fn skillgap(args: &[&str], data: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_skillgap"))
        .args(args)
        .env("SKILLGAP_HOME", data)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

#[test]
fn pack_import_prints_one_line_and_writes_an_installable_pack() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let file = dir.path().join("backend.xml");
    std::fs::copy(fixture("bank.xml"), &file).unwrap();
    let out = skillgap(&["pack", "import", file.to_str().unwrap()], &data);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    assert!(stdout.contains("(pack `backend-import`): 9 questions in 2 categories, 3 skipped (1 calculated, 1 cloze, 1 description), 12 warnings"), "{stdout}");
    let ron = dir.path().join("backend.ron");
    let out = skillgap(&["pack", "install", ron.to_str().unwrap()], &data);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let xml = dir.path().join("again.xml");
    let out = skillgap(
        &[
            "pack",
            "export",
            "backend-import",
            "--to",
            "moodle-xml",
            "-o",
            xml.to_str().unwrap(),
        ],
        &data,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        moodle_accepts(&std::fs::read_to_string(&xml).unwrap()),
        Ok(9)
    );

    let anki = dir.path().join("deck.apkg");
    std::fs::write(&anki, b"PK\x03\x04").unwrap();
    let out = skillgap(&["pack", "import", anki.to_str().unwrap()], &data);
    // An .apkg goes to the Anki importer, which names what is wrong with this one.
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("zip"), "{stderr}");

    let doc = dir.path().join("notes.doc");
    std::fs::write(&doc, "x").unwrap();
    let out = skillgap(&["pack", "import", doc.to_str().unwrap()], &data);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--from gift|moodle-xml|aiken"));
}

const PIECES: &[&str] = &[
    "<question type=\"multichoice\">",
    "<question type=\"numerical\">",
    "</question>",
    "<answer fraction=\"-50\">",
    "<answer fraction=\"1e308\">",
    "</answer>",
    "<text>",
    "</text>",
    "<![CDATA[<p>x</p>]]>",
    "]]>",
    "&amp;",
    "&#x202E;",
    "&#0;",
    "&lol;",
    "<!DOCTYPE x>",
    "<subquestion>",
    "<units><unit><multiplier>0</multiplier><unit_name>m</unit_name></unit></units>",
    "<tolerance>-1</tolerance>",
    "<img src=\"@@PLUGINFILE@@/a.png\">",
    "\u{202E}",
    "\u{1b}",
    "\"",
    "<",
    ">",
    "=",
    "/",
    "<single>false</single>",
    "<usecase>1</usecase>",
    "*",
    "\\*",
];

/// Balanced fragments: inserted after a `>` or put in place of a text, they keep the file
/// well-formed, so the mutants reach the conversion of every question type.
const FRAGMENTS: &[&str] = &[
    "<answer fraction=\"-50\"><text>x</text></answer>",
    "<answer fraction=\"100\"><text>*</text><tolerance>nan</tolerance></answer>",
    "<answer fraction=\"1e308\"><text>1e308</text></answer>",
    "<answer fraction=\"abc\"/>",
    "<subquestion format=\"html\"><text></text><answer><text>y</text></answer></subquestion>",
    "<units><unit><multiplier>0</multiplier><unit_name>m</unit_name></unit></units>",
    "<single>false</single>",
    "<single>true</single>",
    "<usecase>1</usecase>",
    "<shuffleanswers>0</shuffleanswers>",
    "<idnumber>dup</idnumber>",
    "<idnumber>x y!</idnumber>",
    "<tags><tag><text>t</text></tag><tag><text></text></tag></tags>",
    "<question type=\"category\"><category><text>$course$/top</text></category></question>",
    "<question type=\"category\"><category><text>a//b/c</text></category></question>",
    "<question type=\"matching\"><name><text>m</text></name></question>",
    "<question type=\"numerical\"><questiontext><text>n</text></questiontext></question>",
    "<question type=\"ordering\"><answer><text>a</text></answer></question>",
    "<question type=\"truefalse\"><answer fraction=\"100\"><text>vrai</text></answer></question>",
    "<graderinfo format=\"html\"><text>Rubric:\n- a</text></graderinfo>",
    "<file name=\"a\u{202E}.png\" encoding=\"base64\">AA==</file>",
    "&#x202E;",
    "&#x85;",
    "&lt;pre&gt;&lt;code class=\"language-\"&gt;x",
    "&lt;img src=x&gt;",
    "&lt;a href=\"@@PLUGINFILE@@/s.mp3\"&gt;s&lt;/a&gt;",
    "\u{2066}",
    "-0",
    "0.0000001",
    "",
    "Rubric:\n- a\n- b",
    "References:\n- x",
];

fn mutate_xml(base: &str, rng: &mut formats_support::Rng) -> String {
    let mut text = base.to_owned();
    for _ in 0..1 + rng.below(8) {
        let closes: Vec<usize> = text.match_indices('>').map(|(i, _)| i + 1).collect();
        let at = closes[rng.below(closes.len())];
        let piece = FRAGMENTS[rng.below(FRAGMENTS.len())];
        let text_end = text[at..].find('<').map_or(text.len(), |i| at + i);
        let in_cdata = text[..at].ends_with("<![CDATA[")
            || text[..at].rfind("<![CDATA[") > text[..at].rfind("]]>");
        if rng.below(2) == 0 || in_cdata {
            text.insert_str(at, piece);
        } else {
            text.replace_range(at..text_end, piece);
        }
    }
    text
}

#[test]
fn mutated_files_never_panic_and_what_imports_validates_and_round_trips() {
    let base = read("bank.xml");
    let mut rng = formats_support::Rng::new(0x5eed_0013);
    let cases = formats_support::cases();
    let mut imported_some = 0;
    for _ in 0..cases {
        // Half the mutants break the XML anywhere; half stay well-formed.
        let input = if rng.below(2) == 0 {
            formats_support::mutate(&base, PIECES, &mut rng)
        } else {
            mutate_xml(&base, &mut rng)
        };
        let result = import::import(&input, "fuzz.xml");
        for warning in &result.warnings {
            assert!(!skillgap::text::has_forbidden(&warning.render("fuzz.xml")));
        }
        if let Some(pack) = &result.pack {
            imported_some += 1;
            let ron = pack::canonical::to_ron(pack).unwrap();
            pack::load_str("fuzz.ron", &ron).unwrap();
            let exported = export::export(pack);
            moodle_accepts(&exported.text).unwrap();
            let again = import::import(&exported.text, "again.xml");
            assert_eq!(again.converted, exported.written, "{:#?}", messages(&again));
        }
    }
    // Most mutants are no longer well-formed XML; enough must import to exercise the rest.
    assert!(
        imported_some > cases / 100,
        "{imported_some} of {cases} mutants imported"
    );
    eprintln!("{imported_some} of {cases} mutants imported");
}

#[test]
fn moodle_test_file_shapes_are_read() {
    let imported = import::import(&read("nested.xml"), "nested.xml");
    let pack = imported.pack.as_ref().expect("a pack");
    let categories: Vec<(&str, &str, Option<&str>)> = pack
        .categories
        .iter()
        .map(|c| (c.id.as_str(), c.title.as_str(), c.description.as_deref()))
        .collect();
    // An idnumber that is no valid id gives way to the title; `top` may be missing.
    assert_eq!(
        categories,
        vec![
            ("outer", "Outer", Some("The outer category")),
            ("inner", "Inner", Some("The *inner* one"))
        ]
    );
    let q = question(pack, "t-f");
    assert!(matches!(q.kind, Kind::TrueFalse { answer: false, .. }));
    assert_eq!(q.explanation, "It is not.");
    match &question(pack, "inner-essay").kind {
        Kind::Open {
            model_answer,
            rubric,
            ..
        } => {
            assert_eq!(
                model_answer,
                "No model answer was given in the Moodle XML file."
            );
            assert_eq!(rubric.len(), 1);
        }
        other => panic!("{other:?}"),
    }
    let rendered = messages(&imported);
    assert!(
        rendered
            .iter()
            .any(|m| m.contains("question id `T & F` is not a valid id"))
    );
    assert!(
        rendered
            .iter()
            .any(|m| m.contains("essay without grader information"))
    );
}
