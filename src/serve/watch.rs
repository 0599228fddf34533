//! Serve stage: watching the sources. File-system events from `notify` on `content/` and
//! `themes/` are translated into our own [`Change`] values, debounced (an editor's save is often
//! several events) and handed over in batches.

use notify::event::{EventKind, ModifyKind, RenameMode};
use notify::{RecommendedWatcher, RecursiveMode, Watcher as _};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex, Weak};
use std::time::{Duration, Instant};

/// How long the sources must stay quiet before a batch of changes is handed over.
const QUIET: Duration = Duration::from_millis(50);
/// The longest a batch waits under a steady stream of events.
const MAX_WAIT: Duration = Duration::from_millis(500);
/// The folders under the site root that are watched.
pub const WATCHED: [&str; 2] = ["content", "themes"];

/// What happened to a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeKind {
    /// The file appeared (created, or renamed to this name).
    Created,
    /// The file's content changed.
    Modified,
    /// The file is gone (removed, or renamed away).
    Removed,
}

/// One changed source file, relative to the site root (`content/articles/x.md`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// What happened.
    pub kind: ChangeKind,
    /// The file, relative to the site root.
    pub path: PathBuf,
}

/// Why watching could not start.
#[derive(Debug, thiserror::Error)]
#[error("cannot watch {}: {source}", path.display())]
pub struct WatchError {
    /// The folder that could not be watched.
    pub path: PathBuf,
    /// What the OS said.
    #[source]
    pub source: notify::Error,
}

/// Keeps the sources watched; dropping it stops watching, and [`Changes::next_batch`] then ends.
pub struct Watcher {
    _watcher: Arc<Mutex<RecommendedWatcher>>,
}

impl std::fmt::Debug for Watcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Watcher")
    }
}

/// The changes a [`Watcher`] sees, in debounced batches.
#[derive(Debug)]
pub struct Changes {
    root: PathBuf,
    events: Receiver<notify::Result<notify::Event>>,
    /// To watch a folder of [`WATCHED`] that appears later (no stronger hold: dropping the
    /// [`Watcher`] must still stop the watching).
    watcher: Weak<Mutex<RecommendedWatcher>>,
}

/// Starts watching the folders of [`WATCHED`] that exist under `root` (an absolute path), and
/// `root` itself, so that one created later (a site's first `themes/`) is watched from then on.
pub fn watch(root: &Path) -> Result<(Watcher, Changes), WatchError> {
    let (sender, events) = mpsc::channel();
    let mut watcher =
        notify::recommended_watcher(sender).map_err(|source| WatchError { path: root.to_path_buf(), source })?;
    for folder in WATCHED.iter().map(|f| root.join(f)).filter(|f| f.is_dir()) {
        watcher
            .watch(&folder, RecursiveMode::Recursive)
            .map_err(|source| WatchError { path: folder.clone(), source })?;
    }
    watcher
        .watch(root, RecursiveMode::NonRecursive)
        .map_err(|source| WatchError { path: root.to_path_buf(), source })?;
    let watcher = Arc::new(Mutex::new(watcher));
    let changes = Changes { root: root.to_path_buf(), events, watcher: Arc::downgrade(&watcher) };
    Ok((Watcher { _watcher: watcher }, changes))
}

impl Changes {
    /// Waits for the next batch of changes: blocks until a relevant event arrives, then gathers
    /// events until the sources have been quiet for a moment. `None` once the [`Watcher`] is gone.
    pub fn next_batch(&self) -> Option<Vec<Change>> {
        loop {
            let first = self.events.recv().ok()?;
            let mut events = vec![first];
            let started = Instant::now();
            while started.elapsed() < MAX_WAIT {
                match self.events.recv_timeout(QUIET) {
                    Ok(event) => events.push(event),
                    Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => break,
                }
            }
            let events: Vec<notify::Event> = events.into_iter().filter_map(Result::ok).collect();
            self.watch_new_folders(&events);
            let changes = translate(&self.root, events);
            if !changes.is_empty() {
                return Some(changes);
            }
        }
    }

