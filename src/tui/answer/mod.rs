//! The answer being given to one question: the input state of each kind (cursor, ticks,
//! arrangement, pairs, typed text), how keys change it (by its keymap, in `keys`), and the
//! response it makes.

pub mod keys;

use crate::pack::{Kind, Question};
use crate::quiz::{Item, Response, line};
use crate::tui::screens::keymap::Keymap;
use keys::AnswerAction;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::style::Style;
use ratatui_textarea::TextArea;

/// Which column of a Match question has the focus.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MatchFocus {
    Left,
    Right,
}

/// The rubric step of an Open question: model answer shown, points ticked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rubric {
    pub cursor: usize,
    pub ticked: Vec<bool>,
}

/// Why the answer on screen cannot be submitted yet: shown as a hint beside it.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum NotReady {
    #[error("pick a choice")]
    NoChoice,
    #[error("tick at least one choice with Space (or skip with Ctrl-N)")]
    NothingTicked,
    #[error("type an answer (or skip with Ctrl-N)")]
    NothingTyped,
    #[error("type a number (or skip with Ctrl-N)")]
    NoNumber,
    #[error("mark your answer against the rubric first")]
    RubricFirst,
    /// The input is of another kind than the question (a bug, not the learner's doing).
    #[error("this answer does not fit the question")]
    Mismatch,
    /// What was typed is not an answer.
    #[error(transparent)]
    Typed(#[from] line::AnswerError),
}

/// The input state of the question on screen. Positions are display positions unless said.
#[derive(Debug, Clone)]
pub enum AnswerInput {
    /// Single and Multi: a cursor, and for Multi the ticked choices.
    Choices {
        cursor: usize,
        picked: Vec<bool>,
        multi: bool,
    },
    /// Cursor 0 is True, 1 is False.
    TrueFalse { cursor: usize },
    /// Short and Numeric: one line of text; `error` says why it cannot be submitted.
    Text {
        area: Box<TextArea<'static>>,
        numeric: bool,
        error: Option<String>,
    },
    /// Items as currently arranged (indices as written); `grabbed`: arrows move the item.
    Order {
        arrangement: Vec<usize>,
        cursor: usize,
        grabbed: bool,
    },
    /// `pairs[left]` is the display position of the right item chosen for it; `undo` holds
    /// the pairings before each change.
    Match {
        focus: MatchFocus,
        left: usize,
        right: usize,
        pairs: Vec<Option<usize>>,
        undo: Vec<Vec<Option<usize>>>,
    },
    /// Open: the answer in the learner's words, then the rubric.
    Open {
        area: Box<TextArea<'static>>,
        rubric: Option<Rubric>,
    },
}

/// What a key did to the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Not a key this input uses.
    Ignored,
    Changed,
    /// The learner asks to submit the answer.
    Submit,
}

fn text_area(placeholder: &str) -> Box<TextArea<'static>> {
    let mut area = TextArea::default();
    area.set_cursor_line_style(Style::default());
    area.set_placeholder_text(placeholder);
    Box::new(area)
}

fn len_of(question: &Question, item: &Item) -> usize {
    match &question.kind {
        Kind::Single { choices, .. } | Kind::Multi { choices, .. } => {
            item.order.len().min(choices.len())
        }
        Kind::Order { items } => items.len(),
        Kind::Match { pairs, distractors } => pairs.len() + distractors.len(),
        _ => 0,
    }
}

/// Digit keys 1–9 as a zero-based position.
pub fn digit(key: &KeyEvent) -> Option<usize> {
    match key.code {
        KeyCode::Char(c @ '1'..='9') if !key.modifiers.contains(KeyModifiers::CONTROL) => {
            Some(usize::from(c as u8 - b'1'))
        }
        _ => None,
    }
}

pub fn is_up(key: &KeyEvent) -> bool {
    matches!(key.code, KeyCode::Up | KeyCode::Char('k'))
}

pub fn is_down(key: &KeyEvent) -> bool {
    matches!(key.code, KeyCode::Down | KeyCode::Char('j'))
}

fn step(cursor: usize, len: usize, up: bool) -> usize {
    if len == 0 {
        0
    } else if up {
        cursor.saturating_sub(1)
    } else {
        (cursor + 1).min(len - 1)
    }
}

