//! Going to definitions and finding references: a term link goes to its glossary file, a claim
//! link to its entry in the front matter, a note reference to the note, a link to the file of
//! the page or file it names; a term's references are every place that links it, by `[[...]]`,
//! by a first mention that links by itself, or in another term's `see_also`.

use super::knowledge::Knowledge;
use super::outline::{mentions, named_terms, outline};
use super::view::Doc;
use crate::load::frontmatter;
use crate::resolve::links;
use std::ops::Range;
use std::path::{Path, PathBuf};

/// A place in a file of the site: its path relative to the root and a byte span of its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    /// Path relative to the site root.
    pub path: PathBuf,
    /// Byte span.
    pub span: Range<usize>,
}

/// The term named at byte `offset` of `doc` (by a term link, or a word of its prose that names a
/// term), with the span that names it.
pub fn term_at(doc: &Doc, knowledge: &Knowledge, offset: usize) -> Option<(usize, Range<usize>)> {
    let inside = |span: &Range<usize>| span.start <= offset && offset < span.end;
    if let Some(link) = doc.outline.term_links.iter().find(|l| inside(&l.span)) {
        return knowledge.glossary.find(&link.target).map(|term| (term, link.span.clone()));
    }
    let prose = doc.outline.prose.iter().filter(|p| inside(&p.span)).cloned().collect::<Vec<_>>();
    named_terms(&prose, doc.text, &knowledge.glossary).into_iter().find(|m| inside(&m.span)).map(|m| (m.term, m.span))
}

/// The term that byte `offset` of `doc` is about: the one named there, else the term whose
/// glossary file `doc` is.
pub fn term_about(doc: &Doc, knowledge: &Knowledge, offset: usize) -> Option<usize> {
    term_at(doc, knowledge, offset).map(|(term, _)| term).or_else(|| knowledge.term_of_file(doc.path))
}

/// Where what is at byte `offset` of `doc` is defined. `read` gives the text of another file of
/// the site (relative to the root), for the heading a `#fragment` names.
pub fn definition(
    doc: &Doc,
    knowledge: &Knowledge,
    offset: usize,
    read: &dyn Fn(&Path) -> Option<String>,
) -> Option<Place> {
    let inside = |span: &Range<usize>| span.start <= offset && offset < span.end;
    let here = |span: Range<usize>| Place { path: doc.path.to_path_buf(), span };
    if let Some(claim) = doc.outline.claim_links.iter().find(|c| inside(&c.span)) {
        return match claim.id.split_once('/') {
            // A claim checked in another article: its entry in that article's front matter.
            Some((slug, id)) => {
                let article = knowledge.article_by_slug(slug)?;
                let span = frontmatter::claim_span(&article.file.text[..article.body_offset], id)?;
                Some(Place { path: article.file.path.clone(), span })
            }
            None => frontmatter::claim_span(doc.front(), &claim.id).map(here),
        };
    }
    if let Some(note) = doc.outline.note_refs.iter().find(|n| inside(&n.span)) {
        let definition = doc.outline.note_defs.iter().rev().find(|d| d.label == note.label)?;
        return Some(here(definition.span.start..definition.span.start + note.span.len()));
    }
    if let Some(link) = doc.outline.links.iter().find(|l| inside(&l.span)) {
        return link_target(doc, &link.url, read);
    }
    let (term, _) = term_at(doc, knowledge, offset)?;
    let path = knowledge.term_file(term)?.to_path_buf();
    Some(Place { path, span: 0..0 })
}

/// The file (and heading) a link of `doc` to `url` leads to.
fn link_target(doc: &Doc, url: &str, read: &dyn Fn(&Path) -> Option<String>) -> Option<Place> {
    let site_path = if let Some(fragment) = url.strip_prefix('#') {
        let span = doc.outline.headings.iter().find(|h| h.id == fragment)?.span.clone();
        return Some(Place { path: doc.path.to_path_buf(), span });
    } else if url.starts_with('/') && !url.starts_with("//") {
        url.trim_start_matches('/').to_string()
    } else if links::is_relative(url) {
        links::relative_target(doc.path, url)?
    } else {
        return None;
    };
    let (path, fragment) = site_path.split_once('#').map_or((site_path.as_str(), None), |(p, f)| (p, Some(f)));
    let path = links::percent_decode(path.split('?').next().unwrap_or(""))?;
    let file = source_of(&path, read)?;
    let span = fragment
        .and_then(|fragment| {
            let text = read(&file)?;
            let body = frontmatter::split(&text).map_or(0, |split| split.body_offset);
            Some(outline(&text, body).headings.into_iter().find(|h| h.id == fragment)?.span)
        })
        .unwrap_or(0..0);
    Some(Place { path: file, span })
}

