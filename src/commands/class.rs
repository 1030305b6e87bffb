//! `skillgap class`: aggregate students' exported results into a class report.

use crate::cli::ClassArgs;
use std::path::Path;
use std::process::ExitCode;

pub fn run(args: ClassArgs, data_dir: Option<&Path>) -> ExitCode {
    let _ = (args, data_dir);
    super::report::fail("class is being built".to_owned())
}
