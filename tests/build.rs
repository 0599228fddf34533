//! Integration tests of `glosa build`: fixture sites built by the real binary, output read with
//! a real HTML parser. One test per syntax feature, per error kind, and per guarantee.

mod common;

use common::{select, Site};
use std::path::{Path, PathBuf};

fn text(element: &scraper::ElementRef) -> String {
    element.text().collect::<String>()
}

fn all_files(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files: Vec<(PathBuf, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| (e.path().strip_prefix(dir).unwrap().to_path_buf(), std::fs::read(e.path()).unwrap()))
        .collect();
    files.sort();
    files
}

// ---- syntax features -------------------------------------------------------------------------

#[test]
fn summary_line_counts_articles_terms_and_pages() {
    let site = Site::basic();
    let run = site.built();
    assert!(run.stdout.starts_with("built 2 articles, 3 terms, "), "{}", run.stdout);
    assert!(run.stdout.trim_end().ends_with(" ms"));
}

#[test]
fn wikilink_renders_a_popover_button_with_definition_and_page_link() {
    let site = Site::basic();
    site.built();
    let page = site.page("articles/story/index.html");
    let button = select(&page, "button.term[popovertarget]").into_iter().find(|b| text(b) == "knowledge distillation");
    let button = button.expect("explicit wikilink rendered as a term button");
    let target = button.value().attr("popovertarget").unwrap();
    let popover = select(&page, &format!("#{target}[popover]"));
    assert_eq!(popover.len(), 1);
    assert!(text(&popover[0]).contains("Training a small model to copy a big one."));
    let link = select(&page, &format!("#{target} a"))[0].value().attr("href").unwrap().to_string();
    assert_eq!(link, "/glossary/distillation/");
}

#[test]
fn first_mentions_are_autolinked_once_with_inflections_but_not_in_headings_or_code() {
    let site = Site::basic();
    site.built();
    let page = site.page("articles/story/index.html");
    let terms: Vec<String> = select(&page, "#body button.term").iter().map(text).collect();
    assert_eq!(terms, vec!["distilled", "Qwen", "parameters", "knowledge distillation"]);
    assert!(select(&page, "#body h3 button, #body pre button").is_empty());
}

#[test]
fn the_first_mention_is_linked_though_an_explicit_link_follows() {
    let site = Site::basic();
    site.built();
    let page = site.page("articles/story/index.html");
    let buttons: Vec<String> = select(&page, "#body button.term[id^='term-distillation-']").iter().map(text).collect();
    assert_eq!(buttons, ["distilled", "knowledge distillation"], "the first mention, then the explicit link");
}

#[test]
fn autolink_false_in_front_matter_switches_automatic_links_off() {
    let site = Site::basic();
    let story = std::fs::read_to_string(site.root().join("content/articles/story.md")).unwrap();
    site.write("content/articles/story.md", &story.replacen("tags: [ai]", "tags: [ai]\nautolink: false", 1));
    site.built();
    let terms: Vec<String> =
        select(&site.page("articles/story/index.html"), "#body button.term").iter().map(text).collect();
    assert_eq!(terms, vec!["knowledge distillation"]);
}

#[test]
fn footnotes_become_numbered_sidenotes_and_structured_notes() {
    let site = Site::basic();
    site.built();
    let page = site.page("articles/story/index.html");
    let note = &select(&page, "#body span.sidenote#note-1")[0];
    assert!(text(note).contains("Joe Tsai is Alibaba"));
    assert_eq!(select(&page, "#body label.sidenote-toggle[for=sn-1]").len(), 1);
    assert_eq!(select(&page, "#body input#sn-1[type=checkbox]").len(), 1);
    assert_eq!(select(&page, "#notes li").len(), 1);
}

#[test]
fn claim_span_shows_verdict_in_words_with_note_and_sources() {
    let site = Site::basic();
    site.built();
    let page = site.page("articles/story/index.html");
    let span = &select(&page, "#body span.claim.claim--inaccurate#claim-qwen-date")[0];
    assert!(text(span).contains("In May, Alibaba launched Qwen2.5"));
    assert!(text(span).contains("Inaccurate"));
    let pop = &select(&page, "#claim-qwen-date-pop[popover]")[0];
    assert!(text(pop).contains("It came out in September."));
    assert_eq!(
        select(&page, "#claim-qwen-date-pop a")[0].value().attr("href"),
        Some("https://qwenlm.github.io/blog/qwen2.5/")
    );
    let summary = &select(&page, "#claims li.inaccurate")[0];
    assert!(text(summary).contains("In May, Alibaba launched Qwen2.5"));
    assert_eq!(select(&page, "#claims li a")[0].value().attr("href"), Some("#claim-qwen-date"));
}

#[test]
fn attributed_blockquote_becomes_figure_with_caption() {
    let site = Site::basic();
    site.built();
    let page = site.page("articles/story/index.html");
    let caption = &select(&page, "figure.quote > figcaption")[0];
    assert_eq!(text(caption), "— Joe Tsai, Alibaba");
    assert_eq!(text(&select(&page, "figure.quote > blockquote")[0]).trim(), "They chose us.");
}

#[test]
fn gfm_alert_becomes_a_labelled_callout() {
    let site = Site::basic();
    site.built();
    let page = site.page("articles/story/index.html");
    let callout = &select(&page, "div.callout.callout--note[role=note]")[0];
    assert!(text(callout).starts_with("Note"));
    assert!(text(callout).contains("A callout."));
}

