//! What the screens show that comes from the store: the data types the app receives in
//! messages. They are computed by the use-case layer ([`crate::service::dashboard`]); this
//! module only names them for the TUI.

pub use crate::service::dashboard::{
    CategoryData, DashboardData, ScoredAnswer, SessionLine, WEAKEST, category_data, mastery_at,
    mastery_series, weakest,
};
