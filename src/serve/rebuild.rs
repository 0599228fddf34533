//! Serve stage: the rebuild call site. [`Rebuilder`] owns everything a rebuild needs and is told
//! which sources changed, so a smarter, incremental rebuild can replace the full build here alone.

use super::watch::{Change, ChangeKind};
use crate::build::{self, BuildOptions, Built};
use crate::cache::bodies::BodyCache;
use crate::cache::{BodiesToKeep, BuildCache};
use crate::diagnostic::Diagnostic;
use crate::model::Urls;
use std::path::{Path, PathBuf};

/// A successful rebuild: the built site and the path it is served under.
#[derive(Debug, Clone)]
pub struct Rebuilt {
    /// The build, with its in-memory output and warnings.
    pub built: Built,
    /// The base path the site's links use (`/`, or `/sub/` when `base_url` has a subpath).
    pub base_path: String,
}

/// Rebuilds the site served at one origin, keeping a [`BuildCache`] so that an edit re-renders
/// only the documents and pages it touches.
#[derive(Debug)]
pub struct Rebuilder {
    root: PathBuf,
    drafts: bool,
    origin: String,
    cache: BuildCache,
}

impl Rebuilder {
    /// A rebuilder for the site at `root`, served at `origin` (`http://127.0.0.1:1111`, no
    /// trailing slash). The site's `base_url` is replaced by the origin plus its own subpath.
    /// The first build reuses the bodies kept in `root/.glosa-cache/` by earlier builds of this
    /// glosa (when it can read its own executable, which they are keyed by).
    pub fn new(root: &Path, drafts: bool, origin: &str) -> Self {
        let cache = match crate::cache::record::executable_hash() {
            Ok(salt) => BuildCache::for_rebuilds_from(BodyCache::open(root, salt)),
            Err(_) => BuildCache::for_rebuilds(),
        };
        Rebuilder { root: root.to_path_buf(), drafts, origin: origin.trim_end_matches('/').to_string(), cache }
    }

    /// Once, after the first successful build: its bodies, to keep in `root/.glosa-cache/` for
    /// the next `glosa serve` or `glosa build --incremental` (see [`BodiesToKeep::save`]).
    pub fn bodies_to_keep(&mut self) -> Option<BodiesToKeep> {
        self.cache.bodies_to_keep()
    }

    /// Builds the site after `changes` (empty for the first build). When the changes are only
    /// edits of files the site already had, only those are read again; otherwise every file is
    /// checked. Either way only what changed is rendered again (see [`crate::cache`]).
    pub fn rebuild(&mut self, changes: &[Change]) -> Result<Rebuilt, Vec<Diagnostic>> {
        if !changes.is_empty() && changes.iter().all(|c| c.kind != ChangeKind::Removed) {
            // A created file may be an editor's atomic save of a known one; the load checks.
            self.cache.parsed.expect_edits(changes.iter().map(|c| c.path.clone()));
        }
        let base_path = site_base_path(&self.root);
        let options = BuildOptions {
            root: self.root.clone(),
            base_url: Some(format!("{}{base_path}", self.origin)),
            drafts: self.drafts,
            ..BuildOptions::default()
        };
        build::build_with_cache(&options, &mut self.cache).map(|built| Rebuilt { built, base_path })
    }
}

/// The subpath of the `base_url` in `content/site.yaml` (`/` when absent or unreadable: the build
/// itself then reports what is wrong with the file).
pub fn site_base_path(root: &Path) -> String {
    #[derive(serde::Deserialize)]
    struct BaseUrl {
        base_url: Option<String>,
    }
    let site_yaml = Path::new("content").join("site.yaml");
    // A site.yaml linked from outside the site is not read (the build reports the link).
    let inside = crate::confine::check(root, &site_yaml).is_ok();
    let text = inside.then(|| std::fs::read_to_string(root.join(&site_yaml)).ok()).flatten().unwrap_or_default();
    let base_url = crate::yaml::from_str::<BaseUrl>(&text).ok().and_then(|c| c.base_url);
    base_url.map_or_else(|| "/".to_string(), |url| Urls::new(&url).base_path().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_base_path_comes_from_the_base_url_in_site_yaml() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(site_base_path(dir.path()), "/");
        std::fs::create_dir_all(dir.path().join("content")).unwrap();
        std::fs::write(dir.path().join("content/site.yaml"), "title: x\nbase_url: https://u.github.io/repo\n").unwrap();
        assert_eq!(site_base_path(dir.path()), "/repo/");
        std::fs::write(dir.path().join("content/site.yaml"), "title: x\n").unwrap();
        assert_eq!(site_base_path(dir.path()), "/");
    }
}
