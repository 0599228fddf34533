//! The pipeline: load -> resolve -> render -> theme -> (links checked, in `links.rs`) -> output,
//! as a flat list of steps. Every stage reports problems as diagnostics; the build fails if any
//! is an error.

pub mod folder;
mod ids;
mod links;

use crate::cache::bodies::BodyCache;
use crate::cache::keys::{render_environment, site_shape};
use crate::cache::pages::{write_pages, PageKeys};
use crate::cache::{BodiesToKeep, BuildCache, Fresh, SourcesLayout};
use crate::diagnostic::{has_errors, sort_diagnostics, Diagnostic};
use crate::images::ImageTable;
use crate::load::{self, Content, Document, LoadOptions};
use crate::model::Urls;
use crate::model::{Citation, Claim};
use crate::output::progress::ProgressHandle;
use crate::output::{write_error, Output, Sink};
use crate::render::spill::Spill;
use crate::render::{self, RenderContext};
use crate::resolve::taxonomy::{taxon_path, Kind};
use crate::resolve::{self, article_path, page_path, term_path, Glossary};
use crate::sanitize::SafeMode;
use crate::site::{self, Article, Intro, Page, Site, Term};
use crate::theme::pages::{PageSelection, Pages};
use crate::theme::search;
use crate::theme::Theme;
use links::{check_internal_links, fragment_targets, unbuilt_pages, Recorder};
use rayon::prelude::*;
use std::collections::{BTreeMap, HashSet};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

/// What to build.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// The site root (holding `content/` and `themes/`).
    pub root: PathBuf,
    /// Overrides `base_url` from `site.yaml`.
    pub base_url: Option<String>,
    /// Include draft articles.
    pub drafts: bool,
    /// Where to tell how far the build is (nowhere by default).
    pub progress: ProgressHandle,
}

/// A successful build: the files and the warnings met on the way.
#[derive(Debug, Clone)]
pub struct Built {
    /// Every file of the site, in memory (shared with the cache, which keeps it for the next
    /// rebuild; it becomes that rebuild's output without a copy once the caller has let go of it).
    pub output: Arc<Output>,
    /// Warnings (the build had no errors).
    pub warnings: Vec<Diagnostic>,
    /// Counts for the summary line.
    pub stats: BuildStats,
    /// The path the site is served under (`/` or `/repo/`), for files that name URL paths.
    pub base_path: String,
}

/// Counts for the one-line build summary.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BuildStats {
    /// Articles built.
    pub articles: usize,
    /// Glossary terms built.
    pub terms: usize,
    /// HTML pages written.
    pub pages: usize,
    /// Documents whose rendered body was reused from a cache instead of rendered again.
    pub reused_bodies: usize,
    /// Resized image variants made (decoded, scaled and encoded) by this build.
    pub images_made: usize,
    /// Resized image variants taken from `.glosa-cache/images/`, made by an earlier build.
    pub images_reused: usize,
}

/// A successful build written to a [`Sink`]: what it wrote and the warnings met on the way.
#[derive(Debug, Clone)]
pub struct Summary {
    /// Warnings (the build had no errors).
    pub warnings: Vec<Diagnostic>,
    /// Counts for the summary line.
    pub stats: BuildStats,
    /// The path the site is served under (`/` or `/repo/`), for files that name URL paths.
    pub base_path: String,
    /// Every file written, relative to the output folder, in path order.
    pub paths: Vec<String>,
}

/// Builds the site in memory. On failure returns every diagnostic found, errors and warnings,
/// sorted by file and line.
pub fn build(options: &BuildOptions) -> Result<Built, Vec<Diagnostic>> {
    build_with_cache(options, &mut BuildCache::default())
}

