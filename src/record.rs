//! What `glosa build --incremental` remembers of the build that wrote an output folder, in
//! `ROOT/.glosa-cache/output-<hash of the folder's path>.json`: the key of every page (a hash
//! of everything it was rendered from) and the size and modification time of every file. The
//! next incremental build keeps a page instead of rendering it when its key and its files are
//! unchanged.
//!
//! A record is only used by the same glosa executable (it is keyed by a checksum of the binary, so
//! a new version never reuses pages an older one rendered), for the same output folder and the
//! same `--precompress` setting; otherwise the build renders everything and writes a new record.

use crate::incremental::hash_of;
use crate::output::FileStamps;
use crate::theme::pages::PageKeys;
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
        std::fs::create_dir_all(root.join(CACHE_DIR))?;
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

/// Writes `bytes` to `path` through a temporary file beside it (named after this process) and a
/// rename, so a reader finds the old file or the new one, never half of one.
pub fn replace_file(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut temporary = path.as_os_str().to_owned();
    temporary.push(format!(".{}", std::process::id()));
    std::fs::write(&temporary, bytes)?;
    std::fs::rename(&temporary, path)
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

/// Remembers, under `root`, that a build of that site wrote the output folder `out`, so later
/// builds may replace it without `--force` (see [`wrote_output`]). The mark is named by a
/// checksum of the folder's path that stays the same across glosa and Rust versions.
pub fn mark_output(root: &Path, out: &Path) -> io::Result<()> {
    let identity = output_identity(out);
    std::fs::create_dir_all(root.join(CACHE_DIR))?;
    replace_file(&output_mark(root, &identity), identity.as_os_str().as_encoded_bytes())
}

/// Whether a build of the site at `root` wrote the output folder `out` (see [`mark_output`]).
pub fn wrote_output(root: &Path, out: &Path) -> bool {
    let identity = output_identity(out);
    std::fs::read(output_mark(root, &identity)).is_ok_and(|held| held == identity.as_os_str().as_encoded_bytes())
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
