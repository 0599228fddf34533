//! Reading a saved web page: the metadata from its head ([`super::meta`]), the article body
//! picked out of the page by `dom_smoothie` (a port of Mozilla's Readability, the reader view of
//! Firefox), and that body walked element by element into blocks: headings, paragraphs, lists,
//! quotes with their `<footer>`/`<cite>` as attribution, figures, code and tables, with links
//! made absolute. Navigation, cookie banners, ads, related boxes, scripts and footers are what
//! the extractor leaves behind; furniture it lets through is dropped like in pasted text.

use super::byline::{header_line, DateLabel, HeaderPiece};
use super::doc::{plain, Block, Dropped, Extracted, Found, Image, ListKind, Reason, Span};
use super::furniture::furniture;
use super::meta::{collapse, is_url, page_metadata};
use super::prose::strip_dash;
use dom_query::{Document, NodeRef};

/// Reads a saved page into blocks and metadata.
pub fn read_html(html: &str) -> Extracted {
    let doc = Document::from(html);
    let mut extracted = Extracted { meta: page_metadata(&doc), ..Extracted::default() };
    let base = extracted.meta.url.as_ref().map(|u| u.value.clone());
    mark_attributions(&doc);
    let mut walker = Walker { base: base.as_deref(), unresolved: 0 };
    let outline = article_outline(&doc, &mut walker);
    let depth = nesting(&doc);
    // The parsed page stays for the fallback when the extractor is not given it.
    let (article, unread) = if depth > MAX_NESTING {
        let why = format!("the page nests its elements {depth} levels deep, more than the {MAX_NESTING} the article extractor is given");
        (Err(why), Some(doc))
    } else {
        let parsed = dom_smoothie::Readability::with_document(doc, None, None).and_then(|mut r| r.parse());
        (parsed.map_err(|e| e.to_string()), None)
    };
    let mut blocks = match article {
        Ok(article) => {
            if extracted.meta.byline.is_none() {
                extracted.meta.byline =
                    article.byline.as_deref().and_then(collapse).map(|b| Found::new(b, "the page's byline"));
            }
            let content = Document::from(article.content);
            walker.children(&content.root(), 0)
        }
        Err(why) => {
            extracted.notes.push(format!(
                "the article could not be picked out of the page ({why}); the whole page body was read, check what came along"
            ));
            let whole = unread.unwrap_or_else(|| {
                let whole = Document::from(html);
                mark_attributions(&whole);
                whole
            });
            whole_body(&whole, &mut walker)
        }
    };
    let lead = lead_figures(outline, &blocks);
    blocks.splice(0..0, lead);
    extracted.blocks = tidy_blocks(blocks, &mut extracted);
    if walker.unresolved > 0 {
        extracted.notes.push(format!(
            "{} relative link{} kept as text: the page gives no address of its own (canonical or og:url) to resolve {} against",
            walker.unresolved,
            if walker.unresolved == 1 { " was" } else { "s were" },
            if walker.unresolved == 1 { "it" } else { "them" },
        ));
    }
    extracted
}

/// Deepest nesting of elements given to the article extractor, whose work grows faster than
/// the square of the depth (a page 2,000 levels deep takes it seconds, 20,000 levels minutes);
/// real pages nest a few dozen levels.
const MAX_NESTING: usize = 400;

/// How deep the page's elements nest, counted without recursion (and only up to just past
/// [`MAX_NESTING`]).
fn nesting(doc: &Document) -> usize {
    let mut deepest = 0;
    let mut stack = vec![(doc.root(), 0)];
    while let Some((node, depth)) = stack.pop() {
        deepest = deepest.max(depth);
        if depth > MAX_NESTING {
            break;
        }
        stack.extend(node.children_it(false).filter(|c| c.is_element()).map(|c| (c, depth + 1)));
    }
    deepest
}

/// Turns each quote's `<footer>` and `<cite>` children into a last paragraph starting with a
/// dash, before the extractor (which drops footers) sees the page: glosa writes an attribution
/// as such a paragraph.
fn mark_attributions(doc: &Document) {
    let Some(found) = doc.try_select("blockquote > footer, blockquote > cite") else {
        return;
    };
    for node in found.nodes() {
        let text = node.text();
        let dash = if strip_dash(text.trim()).len() < text.trim().len() { "" } else { "— " };
        let target = match node.parent() {
            Some(parent) if parent.node_name().as_deref() == Some("p") => parent,
            _ => *node,
        };
        target.replace_with_html(format!("<p>{dash}{}</p>", node.inner_html()));
    }
}

