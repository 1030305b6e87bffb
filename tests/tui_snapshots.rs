//! Every screen of the terminal app rendered to text at 80×24 and 120×40 (insta snapshots,
//! reviewed and committed under tests/snapshots), the "enlarge the terminal" message, and
//! no panic at any size down to 1×1.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod tui_support;

use ratatui::crossterm::event::{KeyCode, KeyModifiers};
use skillgap::quiz::Mode;
use skillgap::tui::{App, Msg, update};
use tui_support::*;

const SIZES: [(u16, u16); 3] = [(80, 24), (120, 40), (60, 24)];

/// Every screen and dialog, put there the way a user would get there.
fn screens(size: (u16, u16)) -> Vec<(&'static str, App)> {
    let mut out: Vec<(&'static str, App)> = Vec::new();
    out.push(("dashboard", dashboard_app(size)));
    {
        let (mut app, _) = App::dashboard(bundled(), false, NOW);
        update(&mut app, Msg::Resize(size.0, size.1));
        out.push(("dashboard_loading", app));
    }
    {
        let mut app = dashboard_app(size);
        press(&mut app, KeyCode::Char('s'));
        press(&mut app, KeyCode::Tab);
        press(&mut app, KeyCode::Down);
        press(&mut app, KeyCode::Char(' '));
        out.push(("setup", app));
    }
    let q = |questions: &[usize]| quiz_app(demo(), questions, Mode::Practice, size);
    {
        let mut app = q(&[0, 1]);
        press(&mut app, KeyCode::Down);
        out.push(("question_single", app));
    }
    {
        let mut app = q(&[1]);
        press(&mut app, KeyCode::Char(' '));
        press(&mut app, KeyCode::Down);
        press(&mut app, KeyCode::Down);
        press(&mut app, KeyCode::Char(' '));
        out.push(("question_multi", app));
    }
    out.push(("question_true_false", q(&[2])));
    {
        let mut app = q(&[3]);
        chars(&mut app, "for update");
        out.push(("question_short", app));
    }
    {
        let mut app = q(&[4]);
        chars(&mut app, "4,43");
        press(&mut app, KeyCode::Enter);
        out.push(("question_numeric_refused", app));
    }
    out.push(("question_code", q(&[5])));
    {
        let mut app = q(&[6]);
        press(&mut app, KeyCode::Char(' '));
        press(&mut app, KeyCode::Down);
        out.push(("question_order_grabbed", app));
    }
    {
        let mut app = q(&[7]);
        press(&mut app, KeyCode::Enter);
        press(&mut app, KeyCode::Enter);
        press(&mut app, KeyCode::Enter);
        out.push(("question_match", app));
    }
    {
        let mut app = q(&[8]);
        chars(&mut app, "Readers read a snapshot.");
        press(&mut app, KeyCode::Enter);
        chars(&mut app, "Writers add versions.");
        out.push(("question_open_writing", app.clone()));
        press_mod(&mut app, KeyCode::Char('s'), KeyModifiers::CONTROL);
        press(&mut app, KeyCode::Char('2'));
        out.push(("question_open_rubric", app));
    }
    {
        let mut app = quiz_app(long_pack(), &[0], Mode::Practice, size);
        press(&mut app, KeyCode::Down);
        press(&mut app, KeyCode::Down);
        out.push(("question_long_scrolled", app));
    }
    {
        let mut app = quiz_app(demo(), &[0, 1, 2], Mode::Exam, size);
        update(&mut app, Msg::Tick(NOW + 83_000));
        out.push(("question_exam_timer", app));
    }
    {
        let mut app = q(&[0]);
        press(&mut app, KeyCode::Char('2'));
        press(&mut app, KeyCode::Enter);
        out.push(("feedback_single", app));
    }
    {
        let mut app = q(&[7]);
        for key in [
            KeyCode::Enter,
            KeyCode::Enter,
            KeyCode::Enter,
            KeyCode::Enter,
        ] {
            press(&mut app, key);
        }
        press(&mut app, KeyCode::Enter);
        press(&mut app, KeyCode::Enter);
        press_mod(&mut app, KeyCode::Char('s'), KeyModifiers::CONTROL);
        out.push(("feedback_match", app));
    }
    {
        let mut app = quiz_app(demo(), &[0, 1, 2, 6], Mode::Practice, size);
        press(&mut app, KeyCode::Char('1'));
        press(&mut app, KeyCode::Enter);
        press(&mut app, KeyCode::Enter);
        press(&mut app, KeyCode::Char('1'));
        press(&mut app, KeyCode::Enter);
        press(&mut app, KeyCode::Enter);
        press_mod(&mut app, KeyCode::Char('n'), KeyModifiers::CONTROL);
        press(&mut app, KeyCode::Enter);
        press(&mut app, KeyCode::Enter);
        press(&mut app, KeyCode::Enter);
        out.push(("summary", app.clone()));
        press(&mut app, KeyCode::Down);
        press(&mut app, KeyCode::Enter);
        out.push(("review", app));
    }
    {
        // Ten questions from seven categories: at 80x24 every category used to need a row the
        // box did not have (5 of 7 shown, no marker) while the questions box stood half empty.
        let packs = bundled();
        let mut picked: Vec<usize> = Vec::new();
        let mut categories: Vec<&str> = Vec::new();
        for (i, q) in packs[0].questions.iter().enumerate() {
            let new_category = !categories.contains(&q.category.as_str());
            if (new_category && categories.len() < 7) || (!new_category && picked.len() < 3) {
                if new_category {
                    categories.push(q.category.as_str());
                }
                picked.push(i);
            }
            if categories.len() == 7 && picked.len() >= 10 {
                break;
            }
        }
        let mut app = quiz_app(bundled(), &picked, Mode::Practice, size);
        for _ in 0..picked.len() {
            press_mod(&mut app, KeyCode::Char('n'), KeyModifiers::CONTROL);
            if app.screen == skillgap::tui::Screen::Feedback {
                press(&mut app, KeyCode::Enter);
            }
        }
        assert_eq!(app.screen, skillgap::tui::Screen::Summary);
        out.push(("summary_seven_categories", app));
    }
    {
        let mut app = dashboard_app(size);
        press(&mut app, KeyCode::Char('g'));
        press(&mut app, KeyCode::Down);
        out.push(("gap_chart", app));
    }
    {
        let mut app = dashboard_app(size);
        press(&mut app, KeyCode::Char('f'));
        press(&mut app, KeyCode::Down);
        out.push(("forecast", app));
    }
    {
        // No exam date set: how to set one.
        let (mut app, _) = App::dashboard(bundled(), false, NOW);
        update(&mut app, Msg::Resize(size.0, size.1));
        let mut data = dashboard_data(&app.packs[0], None);
        data.forecast = None;
        update(&mut app, Msg::DashboardLoaded(Box::new(data)));
        press(&mut app, KeyCode::Char('f'));
        out.push(("forecast_no_date", app));
    }
    out.push(("category", category_app(size)));
    out.push(("history", history_app(size)));
    {
        let mut app = history_app(size);
        let (session, answers) = stored_session(&demo());
        app.packs = demo();
        load_session(&mut app, session, answers, false);
        out.push(("session", app));
    }
    {
        let mut app = q(&[7]);
        press(&mut app, KeyCode::Char('?'));
        out.push(("help_match", app));
    }
    {
        let mut app = q(&[8]);
        chars(&mut app, "Readers read a snapshot.");
        press(&mut app, KeyCode::F(1));
        out.push(("help_open", app));
    }
    {
        let mut app = dashboard_app(size);
        press(&mut app, KeyCode::Char('?'));
        out.push(("help_dashboard", app));
    }
    {
        let mut app = q(&[0, 1]);
        press(&mut app, KeyCode::Esc);
        out.push(("confirm_leave", app));
    }
    {
        let mut app = q(&[0, 1]);
        press(&mut app, KeyCode::Char('2'));
        press(&mut app, KeyCode::Enter);
        press(&mut app, KeyCode::Enter);
        press(&mut app, KeyCode::Esc);
        out.push(("confirm_leave_answered", app));
    }
    {
        let mut app = q(&[0]);
        app.ask_confidence = true;
        press(&mut app, KeyCode::Char('1'));
        press(&mut app, KeyCode::Enter);
        out.push(("confidence", app));
    }
    {
        let mut app = dashboard_app(size);
        press(&mut app, KeyCode::Char('p'));
        out.push(("profiles", app));
    }
    {
        // The bundled bank and an installed pack: the dashboard offers to switch.
        let mut packs = bundled();
        packs.extend(demo());
        let (mut app, _) = App::dashboard_of(packs, 0, false, NOW);
        update(&mut app, Msg::Resize(size.0, size.1));
        let data = dashboard_data(&app.packs[0], None);
        update(&mut app, Msg::DashboardLoaded(Box::new(data)));
        out.push(("dashboard_two_packs", app.clone()));
        press(&mut app, KeyCode::Char('P'));
        press(&mut app, KeyCode::Down);
        out.push(("packs", app));
    }
    {
        let mut app = dashboard_app(size);
        press(&mut app, KeyCode::Char('g'));
        press(&mut app, KeyCode::Char('c'));
        let pack = app.packs[0].clone();
        let mut builder = skillgap::learning::calibration::CalibrationBuilder::new();
        for (i, q) in pack.questions.iter().take(12).enumerate() {
            let sure = skillgap::quiz::Confidence::ALL[i % 3];
            let score = if i % 4 == 0 { 0.0 } else { 1.0 };
            builder.add(&q.id, &q.category, score, sure, NOW - i as i64 * 60_000);
        }
        let text = skillgap::report::progress::calibration_text(&pack, &builder.finish(&pack));
        update(&mut app, Msg::CalibrationLoaded(text));
        out.push(("calibration", app));
    }
    {
        let mut app = dashboard_app(size);
        update(
            &mut app,
            Msg::Failed(
                "Your answer could not be saved: the disk is full; free some space and try again"
                    .to_owned(),
            ),
        );
        out.push(("error", app));
    }
    out
}

#[test]
fn every_screen_at_both_sizes() {
    for size in SIZES {
        for (name, app) in screens(size) {
            let text = render(&app, size.0, size.1);
            insta::assert_snapshot!(format!("{name}_{}x{}", size.0, size.1), text);
        }
    }
}

#[test]
fn below_the_minimum_size_asks_for_more_room() {
    let mut app = dashboard_app((39, 11));
    update(&mut app, Msg::Resize(39, 11));
    let text = render(&app, 39, 11);
    assert!(text.contains("Enlarge"), "{text}");
    insta::assert_snapshot!("too_small_39x11", text);
}

#[test]
fn no_panic_at_any_size_on_any_screen() {
    let sizes: Vec<(u16, u16)> = [1u16, 2, 5, 12, 20, 39, 40, 41, 55, 79, 80, 100, 160, 250]
        .iter()
        .flat_map(|&w| [1u16, 2, 5, 11, 12, 13, 24, 60].map(|h| (w, h)))
        .collect();
    for (name, app) in screens((80, 24)) {
        for &(w, h) in &sizes {
            let mut app = app.clone();
            // Live resize: the state learns the new size, then it is drawn.
            update(&mut app, Msg::Resize(w, h));
            let text = render(&app, w, h);
            assert_eq!(text.lines().count(), usize::from(h), "{name} at {w}x{h}");
            // Keys and clicks at this size must not panic either.
            for key in [KeyCode::Down, KeyCode::Up, KeyCode::PageDown, KeyCode::Tab] {
                press(&mut app, key);
            }
            let mouse = ratatui::crossterm::event::MouseEvent {
                kind: ratatui::crossterm::event::MouseEventKind::Down(
                    ratatui::crossterm::event::MouseButton::Left,
                ),
                column: w / 2,
                row: h / 2,
                modifiers: KeyModifiers::NONE,
            };
            update(&mut app, Msg::Mouse(mouse));
            render(&app, w, h);
        }
    }
}

#[test]
fn no_colour_at_all_without_colour() {
    use ratatui::buffer::Buffer;
    use ratatui::layout::Rect;
    use ratatui::style::Color;
    use ratatui::widgets::Widget;
    for (name, app) in screens((100, 30)) {
        let area = Rect::new(0, 0, 100, 30);
        let mut buf = Buffer::empty(area);
        (&app).render(area, &mut buf);
        for cell in buf.content() {
            assert_eq!(cell.fg, Color::Reset, "{name}: a foreground colour");
            assert_eq!(cell.bg, Color::Reset, "{name}: a background colour");
        }
    }
    // With colour on, still no background anywhere (light and dark terminals).
    for (name, mut app) in screens((100, 30)) {
        app.color = true;
        let area = Rect::new(0, 0, 100, 30);
        let mut buf = Buffer::empty(area);
        (&app).render(area, &mut buf);
        for cell in buf.content() {
            assert_eq!(cell.bg, Color::Reset, "{name}: a background colour");
        }
    }
}

#[test]
fn hostile_pack_text_never_reaches_the_screen_raw() {
    let text = r#"Pack(id: "h", title: "H", version: "1",
        categories: [(id: "c", title: "C")],
        questions: [(id: "q", category: "c", difficulty: Easy,
            prompt: "Plain prompt",
            kind: Single(choices: [(text: "a", correct: true), (text: "b")]),
            explanation: "e")])"#;
    let mut packs = vec![skillgap::pack::load_str("h.ron", text).unwrap()];
    // Validation refuses control characters, so smuggle them in after loading.
    packs[0].questions[0].prompt = "evil \u{1b}[2J\u{202E}txt.exe\u{7}".to_owned();
    let app = quiz_app(packs, &[0], Mode::Practice, (80, 24));
    let screen = render(&app, 80, 24);
    assert!(!screen.contains('\u{1b}'));
    assert!(!screen.contains('\u{202E}'));
    assert!(!screen.contains('\u{7}'));
    assert!(screen.contains("evil ␛[2J"), "{screen}");
}

