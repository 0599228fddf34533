//! Render stage: the short Markdown of front matter — claim notes and corrections — rendered
//! without annotations, but with its links made to work like the body's: root-relative links
//! under the site's base path, relative ones read from the file's folder, `[[term]]` as a link
//! to the term's page, and a `claim:` link (which marks nothing outside the body) as its text.

use super::{parser_options, InternalLink};
use crate::diagnostic::Diagnostic;
use crate::model::Urls;
use crate::resolve::Glossary;
use crate::sanitize::{SafeFilter, SafeMode};
use pulldown_cmark::{CowStr, Event, LinkType, Parser, Tag, TagEnd};
use std::path::Path;

/// What links in front-matter Markdown resolve against.
#[derive(Debug, Clone, Copy)]
pub struct PlainLinks<'a> {
    /// The site's URLs (its base path).
    pub urls: &'a Urls,
    /// The glossary, for `[[term]]`.
    pub glossary: &'a Glossary,
    /// The content file whose front matter holds the Markdown, for relative links.
    pub source: &'a Path,
}

/// A link in front-matter Markdown, as the author wrote it.
#[derive(Debug, Clone, PartialEq, Eq)]
enum PlainLink {
    /// A root-relative link (`/glossary/`) or a relative one (`other.md`): its site path
    /// without the leading slash, and the URL as written.
    Internal {
        /// The site path (`glossary/`, `articles/other/`).
        target: String,
        /// The URL as written (`/glossary/`, `other.md`).
        written: String,
    },
    /// A relative link climbing out of content/, as written.
    ClimbsOut(String),
    /// A `[[term]]` link naming no glossary term.
    UnknownTerm(String),
}

/// How front-matter Markdown sits in the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// Inside a sentence or a popover: the paragraph tags are dropped (a space parts paragraphs).
    Inline,
    /// As blocks, paragraphs and all.
    Blocks,
}

/// Renders Markdown with no annotations (claim notes, corrections), shaped to fit where it goes;
/// in safe mode without raw HTML or script URLs.
pub fn render_plain(markdown: &str, shape: Shape, safe: SafeMode, links: PlainLinks) -> String {
    let inline = shape == Shape::Inline;
    let mut filter = SafeFilter::default();
    let parser = Parser::new_ext(markdown, parser_options()).filter_map(|e| {
        if safe == SafeMode::On {
            filter.apply(e)
        } else {
            Some(e)
        }
    });
    let mut first = true;
    let mut dropped_links = Vec::new();
    let events: Vec<Event> = parser
        .filter_map(|event| match event {
            Event::Start(Tag::Paragraph) if inline && first => {
                first = false;
                None
            }
            Event::Start(Tag::Paragraph) if inline => Some(Event::InlineHtml(" ".into())),
            Event::End(TagEnd::Paragraph) if inline => None,
            Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
                let dest_url = match resolve(link_type, &dest_url, links) {
                    Some(url) => url,
                    None => {
                        dropped_links.push(true);
                        return None;
                    }
                };
                dropped_links.push(false);
                Some(Event::Start(Tag::Link { link_type, dest_url, title, id }))
            }
            Event::End(TagEnd::Link) => (!dropped_links.pop().unwrap_or(false)).then_some(event),
            Event::Start(Tag::Image { link_type, dest_url, title, id }) => {
                let dest_url = rooted(&dest_url, links).unwrap_or(dest_url);
                Some(Event::Start(Tag::Image { link_type, dest_url, title, id }))
            }
            other => Some(other),
        })
        .collect();
    let mut out = String::new();
    pulldown_cmark::html::push_html(&mut out, events.into_iter());
    out.trim_end().to_string()
}

/// A glossary term's one-sentence definition (`short:`, inline Markdown), rendered once per build
/// for every place that shows it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Definition {
    /// As inline HTML, escaped and linked like the rest of the front matter's Markdown: for the
    /// popovers and the theme's term lists.
    pub html: String,
    /// As plain text: for meta descriptions, JSON-LD and the search index, where markup is wrong.
    pub text: String,
}

/// The definition `short` of a term whose file is `links.source`.
pub fn definition(short: &str, safe: SafeMode, links: PlainLinks) -> Definition {
    Definition { html: render_plain(short, Shape::Inline, safe, links), text: plain_text_of(short) }
}

