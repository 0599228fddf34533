//! Theme stage: the files of the site — which a build has, what each is rendered from, with
//! which template, at which path — and the rendering of one. [`Pages::jobs`] lists the files of
//! a build, [`Pages::input`] gives the typed input a file is rendered from and
//! [`Pages::render`] renders it; the build's cache decides which to render, keeping
//! the others as an earlier build wrote them. Each page gets a small context: the shared `site`
//! view plus the page's own views, made from the [`Site`] by [`super::site_views`].
//!
//! A new kind of page is a [`PageJob`], the views it shows (a `PageData`) and its arm in
//! `page_spec`.

use super::feeds::{self, AtomInput, Sitemap, SitemapInput};
use super::search::SearchIndex;
use super::site_views::{
    article_view, bio, card, claim_entries, key_terms, letter_groups, site_view, taxon_ref, taxonomy, term_view,
};
use super::source_pages::{SourceListings, SourcesPage};
use super::views::*;
use super::Theme;
use crate::diagnostic::Diagnostic;
use crate::model::Verdict;
use crate::render::Rendered;
use crate::resolve::taxonomy::{index_path, taxon_path, Kind};
use crate::resolve::{article_path, page_path, term_path};
use crate::site::Site;
use std::collections::BTreeSet;
use std::sync::Arc;

/// Which pages a build renders.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PageSelection {
    /// Every page.
    All,
    /// The pages that may show these articles, terms and pages (by index), of a site whose
    /// listings hold the same articles in the same places as before: the first home page and
    /// those listing these articles, the glossary and taxonomy pages, the sources index and the
    /// sources pages showing `sources` (all of them when it is `None`), the pages of each
    /// tag and author listing one of these articles, and the claims pages listing one (all of
    /// them unless `claims_as_before`), plus these articles, terms and pages.
    Some {
        /// Indices into `Site::articles`.
        articles: BTreeSet<usize>,
        /// Indices into `Site::terms`.
        terms: BTreeSet<usize>,
        /// Indices into `Site::pages`.
        pages: BTreeSet<usize>,
        /// Whether each of `articles` marks as many claims of each verdict as before, so the
        /// claims listings hold the same articles in the same places, with the same counts.
        claims_as_before: bool,
        /// The sources (indices into the [`SourceListings`]) whose pages may change: those the
        /// documents rendered afresh cite, when the sources pages list the same sources in the
        /// same places with as many citations each as before; `None` for every sources page.
        sources: Option<BTreeSet<usize>>,
    },
}

/// One file the theme makes: a page, the feed, a file of the search index or of the sitemap.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Job {
    /// A page rendered with a template.
    Page(PageJob),
    /// `atom.xml`.
    Atom,
    /// The feed of the tag or author of this index (`tags/<slug>/atom.xml`).
    TaxonFeed(Kind, usize),
    /// The file of this number of the search index ([`SearchIndex::files`]).
    Search(usize),
    /// The sitemap file of this number ([`Sitemap::files`]).
    Sitemap(usize),
}

/// A page of the site.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageJob {
    /// The home page of this number, from 0 (`/`, then `/page/2/`, …).
    Home(usize),
    /// The glossary index.
    Glossary,
    /// A sources page: the index of the publishers, a page of a publisher's sources or of the
    /// places citing one source.
    Sources(SourcesPage),
    /// The 404 page.
    NotFound,
    /// The page of the article of this index in `Site::articles`.
    Article(usize),
    /// The page of the term of this index in `Site::terms`.
    Term(usize),
    /// The free-standing page of this index in `Site::pages`.
    Page(usize),
    /// The index of the tags or of the authors.
    Taxonomy(Kind),
    /// The page of this number, from 0, of the tag or author of this index.
    Taxon(Kind, usize, usize),
    /// The page of this number, from 0, of the claims index: every claim, or one verdict's.
    Claims(Option<Verdict>, usize),
}

