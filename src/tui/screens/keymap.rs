//! One keymap per screen: each binding holds its keys, how they are written, its word in the
//! key bar and its line in help, and the action it runs. The screen's handler asks the
//! keymap which action a key is, and the key bar and `?` help are generated from the same
//! table, so a hint cannot drift from its binding (the tests below check that every key a
//! hint names is bound to that hint's action).

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// A key as a binding names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    /// This key, whatever the modifiers (as the screens have always read keys).
    Code(KeyCode),
    /// This character with Control held.
    Ctrl(char),
    /// This key with Shift held (Shift-↑ moves an item where ↑ moves the cursor).
    Shift(KeyCode),
    /// Any character typed without Control or Alt: text going into a field.
    Typed,
}

impl Key {
    pub fn matches(self, key: &KeyEvent) -> bool {
        match self {
            Key::Code(code) => key.code == code,
            Key::Ctrl(c) => {
                key.code == KeyCode::Char(c) && key.modifiers.contains(KeyModifiers::CONTROL)
            }
            Key::Shift(code) => key.code == code && key.modifiers.contains(KeyModifiers::SHIFT),
            Key::Typed => {
                matches!(key.code, KeyCode::Char(_))
                    && !key
                        .modifiers
                        .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
            }
        }
    }
}

/// A character key.
pub const fn ch(c: char) -> Key {
    Key::Code(KeyCode::Char(c))
}

pub const UP: Key = Key::Code(KeyCode::Up);
pub const DOWN: Key = Key::Code(KeyCode::Down);
pub const LEFT: Key = Key::Code(KeyCode::Left);
pub const RIGHT: Key = Key::Code(KeyCode::Right);
pub const ENTER: Key = Key::Code(KeyCode::Enter);
pub const ESC: Key = Key::Code(KeyCode::Esc);
pub const TAB: Key = Key::Code(KeyCode::Tab);
pub const BACK_TAB: Key = Key::Code(KeyCode::BackTab);
pub const BACKSPACE: Key = Key::Code(KeyCode::Backspace);
pub const DELETE: Key = Key::Code(KeyCode::Delete);
pub const F1: Key = Key::Code(KeyCode::F(1));
pub const HOME: Key = Key::Code(KeyCode::Home);
pub const END: Key = Key::Code(KeyCode::End);
pub const PAGE_UP: Key = Key::Code(KeyCode::PageUp);
pub const PAGE_DOWN: Key = Key::Code(KeyCode::PageDown);
/// The digits with 0, for lists numbered from 0.
pub const DIGITS_FROM_ZERO: [Key; 10] = [
    ch('0'),
    ch('1'),
    ch('2'),
    ch('3'),
    ch('4'),
    ch('5'),
    ch('6'),
    ch('7'),
    ch('8'),
    ch('9'),
];

/// The digits 1 to 9, for lists numbered from 1.
pub const DIGITS: [Key; 9] = {
    let [_, from_one @ ..] = DIGITS_FROM_ZERO;
    from_one
};

/// The ten digits and one more key: a field that takes a number (a date's `-`, Backspace).
pub const fn digits_and(extra: Key) -> [Key; 11] {
    let [d0, d1, d2, d3, d4, d5, d6, d7, d8, d9] = DIGITS_FROM_ZERO;
    [d0, d1, d2, d3, d4, d5, d6, d7, d8, d9, extra]
}

/// Moving in a list: arrows, j/k, Home/End, g/G, page keys.
pub const LIST: [Key; 10] = [
    UP,
    DOWN,
    ch('k'),
    ch('j'),
    HOME,
    END,
    ch('g'),
    ch('G'),
    PAGE_UP,
    PAGE_DOWN,
];
/// Scrolling a document: arrows, j/k, page keys (Space pages down), Home/End.
pub const SCROLL: [Key; 9] = [
    UP,
    DOWN,
    ch('k'),
    ch('j'),
    PAGE_UP,
    PAGE_DOWN,
    ch(' '),
    HOME,
    END,
];

