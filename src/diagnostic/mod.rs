//! Errors as values: every problem any stage finds, with its file, line, column and a hint.
//!
//! Stages collect [`Diagnostic`]s instead of stopping at the first; [`report`] formats them
//! rustc-style for the terminal (and serve's overlay), or as JSON.

pub mod report;

use serde::Serialize;
use std::path::{Path, PathBuf};

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Fails the build.
    Error,
    /// Reported; fails only `check --deny-warnings`.
    Warning,
}

/// One problem, located in a file relative to the site root.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// Stable kebab-case code, e.g. `unknown-term`.
    pub code: &'static str,
    /// Path relative to the site root (`content/articles/x.md`).
    pub file: PathBuf,
    /// 1-based line; 0 when the problem concerns the whole file.
    pub line: usize,
    /// 1-based column in characters; 0 when unknown.
    pub column: usize,
    /// Number of characters the span covers on its line (for the caret), at least 1.
    #[serde(skip)]
    pub width: usize,
    /// What is wrong.
    pub message: String,
    /// What to do about it (e.g. a did-you-mean).
    pub help: Option<String>,
    /// The text of the offending line, for display.
    #[serde(skip)]
    pub source_line: Option<String>,
}

impl Diagnostic {
    /// An error about `file` as a whole.
    pub fn error(code: &'static str, file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code,
            file: file.into(),
            line: 0,
            column: 0,
            width: 1,
            message: message.into(),
            help: None,
            source_line: None,
        }
    }

    /// A warning about `file` as a whole.
    pub fn warning(code: &'static str, file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Warning, ..Self::error(code, file, message) }
    }

    /// Adds a hint.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Places the diagnostic at a byte range of `text`, the whole file's content.
    pub fn at(mut self, text: &str, span: std::ops::Range<usize>) -> Self {
        let start = floor_char_boundary(text, span.start.min(text.len()));
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        // A byte filter the compiler vectorises: one file may have thousands of diagnostics.
        self.line = text.as_bytes()[..start].iter().filter(|&&byte| byte == b'\n').count() + 1;
        self.column = text[line_start..start].chars().count() + 1;
        let end = floor_char_boundary(text, span.end.clamp(start, line_end));
        self.width = text[start..end].chars().count().max(1);
        self.source_line = Some(text[line_start..line_end].trim_end_matches('\r').to_string());
        self
    }

    /// Places the diagnostic at a 1-based line and column of `text`.
    pub fn at_line(self, text: &str, line: usize, column: usize) -> Self {
        let line_start = line_offset(text, line);
        let line_text = text[line_start..].split('\n').next().unwrap_or("");
        let byte_col: usize = line_text.chars().take(column.saturating_sub(1)).map(char::len_utf8).sum();
        self.at(text, line_start + byte_col..line_start + byte_col)
    }

    /// `file:line:col`, or just `file` when the line is unknown.
    pub fn location(&self) -> String {
        let file = display_path(&self.file);
        match (self.line, self.column) {
            (0, _) => file,
            (line, 0) => format!("{file}:{line}"),
            (line, column) => format!("{file}:{line}:{column}"),
        }
    }

    /// Sort key: file, then line, then column, then code.
    pub fn sort_key(&self) -> (PathBuf, usize, usize, &'static str) {
        (self.file.clone(), self.line, self.column, self.code)
    }
}

/// The most problems one file reports; past them they are only counted. Each is located by
/// reading the file up to it, and a page of 60,000 repeated `{#id}`s must not take minutes.
pub const MAX_PER_FILE: usize = 100;

/// Sorts diagnostics by file and position and drops exact repeats.
pub fn sort_diagnostics(diagnostics: &mut Vec<Diagnostic>) {
    diagnostics.sort_by_key(Diagnostic::sort_key);
    diagnostics.dedup();
}

/// True when any diagnostic is an error.
pub fn has_errors(diagnostics: &[Diagnostic]) -> bool {
    diagnostics.iter().any(|d| d.severity == Severity::Error)
}

/// A path with `/` separators whatever the platform, for messages.
pub fn display_path(path: &Path) -> String {
    path.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}

/// The closest of `candidates` to `wanted`, if close enough to be a plausible typo.
pub fn did_you_mean<'a>(wanted: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let wanted_lower = wanted.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(&wanted_lower, &c.to_lowercase()), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, c)| c)
}

fn line_offset(text: &str, line: usize) -> usize {
    if line <= 1 {
        return 0;
    }
    text.match_indices('\n').nth(line - 2).map_or(text.len(), |(i, _)| i + 1)
}

fn floor_char_boundary(text: &str, mut index: usize) -> usize {
    while !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn at_computes_line_column_and_source_line() {
        let text = "---\ntitle: x\n---\nHello [[wrold]] there\n";
        let start = text.find("[[").unwrap();
        let d = Diagnostic::error("unknown-term", "a.md", "m").at(text, start..start + 9);
        assert_eq!((d.line, d.column, d.width), (4, 7, 9));
        assert_eq!(d.source_line.as_deref(), Some("Hello [[wrold]] there"));
        assert_eq!(d.location(), "a.md:4:7");
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        let text = "“quoted” [[x]]";
        let start = text.find("[[").unwrap();
        let d = Diagnostic::error("c", "a.md", "m").at(text, start..start + 5);
        assert_eq!(d.column, 10);
    }

    #[test]
    fn at_line_points_into_the_given_line() {
        let d = Diagnostic::error("c", "a.md", "m").at_line("a\nbcd\n", 2, 2);
        assert_eq!((d.line, d.column), (2, 2));
        assert_eq!(d.source_line.as_deref(), Some("bcd"));
    }

    #[test]
    fn did_you_mean_finds_close_names_only() {
        let names = ["distillation", "tokens", "parameters"];
        assert_eq!(did_you_mean("distilation", names), Some("distillation"));
        assert_eq!(did_you_mean("zebra", names), None);
    }
}