impl Job {
    /// Whether the file shows more than one document of the site — the home pages, the glossary
    /// and sources pages, a term's page with the articles mentioning it, the feeds — and may so
    /// change when another document than its own does.
    pub fn is_listing(self) -> bool {
        !matches!(self, Job::Page(PageJob::Article(_) | PageJob::Page(_) | PageJob::NotFound))
    }
}

/// What one file is rendered from. Its `Hash` covers everything [`Pages::render`] reads for
/// it, so two inputs that hash alike give the same file: the cache keys files by it.
#[derive(Hash)]
pub enum Input<'p> {
    /// A page: the site view and theme every page shows, and its own views.
    Page {
        /// The `site` view.
        site: &'p SiteView,
        /// [`Theme::fingerprint`]: the templates.
        theme: u64,
        /// The page's own views, template and path.
        spec: Box<PageSpec>,
    },
    /// The Atom feed.
    Atom(AtomInput<'p>),
    /// A file of the search index: its path and text.
    Search(&'p str, &'p str),
    /// A file of the sitemap, by name.
    Sitemap(&'p str, SitemapInput<'p>),
}

impl Input<'_> {
    /// The file's path in the output folder (`articles/x/index.html`, `atom.xml`).
    pub fn file(&self) -> String {
        match self {
            Input::Page { spec, .. } if spec.path.is_empty() || spec.path.ends_with('/') => {
                format!("{}index.html", spec.path)
            }
            Input::Page { spec, .. } => spec.path.clone(),
            Input::Atom(input) => input.path().to_string(),
            Input::Search(name, _) => name.to_string(),
            Input::Sitemap(name, _) => name.to_string(),
        }
    }
}

/// The files of one build of a site with a theme.
pub struct Pages<'a> {
    site: &'a Site,
    theme: &'a Theme,
    view: SiteView,
    /// The template context every page starts from: the `site` view.
    base: tera::Context,
    sitemap: Sitemap<'a>,
    search: Arc<SearchIndex>,
    claims: ClaimListings,
    sources: &'a SourceListings,
}

/// What the claims pages are paged by, counted once per build: for every claim and for each
/// verdict, the articles marking such claims.
struct ClaimListings {
    /// The articles (indices, newest first) marking a claim: of any verdict first, then of
    /// each of [`Verdict::ALL`].
    articles: [Vec<usize>; 6],
    /// How many claims there are of each of [`Verdict::ALL`].
    counts: [usize; 5],
}

impl ClaimListings {
    fn of(site: &Site) -> Self {
        let mut articles: [Vec<usize>; 6] = Default::default();
        let mut counts = [0; 5];
        for (index, article) in site.articles.iter().enumerate() {
            let marked = article.marked_verdicts();
            if marked.iter().any(|&count| count > 0) {
                articles[0].push(index);
            }
            for ((list, count), marked) in articles[1..].iter_mut().zip(&mut counts).zip(marked) {
                if marked > 0 {
                    list.push(index);
                    *count += marked;
                }
            }
        }
        ClaimListings { articles, counts }
    }

    /// The articles whose claims the pages of `filter` list.
    fn articles(&self, filter: Option<Verdict>) -> &[usize] {
        &self.articles[filter_index(filter)]
    }
}

/// 0 for every claim, else 1 + the verdict's place in [`Verdict::ALL`].
fn filter_index(filter: Option<Verdict>) -> usize {
    filter.map_or(0, |verdict| 1 + Verdict::ALL.iter().position(|v| *v == verdict).unwrap_or(0))
}

impl<'a> Pages<'a> {
    /// The files of `site` rendered with `theme`; `search` is the site's search index
    /// ([`SearchIndex::of`], or one kept from a build with the same titles and summaries),
    /// `sources` what its sources pages list ([`SourceListings::of`]).
    pub fn new(site: &'a Site, theme: &'a Theme, search: Arc<SearchIndex>, sources: &'a SourceListings) -> Self {
        let view = site_view(site);
        let mut base = tera::Context::new();
        base.insert("site", &view);
        let sitemap = Sitemap::of(site, sources);
        Pages { site, theme, view, base, sitemap, search, claims: ClaimListings::of(site), sources }
    }

