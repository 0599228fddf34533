//! `glosa build --incremental`: pages whose inputs are unchanged are taken over from the previous
//! output instead of rendered, and the output folder ends up byte for byte what a clean build
//! writes, whatever was edited, added, removed or tampered with in between.

mod common;

use common::{run_in, tree, Site};
use std::collections::BTreeMap;
use std::path::Path;

/// What the tests here do with a site: build it incrementally, and compare its output with a
/// clean build's.
trait Incremental {
    /// Builds `public/` incrementally with `extra` flags; returns how many files it kept.
    fn incremental(&self, extra: &[&str]) -> usize;
    /// Asserts that `public/` holds exactly what a clean build with `extra` flags writes.
    fn assert_public_is_clean(&self, extra: &[&str], after: &str);
    /// The build records kept in `.glosa-cache/`.
    fn record_files(&self) -> BTreeMap<String, Vec<u8>>;
}

impl Incremental for Site {
    fn incremental(&self, extra: &[&str]) -> usize {
        let run = self.glosa(&[&["build", "--incremental"], extra].concat());
        assert!(run.ok, "incremental build failed:\n{}", run.output());
        kept(&run.output())
    }

    fn assert_public_is_clean(&self, extra: &[&str], after: &str) {
        let clean = tempfile::tempdir().unwrap();
        let out = clean.path().join("out");
        self.glosa(&[&["build", "--out", out.to_str().unwrap()], extra].concat()).assert_ok();
        let (clean, incremental) = (tree(&out), tree(&self.root().join("public")));
        let differing: Vec<&String> = clean.keys().filter(|path| clean.get(*path) != incremental.get(*path)).collect();
        let extra_files: Vec<&String> = incremental.keys().filter(|path| !clean.contains_key(*path)).collect();
        assert!(
            differing.is_empty() && extra_files.is_empty(),
            "after {after}: differs {differing:?}, extra {extra_files:?}"
        );
    }

    fn record_files(&self) -> BTreeMap<String, Vec<u8>> {
        tree(&self.root().join(".glosa-cache")).into_iter().filter(|(p, _)| p.starts_with("output-")).collect()
    }
}

/// The number in the summary's "(N files unchanged, kept from the previous build)".
fn kept(summary: &str) -> usize {
    let (before, _) = summary.split_once(" files unchanged").unwrap_or_else(|| panic!("no kept count in {summary}"));
    before.rsplit('(').next().unwrap().parse().unwrap()
}

#[test]
fn after_every_kind_of_edit_an_incremental_build_writes_what_a_clean_build_writes() {
    let site = Site::basic();
    assert_eq!(site.incremental(&[]), 0, "the first build has nothing to keep");
    site.assert_public_is_clean(&[], "the first build");
    let edits: [(&str, &str, &str, &str); 10] = [
        ("an article body", "content/articles/story.md", "teacher-student method", "teacher and student method"),
        ("a definition shown in popovers", "content/glossary/parameters.md", "A learned number", "One learned number"),
        ("a term body", "content/glossary/qwen.md", "Made by", "Built by"),
        ("an article title", "content/articles/older.md", "An older", "A much older"),
        ("a template", "themes/plain/templates/article.html", "<article>", "<article class=\"x\">"),
        ("the site title", "content/site.yaml", "Fixture <Explainer>", "Fixture Explainer"),
        ("the theme", "content/site.yaml", "theme: \"plain\"", "theme: \"default\""),
        ("paginating the home page", "content/site.yaml", "theme: \"default\"", "theme: \"default\"\npaginate: 1"),
        ("limiting the feed", "content/site.yaml", "paginate: 1", "paginate: 1\nfeed_limit: 1"),
        ("listing fewer mentions", "content/site.yaml", "feed_limit: 1", "feed_limit: 1\nterm_mentions: 1"),
    ];
    for (what, rel, from, to) in edits {
        site.edit(rel, from, to);
        site.incremental(&[]);
        site.assert_public_is_clean(&[], what);
    }
    common::write_file(
        site.root(),
        "content/articles/new.md",
        "---\ntitle: \"A new one\"\ndate: 2025-03-01\n---\nIt names [[qwen]].\n",
    );
    site.incremental(&[]);
    site.assert_public_is_clean(&[], "adding an article");
    std::fs::remove_file(site.root().join("content/articles/older.md")).unwrap();
    site.incremental(&[]);
    site.assert_public_is_clean(&[], "removing an article");
}

