//! Load stage: walking `content/`, reading every file, splitting and parsing front matter into
//! the typed model. Problems become diagnostics; a file that cannot be parsed is left out so the
//! other files can still be checked.

pub mod frontmatter;
pub mod names;
pub mod sources;

use crate::diagnostic::Diagnostic;
use crate::model::{ArticleMeta, AuthorMeta, IntroMeta, PageMeta, SiteConfig, TermMeta};
use rayon::prelude::*;
use serde::de::DeserializeOwned;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A file read from the site, with its path relative to the site root.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path relative to the site root, e.g. `content/articles/x.md`.
    pub path: PathBuf,
    /// The whole text (a leading byte-order mark removed), shared: documents kept for a rebuild
    /// and the render cache hold the same text, not copies.
    pub text: Arc<str>,
}

/// A Markdown file with parsed front matter.
#[derive(Debug, Clone)]
pub struct Document<M> {
    /// Slug from the file name.
    pub slug: String,
    /// The file.
    pub file: SourceFile,
    /// Parsed front matter, shared: documents kept for a rebuild are not copies.
    pub meta: Arc<M>,
    /// Byte offset of the Markdown body in `file.text`.
    pub body_offset: usize,
    /// A hash of the front matter's text, which `meta` is parsed from: what shows `meta` can be
    /// keyed by it without hashing `meta` field by field.
    pub meta_key: u64,
}

impl<M> Document<M> {
    /// The Markdown body after the front matter.
    pub fn body(&self) -> &str {
        &self.file.text[self.body_offset..]
    }

    /// The document without its body: what the feeds and the search index show of it.
    pub fn front_matter(&self) -> FrontMatter<'_, M> {
        FrontMatter(self)
    }

    /// Cuts the file's text to its front matter, which is all the checks after rendering read
    /// (see [`LoadOptions::front_matter_only`] and [`read_again`] for getting the body back).
    pub fn keep_front_matter_only(&mut self) {
        if self.file.text.len() > self.body_offset {
            self.file.text = Arc::from(&self.file.text[..self.body_offset]);
        }
    }
}

/// The whole text of `doc`'s file read again from under `root`, for a document loaded with
/// [`LoadOptions::front_matter_only`] when its body is rendered. An error if the file can no
/// longer be read, or if its front matter is no longer the one loaded (the file was edited or
/// replaced while the site was being built): nothing is built from a mix of two versions.
pub fn read_again<M>(root: &Path, doc: &Document<M>) -> Result<SourceFile, Diagnostic> {
    const HELP: &str = "the file changed while the site was being built: build again";
    let file = read_source(root, &doc.file.path).map_err(|d| if d.help.is_some() { d } else { d.with_help(HELP) })?;
    let loaded = &doc.file.text[..doc.body_offset.min(doc.file.text.len())];
    if file.text.get(..doc.body_offset) != Some(loaded) {
        let message = "the front matter of this file changed while the site was being built";
        return Err(Diagnostic::error("changed-during-build", &doc.file.path, message).with_help(HELP));
    }
    Ok(file)
}

/// A document seen without its body: its slug and parsed front matter. It hashes as the slug
/// and [`Document::meta_key`], the hash of the text the front matter is parsed from, so what
/// shows only these is keyed without hashing the front matter field by field (hashing 10,000
/// articles' front matter that way cost `glosa serve` about 8 ms a rebuild).
#[derive(Debug)]
pub struct FrontMatter<'a, M>(&'a Document<M>);

impl<M> Clone for FrontMatter<'_, M> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<M> Copy for FrontMatter<'_, M> {}

impl<'a, M> FrontMatter<'a, M> {
    /// The slug, from the file name.
    pub fn slug(&self) -> &'a str {
        &self.0.slug
    }

    /// The parsed front matter.
    pub fn meta(&self) -> &'a M {
        &self.0.meta
    }
}

impl<M> std::hash::Hash for FrontMatter<'_, M> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        (&self.0.slug, self.0.meta_key).hash(state);
    }
}

