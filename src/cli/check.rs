//! `glosa check`: builds the site, keeps and writes nothing, and reports every problem at once,
//! sorted by file and line, as rustc-style text or as JSON for CI and editors.

use super::RootArg;
use crate::build::{build_into, BuildOptions};
use crate::diagnostic::report;
use crate::diagnostic::{has_errors, sort_diagnostics, Diagnostic};
use crate::external;
use crate::load::{self, LoadOptions};
use crate::output::Discard;
use std::process::ExitCode;

/// Options of `glosa check`.
#[derive(Debug, Clone, clap::Args)]
pub struct CheckArgs {
    #[command(flatten)]
    root: RootArg,
    /// How to print the problems: `text` (rustc-style, on stderr) or `json` (an array on stdout).
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Fail (exit 1) on warnings too, not only on errors.
    #[arg(long)]
    deny_warnings: bool,
    /// Also ask every http(s) link's server whether it still answers (needs the network; slow).
    #[arg(long)]
    external: bool,
    /// List the entries of content/sources.yaml that have no `archived_url`, each with where to
    /// look for an archived copy (needs no network; with `--external`, after the dead links).
    #[arg(long)]
    suggest_archive: bool,
    /// Also check articles marked `draft: true`.
    #[arg(long)]
    drafts: bool,
}

/// Output formats of `glosa check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// rustc-style diagnostics with the source line and a caret.
    Text,
    /// A JSON array of `{severity, code, file, line, column, message, help}`.
    Json,
}

/// Runs `glosa check`: exit 1 on errors (or on warnings with `--deny-warnings`), 0 otherwise.
pub fn run(args: &CheckArgs) -> ExitCode {
    let diagnostics = diagnose(args);
    if args.suggest_archive {
        suggest_archives(args);
    }
    match args.format {
        Format::Json => println!("{}", report::to_json(&diagnostics)),
        Format::Text if diagnostics.is_empty() => eprintln!("no problems found"),
        Format::Text => eprint!("{}", report::format_all(&diagnostics)),
    }
    if has_errors(&diagnostics) || (args.deny_warnings && !diagnostics.is_empty()) {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// Every problem of the site, errors and warnings, sorted by file and position.
fn diagnose(args: &CheckArgs) -> Vec<Diagnostic> {
    let root = &args.root.root;
    let options = BuildOptions { root: root.clone(), drafts: args.drafts, ..BuildOptions::default() };
    let mut diagnostics = match build_into(&options, &Discard) {
        Ok(summary) => summary.warnings,
        Err(diagnostics) => diagnostics,
    };
    diagnostics.extend(relative_base_url(root));
    if args.external {
        let (content, _) = load::load(root, LoadOptions { drafts: args.drafts, ..LoadOptions::default() });
        let links = external::collect(&content);
        if args.format == Format::Text {
            eprintln!("checking {} external link{}...", links.len(), if links.len() == 1 { "" } else { "s" });
        }
        diagnostics.extend(external::check(&links, external::Limits::default()));
        sort_diagnostics(&mut diagnostics);
    }
    diagnostics
}

/// Prints the registry entries lacking an archived copy, one a line (`key  url  file:line`, then
/// where to look for a copy): on stdout in text format, on stderr when stdout carries JSON.
fn suggest_archives(args: &CheckArgs) {
    let (registry, _) = load::sources::load_registry(&args.root.root, &load::Overlay::default());
    let missing = external::missing_archives(&registry);
    let mut text = match missing.len() {
        0 => "every source in content/sources.yaml has an archived copy (`archived_url`)\n".to_string(),
        n => format!(
            "{n} source{} in content/sources.yaml {} no archived copy; record one as `archived_url`:\n",
            if n == 1 { "" } else { "s" },
            if n == 1 { "has" } else { "have" }
        ),
    };
    for entry in &missing {
        text.push_str(&format!(
            "  {}  {}  ({})\n    look for a copy: {}\n",
            entry.key,
            entry.url,
            entry.location,
            entry.lookup()
        ));
    }
    match args.format {
        Format::Json => eprint!("{text}"),
        Format::Text => print!("{text}"),
    }
}

/// The warning of [`crate::lint::relative_base_url`], for the site.yaml on disk (nothing when it
/// cannot be read: the build said why).
fn relative_base_url(root: &std::path::Path) -> Option<Diagnostic> {
    let file = load::read_source(root, std::path::Path::new("content/site.yaml")).ok()?;
    crate::lint::relative_base_url(&file)
}
