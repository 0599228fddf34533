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

/// How long an event stream stays open: then it ends and its page reconnects (reloading only if
/// the site was rebuilt meanwhile), so a connection whose page is long gone does not stay.
pub const MAX_STREAM_AGE: Duration = Duration::from_secs(30 * 60);

/// The event stream of one open page; it ends when the server shuts down, after
/// [`MAX_STREAM_AGE`], or when more than [`super::state::MAX_STREAMS`] are open and it is the
/// oldest. It opens with a `hello` naming the site served ([`Shared::site_version`]) and the
/// reconnect delay, which also flushes the response head so the page knows it is connected.
pub fn events(shared: &Arc<Shared>) -> impl Stream<Item = Result<sse::Event, Infallible>> + Send + 'static {
    events_lasting(shared, MAX_STREAM_AGE)
}

/// [`events`], ending after `age`.
fn events_lasting(
    shared: &Arc<Shared>,
    age: Duration,
) -> impl Stream<Item = Result<sse::Event, Infallible>> + Send + 'static {
    let deadline = tokio::time::Instant::now() + age;
    let state = (shared.subscribe(), shared.closing(), shared.open_stream());
    let hello = sse::Event::default().event("hello").data(shared.site_version()).retry(RETRY);
    let hello = futures_util::stream::once(std::future::ready(Ok(hello)));
    hello.chain(futures_util::stream::unfold(state, move |(mut events, mut closing, slot)| async move {
        loop {
            if *closing.borrow_and_update() {
                return None;
            }
            tokio::select! {
                received = events.recv() => match received {
                    Ok(event) => return Some((Ok(to_sse(&event)), (events, closing, slot))),
                    // A slow page missed some events; the next one still brings it up to date.
                    Err(RecvError::Lagged(_)) => continue,
                    Err(RecvError::Closed) => return None,
                },
                changed = closing.changed() => {
                    if changed.is_err() {
                        return None;
                    }
                }
                () = slot.evicted.notified() => return None,
                () = tokio::time::sleep_until(deadline) => return None,
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
    use crate::serve::state::MAX_STREAMS;

    #[tokio::test]
    async fn past_the_cap_the_oldest_stream_ends_and_a_closed_one_frees_its_place() {
        let shared = Arc::new(Shared::new(ServedSite::empty(), Status::ok()));
        let mut oldest = Box::pin(events(&shared));
        assert!(oldest.next().await.is_some(), "hello");
        let mut others: Vec<_> = (1..MAX_STREAMS).map(|_| Box::pin(events(&shared))).collect();
        for stream in &mut others {
            stream.next().await;
        }
        drop(others.pop());
        let mut one_more = Box::pin(events(&shared));
        one_more.next().await;
        shared.publish_site(ServedSite::empty());
        assert!(oldest.next().await.is_some(), "a closed stream made room: the oldest still hears");
        let mut newest = Box::pin(events(&shared));
        newest.next().await;
        let ended = tokio::time::timeout(Duration::from_secs(5), oldest.next()).await;
        assert!(matches!(ended, Ok(None)), "one past the cap ends the oldest");
    }

    #[tokio::test]
    async fn a_stream_ends_when_it_is_old_and_a_new_one_names_the_site_it_serves() {
        let shared = Arc::new(Shared::new(ServedSite::empty(), Status::ok()));
        let mut stream = Box::pin(events_lasting(&shared, Duration::from_millis(50)));
        assert!(stream.next().await.is_some(), "hello");
        let ended = tokio::time::timeout(Duration::from_secs(5), stream.next()).await;
        assert!(matches!(ended, Ok(None)), "the stream outlived its age");
        let before = shared.site_version();
        shared.publish_site(ServedSite::empty());
        assert_ne!(shared.site_version(), before);
    }

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
