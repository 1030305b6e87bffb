//! The one profile rule: `skillgap report` and the app's dashboard chart the same profile
//! with the same numbers. A quiz taken with `--profile X` does not choose X (only `profile
//! set` or a pick in the app does), so both stay on the pack's first profile until one is
//! chosen, then both follow the choice.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::Write as _;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use serde_json::Value;
use skillgap::service::dashboard::DashboardData;
use skillgap::store::Store;
use skillgap::tui::{App, Effect, Msg, update};

fn skillgap(data: &Path, args: &[&str]) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_skillgap"))
        .args(args)
        .env("SKILLGAP_HOME", data)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(out.status.success(), "{args:?}: {out:?}");
    out
}

/// Five true/false questions of the bundled bank answered in plain mode with `--profile`.
fn quiz_with_profile(data: &Path, profile: &str) {
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
            "--profile",
            profile,
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

fn now_ms() -> i64 {
    skillgap::clock::now_ms()
}

/// What the app's dashboard shows at start: the effect the app asks for, carried out as the
/// run loop does, and the data handed back to the app.
fn dashboard_at_start(data: &Path) -> (App, DashboardData) {
    let packs = vec![skillgap::pack::load_bundled().unwrap()];
    let (mut app, effects) = App::dashboard_of(packs.clone(), 0, false, now_ms());
    let profile = match effects.as_slice() {
        [Effect::LoadDashboard { pack: 0, profile }] => profile.clone(),
        other => panic!("unexpected effects at start: {other:?}"),
    };
    let store = Store::open(data).unwrap();
    let dashboard =
        skillgap::service::dashboard::dashboard(&store, &packs[0], profile.as_deref(), now_ms())
            .unwrap();
    let _ = update(&mut app, Msg::DashboardLoaded(Box::new(dashboard.clone())));
    (app, dashboard)
}

fn close(a: f64, b: f64) -> bool {
    // The two are computed moments apart, and older answers weigh a little less.
    (a - b).abs() < 1e-6
}

fn number(value: &Value) -> Option<f64> {
    value.as_f64()
}

/// Every number of the report's JSON against the dashboard's gap report.
fn assert_agree(report: &Value, dashboard: &DashboardData, profile: &str) {
    let shown = &dashboard.report;
    assert_eq!(report["profile"], profile, "{report:#}");
    assert_eq!(
        shown.profile.as_ref().map(|(id, _)| id.as_str()),
        Some(profile)
    );
    match (number(&report["readiness"]), shown.readiness) {
        (Some(a), Some(b)) => assert!(close(a, b), "readiness {a} vs {b}"),
        (a, b) => assert_eq!(a, b, "readiness"),
    }
    let categories = report["categories"].as_array().unwrap();
    assert_eq!(categories.len(), shown.rows.len());
    let mut answered = 0;
    for (json, row) in categories.iter().zip(&shown.rows) {
        let m = &row.mastery;
        assert_eq!(json["id"], m.category.as_str());
        for (name, value) in [("mastery", m.mean), ("low", m.low), ("high", m.high)] {
            let reported = number(&json[name]).unwrap();
            assert!(
                close(reported, value),
                "{} {name}: {reported} vs {value}",
                m.category
            );
        }
        assert_eq!(number(&json["target"]), row.target, "{} target", m.category);
        match (number(&json["gap"]), row.gap()) {
            (Some(a), Some(b)) => assert!(close(a, b), "{} gap {a} vs {b}", m.category),
            (a, b) => assert_eq!(a, b, "{} gap", m.category),
        }
        assert_eq!(json["answered"], m.answered);
        assert!(close(number(&json["coverage"]).unwrap(), m.coverage()));
        assert_eq!(json["enough_answers"], m.enough());
        answered += m.answered;
    }
    assert_eq!(answered, dashboard.answers);
    let weakest: Vec<&str> = report["weakest"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["id"].as_str().unwrap())
        .collect();
    let shown_weakest: Vec<&str> = shown.weakest.iter().map(|w| w.id.as_str()).collect();
    assert_eq!(weakest, shown_weakest);
}

#[test]
fn report_and_dashboard_agree_after_a_quiz_with_a_profile() {
    let data = tempfile::tempdir().unwrap();
    quiz_with_profile(data.path(), "senior");

    // No profile chosen: both use the pack's first, not the quiz's `--profile senior`.
    let report: Value =
        serde_json::from_slice(&skillgap(data.path(), &["report", "--format", "json"]).stdout)
            .unwrap();
    let (app, dashboard) = dashboard_at_start(data.path());
    assert_eq!(dashboard.answers, 5, "the quiz's answers are counted");
    assert_agree(&report, &dashboard, "junior");
    assert_eq!(app.profile.as_deref(), Some("junior"));

    // Once chosen, both follow the choice.
    skillgap(data.path(), &["profile", "set", "senior"]);
    let report: Value =
        serde_json::from_slice(&skillgap(data.path(), &["report", "--format", "json"]).stdout)
            .unwrap();
    let (app, dashboard) = dashboard_at_start(data.path());
    assert_agree(&report, &dashboard, "senior");
    assert_eq!(app.profile.as_deref(), Some("senior"));
}
