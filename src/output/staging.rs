//! The sink `glosa build` writes through: a staging folder beside the output folder, committed
//! only when the build succeeded, so a failed or interrupted build leaves the output as it was.

use super::{FileStamp, FileStamps, Sink};
use std::collections::{BTreeSet, HashSet};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

/// A fresh temporary folder beside the output folder that files are written into as they are
/// rendered. [`Staging::commit`] replaces the output folder with it; dropping it uncommitted
/// (a failed build, an error, an interrupt) removes it and leaves the output folder as it was.
///
/// A file put with the very bytes the output folder already holds there is not written again:
/// it is kept as it is (its modification time too, so deploy tools that sync by time upload
/// only what changed). For `glosa build --incremental` ([`Staging::reusing`]) files of the
/// output folder that are as the previous build left them can also be kept without rendering
/// them ([`Sink::reuse`]). When files are kept and few were written (see `in_place`) the
/// commit updates the output folder in place instead of replacing it: it removes the files the
/// build neither kept nor wrote and moves the written ones in, each replacement atomic.
/// Rebuilding an unchanged 10,000-article site then writes and deletes nothing, where replacing
/// the folder cost seconds of deleting files.
///
/// An output folder holding a symbolic link (or anything but files and folders) was not left so
/// by a build: someone put the link there (a pull request can commit `public/`), and writing or
/// reading through it would reach outside the folder. Nothing of such a folder is kept or
/// compared, and the commit replaces it whole, removing the links without following them.
#[derive(Debug)]
pub struct Staging {
    out: PathBuf,
    dir: PathBuf,
    stop: Arc<AtomicBool>,
    /// The files of the output folder when the build began; `None` when it holds a link.
    existing: Option<Vec<String>>,
    /// The files of the output folder as the previous build left them.
    previous: FileStamps,
    /// The files of the output folder [`Sink::reuse`] kept, and how many calls kept them.
    kept: Mutex<(HashSet<String>, usize)>,
    /// The files [`Sink::put`] wrote into the staging folder.
    written: Mutex<BTreeSet<String>>,
    /// The files [`Sink::put`] found in the output folder as they are, with their stamps.
    unchanged: Mutex<FileStamps>,
}

impl Staging {
    /// Creates the staging folder for `out`. Once `stop` is set (by a SIGINT or SIGTERM handler)
    /// every [`Sink::put`] fails with [`io::ErrorKind::Interrupted`] and [`Sink::stopped`] is true.
    pub fn create(out: &Path, stop: Arc<AtomicBool>) -> io::Result<Self> {
        let parent = out.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent).map_err(|e| with_path(e, parent))?;
        let name = out.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_else(|| "public".into());
        let dir = parent.join(format!(".{name}.glosa-new-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        remove_abandoned(parent, &name);
        std::fs::create_dir_all(&dir).map_err(|e| with_path(e, &dir))?;
        let existing = super::plain_files_under(out).map_err(|e| with_path(e, out))?;
        let kept = Mutex::new((HashSet::new(), 0));
        Ok(Staging {
            out: out.to_path_buf(),
            dir,
            stop,
            existing,
            previous: FileStamps::new(),
            kept,
            written: Mutex::default(),
            unchanged: Mutex::default(),
        })
    }

    /// Lets [`Sink::reuse`] keep files of the output folder that still have the stamps the
    /// previous build recorded (`previous`).
    pub fn reusing(mut self, previous: FileStamps) -> Self {
        if self.existing.is_some() {
            self.previous = previous;
        }
        self
    }

    /// How many times [`Sink::reuse`] kept a file (with its siblings).
    pub fn reused(&self) -> usize {
        self.kept.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).1
    }