/// Builds the site reusing what `cache` kept from the previous build (see [`crate::cache`]);
/// the result is the same as [`build`]'s. On success the cache is updated for the next build.
pub fn build_with_cache(options: &BuildOptions, cache: &mut BuildCache) -> Result<Built, Vec<Diagnostic>> {
    let rendered = Mutex::new(Output::default());
    let (finished, site) = run(options, cache, &rendered, Retention::Everything)?;
    let mut output = finished.previous.map_or_else(Output::default, |previous| {
        Arc::try_unwrap(previous).unwrap_or_else(|still_shared| (*still_shared).clone())
    });
    for path in &finished.stale {
        output.remove(path);
    }
    output.extend(rendered.into_inner().unwrap_or_else(|poisoned| poisoned.into_inner()));
    let output = Arc::new(output);
    cache.remember(&site, (finished.shape, finished.sources), finished.environment, Arc::clone(&output));
    let Summary { warnings, stats, base_path, .. } = finished.summary;
    Ok(Built { output, warnings, stats, base_path })
}

/// Builds the site and hands every file to `sink` as soon as it is rendered, so the site is never
/// held in memory whole (`glosa build` writes it into a staging folder this way). On failure
/// returns every diagnostic found; what the sink received is then not a complete site.
pub fn build_into(options: &BuildOptions, sink: &dyn Sink) -> Result<Summary, Vec<Diagnostic>> {
    let (finished, site) = run(options, &mut BuildCache::default(), sink, Retention::Summaries)?;
    drop_later(site);
    Ok(finished.summary)
}

/// Frees a finished build's site on another thread: dropping 10,000 documents with their
/// texts and bodies takes about 0.1 s that the caller (often a process about to exit, whose
/// memory the system reclaims at once) need not wait for.
fn drop_later(site: Site) {
    std::thread::spawn(move || drop(site));
}

/// Builds the site into `sink` as [`build_into`] does, reusing the bodies kept in `stored`
/// and taking over every page whose inputs hash as in `previous` (the page keys of the build
/// that wrote the output folder) from the output folder with [`Sink::reuse`] instead of
/// rendering it. Keeps this build's bodies in `stored` and returns its page keys, for the next.
/// The files the sink receives are the same as a clean build's.
pub fn build_reusing(
    options: &BuildOptions,
    sink: &dyn Sink,
    previous: PageKeys,
    stored: BodyCache,
) -> Result<(Summary, PageKeys), Vec<Diagnostic>> {
    let mut cache = BuildCache::reusing_output(previous, stored);
    let (mut finished, site) = run(options, &mut cache, sink, Retention::Everything)?;
    let stored = cache.bodies_of(&site, finished.environment).map_or(Ok(()), BodiesToKeep::save);
    if let Err(error) = stored {
        finished.summary.warnings.push(
            Diagnostic::warning(
                "io",
                crate::cache::record::CACHE_DIR,
                format!("cannot keep the rendered bodies: {error}"),
            )
            .with_help("the next `glosa build --incremental` renders those documents again"),
        );
    }
    drop_later(site);
    Ok((finished.summary, cache.into_page_keys()))
}

/// What a build keeps of each article between rendering it and writing its pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Retention {
    /// Everything, in memory: the site is kept for the next rebuild (`glosa serve`, the language
    /// server) or its bodies and texts saved for it (`glosa build --incremental`).
    Everything,
    /// What the pages of other documents show: an article's text is loaded with its front matter
    /// only and its body read from the file when it is rendered ([`load::read_again`]), the
    /// body's HTML is set aside on disk until its page is written ([`crate::render::spill`]) and
    /// the text cut to the front matter again (a broken link's diagnostic reads the file again),
    /// so a one-off build of 100,000 articles does not hold them all (`glosa build`,
    /// `glosa check`).
    Summaries,
}

/// What [`run`] leaves for its caller besides the site.
struct Finished {
    summary: Summary,
    /// In a partial rebuild, the previous output, which holds the pages not rendered again.
    previous: Option<Arc<Output>>,
    /// Files of the previous output this build no longer has (see [`search::SearchIndex::stale`]).
    stale: Vec<String>,
    shape: u64,
    /// What its sources pages list where.
    sources: SourcesLayout,
    environment: u64,
}