impl AnswerInput {
    pub fn new(question: &Question, item: &Item) -> AnswerInput {
        let len = len_of(question, item);
        match &question.kind {
            Kind::Single { .. } => AnswerInput::Choices {
                cursor: 0,
                picked: vec![false; len],
                multi: false,
            },
            Kind::Multi { .. } => AnswerInput::Choices {
                cursor: 0,
                picked: vec![false; len],
                multi: true,
            },
            Kind::TrueFalse { .. } => AnswerInput::TrueFalse { cursor: 0 },
            Kind::Short { .. } => AnswerInput::Text {
                area: text_area("type your answer"),
                numeric: false,
                error: None,
            },
            Kind::Numeric { .. } => AnswerInput::Text {
                area: text_area("type a number"),
                numeric: true,
                error: None,
            },
            Kind::Order { items } => {
                let mut arrangement: Vec<usize> = item
                    .order
                    .iter()
                    .copied()
                    .filter(|&i| i < items.len())
                    .collect();
                if arrangement.len() != items.len() {
                    arrangement = (0..items.len()).collect();
                }
                AnswerInput::Order {
                    arrangement,
                    cursor: 0,
                    grabbed: false,
                }
            }
            Kind::Match { pairs, .. } => AnswerInput::Match {
                focus: MatchFocus::Left,
                left: 0,
                right: 0,
                pairs: vec![None; pairs.len()],
                undo: Vec::new(),
            },
            Kind::Open { .. } => AnswerInput::Open {
                area: text_area("answer in your own words (Enter: new line)"),
                rubric: None,
            },
        }
    }

    /// Whether typed characters go into a text field (so `q`, `?` and digits are text).
    pub fn takes_text(&self) -> bool {
        match self {
            AnswerInput::Text { .. } => true,
            AnswerInput::Open { rubric, .. } => rubric.is_none(),
            _ => false,
        }
    }

    /// The response as it stands, or why it cannot be submitted yet.
    pub fn response(&self, question: &Question, item: &Item) -> Result<Response, NotReady> {
        let original = |shown: usize| item.order.get(shown).copied();
        match (self, &question.kind) {
            (AnswerInput::Choices { cursor, multi, .. }, Kind::Single { .. }) if !multi => {
                original(*cursor)
                    .map(|c| Response::Choices { picked: vec![c] })
                    .ok_or(NotReady::NoChoice)
            }
            (AnswerInput::Choices { picked, .. }, Kind::Multi { .. }) => {
                let chosen: Vec<usize> = picked
                    .iter()
                    .enumerate()
                    .filter(|(_, p)| **p)
                    .filter_map(|(shown, _)| original(shown))
                    .collect();
                if chosen.is_empty() {
                    Err(NotReady::NothingTicked)
                } else {
                    Ok(Response::Choices { picked: chosen })
                }
            }
            (AnswerInput::TrueFalse { cursor }, Kind::TrueFalse { .. }) => {
                Ok(Response::TrueFalse {
                    answer: *cursor == 0,
                })
            }
            (AnswerInput::Text { area, .. }, Kind::Short { .. }) => {
                let text = area.lines().join(" ");
                if text.trim().is_empty() {
                    Err(NotReady::NothingTyped)
                } else {
                    Ok(Response::Text {
                        text: text.trim().to_owned(),
                    })
                }
            }
            (AnswerInput::Text { area, .. }, Kind::Numeric { unit, .. }) => {
                let text = area.lines().join(" ");
                if text.trim().is_empty() {
                    return Err(NotReady::NoNumber);
                }
                line::parse_number(&text, unit.as_deref())
                    .map(|value| Response::Number {
                        value,
                        typed: text.trim().to_owned(),
                    })
                    .map_err(NotReady::Typed)
            }
            (AnswerInput::Order { arrangement, .. }, Kind::Order { .. }) => Ok(Response::Order {
                order: arrangement.clone(),
            }),
            (AnswerInput::Match { pairs, .. }, Kind::Match { .. }) => Ok(Response::Match {
                pairs: pairs.iter().map(|p| p.and_then(original)).collect(),
            }),
            (AnswerInput::Open { area, rubric }, Kind::Open { .. }) => {
                let text = area.lines().join("\n").trim().to_owned();
                match rubric {
                    None => Err(NotReady::RubricFirst),
                    Some(rubric) => Ok(Response::Open {
                        text,
                        covered: rubric
                            .ticked
                            .iter()
                            .enumerate()
                            .filter(|(_, t)| **t)
                            .map(|(i, _)| i)
                            .collect(),
                    }),
                }
            }
            _ => Err(NotReady::Mismatch),
        }
    }

