//! Resolve stage: the sources claims and terms cite, with keys of the registry
//! (`content/sources.yaml`) looked up. Checks that every key names an entry (with a
//! did-you-mean), and warns of entries cited nowhere and of one URL registered under two keys.

use crate::dates::Date;
use crate::diagnostic::{did_you_mean, Diagnostic};
use crate::load::sources::Registry;
use crate::load::{Content, Document};
use crate::model::{Citation, RegisteredSource};
use std::collections::{BTreeMap, HashMap, HashSet};

/// A cited source as readers see it: an inline source, or a registry entry.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Source {
    /// The registry key, for a source cited by key.
    pub key: Option<String>,
    /// Title of the document.
    pub title: String,
    /// Its address.
    pub url: String,
    /// Who published it, when the registry says.
    pub publisher: Option<String>,
    /// When it was published, when the registry says.
    pub published: Option<Date>,
    /// An archived copy's address, when the registry has one.
    pub archived_url: Option<String>,
}

impl Source {
    fn registered(key: &str, entry: &RegisteredSource) -> Self {
        Source {
            key: Some(key.to_string()),
            title: entry.title.clone(),
            url: entry.url.clone(),
            publisher: entry.publisher.clone(),
            published: entry.published,
            archived_url: entry.archived_url.clone(),
        }
    }
}

