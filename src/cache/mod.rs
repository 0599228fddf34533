//! Reuse between builds, for `glosa serve` and `glosa build --incremental`: what one build
//! keeps for the next, so that an edit re-renders only the Markdown that changed and only the
//! files that show it. Either way the result is byte-identical to a clean build's.
//!
//! Everything reused is found by a key, and every key is in [`keys`]: a hash of a typed value
//! holding exactly what the thing it keys is made from.
//!
//! - Rendered bodies: reused when the document's text and everything rendering reads from the
//!   rest of the site (the [`keys::render_environment`], and the one-sentence definitions of the
//!   terms it mentions, shown in its popovers) are unchanged; in memory from the previous build
//!   ([`BuildCache`]), or on disk ([`bodies`], `ROOT/.glosa-cache/bodies/`, each file
//!   [`seal`]ed under a key outside the site, so one a pull request commits is never read).
//! - Which pages a rebuild renders at all ([`BuildCache::selection`]): all of them unless the
//!   site's [`keys::site_shape`] is as before, then those of the documents rendered afresh and
//!   the listings that may show them.
//! - Files of the output ([`pages`]): the theme lists the files of a build and the typed input
//!   each is rendered from; a file whose key (its input's hash) is as when the previous build
//!   wrote it is left in `glosa serve`'s output in memory, or taken over from the output folder
//!   by `glosa build --incremental`, whose [`record`] keeps each file's key and stamp.
//!
//! - What the sources pages list ([`BuildCache::source_listings`]): the previous build's while
//!   the documents rendered afresh cite what they cited then.
//! - Resized images ([`images`]): each variant kept in `ROOT/.glosa-cache/images/` under a name
//!   that hashes its source picture, width and recipe; a build makes only the variants missing
//!   there, and the fingerprint of every picture's facts is part of the render environment.
//!
//! `glosa serve` starts from the bodies kept on disk and keeps those of its first build (bodies
//! hold only root-relative links, so one kept by a build for `https://example.org/` serves at
//! any origin).

pub mod bodies;
pub mod images;
pub mod keys;
pub mod pages;
pub mod record;
pub mod seal;
mod selection;
mod sources;

pub use selection::Fresh;

use crate::diagnostic::Diagnostic;
use crate::load::Content;
use crate::load::{ParseCache, SourceFile};
use crate::output::Output;
use crate::render::Rendered;
use crate::resolve::taxonomy::{Kind, Taxonomy};
use crate::resolve::Glossary;
use crate::site::Site;
use crate::theme::search::{self, SearchIndex};
use crate::theme::source_pages::SourceListings;
use crate::theme::Theme;
use bodies::BodyCache;
use pages::{KeyUse, PageKeys};
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;

/// What a build leaves for the next one. `BuildCache::default()` is an empty cache: the build
/// that uses it renders everything; [`BuildCache::for_rebuilds`] also keeps what only a later
/// rebuild needs (parsed documents, hashes of listing-page contexts).
#[derive(Debug, Default)]
pub struct BuildCache {
    /// Keep listing-page context hashes (costs a serialisation per listing page).
    for_rebuilds: bool,
    /// Rendered bodies by document path, with the text and environment they were rendered from.
    rendered: HashMap<PathBuf, (Arc<str>, u64, Arc<Rendered>)>,
    previous: Option<Previous>,
    theme: Option<Arc<Theme>>,
    glossary: Option<Glossary>,
    /// Context hashes of the listing pages of the previous build (of every page, when reusing
    /// an output folder).
    page_keys: PageKeys,
    /// For `glosa build --incremental`: the page keys of the build that wrote the output folder.
    reusing: Option<PageKeys>,
    /// For `glosa build --incremental`: the bodies kept on disk.
    stored: Option<BodyCache>,
    /// Parsed front matter of the previous load.
    pub parsed: ParseCache,
    /// The search index of the previous build, by [`search::key`]: most rebuilds change no
    /// title or summary, and need not fold and sort every word of the site again.
    search: Option<(u64, Arc<SearchIndex>)>,
    /// The tags and authors of the previous build, by [`keys::taxonomy_key`], when they had no
    /// problem (a problem's place in a file may move while the names stay): most rebuilds
    /// change no article's tags or authors, and need not slug every name of the site again.
    taxonomies: Option<(u64, [Taxonomy; 2])>,
    /// The sources listings of the previous successful build ([`BuildCache::source_listings`]).
    sources: Option<sources::KeptSources>,
    /// Those of the build under way, kept once it succeeds.
    pending_sources: Option<sources::KeptSources>,
}

