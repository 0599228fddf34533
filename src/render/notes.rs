//! Render stage: footnote references that pulldown-cmark left as text. A `[^label]` whose
//! label has no definition is not a reference to pulldown-cmark, only the characters `[^label]`,
//! so the note the author meant would silently be missing; these are found in the source of the
//! text events, where an escaped `\[^label]` can be told apart.

use pulldown_cmark::{Event, Tag, TagEnd};
use std::ops::Range;

/// Every `[^label]` written in running text (outside code) that is not a footnote reference:
/// its label and its byte range in `markdown`.
pub fn unresolved_references(markdown: &str, events: &[(Event<'_>, Range<usize>)]) -> Vec<(String, Range<usize>)> {
    let mut found = Vec::new();
    let mut in_code_block = false;
    for (event, range) in events {
        match event {
            Event::Start(Tag::CodeBlock(_)) => in_code_block = true,
            Event::End(TagEnd::CodeBlock) => in_code_block = false,
            Event::Text(_) if !in_code_block => found.extend(references_in(markdown, range.clone())),
            _ => {}
        }
    }
    found
}

/// The `[^label]`s in `markdown[range]`, not escaped (`\[`, the backslash maybe just before the
/// range), with labels of no spaces or brackets: each label and the range of the whole `[^label]`.
fn references_in(markdown: &str, range: Range<usize>) -> impl Iterator<Item = (String, Range<usize>)> + '_ {
    let source = markdown.get(range.clone()).unwrap_or("");
    source.match_indices("[^").filter_map(move |(at, _)| {
        let start = range.start + at;
        if markdown[..start].ends_with('\\') {
            return None;
        }
        let rest = &source[at + 2..];
        let end = rest.find(']')?;
        let label = &rest[..end];
        let plain = !label.is_empty() && !label.contains(|c: char| c.is_whitespace() || c == '[' || c == '^');
        plain.then(|| (label.to_string(), start..start + 2 + end + 1))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unresolved(markdown: &str) -> Vec<(String, String)> {
        let merged = crate::render::collect_events(markdown, false);
        unresolved_references(markdown, &merged)
            .into_iter()
            .map(|(label, range)| (label, markdown[range].to_string()))
            .collect()
    }

    #[test]
    fn a_reference_without_a_definition_is_found_where_it_is_written() {
        let text = "A[^nope] and [^d].\n\n[^d]: defined.\n";
        assert_eq!(unresolved(text), [("nope".to_string(), "[^nope]".to_string())]);
    }

    #[test]
    fn escaped_code_and_spaced_brackets_are_not_references() {
        let text = "\\[^esc] `[^code]` [^ spaced] [^]\n\n```\n[^in-block]\n```\n";
        assert!(unresolved(text).is_empty(), "{:?}", unresolved(text));
    }
}
