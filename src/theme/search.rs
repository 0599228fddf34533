//! Theme stage: the static search index, in shards, so a reader's search loads a small manifest
//! and the few files a query needs instead of one file holding every document.
//!
//! Every article, term and free-standing page is a document with a number (terms first, then
//! pages, then articles in site order, which is also the order results of equal score keep). The
//! words of its title and summary are folded as the theme's script folds what the reader types
//! ([`fold`], [`words`]), and each word goes to the shard of its first two characters
//! ([`shard_key`]): the shard maps each of its words to the documents whose title holds it and
//! those whose summary only does. A query word needs only its own shard, which holds every word
//! it is a prefix of. What a result shows (title, URL, kind, summary) is in small files of
//! [`DOCS_PER_FILE`] documents, loaded for the best few hits only.
//!
//! The files, under `search/`:
//! - `manifest.json`: `{"v": version, "docs": count, "per": DOCS_PER_FILE, "shards": {key: file}}`,
//!   `version` a hash of all the files below, which the script appends to their URLs so a
//!   browser never mixes files of two builds;
//! - `w/<key>.json` (a shard): `{"words": {word: [title ids, summary-only ids]}}`, each list of
//!   ids ascending and written as differences from the previous id (the first from 0);
//! - `d/<n>.json`: `{"docs": [{"t": title, "u": URL, "k": kind, "s": summary}, …]}` for the
//!   documents `n * DOCS_PER_FILE` onwards.

use crate::resolve::{article_path, page_path, term_path};
use crate::site::Site;
use serde_json::{json, Map, Value};
use std::collections::{BTreeMap, BTreeSet};
use unicode_normalization::UnicodeNormalization;

/// How many documents' result data one `search/d/` file holds: few enough that the best results
/// of a query, spread over the site, load little; many enough that a site of 100,000 documents
/// has thousands of such files, not a hundred thousand.
pub const DOCS_PER_FILE: usize = 16;

/// The folder of the search files in the output.
pub const FOLDER: &str = "search/";

/// The manifest's path in the output.
pub const MANIFEST: &str = "search/manifest.json";

/// What the search index of `site` is made from, hashed: the site's URLs and the slug and front
/// matter of every term, page and article (a hash of each front matter's text, taken when it
/// was read), so a rebuild can tell cheaply whether the index it kept is still the site's.
pub fn key(site: &Site) -> u64 {
    let terms: Vec<_> = site.terms.iter().map(|t| t.doc.front_matter()).collect();
    let pages: Vec<_> = site.pages.iter().map(|p| p.doc.front_matter()).collect();
    let articles: Vec<_> = site.articles.iter().map(|a| a.doc.front_matter()).collect();
    crate::hash::hash_of((&site.urls, terms, pages, articles))
}

/// What one document shows in results, and the text its words come from.
struct Entry {
    title: String,
    url: String,
    kind: &'static str,
    summary: String,
}

/// The documents the search finds, in the order of their numbers.
fn entries(site: &Site) -> Vec<Entry> {
    let urls = &site.urls;
    let mut entries = Vec::with_capacity(site.terms.len() + site.pages.len() + site.articles.len());
    for t in &site.terms {
        let meta = &t.doc.meta;
        let mut summary = crate::render::plain::plain_text_of(&meta.short);
        if !meta.aliases.is_empty() {
            summary = format!("{summary} Also: {}.", meta.aliases.join(", "));
        }
        let url = urls.path(&term_path(&t.doc.slug));
        entries.push(Entry { title: meta.term.clone(), url, kind: "term", summary });
    }
    for p in &site.pages {
        let (meta, url) = (&p.doc.meta, urls.path(&page_path(&p.doc.slug)));
        entries.push(Entry { title: meta.title.clone(), url, kind: "page", summary: meta.summary.clone() });
    }
    for a in &site.articles {
        let (meta, url) = (&a.doc.meta, urls.path(&article_path(&a.doc.slug)));
        entries.push(Entry { title: meta.title.clone(), url, kind: "article", summary: meta.summary.clone() });
    }
    entries
}

/// `text` as the search compares it: decomposed (NFD), without combining diacritical marks
/// (U+0300–U+036F), lower-cased — what the theme's script does with
/// `s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase()`, so "Café" is found as "cafe".
pub fn fold(text: &str) -> String {
    let bare: String = text.nfd().filter(|c| !('\u{300}'..='\u{36f}').contains(c)).collect();
    bare.to_lowercase()
}

/// The words of folded text: runs of alphabetic and numeric characters, as the script's
/// `split(/[^\p{Alphabetic}\p{N}]+/u)` finds them (Rust's `char::is_alphanumeric` is the same
/// pair of Unicode properties).
pub fn words(folded: &str) -> impl Iterator<Item = &str> {
    folded.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty())
}

/// The shard a word is in: its first two characters (a one-character word is its own key).
pub fn shard_key(word: &str) -> &str {
    let end = word.char_indices().nth(2).map_or(word.len(), |(i, _)| i);
    &word[..end]
}

