//! The typed content model editors write: site config, articles, glossary terms, claims, pages.
//!
//! Front matter is parsed straight into these structs with `deny_unknown_fields`, so a mistyped
//! key is an error rather than silently dropped data.

mod urls;

pub use urls::{base_url_problem, Urls};

use crate::dates::Date;
use serde::{Deserialize, Deserializer, Serialize};
use std::collections::BTreeMap;

/// `content/site.yaml`.
#[derive(Debug, Clone, Hash, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SiteConfig {
    /// Site title.
    #[serde(deserialize_with = "text")]
    pub title: String,
    /// One-line description for metadata and the feed.
    #[serde(default)]
    pub description: String,
    /// Absolute URL the site is served from, e.g. `https://example.org/sub/`.
    #[serde(default = "default_base_url")]
    pub base_url: String,
    /// Language tag for `<html lang>`.
    #[serde(default = "default_language")]
    pub language: String,
    /// Theme folder name under `themes/`.
    #[serde(default = "default_theme")]
    pub theme: String,
    /// Link the first mention of each glossary term automatically.
    #[serde(default = "default_true")]
    pub autolink: bool,
    /// Strip raw HTML and `javascript:`/`data:` links from all author Markdown (bodies, claim
    /// notes, corrections). Off by default: raw HTML passes through, as CommonMark says. See
    /// `docs/security.md`.
    #[serde(default)]
    pub safe: bool,
    /// Articles listed per home page: the newest on `/`, the next on `/page/2/`, `/page/3/`…;
    /// 0 lists them all on `/`.
    #[serde(default = "default_paginate")]
    pub paginate: usize,
    /// Articles in the Atom feed: those most recently published or updated (corrections
    /// included); 0 puts every article in it.
    #[serde(default = "default_feed_limit")]
    pub feed_limit: usize,
    /// Articles whose mentions of a term its glossary page lists, newest first (each with its
    /// sentence); 0 lists them all.
    #[serde(default = "default_term_mentions")]
    pub term_mentions: usize,
    /// Where readers report an error (`contact: {email: …, url: …}`): shown in every page's
    /// footer and beside each article's corrections. None: the site offers no route, and says
    /// nothing about one.
    #[serde(default)]
    pub contact: Option<Contact>,
    /// How images are published: resized variants, the size limit (`images:` in `site.yaml`).
    #[serde(default)]
    pub images: ImagesConfig,
}

/// `images:` in `site.yaml`: what glosa does with the pictures an article shows.
#[derive(Debug, Clone, Copy, Hash, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ImagesConfig {
    /// Write resized WebP copies of each JPEG, PNG and WebP image and list them in `srcset`;
    /// `false` for sites that process their images elsewhere (sizes and lazy loading stay).
    #[serde(default = "default_true")]
    pub resize: bool,
    /// Images larger than this many bytes are warned about (a reader on a phone pays for them).
    #[serde(default = "default_max_bytes")]
    pub max_bytes: u64,
}

impl Default for ImagesConfig {
    fn default() -> Self {
        ImagesConfig { resize: true, max_bytes: DEFAULT_MAX_IMAGE_BYTES }
    }
}

/// The image size above which a warning is given unless `site.yaml` says otherwise: 10 MB.
pub const DEFAULT_MAX_IMAGE_BYTES: u64 = 10_000_000;

fn default_max_bytes() -> u64 {
    DEFAULT_MAX_IMAGE_BYTES
}

/// A route for readers to report errors: an address to write to, a page or form, or both.
#[derive(Debug, Clone, Hash, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    /// An e-mail address (`corrections@example.org`), linked with `mailto:`.
    #[serde(default)]
    pub email: Option<String>,
    /// A page or form (`https://example.org/corrections/` or `/corrections/`).
    #[serde(default)]
    pub url: Option<String>,
}

impl Contact {
    /// Where a "Report an error" link goes: the page or form when there is one, else a
    /// `mailto:` link to the address.
    pub fn href(&self) -> Option<String> {
        self.url.clone().or_else(|| self.email.as_ref().map(|email| format!("mailto:{email}")))
    }