    /// Whether the commit will update the output folder in place, so that a failure during it
    /// can leave the folder partly updated, rather than replace it whole.
    pub fn updates_in_place(&self) -> bool {
        let kept = self.kept.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).0.len();
        let unchanged = self.unchanged.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).len();
        let written = self.written.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).len();
        self.existing.is_some() && in_place(kept + unchanged, written)
    }

    /// Makes the output folder hold exactly the files written and kept: files of a previous build
    /// that this one did not write or keep are gone afterwards. Fails with
    /// [`io::ErrorKind::Interrupted`] when `stop` was set before the commit began; once it has
    /// begun it completes.
    pub fn commit(self) -> io::Result<Committed> {
        if self.stop.load(Ordering::SeqCst) {
            return Err(interrupted());
        }
        let mut kept = std::mem::take(&mut self.kept.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).0);
        let unchanged = std::mem::take(&mut *self.unchanged.lock().unwrap_or_else(|poisoned| poisoned.into_inner()));
        kept.extend(unchanged.keys().cloned());
        let written: Vec<String> =
            std::mem::take(&mut *self.written.lock().unwrap_or_else(|poisoned| poisoned.into_inner()))
                .into_iter()
                .collect();
        if let Some(existing) = self.existing.as_deref().filter(|_| in_place(kept.len(), written.len())) {
            self.update_in_place(existing, &kept, &written)?;
        } else {
            self.link_into_staging(&kept)?;
            self.swap()?;
        }
        let mut stamps = self.previous.clone();
        stamps.retain(|name, _| kept.contains(name));
        stamps.extend(unchanged);
        Ok(Committed { out: self.out.clone(), kept: stamps, written })
    }

    /// The stamp of the output folder's file `path` when it is a plain file holding `bytes` (in a
    /// folder without links: no path into it leads elsewhere).
    fn unchanged_stamp(&self, path: &str, bytes: &[u8]) -> Option<FileStamp> {
        self.existing.as_ref()?;
        let existing = self.out.join(path);
        let metadata = std::fs::symlink_metadata(&existing).ok()?;
        if !metadata.is_file() || metadata.len() != bytes.len() as u64 {
            return None;
        }
        let stamp = FileStamp::from_metadata(&metadata).ok()?;
        (std::fs::read(&existing).ok()? == bytes).then_some(stamp)
    }

    /// Puts the kept files of the output folder into the staging folder as hard links (the same
    /// bytes and modification times, nothing copied), or copies where links are not possible.
    fn link_into_staging(&self, kept: &HashSet<String>) -> io::Result<()> {
        for name in kept {
            let (from, to) = (self.out.join(name), self.dir.join(name));
            if let Some(folder) = to.parent() {
                std::fs::create_dir_all(folder).map_err(|e| with_path(e, folder))?;
            }
            if std::fs::hard_link(&from, &to).is_err() {
                std::fs::copy(&from, &to).map_err(|e| with_path(e, &from))?;
            }
        }
        Ok(())
    }

    /// Replaces the output folder with the staging folder.
    fn swap(&self) -> io::Result<()> {
        let parent = self.dir.parent().unwrap_or(Path::new("."));
        let name = self.out.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
        let previous = parent.join(format!(".{name}.glosa-old-{}", std::process::id()));
        let had_previous = self.out.exists();
        if had_previous {
            std::fs::rename(&self.out, &previous).map_err(|e| with_path(e, &self.out))?;
        }
        if let Err(error) = std::fs::rename(&self.dir, &self.out) {
            if had_previous {
                let _ = std::fs::rename(&previous, &self.out);
            }
            return Err(with_path(error, &self.out));
        }
        if had_previous {
            remove_folder(&previous).map_err(|e| with_path(e, &previous))?;
        }
        Ok(())
    }

    /// Removes from the output folder what was neither kept nor `written` of the files it held
    /// (`existing`), then moves each written file in (a rename: a reader sees the old file or the
    /// new, never half of one).
    fn update_in_place(&self, existing: &[String], kept: &HashSet<String>, written: &[String]) -> io::Result<()> {
        let moved_in: HashSet<&String> = written.iter().collect();
        let mut removed = Vec::new();
        for name in existing {
            if !kept.contains(name) && !moved_in.contains(name) {
                let path = self.out.join(name);
                std::fs::remove_file(&path).map_err(|e| with_path(e, &path))?;
                removed.push(path);
            }
        }
        for name in written {
            let (from, to) = (self.dir.join(name), self.out.join(name));
            if let Some(folder) = to.parent() {
                make_folder(folder)?;
            }
            if to.is_dir() {
                std::fs::remove_dir_all(&to).map_err(|e| with_path(e, &to))?;
            }
            std::fs::rename(&from, &to).map_err(|e| with_path(e, &to))?;
        }
        for path in &removed {
            remove_emptied_folders(&self.out, path);
        }
        Ok(())
    }
}

/// A committed output folder.
#[derive(Debug)]
pub struct Committed {
    out: PathBuf,
    /// The stamps of the files kept from the previous build (none after a swap).
    kept: FileStamps,
    /// The files this build wrote.
    written: Vec<String>,
}

