//! The class view (`skillgap class --tui`): a self-contained screen over a finished
//! [`ClassReport`] with three tabs (class gap chart, students × categories, items with
//! flags and each item's distractor table). State and `update` here do no I/O; the view is
//! `crate::tui::view::class`; [`run`] drives it on the terminal set up by `tui::run`.

use crate::report::class::ClassReport;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use std::process::ExitCode;

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
    if key.modifiers.contains(KeyModifiers::CONTROL)
        && matches!(key.code, KeyCode::Char('c') | KeyCode::Char('q'))
    {
        view.quit = true;
        return;
    }
    if view.help {
        // Any key closes the help; q still quits.
        view.help = false;
        if key.code == KeyCode::Char('q') {
            view.quit = true;
        }
        return;
    }
    let cursor = view.cursor();
    match key.code {
        KeyCode::Char('q') => view.quit = true,
        KeyCode::Esc if view.detail => view.detail = false,
        KeyCode::Esc => view.quit = true,
        KeyCode::Char('?') => view.help = true,
        KeyCode::Tab | KeyCode::Right | KeyCode::Char('l') => switch(view, 1),
        KeyCode::BackTab | KeyCode::Left | KeyCode::Char('h') => switch(view, 2),
        KeyCode::Char('1') => view.tab = Tab::Chart,
        KeyCode::Char('2') => view.tab = Tab::Students,
        KeyCode::Char('3') => view.tab = Tab::Items,
        KeyCode::Down | KeyCode::Char('j') => view.set_cursor(cursor + 1),
        KeyCode::Up | KeyCode::Char('k') => view.set_cursor(cursor.saturating_sub(1)),
        KeyCode::PageDown => view.set_cursor(cursor + view.page()),
        KeyCode::PageUp => view.set_cursor(cursor.saturating_sub(view.page())),
        KeyCode::Home | KeyCode::Char('g') => view.set_cursor(0),
        KeyCode::End | KeyCode::Char('G') => view.set_cursor(usize::MAX),
        KeyCode::Enter | KeyCode::Char(' ') if view.tab == Tab::Items => {
            view.detail = !view.detail && view.selected_item().is_some();
        }
        KeyCode::Char('f') if view.tab == Tab::Items => {
            let selected = view.selected_item();
            view.flagged_only = !view.flagged_only;
            // Keep the same item selected when it is still shown.
            let position = selected.and_then(|s| view.items().iter().position(|&i| i == s));
            view.cursor[2] = position.unwrap_or(0);
            if view.selected_item().is_none() {
                view.detail = false;
            }
        }
        _ => {}
    }
}

fn switch(view: &mut ClassView, step: usize) {
    let next = (view.tab.index() + step) % Tab::ALL.len();
    view.tab = Tab::ALL.get(next).copied().unwrap_or(Tab::Chart);
}

/// Shows the class view until the user quits; the terminal is restored on every way out.
pub fn run(report: ClassReport) -> Result<ExitCode, super::run::AppError> {
    use std::io::IsTerminal;
    if !(std::io::stdin().is_terminal() && std::io::stdout().is_terminal()) {
        return Err(super::run::AppError::ClassNeedsTerminal);
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
