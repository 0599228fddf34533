//! Safety checks between load and render: which URLs authors may cite, and what `safe: true`
//! strips from author Markdown.
//!
//! Policy (docs/security.md): raw HTML in Markdown passes through by default, as CommonMark
//! says. With `safe: true` in `site.yaml`, raw HTML (blocks and inline) is dropped from every
//! piece of author Markdown, and links and images whose URL runs code (`javascript:`,
//! `vbscript:`, `data:`) lose their URL and keep their text. Front-matter source URLs are
//! checked in both modes: they must be `http(s)://` or root-relative, else `bad-url`.

use crate::diagnostic::Diagnostic;
use crate::load::{Content, Document};
use pulldown_cmark::{Event, Tag, TagEnd};

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
        let claims = doc.meta.claims.values().flat_map(|c| c.sources.iter().map(|s| s.url.as_str()));
        problems.extend(bad_urls(doc, source.chain(claims)));
    }
    for doc in &content.terms {
        problems.extend(bad_urls(doc, doc.meta.sources.iter().map(|s| s.url.as_str())));
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