    /// The keymap of this input as it stands (its kind, and its step: an item grabbed, a
    /// column focused, the rubric shown).
    pub fn keymap(&self) -> Keymap<AnswerAction> {
        match self {
            AnswerInput::Choices { multi: false, .. } => keys::SINGLE_KEYS,
            AnswerInput::Choices { multi: true, .. } => keys::MULTI_KEYS,
            AnswerInput::TrueFalse { .. } => keys::TRUE_FALSE_KEYS,
            AnswerInput::Text { .. } => keys::TEXT_KEYS,
            AnswerInput::Order { grabbed: false, .. } => keys::ORDER_KEYS,
            AnswerInput::Order { grabbed: true, .. } => keys::ORDER_GRABBED_KEYS,
            AnswerInput::Match {
                focus: MatchFocus::Left,
                ..
            } => keys::MATCH_LEFT_KEYS,
            AnswerInput::Match {
                focus: MatchFocus::Right,
                ..
            } => keys::MATCH_RIGHT_KEYS,
            AnswerInput::Open { rubric: None, .. } => keys::OPEN_WRITING_KEYS,
            AnswerInput::Open {
                rubric: Some(_), ..
            } => keys::OPEN_RUBRIC_KEYS,
        }
    }

    /// Applies one key: its action on this input's keymap; a key the keymap does not list
    /// is ignored. Submitting is decided here (Enter where it is unambiguous, Ctrl-S
    /// everywhere); the caller builds the response.
    pub fn key(&mut self, key: &KeyEvent, question: &Question) -> Outcome {
        match self.keymap().action(key) {
            Some(action) => self.act(action, key, question),
            None => Outcome::Ignored,
        }
    }

