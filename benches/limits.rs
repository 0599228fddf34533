//! Benchmark check: a site of an archive's size stays within the limits of the protocols and
//! tools that read it. Generates an explainer corpus (100,000 articles unless
//! `GLOSA_BENCH_ARTICLES` says otherwise, 500 terms) builds it with the `glosa` binary under an
//! absolute `--base-url`, and checks the output:
//! - the sitemap (sitemaps.org protocol): at most 50,000 URLs and 50 MiB per file, an index past
//!   that, absolute URLs under 2,048 characters, and exactly the site's first pages listed (every
//!   HTML page but the 404 and a listing's `page/N/` pages), each of them a file of the output;
//! - the Atom feeds (RFC 4287): well-formed, an `id`, `title` and `updated` for the feed and each
//!   entry, ids unique within a feed, at most `feed_limit` entries;
//! - the home listing: every article listed exactly once over its pages, no page over `paginate`;
//! - page sizes: no HTML page past the 15 MB a search engine crawler reads of a page;
//! - search: the manifest at most 50 KB and each other search file at most 300 KB compressed (a
//!   reader's search loads the manifest, then a few files);
//! - names: no path component past 255 bytes (the file name limit of common file systems).
//!
//! Not in CI: at 100,000 articles it writes ~640 MB of Markdown and builds for about a minute.
//! `cargo bench --bench limits`; `GLOSA_BENCH_ARTICLES=2000 cargo bench --bench limits`.

mod common;

use flate2::write::GzEncoder;
use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// The site's address in the generated configuration: a sitemap needs absolute URLs.
const BASE_URL: &str = "https://archive.example/";
/// URLs and bytes one sitemap file may hold (sitemaps.org).
const SITEMAP_URLS: usize = 50_000;
const SITEMAP_BYTES: u64 = 50 * 1024 * 1024;
/// A sitemap URL must be shorter than this (sitemaps.org).
const URL_CHARS: usize = 2_048;
/// How much of an HTML file Googlebot reads (developers.google.com/search/docs/crawling-indexing/googlebot).
const PAGE_BYTES: u64 = 15 * 1024 * 1024;
/// What a reader's search may load before the first keystroke, and per file after (issue 28's
/// budget is 300 KB for a whole query; one file must fit in it).
const SEARCH_MANIFEST_GZ: usize = 50 * 1024;
const SEARCH_FILE_GZ: usize = 300 * 1024;
/// The longest file name ext4, XFS, APFS and NTFS take.
const NAME_BYTES: usize = 255;
/// The defaults of the generated site's `paginate` and `feed_limit`.
const PAGINATE: usize = glosa::model::DEFAULT_PAGINATE;
const FEED_LIMIT: usize = glosa::model::DEFAULT_FEED_LIMIT;

fn main() {
    let articles = common::articles_wanted_or(100_000);
    let dir = tempfile::tempdir().expect("temp dir");
    let site = dir.path();
    let started = Instant::now();
    common::generate_corpus(site, articles);
    println!("corpus: {articles} articles, 500 terms, written in {:.1} s", started.elapsed().as_secs_f64());

    let started = Instant::now();
    let status = Command::new(env!("CARGO_BIN_EXE_glosa"))
        .args(["build", "--quiet", "--base-url", BASE_URL, "--root"])
        .arg(site)
        .status()
        .expect("glosa runs");
    assert!(status.success(), "glosa build failed: {status}");
    println!("built in {:.1} s", started.elapsed().as_secs_f64());

    let public = site.join("public");
    let files = output_files(&public);
    let mut report = Report::default();
    sitemap(&public, &files, &mut report);
    feeds(&public, &files, &mut report);
    home_listing(&public, articles, &mut report);
    page_sizes(&files, &mut report);
    search(&public, &files, &mut report);
    names(&files, &mut report);
    for (what, value) in &report.measured {
        println!("{what:<44} {value}");
    }
    assert!(report.broken.is_empty(), "limits broken:\n  {}", report.broken.join("\n  "));
    println!("all limits hold ({} files checked)", files.len());
}

/// What was measured, for the table printed at the end, and every limit broken.
#[derive(Default)]
struct Report {
    measured: Vec<(String, String)>,
    broken: Vec<String>,
}

impl Report {
    fn measure(&mut self, what: &str, value: impl std::fmt::Display) {
        self.measured.push((what.to_string(), value.to_string()));
    }

    fn check(&mut self, holds: bool, problem: impl FnOnce() -> String) {
        if !holds {
            self.broken.push(problem());
        }
    }
}

/// Every file of the output with its size, by its path under `public`.
fn output_files(public: &Path) -> BTreeMap<PathBuf, u64> {
    walkdir::WalkDir::new(public)
        .into_iter()
        .map(|entry| entry.expect("the output can be walked"))
        .filter(|entry| entry.file_type().is_file())
        .map(|entry| {
            let size = entry.metadata().expect("metadata").len();
            (entry.path().strip_prefix(public).unwrap().to_path_buf(), size)
        })
        .collect()
}

