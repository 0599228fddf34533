//! Write stage: the sinks every build's files go through, as the theme stage renders them.
//! [`Staging`] writes them into a temporary folder beside the output folder and swaps it in only
//! when the build succeeded: a failed or interrupted build leaves the old output untouched.
//! `Mutex<Output>` keeps them in memory, for `glosa serve` and tests; [`Discard`] only lets the
//! build check them (`glosa check`).

use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

/// Where a build puts the files of the site, one at a time, from many threads at once.
pub trait Sink: Sync {
    /// Stores one file; `path` is relative to the output folder (`articles/x/index.html`).
    fn put(&self, path: &str, bytes: Vec<u8>) -> io::Result<()>;
}

/// The built site in memory: relative path (`articles/x/index.html`) -> bytes, in path order.
/// File contents are shared, so keeping the previous build for an incremental one is cheap.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Output {
    files: BTreeMap<String, Arc<[u8]>>,
}

impl Output {
    /// Adds or replaces a file.
    pub fn insert(&mut self, path: impl Into<String>, bytes: Vec<u8>) {
        self.files.insert(path.into(), bytes.into());
    }

    /// Adds or replaces every file of `other`.
    pub fn extend(&mut self, other: Output) {
        self.files.extend(other.files);
    }

    /// The bytes of a file, if the build wrote it.
    pub fn get(&self, path: &str) -> Option<&[u8]> {
        self.files.get(path).map(|b| &b[..])
    }

    /// The shared bytes of a file, if the build wrote it.
    pub fn get_shared(&self, path: &str) -> Option<Arc<[u8]>> {
        self.files.get(path).cloned()
    }

    /// All files in path order.
    pub fn files(&self) -> impl Iterator<Item = (&str, &[u8])> {
        self.files.iter().map(|(p, b)| (p.as_str(), &b[..]))
    }

    /// Number of files.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// True when no file was written.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}

impl Sink for Mutex<Output> {
    fn put(&self, path: &str, bytes: Vec<u8>) -> io::Result<()> {
        self.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).insert(path, bytes);
        Ok(())
    }
}

/// A sink that keeps nothing: the build still renders and checks every page.
#[derive(Debug, Clone, Copy, Default)]
pub struct Discard;

impl Sink for Discard {
    fn put(&self, _path: &str, _bytes: Vec<u8>) -> io::Result<()> {
        Ok(())
    }
}

/// A fresh temporary folder beside the output folder that files are written into as they are
/// rendered. [`Staging::commit`] replaces the output folder with it; dropping it uncommitted
/// (a failed build, an error, an interrupt) removes it and leaves the output folder as it was.
#[derive(Debug)]
pub struct Staging {
    out: PathBuf,
    dir: PathBuf,
    stop: Arc<AtomicBool>,
}

impl Staging {
    /// Creates the staging folder for `out`. Once `stop` is set (by a SIGINT or SIGTERM handler)
    /// every [`Sink::put`] fails with [`io::ErrorKind::Interrupted`].
    pub fn create(out: &Path, stop: Arc<AtomicBool>) -> io::Result<Self> {
        let parent = out.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent).map_err(|e| with_path(e, parent))?;
        let name = out.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_else(|| "public".into());
        let dir = parent.join(format!(".{name}.glosa-new-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).map_err(|e| with_path(e, &dir))?;
        Ok(Staging { out: out.to_path_buf(), dir, stop })
    }

    /// Replaces the output folder with everything written so far; files of a previous build that
    /// this one did not write are gone afterwards. Fails with [`io::ErrorKind::Interrupted`] when
    /// `stop` was set before the swap began; once it has begun it completes.
    pub fn commit(self) -> io::Result<()> {
        if self.stop.load(Ordering::SeqCst) {
            return Err(interrupted());
        }
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
            std::fs::remove_dir_all(&previous).map_err(|e| with_path(e, &previous))?;
        }
        Ok(())
    }
}

impl Sink for Staging {
    fn put(&self, path: &str, bytes: Vec<u8>) -> io::Result<()> {
        if self.stop.load(Ordering::Relaxed) {
            return Err(interrupted());
        }
        let target = self.dir.join(path);
        if let Some(folder) = target.parent() {
            std::fs::create_dir_all(folder).map_err(|e| with_path(e, folder))?;
        }
        std::fs::write(&target, bytes).map_err(|e| with_path(e, &target))
    }
}

impl Drop for Staging {
    /// Removes the staging folder unless [`Staging::commit`] moved it into place.
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn interrupted() -> io::Error {
    io::Error::new(io::ErrorKind::Interrupted, "interrupted")
}

fn with_path(error: io::Error, path: &Path) -> io::Error {
    io::Error::new(error.kind(), format!("{}: {error}", path.display()))
}

/// Refuses output folders that would destroy the site itself: the site root, `/`, a folder that
/// holds `content/` or `themes/`, or one inside `content/` or `themes/`.
pub fn check_out_dir(root: &Path, out: &Path) -> Result<(), String> {
    let canonical = |p: &Path| -> PathBuf {
        let absolute =
            if p.is_absolute() { p.to_path_buf() } else { std::env::current_dir().unwrap_or_default().join(p) };
        normalize(&absolute)
    };
    let root = canonical(root);
    let out = canonical(out);
    if out.parent().is_none() {
        return Err("refusing to use `/` as the output folder".into());
    }
    if out == root {
        return Err("refusing to write the site into its own root folder; use e.g. `--out public`".into());
    }
    for protected in ["content", "themes"] {
        let folder = root.join(protected);
        if folder.starts_with(&out) {
            return Err(format!("refusing to use {} as the output folder: it contains {protected}/", out.display()));
        }
        if out.starts_with(&folder) {
            return Err(format!("refusing to write the site inside {protected}/"));
        }
    }
    Ok(())
}

/// Resolves `.` and `..` without touching the file system (the output folder may not exist).
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other.as_os_str()),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn out_dir_may_not_be_root_slash_or_hold_content() {
        let root = Path::new("/site");
        assert!(check_out_dir(root, Path::new("/site")).is_err());
        assert!(check_out_dir(root, Path::new("/site/./")).is_err());
        assert!(check_out_dir(root, Path::new("/")).is_err());
        assert!(check_out_dir(root, Path::new("/site/content/x")).is_err());
        assert!(check_out_dir(root, Path::new("/site/public/..")).is_err());
        assert!(check_out_dir(root, Path::new("/site/public")).is_ok());
        assert!(check_out_dir(root, Path::new("/elsewhere/out")).is_ok());
    }

    fn staged(out: &Path, files: &[(&str, &str)], stop: bool) -> io::Result<()> {
        let staging = Staging::create(out, Arc::new(AtomicBool::new(false)))?;
        for (path, text) in files {
            staging.put(path, text.as_bytes().to_vec())?;
        }
        staging.stop.store(stop, Ordering::SeqCst);
        staging.commit()
    }

    #[test]
    fn a_commit_replaces_the_old_output_and_removes_stale_files() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        staged(&out, &[("old.html", "old")], false).unwrap();
        staged(&out, &[("a/index.html", "new")], false).unwrap();
        assert!(!out.join("old.html").exists());
        assert_eq!(std::fs::read(out.join("a/index.html")).unwrap(), b"new");
        let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "no staging folders left behind");
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
        let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "no staging folders left behind");
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
}
