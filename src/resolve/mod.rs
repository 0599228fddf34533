//! Resolve stage: everything that needs the whole site before any Markdown is rendered — page
//! URLs, the glossary (names, aliases, see-also, one term matcher), and duplicate checks.

pub mod links;
pub mod matcher;
pub mod sources;
pub mod taxonomy;

use crate::diagnostic::{did_you_mean, Diagnostic};
use crate::load::{Content, Document};
use crate::model::{TermMeta, Urls};
use matcher::{Case, TermMatcher};
use std::collections::{HashMap, HashSet};

/// Site path (no leading slash) of an article page.
pub fn article_path(slug: &str) -> String {
    format!("articles/{slug}/")
}

/// Site path of a glossary term page.
pub fn term_path(slug: &str) -> String {
    format!("glossary/{slug}/")
}

/// Site path of a free-standing page.
pub fn page_path(slug: &str) -> String {
    format!("{slug}/")
}

/// The site path of the page a Markdown file of the site's sections becomes
/// (`content/articles/x.md` -> `articles/x/`), whether or not the file could be read.
pub fn document_path(file: &std::path::Path) -> Option<String> {
    let rel = file.strip_prefix("content").ok()?;
    let slug = rel.file_stem()?.to_str()?;
    match rel.parent()?.to_str()? {
        "articles" => Some(article_path(slug)),
        "glossary" => Some(term_path(slug)),
        "pages" => Some(page_path(slug)),
        "authors" => Some(taxonomy::taxon_path(taxonomy::Kind::Authors, slug)),
        _ => None,
    }
}

/// Slugs a free-standing page may not take, because the site's own pages live there.
pub const RESERVED_PAGE_SLUGS: [&str; 8] =
    ["articles", "glossary", "sources", "search", "404", "tags", "authors", "claims"];

/// One glossary term, as the renderer needs it.
#[derive(Debug, Clone)]
pub struct GlossaryTerm {
    /// Slug.
    pub slug: String,
    /// Display name.
    pub name: String,
    /// One-sentence definition.
    pub short: String,
    /// Root-relative URL of the term page.
    pub url: String,
}

/// The longest name or alias a term may have, in characters. Names are matched in every article
/// by one automaton, whose construction grows with the square of a long self-similar name
/// (20,000 `w`s took 48 s): a cap keeps every glossary cheap, far above any real term.
pub const MAX_NAME_CHARS: usize = 100;

/// All glossary terms, looked up by slug or by any name, plus the matcher over all names.
#[derive(Debug, Clone)]
pub struct Glossary {
    /// Terms in slug order; indices are the term ids used everywhere else.
    pub terms: Vec<GlossaryTerm>,
    by_slug: HashMap<String, usize>,
    by_name: HashMap<String, usize>,
    /// Finds mentions of any term's name or alias in text.
    pub matcher: TermMatcher,
    /// The names and aliases the matcher was built from, per term (none for a term that is not
    /// linked automatically), and which of their spellings it finds.
    names: Vec<(Vec<String>, Case)>,
}

impl Glossary {
    /// Builds the glossary from the term documents (already sorted by slug), reporting names or
    /// aliases used by two terms and `see_also` entries that name no term.
    pub fn new(terms: &[Document<TermMeta>], urls: &Urls) -> (Self, Vec<Diagnostic>) {
        Self::new_reusing(terms, urls, None)
    }

