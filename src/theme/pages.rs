//! Theme stage: assembling the typed views of every page from the [`Site`] and rendering them
//! with the theme, in parallel. Each render gets a small context: the shared `site` view plus
//! the page's own view.

use super::feeds;
use super::views::*;
use super::Theme;
use crate::diagnostic::Diagnostic;
use crate::incremental::{hash_of, PageSelection};
use crate::model::{SourceRef, Verdict};
use crate::output::Sink;
use crate::resolve::{article_path, page_path, term_path};
use crate::site::{Article, Site};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::hash::Hash;

/// Words read per minute, for reading-time estimates.
const WORDS_PER_MINUTE: usize = 230;

/// Hashes of what pages were last rendered from (their views, and for `glosa build
/// --incremental` also the site view and theme), by output path: a page whose hash is unchanged
/// need not be rendered again.
pub type PageKeys = HashMap<String, u64>;

/// How the theme stage uses [`PageKeys`].
#[derive(Debug)]
pub enum KeyUse<'k> {
    /// Render every page and keep no keys (a one-off build).
    Off,
    /// `glosa serve`: keep the keys of the listing pages (home, glossary, sources, terms with
    /// their mention lists) and the feeds; a partial rebuild skips those whose key is unchanged,
    /// as the previous output in memory still holds them. The keys are updated.
    Listings(&'k mut PageKeys),
    /// `glosa build --incremental`: key every page, and take a page whose key is in `previous`
    /// unchanged over from the previous output with [`Sink::reuse`] instead of rendering it
    /// (rendering it when the sink cannot). `kept` receives every page's key.
    AllPages {
        /// Keys of the build that wrote the previous output.
        previous: &'k PageKeys,
        /// Receives the keys of this build.
        kept: &'k mut PageKeys,
    },
}

/// What [`render_job`] needs of the [`KeyUse`]: which pages to key, what every key includes,
/// and the keys a page may be skipped by.
#[derive(Clone, Copy)]
struct Keying<'k> {
    /// Key every page, not only the listings.
    all_pages: bool,
    /// Hashed into every key.
    base: u64,
    /// The previous keys, when pages whose key is unchanged may be skipped.
    previous: Option<&'k PageKeys>,
    /// A skipped page must be taken over through [`Sink::reuse`].
    through_sink: bool,
}

/// Renders the selected pages of the site (and always the feeds and search index) and hands
/// each file to `sink` as soon as it is rendered, so no more than a page per thread is held in
/// memory. `keys` says which pages whose input is unchanged are skipped (see [`KeyUse`]).
pub fn render_site(
    site: &Site,
    theme: &Theme,
    selection: &PageSelection,
    keys: KeyUse,
    sink: &dyn Sink,
) -> Result<(), Vec<Diagnostic>> {
    let view = site_view(site);
    let mut base = tera::Context::new();
    base.insert("site", &view);
    // The longest pages first (listings, then term pages with their backlinks), so the many
    // short article pages come last and the threads run out of work together.
    let mut jobs: Vec<PageJob> = match selection {
        PageSelection::All => (0..home_pages(site)).map(PageJob::Home).collect(),
        // Within one site shape the articles stay on their pages, so a later home page changes
        // only with an article it lists; the first also shows the intro and key terms.
        PageSelection::Some { articles, .. } => {
            let mut numbers = BTreeSet::from([0]);
            numbers.extend(articles.iter().map(|article| article / articles_per_page(site)));
            numbers.into_iter().map(PageJob::Home).collect()
        }
    };
    jobs.extend([PageJob::Glossary, PageJob::Sources]);
    match selection {
        PageSelection::All => {
            jobs.extend((0..site.terms.len()).map(PageJob::Term));
            jobs.extend((0..site.articles.len()).map(PageJob::Article));
            jobs.extend((0..site.pages.len()).map(PageJob::Page));
            jobs.push(PageJob::NotFound);
        }
        PageSelection::Some { articles, terms, pages } => {
            jobs.extend(terms.iter().copied().map(PageJob::Term));
            jobs.extend(articles.iter().copied().map(PageJob::Article));
            jobs.extend(pages.iter().copied().map(PageJob::Page));
        }
    }
    let partial = matches!(selection, PageSelection::Some { .. });
    let keying = match &keys {
        KeyUse::Off => None,
        // Within one site shape the site view and theme are the same, so the views decide.
        KeyUse::Listings(kept) => {
            Some(Keying { all_pages: false, base: 0, previous: Some(&**kept).filter(|_| partial), through_sink: false })
        }
        KeyUse::AllPages { previous, .. } => Some(Keying {
            all_pages: true,
            base: hash_of((&view, theme.fingerprint)),
            previous: Some(*previous),
            through_sink: true,
        }),
    };
    let (feeds, mut results): (_, Vec<JobResult>) = rayon::join(
        || render_feeds(site, keying, sink),
        || {
            jobs.par_iter()
                .with_max_len(PAGES_PER_TASK)
                .map(|job| render_job(site, theme, &base, *job, keying, sink))
                .collect()
        },
    );
    results.extend(feeds);
    let mut errors = Vec::new();
    let mut new_keys = Vec::new();
    for result in results {
        match result {
            Ok(listing_key) => new_keys.extend(listing_key),
            Err(error) => errors.push(error),
        }
    }
    match keys {
        KeyUse::Off => {}
        KeyUse::Listings(kept) | KeyUse::AllPages { kept, .. } => kept.extend(new_keys),
    }
    if !errors.is_empty() {
        crate::diagnostic::sort_diagnostics(&mut errors);
        return Err(errors);
    }
    Ok(())
}

