//! Keeping reads inside the site's own files: the files of `content/` and `themes/` may come from
//! people the machine building the site need not trust (a pull request that CI builds), and a
//! symbolic link among them can lead anywhere (`content/passwd.txt -> /etc/passwd`,
//! `content/keys -> ~/.ssh`, `content/x -> ../.git/config`, where CI keeps its token). glosa
//! follows a link only when its target is inside `content/` or `themes/` and in no hidden folder:
//! [`check`] finds any other link on the way to a file, before the file is opened, so neither the
//! build's output nor any message can show what lies elsewhere.
//!
//! A leaf module: the load and theme stages and `glosa serve` all check their reads here.

use crate::diagnostic::{display_path, Diagnostic};
use std::path::{Path, PathBuf};

/// A symbolic link under the site root whose target is not among the site's own files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutsideLink {
    /// The link, relative to the site root (`content/passwd.txt`).
    pub link: PathBuf,
    /// Its target as the link writes it (not as resolved: where the site lives on the building
    /// machine is not the contributor's to learn).
    pub target: PathBuf,
}

impl OutsideLink {
    /// The error naming the link.
    pub fn diagnostic(&self) -> Diagnostic {
        let message = format!(
            "a symbolic link to `{}`, outside the site's content/ and themes/: glosa never reads through such a link",
            display_path(&self.target)
        );
        Diagnostic::error("outside-link", &self.link, message)
            .with_help("copy the file into the site, or point the link at a file in content/ or themes/")
    }
}

/// Where links may lead: the site root and the folders its `content/` and `themes/` resolve to,
/// all canonical (found the first time a link is met).
struct Sources {
    root: PathBuf,
    folders: Vec<PathBuf>,
}

impl Sources {
    fn of(root: &Path) -> Sources {
        let root = std::fs::canonicalize(root).unwrap_or_else(|_| root.into());
        let folders = ["content", "themes"].iter().filter_map(|folder| std::fs::canonicalize(root.join(folder)).ok());
        let folders = folders.filter(|folder| folder != &root && allowed_in(&root, folder)).collect();
        Sources { root, folders }
    }

    /// Whether the canonical path `target` is in one of the site's source folders.
    fn hold(&self, target: &Path) -> bool {
        self.folders.iter().any(|folder| target.starts_with(folder)) && allowed_in(&self.root, target)
    }
}

/// Whether the canonical path `target` is inside `root` and in no hidden folder of it (`.git`).
fn allowed_in(root: &Path, target: &Path) -> bool {
    target
        .strip_prefix(root)
        .is_ok_and(|rel| !rel.components().any(|part| part.as_os_str().to_string_lossy().starts_with('.')))
}

/// Checks that `rel` (a path under `root` without `..`, e.g. `content/articles/x.md`) can be
/// read without a symbolic link on the way taking the read out of the site's own files: every
/// link among its components must resolve to a path inside the folders `content/` and `themes/`
/// resolve to (themselves inside the site root), in no hidden folder. A component that does not
/// exist, a dangling link or a loop is no escape (nothing can be read through it; the read says
/// why). Costs one `lstat` per component while there is no link.
pub fn check(root: &Path, rel: &Path) -> Result<(), OutsideLink> {
    let mut path = root.to_path_buf();
    let mut sources = None;
    for (count, part) in rel.components().enumerate() {
        path.push(part);
        let is_link = std::fs::symlink_metadata(&path).is_ok_and(|meta| meta.file_type().is_symlink());
        if !is_link {
            continue;
        }
        let sources = sources.get_or_insert_with(|| Sources::of(root));
        if std::fs::canonicalize(&path).is_ok_and(|target| !sources.hold(&target)) {
            let link = rel.components().take(count + 1).collect();
            let target = std::fs::read_link(&path).unwrap_or_default();
            return Err(OutsideLink { link, target });
        }
    }
    Ok(())
}

