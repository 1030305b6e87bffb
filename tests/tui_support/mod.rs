//! Shared by the TUI tests, benches and picture generation: packs, apps put on every screen
//! with fixed data and time, and rendering to text.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use ratatui::widgets::Widget;
use skillgap::learning::mastery::{self, Accumulator};
use skillgap::pack::{self, Difficulty, Kind, Pack};
use skillgap::quiz::{self, Mode, SessionKind};
use skillgap::report::{GapReport, WeakQuestion};
use skillgap::store::{AnswerRecord, PackRef, SessionRecord, SessionStatus};
use skillgap::tui::data::{self, DashboardData, ScoredAnswer, SessionLine};
use skillgap::tui::{App, Effect, Msg, QuizStart, update};
use std::path::Path;

/// 2026-11-21 09:40 UTC.
pub const NOW: i64 = 1_795_254_000_000;
pub const DAY: i64 = 86_400_000;

pub fn bundled() -> Vec<Pack> {
    vec![pack::load_bundled().unwrap()]
}

/// One question of every kind (tests/fixtures/valid/all-kinds.ron), in this order: Single,
/// Multi, TrueFalse, Short, Numeric, Single with code, Order, Match, Open.
pub fn demo() -> Vec<Pack> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid/all-kinds.ron");
    vec![pack::load_path(&path).unwrap()]
}

/// A pack whose one question has a very long prompt and a code block, to scroll.
pub fn long_pack() -> Vec<Pack> {
    let sentence = "This sentence is here to make the prompt long enough that it cannot fit on a small screen, so that it has to scroll. ";
    let prompt = sentence.repeat(8);
    let text = format!(
        r##"Pack(id: "long", title: "Long", version: "1",
            categories: [(id: "c", title: "Category")],
            questions: [(id: "long-q", category: "c", difficulty: Hard,
                prompt: "{prompt}",
                code: (language: "rust", text: r#"
                    fn main() {{
                        let xs = vec![1, 2, 3];
                        for x in &xs {{
                            println!("{{x}}");
                        }}
                    }}
                "#),
                kind: Single(choices: [(text: "It prints 1, 2 and 3 on three lines", correct: true), (text: "It does not compile"), (text: "It panics")]),
                explanation: "A loop over a borrowed vector.")])"##
    );
    vec![pack::load_str("long.ron", &text).unwrap()]
}

pub fn press(app: &mut App, code: KeyCode) -> Vec<Effect> {
    update(app, Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)))
}

pub fn press_mod(app: &mut App, code: KeyCode, modifiers: KeyModifiers) -> Vec<Effect> {
    update(app, Msg::Key(KeyEvent::new(code, modifiers)))
}

pub fn chars(app: &mut App, text: &str) -> Vec<Effect> {
    text.chars()
        .flat_map(|c| press(app, KeyCode::Char(c)))
        .collect()
}

/// An app on a quiz of the given questions of `packs` (pack 0), its session started.
pub fn ctrl(app: &mut App, c: char) -> Vec<Effect> {
    press_mod(app, KeyCode::Char(c), KeyModifiers::CONTROL)
}

pub fn digit(app: &mut App, n: usize) -> Vec<Effect> {
    press(app, KeyCode::Char(char::from(b'0' + n as u8)))
}

