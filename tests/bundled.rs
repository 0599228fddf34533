//! Tests of the bundled explainer in `content/`: it builds cleanly, keeps both seed articles
//! word for word, and carries the annotations the issue asks for (claims, terms, notes).

mod common;

use common::{copy_tree, select};
use scraper::{ElementRef, Html, Node, Selector};
use std::path::Path;
use std::process::Command;

/// The original texts of the bundled articles, as their publishers printed them, one file per
/// article named by its slug (kept outside `content/`, which glosa publishes).
const ORIGINALS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/originals");

/// The bundled content built with the test fixture's plain theme, whose `#body` holds exactly
/// the rendered article body.
struct Built {
    dir: tempfile::TempDir,
    stderr: String,
}

fn build_bundled() -> Built {
    let dir = tempfile::tempdir().unwrap();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    copy_tree(&repo.join("content"), &dir.path().join("content"));
    copy_tree(&repo.join("tests/fixtures/basic/themes"), &dir.path().join("themes"));
    let config = std::fs::read_to_string(dir.path().join("content/site.yaml")).unwrap();
    let config: String = config
        .lines()
        .map(|l| if l.starts_with("theme:") { "theme: \"plain\"" } else { l })
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(dir.path().join("content/site.yaml"), config).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_glosa")).arg("build").current_dir(dir.path()).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "the bundled site must build:\n{stderr}");
    Built { dir, stderr }
}

fn page(built: &Built, rel: &str) -> Html {
    Html::parse_document(&std::fs::read_to_string(built.dir.path().join("public").join(rel)).unwrap())
}

/// Classes of elements the engine adds around the original text (popovers, verdict buttons,
/// sidenotes); their text is annotation, not article.
const ADDED: [&str; 6] = ["term-pop", "claim__verdict", "claim-pop", "sidenote", "sidenote-ref", "visually-hidden"];
const BLOCKS: [&str; 6] = ["p", "h2", "h3", "h4", "li", "figcaption"];

fn collect_lines(element: ElementRef, lines: &mut Vec<String>) {
    for child in element.children() {
        match child.value() {
            Node::Text(text) => lines.last_mut().unwrap().push_str(text),
            Node::Element(e) => {
                if e.classes().any(|c| ADDED.contains(&c)) {
                    continue;
                }
                let block = BLOCKS.contains(&e.name());
                if block {
                    lines.push(String::new());
                }
                collect_lines(ElementRef::wrap(child).unwrap(), lines);
                if block {
                    lines.push(String::new());
                }
            }
            _ => {}
        }
    }
}

/// Folds the typographic differences smart punctuation introduces, and whitespace.
fn normalise(text: &str) -> String {
    let text = text.replace(['‘', '’'], "'").replace(['“', '”'], "\"").replace('…', "...");
    text.trim().trim_start_matches("— ").split_whitespace().collect::<Vec<_>>().join(" ")
}

fn article_lines(built: &Built, slug: &str) -> Vec<String> {
    let html = page(built, &format!("articles/{slug}/index.html"));
    let body = select(&html, "#body")[0];
    let mut lines = vec![String::new()];
    collect_lines(body, &mut lines);
    lines.iter().map(|l| normalise(l)).filter(|l| !l.is_empty()).collect()
}

fn seed_lines(file: &str) -> Vec<String> {
    let text = std::fs::read_to_string(Path::new(ORIGINALS).join(file)).unwrap();
    text.lines().map(normalise).filter(|l| !l.is_empty()).collect()
}

fn assert_same_text(built: &Built, slug: &str, seed: &str) {
    let rendered = article_lines(built, slug);
    let original = seed_lines(seed);
    for (i, (got, want)) in rendered.iter().zip(&original).enumerate() {
        assert_eq!(got, want, "paragraph {} of {slug} differs from the seed", i + 1);
    }
    assert_eq!(rendered.len(), original.len(), "{slug} has a different number of paragraphs than {seed}");
}

