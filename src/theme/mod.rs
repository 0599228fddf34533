//! Theme stage: loading a tera theme (templates + static files) and rendering pages from typed
//! views. Templates are compiled once per build; each page gets a small context.

pub mod byline;
pub mod depth;
pub mod embedded;
pub mod feeds;
pub mod filters;
pub mod pages;
pub mod recursion;
pub mod search;
pub mod site_views;
pub mod source_pages;
pub mod views;

use crate::diagnostic::{did_you_mean, display_path, Diagnostic};
use crate::hash::fnv1a;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The templates every theme must provide.
pub const REQUIRED_TEMPLATES: [&str; 13] = [
    "base.html",
    "index.html",
    "article.html",
    "glossary.html",
    "term.html",
    "sources.html",
    "publisher.html",
    "source.html",
    "page.html",
    "404.html",
    "taxonomy.html",
    "taxon.html",
    "claims.html",
];

/// The element ids the built-in theme's pages hold besides the body's: a heading never takes one
/// (`## Main` gets `main-1`, not the `<main>`'s id).
pub const PAGE_IDS: [&str; 22] = [
    "main",
    "search-box",
    "search-q",
    "search-results",
    "search-status",
    "toc-title",
    "corrections-title",
    "article-claims",
    "article-claims-title",
    "article-terms",
    "article-terms-title",
    "print-notes-title",
    "report-error-title",
    "home-articles-title",
    "home-terms-title",
    "publisher-sources-title",
    "source-cited-title",
    "term-mentions",
    "term-see-also",
    "term-sources",
    "taxon-articles-title",
    "claim-filters-title",
];

/// A loaded theme.
pub struct Theme {
    tera: tera::Tera,
    /// Static files: output path (fingerprinted for CSS and JS) -> bytes.
    pub static_files: BTreeMap<String, Vec<u8>>,
    /// A hash of every template and static file, so a rebuild can tell whether the theme changed.
    pub fingerprint: u64,
    /// Template file paths relative to the site root, for error messages.
    template_paths: BTreeMap<String, PathBuf>,
}

impl std::fmt::Debug for Theme {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Theme").field("templates", &self.template_paths.keys()).finish()
    }
}

