//! Unit tests of the render passes, one behaviour each.

use super::*;
use crate::load::{Document, SourceFile};
use crate::model::{Citation, Claim, SourceRef, TermMeta, Verdict};
use std::path::PathBuf;

fn term(slug: &str, name: &str, aliases: &[&str]) -> Document<TermMeta> {
    Document {
        slug: slug.into(),
        file: SourceFile { path: PathBuf::from(format!("content/glossary/{slug}.md")), text: "".into() },
        meta: TermMeta {
            term: name.into(),
            aliases: aliases.iter().map(|s| s.to_string()).collect(),
            short: format!("{name} defined."),
            see_also: vec![],
            sources: vec![],
            autolink: None,
            match_case: false,
        }
        .into(),
        body_offset: 0,
        meta_key: 0,
    }
}

struct Fixture {
    glossary: Glossary,
    definitions: Vec<Definition>,
    urls: Urls,
    file: SourceFile,
    claims: BTreeMap<String, Claim>,
    sources: crate::resolve::sources::Sources,
}

fn fixture(markdown: &str) -> Fixture {
    let urls = Urls::new("https://example.org/sub/");
    let terms = vec![
        term("distillation", "Knowledge distillation", &["distillation"]),
        term("parameters", "Parameter", &["parameters"]),
        term("qwen", "Qwen", &["Tongyi Qianwen"]),
    ];
    let (glossary, problems) = Glossary::new(&terms, &urls);
    assert!(problems.is_empty());
    let mut claims = BTreeMap::new();
    claims.insert(
        "size".to_string(),
        Claim {
            verdict: Verdict::Inaccurate,
            note: "It is *72B*.".into(),
            sources: vec![Citation::Inline(SourceRef {
                title: "Blog".into(),
                url: "https://qwenlm.github.io/".into(),
            })],
        },
    );
    let definitions = definitions(&glossary, &urls, SafeMode::Off);
    let file = SourceFile { path: "content/articles/a.md".into(), text: markdown.into() };
    Fixture { glossary, definitions, urls, file, claims, sources: Default::default() }
}

/// The context of the fixture's article.
fn article_context(f: &Fixture, autolink: bool) -> RenderContext<'_> {
    RenderContext {
        file: &f.file,
        body_offset: 0,
        glossary: &f.glossary,
        urls: &f.urls,
        claims: Some(&f.claims),
        autolink,
        self_term: None,
        page_path: "articles/a/",
        safe: SafeMode::Off,
        reserved_ids: &["main", "toc-title"],
        definitions: &f.definitions,
        images: &crate::images::NO_IMAGES,
        sources: &f.sources,
        citable: None,
    }
}

fn render_with(f: &Fixture, autolink: bool) -> Rendered {
    render(&f.file.text, &article_context(f, autolink))
}

fn html_of(markdown: &str) -> Rendered {
    render_with(&fixture(markdown), true)
}

