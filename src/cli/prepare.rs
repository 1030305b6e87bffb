//! What the commands that start a session share before it starts: the packs named on the
//! command line, the filters from the arguments, the profile check, a fresh seed, and the
//! prepared session ([`Prepared`]) that `quiz`, `quiz --exam` and placement hand to the loop.
//! Nothing here runs a session or prints.

use super::CliError;
use crate::cli::args::{DifficultyArg, KindArg, QuizArgs};
use crate::pack::{Difficulty, KindName, Pack};
use crate::quiz::{self, Filters, Plan};
use crate::text::sanitize_line;

/// Questions in a quiz when `--count` is not given.
pub const DEFAULT_COUNT: usize = 10;

/// Packs named on the command line (default: the bundled bank), loaded and validated.
pub fn load_packs(
    names: &[String],
    data_dir: Option<&std::path::Path>,
) -> Result<Vec<Pack>, CliError> {
    let default = [crate::pack::bundled_dir_name().to_owned()];
    let names = if names.is_empty() {
        &default[..]
    } else {
        names
    };
    let mut packs: Vec<Pack> = Vec::new();
    for name in names {
        let pack = super::files::load(name, data_dir).map_err(|e| {
            format!(
                "cannot use pack `{}`:\n{}",
                sanitize_line(name),
                e.render(super::stderr_color())
            )
        })?;
        if packs.iter().any(|p| p.meta.id == pack.meta.id) {
            return Err(format!(
                "two packs have the id `{}`: give each pack once",
                sanitize_line(&pack.meta.id)
            )
            .into());
        }
        packs.push(pack);
    }
    Ok(packs)
}

/// Checks category and profile names against the packs, so a typo is an error rather than
/// an empty quiz.
pub fn build_filters(args: &QuizArgs, packs: &[Pack]) -> Result<Filters, CliError> {
    for category in &args.categories {
        if !packs.iter().any(|p| p.category(category).is_some()) {
            let known: Vec<String> = packs
                .iter()
                .flat_map(|p| p.categories.iter().map(|c| c.id.clone()))
                .collect();
            return Err(format!(
                "unknown category `{}`: the categories are {}",
                sanitize_line(category),
                known.join(", ")
            )
            .into());
        }
    }
    for tag in &args.tags {
        check_tag(packs, tag)?;
    }
    if let Some(profile) = &args.profile {
        check_profile(packs, profile)?;
    }
    Ok(Filters {
        categories: args.categories.clone(),
        tags: args.tags.clone(),
        difficulty: args.difficulty.map(|d| match d {
            DifficultyArg::Easy => Difficulty::Easy,
            DifficultyArg::Medium => Difficulty::Medium,
            DifficultyArg::Hard => Difficulty::Hard,
        }),
        kinds: args.kinds.iter().map(|k| kind_name(*k)).collect(),
    })
}

/// A tag no question carries is a typo, not a filter that matches nothing: say which tag was
/// meant, or the most used ones.
fn check_tag(packs: &[Pack], tag: &str) -> Result<(), CliError> {
    let mut uses: Vec<(&str, usize)> = Vec::new();
    for question in packs.iter().flat_map(|p| &p.questions) {
        for t in &question.tags {
            match uses.iter_mut().find(|(name, _)| name == t) {
                Some(entry) => entry.1 += 1,
                None => uses.push((t.as_str(), 1)),
            }
        }
    }
    if uses.iter().any(|(name, _)| *name == tag) {
        return Ok(());
    }
    let names: Vec<&str> = uses.iter().map(|(name, _)| *name).collect();
    let hint = match crate::pack::closest(tag, &names) {
        Some(near) => format!("did you mean `{}`?", sanitize_line(near)),
        None if uses.is_empty() => "these packs use no tags".to_owned(),
        None => {
            uses.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
            let common: Vec<String> = uses.iter().take(8).map(|(n, _)| sanitize_line(n)).collect();
            format!(
                "the most used of the {} tags are {}",
                uses.len(),
                common.join(", ")
            )
        }
    };
    Err(format!("no question has the tag `{}`: {hint}", sanitize_line(tag)).into())
}

pub fn check_profile(packs: &[Pack], profile: &str) -> Result<(), CliError> {
    if packs.iter().any(|p| p.profile(profile).is_some()) {
        return Ok(());
    }
    let known: Vec<String> = packs
        .iter()
        .flat_map(|p| p.profiles.iter().map(|c| c.id.clone()))
        .collect();
    Err(format!(
        "unknown profile `{}`: the profiles are {}",
        sanitize_line(profile),
        if known.is_empty() {
            String::from("(none in these packs)")
        } else {
            known.join(", ")
        }
    )
    .into())
}

pub fn kind_name(kind: KindArg) -> KindName {
    match kind {
        KindArg::Single => KindName::Single,
        KindArg::Multi => KindName::Multi,
        KindArg::TrueFalse => KindName::TrueFalse,
        KindArg::Short => KindName::Short,
        KindArg::Numeric => KindName::Numeric,
        KindArg::Order => KindName::Order,
        KindArg::Match => KindName::Match,
        KindArg::Open => KindName::Open,
    }
}

/// A seed when none is given: differs run to run ([`quiz::fresh_seed`] of the clock and the
/// process id); printed so the quiz can be repeated.
pub fn fresh_seed() -> u64 {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64);
    quiz::fresh_seed(nanos ^ u64::from(std::process::id()).rotate_left(32))
}

pub use crate::clock::now_ms;
pub use crate::store::pack_ref;

/// A new session ready to run: from filters, a review plan, a retake or an exam file.
pub(super) struct Prepared {
    pub(super) packs: Vec<Pack>,
    pub(super) plan: Plan,
    /// Printed before the first question (plain mode).
    pub(super) intro: Option<String>,
    /// Printed once the session is over (after the terminal app is closed).
    pub(super) outro: Option<String>,
    /// Picks the questions one at a time (placement); the plan then starts empty.
    pub(super) picker: Option<Box<dyn quiz::Adaptive>>,
}
