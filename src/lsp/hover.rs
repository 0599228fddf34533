//! Hovers: on a `[[term]]` or a word that names a term, the term's name, definition and aliases;
//! on a claim link, its verdict, note and sources; on a note reference, the note.

use super::complete::note_text;
use super::knowledge::Knowledge;
use super::navigate::term_at;
use super::view::Doc;
use lsp_types::{Hover, HoverContents, MarkupContent, MarkupKind};
use std::ops::Range;

/// The hover at byte `offset` of `doc`.
pub fn hover(doc: &Doc, knowledge: &Knowledge, offset: usize) -> Option<Hover> {
    let inside = |span: &Range<usize>| span.start <= offset && offset < span.end;
    let (text, span) = if let Some(claim) = doc.outline.claim_links.iter().find(|c| inside(&c.span)) {
        let (checked, article) = doc.claim(knowledge, &claim.id)?;
        let mut text = format!("{} **{}**: claim `{}`", checked.verdict.icon(), checked.verdict.label(), claim.id);
        if let Some(article) = article {
            text.push_str(&format!(" checked in *{}*", article.meta.title));
        }
        if !checked.note.trim().is_empty() {
            text.push_str(&format!("\n\n{}", checked.note.trim()));
        }
        if !checked.sources.is_empty() {
            let registry = &knowledge.content.registry;
            let links: Vec<String> = checked
                .sources
                .iter()
                .map(|citation| match citation {
                    crate::model::Citation::Inline(s) => format!("[{}]({})", s.title, s.url),
                    crate::model::Citation::Key(key) => match registry.get(key) {
                        Some(s) => format!("[{}]({}) (`{key}`)", s.title, s.url),
                        None => format!("`{key}` (no such key in content/sources.yaml)"),
                    },
                })
                .collect();
            text.push_str(&format!("\n\nSources: {}", links.join(", ")));
        }
        (text, claim.span.clone())
    } else if let Some(note) = doc.outline.note_refs.iter().find(|n| inside(&n.span)) {
        let definition = doc.outline.note_defs.iter().rev().find(|d| d.label == note.label)?;
        (format!("Note `[^{}]`: {}", note.label, note_text(&doc.text[definition.span.clone()])), note.span.clone())
    } else {
        let (term, span) = term_at(doc, knowledge, offset)?;
        (term_text(knowledge, term), span)
    };
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent { kind: MarkupKind::Markdown, value: text }),
        range: Some(doc.lines.range(span)),
    })
}

/// A term's name, slug, definition and aliases, in Markdown.
pub fn term_text(knowledge: &Knowledge, term: usize) -> String {
    let entry = &knowledge.glossary.terms[term];
    let mut text = format!("**{}** (`{}`)\n\n{}", entry.name, entry.slug, entry.short);
    let aliases = knowledge.content.terms.get(term).map(|doc| doc.meta.aliases.as_slice()).unwrap_or(&[]);
    if !aliases.is_empty() {
        text.push_str(&format!("\n\nAlso: {}", aliases.join(", ")));
    }
    text
}
