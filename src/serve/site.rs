//! Serve stage: the built site as served — the files of the last good [`Output`], shared with the
//! build (publishing a rebuild copies no file), HTML with the live-reload script injected as it is
//! sent (only here: `glosa build` never adds it).

use crate::output::Output;
use axum::body::Bytes;

/// The tag that loads the live-reload client, added before `</body>` of every served page.
pub const RELOAD_TAG: &str = r#"<script src="/__glosa/reload.js" defer></script>"#;

/// A page served when the site has no `404.html` (or no good build yet), so the overlay still shows.
const FALLBACK_404: &str = "<!DOCTYPE html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><title>Not found</title></head>\n<body>\n<h1>Not found</h1>\n<p>The site has no page at this address.</p>\n</body>\n</html>\n";

/// The site as served: the built files and the base path they live under.
#[derive(Debug, Clone)]
pub struct ServedSite {
    files: Output,
    base_path: String,
    not_found: Bytes,
}

impl ServedSite {
    /// Prepares a built site for serving under `base_path` (starting and ending in `/`).
    pub fn new(output: &Output, base_path: &str) -> Self {
        let not_found = output.get("404.html").map_or_else(fallback_404, |page| Bytes::from(inject_reload(page)));
        ServedSite { files: output.clone(), base_path: base_path.to_string(), not_found }
    }

    /// A site with no files yet (the first build failed): every path gets the 404 page.
    pub fn empty() -> Self {
        ServedSite { files: Output::default(), base_path: "/".into(), not_found: fallback_404() }
    }

    /// True when the site has a file at this output path.
    pub fn contains(&self, path: &str) -> bool {
        self.files.get(path).is_some()
    }

    /// The bytes to send for an output path: HTML pages with the reload script added, other
    /// files as they are (shared, not copied).
    pub fn get(&self, path: &str) -> Option<Bytes> {
        let bytes = self.files.get_shared(path)?;
        Some(if is_html(path) { Bytes::from(inject_reload(&bytes)) } else { Bytes::from_owner(bytes) })
    }

    /// The path the site is served under, starting and ending in `/`.
    pub fn base_path(&self) -> &str {
        &self.base_path
    }

    /// The body of the 404 response: the site's `404.html`, or a minimal page.
    pub fn not_found(&self) -> &Bytes {
        &self.not_found
    }
}

fn fallback_404() -> Bytes {
    Bytes::from(inject_reload(FALLBACK_404.as_bytes()))
}

fn is_html(path: &str) -> bool {
    path.ends_with(".html") || path.ends_with(".htm")
}

/// Inserts [`RELOAD_TAG`] before the last `</body>` (any case), or appends it when there is none.
pub fn inject_reload(html: &[u8]) -> Vec<u8> {
    let lower = html.to_ascii_lowercase();
    let at = lower.windows(7).rposition(|w| w == b"</body>").unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + RELOAD_TAG.len() + 1);
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(RELOAD_TAG.as_bytes());
    out.push(b'\n');
    out.extend_from_slice(&html[at..]);
    out
}

/// The `Content-Type` of an output path, by extension (text types in UTF-8).
pub fn content_type(path: &str) -> &'static str {
    let extension = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    match extension.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml; charset=utf-8",
        "txt" | "md" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "webp" => "image/webp",
        "gif" => "image/gif",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_reload_script_goes_before_the_last_closing_body_tag() {
        let html = inject_reload(b"<html><body><p>x</p></BODY></html>");
        assert_eq!(String::from_utf8(html).unwrap(), format!("<html><body><p>x</p>{RELOAD_TAG}\n</BODY></html>"));
        let bare = inject_reload(b"<p>x</p>");
        assert!(String::from_utf8(bare).unwrap().ends_with(&format!("{RELOAD_TAG}\n")));
    }

    #[test]
    fn only_html_files_get_the_reload_script_and_404_falls_back() {
        let mut output = Output::default();
        output.insert("index.html", b"<body></body>".to_vec());
        output.insert("style.css", b"body{}".to_vec());
        let site = ServedSite::new(&output, "/");
        assert!(site.get("index.html").unwrap().windows(RELOAD_TAG.len()).any(|w| w == RELOAD_TAG.as_bytes()));
        assert_eq!(site.get("style.css").unwrap().as_ref(), b"body{}");
        assert!(site.contains("style.css") && !site.contains("nope.css"));
        assert!(site.not_found().starts_with(b"<!DOCTYPE html>"));
    }

    #[test]
    fn content_types_follow_the_extension() {
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("style.1234.css"), "text/css; charset=utf-8");
        assert_eq!(content_type("glosa.js"), "text/javascript; charset=utf-8");
        assert_eq!(content_type("search/manifest.json"), "application/json");
        assert_eq!(content_type("atom.xml"), "application/xml; charset=utf-8");
        assert_eq!(content_type("favicon.svg"), "image/svg+xml");
        assert_eq!(content_type("a.PNG"), "image/png");
        assert_eq!(content_type("a.jpg"), "image/jpeg");
        assert_eq!(content_type("a.webp"), "image/webp");
        assert_eq!(content_type("f.woff2"), "font/woff2");
        assert_eq!(content_type("favicon.ico"), "image/x-icon");
        assert_eq!(content_type("robots.txt"), "text/plain; charset=utf-8");
        assert_eq!(content_type("LICENSE"), "application/octet-stream");
    }
}