#[test]
fn fenced_code_is_highlighted_with_classes() {
    let site = Site::basic();
    site.built();
    let page = site.page("articles/story/index.html");
    let pre = &select(&page, "pre.code[data-lang=rust]")[0];
    assert!(!select(&page, "pre.code span[class^=hl-]").is_empty());
    assert!(text(pre).contains("fn qwen() -> u32 { 1 }"));
}

#[test]
fn tables_strikethrough_definition_lists_smart_punctuation_and_heading_ids_are_on() {
    let site = Site::basic();
    site.built();
    let page = site.page("articles/story/index.html");
    assert_eq!(select(&page, "#body table td del").len(), 1);
    assert_eq!(select(&page, "#body dl dt").len(), 1);
    assert!(text(&select(&page, "#body table")[0]).contains("“new”"));
    assert_eq!(select(&page, "#body h2#bg").len(), 1);
    assert_eq!(select(&page, "#body h3#code").len(), 1);
    let toc: Vec<_> = select(&page, "#toc a").iter().map(|a| a.value().attr("href").unwrap().to_string()).collect();
    assert_eq!(toc, vec!["#bg", "#code"]);
}

#[test]
fn term_page_lists_mentions_with_context_and_links_to_the_exact_mention() {
    let site = Site::basic();
    site.built();
    let page = site.page("glossary/qwen/index.html");
    let mention = &select(&page, "#mentions li")[0];
    assert!(text(mention).contains("The researchers distilled a big model into Qwen."));
    let href = select(&page, "#mentions a")[0].value().attr("href").unwrap().to_string();
    assert_eq!(href, "/articles/story/#term-qwen-1");
    let article = site.page("articles/story/index.html");
    assert_eq!(select(&article, "#term-qwen-1").len(), 1);
    let see_also = site.page("glossary/distillation/index.html");
    assert_eq!(text(&select(&see_also, "#see-also a")[0]), "Parameter");
}

#[test]
fn glossary_index_groups_terms_by_letter_with_counts() {
    let site = Site::basic();
    site.built();
    let page = site.page("glossary/index.html");
    let letters: Vec<String> = select(&page, "main h2").iter().map(text).collect();
    assert_eq!(letters, vec!["K", "P", "Q"]);
    assert_eq!(select(&page, "h2#letter-k").len(), 1);
    assert!(text(&select(&page, "main li")[0]).contains("Training a small model"));
}

#[test]
fn home_lists_articles_newest_first_with_verdict_counts() {
    let site = Site::basic();
    site.built();
    let page = site.page("index.html");
    let titles: Vec<String> = select(&page, "#articles a").iter().map(text).collect();
    assert_eq!(titles, vec!["The story", "An older story"]);
    assert_eq!(text(&select(&page, ".verdict-inaccurate")[0]), "1 Inaccurate");
}

#[test]
fn home_pages_list_paginate_articles_each_and_link_newer_and_older_pages() {
    let site = Site::basic();
    let config = std::fs::read_to_string(site.root().join("content/site.yaml")).unwrap();
    let config = config.replace("theme: \"plain\"", "theme: \"default\"\npaginate: 1");
    site.write("content/site.yaml", &config);
    site.built();
    let first = site.page("index.html");
    let titles: Vec<String> = select(&first, ".card__title a").iter().map(text).collect();
    assert_eq!(titles, ["The story"], "the newest article first, one to a page");
    assert_eq!(select(&first, "a[rel=next]")[0].value().attr("href"), Some("/page/2/"));
    assert!(select(&first, "a[rel=prev]").is_empty());
    let second = site.page("page/2/index.html");
    let titles: Vec<String> = select(&second, ".card__title a").iter().map(text).collect();
    assert_eq!(titles, ["An older story"]);
    assert_eq!(select(&second, "a[rel=prev]")[0].value().attr("href"), Some("/"));
    assert!(select(&second, "a[rel=next]").is_empty(), "the last page links no older one");
    assert!(text(&select(&second, "title")[0]).starts_with("Annotated articles, page 2 of 2"));
    assert_eq!(select(&second, "link[rel=canonical]")[0].value().attr("href"), Some("https://example.org/page/2/"));
    assert!(select(&second, ".home__intro, .home__terms").is_empty(), "the intro and key terms are on page 1 only");
    assert!(!site.root().join("public/page/1").exists() && !site.root().join("public/page/3").exists());

    site.write("content/site.yaml", &config.replace("paginate: 1", "paginate: 0"));
    site.built();
    assert_eq!(select(&site.page("index.html"), ".card__title a").len(), 2, "paginate: 0 lists all on one page");
    assert!(select(&site.page("index.html"), ".pager").is_empty());
    assert!(!site.root().join("public/page").exists(), "the pages of the previous build are gone");
}

#[test]
fn the_feed_holds_the_feed_limit_articles_updated_last_so_old_corrections_reach_it() {
    let site = Site::basic();
    let config = std::fs::read_to_string(site.root().join("content/site.yaml")).unwrap();
    site.write("content/site.yaml", &format!("{config}feed_limit: 1\n"));
    let entries = |site: &Site| {
        let feed = site.public("atom.xml");
        let doc = roxmltree::Document::parse(&feed).unwrap();
        let titles = doc.descendants().filter(|n| n.has_tag_name("entry"));
        titles
            .map(|e| e.children().find(|c| c.has_tag_name("title")).unwrap().text().unwrap().to_string())
            .collect::<Vec<_>>()
    };
    site.built();
    assert_eq!(entries(&site), ["The story"], "the newest article");
    let older = std::fs::read_to_string(site.root().join("content/articles/older.md")).unwrap();
    site.write(
        "content/articles/older.md",
        &older.replace("date: 2024-01-01", "date: 2024-01-01\nupdated: 2025-05-01"),
    );
    site.built();
    assert_eq!(entries(&site), ["An older story"], "an old article updated since comes first");
    site.write("content/site.yaml", &format!("{config}feed_limit: 0\n"));
    site.built();
    assert_eq!(entries(&site), ["The story", "An older story"], "0 lists every article");
}

