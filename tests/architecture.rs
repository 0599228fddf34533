//! The shape of the code: src/'s top-level modules import one way, in the order src/lib.rs
//! declares them (shared helpers, then the pipeline's stages, then what runs around them).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// The top-level modules in the order src/lib.rs declares them.
fn declared_order(lib: &str) -> Vec<String> {
    lib.lines()
        .filter_map(|line| line.trim().strip_prefix("pub mod ").or_else(|| line.trim().strip_prefix("mod ")))
        .filter_map(|rest| rest.strip_suffix(';'))
        .map(str::to_string)
        .collect()
}

/// Every `.rs` file of the top-level module `name`: `src/name.rs` or everything under `src/name/`.
fn files_of(src: &Path, name: &str) -> Vec<PathBuf> {
    let file = src.join(format!("{name}.rs"));
    if file.is_file() {
        return vec![file];
    }
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(src.join(name))
        .into_iter()
        .map(Result::unwrap)
        .filter(|entry| entry.path().extension().is_some_and(|e| e == "rs"))
        .map(|entry| entry.into_path())
        .collect();
    files.sort();
    files
}

/// The code of a line without its `//` comment (doc comments included: a link in prose is no
/// import).
fn code_of(line: &str) -> &str {
    line.find("//").map_or(line, |at| &line[..at])
}

/// A name a file's code reaches at the root of the crate.
#[derive(Debug, PartialEq, Eq)]
struct Import {
    line: usize,
    name: String,
    /// Written `crate::name`; otherwise through `super::` (where it may be an item of a parent
    /// module rather than a top-level module).
    from_crate: bool,
}

/// What a file's code names at the root of the crate: `crate::x`, the items of
/// `crate::{x, y::z}` (over several lines too), and the first name after a `super::` chain that
/// climbs at least `depth` modules, the file's own depth.
fn imports(text: &str, depth: usize) -> Vec<Import> {
    let lines: Vec<&str> = text.lines().map(code_of).collect();
    let code = lines.join("\n");
    let line_of = |at: usize| code[..at].matches('\n').count() + 1;
    let is_name = |c: char| c.is_alphanumeric() || c == '_';
    let mut found = Vec::new();
    for prefix in ["crate::".to_string(), "super::".repeat(depth)] {
        let from_crate = prefix == "crate::";
        let mut from = 0;
        while let Some(at) = code[from..].find(&prefix).map(|i| from + i) {
            from = at + prefix.len();
            if code[..at].chars().next_back().is_some_and(|c| is_name(c) || c == ':') {
                continue;
            }
            let mut start = from;
            while code[start..].starts_with("super::") {
                start += "super::".len();
            }
            let rest = &code[start..];
            let Some(group) = rest.strip_prefix('{') else {
                let name: String = rest.chars().take_while(|&c| is_name(c)).collect();
                found.push(Import { line: line_of(at), name, from_crate });
                continue;
            };
            let mut nesting = 0;
            let mut item_start = true;
            for (offset, c) in group.char_indices() {
                match c {
                    '{' => nesting += 1,
                    '}' if nesting == 0 => break,
                    '}' => nesting -= 1,
                    ',' if nesting == 0 => item_start = true,
                    c if item_start && is_name(c) => {
                        let name: String = group[offset..].chars().take_while(|&c| is_name(c)).collect();
                        found.push(Import { line: line_of(start + 1 + offset), name, from_crate });
                        item_start = false;
                    }
                    _ => {}
                }
            }
        }
    }
    found.retain(|import| !import.name.is_empty());
    found.sort_by_key(|import| import.line);
    found
}

#[test]
fn every_module_imports_only_modules_declared_before_it_in_lib_rs() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let order = declared_order(&std::fs::read_to_string(src.join("lib.rs")).unwrap());
    let rank: HashMap<&str, usize> = order.iter().enumerate().map(|(i, name)| (name.as_str(), i)).collect();
    let mut problems = Vec::new();
    for entry in std::fs::read_dir(&src).unwrap().map(Result::unwrap) {
        let name = entry.path().file_stem().unwrap().to_string_lossy().into_owned();
        if !["lib", "main"].contains(&name.as_str()) && !rank.contains_key(name.as_str()) {
            problems.push(format!("src/{name} is not declared in src/lib.rs"));
        }
    }
    for module in &order {
        for file in files_of(&src, module) {
            let relative = file.strip_prefix(&src).unwrap();
            // src/x.rs and src/x/mod.rs are the module x; src/x/y.rs is x::y.
            let depth = relative.components().count() - usize::from(relative.ends_with("mod.rs"));
            for Import { line, name, from_crate } in imports(&std::fs::read_to_string(&file).unwrap(), depth) {
                let place = format!("src/{}:{line}", relative.display());
                match rank.get(name.as_str()) {
                    _ if name == *module => {}
                    Some(&other) if other < rank[module.as_str()] => {}
                    Some(_) => problems.push(format!(
                        "{place}: `{module}` imports `crate::{name}`, which src/lib.rs declares after it: a module \
                         may import only the modules declared before it (move what it needs into an earlier \
                         module, or have the caller pass it in)"
                    )),
                    None if from_crate => {
                        problems.push(format!("{place}: `crate::{name}` is not a module src/lib.rs declares"))
                    }
                    // An item of a parent module, reached from a `mod tests` inside the file.
                    None => {}
                }
            }
        }
    }
    assert!(problems.is_empty(), "imports against the order of src/lib.rs:\n{}", problems.join("\n"));
}

#[test]
fn imports_are_read_from_paths_groups_and_super_chains_but_not_comments() {
    let text = "use crate::load::Content;\nuse crate::{\n    model::Urls,\n    resolve::{self, Glossary},\n};\n\
                // crate::cli is only named here\nfn f() { super::super::theme::x(); super::local(); }\n";
    let imports = imports(text, 2);
    let found: Vec<(usize, &str, bool)> = imports.iter().map(|i| (i.line, i.name.as_str(), i.from_crate)).collect();
    assert_eq!(found, [(1, "load", true), (3, "model", true), (4, "resolve", true), (7, "theme", false)]);
}
