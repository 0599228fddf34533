//! What `glosa build --incremental` remembers of the build that wrote an output folder, in
//! `ROOT/.glosa-cache/output-<hash of the folder's path>.json`: the key of every page (a hash
//! of everything it was rendered from) and the size and modification time of every file. The
//! next incremental build keeps a page instead of rendering it when its key and its files are
//! unchanged.
//!
//! A record is only used by the same glosa executable (it is keyed by a checksum of the binary, so
//! a new version never reuses pages an older one rendered), for the same output folder and the
//! same `--precompress` setting; otherwise the build renders everything and writes a new record.

use super::bodies::BodyCache;
use super::pages::PageKeys;
use crate::hash::hash_of;
use crate::output::{Committed, FileStamps};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The folder, under the site root, that build records are kept in.
pub const CACHE_DIR: &str = ".glosa-cache";

/// The record of one build's output folder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BuildRecord {
    /// A hash of the glosa executable that made the build.
    glosa: u64,
    /// The output folder, as an absolute path.
    out: PathBuf,
    /// Whether the build wrote `.gz` and `.br` siblings.
    precompress: bool,
    /// Page keys by output path.
    pages: BTreeMap<String, u64>,
    /// Every file of the output folder after the build.
    files: FileStamps,
}

/// What a record offers the build that reads it.
#[derive(Debug, Default)]
pub struct Reusable {
    /// The page keys of the build that wrote the output folder.
    pub pages: PageKeys,
    /// Its files as it left them.
    pub files: FileStamps,
}

impl BuildRecord {
    /// The record of a build of `out` that left its `files` with these page keys.
    pub fn of_output(out: &Path, precompress: bool, pages: PageKeys, files: FileStamps) -> io::Result<BuildRecord> {
        Ok(BuildRecord {
            glosa: executable_hash()?,
            out: absolute(out),
            precompress,
            pages: pages.into_iter().collect(),
            files,
        })
    }

    /// Where the record of the output folder `out` of the site at `root` is kept.
    pub fn path(root: &Path, out: &Path) -> PathBuf {
        root.join(CACHE_DIR).join(format!("output-{:016x}.json", hash_of(absolute(out))))
    }

    /// What the record of `out` kept under `root` offers a build of it: nothing when there is
    /// none, it cannot be read, or it was written by another glosa or with another `--precompress`
    /// setting (the reason is returned then, unless there was no record).
    pub fn reusable(root: &Path, out: &Path, precompress: bool) -> Result<Reusable, Option<String>> {
        let path = Self::path(root, out);
        if linked_cache(root, &path) {
            return Err(Some(format!("{} is reached through a symbolic link", path.display())));
        }
        let text = match std::fs::read(&path) {
            Ok(text) => text,
            Err(error) if error.kind() == io::ErrorKind::NotFound => return Err(None),
            Err(error) => return Err(Some(format!("cannot read {}: {error}", path.display()))),
        };
        let record: BuildRecord = serde_json::from_slice(&text)
            .map_err(|error| Some(format!("{} is not a build record ({error})", path.display())))?;
        if record.glosa != executable_hash().map_err(|e| Some(format!("cannot read glosa's executable: {e}")))? {
            return Err(Some("it was written by another version of glosa".into()));
        }
        if record.out != absolute(out) {
            return Err(Some(format!("it is for the output folder {}", record.out.display())));
        }
        if record.precompress != precompress {
            return Err(Some("the previous build was made with another --precompress setting".into()));
        }
        Ok(Reusable { pages: record.pages.into_iter().collect(), files: record.files })
    }

    /// Stores the record under `root`, replacing the previous one of its folder at once (a
    /// reader never sees half of one).
    pub fn write(&self, root: &Path) -> io::Result<()> {
        cache_folder(root, None)?;
        replace_file(&Self::path(root, &self.out), &serde_json::to_vec(self).map_err(io::Error::other)?)
    }

    /// Removes the record of `out` kept under `root`, if any: a build of `out` that did not
    /// record its pages makes it stale.
    pub fn remove(root: &Path, out: &Path) -> io::Result<()> {
        match std::fs::remove_file(Self::path(root, out)) {
            Err(error) if error.kind() != io::ErrorKind::NotFound => Err(error),
            _ => Ok(()),
        }
    }
}

/// What earlier builds left for an incremental build of `out`: the record of the build that
/// wrote it (empty when there is none or it cannot be used) with the reason it cannot be, if
/// there was one, and the bodies kept under `root`. An error when glosa cannot read its own
/// executable, which everything kept is keyed by: the build is then a clean one.
pub fn previous_build(root: &Path, out: &Path, precompress: bool) -> io::Result<(Reusable, BodyCache, Option<String>)> {
    let salt = executable_hash()?;
    let (record, unusable) = match BuildRecord::reusable(root, out, precompress) {
        Ok(record) => (record, None),
        Err(reason) => (Reusable::default(), reason),
    };
    Ok((record, BodyCache::open(root, salt), unusable))
}

