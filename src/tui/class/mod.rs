//! The class view (`skillgap class --tui`): a self-contained screen over a finished
//! [`ClassReport`] with three tabs (class gap chart, students × categories, items with
//! flags and each item's distractor table). State and `update` here do no I/O; the view is
//! `view` beside it; [`run`] drives it on the terminal set up by `tui::run`.

mod view;

use super::outcome::Outcome;
use super::screens::keymap::{
    BACK_TAB, DOWN, END, ENTER, ESC, HOME, Key, Keymap, LEFT, PAGE_DOWN, PAGE_UP, RIGHT, TAB, UP,
    bind, ch,
};
use crate::report::class::ClassReport;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind};

/// What a key does in the class view.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClassAction {
    NextTab,
    PreviousTab,
    /// The tab numbered by the digit pressed.
    Numbered,
    /// A row down (↓ j) or up (↑ k).
    Step,
    /// A page down or up.
    Page,
    /// The first (Home g) or last (End G) row.
    Ends,
    /// The choices picked for the selected item (Items tab).
    Choices,
    /// Only the flagged items, or all (Items tab).
    Flagged,
    /// Close the choices, else quit.
    Back,
    Help,
    Quit,
}

impl ClassAction {
    /// Whether it acts on the Items tab only (the key bar lists it there only).
    pub fn items_only(self) -> bool {
        matches!(self, ClassAction::Choices | ClassAction::Flagged)
    }
}

/// The class view's keys: its handler, key bar and help all come from here.
pub const CLASS_KEYS: Keymap<ClassAction> = Keymap(&[
    bind(
        &[Key::Ctrl('c'), Key::Ctrl('q')],
        "Ctrl-C",
        None,
        "quit at once",
        ClassAction::Quit,
    ),
    bind(
        &[TAB, RIGHT, ch('l')],
        "Tab → l",
        Some("next tab"),
        "next tab",
        ClassAction::NextTab,
    ),
    bind(
        &[BACK_TAB, LEFT, ch('h')],
        "⇧Tab ← h",
        None,
        "previous tab",
        ClassAction::PreviousTab,
    ),
    bind(
        &[ch('1'), ch('2'), ch('3')],
        "1 2 3",
        None,
        "class chart, students, items",
        ClassAction::Numbered,
    ),
    bind(
        &[DOWN, UP, ch('j'), ch('k')],
        "↑↓ j k",
        Some("move"),
        "move",
        ClassAction::Step,
    ),
    bind(
        &[PAGE_DOWN, PAGE_UP],
        "PgDn PgUp",
        None,
        "a page down / up",
        ClassAction::Page,
    ),
    bind(
        &[HOME, END, ch('g'), ch('G')],
        "Home End g G",
        None,
        "first / last row",
        ClassAction::Ends,
    ),
    bind(
        &[ENTER, ch(' ')],
        "Enter Space",
        Some("choices"),
        "choices picked for the selected item (Items)",
        ClassAction::Choices,
    ),
    bind(
        &[ch('f')],
        "f",
        Some("flagged only"),
        "only the flagged items, or all (Items)",
        ClassAction::Flagged,
    ),
    bind(
        &[ESC],
        "Esc",
        None,
        "close the choices; quit",
        ClassAction::Back,
    ),
    bind(
        &[ch('?')],
        "?",
        Some("help"),
        "this help",
        ClassAction::Help,
    ),
    bind(&[ch('q')], "q", Some("quit"), "quit", ClassAction::Quit),
]);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    Chart,
    Students,
    Items,
}

impl Tab {
    pub const ALL: [Tab; 3] = [Tab::Chart, Tab::Students, Tab::Items];

    pub fn title(self) -> &'static str {
        match self {
            Tab::Chart => "Class gap chart",
            Tab::Students => "Students",
            Tab::Items => "Items",
        }
    }

    fn index(self) -> usize {
        match self {
            Tab::Chart => 0,
            Tab::Students => 1,
            Tab::Items => 2,
        }
    }
}

/// Everything the class view shows and where the user is in it.
#[derive(Debug, Clone)]
pub struct ClassView {
    pub report: ClassReport,
    pub tab: Tab,
    /// The selected row of each tab.
    pub cursor: [usize; 3],
    /// The distractor table of the selected item is open.
    pub detail: bool,
    pub help: bool,
    /// Only flagged items in the Items tab.
    pub flagged_only: bool,
    pub color: bool,
    pub size: (u16, u16),
    pub quit: bool,
}

/// What the class view reacts to.
#[derive(Debug, Clone)]
pub enum ClassMsg {
    Key(KeyEvent),
    Resize(u16, u16),
}

impl ClassView {
    pub fn new(report: ClassReport, color: bool) -> ClassView {
        ClassView {
            report,
            tab: Tab::Chart,
            cursor: [0; 3],
            detail: false,
            help: false,
            flagged_only: false,
            color,
            size: (80, 24),
            quit: false,
        }
    }

