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
    /// Take a quiz (practice or exam); every answer is saved the moment it is given.
    Quiz(QuizArgs),
    /// The gap chart: mastery per category against a profile's targets.
    Report(ReportArgs),
    /// Past sessions with their scores per category.
    History(HistoryArgs),
    /// Write every answer (with pack id, version and content hash) for a teacher or a backup.
    Export(ExportArgs),
    /// Print a shell completion script, e.g. `skillgap completions bash > ~/.local/share/bash-completion/completions/skillgap`.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Check, inspect and author question packs.
    #[command(subcommand)]
    Pack(PackCommand),
}

#[derive(Debug, Args)]
pub struct QuizArgs {
    /// Pack to draw from: `backend` (bundled) or a pack file or directory. Repeatable.
    #[arg(long = "pack", value_name = "ID|PATH")]
    pub packs: Vec<String>,
    /// Only questions of this category. Repeatable.
    #[arg(long = "category", value_name = "C")]
    pub categories: Vec<String>,
    /// Only questions with this tag. Repeatable (any of them).
    #[arg(long = "tag", value_name = "T")]
    pub tags: Vec<String>,
    #[arg(long, value_enum)]
    pub difficulty: Option<DifficultyArg>,
    /// Only questions of this kind. Repeatable.
    #[arg(long = "kind", value_enum, value_name = "K")]
    pub kinds: Vec<KindArg>,
    /// How many questions (default 10).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub count: Option<u32>,
    #[arg(long, value_enum, default_value_t = ModeArg::Practice)]
    pub mode: ModeArg,
    /// Seed for question and choice order: the same seed and filters give the same quiz on
    /// any machine.
    #[arg(long, value_name = "S")]
    pub seed: Option<u64>,
    /// Exam time limit in minutes (decimals allowed); unanswered questions score 0 when it
    /// runs out.
    #[arg(long, value_name = "MINUTES", value_parser = parse_minutes)]
    pub time_limit: Option<f64>,
    /// The role whose targets the session is measured against.
    #[arg(long, value_name = "P")]
    pub profile: Option<String>,
    /// Line-by-line mode with no terminal control, for screen readers and scripts.
    #[arg(long)]
    pub plain: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DifficultyArg {
    Easy,
    Medium,
    Hard,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum KindArg {
    Single,
    Multi,
    TrueFalse,
    Short,
    Numeric,
    Order,
    Match,
    Open,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ModeArg {
    /// Feedback after each answer.
    Practice,
    /// No feedback until the end; optional --time-limit.
    Exam,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Pack to report on (default: the bundled `backend`).
    #[arg(long = "pack", value_name = "ID|PATH")]
    pub pack: Option<String>,
    /// Profile whose targets to compare with (default: the pack's first profile).
    #[arg(long, value_name = "P")]
    pub profile: Option<String>,
    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    pub format: ReportFormat,
    /// Only these categories. Repeatable.
    #[arg(long = "category", value_name = "C")]
    pub categories: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    Text,
    Markdown,
    Json,
    Csv,
}

#[derive(Debug, Args)]
pub struct HistoryArgs {
    #[arg(long, value_enum, default_value_t = StatsFormat::Text)]
    pub format: StatsFormat,
    /// Show at most this many sessions, newest first.
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    #[arg(long, value_enum, default_value_t = ExportFormat::Json)]
    pub format: ExportFormat,
    /// Write to this file instead of standard output.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    Json,
    Csv,
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

fn parse_minutes(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(minutes) if minutes.is_finite() && minutes > 0.0 && minutes <= 24.0 * 60.0 => {
            Ok(minutes)
        }
        _ => Err(format!(
            "`{text}` is not a number of minutes between 0 and 1440"
        )),
    }
}