/// At most this many pages go to a thread at once. rayon otherwise hands each of two threads a
/// few long runs of pages, and the thread holding the slowest run finishes alone.
const PAGES_PER_TASK: usize = 8;

/// What rendering one job gives: for a keyed page or the feeds, the output path and input
/// hash it is remembered by; or the problem met.
type JobResult = Result<Option<(String, u64)>, Diagnostic>;

/// Hands one file to the sink; a failure to store it is an `io` error naming the file.
pub fn put(sink: &dyn Sink, path: &str, text: String) -> Result<(), Diagnostic> {
    sink.put(path, text.into_bytes()).map_err(|error| write_error(path, &error))
}

/// The diagnostic for a file of the site that could not be stored.
pub fn write_error(path: &str, error: &std::io::Error) -> Diagnostic {
    Diagnostic::error("io", path, format!("cannot write the file: {error}"))
        .with_help("check that the output folder's disk has space and is writable")
}

#[derive(Debug, Clone, Copy)]
enum PageJob {
    /// The home page of this number, from 0 (`/`, then `/page/2/`, …).
    Home(usize),
    Glossary,
    Sources,
    NotFound,
    Article(usize),
    Term(usize),
    Page(usize),
}

/// The views one page is rendered from, besides the shared `site` view: what its key
/// hashes, and what goes into its template context.
#[derive(Hash)]
enum PageData {
    Home {
        intro: String,
        intro_title: String,
        articles: Vec<ArticleCardView>,
        key_terms: Vec<TermRefView>,
        pagination: PaginationView,
    },
    Glossary {
        letters: Vec<LetterGroup>,
        term_count: usize,
    },
    Sources {
        publishers: Vec<PublisherGroup>,
    },
    NotFound,
    Article(Box<ArticleView>),
    Term(TermView),
    Page(StandalonePageView),
}

/// One page: its views and the template, path, description and JSON-LD they are shown with.
#[derive(Hash)]
struct PageSpec {
    data: PageData,
    kind: &'static str,
    template: &'static str,
    path: String,
    description: String,
    jsonld: String,
}

