//! What the benchmarks share: the generated corpus they time.

use std::path::Path;
use std::process::Command;

/// Writes an explainer corpus of `articles` articles and 500 glossary terms into `dir` with
/// `../shared/bench/gen_corpus.py`.
pub fn generate_corpus(dir: &Path, articles: usize) {
    let generator = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/bench/gen_corpus.py");
    let status = Command::new("python3")
        .arg(&generator)
        .arg(dir)
        .args(["--articles", &articles.to_string(), "--terms", "500", "--flavor", "explainer", "--force"])
        .stdout(std::process::Stdio::null())
        .status()
        .expect("python3 runs gen_corpus.py");
    assert!(status.success(), "gen_corpus.py failed");
}

/// The number of articles `GLOSA_BENCH_ARTICLES` asks for (1000 when unset).
pub fn articles_wanted() -> usize {
    std::env::var("GLOSA_BENCH_ARTICLES").ok().and_then(|n| n.parse().ok()).unwrap_or(1000)
}
