//! The resolved and rendered site: the typed model the theme stage reads, built once per build.

use crate::load::{Document, SourceFile};
use crate::model::Urls;
use crate::model::{ArticleMeta, AuthorMeta, IntroMeta, PageMeta, SiteConfig, TermMeta, Verdict};
use crate::render::spill::Spill;
use crate::render::Rendered;
use crate::resolve::taxonomy::Taxonomy;
use crate::resolve::Glossary;
use std::path::PathBuf;
use std::sync::Arc;

/// An article with its rendered body.
#[derive(Debug, Clone)]
pub struct Article {
    /// Source document and front matter.
    pub doc: Document<ArticleMeta>,
    /// Rendered body.
    pub body: Arc<Rendered>,
    /// Corrections rendered to inline HTML, in front-matter order.
    pub corrections_html: Vec<String>,
    /// The root-relative links of the corrections, located in the front matter, for the
    /// broken-link check.
    pub correction_links: Vec<crate::render::InternalLink>,
}

impl Article {
    /// How many of the claims its body marks have each verdict, in [`Verdict::ALL`]'s order:
    /// what the claims listings count, and list the article under.
    pub fn marked_verdicts(&self) -> [usize; 5] {
        let mut counts = [0; 5];
        for used in &self.body.claims {
            if let Some(claim) = self.doc.meta.claims.get(&used.id) {
                counts[Verdict::ALL.iter().position(|v| *v == claim.verdict).unwrap_or(0)] += 1;
            }
        }
        counts
    }
}

/// A glossary term with its rendered long explanation.
#[derive(Debug, Clone)]
pub struct Term {
    /// Source document and front matter.
    pub doc: Document<TermMeta>,
    /// Rendered explanation.
    pub body: Arc<Rendered>,
    /// The one-sentence definition, rendered.
    pub definition: crate::render::Definition,
}

/// A free-standing page.
#[derive(Debug, Clone)]
pub struct Page {
    /// Source document and front matter.
    pub doc: Document<PageMeta>,
    /// Rendered body.
    pub body: Arc<Rendered>,
}

/// An author's bio, `content/authors/<slug>.md`.
#[derive(Debug, Clone)]
pub struct Bio {
    /// Source document and front matter.
    pub doc: Document<AuthorMeta>,
    /// Rendered body.
    pub body: Arc<Rendered>,
}

/// The home page intro.
#[derive(Debug, Clone)]
pub struct Intro {
    /// Source document and front matter.
    pub doc: Document<IntroMeta>,
    /// Rendered body.
    pub body: Arc<Rendered>,
}

/// A mention of a term in an article, for "mentioned in" lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Backlink {
    /// Index of the article in [`Site::articles`].
    pub article: usize,
    /// Index of the mention in that article's `body.mentions`.
    pub mention: usize,
}

/// Everything the theme stage needs.
#[derive(Debug, Clone)]
pub struct Site {
    /// `content/site.yaml` (with `--base-url` applied).
    pub config: SiteConfig,
    /// URL builder.
    pub urls: Urls,
    /// The glossary.
    pub glossary: Glossary,
    /// The source registry, as citations are resolved by.
    pub sources: crate::resolve::sources::Sources,
    /// The home page intro.
    pub intro: Option<Intro>,
    /// Articles, newest first.
    pub articles: Vec<Article>,
    /// Terms, in glossary order (by slug).
    pub terms: Vec<Term>,
    /// Free-standing pages.
    pub pages: Vec<Page>,
    /// Files under `content/` copied as they are (relative to `content/`).
    pub assets: Vec<PathBuf>,
    /// For each term (glossary index), its mentions in articles, in article order.
    pub backlinks: Vec<Vec<Backlink>>,
    /// For each term, how many distinct articles mention it (computed once with the backlinks).
    pub article_counts: Vec<usize>,
    /// The tags the articles list.
    pub tags: Taxonomy,
    /// The authors the articles list.
    pub authors: Taxonomy,
    /// The bios of `content/authors/`, by slug.
    pub bios: Vec<Bio>,
    /// Where a one-off build set the articles' body HTML aside until their pages are written
    /// (see [`crate::render::spill`]); `None` when every body holds its HTML.
    pub spill: Option<Arc<Spill>>,
}

impl Site {
    /// The HTML of `body`: its own, or read back from where the build set it aside.
    pub fn html_of(&self, body: &Rendered) -> std::io::Result<String> {
        match (body.spilled, &self.spill) {
            (Some(at), Some(spill)) => spill.get(at),
            (Some(_), None) => Err(std::io::Error::other("the body was set aside, and the build has no spill")),
            (None, _) => Ok(body.html.clone()),
        }
    }

    /// Empties the sentence of every mention of an article that no term page lists (a term's page
    /// lists the mentions of its `term_mentions` newest articles): a one-off build keeps each
    /// body's summary until the pages are written, and at 100,000 articles the sentences of some
    /// 850,000 mentions took about 150 MB. Bodies shared with a cache are left whole.
    pub fn forget_unlisted_sentences(&mut self) {
        let limit = crate::model::limit(self.config.term_mentions);
        let mut listed = vec![Vec::new(); self.articles.len()];
        for links in &self.backlinks {
            for link in listed_backlinks(links, limit) {
                listed[link.article].push(link.mention);
            }
        }
        for (article, listed) in self.articles.iter_mut().zip(listed) {
            let Some(body) = Arc::get_mut(&mut article.body) else { continue };
            for (index, mention) in body.mentions.iter_mut().enumerate() {
                if !listed.contains(&index) {
                    mention.context = String::new();
                }
            }
        }
    }

    /// Every document of the site with its rendered body.
    pub fn documents(&self) -> impl Iterator<Item = (&SourceFile, &Arc<Rendered>)> {
        let articles = self.articles.iter().map(|a| (&a.doc.file, &a.body));
        let terms = self.terms.iter().map(|t| (&t.doc.file, &t.body));
        let pages = self.pages.iter().map(|p| (&p.doc.file, &p.body));
        let bios = self.bios.iter().map(|b| (&b.doc.file, &b.body));
        let intro = self.intro.iter().map(|i| (&i.doc.file, &i.body));
        articles.chain(terms).chain(pages).chain(bios).chain(intro)
    }
}

/// The backlinks of a term that its page lists: those from the `limit` newest articles mentioning
/// it (`backlinks` are in article order, newest first; see [`crate::model::limit`]).
pub fn listed_backlinks(backlinks: &[Backlink], limit: usize) -> impl Iterator<Item = &Backlink> {
    let mut seen = 0;
    let mut last_article = None;
    backlinks.iter().take_while(move |b| {
        if last_article != Some(b.article) {
            last_article = Some(b.article);
            seen += 1;
        }
        seen <= limit
    })
}

/// Collects every article's mentions per term in one pass over all mentions.
pub fn backlinks(term_count: usize, articles: &[Article]) -> Vec<Vec<Backlink>> {
    let mut per_term = vec![Vec::new(); term_count];
    for (article, a) in articles.iter().enumerate() {
        for (mention, m) in a.body.mentions.iter().enumerate() {
            if let Some(list) = per_term.get_mut(m.term) {
                list.push(Backlink { article, mention });
            }
        }
    }
    per_term
}

/// How many distinct articles mention each term; backlinks are in article order.
pub fn article_counts(backlinks: &[Vec<Backlink>]) -> Vec<usize> {
    backlinks
        .iter()
        .map(|links| {
            let mut articles: Vec<usize> = links.iter().map(|b| b.article).collect();
            articles.dedup();
            articles.len()
        })
        .collect()
}
