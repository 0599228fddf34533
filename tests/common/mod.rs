//! The harness the integration tests share: sites in temporary folders, and the glosa binary run
//! on them, its output read back.

// Each test binary compiles this module and uses only some of it.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// What one run of the glosa binary did.
#[derive(Debug)]
pub struct Run {
    /// It exited with 0.
    pub ok: bool,
    /// Its exit code (`None` when a signal ended it).
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl From<std::process::Output> for Run {
    fn from(out: std::process::Output) -> Run {
        Run {
            ok: out.status.success(),
            code: out.status.code(),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }
}

impl Run {
    /// What it printed, stdout then stderr.
    pub fn output(&self) -> String {
        format!("{}{}", self.stdout, self.stderr)
    }

    /// The run, after checking that it succeeded (panicking with what it printed otherwise).
    pub fn assert_ok(self) -> Run {
        assert!(self.ok, "glosa failed with {:?}:\n{}", self.code, self.output());
        self
    }
}

/// The glosa binary under test.
pub fn glosa_binary() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_glosa"))
}

/// Runs the glosa executable `exe` with `args` in the folder `dir`.
pub fn run_in(exe: &Path, dir: &Path, args: &[&str]) -> Run {
    Command::new(exe).args(args).current_dir(dir).output().unwrap().into()
}

/// Runs glosa with `args` in the tests' own folder (the arguments name every path).
pub fn glosa(args: &[&str]) -> Run {
    run_in(glosa_binary(), Path::new(env!("CARGO_MANIFEST_DIR")), args)
}

/// A site in a temporary folder of its own, removed with it.
pub struct Site {
    dir: tempfile::TempDir,
    /// The site root: the folder, or one `glosa init` made inside it.
    root: PathBuf,
}

impl Site {
    /// A copy of the fixture site `tests/fixtures/<name>`.
    pub fn fixture(name: &str) -> Site {
        Site::in_folder(fixture_copy(name))
    }

    /// A copy of the fixture site `tests/fixtures/<name>` at `TEMP/folder`, so that the test may
    /// put other things beside it in [`Site::folder`].
    pub fn fixture_in(name: &str, folder: &str) -> Site {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join(folder);
        copy_tree(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name), &root);
        Site { dir, root }
    }

    /// A copy of the `basic` fixture: three articles (one a draft), three terms, a page and a
    /// theme of its own.
    pub fn basic() -> Site {
        Site::fixture("basic")
    }

    /// An empty folder, for a site the test writes itself.
    pub fn empty() -> Site {
        Site::in_folder(tempfile::tempdir().unwrap())
    }

    /// A new site made by `glosa init` (in a folder it creates inside a temporary one).
    pub fn init() -> Site {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("my-site");
        glosa(&["init", root.to_str().unwrap()]).assert_ok();
        Site { dir, root }
    }

    fn in_folder(dir: tempfile::TempDir) -> Site {
        let root = dir.path().to_path_buf();
        Site { dir, root }
    }

    /// The site root.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The site root as a command-line argument (`--root DIR`).
    pub fn root_arg(&self) -> &str {
        self.root.to_str().unwrap()
    }

    /// The temporary folder the site is in (its root, or the root's parent for [`Site::init`]).
    pub fn folder(&self) -> &Path {
        self.dir.path()
    }

    /// Writes `contents` to `rel` under the root, creating folders.
    pub fn write(&self, rel: &str, contents: &(impl AsRef<[u8]> + ?Sized)) {
        write_file(self.root(), rel, contents);
    }

    /// Replaces the first `from` in the file `rel` with `to`, checking that it is there.
    pub fn edit(&self, rel: &str, from: &str, to: &str) {
        let path = self.root().join(rel);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{rel} has no {from:?}");
        std::fs::write(path, text.replacen(from, to, 1)).unwrap();
    }

    /// The text of the file `rel` under the root.
    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.root().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    /// The text of the file `rel` of the built site, `public/rel`.
    pub fn public(&self, rel: &str) -> String {
        self.read(&format!("public/{rel}"))
    }

    /// The built page `public/rel`, parsed.
    pub fn page(&self, rel: &str) -> scraper::Html {
        scraper::Html::parse_document(&self.public(rel))
    }

    /// Every file of the built site whose name ends in `.ext`, in path order.
    pub fn public_files(&self, ext: &str) -> Vec<PathBuf> {
        let files = tree(&self.root().join("public")).into_keys();
        files
            .filter(|path| path.ends_with(&format!(".{ext}")))
            .map(|path| self.root().join("public").join(path))
            .collect()
    }

    /// Runs glosa with `args` in the site root.
    pub fn glosa(&self, args: &[&str]) -> Run {
        run_in(glosa_binary(), self.root(), args)
    }

    /// `glosa build` in the site root, whatever comes of it.
    pub fn build(&self) -> Run {
        self.glosa(&["build"])
    }

    /// `glosa build` in the site root, checked to succeed.
    pub fn built(&self) -> Run {
        self.build().assert_ok()
    }
}

/// Every file under `dir` by its `/`-separated path relative to `dir`, with its bytes.
pub fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|entry| entry.file_type().is_file())
        .map(|entry| {
            let relative = entry.path().strip_prefix(dir).unwrap();
            let parts: Vec<_> = relative.components().map(|c| c.as_os_str().to_string_lossy()).collect();
            (parts.join("/"), std::fs::read(entry.path()).unwrap())
        })
        .collect()
}

/// Copies the folder `from` into `to` (created as needed), files and sub-folders alike.
pub fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A copy of the fixture site `tests/fixtures/<name>` in a new temporary folder.
pub fn fixture_copy(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name), dir.path());
    dir
}

/// Writes `contents` to `root/rel`, creating parent folders.
pub fn write_file(root: &Path, rel: &str, contents: &(impl AsRef<[u8]> + ?Sized)) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, contents.as_ref()).unwrap();
}

/// The search index of the site built into `public`: its manifest (`search/manifest.json`) and
/// every document of its result files (`search/d/<n>.json`), in the order of their numbers.
pub fn search_index(public: &Path) -> (serde_json::Value, Vec<serde_json::Value>) {
    let read = |rel: &str| -> serde_json::Value {
        let text = std::fs::read_to_string(public.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{rel} is not JSON: {e}"))
    };
    let manifest = read("search/manifest.json");
    let count = manifest["docs"].as_u64().unwrap() as usize;
    let per = manifest["per"].as_u64().unwrap() as usize;
    let docs = (0..count.div_ceil(per))
        .flat_map(|n| read(&format!("search/d/{n}.json"))["docs"].as_array().unwrap().clone())
        .collect();
    (manifest, docs)
}

/// The elements of a built page that the CSS selector `css` matches.
pub fn select<'a>(html: &'a scraper::Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
    html.select(&scraper::Selector::parse(css).unwrap()).collect()
}

/// The texts of the elements `css` matches, trimmed.
pub fn texts(html: &scraper::Html, css: &str) -> Vec<String> {
    select(html, css).iter().map(|e| e.text().collect::<String>().trim().to_string()).collect()
}

/// The `href`s of the elements `css` matches.
pub fn hrefs(html: &scraper::Html, css: &str) -> Vec<String> {
    select(html, css).iter().filter_map(|e| e.value().attr("href")).map(str::to_string).collect()
}
