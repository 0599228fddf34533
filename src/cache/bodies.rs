//! Rendered bodies kept on disk for `glosa build --incremental`, in `ROOT/.glosa-cache/bodies/`,
//! so an unchanged document is not rendered again. A body is kept under a key hashing its
//! document's path and text, the render environment and the glosa executable, and is reused only
//! if the one-sentence definitions of the terms it mentions (shown in its popovers) are also
//! unchanged. Bodies with diagnostics are not kept, so their warnings are reported by every build.
//!
//! The bodies are spread over at most [`SHARDS`] files by key, each entry one line of JSON (the
//! body's data) followed by its HTML as is: a site of any size costs a few hundred files, not one
//! per document (creating inodes is what file systems are slowest at), and an edit rewrites one
//! shard. A shard is replaced whole by a rename, so a reader never sees half of one.
//!
//! Every shard is sealed ([`Seal`]) under a key kept outside the site: a shard committed with a
//! pull request, its HTML made by hand, is not read (its body would be published past
//! `safe: true`). Without a key (no user cache folder), no body is kept or read.

use super::keys::{body_key, definitions_key};
use super::seal::Seal;
use crate::render::Rendered;
use crate::resolve::Glossary;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

/// How many shard files the bodies are spread over.
pub const SHARDS: usize = 256;

/// The bodies on disk; a shard is read the first time a body in it is asked for.
#[derive(Debug)]
pub struct BodyCache {
    /// The site root, whose `.glosa-cache/bodies/` is `dir`.
    root: PathBuf,
    dir: PathBuf,
    /// Hashed into every key: bodies rendered by another glosa are never reused.
    salt: u64,
    /// What shards are sealed with; none keeps no bodies.
    seal: Option<Seal>,
    /// Names of the files in `dir` when the build began.
    files: HashSet<String>,
    /// Shards read so far: the keys they held, and their bodies not yet handed out.
    shards: Vec<OnceLock<Shard>>,
    /// Keys of the bodies [`BodyCache::get`] gave this build.
    used: Mutex<HashSet<u64>>,
}

/// One shard as read from disk.
#[derive(Debug, Default)]
struct Shard {
    keys: HashSet<u64>,
    bodies: Mutex<HashMap<u64, (u64, Rendered)>>,
}

/// The line of JSON before each body's HTML (`B` is `&Rendered` when writing, `Rendered` when
/// reading).
#[derive(Serialize, Deserialize)]
struct Header<B> {
    key: u64,
    /// [`definitions_key`] of the body when it was kept.
    definitions: u64,
    /// Bytes of HTML after the header.
    html_len: usize,
    body: B,
}

impl BodyCache {
    /// The bodies kept under `root`, for the glosa executable whose hash is `salt`, sealed with
    /// this user's [`Seal`]. A folder that does not exist, cannot be read or is reached through a
    /// symbolic link holds none.
    pub fn open(root: &Path, salt: u64) -> BodyCache {
        BodyCache::open_sealed(root, salt, Seal::of_this_user().ok())
    }

    /// The bodies kept under `root` for the glosa executable whose hash is `salt`, as sealed
    /// with `seal` (none: no bodies).
    pub fn open_sealed(root: &Path, salt: u64, seal: Option<Seal>) -> BodyCache {
        let dir = root.join(super::record::CACHE_DIR).join("bodies");
        let linked = super::record::linked_cache(root, &dir);
        let files = std::fs::read_dir(&dir)
            .ok()
            .filter(|_| !linked && seal.is_some())
            .map(|entries| {
                // Only shard files: the folder is the cache's, but whatever else is there stays.
                let names = entries.filter_map(|entry| entry.ok()?.file_name().into_string().ok());
                names.filter(|name| name.ends_with(".bodies")).collect()
            })
            .unwrap_or_default();
        let shards = (0..SHARDS).map(|_| OnceLock::new()).collect();
        BodyCache { root: root.to_path_buf(), dir, salt, seal, files, shards, used: Mutex::default() }
    }

    /// The key a document's body is kept under.
    pub fn key(&self, path: &Path, text: &str, environment: u64) -> u64 {
        body_key(self.salt, path, text, environment)
    }

