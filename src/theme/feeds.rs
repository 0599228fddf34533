//! Theme stage: the machine-readable outputs — Atom feed, sitemap and
//! schema.org JSON-LD (NewsArticle, ClaimReview, DefinedTermSet). All escaping happens here.

use super::source_pages::SourceListings;
use super::views::{ArticleView, ClaimEntryView, TermView};
use crate::dates::Date;
use crate::load::FrontMatter;
use crate::model::{ArticleMeta, Urls, Verdict};
use crate::render::html::escape;
use crate::resolve::taxonomy::{index_path, taxon_path, Kind};
use crate::resolve::{article_path, page_path, term_path};
use crate::site::{Article, Site};
use crate::slug::slugify;
use serde_json::{json, Value};

/// Serialises JSON for a `<script type="application/ld+json">` block: `<`, `>` and `&` are
/// written as `\u` escapes, so no string can close the script element.
pub fn script_json(value: &Value) -> String {
    let text = value.to_string();
    // One pass, copying the runs between the characters escaped: a claims page's list of
    // reviews runs to tens of kilobytes.
    let mut safe = String::with_capacity(text.len());
    let mut copied = 0;
    for (at, c) in text.match_indices(['<', '>', '&']) {
        safe.push_str(&text[copied..at]);
        safe.push_str(match c {
            "<" => "\\u003c",
            ">" => "\\u003e",
            _ => "\\u0026",
        });
        copied = at + c.len();
    }
    safe.push_str(&text[copied..]);
    safe
}

/// When the newest change to any article was made (see `ArticleMeta::last_modified`).
fn newest_change<'a>(articles: impl Iterator<Item = &'a ArticleMeta>) -> Option<Date> {
    articles.map(ArticleMeta::last_modified).max()
}

/// The articles a feed of `candidates` (indices in site order) holds, in site order (newest
/// first): the `feed_limit` most recently published or updated, so a correction to an old
/// article reaches subscribers too.
fn feed_articles(site: &Site, candidates: Vec<usize>) -> Vec<&Article> {
    let limit = crate::model::limit(site.config.feed_limit);
    if candidates.len() <= limit {
        return candidates.into_iter().map(|index| &site.articles[index]).collect();
    }
    // The `limit` latest changes, the earlier article first among equal dates; then in site order.
    let latest = |index: usize| (std::cmp::Reverse(site.articles[index].doc.meta.last_modified()), index);
    let mut by_update = candidates;
    by_update.select_nth_unstable_by_key(limit - 1, |&index| latest(index));
    let mut chosen = by_update;
    chosen.truncate(limit);
    chosen.sort_unstable();
    chosen.into_iter().map(|index| &site.articles[index]).collect()
}

/// What a feed shows: its title and address, the page it is the feed of, and its articles (the
/// `feed_limit` most recently published or updated) with their corrections rendered.
#[derive(Hash)]
pub struct AtomInput<'a> {
    title: String,
    description: &'a str,
    language: &'a str,
    urls: &'a Urls,
    /// The feed's site path (`atom.xml`, `tags/ai/atom.xml`).
    path: String,
    /// The site path of the page it is the feed of (`` for the home page, `tags/ai/`).
    page: String,
    articles: Vec<(FrontMatter<'a, ArticleMeta>, &'a [String])>,
}

impl<'a> AtomInput<'a> {
    /// The feed of `site`: `atom.xml`.
    pub fn of(site: &'a Site) -> Self {
        let all = (0..site.articles.len()).collect();
        AtomInput::with(site, site.config.title.clone(), "atom.xml".into(), String::new(), all)
    }

    /// The feed of the tag or author numbered `index`: `tags/<slug>/atom.xml`.
    pub fn of_taxon(site: &'a Site, kind: Kind, index: usize) -> Self {
        let taxonomy = match kind {
            Kind::Tags => &site.tags,
            Kind::Authors => &site.authors,
        };
        let taxon = &taxonomy.taxa[index];
        let page = taxon_path(kind, &taxon.slug);
        let title = match kind {
            Kind::Tags => format!("{}: {}", site.config.title, taxon.name),
            Kind::Authors => format!("{}: articles annotated by {}", site.config.title, taxon.name),
        };
        AtomInput::with(site, title, format!("{page}atom.xml"), page, taxon.articles.clone())
    }

    fn with(site: &'a Site, title: String, path: String, page: String, candidates: Vec<usize>) -> Self {
        let articles =
            feed_articles(site, candidates).into_iter().map(|a| (a.doc.front_matter(), &a.corrections_html[..]));
        AtomInput {
            title,
            description: &site.config.description,
            language: &site.config.language,
            urls: &site.urls,
            path,
            page,
            articles: articles.collect(),
        }
    }

