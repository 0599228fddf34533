//! `glosa serve`: build into memory, serve on loopback, rebuild and reload on every change.

use crate::serve::{serve, ServeOptions};
use std::net::{IpAddr, Ipv4Addr};
use std::process::ExitCode;

/// Options of `glosa serve`.
#[derive(Debug, Clone, clap::Args)]
pub struct ServeArgs {
    #[command(flatten)]
    root: super::RootArg,
    /// Address to listen on. Only loopback by default; `0.0.0.0` exposes the site to the network.
    #[arg(long, default_value_t = IpAddr::V4(Ipv4Addr::LOCALHOST), value_name = "ADDR")]
    bind: IpAddr,
    /// Port to listen on (0 picks a free one; the URL is printed).
    #[arg(long, default_value_t = 1111)]
    port: u16,
    /// Open the site in the default browser.
    #[arg(long)]
    open: bool,
    /// Include articles marked `draft: true`.
    #[arg(long)]
    drafts: bool,
}

/// Runs `glosa serve` until Ctrl-C.
pub fn run(args: &ServeArgs) -> ExitCode {
    let options = ServeOptions {
        root: args.root.root.clone(),
        bind: args.bind,
        port: args.port,
        drafts: args.drafts,
        open: args.open,
    };
    match serve(&options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            if matches!(error, crate::serve::ServeError::Bind { .. }) {
                eprintln!(
                    "  = help: is another `glosa serve` running? pass another `--port`, or `--port 0` for any free one"
                );
            }
            ExitCode::FAILURE
        }
    }
}
