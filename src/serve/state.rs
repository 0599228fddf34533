//! Serve stage: what the rebuild thread and the HTTP tasks share — the last good site, the
//! status of the last build, and the channels that tell open pages to reload or to stop.

use super::overlay::Status;
use super::site::ServedSite;
use std::sync::{Arc, PoisonError, RwLock};
use tokio::sync::{broadcast, watch};

/// What open pages are told over the event stream.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// A rebuild succeeded: reload the page.
    Reload,
    /// A rebuild failed: show this status (JSON) in the overlay; the old site stays served.
    Failed(Arc<str>),
}

/// State shared between the rebuild thread and the server. The site and the status are swapped
/// whole behind short-held locks; readers clone an `Arc` and never block a rebuild for long.
#[derive(Debug)]
pub struct Shared {
    site: RwLock<Arc<ServedSite>>,
    status: RwLock<Arc<Status>>,
    events: broadcast::Sender<Event>,
    closing: watch::Sender<bool>,
}

impl Shared {
    /// Shared state starting with `site` and `status`.
    pub fn new(site: ServedSite, status: Status) -> Self {
        Shared {
            site: RwLock::new(Arc::new(site)),
            status: RwLock::new(Arc::new(status)),
            events: broadcast::channel(16).0,
            closing: watch::channel(false).0,
        }
    }

    /// The site being served.
    pub fn site(&self) -> Arc<ServedSite> {
        self.site.read().unwrap_or_else(PoisonError::into_inner).clone()
    }

    /// The status of the last build.
    pub fn status(&self) -> Arc<Status> {
        self.status.read().unwrap_or_else(PoisonError::into_inner).clone()
    }

    /// A build succeeded: serve `site` from now on, clear the error and reload open pages.
    pub fn publish_site(&self, site: ServedSite) {
        *self.site.write().unwrap_or_else(PoisonError::into_inner) = Arc::new(site);
        *self.status.write().unwrap_or_else(PoisonError::into_inner) = Arc::new(Status::ok());
        // No open page is not an error.
        let _ = self.events.send(Event::Reload);
    }

    /// A build failed: keep serving the last good site and show `status` on open pages.
    pub fn publish_failure(&self, status: Status) {
        let json: Arc<str> = status.to_json().into();
        *self.status.write().unwrap_or_else(PoisonError::into_inner) = Arc::new(status);
        let _ = self.events.send(Event::Failed(json));
    }

    /// A receiver of every later [`Event`].
    pub fn subscribe(&self) -> broadcast::Receiver<Event> {
        self.events.subscribe()
    }

    /// A receiver that turns `true` when the server shuts down, so event streams can end.
    pub fn closing(&self) -> watch::Receiver<bool> {
        self.closing.subscribe()
    }

    /// Tells every event stream to end (the server is shutting down).
    pub fn close_streams(&self) {
        self.closing.send_replace(true);
    }
}
