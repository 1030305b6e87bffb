//! The quiz setup screen: the form's state (packs, profile, categories and kinds with
//! counts, difficulty, number of questions, mode and time limit, seed), how its keys edit
//! it, its keymap, and starting the quiz it describes. Its view is `view.rs`.

pub mod view;

use super::dashboard::{plan_in, seed_from};
use super::keymap::{
    BACK_TAB, BACKSPACE, Binding, DIGITS, DOWN, ENTER, ESC, Key, Keymap, LEFT, RIGHT, TAB, UP, ch,
    digits_and,
};
use super::quiz::begin_quiz;
use crate::pack::{Difficulty, KindName, Pack};
use crate::quiz::{Filters, Mode};
use crate::tui::answer::{digit, is_down, is_up};
use crate::tui::app::{App, QuizStart, Screen};
use crate::tui::msg::Effect;
use crate::tui::update::quit;
use ratatui::crossterm::event::{KeyCode, KeyEvent};

/// The parts of the form that Tab moves between.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Settings,
    Packs,
    Categories,
    Kinds,
}

impl Section {
    pub const ALL: [Section; 4] = [
        Section::Settings,
        Section::Categories,
        Section::Kinds,
        Section::Packs,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Section::Settings => "Settings",
            Section::Packs => "Packs",
            Section::Categories => "Categories",
            Section::Kinds => "Kinds",
        }
    }
}

/// The rows of the settings section.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Count,
    Mode,
    TimeLimit,
    Difficulty,
    Profile,
    /// Ask how sure the learner is before each answer is revealed: the stored setting
    /// (`skillgap profile set --confidence on|off`), changed for good from here.
    Confidence,
    Seed,
}

impl Field {
    pub const ALL: [Field; 7] = [
        Field::Count,
        Field::Mode,
        Field::TimeLimit,
        Field::Difficulty,
        Field::Profile,
        Field::Confidence,
        Field::Seed,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Field::Count => "Questions",
            Field::Mode => "Mode",
            Field::TimeLimit => "Time limit",
            Field::Difficulty => "Difficulty",
            Field::Profile => "Profile",
            Field::Confidence => "How sure?",
            Field::Seed => "Seed",
        }
    }
}

/// A row that can be ticked: id, title, ticked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tick {
    pub id: String,
    pub title: String,
    pub on: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Setup {
    pub section: Section,
    pub field: usize,
    pub packs: Vec<Tick>,
    pub pack_cursor: usize,
    /// Categories of every loaded pack (each id once); none ticked means all.
    pub categories: Vec<Tick>,
    pub category_cursor: usize,
    /// None ticked means all.
    pub kinds: Vec<Tick>,
    pub kind_cursor: usize,
    /// (id, title) of the profiles of the loaded packs.
    pub profiles: Vec<(String, String)>,
    /// Index into `profiles`, or `profiles.len()` for none.
    pub profile: usize,
    pub difficulty: Option<Difficulty>,
    pub count: u32,
    pub mode: Mode,
    /// Exam time limit in minutes; 0 for none.
    pub minutes: u32,
    /// Digits typed; empty for a fresh seed.
    pub seed: String,
    /// Ask how sure the learner is (starts as the stored setting).
    pub confidence: bool,
}

/// What a key did to the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SetupOutcome {
    Ignored,
    Changed,
    Start,
}

const MAX_COUNT: u32 = 999;
const MINUTE_STEPS: [u32; 9] = [0, 5, 10, 15, 20, 30, 45, 60, 90];