#[test]
fn an_unchanged_site_keeps_every_page_and_an_edit_renders_only_what_shows_it() {
    let site = Site::basic();
    site.incremental(&[]);
    let all = site.incremental(&[]);
    let pages = tree(&site.root().join("public")).keys().filter(|p| p.ends_with(".html")).count();
    assert!(all >= pages, "kept {all} of {pages} pages of an unchanged site");
    site.edit("content/articles/older.md", "just text.", "just other text.");
    let kept = site.incremental(&[]);
    // The article itself and the home page listing its (changed) reading time at most.
    assert!(kept < all && kept >= all - 2, "kept {kept} of {all} after editing one article");
    site.assert_public_is_clean(&[], "editing one article");
}

#[test]
fn output_files_changed_or_removed_by_hand_are_rendered_again() {
    let site = Site::basic();
    site.incremental(&[]);
    let public = site.root().join("public");
    let story = public.join("articles/story/index.html");
    let mut text = std::fs::read_to_string(&story).unwrap();
    text.push_str("<!-- edited by hand -->");
    std::fs::write(&story, text).unwrap();
    std::fs::remove_file(public.join("glossary/qwen/index.html")).unwrap();
    site.incremental(&[]);
    site.assert_public_is_clean(&[], "editing and removing output files");
}

#[test]
fn a_failed_incremental_build_leaves_the_output_and_its_record_as_they_were() {
    let site = Site::basic();
    site.incremental(&[]);
    let (public, record) = (tree(&site.root().join("public")), site.record_files());
    assert_eq!(record.len(), 1, "one record for public/");
    site.edit("content/articles/story.md", "[[distillation|", "[[distilation|");
    let run = site.glosa(&["build", "--incremental"]);
    let (ok, text) = (run.ok, run.output());
    assert!(!ok && text.contains("distilation"), "the broken link fails the build:\n{text}");
    assert_eq!(tree(&site.root().join("public")), public);
    assert_eq!(site.record_files(), record);
    site.edit("content/articles/story.md", "[[distilation|", "[[distillation|");
    assert!(site.incremental(&[]) > 0, "the record still serves once the error is fixed");
    site.assert_public_is_clean(&[], "a failed build and its fix");
}

#[test]
fn precompressed_siblings_are_kept_and_replaced_with_their_pages() {
    let site = Site::basic();
    let flags = ["--precompress", "--headers"];
    site.incremental(&flags);
    site.edit("content/articles/story.md", "teacher-student method", "teacher and student method");
    assert!(site.incremental(&flags) > 0);
    site.assert_public_is_clean(&flags, "an edit with --precompress and --headers");
    assert_eq!(site.incremental(&[]), 0, "a build without --precompress keeps nothing of one with it");
    site.assert_public_is_clean(&[], "dropping --precompress");
}

#[test]
fn each_output_folder_has_its_own_record_and_a_plain_build_discards_its_folders() {
    let site = Site::basic();
    site.incremental(&[]);
    let run = site.glosa(&["build", "--incremental", "--out", "other"]);
    let (ok, text) = (run.ok, run.output());
    assert!(ok && kept(&text) == 0, "another folder starts afresh:\n{text}");
    assert_eq!(site.record_files().len(), 2);
    assert!(site.incremental(&[]) > 0, "public/ still has its record");
    let ok = site.glosa(&["build"]).ok;
    assert!(ok);
    assert_eq!(site.record_files().len(), 1, "a plain build of public/ removed only public/'s record");
    assert_eq!(site.incremental(&[]), 0);
    site.assert_public_is_clean(&[], "a plain build between incremental ones");
}