impl Theme {
    /// Loads `themes/<name>/` under `root`: every `templates/**/*.html` and every file in
    /// `static/`. CSS and JS files get a content hash in their name so hosts can cache them
    /// forever; the `asset(path=...)` template function maps a plain name to its URL.
    /// The `default` theme is built in: the folder is optional and overrides it file by file.
    /// When `previous` was loaded from the same files for the same base path it is returned as it
    /// is, so a rebuild does not compile the templates again.
    pub fn load(
        root: &Path,
        name: &str,
        base_path: &str,
        previous: Option<Arc<Theme>>,
    ) -> Result<Arc<Theme>, Vec<Diagnostic>> {
        if let Some(problem) = crate::load::theme_name_problem(name) {
            let message = format!("the theme `{name}` cannot be used: {problem}");
            return Err(vec![Diagnostic::error("bad-theme", Path::new("content").join("site.yaml"), message)]);
        }
        let theme_dir = Path::new("themes").join(name);
        let built_in = name == embedded::NAME;
        crate::confine::check(root, &theme_dir).map_err(|outside| vec![outside.diagnostic()])?;
        if !built_in && !root.join(&theme_dir).is_dir() {
            return Err(vec![missing_theme(root, name)]);
        }
        let mut diagnostics = Vec::new();
        let mut templates = if built_in { built_in_tree(&theme_dir, "templates") } else { BTreeMap::new() };
        templates.extend(read_tree(root, &theme_dir.join("templates"), &mut diagnostics));
        let mut statics = if built_in { built_in_tree(&theme_dir, "static") } else { BTreeMap::new() };
        statics.extend(read_tree(root, &theme_dir.join("static"), &mut diagnostics));
        diagnostics.extend(statics.values().filter_map(|(path, _)| crate::load::names::reserved(path)));
        let mut all_bytes = base_path.as_bytes().to_vec();
        for (name, (_, bytes)) in templates.iter().chain(statics.iter()) {
            all_bytes.extend_from_slice(name.as_bytes());
            all_bytes.extend_from_slice(&(bytes.len() as u64).to_le_bytes());
            all_bytes.extend_from_slice(bytes);
        }
        let fingerprint = fnv1a(&all_bytes);
        if let Some(previous) = previous.filter(|p| p.fingerprint == fingerprint && diagnostics.is_empty()) {
            return Ok(previous);
        }
        let mut raw = Vec::new();
        let mut template_paths = BTreeMap::new();
        for (name, (path, bytes)) in templates {
            match String::from_utf8(bytes) {
                Ok(text) => {
                    template_paths.insert(name.clone(), path);
                    raw.push((name, text));
                }
                Err(_) => diagnostics.push(Diagnostic::error("encoding", path, "the template is not valid UTF-8")),
            }
        }
        for required in REQUIRED_TEMPLATES {
            if !template_paths.contains_key(required) {
                diagnostics.push(
                    Diagnostic::error(
                        "missing-template",
                        theme_dir.join("templates").join(required),
                        format!("the theme `{name}` has no template `{required}`"),
                    )
                    .with_help(
                        "every theme needs base, index, article, glossary, term, sources, publisher, source, page, 404, \
                         taxonomy, taxon and claims templates",
                    ),
                );
            }
        }
        let mut static_files = BTreeMap::new();
        let mut asset_urls = BTreeMap::new();
        for (rel, (_, bytes)) in statics {
            let out = fingerprinted_name(&rel, &bytes);
            asset_urls.insert(rel, format!("{base_path}{out}"));
            static_files.insert(out, bytes);
        }
        let mut tera = tera::Tera::default();
        tera.autoescape_on(vec![".html", ".xml"]);
        tera.set_escape_fn(escape_for_templates);
        filters::register(&mut tera);
        tera.register_function("get_env", no_environment);
        for cycle in recursion::cycles(&raw) {
            let first = &cycle[0].0;
            let path = template_paths.get(first).cloned().unwrap_or_else(|| theme_dir.join("templates").join(first));
            diagnostics.push(
                Diagnostic::error(
                    "template-recursion",
                    path,
                    format!("the templates call themselves for ever: {}", recursion::describe(&cycle)),
                )
                .with_help("put the include or macro call that closes the circle under an `{% if %}` that ends it"),
            );
        }
        if let Err(error) = tera.add_raw_templates(raw) {
            diagnostics.push(template_error(&error, &template_paths));
        }
        depth::guard(&mut tera);
        tera.register_function("asset", AssetUrl { urls: asset_urls, base_path: base_path.to_string() });
        if diagnostics.is_empty() {
            Ok(Arc::new(Theme { tera, static_files, fingerprint, template_paths }))
        } else {
            Err(diagnostics)
        }
    }

    /// Renders `template` with `context`. Macro calls and includes nesting past
    /// [`depth::MAX_DEPTH`] fail the render instead of overflowing the stack.
    pub fn render(&self, template: &str, context: &tera::Context) -> Result<String, Diagnostic> {
        depth::scoped(|| self.tera.render(template, context))
            .map_err(|error| template_error(&error, &self.template_paths))
    }
}

/// `asset(path="style.css")`: the root-relative URL of a static file, fingerprinted if it is.
struct AssetUrl {
    urls: BTreeMap<String, String>,
    base_path: String,
}

impl tera::Function for AssetUrl {
    fn call(&self, args: &std::collections::HashMap<String, tera::Value>) -> tera::Result<tera::Value> {
        let path = args
            .get("path")
            .and_then(tera::Value::as_str)
            .ok_or_else(|| tera::Error::msg("asset() needs a `path` argument, e.g. asset(path=\"style.css\")"))?;
        let path = path.trim_start_matches('/');
        match self.urls.get(path) {
            Some(url) => Ok(tera::Value::String(url.clone())),
            None if path.starts_with("search/") || path.ends_with(".xml") => {
                Ok(tera::Value::String(format!("{}{path}", self.base_path)))
            }
            None => Err(tera::Error::msg(format!("asset(): the theme has no static file `{path}`"))),
        }
    }

    fn is_safe(&self) -> bool {
        true
    }
}

/// Takes the place of tera's `get_env`: a theme may come from someone the machine building the
/// site need not trust (a pull request built by CI, whose environment holds deploy tokens), so
/// templates cannot read the environment.
fn no_environment(_: &std::collections::HashMap<String, tera::Value>) -> tera::Result<tera::Value> {
    Err(tera::Error::msg(
        "get_env() is not available: templates cannot read the environment, which may hold secrets; \
         write the value in content/site.yaml or in the template",
    ))
}

