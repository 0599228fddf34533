//! The repository as a newcomer meets it: the README stays a front door (at most 1,500 words of
//! prose), the links of the README and docs/ lead somewhere, and no file reaches for the team's
//! workshop beside the repository, which a clone from a public host does not have.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use std::path::{Path, PathBuf};

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Words of prose in Markdown: text and inline code outside code blocks and tables (punctuation
/// alone is no word).
fn prose_words(markdown: &str) -> usize {
    let (mut words, mut in_code, mut in_table) = (0, false, false);
    for event in Parser::new_ext(markdown, Options::ENABLE_TABLES) {
        match event {
            Event::Start(Tag::CodeBlock(_)) => in_code = true,
            Event::End(TagEnd::CodeBlock) => in_code = false,
            Event::Start(Tag::Table(_)) => in_table = true,
            Event::End(TagEnd::Table) => in_table = false,
            Event::Text(text) | Event::Code(text) if !in_code && !in_table => {
                words += text.split_whitespace().filter(|word| word.chars().any(char::is_alphanumeric)).count();
            }
            _ => {}
        }
    }
    words
}

#[test]
fn prose_words_leave_out_code_blocks_tables_and_link_addresses() {
    let markdown = "# Two words\n\nOne [two](https://example.org/a-b) `three`.\n\n```sh\nnot counted\n```\n\n| a | b |\n| --- | --- |\n| c | d |\n";
    assert_eq!(prose_words(markdown), 5);
}

#[test]
fn the_readme_has_at_most_1500_words_of_prose() {
    let words = prose_words(&std::fs::read_to_string(repo().join("README.md")).unwrap());
    println!("README.md: {words} words of prose");
    assert!(words <= 1500, "README.md has {words} words of prose: move the detail to docs/");
}

/// The GitHub anchor of a heading: lower case, punctuation dropped, spaces as dashes.
fn anchor(heading: &str) -> String {
    heading
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_'))
        .map(|c| if c == ' ' { '-' } else { c })
        .collect()
}

/// The anchors of a Markdown file's headings.
fn anchors(markdown: &str) -> Vec<String> {
    let (mut all, mut heading) = (Vec::new(), None::<String>);
    for event in Parser::new_ext(markdown, Options::ENABLE_TABLES) {
        match event {
            Event::Start(Tag::Heading { .. }) => heading = Some(String::new()),
            Event::Text(text) | Event::Code(text) => {
                if let Some(h) = heading.as_mut() {
                    h.push_str(&text);
                }
            }
            Event::End(TagEnd::Heading(_)) => all.push(anchor(&heading.take().unwrap_or_default())),
            _ => {}
        }
    }
    all
}

#[test]
fn links_in_the_readme_and_docs_lead_to_files_and_headings_that_exist() {
    let mut documents = vec![repo().join("README.md"), repo().join("benches/README.md")];
    for entry in std::fs::read_dir(repo().join("docs")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "md") {
            documents.push(path);
        }
    }
    let mut broken = Vec::new();
    for document in &documents {
        let markdown = std::fs::read_to_string(document).unwrap();
        for event in Parser::new_ext(&markdown, Options::ENABLE_TABLES) {
            let (Event::Start(Tag::Link { dest_url, .. }) | Event::Start(Tag::Image { dest_url, .. })) = event else {
                continue;
            };
            if dest_url.contains("://") || dest_url.starts_with("mailto:") {
                continue;
            }
            let (path, fragment) = dest_url.split_once('#').unwrap_or((&dest_url, ""));
            let target: PathBuf =
                if path.is_empty() { document.clone() } else { document.parent().unwrap().join(path) };
            let shown = document.strip_prefix(repo()).unwrap().display();
            if !target.exists() {
                broken.push(format!("{shown}: {dest_url} (no such file)"));
            } else if !fragment.is_empty()
                && target.extension().is_some_and(|e| e == "md")
                && !anchors(&std::fs::read_to_string(&target).unwrap()).iter().any(|a| a == fragment)
            {
                broken.push(format!("{shown}: {dest_url} (no such heading)"));
            }
        }
    }
    assert!(broken.is_empty(), "{broken:#?}");
}

/// Folders that hold what builds and tools made, not the repository's files.
const MADE: [&str; 7] = ["target", ".git", "node_modules", "public", ".glosa-cache", "corpus", "artifacts"];

#[test]
fn no_file_reaches_for_a_folder_beside_the_repository() {
    // Spelled in two halves so that this file does not match itself.
    let needle = concat!("../", "shared").as_bytes();
    let mut found = Vec::new();
    let walk = walkdir::WalkDir::new(repo())
        .into_iter()
        .filter_entry(|e| !MADE.contains(&e.file_name().to_str().unwrap_or("")));
    for entry in walk.map(Result::unwrap).filter(|e| e.file_type().is_file()) {
        let bytes = std::fs::read(entry.path()).unwrap();
        if bytes.windows(needle.len()).any(|window| window == needle) {
            found.push(entry.path().strip_prefix(repo()).unwrap().display().to_string());
        }
    }
    assert!(found.is_empty(), "files that need a folder outside the repository: {found:?}");
}
