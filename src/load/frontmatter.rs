//! Load stage: splitting a Markdown file into its YAML front matter and body, and parsing the
//! front matter into a typed struct with errors that point into the file.

use crate::diagnostic::{did_you_mean, Diagnostic};
use crate::yaml;
use serde::de::DeserializeOwned;
use std::path::Path;

/// Where the front matter and body sit in a file's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split {
    /// Byte range of the YAML between the `---` lines, if the file has front matter.
    pub yaml: Option<std::ops::Range<usize>>,
    /// Byte offset where the Markdown body starts.
    pub body_offset: usize,
}

/// Finds the front matter: a first line `---`, then YAML, then a line `---` (or `...`).
/// Returns an error message when the opening line is there but the closing one is not.
pub fn split(text: &str) -> Result<Split, &'static str> {
    let Some(first_line_end) = text.find('\n') else {
        return Ok(Split { yaml: None, body_offset: 0 });
    };
    if text[..first_line_end].trim_end() != "---" {
        return Ok(Split { yaml: None, body_offset: 0 });
    }
    let yaml_start = first_line_end + 1;
    let mut line_start = yaml_start;
    while line_start <= text.len() {
        let line_end = text[line_start..].find('\n').map_or(text.len(), |i| line_start + i);
        let line = text[line_start..line_end].trim_end();
        if line == "---" || line == "..." {
            let body_offset = (line_end + 1).min(text.len());
            return Ok(Split { yaml: Some(yaml_start..line_start), body_offset });
        }
        if line_end == text.len() {
            break;
        }
        line_start = line_end + 1;
    }
    Err("the front matter opened with `---` on line 1 is never closed")
}

/// The byte range of the top-level `key` in the YAML `text`: on a line of its own, unindented,
/// plain or quoted, followed by `:`. `None` when no line starts so (e.g. a flow mapping).
pub fn key_span(text: &str, key: &str) -> Option<std::ops::Range<usize>> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let quoted = ["", "\"", "'"].iter().find_map(|quote| {
            let written = format!("{quote}{key}{quote}");
            line.strip_prefix(&written)
                .filter(|rest| rest.trim_start_matches([' ', '\t']).starts_with(':'))
                .map(|_| written.len())
        });
        if let Some(len) = quoted {
            return Some(offset..offset + len);
        }
        offset += line.len();
    }
    None
}

/// The byte range of the value after the top-level `key:` in the YAML `text`, quotes included
/// and a trailing `# comment` left out; empty (just after the colon) when the value is.
pub fn value_span(text: &str, key: &str) -> Option<std::ops::Range<usize>> {
    let key = key_span(text, key)?;
    let colon = key.end + text[key.end..].find(':')? + 1;
    let line_end = text[colon..].find('\n').map_or(text.len(), |i| colon + i);
    let line = &text[colon..line_end];
    let value = line.split(" #").next().unwrap_or("").trim_end();
    let start = colon + (value.len() - value.trim_start().len());
    Some(start..colon + value.len())
}

/// Parses the YAML range of `text` into `T`, turning parser errors into diagnostics located in
/// `file` (unknown keys get a did-you-mean).
pub fn parse<T: DeserializeOwned>(
    file: &Path,
    text: &str,
    yaml_range: std::ops::Range<usize>,
) -> Result<T, Diagnostic> {
    let first_line = text[..yaml_range.start].matches('\n').count() + 1;
    yaml::from_str(&text[yaml_range.clone()]).map_err(|error| {
        let (code, help) = classify(&error.message);
        let line = if error.line == 0 { first_line.saturating_sub(1).max(1) } else { first_line + error.line - 1 };
        let what = if file.extension().is_some_and(|ext| ext == "yaml") { "YAML" } else { "front matter" };
        let message = readable(&error.message);
        let mut diagnostic =
            Diagnostic::error(code, file, format!("{what}: {message}")).at_line(text, line, error.column.max(1));
        // serde_yaml places errors raised by a value's own parser (dates) at the enclosing
        // mapping; point at the offending value instead.
        let value = error.message.split('`').nth(1).filter(|v| code == "bad-date" && !v.is_empty());
        if let Some(at) = value.and_then(|v| text[yaml_range.clone()].find(v).map(|at| (at, v.len()))) {
            diagnostic = diagnostic.at(text, yaml_range.start + at.0..yaml_range.start + at.0 + at.1);
        }
        match help {
            Some(help) => diagnostic.with_help(help),
            None => diagnostic,
        }
    })
}

/// The parser's message without the Rust type names it quotes (`expected struct ArticleMeta`):
/// those mean nothing to an author.
fn readable(message: &str) -> String {
    match message.split_once("expected struct ") {
        Some((before, after)) => {
            let rest = after.trim_start_matches(|c: char| c.is_alphanumeric() || c == '_');
            format!("{before}expected `key: value` lines{rest}")
        }
        None => message.to_string(),
    }
}

