//! Integration tests of the source registry, `content/sources.yaml`: sources defined once by key
//! and cited by claims and terms beside inline sources, its problems at their file and line, the
//! popovers and the `/sources/` page it gives, on small sites written by each test.

mod common;

use common::{hrefs, texts, Site};
use serde_json::Value;

const REGISTRY: &str = "\
qwen-blog:
  title: Introducing Qwen
  url: https://qwenlm.github.io/blog/qwen/
  publisher: Alibaba Cloud
  published: 2023-09-25
  accessed: 2026-12-07
reuters-2023:
  title: Alibaba launches AI model
  url: https://www.reuters.com/technology/alibaba-2023/
  publisher: Reuters
  archived_url: https://web.archive.org/web/2023/https://www.reuters.com/technology/alibaba-2023/
";

/// A site with the registry above, one article whose two claims cite `qwen-blog` by key (one
/// also an inline source with the URL of `reuters-2023`, one another inline source), and a term
/// citing `reuters-2023` by key.
fn site() -> Site {
    let site = Site::empty();
    site.write("content/site.yaml", "title: Registry test\nbase_url: https://example.org/\n");
    site.write("content/sources.yaml", REGISTRY);
    site.write(
        "content/articles/story.md",
        "---\ntitle: Story\ndate: 2025-01-02\nsummary: A story.\nclaims:\n  first:\n    verdict: accurate\n    note: Yes.\n    \
         sources: [qwen-blog, {title: Reuters copy, url: \"https://www.reuters.com/technology/alibaba-2023/\"}]\n  \
         second:\n    verdict: misleading\n    note: Partly.\n    sources:\n      - qwen-blog\n      - title: A \
         forum\n        url: https://forum.example.org/t/1\n---\n[It came out](claim:first) and \
         [it was good](claim:second), said Qwen.\n",
    );
    site.write(
        "content/glossary/qwen.md",
        "---\nterm: Qwen\nshort: A family of models.\nsources: [reuters-2023]\n---\nQwen models.\n",
    );
    site
}

fn check_json(site: &Site) -> Vec<Value> {
    let run = site.glosa(&["check", "--root", site.root_arg(), "--format", "json"]);
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}:\n{}", run.output()))
}

fn find<'a>(diagnostics: &'a [Value], code: &str) -> &'a Value {
    diagnostics.iter().find(|d| d["code"] == code).unwrap_or_else(|| panic!("no {code} in {diagnostics:#?}"))
}

#[test]
fn a_site_citing_registry_keys_and_inline_sources_builds_without_problems() {
    let site = site();
    let diagnostics = check_json(&site);
    assert!(diagnostics.is_empty(), "{diagnostics:#?}");
    site.built();
}

#[test]
fn a_claim_popover_links_the_registered_title_with_publisher_date_and_archived_copy() {
    let site = site();
    site.built();
    let page = site.page("articles/story/index.html");
    let first = "#claim-first-pop .claim-pop__sources";
    assert_eq!(
        hrefs(&page, &format!("{first} a")),
        ["https://qwenlm.github.io/blog/qwen/", "https://www.reuters.com/technology/alibaba-2023/"],
        "the key's URL, then the inline source as written"
    );
    assert_eq!(texts(&page, &format!("{first} .claim-pop__source-meta")), ["(Alibaba Cloud, 25 September 2023)"]);
    let term = site.page("glossary/qwen/index.html");
    assert_eq!(
        hrefs(&term, ".term-sources a"),
        [
            "https://www.reuters.com/technology/alibaba-2023/",
            "https://web.archive.org/web/2023/https://www.reuters.com/technology/alibaba-2023/"
        ],
        "a registered source with an archived copy links it beside the original"
    );
    assert_eq!(texts(&term, ".term-sources a.archived"), ["archived copy of Alibaba launches AI model"]);
}

#[test]
fn an_archived_copy_is_linked_in_the_claim_popover() {
    let site = site();
    site.edit("content/articles/story.md", "sources: [qwen-blog, {", "sources: [reuters-2023, {");
    site.built();
    let page = site.page("articles/story/index.html");
    assert_eq!(
        hrefs(&page, "#claim-first-pop .claim-pop__archived"),
        ["https://web.archive.org/web/2023/https://www.reuters.com/technology/alibaba-2023/"]
    );
}

#[test]
fn the_sources_index_lists_each_publisher_with_its_source_count_linking_its_page() {
    let site = site();
    site.built();
    let page = site.page("sources/index.html");
    assert_eq!(texts(&page, ".letter-group__letter"), ["A", "F", "R"]);
    assert_eq!(
        hrefs(&page, ".publisher-list a"),
        ["/sources/alibaba-cloud/", "/sources/forum-example-org/", "/sources/reuters/"]
    );
    assert_eq!(texts(&page, ".publisher-list .count"), [", 1 source", ", 1 source", ", 1 source"]);
}

