//! Serve stage: `glosa serve` — build the site into memory, serve it on loopback, watch the
//! sources, rebuild on every change and reload open pages; a broken edit keeps the last good
//! site served and shows its errors in the terminal and in an overlay on the page.
//!
//! [`watch`] turns file events into [`watch::Change`]s, [`rebuild::Rebuilder`] turns changes
//! into a build, [`state::Shared`] holds what is served, [`http`] serves it and [`reload`] tells
//! open pages (with the [`overlay`] status) what happened.

pub mod http;
pub mod overlay;
pub mod path;
pub mod rebuild;
pub mod reload;
pub mod site;
pub mod state;
pub mod watch;

use crate::diagnostic::report;
use overlay::Status;
use rebuild::{Rebuilder, Rebuilt};
use site::ServedSite;
use state::Shared;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

/// What to serve, and where.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The site root (holding `content/` and `themes/`).
    pub root: PathBuf,
    /// The address to listen on (loopback unless asked otherwise).
    pub bind: IpAddr,
    /// The port (0 picks a free one).
    pub port: u16,
    /// Include draft articles.
    pub drafts: bool,
    /// Open the site in the browser once it is served.
    pub open: bool,
}

/// Why serving could not start or went wrong.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// The site root does not exist.
    #[error("the site root {} cannot be opened: {source}", root.display())]
    Root {
        /// The root given.
        root: PathBuf,
        /// What the OS said.
        source: std::io::Error,
    },
    /// The address is taken or not ours.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address asked for.
        addr: SocketAddr,
        /// What the OS said.
        source: std::io::Error,
    },
    /// The async runtime could not start.
    #[error("cannot start the server: {0}")]
    Runtime(#[source] std::io::Error),
}

/// Serves the site until Ctrl-C (or SIGTERM), then shuts down cleanly.
pub fn serve(options: &ServeOptions) -> Result<(), ServeError> {
    let root = options.root.canonicalize().map_err(|source| ServeError::Root { root: options.root.clone(), source })?;
    let addr = SocketAddr::new(options.bind, options.port);
    let listener = std::net::TcpListener::bind(addr).map_err(|source| ServeError::Bind { addr, source })?;
    let local = listener.local_addr().map_err(|source| ServeError::Bind { addr, source })?;
    listener.set_nonblocking(true).map_err(|source| ServeError::Bind { addr, source })?;
    let origin = origin(local);

    let mut rebuilder = Rebuilder::new(&root, options.drafts, &origin);
    let started = Instant::now();
    let (site, status) = match rebuilder.rebuild(&[]) {
        Ok(rebuilt) => {
            eprint!("{}", report::format_all(&rebuilt.built.warnings));
            println!("{}{}", summary(&rebuilt, started), reused_bodies(&rebuilt));
            keep_bodies(&mut rebuilder);
            (ServedSite::new(&rebuilt.built.output, &rebuilt.base_path), Status::ok())
        }
        Err(diagnostics) => {
            eprint!("{}", report::format_all(&diagnostics));
            eprintln!("the build failed; the page shows the errors until a saved edit fixes them");
            (ServedSite::empty(), Status::failed(&diagnostics))
        }
    };
    let url = format!("{origin}{}", rebuild::site_base_path(&root));
    let shared = Arc::new(Shared::new(site, status));
    if options.bind.is_unspecified() {
        eprintln!("note: listening on every network interface ({})", local);
    }
    println!("serving {url} (rebuilds on every change in content/ and themes/; Ctrl-C stops)");

    let (watcher, rebuild_thread) = match watch::watch(&root) {
        Ok((watcher, changes)) => {
            let shared = Arc::clone(&shared);
            let thread = std::thread::spawn(move || {
                while let Some(batch) = changes.next_batch() {
                    apply(&shared, &mut rebuilder, &batch);
                }
            });
            (Some(watcher), Some(thread))
        }
        Err(error) => {
            eprintln!("warning: {error}; the site is served but will not rebuild on changes");
            (None, None)
        }
    };
    if options.open {
        open_browser(&url);
    }

    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().map_err(ServeError::Runtime)?;
    let served = runtime.block_on(async {
        let listener = tokio::net::TcpListener::from_std(listener)?;
        let stop = {
            let shared = Arc::clone(&shared);
            async move {
                stop_signal().await;
                shared.close_streams();
            }
        };
        http::run(listener, http::router(shared, http::Hosts::listening_at(local)), stop).await;
        Ok::<(), std::io::Error>(())
    });
    runtime.shutdown_timeout(std::time::Duration::from_secs(1));
    drop(watcher);
    if let Some(thread) = rebuild_thread {
        let _ = thread.join();
    }
    println!("stopped");
    served.map_err(ServeError::Runtime)
}

