//! `glosa serve` (being written).

use std::process::ExitCode;

/// Options of `glosa serve`.
#[derive(Debug, Clone, clap::Args)]
pub struct ServeArgs {
    #[command(flatten)]
    root: super::RootArg,
}

/// Runs `glosa serve`.
pub fn run(args: &ServeArgs) -> ExitCode {
    let _ = &args.root;
    eprintln!("glosa serve is not available in this build yet");
    ExitCode::FAILURE
}
