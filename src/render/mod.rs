//! Render stage: annotated Markdown -> HTML by small passes over pulldown-cmark's event stream.
//!
//! Wikilinks become term popovers, `claim:` links become checked-claim spans, footnotes become
//! sidenotes, the first mention of each term is linked automatically, attributed blockquotes
//! become figures, GFM alerts become callouts and fenced code is highlighted. Byte offsets are
//! kept, so every problem is reported at its `file:line:col`.

pub mod annotate;
mod blocks;
mod figures;
pub mod highlight;
pub mod html;
mod literal;
pub mod plain;
mod raw_html;
mod references;
pub mod spill;

use crate::diagnostic::{Diagnostic, Severity, MAX_PER_FILE};
use crate::images::ImageTable;
use crate::load::SourceFile;
use crate::model::Urls;
use crate::model::{ArticleMeta, Claim, Verdict};
use crate::resolve::Glossary;
use crate::sanitize::{SafeFilter, SafeMode};
use crate::slug::UniqueIds;
pub use plain::{definition, render_plain, Definition, PlainLinks, Shape};
use pulldown_cmark::{CodeBlockKind, CowStr, Event, LinkType, Options, Parser, Tag};
pub use references::climbs_out;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::ops::Range;

/// The rendered definitions of every term of `glossary`, by term index (see [`definition`]).
pub fn definitions(glossary: &Glossary, urls: &Urls, safe: SafeMode) -> Vec<Definition> {
    (glossary.terms.iter())
        .map(|term| {
            let source = std::path::PathBuf::from(format!("content/glossary/{}.md", term.slug));
            definition(&term.short, safe, PlainLinks { urls, glossary, source: &source })
        })
        .collect()
}

/// Whether the Markdown being walked may link the first mentions of terms automatically: not
/// inside headings, links, term links, claims and notes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Autolink {
    /// Mentions may be linked (when the document links them at all).
    Allowed,
    /// No mention is linked.
    Never,
}

/// The parser options used everywhere, set in one place.
pub fn parser_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_DEFINITION_LIST
        | Options::ENABLE_GFM
        | Options::ENABLE_WIKILINKS
}

/// What rendering one document needs to know about the rest of the site.
#[derive(Debug, Clone, Copy)]
pub struct RenderContext<'a> {
    /// The file being rendered (for diagnostics).
    pub file: &'a SourceFile,
    /// Where the Markdown body starts in `file.text`.
    pub body_offset: usize,
    /// The glossary.
    pub glossary: &'a Glossary,
    /// URL builder.
    pub urls: &'a Urls,
    /// The article's claim checks; `None` where claims cannot be marked.
    pub claims: Option<&'a BTreeMap<String, Claim>>,
    /// Link first mentions of terms automatically.
    pub autolink: bool,
    /// The term whose own page this is (never auto-linked to itself).
    pub self_term: Option<usize>,
    /// Site path of the page (`articles/x/`), for `#fragment` links.
    pub page_path: &'a str,
    /// Whether raw HTML and script URLs are stripped from the author's Markdown (`safe: true`).
    pub safe: SafeMode,
    /// Element ids the page around the body holds (the theme's): a heading never takes one, so
    /// `## Main` gets `main-1`, not the id of the page's `<main>`.
    pub reserved_ids: &'a [&'a str],
    /// Every glossary term's rendered definition, by term index, for the popovers.
    pub definitions: &'a [Definition],
    /// The site's pictures, for the `width`, `height` and `srcset` of its images
    /// ([`crate::images::NO_IMAGES`] outside a site build).
    pub images: &'a ImageTable,
    /// The source registry, which claims' popovers cite by key.
    pub sources: &'a crate::resolve::sources::Sources,
    /// The claims `[words](claim:article/id)` may cite; `None` cites none (every such link is
    /// then an unknown claim).
    pub citable: Option<&'a CitableClaims>,
}

/// What `[words](claim:article/id)` may cite: the title and claim checks of every article, by
/// slug.
#[derive(Debug, Clone, Default)]
pub struct CitableClaims {
    articles: HashMap<String, std::sync::Arc<ArticleMeta>>,
}

impl CitableClaims {
    /// The claims of these articles (slug and front matter).
    pub fn new(articles: impl IntoIterator<Item = (String, std::sync::Arc<ArticleMeta>)>) -> Self {
        CitableClaims { articles: articles.into_iter().collect() }
    }