    /// Rows of the current tab: categories, students, or (shown) items.
    pub fn rows(&self) -> usize {
        match self.tab {
            Tab::Chart => self.report.categories.len(),
            Tab::Students => self.report.students.len(),
            Tab::Items => self.items().len(),
        }
    }

    /// Indices into `report.items` of the items shown (all, or the flagged ones).
    pub fn items(&self) -> Vec<usize> {
        self.report
            .items
            .iter()
            .enumerate()
            .filter(|(_, i)| !self.flagged_only || i.is_flagged())
            .map(|(n, _)| n)
            .collect()
    }

    pub fn cursor(&self) -> usize {
        self.cursor.get(self.tab.index()).copied().unwrap_or(0)
    }

    /// The item under the cursor in the Items tab.
    pub fn selected_item(&self) -> Option<usize> {
        self.items()
            .get(self.cursor.get(2).copied().unwrap_or(0))
            .copied()
    }

    fn set_cursor(&mut self, value: usize) {
        let last = self.rows().saturating_sub(1);
        if let Some(c) = self.cursor.get_mut(self.tab.index()) {
            *c = value.min(last);
        }
    }

    /// Rows a page moves: the body height less its frame and headings.
    fn page(&self) -> usize {
        usize::from(self.size.1.saturating_sub(8)).max(1)
    }
}

/// Applies one message. No I/O.
pub fn update(view: &mut ClassView, msg: ClassMsg) {
    match msg {
        ClassMsg::Resize(width, height) => view.size = (width, height),
        ClassMsg::Key(key) => {
            if key.kind == KeyEventKind::Release {
                return;
            }
            on_key(view, key);
        }
    }
}

fn on_key(view: &mut ClassView, key: KeyEvent) {
    let action = CLASS_KEYS.action(&key);
    if view.help {
        // Any key closes the help; the quit keys still quit.
        view.help = false;
        view.quit = action == Some(ClassAction::Quit);
        return;
    }
    let Some(action) = action else {
        return;
    };
    if action.items_only() && view.tab != Tab::Items {
        return;
    }
    let cursor = view.cursor();
    match action {
        ClassAction::Quit => view.quit = true,
        ClassAction::Back if view.detail => view.detail = false,
        ClassAction::Back => view.quit = true,
        ClassAction::Help => view.help = true,
        ClassAction::NextTab => switch(view, 1),
        ClassAction::PreviousTab => switch(view, 2),
        ClassAction::Numbered => {
            let digit = match key.code {
                KeyCode::Char(c) => c.to_digit(10),
                _ => None,
            };
            let tab = digit.and_then(|d| Tab::ALL.get((d as usize).checked_sub(1)?));
            if let Some(tab) = tab {
                view.tab = *tab;
            }
        }
        ClassAction::Step => match key.code {
            KeyCode::Up | KeyCode::Char('k') => view.set_cursor(cursor.saturating_sub(1)),
            _ => view.set_cursor(cursor + 1),
        },
        ClassAction::Page => match key.code {
            KeyCode::PageUp => view.set_cursor(cursor.saturating_sub(view.page())),
            _ => view.set_cursor(cursor + view.page()),
        },
        ClassAction::Ends => match key.code {
            KeyCode::Home | KeyCode::Char('g') => view.set_cursor(0),
            _ => view.set_cursor(usize::MAX),
        },
        ClassAction::Choices => {
            view.detail = !view.detail && view.selected_item().is_some();
        }
        ClassAction::Flagged => {
            let selected = view.selected_item();
            view.flagged_only = !view.flagged_only;
            // Keep the same item selected when it is still shown.
            let position = selected.and_then(|s| view.items().iter().position(|&i| i == s));
            view.cursor[2] = position.unwrap_or(0);
            if view.selected_item().is_none() {
                view.detail = false;
            }
        }
    }
}

fn switch(view: &mut ClassView, step: usize) {
    let next = (view.tab.index() + step) % Tab::ALL.len();
    view.tab = Tab::ALL.get(next).copied().unwrap_or(Tab::Chart);
}

/// Shows the class view until the user quits; the terminal is restored on every way out.
pub fn run(report: ClassReport) -> Outcome {
    use std::io::IsTerminal;
    if !(std::io::stdin().is_terminal() && std::io::stdout().is_terminal()) {
        return Outcome::Failed(
            "the class view needs a terminal; without --tui the report is printed (see --format)"
                .to_owned(),
        );
    }
    let mut view = ClassView::new(report, super::run::color_allowed());
    super::run::run_screen(
        &mut view,
        |view, frame| frame.render_widget(view, frame.area()),
        |view, event| {
            let msg = match event {
                Event::Key(key) => ClassMsg::Key(key),
                Event::Resize(width, height) => ClassMsg::Resize(width, height),
                _ => return true,
            };
            update(view, msg);
            !view.quit
        },
    )
}
