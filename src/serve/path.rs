//! Serve stage: turning a raw request path into a file of the built site, safely. The path is
//! percent-decoded one segment at a time and refused if any segment could climb out of the site
//! (`..`, `.`, an encoded `/`, a backslash or a NUL), so no spelling of a traversal gets through.

/// What a request path resolves to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A file of the built site, by its output path (`articles/x/index.html`).
    File(String),
    /// Redirect to this location (a folder without its trailing slash, or `/` or the bare base
    /// path of a site served under a subpath).
    Redirect(String),
    /// Inside the site's path space, but the site has no such file.
    NotFound,
    /// A path that tries to leave the site or cannot be decoded.
    Refused,
}

/// Resolves `raw_path` (as sent, still percent-encoded, without the query) against a site
/// served under `base_path` (starting and ending in `/`). `exists` says whether the built site
/// has an output path; `query` is carried over into redirects.
pub fn resolve(raw_path: &str, query: Option<&str>, base_path: &str, exists: impl Fn(&str) -> bool) -> Target {
    let Some(path) = decode_path(raw_path) else {
        return Target::Refused;
    };
    let with_query = |location: String| match query {
        Some(query) => format!("{location}?{query}"),
        None => location,
    };
    if base_path != "/" && (path == "/" || path == base_path.trim_end_matches('/')) {
        return Target::Redirect(with_query(base_path.to_string()));
    }
    let Some(rel) = path.strip_prefix(base_path) else {
        return Target::NotFound;
    };
    if rel.is_empty() || rel.ends_with('/') {
        let index = format!("{rel}index.html");
        return if exists(&index) { Target::File(index) } else { Target::NotFound };
    }
    if exists(rel) {
        return Target::File(rel.to_string());
    }
    if exists(&format!("{rel}/index.html")) {
        return Target::Redirect(with_query(format!("{raw_path}/")));
    }
    Target::NotFound
}

/// Decodes a request path segment by segment; `None` for anything that is not a plain path
/// below the root.
fn decode_path(raw: &str) -> Option<String> {
    let rest = raw.strip_prefix('/')?;
    let mut decoded = String::with_capacity(raw.len());
    for segment in rest.split('/') {
        let segment = crate::resolve::links::percent_decode(segment)?;
        let climbs = segment == "." || segment == "..";
        if climbs || segment.contains(['/', '\\', '\0']) {
            return None;
        }
        decoded.push('/');
        decoded.push_str(&segment);
    }
    Some(decoded)
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILES: [&str; 4] = ["index.html", "articles/x/index.html", "style.css", "a b.txt"];

    fn at(raw: &str, base: &str) -> Target {
        resolve(raw, None, base, |p| FILES.contains(&p))
    }

    #[test]
    fn folders_resolve_to_their_index_and_files_to_themselves() {
        assert_eq!(at("/", "/"), Target::File("index.html".into()));
        assert_eq!(at("/articles/x/", "/"), Target::File("articles/x/index.html".into()));
        assert_eq!(at("/style.css", "/"), Target::File("style.css".into()));
        assert_eq!(at("/a%20b.txt", "/"), Target::File("a b.txt".into()));
        assert_eq!(at("/nope.css", "/"), Target::NotFound);
        assert_eq!(at("/articles/", "/"), Target::NotFound);
    }

    #[test]
    fn a_folder_without_its_slash_redirects_keeping_the_query() {
        assert_eq!(at("/articles/x", "/"), Target::Redirect("/articles/x/".into()));
        assert_eq!(
            resolve("/articles/x", Some("a=1"), "/", |p| FILES.contains(&p)),
            Target::Redirect("/articles/x/?a=1".into())
        );
    }

    #[test]
    fn traversal_is_refused_in_every_spelling() {
        for raw in [
            "/../Cargo.toml",
            "/%2e%2e/Cargo.toml",
            "/%2E%2E/Cargo.toml",
            "/articles/../../x",
            "/..%2fCargo.toml",
            "/%2e%2e%2fCargo.toml",
            "/..\\Cargo.toml",
            "/..%5cCargo.toml",
            "/./index.html",
            "/a%00b",
            "/%zz",
            "/%e9",
            "Cargo.toml",
        ] {
            assert_eq!(at(raw, "/"), Target::Refused, "{raw}");
        }
    }

    #[test]
    fn a_site_with_a_base_path_is_served_only_under_it() {
        assert_eq!(at("/sub/", "/sub/"), Target::File("index.html".into()));
        assert_eq!(at("/sub", "/sub/"), Target::Redirect("/sub/".into()));
        assert_eq!(at("/", "/sub/"), Target::Redirect("/sub/".into()));
        assert_eq!(at("/sub/articles/x/", "/sub/"), Target::File("articles/x/index.html".into()));
        assert_eq!(at("/sub/articles/x", "/sub/"), Target::Redirect("/sub/articles/x/".into()));
        assert_eq!(at("/style.css", "/sub/"), Target::NotFound);
        assert_eq!(at("/subway/", "/sub/"), Target::NotFound);
    }
}