    fn act(&mut self, action: AnswerAction, key: &KeyEvent, question: &Question) -> Outcome {
        use AnswerAction as A;
        if action == A::Submit {
            // The caller decides: an Open answer goes on to its rubric (`open_rubric`).
            return Outcome::Submit;
        }
        let up = is_up(key);
        match self {
            AnswerInput::Choices {
                cursor,
                picked,
                multi,
            } => {
                let len = picked.len();
                match action {
                    A::Digit => match digit(key).filter(|d| *d < len) {
                        Some(d) => {
                            *cursor = d;
                            if *multi && let Some(p) = picked.get_mut(d) {
                                *p = !*p;
                            }
                        }
                        None => return Outcome::Ignored,
                    },
                    A::Move => *cursor = step(*cursor, len, up),
                    A::First => *cursor = 0,
                    A::Last => *cursor = len.saturating_sub(1),
                    A::Toggle => {
                        if let Some(p) = picked.get_mut(*cursor) {
                            *p = !*p;
                        }
                    }
                    A::Enter => return Outcome::Submit,
                    _ => return Outcome::Ignored,
                }
                Outcome::Changed
            }
            AnswerInput::TrueFalse { cursor } => {
                match action {
                    A::True => *cursor = 0,
                    A::False => *cursor = 1,
                    A::Switch => *cursor = 1 - (*cursor).min(1),
                    A::Enter => return Outcome::Submit,
                    _ => return Outcome::Ignored,
                }
                Outcome::Changed
            }
            AnswerInput::Text { area, error, .. } => match action {
                A::Enter => Outcome::Submit,
                A::Edit => {
                    let changed = area.input(*key);
                    *error = None;
                    if changed {
                        Outcome::Changed
                    } else {
                        Outcome::Ignored
                    }
                }
                _ => Outcome::Ignored,
            },
            AnswerInput::Order {
                arrangement,
                cursor,
                grabbed,
            } => {
                let len = arrangement.len();
                let moved = match action {
                    A::MoveItem => Some(matches!(key.code, KeyCode::Up | KeyCode::Char('K'))),
                    A::Move if *grabbed => Some(up),
                    _ => None,
                };
                if let Some(move_up) = moved {
                    if move_up && *cursor > 0 {
                        arrangement.swap(*cursor, *cursor - 1);
                        *cursor -= 1;
                    } else if !move_up && *cursor + 1 < len {
                        arrangement.swap(*cursor, *cursor + 1);
                        *cursor += 1;
                    }
                    return Outcome::Changed;
                }
                match action {
                    A::Move => *cursor = step(*cursor, len, up),
                    A::Digit => match digit(key).filter(|d| *d < len) {
                        Some(d) => *cursor = d,
                        None => return Outcome::Ignored,
                    },
                    A::Toggle => *grabbed = !*grabbed,
                    A::Enter if *grabbed => *grabbed = false,
                    A::Enter => return Outcome::Submit,
                    _ => return Outcome::Ignored,
                }
                Outcome::Changed
            }
            AnswerInput::Match {
                focus,
                left,
                right,
                pairs,
                undo,
            } => {
                let lefts = pairs.len();
                let rights = len_of_match(question);
                match action {
                    A::FocusLeft => *focus = MatchFocus::Left,
                    A::FocusRight => *focus = MatchFocus::Right,
                    A::SwitchColumn => {
                        *focus = match *focus {
                            MatchFocus::Left => MatchFocus::Right,
                            MatchFocus::Right => MatchFocus::Left,
                        }
                    }
                    A::Undo => match undo.pop() {
                        Some(before) => *pairs = before,
                        None => return Outcome::Ignored,
                    },
                    A::Unpair => {
                        if pairs.get(*left).copied().flatten().is_some() {
                            undo.push(pairs.clone());
                            if let Some(slot) = pairs.get_mut(*left) {
                                *slot = None;
                            }
                        }
                    }
                    A::Enter => match *focus {
                        MatchFocus::Left => {
                            if key.code == KeyCode::Enter && pairs.iter().all(Option::is_some) {
                                return Outcome::Submit;
                            }
                            *focus = MatchFocus::Right;
                            // Start on the right item already chosen, else the first free one.
                            if let Some(current) = pairs.get(*left).copied().flatten() {
                                *right = current;
                            } else if let Some(free) =
                                (0..rights).find(|pos| !pairs.contains(&Some(*pos)))
                            {
                                *right = free;
                            }
                        }
                        MatchFocus::Right => {
                            pair_with(pairs, undo, left, *right);
                            *focus = MatchFocus::Left;
                        }
                    },
                    A::PairLetter => {
                        let pos = match key.code {
                            KeyCode::Char(c @ 'a'..='z') => usize::from(c as u8 - b'a'),
                            _ => return Outcome::Ignored,
                        };
                        if pos >= rights {
                            return Outcome::Ignored;
                        }
                        *right = pos;
                        pair_with(pairs, undo, left, pos);
                        *focus = MatchFocus::Left;
                    }
                    A::Move => match focus {
                        MatchFocus::Left => *left = step(*left, lefts, up),
                        MatchFocus::Right => *right = step(*right, rights, up),
                    },
                    A::Digit => match (digit(key), *focus) {
                        (Some(d), MatchFocus::Left) if d < lefts => *left = d,
                        (Some(d), MatchFocus::Right) if d < rights => *right = d,
                        _ => return Outcome::Ignored,
                    },
                    _ => return Outcome::Ignored,
                }
                Outcome::Changed
            }
            AnswerInput::Open { area, rubric } => match rubric {
                None => {
                    if action == A::Edit && area.input(*key) {
                        Outcome::Changed
                    } else {
                        Outcome::Ignored
                    }
                }
                Some(rubric) => {
                    let len = rubric.ticked.len();
                    match action {
                        A::Digit => match digit(key).filter(|d| *d < len) {
                            Some(d) => {
                                rubric.cursor = d;
                                if let Some(t) = rubric.ticked.get_mut(d) {
                                    *t = !*t;
                                }
                            }
                            None => return Outcome::Ignored,
                        },
                        A::Move => rubric.cursor = step(rubric.cursor, len, up),
                        A::Toggle => {
                            if let Some(t) = rubric.ticked.get_mut(rubric.cursor) {
                                *t = !*t;
                            }
                        }
                        _ => return Outcome::Ignored,
                    }
                    Outcome::Changed
                }
            },
        }
    }

    /// Pasted text (bracketed paste): typed into a text field as it is, never submitting.
    /// One-line fields take line breaks as spaces; control characters are dropped.
    pub fn paste(&mut self, text: &str) -> Outcome {
        let text = text.replace("\r\n", "\n").replace('\r', "\n");
        let keep =
            |c: &char, newlines: bool| (newlines && *c == '\n') || !crate::text::is_forbidden(*c);
        match self {
            AnswerInput::Text { area, error, .. } => {
                let line: String = text
                    .chars()
                    .map(|c| if c == '\n' || c == '\t' { ' ' } else { c })
                    .filter(|c| keep(c, false))
                    .collect();
                *error = None;
                area.insert_str(line.trim_end());
                Outcome::Changed
            }
            AnswerInput::Open { area, rubric: None } => {
                let clean: String = text
                    .chars()
                    .map(|c| if c == '\t' { ' ' } else { c })
                    .filter(|c| keep(c, true))
                    .collect();
                area.insert_str(clean);
                Outcome::Changed
            }
            _ => Outcome::Ignored,
        }
    }

