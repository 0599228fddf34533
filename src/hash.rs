//! Shared helper: the hashes glosa keys things by.

use std::hash::{DefaultHasher, Hash, Hasher};

/// A hash for cache keys, kept in memory or in `.glosa-cache/` (whose files are keyed by the
/// glosa executable too, so a hasher that may change between Rust versions will do).
pub fn hash_of(value: impl Hash) -> u64 {
    let mut hasher = DefaultHasher::new();
    value.hash(&mut hasher);
    hasher.finish()
}

/// FNV-1a: a small, stable, non-cryptographic hash (the same on every machine and release).
pub fn fnv1a(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &byte in bytes {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}
