//! Theme stage: what the sources pages list, counted once per build. `/sources/` lists the
//! publishers by first letter, each with how many sources it has; `/sources/<publisher>/` (then
//! `page/2/`, …) lists a publisher's sources, [`SOURCES_PER_PAGE`] to a page, each with the first
//! [`CITATIONS_SHOWN`] places citing it; a source cited in more places has pages of its own,
//! `/sources/<publisher>/<source>/`, listing them all, [`CITATIONS_PER_PAGE`] to a page. So no
//! page grows with the site, and every citation stays reachable from its source's pages.

use super::pages::{listing_pages as page_count, paged};
use super::site_views::{publisher, source_view};
use super::views::{CitationView, ListedSourceView, PublisherLetterView, PublisherRefView, SourceView};
use crate::hash::hash_of;
use crate::model::Citation;
use crate::resolve::sources::Identity;
use crate::resolve::taxonomy::MAX_SLUG_BYTES;
use crate::resolve::{article_path, term_path};
use crate::site::Site;
use crate::slug::slugify;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::ops::Range;

/// How many sources a page of a publisher lists.
pub const SOURCES_PER_PAGE: usize = 20;
/// How many of the places citing a source a publisher's page shows; a source cited in more has
/// pages of its own listing them all.
pub const CITATIONS_SHOWN: usize = 5;
/// How many places citing a source a page of the source lists.
pub const CITATIONS_PER_PAGE: usize = 50;

/// One place citing a source: a claim of an article (by its index among the claims the article's
/// text marks), or a term.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Citer {
    Claim { article: usize, claim: usize },
    Term(usize),
}

/// A cited source, as its pages list it.
#[derive(Debug)]
struct Listed {
    view: SourceView,
    /// The last part of its own pages' path, unique among its publisher's sources.
    slug: String,
    /// The places citing it: articles in site order (newest first), then terms.
    citers: Vec<Citer>,
}

/// A publisher and the range of [`SourceListings::sources`] it published.
#[derive(Debug)]
struct Publisher {
    name: String,
    /// The last part of its pages' path, unique among the publishers.
    slug: String,
    sources: Range<usize>,
}

/// Every cited source of a site, grouped by publisher, with the places citing it.
#[derive(Debug)]
pub struct SourceListings {
    /// Sorted by name, letter case aside.
    publishers: Vec<Publisher>,
    /// By publisher, then title.
    sources: Vec<Listed>,
    /// The index in `sources` of each registry entry cited, by key, and of each other source,
    /// by URL (see [`crate::resolve::sources::Sources::identity`]).
    by_key: HashMap<String, usize>,
    by_url: HashMap<String, usize>,
}

/// A source as [`SourceListings::of`] finds it, before it is sorted into place.
struct Found<'s> {
    /// What it is sorted by: its publisher (letter case aside, then as written) and title.
    order: (String, String, String),
    identity: Identity<'s>,
    view: SourceView,
    key: Option<String>,
    citers: Vec<Citer>,
}

/// One of the sources pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourcesPage {
    /// `/sources/`.
    Index,
    /// The page of this number, from 0, of the publisher of this index.
    Publisher(usize, usize),
    /// The page of this number, from 0, of the source of this index (one cited in more places
    /// than its publisher's page shows).
    Source(usize, usize),
}