/// The figures and paragraph texts of the page's `<article>` (else `<main>`) in order, to find
/// the lead picture the extractor tends to leave out with the page header around it.
fn article_outline(doc: &Document, walker: &mut Walker) -> Vec<Outline> {
    let Some(article) = doc.try_select("article").or_else(|| doc.try_select("main")) else {
        return Vec::new();
    };
    let Some(article) = article.nodes().first() else {
        return Vec::new();
    };
    let mut outline = Vec::new();
    for node in article.descendants() {
        match node.node_name().as_deref() {
            Some("p") => outline.extend(collapse(&node.text()).map(Outline::Paragraph)),
            Some("figure") if named(&node, "img").next().is_some() && !inside(&node, &["nav", "aside", "footer"]) => {
                outline.extend(walker.block(&node, 0).into_iter().map(Outline::Figure));
            }
            _ => {}
        }
    }
    outline
}

/// A figure or a paragraph's text, in the order of the page.
enum Outline {
    Figure(Block),
    Paragraph(String),
}

/// The figures of `outline` before the paragraph that starts the extracted `blocks` and not
/// among them: the lead picture.
fn lead_figures(outline: Vec<Outline>, blocks: &[Block]) -> Vec<Block> {
    let Some(first) = blocks.iter().find_map(|b| if let Block::Paragraph(p) = b { Some(plain(p)) } else { None })
    else {
        return Vec::new();
    };
    let Some(end) = outline.iter().position(|o| matches!(o, Outline::Paragraph(text) if *text == first)) else {
        return Vec::new();
    };
    let kept = image_sources(blocks);
    outline
        .into_iter()
        .take(end)
        .filter_map(|o| match o {
            Outline::Figure(figure) => Some(figure),
            Outline::Paragraph(_) => None,
        })
        .filter(|figure| !matches!(figure, Block::Figure { image: Some(image), .. } if kept.contains(&image.src)))
        .collect()
}

/// The elements named `name` inside `node`.
fn named<'a>(node: &NodeRef<'a>, name: &'a str) -> impl Iterator<Item = NodeRef<'a>> + 'a {
    node.descendants().into_iter().filter(move |d| d.node_name().as_deref() == Some(name))
}

/// Whether `node` is inside an element named one of `names`.
fn inside(node: &NodeRef, names: &[&str]) -> bool {
    node.ancestors_it(None).any(|a| a.node_name().is_some_and(|n| names.contains(&n.as_ref())))
}

/// The page's `<body>` without its navigation, header, footer, asides, forms and scripts: what
/// is read when the extractor finds no article.
fn whole_body(doc: &Document, walker: &mut Walker) -> Vec<Block> {
    if let Some(chrome) = doc.try_select("nav, header, footer, aside, form, script, style, noscript, template") {
        chrome.remove();
    }
    doc.body().map(|body| walker.children(&body, 0)).unwrap_or_default()
}

/// The image addresses of the figures among `blocks`.
fn image_sources(blocks: &[Block]) -> Vec<String> {
    blocks
        .iter()
        .filter_map(|b| match b {
            Block::Figure { image: Some(image), .. } => Some(image.src.clone()),
            _ => None,
        })
        .collect()
}

/// Most levels of elements read; deeper ones are read as their text.
const MAX_DEPTH: usize = 64;

/// Walks the extracted article into blocks, resolving links against the page's address.
struct Walker<'a> {
    /// The page's own address, for relative links.
    base: Option<&'a str>,
    /// Relative links that could not be resolved (kept as their text).
    unresolved: usize,
}

