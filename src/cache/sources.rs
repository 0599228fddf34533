//! The sources listings a rebuild may reuse: what the sources pages list is made from every
//! claim and term citing a source (tens of thousands at 10,000 articles), and most rebuilds (a
//! keystroke in the language server) change none of them.

use super::{BuildCache, Fresh, SourcesLayout};
use crate::hash::hash_of;
use crate::site::Site;
use crate::theme::source_pages::SourceListings;
use std::sync::Arc;

/// The sources listings of a build, with what they were made from.
#[derive(Debug)]
pub(super) struct KeptSources {
    /// [`documents_key`]: which articles and terms there were, in order.
    documents: u64,
    /// A hash of the registry.
    registry: u64,
    /// Each article's [`article_citations`], in site order.
    articles: Vec<u64>,
    /// Each term's [`term_citations`], in site order.
    terms: Vec<u64>,
    listings: Arc<SourceListings>,
    layout: SourcesLayout,
}

impl BuildCache {
    /// What `site`'s sources pages list, and where: the previous successful build's when the
    /// site has the same articles and terms in the same order, the same registry, and each
    /// document rendered afresh (`fresh`; the others have the text they had) cites the same
    /// sources from the same claims as then; else made anew. Kept for the next build once this
    /// one succeeds ([`BuildCache::remember`]).
    pub fn source_listings(&mut self, site: &Site, fresh: &Fresh) -> (Arc<SourceListings>, SourcesLayout) {
        // What a failed build made is not kept.
        self.pending_sources = None;
        let documents = documents_key(site);
        let registry = hash_of(site.sources.entries());
        if let Some(kept) =
            self.sources.as_ref().filter(|kept| kept.documents == documents && kept.registry == registry)
        {
            let same_articles = fresh.articles.iter().all(|&i| kept.articles[i] == article_citations(site, i));
            let same_terms = fresh.terms.iter().all(|&i| kept.terms[i] == term_citations(site, i));
            if same_articles && same_terms {
                return (Arc::clone(&kept.listings), kept.layout);
            }
        }
        let listings = Arc::new(SourceListings::of(site));
        let layout = SourcesLayout::of(&listings);
        if self.for_rebuilds {
            self.pending_sources = Some(KeptSources {
                documents,
                registry,
                articles: (0..site.articles.len()).map(|i| article_citations(site, i)).collect(),
                terms: (0..site.terms.len()).map(|i| term_citations(site, i)).collect(),
                listings: Arc::clone(&listings),
                layout,
            });
        }
        (listings, layout)
    }

    /// After a successful build: keeps the sources listings it made, if it made them anew.
    pub(super) fn keep_source_listings(&mut self) {
        if let Some(made) = self.pending_sources.take() {
            self.sources = Some(made);
        }
    }
}

/// A hash of the paths of the articles and terms of `site`, in order.
fn documents_key(site: &Site) -> u64 {
    fn bytes(path: &std::path::Path) -> &[u8] {
        path.as_os_str().as_encoded_bytes()
    }
    let articles = site.articles.iter().map(|a| bytes(&a.doc.file.path));
    let terms = site.terms.iter().map(|t| bytes(&t.doc.file.path));
    hash_of((articles.collect::<Vec<_>>(), terms.collect::<Vec<_>>()))
}

/// A hash of what the sources pages take from the article of this index: the claims its text
/// marks, in order, with the sources each cites.
fn article_citations(site: &Site, index: usize) -> u64 {
    let article = &site.articles[index];
    let claims =
        article.body.claims.iter().map(|used| (&used.id, article.doc.meta.claims.get(&used.id).map(|c| &c.sources)));
    hash_of(claims.collect::<Vec<_>>())
}

/// A hash of the sources the term of this index cites.
fn term_citations(site: &Site, index: usize) -> u64 {
    hash_of(&site.terms[index].doc.meta.sources)
}
