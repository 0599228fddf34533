//! Serve stage: the HTTP side. An axum router over the shared state answers the site's files
//! from memory plus three `/__glosa/` endpoints (client, status, events); a hyper accept loop
//! runs each connection in its own task with a header-read timeout, so slow or half-open clients
//! cost a task each and block nobody.

use super::path::{self, Target};
use super::reload::{self, RELOAD_JS};
use super::site::content_type;
use super::state::Shared;
use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderValue, Method, StatusCode, Uri};
use axum::response::{sse, IntoResponse, Response};
use axum::routing::get;
use axum::{middleware, Router};
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;

/// A client that has not sent a full request head by then is disconnected.
const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);
/// How long open connections get to finish when the server stops.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(2);

/// The routes of `glosa serve`, answering only requests addressed to `hosts`.
pub fn router(shared: Arc<Shared>, hosts: Hosts) -> Router {
    Router::new()
        .route("/__glosa/reload.js", get(reload_js))
        .route("/__glosa/status", get(status))
        .route("/__glosa/events", get(events))
        .fallback(site_file)
        .with_state(shared)
        .layer(middleware::from_fn_with_state(Arc::new(hosts), only_to_hosts))
        .layer(middleware::map_response(common_headers))
}

/// The host names `glosa serve` answers to, with the port it listens on: the loopback names
/// (`localhost`, `127.0.0.1`, `[::1]`) and the address it is bound to, or any IP address when
/// bound to every interface. A web page the developer visits can make its own host name resolve
/// to 127.0.0.1 (DNS rebinding) and then read the served site and its status as its own origin;
/// its requests carry that name in `Host`, so they are refused.
#[derive(Debug, Clone, Copy)]
pub struct Hosts {
    bind: std::net::IpAddr,
    port: u16,
}

impl Hosts {
    /// The hosts of a server listening at `local`.
    pub fn listening_at(local: std::net::SocketAddr) -> Hosts {
        Hosts { bind: local.ip(), port: local.port() }
    }

    /// Whether a request whose `Host` (or absolute URI authority) is `host` is answered. An IP
    /// address written as such names no other site, so it cannot be rebound.
    pub fn allow(&self, host: &str) -> bool {
        let host = host.to_ascii_lowercase();
        // `name:port`, `name`, `[v6]:port` or `[v6]`; an IPv6 address is always in brackets.
        let (name, port) = match host.strip_prefix('[').and_then(|rest| rest.split_once(']')) {
            Some((v6, after)) if after.is_empty() || after.starts_with(':') => (v6, after.strip_prefix(':')),
            Some(_) => return false,
            None => match host.split_once(':') {
                Some((name, port)) => (name, Some(port)),
                None => (host.as_str(), None),
            },
        };
        let port_matches = match port {
            Some(port) => port.bytes().all(|b| b.is_ascii_digit()) && port.parse() == Ok(self.port),
            None => self.port == 80,
        };
        let bracketed = host.starts_with('[');
        let known = match name.parse::<std::net::IpAddr>() {
            Ok(ip) if bracketed == ip.is_ipv6() => ip.is_loopback() || ip == self.bind || self.bind.is_unspecified(),
            Ok(_) => false,
            Err(_) => !bracketed && name == "localhost",
        };
        port_matches && known
    }
}

/// Refuses a request addressed to a host [`Hosts`] does not allow, before any route sees it.
async fn only_to_hosts(
    State(hosts): State<Arc<Hosts>>,
    request: axum::extract::Request,
    next: middleware::Next,
) -> Response {
    let host = request.headers().get(header::HOST).and_then(|value| value.to_str().ok());
    let authority = request.uri().authority().map(|authority| authority.as_str());
    let allowed = host.is_some_and(|host| hosts.allow(host)) && authority.is_none_or(|a| hosts.allow(a));
    if allowed {
        next.run(request).await
    } else {
        let message = format!("forbidden: glosa serve answers only to localhost:{}\n", hosts.port);
        (StatusCode::FORBIDDEN, [(header::CONTENT_TYPE, "text/plain; charset=utf-8")], message).into_response()
    }
}

