//! Integration tests of the commands that write content: `glosa init` (a site that builds at once
//! with the built-in theme, which a site's own theme files override), `glosa new article|term`
//! and `glosa import` of both seed articles.

mod common;

use common::{glosa, Run, Site};
use std::path::Path;

const SEED_000: &str =
    concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/originals/us-officials-warn-apple-alibaba.txt");
const SEED_002: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/originals/apple-picks-alibaba-ai.txt");

fn ok(args: &[&str]) -> Run {
    glosa(args).assert_ok()
}

/// What the tests here ask of a site.
trait Clean {
    /// `glosa check`: the site has no error and no warning but the one a new site has until its
    /// author gives it its address (`relative-base-url`).
    fn assert_clean(&self);
}

impl Clean for Site {
    fn assert_clean(&self) {
        let run = glosa(&["check", "--root", self.root_arg(), "--format", "json"]);
        assert_eq!(run.code, Some(0), "{}", run.stderr);
        let problems: Vec<serde_json::Value> = serde_json::from_str(&run.stdout).unwrap();
        let codes: Vec<&str> = problems.iter().filter_map(|p| p["code"].as_str()).collect();
        assert_eq!(codes, ["relative-base-url"], "{}", run.stdout);
    }
}

// ---- init --------------------------------------------------------------------------------

#[test]
fn init_creates_a_site_that_builds_without_a_themes_folder() {
    let site = Site::init();
    for rel in ["content/site.yaml", "content/_index.md", "content/pages/about.md", "content/glossary/annotation.md"] {
        assert!(site.root().join(rel).is_file(), "{rel}");
    }
    assert!(!site.root().join("themes").exists());
    assert!(site.read("content/site.yaml").contains("title: \"My site\""));
    site.assert_clean();
    ok(&["build", "--root", site.root_arg()]);
    let article = site.read("public/articles/how-to-read-an-annotated-article/index.html");
    assert!(article.contains("claim-markdown-2004") && article.contains("note-1"), "{article}");
    assert!(article.contains("/glossary/annotation/"));
    assert!(site.root().join("public/about/index.html").is_file());
    let css = std::fs::read_dir(site.root().join("public")).unwrap().flatten().any(|e| {
        let name = e.file_name().to_string_lossy().into_owned();
        name.starts_with("style.") && name.ends_with(".css")
    });
    assert!(css, "the built-in stylesheet is written");
}

#[test]
fn site_theme_files_override_the_built_in_theme_one_by_one() {
    let site = Site::init();
    site.write(
        "themes/default/templates/page.html",
        "{% extends \"base.html\" %}{% block main %}<p id=\"custom\">Custom: {{ page.title }}</p>{% endblock main %}",
    );
    site.write("themes/default/static/favicon.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
    ok(&["build", "--root", site.root_arg()]);
    let about = site.read("public/about/index.html");
    assert!(about.contains("<p id=\"custom\">Custom: About</p>"), "{about}");
    assert!(about.contains("rel=\"stylesheet\""), "the built-in base.html is still used: {about}");
    assert_eq!(site.read("public/favicon.svg"), "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
    let article = site.read("public/articles/how-to-read-an-annotated-article/index.html");
    assert!(!article.contains("id=\"custom\""));
}

#[test]
fn init_refuses_a_folder_that_is_not_empty_and_with_force_keeps_every_file() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(root.join("README.md"), "mine").unwrap();
    std::fs::create_dir(root.join("content")).unwrap();
    std::fs::write(root.join("content/site.yaml"), "title: \"Kept\"\n").unwrap();
    let run = glosa(&["init", root.to_str().unwrap()]);
    assert_eq!(run.code, Some(1));
    assert!(run.stderr.contains("is not empty") && run.stderr.contains("--force"), "{}", run.stderr);
    assert!(!root.join("content/_index.md").exists());
    let run = ok(&["init", root.to_str().unwrap(), "--force"]);
    assert!(run.stdout.contains("kept") && run.stdout.contains("created"), "{}", run.stdout);
    assert_eq!(std::fs::read_to_string(root.join("README.md")).unwrap(), "mine");
    assert_eq!(std::fs::read_to_string(root.join("content/site.yaml")).unwrap(), "title: \"Kept\"\n");
    assert!(root.join("content/_index.md").is_file());
}

// ---- new ---------------------------------------------------------------------------------

#[test]
fn new_article_writes_a_dated_template_that_builds_and_prints_its_path() {
    let site = Site::init();
    let run = ok(&["new", "article", "Apple's AI deal, explained", "--root", site.root_arg()]);
    let path = Path::new(run.stdout.trim());
    assert!(path.ends_with("content/articles/apples-ai-deal-explained.md"), "{}", run.stdout);
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains("title: \"Apple's AI deal, explained\"") && text.contains("# claims:"), "{text}");
    let today = text.lines().find_map(|l| l.strip_prefix("date: ")).unwrap();
    assert!(today.len() == 10 && today.starts_with("20"), "{today}");
    ok(&["build", "--root", site.root_arg()]);
    let run = glosa(&["check", "--root", site.root_arg(), "--format", "json"]);
    assert_eq!(run.code, Some(0));
    assert!(run.stdout.contains("empty-summary"), "the empty summary is the editor's reminder: {}", run.stdout);
}

