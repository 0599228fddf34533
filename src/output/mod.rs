//! Write stage: the sinks every build's files go through, as the theme stage renders them.
//! [`Staging`] writes them into a temporary folder beside the output folder and swaps it in only
//! when the build succeeded: a failed or interrupted build leaves the old output untouched.
//! For `glosa build --incremental` it can also keep the old output's unchanged files and update
//! the folder in place ([`Staging::reusing`]). `Mutex<Output>` keeps them in memory, for `glosa serve` and
//! tests; [`Discard`] only lets the build check them (`glosa check`).

use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

pub mod progress;
mod staging;

pub use staging::{Committed, Staging};

/// Where a build puts the files of the site, one at a time, from many threads at once.
pub trait Sink: Sync {
    /// Stores one file; `path` is relative to the output folder (`articles/x/index.html`).
    fn put(&self, path: &str, bytes: Vec<u8>) -> io::Result<()>;

    /// Keeps the file `path` as the previous build left it in the output folder, with the files
    /// that build derived from it (`path.gz`, `path.br`), when none of them was changed since.
    /// False when the sink cannot: the file must then be put.
    fn reuse(&self, path: &str) -> io::Result<bool> {
        let _ = path;
        Ok(false)
    }

    /// True once the sink takes no more files (the build was interrupted): the build then stops
    /// rendering instead of working through pages nobody will see.
    fn stopped(&self) -> bool {
        false
    }
}

/// The size and modification time of a file of an output folder, by which
/// `glosa build --incremental` tells that the file is still as a build wrote it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FileStamp {
    /// Size in bytes.
    pub len: u64,
    /// Modification time, in nanoseconds since the Unix epoch.
    pub modified: u128,
}

/// Every file of an output folder by relative path (`articles/x/index.html`), with its stamp.
pub type FileStamps = BTreeMap<String, FileStamp>;

impl FileStamp {
    /// The stamp of the file at `path`.
    pub fn of(path: &Path) -> io::Result<FileStamp> {
        FileStamp::from_metadata(&std::fs::metadata(path)?)
    }

    /// The stamp of a file whose metadata was read already.
    pub fn from_metadata(metadata: &std::fs::Metadata) -> io::Result<FileStamp> {
        let modified = metadata.modified()?.duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos());
        Ok(FileStamp { len: metadata.len(), modified })
    }
}

/// The relative path (`articles/x/index.html`) of every file under `folder`, or `None` when the
/// folder holds anything but files and folders: a symbolic link (which no build writes, and which
/// a build must never write or read through), a socket, a device. A folder that does not exist
/// holds no file.
pub fn plain_files_under(folder: &Path) -> io::Result<Option<Vec<String>>> {
    let mut names = Vec::new();
    match std::fs::symlink_metadata(folder) {
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(Some(names)),
        Err(error) => return Err(error),
        Ok(meta) if !meta.is_dir() => return Ok(None),
        Ok(_) => {}
    }
    for entry in walkdir::WalkDir::new(folder).min_depth(1) {
        let entry = entry.map_err(io::Error::other)?;
        let kind = entry.file_type();
        if kind.is_file() {
            names.push(relative_name(folder, entry.path())?);
        } else if !kind.is_dir() {
            return Ok(None);
        }
    }
    Ok(Some(names))
}

