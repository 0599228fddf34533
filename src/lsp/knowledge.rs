//! What the server knows of the site for completion, hovers and navigation: every document as
//! loaded (the editor's unsaved texts included) and the glossary built from them. Reloaded when
//! asked for after a change, through a parse cache, so only changed files are parsed again.

use crate::load::{self, Content, Document, LoadOptions, Overlay, ParseCache};
use crate::model::ArticleMeta;
use crate::model::Urls;
use crate::resolve::Glossary;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// What changed on disk or in the editor since a load.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Changes {
    /// Only these files, each in content: a watcher or the editor said so.
    Edits(HashSet<PathBuf>),
    /// Anything may have: the next load walks `content/` and compares every file.
    Unknown,
}

impl Changes {
    /// Both changes.
    pub fn merge(self, other: Changes) -> Changes {
        match (self, other) {
            (Changes::Edits(mut mine), Changes::Edits(theirs)) => {
                mine.extend(theirs);
                Changes::Edits(mine)
            }
            _ => Changes::Unknown,
        }
    }

    /// Tells the next load of `cache` what changed.
    pub fn tell(self, cache: &mut ParseCache) {
        if let Changes::Edits(paths) = self {
            cache.expect_edits(paths);
        }
    }
}

/// One document of the site, as the features read it.
#[derive(Debug, Clone, Copy)]
pub struct DocRef<'a> {
    /// Path relative to the site root.
    pub path: &'a Path,
    /// The whole text.
    pub text: &'a str,
    /// Where the Markdown body starts.
    pub body_offset: usize,
    /// Whether terms link by themselves in it.
    pub autolink: bool,
    /// The term whose own page it is.
    pub self_term: Option<usize>,
}

/// The site as loaded, with its glossary.
#[derive(Debug)]
pub struct Knowledge {
    /// Every document (drafts included), the editor's unsaved texts in place of the files.
    pub content: Content,
    /// The glossary of `content.terms` (same order).
    pub glossary: Glossary,
    cache: ParseCache,
    pending: Option<Changes>,
}

impl Knowledge {
    /// Loads the site at `root`, reading `overlay`'s texts instead of those files.
    pub fn load(root: &Path, overlay: Overlay) -> Knowledge {
        let mut cache = ParseCache::for_rebuilds();
        cache.set_overlay(overlay);
        let (content, _) = load::load_cached(root, LoadOptions { drafts: true, ..LoadOptions::default() }, &mut cache);
        let urls = Urls::new(&content.config.base_url);
        let (glossary, _) = Glossary::new(&content.terms, &urls);
        Knowledge { content, glossary, cache, pending: None }
    }

    /// Notes `changes` for the next [`Knowledge::refresh`].
    pub fn changed(&mut self, changes: Changes) {
        self.pending = Some(match self.pending.take() {
            Some(pending) => pending.merge(changes),
            None => changes,
        });
    }

    /// Loads again what changed since the last load, if anything did.
    pub fn refresh(&mut self, root: &Path, overlay: Overlay) {
        let Some(changes) = self.pending.take() else { return };
        changes.tell(&mut self.cache);
        self.cache.set_overlay(overlay);
        let (content, _) =
            load::load_cached(root, LoadOptions { drafts: true, ..LoadOptions::default() }, &mut self.cache);
        let urls = Urls::new(&content.config.base_url);
        let (glossary, _) = Glossary::new_reusing(&content.terms, &urls, Some(&self.glossary));
        self.content = content;
        self.glossary = glossary;
    }

    /// The glossary file of term `index`.
    pub fn term_file(&self, index: usize) -> Option<&Path> {
        self.content.terms.get(index).map(|doc| doc.file.path.as_path())
    }

    /// The term whose glossary file is `path`.
    pub fn term_of_file(&self, path: &Path) -> Option<usize> {
        self.content.terms.iter().position(|doc| doc.file.path == path)
    }

    /// The article at `path`, as last loaded.
    pub fn article(&self, path: &Path) -> Option<&Document<ArticleMeta>> {
        self.content.articles.iter().find(|doc| doc.file.path == path)
    }

    /// The article whose slug is `slug` (the name a `claim:slug/id` link cites it by).
    pub fn article_by_slug(&self, slug: &str) -> Option<&Document<ArticleMeta>> {
        self.content.articles.iter().find(|doc| doc.slug == slug)
    }

    /// Whether terms link by themselves in the document at `path`.
    pub fn autolink(&self, path: &Path) -> bool {
        let site = self.content.config.autolink;
        self.article(path).map_or(site, |doc| doc.meta.autolink.unwrap_or(site))
    }

    /// Every document of the site.
    pub fn documents(&self) -> impl Iterator<Item = DocRef<'_>> {
        let site = self.content.config.autolink;
        let doc =
            |path, text, body_offset, autolink, self_term| DocRef { path, text, body_offset, autolink, self_term };
        let articles = self.content.articles.iter().map(move |d| {
            doc(d.file.path.as_path(), &*d.file.text, d.body_offset, d.meta.autolink.unwrap_or(site), None)
        });
        let terms = (self.content.terms.iter().enumerate())
            .map(move |(i, d)| doc(d.file.path.as_path(), &*d.file.text, d.body_offset, site, Some(i)));
        let pages = self
            .content
            .pages
            .iter()
            .map(move |d| doc(d.file.path.as_path(), &*d.file.text, d.body_offset, site, None));
        let intro = self
            .content
            .intro
            .iter()
            .map(move |d| doc(d.file.path.as_path(), &*d.file.text, d.body_offset, site, None));
        articles.chain(terms).chain(pages).chain(intro)
    }
}
