//! Safety checks between load and render: which URLs authors may cite, and what `safe: true`
//! strips from author Markdown.
//!
//! Policy (docs/security.md): raw HTML in Markdown passes through by default, as CommonMark
//! says. With `safe: true` in `site.yaml`, raw HTML (blocks and inline) is dropped from every
//! piece of author Markdown, and links and images whose URL runs code (`javascript:`,
//! `vbscript:`, `data:`) lose their URL and keep their text. Front-matter source URLs are
//! checked in both modes: they must be `http(s)://` or root-relative, else `bad-url`.

mod svg;

use crate::diagnostic::Diagnostic;
use crate::load::{Content, Document};
use crate::model::Citation;
use pulldown_cmark::{Event, Tag, TagEnd};
use std::path::Path;

/// File types a browser runs, or renders as a document that can run script (any XML can hold
/// XHTML `script` elements), and types web servers run (PHP, CGI, server-side includes): a
/// `safe: true` site publishes none from `content/`. SVG images are checked instead (see
/// [`active_file`]).
const ACTIVE_TYPES: [&str; 28] = [
    "html", "htm", "xhtml", "xht", "shtml", "shtm", "mhtml", "mht", "hta", "js", "mjs", "cjs", "wasm", "swf", "svgz",
    "xml", "xsl", "xslt", "rss", "atom", "rdf", "mml", "xul", "php", "phtml", "phar", "cgi", "jsp",
];

/// Why a `safe: true` site may not publish the file of `content/` at `path` holding `bytes`, if
/// it may not: its type runs script (`.html`, `.js`, `.xml`, `.php` and the like, also when
/// precompressed as `.gz` or `.br`), or it is an SVG image that is not inert (it holds script,
/// event handlers or references outside itself).
pub fn active_file(path: &Path, bytes: &[u8]) -> Option<String> {
    let name = path.file_name()?.to_string_lossy().to_ascii_lowercase();
    let name = name.strip_suffix(".gz").or_else(|| name.strip_suffix(".br")).unwrap_or(&name);
    let (_, extension) = name.rsplit_once('.')?;
    if ACTIVE_TYPES.contains(&extension) {
        return Some(format!("a `.{extension}` file runs script in the browser or on the server"));
    }
    if extension != "svg" {
        return None;
    }
    if name.len() != path.file_name()?.len() {
        return Some("a compressed SVG image cannot be checked".into());
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => svg::problem(text.strip_prefix('\u{feff}').unwrap_or(text))
            .map(|why| format!("an SVG image that is not inert: {why}")),
        Err(_) => Some("an SVG image that is not UTF-8 cannot be checked".into()),
    }
}

/// Whether author Markdown is rendered in safe mode (`safe: true` in site.yaml): without raw
/// HTML, and without the URLs of links and images that run code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SafeMode {
    /// Raw HTML passes through, as CommonMark says (the default).
    Off,
    /// Raw HTML and script URLs are stripped (see [`SafeFilter`]).
    On,
}

impl SafeMode {
    /// The mode `safe:` in site.yaml asks for.
    pub fn of(safe: bool) -> Self {
        if safe {
            SafeMode::On
        } else {
            SafeMode::Off
        }
    }
}

/// True for URLs a source may cite: `http://`, `https://` or a root-relative `/path`.
pub fn is_citable_url(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    lower.starts_with("https://")
        || lower.starts_with("http://")
        || (lower.starts_with('/') && !lower.starts_with("//"))
}

/// True for URLs whose scheme runs code in the browser, read the way browsers read them
/// (ASCII whitespace and control characters ignored, any case).
pub fn is_script_url(url: &str) -> bool {
    let scheme: String = url
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_ascii_control())
        .take_while(|c| *c != ':')
        .collect::<String>()
        .to_ascii_lowercase();
    url.contains(':') && matches!(scheme.as_str(), "javascript" | "vbscript" | "data")
}

/// `bad-url` errors for every front-matter source URL (article source, claim sources, term
/// sources) that is not [`is_citable_url`].
pub fn check_source_urls(content: &Content) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for doc in &content.articles {
        let source = doc.meta.source.iter().filter_map(|s| s.url.as_deref());
        let claims = doc.meta.claims.values().flat_map(|c| c.sources.iter().filter_map(Citation::inline_url));
        problems.extend(bad_urls(doc, source.chain(claims)));
    }
    for doc in &content.terms {
        problems.extend(bad_urls(doc, doc.meta.sources.iter().filter_map(Citation::inline_url)));
    }
    for doc in &content.authors {
        let links = doc.meta.links.iter().map(|s| s.url.as_str());
        problems.extend(bad_urls(doc, doc.meta.url.as_deref().into_iter().chain(links)));
    }
    problems
}

fn bad_urls<'a, M>(
    doc: &'a Document<M>,
    urls: impl Iterator<Item = &'a str> + 'a,
) -> impl Iterator<Item = Diagnostic> + 'a {
    let front = &doc.file.text[..doc.body_offset];
    urls.filter(|url| !is_citable_url(url)).map(move |url| {
        let d = Diagnostic::error("bad-url", &doc.file.path, format!("`{url}` is not a web address"))
            .with_help("cite sources with an `https://` address or a root-relative `/path`");
        // YAML may escape quotes and backslashes, so look for the part before the first one.
        let probe = &url[..url.find(['"', '\\', '\'']).unwrap_or(url.len())];
        match front.find(probe).filter(|_| !probe.is_empty()) {
            Some(at) => d.at(&doc.file.text, at..at + probe.len()),
            None => match front.find("url:") {
                Some(at) => d.at(&doc.file.text, at..at + 4),
                None => d,
            },
        }
    })
}

