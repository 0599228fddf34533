//! Every key the cache reuses things by, in one place: each is the hash of a typed value holding
//! exactly what the thing it keys is made from, so two equal keys mean equal results.
//!
//! - A rendered body: its document's path and text, the [`render_environment`] and the glosa
//!   executable ([`body_key`]), the one-sentence definitions of the terms it mentions, which
//!   its popovers show ([`definitions_key`]), and the registry entries it cites by key
//!   ([`body_environment`]).
//! - A file of the output: the typed input the theme renders it from ([`file_key`]): a page's
//!   views, the `site` view and the theme; a feed's, the search index's or a sitemap file's
//!   front matter and URLs.
//! - The tags and authors of a rebuild: the previous build's when each article lists the same
//!   ones ([`taxonomy_key`]).
//! - Whether a rebuild may render some pages only: the [`site_shape`], what every page shows
//!   besides its own document.

use crate::dates::Date;
use crate::hash::hash_of;
use crate::images::ImageTable;
use crate::load::Content;
use crate::model::{SiteConfig, Urls};
use crate::render::Rendered;
use crate::resolve::Glossary;
use crate::theme::pages::Input;
use std::path::Path;

/// Everything that rendering a document reads besides its own text and the definitions of the
/// terms it mentions.
#[derive(Hash)]
struct RenderEnvironment<'a> {
    /// Of the base URL only the path counts: rendered links are root-relative.
    base_path: &'a str,
    autolink: bool,
    safe: bool,
    /// The element ids the page reserves (`RenderContext::reserved_ids`).
    reserved_ids: &'a [&'a str],
    /// Each term's slug (its URL and its number), name and aliases, and its `autolink` and
    /// `match_case`: what mentions are found by.
    terms: Vec<(&'a str, &'a str, &'a [String], Matching)>,
    /// Every picture's size, variants and problem, which its `<img>` shows.
    images: &'a ImageTable,
}

/// A term's `autolink` and `match_case`.
type Matching = (Option<bool>, bool);

/// A fingerprint of everything that rendering any document reads besides its own text and the
/// definitions of the terms it mentions (see [`definitions_key`]).
pub fn render_environment(content: &Content, urls: &Urls, reserved_ids: &[&str], images: &ImageTable) -> u64 {
    let terms = content.terms.iter().map(|term| {
        let meta = &term.meta;
        (&*term.slug, &*meta.term, &meta.aliases[..], (meta.autolink, meta.match_case))
    });
    hash_of(RenderEnvironment {
        base_path: urls.base_path(),
        autolink: content.config.autolink,
        safe: content.config.safe,
        reserved_ids,
        terms: terms.collect(),
        images,
    })
}

/// The key a document's body is kept under on disk: its path and text, the render environment,
/// and `salt`, the glosa executable (bodies rendered by another glosa are never reused).
pub fn body_key(salt: u64, path: &Path, text: &str, environment: u64) -> u64 {
    hash_of((salt, path, text, environment))
}

/// The environment a body is kept on disk under: the [`render_environment`], and for a document
/// citing registry entries, the hash of those entries (its `sources_key`), so that a body showing
/// an entry as it was is never taken for one showing it as it is.
pub fn body_environment(environment: u64, sources_key: u64) -> u64 {
    if sources_key == 0 {
        environment
    } else {
        hash_of((environment, sources_key))
    }
}

/// A hash of the one-sentence definitions of the terms a body mentions (its popovers show them).
pub fn definitions_key(body: &Rendered, glossary: &Glossary) -> u64 {
    hash_of(body.mentions.iter().map(|m| glossary.terms.get(m.term).map(|term| &term.short)).collect::<Vec<_>>())
}

/// The key of a file of the output: the hash of the input it is rendered from.
pub fn file_key(input: &Input) -> u64 {
    hash_of(input)
}

/// A fingerprint of the tags and authors of each article, in site order: what the site's
/// taxonomies are made from.
pub fn taxonomy_key(content: &Content) -> u64 {
    hash_of(content.articles.iter().map(|a| (&a.meta.tags[..], &a.meta.authors[..])).collect::<Vec<_>>())
}

/// What every page shows besides its own document.
#[derive(Hash)]
struct SiteShape<'a> {
    /// [`render_environment`].
    environment: u64,
    /// The theme's fingerprint.
    theme: u64,
    config: &'a SiteConfig,
    /// Each article's slug, title, date, tags and authors, in site order (the home pages, the
    /// neighbours, the tag and author pages listing it).
    articles: Vec<ArticleShape<'a>>,
    /// Each page's slug and title (the navigation).
    pages: Vec<(&'a str, &'a str)>,
    /// Each author bio's slug and text (shown on the author's pages, a Person in JSON-LD).
    bios: Vec<(&'a str, &'a str)>,
}

/// What the site's shape holds of one article: slug, title, date, tags and authors.
type ArticleShape<'a> = (&'a str, &'a str, Date, &'a [String], &'a [String]);

/// A fingerprint of what every page shows besides its own document: config, theme, glossary
/// environment, the titles and dates of all articles and pages, and the tags and authors of
/// the articles (which tag and author pages list each article).
pub fn site_shape(content: &Content, environment: u64, theme: u64) -> u64 {
    let articles =
        content.articles.iter().map(|a| (&*a.slug, &*a.meta.title, a.meta.date, &a.meta.tags[..], &a.meta.authors[..]));
    let pages = content.pages.iter().map(|p| (&*p.slug, &*p.meta.title));
    hash_of(SiteShape {
        environment,
        theme,
        config: &content.config,
        articles: articles.collect(),
        pages: pages.collect(),
        bios: content.authors.iter().map(|b| (&*b.slug, &*b.file.text)).collect(),
    })
}