impl Committed {
    /// The stamps of every file of the output folder now (statting only the files written).
    pub fn stamps(self) -> io::Result<FileStamps> {
        let mut stamps = self.kept;
        for name in self.written {
            let stamp = FileStamp::of(&self.out.join(&name))?;
            stamps.insert(name, stamp);
        }
        Ok(stamps)
    }
}

impl Sink for Staging {
    fn put(&self, path: &str, bytes: Vec<u8>) -> io::Result<()> {
        if self.stop.load(Ordering::Relaxed) {
            return Err(interrupted());
        }
        if let Some(stamp) = self.unchanged_stamp(path, &bytes) {
            self.unchanged.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).insert(path.to_string(), stamp);
            return Ok(());
        }
        let target = self.dir.join(path);
        if let Some(folder) = target.parent() {
            std::fs::create_dir_all(folder).map_err(|e| with_path(e, folder))?;
        }
        std::fs::write(&target, bytes).map_err(|e| with_path(e, &target))?;
        self.written.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).insert(path.to_string());
        Ok(())
    }

    fn stopped(&self) -> bool {
        self.stop.load(Ordering::Relaxed)
    }

    fn reuse(&self, path: &str) -> io::Result<bool> {
        if self.stop.load(Ordering::Relaxed) {
            return Err(interrupted());
        }
        let derived = format!("{path}.");
        let family: Vec<(&String, &FileStamp)> = self
            .previous
            .range(path.to_string()..)
            .take_while(|(name, _)| *name == path || name.starts_with(&derived))
            .filter(|(name, _)| *name == path || !name[derived.len()..].contains('/'))
            .collect();
        if family.first().is_none_or(|(name, _)| *name != path) {
            return Ok(false);
        }
        for (name, stamp) in &family {
            if FileStamp::of(&self.out.join(name)).ok().as_ref() != Some(*stamp) {
                return Ok(false);
            }
        }
        let mut kept = self.kept.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        kept.0.extend(family.into_iter().map(|(name, _)| name.clone()));
        kept.1 += 1;
        Ok(true)
    }
}

