//! Whether an SVG image from `content/` is inert, for `safe: true` sites: an SVG opened by its
//! own URL is a document of the site's origin, and runs its scripts and event handlers there.
//! The file is read with a real XML parser (roxmltree) and allowed only when it holds nothing
//! that runs or fetches:
//!
//! - no entity declarations (a `<!DOCTYPE>` naming the SVG DTD is fine);
//! - no `script`, `foreignObject` (HTML inside SVG), `handler`, `listener`, `iframe`, `embed`
//!   or `object` element, and no element in the XHTML or XML Events namespace;
//! - no event-handler attribute (`on…`), no `xml:base`, and no animation (`set`, `animate…`)
//!   of an `href` or an `on…` attribute;
//! - every `href` and `src` is a reference inside the file (`#id`), or a PNG, JPEG, GIF or WebP
//!   picture written into it (`data:image/png;…`) on an `image` element;
//! - every CSS `url(…)` is a reference inside the file, and style sheets and `style` attributes
//!   hold no `@import`, `image-set` or escape (`\`), which could spell those in other words;
//! - no processing instruction (`<?xml-stylesheet …?>`).

/// The XHTML namespace: its elements run as HTML even inside an SVG document.
const XHTML: &str = "http://www.w3.org/1999/xhtml";
/// XML Events, whose `listener` elements and `ev:` attributes attach handlers.
const XML_EVENTS: &str = "http://www.w3.org/2001/xml-events";
/// The SVG namespace.
const SVG: &str = "http://www.w3.org/2000/svg";

/// Elements that run script or load other documents.
const ACTIVE_ELEMENTS: [&str; 7] = ["script", "foreignobject", "handler", "listener", "iframe", "embed", "object"];
/// Elements that can set another attribute of an element while the image is shown.
const ANIMATIONS: [&str; 5] = ["set", "animate", "animatemotion", "animatetransform", "animatecolor"];
/// Pictures an `image` element may hold written into the file.
const INLINE_PICTURES: [&str; 4] = ["data:image/png", "data:image/jpeg", "data:image/gif", "data:image/webp"];

/// Why the SVG `text` is not inert, or `None` when it is.
pub fn problem(text: &str) -> Option<String> {
    if declares_entities(text) {
        return Some("it declares entities (a `<!DOCTYPE … [ … ]>` with an internal subset)".into());
    }
    let options = roxmltree::ParsingOptions { allow_dtd: true, ..roxmltree::ParsingOptions::default() };
    let document = match roxmltree::Document::parse_with_options(text, options) {
        Ok(document) => document,
        Err(error) => return Some(format!("it cannot be read as XML ({error})")),
    };
    let root = document.root_element();
    if root.tag_name().name() != "svg" || root.tag_name().namespace() != Some(SVG) {
        return Some("it is not an SVG image (its root is not an `svg` element in the SVG namespace)".into());
    }
    document.root().descendants().find_map(|node| match node.node_type() {
        roxmltree::NodeType::PI => Some("it holds a processing instruction (`<?…?>`)".into()),
        roxmltree::NodeType::Element => element_problem(node),
        _ => None,
    })
}

/// Whether the document type declaration of `text` has an internal subset, which can declare
/// entities: the parser then reads only a declaration naming the DTD, as editors write it, and
/// sees the same elements a browser does.
fn declares_entities(text: &str) -> bool {
    let Some(start) = text.find("<!DOCTYPE") else { return false };
    let mut quote = None;
    for c in text[start..].chars() {
        match (quote, c) {
            (Some(open), c) if c == open => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '[') => return true,
            (None, '>') => return false,
            _ => {}
        }
    }
    true
}

/// Why the element `node` is not inert, if it is not.
fn element_problem(node: roxmltree::Node) -> Option<String> {
    let tag = node.tag_name();
    let name = tag.name().to_ascii_lowercase();
    if ACTIVE_ELEMENTS.contains(&name.as_str()) || matches!(tag.namespace(), Some(XHTML | XML_EVENTS)) {
        return Some(format!("it holds a `{}` element", tag.name()));
    }
    if name == "style" {
        let css: String = node.children().filter_map(|child| child.text()).collect();
        if let Some(problem) = css_problem(&css) {
            return Some(format!("its style sheet {problem}"));
        }
    }
    for attribute in node.attributes() {
        let local = attribute.name().to_ascii_lowercase();
        let value = attribute.value().trim();
        let what = format!("the `{}` attribute of a `{}` element", attribute.name(), tag.name());
        if local.starts_with("on") || attribute.namespace() == Some(XML_EVENTS) {
            return Some(format!("it has an event handler: {what}"));
        }
        if local == "base" && attribute.namespace() == Some("http://www.w3.org/XML/1998/namespace") {
            return Some(format!("it sets {what}"));
        }
        if (local == "href" || local == "src") && !internal(value) && !(name == "image" && inline_picture(value)) {
            return Some(format!("{what} refers outside the image: `{}`", shorten(value)));
        }
        let animated = value.to_ascii_lowercase();
        if ANIMATIONS.contains(&name.as_str())
            && local == "attributename"
            && (animated.ends_with("href") || animated.starts_with("on"))
        {
            return Some(format!("it animates the `{value}` attribute"));
        }
        let style = if local == "style" { css_problem(value) } else { external_url(value) };
        if let Some(problem) = style {
            return Some(format!("{what} {problem}"));
        }
    }
    None
}

/// What in the CSS `css` could fetch from elsewhere, if anything.
fn css_problem(css: &str) -> Option<String> {
    let lower = css.to_ascii_lowercase();
    if lower.contains('\\') {
        return Some("holds a CSS escape (`\\`)".into());
    }
    if let Some(word) = ["@import", "image-set"].into_iter().find(|word| lower.contains(word)) {
        return Some(format!("uses `{word}`"));
    }
    external_url(css)
}

