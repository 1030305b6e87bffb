//! What each subcommand does, given parsed arguments: the wiring between the core and the
//! process (files, standard streams, exit codes).

pub mod args;
mod calibrate;
mod class;
mod exam;
mod export;
mod gift;
mod pack;
pub mod plain;
mod profile;
pub mod quiz;
pub mod report;

use crate::cli::args::{Cli, Command};
use std::io::IsTerminal;
use std::process::ExitCode;

/// Exit code for bad input (an invalid pack, a damaged file...). Usage errors exit with 2.
pub const EXIT_INVALID: u8 = 1;

pub fn run(cli: Cli) -> ExitCode {
    let data_dir = cli.data_dir.as_deref();
    match cli.command {
        Some(Command::Pack(command)) => pack::run(command, data_dir),
        Some(Command::Exam(command)) => exam::run(command, data_dir),
        Some(Command::Class(args)) => class::run(args, data_dir),
        Some(Command::Profile(command)) => profile::run(command, data_dir),
        Some(Command::Quiz(args)) => quiz::run(args, data_dir),
        Some(Command::Report(args)) => report::report(args, data_dir),
        Some(Command::History(args)) => report::history(args, data_dir),
        Some(Command::Export(args)) => export::run(args, data_dir),
        Some(Command::Completions { shell }) => {
            let mut command = <Cli as clap::CommandFactory>::command();
            clap_complete::generate(shell, &mut command, "skillgap", &mut std::io::stdout());
            ExitCode::SUCCESS
        }
        None => crate::tui::run_dashboard(data_dir),
    }
}

/// Colour on standard error only for a terminal, and never with `NO_COLOR` set.
pub fn stderr_color() -> bool {
    std::io::stderr().is_terminal() && no_color_unset()
}

/// Colour on standard output only for a terminal, and never with `NO_COLOR` set.
pub fn stdout_color() -> bool {
    std::io::stdout().is_terminal() && no_color_unset()
}

fn no_color_unset() -> bool {
    std::env::var_os("NO_COLOR").is_none_or(|value| value.is_empty())
}

/// Writes a new file, refusing to replace one that exists (nothing the user saved is lost),
/// and syncs it to disk.
pub fn write_new(path: &std::path::Path, text: &str) -> Result<(), String> {
    use std::io::Write;
    let shown = crate::text::sanitize_line(&path.display().to_string());
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|error| match error.kind() {
            std::io::ErrorKind::AlreadyExists => format!(
                "{shown} already exists and is left as it is: remove it, or name another file with -o"
            ),
            _ => format!("cannot create {shown}: {error}"),
        })?;
    file.write_all(text.as_bytes())
        .and_then(|()| file.sync_all())
        .map_err(|error| format!("cannot write {shown}: {error}"))
}

/// Writes to standard error; a closed stderr is not worth a panic.
pub fn eprint(text: &str) {
    let _ = std::io::Write::write_all(&mut std::io::stderr(), text.as_bytes());
}

/// Writes to standard output; a closed pipe (`| head`) is not worth a panic.
pub fn print(text: &str) {
    let _ = std::io::Write::write_all(&mut std::io::stdout(), text.as_bytes());
}
