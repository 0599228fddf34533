//! `glosa build`: build the site and write it atomically to the output folder.

use super::report;
use super::RootArg;
use crate::build::{build, BuildOptions};
use crate::deploy::{self, DeployOptions};
use crate::output::check_out_dir;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::AtomicBool;
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
    match build(&options) {
        Ok(mut built) => {
            eprint!("{}", report::format_all(&built.warnings));
            let deploy = DeployOptions { headers: args.headers, precompress: args.precompress };
            if let Err(error) = deploy::apply(&mut built.output, &built.base_path, deploy) {
                eprintln!("error[io]: cannot compress the site: {error}");
                return ExitCode::FAILURE;
            }
            let stop = stop_on_signals();
            if let Err(error) = built.output.write_atomic_unless(&out, &stop) {
                if error.kind() == std::io::ErrorKind::Interrupted {
                    eprintln!("interrupted; the previous output in {} was left as it was", out.display());
                    return ExitCode::from(130);
                }
                eprintln!(
                    "error[io]: cannot write the site: {error}\n  = help: the previous output was left as it was"
                );
                return ExitCode::FAILURE;
            }
            let s = built.stats;
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
        Err(diagnostics) => {
            eprint!("{}", report::format_all(&diagnostics));
            eprintln!("the build failed; the previous output in {} was left as it was", out.display());
            ExitCode::FAILURE
        }
    }
}

/// A flag set by SIGINT or SIGTERM, installed only around the write: while the site is built in
/// memory the default handlers end the process at once (nothing is on disk yet); while it is
/// written, a signal makes [`crate::output::Output::write_atomic_unless`] remove its temporary
/// folder and keep the previous output. If a handler cannot be installed the default stays.
fn stop_on_signals() -> Arc<AtomicBool> {
    let stop = Arc::new(AtomicBool::new(false));
    for signal in [signal_hook::consts::SIGINT, signal_hook::consts::SIGTERM] {
        let _ = signal_hook::flag::register(signal, Arc::clone(&stop));
    }
    stop
}