impl Drop for Staging {
    /// Removes the staging folder unless [`Staging::commit`] moved it into place.
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Removes the staging and old-output folders of `out` (named `name`) in `parent` that builds
/// which ended abruptly left behind (killed, or aborted by a stack overflow in a theme's
/// templates): those named after a process that no longer runs. Where running processes cannot
/// be listed (no `/proc`), nothing is removed.
fn remove_abandoned(parent: &Path, name: &str) {
    if !Path::new("/proc/self").exists() {
        return;
    }
    // An old output is only dropped beside a current one: a build that died between its two
    // renames left the previous output there and none in place.
    let mut prefixes = vec![format!(".{name}.glosa-new-")];
    if parent.join(name).exists() {
        prefixes.push(format!(".{name}.glosa-old-"));
    }
    let Ok(entries) = std::fs::read_dir(parent) else { return };
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let pid = prefixes
            .iter()
            .find_map(|prefix| file_name.strip_prefix(prefix.as_str()))
            .filter(|pid| !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()));
        if pid.is_some_and(|pid| !Path::new("/proc").join(pid).exists()) {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// Whether a commit that keeps `kept` files of the output folder and moves `written` ones in
/// updates the folder in place (moving each written file over its old copy) rather than
/// replacing it with the staging folder (the kept files linked in). Both end with the same
/// files; in place is cheaper while few files changed, since deleting a whole old output costs
/// seconds at 10,000 pages, but moving a file over an existing one is slower than writing it
/// afresh (ext4 writes the new file's data out first), so with many changed files a swap wins.
fn in_place(kept: usize, written: usize) -> bool {
    kept > 0 && written * 4 <= kept + written
}

/// Removes `folder` and everything in it, several subfolders at a time: deleting is bound by
/// the disk's latency, not the processor, and one thread at a time took twice as long for a
/// 10,000-page output.
fn remove_folder(folder: &Path) -> io::Result<()> {
    const THREADS: usize = 8;
    let mut entries = Vec::new();
    for entry in std::fs::read_dir(folder)? {
        let entry = entry?;
        if entry.file_type()?.is_dir() {
            entries
                .extend(std::fs::read_dir(entry.path())?.map(|e| e.map(|e| e.path())).collect::<io::Result<Vec<_>>>()?);
        }
    }
    let chunk = entries.len().div_ceil(THREADS).max(1);
    std::thread::scope(|scope| {
        for part in entries.chunks(chunk) {
            scope.spawn(move || {
                for path in part {
                    let is_dir = std::fs::symlink_metadata(path).is_ok_and(|m| m.is_dir());
                    let _ = if is_dir { std::fs::remove_dir_all(path) } else { std::fs::remove_file(path) };
                }
            });
        }
    });
    std::fs::remove_dir_all(folder)
}

/// Creates `folder` and its parents, replacing a file that stands where a folder must be.
fn make_folder(folder: &Path) -> io::Result<()> {
    if std::fs::create_dir_all(folder).is_ok() {
        return Ok(());
    }
    for ancestor in folder.ancestors() {
        if ancestor.is_file() {
            std::fs::remove_file(ancestor).map_err(|e| with_path(e, ancestor))?;
        }
    }
    std::fs::create_dir_all(folder).map_err(|e| with_path(e, folder))
}

/// Removes the folders between `root` and the removed file `path` that it left empty, deepest
/// first (a folder that is not empty stays, and so do those above it).
fn remove_emptied_folders(root: &Path, path: &Path) {
    for folder in path.ancestors().skip(1).take_while(|folder| *folder != root && folder.starts_with(root)) {
        if std::fs::remove_dir(folder).is_err() {
            break;
        }
    }
}

fn interrupted() -> io::Error {
    io::Error::new(io::ErrorKind::Interrupted, "interrupted")
}

fn with_path(error: io::Error, path: &Path) -> io::Error {
    io::Error::new(error.kind(), format!("{}: {error}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn staged(out: &Path, files: &[(&str, &str)], stop: bool) -> io::Result<()> {
        let staging = Staging::create(out, Arc::new(AtomicBool::new(false)))?;
        for (path, text) in files {
            staging.put(path, text.as_bytes().to_vec())?;
        }
        staging.stop.store(stop, Ordering::SeqCst);
        staging.commit().map(drop)
    }

    /// Nothing but the output folder is left in `parent`: no staging or old-output folder.
    fn assert_only_the_output_in(parent: &Path) {
        let entries: Vec<_> = std::fs::read_dir(parent).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(entries, ["public"], "no staging folder left behind");
    }

    #[cfg(unix)]
    #[test]
    fn folders_left_by_a_build_that_died_are_removed_and_a_running_one_s_kept() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        // No process has a pid this large (Linux caps them at 2^22); the test's parent runs.
        let dead = dir.path().join(".public.glosa-new-99999999");
        let dead_old = dir.path().join(".public.glosa-old-99999999");
        let running = dir.path().join(format!(".public.glosa-new-{}", std::os::unix::process::parent_id()));
        let unrelated = dir.path().join(".other.glosa-new-99999999");
        for folder in [&dead, &dead_old, &running, &unrelated] {
            std::fs::create_dir_all(folder.join("articles")).unwrap();
        }
        drop(Staging::create(&out, Arc::new(AtomicBool::new(false))).unwrap());
        assert!(!dead.exists(), "a dead build's staging folder is removed");
        assert!(dead_old.exists(), "with no output in place, the previous output it moved aside stays");
        assert!(running.exists() && unrelated.exists(), "a running build's and another output's are kept");
        std::fs::create_dir(&out).unwrap();
        drop(Staging::create(&out, Arc::new(AtomicBool::new(false))).unwrap());
        assert!(!dead_old.exists(), "beside an output in place, it goes");
    }

    #[test]
    fn a_commit_replaces_the_old_output_and_removes_stale_files() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        staged(&out, &[("old.html", "old")], false).unwrap();
        staged(&out, &[("a/index.html", "new")], false).unwrap();
        assert!(!out.join("old.html").exists());
        assert_eq!(std::fs::read(out.join("a/index.html")).unwrap(), b"new");
        assert_only_the_output_in(dir.path());
    }

    #[test]
    fn an_interrupted_build_keeps_the_old_output_and_leaves_no_staging_folder() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        staged(&out, &[("old.html", "old")], false).unwrap();
        let error = staged(&out, &[("new.html", "new")], true).unwrap_err();
        assert_eq!(error.kind(), io::ErrorKind::Interrupted);
        assert_eq!(std::fs::read(out.join("old.html")).unwrap(), b"old");
        assert!(!out.join("new.html").exists());
        assert_only_the_output_in(dir.path());
    }