    /// The files a build of `selection` makes (the feeds, the search index and the sitemap
    /// always), the longest first: the feeds, the listings, the term pages with their
    /// backlinks, so the many short article pages come last and the threads run out of work
    /// together.
    pub fn jobs(&self, selection: &PageSelection) -> Vec<Job> {
        let site = self.site;
        let per_page = articles_per_page(site);
        let mut pages = match selection {
            PageSelection::All => (0..home_pages(site)).map(PageJob::Home).collect(),
            // Within one site shape the articles stay on their pages, so a later home page
            // changes only with an article it lists; the first also shows the intro and key terms.
            PageSelection::Some { articles, .. } => {
                let mut numbers = BTreeSet::from([0]);
                numbers.extend(articles.iter().map(|article| article / per_page));
                numbers.into_iter().map(PageJob::Home).collect::<Vec<_>>()
            }
        };
        pages.push(PageJob::Glossary);
        let sources = match selection {
            PageSelection::Some { sources: Some(shown), .. } => self.sources.pages_showing(shown),
            _ => self.sources.pages(),
        };
        pages.extend(sources.into_iter().map(PageJob::Sources));
        pages.extend(Kind::ALL.map(PageJob::Taxonomy));
        for filter in std::iter::once(None).chain(Verdict::ALL.map(Some)) {
            let listed = self.claims.articles(filter);
            let numbers: Vec<usize> = match selection {
                PageSelection::Some { articles, claims_as_before: true, .. } => {
                    pages_listing(listed, articles, per_page)
                }
                _ => (0..listing_pages(listed.len(), per_page)).collect(),
            };
            pages.extend(numbers.into_iter().map(|number| PageJob::Claims(filter, number)));
        }
        let mut feeds = Vec::new();
        for kind in Kind::ALL {
            let taxa = &taxonomy(site, kind).taxa;
            match selection {
                PageSelection::All => {
                    for (index, taxon) in taxa.iter().enumerate() {
                        let total = listing_pages(taxon.articles.len(), per_page);
                        pages.extend((0..total).map(|number| PageJob::Taxon(kind, index, number)));
                        feeds.push(Job::TaxonFeed(kind, index));
                    }
                }
                // Within one site shape each tag and author lists the same articles in the
                // same places: only its pages listing an edited article may change.
                PageSelection::Some { articles, .. } => {
                    let listing = articles
                        .iter()
                        .flat_map(|&article| taxonomy(site, kind).of_article(kind, &site.articles[article].doc.meta));
                    for index in listing.collect::<BTreeSet<usize>>() {
                        let numbers = pages_listing(&taxa[index].articles, articles, per_page);
                        pages.extend(numbers.into_iter().map(|number| PageJob::Taxon(kind, index, number)));
                        feeds.push(Job::TaxonFeed(kind, index));
                    }
                }
            }
        }
        match selection {
            PageSelection::All => {
                pages.extend((0..site.terms.len()).map(PageJob::Term));
                pages.extend((0..site.articles.len()).map(PageJob::Article));
                pages.extend((0..site.pages.len()).map(PageJob::Page));
                pages.push(PageJob::NotFound);
            }
            PageSelection::Some { articles, terms, pages: standalone, .. } => {
                pages.extend(terms.iter().copied().map(PageJob::Term));
                pages.extend(articles.iter().copied().map(PageJob::Article));
                pages.extend(standalone.iter().copied().map(PageJob::Page));
            }
        }
        let mut jobs = vec![Job::Atom];
        jobs.extend((0..self.search.files().len()).map(Job::Search));
        jobs.extend((0..self.sitemap.files().len()).map(Job::Sitemap));
        jobs.extend(feeds);
        jobs.extend(pages.into_iter().map(Job::Page));
        jobs
    }