/// Everything read from `content/`.
#[derive(Debug, Clone)]
pub struct Content {
    /// `content/site.yaml`.
    pub config: SiteConfig,
    /// `content/sources.yaml`, the source registry (empty when the site has none).
    pub registry: sources::Registry,
    /// `content/_index.md`, the home page intro.
    pub intro: Option<Document<IntroMeta>>,
    /// `content/articles/*.md`, newest first (then by slug).
    pub articles: Vec<Document<ArticleMeta>>,
    /// `content/glossary/*.md`, by slug.
    pub terms: Vec<Document<TermMeta>>,
    /// `content/pages/*.md`, by slug.
    pub pages: Vec<Document<PageMeta>>,
    /// `content/authors/*.md`, by slug: the bios of the articles' authors.
    pub authors: Vec<Document<AuthorMeta>>,
    /// Other files under `content/` (images...), relative to `content/`, copied as they are.
    pub assets: Vec<PathBuf>,
    /// Markdown files whose front matter could not be read but whose body could be found: they
    /// are not built, but their bodies are checked, so their problems are told in the same run.
    pub unparsed: Vec<UnparsedBody>,
}

/// The body of a Markdown file whose front matter has an error.
#[derive(Debug, Clone)]
pub struct UnparsedBody {
    /// The file.
    pub file: SourceFile,
    /// Where the Markdown body starts in `file.text`.
    pub body_offset: usize,
}

/// What the load stage needs to know.
#[derive(Debug, Clone, Copy, Default)]
pub struct LoadOptions {
    /// Include articles marked `draft: true`.
    pub drafts: bool,
    /// Keep only the front matter of each article's text ([`Document::keep_front_matter_only`]),
    /// for a caller that reads the body again when it renders it ([`read_again`]): so a one-off
    /// build never holds every article's Markdown at once (668 MB at 100,000 articles). Not for
    /// a [`ParseCache::for_rebuilds`], which compares the texts it keeps with the files'.
    pub front_matter_only: bool,
}

/// Reads the site under `root`. Always returns content (possibly partial) and every problem met.
pub fn load(root: &Path, options: LoadOptions) -> (Content, Vec<Diagnostic>) {
    load_cached(root, options, &mut ParseCache::default())
}

/// Documents parsed by an earlier load, reused while a file's text is unchanged (for rebuilds).
/// `ParseCache::default()` keeps nothing, for a single load; [`ParseCache::for_rebuilds`] keeps a
/// copy of every document, and what the walk of `content/` found, for the next load.
#[derive(Debug, Clone, Default)]
pub struct ParseCache {
    keep: bool,
    documents: HashMap<PathBuf, (Parsed, Stamp)>,
    walked: Option<Walked>,
    edited: Option<HashSet<PathBuf>>,
    overlay: Overlay,
}

/// Texts that loads read instead of the files on disk: an editor's unsaved buffers, so that
/// `glosa lsp` checks what the author sees, together with the rest of the site, without writing
/// anything. Keyed by the path relative to the site root (`content/articles/x.md`); a text
/// stands for a file the walk of `content/` finds (a buffer never saved is not part of the site).
#[derive(Debug, Clone, Default)]
pub struct Overlay {
    texts: HashMap<PathBuf, Arc<str>>,
}

impl Overlay {
    /// Reads `text` instead of the file at `path` (relative to the site root).
    pub fn insert(&mut self, path: PathBuf, text: Arc<str>) {
        self.texts.insert(path, text);
    }

    /// Reads the file at `path` from disk again.
    pub fn remove(&mut self, path: &Path) {
        self.texts.remove(path);
    }

    /// The text read instead of the file at `path`, if any.
    pub fn get(&self, path: &Path) -> Option<&Arc<str>> {
        self.texts.get(path)
    }

    /// The file at `path` as a load reads it: the overlay's text when there is one (decoded as a
    /// file's bytes would be: byte-order mark dropped, NUL refused), else the file on disk.
    fn read(&self, root: &Path, path: &Path) -> Result<SourceFile, Diagnostic> {
        match self.texts.get(path) {
            Some(text) => decode_source(path, text.as_bytes().to_vec()),
            None => read_source(root, path),
        }
    }
}

impl ParseCache {
    /// A cache that keeps every loaded document for the next load.
    pub fn for_rebuilds() -> Self {
        ParseCache { keep: true, ..ParseCache::default() }
    }

    /// Tells the next load that, since the previous one, only these files changed, and only in
    /// content (a file watcher saw them written; none was created under a new name or removed).
    /// If they are all Markdown files the previous walk found, the next load neither walks
    /// `content/` nor checks the other files: it reads just these. Otherwise it loads as usual.
    pub fn expect_edits(&mut self, paths: impl IntoIterator<Item = PathBuf>) {
        self.edited = Some(paths.into_iter().collect());
    }

