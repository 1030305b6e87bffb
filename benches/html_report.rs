//! The HTML reports at scale: the class page for 200 students × 100 questions (results
//! files parsed, aggregated, rendered; targets ≤ 1 s and ≤ 5 MB), and the personal page
//! over 1,000,000 stored answers (gap report, forecast, trend and calibration from one pass
//! over the stored answers, and rendering; target ≤ 1 s).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use criterion::{Criterion, criterion_group, criterion_main};
use skillgap::cohort::results::{self, ResultAnswer, ResultSession, Results};
use skillgap::pack::{self, Pack};
use skillgap::quiz::{self, Response};
use skillgap::report::class::{self, ClassFile};
use skillgap::report::html;
use skillgap::store::{NewAnswer, NewSession, PackRef, Store};
use std::fmt::Write as _;
use std::hint::black_box;
use std::time::{Duration, Instant};

const STUDENTS: usize = 200;
const QUESTIONS: usize = 100;
const CATEGORIES: usize = 10;
const ANSWERS: i64 = 1_000_000;
/// An arbitrary "now" (2027-01-15), with the stored answers spread over the year before it.
const NOW_MS: i64 = 1_800_000_000_000;

fn class_pack() -> Pack {
    let mut text =
        String::from("Pack(id: \"big\", title: \"Big\", version: \"1.0.0\", categories: [");
    for c in 0..CATEGORIES {
        let _ = write!(text, "(id: \"c{c}\", title: \"Category {c}\"),");
    }
    text.push_str("], profiles: [(id: \"p\", title: \"P\", targets: {\"c0\": 0.7, \"c5\": 0.8})], questions: [");
    for q in 0..QUESTIONS {
        let _ = write!(
            text,
            "(id: \"q{q:03}\", category: \"c{}\", difficulty: Medium, prompt: \"Question {q}?\", kind: Single(choices: [(text: \"key\", correct: true), (text: \"d1\"), (text: \"d2\"), (text: \"d3\")]), explanation: \"e\"),",
            q % CATEGORIES
        );
    }
    text.push_str("])");
    pack::load_str("big.ron", &text).unwrap()
}

/// The class's results files as JSON text (what `skillgap class` reads).
fn class_json(pack: &Pack) -> Vec<String> {
    let pref = PackRef {
        id: pack.meta.id.clone(),
        version: pack.meta.version.clone(),
        content_hash: pack.content_hash(),
    };
    let mut seed = 1_u64;
    let mut next = move || {
        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
        (seed >> 11) as f64 / (1u64 << 53) as f64
    };
    (0..STUDENTS)
        .map(|s| {
            let ability = next();
            let answers: Vec<ResultAnswer> = pack
                .questions
                .iter()
                .enumerate()
                .map(|(i, q)| {
                    let right = next() < 0.3 + 0.6 * ability - (i % 5) as f64 / 20.0;
                    let response = Response::Choices {
                        picked: vec![if right {
                            0
                        } else {
                            1 + (next() * 2.99) as usize
                        }],
                    };
                    ResultAnswer {
                        pack: pref.clone(),
                        question_id: q.id.clone(),
                        question_hash: q.content_hash(),
                        category: q.category.clone(),
                        kind: "Single".to_owned(),
                        difficulty: "Medium".to_owned(),
                        response: serde_json::from_str(&response.to_json()).unwrap(),
                        score: quiz::score(q, &response),
                        time_taken_ms: 1000,
                        confidence: None,
                        answered_at_ms: i as i64,
                        overridden: false,
                    }
                })
                .collect();
            Results {
                format: results::FORMAT.to_owned(),
                version: results::VERSION,
                student: format!("Student {s:03}"),
                exported_at: String::new(),
                exported_at_ms: 0,
                skillgap_version: "bench".to_owned(),
                packs: vec![pref.clone()],
                exam: None,
                sessions: vec![ResultSession {
                    id: 1,
                    mode: "exam".to_owned(),
                    seed: 1,
                    exam: None,
                    started_at_ms: 0,
                    ended_at_ms: Some(1),
                    finished: true,
                    duration_ms: Some(1),
                    time_limit_secs: None,
                    questions: QUESTIONS,
                    answers,
                }],
            }
            .to_json()
        })
        .collect()
}