impl Setup {
    /// A setup with pack `current` (the dashboard's) ticked, the others offered unticked.
    pub fn new(
        packs: &[Pack],
        current: usize,
        profile: Option<&str>,
        categories: &[String],
    ) -> Setup {
        let mut profiles: Vec<(String, String)> = Vec::new();
        for pack in packs {
            for p in &pack.profiles {
                if !profiles.iter().any(|(id, _)| *id == p.id) {
                    profiles.push((p.id.clone(), p.title.clone()));
                }
            }
        }
        let profile_index = profile
            .and_then(|id| profiles.iter().position(|(p, _)| p == id))
            .unwrap_or(0);
        let mut setup = Setup {
            section: Section::Settings,
            field: 0,
            packs: packs
                .iter()
                .enumerate()
                .map(|(i, p)| Tick {
                    id: p.meta.id.clone(),
                    title: p.meta.title.clone(),
                    on: i == current,
                })
                .collect(),
            pack_cursor: current.min(packs.len().saturating_sub(1)),
            categories: categories
                .iter()
                .map(|id| Tick {
                    id: id.clone(),
                    title: id.clone(),
                    on: true,
                })
                .collect(),
            category_cursor: 0,
            kinds: KindName::ALL
                .iter()
                .map(|k| Tick {
                    id: k.name().to_owned(),
                    title: kind_title(*k).to_owned(),
                    on: false,
                })
                .collect(),
            kind_cursor: 0,
            profile: profile_index.min(profiles.len()),
            profiles,
            difficulty: None,
            count: 10,
            mode: Mode::Practice,
            minutes: 0,
            seed: String::new(),
            confidence: false,
        };
        setup.refresh_categories(packs);
        setup
    }

    /// The form for the app's current pack, profile and confidence setting.
    pub fn for_app(app: &App) -> Setup {
        Setup {
            confidence: app.confidence_setting,
            ..Setup::new(&app.packs, app.pack, app.profile.as_deref(), &[])
        }
    }

    /// The form takes no free text: digits go to the number fields, other keys stay keys.
    pub fn typing(&self) -> bool {
        false
    }

    pub fn profile_id(&self) -> Option<String> {
        self.profiles.get(self.profile).map(|(id, _)| id.clone())
    }

    pub fn filters(&self) -> Filters {
        Filters {
            categories: ticked(&self.categories),
            tags: Vec::new(),
            difficulty: self.difficulty,
            kinds: self
                .kinds
                .iter()
                .filter(|k| k.on)
                .filter_map(|k| KindName::from_name(&k.id))
                .collect(),
        }
    }

    /// Indices of the packs ticked.
    /// The categories offered are those of the ticked packs (each id once, titled as its
    /// first ticked pack titles it); ticks are kept by id, the cursor stays in the list.
    pub fn refresh_categories(&mut self, packs: &[Pack]) {
        let mut offered: Vec<Tick> = Vec::new();
        for i in self.pack_indices() {
            let Some(pack) = packs.get(i) else { continue };
            for c in &pack.categories {
                if !offered.iter().any(|t| t.id == c.id) {
                    offered.push(Tick {
                        id: c.id.clone(),
                        title: c.title.clone(),
                        on: self.categories.iter().any(|t| t.id == c.id && t.on),
                    });
                }
            }
        }
        self.categories = offered;
        self.category_cursor = self
            .category_cursor
            .min(self.categories.len().saturating_sub(1));
    }

    pub fn pack_indices(&self) -> Vec<usize> {
        self.packs
            .iter()
            .enumerate()
            .filter(|(_, t)| t.on)
            .map(|(i, _)| i)
            .collect()
    }

    /// Questions matching the form, per category (ignoring the category ticks) and per
    /// kind (ignoring the kind ticks), and in all.
    pub fn counts(&self, packs: &[Pack]) -> (Vec<usize>, Vec<usize>, usize) {
        let filters = self.filters();
        let mut per_category = vec![0; self.categories.len()];
        let mut per_kind = vec![0; self.kinds.len()];
        let mut total = 0;
        for i in self.pack_indices() {
            let Some(pack) = packs.get(i) else { continue };
            for q in &pack.questions {
                let difficulty_ok = filters.difficulty.is_none_or(|d| d == q.difficulty);
                let kind_ok = filters.kinds.is_empty() || filters.kinds.contains(&q.kind.name());
                let category_ok =
                    filters.categories.is_empty() || filters.categories.contains(&q.category);
                if !difficulty_ok {
                    continue;
                }
                if kind_ok
                    && let Some(c) = self.categories.iter().position(|c| c.id == q.category)
                    && let Some(n) = per_category.get_mut(c)
                {
                    *n += 1;
                }
                if category_ok
                    && let Some(k) = KindName::ALL.iter().position(|k| *k == q.kind.name())
                    && let Some(n) = per_kind.get_mut(k)
                {
                    *n += 1;
                }
                if kind_ok && category_ok {
                    total += 1;
                }
            }
        }
        (per_category, per_kind, total)
    }

