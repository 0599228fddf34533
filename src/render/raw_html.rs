//! Render stage: the URLs in the author's raw HTML (`<figure><img src="pic.png">…`), found so they
//! can be rewritten for the base path and checked like the URLs of Markdown links.
//!
//! A small scanner follows the HTML tokenizer's states (WHATWG "tag open" to "after attribute
//! value") over the text of pulldown-cmark's `Html` and `InlineHtml` events to find where each
//! start tag and each of its attribute values is written, skipping comments, declarations, end
//! tags and the text of raw-text elements (`<script>`, `<style>`, …). Each tag holding a URL
//! attribute is then read by html5ever's tokenizer, which gives the attribute's name and value as
//! a browser reads them (character references decoded, names in lower case, a repeated attribute
//! ignored); only the value's place comes from the scanner. A tag the two do not read alike is
//! left as written.

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer};
use std::cell::RefCell;
use std::ops::Range;

/// The attributes whose values are URLs glosa rewrites and checks.
const URL_ATTRIBUTES: [&str; 3] = ["href", "src", "srcset"];

/// Elements whose content is text up to their end tag, not markup.
const RAW_TEXT: [&str; 9] =
    ["script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "plaintext"];

/// An attribute of a start tag whose value holds URLs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UrlAttribute {
    /// Its name, in lower case: `href`, `src` or `srcset`.
    pub name: &'static str,
    /// Its value as a browser reads it.
    pub value: String,
    /// Where the value is written in the HTML, its quotes included.
    pub span: Range<usize>,
}

impl UrlAttribute {
    /// The URLs of the value, as ranges of it: the whole value of `href` and `src`, each
    /// candidate's URL of `srcset` (`a.png 1x, b.png 2x`).
    pub fn urls(&self) -> Vec<Range<usize>> {
        if self.name != "srcset" {
            let trimmed = self.value.trim_matches(is_space);
            let start = self.value.len() - self.value.trim_start_matches(is_space).len();
            let whole = start..start + trimmed.len();
            return (!trimmed.is_empty()).then_some(whole).into_iter().collect();
        }
        srcset_urls(&self.value)
    }
}

/// HTML's ASCII whitespace.
fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\x0c' | '\r')
}

/// The URLs of the candidates of a `srcset` value (HTML's "parse a srcset attribute": a URL runs
/// to the next whitespace, a comma ending it ends the candidate, descriptors run to a comma
/// outside parentheses).
fn srcset_urls(value: &str) -> Vec<Range<usize>> {
    let bytes = value.as_bytes();
    let mut urls = Vec::new();
    let mut i = 0;
    loop {
        while i < bytes.len() && (is_space(char::from(bytes[i])) || bytes[i] == b',') {
            i += 1;
        }
        if i >= bytes.len() {
            return urls;
        }
        let start = i;
        while i < bytes.len() && !is_space(char::from(bytes[i])) {
            i += 1;
        }
        let mut end = i;
        if bytes[end - 1] == b',' {
            while end > start && bytes[end - 1] == b',' {
                end -= 1;
            }
        } else {
            let mut depth = 0usize;
            while i < bytes.len() {
                match bytes[i] {
                    b'(' => depth += 1,
                    b')' => depth = depth.saturating_sub(1),
                    b',' if depth == 0 => break,
                    _ => {}
                }
                i += 1;
            }
        }
        if end > start {
            urls.push(start..end);
        }
    }
}

/// The URL attributes of every start tag in `html`, in order.
pub fn url_attributes(html: &str) -> Vec<UrlAttribute> {
    let mut found = Vec::new();
    for tag in start_tags(html) {
        let wanted: Vec<&ScannedAttribute> = tag
            .attributes
            .iter()
            .filter(|a| URL_ATTRIBUTES.iter().any(|n| html[a.name.clone()].eq_ignore_ascii_case(n)))
            .collect();
        if wanted.is_empty() {
            continue;
        }
        let Some(read) = read_tag(&html[tag.span.clone()]) else { continue };
        // The scanner and the tokenizer must see the same attributes, in the same order.
        let scanned: Vec<String> = tag.attributes.iter().map(|a| html[a.name.clone()].to_ascii_lowercase()).collect();
        let mut first_of_each: Vec<&String> = Vec::new();
        for name in &scanned {
            if !first_of_each.contains(&name) {
                first_of_each.push(name);
            }
        }
        if first_of_each.len() != read.len() || first_of_each.iter().zip(&read).any(|(s, (n, _))| *s != n) {
            continue;
        }
        for (name, value) in &read {
            let Some(&url_name) = URL_ATTRIBUTES.iter().find(|n| *n == name) else { continue };
            let index = scanned.iter().position(|s| s == name).unwrap_or(0);
            if let Some(span) = tag.attributes[index].value.clone() {
                found.push(UrlAttribute { name: url_name, value: value.clone(), span });
            }
        }
    }
    found
}

