//! `skillgap profile`: the profile you aim for and your exam date.

use crate::cli::ProfileCommand;
use std::path::Path;
use std::process::ExitCode;

pub fn run(command: ProfileCommand, data_dir: Option<&Path>) -> ExitCode {
    let _ = (command, data_dir);
    super::report::fail("profile is being built".to_owned())
}