    /// Makes every later load read the overlay's texts instead of those files on disk (until
    /// another overlay replaces it). A file of the overlay is compared with its previous text on
    /// every load, whatever [`ParseCache::expect_edits`] said.
    pub fn set_overlay(&mut self, overlay: Overlay) {
        self.overlay = overlay;
    }
}

/// What a walk of `content/` found: Markdown files and other files (relative to `content/`), in
/// walk order, and the problems met.
#[derive(Debug, Clone, Default)]
struct Walked {
    markdown: Vec<PathBuf>,
    assets: Vec<PathBuf>,
    problems: Vec<Diagnostic>,
}

/// A file's modification time and length: while both are unchanged the file is not read again.
/// Files modified in the last two seconds are always read, as git does for "racily clean" files,
/// so a file system with coarse timestamps cannot hide a same-length edit.
type Stamp = (Option<std::time::SystemTime>, u64);

/// One Markdown file after loading: the document with its stamp (when it parsed), whether the
/// two differ from what the cache held, and problems.
type ParsedFile = (Result<(Parsed, Stamp, bool), Option<UnparsedBody>>, Vec<Diagnostic>);

fn settled(stamp: &Stamp) -> bool {
    stamp.0.and_then(|t| t.elapsed().ok()).is_some_and(|age| age > std::time::Duration::from_secs(2))
}

fn stamp(path: &Path) -> Stamp {
    std::fs::metadata(path).map_or((None, u64::MAX), |m| (m.modified().ok(), m.len()))
}

/// At most this many files go to a thread at once, so the threads finish reading together.
const FILES_PER_TASK: usize = 64;

/// Like [`load`], but reuses the parsed front matter of files whose text is the same as when
/// `cache` last saw them, and updates `cache`.
pub fn load_cached(root: &Path, options: LoadOptions, cache: &mut ParseCache) -> (Content, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let config = load_config(root, &cache.overlay, &mut diagnostics);
    let (registry, mut problems) = sources::load_registry(root, &cache.overlay);
    diagnostics.append(&mut problems);
    let edited = cache.edited.take();
    // Trust the watcher only for edits of Markdown files the previous walk found.
    let trusted = match (&cache.walked, &edited) {
        (Some(walked), Some(edited)) => {
            let known: HashSet<&PathBuf> = walked.markdown.iter().collect();
            edited.iter().all(|p| p.strip_prefix("content").is_ok_and(|rel| known.contains(&rel.to_path_buf())))
        }
        _ => false,
    };
    let walked = match cache.walked.take() {
        Some(walked) if trusted => walked,
        _ => walk(root),
    };
    diagnostics.extend(walked.problems.iter().cloned());

    let overlay = &cache.overlay;
    let unchanged =
        |path: &Path| trusted && edited.as_ref().is_some_and(|e| !e.contains(path)) && overlay.get(path).is_none();
    let parsed: Vec<ParsedFile> = walked
        .markdown
        .par_iter()
        .with_max_len(FILES_PER_TASK)
        .map(|rel| {
            let mut parsed = parse_markdown_file(root, rel, (&cache.documents, overlay), &unchanged);
            if let (Ok((Parsed::Article(doc), _, _)), _) = &mut parsed {
                if options.front_matter_only {
                    doc.keep_front_matter_only();
                }
            }
            parsed
        })
        .collect();
    let mut content = Content {
        config,
        registry,
        intro: None,
        articles: vec![],
        terms: vec![],
        pages: vec![],
        authors: vec![],
        assets: walked.assets.clone(),
        unparsed: vec![],
    };
    for (rel, (doc, mut problems)) in walked.markdown.iter().zip(parsed) {
        diagnostics.append(&mut problems);
        // The cache is updated in place: after one edit, one entry changes.
        match &doc {
            Ok((doc, stamp, true)) if cache.keep => {
                cache.documents.insert(doc.file().path.clone(), (doc.clone(), *stamp));
            }
            Err(_) => {
                cache.documents.remove(&Path::new("content").join(rel));
            }
            _ => {}
        }
        match doc.map(|(doc, _, _)| doc) {
            Ok(Parsed::Intro(doc)) => content.intro = Some(doc),
            Ok(Parsed::Article(doc)) if doc.meta.draft && !options.drafts => {}
            Ok(Parsed::Article(doc)) => content.articles.push(doc),
            Ok(Parsed::Term(doc)) => content.terms.push(doc),
            Ok(Parsed::Page(doc)) => content.pages.push(doc),
            Ok(Parsed::Author(doc)) => content.authors.push(doc),
            Err(body) => content.unparsed.extend(body),
        }
    }
    if cache.documents.len() > walked.markdown.len() {
        let present: HashSet<PathBuf> = walked.markdown.iter().map(|rel| Path::new("content").join(rel)).collect();
        cache.documents.retain(|path, _| present.contains(path));
    }
    if cache.keep {
        cache.walked = Some(walked);
    }
    content.articles.sort_by(|a, b| b.meta.date.cmp(&a.meta.date).then_with(|| a.slug.cmp(&b.slug)));
    content.terms.sort_by(|a, b| a.slug.cmp(&b.slug));
    content.pages.sort_by(|a, b| a.slug.cmp(&b.slug));
    content.authors.sort_by(|a, b| a.slug.cmp(&b.slug));
    (content, diagnostics)
}

