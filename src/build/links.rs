//! The build's link check: a sink that records what the build writes (every path, and the
//! element ids of the pages `#fragment` links point into), and the check of every internal link
//! of every document against it, with a did-you-mean among the pages, files or ids near it.

use super::ids::element_ids;
use crate::diagnostic::Diagnostic;
use crate::load;
use crate::output::{Output, Sink};
use crate::resolve;
use crate::site::Site;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::Path;
use std::sync::Mutex;

/// What a build wrote, as far as checking its links needs: every path, and the element ids of the
/// pages that `#fragment` links point into.
#[derive(Debug, Default)]
pub(super) struct Written {
    /// Every file of the output, in order (the previous output's too in a partial rebuild).
    pub(super) paths: BTreeSet<String>,
    ids: HashMap<String, HashSet<String>>,
    /// The paths this build wrote or kept (not those of the previous output it started from).
    generated: HashSet<String>,
}

/// A sink that passes every file on and records what [`Written`] needs, starting from the
/// previous output in a partial rebuild (whose unchanged pages are not written again).
pub(super) struct Recorder<'s> {
    sink: &'s dyn Sink,
    targets: HashSet<String>,
    written: Mutex<Written>,
}

impl<'s> Recorder<'s> {
    pub(super) fn new(sink: &'s dyn Sink, targets: HashSet<String>, previous: Option<&Output>) -> Self {
        let mut written = Written::default();
        for (path, bytes) in previous.iter().flat_map(|output| output.files()) {
            if targets.contains(path) {
                written.ids.insert(path.to_string(), element_ids(bytes));
            }
            written.paths.insert(path.to_string());
        }
        Recorder { sink, targets, written: Mutex::new(written) }
    }

    /// Whether this build has written or kept `path` so far.
    pub(super) fn generated(&self, path: &str) -> bool {
        self.written.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).generated.contains(path)
    }

    pub(super) fn finish(self) -> Written {
        self.written.into_inner().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl Sink for Recorder<'_> {
    fn put(&self, path: &str, bytes: Vec<u8>) -> std::io::Result<()> {
        let ids = self.targets.contains(path).then(|| element_ids(&bytes));
        self.sink.put(path, bytes)?;
        let mut written = self.written.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        written.paths.insert(path.to_string());
        written.generated.insert(path.to_string());
        if let Some(ids) = ids {
            written.ids.insert(path.to_string(), ids);
        }
        Ok(())
    }

    /// Keeps the file unless a `#fragment` link points into it (its element ids are then read
    /// from the page as rendered now).
    fn reuse(&self, path: &str) -> std::io::Result<bool> {
        if self.targets.contains(path) || !self.sink.reuse(path)? {
            return Ok(false);
        }
        let mut written = self.written.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        written.paths.insert(path.to_string());
        written.generated.insert(path.to_string());
        Ok(true)
    }

    fn stopped(&self) -> bool {
        self.sink.stopped()
    }
}

/// The output files that `#fragment` links of any document (its body or corrections) point into.
pub(super) fn fragment_targets(site: &Site) -> HashSet<String> {
    let corrections = site.articles.iter().flat_map(|a| &a.correction_links);
    site.documents()
        .flat_map(|(_, body)| &body.links)
        .chain(corrections)
        .filter_map(|link| link.target.split_once('#').map(|(path, _)| output_file_of(path)))
        .collect()
}

/// The site paths (`articles/x/`) of the documents that the load stage's errors (`diagnostics`)
/// kept out of `content` (their front matter could not be read).
pub(super) fn unbuilt_pages(content: &load::Content, diagnostics: &[Diagnostic]) -> HashSet<String> {
    let loaded: HashSet<&std::path::Path> = (content.articles.iter().map(|d| d.file.path.as_path()))
        .chain(content.terms.iter().map(|d| d.file.path.as_path()))
        .chain(content.pages.iter().map(|d| d.file.path.as_path()))
        .collect();
    let failed = diagnostics.iter().filter(|d| d.severity == crate::diagnostic::Severity::Error);
    failed.filter(|d| !loaded.contains(d.file.as_path())).filter_map(|d| resolve::document_path(&d.file)).collect()
}

