//! Theme stage: the machine-readable outputs — Atom feed, sitemap, static search index and
//! schema.org JSON-LD (NewsArticle, ClaimReview, DefinedTermSet). All escaping happens here.

use super::views::{ArticleView, TermView};
use crate::model::Verdict;
use crate::render::html::escape;
use crate::resolve::{article_path, page_path, term_path};
use crate::site::{Article, Site};
use serde_json::{json, Value};

/// Serialises JSON for a `<script type="application/ld+json">` block: `<`, `>` and `&` are
/// written as `\u` escapes, so no string can close the script element.
pub fn script_json(value: &Value) -> String {
    value.to_string().replace('<', "\\u003c").replace('>', "\\u003e").replace('&', "\\u0026")
}

/// When the newest change to any article was made (see `ArticleMeta::last_modified`).
fn newest_change(site: &Site) -> Option<&crate::model::Ymd> {
    site.articles.iter().map(|a| a.doc.meta.last_modified()).max()
}

/// The articles the feed holds, in site order (newest first): the `feed_limit` most recently
/// published or updated, so a correction to an old article reaches subscribers too.
fn feed_articles(site: &Site) -> Vec<&Article> {
    let limit = crate::model::limit(site.config.feed_limit);
    if site.articles.len() <= limit {
        return site.articles.iter().collect();
    }
    let latest = |index: usize| site.articles[index].doc.meta.last_modified();
    let mut by_update: Vec<usize> = (0..site.articles.len()).collect();
    by_update.sort_by(|&a, &b| latest(b).cmp(latest(a)));
    let mut chosen: Vec<usize> = by_update.into_iter().take(limit).collect();
    chosen.sort_unstable();
    chosen.into_iter().map(|index| &site.articles[index]).collect()
}

/// `atom.xml`: the articles of `feed_articles`, newest first, with their summaries and
/// corrections.
pub fn atom(site: &Site) -> String {
    let urls = &site.urls;
    let updated = newest_change(site).map_or_else(|| "1970-01-01".into(), ToString::to_string);
    let mut xml = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{lang}\">\n\
         <title>{title}</title>\n<subtitle>{subtitle}</subtitle>\n<link href=\"{feed}\" rel=\"self\"/>\n\
         <link href=\"{home}\"/>\n<id>{home}</id>\n<updated>{updated}T00:00:00Z</updated>\n",
        lang = escape(&site.config.language),
        title = escape(&site.config.title),
        subtitle = escape(&site.config.description),
        feed = escape(&urls.permalink("atom.xml")),
        home = escape(&urls.permalink("")),
    );
    for article in feed_articles(site) {
        let meta = &article.doc.meta;
        let link = urls.permalink(&article_path(&article.doc.slug));
        let updated = meta.last_modified();
        let mut content = format!("<p>{}</p>", escape(&meta.summary));
        for (correction, html) in meta.corrections.iter().zip(&article.corrections_html) {
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
            xml.push_str(&format!("<author><name>{}</name></author>\n", escape(author)));
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

/// The sitemap's files: `sitemap.xml` alone, or, past [`SITEMAP_URLS`] URLs, `sitemap.xml` as
/// the index of `sitemap-1.xml`, `sitemap-2.xml`, … holding at most that many URLs each.
pub fn sitemap_files(site: &Site) -> Vec<String> {
    file_names(LISTINGS.len() + site.articles.len() + site.terms.len() + site.pages.len(), SITEMAP_URLS)
}

/// The sitemap's first entries: the home, glossary and sources pages.
const LISTINGS: [&str; 3] = ["", "glossary/", "sources/"];

/// One of the [`sitemap_files`]: every page but the 404 and the home pages after the first;
/// articles with their last modification date (`updated`, else `date`), the home page with the
/// newest of those.
pub fn sitemap(site: &Site, file: &str) -> String {
    let mut entries: Vec<(String, Option<String>)> = LISTINGS.iter().map(|path| (path.to_string(), None)).collect();
    entries[0].1 = newest_change(site).map(ToString::to_string); // the home page
    entries.extend(
        site.articles.iter().map(|a| (article_path(&a.doc.slug), Some(a.doc.meta.last_modified().to_string()))),
    );
    entries.extend(site.terms.iter().map(|t| (term_path(&t.doc.slug), None)));
    entries.extend(site.pages.iter().map(|p| (page_path(&p.doc.slug), None)));
    sitemap_xml(&entries, file, SITEMAP_URLS, |path| site.urls.permalink(path))
}

/// The sitemap's file names for `urls` URLs at most `per_file` to a file.
fn file_names(urls: usize, per_file: usize) -> Vec<String> {
    let mut files = vec!["sitemap.xml".to_string()];
    if urls > per_file {
        files.extend((1..=urls.div_ceil(per_file)).map(|n| format!("sitemap-{n}.xml")));
    }
    files
}

/// `file` of the sitemap of `entries` (site path, last modification date), split into files
/// of `per_file` URLs when there are more.
fn sitemap_xml(
    entries: &[(String, Option<String>)],
    file: &str,
    per_file: usize,
    permalink: impl Fn(&str) -> String,
) -> String {
    let files = file_names(entries.len(), per_file);
    let part = files.iter().skip(1).position(|f| f == file);
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    if files.len() > 1 && part.is_none() {
        xml.push_str("<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
        for name in &files[1..] {
            xml.push_str(&format!("<sitemap><loc>{}</loc></sitemap>\n", escape(&permalink(name))));
        }
        xml.push_str("</sitemapindex>\n");
        return xml;
    }
    let shown = match part {
        Some(index) => entries.chunks(per_file).nth(index).unwrap_or_default(),
        None => entries,
    };
    xml.push_str("<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for (path, modified) in shown {
        let loc = escape(&permalink(path));
        match modified {
            Some(date) => xml.push_str(&format!("<url><loc>{loc}</loc><lastmod>{date}</lastmod></url>\n")),
            None => xml.push_str(&format!("<url><loc>{loc}</loc></url>\n")),
        }
    }
    xml.push_str("</urlset>\n");
    xml
}

/// `search-index.json`: title, URL, kind and summary of every article, term and page, in a
/// compact form the theme's search script filters as the reader types.
pub fn search_index(site: &Site) -> String {
    let urls = &site.urls;
    let mut docs = Vec::new();
    for a in &site.articles {
        docs.push(json!({"t": a.doc.meta.title, "u": urls.path(&article_path(&a.doc.slug)), "k": "article", "s": a.doc.meta.summary}));
    }
    for t in &site.terms {
        let mut summary = t.doc.meta.short.clone();
        if !t.doc.meta.aliases.is_empty() {
            summary = format!("{summary} Also: {}.", t.doc.meta.aliases.join(", "));
        }
        docs.push(json!({"t": t.doc.meta.term, "u": urls.path(&term_path(&t.doc.slug)), "k": "term", "s": summary}));
    }
    for p in &site.pages {
        docs.push(json!({"t": p.doc.meta.title, "u": urls.path(&page_path(&p.doc.slug)), "k": "page", "s": p.doc.meta.summary}));
    }
    json!({ "docs": docs }).to_string()
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
        "author": page.authors.iter().map(|a| json!({"@type": "Person", "name": a})).collect::<Vec<_>>(),
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
        let verdict = Verdict::ALL.iter().find(|v| v.name() == claim.verdict).copied().unwrap_or(Verdict::Unverified);
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
            "reviewRating": {
                "@type": "Rating",
                "ratingValue": verdict.rating(),
                "bestRating": 5,
                "worstRating": 1,
                "alternateName": claim.verdict_label,
            },
        }));
    }
    script_json(&json!({"@context": "https://schema.org", "@graph": graph}))
}

