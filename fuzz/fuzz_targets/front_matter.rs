//! Arbitrary bytes as one content file: decoding (UTF-8, byte-order mark, NUL), the front matter
//! split and the YAML parse into each model, exactly as the loader does for one file, once for
//! every place the file could sit (article, glossary term, page, home intro, `site.yaml`).
//! Asserts no panic, and that every error names the file and points inside it.

#![no_main]

use glosa::diagnostic::Diagnostic;
use glosa::load::{self, Parsed};
use libfuzzer_sys::fuzz_target;
use std::path::Path;

const PLACES: [&str; 4] =
    ["content/articles/fuzz.md", "content/glossary/fuzz.md", "content/pages/fuzz.md", "content/_index.md"];

fn check(diagnostic: &Diagnostic, path: &Path, text: Option<&str>) {
    assert_eq!(diagnostic.file, path, "{diagnostic:?}");
    if let Some(text) = text {
        let lines = text.split('\n').count();
        assert!(diagnostic.line <= lines, "line {} of a {lines}-line file: {diagnostic:?}", diagnostic.line);
    }
}

fuzz_target!(|data: &[u8]| {
    let config = Path::new("content/site.yaml");
    let file = match load::decode_source(config, data.to_vec()) {
        Ok(file) => file,
        Err(diagnostic) => {
            check(&diagnostic, config, None);
            return;
        }
    };
    for diagnostic in load::parse_config(&file).err().into_iter().flatten() {
        check(&diagnostic, config, Some(&file.text));
    }
    for place in PLACES {
        let path = Path::new(place);
        let file = load::SourceFile { path: path.to_path_buf(), text: file.text.clone() };
        match load::parse_source(file.clone()) {
            Ok(parsed) => {
                let body = match &parsed {
                    Parsed::Intro(doc) => doc.body(),
                    Parsed::Article(doc) => doc.body(),
                    Parsed::Term(doc) => doc.body(),
                    Parsed::Page(doc) => doc.body(),
                };
                assert!(file.text.ends_with(body));
            }
            Err(problems) => problems.iter().for_each(|diagnostic| check(diagnostic, path, Some(&file.text))),
        }
    }
});
