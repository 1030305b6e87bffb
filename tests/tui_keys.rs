//! Every key the app acts on is on a keymap: for every screen, every step of every kind of
//! answer and every dialog, each key of the keyboard (with and without Shift, Control and
//! Alt) is pressed; a key that changes anything (any state of the app, or an effect) must
//! be listed by the keymap in effect, which is where the key bar and help come from.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod keyboard_support;
mod tui_support;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use skillgap::quiz::Mode;
use skillgap::tui::app::Overlay;
use skillgap::tui::view::keys::listed;
use skillgap::tui::{App, Msg, Screen, update};
use tui_support::*;

/// Every key of the keyboard but Control-C, which quits at once and is checked on its own
/// below.
fn keyboard() -> Vec<KeyEvent> {
    keyboard_support::keyboard()
        .into_iter()
        .filter(|k| !(k.code == KeyCode::Char('c') && k.modifiers == KeyModifiers::CONTROL))
        .collect()
}

/// What a key can change that a user would notice.
fn seen(app: &App) -> (String, String, Screen, bool) {
    (
        render(app, 80, 24),
        format!("{:?}", app.overlay),
        app.screen,
        app.quit,
    )
}

/// Each app in each state a key can meet.
fn states() -> Vec<(String, App)> {
    let mut out: Vec<(String, App)> = Vec::new();
    let size = (80, 24);
    let mut add = |name: &str, mut app: App| {
        app.notice = None;
        out.push((name.to_owned(), app));
    };
    let q = |questions: &[usize]| quiz_app(demo(), questions, Mode::Practice, size);
    let kinds = [
        "single",
        "multi",
        "true/false",
        "short",
        "numeric",
        "code",
        "order",
        "match",
        "open",
    ];
    for (i, kind) in kinds.iter().enumerate() {
        add(&format!("question {kind}"), q(&[i, 0]));
    }
    {
        let mut app = q(&[6]);
        press(&mut app, KeyCode::Char(' '));
        add("order grabbed", app);
    }
    {
        let mut app = q(&[7]);
        press(&mut app, KeyCode::Enter);
        add("match right column", app);
        let mut app = q(&[7]);
        for _ in 0..6 {
            press(&mut app, KeyCode::Enter);
        }
        add("match all paired", app);
    }
    {
        let mut app = q(&[8]);
        chars(&mut app, "Readers read a snapshot.");
        add("open written", app.clone());
        ctrl(&mut app, 's');
        add("open rubric", app);
    }
    {
        let mut app = q(&[3]);
        chars(&mut app, "for update");
        add("short typed", app);
    }
    {
        let mut app = q(&[0, 1]);
        press(&mut app, KeyCode::Char('2'));
        press(&mut app, KeyCode::Enter);
        add("feedback", app.clone());
        press(&mut app, KeyCode::Esc);
        add("confirm leave", app);
    }
    {
        let mut app = q(&[0]);
        press(&mut app, KeyCode::Char('q'));
        add("confirm quit", app);
    }
    {
        let mut app = q(&[0, 2]);
        app.ask_confidence = true;
        answer_perfectly(&mut app);
        add("how sure", app);
        let mut app = q(&[8]);
        app.ask_confidence = true;
        chars(&mut app, "my answer");
        ctrl(&mut app, 's');
        add("how sure of an open answer", app);
    }
    {
        let mut app = q(&[0, 1, 2]);
        for _ in 0..3 {
            ctrl(&mut app, 'n');
            press(&mut app, KeyCode::Enter);
        }
        add("summary", app.clone());
        press(&mut app, KeyCode::Enter);
        add("review", app);
    }
    add("dashboard", dashboard_app(size));
    {
        let mut app = dashboard_app(size);
        press(&mut app, KeyCode::Char('s'));
        for section in ["settings", "categories", "kinds", "packs"] {
            add(&format!("setup {section}"), app.clone());
            press(&mut app, KeyCode::Tab);
        }
    }
    {
        let mut app = dashboard_app(size);
        press(&mut app, KeyCode::Char('g'));
        add("gap chart", app.clone());
        press(&mut app, KeyCode::Char('c'));
        update(&mut app, Msg::CalibrationLoaded("calibration\n".repeat(40)));
        add("calibration", app);
    }
    {
        let mut app = dashboard_app(size);
        press(&mut app, KeyCode::Char('f'));
        add("forecast", app);
    }
    add("category", category_app(size));
    add("history", history_app(size));
    {
        let mut app = history_app(size);
        let (session, answers) = stored_session(&demo());
        app.packs = demo();
        load_session(&mut app, session, answers, false);
        add("session", app);
    }
    {
        let mut app = dashboard_app(size);
        press(&mut app, KeyCode::Char('?'));
        add("help", app);
        let mut app = dashboard_app(size);
        press(&mut app, KeyCode::Char('p'));
        add("profiles", app.clone());
        press(&mut app, KeyCode::Char('e'));
        add("exam date", app.clone());
        chars(&mut app, "2027-01-1");
        add("exam date typed", app);
        let mut app = dashboard_app(size);
        update(&mut app, Msg::Failed("the disk is full".to_owned()));
        add("error", app.clone());
        app.overlay = Some(Overlay::Info {
            title: "Nothing to review".to_owned(),
            text: "Nothing is due.".to_owned(),
        });
        add("message", app);
    }
    {
        let mut packs = bundled();
        packs.extend(demo());
        let (mut app, _) = App::dashboard_of(packs, 0, false, NOW);
        update(&mut app, Msg::Resize(size.0, size.1));
        let data = dashboard_data(&app.packs[0], None);
        update(&mut app, Msg::DashboardLoaded(Box::new(data)));
        press(&mut app, KeyCode::Char('P'));
        add("packs", app);
    }
    out
}