/// Walks `content/` (following symbolic links into the site's own files, in file-name order) for
/// Markdown and other files. Any other link is an error, and is not followed (see
/// [`crate::confine`]).
fn walk(root: &Path) -> Walked {
    let content_dir = root.join("content");
    let mut walked = Walked::default();
    if let Err(outside) = crate::confine::check(root, Path::new("content")) {
        walked.problems.push(outside.diagnostic());
        return walked;
    }
    if !content_dir.is_dir() {
        walked.problems.push(
            Diagnostic::error("missing-content", "content", "no `content/` folder in the site root")
                .with_help("run `glosa init DIR` to create a site, or pass `--root` to point at one"),
        );
    }
    let mut entries = walkdir::WalkDir::new(&content_dir).follow_links(true).sort_by_file_name().into_iter();
    while let Some(entry) = entries.next() {
        let entry = match entry {
            Ok(entry) => entry,
            Err(error) if !content_dir.is_dir() => {
                drop(error);
                break;
            }
            Err(error) => {
                let path = error.path().map(|p| relative(root, p)).unwrap_or_else(|| PathBuf::from("content"));
                let message = if error.loop_ancestor().is_some() {
                    "symbolic link loop: this link points back to a folder that contains it".to_string()
                } else {
                    format!("cannot read: {error}")
                };
                walked.problems.push(Diagnostic::error("io", path, message));
                continue;
            }
        };
        let rel = relative(&content_dir, entry.path());
        if rel == Path::new("site.yaml") || rel == Path::new("sources.yaml") {
            continue;
        }
        let path = Path::new("content").join(&rel);
        if let Some(problem) = refused(root, &entry, &path, is_hidden(&rel)) {
            walked.problems.push(problem);
            if entry.file_type().is_dir() {
                entries.skip_current_dir();
            }
            continue;
        }
        if !entry.file_type().is_file() {
            continue;
        }
        if rel.extension().is_some_and(|e| e == "md") {
            walked.markdown.push(rel);
        } else if !is_hidden(&rel) {
            let extension = rel.extension().map(|e| e.to_string_lossy().to_lowercase());
            if matches!(extension.as_deref(), Some("md" | "markdown")) && in_a_section(&rel) {
                let help = format!("rename it to {}", path.with_extension("md").display());
                walked.problems.push(
                    Diagnostic::warning("not-markdown", path, "copied as a plain file: only `.md` files become pages")
                        .with_help(help),
                );
            }
            walked.assets.push(rel);
        }
    }
    walked
}

/// Why the walk of `content/` neither reads nor enters `entry` (at `path`, relative to the site
/// root), if it does not: a name no site file may have (unless the entry is `hidden`, and so
/// never published), or a symbolic link leading out of the site's own files.
fn refused(root: &Path, entry: &walkdir::DirEntry, path: &Path, hidden: bool) -> Option<Diagnostic> {
    let named = |check: fn(&Path) -> Option<Diagnostic>| if hidden { None } else { check(path) };
    let name = named(names::control_character).or_else(|| {
        if entry.file_type().is_file() {
            named(names::reserved)
        } else {
            None
        }
    });
    let link = || entry.path_is_symlink().then(|| crate::confine::check(root, path).err()).flatten();
    name.or_else(|| link().map(|outside| outside.diagnostic()))
}

/// Whether `rel` (under `content/`) is in a folder whose `.md` files become pages.
fn in_a_section(rel: &Path) -> bool {
    let parent = rel.parent().map(|p| p.to_string_lossy().into_owned()).unwrap_or_default();
    ["articles", "glossary", "pages", "authors"].contains(&parent.as_str())
}