/// A tag of raw HTML by its name, in lower case: one opening an element or one closing it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TagName {
    /// `<name …>`.
    Start(String),
    /// `</name>`.
    End(String),
}

/// The names of the tags of `html`, in order, outside comments, declarations and raw text.
pub fn tag_names(html: &str) -> Vec<TagName> {
    tags(html)
        .into_iter()
        .map(|tag| match tag.kind {
            TagKind::StartTag => TagName::Start(tag.name),
            TagKind::EndTag => TagName::End(tag.name),
        })
        .collect()
}

/// A tag found by the scanner.
#[derive(Debug)]
struct ScannedTag {
    kind: TagKind,
    /// Its name, in lower case.
    name: String,
    span: Range<usize>,
    /// A start tag's attributes (an end tag has none).
    attributes: Vec<ScannedAttribute>,
}

/// An attribute found by the scanner: where its name and its value (quotes included) are written.
#[derive(Debug)]
struct ScannedAttribute {
    name: Range<usize>,
    value: Option<Range<usize>>,
}

/// The complete start tags of `html`.
fn start_tags(html: &str) -> impl Iterator<Item = ScannedTag> {
    tags(html).into_iter().filter(|tag| tag.kind == TagKind::StartTag)
}

/// The complete tags of `html`, outside comments, declarations and raw text.
fn tags(html: &str) -> Vec<ScannedTag> {
    let bytes = html.as_bytes();
    let mut tags = Vec::new();
    let mut i = 0;
    while let Some(at) = bytes[i..].iter().position(|&b| b == b'<').map(|p| p + i) {
        let rest = &html[at..];
        if let Some(comment) = rest.strip_prefix("<!--") {
            i = comment.find("-->").map_or(bytes.len(), |end| at + 4 + end + 3);
        } else if rest.starts_with("</") && bytes.get(at + 2).is_some_and(u8::is_ascii_alphabetic) {
            let Some(end) = rest.find('>') else { return tags };
            let name = tag_name(bytes, at + 2);
            tags.push(ScannedTag { kind: TagKind::EndTag, name, span: at..at + end + 1, attributes: Vec::new() });
            i = at + end + 1;
        } else if rest.starts_with("<!") || rest.starts_with("<?") || rest.starts_with("</") {
            i = rest.find('>').map_or(bytes.len(), |end| at + end + 1);
        } else if bytes.get(at + 1).is_some_and(u8::is_ascii_alphabetic) {
            let Some(tag) = scan_start_tag(bytes, at) else { return tags };
            i = tag.span.end;
            let raw_text = RAW_TEXT.contains(&tag.name.as_str()).then(|| tag.name.clone());
            tags.push(tag);
            if let Some(name) = raw_text {
                i = end_tag(html, i, &name);
            }
        } else {
            i = at + 1;
        }
    }
    tags
}

/// The name of a tag that starts at `at`, in lower case: up to whitespace, `/` or `>`.
fn tag_name(bytes: &[u8], at: usize) -> String {
    let end = bytes[at..]
        .iter()
        .position(|&b| is_space(char::from(b)) || b == b'/' || b == b'>')
        .map_or(bytes.len(), |n| at + n);
    String::from_utf8_lossy(&bytes[at..end]).to_ascii_lowercase()
}

/// Where the raw text of the element `name`, starting at `from`, ends: at its end tag (whose
/// name may be in any case).
fn end_tag(html: &str, from: usize, name: &str) -> usize {
    let bytes = html.as_bytes();
    let mut at = from;
    while let Some(found) = html[at..].find("</") {
        let start = at + found;
        let candidate = bytes.get(start + 2..start + 2 + name.len());
        if candidate.is_some_and(|c| c.eq_ignore_ascii_case(name.as_bytes())) {
            return start;
        }
        at = start + 2;
    }
    html.len()
}

