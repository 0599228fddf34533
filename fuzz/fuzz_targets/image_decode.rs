//! Arbitrary bytes as a picture from `content/`, through what a build does with one: the header
//! read that gives `width` and `height` (`images::decode::probe`), the full decode under the
//! decoder limits with the EXIF orientation applied (`images::decode::decode`), a resized WebP
//! variant of what decodes (`images::resize::variant`, for pictures up to a megapixel so an
//! execution stays fast), and, for UTF-8 input, an SVG's `viewBox` size (`images::svg::size`).
//! Asserts no panic, and that the header and the decoded picture agree on the size.

#![no_main]

use glosa::images::{decode, resize, svg};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let probed = decode::probe(data);
    if let Ok(picture) = decode::decode(data) {
        let size = (picture.width(), picture.height());
        assert_eq!(probed, Ok(size), "the header and the decoded picture disagree on the size");
        if u64::from(size.0) * u64::from(size.1) <= 1 << 20 {
            let variant = resize::variant(&picture.to_rgba8(), (size.0 / 2).max(1));
            assert!(variant.is_ok(), "a decoded picture cannot be resized: {variant:?}");
        }
    }
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = svg::size(text);
    }
});
