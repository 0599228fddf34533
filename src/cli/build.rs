//! `glosa build`: build the site and write it atomically to the output folder.

use super::progress::TerminalProgress;
use super::RootArg;
use crate::build::folder::{build_folder, FolderBuilt, FolderError, FolderOptions, Notice, Refusal};
use crate::build::BuildOptions;
use crate::cache::record::CACHE_DIR;
use crate::diagnostic::report;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use std::time::Instant;

/// Options of `glosa build`.
#[derive(Debug, Clone, clap::Args)]
pub struct BuildArgs {
    #[command(flatten)]
    root: RootArg,
    /// Output folder (default: ROOT/public). It is replaced only when the build succeeds; a folder
    /// given here that is not empty and that no build of this site wrote is replaced only with
    /// --force.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Replace the --out folder even when no build of this site wrote it: everything in it is
    /// deleted.
    #[arg(long)]
    force: bool,
    /// Base URL the site is served from, overriding site.yaml (e.g. https://user.github.io/repo/).
    // The comment is the option's --help text, where a URL is plain text, not a rustdoc link.
    #[allow(rustdoc::bare_urls)]
    #[arg(long, value_name = "URL")]
    base_url: Option<String>,
    /// Include articles marked `draft: true`.
    #[arg(long)]
    drafts: bool,
    /// Also write `_headers` (Netlify, Cloudflare Pages): a strict Content-Security-Policy, security
    /// headers, and caching forever for fingerprinted assets.
    #[arg(long)]
    headers: bool,
    /// Also write `.gz` and `.br` beside HTML, CSS, JS, JSON, XML, SVG and text files, for hosts
    /// that serve precompressed files.
    #[arg(long)]
    precompress: bool,
    /// Keep every page whose inputs are unchanged as the previous build left it in the output
    /// folder, and reuse rendered Markdown, instead of rendering again (kept in ROOT/.glosa-cache/).
    /// The output is byte for byte a clean build's.
    #[arg(long)]
    incremental: bool,
    /// Show no progress bar (it shows only while stderr is a terminal anyway).
    #[arg(long, short)]
    quiet: bool,
}

/// Runs `glosa build`: the flags into options, the build, and what came of it.
pub fn run(args: &BuildArgs) -> ExitCode {
    let started = Instant::now();
    let root = args.root.root.clone();
    let progress = TerminalProgress::new(args.quiet);
    let options = FolderOptions {
        out: args.out.clone().unwrap_or_else(|| root.join("public")),
        build: BuildOptions { root, base_url: args.base_url.clone(), drafts: args.drafts, progress: progress.handle() },
        chosen: args.out.is_some(),
        force: args.force,
        headers: args.headers,
        precompress: args.precompress,
        incremental: args.incremental,
    };
    let built = build_folder(&options, stop_on_signals(), &|notice| {
        progress.clear();
        eprintln!("{}", describe(&notice, &options.out));
    });
    progress.clear();
    match built {
        Ok(built) => {
            report_built(&built, &options, started);
            ExitCode::SUCCESS
        }
        Err(error) => report_failure(error, &options.out),
    }
}

/// Prints the warnings of a committed build, what went wrong after, and the summary line.
fn report_built(built: &FolderBuilt, options: &FolderOptions, started: Instant) {
    eprint!("{}", report::format_all(&built.summary.warnings));
    for notice in &built.afterwards {
        eprintln!("{}", describe(notice, &options.out));
    }
    let s = built.summary.stats;
    let kept = if options.incremental {
        format!(" ({} files unchanged, kept from the previous build)", built.kept)
    } else {
        String::new()
    };
    let images = match (s.images_made, s.images_reused) {
        (0, 0) => String::new(),
        (made, reused) => format!(", {made} image variants made, {reused} reused"),
    };
    println!(
        "built {} article{}, {} term{}, {} pages{kept}{images} in {} ms",
        s.articles,
        if s.articles == 1 { "" } else { "s" },
        s.terms,
        if s.terms == 1 { "" } else { "s" },
        s.pages,
        started.elapsed().as_millis()
    );
}

/// Prints why the build did not reach the output folder `out`, and says how the process exits.
fn report_failure(error: FolderError, out: &Path) -> ExitCode {
    let left_as_it_was = || {
        if out.exists() {
            format!("the previous output in {} was left as it was", out.display())
        } else {
            format!("nothing was written to {}", out.display())
        }
    };
    match error {
        FolderError::Refused(Refusal::OutDir(why)) => eprintln!("error: {why}"),
        FolderError::Refused(Refusal::BaseUrl(problem)) => eprintln!(
            "error: --base-url cannot be used: {problem}\n  = help: the address the site is served from, e.g. https://example.org/sub/"
        ),
        FolderError::Refused(Refusal::NotOurs) => eprintln!(
            "error: refusing to replace {}: it is not empty, and no build of this site wrote it (or its files changed since)\n  = help: give --out a new or empty folder, or add --force to delete it and everything in it",
            out.display()
        ),
        FolderError::Staging(error) => eprintln!("error[io]: cannot create the output folder: {error}"),
        FolderError::Failed(diagnostics) => {
            eprint!("{}", report::format_all(&diagnostics));
            eprintln!("the build failed; {}", left_as_it_was());
        }
        FolderError::Interrupted => {
            eprintln!("interrupted; {}", left_as_it_was());
            return ExitCode::from(130);
        }
        FolderError::Commit { error, in_place } => {
            let help = if !in_place {
                "the previous output was left as it was"
            } else {
                "the output folder may be partly updated; building again completes it"
            };
            eprintln!("error[io]: cannot write the site: {error}\n  = help: {help}");
        }
    }
    ExitCode::FAILURE
}

/// A notice as the terminal shows it.
fn describe(notice: &Notice, out: &Path) -> String {
    match notice {
        Notice::NoIncremental(error) => {
            format!("note: building without --incremental: cannot read glosa's own executable: {error}")
        }
        Notice::RecordUnusable(reason) => {
            format!("note: rendering every page: the record of the previous build cannot be used: {reason}")
        }
        Notice::RecordNotWritten(path, error) => format!(
            "warning[io]: cannot update {}: {error}\n  = help: the next `glosa build --incremental` renders every page",
            path.display()
        ),
        Notice::OutputNotMarked(error) => format!(
            "warning[io]: cannot note in {CACHE_DIR}/ that this build wrote {}: {error}\n  = help: the next build with --out {} needs --force",
            out.display(),
            out.display()
        ),
    }
}

/// A flag set by SIGINT or SIGTERM: from then on every write into the staging folder fails, the
/// build stops, the staging folder is removed and the previous output stays as it was. If a
/// handler cannot be installed the default stays (the process ends at once; the staging folder,
/// named after the process, is replaced by the next build).
fn stop_on_signals() -> Arc<AtomicBool> {
    let stop = Arc::new(AtomicBool::new(false));
    for signal in [signal_hook::consts::SIGINT, signal_hook::consts::SIGTERM] {
        let _ = signal_hook::flag::register(signal, Arc::clone(&stop));
    }
    stop
}
