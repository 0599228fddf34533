//! Completion: term slugs, names and aliases after `[[`; the article's claim ids after
//! `](claim:`, then the other articles checking claims and, after `claim:article/`, their ids; note labels after `[^`; front matter keys, verdicts and yes/no values; related
//! terms in `see_also`; and, where a site keeps a registry of sources (`content/sources.yaml`),
//! its keys in `sources:`.

use super::cursor::{cursor, Cursor};
use super::knowledge::Knowledge;
use super::view::{Doc, Kind};
use crate::model::{Claim, Verdict};
use lsp_types::{
    CompletionItem, CompletionItemKind, CompletionTextEdit, Documentation, MarkupContent, MarkupKind, TextEdit,
};
use std::collections::BTreeMap;
use std::ops::Range;
use std::path::Path;

/// The completions at byte `offset` of `doc`. `sources` is the site's registry of sources, if it
/// has one (see [`registry`]).
pub fn completions(
    doc: &Doc,
    knowledge: &Knowledge,
    offset: usize,
    sources: &[(String, String)],
) -> Vec<CompletionItem> {
    let item = |label: &str, kind, detail: Option<String>, docs: Option<String>, typed: &Range<usize>| CompletionItem {
        label: label.to_string(),
        kind: Some(kind),
        detail,
        documentation: docs
            .map(|value| Documentation::MarkupContent(MarkupContent { kind: MarkupKind::Markdown, value })),
        text_edit: Some(CompletionTextEdit::Edit(TextEdit {
            range: doc.lines.range(typed.clone()),
            new_text: label.into(),
        })),
        ..CompletionItem::default()
    };
    match cursor(doc.text, offset) {
        Cursor::TermLink { typed } => {
            let mut items = Vec::new();
            for (term, entry) in knowledge.glossary.terms.iter().enumerate() {
                let aliases = knowledge.content.terms.get(term).map(|doc| doc.meta.aliases.as_slice()).unwrap_or(&[]);
                let mut labels: Vec<&str> = Vec::new();
                for label in
                    [entry.slug.as_str(), entry.name.as_str()].into_iter().chain(aliases.iter().map(String::as_str))
                {
                    if !labels.contains(&label) {
                        labels.push(label);
                    }
                }
                for (n, label) in labels.into_iter().enumerate() {
                    let detail = if n == 0 { entry.name.clone() } else { format!("{} (`{}`)", entry.name, entry.slug) };
                    let mut found =
                        item(label, CompletionItemKind::REFERENCE, Some(detail), Some(entry.short.clone()), &typed);
                    // Slugs first, then names and aliases.
                    found.sort_text = Some(format!("{n}{label}"));
                    items.push(found);
                }
            }
            items
        }
        Cursor::ClaimId { typed } => {
            let verdict = |claim: &Claim| format!("{} {}", claim.verdict.icon(), claim.verdict.label());
            if let Some((slug, _)) = doc.text[typed.clone()].split_once('/') {
                // `claim:other-article/…`: the claims checked in that article.
                let Some(article) = knowledge.article_by_slug(slug) else { return Vec::new() };
                return (article.meta.claims.iter())
                    .map(|(id, claim)| {
                        let detail = format!("{} in {}", verdict(claim), article.meta.title);
                        let label = format!("{slug}/{id}");
                        item(&label, CompletionItemKind::VALUE, Some(detail), Some(claim.note.clone()), &typed)
                    })
                    .collect();
            }
            let own = doc.claims(knowledge).into_iter().map(|(id, claim)| {
                item(&id, CompletionItemKind::VALUE, Some(verdict(&claim)), Some(claim.note.clone()), &typed)
            });
            // Then the other articles checking claims, as `slug/`, which a claim id follows.
            let others = (knowledge.content.articles.iter())
                .filter(|article| article.file.path != doc.path && !article.meta.claims.is_empty())
                .map(|article| {
                    let mut found = item(
                        &format!("{}/", article.slug),
                        CompletionItemKind::FOLDER,
                        Some(article.meta.title.clone()),
                        None,
                        &typed,
                    );
                    found.sort_text = Some(format!("~{}", article.slug));
                    found
                });
            own.chain(others).collect()
        }
        Cursor::NoteLabel { typed } => {
            let mut labels: Vec<(&str, String)> = Vec::new();
            for note in &doc.outline.note_defs {
                if !labels.iter().any(|(label, _)| *label == note.label) {
                    labels.push((&note.label, note_text(&doc.text[note.span.clone()])));
                }
            }
            labels
                .into_iter()
                .map(|(label, text)| item(label, CompletionItemKind::VALUE, None, Some(text), &typed))
                .collect()
        }
        Cursor::Key { parents, typed } => {
            let Some(kind) = doc.kind() else { return Vec::new() };
            let at_top = parents.is_empty();
            keys(kind, &parents)
                .iter()
                .filter(|key| !at_top || crate::load::frontmatter::key_span(doc.front(), key).is_none())
                .map(|key| {
                    let mut found = item(key, CompletionItemKind::FIELD, None, None, &typed);
                    if let Some(CompletionTextEdit::Edit(edit)) = &mut found.text_edit {
                        edit.new_text = format!("{key}: ");
                    }
                    found
                })
                .collect()
        }
        Cursor::Value { key, parents, typed } => match key.as_str() {
            "verdict" => Verdict::ALL
                .iter()
                .map(|v| {
                    item(
                        v.name(),
                        CompletionItemKind::ENUM_MEMBER,
                        Some(format!("{} {}", v.icon(), v.label())),
                        None,
                        &typed,
                    )
                })
                .collect(),
            "draft" | "autolink" | "match_case" => {
                ["true", "false"].iter().map(|v| item(v, CompletionItemKind::VALUE, None, None, &typed)).collect()
            }
            "see_also" if doc.kind() == Some(Kind::Term) => knowledge
                .glossary
                .terms
                .iter()
                .map(|t| {
                    item(&t.slug, CompletionItemKind::REFERENCE, Some(t.name.clone()), Some(t.short.clone()), &typed)
                })
                .collect(),
            "sources" if parents.first().is_some_and(|p| p == "claims") || doc.kind() == Some(Kind::Term) => sources
                .iter()
                .map(|(key, title)| item(key, CompletionItemKind::REFERENCE, Some(title.clone()), None, &typed))
                .collect(),
            _ => Vec::new(),
        },
        Cursor::Other => Vec::new(),
    }
}

