//! Nothing hostile gets through: every string an author writes in front matter holds markup and
//! script breakouts, the real binary builds it with the bundled default theme, and the output is
//! read with real HTML, JSON and XML parsers. Also the raw-HTML policy, both ways.

mod common;

use common::Site;
use scraper::{Html, Selector};

/// Every breakout the issue names, in one string.
const PAYLOAD: &str =
    r#"</script><script>alert(1)</script> "><img src=x onerror=alert(1)> ' onmouseover='x ]]> & <!--"#;

/// The hostile string for one field: the field name keeps them apart in the output.
fn hostile(field: &str) -> String {
    format!("{field} {PAYLOAD}")
}

/// A YAML double-quoted scalar (a JSON string is one).
fn q(text: &str) -> String {
    serde_json::to_string(text).unwrap()
}

fn site_yaml(safe: bool) -> String {
    format!(
        "title: {}\ndescription: {}\nbase_url: \"https://example.org/\"\nsafe: {safe}\n",
        q(&hostile("site-title")),
        q(&hostile("site-description"))
    )
}

/// A site where every front-matter string is hostile; source URLs are web addresses whose query
/// strings are hostile. Claim notes, corrections and terms' short definitions are Markdown, so
/// they follow the raw-HTML policy: with `safe: false` they hold the hostile string without tags.
fn hostile_site(safe: bool) -> Site {
    // No `themes/` folder: the theme embedded in the binary is used.
    let site = Site::empty();
    let url = |field: &str| q(&format!("https://example.org/{field}?q=\"><script>alert(1)</script>&x='y'"));
    let markdown = |field: &str| match safe {
        true => hostile(field),
        false => format!("{field} ' onmouseover='x ]]> & \" onclick=\"x"),
    };
    site.write("content/site.yaml", &site_yaml(safe));
    site.write(
        "content/articles/story.md",
        &format!(
            "---\ntitle: {title}\ndate: 2025-02-14\nsummary: {summary}\ntags: [{tag}]\nauthors: [{author}]\n\
             source:\n  name: {source}\n  url: {source_url}\n\
             corrections:\n  - date: 2025-03-01\n    text: {correction}\n\
             claims:\n  launch:\n    verdict: misleading\n    note: {note}\n    sources:\n      - title: {claim_source}\n        url: {claim_url}\n\
             ---\n[Alibaba launched a model](claim:launch) and [[probe]] was there.\n",
            title = q(&hostile("title")),
            summary = q(&hostile("summary")),
            tag = q(&hostile("tag")),
            author = q(&hostile("author")),
            source = q(&hostile("source-name")),
            source_url = url("source"),
            correction = q(&markdown("correction")),
            note = q(&markdown("note")),
            claim_source = q(&hostile("claim-source")),
            claim_url = url("claim"),
        ),
    );
    site.write(
        "content/glossary/probe.md",
        &format!(
            "---\nterm: {term}\naliases: [{alias}]\nshort: {short}\nsources:\n  - title: {term_source}\n    url: {term_url}\n---\nA term.\n",
            term = q(&hostile("term")),
            alias = q(&hostile("alias")),
            short = q(&markdown("short")),
            term_source = q(&hostile("term-source")),
            term_url = url("term"),
        ),
    );
    site.write("content/_index.md", &format!("---\ntitle: {}\n---\nWelcome.\n", q(&hostile("intro-title"))));
    site.write(
        "content/pages/about.md",
        &format!("---\ntitle: {}\nsummary: {}\n---\nAbout.\n", q(&hostile("page-title")), q(&hostile("page-summary"))),
    );
    site
}