impl Walker<'_> {
    /// The blocks of `node`'s children: block elements each give their blocks, and runs of text
    /// and inline elements between them make paragraphs.
    fn children(&mut self, node: &NodeRef, depth: usize) -> Vec<Block> {
        let mut blocks = Vec::new();
        let mut loose: Vec<Span> = Vec::new();
        for child in node.children_it(false) {
            let name = child.node_name();
            if child.is_text() || name.as_deref().is_some_and(|n| !is_block(n)) {
                loose.extend(self.inline(&child, depth + 1));
                continue;
            }
            if !child.is_element() {
                continue;
            }
            push_paragraph(&mut blocks, std::mem::take(&mut loose));
            blocks.extend(self.block(&child, depth + 1));
        }
        push_paragraph(&mut blocks, loose);
        blocks
    }

    /// The blocks of one block element.
    fn block(&mut self, node: &NodeRef, depth: usize) -> Vec<Block> {
        if depth > MAX_DEPTH {
            return collapse(&node.text()).map(|t| vec![Block::Paragraph(vec![Span::Text(t)])]).unwrap_or_default();
        }
        let name = node.node_name().unwrap_or_default();
        match name.as_ref() {
            "p" | "dt" | "dd" | "figcaption" | "address" | "summary" => {
                let mut blocks = Vec::new();
                push_paragraph(&mut blocks, self.inline_children(node, depth));
                blocks.extend(self.images_in(node));
                blocks
            }
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                let level = name.as_bytes()[1] - b'0';
                let text = tidy(self.inline_children(node, depth));
                if text.is_empty() {
                    return Vec::new();
                }
                vec![Block::Heading { level, text }]
            }
            "ul" | "ol" => self.list(node, &name, depth),
            "blockquote" => {
                let mut body = self.children(node, depth);
                let dashed =
                    matches!(body.last(), Some(Block::Paragraph(p)) if strip_dash(&plain(p)).len() < plain(p).len());
                let attribution = match body.pop() {
                    Some(Block::Paragraph(p)) if dashed => Some(without_dash(p)),
                    Some(last) => {
                        body.push(last);
                        None
                    }
                    None => None,
                };
                if body.is_empty() && attribution.is_none() {
                    return Vec::new();
                }
                vec![Block::Quote { body, attribution }]
            }
            "figure" => self.figure(node, depth),
            "img" => self
                .image(node)
                .map(|image| vec![Block::Figure { image: Some(image), caption: vec![] }])
                .unwrap_or_default(),
            "pre" => {
                let code = node.text().to_string();
                if code.trim().is_empty() {
                    return Vec::new();
                }
                vec![Block::Code(code)]
            }
            "table" => self.table(node, depth),
            "script" | "style" | "noscript" | "template" | "iframe" | "svg" | "button" | "form" | "input"
            | "select" | "textarea" | "nav" | "aside" | "footer" | "hr" | "head" | "title" | "meta" | "link" => {
                Vec::new()
            }
            _ => self.children(node, depth),
        }
    }

    /// A list: each `<li>` an item of blocks.
    fn list(&mut self, node: &NodeRef, name: &str, depth: usize) -> Vec<Block> {
        let kind = if name == "ol" {
            let start = node.attr("start").and_then(|s| s.trim().parse().ok()).unwrap_or(1);
            ListKind::Numbered { start }
        } else {
            ListKind::Bullet
        };
        let items: Vec<Vec<Block>> = node
            .element_children()
            .iter()
            .map(|li| self.children(li, depth + 1))
            .filter(|item: &Vec<Block>| !item.is_empty())
            .collect();
        if items.is_empty() {
            return Vec::new();
        }
        vec![Block::List { kind, items }]
    }

    /// A figure: its image and caption, or, around a quote, the quote with the caption as
    /// its attribution.
    fn figure(&mut self, node: &NodeRef, depth: usize) -> Vec<Block> {
        let caption_node = node.element_children().into_iter().find(|c| c.node_name().as_deref() == Some("figcaption"));
        let caption = caption_node.as_ref().map(|c| tidy(self.inline_children(c, depth))).unwrap_or_default();
        let image = named(node, "img").find_map(|img| self.image(&img));
        if image.is_none() {
            if let Some(quote) = named(node, "blockquote").next() {
                let mut blocks = self.block(&quote, depth + 1);
                if let (Some(Block::Quote { attribution: attribution @ None, .. }), false) =
                    (blocks.first_mut(), caption.is_empty())
                {
                    *attribution = Some(without_dash(caption));
                }
                return blocks;
            }
            if caption.is_empty() {
                return self.children(node, depth);
            }
        }
        vec![Block::Figure { image, caption }]
    }

    /// A table, rows of cells; the first row is its header.
    fn table(&mut self, node: &NodeRef, depth: usize) -> Vec<Block> {
        let rows: Vec<Vec<Vec<Span>>> = named(node, "tr")
            .map(|row| {
                row.element_children()
                    .iter()
                    .filter(|c| matches!(c.node_name().as_deref(), Some("td" | "th")))
                    .map(|cell| tidy(self.inline_children(cell, depth)))
                    .collect()
            })
            .filter(|row: &Vec<Vec<Span>>| !row.is_empty())
            .collect();
        if rows.is_empty() {
            return Vec::new();
        }
        vec![Block::Table(rows)]
    }

    /// The figures for the images inside a paragraph (a picture set in the text).
    fn images_in(&mut self, node: &NodeRef) -> Vec<Block> {
        named(node, "img")
            .filter_map(|img| self.image(&img))
            .map(|image| Block::Figure { image: Some(image), caption: vec![] })
            .collect()
    }

    /// An `<img>`'s address (made absolute when the page has one; `data:` images are skipped)
    /// and alternative text.
    fn image(&self, img: &NodeRef) -> Option<Image> {
        let src =
            ["src", "data-src", "data-original"].iter().find_map(|a| img.attr(a)).map(|s| s.trim().to_string())?;
        if src.is_empty() || src.starts_with("data:") {
            return None;
        }
        let src = self.base.and_then(|base| absolute_url(base, &src)).unwrap_or(src);
        let alt = img.attr("alt").and_then(|a| collapse(&a)).unwrap_or_default();
        Some(Image { src, alt })
    }

    /// The inline content of `node`'s children.
    fn inline_children(&mut self, node: &NodeRef, depth: usize) -> Vec<Span> {
        node.children_it(false).flat_map(|child| self.inline(&child, depth + 1)).collect()
    }

    /// The inline content of one node.
    fn inline(&mut self, node: &NodeRef, depth: usize) -> Vec<Span> {
        if node.is_text() {
            return vec![Span::Text(node.text().to_string())];
        }
        let Some(name) = node.node_name() else {
            return Vec::new();
        };
        if depth > MAX_DEPTH {
            return vec![Span::Text(node.text().to_string())];
        }
        match name.as_ref() {
            "em" | "i" | "cite" | "dfn" | "var" => vec![Span::Emphasis(self.inline_children(node, depth))],
            "strong" | "b" => vec![Span::Strong(self.inline_children(node, depth))],
            "code" | "kbd" | "samp" | "tt" => vec![Span::Code(node.text().to_string())],
            "br" => vec![Span::LineBreak],
            "q" => {
                let mut spans = vec![Span::Text("“".into())];
                spans.extend(self.inline_children(node, depth));
                spans.push(Span::Text("”".into()));
                spans
            }
            "a" => {
                let text = self.inline_children(node, depth);
                match node.attr("href").and_then(|href| self.link(href.trim())) {
                    Some(url) if !plain(&text).trim().is_empty() => vec![Span::Link { text, url }],
                    _ => text,
                }
            }
            "img" | "script" | "style" | "noscript" | "template" | "iframe" | "svg" | "button" | "input" | "select"
            | "textarea" => Vec::new(),
            _ => self.inline_children(node, depth),
        }
    }

    /// Where a link goes, made absolute: `None` (the link is kept as text) for in-page
    /// `#fragments`, `javascript:` and relative links on a page without an address.
    fn link(&mut self, href: &str) -> Option<String> {
        let lower = href.to_ascii_lowercase();
        if href.is_empty() || href.starts_with('#') || lower.starts_with("javascript:") {
            return None;
        }
        if is_url(href) || lower.starts_with("mailto:") {
            return Some(href.to_string());
        }
        if lower.contains(':')
            && !lower.starts_with(['/', '.'])
            && lower.split(':').next().is_some_and(|s| !s.contains('/'))
        {
            return None; // another scheme: tel:, data:, ftp:…
        }
        let resolved = self.base.and_then(|base| absolute_url(base, href));
        if resolved.is_none() {
            self.unresolved += 1;
        }
        resolved
    }
}

