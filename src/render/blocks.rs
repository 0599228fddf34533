//! Render stage: the block elements the renderer builds itself — headings with unique ids (and
//! the table of contents they make), GFM alerts as callouts, and attributed quotations as
//! figures.

use super::{annotate, html, plain_text, Autolink, Renderer, Spanned, TocEntry};
use crate::diagnostic::Diagnostic;
use crate::slug::slugify;
use pulldown_cmark::{BlockQuoteKind, CowStr, Event, Tag, TagEnd};
use std::ops::Range;

/// What a heading's `{#id .class key=value}` says, as pulldown-cmark parsed it.
pub(super) struct HeadingAttributes<'h, 'a> {
    /// The `{#id}`.
    pub id: Option<&'h str>,
    /// The `.class`es, in order.
    pub classes: &'h [CowStr<'a>],
    /// The other attributes, `key=value` or a bare `key`, in order.
    pub attrs: &'h [(CowStr<'a>, Option<CowStr<'a>>)],
}

impl<'a> Renderer<'_, 'a> {
    /// A heading with an id of its own on the page (its `{#id}` when free, else from its
    /// text), recorded for the table of contents; its classes and other attributes are kept as
    /// pulldown-cmark writes them (in safe mode the filter has left only the classes).
    pub(super) fn heading(
        &mut self,
        level: u8,
        written: HeadingAttributes<'_, 'a>,
        inner: &[Spanned<'a>],
        range: &Range<usize>,
    ) {
        let explicit_id = written.id;
        let title = plain_text(inner);
        let wanted = explicit_id.map_or_else(|| slugify(&title), str::to_string);
        // The engine numbers notes, mentions and claims itself: a heading never takes such an id.
        let wanted = if annotate::is_engine_id(&wanted) { format!("{wanted}-section") } else { wanted };
        let id = self.heading_ids.claim(&wanted, "section");
        if let Some(explicit) = explicit_id.filter(|explicit| *explicit != id) {
            let message = format!("the id `{explicit}` is already taken on this page; this heading gets `{id}`");
            let help = "choose another `{#id}`: links to `#".to_string() + explicit + "` would not lead here";
            self.report(Diagnostic::warning("taken-id", &self.ctx.file.path, message), range, help);
        }
        let mut open = format!("<h{level} id=\"{}\"", html::escape(&id));
        if !written.classes.is_empty() {
            let classes: Vec<&str> = written.classes.iter().map(|c| c.as_ref()).collect();
            open.push_str(&format!(" class=\"{}\"", html::escape(&classes.join(" "))));
        }
        // The id is the engine's, unique on the page: an `id=` among the attributes would be a
        // second one, which browsers ignore.
        let attrs = written.attrs.iter().filter(|(name, _)| name.as_ref() != "id");
        for (name, value) in attrs {
            let value = value.as_deref().unwrap_or("");
            open.push_str(&format!(" {}=\"{}\"", html::escape(name), html::escape(value)));
        }
        open.push('>');
        self.out.push(Event::Html(open.into()));
        self.begin_block();
        self.walk(inner, Autolink::Never);
        self.end_block();
        self.out.push(Event::Html(format!("</h{level}>\n").into()));
        self.result.ids.push(id.clone());
        self.headings.push((level, id, title.trim().to_string()));
    }

    /// A GFM alert (`> [!NOTE]`) as a callout, a quotation ending in a dashed attribution as a
    /// figure with a caption, any other as a blockquote.
    pub(super) fn blockquote(&mut self, kind: Option<BlockQuoteKind>, inner: &[Spanned<'a>], autolink: Autolink) {
        if let Some(kind) = kind {
            let (class, label) = match kind {
                BlockQuoteKind::Note => ("note", "Note"),
                BlockQuoteKind::Tip => ("tip", "Tip"),
                BlockQuoteKind::Important => ("important", "Important"),
                BlockQuoteKind::Warning => ("warning", "Warning"),
                BlockQuoteKind::Caution => ("caution", "Caution"),
            };
            self.out.push(Event::Html(
                format!(
                    "<div class=\"callout callout--{class}\" role=\"note\"><p class=\"callout__title\">{label}</p>\n"
                )
                .into(),
            ));
            self.walk(inner, autolink);
            self.out.push(Event::Html("</div>\n".into()));
            return;
        }
        match attribution(inner) {
            Some(Attribution { quote, last_lines, caption }) => {
                self.out.push(Event::Html("<figure class=\"quote\"><blockquote>\n".into()));
                self.walk(quote, autolink);
                if let Some(lines) = last_lines {
                    self.out.push(Event::Start(Tag::Paragraph));
                    self.begin_block();
                    self.walk(lines, autolink);
                    self.end_block();
                    self.out.push(Event::End(TagEnd::Paragraph));
                }
                self.out.push(Event::Html("</blockquote><figcaption>".into()));
                let caption = em_dashed(caption, self.ctx.file.text.get(self.ctx.body_offset..).unwrap_or(""));
                self.begin_block();
                self.walk(&caption, autolink);
                self.end_block();
                self.out.push(Event::Html("</figcaption></figure>\n".into()));
            }
            None => {
                self.out.push(Event::Html("<blockquote>\n".into()));
                self.walk(inner, autolink);
                self.out.push(Event::Html("</blockquote>\n".into()));
            }
        }
    }
}

/// A quotation's words and its attribution, as events of the blockquote.
struct Attribution<'e, 'a> {
    /// The quotation's blocks.
    quote: &'e [Spanned<'a>],
    /// When the attribution is the last line of the last paragraph: the inline content of that
    /// paragraph's other lines, which end the quotation.
    last_lines: Option<&'e [Spanned<'a>]>,
    /// The attribution's inline content, its dash first.
    caption: &'e [Spanned<'a>],
}