    /// The files of the search index this build writes.
    pub fn search(&self) -> &SearchIndex {
        &self.search
    }

    /// What `job`'s file is rendered from; an error when a body set aside on disk cannot be
    /// read back (see [`crate::render::spill`]).
    pub fn input(&self, job: Job) -> Result<Input<'_>, Diagnostic> {
        Ok(match job {
            Job::Page(page) => Input::Page {
                site: &self.view,
                theme: self.theme.fingerprint,
                spec: Box::new(page_spec(self.site, (&self.claims, self.sources), page)?),
            },
            Job::Atom => Input::Atom(AtomInput::of(self.site)),
            Job::Search(file) => {
                let (name, text) = &self.search.files()[file];
                Input::Search(name, text)
            }
            Job::TaxonFeed(kind, index) => Input::Atom(AtomInput::of_taxon(self.site, kind, index)),
            Job::Sitemap(file) => Input::Sitemap(&self.sitemap.files()[file], self.sitemap.input(file)),
        })
    }

    /// The file `input` describes (the input of one of these pages, see [`Pages::input`]).
    pub fn render(&self, input: &Input) -> Result<String, Diagnostic> {
        match input {
            Input::Page { spec, .. } => {
                let urls = &self.site.urls;
                let mut ctx = self.base.clone();
                spec.data.insert_into(&mut ctx);
                ctx.insert("page_kind", spec.kind);
                ctx.insert("current_url", &urls.path(&spec.path));
                ctx.insert("permalink", &urls.permalink(&spec.path));
                ctx.insert("meta_description", &spec.description);
                ctx.insert("jsonld", &spec.jsonld);
                if let Some(title) = &spec.title {
                    ctx.insert("page_title", title);
                }
                self.theme.render(spec.template, &ctx)
            }
            Input::Atom(input) => Ok(feeds::atom(input)),
            Input::Search(_, text) => Ok(text.to_string()),
            Input::Sitemap(_, input) => Ok(feeds::sitemap(input)),
        }
    }
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
        letters: Vec<PublisherLetterView>,
        publisher_count: usize,
        source_count: usize,
    },
    Publisher {
        publisher: PublisherRefView,
        sources: Vec<ListedSourceView>,
        pagination: PaginationView,
    },
    Source {
        publisher: PublisherRefView,
        source: ListedSourceView,
        pagination: PaginationView,
    },
    NotFound,
    Article(Box<ArticleView>),
    Term(TermView),
    Page(StandalonePageView),
    Taxonomy {
        kind: &'static str,
        entries: Vec<TaxonRefView>,
    },
    Taxon {
        kind: &'static str,
        taxon: TaxonView,
        articles: Vec<ArticleCardView>,
        pagination: PaginationView,
    },
    Claims {
        filters: Vec<ClaimFilterView>,
        claims: Vec<ClaimEntryView>,
        pagination: PaginationView,
    },
}

/// One page: its views and the template, path, description and JSON-LD they are shown with.
#[derive(Hash)]
pub struct PageSpec {
    data: PageData,
    kind: &'static str,
    template: &'static str,
    path: String,
    description: String,
    jsonld: String,
    /// The page's title for `<title>`, for the kinds whose template does not say it itself.
    title: Option<String>,
}

/// The HTML of a document's body (of the file at `path`), or the error of reading it back.
fn body_html(site: &Site, body: &Rendered, path: &std::path::Path) -> Result<String, Diagnostic> {
    site.html_of(body).map_err(|error| {
        Diagnostic::error("io", path, format!("cannot read back the rendered body this build set aside: {error}"))
            .with_help("check that the system's temporary folder has room and is readable, and build again")
    })
}