/// Keys of every screen, read before the screen's own (and a dialog's).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Global {
    /// `?` (F1 while typing, when `?` is text).
    Help,
    QuitNow,
}

pub const GLOBAL_KEYS: Keymap<Global> = Keymap(&[
    Binding {
        keys: &[ch('?'), F1],
        shown: "? F1",
        bar: Some("help"),
        help: "this help",
        action: Global::Help,
    },
    Binding {
        keys: &[Key::Ctrl('c')],
        shown: "Ctrl-C",
        bar: None,
        help: "quit at once (answers are saved)",
        action: Global::QuitNow,
    },
]);

/// One binding of a screen.
#[derive(Debug, Clone, Copy)]
pub struct Binding<A: 'static> {
    pub keys: &'static [Key],
    /// The keys as help writes them ("↑↓ j k"); the key bar shows the first word.
    pub shown: &'static str,
    /// Its word in the key bar; `None`: listed in help only.
    pub bar: Option<&'static str>,
    /// Its line in help.
    pub help: &'static str,
    pub action: A,
}

/// A binding (the keymaps' shorthand for the struct).
pub const fn bind<A>(
    keys: &'static [Key],
    shown: &'static str,
    bar: Option<&'static str>,
    help: &'static str,
    action: A,
) -> Binding<A> {
    Binding {
        keys,
        shown,
        bar,
        help,
        action,
    }
}

/// A screen's bindings, in the order the key bar and help list them. The first binding
/// with a key decides what that key does.
#[derive(Debug, Clone, Copy)]
pub struct Keymap<A: 'static>(pub &'static [Binding<A>]);

impl<A: Copy> Keymap<A> {
    /// The action `key` runs on this screen.
    pub fn action(&self, key: &KeyEvent) -> Option<A> {
        self.0
            .iter()
            .find(|b| b.keys.iter().any(|k| k.matches(key)))
            .map(|b| b.action)
    }

    /// The key bar: (first word of the keys, bar word) of the bindings that have one.
    pub fn bar(&self) -> Vec<(&'static str, &'static str)> {
        self.0.iter().filter_map(Binding::bar_entry).collect()
    }

    /// Whether any binding takes `key`.
    pub fn lists(&self, key: &KeyEvent) -> bool {
        self.action(key).is_some()
    }

    /// The keys of a dialog in one line: each binding with a bar word, its keys joined by
    /// `/` ("Enter/Esc close · ...").
    pub fn hint(&self) -> String {
        self.0
            .iter()
            .filter_map(|b| Some(format!("{} {}", b.shown.replace(' ', "/"), b.bar?)))
            .collect::<Vec<_>>()
            .join(" · ")
    }

    /// Help: (keys, what they do) of every binding.
    pub fn help(&self) -> Vec<(String, String)> {
        self.0.iter().map(Binding::help_entry).collect()
    }

    /// The binding of `action`.
    pub fn binding(&self, action: A) -> Option<&Binding<A>>
    where
        A: PartialEq,
    {
        self.0.iter().find(|b| b.action == action)
    }
}

impl<A> Binding<A> {
    /// Its entry in the key bar: the first word of its keys (`Ctrl-` written `^`), its word.
    pub fn bar_entry(&self) -> Option<(&'static str, &'static str)> {
        let first = self.shown.split(' ').next().unwrap_or(self.shown);
        let short = match first {
            "Ctrl-N" => "^N",
            "Ctrl-S" => "^S",
            other => other,
        };
        Some((short, self.bar?))
    }

    /// Its line in help.
    pub fn help_entry(&self) -> (String, String) {
        (self.shown.to_owned(), self.help.to_owned())
    }
}

#[cfg(test)]
pub mod tests {
    use super::*;

    /// The keys a word of a hint names (`J/K`: both).
    fn named(word: &str) -> Vec<Key> {
        if word.contains('/') && word.chars().count() > 1 {
            return word.split('/').flat_map(named_one).collect();
        }
        named_one(word)
    }