/// A build's bodies on their way to the body cache on disk (see [`BuildCache::bodies_to_keep`]
/// and [`BuildCache::bodies_of`]); they own what they need, so they can be saved on a thread of
/// their own.
#[derive(Debug)]
pub struct BodiesToKeep {
    stored: BodyCache,
    glossary: Glossary,
    /// Path, text and render environment of each document, with its body.
    bodies: Vec<(PathBuf, Arc<str>, u64, Arc<Rendered>)>,
}

impl BodiesToKeep {
    /// Writes the shards of the body cache that do not already hold these bodies.
    pub fn save(self) -> std::io::Result<()> {
        let bodies: Vec<_> =
            self.bodies.iter().map(|(path, text, env, body)| (path.as_path(), &**text, *env, &**body)).collect();
        self.stored.save(&bodies, &self.glossary)
    }
}

/// What a rebuild needs of the last successful build.
#[derive(Debug)]
struct Previous {
    /// Its [`keys::site_shape`].
    shape: u64,
    output: Arc<Output>,
    /// Each article's [`crate::site::Article::marked_verdicts`], in site order: where the
    /// claims listings placed it.
    verdicts: Vec<[usize; 5]>,
    /// What its sources pages listed where.
    sources: SourcesLayout,
}

/// What a build's sources pages list where, to tell which a rebuild must render again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SourcesLayout {
    /// [`SourceListings::paths_key`]: which sources pages there are.
    paths: u64,
    /// [`SourceListings::layout_key`]: which sources they list where, cited how many times.
    layout: u64,
}

impl SourcesLayout {
    /// The layout of the pages listing `sources`.
    pub fn of(sources: &SourceListings) -> Self {
        SourcesLayout { paths: sources.paths_key(), layout: sources.layout_key() }
    }

    /// Whether the sources pages of `other` are those of this layout.
    fn same_pages(self, other: SourcesLayout) -> bool {
        self.paths == other.paths
    }

    /// Whether the sources pages of `other` list the same sources in the same places, each cited
    /// as many times.
    fn same_places(self, other: SourcesLayout) -> bool {
        self.layout == other.layout
    }
}

impl BuildCache {
    /// An empty cache for a sequence of rebuilds, as `glosa serve` does.
    pub fn for_rebuilds() -> Self {
        BuildCache { for_rebuilds: true, parsed: ParseCache::for_rebuilds(), ..BuildCache::default() }
    }

    /// A cache for a sequence of rebuilds whose first build looks bodies up in `stored`; after it,
    /// [`BuildCache::bodies_to_keep`] hands them back to be kept there.
    pub fn for_rebuilds_from(stored: BodyCache) -> Self {
        BuildCache { stored: Some(stored), ..BuildCache::for_rebuilds() }
    }

    /// After the first successful build of [`BuildCache::for_rebuilds_from`]: its bodies, to keep
    /// in the body cache on disk (later rebuilds find every body in memory and read it no more).
    pub fn bodies_to_keep(&mut self) -> Option<BodiesToKeep> {
        let glossary = self.glossary.clone()?;
        let stored = self.stored.take()?;
        let bodies = self.rendered.iter().map(|(path, (text, env, body))| {
            (path.clone(), Arc::clone(text), keys::body_environment(*env, body.sources_key), Arc::clone(body))
        });
        Some(BodiesToKeep { stored, glossary, bodies: bodies.collect() })
    }

    /// A cache for one `glosa build --incremental`: every page is keyed, and a page whose key is
    /// in `previous` (the keys of the build that wrote the output folder) unchanged is taken over
    /// from the output folder through the sink instead of rendered again.
    /// Bodies are looked up in `stored`; [`BuildCache::bodies_of`] hands them back to be kept there.
    pub fn reusing_output(previous: PageKeys, stored: BodyCache) -> Self {
        BuildCache { reusing: Some(previous), stored: Some(stored), ..BuildCache::default() }
    }