#[test]
fn bundled_site_builds_without_warnings_or_errors() {
    let built = build_bundled();
    assert!(!built.stderr.contains("warning[") && !built.stderr.contains("error["), "{}", built.stderr);
}

#[test]
fn first_article_keeps_the_original_text_word_for_word() {
    assert_same_text(&build_bundled(), "us-officials-warn-apple-alibaba", "us-officials-warn-apple-alibaba.txt");
}

#[test]
fn second_article_keeps_the_original_text_word_for_word() {
    assert_same_text(&build_bundled(), "apple-picks-alibaba-ai", "apple-picks-alibaba-ai.txt");
}

#[test]
fn explainer_has_enough_claims_terms_and_notes() {
    let built = build_bundled();
    let mut claims = 0;
    for slug in ["us-officials-warn-apple-alibaba", "apple-picks-alibaba-ai"] {
        let html = page(&built, &format!("articles/{slug}/index.html"));
        claims += select(&html, "#body span.claim").len();
        assert!(select(&html, "#notes li").len() >= 3, "{slug} needs at least 3 sidenotes");
        for item in select(&html, "#claims li") {
            assert!(!select(&Html::parse_fragment(&item.html()), "a.src").is_empty(), "every claim cites a source");
        }
    }
    assert!(claims >= 12, "only {claims} claims");
    let glossary = page(&built, "glossary/index.html");
    assert!(select(&glossary, "main li").len() >= 20);
    for required in ["distillation", "military-civil-fusion", "parameters", "tokens", "mixture-of-experts"] {
        assert!(built.dir.path().join(format!("public/glossary/{required}/index.html")).is_file(), "{required}");
    }
}

#[test]
fn required_claims_carry_the_fact_sheet_verdicts() {
    let built = build_bundled();
    let html = page(&built, "articles/apple-picks-alibaba-ai/index.html");
    assert_eq!(verdict_of(&html, "500 million to 110 billion"), "claim--inaccurate");
    assert_eq!(verdict_of(&html, "20 trillion parameters"), "claim--inaccurate");
    assert_eq!(verdict_of(&html, "1.8 trillion"), "claim--unverified");
    assert_eq!(verdict_of(&html, "down 17% from 2024"), "claim--inaccurate");
}

#[test]
fn home_intro_explains_the_story_in_at_least_150_words() {
    let built = build_bundled();
    let html = page(&built, "index.html");
    let words = select(&html, "main")[0].text().collect::<String>().split_whitespace().count();
    assert!(words >= 150, "{words} words");
}

/// The class `claim--<verdict>` of the claim span in `html` whose text contains `words`.
fn verdict_of(html: &Html, words: &str) -> String {
    select(html, "#body span.claim")
        .into_iter()
        .find(|span| span.text().collect::<String>().contains(words))
        .and_then(|span| span.value().classes().find(|c| c.starts_with("claim--")).map(str::to_string))
        .unwrap_or_else(|| panic!("no claim span contains {words:?}"))
}

