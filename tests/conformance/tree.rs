//! HTML as a tree, parsed by html5ever (through scraper) the way a browser parses it, so two
//! renderings compare by what they mean rather than by how their markup is spelt; whitespace is
//! compared as a browser shows it (runs collapsed, none at the edges of blocks).

use std::collections::BTreeMap;
use std::fmt::Write;

/// A node of a parsed fragment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Node {
    /// An element.
    Element(Element),
    /// Text.
    Text(String),
    /// A comment.
    Comment(String),
}

/// An element: name, attributes, children.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Element {
    /// Local name, lower case.
    pub name: String,
    /// Attributes by name.
    pub attrs: BTreeMap<String, String>,
    /// Child nodes.
    pub children: Vec<Node>,
}

impl Element {
    /// A new element with no attributes.
    pub fn new(name: &str, children: Vec<Node>) -> Self {
        Element { name: name.into(), attrs: BTreeMap::new(), children }
    }

    /// The value of the attribute `name`.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.get(name).map(String::as_str)
    }

    /// Whether the element's `class` lists `class`.
    pub fn has_class(&self, class: &str) -> bool {
        self.attr("class").is_some_and(|classes| classes.split_whitespace().any(|c| c == class))
    }

    /// The text of the element and its descendants.
    pub fn text(&self) -> String {
        let mut text = String::new();
        collect_text(&self.children, &mut text);
        text
    }
}

fn collect_text(nodes: &[Node], text: &mut String) {
    for node in nodes {
        match node {
            Node::Text(t) => text.push_str(t),
            Node::Element(e) => collect_text(&e.children, text),
            Node::Comment(_) => {}
        }
    }
}

/// The nodes of `html` parsed as the content of a `<body>`.
pub fn parse(html: &str) -> Vec<Node> {
    let fragment = scraper::Html::parse_fragment(html);
    fragment.root_element().children().filter_map(convert).collect()
}

fn convert(node: ego_tree::NodeRef<'_, scraper::Node>) -> Option<Node> {
    match node.value() {
        scraper::Node::Text(text) => Some(Node::Text(text.to_string())),
        scraper::Node::Comment(comment) => Some(Node::Comment(comment.to_string())),
        scraper::Node::Element(element) => Some(Node::Element(Element {
            name: element.name().to_string(),
            attrs: element.attrs().map(|(name, value)| (name.to_string(), value.to_string())).collect(),
            children: node.children().filter_map(convert).collect(),
        })),
        _ => None,
    }
}

/// Elements that start a block of their own: whitespace next to them is not shown.
const BLOCKS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "br",
    "dd",
    "details",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
    "glosa-callout",
];

fn is_block(node: &Node) -> bool {
    matches!(node, Node::Element(e) if BLOCKS.contains(&e.name.as_str()))
}

/// `nodes` with adjacent texts merged and whitespace as a browser shows it: outside `<pre>`, each
/// run of whitespace is one space, and none is kept at the start or end of a block or beside one.
pub fn settle(nodes: Vec<Node>, block_parent: bool, in_pre: bool) -> Vec<Node> {
    let mut merged: Vec<Node> = Vec::with_capacity(nodes.len());
    for node in nodes {
        let node = match node {
            Node::Element(mut e) => {
                let pre = in_pre || e.name == "pre";
                let block = BLOCKS.contains(&e.name.as_str());
                e.children = settle(std::mem::take(&mut e.children), block, pre);
                Node::Element(e)
            }
            Node::Text(t) if !in_pre => Node::Text(collapse(&t)),
            other => other,
        };
        if let (Node::Text(next), Some(Node::Text(last))) = (&node, merged.last_mut()) {
            if !in_pre && last.ends_with(' ') && next.starts_with(' ') {
                last.push_str(&next[1..]);
            } else {
                last.push_str(next);
            }
            continue;
        }
        merged.push(node);
    }
    if in_pre {
        return merged;
    }
    let count = merged.len();
    let blocks: Vec<bool> = merged.iter().map(is_block).collect();
    let mut out = Vec::with_capacity(count);
    for (i, node) in merged.into_iter().enumerate() {
        match node {
            Node::Text(mut t) => {
                let after_block = if i == 0 { block_parent } else { blocks[i - 1] };
                let before_block = if i + 1 == count { block_parent } else { blocks[i + 1] };
                if after_block {
                    t = t.trim_start_matches(' ').to_string();
                }
                if before_block {
                    t = t.trim_end_matches(' ').to_string();
                }
                if !t.is_empty() {
                    out.push(Node::Text(t));
                }
            }
            other => out.push(other),
        }
    }
    out
}