    /// For `glosa build --incremental`, after its build: the bodies of every document of `site`,
    /// rendered in `environment`, to keep in the body cache on disk for the next build (none
    /// when this cache has no body cache).
    pub fn bodies_of(&mut self, site: &Site, environment: u64) -> Option<BodiesToKeep> {
        let stored = self.stored.take()?;
        let bodies = site.documents().map(|(file, body)| {
            let environment = keys::body_environment(environment, body.sources_key);
            (file.path.clone(), Arc::clone(&file.text), environment, Arc::clone(body))
        });
        Some(BodiesToKeep { stored, glossary: site.glossary.clone(), bodies: bodies.collect() })
    }

    /// The search index of `site`: the previous build's when no title, summary or slug changed
    /// since (see [`search::key`]), else made anew and kept for the next build.
    pub fn search_index(&mut self, site: &Site) -> Arc<SearchIndex> {
        let key = search::key(site);
        match &self.search {
            Some((kept, index)) if *kept == key => Arc::clone(index),
            _ => {
                let index = Arc::new(SearchIndex::of(site));
                if self.for_rebuilds {
                    self.search = Some((key, Arc::clone(&index)));
                }
                index
            }
        }
    }

    /// The tags and the authors of `content`'s articles, with their problems: the previous
    /// build's when no article's tags or authors changed since and they had no problem, else
    /// found anew (and kept for the next build).
    pub fn taxonomies(&mut self, content: &Content) -> ([Taxonomy; 2], Vec<Diagnostic>) {
        let key = keys::taxonomy_key(content);
        if let Some((_, kept)) = self.taxonomies.as_ref().filter(|(kept, _)| *kept == key) {
            return (kept.clone(), Vec::new());
        }
        let (tags, mut problems) = Taxonomy::of(Kind::Tags, &content.articles);
        let (authors, mut more) = Taxonomy::of(Kind::Authors, &content.articles);
        problems.append(&mut more);
        let taxonomies = [tags, authors];
        self.taxonomies = (self.for_rebuilds && problems.is_empty()).then(|| (key, taxonomies.clone()));
        (taxonomies, problems)
    }

    /// The page keys as they are before a build, to put back with
    /// [`BuildCache::restore_page_keys`] if it fails.
    pub fn page_keys_before(&self) -> PageKeys {
        self.page_keys.clone()
    }

    /// After a failed build, whose output is not kept: the keys of the output that is (the
    /// previous build's), so the next build re-renders only what changes since it, not every
    /// listing page.
    pub fn restore_page_keys(&mut self, before: PageKeys) {
        self.page_keys = before;
    }

