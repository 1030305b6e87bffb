//! `skillgap history`: the stored sessions, newest first, each with its score per category.

use crate::store::{History, Store, StoreError};

/// The newest `limit` sessions (all when `None`), each with its score per category. Reads no
/// answer row and no question id: history costs what the sessions cost, not what their
/// answers do.
pub fn history(store: &Store, limit: Option<usize>) -> Result<History, StoreError> {
    store.history(limit)
}
