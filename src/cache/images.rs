//! Which image variants a build makes and which it reuses: each variant is kept in
//! `ROOT/.glosa-cache/images/` under its own name, which hashes the source picture's bytes, the
//! width and the recipe (see [`crate::images::variant_path`]), so a kept file with that name is
//! that variant and a rebuild with unchanged pictures decodes and encodes nothing. Pictures are
//! handled in parallel (rayon), and a picture's missing widths too. Kept variants that the
//! site's pictures no longer have are removed, so the folder does not grow with every edit.

use super::record::{cache_folder, replace_file};
use crate::diagnostic::{display_path, Diagnostic};
use crate::images::{decode, resize, svg, variant_path, variant_widths, Facts, ImageTable, Kind, Picture, Variant};
use crate::model::ImagesConfig;
use rayon::prelude::*;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// The pictures of a site, measured, with their variants made or taken from the cache.
#[derive(Debug, Default)]
pub struct Prepared {
    /// Every picture by output path.
    pub table: ImageTable,
    /// The variants to publish: output path and bytes.
    pub variants: Vec<(String, Vec<u8>)>,
    /// Variants made (decoded, resized and encoded) by this build.
    pub made: usize,
    /// Variants taken from `.glosa-cache/images/`.
    pub reused: usize,
    /// Problems of the cache itself (a folder that cannot be written): warnings.
    pub problems: Vec<Diagnostic>,
}

/// One picture's part of [`Prepared`].
struct Prepared1 {
    path: String,
    picture: Picture,
    variants: Vec<(String, Vec<u8>)>,
    made: usize,
    problem: Option<Diagnostic>,
}

/// Measures every picture among `assets` (paths under `ROOT/content/`) and, unless
/// `config.resize` is off, makes its variants or reuses those kept under `root`.
pub fn prepare(root: &Path, assets: &[PathBuf], config: ImagesConfig) -> Prepared {
    // The cache folder is made only for a site that has pictures to resize.
    let rasters = assets.iter().any(|asset| Kind::of(&display_path(asset)) == Some(Kind::Raster));
    let folder = (config.resize && rasters).then(|| cache_folder(root, Some("images")));
    let mut prepared =
        Prepared { table: ImageTable { max_bytes: config.max_bytes, ..ImageTable::default() }, ..Prepared::default() };
    if let Some(Err(error)) = &folder {
        prepared.problems.push(cache_warning(&error.to_string()));
    }
    let folder = folder.and_then(Result::ok);
    let pictures: Vec<Prepared1> = (assets.par_iter())
        .with_max_len(1)
        .filter_map(|asset| {
            let path = display_path(asset);
            let kind = Kind::of(&path)?;
            // A file that cannot be read is reported when the build copies it.
            let bytes = std::fs::read(root.join("content").join(asset)).ok()?;
            Some(match kind {
                Kind::Svg => {
                    Prepared1 { picture: svg_picture(&bytes), path, variants: Vec::new(), made: 0, problem: None }
                }
                Kind::Raster => raster(path, &bytes, folder.as_deref()),
            })
        })
        .collect();
    for one in pictures {
        prepared.made += one.made;
        prepared.reused += one.variants.len() - one.made;
        prepared.variants.extend(one.variants);
        prepared.problems.extend(one.problem);
        prepared.table.pictures.insert(one.path, one.picture);
    }
    if let Some(folder) = folder {
        forget_unused(&folder, &prepared.variants);
    }
    prepared
}

