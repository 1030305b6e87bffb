//! `skillgap quiz --mode placement`: checks what placement can take from the command line,
//! starts it through `crate::service::placement`, and once it is over prints the gap chart
//! with each category's verdict.

use super::CliError;
use super::prepare::fresh_seed;
use super::prepare::{Prepared, build_filters};
use crate::cli::args::QuizArgs;
use crate::clock::now_ms;
use crate::learning::placement::PlacementConfig;
use crate::pack::Pack;
use crate::quiz::{Mode, Plan};
use crate::service::{self, placement};
use crate::store::Store;
use crate::text::sanitize_line;

/// A placement session of the one pack given, against the profile the one rule picks.
pub(super) fn prepare(
    args: &QuizArgs,
    packs: Vec<Pack>,
    store: &Store,
) -> Result<Prepared, CliError> {
    if packs.len() != 1 {
        return Err(
            "placement measures one pack at a time: give one --pack (or none for the bundled bank)"
                .into(),
        );
    }
    if !args.tags.is_empty() || args.difficulty.is_some() || !args.kinds.is_empty() {
        return Err(
            "placement picks its own questions: --tag, --difficulty and --kind do not apply to it (--category does)"
                .into(),
        );
    }
    let filters = build_filters(args, &packs)?;
    let pack = packs.first().ok_or("no pack")?;
    let profile = service::profile_for(store, pack, args.profile.as_deref())?;
    let config = PlacementConfig {
        max_answers: args
            .count
            .map_or(PlacementConfig::default().max_answers, |c| c as usize),
        include_open: args.include_open,
        ..PlacementConfig::default()
    };
    let seed = args.seed.unwrap_or_else(fresh_seed);
    let picker = placement::picker(
        store,
        &packs,
        0,
        profile,
        &filters.categories,
        config,
        seed,
        now_ms(),
        0,
    )?;
    let progress = picker.progress();
    let profile_title = profile.map_or_else(String::new, |p| sanitize_line(&p.title));
    let intro = format!(
        "Placement against {profile_title}: each question comes from the category whose verdict is nearest, until all {} are decided (at most {} questions; {} decided already). No feedback until the end.\n",
        progress.targeted, config.max_answers, progress.decided
    );
    let profile_id = profile.map(|p| p.id.clone());
    Ok(Prepared {
        plan: Plan {
            items: Vec::new(),
            mode: Mode::Exam,
            seed,
            filters_json: config.session_json(&filters.categories),
            time_limit_ms: None,
            profile: profile_id,
        },
        packs,
        intro: Some(intro),
        outro: None,
        picker: Some(Box::new(picker)),
    })
}

/// What placement found: the gap chart of the pack with each category's verdict.
pub(super) fn result(
    store: &Store,
    pack: &Pack,
    profile: Option<&str>,
) -> Result<String, CliError> {
    let report = service::gap_report(store, pack, profile, now_ms())?;
    Ok(format!(
        "\nWhere you stand (above target, below target, or close to target: more answers needed):\n\n{}",
        report.to_text()
    ))
}
