//! Tag and author pages, the claims index and their feeds, sitemap entries and JSON-LD, driven
//! through the binary on small sites each test writes.

mod common;

use common::{hrefs, select, texts, Site};
use scraper::Html;

/// The JSON-LD of a built page.
fn jsonld(page: &Html) -> serde_json::Value {
    let script = select(page, "script[type='application/ld+json']");
    serde_json::from_str(&script[0].text().collect::<String>()).unwrap()
}

/// A site with `paginate: 2` and the articles `(slug, date, front matter lines, body)`.
fn site_with(articles: &[(&str, &str, &str, &str)]) -> Site {
    let site = Site::empty();
    site.write("content/site.yaml", "title: \"Desk\"\nbase_url: \"https://example.org/\"\npaginate: 2\n");
    for (slug, date, front, body) in articles {
        let text =
            format!("---\ntitle: \"Title {slug}\"\ndate: {date}\nsummary: \"About {slug}.\"\n{front}---\n{body}\n");
        site.write(&format!("content/articles/{slug}.md"), &text);
    }
    site
}

/// Three articles tagged `Élections` and one `Policy`, written by two authors.
fn tagged_site() -> Site {
    site_with(&[
        ("old", "2025-01-01", "tags: [\"Élections\"]\nauthors: [\"Ana Ruiz\"]\n", "Old."),
        ("mid", "2025-02-01", "tags: [\"Élections\", Policy]\nauthors: [\"Ana Ruiz\", \"Bo Li\"]\n", "Mid."),
        ("new", "2025-03-01", "tags:\n  - \"Élections\"\n", "New."),
    ])
}

#[test]
fn the_tags_index_lists_every_tag_with_its_article_count() {
    let site = tagged_site();
    site.built();
    let index = site.page("tags/index.html");
    assert_eq!(texts(&index, ".taxonomy-list a"), ["Élections, 3 articles", "Policy, 1 article"]);
    assert_eq!(hrefs(&index, ".taxonomy-list a"), ["/tags/elections/", "/tags/policy/"]);
    assert_eq!(texts(&index, "h1"), ["Tags"]);
}

#[test]
fn a_tag_page_lists_its_articles_newest_first_paginated_like_the_home_page() {
    let site = tagged_site();
    site.built();
    let first = site.page("tags/elections/index.html");
    assert_eq!(texts(&first, ".card__title"), ["Title new", "Title mid"]);
    assert_eq!(hrefs(&first, ".pager a"), ["/tags/elections/page/2/"]);
    let second = site.page("tags/elections/page/2/index.html");
    assert_eq!(texts(&second, ".card__title"), ["Title old"]);
    assert_eq!(hrefs(&second, ".pager a"), ["/tags/elections/"]);
    assert!(!site.root().join("public/tags/elections/page/3").exists());
    assert!(site.public("tags/elections/index.html").contains("<title>Articles tagged “Élections” · Desk</title>"));
}

#[test]
fn a_tag_feed_is_atom_holding_the_tags_articles() {
    let site = tagged_site();
    site.built();
    let xml = site.public("tags/policy/atom.xml");
    let feed = roxmltree::Document::parse(&xml).unwrap_or_else(|e| panic!("not XML: {e}\n{xml}"));
    let entries: Vec<_> = feed.descendants().filter(|n| n.has_tag_name("entry")).collect();
    assert_eq!(entries.len(), 1);
    let self_link = feed.descendants().find(|n| n.has_tag_name("link") && n.attribute("rel") == Some("self"));
    assert_eq!(self_link.and_then(|n| n.attribute("href")), Some("https://example.org/tags/policy/atom.xml"));
    let titles: Vec<_> =
        entries[0].descendants().filter(|n| n.has_tag_name("title")).filter_map(|n| n.text()).collect();
    assert_eq!(titles, ["Title mid"]);
    let elections = site.public("tags/elections/atom.xml");
    assert_eq!(
        roxmltree::Document::parse(&elections).unwrap().descendants().filter(|n| n.has_tag_name("entry")).count(),
        3
    );
}

#[test]
fn articles_link_their_tags_and_authors_to_their_pages() {
    let site = tagged_site();
    site.built();
    let page = site.page("articles/mid/index.html");
    assert_eq!(hrefs(&page, ".kicker__tags a"), ["/tags/elections/", "/tags/policy/"]);
    assert_eq!(hrefs(&page, ".byline__annotation a"), ["/authors/ana-ruiz/", "/authors/bo-li/"]);
}