    /// The body kept under `key`, if there is one and the definitions of the terms it mentions
    /// are as they were when it was kept. A shard that cannot be read or parsed holds nothing.
    pub fn get(&self, key: u64, glossary: &Glossary) -> Option<Rendered> {
        let number = shard_of(key);
        let shard = self.shards[number].get_or_init(|| {
            let name = self.shard_name(number);
            let seal = self.seal.as_ref().filter(|_| self.files.contains(&name));
            let read = seal.and_then(|seal| read_shard(&self.dir.join(name), seal));
            read.unwrap_or_default()
        });
        let (definitions, body) = lock(&shard.bodies).remove(&key)?;
        if definitions != definitions_key(&body, glossary) {
            return None;
        }
        lock(&self.used).insert(key);
        Some(body)
    }

    /// Keeps these bodies, each with its document's path and text and the render environment it
    /// was rendered in, for the next build, and only them: a shard is written again when it must
    /// hold a body it did not give this build, or held one no longer wanted.
    pub fn save(&self, bodies: &[(&Path, &str, u64, &Rendered)], glossary: &Glossary) -> io::Result<()> {
        let Some(seal) = &self.seal else { return Ok(()) };
        super::record::cache_folder(&self.root, Some("bodies"))?;
        let used = std::mem::take(&mut *lock(&self.used));
        let keyed: Vec<(u64, &Rendered)> =
            bodies.par_iter().map(|(path, text, env, body)| (self.key(path, text, *env), *body)).collect();
        let mut by_shard: BTreeMap<usize, Vec<(u64, &Rendered)>> = BTreeMap::new();
        for (key, body) in keyed.into_iter().filter(|(_, body)| body.diagnostics.is_empty()) {
            by_shard.entry(shard_of(key)).or_default().push((key, body));
        }
        let stale = |number: usize, entries: &[(u64, &Rendered)]| {
            let held = self.shards[number].get().map(|shard| &shard.keys);
            let all_used = entries.iter().all(|(key, _)| used.contains(key));
            !(all_used && held.is_some_and(|held| held.len() == entries.len()))
        };
        let to_write: Vec<_> = by_shard.iter().filter(|(number, entries)| stale(**number, entries)).collect();
        to_write.par_iter().try_for_each(|(number, entries)| {
            let mut bytes = Vec::new();
            for (key, body) in entries.iter() {
                let header = Header {
                    key: *key,
                    definitions: definitions_key(body, glossary),
                    html_len: body.html.len(),
                    body: *body,
                };
                serde_json::to_writer(&mut bytes, &header).map_err(io::Error::other)?;
                bytes.push(b'\n');
                bytes.extend_from_slice(body.html.as_bytes());
            }
            super::record::replace_file(&self.dir.join(self.shard_name(**number)), &seal.seal(&bytes))
        })?;
        let wanted: HashSet<String> = by_shard.keys().map(|number| self.shard_name(*number)).collect();
        for name in self.files.iter().filter(|name| !wanted.contains(*name)) {
            std::fs::remove_file(self.dir.join(name))?;
        }
        Ok(())
    }

    /// Shard files are named by the glosa executable too, so another version's are never read.
    fn shard_name(&self, number: usize) -> String {
        format!("{:016x}-{number:02x}.bodies", self.salt)
    }
}

fn shard_of(key: u64) -> usize {
    (key % SHARDS as u64) as usize
}

/// The entries of a shard file, if it is whole, well formed and sealed with `seal`.
fn read_shard(path: &Path, seal: &Seal) -> Option<Shard> {
    let bytes = std::fs::read(path).ok()?;
    let mut bodies = HashMap::new();
    let mut rest = seal.open(&bytes)?;
    while !rest.is_empty() {
        let split = rest.iter().position(|&b| b == b'\n')?;
        let header: Header<Rendered> = serde_json::from_slice(&rest[..split]).ok()?;
        let html = rest.get(split + 1..split + 1 + header.html_len)?;
        let html = String::from_utf8(html.to_vec()).ok()?;
        rest = &rest[split + 1 + header.html_len..];
        bodies.insert(header.key, (header.definitions, Rendered { html, ..header.body }));
    }
    Some(Shard { keys: bodies.keys().copied().collect(), bodies: Mutex::new(bodies) })
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}
