//! What an annotated Markdown document holds, with byte spans in its file: term links, claim
//! links, note references and definitions, links, headings and the prose that mentions terms.
//! Read from pulldown-cmark's event stream with the renderer's options, so the editor sees the
//! document as a build does; pure functions of the text (and the glossary, for mentions).

use crate::render::{elements_without_terms, parser_options};
use crate::resolve::Glossary;
use pulldown_cmark::{CowStr, Event, LinkType, Parser, Tag, TagEnd};
use std::collections::{HashMap, HashSet};
use std::ops::Range;

/// A `[[target]]` or `[[target|words]]` link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TermLink {
    /// The target as the parser read it (a slug, a name or an alias).
    pub target: String,
    /// The whole link, brackets included.
    pub span: Range<usize>,
    /// The target as written between `[[` and `|` or `]]`.
    pub target_span: Range<usize>,
    /// Inside a note's definition (which does not count as the document's first mention).
    pub in_note: bool,
}

/// A `[words](claim:id)` link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimLink {
    /// The claim id.
    pub id: String,
    /// The whole link.
    pub span: Range<usize>,
    /// The id as written after `claim:`, when it is written in the link.
    pub id_span: Option<Range<usize>>,
}

/// A note reference `[^label]` or definition `[^label]: text`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// The label.
    pub label: String,
    /// The reference, or the whole definition.
    pub span: Range<usize>,
}

/// Any other link or image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// The destination as the parser read it.
    pub url: String,
    /// The whole link.
    pub span: Range<usize>,
    /// The destination as written, when it is written in the link (not a reference).
    pub url_span: Option<Range<usize>>,
}

/// A heading with the id a build gives it (its `{#id}`, else its title as a slug).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// The id.
    pub id: String,
    /// The heading's line.
    pub span: Range<usize>,
}

/// A run of prose where terms link by themselves: not in a heading, link, claim, image, code or
/// note, as the renderer links first mentions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prose {
    /// The text as the parser read it (entities decoded, smart punctuation applied).
    pub text: String,
    /// Where it is written.
    pub span: Range<usize>,
}

/// A document's annotations, with spans in the whole file's text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Outline {
    /// `[[...]]` links.
    pub term_links: Vec<TermLink>,
    /// `claim:` links.
    pub claim_links: Vec<ClaimLink>,
    /// `[^label]` references.
    pub note_refs: Vec<Note>,
    /// `[^label]: ...` definitions.
    pub note_defs: Vec<Note>,
    /// Other links and images.
    pub links: Vec<Link>,
    /// Headings.
    pub headings: Vec<Heading>,
    /// Prose where terms link by themselves.
    pub prose: Vec<Prose>,
}

/// Reads the annotations of the Markdown body starting at `body_offset` of `text`.
pub fn outline(text: &str, body_offset: usize) -> Outline {
    let body = &text[body_offset.min(text.len())..];
    let at = |range: Range<usize>| range.start + body_offset..range.end + body_offset;
    let mut outline = Outline::default();
    // How many open elements keep terms from linking by themselves, and how many notes are open.
    let (mut quiet, mut notes) = (0usize, 0usize);
    // Elements of the author's inline HTML that keep terms from linking (a `<code>`, an `<a>`),
    // forgotten at the end of the outermost block as the renderer forgets them.
    let (mut raw_quiet, mut blocks) = (0usize, 0usize);
    let mut heading: Option<(Option<String>, String, Range<usize>)> = None;
    for (event, range) in Parser::new_ext(body, parser_options()).into_offset_iter() {
        match event {
            Event::Start(Tag::Link { link_type: LinkType::WikiLink { .. }, dest_url, .. }) => {
                let span = at(range.clone());
                let written = &body[range.clone()];
                let inner = written.strip_prefix("[[").unwrap_or(written);
                let target_len = inner.find(['|', ']']).unwrap_or(inner.len());
                let target_start = span.start + (written.len() - inner.len());
                let target_span = target_start..target_start + target_len;
                outline.term_links.push(TermLink {
                    target: dest_url.to_string(),
                    span,
                    target_span,
                    in_note: notes > 0,
                });
                quiet += 1;
            }
            Event::Start(Tag::Link { dest_url, .. }) if dest_url.starts_with("claim:") => {
                let id = dest_url["claim:".len()..].to_string();
                let written = &body[range.clone()];
                let id_span = written.rfind(&format!("claim:{id}")).map(|found| {
                    let start = range.start + body_offset + found + "claim:".len();
                    start..start + id.len()
                });
                outline.claim_links.push(ClaimLink { id, span: at(range), id_span });
                quiet += 1;
            }
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                outline.links.push(link(&dest_url, body, range, body_offset));
                quiet += 1;
            }
            Event::Start(Tag::Heading { id, .. }) => {
                heading = Some((id.map(|id| id.to_string()), String::new(), at(range)));
                quiet += 1;
            }
            Event::Start(Tag::CodeBlock(_)) => quiet += 1,
            Event::Start(Tag::FootnoteDefinition(label)) => {
                outline.note_defs.push(Note { label: label.to_string(), span: at(range) });
                notes += 1;
                quiet += 1;
            }
            Event::End(TagEnd::Heading(_)) => {
                quiet -= 1;
                if let Some((id, title, span)) = heading.take() {
                    let id = id.unwrap_or_else(|| crate::slug::slugify(&title));
                    outline.headings.push(Heading { id, span });
                }
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                notes -= 1;
                quiet -= 1;
            }
            Event::End(TagEnd::Link | TagEnd::Image | TagEnd::CodeBlock) => quiet -= 1,
            Event::FootnoteReference(label) => {
                outline.note_refs.push(Note { label: label.to_string(), span: at(range) });
            }
            Event::Text(text) | Event::Code(text) if heading.is_some() => {
                if let Some((_, title, _)) = heading.as_mut() {
                    title.push_str(&text);
                }
            }
            Event::Start(Tag::Paragraph | Tag::Item | Tag::TableCell | Tag::DefinitionListDefinition) => blocks += 1,
            Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell | TagEnd::DefinitionListDefinition) => {
                blocks = blocks.saturating_sub(1);
                if blocks == 0 {
                    raw_quiet = 0;
                }
            }
            Event::InlineHtml(html) => raw_quiet = elements_without_terms(raw_quiet, &html),
            Event::Text(text) if quiet == 0 && raw_quiet == 0 => push_prose(&mut outline.prose, text, at(range)),
            _ => {}
        }
    }
    outline
}

