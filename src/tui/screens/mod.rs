//! The app by screen: each module holds one screen's (or a few close screens') key and
//! action handling; `update` only dispatches to them. Views are in `tui::view`.

pub mod dashboard;
pub mod gaps;
pub mod history;
pub mod keymap;
pub mod overlays;
pub mod quiz;
pub mod setup;
pub mod summary;
