//! The exam-date forecast: per category, mastery now, the mastery predicted for the exam
//! date, the target, and whether it is on track, by the one rule
//! ([`crate::learning::forecast::on_track`]) over the numbers `skillgap report` prints
//! (`crate::service::progress::forecast_for`, loaded with the dashboard). Opened from the
//! dashboard; the dashboard's "N/M on track" counts the same rows.

pub mod view;

use super::dashboard::quick_quiz;
use super::keymap::{Binding, ESC, Keymap, LIST, ch};
use super::overlays::open_profiles;
use crate::learning::forecast::{CategoryForecast, on_track};
use crate::learning::mastery::{GapRow, Verdict};
use crate::tui::app::{App, Overlay, Screen};
use crate::tui::data::DashboardData;
use crate::tui::msg::Effect;
use crate::tui::update::{move_in, quit};
use ratatui::crossterm::event::KeyEvent;

/// Where a category stands for the exam.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    /// Met now and still met on the exam date.
    OnTrack,
    /// Met now, but the forecast falls below the target by the date.
    ShortByThen,
    /// Not met now: the verdict says why (below, not sure yet, never answered).
    NotMetNow(Verdict),
    /// The profile sets no target for it.
    NoTarget,
}

impl Standing {
    pub fn words(self) -> &'static str {
        match self {
            Standing::OnTrack => "✓ on track",
            Standing::ShortByThen => "✗ short by then",
            Standing::NotMetNow(Verdict::Below) => "✗ below now",
            Standing::NotMetNow(Verdict::Unmeasured) => "✗ not measured",
            Standing::NotMetNow(_) => "? not sure yet",
            Standing::NoTarget => "– no target",
        }
    }
}

/// One category of the forecast with its gap-chart row.
#[derive(Debug, Clone, Copy)]
pub struct ForecastLine<'a> {
    pub forecast: &'a CategoryForecast,
    pub row: Option<&'a GapRow>,
    pub standing: Standing,
}

/// The forecast's categories (in the gap chart's order) with where each stands; empty
/// without an exam date ahead.
pub fn lines(data: &DashboardData) -> Vec<ForecastLine<'_>> {
    let Some(forecast) = &data.forecast else {
        return Vec::new();
    };
    forecast
        .rows
        .iter()
        .map(|f| {
            let row = data
                .report
                .rows
                .iter()
                .find(|row| row.mastery.category == f.category);
            let standing = match row {
                _ if f.target.is_none() => Standing::NoTarget,
                Some(row) if on_track(row, f) => Standing::OnTrack,
                Some(row) if row.met() => Standing::ShortByThen,
                Some(row) => Standing::NotMetNow(row.verdict().unwrap_or(Verdict::Unmeasured)),
                None => Standing::NotMetNow(Verdict::Unmeasured),
            };
            ForecastLine {
                forecast: f,
                row,
                standing,
            }
        })
        .collect()
}

/// (on track, with a target): what the dashboard's "N/M on track" says.
pub fn on_track_count(data: &DashboardData) -> (usize, usize) {
    let lines = lines(data);
    let targeted = lines
        .iter()
        .filter(|l| l.standing != Standing::NoTarget)
        .count();
    let met = lines
        .iter()
        .filter(|l| l.standing == Standing::OnTrack)
        .count();
    (met, targeted)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ForecastAction {
    Select,
    Quiz,
    ExamDate,
    Profile,
    Back,
    Quit,
}

pub const FORECAST_KEYS: Keymap<ForecastAction> = Keymap(&[
    Binding {
        keys: &LIST,
        shown: "↑↓ j k",
        bar: Some("select"),
        help: "select a category",
        action: ForecastAction::Select,
    },
    Binding {
        keys: &[ch('s')],
        shown: "s",
        bar: Some("quiz on it"),
        help: "practice quiz on the category",
        action: ForecastAction::Quiz,
    },
    Binding {
        keys: &[ch('e')],
        shown: "e",
        bar: Some("exam date"),
        help: "set or clear the exam date of the profile",
        action: ForecastAction::ExamDate,
    },
    Binding {
        keys: &[ch('p')],
        shown: "p",
        bar: None,
        help: "choose the profile (targets, exam date)",
        action: ForecastAction::Profile,
    },
    Binding {
        keys: &[ESC],
        shown: "Esc",
        bar: Some("back"),
        help: "back to the dashboard",
        action: ForecastAction::Back,
    },
    Binding {
        keys: &[ch('q')],
        shown: "q",
        bar: None,
        help: "quit",
        action: ForecastAction::Quit,
    },
]);

/// Opens the forecast (from the dashboard), on its first category.
pub(crate) fn open_forecast(app: &mut App) -> Vec<Effect> {
    app.forecast_cursor = 0;
    app.screen = Screen::Forecast;
    Vec::new()
}

pub(crate) fn forecast_key(app: &mut App, key: KeyEvent) -> Vec<Effect> {
    let rows = app.dashboard.data.as_ref().map_or(0, |d| lines(d).len());
    match FORECAST_KEYS.action(&key) {
        Some(ForecastAction::Select) => {
            move_in(&mut app.forecast_cursor, rows, &key);
            Vec::new()
        }
        Some(ForecastAction::Quiz) => {
            let category = app.dashboard.data.as_ref().and_then(|d| {
                lines(d)
                    .get(app.forecast_cursor)
                    .map(|l| l.forecast.category.clone())
            });
            match category {
                Some(category) => quick_quiz(app, vec![category]),
                None => Vec::new(),
            }
        }
        Some(ForecastAction::ExamDate) => {
            // An exam date belongs to a profile: a pack without one has none to set.
            if app.profile.is_some() {
                app.overlay = Some(Overlay::ExamDate {
                    text: String::new(),
                    error: None,
                });
            } else {
                app.notice = Some("no profile, so no exam date: this pack has none".to_owned());
            }
            Vec::new()
        }
        Some(ForecastAction::Profile) => {
            open_profiles(app);
            Vec::new()
        }
        Some(ForecastAction::Back) => {
            app.screen = Screen::Dashboard;
            Vec::new()
        }
        Some(ForecastAction::Quit) => quit(app),
        None => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keymap_holds() {
        super::super::keymap::tests::check(FORECAST_KEYS);
    }
}
