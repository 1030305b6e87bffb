//! `skillgap profile set/show` and `skillgap report` with the learning views, run as a user
//! would, on a temporary data directory.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::Write as _;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use skillgap::learning::{CalendarDate, DAY_MS};

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

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64
}

/// Answers a few bundled questions through the plain quiz (with nonsense-but-valid input
/// where possible; end of input leaves the rest unanswered).
fn answer_some(data: &Path) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_skillgap"))
        .args([
            "quiz",
            "--plain",
            "--count",
            "5",
            "--seed",
            "3",
            "--kind",
            "true-false",
        ])
        .env("SKILLGAP_HOME", data)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"true\nfalse\ntrue\nfalse\ntrue\n")
        .unwrap();
    assert!(child.wait().unwrap().success());
}

#[test]
fn profile_set_validates_then_report_uses_the_profile_and_forecasts() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let show = skillgap(data, &["profile", "show"]);
    assert!(show.status.success(), "{}", text(&show));
    assert!(text(&show).contains("none chosen"), "{}", text(&show));

    let yesterday = CalendarDate::of_ms(now_ms() - DAY_MS).to_string();
    let past = skillgap(data, &["profile", "set", "mid", "--date", &yesterday]);
    assert_eq!(past.status.code(), Some(1));
    assert!(
        text(&past).contains("in the past") && text(&past).contains("`--date none`"),
        "{}",
        text(&past)
    );
    let bad = skillgap(data, &["profile", "set", "mid", "--date", "2027-02-29"]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(
        text(&bad).contains("not a day of the calendar"),
        "{}",
        text(&bad)
    );
    let unknown = skillgap(data, &["profile", "set", "principal"]);
    assert_eq!(unknown.status.code(), Some(1));
    assert!(
        text(&unknown).contains("unknown profile"),
        "{}",
        text(&unknown)
    );
    // Nothing was stored by the refused commands.
    assert!(text(&skillgap(data, &["profile", "show"])).contains("none chosen"));

    let date = CalendarDate::of_ms(now_ms() + 40 * DAY_MS).to_string();
    let set = skillgap(data, &["profile", "set", "mid", "--date", &date]);
    assert!(set.status.success(), "{}", text(&set));
    let shown = text(&skillgap(data, &["profile", "show"]));
    assert!(shown.contains("Profile: mid"), "{shown}");
    assert!(shown.contains(&format!("Exam date: {date}")), "{shown}");

    answer_some(data);
    let report = skillgap(data, &["report"]);
    let report_text = text(&report);
    assert!(report.status.success(), "{report_text}");
    assert!(
        report_text.contains("Mid-level backend developer"),
        "{report_text}"
    );
    assert!(
        report_text.contains(&format!("Forecast for {date}")),
        "{report_text}"
    );
    let json: serde_json::Value =
        serde_json::from_slice(&skillgap(data, &["report", "--format", "json"]).stdout).unwrap();
    assert_eq!(json["profile"], "mid");
    assert_eq!(json["forecast"]["date"], date.as_str());
    let csv = text(&skillgap(data, &["report", "--format", "csv"]));
    assert!(
        csv.lines()
            .next()
            .unwrap()
            .ends_with(",forecast_date,forecast"),
        "{csv}"
    );
    // An explicit --profile wins over the chosen one.
    let junior = text(&skillgap(data, &["report", "--profile", "junior"]));
    assert!(junior.contains("Junior backend developer"), "{junior}");

    // Clearing the date removes the forecast.
    assert!(
        skillgap(data, &["profile", "set", "--date", "none"])
            .status
            .success()
    );
    assert!(!text(&skillgap(data, &["report"])).contains("Forecast for"));
}

#[test]
fn profile_show_gives_the_exam_date_of_the_default_profile_that_report_uses() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let date = CalendarDate::of_ms(now_ms() + 30 * DAY_MS).to_string();
    // An exam date for the pack's first profile, none chosen (as after the chosen profile
    // is cleared, or was dropped from the pack).
    {
        let store = skillgap::store::Store::open(data).unwrap();
        store
            .set_target_date("backend", "junior", CalendarDate::parse(&date).ok())
            .unwrap();
        store.set_chosen_profile("backend", None).unwrap();
    }
    answer_some(data);
    let report = text(&skillgap(data, &["report"]));
    assert!(report.contains(&format!("Forecast for {date}")), "{report}");
    let shown = skillgap(data, &["profile", "show", "--pack", "backend"]);
    assert!(shown.status.success(), "{}", text(&shown));
    let shown = text(&shown);
    assert!(
        shown.contains("Profile: junior (Junior backend developer), the default: none chosen"),
        "{shown}"
    );
    assert!(
        shown.contains(&format!("Exam date: {date} (in ")),
        "{shown}"
    );
}