    /// Why the contact cannot be used, if it cannot: it names neither an address nor a page, the
    /// address is not one, or the page is not a web address.
    pub fn problem(&self) -> Option<(&'static str, String)> {
        if self.email.is_none() && self.url.is_none() {
            return Some(("contact", "it names neither an `email` nor a `url`".into()));
        }
        if let Some(email) = &self.email {
            let (user, host) = email.split_once('@').unwrap_or(("", ""));
            let odd = |c: char| c.is_whitespace() || c.is_control() || "<>\"(),;:[]\\".contains(c);
            if user.is_empty() || !host.contains('.') || host.starts_with('.') || email.chars().any(odd) {
                return Some(("email", format!("`{email}` is not an e-mail address")));
            }
        }
        if let Some(url) = &self.url {
            let lower = url.trim().to_ascii_lowercase();
            let web = lower.starts_with("https://") || lower.starts_with("http://");
            if !(web || (lower.starts_with('/') && !lower.starts_with("//"))) {
                return Some(("url", format!("`{url}` is neither an http(s) address nor a path of the site")));
            }
        }
        None
    }
}

/// A count from `site.yaml` where 0 means no limit (`paginate`, `feed_limit`, `term_mentions`):
/// the count itself, or `usize::MAX` for 0.
pub fn limit(count: usize) -> usize {
    if count == 0 {
        usize::MAX
    } else {
        count
    }
}

/// Articles per home page unless `site.yaml` says otherwise.
pub const DEFAULT_PAGINATE: usize = 30;

fn default_paginate() -> usize {
    DEFAULT_PAGINATE
}

/// Articles in the feed unless `site.yaml` says otherwise.
pub const DEFAULT_FEED_LIMIT: usize = 50;

fn default_feed_limit() -> usize {
    DEFAULT_FEED_LIMIT
}

/// Articles listed under "Mentioned in" on a term page unless `site.yaml` says otherwise.
pub const DEFAULT_TERM_MENTIONS: usize = 50;

fn default_term_mentions() -> usize {
    DEFAULT_TERM_MENTIONS
}

fn default_base_url() -> String {
    "/".to_string()
}
fn default_language() -> String {
    "en".to_string()
}
fn default_theme() -> String {
    "default".to_string()
}
fn default_true() -> bool {
    true
}

/// Front matter of the home page intro, `content/_index.md`.
#[derive(Debug, Clone, Hash, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IntroMeta {
    /// Optional heading shown above the intro.
    #[serde(default)]
    pub title: Option<String>,
}

/// Front matter of `content/articles/<slug>.md`.
#[derive(Debug, Clone, Hash, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ArticleMeta {
    /// Headline.
    #[serde(deserialize_with = "text")]
    pub title: String,
    /// Date the annotated article was published.
    pub date: Date,
    /// One or two sentences for cards, metadata and the feed.
    #[serde(default)]
    pub summary: String,
    /// Topic tags.
    #[serde(default)]
    pub tags: Vec<String>,
    /// Who annotated it.
    #[serde(default)]
    pub authors: Vec<String>,
    /// Where the original comes from.
    #[serde(default)]
    pub source: Option<ArticleSource>,
    /// Drafts are built only with `--drafts`.
    #[serde(default)]
    pub draft: bool,
    /// Overrides the site's automatic term linking for this article.
    #[serde(default)]
    pub autolink: Option<bool>,
    /// Date of the last substantive update.
    #[serde(default)]
    pub updated: Option<Date>,
    /// Dated corrections log.
    #[serde(default)]
    pub corrections: Vec<Correction>,
    /// Claim checks keyed by the id used in `[text](claim:ID)`.
    #[serde(default)]
    pub claims: BTreeMap<String, Claim>,
}

impl ArticleMeta {
    /// When the article last changed: `updated`, else `date` (what the feed and the sitemap show).
    pub fn last_modified(&self) -> Date {
        self.updated.unwrap_or(self.date)
    }
}

/// The original publication an article reproduces.
#[derive(Debug, Clone, Hash, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ArticleSource {
    /// Publication name.
    pub name: String,
    /// URL of the original.
    #[serde(default)]
    pub url: Option<String>,
    /// The original's byline (`Maria Okafor and Tom Reyes`): who wrote the article that is
    /// annotated, as against `authors`, who annotated it.
    #[serde(default)]
    pub author: Option<String>,
    /// When the original was published.
    #[serde(default)]
    pub published: Option<Date>,
}

/// One entry of an article's corrections log.
#[derive(Debug, Clone, Hash, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Correction {
    /// When the correction was made.
    pub date: Date,
    /// What was corrected (Markdown).
    pub text: String,
}

/// The verdict of a claim check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// The claim is correct.
    Accurate,
    /// The claim is wrong.
    Inaccurate,
    /// Literally defensible but gives a false impression.
    Misleading,
    /// Could not be checked against a reliable source.
    Unverified,
    /// Was true but no longer is.
    Outdated,
}

