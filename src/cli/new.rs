//! `glosa new` (being written).

use std::process::ExitCode;

/// What `glosa new` creates.
#[derive(Debug, Clone, clap::Subcommand)]
pub enum NewCommand {
    /// A new article in content/articles/.
    Article(NewArgs),
}

/// Options of `glosa new article|term`.
#[derive(Debug, Clone, clap::Args)]
pub struct NewArgs {
    #[command(flatten)]
    root: super::RootArg,
}

/// Runs `glosa new`.
pub fn run(command: &NewCommand) -> ExitCode {
    let _ = command;
    eprintln!("glosa new is not available in this build yet");
    ExitCode::FAILURE
}
