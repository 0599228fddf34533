//! A saved page's metadata: headline, byline, publication date, address, publication name and
//! summary, from the JSON-LD article object (`NewsArticle`, `BlogPosting`…), the Open Graph and
//! `article:` properties, `<meta name=author>`, `<link rel=canonical>` and `<title>`, in that
//! order of trust, each with where it was found for the report.

use super::byline::iso_date;
use super::doc::{Found, Metadata};
use dom_query::Document;
use serde_json::Value;

/// Everything the page's head (and JSON-LD) says about the article.
pub fn page_metadata(doc: &Document) -> Metadata {
    let ld = json_ld_article(doc);
    let ld_text = |key: &str| ld.as_ref().and_then(|a| text_value(a.get(key)?));
    let site_name = meta(doc, "property", "og:site_name")
        .map(|v| Found::new(v, "og:site_name"))
        .or_else(|| ld.as_ref().and_then(|a| name_of(a.get("publisher")?)).map(|v| Found::new(v, "JSON-LD publisher")));
    let title = ld_text("headline")
        .map(|v| Found::new(v, "JSON-LD headline"))
        .or_else(|| meta(doc, "property", "og:title").map(|v| Found::new(v, "og:title")))
        .or_else(|| {
            let title = single_text(doc, "head title")?;
            Some(Found::new(strip_site_name(&title, site_name.as_ref().map(|s| s.value.as_str())), "<title>"))
        });
    let byline = ld
        .as_ref()
        .and_then(|a| authors(a.get("author")?))
        .map(|v| Found::new(v, "JSON-LD author"))
        .or_else(|| meta(doc, "name", "author").filter(|a| !is_url(a)).map(|v| Found::new(v, "<meta name=author>")))
        .or_else(|| {
            meta(doc, "property", "article:author").filter(|a| !is_url(a)).map(|v| Found::new(v, "article:author"))
        });
    let published = ld_text("datePublished")
        .and_then(|d| iso_date(&d))
        .map(|d| Found::new(d, "JSON-LD datePublished"))
        .or_else(|| {
            meta(doc, "property", "article:published_time")
                .and_then(|d| iso_date(&d))
                .map(|d| Found::new(d, "article:published_time"))
        })
        .or_else(|| {
            let time = doc.try_select("article time[datetime]")?;
            iso_date(&time.attr("datetime")?).map(|d| Found::new(d, "<time datetime> in the article"))
        });
    let canonical =
        doc.try_select("link[rel~=canonical][href]").and_then(|l| l.attr("href")).map(|h| h.trim().to_string());
    let url = canonical
        .filter(|u| is_url(u))
        .map(|v| Found::new(v, "<link rel=canonical>"))
        .or_else(|| meta(doc, "property", "og:url").filter(|u| is_url(u)).map(|v| Found::new(v, "og:url")))
        .or_else(|| {
            let page = ld.as_ref()?;
            let url = page.get("url").and_then(text_value).or_else(|| page.get("mainEntityOfPage").and_then(id_of))?;
            is_url(&url).then(|| Found::new(url, "JSON-LD url"))
        });
    let description = meta(doc, "property", "og:description")
        .map(|v| Found::new(v, "og:description"))
        .or_else(|| meta(doc, "name", "description").map(|v| Found::new(v, "<meta name=description>")))
        .or_else(|| ld_text("description").map(|v| Found::new(v, "JSON-LD description")));
    Metadata { title, byline, published, site_name, url, description }
}

/// The `content` of the `<meta>` whose `attribute` (`property` or `name`) is `key`, its
/// whitespace collapsed; `None` when missing or empty.
fn meta(doc: &Document, attribute: &str, key: &str) -> Option<String> {
    let found = doc.try_select(&format!("meta[{attribute}=\"{key}\" i][content]"))?;
    let content = found.attr("content")?;
    collapse(&content)
}

/// The text of the first element `selector` matches, whitespace collapsed.
fn single_text(doc: &Document, selector: &str) -> Option<String> {
    collapse(&doc.try_select(selector)?.nodes().first()?.text())
}

/// `text` with runs of whitespace made one space and trimmed; `None` when nothing is left.
pub fn collapse(text: &str) -> Option<String> {
    let joined = text.split_whitespace().collect::<Vec<_>>().join(" ");
    (!joined.is_empty()).then_some(joined)
}

/// An absolute `http:` or `https:` address.
pub fn is_url(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://")) && !text.contains(char::is_whitespace)
}

/// `Headline | Site`, `Headline - Site`, `Headline – Site` without the site's name: the part
/// after the last separator when it is the site name, or when the site name is unknown and the
/// part before is the longer.
fn strip_site_name(title: &str, site_name: Option<&str>) -> String {
    for separator in [" | ", " – ", " — ", " - ", " :: "] {
        if let Some((head, tail)) = title.rsplit_once(separator) {
            let is_site = site_name.map_or(head.len() > tail.len(), |s| tail.trim().eq_ignore_ascii_case(s));
            if is_site {
                return head.trim().to_string();
            }
        }
    }
    title.to_string()
}

/// Schema.org types of an article object.
const ARTICLE_TYPES: [&str; 10] = [
    "NewsArticle",
    "Article",
    "BlogPosting",
    "ReportageNewsArticle",
    "AnalysisNewsArticle",
    "OpinionNewsArticle",
    "BackgroundNewsArticle",
    "LiveBlogPosting",
    "TechArticle",
    "Report",
];