fn parse(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

/// The sitemap: files within the protocol's limits, listing exactly the site's first pages.
fn sitemap(public: &Path, files: &BTreeMap<PathBuf, u64>, report: &mut Report) {
    let mut listed = BTreeSet::new();
    let mut parts = 0;
    let index_text = parse(&public.join("sitemap.xml"));
    let index = roxmltree::Document::parse(&index_text).expect("sitemap.xml is XML");
    let part_names: Vec<String> = if index.root_element().has_tag_name("sitemapindex") {
        index.descendants().filter(|n| n.has_tag_name("loc")).filter_map(|n| n.text()).map(str::to_string).collect()
    } else {
        vec![format!("{BASE_URL}sitemap.xml")]
    };
    report.check(part_names.len() <= SITEMAP_URLS, || format!("the sitemap index lists {} files", part_names.len()));
    let mut most_urls = 0;
    for url in &part_names {
        let name = url.strip_prefix(BASE_URL).unwrap_or_else(|| panic!("sitemap file {url} is not under {BASE_URL}"));
        let size = files.get(Path::new(name)).copied();
        report.check(size.is_some(), || format!("the sitemap index lists {url}, which is not in the output"));
        report.check(size.unwrap_or(0) <= SITEMAP_BYTES, || format!("{name}: {} bytes", size.unwrap_or(0)));
        let Some(_) = size else { continue };
        parts += 1;
        let text = parse(&public.join(name));
        let doc = roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{name} is not XML: {e}"));
        let urls: Vec<&str> = doc.descendants().filter(|n| n.has_tag_name("loc")).filter_map(|n| n.text()).collect();
        most_urls = most_urls.max(urls.len());
        report.check(urls.len() <= SITEMAP_URLS, || format!("{name} lists {} URLs", urls.len()));
        for url in urls {
            report.check(url.chars().count() < URL_CHARS, || format!("{name}: a URL of {} characters", url.len()));
            match url.strip_prefix(BASE_URL) {
                Some(path) => {
                    report.check(listed.insert(page_file(path)), || format!("{name} lists {url} twice"));
                }
                None => report.broken.push(format!("{name}: {url} is not an absolute URL of the site")),
            }
        }
    }
    let first_pages: BTreeSet<PathBuf> = files
        .keys()
        .filter(|path| path.extension().is_some_and(|e| e == "html"))
        .filter(|path| *path != Path::new("404.html") && !path.components().any(|c| c.as_os_str() == "page"))
        .cloned()
        .collect();
    let unlisted: Vec<_> = first_pages.difference(&listed).take(5).collect();
    report.check(unlisted.is_empty(), || format!("pages the sitemap does not list, e.g. {unlisted:?}"));
    let missing: Vec<_> = listed.difference(&first_pages).take(5).collect();
    report.check(missing.is_empty(), || format!("sitemap URLs with no page, e.g. {missing:?}"));
    report.measure("sitemap files (with the index)", parts + usize::from(part_names.len() > 1));
    report.measure("sitemap URLs (most in one file)", format!("{} ({most_urls})", listed.len()));
}

/// The file a site path is served from: `articles/x/` is `articles/x/index.html`.
fn page_file(path: &str) -> PathBuf {
    if path.is_empty() || path.ends_with('/') {
        PathBuf::from(format!("{path}index.html"))
    } else {
        PathBuf::from(path)
    }
}

/// Every Atom feed: well-formed, with the elements RFC 4287 requires, within `feed_limit`.
fn feeds(public: &Path, files: &BTreeMap<PathBuf, u64>, report: &mut Report) {
    let mut count = 0;
    let mut largest = (0, PathBuf::new());
    let mut most_entries = 0;
    for (path, size) in files.iter().filter(|(path, _)| path.file_name().is_some_and(|n| n == "atom.xml")) {
        count += 1;
        largest = largest.max((*size, path.clone()));
        let text = parse(&public.join(path));
        let doc = match roxmltree::Document::parse(&text) {
            Ok(doc) => doc,
            Err(error) => {
                report.broken.push(format!("{}: not XML: {error}", path.display()));
                continue;
            }
        };
        let feed = doc.root_element();
        let has = |node: roxmltree::Node, name: &str| node.children().any(|c| c.has_tag_name(name));
        report.check(feed.has_tag_name("feed"), || format!("{}: the root is not <feed>", path.display()));
        report.check(["id", "title", "updated"].iter().all(|n| has(feed, n)), || {
            format!("{}: the feed lacks its id, title or updated", path.display())
        });
        let entries: Vec<_> = feed.children().filter(|c| c.has_tag_name("entry")).collect();
        most_entries = most_entries.max(entries.len());
        report.check(entries.len() <= FEED_LIMIT, || format!("{}: {} entries", path.display(), entries.len()));
        let mut ids = BTreeSet::new();
        for entry in entries {
            report.check(["id", "title", "updated"].iter().all(|n| has(entry, n)), || {
                format!("{}: an entry lacks its id, title or updated", path.display())
            });
            let id = entry.children().find(|c| c.has_tag_name("id")).and_then(|c| c.text()).unwrap_or_default();
            report.check(ids.insert(id.to_string()), || format!("{}: the entry id {id} twice", path.display()));
        }
    }
    report.measure("Atom feeds", count);
    report.measure("feed entries (most in one feed)", most_entries);
    report.measure("largest feed", format!("{} KB ({})", largest.0 / 1024, largest.1.display()));
}

/// The home listing's pages: each lists at most `paginate` articles, and together every article once.
fn home_listing(public: &Path, articles: usize, report: &mut Report) {
    let link = scraper::Selector::parse("main a[href*='/articles/']").unwrap();
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let mut pages = 0;
    let mut fullest = 0;
    loop {
        let file =
            if pages == 0 { public.join("index.html") } else { public.join(format!("page/{}/index.html", pages + 1)) };
        let Ok(html) = std::fs::read_to_string(&file) else { break };
        pages += 1;
        let page = scraper::Html::parse_document(&html);
        let listed: BTreeSet<String> = page
            .select(&link)
            .filter_map(|a| a.value().attr("href"))
            .map(|href| href.split('#').next().unwrap_or_default().to_string())
            .filter(|href| href.trim_end_matches('/').matches('/').count() >= 2 && href.contains("/articles/"))
            .collect();
        fullest = fullest.max(listed.len());
        report.check(listed.len() <= PAGINATE, || format!("{}: {} articles", file.display(), listed.len()));
        for href in listed {
            *seen.entry(href).or_default() += 1;
        }
    }
    let twice = seen.values().filter(|&&n| n > 1).count();
    report.check(seen.len() == articles, || format!("the home pages list {} of {articles} articles", seen.len()));
    report.check(twice == 0, || format!("{twice} articles listed on two home pages"));
    report.measure("home pages (most articles on one)", format!("{pages} ({fullest})"));
}

/// No HTML page larger than a crawler reads.
fn page_sizes(files: &BTreeMap<PathBuf, u64>, report: &mut Report) {
    let mut html: Vec<(u64, &PathBuf)> =
        files.iter().filter(|(p, _)| p.extension().is_some_and(|e| e == "html")).map(|(p, s)| (*s, p)).collect();
    html.sort_unstable_by(|a, b| b.cmp(a));
    for (size, path) in html.iter().take_while(|(size, _)| *size > PAGE_BYTES) {
        report.broken.push(format!("{}: {} MB of HTML", path.display(), size / 1_000_000));
    }
    let largest: Vec<String> =
        html.iter().take(3).map(|(size, path)| format!("{} KB {}", size / 1024, path.display())).collect();
    report.measure("HTML pages", html.len());
    report.measure("largest HTML pages", largest.join(", "));
}

/// The search files a reader's browser loads, compressed as a host serves them.
fn search(public: &Path, files: &BTreeMap<PathBuf, u64>, report: &mut Report) {
    let gzipped = |path: &Path| {
        let mut encoder = GzEncoder::new(Vec::new(), flate2::Compression::default());
        encoder.write_all(&std::fs::read(public.join(path)).expect("a search file")).unwrap();
        encoder.finish().unwrap().len()
    };
    let manifest = Path::new(glosa::theme::search::MANIFEST);
    let manifest_gz = gzipped(manifest);
    report.check(manifest_gz <= SEARCH_MANIFEST_GZ, || format!("the search manifest is {manifest_gz} bytes gzipped"));
    let mut largest = (0, PathBuf::new());
    let mut count = 0;
    for path in files.keys().filter(|p| p.starts_with(glosa::theme::search::FOLDER) && p.as_path() != manifest) {
        count += 1;
        let size = gzipped(path);
        report.check(size <= SEARCH_FILE_GZ, || format!("{}: {size} bytes gzipped", path.display()));
        largest = largest.max((size, path.clone()));
    }
    report.measure("search manifest (gzip)", format!("{:.1} KB", manifest_gz as f64 / 1024.0));
    report.measure(
        "search files (largest, gzip)",
        format!("{count} ({:.1} KB {})", largest.0 as f64 / 1024.0, largest.1.display()),
    );
}

/// No file or folder name longer than a file system takes.
fn names(files: &BTreeMap<PathBuf, u64>, report: &mut Report) {
    let longest = files.keys().flat_map(|path| path.components()).map(|c| c.as_os_str().len()).max().unwrap_or(0);
    report.check(longest <= NAME_BYTES, || format!("a file name of {longest} bytes"));
    report.measure("longest file name (bytes)", longest);
}