/// No script runs that the theme did not ship, no element carries an event handler, no link
/// runs code.
fn assert_inert(rel: &str, html: &str) {
    let doc = Html::parse_document(html);
    for script in doc.select(&Selector::parse("script").unwrap()) {
        let el = script.value();
        let data = el.attr("type") == Some("application/ld+json") && el.attr("src").is_none();
        let theme = el.attr("src").is_some_and(|s| s.starts_with('/') && s.ends_with(".js"));
        assert!(data || theme, "{rel}: unexpected script {:?}", script.html());
    }
    for el in doc.select(&Selector::parse("*").unwrap()) {
        for (name, value) in el.value().attrs() {
            assert!(!name.to_ascii_lowercase().starts_with("on"), "{rel}: handler {name}={value:?}");
            if matches!(name, "href" | "src" | "action" | "formaction") {
                assert!(!value.trim().to_ascii_lowercase().starts_with("javascript:"), "{rel}: {name}={value:?}");
            }
        }
    }
    assert!(!doc.root_element().html().contains("<img src=\"x\""), "{rel}: injected img");
}

fn json_ld(html: &str) -> Vec<serde_json::Value> {
    let doc = Html::parse_document(html);
    let selector = Selector::parse("script[type=\"application/ld+json\"]").unwrap();
    doc.select(&selector)
        .map(|s| serde_json::from_str(&s.inner_html()).unwrap_or_else(|e| panic!("JSON-LD does not parse: {e}")))
        .collect()
}

#[test]
fn hostile_front_matter_is_inert_in_every_html_page() {
    for safe in [false, true] {
        let site = hostile_site(safe);
        site.built();
        let pages = site.public_files("html");
        assert!(pages.len() >= 5, "{pages:?}");
        for path in pages {
            let html = std::fs::read_to_string(&path).unwrap();
            assert_inert(&format!("safe: {safe}: {}", path.display()), &html);
        }
    }
}

#[test]
fn hostile_strings_are_shown_intact_as_text() {
    let site = hostile_site(true);
    site.built();
    let doc = Html::parse_document(&site.public("articles/story/index.html"));
    let text: String = doc.root_element().text().collect();
    for field in ["title", "author", "source-name", "claim-source", "term"] {
        assert!(text.contains(&hostile(field)), "article page lost `{field}` text:\n{text}");
    }
    assert!(text.contains("correction") && text.contains("note") && text.contains("short"), "{text}");
    let home = Html::parse_document(&site.public("index.html"));
    let text: String = home.root_element().text().collect();
    for field in ["site-title", "intro-title", "summary"] {
        assert!(text.contains(&hostile(field)), "home page lost `{field}` text:\n{text}");
    }
}

#[test]
fn json_ld_parses_and_holds_the_strings_without_breaking_out() {
    let site = hostile_site(false);
    site.built();
    let html = site.public("articles/story/index.html");
    let blocks = json_ld(&html);
    assert!(!blocks.is_empty());
    let all = serde_json::to_string(&blocks).unwrap();
    for field in ["title", "summary", "author"] {
        assert!(all.contains(&serde_json::to_string(&hostile(field)).unwrap()), "JSON-LD lost `{field}`: {all}");
    }
    let raw = html.split("application/ld+json").nth(1).unwrap();
    let body = &raw[..raw.find("</script>").unwrap()];
    assert!(!body.contains("<script") && !body.contains("<!--"), "raw `<` in JSON-LD: {body}");
}

#[test]
fn feed_and_sitemap_are_well_formed_xml_holding_the_strings() {
    let site = hostile_site(false);
    site.built();
    for rel in ["atom.xml", "sitemap.xml"] {
        let xml = site.public(rel);
        roxmltree::Document::parse(&xml).unwrap_or_else(|e| panic!("{rel} is not XML: {e}\n{xml}"));
    }
    let feed = site.public("atom.xml");
    let doc = roxmltree::Document::parse(&feed).unwrap();
    let text: String = doc.descendants().filter(|n| n.is_text()).filter_map(|n| n.text()).collect();
    for field in ["title", "summary", "site-title"] {
        assert!(text.contains(&hostile(field)), "atom.xml lost `{field}`");
    }
}

#[test]
fn search_result_files_are_json_holding_the_strings() {
    let site = hostile_site(false);
    site.built();
    let (_, docs) = common::search_index(&site.root().join("public"));
    let all = serde_json::Value::from(docs).to_string();
    assert!(all.contains(&serde_json::to_string(&hostile("title")).unwrap()), "{all}");
}

