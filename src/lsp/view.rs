//! One document as the features read it: its text, where its body starts, its annotations and
//! its lines, and what kind of page it is.

use super::knowledge::Knowledge;
use super::outline::{outline, Outline};
use super::position::LineIndex;
use crate::load::{frontmatter, parse_source, Document, Parsed, SourceFile};
use crate::model::{ArticleMeta, Claim};
use std::collections::BTreeMap;
use std::path::Path;

/// What page a document of `content/` is, by its folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `content/articles/*.md`.
    Article,
    /// `content/glossary/*.md`.
    Term,
    /// `content/pages/*.md`.
    Page,
    /// `content/_index.md`.
    Intro,
}

impl Kind {
    /// The kind of the document at `path` (relative to the site root), if it is one.
    pub fn of(path: &Path) -> Option<Kind> {
        let rel = path.strip_prefix("content").ok()?;
        if rel == Path::new("_index.md") {
            return Some(Kind::Intro);
        }
        if rel.extension()? != "md" {
            return None;
        }
        match rel.parent()?.to_str()? {
            "articles" => Some(Kind::Article),
            "glossary" => Some(Kind::Term),
            "pages" => Some(Kind::Page),
            _ => None,
        }
    }
}

/// A document being edited.
#[derive(Debug)]
pub struct Doc<'t> {
    /// Path relative to the site root.
    pub path: &'t Path,
    /// The whole text.
    pub text: &'t str,
    /// Where the Markdown body starts (the end of the text while the front matter is unclosed).
    pub body_offset: usize,
    /// Its annotations.
    pub outline: Outline,
    /// Its lines, for positions.
    pub lines: LineIndex<'t>,
}

impl<'t> Doc<'t> {
    /// The document at `path` with this text.
    pub fn new(path: &'t Path, text: &'t str) -> Doc<'t> {
        let body_offset = frontmatter::split(text).map_or(text.len(), |split| split.body_offset);
        Doc { path, text, body_offset, outline: outline(text, body_offset), lines: LineIndex::new(text) }
    }

    /// Its kind of page.
    pub fn kind(&self) -> Option<Kind> {
        Kind::of(self.path)
    }

    /// The front matter, up to the body.
    pub fn front(&self) -> &'t str {
        &self.text[..self.body_offset]
    }

    /// The claims of its front matter as written now; while that cannot be parsed, those of the
    /// last text that could.
    pub fn claims(&self, knowledge: &Knowledge) -> BTreeMap<String, Claim> {
        let file = SourceFile { path: self.path.to_path_buf(), text: self.text.into() };
        match parse_source(file) {
            Ok(Parsed::Article(doc)) => doc.meta.claims.clone(),
            _ => knowledge.article(self.path).map(|doc| doc.meta.claims.clone()).unwrap_or_default(),
        }
    }

    /// The claim a `claim:` link names by `id`: one of this document's own claims, or, for
    /// `other-article/id`, the claim checked in that article, with the article.
    pub fn claim<'k>(&self, knowledge: &'k Knowledge, id: &str) -> Option<(Claim, Option<&'k Document<ArticleMeta>>)> {
        match id.split_once('/') {
            Some((slug, id)) => {
                let article = knowledge.article_by_slug(slug)?;
                Some((article.meta.claims.get(id)?.clone(), Some(article)))
            }
            None => self.claims(knowledge).remove(id).map(|claim| (claim, None)),
        }
    }
}