    #[test]
    fn a_put_after_stop_fails_and_dropping_the_staging_folder_removes_it() {
        let dir = tempfile::tempdir().unwrap();
        let staging = Staging::create(&dir.path().join("public"), Arc::new(AtomicBool::new(true))).unwrap();
        let error = staging.put("a.html", b"a".to_vec()).unwrap_err();
        assert_eq!(error.kind(), io::ErrorKind::Interrupted);
        drop(staging);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    /// The stamps of every file under `folder`, read from the file system.
    fn stamp_folder(folder: &Path) -> io::Result<FileStamps> {
        let mut stamps = FileStamps::new();
        for name in super::super::plain_files_under(folder)?.expect("no links in the folder") {
            let stamp = FileStamp::of(&folder.join(&name))?;
            stamps.insert(name, stamp);
        }
        Ok(stamps)
    }

    /// An output folder holding `files`, committed by one build, with its stamps.
    fn committed(out: &Path, files: &[(&str, &str)]) -> FileStamps {
        staged(out, files, false).unwrap();
        stamp_folder(out).unwrap()
    }

    #[test]
    fn reuse_keeps_a_file_and_its_siblings_only_while_their_stamps_hold() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let files = [("a/index.html", "a"), ("a/index.html.gz", "gz"), ("b.html", "b"), ("c/old.html", "old")];
        let stamps = committed(&out, &files);
        std::fs::write(out.join("b.html"), "changed by hand").unwrap();
        std::fs::write(out.join("stray.txt"), "not from a build").unwrap();
        let staging = Staging::create(&out, Arc::new(AtomicBool::new(false))).unwrap().reusing(stamps);
        assert!(staging.reuse("a/index.html").unwrap());
        assert!(!staging.reuse("b.html").unwrap(), "a file changed since the build is not kept");
        assert!(!staging.reuse("d.html").unwrap(), "nor one the build did not write");
        staging.put("b.html", b"b again".to_vec()).unwrap();
        assert_eq!(staging.reused(), 1);
        let stamps = staging.commit().unwrap().stamps().unwrap();
        let left = stamp_folder(&out).unwrap();
        assert_eq!(stamps, left, "the stamps the commit reports are the folder's");
        assert_eq!(left.keys().collect::<Vec<_>>(), ["a/index.html", "a/index.html.gz", "b.html"]);
        assert_eq!(std::fs::read(out.join("b.html")).unwrap(), b"b again");
        assert!(!out.join("c").exists(), "a folder left empty is removed");
        assert_only_the_output_in(dir.path());
    }

    #[cfg(unix)]
    fn inode(path: &Path) -> u64 {
        std::os::unix::fs::MetadataExt::ino(&std::fs::metadata(path).unwrap())
    }

