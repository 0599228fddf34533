//! `glosa lsp`: the language server for editors, over standard input and output.

use std::process::ExitCode;

/// Options of `glosa lsp`.
#[derive(Debug, Clone, clap::Args)]
pub struct LspArgs {
    /// Talk over standard input and output (the only way; accepted because editors' clients
    /// pass it).
    #[arg(long)]
    stdio: bool,
}

/// Runs the language server until the editor shuts it down: exit 0, or 1 when the connection
/// failed (said on standard error, which editors show in their log).
pub fn run(_args: &LspArgs) -> ExitCode {
    match crate::lsp::run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}