/// The keys that answer the question on screen perfectly; returns the effects of the last.
pub fn answer_perfectly(app: &mut App) -> Vec<Effect> {
    let quiz = app.quiz.as_ref().unwrap();
    let item = quiz.session.items()[quiz.index()].clone();
    let question = app.question(item.pack, item.question).unwrap().clone();
    let shown = |original: usize| item.order.iter().position(|&o| o == original).unwrap() + 1;
    match &question.kind {
        Kind::Single { answer, .. } => {
            digit(app, shown(*answer));
            press(app, KeyCode::Enter)
        }
        Kind::Multi { correct, .. } => {
            for c in correct {
                digit(app, shown(*c));
            }
            press(app, KeyCode::Enter)
        }
        Kind::TrueFalse { answer, .. } => {
            press(app, KeyCode::Char(if *answer { 't' } else { 'f' }));
            press(app, KeyCode::Enter)
        }
        Kind::Short { accept, .. } => {
            chars(app, &accept[0]);
            press(app, KeyCode::Enter)
        }
        Kind::Numeric { answer, .. } => {
            chars(app, &answer.to_string());
            press(app, KeyCode::Enter)
        }
        Kind::Order { items, .. } => {
            for target in 0..items.len() {
                let arrangement = match &app.quiz.as_ref().unwrap().input {
                    skillgap::tui::answer::AnswerInput::Order { arrangement, .. } => {
                        arrangement.clone()
                    }
                    other => panic!("{other:?}"),
                };
                let at = arrangement.iter().position(|&i| i == target).unwrap();
                digit(app, at + 1);
                for _ in target..at {
                    press(app, KeyCode::Char('K'));
                }
            }
            press(app, KeyCode::Enter)
        }
        Kind::Match { pairs, .. } => {
            for left in 0..pairs.len() {
                digit(app, left + 1);
                press(app, KeyCode::Enter);
                digit(app, shown(left));
                press(app, KeyCode::Enter);
            }
            press(app, KeyCode::Enter)
        }
        Kind::Open { rubric, .. } => {
            chars(app, "my answer");
            ctrl(app, 's');
            for point in 0..rubric.len() {
                digit(app, point + 1);
            }
            press(app, KeyCode::Enter)
        }
        other => panic!("unknown kind {other:?}"),
    }
}

pub fn quiz_app(packs: Vec<Pack>, questions: &[usize], mode: Mode, size: (u16, u16)) -> App {
    let positions: Vec<(usize, usize)> = questions.iter().map(|&q| (0, q)).collect();
    let items = quiz::plan_of(&packs, &positions, 1);
    let start = QuizStart {
        items,
        mode,
        seed: 1,
        filters_json: "{}".to_owned(),
        time_limit_secs: (mode == Mode::Exam).then_some(600),
        profile: None,
        confidence: false,
        picker: None,
    };
    let (mut app, effects) = App::quiz(packs, start, false, NOW);
    assert!(matches!(effects.as_slice(), [Effect::StartSession(_)]));
    update(&mut app, Msg::Resize(size.0, size.1));
    let refs = app
        .packs
        .iter()
        .map(|p| PackRef {
            id: p.meta.id.clone(),
            version: p.meta.version.clone(),
            content_hash: "hash".to_owned(),
        })
        .collect();
    update(&mut app, Msg::SessionStarted { id: 7, packs: refs });
    app
}

/// Answers of the bundled bank's categories, deterministic, over the last 90 days: some
/// categories strong, some weak, some with few answers, some never answered.
pub fn synthetic_answers(pack: &Pack) -> Vec<(String, ScoredAnswer)> {
    let mut out = Vec::new();
    for (c, category) in pack.categories.iter().enumerate() {
        let n = match c % 4 {
            0 => 30,
            1 => 12,
            2 => 2,
            _ => 0,
        };
        let questions: Vec<_> = pack
            .questions
            .iter()
            .filter(|q| q.category == category.id)
            .collect();
        for i in 0..n {
            let Some(q) = questions.get(i % questions.len().max(1)) else {
                continue;
            };
            // Later answers are better: learning shows in the series.
            let skill = 0.2 + 0.7 * (i as f64 / n as f64) * ((c % 3) as f64 + 1.0) / 3.0;
            let score = if ((i * 7 + c * 3) % 10) as f64 / 10.0 < skill {
                1.0
            } else if i % 5 == 0 {
                0.5
            } else {
                0.0
            };
            out.push((
                category.id.clone(),
                ScoredAnswer {
                    question_id: q.id.clone(),
                    difficulty: q.difficulty,
                    score,
                    answered_at_ms: NOW - (90 - (i as i64 * 90 / n as i64)) * DAY,
                },
            ));
        }
    }
    out
}