    #[cfg(unix)]
    #[test]
    fn files_put_with_the_bytes_the_output_holds_are_not_written_again() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let old = [("a/index.html", "same"), ("b.html", "same too"), ("c.html", "c"), ("d/stale.html", "x")];
        staged(&out, &old, false).unwrap();
        let before = (inode(&out.join("a/index.html")), inode(&out.join("b.html")));
        staged(&out, &[("a/index.html", "same"), ("b.html", "same too"), ("c.html", "c, changed")], false).unwrap();
        assert_eq!((inode(&out.join("a/index.html")), inode(&out.join("b.html"))), before, "rewritten");
        assert_eq!(std::fs::read(out.join("c.html")).unwrap(), b"c, changed");
        assert!(!out.join("d").exists(), "a stale file and the folder it left empty are removed");
        assert_only_the_output_in(dir.path());
    }

    #[cfg(unix)]
    #[test]
    fn a_commit_changing_most_files_swaps_in_the_staging_folder_with_the_unchanged_linked_in() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let old = [("same.html", "s"), ("1.html", "1"), ("2.html", "2"), ("3.html", "3"), ("x/stale.html", "x")];
        staged(&out, &old, false).unwrap();
        let same = inode(&out.join("same.html"));
        staged(&out, &[("same.html", "s"), ("1.html", "one"), ("2.html", "two"), ("3.html", "three")], false).unwrap();
        assert_eq!(inode(&out.join("same.html")), same, "the unchanged file is the same file");
        assert_eq!(std::fs::read(out.join("3.html")).unwrap(), b"three");
        let left = stamp_folder(&out).unwrap();
        assert_eq!(left.keys().collect::<Vec<_>>(), ["1.html", "2.html", "3.html", "same.html"]);
        assert_only_the_output_in(dir.path());
    }

    #[test]
    fn the_output_is_updated_in_place_only_while_few_of_its_files_changed() {
        assert!(!in_place(0, 10), "nothing kept: the staging folder is the whole output");
        assert!(in_place(10, 0) && in_place(30, 10));
        assert!(!in_place(29, 11) && !in_place(1, 3));
    }

    #[cfg(unix)]
    #[test]
    fn removing_an_old_output_deletes_its_tree_but_not_what_its_symlinks_point_to() {
        let dir = tempfile::tempdir().unwrap();
        let outside = dir.path().join("outside");
        std::fs::create_dir_all(&outside).unwrap();
        std::fs::write(outside.join("keep.txt"), "keep").unwrap();
        let old = dir.path().join("old");
        for (name, text) in [("a/b/c.txt", "c"), ("x.txt", "x"), ("d/e.txt", "e")] {
            std::fs::create_dir_all(old.join(name).parent().unwrap()).unwrap();
            std::fs::write(old.join(name), text).unwrap();
        }
        std::os::unix::fs::symlink(&outside, old.join("link")).unwrap();
        std::os::unix::fs::symlink(&outside, old.join("d/link")).unwrap();
        remove_folder(&old).unwrap();
        assert!(!old.exists());
        assert_eq!(std::fs::read_to_string(outside.join("keep.txt")).unwrap(), "keep");
    }

    #[cfg(unix)]
    #[test]
    fn an_output_holding_a_link_is_replaced_whole_and_nothing_is_written_or_read_through_it() {
        let dir = tempfile::tempdir().unwrap();
        let (out, outside) = (dir.path().join("public"), dir.path().join("outside"));
        std::fs::create_dir_all(&outside).unwrap();
        std::fs::write(outside.join("same.html"), "s").unwrap();
        let files: Vec<(String, String)> = (0..20).map(|i| (format!("{i}.html"), i.to_string())).collect();
        let mut old: Vec<(&str, &str)> = files.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect();
        old.push(("keys/same.html", "s"));
        let stamps = committed(&out, &old);
        std::fs::remove_dir_all(out.join("keys")).unwrap();
        std::os::unix::fs::symlink(&outside, out.join("keys")).unwrap();
        std::os::unix::fs::symlink(outside.join("same.html"), out.join("planted.html")).unwrap();
        let staging = Staging::create(&out, Arc::new(AtomicBool::new(false))).unwrap().reusing(stamps);
        assert!(!staging.reuse("0.html").unwrap(), "nothing of the folder is kept");
        for (path, text) in &old {
            staging.put(path, text.as_bytes().to_vec()).unwrap();
        }
        staging.put("keys/authorized_keys", b"attacker".to_vec()).unwrap();
        assert!(!staging.updates_in_place());
        staging.commit().unwrap();
        assert_eq!(std::fs::read_dir(&outside).unwrap().count(), 1, "nothing was written outside");
        assert!(std::fs::symlink_metadata(out.join("keys")).unwrap().is_dir());
        assert!(std::fs::symlink_metadata(out.join("planted.html")).is_err(), "the planted link is gone");
        assert_eq!(std::fs::read(out.join("keys/same.html")).unwrap(), b"s");
        assert_only_the_output_in_besides(dir.path(), "outside");
    }

    /// Nothing but the output folder and `other` is left in `parent`.
    fn assert_only_the_output_in_besides(parent: &Path, other: &str) {
        let mut entries: Vec<_> = std::fs::read_dir(parent).unwrap().map(|e| e.unwrap().file_name()).collect();
        entries.sort();
        assert_eq!(entries, [other, "public"], "no staging folder left behind");
    }

    #[test]
    fn an_uncommitted_staging_that_kept_files_leaves_the_output_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let stamps = committed(&out, &[("a.html", "old"), ("b.html", "b")]);
        let staging = Staging::create(&out, Arc::new(AtomicBool::new(false))).unwrap().reusing(stamps.clone());
        assert!(staging.reuse("b.html").unwrap());
        staging.put("a.html", b"new".to_vec()).unwrap();
        drop(staging);
        assert_eq!(stamp_folder(&out).unwrap(), stamps);
        assert_eq!(std::fs::read(out.join("a.html")).unwrap(), b"old");
    }
}
