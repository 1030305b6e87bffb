//! The class view (`skillgap class --tui`) rendered to text at 80×24 and 120×40 (insta
//! snapshots under tests/snapshots), keys through `update`, no panic down to 1×1, no colour
//! with NO_COLOR, hostile text sanitised.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod class_support;
mod keyboard_support;

use class_support::*;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use ratatui::style::Color;
use ratatui::widgets::Widget;
use skillgap::cohort::results::ResultsError;
use skillgap::report::class::{self, ClassFile};
use skillgap::tui::class::{ClassMsg, ClassView, Tab, update};

fn view(size: (u16, u16)) -> ClassView {
    let pack = pack();
    let mut files = files(&pack);
    files.push(ClassFile {
        name: "broken.json".to_owned(),
        results: Err(ResultsError::NotJson {
            line: 1,
            column: 3,
            reason: "expected value".to_owned(),
        }
        .into()),
    });
    let report = class::aggregate_with(&files, Some(&pack), Some("p"), None, 3);
    let mut view = ClassView::new(report, false);
    update(&mut view, ClassMsg::Resize(size.0, size.1));
    view
}

fn press(view: &mut ClassView, code: KeyCode) {
    update(view, ClassMsg::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

fn render(view: &ClassView, width: u16, height: u16) -> String {
    let area = Rect::new(0, 0, width, height);
    let mut buf = Buffer::empty(area);
    view.render(area, &mut buf);
    let mut out = String::new();
    for y in 0..height {
        let mut line = String::new();
        let mut skip = 0;
        for x in 0..width {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let symbol = buf[(x, y)].symbol();
            skip = unicode_width::UnicodeWidthStr::width(symbol).saturating_sub(1);
            line.push_str(symbol);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

fn screens(size: (u16, u16)) -> Vec<(&'static str, ClassView)> {
    let mut out = Vec::new();
    out.push(("class_chart", view(size)));
    let mut v = view(size);
    press(&mut v, KeyCode::Tab);
    press(&mut v, KeyCode::Down);
    out.push(("class_students", v));
    let mut v = view(size);
    press(&mut v, KeyCode::Char('3'));
    out.push(("class_items", v.clone()));
    press(&mut v, KeyCode::Down);
    press(&mut v, KeyCode::Down);
    press(&mut v, KeyCode::Enter);
    out.push(("class_item_choices", v.clone()));
    press(&mut v, KeyCode::Char('f'));
    out.push(("class_flagged_only", v));
    let mut v = view(size);
    press(&mut v, KeyCode::Char('?'));
    out.push(("class_help", v));
    out
}

#[test]
fn snapshots() {
    for size in [(80u16, 24u16), (120, 40), (60, 24)] {
        for (name, view) in screens(size) {
            let text = render(&view, size.0, size.1);
            // The key bar shows whole entries, help and quit always (it was cut at "? h").
            let bar = text.lines().last().unwrap();
            assert!(bar.ends_with("? help  q quit"), "{name}: {bar:?}");
            insta::assert_snapshot!(format!("{name}_{}x{}", size.0, size.1), text);
        }
    }
}

#[test]
fn keys_move_switch_and_quit() {
    let mut v = view((80, 24));
    assert_eq!(v.tab, Tab::Chart);
    press(&mut v, KeyCode::Tab);
    assert_eq!(v.tab, Tab::Students);
    press(&mut v, KeyCode::BackTab);
    assert_eq!(v.tab, Tab::Chart);
    press(&mut v, KeyCode::Char('3'));
    press(&mut v, KeyCode::End);
    assert_eq!(v.cursor(), v.report.items.len() - 1);
    press(&mut v, KeyCode::Down);
    assert_eq!(
        v.cursor(),
        v.report.items.len() - 1,
        "stays on the last row"
    );
    // q3 (the third item) is selected and its choices open; f keeps it selected.
    press(&mut v, KeyCode::Home);
    press(&mut v, KeyCode::Down);
    press(&mut v, KeyCode::Down);
    assert_eq!(v.report.items[v.selected_item().unwrap()].id, "q3");
    press(&mut v, KeyCode::Enter);
    assert!(v.detail);
    press(&mut v, KeyCode::Char('f'));
    assert!(v.flagged_only);
    assert_eq!(v.report.items[v.selected_item().unwrap()].id, "q3");
    assert!(v.items().iter().all(|&i| v.report.items[i].is_flagged()));
    press(&mut v, KeyCode::Esc);
    assert!(!v.detail && !v.quit);
    press(&mut v, KeyCode::Char('?'));
    assert!(v.help);
    press(&mut v, KeyCode::Down);
    assert!(!v.help && !v.quit, "any key closes the help");
    press(&mut v, KeyCode::Esc);
    assert!(v.quit);
    let mut v = view((80, 24));
    press(&mut v, KeyCode::Char('q'));
    assert!(v.quit);
}

#[test]
fn no_panic_at_any_size_and_too_small_says_so() {
    for (name, view) in screens((80, 24)) {
        for w in [1u16, 2, 5, 20, 39, 40, 41, 79, 100, 250] {
            for h in [1u16, 2, 5, 11, 12, 13, 24, 60] {
                let mut v = view.clone();
                update(&mut v, ClassMsg::Resize(w, h));
                let text = render(&v, w, h);
                assert_eq!(text.lines().count(), usize::from(h), "{name} {w}x{h}");
                for key in [
                    KeyCode::Down,
                    KeyCode::PageDown,
                    KeyCode::Enter,
                    KeyCode::Tab,
                ] {
                    press(&mut v, key);
                    render(&v, w, h);
                }
            }
        }
    }
    let text = render(&view((39, 11)), 39, 11);
    assert!(text.contains("Enlarge"), "{text}");
}

#[test]
fn no_colour_without_colour_and_never_a_background() {
    for (name, mut view) in screens((100, 30)) {
        let area = Rect::new(0, 0, 100, 30);
        let mut buf = Buffer::empty(area);
        (&view).render(area, &mut buf);
        for cell in buf.content() {
            assert_eq!(cell.fg, Color::Reset, "{name}");
            assert_eq!(cell.bg, Color::Reset, "{name}");
        }
        view.color = true;
        let mut buf = Buffer::empty(area);
        (&view).render(area, &mut buf);
        assert!(buf.content().iter().all(|c| c.bg == Color::Reset), "{name}");
    }
}

#[test]
fn hostile_text_is_sanitised() {
    let mut v = view((100, 30));
    v.report.students[0].name = "evil\u{1b}[2J\u{202E}".to_owned();
    v.report.skipped[0].file = "bad\u{1b}]0;x\u{7}.json".to_owned();
    if let Some(d) = v.report.items[2].distractors.as_mut() {
        d.options[1].label = "pick\u{1b}[31m me".to_owned();
    }
    for key in [KeyCode::Char('1'), KeyCode::Char('2'), KeyCode::Char('3')] {
        press(&mut v, key);
        if key == KeyCode::Char('3') {
            press(&mut v, KeyCode::Down);
            press(&mut v, KeyCode::Down);
            press(&mut v, KeyCode::Enter);
        }
        let text = render(&v, 100, 30);
        assert!(
            !text.contains('\u{1b}') && !text.contains('\u{202E}') && !text.contains('\u{7}'),
            "{text}"
        );
    }
}

/// Every key the class view acts on is on its keymap (so the key bar and help list it): a
/// key the keymap does not list changes nothing, on every tab, with the choices open or not.
/// (With help open, any key closes it, as its title says.)
#[test]
fn every_key_that_acts_is_on_the_keymap() {
    use skillgap::tui::class::CLASS_KEYS;
    let mut acted_unlisted = Vec::new();
    let mut acted = 0;
    for (name, state) in screens((100, 30)) {
        for key in keyboard_support::keyboard() {
            let mut after = state.clone();
            update(&mut after, ClassMsg::Key(key));
            let changed = format!("{after:?}") != format!("{state:?}");
            acted += usize::from(changed);
            if name == "class_help" {
                assert!(changed, "{key:?} closes the help");
                continue;
            }
            if changed && !CLASS_KEYS.lists(&key) {
                acted_unlisted.push(format!("{name}: {key:?}"));
            }
        }
    }
    assert!(acted > 50, "keys act at all ({acted})");
    assert!(acted_unlisted.is_empty(), "{acted_unlisted:?}");
    // The key bar and help come from the keymap: every bar word is shown on the Items tab.
    let mut items = view((140, 40));
    press(&mut items, KeyCode::Char('3'));
    let screen = render(&items, 140, 40);
    for (key, word) in CLASS_KEYS.bar() {
        assert!(
            screen.contains(&format!("{key} {word}")),
            "{key} {word}:\n{screen}"
        );
    }
    press(&mut items, KeyCode::Char('?'));
    let help = render(&items, 140, 40);
    for (keys, what) in CLASS_KEYS.help() {
        assert!(
            help.contains(&keys) && help.contains(&what),
            "{keys} {what}:\n{help}"
        );
    }
}
