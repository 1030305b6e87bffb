//! `skillgap profile`: the profile you aim for (per pack) and the date of your exam, kept in
//! the store's settings; `report`, `quiz` and the terminal app use them when `--profile` is
//! not given.

use super::files::open_store;
use super::prepare::{check_profile, load_packs, now_ms};
use super::{CliError, Outcome, printed};
use crate::cli::args::{ProfileCommand, Switch};
use crate::learning::date::parse_target_date;
use crate::learning::{CalendarDate, DAY_MS};
use crate::pack::Pack;
use crate::service;
use crate::store::Store;
use crate::text::sanitize_line;
use std::path::Path;

pub fn run(command: ProfileCommand, data_dir: Option<&Path>) -> Outcome {
    let result = match command {
        ProfileCommand::Set {
            profile,
            date,
            pack,
            retention,
            confidence,
        } => set(
            &Wanted {
                profile: profile.as_deref(),
                date: date.as_deref(),
                retention,
                confidence: confidence.map(|c| c == Switch::On),
            },
            pack,
            data_dir,
            now_ms(),
        ),
        ProfileCommand::Show { pack } => show(pack, data_dir, now_ms()),
    };
    printed(&result?)
}

fn load_one(pack: Option<String>, data_dir: Option<&Path>) -> Result<Pack, CliError> {
    let names: Vec<String> = pack.into_iter().collect();
    load_packs(&names, data_dir)?
        .into_iter()
        .next()
        .ok_or_else(|| CliError::from("no pack to use"))
}

/// "in 24 days", "today", or "passed 3 days ago".
fn when(date: CalendarDate, now_ms: i64) -> String {
    let days = date.days() - now_ms.div_euclid(DAY_MS);
    match days {
        0 => String::from("today"),
        1 => String::from("tomorrow"),
        d if d > 1 => format!("in {d} days"),
        -1 => String::from("passed yesterday"),
        d => format!("passed {} days ago", -d),
    }
}

/// What `profile set` was asked to change.
struct Wanted<'a> {
    profile: Option<&'a str>,
    date: Option<&'a str>,
    retention: Option<f64>,
    confidence: Option<bool>,
}

fn set(
    wanted: &Wanted<'_>,
    pack: Option<String>,
    data_dir: Option<&Path>,
    now_ms: i64,
) -> Result<String, CliError> {
    let Wanted { profile, date, .. } = *wanted;
    let pack = load_one(pack, data_dir)?;
    let pack_id = pack.meta.id.clone();
    // Check the date before anything is written, so a typo changes nothing.
    let date = date
        .map(|d| parse_target_date(d, now_ms, "`--date none` to clear it"))
        .transpose()?;
    let store = open_store(data_dir)?;
    let profile = match profile {
        Some(p) => {
            check_profile(std::slice::from_ref(&pack), p)?;
            p.to_owned()
        }
        // The profile in use by the one rule (chosen, else the pack's first).
        None => match service::profile_for(&store, &pack, None)? {
            Some(p) => p.id.clone(),
            None => {
                return Err(format!(
                    "pack `{}` has no profiles to choose from",
                    sanitize_line(&pack_id)
                )
                .into());
            }
        },
    };
    store.set_chosen_profile(&pack_id, Some(&profile))?;
    if let Some(date) = date {
        store.set_target_date(&pack_id, &profile, date)?;
    }
    if let Some(retention) = wanted.retention {
        store.set_desired_retention(retention)?;
    }
    if let Some(ask) = wanted.confidence {
        store.set_ask_confidence(ask)?;
    }
    describe(&store, &pack, now_ms)
}

fn show(pack: Option<String>, data_dir: Option<&Path>, now_ms: i64) -> Result<String, CliError> {
    let pack = load_one(pack, data_dir)?;
    let store = open_store(data_dir)?;
    describe(&store, &pack, now_ms)
}

fn describe(store: &Store, pack: &Pack, now_ms: i64) -> Result<String, CliError> {
    let pack_id = &pack.meta.id;
    let chosen = service::profile::asked_or_chosen(store, pack, None)?;
    let mut out = format!(
        "Pack: {} ({})\n",
        sanitize_line(&pack.meta.title),
        sanitize_line(pack_id)
    );
    // The profile reports and the dashboard use, by the one rule.
    let used = service::profile::resolve(pack, chosen.as_deref());
    match (&chosen, used) {
        (_, None) => out.push_str("Profile: this pack has none\n"),
        (Some(_), Some(profile)) => out.push_str(&format!(
            "Profile: {} ({})\n",
            sanitize_line(&profile.id),
            sanitize_line(&profile.title)
        )),
        (None, Some(profile)) => out.push_str(&format!(
            "Profile: {} ({}), the default: none chosen, so reports use the pack's first (choose one with `skillgap profile set PROFILE`)\n",
            sanitize_line(&profile.id),
            sanitize_line(&profile.title)
        )),
    }
    if let Some(profile) = used {
        match store.target_date(pack_id, &profile.id)? {
            Some(date) => out.push_str(&format!("Exam date: {date} ({})\n", when(date, now_ms))),
            None => out.push_str(&format!(
                "Exam date: none (set one with `skillgap profile set {} --date YYYY-MM-DD`)\n",
                sanitize_line(&profile.id)
            )),
        }
    }
    if !pack.profiles.is_empty() {
        out.push_str("Profiles in this pack:\n");
        for p in &pack.profiles {
            let mark = if chosen.as_deref() == Some(p.id.as_str()) {
                "*"
            } else {
                " "
            };
            out.push_str(&format!(
                "  {mark} {:<12} {}\n",
                sanitize_line(&p.id),
                sanitize_line(&p.title)
            ));
        }
    }
    let retention = store.desired_retention()?;
    out.push_str(&format!(
        "Reviews are scheduled for {:.0}% recall (--retention); confidence is {} (--confidence on|off).\n",
        retention * 100.0,
        if store.ask_confidence()? {
            "asked"
        } else {
            "not asked"
        }
    ));
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn target_dates() {
        let now = CalendarDate::parse("2026-11-21").unwrap().start_ms() + 5 * 3_600_000;
        assert_eq!(
            parse_target_date("2026-12-15", now, "").unwrap(),
            CalendarDate::parse("2026-12-15").ok()
        );
        assert!(parse_target_date("2026-11-21", now, "").unwrap().is_some());
        assert_eq!(parse_target_date("none", now, "").unwrap(), None);
        let past = parse_target_date("2026-11-20", now, "`--date none`")
            .unwrap_err()
            .to_string();
        assert!(past.contains("in the past"), "{past}");
        assert!(parse_target_date("2026-02-30", now, "").is_err());
        assert_eq!(
            when(CalendarDate::parse("2026-12-15").unwrap(), now),
            "in 24 days"
        );
    }
}