/// The error for a `theme:` in `content/site.yaml` naming no folder under `themes/`, at the
/// value when the file has the key, with the closest theme there is as a did-you-mean.
fn missing_theme(root: &Path, name: &str) -> Diagnostic {
    let site_yaml = Path::new("content").join("site.yaml");
    let folder = Path::new("themes").join(name);
    let message = format!("the theme `{name}` was not found: there is no folder {}", display_path(&folder));
    let mut diagnostic = Diagnostic::error("missing-theme", &site_yaml, message);
    if let Ok(file) = crate::load::read_source(root, &site_yaml) {
        if let Some(span) = crate::load::frontmatter::value_span(&file.text, "theme") {
            diagnostic = diagnostic.at(&file.text, span);
        }
    }
    let mut themes = theme_folders(root);
    themes.push(embedded::NAME.to_string());
    match did_you_mean(name, themes.iter().map(String::as_str)) {
        Some(close) => diagnostic.with_help(format!("did you mean `{close}`?")),
        None => {
            diagnostic.with_help(format!("set `theme:` to `{}` (built in) or a folder under themes/", embedded::NAME))
        }
    }
}

/// The names of the folders under `root/themes/`, sorted.
fn theme_folders(root: &Path) -> Vec<String> {
    let entries = std::fs::read_dir(root.join("themes")).into_iter().flatten().flatten();
    let mut names: Vec<String> =
        entries.filter(|e| e.path().is_dir()).filter_map(|e| e.file_name().into_string().ok()).collect();
    names.sort();
    names
}

/// Tera's autoescaping: `&`, `<`, `>`, `"` and `'`, leaving `/` readable in URLs.
fn escape_for_templates(text: &str) -> String {
    crate::render::html::escape(text)
}

/// `style.css` -> `style.1a2b3c4d.css` for CSS and JS; other files keep their names.
fn fingerprinted_name(rel: &str, bytes: &[u8]) -> String {
    let Some((stem, ext)) = rel.rsplit_once('.') else {
        return rel.to_string();
    };
    if ext != "css" && ext != "js" {
        return rel.to_string();
    }
    format!("{stem}.{:08x}.{ext}", fnv1a(bytes) as u32)
}

/// The built-in theme's files in `folder`, keyed like [`read_tree`]; their paths are marked
/// `built-in:` in messages since they are not in the site.
fn built_in_tree(theme_dir: &Path, folder: &str) -> BTreeMap<String, (PathBuf, Vec<u8>)> {
    embedded::files_in(folder)
        .map(|(key, bytes)| {
            let dir = crate::diagnostic::display_path(&theme_dir.join(folder));
            let path = PathBuf::from(format!("built-in:{dir}/{key}"));
            (key.to_string(), (path, bytes.to_vec()))
        })
        .collect()
}

/// Every file under `root/dir`, keyed by its `/`-separated path relative to `dir`. Symbolic
/// links are followed into the site's own files only; any other is an error, and is not read
/// (see [`crate::confine`]).
fn read_tree(root: &Path, dir: &Path, diagnostics: &mut Vec<Diagnostic>) -> BTreeMap<String, (PathBuf, Vec<u8>)> {
    let mut files = BTreeMap::new();
    if let Err(outside) = crate::confine::check(root, dir) {
        diagnostics.push(outside.diagnostic());
        return files;
    }
    if !root.join(dir).is_dir() {
        return files;
    }
    let mut entries = walkdir::WalkDir::new(root.join(dir)).follow_links(true).sort_by_file_name().into_iter();
    while let Some(entry) = entries.next() {
        if let Some(problem) = entry.as_ref().ok().and_then(|entry| refused(root, entry)) {
            diagnostics.push(problem);
            if entry.as_ref().is_ok_and(|entry| entry.file_type().is_dir()) {
                entries.skip_current_dir();
            }
            continue;
        }
        match entry {
            Ok(entry) if entry.file_type().is_file() => {
                let rel_to_root = entry.path().strip_prefix(root).unwrap_or(entry.path()).to_path_buf();
                let key =
                    crate::diagnostic::display_path(entry.path().strip_prefix(root.join(dir)).unwrap_or(entry.path()));
                if key.split('/').any(|part| part.starts_with('.')) {
                    continue;
                }
                match std::fs::read(entry.path()) {
                    Ok(bytes) => {
                        files.insert(key, (rel_to_root, bytes));
                    }
                    Err(error) => {
                        diagnostics.push(Diagnostic::error("io", rel_to_root, format!("cannot read: {error}")))
                    }
                }
            }
            Ok(_) => {}
            Err(error) => diagnostics.push(Diagnostic::error("io", dir, format!("cannot read the theme: {error}"))),
        }
    }
    files
}

