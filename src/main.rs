//! The `glosa` command.

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    glosa::cli::run(glosa::cli::Cli::parse())
}
