//! The examples of the vendored spec files (tests/fixtures/spec/), read in the CommonMark spec's
//! own format: a fence of 32 backticks and ` example`, the Markdown, a line `.`, the HTML the spec
//! expects, and the closing fence; `→` stands for a tab.

use std::path::Path;

/// One example of a spec file.
#[derive(Debug, Clone)]
pub struct Example {
    /// The file's name without `.txt` (`commonmark-0.31.2`, `gfm_table`).
    pub file: String,
    /// Its number in the file, from 1, as the spec numbers them.
    pub number: usize,
    /// The line of the opening fence in the file.
    pub line: usize,
    /// The heading of the spec section it is in (empty before the first).
    pub section: String,
    /// The Markdown.
    pub markdown: String,
}

const FENCE: &str = "````````````````````````````````";

/// Every example of the spec file at `path`, in order.
pub fn read(path: &Path) -> Vec<Example> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let file = path.file_stem().unwrap().to_string_lossy().into_owned();
    let mut examples = Vec::new();
    let mut section = String::new();
    let mut lines = text.lines().enumerate();
    while let Some((index, line)) = lines.next() {
        if let Some(heading) = line.strip_prefix('#') {
            section = heading.trim_start_matches('#').trim().to_string();
            continue;
        }
        if !(line.starts_with(FENCE) && line[FENCE.len()..].trim_start().starts_with("example")) {
            continue;
        }
        let mut markdown = String::new();
        for (_, line) in lines.by_ref() {
            if line == "." {
                break;
            }
            markdown.push_str(&line.replace('→', "\t"));
            markdown.push('\n');
        }
        for (_, line) in lines.by_ref() {
            if line.starts_with(FENCE) {
                break;
            }
        }
        examples.push(Example {
            file: file.clone(),
            number: examples.len() + 1,
            line: index + 1,
            section: section.clone(),
            markdown,
        });
    }
    examples
}

#[test]
fn the_reader_finds_every_example_of_the_commonmark_spec() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/spec");
    let examples = read(&dir.join("commonmark-0.31.2.txt"));
    assert_eq!(examples.len(), 652, "CommonMark 0.31.2 has 652 examples");
    assert_eq!(examples[0].section, "Tabs");
    assert_eq!(examples[0].markdown, "\tfoo\tbaz\t\tbim\n");
}
