//! A generated cohort for the class report tests: a four-question pack and seven students
//! whose answers (and so statistics) are known in advance; q3 is miskeyed.
#![allow(dead_code, clippy::unwrap_used)]

use skillgap::cohort::results::{self, ResultAnswer, ResultSession, Results};
use skillgap::pack::{self, Pack};
use skillgap::quiz::{self, Response};
use skillgap::report::class::ClassFile;
use skillgap::store::PackRef;

pub const PACK: &str = r#"Pack(id: "cohort", title: "Cohort pack", version: "1.0.0",
    categories: [(id: "a", title: "Alpha"), (id: "b", title: "Beta")],
    profiles: [(id: "p", title: "Target", targets: {"a": 0.8, "b": 0.5})],
    questions: [
        (id: "q1", category: "a", difficulty: Easy, prompt: "One?",
         kind: Single(choices: [(text: "right", correct: true), (text: "wrong1"), (text: "wrong2")]),
         explanation: "e"),
        (id: "q2", category: "a", difficulty: Easy, prompt: "Two?", kind: TrueFalse(answer: true),
         explanation: "e"),
        (id: "q3", category: "b", difficulty: Medium, prompt: "Three (miskeyed)?",
         kind: Single(choices: [(text: "keyed", correct: true), (text: "tempting"), (text: "other")]),
         explanation: "e"),
        (id: "q4", category: "b", difficulty: Hard, prompt: "Four?",
         kind: Multi(choices: [(text: "m1", correct: true), (text: "m2", correct: true), (text: "m3"), (text: "m4")]),
         explanation: "e"),
    ])"#;

pub fn pack() -> Pack {
    pack::load_str("cohort.ron", PACK).unwrap()
}

pub fn pick(i: &[usize]) -> Response {
    Response::Choices { picked: i.to_vec() }
}

pub fn tf(answer: bool) -> Response {
    Response::TrueFalse { answer }
}

/// Students from strongest to weakest; G saw only q1. q3 is miskeyed: the strong students
/// pick "tempting", the weak ones the key.
pub fn cohort() -> Vec<(&'static str, Vec<(&'static str, Response)>)> {
    vec![
        (
            "A",
            vec![
                ("q1", pick(&[0])),
                ("q2", tf(true)),
                ("q3", pick(&[1])),
                ("q4", pick(&[0, 1])),
            ],
        ),
        (
            "B",
            vec![
                ("q1", pick(&[0])),
                ("q2", tf(true)),
                ("q3", pick(&[1])),
                ("q4", pick(&[0, 1])),
            ],
        ),
        (
            "C",
            vec![
                ("q1", pick(&[0])),
                ("q2", tf(true)),
                ("q3", pick(&[1])),
                ("q4", pick(&[0])),
            ],
        ),
        (
            "D",
            vec![
                ("q1", pick(&[0])),
                ("q2", tf(false)),
                ("q3", pick(&[0])),
                ("q4", pick(&[0, 2])),
            ],
        ),
        (
            "E",
            vec![
                ("q1", pick(&[1])),
                ("q2", tf(false)),
                ("q3", pick(&[0])),
                ("q4", pick(&[2])),
            ],
        ),
        (
            "F",
            vec![
                ("q1", pick(&[2])),
                ("q2", tf(false)),
                ("q3", pick(&[2])),
                ("q4", Response::Skipped),
            ],
        ),
        ("G", vec![("q1", pick(&[0]))]),
    ]
}

/// Results of one student of the four-question cohort, as the export writes them.
pub fn results_of(pack: &Pack, student: &str, answers: &[(&str, Response)]) -> Results {
    results_planned(pack, student, answers, 4)
}

/// Results of one student as the export writes them: one finished exam session of
/// `questions` planned questions holding `answers`.
pub fn results_planned(
    pack: &Pack,
    student: &str,
    answers: &[(&str, Response)],
    questions: usize,
) -> Results {
    let pref = PackRef {
        id: pack.meta.id.clone(),
        version: pack.meta.version.clone(),
        content_hash: pack.content_hash(),
    };
    let answers = answers
        .iter()
        .enumerate()
        .map(|(i, (id, response))| {
            let q = pack.question(id).unwrap();
            ResultAnswer {
                pack: pref.clone(),
                question_id: q.id.clone(),
                question_hash: q.content_hash(),
                category: q.category.clone(),
                kind: q.kind.name().name().to_owned(),
                difficulty: q.difficulty.name().to_owned(),
                response: Some(response.clone()),
                score: quiz::score(q, response),
                time_taken_ms: 1000,
                confidence: None,
                answered_at_ms: 1_000 + i as i64,
                overridden: false,
            }
        })
        .collect();
    Results {
        format: results::FORMAT.to_owned(),
        version: results::VERSION,
        student: student.to_owned(),
        exported_at: String::new(),
        exported_at_ms: 0,
        skillgap_version: "test".to_owned(),
        packs: vec![pref],
        exam: None,
        sessions: vec![ResultSession {
            id: 1,
            mode: "exam".to_owned(),
            seed: 1,
            exam: None,
            started_at_ms: 0,
            ended_at_ms: Some(10_000),
            finished: true,
            duration_ms: Some(10_000),
            time_limit_secs: None,
            questions,
            answers,
        }],
    }
}

pub fn files(pack: &Pack) -> Vec<ClassFile> {
    cohort()
        .iter()
        .map(|(name, answers)| ClassFile {
            name: format!("{name}.json"),
            results: Ok(results_of(pack, name, answers)),
        })
        .collect()
}