#[test]
fn audited_claims_carry_the_corrected_verdicts_and_dated_corrections() {
    let built = build_bundled();
    let second = page(&built, "articles/apple-picks-alibaba-ai/index.html");
    assert_eq!(verdict_of(&second, "left Alibaba last July"), "claim--misleading");
    assert_eq!(verdict_of(&second, "taking along a team of about 10 engineers"), "claim--misleading");
    assert_eq!(verdict_of(&second, "filed a lawsuit against him"), "claim--misleading");
    assert_eq!(verdict_of(&second, "performs much better than DeepSeek"), "claim--misleading");
    let first = page(&built, "articles/us-officials-warn-apple-alibaba/index.html");
    assert_eq!(verdict_of(&first, "based almost entirely in China"), "claim--accurate");
    for (slug, html) in [("apple-picks-alibaba-ai", &second), ("us-officials-warn-apple-alibaba", &first)] {
        assert!(
            !select(html, r#"p.correction[data-date="2026-12-07"]"#).is_empty(),
            "{slug} must publish the audit's corrections"
        );
    }
}

#[test]
fn no_claim_cites_a_copy_the_audit_replaced() {
    let built = build_bundled();
    let replaced = [
        "cgshares.com",
        "ytsybjq.com",
        "news.43u.com.cn",
        "theoutpost.ai",
        "ttm.financial",
        "levelupmag.com",
        "matt-rickard.com",
        "asiaict.com",
    ];
    for slug in ["us-officials-warn-apple-alibaba", "apple-picks-alibaba-ai"] {
        let html = page(&built, &format!("articles/{slug}/index.html"));
        for link in select(&html, "#claims a.src") {
            let url = link.value().attr("href").unwrap_or_default();
            assert!(!replaced.iter().any(|host| url.contains(host)), "{slug} still cites {url}");
        }
    }
}

#[test]
fn the_shipments_chart_is_a_margin_note_drawn_only_from_figures_the_article_states() {
    let built = build_bundled();
    let html = page(&built, "articles/apple-picks-alibaba-ai/index.html");
    let img = select(&html, "#body .sidenote img[src$='china-smartphones-2024.svg']");
    assert_eq!(img.len(), 1, "the chart sits in a sidenote, outside the original text");
    assert_eq!((img[0].value().attr("width"), img[0].value().attr("height")), (Some("320"), Some("170")));
    let note: String = img[0].parent().and_then(ElementRef::wrap).unwrap().text().collect();
    assert!(note.contains("Chart: glosa, from figures in the article (CC0)"), "{note}");
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let svg = std::fs::read_to_string(repo.join("content/articles/china-smartphones-2024.svg")).unwrap();
    let checked = glosa::sanitize::active_file(Path::new("china-smartphones-2024.svg"), svg.as_bytes());
    assert_eq!(checked, None, "the chart passes the safe-mode SVG check");
    let article = std::fs::read_to_string(repo.join("content/articles/apple-picks-alibaba-ai.md")).unwrap();
    let document = roxmltree::Document::parse(&svg).unwrap();
    let values: Vec<&str> = (document.descendants())
        .filter_map(|n| n.text().filter(|_| n.has_tag_name("text")))
        .filter(|t| t.parse::<f64>().is_ok())
        .collect();
    assert_eq!(values, ["49.3", "46.0", "42.9"]);
    for value in values {
        let stated = format!("{} million", value.trim_end_matches(".0"));
        assert!(article.contains(&stated), "the article does not state {stated}");
    }
}

/// Every source the bundled site cites, one line each: `ARTICLE#CLAIM<TAB>TITLE<TAB>URL` for
/// each source a claim's popover links (its archived copy left out), then
/// `glossary/TERM/<TAB>URL` for each source the sources page lists a term as citing; sorted.
fn cited_sources(built: &Built) -> Vec<String> {
    let mut lines = Vec::new();
    for slug in ["us-officials-warn-apple-alibaba", "apple-picks-alibaba-ai"] {
        let html = page(built, &format!("articles/{slug}/index.html"));
        for popover in select(&html, "#body .claim-pop") {
            let claim = popover.value().id().unwrap_or_default().trim_end_matches("-pop").trim_start_matches("claim-");
            for link in popover.select(&Selector::parse(".claim-pop__sources > a:not(.claim-pop__archived)").unwrap()) {
                let title = normalise(&link.text().collect::<String>());
                let url = link.value().attr("href").unwrap_or_default();
                lines.push(format!("{slug}#{claim}\t{title}\t{url}"));
            }
        }
    }
    // A publisher's page shows the first few places citing each source, the source's own pages all.
    for rel in sources_pages(built) {
        let sources = page(built, &rel);
        for source in select(&sources, "li") {
            let link = Selector::parse("a:not(.cite):not(.all-cites):not(.publisher)").unwrap();
            let Some(url) = source.select(&link).next() else { continue };
            for citer in source.select(&Selector::parse("a.cite").unwrap()) {
                let at = citer.value().attr("href").unwrap_or_default();
                if let Some(term) = at.strip_prefix("/glossary/") {
                    lines.push(format!("glossary/{term}\t{}", url.value().attr("href").unwrap_or_default()));
                }
            }
        }
    }
    lines.sort();
    lines.dedup();
    lines
}

/// The sources pages of the built site (`sources/…/index.html`), found by following the links
/// from `/sources/` to each publisher's pages and from those to each source's own pages and to
/// the next page: every one a reader can reach.
fn sources_pages(built: &Built) -> Vec<String> {
    let mut found = vec!["sources/index.html".to_string()];
    let mut next = 0;
    while next < found.len() {
        let html = page(built, &found[next]);
        next += 1;
        for link in select(&html, "main a.publisher, main a.all-cites, main a[rel=next]") {
            let href = link.value().attr("href").unwrap_or_default();
            let rel = format!("{}index.html", href.trim_start_matches('/'));
            if rel.starts_with("sources/") && !found.contains(&rel) {
                found.push(rel);
            }
        }
    }
    found
}

#[test]
fn every_registry_entry_is_listed_once_on_its_publishers_pages_and_the_sources_pages_link_nowhere_broken() {
    let built = build_bundled();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let registry = std::fs::read_to_string(repo.join("content/sources.yaml")).unwrap();
    let registered: Vec<&str> = registry.lines().filter_map(|l| l.strip_prefix("  url: ")).collect();
    assert_eq!(registered.len(), 57);
    let pages = sources_pages(&built);
    let mut listed = Vec::new();
    for rel in pages.iter().filter(|rel| rel.matches('/').count() == 2 || rel.contains("/page/")) {
        let html = page(&built, rel);
        listed.extend(
            select(&html, "main li[id^='source-'] > a:first-child")
                .iter()
                .map(|a| a.value().attr("href").unwrap().to_string()),
        );
    }
    for url in registered {
        let url = url.trim_matches('"');
        assert_eq!(listed.iter().filter(|l| *l == url).count(), 1, "{url} in {listed:#?}");
    }
    let index = page(&built, "sources/index.html");
    let publishers = select(&index, "main a.publisher");
    assert!(publishers.len() > 20, "grouped by publisher: {} publishers", publishers.len());
    for rel in &pages {
        let html = page(&built, rel);
        for link in select(&html, "main a[href^='/']") {
            let href = link.value().attr("href").unwrap().split('#').next().unwrap();
            let file = built.dir.path().join("public").join(href.trim_start_matches('/')).join("index.html");
            assert!(file.is_file(), "{rel} links {href}, which is missing");
        }
    }
}

/// What `cited_sources` gave before the explainer's sources moved into `content/sources.yaml`.
const CITED_BEFORE_THE_REGISTRY: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/bundled-citations.tsv");

#[test]
fn moving_sources_into_the_registry_lost_no_citation_and_left_no_entry_unused() {
    let built = build_bundled();
    let cited = cited_sources(&built);
    let before = std::fs::read_to_string(CITED_BEFORE_THE_REGISTRY).unwrap_or_default();
    let before: Vec<&str> = before.lines().collect();
    if cited != before {
        let actual = Path::new(env!("CARGO_TARGET_TMPDIR")).join("bundled-citations.actual.tsv");
        std::fs::write(&actual, cited.join("\n") + "\n").unwrap();
        panic!(
            "the cited sources differ from {CITED_BEFORE_THE_REGISTRY}; what the site cites now is in {}",
            actual.display()
        );
    }
    assert!(cited.len() > 150, "{} citations", cited.len());
    assert!(!built.stderr.contains("unused-source"), "{}", built.stderr);
}