#[test]
fn a_term_page_lists_the_mentions_of_the_term_mentions_newest_articles_and_counts_all() {
    let site = Site::basic();
    let config = std::fs::read_to_string(site.root().join("content/site.yaml")).unwrap();
    let config = config.replace("theme: \"plain\"", "theme: \"default\"");
    common::write_file(
        site.root(),
        "content/articles/newer.md",
        "---\ntitle: \"Newer\"\ndate: 2025-06-01\n---\nQwen again.\n",
    );
    site.write("content/site.yaml", &format!("{config}term_mentions: 1\n"));
    site.built();
    let page = site.page("glossary/qwen/index.html");
    let articles: Vec<String> = select(&page, ".mention__article").iter().map(text).collect();
    assert_eq!(articles, ["Newer"], "only the newest article's mentions");
    let count = text(&select(&page, ".mentions__count")[0]);
    assert!(count.starts_with("2 articles mention Qwen; the 1 newest"), "{count}");
    site.write("content/site.yaml", &format!("{config}term_mentions: 0\n"));
    site.built();
    let page = site.page("glossary/qwen/index.html");
    assert_eq!(select(&page, ".mention__article").len(), 2, "0 lists every article");
    assert!(select(&page, ".mentions__count").is_empty());
}

#[test]
fn drafts_are_built_only_with_the_drafts_flag() {
    let site = Site::basic();
    site.built();
    assert!(!site.root().join("public/articles/secret/index.html").exists());
    assert!(site.glosa(&["build", "--drafts"]).ok);
    assert!(site.root().join("public/articles/secret/index.html").exists());
}

#[test]
fn pages_404_sitemap_feed_and_search_index_are_written() {
    let site = Site::basic();
    site.built();
    assert!(site.public("404.html").contains("Not found"));
    assert!(site.public("about/index.html").contains("We check claims."));
    let sitemap = site.public("sitemap.xml");
    assert!(sitemap.contains("<url><loc>https://example.org/articles/story/</loc><lastmod>2025-02-14</lastmod></url>"));
    assert!(sitemap.contains("<url><loc>https://example.org/</loc><lastmod>2025-02-14</lastmod></url>"), "newest");
    assert!(sitemap.contains("<url><loc>https://example.org/glossary/qwen/</loc></url>"));
    assert!(!sitemap.contains("404") && !sitemap.contains("sitemapindex"));
    let feed = site.public("atom.xml");
    assert!(feed.contains("<link href=\"https://example.org/articles/story/\"/>"));
    assert!(feed.contains("Correction (2025-03-01)"), "corrections are in the feed");
    let (_, docs) = common::search_index(&site.root().join("public"));
    assert!(docs.iter().any(|d| d["t"] == "Knowledge distillation"));
}

/// The ids of a shard's list, written as differences from the previous id.
fn search_ids(deltas: &serde_json::Value) -> Vec<u64> {
    let mut id = 0;
    deltas
        .as_array()
        .unwrap()
        .iter()
        .map(|delta| {
            id += delta.as_u64().unwrap();
            id
        })
        .collect()
}

#[test]
fn search_shards_partition_the_words_and_the_manifest_names_every_shard() {
    let site = Site::basic();
    site.built();
    let public = site.root().join("public");
    let (manifest, docs) = common::search_index(&public);
    assert_eq!(manifest["docs"].as_u64().unwrap() as usize, docs.len());
    assert!(docs.iter().any(|d| d["k"] == "term") && docs.iter().any(|d| d["k"] == "article"));
    let shards = manifest["shards"].as_object().unwrap();
    let on_disk: std::collections::BTreeSet<String> = std::fs::read_dir(public.join("search/w"))
        .unwrap()
        .map(|entry| format!("w/{}", entry.unwrap().file_name().to_string_lossy()))
        .collect();
    let named: std::collections::BTreeSet<String> =
        shards.values().map(|file| file.as_str().unwrap().to_string()).collect();
    assert_eq!(named, on_disk, "the manifest names every shard file, and only those");
    let mut seen_words = std::collections::BTreeSet::new();
    let mut found_docs = std::collections::BTreeSet::new();
    for (key, file) in shards {
        let shard: serde_json::Value =
            serde_json::from_str(&site.public(&format!("search/{}", file.as_str().unwrap()))).unwrap();
        for (word, lists) in shard["words"].as_object().unwrap() {
            let prefix: String = word.chars().take(2).collect();
            assert_eq!(&prefix, key, "{word} is in the shard of its first two letters");
            assert!(seen_words.insert(word.clone()), "{word} is in one shard only");
            for id in search_ids(&lists[0]).into_iter().chain(search_ids(&lists[1])) {
                assert!((id as usize) < docs.len(), "{word} points at document {id} of {}", docs.len());
                found_docs.insert(id as usize);
            }
        }
    }
    assert_eq!(found_docs.len(), docs.len(), "every document is found by some word");
    let shard: serde_json::Value =
        serde_json::from_str(&site.public(&format!("search/{}", shards["di"].as_str().unwrap()))).unwrap();
    let titled: Vec<&str> = search_ids(&shard["words"]["distillation"][0])
        .iter()
        .map(|&id| docs[id as usize]["t"].as_str().unwrap())
        .collect();
    assert!(titled.contains(&"Knowledge distillation"), "{titled:?}");
}

