//! Whatever sequence of edits a site goes through — articles, terms, pages, site.yaml, theme
//! files; added, changed, removed; breaking the build and mending it — every incremental build
//! gives what a clean build of the same sources gives, byte for byte: `glosa serve`'s rebuild
//! (in memory, told which files changed) and `glosa build --incremental` (into an output folder
//! it keeps from build to build).

mod common;

use common::Site;
use glosa::build::folder::{build_folder, FolderError, FolderOptions};
use glosa::build::{build, BuildOptions};
use glosa::diagnostic::Diagnostic;
use glosa::output::Output;
use glosa::serve::rebuild::{site_base_path, Rebuilder};
use glosa::serve::watch::{Change, ChangeKind};
use proptest::prelude::*;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;

/// The articles an edit may touch: the fixture's three, and two it may add.
const ARTICLES: [&str; 5] = ["story", "older", "secret", "added-0", "added-1"];
/// The terms an edit may touch: the fixture's three, and one it may add.
const TERMS: [&str; 4] = ["distillation", "parameters", "qwen", "added-term"];
/// Names an added paragraph may mention (term names and aliases), or none.
const MENTIONS: [&str; 4] = ["Qwen", "knowledge distillation", "parameters", "a plain word"];
/// The verdicts a claim may be given.
const VERDICTS: [&str; 5] = ["accurate", "inaccurate", "misleading", "unverified", "outdated"];
/// The theme files an edit may change.
const THEME_FILES: [&str; 4] =
    ["templates/base.html", "templates/article.html", "templates/term.html", "static/style.css"];

/// One edit of the site's sources.
#[derive(Debug, Clone)]
enum Edit {
    /// Appends a paragraph mentioning `MENTIONS[mention]` to an article.
    AppendToArticle { article: usize, mention: usize },
    /// Sets a front-matter field of an article: `title`, `summary`, `date`, `updated`, `draft`,
    /// `tags`, `authors`, or a claim's verdict (listed on the claims pages).
    ArticleField { article: usize, field: usize },
    /// Marks a claim in an article, checked in its front matter, or unmarks and unchecks it
    /// (`kind` 0); rewords its first claim (1); or sets its first claim's verdict to
    /// `VERDICTS[verdict]` (2): what the claims pages list, by verdict, and count.
    Claim { article: usize, kind: usize, verdict: usize },
    /// Writes a new article (or rewrites it).
    AddArticle { article: usize, mention: usize },
    /// Removes an article's file.
    RemoveArticle { article: usize },
    /// Changes a term's one-sentence definition, shown in every popover of it.
    Definition { term: usize },
    /// Appends a sentence to a term's explanation.
    AppendToTerm { term: usize, mention: usize },
    /// Gives a term another alias.
    Alias { term: usize },
    /// Writes a new term (or rewrites it).
    AddTerm { see_also: usize },
    /// Removes a term's file.
    RemoveTerm { term: usize },
    /// Sets one key of site.yaml: `paginate`, `feed_limit`, `autolink`, `title`, `theme`,
    /// `term_mentions`.
    Site { key: usize, value: usize },
    /// Changes a file of the site's theme.
    Theme { file: usize },
    /// Edits the About page or the home page's intro.
    Page { intro: bool },
    /// Changes what the sources pages list: an article's first claim cites one more source of
    /// a publisher among three (`kind` 0) or its first source is retitled (1); a term cites a
    /// source the story cites too (2); the registry registers the story's source under a
    /// publisher, or stops (3).
    Sources { article: usize, term: usize, kind: usize },
}