fn class_page(pack: &Pack, json: &[String]) -> String {
    let files: Vec<ClassFile> = json
        .iter()
        .enumerate()
        .map(|(i, text)| ClassFile {
            name: format!("student{i:03}.json"),
            results: results::parse(text).map_err(Into::into),
        })
        .collect();
    let report = class::aggregate(&files, Some(pack), Some("p"), None);
    html::class::render(&report)
}

fn class_html(c: &mut Criterion) {
    let pack = class_pack();
    let json = class_json(&pack);
    // The phases once, to say where the time goes.
    let started = Instant::now();
    let files: Vec<ClassFile> = json
        .iter()
        .map(|text| ClassFile {
            name: String::new(),
            results: results::parse(text).map_err(Into::into),
        })
        .collect();
    let parsed = started.elapsed();
    let report = class::aggregate(&files, Some(&pack), Some("p"), None);
    let aggregated = started.elapsed();
    let page = html::class::render(&report);
    eprintln!(
        "phases: parse {parsed:.1?}, aggregate {:.1?}, render {:.1?}",
        aggregated - parsed,
        started.elapsed() - aggregated
    );
    let started = Instant::now();
    let page_again = class_page(&pack, &json);
    assert_eq!(page.len(), page_again.len());
    eprintln!(
        "class page, {STUDENTS} students × {QUESTIONS} questions: {} bytes ({:.2} MB), first run {:.1?}",
        page.len(),
        page.len() as f64 / 1e6,
        started.elapsed()
    );
    assert!(page.len() <= 5_000_000);
    let mut group = c.benchmark_group("html");
    group.sample_size(10);
    group.bench_function(
        "class page 200 students x 100 questions (parse + aggregate + render)",
        |b| {
            b.iter(|| black_box(class_page(&pack, &json)));
        },
    );
    group.finish();
}

fn big_pack() -> Pack {
    let mut text =
        String::from("Pack(id: \"big\", title: \"Big\", version: \"1.0.0\", categories: [");
    for c in 0..CATEGORIES {
        let _ = write!(text, "(id: \"category-{c}\", title: \"Category {c}\"),");
    }
    text.push_str("], profiles: [(id: \"p\", title: \"P\", targets: {\"category-0\": 0.7, \"category-5\": 0.8})], questions: [");
    for q in 0..2000 {
        let _ = write!(
            text,
            "(id: \"big-question-{q:04}\", category: \"category-{}\", difficulty: Medium, prompt: \"p{q}\", kind: TrueFalse(answer: true), explanation: \"e\"),",
            q % CATEGORIES
        );
    }
    text.push_str("])");
    pack::load_str("big.ron", &text).unwrap()
}

fn fill(store: &Store, pack: &Pack) {
    let pref = PackRef {
        id: "big".into(),
        version: "1.0.0".into(),
        content_hash: pack.content_hash(),
    };
    let session = store
        .start_session(&NewSession {
            mode: skillgap::quiz::Mode::Practice,
            seed: 1,
            filters_json: "{}".into(),
            packs: vec![pref.clone()],
            question_ids: vec![],
            time_limit_secs: None,
            profile: None,
            started_at_ms: 0,
        })
        .unwrap();
    let year_ms = 365 * 86_400_000_i64;
    let answers = (0..ANSWERS).map(|i| {
        let q = (i * 7919) % 2000;
        NewAnswer {
            pack: pref.clone(),
            question_id: format!("big-question-{q:04}"),
            category: format!("category-{}", q % CATEGORIES as i64),
            kind: skillgap::pack::KindName::TrueFalse,
            difficulty: skillgap::pack::Difficulty::Medium,
            response: skillgap::quiz::Response::TrueFalse { answer: true },
            score: f64::from(u8::try_from(i % 7).unwrap()) / 6.0,
            confidence: Some(skillgap::quiz::Confidence::ALL[usize::try_from(i % 3).unwrap()]),
            time_taken_ms: 4200,
            content_hash: "c".into(),
            answered_at_ms: NOW_MS - year_ms + i * (year_ms / ANSWERS),
        }
    });
    store.record_answers(session, answers).unwrap();
    // An exam date a month ahead, so the forecast is computed and drawn too.
    let exam = skillgap::learning::CalendarDate::of_ms(NOW_MS + 30 * 86_400_000);
    store.set_target_date("big", "p", Some(exam)).unwrap();
}