    /// Like [`Glossary::new`], but takes the term matcher of `previous` when it was built from
    /// the same names, so a rebuild does not compile the automaton again.
    pub fn new_reusing(
        terms: &[Document<TermMeta>],
        urls: &Urls,
        previous: Option<&Glossary>,
    ) -> (Self, Vec<Diagnostic>) {
        let mut diagnostics = Vec::new();
        let by_slug: HashMap<String, usize> = terms.iter().enumerate().map(|(i, t)| (t.slug.clone(), i)).collect();
        let mut by_name: HashMap<String, usize> = HashMap::new();
        let mut names_per_term: Vec<(Vec<String>, Case)> = Vec::with_capacity(terms.len());
        for (index, doc) in terms.iter().enumerate() {
            let mut names = Vec::new();
            if doc.meta.term.trim().is_empty() {
                let empty = Diagnostic::error("empty-term", &doc.file.path, "the term has no name: `term:` is empty");
                let help =
                    format!("write the term as readers should see it, e.g. `term: \"{}\"`", doc.slug.replace('-', " "));
                diagnostics.push(locate_in_front_matter(empty, doc, "term:").with_help(help));
            }
            for name in std::iter::once(&doc.meta.term).chain(&doc.meta.aliases) {
                let key = name.trim().to_lowercase();
                if key.is_empty() {
                    continue;
                }
                if key.chars().count() > MAX_NAME_CHARS {
                    diagnostics.push(
                        locate_in_front_matter(
                            Diagnostic::error(
                                "long-term-name",
                                &doc.file.path,
                                format!(
                                    "a name or alias of {} characters: term names are at most {MAX_NAME_CHARS}",
                                    key.chars().count()
                                ),
                            ),
                            doc,
                            name,
                        )
                        .with_help(
                            "a glossary term is a word or a short phrase; put the explanation in `short` or the body",
                        ),
                    );
                    continue;
                }
                match by_name.get(&key) {
                    Some(&other) if other != index => diagnostics.push(
                        locate_in_front_matter(
                            Diagnostic::error(
                                "duplicate-alias",
                                &doc.file.path,
                                format!("`{name}` is already a name of the term `{}`", terms[other].slug),
                            ),
                            doc,
                            name,
                        )
                        .with_help("each name or alias may belong to one term only: remove it from one of them"),
                    ),
                    Some(_) => {}
                    None => {
                        by_name.insert(key, index);
                        names.push(name.trim().to_string());
                    }
                }
            }
            let mut listed = HashSet::new();
            for related in &doc.meta.see_also {
                if *related == doc.slug || !listed.insert(related) {
                    let what = if *related == doc.slug { "the term itself" } else { "a term it already lists" };
                    let d = Diagnostic::warning(
                        "see-also-repeat",
                        &doc.file.path,
                        format!("`see_also` lists {what}: `{related}`"),
                    );
                    diagnostics.push(locate_in_front_matter(d, doc, related).with_help("remove the entry"));
                    continue;
                }
                if !by_slug.contains_key(related) {
                    let mut d = Diagnostic::error(
                        "unknown-see-also",
                        &doc.file.path,
                        format!("`see_also` names `{related}`, which is not a glossary term"),
                    );
                    if let Some(close) = did_you_mean(related, by_slug.keys().map(String::as_str)) {
                        d = d.with_help(format!("did you mean `{close}`?"));
                    }
                    diagnostics.push(locate_in_front_matter(d, doc, related));
                }
            }
            let case = if doc.meta.match_case { Case::AsWritten } else { Case::Prose };
            // A term that is not linked automatically is found only by its `[[…]]` links.
            names_per_term.push((if doc.meta.autolink != Some(false) { names } else { Vec::new() }, case));
        }
        let glossary_terms = terms
            .iter()
            .map(|doc| GlossaryTerm {
                slug: doc.slug.clone(),
                name: doc.meta.term.clone(),
                short: doc.meta.short.clone(),
                url: urls.path(&term_path(&doc.slug)),
            })
            .collect();
        let matcher = match previous.filter(|p| p.names == names_per_term) {
            Some(previous) => previous.matcher.clone(),
            None => {
                let cased: Vec<(&[String], Case)> =
                    names_per_term.iter().map(|(names, case)| (names.as_slice(), *case)).collect();
                TermMatcher::with_cases(&cased)
            }
        };
        (Glossary { terms: glossary_terms, by_slug, by_name, matcher, names: names_per_term }, diagnostics)
    }

    /// The term a wikilink target names: its slug, or (case-insensitively) a name or alias, or a
    /// name written as a slug. A target broken across lines reads as one line.
    pub fn find(&self, target: &str) -> Option<usize> {
        let target = one_line(target);
        let target = target.as_ref();
        self.by_slug
            .get(target)
            .or_else(|| self.by_name.get(&target.to_lowercase()))
            .or_else(|| self.by_slug.get(&crate::slug::slugify(target)))
            .copied()
    }

    /// Index of the term with this slug.
    pub fn by_slug(&self, slug: &str) -> Option<usize> {
        self.by_slug.get(slug).copied()
    }

    /// The slug closest to `target`, for did-you-mean hints.
    pub fn suggest(&self, target: &str) -> Option<&str> {
        did_you_mean(target, self.by_slug.keys().map(String::as_str))
    }
}

/// Points a diagnostic at `needle` in the document's front matter: at the top-level key it names
/// (`summary:`) when one starts a line, else at its first occurrence (a nested `claim-id:`).
pub fn locate_in_front_matter<M>(diagnostic: Diagnostic, doc: &Document<M>, needle: &str) -> Diagnostic {
    let front = &doc.file.text[..doc.body_offset];
    // A top-level key on its own line first: `summary:` may also appear inside another value.
    let key = needle.strip_suffix(':').and_then(|key| crate::load::frontmatter::key_span(front, key));
    match key.or_else(|| front.find(needle).map(|at| at..at + needle.len())) {
        Some(span) => diagnostic.at(&doc.file.text, span),
        None => diagnostic,
    }
}

