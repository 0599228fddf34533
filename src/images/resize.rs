//! Making a variant: a decoded picture scaled to a width and encoded as WebP.
//!
//! Scaling uses `fast_image_resize` (Lanczos3 convolution, SIMD): for a 6000 × 4000 photo
//! scaled to 1600 it took a fraction of `image::imageops::resize`'s time with the same filter
//! (benches/README.md has the numbers). Encoding uses libwebp through the `webp` crate: the
//! `image` crate's own WebP encoder is lossless only, which makes photos larger than the JPEG
//! they came from. The encoder is given pixels only, so a variant carries no metadata: no
//! EXIF (GPS position, camera, time), no XMP, no ICC profile.

use fast_image_resize::images::{Image, ImageRef};
use fast_image_resize::{PixelType, ResizeOptions, Resizer};
use image::RgbaImage;

/// The WebP quality of the variants (0–100): 80 keeps photos free of visible artefacts at about
/// a third of a JPEG's size at quality 90.
pub const QUALITY: f32 = 80.0;

/// `picture` scaled to `width` pixels wide (its aspect kept), encoded as lossy WebP.
pub fn variant(picture: &RgbaImage, width: u32) -> Result<Vec<u8>, String> {
    let (pixels, target_width, target_height) = scaled(picture, width)?;
    let encoder = webp::Encoder::from_rgba(&pixels, target_width, target_height);
    let encoded = encoder.encode_simple(false, QUALITY).map_err(|e| format!("cannot encode WebP: {e:?}"))?;
    Ok(encoded.to_vec())
}

/// The height of a picture `width` × `height` scaled to `target` pixels wide, at least 1.
pub fn scaled_height(width: u32, height: u32, target: u32) -> u32 {
    let scaled = (u64::from(height) * u64::from(target) + u64::from(width) / 2) / u64::from(width.max(1));
    u32::try_from(scaled).unwrap_or(u32::MAX).max(1)
}

/// `picture`'s pixels scaled to `width`, with the scaled width and height.
fn scaled(picture: &RgbaImage, width: u32) -> Result<(Vec<u8>, u32, u32), String> {
    let (source_width, source_height) = picture.dimensions();
    let target_height = scaled_height(source_width, source_height, width);
    if (width, target_height) == (source_width, source_height) {
        return Ok((picture.as_raw().clone(), width, target_height));
    }
    let source = ImageRef::new(source_width, source_height, picture.as_raw(), PixelType::U8x4)
        .map_err(|e| format!("cannot scale: {e}"))?;
    let mut target = Image::new(width, target_height, PixelType::U8x4);
    Resizer::new().resize(&source, &mut target, &ResizeOptions::new()).map_err(|e| format!("cannot scale: {e}"))?;
    Ok((target.into_vec(), width, target_height))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_variant_is_webp_of_the_asked_width_with_the_aspect_kept() {
        let picture = RgbaImage::new(1000, 500);
        let bytes = variant(&picture, 480).unwrap();
        assert_eq!(&bytes[..4], b"RIFF");
        assert_eq!(&bytes[8..12], b"WEBP");
        let back = image::load_from_memory(&bytes).unwrap();
        assert_eq!((back.width(), back.height()), (480, 240));
    }

    #[test]
    fn scaled_height_rounds_and_is_never_zero() {
        assert_eq!(scaled_height(6000, 4000, 1600), 1067);
        assert_eq!(scaled_height(10_000, 1, 480), 1);
    }
}