/// The pipeline, writing into `sink`. A partial rebuild writes only the pages an edit touched; its
/// links are checked against the previous output with those pages replaced.
fn run(
    options: &BuildOptions,
    cache: &mut BuildCache,
    sink: &dyn Sink,
    retention: Retention,
) -> Result<(Finished, Site), Vec<Diagnostic>> {
    options.progress.stage("loading", 0);
    let front_matter_only = retention == Retention::Summaries;
    let load_options = LoadOptions { drafts: options.drafts, front_matter_only };
    let (mut content, mut diagnostics) = load::load_cached(&options.root, load_options, &mut cache.parsed);
    let unbuilt = unbuilt_pages(&content, &diagnostics);
    if let Some(base_url) = &options.base_url {
        content.config.base_url = base_url.clone();
    }
    let urls = Urls::new(&content.config.base_url);
    let (glossary, mut problems) = Glossary::new_reusing(&content.terms, &urls, cache.glossary());
    diagnostics.append(&mut problems);
    diagnostics.extend(resolve::check_page_slugs(&content));
    diagnostics.extend(resolve::check_titles(&content));
    diagnostics.extend(resolve::check_lengths(&content));
    diagnostics.extend(crate::sanitize::check_source_urls(&content));
    let (sources, mut problems) = resolve::sources::Sources::new(&content);
    diagnostics.append(&mut problems);
    let ([tags, authors], mut problems) = cache.taxonomies(&content);
    diagnostics.append(&mut problems);
    diagnostics.extend(resolve::taxonomy::unlisted_bios(&authors, &content.authors));

    let images = crate::cache::images::prepare(&options.root, &content.assets, content.config.images);
    diagnostics.extend(images.problems.iter().cloned());
    let environment = render_environment(&content, &urls, &crate::theme::PAGE_IDS, &images.table);
    let theme = Theme::load(&options.root, &content.config.theme, urls.base_path(), cache.theme());
    let theme_key = theme.as_ref().map_or(0, |t| t.fingerprint);
    let shape = site_shape(&content, environment, theme_key);
    let changed = cache.changed_definitions(&glossary);
    if sink.stopped() {
        return Err(vec![crate::output::interrupted()]);
    }
    let stopped = || sink.stopped();
    let progress = &options.progress;
    let documents = content.articles.len() + content.terms.len() + content.pages.len() + content.authors.len();
    progress.stage("rendering", documents + content.unparsed.len() + usize::from(content.intro.is_some()));
    // Without a spill (the temporary folder cannot be written) the bodies stay in memory.
    let spill = (retention == Retention::Summaries).then(|| Spill::new().ok().map(Arc::new)).flatten();
    let (mut site, fresh) = render_site(
        content,
        (urls, glossary, &images.table, sources),
        (cache, environment, &changed, progress, spill),
        front_matter_only.then_some(options.root.as_path()),
        &stopped,
        &mut diagnostics,
    );
    site.tags = tags;
    site.authors = authors;
    if retention == Retention::Summaries {
        site.forget_unlisted_sentences();
    }
    if sink.stopped() {
        return Err(vec![crate::output::interrupted()]);
    }
    diagnostics.extend(crate::lint::content_warnings(&site));
    let (listings, sources) = cache.source_listings(&site, &fresh);
    let selection = cache.selection(&site, (shape, sources), &fresh, &listings);
    let theme = match theme {
        Ok(theme) => Some(theme),
        Err(mut problems) => {
            diagnostics.append(&mut problems);
            None
        }
    };
    let previous = match selection {
        PageSelection::Some { .. } => cache.take_previous_output(),
        PageSelection::All => None,
    };
    let recorder = Recorder::new(sink, fragment_targets(&site), previous.as_deref());
    // Links are checked only against a complete output: a page that failed to render is not
    // missing, and every link to it would be reported as broken besides the template's error.
    let mut all_pages_written = theme.is_some();
    let page_keys_before = cache.page_keys_before();
    let mut stale = Vec::new();
    if let Some(theme) = &theme {
        let pages = Pages::new(&site, theme, cache.search_index(&site), &listings);
        if let Some(previous) = &previous {
            stale = pages.search().stale(previous.paths_under(search::FOLDER));
        }
        if let Err(mut problems) = write_pages(&pages, &selection, cache.page_keys(), &recorder, progress) {
            diagnostics.append(&mut problems);
            all_pages_written = false;
        }
        for (path, bytes) in &theme.static_files {
            diagnostics.extend(recorder.put(path, bytes.clone()).err().map(|e| write_error(path, &e)));
        }
    }
    for (path, bytes) in images.variants {
        diagnostics.extend(recorder.put(&path, bytes).err().map(|e| write_error(&path, &e)));
    }
    for asset in &site.assets {
        let rel = crate::diagnostic::display_path(asset);
        if recorder.generated(&rel) {
            diagnostics.push(
                Diagnostic::error(
                    "asset-collision",
                    PathBuf::from("content").join(asset),
                    format!("this file would replace /{rel}, which glosa writes itself"),
                )
                .with_help("move or rename the file: pages, feeds, the sitemap and the theme's files have their paths"),
            );
            continue;
        }
        match std::fs::read(options.root.join("content").join(asset)) {
            Ok(bytes) => match site.config.safe.then(|| crate::sanitize::active_file(asset, &bytes)).flatten() {
                Some(why) => diagnostics.push(active_file(asset, &why)),
                None => diagnostics.extend(recorder.put(&rel, bytes).err().map(|e| write_error(&rel, &e))),
            },
            Err(error) => diagnostics.push(Diagnostic::error(
                "io",
                PathBuf::from("content").join(asset),
                format!("cannot read: {error}"),
            )),
        }
    }
    let written = recorder.finish();
    if all_pages_written {
        // A page whose source could not be read is missing for that reason, already reported.
        let links = check_internal_links(&site, &written, &options.root);
        let unbuilt_target = |target: &String| unbuilt.contains(target) || unbuilt.contains(&format!("{target}/"));
        diagnostics.extend(links.into_iter().filter(|(target, _)| !unbuilt_target(target)).map(|(_, d)| d));
    }
    sort_diagnostics(&mut diagnostics);
    if has_errors(&diagnostics) {
        // Listing pages skipped or rendered in this failed build are not in the kept output.
        cache.restore_page_keys(page_keys_before);
        if let Some(previous) = previous {
            cache.restore_previous_output(previous);
        }
        cache.remember_failed(&site, environment);
        if let Some(theme) = theme {
            cache.keep_theme(theme);
        }
        return Err(diagnostics);
    }
    if let Some(theme) = &theme {
        cache.keep_theme(Arc::clone(theme));
    }
    let stats = BuildStats {
        articles: site.articles.len(),
        terms: site.terms.len(),
        pages: written.paths.iter().filter(|p| p.ends_with(".html")).count(),
        reused_bodies: site.documents().count() - fresh.count(),
        images_made: images.made,
        images_reused: images.reused,
    };
    let summary = Summary {
        warnings: diagnostics,
        stats,
        base_path: site.urls.base_path().to_string(),
        paths: written.paths.into_iter().collect(),
    };
    Ok((Finished { summary, previous, stale, shape, sources, environment }, site))
}