/// Names the kind of a serde error and suggests a fix.
fn classify(message: &str) -> (&'static str, Option<String>) {
    // Nested errors carry a path prefix such as `claims.c.verdict: `.
    let message = message.split_once(": ").filter(|(path, _)| !path.contains(' ')).map_or(message, |(_, rest)| rest);
    let quoted: Vec<&str> = message.split('`').skip(1).step_by(2).collect();
    if message.starts_with("unknown field") {
        let wanted = quoted.first().copied().unwrap_or("");
        let expected = quoted.iter().skip(1).copied();
        let help = match did_you_mean(wanted, expected) {
            Some(name) => format!("did you mean `{name}`?"),
            None => format!("allowed keys: {}", quoted[1..].join(", ")),
        };
        ("unknown-field", Some(help))
    } else if message.starts_with("missing field") {
        ("missing-field", Some(format!("add `{}: ...` to the front matter", quoted.first().unwrap_or(&""))))
    } else if message.starts_with("unknown variant") && quoted.contains(&"accurate") {
        let wanted = quoted.first().copied().unwrap_or("");
        let help = match did_you_mean(wanted, quoted.iter().skip(1).copied()) {
            Some(name) => format!("did you mean `{name}`?"),
            None => "a verdict is one of accurate, inaccurate, misleading, unverified, outdated".to_string(),
        };
        ("bad-verdict", Some(help))
    } else if message.contains("needs text, not null") {
        ("empty-field", Some("write the text after the colon, in quotes: `title: \"...\"`".to_string()))
    } else if message.contains("expected usize") || message.contains("expected u64") {
        ("bad-number", Some("write a whole number, 0 or more, e.g. `paginate: 20`".to_string()))
    } else if message.starts_with("invalid date") {
        ("bad-date", Some(crate::dates::why_invalid(quoted.first().copied().unwrap_or(""))))
    } else {
        ("bad-front-matter", Some("check the YAML syntax: `key: value`, lists as `[a, b]` or `- item`".to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_span_finds_unindented_keys_plain_or_quoted_only() {
        let text = "subtitle: a\n  title: nested\n\"title\" : b\n";
        assert_eq!(key_span(text, "title").map(|span| &text[span]), Some("\"title\""));
        assert_eq!(key_span("title: x\n", "title"), Some(0..5));
        assert_eq!(key_span("{title: x}", "title"), None);
    }

    #[test]
    fn value_span_covers_the_value_without_its_comment() {
        let text = "title: x\ntheme: \"plian\"   # mine\r\nempty:\n";
        assert_eq!(value_span(text, "theme").map(|span| &text[span]), Some("\"plian\""));
        assert_eq!(value_span(text, "empty").map(|span| &text[span]), Some(""));
        assert_eq!(value_span(text, "paginate"), None);
    }

    #[test]
    fn split_finds_yaml_and_body() {
        let text = "---\ntitle: x\n---\nbody\n";
        let s = split(text).unwrap();
        assert_eq!(&text[s.yaml.unwrap()], "title: x\n");
        assert_eq!(&text[s.body_offset..], "body\n");
    }

    #[test]
    fn split_accepts_crlf_and_no_front_matter() {
        let text = "---\r\ntitle: x\r\n---\r\nbody";
        assert_eq!(&text[split(text).unwrap().body_offset..], "body");
        assert_eq!(split("just text").unwrap(), Split { yaml: None, body_offset: 0 });
    }

    #[test]
    fn split_reports_unclosed_front_matter() {
        assert!(split("---\ntitle: x\nbody\n").is_err());
    }

    #[test]
    fn split_of_front_matter_only_has_empty_body() {
        let text = "---\ntitle: x\n---";
        let s = split(text).unwrap();
        assert_eq!(s.body_offset, text.len());
    }

    #[derive(serde::Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Meta {
        title: String,
        summary: Option<String>,
    }

    #[test]
    fn a_negative_count_asks_for_a_whole_number() {
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct Counts {
            paginate: usize,
        }
        let d = parse::<Counts>(Path::new("site.yaml"), "paginate: -1\n", 0..13).unwrap_err();
        assert_eq!((d.code, d.line), ("bad-number", 1));
        assert!(d.help.as_deref().is_some_and(|help| help.contains("whole number")), "{d:?}");
    }

    #[test]
    fn type_names_are_not_shown_to_authors() {
        let text = "---\n- a list\n---\n";
        let d = parse::<Meta>(Path::new("a.md"), text, split(text).unwrap().yaml.unwrap()).unwrap_err();
        assert!(
            d.message.starts_with("front matter: ") && d.message.contains("expected `key: value` lines"),
            "{}",
            d.message
        );
        assert!(!d.message.contains("struct"), "{}", d.message);
        let whole = parse::<Meta>(Path::new("site.yaml"), "tilte: x\n", 0..9).unwrap_err();
        assert!(whole.message.starts_with("YAML: unknown field"), "{}", whole.message);
    }

    #[test]
    fn unknown_key_error_points_at_its_line_with_did_you_mean() {
        let text = "---\ntitle: x\nsumary: y\n---\n";
        let s = split(text).unwrap();
        let d = parse::<Meta>(Path::new("a.md"), text, s.yaml.unwrap()).unwrap_err();
        assert_eq!(d.code, "unknown-field");
        assert_eq!(d.line, 3);
        assert_eq!(d.help.as_deref(), Some("did you mean `summary`?"));
    }
}