/// What `skillgap report --format html` computes (one pass over the stored answers) and renders.
fn personal_page(store: &Store, pack: &Pack) -> String {
    let data =
        skillgap::service::personal::personal_report(store, pack, Some("p"), NOW_MS).unwrap();
    html::personal::render(&html::personal::Personal {
        pack,
        gap: &data.gap,
        forecast: data.forecast.as_ref(),
        trend: Some(&data.trend),
        calibration: Some(&data.calibration),
        now_ms: NOW_MS,
    })
}

/// A store of a million answers, filled once, only when the benchmark is selected.
fn personal_setup() -> (tempfile::TempDir, Store, Pack) {
    let dir = tempfile::tempdir().unwrap();
    let pack = big_pack();
    let store = Store::open(dir.path()).unwrap();
    let started = Instant::now();
    fill(&store, &pack);
    eprintln!(
        "setup: {ANSWERS} answers written in {:.1?}",
        started.elapsed()
    );
    // The separate readers once, to say what the shared pass saves.
    let started = Instant::now();
    let gap = skillgap::service::gap_report(&store, &pack, Some("p"), NOW_MS).unwrap();
    let t_gap = started.elapsed();
    let forecast = skillgap::service::progress::forecast_for(&store, &pack, &gap, NOW_MS).unwrap();
    let t_forecast = started.elapsed();
    let trend = skillgap::service::progress::trend_report(&store, &pack, NOW_MS).unwrap();
    let t_trend = started.elapsed();
    let calibration = skillgap::service::progress::calibration_report(&store, &pack).unwrap();
    let t_calibration = started.elapsed();
    eprintln!(
        "separate readers: gap report {t_gap:.1?}, forecast {:.1?}, trend {:.1?}, calibration {:.1?}",
        t_forecast - t_gap,
        t_trend - t_forecast,
        t_calibration - t_trend,
    );
    let started = Instant::now();
    let data =
        skillgap::service::personal::personal_report(&store, &pack, Some("p"), NOW_MS).unwrap();
    let t_pass = started.elapsed();
    let page = html::personal::render(&html::personal::Personal {
        pack: &pack,
        gap: &data.gap,
        forecast: data.forecast.as_ref(),
        trend: Some(&data.trend),
        calibration: Some(&data.calibration),
        now_ms: NOW_MS,
    });
    eprintln!(
        "phases: one pass (gap, forecast, trend, calibration) {t_pass:.1?}, render {:.1?}",
        started.elapsed() - t_pass
    );
    assert_eq!(data.trend, trend);
    assert_eq!(data.calibration, calibration);
    assert_eq!(format!("{:?}", data.gap), format!("{gap:?}"));
    assert!(data.forecast.is_some(), "the exam date is set");
    assert_eq!(format!("{:?}", data.forecast), format!("{forecast:?}"));
    let started = Instant::now();
    let page_again = personal_page(&store, &pack);
    assert_eq!(page, page_again);
    eprintln!(
        "personal page over {ANSWERS} answers: {} bytes, first run {:.1?}",
        page.len(),
        started.elapsed()
    );
    (dir, store, pack)
}

fn personal_html(c: &mut Criterion) {
    let mut state = None;
    let mut group = c.benchmark_group("html");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(15));
    group.bench_function(
        "personal page over 1,000,000 answers (one store pass + render)",
        |b| {
            let (_, store, pack) = state.get_or_insert_with(personal_setup);
            b.iter(|| black_box(personal_page(store, pack)));
        },
    );
    group.finish();
}

criterion_group!(benches, class_html, personal_html);
criterion_main!(benches);
