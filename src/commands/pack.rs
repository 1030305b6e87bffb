//! `skillgap pack ...`: validate and stats.

use super::{EXIT_INVALID, eprint, print, stderr_color};
use crate::cli::{PackCommand, StatsFormat};
use crate::pack::{self, LoadError, Pack, stats::Stats};
use crate::text::sanitize_line;
use std::path::Path;
use std::process::ExitCode;

pub fn run(command: PackCommand, data_dir: Option<&Path>) -> ExitCode {
    match command {
        PackCommand::ImportGift { file, output } => super::gift::import(&file, output.as_deref()),
        PackCommand::ExportGift { pack, output } => super::gift::export(&pack, &output, data_dir),
        PackCommand::New { .. }
        | PackCommand::Lint { .. }
        | PackCommand::Install { .. }
        | PackCommand::List { .. }
        | PackCommand::Remove { .. } => {
            let _ = data_dir;
            eprint("skillgap: this pack command is being built\n");
            ExitCode::from(EXIT_INVALID)
        }
        PackCommand::Validate { paths } => validate(&paths, data_dir),
        PackCommand::Stats(args) => match load(&args.path, data_dir) {
            Ok(pack) => {
                let stats = Stats::of(&pack);
                match args.format {
                    StatsFormat::Json => print(&format!("{:#}\n", stats.to_json())),
                    StatsFormat::Text => print(&stats.to_text(&pack)),
                }
                ExitCode::SUCCESS
            }
            Err(error) => {
                eprint(&error.render(stderr_color()));
                ExitCode::from(EXIT_INVALID)
            }
        },
    }
}

/// A pack named on the command line: a path, or `backend` for the bundled bank when no such
/// path exists.
pub fn load(name: &str, data_dir: Option<&Path>) -> Result<Pack, LoadError> {
    let _ = data_dir;
    let path = Path::new(name);
    if !path.exists() && name == pack::bundled_dir_name() {
        return pack::load_bundled();
    }
    pack::load_path(path)
}

fn validate(paths: &[String], data_dir: Option<&Path>) -> ExitCode {
    let mut invalid = 0usize;
    for name in paths {
        match load(name, data_dir) {
            Ok(pack) => print(&format!(
                "ok: {}: pack `{}` {} with {} questions in {} categories and {} profiles\n",
                sanitize_line(name),
                sanitize_line(&pack.meta.id),
                sanitize_line(&pack.meta.version),
                pack.questions.len(),
                pack.categories.len(),
                pack.profiles.len(),
            )),
            Err(error) => {
                invalid += 1;
                eprint(&error.render(stderr_color()));
                print(&format!(
                    "invalid: {}: {} problem{}\n",
                    sanitize_line(name),
                    error.diagnostics.len(),
                    if error.diagnostics.len() == 1 {
                        ""
                    } else {
                        "s"
                    }
                ));
            }
        }
    }
    if invalid == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_INVALID)
    }
}