/// Filters author Markdown events in safe mode: drops raw HTML and the start and end of links
/// and images whose URL [`is_script_url`] (their text stays), and every attribute of a heading
/// (`# Title {onfocus=... autofocus}`) but its id and classes. Feed it every event in order.
#[derive(Debug, Default)]
pub struct SafeFilter {
    dropped_links: Vec<bool>,
    dropped_images: Vec<bool>,
}

impl SafeFilter {
    /// `event` as it may be rendered, or `None` when it must not be.
    pub fn apply<'a>(&mut self, event: Event<'a>) -> Option<Event<'a>> {
        if !self.keep(&event) {
            return None;
        }
        Some(match event {
            Event::Start(Tag::Heading { level, id, classes, attrs: _ }) => {
                Event::Start(Tag::Heading { level, id, classes, attrs: Vec::new() })
            }
            other => other,
        })
    }

    /// Whether `event` may be rendered at all.
    fn keep(&mut self, event: &Event) -> bool {
        match event {
            Event::Html(_) | Event::InlineHtml(_) => false,
            Event::Start(Tag::HtmlBlock) | Event::End(TagEnd::HtmlBlock) => false,
            Event::Start(Tag::Link { dest_url, .. }) => push_keep(&mut self.dropped_links, dest_url),
            Event::Start(Tag::Image { dest_url, .. }) => push_keep(&mut self.dropped_images, dest_url),
            Event::End(TagEnd::Link) => !self.dropped_links.pop().unwrap_or(false),
            Event::End(TagEnd::Image) => !self.dropped_images.pop().unwrap_or(false),
            _ => true,
        }
    }
}

fn push_keep(stack: &mut Vec<bool>, url: &str) -> bool {
    let drop = is_script_url(url);
    stack.push(drop);
    !drop
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::{html, Options, Parser};

    fn safe_html(markdown: &str) -> String {
        let mut filter = SafeFilter::default();
        let mut out = String::new();
        let events = Parser::new_ext(markdown, Options::ENABLE_HEADING_ATTRIBUTES).filter_map(|e| filter.apply(e));
        html::push_html(&mut out, events);
        out
    }

    #[test]
    fn active_files_are_found_by_type_and_svg_images_by_what_they_hold() {
        let inert = b"<svg xmlns=\"http://www.w3.org/2000/svg\"><rect width=\"1\" height=\"1\"/></svg>";
        let script = b"<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>";
        for active in ["a.html", "dir/A.HTM", "x.js", "x.mjs", "feed.xml", "m.wasm", "p.php", "page.html.gz", "x.svgz"]
        {
            assert!(active_file(Path::new(active), b"x").is_some(), "{active}");
        }
        for plain in ["a.png", "notes.txt", "data.json", "style.css", "README", "archive.tar.gz"] {
            assert_eq!(active_file(Path::new(plain), b"x"), None, "{plain}");
        }
        assert_eq!(active_file(Path::new("chart.svg"), inert), None);
        assert!(active_file(Path::new("chart.SVG"), script).unwrap().contains("`script` element"));
        assert!(active_file(Path::new("chart.svg.gz"), inert).is_some(), "not checked once compressed");
    }

    #[test]
    fn citable_urls_are_web_addresses_or_root_relative_paths() {
        assert!(is_citable_url("https://example.org/a"));
        assert!(is_citable_url("HTTP://example.org"));
        assert!(is_citable_url("/articles/x/"));
        assert!(!is_citable_url("javascript:alert(1)"));
        assert!(!is_citable_url("//evil.example"));
        assert!(!is_citable_url("data:text/html,x"));
        assert!(!is_citable_url(""));
    }

    #[test]
    fn script_urls_are_found_through_case_whitespace_and_controls() {
        assert!(is_script_url("javascript:alert(1)"));
        assert!(is_script_url(" JaVa\tScript:alert(1)"));
        assert!(is_script_url("data:text/html;base64,xx"));
        assert!(is_script_url("vbscript:x"));
        assert!(!is_script_url("https://example.org/javascript:"));
        assert!(!is_script_url("/javascript"));
    }

    #[test]
    fn safe_filter_drops_raw_html_blocks_and_inline_tags() {
        let out = safe_html("<script>alert(1)</script>\n\nText <img src=x onerror=alert(1)> *here*.\n");
        assert!(!out.contains("<script") && !out.contains("<img"), "{out}");
        assert!(out.contains("<em>here</em>"), "{out}");
    }

    #[test]
    fn safe_filter_keeps_a_heading_s_id_and_classes_and_drops_its_other_attributes() {
        let out = safe_html("# Fixed {#fix .note .wide onfocus=alert(1) autofocus data-x=y}\n");
        assert_eq!(out, "<h1 id=\"fix\" class=\"note wide\">Fixed</h1>\n");
    }

    #[test]
    fn safe_filter_unlinks_script_urls_but_keeps_their_text() {
        let out = safe_html("[click](javascript:alert(1)) and [ok](https://e.org) ![pic](data:image/png,x)\n");
        assert!(!out.contains("javascript:") && !out.contains("data:"), "{out}");
        assert!(out.contains("click") && out.contains("<a href=\"https://e.org\">ok</a>"), "{out}");
    }
}