/// The start tag opening at `at` (a `<` and a letter), or `None` when the text ends inside it.
fn scan_start_tag(bytes: &[u8], at: usize) -> Option<ScannedTag> {
    let space = |b: u8| is_space(char::from(b));
    let mut i = at + 1;
    while i < bytes.len() && !space(bytes[i]) && bytes[i] != b'/' && bytes[i] != b'>' {
        i += 1;
    }
    let mut attributes = Vec::new();
    loop {
        while i < bytes.len() && (space(bytes[i]) || bytes[i] == b'/') {
            i += 1;
        }
        match bytes.get(i)? {
            b'>' => {
                let name = tag_name(bytes, at + 1);
                return Some(ScannedTag { kind: TagKind::StartTag, name, span: at..i + 1, attributes });
            }
            _ => {
                // An attribute's name: a `=` is part of it only as its first character.
                let name_start = i;
                i += 1;
                while i < bytes.len() && !space(bytes[i]) && !matches!(bytes[i], b'/' | b'>' | b'=') {
                    i += 1;
                }
                let name = name_start..i;
                while i < bytes.len() && space(bytes[i]) {
                    i += 1;
                }
                if bytes.get(i) != Some(&b'=') {
                    attributes.push(ScannedAttribute { name, value: None });
                    continue;
                }
                i += 1;
                while i < bytes.len() && space(bytes[i]) {
                    i += 1;
                }
                let value_start = i;
                match bytes.get(i)? {
                    quote @ (b'"' | b'\'') => {
                        let close = bytes[i + 1..].iter().position(|b| b == quote)?;
                        i += 1 + close + 1;
                    }
                    b'>' => {
                        attributes.push(ScannedAttribute { name, value: None });
                        continue;
                    }
                    _ => {
                        while i < bytes.len() && !space(bytes[i]) && bytes[i] != b'>' {
                            i += 1;
                        }
                    }
                }
                attributes.push(ScannedAttribute { name, value: Some(value_start..i) });
            }
        }
    }
}

/// The attributes of the one start tag `tag` as html5ever's tokenizer reads them: names and
/// values, in order; `None` when it does not read one start tag there.
fn read_tag(tag: &str) -> Option<Vec<(String, String)>> {
    struct Tags(RefCell<Vec<html5ever::tokenizer::Tag>>);
    impl TokenSink for Tags {
        type Handle = ();
        fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
            if let Token::TagToken(tag) = token {
                self.0.borrow_mut().push(tag);
            }
            TokenSinkResult::Continue
        }
    }
    let input = BufferQueue::default();
    input.push_back(StrTendril::from(tag));
    let tokenizer = Tokenizer::new(Tags(RefCell::new(Vec::new())), Default::default());
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    let mut tags = tokenizer.sink.0.take();
    let tag = tags.pop().filter(|t| tags.is_empty() && t.kind == TagKind::StartTag)?;
    Some(tag.attrs.iter().map(|a| (a.name.local.to_string(), a.value.to_string())).collect())
}