/// One Markdown file of `content/` after its front matter is parsed, by the kind of page it is.
#[derive(Debug, Clone)]
pub enum Parsed {
    /// `content/_index.md`.
    Intro(Document<IntroMeta>),
    /// `content/articles/<slug>.md`.
    Article(Document<ArticleMeta>),
    /// `content/glossary/<slug>.md`.
    Term(Document<TermMeta>),
    /// `content/pages/<slug>.md`.
    Page(Document<PageMeta>),
    /// `content/authors/<slug>.md`.
    Author(Document<AuthorMeta>),
}

impl Parsed {
    /// The file the document was parsed from.
    pub fn file(&self) -> &SourceFile {
        match self {
            Parsed::Intro(doc) => &doc.file,
            Parsed::Article(doc) => &doc.file,
            Parsed::Term(doc) => &doc.file,
            Parsed::Page(doc) => &doc.file,
            Parsed::Author(doc) => &doc.file,
        }
    }
}

/// Loads one Markdown file (from the overlay when it has the file), reusing its previous parse
/// when the file is unchanged: when `unchanged(path)` says so (the watcher reported other files
/// only), or when its stamp and then its text are the same.
fn parse_markdown_file(
    root: &Path,
    rel: &Path,
    (previous, overlay): (&HashMap<PathBuf, (Parsed, Stamp)>, &Overlay),
    unchanged: &(dyn Fn(&Path) -> bool + Sync),
) -> ParsedFile {
    let path = Path::new("content").join(rel);
    let cached = previous.get(&path);
    if let Some((doc, stamp)) = cached.filter(|_| unchanged(&path)) {
        return (Ok((doc.clone(), *stamp, false)), vec![]);
    }
    // An overlay's text has no time: it is compared with the cached text, never trusted by stamp.
    let stamp = match overlay.get(&path) {
        Some(text) => (None, text.len() as u64),
        None => stamp(&root.join(&path)),
    };
    if let Some((doc, _)) = cached.filter(|(_, old)| settled(old) && *old == stamp) {
        return (Ok((doc.clone(), stamp, false)), vec![]);
    }
    let file = match overlay.read(root, &path) {
        Ok(file) => file,
        Err(diagnostic) => return (Err(None), vec![diagnostic]),
    };
    if let Some((doc, _)) = cached.filter(|(doc, _)| doc.file().text == file.text) {
        return (Ok((doc.clone(), stamp, true)), vec![]);
    }
    match parse_source(file.clone()) {
        Ok(doc) => (Ok((doc, stamp, true)), vec![]),
        Err(problems) => (Err(unparsed_body(file)), problems),
    }
}

/// The body of `file`, whose front matter could not be parsed, when the file is an article, term
/// or page and its front matter is closed (or missing), so where the body starts is known.
fn unparsed_body(file: SourceFile) -> Option<UnparsedBody> {
    let folder = file.path.parent()?.strip_prefix("content").ok()?;
    if !matches!(folder.to_str()?, "articles" | "glossary" | "pages" | "authors") {
        return None;
    }
    let body_offset = frontmatter::split(&file.text).ok()?.body_offset;
    Some(UnparsedBody { file, body_offset })
}

/// Parses one Markdown file of `content/` (its `path` is relative to the site root, e.g.
/// `content/articles/x.md`) into the document its folder says it is: the slug checked, the front
/// matter split and parsed into the model. What [`load`] does for each Markdown file it reads.
/// A file that cannot be parsed has one problem, or several when its front matter has several
/// unknown keys.
pub fn parse_source(file: SourceFile) -> Result<Parsed, Vec<Diagnostic>> {
    let rel = file.path.strip_prefix("content").unwrap_or(&file.path);
    let parent = rel.parent().and_then(|p| p.to_str()).unwrap_or("");
    match parent {
        "" if rel == Path::new("_index.md") => parse_doc(file, Kind::Intro).map(Parsed::Intro),
        "articles" => parse_doc(file, Kind::Section).map(Parsed::Article),
        "glossary" => parse_doc(file, Kind::Section).map(Parsed::Term),
        "pages" => parse_doc(file, Kind::Section).map(Parsed::Page),
        "authors" => parse_doc(file, Kind::Section).map(Parsed::Author),
        _ => Err(vec![Diagnostic::error(
            "unknown-content",
            &file.path,
            "glosa does not know what page this Markdown file is",
        )
        .with_help(
            "put articles in content/articles/, terms in content/glossary/, pages in content/pages/, author bios in \
             content/authors/",
        )]),
    }
}