#[test]
fn author_pages_list_their_articles_and_json_ld_names_authors_as_persons_with_urls() {
    let site = tagged_site();
    site.built();
    let index = site.page("authors/index.html");
    assert_eq!(texts(&index, ".taxonomy-list a"), ["Ana Ruiz, 2 articles", "Bo Li, 1 article"]);
    let ana = site.page("authors/ana-ruiz/index.html");
    assert_eq!(texts(&ana, ".card__title"), ["Title mid", "Title old"]);
    let json = jsonld(&site.page("articles/mid/index.html"));
    let persons = serde_json::json!([
        {"@type": "Person", "name": "Ana Ruiz", "url": "https://example.org/authors/ana-ruiz/"},
        {"@type": "Person", "name": "Bo Li", "url": "https://example.org/authors/bo-li/"},
    ]);
    assert_eq!(json["@graph"][0]["author"], persons);
}

#[test]
fn two_tags_with_one_slug_are_an_error_at_both_places() {
    let site = site_with(&[
        ("a", "2025-01-01", "tags: [AI, news]\n", "A."),
        ("b", "2025-02-01", "tags:\n  - news\n  - ai\n", "B."),
    ]);
    let run = site.glosa(&["check"]);
    assert_eq!(run.code, Some(1), "{}", run.output());
    let out = run.output();
    assert!(out.contains("error[tag-collision]: the tag `AI` has the same URL /tags/ai/ as `ai`"), "{out}");
    assert!(out.contains("content/articles/a.md:5:8"), "{out}");
    assert!(out.contains("content/articles/b.md:7:5"), "{out}");
    // `news`, written the same way in both, is no collision.
    assert_eq!(out.matches("error[tag-collision]").count(), 2, "{out}");
    assert!(!out.contains("`news`"), "{out}");
}

#[test]
fn two_authors_with_one_slug_are_an_error_at_both_places() {
    let site = site_with(&[
        ("a", "2025-01-01", "authors: [\"José Díaz\"]\n", "A."),
        ("b", "2025-02-01", "authors: [\"Jose Diaz\"]\n", "B."),
    ]);
    let out = site.glosa(&["check"]).output();
    assert_eq!(out.matches("error[author-collision]").count(), 2, "{out}");
    assert!(out.contains("content/articles/a.md:5") && out.contains("content/articles/b.md:5"), "{out}");
}

#[test]
fn a_tag_too_long_for_a_folder_name_is_an_error_at_its_place_and_the_build_writes_nothing() {
    let long = "word".repeat(70);
    let site = site_with(&[("a", "2025-01-01", &format!("tags: [news, {long}]\n"), "A.")]);
    let run = site.glosa(&["build"]);
    assert_eq!(run.code, Some(1), "{}", run.output());
    let out = run.output();
    assert!(out.contains(&format!("error[bad-name]: the tag `{long}` is too long for a URL")), "{out}");
    assert!(out.contains("content/articles/a.md:5:14"), "{out}");
    assert!(!out.contains("File name too long"), "the file system is never asked: {out}");
    assert!(!site.root().join("public").exists(), "{out}");
}

/// Two articles with claims of several verdicts.
fn claims_site() -> Site {
    site_with(&[
        (
            "first",
            "2025-01-01",
            "claims:\n  a:\n    verdict: accurate\n  b:\n    verdict: inaccurate\n",
            "[Sky is blue](claim:a) and [pigs fly](claim:b).",
        ),
        ("second", "2025-02-01", "claims:\n  c:\n    verdict: misleading\n", "[Most people agree](claim:c)."),
        ("none", "2025-03-01", "", "No claims here."),
    ])
}

#[test]
fn the_claims_index_lists_every_claim_newest_article_first_with_verdict_and_link() {
    let site = claims_site();
    site.built();
    let index = site.page("claims/index.html");
    assert_eq!(texts(&index, ".claim-index__excerpt"), ["Most people agree", "Sky is blue", "pigs fly"]);
    assert_eq!(
        hrefs(&index, ".claim-index__excerpt a"),
        ["/articles/second/#claim-c", "/articles/first/#claim-a", "/articles/first/#claim-b"]
    );
    assert_eq!(texts(&index, ".claim-index__verdict .verdict"), ["! Misleading", "✓ Accurate", "✗ Inaccurate"]);
    assert_eq!(texts(&index, ".claim-index__article a"), ["Title second", "Title first", "Title first"]);
    // The article's own claim span has the anchor the index links to.
    assert_eq!(select(&site.page("articles/first/index.html"), "#claim-b.claim--inaccurate").len(), 1);
}

