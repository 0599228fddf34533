//! Serve stage: what the rebuild thread and the HTTP tasks share — the last good site, the
//! status of the last build, and the channels that tell open pages to reload or to stop.

use super::overlay::Status;
use super::site::ServedSite;
use std::collections::VecDeque;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError, RwLock};
use tokio::sync::{broadcast, watch, Notify};

/// How many event streams may be open at once. Each holds a connection and a task for as long as
/// its page is open; any web page the developer visits can open more (an `EventSource` to the
/// loopback address needs no permission), and ~20,000 of them starved ordinary requests. The
/// oldest is ended when one more opens; its page, if still there, reconnects.
pub const MAX_STREAMS: usize = 64;

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
    /// The open event streams, oldest first: each one's number and what ends it.
    streams: Mutex<VecDeque<(u64, Arc<Notify>)>>,
    /// The number the next event stream gets.
    next_stream: AtomicU64,
    /// Names this server process among others (its start time), for [`Shared::site_version`].
    started: u128,
    /// How many sites were published since the server started.
    generation: AtomicU64,
}

/// An open event stream's place among the [`MAX_STREAMS`]: given up when dropped.
#[derive(Debug)]
pub struct StreamSlot {
    shared: Arc<Shared>,
    number: u64,
    /// Notified when the slot is taken from the stream (it was the oldest, and one more opened).
    pub evicted: Arc<Notify>,
}

impl Drop for StreamSlot {
    fn drop(&mut self) {
        self.shared.streams.lock().unwrap_or_else(PoisonError::into_inner).retain(|(n, _)| *n != self.number);
    }
}

impl Shared {
    /// Shared state starting with `site` and `status`.
    pub fn new(site: ServedSite, status: Status) -> Self {
        Shared {
            site: RwLock::new(Arc::new(site)),
            status: RwLock::new(Arc::new(status)),
            events: broadcast::channel(16).0,
            closing: watch::channel(false).0,
            streams: Mutex::default(),
            next_stream: AtomicU64::new(0),
            started: std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |since| since.as_nanos()),
            generation: AtomicU64::new(0),
        }
    }

    /// A slot for a new event stream; past [`MAX_STREAMS`] the oldest stream's slot is taken.
    pub fn open_stream(self: &Arc<Self>) -> StreamSlot {
        let number = self.next_stream.fetch_add(1, Ordering::Relaxed);
        let evicted = Arc::new(Notify::new());
        let mut streams = self.streams.lock().unwrap_or_else(PoisonError::into_inner);
        streams.push_back((number, Arc::clone(&evicted)));
        while streams.len() > MAX_STREAMS {
            if let Some((_, oldest)) = streams.pop_front() {
                oldest.notify_one();
            }
        }
        StreamSlot { shared: Arc::clone(self), number, evicted }
    }

    /// Which site is served, as a page can compare it: it changes with every good rebuild and
    /// with every start of the server. A page whose event stream reconnects reloads only when
    /// it changed meanwhile.
    pub fn site_version(&self) -> String {
        format!("{}-{}", self.started, self.generation.load(Ordering::SeqCst))
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
        self.generation.fetch_add(1, Ordering::SeqCst);
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