/// Which Markdown file a document is, as far as what it must have goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// An article, term or page: its file name is its slug, and it has front matter.
    Section,
    /// The home page's intro, `content/_index.md`: its name is fixed, its front matter optional.
    Intro,
}

fn parse_doc<M: DeserializeOwned>(file: SourceFile, kind: Kind) -> Result<Document<M>, Vec<Diagnostic>> {
    let slug = file.path.file_stem().and_then(|s| s.to_str()).unwrap_or("").to_string();
    if kind == Kind::Section && crate::slug::slugify(&slug) != slug {
        return Err(vec![bad_slug(&file.path, &slug)]);
    }
    let split = frontmatter::split(&file.text).map_err(|message| {
        vec![Diagnostic::error("bad-front-matter", &file.path, message)
            .at_line(&file.text, 1, 1)
            .with_help("close the front matter with a line containing only `---`")]
    })?;
    let meta = match split.yaml {
        Some(range) => frontmatter::parse(&file.path, &file.text, range)?,
        None if kind == Kind::Section => {
            return Err(vec![Diagnostic::error("missing-front-matter", &file.path, "this file has no front matter")
                .at_line(&file.text, 1, 1)
                .with_help(
                    "start the file with a `---` line, the YAML fields (e.g. `title:`), and another `---` line",
                )])
        }
        None => frontmatter::parse(&file.path, "", 0..0)?,
    };
    let meta_key = crate::hash::hash_of(&file.text[..split.body_offset]);
    Ok(Document { slug, meta: Arc::new(meta), body_offset: split.body_offset, meta_key, file })
}

/// The error for a file name that is not its own slug, offering the slug as the new name
/// unless the name has no letter or digit a slug keeps.
fn bad_slug(path: &Path, name: &str) -> Diagnostic {
    let help = match crate::slug::slugify(name) {
        slug if slug.is_empty() => {
            "rename the file with lowercase Latin letters, digits and dashes, e.g. `my-article.md`".to_string()
        }
        slug => format!("rename the file to `{slug}.md` (lowercase letters, digits and dashes)"),
    };
    Diagnostic::error("bad-slug", path, format!("the file name `{name}` is not a valid slug")).with_help(help)
}

fn load_config(root: &Path, overlay: &Overlay, diagnostics: &mut Vec<Diagnostic>) -> SiteConfig {
    let fallback = || SiteConfig {
        title: "Untitled site".into(),
        description: String::new(),
        base_url: "/".into(),
        language: "en".into(),
        theme: "default".into(),
        autolink: true,
        safe: false,
        paginate: crate::model::DEFAULT_PAGINATE,
        feed_limit: crate::model::DEFAULT_FEED_LIMIT,
        term_mentions: crate::model::DEFAULT_TERM_MENTIONS,
        images: Default::default(),
        contact: None,
    };
    let path = Path::new("content").join("site.yaml");
    if crate::confine::check(root, Path::new("content")).is_err() {
        // The walk of content/ reports the link.
        return fallback();
    }
    if !root.join(&path).is_file() {
        if root.join("content").is_dir() {
            diagnostics.push(
                Diagnostic::error("missing-config", &path, "no site configuration")
                    .with_help("create content/site.yaml with at least `title: My site`"),
            );
        }
        return fallback();
    }
    match overlay.read(root, &path).map_err(|problem| vec![problem]).and_then(|file| parse_config(&file)) {
        Ok(config) => config,
        Err(mut problems) => {
            diagnostics.append(&mut problems);
            fallback()
        }
    }
}

/// The longest site `title`, in characters: every page repeats it.
pub const MAX_SITE_TITLE_CHARS: usize = 200;

/// The longest site `description`, in characters: every page repeats it (in its metadata).
pub const MAX_DESCRIPTION_CHARS: usize = 1000;

