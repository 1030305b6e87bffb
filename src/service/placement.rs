//! Placement as both front ends start it: the learner's earlier answers in the pack read
//! from the store, the profile the one rule picks, and [`PlacementPicker`] made from them; and
//! the dashboard's offer ("Find your gaps · about 15 minutes").

use crate::learning::mastery::{Accumulator, GapRow, Verdict};
use crate::learning::placement::{PlacementConfig, PlacementPicker};
use crate::pack::{Pack, Profile};
use crate::store::{Store, StoreError};

const MS_PER_DAY: f64 = 86_400_000.0;
/// A placement question takes about this long to read and answer (seconds), for the
/// offer's estimate.
const SECONDS_PER_QUESTION: usize = 15;
/// Answers placement needs per undecided category, about (the simulation of
/// `tests/model_simulation.rs` decides most categories within this many).
const ANSWERS_PER_CATEGORY: usize = 6;

/// Every stored answer in `pack`, aged to `now_ms`: the evidence the model starts from.
pub fn evidence(store: &Store, pack: &Pack, now_ms: i64) -> Result<Accumulator, StoreError> {
    let mut evidence = Accumulator::new();
    store.for_each_scored(&pack.meta.id, |row| {
        let age_days = (now_ms - row.answered_at_ms) as f64 / MS_PER_DAY;
        evidence.add(
            row.category,
            row.question_id,
            row.difficulty,
            row.score,
            age_days,
        );
    })?;
    Ok(evidence)
}

/// Why placement cannot start.
#[derive(Debug)]
pub enum PlacementError {
    Store(StoreError),
    /// The profile sets no target in the categories asked for (or the pack has no profile).
    NoTargets {
        pack: String,
    },
}

impl From<StoreError> for PlacementError {
    fn from(e: StoreError) -> PlacementError {
        PlacementError::Store(e)
    }
}

impl std::fmt::Display for PlacementError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PlacementError::Store(e) => e.fmt(f),
            PlacementError::NoTargets { pack } => write!(
                f,
                "placement compares you with a profile's targets, and pack `{}` has no profile with targets in these categories: practise with `skillgap quiz` instead, or add a profile to the pack",
                crate::text::sanitize_line(pack)
            ),
        }
    }
}

impl std::error::Error for PlacementError {}

/// The picker for a placement of `packs[pack]` against `profile`, from every answer stored
/// in the pack. `already_fed`: the answers of the session being resumed (they are in the
/// store, so in the evidence already).
#[allow(clippy::too_many_arguments)]
pub fn picker(
    store: &Store,
    packs: &[Pack],
    pack: usize,
    profile: Option<&Profile>,
    categories: &[String],
    config: PlacementConfig,
    seed: u64,
    now_ms: i64,
    already_fed: usize,
) -> Result<PlacementPicker, PlacementError> {
    let Some(the_pack) = packs.get(pack) else {
        return Err(PlacementError::NoTargets {
            pack: String::new(),
        });
    };
    let targeted = profile.is_some_and(|p| {
        the_pack.categories.iter().any(|c| {
            p.targets.iter().any(|(id, _)| *id == c.id)
                && (categories.is_empty() || categories.contains(&c.id))
        })
    });
    if !targeted {
        return Err(PlacementError::NoTargets {
            pack: the_pack.meta.id.clone(),
        });
    }
    let evidence = evidence(store, the_pack, now_ms)?;
    Ok(PlacementPicker::new(
        (pack, the_pack),
        evidence,
        profile,
        categories,
        config,
        seed,
        already_fed,
    ))
}

/// The dashboard's placement offer: how many targeted categories have no verdict yet and
/// about how long placing them takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlacementOffer {
    pub undecided: usize,
    pub minutes: usize,
}

impl PlacementOffer {
    /// The offer for a gap chart: `None` when every targeted category has a verdict (or
    /// none has a target).
    pub fn of(rows: &[GapRow], config: &PlacementConfig) -> Option<PlacementOffer> {
        let undecided = rows
            .iter()
            .filter(|r| r.target.is_some() && !r.verdict().is_some_and(Verdict::decided))
            .count();
        if undecided == 0 {
            return None;
        }
        let questions = (undecided * ANSWERS_PER_CATEGORY).min(config.max_answers);
        Some(PlacementOffer {
            undecided,
            minutes: (questions * SECONDS_PER_QUESTION).div_ceil(60).max(1),
        })
    }

    /// Whether the offer comes first on the dashboard: the pack has few answers (fewer than
    /// a placement asks).
    pub fn first(rows: &[GapRow], config: &PlacementConfig) -> bool {
        let answered: usize = rows.iter().map(|r| r.mastery.answered).sum();
        answered < config.max_answers
    }

    /// "Find your gaps · about 15 minutes".
    pub fn label(&self) -> String {
        format!("Find your gaps · about {} minutes", self.minutes)
    }

    /// [`Self::label`] in at most `cells` columns ("Find your gaps · ~15 min" when the
    /// whole label does not fit).
    pub fn label_within(&self, cells: usize) -> String {
        let label = self.label();
        if label.chars().count() <= cells {
            return label;
        }
        format!("Find your gaps · ~{} min", self.minutes)
    }
}

/// The picker a resumed placement session goes on with: the limits it stored, the learner's
/// answers (its own included, read back from the store), its profile. `None` for any other
/// session, or one that has its picker.
pub fn resumed_picker(
    store: &Store,
    packs: &[Pack],
    session: &crate::quiz::Session,
    now_ms: i64,
) -> Result<Option<PlacementPicker>, PlacementError> {
    if *session.kind() != crate::quiz::SessionKind::Placement || session.is_adaptive() {
        return Ok(None);
    }
    let pack = session.items().first().map_or(0, |item| item.pack);
    let Some(the_pack) = packs.get(pack) else {
        return Ok(None);
    };
    let (config, categories) = PlacementConfig::from_session_json(session.filters_json());
    let profile = super::profile::profile_for(store, the_pack, session.profile())?;
    picker(
        store,
        packs,
        pack,
        profile,
        &categories,
        config,
        session.seed(),
        now_ms,
        session.answered(),
    )
    .map(Some)
}

/// A resumed placement session given its picker back ([`resumed_picker`]); any other
/// session is left as it is.
pub fn reattach(
    store: &Store,
    packs: &[Pack],
    session: &mut crate::quiz::Session,
    now_ms: i64,
) -> Result<(), PlacementError> {
    if let Some(picker) = resumed_picker(store, packs, session, now_ms)? {
        session.attach(Box::new(picker), packs, now_ms);
    }
    Ok(())
}
