//! The keys of the answer being given, one keymap per kind of input (and per step: an Order
//! item grabbed, a Match column focused, an Open answer's rubric). The input's handler
//! (`AnswerInput::key`) asks the keymap for the action and ignores a key it does not list,
//! and the question screen's key bar and help are generated from the same maps.

use crate::tui::screens::keymap::{
    BACK_TAB, BACKSPACE, Binding, DELETE, DIGITS, DOWN, END, ENTER, HOME, Key, Keymap, LEFT, RIGHT,
    TAB, UP, bind, ch,
};
use ratatui::crossterm::event::KeyCode;

/// What a key does to the answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnswerAction {
    /// Up or down (which: the key's), in the list or column on screen.
    Move,
    First,
    Last,
    /// The digit's row: pick, tick or select it.
    Digit,
    /// Space: tick, grab / drop, choose.
    Toggle,
    /// Enter: answer, or the step it stands for (drop, choose, pair, a new line).
    Enter,
    /// Ctrl-S: answer, whatever the step.
    Submit,
    True,
    False,
    /// True/false: the other one.
    Switch,
    /// Order: the item selected moves up or down (which: the key's).
    MoveItem,
    FocusLeft,
    FocusRight,
    SwitchColumn,
    /// A right item's letter: paired with the selected left item.
    PairLetter,
    Unpair,
    Undo,
    /// Typing and editing keys, handed to the text field.
    Edit,
}

const CTRL_S: Binding<AnswerAction> = bind(
    &[Key::Ctrl('s')],
    "Ctrl-S",
    None,
    "answer",
    AnswerAction::Submit,
);
const UP_DOWN: [Key; 4] = [UP, DOWN, ch('k'), ch('j')];
const MOVE: Binding<AnswerAction> = moving(Some("move"), "move");
/// ↑↓ j k moving the selection (`help` says in what).
const fn moving(bar: Option<&'static str>, help: &'static str) -> Binding<AnswerAction> {
    bind(&UP_DOWN, "↑↓ j k", bar, help, AnswerAction::Move)
}
/// A digit picks, ticks or selects that row.
const fn digit(bar: Option<&'static str>, help: &'static str) -> Binding<AnswerAction> {
    bind(&DIGITS, "1-9", bar, help, AnswerAction::Digit)
}
/// Space ticks, grabs, drops.
const fn space(bar: &'static str, help: &'static str) -> Binding<AnswerAction> {
    const SPACE: [Key; 1] = [ch(' ')];
    bind(&SPACE, "Space", Some(bar), help, AnswerAction::Toggle)
}
/// Enter in its plainest role.
const ANSWER_ON_ENTER: Binding<AnswerAction> = bind(
    &[ENTER],
    "Enter",
    Some("answer"),
    "answer",
    AnswerAction::Enter,
);
const FIRST: Binding<AnswerAction> = bind(&[HOME], "Home", None, "first", AnswerAction::First);
const LAST: Binding<AnswerAction> = bind(&[END], "End", None, "last", AnswerAction::Last);

pub const SINGLE_KEYS: Keymap<AnswerAction> = Keymap(&[
    MOVE,
    FIRST,
    LAST,
    digit(Some("pick"), "pick that choice"),
    ANSWER_ON_ENTER,
    CTRL_S,
]);

pub const MULTI_KEYS: Keymap<AnswerAction> = Keymap(&[
    MOVE,
    FIRST,
    LAST,
    space("tick", "tick / untick"),
    digit(None, "tick that choice"),
    ANSWER_ON_ENTER,
    CTRL_S,
]);

pub const TRUE_FALSE_KEYS: Keymap<AnswerAction> = Keymap(&[
    bind(
        &[ch('1'), ch('t'), ch('y')],
        "1 t y",
        Some("true"),
        "true",
        AnswerAction::True,
    ),
    bind(
        &[ch('2'), ch('f'), ch('n')],
        "2 f n",
        Some("false"),
        "false",
        AnswerAction::False,
    ),
    bind(
        &[UP, DOWN, LEFT, RIGHT, ch('h'), ch('j'), ch('k'), ch('l')],
        "↑↓ ←→ h j k l",
        None,
        "switch",
        AnswerAction::Switch,
    ),
    ANSWER_ON_ENTER,
    CTRL_S,
]);

/// Keys a text field edits with, besides typing.
const EDITING: [Key; 12] = [
    LEFT,
    RIGHT,
    HOME,
    END,
    BACKSPACE,
    DELETE,
    Key::Ctrl('u'),
    Key::Ctrl('r'),
    Key::Ctrl('w'),
    Key::Ctrl('k'),
    Key::Ctrl('a'),
    Key::Ctrl('e'),
];

const TYPING: Binding<AnswerAction> = bind(
    &[Key::Typed],
    "typing",
    None,
    "type your answer",
    AnswerAction::Edit,
);
const EDIT_KEYS: Binding<AnswerAction> = bind(
    &EDITING,
    "←→ Home End Backspace",
    None,
    "edit (Delete; Ctrl-U undo, Ctrl-R redo, Ctrl-W a word)",
    AnswerAction::Edit,
);

/// Short and Numeric answers.
pub const TEXT_KEYS: Keymap<AnswerAction> = Keymap(&[ANSWER_ON_ENTER, TYPING, EDIT_KEYS, CTRL_S]);

const ORDER_DIGITS: Binding<AnswerAction> = digit(None, "select that item");
const MOVE_ITEM_KEYS: [Key; 4] = [
    Key::Shift(KeyCode::Up),
    Key::Shift(KeyCode::Down),
    ch('K'),
    ch('J'),
];

