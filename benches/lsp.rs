//! Benchmark: how fast `glosa lsp` shows a problem the author just typed, and clears it once
//! fixed. The release binary runs as an editor runs it (JSON-RPC over stdio); an article is
//! opened, then a wrong `[[tokn]]` is typed into it and fixed again, round after round, and each
//! round is timed from the change sent to the diagnostics received (the server's 15 ms debounce
//! included); also a word typed in prose, which leaves the site clean as most keystrokes do. On
//! the bundled site and on a generated explainer corpus (N articles, 500 terms),
//! as an editor that watches files for the server (VS Code, Neovim) and as one that does not
//! (the server then walks `content/` again at most every two seconds). Also times a completion
//! and a hover after an edit.
//!
//! `cargo bench --bench lsp` (N = 1000); `GLOSA_BENCH_ARTICLES=10000 cargo bench --bench lsp`.

mod common;
/// The integration tests' harness, for its `copy_tree`.
#[path = "../tests/common/mod.rs"]
mod harness;
#[path = "../tests/common/lsp.rs"]
mod lsp;

use lsp::{uri, Client};
use serde_json::{json, Value};
use std::path::Path;
use std::time::{Duration, Instant};

const ROUNDS: usize = 15;

fn main() {
    let bundled = tempfile::tempdir().expect("temp dir");
    let repository = Path::new(env!("CARGO_MANIFEST_DIR"));
    for folder in ["content", "themes"] {
        harness::copy_tree(&repository.join(folder), &bundled.path().join(folder));
    }
    let articles = common::articles_wanted();
    let corpus = tempfile::tempdir().expect("temp dir");
    common::generate_corpus(corpus.path(), articles);
    // Files modified in the last two seconds are always read again (see load::ParseCache).
    std::thread::sleep(Duration::from_secs(3));
    for (name, root) in
        [("the bundled site", bundled.path()), (&*format!("{articles} articles, 500 terms"), corpus.path())]
    {
        for watches in [true, false] {
            let editor = if watches { "an editor watching files" } else { "an editor not watching files" };
            println!("{name}, {editor}:");
            measure(root, watches);
        }
    }
}

fn measure(root: &Path, watches: bool) {
    let article = first_file(&root.join("content/articles"));
    let text = std::fs::read_to_string(&article).unwrap();
    let last_line = text.lines().count() as u32;
    let started = Instant::now();
    let mut client = Client::start_as(Path::new(env!("CARGO_BIN_EXE_glosa")), root, json!({}), watches);
    client.open(&article, &text);
    client.diagnostics(&uri(&article), |_| true);
    println!("  first check after opening: {} ms", started.elapsed().as_millis());
    let (mut shown, mut cleared, mut completed, mut hovered, mut plain) = (vec![], vec![], vec![], vec![], vec![]);
    let mut version = 1;
    for round in 0..ROUNDS {
        // A word typed in prose: the site still checks clean, as after most keystrokes.
        version += 1;
        let sent = Instant::now();
        client.change(&article, version, ((last_line, 0), (last_line, 0)), &format!("Word {round}. "));
        let message =
            client.wait(|m| m["method"] == "textDocument/publishDiagnostics" && m["params"]["version"] == version);
        assert!(message["params"]["diagnostics"].as_array().unwrap().is_empty(), "{message}");
        plain.push(sent.elapsed());
        version += 1;
        let sent = Instant::now();
        client.change(&article, version, ((last_line, 0), (last_line, 0)), "See [[tokn]].");
        client.diagnostics(&uri(&article), |list| list.iter().any(|d| d["code"] == "unknown-term"));
        shown.push(sent.elapsed());
        version += 1;
        let sent = Instant::now();
        client.change(&article, version, ((last_line, 0), (last_line, 13)), "See [[dist");
        client.diagnostics(&uri(&article), |list| !list.iter().any(|d| d["code"] == "unknown-term"));
        cleared.push(sent.elapsed());
        let position =
            json!({"textDocument": {"uri": uri(&article)}, "position": {"line": last_line, "character": 10}});
        let asked = Instant::now();
        let items: Value = client.request("textDocument/completion", position.clone());
        completed.push(asked.elapsed());
        assert!(!items.as_array().unwrap().is_empty(), "terms are offered");
        let asked = Instant::now();
        client.request("textDocument/hover", position);
        hovered.push(asked.elapsed());
        version += 1;
        client.change(&article, version, ((last_line, 0), (last_line, 10)), "");
        client.diagnostics(&uri(&article), |_| true);
    }
    report("  a word typed, checked clean", plain);
    report("  a typed [[tokn]] underlined", shown);
    report("  the fix cleared", cleared);
    report("  completion after `[[dist`", completed);
    report("  hover", hovered);
    assert!(client.shut_down().success());
}

fn report(label: &str, mut times: Vec<Duration>) {
    times.sort();
    let ms = |d: Duration| format!("{:.1}", d.as_secs_f64() * 1000.0);
    println!(
        "{label}: median {} ms (min {}, max {}, {} rounds)",
        ms(times[times.len() / 2]),
        ms(times[0]),
        ms(times[times.len() - 1]),
        times.len()
    );
}

fn first_file(dir: &Path) -> std::path::PathBuf {
    let mut files: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    files.remove(0)
}