#[test]
fn every_key_that_does_something_is_on_a_keymap() {
    let keys = keyboard();
    let mut acted = 0;
    for (name, mut app) in states() {
        // The packs never change: kept apart, so each key's copy of the app is cheap, and the
        // state compared (everything but the packs) shows any change a key made.
        let mut packs = std::mem::take(&mut app.packs);
        let before = format!("{app:?}");
        let mut unlisted = Vec::new();
        for key in &keys {
            let mut after = app.clone();
            after.packs = std::mem::take(&mut packs);
            let effects = update(&mut after, Msg::Key(*key));
            packs = std::mem::take(&mut after.packs);
            let did_something = !effects.is_empty() || format!("{after:?}") != before;
            if did_something {
                acted += 1;
                app.packs = std::mem::take(&mut packs);
                if !listed(&app, key) {
                    unlisted.push(format!("{:?} {:?}", key.modifiers, key.code));
                }
                packs = std::mem::take(&mut app.packs);
            }
        }
        assert!(
            unlisted.is_empty(),
            "{name}: keys that act but no keymap lists: {unlisted:?}"
        );
    }
    // The walk met keys that act (it would pass vacuously if nothing did).
    assert!(acted > 1000, "{acted}");
}

#[test]
fn control_c_quits_from_every_state_and_is_listed() {
    let key = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
    for (name, app) in states() {
        assert!(listed(&app, &key), "{name}");
        let mut app = app.clone();
        update(&mut app, Msg::Key(key));
        assert!(app.quit, "{name}");
    }
}

/// Shift-↑ (which a plain `↑` binding would also match) is on the Order keymap as moving
/// the item, and a key no keymap lists leaves the question as it was.
#[test]
fn shift_up_moves_an_order_item_and_an_unlisted_key_does_nothing() {
    let app = quiz_app(demo(), &[6], Mode::Practice, (80, 24));
    let shift_up = KeyEvent::new(KeyCode::Up, KeyModifiers::SHIFT);
    assert!(listed(&app, &shift_up));
    let alt_x = KeyEvent::new(KeyCode::Char('x'), KeyModifiers::ALT);
    assert!(!listed(&app, &alt_x));
    let mut after = app.clone();
    let effects = update(&mut after, Msg::Key(alt_x));
    assert!(effects.is_empty() && seen(&after) == seen(&app));
}