/// Adds a run of prose, joined to the one before when the parser split one run in two (around
/// smart quotes, say), as the renderer joins them before it looks for terms.
fn push_prose(prose: &mut Vec<Prose>, text: CowStr, span: Range<usize>) {
    match prose.last_mut() {
        Some(last) if last.span.end == span.start => {
            last.text.push_str(&text);
            last.span.end = span.end;
        }
        _ => prose.push(Prose { text: text.to_string(), span }),
    }
}

fn link(url: &str, body: &str, range: Range<usize>, body_offset: usize) -> Link {
    let written = &body[range.clone()];
    // The destination follows the link text: look for it after the last `](`.
    let url_span = (!url.is_empty())
        .then(|| written.rfind("](").and_then(|open| written[open..].find(url).map(|at| open + at)))
        .flatten()
        .map(|found| {
            let start = range.start + body_offset + found;
            start..start + url.len()
        });
    Link { url: url.to_string(), span: range.start + body_offset..range.end + body_offset, url_span }
}

/// A term named in a document, and how.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    /// The term's index in the glossary.
    pub term: usize,
    /// The words.
    pub span: Range<usize>,
    /// Whether it is a `[[...]]` link, not a word that links by itself.
    pub explicit: bool,
}

/// The words of `prose` that name a term (every one, not only those the build links), with spans
/// in the file: for hovers and the "link this term" action.
pub fn named_terms(prose: &[Prose], text: &str, glossary: &Glossary) -> Vec<Mention> {
    let mut found = Vec::new();
    for run in prose {
        let written = &text[run.span.clone()];
        // Offsets of the parsed text are those of the file when the two agree; otherwise (entities,
        // smart quotes) the words are looked for in the file's text itself.
        let source = if written == run.text { &run.text } else { written };
        for m in glossary.matcher.find_all(source) {
            let span = run.span.start + m.start..run.span.start + m.end;
            found.push(Mention { term: m.term, span, explicit: false });
        }
    }
    found
}

/// The terms a build links in this document, where: every `[[...]]` link that names a term, and
/// the first word naming each term not linked before it (when `autolink` is on and the term is
/// not the document's own, `self_term`), as the renderer links them: in document order, a
/// note's links counting where the note is first referred to (where the renderer shows it).
pub fn mentions(
    outline: &Outline,
    text: &str,
    glossary: &Glossary,
    autolink: bool,
    self_term: Option<usize>,
) -> Vec<Mention> {
    let explicit: Vec<(usize, &TermLink)> =
        outline.term_links.iter().filter_map(|link| glossary.find(&link.target).map(|term| (term, link))).collect();
    let mut all: Vec<Mention> =
        explicit.iter().map(|(term, link)| Mention { term: *term, span: link.span.clone(), explicit: true }).collect();
    if autolink {
        all.extend(first_mentions(outline, text, glossary, &explicit, self_term));
    }
    all.sort_by_key(|m| m.span.start);
    all
}