#[test]
fn wikilink_becomes_term_popover_with_shown_text() {
    let r = html_of("They [[distillation|distilled]] it.");
    assert!(
        r.html
            .contains(r#"popovertarget="def-distillation-1" aria-describedby="def-distillation-1">distilled</button>"#),
        "{}",
        r.html
    );
    assert_eq!(r.mentions.len(), 1);
    assert_eq!(r.mentions[0].context, "They distilled it.");
}

#[test]
fn wikilink_accepts_a_term_name_instead_of_slug() {
    let r = html_of("[[Tongyi Qianwen]] again.");
    assert!(r.html.contains("def-qwen-1"), "{}", r.html);
    assert!(r.diagnostics.iter().all(|d| d.code != "unknown-term"));
}

#[test]
fn unknown_wikilink_is_an_error_with_position_and_did_you_mean() {
    let r = html_of("Line one.\n\nSee [[distilation]].");
    let d = &r.diagnostics[0];
    assert_eq!((d.code, d.line, d.column), ("unknown-term", 3, 5));
    assert_eq!(d.help.as_deref(), Some("did you mean `[[distillation]]`?"));
    assert!(r.html.contains("distilation"));
}

#[test]
fn a_wikilink_wrapped_across_lines_names_its_term_on_one_line() {
    let r = html_of("Use [[Tongyi\nQianwen]] and [[distil\nlation]].");
    assert!(r.html.contains("def-qwen-1"), "{}", r.html);
    let d = r.diagnostics.iter().find(|d| d.code == "unknown-term").expect("distil lation is no term");
    assert_eq!(d.message, "unknown glossary term `distil lation`");
    assert_eq!((d.line, d.column), (2, 15));
}

#[test]
fn autolink_links_only_the_first_mention_of_each_term() {
    let r = html_of("Qwen has parameters. Qwen has more parameters.");
    assert_eq!(r.html.matches("class=\"term\"").count(), 2);
    assert!(r.html.contains("def-qwen-1") && !r.html.contains("def-qwen-2"));
}

#[test]
fn an_explicit_link_counts_as_the_first_mention_of_what_follows_it() {
    let r = html_of("Then [[qwen|Alibaba's model]].\n\nQwen again.");
    assert_eq!(r.html.matches("class=\"term\"").count(), 1);
    assert!(r.html.contains("Alibaba’s model</button>") || r.html.contains("Alibaba's model</button>"), "{}", r.html);
}

#[test]
fn the_first_mention_is_linked_even_when_an_explicit_link_comes_later() {
    let r = html_of("Qwen first.\n\nThen [[qwen|Alibaba's model]], then Qwen.");
    assert!(r.html.contains(r#"id="term-qwen-1""#) && r.html.contains(">Qwen</button>"), "{}", r.html);
    assert!(r.html.contains(r#"id="term-qwen-2""#), "the explicit link is a term link too: {}", r.html);
    assert_eq!(r.html.matches("class=\"term\"").count(), 2, "{}", r.html);
    assert_eq!(r.mentions[0].context, "Qwen first.");
}

#[test]
fn autolink_skips_headings_code_links_and_claims() {
    let r = html_of("## Qwen\n\n`Qwen` [Qwen](https://x.org) [Qwen parameters](claim:size)\n");
    assert_eq!(r.html.matches("class=\"term\"").count(), 0, "{}", r.html);
}

#[test]
fn autolink_can_be_switched_off() {
    let r = render_with(&fixture("Qwen here."), false);
    assert!(!r.html.contains("class=\"term\""));
}

#[test]
fn claim_link_renders_verdict_note_and_sources() {
    let r = html_of("[It has 110B](claim:size) parameters.");
    assert!(r.html.contains(r#"<span class="claim claim--inaccurate" id="claim-size">"#), "{}", r.html);
    assert!(r.html.contains("It is <em>72B</em>."));
    assert_eq!(r.claims, vec![ClaimUse { id: "size".into(), excerpt: "It has 110B".into() }]);
}

#[test]
fn unknown_and_unused_claims_are_errors() {
    let r = html_of("[x](claim:sise)");
    let codes: Vec<&str> = r.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(codes, vec!["unknown-claim", "unused-claim"]);
    assert_eq!(r.diagnostics[0].help.as_deref(), Some("did you mean `claim:size`?"));
}

#[test]
fn claim_marked_twice_is_an_error() {
    let r = html_of("[a](claim:size) [b](claim:size)");
    assert_eq!(r.diagnostics.iter().filter(|d| d.code == "duplicate-claim").count(), 1);
}

#[test]
fn a_claim_marked_outside_an_article_is_an_error_and_its_text_stays() {
    let f = fixture("On a page: [the text](claim:size).");
    let page = RenderContext { claims: None, page_path: "about/", ..article_context(&f, true) };
    let r = render(&f.file.text, &page);
    let d = r.diagnostics.iter().find(|d| d.code == "claim-outside-article").expect("an error for the claim");
    assert_eq!((d.line, d.column), (1, 12));
    assert!(r.html.contains("On a page: the text."), "{}", r.html);
    assert!(r.claims.is_empty());
}

#[test]
fn footnotes_become_numbered_sidenotes_in_reference_order() {
    let r = html_of("A[^b] and B[^a].\n\n[^a]: Second.\n[^b]: First *note*.\n");
    assert_eq!(r.notes.len(), 2);
    assert_eq!((r.notes[0].number, r.notes[0].html.as_str()), (1, "First <em>note</em>."));
    assert!(
        r.html.contains(
            r#"<span class="sidenote" id="note-2" role="note"><span class="sidenote__number">2</span> Second.</span>"#
        ),
        "{}",
        r.html
    );
    assert!(!r.html.contains("footnote-definition"));
}

#[test]
fn attributed_blockquote_becomes_a_figure() {
    let r = html_of("> We chose them.\n>\n> — Joe Tsai, Alibaba\n");
    assert!(r.html.contains("<figure class=\"quote\"><blockquote>\n<p>We chose them.</p>\n</blockquote><figcaption>— Joe Tsai, Alibaba</figcaption></figure>"), "{}", r.html);
}

#[test]
fn double_hyphen_attribution_is_recognised_too() {
    let r = html_of("> Quote.\n>\n> -- Someone\n");
    assert!(r.html.contains("<figcaption>"), "{}", r.html);
}

#[test]
fn plain_blockquote_stays_a_blockquote() {
    let r = html_of("> Just a quote.\n");
    assert!(r.html.contains("<blockquote>") && !r.html.contains("<figure"));
}

#[test]
fn gfm_alert_becomes_a_labelled_callout() {
    let r = html_of("> [!WARNING]\n> Careful.\n");
    assert!(
        r.html.contains(r#"<div class="callout callout--warning" role="note"><p class="callout__title">Warning</p>"#),
        "{}",
        r.html
    );
}

#[test]
fn headings_get_unique_ids_and_nest_into_a_toc() {
    let r = html_of("## Intro\n\n### Detail\n\n## Intro\n\n## Custom {#mine}\n");
    assert!(r.html.contains(r#"<h2 id="intro">Intro</h2>"#) && r.html.contains(r#"<h2 id="intro-1">"#));
    assert!(r.html.contains(r#"<h2 id="mine">"#));
    assert_eq!(r.toc.len(), 3);
    assert_eq!(r.toc[0].children[0].id, "detail");
}

#[test]
fn a_heading_never_takes_an_id_the_page_reserves() {
    let r = html_of("## Main\n\n## Toc title {#toc-title}\n");
    assert!(r.html.contains(r#"<h2 id="main-1">Main</h2>"#), "{}", r.html);
    assert!(r.html.contains(r#"<h2 id="toc-title-1">"#), "{}", r.html);
    assert_eq!(r.diagnostics[0].code, "taken-id", "an explicit id that is taken is a warning");
}

#[test]
fn heading_ids_and_wikilink_slugs_write_accented_latin_letters_as_ascii() {
    let r = html_of("## Über uns\n\n## 日本\n\n[[Qwén|it]] works.\n");
    assert!(r.html.contains(r#"<h2 id="uber-uns">"#) && r.html.contains(r#"<h2 id="section">"#), "{}", r.html);
    assert!(r.html.contains(r#"aria-describedby="def-qwen-1">it</button>"#), "{}", r.html);
}

#[test]
fn root_relative_links_get_the_base_path_and_are_recorded() {
    let r = html_of("[g](/glossary/) and [h](#top)");
    assert!(r.html.contains(r#"href="/sub/glossary/""#));
    let targets: Vec<&str> = r.links.iter().map(|l| l.target.as_str()).collect();
    assert_eq!(targets, vec!["glossary/", "articles/a/#top"]);
}

#[test]
fn fenced_code_is_highlighted_and_never_autolinked() {
    let r = html_of("```rust\nlet qwen = 1;\n```\n");
    assert!(
        r.html.contains("<pre class=\"code\" tabindex=\"0\" data-lang=\"rust\">") && !r.html.contains("class=\"term\"")
    );
}

#[test]
fn tables_strikethrough_and_smart_punctuation_are_on() {
    let r = html_of("| a |\n|---|\n| b |\n\n~~x~~ \"q\"\n");
    assert!(r.html.contains("<table>") && r.html.contains("<del>x</del>") && r.html.contains("“q”"));
}

#[test]
fn image_without_alt_text_is_a_warning() {
    let r = html_of("![](/img.png)");
    assert_eq!(r.diagnostics[0].code, "missing-alt");
    assert!(r.html.contains(r#"src="/sub/img.png""#));
}

#[test]
fn raw_html_in_markdown_passes_through() {
    let r = html_of("<kbd>Ctrl</kbd>");
    assert!(r.html.contains("<kbd>Ctrl</kbd>"));
}

#[test]
fn a_term_and_the_punctuation_after_it_stay_in_one_group() {
    let r = html_of("We use [[qwen]], and parameters.");
    assert!(r.html.contains("</a></span>,</span> and"), "{}", r.html);
    assert!(r
        .html
        .contains("<span class=\"term-group\"><button type=\"button\" class=\"term\" id=\"term-parameters-1\""));
    assert!(r.html.contains("</a></span>.</span></p>"), "{}", r.html);
}

#[test]
fn the_print_copy_of_a_note_links_terms_without_ids() {
    let r = html_of("Text.[^n]\n\n[^n]: About [[qwen]].\n");
    assert_eq!(r.notes[0].html, "About <a class=\"term-link\" href=\"/sub/glossary/qwen/\">qwen</a>.");
    assert!(r.html.contains("popovertarget=\"def-qwen-1\""), "the sidenote itself keeps the popover");
    assert_eq!(r.mentions.len(), 1);
}

#[test]
fn an_empty_term_link_says_so_instead_of_naming_an_empty_term() {
    let rendered = html_of("See [[ ]] here.\n");
    let d = rendered.diagnostics.iter().find(|d| d.code == "unknown-term").expect("an unknown-term error");
    assert_eq!(d.message, "a term link with no term in it");
}

#[test]
fn a_dash_with_no_name_after_it_is_no_attribution() {
    let html = html_of("> Words.\n>\n> -- \n").html;
    assert!(!html.contains("<figcaption"), "{html}");
}

/// The codes of the problems of `r` but the fixture's own: its claim `size`, marked by few tests.
fn problems(r: &Rendered) -> Vec<&'static str> {
    r.diagnostics.iter().map(|d| d.code).filter(|code| *code != "unused-claim").collect()
}

#[test]
fn an_email_autolink_stays_a_mailto_address() {
    let r = html_of("Write to <foo@bar.example.com>.\n");
    assert!(r.html.contains(r#"<a href="mailto:foo@bar.example.com">foo@bar.example.com</a>"#), "{}", r.html);
    assert!(r.links.is_empty() && problems(&r).is_empty(), "{:?} {:?}", r.links, r.diagnostics);
}

#[test]
fn heading_attributes_are_kept_and_safe_mode_keeps_only_the_id_and_classes() {
    let f = fixture("## Title {.wide #t data-x=1 .big}\n");
    let r = render_with(&f, true);
    assert!(r.html.contains(r#"<h2 id="t" class="wide big" data-x="1">Title</h2>"#), "{}", r.html);
    let safe = render(&f.file.text, &RenderContext { safe: SafeMode::On, ..article_context(&f, true) });
    assert!(safe.html.contains(r#"<h2 id="t" class="wide big">Title</h2>"#), "{}", safe.html);
}

#[test]
fn a_heading_attribute_cannot_break_out_of_its_quotes() {
    let r = html_of("## Title {data-x=\"a\"b onclick=x}\n");
    let fragment = scraper::Html::parse_fragment(&r.html);
    let h2 = fragment.select(&scraper::Selector::parse("h2").unwrap()).next().expect("a heading");
    assert_eq!(h2.attr("id"), Some("title"));
    assert!(h2.value().attrs().all(|(name, _)| ["id", "data-x", "onclick", "b"].contains(&name)), "{}", r.html);
}

#[test]
fn a_bracket_that_opens_no_link_is_not_a_link_in_a_link() {
    let r = html_of("The interval [0, 1) is half-open, see [this](https://a.example) and [that](https://b.example).\n");
    assert!(problems(&r).is_empty(), "{:?}", r.diagnostics);
    assert_eq!(r.html.matches("<a href").count(), 2, "{}", r.html);
}

#[test]
fn a_link_in_an_image_s_description_is_its_words_and_not_checked() {
    let r = html_of("![foo [bar](/url) *too*](/img.png)\n");
    assert!(problems(&r).is_empty(), "{:?}", r.diagnostics);
    assert!(r.html.contains(r#"<img src="/sub/img.png" alt="foo bar too" "#), "{}", r.html);
    let targets: Vec<&str> = r.links.iter().map(|l| l.target.as_str()).collect();
    assert_eq!(targets, ["img.png"], "only the image's own URL is checked");
}

#[test]
fn a_note_referred_to_only_from_its_own_text_says_so() {
    let r = html_of("> first\n> [^2]: test\n> Second [^2] test\n");
    let d = r.diagnostics.iter().find(|d| d.code == "unused-note").expect("an unused note");
    assert_eq!(d.message, "the note `[^2]` is referred to only from its own text, so it is not shown");
    assert!(d.help.as_deref().unwrap_or("").contains("blank line"), "{:?}", d.help);
}

#[test]
fn a_note_s_text_indented_into_a_code_block_is_named_as_the_problem() {
    let r = html_of("footnote [^quux]\n\n    [^quux]: x\n");
    let d = r.diagnostics.iter().find(|d| d.code == "unknown-note").expect("an unknown note");
    assert!(d.message.contains("(line 3) is indented four spaces or more"), "{}", d.message);
    assert_eq!((d.line, d.column), (1, 10));
}

#[test]
fn a_paragraph_of_many_text_events_renders_in_time_that_grows_with_its_length() {
    // Quotes, entities and escapes make a text event each: 10,000 in a row per 100 KB.
    let sentence = "It's the \"model's\" choice &amp; the user's \\*escape\\* -- isn't it? ";
    let (short, long) =
        (fixture(&sentence.repeat(25_000 / sentence.len())), fixture(&sentence.repeat(400_000 / sentence.len())));
    let timed = |f: &_| {
        let started = std::time::Instant::now();
        render_with(f, true);
        started.elapsed()
    };
    // The best of five rounds, taken in turns, so a busy machine slows both sizes alike.
    let (mut best_short, mut best_long) = (std::time::Duration::MAX, std::time::Duration::MAX);
    for _ in 0..5 {
        best_short = best_short.min(timed(&short));
        best_long = best_long.min(timed(&long));
    }
    // Sixteen times the text: about sixteen times the time when linear, 256 when quadratic.
    assert!(best_long < best_short * 64, "25 KB in {best_short:?}, 400 KB in {best_long:?}");
}

#[test]
fn adjacent_text_events_are_merged_into_one_spanning_them() {
    let markdown = "It's &amp; \\*x\\* \"q\"";
    let events = collect_events(markdown, SafeMode::Off);
    let texts: Vec<(&str, Range<usize>)> = (events.iter())
        .filter_map(|(event, range)| match event {
            Event::Text(text) => Some((text.as_ref(), range.clone())),
            _ => None,
        })
        .collect();
    assert_eq!(texts, [("It’s & *x* “q”", 0..markdown.len())]);
}

#[test]
fn raw_html_links_and_code_hold_no_term_links() {
    let r = html_of("See <a href=\"https://e.org\">Qwen</a> and <code>parameters</code>, then Qwen.\n");
    assert!(r.html.contains("<a href=\"https://e.org\">Qwen</a>"), "{}", r.html);
    assert!(r.html.contains("<code>parameters</code>"), "{}", r.html);
    assert_eq!(r.html.matches("class=\"term\"").count(), 1, "only the last Qwen: {}", r.html);
}

#[test]
fn relative_urls_in_raw_html_are_rewritten_and_recorded_like_markdown_links() {
    let markdown =
        "<figure><img src=\"pic.png\" srcset=\"pic-2x.png 2x\" alt=\"A\">\n<figcaption>A</figcaption></figure>\n\n\
                    See <a href='/glossary/'>it</a> and <a href=\"#top\">top</a>.\n";
    let r = html_of(markdown);
    assert!(
        r.html.contains(r#"<img src="/sub/articles/pic.png" srcset="/sub/articles/pic-2x.png 2x" alt="A">"#),
        "{}",
        r.html
    );
    assert!(r.html.contains(r#"<a href="/sub/glossary/">it</a>"#), "{}", r.html);
    let links: Vec<(&str, bool, &str)> =
        r.links.iter().map(|l| (l.target.as_str(), l.relative, &markdown[l.span.clone()])).collect();
    assert_eq!(
        links,
        [
            ("articles/pic.png", true, "\"pic.png\""),
            ("articles/pic-2x.png", true, "\"pic-2x.png 2x\""),
            ("glossary/", false, "'/glossary/'"),
            ("articles/a/#top", false, "\"#top\"")
        ]
    );
}

#[test]
fn a_note_referred_to_only_from_another_note_says_which() {
    let r = html_of("Text.[^a]\n\n[^a]: See [^b].\n\n[^b]: Inner.\n");
    let d = r.diagnostics.iter().find(|d| d.code == "unused-note").expect("an unused note");
    assert_eq!(d.message, "the note `[^b]` is referred to only from the note `[^a]`, which cannot show it");
}

#[test]
fn a_term_named_only_in_a_claim_span_is_used_but_not_linked() {
    let r = html_of("[Qwen has many parameters](claim:size).\n");
    assert!(!r.html.contains("class=\"term\""), "{}", r.html);
    assert!(r.mentions.is_empty());
    assert_eq!(r.unlinked_terms, [2, 1], "qwen and parameters, by index");
}

#[test]
fn an_automatic_link_says_whether_it_was_written_in_lower_case() {
    let r = html_of("Qwen has parameters.\n\nThen [[distillation]].\n");
    let linked: Vec<Linked> = r.mentions.iter().map(|m| m.linked).collect();
    assert_eq!(
        linked,
        [Linked::Automatically { lower_case: false }, Linked::Automatically { lower_case: true }, Linked::Explicitly]
    );
}

#[test]
fn a_term_that_is_not_linked_automatically_is_linked_by_its_wikilinks_only() {
    let urls = Urls::new("/");
    let mut quiet = term("qwen", "Qwen", &[]);
    std::sync::Arc::make_mut(&mut quiet.meta).autolink = Some(false);
    let mut cased = term("result", "Result", &[]);
    std::sync::Arc::make_mut(&mut cased.meta).match_case = true;
    let (glossary, _) = Glossary::new(&[quiet, cased], &urls);
    let mut f = fixture("Qwen, the result. Result and [[qwen|it]].\n");
    f.definitions = definitions(&glossary, &urls, SafeMode::Off);
    f.glossary = glossary;
    let r = render_with(&f, true);
    let shown: Vec<String> = scraper::Html::parse_fragment(&r.html)
        .select(&scraper::Selector::parse("button.term").unwrap())
        .map(|b| b.text().collect())
        .collect();
    assert_eq!(shown, ["Result", "it"]);
}

#[test]
fn an_attribution_on_the_line_right_under_the_quotation_is_its_caption() {
    let r = html_of("> We chose them,\n> for *good* reasons.\n> — Joe Tsai, Alibaba\n");
    assert!(
        r.html.contains(
            "<figure class=\"quote\"><blockquote>\n<p>We chose them,\nfor <em>good</em> reasons.</p>\n</blockquote>\
             <figcaption>— Joe Tsai, Alibaba</figcaption></figure>"
        ),
        "{}",
        r.html
    );
}

#[test]
fn a_double_hyphen_before_the_attribution_is_an_em_dash() {
    for markdown in ["> Quote.\n>\n> -- Someone\n", "> Quote.\n> -- Someone\n"] {
        let r = html_of(markdown);
        assert!(r.html.contains("<figcaption>— Someone</figcaption>"), "{markdown:?}: {}", r.html);
    }
    let typed = html_of("> Quote.\n>\n> – Someone\n");
    assert!(typed.html.contains("<figcaption>– Someone</figcaption>"), "a typed en dash stays: {}", typed.html);
}

#[test]
fn a_dashed_line_inside_a_quotation_s_paragraph_is_not_an_attribution_when_nothing_precedes_it() {
    let r = html_of("> — not a name on its own\n");
    assert!(!r.html.contains("<figcaption"), "{}", r.html);
}

#[test]
fn a_term_s_short_definition_is_inline_markdown_in_its_popover() {
    let urls = Urls::new("/sub/");
    let mut qwen = term("qwen", "Qwen", &[]);
    std::sync::Arc::make_mut(&mut qwen.meta).short =
        "Alibaba's *open* models, run with `ollama`; see [[qwen]] & <b>x</b>.".into();
    let (glossary, _) = Glossary::new(&[qwen], &urls);
    let mut f = fixture("Qwen here.\n");
    f.definitions = definitions(&glossary, &urls, SafeMode::Off);
    f.glossary = glossary;
    let r = render_with(&f, true);
    assert!(
        r.html.contains(
            "<span class=\"term-pop__short\">Alibaba’s <em>open</em> models, run with <code>ollama</code>; see \
             <a href=\"/sub/glossary/qwen/\">qwen</a> &amp; <b>x</b>.</span>"
        ),
        "{}",
        r.html
    );
    assert_eq!(f.definitions[0].text, "Alibaba’s open models, run with ollama; see qwen & x.");
    let safe = definitions(&f.glossary, &urls, SafeMode::On);
    assert!(!safe[0].html.contains("<b>"), "safe mode drops the raw HTML: {}", safe[0].html);
}

/// Renders `markdown` as the fixture's article, with `images` as the site's pictures.
fn with_images(markdown: &str, images: &crate::images::ImageTable) -> Rendered {
    let f = fixture(markdown);
    render(&f.file.text, &RenderContext { images, ..article_context(&f, false) })
}

/// A table holding `articles/pic.jpg`, 4000 × 3000 pixels of `bytes` bytes, with two variants,
/// and `articles/broken.png`, which cannot be decoded.
fn picture_table(bytes: u64) -> crate::images::ImageTable {
    use crate::images::{Facts, ImageTable, Picture, Variant};
    let variants = vec![
        Variant { width: 480, path: "_img/pic-480.0000000a.webp".into() },
        Variant { width: 800, path: "_img/pic-800.0000000b.webp".into() },
    ];
    let facts = Facts { width: Some(4000), height: Some(3000), bytes, variants };
    let mut table = ImageTable { max_bytes: 1_000_000, ..ImageTable::default() };
    table.pictures.insert("articles/pic.jpg".into(), Picture::Shown(facts));
    table.pictures.insert("articles/broken.png".into(), Picture::Broken("truncated file".into()));
    table
}

#[test]
fn an_image_alone_in_its_paragraph_is_a_figure_with_caption_and_credit() {
    let r = html_of("Before.\n\n![A crowd](/pic.jpg \"Shanghai, 2019. | Photo: Li Wei\")\n\nAfter.\n");
    assert!(
        r.html.contains(
            "<figure class=\"figure\"><img src=\"/sub/pic.jpg\" alt=\"A crowd\" loading=\"eager\">\
             <figcaption>Shanghai, 2019. <small class=\"credit\">Photo: Li Wei</small></figcaption></figure>"
        ),
        "{}",
        r.html
    );
    assert!(!r.html.contains("<p><figure"), "{}", r.html);
}

#[test]
fn an_image_in_a_sentence_stays_inline_with_its_title() {
    let r = html_of("See ![a map](/map.png \"Map | x\") here and ![b](/b.png).\n");
    assert!(
        r.html.contains("<p>See <img src=\"/sub/map.png\" alt=\"a map\" title=\"Map | x\" loading=\"eager\"> here"),
        "{}",
        r.html
    );
    assert!(r.html.contains("alt=\"b\" loading=\"lazy\" decoding=\"async\">"), "{}", r.html);
    assert!(!r.html.contains("<figure"), "{}", r.html);
}

#[test]
fn a_figure_without_title_has_no_caption() {
    let r = html_of("![A crowd](/pic.jpg)\n");
    assert!(r.html.contains("<figure class=\"figure\"><img") && !r.html.contains("figcaption"), "{}", r.html);
}

#[test]
fn a_known_picture_gets_its_size_and_variants_and_later_ones_load_lazily() {
    let table = picture_table(10);
    let r = with_images("![One](pic.jpg)\n\n![Two](/articles/pic.jpg)\n", &table);
    assert!(problems(&r).is_empty(), "{:?}", r.diagnostics);
    let first = "<img src=\"/sub/articles/pic.jpg\" alt=\"One\" width=\"4000\" height=\"3000\" \
                 srcset=\"/sub/_img/pic-480.0000000a.webp 480w, /sub/_img/pic-800.0000000b.webp 800w\" \
                 sizes=\"(min-width: 40rem) 36rem, 100vw\" loading=\"eager\">";
    assert!(r.html.contains(first), "{}", r.html);
    assert!(r.html.contains("alt=\"Two\" width=\"4000\"") && r.html.contains("loading=\"lazy\" decoding=\"async\">"));
}

#[test]
fn an_undecodable_picture_is_an_error_and_a_large_one_a_warning_at_their_line() {
    let table = picture_table(2_500_000);
    let r = with_images("Text.\n\n![Broken](broken.png)\n\n![Big](pic.jpg)\n", &table);
    let found: Vec<(&str, Severity, usize)> =
        r.diagnostics.iter().filter(|d| d.code != "unused-claim").map(|d| (d.code, d.severity, d.line)).collect();
    assert_eq!(
        found,
        [("broken-image", Severity::Error, 3), ("large-image", Severity::Warning, 5)],
        "{:?}",
        r.diagnostics
    );
    assert!(r.diagnostics[0].message.contains("truncated file"));
    assert!(r.diagnostics[1].message.contains("2.5 MB"), "{}", r.diagnostics[1].message);
}