    /// Whether every claim `body` cites still has the verdict and article title it shows, so the
    /// body may be reused as it is.
    pub fn still_shown(&self, body: &Rendered) -> bool {
        body.cited.iter().all(|cited| {
            let article = self.articles.get(&cited.article);
            article.is_some_and(|meta| {
                meta.title == cited.article_title
                    && meta.claims.get(&cited.id).map(|c| c.verdict) == Some(cited.verdict)
            })
        })
    }
}

/// A claim of another article the document cites, with what the body shows of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CitedClaim {
    /// Slug of the article checking it.
    pub article: String,
    /// Its id there.
    pub id: String,
    /// Its verdict, as shown.
    pub verdict: Verdict,
    /// The article's title, as shown.
    pub article_title: String,
}

/// A glossary term mentioned in a document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mention {
    /// Term index in the glossary.
    pub term: usize,
    /// Id of the mention in the page.
    pub anchor: String,
    /// The sentence around the mention, plain text.
    pub context: String,
    /// How it became a link.
    #[serde(default)]
    pub linked: Linked,
}

/// How a term's mention became a link.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Linked {
    /// The author linked it: `[[term]]`.
    #[default]
    Explicitly,
    /// It is the term's first mention on the page, linked automatically.
    Automatically {
        /// Written all in lower case, as an ordinary word is.
        lower_case: bool,
    },
}

/// A claim span found in the document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimUse {
    /// Claim id.
    pub id: String,
    /// Plain text of the span.
    pub excerpt: String,
}

/// An internal link to check once every page is known.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InternalLink {
    /// Target as a site path with optional fragment, e.g. `articles/x/#intro`.
    pub target: String,
    /// Byte range of the link in the file.
    pub span: Range<usize>,
    /// Written relative to the file's folder (`map.png`), not root-relative (`/articles/map.png`).
    #[serde(default)]
    pub relative: bool,
}

/// One entry of a table of contents; headings nest by level.
#[derive(Debug, Clone, Hash, Serialize, Deserialize)]
pub struct TocEntry {
    /// Heading level, 2..=6 (the page title is the only h1).
    pub level: u8,
    /// The heading's id (for `#id` links).
    pub id: String,
    /// The heading's plain text.
    pub title: String,
    /// Sub-headings.
    pub children: Vec<TocEntry>,
}

/// A numbered note (a Markdown footnote rendered as a sidenote).
#[derive(Debug, Clone, Hash, Serialize, Deserialize)]
pub struct Note {
    /// 1-based number in order of first reference.
    pub number: usize,
    /// Id of the sidenote element in the body (`note-<n>`).
    pub id: String,
    /// The note's content as inline HTML.
    pub html: String,
}

/// The result of rendering one document. Its serde form (for the body cache of
/// `glosa build --incremental`, which stores the HTML raw beside it and keeps only bodies without
/// diagnostics) leaves out the HTML and the diagnostics.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Rendered {
    /// Body HTML.
    #[serde(skip)]
    pub html: String,
    /// Table of contents.
    pub toc: Vec<TocEntry>,
    /// Sidenotes in number order.
    pub notes: Vec<Note>,
    /// Term mentions in order of appearance.
    pub mentions: Vec<Mention>,
    /// Claim spans in order of appearance.
    pub claims: Vec<ClaimUse>,
    /// Claims of other articles cited, in order of appearance.
    #[serde(default)]
    pub cited: Vec<CitedClaim>,
    /// Terms named where no term is linked (in claim spans), in order: they count as used.
    #[serde(default)]
    pub unlinked_terms: Vec<usize>,
    /// Internal links found.
    pub links: Vec<InternalLink>,
    /// Every element id the body defines (headings, mentions, claims, notes).
    pub ids: Vec<String>,
    /// Words in the body text.
    pub word_count: usize,
    /// Whether the body holds a code block (so a theme links the highlighting CSS only then).
    pub has_code: bool,
    /// Problems found.
    #[serde(skip)]
    pub diagnostics: Vec<Diagnostic>,
    /// The registry entries the document cites by key, hashed as they were when it was rendered
    /// ([`crate::resolve::sources::Sources::cited_key`]): a body is reused only while they are
    /// unchanged, since its popovers (or its page) show them.
    #[serde(default)]
    pub sources_key: u64,
    /// Where [`Rendered::html`] went when a one-off build set it aside on disk until its page is
    /// written ([`spill`]); the field is then empty.
    #[serde(skip)]
    pub spilled: Option<spill::Spilled>,
}