/// The file of `content/` a site path (`articles/x/`, `glossary/`, `map.png`) is made from: a
/// page's Markdown file, or the file copied as it is.
fn source_of(site_path: &str, read: &dyn Fn(&Path) -> Option<String>) -> Option<PathBuf> {
    let trimmed = site_path.trim_end_matches('/');
    let content = Path::new("content");
    let candidates: Vec<PathBuf> = match trimmed.split('/').collect::<Vec<_>>().as_slice() {
        [""] => vec![content.join("_index.md")],
        ["articles", slug] => vec![content.join("articles").join(format!("{slug}.md"))],
        ["glossary", slug] => vec![content.join("glossary").join(format!("{slug}.md"))],
        [slug] => vec![content.join("pages").join(format!("{slug}.md")), content.join(slug)],
        _ => vec![content.join(trimmed)],
    };
    candidates.into_iter().find(|candidate| read(candidate).is_some())
}

/// Every place of the site that links `term`: `[[...]]` links, first mentions that link by
/// themselves, and other terms' `see_also` entries; with the glossary file itself first when
/// `declaration` is asked for.
pub fn references(knowledge: &Knowledge, term: usize, declaration: bool) -> Vec<Place> {
    let mut places = Vec::new();
    if declaration {
        places.extend(knowledge.term_file(term).map(|path| Place { path: path.to_path_buf(), span: 0..0 }));
    }
    let slug = &knowledge.glossary.terms[term].slug;
    for doc in knowledge.documents() {
        let outline = outline(doc.text, doc.body_offset);
        for mention in mentions(&outline, doc.text, &knowledge.glossary, doc.autolink, doc.self_term) {
            if mention.term == term {
                places.push(Place { path: doc.path.to_path_buf(), span: mention.span });
            }
        }
        if doc.self_term.is_some() {
            for span in see_also_entries(&doc.text[..doc.body_offset], slug) {
                places.push(Place { path: doc.path.to_path_buf(), span });
            }
        }
    }
    places
}

/// Where `slug` is an entry of the `see_also` list in the front matter `front` (a flow list
/// `[a, b]` on the key's line or a block list `- a` below it).
pub fn see_also_entries(front: &str, slug: &str) -> Vec<Range<usize>> {
    let Some(key) = frontmatter::key_span(front, "see_also") else { return Vec::new() };
    let line_end = front[key.end..].find('\n').map_or(front.len(), |i| key.end + i + 1);
    // The value: the rest of the key's line and the indented or `- ` lines after it.
    let mut end = line_end;
    for line in front[line_end..].split_inclusive('\n') {
        if !(line.starts_with([' ', '\t', '-'])) {
            break;
        }
        end += line.len();
    }
    let value = &front[key.end..end];
    let is_name = |c: char| c.is_alphanumeric() || c == '-' || c == '_';
    value
        .match_indices(slug)
        .filter(|(at, _)| {
            let before = value[..*at].chars().next_back();
            let after = value[at + slug.len()..].chars().next();
            !before.is_some_and(is_name) && !after.is_some_and(is_name) && before != Some('#')
        })
        .map(|(at, _)| key.end + at..key.end + at + slug.len())
        .filter(|span| !front[..span.start].rsplit('\n').next().unwrap_or("").contains('#'))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn see_also_entries_in_flow_and_block_lists_but_not_in_comments_or_longer_slugs() {
        let front = "---\nterm: x\nsee_also: [tokens, tokens-2, \"tokens\"]  # tokens\nshort: tokens\n---\n";
        let found: Vec<&str> = see_also_entries(front, "tokens").into_iter().map(|s| &front[s]).collect();
        assert_eq!(found.len(), 2);
        let front = "---\nsee_also:\n  - qwen\n  - tokens\nshort: tokens\n---\n";
        let spans = see_also_entries(front, "tokens");
        assert_eq!(spans.len(), 1);
        assert_eq!(&front[spans[0].clone()], "tokens");
        assert!(front[..spans[0].start].ends_with("- "));
    }

    #[test]
    fn site_paths_lead_to_the_markdown_files_they_are_built_from() {
        let exists = |path: &Path| {
            [
                "content/_index.md",
                "content/articles/x.md",
                "content/glossary/t.md",
                "content/pages/about.md",
                "content/img/map.png",
            ]
            .contains(&path.to_str().unwrap())
            .then(String::new)
        };
        assert_eq!(source_of("", &exists), Some(PathBuf::from("content/_index.md")));
        assert_eq!(source_of("articles/x/", &exists), Some(PathBuf::from("content/articles/x.md")));
        assert_eq!(source_of("glossary/t", &exists), Some(PathBuf::from("content/glossary/t.md")));
        assert_eq!(source_of("about/", &exists), Some(PathBuf::from("content/pages/about.md")));
        assert_eq!(source_of("img/map.png", &exists), Some(PathBuf::from("content/img/map.png")));
        assert_eq!(source_of("articles/missing/", &exists), None);
    }
}