/// Whether an element starts a block (anything else is read as inline content).
fn is_block(name: &str) -> bool {
    const BLOCKS: &str =
        "html body p div section article main header footer aside nav h1 h2 h3 h4 h5 h6 ul ol li dl dt dd \
                          blockquote figure figcaption pre table thead tbody tfoot tr td th hr form address \
                          details summary center fieldset img";
    BLOCKS.split(' ').any(|b| b == name)
}

/// Adds a paragraph of `spans` to `blocks` unless it is only whitespace.
fn push_paragraph(blocks: &mut Vec<Block>, spans: Vec<Span>) {
    let spans = tidy(spans);
    if !spans.is_empty() {
        blocks.push(Block::Paragraph(spans));
    }
}

/// An attribution without its leading dash (glosa's writer adds its own).
fn without_dash(mut spans: Vec<Span>) -> Vec<Span> {
    if let Some(Span::Text(first)) = spans.first_mut() {
        *first = strip_dash(first).to_string();
    }
    tidy(spans)
}

/// Inline content as a browser shows it: runs of whitespace one space, none at the start or
/// end, adjacent texts merged and empty spans dropped.
pub fn tidy(spans: Vec<Span>) -> Vec<Span> {
    let mut space_before = true;
    let mut out = collapse_spaces(spans, &mut space_before);
    trim_end(&mut out);
    out
}

