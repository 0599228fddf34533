//! Renaming a term's slug: its glossary file is renamed, and every `[[slug]]` or `[[slug|...]]`
//! link, every `see_also` entry and every link to its page (`/glossary/slug/`, or a relative
//! `../glossary/slug.md`) is rewritten, as one workspace edit.

use super::knowledge::Knowledge;
use super::navigate::see_also_entries;
use super::outline::outline;
use crate::resolve::{links, term_path};
use crate::slug::slugify;
use std::ops::Range;
use std::path::{Path, PathBuf};

/// Edits of one text: byte spans and their new text.
pub type Edits = Vec<(Range<usize>, String)>;

/// What renaming a term changes: text edits by file (path relative to the root, byte span, new
/// text) and the glossary file's move.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Renaming {
    /// Edits per file, in file order.
    pub edits: Vec<(PathBuf, Edits)>,
    /// The glossary file, from and to.
    pub file: (PathBuf, PathBuf),
}

/// Why a term cannot be renamed so.
pub fn check_new_slug(knowledge: &Knowledge, term: usize, new: &str) -> Result<(), String> {
    if new.is_empty() || slugify(new) != new {
        let hint = slugify(new);
        return Err(match hint.is_empty() {
            true => format!("`{new}` is not a slug: use lowercase Latin letters, digits and dashes"),
            false => format!("`{new}` is not a slug: try `{hint}`"),
        });
    }
    if knowledge.glossary.by_slug(new).is_some_and(|other| other != term) {
        return Err(format!("the glossary already has a term `{new}`"));
    }
    Ok(())
}

/// The edits that rename term `term` to the slug `new` (checked with [`check_new_slug`]).
pub fn rename(knowledge: &Knowledge, term: usize, new: &str) -> Option<Renaming> {
    let old = knowledge.glossary.terms[term].slug.clone();
    let file = knowledge.term_file(term)?.to_path_buf();
    let mut edits = Vec::new();
    for doc in knowledge.documents() {
        let mut here: Edits = Vec::new();
        let outline = outline(doc.text, doc.body_offset);
        for link in &outline.term_links {
            if doc.text[link.target_span.clone()].trim() == old {
                here.push((link.target_span.clone(), new.to_string()));
            }
        }
        for link in &outline.links {
            let Some(span) = &link.url_span else { continue };
            if let Some(url) = renamed_url(doc.path, &link.url, &old, new) {
                here.push((span.clone(), url));
            }
        }
        if doc.self_term.is_some() {
            here.extend(see_also_entries(&doc.text[..doc.body_offset], &old).into_iter().map(|s| (s, new.to_string())));
        }
        if !here.is_empty() {
            here.sort_by_key(|(span, _)| span.start);
            edits.push((doc.path.to_path_buf(), here));
        }
    }
    edits.sort_by(|a, b| a.0.cmp(&b.0));
    let moved = file.with_file_name(format!("{new}.md"));
    Some(Renaming { edits, file: (file, moved) })
}

/// `url`, written in the file `source`, with the term page of `old` it leads to renamed to
/// `new`; `None` when it leads elsewhere.
fn renamed_url(source: &Path, url: &str, old: &str, new: &str) -> Option<String> {
    let target = if url.starts_with('/') && !url.starts_with("//") {
        url.trim_start_matches('/').to_string()
    } else if links::is_relative(url) {
        links::relative_target(source, url)?
    } else {
        return None;
    };
    let path = target.split(['#', '?']).next().unwrap_or("");
    if path.trim_end_matches('/') != term_path(old).trim_end_matches('/') {
        return None;
    }
    // The last segment of the URL's path names the term: `old`, or `old.md` in a relative link.
    let cut = url.find(['#', '?']).unwrap_or(url.len());
    let (path, suffix) = url.split_at(cut);
    let trailing = if path.ends_with('/') { "/" } else { "" };
    let path = path.trim_end_matches('/');
    let (folder, last) = path.rsplit_once('/').map_or(("", path), |(folder, last)| (folder, last));
    let renamed = match last {
        last if last == old => new.to_string(),
        last if last.strip_suffix(".md") == Some(old) => format!("{new}.md"),
        _ => return None,
    };
    let folder = if path.contains('/') { format!("{folder}/") } else { String::new() };
    Some(format!("{folder}{renamed}{trailing}{suffix}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_to_the_term_page_are_renamed_and_others_left() {
        let article = Path::new("content/articles/x.md");
        assert_eq!(
            renamed_url(article, "/glossary/tokens/#why", "tokens", "token").as_deref(),
            Some("/glossary/token/#why")
        );
        assert_eq!(
            renamed_url(article, "../glossary/tokens.md", "tokens", "token").as_deref(),
            Some("../glossary/token.md")
        );
        assert_eq!(renamed_url(article, "/glossary/tokens", "tokens", "token").as_deref(), Some("/glossary/token"));
        assert_eq!(renamed_url(article, "/glossary/tokens-2/", "tokens", "token"), None);
        assert_eq!(renamed_url(article, "/articles/tokens/", "tokens", "token"), None);
        assert_eq!(renamed_url(article, "https://e.org/glossary/tokens/", "tokens", "token"), None);
        let term = Path::new("content/glossary/other.md");
        assert_eq!(renamed_url(term, "tokens.md", "tokens", "token").as_deref(), Some("token.md"));
    }
}