/// `path` under `folder` as a `/`-separated relative path.
fn relative_name(folder: &Path, path: &Path) -> io::Result<String> {
    let relative = path.strip_prefix(folder).map_err(io::Error::other)?;
    let parts: Vec<_> = relative.components().map(|c| c.as_os_str().to_string_lossy()).collect();
    Ok(parts.join("/"))
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

    /// Removes a file, if there is one at `path`.
    pub fn remove(&mut self, path: &str) {
        self.files.remove(path);
    }

    /// The paths of the files in `folder` (ending in `/`) and its subfolders, in path order.
    pub fn paths_under<'a>(&'a self, folder: &'a str) -> impl Iterator<Item = &'a str> {
        let from = folder.to_string();
        self.files.range(from..).map(|(p, _)| p.as_str()).take_while(move |p| p.starts_with(folder))
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

/// The problem of a build that stopped because its sink did (see [`Sink::stopped`]); the CLI,
/// which set the sink's stop flag, reports the interruption in its own words.
pub fn interrupted() -> crate::diagnostic::Diagnostic {
    crate::diagnostic::Diagnostic::error("interrupted", ".", "the build was interrupted before it finished")
}

/// The diagnostic for a file of the site that could not be stored.
pub fn write_error(path: &str, error: &io::Error) -> crate::diagnostic::Diagnostic {
    crate::diagnostic::Diagnostic::error("io", path, format!("cannot write the file: {error}"))
        .with_help("check that the output folder's disk has space and is writable")
}

/// A sink that keeps nothing: the build still renders and checks every page.
#[derive(Debug, Clone, Copy, Default)]
pub struct Discard;

impl Sink for Discard {
    fn put(&self, _path: &str, _bytes: Vec<u8>) -> io::Result<()> {
        Ok(())
    }
}

/// Refuses output folders that would destroy the site itself: the site root, `/`, a folder that
/// holds `content/` or `themes/`, or one inside `content/` or `themes/`. Also refuses a folder
/// that is a symbolic link, or one inside the site reached through a link: a pull request can
/// commit `public` (or `build`, for `--out build/site`) as a link to `~/.ssh`, and a build
/// writing there would empty the target's folders.
pub fn check_out_dir(root: &Path, out: &Path) -> Result<(), String> {
    check_out_path(root, out)?;
    if std::fs::symlink_metadata(out).is_ok_and(|meta| meta.file_type().is_symlink()) {
        return Err(format!(
            "refusing to use {} as the output folder: it is a symbolic link, and glosa never writes through one",
            out.display()
        ));
    }
    let (root, out) = (absolute(root), absolute(out));
    if out.strip_prefix(&root).is_ok_and(|rel| crate::confine::linked(&root, rel)) {
        return Err(format!(
            "refusing to use {} as the output folder: it is reached through a symbolic link inside the site, and glosa never writes through one",
            out.display()
        ));
    }
    Ok(())
}

/// The path `p`, made absolute against the working directory, with `.` and `..` resolved.
fn absolute(p: &Path) -> PathBuf {
    let absolute = if p.is_absolute() { p.to_path_buf() } else { std::env::current_dir().unwrap_or_default().join(p) };
    normalize(&absolute)
}

/// The checks of [`check_out_dir`] made on the paths alone.
fn check_out_path(root: &Path, out: &Path) -> Result<(), String> {
    let root = absolute(root);
    let out = absolute(out);
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

    #[cfg(unix)]
    #[test]
    fn out_dir_may_not_be_a_link_nor_be_reached_through_one_in_the_site() {
        let dir = tempfile::tempdir().unwrap();
        let (root, outside) = (dir.path().join("site"), dir.path().join("outside"));
        std::fs::create_dir_all(root.join("content")).unwrap();
        std::fs::create_dir_all(root.join("real")).unwrap();
        std::fs::create_dir_all(&outside).unwrap();
        std::os::unix::fs::symlink(&outside, root.join("public")).unwrap();
        std::os::unix::fs::symlink(&outside, root.join("build")).unwrap();
        std::os::unix::fs::symlink("real", root.join("inside")).unwrap();
        let refused = check_out_dir(&root, &root.join("public")).unwrap_err();
        assert!(refused.contains("is a symbolic link"), "{refused}");
        for through_a_link in ["build/site", "inside/site"] {
            let refused = check_out_dir(&root, &root.join(through_a_link)).unwrap_err();
            assert!(refused.contains("reached through a symbolic link"), "{refused}");
        }
        assert!(check_out_dir(&root, &root.join("real/site")).is_ok());
        assert!(check_out_dir(&root, &outside.join("site")).is_ok(), "--out may name any folder");
    }
}