fn edit() -> impl Strategy<Value = Edit> {
    let article = 0..ARTICLES.len();
    let term = 0..TERMS.len();
    let mention = 0..MENTIONS.len();
    prop_oneof![
        3 => (article.clone(), mention.clone()).prop_map(|(article, mention)| Edit::AppendToArticle { article, mention }),
        3 => (article.clone(), 0..8usize).prop_map(|(article, field)| Edit::ArticleField { article, field }),
        3 => (article.clone(), 0..3usize, 0..VERDICTS.len())
            .prop_map(|(article, kind, verdict)| Edit::Claim { article, kind, verdict }),
        1 => (3..ARTICLES.len(), mention.clone()).prop_map(|(article, mention)| Edit::AddArticle { article, mention }),
        1 => article.prop_map(|article| Edit::RemoveArticle { article }),
        2 => term.clone().prop_map(|term| Edit::Definition { term }),
        1 => (term.clone(), mention).prop_map(|(term, mention)| Edit::AppendToTerm { term, mention }),
        1 => term.clone().prop_map(|term| Edit::Alias { term }),
        1 => (0..TERMS.len()).prop_map(|see_also| Edit::AddTerm { see_also }),
        1 => term.prop_map(|term| Edit::RemoveTerm { term }),
        2 => (0..6usize, 0..3usize).prop_map(|(key, value)| Edit::Site { key, value }),
        1 => (0..THEME_FILES.len()).prop_map(|file| Edit::Theme { file }),
        1 => any::<bool>().prop_map(|intro| Edit::Page { intro }),
        3 => (0..ARTICLES.len(), 0..TERMS.len(), 0..4usize)
            .prop_map(|(article, term, kind)| Edit::Sources { article, term, kind }),
    ]
}

/// Sets `key: value` in the front matter of `text` (the YAML before the second `---` line),
/// replacing the key's line or adding one.
fn set_front_matter(text: &str, key: &str, value: &str) -> String {
    let Some(end) = text[4..].find("\n---").map(|at| at + 4) else { return text.to_string() };
    let (front, body) = text.split_at(end);
    let mut lines: Vec<String> = front.lines().map(str::to_string).collect();
    let prefix = format!("{key}:");
    match lines.iter().position(|line| line.starts_with(&prefix)) {
        Some(at) => lines[at] = format!("{key}: {value}"),
        None => lines.push(format!("{key}: {value}")),
    }
    format!("{}{body}", lines.join("\n"))
}

/// The front-matter line checking the claim `checked`, which [`toggle_claim`] adds and removes.
const CHECKED: &str = "checked: {verdict: accurate, note: \"Checked.\"}";

/// Unmarks and unchecks the claim `checked` of an article's `text` when it has it; else checks
/// it (beside the article's other claims, or as its only one) and marks a new paragraph with it.
fn toggle_claim(text: &str, step: usize) -> String {
    if let Some(line) = text.lines().find(|line| line.contains("checked: {verdict:")) {
        let text = text.replacen(&format!("{line}\n"), "", 1);
        let end = text.find("](claim:checked)").expect("a checked claim is marked");
        let start = text[..end].rfind('[').expect("a marked claim opens with [");
        let words = text[start + 1..end].to_string();
        return text.replacen(&text[start..end + "](claim:checked)".len()], &words, 1);
    }
    let text = if text.contains("\nclaims:\n") {
        text.replacen("\nclaims:\n", &format!("\nclaims:\n  {CHECKED}\n"), 1)
    } else {
        set_front_matter(text, "claims", &format!("{{{CHECKED}}}"))
    };
    format!("{text}\n[Edit {step} is checked](claim:checked).\n")
}

/// Sets the verdict of the first claim `text` checks, if any.
fn set_first_verdict(text: &str, verdict: &str) -> String {
    let Some(at) = text.find("verdict: ").map(|at| at + "verdict: ".len()) else { return text.to_string() };
    let end = text[at..].find(|c: char| !c.is_ascii_lowercase()).map_or(text.len(), |len| at + len);
    format!("{}{verdict}{}", &text[..at], &text[end..])
}

/// Sets `key: value` in site.yaml, a file of YAML alone.
fn set_yaml(text: &str, key: &str, value: &str) -> String {
    let prefix = format!("{key}:");
    let mut lines: Vec<String> = text.lines().filter(|l| !l.starts_with(&prefix)).map(str::to_string).collect();
    lines.push(format!("{key}: {value}"));
    lines.join("\n") + "\n"
}

/// Rewrites the file `rel` of `site` with `change` applied to its text, when it exists; the
/// change as serve's watcher tells it.
fn rewrite(site: &Site, rel: &str, change: impl FnOnce(&str) -> String) -> Vec<Change> {
    let path = site.root().join(rel);
    let Ok(text) = std::fs::read_to_string(&path) else { return Vec::new() };
    std::fs::write(&path, change(&text)).unwrap();
    vec![Change { kind: ChangeKind::Modified, path: rel.into() }]
}

/// Writes the file `rel` of `site`, new or not.
fn write(site: &Site, rel: &str, text: &str) -> Vec<Change> {
    let existed = site.root().join(rel).exists();
    site.write(rel, text);
    let kind = if existed { ChangeKind::Modified } else { ChangeKind::Created };
    vec![Change { kind, path: rel.into() }]
}

