//! Render stage: Markdown that pulldown-cmark left as text where the author meant markup, found
//! in the source of the events (where an escaped `\[` can be told apart):
//! - a `[^label]` whose label has no definition is not a reference to pulldown-cmark, only the
//!   characters `[^label]`, so the note the author meant would silently be missing;
//! - a link inside a link's text (`[see [[term]] here](/x/)`) is kept and the outer one falls
//!   apart into its brackets, as CommonMark says.

use pulldown_cmark::{Event, LinkType, Tag, TagEnd};
use std::ops::Range;

/// A `[^label]` left as text, and why the parser did not take it for a reference to a note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unresolved {
    /// The label.
    pub label: String,
    /// The range of the whole `[^label]` in the Markdown.
    pub range: Range<usize>,
    /// Why it is text.
    pub why: Why,
}

/// Why a `[^label]` is text, as far as the Markdown shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Why {
    /// No line defines the note.
    Undefined,
    /// The line meant to define the note is indented into a code block: where it starts.
    DefinitionInCode(usize),
    /// It is written as a definition (`[^label]: text`) where none can start: in a table cell,
    /// or after other text on its line.
    MisplacedDefinition,
}

/// Every `[^label]` written in running text (outside code) that is not a footnote reference.
pub fn unresolved_references(markdown: &str, events: &[(Event<'_>, Range<usize>)]) -> Vec<Unresolved> {
    let mut found = Vec::new();
    let mut in_code_block = false;
    // Lines of code blocks that read as a note's definition: the label and where the line starts.
    let mut coded: Vec<(String, usize)> = Vec::new();
    for (event, range) in events {
        match event {
            Event::Start(Tag::CodeBlock(_)) => in_code_block = true,
            Event::End(TagEnd::CodeBlock) => in_code_block = false,
            Event::Text(_) if in_code_block => coded.extend(definitions_in(markdown, range.clone())),
            Event::Text(_) => found.extend(references_in(markdown, range.clone())),
            _ => {}
        }
    }
    for reference in &mut found {
        if markdown[reference.range.end..].starts_with(':') {
            reference.why = Why::MisplacedDefinition;
        } else if let Some((_, at)) = coded.iter().find(|(label, _)| *label == reference.label) {
            reference.why = Why::DefinitionInCode(*at);
        }
    }
    found
}

/// The `[^label]`s in `markdown[range]`, not escaped (`\\[`, the backslash maybe just before the
/// range), with labels of no spaces or brackets.
fn references_in(markdown: &str, range: Range<usize>) -> impl Iterator<Item = Unresolved> + '_ {
    let source = markdown.get(range.clone()).unwrap_or("");
    source.match_indices("[^").filter_map(move |(at, _)| {
        let start = range.start + at;
        if markdown[..start].ends_with('\\') {
            return None;
        }
        let label = plain_label(&source[at + 2..])?;
        let range = start..start + 2 + label.len() + 1;
        Some(Unresolved { label: label.to_string(), range, why: Why::Undefined })
    })
}

/// The label of a `[^label]` whose `[^` comes just before `rest`, when it is one a note could have.
fn plain_label(rest: &str) -> Option<&str> {
    let label = &rest[..rest.find(']')?];
    let plain = !label.is_empty() && !label.contains(|c: char| c.is_whitespace() || c == '[' || c == '^');
    plain.then_some(label)
}

/// The lines of `markdown[range]` (code) that start, after spaces, with a note's definition
/// `[^label]:`: each label and where its line's text starts.
fn definitions_in(markdown: &str, range: Range<usize>) -> Vec<(String, usize)> {
    let source = markdown.get(range.clone()).unwrap_or("");
    let mut found = Vec::new();
    let mut line_start = range.start;
    for line in source.split_inclusive('\n') {
        let text = line.trim_start();
        if let Some(label) = text.strip_prefix("[^").and_then(plain_label) {
            if text[2 + label.len() + 1..].starts_with(':') {
                found.push((label.to_string(), line_start + (line.len() - text.len())));
            }
        }
        line_start += line.len();
    }
    found
}

/// Every link (a term link, a claim, any other) that sits inside the text of another link the
/// parser could then not make: the range of the inner link in `markdown`. A link is inside
/// another's text when a `[` before it is closed by a `]` after it that is followed by `(` or `[`,
/// as a link's text is; a `[` that is never closed (`the interval [0, 1)`) is only a character,
/// and an image's description (`![a [link](/u)](/img)`) may hold links. Each block's source is
/// read once, so a paragraph of thousands of links costs its length.
pub fn links_inside_links(markdown: &str, events: &[(Event<'_>, Range<usize>)]) -> Vec<Range<usize>> {
    let mut found = Vec::new();
    let mut block: Option<Block> = None;
    for (event, range) in events {
        match event {
            Event::Start(Tag::Paragraph | Tag::Heading { .. } | Tag::TableCell | Tag::Item) => {
                if let Some(done) = block.replace(Block::new(range.clone())) {
                    found.extend(done.nested_links(markdown));
                }
            }
            Event::Start(Tag::Link { link_type, .. }) => {
                if let Some(block) = &mut block {
                    block.links.push(range.clone());
                    // An autolink's brackets are its URL's (`<https://e.org/?q=]>`).
                    if matches!(link_type, LinkType::Autolink | LinkType::Email) {
                        block.literal.push(range.clone());
                    }
                }
            }
            Event::Code(_) | Event::InlineHtml(_) => {
                if let Some(block) = &mut block {
                    block.literal.push(range.clone());
                }
            }
            _ => {}
        }
    }
    found.extend(block.into_iter().flat_map(|done| done.nested_links(markdown)));
    found
}

/// A block of inline content being read by [`links_inside_links`].
struct Block {
    range: Range<usize>,
    /// The links that start in it, in order.
    links: Vec<Range<usize>>,
    /// Code spans and raw HTML in it, in order: their brackets are not Markdown's.
    literal: Vec<Range<usize>>,
}

impl Block {
    fn new(range: Range<usize>) -> Self {
        Block { range, links: Vec::new(), literal: Vec::new() }
    }

    /// The links of the block that sit inside another link's text.
    fn nested_links(&self, markdown: &str) -> Vec<Range<usize>> {
        if self.links.is_empty() {
            return Vec::new();
        }
        let source = markdown.get(self.range.clone()).unwrap_or("").as_bytes();
        let offset = self.range.start;
        let brackets = self.brackets(source, offset);
        // Where each `[` is closed, by the index of the `[` in `brackets`.
        let mut closing = vec![None; brackets.len()];
        let mut open = Vec::new();
        for (i, &(at, byte)) in brackets.iter().enumerate() {
            match byte {
                b'[' => open.push(i),
                _ => {
                    if let Some(opener) = open.pop() {
                        closing[opener] = Some(at);
                    }
                }
            }
        }
        // A `[` that the parser could have made a link's text: not an image's, closed, and
        // followed by a destination or a reference.
        let link_text = |i: usize| {
            let at = brackets[i].0;
            let image = at > offset && source[at - offset - 1] == b'!';
            let followed = |close: usize| matches!(source.get(close - offset + 1), Some(b'(' | b'['));
            !image && closing[i].is_some_and(followed)
        };
        let mut found = Vec::new();
        let mut links = self.links.iter().peekable();
        // The `[`s open at the current place that are link texts, as a stack of flags.
        let mut stack: Vec<bool> = Vec::new();
        let mut open_link_texts = 0usize;
        for (i, &(at, byte)) in brackets.iter().enumerate() {
            while let Some(link) = links.next_if(|link| link.start <= at) {
                if open_link_texts > 0 {
                    found.push(link.clone());
                }
            }
            if byte == b'[' {
                let is_text = link_text(i);
                open_link_texts += usize::from(is_text);
                stack.push(is_text);
            } else if let Some(was_text) = stack.pop() {
                open_link_texts -= usize::from(was_text);
            }
        }
        found
    }

    /// The block's unescaped `[` and `]` outside code spans and raw HTML, with their offsets in
    /// the whole text.
    fn brackets(&self, source: &[u8], offset: usize) -> Vec<(usize, u8)> {
        let mut brackets = Vec::new();
        let mut literal = self.literal.iter().peekable();
        let mut i = 0;
        while i < source.len() {
            let at = offset + i;
            while literal.next_if(|range| range.end <= at).is_some() {}
            if let Some(range) = literal.peek().filter(|range| range.start <= at) {
                i = range.end - offset;
                continue;
            }
            match source[i] {
                b'\\' => i += 1,
                byte @ (b'[' | b']') => brackets.push((at, byte)),
                _ => {}
            }
            i += 1;
        }
        brackets
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unresolved(markdown: &str) -> Vec<(String, String)> {
        let merged = crate::render::collect_events(markdown, crate::sanitize::SafeMode::Off);
        unresolved_references(markdown, &merged)
            .into_iter()
            .map(|reference| (reference.label, markdown[reference.range].to_string()))
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

    fn why(markdown: &str) -> Vec<Why> {
        let events = crate::render::collect_events(markdown, crate::sanitize::SafeMode::Off);
        unresolved_references(markdown, &events).into_iter().map(|reference| reference.why).collect()
    }

    #[test]
    fn a_definition_indented_into_a_code_block_is_found() {
        let text = "Text[^quux] and[^none].\n\n    [^quux]: x\n";
        assert_eq!(why(text), [Why::DefinitionInCode(text.find("[^quux]:").unwrap()), Why::Undefined]);
    }

    #[test]
    fn a_definition_written_in_a_table_cell_is_misplaced() {
        let text = "| a | b |\n|---|---|\n| [^4]: test | test [^4] |\n";
        assert_eq!(why(text), [Why::MisplacedDefinition, Why::Undefined]);
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

    #[test]
    fn a_bracket_never_closed_before_links_is_a_character() {
        let text = "The interval [0, 1) is half-open, see [this](https://a.example) and [that](/b/).\n";
        assert!(nested(text).is_empty(), "{:?}", nested(text));
        assert!(nested("Pick [one of [a](/a/) or [b](/b/).\n").is_empty());
    }

    #[test]
    fn a_link_in_an_image_s_description_is_not_nested() {
        assert!(nested("![foo [bar](/url)](/url2)\n").is_empty());
        assert_eq!(nested("![[[foo](uri1)](uri2)](uri3)\n"), ["[foo](uri1)"]);
    }

    #[test]
    fn brackets_in_code_spans_do_not_open_a_link_s_text() {
        assert!(nested("`[` then [a](/a/) and `](x)`\n").is_empty());
        assert!(nested("[foo<https://example.com/?search=](uri)> [a](/a/)\n").is_empty());
        assert_eq!(nested("[see `x` [a](/a/) `y`](/b/)\n"), ["[a](/a/)"]);
    }
}
