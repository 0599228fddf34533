//! Theme stage: the views templates receive, made from the resolved site — the site view, an
//! article's and a term's page, article cards, glossary letters, sources by publisher.

use super::views::*;
use crate::model::{ArticleMeta, Verdict};
use crate::render::Shape;
use crate::resolve::sources::Source;
use crate::resolve::taxonomy::{index_path, taxon_path, Kind, Taxonomy};
use crate::resolve::{article_path, page_path, term_path};
use crate::sanitize::SafeMode;
use crate::site::{Article, Site};
use std::collections::{BTreeMap, BTreeSet};

/// Words read per minute, for reading-time estimates.
const WORDS_PER_MINUTE: usize = 230;

/// The `site` view every template gets.
pub(super) fn site_view(site: &Site) -> SiteView {
    let urls = &site.urls;
    SiteView {
        title: site.config.title.clone(),
        description: site.config.description.clone(),
        base_url: urls.base_url().to_string(),
        base_path: urls.base_path().to_string(),
        language: site.config.language.clone(),
        nav: NavView {
            home: urls.path(""),
            glossary: urls.path("glossary/"),
            sources: urls.path("sources/"),
            feed: urls.path("atom.xml"),
            tags: urls.path(&index_path(Kind::Tags)),
            authors: urls.path(&index_path(Kind::Authors)),
            claims: urls.path("claims/"),
            search_index: urls.path(super::search::MANIFEST),
        },
        pages: site
            .pages
            .iter()
            .map(|p| LinkView { title: p.doc.meta.title.clone(), url: urls.path(&page_path(&p.doc.slug)) })
            .collect(),
        contact: site.config.contact.as_ref().and_then(|contact| {
            // A path of the site (`/corrections/`) is served under the base path.
            let url = contact.url.as_ref().map(|url| match url.strip_prefix('/') {
                Some(path) => urls.path(path),
                None => url.clone(),
            });
            let contact = crate::model::Contact { url, email: contact.email.clone() };
            Some(ContactView { href: contact.href()?, email: contact.email.clone(), url: contact.url.clone() })
        }),
    }
}

/// The reader-facing view of a cited source.
pub(super) fn source_view(source: &Source) -> SourceView {
    SourceView {
        title: source.title.clone(),
        url: source.url.clone(),
        publisher: source.publisher.clone().filter(|p| !p.trim().is_empty()).unwrap_or_else(|| publisher(&source.url)),
        published: source.published.map(|d| d.to_string()),
        archived_url: source.archived_url.clone(),
    }
}

/// The host of a URL without `www.`, used to group sources by publisher.
pub(super) fn publisher(url: &str) -> String {
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    let host = after_scheme.split(['/', '?', '#']).next().unwrap_or("");
    host.trim_start_matches("www.").to_string()
}

/// A link to the term `term` with its short definition, as lists of terms show it.
fn term_ref(site: &Site, term: usize) -> TermRefView {
    let entry = &site.glossary.terms[term];
    let definition = &site.terms[term].definition;
    TermRefView {
        slug: entry.slug.clone(),
        term: entry.name.clone(),
        short: definition.text.clone(),
        short_html: definition.html.clone(),
        url: entry.url.clone(),
        article_count: site.article_counts[term],
    }
}

/// The `limit` terms most articles mention, for the home page.
pub(super) fn key_terms(site: &Site, limit: usize) -> Vec<TermRefView> {
    let mut terms: Vec<TermRefView> =
        (0..site.terms.len()).map(|i| term_ref(site, i)).filter(|t| t.article_count > 0).collect();
    terms.sort_by(|a, b| {
        b.article_count.cmp(&a.article_count).then_with(|| a.term.to_lowercase().cmp(&b.term.to_lowercase()))
    });
    terms.truncate(limit);
    terms
}

/// How many of the article's claims have each verdict, in the verdicts' order.
fn verdict_counts(article: &Article) -> Vec<VerdictCount> {
    let claims = &article.doc.meta.claims;
    Verdict::ALL
        .iter()
        .map(|&verdict| VerdictCount {
            verdict: verdict.name().into(),
            label: verdict.label().into(),
            icon: verdict.icon().into(),
            count: claims.values().filter(|c| c.verdict == verdict).count(),
        })
        .filter(|count| count.count > 0)
        .collect()
}

