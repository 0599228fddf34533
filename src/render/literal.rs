//! Render stage: Markdown that pulldown-cmark left as text where the author meant markup, found
//! in the source of the events (where an escaped `\[` can be told apart):
//! - a `[^label]` whose label has no definition is not a reference to pulldown-cmark, only the
//!   characters `[^label]`, so the note the author meant would silently be missing;
//! - a link inside a link's text (`[see [[term]] here](/x/)`) is kept and the outer one falls
//!   apart into its brackets, as CommonMark says.

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

/// Every link (a term link, a claim, any other) that sits inside the text of another link the
/// parser could then not make: the range of the inner link in `markdown`.
pub fn links_inside_links(markdown: &str, events: &[(Event<'_>, Range<usize>)]) -> Vec<Range<usize>> {
    let mut found = Vec::new();
    let mut block: Option<Range<usize>> = None;
    for (event, range) in events {
        match event {
            Event::Start(Tag::Paragraph | Tag::Heading { .. } | Tag::TableCell | Tag::Item) => {
                block = Some(range.clone())
            }
            Event::Start(Tag::Link { .. }) => {
                let Some(block) = &block else { continue };
                let before = markdown.get(block.start..range.start).unwrap_or("");
                let after = markdown.get(range.end..block.end).unwrap_or("");
                if opens_unclosed_bracket(before) && after.contains("](") {
                    found.push(range.clone());
                }
            }
            _ => {}
        }
    }
    found
}

/// Whether `text` leaves a `[` open (not escaped, not closed by a later `]`).
fn opens_unclosed_bracket(text: &str) -> bool {
    let mut open = 0usize;
    let mut escaped = false;
    for c in text.chars() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '[' => open += 1,
            ']' => open = open.saturating_sub(1),
            _ => {}
        }
    }
    open > 0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unresolved(markdown: &str) -> Vec<(String, String)> {
        let merged = crate::render::collect_events(markdown, crate::sanitize::SafeMode::Off);
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

    fn nested(markdown: &str) -> Vec<String> {
        let events = crate::render::collect_events(markdown, crate::sanitize::SafeMode::Off);
        links_inside_links(markdown, &events).into_iter().map(|range| markdown[range].to_string()).collect()
    }

    #[test]
    fn a_link_inside_a_link_s_text_is_found() {
        assert_eq!(nested("A [see [[qwen]] here](/about/) B.\n"), ["[[qwen]]"]);
        assert_eq!(nested("[outer [inner](claim:c) more](claim:c)\n"), ["[inner](claim:c)"]);
    }

    #[test]
    fn links_side_by_side_or_in_plain_brackets_are_not_nested() {
        assert!(nested("[a](/x/) and [[qwen]] (see [b](/y/)).\n").is_empty());
        assert!(nested("\\[not a link [[qwen]] here](/x/)\n").is_empty());
    }
}
