//! What the benchmarks share: the generated corpus they time.

use std::path::Path;

/// The corpus generator of `examples/gen_corpus`, compiled into the benchmark itself.
#[path = "../../examples/gen_corpus/corpus/mod.rs"]
#[allow(dead_code)] // the benchmarks write only the explainer flavour and read no summary
mod corpus;

/// Writes an explainer corpus of `articles` articles and 500 glossary terms into `dir`, as
/// `cargo run --release --example gen_corpus -- DIR --articles N` does.
pub fn generate_corpus(dir: &Path, articles: usize) {
    let options = corpus::Options { articles, terms: 500, words: 800, seed: 1, flavour: corpus::Flavour::Explainer };
    corpus::write(dir, &options).expect("the corpus is written");
}

/// The number of articles `GLOSA_BENCH_ARTICLES` asks for (1000 when unset).
#[allow(dead_code)] // not every benchmark starts from 1000
pub fn articles_wanted() -> usize {
    articles_wanted_or(1000)
}

/// The number of articles `GLOSA_BENCH_ARTICLES` asks for (`default` when unset).
pub fn articles_wanted_or(default: usize) -> usize {
    std::env::var("GLOSA_BENCH_ARTICLES").ok().and_then(|n| n.parse().ok()).unwrap_or(default)
}
