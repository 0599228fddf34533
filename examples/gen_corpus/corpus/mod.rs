//! A generated corpus of explainers: articles with claims, sidenotes, code and glossary links,
//! and the glossary they link to, written for glosa, Hugo or Zola. The same options give the
//! same bytes on every machine, and article `i` depends only on the seed, the glossary and `i`,
//! so a smaller corpus is the start of a larger one.

mod article;
mod flavour;
mod glossary;
mod prose;
mod rng;
mod words;

pub use flavour::Flavour;

use rayon::prelude::*;
use std::collections::HashSet;
use std::io;
use std::path::Path;

/// What to generate.
pub struct Options {
    /// How many articles.
    pub articles: usize,
    /// How many glossary terms.
    pub terms: usize,
    /// About how many words of prose per article.
    pub words: usize,
    /// The seed every random choice follows.
    pub seed: u64,
    /// For which generator.
    pub flavour: Flavour,
}

/// What was written.
pub struct Summary {
    /// Articles that have a fenced code block.
    pub articles_with_code: usize,
    /// Bytes of all article and term files.
    pub content_bytes: usize,
    /// Whitespace-separated words of all article and term files, front matter included.
    pub content_words: usize,
}

/// The version written into `corpus.json`; raise it whenever the output changes, so that
/// benchmark scripts regenerate corpora they keep.
pub const VERSION: u32 = 1;

/// The most articles and terms a corpus can have.
pub const MAX_ARTICLES: usize = 100_000;

/// Articles generated (in parallel) and written per round: bounds memory at any size.
const ROUND: usize = 2_000;

/// Writes the corpus into `dir`, which must be empty or absent.
pub fn write(dir: &Path, options: &Options) -> io::Result<Summary> {
    let invalid = |message: String| io::Error::new(io::ErrorKind::InvalidInput, message);
    if options.articles > MAX_ARTICLES {
        return Err(invalid(format!("at most {MAX_ARTICLES} articles")));
    }
    if options.terms == 0 || options.terms > glossary::capacity() {
        return Err(invalid(format!("between 1 and {} terms", glossary::capacity())));
    }
    if options.words < 50 {
        return Err(invalid("at least 50 words per article".into()));
    }
    let pool = prose::Pool::new(options.seed);
    let terms = glossary::glossary(options.seed, options.terms, &pool);
    let popularity = article::Popularity::new(terms.len());
    let ingredients = article::Ingredients {
        seed: options.seed,
        words: options.words,
        pool: &pool,
        terms: &terms,
        popularity: &popularity,
    };

    let (articles_dir, glossary_dir) = (dir.join("content/articles"), dir.join("content/glossary"));
    std::fs::create_dir_all(&articles_dir)?;
    std::fs::create_dir_all(&glossary_dir)?;
    let mut summary = Summary { articles_with_code: 0, content_bytes: 0, content_words: 0 };
    let mut count = |text: &str| {
        summary.content_bytes += text.len();
        summary.content_words += text.split_whitespace().count();
    };
    for term in &terms {
        let text = flavour::term_file(term, options.flavour);
        count(&text);
        std::fs::write(glossary_dir.join(format!("{}.md", term.slug)), text)?;
    }
    let mut slugs = HashSet::new();
    let mut with_code = 0;
    for start in (0..options.articles).step_by(ROUND) {
        let end = (start + ROUND).min(options.articles);
        let articles: Vec<article::Article> =
            (start..end).into_par_iter().map(|i| article::article(&ingredients, i)).collect();
        let mut files = Vec::with_capacity(articles.len());
        for article in &articles {
            // A title made twice gets a number: the second `-2`, the third `-3`.
            let mut slug = article.slug.clone();
            let mut n = 1;
            while !slugs.insert(slug.clone()) {
                n += 1;
                slug = format!("{}-{n}", article.slug);
            }
            let text = flavour::article_file(article, options.flavour);
            count(&text);
            with_code += usize::from(article.has_code);
            files.push((articles_dir.join(format!("{slug}.md")), text));
        }
        files.into_par_iter().try_for_each(|(path, text)| std::fs::write(path, text))?;
    }
    summary.articles_with_code = with_code;
    for (relative, text) in flavour::scaffold(options.flavour) {
        let path = dir.join(relative);
        std::fs::create_dir_all(path.parent().expect("scaffold files are in folders or the root"))?;
        std::fs::write(path, text)?;
    }
    let meta = serde_json::json!({
        "generator": "glosa examples/gen_corpus",
        "version": VERSION,
        "seed": options.seed,
        "articles": options.articles,
        "terms": options.terms,
        "words": options.words,
        "flavour": options.flavour.name(),
        "articles_with_code": summary.articles_with_code,
        "content_bytes": summary.content_bytes,
        "content_words": summary.content_words,
    });
    std::fs::write(dir.join("corpus.json"), format!("{meta:#}\n"))?;
    Ok(summary)
}
