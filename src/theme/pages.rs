//! Theme stage: the pages of the site — which to render, with which template, at which path —
//! rendered with the theme in parallel, each from the typed views [`super::site_views`] makes
//! of the [`Site`]. Each render gets a small context: the shared `site` view plus the page's own
//! view.

use super::feeds;
use super::site_views::{article_view, card, key_terms, letter_groups, publisher_groups, site_view, term_view};
use super::views::*;
use super::Theme;
use crate::cache::PageSelection;
use crate::diagnostic::Diagnostic;
use crate::hash::hash_of;
use crate::output::Sink;
use crate::resolve::{article_path, page_path, term_path};
use crate::site::Site;
use rayon::prelude::*;
use std::collections::{BTreeSet, HashMap};
use std::hash::Hash;

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