/// JSON-LD of the glossary index: a DefinedTermSet listing every term.
pub fn glossary_jsonld(site: &Site) -> String {
    let set_url = site.urls.permalink("glossary/");
    let terms: Vec<Value> = site
        .terms
        .iter()
        .map(|t| json!({"@type": "DefinedTerm", "name": t.doc.meta.term, "description": t.doc.meta.short, "url": site.urls.permalink(&term_path(&t.doc.slug))}))
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

    fn entries(count: usize) -> Vec<(String, Option<String>)> {
        (0..count).map(|i| (format!("p{i}/"), (i == 0).then(|| "2025-01-02".to_string()))).collect()
    }

    fn permalink(path: &str) -> String {
        format!("https://example.org/{path}")
    }

    #[test]
    fn a_sitemap_within_the_limit_is_one_urlset_with_lastmod_where_known() {
        let xml = sitemap_xml(&entries(2), "sitemap.xml", 2, permalink);
        assert!(xml.contains("<urlset"), "{xml}");
        assert!(xml.contains("<url><loc>https://example.org/p0/</loc><lastmod>2025-01-02</lastmod></url>"));
        assert!(xml.contains("<url><loc>https://example.org/p1/</loc></url>"));
        assert_eq!(file_names(2, 2), ["sitemap.xml"]);
    }

    #[test]
    fn past_the_limit_sitemap_xml_indexes_files_of_at_most_the_limit() {
        let all = entries(5);
        assert_eq!(file_names(5, 2), ["sitemap.xml", "sitemap-1.xml", "sitemap-2.xml", "sitemap-3.xml"]);
        let index = sitemap_xml(&all, "sitemap.xml", 2, permalink);
        assert!(index.contains("<sitemapindex") && !index.contains("<url>"), "{index}");
        assert_eq!(index.matches("<sitemap><loc>").count(), 3);
        assert!(index.contains("<loc>https://example.org/sitemap-3.xml</loc>"));
        let listed: Vec<usize> = (1..=3)
            .map(|n| sitemap_xml(&all, &format!("sitemap-{n}.xml"), 2, permalink).matches("<url>").count())
            .collect();
        assert_eq!(listed, [2, 2, 1]);
        assert!(sitemap_xml(&all, "sitemap-3.xml", 2, permalink).contains("/p4/"));
    }
}