type Spanned<'a> = (Event<'a>, Range<usize>);

/// Renders a Markdown body with every annotation pass.
pub fn render(markdown: &str, ctx: &RenderContext) -> Rendered {
    let events = collect_events(markdown, ctx.safe);
    if let Some(range) = too_deep(&events) {
        let offset = ctx.body_offset;
        let d = Diagnostic::error(
            "too-deep",
            &ctx.file.path,
            format!("Markdown nested more than {MAX_NESTING} levels deep (block quotes, lists or emphasis)"),
        )
        .at(&ctx.file.text, range.start + offset..range.start + offset)
        .with_help("flatten the nesting; no reader can follow it this deep");
        return Rendered { diagnostics: vec![d], ..Rendered::default() };
    }
    let mut renderer = Renderer::new(ctx, &events);
    for literal::Unresolved { label, range, why } in literal::unresolved_references(markdown, &events) {
        let (message, help) = match why {
            literal::Why::Undefined => (
                format!("the note `[^{label}]` has no text, so it is shown as written"),
                format!("add a line `[^{label}]: the note` to the article, or write `\\[^{label}]` for the brackets"),
            ),
            literal::Why::DefinitionInCode(at) => {
                let line = ctx.file.text[..ctx.body_offset + at].matches('\n').count() + 1;
                (
                    format!(
                        "the note `[^{label}]` has no text: its line `[^{label}]:` (line {line}) is indented four \
                         spaces or more, which makes it a code block"
                    ),
                    format!("start the line `[^{label}]: …` at most three spaces from the margin"),
                )
            }
            literal::Why::MisplacedDefinition => (
                format!("`[^{label}]:` here does not give the note its text, so it is shown as written"),
                format!(
                    "a note's text goes on a line of its own, outside tables: `[^{label}]: the note` after the paragraph"
                ),
            ),
        };
        renderer.error("unknown-note", &range, message, Some(help));
    }
    for range in literal::links_inside_links(markdown, &events) {
        let message = "a link inside another link's text: the outer one is shown as its brackets".to_string();
        let help = "link the words once: move this link out of the other's [text], or end that one before it";
        renderer.error("link-in-link", &range, message, Some(help.into()));
    }
    renderer.walk(&events, Autolink::Allowed);
    renderer.finish()
}

/// Parses into events with offsets, merging adjacent text events so term names split by the
/// parser (e.g. around smart quotes) are still found. Safe mode drops the author's raw HTML and
/// script URLs here, before any pass adds the engine's own markup.
fn collect_events(markdown: &str, safe: SafeMode) -> Vec<Spanned<'_>> {
    let mut filter = SafeFilter::default();
    let parsed = Parser::new_ext(markdown, parser_options()).into_offset_iter();
    merge_texts(parsed.filter_map(|(event, range)| {
        let event = if safe == SafeMode::On { filter.apply(event)? } else { event };
        Some((event, range))
    }))
}

/// `events` with each run of adjacent text events made one, spanning the run. Each run is copied
/// once into a string that grows in place: joining them pairwise copied the growing text once per
/// event, and a 600 KB paragraph (a text event at every quote and entity) took 17 s.
fn merge_texts<'a>(events: impl Iterator<Item = Spanned<'a>>) -> Vec<Spanned<'a>> {
    let mut merged: Vec<Spanned> = Vec::new();
    let mut events = events.peekable();
    while let Some((event, range)) = events.next() {
        let Event::Text(first) = event else {
            merged.push((event, range));
            continue;
        };
        if !matches!(events.peek(), Some((Event::Text(_), _))) {
            merged.push((Event::Text(first), range));
            continue;
        }
        let mut joined = first.into_string();
        let mut end = range.end;
        while let Some((Event::Text(next), next_range)) = events.next_if(|(event, _)| matches!(event, Event::Text(_))) {
            joined.push_str(&next);
            end = next_range.end;
        }
        merged.push((Event::Text(joined.into()), range.start..end));
    }
    merged
}

/// The elements of the author's raw HTML whose text is never linked to a term: a term's button
/// and the link in its popover cannot sit in a link or a button, and code is not prose.
const NO_TERMS_INSIDE: [&str; 12] =
    ["a", "button", "label", "select", "textarea", "code", "kbd", "samp", "var", "pre", "svg", "math"];

