//! `glosa import` (being written).

use std::process::ExitCode;

/// Options of `glosa import`.
#[derive(Debug, Clone, clap::Args)]
pub struct ImportArgs {
    #[command(flatten)]
    root: super::RootArg,
}

/// Runs `glosa import`.
pub fn run(args: &ImportArgs) -> ExitCode {
    let _ = &args.root;
    eprintln!("glosa import is not available in this build yet");
    ExitCode::FAILURE
}