pub fn gap_report(pack: &Pack, profile: Option<&str>) -> GapReport {
    let mut acc = Accumulator::new();
    for (category, a) in synthetic_answers(pack) {
        acc.add(
            &category,
            &a.question_id,
            a.difficulty,
            a.score,
            (NOW - a.answered_at_ms) as f64 / DAY as f64,
        );
    }
    let profile = match profile {
        Some(id) => pack.profile(id),
        None => pack.profiles.first(),
    };
    let rows = mastery::gap_rows(pack, &acc.finish(pack), profile);
    GapReport {
        pack_id: pack.meta.id.clone(),
        pack_version: pack.meta.version.clone(),
        profile: profile.map(|p| (p.id.clone(), p.title.clone())),
        readiness: mastery::readiness(&rows),
        rows,
        weakest: Vec::<WeakQuestion>::new(),
    }
}

/// Nine sessions, newest (#9, unfinished) first, one of every kind: practice, exam, review,
/// due only, an exam file and a retake of it.
pub fn session_lines() -> Vec<SessionLine> {
    (1..=9)
        .rev()
        .map(|id| SessionLine {
            id,
            started_at_ms: NOW - (10 - id) * DAY - id * 3_600_000,
            mode: if [3, 6, 7].contains(&id) {
                quiz::Mode::Exam
            } else {
                quiz::Mode::Practice
            },
            kind: match id {
                3 => SessionKind::Exam,
                4 | 8 | 9 => SessionKind::Review,
                5 => SessionKind::Due,
                6 => SessionKind::ExamFile {
                    title: "Midterm".to_owned(),
                    fingerprint: "0123456789abcdef".to_owned(),
                },
                7 => SessionKind::Retake { of: Some(6) },
                _ => SessionKind::Practice,
            },
            finished: id != 9,
            questions: 10,
            answered: if id == 9 { 4 } else { 10 },
            score: if id == 9 { 2.5 } else { 3.0 + 0.6 * id as f64 },
            profile: Some("junior".to_owned()),
        })
        .collect()
}

pub fn dashboard_data(pack: &Pack, profile: Option<&str>) -> DashboardData {
    let sessions = session_lines();
    let report = gap_report(pack, profile);
    // An exam date ahead: what the forecast line shows, with recall falling by a tenth.
    let forecast = skillgap::report::progress::Forecast {
        date: skillgap::learning::CalendarDate::parse("2026-12-15").unwrap(),
        profile_title: report.profile.clone().map(|p| p.1).unwrap_or_default(),
        rows: report
            .rows
            .iter()
            .map(|r| skillgap::learning::forecast::CategoryForecast {
                category: r.mastery.category.clone(),
                title: r.title.clone(),
                mastery_now: r.mastery.mean,
                predicted: r.mastery.mean * 0.9,
                target: r.target,
                reviewed: r.mastery.answered,
                recall_now: Some(0.9),
                recall_then: Some(0.81),
            })
            .collect(),
    };
    DashboardData {
        answers: report.rows.iter().map(|r| r.mastery.answered).sum(),
        unfinished: sessions.first().cloned(),
        sessions,
        due: 12,
        report,
        forecast: Some(forecast),
    }
}

/// The dashboard of the bundled bank with synthetic history.
pub fn dashboard_app(size: (u16, u16)) -> App {
    let (mut app, effects) = App::dashboard(bundled(), false, NOW);
    assert!(matches!(effects.as_slice(), [Effect::LoadDashboard { .. }]));
    update(&mut app, Msg::Resize(size.0, size.1));
    let data = dashboard_data(&app.packs[0], None);
    update(&mut app, Msg::DashboardLoaded(Box::new(data)));
    app
}