/// The article as a card in lists: title, summary, date, source, verdicts and reading time.
pub(super) fn card(site: &Site, article: &Article) -> ArticleCardView {
    let meta = &article.doc.meta;
    ArticleCardView {
        title: meta.title.clone(),
        slug: article.doc.slug.clone(),
        url: site.urls.path(&article_path(&article.doc.slug)),
        summary: meta.summary.clone(),
        date: meta.date.to_string(),
        source: meta.source.as_ref().map(|s| ArticleSourceView {
            name: s.name.clone(),
            url: s.url.clone(),
            author: s.author.clone(),
            published: s.published.as_ref().map(ToString::to_string),
        }),
        verdicts: verdict_counts(article),
        claim_count: meta.claims.len(),
        reading_minutes: article.body.word_count.div_ceil(WORDS_PER_MINUTE).max(1),
    }
}

/// The `page` of the article numbered `index`: its card, body (`content`, its HTML as
/// [`Site::html_of`] gives it), claims, notes, terms and neighbours.
pub(super) fn article_view(site: &Site, index: usize, content: String) -> ArticleView {
    let article = &site.articles[index];
    let meta = &article.doc.meta;
    let plain_links =
        crate::render::PlainLinks { urls: &site.urls, glossary: &site.glossary, source: &article.doc.file.path };
    let claims = article
        .body
        .claims
        .iter()
        .filter_map(|used| {
            let claim = meta.claims.get(&used.id)?;
            Some(ClaimView {
                id: used.id.clone(),
                verdict: claim.verdict.name().into(),
                verdict_label: claim.verdict.label().into(),
                icon: claim.verdict.icon().into(),
                excerpt: used.excerpt.clone(),
                anchor: format!("claim-{}", used.id),
                note_html: crate::render::render_plain(
                    &claim.note,
                    Shape::Blocks,
                    SafeMode::of(site.config.safe),
                    plain_links,
                ),
                sources: site.sources.resolve(&claim.sources).iter().map(source_view).collect(),
            })
        })
        .collect();
    let mut terms_seen = Vec::new();
    for mention in &article.body.mentions {
        if !terms_seen.contains(&mention.term) {
            terms_seen.push(mention.term);
        }
    }
    let mut corrections: Vec<CorrectionView> = meta
        .corrections
        .iter()
        .zip(&article.corrections_html)
        .map(|(c, html)| CorrectionView { date: c.date.to_string(), html: html.clone() })
        .collect();
    corrections.sort_by(|a, b| b.date.cmp(&a.date));
    let neighbour = |i: usize| {
        let a = &site.articles[i];
        LinkView { title: a.doc.meta.title.clone(), url: site.urls.path(&article_path(&a.doc.slug)) }
    };
    ArticleView {
        card: card(site, article),
        permalink: site.urls.permalink(&article_path(&article.doc.slug)),
        updated: meta.updated.as_ref().map(ToString::to_string),
        tags: meta.tags.clone(),
        authors: meta.authors.clone(),
        tag_links: taxon_links(site, Kind::Tags, meta),
        author_links: taxon_links(site, Kind::Authors, meta),
        corrections,
        word_count: article.body.word_count,
        toc: article.body.toc.clone(),
        content,
        has_code: article.body.has_code,
        claims,
        notes: article.body.notes.clone(),
        terms: terms_seen.into_iter().map(|t| term_ref(site, t)).collect(),
        previous: (index + 1 < site.articles.len()).then(|| neighbour(index + 1)),
        next: index.checked_sub(1).map(neighbour),
    }
}

/// The `page` of the term numbered `index`: its definition, sources, related terms and backlinks.
pub(super) fn term_view(site: &Site, index: usize, content: String) -> TermView {
    let term = &site.terms[index];
    let meta = &term.doc.meta;
    let limit = crate::model::limit(site.config.term_mentions);
    let mentions = crate::site::listed_backlinks(&site.backlinks[index], limit)
        .map(|b| {
            let article = &site.articles[b.article];
            let mention = &article.body.mentions[b.mention];
            MentionView {
                article_title: article.doc.meta.title.clone(),
                url: format!("{}#{}", site.urls.path(&article_path(&article.doc.slug)), mention.anchor),
                context: mention.context.clone(),
            }
        })
        .collect();
    TermView {
        term: term_ref(site, index),
        permalink: site.urls.permalink(&term_path(&term.doc.slug)),
        aliases: distinct_aliases(&meta.term, &meta.aliases),
        content,
        has_code: term.body.has_code,
        see_also: {
            // The term itself and repeats are warned about and not shown.
            let mut listed = std::collections::HashSet::from([index]);
            let related = meta.see_also.iter().filter_map(|slug| site.glossary.by_slug(slug));
            related.filter(|t| listed.insert(*t)).map(|t| term_ref(site, t)).collect()
        },
        sources: site.sources.resolve(&meta.sources).iter().map(source_view).collect(),
        mentions,
        listed_articles: site.article_counts[index].min(limit),
    }
}

