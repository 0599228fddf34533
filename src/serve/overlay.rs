//! Serve stage: the build status the browser overlay shows — nothing when the last build
//! succeeded, otherwise every error with its `file:line:col` and the terminal's rustc-style text.

use crate::diagnostic::report;
use crate::diagnostic::{Diagnostic, Severity};
use serde::Serialize;

/// The state of the last build, as `/__glosa/status` returns it and the `failed` event carries it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Status {
    /// True when the last build succeeded (the overlay is hidden).
    pub ok: bool,
    /// The errors of the failed build, in file and line order.
    pub errors: Vec<ErrorView>,
    /// Every diagnostic formatted as in the terminal (source line, caret, help).
    pub text: String,
}

/// One error as the overlay lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ErrorView {
    /// `file:line:col` (or just the file).
    pub location: String,
    /// Stable code, e.g. `unknown-term`.
    pub code: &'static str,
    /// What is wrong.
    pub message: String,
    /// What to do about it.
    pub help: Option<String>,
}

impl Status {
    /// The last build succeeded.
    pub fn ok() -> Self {
        Status { ok: true, errors: Vec::new(), text: String::new() }
    }

    /// The last build failed with these diagnostics.
    pub fn failed(diagnostics: &[Diagnostic]) -> Self {
        let errors = diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .map(|d| ErrorView {
                location: d.location(),
                code: d.code,
                message: d.message.clone(),
                help: d.help.clone(),
            })
            .collect();
        Status { ok: false, errors, text: report::format_all(diagnostics) }
    }

    /// The status as JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| r#"{"ok":false,"errors":[],"text":""}"#.into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_status_lists_errors_with_their_location_and_the_terminal_text() {
        let text = "---\ntitle: x\n---\nSee [[wrold]].\n";
        let at = text.find("[[").unwrap();
        let error = Diagnostic::error("unknown-term", "content/articles/x.md", "unknown glossary term `wrold`")
            .at(text, at..at + 9);
        let warning = Diagnostic::warning("empty-summary", "content/articles/x.md", "no summary");
        let status = Status::failed(&[error, warning]);
        assert!(!status.ok);
        assert_eq!(status.errors.len(), 1);
        assert_eq!(status.errors[0].location, "content/articles/x.md:4:5");
        assert!(status.text.contains("4 | See [[wrold]]."));
        let json: serde_json::Value = serde_json::from_str(&status.to_json()).unwrap();
        assert_eq!(json["errors"][0]["code"], "unknown-term");
        assert_eq!(Status::ok().to_json(), r#"{"ok":true,"errors":[],"text":""}"#);
    }
}