/// The text of inline Markdown without its markup: its words, code spans' code, a link's text;
/// line breaks as spaces, runs of whitespace as one.
pub fn plain_text_of(markdown: &str) -> String {
    let mut text = String::new();
    for event in Parser::new_ext(markdown, parser_options()) {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak | Event::End(TagEnd::Paragraph) => text.push(' '),
            _ => {}
        }
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The URL a link of front-matter Markdown gets, or `None` when it is shown as its text only
/// (a `claim:` link, a `[[term]]` naming no term).
fn resolve<'e>(link_type: LinkType, dest: &CowStr<'e>, links: PlainLinks) -> Option<CowStr<'e>> {
    if matches!(link_type, LinkType::WikiLink { .. }) {
        let term = links.glossary.find(dest)?;
        return Some(links.glossary.terms[term].url.clone().into());
    }
    if dest.starts_with("claim:") {
        return None;
    }
    Some(rooted(dest, links).unwrap_or_else(|| dest.clone()))
}

/// A root-relative or relative URL as a root-relative one under the site's base path.
fn rooted<'e>(dest: &str, links: PlainLinks) -> Option<CowStr<'e>> {
    if dest.starts_with('/') && !dest.starts_with("//") {
        return Some(links.urls.path(dest).into());
    }
    let target = relative(dest, links.source)?;
    Some(links.urls.path(&target).into())
}

/// The site path a relative `dest` of `source` names, when it is relative and stays in content/.
fn relative(dest: &str, source: &Path) -> Option<String> {
    crate::resolve::links::is_relative(dest).then(|| crate::resolve::links::relative_target(source, dest)).flatten()
}

/// The links of `markdown` (in the front matter of `source`) that a build checks: root-relative
/// and relative ones, and `[[term]]`s naming no term, in order.
fn checked_links(markdown: &str, glossary: &Glossary, source: &Path) -> Vec<PlainLink> {
    Parser::new_ext(markdown, parser_options())
        .filter_map(|event| match event {
            Event::Start(Tag::Link { link_type: LinkType::WikiLink { .. }, dest_url, .. }) => {
                glossary.find(&dest_url).is_none().then(|| PlainLink::UnknownTerm(dest_url.to_string()))
            }
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. })
                if dest_url.starts_with('/') && !dest_url.starts_with("//") =>
            {
                let target = dest_url.trim_start_matches('/').to_string();
                Some(PlainLink::Internal { target, written: dest_url.to_string() })
            }
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. })
                if crate::resolve::links::is_relative(&dest_url) =>
            {
                Some(match relative(&dest_url, source) {
                    Some(target) => PlainLink::Internal { target, written: dest_url.to_string() },
                    None => PlainLink::ClimbsOut(dest_url.to_string()),
                })
            }
            _ => None,
        })
        .collect()
}

/// Checks the links of front-matter Markdown as the body's are checked: `markdown` is the value
/// of the field `what` (e.g. "the note of the claim `x`"), written in `text`'s front matter
/// (`text[..front_end]`) at or after byte `from`. Returns the root-relative and relative links,
/// for the broken-link check, and the problems (an unknown `[[term]]`, a `[^note]`, which such a
/// field cannot hold, a relative link out of content/) with their spans; each is located where
/// the front matter writes it.
pub fn check_front_matter_links(
    markdown: &str,
    what: &str,
    (text, front_end, from): (&str, usize, usize),
    file: &std::path::Path,
    glossary: &Glossary,
) -> (Vec<InternalLink>, Vec<(Diagnostic, std::ops::Range<usize>)>) {
    let front = &text[..front_end.min(text.len())];
    let from = from.min(front.len());
    let locate = |needle: &str| {
        let at = front[from..].find(needle).map_or(from, |i| from + i);
        at..at + needle.len()
    };
    let mut links = Vec::new();
    let mut problems = Vec::new();
    if markdown.contains("[^") {
        let d = Diagnostic::error("misplaced-note", file, format!("{what} refers to a sidenote, which it cannot hold"))
            .with_help("put the sidenote's text in it, or the reference in the article text");
        problems.push((d, locate("[^")));
    }
    for link in checked_links(markdown, glossary, file) {
        match link {
            PlainLink::Internal { target, written } => {
                let relative = !written.starts_with('/');
                links.push(InternalLink { target, span: locate(&written), relative });
            }
            PlainLink::ClimbsOut(written) => problems.push((super::climbs_out(file, &written), locate(&written))),
            PlainLink::UnknownTerm(name) => {
                let d = Diagnostic::error("unknown-term", file, format!("unknown glossary term `{name}` in {what}"));
                let help = glossary.suggest(&name).map_or_else(
                    || "link an existing term, or write the words without `[[ ]]`".to_string(),
                    |s| format!("did you mean `[[{s}]]`?"),
                );
                problems.push((d.with_help(help), locate(&name)));
            }
        }
    }
    (links, problems)
}