#[test]
fn question_help_lists_each_key_once_and_says_what_ctrl_s_does_for_an_open_answer() {
    let help_of = |app: &App| skillgap::tui::view::keys::help(app);
    let key_of = |help: &[(String, String)], key: &str| -> Vec<String> {
        help.iter()
            .filter(|(k, _)| k.split(' ').any(|part| part == key))
            .map(|(_, what)| what.clone())
            .collect()
    };
    for question in 0..demo()[0].questions.len() {
        let app = quiz_app(demo(), &[question], Mode::Practice, (80, 24));
        let help = help_of(&app);
        assert_eq!(
            key_of(&help, "Ctrl-S").len(),
            1,
            "question {question}: {help:?}"
        );
    }
    let mut app = quiz_app(demo(), &[8], Mode::Practice, (80, 24));
    chars(&mut app, "Readers read a snapshot.");
    assert_eq!(
        key_of(&help_of(&app), "Ctrl-S"),
        ["done: show the model answer and rubric"]
    );
    press_mod(&mut app, KeyCode::Char('s'), KeyModifiers::CONTROL);
    assert_eq!(key_of(&help_of(&app), "Ctrl-S"), ["score the answer"]);
}

/// At the sizes terminals open at, a timed session always shows its clock: a long category
/// title is cut instead (the clock used to vanish at 80 columns for "Databases & data
/// management", and the student met "time ran out" unwarned).
#[test]
fn the_exam_clock_stays_in_the_title_bar_whatever_the_category() {
    let packs = bundled();
    let longest = packs[0]
        .questions
        .iter()
        .enumerate()
        .max_by_key(|(_, q)| packs[0].category(&q.category).map_or(0, |c| c.title.len()))
        .map(|(i, _)| i)
        .unwrap();
    for (width, height) in [(80, 24), (60, 20), (100, 30)] {
        let mut app = quiz_app(bundled(), &[longest], Mode::Exam, (width, height));
        update(&mut app, Msg::Tick(NOW + 4_000));
        let screen = render(&app, width, height);
        let top = screen.lines().next().unwrap();
        assert!(top.contains("⏱ 09:56 left"), "{width}x{height}:\n{screen}");
        assert!(top.contains("Question 1 of 1"), "{top}");
    }
}

