//! Deploying: the bundled site built for a domain root and for a subpath has no broken internal
//! link, `--headers` and `--precompress` write what static hosts need, two builds in different
//! folders are byte-identical, and docs/nginx.conf serves both builds in a real nginx.

#[path = "deploy/linkcheck.rs"]
mod linkcheck;
#[path = "deploy/nginx.rs"]
mod nginx;

use glosa::deploy::{is_fingerprinted, CACHE_IMMUTABLE, CACHE_REVALIDATE, COMPRESSIBLE, CONTENT_SECURITY_POLICY};
use linkcheck::Site;
use scraper::{Html, Selector};
use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

const ROOT_URL: &str = "https://example.org/";
const SUBPATH_URL: &str = "https://user.github.io/repo/";
const ARTICLE: &str = "articles/apple-picks-alibaba-ai/";

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `glosa build --root ROOT --out OUT --base-url URL EXTRA...` and asserts it succeeded.
fn glosa_build(root: &Path, out: &Path, base_url: &str, extra: &[&str]) {
    let run = Command::new(env!("CARGO_BIN_EXE_glosa"))
        .args(["build", "--base-url", base_url])
        .arg("--root")
        .arg(root)
        .arg("--out")
        .arg(out)
        .args(extra)
        .output()
        .unwrap();
    assert!(run.status.success(), "glosa build failed:\n{}", String::from_utf8_lossy(&run.stderr));
}

/// The bundled site built once per test run for `base_url` with `--headers --precompress`.
fn deployed(base_url: &str) -> PathBuf {
    static ROOT: OnceLock<tempfile::TempDir> = OnceLock::new();
    static SUBPATH: OnceLock<tempfile::TempDir> = OnceLock::new();
    let cell = if base_url == ROOT_URL { &ROOT } else { &SUBPATH };
    let dir = cell.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        glosa_build(repo(), &dir.path().join("public"), base_url, &["--headers", "--precompress"]);
        dir
    });
    dir.path().join("public")
}

/// Every file of a built site: relative path -> bytes.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap().to_string_lossy().replace('\\', "/");
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

fn fingerprinted_css(files: &BTreeMap<String, Vec<u8>>) -> String {
    files.keys().find(|p| p.ends_with(".css") && is_fingerprinted(p)).expect("a fingerprinted stylesheet").clone()
}

#[test]
fn a_domain_root_build_has_no_broken_internal_link() {
    let problems = Site::read(&deployed(ROOT_URL), ROOT_URL).broken_links();
    assert!(problems.is_empty(), "broken links:\n{}", problems.join("\n"));
}

#[test]
fn a_subpath_build_has_no_broken_link_and_no_url_outside_the_subpath() {
    let dir = deployed(SUBPATH_URL);
    let problems = Site::read(&dir, SUBPATH_URL).broken_links();
    assert!(problems.is_empty(), "broken links:\n{}", problems.join("\n"));
    let page = Html::parse_document(&std::fs::read_to_string(dir.join(ARTICLE).join("index.html")).unwrap());
    let canonical = Selector::parse(r#"link[rel="canonical"]"#).unwrap();
    let canonical = page.select(&canonical).next().and_then(|l| l.value().attr("href"));
    assert_eq!(canonical, Some(format!("{SUBPATH_URL}{ARTICLE}").as_str()));
    let stylesheet = Selector::parse(r#"link[rel="stylesheet"]"#).unwrap();
    for link in page.select(&stylesheet) {
        assert!(link.value().attr("href").unwrap().starts_with("/repo/"), "{:?}", link.value());
    }
}

#[test]
fn the_link_checker_reports_missing_pages_ids_and_urls_outside_the_subpath() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("a")).unwrap();
    let links = r##"<a href="/elsewhere/">1</a> <a href="/repo/nope/">2</a> <a href="/repo/a/#gone">3</a>
        <a href="https://user.github.io/other/">4</a> <a href="../a/#here">ok</a> <a href="https://example.com/">ok</a>"##;
    let page = format!("<!doctype html><p id=here>{}</p>", links.repeat(20));
    std::fs::write(dir.path().join("a/index.html"), page).unwrap();
    let problems = Site::read(dir.path(), SUBPATH_URL).broken_links();
    assert_eq!(problems.len(), 4 * 20, "{problems:#?}");
    for expected in
        ["/elsewhere/: leaves the base path", "/repo/nope/: no such file", "#gone: no id `gone`", "/other/: leaves"]
    {
        assert!(problems.iter().any(|p| p.contains(expected)), "{expected} not in {problems:#?}");
    }
}

