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
    /// Check, inspect, author, install and convert question packs.
    #[command(subcommand)]
    Pack(PackCommand),
    /// Reproducible exams for a class: every student gets the same questions in the same order.
    #[command(subcommand)]
    Exam(ExamCommand),
    /// A class report from students' exported results: class gap chart, students x
    /// categories, item statistics.
    Class(ClassArgs),
    /// Settings of a profile, such as the date of the exam you are preparing for.
    #[command(subcommand)]
    Profile(ProfileCommand),
}

#[derive(Debug, Args)]
pub struct QuizArgs {
    /// Pack to draw from: a pack file or directory, `backend` (bundled) or an installed pack's
    /// id. Repeatable.
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
    /// How many questions (default 10; for placement, the most it asks: default 60).
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
    /// Continue the last unfinished session where it stopped.
    #[arg(long, conflicts_with_all = ["retake_wrong", "exam"])]
    pub resume: bool,
    /// Ask again what a session missed (default: the latest session with answers; ids are in
    /// `skillgap history`).
    #[arg(long, value_name = "SESSION_ID", num_args = 0..=1, default_missing_value = "last", conflicts_with = "exam")]
    pub retake_wrong: Option<String>,
    /// Ask how sure you are (low / medium / high) before each answer is revealed.
    #[arg(long)]
    pub confidence: bool,
    /// Placement: also ask Open (self-assessed) questions.
    #[arg(long)]
    pub include_open: bool,
    /// Run a teacher's exam file: its pack, seed, count, filters and time limit.
    #[arg(long, value_name = "FILE")]
    pub exam: Option<PathBuf>,
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
    /// The daily session: due questions first, then questions that shrink your largest gaps.
    Review,
    /// Only the questions that are due for review.
    Due,
    /// Find your gaps fast: each question picked from the category whose verdict against the
    /// profile's target is nearest, until every category is decided (or --count answers).
    Placement,
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
    /// Mastery per category over time instead of the gap chart.
    #[arg(long, conflicts_with = "calibration")]
    pub trend: bool,
    /// How often you are right when sure, per category; flags confidently wrong answers.
    #[arg(long)]
    pub calibration: bool,
    /// Write the report to this file instead of standard output (`--format html`: one
    /// self-contained page with every chart).
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    Text,
    Markdown,
    Json,
    Csv,
    /// One self-contained HTML page with charts (no network, no script).
    Html,
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
    /// The student's name, written into the file so a teacher can tell results apart.
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
    /// Only the sessions that ran this exam file.
    #[arg(long, value_name = "FILE", conflicts_with = "session")]
    pub exam: Option<PathBuf>,
    /// Only this session.
    #[arg(long, value_name = "ID")]
    pub session: Option<i64>,
    /// Write to this file instead of standard output.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    Json,
    Csv,
}

/// Formats `pack import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SourceFormat {
    Gift,
    MoodleXml,
    Aiken,
}

/// Formats `pack export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TargetFormat {
    Gift,
    MoodleXml,
    Aiken,
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
    /// Write a commented template pack (every question kind shown once) to start from.
    New {
        /// Directory to create (it must not exist or be empty).
        #[arg(value_name = "DIR")]
        dir: PathBuf,
    },
    /// Quality warnings beyond validity, each with file:line:col.
    Lint {
        /// Pack files or directories, `backend`, or installed pack ids.
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<String>,
        /// Treat warnings as errors (exit 1).
        #[arg(long)]
        strict: bool,
    },
    /// Validate a pack and copy it into the data directory so quizzes can use it by id.
    Install {
        #[arg(value_name = "PATH")]
        path: PathBuf,
        /// Replace an installed pack with the same id even if it is a different pack.
        #[arg(long)]
        force: bool,
    },
    /// Installed packs: id, title, version, questions, source.
    List {
        #[arg(long, value_enum, default_value_t = StatsFormat::Text)]
        format: StatsFormat,
    },
    /// Remove an installed pack (answers given to it stay in the history).
    Remove {
        #[arg(value_name = "ID")]
        id: String,
    },
    /// Convert a question file into a pack: Moodle GIFT, Moodle XML or Aiken (the format
    /// from the extension, or `--from`). Prints one summary line; warnings go to stderr.
    Import {
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// Where to write the pack (default: FILE with the extension `.ron`).
        #[arg(short = 'o', long = "output", value_name = "OUT.ron")]
        output: Option<PathBuf>,
        /// The file's format, when its extension does not say.
        #[arg(long, value_enum, value_name = "FORMAT")]
        from: Option<SourceFormat>,
        /// Anki packages: carry each card's review history over: its FSRS memory and Anki's
        /// due date become the question's schedule in your data, so cards come due when Anki
        /// would show them.
        #[arg(long)]
        with_history: bool,
    },
    /// Write a pack as Moodle GIFT, Moodle XML or Aiken, reporting what the format cannot hold.
    Export {
        /// Pack file or directory, `backend`, or an installed pack's id.
        #[arg(value_name = "PACK")]
        pack: String,
        #[arg(long, value_enum, value_name = "FORMAT")]
        to: TargetFormat,
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: PathBuf,
    },
    /// Convert a Moodle GIFT file into a pack (the same as `pack import --from gift`).
    ImportGift {
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// Where to write the pack (default: FILE with the extension `.ron`).
        #[arg(short = 'o', long = "output", value_name = "OUT.ron")]
        output: Option<PathBuf>,
    },
    /// Write a pack as Moodle GIFT for uploading to Moodle (the same as `pack export --to gift`).
    ExportGift {
        #[arg(value_name = "PACK")]
        pack: String,
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: PathBuf,
    },
    /// Fit each question's difficulty from students' results files and write a calibrated
    /// copy of the pack (the model then uses the fitted difficulties).
    Calibrate {
        #[arg(value_name = "PACK")]
        pack: String,
        /// Results files written by `skillgap export --name NAME`.
        #[arg(required = true, value_name = "RESULTS")]
        results: Vec<PathBuf>,
        /// Where to write the calibrated pack (default: PACK-ID.calibrated.ron).
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
        /// Questions with fewer answers keep their authored label.
        #[arg(long, default_value_t = 20, value_name = "N")]
        min_answers: usize,
    },
}