    pub fn time_limit_secs(&self) -> Option<u64> {
        (self.mode == Mode::Exam && self.minutes > 0).then(|| u64::from(self.minutes) * 60)
    }

    /// Text of a settings row's value.
    pub fn value(&self, field: Field) -> String {
        match field {
            Field::Count if self.count == 0 => "type a number".to_owned(),
            Field::Count => self.count.to_string(),
            Field::Mode => self.mode.name().to_owned(),
            Field::TimeLimit if self.mode != Mode::Exam => "none (exam only)".to_owned(),
            Field::TimeLimit if self.minutes == 0 => "none".to_owned(),
            Field::TimeLimit => format!("{} min", self.minutes),
            Field::Difficulty => self.difficulty.map_or("any", |d| d.name()).to_lowercase(),
            Field::Profile => self
                .profiles
                .get(self.profile)
                .map_or_else(|| "none".to_owned(), |(_, title)| title.clone()),
            Field::Confidence if self.confidence => "ask".to_owned(),
            Field::Confidence => "do not ask".to_owned(),
            Field::Seed if self.seed.is_empty() => "random".to_owned(),
            Field::Seed => self.seed.clone(),
        }
    }

    fn list(&mut self) -> Option<(&mut Vec<Tick>, &mut usize)> {
        match self.section {
            Section::Settings => None,
            Section::Packs => Some((&mut self.packs, &mut self.pack_cursor)),
            Section::Categories => Some((&mut self.categories, &mut self.category_cursor)),
            Section::Kinds => Some((&mut self.kinds, &mut self.kind_cursor)),
        }
    }

    pub fn next_section(&mut self, back: bool) {
        let all = Section::ALL;
        let i = all.iter().position(|s| *s == self.section).unwrap_or(0);
        let n = all.len();
        let next = if back { (i + n - 1) % n } else { (i + 1) % n };
        self.section = all.get(next).copied().unwrap_or(Section::Settings);
    }

    /// Changes the settings row under the cursor by one step (`-1` or `+1`).
    fn adjust(&mut self, by: i32) {
        let field = Field::ALL.get(self.field).copied().unwrap_or(Field::Count);
        match field {
            Field::Count => {
                self.count = self.count.saturating_add_signed(by).clamp(1, MAX_COUNT);
            }
            Field::Mode => {
                self.mode = match self.mode {
                    Mode::Practice => Mode::Exam,
                    Mode::Exam => Mode::Practice,
                }
            }
            Field::TimeLimit => {
                let i = MINUTE_STEPS
                    .iter()
                    .position(|m| *m >= self.minutes)
                    .unwrap_or(0);
                let i = if by < 0 {
                    i.saturating_sub(1)
                } else {
                    (i + 1).min(MINUTE_STEPS.len() - 1)
                };
                self.minutes = MINUTE_STEPS.get(i).copied().unwrap_or(0);
                if self.minutes > 0 {
                    self.mode = Mode::Exam;
                }
            }
            Field::Difficulty => {
                let all = [
                    None,
                    Some(Difficulty::Easy),
                    Some(Difficulty::Medium),
                    Some(Difficulty::Hard),
                ];
                let i = all.iter().position(|d| *d == self.difficulty).unwrap_or(0);
                let i = if by < 0 { (i + 3) % 4 } else { (i + 1) % 4 };
                self.difficulty = all.get(i).copied().flatten();
            }
            Field::Profile => {
                let n = self.profiles.len() + 1;
                self.profile = if by < 0 {
                    (self.profile + n - 1) % n
                } else {
                    (self.profile + 1) % n
                };
            }
            Field::Confidence => self.confidence = !self.confidence,
            Field::Seed => {}
        }
    }