/// A reference longer than the line: on a line of its own, whole (the screen cuts it from
/// view, but it is one run of text to click or copy), never broken in two.
#[test]
fn a_long_link_in_the_feedback_is_never_broken() {
    let url = "https://www.postgresql.org/docs/current/indexes-multicolumn.html#INDEXES-MULTICOLUMN-ORDER";
    let mut packs = demo();
    packs[0].questions[0].references = vec![format!("Multicolumn indexes, {url}")];
    let mut app = quiz_app(packs, &[0], Mode::Practice, (80, 24));
    press(&mut app, KeyCode::Char('2'));
    press(&mut app, KeyCode::Enter);
    let screen = render(&app, 80, 24);
    assert!(
        screen.contains(
            "   https://www.postgresql.org/docs/current/indexes-multicolumn.html#INDEXES-MUL"
        ),
        "{screen}"
    );
    assert!(
        !screen.contains("TICOLUMN-ORDER"),
        "cut from view, not wrapped: {screen}"
    );
    insta::assert_snapshot!("feedback_long_link_80x24", screen);
}

/// A two-sentence Open answer at 80x24 wraps inside its box: the start of the paragraph
/// stays in view while the end is typed.
#[test]
fn an_open_answer_wraps_inside_its_box() {
    let mut app = quiz_app(demo(), &[8], Mode::Practice, (80, 24));
    let start = "Each reader sees a snapshot of the rows as of the moment its transaction";
    chars(
        &mut app,
        &format!(
            "{start} began, so it never waits for a writer. Writers add new row versions instead of overwriting, and vacuum removes the old ones later."
        ),
    );
    let screen = render(&app, 80, 24);
    let rows: Vec<&str> = screen.lines().collect();
    let first = rows
        .iter()
        .position(|l| l.contains("│Each reader sees a snapshot"))
        .unwrap_or_else(|| panic!("the start of the answer is in view:\n{screen}"));
    assert!(
        rows[first + 1..]
            .iter()
            .any(|l| l.contains("removes the old ones later.")),
        "the end wraps below it, inside the box:\n{screen}"
    );
    for row in &rows[first..] {
        if let Some(inside) = row.split('│').nth(1) {
            assert!(
                !inside.starts_with(','),
                "no row starts with a comma: {screen}"
            );
        }
    }
    insta::assert_snapshot!("question_open_wrapped_80x24", screen);
}

