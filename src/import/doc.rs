//! The imported article between reading and writing: typed blocks and inline spans that the
//! text and HTML readers produce and the Markdown writer escapes, plus what the readers found
//! about the original (headline, byline, date, publication) and what they left out.

use super::furniture::Furniture;
use crate::dates::Date;

/// Inline content: text and the few inline forms an article keeps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Span {
    /// Text as the reader sees it (never Markdown: the writer escapes it).
    Text(String),
    /// `<em>`, `<i>`.
    Emphasis(Vec<Span>),
    /// `<strong>`, `<b>`.
    Strong(Vec<Span>),
    /// `<code>`: written as a code span.
    Code(String),
    /// A link to an absolute URL.
    Link {
        /// The link text.
        text: Vec<Span>,
        /// Where it goes: `https:`, `http:` or `mailto:`.
        url: String,
    },
    /// `<br>`.
    LineBreak,
}

/// Whether a list is bulleted or numbered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListKind {
    /// `•`, `-`, `*`, `<ul>`.
    Bullet,
    /// `1.`, `1)`, `<ol>`, counting from `start`.
    Numbered {
        /// The first item's number.
        start: u64,
    },
}

/// A picture of the original, to be fetched by the editor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Image {
    /// Where the image is: an absolute URL, or a path relative to the saved page.
    pub src: String,
    /// Its alternative text.
    pub alt: String,
}

/// One block of the article body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// A section heading; `level` 2 is the highest in the body (the title is level 1).
    Heading {
        /// 2 to 4.
        level: u8,
        /// The heading text.
        text: Vec<Span>,
    },
    /// A paragraph.
    Paragraph(Vec<Span>),
    /// A list, each item its blocks.
    List {
        /// Bulleted or numbered.
        kind: ListKind,
        /// The items.
        items: Vec<Vec<Block>>,
    },
    /// A quotation, with who said it.
    Quote {
        /// The quoted blocks.
        body: Vec<Block>,
        /// `— Name, role`, without the dash.
        attribution: Option<Vec<Span>>,
    },
    /// A figure: its image (when the page gave one) and caption.
    Figure {
        /// The image to fetch.
        image: Option<Image>,
        /// The caption, credits included.
        caption: Vec<Span>,
    },
    /// Preformatted code, kept as written.
    Code(String),
    /// A table: rows of cells, the first row its header.
    Table(Vec<Vec<Vec<Span>>>),
}

/// The plain text of inline content (links by their text, breaks as spaces).
pub fn plain(spans: &[Span]) -> String {
    let mut out = String::new();
    for span in spans {
        match span {
            Span::Text(text) | Span::Code(text) => out.push_str(text),
            Span::Emphasis(inner) | Span::Strong(inner) | Span::Link { text: inner, .. } => out.push_str(&plain(inner)),
            Span::LineBreak => out.push(' '),
        }
    }
    out
}

/// A value the reader found, and where (for the report: `og:title`, `the first line`...).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found<T> {
    /// The value.
    pub value: T,
    /// Where it was found.
    pub from: String,
}

impl<T> Found<T> {
    /// `value`, found in `from`.
    pub fn new(value: T, from: impl Into<String>) -> Found<T> {
        Found { value, from: from.into() }
    }
}

/// What the input says about the original article.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Metadata {
    /// The headline.
    pub title: Option<Found<String>>,
    /// Who wrote it, as the byline says (`Maria Okafor and Tom Reyes`).
    pub byline: Option<Found<String>>,
    /// When it was published.
    pub published: Option<Found<Date>>,
    /// The publication (`og:site_name`).
    pub site_name: Option<Found<String>>,
    /// Where the original is (`<link rel=canonical>`).
    pub url: Option<Found<String>>,
    /// The page's own one-line summary (`og:description`).
    pub description: Option<Found<String>>,
}

/// Text left out of the import, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dropped {
    /// The text, on one line.
    pub text: String,
    /// Why it was dropped.
    pub why: Reason,
}

/// Why text was left out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    /// It is page furniture of this kind.
    Furniture(Furniture),
    /// It repeats the headline.
    Headline,
    /// It is the byline or dateline (used for the front matter).
    Byline,
}

impl Reason {
    /// The reason in a few words, for the report.
    pub fn describe(self) -> &'static str {
        match self {
            Reason::Furniture(kind) => kind.describe(),
            Reason::Headline => "the headline",
            Reason::Byline => "byline or dateline",
        }
    }
}

/// What a reader made of its input.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Extracted {
    /// What the input says about the original.
    pub meta: Metadata,
    /// The article body.
    pub blocks: Vec<Block>,
    /// Lines left out, in order.
    pub dropped: Vec<Dropped>,
    /// Other things the editor should know (links kept as text, images without a source...).
    pub notes: Vec<String>,
}
