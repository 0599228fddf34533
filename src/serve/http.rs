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

/// The routes of `glosa serve`.
pub fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/__glosa/reload.js", get(reload_js))
        .route("/__glosa/status", get(status))
        .route("/__glosa/events", get(events))
        .fallback(site_file)
        .with_state(shared)
        .layer(middleware::map_response(common_headers))
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