fn page_spec(site: &Site, job: PageJob) -> PageSpec {
    let spec =
        |data, kind, template, path, description, jsonld| PageSpec { data, kind, template, path, description, jsonld };
    match job {
        PageJob::Home(number) => {
            let intro = site.intro.as_ref().filter(|_| number == 0);
            let per_page = articles_per_page(site);
            let listed = site.articles.iter().skip(number.saturating_mul(per_page)).take(per_page);
            let total = home_pages(site);
            let pagination = PaginationView {
                current: number + 1,
                total,
                previous: (number > 0).then(|| site.urls.path(&home_path(number - 1))),
                next: (number + 1 < total).then(|| site.urls.path(&home_path(number + 1))),
            };
            let data = PageData::Home {
                intro: intro.map_or_else(String::new, |i| i.body.html.clone()),
                intro_title: intro.and_then(|i| i.doc.meta.title.clone()).unwrap_or_default(),
                articles: listed.map(|a| card(site, a)).collect(),
                key_terms: if number == 0 { key_terms(site, 12) } else { Vec::new() },
                pagination,
            };
            let (description, jsonld) = if number == 0 {
                (site.config.description.clone(), feeds::website_jsonld(site))
            } else {
                (format!("Annotated articles, page {} of {total}", number + 1), String::new())
            };
            spec(data, "index", "index.html", home_path(number), description, jsonld)
        }
        PageJob::Glossary => {
            let data = PageData::Glossary { letters: letter_groups(site), term_count: site.terms.len() };
            let description = format!("{} terms explained, from {}", site.terms.len(), site.config.title);
            spec(data, "glossary", "glossary.html", "glossary/".into(), description, feeds::glossary_jsonld(site))
        }
        PageJob::Sources => {
            let data = PageData::Sources { publishers: publisher_groups(site) };
            let description = format!("Every source cited by {}", site.config.title);
            spec(data, "sources", "sources.html", "sources/".into(), description, String::new())
        }
        PageJob::NotFound => {
            spec(PageData::NotFound, "404", "404.html", "404.html".into(), "Page not found".into(), String::new())
        }
        PageJob::Article(i) => {
            let view = article_view(site, i);
            let description = view.card.summary.clone();
            let jsonld = feeds::article_jsonld(site, &view);
            let path = article_path(&site.articles[i].doc.slug);
            spec(PageData::Article(Box::new(view)), "article", "article.html", path, description, jsonld)
        }
        PageJob::Term(i) => {
            let view = term_view(site, i);
            let description = view.term.short.clone();
            let jsonld = feeds::term_jsonld(site, &view);
            let path = term_path(&site.terms[i].doc.slug);
            spec(PageData::Term(view), "term", "term.html", path, description, jsonld)
        }
        PageJob::Page(i) => {
            let page = &site.pages[i];
            let path = page_path(&page.doc.slug);
            let view = StandalonePageView {
                title: page.doc.meta.title.clone(),
                summary: page.doc.meta.summary.clone(),
                url: site.urls.path(&path),
                permalink: site.urls.permalink(&path),
                content: page.body.html.clone(),
                has_code: page.body.has_code,
                toc: page.body.toc.clone(),
                notes: page.body.notes.clone(),
            };
            spec(PageData::Page(view), "page", "page.html", path, page.doc.meta.summary.clone(), String::new())
        }
    }
}

impl PageData {
    /// Puts the views into a template context under the names the templates use.
    fn insert_into(&self, ctx: &mut tera::Context) {
        match self {
            PageData::Home { intro, intro_title, articles, key_terms, pagination } => {
                ctx.insert("intro", intro);
                ctx.insert("intro_title", intro_title);
                ctx.insert("articles", articles);
                ctx.insert("key_terms", key_terms);
                ctx.insert("pagination", pagination);
            }
            PageData::Glossary { letters, term_count } => {
                ctx.insert("letters", letters);
                ctx.insert("term_count", term_count);
            }
            PageData::Sources { publishers } => ctx.insert("publishers", publishers),
            PageData::NotFound => {}
            PageData::Article(view) => ctx.insert("page", view),
            PageData::Term(view) => ctx.insert("page", view),
            PageData::Page(view) => ctx.insert("page", view),
        }
    }
}

fn render_job(
    site: &Site,
    theme: &Theme,
    base: &tera::Context,
    job: PageJob,
    keying: Option<Keying>,
    sink: &dyn Sink,
) -> JobResult {
    if sink.stopped() {
        return Err(crate::output::interrupted());
    }
    let spec = page_spec(site, job);
    let file = if spec.path.is_empty() || spec.path.ends_with('/') {
        format!("{}index.html", spec.path)
    } else {
        spec.path.clone()
    };
    let listing = matches!(job, PageJob::Home(_) | PageJob::Glossary | PageJob::Sources | PageJob::Term(_));
    let keying = keying.filter(|k| k.all_pages || listing);
    let key = keying.map(|k| (file.clone(), hash_of((k.base, &spec))));
    if let (Some((_, hash)), Some(keying)) = (&key, keying) {
        if skippable(keying, &file, *hash, sink)? {
            return Ok(key);
        }
    }
    let mut ctx = base.clone();
    spec.data.insert_into(&mut ctx);
    ctx.insert("page_kind", spec.kind);
    ctx.insert("current_url", &site.urls.path(&spec.path));
    ctx.insert("permalink", &site.urls.permalink(&spec.path));
    ctx.insert("meta_description", &spec.description);
    ctx.insert("jsonld", &spec.jsonld);
    let html = theme.render(spec.template, &ctx)?;
    put(sink, &file, html)?;
    Ok(key)
}

/// Whether `file`, rendered from inputs hashing to `key`, can be left as the previous build
/// wrote it: the key is unchanged and, when the previous output is on disk, the sink kept it.
fn skippable(keying: Keying, file: &str, key: u64, sink: &dyn Sink) -> Result<bool, Diagnostic> {
    let Some(previous) = keying.previous else { return Ok(false) };
    if previous.get(file) != Some(&key) {
        return Ok(false);
    }
    if !keying.through_sink {
        return Ok(true);
    }
    sink.reuse(file).map_err(|error| write_error(file, &error))
}