fn collapse(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        if matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0c') {
            if !space {
                out.push(' ');
            }
            space = true;
        } else {
            out.push(c);
            space = false;
        }
    }
    out
}

/// The first place where `glosa` and `base` differ, described; `None` when they are the same. A
/// heading's `id` counts only when pulldown-cmark wrote one (`{#id}`): glosa gives every heading
/// an id, its documented annotation.
pub fn first_difference(glosa: &[Node], base: &[Node], path: &str) -> Option<String> {
    for (i, pair) in glosa.iter().zip(base).enumerate() {
        let here = format!("{path}/{}", name_of(pair.1, i));
        match pair {
            (Node::Element(g), Node::Element(b)) if g.name == b.name => {
                let mut attrs = g.attrs.clone();
                if is_heading(&g.name) && !b.attrs.contains_key("id") {
                    attrs.remove("id");
                }
                if attrs != b.attrs {
                    return Some(format!("{here}: attributes {:?} where pulldown-cmark has {:?}", attrs, b.attrs));
                }
                if let Some(d) = first_difference(&g.children, &b.children, &here) {
                    return Some(d);
                }
            }
            (g, b) if g == b => {}
            (g, b) => {
                return Some(format!(
                    "{here}: {} where pulldown-cmark has {}",
                    serialise(std::slice::from_ref(g)),
                    serialise(std::slice::from_ref(b))
                ))
            }
        }
    }
    match glosa.len().cmp(&base.len()) {
        std::cmp::Ordering::Equal => None,
        std::cmp::Ordering::Greater => Some(format!("{path}: glosa has more: {}", serialise(&glosa[base.len()..]))),
        std::cmp::Ordering::Less => Some(format!("{path}: glosa lacks {}", serialise(&base[glosa.len()..]))),
    }
}

fn is_heading(name: &str) -> bool {
    matches!(name, "h1" | "h2" | "h3" | "h4" | "h5" | "h6")
}

fn name_of(node: &Node, index: usize) -> String {
    match node {
        Node::Element(e) => format!("{}[{index}]", e.name),
        Node::Text(_) => format!("text[{index}]"),
        Node::Comment(_) => format!("comment[{index}]"),
    }
}

/// The nodes as HTML-like text, attributes sorted, for messages.
pub fn serialise(nodes: &[Node]) -> String {
    let mut out = String::new();
    for node in nodes {
        match node {
            Node::Text(t) => write!(out, "{t:?}").unwrap(),
            Node::Comment(c) => write!(out, "<!--{c}-->").unwrap(),
            Node::Element(e) => {
                out.push('<');
                out.push_str(&e.name);
                for (name, value) in &e.attrs {
                    write!(out, " {name}={value:?}").unwrap();
                }
                out.push('>');
                out.push_str(&serialise(&e.children));
                write!(out, "</{}>", e.name).unwrap();
            }
        }
    }
    out
}

#[test]
fn whitespace_compares_as_a_browser_shows_it() {
    let a = settle(parse("<p>a\n  <em>b</em>\tc</p>\n<ul>\n<li>x</li>\n</ul>"), true, false);
    let b = settle(parse("<p>a <em>b</em> c</p><ul><li>x</li></ul>"), true, false);
    assert_eq!(first_difference(&a, &b, ""), None);
    let glued = settle(parse("<p>a<em>b</em> c</p><ul><li>x</li></ul>"), true, false);
    assert!(first_difference(&glued, &b, "").is_some(), "a space between words is not whitespace to drop");
    let pre = settle(parse("<pre>a\n  b</pre>"), true, false);
    assert!(first_difference(&pre, &settle(parse("<pre>a b</pre>"), true, false), "").is_some());
}

#[test]
fn a_heading_id_counts_only_where_pulldown_cmark_wrote_one() {
    let glosa = parse("<h2 id=\"intro\">Intro</h2>");
    assert_eq!(first_difference(&glosa, &parse("<h2>Intro</h2>"), ""), None);
    assert!(first_difference(&glosa, &parse("<h2 id=\"other\">Intro</h2>"), "").is_some());
}
