//! Content in shapes nobody here designed for: `tests/fixtures/book` is a chapter of a
//! programming book (code, paths, URLs, identifiers, file names, and ordinary words that are also
//! the names of glossary terms), served under a subpath. Built and checked by the real binary,
//! output read with scraper: each term is linked at its first mention in prose and nowhere else,
//! the Markdown renders as CommonMark says, raw HTML follows the base path, and `glosa check` says
//! only what is really wrong.

mod common;
use common::select;

use scraper::{ElementRef, Html};
use serde_json::Value;
use std::path::Path;
use std::process::Command;

/// A copy of the book fixture in a temporary folder.
struct Book {
    dir: tempfile::TempDir,
}

const CHAPTER: &str = "content/articles/publishing-a-crate.md";

impl Book {
    fn new() -> Book {
        Book { dir: common::fixture_copy("book") }
    }

    fn root(&self) -> &Path {
        self.dir.path()
    }

    fn glosa(&self, args: &[&str]) -> std::process::Output {
        Command::new(env!("CARGO_BIN_EXE_glosa")).args(args).current_dir(self.root()).output().unwrap()
    }

    fn build(&self) {
        let out = self.glosa(&["build"]);
        assert!(out.status.success(), "build failed:\n{}", String::from_utf8_lossy(&out.stderr));
    }

    /// Every problem `glosa check` reports.
    fn check(&self) -> Vec<Value> {
        let out = self.glosa(&["check", "--format", "json"]);
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)))
    }

    fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.root().join("public").join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    fn page(&self, rel: &str) -> Html {
        Html::parse_document(&self.read(rel))
    }

    fn edit(&self, rel: &str, edit: impl FnOnce(String) -> String) {
        let path = self.root().join(rel);
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(path, edit(text)).unwrap();
    }
}

fn text(element: &ElementRef) -> String {
    element.text().collect()
}

/// The line and column of the first `needle` in the chapter's source.
fn place(book: &Book, needle: &str) -> (u64, u64) {
    let source = std::fs::read_to_string(book.root().join(CHAPTER)).unwrap();
    let at = source.find(needle).unwrap_or_else(|| panic!("{needle} is not in the chapter"));
    let line = source[..at].matches('\n').count() + 1;
    let column = at - source[..at].rfind('\n').map_or(0, |n| n + 1) + 1;
    (line as u64, column as u64)
}

#[test]
fn each_term_is_linked_at_its_first_mention_in_prose_and_never_in_paths_urls_or_identifiers() {
    let book = Book::new();
    book.build();
    let page = book.page("articles/publishing-a-crate/index.html");
    let linked: Vec<(String, String)> = select(&page, ".article__body button.term")
        .iter()
        .map(|b| (b.value().attr("id").unwrap().to_string(), text(b)))
        .collect();
    let expected = [
        // Lower case: `package` has no case rule, so it links (and check warns, see below).
        ("term-package-1", "package"),
        // Not `$HOME/.cargo/bin` nor `~/.cargo/registry` before it.
        ("term-cargo-1", "Cargo"),
        // Not `snake_case_name`, the identifier before it.
        ("term-case-1", "case"),
        // Not https://crates.example/settings/tokens nor example.com/token before it.
        ("term-token-1", "token"),
        // The first mention, though `[[certificate|…]]` follows; then that explicit link.
        ("term-certificate-1", "certificate"),
        ("term-certificate-2", "self-signed certificate"),
        // `match_case: true`: not "The result was useful", only "returns a Result".
        ("term-result-1", "Result"),
        // `autolink: false`: not "One option is", only `[[option|Option]]`.
        ("term-option-1", "Option"),
    ];
    let expected: Vec<(String, String)> = expected.iter().map(|(id, t)| (id.to_string(), t.to_string())).collect();
    assert_eq!(linked, expected);
    assert!(select(&page, ".article__body :is(pre, code, a, h2, h3) button.term").is_empty());
    let prose: String = select(&page, ".article__body p").iter().map(text).collect();
    for literal in ["$HOME/.cargo/bin", "~/.cargo/registry", "snake_case_name", "example.com/token"] {
        assert!(prose.contains(literal), "`{literal}` is shown as written");
    }
}

#[test]
fn check_warns_only_about_the_ordinary_word_with_how_often_it_linked_and_the_fix() {
    let book = Book::new();
    let problems = book.check();
    assert_eq!(problems.len(), 1, "{problems:#?}");
    let d = &problems[0];
    assert_eq!((d["code"].as_str(), d["file"].as_str()), (Some("ordinary-word"), Some("content/glossary/package.md")));
    assert_eq!((d["line"].as_u64(), d["column"].as_u64()), (Some(2), Some(1)));
    let message = d["message"].as_str().unwrap();
    assert!(message.contains("`package`") && message.contains("1 page links it automatically in lower case"), "{d}");
    let help = d["help"].as_str().unwrap();
    assert!(help.contains("match_case: true") && help.contains("autolink: false"), "{help}");
    // The borrow checker is named only inside a claim span: used, so no `unused-term`.
}

