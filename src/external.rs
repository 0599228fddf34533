//! Check stage (`glosa check --external`): finding every http(s) link of the site (Markdown links
//! and images in every document, article sources, claim sources, term sources, the addresses of
//! the source registry `content/sources.yaml`) and asking each server whether it is still there,
//! a few at a time and with a timeout. A dead source says whether the registry holds an archived
//! copy of it; [`missing_archives`] lists the registry entries that have none
//! (`glosa check --suggest-archive`).
//!
//! Dead links are warnings, never errors: the web changes under a site, and a server being down
//! for a minute must not fail a build.

use crate::diagnostic::Diagnostic;
use crate::load::sources::Registry;
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
    /// What the link is, which says what to do when it is dead.
    pub kind: LinkKind,
}

/// What an external link is, as far as what to do when it is dead goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkKind {
    /// A link in Markdown, an article's original, or an archived copy's address.
    Link,
    /// A source written out in a claim's or term's `sources:`.
    InlineSource,
    /// The `url` of the registry entry `key`, with its `archived_url` if it has one.
    Registered {
        /// The entry's key.
        key: String,
        /// Its archived copy.
        archived_url: Option<String>,
    },
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
        front_matter_links(doc, source, LinkKind::Link, &mut links);
        front_matter_links(doc, claims, LinkKind::InlineSource, &mut links);
    }
    for doc in &content.terms {
        markdown_links(&doc.file, doc.body_offset, &mut links);
        let sources = doc.meta.sources.iter().filter_map(Citation::inline_url);
        front_matter_links(doc, sources, LinkKind::InlineSource, &mut links);
    }
    for doc in &content.pages {
        markdown_links(&doc.file, doc.body_offset, &mut links);
    }
    if let Some(doc) = &content.intro {
        markdown_links(&doc.file, doc.body_offset, &mut links);
    }
    registry_links(&content.registry, &mut links);
    links
}

/// The `url` and `archived_url` of every registry entry, in file order, placed at their values.
fn registry_links(registry: &Registry, links: &mut Vec<ExternalLink>) {
    let Some(file) = &registry.file else { return };
    for key in &registry.order {
        let Some(entry) = registry.get(key) else { continue };
        let at = |field: &str| {
            let d = Diagnostic::warning(CODE, &file.path, String::new());
            match crate::load::frontmatter::path_span(&file.text, &format!("{key}.{field}")) {
                Some(span) => d.at(&file.text, span),
                None => registry.at_key(d, key),
            }
        };
        let kind = LinkKind::Registered { key: key.clone(), archived_url: entry.archived_url.clone() };
        links.push(ExternalLink { url: entry.url.clone(), at: at("url"), kind });
        if let Some(archived) = &entry.archived_url {
            links.push(ExternalLink { url: archived.clone(), at: at("archived_url"), kind: LinkKind::Link });
        }
    }
}

/// A registry entry without an archived copy: what `glosa check --suggest-archive` lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissingArchive {
    /// The entry's key.
    pub key: String,
    /// Its address.
    pub url: String,
    /// Where the entry is defined (`content/sources.yaml:12`).
    pub location: String,
}

impl MissingArchive {
    /// Where an editor looks for archived copies of the entry's address: the Wayback Machine's
    /// list of its captures (a search, not a copy: none is assumed to exist).
    pub fn lookup(&self) -> String {
        format!("https://web.archive.org/web/*/{}", self.url)
    }
}

/// The registry entries that have no `archived_url`, in file order.
pub fn missing_archives(registry: &Registry) -> Vec<MissingArchive> {
    let Some(file) = &registry.file else { return Vec::new() };
    registry
        .order
        .iter()
        .filter_map(|key| {
            let entry = registry.get(key).filter(|entry| entry.archived_url.is_none())?;
            let placed = registry.at_key(Diagnostic::warning(CODE, &file.path, String::new()), key);
            Some(MissingArchive { key: key.clone(), url: entry.url.clone(), location: placed.location() })
        })
        .collect()
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
            let help = match &link.kind {
                LinkKind::Link => {
                    "update the URL, link an archived copy (e.g. web.archive.org), or remove the link".into()
                }
                LinkKind::InlineSource => "update the URL, or define the source in content/sources.yaml with an \
                                           `archived_url` (a copy on e.g. web.archive.org) and cite it by key"
                    .into(),
                LinkKind::Registered { key, archived_url: Some(archived) } => {
                    d.message.push_str(&format!("; the source `{key}` has an archived copy, {archived}"));
                    "readers can still follow the archived copy; update `url` if the document moved".into()
                }
                LinkKind::Registered { key, archived_url: None } => {
                    d.message.push_str(&format!("; the source `{key}` has no `archived_url`"));
                    format!(
                        "find an archived copy (https://web.archive.org/web/*/{}) and record it as `archived_url`, or \
                         update `url`",
                        link.url
                    )
                }
            };
            Some(d.with_help(help))
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
        links.push(ExternalLink { url: dest_url.to_string(), at, kind: LinkKind::Link });
    }
}

/// URLs from front matter fields (all of `kind`), placed at their first occurrence in the front
/// matter.
fn front_matter_links<'a, M>(
    doc: &Document<M>,
    urls: impl Iterator<Item = &'a str>,
    kind: LinkKind,
    links: &mut Vec<ExternalLink>,
) {
    let front = &doc.file.text[..doc.body_offset];
    for url in urls.filter(|u| is_external(u)) {
        let at = Diagnostic::warning(CODE, &doc.file.path, String::new());
        let at = match front.find(url) {
            Some(start) => at.at(&doc.file.text, start..start + url.len()),
            None => at,
        };
        links.push(ExternalLink { url: url.to_string(), at, kind: kind.clone() });
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
