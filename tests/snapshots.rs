//! Snapshots of what readers and authors see: the HTML each annotation renders to, and the text
//! of the problems glosa reports. A change to either shows as a diff of the stored snapshot in
//! `tests/snapshots/`, to review (`cargo insta review`, or `INSTA_UPDATE=always cargo test
//! --test snapshots` to accept every change) and commit with the change that made it.

use glosa::build::{build_into, BuildOptions};
use glosa::diagnostic::report::format_all;
use glosa::load::{parse_source, Parsed, SourceFile};
use glosa::model::Urls;
use glosa::output::Discard;
use glosa::render::{render, RenderContext};
use glosa::resolve::Glossary;
use glosa::sanitize::SafeMode;
use insta::assert_snapshot;
use std::path::Path;

/// The front matter of the article the snapshots render, with one checked claim.
const ARTICLE: &str = "---\ntitle: \"A\"\ndate: 2025-01-01\nclaims:\n  size:\n    verdict: inaccurate\n    \
                       note: \"It is *72B*, see [[qwen]].\"\n    sources:\n      - title: \"Qwen blog\"\n        \
                       url: \"https://qwenlm.github.io/\"\n---\n";

/// The HTML of `body` rendered as the body of an article at `/sub/articles/a/`, with two terms in
/// the glossary (Qwen and knowledge distillation) and the claim `size`.
fn html(body: &str) -> String {
    let term = |slug: &str, front: &str| {
        let file = SourceFile { path: format!("content/glossary/{slug}.md").into(), text: front.into() };
        match parse_source(file) {
            Ok(Parsed::Term(doc)) => doc,
            _ => panic!("the term {slug} does not parse"),
        }
    };
    let terms = [
        term("distillation", "---\nterm: Knowledge distillation\naliases: [distillation]\nshort: Training a small model to copy a big one.\n---\n"),
        term("qwen", "---\nterm: Qwen\nshort: \"Alibaba's family of language models.\"\n---\n"),
    ];
    let urls = Urls::new("https://example.org/sub/");
    let (glossary, problems) = Glossary::new(&terms, &urls);
    assert!(problems.is_empty(), "{problems:?}");
    let definitions = glosa::render::definitions(&glossary, &urls, SafeMode::Off);
    let text = format!("{ARTICLE}{body}");
    let file = SourceFile { path: "content/articles/a.md".into(), text: text.as_str().into() };
    let Ok(Parsed::Article(doc)) = parse_source(file.clone()) else { panic!("the article does not parse") };
    let ctx = RenderContext {
        file: &file,
        body_offset: ARTICLE.len(),
        glossary: &glossary,
        urls: &urls,
        claims: Some(&doc.meta.claims),
        autolink: true,
        self_term: None,
        page_path: "articles/a/",
        safe: SafeMode::Off,
        reserved_ids: &glosa::theme::PAGE_IDS,
        definitions: &definitions,
        images: &glosa::images::NO_IMAGES,
        sources: &glosa::resolve::sources::Sources::default(),
        citable: None,
    };
    let rendered = render(body, &ctx);
    let unexpected: Vec<_> = rendered.diagnostics.iter().filter(|d| d.code != "unused-claim").collect();
    assert!(unexpected.is_empty(), "{unexpected:?}");
    rendered.html
}

#[test]
fn a_term_link_and_a_first_mention_are_buttons_with_their_definition_in_a_popover() {
    assert_snapshot!(html("Made with [[distillation|knowledge distillation]], like Qwen. Qwen again.\n"));
}

#[test]
fn a_claim_is_a_span_marked_with_its_verdict_note_and_sources() {
    assert_snapshot!(html("[The model has 7B parameters](claim:size), it said.\n"));
}

#[test]
fn a_footnote_is_a_numbered_sidenote_with_a_print_copy() {
    assert_snapshot!(html("A claim.[^who] Again.[^who]\n\n[^who]: Joe Tsai is [[qwen]]'s chairman.\n"));
}

#[test]
fn a_gfm_alert_is_a_labelled_callout() {
    assert_snapshot!(html("> [!WARNING]\n> Check the *date*.\n"));
}

#[test]
fn an_attributed_quotation_is_a_figure_with_its_caption() {
    assert_snapshot!(html("> They chose us.\n>\n> — Joe Tsai, Alibaba\n"));
}

#[test]
fn headings_get_ids_of_their_own_that_the_page_does_not_hold() {
    assert_snapshot!(html("## Background\n\n## Background\n\n## Main\n\n### Über uns {#about}\n"));
}

#[test]
fn fenced_code_is_highlighted_with_one_class_per_kind_of_token() {
    assert_snapshot!(html("```rust\n// Count them.\nfn qwen(n: u32) -> &'static str { \"Qwen\" }\n```\n"));
}

/// Every problem `glosa check` reports on the fixture site `name`, as the terminal shows them.
fn reported(name: &str) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name);
    let diagnostics = match build_into(&BuildOptions { root, ..BuildOptions::default() }, &Discard) {
        Ok(summary) => summary.warnings,
        Err(diagnostics) => diagnostics,
    };
    format_all(&diagnostics)
}

#[test]
fn errors_read_like_rustc_with_the_line_a_caret_and_help() {
    assert_snapshot!(reported("check-errors"));
}

#[test]
fn warnings_read_like_rustc_with_the_line_a_caret_and_help() {
    assert_snapshot!(reported("check-warnings"));
}
