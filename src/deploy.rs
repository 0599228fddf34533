//! Deploy stage (around output): the extra files static hosts use — a `_headers` file with caching
//! and security headers (Netlify, Cloudflare Pages) and precompressed `.gz` / `.br` siblings of
//! text files (nginx `gzip_static`, Caddy `precompressed`), compressed as each file is written.
//! Both are deterministic.

use crate::output::Sink;
use std::collections::BTreeSet;
use std::io::{self, Write};

/// The Content-Security-Policy the bundled theme passes: scripts and styles only from files of the
/// site itself (no inline script, `<style>` or `style=""`), nothing loaded from other origins.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; style-src 'self'; \
     img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

/// `Cache-Control` of fingerprinted assets: their name changes with their content.
pub const CACHE_IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// `Cache-Control` of everything else (HTML, feeds, images as the author named them): revalidate on every visit.
pub const CACHE_REVALIDATE: &str = "public, max-age=0, must-revalidate";

/// Extensions of the text files `--precompress` compresses.
pub const COMPRESSIBLE: [&str; 7] = ["html", "css", "js", "json", "xml", "svg", "txt"];

/// A sink that writes each file to `inner` together with its `.gz` (gzip, best compression, no
/// name or time in the header) and `.br` (brotli, quality 11) siblings when the file's extension is
/// in [`COMPRESSIBLE`], each sibling only when it is smaller than the file itself.
pub struct Precompressing<'s> {
    /// Where the files and their compressed siblings go.
    pub inner: &'s dyn Sink,
}

impl Sink for Precompressing<'_> {
    fn put(&self, path: &str, bytes: Vec<u8>) -> io::Result<()> {
        if is_compressible(path) {
            for (suffix, packed) in [("gz", gzip(&bytes)?), ("br", brotli(&bytes)?)] {
                if packed.len() < bytes.len() {
                    self.inner.put(&format!("{path}.{suffix}"), packed)?;
                }
            }
        }
        self.inner.put(path, bytes)
    }

    fn reuse(&self, path: &str) -> io::Result<bool> {
        self.inner.reuse(path)
    }

    fn stopped(&self) -> bool {
        self.inner.stopped()
    }
}

/// True for `style.3f9a2c1b.css`, `js/app.0123abcd.js` and `_img/map-800.0123abcd.webp`: CSS,
/// JS or a resized image whose name carries an 8-hex-digit content hash (the theme's
/// fingerprinting, the image variants'), so it can be cached forever.
pub fn is_fingerprinted(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    let stem = [".css", ".js", ".webp"].into_iter().find_map(|ext| name.strip_suffix(ext));
    let Some(stem) = stem else {
        return false;
    };
    match stem.rsplit_once('.') {
        Some((base, hash)) => !base.is_empty() && hash.len() == 8 && hash.bytes().all(|b| b.is_ascii_hexdigit()),
        None => false,
    }
}

/// The `_headers` file (Netlify and Cloudflare Pages syntax) for a site of these files: security
/// headers and the CSP for every path, `Cache-Control` immutable for each fingerprinted asset and
/// revalidate for the rest. Both hosts join (Cloudflare) or override (Netlify) a header matched by
/// two rules, so no path is matched by two `Cache-Control` rules: folders without fingerprinted
/// files get one `folder/*` rule, and folders with some list their files one by one.
pub fn headers_file<'a>(paths: impl IntoIterator<Item = &'a str>, base_path: &str) -> String {
    let base = if base_path.ends_with('/') { base_path.to_string() } else { format!("{base_path}/") };
    let files: Vec<&str> = paths.into_iter().filter(|p| !is_host_file(p)).collect();
    let mut text = format!(
        "# Written by `glosa build --headers` for Netlify and Cloudflare Pages; paths are URL paths.\n\
         {base}*\n  X-Content-Type-Options: nosniff\n  Referrer-Policy: strict-origin-when-cross-origin\n  \
         Content-Security-Policy: {CONTENT_SECURITY_POLICY}\n"
    );
    let mut rules = Vec::new();
    cache_rules(&files, "", &mut rules);
    for (pattern, cache) in rules {
        text.push_str(&format!("{base}{pattern}\n  Cache-Control: {cache}\n"));
    }
    text
}

