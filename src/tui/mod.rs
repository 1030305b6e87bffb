//! The terminal app (ratatui), in the Elm style: one [`App`] state, [`Msg`]s, an
//! [`update`] without I/O that dispatches to the [`screens`] (each screen's state, keymap,
//! action handling and view together) and returns [`Effect`]s, views that are pure functions
//! of the state (`impl Widget for &App`), and a run loop that owns the terminal and the store.
//! A quiz's rules are `crate::quiz::Session`'s, not the app's. It never parses packs or runs
//! SQL itself: packs are loaded before it starts, and the store is reached through
//! `crate::store::Store`. It never imports the CLI layer: how a run ended comes out as an
//! [`Outcome`] that the CLI turns into output and an exit code.

pub mod answer;
pub mod app;
pub mod class;
pub mod console;
pub mod data;
pub mod msg;
pub mod outcome;
pub mod run;
pub mod screens;
pub mod update;
pub mod view;

pub use app::{App, QuizStart, Screen};
pub use msg::{Effect, Msg};
pub use outcome::Outcome;
pub use run::{run_dashboard, run_quiz, run_resume};
pub use update::update;