/// The error for a file of `content/` (at `asset` under it) that a `safe: true` site does not
/// publish, and `why`.
fn active_file(asset: &std::path::Path, why: &str) -> Diagnostic {
    let message = format!("{why}: a `safe: true` site publishes no such file");
    Diagnostic::error("active-file", PathBuf::from("content").join(asset), message).with_help(
        "remove it, or make it something the site can publish: a Markdown page, a PNG image, an SVG without \
         scripts or outside references",
    )
}

/// At most this many documents go to a thread at once, so both threads run until the end
/// (rayon otherwise splits the list into a few long runs, one per thread and a spare).
const DOCUMENTS_PER_TASK: usize = 16;

/// Renders every document's Markdown in parallel and assembles the [`Site`]; bodies found in
/// `cache` are reused. Articles loaded with their front matter only have their files read again
/// from under `read_bodies_from`, one at a time as they are rendered. Also says which documents
/// were rendered afresh.
fn render_site(
    content: Content,
    (urls, glossary, images, sources): (Urls, Glossary, &ImageTable, resolve::sources::Sources),
    (cache, environment, changed, progress, spill): (
        &BuildCache,
        u64,
        &HashSet<usize>,
        &ProgressHandle,
        Option<Arc<Spill>>,
    ),
    read_bodies_from: Option<&std::path::Path>,
    stopped: &(dyn Fn() -> bool + Sync),
    diagnostics: &mut Vec<Diagnostic>,
) -> (Site, Fresh) {
    let Content { config, registry: _, intro, articles, terms, pages, authors, assets, unparsed } = content;
    let citable = render::CitableClaims::new(articles.iter().map(|a| (a.slug.clone(), Arc::clone(&a.meta))));
    let site_autolink = config.autolink;
    let site_safe = SafeMode::of(config.safe);
    let definitions = render::definitions(&glossary, &urls, site_safe);
    let render_doc = |file: &load::SourceFile,
                      body_offset: usize,
                      claims: Option<&BTreeMap<String, Claim>>,
                      autolink: bool,
                      self_term: Option<usize>,
                      page_path: &str,
                      sources_key: u64| {
        let ctx = RenderContext {
            file,
            body_offset,
            glossary: &glossary,
            urls: &urls,
            claims,
            autolink,
            self_term,
            page_path,
            safe: site_safe,
            reserved_ids: &crate::theme::PAGE_IDS,
            definitions: &definitions,
            images,
            sources: &sources,
            citable: Some(&citable),
        };
        if stopped() {
            // The build was interrupted: its site is thrown away, so nothing more is rendered.
            return (Arc::new(render::Rendered::default()), false);
        }
        // A body citing claims of other articles shows their verdicts: reused while they hold.
        let body = match cache
            .rendered(file, environment, changed, &glossary, sources_key)
            .filter(|body| citable.still_shown(body))
        {
            Some(body) => (body, false),
            None => {
                let mut body = render::render(&file.text[body_offset..], &ctx);
                body.sources_key = sources_key;
                (Arc::new(body), true)
            }
        };
        progress.advance();
        body
    };
    let articles: Vec<(Article, bool, Vec<Diagnostic>)> = articles
        .into_par_iter()
        .with_max_len(DOCUMENTS_PER_TASK)
        .map(|mut doc| {
            let mut problems = Vec::new();
            if let Some(root) = read_bodies_from {
                match load::read_again(root, &doc) {
                    Ok(file) => doc.file = file,
                    Err(problem) => problems.push(problem),
                }
            }
            let autolink = doc.meta.autolink.unwrap_or(site_autolink);
            let path = article_path(&doc.slug);
            let cited: Vec<&Citation> = doc.meta.claims.values().flat_map(|claim| &claim.sources).collect();
            let key = sources.cited_key(&cited);
            let (body, fresh) =
                render_doc(&doc.file, doc.body_offset, Some(&doc.meta.claims), autolink, None, &path, key);
            let corrections = &doc.meta.corrections;
            let plain_links = render::PlainLinks { urls: &urls, glossary: &glossary, source: &doc.file.path };
            let corrections_html = corrections
                .iter()
                .map(|c| render::render_plain(&c.text, render::Shape::Inline, site_safe, plain_links))
                .collect();
            let (correction_links, correction_problems) = correction_links(&doc, &glossary);
            problems.extend(correction_problems);
            problems.extend(crate::lint::placeholders([&doc], []));
            let body = match &spill {
                Some(spill) => {
                    // Nothing reads the body's text once it is rendered and linted.
                    doc.keep_front_matter_only();
                    set_aside(body, spill)
                }
                None => body,
            };
            (Article { doc, body, corrections_html, correction_links }, fresh, problems)
        })
        .collect();
    let articles: Vec<(Article, bool)> = articles
        .into_iter()
        .map(|(article, fresh, mut problems)| {
            diagnostics.append(&mut problems);
            (article, fresh)
        })
        .collect();
    let terms: Vec<(Term, bool)> = terms
        .into_par_iter()
        .with_max_len(DOCUMENTS_PER_TASK)
        .enumerate()
        .map(|(index, doc)| {
            let path = term_path(&doc.slug);
            // The term's page shows its sources: its body is keyed by them, so the page is
            // rendered again when they change.
            let key = sources.cited_key(&doc.meta.sources.iter().collect::<Vec<_>>());
            let (body, fresh) = render_doc(&doc.file, doc.body_offset, None, site_autolink, Some(index), &path, key);
            let definition = definitions[index].clone();
            (Term { doc, body, definition }, fresh)
        })
        .collect();
    let pages: Vec<(Page, bool)> = pages
        .into_par_iter()
        .map(|doc| {
            let path = page_path(&doc.slug);
            let (body, fresh) = render_doc(&doc.file, doc.body_offset, None, site_autolink, None, &path, 0);
            (Page { doc, body }, fresh)
        })
        .collect();
    // A file whose front matter failed is not built, but its body's problems are told now.
    let unparsed_problems: Vec<Vec<Diagnostic>> = unparsed
        .par_iter()
        .map(|body| {
            let path = resolve::document_path(&body.file.path).unwrap_or_default();
            let (rendered, _) = render_doc(&body.file, body.body_offset, None, site_autolink, None, &path, 0);
            // Its claims are in the front matter that could not be read.
            let about_claims = ["claim-outside-article", "unknown-claim", "unused-claim", "duplicate-claim"];
            rendered.diagnostics.iter().filter(|d| !about_claims.contains(&d.code)).cloned().collect()
        })
        .collect();
    diagnostics.extend(unparsed_problems.into_iter().flatten());
    let bios: Vec<site::Bio> = authors
        .into_par_iter()
        .map(|doc| {
            let path = taxon_path(Kind::Authors, &doc.slug);
            let (body, _) = render_doc(&doc.file, doc.body_offset, None, site_autolink, None, &path, 0);
            site::Bio { doc, body }
        })
        .collect();
    let intro = intro.map(|doc: Document<_>| {
        let (body, fresh) = render_doc(&doc.file, doc.body_offset, None, site_autolink, None, "", 0);
        (Intro { doc, body }, fresh)
    });
    // Each body's diagnostics are the build's; says whether the body was rendered now.
    let mut note = |body: &render::Rendered, rendered_now: bool| {
        diagnostics.extend(body.diagnostics.iter().cloned());
        rendered_now
    };
    let fresh = Fresh {
        articles: articles.iter().enumerate().filter(|(_, (a, now))| note(&a.body, *now)).map(|(i, _)| i).collect(),
        terms: terms.iter().enumerate().filter(|(_, (t, now))| note(&t.body, *now)).map(|(i, _)| i).collect(),
        pages: pages.iter().enumerate().filter(|(_, (p, now))| note(&p.body, *now)).map(|(i, _)| i).collect(),
        intro: intro.as_ref().is_some_and(|(i, now)| note(&i.body, *now)),
    };
    // A bio is in the site's shape: an edit to one renders every page anyway.
    for bio in &bios {
        note(&bio.body, true);
    }
    let articles: Vec<Article> = articles.into_iter().map(|(a, _)| a).collect();
    let terms: Vec<Term> = terms.into_iter().map(|(t, _)| t).collect();
    let pages = pages.into_iter().map(|(p, _)| p).collect();
    let intro = intro.map(|(i, _)| i);
    let backlinks = site::backlinks(terms.len(), &articles);
    let article_counts = site::article_counts(&backlinks);
    let (tags, authors) = Default::default();
    let site = Site {
        config,
        urls,
        glossary,
        sources,
        intro,
        articles,
        terms,
        pages,
        assets,
        backlinks,
        article_counts,
        tags,
        authors,
        bios,
        spill,
    };
    (site, fresh)
}