fn page_spec(
    site: &Site,
    (claims, sources): (&ClaimListings, &SourceListings),
    job: PageJob,
) -> Result<PageSpec, Diagnostic> {
    let spec = |data, kind, template, path, description, jsonld| PageSpec {
        data,
        kind,
        template,
        path,
        description,
        jsonld,
        title: None,
    };
    Ok(match job {
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
                intro: match intro {
                    Some(i) => body_html(site, &i.body, &i.doc.file.path)?,
                    None => String::new(),
                },
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
        PageJob::Sources(page) => sources_spec(site, sources, page),
        PageJob::NotFound => {
            spec(PageData::NotFound, "404", "404.html", "404.html".into(), "Page not found".into(), String::new())
        }
        PageJob::Article(i) => {
            let article = &site.articles[i];
            let view = article_view(site, i, body_html(site, &article.body, &article.doc.file.path)?);
            let description = view.card.summary.clone();
            let jsonld = feeds::article_jsonld(site, &view);
            let path = article_path(&article.doc.slug);
            spec(PageData::Article(Box::new(view)), "article", "article.html", path, description, jsonld)
        }
        PageJob::Term(i) => {
            let term = &site.terms[i];
            let view = term_view(site, i, body_html(site, &term.body, &term.doc.file.path)?);
            let description = view.term.short.clone();
            let jsonld = feeds::term_jsonld(site, &view);
            let path = term_path(&term.doc.slug);
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
                content: body_html(site, &page.body, &page.doc.file.path)?,
                show_contact: page.doc.meta.contact && site.config.contact.is_some(),
                has_code: page.body.has_code,
                toc: page.body.toc.clone(),
                notes: page.body.notes.clone(),
            };
            spec(PageData::Page(view), "page", "page.html", path, page.doc.meta.summary.clone(), String::new())
        }
        PageJob::Taxonomy(kind) => {
            let entries = (0..taxonomy(site, kind).taxa.len()).map(|i| taxon_ref(site, kind, i)).collect();
            let title = taxonomy_title(kind);
            let description = format!("{title} of the articles of {}", site.config.title);
            let data = PageData::Taxonomy { kind: kind.key(), entries };
            let path = index_path(kind);
            PageSpec {
                title: Some(title.into()),
                ..spec(data, "taxonomy", "taxonomy.html", path, description, String::new())
            }
        }
        PageJob::Taxon(kind, index, number) => {
            let taxon = &taxonomy(site, kind).taxa[index];
            let base = taxon_path(kind, &taxon.slug);
            let per_page = articles_per_page(site);
            let total = listing_pages(taxon.articles.len(), per_page);
            let listed = taxon.articles.iter().skip(number.saturating_mul(per_page)).take(per_page);
            let bio = (kind == Kind::Authors).then(|| bio(site, &taxon.slug)).flatten();
            let mut reference = taxon_ref(site, kind, index);
            if let Some(bio) = bio {
                reference.name = bio.doc.meta.name.clone();
            }
            let view = TaxonView {
                taxon: reference,
                permalink: site.urls.permalink(&base),
                feed: site.urls.path(&format!("{base}atom.xml")),
                bio: match bio {
                    Some(b) => body_html(site, &b.body, &b.doc.file.path)?,
                    None => String::new(),
                },
                homepage: bio.and_then(|b| b.doc.meta.url.clone()),
                links: bio.map_or_else(Vec::new, |b| {
                    b.doc.meta.links.iter().map(|l| LinkView { title: l.title.clone(), url: l.url.clone() }).collect()
                }),
            };
            let mut title = match kind {
                Kind::Tags => format!("Articles tagged “{}”", taxon.name),
                Kind::Authors => format!("Articles annotated by {}", taxon.name),
            };
            if number > 0 {
                title = format!("{title}, page {} of {total}", number + 1);
            }
            let description = format!("{title}, from {}", site.config.title);
            let data = PageData::Taxon {
                kind: kind.key(),
                taxon: view,
                articles: listed.map(|&a| card(site, &site.articles[a])).collect(),
                pagination: pagination(site, number, total, |n| paged(&base, n)),
            };
            let path = paged(&base, number);
            PageSpec { title: Some(title), ..spec(data, "taxon", "taxon.html", path, description, String::new()) }
        }
        PageJob::Claims(filter, number) => {
            let base = claims_path(filter);
            let per_page = articles_per_page(site);
            let articles = claims.articles(filter);
            let total = listing_pages(articles.len(), per_page);
            let listed: BTreeSet<usize> =
                articles.iter().skip(number.saturating_mul(per_page)).take(per_page).copied().collect();
            let entries: Vec<ClaimEntryView> = claim_entries(site, filter, &listed);
            let all = ClaimFilterView {
                verdict: String::new(),
                label: "All claims".into(),
                icon: String::new(),
                url: site.urls.path(&claims_path(None)),
                count: claims.counts.iter().sum(),
                current: filter.is_none(),
            };
            let by_verdict = Verdict::ALL.iter().zip(claims.counts).map(|(&verdict, count)| ClaimFilterView {
                verdict: verdict.name().into(),
                label: verdict.label().into(),
                icon: verdict.icon().into(),
                url: site.urls.path(&claims_path(Some(verdict))),
                count,
                current: filter == Some(verdict),
            });
            let mut title = match filter {
                None => "Claims checked".to_string(),
                Some(verdict) => format!("Claims checked: {}", verdict.label().to_lowercase()),
            };
            if number > 0 {
                title = format!("{title}, page {} of {total}", number + 1);
            }
            let description = format!("{title} by {}, newest first", site.config.title);
            let jsonld = feeds::claims_jsonld(site, &title, &site.urls.permalink(&paged(&base, number)), &entries);
            let data = PageData::Claims {
                filters: std::iter::once(all).chain(by_verdict).collect(),
                claims: entries,
                pagination: pagination(site, number, total, |n| paged(&base, n)),
            };
            let path = paged(&base, number);
            PageSpec { title: Some(title), ..spec(data, "claims", "claims.html", path, description, jsonld) }
        }
    })
}