#[test]
fn a_publishers_page_lists_a_source_cited_by_key_once_with_every_citer_and_merges_inline_copies_of_it() {
    let site = site();
    site.built();
    let alibaba = site.page("sources/alibaba-cloud/index.html");
    assert_eq!(texts(&alibaba, "h1"), ["Alibaba Cloud"]);
    assert_eq!(texts(&alibaba, ".source__title"), ["Introducing Qwen"]);
    assert_eq!(hrefs(&alibaba, ".source__cited a"), ["/articles/story/#claim-first", "/articles/story/#claim-second"]);
    let reuters = site.page("sources/reuters/index.html");
    assert_eq!(
        texts(&reuters, ".source__title"),
        ["Alibaba launches AI model"],
        "the inline copy is the registered source"
    );
    assert_eq!(hrefs(&reuters, ".source__cited a"), ["/articles/story/#claim-first", "/glossary/qwen/"]);
    assert_eq!(hrefs(&reuters, ".source .archived").len(), 1);
    let forum = site.page("sources/forum-example-org/index.html");
    assert_eq!(texts(&forum, ".source__title"), ["A forum"]);
}

/// A site whose article marks `claims` claims, each citing `qwen-blog`, and whose registry
/// holds `extra` more entries from Alibaba Cloud, each cited by the first claim.
fn site_citing(claims: usize, extra: usize) -> Site {
    let site = Site::empty();
    site.write("content/site.yaml", "title: Registry test\nbase_url: https://example.org/\n");
    let mut registry = REGISTRY.to_string();
    let mut extra_keys = String::new();
    for n in 0..extra {
        registry.push_str(&format!(
            "extra-{n:02}:\n  title: Extra {n:02}\n  url: https://qwenlm.github.io/x/{n}\n  publisher: Alibaba Cloud\n"
        ));
        extra_keys.push_str(&format!(", extra-{n:02}"));
    }
    site.write("content/sources.yaml", &registry);
    let mut front = String::from("---\ntitle: Story\ndate: 2025-01-02\nsummary: A story.\nclaims:\n");
    let mut body = String::from("---\n");
    for n in 0..claims {
        let also = if n == 0 { extra_keys.as_str() } else { "" };
        front.push_str(&format!("  c{n}:\n    verdict: accurate\n    note: Yes.\n    sources: [qwen-blog{also}]\n"));
        body.push_str(&format!("[Claim {n}](claim:c{n}) is made.\n\n"));
    }
    site.write("content/articles/story.md", &format!("{front}{body}"));
    site.write(
        "content/glossary/qwen.md",
        "---\nterm: Qwen\nshort: A family of models.\nsources: [reuters-2023]\n---\nQwen models.\n",
    );
    site
}

#[test]
fn a_source_cited_in_many_places_shows_the_first_few_and_links_its_own_pages_listing_every_one() {
    let site = site_citing(60, 0);
    site.built();
    let publisher = site.page("sources/alibaba-cloud/index.html");
    assert_eq!(hrefs(&publisher, ".source__cited a").len(), 5, "the first five places");
    assert_eq!(hrefs(&publisher, ".source__more a"), ["/sources/alibaba-cloud/qwen-blog/"]);
    let first = site.page("sources/alibaba-cloud/qwen-blog/index.html");
    assert_eq!(texts(&first, "h1"), ["Introducing Qwen"]);
    let mut cited = hrefs(&first, ".source__cited a");
    assert_eq!(cited.len(), 50);
    assert_eq!(hrefs(&first, ".pager a[rel=next]"), ["/sources/alibaba-cloud/qwen-blog/page/2/"]);
    let second = site.page("sources/alibaba-cloud/qwen-blog/page/2/index.html");
    cited.extend(hrefs(&second, ".source__cited a"));
    let every: Vec<String> = (0..60).map(|n| format!("/articles/story/#claim-c{n}")).collect();
    assert_eq!(cited, every, "every place citing it, in the text's order, across its pages");
}

#[test]
fn a_publisher_with_many_sources_has_pages_of_them_each_listed_once() {
    let site = site_citing(1, 25);
    site.built();
    let first = site.page("sources/alibaba-cloud/index.html");
    let mut titles = texts(&first, ".source__title");
    assert_eq!(titles.len(), 20);
    assert_eq!(hrefs(&first, ".pager a[rel=next]"), ["/sources/alibaba-cloud/page/2/"]);
    let second = site.page("sources/alibaba-cloud/page/2/index.html");
    assert_eq!(texts(&second, "title")[0], "Sources from Alibaba Cloud, page 2 of 2 · Registry test");
    titles.extend(texts(&second, ".source__title"));
    let mut expected: Vec<String> = (0..25).map(|n| format!("Extra {n:02}")).collect();
    expected.push("Introducing Qwen".into());
    assert_eq!(titles, expected);
    let sitemap = site.public("sitemap.xml");
    assert!(sitemap.contains("<loc>https://example.org/sources/alibaba-cloud/</loc>"), "{sitemap}");
}