pub fn category_app(size: (u16, u16)) -> App {
    let mut app = dashboard_app(size);
    press(&mut app, KeyCode::Char('g'));
    let effects = press(&mut app, KeyCode::Enter);
    let Some(Effect::LoadCategory { category, .. }) = effects.first() else {
        panic!("no LoadCategory: {effects:?}");
    };
    let pack = &app.packs[0];
    let answers: Vec<ScoredAnswer> = synthetic_answers(pack)
        .into_iter()
        .filter(|(c, _)| c == category)
        .map(|(_, a)| a)
        .collect();
    let report = gap_report(pack, None);
    let data = data::category_data(pack, &report, category, &answers, NOW);
    update(&mut app, Msg::CategoryLoaded(Box::new(data)));
    app
}

pub fn history_app(size: (u16, u16)) -> App {
    let mut app = dashboard_app(size);
    let effects = press(&mut app, KeyCode::Char('H'));
    assert_eq!(effects, vec![Effect::LoadHistory]);
    update(&mut app, Msg::HistoryLoaded(session_lines()));
    app
}

/// A stored session of the demo pack with one answer per kind.
pub fn stored_session(packs: &[Pack]) -> (SessionRecord, Vec<AnswerRecord>) {
    let pack = &packs[0];
    let reference = PackRef {
        id: pack.meta.id.clone(),
        version: pack.meta.version.clone(),
        content_hash: "hash".to_owned(),
    };
    let answers: Vec<AnswerRecord> = pack
        .questions
        .iter()
        .enumerate()
        .map(|(i, q)| {
            let response = if i % 3 == 2 {
                quiz::Response::Skipped
            } else {
                quiz::score::ideal_response(q)
            };
            let score = quiz::score(q, &response) * if i % 3 == 1 { 0.5 } else { 1.0 };
            AnswerRecord {
                id: i as i64 + 1,
                session_id: 3,
                pack: reference.clone(),
                question_id: q.id.clone(),
                category: q.category.clone(),
                kind: Some(q.kind.name()),
                difficulty: q.difficulty,
                response_json: response.to_json(),
                response: Some(response.clone()),
                score,
                confidence: None,
                time_taken_ms: 4000,
                content_hash: "q".to_owned(),
                answered_at_ms: NOW - DAY + i as i64 * 60_000,
                overridden: false,
            }
        })
        .collect();
    let session = SessionRecord {
        id: 3,
        mode: quiz::Mode::Practice,
        kind: quiz::SessionKind::Practice,
        seed: 42,
        filters_json: "{}".to_owned(),
        packs: vec![reference],
        question_ids: pack.questions.iter().map(|q| q.id.clone()).collect(),
        time_limit_secs: None,
        profile: None,
        started_at_ms: NOW - DAY,
        ended_at_ms: Some(NOW - DAY + 600_000),
        status: SessionStatus::Finished,
        answered: answers.len(),
        score_sum: answers.iter().map(|a| a.score).sum(),
        overridden: 0,
    };
    (session, answers)
}

/// The screen as text: one line per row, trailing spaces removed.
pub fn render(app: &App, width: u16, height: u16) -> String {
    let area = Rect::new(0, 0, width, height);
    let mut buf = Buffer::empty(area);
    app.render(area, &mut buf);
    buffer_text(&buf)
}

pub fn buffer_text(buf: &Buffer) -> String {
    let area = buf.area;
    let mut out = String::new();
    for y in area.top()..area.bottom() {
        let mut line = String::new();
        let mut skip = 0;
        for x in area.left()..area.right() {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let symbol = buf[(x, y)].symbol();
            let w = unicode_width::UnicodeWidthStr::width(symbol);
            skip = w.saturating_sub(1);
            line.push_str(symbol);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// A difficulty, for building answers by hand.
pub fn medium() -> Difficulty {
    Difficulty::Medium
}

/// Hands the app a stored session, as the run loop does after `Effect::LoadSession`.
pub fn load_session(
    app: &mut App,
    session: SessionRecord,
    answers: Vec<AnswerRecord>,
    resume: bool,
) {
    update(
        app,
        Msg::SessionLoaded {
            session: Box::new(session),
            answers,
            resume,
            packs: Vec::new(),
            picker: None,
        },
    );
}
