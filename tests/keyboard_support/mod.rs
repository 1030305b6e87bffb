//! Every key a keyboard sends, with the modifiers a terminal reports: what the keymap tests
//! press (the app's in `tui_keys.rs`, the class viewer's in `tui_class.rs`).

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

pub fn keyboard() -> Vec<KeyEvent> {
    let mut codes: Vec<KeyCode> = (0x20u8..0x7f)
        .map(|b| KeyCode::Char(char::from(b)))
        .collect();
    codes.extend([
        KeyCode::Char('é'),
        KeyCode::Enter,
        KeyCode::Esc,
        KeyCode::Tab,
        KeyCode::BackTab,
        KeyCode::Backspace,
        KeyCode::Delete,
        KeyCode::Insert,
        KeyCode::Up,
        KeyCode::Down,
        KeyCode::Left,
        KeyCode::Right,
        KeyCode::Home,
        KeyCode::End,
        KeyCode::PageUp,
        KeyCode::PageDown,
    ]);
    codes.extend([KeyCode::F(1), KeyCode::F(2), KeyCode::F(12)]);
    let modifiers = [
        KeyModifiers::NONE,
        KeyModifiers::SHIFT,
        KeyModifiers::CONTROL,
        KeyModifiers::ALT,
    ];
    codes
        .into_iter()
        .flat_map(|code| modifiers.map(|m| KeyEvent::new(code, m)))
        .collect()
}