#[test]
fn headers_file_sets_the_csp_and_caches_each_fingerprinted_asset_forever_under_the_base_path() {
    let dir = deployed(SUBPATH_URL);
    let text = std::fs::read_to_string(dir.join("_headers")).unwrap();
    let mut rules: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    let mut current = String::new();
    for line in text.lines().filter(|l| !l.trim().is_empty() && !l.starts_with('#')) {
        if let Some(header) = line.strip_prefix("  ") {
            let (name, value) = header.split_once(": ").expect("`  Name: value` under a path");
            rules.get_mut(&current).unwrap().push((name.into(), value.into()));
        } else {
            assert!(line.starts_with("/repo/"), "every rule is under the base path: {line}");
            current = line.to_string();
            assert!(rules.insert(current.clone(), Vec::new()).is_none(), "one rule per path: {line}");
        }
    }
    let all = &rules["/repo/*"];
    assert!(all.contains(&("Content-Security-Policy".into(), CONTENT_SECURITY_POLICY.into())));
    assert!(all.contains(&("X-Content-Type-Options".into(), "nosniff".into())));
    assert!(all.iter().all(|(name, _)| name != "Cache-Control"), "caching is set per path, never twice");
    let built = files(&dir);
    let assets: Vec<&String> = built.keys().filter(|p| is_fingerprinted(p)).collect();
    assert!(assets.len() >= 2, "the theme's CSS and JS are fingerprinted: {assets:?}");
    for asset in assets {
        let cache = ("Cache-Control".to_string(), CACHE_IMMUTABLE.to_string());
        assert_eq!(rules.get(&format!("/repo/{asset}")), Some(&vec![cache]), "{asset}");
    }
    for html in ["/repo/", "/repo/articles/*", "/repo/glossary/*", "/repo/404.html"] {
        assert_eq!(rules[html], [("Cache-Control".to_string(), CACHE_REVALIDATE.to_string())], "{html}");
    }
}

#[test]
fn built_pages_have_no_inline_script_style_or_handler_the_csp_would_block() {
    let built = files(&deployed(ROOT_URL));
    let inline_script = Selector::parse(r#"script:not([src]):not([type="application/ld+json"])"#).unwrap();
    let style = Selector::parse("style, [style]").unwrap();
    let any = Selector::parse("*").unwrap();
    let external = Selector::parse("script[src], link[rel=stylesheet], img[src]").unwrap();
    let mut pages = 0;
    for (path, bytes) in built.iter().filter(|(p, _)| p.ends_with(".html")) {
        pages += 1;
        let page = Html::parse_document(std::str::from_utf8(bytes).unwrap());
        assert!(page.select(&inline_script).next().is_none(), "{path}: an inline script");
        assert!(page.select(&style).next().is_none(), "{path}: a <style> element or style attribute");
        for element in page.select(&any) {
            let handler = element.value().attrs().find(|(name, _)| name.starts_with("on"));
            assert!(handler.is_none(), "{path}: an inline event handler {handler:?}");
        }
        for element in page.select(&external) {
            let url = element.value().attr("src").or(element.value().attr("href")).unwrap();
            assert!(url.starts_with('/') && !url.starts_with("//"), "{path}: {url} is not from the site itself");
        }
    }
    assert!(pages > 30, "only {pages} pages");
}

#[test]
fn precompressed_gz_and_br_files_decompress_to_the_originals() {
    let built = files(&deployed(ROOT_URL));
    let mut pairs = 0;
    for (path, original) in &built {
        let ext = path.rsplit('.').next().unwrap();
        if !COMPRESSIBLE.contains(&ext) {
            continue;
        }
        if let Some(gz) = built.get(&format!("{path}.gz")) {
            let mut unpacked = Vec::new();
            flate2::read::GzDecoder::new(&gz[..]).read_to_end(&mut unpacked).unwrap();
            assert!(unpacked == *original, "{path}.gz");
            pairs += 1;
        }
        if let Some(br) = built.get(&format!("{path}.br")) {
            let mut unpacked = Vec::new();
            brotli::Decompressor::new(&br[..], 4096).read_to_end(&mut unpacked).unwrap();
            assert!(unpacked == *original, "{path}.br");
            pairs += 1;
        }
    }
    for page in ["index.html", "articles/apple-picks-alibaba-ai/index.html", "search/manifest.json", "sitemap.xml"] {
        assert!(built.contains_key(&format!("{page}.gz")) && built.contains_key(&format!("{page}.br")), "{page}");
    }
    assert!(pairs > 60, "only {pairs} compressed files");
    assert!(!built.keys().any(|p| p.ends_with(".gz.gz") || p.ends_with(".br.gz") || p == "_headers.gz"));
}

/// Copies the site's sources (content/ and themes/) of the repository into `to`.
fn copy_sources(to: &Path) {
    for folder in ["content", "themes"] {
        let from = repo().join(folder);
        for entry in walkdir::WalkDir::new(&from).into_iter().map(Result::unwrap) {
            let target = to.join(folder).join(entry.path().strip_prefix(&from).unwrap());
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(&target).unwrap();
            } else {
                std::fs::copy(entry.path(), &target).unwrap();
            }
        }
    }
}

