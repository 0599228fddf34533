//! The documented annotations (docs/markup.md), brought to one neutral form on both sides so that
//! they, and only they, compare equal:
//! - term buttons: glosa's `button.term` with its popover and `span.term-group`, and
//!   pulldown-cmark's `[[wikilink]]`, are their words;
//! - sidenotes: glosa's `span.sidenote` and pulldown-cmark's footnote reference with its
//!   definition are both `<glosa-note>` holding the note's text (a later reference to the same note
//!   is `<glosa-note-again>`); the definitions' own blocks go;
//! - callouts: glosa's `div.callout` and pulldown-cmark's `blockquote.markdown-alert-KIND` are
//!   `<glosa-callout kind=KIND>`;
//! - quote figures: glosa's `figure.quote` is the blockquote it was, its caption the last paragraph;
//! - images: glosa's `loading` and `decoding` go; an image figure (`figure.figure`) is the
//!   paragraph holding the image it was, its caption (and ` | ` credit) the image's title;
//! - highlighted code: glosa's `pre.code[data-lang=X]` is `<pre><code class="language-X">` with its
//!   text;
//! - link rewriting: pulldown-cmark's relative and root-relative URLs (`href`, `src`, `srcset`) are
//!   what glosa makes of them under the base path `/sub/` in `content/articles/`, computed here
//!   independently of glosa's code;
//! - heading ids: compared only where pulldown-cmark writes one (see `tree::first_difference`).

use crate::tree::{Element, Node};
use std::collections::HashMap;

/// The prefix the baseline gives the URL of a `[[wikilink]]`, so it can be told from other links.
pub const WIKILINK: &str = "glosa-wikilink:";

/// glosa's body with its annotations in the neutral form.
pub fn glosa_side(nodes: Vec<Node>) -> Vec<Node> {
    let mut out = Vec::with_capacity(nodes.len());
    for node in nodes {
        let Node::Element(mut e) = node else {
            out.push(node);
            continue;
        };
        e.children = glosa_side(std::mem::take(&mut e.children));
        match e.name.as_str() {
            "span" if e.has_class("term-group") => out.extend(e.children),
            "button" if e.has_class("term") => out.extend(e.children),
            "span" if e.has_class("term-pop") || e.has_class("sidenote-ref") => {}
            "input" if e.has_class("sidenote-checkbox") => {}
            "span" if e.has_class("sidenote") => {
                let mut children: Vec<Node> =
                    e.children.into_iter().filter(|n| !is_class(n, "sidenote__number")).collect();
                if let Some(Node::Text(first)) = children.first_mut() {
                    *first = first.trim_start().to_string();
                }
                out.push(Node::Element(Element::new("glosa-note", children)));
            }
            "a" if e.has_class("sidenote-again") => out.push(Node::Element(Element::new("glosa-note-again", vec![]))),
            "div" if e.has_class("callout") => {
                let kind = e.attr("class").unwrap_or("").split_whitespace().find_map(|c| c.strip_prefix("callout--"));
                let mut callout = Element::new("glosa-callout", vec![]);
                callout.attrs.insert("kind".into(), kind.unwrap_or("").into());
                callout.children = e.children.into_iter().filter(|n| !is_class(n, "callout__title")).collect();
                out.push(Node::Element(callout));
            }
            "figure" if e.has_class("quote") => {
                let mut quote = Vec::new();
                for child in e.children {
                    match child {
                        Node::Element(inner) if inner.name == "blockquote" => quote.extend(inner.children),
                        Node::Element(caption) if caption.name == "figcaption" => {
                            quote.push(Node::Element(Element::new("p", caption.children)))
                        }
                        other => quote.push(other),
                    }
                }
                out.push(Node::Element(Element::new("blockquote", quote)));
            }
            "img" => {
                e.attrs.remove("loading");
                e.attrs.remove("decoding");
                out.push(Node::Element(e));
            }
            "figure" if e.has_class("figure") => out.push(Node::Element(image_paragraph(e.children))),
            "pre" if e.has_class("code") => {
                let text = e.text();
                let mut code = Element::new("code", if text.is_empty() { vec![] } else { vec![Node::Text(text)] });
                if let Some(lang) = e.attr("data-lang") {
                    code.attrs.insert("class".into(), format!("language-{lang}"));
                }
                out.push(Node::Element(Element::new("pre", vec![Node::Element(code)])));
            }
            _ => out.push(Node::Element(e)),
        }
    }
    out
}