#[test]
fn verdict_pages_filter_the_claims_and_the_index_links_them_with_counts() {
    let site = claims_site();
    site.built();
    let index = site.page("claims/index.html");
    let filters = texts(&index, ".claim-filters a");
    assert_eq!(filters[0], "All claims, 3 claims");
    assert!(
        filters.contains(&"✓ Accurate, 1 claim".to_string()) && filters.contains(&"◷ Outdated, 0 claims".to_string()),
        "{filters:?}"
    );
    assert_eq!(hrefs(&index, ".claim-filters a[aria-current]"), ["/claims/"]);
    let inaccurate = site.page("claims/inaccurate/index.html");
    assert_eq!(texts(&inaccurate, ".claim-index__excerpt"), ["pigs fly"]);
    assert_eq!(hrefs(&inaccurate, ".claim-filters a[aria-current]"), ["/claims/inaccurate/"]);
    let outdated = site.page("claims/outdated/index.html");
    assert!(select(&outdated, ".claim-index__item").is_empty());
}

#[test]
fn the_claims_pages_are_json_ld_item_lists_of_claim_reviews() {
    let site = claims_site();
    site.built();
    let json = jsonld(&site.page("claims/index.html"));
    assert_eq!(json["@type"], "ItemList");
    let items = json["itemListElement"].as_array().unwrap();
    assert_eq!(items.len(), 3);
    assert_eq!(items[0]["position"], 1);
    assert_eq!(items[0]["item"]["@type"], "ClaimReview");
    assert_eq!(items[0]["item"]["url"], "https://example.org/articles/second/#claim-c");
    assert_eq!(items[0]["item"]["claimReviewed"], "Most people agree");
    assert_eq!(items[0]["item"]["reviewRating"]["alternateName"], "Misleading");
    let accurate = jsonld(&site.page("claims/accurate/index.html"));
    assert_eq!(accurate["itemListElement"].as_array().unwrap().len(), 1);
}

#[test]
fn the_claims_index_is_paged_by_articles() {
    let site = site_with(&[
        ("a", "2025-01-01", "claims:\n  x:\n    verdict: accurate\n", "[One](claim:x)."),
        ("b", "2025-02-01", "claims:\n  x:\n    verdict: accurate\n", "[Two](claim:x)."),
        ("c", "2025-03-01", "claims:\n  x:\n    verdict: accurate\n", "[Three](claim:x)."),
    ]);
    site.built();
    assert_eq!(texts(&site.page("claims/index.html"), ".claim-index__excerpt"), ["Three", "Two"]);
    let second = site.page("claims/page/2/index.html");
    assert_eq!(texts(&second, ".claim-index__excerpt"), ["One"]);
    assert_eq!(hrefs(&second, ".pager a"), ["/claims/"]);
    assert!(site.root().join("public/claims/accurate/page/2/index.html").is_file());
}

#[test]
fn the_sitemap_lists_the_tag_author_and_claims_pages() {
    let site = tagged_site();
    site.built();
    let sitemap = site.public("sitemap.xml");
    let doc = roxmltree::Document::parse(&sitemap).unwrap();
    let locs: Vec<&str> = doc.descendants().filter(|n| n.has_tag_name("loc")).filter_map(|n| n.text()).collect();
    for page in [
        "tags/",
        "tags/elections/",
        "tags/policy/",
        "authors/",
        "authors/ana-ruiz/",
        "authors/bo-li/",
        "claims/",
        "claims/accurate/",
        "claims/outdated/",
    ] {
        assert!(locs.contains(&format!("https://example.org/{page}").as_str()), "{page} missing: {locs:?}");
    }
    assert!(!locs.iter().any(|loc| loc.contains("/page/")), "{locs:?}");
}

#[test]
fn a_page_may_not_take_the_slug_of_the_tags_authors_or_claims_section() {
    let site = tagged_site();
    site.write("content/pages/tags.md", "---\ntitle: \"Tags\"\n---\nMine.\n");
    let out = site.build().output();
    assert!(out.contains("error[duplicate-slug]") && out.contains("/tags/"), "{out}");
}