const MOVE_ITEM: Binding<AnswerAction> = bind(
    &MOVE_ITEM_KEYS,
    "J/K Shift-↑↓",
    None,
    "move the item down / up",
    AnswerAction::MoveItem,
);

pub const ORDER_KEYS: Keymap<AnswerAction> = Keymap(&[
    // Before ↑↓: with Shift held, the item moves.
    Binding {
        bar: Some("move item"),
        help: "move the selected item down / up",
        ..MOVE_ITEM
    },
    moving(Some("select"), "select an item"),
    ORDER_DIGITS,
    space("grab", "grab the item (then ↑↓ move it, Space drops it)"),
    bind(
        &[ENTER],
        "Enter",
        Some("answer"),
        "answer with this order",
        AnswerAction::Enter,
    ),
    CTRL_S,
]);

/// Order with an item grabbed: the arrows move it.
pub const ORDER_GRABBED_KEYS: Keymap<AnswerAction> = Keymap(&[
    MOVE_ITEM,
    moving(Some("move item"), "move the item up / down"),
    ORDER_DIGITS,
    space("drop", "drop the item"),
    bind(
        &[ENTER],
        "Enter",
        Some("drop"),
        "drop the item",
        AnswerAction::Enter,
    ),
    CTRL_S,
]);

/// The right items' letters (h, j, k, l, u and x keep their meaning).
const LETTERS: [Key; 7] = [
    ch('a'),
    ch('b'),
    ch('c'),
    ch('d'),
    ch('e'),
    ch('f'),
    ch('g'),
];

const PAIR_LETTER: Binding<AnswerAction> = bind(
    &LETTERS,
    "a-g",
    Some("pair"),
    "pair the selected left item with that right item",
    AnswerAction::PairLetter,
);
const MATCH_DIGITS: Binding<AnswerAction> = digit(None, "select that item in the focused column");
const TO_LEFT: Binding<AnswerAction> = bind(
    &[LEFT, ch('h')],
    "← h",
    None,
    "to the left column",
    AnswerAction::FocusLeft,
);
const TO_RIGHT: Binding<AnswerAction> = bind(
    &[RIGHT, ch('l')],
    "→ l",
    None,
    "to the right column",
    AnswerAction::FocusRight,
);
const UNPAIR: Binding<AnswerAction> = bind(
    &[ch('x'), BACKSPACE, DELETE],
    "x Backspace Delete",
    None,
    "remove the selected left item's pair",
    AnswerAction::Unpair,
);
const SWITCH_COLUMN: Binding<AnswerAction> = bind(
    &[TAB, BACK_TAB],
    "Tab Shift-Tab",
    None,
    "switch column",
    AnswerAction::SwitchColumn,
);
const UNDO: Binding<AnswerAction> = bind(
    &[ch('u')],
    "u",
    Some("undo"),
    "undo the last change",
    AnswerAction::Undo,
);

/// Match, the left column focused.
pub const MATCH_LEFT_KEYS: Keymap<AnswerAction> = Keymap(&[
    moving(Some("left item"), "select a left item"),
    PAIR_LETTER,
    bind(
        &[ENTER, ch(' ')],
        "Enter Space",
        Some("choose / answer"),
        "choose its right item (Enter with all paired: answer)",
        AnswerAction::Enter,
    ),
    MATCH_DIGITS,
    SWITCH_COLUMN,
    TO_LEFT,
    TO_RIGHT,
    UNPAIR,
    UNDO,
    Binding {
        bar: Some("answer"),
        ..CTRL_S
    },
]);

/// Match, the right column focused.
pub const MATCH_RIGHT_KEYS: Keymap<AnswerAction> = Keymap(&[
    moving(Some("right item"), "select a right item"),
    bind(
        &[ENTER, ch(' ')],
        "Enter Space",
        Some("pair"),
        "pair it with the selected left item",
        AnswerAction::Enter,
    ),
    Binding {
        bar: Some("left"),
        ..SWITCH_COLUMN
    },
    Binding {
        bar: None,
        ..PAIR_LETTER
    },
    MATCH_DIGITS,
    TO_LEFT,
    TO_RIGHT,
    UNPAIR,
    UNDO,
    CTRL_S,
]);

/// An Open answer being written.
pub const OPEN_WRITING_KEYS: Keymap<AnswerAction> = Keymap(&[
    bind(
        &[ENTER],
        "Enter",
        Some("new line"),
        "start a new line",
        AnswerAction::Edit,
    ),
    bind(
        &[Key::Ctrl('s')],
        "Ctrl-S",
        Some("done: see rubric"),
        "done: show the model answer and rubric",
        AnswerAction::Submit,
    ),
    TYPING,
    bind(
        &[UP, DOWN],
        "↑↓",
        None,
        "move between lines",
        AnswerAction::Edit,
    ),
    EDIT_KEYS,
]);

/// An Open answer's rubric: the points it covered.
pub const OPEN_RUBRIC_KEYS: Keymap<AnswerAction> = Keymap(&[
    space("tick", "tick a point your answer covered"),
    digit(None, "tick that point"),
    MOVE,
    bind(
        &[ENTER, Key::Ctrl('s')],
        "Enter Ctrl-S",
        Some("score it"),
        "score the answer",
        AnswerAction::Submit,
    ),
]);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::screens::keymap::tests::check;

    #[test]
    fn keymaps_hold() {
        for map in [
            SINGLE_KEYS,
            MULTI_KEYS,
            TRUE_FALSE_KEYS,
            TEXT_KEYS,
            ORDER_KEYS,
            ORDER_GRABBED_KEYS,
            MATCH_LEFT_KEYS,
            MATCH_RIGHT_KEYS,
            OPEN_WRITING_KEYS,
            OPEN_RUBRIC_KEYS,
        ] {
            check(map);
        }
    }
}
