//! The one clock: the time every stored time, due date and fresh seed comes from. The core
//! (quiz, learning) takes times as arguments and never reads a clock; only the front ends and
//! the use cases call these.

/// The time now in Unix milliseconds.
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

/// The time now in Unix nanoseconds: for values that must differ from one run to the next
/// (fresh seeds, temporary names), not for measuring.
pub fn now_nanos() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos())
}