/// Removes the file `rel` of `site`, when it exists.
fn remove(site: &Site, rel: &str) -> Vec<Change> {
    match std::fs::remove_file(site.root().join(rel)) {
        Ok(()) => vec![Change { kind: ChangeKind::Removed, path: rel.into() }],
        Err(_) => Vec::new(),
    }
}

/// Applies to `site` the edit made at `step` (which keeps each edit's text new), and says which
/// files changed how.
fn apply(site: &Site, edit: &Edit, step: usize) -> Vec<Change> {
    let article = |index: usize| format!("content/articles/{}.md", ARTICLES[index]);
    let term = |index: usize| format!("content/glossary/{}.md", TERMS[index]);
    match *edit {
        Edit::AppendToArticle { article: a, mention } => {
            rewrite(site, &article(a), |text| format!("{text}\nEdit {step} is about {}.\n", MENTIONS[mention]))
        }
        Edit::ArticleField { article: a, field } => rewrite(site, &article(a), |text| match field {
            0 => set_front_matter(text, "title", &format!("\"Title {step}\"")),
            1 => set_front_matter(text, "summary", &format!("\"Summary {step}.\"")),
            2 => set_front_matter(text, "date", &format!("2025-0{}-1{}", 1 + step % 9, step % 10)),
            3 => set_front_matter(text, "updated", &format!("2026-01-1{}", step % 10)),
            4 => set_front_matter(text, "draft", if step % 2 == 0 { "true" } else { "false" }),
            5 => set_front_matter(text, "tags", &format!("[ai, \"Tag {}\"]", step % 3)),
            6 => set_front_matter(text, "authors", &format!("[\"Author {}\"]", step % 2)),
            _ if text.contains("verdict: inaccurate") => text.replacen("verdict: inaccurate", "verdict: misleading", 1),
            _ => text.replacen("verdict: misleading", "verdict: inaccurate", 1),
        }),
        Edit::Claim { article: a, kind, verdict } => rewrite(site, &article(a), |text| match kind {
            0 => toggle_claim(text, step),
            1 => text.replacen("](claim:", &format!(" {step}](claim:"), 1),
            _ => set_first_verdict(text, VERDICTS[verdict]),
        }),
        Edit::AddArticle { article: a, mention } => write(
            site,
            &article(a),
            &format!(
                "---\ntitle: \"Added {step}\"\ndate: 2025-04-0{}\nsummary: \"Added.\"\n---\n\
                 ## Part\n\nIt mentions {}.[^n]\n\n[^n]: A note on [[qwen]].\n",
                1 + step % 9,
                MENTIONS[mention]
            ),
        ),
        Edit::RemoveArticle { article: a } => remove(site, &article(a)),
        Edit::Definition { term: t } => {
            rewrite(site, &term(t), |text| set_front_matter(text, "short", &format!("\"Definition {step}.\"")))
        }
        Edit::AppendToTerm { term: t, mention } => {
            rewrite(site, &term(t), |text| format!("{text}\nSee also {}, edit {step}.\n", MENTIONS[mention]))
        }
        Edit::Alias { term: t } => {
            rewrite(site, &term(t), |text| set_front_matter(text, "aliases", &format!("[\"alias {step}\"]")))
        }
        Edit::AddTerm { see_also } => write(
            site,
            &term(3),
            &format!(
                "---\nterm: \"Added term\"\nshort: \"Added {step}.\"\nsee_also: [{}]\n---\nAbout the story.\n",
                TERMS[see_also]
            ),
        ),
        Edit::RemoveTerm { term: t } => remove(site, &term(t)),
        Edit::Site { key, value } => rewrite(site, "content/site.yaml", |text| match key {
            0 => set_yaml(text, "paginate", &value.to_string()),
            1 => set_yaml(text, "feed_limit", &value.to_string()),
            2 => set_yaml(text, "autolink", if value == 0 { "false" } else { "true" }),
            3 => set_yaml(text, "title", &format!("\"Fixture {step}\"")),
            4 => set_yaml(text, "theme", if value == 0 { "default" } else { "plain" }),
            _ => set_yaml(text, "term_mentions", &value.to_string()),
        }),
        Edit::Theme { file } => {
            let rel = format!("themes/plain/{}", THEME_FILES[file]);
            let comment = if rel.ends_with(".css") { format!("/* {step} */\n") } else { format!("<!-- {step} -->") };
            rewrite(site, &rel, |text| format!("{text}{comment}"))
        }
        Edit::Page { intro: true } => {
            rewrite(site, "content/_index.md", |text| format!("{text}\nIntro edit {step} on Qwen.\n"))
        }
        Edit::Page { intro: false } => rewrite(site, "content/pages/about.md", |text| {
            set_front_matter(text, "title", &format!("\"About {step}\""))
        }),
        Edit::Sources { article: a, kind: 0, .. } => rewrite(site, &article(a), |text| {
            let host = ["qwenlm.github.io", "arxiv.org", "example.com"][step % 3];
            let source = format!("      - {{title: \"Source {step}\", url: \"https://{host}/{step}\"}}\n");
            text.replacen("    sources:\n", &format!("    sources:\n{source}"), 1)
        }),
        Edit::Sources { article: a, kind: 1, .. } => rewrite(site, &article(a), |text| {
            let Some(at) = text.find("      - title: ").map(|at| at + "      - title: ".len()) else {
                return text.to_string();
            };
            let end = text[at..].find('\n').map_or(text.len(), |len| at + len);
            format!("{}\"Retitled {step}\"{}", &text[..at], &text[end..])
        }),
        Edit::Sources { term: t, kind: 2, .. } => rewrite(site, &term(t), |text| {
            let source =
                format!("{{title: \"Cited by a term {step}\", url: \"https://qwenlm.github.io/blog/qwen2.5/\"}}");
            set_front_matter(text, "sources", &format!("[{source}]"))
        }),
        Edit::Sources { .. } if step % 2 == 1 => remove(site, "content/sources.yaml"),
        Edit::Sources { .. } => write(
            site,
            "content/sources.yaml",
            &format!(
                "qwen25:\n  title: \"Registered {step}\"\n  url: \"https://qwenlm.github.io/blog/qwen2.5/\"\n  \
                 publisher: \"Alibaba Cloud\"\n"
            ),
        ),
    }
}