/// Collapses whitespace across `spans`; `space_before` says whether the text so far ends in a
/// space (or is at the start), so a space is never doubled across span boundaries.
fn collapse_spaces(spans: Vec<Span>, space_before: &mut bool) -> Vec<Span> {
    let mut out: Vec<Span> = Vec::new();
    for span in spans {
        let span = match span {
            Span::Text(text) => {
                let mut collapsed = String::with_capacity(text.len());
                for c in text.chars() {
                    if c.is_ascii_whitespace() {
                        if !*space_before {
                            collapsed.push(' ');
                        }
                        *space_before = true;
                    } else {
                        collapsed.push(c);
                        *space_before = false;
                    }
                }
                Span::Text(collapsed)
            }
            Span::Emphasis(inner) => Span::Emphasis(collapse_spaces(inner, space_before)),
            Span::Strong(inner) => Span::Strong(collapse_spaces(inner, space_before)),
            Span::Link { text, url } => Span::Link { text: collapse_spaces(text, space_before), url },
            Span::Code(code) => {
                *space_before = false;
                Span::Code(code.split_whitespace().collect::<Vec<_>>().join(" "))
            }
            Span::LineBreak => {
                trim_end(&mut out);
                *space_before = true;
                Span::LineBreak
            }
        };
        match (out.last_mut(), span) {
            (_, Span::Text(t)) if t.is_empty() => {}
            (Some(Span::Text(previous)), Span::Text(t)) => previous.push_str(&t),
            (_, Span::Emphasis(inner) | Span::Strong(inner)) if plain(&inner).trim().is_empty() => {
                out.extend(inner.into_iter().filter(|s| matches!(s, Span::Text(t) if !t.is_empty())));
            }
            (_, Span::Code(code)) if code.is_empty() => {}
            (_, span) => out.push(span),
        }
    }
    out
}

/// Removes trailing whitespace (and a trailing line break) from the end of `spans`.
fn trim_end(spans: &mut Vec<Span>) {
    while let Some(last) = spans.last_mut() {
        match last {
            Span::Text(text) => {
                let kept = text.trim_end_matches(|c: char| c.is_ascii_whitespace()).len();
                text.truncate(kept);
                if !text.is_empty() {
                    return;
                }
            }
            Span::LineBreak => {}
            Span::Emphasis(inner) | Span::Strong(inner) | Span::Link { text: inner, .. } => {
                trim_end(inner);
                if !inner.is_empty() {
                    return;
                }
            }
            Span::Code(_) => return,
        }
        spans.pop();
    }
}

