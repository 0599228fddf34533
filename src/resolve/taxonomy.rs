//! Resolve stage: the site's taxonomies — its tags and its authors — as the names articles list
//! in their front matter, each with its slug (its URL) and its articles, and the check that no two
//! names share a slug.

use crate::diagnostic::Diagnostic;
use crate::load::Document;
use crate::model::{ArticleMeta, AuthorMeta};
use crate::slug::slugify;
use std::collections::BTreeMap;

/// Which names of an article a taxonomy is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// `tags:`.
    Tags,
    /// `authors:`.
    Authors,
}

impl Kind {
    /// Both kinds, in the order pages list them.
    pub const ALL: [Kind; 2] = [Kind::Tags, Kind::Authors];

    /// The front-matter key, which is also the folder of the taxonomy's pages (`tags`).
    pub fn key(self) -> &'static str {
        match self {
            Kind::Tags => "tags",
            Kind::Authors => "authors",
        }
    }

    /// One of its names in words (`tag`).
    pub fn singular(self) -> &'static str {
        match self {
            Kind::Tags => "tag",
            Kind::Authors => "author",
        }
    }

    /// The names an article lists under the kind's key.
    pub fn names(self, meta: &ArticleMeta) -> &[String] {
        match self {
            Kind::Tags => &meta.tags,
            Kind::Authors => &meta.authors,
        }
    }
}

/// Site path of a taxonomy's index (`tags/`).
pub fn index_path(kind: Kind) -> String {
    format!("{}/", kind.key())
}

/// Site path of the page of one name (`tags/ai/`).
pub fn taxon_path(kind: Kind, slug: &str) -> String {
    format!("{}/{slug}/", kind.key())
}

/// One tag or author: its name as written, its slug and the articles listing it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Taxon {
    /// The name as the first article listing it writes it (trimmed).
    pub name: String,
    /// The slug of the name: the last part of its URL.
    pub slug: String,
    /// Indices of the articles listing it, in site order (newest first).
    pub articles: Vec<usize>,
}

/// The longest slug a tag or author may have: its page is a folder named by the slug, and file
/// systems refuse names past 255 bytes; a name this long is a mistake, not a tag.
pub const MAX_SLUG_BYTES: usize = 100;

/// Every name of one kind the articles list, by slug.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Taxonomy {
    /// The names, sorted by slug.
    pub taxa: Vec<Taxon>,
}

impl Taxonomy {
    /// The `kind` names of `articles` (in site order), and an error at both places for each
    /// pair of different names with the same slug, and for a name with no letters a slug keeps
    /// or with a slug longer than [`MAX_SLUG_BYTES`].
    pub fn of(kind: Kind, articles: &[Document<ArticleMeta>]) -> (Self, Vec<Diagnostic>) {
        let mut by_slug: BTreeMap<String, Taxon> = BTreeMap::new();
        // Per slug, each different name with the first article writing it.
        let mut spellings: BTreeMap<String, Vec<(&str, usize)>> = BTreeMap::new();
        let mut problems = Vec::new();
        for (index, doc) in articles.iter().enumerate() {
            for name in kind.names(&doc.meta) {
                let name = name.trim();
                let slug = slugify(name);
                if slug.is_empty() {
                    let message = format!("the {} `{name}` has no letters or digits a URL can hold", kind.singular());
                    let help = "write it with Latin letters or digits (accents are fine), or remove it";
                    problems.push(
                        locate(Diagnostic::error("bad-name", &doc.file.path, message), kind, doc, name).with_help(help),
                    );
                    continue;
                }
                if slug.len() > MAX_SLUG_BYTES {
                    let message = format!(
                        "the {} `{name}` is too long for a URL: its page's folder name would be {} bytes",
                        kind.singular(),
                        slug.len()
                    );
                    let help = format!("shorten it to at most {MAX_SLUG_BYTES} letters and digits");
                    problems.push(
                        locate(Diagnostic::error("bad-name", &doc.file.path, message), kind, doc, name).with_help(help),
                    );
                    continue;
                }
                let names = spellings.entry(slug.clone()).or_default();
                if !names.iter().any(|(seen, _)| *seen == name) {
                    names.push((name, index));
                }
                let taxon = by_slug.entry(slug.clone()).or_insert_with(|| Taxon {
                    name: name.to_string(),
                    slug,
                    articles: Vec::new(),
                });
                if taxon.articles.last() != Some(&index) {
                    taxon.articles.push(index);
                }
            }
        }
        for (slug, names) in spellings.iter().filter(|(_, names)| names.len() > 1) {
            for &(name, index) in names {
                let others: Vec<String> = names
                    .iter()
                    .filter(|(other, _)| *other != name)
                    .map(|(other, at)| {
                        format!("`{other}` ({})", crate::diagnostic::display_path(&articles[*at].file.path))
                    })
                    .collect();
                let doc = &articles[index];
                let message = format!(
                    "the {} `{name}` has the same URL /{} as {}",
                    kind.singular(),
                    taxon_path(kind, slug),
                    others.join(", ")
                );
                let help = format!("write the {} the same way in every article", kind.singular());
                let error = Diagnostic::error(collision_code(kind), &doc.file.path, message).with_help(help);
                problems.push(locate(error, kind, doc, name));
            }
        }
        (Taxonomy { taxa: by_slug.into_values().collect() }, problems)
    }