/// What the renderer meets, in document order, that decides which words link by themselves.
enum Step<'o> {
    /// A `[[...]]` link of the text (not of a note) to this term.
    Link(usize),
    /// The first reference to the note with this label: its `[[...]]` links count from here.
    Note(&'o str),
    /// A run of prose.
    Prose(&'o Prose),
}

/// The words that link a term by themselves: the first naming each term that no `[[...]]` link
/// (of `explicit`) met before it links, and that is not `self_term`.
fn first_mentions(
    outline: &Outline,
    text: &str,
    glossary: &Glossary,
    explicit: &[(usize, &TermLink)],
    self_term: Option<usize>,
) -> Vec<Mention> {
    let mut steps: Vec<(usize, Step)> = Vec::new();
    steps.extend(explicit.iter().filter(|(_, l)| !l.in_note).map(|(term, l)| (l.span.start, Step::Link(*term))));
    let mut referred = HashSet::new();
    for note in &outline.note_refs {
        if referred.insert(note.label.as_str()) {
            steps.push((note.span.start, Step::Note(&note.label)));
        }
    }
    steps.extend(outline.prose.iter().map(|run| (run.span.start, Step::Prose(run))));
    steps.sort_by_key(|(at, _)| *at);
    // A label's text is its last definition's, as the renderer reads the notes.
    let definitions: HashMap<&str, &Range<usize>> =
        outline.note_defs.iter().map(|note| (note.label.as_str(), &note.span)).collect();
    let mut linked: HashSet<usize> = self_term.into_iter().collect();
    let mut found = Vec::new();
    for (_, step) in steps {
        match step {
            Step::Link(term) => {
                linked.insert(term);
            }
            Step::Note(label) => {
                let Some(definition) = definitions.get(label) else { continue };
                let inside = explicit.iter().filter(|(_, l)| l.in_note && definition.contains(&l.span.start));
                linked.extend(inside.map(|(term, _)| *term));
            }
            Step::Prose(run) => {
                let words = named_terms(std::slice::from_ref(run), text, glossary);
                found.extend(words.into_iter().filter(|m| linked.insert(m.term)));
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "---\ntitle: x\n---\n# A [[qwen]] title {#top}\n\nSee [[distillation|distilled]] and \
                        [the claim](claim:c-1) here.[^n]\n\n[^n]: A [[tokens]] note.\n\n![map](map.png) [up](/glossary/#a)\n";

    #[test]
    fn annotations_are_found_at_their_spans_in_the_file() {
        let body = TEXT.find("# A").unwrap();
        let outline = outline(TEXT, body);
        let spans = |span: &Range<usize>| &TEXT[span.clone()];
        let terms: Vec<(&str, &str, bool)> =
            outline.term_links.iter().map(|l| (spans(&l.span), spans(&l.target_span), l.in_note)).collect();
        assert_eq!(
            terms,
            [
                ("[[qwen]]", "qwen", false),
                ("[[distillation|distilled]]", "distillation", false),
                ("[[tokens]]", "tokens", true)
            ]
        );
        let claim = &outline.claim_links[0];
        assert_eq!(
            (claim.id.as_str(), spans(&claim.span), spans(claim.id_span.as_ref().unwrap())),
            ("c-1", "[the claim](claim:c-1)", "c-1")
        );
        assert_eq!(spans(&outline.note_refs[0].span), "[^n]");
        assert!(spans(&outline.note_defs[0].span).starts_with("[^n]: A"));
        let links: Vec<(&str, &str)> =
            outline.links.iter().map(|l| (l.url.as_str(), spans(l.url_span.as_ref().unwrap()))).collect();
        assert_eq!(links, [("map.png", "map.png"), ("/glossary/#a", "/glossary/#a")]);
        assert_eq!(outline.headings[0].id, "top");
    }

    #[test]
    fn prose_leaves_out_headings_links_claims_code_and_notes() {
        let text = "# Heading words\n\nPlain *words* here [[x|not]] [no](claim:c) `code`\n\n```\ncode\n```\n\n[^n]: note words\n";
        let prose: Vec<&str> = outline(text, 0).prose.iter().map(|p| &text[p.span.clone()]).collect();
        assert_eq!(prose, ["Plain ", "words", " here ", " ", " "]);
    }

    /// The terms of `body` (an article's Markdown) that `mentions` finds and those the renderer
    /// links, by slug in alphabetical order, with a glossary of two terms.
    fn found_and_rendered(body: &str) -> (Vec<String>, Vec<String>) {
        use crate::load::{parse_source, Parsed, SourceFile};
        use crate::model::Urls;
        use crate::render::{definitions, render, RenderContext};
        use crate::sanitize::SafeMode;
        let term = |slug: &str, name: &str| {
            let text = format!("---\nterm: {name}\nshort: A {name}.\n---\n");
            match parse_source(SourceFile { path: format!("content/glossary/{slug}.md").into(), text: text.into() }) {
                Ok(Parsed::Term(doc)) => doc,
                other => panic!("{other:?}"),
            }
        };
        let urls = Urls::new("/");
        let (glossary, _) = Glossary::new(&[term("token", "token"), term("distillation", "distillation")], &urls);
        let definitions = definitions(&glossary, &urls, SafeMode::Off);
        let file = SourceFile { path: "content/articles/a.md".into(), text: body.into() };
        let ctx = RenderContext {
            file: &file,
            body_offset: 0,
            glossary: &glossary,
            urls: &urls,
            claims: None,
            autolink: true,
            self_term: None,
            page_path: "articles/a/",
            safe: SafeMode::Off,
            reserved_ids: &[],
            definitions: &definitions,
            images: &crate::images::NO_IMAGES,
            sources: &crate::resolve::sources::Sources::default(),
            citable: None,
        };
        let slug = |term: usize| glossary.terms[term].slug.clone();
        let mut rendered: Vec<String> = render(body, &ctx).mentions.iter().map(|m| slug(m.term)).collect();
        let outline = outline(body, 0);
        let mut found: Vec<String> =
            mentions(&outline, body, &glossary, true, None).iter().map(|m| slug(m.term)).collect();
        // A note's mentions are where it is written, and where it is shown in the rendered page.
        found.sort();
        rendered.sort();
        (found, rendered)
    }

    #[test]
    fn a_first_mention_before_the_terms_link_links_by_itself_as_the_renderer_links_it() {
        let (found, rendered) = found_and_rendered("A token here, and [[token]] later.\n");
        assert_eq!(found, ["token", "token"], "the word and the link");
        assert_eq!(found, rendered);
    }

    #[test]
    fn a_notes_term_link_counts_where_the_note_is_first_referred_to() {
        let body = "Words.[^n] Then a token and distillation.\n\n[^n]: On [[token]].\n\nAnd [[distillation]].\n";
        let (found, rendered) = found_and_rendered(body);
        assert_eq!(found, ["distillation", "distillation", "token"], "the note links token before the text names it");
        assert_eq!(found, rendered);
        let (found, rendered) = found_and_rendered("A token.[^n]\n\n[^n]: On [[token]].\n");
        assert_eq!(found, ["token", "token"], "the word comes before the note is shown");
        assert_eq!(found, rendered);
    }

    #[test]
    fn words_inside_the_authors_inline_code_or_link_do_not_link() {
        let (found, rendered) =
            found_and_rendered("A <code>token</code> and <a href=\"/x/\">distillation</a>.\n\nA token.\n");
        assert_eq!(found, ["token"]);
        assert_eq!(found, rendered);
    }

    #[test]
    fn the_terms_found_are_those_the_renderer_links_in_every_document_of_the_bundled_site() {
        use crate::load::{load, LoadOptions};
        use crate::model::Urls;
        use crate::render::{definitions, render, RenderContext};
        use crate::sanitize::SafeMode;
        let (content, _) = load(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")),
            LoadOptions { drafts: true, ..LoadOptions::default() },
        );
        let urls = Urls::new("/");
        let (glossary, _) = Glossary::new(&content.terms, &urls);
        let definitions = definitions(&glossary, &urls, SafeMode::Off);
        let articles =
            content.articles.iter().map(|d| (&d.file, d.body_offset, Some(&d.meta.claims), d.meta.autolink, None));
        let terms = content.terms.iter().enumerate().map(|(i, d)| (&d.file, d.body_offset, None, None, Some(i)));
        let pages = content.pages.iter().map(|d| (&d.file, d.body_offset, None, None, None));
        let mut compared = 0;
        for (file, body_offset, claims, autolink, self_term) in articles.chain(terms).chain(pages) {
            let autolink = autolink.unwrap_or(content.config.autolink);
            let ctx = RenderContext {
                file,
                body_offset,
                glossary: &glossary,
                urls: &urls,
                claims,
                autolink,
                self_term,
                page_path: "",
                safe: SafeMode::Off,
                reserved_ids: &crate::theme::PAGE_IDS,
                definitions: &definitions,
                images: &crate::images::NO_IMAGES,
                sources: &crate::resolve::sources::Sources::default(),
                citable: None,
            };
            let mut rendered: Vec<usize> =
                render(&file.text[body_offset..], &ctx).mentions.iter().map(|m| m.term).collect();
            let outline = outline(&file.text, body_offset);
            let mut found: Vec<usize> =
                mentions(&outline, &file.text, &glossary, autolink, self_term).iter().map(|m| m.term).collect();
            rendered.sort();
            found.sort();
            assert_eq!(found, rendered, "{}", file.path.display());
            compared += found.len();
        }
        assert!(compared > 100, "the bundled site links terms: {compared}");
    }
}