#[test]
fn sources_pages_group_by_publisher_and_link_back() {
    let site = Site::basic();
    site.built();
    let page = site.page("sources/index.html");
    let publishers: Vec<String> = select(&page, "main a.publisher").iter().map(text).collect();
    assert_eq!(publishers, vec!["arxiv.org", "qwenlm.github.io"]);
    let mut cites = Vec::new();
    for publisher in select(&page, "main a.publisher") {
        let path = publisher.value().attr("href").unwrap().trim_start_matches('/');
        let publisher = site.page(&format!("{path}index.html"));
        cites.extend(select(&publisher, "a.cite").iter().map(|a| a.value().attr("href").unwrap().to_string()));
    }
    assert!(
        cites.contains(&"/articles/story/#claim-qwen-date".into()) && cites.contains(&"/glossary/distillation/".into())
    );
}

#[test]
fn json_ld_describes_the_article_and_its_claim_reviews() {
    let site = Site::basic();
    site.built();
    let page = site.page("articles/story/index.html");
    let script = text(&select(&page, "script[type='application/ld+json']")[0]);
    let json: serde_json::Value = serde_json::from_str(&script).unwrap();
    let graph = json["@graph"].as_array().unwrap();
    assert_eq!(graph[0]["@type"], "NewsArticle");
    assert_eq!(graph[1]["@type"], "ClaimReview");
    assert_eq!(graph[1]["reviewRating"]["alternateName"], "Inaccurate");
}

#[test]
fn the_originals_byline_is_shown_with_its_source_and_is_the_reviewed_items_author() {
    let site = Site::basic();
    let config = std::fs::read_to_string(site.root().join("content/site.yaml")).unwrap();
    let config = config.replace("theme: \"plain\"", "theme: \"default\"");
    site.write("content/site.yaml", &config);
    let story = std::fs::read_to_string(site.root().join("content/articles/story.md")).unwrap();
    let url = "  url: \"https://asiatimes.com/x\"\n";
    site.write(
        "content/articles/story.md",
        &story.replace(url, &format!("{url}  author: \"Yong Jian, Technology Editor\"\n")),
    );
    site.build();
    let page = site.page("articles/story/index.html");
    let source = text(&select(&page, ".byline__source")[0]);
    assert_eq!(
        source.split_whitespace().collect::<Vec<_>>().join(" "),
        "Original article: Asia Times, by Yong Jian, Technology Editor, 15 February 2025"
    );
    let annotators = text(&select(&page, ".byline__annotation")[0]);
    assert!(annotators.contains("Desk") && !annotators.contains("Yong Jian"), "{annotators}");
    let json: serde_json::Value =
        serde_json::from_str(&text(&select(&page, "script[type='application/ld+json']")[0])).unwrap();
    let writer = serde_json::json!([{"@type": "Person", "name": "Yong Jian", "jobTitle": "Technology Editor"}]);
    assert_eq!(json["@graph"][0]["isBasedOn"]["author"], writer);
    assert_eq!(json["@graph"][1]["itemReviewed"]["author"], writer);
    let annotator =
        serde_json::json!([{"@type": "Person", "name": "Desk", "url": "https://example.org/authors/desk/"}]);
    assert_eq!(json["@graph"][0]["author"], annotator);
}

#[test]
fn author_text_is_escaped_in_html_and_attributes() {
    let site = Site::basic();
    site.built();
    let home = site.public("index.html");
    assert!(home.contains("<title>Fixture &lt;Explainer&gt;</title>"));
}

#[test]
fn css_and_js_assets_are_fingerprinted_and_referenced() {
    let site = Site::basic();
    site.built();
    let page = site.page("index.html");
    let href = select(&page, "link[rel=stylesheet]")[0].value().attr("href").unwrap().to_string();
    assert!(href.starts_with("/style.") && href.ends_with(".css"), "{href}");
    assert!(site.root().join("public").join(href.trim_start_matches('/')).is_file());
}

// ---- guarantees ------------------------------------------------------------------------------

#[test]
fn two_builds_of_the_same_input_are_byte_identical() {
    let site = Site::basic();
    site.built();
    let first = all_files(&site.root().join("public"));
    site.built();
    assert_eq!(first, all_files(&site.root().join("public")));
}

