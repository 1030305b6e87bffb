//! The app's forecast screen (`f` on the dashboard): the numbers `skillgap report` prints for
//! the exam date, each category's standing by the one "on track" rule, the same count as
//! the dashboard's "N/M on track", and how to set a date when none is set.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod tui_support;

use ratatui::crossterm::event::KeyCode;
use serde_json::Value;
use skillgap::learning::forecast::on_track;
use skillgap::learning::{CalendarDate, DAY_MS};
use skillgap::store::Store;
use skillgap::text::percent;
use skillgap::tui::app::Overlay;
use skillgap::tui::screens::forecast::{self, Standing};
use skillgap::tui::{App, Effect, Msg, Screen, update};
use std::io::Write as _;
use std::path::Path;
use std::process::{Command, Stdio};
use tui_support::{chars, dashboard_app, press, render};

fn skillgap(data: &Path, args: &[&str], stdin: &str) -> String {
    let mut child = Command::new(env!("CARGO_BIN_EXE_skillgap"))
        .args(args)
        .env("SKILLGAP_HOME", data)
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{args:?}: {out:?}");
    String::from_utf8(out.stdout).unwrap()
}

/// The cells of the row of `title` on the screen, split on runs of spaces.
fn row_cells(screen: &str, title: &str) -> Vec<String> {
    let line = screen
        .lines()
        .find(|l| l.contains(&format!("│{title} ")))
        .unwrap_or_else(|| panic!("no row for {title}:\n{screen}"));
    line.trim_matches('│')
        .trim_end_matches('│')
        .split("  ")
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(str::to_owned)
        .collect()
}

#[test]
fn the_forecast_screen_shows_the_numbers_of_skillgap_report() {
    let data = tempfile::tempdir().unwrap();
    let now = skillgap::clock::now_ms();
    let date = CalendarDate::of_ms(now + 30 * DAY_MS).to_string();
    skillgap(
        data.path(),
        &["profile", "set", "junior", "--date", &date],
        "",
    );
    // Twelve true/false answers, some right, some wrong.
    skillgap(
        data.path(),
        &[
            "quiz",
            "--plain",
            "--count",
            "12",
            "--seed",
            "5",
            "--kind",
            "true-false",
        ],
        &"t\n".repeat(12),
    );
    let report: Value =
        serde_json::from_str(&skillgap(data.path(), &["report", "--format", "json"], "")).unwrap();
    let rows = report["forecast"]["categories"].as_array().unwrap();
    assert_eq!(report["forecast"]["date"], date.as_str());

    // The app, as the run loop feeds it.
    let packs = vec![skillgap::pack::load_bundled().unwrap()];
    let store = Store::open(data.path()).unwrap();
    let dashboard = skillgap::service::dashboard::dashboard(&store, &packs[0], None, now).unwrap();
    let (mut app, _) = App::dashboard_of(packs, 0, false, now);
    update(&mut app, Msg::Resize(100, 30));
    update(&mut app, Msg::DashboardLoaded(Box::new(dashboard.clone())));
    let on_dashboard = render(&app, 100, 30);
    press(&mut app, KeyCode::Char('f'));
    assert_eq!(app.screen, Screen::Forecast);
    let screen = render(&app, 100, 30);
    assert!(
        screen.contains(&format!("Exam {date} · 30 days away")),
        "{screen}"
    );

    let titles: Vec<(String, String)> = dashboard
        .report
        .rows
        .iter()
        .map(|r| (r.mastery.category.clone(), r.title.clone()))
        .collect();
    assert_eq!(rows.len(), titles.len());
    for row in rows {
        let id = row["id"].as_str().unwrap();
        let title = &titles.iter().find(|(c, _)| c == id).unwrap().1;
        let cells = row_cells(&screen, title);
        let predicted = percent(row["predicted"].as_f64().unwrap());
        assert_eq!(
            cells[1],
            percent(row["mastery_now"].as_f64().unwrap()),
            "{cells:?}"
        );
        assert_eq!(cells[2].trim_end_matches('*'), predicted, "{cells:?}");
        assert_eq!(
            cells[3],
            row["target"].as_f64().map_or("–".to_owned(), percent),
            "{cells:?}"
        );
    }

    // Each standing by the one rule; the count on the screen and on the dashboard agree.
    let lines = forecast::lines(&dashboard);
    for line in &lines {
        let rule = line.row.is_some_and(|r| on_track(r, line.forecast));
        assert_eq!(
            line.standing == Standing::OnTrack,
            rule,
            "{}",
            line.forecast.title
        );
        let cells = row_cells(&screen, &line.forecast.title);
        assert_eq!(cells.last().unwrap(), line.standing.words());
    }
    let (met, targeted) = forecast::on_track_count(&dashboard);
    assert!(
        screen.contains(&format!("{met} of {targeted} targets on track")),
        "{screen}"
    );
    assert!(
        on_dashboard.contains(&format!("exam {date}: {met}/{targeted} on track")),
        "{on_dashboard}"
    );
}

