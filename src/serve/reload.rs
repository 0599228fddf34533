//! Serve stage: live reload. Open pages load an external client (`/__glosa/reload.js`, so a
//! strict Content-Security-Policy needs no `unsafe-inline`) that listens on a server-sent event
//! stream: `reload` after a good rebuild, `failed` with the error status after a broken one.

use super::state::{Event, Shared};
use axum::response::sse;
use futures_util::{Stream, StreamExt};
use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::broadcast::error::RecvError;

/// The live-reload and error-overlay client.
pub const RELOAD_JS: &str = include_str!("reload.js");

/// How long a page waits before reconnecting to a lost event stream.
const RETRY: Duration = Duration::from_millis(500);

/// The event stream of one open page; it ends when the server shuts down. It opens with the
/// reconnect delay, which also flushes the response head so the page knows it is connected.
pub fn events(shared: &Arc<Shared>) -> impl Stream<Item = Result<sse::Event, Infallible>> + Send + 'static {
    let state = (shared.subscribe(), shared.closing());
    let hello = futures_util::stream::once(std::future::ready(Ok(sse::Event::default().retry(RETRY))));
    hello.chain(futures_util::stream::unfold(state, |(mut events, mut closing)| async move {
        loop {
            if *closing.borrow_and_update() {
                return None;
            }
            tokio::select! {
                received = events.recv() => match received {
                    Ok(event) => return Some((Ok(to_sse(&event)), (events, closing))),
                    // A slow page missed some events; the next one still brings it up to date.
                    Err(RecvError::Lagged(_)) => continue,
                    Err(RecvError::Closed) => return None,
                },
                changed = closing.changed() => {
                    if changed.is_err() {
                        return None;
                    }
                }
            }
        }
    }))
}

fn to_sse(event: &Event) -> sse::Event {
    match event {
        Event::Reload => sse::Event::default().event("reload").data("{}"),
        Event::Failed(status) => sse::Event::default().event("failed").data(status.as_ref()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::serve::overlay::Status;
    use crate::serve::site::ServedSite;

    #[tokio::test]
    async fn a_page_hears_rebuilds_and_its_stream_ends_on_shutdown() {
        let shared = Arc::new(Shared::new(ServedSite::empty(), Status::ok()));
        let mut stream = Box::pin(events(&shared));
        assert!(stream.next().await.is_some(), "the stream opens at once");
        shared.publish_failure(Status::failed(&[]));
        shared.publish_site(ServedSite::empty());
        assert!(stream.next().await.is_some());
        assert!(stream.next().await.is_some());
        shared.close_streams();
        assert!(stream.next().await.is_none());
    }
}
