//! Resolve stage: where the author's relative links point. A relative link is read as Markdown
//! editors (GitHub, VS Code, Obsidian) read it — from the folder of the file that holds it — so
//! `![map](map.png)` beside `content/articles/x.md` and `[the other story](other.md)` work in the
//! editor's preview and on the built site alike.

use std::path::Path;

/// True for a URL that is relative to the document: not `/root-relative`, not `#fragment` or
/// `?query` alone, and without a scheme (`https:`, `mailto:`, `claim:`) or a `//host`.
pub fn is_relative(url: &str) -> bool {
    if url.is_empty() || url.starts_with(['/', '#', '?', '\\']) {
        return false;
    }
    let before_path = url.split(['/', '?', '#']).next().unwrap_or("");
    match before_path.split_once(':') {
        None => true,
        // A scheme: a letter, then letters, digits, `+`, `-` or `.` (RFC 3986).
        Some((scheme, _)) => {
            !scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                || !scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        }
    }
}

/// The site path (no leading slash, `?query` and `#fragment` kept) that the relative link `url`
/// of the content file `source` (`content/articles/x.md`) names: a Markdown file of content/
/// names its page (`other.md#why` -> `articles/other/#why`, `../_index.md` -> the home page),
/// any other path the file copied from content/ (`map.png` -> `articles/map.png`). `None` when
/// the path climbs out of content/.
pub fn relative_target(source: &Path, url: &str) -> Option<String> {
    let cut = url.find(['?', '#']).unwrap_or(url.len());
    let (path, suffix) = url.split_at(cut);
    let folder = source.parent().and_then(|p| p.strip_prefix("content").ok()).unwrap_or(Path::new(""));
    let mut segments: Vec<String> = folder.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                segments.pop()?;
            }
            name => segments.push(name.to_string()),
        }
    }
    let joined = segments.join("/");
    let folder_link = path.ends_with('/') && !joined.is_empty();
    let site_path = match joined.strip_suffix(".md") {
        Some(_) if joined == "_index.md" => String::new(),
        Some(_) => super::document_path(&Path::new("content").join(&joined)).unwrap_or(joined),
        None if folder_link => format!("{joined}/"),
        None => joined,
    };
    Some(format!("{site_path}{suffix}"))
}

/// Percent-decodes one URL path (`a%20b.txt` -> `a b.txt`), to compare it with file names;
/// `None` for a malformed escape or bytes that are not UTF-8.
pub fn percent_decode(path: &str) -> Option<String> {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = path.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_urls_are_those_without_scheme_host_root_or_bare_fragment() {
        for url in ["map.png", "../glossary/term.md", "./other.md#why", "sub/page/", "1x:y"] {
            assert!(is_relative(url), "{url}");
        }
        for url in ["/glossary/", "#top", "?q=1", "//cdn.example/x.js", "https://example.org", "mailto:a@b.c"] {
            assert!(!is_relative(url), "{url}");
        }
        assert!(!is_relative("claim:qwen") && !is_relative("tel:+1-555") && !is_relative("a:b/c") && !is_relative(""));
    }

    #[test]
    fn relative_links_resolve_from_the_folder_of_the_file_holding_them() {
        let article = Path::new("content/articles/x.md");
        assert_eq!(relative_target(article, "map.png").as_deref(), Some("articles/map.png"));
        assert_eq!(relative_target(article, "./img/a%20b.png").as_deref(), Some("articles/img/a%20b.png"));
        assert_eq!(relative_target(article, "other.md#why").as_deref(), Some("articles/other/#why"));
        assert_eq!(relative_target(article, "../glossary/llm.md").as_deref(), Some("glossary/llm/"));
        assert_eq!(relative_target(article, "../pages/about.md").as_deref(), Some("about/"));
        assert_eq!(relative_target(article, "../_index.md").as_deref(), Some(""));
        assert_eq!(relative_target(article, "../files/").as_deref(), Some("files/"));
        assert_eq!(relative_target(article, "..").as_deref(), Some(""));
        assert_eq!(relative_target(Path::new("content/_index.md"), "articles/x.md").as_deref(), Some("articles/x/"));
    }

    #[test]
    fn a_relative_link_cannot_climb_out_of_content() {
        assert_eq!(relative_target(Path::new("content/articles/x.md"), "../../secret.txt"), None);
        assert_eq!(relative_target(Path::new("content/_index.md"), "../x.png"), None);
    }

    #[test]
    fn percent_escapes_decode_and_malformed_ones_are_refused() {
        assert_eq!(percent_decode("a%20b.txt").as_deref(), Some("a b.txt"));
        assert_eq!(percent_decode("caf%C3%A9/").as_deref(), Some("café/"));
        assert_eq!(percent_decode("50%"), None);
        assert_eq!(percent_decode("%FF"), None);
    }
}