/// The paragraph an image figure was made from, given the figure's (normalised) children: the
/// image, titled with the caption and the credit joined as the author wrote them.
fn image_paragraph(children: Vec<Node>) -> Element {
    let mut image = None;
    let mut title = String::new();
    for child in children {
        match child {
            Node::Element(img) if img.name == "img" => image = Some(img),
            Node::Element(caption) if caption.name == "figcaption" => {
                let credit = caption.children.iter().find(|n| is_class(n, "credit"));
                let words: String = (caption.children.iter())
                    .filter_map(|n| if let Node::Text(text) = n { Some(text.as_str()) } else { None })
                    .collect();
                title = match credit {
                    Some(Node::Element(credit)) if words.trim().is_empty() => format!(" | {}", credit.text()),
                    Some(Node::Element(credit)) => format!("{} | {}", words.trim(), credit.text()),
                    _ => words,
                };
            }
            _ => {}
        }
    }
    let mut image = image.unwrap_or_else(|| Element::new("img", vec![]));
    if !title.is_empty() {
        image.attrs.insert("title".into(), title);
    }
    Element::new("p", vec![Node::Element(image)])
}

fn is_class(node: &Node, class: &str) -> bool {
    matches!(node, Node::Element(e) if e.has_class(class))
}

/// pulldown-cmark's body with the annotations in the neutral form.
pub fn baseline_side(nodes: Vec<Node>) -> Vec<Node> {
    let mut definitions = HashMap::new();
    collect_definitions(&nodes, &mut definitions);
    let mut referred = std::collections::HashSet::new();
    baseline_nodes(nodes, &definitions, &mut referred)
}

fn collect_definitions(nodes: &[Node], definitions: &mut HashMap<String, Vec<Node>>) {
    for node in nodes {
        if let Node::Element(e) = node {
            if e.name == "div" && e.has_class("footnote-definition") {
                definitions
                    .entry(e.attr("id").unwrap_or("").to_lowercase())
                    .or_insert_with(|| flatten_note(&e.children));
            }
            collect_definitions(&e.children, definitions);
        }
    }
}

/// A footnote definition's blocks as a sidenote shows them: its first paragraph's content, each
/// later paragraph after a `<br>`.
fn flatten_note(children: &[Node]) -> Vec<Node> {
    let mut out = Vec::new();
    let mut first = true;
    for child in children {
        match child {
            Node::Element(e) if e.has_class("footnote-definition-label") => {}
            Node::Text(t) if t.trim().is_empty() => {}
            Node::Element(e) if e.name == "p" => {
                if !first {
                    out.push(Node::Element(Element::new("br", vec![])));
                }
                out.extend(e.children.iter().cloned());
                first = false;
            }
            other => {
                out.push(other.clone());
                first = false;
            }
        }
    }
    out
}

