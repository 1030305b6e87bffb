//! Fixtures for the HTML report tests: a pack with a profile, a learner's history of answers
//! over six weeks (with confidences and an exam date), and a class of students' results
//! files from a seeded generator (one miskeyed question). Both can be filled with hostile
//! text.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

#[path = "../class_support/mod.rs"]
mod class_support;

use skillgap::cohort::results::Results;
use skillgap::pack::{self, Pack};
use skillgap::quiz::{self, Response};
use skillgap::store::{NewAnswer, NewSession, PackRef, Store};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Text a stranger might put in a pack or a results file to break out of the page.
pub const HOSTILE: [&str; 6] = [
    "<script>alert(1)</script>",
    "\"><img src=x onerror=alert(1)>",
    "javascript:alert(1)",
    "</style><style>body{display:none}</style>",
    "' onmouseover='alert(1)",
    "<svg onload=alert(1)><a href=\"javascript:alert(2)\">x</a></svg>",
];

/// Bidi overrides (Trojan Source): refused in packs, possible in results files.
pub const BIDI: &str = "\u{202E}evil\u{202C}\u{2066}";

/// A RON string literal of `text`.
fn ron(text: &str) -> String {
    format!("{text:?}")
}

/// Four categories of six single-choice questions, a profile with targets.
pub fn pack_text(hostile: bool) -> String {
    let titles = if hostile {
        [HOSTILE[0], HOSTILE[1], HOSTILE[3], HOSTILE[5]].map(str::to_owned)
    } else {
        ["SQL", "HTTP", "Concurrency", "Testing"].map(str::to_owned)
    };
    let ids = ["sql", "http", "conc", "test"];
    let categories: Vec<String> = ids
        .iter()
        .zip(&titles)
        .map(|(id, t)| format!("(id: \"{id}\", title: {})", ron(t)))
        .collect();
    let mut questions = Vec::new();
    for (c, id) in ids.iter().enumerate() {
        for q in 0..6 {
            let prompt = if hostile {
                HOSTILE[(c + q) % HOSTILE.len()].to_owned()
            } else {
                format!("Question {} of {id}?", q + 1)
            };
            let choice = if hostile {
                HOSTILE[(q + 1) % HOSTILE.len()]
            } else {
                "a distractor"
            };
            questions.push(format!(
                "(id: \"{id}{q}\", category: \"{id}\", difficulty: {}, prompt: {}, kind: Single(choices: [(text: \"the key\", correct: true), (text: {}), (text: \"another\")]), explanation: \"e\")",
                ["Easy", "Medium", "Hard"][q % 3],
                ron(&prompt),
                ron(choice)
            ));
        }
    }
    let profile_title = if hostile {
        HOSTILE[4]
    } else {
        "Backend developer"
    };
    format!(
        "Pack(id: \"demo\", title: {}, version: \"1.0.0\", categories: [{}], profiles: [(id: \"dev\", title: {}, targets: {{\"sql\": 0.8, \"http\": 0.7, \"conc\": 0.6, \"test\": 0.75}})], questions: [{}])",
        ron(if hostile { HOSTILE[2] } else { "Demo pack" }),
        categories.join(", "),
        ron(profile_title),
        questions.join(",\n")
    )
}

/// Deterministic pseudo-random numbers in 0..1 (a 64-bit LCG).
pub struct Lcg(u64);

impl Lcg {
    pub fn new(seed: u64) -> Lcg {
        Lcg(seed)
    }
    pub fn next(&mut self) -> f64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}

pub fn pack_ref(pack: &Pack) -> PackRef {
    PackRef {
        id: pack.meta.id.clone(),
        version: pack.meta.version.clone(),
        content_hash: pack.content_hash(),
    }
}

