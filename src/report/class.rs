//! Class report (being written).