/// Parses `content/site.yaml` (the whole file is YAML) into the site configuration, or says
/// what is wrong with it (one problem, or one per unknown key).
pub fn parse_config(file: &SourceFile) -> Result<SiteConfig, Vec<Diagnostic>> {
    let config: SiteConfig = frontmatter::parse(&file.path, &file.text, 0..file.text.len())?;
    let at_key = |diagnostic: Diagnostic, key: &str| match frontmatter::key_span(&file.text, key) {
        Some(span) => diagnostic.at(&file.text, span),
        None => diagnostic,
    };
    if let Some(problem) = crate::model::base_url_problem(&config.base_url) {
        let d = Diagnostic::error("bad-base-url", &file.path, format!("`base_url` cannot be used: {problem}"));
        return Err(vec![
            at_key(d, "base_url").with_help("the address the site is served from, e.g. https://example.org/ or /")
        ]);
    }
    if let Some(problem) = theme_name_problem(&config.theme) {
        let d = Diagnostic::error("bad-theme", &file.path, format!("`theme` cannot be used: {problem}"));
        let d = match frontmatter::value_span(&file.text, "theme") {
            Some(span) => d.at(&file.text, span),
            None => at_key(d, "theme"),
        };
        return Err(vec![d.with_help(
            "name a folder under themes/ (`theme: mine` for themes/mine/), or `default` for the built-in one",
        )]);
    }
    let caps =
        [("title", &config.title, MAX_SITE_TITLE_CHARS), ("description", &config.description, MAX_DESCRIPTION_CHARS)];
    for (key, value, cap) in caps {
        let length = value.chars().count();
        if length > cap {
            let message = format!("`{key}` has {length} characters: at most {cap}, since every page repeats it");
            let d = at_key(Diagnostic::error("too-long", &file.path, message), key);
            return Err(vec![d.with_help("shorten it; the home page's introduction (content/_index.md) can say more")]);
        }
    }
    if let Some((field, problem)) = config.contact.as_ref().and_then(|contact| contact.problem()) {
        let d = Diagnostic::error("bad-contact", &file.path, format!("`contact` cannot be used: {problem}"));
        let span = frontmatter::path_span(&file.text, &format!("contact.{field}"))
            .filter(|_| field != "contact")
            .or_else(|| frontmatter::key_span(&file.text, "contact"));
        let d = match span {
            Some(span) => d.at(&file.text, span),
            None => d,
        };
        return Err(vec![d.with_help(
            "give readers a way to report an error: `contact: {email: corrections@example.org}` or `contact: {url: /corrections/}`",
        )]);
    }
    if config.title.trim().is_empty() {
        let d = Diagnostic::error("empty-title", &file.path, "the site has no title: `title:` is empty");
        return Err(vec![
            at_key(d, "title").with_help("name the site: it heads every page, the feed and search results")
        ]);
    }
    Ok(config)
}

/// Why `name` cannot be a `theme:`, if it cannot: a theme is the name of a folder under `themes/`
/// (or the built-in `default`), never a path, since `site.yaml` may come from a contributor
/// whose build must not load templates from anywhere else on the machine.
pub fn theme_name_problem(name: &str) -> Option<&'static str> {
    if name.trim().is_empty() {
        Some("it is empty")
    } else if name == "." || name == ".." || name.contains(['/', '\\', ':']) {
        Some("a theme is the name of a folder under themes/, not a path")
    } else if name.chars().any(char::is_control) {
        Some("the name holds a control character")
    } else {
        None
    }
}

/// Reads a UTF-8 file relative to `root`, dropping a byte-order mark; other encodings are errors.
/// A file reached through a symbolic link leading out of the site is not read (see
/// [`crate::confine`]): its text never reaches a page or a message.
pub fn read_source(root: &Path, rel: &Path) -> Result<SourceFile, Diagnostic> {
    crate::confine::check(root, rel).map_err(|outside| outside.diagnostic())?;
    let bytes = std::fs::read(root.join(rel))
        .map_err(|error| Diagnostic::error("io", rel, format!("cannot read the file: {error}")))?;
    decode_source(rel, bytes)
}

/// Turns the bytes of the file at `rel` into its text: UTF-8 only, a byte-order mark dropped,
/// NUL bytes refused (the part of [`read_source`] after the read).
pub fn decode_source(rel: &Path, bytes: Vec<u8>) -> Result<SourceFile, Diagnostic> {
    let text = String::from_utf8(bytes).map_err(|error| {
        let offset = error.utf8_error().valid_up_to();
        let bytes = error.as_bytes();
        let line = bytes[..offset].iter().filter(|&&b| b == b'\n').count() + 1;
        let mut d =
            Diagnostic::error("encoding", rel, format!("the file is not valid UTF-8 (byte {offset}, line {line})"))
                .with_help("save the file as UTF-8, e.g. `iconv -f WINDOWS-1252 -t UTF-8`");
        d.line = line;
        d
    })?;
    let text: Arc<str> = match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.into(),
        None => text.into(),
    };
    if let Some(offset) = text.find('\0') {
        return Err(Diagnostic::error("encoding", rel, "the file contains a NUL byte; is it a binary file?")
            .at(&text, offset..offset + 1)
            .with_help("remove the NUL characters or move the file out of content/"));
    }
    Ok(SourceFile { path: rel.to_path_buf(), text })
}