/// After a committed build of `out`: records its page keys and files (`built`) for the next
/// incremental build, or, for a build that kept no keys, removes the record of an earlier one,
/// which no longer describes the folder.
pub fn record_build(
    root: &Path,
    out: &Path,
    precompress: bool,
    built: Option<(PageKeys, Committed)>,
) -> io::Result<()> {
    match built {
        Some((keys, committed)) => committed
            .stamps()
            .and_then(|files| BuildRecord::of_output(out, precompress, keys, files))
            .and_then(|record| record.write(root)),
        None => BuildRecord::remove(root, out),
    }
}

/// Writes `bytes` to `path` through a temporary file beside it (named after this process) and a
/// rename, so a reader finds the old file or the new one, never half of one. The temporary file
/// is created afresh: whatever stood at its name (a symbolic link committed to the cache folder,
/// say) is removed, never written through.
pub fn replace_file(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut temporary = path.as_os_str().to_owned();
    temporary.push(format!(".{}", std::process::id()));
    match std::fs::remove_file(&temporary) {
        Err(error) if error.kind() != io::ErrorKind::NotFound => return Err(error),
        _ => {}
    }
    let mut file = std::fs::OpenOptions::new().write(true).create_new(true).open(&temporary)?;
    std::io::Write::write_all(&mut file, bytes)?;
    drop(file);
    std::fs::rename(&temporary, path)
}

/// The cache folder `root/.glosa-cache/` (or its subfolder `sub`), created as needed, unless it
/// is reached through a symbolic link: the folder may come with a pull request, and a link there
/// (`.glosa-cache/bodies -> ~/.ssh`) would have glosa write and delete files elsewhere.
pub fn cache_folder(root: &Path, sub: Option<&str>) -> io::Result<PathBuf> {
    let rel: PathBuf = std::iter::once(CACHE_DIR).chain(sub).collect();
    if crate::confine::linked(root, &rel) {
        let message = format!("{} is reached through a symbolic link; glosa keeps no cache through one", rel.display());
        return Err(io::Error::other(message));
    }
    let folder = root.join(rel);
    std::fs::create_dir_all(&folder)?;
    Ok(folder)
}

/// Whether the cache file at `path` (under `root/.glosa-cache/`) is reached through a symbolic
/// link, and so is neither read nor written.
pub fn linked_cache(root: &Path, path: &Path) -> bool {
    path.strip_prefix(root).is_ok_and(|rel| crate::confine::linked(root, rel))
}

/// A hash of the running glosa executable's bytes (their length and CRC-32), which build
/// records and kept bodies are keyed by (read once per process): another glosa's are never used,
/// and the same binary installed again (a CI job fetching the release anew) still finds them.
/// CRC-32 because crc32fast checksums at memory speed, optimised in debug builds too (see
/// Cargo.toml): SipHash over the executable took 19 ms at every start, and 0.9 s in a debug build.
pub fn executable_hash() -> io::Result<u64> {
    static HASH: OnceLock<Result<u64, String>> = OnceLock::new();
    let hash = HASH.get_or_init(|| {
        let bytes = std::env::current_exe().and_then(std::fs::read).map_err(|error| error.to_string())?;
        Ok(hash_of((bytes.len(), crc32fast::hash(&bytes))))
    });
    hash.clone().map_err(io::Error::other)
}

/// How many of the files a build left in the output folder its mark records.
const MARKED_FILES: usize = 16;

/// Remembers, under `root`, that a build of that site wrote the output folder `out`, so later
/// builds may replace it without `--force` (see [`wrote_output`]). The mark is named by a
/// checksum of the folder's path that stays the same across glosa and Rust versions, and holds
/// the path and the size and modification time (to the nanosecond) of some of the files the
/// build left there. `.glosa-cache/` may come with a pull request, which can name any folder in
/// a mark, but cannot know those times of files in a folder no build of the site wrote.
pub fn mark_output(root: &Path, out: &Path) -> io::Result<()> {
    let identity = output_identity(out);
    cache_folder(root, None)?;
    let mut mark = identity.as_os_str().as_encoded_bytes().to_vec();
    for (name, stamp) in first_files(out, MARKED_FILES)? {
        mark.extend_from_slice(format!("\n{} {} {name}", stamp.len, stamp.modified).as_bytes());
    }
    replace_file(&output_mark(root, &identity), &mark)
}