/// How many elements whose text is never linked to a term (links, buttons, form fields, code, SVG
/// and MathML) are open after `html`, a piece of the author's inline HTML, when `open` were before
/// it. The renderer counts them so (and forgets them at the end of a block); so does the editor's
/// outline of a document, which must link the same words.
pub fn elements_without_terms(open: usize, html: &str) -> usize {
    raw_html::tag_names(html).into_iter().fold(open, |open, tag| match tag {
        raw_html::TagName::Start(name) if NO_TERMS_INSIDE.contains(&name.as_str()) => open + 1,
        raw_html::TagName::End(name) if NO_TERMS_INSIDE.contains(&name.as_str()) => open.saturating_sub(1),
        _ => open,
    })
}

/// How deeply Markdown containers may nest; the render passes recurse once per level.
pub const MAX_NESTING: usize = 100;

/// The range of the first container opened deeper than [`MAX_NESTING`], if any.
fn too_deep(events: &[Spanned]) -> Option<Range<usize>> {
    let mut depth = 0usize;
    for (event, range) in events {
        match event {
            Event::Start(_) => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Some(range.clone());
                }
            }
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

/// Index of the `End` matching the `Start` at `start`.
fn matching_end(events: &[Spanned], start: usize) -> usize {
    let mut depth = 0usize;
    for (i, (event, _)) in events.iter().enumerate().skip(start) {
        match event {
            Event::Start(_) => depth += 1,
            Event::End(_) => {
                depth -= 1;
                if depth == 0 {
                    return i;
                }
            }
            _ => {}
        }
    }
    events.len().saturating_sub(1)
}

fn plain_text(events: &[Spanned]) -> String {
    let mut text = String::new();
    for (event, _) in events {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
    text
}

/// Where a pending mention's sentence comes from.
enum MentionContext {
    /// This byte offset in the text of the block being rendered.
    At(usize),
    /// Already read (a mention inside a sidenote, whose text is not the block's).
    Known(String),
}

struct Renderer<'c, 'a> {
    ctx: &'c RenderContext<'c>,
    out: Vec<Event<'a>>,
    footnotes: HashMap<String, Vec<Spanned<'a>>>,
    /// Where each note is defined, by label (the last definition when there are several).
    note_definitions: BTreeMap<String, Range<usize>>,
    note_numbers: HashMap<String, usize>,
    in_note: bool,
    /// Rendering the print copy of a note: terms become plain links, nothing is recorded.
    plain_terms: bool,
    /// A `<span class="term-group">` is open around the last term, waiting for punctuation
    /// that must not wrap to the next line.
    group_open: bool,
    linked_terms: HashSet<usize>,
    term_counters: HashMap<usize, usize>,
    heading_ids: UniqueIds,
    headings: Vec<(u8, String, String)>,
    block_depth: usize,
    block_text: String,
    /// Mentions whose sentence is read when their block ends: term, anchor, where, how linked.
    pending_mentions: Vec<(usize, String, MentionContext, Linked)>,
    claims_seen: HashSet<String>,
    /// How many elements the author's inline HTML has opened around the text being rendered
    /// that a term's button cannot sit in (see [`NO_TERMS_INSIDE`]).
    raw_no_terms: usize,
    /// How many images the document has shown so far (the first loads at once, the rest lazily).
    images_shown: usize,
    /// Problems past [`MAX_PER_FILE`], not kept: (errors, all).
    untold: (usize, usize),
    result: Rendered,
}

impl<'c, 'a> Renderer<'c, 'a> {
    fn new(ctx: &'c RenderContext<'c>, events: &[Spanned<'a>]) -> Self {
        let mut footnotes = HashMap::new();
        let mut note_definitions = BTreeMap::new();
        let mut duplicates = Vec::new();
        let mut i = 0;
        while i < events.len() {
            if let Event::Start(Tag::FootnoteDefinition(label)) = &events[i].0 {
                let end = matching_end(events, i);
                footnotes.insert(label.to_string(), events[i + 1..end].to_vec());
                if let Some(first) = note_definitions.insert(label.to_string(), events[i].1.clone()) {
                    duplicates.push((label.to_string(), first));
                }
                i = end;
            }
            i += 1;
        }
        let mut renderer = Renderer {
            ctx,
            out: Vec::with_capacity(events.len()),
            footnotes,
            note_definitions,
            note_numbers: HashMap::new(),
            in_note: false,
            plain_terms: false,
            group_open: false,
            linked_terms: HashSet::new(),
            term_counters: HashMap::new(),
            heading_ids: UniqueIds::reserving(ctx.reserved_ids.iter().copied()),
            headings: Vec::new(),
            block_depth: 0,
            block_text: String::new(),
            pending_mentions: Vec::new(),
            claims_seen: HashSet::new(),
            raw_no_terms: 0,
            images_shown: 0,
            untold: (0, 0),
            result: Rendered::default(),
        };
        for (label, first) in duplicates {
            let message = format!("the note `[^{label}]` is defined twice; only the last text is shown");
            let help = "merge the two texts, or give one of them its own label".to_string();
            renderer.report(Diagnostic::warning("duplicate-note", &renderer.ctx.file.path, message), &first, help);
        }
        renderer
    }

    fn finish(mut self) -> Rendered {
        let unused: Vec<(String, Range<usize>)> = (self.note_definitions.iter())
            .filter(|(label, _)| !self.note_numbers.contains_key(*label))
            .map(|(label, range)| (label.clone(), range.clone()))
            .collect();
        for (label, range) in unused {
            let (message, help) = self.unused_note_message(&label);
            self.report(Diagnostic::warning("unused-note", &self.ctx.file.path, message), &range, help);
        }
        if self.untold.1 > 0 {
            let message = format!("and {} more problems in this file, not shown", self.untold.1);
            let help = format!("only the first {MAX_PER_FILE} of a file are shown: mend those and build again");
            let d = if self.untold.0 > 0 { Diagnostic::error } else { Diagnostic::warning };
            self.result.diagnostics.push(d("more-problems", &self.ctx.file.path, message).with_help(help));
        }
        pulldown_cmark::html::push_html(&mut self.result.html, self.out.into_iter());
        self.result.toc = blocks::nest_toc(&self.headings);
        if let Some(claims) = self.ctx.claims {
            for id in claims.keys().filter(|id| !self.claims_seen.contains(*id)) {
                let front = &self.ctx.file.text[..self.ctx.body_offset];
                let mut d = Diagnostic::error(
                    "unused-claim",
                    &self.ctx.file.path,
                    format!("the claim `{id}` is checked in the front matter but never marked in the text"),
                )
                .with_help(format!("mark the claimed words with `[...](claim:{id})`, or remove the entry"));
                if let Some(at) = front.find(&format!("{id}:")) {
                    d = d.at(&self.ctx.file.text, at..at + id.len());
                }
                self.result.diagnostics.push(d);
            }
        }
        self.result
    }

    /// What to say about the note `label`, which no reference in the text shows: whether the
    /// only references to it are in its own text or in another note's, which cannot show it.
    fn unused_note_message(&self, label: &str) -> (String, String) {
        let refers = |events: &[Spanned]| {
            events.iter().any(|(event, _)| matches!(event, Event::FootnoteReference(l) if l.as_ref() == label))
        };
        if self.footnotes.get(label).is_some_and(|events| refers(events)) {
            let message = format!("the note `[^{label}]` is referred to only from its own text, so it is not shown");
            let help = format!(
                "a note's text runs on to the next blank line: put one after `[^{label}]: …`, so the sentence \
                 that refers to it is the article's"
            );
            return (message, help);
        }
        let mut holders: Vec<&String> = (self.footnotes.iter())
            .filter(|(other, events)| other.as_str() != label && refers(events))
            .map(|(other, _)| other)
            .collect();
        holders.sort();
        match holders.first() {
            Some(other) => (
                format!("the note `[^{label}]` is referred to only from the note `[^{other}]`, which cannot show it"),
                format!("refer to it from the article's text, or merge its text into `[^{other}]`"),
            ),
            None => (
                format!("the note `[^{label}]` is never referred to, so it is not shown"),
                format!("refer to it with `[^{label}]` where it belongs, or remove it"),
            ),
        }
    }

    /// Adds `diagnostic`, located at `range` of the body, with `help`.
    fn report(&mut self, diagnostic: Diagnostic, range: &Range<usize>, help: String) {
        let offset = self.ctx.body_offset;
        self.keep(diagnostic.with_help(help), range.start + offset..range.end + offset);
    }

    fn error(&mut self, code: &'static str, range: &Range<usize>, message: String, help: Option<String>) {
        let mut d = Diagnostic::error(code, &self.ctx.file.path, message);
        d.help = help;
        let offset = self.ctx.body_offset;
        self.keep(d, range.start + offset..range.end + offset);
    }

    /// Adds `diagnostic`, located at `span` of the file, unless this is a note's print copy (its
    /// problems were reported with the note) or the document has [`MAX_PER_FILE`] already:
    /// then it is only counted, and [`Renderer::finish`] says how many more there were.
    fn keep(&mut self, diagnostic: Diagnostic, span: Range<usize>) {
        if self.plain_terms {
            return;
        }
        if self.result.diagnostics.len() >= MAX_PER_FILE {
            self.untold.0 += usize::from(diagnostic.severity == Severity::Error);
            self.untold.1 += 1;
            return;
        }
        self.result.diagnostics.push(diagnostic.at(&self.ctx.file.text, span));
    }

    fn walk(&mut self, events: &[Spanned<'a>], autolink: Autolink) {
        let mut i = 0;
        while i < events.len() {
            let (event, range) = &events[i];
            if self.group_open && !matches!(event, Event::Text(_)) {
                self.close_group();
            }
            match event {
                Event::Start(tag) => {
                    let end = matching_end(events, i);
                    let inner = &events[i + 1..end];
                    self.start(tag, range, inner, &events[end].0, autolink);
                    i = end + 1;
                    continue;
                }
                Event::Text(text) => self.text(text, autolink),
                Event::Code(code) => {
                    self.block_text.push_str(code);
                    self.out.push(event.clone());
                }
                Event::FootnoteReference(label) => self.footnote_reference(label, range),
                Event::InlineHtml(html) => {
                    self.track_raw_elements(html);
                    let html = self.raw_html(&[(html, range.clone())]).map_or_else(|| html.clone(), CowStr::from);
                    self.out.push(Event::InlineHtml(html));
                }
                Event::SoftBreak | Event::HardBreak => {
                    self.block_text.push(' ');
                    self.out.push(event.clone());
                }
                _ => self.out.push(event.clone()),
            }
            i += 1;
        }
        if self.group_open {
            self.close_group();
        }
    }

    fn close_group(&mut self) {
        self.group_open = false;
        self.out.push(Event::InlineHtml("</span>".into()));
    }

    /// Emits a term's markup inside a group that keeps the punctuation after it on its line.
    fn push_term(&mut self, markup: String) {
        if self.group_open {
            self.close_group();
        }
        self.out.push(Event::InlineHtml(format!("<span class=\"term-group\">{markup}").into()));
        self.group_open = true;
    }

    /// Emits text, first closing an open term group after any punctuation the text starts with.
    fn push_text(&mut self, text: CowStr<'a>) {
        if !self.group_open {
            self.out.push(Event::Text(text));
            return;
        }
        let cut = text.find(|c: char| !",.;:!?)]}\u{201d}\u{2019}\"'\u{2026}".contains(c)).unwrap_or(text.len());
        if cut > 0 {
            self.out.push(Event::Text(text[..cut].to_string().into()));
        }
        self.close_group();
        if cut < text.len() {
            self.out.push(Event::Text(text[cut..].to_string().into()));
        }
    }

    fn start(
        &mut self,
        tag: &Tag<'a>,
        range: &Range<usize>,
        inner: &[Spanned<'a>],
        end: &Event<'a>,
        autolink: Autolink,
    ) {
        match tag {
            Tag::FootnoteDefinition(_) => {}
            Tag::Heading { level, id, classes, attrs } => {
                let written = blocks::HeadingAttributes { id: id.as_deref(), classes, attrs };
                self.heading(*level as u8, written, inner, range)
            }
            Tag::Link { link_type: LinkType::WikiLink { .. }, dest_url, .. } => self.wikilink(dest_url, range, inner),
            Tag::Link { dest_url, .. } if dest_url.starts_with("claim:") => {
                self.claim(&dest_url["claim:".len()..], range, inner)
            }
            Tag::Link { link_type, dest_url, title, id } => {
                // An email autolink's URL is the address, which pulldown-cmark writes after `mailto:`.
                let dest_url = match link_type {
                    LinkType::Email => dest_url.clone(),
                    _ => self.internal_url(dest_url, range),
                };
                let tag = Tag::Link { link_type: *link_type, dest_url, title: title.clone(), id: id.clone() };
                self.wrap(tag, inner, end, Autolink::Never);
            }
            // The image's description is its alt text, which is plain: a link, term or note in it
            // is its words only (CommonMark allows links there), so none is annotated, rewritten
            // or recorded.
            Tag::Image { dest_url, title, .. } => self.inline_image(dest_url, title, range, inner),
            Tag::CodeBlock(kind) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(lang) => lang.as_ref(),
                    CodeBlockKind::Indented => "",
                };
                let code = plain_text(inner);
                self.out.push(Event::Html(highlight::code_block(lang, &code).into()));
                self.result.has_code = true;
            }
            Tag::BlockQuote(kind) => self.blockquote(*kind, inner, autolink),
            Tag::HtmlBlock => {
                let lines: Vec<(&CowStr, Range<usize>)> = (inner.iter())
                    .filter_map(|(event, range)| match event {
                        Event::Html(line) => Some((line, range.clone())),
                        _ => None,
                    })
                    .collect();
                self.out.push(Event::Start(tag.clone()));
                match self.raw_html(&lines) {
                    Some(html) => self.out.push(Event::Html(html.into())),
                    None => self.out.extend(inner.iter().map(|(event, _)| event.clone())),
                }
                self.out.push(end.clone());
            }
            Tag::Paragraph if !self.in_note && figures::lone_image(inner) => self.figure(inner),
            Tag::Paragraph | Tag::Item | Tag::TableCell | Tag::DefinitionListDefinition => {
                self.begin_block();
                self.wrap(tag.clone(), inner, end, autolink);
                self.end_block();
            }
            _ => self.wrap(tag.clone(), inner, end, autolink),
        }
    }

    fn wrap(&mut self, tag: Tag<'a>, inner: &[Spanned<'a>], end: &Event<'a>, autolink: Autolink) {
        self.out.push(Event::Start(tag));
        self.walk(inner, autolink);
        self.out.push(end.clone());
    }

    /// Renders `inner` into a separate HTML string (for the inside of annotations).
    fn render_inner(&mut self, inner: &[Spanned<'a>], autolink: Autolink) -> String {
        let saved = std::mem::take(&mut self.out);
        self.walk(inner, autolink);
        let events = std::mem::replace(&mut self.out, saved);
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, events.into_iter());
        html
    }

    fn begin_block(&mut self) {
        if self.block_depth == 0 {
            self.block_text.clear();
        }
        self.block_depth += 1;
    }

    /// Counts the elements that `html`, a tag of the author's inline HTML, opens or closes
    /// among those a term's button cannot sit in.
    fn track_raw_elements(&mut self, html: &str) {
        self.raw_no_terms = elements_without_terms(self.raw_no_terms, html);
    }

    fn end_block(&mut self) {
        self.block_depth = self.block_depth.saturating_sub(1);
        if self.block_depth == 0 {
            // An element the author's HTML left open ends with its block, as far as terms go.
            self.raw_no_terms = 0;
            for (term, anchor, at, linked) in std::mem::take(&mut self.pending_mentions) {
                let context = match at {
                    MentionContext::At(offset) => html::sentence_around(&self.block_text, offset),
                    MentionContext::Known(sentence) => sentence,
                };
                self.result.mentions.push(Mention { term, anchor, context, linked });
            }
        }
    }

    fn text(&mut self, text: &CowStr<'a>, autolink: Autolink) {
        if !self.in_note {
            self.result.word_count += html::word_count(text);
        }
        let block_start = self.block_text.len();
        self.block_text.push_str(text);
        if autolink == Autolink::Never || !self.ctx.autolink || self.in_note || self.raw_no_terms > 0 {
            self.push_text(text.clone());
            return;
        }
        let mut last = 0;
        for found in self.ctx.glossary.matcher.find_all(text) {
            let term = found.term;
            if self.linked_terms.contains(&term) || self.ctx.self_term == Some(term) {
                continue;
            }
            if found.start > last {
                self.push_text(text[last..found.start].to_string().into());
            }
            let written = &text[found.start..found.end];
            let lower_case = written.chars().any(char::is_lowercase) && !written.chars().any(char::is_uppercase);
            let linked = Linked::Automatically { lower_case };
            let markup = self.term_markup(term, &html::escape(written), block_start + found.start, linked);
            self.push_term(markup);
            last = found.end;
        }
        match last {
            0 => self.push_text(text.clone()),
            _ if last < text.len() => self.push_text(text[last..].to_string().into()),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests;
