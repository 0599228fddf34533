//! Images end to end (issue 25): figures with captions and credits, `<img>` with its real size,
//! resized WebP variants with `srcset`, the image cache, EXIF orientation and stripping, SVG
//! sizes, `images:` settings, and problems at their line. Every picture is made by the test.

mod common;

use common::{select, Site};
use image::{DynamicImage, ImageFormat, Rgb, RgbImage};
use std::io::Cursor;

/// A picture `width` × `height` with some detail in it (a flat picture compresses to nothing).
fn picture(width: u32, height: u32) -> DynamicImage {
    DynamicImage::ImageRgb8(RgbImage::from_fn(width, height, |x, y| {
        Rgb([(x % 251) as u8, (y % 241) as u8, ((x ^ y) % 256) as u8])
    }))
}

fn encoded(width: u32, height: u32, format: ImageFormat) -> Vec<u8> {
    let mut bytes = Vec::new();
    picture(width, height).write_to(&mut Cursor::new(&mut bytes), format).unwrap();
    bytes
}

fn article(body: &str) -> String {
    format!("---\ntitle: \"Pictures\"\ndate: 2025-01-01\nsummary: \"S\"\n---\n{body}")
}

/// The basic fixture with `content/articles/photo.jpg` (2000 × 1000), `small.png` (300 × 200)
/// and an article showing them.
fn site_with_pictures() -> Site {
    let site = Site::basic();
    site.write("content/articles/photo.jpg", &encoded(2000, 1000, ImageFormat::Jpeg));
    site.write("content/articles/small.png", &encoded(300, 200, ImageFormat::Png));
    let body = "Intro text.\n\n![A harbour at dawn](photo.jpg \"Ships waiting. | Photo: Ana Lima\")\n\n\
                A sentence with ![a small icon](small.png) inside it.\n";
    site.write("content/articles/pictures.md", &article(body));
    site
}

fn attr<'a>(element: &scraper::ElementRef<'a>, name: &str) -> &'a str {
    element.value().attr(name).unwrap_or_else(|| panic!("no {name} on {}", element.html()))
}

#[test]
fn a_lone_image_is_a_figure_with_caption_credit_size_and_srcset() {
    let site = site_with_pictures();
    site.built();
    let page = site.page("articles/pictures/index.html");
    let figure = select(&page, "figure.figure");
    assert_eq!(figure.len(), 1);
    let caption: Vec<String> = select(&page, "figure.figure figcaption").iter().map(|c| c.text().collect()).collect();
    assert_eq!(caption, ["Ships waiting. Photo: Ana Lima"]);
    let credit: Vec<String> = select(&page, "figcaption small.credit").iter().map(|c| c.text().collect()).collect();
    assert_eq!(credit, ["Photo: Ana Lima"]);
    let img = &select(&page, "figure.figure img")[0];
    assert_eq!((attr(img, "width"), attr(img, "height")), ("2000", "1000"));
    assert_eq!(attr(img, "src"), "/articles/photo.jpg");
    assert_eq!(attr(img, "loading"), "eager", "the first picture of an article loads at once");
    assert_eq!(attr(img, "sizes"), "(min-width: 40rem) 36rem, 100vw");
    let widths: Vec<&str> = attr(img, "srcset").split(", ").map(|part| part.rsplit(' ').next().unwrap()).collect();
    assert_eq!(widths, ["480w", "800w", "1200w", "1600w"], "never wider than the original");
    for part in attr(img, "srcset").split(", ") {
        let url = part.split(' ').next().unwrap();
        let bytes = std::fs::read(site.root().join("public").join(url.trim_start_matches('/'))).unwrap();
        let variant = image::load_from_memory_with_format(&bytes, ImageFormat::WebP).unwrap();
        let wanted: u32 = part.rsplit(' ').next().unwrap().trim_end_matches('w').parse().unwrap();
        assert_eq!((variant.width(), variant.height()), (wanted, wanted / 2), "{url}");
        assert!(url.starts_with("/_img/photo-"), "{url}");
    }
}