fn baseline_nodes(
    nodes: Vec<Node>,
    definitions: &HashMap<String, Vec<Node>>,
    referred: &mut std::collections::HashSet<String>,
) -> Vec<Node> {
    let mut out = Vec::with_capacity(nodes.len());
    for node in nodes {
        let Node::Element(mut e) = node else {
            out.push(node);
            continue;
        };
        if e.name == "div" && e.has_class("footnote-definition") {
            continue;
        }
        if e.name == "sup" && e.has_class("footnote-reference") {
            let label = e.text_link_target().unwrap_or_default().to_lowercase();
            let note = match definitions.get(&label) {
                Some(_) if !referred.insert(label.clone()) => Element::new("glosa-note-again", vec![]),
                Some(content) => Element::new("glosa-note", baseline_nodes(content.clone(), definitions, referred)),
                None => Element::new("glosa-note", vec![]),
            };
            out.push(Node::Element(note));
            continue;
        }
        if e.name == "a" && e.attr("href").is_some_and(|h| h.starts_with(WIKILINK)) {
            out.extend(baseline_nodes(e.children, definitions, referred));
            continue;
        }
        e.children = baseline_nodes(std::mem::take(&mut e.children), definitions, referred);
        if e.name == "blockquote" {
            let kind = e.attr("class").unwrap_or("").split_whitespace().find_map(|c| c.strip_prefix("markdown-alert-"));
            if let Some(kind) = kind.map(str::to_string) {
                let mut callout = Element::new("glosa-callout", e.children);
                callout.attrs.insert("kind".into(), kind);
                out.push(Node::Element(callout));
                continue;
            }
        }
        for name in ["href", "src"] {
            if let Some(url) = e.attrs.get_mut(name) {
                *url = rewritten(url);
            }
        }
        if let Some(srcset) = e.attrs.get_mut("srcset") {
            *srcset = srcset
                .split(',')
                .map(|candidate| {
                    let candidate = candidate.trim();
                    let (url, rest) = candidate.split_once(char::is_whitespace).unwrap_or((candidate, ""));
                    [rewritten(url), rest.to_string()].join(" ").trim_end().to_string()
                })
                .collect::<Vec<_>>()
                .join(", ");
        }
        out.push(Node::Element(e));
    }
    out
}

trait LinkTarget {
    fn text_link_target(&self) -> Option<String>;
}

impl LinkTarget for Element {
    /// The fragment a footnote reference's link points at.
    fn text_link_target(&self) -> Option<String> {
        self.children.iter().find_map(|child| match child {
            Node::Element(a) if a.name == "a" => a.attr("href").and_then(|h| h.strip_prefix('#')).map(str::to_string),
            _ => None,
        })
    }
}

/// The URL glosa's documented link rewriting makes of `url` in `content/articles/a.md` of a site
/// served under `/sub/`: root-relative ones go under the base path; relative ones are read from
/// the file's folder (`x.md` names the page `x/`) and written root-relative; any other (a scheme,
/// `//host`, `#fragment`, `?query`, or a path climbing out of content/) stays as it is.
pub fn rewritten(url: &str) -> String {
    if url.starts_with('/') && !url.starts_with("//") {
        return format!("/sub{url}");
    }
    if url.is_empty() || url.starts_with(['#', '?', '/', '\\']) {
        return url.to_string();
    }
    let before_path = url.split(['/', '?', '#']).next().unwrap_or("");
    if let Some((scheme, _)) = before_path.split_once(':') {
        let is_scheme = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
            && scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c));
        if is_scheme {
            return url.to_string();
        }
    }
    let cut = url.find(['?', '#']).unwrap_or(url.len());
    let (path, suffix) = url.split_at(cut);
    let mut segments = vec!["articles".to_string()];
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                if segments.pop().is_none() {
                    return url.to_string();
                }
            }
            name => segments.push(name.to_string()),
        }
    }
    let joined = segments.join("/");
    let site_path = match joined.strip_suffix(".md") {
        Some(_) if joined == "_index.md" => String::new(),
        Some(stem) => match stem.split_once('/') {
            Some((section @ ("articles" | "glossary"), slug)) if !slug.contains('/') => format!("{section}/{slug}/"),
            Some(("pages", slug)) if !slug.contains('/') => format!("{slug}/"),
            _ => joined.clone(),
        },
        None if path.ends_with('/') && !joined.is_empty() => format!("{joined}/"),
        None => joined.clone(),
    };
    format!("/sub/{site_path}{suffix}")
}

#[test]
fn rewriting_follows_the_documented_rule() {
    assert_eq!(rewritten("/uri"), "/sub/uri");
    assert_eq!(rewritten("uri"), "/sub/articles/uri");
    assert_eq!(rewritten("../glossary/x.md#a"), "/sub/glossary/x/#a");
    assert_eq!(rewritten("other.md"), "/sub/articles/other/");
    assert_eq!(rewritten("../../x"), "../../x");
    for kept in ["https://a.example", "mailto:foo@bar.example.com", "#frag", "?q", "//host/x", ""] {
        assert_eq!(rewritten(kept), kept);
    }
}