#[test]
fn trend_and_calibration_reports() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let empty = text(&skillgap(data, &["report", "--trend"]));
    assert!(empty.contains("No answers yet"), "{empty}");
    answer_some(data);
    let trend = skillgap(data, &["report", "--trend"]);
    assert!(trend.status.success(), "{}", text(&trend));
    assert!(text(&trend).contains("Mastery over time"));
    let csv = text(&skillgap(data, &["report", "--trend", "--format", "csv"]));
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("date,category,mastery,low,high,answered,enough_answers")
    );
    let answered: usize = lines
        .map(|l| l.split(',').nth(5).unwrap().parse::<usize>().unwrap())
        .sum();
    assert_eq!(answered, 5, "{csv}");
    let json: serde_json::Value =
        serde_json::from_slice(&skillgap(data, &["report", "--trend", "--format", "json"]).stdout)
            .unwrap();
    assert_eq!(json["step"], "day");
    let calibration = text(&skillgap(data, &["report", "--calibration"]));
    assert!(calibration.contains("--confidence"), "{calibration}");
    let both = skillgap(data, &["report", "--trend", "--calibration"]);
    assert_eq!(both.status.code(), Some(2), "the two views are exclusive");
}

#[test]
fn calibration_report_flags_what_you_were_sure_of_and_got_wrong() {
    use skillgap::store::{NewAnswer, NewSession, PackRef, Store};
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let pack_file = dir.path().join("tiny.ron");
    std::fs::write(
        &pack_file,
        r#"Pack(id: "tiny", title: "Tiny", version: "1",
            categories: [(id: "sql", title: "SQL"), (id: "http", title: "HTTP")],
            questions: [
                (id: "s1", category: "sql", difficulty: Easy, prompt: "S1?", kind: TrueFalse(answer: true), explanation: "e"),
                (id: "h1", category: "http", difficulty: Easy, prompt: "H1?", kind: TrueFalse(answer: true), explanation: "e"),
            ])"#,
    )
    .unwrap();
    let store = Store::open(&data).unwrap();
    let pack = PackRef {
        id: "tiny".into(),
        version: "1".into(),
        content_hash: "x".into(),
    };
    let session = store
        .start_session(&NewSession {
            mode: skillgap::quiz::Mode::Practice,
            seed: 1,
            filters_json: "{}".into(),
            packs: vec![pack.clone()],
            question_ids: vec![],
            time_limit_secs: None,
            profile: None,
            started_at_ms: 0,
        })
        .unwrap();
    let answer = |q: &str, category: &str, score: f64, confidence: &str, at: i64| NewAnswer {
        pack: pack.clone(),
        question_id: q.into(),
        category: category.into(),
        kind: skillgap::pack::KindName::TrueFalse,
        difficulty: skillgap::pack::Difficulty::Easy,
        response: skillgap::quiz::Response::TrueFalse { answer: true },
        score,
        confidence: skillgap::quiz::Confidence::from_name(confidence),
        time_taken_ms: 5000,
        content_hash: "c".into(),
        answered_at_ms: at,
    };
    let mut answers = Vec::new();
    for i in 0..6 {
        answers.push(answer(
            "s1",
            "sql",
            if i == 0 { 1.0 } else { 0.0 },
            "high",
            i,
        ));
        answers.push(answer("h1", "http", 1.0, "high", i));
        answers.push(answer("h1", "http", 0.0, "low", i));
    }
    store.record_answers(session, &answers).unwrap();
    drop(store);
    let path = pack_file.to_str().unwrap();
    let out = skillgap(&data, &["report", "--calibration", "--pack", path]);
    let report = text(&out);
    assert!(out.status.success(), "{report}");
    let sql = report.lines().find(|l| l.contains("SQL")).unwrap();
    assert!(sql.starts_with('⚠') && sql.contains("17% of 6"), "{report}");
    let http = report.lines().find(|l| l.contains("HTTP")).unwrap();
    assert!(
        !http.contains("confidently wrong") && http.contains("100% of 6"),
        "{report}"
    );
    assert!(report.contains("s1 (sql): 5 times"), "{report}");
    let csv = text(&skillgap(
        &data,
        &["report", "--calibration", "--format", "csv", "--pack", path],
    ));
    assert!(csv.contains("sql,high,6,1,0.1667,0.1667,true"), "{csv}");
    let only_http = text(&skillgap(
        &data,
        &[
            "report",
            "--calibration",
            "--category",
            "http",
            "--pack",
            path,
        ],
    ));
    assert!(!only_http.contains("SQL"), "{only_http}");
}