/// Whether a component of `rel` (a path under `root`) is a symbolic link, wherever it leads: for
/// the folders glosa writes into inside the site (its cache), which it makes itself and which a
/// link could only turn elsewhere.
pub fn linked(root: &Path, rel: &Path) -> bool {
    let mut path = root.to_path_buf();
    rel.components().any(|part| {
        path.push(part);
        std::fs::symlink_metadata(&path).is_ok_and(|meta| meta.file_type().is_symlink())
    })
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    /// A site folder `site/` with `content/a.txt`, beside a folder `outside/` with `secret.txt`.
    fn site() -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        std::fs::create_dir_all(root.join("content")).unwrap();
        std::fs::create_dir_all(dir.path().join("outside")).unwrap();
        std::fs::write(root.join("content/a.txt"), "a").unwrap();
        std::fs::write(dir.path().join("outside/secret.txt"), "s").unwrap();
        (dir, root)
    }

    #[test]
    fn plain_files_and_links_that_stay_inside_pass() {
        let (_dir, root) = site();
        symlink("a.txt", root.join("content/b.txt")).unwrap();
        symlink("../content", root.join("content/again")).unwrap();
        assert_eq!(check(&root, Path::new("content/a.txt")), Ok(()));
        assert_eq!(check(&root, Path::new("content/b.txt")), Ok(()));
        assert_eq!(check(&root, Path::new("content/again/b.txt")), Ok(()));
        assert_eq!(check(&root, Path::new("content/missing.txt")), Ok(()), "nothing to read");
    }

    #[test]
    fn the_first_link_leading_out_is_named_with_its_target_as_written() {
        let (_dir, root) = site();
        symlink("../../outside/secret.txt", root.join("content/up.txt")).unwrap();
        symlink("../../outside", root.join("content/folder")).unwrap();
        let escape = check(&root, Path::new("content/up.txt")).unwrap_err();
        assert_eq!(escape, OutsideLink { link: "content/up.txt".into(), target: "../../outside/secret.txt".into() });
        let escape = check(&root, Path::new("content/folder/secret.txt")).unwrap_err();
        assert_eq!(escape.link, Path::new("content/folder"));
        let d = escape.diagnostic();
        assert_eq!((d.code, d.file.as_path()), ("outside-link", Path::new("content/folder")));
    }

    #[test]
    fn links_into_the_site_root_but_out_of_its_sources_or_into_hidden_folders_are_caught() {
        let (_dir, root) = site();
        std::fs::create_dir_all(root.join(".git")).unwrap();
        std::fs::write(root.join(".git/config"), "token").unwrap();
        std::fs::write(root.join("ci-credentials.json"), "key").unwrap();
        std::fs::create_dir_all(root.join("content/.hidden")).unwrap();
        symlink("../.git/config", root.join("content/git.txt")).unwrap();
        symlink("../ci-credentials.json", root.join("content/creds.json")).unwrap();
        symlink("..", root.join("content/root")).unwrap();
        symlink(".hidden", root.join("content/shown")).unwrap();
        for rel in ["content/git.txt", "content/creds.json", "content/root/ci-credentials.json", "content/shown"] {
            assert!(check(&root, Path::new(rel)).is_err(), "{rel}");
        }
    }

    #[test]
    fn content_linked_to_the_root_or_a_hidden_folder_holds_nothing_links_may_reach() {
        let (_dir, root) = site();
        std::fs::rename(root.join("content"), root.join(".content")).unwrap();
        symlink(".content", root.join("content")).unwrap();
        assert!(check(&root, Path::new("content/a.txt")).is_err());
        std::fs::remove_file(root.join("content")).unwrap();
        symlink(".", root.join("content")).unwrap();
        assert!(check(&root, Path::new("content/.content/a.txt")).is_err());
        std::fs::remove_file(root.join("content")).unwrap();
        std::fs::create_dir_all(root.join("sources")).unwrap();
        std::fs::rename(root.join(".content"), root.join("sources/content")).unwrap();
        symlink("sources/content", root.join("content")).unwrap();
        assert_eq!(check(&root, Path::new("content/a.txt")), Ok(()), "content kept in another folder of the site");
    }

    #[test]
    fn a_folder_of_the_site_linked_out_is_caught_at_the_folder() {
        let (dir, root) = site();
        std::fs::remove_dir_all(root.join("content")).unwrap();
        symlink(dir.path().join("outside"), root.join("content")).unwrap();
        assert_eq!(check(&root, Path::new("content/secret.txt")).unwrap_err().link, Path::new("content"));
    }

    #[test]
    fn any_link_on_the_way_counts_as_linked() {
        let (_dir, root) = site();
        symlink("../content", root.join("content/again")).unwrap();
        assert!(linked(&root, Path::new("content/again/a.txt")));
        assert!(!linked(&root, Path::new("content/a.txt")) && !linked(&root, Path::new("content/none/x")));
    }

    #[test]
    fn a_site_root_reached_through_a_link_is_its_own_inside() {
        let (dir, root) = site();
        let alias = dir.path().join("alias");
        symlink(&root, &alias).unwrap();
        symlink(root.join("content/a.txt"), root.join("content/absolute.txt")).unwrap();
        assert_eq!(check(&alias, Path::new("content/absolute.txt")), Ok(()));
    }
}
