//! What the text before the cursor is in the middle of writing, for completion: a term link
//! after `[[`, a claim id after `](claim:`, a note label after `[^`, or a key or value of the
//! front matter (with the keys it is nested under). Pure functions of the text and the offset.

use std::ops::Range;

/// What is being written at the cursor; each holds the span of what is typed so far (which a
/// completion replaces).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cursor {
    /// A term link's target, after `[[`.
    TermLink {
        /// The target typed so far.
        typed: Range<usize>,
    },
    /// A claim id, after `](claim:`.
    ClaimId {
        /// The id typed so far.
        typed: Range<usize>,
    },
    /// A note label, after `[^`.
    NoteLabel {
        /// The label typed so far.
        typed: Range<usize>,
    },
    /// A key of the front matter, nested under `parents` (`["claims", "some-id"]`; empty at the
    /// top level).
    Key {
        /// The keys it is nested under, outermost first.
        parents: Vec<String>,
        /// The key typed so far.
        typed: Range<usize>,
    },
    /// A value of the front matter: after `key:`, in a `[flow, list]` after `key:`, or in a
    /// `- item` of the block list under `key:`.
    Value {
        /// The key the value belongs to.
        key: String,
        /// The keys `key` is nested under, outermost first.
        parents: Vec<String>,
        /// The value typed so far.
        typed: Range<usize>,
    },
    /// Nothing glosa completes.
    Other,
}

/// What is being written at byte `offset` of the document `text`.
pub fn cursor(text: &str, offset: usize) -> Cursor {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    if in_front_matter(text, line_start) {
        return front_matter_cursor(text, line_start, offset);
    }
    body_cursor(&text[line_start..offset], line_start)
}

/// Whether the line starting at `line_start` is inside the front matter (an unclosed one runs to
/// the end of the text, as the author is still writing it).
fn in_front_matter(text: &str, line_start: usize) -> bool {
    let first_end = text.find('\n').unwrap_or(text.len());
    if text[..first_end].trim_end() != "---" || line_start <= first_end {
        return false;
    }
    !text[first_end + 1..line_start].split('\n').any(|line| matches!(line.trim_end(), "---" | "..."))
}

/// Characters of slugs, ids and labels.
fn is_name_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '-' | '_' | '.')
}

fn body_cursor(before: &str, line_start: usize) -> Cursor {
    let typed_from = |open: usize, len: usize| line_start + open + len..line_start + before.len();
    let term = before.rfind("[[").filter(|&open| !before[open + 2..].contains([']', '|', '[']));
    // A claim of another article is `claim:article-slug/id`.
    let claim =
        before.rfind("](claim:").filter(|&open| before[open + 8..].chars().all(|c| is_name_char(c) || c == '/'));
    let note = before.rfind("[^").filter(|&open| before[open + 2..].chars().all(is_name_char));
    match (term, claim, note) {
        (Some(open), _, _) if claim.is_none_or(|c| c < open) && note.is_none_or(|n| n < open) => {
            Cursor::TermLink { typed: typed_from(open, 2) }
        }
        (_, Some(open), _) if note.is_none_or(|n| n < open) => Cursor::ClaimId { typed: typed_from(open, 8) },
        (_, _, Some(open)) => Cursor::NoteLabel { typed: typed_from(open, 2) },
        _ => Cursor::Other,
    }
}

/// The indentation of a front-matter line, counting a list item's `- ` as indentation.
fn indent(line: &str) -> usize {
    line.len() - line.trim_start_matches([' ', '-']).len()
}

/// The key a line starts with (after indentation and `- `), if it has one: `key:`.
fn line_key(line: &str) -> Option<&str> {
    let rest = line.trim_start_matches([' ', '-']);
    let (key, _) = rest.split_once(':')?;
    let key = key.trim().trim_matches(['"', '\'']);
    (!key.is_empty() && !key.starts_with('#') && key.chars().all(|c| is_name_char(c) || c == ' ')).then_some(key)
}

/// The keys that the line starting at `line_start`, whose content starts at column `depth`, is
/// nested under: each line above it that starts less deep, up to the top level.
fn parents(text: &str, line_start: usize, mut depth: usize) -> Vec<String> {
    let mut keys = Vec::new();
    for line in text[..line_start].lines().rev() {
        if depth == 0 || line.trim_end() == "---" {
            break;
        }
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        let column = indent(line);
        if column < depth {
            keys.extend(line_key(line).map(str::to_string));
            depth = column;
        }
    }
    keys.reverse();
    keys
}

