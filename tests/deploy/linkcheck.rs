//! A link checker over a built site folder: every internal URL in the HTML (links, assets,
//! canonical and Open Graph URLs, JSON-LD), the feed and the sitemap resolves to a file of the
//! site, every `#fragment` to an id on its page, and no URL leaves the site's base path.

use scraper::{Html, Selector};
use std::collections::{BTreeMap, HashSet};
use std::path::Path;

/// A built site read from disk, and where it is served.
pub struct Site {
    files: BTreeMap<String, Vec<u8>>,
    origin: String,
    base_path: String,
}

/// One URL found in a file, resolved to a site path (relative to the base path).
struct Target {
    path: String,
    fragment: String,
}

impl Site {
    /// Reads every file under `dir`, for a site served at `base_url` (`https://host/` or `https://host/repo/`).
    pub fn read(dir: &Path, base_url: &str) -> Site {
        let mut files = BTreeMap::new();
        for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
            let entry = entry.unwrap();
            if entry.file_type().is_file() {
                let rel = entry.path().strip_prefix(dir).unwrap().to_string_lossy().replace('\\', "/");
                files.insert(rel, std::fs::read(entry.path()).unwrap());
            }
        }
        let after_scheme = base_url.find("://").map(|i| i + 3).expect("an absolute base URL");
        let path_start = base_url[after_scheme..].find('/').map_or(base_url.len(), |i| after_scheme + i);
        let origin = base_url[..path_start].to_string();
        let base_path = base_url[path_start..].to_string();
        Site { files, origin, base_path }
    }

    /// Every problem found, as `file: url: what is wrong`; empty when every link works.
    pub fn broken_links(&self) -> Vec<String> {
        let ids: BTreeMap<&str, HashSet<String>> = self
            .files
            .iter()
            .filter(|(path, _)| path.ends_with(".html"))
            .map(|(path, bytes)| (path.as_str(), ids_of(&Html::parse_document(&String::from_utf8_lossy(bytes)))))
            .collect();
        let mut problems = Vec::new();
        let mut checked = 0;
        for (file, bytes) in &self.files {
            let text = String::from_utf8_lossy(bytes);
            let urls = if file.ends_with(".html") {
                html_urls(&text)
            } else if file.ends_with(".xml") {
                xml_urls(&text)
            } else {
                continue;
            };
            for url in urls {
                checked += 1;
                if let Err(problem) = self.check(file, &url, &ids) {
                    problems.push(format!("{file}: {url}: {problem}"));
                }
            }
        }
        assert!(checked > 100, "the checker found only {checked} URLs: is it reading the pages?");
        problems
    }

    fn check(&self, file: &str, url: &str, ids: &BTreeMap<&str, HashSet<String>>) -> Result<(), String> {
        let Some(target) = self.resolve(file, url)? else {
            return Ok(());
        };
        let page = self.file_for(&target.path).ok_or("no such file in the built site")?;
        if target.fragment.is_empty() {
            return Ok(());
        }
        match ids.get(page.as_str()) {
            Some(page_ids) if !page_ids.contains(&percent_decode(&target.fragment)) => {
                Err(format!("no id `{}` on {page}", target.fragment))
            }
            _ => Ok(()),
        }
    }

    /// The site path a URL in `file` points to; `None` for URLs of other sites and schemes.
    fn resolve(&self, file: &str, url: &str) -> Result<Option<Target>, String> {
        let url = url.trim();
        if url.is_empty() {
            return Err("an empty URL".into());
        }
        let lower = url.to_ascii_lowercase();
        if lower.starts_with("javascript:") {
            return Err("a javascript: URL (blocked by the Content-Security-Policy)".into());
        }
        if ["mailto:", "tel:", "data:"].iter().any(|s| lower.starts_with(s)) {
            return Ok(None);
        }
        if let Some(fragment) = url.strip_prefix('#') {
            return Ok(Some(Target { path: file.to_string(), fragment: fragment.to_string() }));
        }
        let absolute =
            if let Some(rest) = url.strip_prefix("//") { format!("https://{rest}") } else { url.to_string() };
        let url_path = if absolute.contains("://") {
            let host_of = |u: &str| u.split_once("://").map(|(_, r)| r.split('/').next().unwrap_or("").to_string());
            if host_of(&absolute) != host_of(&self.origin) {
                return Ok(None);
            }
            absolute.split_once("://").and_then(|(_, r)| r.find('/').map(|i| r[i..].to_string())).unwrap_or("/".into())
        } else if url.starts_with('/') {
            url.to_string()
        } else if file == "404.html" {
            return Err("a relative URL on the 404 page, which is served at any path".into());
        } else {
            let dir = file.rsplit_once('/').map_or("", |(d, _)| d);
            let page_url = if dir.is_empty() { self.base_path.clone() } else { format!("{}{dir}/", self.base_path) };
            join(&page_url, url)
        };
        let (before_fragment, fragment) = url_path.split_once('#').unwrap_or((&url_path, ""));
        let path = before_fragment.split('?').next().unwrap_or("");
        let site_path =
            path.strip_prefix(&self.base_path).or_else(|| (path == self.base_path.trim_end_matches('/')).then_some(""));
        let Some(site_path) = site_path else {
            return Err(format!("leaves the base path {}", self.base_path));
        };
        Ok(Some(Target { path: percent_decode(site_path), fragment: fragment.to_string() }))
    }

    /// The file a site path names (`articles/x/` -> `articles/x/index.html`).
    fn file_for(&self, path: &str) -> Option<String> {
        let candidates = if path.is_empty() || path.ends_with('/') {
            vec![format!("{path}index.html")]
        } else {
            vec![path.to_string(), format!("{path}/index.html")]
        };
        candidates.into_iter().find(|c| self.files.contains_key(c))
    }
}

