//! Tags that prove a cache file was written by glosa on this machine, for this user.
//!
//! `.glosa-cache/` lies in the site's folder, and a pull request can commit one: a body kept there
//! under the right key would be published as is, past `safe: true` (keys hash only what is in the
//! repository and the glosa release, which an attacker knows). So every file glosa keeps there
//! is sealed with a BLAKE3 keyed hash (BLAKE3's MAC mode) under a secret key that never lies in
//! the site: a random key made on first use in the user's cache folder
//! (`$XDG_CACHE_HOME/glosa/cache-key`, else `~/.cache/glosa/cache-key`, or
//! `%LOCALAPPDATA%\glosa\cache-key` on Windows). A file whose tag does not match is not read.

use std::io;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// Bytes of a tag.
const TAG_LEN: usize = blake3::OUT_LEN;

/// The secret a cache file's tag is keyed by.
#[derive(Clone)]
pub struct Seal {
    key: [u8; blake3::KEY_LEN],
}

impl std::fmt::Debug for Seal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Seal(..)")
    }
}

impl Seal {
    /// This user's seal, read (or made, the first time) once per process; an error when there is
    /// no cache folder to keep its key in or the key cannot be read or written: glosa then keeps
    /// no bodies, and renders everything.
    pub fn of_this_user() -> io::Result<Seal> {
        static SEAL: OnceLock<Result<Seal, String>> = OnceLock::new();
        let seal = SEAL.get_or_init(|| {
            let folder = user_cache_folder().ok_or("no cache folder: neither XDG_CACHE_HOME nor HOME is set")?;
            Seal::kept_in(&folder.join("glosa")).map_err(|error| error.to_string())
        });
        seal.clone().map_err(io::Error::other)
    }

    /// The seal whose key is kept in `folder/cache-key`, made at random if it is not there yet.
    /// A key is written to a file of its own and linked into place, so two glosas starting at
    /// once agree on one key.
    pub fn kept_in(folder: &Path) -> io::Result<Seal> {
        let path = folder.join("cache-key");
        if let Some(seal) = read_key(&path)? {
            return Ok(seal);
        }
        std::fs::create_dir_all(folder)?;
        let mut key = [0u8; blake3::KEY_LEN];
        getrandom::fill(&mut key).map_err(|error| io::Error::other(error.to_string()))?;
        let temporary = folder.join(format!("cache-key.{}", std::process::id()));
        write_private(&temporary, &key)?;
        let linked = std::fs::hard_link(&temporary, &path);
        std::fs::remove_file(&temporary)?;
        match linked {
            Ok(()) => Ok(Seal { key }),
            Err(error) if error.kind() == io::ErrorKind::AlreadyExists => {
                read_key(&path)?.ok_or_else(|| io::Error::other(format!("{} is not a key", path.display())))
            }
            Err(error) => Err(error),
        }
    }

    /// `bytes` with their tag in front.
    pub fn seal(&self, bytes: &[u8]) -> Vec<u8> {
        let mut sealed = Vec::with_capacity(TAG_LEN + bytes.len());
        sealed.extend_from_slice(blake3::keyed_hash(&self.key, bytes).as_bytes());
        sealed.extend_from_slice(bytes);
        sealed
    }

    /// What [`Seal::seal`] sealed, if `sealed` is that and this seal's tag is in front.
    pub fn open<'a>(&self, sealed: &'a [u8]) -> Option<&'a [u8]> {
        let (tag, bytes) = sealed.split_at_checked(TAG_LEN)?;
        // blake3::Hash compares in constant time.
        (blake3::keyed_hash(&self.key, bytes) == *<&[u8; TAG_LEN]>::try_from(tag).ok()?).then_some(bytes)
    }
}

/// The user's folder for caches, which no site's files lie in.
fn user_cache_folder() -> Option<PathBuf> {
    let set = |name: &str| std::env::var_os(name).filter(|value| !value.is_empty()).map(PathBuf::from);
    if cfg!(windows) {
        return set("LOCALAPPDATA");
    }
    set("XDG_CACHE_HOME").filter(|path| path.is_absolute()).or_else(|| set("HOME").map(|home| home.join(".cache")))
}

/// The key in the file at `path`, or none when there is no file.
fn read_key(path: &Path) -> io::Result<Option<Seal>> {
    match std::fs::read(path) {
        Ok(bytes) => match <[u8; blake3::KEY_LEN]>::try_from(bytes.as_slice()) {
            Ok(key) => Ok(Some(Seal { key })),
            Err(_) => Err(io::Error::other(format!("{} is not a key of glosa's: remove it", path.display()))),
        },
        Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(error) => Err(error),
    }
}

/// Writes a new file only its owner may read.
fn write_private(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    io::Write::write_all(&mut options.open(path)?, bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_one_seal_sealed_it_opens_and_another_seal_does_not() {
        let dir = tempfile::tempdir().unwrap();
        let mine = Seal::kept_in(&dir.path().join("a")).unwrap();
        let theirs = Seal::kept_in(&dir.path().join("b")).unwrap();
        let sealed = mine.seal(b"<p>body</p>");
        assert_eq!(mine.open(&sealed), Some(&b"<p>body</p>"[..]));
        assert_eq!(theirs.open(&sealed), None, "a file sealed under another key");
        let mut forged = sealed.clone();
        *forged.last_mut().unwrap() = b'!';
        assert_eq!(mine.open(&forged), None, "a sealed file changed after");
        assert_eq!(mine.open(b"short"), None);
    }

    #[test]
    fn the_key_is_made_once_and_read_back_after() {
        let dir = tempfile::tempdir().unwrap();
        let first = Seal::kept_in(dir.path()).unwrap();
        let again = Seal::kept_in(dir.path()).unwrap();
        assert_eq!(first.key, again.key);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "no temporary file is left");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.path().join("cache-key")).unwrap().permissions().mode();
            assert_eq!(mode & 0o077, 0, "only its owner may read the key");
        }
    }

    #[test]
    fn a_key_file_of_the_wrong_size_is_an_error_that_says_what_to_do() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("cache-key"), b"not a key").unwrap();
        let error = Seal::kept_in(dir.path()).unwrap_err().to_string();
        assert!(error.contains("remove it"), "{error}");
    }
}
