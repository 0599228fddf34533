//! Write stage: the one sink every build goes through. Files are collected in memory (so tests
//! and `serve` can read them), then written into a temporary folder beside the output and
//! swapped in only when every file was written: a failed build leaves the old output untouched.

use rayon::prelude::*;
use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

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

    /// The bytes of a file, if the build wrote it.
    pub fn get(&self, path: &str) -> Option<&[u8]> {
        self.files.get(path).map(|b| &b[..])
    }

    /// The stored path and bytes of a file, if the build wrote it.
    pub fn get_key_value(&self, path: &str) -> Option<(&str, &[u8])> {
        self.files.get_key_value(path).map(|(p, b)| (p.as_str(), &b[..]))
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

    /// Writes every file under a fresh temporary folder beside `out`, then replaces `out` with
    /// it. Files of a previous build that this build did not write are gone afterwards; on any
    /// error the temporary folder is removed and `out` is left as it was.
    pub fn write_atomic(&self, out: &Path) -> io::Result<()> {
        self.write_atomic_unless(out, &AtomicBool::new(false))
    }

    /// [`Output::write_atomic`] that gives up as soon as `stop` is set (by a SIGINT or SIGTERM
    /// handler): the temporary folder is removed, `out` is left as it was, and the error is
    /// [`io::ErrorKind::Interrupted`]. Once the swap of the two folders has begun it completes.
    pub fn write_atomic_unless(&self, out: &Path, stop: &AtomicBool) -> io::Result<()> {
        let parent = out.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent).map_err(|e| with_path(e, parent))?;
        let name = out.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_else(|| "public".into());
        let staging = parent.join(format!(".{name}.glosa-new-{}", std::process::id()));
        let previous = parent.join(format!(".{name}.glosa-old-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&staging);
        let written = self.write_into(&staging, stop).and_then(|()| match stop.load(Ordering::SeqCst) {
            true => Err(interrupted()),
            false => Ok(()),
        });
        if let Err(error) = written {
            let _ = std::fs::remove_dir_all(&staging);
            return Err(error);
        }
        let had_previous = out.exists();
        if had_previous {
            if let Err(error) = std::fs::rename(out, &previous) {
                let _ = std::fs::remove_dir_all(&staging);
                return Err(with_path(error, out));
            }
        }
        if let Err(error) = std::fs::rename(&staging, out) {
            if had_previous {
                let _ = std::fs::rename(&previous, out);
            }
            let _ = std::fs::remove_dir_all(&staging);
            return Err(with_path(error, out));
        }
        if had_previous {
            std::fs::remove_dir_all(&previous).map_err(|e| with_path(e, &previous))?;
        }
        Ok(())
    }

    fn write_into(&self, dir: &Path, stop: &AtomicBool) -> io::Result<()> {
        std::fs::create_dir_all(dir).map_err(|e| with_path(e, dir))?;
        let mut folders: Vec<PathBuf> =
            self.files.keys().filter_map(|p| Path::new(p).parent().map(|f| dir.join(f))).collect();
        folders.dedup();
        for folder in folders {
            std::fs::create_dir_all(&folder).map_err(|e| with_path(e, &folder))?;
        }
        self.files.par_iter().try_for_each(|(path, bytes)| {
            if stop.load(Ordering::Relaxed) {
                return Err(interrupted());
            }
            let target = dir.join(path);
            std::fs::write(&target, bytes).map_err(|e| with_path(e, &target))
        })
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

    #[test]
    fn write_atomic_replaces_the_old_output_and_removes_stale_files() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let mut first = Output::default();
        first.insert("old.html", b"old".to_vec());
        first.write_atomic(&out).unwrap();
        let mut second = Output::default();
        second.insert("a/index.html", b"new".to_vec());
        second.write_atomic(&out).unwrap();
        assert!(!out.join("old.html").exists());
        assert_eq!(std::fs::read(out.join("a/index.html")).unwrap(), b"new");
        let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "no staging folders left behind");
    }

    #[test]
    fn an_interrupted_write_keeps_the_old_output_and_leaves_no_staging_folder() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let mut first = Output::default();
        first.insert("old.html", b"old".to_vec());
        first.write_atomic(&out).unwrap();
        let mut second = Output::default();
        second.insert("new.html", b"new".to_vec());
        let error = second.write_atomic_unless(&out, &AtomicBool::new(true)).unwrap_err();
        assert_eq!(error.kind(), io::ErrorKind::Interrupted);
        assert_eq!(std::fs::read(out.join("old.html")).unwrap(), b"old");
        assert!(!out.join("new.html").exists());
        let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "no staging folders left behind");
    }
}