/// A `url(…)` in `value` that is not a reference inside the image, if there is one.
fn external_url(value: &str) -> Option<String> {
    let lower = value.to_ascii_lowercase();
    lower.match_indices("url(").find_map(|(at, _)| {
        let inside = lower[at + "url(".len()..].trim_start().trim_start_matches(['"', '\'']);
        (!inside.starts_with('#')).then(|| format!("refers outside the image: `{}`", shorten(&value[at..])))
    })
}

/// Whether `url` refers to something inside the same file (`#id`).
fn internal(url: &str) -> bool {
    url.starts_with('#')
}

/// Whether `url` is a PNG, JPEG, GIF or WebP picture written into the file.
fn inline_picture(url: &str) -> bool {
    let lower = url.get(..16).unwrap_or(url).to_ascii_lowercase();
    INLINE_PICTURES.iter().any(|kind| lower.starts_with(kind) && lower[kind.len()..].starts_with([';', ',']))
}

/// At most 60 characters of `text`, for messages.
fn shorten(text: &str) -> String {
    match text.char_indices().nth(60) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn svg(inner: &str) -> String {
        format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" viewBox=\"0 0 10 10\">{inner}</svg>"
        )
    }

    #[test]
    fn drawings_with_internal_references_styles_and_metadata_are_inert() {
        let inkscape = r##"<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
     xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" inkscape:version="1.3">
  <defs><linearGradient id="g"><stop offset="0" stop-color="#fff"/></linearGradient></defs>
  <style>.a { fill: url(#g); stroke: url( '#g' ) }</style>
  <a href="#part"><rect id="part" class="a" style="fill: url(&quot;#g&quot;)" width="5" height="5"/></a>
  <use xlink:href="#part" x="5"/>
  <image href="data:image/png;base64,iVBORw0KGgo=" width="1" height="1"/>
  <animate attributeName="opacity" from="0" to="1" dur="1s"/>
  <metadata><title>A chart</title></metadata>
</svg>"##;
        assert_eq!(problem(inkscape), None);
    }

    #[test]
    fn anything_that_runs_is_refused() {
        for (inner, says) in [
            ("<script>alert(1)</script>", "`script` element"),
            ("<SCRIPT>alert(1)</SCRIPT>", "`SCRIPT` element"),
            ("<foreignObject><div>x</div></foreignObject>", "`foreignObject`"),
            ("<h:div xmlns:h=\"http://www.w3.org/1999/xhtml\">x</h:div>", "`div` element"),
            ("<rect onload=\"alert(1)\"/>", "event handler"),
            ("<rect ONCLICK=\"alert(1)\"/>", "event handler"),
            ("<a href=\"javascript:alert(1)\"><text>x</text></a>", "refers outside"),
            ("<a xlink:href=\" JavaScript:alert(1)\"><text>x</text></a>", "refers outside"),
            ("<a href=\"#x\"><set attributeName=\"href\" to=\"javascript:alert(1)\"/></a>", "animates"),
            ("<a href=\"#x\"><animate attributeName=\"xlink:href\" values=\"javascript:x\"/></a>", "animates"),
            ("<image href=\"data:image/svg+xml,&lt;svg/&gt;\"/>", "refers outside"),
            ("<a href=\"data:image/png;base64,x\"><text>x</text></a>", "refers outside"),
        ] {
            let found = problem(&svg(inner)).unwrap_or_else(|| panic!("{inner} passed"));
            assert!(found.contains(says), "{inner}: {found}");
        }
    }

    #[test]
    fn anything_that_fetches_from_elsewhere_is_refused() {
        for inner in [
            "<image href=\"https://tracker.example/p.png\"/>",
            "<use xlink:href=\"other.svg#x\"/>",
            "<rect fill=\"url(https://e.example/x.svg#g)\"/>",
            "<rect style=\"fill: url( 'https://e.example/x' )\"/>",
            "<rect style=\"fill: \\75 rl(https://e.example/x)\"/>",
            "<style>@import 'https://e.example/x.css';</style>",
            "<style><![CDATA[ rect { background: image-set('x.png' 1x) } ]]></style>",
            "<style>rect { fill: URL(x.svg#g) }</style>",
            "<g xml:base=\"https://e.example/\"/>",
        ] {
            assert!(problem(&svg(inner)).is_some(), "{inner} passed");
        }
    }

    #[test]
    fn what_is_not_an_svg_drawing_is_refused() {
        assert!(problem("<svg><rect/>").unwrap().contains("cannot be read as XML"));
        assert!(problem("<html xmlns=\"http://www.w3.org/1999/xhtml\"/>").unwrap().contains("not an SVG image"));
        let entities = "<!DOCTYPE svg [<!ENTITY a \"x\">]><svg xmlns=\"http://www.w3.org/2000/svg\">&a;</svg>";
        assert!(problem(entities).unwrap().contains("declares entities"));
        let quoted =
            "<!DOCTYPE svg PUBLIC \"a>\" \"b\" [<!ENTITY a \"x\">]><svg xmlns=\"http://www.w3.org/2000/svg\">&a;</svg>";
        assert!(problem(quoted).unwrap().contains("declares entities"));
        let stylesheet =
            "<?xml-stylesheet href=\"x.xsl\" type=\"text/xsl\"?><svg xmlns=\"http://www.w3.org/2000/svg\"/>";
        assert!(problem(stylesheet).unwrap().contains("processing instruction"));
    }
}