#[derive(Debug, Subcommand)]
pub enum ExamCommand {
    /// Write an exam file for a pack from the options, checked against the pack.
    New(ExamNewArgs),
}

#[derive(Debug, Args)]
pub struct ExamNewArgs {
    /// The pack the exam draws from: an installed id, `backend`, or a path.
    #[arg(long, value_name = "ID|PATH")]
    pub pack: String,
    /// Where to write the exam file.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: PathBuf,
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub count: Option<u32>,
    #[arg(long, value_name = "S")]
    pub seed: Option<u64>,
    #[arg(long = "category", value_name = "C")]
    pub categories: Vec<String>,
    /// Only questions with this tag. Repeatable (any of them).
    #[arg(long = "tag", value_name = "T")]
    pub tags: Vec<String>,
    #[arg(long = "kind", value_enum, value_name = "K")]
    pub kinds: Vec<KindArg>,
    #[arg(long, value_enum)]
    pub difficulty: Option<DifficultyArg>,
    #[arg(long, value_name = "MINUTES", value_parser = parse_minutes)]
    pub time_limit: Option<f64>,
    /// Show feedback after each answer (default: only at the end).
    #[arg(long)]
    pub feedback: bool,
    #[arg(long, value_name = "TITLE")]
    pub title: Option<String>,
}

#[derive(Debug, Args)]
pub struct ClassArgs {
    /// Result files written by `skillgap export --name ...`.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    pub format: ReportFormat,
    /// The pack the results belong to (default: found from the files, installed or bundled).
    #[arg(long = "pack", value_name = "ID|PATH")]
    pub pack: Option<String>,
    /// Profile whose targets the class gap chart compares with.
    #[arg(long, value_name = "P")]
    pub profile: Option<String>,
    /// Open the class view in the terminal app.
    #[arg(long)]
    pub tui: bool,
    /// Write the report to this file instead of standard output.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Students a question needs before it is flagged; below it the statistics are
    /// indicative.
    #[arg(long, value_name = "N", default_value_t = crate::cohort::DEFAULT_MIN_STUDENTS)]
    pub min_students: usize,
}

#[derive(Debug, Subcommand)]
pub enum ProfileCommand {
    /// Choose the profile you aim for and, optionally, the date of your exam.
    Set {
        /// Profile id, e.g. `junior` (default: the one already chosen, or the pack's first).
        #[arg(value_name = "PROFILE")]
        profile: Option<String>,
        /// Target date, YYYY-MM-DD; `none` clears it.
        #[arg(long, value_name = "DATE")]
        date: Option<String>,
        #[arg(long = "pack", value_name = "ID|PATH")]
        pack: Option<String>,
        /// Share of questions you want to still recall when they come back for review
        /// (0.70 to 0.99; default 0.90). Higher means more frequent reviews.
        #[arg(long, value_name = "R", value_parser = parse_retention)]
        retention: Option<f64>,
        /// Ask how sure you are in every quiz, as `--confidence` does.
        #[arg(long, value_enum, value_name = "on|off")]
        confidence: Option<Switch>,
    },
    /// The chosen profile and its target date.
    Show {
        #[arg(long = "pack", value_name = "ID|PATH")]
        pack: Option<String>,
    },
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Switch {
    On,
    Off,
}

fn parse_retention(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(r) if (0.70..=0.99).contains(&r) => Ok(r),
        _ => Err(format!(
            "`{text}` is not a retention between 0.70 and 0.99 (0.90 means 90% recall)"
        )),
    }
}

fn parse_minutes(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(minutes) if minutes.is_finite() && minutes > 0.0 && minutes <= 24.0 * 60.0 => {
            Ok(minutes)
        }
        _ => Err(format!(
            "`{text}` is not a number of minutes more than 0 and at most 1440"
        )),
    }
}