    pub fn key(&mut self, key: &KeyEvent) -> SetupOutcome {
        match key.code {
            KeyCode::Enter => return SetupOutcome::Start,
            KeyCode::Tab => self.next_section(false),
            KeyCode::BackTab => self.next_section(true),
            _ if is_up(key) || is_down(key) => {
                let up = is_up(key);
                match self.list() {
                    Some((list, cursor)) => *cursor = move_cursor(*cursor, list.len(), up),
                    None => self.field = move_cursor(self.field, Field::ALL.len(), up),
                }
            }
            KeyCode::Char(' ') => match self.list() {
                Some((list, cursor)) => {
                    if let Some(t) = list.get_mut(*cursor) {
                        t.on = !t.on;
                    }
                }
                None => self.adjust(1),
            },
            KeyCode::Left | KeyCode::Char('h' | '-') if self.section == Section::Settings => {
                self.adjust(-1);
            }
            KeyCode::Right | KeyCode::Char('l' | '+') if self.section == Section::Settings => {
                self.adjust(1);
            }
            KeyCode::Char('a') if self.section != Section::Settings => {
                if let Some((list, _)) = self.list() {
                    let all_on = list.iter().all(|t| t.on);
                    for t in list.iter_mut() {
                        t.on = !all_on;
                    }
                }
            }
            KeyCode::Backspace if self.section == Section::Settings => {
                match Field::ALL.get(self.field) {
                    Some(Field::Count) => self.count /= 10,
                    Some(Field::Seed) => {
                        self.seed.pop();
                    }
                    _ => return SetupOutcome::Ignored,
                }
            }
            KeyCode::Char(c @ '0'..='9') if self.section == Section::Settings => {
                let d = u32::from(c as u8 - b'0');
                match Field::ALL.get(self.field) {
                    Some(Field::Count) => {
                        let next = self.count.saturating_mul(10).saturating_add(d);
                        self.count = if next > MAX_COUNT { d } else { next };
                    }
                    Some(Field::Seed) if self.seed.len() < 18 => self.seed.push(c),
                    _ => return SetupOutcome::Ignored,
                }
            }
            _ => {
                if let (Some(d), Some((list, cursor))) = (digit(key), self.list())
                    && let Some(t) = list.get_mut(d)
                {
                    t.on = !t.on;
                    *cursor = d;
                    return SetupOutcome::Changed;
                }
                return SetupOutcome::Ignored;
            }
        }
        SetupOutcome::Changed
    }

    /// A click on row `row` of `section`.
    pub fn click(&mut self, section: Section, row: usize) {
        self.section = section;
        match self.list() {
            Some((list, cursor)) => {
                if let Some(t) = list.get_mut(row) {
                    t.on = !t.on;
                    *cursor = row;
                }
            }
            None => self.field = row.min(Field::ALL.len() - 1),
        }
    }
}

fn move_cursor(cursor: usize, len: usize, up: bool) -> usize {
    if up {
        cursor.saturating_sub(1)
    } else {
        (cursor + 1).min(len.saturating_sub(1))
    }
}

fn ticked(list: &[Tick]) -> Vec<String> {
    list.iter().filter(|t| t.on).map(|t| t.id.clone()).collect()
}

