//! File paths as the protocol names documents: `file://` URIs, with every byte outside the
//! unreserved characters percent-encoded, and back. Editors encode differently (VS Code writes
//! `file:///c%3A/x`, others `file:///C:/x`), so a URI is decoded rather than compared as text.

use lsp_types::Uri;
use std::path::{Path, PathBuf};
use std::str::FromStr;

/// The `file://` URI of an absolute path.
pub fn file_uri(path: &Path) -> Uri {
    let text = path.to_string_lossy().replace('\\', "/");
    let mut uri = String::from("file://");
    if !text.starts_with('/') {
        // A Windows path, `C:/x`: the URI's path starts with a slash.
        uri.push('/');
    }
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/:".contains(&byte) {
            uri.push(byte as char);
        } else {
            uri.push_str(&format!("%{byte:02X}"));
        }
    }
    Uri::from_str(&uri).unwrap_or_else(|_| Uri::from_str("file:///").expect("a valid URI"))
}

/// The path a `file://` URI names, or `None` for another scheme or a malformed escape.
pub fn uri_path(uri: &Uri) -> Option<PathBuf> {
    let rest = uri.as_str().strip_prefix("file://")?;
    // Skip the authority (`localhost`, or nothing).
    let path = &rest[rest.find('/')?..];
    let path = path.split(['?', '#']).next().unwrap_or("");
    let decoded = crate::resolve::links::percent_decode(path)?;
    // `/c:/x` is the Windows path `c:/x`.
    let bytes = decoded.as_bytes();
    if cfg!(windows) && bytes.len() > 2 && bytes[2] == b':' && bytes[1].is_ascii_alphabetic() {
        return Some(PathBuf::from(&decoded[1..]));
    }
    Some(PathBuf::from(decoded))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_with_spaces_and_non_ascii_letters_go_to_uris_and_back() {
        let path = Path::new("/home/ana/My site/content/articles/über café.md");
        let uri = file_uri(path);
        assert_eq!(uri.as_str(), "file:///home/ana/My%20site/content/articles/%C3%BCber%20caf%C3%A9.md");
        assert_eq!(uri_path(&uri).as_deref(), Some(path));
    }

    #[test]
    fn uris_with_a_host_or_other_schemes_are_read_as_editors_write_them() {
        let uri = Uri::from_str("file://localhost/srv/site/a.md").unwrap();
        assert_eq!(uri_path(&uri).as_deref(), Some(Path::new("/srv/site/a.md")));
        assert_eq!(uri_path(&Uri::from_str("untitled:Untitled-1").unwrap()), None);
    }
}