#[test]
fn an_image_in_a_sentence_stays_inline_loads_lazily_and_keeps_its_original_width_as_a_variant() {
    let site = site_with_pictures();
    site.built();
    let page = site.page("articles/pictures/index.html");
    let img = &select(&page, "p img")[0];
    assert_eq!(attr(img, "alt"), "a small icon");
    assert_eq!((attr(img, "width"), attr(img, "height")), ("300", "200"));
    assert_eq!((attr(img, "loading"), attr(img, "decoding")), ("lazy", "async"));
    assert!(attr(img, "srcset").ends_with(" 300w") && !attr(img, "srcset").contains(','), "{}", attr(img, "srcset"));
}

#[test]
fn a_rebuild_with_unchanged_pictures_makes_no_variant_and_publishes_the_same_files() {
    let site = site_with_pictures();
    let first = site.built();
    assert!(first.stdout.contains(", 5 image variants made, 0 reused"), "{}", first.stdout);
    let before = common::tree(&site.root().join("public"));
    let second = site.built();
    assert!(second.stdout.contains(", 0 image variants made, 5 reused"), "{}", second.stdout);
    assert_eq!(before, common::tree(&site.root().join("public")));
    site.write("content/articles/small.png", &encoded(301, 200, ImageFormat::Png));
    let third = site.built();
    assert!(third.stdout.contains(", 1 image variants made, 4 reused"), "{}", third.stdout);
    let kept = std::fs::read_dir(site.root().join(".glosa-cache/images")).unwrap().count();
    assert_eq!(kept, 5, "the variant of the replaced picture is no longer kept");
}

#[test]
fn resize_false_writes_no_variants_but_keeps_size_and_lazy_loading() {
    let site = site_with_pictures();
    let config = site.read("content/site.yaml");
    site.write("content/site.yaml", &format!("{config}images: {{resize: false}}\n"));
    let run = site.built();
    assert!(!run.stdout.contains("image variants"), "{}", run.stdout);
    let page = site.page("articles/pictures/index.html");
    let img = &select(&page, "p img")[0];
    assert_eq!((attr(img, "width"), attr(img, "loading")), ("300", "lazy"));
    assert!(img.value().attr("srcset").is_none());
    assert!(!site.root().join("public/_img").exists());
}

#[test]
fn variants_are_cached_forever_by_the_headers_file() {
    let site = site_with_pictures();
    site.glosa(&["build", "--headers"]).assert_ok();
    let headers = site.public("_headers");
    assert!(headers.contains("/_img/*\n  Cache-Control: public, max-age=31536000, immutable\n"), "{headers}");
}

#[test]
fn problems_with_pictures_are_told_at_their_line() {
    let site = Site::basic();
    let config = site.read("content/site.yaml");
    site.write("content/site.yaml", &format!("{config}images: {{max_bytes: 1000}}\n"));
    site.write("content/articles/big.png", &encoded(200, 200, ImageFormat::Png));
    let mut broken = encoded(200, 200, ImageFormat::Png);
    broken.truncate(60);
    site.write("content/articles/broken.png", &broken);
    site.write("content/articles/fake.jpg", "not a picture at all");
    let body =
        "Text.\n\n![Big](big.png)\n\n![](big.png)\n\n![Broken](broken.png)\n\n![Fake](fake.jpg)\n\n![Gone](gone.png)\n";
    site.write("content/articles/bad.md", &article(body));
    let run = site.build();
    assert!(!run.ok, "{}", run.stdout);
    let err = &run.stderr;
    for (what, line) in [
        ("warning[large-image]: this image is 0.", 8),
        ("warning[missing-alt]", 10),
        ("error[broken-image]: the image `broken.png` cannot be decoded", 12),
        ("error[broken-image]: the image `fake.jpg` cannot be decoded", 14),
        ("error[broken-link]: the link points to /articles/gone.png", 16),
    ] {
        let at = err.find(what).unwrap_or_else(|| panic!("{what} not in\n{err}"));
        assert!(err[at..].contains(&format!("--> content/articles/bad.md:{line}:")), "{what} at line {line}:\n{err}");
    }
}