impl SourceListings {
    /// The sources `site`'s claims and terms cite. A source is listed once however it is cited:
    /// by its registry key, or inline with the URL of a registry entry (listed as that entry), or
    /// inline with the same URL elsewhere. An inline source from a host whose registry entries
    /// name their publisher is grouped under it.
    pub fn of(site: &Site) -> Self {
        let registered_publishers: BTreeMap<String, String> = site
            .sources
            .entries()
            .values()
            .filter_map(|e| Some((publisher(&e.url), e.publisher.clone().filter(|p| !p.trim().is_empty())?)))
            .collect();
        let mut by_identity: HashMap<Identity, usize> = HashMap::new();
        let mut found: Vec<Found> = Vec::new();
        // Each citation with its identity, borrowed from the site as `by_identity`'s keys are.
        let mut cite = |identity: Option<_>, citation: &Citation, citer: Citer, same: &dyn Fn(&Citer) -> bool| {
            let Some(identity) = identity else { return };
            let index = match by_identity.get(&identity) {
                Some(&index) => index,
                None => {
                    let Some(source) = site.sources.source(identity, citation) else { return };
                    let mut view = source_view(&source);
                    if view.publisher == publisher(&view.url) {
                        if let Some(name) = registered_publishers.get(&view.publisher) {
                            view.publisher = name.clone();
                        }
                    }
                    let order = (view.publisher.to_lowercase(), view.publisher.clone(), view.title.clone());
                    found.push(Found { order, identity, view, key: source.key, citers: Vec::new() });
                    by_identity.insert(identity, found.len() - 1);
                    found.len() - 1
                }
            };
            let citers = &mut found[index].citers;
            // One place citing a source twice is listed once; its citations are the last ones.
            if !citers.iter().rev().take_while(|c| same(c)).any(|c| *c == citer || same_claim(site, *c, citer)) {
                citers.push(citer);
            }
        };
        for (a, article) in site.articles.iter().enumerate() {
            for (claim, used) in article.body.claims.iter().enumerate() {
                let Some(meta) = article.doc.meta.claims.get(&used.id) else { continue };
                let citer = Citer::Claim { article: a, claim };
                let same_article = |c: &Citer| matches!(c, Citer::Claim { article, .. } if *article == a);
                for citation in &meta.sources {
                    cite(site.sources.identity(citation), citation, citer, &same_article);
                }
            }
        }
        for (t, term) in site.terms.iter().enumerate() {
            for citation in &term.doc.meta.sources {
                cite(site.sources.identity(citation), citation, Citer::Term(t), &|c| *c == Citer::Term(t));
            }
        }
        drop(by_identity);
        found.sort_unstable_by(|a, b| (&a.order, a.identity).cmp(&(&b.order, b.identity)));
        let (mut by_key, mut by_url) = (HashMap::new(), HashMap::new());
        let mut publishers: Vec<Publisher> = Vec::new();
        let mut publisher_slugs = HashSet::new();
        let mut source_slugs = HashSet::new();
        let mut sources = Vec::with_capacity(found.len());
        for (index, Found { identity, view, key, citers, .. }) in found.into_iter().enumerate() {
            if publishers.last().is_none_or(|p| p.name != view.publisher) {
                let slug = unique(slugify(&view.publisher), "publisher", &mut publisher_slugs);
                publishers.push(Publisher { name: view.publisher.clone(), slug, sources: index..index });
                source_slugs.clear();
                // `page/2/` is the publisher's second page.
                source_slugs.insert("page".to_string());
            }
            let last = publishers.len() - 1;
            publishers[last].sources.end = index + 1;
            let slug = unique(slugify(key.as_deref().unwrap_or(&view.title)), "source", &mut source_slugs);
            match identity {
                Identity::Key(key) => by_key.insert(key.to_string(), index),
                Identity::Url(url) => by_url.insert(url.to_string(), index),
            };
            sources.push(Listed { view, slug, citers });
        }
        SourceListings { publishers, sources, by_key, by_url }
    }

    /// The sources pages, the index first.
    pub fn pages(&self) -> Vec<SourcesPage> {
        let mut pages = vec![SourcesPage::Index];
        for (index, publisher) in self.publishers.iter().enumerate() {
            let total = page_count(publisher.sources.len(), SOURCES_PER_PAGE);
            pages.extend((0..total).map(|number| SourcesPage::Publisher(index, number)));
        }
        for (index, _) in self.sources.iter().enumerate() {
            pages.extend(self.source_pages(index));
        }
        pages
    }

    /// The index, and the pages listing the sources of these indices (see
    /// [`SourceListings::cited_by`]): the page of their publisher showing each, and its own.
    pub fn pages_showing(&self, sources: &BTreeSet<usize>) -> Vec<SourcesPage> {
        let mut publisher_pages = BTreeSet::new();
        let mut own = Vec::new();
        for &index in sources {
            let publisher = self.publisher_of(index);
            let place = index - self.publishers[publisher].sources.start;
            publisher_pages.insert((publisher, place / SOURCES_PER_PAGE));
            own.extend(self.source_pages(index));
        }
        let listing = publisher_pages.into_iter().map(|(publisher, number)| SourcesPage::Publisher(publisher, number));
        std::iter::once(SourcesPage::Index).chain(listing).chain(own).collect()
    }

    /// The pages of the source of this index: none unless its publisher's page cannot show
    /// every place citing it.
    fn source_pages(&self, index: usize) -> impl Iterator<Item = SourcesPage> {
        let citers = self.sources[index].citers.len();
        let total = if citers > CITATIONS_SHOWN { page_count(citers, CITATIONS_PER_PAGE) } else { 0 };
        (0..total).map(move |number| SourcesPage::Source(index, number))
    }

