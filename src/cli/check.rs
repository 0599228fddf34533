//! `glosa check` (being written).

use std::process::ExitCode;

/// Options of `glosa check`.
#[derive(Debug, Clone, clap::Args)]
pub struct CheckArgs {
    #[command(flatten)]
    root: super::RootArg,
}

/// Runs `glosa check`.
pub fn run(args: &CheckArgs) -> ExitCode {
    let _ = &args.root;
    eprintln!("glosa check is not available in this build yet");
    ExitCode::FAILURE
}
