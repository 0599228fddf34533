//! Theme stage: the typed, serialisable views that templates receive.
//!
//! Every template gets `site` ([`SiteView`]) and `page_kind`; each page kind adds its own
//! variables (`page`, or a listing's, as docs/themes.md lists them). The views of a
//! page are made for that page alone ([`super::site_views`]), so no render clones the whole site.

use serde::Serialize;

// The table of contents and the notes are made by the render stage and shown as they are.
pub use crate::render::{Note, TocEntry};

/// Site-wide data given to every template as `site`.
#[derive(Debug, Clone, Hash, Serialize)]
pub struct SiteView {
    /// Site title from `site.yaml`.
    pub title: String,
    /// One-line description from `site.yaml`.
    pub description: String,
    /// Absolute base URL, always ending in `/` (e.g. `https://example.org/sub/`).
    pub base_url: String,
    /// Path part of `base_url`, always starting and ending in `/` (e.g. `/sub/`); prefix of every internal link.
    pub base_path: String,
    /// BCP 47 language tag for `<html lang>`.
    pub language: String,
    /// Root-relative URLs of the fixed pages, for navigation.
    pub nav: NavView,
    /// Extra pages from `content/pages/`, in title order, for navigation.
    pub pages: Vec<LinkView>,
    /// Where readers report an error, when `site.yaml` names a route (`contact:`).
    pub contact: Option<ContactView>,
}

/// The route readers report errors by.
#[derive(Debug, Clone, Hash, Serialize)]
pub struct ContactView {
    /// Where a "Report an error" link goes: the page or form, else `mailto:` the address.
    pub href: String,
    /// The e-mail address, when there is one.
    pub email: Option<String>,
    /// The page or form, when there is one (a site path made root-relative to the site).
    pub url: Option<String>,
}

/// Root-relative URLs of the pages every site has.
#[derive(Debug, Clone, Hash, Serialize)]
pub struct NavView {
    /// The home page.
    pub home: String,
    /// The glossary index.
    pub glossary: String,
    /// The sources page.
    pub sources: String,
    /// The Atom feed.
    pub feed: String,
    /// The index of tags.
    pub tags: String,
    /// The index of authors.
    pub authors: String,
    /// The index of every checked claim.
    pub claims: String,
    /// The manifest of the static search index (JSON, see `theme::search`).
    pub search_index: String,
}

/// A titled link.
#[derive(Debug, Clone, Hash, Serialize)]
pub struct LinkView {
    /// Link text.
    pub title: String,
    /// Root-relative URL.
    pub url: String,
}

/// A cited source.
#[derive(Debug, Clone, Hash, Serialize)]
pub struct SourceView {
    /// Title of the cited document.
    pub title: String,
    /// Its absolute URL.
    pub url: String,
    /// Publisher shown to readers: the registry's `publisher`, else the host name without `www.`.
    pub publisher: String,
    /// When it was published (`YYYY-MM-DD`), when the registry says.
    pub published: Option<String>,
    /// The address of an archived copy, when the registry has one.
    pub archived_url: Option<String>,
}

/// Where an article comes from.
#[derive(Debug, Clone, Hash, Serialize)]
pub struct ArticleSourceView {
    /// Publication name (e.g. `Asia Times`).
    pub name: String,
    /// URL of the original, when known.
    pub url: Option<String>,
    /// The original's byline, when known.
    pub author: Option<String>,
    /// Publication date of the original, `YYYY-MM-DD`, when known.
    pub published: Option<String>,
}

/// A dated correction shown at the top of an article.
#[derive(Debug, Clone, Hash, Serialize)]
pub struct CorrectionView {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// The correction, rendered from Markdown (inline HTML).
    pub html: String,
}

/// A claim check as shown in an article's claim summary.
#[derive(Debug, Clone, Hash, Serialize)]
pub struct ClaimView {
    /// Claim id from front matter.
    pub id: String,
    /// Machine verdict: `accurate`, `inaccurate`, `misleading`, `unverified` or `outdated`.
    pub verdict: String,
    /// Verdict in words for readers (`Inaccurate`).
    pub verdict_label: String,
    /// The verdict's icon (`✗`), shown beside the words.
    pub icon: String,
    /// The claimed text as plain text.
    pub excerpt: String,
    /// Id of the claim span in the article body (`claim-<id>`), for `#` links.
    pub anchor: String,
    /// The editor's note, rendered from Markdown (block HTML).
    pub note_html: String,
    /// Sources supporting the check.
    pub sources: Vec<SourceView>,
}

/// A short reference to a glossary term.
#[derive(Debug, Clone, Hash, Serialize)]
pub struct TermRefView {
    /// Term slug.
    pub slug: String,
    /// Display name.
    pub term: String,
    /// One-sentence definition, as plain text.
    pub short: String,
    /// One-sentence definition, as inline HTML (its Markdown rendered).
    pub short_html: String,
    /// Root-relative URL of the term page.
    pub url: String,
    /// How many articles mention the term.
    pub article_count: usize,
}