/// The longest a term's `short` definition may be, in characters: it is one sentence, and it is
/// repeated in the popover of every mention of the term, so a long one is multiplied into pages.
pub const MAX_SHORT_CHARS: usize = 400;

/// The longest title of an article or page, in characters: a title is repeated wherever the page
/// is listed or linked (the home page, the articles beside it, the page of every term it mentions).
pub const MAX_TITLE_CHARS: usize = 300;

/// Reports the fields repeated into other pages that are longer than their caps: a term's
/// `short` ([`MAX_SHORT_CHARS`]) and the `title` of articles and pages ([`MAX_TITLE_CHARS`]).
/// Names and aliases have their own cap ([`MAX_NAME_CHARS`]).
pub fn check_lengths(content: &Content) -> Vec<Diagnostic> {
    let terms = content.terms.iter().filter_map(|doc| too_long(doc, "short", &doc.meta.short, MAX_SHORT_CHARS));
    let articles = content.articles.iter().filter_map(|doc| too_long(doc, "title", &doc.meta.title, MAX_TITLE_CHARS));
    let pages = content.pages.iter().filter_map(|doc| too_long(doc, "title", &doc.meta.title, MAX_TITLE_CHARS));
    terms.chain(articles).chain(pages).collect()
}

/// The error for the front-matter `key` of `doc` when its `value` is longer than `cap` characters.
pub fn too_long<M>(doc: &Document<M>, key: &str, value: &str, cap: usize) -> Option<Diagnostic> {
    let length = value.chars().count();
    (length > cap).then(|| {
        let message = format!("`{key}` has {length} characters: at most {cap}, since it is repeated on other pages");
        let help = if key == "short" {
            "keep the short definition to one sentence; the explanation belongs in the term's text"
        } else {
            "shorten it; a summary can say the rest"
        };
        locate_in_front_matter(Diagnostic::error("too-long", &doc.file.path, message), doc, &format!("{key}:"))
            .with_help(help)
    })
}

/// Reports articles and pages whose `title` is blank: it would be an empty heading, and an
/// empty link wherever the page is listed.
pub fn check_titles(content: &Content) -> Vec<Diagnostic> {
    fn empty<M>(doc: &Document<M>) -> Diagnostic {
        let d = Diagnostic::error("empty-title", &doc.file.path, "the title is empty")
            .with_help("give it the title readers should see: `title: \"...\"`");
        locate_in_front_matter(d, doc, "title:")
    }
    let articles = content.articles.iter().filter(|a| a.meta.title.trim().is_empty()).map(empty);
    let pages = content.pages.iter().filter(|p| p.meta.title.trim().is_empty()).map(empty);
    articles.chain(pages).collect()
}

/// Reports free-standing pages whose slug collides with the site's own sections.
pub fn check_page_slugs(content: &Content) -> Vec<Diagnostic> {
    content
        .pages
        .iter()
        .filter(|page| RESERVED_PAGE_SLUGS.contains(&page.slug.as_str()))
        .map(|page| {
            Diagnostic::error(
                "duplicate-slug",
                &page.file.path,
                format!("the page slug `{}` collides with the site's own `/{}/` section", page.slug, page.slug),
            )
            .with_help("rename the file")
        })
        .collect()
}

/// `text` with each run of whitespace (line breaks too) written as one space, trimmed: how a
/// wikilink target that an editor wrapped across lines is read.
pub fn one_line(text: &str) -> std::borrow::Cow<'_, str> {
    let text = text.trim();
    if text.contains(|c: char| c.is_whitespace() && c != ' ') || text.contains("  ") {
        text.split_whitespace().collect::<Vec<_>>().join(" ").into()
    } else {
        text.into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_front_matter_key_is_located_at_its_own_line_not_inside_another_value() {
        let text = "---\ntitle: \"Why summary: matters\"\ndate: 2025-01-01\nsummary: \" \"\n---\nBody.\n";
        let file = crate::load::SourceFile { path: "content/articles/x.md".into(), text: text.into() };
        let Ok(crate::load::Parsed::Article(doc)) = crate::load::parse_source(file) else { panic!("an article") };
        let d = locate_in_front_matter(
            Diagnostic::warning("empty-summary", "content/articles/x.md", "m"),
            &doc,
            "summary:",
        );
        assert_eq!((d.line, d.column), (4, 1));
        let d = locate_in_front_matter(Diagnostic::warning("x", "content/articles/x.md", "m"), &doc, "matters");
        assert_eq!((d.line, d.column), (2, 22), "any other text at its first occurrence");
    }
}
