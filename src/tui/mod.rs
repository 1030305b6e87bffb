//! The terminal app (ratatui), in the Elm style: one [`App`] state, [`Msg`]s, an
//! [`update`] without I/O that returns [`Effect`]s, views that are pure functions of the
//! state (`impl Widget for &App`), and a run loop that owns the terminal and the store.
//! It never parses packs or runs SQL itself: packs are loaded before it starts, and the
//! store is reached through `crate::store::Store`.

pub mod answer;
pub mod app;
pub mod class;
pub mod console;
pub mod data;
pub mod msg;
pub mod run;
pub mod setup;
pub mod update;
pub mod view;

pub use app::{App, QuizStart, Screen};
pub use msg::{Effect, Msg};
pub use run::{AppError, run_dashboard, run_quiz, run_resume};
pub use update::update;