/// Count of claims with one verdict.
#[derive(Debug, Clone, Hash, Serialize)]
pub struct VerdictCount {
    /// Machine verdict.
    pub verdict: String,
    /// Verdict in words.
    pub label: String,
    /// The verdict's icon (`✗`), shown beside the words.
    pub icon: String,
    /// Number of claims with that verdict.
    pub count: usize,
}

/// Where a home page stands among the home pages (`/`, `/page/2/`, …), for its pager.
#[derive(Debug, Clone, Hash, Serialize)]
pub struct PaginationView {
    /// This page's number, from 1.
    pub current: usize,
    /// How many home pages there are (at least 1).
    pub total: usize,
    /// Root-relative URL of the page of newer articles, if any.
    pub previous: Option<String>,
    /// Root-relative URL of the page of older articles, if any.
    pub next: Option<String>,
}

/// An article as listed on the home page.
#[derive(Debug, Clone, Hash, Serialize)]
pub struct ArticleCardView {
    /// Article title.
    pub title: String,
    /// Slug.
    pub slug: String,
    /// Root-relative URL.
    pub url: String,
    /// Summary (plain text).
    pub summary: String,
    /// Date annotated, `YYYY-MM-DD`.
    pub date: String,
    /// Where the article comes from.
    pub source: Option<ArticleSourceView>,
    /// Claims checked, by verdict (only verdicts with at least one claim, in a fixed order).
    pub verdicts: Vec<VerdictCount>,
    /// Total claims checked.
    pub claim_count: usize,
    /// Estimated reading time in minutes.
    pub reading_minutes: usize,
}

/// A full article page.
#[derive(Debug, Clone, Hash, Serialize)]
pub struct ArticleView {
    /// The card data (title, url, summary, date, source, verdict counts...).
    #[serde(flatten)]
    pub card: ArticleCardView,
    /// Absolute URL (canonical).
    pub permalink: String,
    /// Last update, `YYYY-MM-DD`.
    pub updated: Option<String>,
    /// Tags.
    pub tags: Vec<String>,
    /// Authors of the annotation.
    pub authors: Vec<String>,
    /// The tags, each linking its page (`/tags/<slug>/`), in front-matter order.
    pub tag_links: Vec<LinkView>,
    /// The authors, each linking their page (`/authors/<slug>/`), in front-matter order.
    pub author_links: Vec<LinkView>,
    /// Dated corrections, newest first.
    pub corrections: Vec<CorrectionView>,
    /// Word count of the body.
    pub word_count: usize,
    /// Table of contents (h2 at the top level).
    pub toc: Vec<TocEntry>,
    /// The body as HTML, annotations included (its markup is documented in docs/markup.md).
    pub content: String,
    /// Whether `content` holds a code block.
    pub has_code: bool,
    /// Claims checked, in order of appearance.
    pub claims: Vec<ClaimView>,
    /// Numbered notes, in order.
    pub notes: Vec<Note>,
    /// Glossary terms the article links or mentions, in order of first mention.
    pub terms: Vec<TermRefView>,
    /// Previous (older) article, if any.
    pub previous: Option<LinkView>,
    /// Next (newer) article, if any.
    pub next: Option<LinkView>,
}

/// Where a term is mentioned.
#[derive(Debug, Clone, Hash, Serialize)]
pub struct MentionView {
    /// Article title.
    pub article_title: String,
    /// Root-relative URL of the exact mention (`/articles/x/#term-slug-1`).
    pub url: String,
    /// The sentence around the mention, plain text.
    pub context: String,
}

/// A glossary term page.
#[derive(Debug, Clone, Hash, Serialize)]
pub struct TermView {
    /// The short reference (slug, name, short definition, url, article count).
    #[serde(flatten)]
    pub term: TermRefView,
    /// Absolute URL (canonical).
    pub permalink: String,
    /// Other names the term goes by.
    pub aliases: Vec<String>,
    /// The long explanation as HTML.
    pub content: String,
    /// Whether `content` holds a code block.
    pub has_code: bool,
    /// Related terms.
    pub see_also: Vec<TermRefView>,
    /// Sources for the definition.
    pub sources: Vec<SourceView>,
    /// Mentions in articles, one or more per article, in article order (newest first), from
    /// the `term_mentions` newest articles that mention the term.
    pub mentions: Vec<MentionView>,
    /// How many articles `mentions` comes from (`term.article_count` counts them all).
    pub listed_articles: usize,
}

/// Terms sharing an initial letter, for the A–Z glossary index.
#[derive(Debug, Clone, Hash, Serialize)]
pub struct LetterGroup {
    /// The upper-case letter (or `#` for terms starting with a digit or symbol).
    pub letter: String,
    /// Id of the group's heading (`letter-a`).
    pub id: String,
    /// Terms in alphabetical order.
    pub terms: Vec<TermRefView>,
}

