//! Which pages a rebuild renders: all of them, or — when the site's shape is as before — only
//! those of the documents rendered afresh and the listings that may show them.

use super::{BuildCache, SourcesLayout};
use crate::render::Rendered;
use crate::site::Site;
use crate::theme::pages::PageSelection;
use crate::theme::source_pages::SourceListings;
use std::collections::BTreeSet;

/// The documents a build rendered afresh (their bodies were not in a cache), by index into the
/// site's lists.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Fresh {
    /// Indices into `Site::articles`.
    pub articles: BTreeSet<usize>,
    /// Indices into `Site::terms`.
    pub terms: BTreeSet<usize>,
    /// Indices into `Site::pages`.
    pub pages: BTreeSet<usize>,
    /// Whether the intro was.
    pub intro: bool,
}

impl Fresh {
    /// How many documents were rendered afresh.
    pub fn count(&self) -> usize {
        self.articles.len() + self.terms.len() + self.pages.len() + usize::from(self.intro)
    }
}

impl BuildCache {
    /// Decides which pages to render: all of them unless the previous build had the same shape,
    /// no re-rendered article mentions a different set of terms (which would change the article
    /// counts shown wherever a term is listed) and none joins or leaves a claims listing (whose
    /// pages would come and go); then the documents that were re-rendered (`fresh`), the term
    /// pages that list their mentions, and the listings that show the re-rendered articles where
    /// they were: every claims page only when one of them marks another number of claims of some
    /// verdict (which changes the counts every claims page shows). Of the sources pages (the
    /// site's are `sources`), all of them unless they list the same sources in the same places
    /// with as many citations each as before (as their `layout` says), then those showing a
    /// source the re-rendered documents cite; and none come or go.
    pub fn selection(
        &self,
        site: &Site,
        (shape, layout): (u64, SourcesLayout),
        fresh: &Fresh,
        sources: &SourceListings,
    ) -> PageSelection {
        let Some(previous) = self.previous.as_ref().filter(|p| p.shape == shape) else {
            return PageSelection::All;
        };
        if !previous.sources.same_pages(layout) {
            return PageSelection::All;
        }
        let mut terms = BTreeSet::new();
        let terms_of = |body: &Rendered| body.mentions.iter().map(|m| m.term).collect::<BTreeSet<usize>>();
        for article in fresh.articles.iter().map(|&index| &site.articles[index]) {
            let mentioned = terms_of(&article.body);
            let before = self.rendered.get(&article.doc.file.path).map(|(_, _, body)| terms_of(body));
            if before.as_ref() != Some(&mentioned) {
                return PageSelection::All;
            }
            terms.extend(mentioned);
        }
        let mut claims_as_before = true;
        for &index in &fresh.articles {
            let now = site.articles[index].marked_verdicts();
            match previous.verdicts.get(index) {
                Some(before) if listed_by(before) == listed_by(&now) => claims_as_before &= *before == now,
                // It joins or leaves a claims listing: their pages come and go.
                _ => return PageSelection::All,
            }
        }
        // A term page lists its see-also terms with their definitions.
        for (index, term) in site.terms.iter().enumerate() {
            if term
                .doc
                .meta
                .see_also
                .iter()
                .any(|slug| site.glossary.by_slug(slug).is_some_and(|t| fresh.terms.contains(&t)))
            {
                terms.insert(index);
            }
        }
        terms.extend(&fresh.terms);
        let sources =
            previous.sources.same_places(layout).then(|| sources.cited_by(site, &fresh.articles, &fresh.terms));
        let (articles, pages) = (fresh.articles.clone(), fresh.pages.clone());
        PageSelection::Some { articles, terms, pages, claims_as_before, sources }
    }
}

/// Which verdicts' claims listings list an article marking `verdicts` claims of each verdict
/// (see [`crate::site::Article::marked_verdicts`]); the listing of every claim lists it when one
/// of them does.
fn listed_by(verdicts: &[usize; 5]) -> [bool; 5] {
    verdicts.map(|count| count > 0)
}
