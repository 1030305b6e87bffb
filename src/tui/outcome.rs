//! How a run of the terminal app ended, for the command line to turn into output and an
//! exit code (the TUI never imports the CLI layer).

/// How the app (or the class view) ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Left as the user asked.
    Done,
    /// Not started, and that is fine: `message` says what to use instead (no terminal).
    Told(String),
    /// Ended by a signal (its number).
    Signal(usize),
    /// Could not run or went wrong: `message` says what happened and what to do.
    Failed(String),
}