/// A sources page: the index of the publishers, a page of one's sources, or a page of the places
/// citing one source.
fn sources_spec(site: &Site, sources: &SourceListings, page: SourcesPage) -> PageSpec {
    let path = sources.path(page);
    let (data, kind, template, title) = match page {
        SourcesPage::Index => {
            let data = PageData::Sources {
                letters: sources.letters(site),
                publisher_count: sources.publisher_count(),
                source_count: sources.source_count(),
            };
            (data, "sources", "sources.html", None)
        }
        SourcesPage::Publisher(index, number) => {
            let publisher = sources.publisher_ref(site, index);
            let total = sources.publisher_pages(index);
            let mut title = format!("Sources from {}", publisher.name);
            if number > 0 {
                title = format!("{title}, page {} of {total}", number + 1);
            }
            let base = sources.path(SourcesPage::Publisher(index, 0));
            let data = PageData::Publisher {
                sources: sources.publisher_page(site, index, number),
                publisher,
                pagination: pagination(site, number, total, |n| paged(&base, n)),
            };
            (data, "publisher", "publisher.html", Some(title))
        }
        SourcesPage::Source(index, number) => {
            let publisher = sources.publisher_ref(site, sources.publisher_of(index));
            let source = sources.source_page(site, index, number);
            let total = sources.source_page_count(index);
            let mut title = format!("Where we cite “{}”", source.source.title);
            if number > 0 {
                title = format!("{title}, page {} of {total}", number + 1);
            }
            let base = sources.path(SourcesPage::Source(index, 0));
            let pagination = pagination(site, number, total, |n| paged(&base, n));
            (PageData::Source { publisher, source, pagination }, "source", "source.html", Some(title))
        }
    };
    let description = match &title {
        Some(title) => format!("{title}, as cited by {}", site.config.title),
        None => format!("Every source cited by {}, by publisher", site.config.title),
    };
    PageSpec { data, kind, template, path, description, jsonld: String::new(), title }
}

