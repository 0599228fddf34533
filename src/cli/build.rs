//! `glosa build`: build the site and write it atomically to the output folder.

use super::RootArg;
use crate::build::{build_into, build_reusing, BuildOptions};
use crate::cache::bodies::BodyCache;
use crate::cache::pages::PageKeys;
use crate::cache::record::{executable_hash, BuildRecord, Reusable};
use crate::deploy::{self, Precompressing};
use crate::diagnostic::report;
use crate::output::write_error;
use crate::output::{check_out_dir, Committed, Sink, Staging};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
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
}

/// Runs `glosa build`.
pub fn run(args: &BuildArgs) -> ExitCode {
    let started = Instant::now();
    let root = args.root.root.clone();
    let out = args.out.clone().unwrap_or_else(|| root.join("public"));
    if let Err(message) = check_out_dir(&root, &out) {
        eprintln!("error: {message}");
        return ExitCode::FAILURE;
    }
    if let Some(problem) = args.base_url.as_deref().and_then(crate::model::base_url_problem) {
        eprintln!("error: --base-url cannot be used: {problem}\n  = help: the address the site is served from, e.g. https://example.org/sub/");
        return ExitCode::FAILURE;
    }
    if args.out.is_some() && !args.force && !replaceable(&root, &out) {
        eprintln!(
            "error: refusing to replace {}: it is not empty, and no build of this site wrote it (or its files changed since)\n  = help: give --out a new or empty folder, or add --force to delete it and everything in it",
            out.display()
        );
        return ExitCode::FAILURE;
    }
    let options = BuildOptions { root, base_url: args.base_url.clone(), drafts: args.drafts };
    let stop = stop_on_signals();
    let staging = match Staging::create(&out, Arc::clone(&stop)) {
        Ok(staging) => staging,
        Err(error) => {
            eprintln!("error[io]: cannot create the output folder: {error}");
            return ExitCode::FAILURE;
        }
    };
    let reusable = args.incremental.then(|| previous_build(&options.root, &out, args.precompress)).flatten();
    let (staging, previous) = match reusable {
        Some((Reusable { pages, files }, bodies)) => (staging.reusing(files), Some((pages, bodies))),
        None => (staging, None),
    };
    let precompressing = Precompressing { inner: &staging };
    let sink: &dyn Sink = if args.precompress { &precompressing } else { &staging };
    let built = match previous {
        Some((pages, bodies)) => {
            build_reusing(&options, sink, pages, bodies).map(|(summary, keys)| (summary, Some(keys)))
        }
        None => build_into(&options, sink).map(|summary| (summary, None)),
    };
    let built = built.and_then(|(summary, keys)| {
        if args.headers {
            let headers = deploy::headers_file(summary.paths.iter().map(String::as_str), &summary.base_path);
            sink.put("_headers", headers.into_bytes()).map_err(|e| vec![write_error("_headers", &e)])?;
        }
        Ok((summary, keys))
    });
    let left_as_it_was = || {
        if out.exists() {
            format!("the previous output in {} was left as it was", out.display())
        } else {
            format!("nothing was written to {}", out.display())
        }
    };
    let interrupted = || {
        eprintln!("interrupted; {}", left_as_it_was());
        ExitCode::from(130)
    };
    match built {
        Ok((summary, keys)) => {
            eprint!("{}", report::format_all(&summary.warnings));
            let reused = staging.reused();
            let in_place = staging.updates_in_place();
            let committed = match staging.commit() {
                Ok(committed) => committed,
                Err(error) if error.kind() == std::io::ErrorKind::Interrupted => return interrupted(),
                Err(error) => {
                    let help = if !in_place {
                        "the previous output was left as it was"
                    } else {
                        "the output folder may be partly updated; building again completes it"
                    };
                    eprintln!("error[io]: cannot write the site: {error}\n  = help: {help}");
                    return ExitCode::FAILURE;
                }
            };
            record_build(&options.root, &out, args.precompress, keys.map(|keys| (keys, committed)));
            let marked =
                if args.out.is_some() { crate::cache::record::mark_output(&options.root, &out) } else { Ok(()) };
            if let Err(error) = marked {
                eprintln!(
                    "warning[io]: cannot note in {}/ that this build wrote {}: {error}\n  = help: the next build with --out {} needs --force",
                    crate::cache::record::CACHE_DIR,
                    out.display(),
                    out.display()
                );
            }
            let s = summary.stats;
            let reused = if args.incremental {
                format!(" ({reused} files unchanged, kept from the previous build)")
            } else {
                String::new()
            };
            println!(
                "built {} article{}, {} term{}, {} pages{reused} in {} ms",
                s.articles,
                if s.articles == 1 { "" } else { "s" },
                s.terms,
                if s.terms == 1 { "" } else { "s" },
                s.pages,
                started.elapsed().as_millis()
            );
            ExitCode::SUCCESS
        }
        Err(_) if stop.load(Ordering::SeqCst) => interrupted(),
        Err(diagnostics) => {
            eprint!("{}", report::format_all(&diagnostics));
            eprintln!("the build failed; {}", left_as_it_was());
            ExitCode::FAILURE
        }
    }
}

/// Whether a build may replace the output folder `out` without `--force`: it does not exist, is
/// an empty folder, or a build of the site at `root` wrote it. (The default `ROOT/public` is
/// always glosa's, as a generator's output folder is.)
fn replaceable(root: &Path, out: &Path) -> bool {
    match std::fs::read_dir(out) {
        Ok(mut entries) => entries.next().is_none() || crate::cache::record::wrote_output(root, out),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => true,
        Err(_) => crate::cache::record::wrote_output(root, out),
    }
}

/// What earlier builds left for an incremental build of `out`: the record of the build that
/// wrote `out` (empty, with a note saying why when there was one, if it cannot be used) and the
/// kept bodies. None, with a note, when glosa cannot tell its own version (its executable is
/// unreadable): the build is then a clean one.
fn previous_build(root: &Path, out: &Path, precompress: bool) -> Option<(Reusable, BodyCache)> {
    let salt = match executable_hash() {
        Ok(salt) => salt,
        Err(error) => {
            eprintln!("note: building without --incremental: cannot read glosa's own executable: {error}");
            return None;
        }
    };
    let record = BuildRecord::reusable(root, out, precompress).unwrap_or_else(|reason| {
        if let Some(reason) = reason {
            eprintln!("note: rendering every page: the record of the previous build cannot be used: {reason}");
        }
        Reusable::default()
    });
    Some((record, BodyCache::open(root, salt)))
}

/// After a committed build: records its page keys and files for the next incremental build, or
/// removes the record of an earlier one, which no longer describes the output folder. A record
/// that cannot be written only costs the next incremental build its reuse, so it is a warning.
fn record_build(root: &Path, out: &Path, precompress: bool, built: Option<(PageKeys, Committed)>) {
    let recorded = match built {
        Some((keys, committed)) => committed
            .stamps()
            .and_then(|files| BuildRecord::of_output(out, precompress, keys, files))
            .and_then(|record| record.write(root)),
        None => BuildRecord::remove(root, out),
    };
    if let Err(error) = recorded {
        eprintln!(
            "warning[io]: cannot update {}: {error}\n  = help: the next `glosa build --incremental` renders every page",
            BuildRecord::path(root, out).display()
        );
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