/// Files that configure the host rather than belong to the site.
fn is_host_file(path: &str) -> bool {
    path == "_headers" || path == "_redirects" || path.ends_with(".gz") || path.ends_with(".br")
}

/// The `Cache-Control` rules for the files under folder `dir` (`""` or `articles/`), in path order.
fn cache_rules(files: &[&str], dir: &str, rules: &mut Vec<(String, &'static str)>) {
    let mut folders = BTreeSet::new();
    for path in files.iter().filter_map(|p| p.strip_prefix(dir)) {
        match path.split_once('/') {
            Some((folder, _)) => {
                folders.insert(folder);
            }
            None if path == "index.html" => {
                rules.push((dir.to_string(), CACHE_REVALIDATE));
                rules.push((format!("{dir}{path}"), CACHE_REVALIDATE));
            }
            None if is_fingerprinted(path) => rules.push((format!("{dir}{path}"), CACHE_IMMUTABLE)),
            None => rules.push((format!("{dir}{path}"), CACHE_REVALIDATE)),
        }
    }
    for folder in folders {
        let sub = format!("{dir}{folder}/");
        let mut inside = files.iter().filter(|p| p.starts_with(&sub));
        if inside.clone().all(|p| is_fingerprinted(p)) {
            // A folder of fingerprinted files only (the resized images'): one rule for them all.
            rules.push((format!("{sub}*"), CACHE_IMMUTABLE));
        } else if inside.any(|p| is_fingerprinted(p)) {
            cache_rules(files, &sub, rules);
        } else {
            rules.push((format!("{sub}*"), CACHE_REVALIDATE));
        }
    }
}

fn is_compressible(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    name.rsplit_once('.').is_some_and(|(_, ext)| COMPRESSIBLE.contains(&ext))
}

/// Gzip with a fixed header: no file name, modification time 0, operating system "unknown".
fn gzip(bytes: &[u8]) -> io::Result<Vec<u8>> {
    let mut encoder =
        flate2::GzBuilder::new().mtime(0).operating_system(255).write(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes)?;
    encoder.finish()
}

/// Brotli at the highest quality and a 4 MiB window.
fn brotli(bytes: &[u8]) -> io::Result<Vec<u8>> {
    let params = brotli::enc::BrotliEncoderParams { quality: 11, lgwin: 22, ..Default::default() };
    let mut packed = Vec::new();
    brotli::BrotliCompress(&mut &bytes[..], &mut packed, &params)?;
    Ok(packed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::Output;
    use std::io::Read;
    use std::sync::Mutex;

    /// The files a build with `--precompress` writes for pages at `paths` (and a tiny text file).
    fn precompressed(paths: &[&str]) -> Output {
        let output = Mutex::new(Output::default());
        let sink = Precompressing { inner: &output };
        for path in paths {
            sink.put(path, format!("<p>{}</p>", "hello world ".repeat(40)).into_bytes()).unwrap();
        }
        sink.put("tiny.txt", b"hi".to_vec()).unwrap();
        output.into_inner().unwrap()
    }

    #[test]
    fn fingerprinted_names_are_css_or_js_with_an_eight_digit_hex_hash() {
        assert!(is_fingerprinted("style.3f9a2c1b.css"));
        assert!(is_fingerprinted("js/app.0123ABCD.js"));
        assert!(!is_fingerprinted("style.css"));
        assert!(!is_fingerprinted("style.3f9a2c1.css"));
        assert!(!is_fingerprinted("photo.3f9a2c1b.png"));
        assert!(!is_fingerprinted(".3f9a2c1b.css"));
        assert!(!is_fingerprinted("style.3f9a2c1g.css"));
    }

    #[test]
    fn headers_give_assets_immutable_caching_and_everything_else_one_revalidate_rule() {
        let paths = ["index.html", "style.3f9a2c1b.css", "articles/a/index.html", "feed.xml", "img/a.png"];
        let text = headers_file(paths, "/");
        let security = "/*\n  X-Content-Type-Options: nosniff\n  Referrer-Policy: strict-origin-when-cross-origin\n";
        assert!(text.contains(&format!("{security}  Content-Security-Policy: {CONTENT_SECURITY_POLICY}\n")));
        assert!(text.contains(&format!("/style.3f9a2c1b.css\n  Cache-Control: {CACHE_IMMUTABLE}\n")));
        for pattern in ["/", "/index.html", "/articles/*", "/feed.xml", "/img/*"] {
            assert!(
                text.contains(&format!("\n{pattern}\n  Cache-Control: {CACHE_REVALIDATE}\n")),
                "{pattern}:\n{text}"
            );
        }
        assert_eq!(text.matches("Cache-Control").count(), 6);
    }

    #[test]
    fn headers_list_files_one_by_one_in_a_folder_holding_a_fingerprinted_asset() {
        let text = headers_file(["js/app.0123abcd.js", "js/vendor/x.js", "js/readme.txt"], "/");
        assert!(text.contains(&format!("/js/app.0123abcd.js\n  Cache-Control: {CACHE_IMMUTABLE}\n")));
        assert!(text.contains(&format!("/js/readme.txt\n  Cache-Control: {CACHE_REVALIDATE}\n")));
        assert!(text.contains(&format!("/js/vendor/*\n  Cache-Control: {CACHE_REVALIDATE}\n")));
        assert!(!text.contains("/js/*"));
    }

    #[test]
    fn a_folder_of_fingerprinted_image_variants_is_cached_forever_by_one_rule() {
        assert!(is_fingerprinted(&crate::images::variant_path("articles/map.jpg", 7, 800)));
        let text = headers_file(["_img/map-480.0123abcd.webp", "_img/map-800.89abcdef.webp", "articles/map.jpg"], "/");
        assert!(text.contains(&format!("/_img/*\n  Cache-Control: {CACHE_IMMUTABLE}\n")), "{text}");
        assert!(!text.contains("/_img/map"), "{text}");
        assert!(text.contains(&format!("/articles/*\n  Cache-Control: {CACHE_REVALIDATE}\n")), "{text}");
    }

    #[test]
    fn headers_paths_start_with_the_base_path_of_a_subpath_site() {
        let text = headers_file(["index.html", "style.3f9a2c1b.css", "glossary/x/index.html"], "/repo/");
        let paths: Vec<&str> = text.lines().filter(|l| l.starts_with('/')).collect();
        assert_eq!(paths, ["/repo/*", "/repo/", "/repo/index.html", "/repo/style.3f9a2c1b.css", "/repo/glossary/*"]);
    }

    #[test]
    fn precompressed_siblings_decompress_to_the_original_and_skip_other_files() {
        let output = precompressed(&["index.html", "style.3f9a2c1b.css", "photo.png"]);
        let original = output.get("index.html").unwrap().to_vec();
        let mut unzipped = Vec::new();
        flate2::read::GzDecoder::new(output.get("index.html.gz").unwrap()).read_to_end(&mut unzipped).unwrap();
        assert_eq!(unzipped, original);
        let mut unbrotlied = Vec::new();
        brotli::Decompressor::new(output.get("index.html.br").unwrap(), 4096).read_to_end(&mut unbrotlied).unwrap();
        assert_eq!(unbrotlied, original);
        assert!(output.get("style.3f9a2c1b.css.br").is_some());
        assert!(output.get("photo.png.gz").is_none(), "binary files are left alone");
        assert!(output.get("tiny.txt.gz").is_none(), "a sibling larger than its file is not written");
    }

    #[test]
    fn precompressing_is_deterministic_with_a_fixed_gzip_header() {
        let first = precompressed(&["index.html"]);
        assert_eq!(first, precompressed(&["index.html"]));
        let gz = first.get("index.html.gz").unwrap();
        assert_eq!(&gz[3..10], &[0, 0, 0, 0, 0, 2, 255], "no flags, mtime 0, best compression, unknown OS");
    }
}