/// Rebuilds after `changes` and publishes the result, reporting it in the terminal.
fn apply(shared: &Shared, rebuilder: &mut Rebuilder, changes: &[watch::Change]) {
    let started = Instant::now();
    let what = describe(changes);
    match rebuilder.rebuild(changes) {
        Ok(rebuilt) => {
            eprint!("{}", report::format_all(&rebuilt.built.warnings));
            shared.publish_site(ServedSite::new(&rebuilt.built.output, &rebuilt.base_path));
            println!("{what}: re{}", summary(&rebuilt, started));
            keep_bodies(rebuilder);
        }
        Err(diagnostics) => {
            eprint!("{}", report::format_all(&diagnostics));
            eprintln!(
                "{what}: the rebuild failed in {} ms; still serving the last good site",
                started.elapsed().as_millis()
            );
            shared.publish_failure(Status::failed(&diagnostics));
        }
    }
}

/// Keeps the bodies of the first successful build in `.glosa-cache/` on a thread of its own, so
/// that the next start renders only the documents changed since. Serving does not wait for it: a
/// shard file is replaced by a rename, so one cut short by Ctrl-C is simply not there next time.
fn keep_bodies(rebuilder: &mut Rebuilder) {
    let Some(bodies) = rebuilder.bodies_to_keep() else { return };
    std::thread::spawn(move || {
        if let Err(error) = bodies.save() {
            eprintln!(
                "warning[io]: cannot keep the rendered bodies in {}/: {error}\n  = help: the next start renders every document again",
                crate::cache::record::CACHE_DIR
            );
        }
    });
}

/// ` (2990 documents' Markdown reused from the last build)` when the first build reused bodies
/// from `.glosa-cache/`, else nothing.
fn reused_bodies(rebuilt: &Rebuilt) -> String {
    match rebuilt.built.stats.reused_bodies {
        0 => String::new(),
        1 => " (1 document's Markdown reused from the last build)".to_string(),
        n => format!(" ({n} documents' Markdown reused from the last build)"),
    }
}

/// `built 2 articles, 28 terms, 35 pages in 180 ms`.
fn summary(rebuilt: &Rebuilt, started: Instant) -> String {
    let s = rebuilt.built.stats;
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    format!(
        "built {} article{}, {} term{}, {} pages in {} ms",
        s.articles,
        plural(s.articles),
        s.terms,
        plural(s.terms),
        s.pages,
        started.elapsed().as_millis()
    )
}

/// `changed content/articles/x.md` or `changed 3 files`.
fn describe(changes: &[watch::Change]) -> String {
    match changes {
        [one] => format!("changed {}", crate::diagnostic::display_path(&one.path)),
        many => format!("changed {} files", many.len()),
    }
}

/// `http://127.0.0.1:1111`: the address pages link to (loopback when listening on every interface).
fn origin(local: SocketAddr) -> String {
    let ip = match local.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => IpAddr::V4(std::net::Ipv4Addr::LOCALHOST),
        IpAddr::V6(ip) if ip.is_unspecified() => IpAddr::V6(std::net::Ipv6Addr::LOCALHOST),
        ip => ip,
    };
    format!("http://{}", SocketAddr::new(ip, local.port()))
}

/// Waits for Ctrl-C, or SIGTERM on Unix.
async fn stop_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        if let Ok(mut term) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = term.recv() => {}
            }
            return;
        }
    }
    // Without a signal handler the server runs until the process is killed.
    if tokio::signal::ctrl_c().await.is_err() {
        std::future::pending::<()>().await;
    }
}

/// Opens `url` in the default browser, best effort: a missing opener is only a note.
fn open_browser(url: &str) {
    let (program, args): (&str, Vec<&str>) = if cfg!(target_os = "macos") {
        ("open", vec![url])
    } else if cfg!(windows) {
        ("cmd", vec!["/C", "start", "", url])
    } else {
        ("xdg-open", vec![url])
    };
    let spawned = std::process::Command::new(program)
        .args(&args)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    match spawned {
        Ok(mut child) => {
            // Reap the opener when it exits so it leaves no zombie behind.
            std::thread::spawn(move || child.wait());
        }
        Err(error) => eprintln!("note: cannot open a browser ({program}: {error}); open {url} yourself"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_link_to_loopback_even_when_listening_everywhere() {
        assert_eq!(origin("127.0.0.1:1111".parse().unwrap()), "http://127.0.0.1:1111");
        assert_eq!(origin("0.0.0.0:8080".parse().unwrap()), "http://127.0.0.1:8080");
        assert_eq!(origin("[::]:8080".parse().unwrap()), "http://[::1]:8080");
    }
}