pub fn kind_title(kind: KindName) -> &'static str {
    match kind {
        KindName::Single => "Single choice",
        KindName::Multi => "Multiple choice",
        KindName::TrueFalse => "True or false",
        KindName::Short => "Short answer",
        KindName::Numeric => "Number",
        KindName::Order => "Put in order",
        KindName::Match => "Match pairs",
        KindName::Open => "Open (interview)",
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SetupAction {
    /// Handed to the setup form ([`Setup::key`]).
    Edit,
    Back,
    Quit,
}

const NUMBER_KEYS: [Key; 11] = digits_and(BACKSPACE);

pub const SETUP_KEYS: Keymap<SetupAction> = Keymap(&[
    Binding {
        keys: &[TAB, BACK_TAB],
        shown: "Tab Shift-Tab",
        bar: Some("section"),
        help: "next / previous section",
        action: SetupAction::Edit,
    },
    Binding {
        keys: &[UP, DOWN, ch('k'), ch('j')],
        shown: "↑↓ j k",
        bar: Some("move"),
        help: "move",
        action: SetupAction::Edit,
    },
    Binding {
        keys: &[LEFT, RIGHT, ch('h'), ch('l'), ch('-'), ch('+')],
        shown: "←→ h l - +",
        bar: Some("change"),
        help: "change the setting",
        action: SetupAction::Edit,
    },
    Binding {
        keys: &[ch(' ')],
        shown: "Space",
        bar: Some("tick"),
        help: "tick a pack, category or kind / change the setting",
        action: SetupAction::Edit,
    },
    Binding {
        keys: &NUMBER_KEYS,
        shown: "0-9 Backspace",
        bar: None,
        help: "type the number of questions or the seed",
        action: SetupAction::Edit,
    },
    Binding {
        keys: &[ch('a')],
        shown: "a",
        bar: None,
        help: "tick all / none of the list",
        action: SetupAction::Edit,
    },
    Binding {
        keys: &DIGITS,
        shown: "1-9",
        bar: None,
        help: "tick that row of the list",
        action: SetupAction::Edit,
    },
    Binding {
        keys: &[ENTER],
        shown: "Enter",
        bar: Some("start"),
        help: "start the quiz",
        action: SetupAction::Edit,
    },
    Binding {
        keys: &[ESC],
        shown: "Esc",
        bar: Some("back"),
        help: "back to the dashboard",
        action: SetupAction::Back,
    },
    Binding {
        keys: &[ch('q')],
        shown: "q",
        bar: None,
        help: "quit",
        action: SetupAction::Quit,
    },
]);

pub(crate) fn setup_key(app: &mut App, key: KeyEvent) -> Vec<Effect> {
    match SETUP_KEYS.action(&key) {
        Some(SetupAction::Back) => {
            app.screen = Screen::Dashboard;
            return Vec::new();
        }
        Some(SetupAction::Quit) => return quit(app),
        Some(SetupAction::Edit) => {}
        // A key the keymap does not list does nothing.
        None => return Vec::new(),
    }
    let Some(setup) = app.setup.as_mut() else {
        return Vec::new();
    };
    let outcome = setup.key(&key);
    setup.refresh_categories(&app.packs);
    match outcome {
        SetupOutcome::Start => start_from_setup(app),
        _ => Vec::new(),
    }
}

pub(crate) fn start_from_setup(app: &mut App) -> Vec<Effect> {
    let Some(setup) = app.setup.clone() else {
        return Vec::new();
    };
    let chosen = setup.pack_indices();
    if chosen.is_empty() {
        app.notice = Some("tick at least one pack".to_owned());
        return Vec::new();
    }
    let filters = setup.filters();
    let seed = setup
        .seed
        .parse::<u64>()
        .unwrap_or_else(|_| seed_from(app.now_ms));
    let items = plan_in(
        &app.packs,
        &chosen,
        &filters,
        setup.count.max(1) as usize,
        seed,
    );
    if items.is_empty() {
        app.notice = Some("no question matches: widen the filters".to_owned());
        return Vec::new();
    }
    let start = QuizStart {
        items,
        mode: setup.mode,
        seed,
        filters_json: serde_json::to_string(&filters).unwrap_or_default(),
        time_limit_secs: setup.time_limit_secs(),
        profile: setup.profile_id(),
        confidence: setup.confidence,
        picker: None,
    };
    // The setting is the one the command line keeps: changed here, changed for good.
    let mut effects = Vec::new();
    if setup.confidence != app.confidence_setting {
        app.confidence_setting = setup.confidence;
        effects.push(Effect::SaveAskConfidence(setup.confidence));
    }
    effects.extend(begin_quiz(app, start));
    if let Some(Effect::SaveAskConfidence(ask)) = effects.first() {
        app.notice = Some(format!(
            "how sure? {} (kept for next time)",
            if *ask { "asked" } else { "not asked" }
        ));
    }
    effects
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keymap_holds() {
        super::super::keymap::tests::check(SETUP_KEYS);
    }
}
