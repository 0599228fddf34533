//! Check stage (`glosa check --external`): finding every http(s) link of the site (Markdown links
//! and images in every document, article sources, claim sources, term sources) and asking each
//! server whether it is still there, a few at a time and with a timeout.
//!
//! Dead links are warnings, never errors: the web changes under a site, and a server being down
//! for a minute must not fail a build.

use crate::diagnostic::Diagnostic;
use crate::load::{Content, Document, SourceFile};
use crate::model::Citation;
use crate::render::parser_options;
use pulldown_cmark::{Event, Parser, Tag};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

/// The code of every external-link warning.
pub const CODE: &str = "broken-external-link";

/// One http(s) URL where it occurs in the site.
#[derive(Debug, Clone)]
pub struct ExternalLink {
    /// The URL as written.
    pub url: String,
    /// A warning placed at the URL in its file (at the file when the text does not contain it);
    /// its message is filled in when the check fails.
    pub at: Diagnostic,
}

/// How hard to try.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Requests in flight at once.
    pub threads: usize,
    /// Time allowed for each request, connection included.
    pub timeout: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { threads: 8, timeout: Duration::from_secs(10) }
    }
}

/// Every http(s) link of the loaded site, in file order.
pub fn collect(content: &Content) -> Vec<ExternalLink> {
    let mut links = Vec::new();
    for doc in &content.articles {
        markdown_links(&doc.file, doc.body_offset, &mut links);
        let meta = &doc.meta;
        let source = meta.source.iter().filter_map(|s| s.url.as_deref());
        let claims = meta.claims.values().flat_map(|c| c.sources.iter().filter_map(Citation::inline_url));
        front_matter_links(doc, source.chain(claims), &mut links);
    }
    for doc in &content.terms {
        markdown_links(&doc.file, doc.body_offset, &mut links);
        front_matter_links(doc, doc.meta.sources.iter().filter_map(Citation::inline_url), &mut links);
    }
    for doc in &content.pages {
        markdown_links(&doc.file, doc.body_offset, &mut links);
    }
    if let Some(doc) = &content.intro {
        markdown_links(&doc.file, doc.body_offset, &mut links);
    }
    links
}

/// Checks each distinct URL once and returns a warning for every occurrence of a URL that answers
/// 4xx or 5xx or cannot be reached.
pub fn check(links: &[ExternalLink], limits: Limits) -> Vec<Diagnostic> {
    let urls: Vec<&str> = links.iter().map(|l| l.url.as_str()).collect::<BTreeSet<_>>().into_iter().collect();
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(limits.timeout))
        .http_status_as_error(false)
        .user_agent(concat!("glosa-link-check/", env!("CARGO_PKG_VERSION")))
        .build()
        .into();
    let next = AtomicUsize::new(0);
    let failures: BTreeMap<&str, String> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..limits.threads.clamp(1, urls.len().max(1)))
            .map(|_| {
                scope.spawn(|| {
                    let mut failed = Vec::new();
                    while let Some(&url) = urls.get(next.fetch_add(1, Ordering::Relaxed)) {
                        if let Err(problem) = probe(&agent, url) {
                            failed.push((url, problem));
                        }
                    }
                    failed
                })
            })
            .collect();
        workers.into_iter().flat_map(|w| w.join().unwrap_or_default()).collect()
    });
    links
        .iter()
        .filter_map(|link| {
            let problem = failures.get(link.url.as_str())?;
            let mut d = link.at.clone();
            d.message = format!("the external link {} {problem}", link.url);
            Some(d.with_help("update the URL, link an archived copy (e.g. web.archive.org), or remove the link"))
        })
        .collect()
}