/// Whether a build of the site at `root` wrote the output folder `out` (see [`mark_output`]):
/// the mark names the folder, and one of the files it records is still there as the build left
/// it (a folder emptied since is replaceable anyway).
pub fn wrote_output(root: &Path, out: &Path) -> bool {
    let identity = output_identity(out);
    let path = output_mark(root, &identity);
    if linked_cache(root, &path) {
        return false;
    }
    let Ok(held) = std::fs::read(&path) else { return false };
    let mut lines = held.split(|&byte| byte == b'\n');
    lines.next() == Some(identity.as_os_str().as_encoded_bytes()) && lines.any(|line| left_as_marked(out, line))
}

/// The first `count` files of the folder `out` in name order, with their stamps.
fn first_files(out: &Path, count: usize) -> io::Result<Vec<(String, crate::output::FileStamp)>> {
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(out).min_depth(1).sort_by_file_name() {
        let entry = entry.map_err(io::Error::other)?;
        if entry.file_type().is_file() {
            let name = crate::diagnostic::display_path(entry.path().strip_prefix(out).map_err(io::Error::other)?);
            files.push((name, crate::output::FileStamp::from_metadata(&entry.metadata().map_err(io::Error::other)?)?));
            if files.len() == count {
                break;
            }
        }
    }
    Ok(files)
}

/// Whether the file a line of a mark records (`<size> <modified> <path>`) is in `out` with that
/// size and modification time.
fn left_as_marked(out: &Path, line: &[u8]) -> bool {
    let Ok(line) = std::str::from_utf8(line) else { return false };
    let mut parts = line.splitn(3, ' ');
    let (Some(len), Some(modified), Some(name)) = (parts.next(), parts.next(), parts.next()) else { return false };
    if !Path::new(name).components().all(|part| matches!(part, std::path::Component::Normal(_))) {
        return false;
    }
    let Ok(meta) = std::fs::symlink_metadata(out.join(name)) else { return false };
    let stamp = crate::output::FileStamp::from_metadata(&meta);
    meta.is_file() && stamp.is_ok_and(|stamp| stamp.len.to_string() == len && stamp.modified.to_string() == modified)
}

/// Where the mark of the output folder whose [`output_identity`] is `identity` is kept.
fn output_mark(root: &Path, identity: &Path) -> PathBuf {
    let checksum = crc32fast::hash(identity.as_os_str().as_encoded_bytes());
    root.join(CACHE_DIR).join(format!("wrote-{checksum:08x}"))
}

/// The folder's path with symbolic links and `..` resolved when it exists.
fn output_identity(out: &Path) -> PathBuf {
    std::fs::canonicalize(out).unwrap_or_else(|_| absolute(out))
}

fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn replacing_a_file_never_writes_through_a_link_at_its_temporary_name() {
        let dir = tempfile::tempdir().unwrap();
        let (path, victim) = (dir.path().join("record.json"), dir.path().join("victim"));
        std::fs::write(&victim, "keep").unwrap();
        let temporary = format!("{}.{}", path.display(), std::process::id());
        std::os::unix::fs::symlink(&victim, temporary).unwrap();
        replace_file(&path, b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
    }

    #[test]
    fn a_mark_holds_while_a_file_is_as_the_build_left_it_and_a_forged_one_never() {
        let dir = tempfile::tempdir().unwrap();
        let (root, out) = (dir.path().join("site"), dir.path().join("out"));
        std::fs::create_dir_all(out.join("a")).unwrap();
        std::fs::write(out.join("a/index.html"), "a").unwrap();
        std::fs::write(out.join("b.html"), "b").unwrap();
        mark_output(&root, &out).unwrap();
        assert!(wrote_output(&root, &out));
        std::fs::write(out.join("b.html"), "changed").unwrap();
        assert!(wrote_output(&root, &out), "one file as it was is enough");
        std::fs::write(out.join("a/index.html"), "changed too").unwrap();
        assert!(!wrote_output(&root, &out), "every file changed since");
        // What a pull request could commit: the folder's name without its files' times.
        let identity = output_identity(&out);
        let forged = format!("{}\n1 0 b.html\n7 1700000000000000000 b.html", identity.display());
        std::fs::write(output_mark(&root, &identity), forged).unwrap();
        assert!(!wrote_output(&root, &out));
    }

    #[cfg(unix)]
    #[test]
    fn a_cache_folder_reached_through_a_link_is_not_used() {
        let dir = tempfile::tempdir().unwrap();
        let (root, elsewhere) = (dir.path().join("site"), dir.path().join("elsewhere"));
        std::fs::create_dir_all(&root).unwrap();
        std::fs::create_dir_all(&elsewhere).unwrap();
        std::os::unix::fs::symlink(&elsewhere, root.join(CACHE_DIR)).unwrap();
        assert!(cache_folder(&root, None).is_err() && cache_folder(&root, Some("bodies")).is_err());
        assert!(mark_output(&root, &dir.path().join("out")).is_err());
        assert_eq!(std::fs::read_dir(&elsewhere).unwrap().count(), 0);
    }
}
