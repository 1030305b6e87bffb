//! `skillgap exam new`: write a reproducible exam file for a class.

use crate::cli::ExamCommand;
use std::path::Path;
use std::process::ExitCode;

pub fn run(command: ExamCommand, data_dir: Option<&Path>) -> ExitCode {
    let _ = (command, data_dir);
    super::report::fail("exam is being built".to_owned())
}
