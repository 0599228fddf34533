//! Load stage: names a file of the site may not have. `_redirects` and `_headers` configure the
//! host (Netlify, Cloudflare Pages) instead of being part of the site: one published from
//! `content/` or a theme could redirect the site elsewhere, or replace the Content-Security-Policy
//! that `glosa build --headers` writes. A control character in a name (a line break above all)
//! would add lines of its own to `_headers`, which lists the site's files. The theme stage checks
//! its files here too.

use crate::diagnostic::{display_path, Diagnostic};
use std::path::Path;

/// Whether `name` is the name of a host's configuration file (any case: some file systems and
/// hosts do not tell `_Headers` from `_headers`).
pub fn is_host_file(name: &str) -> bool {
    name.eq_ignore_ascii_case("_redirects") || name.eq_ignore_ascii_case("_headers")
}

/// The error for the file at `path` (relative to the site root) when its name is a host's
/// configuration file.
pub fn reserved(path: &Path) -> Option<Diagnostic> {
    let name = path.file_name()?.to_string_lossy();
    is_host_file(&name).then(|| {
        Diagnostic::error("reserved-name", path, format!("`{name}` configures the web host, so glosa never publishes one"))
            .with_help("remove the file; `glosa build --headers` writes `_headers`, and redirects belong to the host's own settings")
    })
}

/// The error for the file or folder at `path` (relative to the site root) when its name holds a
/// control character; it names the folder, since the name itself cannot be shown as it is.
pub fn control_character(path: &Path) -> Option<Diagnostic> {
    let name = path.file_name()?.to_string_lossy();
    if !name.chars().any(char::is_control) {
        return None;
    }
    let folder = path.parent().map(display_path).unwrap_or_default();
    let message = format!("the name \"{}\" holds a control character (a line break or tab)", name.escape_debug());
    Some(
        Diagnostic::error("bad-file-name", format!("{folder}/"), message)
            .with_help("rename it with letters, digits, dashes, dots and spaces only"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_files_are_reserved_in_any_folder_and_case() {
        for path in ["content/_headers", "content/docs/_redirects", "themes/t/static/_Headers"] {
            assert_eq!(reserved(Path::new(path)).map(|d| d.code), Some("reserved-name"), "{path}");
        }
        assert!(reserved(Path::new("content/headers.txt")).is_none());
        assert!(reserved(Path::new("content/_headers/x.png")).is_none(), "only the file of that name");
    }

    #[test]
    fn a_control_character_in_a_name_is_an_error_at_its_folder_showing_it_escaped() {
        let d = control_character(Path::new("content/img/a\nX-Evil: 1.png")).unwrap();
        assert_eq!((d.code, d.file.as_path()), ("bad-file-name", Path::new("content/img/")));
        assert!(d.message.contains("\"a\\nX-Evil: 1.png\""), "{}", d.message);
        assert!(control_character(Path::new("content/tab\there")).is_some());
        assert!(control_character(Path::new("content/café au lait.png")).is_none());
    }
}