#[test]
fn a_term_named_only_in_a_claim_span_would_be_unused_without_it() {
    let book = Book::new();
    book.edit(CHAPTER, |text| text.replace("[The borrow checker never", "[The compiler never"));
    let unused: Vec<Value> = book.check().into_iter().filter(|d| d["code"] == "unused-term").collect();
    assert_eq!(unused.len(), 1, "{unused:#?}");
    assert_eq!(unused[0]["file"], "content/glossary/borrow-checker.md");
}

#[test]
fn the_chapter_s_markdown_renders_as_commonmark_says() {
    let book = Book::new();
    book.build();
    let page = book.page("articles/publishing-a-crate/index.html");
    let heading = select(&page, "h2#before");
    assert_eq!(heading.len(), 1);
    assert_eq!(heading[0].value().attr("class"), Some("checklist"));
    assert_eq!(heading[0].value().attr("data-level"), Some("2"));
    let mail = select(&page, "a[href='mailto:security@crates.example']");
    assert_eq!(mail.iter().map(text).collect::<Vec<_>>(), ["security@crates.example"]);
    let interval = select(&page, ".article__body p").into_iter().find(|p| text(p).contains("[1.0.0, 2.0.0)"));
    let interval = interval.expect("the interval is shown as written");
    assert_eq!(select(&page, "a[href='https://semver.example/']").len(), 1, "links after a `[` still link");
    assert!(text(&interval).contains("how Cargo reads them"));
    let caption: Vec<String> = select(&page, "figure.quote figcaption").iter().map(text).collect();
    assert_eq!(caption, ["— The registry’s usage policy"], "`-- Name` right under the quote");
    let quote: Vec<String> = select(&page, "figure.quote blockquote p").iter().map(text).collect();
    assert_eq!(quote, ["Publishing is permanent: a version can be yanked, never deleted."]);
}

#[test]
fn raw_html_images_follow_the_base_path_and_a_missing_one_is_an_error_at_its_line() {
    let book = Book::new();
    book.build();
    let page = book.page("articles/publishing-a-crate/index.html");
    let img = select(&page, "figure.diagram img");
    assert_eq!(img[0].value().attr("src"), Some("/book/articles/crab.png"));
    assert!(book.root().join("public/articles/crab.png").is_file());

    std::fs::remove_file(book.root().join("content/articles/crab.png")).unwrap();
    let problems = book.check();
    let broken: Vec<&Value> = problems.iter().filter(|d| d["code"] == "broken-link").collect();
    assert_eq!(broken.len(), 1, "{problems:#?}");
    let (line, column) = place(&book, "\"crab.png\"");
    assert_eq!((broken[0]["file"].as_str(), broken[0]["line"].as_u64()), (Some(CHAPTER), Some(line)));
    assert_eq!(broken[0]["column"].as_u64(), Some(column));
}

#[test]
fn a_short_definition_is_markdown_in_pages_and_popovers_and_plain_text_in_data() {
    let book = Book::new();
    book.build();
    let term = book.page("glossary/result/index.html");
    let dek = select(&term, "p.dek");
    assert_eq!(select(&term, "p.dek code").iter().map(text).collect::<Vec<_>>(), ["Result<T, E>", "Ok(T)", "Err(E)"]);
    assert_eq!(text(&dek[0]), "The Result<T, E> type: either Ok(T) with a value or Err(E) with an error.");
    let plain = "The Result<T, E> type: either Ok(T) with a value or Err(E) with an error.";
    let description = select(&term, "meta[name=description]")[0].value().attr("content").unwrap().to_string();
    assert_eq!(description, plain);
    let jsonld: Value = serde_json::from_str(&text(&select(&term, "script[type='application/ld+json']")[0])).unwrap();
    assert_eq!(jsonld["description"], plain);
    let (_, docs) = common::search_index(&book.root().join("public"));
    let entry = docs.iter().find(|d| d["t"] == "Result").unwrap();
    assert_eq!(entry["s"], plain);
    let chapter = book.page("articles/publishing-a-crate/index.html");
    let popover = select(&chapter, "#def-result-1 .term-pop__short em");
    assert_eq!(popover.iter().map(text).collect::<Vec<_>>(), ["type"]);
}

#[test]
fn a_front_matter_error_and_the_body_s_problems_are_told_in_one_run() {
    let book = Book::new();
    book.edit(CHAPTER, |text| {
        text.replacen("date: 2025-06-02", "date: 2025-13-02", 1).replacen(
            "Cargo does most of the work",
            "[[Crago]] does most of the work",
            1,
        )
    });
    let problems = book.check();
    let codes: Vec<&str> =
        problems.iter().filter(|d| d["file"] == CHAPTER).map(|d| d["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["bad-date", "unknown-term"], "{problems:#?}");
}

#[test]
fn check_warns_about_the_placeholders_glosa_new_wrote() {
    let book = Book::new();
    assert!(book.glosa(&["new", "term", "Lock file"]).status.success());
    let placeholders: Vec<(String, u64)> = (book.check().iter())
        .filter(|d| d["code"] == "placeholder")
        .map(|d| (d["file"].as_str().unwrap().to_string(), d["line"].as_u64().unwrap()))
        .collect();
    let term = "content/glossary/lock-file.md".to_string();
    assert_eq!(placeholders.len(), 2, "{placeholders:?}");
    assert!(placeholders.iter().all(|(file, _)| *file == term), "{placeholders:?}");
}