fn front_matter_cursor(text: &str, line_start: usize, offset: usize) -> Cursor {
    let before = &text[line_start..offset];
    if before.trim_start().starts_with('#') {
        return Cursor::Other;
    }
    let depth = indent(before);
    let is_item = before.trim_start().starts_with('-');
    match before.find(": ").or_else(|| before.strip_suffix(':').map(|b| b.len())) {
        Some(colon) => {
            let Some(key) = line_key(before) else { return Cursor::Other };
            let value = &before[colon + 1..];
            // In a flow list, the item after the last `[` or `,`.
            let item_start = value.rfind(['[', ',']).map_or(0, |i| i + 1);
            let item = &value[item_start..];
            let typed_start = offset - item.trim_start_matches([' ', '"', '\'']).len();
            let parents = parents(text, line_start, depth);
            Cursor::Value { key: key.to_string(), parents, typed: typed_start..offset }
        }
        None => {
            let typed = before.trim_start_matches([' ', '-']);
            if !typed.chars().all(|c| is_name_char(c) || c == '"' || c == '\'') {
                return Cursor::Other;
            }
            let typed_span = offset - typed.len()..offset;
            let mut parents = parents(text, line_start, depth);
            match (is_item, parents.pop()) {
                // `- item` of a list of values under `key:` (a list of mappings starts with a key
                // too: the completion decides which the key holds).
                (true, Some(key)) => Cursor::Value { key, parents, typed: typed_span },
                (_, Some(key)) => {
                    parents.push(key);
                    Cursor::Key { parents, typed: typed_span }
                }
                (_, None) => Cursor::Key { parents, typed: typed_span },
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The cursor at the `‸` of `marked` (which is taken out of the text).
    fn at(marked: &str) -> (Cursor, String) {
        let offset = marked.find('‸').unwrap();
        let text = marked.replacen('‸', "", 1);
        (cursor(&text, offset), text)
    }

    fn typed(cursor: &Cursor, text: &str) -> String {
        match cursor {
            Cursor::TermLink { typed }
            | Cursor::ClaimId { typed }
            | Cursor::NoteLabel { typed }
            | Cursor::Key { typed, .. }
            | Cursor::Value { typed, .. } => text[typed.clone()].to_string(),
            Cursor::Other => String::new(),
        }
    }

    const FRONT: &str = "---\ntitle: x\n---\n";

    #[test]
    fn after_double_brackets_the_term_typed_so_far() {
        let (c, text) = at(&format!("{FRONT}See [[dist‸"));
        assert!(matches!(c, Cursor::TermLink { .. }), "{c:?}");
        assert_eq!(typed(&c, &text), "dist");
        let (c, text) = at(&format!("{FRONT}Über “x” [[‸"));
        assert_eq!((matches!(c, Cursor::TermLink { .. }), typed(&c, &text).as_str()), (true, ""));
    }

    #[test]
    fn after_a_closed_link_or_its_bar_nothing() {
        assert_eq!(at(&format!("{FRONT}See [[x]] and ‸")).0, Cursor::Other);
        assert_eq!(at(&format!("{FRONT}See [[x|dis‸")).0, Cursor::Other);
    }

    #[test]
    fn claim_ids_after_claim_colon_and_note_labels_after_caret() {
        let (c, text) = at(&format!("{FRONT}[the words](claim:qwen-d‸"));
        assert_eq!((matches!(c, Cursor::ClaimId { .. }), typed(&c, &text).as_str()), (true, "qwen-d"));
        let (c, text) = at(&format!("{FRONT}[the words](claim:other-story/qw‸"));
        assert_eq!((matches!(c, Cursor::ClaimId { .. }), typed(&c, &text).as_str()), (true, "other-story/qw"));
        let (c, text) = at(&format!("{FRONT}A sentence.[^wh‸"));
        assert_eq!((matches!(c, Cursor::NoteLabel { .. }), typed(&c, &text).as_str()), (true, "wh"));
        assert_eq!(at(&format!("{FRONT}[^who] and then ‸")).0, Cursor::Other);
    }

    #[test]
    fn the_body_is_not_front_matter_and_an_unclosed_front_matter_is() {
        assert_eq!(at("---\ntitle: x\n---\nverdict: ‸").0, Cursor::Other);
        let (c, _) = at("---\ntitle: x\nsum‸");
        assert_eq!(c, Cursor::Key { parents: vec![], typed: 13..16 });
    }

    #[test]
    fn a_top_level_key_and_a_nested_key_know_their_parents() {
        let (c, text) = at("---\ntitle: x\nclaims:\n  qwen-date:\n    ver‸\n---\n");
        let Cursor::Key { parents, .. } = &c else { panic!("{c:?}") };
        assert_eq!(
            (parents.as_slice(), typed(&c, &text).as_str()),
            (&["claims".to_string(), "qwen-date".into()][..], "ver")
        );
        let (c, _) = at("---\nda‸\n---\n");
        assert_eq!(c, Cursor::Key { parents: vec![], typed: 4..6 });
    }

    #[test]
    fn a_value_after_its_key_in_a_flow_list_and_in_a_block_list() {
        let (c, text) = at("---\nclaims:\n  c:\n    verdict: mis‸\n---\n");
        let Cursor::Value { key, parents, .. } = &c else { panic!("{c:?}") };
        assert_eq!(
            (key.as_str(), parents.as_slice(), typed(&c, &text).as_str()),
            ("verdict", &["claims".to_string(), "c".into()][..], "mis")
        );
        let (c, text) = at("---\nsee_also: [tokens, dist‸\n---\n");
        assert!(matches!(&c, Cursor::Value { key, .. } if key == "see_also"), "{c:?}");
        assert_eq!(typed(&c, &text), "dist");
        let (c, text) = at("---\nclaims:\n  c:\n    sources:\n      - reu‸\n---\n");
        let Cursor::Value { key, parents, .. } = &c else { panic!("{c:?}") };
        assert_eq!((key.as_str(), parents.len(), typed(&c, &text).as_str()), ("sources", 2, "reu"));
    }

    #[test]
    fn a_key_inside_a_list_item_of_mappings() {
        let (c, _) = at("---\nclaims:\n  c:\n    sources:\n      - title: T\n        u‸\n---\n");
        let Cursor::Key { parents, .. } = &c else { panic!("{c:?}") };
        assert_eq!(parents, &["claims", "c", "sources"]);
    }
}
