//! Arbitrary UTF-8 as an annotated-Markdown body, rendered by `glosa::render::render` with a small
//! fixed glossary (terms with aliases, plural, `-ation` and non-ASCII names) and a few claims,
//! autolinking on: as an article body with raw HTML allowed and with `safe: true`, as a term's
//! own explanation (no claims, never linking to itself), and as a claim note (`render_plain`).
//! Asserts no panic, and that every problem names the file and a line inside it.

#![no_main]

use glosa::load::{self, Document, Parsed, SourceFile};
use glosa::model::{ArticleMeta, TermMeta};
use glosa::render::{self, RenderContext};
use glosa::model::Urls;
use glosa::resolve::Glossary;
use glosa::sanitize::SafeMode;
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

/// The article front matter every body is rendered under: the claims the body can mark.
const FRONT: &str = "---
title: \"Fuzz\"
date: 2025-02-14
claims:
  qwen-date:
    verdict: inaccurate
    note: \"It came out in **September**, see [[qwen]] <b>and</b> [x](javascript:alert(1)).\"
    sources:
      - {title: \"Qwen2.5 blog\", url: \"https://qwenlm.github.io/blog/qwen2.5/\"}
  known: {verdict: accurate}
  checked: {verdict: misleading, note: \"A *note*.[^n]\"}
---
";

/// The glossary: `(slug, front matter)`.
const TERMS: [(&str, &str); 6] = [
    ("distillation", "term: Distillation\naliases: [knowledge distillation, distilled]\nshort: \"A <b>teacher</b>.\""),
    ("large-language-model", "term: large language model\naliases: [LLM, LLMs]\nshort: A model."),
    ("parameters", "term: Parameters\naliases: [parameter, params]\nshort: Weights & biases."),
    ("qwen", "term: Qwen\naliases: [Tongyi Qianwen, Qwen2.5, 通义千问]\nshort: Alibaba's models."),
    ("reverse-brain-drain", "term: Reverse brain drain\nshort: Coming home.\nsee_also: [qwen]"),
    ("unicode", "term: Ünïcödé\naliases: [ǅemal, İstanbul, ß]\nshort: Case folding is not ASCII."),
];

struct Fixture {
    article: Document<ArticleMeta>,
    terms: Vec<Document<TermMeta>>,
    glossary: Glossary,
    urls: Urls,
}

fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let parse = |path: String, text: String| {
            load::parse_source(SourceFile { path: path.into(), text: text.into() }).unwrap()
        };
        let Parsed::Article(article) = parse("content/articles/fuzz.md".into(), FRONT.into()) else { unreachable!() };
        let terms: Vec<Document<TermMeta>> = TERMS
            .iter()
            .map(|(slug, meta)| match parse(format!("content/glossary/{slug}.md"), format!("---\n{meta}\n---\n")) {
                Parsed::Term(doc) => doc,
                _ => unreachable!(),
            })
            .collect();
        let urls = Urls::new("https://example.org/sub/");
        let (glossary, problems) = Glossary::new(&terms, &urls);
        assert!(problems.is_empty(), "{problems:?}");
        Fixture { article, terms, glossary, urls }
    })
}

fn render_checked(file: &SourceFile, ctx: &RenderContext) {
    let rendered = render::render(&file.text[ctx.body_offset..], ctx);
    let lines = file.text.split('\n').count();
    for d in &rendered.diagnostics {
        assert_eq!(d.file, file.path, "{d:?}");
        assert!(d.line <= lines, "line {} of a {lines}-line file: {d:?}", d.line);
    }
}

fuzz_target!(|body: &str| {
    let f = fixture();
    let article = SourceFile { path: f.article.file.path.clone(), text: format!("{FRONT}{body}").into() };
    for safe in [SafeMode::Off, SafeMode::On] {
        let ctx = RenderContext {
            file: &article,
            body_offset: FRONT.len(),
            glossary: &f.glossary,
            urls: &f.urls,
            claims: Some(&f.article.meta.claims),
            autolink: true,
            self_term: None,
            page_path: "articles/fuzz/",
            safe,
            reserved_ids: &glosa::theme::PAGE_IDS,
        };
        render_checked(&article, &ctx);
    }
    let term = &f.terms[0];
    let text = format!("{}{body}", term.file.text);
    let term_file = SourceFile { path: term.file.path.clone(), text: text.into() };
    let ctx = RenderContext {
        file: &term_file,
        body_offset: term.body_offset,
        glossary: &f.glossary,
        urls: &f.urls,
        claims: None,
        autolink: true,
        self_term: Some(0),
        page_path: "glossary/distillation/",
        safe: SafeMode::Off,
        reserved_ids: &glosa::theme::PAGE_IDS,
    };
    render_checked(&term_file, &ctx);
    let links = render::PlainLinks { urls: &f.urls, glossary: &f.glossary, source: &f.article.file.path };
    render::render_plain(body, render::Shape::Inline, SafeMode::On, links);
    render::render_plain(body, render::Shape::Blocks, SafeMode::Off, links);
});