/// The files of an in-memory build, by path.
fn files(output: &Output) -> BTreeMap<String, Vec<u8>> {
    output.files().map(|(path, bytes)| (path.to_string(), bytes.to_vec())).collect()
}

/// What a build came to: its files and warnings, or its problems.
type Outcome = Result<(BTreeMap<String, Vec<u8>>, Vec<Diagnostic>), Vec<Diagnostic>>;

/// A clean build of the site at `root` (at `base_url`, when given), in memory.
fn clean(root: &Path, base_url: Option<String>) -> Outcome {
    let options = BuildOptions { root: root.to_path_buf(), base_url, ..BuildOptions::default() };
    build(&options).map(|built| (files(&built.output), built.warnings))
}

/// Builds the site into `out` incrementally, as `glosa build --incremental` does.
fn build_incremental(root: &Path, out: &Path) -> Outcome {
    let options = FolderOptions {
        build: BuildOptions { root: root.to_path_buf(), ..BuildOptions::default() },
        out: out.to_path_buf(),
        chosen: true,
        force: false,
        headers: false,
        precompress: false,
        incremental: true,
    };
    match build_folder(&options, Arc::new(AtomicBool::new(false)), &|_| {}) {
        Ok(built) => Ok((common::tree(out), built.summary.warnings)),
        Err(FolderError::Failed(diagnostics)) => Err(diagnostics),
        Err(other) => panic!("the build into {} failed: {other:?}", out.display()),
    }
}

/// Panics naming the first difference between an incremental outcome and a clean one.
fn assert_same(what: &str, edits: &[Edit], incremental: Outcome, clean: Outcome) {
    match (incremental, clean) {
        (Ok((files, warnings)), Ok((clean_files, clean_warnings))) => {
            let differing: Vec<&String> = clean_files
                .iter()
                .filter(|(path, bytes)| files.get(*path) != Some(*bytes))
                .map(|(path, _)| path)
                .chain(files.keys().filter(|path| !clean_files.contains_key(*path)))
                .collect();
            assert!(
                differing.is_empty(),
                "{what} after {edits:?}: these files differ from a clean build's: {differing:?}"
            );
            assert_eq!(warnings, clean_warnings, "{what} after {edits:?}: the warnings differ");
        }
        (Err(problems), Err(clean_problems)) => {
            assert_eq!(problems, clean_problems, "{what} after {edits:?}: the errors differ")
        }
        (incremental, clean) => panic!(
            "{what} after {edits:?}: a clean build {} and the incremental one {}",
            if clean.is_ok() { "succeeds" } else { "fails" },
            if incremental.is_ok() { "succeeds" } else { "fails" },
        ),
    }
}