/// Serves `app` on `listener` until `shutdown` completes, then lets open connections finish
/// for a short grace period.
pub async fn run(listener: TcpListener, app: Router, shutdown: impl Future<Output = ()>) {
    let mut builder = http1::Builder::new();
    builder.timer(TokioTimer::new()).header_read_timeout(HEADER_READ_TIMEOUT);
    let graceful = GracefulShutdown::new();
    let mut shutdown = std::pin::pin!(shutdown);
    let mut last_error = None;
    loop {
        tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => {
                    let _ = stream.set_nodelay(true);
                    let connection = builder.serve_connection(TokioIo::new(stream), TowerToHyperService::new(app.clone()));
                    let connection = graceful.watch(connection);
                    tokio::spawn(async move {
                        // A client that hangs up mid-request is its own business.
                        let _ = connection.await;
                    });
                }
                Err(error) => {
                    // E.g. out of file descriptors: say so once and back off instead of spinning.
                    let message = error.to_string();
                    if last_error.as_ref() != Some(&message) {
                        eprintln!("warning: cannot accept a connection: {message}");
                        last_error = Some(message);
                    }
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
            },
            () = &mut shutdown => break,
        }
    }
    drop(listener);
    let _ = tokio::time::timeout(SHUTDOWN_GRACE, graceful.shutdown()).await;
}

async fn common_headers(mut response: Response) -> Response {
    let headers = response.headers_mut();
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.entry(header::CACHE_CONTROL).or_insert(HeaderValue::from_static("no-cache"));
    response
}

async fn reload_js() -> Response {
    ([(header::CONTENT_TYPE, "text/javascript; charset=utf-8")], RELOAD_JS).into_response()
}

async fn status(State(shared): State<Arc<Shared>>) -> Response {
    let json = shared.status().to_json();
    ([(header::CONTENT_TYPE, "application/json"), (header::CACHE_CONTROL, "no-store")], json).into_response()
}

async fn events(State(shared): State<Arc<Shared>>) -> Response {
    sse::Sse::new(reload::events(&shared)).keep_alive(sse::KeepAlive::default()).into_response()
}

async fn site_file(State(shared): State<Arc<Shared>>, method: Method, uri: Uri) -> Response {
    if method != Method::GET && method != Method::HEAD {
        return (StatusCode::METHOD_NOT_ALLOWED, [(header::ALLOW, "GET, HEAD")], "method not allowed\n")
            .into_response();
    }
    let site = shared.site();
    match path::resolve(uri.path(), uri.query(), site.base_path(), |p| site.contains(p)) {
        Target::File(file) => match site.get(&file) {
            Some(bytes) => ([(header::CONTENT_TYPE, content_type(&file))], Body::from(bytes)).into_response(),
            None => not_found(site.not_found().clone()),
        },
        Target::Redirect(location) => (StatusCode::TEMPORARY_REDIRECT, [(header::LOCATION, location)]).into_response(),
        Target::NotFound => not_found(site.not_found().clone()),
        Target::Refused => (StatusCode::BAD_REQUEST, "bad request: the path leaves the site\n").into_response(),
    }
}

fn not_found(page: axum::body::Bytes) -> Response {
    (StatusCode::NOT_FOUND, [(header::CONTENT_TYPE, "text/html; charset=utf-8")], Body::from(page)).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_loopback_names_and_the_bound_address_with_the_port_are_answered() {
        let loopback = Hosts::listening_at("127.0.0.1:1111".parse().unwrap());
        for host in ["localhost:1111", "LocalHost:1111", "127.0.0.1:1111", "[::1]:1111", "127.0.0.2:1111"] {
            assert!(loopback.allow(host), "{host}");
        }
        for host in [
            "evil.example:1111",
            "evil.example",
            "localhost",
            "localhost:2222",
            "localhost.:1111",
            "localhost.evil.example:1111",
            "127.0.0.1.nip.io:1111",
            "10.0.0.5:1111",
            "::1:1111",
            "",
            ":1111",
            "[localhost]:1111",
            "[127.0.0.1]:1111",
        ] {
            assert!(!loopback.allow(host), "{host}");
        }
        let everywhere = Hosts::listening_at("0.0.0.0:8080".parse().unwrap());
        assert!(everywhere.allow("192.168.1.20:8080") && everywhere.allow("[fe80::1]:8080"));
        assert!(!everywhere.allow("my-laptop.local:8080"), "a name can be rebound");
        let lan = Hosts::listening_at("192.168.1.20:80".parse().unwrap());
        assert!(lan.allow("192.168.1.20") && lan.allow("localhost") && !lan.allow("192.168.1.21"));
    }
}
