//! Command-line arguments (clap): the words a user types, nothing more.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "skillgap",
    version,
    about = "Test yourself against a skill map and see where you fall short.",
    long_about = None,
)]
pub struct Cli {
    /// Where skillgap keeps its database and installed packs (default: the platform's data
    /// directory).
    #[arg(long, global = true, env = "SKILLGAP_HOME", value_name = "DIR")]
    pub data_dir: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check, inspect and author question packs.
    #[command(subcommand)]
    Pack(PackCommand),
}

#[derive(Debug, Subcommand)]
pub enum PackCommand {
    /// Check packs and report every problem with file:line:col (exit 1 if any is invalid).
    Validate {
        /// Pack files (`.ron`) or pack directories (holding `pack.ron`); `backend` names the
        /// bundled bank.
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<String>,
    },
    /// Count a pack's questions by category, kind and difficulty.
    Stats(StatsArgs),
}

#[derive(Debug, Args)]
pub struct StatsArgs {
    /// A pack file or directory; `backend` names the bundled bank.
    #[arg(value_name = "PATH")]
    pub path: String,
    #[arg(long, value_enum, default_value_t = StatsFormat::Text)]
    pub format: StatsFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StatsFormat {
    Text,
    Json,
}