#[test]
fn builds_in_different_folders_are_byte_identical_and_drop_stale_files() {
    let first = tempfile::tempdir().unwrap();
    let second = tempfile::tempdir().unwrap();
    let second_root = second.path().join("elsewhere/deeper");
    copy_sources(first.path());
    copy_sources(&second_root);
    // A page an earlier build of this site left in its --out folder.
    glosa_build(&second_root, &second.path().join("out"), SUBPATH_URL, &[]);
    let stale = second.path().join("out/old-article/index.html");
    std::fs::create_dir_all(stale.parent().unwrap()).unwrap();
    std::fs::write(&stale, "stale").unwrap();
    glosa_build(first.path(), &first.path().join("public"), SUBPATH_URL, &["--headers"]);
    glosa_build(&second_root, &second.path().join("out"), SUBPATH_URL, &["--headers"]);
    let (a, b) = (files(&first.path().join("public")), files(&second.path().join("out")));
    assert!(!stale.exists(), "a file of a previous build is removed");
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (path, bytes) in &a {
        assert!(b[path] == *bytes, "{path} differs between the two builds");
        let text = String::from_utf8_lossy(bytes);
        for folder in [first.path(), second.path(), repo()] {
            assert!(!text.contains(&*folder.to_string_lossy()), "{path} contains the path {}", folder.display());
        }
    }
}

#[test]
fn nginx_with_the_documented_config_serves_pages_the_404_page_and_cached_assets() {
    let (root, subpath) = (deployed(ROOT_URL), deployed(SUBPATH_URL));
    let dir = tempfile::tempdir().unwrap();
    let port = nginx::free_port();
    let server = nginx::Nginx::start(dir.path(), port, &nginx::site_config(port, &root, &subpath));
    for (prefix, site) in [("/", &root), ("/repo/", &subpath)] {
        let built = files(site);
        let home = server.get(prefix, &[]);
        assert_eq!(home.status, 200, "GET {prefix}");
        assert!(home.body == built["index.html"], "GET {prefix} is the home page");
        assert_eq!(home.header("cache-control"), Some(CACHE_REVALIDATE), "GET {prefix}");
        assert_eq!(home.header("content-security-policy"), Some(CONTENT_SECURITY_POLICY));
        assert_eq!(home.header("x-content-type-options"), Some("nosniff"));
        let article = server.get(&format!("{prefix}{ARTICLE}"), &[]);
        assert_eq!(article.status, 200, "GET {prefix}{ARTICLE}");
        assert!(article.body == built[&format!("{ARTICLE}index.html")]);
        let missing = server.get(&format!("{prefix}nope/"), &[]);
        assert_eq!(missing.status, 404, "GET {prefix}nope/");
        assert!(missing.body == built["404.html"], "the 404 page, got:\n{}", missing.text());
        assert_eq!(missing.header("content-security-policy"), Some(CONTENT_SECURITY_POLICY), "error pages too");
        let css = fingerprinted_css(&built);
        let asset = server.get(&format!("{prefix}{css}"), &[]);
        assert_eq!(asset.status, 200, "GET {prefix}{css}");
        assert_eq!(asset.header("cache-control"), Some(CACHE_IMMUTABLE), "GET {prefix}{css}");
        assert_eq!(asset.header("content-type"), Some("text/css"));
        let gzipped = server.get(prefix, &[("Accept-Encoding", "gzip")]);
        assert_eq!(gzipped.header("content-encoding"), Some("gzip"), "gzip_static serves index.html.gz");
        assert!(gzipped.body == built["index.html.gz"]);
    }
}
