//! The `skillgap` binary: parse the command line, hand over to the library.

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    skillgap::cli::run(skillgap::cli::args::Cli::parse())
}