#[test]
fn failed_build_leaves_the_previous_output_untouched() {
    let site = Site::basic();
    site.built();
    let before = all_files(&site.root().join("public"));
    site.write("content/articles/broken.md", "---\ntitle: x\ndate: 2025-01-01\n---\n[[nope]]\n");
    let run = site.glosa(&["build"]);
    assert_eq!(run.code, Some(1));
    assert_eq!(before, all_files(&site.root().join("public")));
    let leftovers: Vec<_> = std::fs::read_dir(site.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("glosa-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn stale_files_from_a_previous_build_are_removed() {
    let site = Site::basic();
    site.built();
    std::fs::remove_file(site.root().join("content/articles/older.md")).unwrap();
    site.built();
    assert!(!site.root().join("public/articles/older").exists());
}

#[test]
fn base_url_with_a_subpath_prefixes_every_internal_link() {
    let site = Site::basic();
    assert!(site.glosa(&["build", "--base-url", "https://user.github.io/repo"]).ok);
    let page = site.page("articles/story/index.html");
    for element in select(&page, "a[href^='/'], link[href^='/']") {
        let href = element.value().attr("href").unwrap();
        assert!(href.starts_with("/repo/"), "{href} misses the base path");
    }
    assert_eq!(
        select(&page, "link[rel=canonical]")[0].value().attr("href"),
        Some("https://user.github.io/repo/articles/story/")
    );
    assert!(site.public("sitemap.xml").contains("<loc>https://user.github.io/repo/glossary/</loc>"));
    assert!(site.public("index.html").contains("href=\"/repo/articles/story/\""));
}

#[test]
fn out_folder_may_not_be_the_site_root_or_hold_content() {
    let site = Site::basic();
    for out in [".", "content/..", "content/x", "/"] {
        let run = site.glosa(&["build", "--out", out]);
        assert_eq!(run.code, Some(1), "--out {out}");
        assert!(run.stderr.contains("refusing"), "{}", run.stderr);
    }
    assert!(site.root().join("content/site.yaml").exists());
}

#[test]
fn out_and_root_flags_choose_the_folders() {
    let site = Site::basic();
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("site");
    common::glosa(&["build", "--root", site.root().to_str().unwrap(), "--out", target.to_str().unwrap()]).assert_ok();
    assert!(target.join("articles/story/index.html").is_file());
}

// ---- errors ----------------------------------------------------------------------------------

fn failing_build(site: &Site) -> String {
    let run = site.glosa(&["build"]);
    assert_eq!(run.code, Some(1), "expected a failed build, got:\n{}{}", run.stdout, run.stderr);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    run.stderr
}

/// The errors `glosa check --format json` reports for `site`, parsed.
fn check_errors(site: &Site) -> Vec<serde_json::Value> {
    let run = site.glosa(&["check", "--format", "json"]);
    assert_eq!(run.code, Some(1), "expected errors, got:\n{}{}", run.stdout, run.stderr);
    let all: Vec<serde_json::Value> =
        serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}:\n{}", run.stdout));
    all.into_iter().filter(|d| d["severity"] == "error").collect()
}

fn article(front: &str, body: &str) -> String {
    format!("---\ntitle: \"T\"\ndate: 2025-01-01\nsummary: \"S\"\n{front}---\n{body}")
}

#[test]
fn unknown_term_error_names_file_line_column_and_did_you_mean() {
    let site = Site::basic();
    site.write("content/articles/bad.md", &article("", "First line.\n\nSee [[distilation]] here.\n"));
    let err = failing_build(&site);
    assert!(err.contains("error[unknown-term]: unknown glossary term `distilation`"), "{err}");
    assert!(err.contains("--> content/articles/bad.md:8:5"), "{err}");
    assert!(err.contains("8 | See [[distilation]] here."), "{err}");
    assert!(err.contains("|     ^^^^^^^^^^^^^^^"), "{err}");
    assert!(err.contains("help: did you mean `[[distillation]]`?"), "{err}");
}

#[test]
fn unknown_claim_id_is_an_error_with_did_you_mean() {
    let site = Site::basic();
    let story = std::fs::read_to_string(site.root().join("content/articles/story.md")).unwrap();
    site.write("content/articles/story.md", &story.replace("(claim:qwen-date)", "(claim:qwen-dat)"));
    let err = failing_build(&site);
    assert!(err.contains("error[unknown-claim]: unknown claim id `qwen-dat`"), "{err}");
    assert!(err.contains("help: did you mean `claim:qwen-date`?"), "{err}");
    assert!(err.contains("error[unused-claim]"), "the checked claim is now unused: {err}");
}

#[test]
fn bad_verdict_is_an_error_at_its_line() {
    let site = Site::basic();
    site.write("content/articles/bad.md", &article("claims:\n  c:\n    verdict: wrong\n", "[x](claim:c)\n"));
    let err = failing_build(&site);
    assert!(err.contains("error[bad-verdict]"), "{err}");
    assert!(err.contains("--> content/articles/bad.md:7:"), "{err}");
}

#[test]
fn unknown_front_matter_key_is_an_error_with_did_you_mean() {
    let site = Site::basic();
    site.write("content/articles/bad.md", &article("sumary: \"typo\"\n", "x\n"));
    let err = failing_build(&site);
    assert!(err.contains("error[unknown-field]: front matter: unknown field `sumary`"), "{err}");
    assert!(err.contains("--> content/articles/bad.md:5:1"), "{err}");
    assert!(err.contains("help: did you mean `summary`?"), "{err}");
}

#[test]
fn a_missing_theme_is_an_error_at_the_theme_value_with_did_you_mean() {
    let site = Site::basic();
    let config = std::fs::read_to_string(site.root().join("content/site.yaml")).unwrap();
    site.write("content/site.yaml", &config.replace("theme: \"plain\"", "theme: \"plian\""));
    let errors = check_errors(&site);
    let [error] = errors.as_slice() else { panic!("one error expected: {errors:#?}") };
    assert_eq!((&error["code"], &error["file"]), (&"missing-theme".into(), &"content/site.yaml".into()));
    let line = config.lines().position(|l| l.starts_with("theme:")).unwrap() as u64 + 1;
    assert_eq!((error["line"].as_u64(), error["column"].as_u64()), (Some(line), Some(8)), "{error:#?}");
    assert_eq!(error["help"], "did you mean `plain`?");
}

#[test]
fn a_theme_unlike_any_folder_is_offered_the_built_in_one() {
    let site = Site::basic();
    let config = std::fs::read_to_string(site.root().join("content/site.yaml")).unwrap();
    site.write("content/site.yaml", &config.replace("theme: \"plain\"", "theme: zzz"));
    let errors = check_errors(&site);
    let help = errors.iter().find(|d| d["code"] == "missing-theme").map(|d| d["help"].to_string());
    assert!(help.is_some_and(|help| help.contains("`default` (built in)")), "{errors:#?}");
}

#[test]
fn a_file_name_with_accents_is_offered_its_slug_and_one_without_latin_letters_is_told_to_use_them() {
    let site = Site::basic();
    site.write("content/articles/café.md", &article("", "x\n"));
    site.write("content/pages/Über-uns.md", "---\ntitle: \"About\"\n---\nx\n");
    site.write("content/articles/日本.md", &article("", "x\n"));
    let errors = check_errors(&site);
    let help = |file: &str| {
        let error = errors.iter().find(|d| d["code"] == "bad-slug" && d["file"] == file);
        error.unwrap_or_else(|| panic!("no bad-slug for {file}: {errors:#?}"))["help"].as_str().unwrap().to_string()
    };
    assert_eq!(help("content/articles/café.md"), "rename the file to `cafe.md` (lowercase letters, digits and dashes)");
    assert!(help("content/pages/Über-uns.md").starts_with("rename the file to `uber-uns.md`"));
    let no_letters = help("content/articles/日本.md");
    assert!(no_letters.contains("Latin letters, digits and dashes") && !no_letters.contains("`.md`"), "{no_letters}");
}

#[test]
fn every_unknown_key_of_a_front_matter_or_site_yaml_is_an_error_at_its_line_with_did_you_mean() {
    let site = Site::basic();
    site.write("content/articles/bad.md", &article("sumary: \"typo\"\ntgas: [a]\ndarft: true\n", "x\n"));
    let config = std::fs::read_to_string(site.root().join("content/site.yaml")).unwrap();
    site.write("content/site.yaml", &format!("{config}titel: \"x\"\npaginte: 3\n"));
    let errors = check_errors(&site);
    let found: Vec<(&str, u64, u64, &str)> = errors
        .iter()
        .map(|d| {
            (
                d["file"].as_str().unwrap(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
                d["help"].as_str().unwrap(),
            )
        })
        .collect();
    let config_lines = config.lines().count() as u64;
    assert_eq!(
        found,
        [
            ("content/articles/bad.md", 5, 1, "did you mean `summary`?"),
            ("content/articles/bad.md", 6, 1, "did you mean `tags`?"),
            ("content/articles/bad.md", 7, 1, "did you mean `draft`?"),
            ("content/site.yaml", config_lines + 1, 1, "did you mean `title`?"),
            ("content/site.yaml", config_lines + 2, 1, "did you mean `paginate`?"),
        ][..],
        "{errors:#?}"
    );
    assert!(errors.iter().all(|d| d["code"] == "unknown-field"), "{errors:#?}");
}

#[test]
fn missing_required_field_is_an_error() {
    let site = Site::basic();
    site.write("content/glossary/nameless.md", "---\nterm: \"Nameless\"\n---\nBody.\n");
    let err = failing_build(&site);
    assert!(err.contains("error[missing-field]: front matter: missing field `short`"), "{err}");
    assert!(err.contains("content/glossary/nameless.md"), "{err}");
}

#[test]
fn bad_yaml_is_an_error_at_its_line() {
    let site = Site::basic();
    site.write("content/articles/bad.md", "---\ntitle: \"T\"\ndate: [2025\n---\nx\n");
    let err = failing_build(&site);
    assert!(err.contains("error[bad-front-matter]"), "{err}");
    assert!(err.contains("content/articles/bad.md:"), "{err}");
}

#[test]
fn a_bad_date_is_an_error_at_the_value_whose_help_says_what_is_wrong() {
    let site = Site::basic();
    for (date, help) in [
        ("2025-02-30", "February 2025 has 28 days"),
        ("2025-13-01", "there is no month 13: months run from 01 to 12, and come before the day: 2025-01-13"),
        ("2025-2-3", "month and day take two digits: 2025-02-03"),
        ("03/02/2025", "write it as YYYY-MM-DD: 2025-02-03 (3 February) or 2025-03-02 (2 March)"),
        ("March 3, 2025", "write it as YYYY-MM-DD: 2025-03-03"),
    ] {
        site.write("content/articles/bad.md", &format!("---\ntitle: \"T\"\ndate: {date}\n---\nx\n"));
        let errors = check_errors(&site);
        let [error] = errors.as_slice() else { panic!("one error expected for {date}: {errors:#?}") };
        assert_eq!(
            (&error["code"], error["line"].as_u64(), error["column"].as_u64()),
            (&"bad-date".into(), Some(3), Some(7))
        );
        assert_eq!(error["message"], format!("front matter: invalid date `{date}`"));
        assert_eq!(error["help"], help, "{date}");
    }
}

#[test]
fn unknown_see_also_is_an_error_with_did_you_mean() {
    let site = Site::basic();
    site.write(
        "content/glossary/tokens.md",
        "---\nterm: \"Token\"\nshort: \"A piece of text.\"\nsee_also: [parameter]\n---\nBody.\n",
    );
    let err = failing_build(&site);
    assert!(err.contains("error[unknown-see-also]"), "{err}");
    assert!(err.contains("--> content/glossary/tokens.md:4:"), "{err}");
    assert!(err.contains("did you mean `parameters`?"), "{err}");
}

#[test]
fn alias_shared_by_two_terms_is_an_error() {
    let site = Site::basic();
    site.write(
        "content/glossary/weights.md",
        "---\nterm: \"Weights\"\naliases: [\"Parameters\"]\nshort: \"Numbers.\"\n---\nBody.\n",
    );
    let err = failing_build(&site);
    assert!(err.contains("error[duplicate-alias]: `Parameters` is already a name of the term `parameters`"), "{err}");
    assert!(err.contains("--> content/glossary/weights.md:3:"), "{err}");
}

#[test]
fn page_slug_colliding_with_a_site_section_is_an_error() {
    let site = Site::basic();
    site.write("content/pages/glossary.md", "---\ntitle: \"G\"\n---\nx\n");
    let err = failing_build(&site);
    assert!(err.contains("error[duplicate-slug]"), "{err}");
}

#[test]
fn broken_internal_link_and_anchor_are_errors() {
    let site = Site::basic();
    site.write(
        "content/articles/bad.md",
        &article("", "[a](/articles/nope/) and [b](/articles/story/#nowhere) and [c](/glossary/qwen/)\n"),
    );
    let err = failing_build(&site);
    assert!(err.contains("error[broken-link]: the link points to /articles/nope/"), "{err}");
    assert!(err.contains("error[broken-link]: the link points to `#nowhere`"), "{err}");
    assert_eq!(err.matches("error[broken-link]").count(), 2, "{err}");
}

#[test]
fn a_broken_link_is_shown_at_its_line_though_the_build_let_go_of_the_articles_text() {
    let site = Site::basic();
    site.write("content/articles/bad.md", &article("", "First line.\n\nThen [a link](/articles/nope/) here.\n"));
    let err = failing_build(&site);
    assert!(err.contains("--> content/articles/bad.md:8:6"), "{err}");
    assert!(err.contains("Then [a link](/articles/nope/) here."), "the source line is shown: {err}");
}

#[test]
fn a_placeholder_left_in_an_articles_body_is_a_warning_of_the_build() {
    let site = Site::basic();
    site.write("content/articles/draft.md", &article("", "Intro.\n\nWrite the article here.\n"));
    let run = site.built();
    assert!(run.stderr.contains("warning[placeholder]"), "{}", run.stderr);
    assert!(run.stderr.contains("--> content/articles/draft.md:8:1"), "{}", run.stderr);
}

#[test]
fn relative_links_read_from_the_markdown_files_folder_become_checked_root_relative_urls() {
    let site = Site::basic();
    let mut png = Vec::new();
    image::DynamicImage::new_rgb8(2, 2).write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png).unwrap();
    site.write("content/articles/map.png", &png);
    site.write("content/articles/my map.png", &png);
    let claims = "claims:\n  c:\n    verdict: accurate\n    note: \"As [parameters](../glossary/parameters.md) say.\"\n    sources: [{title: S, url: \"https://example.org\"}]\n";
    site.write(
        "content/articles/rel.md",
        &article(
            claims,
            "![A map](map.png) ![Another](<my%20map.png>) [older](older.md) [about](../pages/about.md) [bg](story.md#bg) \
             [term](../glossary/qwen.md) [home](../_index.md) [claimed](claim:c)\n",
        ),
    );
    let run = site.glosa(&["build", "--base-url", "/sub/"]);
    assert!(run.ok, "{}", run.stderr);
    let page = site.page("articles/rel/index.html");
    let srcs: Vec<&str> = select(&page, "article img").iter().map(|i| i.value().attr("src").unwrap()).collect();
    assert_eq!(srcs, ["/sub/articles/map.png", "/sub/articles/my%20map.png"]);
    let hrefs: Vec<String> =
        select(&page, "article a").iter().filter_map(|a| a.value().attr("href")).map(String::from).collect();
    for href in ["/sub/articles/older/", "/sub/about/", "/sub/articles/story/#bg", "/sub/glossary/qwen/", "/sub/"] {
        assert!(hrefs.iter().any(|h| h == href), "{href} not in {hrefs:?}");
    }
    let notes =
        select(&page, "#claims a").into_iter().filter(|a| a.value().attr("href") == Some("/sub/glossary/parameters/"));
    assert_eq!(notes.count(), 1, "the claim note's link in the claims list");
    let popover = select(&page, ".claim-pop a")
        .into_iter()
        .filter(|a| a.value().attr("href") == Some("/sub/glossary/parameters/"));
    assert_eq!(popover.count(), 1, "the claim note's link in the claim's popover");
}

#[test]
fn broken_relative_links_are_errors_saying_where_relative_links_start() {
    let site = Site::basic();
    site.write("content/articles/map.jpg", "jpg");
    let body = "![A map](map.png) and [up](../../etc/passwd) and [o](olderr.md) and [p](/files/plan.pdf)\n";
    site.write("content/articles/rel.md", &article("", body));
    let err = failing_build(&site);
    assert!(
        err.contains("error[broken-link]: the link points to /articles/map.png, which this site does not have"),
        "{err}"
    );
    assert!(
        err.contains(
            "did you mean `/articles/map.jpg`? (relative links start from the file's folder, content/articles/)"
        ),
        "{err}"
    );
    assert!(err.contains("help: no file /files/plan.pdf is in the site: put it at content/files/plan.pdf\n"), "{err}");
    assert!(err.contains("error[broken-link]: the link `../../etc/passwd` climbs out of content/"), "{err}");
    assert!(err.contains("did you mean `/articles/older/`? (relative links start from the file's folder"), "{err}");
    assert_eq!(err.matches("error[broken-link]").count(), 4, "{err}");
    site.write("content/articles/rel.md", &article("", "[o](older.md#nowhere)\n"));
    let err = failing_build(&site);
    assert!(err.contains("the link points to `#nowhere`, which is not an id on /articles/older/"), "{err}");
    assert!(!err.contains("relative links start"), "the page exists, only its id is missing: {err}");
}

#[test]
fn root_relative_links_to_files_with_escaped_names_are_found() {
    let site = Site::basic();
    site.write("content/files/a b.txt", "x");
    site.write("content/articles/esc.md", &article("", "[file](/files/a%20b.txt)\n"));
    site.built();
}

#[test]
fn missing_front_matter_is_an_error() {
    let site = Site::basic();
    site.write("content/articles/bare.md", "Just text.\n");
    let err = failing_build(&site);
    assert!(err.contains("error[missing-front-matter]") && err.contains("content/articles/bare.md:1:1"), "{err}");
}

#[test]
fn every_problem_is_reported_in_one_run_sorted_by_file() {
    let site = Site::basic();
    site.write("content/articles/a-bad.md", &article("", "[[nope]]\n"));
    site.write("content/articles/b-bad.md", &article("colour: red\n", "x\n"));
    site.write("content/glossary/z-bad.md", "---\nterm: \"Z\"\nshort: \"z\"\nsee_also: [nothing]\n---\n");
    let err = failing_build(&site);
    let a = err.find("content/articles/a-bad.md").unwrap();
    let b = err.find("content/articles/b-bad.md").unwrap();
    let z = err.find("content/glossary/z-bad.md").unwrap();
    assert!(a < b && b < z, "{err}");
    assert!(err.contains("3 errors"), "{err}");
}

#[test]
fn broken_template_is_an_error_naming_the_template_and_line() {
    let site = Site::basic();
    site.write(
        "themes/plain/templates/page.html",
        "{% extends \"base.html\" %}\n{% block main %}\n{{ page.title \n{% endblock main %}\n",
    );
    let err = failing_build(&site);
    assert!(err.contains("error[template]"), "{err}");
    assert!(err.contains("themes/plain/templates/page.html:"), "{err}");
}

#[test]
fn missing_template_is_an_error_naming_it() {
    let site = Site::basic();
    std::fs::remove_file(site.root().join("themes/plain/templates/term.html")).unwrap();
    let err = failing_build(&site);
    assert!(err.contains("error[missing-template]") && err.contains("term.html"), "{err}");
}

#[test]
fn invalid_utf8_is_a_clear_error() {
    let site = Site::basic();
    std::fs::write(site.root().join("content/articles/latin.md"), b"---\ntitle: caf\xe9\n---\n").unwrap();
    let err = failing_build(&site);
    assert!(err.contains("error[encoding]") && err.contains("content/articles/latin.md"), "{err}");
}

#[test]
fn bom_and_crlf_files_build() {
    let site = Site::basic();
    site.write(
        "content/articles/windows.md",
        "\u{feff}---\r\ntitle: \"W\"\r\ndate: 2025-01-02\r\nsummary: \"s\"\r\n---\r\nQwen on Windows.\r\n",
    );
    site.built();
    assert!(site.public("articles/windows/index.html").contains("on Windows."));
}

#[test]
fn version_and_help_are_available() {
    let site = Site::basic();
    assert!(site.glosa(&["--version"]).stdout.starts_with("glosa "));
    for command in ["build", "check", "serve", "new", "init", "import"] {
        let run = site.glosa(&[command, "--help"]);
        assert!(run.ok && run.stdout.contains("Usage"), "{command} --help");
    }
}

#[test]
fn a_build_whose_stderr_is_not_a_terminal_shows_no_progress() {
    let site = Site::basic();
    for args in [&["build"][..], &["build", "--quiet"], &["build", "--incremental"]] {
        let run = site.glosa(args);
        assert!(run.ok, "{args:?}: {}", run.stderr);
        for sign in ["rendering", "writing pages", "loading", "left)", "\r", "\u{1b}["] {
            assert!(!run.stderr.contains(sign), "{args:?} printed {sign:?}: {}", run.stderr);
        }
        assert!(run.stdout.starts_with("built "), "{args:?}: the summary line stays: {}", run.stdout);
    }
}

/// What `glosa ARGS` in `site` prints on a terminal: run under `script`, which gives it a
/// pseudo-terminal as stdin, stdout and stderr.
fn on_a_terminal(site: &Site, args: &str) -> String {
    let command = format!("{} {args}", env!("CARGO_BIN_EXE_glosa"));
    let out = std::process::Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .current_dir(site.root())
        .output()
        .expect("util-linux's script runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stdout));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn a_build_on_a_terminal_shows_its_stage_and_pages_done_unless_quiet() {
    let site = Site::basic();
    // A small site's stages pass faster than the bar redraws (8 times a second): one shows.
    let stages = ["loading", "rendering", "writing pages"];
    let shown = on_a_terminal(&site, "build");
    assert!(stages.iter().any(|stage| shown.contains(stage)), "{shown:?}");
    let quiet = on_a_terminal(&site, "build --quiet");
    assert!(!stages.iter().any(|stage| quiet.contains(stage)), "{quiet:?}");
    assert!(quiet.contains("built "), "{quiet:?}");
}