    /// The feed's path in the output folder.
    pub fn path(&self) -> &str {
        &self.path
    }
}

/// `atom.xml`: the feed's articles, newest first, with their summaries and corrections.
pub fn atom(input: &AtomInput) -> String {
    let urls = input.urls;
    let newest = newest_change(input.articles.iter().map(|(article, _)| article.meta()));
    let updated = newest.map_or_else(|| "1970-01-01".into(), |date| date.to_string());
    let mut xml = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{lang}\">\n\
         <title>{title}</title>\n<subtitle>{subtitle}</subtitle>\n<link href=\"{feed}\" rel=\"self\"/>\n\
         <link href=\"{home}\"/>\n<id>{home}</id>\n<updated>{updated}T00:00:00Z</updated>\n",
        lang = escape(input.language),
        title = escape(&input.title),
        subtitle = escape(input.description),
        feed = escape(&urls.permalink(&input.path)),
        home = escape(&urls.permalink(&input.page)),
    );
    for (article, corrections_html) in &input.articles {
        let meta = article.meta();
        let link = urls.permalink(&article_path(article.slug()));
        let updated = meta.last_modified();
        let mut content = format!("<p>{}</p>", escape(&meta.summary));
        for (correction, html) in meta.corrections.iter().zip(corrections_html.iter()) {
            content.push_str(&format!("<p><strong>Correction ({}):</strong> {html}</p>", correction.date));
        }
        xml.push_str(&format!(
            "<entry>\n<title>{title}</title>\n<link href=\"{link}\"/>\n<id>{link}</id>\n\
             <published>{date}T00:00:00Z</published>\n<updated>{updated}T00:00:00Z</updated>\n",
            title = escape(&meta.title),
            link = escape(&link),
            date = meta.date,
        ));
        for author in &meta.authors {
            let page = urls.permalink(&taxon_path(Kind::Authors, &slugify(author.trim())));
            xml.push_str(&format!("<author><name>{}</name><uri>{}</uri></author>\n", escape(author), escape(&page)));
        }
        xml.push_str(&format!(
            "<summary>{}</summary>\n<content type=\"html\">{}</content>\n</entry>\n",
            escape(&meta.summary),
            escape(&content)
        ));
    }
    xml.push_str("</feed>\n");
    xml
}

/// Most URLs one sitemap file may list: the sitemap protocol's limit.
pub const SITEMAP_URLS: usize = 50_000;

/// A page the sitemap lists.
#[derive(Debug, Clone, Copy, Hash)]
enum SitemapPage<'a> {
    /// The home, glossary or sources page, by its site path.
    Listing(&'static str),
    /// An article, by slug.
    Article(&'a str),
    /// A term, by slug.
    Term(&'a str),
    /// A free-standing page, by slug.
    Page(&'a str),
    /// The index of the tags or the authors.
    Taxonomy(Kind),
    /// The first page of a tag or an author, by slug.
    Taxon(Kind, &'a str),
    /// The first page of the claims of every verdict or of one.
    Claims(Option<Verdict>),
    /// The first page of a publisher's sources, by slug.
    Publisher(&'a str),
}

impl SitemapPage<'_> {
    /// The page's site path.
    fn path(self) -> String {
        match self {
            SitemapPage::Listing(path) => path.to_string(),
            SitemapPage::Article(slug) => article_path(slug),
            SitemapPage::Term(slug) => term_path(slug),
            SitemapPage::Page(slug) => page_path(slug),
            SitemapPage::Taxonomy(kind) => index_path(kind),
            SitemapPage::Taxon(kind, slug) => taxon_path(kind, slug),
            SitemapPage::Claims(filter) => super::pages::claims_path(filter),
            SitemapPage::Publisher(slug) => super::source_pages::publisher_path(slug),
        }
    }
}

/// One URL of the sitemap: the page, and when it last changed where that is known.
#[derive(Debug, Clone, Copy, Hash)]
pub struct SitemapEntry<'a> {
    page: SitemapPage<'a>,
    modified: Option<Date>,
}

/// The sitemap's entries and files: `sitemap.xml` alone, or, past [`SITEMAP_URLS`] URLs,
/// `sitemap.xml` as the index of `sitemap-1.xml`, `sitemap-2.xml`, … holding at most that many
/// URLs each.
#[derive(Debug)]
pub struct Sitemap<'a> {
    urls: &'a Urls,
    entries: Vec<SitemapEntry<'a>>,
    per_file: usize,
    files: Vec<String>,
}

/// What one file of the sitemap shows.
#[derive(Hash)]
pub enum SitemapInput<'a> {
    /// `sitemap.xml` as the index of the files that list the URLs.
    Index {
        /// The site's address.
        urls: &'a Urls,
        /// The files it lists.
        files: &'a [String],
    },
    /// A file of URLs.
    Urls {
        /// The site's address.
        urls: &'a Urls,
        /// The URLs it lists.
        entries: &'a [SitemapEntry<'a>],
    },
}

