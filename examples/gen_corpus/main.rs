//! Generates the benchmark corpus: deterministic explainers (about 800 words each, with front
//! matter, claims, sidenotes, code blocks, glossary wikilinks and plain mentions of terms) and
//! their glossary, laid out for glosa, Hugo or Zola. `benches/` and `benches/compare.sh` build
//! and time what it writes.
//!
//! `cargo run --release --example gen_corpus -- DIR --articles N [--terms 500] [--words 800]
//! [--seed 1] [--flavour explainer|hugo|zola] [--force]`

mod corpus;

use clap::Parser;
use std::path::PathBuf;
use std::process::ExitCode;

/// The command line.
#[derive(Parser)]
#[command(about = "Writes a deterministic corpus of explainers and their glossary for glosa, Hugo or Zola.")]
struct Args {
    /// The folder to write (it must be empty or absent, unless --force).
    dir: PathBuf,
    /// How many articles (at most 100,000).
    #[arg(long)]
    articles: usize,
    /// How many glossary terms.
    #[arg(long, default_value_t = 500)]
    terms: usize,
    /// About how many words of prose per article.
    #[arg(long, default_value_t = 800)]
    words: usize,
    /// The seed: another one gives another corpus of the same shape.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// For which generator: explainer (glosa), hugo or zola.
    #[arg(long, alias = "flavor", default_value = "explainer")]
    flavour: corpus::Flavour,
    /// Delete DIR first if it is not empty.
    #[arg(long)]
    force: bool,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let started = std::time::Instant::now();
    if std::fs::read_dir(&args.dir).is_ok_and(|mut entries| entries.next().is_some()) {
        if !args.force {
            eprintln!("gen_corpus: {} is not empty (--force replaces it)", args.dir.display());
            return ExitCode::from(2);
        }
        if let Err(error) = std::fs::remove_dir_all(&args.dir) {
            eprintln!("gen_corpus: cannot remove {}: {error}", args.dir.display());
            return ExitCode::FAILURE;
        }
    }
    let options = corpus::Options {
        articles: args.articles,
        terms: args.terms,
        words: args.words,
        seed: args.seed,
        flavour: args.flavour,
    };
    match corpus::write(&args.dir, &options) {
        Ok(summary) => {
            eprintln!(
                "gen_corpus: {} articles ({} with code) and {} terms, {:.1} MB, {} words, in {} in {:.2} s",
                args.articles,
                summary.articles_with_code,
                args.terms,
                summary.content_bytes as f64 / 1e6,
                summary.content_words,
                args.dir.display(),
                started.elapsed().as_secs_f64()
            );
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("gen_corpus: {error}");
            ExitCode::FAILURE
        }
    }
}