impl Verdict {
    /// Every verdict, in display order.
    pub const ALL: [Verdict; 5] =
        [Verdict::Accurate, Verdict::Inaccurate, Verdict::Misleading, Verdict::Unverified, Verdict::Outdated];

    /// The machine name used in front matter and CSS classes.
    pub fn name(self) -> &'static str {
        match self {
            Verdict::Accurate => "accurate",
            Verdict::Inaccurate => "inaccurate",
            Verdict::Misleading => "misleading",
            Verdict::Unverified => "unverified",
            Verdict::Outdated => "outdated",
        }
    }

    /// The verdict in words for readers.
    pub fn label(self) -> &'static str {
        match self {
            Verdict::Accurate => "Accurate",
            Verdict::Inaccurate => "Inaccurate",
            Verdict::Misleading => "Misleading",
            Verdict::Unverified => "Unverified",
            Verdict::Outdated => "Outdated",
        }
    }

    /// A symbol shown beside the label, so the verdict never relies on colour alone.
    pub fn icon(self) -> &'static str {
        match self {
            Verdict::Accurate => "✓",
            Verdict::Inaccurate => "✗",
            Verdict::Misleading => "!",
            Verdict::Unverified => "?",
            Verdict::Outdated => "◷",
        }
    }

    /// schema.org ClaimReview rating on a 1 (false) to 5 (true) scale.
    pub fn rating(self) -> u8 {
        match self {
            Verdict::Accurate => 5,
            Verdict::Outdated => 3,
            Verdict::Unverified => 3,
            Verdict::Misleading => 2,
            Verdict::Inaccurate => 1,
        }
    }
}

/// A fact check of one span of an article.
#[derive(Debug, Clone, Hash, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Claim {
    /// The verdict.
    pub verdict: Verdict,
    /// The editor's explanation (Markdown).
    #[serde(default)]
    pub note: String,
    /// Sources supporting the verdict: keys of `content/sources.yaml` and inline sources.
    #[serde(default)]
    pub sources: Vec<Citation>,
}

/// A cited document written out in place, or any titled link (an author's `links`).
#[derive(Debug, Clone, Hash, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SourceRef {
    /// Title of the document.
    pub title: String,
    /// Absolute URL.
    pub url: String,
}

/// One entry of a `sources:` list: the key of a source defined once in `content/sources.yaml`
/// (`- qwen-blog`), or a source written out in place (`- {title: …, url: …}`).
#[derive(Debug, Clone, Hash, PartialEq, Eq)]
pub enum Citation {
    /// A key of the source registry, resolved (and checked) in the resolve stage.
    Key(String),
    /// A source written out where it is cited.
    Inline(SourceRef),
}

impl Citation {
    /// The URL of an inline source; `None` for a key (the registry holds its URL).
    pub fn inline_url(&self) -> Option<&str> {
        match self {
            Citation::Inline(source) => Some(&source.url),
            Citation::Key(_) => None,
        }
    }
}

impl<'de> Deserialize<'de> for Citation {
    /// A string is a key; a mapping is an inline source, read with [`SourceRef`]'s own rules (so
    /// its errors name its fields, as before keys existed).
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct CitationVisitor;
        impl<'de> serde::de::Visitor<'de> for CitationVisitor {
            type Value = Citation;
            fn expecting(&self, formatter: &mut std::fmt::Formatter) -> std::fmt::Result {
                formatter.write_str("a key of content/sources.yaml or a source `{title: …, url: …}`")
            }
            fn visit_str<E: serde::de::Error>(self, key: &str) -> Result<Citation, E> {
                Ok(Citation::Key(key.to_string()))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<Citation, A::Error> {
                SourceRef::deserialize(serde::de::value::MapAccessDeserializer::new(map)).map(Citation::Inline)
            }
        }
        deserializer.deserialize_any(CitationVisitor)
    }
}

/// A source defined once in `content/sources.yaml`, under the key claims and terms cite it by.
#[derive(Debug, Clone, Hash, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegisteredSource {
    /// Title of the document.
    #[serde(deserialize_with = "text")]
    pub title: String,
    /// Absolute `http(s)` URL.
    #[serde(deserialize_with = "text")]
    pub url: String,
    /// Who published it (`Reuters`); the sources page groups by it.
    #[serde(default)]
    pub publisher: Option<String>,
    /// Who wrote it.
    #[serde(default)]
    pub author: Option<String>,
    /// When it was published.
    #[serde(default)]
    pub published: Option<Date>,
    /// When an editor last read it and found it said what it is cited for.
    #[serde(default)]
    pub accessed: Option<Date>,
    /// The address of an archived copy (e.g. on web.archive.org), for when the original is gone.
    #[serde(default)]
    pub archived_url: Option<String>,
}