/// Removes from the cache `folder` every kept variant that is not one of `used`: the copies of
/// pictures since changed or removed, which no build would ask for again.
fn forget_unused(folder: &Path, used: &[(String, Vec<u8>)]) {
    let used: HashSet<&str> = used.iter().map(|(path, _)| path.rsplit('/').next().unwrap_or(path)).collect();
    let Ok(entries) = std::fs::read_dir(folder) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        // Only the cache's own files: whatever else is there stays.
        if name.ends_with(".webp") && !used.contains(name.as_ref()) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// An SVG's facts: its `viewBox` size.
fn svg_picture(bytes: &[u8]) -> Picture {
    let size = std::str::from_utf8(bytes).ok().and_then(svg::size);
    let facts =
        Facts { width: size.map(|s| s.0), height: size.map(|s| s.1), bytes: bytes.len() as u64, variants: Vec::new() };
    Picture::Shown(facts)
}

/// A JPEG, PNG or WebP picture at output path `path`: measured, and with variants made or
/// reused from `folder` when there is one (`resize: true`).
fn raster(path: String, bytes: &[u8], folder: Option<&Path>) -> Prepared1 {
    let broken = |path: String, why: String| Prepared1 {
        path,
        picture: Picture::Broken(why),
        variants: Vec::new(),
        made: 0,
        problem: None,
    };
    let (width, height) = match decode::probe(bytes) {
        Ok(size) => size,
        Err(why) => return broken(path, why),
    };
    let mut facts = Facts { width: Some(width), height: Some(height), bytes: bytes.len() as u64, variants: Vec::new() };
    let Some(folder) = folder else {
        return Prepared1 { path, picture: Picture::Shown(facts), variants: Vec::new(), made: 0, problem: None };
    };
    let source_hash = crate::hash::fnv1a(bytes);
    facts.variants = (variant_widths(width).into_iter())
        .map(|width| Variant { width, path: variant_path(&path, source_hash, width) })
        .collect();
    let made = match variants_of(bytes, &facts.variants, folder) {
        Ok(made) => made,
        Err(why) => return broken(path, why),
    };
    let mut problem = None;
    for fresh in made.iter().filter(|variant| variant.fresh) {
        if let Err(error) = replace_file(&kept_at(folder, &fresh.path), &fresh.bytes) {
            problem = Some(cache_warning(&error.to_string()));
        }
    }
    let fresh = made.iter().filter(|variant| variant.fresh).count();
    let variants = made.into_iter().map(|variant| (variant.path, variant.bytes)).collect();
    Prepared1 { path, picture: Picture::Shown(facts), variants, made: fresh, problem }
}

/// A variant's output path and bytes, and whether this build made them.
struct Made {
    path: String,
    bytes: Vec<u8>,
    fresh: bool,
}

/// Where the variant at output path `path` is kept in the cache `folder`.
fn kept_at(folder: &Path, path: &str) -> PathBuf {
    folder.join(path.rsplit('/').next().unwrap_or(path))
}

/// The `wanted` variants of the picture `bytes`: those kept in `folder` read from there, the
/// others made in parallel from the picture, decoded once (not at all when all are kept).
fn variants_of(bytes: &[u8], wanted: &[Variant], folder: &Path) -> Result<Vec<Made>, String> {
    let kept: Vec<Option<Vec<u8>>> = wanted.iter().map(|v| std::fs::read(kept_at(folder, &v.path)).ok()).collect();
    if kept.iter().all(Option::is_some) {
        let reuse = |(v, bytes): (&Variant, Option<Vec<u8>>)| Made {
            path: v.path.clone(),
            bytes: bytes.unwrap_or_default(),
            fresh: false,
        };
        return Ok(wanted.iter().zip(kept).map(reuse).collect());
    }
    let picture = decode::decode(bytes)?.to_rgba8();
    (wanted.par_iter().zip(kept))
        .map(|(variant, kept)| {
            let path = variant.path.clone();
            match kept {
                Some(bytes) => Ok(Made { path, bytes, fresh: false }),
                None => resize::variant(&picture, variant.width).map(|bytes| Made { path, bytes, fresh: true }),
            }
        })
        .collect()
}

/// The warning for an image cache that cannot be written: the site builds, the next build makes
/// the variants again.
fn cache_warning(error: &str) -> Diagnostic {
    Diagnostic::warning("io", super::record::CACHE_DIR, format!("cannot keep the resized images: {error}"))
        .with_help("the next build resizes the pictures again; check that the folder can be written")
}