    /// An Open answer still being written: submitting it moves on to its rubric (and first,
    /// when asked, to how sure the learner is), not to a score.
    pub fn awaits_rubric(&self) -> bool {
        matches!(self, AnswerInput::Open { rubric: None, .. })
    }

    /// The text of an Open answer, as typed.
    pub fn open_text(&self) -> Option<String> {
        match self {
            AnswerInput::Open { area, .. } => Some(area.lines().join("\n")),
            _ => None,
        }
    }

    /// An Open answer goes on to its rubric before it can be scored: shows the rubric, with
    /// nothing ticked, and says so; any other input (or a rubric already shown) is left as
    /// it is.
    pub fn open_rubric(&mut self, question: &Question) -> bool {
        let AnswerInput::Open { rubric, .. } = self else {
            return false;
        };
        if rubric.is_some() {
            return false;
        }
        let points = match &question.kind {
            Kind::Open { rubric, .. } => rubric.len(),
            _ => 0,
        };
        *rubric = Some(Rubric {
            cursor: 0,
            ticked: vec![false; points],
        });
        true
    }

    /// A click on display position `pos` of the list the input shows (for Match: of the
    /// focused column; `right` says which column was clicked).
    pub fn click(&mut self, pos: usize, right_column: bool) -> Outcome {
        match self {
            AnswerInput::Choices {
                cursor,
                picked,
                multi,
            } if pos < picked.len() => {
                *cursor = pos;
                if *multi && let Some(p) = picked.get_mut(pos) {
                    *p = !*p;
                }
                Outcome::Changed
            }
            AnswerInput::TrueFalse { cursor } if pos < 2 => {
                *cursor = pos;
                Outcome::Changed
            }
            AnswerInput::Order {
                arrangement,
                cursor,
                grabbed,
            } if pos < arrangement.len() => {
                if *grabbed && pos != *cursor {
                    let item = arrangement.remove(*cursor);
                    arrangement.insert(pos, item);
                    *grabbed = false;
                }
                *cursor = pos;
                Outcome::Changed
            }
            AnswerInput::Match {
                focus, left, right, ..
            } => {
                if right_column {
                    *right = pos;
                    *focus = MatchFocus::Right;
                } else {
                    *left = pos;
                    *focus = MatchFocus::Left;
                }
                Outcome::Changed
            }
            AnswerInput::Open {
                rubric: Some(rubric),
                ..
            } if pos < rubric.ticked.len() => {
                rubric.cursor = pos;
                if let Some(t) = rubric.ticked.get_mut(pos) {
                    *t = !*t;
                }
                Outcome::Changed
            }
            _ => Outcome::Ignored,
        }
    }

    /// Shows `why` under the input (a number that does not parse, nothing ticked...).
    pub fn set_error(&mut self, why: String) {
        if let AnswerInput::Text { error, .. } = self {
            *error = Some(why);
        }
    }
}

fn len_of_match(question: &Question) -> usize {
    match &question.kind {
        Kind::Match { pairs, distractors } => pairs.len() + distractors.len(),
        _ => 0,
    }
}

/// Pairs the right item at display position `right` with the left item `left` (a right
/// item pairs with one left item at a time), then moves `left` on to the next left item
/// without a pair, if any.
fn pair_with(
    pairs: &mut [Option<usize>],
    undo: &mut Vec<Vec<Option<usize>>>,
    left: &mut usize,
    right: usize,
) {
    undo.push(pairs.to_vec());
    for slot in pairs.iter_mut() {
        if *slot == Some(right) {
            *slot = None;
        }
    }
    if let Some(slot) = pairs.get_mut(*left) {
        *slot = Some(right);
    }
    let lefts = pairs.len();
    let next = (0..lefts)
        .map(|i| (*left + 1 + i) % lefts.max(1))
        .find(|&i| pairs.get(i).is_some_and(Option::is_none));
    if let Some(next) = next {
        *left = next;
    }
}
