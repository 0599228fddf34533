//! The element ids of an HTML page, for the check of `#fragment` links: the page is read tag by
//! tag as HTML's tokenizer reads it — comments, doctypes and the text of `<script>` and `<style>`
//! skipped, attributes quoted, unquoted or bare — and each `id` attribute's value is decoded.
//! Text that only looks like an attribute (` id="` in a title, a sentence about HTML) holds none.

use std::collections::HashSet;

/// Every `id` attribute value of the page `html`.
pub(super) fn element_ids(html: &[u8]) -> HashSet<String> {
    let text = std::str::from_utf8(html).unwrap_or("");
    let mut ids = HashSet::new();
    let mut rest = text;
    while let Some(open) = rest.find('<') {
        rest = &rest[open + 1..];
        if let Some(comment) = rest.strip_prefix("!--") {
            rest = comment.find("-->").map_or("", |end| &comment[end + 3..]);
            continue;
        }
        if rest.starts_with(['!', '?', '/']) {
            rest = rest.find('>').map_or("", |end| &rest[end + 1..]);
            continue;
        }
        let name_end = rest.find(|c: char| c.is_ascii_whitespace() || c == '/' || c == '>').unwrap_or(rest.len());
        let name = rest[..name_end].to_ascii_lowercase();
        if name.is_empty() || !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
            continue; // a `<` in text
        }
        rest = attributes(&rest[name_end..], &mut ids);
        if matches!(name.as_str(), "script" | "style") {
            let close = format!("</{name}");
            rest = rest.to_ascii_lowercase().find(&close).map_or("", |at| &rest[at..]);
        }
    }
    ids
}

/// Reads the attributes of a start tag up to its `>`, adding the values of `id` to `ids`;
/// returns what follows the tag.
fn attributes<'h>(mut rest: &'h str, ids: &mut HashSet<String>) -> &'h str {
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_ascii_whitespace() || c == '/');
        if rest.is_empty() {
            return rest;
        }
        if let Some(after) = rest.strip_prefix('>') {
            return after;
        }
        let name_end =
            rest.find(|c: char| c.is_ascii_whitespace() || matches!(c, '/' | '>' | '=')).unwrap_or(rest.len()).max(1);
        let name = &rest[..name_end];
        rest = rest[name_end..].trim_start_matches(|c: char| c.is_ascii_whitespace());
        let Some(after_equals) = rest.strip_prefix('=') else { continue };
        let after_equals = after_equals.trim_start_matches(|c: char| c.is_ascii_whitespace());
        let (value, after) = match after_equals.chars().next() {
            Some(quote @ ('"' | '\'')) => {
                let inner = &after_equals[1..];
                let end = inner.find(quote).unwrap_or(inner.len());
                (&inner[..end], inner.get(end + 1..).unwrap_or(""))
            }
            _ => {
                let end =
                    after_equals.find(|c: char| c.is_ascii_whitespace() || c == '>').unwrap_or(after_equals.len());
                after_equals.split_at(end)
            }
        };
        if name.eq_ignore_ascii_case("id") {
            ids.insert(decode(value));
        }
        rest = after;
    }
}

/// An attribute value with its character references decoded: the ones glosa's escaping writes
/// (`&amp;` `&lt;` `&gt;` `&quot;` `&#39;`) and any other numeric one.
fn decode(value: &str) -> String {
    if !value.contains('&') {
        return value.to_string();
    }
    let mut out = String::with_capacity(value.len());
    let mut rest = value;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let reference = rest.find(';').map(|end| (&rest[1..end], end + 1));
        let decoded = reference.and_then(|(name, len)| {
            let c = match name {
                "amp" => '&',
                "lt" => '<',
                "gt" => '>',
                "quot" => '"',
                "apos" => '\'',
                _ => {
                    let number = name.strip_prefix('#')?;
                    let code = match number.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                        None => number.parse().ok()?,
                    };
                    char::from_u32(code)?
                }
            };
            Some((c, len))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(html: &str) -> Vec<String> {
        let mut ids: Vec<String> = element_ids(html.as_bytes()).into_iter().collect();
        ids.sort();
        ids
    }

    #[test]
    fn ids_are_read_from_every_start_tag_however_the_value_is_written() {
        let html = "<h2 id=\"intro\">Intro</h2><p ID='single'>x</p><div\nid=bare class=a></div><span title=x id = \"spaced\"/>";
        assert_eq!(ids(html), ["bare", "intro", "single", "spaced"]);
    }

    #[test]
    fn text_that_only_looks_like_an_id_holds_none() {
        let html = "<p title='a id=\"fake\"'>Write <code>&lt;div id=\"x\"&gt;</code>, a id=\"text\"</p>\
                    <!-- <b id=\"commented\"> --><script>let s = '<i id=\"scripted\">';</script><b data-id=\"data\">";
        assert!(ids(html).is_empty(), "{:?}", ids(html));
    }

    #[test]
    fn an_id_s_character_references_are_decoded() {
        assert_eq!(ids("<h2 id=\"a&amp;b&#39;c&#x2F;\">"), ["a&b'c/"]);
        assert_eq!(ids("<h2 id=\"a&unknown;b & c\">"), ["a&unknown;b & c"]);
    }

    #[test]
    fn the_page_after_a_script_or_a_lone_angle_bracket_is_still_read() {
        assert_eq!(ids("<script>if (a < b) {}</script><p>1 < 2</p><h2 id=\"after\">"), ["after"]);
    }
}