#[test]
fn new_term_writes_a_template_with_a_placeholder_definition_that_builds() {
    let site = Site::init();
    let run = ok(&["new", "term", "Mixture of experts", "--root", site.root_arg()]);
    assert!(run.stdout.trim().ends_with("content/glossary/mixture-of-experts.md"), "{}", run.stdout);
    let text = site.read("content/glossary/mixture-of-experts.md");
    assert!(text.contains("term: \"Mixture of experts\"") && text.contains("\nshort: \""), "{text}");
    assert!(text.contains("# aliases:") && text.contains("# see_also:") && text.contains("# sources:"));
    ok(&["build", "--root", site.root_arg()]);
}

#[test]
fn new_refuses_to_overwrite_unless_forced() {
    let site = Site::init();
    let rel = "content/glossary/annotation.md";
    let before = site.read(rel);
    let run = glosa(&["new", "term", "Annotation", "--root", site.root_arg()]);
    assert_eq!(run.code, Some(1));
    assert!(run.stderr.contains("already exists") && run.stderr.contains("--force"), "{}", run.stderr);
    assert_eq!(site.read(rel), before);
    ok(&["new", "term", "Annotation", "--root", site.root_arg(), "--force"]);
    assert_ne!(site.read(rel), before);
}

#[test]
fn new_outside_a_site_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let run = glosa(&["new", "article", "X", "--root", dir.path().to_str().unwrap()]);
    assert_eq!(run.code, Some(1));
    assert!(run.stderr.contains("no content/ folder") && run.stderr.contains("glosa init"), "{}", run.stderr);
}

// ---- import ------------------------------------------------------------------------------

/// A site whose glossary knows some of the seeds' terms.
fn site_with_glossary() -> Site {
    let site = Site::init();
    for (slug, term, aliases) in
        [("qwen", "Qwen", "[\"Tongyi Qianwen\"]"), ("deepseek", "DeepSeek", "[]"), ("openai", "OpenAI", "[]")]
    {
        site.write(
            &format!("content/glossary/{slug}.md"),
            &format!("---\nterm: \"{term}\"\naliases: {aliases}\nshort: \"A definition.\"\n---\n"),
        );
    }
    site
}

