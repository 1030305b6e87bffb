//! The app by screen. Each folder holds one screen (or a few close ones): its keymap and
//! action handling in `mod.rs`, its view in `view.rs`. `update` only dispatches to them; the
//! frame, key bar, dialogs and shared widgets are drawn by `tui::view`. Keys → action (the
//! screen's [`keymap`]) → update, as in television and ratatui's demo2.

pub mod dashboard;
pub mod forecast;
pub mod gaps;
pub mod history;
pub mod keymap;
pub mod overlays;
pub mod quiz;
pub mod setup;
pub mod summary;
