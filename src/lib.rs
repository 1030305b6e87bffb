//! skillgap: test yourself against a skill map and see where you fall short.
//!
//! Data flows one way: pack → quiz session → answers → store → mastery → gap chart. The core
//! modules know nothing of terminals; `tui` is a thin shell over them.

pub mod cli;
pub mod clock;
pub mod cohort;
pub mod exam;
pub mod fnv;
pub mod formats;
pub mod learning;
pub mod pack;
pub mod quiz;
pub mod report;
pub mod service;
pub mod store;
pub mod table;
pub mod text;
pub mod tui;
