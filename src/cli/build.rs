//! `glosa build`: build the site and write it atomically to the output folder.

use super::report;
use super::RootArg;
use crate::build::{build_into, BuildOptions};
use crate::deploy::{self, Precompressing};
use crate::output::{check_out_dir, Sink, Staging};
use crate::theme::pages::write_error;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Instant;

/// Options of `glosa build`.
#[derive(Debug, Clone, clap::Args)]
pub struct BuildArgs {
    #[command(flatten)]
    root: RootArg,
    /// Output folder (default: ROOT/public). It is replaced only when the build succeeds.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Base URL the site is served from, overriding site.yaml (e.g. https://user.github.io/repo/).
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
    let options = BuildOptions { root, base_url: args.base_url.clone(), drafts: args.drafts };
    let stop = stop_on_signals();
    let staging = match Staging::create(&out, Arc::clone(&stop)) {
        Ok(staging) => staging,
        Err(error) => {
            eprintln!("error[io]: cannot create the output folder: {error}");
            return ExitCode::FAILURE;
        }
    };
    let precompressing = Precompressing { inner: &staging };
    let sink: &dyn Sink = if args.precompress { &precompressing } else { &staging };
    let built = build_into(&options, sink).and_then(|summary| {
        if args.headers {
            let headers = deploy::headers_file(summary.paths.iter().map(String::as_str), &summary.base_path);
            sink.put("_headers", headers.into_bytes()).map_err(|e| vec![write_error("_headers", &e)])?;
        }
        Ok(summary)
    });
    let interrupted = || {
        eprintln!("interrupted; the previous output in {} was left as it was", out.display());
        ExitCode::from(130)
    };
    match built {
        Ok(summary) => {
            eprint!("{}", report::format_all(&summary.warnings));
            if let Err(error) = staging.commit() {
                if error.kind() == std::io::ErrorKind::Interrupted {
                    return interrupted();
                }
                eprintln!(
                    "error[io]: cannot write the site: {error}\n  = help: the previous output was left as it was"
                );
                return ExitCode::FAILURE;
            }
            let s = summary.stats;
            println!(
                "built {} article{}, {} term{}, {} pages in {} ms",
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
            eprintln!("the build failed; the previous output in {} was left as it was", out.display());
            ExitCode::FAILURE
        }
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
