//! The learning model: mastery per category with uncertainty and verdicts (`mastery`),
//! placement's adaptive pick and stopping rule (`placement`), question difficulties fitted
//! from a class (`fit`), spaced repetition per question (FSRS: ratings from answers, the
//! memory state each answer leaves), the daily review plan, the exam-date forecast,
//! confidence calibration and mastery trends. Pure: no I/O, no clock; callers pass the time
//! and the stored history in.

pub mod calibration;
pub mod date;
pub mod fit;
pub mod forecast;
pub mod mastery;
pub mod placement;
pub mod rating;
pub mod select;
pub mod state;
pub mod trend;

pub use date::CalendarDate;
pub use rating::{Answer, Confidence, Graded, Rating, grade};
pub use select::{PackKnowledge, ReviewMode, ReviewPlan, ReviewRequest, plan_review};
pub use state::{DAY_MS, DEFAULT_RETENTION, ScheduleError, ScheduleState, next_state};
