//! Reading pictures safely: every decoder runs under [`limits`], so a hostile or broken file is
//! an error, never a panic, a hang or gigabytes of memory.

use image::metadata::Orientation;
use image::{DynamicImage, ImageDecoder, ImageReader, Limits};
use std::io::Cursor;

/// The widest or tallest picture glosa decodes, in pixels (a 100-megapixel camera is 12,000).
pub const MAX_SIDE: u32 = 20_000;

/// The most memory one decode may take: a 20,000 × 10,000 picture in RGBA is 800 MB, far past any
/// photo's needs; 512 MB leaves room for two threads on a small machine.
pub const MAX_ALLOC: u64 = 512 * 1024 * 1024;

/// The decoder limits every picture is read under.
pub fn limits() -> Limits {
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_ALLOC);
    limits
}

/// A picture's size as shown, from its header only: width and height with the camera's EXIF
/// orientation applied (a portrait photo stored sideways is taller than wide).
pub fn probe(bytes: &[u8]) -> Result<(u32, u32), String> {
    let mut decoder = decoder(bytes)?;
    let (width, height) = decoder.dimensions();
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    Ok(if turns_sideways(orientation) { (height, width) } else { (width, height) })
}

/// The whole picture, decoded and turned as its EXIF orientation says.
pub fn decode(bytes: &[u8]) -> Result<DynamicImage, String> {
    let mut decoder = decoder(bytes)?;
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    let mut picture = DynamicImage::from_decoder(decoder).map_err(|e| e.to_string())?;
    picture.apply_orientation(orientation);
    Ok(picture)
}

/// A decoder for `bytes`, its format guessed from the bytes (not the name), under [`limits`].
fn decoder(bytes: &[u8]) -> Result<impl ImageDecoder + '_, String> {
    let mut reader = ImageReader::new(Cursor::new(bytes)).with_guessed_format().map_err(|e| e.to_string())?;
    if reader.format().is_none() {
        return Err("it is not a JPEG, PNG or WebP picture".into());
    }
    reader.limits(limits());
    reader.into_decoder().map_err(|e| e.to_string())
}

/// Whether `orientation` turns the picture a quarter, swapping its width and height.
fn turns_sideways(orientation: Orientation) -> bool {
    matches!(
        orientation,
        Orientation::Rotate90 | Orientation::Rotate270 | Orientation::Rotate90FlipH | Orientation::Rotate270FlipH
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(width: u32, height: u32) -> Vec<u8> {
        let mut bytes = Vec::new();
        let picture = DynamicImage::new_rgb8(width, height);
        picture.write_to(&mut Cursor::new(&mut bytes), image::ImageFormat::Png).unwrap();
        bytes
    }

    #[test]
    fn a_picture_is_measured_from_its_header() {
        assert_eq!(probe(&png(30, 20)), Ok((30, 20)));
    }

    #[test]
    fn truncated_or_foreign_bytes_are_an_error_and_no_panic() {
        let whole = png(30, 20);
        assert!(decode(&whole[..whole.len() / 2]).is_err());
        assert!(probe(b"GIF89a not a picture glosa reads").is_err());
        assert!(probe(b"").is_err());
    }

    fn jpeg(width: u32, height: u32) -> Vec<u8> {
        let mut bytes = Vec::new();
        let picture = DynamicImage::new_rgb8(width, height);
        picture.write_to(&mut Cursor::new(&mut bytes), image::ImageFormat::Jpeg).unwrap();
        bytes
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]

        /// A picture with bytes overwritten at random is decoded or refused, never a panic, and
        /// when it decodes its header said the same size.
        #[test]
        fn a_damaged_picture_is_an_error_or_a_picture_never_a_panic(
            jpeg_not_png: bool,
            damage in proptest::collection::vec((0usize..4096, proptest::prelude::any::<u8>()), 1..8),
            cut in 0usize..4096,
        ) {
            let mut bytes = if jpeg_not_png { jpeg(24, 16) } else { png(24, 16) };
            for (at, byte) in damage {
                let len = bytes.len();
                bytes[at % len] = byte;
            }
            bytes.truncate(bytes.len() - cut % bytes.len().max(1));
            let probed = probe(&bytes);
            if let Ok(picture) = decode(&bytes) {
                proptest::prop_assert_eq!(probed, Ok((picture.width(), picture.height())));
            }
        }
    }

    #[test]
    fn a_header_claiming_a_huge_picture_is_refused_before_anything_is_allocated() {
        let mut bytes = png(1, 1);
        // The IHDR chunk's width, at offset 16, set to 100,000 pixels (the CRC is left wrong:
        // either check refuses it).
        bytes[16..20].copy_from_slice(&100_000u32.to_be_bytes());
        assert!(decode(&bytes).is_err());
    }
}