fn relative(base: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(base).unwrap_or(path).to_path_buf()
}

fn is_hidden(rel: &Path) -> bool {
    rel.components().any(|c| c.as_os_str().to_string_lossy().starts_with('.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_theme_is_a_folder_name_never_a_path() {
        for fine in ["plain", "default", "my theme", ".hidden"] {
            assert_eq!(theme_name_problem(fine), None, "{fine}");
        }
        for bad in ["", " ", ".", "..", "/etc", "../x", "a/b", "plain/", "a\\b", "C:x", "a\nb"] {
            assert!(theme_name_problem(bad).is_some(), "{bad:?}");
        }
    }

    fn site() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let write = |rel: &str, text: &str| {
            let path = dir.path().join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        };
        write("content/site.yaml", "title: On disk\n");
        write("content/articles/a.md", "---\ntitle: On disk\ndate: 2025-01-01\n---\nBody.\n");
        dir
    }

    #[test]
    fn an_overlay_text_is_loaded_instead_of_the_file_and_the_file_again_without_it() {
        let dir = site();
        let mut cache = ParseCache::for_rebuilds();
        let article = PathBuf::from("content/articles/a.md");
        let mut overlay = Overlay::default();
        overlay.insert(article.clone(), "---\ntitle: Unsaved\ndate: 2025-01-01\n---\nBody.\n".into());
        overlay.insert("content/site.yaml".into(), "title: Unsaved site\n".into());
        cache.set_overlay(overlay);
        let (content, problems) = load_cached(dir.path(), LoadOptions::default(), &mut cache);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(content.articles[0].meta.title, "Unsaved");
        assert_eq!(content.config.title, "Unsaved site");

        cache.set_overlay(Overlay::default());
        cache.expect_edits([article]);
        let (content, _) = load_cached(dir.path(), LoadOptions::default(), &mut cache);
        assert_eq!(content.articles[0].meta.title, "On disk", "the file is read again once its overlay is gone");
        assert_eq!(content.config.title, "On disk");
    }

    #[test]
    fn an_overlay_text_is_read_even_when_the_watcher_reported_other_files_only() {
        let dir = site();
        let mut cache = ParseCache::for_rebuilds();
        load_cached(dir.path(), LoadOptions::default(), &mut cache);
        let mut overlay = Overlay::default();
        overlay.insert("content/articles/a.md".into(), "---\ntitle: [broken\n---\n".into());
        cache.set_overlay(overlay);
        cache.expect_edits([]);
        let (content, problems) = load_cached(dir.path(), LoadOptions::default(), &mut cache);
        assert!(content.articles.is_empty());
        assert_eq!(problems[0].file, Path::new("content/articles/a.md"), "{problems:?}");
    }

    #[test]
    fn a_front_matter_only_load_keeps_no_article_body_and_reads_it_again_while_the_front_matter_holds() {
        let dir = site();
        let options = LoadOptions { front_matter_only: true, ..LoadOptions::default() };
        let (content, problems) = load(dir.path(), options);
        assert!(problems.is_empty(), "{problems:?}");
        let article = &content.articles[0];
        assert_eq!(&*article.file.text, "---\ntitle: On disk\ndate: 2025-01-01\n---\n");
        assert_eq!(article.body_offset, article.file.text.len());

        let path = dir.path().join("content/articles/a.md");
        std::fs::write(&path, "---\ntitle: On disk\ndate: 2025-01-01\n---\nBody, edited.\n").unwrap();
        let file = read_again(dir.path(), article).expect("the front matter is the one loaded");
        assert_eq!(&file.text[article.body_offset..], "Body, edited.\n", "the body as it is now");

        std::fs::write(&path, "---\ntitle: Retitled\ndate: 2025-01-01\n---\nBody.\n").unwrap();
        let changed = read_again(dir.path(), article).unwrap_err();
        assert_eq!(
            (changed.code, changed.file.as_path()),
            ("changed-during-build", Path::new("content/articles/a.md"))
        );
        assert!(changed.help.is_some_and(|help| help.contains("build again")));

        std::fs::remove_file(&path).unwrap();
        let gone = read_again(dir.path(), article).unwrap_err();
        assert_eq!((gone.code, gone.file.as_path()), ("io", Path::new("content/articles/a.md")));
        assert!(gone.help.is_some_and(|help| help.contains("build again")));
    }
}