/// The text of a note's definition `[^label]: text`, without its label.
pub fn note_text(definition: &str) -> String {
    let text = definition.split_once("]:").map_or(definition, |(_, text)| text);
    text.trim().to_string()
}

/// The keys a front matter of `kind` may have under `parents` (the model's fields).
pub fn keys(kind: Kind, parents: &[String]) -> &'static [&'static str] {
    let parents: Vec<&str> = parents.iter().map(String::as_str).collect();
    match (kind, parents.as_slice()) {
        (Kind::Article, []) => &[
            "title",
            "date",
            "summary",
            "tags",
            "authors",
            "source",
            "draft",
            "autolink",
            "updated",
            "corrections",
            "claims",
        ],
        (Kind::Article, ["source"]) => &["name", "url", "published", "author"],
        (Kind::Article, ["corrections"]) => &["date", "text"],
        (Kind::Article, ["claims", _]) => &["verdict", "note", "sources"],
        (Kind::Article, ["claims", _, "sources"]) | (Kind::Term, ["sources"]) => &["title", "url"],
        (Kind::Term, []) => &["term", "aliases", "short", "see_also", "autolink", "match_case", "sources"],
        (Kind::Page, []) => &["title", "summary", "contact"],
        (Kind::Intro, []) => &["title"],
        _ => &[],
    }
}

/// The keys of the site's registry of sources, `content/sources.yaml` (a mapping from key to
/// source), each with its `title` when it has one; none when the site has no registry or it
/// cannot be read (the build reports what is wrong with it). `text` is the file's text.
pub fn registry(text: Option<&str>) -> Vec<(String, String)> {
    /// An entry of the registry: any mapping (its title read when it has one), or anything else.
    #[derive(serde::Deserialize)]
    #[serde(untagged)]
    enum Entry {
        Mapping {
            #[serde(default)]
            title: String,
        },
        Other(serde::de::IgnoredAny),
    }
    let Some(Ok(entries)) = text.map(crate::yaml::from_str::<BTreeMap<String, Entry>>) else {
        return Vec::new();
    };
    entries
        .into_iter()
        .map(|(key, entry)| match entry {
            Entry::Mapping { title } => (key, title),
            Entry::Other(_) => (key, String::new()),
        })
        .collect()
}

/// Where a site's registry of sources is, relative to its root.
pub fn registry_path() -> &'static Path {
    Path::new(crate::load::sources::REGISTRY_PATH)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ArticleMeta, ArticleSource, Claim, Correction, PageMeta, SourceRef, TermMeta};
    use serde::de::DeserializeOwned;

    /// The fields serde allows in `M`, read from its message for an unknown one.
    fn fields<M: DeserializeOwned + std::fmt::Debug>() -> Vec<String> {
        let error = crate::yaml::from_str::<M>("zzz: 1").unwrap_err().to_string();
        let mut fields: Vec<String> = error.split('`').skip(3).step_by(2).map(String::from).collect();
        fields.sort();
        fields
    }

    fn offered(kind: Kind, parents: &[&str]) -> Vec<String> {
        let parents: Vec<String> = parents.iter().map(|p| p.to_string()).collect();
        let mut keys: Vec<String> = keys(kind, &parents).iter().map(|k| k.to_string()).collect();
        keys.sort();
        keys
    }

    #[test]
    fn the_keys_offered_are_the_models_fields() {
        assert_eq!(offered(Kind::Article, &[]), fields::<ArticleMeta>());
        assert_eq!(offered(Kind::Article, &["source"]), fields::<ArticleSource>());
        assert_eq!(offered(Kind::Article, &["corrections"]), fields::<Correction>());
        assert_eq!(offered(Kind::Article, &["claims", "any-id"]), fields::<Claim>());
        assert_eq!(offered(Kind::Article, &["claims", "any-id", "sources"]), fields::<SourceRef>());
        assert_eq!(offered(Kind::Term, &[]), fields::<TermMeta>());
        assert_eq!(offered(Kind::Term, &["sources"]), fields::<SourceRef>());
        assert_eq!(offered(Kind::Page, &[]), fields::<PageMeta>());
    }

    #[test]
    fn a_registry_of_sources_gives_its_keys_and_titles_and_a_missing_one_nothing() {
        let text = "reuters-2025:\n  title: Reuters report\n  url: https://e.org\nbare: {}\n";
        assert_eq!(
            registry(Some(text)),
            [("bare".to_string(), String::new()), ("reuters-2025".into(), "Reuters report".into())]
        );
        assert!(registry(None).is_empty());
        assert!(registry(Some("[not, a, mapping]")).is_empty());
    }

    #[test]
    fn a_note_definition_without_its_label() {
        assert_eq!(note_text("[^who]: Joe Tsai is\n  Alibaba's chairman.\n"), "Joe Tsai is\n  Alibaba's chairman.");
    }
}