/// The file name of the shard of `key`: the key itself when it is ASCII letters and digits,
/// else `x` and the hex of its UTF-8 bytes (longer than any ASCII key, so the two never meet).
fn shard_file(key: &str) -> String {
    if key.bytes().all(|b| b.is_ascii_alphanumeric()) {
        format!("w/{key}.json")
    } else {
        let hex: String = key.bytes().map(|b| format!("{b:02x}")).collect();
        format!("w/x{hex}.json")
    }
}

/// The documents a word is in: those whose title holds it, and those whose summary only does.
#[derive(Default)]
struct Postings {
    title: Vec<u32>,
    summary: Vec<u32>,
}

/// Ascending ids as differences from the previous one (the first from 0): short numbers.
fn deltas(ids: &[u32]) -> Value {
    let mut previous = 0;
    Value::Array(
        ids.iter()
            .map(|&id| {
                let delta = id - previous;
                previous = id;
                Value::from(delta)
            })
            .collect(),
    )
}

/// The files of the sharded search index of a site, by path in the output (`search/…`).
#[derive(Debug, Default)]
pub struct SearchIndex {
    files: Vec<(String, String)>,
}

impl SearchIndex {
    /// The search index of `site`.
    pub fn of(site: &Site) -> Self {
        let entries = entries(site);
        let mut postings: BTreeMap<String, Postings> = BTreeMap::new();
        for (id, entry) in entries.iter().enumerate() {
            let id = u32::try_from(id).unwrap_or(u32::MAX);
            let title = fold(&entry.title);
            let title_words: BTreeSet<&str> = words(&title).collect();
            let summary = fold(&entry.summary);
            let summary_words: BTreeSet<&str> = words(&summary).filter(|w| !title_words.contains(w)).collect();
            for word in title_words {
                postings.entry(word.to_string()).or_default().title.push(id);
            }
            for word in summary_words {
                postings.entry(word.to_string()).or_default().summary.push(id);
            }
        }
        let mut shards: BTreeMap<&str, Map<String, Value>> = BTreeMap::new();
        for (word, found) in &postings {
            let lists = json!([deltas(&found.title), deltas(&found.summary)]);
            shards.entry(shard_key(word)).or_default().insert(word.clone(), lists);
        }
        let mut files = Vec::with_capacity(shards.len() + entries.len() / DOCS_PER_FILE + 2);
        let mut names = Map::new();
        for (key, words) in shards {
            let file = shard_file(key);
            files.push((format!("search/{file}"), json!({ "words": words }).to_string()));
            names.insert(key.to_string(), Value::String(file));
        }
        for (n, chunk) in entries.chunks(DOCS_PER_FILE).enumerate() {
            let docs: Vec<Value> =
                chunk.iter().map(|e| json!({"t": e.title, "u": e.url, "k": e.kind, "s": e.summary})).collect();
            files.push((format!("search/d/{n}.json"), json!({ "docs": docs }).to_string()));
        }
        let version = format!("{:016x}", crate::hash::hash_of(&files));
        let manifest = json!({"v": version, "docs": entries.len(), "per": DOCS_PER_FILE, "shards": names});
        files.push((MANIFEST.to_string(), manifest.to_string()));
        SearchIndex { files }
    }

    /// Every file, as (path in the output, JSON text); the manifest last.
    pub fn files(&self) -> &[(String, String)] {
        &self.files
    }

    /// Which of `previous` (the paths of an earlier build's files in [`FOLDER`]) this index has
    /// no more: shards of words no document holds now. A rebuild that keeps the earlier output
    /// and renders only what changed removes them, so it stays the same as a clean build.
    pub fn stale<'p>(&self, previous: impl Iterator<Item = &'p str>) -> Vec<String> {
        let current: std::collections::HashSet<&str> = self.files.iter().map(|(path, _)| path.as_str()).collect();
        previous.filter(|path| !current.contains(path)).map(str::to_string).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_drops_accents_and_case_as_the_script_does() {
        assert_eq!(fold("Café CRÈME Ångström"), "cafe creme angstrom");
        assert_eq!(words(&fold("Qwen-2.5: the “best”!")).collect::<Vec<_>>(), ["qwen", "2", "5", "the", "best"]);
    }

    #[test]
    fn a_word_s_shard_is_its_first_two_characters() {
        assert_eq!(shard_key("distillation"), "di");
        assert_eq!(shard_key("a"), "a");
        assert_eq!(shard_key("évian"), "év");
        assert_eq!(shard_key("日本語"), "日本");
    }

    #[test]
    fn shard_files_are_ascii_and_distinct() {
        assert_eq!(shard_file("di"), "w/di.json");
        assert_eq!(shard_file("日本"), "w/xe697a5e69cac.json");
        assert_ne!(shard_file("é"), shard_file("c3"));
    }

    #[test]
    fn ids_are_written_as_differences() {
        assert_eq!(deltas(&[3, 4, 10]), json!([3, 1, 6]));
        assert_eq!(deltas(&[]), json!([]));
    }
}