pub fn run(data: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_skillgap"))
        .args(args)
        .env("SKILLGAP_HOME", data)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

/// A learner's six weeks of answers to the pack at `pack_path`, with an exam date set
/// 30 days ahead. Returns the data directory.
pub fn learner(dir: &Path, pack_path: &Path, answers: usize) -> PathBuf {
    let data = dir.join("data");
    let pack = pack::load_str("demo.ron", &std::fs::read_to_string(pack_path).unwrap()).unwrap();
    let store = Store::open(&data).unwrap();
    let now = skillgap::store::now_ms();
    let session = store
        .start_session(&NewSession {
            mode: skillgap::quiz::Mode::Practice,
            seed: 1,
            filters_json: "{}".into(),
            packs: vec![pack_ref(&pack)],
            question_ids: vec![],
            time_limit_secs: None,
            profile: None,
            started_at_ms: now - 43 * 86_400_000,
        })
        .unwrap();
    let mut rng = Lcg::new(7);
    let span = 42 * 86_400_000_i64;
    let skill = [0.85, 0.55, 0.35, 0.7];
    let list: Vec<NewAnswer> = (0..answers)
        .map(|i| {
            let q = &pack.questions[i * 7 % pack.questions.len()];
            let c = pack
                .categories
                .iter()
                .position(|c| c.id == q.category)
                .unwrap();
            // Skill grows over the six weeks.
            let progress = i as f64 / answers.max(1) as f64;
            let right = rng.next() < skill[c] * (0.6 + 0.4 * progress);
            let response = Response::Choices {
                picked: vec![if right { 0 } else { 1 }],
            };
            NewAnswer {
                pack: pack_ref(&pack),
                question_id: q.id.clone(),
                category: q.category.clone(),
                kind: skillgap::pack::KindName::Single,
                difficulty: q.difficulty,
                score: quiz::score(q, &response),
                response,
                confidence: Some(skillgap::quiz::Confidence::ALL[i % 3]),
                time_taken_ms: 4000,
                content_hash: q.content_hash(),
                answered_at_ms: now - span + (i as i64 * span) / answers.max(1) as i64,
            }
        })
        .collect();
    store.record_answers(session, &list).unwrap();
    store.finish_session(session, now).unwrap();
    drop(store);
    let date = skillgap::report::utc_date(now + 30 * 86_400_000);
    let path = pack_path.to_str().unwrap();
    let set = run(
        &data,
        &["profile", "set", "dev", "--pack", path, "--date", &date],
    );
    assert!(
        set.status.success(),
        "{}",
        String::from_utf8_lossy(&set.stderr)
    );
    data
}

/// Results of one student as the export writes them (one finished exam of its answers).
pub fn results_of(pack: &Pack, student: &str, answers: &[(&str, Response)]) -> Results {
    class_support::results_planned(pack, student, answers, answers.len())
}

/// `students` results files of a class on `pack` (ability from a seeded generator; the
/// question `test3` is miskeyed: strong students pick the distractor), written to `dir`.
pub fn class_files(dir: &Path, pack: &Pack, students: usize, names: &[&str]) -> Vec<PathBuf> {
    let mut rng = Lcg::new(42);
    (0..students)
        .map(|s| {
            let ability = rng.next();
            let answers: Vec<(&str, Response)> = pack
                .questions
                .iter()
                .enumerate()
                .map(|(i, q)| {
                    let hardness = (i % 6) as f64 / 10.0;
                    let mut right = rng.next() < 0.45 + ability * 0.6 - hardness;
                    if q.id == "test3" {
                        right = ability < 0.4;
                    }
                    let pick = if right {
                        0
                    } else {
                        1 + usize::from(rng.next() < 0.5)
                    };
                    (q.id.as_str(), Response::Choices { picked: vec![pick] })
                })
                .collect();
            let name = names
                .get(s % names.len().max(1))
                .map_or_else(|| format!("Student {:02}", s + 1), |n| format!("{n} {s}"));
            let path = dir.join(format!("student{s:03}.json"));
            std::fs::write(&path, results_of(pack, &name, &answers).to_json()).unwrap();
            path
        })
        .collect()
}