/// The glossary's terms grouped under their first letters, for the glossary index.
pub(super) fn letter_groups(site: &Site) -> Vec<LetterGroup> {
    let mut groups: BTreeMap<String, Vec<TermRefView>> = BTreeMap::new();
    for i in 0..site.terms.len() {
        let view = term_ref(site, i);
        let first = view.term.chars().next().map(|c| c.to_uppercase().to_string()).unwrap_or_default();
        let letter =
            if first.chars().all(|c| c.is_ascii_alphabetic()) && !first.is_empty() { first } else { "#".into() };
        groups.entry(letter).or_default().push(view);
    }
    groups
        .into_iter()
        .map(|(letter, mut terms)| {
            terms.sort_by_key(|t| t.term.to_lowercase());
            let id =
                if letter == "#" { "letter-other".to_string() } else { format!("letter-{}", letter.to_lowercase()) };
            LetterGroup { letter, id, terms }
        })
        .collect()
}

/// The site's taxonomy of `kind`.
pub(super) fn taxonomy(site: &Site, kind: Kind) -> &Taxonomy {
    match kind {
        Kind::Tags => &site.tags,
        Kind::Authors => &site.authors,
    }
}

/// The bio of the author with this slug, if `content/authors/` has one.
pub(super) fn bio<'s>(site: &'s Site, slug: &str) -> Option<&'s crate::site::Bio> {
    let found = site.bios.binary_search_by(|bio| bio.doc.slug.as_str().cmp(slug));
    found.ok().map(|index| &site.bios[index])
}

/// The names an article lists under `kind`, each linking its page.
fn taxon_links(site: &Site, kind: Kind, meta: &ArticleMeta) -> Vec<LinkView> {
    let taxa = taxonomy(site, kind);
    let link = |index: usize| {
        let taxon = &taxa.taxa[index];
        LinkView { title: taxon.name.clone(), url: site.urls.path(&taxon_path(kind, &taxon.slug)) }
    };
    taxa.of_article(kind, meta).into_iter().map(link).collect()
}

/// The tag or author numbered `index` of `kind`, as its index lists it.
pub(super) fn taxon_ref(site: &Site, kind: Kind, index: usize) -> TaxonRefView {
    let taxon = &taxonomy(site, kind).taxa[index];
    TaxonRefView {
        name: taxon.name.clone(),
        slug: taxon.slug.clone(),
        url: site.urls.path(&taxon_path(kind, &taxon.slug)),
        article_count: taxon.articles.len(),
    }
}

/// The claims the articles `listed` mark, with the verdict `only` when given: newest article
/// first, each article's in the order its text marks them. Read from the front matter and the
/// claims the render stage found, never from a body.
pub(super) fn claim_entries(site: &Site, only: Option<Verdict>, listed: &BTreeSet<usize>) -> Vec<ClaimEntryView> {
    let mut entries = Vec::new();
    for article in listed.iter().map(|&index| &site.articles[index]) {
        let meta = &article.doc.meta;
        let article_url = site.urls.path(&article_path(&article.doc.slug));
        for used in &article.body.claims {
            let Some(claim) = meta.claims.get(&used.id).filter(|c| only.is_none_or(|v| v == c.verdict)) else {
                continue;
            };
            entries.push(ClaimEntryView {
                verdict: claim.verdict.name().into(),
                verdict_label: claim.verdict.label().into(),
                icon: claim.verdict.icon().into(),
                excerpt: used.excerpt.clone(),
                url: format!("{article_url}#claim-{}", used.id),
                article_title: meta.title.clone(),
                article_url: article_url.clone(),
                date: meta.date.to_string(),
            });
        }
    }
    entries
}

/// The aliases of the term `name` worth showing: none that only repeats the name or an earlier
/// alias in other letter case (`Bee`, `bee`, `BEE` for the term `Bee` show as none).
fn distinct_aliases(name: &str, aliases: &[String]) -> Vec<String> {
    let mut seen = std::collections::HashSet::from([name.trim().to_lowercase()]);
    aliases.iter().filter(|alias| seen.insert(alias.trim().to_lowercase())).cloned().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn publisher_is_the_host_without_www() {
        assert_eq!(publisher("https://www.sec.gov/cgi-bin/x?y"), "sec.gov");
        assert_eq!(publisher("https://arxiv.org"), "arxiv.org");
    }
}