/// `html` with the URLs of its URL attributes replaced by what `rewrite` makes of them (it gets
/// each URL and the attribute it is in; `None` keeps it); `None` when nothing changed. A changed
/// value is written again in double quotes, escaped.
pub fn rewrite_urls(html: &str, mut rewrite: impl FnMut(&str, &UrlAttribute) -> Option<String>) -> Option<String> {
    let mut out = String::new();
    let mut copied = 0;
    for attribute in url_attributes(html) {
        let mut value = String::new();
        let mut from = 0;
        let mut changed = false;
        for url in attribute.urls() {
            if let Some(new) = rewrite(&attribute.value[url.clone()], &attribute) {
                value.push_str(&attribute.value[from..url.start]);
                value.push_str(&new);
                from = url.end;
                changed = true;
            }
        }
        if !changed {
            continue;
        }
        value.push_str(&attribute.value[from..]);
        out.push_str(&html[copied..attribute.span.start]);
        out.push('"');
        super::html::escape_into(&mut out, &value);
        out.push('"');
        copied = attribute.span.end;
    }
    if copied == 0 {
        return None;
    }
    out.push_str(&html[copied..]);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn urls(html: &str) -> Vec<(&'static str, String, String)> {
        url_attributes(html).into_iter().map(|a| (a.name, a.value.clone(), html[a.span.clone()].to_string())).collect()
    }

    #[test]
    fn url_attributes_are_found_with_their_values_as_a_browser_reads_them() {
        let html = r#"<figure><img src="pic.png" alt='a "b"'><a HREF=x.md class=c>a</a></figure>"#;
        assert_eq!(
            urls(html),
            [("src", "pic.png".into(), "\"pic.png\"".into()), ("href", "x.md".into(), "x.md".into())]
        );
        let encoded = r#"<a href="&ouml;&ouml;.html?a=1&amp;b=2">"#;
        assert_eq!(urls(encoded)[0].1, "öö.html?a=1&b=2");
    }

    #[test]
    fn comments_end_tags_declarations_and_raw_text_hold_no_tags() {
        let html = "<!-- <img src=a.png> --><?x <a href=b?></p><script>if (a<b) { s = '<img src=c.png>' }</script>\
                    <style>a[href=\"d\"]{}</style><img src=e.png>";
        assert_eq!(urls(html).len(), 1);
        assert_eq!(urls(html)[0].1, "e.png");
    }

    #[test]
    fn tag_names_are_read_in_order_outside_comments_and_raw_text() {
        let names = tag_names("<A href=x><!-- <b> --></a ><script>'<i>'</script><br/>");
        let expected = ["a", "a", "script", "script", "br"];
        let kinds = [true, false, true, false, true];
        assert_eq!(names.len(), expected.len(), "{names:?}");
        for ((name, start), want) in names.iter().zip(kinds).zip(expected) {
            assert_eq!(name, &if start { TagName::Start(want.into()) } else { TagName::End(want.into()) });
        }
    }

    #[test]
    fn a_repeated_attribute_counts_once_as_browsers_read_it() {
        assert_eq!(urls(r#"<img src="a.png" src="b.png">"#), [("src", "a.png".into(), "\"a.png\"".into())]);
    }

    #[test]
    fn a_tag_the_text_ends_inside_is_left_alone() {
        assert!(urls(r#"<img src="a.png"#).is_empty());
        assert!(urls("<a href='x.md'").is_empty());
    }

    #[test]
    fn srcset_candidates_each_have_a_url() {
        let attribute =
            UrlAttribute { name: "srcset", value: "a.png 1x, b.png 2x,c.png,, d.png (x, y) 3w".into(), span: 0..0 };
        let found: Vec<&str> = attribute.urls().into_iter().map(|r| &attribute.value[r]).collect();
        assert_eq!(found, ["a.png", "b.png", "c.png", "d.png"]);
    }

    #[test]
    fn rewriting_replaces_only_the_urls_and_keeps_the_rest_as_written() {
        let html = "<p class=x>\n<img src=pic.png srcset='a.png 1x, b.png 2x' alt=\"&amp;\"> <a href=\"https://e.org\">e</a>\n";
        let rewritten = rewrite_urls(html, |url, _| (!url.starts_with("https:")).then(|| format!("/sub/{url}")));
        assert_eq!(
            rewritten.as_deref(),
            Some("<p class=x>\n<img src=\"/sub/pic.png\" srcset=\"/sub/a.png 1x, /sub/b.png 2x\" alt=\"&amp;\"> <a href=\"https://e.org\">e</a>\n")
        );
        assert_eq!(rewrite_urls(html, |_, _| None), None);
    }

    #[test]
    fn a_rewritten_value_is_escaped_in_double_quotes() {
        let rewritten = rewrite_urls("<a href='x?a=1&amp;b=\"'>", |url, _| Some(format!("/sub/{url}")));
        assert_eq!(rewritten.as_deref(), Some("<a href=\"/sub/x?a=1&amp;b=&quot;\">"));
    }

    proptest::proptest! {
        #[test]
        fn the_scanner_reads_attributes_as_html5ever_does(
            attrs in proptest::collection::vec(("[a-z]{1,4}", "[a-z &;=\"'<>/.]{0,8}", 0..4usize), 0..5)
        ) {
            let mut html = String::from("<img");
            for (name, value, quoting) in &attrs {
                match quoting {
                    0 => html.push_str(&format!(" {name}")),
                    1 => html.push_str(&format!(" {name}=\"{}\"", value.replace('"', ""))),
                    2 => html.push_str(&format!(" {name}='{}'", value.replace('\'', ""))),
                    _ => html.push_str(&format!(" {name}={}", value.replace([' ', '>', '"', '\'', '<', '='], "").trim_start_matches('/'))),
                }
            }
            html.push('>');
            // An empty unquoted value lets the next attribute's quote or `>` into the value: the
            // tag may then end early, or never.
            let Some(tag) = scan_start_tag(html.as_bytes(), 0) else {
                proptest::prop_assert!(read_tag(&html).is_none(), "{}", html);
                return Ok(());
            };
            let read = read_tag(&html[tag.span.clone()]).expect("html5ever reads the tag the scanner found");
            let mut scanned: Vec<String> = Vec::new();
            for a in &tag.attributes {
                let name = html[a.name.clone()].to_string();
                if !scanned.contains(&name) {
                    scanned.push(name);
                }
            }
            let names: Vec<String> = read.into_iter().map(|(name, _)| name).collect();
            proptest::prop_assert_eq!(scanned, names, "{}", html);
        }
    }
}