/// What the index of `kind` is called.
fn taxonomy_title(kind: Kind) -> &'static str {
    match kind {
        Kind::Tags => "Tags",
        Kind::Authors => "Authors",
    }
}

/// Where the page numbered `number` (from 0) of a listing stands among its `total` pages.
fn pagination(site: &Site, number: usize, total: usize, path: impl Fn(usize) -> String) -> PaginationView {
    PaginationView {
        current: number + 1,
        total,
        previous: (number > 0).then(|| site.urls.path(&path(number - 1))),
        next: (number + 1 < total).then(|| site.urls.path(&path(number + 1))),
    }
}

/// The site path of the page numbered `number` (from 0) of a listing at `base`: `base` itself,
/// then `base` + `page/2/`, …
pub(super) fn paged(base: &str, number: usize) -> String {
    if number == 0 {
        base.to_string()
    } else {
        format!("{base}page/{}/", number + 1)
    }
}

/// The site path of the claims index (`claims/`) or of one verdict's claims (`claims/accurate/`).
pub fn claims_path(filter: Option<Verdict>) -> String {
    match filter {
        None => "claims/".into(),
        Some(verdict) => format!("claims/{}/", verdict.name()),
    }
}

/// The numbers of the pages of a listing of `listed` (article indices, in the listing's order,
/// `per_page` to a page) that list one of `articles`.
fn pages_listing(listed: &[usize], articles: &BTreeSet<usize>, per_page: usize) -> Vec<usize> {
    let places = listed.iter().enumerate().filter(|(_, article)| articles.contains(article));
    let numbers: BTreeSet<usize> = places.map(|(place, _)| place / per_page).collect();
    numbers.into_iter().collect()
}

/// How many pages list `count` articles at most `per_page` to a page: at least one.
pub(super) fn listing_pages(count: usize, per_page: usize) -> usize {
    count.div_ceil(per_page).max(1)
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
            PageData::Sources { letters, publisher_count, source_count } => {
                ctx.insert("letters", letters);
                ctx.insert("publisher_count", publisher_count);
                ctx.insert("source_count", source_count);
            }
            PageData::Publisher { publisher, sources, pagination } => {
                ctx.insert("publisher", publisher);
                ctx.insert("sources", sources);
                ctx.insert("pagination", pagination);
            }
            PageData::Source { publisher, source, pagination } => {
                ctx.insert("publisher", publisher);
                ctx.insert("source", source);
                ctx.insert("pagination", pagination);
            }
            PageData::NotFound => {}
            PageData::Article(view) => ctx.insert("page", view),
            PageData::Term(view) => ctx.insert("page", view),
            PageData::Page(view) => ctx.insert("page", view),
            PageData::Taxonomy { kind, entries } => {
                ctx.insert("kind", kind);
                ctx.insert("entries", entries);
            }
            PageData::Taxon { kind, taxon, articles, pagination } => {
                ctx.insert("kind", kind);
                ctx.insert("taxon", taxon);
                ctx.insert("articles", articles);
                ctx.insert("pagination", pagination);
            }
            PageData::Claims { filters, claims, pagination } => {
                ctx.insert("filters", filters);
                ctx.insert("claims", claims);
                ctx.insert("pagination", pagination);
            }
        }
    }
}

/// How many articles a home page lists: `paginate`, or all of them when it is 0.
fn articles_per_page(site: &Site) -> usize {
    crate::model::limit(site.config.paginate)
}

/// How many home pages list the articles, at least one.
fn home_pages(site: &Site) -> usize {
    listing_pages(site.articles.len(), articles_per_page(site))
}

/// The site path of the home page of this number, from 0: `` (the root), then `page/2/`, …
fn home_path(number: usize) -> String {
    if number == 0 {
        String::new()
    } else {
        format!("page/{}/", number + 1)
    }
}
