//! The whole pipeline on arbitrary bytes: the input is cut at NUL bytes into the files of a small
//! site (see [`FILES`]; files past the end of the input are absent), written into one reused
//! folder, and built in memory with the built-in theme: load, resolve, render, theme, link
//! checks. Asserts nothing beyond no panic and that every diagnostic, error or warning, names a
//! file under `content/` or `themes/`.
//!
//! Each input is built as `glosa::build::build` builds it, through `build_with_cache` with a
//! fresh cache that holds only the built-in theme compiled once at start-up: compiling its tera
//! templates, which no input changes, was 72% of the time of an execution. The theme is still
//! compiled again whenever an input's base URL or theme needs it (the theme's fingerprint covers
//! both), and no other state passes from one input to the next.

#![no_main]

use glosa::build::{self, BuildOptions};
use glosa::diagnostic::Diagnostic;
use glosa::cache::BuildCache;
use glosa::theme::Theme;
use libfuzzer_sys::fuzz_target;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

/// The files the input's NUL-separated parts become, in order; the last part keeps any further
/// NUL bytes (and so is an encoding error).
const FILES: [&str; 6] = [
    "content/site.yaml",
    "content/articles/story.md",
    "content/glossary/qwen.md",
    "content/glossary/distillation.md",
    "content/_index.md",
    "content/pages/about.md",
];

/// The site folder, made once per process (in memory under /dev/shm when there is one) and
/// rewritten for every input.
fn root() -> &'static Path {
    static ROOT: OnceLock<PathBuf> = OnceLock::new();
    ROOT.get_or_init(|| {
        // One build thread: the fuzzer is one job, and rayon's pool must not grow per core.
        std::env::set_var("RAYON_NUM_THREADS", "1");
        let shm = Path::new("/dev/shm");
        let base = if shm.is_dir() { shm.to_path_buf() } else { std::env::temp_dir() };
        let root = base.join(format!("glosa-fuzz-site-{}", std::process::id()));
        for dir in ["content/articles", "content/glossary", "content/pages"] {
            std::fs::create_dir_all(root.join(dir)).unwrap();
        }
        root
    })
}

/// The built-in theme as a build of a one-line site (base path `/`, as most seeds have) compiles it.
fn warm_theme() -> &'static Arc<Theme> {
    static THEME: OnceLock<Arc<Theme>> = OnceLock::new();
    THEME.get_or_init(|| {
        let root = root();
        write_files(root, b"title: Warm-up");
        let mut cache = BuildCache::default();
        let options = BuildOptions { root: root.to_path_buf(), base_url: None, drafts: true };
        build::build_with_cache(&options, &mut cache).expect("a one-line site builds");
        cache.theme().expect("a successful build keeps its theme")
    })
}

/// Writes the input's parts as [`FILES`] under `root`, removing the files it has no part for.
fn write_files(root: &Path, data: &[u8]) {
    let mut parts = data.splitn(FILES.len(), |&b| b == 0);
    for file in FILES {
        let path = root.join(file);
        match parts.next() {
            Some(bytes) => std::fs::write(&path, bytes).unwrap(),
            None => match std::fs::remove_file(&path) {
                Ok(()) => {}
                Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
                Err(error) => panic!("cannot remove {}: {error}", path.display()),
            },
        }
    }
}

fn names_a_file(diagnostic: &Diagnostic) -> bool {
    diagnostic.file.starts_with("content") || diagnostic.file.starts_with("themes")
}

fuzz_target!(|data: &[u8]| {
    let theme = warm_theme();
    let root = root();
    write_files(root, data);
    let mut cache = BuildCache::default();
    cache.keep_theme(Arc::clone(theme));
    let options = BuildOptions { root: root.to_path_buf(), base_url: None, drafts: true };
    let diagnostics = match build::build_with_cache(&options, &mut cache) {
        Ok(built) => built.warnings,
        Err(diagnostics) => diagnostics,
    };
    for diagnostic in &diagnostics {
        assert!(names_a_file(diagnostic), "names no file: {diagnostic:?}");
    }
});
