//! `glosa init` (being written).

use std::process::ExitCode;

/// Options of `glosa init`.
#[derive(Debug, Clone, clap::Args)]
pub struct InitArgs {
    #[command(flatten)]
    root: super::RootArg,
}

/// Runs `glosa init`.
pub fn run(args: &InitArgs) -> ExitCode {
    let _ = &args.root;
    eprintln!("glosa init is not available in this build yet");
    ExitCode::FAILURE
}