    /// The sources (by index) the claims of these articles and these terms cite.
    pub fn cited_by(&self, site: &Site, articles: &BTreeSet<usize>, terms: &BTreeSet<usize>) -> BTreeSet<usize> {
        let claims = articles.iter().flat_map(|&index| {
            let meta = &site.articles[index].doc.meta;
            site.articles[index].body.claims.iter().filter_map(|used| meta.claims.get(&used.id))
        });
        let citations =
            claims.map(|claim| &claim.sources).chain(terms.iter().map(|&t| &site.terms[t].doc.meta.sources));
        let identities = citations.flatten().filter_map(|citation| site.sources.identity(citation));
        let index = |identity| match identity {
            Identity::Key(key) => self.by_key.get(key),
            Identity::Url(url) => self.by_url.get(url),
        };
        identities.filter_map(|identity| index(identity).copied()).collect()
    }

    /// A hash of what the pages show besides the places citing each source: the publishers, and
    /// each source with its slug and how many places cite it. When it is as in the previous build,
    /// only the pages of a source cited by a document rendered afresh may change.
    pub fn layout_key(&self) -> u64 {
        let publishers = self.publishers.iter().map(|p| (&p.name, &p.slug, &p.sources)).collect::<Vec<_>>();
        let sources = self.sources.iter().map(|s| (&s.view, &s.slug, s.citers.len())).collect::<Vec<_>>();
        hash_of((publishers, sources))
    }

    /// A hash of the paths of the sources pages.
    pub fn paths_key(&self) -> u64 {
        hash_of(self.pages().into_iter().map(|page| self.path(page)).collect::<Vec<_>>())
    }

    /// The site path of a sources page.
    pub fn path(&self, page: SourcesPage) -> String {
        match page {
            SourcesPage::Index => "sources/".into(),
            SourcesPage::Publisher(index, number) => paged(&publisher_path(&self.publishers[index].slug), number),
            SourcesPage::Source(index, number) => paged(&self.source_path(index), number),
        }
    }

    /// The slugs of the publishers, for the sitemap.
    pub fn publisher_slugs(&self) -> impl Iterator<Item = &str> {
        self.publishers.iter().map(|p| p.slug.as_str())
    }

    /// How many sources are cited.
    pub fn source_count(&self) -> usize {
        self.sources.len()
    }

    /// How many publishers there are.
    pub fn publisher_count(&self) -> usize {
        self.publishers.len()
    }

    /// How many pages list the sources of the publisher of this index.
    pub fn publisher_pages(&self, index: usize) -> usize {
        page_count(self.publishers[index].sources.len(), SOURCES_PER_PAGE)
    }

    /// How many pages the source of this index has of its own.
    pub fn source_page_count(&self, index: usize) -> usize {
        self.source_pages(index).count()
    }

    /// The publishers grouped under their first letters, for `/sources/`.
    pub fn letters(&self, site: &Site) -> Vec<PublisherLetterView> {
        let mut letters: Vec<PublisherLetterView> = Vec::new();
        for index in 0..self.publishers.len() {
            let view = self.publisher_ref(site, index);
            let first = view.name.chars().next().map(|c| c.to_uppercase().to_string()).unwrap_or_default();
            let letter =
                if !first.is_empty() && first.chars().all(|c| c.is_ascii_alphabetic()) { first } else { "#".into() };
            match letters.iter_mut().find(|group| group.letter == letter) {
                Some(group) => group.publishers.push(view),
                None => {
                    let id = if letter == "#" {
                        "publishers-other".into()
                    } else {
                        format!("publishers-{}", letter.to_lowercase())
                    };
                    letters.push(PublisherLetterView { letter, id, publishers: vec![view] });
                }
            }
        }
        // Names starting with a digit or a symbol come first, as in the glossary's A–Z.
        letters.sort_by(|a, b| (a.letter != "#", &a.letter).cmp(&(b.letter != "#", &b.letter)));
        letters
    }

    /// The publisher of this index, as lists of publishers show it.
    pub fn publisher_ref(&self, site: &Site, index: usize) -> PublisherRefView {
        let publisher = &self.publishers[index];
        PublisherRefView {
            name: publisher.name.clone(),
            slug: publisher.slug.clone(),
            url: site.urls.path(&publisher_path(&publisher.slug)),
            source_count: publisher.sources.len(),
        }
    }

    /// The index of the publisher of the source of this index.
    pub fn publisher_of(&self, source: usize) -> usize {
        self.publishers.partition_point(|p| p.sources.end <= source)
    }

    /// The sources the page of this number of the publisher of this index lists, each with the
    /// first places citing it.
    pub fn publisher_page(&self, site: &Site, index: usize, number: usize) -> Vec<ListedSourceView> {
        let range = self.publishers[index].sources.clone();
        let listed = range.skip(number.saturating_mul(SOURCES_PER_PAGE)).take(SOURCES_PER_PAGE);
        listed.map(|source| self.listed_source(site, source, 0..CITATIONS_SHOWN)).collect()
    }