/// The origin serve's rebuilds are made for.
const ORIGIN: &str = "http://127.0.0.1:1111";

proptest! {
    // Each case builds the fixture about 3 times per edit, in a debug build: a dozen cases of up
    // to 6 edits take about 20 s.
    #![proptest_config(ProptestConfig { cases: 12, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn every_incremental_build_after_any_edits_is_byte_for_byte_a_clean_build(
        edits in prop::collection::vec(edit(), 1..7)
    ) {
        // One article to a listing page, so that an edit moving an article on a listing, or
        // adding or removing a page of one, shows.
        let site = Site::basic();
        rewrite(&site, "content/site.yaml", |text| set_yaml(text, "paginate", "1"));
        let out = tempfile::tempdir().unwrap();
        let out = out.path().join("public");
        let mut serve = Rebuilder::new(site.root(), false, ORIGIN);
        let serve_url = || Some(format!("{ORIGIN}{}", site_base_path(site.root())));
        let first = serve.rebuild(&[]).map(|r| (files(&r.built.output), r.built.warnings));
        assert_same("serve's first build", &[], first, clean(site.root(), serve_url()));
        if let Some(bodies) = serve.bodies_to_keep() {
            bodies.save().unwrap();
        }
        assert_same("build --incremental", &[], build_incremental(site.root(), &out), clean(site.root(), None));
        for (step, edit) in edits.iter().enumerate() {
            let changes = apply(&site, edit, step);
            let done = &edits[..=step];
            let rebuilt = serve.rebuild(&changes).map(|r| (files(&r.built.output), r.built.warnings));
            assert_same("serve's rebuild", done, rebuilt, clean(site.root(), serve_url()));
            assert_same("build --incremental", done, build_incremental(site.root(), &out), clean(site.root(), None));
        }
    }
}

#[test]
fn claim_edits_check_and_mark_a_claim_then_unmark_and_uncheck_it() {
    let story = "---\ntitle: \"S\"\nclaims:\n  old:\n    verdict: inaccurate\n---\n[Words](claim:old).\n";
    let marked = toggle_claim(story, 3);
    assert_eq!(
        marked,
        "---\ntitle: \"S\"\nclaims:\n  checked: {verdict: accurate, note: \"Checked.\"}\n  old:\n    verdict: inaccurate\n\
         ---\n[Words](claim:old).\n\n[Edit 3 is checked](claim:checked).\n"
    );
    assert_eq!(toggle_claim(&marked, 4), format!("{}\nEdit 3 is checked.\n", story));
    let plain = "---\ntitle: \"P\"\n---\nText.\n";
    let marked = toggle_claim(plain, 5);
    assert_eq!(
        marked,
        "---\ntitle: \"P\"\nclaims: {checked: {verdict: accurate, note: \"Checked.\"}}\n---\nText.\n\n\
         [Edit 5 is checked](claim:checked).\n"
    );
    assert_eq!(set_first_verdict(&marked, "outdated"), marked.replace("verdict: accurate", "verdict: outdated"));
    assert_eq!(toggle_claim(&marked, 6), format!("{plain}\nEdit 5 is checked.\n"));
}

#[test]
fn front_matter_edits_replace_the_key_or_add_it() {
    let text = "---\ntitle: \"A\"\ndate: 2025-01-01\n---\nBody: here.\n";
    assert_eq!(set_front_matter(text, "title", "\"B\""), "---\ntitle: \"B\"\ndate: 2025-01-01\n---\nBody: here.\n");
    assert_eq!(
        set_front_matter(text, "summary", "\"S\""),
        "---\ntitle: \"A\"\ndate: 2025-01-01\nsummary: \"S\"\n---\nBody: here.\n"
    );
    assert_eq!(set_yaml("title: x\npaginate: 3\n", "paginate", "1"), "title: x\npaginate: 1\n");
}

