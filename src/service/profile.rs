//! The one rule for which profile (target role) a pack is measured against, used by
//! `skillgap report`, `quiz --mode review`, the dashboard and the drill-down alike:
//!
//! 1. the profile asked for (`--profile`, or picked on the dashboard), else
//! 2. the one chosen with `skillgap profile set` (or in the app) if the pack still has it,
//!    else
//! 3. the pack's first profile.
//!
//! Not "the profile of the last session": a one-off `quiz --profile X` is not a choice, and
//! a chart that changed with the last quiz taken could not be reproduced from the command
//! line. `skillgap profile show` states the same rule.

use crate::pack::{Pack, Profile};
use crate::store::{Store, StoreError};

/// Steps 1 and 2 of the rule: the profile asked for, else the one chosen for the pack if
/// the pack still has it; `None` leaves step 3 (the pack's first) to [`profile_for`].
pub fn asked_or_chosen(
    store: &Store,
    pack: &Pack,
    asked: Option<&str>,
) -> Result<Option<String>, StoreError> {
    if let Some(profile) = asked {
        return Ok(Some(profile.to_owned()));
    }
    Ok(store
        .chosen_profile(&pack.meta.id)?
        .filter(|p| pack.profile(p).is_some()))
}

/// The profile `pack` is measured against under the rule. A profile asked for that this
/// pack lacks (it belongs to another pack of the session) gives none: no targets here.
pub fn profile_for<'p>(
    store: &Store,
    pack: &'p Pack,
    asked: Option<&str>,
) -> Result<Option<&'p Profile>, StoreError> {
    Ok(resolve(
        pack,
        asked_or_chosen(store, pack, asked)?.as_deref(),
    ))
}

/// Step 3 applied to the outcome of steps 1 and 2.
pub fn resolve<'p>(pack: &'p Pack, asked_or_chosen: Option<&str>) -> Option<&'p Profile> {
    match asked_or_chosen {
        Some(id) => pack.profile(id),
        None => pack.profiles.first(),
    }
}
