//! The site's address: the checks a `base_url` must pass, and the URLs made from it.

/// Where the site lives: turns site-relative paths into root-relative URLs and permalinks.
#[derive(Debug, Clone, Hash)]
pub struct Urls {
    base_url: String,
    base_path: String,
}

impl Urls {
    /// From a base URL (`https://example.org/sub`, `/sub/` or `/`); adds the trailing slash.
    pub fn new(base_url: &str) -> Self {
        let mut base_url = base_url.trim().to_string();
        if !base_url.ends_with('/') {
            base_url.push('/');
        }
        let base_path = match base_url.find("://") {
            Some(scheme_end) => {
                let after = &base_url[scheme_end + 3..];
                after.find('/').map_or("/".to_string(), |i| after[i..].to_string())
            }
            None if base_url.starts_with('/') => base_url.clone(),
            None => format!("/{base_url}"),
        };
        Urls { base_url, base_path }
    }

    /// The absolute base URL, ending in `/`.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The path of the base URL, starting and ending in `/`.
    pub fn base_path(&self) -> &str {
        &self.base_path
    }

    /// Root-relative URL of a site path like `articles/x/` (no leading slash).
    pub fn path(&self, site_path: &str) -> String {
        format!("{}{}", self.base_path, site_path.trim_start_matches('/'))
    }

    /// Absolute URL of a site path, for canonical links, feeds and sitemaps.
    pub fn permalink(&self, site_path: &str) -> String {
        format!("{}{}", self.base_url, site_path.trim_start_matches('/'))
    }
}

/// Why `base_url` cannot be the site's base URL, if it cannot: it must be an `http(s)://` URL
/// with a host, or a path from the root (`/sub/`), and its path a plain one — no query, fragment,
/// spaces, quotes, `//`, `.` or `..` — since every link and asset URL of the site starts with it.
pub fn base_url_problem(base_url: &str) -> Option<String> {
    let url = base_url.trim();
    let (origin, path) = match url.split_once("://") {
        Some((scheme, rest)) => {
            if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
                return Some(format!("`{scheme}://` is not a web address: use https:// (or http://)"));
            }
            let (host, path) = rest.find('/').map_or((rest, ""), |i| (&rest[..i], &rest[i..]));
            if host.is_empty() {
                return Some("the URL has no host: write it as https://example.org/".into());
            }
            (host, path)
        }
        None if url.is_empty() || (url.starts_with('/') && !url.starts_with("//")) => ("", url),
        None => {
            return Some("write it as a full URL (https://example.org/sub/) or a path from the root (/sub/)".into())
        }
    };
    let bad = |c: char| c.is_whitespace() || matches!(c, '?' | '#' | '"' | '\'' | '<' | '>' | '\\' | '`');
    if let Some(c) = origin.chars().chain(path.chars()).find(|&c| bad(c)) {
        let what = match c {
            '?' => "a query (`?`)".to_string(),
            '#' => "a fragment (`#`)".to_string(),
            c if c.is_whitespace() => "a space".to_string(),
            c => format!("`{c}`"),
        };
        return Some(format!("the URL holds {what}, which would break every link of the site"));
    }
    if path.contains("//") {
        return Some("the path has an empty segment (`//`), which browsers read as another host".into());
    }
    if path.split('/').any(|segment| segment == "." || segment == "..") {
        return Some("the path has a `.` or `..` segment: write the folder it means".into());
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usable_base_urls_pass_and_unusable_ones_say_why() {
        for good in
            ["", "/", "/sub/", "/sub", "https://x.org", "https://x.org/", "http://x.org:8080/a/b/", "https://[::1]/"]
        {
            assert_eq!(base_url_problem(good), None, "{good}");
        }
        for bad in [
            "ftp://x.org/",
            "javascript:alert(1)",
            "sub/",
            "//x.org/",
            "https:x.org",
            "https:///x",
            "https://x.org//dbl/",
            "https://x.org/sub/?a=1",
            "https://x.org/sub/#f",
            "https://x.org/a b/",
            "https://x.org/sub/../",
            "\"><img src=x>",
        ] {
            assert!(base_url_problem(bad).is_some(), "{bad} passed");
        }
    }

    #[test]
    fn urls_keep_subpaths_and_add_trailing_slashes() {
        let urls = Urls::new("https://user.github.io/repo");
        assert_eq!(urls.base_path(), "/repo/");
        assert_eq!(urls.path("articles/x/"), "/repo/articles/x/");
        assert_eq!(urls.permalink("/glossary/"), "https://user.github.io/repo/glossary/");
        assert_eq!(Urls::new("https://example.org").base_path(), "/");
        assert_eq!(Urls::new("/").path("a/"), "/a/");
    }
}