/// The basic fixture with a source registry: the story's claim cites `blog` by key, the term
/// Qwen cites `paper`.
fn site_with_registry() -> Site {
    let site = Site::basic();
    site.write(
        "content/sources.yaml",
        "blog:\n  title: \"Qwen2.5 blog\"\n  url: \"https://qwenlm.github.io/blog/qwen2.5/\"\n\
         paper:\n  title: \"Qwen2.5 report\"\n  url: \"https://arxiv.org/abs/2412.15115\"\n",
    );
    site.edit(
        "content/articles/story.md",
        "      - title: \"Qwen2.5 blog\"\n        url: \"https://qwenlm.github.io/blog/qwen2.5/\"\n",
        "      - blog\n",
    );
    site.edit("content/glossary/qwen.md", "short:", "sources: [paper]\nshort:");
    site
}

#[test]
fn a_registry_edit_renders_again_exactly_the_documents_citing_the_changed_entry() {
    let site = site_with_registry();
    let out = tempfile::tempdir().unwrap();
    let out = out.path().join("public");
    let mut serve = Rebuilder::new(site.root(), false, ORIGIN);
    let serve_url = || Some(format!("{ORIGIN}{}", site_base_path(site.root())));
    let first = serve.rebuild(&[]).unwrap();
    let documents = first.built.stats.articles + first.built.stats.terms + 2;
    if let Some(bodies) = serve.bodies_to_keep() {
        bodies.save().unwrap();
    }
    assert_same("build --incremental", &[], build_incremental(site.root(), &out), clean(site.root(), None));
    let registry = Change { kind: ChangeKind::Modified, path: "content/sources.yaml".into() };
    let edits = [
        ("blog", "title: \"Qwen2.5 blog\"", "title: \"Qwen2.5: a party of models\""),
        ("paper", "url: \"https://arxiv.org/abs/2412.15115\"", "url: \"https://arxiv.org/abs/2412.15115\"\n  archived_url: \"https://web.archive.org/web/2025/https://arxiv.org/abs/2412.15115\""),
    ];
    for (entry, from, to) in edits {
        site.edit("content/sources.yaml", from, to);
        let rebuilt = serve.rebuild(std::slice::from_ref(&registry)).unwrap();
        assert_eq!(
            rebuilt.built.stats.reused_bodies,
            documents - 1,
            "editing `{entry}` renders again the one document citing it"
        );
        let rebuilt = Ok((files(&rebuilt.built.output), rebuilt.built.warnings));
        assert_same("serve's rebuild", &[], rebuilt, clean(site.root(), serve_url()));
        assert_same("build --incremental", &[], build_incremental(site.root(), &out), clean(site.root(), None));
    }
    let story = std::fs::read_to_string(out.join("articles/story/index.html")).unwrap();
    assert!(story.contains("Qwen2.5: a party of models"), "the rebuilt page shows the edited entry");
    let removed = Change { kind: ChangeKind::Removed, path: "content/sources.yaml".into() };
    std::fs::remove_file(site.root().join("content/sources.yaml")).unwrap();
    let rebuilt = serve.rebuild(&[removed]).map(|r| (files(&r.built.output), r.built.warnings));
    assert_same("serve's rebuild without the registry", &[], rebuilt, clean(site.root(), serve_url()));
}

#[test]
fn a_reworded_claim_shows_on_its_sources_pages_after_a_rebuild_that_lists_the_same_sources() {
    let site = Site::basic();
    let mut serve = Rebuilder::new(site.root(), false, ORIGIN);
    let serve_url = || Some(format!("{ORIGIN}{}", site_base_path(site.root())));
    serve.rebuild(&[]).unwrap();
    let story = Change { kind: ChangeKind::Modified, path: "content/articles/story.md".into() };
    for words in ["In June, Alibaba launched Qwen2.5", "In July, Alibaba launched Qwen2.5"] {
        let before = std::fs::read_to_string(site.root().join("content/articles/story.md")).unwrap();
        let start = before.find("[In ").unwrap() + 1;
        let end = before.find("](claim:qwen-date)").unwrap();
        site.write("content/articles/story.md", &format!("{}{words}{}", &before[..start], &before[end..]));
        let rebuilt = serve.rebuild(std::slice::from_ref(&story)).unwrap();
        let page = String::from_utf8(rebuilt.built.output.get("sources/qwenlm-github-io/index.html").unwrap().to_vec());
        assert!(page.unwrap().contains(words), "the source's page shows the claim as worded now");
        let rebuilt = Ok((files(&rebuilt.built.output), rebuilt.built.warnings));
        assert_same("serve's rebuild", &[], rebuilt, clean(site.root(), serve_url()));
    }
}