/// `href` resolved against the absolute `base` URL (RFC 3986 reference resolution, without
/// dot-segment removal beyond `./` and `../`): `//host/x`, `/x`, `x`, `?q`, `../x`.
pub fn absolute_url(base: &str, href: &str) -> Option<String> {
    if is_url(href) {
        return Some(href.to_string());
    }
    let scheme_end = base.find("://")?;
    let scheme = &base[..scheme_end];
    let after_scheme = &base[scheme_end + 3..];
    let authority_end = after_scheme.find(['/', '?', '#']).unwrap_or(after_scheme.len());
    let origin = &base[..scheme_end + 3 + authority_end];
    let path_and_more = &after_scheme[authority_end..];
    let path = path_and_more.split(['?', '#']).next().unwrap_or("");
    let resolved = if let Some(rest) = href.strip_prefix("//") {
        format!("{scheme}://{rest}")
    } else if href.starts_with('/') {
        format!("{origin}{href}")
    } else if href.starts_with('?') {
        format!("{origin}{path}{href}")
    } else {
        let folder = &path[..path.rfind('/').map_or(0, |i| i + 1)];
        let mut segments: Vec<&str> = folder.split('/').filter(|s| !s.is_empty()).collect();
        let (href_path, suffix) = href.split_at(href.find(['?', '#']).unwrap_or(href.len()));
        for part in href_path.split('/') {
            match part {
                "" | "." => {}
                ".." => {
                    segments.pop();
                }
                other => segments.push(other),
            }
        }
        let folder_link = href_path.ends_with('/') || href_path.ends_with("/.") || href_path.ends_with("/..");
        let trailing = if folder_link && !segments.is_empty() { "/" } else { "" };
        format!("{origin}/{}{trailing}{suffix}", segments.join("/"))
    };
    is_url(&resolved).then_some(resolved)
}

/// Leaves out, after extraction: furniture paragraphs, headings and lists; byline and
/// dateline paragraphs near the top (their values kept for the front matter); and a heading that
/// repeats the headline. Heading levels are then made to start at 2.
fn tidy_blocks(blocks: Vec<Block>, extracted: &mut Extracted) -> Vec<Block> {
    let title = extracted.meta.title.as_ref().map(|t| t.value.to_lowercase());
    let mut kept: Vec<Block> = Vec::new();
    for block in blocks {
        let text = match &block {
            Block::Paragraph(spans) | Block::Heading { text: spans, .. } => plain(spans),
            _ => String::new(),
        };
        let furniture_list = match &block {
            Block::List { items, .. } => items.iter().all(|item| {
                let text: String =
                    item.iter().map(|b| if let Block::Paragraph(p) = b { plain(p) } else { String::new() }).collect();
                furniture(&text).is_some()
            }),
            _ => false,
        };
        let why = if let Some(kind) = furniture(&text).filter(|_| !text.is_empty()) {
            Some(Reason::Furniture(kind))
        } else if furniture_list {
            Some(Reason::Furniture(super::furniture::Furniture::Sharing))
        } else if matches!(block, Block::Heading { .. }) && title.as_deref() == Some(text.to_lowercase().as_str()) {
            Some(Reason::Headline)
        } else if kept.len() < 3 && matches!(block, Block::Paragraph(_)) && is_header(&text, extracted) {
            Some(Reason::Byline)
        } else {
            None
        };
        match why {
            Some(why) => {
                let text = if text.is_empty() { list_text(&block) } else { text };
                extracted.dropped.push(Dropped { text, why });
            }
            None => kept.push(block),
        }
    }
    let top = kept.iter().filter_map(|b| if let Block::Heading { level, .. } = b { Some(*level) } else { None }).min();
    if let Some(top) = top {
        for block in &mut kept {
            if let Block::Heading { level, .. } = block {
                *level = (*level + 2).saturating_sub(top).clamp(2, 4);
            }
        }
    }
    kept
}

/// Whether a paragraph near the top is the byline or dateline; what it says fills the
/// metadata the page's head left empty.
fn is_header(text: &str, extracted: &mut Extracted) -> bool {
    let meta = &mut extracted.meta;
    if meta.byline.as_ref().is_some_and(|b| text == b.value || text.strip_prefix("By ") == Some(&b.value)) {
        return true;
    }
    let Some(pieces) = header_line(text) else {
        return false;
    };
    for piece in pieces {
        match piece {
            HeaderPiece::Byline(names) if meta.byline.is_none() => {
                meta.byline = Some(Found::new(names, "the byline under the headline"));
            }
            HeaderPiece::Date(label, date) if meta.published.is_none() && label != DateLabel::Updated => {
                meta.published = Some(Found::new(date, "the dateline under the headline"));
            }
            _ => {}
        }
    }
    true
}