#[test]
fn publishers_whose_names_slug_alike_get_pages_of_their_own() {
    let site = site();
    let other = "reuters-uk:\n  title: Alibaba in London\n  url: https://uk.reuters.com/a\n  publisher: REUTERS\n";
    site.write("content/sources.yaml", &format!("{REGISTRY}{other}"));
    site.edit("content/glossary/qwen.md", "sources: [reuters-2023]", "sources: [reuters-2023, reuters-uk]");
    site.built();
    let index = site.page("sources/index.html");
    let links = hrefs(&index, ".publisher-list a");
    assert!(
        links.contains(&"/sources/reuters/".to_string()) && links.contains(&"/sources/reuters-2/".to_string()),
        "{links:?}"
    );
    let titles: Vec<String> = ["sources/reuters/index.html", "sources/reuters-2/index.html"]
        .iter()
        .flat_map(|rel| texts(&site.page(rel), ".source__title"))
        .collect();
    assert_eq!(titles.len(), 2, "{titles:?}");
}

#[test]
fn an_unknown_key_is_an_error_at_its_line_with_a_did_you_mean() {
    let site = site();
    site.edit("content/articles/story.md", "      - qwen-blog\n", "      - qwen-blgo\n");
    let diagnostics = check_json(&site);
    let unknown = find(&diagnostics, "unknown-source");
    assert_eq!(unknown["severity"], "error");
    assert_eq!((unknown["file"].as_str(), unknown["line"].as_u64()), (Some("content/articles/story.md"), Some(14)));
    assert_eq!(unknown["column"], 9);
    assert!(unknown["help"].as_str().unwrap().contains("`qwen-blog`"), "{unknown:#?}");
    assert!(!site.build().ok);
}

#[test]
fn a_key_cited_without_a_registry_is_an_error_saying_so() {
    let site = site();
    std::fs::remove_file(site.root().join("content/sources.yaml")).unwrap();
    let diagnostics = check_json(&site);
    let unknown = find(&diagnostics, "unknown-source");
    assert!(unknown["message"].as_str().unwrap().contains("no content/sources.yaml"), "{unknown:#?}");
}

#[test]
fn an_entry_cited_nowhere_and_a_url_under_two_keys_are_warnings_at_their_keys() {
    let site = site();
    let more = "unused:\n  title: Nobody cites this\n  url: https://e.org/unused\n\
                again:\n  title: Introducing Qwen again\n  url: https://qwenlm.github.io/blog/qwen/\n";
    site.write("content/sources.yaml", &format!("{REGISTRY}{more}"));
    let diagnostics = check_json(&site);
    let unused: Vec<&Value> = diagnostics.iter().filter(|d| d["code"] == "unused-source").collect();
    let lines: Vec<u64> = unused.iter().map(|d| d["line"].as_u64().unwrap()).collect();
    assert_eq!(lines, [12, 15], "`unused` and `again`: {diagnostics:#?}");
    let duplicate = find(&diagnostics, "duplicate-source-url");
    assert_eq!((duplicate["severity"].as_str(), duplicate["line"].as_u64()), (Some("warning"), Some(15)));
    assert!(duplicate["message"].as_str().unwrap().contains("`qwen-blog` and `again`"), "{duplicate:#?}");
    site.built();
}

#[test]
fn a_registry_entry_with_a_bad_url_or_date_is_an_error_at_its_line() {
    let site = site();
    site.write(
        "content/sources.yaml",
        &REGISTRY.replace("url: https://qwenlm.github.io/blog/qwen/", "url: qwenlm.github.io/blog/qwen/"),
    );
    let diagnostics = check_json(&site);
    let bad = find(&diagnostics, "bad-url");
    assert_eq!((bad["file"].as_str(), bad["line"].as_u64()), (Some("content/sources.yaml"), Some(3)));
    site.write("content/sources.yaml", &REGISTRY.replace("2023-09-25", "2023-02-30"));
    let diagnostics = check_json(&site);
    let bad = diagnostics.iter().find(|d| d["file"] == "content/sources.yaml").expect("a date error");
    assert_eq!((bad["severity"].as_str(), bad["line"].as_u64()), (Some("error"), Some(5)), "{bad:#?}");
}

#[test]
fn a_site_without_a_registry_cites_inline_sources_as_before() {
    let site = Site::basic();
    assert!(!site.root().join("content/sources.yaml").exists());
    site.built();
    assert!(!site.public_files("html").is_empty());
    assert!(!site.root().join("public/sources.yaml").exists(), "the registry is never copied as an asset");
}