    /// Watches each folder of [`WATCHED`] that these events created. Files written into it before
    /// the watch began send no events, but the folder's own change makes the rebuild read every
    /// file again.
    fn watch_new_folders(&self, events: &[notify::Event]) {
        let created = events.iter().filter(|e| matches!(kinds(e).first(), Some((ChangeKind::Created, _))));
        let folders = created.flat_map(|e| &e.paths).filter(|path| {
            path.parent() == Some(self.root.as_path())
                && path.file_name().is_some_and(|name| WATCHED.iter().any(|w| name == *w))
                && path.is_dir()
        });
        let Some(watcher) = self.watcher.upgrade() else { return };
        let mut watcher = watcher.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        for folder in folders {
            // A folder already watched, or gone again, needs nothing more.
            let _ = watcher.watch(folder, RecursiveMode::Recursive);
        }
    }
}

/// Turns notify events into changes of source files under `root`, one per path, in path order.
/// A path's events are summed up by whether the file was there before the first and after the
/// last: a file replaced by delete-and-create is modified, and a file created and removed again
/// (an editor's or `sed -i`'s temporary file) is no change at all. Access and metadata events,
/// files outside the watched folders and editor droppings (hidden, backup, swap) are left out.
pub fn translate(root: &Path, events: impl IntoIterator<Item = notify::Event>) -> Vec<Change> {
    // Per path: the first and the last kind seen.
    let mut seen: BTreeMap<PathBuf, (ChangeKind, ChangeKind)> = BTreeMap::new();
    for event in events {
        for (kind, path) in kinds(&event) {
            let Some(rel) = relevant(root, path) else { continue };
            seen.entry(rel).and_modify(|(_, last)| *last = kind).or_insert((kind, kind));
        }
    }
    let summed = |(first, last)| match (first != ChangeKind::Created, last != ChangeKind::Removed) {
        (false, false) => None,
        (false, true) => Some(ChangeKind::Created),
        (true, false) => Some(ChangeKind::Removed),
        (true, true) => Some(ChangeKind::Modified),
    };
    seen.into_iter().filter_map(|(path, kinds)| summed(kinds).map(|kind| Change { kind, path })).collect()
}

/// The change each path of an event stands for.
fn kinds(event: &notify::Event) -> Vec<(ChangeKind, &PathBuf)> {
    let all = |kind| event.paths.iter().map(|p| (kind, p)).collect();
    match event.kind {
        EventKind::Create(_) => all(ChangeKind::Created),
        EventKind::Remove(_) => all(ChangeKind::Removed),
        EventKind::Modify(ModifyKind::Name(RenameMode::From)) => all(ChangeKind::Removed),
        EventKind::Modify(ModifyKind::Name(RenameMode::To)) => all(ChangeKind::Created),
        EventKind::Modify(ModifyKind::Name(RenameMode::Both)) => {
            let mut paths = event.paths.iter();
            paths
                .next()
                .map(|p| (ChangeKind::Removed, p))
                .into_iter()
                .chain(paths.map(|p| (ChangeKind::Created, p)))
                .collect()
        }
        EventKind::Modify(ModifyKind::Metadata(_)) | EventKind::Access(_) | EventKind::Other => Vec::new(),
        EventKind::Modify(_) | EventKind::Any => all(ChangeKind::Modified),
    }
}