/// Why [`read_tree`] neither reads nor enters `entry`, if it does not: a symbolic link leading out
/// of the site's own files, or a name with a control character (unless hidden, and so never read).
fn refused(root: &Path, entry: &walkdir::DirEntry) -> Option<Diagnostic> {
    let rel_to_root = entry.path().strip_prefix(root).unwrap_or(entry.path());
    let hidden = entry.file_name().to_string_lossy().starts_with('.');
    let link = entry.path_is_symlink().then(|| crate::confine::check(root, rel_to_root).err()).flatten();
    let named = || if hidden { None } else { crate::load::names::control_character(rel_to_root) };
    link.map(|outside| outside.diagnostic()).or_else(named)
}

/// Turns a tera error (whose chain holds the template name and, for syntax errors, ` --> L:C`)
/// into a diagnostic naming the template file and line; a render that nested too deep names the
/// template whose include or macro went past the bound.
fn template_error(error: &tera::Error, paths: &BTreeMap<String, PathBuf>) -> Diagnostic {
    if let Some(too_deep) = depth::too_deep(error) {
        let file = paths.get(&too_deep.template).cloned().unwrap_or_else(|| PathBuf::from("themes"));
        return too_deep.diagnostic(file);
    }
    let mut messages = vec![error.to_string()];
    let mut source = std::error::Error::source(error);
    while let Some(inner) = source {
        messages.push(inner.to_string());
        source = inner.source();
    }
    let full = messages.join(": ");
    let template =
        messages.iter().find_map(|m| m.split('\'').nth(1).filter(|name| paths.contains_key(*name))).unwrap_or("");
    let file = paths.get(template).cloned().unwrap_or_else(|| PathBuf::from("themes"));
    let mut diagnostic = Diagnostic::error("template", file, full.lines().map(str::trim).collect::<Vec<_>>().join(" "));
    if let Some(position) = full.split(" --> ").nth(1) {
        let mut numbers = position.split(|c: char| !c.is_ascii_digit()).filter(|s| !s.is_empty());
        diagnostic.line = numbers.next().and_then(|n| n.parse().ok()).unwrap_or(0);
        diagnostic.column = numbers.next().and_then(|n| n.parse().ok()).unwrap_or(0);
    }
    diagnostic.with_help("fix the template; tera's syntax is described at keats.github.io/tera")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_ids_are_every_literal_id_of_the_built_in_templates() {
        let mut literal = std::collections::BTreeSet::new();
        for (_, bytes) in embedded::files_in("templates") {
            let text = std::str::from_utf8(bytes).unwrap();
            for rest in text.split(" id=\"").skip(1) {
                let id = &rest[..rest.find('"').unwrap()];
                if !id.contains("{{") {
                    literal.insert(id);
                }
            }
        }
        let listed: std::collections::BTreeSet<&str> = PAGE_IDS.iter().copied().collect();
        assert_eq!(literal, listed, "PAGE_IDS must name the ids the built-in templates write");
    }

    #[test]
    fn templates_cannot_read_the_environment() {
        let mut tera = tera::Tera::default();
        tera.register_function("get_env", no_environment);
        let error = tera.render_str("{{ get_env(name=\"PATH\") }}", &tera::Context::new()).unwrap_err();
        let chain = std::iter::successors(Some(&error as &dyn std::error::Error), |e| e.source());
        assert!(chain.map(|e| e.to_string()).any(|m| m.contains("cannot read the environment")), "{error:?}");
    }

    #[test]
    fn css_and_js_are_fingerprinted_by_content() {
        let a = fingerprinted_name("style.css", b"a");
        assert!(a.starts_with("style.") && a.ends_with(".css") && a.len() == "style.12345678.css".len());
        assert_ne!(a, fingerprinted_name("style.css", b"b"));
        assert_eq!(fingerprinted_name("img/logo.svg", b"a"), "img/logo.svg");
    }
}