/// `body` with its HTML written to `spill` instead of held; as it is if that fails (it then
/// stays in memory).
fn set_aside(body: Arc<render::Rendered>, spill: &Spill) -> Arc<render::Rendered> {
    if body.spilled.is_some() {
        return body;
    }
    let Ok(at) = spill.put(&body.html) else { return body };
    let mut body = Arc::unwrap_or_clone(body);
    body.html = String::new();
    body.spilled = Some(at);
    Arc::new(body)
}

/// The root-relative links of an article's corrections and the problems of their links (see
/// [`render::plain::check_front_matter_links`]), located in its front matter.
fn correction_links(
    doc: &Document<crate::model::ArticleMeta>,
    glossary: &Glossary,
) -> (Vec<render::InternalLink>, Vec<Diagnostic>) {
    if doc.meta.corrections.is_empty() {
        // Most articles have none: their front matter is not searched for the key on every build.
        return (Vec::new(), Vec::new());
    }
    let text = &doc.file.text;
    let from = crate::load::frontmatter::key_span(&text[..doc.body_offset], "corrections").map_or(0, |key| key.start);
    let mut links = Vec::new();
    let mut problems = Vec::new();
    for correction in &doc.meta.corrections {
        let what = format!("the correction of {}", correction.date);
        let (found, located) = render::plain::check_front_matter_links(
            &correction.text,
            &what,
            (text, doc.body_offset, from),
            &doc.file.path,
            glossary,
        );
        links.extend(found);
        problems.extend(located.into_iter().map(|(d, span)| d.at(text, span)));
    }
    (links, problems)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The repository's own site, built with `retention`, its pages thrown away.
    fn bundled_site(retention: Retention) -> Site {
        let options = BuildOptions { root: PathBuf::from(env!("CARGO_MANIFEST_DIR")), ..BuildOptions::default() };
        let (_, site) = run(&options, &mut BuildCache::default(), &crate::output::Discard, retention)
            .unwrap_or_else(|problems| panic!("the bundled site builds: {problems:?}"));
        site
    }

    #[test]
    fn a_one_off_build_keeps_no_article_body_or_text_in_memory_and_reads_the_same_html_back() {
        let kept = bundled_site(Retention::Everything);
        let site = bundled_site(Retention::Summaries);
        assert!(!site.articles.is_empty());
        for (article, same) in site.articles.iter().zip(&kept.articles) {
            assert!(article.body.html.is_empty() && article.body.spilled.is_some(), "{:?}", article.doc.file.path);
            assert_eq!(&*article.doc.file.text, &same.doc.file.text[..same.doc.body_offset], "only the front matter");
            assert!(!same.body.html.is_empty());
            assert_eq!(site.html_of(&article.body).unwrap(), same.body.html);
        }
    }

    #[test]
    fn a_one_off_build_keeps_only_the_mention_sentences_a_term_page_lists() {
        let dir = tempfile::tempdir().unwrap();
        let write = |rel: &str, text: &str| {
            let path = dir.path().join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        };
        write("content/site.yaml", "title: T\nterm_mentions: 1\n");
        write("content/glossary/qwen.md", "---\nterm: Qwen\nshort: A model.\n---\nA model.\n");
        write("content/articles/old.md", "---\ntitle: Old\ndate: 2025-01-01\n---\nOld [[qwen]] news.\n");
        write("content/articles/new.md", "---\ntitle: New\ndate: 2025-02-01\n---\nNew [[qwen]] news.\n");
        let options = BuildOptions { root: dir.path().to_path_buf(), ..BuildOptions::default() };
        let built = |retention| {
            let (_, site) = run(&options, &mut BuildCache::default(), &crate::output::Discard, retention)
                .unwrap_or_else(|problems| panic!("the site builds: {problems:?}"));
            site.articles.iter().map(|a| (a.doc.slug.clone(), a.body.mentions[0].context.clone())).collect::<Vec<_>>()
        };
        let kept = [("new".to_string(), "New qwen news.".to_string()), ("old".into(), "Old qwen news.".into())];
        assert_eq!(built(Retention::Everything), kept, "serve keeps every sentence, for the next rebuild");
        assert_eq!(built(Retention::Summaries), [kept[0].clone(), ("old".into(), String::new())]);
    }
}