#[test]
fn javascript_source_urls_are_bad_url_errors_at_their_line() {
    let site = hostile_site(false);
    let story = std::fs::read_to_string(site.root().join("content/articles/story.md")).unwrap();
    let story = story.replacen("url: \"https://example.org/claim", "url: \"javascript:alert(1)//", 1);
    site.write("content/articles/story.md", &story);
    site.write(
        "content/glossary/other.md",
        "---\nterm: Other\nshort: s\nsources:\n  - title: t\n    url: \"data:text/html,<script>alert(1)</script>\"\n---\nx\n",
    );
    let common::Run { code, stderr, .. } = site.build();
    assert_eq!(code, Some(1), "{stderr}");
    let claim_line = story.lines().position(|l| l.contains("javascript:")).unwrap() + 1;
    assert!(stderr.contains(&format!("--> content/articles/story.md:{claim_line}:")), "{stderr}");
    assert!(stderr.contains("--> content/glossary/other.md:6:"), "{stderr}");
    assert_eq!(stderr.matches("error[bad-url]").count(), 2, "{stderr}");
}

#[test]
fn a_hostile_see_also_is_an_unknown_term_error_naming_the_file() {
    let site = hostile_site(false);
    let term = std::fs::read_to_string(site.root().join("content/glossary/probe.md")).unwrap();
    let term = term.replacen("short:", &format!("see_also: [{}]\nshort:", q(PAYLOAD)), 1);
    site.write("content/glossary/probe.md", &term);
    let common::Run { code, stderr, .. } = site.build();
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("error[unknown-see-also]"), "{stderr}");
    assert!(stderr.contains("--> content/glossary/probe.md"), "{stderr}");
}

// The image's URL is a full address: a relative one in raw HTML is checked like a Markdown link's.
const RAW_BODY: &str =
    "Plain <b>bold</b> text.\n\n<script>alert(1)</script>\n\n<img src=https://example.org/x.png onerror=alert(1)>\n\n\
[click](javascript:alert(1)) and [fine](https://example.org/) ![pic](data:image/svg+xml,x)\n";

fn raw_html_site(safe: bool) -> Site {
    let site = Site::empty();
    site.write("content/site.yaml", &site_yaml(safe));
    site.write(
        "content/articles/raw.md",
        &format!(
            "---\ntitle: Raw\ndate: 2025-01-01\nsummary: s\ncorrections:\n  - date: 2025-01-02\n    text: {correction}\n\
             claims:\n  c:\n    verdict: accurate\n    note: {note}\n    sources: [{{title: t, url: \"https://example.org/\"}}]\n---\n\
             [A claim](claim:c).\n\n{RAW_BODY}",
            correction = q("Fixed <img src=x onerror=alert(2)> it."),
            note = q("See <span onmouseover=alert(3)>this</span>."),
        ),
    );
    site
}

#[test]
fn raw_html_in_markdown_passes_through_by_default() {
    let site = raw_html_site(false);
    site.built();
    let html = site.public("articles/raw/index.html");
    assert!(html.contains("<b>bold</b>"), "{html}");
    assert!(html.contains("<script>alert(1)</script>"), "{html}");
    assert!(html.contains("href=\"javascript:alert(1)\""), "{html}");
}

#[test]
fn safe_true_strips_raw_html_and_script_links_from_bodies_notes_and_corrections() {
    let site = raw_html_site(true);
    site.built();
    for path in site.public_files("html") {
        assert_inert(&path.display().to_string(), &std::fs::read_to_string(&path).unwrap());
    }
    let html = site.public("articles/raw/index.html");
    let doc = Html::parse_document(&html);
    let text: String = doc.root_element().text().collect();
    assert!(text.contains("Plain bold text.") && text.contains("click"), "{text}");
    assert!(!html.contains("<b>bold</b>") && !html.contains("data:image"), "{html}");
    assert!(html.contains("href=\"https://example.org/\""), "{html}");
}