/// Imports `seed`, checks the path and every suggestion line against the written file, and
/// returns the file's text.
fn import_seed(site: &Site, seed: &str, title: &str, slug: &str) -> String {
    let run = ok(&[
        "import",
        seed,
        "--root",
        site.root_arg(),
        "--title",
        title,
        "--date",
        "2025-02-14",
        "--source-name",
        "The Paper",
        "--source-url",
        "https://example.org/original",
        "--source-published",
        "2025-02-13",
    ]);
    let mut lines = run.stdout.lines();
    let path = lines.next().unwrap();
    assert!(path.ends_with(&format!("content/articles/{slug}.md")), "{}", run.stdout);
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains("date: 2025-02-14") && text.contains("published: 2025-02-13"), "{text}");
    // The report of what was detected comes first, then the suggestions.
    assert!(run.stdout.contains(&format!("\n  title      {title} (--title)\n")), "{}", run.stdout);
    let suggestions: Vec<&str> = lines.filter(|l| l.starts_with("suggestion: ")).collect();
    assert!(!suggestions.is_empty(), "{}", run.stdout);
    for line in &suggestions {
        // suggestion: line N: "matched" could link [[slug]]
        let rest = line.strip_prefix("suggestion: line ").unwrap_or_else(|| panic!("{line}"));
        let (number, rest) = rest.split_once(": \"").unwrap();
        let (matched, link) = rest.split_once("\" could link [[").unwrap();
        assert!(link.ends_with("]]"), "{line}");
        let source_line = text.lines().nth(number.parse::<usize>().unwrap() - 1).unwrap();
        assert!(source_line.contains(matched), "{line} / {source_line}");
    }
    text
}

#[test]
fn import_of_both_seeds_writes_articles_that_check_clean_and_suggests_terms() {
    let site = site_with_glossary();
    import_seed(&site, SEED_000, "US officials warn Apple", "us-officials-warn-apple");
    let text = import_seed(&site, SEED_002, "Apple picks Alibaba", "apple-picks-alibaba");
    assert!(text.contains("Tongyi Qianwen"));
    let run = glosa(&["check", "--root", site.root_arg()]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    ok(&["build", "--root", site.root_arg()]);
    assert!(site.read("public/articles/apple-picks-alibaba/index.html").contains("/glossary/qwen/"));
}

#[test]
fn import_prints_the_suggestion_for_a_known_alias() {
    let site = site_with_glossary();
    let run = ok(&["import", SEED_002, "--root", site.root_arg(), "--title", "Seed two", "--date", "2025-02-14"]);
    assert!(run.stdout.lines().any(|l| l.ends_with("could link [[qwen]]")), "{}", run.stdout);
    assert!(run.stdout.lines().any(|l| l.ends_with("\"OpenAI\" could link [[openai]]")), "{}", run.stdout);
}

#[test]
fn import_refuses_to_overwrite_unless_forced() {
    let site = site_with_glossary();
    let args = ["import", SEED_000, "--root", site.root_arg(), "--title", "Same", "--date", "2025-02-14"];
    ok(&args);
    let run = glosa(&args);
    assert_eq!(run.code, Some(1));
    assert!(run.stderr.contains("already exists") && run.stderr.contains("--force"), "{}", run.stderr);
    ok(&[&args[..], &["--force"]].concat());
}

#[test]
fn import_with_an_impossible_date_is_a_clear_error() {
    let site = site_with_glossary();
    let run = glosa(&["import", SEED_000, "--root", site.root_arg(), "--date", "2025-02-30"]);
    assert_ne!(run.code, Some(0));
    assert!(run.stderr.contains("`2025-02-30` is not a valid date: February 2025 has 28 days"), "{}", run.stderr);
    assert!(!site.root().join("content/articles/000-174f0a3249fddb97.md").exists());
}

#[test]
fn import_of_a_file_that_is_not_utf8_explains_how_to_convert_it() {
    let site = site_with_glossary();
    let file = site.root().join("latin1.txt");
    std::fs::write(&file, b"Caf\xe9 society\nA paragraph.\n").unwrap();
    let run = glosa(&["import", file.to_str().unwrap(), "--root", site.root_arg()]);
    assert_eq!(run.code, Some(1));
    assert!(run.stderr.contains("not UTF-8") && run.stderr.contains("iconv"), "{}", run.stderr);
}
