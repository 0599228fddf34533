//! Which pages a rebuild renders: all of them, or — when the site's shape is as before — only
//! those of the documents rendered afresh and the listings that may show them.

use super::BuildCache;
use crate::render::Rendered;
use crate::site::Site;
use crate::theme::pages::PageSelection;
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
    /// Decides which pages to render: all of them unless the previous build had the same shape
    /// and no re-rendered article mentions a different set of terms (which would change the
    /// article counts shown wherever a term is listed); then the documents that were re-rendered
    /// (`fresh`) and the term pages that list their mentions.
    pub fn selection(&self, site: &Site, shape: u64, fresh: &Fresh) -> PageSelection {
        if self.previous.as_ref().is_none_or(|p| p.shape != shape) {
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
        PageSelection::Some { articles: fresh.articles.clone(), terms, pages: fresh.pages.clone() }
    }
}
