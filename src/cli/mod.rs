//! What each subcommand does, given parsed arguments: the wiring between the use cases and
//! the process (files, standard streams). Every command returns an [`Outcome`]; [`run`] maps
//! errors to messages and exit codes in one place ([`CliError::exit`]).

mod anki;
pub mod args;
mod calibrate;
mod class;
mod convert;
mod exam;
mod export;
mod files;
mod pack;
mod placement;
pub mod plain;
mod prepare;
mod profile;
pub mod quiz;
pub mod report;

use crate::cli::args::{Cli, Command};
use std::io::IsTerminal;
use std::process::ExitCode;

/// Exit code for bad input (an invalid pack, a damaged file...). Usage errors exit with 2.
pub const EXIT_INVALID: u8 = 1;

/// Why a command failed. Each command returns one; [`run`] alone turns it into what the user
/// sees and the exit code ([`CliError::exit`]).
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// Said in a line (or a few): printed as `skillgap: MESSAGE`.
    #[error("{0}")]
    Message(String),
    /// Diagnostics already rendered (file:line:col, coloured when allowed): printed as they
    /// are.
    #[error("{0}")]
    Rendered(String),
    /// Already told to the user in the command's own output (a validation report, lint
    /// warnings under `--strict`): only the exit code is left to give.
    #[error("see above")]
    Reported,
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
    #[error(transparent)]
    Date(#[from] crate::learning::date::DateError),
    #[error(transparent)]
    Placement(#[from] crate::service::placement::PlacementError),
    /// `--name` is not a name a results file may carry.
    #[error("--name: {0}")]
    Name(#[from] crate::cohort::results::NameError),
    /// A file the command was given cannot be used: the file as named, and why. Shown made
    /// safe for the terminal, both parts being from outside.
    #[error("{}", crate::text::sanitize_line(&format!("{}: {}", .file, .error)))]
    File { file: String, error: Box<FileError> },
}

/// Why a file given on the command line cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    #[error(transparent)]
    Results(#[from] crate::report::class::ClassFileError),
    #[error(transparent)]
    Anki(#[from] crate::formats::anki::ImportError),
}

impl CliError {
    /// A message holding text from outside (a file name, a pack's text): made safe for the
    /// terminal here, once.
    pub fn untrusted(message: &str) -> CliError {
        CliError::Message(crate::text::sanitize_line(message))
    }

    /// `file` (as the user named it) cannot be used, because of `error`.
    pub fn file(file: &std::path::Path, error: impl Into<FileError>) -> CliError {
        CliError::File {
            file: file.display().to_string(),
            error: Box::new(error.into()),
        }
    }

    /// The one map from errors to what is printed and the exit code.
    pub fn exit(self) -> ExitCode {
        match self {
            CliError::Rendered(text) => eprint(&text),
            CliError::Reported => {}
            other => eprint(&format!("skillgap: {other}\n")),
        }
        ExitCode::from(EXIT_INVALID)
    }
}

impl From<String> for CliError {
    fn from(message: String) -> CliError {
        CliError::Message(message)
    }
}

impl From<&str> for CliError {
    fn from(message: &str) -> CliError {
        CliError::Message(message.to_owned())
    }
}

/// A command's outcome: its exit code, or why it failed.
pub type Outcome = Result<ExitCode, CliError>;

pub fn run(cli: Cli) -> ExitCode {
    let data_dir = cli.data_dir.as_deref();
    let outcome = match cli.command {
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
            // Into memory first: clap_complete panics when its writer fails (`| true`).
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut command, "skillgap", &mut script);
            print(&String::from_utf8_lossy(&script));
            Ok(ExitCode::SUCCESS)
        }
        None => tui_exit(crate::tui::run_dashboard(data_dir)),
    };
    outcome.unwrap_or_else(CliError::exit)
}

/// Prints `text` and succeeds: the end of most commands.
pub(crate) fn printed(text: &str) -> Outcome {
    print(text);
    Ok(ExitCode::SUCCESS)
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
pub fn write_new(path: &std::path::Path, text: &str) -> Result<(), CliError> {
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
        .map_err(|error| CliError::Message(format!("cannot write {shown}: {error}")))
}

/// Writes to standard error; a closed stderr is not worth a panic.
pub fn eprint(text: &str) {
    let _ = std::io::Write::write_all(&mut std::io::stderr(), text.as_bytes());
}

/// Writes to standard output; a closed pipe (`| head`) is not worth a panic.
pub fn print(text: &str) {
    let _ = std::io::Write::write_all(&mut std::io::stdout(), text.as_bytes());
}

/// How the terminal app ended, as output and an exit code.
pub fn tui_exit(outcome: crate::tui::Outcome) -> Outcome {
    match outcome {
        crate::tui::Outcome::Done => Ok(ExitCode::SUCCESS),
        crate::tui::Outcome::Told(message) => printed(&message),
        // Killed by a signal: the conventional 128 + signal number.
        crate::tui::Outcome::Signal(signal) => {
            Ok(ExitCode::from(128u8.saturating_add(signal as u8)))
        }
        crate::tui::Outcome::Failed(message) => Err(CliError::Message(message)),
    }
}
