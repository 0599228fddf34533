//! Benchmark: the image work of a build (issue 25). Generates 24 photos of 1600 × 1000 and one of
//! 6000 × 4000 as JPEG (no binary fixtures: a smooth gradient with noise, which compresses like a
//! photo), then times, through the library:
//!
//! - `cache::images::prepare` with an empty `.glosa-cache/images/` (every variant decoded,
//!   resized and encoded, in parallel as the build does it), and again with every variant kept
//!   (what a rebuild with unchanged pictures costs: hashing and reading the kept files);
//! - scaling the 6000 × 4000 photo to 1600 and a 1600 × 1000 one to 800, Lanczos3, with
//!   `fast_image_resize` (what glosa uses) and with `image::imageops::resize`;
//! - encoding the 1600-pixel variant as lossy WebP (libwebp, quality 80, what glosa writes), as
//!   lossless WebP (the `image` crate's only WebP encoder) and as JPEG quality 85, with sizes.
//!
//! `cargo bench --bench images`. Medians of 3 (the scaling and encoding of 5).

use fast_image_resize::images::{Image, ImageRef};
use fast_image_resize::{PixelType, ResizeOptions, Resizer};
use glosa::model::ImagesConfig;
use image::{imageops, DynamicImage, ImageFormat, RgbImage, RgbaImage};
use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn main() {
    let dir = tempfile::tempdir().expect("temp dir");
    let assets = write_photos(dir.path());
    let megabytes: u64 =
        assets.iter().map(|a| std::fs::metadata(dir.path().join("content").join(a)).unwrap().len()).sum();
    println!(
        "pictures: 24 × 1600×1000 and 1 × 6000×4000 JPEG, {:.1} MB; {} threads",
        megabytes as f64 / 1e6,
        rayon::current_num_threads()
    );

    let config = ImagesConfig::default();
    let cache = dir.path().join(".glosa-cache");
    let cold = median(3, || {
        let _ = std::fs::remove_dir_all(&cache);
        let started = Instant::now();
        let prepared = glosa::cache::images::prepare(dir.path(), &assets, config);
        assert_eq!(
            (prepared.made, prepared.reused),
            (3 * 24 + 4, 0),
            "every variant made: 3 widths of each 1600, 4 of the 6000"
        );
        started.elapsed()
    });
    let warm = median(3, || {
        let started = Instant::now();
        let prepared = glosa::cache::images::prepare(dir.path(), &assets, config);
        assert_eq!(prepared.made, 0, "nothing made again");
        started.elapsed()
    });
    let variants: u64 = walk(&cache.join("images")).iter().map(|p| std::fs::metadata(p).unwrap().len()).sum();
    println!("prepare, nothing kept:   {:>8.0} ms  (76 variants, {:.1} MB of WebP)", ms(cold), variants as f64 / 1e6);
    println!("prepare, all kept:       {:>8.0} ms", ms(warm));

    let big = photo(6000, 4000).to_rgba8();
    let small = photo(1600, 1000).to_rgba8();
    for (name, source, width) in [("6000×4000 → 1600", &big, 1600), ("1600×1000 → 800", &small, 800)] {
        let fast = median(5, || time(|| drop(fast_resize(source, width))));
        let imageops = median(5, || {
            time(|| {
                let height = glosa::images::resize::scaled_height(source.width(), source.height(), width);
                drop(imageops::resize(source, width, height, imageops::FilterType::Lanczos3))
            })
        });
        println!(
            "scale {name}: fast_image_resize {:>6.1} ms, image::imageops {:>7.1} ms ({:.0}×)",
            ms(fast),
            ms(imageops),
            imageops.as_secs_f64() / fast.as_secs_f64()
        );
    }

    let variant = fast_resize(&big, 1600);
    let lossy = median(5, || time(|| drop(glosa::images::resize::variant(&variant, 1600).unwrap())));
    let lossy_size = glosa::images::resize::variant(&variant, 1600).unwrap().len();
    let lossless = median(5, || time(|| drop(encode(&variant, ImageFormat::WebP))));
    let lossless_size = encode(&variant, ImageFormat::WebP).len();
    let rgb = DynamicImage::ImageRgba8(variant.clone()).to_rgb8();
    let jpeg = median(5, || time(|| drop(jpeg85(&rgb))));
    let jpeg_size = jpeg85(&rgb).len();
    println!("encode 1600×1067: WebP lossy q80 (libwebp) {:>6.1} ms {:>7} bytes", ms(lossy), lossy_size);
    println!("                  WebP lossless (image)    {:>6.1} ms {:>7} bytes", ms(lossless), lossless_size);
    println!("                  JPEG q85 (image)         {:>6.1} ms {:>7} bytes", ms(jpeg), jpeg_size);
}