/// HEAD first (cheap); when the server refuses or fails it, GET, whose answer decides. A host
/// that cannot be reached at all is not asked twice.
fn probe(agent: &ureq::Agent, url: &str) -> Result<(), String> {
    match agent.head(url).call() {
        Ok(response) if response.status().as_u16() < 400 => return Ok(()),
        Err(error) if unreachable(&error) => return Err(format!("could not be reached: {error}")),
        _ => {}
    }
    match agent.get(url).call() {
        Ok(response) if response.status().as_u16() < 400 => Ok(()),
        Ok(response) => {
            let status = response.status();
            Err(format!("answered {} {}", status.as_u16(), status.canonical_reason().unwrap_or("")).trim_end().into())
        }
        Err(error) => Err(format!("could not be reached: {error}")),
    }
}

/// Errors that a second request to the same host would only repeat.
fn unreachable(error: &ureq::Error) -> bool {
    match error {
        ureq::Error::Timeout(_) | ureq::Error::HostNotFound | ureq::Error::ConnectionFailed => true,
        ureq::Error::Io(io) => io.kind() == std::io::ErrorKind::ConnectionRefused,
        _ => false,
    }
}

fn is_external(url: &str) -> bool {
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

/// Links and images in a Markdown body, placed at the URL inside the link's source text.
fn markdown_links(file: &SourceFile, body_offset: usize, links: &mut Vec<ExternalLink>) {
    let body = &file.text[body_offset..];
    for (event, range) in Parser::new_ext(body, parser_options()).into_offset_iter() {
        let (Event::Start(Tag::Link { dest_url, .. }) | Event::Start(Tag::Image { dest_url, .. })) = event else {
            continue;
        };
        if !is_external(&dest_url) {
            continue;
        }
        let start = body[range.clone()].find(dest_url.as_ref()).map_or(range.start, |i| range.start + i);
        let span = body_offset + start..body_offset + start + dest_url.len();
        let at = Diagnostic::warning(CODE, &file.path, String::new()).at(&file.text, span);
        links.push(ExternalLink { url: dest_url.to_string(), at });
    }
}

/// URLs from front matter fields, placed at their first occurrence in the front matter.
fn front_matter_links<'a, M>(doc: &Document<M>, urls: impl Iterator<Item = &'a str>, links: &mut Vec<ExternalLink>) {
    let front = &doc.file.text[..doc.body_offset];
    for url in urls.filter(|u| is_external(u)) {
        let at = Diagnostic::warning(CODE, &doc.file.path, String::new());
        let at = match front.find(url) {
            Some(start) => at.at(&doc.file.text, start..start + url.len()),
            None => at,
        };
        links.push(ExternalLink { url: url.to_string(), at });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(text: &str) -> SourceFile {
        SourceFile { path: "content/articles/x.md".into(), text: text.into() }
    }

    #[test]
    fn markdown_links_and_images_are_placed_at_their_url() {
        let text =
            "---\ntitle: x\n---\nSee [a](https://a.example/p) and ![i](http://b.example/i.png).\n[local](/about/)\n";
        let mut links = Vec::new();
        markdown_links(&file(text), text.find("See").unwrap(), &mut links);
        let found: Vec<(&str, usize, usize)> = links.iter().map(|l| (l.url.as_str(), l.at.line, l.at.column)).collect();
        assert_eq!(found, vec![("https://a.example/p", 4, 9), ("http://b.example/i.png", 4, 39)]);
    }

    #[test]
    fn only_http_and_https_are_external() {
        assert!(is_external("HTTPS://x.org") && is_external("http://x"));
        assert!(!is_external("/articles/x/") && !is_external("mailto:a@b.c") && !is_external("claim:x"));
    }

    #[test]
    fn unreachable_server_is_a_warning_at_each_occurrence() {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}/gone", listener.local_addr().unwrap());
        drop(listener);
        let text = format!("---\ntitle: x\n---\n[a]({url}) [b]({url})\n");
        let mut links = Vec::new();
        markdown_links(&file(&text), text.find("[a]").unwrap(), &mut links);
        let warnings = check(&links, Limits { threads: 2, timeout: Duration::from_secs(5) });
        assert_eq!(warnings.len(), 2);
        assert!(warnings[0].message.contains("could not be reached"), "{}", warnings[0].message);
        assert_eq!((warnings[1].line, warnings[1].column), (4, 5 + url.len() + 6));
    }
}