    /// The index of the name with this slug.
    pub fn by_slug(&self, slug: &str) -> Option<usize> {
        self.taxa.binary_search_by(|taxon| taxon.slug.as_str().cmp(slug)).ok()
    }

    /// The indices of the names an article lists under `kind`, in its order, each once.
    pub fn of_article(&self, kind: Kind, meta: &ArticleMeta) -> Vec<usize> {
        let mut found = Vec::new();
        for index in kind.names(meta).iter().filter_map(|name| self.by_slug(&slugify(name.trim()))) {
            if !found.contains(&index) {
                found.push(index);
            }
        }
        found
    }
}

/// A warning for each bio of `content/authors/` whose slug is no author's of the articles: no
/// page shows it.
pub fn unlisted_bios(authors: &Taxonomy, bios: &[Document<AuthorMeta>]) -> Vec<Diagnostic> {
    bios.iter()
        .filter(|bio| authors.by_slug(&bio.slug).is_none())
        .map(|bio| {
            let message = format!("no article lists the author `{}` of this bio", bio.slug);
            let help = format!(
                "add `authors: [\"{}\"]` to their articles (a name whose slug is `{}`), or remove the file",
                bio.meta.name, bio.slug
            );
            Diagnostic::warning("unused-author", &bio.file.path, message).with_help(help)
        })
        .collect()
}

/// The code of the error for two names of `kind` with one slug.
fn collision_code(kind: Kind) -> &'static str {
    match kind {
        Kind::Tags => "tag-collision",
        Kind::Authors => "author-collision",
    }
}

/// Points `diagnostic` at `name` in the list under `kind`'s key in `doc`'s front matter.
fn locate(diagnostic: Diagnostic, kind: Kind, doc: &Document<ArticleMeta>, name: &str) -> Diagnostic {
    let front = &doc.file.text[..doc.body_offset];
    let Some(key) = crate::load::frontmatter::key_span(front, kind.key()) else {
        return diagnostic;
    };
    match written_item(&front[key.end..], name) {
        Some(at) => diagnostic.at(&doc.file.text, key.end + at..key.end + at + name.len()),
        None => diagnostic.at(&doc.file.text, key),
    }
}

/// Where `name` is written as a whole item of the YAML list `text` (after `- `, `[`, `,` or a
/// quote, before `,`, `]`, a quote or the line's end), not inside another name.
fn written_item(text: &str, name: &str) -> Option<usize> {
    let opens = |c: char| c.is_whitespace() || matches!(c, '[' | ',' | '"' | '\'' | '-');
    let closes = |c: char| c.is_whitespace() || matches!(c, ']' | ',' | '"' | '\'' | '#');
    text.match_indices(name).map(|(at, _)| at).find(|&at| {
        let before = text[..at].chars().next_back().is_none_or(opens);
        let after = text[at + name.len()..].chars().next().is_none_or(closes);
        before && after
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_is_found_as_a_whole_item_not_inside_another() {
        assert_eq!(written_item(" [chain, ai]", "ai"), Some(9));
        assert_eq!(written_item("\n  - chain\n  - \"ai\"\n", "ai"), Some(16));
        assert_eq!(written_item(" [chain]", "ai"), None);
    }
}