/// The feed, sitemap and search index, each keyed by what it shows (front matter and slugs
/// only, so a body edit renders none of them again, and a term's only the search index).
fn render_feeds(site: &Site, keying: Option<Keying>, sink: &dyn Sink) -> Vec<JobResult> {
    // Each part is hashed once, when keys are kept, and each file's key combines the parts it
    // shows. Front matter counts by its `meta_key` (hashing 10,000 articles' metadata field by
    // field cost serve's rebuilds about 8 ms each).
    let part = |hash: &dyn Fn() -> u64| keying.map_or(0, |_| hash());
    let articles = part(&|| hash_of(site.articles.iter().map(|a| (&a.doc.slug, a.doc.meta_key)).collect::<Vec<_>>()));
    let corrections = part(&|| hash_of(site.articles.iter().map(|a| &a.corrections_html).collect::<Vec<_>>()));
    let terms = part(&|| hash_of(site.terms.iter().map(|t| (&t.doc.slug, t.doc.meta_key)).collect::<Vec<_>>()));
    let pages = part(&|| hash_of(site.pages.iter().map(|p| (&p.doc.slug, p.doc.meta_key)).collect::<Vec<_>>()));
    let slugs_and_dates = part(&|| {
        let articles = site.articles.iter().map(|a| (&a.doc.slug, &a.doc.meta.date, &a.doc.meta.updated));
        let terms = site.terms.iter().map(|t| &t.doc.slug);
        hash_of((
            articles.collect::<Vec<_>>(),
            terms.collect::<Vec<_>>(),
            site.pages.iter().map(|p| &p.doc.slug).collect::<Vec<_>>(),
        ))
    });
    let mut files = vec![
        feed_file(keying, "atom.xml", (site.config.feed_limit, articles, corrections), || feeds::atom(site), sink),
        feed_file(keying, "search-index.json", (articles, terms, pages), || feeds::search_index(site), sink),
    ];
    for file in feeds::sitemap_files(site) {
        files.push(feed_file(keying, &file, slugs_and_dates, || feeds::sitemap(site, &file), sink));
    }
    files
}

/// Renders one of the feeds unless its `inputs` hash as when the previous build wrote it.
fn feed_file(
    keying: Option<Keying>,
    file: &str,
    inputs: impl Hash,
    render: impl FnOnce() -> String,
    sink: &dyn Sink,
) -> JobResult {
    let key = keying.map(|keying| (keying, hash_of((keying.base, inputs))));
    if let Some((keying, key)) = key {
        if skippable(keying, file, key, sink)? {
            return Ok(Some((file.to_string(), key)));
        }
    }
    put(sink, file, render())?;
    Ok(key.map(|(_, key)| (file.to_string(), key)))
}

/// The `site` view every template gets.
fn site_view(site: &Site) -> SiteView {
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
            search_index: urls.path("search-index.json"),
        },
        pages: site
            .pages
            .iter()
            .map(|p| LinkView { title: p.doc.meta.title.clone(), url: urls.path(&page_path(&p.doc.slug)) })
            .collect(),
    }
}

/// The reader-facing view of a cited source.
pub fn source_view(source: &SourceRef) -> SourceView {
    SourceView { title: source.title.clone(), url: source.url.clone(), publisher: publisher(&source.url) }
}

/// The host of a URL without `www.`, used to group sources by publisher.
pub fn publisher(url: &str) -> String {
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    let host = after_scheme.split(['/', '?', '#']).next().unwrap_or("");
    host.trim_start_matches("www.").to_string()
}

fn term_ref(site: &Site, term: usize) -> TermRefView {
    let entry = &site.glossary.terms[term];
    TermRefView {
        slug: entry.slug.clone(),
        term: entry.name.clone(),
        short: entry.short.clone(),
        url: entry.url.clone(),
        article_count: site.article_counts[term],
    }
}

fn key_terms(site: &Site, limit: usize) -> Vec<TermRefView> {
    let mut terms: Vec<TermRefView> =
        (0..site.terms.len()).map(|i| term_ref(site, i)).filter(|t| t.article_count > 0).collect();
    terms.sort_by(|a, b| {
        b.article_count.cmp(&a.article_count).then_with(|| a.term.to_lowercase().cmp(&b.term.to_lowercase()))
    });
    terms.truncate(limit);
    terms
}

fn verdict_counts(article: &Article) -> Vec<VerdictCount> {
    let claims = &article.doc.meta.claims;
    Verdict::ALL
        .iter()
        .map(|&verdict| VerdictCount {
            verdict: verdict.name().into(),
            label: verdict.label().into(),
            count: claims.values().filter(|c| c.verdict == verdict).count(),
        })
        .filter(|count| count.count > 0)
        .collect()
}