/// The sitemap's first entries: the home, glossary and sources pages.
const LISTINGS: [&str; 3] = ["", "glossary/", "sources/"];

impl<'a> Sitemap<'a> {
    /// The sitemap of `site`: every page but the 404 and the pages of a listing after its first;
    /// articles with their last modification date (`updated`, else `date`), the home page with
    /// the newest of those; the first page of each publisher's sources (a source's own pages are
    /// linked from there).
    pub fn of(site: &'a Site, sources: &'a SourceListings) -> Self {
        let newest = newest_change(site.articles.iter().map(|a| &*a.doc.meta));
        let mut entries: Vec<SitemapEntry> =
            LISTINGS.iter().map(|path| SitemapEntry { page: SitemapPage::Listing(path), modified: None }).collect();
        entries[0].modified = newest; // the home page
        entries.extend(site.articles.iter().map(|a| SitemapEntry {
            page: SitemapPage::Article(&a.doc.slug),
            modified: Some(a.doc.meta.last_modified()),
        }));
        entries
            .extend(site.terms.iter().map(|t| SitemapEntry { page: SitemapPage::Term(&t.doc.slug), modified: None }));
        entries
            .extend(site.pages.iter().map(|p| SitemapEntry { page: SitemapPage::Page(&p.doc.slug), modified: None }));
        let unmodified = |page| SitemapEntry { page, modified: None };
        entries.extend(std::iter::once(None).chain(Verdict::ALL.map(Some)).map(|f| unmodified(SitemapPage::Claims(f))));
        for (kind, taxonomy) in [(Kind::Tags, &site.tags), (Kind::Authors, &site.authors)] {
            entries.push(unmodified(SitemapPage::Taxonomy(kind)));
            entries.extend(taxonomy.taxa.iter().map(|t| unmodified(SitemapPage::Taxon(kind, &t.slug))));
        }
        entries.extend(sources.publisher_slugs().map(|slug| unmodified(SitemapPage::Publisher(slug))));
        Sitemap::new(&site.urls, entries, SITEMAP_URLS)
    }

    fn new(urls: &'a Urls, entries: Vec<SitemapEntry<'a>>, per_file: usize) -> Self {
        let files = file_names(entries.len(), per_file);
        Sitemap { urls, entries, per_file, files }
    }

    /// The names of the sitemap's files, `sitemap.xml` first.
    pub fn files(&self) -> &[String] {
        &self.files
    }

    /// What the file numbered `file` in [`Sitemap::files`] shows.
    pub fn input(&self, file: usize) -> SitemapInput<'_> {
        let urls = self.urls;
        match file.checked_sub(1) {
            None if self.files.len() > 1 => SitemapInput::Index { urls, files: &self.files[1..] },
            None => SitemapInput::Urls { urls, entries: &self.entries },
            Some(part) => {
                let entries = self.entries.chunks(self.per_file).nth(part).unwrap_or_default();
                SitemapInput::Urls { urls, entries }
            }
        }
    }
}

/// The sitemap's file names for `urls` URLs at most `per_file` to a file.
fn file_names(urls: usize, per_file: usize) -> Vec<String> {
    let mut files = vec!["sitemap.xml".to_string()];
    if urls > per_file {
        files.extend((1..=urls.div_ceil(per_file)).map(|n| format!("sitemap-{n}.xml")));
    }
    files
}

