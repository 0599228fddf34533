//! Rendered bodies kept on disk for `glosa build --incremental`, in `ROOT/.glosa-cache/bodies/`:
//! one file per document, named by a hash of its path, its text, the render environment and the
//! glosa executable, so an unchanged document is not rendered again. A file holds the body's
//! data as one line of JSON, then its HTML as is. A body is reused only if the one-sentence
//! definitions of the terms it mentions (shown in its popovers) are also unchanged; bodies with
//! diagnostics are not kept, so their warnings are reported by every build.

use crate::incremental::hash_of;
use crate::render::Rendered;
use crate::resolve::Glossary;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::io;
use std::path::{Path, PathBuf};

/// The bodies on disk, as found when the build began.
#[derive(Debug, Default)]
pub struct BodyCache {
    dir: PathBuf,
    /// Hashed into every key: bodies rendered by another glosa are never reused.
    salt: u64,
    /// Keys of the files in `dir`.
    stored: HashSet<u64>,
}

/// The first line of a body file (`B` is `&Rendered` when writing, `Rendered` when reading).
#[derive(Serialize, Deserialize)]
struct Header<B> {
    /// [`definitions_hash`] of the body when it was stored.
    definitions: u64,
    body: B,
}

impl BodyCache {
    /// The bodies kept under `root`, for the glosa executable whose hash is `salt`. A folder that
    /// does not exist or cannot be read holds none.
    pub fn open(root: &Path, salt: u64) -> BodyCache {
        let dir = root.join(crate::record::CACHE_DIR).join("bodies");
        let stored = std::fs::read_dir(&dir)
            .map(|entries| {
                entries
                    .filter_map(|entry| entry.ok()?.file_name().to_str().and_then(|n| u64::from_str_radix(n, 16).ok()))
                    .collect()
            })
            .unwrap_or_default();
        BodyCache { dir, salt, stored }
    }

    /// The key a document's body is kept under.
    pub fn key(&self, path: &Path, text: &str, environment: u64) -> u64 {
        hash_of((self.salt, path, text, environment))
    }

    /// The body kept under `key`, if there is one and the definitions of the terms it mentions
    /// are as they were when it was kept. A file that cannot be read or parsed is ignored.
    pub fn get(&self, key: u64, glossary: &Glossary) -> Option<Rendered> {
        if !self.stored.contains(&key) {
            return None;
        }
        let bytes = std::fs::read(self.file(key)).ok()?;
        let split = bytes.iter().position(|&b| b == b'\n')?;
        let header: Header<Rendered> = serde_json::from_slice(&bytes[..split]).ok()?;
        if header.definitions != definitions_hash(&header.body, glossary) {
            return None;
        }
        let html = String::from_utf8(bytes[split + 1..].to_vec()).ok()?;
        Some(Rendered { html, ..header.body })
    }

    /// Keeps these bodies (by key) for the next build and removes the files of every other: a
    /// body without diagnostics is written unless its file is already there.
    pub fn save(&self, bodies: Vec<(u64, &Rendered)>, glossary: &Glossary) -> io::Result<()> {
        std::fs::create_dir_all(&self.dir)?;
        let kept: HashSet<u64> =
            bodies.iter().filter(|(_, body)| body.diagnostics.is_empty()).map(|(key, _)| *key).collect();
        bodies
            .par_iter()
            .filter(|(key, body)| body.diagnostics.is_empty() && !self.stored.contains(key))
            .try_for_each(|(key, body)| {
                let header = Header { definitions: definitions_hash(body, glossary), body: *body };
                let mut bytes = serde_json::to_vec(&header).map_err(io::Error::other)?;
                bytes.push(b'\n');
                bytes.extend_from_slice(body.html.as_bytes());
                std::fs::write(self.file(*key), bytes)
            })?;
        for stale in self.stored.difference(&kept) {
            std::fs::remove_file(self.file(*stale))?;
        }
        Ok(())
    }

    fn file(&self, key: u64) -> PathBuf {
        self.dir.join(format!("{key:016x}"))
    }
}

/// A hash of the one-sentence definitions of the terms a body mentions.
fn definitions_hash(body: &Rendered, glossary: &Glossary) -> u64 {
    hash_of(body.mentions.iter().map(|m| glossary.terms.get(m.term).map(|term| &term.short)).collect::<Vec<_>>())
}