/// An article checking a claim, and another citing it.
fn citing_site(citation: &str) -> Site {
    site_with(&[
        (
            "checked",
            "2025-01-01",
            "claims:\n  sky-blue:\n    verdict: misleading\n",
            "[The sky is blue](claim:sky-blue).",
        ),
        ("citing", "2025-02-01", "", &format!("Intro.\n\nAs we said, [the sky is blue]({citation}).")),
    ])
}

#[test]
fn a_claim_cited_from_another_article_shows_its_verdict_and_links_to_it() {
    let site = citing_site("claim:checked/sky-blue");
    site.built();
    let page = site.page("articles/citing/index.html");
    let cited = select(&page, ".article__body .claim--cited");
    assert_eq!(cited.len(), 1);
    assert!(cited[0].value().classes().any(|c| c == "claim--misleading"), "{}", cited[0].html());
    assert_eq!(hrefs(&page, ".claim--cited a"), ["/articles/checked/#claim-sky-blue"]);
    let label = texts(&page, ".claim--cited .claim__verdict");
    assert_eq!(label, ["! Misleading, as checked in “Title checked”"]);
    // The citing article checks nothing itself: the claims index lists the claim once.
    assert!(select(&page, "#claim-sky-blue").is_empty());
    assert_eq!(texts(&site.page("claims/index.html"), ".claim-index__excerpt"), ["The sky is blue"]);
}

#[test]
fn citing_an_unknown_article_is_an_error_at_its_line_with_the_closest_article() {
    let site = citing_site("claim:chekced/sky-blue");
    let out = site.glosa(&["check"]).output();
    assert!(out.contains("error[unknown-claim]: no article `chekced` to cite the claim `sky-blue` from"), "{out}");
    assert!(out.contains("content/articles/citing.md:8:13"), "{out}");
    assert!(out.contains("did you mean `claim:checked/sky-blue`?"), "{out}");
}

#[test]
fn citing_an_unknown_claim_of_an_article_is_an_error_with_the_closest_id() {
    let site = citing_site("claim:checked/sky-blu");
    let out = site.glosa(&["check"]).output();
    assert!(out.contains("error[unknown-claim]: unknown claim id `sky-blu` in the article `checked`"), "{out}");
    assert!(out.contains("content/articles/citing.md:8"), "{out}");
    assert!(out.contains("did you mean `claim:checked/sky-blue`?"), "{out}");
}

#[test]
fn an_author_bio_adds_its_text_and_links_to_the_author_page_and_json_ld() {
    let site = tagged_site();
    site.write(
        "content/authors/ana-ruiz.md",
        "---\nname: \"Ana Ruiz\"\nurl: \"https://ana.example/\"\nlinks:\n  - {title: \"Newsletter\", url: \"https://news.example/ana\"}\n---\nAna covers *elections*.\n",
    );
    site.built();
    let page = site.page("authors/ana-ruiz/index.html");
    assert_eq!(texts(&page, ".taxon__bio"), ["Ana covers elections."]);
    assert_eq!(hrefs(&page, ".taxon__links a"), ["https://ana.example/", "https://news.example/ana"]);
    let json = jsonld(&site.page("articles/old/index.html"));
    assert_eq!(
        json["@graph"][0]["author"][0]["sameAs"],
        serde_json::json!(["https://ana.example/", "https://news.example/ana"])
    );
    // Bo Li has no bio: a page all the same, without one.
    assert!(select(&site.page("authors/bo-li/index.html"), ".taxon__bio").is_empty());
}

#[test]
fn a_bio_no_article_names_is_a_warning_and_a_bio_link_must_be_a_web_address() {
    let site = tagged_site();
    site.write("content/authors/nobody.md", "---\nname: \"No Body\"\n---\nHi.\n");
    let out = site.built().output();
    assert!(out.contains("warning[unused-author]: no article lists the author `nobody` of this bio"), "{out}");
    site.write("content/authors/ana-ruiz.md", "---\nname: \"Ana Ruiz\"\nurl: \"javascript:alert(1)\"\n---\nHi.\n");
    let out = site.build().output();
    assert!(out.contains("error[bad-url]") && out.contains("content/authors/ana-ruiz.md:3"), "{out}");
}