/// A page that cites a source.
#[derive(Debug, Clone, Hash, Serialize)]
pub struct CitationView {
    /// Title of the citing page or claim.
    pub title: String,
    /// Root-relative URL of the citing place.
    pub url: String,
}

/// A source as the sources pages list it, with places citing it.
#[derive(Debug, Clone, Hash, Serialize)]
pub struct ListedSourceView {
    /// The source.
    #[serde(flatten)]
    pub source: SourceView,
    /// The id of its entry on its publisher's page (`source-<slug>`).
    pub id: String,
    /// Claims and terms citing it that this page shows: the first few on its publisher's page,
    /// a page of them on its own.
    pub cited_by: Vec<CitationView>,
    /// How many claims and terms cite it.
    pub citation_count: usize,
    /// Root-relative URL of its own pages listing every place citing it, when its publisher's
    /// page shows only the first few.
    pub citations_url: Option<String>,
}

/// A publisher, as lists of publishers show it.
#[derive(Debug, Clone, Hash, Serialize)]
pub struct PublisherRefView {
    /// The registry's `publisher`, else the host name.
    pub name: String,
    /// Its slug, the last part of its pages' path.
    pub slug: String,
    /// Root-relative URL of its first page.
    pub url: String,
    /// How many of its sources are cited.
    pub source_count: usize,
}

/// Publishers sharing an initial letter, for the A–Z index of `/sources/`.
#[derive(Debug, Clone, Hash, Serialize)]
pub struct PublisherLetterView {
    /// The upper-case letter (or `#` for names starting with a digit or symbol).
    pub letter: String,
    /// Id of the group's heading (`publishers-a`).
    pub id: String,
    /// The publishers, in alphabetical order.
    pub publishers: Vec<PublisherRefView>,
}

/// A free-standing page from `content/pages/`.
#[derive(Debug, Clone, Hash, Serialize)]
pub struct StandalonePageView {
    /// Page title.
    pub title: String,
    /// Summary (plain text) for metadata.
    pub summary: String,
    /// Root-relative URL.
    pub url: String,
    /// Absolute URL.
    pub permalink: String,
    /// Body HTML.
    pub content: String,
    /// Whether the page shows the site's route for reporting errors (`contact: true` in its
    /// front matter, and the site has one).
    pub show_contact: bool,
    /// Whether `content` holds a code block.
    pub has_code: bool,
    /// Table of contents.
    pub toc: Vec<TocEntry>,
    /// Numbered notes.
    pub notes: Vec<Note>,
}

/// A tag or an author as listed on the taxonomy's index.
#[derive(Debug, Clone, Hash, Serialize)]
pub struct TaxonRefView {
    /// The name as written.
    pub name: String,
    /// Its slug.
    pub slug: String,
    /// Root-relative URL of its page.
    pub url: String,
    /// How many articles list it.
    pub article_count: usize,
}

/// The tag or author a page lists the articles of.
#[derive(Debug, Clone, Hash, Serialize)]
pub struct TaxonView {
    /// Name, slug, URL and article count.
    #[serde(flatten)]
    pub taxon: TaxonRefView,
    /// Absolute URL of its first page (canonical).
    pub permalink: String,
    /// Root-relative URL of its Atom feed.
    pub feed: String,
    /// An author's bio (`content/authors/<slug>.md`) as HTML; empty without one, and for tags.
    pub bio: String,
    /// The author's own page elsewhere, from the bio.
    pub homepage: Option<String>,
    /// Other pages of the author's, from the bio.
    pub links: Vec<LinkView>,
}

/// A checked claim as the claims index lists it.
#[derive(Debug, Clone, Hash, Serialize)]
pub struct ClaimEntryView {
    /// Machine verdict (`inaccurate`).
    pub verdict: String,
    /// Verdict in words (`Inaccurate`).
    pub verdict_label: String,
    /// The verdict's icon (`✗`), shown beside the words.
    pub icon: String,
    /// The claimed words as plain text.
    pub excerpt: String,
    /// Root-relative URL of the claim in its article (`/articles/x/#claim-id`).
    pub url: String,
    /// Title of the article checking it.
    pub article_title: String,
    /// Root-relative URL of that article.
    pub article_url: String,
    /// Date the article was annotated, `YYYY-MM-DD`.
    pub date: String,
}

/// A filter of the claims index: every claim, or those of one verdict.
#[derive(Debug, Clone, Hash, Serialize)]
pub struct ClaimFilterView {
    /// Machine verdict, or empty for every claim.
    pub verdict: String,
    /// In words (`All claims`, `Inaccurate`).
    pub label: String,
    /// The verdict's icon (`✗`), or empty for every claim.
    pub icon: String,
    /// Root-relative URL of its first page.
    pub url: String,
    /// How many claims it lists.
    pub count: usize,
    /// Whether it is the page shown.
    pub current: bool,
}
