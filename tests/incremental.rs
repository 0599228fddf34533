//! An incremental rebuild (what `glosa serve` does after an edit) must give exactly the output of
//! a clean build, whatever was edited.

mod common;

use glosa::build::{build, build_with_cache, BuildOptions, Built};
use glosa::cache::BuildCache;
use glosa::serve::rebuild::Rebuilder;
use std::path::{Path, PathBuf};

fn fixture() -> tempfile::TempDir {
    common::fixture_copy("basic")
}

fn replace_in(root: &Path, rel: &str, from: &str, to: &str) {
    let path = root.join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{rel} has no {from:?}");
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

/// Options for `site` and a cache that has seen one successful build of it.
fn built_once(site: &Path) -> (BuildOptions, BuildCache) {
    let options = BuildOptions { root: site.to_path_buf(), ..BuildOptions::default() };
    let mut cache = BuildCache::for_rebuilds();
    build_with_cache(&options, &mut cache).expect("first build");
    (options, cache)
}

/// Builds once with a cache, applies `edit`, rebuilds with the cache and with none, and compares.
fn assert_incremental_matches_clean(edit: impl Fn(&Path)) {
    assert_incremental_matches_clean_in(fixture(), edit);
}

/// [`assert_incremental_matches_clean`] on a given copy of a fixture site.
fn assert_incremental_matches_clean_in(site: tempfile::TempDir, edit: impl Fn(&Path)) {
    let (options, mut cache) = built_once(site.path());
    edit(site.path());
    let incremental = build_with_cache(&options, &mut cache).expect("incremental build");
    let clean = build(&options).expect("clean build");
    assert_eq!(incremental.warnings, clean.warnings);
    let differing: Vec<&str> = clean
        .output
        .files()
        .filter(|(path, bytes)| incremental.output.get(path) != Some(*bytes))
        .map(|(path, _)| path)
        .collect();
    assert!(differing.is_empty(), "differs from a clean build: {differing:?}");
    assert_eq!(incremental.output.len(), clean.output.len());
}

#[test]
fn editing_an_article_body_rebuilds_like_a_clean_build() {
    assert_incremental_matches_clean(|root| {
        replace_in(root, "content/articles/story.md", "teacher-student method", "teacher and student method")
    });
}

#[test]
fn an_edit_that_adds_a_term_mention_updates_counts_everywhere() {
    assert_incremental_matches_clean(|root| {
        replace_in(root, "content/articles/older.md", "just text.", "just text about parameters.")
    });
}

#[test]
fn editing_a_term_body_or_definition_rebuilds_like_a_clean_build() {
    assert_incremental_matches_clean(|root| replace_in(root, "content/glossary/qwen.md", "Made by", "Built by"));
    assert_incremental_matches_clean(|root| {
        replace_in(root, "content/glossary/qwen.md", "Alibaba's family", "Alibaba Cloud's family")
    });
}

#[test]
fn editing_a_title_a_template_or_the_intro_rebuilds_like_a_clean_build() {
    assert_incremental_matches_clean(|root| replace_in(root, "content/articles/older.md", "An older", "A much older"));
    assert_incremental_matches_clean(|root| {
        replace_in(root, "themes/plain/templates/article.html", "<article>", "<article class=\"x\">")
    });
    assert_incremental_matches_clean(|root| replace_in(root, "content/_index.md", "Read", "Please read"));
}

#[test]
fn editing_a_definition_shown_in_popovers_and_see_also_lists_rebuilds_like_a_clean_build() {
    let edit =
        |root: &Path| replace_in(root, "content/glossary/parameters.md", "A learned number", "One learned number");
    assert_incremental_matches_clean(edit);
    // With the built-in theme, whose term pages show their see-also terms' definitions, and a
    // term that lists the edited one under "see also" without mentioning it.
    let site = fixture();
    replace_in(site.path(), "content/site.yaml", "theme: \"plain\"", "theme: \"default\"");
    let weights = "---\nterm: \"Weights\"\nshort: \"Stored numbers.\"\nsee_also: [parameters]\n---\nStored numbers.\n";
    common::write_file(site.path(), "content/glossary/weights.md", weights);
    assert_incremental_matches_clean_in(site, edit);
}

#[test]
fn front_matter_the_feeds_show_rebuilds_them_like_a_clean_build() {
    assert_incremental_matches_clean(|root| {
        replace_in(root, "content/articles/story.md", "Apple picked a partner.", "Apple picked Alibaba.")
    });
    assert_incremental_matches_clean(|root| replace_in(root, "content/articles/story.md", "\"Desk\"", "\"News desk\""));
    // The feed and the sitemap's lastmod show `updated`; the site's shape does not include it.
    assert_incremental_matches_clean(|root| {
        replace_in(root, "content/articles/older.md", "date: 2024-01-01", "date: 2024-01-01\nupdated: 2025-06-01")
    });
    assert_incremental_matches_clean(|root| {
        replace_in(root, "content/glossary/qwen.md", "[\"Tongyi Qianwen\"]", "[\"Tongyi Qianwen\", \"Qwen2\"]")
    });
}

#[test]
fn editing_an_articles_tags_authors_or_verdicts_rebuilds_its_listings_like_a_clean_build() {
    // A new tag and author: pages come and go, the article's links change.
    assert_incremental_matches_clean(|root| {
        replace_in(root, "content/articles/story.md", "tags: [ai]", "tags: [ai, Policy]")
    });
    assert_incremental_matches_clean(|root| {
        replace_in(root, "content/articles/story.md", "authors: [\"Desk\"]", "authors: [\"Desk\", \"Bo Li\"]")
    });
    // A verdict: the claims index and the verdict pages change, the site's shape does not.
    assert_incremental_matches_clean(|root| {
        replace_in(root, "content/articles/story.md", "verdict: inaccurate", "verdict: misleading")
    });
    // The words of a claim, shown on the claims pages.
    assert_incremental_matches_clean(|root| {
        replace_in(root, "content/articles/story.md", "[In May, Alibaba launched", "[In May, Alibaba released")
    });
}

#[test]
fn changing_a_verdict_rebuilds_the_articles_citing_it_like_a_clean_build() {
    let site = fixture();
    replace_in(
        site.path(),
        "content/articles/older.md",
        "just text.",
        "just text. As [we checked](claim:story/qwen-date).",
    );
    assert_incremental_matches_clean_in(site, |root| {
        replace_in(root, "content/articles/story.md", "verdict: inaccurate", "verdict: misleading")
    });
}

#[test]
fn editing_an_author_bio_rebuilds_like_a_clean_build() {
    let site = fixture();
    common::write_file(site.path(), "content/authors/desk.md", "---\nname: \"Desk\"\n---\nThe desk.\n");
    // The built-in theme shows the bio on the author's page.
    replace_in(site.path(), "content/site.yaml", "theme: \"plain\"", "theme: \"default\"");
    assert_incremental_matches_clean_in(site, |root| {
        replace_in(root, "content/authors/desk.md", "The desk.", "The news desk.")
    });
}

#[test]
fn a_rebuild_told_which_file_was_edited_reads_only_it_and_matches_a_clean_build() {
    let site = fixture();
    common::write_file(site.path(), "content/articles/broken.md", "---\ntitle: Broken\n");
    let options = BuildOptions { root: site.path().to_path_buf(), ..BuildOptions::default() };
    let mut cache = BuildCache::for_rebuilds();
    let first = build_with_cache(&options, &mut cache).expect_err("broken.md has no end to its front matter");
    assert!(first.iter().any(|d| d.file.ends_with("broken.md")));
    replace_in(site.path(), "content/articles/story.md", "teacher-student method", "teacher and student method");
    cache.parsed.expect_edits([PathBuf::from("content/articles/story.md")]);
    let rebuilt = build_with_cache(&options, &mut cache).expect_err("broken.md is still broken");
    assert_eq!(rebuilt, build(&options).expect_err("a clean build fails the same way"));
    common::write_file(site.path(), "content/articles/broken.md", "---\ntitle: Fixed\ndate: 2025-01-01\n---\nFixed.\n");
    cache.parsed.expect_edits([PathBuf::from("content/articles/broken.md")]);
    let fixed = build_with_cache(&options, &mut cache).expect("the fixed site builds");
    let clean = build(&options).expect("clean build");
    assert_eq!(fixed.output, clean.output);
    assert!(fixed.output.get("articles/broken/index.html").is_some());
}

#[test]
fn a_file_an_edit_broke_stays_broken_while_other_files_are_edited() {
    let site = fixture();
    let (options, mut cache) = built_once(site.path());
    replace_in(site.path(), "content/articles/story.md", "---\n", "--\n");
    cache.parsed.expect_edits([PathBuf::from("content/articles/story.md")]);
    let broken = build_with_cache(&options, &mut cache).expect_err("story.md lost its front matter");
    replace_in(site.path(), "content/articles/older.md", "just text.", "just text, edited.");
    cache.parsed.expect_edits([PathBuf::from("content/articles/older.md")]);
    let still = build_with_cache(&options, &mut cache).expect_err("story.md is still broken");
    assert_eq!(still, broken);
    assert_eq!(still, build(&options).expect_err("a clean build fails the same way"));
}

#[test]
fn a_rebuild_told_of_an_edit_to_a_new_file_walks_the_site_again() {
    let site = fixture();
    let (options, mut cache) = built_once(site.path());
    common::write_file(site.path(), "content/articles/new.md", "---\ntitle: New\ndate: 2025-05-01\n---\nNew.\n");
    cache.parsed.expect_edits([PathBuf::from("content/articles/new.md")]);
    let rebuilt = build_with_cache(&options, &mut cache).expect("rebuild");
    assert_eq!(rebuilt.output, build(&options).expect("clean build").output);
    assert!(rebuilt.output.get("articles/new/index.html").is_some());
}

#[test]
fn adding_an_article_rebuilds_like_a_clean_build() {
    assert_incremental_matches_clean(|root| {
        std::fs::write(
            root.join("content/articles/new.md"),
            "---\ntitle: \"New\"\ndate: 2025-06-01\nsummary: \"n\"\n---\nQwen again.\n",
        )
        .unwrap()
    });
}

#[test]
fn paginated_home_pages_rebuild_like_a_clean_build_as_articles_come_and_go() {
    let paginated = || {
        let site = fixture();
        replace_in(site.path(), "content/site.yaml", "theme: \"plain\"", "theme: \"default\"\npaginate: 1");
        site
    };
    assert_incremental_matches_clean_in(paginated(), |root| {
        std::fs::write(root.join("content/articles/new.md"), "---\ntitle: \"New\"\ndate: 2025-06-01\n---\nQwen.\n")
            .unwrap()
    });
    assert_incremental_matches_clean_in(paginated(), |root| {
        std::fs::remove_file(root.join("content/articles/older.md")).unwrap()
    });
    assert_incremental_matches_clean_in(paginated(), |root| {
        replace_in(root, "content/site.yaml", "paginate: 1", "paginate: 2")
    });
    // A partial rebuild: only the home page listing the edited article is rendered again.
    assert_incremental_matches_clean_in(paginated(), |root| {
        replace_in(root, "content/articles/older.md", "summary: \"Older.\"", "summary: \"Much older.\"")
    });
}

#[test]
fn a_failed_rebuild_then_a_fix_gives_the_clean_output() {
    let site = fixture();
    let (options, mut cache) = built_once(site.path());
    replace_in(site.path(), "content/articles/story.md", "[[distillation|", "[[distilation|");
    assert!(build_with_cache(&options, &mut cache).is_err());
    replace_in(site.path(), "content/articles/story.md", "[[distilation|", "[[distillation|");
    replace_in(site.path(), "content/articles/story.md", "teacher-student", "teacher–student");
    let incremental = build_with_cache(&options, &mut cache).unwrap();
    assert_eq!(incremental.output, build(&options).unwrap().output);
}

#[test]
fn the_fix_after_a_failed_rebuild_renders_no_listing_page_the_fix_does_not_change() {
    let site = fixture();
    let options = BuildOptions { root: site.path().to_path_buf(), ..BuildOptions::default() };
    let mut cache = BuildCache::for_rebuilds();
    let home = build_with_cache(&options, &mut cache).unwrap().output.get_shared("index.html").unwrap();
    replace_in(site.path(), "content/articles/story.md", "[[distillation|", "[[distilation|");
    assert!(build_with_cache(&options, &mut cache).is_err());
    replace_in(site.path(), "content/articles/story.md", "[[distilation|", "[[distillation|");
    replace_in(site.path(), "content/articles/story.md", "teacher-student", "teacher–student");
    let fixed = build_with_cache(&options, &mut cache).unwrap();
    let home_now = fixed.output.get_shared("index.html").unwrap();
    assert!(std::sync::Arc::ptr_eq(&home, &home_now), "the home page was rendered again");
}

#[test]
fn a_site_that_fails_from_the_start_renders_only_the_fixed_document_once_fixed() {
    let site = fixture();
    replace_in(site.path(), "content/articles/story.md", "[[distillation|", "[[distilation|");
    let options = BuildOptions { root: site.path().to_path_buf(), ..BuildOptions::default() };
    let mut cache = BuildCache::for_rebuilds();
    assert!(build_with_cache(&options, &mut cache).is_err());
    assert!(build_with_cache(&options, &mut cache).is_err(), "still broken");
    replace_in(site.path(), "content/articles/story.md", "[[distilation|", "[[distillation|");
    let fixed = build_with_cache(&options, &mut cache).unwrap();
    assert_eq!(fixed.stats.reused_bodies, BASIC_DOCUMENTS - 1, "every body but the fixed one is reused");
    assert_eq!(fixed.output, build(&options).unwrap().output);
}

/// The first build of a serve session on `root` at `origin`, as `glosa serve` starts.
fn serve_start(root: &Path, origin: &str) -> (Rebuilder, Built) {
    let mut rebuilder = Rebuilder::new(root, false, origin);
    let rebuilt = rebuilder.rebuild(&[]).expect("first build of the session");
    (rebuilder, rebuilt.built)
}

/// The documents of the `basic` fixture that are built (its draft is not).
const BASIC_DOCUMENTS: usize = 7;

#[test]
fn a_serve_session_starts_from_the_bodies_the_last_one_kept_and_matches_a_clean_start() {
    let site = fixture();
    let (mut first, built) = serve_start(site.path(), "http://127.0.0.1:1111");
    assert_eq!(built.stats.reused_bodies, 0, "nothing kept yet");
    first.bodies_to_keep().expect("the first build's bodies").save().unwrap();
    assert!(first.bodies_to_keep().is_none(), "kept once a session");

    // Another port: bodies hold root-relative links only, so they serve at any origin.
    let (_, again) = serve_start(site.path(), "http://127.0.0.1:2222");
    assert_eq!(again.stats.reused_bodies, BASIC_DOCUMENTS);
    replace_in(site.path(), "content/articles/story.md", "teacher-student method", "teacher and student method");
    replace_in(site.path(), "content/glossary/qwen.md", "Alibaba's family", "Alibaba Cloud's family");
    let (_, edited) = serve_start(site.path(), "http://127.0.0.1:2222");
    // The story is rendered again, and so is every body whose popovers show Qwen's definition.
    assert!(edited.stats.reused_bodies < BASIC_DOCUMENTS - 1, "{}", edited.stats.reused_bodies);
    assert!(edited.stats.reused_bodies > 0);

    std::fs::remove_dir_all(site.path().join(".glosa-cache")).unwrap();
    let (_, clean) = serve_start(site.path(), "http://127.0.0.1:2222");
    assert_eq!(clean.stats.reused_bodies, 0);
    assert_eq!(edited.output, clean.output);
    assert_eq!(edited.warnings, clean.warnings);
}

/// The basic fixture with `count` more articles, one article to a listing page, each tagged `ai`
/// and signed by Desk as the story is, and marking a claim checked accurate: long tag, author
/// and claims listings.
fn listed_site(count: usize) -> tempfile::TempDir {
    let site = fixture();
    replace_in(site.path(), "content/site.yaml", "theme: \"plain\"", "theme: \"plain\"\npaginate: 1");
    for number in 0..count {
        let article = format!(
            "---\ntitle: \"Listed {number}\"\ndate: 2024-0{}-1{}\nsummary: \"Listed.\"\ntags: [ai]\n\
             authors: [\"Desk\"]\nclaims:\n  sum:\n    verdict: accurate\n    note: \"Checked.\"\n---\n\
             [Two and two make four](claim:sum), says article {number}.\n",
            1 + number % 9,
            number % 10,
        );
        common::write_file(site.path(), &format!("content/articles/listed-{number}.md"), &article);
    }
    site
}

#[test]
fn editing_claims_with_one_article_to_a_page_rebuilds_the_claims_pages_like_a_clean_build() {
    let story = "content/articles/story.md";
    // Its words: the claims pages listing it change, where it is listed does not.
    assert_incremental_matches_clean_in(listed_site(4), |root| {
        replace_in(root, story, "[In May, Alibaba launched", "[In May, Alibaba released")
    });
    // Its verdict: it moves from one verdict's listing to another, every count changes.
    assert_incremental_matches_clean_in(listed_site(4), |root| {
        replace_in(root, story, "verdict: inaccurate", "verdict: accurate")
    });
    // Unmarked and unchecked: it leaves the claims listings.
    assert_incremental_matches_clean_in(listed_site(4), |root| {
        let listed = "content/articles/listed-1.md";
        replace_in(root, listed, "claims:\n  sum:\n    verdict: accurate\n    note: \"Checked.\"\n", "");
        replace_in(root, listed, "[Two and two make four](claim:sum)", "Two and two make four");
    });
    // Another claim of the same verdict: it stays where it is listed, the counts change.
    assert_incremental_matches_clean_in(listed_site(4), |root| {
        replace_in(root, story, "claims:\n", "claims:\n  more:\n    verdict: inaccurate\n    note: \"Fewer.\"\n");
        replace_in(root, story, "with many parameters.", "with [many parameters](claim:more).");
    });
}

/// Counts the steps of the stage "writing pages": the files a build renders or keys.
#[derive(Default)]
struct FilesListed(std::sync::Mutex<Vec<usize>>);

impl glosa::output::progress::Progress for FilesListed {
    fn stage(&self, name: &'static str, total: usize) {
        if name == "writing pages" {
            self.0.lock().unwrap().push(total);
        }
    }
    fn advance(&self) {}
}

/// How many pages and feeds a rebuild after an edit of the story's body renders or keys, on
/// [`listed_site`]`(count)` (the search index's and the sitemap's files, always listed, apart).
fn listings_keyed_after_a_body_edit(count: usize) -> usize {
    let site = listed_site(count);
    let listed = std::sync::Arc::new(FilesListed::default());
    let options = BuildOptions {
        root: site.path().to_path_buf(),
        progress: glosa::output::progress::ProgressHandle::to(listed.clone()),
        ..BuildOptions::default()
    };
    let mut cache = BuildCache::for_rebuilds();
    let first = build_with_cache(&options, &mut cache).expect("first build");
    let always = first.output.files().filter(|(path, _)| path.starts_with("search/") || path.starts_with("sitemap"));
    let always = always.count();
    replace_in(site.path(), "content/articles/story.md", "teacher-student method", "teacher and student method");
    build_with_cache(&options, &mut cache).expect("rebuild");
    let totals = listed.0.lock().unwrap();
    assert_eq!(totals.len(), 2, "{totals:?}");
    totals[1] - always
}

#[test]
fn a_body_edit_keys_only_the_listing_pages_showing_the_article_however_long_its_listings() {
    // Its home, tag, author and claims pages listing it (one article to a page), the indexes,
    // the feeds: as many on a long site as on a short one.
    assert_eq!(listings_keyed_after_a_body_edit(12), listings_keyed_after_a_body_edit(2));
}
