//! Images stage (after load, before render): what glosa knows of each picture under `content/`
//! — its pixel size with the camera's orientation applied, its byte size, and the resized WebP
//! variants it is published with — so the render stage can write `<img>` with `width`, `height`
//! and `srcset` and report a broken picture at the line that shows it.
//!
//! This module holds the pure parts: reading a picture's header ([`decode::probe`]), decoding and
//! resizing it ([`resize::variant`]), an SVG's size ([`svg::size`]), and which variants a picture
//! gets and what they are called ([`variant_widths`], [`variant_path`]). Which variants an
//! earlier build already made, and so are not made again, is the cache's decision
//! (`cache::images`).

pub mod decode;
pub mod resize;
pub mod svg;

use std::collections::BTreeMap;

/// The widths, in pixels, of the resized copies of a picture: a phone, a tablet, the article
/// column at 2× and a wide screen at 2×.
pub const VARIANT_WIDTHS: [u32; 4] = [480, 800, 1200, 1600];

/// The `sizes` attribute of an image in an article: the default theme's article column is
/// `--measure: 36rem` wide from 40rem up, and the screen less its padding below.
pub const SIZES: &str = "(min-width: 40rem) 36rem, 100vw";

/// The folder of the output the variants are written in; their names carry a content hash, so
/// `_headers` caches the folder forever.
pub const VARIANT_DIR: &str = "_img";

/// What kind of picture a file is, by its extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// JPEG, PNG or WebP: decoded, measured and resized.
    Raster,
    /// SVG: copied as it is, measured by its `viewBox`.
    Svg,
}

impl Kind {
    /// The kind of the file at `path`, or `None` when it is no picture glosa measures.
    pub fn of(path: &str) -> Option<Kind> {
        let ext = path.rsplit_once('.')?.1.to_ascii_lowercase();
        match ext.as_str() {
            "jpg" | "jpeg" | "png" | "webp" => Some(Kind::Raster),
            "svg" => Some(Kind::Svg),
            _ => None,
        }
    }
}

/// One resized copy of a picture.
#[derive(Debug, Clone, Hash, PartialEq, Eq)]
pub struct Variant {
    /// Its width in pixels.
    pub width: u32,
    /// Its path in the output, under [`VARIANT_DIR`].
    pub path: String,
}

/// What is known of one picture of the site.
#[derive(Debug, Clone, Hash, PartialEq, Eq)]
pub struct Facts {
    /// Width in pixels as shown (the camera's orientation applied); an SVG's `viewBox` width.
    pub width: Option<u32>,
    /// Height in pixels as shown.
    pub height: Option<u32>,
    /// Size of the file in bytes.
    pub bytes: u64,
    /// The resized copies, narrowest first (none for an SVG or with `resize: false`).
    pub variants: Vec<Variant>,
}

/// A picture: its facts, or why it cannot be shown.
#[derive(Debug, Clone, Hash, PartialEq, Eq)]
pub enum Picture {
    /// Read and measured.
    Shown(Facts),
    /// It cannot be decoded; the reason.
    Broken(String),
}

/// Every picture of the site by its path in the output (`articles/map.png`), and the size limit
/// to warn at. Rendering reads it; a fingerprint of it keys the rendered bodies.
#[derive(Debug, Clone, Default, Hash, PartialEq, Eq)]
pub struct ImageTable {
    /// The pictures, by output path.
    pub pictures: BTreeMap<String, Picture>,
    /// `images.max_bytes` of `site.yaml`.
    pub max_bytes: u64,
}

/// A table with no pictures, for rendering outside a site build (tests, benchmarks).
pub static NO_IMAGES: ImageTable = ImageTable { pictures: BTreeMap::new(), max_bytes: u64::MAX };

/// The widths of the variants of a picture `original` pixels wide: each of [`VARIANT_WIDTHS`]
/// narrower than it (never an enlargement), and the original width itself when it is narrower
/// than the widest, so the full-size picture is there in WebP too.
pub fn variant_widths(original: u32) -> Vec<u32> {
    let mut widths: Vec<u32> = VARIANT_WIDTHS.into_iter().filter(|&w| w < original).collect();
    if original > 0 && original < VARIANT_WIDTHS[VARIANT_WIDTHS.len() - 1] {
        widths.push(original);
    }
    widths
}

/// Bumped whenever the variants glosa makes change (resizing filter, encoder settings), so a
/// variant's name, and a cached copy, never stands for two different pictures.
const VARIANT_RECIPE: u32 = 1;

/// The output path of the variant `width` pixels wide of the picture at `asset` whose bytes
/// hash to `source_hash`: `_img/map-800.1a2b3c4d.webp`. The hash in the name covers the source's
/// bytes, the width and the recipe, so the file can be cached forever.
pub fn variant_path(asset: &str, source_hash: u64, width: u32) -> String {
    let name = asset.rsplit('/').next().unwrap_or(asset);
    let stem = name.rsplit_once('.').map_or(name, |(stem, _)| stem);
    let stem: String = stem.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' { c } else { '-' }).collect();
    let key = crate::hash::fnv1a(format!("{source_hash:016x}/{width}/{VARIANT_RECIPE}").as_bytes());
    format!("{VARIANT_DIR}/{stem}-{width}.{:08x}.webp", key as u32)
}

/// The `srcset` of `facts`'s variants, with `url` making a site path a URL.
pub fn srcset(facts: &Facts, url: impl Fn(&str) -> String) -> Option<String> {
    if facts.variants.is_empty() {
        return None;
    }
    let parts: Vec<String> = facts.variants.iter().map(|v| format!("{} {}w", url(&v.path), v.width)).collect();
    Some(parts.join(", "))
}

/// The caption and the credit of an image's title: `"Caption. | Photo: Name"` splits at the
/// last ` | ` (a pipe with a space each side), the credit after it. A title without one is all
/// caption.
pub fn caption_and_credit(title: &str) -> (&str, Option<&str>) {
    match title.rsplit_once(" | ") {
        Some((caption, credit)) if !credit.trim().is_empty() => (caption.trim(), Some(credit.trim())),
        _ => (title.trim(), None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variants_are_never_wider_than_the_original_and_include_it_when_narrower_than_the_widest() {
        assert_eq!(variant_widths(6000), [480, 800, 1200, 1600]);
        assert_eq!(variant_widths(1600), [480, 800, 1200]);
        assert_eq!(variant_widths(1000), [480, 800, 1000]);
        assert_eq!(variant_widths(300), [300]);
        assert!(variant_widths(0).is_empty());
    }

    #[test]
    fn a_variant_name_changes_with_the_picture_and_the_width_and_keeps_the_stem() {
        let a = variant_path("articles/Map of China.jpg", 1, 800);
        assert!(a.starts_with("_img/Map-of-China-800.") && a.ends_with(".webp"), "{a}");
        assert_ne!(a, variant_path("articles/Map of China.jpg", 2, 800));
        assert_ne!(a, variant_path("articles/Map of China.jpg", 1, 480));
    }

    #[test]
    fn a_credit_follows_the_last_spaced_pipe_and_nothing_else_splits_a_caption() {
        assert_eq!(caption_and_credit("Shanghai, 2019. | Photo: Li Wei"), ("Shanghai, 2019.", Some("Photo: Li Wei")));
        assert_eq!(caption_and_credit("A|B and C — Photo: x"), ("A|B and C — Photo: x", None));
        assert_eq!(caption_and_credit("Caption | "), ("Caption |", None));
    }
}
