//! The use cases both front ends ask for, computed from the store and the packs: the gap
//! report under the one profile rule, the review plan, the exam-date forecast, trend and
//! calibration (all of them from one read for the personal report), the dashboard and
//! drill-down data, history, placement's start and offer, and a stored session loaded for
//! resuming or retaking.
//!
//! Sits between the front ends (`cli`, `tui`) and the layers below (`report`, `store`, the
//! core). It reads the store and hands back typed data; it renders nothing (that is
//! `report`), knows no terminal and never writes to the store.

pub mod dashboard;
pub mod gap;
pub mod history;
pub mod personal;
pub mod placement;
pub mod profile;
pub mod progress;
pub mod sessions;

pub use gap::gap_report;
pub use profile::profile_for;