/// Front matter of `content/glossary/<slug>.md`.
#[derive(Debug, Clone, Hash, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TermMeta {
    /// Display name.
    #[serde(deserialize_with = "text")]
    pub term: String,
    /// Other names that link to the term.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// One-sentence definition shown in popovers.
    #[serde(deserialize_with = "text")]
    pub short: String,
    /// Slugs of related terms.
    #[serde(default)]
    pub see_also: Vec<String>,
    /// Sources for the definition: keys of `content/sources.yaml` and inline sources.
    #[serde(default)]
    pub sources: Vec<Citation>,
    /// Whether the first mention of the term in a page is linked automatically: yes unless
    /// `false` (only `[[…]]` links it then); an explicit `true` also says that a name which is an
    /// ordinary word is meant to link wherever the word is used.
    #[serde(default)]
    pub autolink: Option<bool>,
    /// Whether the name and aliases are found only as written (`Result`, never `result`),
    /// rather than in the spellings prose gives a word.
    #[serde(default)]
    pub match_case: bool,
}

/// Front matter of `content/pages/<slug>.md`, free-standing pages such as "About".
#[derive(Debug, Clone, Hash, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageMeta {
    /// Page title.
    #[serde(deserialize_with = "text")]
    pub title: String,
    /// One sentence for metadata.
    #[serde(default)]
    pub summary: String,
    /// Show the site's route for reporting errors (`contact:` in `site.yaml`) at the end of the
    /// page, under "Report an error": what an About or Corrections page says readers can do.
    #[serde(default)]
    pub contact: bool,
}

/// Front matter of `content/authors/<slug>.md`: who an author of the articles' `authors` is,
/// shown on their page above their articles. The file's slug is the author's.
#[derive(Debug, Clone, Hash, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuthorMeta {
    /// The author's name as their page shows it.
    #[serde(deserialize_with = "text")]
    pub name: String,
    /// The author's own page elsewhere (JSON-LD `sameAs`).
    #[serde(default)]
    pub url: Option<String>,
    /// Other pages of theirs (a profile, a newsletter).
    #[serde(default)]
    pub links: Vec<SourceRef>,
}

/// A required text that YAML's null (`~`, `null`, nothing) does not fill: serde_yaml would
/// otherwise hand such a field the characters `~` or `null`, shown as the title.
fn text<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    let value: Option<String> = Option::deserialize(deserializer)?;
    value.ok_or_else(|| serde::de::Error::custom("this field needs text, not null (quote it if it is `null` or `~`)"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn contact(email: Option<&str>, url: Option<&str>) -> Contact {
        Contact { email: email.map(String::from), url: url.map(String::from) }
    }

    #[test]
    fn a_contact_links_its_page_first_else_mails_its_address() {
        assert_eq!(contact(Some("a@b.org"), Some("/fix/")).href().as_deref(), Some("/fix/"));
        assert_eq!(contact(Some("a@b.org"), None).href().as_deref(), Some("mailto:a@b.org"));
        assert_eq!(contact(None, None).href(), None);
    }

    #[test]
    fn a_contact_needs_a_real_address_or_a_web_or_site_path() {
        for fine in [contact(Some("desk@news.example.org"), None), contact(None, Some("https://e.org/form"))] {
            assert_eq!(fine.problem(), None, "{fine:?}");
        }
        let field = |c: Contact| c.problem().map(|(field, _)| field);
        assert_eq!(field(contact(None, None)), Some("contact"));
        for bad in ["desk", "@e.org", "a@e", "a b@e.org", "a@e.org?subject=x<"] {
            assert_eq!(field(contact(Some(bad), None)), Some("email"), "{bad}");
        }
        for bad in ["javascript:alert(1)", "//evil.example/", "corrections"] {
            assert_eq!(field(contact(None, Some(bad))), Some("url"), "{bad}");
        }
    }

    #[test]
    fn a_citation_is_a_key_or_an_inline_source() {
        let citations: Vec<Citation> = crate::yaml::from_str("[blog, {title: T, url: \"https://e.org/\"}]").unwrap();
        assert_eq!(citations[0], Citation::Key("blog".into()));
        assert_eq!(citations[1].inline_url(), Some("https://e.org/"));
        let error = crate::yaml::from_str::<Vec<Citation>>("[{title: T, link: x}]").unwrap_err();
        assert!(error.message.contains("unknown field `link`"), "{}", error.message);
    }
}
