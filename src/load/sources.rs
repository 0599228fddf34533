//! Load stage: `content/sources.yaml`, the source registry. Sources cited in many places are
//! defined there once, by key (`qwen-blog: {title: …, url: …, publisher: …}`); claims and terms
//! cite them by that key. The file is optional: a site without it cites inline sources only.

use super::{frontmatter, Overlay, SourceFile};
use crate::diagnostic::Diagnostic;
use crate::model::RegisteredSource;
use std::collections::BTreeMap;
use std::path::Path;

/// Where the registry is, relative to the site root.
pub const REGISTRY_PATH: &str = "content/sources.yaml";

/// `content/sources.yaml` as loaded: its entries by key, and the file, to place problems found
/// later (an entry cited nowhere) at their lines.
#[derive(Debug, Clone, Default)]
pub struct Registry {
    /// The file, when the site has one.
    pub file: Option<SourceFile>,
    /// The sources by key.
    pub entries: BTreeMap<String, RegisteredSource>,
    /// The keys of `entries` in the order the file has them, so that problems between entries
    /// (one URL under two keys) are told the way an editor reads the file.
    pub order: Vec<String>,
}

impl Registry {
    /// The source registered under `key`.
    pub fn get(&self, key: &str) -> Option<&RegisteredSource> {
        self.entries.get(key)
    }

    /// `diagnostic` placed at the line where `key` is defined (or left unplaced without a file).
    pub fn at_key(&self, diagnostic: Diagnostic, key: &str) -> Diagnostic {
        match &self.file {
            Some(file) => match frontmatter::key_span(&file.text, key) {
                Some(span) => diagnostic.at(&file.text, span),
                None => diagnostic,
            },
            None => diagnostic,
        }
    }
}

/// Reads `content/sources.yaml` under `root` when it exists (the `overlay`'s text for it, when it
/// has one: an editor's unsaved buffer). A file that cannot be read or
/// parsed gives an empty registry and its problems (every citation of a key is then reported
/// unknown as well, which names what the registry should hold); an entry whose URL is not an
/// `http(s)` address is left out with an error.
pub fn load_registry(root: &Path, overlay: &Overlay) -> (Registry, Vec<Diagnostic>) {
    let path = Path::new(REGISTRY_PATH);
    if !root.join(path).is_file() {
        return (Registry::default(), Vec::new());
    }
    let file = match overlay.read(root, path) {
        Ok(file) => file,
        Err(problem) => return (Registry::default(), vec![problem]),
    };
    parse_registry(file)
}

/// Parses the text of a registry file (the whole file is YAML: a mapping of keys to sources),
/// checking each entry's addresses.
pub fn parse_registry(file: SourceFile) -> (Registry, Vec<Diagnostic>) {
    let parsed: Result<BTreeMap<String, RegisteredSource>, _> =
        frontmatter::parse(&file.path, &file.text, 0..file.text.len());
    let mut entries = match parsed {
        Ok(entries) => entries,
        Err(problems) => return (Registry { file: Some(file), ..Registry::default() }, problems),
    };
    let mut problems = Vec::new();
    entries.retain(|key, source| {
        let bad = [("url", Some(&source.url)), ("archived_url", source.archived_url.as_ref())]
            .into_iter()
            .filter_map(|(field, url)| Some((field, url?)))
            .filter(|(_, url)| !is_web_address(url))
            .map(|(field, url)| bad_address(&file, key, field, url))
            .collect::<Vec<_>>();
        let keep = bad.is_empty();
        problems.extend(bad);
        if source.title.trim().is_empty() {
            let d = Diagnostic::error("empty-title", &file.path, format!("the source `{key}` has an empty `title`"))
                .with_help("give the document's title as readers should see it");
            problems.push(place(&file, d, &format!("{key}.title")));
        }
        keep
    });
    let order = crate::yaml::top_level_keys(&file.text).into_iter().filter(|key| entries.contains_key(key)).collect();
    (Registry { file: Some(file), entries, order }, problems)
}

/// Whether `url` is an absolute `http://` or `https://` address with a host: what a registry
/// entry points at (a reader follows it from any page, and `check --external` requests it).
pub fn is_web_address(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    let rest = lower.strip_prefix("https://").or_else(|| lower.strip_prefix("http://"));
    rest.is_some_and(|rest| !rest.is_empty() && !rest.starts_with(['/', '?', '#']))
}

/// The error for a `field` of the entry `key` that is not a web address.
fn bad_address(file: &SourceFile, key: &str, field: &str, url: &str) -> Diagnostic {
    let d = Diagnostic::error(
        "bad-url",
        &file.path,
        format!("`{field}` of the source `{key}` is not a web address: `{url}`"),
    )
    .with_help("write the full address, starting with `https://` (or `http://`)");
    place(file, d, &format!("{key}.{field}"))
}

/// `diagnostic` placed at the value at `path` (`key.field`) in the registry file.
fn place(file: &SourceFile, diagnostic: Diagnostic, path: &str) -> Diagnostic {
    match frontmatter::path_span(&file.text, path) {
        Some(span) => diagnostic.at(&file.text, span),
        None => diagnostic,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn registry(text: &str) -> (Registry, Vec<Diagnostic>) {
        parse_registry(SourceFile { path: REGISTRY_PATH.into(), text: text.into() })
    }

    #[test]
    fn a_web_address_is_absolute_http_or_https_with_a_host() {
        for fine in ["https://e.org/a", "http://e.org", "HTTPS://E.ORG/"] {
            assert!(is_web_address(fine), "{fine}");
        }
        for bad in ["/local/path", "ftp://e.org", "https://", "https:///x", "e.org", "javascript:alert(1)"] {
            assert!(!is_web_address(bad), "{bad}");
        }
    }

    #[test]
    fn entries_are_read_by_key_with_their_dates() {
        let (registry, problems) = registry(
            "qwen-blog:\n  title: Qwen\n  url: https://qwenlm.github.io/\n  publisher: Alibaba\n  \
             published: 2023-09-25\n  accessed: 2026-12-07\n",
        );
        assert!(problems.is_empty(), "{problems:?}");
        let entry = registry.get("qwen-blog").unwrap();
        assert_eq!(entry.publisher.as_deref(), Some("Alibaba"));
        assert_eq!(entry.accessed.map(|d| d.to_string()).as_deref(), Some("2026-12-07"));
    }

    #[test]
    fn a_non_web_url_is_an_error_at_its_line_and_the_entry_left_out() {
        let (registry, problems) =
            registry("a:\n  title: A\n  url: https://e.org/\nb:\n  title: B\n  url: /local\n  archived_url: x\n");
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert_eq!((problems[0].code, problems[0].line), ("bad-url", 6));
        assert_eq!(problems[1].line, 7);
        assert!(registry.get("a").is_some() && registry.get("b").is_none());
    }

    #[test]
    fn a_bad_date_or_unknown_field_is_an_error_at_its_line() {
        let (_, problems) = registry("a:\n  title: A\n  url: https://e.org/\n  published: 2025-13-01\n");
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].line, 4, "{problems:?}");
        let (_, problems) = registry("a:\n  title: A\n  url: https://e.org/\n  publsher: X\n");
        assert_eq!(problems[0].line, 4, "{problems:?}");
        assert!(problems[0].help.as_deref().unwrap_or("").contains("publisher"), "{problems:?}");
    }
}