    fn named_one(word: &str) -> Vec<Key> {
        let range = |from: char, to: char| (from..=to).map(ch).collect::<Vec<_>>();
        match word {
            "↑↓" => vec![UP, DOWN],
            "←→" => vec![LEFT, RIGHT],
            "→" => vec![RIGHT],
            "←" => vec![LEFT],
            "↑" => vec![UP],
            "↓" => vec![DOWN],
            "Enter" => vec![ENTER],
            "Esc" => vec![ESC],
            "Tab" => vec![TAB],
            "Shift-Tab" => vec![BACK_TAB],
            "Space" => vec![ch(' ')],
            "Backspace" => vec![BACKSPACE],
            "Delete" => vec![DELETE],
            "F1" => vec![F1],
            "Shift-↑↓" => vec![Key::Shift(KeyCode::Up), Key::Shift(KeyCode::Down)],
            "typing" => vec![Key::Typed],
            "a-g" => range('a', 'g'),
            "Home" => vec![HOME],
            "End" => vec![END],
            "PgUp" => vec![PAGE_UP],
            "PgDn" => vec![PAGE_DOWN],
            // The mouse, not a key.
            "wheel" => Vec::new(),
            "1-9" => range('1', '9'),
            "0-9" => range('0', '9'),
            w if w.starts_with("Ctrl-") && w.chars().count() == 6 => {
                // Written `Ctrl-N`, read as Control with `n`.
                w.chars()
                    .last()
                    .map(|c| Key::Ctrl(c.to_ascii_lowercase()))
                    .into_iter()
                    .collect()
            }
            w if w.chars().count() == 1 => w.chars().map(ch).collect(),
            other => panic!("a hint names `{other}`, which is not a key"),
        }
    }

    fn event(key: Key) -> KeyEvent {
        match key {
            Key::Code(code) => KeyEvent::new(code, KeyModifiers::NONE),
            Key::Ctrl(c) => KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL),
            Key::Shift(code) => KeyEvent::new(code, KeyModifiers::SHIFT),
            // A character no binding names on its own.
            Key::Typed => KeyEvent::new(KeyCode::Char('§'), KeyModifiers::NONE),
        }
    }

    /// Every key a hint names runs that hint's action, and every binding has a hint.
    pub fn check<A: Copy + PartialEq + std::fmt::Debug>(keymap: Keymap<A>) {
        for binding in keymap.0 {
            assert!(!binding.help.is_empty() && !binding.keys.is_empty());
            for word in binding.shown.split(' ') {
                for key in named(word) {
                    assert!(
                        binding.keys.contains(&key),
                        "`{}` names {key:?}, which it does not bind",
                        binding.shown
                    );
                    assert_eq!(
                        keymap.action(&event(key)),
                        Some(binding.action),
                        "{key:?} of `{}` runs another action",
                        binding.shown
                    );
                }
            }
        }
    }

    #[test]
    fn global_keys_hold() {
        check(GLOBAL_KEYS);
    }

    #[test]
    fn hints_are_generated_from_the_bindings() {
        #[derive(Debug, Clone, Copy, PartialEq)]
        enum A {
            Move,
            Back,
        }
        const MAP: Keymap<A> = Keymap(&[
            Binding {
                keys: &LIST,
                shown: "↑↓ j k",
                bar: Some("move"),
                help: "move in the list",
                action: A::Move,
            },
            Binding {
                keys: &[ESC],
                shown: "Esc",
                bar: None,
                help: "back",
                action: A::Back,
            },
        ]);
        check(MAP);
        assert_eq!(MAP.bar(), vec![("↑↓", "move")]);
        assert_eq!(MAP.help().len(), 2);
        assert_eq!(MAP.action(&event(ch('G'))), Some(A::Move));
        assert_eq!(MAP.action(&event(ch('x'))), None);
    }

    #[test]
    #[should_panic(expected = "does not bind")]
    fn a_hint_naming_an_unbound_key_is_caught() {
        check(Keymap(&[Binding {
            keys: &[ESC],
            shown: "Esc q",
            bar: None,
            help: "back",
            action: (),
        }]));
    }
}