/// Checks every internal link of every document (bodies and corrections) against the files the
/// build wrote, and every `#fragment` against the ids of its target page: the broken links,
/// each with the site path it points to. A document whose text the build let go of after
/// rendering it (see [`super::Retention`]) is read again from under `root` to show the line.
pub(super) fn check_internal_links(site: &Site, written: &Written, root: &Path) -> Vec<(String, Diagnostic)> {
    let mut problems = Vec::new();
    let corrections = site.articles.iter().map(|a| (&a.doc.file, &a.correction_links));
    let bodies = site.documents().map(|(file, body)| (file, &body.links));
    for (file, links) in bodies.chain(corrections) {
        let mut reread: Option<Option<std::sync::Arc<str>>> = None;
        for link in links {
            if let Some(message) = broken_link(&link.target, written) {
                let d = Diagnostic::error("broken-link", &file.path, message);
                let d = if link.span.end <= file.text.len() {
                    d.at(&file.text, link.span.clone())
                } else {
                    // Unreadable now, the link is still reported, without its line.
                    match reread.get_or_insert_with(|| load::read_source(root, &file.path).ok().map(|f| f.text)) {
                        Some(text) => d.at(text, link.span.clone()),
                        None => d,
                    }
                };
                let path = link.target.split(['#', '?']).next().unwrap_or("").to_string();
                let relative_from = link.relative.then_some(file.path.as_path());
                problems.push((path, d.with_help(link_help(&link.target, written, relative_from))));
            }
        }
    }
    problems
}

fn broken_link(target: &str, written: &Written) -> Option<String> {
    let (path, fragment) = target.split_once('#').map_or((target, None), |(p, f)| (p, Some(f)));
    let path = path.split('?').next().unwrap_or("");
    let Some(file) = resolve_output_file(path, written) else {
        return Some(format!("the link points to /{path}, which this site does not have"));
    };
    let fragment = fragment.filter(|f| !f.is_empty())?;
    let ids = written.ids.get(&file)?;
    (!ids.contains(fragment)).then(|| format!("the link points to `#{fragment}`, which is not an id on /{path}"))
}

/// The output file a site path names when it is a page (`articles/x/` -> `articles/x/index.html`).
fn output_file_of(path: &str) -> String {
    let path = path.split('?').next().unwrap_or("");
    if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.to_string()
    }
}

/// The written file a site path names (`articles/x/` -> `articles/x/index.html`; `articles/x`
/// names the file itself or the folder's page).
fn resolve_output_file(path: &str, written: &Written) -> Option<String> {
    let path = resolve::links::percent_decode(path)?;
    let candidates = if path.is_empty() || path.ends_with('/') {
        vec![format!("{path}index.html")]
    } else {
        vec![path.to_string(), format!("{path}/index.html")]
    };
    candidates.into_iter().find(|c| written.paths.contains(c))
}

/// The help for a broken link to `target`: a did-you-mean among the ids, files or pages near it,
/// or what to link instead. For a relative link of the file `relative_from`, also where such
/// links start.
fn link_help(target: &str, written: &Written, relative_from: Option<&std::path::Path>) -> String {
    let (path, fragment) = target.split_once('#').map_or((target, None), |(p, f)| (p, Some(f)));
    if let (Some(fragment), Some(file)) = (fragment, resolve_output_file(path, written)) {
        let ids = written.ids.get(&file).into_iter().flatten().map(String::as_str);
        return match crate::diagnostic::did_you_mean(fragment, ids) {
            Some(close) => format!("did you mean `#{close}`?"),
            None => "link to an id the page has: a heading's id is its title as a slug, or set one with \
                     `## Title {#id}`"
                .into(),
        };
    }
    // Compare slugs among the pages of the same section, so that the shared `articles/` prefix
    // does not make every article look close; a file name (`map.png`) among the files beside it.
    let trimmed = path.trim_end_matches('/');
    let (section, slug) = trimmed.rsplit_once('/').unwrap_or(("", trimmed));
    let prefix = if section.is_empty() { String::new() } else { format!("{section}/") };
    let folder = relative_from
        .map(|file| crate::diagnostic::display_path(file.parent().unwrap_or(std::path::Path::new("content"))));
    let starts = |help: String| match &folder {
        Some(folder) => format!("{help} (relative links start from the file's folder, {folder}/)"),
        None => help,
    };
    if !path.ends_with('/') && slug.contains('.') {
        let beside = written
            .paths
            .iter()
            .filter_map(|p| p.strip_prefix(prefix.as_str()))
            .filter(|name| !name.contains('/') && !name.ends_with(".html"));
        return starts(match crate::diagnostic::did_you_mean(slug, beside) {
            Some(close) => format!("did you mean `/{prefix}{close}`?"),
            None => format!("no file /{trimmed} is in the site: put it at content/{trimmed}"),
        });
    }
    let siblings =
        written.paths.iter().filter_map(|p| p.strip_suffix("/index.html")).filter_map(|p| match p.rsplit_once('/') {
            Some((s, last)) if s == section => Some(last),
            None if section.is_empty() => Some(p),
            _ => None,
        });
    match (crate::diagnostic::did_you_mean(slug, siblings), &folder) {
        (Some(close), _) if close != slug => starts(format!("did you mean `/{prefix}{close}/`?")),
        (_, Some(folder)) => format!(
            "relative links start from the file's folder, {folder}/: put the file there, or link a page by its \
             Markdown file (`other.md`, `../glossary/term.md`)"
        ),
        _ => "link to a page the site has: /, /articles/<slug>/, /glossary/<slug>/ or a page in content/pages/".into(),
    }
}