/// The first article object in the page's JSON-LD scripts (at the top level, in an array or
/// in an `@graph`). Scripts that do not parse are skipped.
fn json_ld_article(doc: &Document) -> Option<Value> {
    let scripts = doc.try_select("script[type=\"application/ld+json\" i]")?;
    scripts.nodes().iter().find_map(|script| {
        let value: Value = serde_json::from_str(script.text().trim()).ok()?;
        find_article(&value).cloned()
    })
}

fn find_article(value: &Value) -> Option<&Value> {
    match value {
        Value::Array(items) => items.iter().find_map(find_article),
        Value::Object(object) => {
            let types = match object.get("@type") {
                Some(Value::String(t)) => vec![t.as_str()],
                Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect(),
                _ => vec![],
            };
            if types.iter().any(|t| ARTICLE_TYPES.contains(t)) {
                Some(value)
            } else {
                object.get("@graph").and_then(find_article)
            }
        }
        _ => None,
    }
}

/// A JSON-LD text value (a string, or the first string of an array), whitespace collapsed.
fn text_value(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => collapse(s),
        Value::Array(items) => items.iter().find_map(text_value),
        _ => None,
    }
}

/// The `name` of a JSON-LD person or organisation, or the string itself.
fn name_of(value: &Value) -> Option<String> {
    match value {
        Value::Object(object) => object.get("name").and_then(text_value),
        Value::String(s) => collapse(s).filter(|s| !is_url(s)),
        Value::Array(items) => items.iter().find_map(name_of),
        _ => None,
    }
}

/// The `@id` of a JSON-LD object, or the string itself (`mainEntityOfPage`).
fn id_of(value: &Value) -> Option<String> {
    match value {
        Value::Object(object) => object.get("@id").and_then(text_value),
        other => text_value(other),
    }
}

/// The authors' names as a byline: `A`, `A and B`, `A, B and C`.
fn authors(value: &Value) -> Option<String> {
    let names: Vec<String> = match value {
        Value::Array(items) => items.iter().filter_map(name_of).collect(),
        other => name_of(other).into_iter().collect(),
    };
    match names.as_slice() {
        [] => None,
        [one] => Some(one.clone()),
        [init @ .., last] => Some(format!("{} and {last}", init.join(", "))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(head: &str) -> Metadata {
        page_metadata(&Document::from(format!("<!doctype html><html><head>{head}</head><body></body></html>")))
    }

    #[test]
    fn json_ld_comes_before_open_graph_and_the_head() {
        let got = page(concat!(
            r#"<title>Old title | Site</title><meta property="og:title" content="OG title">"#,
            r#"<meta name="author" content="Meta Author"><meta property="article:published_time" content="2025-01-02T10:00:00Z">"#,
            r#"<script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"WebPage"},"#,
            r#"{"@type":["NewsArticle"],"headline":"LD headline","datePublished":"2025-03-03T23:30:00-05:00","#,
            r#""author":[{"@type":"Person","name":"A One"},{"name":"B Two"},"C Three"],"publisher":{"name":"LD Publisher"},"#,
            r#""mainEntityOfPage":{"@id":"https://news.example/a"}}]}</script>"#,
        ));
        assert_eq!(got.title, Some(Found::new("LD headline".to_string(), "JSON-LD headline")));
        assert_eq!(got.byline.unwrap().value, "A One, B Two and C Three");
        assert_eq!(got.published.unwrap().value.to_string(), "2025-03-03");
        assert_eq!(got.site_name, Some(Found::new("LD Publisher".to_string(), "JSON-LD publisher")));
        assert_eq!(got.url, Some(Found::new("https://news.example/a".to_string(), "JSON-LD url")));
    }

    #[test]
    fn open_graph_and_meta_tags_are_used_without_json_ld() {
        let got = page(concat!(
            r#"<title>Tram timetable – Rails and Roads</title><meta property="og:site_name" content="Rails and Roads">"#,
            r#"<meta property="og:url" content="https://rails.example/tram/"><link rel="canonical" href="https://rails.example/tram">"#,
            r#"<meta name="author" content="Jonas Weber"><meta property="article:published_time" content="2025-02-20T18:05:00+01:00">"#,
            r#"<meta name="description" content="  Why   the display lies. ">"#,
            r#"<script type="application/ld+json">{ not json</script>"#,
        ));
        assert_eq!(got.title, Some(Found::new("Tram timetable".to_string(), "<title>")));
        assert_eq!(got.byline, Some(Found::new("Jonas Weber".to_string(), "<meta name=author>")));
        assert_eq!(got.published.unwrap().from, "article:published_time");
        assert_eq!(got.url, Some(Found::new("https://rails.example/tram".to_string(), "<link rel=canonical>")));
        assert_eq!(got.description.unwrap().value, "Why the display lies.");
    }

    #[test]
    fn urls_are_not_taken_for_names_nor_relative_addresses_for_the_original() {
        let got = page(concat!(
            r#"<meta property="article:author" content="https://facebook.example/jane">"#,
            r#"<link rel="canonical" href="/relative/path"><meta property="og:url" content="https://ok.example/a">"#,
        ));
        assert_eq!(got.byline, None);
        assert_eq!(got.url.unwrap().from, "og:url");
        assert_eq!(page("").title, None);
    }

    #[test]
    fn a_site_name_is_cut_from_the_title_only_at_a_separator() {
        assert_eq!(strip_site_name("A - B | Site", Some("Site")), "A - B");
        assert_eq!(strip_site_name("Long headline here - Site", None), "Long headline here");
        assert_eq!(strip_site_name("Headline", Some("Site")), "Headline");
        assert_eq!(strip_site_name("Site - A much longer headline", Some("Other")), "Site - A much longer headline");
    }
}