/// At the sizes terminals open at and at 60 columns, nothing runs off the right edge cut
/// mid-word: a line that reaches the last column ends with `…`, a border, a bar or a scroll
/// mark; the key bar shows whole entries and always ends with help.
#[test]
fn no_label_is_cut_mid_word_at_80_and_60_columns() {
    let kept = [
        '…', '│', '┐', '┘', '╮', '╯', '─', '▲', '▼', '░', '▒', '█', '┃',
    ];
    for size in [(80, 24), (60, 24)] {
        for (name, app) in screens(size) {
            let screen = render(&app, size.0, size.1);
            for (row, line) in screen.lines().enumerate() {
                let cells = unicode_width::UnicodeWidthStr::width(line);
                let last = line.chars().last().unwrap_or(' ');
                // A link is never cut in two: it runs on, whole, and the terminal hides the rest.
                let link = line
                    .split(' ')
                    .next_back()
                    .is_some_and(|w| w.contains("://"));
                assert!(
                    cells < usize::from(size.0) || kept.contains(&last) || link,
                    "{name} at {}x{}, row {row} is cut: {line:?}\n{screen}",
                    size.0,
                    size.1
                );
            }
            let bar = screen.lines().last().unwrap();
            if app.overlay.is_none() {
                assert!(
                    bar.ends_with("? help") || bar.ends_with("F1 help"),
                    "{name}: {bar:?}"
                );
            }
        }
    }
}