/// How many articles a home page lists: `paginate`, or all of them when it is 0.
fn articles_per_page(site: &Site) -> usize {
    crate::model::limit(site.config.paginate)
}

/// How many home pages list the articles, at least one.
fn home_pages(site: &Site) -> usize {
    site.articles.len().div_ceil(articles_per_page(site)).max(1)
}

/// The site path of the home page of this number, from 0: `` (the root), then `page/2/`, …
fn home_path(number: usize) -> String {
    if number == 0 {
        String::new()
    } else {
        format!("page/{}/", number + 1)
    }
}

fn card(site: &Site, article: &Article) -> ArticleCardView {
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
            published: s.published.as_ref().map(ToString::to_string),
        }),
        verdicts: verdict_counts(article),
        claim_count: meta.claims.len(),
        reading_minutes: article.body.word_count.div_ceil(WORDS_PER_MINUTE).max(1),
    }
}

fn article_view(site: &Site, index: usize) -> ArticleView {
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
                excerpt: used.excerpt.clone(),
                anchor: format!("claim-{}", used.id),
                note_html: crate::render::render_plain(&claim.note, false, site.config.safe, plain_links),
                sources: claim.sources.iter().map(source_view).collect(),
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
        corrections,
        word_count: article.body.word_count,
        toc: article.body.toc.clone(),
        content: article.body.html.clone(),
        has_code: article.body.has_code,
        claims,
        notes: article.body.notes.clone(),
        terms: terms_seen.into_iter().map(|t| term_ref(site, t)).collect(),
        previous: (index + 1 < site.articles.len()).then(|| neighbour(index + 1)),
        next: index.checked_sub(1).map(neighbour),
    }
}

fn term_view(site: &Site, index: usize) -> TermView {
    let term = &site.terms[index];
    let meta = &term.doc.meta;
    let limit = crate::model::limit(site.config.term_mentions);
    // Backlinks are in article order: the first `limit` distinct articles are the newest.
    let mut seen = 0;
    let mut last_article = None;
    let listed = site.backlinks[index].iter().take_while(|b| {
        if last_article != Some(b.article) {
            last_article = Some(b.article);
            seen += 1;
        }
        seen <= limit
    });
    let mentions = listed
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
        content: term.body.html.clone(),
        has_code: term.body.has_code,
        see_also: {
            // The term itself and repeats are warned about and not shown.
            let mut listed = std::collections::HashSet::from([index]);
            let related = meta.see_also.iter().filter_map(|slug| site.glossary.by_slug(slug));
            related.filter(|t| listed.insert(*t)).map(|t| term_ref(site, t)).collect()
        },
        sources: meta.sources.iter().map(source_view).collect(),
        mentions,
        listed_articles: site.article_counts[index].min(limit),
    }
}

fn letter_groups(site: &Site) -> Vec<LetterGroup> {
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

fn publisher_groups(site: &Site) -> Vec<PublisherGroup> {
    let mut by_url: BTreeMap<String, CitedSourceView> = BTreeMap::new();
    let mut cite = |source: &SourceRef, citation: CitationView| {
        let entry = by_url
            .entry(source.url.clone())
            .or_insert_with(|| CitedSourceView { source: source_view(source), cited_by: Vec::new() });
        if !entry.cited_by.iter().any(|c| c.url == citation.url) {
            entry.cited_by.push(citation);
        }
    };
    for article in &site.articles {
        let url = site.urls.path(&article_path(&article.doc.slug));
        for used in &article.body.claims {
            if let Some(claim) = article.doc.meta.claims.get(&used.id) {
                for source in &claim.sources {
                    let title = format!("Claim in “{}”: {}", article.doc.meta.title, used.excerpt);
                    cite(source, CitationView { title, url: format!("{url}#claim-{}", used.id) });
                }
            }
        }
    }
    for term in &site.terms {
        for source in &term.doc.meta.sources {
            let title = format!("Glossary: {}", term.doc.meta.term);
            cite(source, CitationView { title, url: site.urls.path(&term_path(&term.doc.slug)) });
        }
    }
    let mut groups: BTreeMap<String, Vec<CitedSourceView>> = BTreeMap::new();
    for (_, source) in by_url {
        groups.entry(source.source.publisher.clone()).or_default().push(source);
    }
    groups
        .into_iter()
        .map(|(publisher, mut sources)| {
            sources.sort_by(|a, b| a.source.title.cmp(&b.source.title));
            PublisherGroup { publisher, sources }
        })
        .collect()
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