    /// How the theme stage keys pages with this cache: listings only for rebuilds, every page when
    /// reusing an output folder.
    pub fn page_keys(&mut self) -> KeyUse<'_> {
        match &self.reusing {
            Some(previous) => KeyUse::AllPages { previous, kept: &mut self.page_keys },
            None if self.for_rebuilds => KeyUse::Listings(&mut self.page_keys),
            None => KeyUse::Off,
        }
    }

    /// The keys of every page of the last build, for the next `glosa build --incremental`.
    pub fn into_page_keys(self) -> PageKeys {
        self.page_keys
    }

    /// The body rendered by the previous build from the same text in the same `environment`, if
    /// it mentions none of the terms in `changed` (whose definitions its popovers show) and the
    /// registry entries it cites hash to `sources_key` as they did then. A text
    /// reused from the parse cache is recognised by pointer, without comparing it.
    /// Without such a body in memory, one kept on disk is looked for (see [`BodyCache::get`]).
    pub fn rendered(
        &self,
        file: &SourceFile,
        environment: u64,
        changed: &HashSet<usize>,
        glossary: &Glossary,
        sources_key: u64,
    ) -> Option<Arc<Rendered>> {
        let Some((text, env, body)) = self.rendered.get(&file.path) else {
            let stored = self.stored.as_ref()?;
            let key = stored.key(&file.path, &file.text, keys::body_environment(environment, sources_key));
            return stored.get(key, glossary).map(Arc::new);
        };
        if body.sources_key != sources_key {
            return None;
        }
        let same_text = Arc::ptr_eq(text, &file.text) || **text == *file.text;
        let shows_changed = !changed.is_empty() && body.mentions.iter().any(|m| changed.contains(&m.term));
        (*env == environment && same_text && !shows_changed).then(|| Arc::clone(body))
    }

    /// The terms whose one-sentence definition differs from the previous build's, when the
    /// previous glossary had the same terms in the same order (otherwise the environment differs
    /// and no body is reused anyway).
    pub fn changed_definitions(&self, glossary: &Glossary) -> HashSet<usize> {
        let Some(previous) = self.glossary.as_ref().filter(|g| g.terms.len() == glossary.terms.len()) else {
            return HashSet::new();
        };
        let pairs = previous.terms.iter().zip(&glossary.terms).enumerate();
        pairs.filter(|(_, (old, new))| old.short != new.short).map(|(index, _)| index).collect()
    }

    /// The theme the previous build compiled, reused when its files are unchanged.
    pub fn theme(&self) -> Option<Arc<Theme>> {
        self.theme.clone()
    }

    /// The glossary of the previous successful build, whose term matcher a rebuild may reuse.
    pub fn glossary(&self) -> Option<&Glossary> {
        self.glossary.as_ref()
    }

    /// Keeps the glossary for the next build.
    fn keep_glossary(&mut self, glossary: Glossary) {
        self.glossary = Some(glossary);
    }

    /// Keeps the compiled theme for the next build.
    pub fn keep_theme(&mut self, theme: Arc<Theme>) {
        self.theme = Some(theme);
    }

    /// The previous build's output, to update in place when only some pages are re-rendered:
    /// taken out of the cache (a failed build puts it back with
    /// [`BuildCache::restore_previous_output`]; a successful one remembers its own).
    pub fn take_previous_output(&mut self) -> Option<Arc<Output>> {
        self.previous.as_mut().map(|p| std::mem::take(&mut p.output))
    }

    /// Puts back the output [`BuildCache::take_previous_output`] took, after a failed build.
    pub fn restore_previous_output(&mut self, output: Arc<Output>) {
        if let Some(previous) = &mut self.previous {
            previous.output = output;
        }
    }

    /// Remembers a successful build, rendered in `environment`, whose sources pages had
    /// `sources`' layout, for the next one.
    pub fn remember(
        &mut self,
        site: &Site,
        (shape, sources): (u64, SourcesLayout),
        environment: u64,
        output: Arc<Output>,
    ) {
        self.remember_bodies(site, environment);
        self.keep_glossary(site.glossary.clone());
        let verdicts = site.articles.iter().map(|article| article.marked_verdicts()).collect();
        self.previous = Some(Previous { shape, output, verdicts, sources });
        self.keep_source_listings();
    }

    /// After a failed build of a site no build has succeeded on yet (an editor opening a site
    /// with an error, say): its bodies and glossary, which are right for their texts whatever
    /// failed, so the next build renders only the documents that change. Once a build has
    /// succeeded nothing is kept from a failed one: the pages of the kept output must be rendered
    /// again from every body that is new since.
    pub fn remember_failed(&mut self, site: &Site, environment: u64) {
        if self.previous.is_none() {
            self.remember_bodies(site, environment);
            self.keep_glossary(site.glossary.clone());
        }
    }

    /// Keeps the bodies of `site`, rendered in `environment`, and only them. They are updated in
    /// place, so a rebuild copies no paths into a new map.
    fn remember_bodies(&mut self, site: &Site, environment: u64) {
        let mut count = 0;
        for (file, body) in site.documents() {
            count += 1;
            let entry = (Arc::clone(&file.text), environment, Arc::clone(body));
            match self.rendered.get_mut(&file.path) {
                Some(kept) => *kept = entry,
                None => {
                    self.rendered.insert(file.path.clone(), entry);
                }
            }
        }
        if self.rendered.len() > count {
            let paths: HashSet<&PathBuf> = site.documents().map(|(file, _)| &file.path).collect();
            self.rendered.retain(|path, _| paths.contains(path));
        }
    }
}