/// Resolves a relative reference against a directory URL path ending in `/`.
fn join(dir: &str, relative: &str) -> String {
    let (path, rest) = relative.find(['?', '#']).map_or((relative, ""), |i| relative.split_at(i));
    let mut parts: Vec<&str> = dir.trim_end_matches('/').split('/').collect();
    for segment in path.split('/') {
        match segment {
            "." => {}
            ".." => {
                if parts.len() > 1 {
                    parts.pop();
                }
            }
            s => parts.push(s),
        }
    }
    format!("{}{rest}", parts.join("/"))
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn ids_of(html: &Html) -> HashSet<String> {
    let selector = Selector::parse("[id], a[name]").unwrap();
    html.select(&selector)
        .filter_map(|el| el.value().attr("id").or_else(|| el.value().attr("name")))
        .map(str::to_string)
        .collect()
}

/// URLs in a page: link targets, asset sources, the search index, Open Graph URLs and every
/// URL-looking string in its JSON-LD.
fn html_urls(text: &str) -> Vec<String> {
    let html = Html::parse_document(text);
    let mut urls = Vec::new();
    let attributes = [("[href]", "href"), ("[src]", "src"), ("[data-index]", "data-index"), ("form[action]", "action")];
    for (css, attribute) in attributes {
        let selector = Selector::parse(css).unwrap();
        urls.extend(html.select(&selector).filter_map(|el| el.value().attr(attribute)).map(str::to_string));
    }
    let meta = Selector::parse(r#"meta[property="og:url"], meta[property="og:image"]"#).unwrap();
    urls.extend(html.select(&meta).filter_map(|el| el.value().attr("content")).map(str::to_string));
    let jsonld = Selector::parse(r#"script[type="application/ld+json"]"#).unwrap();
    for script in html.select(&jsonld) {
        let json: serde_json::Value = serde_json::from_str(&script.inner_html()).expect("JSON-LD is valid JSON");
        collect_json_urls(&json, &mut urls);
    }
    urls
}

fn collect_json_urls(value: &serde_json::Value, urls: &mut Vec<String>) {
    match value {
        serde_json::Value::String(s) if s.starts_with("http://") || s.starts_with("https://") || s.starts_with('/') => {
            urls.push(s.clone())
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| collect_json_urls(v, urls)),
        serde_json::Value::Object(map) => map.values().for_each(|v| collect_json_urls(v, urls)),
        _ => {}
    }
}

/// URLs in the feed and the sitemap: `href="..."`, `<loc>`, `<id>`, and links in escaped HTML content.
fn xml_urls(text: &str) -> Vec<String> {
    let mut urls = Vec::new();
    for (open, close) in [("href=\"", "\""), ("<loc>", "</loc>"), ("<id>", "</id>"), ("href=&quot;", "&quot;")] {
        for (at, _) in text.match_indices(open) {
            let rest = &text[at + open.len()..];
            match rest.find(close).map(|end| rest[..end].replace("&amp;", "&")) {
                Some(id) if open == "<id>" && !id.contains("://") => {}
                Some(url) => urls.push(url),
                None => {}
            }
        }
    }
    urls
}

#[test]
fn relative_references_resolve_like_a_browser() {
    assert_eq!(join("/repo/articles/x/", "../y/"), "/repo/articles/y/");
    assert_eq!(join("/repo/", "./style.css?v=1"), "/repo/style.css?v=1");
    assert_eq!(percent_decode("caf%C3%A9"), "café");
}