/// The path relative to `root` if it is a source file worth a rebuild.
fn relevant(root: &Path, path: &Path) -> Option<PathBuf> {
    let rel = path.strip_prefix(root).ok()?;
    let top = rel.components().next()?.as_os_str().to_str()?;
    if !WATCHED.contains(&top) {
        return None;
    }
    let name = rel.file_name()?.to_string_lossy();
    let dropping = name.starts_with('.')
        || name.ends_with('~')
        || name.starts_with('#')
        || [".swp", ".swx", ".tmp", ".bak"].iter().any(|s| name.ends_with(s))
        || name == "4913";
    let hidden = rel.components().any(|c| c.as_os_str().to_string_lossy().starts_with('.'));
    (!dropping && !hidden).then(|| rel.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{AccessKind, CreateKind, DataChange, MetadataKind, RemoveKind};

    fn event(kind: EventKind, paths: &[&str]) -> notify::Event {
        paths.iter().fold(notify::Event::new(kind), |e, p| e.add_path(PathBuf::from(p)))
    }

    fn change(kind: ChangeKind, path: &str) -> Change {
        Change { kind, path: PathBuf::from(path) }
    }

    #[test]
    fn an_editor_save_becomes_one_change_per_file() {
        let root = Path::new("/site");
        let events = [
            event(EventKind::Create(CreateKind::File), &["/site/content/articles/.x.md.swp"]),
            event(EventKind::Modify(ModifyKind::Data(DataChange::Content)), &["/site/content/articles/x.md"]),
            event(EventKind::Modify(ModifyKind::Data(DataChange::Content)), &["/site/content/articles/x.md"]),
            event(EventKind::Modify(ModifyKind::Metadata(MetadataKind::Any)), &["/site/content/articles/y.md"]),
            event(EventKind::Access(AccessKind::Any), &["/site/content/articles/y.md"]),
            event(EventKind::Remove(RemoveKind::File), &["/site/content/articles/x.md~"]),
            event(EventKind::Create(CreateKind::File), &["/site/content/articles/sedX1b2c3"]),
            event(EventKind::Modify(ModifyKind::Name(RenameMode::From)), &["/site/content/articles/sedX1b2c3"]),
        ];
        assert_eq!(translate(root, events), vec![change(ChangeKind::Modified, "content/articles/x.md")]);
    }

    #[test]
    fn a_file_replaced_by_delete_and_create_is_modified() {
        let root = Path::new("/site");
        let events = [
            event(EventKind::Modify(ModifyKind::Name(RenameMode::From)), &["/site/content/articles/x.md"]),
            event(EventKind::Create(CreateKind::File), &["/site/content/articles/x.md"]),
            event(EventKind::Modify(ModifyKind::Data(DataChange::Content)), &["/site/content/articles/x.md"]),
        ];
        assert_eq!(translate(root, events), vec![change(ChangeKind::Modified, "content/articles/x.md")]);
    }

    #[test]
    fn renames_and_new_files_keep_their_meaning() {
        let root = Path::new("/site");
        let events = [
            event(
                EventKind::Modify(ModifyKind::Name(RenameMode::Both)),
                &["/site/themes/t/a.html", "/site/themes/t/b.html"],
            ),
            event(EventKind::Create(CreateKind::File), &["/site/content/glossary/new.md"]),
            event(EventKind::Modify(ModifyKind::Any), &["/site/content/glossary/new.md"]),
            event(EventKind::Modify(ModifyKind::Any), &["/site/public/index.html", "/elsewhere/content/x.md"]),
        ];
        assert_eq!(
            translate(root, events),
            vec![
                change(ChangeKind::Created, "content/glossary/new.md"),
                change(ChangeKind::Removed, "themes/t/a.html"),
                change(ChangeKind::Created, "themes/t/b.html"),
            ]
        );
    }

    /// A site folder with `content/` only, watched: the folder (kept alive), its canonical path,
    /// and the watch.
    fn watched_site() -> (tempfile::TempDir, PathBuf, Watcher, Changes) {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        std::fs::create_dir_all(root.join("content")).unwrap();
        let (watcher, changes) = watch(&root).unwrap();
        (dir, root, watcher, changes)
    }

    #[test]
    fn a_written_file_is_reported_in_a_batch() {
        let (_dir, root, watcher, changes) = watched_site();
        std::fs::write(root.join("content/site.yaml"), "title: x\n").unwrap();
        let batch = changes.next_batch().unwrap();
        assert!(batch.iter().any(|c| c.path == Path::new("content/site.yaml")), "{batch:?}");
        drop(watcher);
        // Events already queued may still come; then the batches end.
        while changes.next_batch().is_some() {}
    }

    #[test]
    fn a_themes_folder_created_while_watching_is_watched_too() {
        let (_dir, root, watcher, changes) = watched_site();
        let (sender, batches) = mpsc::channel();
        std::thread::spawn(move || {
            while let Some(batch) = changes.next_batch() {
                if sender.send(batch).is_err() {
                    break;
                }
            }
        });
        let next = || batches.recv_timeout(Duration::from_secs(5)).expect("no change seen in 5 s");
        std::fs::create_dir_all(root.join("themes/x/templates")).unwrap();
        let batch = next();
        assert!(batch.iter().any(|c| c.path.starts_with("themes")), "the folder's creation: {batch:?}");
        std::thread::sleep(Duration::from_millis(100));
        std::fs::write(root.join("themes/x/templates/article.html"), "x").unwrap();
        let later = next();
        assert!(later.iter().any(|c| c.path == Path::new("themes/x/templates/article.html")), "{later:?}");
        drop(watcher);
    }
}