/// Writes the pictures under `root/content/articles/` and returns their paths under `content/`.
fn write_photos(root: &Path) -> Vec<PathBuf> {
    let folder = root.join("content/articles");
    std::fs::create_dir_all(&folder).unwrap();
    let mut assets = Vec::new();
    for (i, (width, height)) in std::iter::repeat_n((1600, 1000), 24).chain([(6000, 4000)]).enumerate() {
        let mut picture = photo(width, height);
        if let DynamicImage::ImageRgb8(pixels) = &mut picture {
            pixels.put_pixel(0, 0, image::Rgb([i as u8, 0, 0])); // each picture its own bytes
        }
        let name = format!("photo-{i:02}.jpg");
        let mut bytes = Vec::new();
        picture.write_to(&mut Cursor::new(&mut bytes), ImageFormat::Jpeg).unwrap();
        std::fs::write(folder.join(&name), bytes).unwrap();
        assets.push(PathBuf::from("articles").join(name));
    }
    assets
}

/// A photo-like picture: smooth colour gradients with pixel noise (SplitMix64, so every run
/// draws the same).
fn photo(width: u32, height: u32) -> DynamicImage {
    let mut state = 0x9E37_79B9_7F4A_7C15u64;
    let mut noise = move || {
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        ((z ^ (z >> 31)) % 24) as i32 - 12
    };
    DynamicImage::ImageRgb8(RgbImage::from_fn(width, height, |x, y| {
        let fx = x as f32 / width as f32;
        let fy = y as f32 / height as f32;
        let base = [200.0 * fx + 30.0, 120.0 + 100.0 * (fy * 6.0).sin(), 220.0 * (1.0 - fy)];
        image::Rgb(base.map(|c| (c as i32 + noise()).clamp(0, 255) as u8))
    }))
}

fn fast_resize(source: &RgbaImage, width: u32) -> RgbaImage {
    let height = glosa::images::resize::scaled_height(source.width(), source.height(), width);
    let from = ImageRef::new(source.width(), source.height(), source.as_raw(), PixelType::U8x4).unwrap();
    let mut to = Image::new(width, height, PixelType::U8x4);
    Resizer::new().resize(&from, &mut to, &ResizeOptions::new()).unwrap();
    RgbaImage::from_raw(width, height, to.into_vec()).unwrap()
}

fn encode(picture: &RgbaImage, format: ImageFormat) -> Vec<u8> {
    let mut bytes = Vec::new();
    picture.write_to(&mut Cursor::new(&mut bytes), format).unwrap();
    bytes
}

fn jpeg85(picture: &RgbImage) -> Vec<u8> {
    let mut bytes = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut bytes, 85).encode_image(picture).unwrap();
    bytes
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect()
}

fn time(f: impl FnOnce()) -> Duration {
    let started = Instant::now();
    f();
    started.elapsed()
}

fn median(runs: usize, mut f: impl FnMut() -> Duration) -> Duration {
    let mut times: Vec<Duration> = (0..runs).map(|_| f()).collect();
    times.sort();
    times[runs / 2]
}

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}