/// The synthetic dashboard has categories on track, short of the target and unmeasured:
/// each standing follows the rule, and the rows listed as on track are the ones counted.
#[test]
fn standings_follow_the_one_rule() {
    let app = dashboard_app((80, 24));
    let data = app.dashboard.data.as_ref().unwrap();
    let lines = forecast::lines(data);
    let on_track_rows = lines
        .iter()
        .filter(|l| l.standing == Standing::OnTrack)
        .count();
    assert!(on_track_rows > 0 && on_track_rows < lines.len());
    for line in &lines {
        let row = line.row.unwrap();
        assert_eq!(
            line.standing == Standing::OnTrack,
            on_track(row, line.forecast)
        );
        if line.standing == Standing::ShortByThen {
            assert!(row.met());
        }
        if let Standing::NotMetNow(_) = line.standing {
            assert!(!row.met());
        }
    }
    assert_eq!(forecast::on_track_count(data).0, on_track_rows);
}

#[test]
fn f_opens_the_forecast_where_e_sets_the_date_and_esc_goes_back() {
    let mut app = dashboard_app((80, 24));
    assert!(
        render(&app, 80, 24).contains("f forecast"),
        "listed in the key bar"
    );
    press(&mut app, KeyCode::Char('?'));
    assert!(render(&app, 80, 24).contains("f  forecast for the exam date"));
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char('f'));
    assert_eq!(app.screen, Screen::Forecast);
    // A quiz on the category selected.
    press(&mut app, KeyCode::Down);
    let selected = forecast::lines(app.dashboard.data.as_ref().unwrap())[1]
        .forecast
        .category
        .clone();
    let mut quiz = app.clone();
    let effects = press(&mut quiz, KeyCode::Char('s'));
    let Some(Effect::StartSession(plan)) = effects.first() else {
        panic!("{effects:?}");
    };
    let pack = &quiz.packs[0];
    assert!(
        plan.question_ids
            .iter()
            .all(|id| pack.question(id).unwrap().category == selected)
    );
    // The exam date, typed here, is saved and the forecast reloaded.
    press(&mut app, KeyCode::Char('e'));
    assert!(matches!(app.overlay, Some(Overlay::ExamDate { .. })));
    chars(&mut app, "2027-01-10");
    let effects = press(&mut app, KeyCode::Enter);
    assert!(
        matches!(effects.as_slice(), [Effect::SaveExamDate { profile, date: Some(_), .. }, Effect::LoadDashboard { .. }] if profile == "junior"),
        "{effects:?}"
    );
    assert_eq!(app.screen, Screen::Forecast);
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.screen, Screen::Dashboard);
}

#[test]
fn without_an_exam_date_it_says_how_to_set_one() {
    let mut app = dashboard_app((60, 24));
    let mut data = app.dashboard.data.clone().unwrap();
    data.forecast = None;
    update(&mut app, Msg::DashboardLoaded(Box::new(data)));
    press(&mut app, KeyCode::Char('f'));
    let screen = render(&app, 60, 24);
    assert!(screen.contains("No exam date ahead is set for"), "{screen}");
    assert!(screen.contains("Press e to set the date"), "{screen}");
    assert!(
        screen.contains("skillgap profile set junior --date YYYY-MM-DD"),
        "{screen}"
    );
}