    /// The source of this index with the places citing it that its page of this number lists.
    pub fn source_page(&self, site: &Site, index: usize, number: usize) -> ListedSourceView {
        let from = number.saturating_mul(CITATIONS_PER_PAGE);
        self.listed_source(site, index, from..from.saturating_add(CITATIONS_PER_PAGE))
    }

    /// The source of this index with the places citing it in `shown` (of all of them, in order).
    fn listed_source(&self, site: &Site, index: usize, shown: Range<usize>) -> ListedSourceView {
        let source = &self.sources[index];
        let own = self.source_page_count(index) > 0;
        let cited_by = source.citers.iter().skip(shown.start).take(shown.len());
        ListedSourceView {
            source: source.view.clone(),
            id: format!("source-{}", source.slug),
            cited_by: cited_by.map(|&citer| citation(site, citer)).collect(),
            citation_count: source.citers.len(),
            citations_url: own.then(|| site.urls.path(&self.source_path(index))),
        }
    }

    /// The site path of the first page of the source of this index.
    fn source_path(&self, index: usize) -> String {
        let publisher = &self.publishers[self.publisher_of(index)];
        format!("{}{}/", publisher_path(&publisher.slug), self.sources[index].slug)
    }
}

/// Whether `a` and `b` are claims of the same article with the same id (a claim marked twice).
fn same_claim(site: &Site, a: Citer, b: Citer) -> bool {
    match (a, b) {
        (Citer::Claim { article, claim }, Citer::Claim { article: other, claim: other_claim }) => {
            let claims = &site.articles[article].body.claims;
            article == other && claims[claim].id == claims[other_claim].id
        }
        _ => false,
    }
}

/// A place citing a source, as the sources pages link it.
fn citation(site: &Site, citer: Citer) -> CitationView {
    match citer {
        Citer::Claim { article, claim } => {
            let article = &site.articles[article];
            let used = &article.body.claims[claim];
            CitationView {
                title: format!("Claim in “{}”: {}", article.doc.meta.title, used.excerpt),
                url: format!("{}#claim-{}", site.urls.path(&article_path(&article.doc.slug)), used.id),
            }
        }
        Citer::Term(term) => {
            let term = &site.terms[term];
            CitationView {
                title: format!("Glossary: {}", term.doc.meta.term),
                url: site.urls.path(&term_path(&term.doc.slug)),
            }
        }
    }
}

/// `slug`, or `fallback` when it is empty, cut to [`MAX_SLUG_BYTES`] (a page's folder is named by
/// it, and a publisher's name or a source's title may be any length), made unique among `taken`
/// by a number (`-2`, `-3`, …), and taken.
fn unique(mut slug: String, fallback: &str, taken: &mut HashSet<String>) -> String {
    if slug.len() > MAX_SLUG_BYTES {
        let mut end = MAX_SLUG_BYTES;
        while !slug.is_char_boundary(end) {
            end -= 1;
        }
        slug.truncate(end);
        slug.truncate(slug.trim_end_matches('-').len());
    }
    let slug = if slug.is_empty() { fallback.to_string() } else { slug };
    let mut candidate = slug.clone();
    let mut number = 1;
    while taken.contains(&candidate) {
        number += 1;
        candidate = format!("{slug}-{number}");
    }
    taken.insert(candidate.clone());
    candidate
}

/// The site path of a publisher's first page.
pub fn publisher_path(slug: &str) -> String {
    format!("sources/{slug}/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_slug_taken_gets_the_next_free_number_and_an_empty_one_the_fallback() {
        let mut taken = HashSet::new();
        assert_eq!(unique("reuters".into(), "publisher", &mut taken), "reuters");
        assert_eq!(unique("reuters".into(), "publisher", &mut taken), "reuters-2");
        assert_eq!(unique("reuters-2".into(), "publisher", &mut taken), "reuters-2-2");
        assert_eq!(unique(String::new(), "publisher", &mut taken), "publisher");
        assert_eq!(unique(String::new(), "publisher", &mut taken), "publisher-2");
    }

    #[test]
    fn a_slug_too_long_for_a_folder_name_is_cut_at_a_word_and_stays_unique() {
        let long = "word-".repeat(60);
        let mut taken = HashSet::new();
        let first = unique(slugify(&long), "source", &mut taken);
        assert!(first.len() <= MAX_SLUG_BYTES && first.starts_with("word-word") && !first.ends_with('-'), "{first}");
        assert_eq!(unique(slugify(&long), "source", &mut taken), format!("{first}-2"));
    }
}