/// One file of the sitemap.
pub fn sitemap(input: &SitemapInput) -> String {
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    match input {
        SitemapInput::Index { urls, files } => {
            xml.push_str("<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
            for name in *files {
                xml.push_str(&format!("<sitemap><loc>{}</loc></sitemap>\n", escape(&urls.permalink(name))));
            }
            xml.push_str("</sitemapindex>\n");
        }
        SitemapInput::Urls { urls, entries } => {
            xml.push_str("<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
            for entry in *entries {
                let loc = escape(&urls.permalink(&entry.page.path()));
                match entry.modified {
                    Some(date) => xml.push_str(&format!("<url><loc>{loc}</loc><lastmod>{date}</lastmod></url>\n")),
                    None => xml.push_str(&format!("<url><loc>{loc}</loc></url>\n")),
                }
            }
            xml.push_str("</urlset>\n");
        }
    }
    xml
}

/// JSON-LD of the home page: a WebSite.
pub fn website_jsonld(site: &Site) -> String {
    script_json(&json!({
        "@context": "https://schema.org",
        "@type": "WebSite",
        "name": site.config.title,
        "description": site.config.description,
        "url": site.urls.permalink(""),
        "inLanguage": site.config.language,
    }))
}

/// JSON-LD of an article: a NewsArticle plus one ClaimReview per checked claim.
pub fn article_jsonld(site: &Site, page: &ArticleView) -> String {
    let publisher = json!({"@type": "Organization", "name": site.config.title, "url": site.urls.permalink("")});
    let mut article = json!({
        "@type": "NewsArticle",
        "headline": page.card.title,
        "description": page.card.summary,
        "datePublished": page.card.date,
        "dateModified": page.updated.clone().unwrap_or_else(|| page.card.date.clone()),
        "url": page.permalink,
        "mainEntityOfPage": page.permalink,
        "inLanguage": site.config.language,
        "publisher": publisher,
        "author": page.authors.iter().map(|a| person(site, a)).collect::<Vec<_>>(),
        "keywords": page.tags,
    });
    // Who wrote the original: the author of the article this one is based on, and of the claims
    // reviewed in it.
    let original_authors =
        page.card.source.as_ref().and_then(|s| Some(super::byline::authors(s.author.as_deref()?, &s.name)));
    if let Some(source) = &page.card.source {
        let mut original = json!({"@type": "NewsArticle", "publisher": {"@type": "Organization", "name": source.name}});
        if let Some(url) = &source.url {
            original["url"] = json!(url);
        }
        if let Some(authors) = &original_authors {
            original["author"] = json!(authors);
        }
        if let Some(published) = &source.published {
            original["datePublished"] = json!(published);
        }
        article["isBasedOn"] = original;
    }
    let mut graph = vec![article];
    for claim in &page.claims {
        let mut appearance = json!({"@type": "CreativeWork", "url": page.permalink});
        if let Some(source) = page.card.source.as_ref().and_then(|s| s.url.clone()) {
            appearance["url"] = json!(source);
        }
        let mut claim_reviewed = json!({"@type": "Claim", "appearance": appearance});
        if let Some(authors) = &original_authors {
            claim_reviewed["author"] = json!(authors);
        }
        graph.push(json!({
            "@type": "ClaimReview",
            "url": format!("{}#{}", page.permalink, claim.anchor),
            "claimReviewed": claim.excerpt,
            "datePublished": page.updated.clone().unwrap_or_else(|| page.card.date.clone()),
            "author": publisher,
            "itemReviewed": claim_reviewed,
            "reviewRating": review_rating(&claim.verdict, &claim.verdict_label),
        }));
    }
    script_json(&json!({"@context": "https://schema.org", "@graph": graph}))
}

/// A schema.org `Person` for an author named in an article: the name, the URL of the author's
/// page on the site,
/// and the pages of theirs their bio names (`sameAs`).
fn person(site: &Site, name: &str) -> Value {
    let slug = slugify(name.trim());
    let url = site.urls.permalink(&taxon_path(Kind::Authors, &slug));
    let mut person = json!({"@type": "Person", "name": name.trim(), "url": url});
    if let Some(bio) = super::site_views::bio(site, &slug) {
        let meta = &bio.doc.meta;
        let same_as: Vec<&str> =
            meta.url.iter().map(String::as_str).chain(meta.links.iter().map(|l| l.url.as_str())).collect();
        if !same_as.is_empty() {
            person["sameAs"] = json!(same_as);
        }
    }
    person
}

/// A ClaimReview as the claims pages list it: the claimed words, the verdict and where the
/// article checks it.
fn claim_review(site: &Site, claim: &ClaimEntryView) -> Value {
    json!({
        "@type": "ClaimReview",
        "url": site.urls.permalink(claim.url.strip_prefix(site.urls.base_path()).unwrap_or(&claim.url)),
        "claimReviewed": claim.excerpt,
        "datePublished": claim.date,
        "author": {"@type": "Organization", "name": site.config.title, "url": site.urls.permalink("")},
        "reviewRating": review_rating(&claim.verdict, &claim.verdict_label),
    })
}

/// A ClaimReview's schema.org `Rating` of the verdict named `name` in a view (5 accurate ..
/// 1 inaccurate), with its label: the same in an article and on the claims pages.
fn review_rating(name: &str, label: &str) -> Value {
    let verdict = Verdict::ALL.iter().find(|v| v.name() == name).copied().unwrap_or(Verdict::Unverified);
    json!({"@type": "Rating", "ratingValue": verdict.rating(), "bestRating": 5, "worstRating": 1, "alternateName": label})
}

/// JSON-LD of a page of the claims index: an ItemList of the ClaimReviews it lists.
pub fn claims_jsonld(site: &Site, name: &str, url: &str, claims: &[ClaimEntryView]) -> String {
    let items: Vec<Value> = claims
        .iter()
        .enumerate()
        .map(|(at, claim)| json!({"@type": "ListItem", "position": at + 1, "item": claim_review(site, claim)}))
        .collect();
    script_json(&json!({
        "@context": "https://schema.org",
        "@type": "ItemList",
        "name": name,
        "url": url,
        "numberOfItems": items.len(),
        "itemListElement": items,
    }))
}

/// JSON-LD of the glossary index: a DefinedTermSet listing every term.
pub fn glossary_jsonld(site: &Site) -> String {
    let set_url = site.urls.permalink("glossary/");
    let terms: Vec<Value> = site
        .terms
        .iter()
        .map(|t| json!({"@type": "DefinedTerm", "name": t.doc.meta.term, "description": t.definition.text, "url": site.urls.permalink(&term_path(&t.doc.slug))}))
        .collect();
    script_json(&json!({
        "@context": "https://schema.org",
        "@type": "DefinedTermSet",
        "name": format!("{} glossary", site.config.title),
        "url": set_url,
        "hasDefinedTerm": terms,
    }))
}

/// JSON-LD of a term page: a DefinedTerm in the site's DefinedTermSet.
pub fn term_jsonld(site: &Site, page: &TermView) -> String {
    script_json(&json!({
        "@context": "https://schema.org",
        "@type": "DefinedTerm",
        "name": page.term.term,
        "alternateName": page.aliases,
        "description": page.term.short,
        "url": page.permalink,
        "inDefinedTermSet": {"@type": "DefinedTermSet", "name": format!("{} glossary", site.config.title), "url": site.urls.permalink("glossary/")},
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_json_cannot_close_a_script_element() {
        let out = script_json(&json!({"headline": "</script><script>alert(1)</script>&"}));
        assert!(!out.contains("</script>") && !out.contains('<') && !out.contains('&'));
        let back: Value = serde_json::from_str(&out).unwrap();
        assert_eq!(back["headline"], "</script><script>alert(1)</script>&");
    }

    fn slugs(count: usize) -> Vec<String> {
        (0..count).map(|i| format!("p{i}")).collect()
    }

    fn entries(slugs: &[String], date: Date) -> Vec<SitemapEntry<'_>> {
        let mut entries: Vec<SitemapEntry> =
            slugs.iter().map(|slug| SitemapEntry { page: SitemapPage::Page(slug), modified: None }).collect();
        entries[0].modified = Some(date);
        entries
    }

    #[test]
    fn a_sitemap_within_the_limit_is_one_urlset_with_lastmod_where_known() {
        let urls = Urls::new("https://example.org/");
        let slugs = slugs(2);
        let date = Date::parse("2025-01-02").unwrap();
        let map = Sitemap::new(&urls, entries(&slugs, date), 2);
        assert_eq!(map.files(), ["sitemap.xml"]);
        let xml = sitemap(&map.input(0));
        assert!(xml.contains("<urlset"), "{xml}");
        assert!(xml.contains("<url><loc>https://example.org/p0/</loc><lastmod>2025-01-02</lastmod></url>"));
        assert!(xml.contains("<url><loc>https://example.org/p1/</loc></url>"));
    }

    #[test]
    fn past_the_limit_sitemap_xml_indexes_files_of_at_most_the_limit() {
        let urls = Urls::new("https://example.org/");
        let slugs = slugs(5);
        let date = Date::parse("2025-01-02").unwrap();
        let map = Sitemap::new(&urls, entries(&slugs, date), 2);
        assert_eq!(map.files(), ["sitemap.xml", "sitemap-1.xml", "sitemap-2.xml", "sitemap-3.xml"]);
        let index = sitemap(&map.input(0));
        assert!(index.contains("<sitemapindex") && !index.contains("<url>"), "{index}");
        assert_eq!(index.matches("<sitemap><loc>").count(), 3);
        assert!(index.contains("<loc>https://example.org/sitemap-3.xml</loc>"));
        let listed: Vec<usize> = (1..=3).map(|n| sitemap(&map.input(n)).matches("<url>").count()).collect();
        assert_eq!(listed, [2, 2, 1]);
        assert!(sitemap(&map.input(3)).contains("/p4/"));
    }
}