/// A JPEG `width` × `height` whose EXIF (an APP1 segment made by hand right after the start of
/// the image) says "turn a quarter clockwise" (orientation 6) and holds a GPS position.
fn jpeg_with_exif(width: u32, height: u32) -> Vec<u8> {
    let plain = encoded(width, height, ImageFormat::Jpeg);
    // TIFF, big-endian: IFD0 at 8 with two entries (Orientation = 6, GPS IFD pointer = 38),
    // then the GPS IFD with GPSLatitudeRef = "N".
    let mut tiff: Vec<u8> = b"MM\0\x2a\0\0\0\x08".to_vec();
    tiff.extend([0, 2]);
    tiff.extend([0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0]);
    tiff.extend([0x88, 0x25, 0, 4, 0, 0, 0, 1, 0, 0, 0, 38]);
    tiff.extend([0, 0, 0, 0]);
    tiff.extend([0, 1]);
    tiff.extend([0x00, 0x01, 0, 2, 0, 0, 0, 2, b'N', 0, 0, 0]);
    tiff.extend([0, 0, 0, 0]);
    let mut segment = b"Exif\0\0".to_vec();
    segment.extend(tiff);
    let length = u16::try_from(segment.len() + 2).unwrap().to_be_bytes();
    let mut bytes = plain[..2].to_vec();
    bytes.extend([0xFF, 0xE1, length[0], length[1]]);
    bytes.extend(segment);
    bytes.extend(&plain[2..]);
    bytes
}

#[test]
fn exif_orientation_is_applied_and_variants_carry_no_metadata() {
    let site = Site::basic();
    let photo = jpeg_with_exif(600, 300);
    assert!(photo.windows(4).any(|w| w == b"Exif"), "the test picture has its EXIF");
    assert_eq!(image::load_from_memory(&photo).unwrap().width(), 600, "the test JPEG decodes");
    site.write("content/articles/phone.jpg", &photo);
    site.write("content/articles/phone.md", &article("![A street, shot upright](phone.jpg)\n"));
    site.built();
    let page = site.page("articles/phone/index.html");
    let img = &select(&page, "figure img")[0];
    assert_eq!((attr(img, "width"), attr(img, "height")), ("300", "600"), "shown upright");
    let variants: Vec<_> = site.public_files("webp");
    assert_eq!(variants.len(), 1, "300 pixels wide as shown: one variant, the original width; {variants:?}");
    for path in variants {
        let bytes = std::fs::read(&path).unwrap();
        for needle in [&b"Exif"[..], b"EXIF", b"XMP ", b"ICCP"] {
            assert!(!bytes.windows(4).any(|w| w.eq_ignore_ascii_case(needle)), "{needle:?} in {}", path.display());
        }
        let variant = image::load_from_memory(&bytes).unwrap();
        assert!(variant.height() > variant.width(), "{}: turned upright", path.display());
    }
}

#[test]
fn an_svg_is_copied_as_it_is_with_its_view_box_size() {
    let site = Site::basic();
    let svg =
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 640 360\"><rect width=\"10\" height=\"10\"/></svg>\n";
    site.write("content/articles/chart.svg", svg);
    site.write("content/articles/chart.md", &article("![A chart](chart.svg \"Sales | Chart: glosa\")\n"));
    site.built();
    assert_eq!(site.public("articles/chart.svg"), svg);
    let page = site.page("articles/chart/index.html");
    let img = &select(&page, "figure img")[0];
    assert_eq!((attr(img, "width"), attr(img, "height")), ("640", "360"));
    assert!(img.value().attr("srcset").is_none());
}
