//! Benchmark: where a full build's time goes, stage by stage. Times, on one generated explainer
//! corpus, what each stage of the pipeline costs on its own through the library — load (walk,
//! read, front matter), resolve (glossary and its matcher), render (every article's Markdown with
//! annotations and highlighting, in parallel as the build does it) — then a whole build into a
//! sink that discards the files, and a whole build into a staging folder swapped in as `glosa
//! build` does. The differences give the theme stage (templates, indexes, feeds) and the writing.
//!
//! First it times one article of a single 600 KB paragraph of plain prose full of quotes, entities
//! and escapes (each a text event of its own to pulldown-cmark, 60,000 in a row) against bare
//! pulldown-cmark on it: glosa's cost must grow with the text, not with its square.
//!
//! `cargo bench --bench stages` (N = 1000); `GLOSA_BENCH_ARTICLES=10000 cargo bench --bench stages`;
//! `GLOSA_BENCH_SITE=DIR` times an existing site instead of generating one;
//! `GLOSA_BENCH_PARAGRAPH_ONLY=1` times only the long paragraph.

mod common;

use glosa::build::{build_into, BuildOptions};
use glosa::diagnostic::Severity;
use glosa::load::{self, LoadOptions};
use glosa::model::Urls;
use glosa::output::{Discard, Staging};
use glosa::render::{self, RenderContext};
use glosa::resolve::{article_path, Glossary};
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Timed runs of each stage; the median is reported.
const REPETITIONS: usize = 5;

/// The allocator of the `glosa` binary, so the numbers are those of `glosa build`.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    long_paragraph();
    if std::env::var_os("GLOSA_BENCH_PARAGRAPH_ONLY").is_some() {
        return;
    }
    let generated = tempfile::tempdir().expect("temp dir");
    let site = match std::env::var_os("GLOSA_BENCH_SITE") {
        Some(dir) => PathBuf::from(dir),
        None => generate(generated.path()),
    };
    let outputs = tempfile::tempdir_in(site.parent().unwrap_or(Path::new("."))).expect("temp dir beside the site");
    let options = BuildOptions { root: site.clone(), ..BuildOptions::default() };
    let (content, problems) = load::load(&site, LoadOptions::default());
    assert!(problems.iter().all(|d| d.severity != Severity::Error), "the site does not load: {problems:?}");
    let urls = Urls::new(&content.config.base_url);
    let (glossary, _) = Glossary::new(&content.terms, &urls);
    let definitions = render::definitions(&glossary, &urls, glosa::sanitize::SafeMode::of(content.config.safe));
    println!("site: {} ({} articles, {} terms)", site.display(), content.articles.len(), content.terms.len());

    let load = median(|| drop(load::load(&site, LoadOptions::default())));
    let resolve = median(|| drop(Glossary::new(&content.terms, &urls)));
    // The first run parses every distinct code line; later ones find them in the highlighting
    // memo (it lasts as long as the process), as every build of `glosa serve` after the first.
    let (render_cold, render) = first_and_median(|| {
        content.articles.par_iter().for_each(|doc| {
            let page_path = article_path(&doc.slug);
            let ctx = RenderContext {
                file: &doc.file,
                body_offset: doc.body_offset,
                glossary: &glossary,
                urls: &urls,
                claims: Some(&doc.meta.claims),
                autolink: doc.meta.autolink.unwrap_or(content.config.autolink),
                self_term: None,
                page_path: &page_path,
                safe: glosa::sanitize::SafeMode::of(content.config.safe),
                reserved_ids: &glosa::theme::PAGE_IDS,
                definitions: &definitions,
                images: &glosa::images::NO_IMAGES,
                sources: &glosa::resolve::sources::Sources::default(),
                citable: None,
            };
            drop(render::render(doc.body(), &ctx));
        })
    });
    let unwritten = median(|| drop(build_into(&options, &Discard).expect("the site builds")));
    let mut run = 0;
    let written = median(|| {
        run += 1;
        let staging = Staging::create(&outputs.path().join(format!("out-{run}")), Arc::new(AtomicBool::new(false)))
            .expect("staging folder");
        build_into(&options, &staging).expect("the site builds");
        staging.commit().expect("swapped in");
    });

    let row = |stage: &str, time: Duration| println!("{stage:<58} {:>9} ms", ms(time));
    row("load: walk content/, read, split and parse front matter", load);
    row("resolve: glossary and its matcher", resolve);
    row("render: every article's Markdown (annotations, highlighting)", render_cold);
    row("  again, code lines remembered (so in the builds below)", render);
    row("whole build, files discarded", unwritten);
    row("  of which theme: templates, term pages, indexes, feeds", unwritten.saturating_sub(load + resolve + render));
    row("whole build, written to a staging folder and swapped in", written);
    row("  of which writing the files", written.saturating_sub(unwritten));
    // The output folders are removed only now: on some file systems creating files soon after
    // deleting many costs extra, which would charge each timed build for the previous cleanup.
}

/// Times the render stage on an article that is one paragraph of 600 KB, next to bare
/// pulldown-cmark with the same options (the paragraph's events alone, written as HTML).
fn long_paragraph() {
    let sentence = "It's the \"model's\" choice &amp; the user's \\*escape\\* -- isn't it? ";
    let markdown = sentence.repeat(600_000 / sentence.len());
    let file = load::SourceFile { path: "content/articles/long.md".into(), text: markdown.as_str().into() };
    let urls = Urls::new("/");
    let (glossary, _) = Glossary::new(&[], &urls);
    let ctx = RenderContext {
        definitions: &[],
        images: &glosa::images::NO_IMAGES,
        sources: &glosa::resolve::sources::Sources::default(),
        citable: None,
        file: &file,
        body_offset: 0,
        glossary: &glossary,
        urls: &urls,
        claims: None,
        autolink: true,
        self_term: None,
        page_path: "articles/long/",
        safe: glosa::sanitize::SafeMode::Off,
        reserved_ids: &glosa::theme::PAGE_IDS,
    };
    let glosa = median(|| drop(render::render(&markdown, &ctx)));
    let bare = median(|| {
        let mut html = String::new();
        pulldown_cmark::html::push_html(
            &mut html,
            pulldown_cmark::Parser::new_ext(&markdown, render::parser_options()),
        );
        drop(html);
    });
    let row = |what: &str, time: Duration| println!("{what:<58} {:>9} ms", ms(time));
    row(&format!("render: one paragraph of {} KB", markdown.len() / 1000), glosa);
    row("  bare pulldown-cmark on it, same options", bare);
}

/// Generates the corpus `GLOSA_BENCH_ARTICLES` asks for into `dir`.
fn generate(dir: &Path) -> PathBuf {
    common::generate_corpus(dir, common::articles_wanted());
    dir.to_path_buf()
}

/// The median time of [`REPETITIONS`] runs of `work`, after one untimed run.
fn median(work: impl FnMut()) -> Duration {
    first_and_median(work).1
}

/// The time of a first run of `work`, and the median of [`REPETITIONS`] runs after it.
fn first_and_median(mut work: impl FnMut()) -> (Duration, Duration) {
    let started = Instant::now();
    work();
    let first = started.elapsed();
    let mut times: Vec<Duration> = (0..REPETITIONS)
        .map(|_| {
            let started = Instant::now();
            work();
            started.elapsed()
        })
        .collect();
    times.sort();
    (first, times[REPETITIONS / 2])
}

fn ms(time: Duration) -> String {
    format!("{:.1}", time.as_secs_f64() * 1000.0)
}