/// The attribution of a blockquote, when it ends in one: a last paragraph that starts with a dash
/// (`—`, `–` or `--`) and names someone, or the last line of the last paragraph when it does
/// (`> — Name` right under the quotation's words, no empty `>` line between).
fn attribution<'e, 'a>(inner: &'e [Spanned<'a>]) -> Option<Attribution<'e, 'a>> {
    if !matches!(inner.last(), Some((Event::End(TagEnd::Paragraph), _))) || inner.len() < 3 {
        return None;
    }
    let start = last_paragraph(inner)?;
    let end = inner.len() - 1;
    if start > 0 && names_someone(&inner[start + 1..end]) {
        return Some(Attribution { quote: &inner[..start], last_lines: None, caption: &inner[start + 1..end] });
    }
    // The paragraph's last line break outside any inline element.
    let mut depth = 0usize;
    let mut last_break = None;
    for (i, (event, _)) in inner.iter().enumerate().take(end).skip(start + 1) {
        match event {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            Event::SoftBreak if depth == 0 => last_break = Some(i),
            _ => {}
        }
    }
    let line = last_break?;
    (names_someone(&inner[line + 1..end]) && line > start + 1).then_some(Attribution {
        quote: &inner[..start],
        last_lines: Some(&inner[start + 1..line]),
        caption: &inner[line + 1..end],
    })
}

/// The index of the start of the last top-level paragraph of a blockquote's events.
fn last_paragraph(inner: &[Spanned]) -> Option<usize> {
    let mut depth = 0usize;
    let mut start = None;
    for (i, (event, _)) in inner.iter().enumerate() {
        match event {
            Event::Start(tag) => {
                if depth == 0 && matches!(tag, Tag::Paragraph) {
                    start = Some(i);
                }
                depth += 1;
            }
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    start
}

/// Whether inline content starts with a dash and names someone after it.
fn names_someone(content: &[Spanned]) -> bool {
    let Some((Event::Text(text), _)) = content.first() else { return false };
    let dashed = text.starts_with(['—', '–']) || text.starts_with("--");
    // A dash with nothing after it names no one: the words stay part of the quotation.
    dashed && (!text.trim_start_matches(['—', '–', '-']).trim().is_empty() || content.len() > 1)
}

/// The attribution's events with its dash an em dash where the author typed `--` (which smart
/// punctuation makes an en dash, the dash of ranges); `body` is the Markdown the ranges index.
fn em_dashed<'a>(caption: &[Spanned<'a>], body: &str) -> Vec<Spanned<'a>> {
    let mut caption = caption.to_vec();
    if let Some((Event::Text(text), range)) = caption.first_mut() {
        let written = body.get(range.clone()).unwrap_or("");
        if written.starts_with("--") && !written.starts_with("---") {
            if let Some(rest) = text.strip_prefix('–') {
                *text = format!("—{rest}").into();
            }
        }
    }
    caption
}

/// Nests flat `(level, id, title)` headings into a tree: each heading becomes a child of the
/// closest earlier heading of a smaller level.
pub(super) fn nest_toc(headings: &[(u8, String, String)]) -> Vec<TocEntry> {
    fn insert(entries: &mut Vec<TocEntry>, entry: TocEntry) {
        match entries.last_mut() {
            Some(last) if last.level < entry.level => insert(&mut last.children, entry),
            _ => entries.push(entry),
        }
    }
    let mut toc = Vec::new();
    for (level, id, title) in headings.iter().filter(|(level, _, _)| *level >= 2) {
        insert(&mut toc, TocEntry { level: *level, id: id.clone(), title: title.clone(), children: vec![] });
    }
    toc
}