/// What makes two citations the same source (see [`Sources::identity`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Identity<'s> {
    /// A registry entry, by key.
    Key(&'s str),
    /// An inline source whose URL is not registered, by URL.
    Url(&'s str),
}

/// The registry, as the later stages look sources up in it.
#[derive(Debug, Clone, Default)]
pub struct Sources {
    registry: Registry,
    /// The key registered for each URL (the first key, for a URL under two).
    key_of_url: HashMap<String, String>,
}

impl Sources {
    /// Looks up the keys every claim and term cites, reporting unknown keys (errors), entries
    /// cited nowhere and URLs registered under two keys (warnings).
    pub fn new(content: &Content) -> (Self, Vec<Diagnostic>) {
        let registry = content.registry.clone();
        let mut problems = Vec::new();
        let mut key_of_url: HashMap<String, String> = HashMap::new();
        for key in &registry.order {
            let Some(entry) = registry.get(key) else { continue };
            if let Some(first) = key_of_url.get(&entry.url) {
                let d = Diagnostic::warning(
                    "duplicate-source-url",
                    crate::load::sources::REGISTRY_PATH,
                    format!("the sources `{first}` and `{key}` have the same URL"),
                )
                .with_help(format!("keep one of them and cite it by its key: `{first}`"));
                problems.push(registry.at_key(d, key));
            } else {
                key_of_url.insert(entry.url.clone(), key.clone());
            }
        }
        let mut cited: HashSet<&str> = HashSet::new();
        for doc in &content.articles {
            for (id, claim) in &doc.meta.claims {
                let from = |front: &str| crate::load::frontmatter::claim_span(front, id).map_or(0, |span| span.end);
                check_keys(doc, &claim.sources, &from, &registry, &mut cited, &mut problems);
            }
        }
        for doc in &content.terms {
            let from = |front: &str| crate::load::frontmatter::key_span(front, "sources").map_or(0, |span| span.end);
            check_keys(doc, &doc.meta.sources, &from, &registry, &mut cited, &mut problems);
        }
        for key in registry.order.iter().filter(|key| !cited.contains(key.as_str())) {
            let d = Diagnostic::warning(
                "unused-source",
                crate::load::sources::REGISTRY_PATH,
                format!("the source `{key}` is cited nowhere"),
            )
            .with_help("cite it from a claim or a term (`sources: [key]`), or remove it");
            problems.push(registry.at_key(d, key));
        }
        (Sources { registry, key_of_url }, problems)
    }

    /// The sources `citations` name, in order; an unknown key (reported by [`Sources::new`]) is
    /// left out.
    pub fn resolve(&self, citations: &[Citation]) -> Vec<Source> {
        citations
            .iter()
            .filter_map(|citation| match citation {
                Citation::Key(key) => self.registry.get(key).map(|entry| Source::registered(key, entry)),
                Citation::Inline(source) => Some(Source {
                    key: None,
                    title: source.title.clone(),
                    url: source.url.clone(),
                    publisher: None,
                    published: None,
                    archived_url: None,
                }),
            })
            .collect()
    }

    /// What makes two citations the same source, for the sources pages: the registry key, also
    /// for an inline source whose URL is registered; else the URL. `None` for an unknown key
    /// (reported by [`Sources::new`]).
    pub fn identity<'s>(&'s self, citation: &'s Citation) -> Option<Identity<'s>> {
        match citation {
            Citation::Key(key) => self.registry.get(key).map(|_| Identity::Key(key)),
            Citation::Inline(source) => Some(match self.key_of_url.get(&source.url) {
                Some(key) => Identity::Key(key),
                None => Identity::Url(&source.url),
            }),
        }
    }

    /// The source a citation of this identity shows.
    pub fn source(&self, identity: Identity, citation: &Citation) -> Option<Source> {
        match identity {
            Identity::Key(key) => self.registry.get(key).map(|entry| Source::registered(key, entry)),
            Identity::Url(_) => self.resolve(std::slice::from_ref(citation)).pop(),
        }
    }

    /// The registry entry under `key`.
    pub fn entry(&self, key: &str) -> Option<&RegisteredSource> {
        self.registry.get(key)
    }

    /// The entries of the registry, by key.
    pub fn entries(&self) -> &BTreeMap<String, RegisteredSource> {
        &self.registry.entries
    }

    /// A hash of the registry entries `citations` cite by key (0 when they cite none): a page
    /// that shows these citations changes exactly when this does, so the cache keys bodies by it.
    pub fn cited_key(&self, citations: &[&Citation]) -> u64 {
        let cited: Vec<(&str, Option<&RegisteredSource>)> = citations
            .iter()
            .filter_map(|citation| match citation {
                Citation::Key(key) => Some((key.as_str(), self.registry.get(key))),
                Citation::Inline(_) => None,
            })
            .collect();
        if cited.is_empty() {
            0
        } else {
            crate::hash::hash_of(cited)
        }
    }
}

/// Reports each key of `citations` (written in `doc`'s front matter after the byte `from` finds
/// in it, looked for only when a key is unknown: most citations are fine, and finding a claim in
/// the front matter costs a pass over it) that the registry lacks, and notes the others as cited.
fn check_keys<'c, M>(
    doc: &Document<M>,
    citations: &'c [Citation],
    from: &dyn Fn(&str) -> usize,
    registry: &Registry,
    cited: &mut HashSet<&'c str>,
    problems: &mut Vec<Diagnostic>,
) {
    for citation in citations {
        let Citation::Key(key) = citation else { continue };
        if registry.get(key).is_some() {
            cited.insert(key);
            continue;
        }
        let message = if registry.file.is_some() {
            format!("no source has the key `{key}` in content/sources.yaml")
        } else {
            format!("`{key}` cites a source by key, but the site has no content/sources.yaml")
        };
        let mut d = Diagnostic::error("unknown-source", &doc.file.path, message);
        d = match did_you_mean(key, registry.entries.keys().map(String::as_str)) {
            Some(close) => d.with_help(format!("did you mean `{close}`?")),
            None => d.with_help("define it in content/sources.yaml (`key: {title: …, url: …}`), or write the source out: `{title: …, url: …}`"),
        };
        let front = &doc.file.text[..doc.body_offset];
        let from = from(front).min(front.len());
        let at = front[from..].find(key.as_str()).map(|at| from + at).or_else(|| front.find(key.as_str()));
        problems.push(match at {
            Some(at) => d.at(&doc.file.text, at..at + key.len()),
            None => d,
        });
    }
}