/// The items of a dropped list, on one line.
fn list_text(block: &Block) -> String {
    match block {
        Block::List { items, .. } => items
            .iter()
            .flatten()
            .filter_map(|b| if let Block::Paragraph(p) = b { Some(plain(p)) } else { None })
            .collect::<Vec<_>>()
            .join(" · "),
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(t: &str) -> Span {
        Span::Text(t.into())
    }

    #[test]
    fn relative_addresses_are_resolved_against_the_page() {
        let base = "https://news.example/science/2025/story?x=1#top";
        for (href, url) in [
            ("/about", "https://news.example/about"),
            ("other", "https://news.example/science/2025/other"),
            ("../2024/old/", "https://news.example/science/2024/old/"),
            ("./same#part", "https://news.example/science/2025/same#part"),
            ("//cdn.example/i.png", "https://cdn.example/i.png"),
            ("?page=2", "https://news.example/science/2025/story?page=2"),
            ("https://else.example/a", "https://else.example/a"),
        ] {
            assert_eq!(absolute_url(base, href).as_deref(), Some(url), "{href}");
        }
        assert_eq!(absolute_url("https://host.example", "a/b").as_deref(), Some("https://host.example/a/b"));
        assert_eq!(absolute_url("not a url", "a"), None);
    }

    #[test]
    fn whitespace_is_collapsed_across_spans_and_trimmed_at_the_ends() {
        let spans = vec![
            text("\n  Some  "),
            Span::Emphasis(vec![text(" very ")]),
            text(" text"),
            Span::Strong(vec![text("  ")]),
            Span::LineBreak,
            text("  next\n"),
        ];
        assert_eq!(
            tidy(spans),
            [text("Some "), Span::Emphasis(vec![text("very ")]), text("text"), Span::LineBreak, text("next")]
        );
    }

    fn read_body(body: &str) -> Extracted {
        read_html(&format!(
            "<html><head><title>T</title><link rel=canonical href='https://site.example/a/b'></head><body><article>{body}</article></body></html>"
        ))
    }

    #[test]
    fn quotes_take_their_footer_or_cite_as_attribution() {
        let long = "This paragraph is long enough for the extractor to take the article as the content of the page, which it needs. ";
        let got = read_body(&format!(
            "<p>{long}{long}</p><blockquote><p>Words said.</p><footer>— Ana Ruiz, <cite>NASA</cite></footer></blockquote>\
             <p>{long}</p><blockquote><p>More words.</p><cite>Jo Lee</cite></blockquote><p>{long}</p>"
        ));
        let quotes: Vec<(String, String)> = got
            .blocks
            .iter()
            .filter_map(|b| match b {
                Block::Quote { body, attribution: Some(a) } => Some((
                    body.iter().map(|b| if let Block::Paragraph(p) = b { plain(p) } else { String::new() }).collect(),
                    plain(a),
                )),
                _ => None,
            })
            .collect();
        assert_eq!(quotes, [("Words said.".into(), "Ana Ruiz, NASA".into()), ("More words.".into(), "Jo Lee".into())]);
    }

    #[test]
    fn a_page_nested_too_deep_for_the_extractor_is_read_whole_with_a_note() {
        let depth = MAX_NESTING + 100;
        let page = format!(
            "<html><body><nav>Menu</nav>{}<p>Deep text.</p>{}</body></html>",
            "<div>".repeat(depth),
            "</div>".repeat(depth)
        );
        let got = read_html(&page);
        assert_eq!(got.blocks, [Block::Paragraph(vec![text("Deep text.")])]);
        assert!(
            got.notes[0].contains(&format!("nests its elements {} levels deep", MAX_NESTING + 1)),
            "{:?}",
            got.notes
        );
    }

    #[test]
    fn links_are_made_absolute_or_kept_as_text() {
        let long =
            "A long enough paragraph of words for the extractor to keep it as the article body, as it should do. ";
        let got = read_body(&format!(
            "<p>{long}<a href='/x'>root</a> <a href='y'>near</a> <a href='#top'>here</a> <a href='javascript:go()'>js</a> <a href='mailto:a@b.example'>mail</a>{long}</p>"
        ));
        let Some(Block::Paragraph(spans)) = got.blocks.first() else { panic!("{:?}", got.blocks) };
        let links: Vec<(String, String)> = spans
            .iter()
            .filter_map(|s| if let Span::Link { text, url } = s { Some((plain(text), url.clone())) } else { None })
            .collect();
        assert_eq!(
            links,
            [
                ("root".into(), "https://site.example/x".into()),
                ("near".into(), "https://site.example/a/y".into()),
                ("mail".into(), "mailto:a@b.example".into())
            ]
        );
        assert!(plain(spans).contains("root near here js mail"));
    }
}