#[test]
fn after_a_definition_changes_the_bodies_showing_it_are_kept_anew() {
    let site = Site::basic();
    site.incremental(&[]);
    site.edit("content/glossary/parameters.md", "A learned number", "One learned number");
    site.incremental(&[]);
    let bodies = site.root().join(".glosa-cache/bodies");
    let written = |dir: &Path| -> Vec<(String, std::time::SystemTime)> {
        let names = tree(dir).into_keys();
        names.map(|name| (name.clone(), std::fs::metadata(dir.join(&name)).unwrap().modified().unwrap())).collect()
    };
    let kept = written(&bodies);
    assert!(!kept.is_empty());
    site.incremental(&[]);
    assert_eq!(written(&bodies), kept, "with nothing changed every body is reused and no shard written again");
    site.assert_public_is_clean(&[], "a definition edit");
}

#[test]
fn switching_drafts_or_the_base_url_between_incremental_builds_gives_the_clean_output() {
    let site = Site::basic();
    site.incremental(&[]);
    for flags in [&["--drafts"][..], &["--base-url", "https://example.org/sub/"], &[]] {
        site.incremental(flags);
        site.assert_public_is_clean(flags, &format!("building with {flags:?}"));
    }
}

#[test]
fn a_damaged_cache_is_ignored_with_a_note_and_the_output_is_still_clean() {
    let site = Site::basic();
    site.incremental(&[]);
    site.edit("content/articles/story.md", "teacher-student method", "teacher and student method");
    let cache = site.root().join(".glosa-cache");
    for (name, _) in site.record_files() {
        std::fs::write(cache.join(name), "{ not a record").unwrap();
    }
    for (name, bytes) in tree(&cache.join("bodies")) {
        std::fs::write(cache.join("bodies").join(name), &bytes[..bytes.len() / 2]).unwrap();
    }
    let run = site.glosa(&["build", "--incremental"]);
    let (ok, text) = (run.ok, run.output());
    assert!(ok, "a damaged cache does not fail the build:\n{text}");
    assert!(text.contains("note: rendering every page") && text.contains("is not a build record"), "{text}");
    assert_eq!(kept(&text), 0);
    site.assert_public_is_clean(&[], "damaging the record and every body shard");
    assert!(site.incremental(&[]) > 0, "the cache written afresh serves the next build");
}

#[test]
fn the_same_glosa_installed_again_reuses_the_cache_and_a_different_one_renders_everything() {
    let site = Site::basic();
    let all = {
        site.incremental(&[]);
        site.incremental(&[])
    };
    // A copy is another file at another path with a new modification time: what a CI job that
    // installs the same release again runs. It must still find the cache.
    let bin = tempfile::tempdir().unwrap();
    let same = bin.path().join("glosa");
    std::fs::copy(env!("CARGO_BIN_EXE_glosa"), &same).unwrap();
    let run = run_in(&same, site.root(), &["build", "--incremental"]);
    let (ok, text) = (run.ok, run.output());
    assert!(ok && kept(&text) == all, "the same glosa elsewhere kept {} of {all}:\n{text}", kept(&text));
    // One byte more (executables ignore trailing bytes) is another glosa: nothing it did not
    // render itself is kept.
    let other = bin.path().join("glosa-other");
    std::fs::copy(&same, &other).unwrap();
    std::io::Write::write_all(&mut std::fs::OpenOptions::new().append(true).open(&other).unwrap(), b"\0").unwrap();
    let run = run_in(&other, site.root(), &["build", "--incremental"]);
    let (ok, text) = (run.ok, run.output());
    assert!(ok, "{text}");
    assert_eq!(kept(&text), 0, "another glosa reused the cache:\n{text}");
    assert!(text.contains("written by another version of glosa"), "{text}");
    site.assert_public_is_clean(&[], "building with another glosa");
}
