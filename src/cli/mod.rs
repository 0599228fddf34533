//! The command line: one module per subcommand, clap derive with doc comments as help; every
//! diagnostic is printed through the one reporting layer, [`crate::diagnostic::report`].

pub mod build;
pub mod check;
pub mod import;
pub mod init;
pub mod lsp;
pub mod new;
mod progress;
pub mod serve;

use clap::{Parser, Subcommand};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// glosa: a static site generator for annotated explainers.
#[derive(Debug, Parser)]
#[command(name = "glosa", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site from content/ and the theme into public/.
    Build(build::BuildArgs),
    /// Check the whole site for problems without writing anything.
    Check(check::CheckArgs),
    /// Build, serve on 127.0.0.1 and rebuild + reload the browser on every change.
    Serve(serve::ServeArgs),
    /// Create a new article or glossary term from a template.
    #[command(subcommand)]
    New(new::NewCommand),
    /// Create a new site that builds at once.
    Init(init::InitArgs),
    /// Turn a plain-text article into an annotated-Markdown skeleton.
    Import(import::ImportArgs),
    /// Run the language server for editors (diagnostics, completion, hovers... over stdio).
    Lsp(lsp::LspArgs),
}

/// Options every command that reads a site takes.
#[derive(Debug, Clone, clap::Args)]
pub struct RootArg {
    /// The site root, holding content/ (and themes/).
    #[arg(long, default_value = ".", value_name = "DIR")]
    pub root: PathBuf,
}

impl RootArg {
    /// The site root when it holds a `content/` folder; otherwise prints why not and a hint.
    pub fn site(&self) -> Option<&Path> {
        if self.root.join("content").is_dir() {
            return Some(&self.root);
        }
        eprintln!(
            "error: no content/ folder in {}\n  = help: run `glosa init DIR` to create a site, or pass --root DIR",
            self.root.display()
        );
        None
    }
}

/// Runs the parsed command line and returns the process exit code.
pub fn run(cli: Cli) -> ExitCode {
    match cli.command {
        Command::Build(args) => build::run(&args),
        Command::Check(args) => check::run(&args),
        Command::Serve(args) => serve::run(&args),
        Command::New(command) => new::run(&command),
        Command::Init(args) => init::run(&args),
        Command::Import(args) => import::run(&args),
        Command::Lsp(args) => lsp::run(&args),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn command_line_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
